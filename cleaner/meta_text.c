/* Metadata and the visible page (meta.h, cl_meta_blocks): the dateline
 * and byline when the head names none, the removal of kept blocks that
 * are only a byline, dateline or tag list, and the title cleaned of the
 * site name. */
#define _GNU_SOURCE /* memmem */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "feat.h"
#include "meta.h"

/* A dateline or byline is a short line: the longest in the corpus and the
 * development sets is about 90 characters ("Среда, 10 апреля 2024, 23:37 |
 * Обновлено: ..."); 240 bytes leave room for Cyrillic's two bytes per
 * letter and for a tag list. */
#define LINE_BYTES_MAX 240
/* A visible date is looked for in the blocks that follow the headline
 * first (a dateline sits right under it or right above it). */
#define HEADLINE_WINDOW 12
#define HEADLINE_BEFORE 3
/* A kept block is only a byline/dateline/tag list when, the names, dates
 * and tags taken out, at most this many words remain ("Опубликовано",
 * "Среда", "Tags", "Updated"). */
#define RESIDUE_MAX 2
/* More words than this and a block is prose, whatever it mentions: a
 * dateline has under ten, a tag list of ten two-word tags twenty. */
#define LINE_WORDS_MAX 24
/* Dates taken out of one line ("Published ... Updated ..."). */
#define LINE_DATES_MAX 3
/* Bytes scanned for a byline word: longer words are none ("συντάκτησ" is
 * 18 bytes), and a CJK sentence is one long "word". */
#define BYLINE_WORD_SCAN 32
/* A byline names at most this many words after "By". */
#define BYLINE_WORDS_MAX 5
/* Title parts of at most this many words are a site name or section when
 * the site is unknown ("BBC News", "Новости"). */
#define TITLE_GENERIC_WORDS 4
/* A title part is the site name when it has at most this many words more
 * ("BBC News" for the site "BBC", "Example.com" for the host). */
#define SITE_EXTRA_WORDS 2
/* Site names compared as substrings, and names or tags looked for in a
 * line, need this many bytes. */
#define SITE_MIN_BYTES 3
#define VALUE_MIN_BYTES 3
/* Passes of title cleaning ("Title - Section | Site"). */
#define TITLE_PASSES 3

/* strcmp's order; the first bytes, which settle most comparisons of a
 * word with the table, compared without the call. */
static int byline_cmp(const void *k, const void *e) {
  const unsigned char *a = k, *b = *(const unsigned char *const *)e;
  return a[0] != b[0] ? a[0] - b[0] : strcmp((const char *)a, (const char *)b);
}

/* Is the NUL-terminated folded word w a byline word? */
static int in_byline_table(const char *w) {
  return bsearch(w, cl_byline_table, cl_byline_table_len,
                 sizeof *cl_byline_table, byline_cmp) != NULL;
}

/* The first two bytes of a NUL-terminated word (a one-byte word: its byte
 * and the NUL), as one number below BYLINE_PAIRS. */
#define BYLINE_PAIRS (1u << 16)
static unsigned pair_of(const char *w) {
  return (unsigned)(unsigned char)w[0] << 8 | (unsigned char)(w[0] ? w[1] : 0);
}

/* One bit per pair_of() of the byline words: a word whose first two
 * folded bytes are none of them is no byline word, known before the rest
 * is folded. Filled on first use; threads may fill it at once, always with
 * the same bits, and the release/acquire flag publishes them. */
static _Atomic uint8_t byline_pairs[BYLINE_PAIRS / 8];
static atomic_int byline_pairs_ready;

static int byline_pair(const char *w) {
  if (!atomic_load_explicit(&byline_pairs_ready, memory_order_acquire)) {
    for (size_t i = 0; i < cl_byline_table_len; i++) {
      unsigned k = pair_of(cl_byline_table[i]);
      atomic_fetch_or_explicit(&byline_pairs[k >> 3], (uint8_t)(1u << (k & 7)),
                               memory_order_relaxed);
    }
    atomic_store_explicit(&byline_pairs_ready, 1, memory_order_release);
  }
  unsigned k = pair_of(w);
  unsigned bits =
      atomic_load_explicit(&byline_pairs[k >> 3], memory_order_relaxed);
  return (bits >> (k & 7)) & 1;
}

