/*
 * Decode stage: find the charset of a page and convert it to UTF-8.
 *
 * The charset is chosen in this order, the first that holds wins:
 *   1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE), stripped;
 *   2. the zero-byte pattern of UTF-16 without a BOM (markup in UTF-16 has
 *      a NUL in every other byte, real text never does);
 *   3. the declared (HTTP) charset, then <meta> for HTML; a label is
 *      passed over if ICU does not know it, if it does not decode the first
 *      SAMPLE_MAX bytes without errors, or if those bytes are valid UTF-8
 *      with multibyte sequences (a lying declaration: see utf8_lie);
 *   4. UTF-8 if the bytes are (almost all) valid UTF-8;
 *   5. ICU's detector; 6. windows-1252.
 * UTF-8 never goes through ICU: it is validated and copied (utf8_copy).
 * Last, text that was UTF-8 read as Latin-1 or windows-1252 and written
 * out as UTF-8 again ("obowiÄ\u0085zkÃ³w", "donâ€™t") is undone when the
 * whole page reads back as UTF-8 (undo_double_utf8).
 */
#include "decode.h"
#include "feat.h"

#include <stdint.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>

/* Bytes read to check or detect a charset: ICU's detector gains nothing
 * from more, and it bounds the work spent on a 100 MB page. */
#define SAMPLE_MAX (64 * 1024)
/* Bytes of HTML searched for <meta charset>: WHATWG says 1024, but crawled
 * pages often put long scripts and styles before the meta. */
#define PRESCAN_MAX 4096
/* UTF-16 units per conversion step (32 KB): stays in L1/L2 cache and makes
 * ICU's per-call overhead negligible, whatever the input size. */
#define UCHUNK (16 * 1024)
/* Input bytes per ICU call: ucnv_toUnicode refuses ranges over 2 GB. */
#define SRC_SLICE ((size_t)1 << 30)
/* Bytes looked at by the UTF-16 zero-byte sniff: a few lines of markup. */
#define SNIFF_MAX 512
/* Below this many bytes a zero-byte pattern is chance, not UTF-16. */
#define SNIFF_MIN 16
/* Percent of NULs at odd (LE) or even (BE) positions that marks UTF-16:
 * ASCII markup in UTF-16 gives ~100%, Cyrillic or Greek text with tags
 * still well over 30%, text in any ASCII-based charset 0%. */
#define SNIFF_ZERO_PCT 30
/* UTF-8 is accepted despite invalid sequences while they are fewer than 1
 * per 10 valid multibyte ones: ICU's UTF-8 recognizer uses the same ratio. */
#define UTF8_ERR_RATIO 10
/* Valid multibyte UTF-8 sequences needed to overrule a declared multibyte
 * legacy charset (GBK, Shift_JIS): one CJK character is valid UTF-8 by
 * chance about 1 time in 12, eight in a row practically never. */
#define LIE_MIN_SEQ_MULTI 8
/* Detector matches tried, best first; lower ones are noise. */
#define DETECT_TRY_MAX 4
/* Longest charset label read from a header or a page; IANA's longest
 * registered name has 45 characters. */
#define LABEL_MAX 64
/* Attribute name buffer: the longest name we look for is "http-equiv". */
#define ATTR_NAME_MAX 16
/* Attribute value buffer: "text/html; charset=..." with room to spare. */
#define ATTR_VAL_MAX 256

enum { SRC_DECLARED, SRC_META, SRC_DETECTOR };

typedef struct u8stats {
  size_t errors; /* invalid sequences (maximal subparts) */
  size_t multi;  /* valid multibyte sequences */
} u8stats;

typedef struct dec {
  const cl_mem *mem;
  const char *in;
  size_t len;
  size_t sample; /* bytes checked and given to the detector */
  int cut;       /* 1 if the sample ends before the input */
  int is_html;
  u8stats u8;      /* of the sample */
  size_t skip;     /* byte order mark to drop */
  UConverter *cnv; /* NULL: the UTF-8 fast path */
  UChar *u;        /* UCHUNK units of scratch, allocated on first use */
  char name[CL_CHARSET_MAX];
} dec;

/* ---- UTF-8 validation and copy ------------------------------------------- */

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Length of the run of ASCII bytes other than NUL at the start of s. */
static size_t ascii_run(const unsigned char *s, size_t n) {
  size_t i = 0;
  uint64_t v;
  for (; i + 8 <= n; i += 8) {
    memcpy(&v, s + i, 8);
    /* High bit set, or a zero byte (the classic has-zero test). */
    if ((v | ((v - ONES) & ~v)) & HIGHS)
      break;
  }
  while (i < n && s[i] && s[i] < 0x80)
    i++;
  return i;
}

