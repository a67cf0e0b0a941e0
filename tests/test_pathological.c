/* Pathological inputs, generated here (none is stored; issue 6 lists
 * them): each must give a clean result or a clear error, any text must be
 * valid UTF-8 without NUL, and each must stay within the bounds:
 * under 1 s per MB of input (at least 1 s; gzip input counts as what it may
 * unpack to: max_bytes, or the ratio guard's limit) of processor time, which
 * the other programs on the machine do not change, and under 256 MiB of memory
 * on top of the input (peak RSS, reset before each case). The bounds are
 * checked in builds without sanitizers, which slow the code down some ten
 * times and keep freed memory in quarantine; there they are printed only.
 * The WARC and JSONL cases belong with those readers' tests. */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <stdlib.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h> /* malloc_trim */
#endif
#define ZLIB_CONST
#include <zlib.h>

#include "buf.h"
#include "cleaner.h"
#include "fuzz_support.h"
#include "input.h"
#include "test.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* The bounds of issue 6. */
#define SECONDS_PER_MB 1.0
#define MIN_SECONDS 1.0
#define MAX_EXTRA_RSS_MIB 256
#define MB 1000000.0
#define KIB_PER_MIB 1024

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

/* A field of /proc/self/status in KiB ("VmHWM:", "VmRSS:"), -1 if none. */
static long status_kib(const char *key) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = -1;
  size_t n = strlen(key);
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, key, n) == 0)
      v = atol(line + n);
  if (f)
    fclose(f);
  return v;
}

/* Reset the peak RSS to the current RSS (Linux); 0 if it cannot be. Freed
 * memory the C library keeps is given back first, or the next case would
 * reuse it without raising the peak. */
static int reset_peak(void) {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
  FILE *f = fopen("/proc/self/clear_refs", "w");
  if (!f)
    return 0;
  int ok = fputs("5", f) >= 0;
  return fclose(f) == 0 && ok;
}

/* Processor time of this process (the library runs on the caller's
 * thread). */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Check a case's time and memory against the bounds. */
static void check_bounds(const char *name, size_t len, double secs,
                         long extra_kib) {
  double limit = (double)len / MB * SECONDS_PER_MB;
  if (limit < MIN_SECONDS)
    limit = MIN_SECONDS;
  printf("pathological: %-32s %.2f s (bound %.0f s), %ld MiB over input\n",
         name, secs, limit, extra_kib < 0 ? -1 : extra_kib / KIB_PER_MIB);
  if (SANITIZED)
    return;
  CHECK_MSG(secs < limit, "%s: %.2f s, bound %.0f s", name, secs, limit);
  CHECK_MSG(extra_kib < (long)MAX_EXTRA_RSS_MIB * KIB_PER_MIB,
            "%s: %ld MiB over the input", name, extra_kib / KIB_PER_MIB);
}

/* Clean `g`; the status must be one of `ok` (CLEANER_OK) or `alt`. Returns
 * the text (malloc'd) or NULL. */
static char *run_with(const char *name, const cleaner_options *o,
                      const cl_buf *g, cleaner_status alt, int *truncated) {
  cleaner_t *c = NULL;
  cleaner_result *r = NULL;
  int peak_ok = reset_peak();
  long before = status_kib("VmRSS:");
  double t0 = now();
  cleaner_options fo;
  if (o)
    fo = *o;
  else
    cleaner_options_init(&fo);
  fo.format = format;
  fo.links = fo.images = fo.explain = format != CLEANER_FORMAT_TXT;
  CHECK(cleaner_new(&fo, &c) == CLEANER_OK);
  cleaner_status st = cleaner_clean(c, g->ptr, g->len, &r);
  double secs = now() - t0;
  long peak = status_kib("VmHWM:");
  cleaner_options d;
  cleaner_options_init(&d);
  const cleaner_options *u = o ? o : &d;
  size_t cap = u->max_bytes, bomb = u->max_gzip_ratio * g->len;
  if (bomb < cap)
    cap = bomb;
  size_t work = cl_is_gzip(g->ptr, g->len) && cap > g->len ? cap : g->len;
  check_bounds(name, work, secs,
               peak_ok && before >= 0 && peak >= 0 ? peak - before : -1);
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
  printf("pathological: %-32s %zu bytes -> %s (format %d)\n", name, g->len,
         cleaner_strerror(st), (int)format);
  cleaner_result_free(r);
  cleaner_free(c);
  return out;
}

