/* Tests of cl_is_gzip and cl_gunzip: members, truncation, corruption,
 * the output limit, the bomb guard, trailing garbage, allocation failures.
 * The gzip data is made here with zlib rather than stored. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "buf.h"
#include "input.h"
#include "support.h"
#include "test.h"

#define MiB (1024 * 1024)

/* ---- making gzip data ---------------------------------------------------- */

/* `n` bytes of text that compress well but not absurdly. */
static void make_text(cl_buf *b, size_t n) {
  uint32_t r = 7;
  while (b->len < n) {
    r = r * 1103515245u + 12345u;
    cl_buf_putc(b, (char)('a' + (r >> 16) % 26));
    if ((r >> 8) % 7 == 0)
      cl_buf_putc(b, ' ');
  }
  b->len = n;
}

/* A bomb: `total` zero bytes at level 9, streamed in chunks so that the
 * zeros never sit in memory. */
static void make_bomb(cl_buf *out, size_t total) {
  static const char zeros[64 * 1024];
  z_stream z;
  memset(&z, 0, sizeof z);
  CHECK(deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  for (size_t done = 0; done < total;) {
    size_t n = total - done < sizeof zeros ? total - done : sizeof zeros;
    done += n;
    z.next_in = (Bytef *)(uintptr_t)zeros;
    z.avail_in = (uInt)n;
    int flush = done == total ? Z_FINISH : Z_NO_FLUSH;
    int r;
    do {
      cl_buf_reserve(out, 4096);
      z.next_out = (Bytef *)out->ptr + out->len;
      z.avail_out = 4096;
      r = deflate(&z, flush);
      out->len += 4096 - z.avail_out;
    } while (z.avail_out == 0 || (flush == Z_FINISH && r != Z_STREAM_END));
  }
  deflateEnd(&z);
}

/* ---- running ------------------------------------------------------------- */

typedef struct res {
  cleaner_status st;
  int truncated;
  cl_buf out;
} res;

static cl_mem std_mem;

static res gunzip(const char *in, size_t len, size_t max_out, size_t ratio) {
  res r;
  cl_buf_init(&r.out, &std_mem);
  r.truncated = -1;
  r.st = cl_gunzip(&std_mem, in, len, max_out, ratio, &r.out, &r.truncated);
  return r;
}

static int is(const cl_buf *b, const char *s, size_t n) {
  return b->len == n && memcmp(b->ptr, s, n) == 0 && b->ptr[n] == '\0';
}

static void test_magic(void) {
  CHECK(cl_is_gzip("\x1f\x8b", 2));
  CHECK(cl_is_gzip("\x1f\x8b\x08", 3));
  CHECK(!cl_is_gzip("\x1f", 1));
  CHECK(!cl_is_gzip("\x8b\x1f", 2));
  CHECK(!cl_is_gzip("", 0));
  CHECK(!cl_is_gzip(NULL, 0));
}

static void test_members(void) {
  cl_buf gz, text;
  cl_buf_init(&gz, &std_mem);
  cl_buf_init(&text, &std_mem);
  make_text(&text, 100000);
  test_gzip_member(&gz, text.ptr, text.len, 6);
  res r = gunzip(gz.ptr, gz.len, SIZE_MAX, 1000);
  CHECK(r.st == CLEANER_OK && r.truncated == 0);
  CHECK(is(&r.out, text.ptr, text.len));
  cl_buf_free(&r.out);
  /* two members, then an empty one: all decoded, in order */
  size_t second = gz.len;
  test_gzip_member(&gz, "second member", 13, 1);
  test_gzip_member(&gz, "", 0, 9);
  r = gunzip(gz.ptr, gz.len, SIZE_MAX, 1000);
  CHECK(r.st == CLEANER_OK && r.truncated == 0);
  CHECK(r.out.len == text.len + 13 &&
        memcmp(r.out.ptr, text.ptr, text.len) == 0 &&
        memcmp(r.out.ptr + text.len, "second member", 13) == 0);
  cl_buf_free(&r.out);
  /* appended to what out holds */
  cl_buf_init(&r.out, &std_mem);
  cl_buf_puts(&r.out, "keep:");
  r.st = cl_gunzip(&std_mem, gz.ptr + second, gz.len - second, SIZE_MAX, 1000,
                   &r.out, &r.truncated);
  CHECK(r.st == CLEANER_OK && is(&r.out, "keep:second member", 18));
  cl_buf_free(&r.out);
  cl_buf_free(&gz);
  cl_buf_free(&text);
}

static void test_trailing(void) {
  static const char *const tails[] = {"garbage\n", "\0\0\0\0\0\0\0\0", "\x1f",
                                      "\x8b\x1f", "PK\x03\x04"};
  static const size_t tail_len[] = {8, 8, 1, 2, 4};
  for (size_t i = 0; i < 5; i++) {
    cl_buf gz;
    cl_buf_init(&gz, &std_mem);
    test_gzip_member(&gz, "payload", 7, 6);
    cl_buf_append(&gz, tails[i], tail_len[i]);
    res r = gunzip(gz.ptr, gz.len, SIZE_MAX, 1000);
    CHECK_MSG(r.st == CLEANER_OK && is(&r.out, "payload", 7),
              "trailing case %zu: status %d", i, (int)r.st);
    cl_buf_free(&r.out);
    cl_buf_free(&gz);
  }
}

static void test_truncated(void) {
  cl_buf gz, text;
  cl_buf_init(&gz, &std_mem);
  cl_buf_init(&text, &std_mem);
  make_text(&text, 200000);
  test_gzip_member(&gz, text.ptr, text.len, 6);
  size_t cuts[] = {gz.len / 2, gz.len - 1, gz.len - 4, gz.len - 8, 10, 3, 2};
  for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
    res r = gunzip(gz.ptr, cuts[i], SIZE_MAX, 1000);
    CHECK_MSG(r.st == CLEANER_EGZIP, "cut at %zu: status %d", cuts[i],
              (int)r.st);
    /* what was decoded is kept, and it is a prefix of the text */
    CHECK(r.out.len <= text.len && memcmp(r.out.ptr, text.ptr, r.out.len) == 0);
    if (i == 0)
      CHECK(r.out.len > 0);
    cl_buf_free(&r.out);
  }
  /* a second member cut short: the first is kept, the status says so */
  test_gzip_member(&gz, "more", 4, 6);
  res r = gunzip(gz.ptr, gz.len - 5, SIZE_MAX, 1000);
  CHECK(r.st == CLEANER_EGZIP && r.out.len >= text.len);
  cl_buf_free(&r.out);
  cl_buf_free(&gz);
  cl_buf_free(&text);
}