/*
 * Look at the non-ASCII sequence at s (n >= 1). Returns 1 if it is well
 * formed, 0 if not, -1 if it is a valid prefix cut by the end of the
 * buffer. *used is the sequence length, or the length of the maximal
 * subpart to replace by one U+FFFD (Unicode 15, section 3.9, Table 3-7).
 */
static int utf8_seq(const unsigned char *s, size_t n, size_t *used) {
  unsigned char c = s[0], lo = 0x80, hi = 0xBF;
  size_t need, i;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    lo = c == 0xE0 ? 0xA0 : 0x80; /* overlong */
    hi = c == 0xED ? 0x9F : 0xBF; /* surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    lo = c == 0xF0 ? 0x90 : 0x80; /* overlong */
    hi = c == 0xF4 ? 0x8F : 0xBF; /* above U+10FFFF */
  } else {
    *used = 1;
    return 0;
  }
  for (i = 1; i <= need; i++, lo = 0x80, hi = 0xBF) {
    if (i >= n || s[i] < lo || s[i] > hi) {
      *used = i;
      return i >= n ? -1 : 0;
    }
  }
  *used = need + 1;
  return 1;
}

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Length of a plain 2- or 3-byte sequence at s, or 0 for anything that
 * needs utf8_seq: the bulk of Cyrillic, Greek, Arabic, CJK text. */
static size_t quick_seq(const unsigned char *s, size_t n) {
  if (s[0] >= 0xC2 && s[0] <= 0xDF && n >= 2 && is_cont(s[1]))
    return 2;
  if (s[0] >= 0xE1 && s[0] <= 0xEF && s[0] != 0xED && n >= 3 && is_cont(s[1]) &&
      is_cont(s[2]))
    return 3;
  return 0;
}

/* Count valid multibyte and invalid sequences; NULs are not errors here.
 * A sequence cut by the end of a sample (`cut`) is not an error. */
static void utf8_stats(const unsigned char *s, size_t n, int cut, u8stats *st) {
  size_t i = 0, used;
  st->errors = st->multi = 0;
  while (i < n) {
    /* ASCII, then (in Cyrillic, Greek, CJK text) sequence after sequence:
     * ascii_run only where ASCII starts, quick_seq for the common ones. */
    if (s[i] < 0x80) {
      i += s[i] ? ascii_run(s + i, n - i) : 1; /* NULs are no error */
      continue;
    }
    if ((used = quick_seq(s + i, n - i)) != 0) {
      st->multi++;
      i += used;
      continue;
    }
    int r = utf8_seq(s + i, n - i, &used);
    if (r < 0 && cut)
      break;
    if (r > 0)
      st->multi++;
    else
      st->errors++;
    i += used;
  }
}

static const char fffd[3] = {'\xEF', '\xBF', '\xBD'};

/* Append, but never with n == 0: cl_buf_append then reports a stale oom
 * flag left by an earlier document in a reused buffer. */
static cleaner_status put(cl_buf *out, const unsigned char *s, size_t n) {
  return n ? cl_buf_append(out, (const char *)s, n) : CLEANER_OK;
}

/* Copy UTF-8, replacing NULs and each maximal invalid subpart by U+FFFD.
 * Valid runs are checked in place and copied with one memcpy. */
static cleaner_status utf8_copy(const unsigned char *s, size_t n, cl_buf *out) {
  size_t i = 0, run = 0, used = 1;
  if (cl_buf_reserve(out, n) != CLEANER_OK)
    return CLEANER_ENOMEM;
  while (i < n) {
    if (s[i] && s[i] < 0x80) { /* as in utf8_stats */
      i += ascii_run(s + i, n - i);
      continue;
    }
    if ((used = quick_seq(s + i, n - i)) != 0 ||
        (s[i] && utf8_seq(s + i, n - i, &used) > 0)) {
      i += used;
      continue;
    }
    if (!s[i])
      used = 1;
    if (put(out, s + run, i - run) != CLEANER_OK ||
        put(out, (const unsigned char *)fffd, sizeof fffd) != CLEANER_OK)
      return CLEANER_ENOMEM;
    i += used;
    run = i;
  }
  return put(out, s + run, n - run);
}

/* ---- ICU conversion ------------------------------------------------------ */

static cleaner_status icu_status(UErrorCode e) {
  return e == U_MEMORY_ALLOCATION_ERROR ? CLEANER_ENOMEM : CLEANER_ECHARSET;
}

/* ICU's own substitute callback writes U+001A for single-byte charsets;
 * we want U+FFFD everywhere. */
static void to_fffd(const void *ctx, UConverterToUnicodeArgs *args,
                    const char *units, int32_t length,
                    UConverterCallbackReason reason, UErrorCode *err) {
  static const UChar rep = 0xFFFD;
  (void)ctx;
  (void)units;
  (void)length;
  if (reason > UCNV_IRREGULAR)
    return; /* reset, close, clone: nothing to write */
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &rep, 1, 0, err);
}

