/* libFuzzer target: the pre-pass alone (cl_prepass_limited). The first byte
 * chooses the limits:
 *   bits 0-2  max_depth: 512, 1, 2, 3, 8, 16, 64 or 100,000;
 *   bits 3-4  max_nodes: none, 1, 10 or 100;
 *   bit 5     a time budget that has already run out;
 *   bits 6-7  keep href values (6) and image attributes (7).
 * Checked: no crash or sanitizer report; the status is success (or
 * CLEANER_ETIME with the spent budget); the output is never longer than
 * the input by more than what the pre-pass may add (5 times); with a node
 * cap the output is the start of the output without one, and only a cut
 * makes it shorter. */
#include <string.h>

#include "fuzz_support.h"
#include "prepass.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned depths[8] = {512, 1, 2, 3, 8, 16, 64, 100000};
static const size_t node_caps[4] = {0, 1, 10, 100};

/* What the pre-pass writes that the input did not hold: an empty comment
 * "<!---->" (7 bytes) where a dropped token stood (at least 3 bytes: "<a>",
 * "<!>"), "<svg/>" for a dropped svg, math, object or noscript (5 to 10
 * bytes), "</math>" where a token ends a math written as its text (at
 * least 3 bytes: "<p>") and a space before each of its text runs, a quoted
 * encoding attribute or a "</form>" when a dropped subtree
 * is written out after all, and a CDATA section's text with '&' written
 * "&amp;" (5 bytes for 1). So the output is at most 5 times the input;
 * outside CDATA 7/3 ('a<i> <i>' repeated, under a depth cap of 1, comes to
 * 1.99 times). */
#define GROWTH_NUM 5
#define GROWTH_DEN 1
#define GROWTH_SLACK 64

static cl_mem mem;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t f = fuzz_take_byte(&data, &size);
  const char *in = (const char *)data;
  cl_mem_init(&mem, NULL);
  cl_deadline spent = {.end_ns = 1, .work = CL_DEADLINE_EVERY - 1};
  cl_buf out, full, cap;
  cl_buf_init(&out, &mem);
  cl_buf_init(&full, &mem);
  cl_buf_init(&cap, &mem);
  /* The top two bits keep href values and image attributes; metadata is
   * always captured, as the library does. */
  cl_prepass_limits lim = {.max_depth = depths[f & 7],
                           .max_nodes = node_caps[(f >> 3) & 3],
                           .deadline = (f & 32) ? &spent : NULL,
                           .cap = &cap,
                           .keep = (unsigned)(f >> 6) & 3};
  int cut = -1, full_cut = -1;
  cleaner_status st = cl_prepass_limited(in, size, &lim, &out, &cut);
  if (st != CLEANER_OK && !(st == CLEANER_ETIME && lim.deadline))
    __builtin_trap();
  if (out.len > size * GROWTH_NUM / GROWTH_DEN + GROWTH_SLACK)
    __builtin_trap();
  if (st == CLEANER_OK && lim.max_nodes) {
    cl_prepass_limits all = {.max_depth = lim.max_depth, .keep = lim.keep};
    if (cl_prepass_limited(in, size, &all, &full, &full_cut) != CLEANER_OK ||
        full_cut || out.len > full.len || memcmp(out.ptr, full.ptr, out.len) ||
        (!cut && out.len != full.len))
      __builtin_trap();
  }
  cl_buf_free(&out);
  cl_buf_free(&full);
  cl_buf_free(&cap);
  return 0;
}
