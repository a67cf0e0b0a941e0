/* Dates in the forms pages write them, to ISO 8601 (meta.h,
 * cl_meta_date). The string is cut into tokens (numbers, words, marks);
 * a few patterns are tried at each token; month names come from
 * data/months.txt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feat.h"
#include "meta.h"

/* Tokens looked at: a dateline is short, a <meta> date shorter still. */
#define DATE_TOKENS_MAX 48
/* Longest month word looked up (bytes, folded): "σεπτεμβρίου" is 22. */
#define MONTH_WORD_MAX 32
/* Years accepted: the web's dates, with room on both sides. */
#define YEAR_MIN 1900
#define YEAR_MAX 2100
/* Words allowed between the parts of a date ("10 de abril de 2024",
 * "10 апреля 2024 года"): at most this long, in bytes. */
#define FILLER_MAX 3
/* Words allowed between a date and its time ("at", "в", "um", "года"),
 * at most this long in bytes. */
#define LEAD_WORD_MAX 8

enum { K_NUM, K_WORD, K_MARK };

typedef struct tok {
  uint8_t kind;
  uint8_t digits; /* K_NUM: number of digits */
  unsigned value; /* K_NUM: value; K_WORD: month 1-12 or 0 */
  unsigned mark;  /* K_MARK: the code point */
  size_t a, b;    /* bytes of the string */
} tok;

/* strcmp's order; the first bytes, which settle most comparisons of a
 * word with the table, compared without the call. */
static int month_cmp(const void *k, const void *e) {
  const unsigned char *a = k;
  const unsigned char *b = (const unsigned char *)((const cl_month *)e)->word;
  return a[0] != b[0] ? a[0] - b[0] : strcmp((const char *)a, (const char *)b);
}

/* Month of a lowercased word, 0 if it names none. */
static unsigned month_of(char *w, size_t n) {
  w[n] = '\0';
  const cl_month *m = bsearch(w, cl_month_table, cl_month_table_len,
                              sizeof *cl_month_table, month_cmp);
  return m ? (unsigned)m->month : 0;
}

static int is_letter_cp(unsigned cp) {
  if (cp < 0x80)
    return (cp | 32) >= 'a' && (cp | 32) <= 'z';
  /* CJK date marks are tokens of their own; other non-ASCII letters make
   * words. */
  return !cl_is_space(cp) && cp != 0x5E74 && cp != 0x6708 && cp != 0x65E5 &&
         cp != 0xB144 && cp != 0xC6D4 && cp != 0xC77C && cp != 0x2013 &&
         cp != 0x2014 && cp != 0xB7 && cp != 0xAB && cp != 0xBB &&
         cp != 0x2022 && cp != 0x2019 && cp != 0x201C && cp != 0x201D;
}

/* Lowercase the Cyrillic, Greek and Latin-1 capitals month names start
 * with, so that "Апреля" and "Avril" are found (the table is folded). */
static void lower_word(const char *s, size_t n, char *out, size_t *len) {
  size_t k = 0;
  for (size_t i = 0; i < n && k + 4 < MONTH_WORD_MAX;) {
    unsigned cp = cl_next_cp(s, n, &i);
    if (cp >= 'A' && cp <= 'Z')
      cp += 32;
    else if (cp >= 0x410 && cp <= 0x42F)
      cp += 0x20;
    else if (cp >= 0x400 && cp <= 0x40F)
      cp += 0x50;
    else if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
             (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2))
      cp += 0x20;
    else if (cp >= 0x386 && cp <= 0x38F)
      cp = cp == 0x386 ? 0x3AC : cp <= 0x38A ? cp + 37 : cp + 63;
    else if (cp == 0x3C2)
      cp = 0x3C3; /* final sigma: the table writes σ */
    else if (cp == 0x130 || cp == 0x15E || cp == 0x11E)
      cp = cp == 0x130 ? 'i' : cp + 1;
    k += cl_utf8_encode(cp, out + k);
  }
  *len = k;
}

