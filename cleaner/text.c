#include "text.h"

#include <string.h>

/* Markup is looked for in the first bytes only: a page declares itself
 * early, and scanning all of a 100 MB text file would cost time. */
#define SNIFF_BYTES 4096

static int ascii_ieq(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + 32);
    if (c != b[i])
      return 0;
  }
  return 1;
}

int cl_looks_like_html(const char *s, size_t len) {
  static const char *const marks[] = {
      "<!doctype", "<html", "<head", "<body", "<meta", "<title", "<div",
      "<p>", "<p ", "<br", "<a ", "<table", "<span", "<!--", "<h1",
      "<h2", "<ul", "<li", "<article", "<section", "<script", "<link"};
  size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '<')
      continue;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
      size_t ml = strlen(marks[k]);
      if (i + ml <= len && ascii_ieq(s + i, marks[k], ml))
        return 1;
    }
  }
  return 0;
}

cleaner_status cl_text_blocks(cl_featurer *ft, const char *text, size_t len,
                              cl_blocks *bl) {
  if (bl->nc == 0 && cl_blocks_container(bl, -1, 0, 0, 0) < 0)
    return CLEANER_ENOMEM;
  size_t i = 0;
  while (i < len) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - text) : len;
    size_t a = i, b = end;
    while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
      a++;
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' ||
                     text[b - 1] == '\r'))
      b--;
    if (b > a) {
      size_t off = bl->text.len;
      cl_buf_append(&bl->text, text + a, b - a);
      cl_buf_putc(&bl->text, '\n');
      cl_block *blk = cl_blocks_add(bl, off, b - a);
      if (!blk || bl->text.oom)
        return CLEANER_ENOMEM;
      blk->kind = CL_PARA;
      cl_features(ft, blk, bl->text.ptr + off, b - a);
    }
    i = end + 1;
  }
  return CLEANER_OK;
}