static void test_corrupt(void) {
  cl_buf gz, text;
  cl_buf_init(&gz, &std_mem);
  cl_buf_init(&text, &std_mem);
  make_text(&text, 50000);
  test_gzip_member(&gz, text.ptr, text.len, 6);
  /* flipped bits in the data, the CRC, the length, the header */
  size_t where[] = {gz.len / 3, gz.len - 6, gz.len - 2, 2, 20};
  for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
    gz.ptr[where[i]] ^= 0x55;
    res r = gunzip(gz.ptr, gz.len, SIZE_MAX, 1000);
    CHECK_MSG(r.st == CLEANER_EGZIP, "flip at %zu: status %d", where[i],
              (int)r.st);
    cl_buf_free(&r.out);
    gz.ptr[where[i]] ^= 0x55;
  }
  res r = gunzip("not gzip at all", 15, SIZE_MAX, 1000);
  CHECK(r.st == CLEANER_EGZIP);
  cl_buf_free(&r.out);
  r = gunzip("", 0, SIZE_MAX, 1000);
  CHECK(r.st == CLEANER_EGZIP && r.out.len == 0);
  cl_buf_free(&r.out);
  CHECK(cl_gunzip(NULL, "", 0, 1, 1, NULL, NULL) == CLEANER_EINVAL);
  cl_buf_free(&gz);
  cl_buf_free(&text);
}

static void test_max_out(void) {
  cl_buf gz, text;
  cl_buf_init(&gz, &std_mem);
  cl_buf_init(&text, &std_mem);
  make_text(&text, 300000);
  test_gzip_member(&gz, text.ptr, text.len / 2, 6);
  test_gzip_member(&gz, text.ptr + text.len / 2, text.len - text.len / 2, 6);
  size_t limits[] = {
      0,        1,           1000, text.len / 2, text.len / 2 + 1, text.len - 1,
      text.len, text.len + 1};
  for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
    size_t lim = limits[i];
    res r = gunzip(gz.ptr, gz.len, lim, 1000);
    int cut = lim < text.len;
    size_t want = cut ? lim : text.len;
    CHECK_MSG(r.st == CLEANER_OK && r.truncated == cut,
              "max_out %zu: status %d truncated %d", lim, (int)r.st,
              r.truncated);
    CHECK_MSG(is(&r.out, text.ptr, want), "max_out %zu: %zu bytes", lim,
              r.out.len);
    cl_buf_free(&r.out);
  }
  cl_buf_free(&gz);
  cl_buf_free(&text);
}