static size_t tokenize(const char *s, size_t n, tok *t) {
  size_t nt = 0;
  for (size_t i = 0; i < n && nt < DATE_TOKENS_MAX;) {
    size_t a = i;
    unsigned cp = cl_next_cp(s, n, &i);
    if (cl_is_space(cp))
      continue;
    tok *k = &t[nt++];
    memset(k, 0, sizeof *k);
    k->a = a;
    if (cp >= '0' && cp <= '9') {
      k->kind = K_NUM;
      k->value = cp - '0';
      k->digits = 1;
      while (i < n && s[i] >= '0' && s[i] <= '9') {
        if (k->digits < 9)
          k->value = k->value * 10 + (unsigned)(s[i] - '0');
        k->digits++;
        i++;
      }
    } else if (is_letter_cp(cp)) {
      k->kind = K_WORD;
      size_t j = i;
      while (j < n) {
        size_t at = j;
        unsigned c = cl_next_cp(s, n, &j);
        if (!is_letter_cp(c) || (c >= '0' && c <= '9')) {
          j = at;
          break;
        }
      }
      i = j;
      char w[MONTH_WORD_MAX + 8];
      size_t wl;
      lower_word(s + a, i - a, w, &wl);
      k->value = i - a <= MONTH_WORD_MAX ? month_of(w, wl) : 0;
    } else {
      k->kind = K_MARK;
      k->mark = cp;
    }
    k->b = i;
  }
  return nt;
}

typedef struct date {
  unsigned y, m, d, hh, mm, ss;
  int has_time, has_sec, has_zone, zone_min; /* zone_min: offset */
  int zulu;
  size_t a, b; /* bytes covered */
} date;

static int is_mark(const tok *t, unsigned c) {
  return t->kind == K_MARK && t->mark == c;
}

/* A month name (the table's 13 marks day names). */
static int is_month(const tok *t) {
  return t->kind == K_WORD && t->value >= 1 && t->value <= 12;
}

static int is_sep(const tok *t) {
  return t->kind == K_MARK &&
         (t->mark == '-' || t->mark == '/' || t->mark == '.');
}

static int valid(const date *d) {
  return d->y >= YEAR_MIN && d->y <= YEAR_MAX && d->m >= 1 && d->m <= 12 &&
         d->d >= 1 && d->d <= 31;
}

static int num(const tok *t, size_t i, size_t nt, int lo, int hi) {
  return i < nt && t[i].kind == K_NUM && t[i].digits >= lo && t[i].digits <= hi;
}

static unsigned year_of(const tok *t) {
  return t->digits == 2 ? 2000 + t->value : t->value;
}

/* A filler word between date parts: "de", "del", "года", "г", "р". */
static int filler(const tok *t) {
  return t->kind == K_WORD && t->value == 0 && t->b - t->a <= FILLER_MAX * 2 &&
         t->b - t->a >= 1;
}

/* Numeric dates: Y-M-D, D.M.Y, D/M/Y, CJK "2024年4月10日". Returns the
 * index after the date or 0. */
static size_t numeric(const tok *t, size_t i, size_t nt, date *d) {
  if (num(t, i, nt, 4, 4) && i + 4 < nt && is_sep(&t[i + 1]) &&
      num(t, i + 2, nt, 1, 2) && is_mark(&t[i + 3], t[i + 1].mark) &&
      num(t, i + 4, nt, 1, 2)) {
    d->y = t[i].value, d->m = t[i + 2].value, d->d = t[i + 4].value;
    return i + 5;
  }
  if (num(t, i, nt, 4, 4) && i + 5 < nt && is_mark(&t[i + 1], 0x5E74) &&
      num(t, i + 2, nt, 1, 2) && is_mark(&t[i + 3], 0x6708) &&
      num(t, i + 4, nt, 1, 2)) {
    d->y = t[i].value, d->m = t[i + 2].value, d->d = t[i + 4].value;
    return i + 5 + (i + 5 < nt && is_mark(&t[i + 5], 0x65E5));
  }
  if (num(t, i, nt, 4, 4) && i + 5 < nt && is_mark(&t[i + 1], 0xB144) &&
      num(t, i + 2, nt, 1, 2) && is_mark(&t[i + 3], 0xC6D4) &&
      num(t, i + 4, nt, 1, 2)) {
    d->y = t[i].value, d->m = t[i + 2].value, d->d = t[i + 4].value;
    return i + 5 + (i + 5 < nt && is_mark(&t[i + 5], 0xC77C));
  }
  if (num(t, i, nt, 1, 2) && i + 4 < nt && is_sep(&t[i + 1]) &&
      t[i + 1].mark != '-' && num(t, i + 2, nt, 1, 2) &&
      is_mark(&t[i + 3], t[i + 1].mark) &&
      (num(t, i + 4, nt, 4, 4) || num(t, i + 4, nt, 2, 2))) {
    unsigned a = t[i].value, b = t[i + 2].value;
    /* Day first, as outside the US; month first only when the day could
     * not be a month. */
    d->d = a, d->m = b;
    if (t[i + 1].mark == '/' && b > 12 && a <= 12)
      d->d = b, d->m = a;
    d->y = year_of(&t[i + 4]);
    return i + 5;
  }
  return 0;
}

