/* Tests of cl_decode: charset choice (BOM, declared, <meta>, detector),
 * conversion through ICU and the UTF-8 fast path, U+FFFD replacement,
 * inputs larger than every internal chunk, and allocation failures. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>

#include "buf.h"
#include "decode.h"
#include "support.h"
#include "test.h"

static const char *srcdir;

/* ---- helpers ------------------------------------------------------------- */

typedef struct result {
  cleaner_status st;
  char charset[CL_CHARSET_MAX];
  char *text; /* malloc'd copy of the output */
  size_t len;
} result;

static result run(const cl_mem *m, const char *in, size_t len,
                  const char *declared, int is_html) {
  result r;
  cl_buf out;
  memset(&r, 0, sizeof r);
  cl_buf_init(&out, m);
  r.st = cl_decode(m, in, len, declared, is_html, &out, r.charset);
  r.len = out.len;
  r.text = malloc(out.len + 1);
  if (r.text)
    memcpy(r.text, out.ptr, out.len + 1);
  cl_buf_free(&out);
  return r;
}

static result dec(const char *in, size_t len, const char *declared,
                  int is_html) {
  cl_mem m;
  cl_mem_init(&m, NULL);
  return run(&m, in, len, declared, is_html);
}

/* Compare bytes; on a mismatch say where. */
static int same(const char *got, size_t glen, const char *want, size_t wlen) {
  size_t i = 0;
  while (i < glen && i < wlen && got[i] == want[i])
    i++;
  if (i == glen && i == wlen)
    return 1;
  fprintf(stderr, "  lengths %zu/%zu, first difference at byte %zu\n", glen,
          wlen, i);
  return 0;
}

static void check_out(const char *what, result r, const char *want, size_t wlen,
                      const char *charset) {
  CHECK_MSG(r.st == CLEANER_OK, "%s: status %d", what, (int)r.st);
  CHECK_MSG(r.text && same(r.text, r.len, want, wlen), "%s: output", what);
  CHECK_MSG(strcmp(r.charset, charset) == 0, "%s: charset %s, want %s", what,
            r.charset, charset);
  free(r.text);
}

/* ---- data files ---------------------------------------------------------- */

typedef struct file_case {
  const char *file;     /* encoded page in tests/data/charset */
  const char *declared; /* HTTP charset or NULL */
  int is_html;
  const char *utf8; /* the expected text */
  const char *charset;
} file_case;

static const file_case file_cases[] = {
    {"ru.cp1251.html", NULL, 1, "ru.utf8.html", "windows-1251"},
    {"ru.cp1251.txt", "windows-1251", 0, "ru.utf8.txt", "windows-1251"},
    {"ru.cp1251.txt", "CP1251", 0, "ru.utf8.txt", "windows-1251"},
    {"ru.koi8r.txt", "koi8-r", 0, "ru.utf8.txt", "KOI8-R"},
    {"ru.koi8r.txt", NULL, 0, "ru.utf8.txt", "KOI8-R"},
    {"ru.cp1251.txt", NULL, 0, "ru.utf8.txt", "windows-1251"},
    {"cs.iso88592.html", NULL, 1, "cs.utf8.html", "ISO-8859-2"},
    {"ja.sjis.html", NULL, 1, "ja.utf8.html", "Shift_JIS"},
    {"zh.gb18030.html", NULL, 1, "zh.utf8.html", "GB18030"},
    {"mixed.utf16le-bom.html", NULL, 1, "mixed.utf8.html", "UTF-16LE"},
    {"mixed.utf16be-bom.html", NULL, 1, "mixed.utf8.html", "UTF-16BE"},
    {"mixed.utf16le.html", NULL, 1, "mixed.utf8.html", "UTF-16LE"},
    {"mixed.utf8-bom.html", NULL, 1, "mixed.utf8.html", "UTF-8"},
    {"mixed.utf8.html", NULL, 1, "mixed.utf8.html", "UTF-8"},
    /* the BOM beats the declared charset */
    {"mixed.utf16le-bom.html", "windows-1251", 1, "mixed.utf8.html",
     "UTF-16LE"},
    {"mixed.utf8-bom.html", "koi8-r", 1, "mixed.utf8.html", "UTF-8"},
    /* the declared charset beats <meta> (here wrongly, as it should) */
    {"ru.cp1251.html", "koi8-u", 1, NULL, "KOI8-U"},
    /* a lying <meta>: windows-1251 on UTF-8 bytes */
    {"lying.utf8.html", NULL, 1, "lying.utf8.html", "UTF-8"},
    {"lying.utf8.html", "windows-1251", 1, "lying.utf8.html", "UTF-8"},
    {"lying.utf8.html", "shift_jis", 1, "lying.utf8.html", "UTF-8"},
    /* an unknown <meta> charset: the detector finds windows-1251 */
    {"foobar.cp1251.html", NULL, 1, "foobar.utf8.html", "windows-1251"},
    {"foobar.cp1251.html", "x-foobar", 1, "foobar.utf8.html", "windows-1251"},
    /* HTTP says UTF-8 but the bytes are windows-1251: meta takes over */
    {"ru.cp1251.html", "utf-8", 1, "ru.utf8.html", "windows-1251"},
};