static int is_byline_word(const char *w, size_t n) {
  char b[BYLINE_WORD_SCAN];
  if (n == 0 || n >= sizeof b)
    return 0;
  memcpy(b, w, n);
  b[n] = '\0';
  return in_byline_table(b);
}

/* is_letter() of the BMP, kept as ICU answers it (features.c does the same
 * for case foldings): 0 = not asked yet, else LETTER_KNOWN and the answer
 * in LETTER_YES. Threads may fill an entry at once, always with one value:
 * relaxed atomics make that defined at the cost of a plain load. */
enum { LETTER_YES = 1, LETTER_KNOWN = 2 };
#define LETTER_MEMO_END 0x10000
static _Atomic uint8_t letter_memo[LETTER_MEMO_END];

static int icu_letter(unsigned cp) {
  return u_isalpha((UChar32)cp) || u_getCombiningClass((UChar32)cp);
}

static int is_letter(unsigned cp) {
  if (cp < 0x80)
    return (cp | 32) >= 'a' && (cp | 32) <= 'z';
  if (cp >= LETTER_MEMO_END)
    return icu_letter(cp);
  unsigned m = atomic_load_explicit(&letter_memo[cp], memory_order_relaxed);
  if (!m) {
    m = LETTER_KNOWN | (icu_letter(cp) ? LETTER_YES : 0);
    atomic_store_explicit(&letter_memo[cp], (uint8_t)m, memory_order_relaxed);
  }
  return m & LETTER_YES;
}

/* Next run of letters in s[*i, n); 0 at the end. */
static int next_word(const char *s, size_t n, size_t *i, size_t *a, size_t *b) {
  while (*i < n) {
    size_t at = *i;
    if (is_letter(cl_next_cp(s, n, i))) {
      *a = at;
      while (*i < n) {
        size_t k = *i;
        if (!is_letter(cl_next_cp(s, n, i))) {
          *i = k;
          break;
        }
      }
      *b = *i;
      return 1;
    }
  }
  return 0;
}

/* Scripts written without spaces: a character counts as a word. */
static int unspaced(unsigned cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x0E00 && cp <= 0x0E7F);
}

static size_t unspaced_chars(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n;)
    c += (size_t)unspaced(cl_next_cp(s, n, &i));
  return c;
}

/* Words left in a folded line, byline words not counted. */
static size_t residue(const char *s, size_t n) {
  size_t i = 0, a, b, words = 0;
  while (next_word(s, n, &i, &a, &b)) {
    size_t u = unspaced_chars(s + a, b - a);
    words += u ? u : !is_byline_word(s + a, b - a);
  }
  return words;
}

/* The line starts with a word and a colon: "Tags:", "Теги:". */
static int labelled(const char *s, size_t n) {
  size_t i = 0, a, b;
  return next_word(s, n, &i, &a, &b) && b < n && s[b] == ':';
}

/* Separators of a visible tag list: "a, b", "a | b", "#a #b". */
static size_t separators(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c +=
        s[i] == ',' || s[i] == '|' || s[i] == ';' || s[i] == '#' || s[i] == '/';
  return c;
}

static void blank(char *s, size_t a, size_t b) { memset(s + a, ' ', b - a); }

/* Blank every occurrence of each '\n'-separated folded value in f. */
static size_t blank_values(cl_buf *f, const cl_buf *values, cl_buf *tmp) {
  size_t found = 0;
  /* Values one at a time from the unfolded list. */
  for (size_t i = 0; i < values->len;) {
    const char *e = memchr(values->ptr + i, '\n', values->len - i);
    size_t l = e ? (size_t)(e - values->ptr) - i : values->len - i;
    cl_buf_clear(tmp);
    cl_fold(values->ptr + i, l, tmp);
    char *p;
    size_t hits = 0;
    while (tmp->len >= VALUE_MIN_BYTES &&
           (p = memmem(f->ptr, f->len, tmp->ptr, tmp->len)) != NULL) {
      blank(f->ptr, (size_t)(p - f->ptr), (size_t)(p - f->ptr) + tmp->len);
      hits++;
    }
    found += hits > 0;
    i += l + 1;
  }
  return found;
}

