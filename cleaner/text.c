#include "text.h"

#include <string.h>

/* Markup is looked for in the first bytes only: a page declares itself
 * early, and scanning all of a 100 MB text file would cost time. */
#define SNIFF_BYTES 4096

int cl_looks_like_html(const char *s, size_t len) {
  static const char *const marks[] = {
      "<!doctype", "<html",    "<head",   "<body", "<meta", "<title",
      "<div",      "<p>",      "<p ",     "<br",   "<a ",   "<table",
      "<span",     "<!--",     "<h1",     "<h2",   "<ul",   "<li",
      "<article",  "<section", "<script", "<link"};
  size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
  if (!n)
    return 0; /* s may be NULL then, which memchr must not see */
  /* memchr to each '<': plain text has few, and a byte loop cost more
   * than all the rest of the sniff. */
  for (const char *p = s; (p = memchr(p, '<', n - (size_t)(p - s))) != NULL;
       p++) {
    size_t i = (size_t)(p - s);
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
      if (cl_ascii_starts(s + i, len - i, marks[k]))
        return 1;
  }
  return 0;
}

/* What cl_next_cp() does at a byte, to append_collapsed(): 0 if the code
 * point read there may be white space per cl_is_space() (it is decoded and
 * tested), else the bytes it steps over, which can be no white space.
 * Valid UTF-8 has white space only at the ASCII bytes 09-0D and 20 and at
 * the lead bytes C2 (U+00A0), E1 (U+1680), E2 (U+2000-U+200B, U+2028,
 * U+2029, U+202F, U+205F), E3 (U+3000) and EF (U+FEFF). On bytes that are
 * not valid UTF-8 cl_next_cp() can still read white space: a stray
 * continuation byte (80-BF) as its low six bits (89 is a tab), an overlong
 * form after C0, E0, F0 or F8 (it takes c & 7 of any byte from F0): those
 * are decoded too, so the result is the same for any bytes. A step past
 * the end of the line only ends the loop, as cl_next_cp() would there. */
static const unsigned char cp_step[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, /* 00: \t \n \v \f \r */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 10 */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 20: space */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 30 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 40 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 50 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 60 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 70 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 80: stray */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 90: stray */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* A0: stray */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* B0: stray */
    0, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* C0: C0, C2 */
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* D0 */
    0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, /* E0: E0-E3, EF */
    0, 4, 4, 4, 4, 4, 4, 4, 0, 4, 4, 4, 4, 4, 4, 4, /* F0: F0, F8 */
};

/* Copy a line with each run of white space (NBSP, tabs, ...) made one
 * space, as the HTML front end does with text nodes. The copy is never
 * longer than the line: it is written in place after one reserve. Bytes
 * are copied in stretches up to a run that changes: cp_step skips what
 * cannot be white space, and a lone ' ' between words stays in place. */
static void append_collapsed(cl_buf *out, const char *s, size_t n) {
  if (cl_buf_reserve(out, n) != CLEANER_OK)
    return;
  char *o = out->ptr + out->len;
  size_t run = 0;
  for (size_t i = 0; i < n;) {
    size_t at = i, step = cp_step[(unsigned char)s[i]];
    if (step) {
      i += step;
      continue;
    }
    if (!cl_is_space(cl_next_cp(s, n, &i)))
      continue;
    while (i < n) {
      size_t k = i;
      if (!cl_is_space(cl_next_cp(s, n, &k)))
        break;
      i = k;
    }
    if (s[at] == ' ' && i == at + 1)
      continue; /* one plain space is its own collapse: no copy yet */
    memcpy(o, s + run, at - run);
    o += at - run;
    *o++ = ' ';
    run = i;
  }
  memcpy(o, s + run, n - run);
  o += n - run;
  out->len = (size_t)(o - out->ptr);
  out->ptr[out->len] = '\0';
}

cleaner_status cl_text_blocks(cl_featurer *ft, const char *text, size_t len,
                              cl_blocks *bl) {
  if (bl->nc == 0 && cl_blocks_container(bl, -1, 0, 0, 0) < 0)
    return CLEANER_ENOMEM;
  size_t i = 0;
  while (i < len) {
    if (cl_deadline_spend(bl->deadline, 1))
      return CLEANER_ETIME;
    const char *nl = memchr(text + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - text) : len;
    size_t a = i, b = end;
    cl_trim(text, &a, &b);
    if (b > a) {
      size_t off = bl->text.len;
      append_collapsed(&bl->text, text + a, b - a);
      size_t n = bl->text.len - off;
      cl_buf_putc(&bl->text, '\n');
      cl_block *blk = cl_blocks_add(bl, off, n);
      if (!blk || bl->text.oom)
        return CLEANER_ENOMEM;
      blk->kind = CL_PARA;
      cl_features(ft, blk, bl->text.ptr + off, n);
      if (blk->chars == 0)
        bl->n--; /* only white space such as NBSP */
    }
    i = end + 1;
  }
  return CLEANER_OK;
}
