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
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '<')
      continue;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
      if (cl_ascii_starts(s + i, len - i, marks[k]))
        return 1;
  }
  return 0;
}

/* Copy a line with each run of white space (NBSP, tabs, ...) made one
 * space, as the HTML front end does with text nodes. The copy is never
 * longer than the line: it is written in place after one reserve. */
static void append_collapsed(cl_buf *out, const char *s, size_t n) {
  if (cl_buf_reserve(out, n) != CLEANER_OK)
    return;
  char *o = out->ptr + out->len;
  size_t run = 0;
  for (size_t i = 0; i < n;) {
    size_t at = i;
    unsigned cp = cl_next_cp(s, n, &i);
    if (cl_is_space(cp)) {
      memcpy(o, s + run, at - run);
      o += at - run;
      while (i < n) {
        size_t k = i;
        if (!cl_is_space(cl_next_cp(s, n, &k)))
          break;
        i = k;
      }
      *o++ = ' ';
      run = i;
    }
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