static unsigned char *put_utf8(unsigned char *p, uint32_t c) {
  return p + cl_utf8_encode(c, (char *)p);
}

/* Append n UTF-16 units as UTF-8; NULs and lone surrogates become U+FFFD.
 * At most 3 bytes per unit: a surrogate pair takes 4 bytes for 2 units. */
static cleaner_status emit_utf16(cl_buf *out, const UChar *u, size_t n) {
  if (cl_buf_reserve(out, n * 3) != CLEANER_OK)
    return CLEANER_ENOMEM;
  unsigned char *p = (unsigned char *)out->ptr + out->len;
  for (size_t i = 0; i < n; i++) {
    uint32_t c = u[i];
    if (c - 1 < 0x7F) {
      *p++ = (unsigned char)c;
      continue;
    }
    if (U16_IS_LEAD(c) && i + 1 < n && U16_IS_TRAIL(u[i + 1]))
      c = (uint32_t)U16_GET_SUPPLEMENTARY(c, u[++i]);
    else if (c == 0 || U16_IS_SURROGATE(c))
      c = 0xFFFD;
    p = put_utf8(p, c);
  }
  out->len = (size_t)(p - (unsigned char *)out->ptr);
  out->ptr[out->len] = '\0';
  return CLEANER_OK;
}

static cleaner_status need_scratch(dec *d) {
  if (!d->u)
    d->u = cl_malloc(d->mem, UCHUNK * sizeof(UChar));
  return d->u ? CLEANER_OK : CLEANER_ENOMEM;
}

/* Convert everything through the UChar scratch, one chunk at a time. A
 * lead surrogate at the end of a chunk waits for its trail in the next. */
static cleaner_status icu_copy(dec *d, cl_buf *out) {
  const char *s = d->in + d->skip, *end = d->in + d->len;
  size_t keep = 0;
  if (need_scratch(d) != CLEANER_OK)
    return CLEANER_ENOMEM;
  for (;;) {
    UErrorCode e = U_ZERO_ERROR;
    UChar *t = d->u + keep;
    size_t left = (size_t)(end - s);
    const char *lim = s + (left < SRC_SLICE ? left : SRC_SLICE);
    ucnv_toUnicode(d->cnv, &t, d->u + UCHUNK, &s, lim, NULL, lim == end, &e);
    if (U_FAILURE(e) && e != U_BUFFER_OVERFLOW_ERROR)
      return icu_status(e);
    int done = e != U_BUFFER_OVERFLOW_ERROR && s == end;
    size_t n = (size_t)(t - d->u);
    keep = !done && n && U16_IS_LEAD(d->u[n - 1]);
    if (emit_utf16(out, d->u, n - keep) != CLEANER_OK)
      return CLEANER_ENOMEM;
    if (done)
      return CLEANER_OK;
    if (keep)
      d->u[0] = d->u[n - 1];
  }
}

/* Does the converter decode the sample without a single error? */
static cleaner_status decodes_clean(dec *d, UConverter *cnv, int *ok) {
  const char *s = d->in, *end = d->in + d->sample;
  UErrorCode e = U_ZERO_ERROR;
  if (need_scratch(d) != CLEANER_OK)
    return CLEANER_ENOMEM;
  ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
  do {
    UChar *t = d->u;
    e = U_ZERO_ERROR;
    ucnv_toUnicode(cnv, &t, d->u + UCHUNK, &s, end, NULL, !d->cut, &e);
  } while (e == U_BUFFER_OVERFLOW_ERROR);
  *ok = U_SUCCESS(e);
  ucnv_resetToUnicode(cnv);
  UErrorCode e2 = U_ZERO_ERROR;
  ucnv_setToUCallBack(cnv, to_fffd, NULL, NULL, NULL, &e2);
  if (e == U_MEMORY_ALLOCATION_ERROR)
    return CLEANER_ENOMEM;
  return U_SUCCESS(e2) ? CLEANER_OK : CLEANER_ECHARSET;
}

/* Open a converter with our callback; *cnv stays NULL for unknown names. */
static cleaner_status open_cnv(const char *name, UConverter **cnv) {
  UErrorCode e = U_ZERO_ERROR;
  *cnv = NULL;
  if (!name[0]) /* "" would open ICU's default converter */
    return CLEANER_OK;
  UConverter *c = ucnv_open(name, &e);
  if (U_FAILURE(e))
    return e == U_MEMORY_ALLOCATION_ERROR ? CLEANER_ENOMEM : CLEANER_OK;
  ucnv_setToUCallBack(c, to_fffd, NULL, NULL, NULL, &e);
  if (U_FAILURE(e)) {
    ucnv_close(c);
    return icu_status(e);
  }
  *cnv = c;
  return CLEANER_OK;
}