static char *run(const char *name, const cl_buf *g, cleaner_status alt,
                 int *truncated) {
  return run_with(name, NULL, g, alt, truncated);
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

/* Found while hunting Gumbo's costly paths: Gumbo reopens every formatting
 * element left open at each new paragraph, keeping three of a kind, a kind
 * being the tag with its attributes: 20,000 "<p><b class=cN>x</p>" (470 KB)
 * grew a tree of 10 GB. And it checks each new attribute against all the
 * element's others: 50,000 aria-* attributes took 12 s. */
static void gumbo_quadratic(void) {
  cl_buf g = new_gen();
  char a[64];
  for (int i = 0; i < 20000; i++) {
    int n = snprintf(a, sizeof a, "<p><b class=c%d>x</p>", i);
    put(&g, a, (size_t)n);
  }
  char *t = run("20,000 reopened <b class=cN>", &g, CLEANER_OK, NULL);
  CHECK(t && strstr(t, "x"));
  free(t);
  cl_buf_clear(&g);
  put(&g, "<p", 2);
  for (int i = 0; i < 200000; i++) {
    int n = snprintf(a, sizeof a, " aria-x%d=y", i);
    put(&g, a, (size_t)n);
  }
  put(&g, ">", 1);
  put(&g, prose, sizeof prose - 1);
  t = run("200,000 aria-* attributes", &g, CLEANER_OK, NULL);
  CHECK(t && strstr(t, "floating school"));
  free(t);
  cl_buf_free(&g);
}

/* Pages of elements as small as they come, 10 MiB of them: the node cap
 * (default 500,000) bounds Gumbo's memory. Before end tags and reopened
 * elements counted, "</p>" over and over (each makes a p) took 730 MiB,
 * 39 formatting elements reopened in each "<p>x" 2.3 GB, 2 MB of
 * "<isindex>" 418 MiB, and 1 MB of "<li><dd>", nesting without end, took
 * 4 minutes. */
static void tiny_elements(void) {
  static const char *const formats[] = {
      "<b>",   "<i>",  "<u>",    "<s>",    "<em>",     "<strong>", "<small>",
      "<big>", "<tt>", "<code>", "<nobr>", "<strike>", "<font>"};
  cl_buf g = new_gen();
  put(&g, "<div>", 5);
  puts_n(&g, "<i>x</i> ", 1200000);
  int truncated = 0;
  free(run("1,200,000 tiny elements", &g, CLEANER_OK, &truncated));
  CHECK(truncated == 1);
  cl_buf_clear(&g);
  put(&g, "<body>", 6);
  puts_n(&g, "</p>", 2700000);
  free(run("2,700,000 </p>", &g, CLEANER_OK, NULL));
  cl_buf_clear(&g);
  put(&g, "<body><p>", 9);
  for (int k = 0; k < 3; k++)
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
      put(&g, formats[i], strlen(formats[i]));
  put(&g, "x", 1);
  puts_n(&g, "<p>x", 2600000);
  free(run("39 reopened in 2,600,000 <p>", &g, CLEANER_OK, NULL));
  cl_buf_clear(&g);
  puts_n(&g, "<isindex>", 1100000); /* each a form of 7 nodes */
  free(run("1,100,000 <isindex>", &g, CLEANER_OK, NULL));
  cl_buf_clear(&g);
  put(&g, "<body>", 6);
  puts_n(&g, "<li>x<dd>y", 1000000); /* each stops the other's search */
  char *t = run("1,000,000 <li>x<dd>y", &g, CLEANER_OK, NULL);
  CHECK(t && strstr(t, "x") && strstr(t, "y"));
  free(t);
  cl_buf_clear(&g);
  puts_n(&g, "x<p>", 2600000); /* the most memory found: a block each */
  t = run("2,600,000 x<p>", &g, CLEANER_OK, NULL);
  CHECK(t && strstr(t, "x"));
  free(t);
  cl_buf_free(&g);
}

static void big_text_node(void) {
  cl_buf g = new_gen();
  put(&g, "<p>", 3);
  puts_n(&g, "word ", 10 * 1000 * 1000); /* 50 MB, over the 10 MiB cap */
  int truncated = 0;
  char *t = run("one 50 MB text node", &g, CLEANER_OK, &truncated);
  CHECK(truncated == 1);
  CHECK(t && strncmp(t, "word word", 9) == 0);
  free(t);
  cl_buf_free(&g);
}

/* A 100 MB page of ordinary markup: menus, teasers and article
 * paragraphs over and over. Cut at the 10 MiB default, with text. */
static void big_page(void) {
  static const char unit[] =
      "<div class=\"teaser\"><nav class=menu><a href=/a>Home</a> <a "
      "href=/b>World</a></nav><h2>Council votes</h2><p>The council voted on "
      "Tuesday to extend the floating school programme to two more "
      "districts, after a debate that lasted all afternoon.</p><span "
      "class=ad>Advertisement</span></div>\n";
  cl_buf g = new_gen();
  put(&g, "<html><body>", 12);
  while (g.len < 100 * 1000 * 1000)
    put(&g, unit, sizeof unit - 1);
  int truncated = 0;
  char *t = run("100 MB page", &g, CLEANER_OK, &truncated);
  CHECK(truncated == 1);
  CHECK(t && strstr(t, "floating school"));
  free(t);
  cl_buf_free(&g);
}

/* Bytes of the unit gzip_of() repeats. */
#define UNIT ((size_t)1 << 16)
static char zeros[UNIT];

/* gzip of `n` bytes of `unit` (1 << 16 bytes) over and over, made in a
 * loop so the input never exists. */
static void gzip_of(cl_buf *g, const char *unit, size_t n) {
  z_stream z;
  memset(&z, 0, sizeof z);
  CHECK(deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  static char out[1 << 16];
  for (size_t done = 0;;) {
    size_t chunk = n - done < UNIT ? n - done : UNIT;
    z.next_in = (const Bytef *)unit;
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

/* 10 GiB of zeros as 160 gzip members of 64 MiB, about 10 MB in all: the
 * ratio guard allows 1000 times the input, so the size cap stops it. */
static void gzip_members_bomb(void) {
  cl_buf one = new_gen(), g = new_gen();
  gzip_of(&one, zeros, (size_t)64 << 20);
  for (int i = 0; i < 160; i++)
    put(&g, one.ptr, one.len);
  free(run("10 GiB gzip in 160 members", &g, CLEANER_EBINARY, NULL));
  cl_buf_free(&one);
  cl_buf_free(&g);
}

/* 256 MiB of zeros in about 250 KB: with the default options the size cap
 * stops it at 10 MiB (zeros are binary); with the cap raised to 1 GiB the
 * ratio guard refuses it, here at 100 times (26 MB). At the default 1000
 * times it would first inflate 260 MB, which takes 1.7 s and 250 MiB: who
 * raises max_bytes that far accepts that much. */
static void gzip_bomb(void) {
  cl_buf g = new_gen();
  gzip_of(&g, zeros, (size_t)1 << 28);
  free(run("256 MiB gzip bomb, size cap", &g, CLEANER_EBINARY, NULL));
  cleaner_options o;
  cleaner_options_init(&o);
  o.max_bytes = (size_t)1 << 30;
  o.max_gzip_ratio = 100;
  free(run_with("256 MiB gzip bomb, ratio 100", &o, &g, CLEANER_ETOOBIG, NULL));
  cl_buf_free(&g);
}

/* A 4 MB page in gzip, cut in half: the reader reaches the cut. */
static void gzip_truncated(void) {
  static char page[UNIT];
  size_t n = 0, k = sizeof prose - 1;
  memcpy(page, "<p>", 3);
  for (n = 3; n + k <= UNIT; n += k)
    memcpy(page + n, prose, k);
  memset(page + n, ' ', UNIT - n);
  cl_buf g = new_gen(), t = new_gen();
  gzip_of(&g, page, 64 * UNIT);
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
  big_page();
  gumbo_quadratic();
  tiny_elements();
  gzip_bomb();
  gzip_truncated();
  gzip_members_bomb();
  junk_and_encodings();
  formats();
  return test_summary("pathological");
}