static char *read_data(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "tests/data/charset/%s", name);
  char *p = test_read_file(test_path(srcdir, path), len);
  CHECK_MSG(p != NULL, "cannot read %s", path);
  return p;
}

static void test_files(void) {
  for (size_t i = 0; i < sizeof file_cases / sizeof file_cases[0]; i++) {
    const file_case *c = &file_cases[i];
    size_t len, wlen = 0;
    char *in = read_data(c->file, &len);
    char *want = c->utf8 ? read_data(c->utf8, &wlen) : NULL;
    char what[256];
    snprintf(what, sizeof what, "%s declared %s", c->file,
             c->declared ? c->declared : "-");
    if (in && (want || !c->utf8)) {
      result r = dec(in, len, c->declared, c->is_html);
      if (!want) { /* only the charset matters */
        want = malloc(r.len + 1);
        memcpy(want, r.text, r.len + 1);
        wlen = r.len;
      }
      check_out(what, r, want, wlen, c->charset);
    }
    free(in);
    free(want);
  }
}

/* ---- <meta> prescan and labels ------------------------------------------- */

typedef struct meta_case {
  const char *html;
  const char *declared;
  const char *charset;
} meta_case;

static const meta_case meta_cases[] = {
    {"<meta charset=\"koi8-r\"><p>x", NULL, "KOI8-R"},
    {"<meta charset=koi8-r><p>x", NULL, "KOI8-R"},
    {"<META CharSet='KOI8-R'><p>x", NULL, "KOI8-R"},
    {"<meta charset=\"  KOI8-R \t\">", NULL, "KOI8-R"},
    {"<meta/charset=koi8-r>", NULL, "KOI8-R"},
    {"<meta name=x charset = koi8-r >", NULL, "KOI8-R"},
    {"<meta http-equiv=\"Content-Type\" "
     "content=\"text/html; charset=koi8-r\">",
     NULL, "KOI8-R"},
    {"<meta content=\"text/html;charset=KOI8-R\" "
     "http-equiv=\"content-type\">",
     NULL, "KOI8-R"},
    {"<meta content='text/html; charset=\"koi8-r\"' "
     "http-equiv=content-type>",
     NULL, "KOI8-R"},
    {"<meta charset=koi8-r charset=iso-8859-2>", NULL, "KOI8-R"},
    {"<html><head><title>t</title><meta charset=koi8-r>", NULL, "KOI8-R"},
    {"<?xml version=\"1.0\"?><!DOCTYPE html><meta charset=koi8-r>", NULL,
     "KOI8-R"},
    /* content without the pragma, or a pragma that is not content-type */
    {"<meta content=\"text/html; charset=koi8-r\">", NULL, "UTF-8"},
    {"<meta http-equiv=refresh content=\"0; charset=koi8-r\">", NULL, "UTF-8"},
    /* hidden in a comment, in an attribute, in a longer tag name */
    {"<!-- <meta charset=koi8-r> --><p>x</p>", NULL, "UTF-8"},
    {"<a title=\"<meta charset=koi8-r>\">x</a>", NULL, "UTF-8"},
    {"<metadata charset=koi8-r>", NULL, "UTF-8"},
    {"<meta charset=\",koi8-r\">", NULL, "UTF-8"},
    /* WHATWG label rules */
    {"<meta charset=utf-16>", NULL, "UTF-8"},
    {"<meta charset=utf-16be>", NULL, "UTF-8"},
    {"<meta charset=x-user-defined>", NULL, "windows-1252"},
    {"<meta charset=iso-8859-1>", NULL, "windows-1252"},
    {"<meta charset=latin1>", NULL, "windows-1252"},
    {"<meta charset=us-ascii>", NULL, "windows-1252"},
    {"<meta charset=gb2312>", NULL, "GB18030"},
    {"<meta charset=GBK>", NULL, "GB18030"},
    {"<meta charset=shift_jis>", NULL, "Shift_JIS"},
    {"<meta charset=sjis>", NULL, "Shift_JIS"},
    {"<meta charset=windows-31j>", NULL, "Shift_JIS"},
    {"<meta charset=euc-kr>", NULL, "windows-949"},
    {"<meta charset=ks_c_5601-1987>", NULL, "windows-949"},
    {"<meta charset=x-foobar>", NULL, "UTF-8"},
    {"<meta charset=utf-7>", NULL, "UTF-8"},
    {"<meta charset=\"\">", NULL, "UTF-8"},
    {"<meta charset=\"koi8-r", NULL, "UTF-8"},
    {"<meta charset", NULL, "UTF-8"},
    {"<", NULL, "UTF-8"},
    {"<!--", NULL, "UTF-8"},
    /* declared (HTTP) charsets */
    {"<meta charset=koi8-r>", "iso-8859-2", "ISO-8859-2"},
    {"<meta charset=koi8-r>", "x-foobar", "KOI8-R"},
    {"<meta charset=koi8-r>", "", "KOI8-R"},
    {"plain ascii", "utf-16", "UTF-8"},
    {"plain ascii", "UTF-16LE", "UTF-8"},
    {"plain ascii", "ISO-8859-1", "windows-1252"},
    {"plain ascii", "big5", "Big5-HKSCS"},
};