/* ---- Labels -------------------------------------------------------------- */

/* Labels that browsers decode with a superset (WHATWG Encoding standard),
 * and two that ICU lacks (x-user-defined, ks_c_5601-1987). Lowercase,
 * separated by one space. */
static const struct alias {
  const char *name, *labels;
} aliases[] = {
    {"windows-1252", "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 "
                     "iso-8859-1 iso-ir-100 iso8859-1 iso_8859-1 "
                     "iso_8859-1:1987 l1 latin1 us-ascii x-user-defined"},
    {"windows-1254", "iso-8859-9 iso8859-9 iso_8859-9 latin5"},
    {"windows-874", "iso-8859-11 tis-620"},
    {"GB18030", "chinese cp936 csgb2312 gb2312 gb_2312 gb_2312-80 gb18030 "
                "gbk iso-ir-58 windows-936 x-gbk"},
    {"Shift_JIS", "csshiftjis cp932 ms932 ms_kanji shift-jis shift_jis sjis "
                  "windows-31j x-sjis"},
    {"windows-949", "cp949 csksc56011987 euc-kr iso-ir-149 korean "
                    "ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 "
                    "windows-949"},
    {"Big5-HKSCS", "big5 cn-big5 csbig5 x-x-big5"},
    {"UTF-8", "unicode-1-1-utf-8 utf-8 utf8"},
};

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static unsigned char lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Trimmed, lowercased copy of a label. 0 if empty, too long, or with a
 * byte no charset name has (ICU would parse ',' as converter options). */
static int norm_label(const char *s, char lab[LABEL_MAX]) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n;
  while (is_space(*p))
    p++;
  for (n = strlen((const char *)p); n && is_space(p[n - 1]);)
    n--;
  if (!n || n >= LABEL_MAX)
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = lower(p[i]);
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
          strchr("-_.:+", c)))
      return 0;
    lab[i] = (char)c;
  }
  lab[n] = '\0';
  return 1;
}

/* Is `word` one of the space-separated words of `list`? */
static int has_word(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return 1;
  return 0;
}

static const char *alias_of(const char *lab) {
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (has_word(aliases[i].labels, lab))
      return aliases[i].name;
  return NULL;
}

/* A UTF-16/32 label. Without a BOM and without the zero-byte pattern the
 * bytes are not UTF-16 (WHATWG: a meta saying UTF-16 means UTF-8). */
static int is_wide_label(const char *lab) {
  return strncmp(lab, "utf-16", 6) == 0 || strncmp(lab, "utf-32", 6) == 0 ||
         strncmp(lab, "ucs-", 4) == 0 || strncmp(lab, "unicode", 7) == 0;
}

/* Charsets browsers refuse: they turn plain ASCII into markup (UTF-7 XSS). */
static int is_denied(UConverter *cnv) {
  UConverterType t = ucnv_getType(cnv);
  return t == UCNV_UTF7 || t == UCNV_IMAP_MAILBOX || t == UCNV_SCSU ||
         t == UCNV_BOCU1;
}

static void set_name(dec *d, const char *name) {
  size_t n = strlen(name);
  if (n >= CL_CHARSET_MAX)
    n = CL_CHARSET_MAX - 1;
  memcpy(d->name, name, n);
  d->name[n] = '\0';
}

/* The name users know: MIME's, else IANA's, else ICU's internal one. */
static void set_std_name(dec *d, UConverter *cnv) {
  static const char *const standards[] = {"MIME", "IANA"};
  UErrorCode e = U_ZERO_ERROR;
  const char *icu = ucnv_getName(cnv, &e);
  for (size_t i = 0; U_SUCCESS(e) && i < 2; i++) {
    UErrorCode e2 = U_ZERO_ERROR;
    const char *s = ucnv_getStandardName(icu, standards[i], &e2);
    if (U_SUCCESS(e2) && s && s[0]) {
      set_name(d, s);
      return;
    }
  }
  set_name(d, U_SUCCESS(e) && icu ? icu : "unknown");
}

static int utf8_plausible(const dec *d) {
  return d->u8.errors == 0 || d->u8.errors * UTF8_ERR_RATIO < d->u8.multi;
}

/* A declared legacy charset is a lie when the bytes are fully valid UTF-8
 * with multibyte sequences: decoding UTF-8 as windows-1251 never fails, so
 * only this catches it. Browsers trust the label; for crawled pages UTF-8
 * is right far more often. */
static int utf8_lie(const dec *d, UConverter *cnv) {
  size_t min = ucnv_getMaxCharSize(cnv) == 1 ? 1 : LIE_MIN_SEQ_MULTI;
  return d->u8.errors == 0 && d->u8.multi >= min;
}