static size_t blank_dates(cl_buf *f) {
  size_t found = 0;
  for (int k = 0; k < LINE_DATES_MAX; k++) {
    char iso[CL_DATE_MAX];
    cl_span sp;
    if (!cl_meta_date(f->ptr, f->len, iso, &sp))
      break;
    blank(f->ptr, (size_t)(sp.ptr - f->ptr),
          (size_t)(sp.ptr - f->ptr) + sp.len);
    found++;
  }
  return found;
}

static int has_digit(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] >= '0' && s[i] <= '9')
      return 1;
  return 0;
}

static int headline_index(const cl_blocks *bl) {
  for (size_t i = 0; i < bl->n; i++)
    if (bl->v[i].flags & CL_F_TITLE)
      return (int)i;
  return -1;
}

/* The first short block with a whole date, near the headline first. */
static void visible_date(cl_meta *m, const cl_blocks *bl, int head) {
  size_t lo = head > HEADLINE_BEFORE ? (size_t)head - HEADLINE_BEFORE : 0;
  size_t hi = head >= 0 ? (size_t)head + HEADLINE_WINDOW : 0;
  for (int pass = 0; pass < 2 && !m->f[CLEANER_FIELD_DATE].len; pass++)
    for (size_t i = pass ? 0 : lo; i < (pass ? bl->n : hi) && i < bl->n; i++) {
      const cl_block *b = &bl->v[i];
      const char *t = cl_block_text(bl, b);
      char iso[CL_DATE_MAX];
      size_t n;
      if (b->len > LINE_BYTES_MAX || b->words > LINE_WORDS_MAX ||
          !has_digit(t, b->len))
        continue;
      if ((n = cl_meta_date(t, b->len, iso, NULL)) != 0) {
        cl_meta_set(m, CLEANER_FIELD_DATE, CL_SRC_TEXT, iso, n);
        break;
      }
    }
}

/* Where the name after a byline word ends: a separator, a digit, or the
 * end of the line. */
static size_t name_end(const char *t, size_t s, size_t n) {
  size_t e = s;
  while (e < n && !strchr(",|;0123456789(", t[e]) &&
         !((t[e] == '-' || (unsigned char)t[e] == 0xC2) && e + 1 < n &&
           (t[e + 1] == ' ' || (unsigned char)t[e + 1] == 0xB7)) &&
         !((unsigned char)t[e] == 0xE2 && e + 2 < n &&
           (unsigned char)t[e + 1] == 0x80))
    e++; /* stops at " - ", "·" (C2 B7), and dashes/bullets (E2 80 xx) */
  while (e > s && t[e - 1] == ' ')
    e--;
  return e;
}