static void test_meta(void) {
  for (size_t i = 0; i < sizeof meta_cases / sizeof meta_cases[0]; i++) {
    const meta_case *c = &meta_cases[i];
    result r = dec(c->html, strlen(c->html), c->declared, 1);
    check_out(c->html, r, c->html, strlen(c->html), c->charset);
  }
  /* past the prescan window the meta is not seen */
  size_t pad = 4100;
  const char *tail = "<meta charset=koi8-r>";
  char *big = malloc(pad + strlen(tail) + 1);
  memset(big, ' ', pad);
  strcpy(big + pad, tail);
  result r = dec(big, strlen(big), NULL, 1);
  check_out("meta after 4100 bytes", r, big, strlen(big), "UTF-8");
  /* not HTML: no prescan */
  r = dec(tail, strlen(tail), NULL, 0);
  check_out("meta in plain text", r, tail, strlen(tail), "UTF-8");
  free(big);
}

/* ---- invalid UTF-8, NULs, empty input ------------------------------------ */

typedef struct bytes_case {
  const char *in;
  size_t len;
  const char *want;
} bytes_case;

#define BC(in, want)                                                           \
  { in, sizeof(in) - 1, want }
#define R "\xEF\xBF\xBD"

static const bytes_case bad_utf8[] = {
    BC("a\xC3(b", "a" R "(b"),
    BC("\xF0\x9F\x98", R),
    BC("\xF0\x9F\x98!", R "!"),
    BC("\xED\xA0\x80", R R R),
    BC("\xC0\xAF", R R),
    BC("\xE0\x80\xAF", R R R),
    BC("\xF4\x90\x80\x80", R R R R),
    BC("\xF5\x80", R R),
    BC("\xFF\xFE\xFD", R R R),
    BC("\x80\xBF", R R),
    BC("\xE2\x82", R),
    BC("\xE2\x82\xAC\xE2\x82", "\xE2\x82\xAC" R),
    BC("\xF1\x80\x80\xE1\x80\xC2", R R R),
    BC("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
       "a" R R R "b" R "c" R R "d"),
    BC("a\0b", "a" R "b"),
    BC("\0\0", R R),
    BC("\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"),
    BC("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"),
    BC("\xED\x9F\xBF", "\xED\x9F\xBF"),
    BC("\xEF\xBB\xBF", "\xEF\xBB\xBF"), /* a second BOM is kept */
    /* bad bytes right after and before the common 2- and 3-byte forms
     * that skip the full check (quick_seq) */
    BC("\xD0\xB4\xD0(\xE4\xB8\xAD\xE4\xB8", "\xD0\xB4" R "(\xE4\xB8\xAD" R),
    BC("\xE1\x80\xD0\xB4\xED\xA0\x80\xE0\xA0\x80\xED\x9F\xBF",
       R "\xD0\xB4" R R R "\xE0\xA0\x80\xED\x9F\xBF"),
    BC("\xD0\xB4\0\xD0\xB4\xC1\xBF\xD0", "\xD0\xB4" R "\xD0\xB4" R R R),
};

