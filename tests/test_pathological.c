/* Pathological inputs, generated here (none is stored): each must give a
 * clean result or a clear error, and any text must be valid UTF-8 without
 * NUL. Hangs are caught by CTest's timeout; time and memory are measured by
 * bench/hostile.sh, not asserted here. */
#include <stdlib.h>
#include <zlib.h>

#include "buf.h"
#include "cleaner.h"
#include "test.h"

/* Inputs are built in the library's own buffer. */
static cl_mem mem;
/* The format the cases are cleaned into; Markdown and HTML also record
 * links, images and every block's decision. */
static cleaner_format format = CLEANER_FORMAT_TXT;

static void put(cl_buf *g, const char *s, size_t n) {
  if (cl_buf_append(g, s, n) != CLEANER_OK)
    abort(); /* the test machine itself is out of memory */
}

static cl_buf new_gen(void) {
  cl_buf g;
  cl_buf_init(&g, &mem);
  return g;
}

static void puts_n(cl_buf *g, const char *s, size_t times) {
  size_t n = strlen(s);
  for (size_t i = 0; i < times; i++)
    put(g, s, n);
}

static int valid_utf8_no_nul(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    unsigned c = u[i];
    size_t k = c < 0x80         ? 1
               : (c >> 5) == 6  ? 2
               : (c >> 4) == 14 ? 3
               : (c >> 3) == 30 ? 4
                                : 0;
    if (!k || c == 0 || i + k > n)
      return 0;
    for (size_t j = 1; j < k; j++)
      if ((u[i + j] & 0xC0) != 0x80)
        return 0;
    i += k;
  }
  return 1;
}

/* Clean `g`; the status must be one of `ok` (CLEANER_OK) or `alt`. Returns
 * the text (malloc'd) or NULL. */
static char *run(const char *name, const cl_buf *g, cleaner_status alt,
                 int *truncated) {
  cleaner_t *c = NULL;
  cleaner_result *r = NULL;
  cleaner_options o;
  cleaner_options_init(&o);
  o.format = format;
  o.links = o.images = o.explain = format != CLEANER_FORMAT_TXT;
  CHECK(cleaner_new(&o, &c) == CLEANER_OK);
  cleaner_status st = cleaner_clean(c, g->ptr, g->len, &r);
  CHECK_MSG(st == CLEANER_OK || st == alt, "%s: status %s", name,
            cleaner_strerror(st));
  char *out = NULL;
  if (r) {
    size_t len;
    const char *t = cleaner_result_text(r, &len);
    CHECK_MSG(valid_utf8_no_nul(t, len), "%s: output not clean UTF-8", name);
    out = malloc(len + 1);
    memcpy(out, t, len + 1);
    if (truncated)
      *truncated = cleaner_result_truncated(r);
  }
  printf("pathological: %-28s %zu bytes -> %s (format %d)\n", name, g->len,
         cleaner_strerror(st), (int)format);
  cleaner_result_free(r);
  cleaner_free(c);
  return out;
}

static const char prose[] =
    "The council voted on Tuesday to extend the floating school programme "
    "to two more districts, after a debate that lasted all afternoon. ";

static void nested(const char *open, const char *close, size_t depth,
                   const char *name) {
  cl_buf g = new_gen();
  puts_n(&g, open, depth);
  put(&g, prose, sizeof prose - 1);
  puts_n(&g, close, depth);
  free(run(name, &g, CLEANER_OK, NULL));
  cl_buf_free(&g);
}

static void unclosed(const char *tag, const char *name) {
  cl_buf g = new_gen();
  put(&g, "<body>", 6);
  for (int i = 0; i < 100000; i++) {
    put(&g, tag, strlen(tag));
    put(&g, "x ", 2);
  }
  free(run(name, &g, CLEANER_OK, NULL));
  cl_buf_free(&g);
}

static void huge_spans(void) {
  cl_buf g = new_gen();
  put(&g, "<table><tr><td colspan=9007199254740992 rowspan=9007199254740992>",
      65);
  put(&g, prose, sizeof prose - 1);
  put(&g,
      "</td><td colspan=-1 rowspan=99999999999999999999>x</td></tr>"
      "</table>",
      68);
  free(run("colspan/rowspan 2^53", &g, CLEANER_OK, NULL));
  cl_buf_free(&g);
}

static void many_attributes(void) {
  cl_buf g = new_gen();
  put(&g, "<div", 4);
  char a[32];
  for (int i = 0; i < 1000000; i++) {
    int n = snprintf(a, sizeof a, " a%d=x", i);
    put(&g, a, (size_t)n);
  }
  put(&g, ">", 1);
  put(&g, prose, sizeof prose - 1);
  char *t = run("1,000,000 attributes", &g, CLEANER_OK, NULL);
  CHECK(t && strstr(t, "floating school"));
  free(t);
  cl_buf_free(&g);
}

static void big_text_node(void) {
  cl_buf g = new_gen();
  put(&g, "<p>", 3);
  puts_n(&g, "word ", 4 * 1024 * 1024); /* 20 MB, over the 10 MiB cap */
  int truncated = 0;
  free(run("20 MB text node", &g, CLEANER_OK, &truncated));
  CHECK(truncated == 1);
  cl_buf_free(&g);
}