/* Dates with a month name: "10 апреля 2024", "10. März 2024", "10 de
 * abril de 2024", "April 10, 2024", "Apr 10th 2024". */
static size_t named(const tok *t, size_t i, size_t nt, date *d) {
  size_t j = i;
  if (num(t, j, nt, 1, 2)) {
    d->d = t[j++].value;
    if (j < nt && is_mark(&t[j], '.'))
      j++;
    if (j < nt && filler(&t[j]) && j + 1 < nt && is_month(&t[j + 1]))
      j++;
    if (j >= nt || !is_month(&t[j]))
      return 0;
    d->m = t[j++].value;
    if (j < nt && (is_mark(&t[j], '.') || is_mark(&t[j], ',')))
      j++;
    if (j < nt && filler(&t[j]) && num(t, j + 1, nt, 4, 4))
      j++;
    if (!num(t, j, nt, 4, 4))
      return 0;
    d->y = t[j++].value;
    return j;
  }
  if (j < nt && is_month(&t[j]) && num(t, j + 1, nt, 1, 2)) {
    d->m = t[j].value;
    d->d = t[j + 1].value;
    j += 2;
    if (j < nt && t[j].kind == K_WORD && !t[j].value && t[j].b - t[j].a == 2)
      j++; /* 10th */
    if (j < nt && is_mark(&t[j], ','))
      j++;
    if (!num(t, j, nt, 4, 4))
      return 0;
    d->y = t[j++].value;
    return j;
  }
  return 0;
}

/* A zone after the time: Z, +03:00, +0300, GMT, UTC. */
static size_t zone(const tok *t, size_t j, size_t nt, date *d, const char *s) {
  if (j < nt && t[j].kind == K_WORD && t[j].b - t[j].a == 1 &&
      s[t[j].a] == 'Z') {
    /* "Z" is a word token of one letter. */
    d->has_zone = d->zulu = 1;
    return j + 1;
  }
  if (j < nt && t[j].kind == K_WORD && t[j].b - t[j].a == 3 &&
      (!strncmp(s + t[j].a, "GMT", 3) || !strncmp(s + t[j].a, "UTC", 3))) {
    d->has_zone = d->zulu = 1;
    return j + 1;
  }
  if (j + 1 < nt && (is_mark(&t[j], '+') || is_mark(&t[j], '-')) &&
      t[j + 1].kind == K_NUM) {
    int sign = t[j].mark == '+' ? 1 : -1;
    unsigned h, m = 0;
    size_t k = j + 2;
    if (t[j + 1].digits == 4) {
      h = t[j + 1].value / 100, m = t[j + 1].value % 100;
    } else if (t[j + 1].digits <= 2) {
      h = t[j + 1].value;
      if (k + 1 < nt && is_mark(&t[k], ':') && num(t, k + 1, nt, 2, 2))
        m = t[k + 1].value, k += 2;
    } else {
      return j;
    }
    if (h > 14 || m > 59)
      return j;
    d->has_zone = 1;
    d->zone_min = sign * (int)(h * 60 + m);
    return k;
  }
  return j;
}