static void test_bad_utf8(void) {
  for (size_t i = 0; i < sizeof bad_utf8 / sizeof bad_utf8[0]; i++) {
    const bytes_case *c = &bad_utf8[i];
    char in[64], what[64];
    snprintf(what, sizeof what, "bad UTF-8 case %zu", i);
    /* behind a BOM, UTF-8 is certain whatever the bytes */
    memcpy(in, "\xEF\xBB\xBF", 3);
    memcpy(in + 3, c->in, c->len);
    result r = dec(in, c->len + 3, NULL, 0);
    check_out(what, r, c->want, strlen(c->want), "UTF-8");
    /* declared UTF-8 with plenty of valid text (here 100 multibyte
     * sequences) keeps UTF-8 */
    char in2[512], want2[512];
    size_t k = 0;
    for (int j = 0; j < 50; j++, k += 5)
      memcpy(in2 + k, "\xD0\xB4\xD0\xB0 ", 5);
    memcpy(want2, in2, k);
    memcpy(in2 + k, c->in, c->len);
    memcpy(want2 + k, c->want, strlen(c->want) + 1);
    r = dec(in2, k + c->len, "utf-8", 1);
    check_out(what, r, want2, strlen(want2), "UTF-8");
  }
}

static void test_nul_and_empty(void) {
  result r = dec("", 0, NULL, 1);
  check_out("empty", r, "", 0, "UTF-8");
  r = dec(NULL, 0, "koi8-r", 0);
  check_out("empty NULL", r, "", 0, "UTF-8");
  r = dec("<p>a\0b</p>", 10, NULL, 1);
  check_out("NUL in UTF-8", r, "<p>a" R "b</p>", 12, "UTF-8");
  /* through ICU: windows-1251 and UTF-16 */
  r = dec("\xCF\xF0\0\xE8", 4, "windows-1251", 0);
  check_out("NUL in windows-1251", r, "\xD0\x9F\xD1\x80" R "\xD0\xB8", 9,
            "windows-1251");
  r = dec("\xFF\xFE"
          "a\0\0\0b\0",
          8, NULL, 0);
  check_out("NUL in UTF-16LE", r, "a" R "b", 5, "UTF-16LE");
  /* lone surrogates and a truncated unit in UTF-16 */
  r = dec("\xFE\xFF\xD8\x3D\0a\xDC\x00\0b\0", 11, NULL, 0);
  check_out("lone surrogates in UTF-16BE", r, R "a" R "b" R, 11, "UTF-16BE");
  /* ICU's single-byte tables fill their holes with C1 controls, as
   * WHATWG's do: 0x98 in windows-1251 is U+0098 */
  r = dec("\xCF\xF0\x98", 3, "windows-1251", 0);
  check_out("0x98 in windows-1251", r, "\xD0\x9F\xD1\x80\xC2\x98", 6,
            "windows-1251");
  CHECK(cl_decode(NULL, "a", 1, NULL, 0, NULL, NULL) == CLEANER_EINVAL);
}