/* Is t[a,e) a byline word? */
static int byline_at(const char *t, size_t a, size_t e) {
  char low[BYLINE_WORD_SCAN];
  size_t n = 0;
  int paired = 0; /* the first two bytes passed byline_pair() */
  if (e - a >= sizeof low)
    return 0;
  for (size_t j = a; j < e && n + 4 < sizeof low;) {
    unsigned char c = (unsigned char)t[j];
    if (c < 0x80) { /* most first words: no ICU call */
      low[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      j++;
    } else {
      unsigned cp = cl_fold_cp(cl_next_cp(t, e, &j));
      n += cl_utf8_encode(cp, low + n);
    }
    if (!paired && n >= 2) {
      if (!byline_pair(low))
        return 0; /* most words: no table word starts so */
      paired = 1;
    }
  }
  if (n == 0)
    return 0;
  low[n] = '\0'; /* steps of <= 4 bytes stop at n + 4 >= sizeof low */
  return in_byline_table(low);
}

size_t cl_meta_byline_skip(const char *s, size_t n) {
  size_t k = 0, a, e, na, ne;
  if (!next_word(s, n > BYLINE_WORD_SCAN ? BYLINE_WORD_SCAN : n, &k, &a, &e) ||
      a > 0 || !byline_at(s, a, e) || !next_word(s, n, &k, &na, &ne))
    return 0;
  return na;
}

/* A colon right after the word: "Autor:", "作者：". */
static int colon_after(const char *t, size_t e, size_t n) {
  return (e < n && t[e] == ':') ||
         (e + 2 < n && !memcmp(t + e, "\xEF\xBC\x9A", 3));
}

/* The name after the byline word that ends at e, if it starts with a
 * capital (or an uncased letter) and has 1-5 words. */
static int take_name(cl_meta *m, const char *t, size_t n, size_t k) {
  size_t na, ne;
  if (!next_word(t, n, &k, &na, &ne))
    return 0;
  size_t j = na;
  if (u_islower((UChar32)cl_next_cp(t, n, &j)) ||
      cl_meta_word_month(t + na, ne - na))
    return 0; /* "by the way", "Posted Thursday" */
  size_t end = name_end(t, na, n), words = 0, w = na, wa, wb, last = ne;
  while (next_word(t, end, &w, &wa, &wb)) {
    if (colon_after(t, wb, end + 1) || cl_meta_word_month(t + wa, wb - wa) ||
        byline_at(t, wa, wb))
      break; /* "王晓婷 浏览次数：": the next label; "Jane Doe March 3";
                "X by Y" */
    size_t c = wa;
    if (!u_islower((UChar32)cl_next_cp(t, wb, &c)))
      last = wb; /* "Оксана Мельник о 11:20": trailing small words go */
    words++;
  }
  end = last;
  if (words < 1 || words > BYLINE_WORDS_MAX)
    return 0;
  cl_meta_set(m, CLEANER_FIELD_AUTHOR, CL_SRC_TEXT, t + na, end - na);
  return 1;
}

/* "By Jane Doe", "Автор: Иван Петров, 10 апреля", "Dodano: 27.09.2023 |
 * Autor: Katarzyna Sęk", "作者：王晓婷": in a short block, a byline word
 * first, or one followed by a colon, then the name. */
static int byline_lead(cl_meta *m, const char *t, size_t n) {
  size_t k = 0, a, e;
  /* "By", "Posted by", "Автор": byline words first, then the name. */
  for (int lead = 1;
       lead && next_word(t, n - k > BYLINE_WORD_SCAN ? k + BYLINE_WORD_SCAN : n,
                         &k, &a, &e);) {
    if ((lead == 1 && a > 1) || lead > 2 || !byline_at(t, a, e))
      return 0; /* the cheap tests first: both ways the answer is 0 */
    if (take_name(m, t, n, k))
      return 1;
    lead++;
  }
  return 0;
}

/* "Dodano: 27.09.2023 | Autor: Katarzyna Sęk": a byline word right before
 * a colon (ASCII or full-width). */
static int byline_label(cl_meta *m, const char *t, size_t n) {
  if (!memchr(t, ':', n) && !memchr(t, 0xEF, n))
    return 0;
  for (size_t p = 0; p < n; p++) {
    size_t after = t[p] == ':'                                      ? p + 1
                   : p + 2 < n && !memcmp(t + p, "\xEF\xBC\x9A", 3) ? p + 3
                                                                    : 0;
    if (!after)
      continue;
    size_t w = p;
    while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '|' && t[w - 1] != ',' &&
           t[w - 1] != ';' && t[w - 1] != ':' && t[w - 1] != '(')
      w--;
    if (w < p && byline_at(t, w, p) && take_name(m, t, n, after))
      return 1;
  }
  return 0;
}

/* "By Jane Doe", "Автор: Иван Петров, 10 апреля", "Dodano: 27.09.2023 |
 * Autor: Katarzyna Sęk", "作者：王晓婷": in a short block, byline words
 * first or one followed by a colon, then the name. */
static void visible_author(cl_meta *m, const cl_blocks *bl) {
  for (size_t i = 0; i < bl->n && !m->f[CLEANER_FIELD_AUTHOR].len; i++) {
    const cl_block *b = &bl->v[i];
    const char *t = cl_block_text(bl, b);
    if (b->len <= LINE_BYTES_MAX && b->words <= LINE_WORDS_MAX &&
        !byline_lead(m, t, b->len))
      byline_label(m, t, b->len);
  }
}