/* An optional time after the date: [T|,|at|в|о|um|à|-|/] HH:MM[:SS][.f]
 * [zone]. */
static size_t clock_time(const tok *t, size_t j, size_t nt, date *d,
                         const char *s) {
  size_t k = j;
  for (int skip = 0; skip < 2 && k < nt && !num(t, k, nt, 1, 2); skip++) {
    const tok *x = &t[k];
    int lead = x->kind == K_MARK ? x->mark != ':'
                                 : (x->b - x->a <= LEAD_WORD_MAX && !x->value &&
                                    !(x->b - x->a == 1 && s[x->a] != 'T'));
    if (!lead)
      break;
    k++;
  }
  if (!(num(t, k, nt, 1, 2) && k + 2 < nt && is_mark(&t[k + 1], ':') &&
        num(t, k + 2, nt, 2, 2)))
    return j;
  if (t[k].value > 23 || t[k + 2].value > 59)
    return j;
  d->hh = t[k].value, d->mm = t[k + 2].value, d->has_time = 1;
  k += 3;
  if (k + 1 < nt && is_mark(&t[k], ':') && num(t, k + 1, nt, 2, 2) &&
      t[k + 1].value <= 60) {
    d->ss = t[k + 1].value, d->has_sec = 1;
    k += 2;
  }
  if (k + 1 < nt && is_mark(&t[k], '.') && t[k + 1].kind == K_NUM &&
      t[k + 1].a == t[k].b)
    k += 2; /* fractions of a second */
  return zone(t, k, nt, d, s);
}

static size_t write_iso(const date *d, char *out) {
  int n = snprintf(out, CL_DATE_MAX, "%04u-%02u-%02u", d->y, d->m, d->d);
  if (d->has_time) {
    n += snprintf(out + n, CL_DATE_MAX - (size_t)n, "T%02u:%02u", d->hh, d->mm);
    if (d->has_sec)
      n += snprintf(out + n, CL_DATE_MAX - (size_t)n, ":%02u", d->ss);
    if (d->has_zone && d->zulu)
      n += snprintf(out + n, CL_DATE_MAX - (size_t)n, "Z");
    else if (d->has_zone) {
      int z = d->zone_min < 0 ? -d->zone_min : d->zone_min;
      n += snprintf(out + n, CL_DATE_MAX - (size_t)n, "%c%02d:%02d",
                    d->zone_min < 0 ? '-' : '+', z / 60, z % 60);
    }
  }
  return (size_t)n;
}

unsigned cl_meta_word_month(const char *s, size_t n) {
  char w[MONTH_WORD_MAX + 8];
  size_t wl;
  if (n > MONTH_WORD_MAX)
    return 0;
  lower_word(s, n, w, &wl);
  return month_of(w, wl);
}

/* Can tokenize() make a number of two digits or more? Every date has one
 * (its year), so without it the tokens need not be made. A number starts
 * at a code point that cl_next_cp() reads as a digit, whose last byte has
 * that digit in its low six bits whatever the bytes, and goes on over
 * ASCII digits. */
static int has_long_number(const char *s, size_t n) {
  for (size_t i = 1; i < n; i++)
    if (s[i] >= '0' && s[i] <= '9' &&
        (unsigned)(((unsigned char)s[i - 1] & 0x3F) - '0') <= 9)
      return 1;
  return 0;
}

size_t cl_meta_date(const char *s, size_t n, char *out, cl_span *span) {
  tok t[DATE_TOKENS_MAX];
  if (!has_long_number(s, n))
    return 0;
  size_t nt = tokenize(s, n, t);
  for (size_t i = 0; i < nt; i++) {
    date d;
    memset(&d, 0, sizeof d);
    size_t j = numeric(t, i, nt, &d);
    if (!j) {
      memset(&d, 0, sizeof d);
      j = named(t, i, nt, &d);
    }
    if (!j || !valid(&d))
      continue;
    j = clock_time(t, j, nt, &d, s);
    if (span) {
      span->ptr = s + t[i].a;
      span->len = t[j - 1].b - t[i].a;
    }
    return write_iso(&d, out);
  }
  return 0;
}