static void test_bomb(void) {
  cl_buf bomb;
  cl_buf_init(&bomb, &std_mem);
  make_bomb(&bomb, (size_t)200 * MiB);
  printf("gzip: 200 MiB of zeros compress to %zu bytes\n", bomb.len);
  CHECK(bomb.len < 300 * 1024);
  /* ratio 100: refused after about 100 x 200 KB, never fully expanded */
  clock_t t0 = clock();
  res r = gunzip(bomb.ptr, bomb.len, SIZE_MAX, 100);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  printf("gzip: bomb refused after %zu bytes in %.3f s\n", r.out.len, secs);
  CHECK(r.st == CLEANER_ETOOBIG);
  CHECK(r.out.len <= 100 * bomb.len + 1);
  cl_buf_free(&r.out);
  /* the default limits: max_out (64 MiB) is reached before the ratio */
  r = gunzip(bomb.ptr, bomb.len, 64 * MiB, 1000);
  CHECK(r.st == CLEANER_OK && r.truncated == 1 && r.out.len == 64 * MiB);
  cl_buf_free(&r.out);
  cl_buf_free(&bomb);
  /* a small bomb meets the 1 MiB floor; under the floor all is fine */
  cl_buf_init(&bomb, &std_mem);
  make_bomb(&bomb, 10 * MiB);
  r = gunzip(bomb.ptr, bomb.len, SIZE_MAX, 10);
  CHECK(r.st == CLEANER_ETOOBIG && r.out.len <= MiB + 1);
  cl_buf_free(&r.out);
  cl_buf_free(&bomb);
  cl_buf_init(&bomb, &std_mem);
  make_bomb(&bomb, MiB);
  r = gunzip(bomb.ptr, bomb.len, SIZE_MAX, 1);
  CHECK(r.st == CLEANER_OK && r.out.len == MiB && r.truncated == 0);
  cl_buf_free(&r.out);
  cl_buf_free(&bomb);
}

/* ---- allocation failures ------------------------------------------------- */

typedef test_counter counter;

static void fail_each(const char *what, const cl_buf *gz) {
  counter c;
  cleaner_allocator a = test_counting_allocator(&c);
  cl_mem m;
  cl_mem_init(&m, &a);
  for (long n = 1; n < 1000; n++) {
    cl_buf out;
    int trunc;
    memset(&c, 0, sizeof c);
    c.fail_at = n;
    cl_buf_init(&out, &m);
    cleaner_status st =
        cl_gunzip(&m, gz->ptr, gz->len, SIZE_MAX, 1000, &out, &trunc);
    cl_buf_free(&out);
    CHECK_MSG(c.live == 0, "%s: %ld blocks leaked, failing call %ld", what,
              c.live, n);
    if (!c.failed) {
      CHECK_MSG(st == CLEANER_OK, "%s: status %d", what, (int)st);
      return;
    }
    CHECK_MSG(st == CLEANER_ENOMEM, "%s: call %ld failed, status %d", what, n,
              (int)st);
  }
  CHECK_MSG(0, "%s: never succeeded", what);
}

static void test_alloc_failures(void) {
  cl_buf gz, text;
  cl_buf_init(&gz, &std_mem);
  cl_buf_init(&text, &std_mem);
  make_text(&text, 2 * MiB);
  test_gzip_member(&gz, text.ptr, text.len, 6);
  test_gzip_member(&gz, text.ptr, 1000, 6);
  fail_each("two members", &gz);
  cl_buf_free(&gz);
  cl_buf_free(&text);
}

int main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  cl_mem_init(&std_mem, NULL);
  test_magic();
  test_members();
  test_trailing();
  test_truncated();
  test_corrupt();
  test_max_out();
  test_bomb();
  test_alloc_failures();
  return test_summary("gzip");
}