static void pick_utf8(dec *d, int *picked) {
  d->cnv = NULL;
  set_name(d, "UTF-8");
  *picked = 1;
}

/* Take the converter if it suits the bytes (always, when !strict). */
static cleaner_status judge(dec *d, UConverter *cnv, const char *name, int src,
                            int strict, int *picked) {
  int ok = !is_denied(cnv);
  cleaner_status st = CLEANER_OK;
  if (ok && src != SRC_DETECTOR && utf8_lie(d, cnv)) {
    ok = 0;
    pick_utf8(d, picked);
  }
  if (ok && strict)
    st = decodes_clean(d, cnv, &ok);
  if (st != CLEANER_OK || !ok) {
    ucnv_close(cnv);
    return st;
  }
  d->cnv = cnv;
  if (name)
    set_name(d, name);
  else
    set_std_name(d, cnv);
  *picked = 1;
  return CLEANER_OK;
}

/* Use the charset named by `raw` if ICU knows it and it suits the bytes. */
static cleaner_status try_label(dec *d, const char *raw, int src, int strict,
                                int *picked) {
  char lab[LABEL_MAX];
  UConverter *cnv = NULL;
  cleaner_status st;
  if (!norm_label(raw, lab))
    return CLEANER_OK;
  const char *name = alias_of(lab);
  if (src != SRC_DETECTOR && is_wide_label(lab))
    name = "UTF-8";
  st = open_cnv(name ? name : lab, &cnv);
  if (st == CLEANER_OK && !cnv && name) { /* an ICU without windows-949 */
    name = NULL;
    st = open_cnv(lab, &cnv);
  }
  if (st != CLEANER_OK || !cnv)
    return st;
  if (ucnv_getType(cnv) == UCNV_UTF8) {
    ucnv_close(cnv);
    if (!strict || utf8_plausible(d))
      pick_utf8(d, picked);
    return CLEANER_OK;
  }
  return judge(d, cnv, name, src, strict, picked);
}

/* ---- <meta> prescan (WHATWG "prescan a byte stream") --------------------- */

typedef struct attr {
  char name[ATTR_NAME_MAX];
  char val[ATTR_VAL_MAX];
  size_t nlen, vlen;
} attr;

static void attr_add(char *buf, size_t *len, size_t cap, unsigned char c) {
  if (*len + 1 < cap)
    buf[(*len)++] = (char)lower(c);
  else
    *len = cap; /* too long: can match nothing */
}

static int starts_ci(const unsigned char *s, size_t n, const char *w) {
  size_t k = strlen(w);
  if (n < k)
    return 0;
  for (size_t i = 0; i < k; i++)
    if (lower(s[i]) != (unsigned char)w[i])
      return 0;
  return 1;
}

/* Index just past the first `w` at or after i, or n. */
static size_t skip_past(const unsigned char *s, size_t n, size_t i,
                        const char *w) {
  size_t k = strlen(w);
  for (; i + k <= n; i++)
    if (memcmp(s + i, w, k) == 0)
      return i + k;
  return n;
}

static size_t skip_spaces(const unsigned char *s, size_t n, size_t i) {
  while (i < n && is_space(s[i]))
    i++;
  return i;
}

/* Read an attribute value at i (after '=' and spaces); returns the index
 * after it, or n if it runs to the end of the bytes. */
static size_t attr_value(const unsigned char *s, size_t n, size_t i, attr *a) {
  unsigned char q = s[i];
  if (q == '"' || q == '\'') {
    for (i++; i < n && s[i] != q; i++)
      attr_add(a->val, &a->vlen, ATTR_VAL_MAX, s[i]);
    return i < n ? i + 1 : n;
  }
  for (; i < n && !is_space(s[i]) && s[i] != '>'; i++)
    attr_add(a->val, &a->vlen, ATTR_VAL_MAX, s[i]);
  return i;
}

/* WHATWG "get an attribute": 1 and the attribute in *a, or 0 at '>' or at
 * the end of the bytes (WHATWG aborts there). *pi moves past what was read. */
static int get_attr(const unsigned char *s, size_t n, size_t *pi, attr *a) {
  size_t i = *pi;
  a->nlen = a->vlen = 0;
  while (i < n && (is_space(s[i]) || s[i] == '/'))
    i++;
  if (i >= n || s[i] == '>') {
    *pi = i < n ? i + 1 : n;
    return 0;
  }
  for (; i < n; i++) {
    if (s[i] == '=' && a->nlen)
      break;
    if (is_space(s[i])) {
      i = skip_spaces(s, n, i);
      if (i < n && s[i] == '=')
        break;
      *pi = i;
      return 1;
    }
    if (s[i] == '/' || s[i] == '>') {
      *pi = i;
      return 1;
    }
    attr_add(a->name, &a->nlen, ATTR_NAME_MAX, s[i]);
  }
  i = skip_spaces(s, n, i + 1);
  if (i >= n) {
    *pi = n;
    return 0;
  }
  if (s[i] == '>') {
    *pi = i;
    return 1;
  }
  *pi = attr_value(s, n, i, a);
  return *pi < n; /* a value cut by the end may be cut short: drop it */
}

