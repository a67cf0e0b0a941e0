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
 * makes it shorter. The same limits are run again with every text run
 * that may be one written as a placeholder (prepass.h, shortest run 1):
 * same status and cut, each run inside the input and free of '&', '<' and
 * NUL, one placeholder written per run, and the output with them expanded
 * is the output without them (CR read as LF on both sides). Without a
 * node cap or a spent budget, the pass with the lexicon (boilerplate
 * regions) leaves the walk's blocks those of the pass without it, in order,
 * less some. */
#include <string.h>

#include "fuzz_support.h"
#include "html.h"
#include "lexicon.h"
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

static void cr_as_lf(cl_buf *b) {
  for (size_t i = 0; i < b->len; i++)
    if (b->ptr[i] == '\r')
      b->ptr[i] = '\n';
}

/* Placeholders (U+F0000 + k, k < n) in b. */
static size_t count_placeholders(const cl_buf *b, size_t n) {
  size_t c = 0;
  const unsigned char *p = (const unsigned char *)b->ptr;
  for (size_t i = 0; i + 4 <= b->len; i++)
    if (p[i] == 0xF3 && p[i + 1] >= 0xB0 && (p[i + 2] & 0xC0) == 0x80 &&
        (p[i + 3] & 0xC0) == 0x80 &&
        ((size_t)(p[i + 1] & 0x0F) << 12 | (size_t)(p[i + 2] & 0x3F) << 6 |
         (size_t)(p[i + 3] & 0x3F)) < n)
      c++;
  return c;
}

static void check_runs(const char *in, size_t size, cl_prepass_limits lim,
                       cleaner_status st, int cut, cl_buf *out) {
  cl_pp_runs runs;
  cl_buf sub, x;
  cl_pp_runs_init(&runs, &mem);
  cl_buf_init(&sub, &mem);
  cl_buf_init(&x, &mem);
  runs.min = 1;
  lim.runs = &runs;
  cl_buf_clear(lim.cap);
  int sub_cut = -1;
  if (cl_prepass_limited(in, size, &lim, &sub, &sub_cut) != st ||
      sub_cut != cut || runs.base != in)
    __builtin_trap();
  for (size_t k = 0; k < runs.n; k++) {
    const cl_pp_run *r = &runs.run[k];
    if (!r->len || r->off > size || r->len > size - r->off ||
        memchr(in + r->off, '&', r->len) || memchr(in + r->off, '<', r->len) ||
        memchr(in + r->off, 0, r->len))
      __builtin_trap();
  }
  if (count_placeholders(&sub, runs.n) != runs.n ||
      cl_pp_expand(&runs, sub.ptr, sub.len, &x) != CLEANER_OK)
    __builtin_trap();
  cr_as_lf(&x);
  cr_as_lf(out);
  if (x.len != out->len || memcmp(x.ptr, out->ptr, x.len))
    __builtin_trap();
  cl_buf_free(&sub);
  cl_buf_free(&x);
  cl_pp_runs_free(&runs);
}

static cl_lexicon *lx;
static cl_featurer *ft;
static cl_arena arena;

/* The walk's blocks of the pre-pass output with limits `lim`; 0 when Gumbo
 * gave up (CLEANER_EPARSE). */
static int walk(const char *in, size_t size, const cl_prepass_limits *lim,
                cl_blocks *bl) {
  cl_buf pre;
  int cut, ok;
  cl_buf_init(&pre, &mem);
  cl_blocks_init(bl, &mem);
  if (cl_prepass_limited(in, size, lim, &pre, &cut) != CLEANER_OK)
    __builtin_trap();
  cleaner_status st =
      cl_html_blocks(lx, ft, &arena, pre.ptr, pre.len, NULL, NULL, bl);
  if (st != CLEANER_OK && st != CLEANER_EPARSE)
    __builtin_trap();
  ok = st == CLEANER_OK;
  cl_buf_free(&pre);
  return ok;
}

static int same_block(const cl_blocks *a, size_t i, const cl_blocks *b,
                      size_t j) {
  return a->v[i].len == b->v[j].len &&
         !memcmp(a->text.ptr + a->v[i].off, b->text.ptr + b->v[j].off,
                 a->v[i].len);
}

static void check_regions(const char *in, size_t size, cl_prepass_limits lim) {
  if (!lx) {
    cl_arena_init(&arena, &mem, (size_t)256 << 20);
    if (cl_lexicon_new(&mem, &lx) != CLEANER_OK ||
        cl_featurer_new(&mem, lx, &ft) != CLEANER_OK)
      __builtin_trap();
  }
  cl_blocks all, cut;
  lim.cap = NULL;
  int ok = walk(in, size, &lim, &all);
  lim.lx = lx;
  ok &= walk(in, size, &lim, &cut);
  size_t i = 0, j = 0;
  for (; ok && i < cut.n; i++, j++) {
    while (j < all.n && !same_block(&cut, i, &all, j))
      j++;
    if (j == all.n)
      __builtin_trap();
  }
  cl_blocks_free(&all);
  cl_blocks_free(&cut);
}

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
  spent = (cl_deadline){.end_ns = 1, .work = CL_DEADLINE_EVERY - 1};
  check_runs(in, size, lim, st, cut, &out);
  if (st == CLEANER_OK && !lim.max_nodes && !lim.deadline)
    check_regions(in, size, lim);
  cl_buf_free(&out);
  cl_buf_free(&full);
  cl_buf_free(&cap);
  return 0;
}