static int tag_equal(const cl_blocks *bl, size_t i, const cl_buf *tags,
                     cl_buf *f, cl_buf *tmp) {
  const cl_block *b = &bl->v[i];
  if (!b->keep || b->len > LINE_BYTES_MAX / 4)
    return 0;
  cl_buf_clear(f);
  cl_fold(cl_block_text(bl, b), b->len, f);
  if (f->len && f->ptr[0] == '#')
    f->ptr[0] = ' ';
  return blank_values(f, tags, tmp) && residue(f->ptr, f->len) == 0;
}

/* Can the block hold a date, an author's name or a tag list? Checked on
 * the raw text, before the folding the real test needs. */
static int worth_folding(const cl_meta *m, const cl_block *b, const char *t,
                         size_t n) {
  const cl_buf *au = &m->f[CLEANER_FIELD_AUTHOR];
  if (b->words > LINE_WORDS_MAX)
    return 0;
  if (has_digit(t, n) || (m->f[CLEANER_FIELD_TAGS].len && separators(t, n)))
    return 1;
  for (size_t i = 0; i < au->len;) {
    const char *e = memchr(au->ptr + i, '\n', au->len - i);
    size_t l = e ? (size_t)(e - au->ptr) - i : au->len - i;
    if (l && memmem(t, n, au->ptr + i, l))
      return 1; /* names are written as in the head, capitals and all */
    i += l + 1;
  }
  return 0;
}

/* Kept blocks that are only the byline, the dateline or the tag list. */
static void drop_lines(cl_meta *m, cl_blocks *bl, int head, cl_buf *f,
                       cl_buf *tmp) {
  const cl_buf *tags = &m->f[CLEANER_FIELD_TAGS];
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (!b->keep || (int)i == head || b->len > LINE_BYTES_MAX ||
        !worth_folding(m, b, cl_block_text(bl, b), b->len))
      continue;
    cl_buf_clear(f);
    cl_fold(cl_block_text(bl, b), b->len, f);
    size_t dates = has_digit(f->ptr, f->len) ? blank_dates(f) : 0;
    size_t names = blank_values(f, &m->f[CLEANER_FIELD_AUTHOR], tmp);
    size_t ntags = b->kind == CL_HEADING ? 0 : blank_values(f, tags, tmp);
    if (ntags && separators(f->ptr, f->len) + 1 < ntags)
      ntags = 0;
    size_t rest = residue(f->ptr, f->len);
    if (rest > RESIDUE_MAX)
      continue;
    /* A tag list has nothing but the tags and a label ("Теги:"). */
    if (ntags && rest && !(rest == 1 && labelled(f->ptr, f->len)))
      ntags = 0;
    const char *why = names        ? "byline"
                      : dates      ? "dateline"
                      : ntags >= 2 ? "tags"
                                   : NULL;
    if (why) {
      b->keep = 0;
      b->reason = why;
    }
  }
  /* A tag list of one tag per block: two neighbours that are tags. */
  for (size_t i = 0; tags->len && i + 1 < bl->n; i++)
    if (tag_equal(bl, i, tags, f, tmp) && tag_equal(bl, i + 1, tags, f, tmp)) {
      bl->v[i].keep = bl->v[i + 1].keep = 0;
      bl->v[i].reason = bl->v[i + 1].reason = "tags";
    }
}

/* ---- Title ----------------------------------------------------------------
 */

static const char *const title_seps[] = {" | ",  " - ", " – ", " — ",
                                         " :: ", " / ", " · ", " » ",
                                         " « ",  " • ", " || "};
#define NSEPS (sizeof title_seps / sizeof title_seps[0])

/* Letters and digits of the folded text, for loose comparison. */
static void squeeze(const char *s, size_t n, cl_buf *out) {
  cl_buf_clear(out);
  cl_fold(s, n, out);
  size_t k = 0;
  for (size_t i = 0; i < out->len;) {
    size_t at = i;
    unsigned cp = cl_next_cp(out->ptr, out->len, &i);
    if (is_letter(cp) || (cp >= '0' && cp <= '9')) {
      memmove(out->ptr + k, out->ptr + at, i - at);
      k += i - at;
    }
  }
  out->len = k;
}

