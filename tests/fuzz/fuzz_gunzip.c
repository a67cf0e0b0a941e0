/* libFuzzer target: the gzip reader (cl_gunzip) with small limits. The
 * first byte chooses the mode and the limits:
 *   bit 0     0: the rest is handed over as gzip data as it is;
 *             1: the rest is compressed here first (so that the fuzzer
 *                reaches inflate's paths beyond the header) and the result
 *                is checked against it: the same bytes, cut at the output
 *                limit, or refused by the ratio guard, exactly as documented;
 *   bits 1-2  output limit: 1, 100, 4096 bytes or 2 MiB;
 *   bits 3-4  ratio: 1, 2, 10 or 1000;
 *   bits 5-6  (mode 1) 0: as made; 1: two members; 2: cut after a share of
 *             the bytes; 3: one byte flipped;
 *   bit 7     (mode 1, as made) the data repeated past the 1 MiB floor of
 *             the ratio guard (rarely: it is the slow case). */
#include <stdlib.h>
#include <string.h>

#define ZLIB_CONST
#include <zlib.h>

#include "buf.h"
#include "fuzz_support.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The reader's ratio guard never refuses less output than this (input.c's
 * BOMB_FLOOR); the expectation below needs it. */
#define FLOOR ((size_t)1 << 20)
#define REPEAT_TO (FLOOR + FLOOR / 4)

static const size_t out_limits[4] = {1, 100, 4096, (size_t)2 << 20};
static const size_t ratios[4] = {1, 2, 10, 1000};

static cl_mem mem;

/* Append one gzip member of `in` to g. */
static void deflate_member(cl_buf *g, const char *in, size_t n) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    abort();
  size_t bound = deflateBound(&z, n);
  if (cl_buf_reserve(g, bound) != CLEANER_OK)
    abort();
  z.next_in = (const Bytef *)in;
  z.avail_in = (uInt)n;
  z.next_out = (Bytef *)g->ptr + g->len;
  z.avail_out = (uInt)bound;
  if (deflate(&z, Z_FINISH) != Z_STREAM_END)
    abort();
  g->len += bound - z.avail_out;
  deflateEnd(&z);
}

/* What reading the whole of `gz` (made from `plain`) must give. */
static void check_roundtrip(const cl_buf *gz, const cl_buf *plain,
                            size_t max_out, size_t ratio, cleaner_status st,
                            const cl_buf *out, int truncated) {
  size_t limit = ratio * gz->len < FLOOR ? FLOOR : ratio * gz->len;
  size_t stop = max_out < limit ? max_out : limit;
  if (plain->len > stop && limit <= max_out) {
    if (st != CLEANER_ETOOBIG)
      __builtin_trap();
    return;
  }
  size_t want = plain->len > stop ? max_out : plain->len;
  if (st != CLEANER_OK || out->len != want ||
      truncated != (plain->len > stop) || memcmp(out->ptr, plain->ptr, want))
    __builtin_trap();
}

static void mode_compressed(uint8_t f, const uint8_t *data, size_t size,
                            size_t max_out, size_t ratio) {
  cl_buf plain, gz, out;
  cl_buf_init(&plain, &mem);
  cl_buf_init(&gz, &mem);
  cl_buf_init(&out, &mem);
  do
    cl_buf_append(&plain, (const char *)data, size);
  while ((f & 0xE0) == 0x80 && size && plain.len + size <= REPEAT_TO);
  deflate_member(&gz, plain.ptr, plain.len);
  int how = (f >> 5) & 3;
  if (how == 1) {
    deflate_member(&gz, plain.ptr, plain.len);
    size_t once = plain.len; /* plain is data repeated: double it */
    for (size_t i = 0; i < once; i += size)
      cl_buf_append(&plain, (const char *)data, size);
  }
  size_t at = size ? data[0] * gz.len / 256 : 0;
  if (how == 2)
    gz.len = at;
  if (how == 3)
    gz.ptr[at] = (char)(gz.ptr[at] ^ (size > 1 ? data[1] | 1 : 1));
  int truncated = -1;
  cleaner_status st =
      cl_gunzip(&mem, gz.ptr, gz.len, max_out, ratio, &out, &truncated);
  if (how < 2)
    check_roundtrip(&gz, &plain, max_out, ratio, st, &out, truncated);
  else if (st == CLEANER_OK || st == CLEANER_EGZIP)
    /* what came out before the damage is the data's beginning */
    if (how == 2 &&
        (out.len > plain.len || memcmp(out.ptr, plain.ptr, out.len)))
      __builtin_trap();
  cl_buf_free(&plain);
  cl_buf_free(&gz);
  cl_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t f = fuzz_take_byte(&data, &size);
  size_t max_out = out_limits[(f >> 1) & 3], ratio = ratios[(f >> 3) & 3];
  cl_mem_init(&mem, NULL);
  if (f & 1) {
    mode_compressed(f, data, size, max_out, ratio);
    return 0;
  }
  cl_buf out;
  cl_buf_init(&out, &mem);
  int truncated = -1;
  cleaner_status st = cl_gunzip(&mem, (const char *)data, size, max_out, ratio,
                                &out, &truncated);
  if (st != CLEANER_OK && st != CLEANER_EGZIP && st != CLEANER_ETOOBIG)
    __builtin_trap();
  if (out.len > max_out || (truncated != 0 && truncated != 1))
    __builtin_trap();
  cl_buf_free(&out);
  return 0;
}