static int attr_is(const attr *a, const char *name) {
  return a->nlen < ATTR_NAME_MAX && a->nlen == strlen(name) &&
         memcmp(a->name, name, a->nlen) == 0;
}

static void copy_label(char lab[LABEL_MAX], const char *s, size_t n) {
  if (n >= LABEL_MAX)
    n = 0; /* too long to be a charset: drop it */
  memcpy(lab, s, n);
  lab[n] = '\0';
}

/* WHATWG "extract a character encoding from a meta element" from a
 * lowercased content value: "text/html; charset=koi8-r". */
static int content_charset(const char *v, size_t n, char lab[LABEL_MAX]) {
  size_t i = 0, j;
  while ((i = skip_past((const unsigned char *)v, n, i, "charset")) < n) {
    i = skip_spaces((const unsigned char *)v, n, i);
    if (i >= n || v[i] != '=')
      continue;
    i = skip_spaces((const unsigned char *)v, n, i + 1);
    if (i < n && (v[i] == '"' || v[i] == '\'')) {
      const char *q = memchr(v + i + 1, v[i], n - i - 1);
      if (!q)
        return 0;
      copy_label(lab, v + i + 1, (size_t)(q - v) - i - 1);
      return lab[0] != '\0';
    }
    for (j = i; j < n && !is_space((unsigned char)v[j]) && v[j] != ';';)
      j++;
    copy_label(lab, v + i, j - i);
    return lab[0] != '\0';
  }
  return 0;
}

/* The attributes of one <meta>; 1 with the label if it declares one. */
static int meta_charset(const unsigned char *s, size_t n, size_t *pi,
                        char lab[LABEL_MAX]) {
  int pragma = 0, need_pragma = -1, seen_he = 0, seen_cs = 0, seen_ct = 0;
  attr a;
  lab[0] = '\0';
  while (get_attr(s, n, pi, &a)) {
    if (attr_is(&a, "http-equiv") && !seen_he++) {
      pragma = a.vlen == 12 && memcmp(a.val, "content-type", 12) == 0;
    } else if (attr_is(&a, "content") && !seen_ct++ && !lab[0]) {
      if (content_charset(a.val, a.vlen, lab))
        need_pragma = 1;
    } else if (attr_is(&a, "charset") && !seen_cs++ && !lab[0]) {
      copy_label(lab, a.val, a.vlen < ATTR_VAL_MAX ? a.vlen : 0);
      need_pragma = 0;
    }
  }
  return lab[0] && need_pragma >= 0 && (need_pragma == 0 || pragma);
}

/* Skip a start or end tag with its attributes (quoted '>' included). */
static size_t skip_tag(const unsigned char *s, size_t n, size_t i) {
  attr a;
  while (i < n && !is_space(s[i]) && s[i] != '>')
    i++;
  while (get_attr(s, n, &i, &a))
    ;
  return i;
}

static int is_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Find a charset in <meta> in the first PRESCAN_MAX bytes of HTML. */
static int prescan(const unsigned char *s, size_t n, char lab[LABEL_MAX]) {
  size_t i = 0;
  while (i < n) {
    const unsigned char *lt = memchr(s + i, '<', n - i);
    if (!lt)
      return 0;
    i = (size_t)(lt - s);
    if (starts_ci(s + i, n - i, "<!--")) {
      i = skip_past(s, n, i + 4, "-->");
    } else if (starts_ci(s + i, n - i, "<meta") && i + 5 < n &&
               (is_space(s[i + 5]) || s[i + 5] == '/')) {
      i += 5;
      if (meta_charset(s, n, &i, lab))
        return 1;
    } else if (i + 1 < n &&
               (is_alpha(s[i + 1]) ||
                (s[i + 1] == '/' && i + 2 < n && is_alpha(s[i + 2])))) {
      i = skip_tag(s, n, i + 1);
    } else if (i + 1 < n &&
               (s[i + 1] == '!' || s[i + 1] == '/' || s[i + 1] == '?')) {
      i = skip_past(s, n, i + 1, ">");
    } else {
      i++;
    }
  }
  return 0;
}

/* ---- Choosing the charset ------------------------------------------------ */