/* UTF-8 that was read as Latin-1 or windows-1252 and written out as UTF-8
 * again reads back as it was; text that only looks similar does not. */
static void test_double_utf8(void) {
  /* "obowiązków, mogąc" double-encoded through Latin-1 (ą = C4 85 becomes
   * Ä U+0085), declared UTF-8 */
  const char pl[] = "<p>obowi\xC3\x84\xC2\x85zk\xC3\x83\xC2\xB3w, "
                    "mog\xC3\x84\xC2\x85"
                    "c</p>";
  const char pl_want[] = "<p>obowi\xC4\x85zk\xC3\xB3w, mog\xC4\x85"
                         "c</p>";
  result r = dec(pl, sizeof pl - 1, "utf-8", 1);
  check_out("double-encoded Polish", r, pl_want, sizeof pl_want - 1, "UTF-8");
  /* "don’t — yes" through windows-1252: ’ = E2 80 99 became â € ™ */
  const char en[] = "don\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t "
                    "\xC3\xA2\xE2\x82\xAC\xE2\x80\x9D yes";
  r = dec(en, sizeof en - 1, NULL, 0);
  check_out("double-encoded quotes", r, "don\xE2\x80\x99t \xE2\x80\x94 yes", 15,
            "UTF-8");
  /* correct Latin text: é before a letter is no UTF-8 lead byte's pair */
  const char fr[] = "caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                    "e";
  r = dec(fr, sizeof fr - 1, NULL, 0);
  check_out("French left alone", r, fr, sizeof fr - 1, "UTF-8");
  /* one pair alone is not enough evidence (DOUBLE_MIN_SEQS) */
  const char one[] = "Caf\xC3\x83\xC2\xA9 open";
  r = dec(one, sizeof one - 1, NULL, 0);
  check_out("one pair left alone", r, one, sizeof one - 1, "UTF-8");
  /* a character outside Latin-1 and windows-1252 settles it */
  const char mix[] = "\xC3\x84\xC2\x85 \xC3\x84\xC2\x85 \xD0\x94";
  r = dec(mix, sizeof mix - 1, NULL, 0);
  check_out("Cyrillic keeps it", r, mix, sizeof mix - 1, "UTF-8");
}

/* Appending to a buffer that holds text, and leaving it alone on error. */
static void test_append(void) {
  cl_mem m;
  cl_buf out;
  char cs[CL_CHARSET_MAX];
  cl_mem_init(&m, NULL);
  cl_buf_init(&out, &m);
  cl_buf_puts(&out, "head:");
  CHECK(cl_decode(&m, "\xE9t\xE9", 3, "iso-8859-1", 0, &out, cs) == CLEANER_OK);
  CHECK_STREQ(out.ptr, "head:\xC3\xA9t\xC3\xA9");
  CHECK_STREQ(cs, "windows-1252");
  cl_buf_free(&out);
}

/* ---- large inputs: every chunk boundary, both paths ---------------------- */

/* A piece of input and what it decodes to. */
typedef struct piece {
  const char *in, *out;
} piece;