static size_t count_words(const char *s, size_t n) {
  size_t i = 0, a, b, w = 0;
  while (next_word(s, n, &i, &a, &b)) {
    size_t u = unspaced_chars(s + a, b - a);
    w += u ? u : 1;
  }
  return w;
}

/* A title part is the site when one contains the other (squeezed), and
 * the part has at most SITE_EXTRA_WORDS words more than the site ("BBC
 * News" for "BBC"; not a headline that mentions the site). */
typedef struct site_name {
  cl_buf sq;    /* squeezed */
  size_t words; /* words of the name as written */
} site_name;

static int similar(const char *a, size_t an, const site_name *site,
                   cl_buf *tmp) {
  const cl_buf *sq = &site->sq;
  if (sq->len < SITE_MIN_BYTES ||
      count_words(a, an) > site->words + SITE_EXTRA_WORDS)
    return 0;
  squeeze(a, an, tmp);
  if (tmp->len < SITE_MIN_BYTES)
    return 0;
  const cl_buf *sh = tmp->len < sq->len ? tmp : sq;
  const cl_buf *lo = sh == tmp ? sq : tmp;
  return memmem(lo->ptr, lo->len, sh->ptr, sh->len) != NULL;
}

static int is_site(const char *a, size_t an, const site_name *sites,
                   cl_buf *tmp) {
  return similar(a, an, &sites[0], tmp) || similar(a, an, &sites[1], tmp);
}

/* The first label of the URL's host, "www." skipped: "bbc" of
 * "https://www.bbc.co.uk/news". */
static void host_name(const cl_buf *url, site_name *out) {
  const char *p = url->ptr, *e = url->ptr + url->len;
  const char *h = memmem(p, url->len, "://", 3);
  if (!h)
    return;
  h += 3;
  if (e - h > 4 && !memcmp(h, "www.", 4))
    h += 4;
  const char *d = h;
  while (d < e && *d != '.' && *d != '/' && *d != ':')
    d++;
  if (d < e && *d == '.')
    squeeze(h, (size_t)(d - h), &out->sq);
  out->words = 1;
}

/* First (last = 0) or last separator in t: position and length. */
static int find_sep(const char *t, size_t n, int last, size_t *at,
                    size_t *len) {
  int found = 0;
  for (size_t k = 0; k < NSEPS; k++) {
    size_t l = strlen(title_seps[k]);
    for (const char *p = t;
         (p = memmem(p, (size_t)(t + n - p), title_seps[k], l)) != NULL; p++) {
      size_t pos = (size_t)(p - t);
      if (!found || (last ? pos > *at : pos < *at))
        *at = pos, *len = l, found = 1;
      if (!last)
        break;
    }
  }
  return found;
}

static int same_text(const char *a, size_t an, const cl_buf *h_sq,
                     cl_buf *tmp) {
  squeeze(a, an, tmp);
  return h_sq->len && tmp->len == h_sq->len &&
         !memcmp(tmp->ptr, h_sq->ptr, tmp->len);
}

/* One cut of the title [*a, *b): returns 1 if it was cut. */
static int cut_title(const char *t, size_t *a, size_t *b,
                     const site_name *sites, const cl_buf *head, int generic,
                     cl_buf *tmp) {
  size_t fa = 0, fl = 0, la = 0, ll = 0, n = *b - *a;
  const char *s = t + *a;
  if (!find_sep(s, n, 1, &la, &ll) || !find_sep(s, n, 0, &fa, &fl))
    return 0;
  if (same_text(s, la, head, tmp) ||
      is_site(s + la + ll, n - la - ll, sites, tmp)) {
    *b = *a + la;
    return 1;
  }
  if (same_text(s + fa + fl, n - fa - fl, head, tmp) ||
      is_site(s, fa, sites, tmp)) {
    *a += fa + fl;
    return 1;
  }
  if (!generic)
    return 0;
  /* Unknown site: a short last part goes ("... | IAB"); a short first
   * part stays ("Firefox — ...", "Raspberry Pi 3 - ..."), since it is as
   * often the topic as the site. */
  size_t wt = count_words(s + la + ll, n - la - ll), wh = count_words(s, la);
  size_t c = la + ll;
  int lower = c < n && u_islower((UChar32)cl_next_cp(s, n, &c));
  if (wt <= TITLE_GENERIC_WORDS && wt < wh && !lower) { /* not "- a tool" */
    *b = *a + la;
    return 1;
  }
  return 0;
}