/* A byte order mark: the name of its charset, and its length in *skip. */
static const char *bom(const unsigned char *s, size_t n, size_t *skip) {
  static const struct {
    unsigned char b[3];
    size_t len;
    const char *name;
  } boms[] = {{{0xEF, 0xBB, 0xBF}, 3, "UTF-8"},
              {{0xFF, 0xFE, 0}, 2, "UTF-16LE"},
              {{0xFE, 0xFF, 0}, 2, "UTF-16BE"}};
  for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++) {
    if (n >= boms[i].len && memcmp(s, boms[i].b, boms[i].len) == 0) {
      *skip = boms[i].len;
      return boms[i].name;
    }
  }
  return NULL;
}

/* UTF-16 without a BOM: NULs at every other byte, on one side only (both
 * sides is UTF-32 or binary). */
static const char *sniff_utf16(const unsigned char *s, size_t n) {
  size_t zero[2] = {0, 0};
  if (n < SNIFF_MIN)
    return NULL;
  if (n > SNIFF_MAX)
    n = SNIFF_MAX;
  for (size_t i = 0; i < n; i++)
    zero[i & 1] += !s[i];
  size_t half = n / 2, lim = half * SNIFF_ZERO_PCT / 100;
  if (zero[1] > lim && zero[0] <= lim)
    return "UTF-16LE";
  if (zero[0] > lim && zero[1] <= lim)
    return "UTF-16BE";
  return NULL;
}

/* BOM or zero-byte pattern: these beat any declaration. */
static cleaner_status choose_wide(dec *d, int *picked) {
  const unsigned char *s = (const unsigned char *)d->in;
  const char *name = bom(s, d->len, &d->skip);
  if (!name)
    name = sniff_utf16(s, d->len);
  if (!name)
    return CLEANER_OK;
  if (strcmp(name, "UTF-8") == 0) {
    pick_utf8(d, picked);
    return CLEANER_OK;
  }
  cleaner_status st = open_cnv(name, &d->cnv);
  if (st == CLEANER_OK && !d->cnv)
    st = CLEANER_ECHARSET; /* an ICU without UTF-16: cannot happen */
  if (st == CLEANER_OK) {
    set_name(d, name);
    *picked = 1;
  }
  return st;
}

static cleaner_status choose_meta(dec *d, int *picked) {
  char lab[LABEL_MAX];
  size_t n = d->len < PRESCAN_MAX ? d->len : PRESCAN_MAX;
  if (!prescan((const unsigned char *)d->in, n, lab))
    return CLEANER_OK;
  return try_label(d, lab, SRC_META, 1, picked);
}

/* ICU's detector over the sample: the first of its best matches that
 * decodes the sample cleanly, else its best match. */
static cleaner_status detect(dec *d, int *picked) {
  UErrorCode e = U_ZERO_ERROR;
  cleaner_status st = CLEANER_OK;
  char first[LABEL_MAX] = "";
  int32_t n = 0;
  UCharsetDetector *det = ucsdet_open(&e);
  if (U_FAILURE(e))
    return e == U_MEMORY_ALLOCATION_ERROR ? CLEANER_ENOMEM : CLEANER_OK;
  ucsdet_enableInputFilter(det, d->is_html ? 1 : 0);
  ucsdet_setText(det, d->in, (int32_t)d->sample, &e);
  const UCharsetMatch **m = ucsdet_detectAll(det, &n, &e);
  if (e == U_MEMORY_ALLOCATION_ERROR)
    st = CLEANER_ENOMEM;
  for (int32_t i = 0; U_SUCCESS(e) && i < n && i < DETECT_TRY_MAX; i++) {
    const char *name = ucsdet_getName(m[i], &e);
    if (U_FAILURE(e) || ucsdet_getConfidence(m[i], &e) <= 0)
      break;
    char lab[LABEL_MAX];
    /* UTF-16 without BOM would have shown its zero bytes to sniff_utf16;
     * ICU offers it at a base confidence for bytes it cannot place. */
    if (!norm_label(name, lab) || is_wide_label(lab))
      continue;
    if (!first[0])
      copy_label(first, name, strlen(name));
    st = try_label(d, name, SRC_DETECTOR, 1, picked);
    if (st != CLEANER_OK || *picked)
      break;
  }
  ucsdet_close(det);
  if (st == CLEANER_OK && !*picked && first[0])
    st = try_label(d, first, SRC_DETECTOR, 0, picked);
  return st;
}