/* gzip of `n` zero bytes, made in a loop so the input never exists. */
static void gzip_zeros(cl_buf *g, size_t n) {
  z_stream z;
  memset(&z, 0, sizeof z);
  CHECK(deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  static char zeros[1 << 16], out[1 << 16];
  for (size_t done = 0;;) {
    size_t chunk = n - done < sizeof zeros ? n - done : sizeof zeros;
    z.next_in = (Bytef *)zeros;
    z.avail_in = (uInt)chunk;
    done += chunk;
    int flush = done == n ? Z_FINISH : Z_NO_FLUSH;
    int rc;
    do {
      z.next_out = (Bytef *)out;
      z.avail_out = sizeof out;
      rc = deflate(&z, flush);
      put(g, out, sizeof out - z.avail_out);
    } while (z.avail_out == 0);
    if (flush == Z_FINISH || rc == Z_STREAM_END)
      break;
  }
  deflateEnd(&z);
}

static void gzip_cases(void) {
  cl_buf g = new_gen();
  gzip_zeros(&g, (size_t)1 << 28); /* 256 MiB of zeros in about 250 KB */
  int truncated = 0;
  free(run("gzip bomb (256 MiB of zeros)", &g, CLEANER_ETOOBIG, &truncated));
  cl_buf t = new_gen();
  put(&t, g.ptr, g.len / 2);
  free(run("truncated gzip", &t, CLEANER_EGZIP, NULL));
  cl_buf_free(&t);
  cl_buf_free(&g);
}

static void junk_and_encodings(void) {
  cl_buf g = new_gen();
  unsigned x = 12345;
  for (int i = 0; i < 1 << 20; i++) {
    x = x * 1103515245u + 12345u;
    char c = (char)(x >> 16);
    put(&g, &c, 1);
  }
  free(run("1 MB of random bytes", &g, CLEANER_EBINARY, NULL));
  cl_buf_clear(&g);
  put(&g, "<p>", 3);
  static const char bad[] =
      "ok \xC3\x28 \xF0\x9F\x98 \xED\xA0\x80 \xC0\xAF \xFF";
  for (int i = 0; i < 2000; i++)
    put(&g, bad, sizeof bad - 1);
  free(run("invalid UTF-8", &g, CLEANER_OK, NULL));
  cl_buf_clear(&g);
  const char *u8 = "<html><body><p>Доброе утро, мир. The council voted on "
                   "Tuesday to extend the programme to two more districts "
                   "after a long debate in the town hall.</p></body></html>";
  for (const char *p = u8; *p;) { /* to UTF-16LE, no BOM */
    unsigned char c = (unsigned char)*p;
    unsigned cp;
    if (c < 0x80) {
      cp = c;
      p++;
    } else {
      cp = ((c & 0x1F) << 6) | ((unsigned char)p[1] & 0x3F);
      p += 2;
    }
    char pair[2] = {(char)(cp & 0xFF), (char)(cp >> 8)};
    put(&g, pair, 2);
  }
  char *t = run("UTF-16LE without BOM", &g, CLEANER_OK, NULL);
  CHECK(t && strstr(t, "Доброе утро"));
  free(t);
  cl_buf_clear(&g);
  put(&g, "<meta charset=x-no-such-charset><p>", 35);
  put(&g, prose, sizeof prose - 1);
  t = run("unknown meta charset", &g, CLEANER_OK, NULL);
  CHECK(t && strstr(t, "floating school"));
  free(t);
  cl_buf_clear(&g);
  put(&g, "<p>a\0b\0c ", 10);
  put(&g, prose, sizeof prose - 1);
  free(run("NUL bytes", &g, CLEANER_OK, NULL));
  cl_buf_free(&g);
}

/* A table row of 100,000 cells with spans, links and images: the Markdown
 * and HTML tables stay within CL_TABLE_COLS_MAX columns. */
static void wide_row(void) {
  cl_buf g = new_gen();
  put(&g, "<body><p>", 9);
  put(&g, prose, sizeof prose - 1);
  put(&g, "</p><table><tr>", 15);
  for (int i = 0; i < 100000; i++)
    puts_n(&g,
           "<td colspan=99999 rowspan=0><a href=\"/x\">a</a><img src=y "
           "alt=\"|\"></td><td></td>",
           1);
  put(&g, "</tr></table>", 13);
  /* About 1 s in a release build; the sanitizers make it ten times slower,
   * so the time budget may end it there, which is an answer too. */
  free(run("100,000-cell table row", &g, CLEANER_ETIME, NULL));
  cl_buf_free(&g);
}

/* The structures the Markdown and HTML renderers nest or lay out. */
static void formats(void) {
  static const cleaner_format fs[] = {CLEANER_FORMAT_MARKDOWN,
                                      CLEANER_FORMAT_HTML};
  for (size_t k = 0; k < sizeof fs / sizeof fs[0]; k++) {
    format = fs[k];
    nested("<ul><li>", "</li></ul>", 100000, "100,000 nested lists");
    nested("<table><tr><td>", "</td></tr></table>", 100000,
           "100,000 nested tables");
    nested("<blockquote><pre><code class=language-c>",
           "</code></pre>"
           "</blockquote>",
           10000, "10,000 nested quote/pre");
    unclosed("<li>", "100,000 unclosed li");
    unclosed("<a href=/x>", "100,000 unclosed links");
    huge_spans();
    wide_row();
  }
  format = CLEANER_FORMAT_TXT;
}

int main(void) {
  cl_mem_init(&mem, NULL);
  nested("<div>", "</div>", 1000000, "1,000,000 nested div");
  nested("<table><tr><td>", "</td></tr></table>", 100000,
         "100,000 nested tables");
  nested("<b>", "</b>", 200000, "200,000 nested b");
  unclosed("<p>", "100,000 unclosed p");
  unclosed("<li>", "100,000 unclosed li");
  unclosed("<table>", "100,000 unclosed table");
  huge_spans();
  many_attributes();
  big_text_node();
  gzip_cases();
  junk_and_encodings();
  formats();
  return test_summary("pathological");
}