static void clean_title(cl_meta *m, cl_blocks *bl, int head, cl_buf *tmp) {
  cl_buf *t = &m->f[CLEANER_FIELD_TITLE];
  cl_buf hl;
  site_name sites[2] = {{.words = 0}, {.words = 0}};
  if (!t->len && head >= 0)
    cl_meta_set(m, CLEANER_FIELD_TITLE, CL_SRC_TEXT,
                cl_block_text(bl, &bl->v[head]), bl->v[head].len);
  if (!t->len && bl->title_text.len)
    cl_meta_set(m, CLEANER_FIELD_TITLE, CL_SRC_TEXT, bl->title_text.ptr,
                bl->title_text.len);
  cl_buf_init(&sites[0].sq, m->mem);
  cl_buf_init(&sites[1].sq, m->mem);
  cl_buf_init(&hl, m->mem);
  squeeze(m->f[CLEANER_FIELD_SITE].ptr, m->f[CLEANER_FIELD_SITE].len,
          &sites[0].sq);
  sites[0].words =
      count_words(m->f[CLEANER_FIELD_SITE].ptr, m->f[CLEANER_FIELD_SITE].len);
  host_name(&m->f[CLEANER_FIELD_URL], &sites[1]);
  if (head >= 0)
    squeeze(cl_block_text(bl, &bl->v[head]), bl->v[head].len, &hl);
  size_t a = 0, b = t->len;
  /* A JSON-LD headline is the headline: only a site name is cut from it. */
  int generic = m->src[CLEANER_FIELD_TITLE] != CL_SRC_JSONLD;
  for (int k = 0;
       k < TITLE_PASSES && cut_title(t->ptr, &a, &b, sites, &hl, generic, tmp);
       k++)
    ;
  if (a || b < t->len) {
    memmove(t->ptr, t->ptr + a, b - a);
    t->len = b - a;
    t->ptr[t->len] = '\0';
  }
  /* A JSON-LD name that is the visible headline beats a headline that is
   * not. */
  squeeze(t->ptr, t->len, tmp);
  if (hl.len && !same_text(t->ptr, t->len, &hl, tmp) &&
      same_text(m->alt_title.ptr, m->alt_title.len, &hl, tmp)) {
    cl_buf_clear(t);
    cl_buf_append(t, m->alt_title.ptr, m->alt_title.len);
  }
  /* og:title is often the headline cut short: the visible headline that
   * goes on from it is the title. */
  squeeze(t->ptr, t->len, tmp);
  if (head >= 0 && tmp->len >= SITE_MIN_BYTES && hl.len > tmp->len &&
      !memcmp(hl.ptr, tmp->ptr, tmp->len)) {
    cl_buf_clear(t);
    cl_collapse(cl_block_text(bl, &bl->v[head]), bl->v[head].len, t);
  }
  if (sites[0].sq.oom || sites[1].sq.oom || hl.oom || m->alt_title.oom)
    t->oom = 1;
  cl_buf_free(&sites[0].sq);
  cl_buf_free(&sites[1].sq);
  cl_buf_free(&hl);
}

cleaner_status cl_meta_blocks(cl_meta *m, cl_blocks *bl) {
  cl_buf f, tmp;
  cl_buf_init(&f, m->mem);
  cl_buf_init(&tmp, m->mem);
  int head = headline_index(bl);
  if (!m->f[CLEANER_FIELD_DATE].len)
    visible_date(m, bl, head);
  if (!m->f[CLEANER_FIELD_AUTHOR].len)
    visible_author(m, bl);
  drop_lines(m, bl, head, &f, &tmp);
  clean_title(m, bl, head, &tmp);
  int oom = f.oom || tmp.oom;
  for (int i = 0; i < CLEANER_FIELD_COUNT; i++)
    oom |= m->f[i].oom;
  cl_buf_free(&f);
  cl_buf_free(&tmp);
  return oom ? CLEANER_ENOMEM : CLEANER_OK;
}