static const piece pieces[] = {
    {"a", "a"},
    {"\xC3\xA9", "\xC3\xA9"},
    {"\xE2\x82\xAC", "\xE2\x82\xAC"},
    {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
    {" ", " "},
    {"\xD0\xB6", "\xD0\xB6"},
    {"bc", "bc"},
    {"\xE6\x97\xA5", "\xE6\x97\xA5"},
    {"\xF0\xA0\x80\x80", "\xF0\xA0\x80\x80"},
};

static const piece bad_pieces[] = {
    {"\xC3(", R "("},
    {"\xF0\x9F\x98!", R "!"},
    {"\xED\xA0\x80", R R R},
    {"\xC0\xAF", R R},
    {"\x80", R},
    {"\0", R},
};

typedef struct pair {
  cl_buf in, want;
} pair;

/* Build about `size` bytes from the pieces after `prefix` ASCII bytes; one
 * piece in `bad_every` is invalid (0: none). */
static void build(pair *p, const cl_mem *m, size_t size, size_t prefix,
                  size_t bad_every) {
  uint32_t rnd = 12345;
  cl_buf_init(&p->in, m);
  cl_buf_init(&p->want, m);
  for (size_t i = 0; i < prefix; i++) {
    cl_buf_putc(&p->in, 'x');
    cl_buf_putc(&p->want, 'x');
  }
  for (size_t i = 0; p->in.len < size; i++) {
    rnd = rnd * 1103515245u + 12345u;
    const piece *pc = &pieces[(rnd >> 16) % (sizeof pieces / sizeof *pieces)];
    if (bad_every && i % bad_every == bad_every - 1)
      pc = &bad_pieces[(rnd >> 8) % (sizeof bad_pieces / sizeof *bad_pieces)];
    size_t n = strcmp(pc->in, "") == 0 ? 1 : strlen(pc->in);
    cl_buf_append(&p->in, pc->in, n);
    cl_buf_puts(&p->want, pc->out);
  }
}

static void pair_free(pair *p) {
  cl_buf_free(&p->in);
  cl_buf_free(&p->want);
}

#define BIG (300 * 1024)

static void test_big_utf8(void) {
  cl_mem m;
  cl_mem_init(&m, NULL);
  for (size_t prefix = 0; prefix < 4; prefix++) {
    pair p;
    char what[64];
    /* valid, declared windows-1252: only a correct count of the sample
     * (a character cut at its end is no error) finds the lie */
    build(&p, &m, BIG, prefix, 0);
    snprintf(what, sizeof what, "big UTF-8 prefix %zu", prefix);
    result r = dec(p.in.ptr, p.in.len, "windows-1252", 0);
    check_out(what, r, p.want.ptr, p.want.len, "UTF-8");
    r = dec(p.in.ptr, p.in.len, NULL, 1);
    check_out(what, r, p.want.ptr, p.want.len, "UTF-8");
    pair_free(&p);
    /* invalid sequences here and there, declared UTF-8 */
    build(&p, &m, BIG, prefix, 97);
    r = dec(p.in.ptr, p.in.len, "utf-8", 1);
    check_out(what, r, p.want.ptr, p.want.len, "UTF-8");
    pair_free(&p);
  }
}

/* Convert UTF-8 to `charset` with ICU (test data only). */
static char *icu_encode(const char *charset, const char *s, size_t n,
                        size_t *len) {
  UErrorCode e = U_ZERO_ERROR;
  int32_t cap = (int32_t)(n * 4 + 16);
  char *out = malloc((size_t)cap);
  int32_t k = ucnv_convert(charset, "UTF-8", out, cap, s, (int32_t)n, &e);
  CHECK_MSG(U_SUCCESS(e), "ucnv_convert to %s: %s", charset, u_errorName(e));
  *len = U_SUCCESS(e) ? (size_t)k : 0;
  return out;
}

static void test_big_icu_one(const char *charset, const char *declared,
                             const char *bom, const char *want_cs) {
  cl_mem m;
  cl_mem_init(&m, NULL);
  for (size_t prefix = 0; prefix < 4; prefix++) {
    pair p;
    size_t n, b = strlen(bom);
    char what[96];
    build(&p, &m, BIG, prefix, 0);
    char *enc = icu_encode(charset, p.in.ptr, p.in.len, &n);
    char *in = malloc(n + b);
    memcpy(in, bom, b);
    memcpy(in + b, enc, n);
    snprintf(what, sizeof what, "big %s prefix %zu", charset, prefix);
    result r = dec(in, n + b, declared, 0);
    check_out(what, r, p.want.ptr, p.want.len, want_cs);
    free(enc);
    free(in);
    pair_free(&p);
  }
}

static void test_big_icu(void) {
  test_big_icu_one("GB18030", "gb18030", "", "GB18030");
  test_big_icu_one("UTF-16LE", NULL, "\xFF\xFE", "UTF-16LE");
  test_big_icu_one("UTF-16BE", NULL, "\xFE\xFF", "UTF-16BE");
  test_big_icu_one("UTF-16BE", NULL, "", "UTF-16BE");
}

/* Only the first 64 KB are checked: a byte GB18030 never uses, far
 * beyond that, becomes U+FFFD in a page declared GB18030. */
static void test_big_late_error(void) {
  cl_buf in, want;
  cl_mem m;
  cl_mem_init(&m, NULL);
  cl_buf_init(&in, &m);
  cl_buf_init(&want, &m);
  for (size_t i = 0; in.len < BIG; i++) {
    if (i % 3 == 2) {
      cl_buf_putc(&in, ' ');
      cl_buf_putc(&want, ' ');
    } else {
      cl_buf_puts(&in, "\xC8\xD5"); /* GB18030 for U+65E5 */
      cl_buf_puts(&want, "\xE6\x97\xA5");
    }
    if (i == 40000) {
      cl_buf_putc(&in, (char)0xFF);
      cl_buf_puts(&want, R);
    }
  }
  result r = dec(in.ptr, in.len, "gb18030", 0);
  check_out("late 0xFF in GB18030", r, want.ptr, want.len, "GB18030");
  cl_buf_free(&in);
  cl_buf_free(&want);
}

/* ---- allocation failures ------------------------------------------------- */

typedef test_counter counter;

static void fail_each(const char *what, const char *in, size_t len,
                      const char *declared, int is_html) {
  counter c;
  cleaner_allocator a = test_counting_allocator(&c);
  cl_mem m;
  cl_mem_init(&m, &a);
  for (long n = 1; n < 1000; n++) {
    memset(&c, 0, sizeof c);
    c.fail_at = n;
    result r = run(&m, in, len, declared, is_html);
    free(r.text);
    CHECK_MSG(c.live == 0, "%s: %ld blocks leaked, failing call %ld", what,
              c.live, n);
    if (!c.failed) {
      CHECK_MSG(r.st == CLEANER_OK, "%s: status %d", what, (int)r.st);
      return;
    }
    CHECK_MSG(r.st == CLEANER_ENOMEM, "%s: call %ld failed, status %d", what, n,
              (int)r.st);
  }
  CHECK_MSG(0, "%s: never succeeded", what);
}

static void test_alloc_failures(void) {
  cl_mem m;
  pair p;
  cl_mem_init(&m, NULL);
  build(&p, &m, BIG, 1, 97);
  fail_each("UTF-8 with errors", p.in.ptr, p.in.len, "utf-8", 1);
  pair_free(&p);
  size_t n;
  build(&p, &m, BIG, 1, 0);
  char *gb = icu_encode("GB18030", p.in.ptr, p.in.len, &n);
  fail_each("GB18030", gb, n, "gbk", 1);
  free(gb);
  pair_free(&p);
  for (size_t i = 0; i < 4; i++) {
    size_t len;
    char *in = read_data(file_cases[i * 3].file, &len);
    fail_each(file_cases[i * 3].file, in, len, NULL, 1);
    free(in);
  }
  fail_each("empty", "", 0, NULL, 1);
}

int main(int argc, char **argv) {
  srcdir = argc > 1 ? argv[1] : ".";
  test_files();
  test_meta();
  test_bad_utf8();
  test_nul_and_empty();
  test_double_utf8();
  test_append();
  test_big_utf8();
  test_big_icu();
  test_big_late_error();
  test_alloc_failures();
  return test_summary("decode");
}