static cleaner_status choose(dec *d, const char *declared) {
  int picked = 0;
  cleaner_status st = choose_wide(d, &picked);
  if (st != CLEANER_OK || picked)
    return st;
  d->sample = d->len < SAMPLE_MAX ? d->len : SAMPLE_MAX;
  d->cut = d->sample < d->len;
  utf8_stats((const unsigned char *)d->in, d->sample, d->cut, &d->u8);
  if (declared)
    st = try_label(d, declared, SRC_DECLARED, 1, &picked);
  if (st == CLEANER_OK && !picked && d->is_html)
    st = choose_meta(d, &picked);
  if (st == CLEANER_OK && !picked && utf8_plausible(d))
    pick_utf8(d, &picked);
  if (st == CLEANER_OK && !picked)
    st = detect(d, &picked);
  if (st == CLEANER_OK && !picked)
    st = try_label(d, "windows-1252", SRC_DETECTOR, 0, &picked);
  if (st == CLEANER_OK && !picked)
    pick_utf8(d, &picked); /* an ICU without windows-1252 */
  return st;
}

/* ---- Double-encoded UTF-8 ------------------------------------------------ */

/* The windows-1252 characters of bytes 0x80-0x9F; Latin-1 gives the
 * C1 controls U+0080-U+009F for the same bytes, and both are accepted. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* The byte a code point was read from under Latin-1 or windows-1252, or
 * -1 when it comes from neither. */
static int byte_of(uint32_t cp) {
  if (cp < 0x100)
    return (int)cp;
  for (int i = 0; i < 32; i++)
    if (cp1252_high[i] == cp)
      return 0x80 + i;
  return -1;
}

/* out[start..] is UTF-8 that was UTF-8 once before: every character maps
 * back to a byte (Latin-1 or windows-1252), those bytes are valid UTF-8
 * (utf8_seq, a sequence at a time), and at least DOUBLE_MIN_SEQS of them
 * form multibyte sequences. One character that maps to no byte (Cyrillic,
 * Han, a correct é followed by a letter) settles it for the page. */
#define DOUBLE_MIN_SEQS 2
static int double_encoded(const unsigned char *s, size_t n) {
  unsigned char seq[4];
  size_t have = 0, seqs = 0, used;
  for (size_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      if (have)
        return 0; /* a sequence cut short */
      size_t k = ascii_run(s + i, n - i);
      i += k ? k : 1;
      continue;
    }
    int b = byte_of(cl_next_cp((const char *)s, n, &i));
    if (b < 0)
      return 0;
    seq[have++] = (unsigned char)b;
    int r = utf8_seq(seq, have, &used);
    if (r == 0)
      return 0;
    if (r == 1)
      seqs++, have = 0;
  }
  return !have && seqs >= DOUBLE_MIN_SEQS;
}

/* Undo it in place: the bytes are never more than the characters' UTF-8. */
static void undo_double_utf8(cl_buf *out, size_t start) {
  unsigned char *s = (unsigned char *)out->ptr + start;
  size_t n = out->len - start, w = 0;
  if (!double_encoded(s, n))
    return;
  for (size_t i = 0; i < n;) {
    unsigned char b =
        s[i] < 0x80
            ? s[i++]
            : (unsigned char)byte_of(cl_next_cp((const char *)s, n, &i));
    s[w++] = b;
  }
  out->len = start + w;
  out->ptr[out->len] = '\0';
}

/* The UTF-8 fast path's output. When utf8_stats() saw the whole input
 * and found no error, only NULs could need replacing: without them the
 * input is copied as it is, without a second validation. */
static cleaner_status utf8_out(const dec *d, cl_buf *out) {
  const unsigned char *s = (const unsigned char *)d->in + d->skip;
  size_t n = d->len - d->skip;
  if (d->sample == d->len && !d->u8.errors && !memchr(s, 0, n))
    return put(out, s, n);
  return utf8_copy(s, n, out);
}

cleaner_status cl_decode(const cl_mem *mem, const char *in, size_t len,
                         const char *declared, int is_html, cl_buf *out,
                         char charset[CL_CHARSET_MAX]) {
  dec d;
  if (!mem || !out || !charset || (!in && len))
    return CLEANER_EINVAL;
  memset(&d, 0, sizeof d);
  d.mem = mem;
  d.in = in;
  d.len = len;
  d.is_html = is_html;
  set_name(&d, "UTF-8");
  size_t start = out->len;
  cleaner_status st = len ? choose(&d, declared) : CLEANER_OK;
  if (st == CLEANER_OK && len)
    st = d.cnv ? icu_copy(&d, out) : utf8_out(&d, out);
  if (st == CLEANER_OK && len)
    undo_double_utf8(out, start);
  if (d.cnv)
    ucnv_close(d.cnv);
  cl_free(mem, d.u);
  if (st != CLEANER_OK) {
    out->len = start; /* leave out as it was */
    if (out->cap)
      out->ptr[start] = '\0';
    d.name[0] = '\0';
  }
  memcpy(charset, d.name, CL_CHARSET_MAX);
  return st;
}
