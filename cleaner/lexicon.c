#define _GNU_SOURCE /* memmem */
#include "lexicon.h"

#include <string.h>

/* Open-addressing table from stopword to language bitmask. Load factor at
 * most 1/2 keeps probe sequences short. */
typedef struct stop_slot {
  const char *word;
  uint32_t len;
  uint32_t mask;
} stop_slot;

/* Phrases of one list bucketed by their first two bytes, so a scan looks
 * only at the few that can start at a position. */
#define PHRASE_BUCKETS 1024

typedef struct phrase_index {
  uint16_t
      start[PHRASE_BUCKETS + 1]; /* bucket b: order[start[b]..start[b+1]) */
  uint16_t *order;               /* phrase numbers */
  uint16_t *len;                 /* byte length of each phrase */
} phrase_index;

struct cl_lexicon {
  const cl_mem *mem;
  stop_slot *slots;
  size_t nslots;   /* power of two */
  size_t stop_max; /* bytes of the longest stopword */
  int neutral;
  phrase_index *index; /* one per language */
};

static unsigned bucket_of(unsigned char a, unsigned char b) {
  return ((unsigned)a * 31u + b) & (PHRASE_BUCKETS - 1);
}

static int index_phrases(const cl_mem *mem, const cl_lang_data *d,
                         phrase_index *x) {
  size_t n = d->nphrase;
  memset(x->start, 0, sizeof x->start);
  x->order = cl_calloc(mem, n ? n : 1, sizeof *x->order);
  x->len = cl_calloc(mem, n ? n : 1, sizeof *x->len);
  if (!x->order || !x->len)
    return -1;
  for (size_t i = 0; i < n; i++) {
    const unsigned char *t = (const unsigned char *)d->phrase[i].text;
    x->len[i] = (uint16_t)strlen(d->phrase[i].text);
    x->start[bucket_of(t[0], t[0] ? t[1] : 0) + 1]++;
  }
  for (size_t b = 0; b < PHRASE_BUCKETS; b++)
    x->start[b + 1] += x->start[b];
  uint16_t fill[PHRASE_BUCKETS];
  memcpy(fill, x->start, sizeof fill);
  for (size_t i = 0; i < n; i++) {
    const unsigned char *t = (const unsigned char *)d->phrase[i].text;
    x->order[fill[bucket_of(t[0], t[0] ? t[1] : 0)]++] = (uint16_t)i;
  }
  return 0;
}

static stop_slot *find_slot(const cl_lexicon *lx, const char *w, size_t n,
                            uint64_t hash) {
  size_t mask = lx->nslots - 1;
  size_t i = (size_t)hash & mask;
  for (;;) {
    stop_slot *s = &lx->slots[i];
    if (!s->word || (s->len == n && memcmp(s->word, w, n) == 0))
      return s;
    i = (i + 1) & mask;
  }
}

static size_t count_stopwords(void) {
  size_t total = 0;
  for (size_t i = 0; i < cl_lang_table_len; i++)
    total += cl_lang_table[i].nstop;
  return total;
}

cleaner_status cl_lexicon_new(const cl_mem *mem, cl_lexicon **out) {
  *out = NULL;
  cl_lexicon *lx = cl_calloc(mem, 1, sizeof *lx);
  if (!lx)
    return CLEANER_ENOMEM;
  lx->mem = mem;
  lx->neutral = -1;
  size_t n = 64;
  while (n < 2 * count_stopwords())
    n *= 2;
  lx->slots = cl_calloc(mem, n, sizeof *lx->slots);
  if (!lx->slots) {
    cl_free(mem, lx);
    return CLEANER_ENOMEM;
  }
  lx->nslots = n;
  for (size_t l = 0; l < cl_lang_table_len && l < CL_MAX_LANGS; l++) {
    const cl_lang_data *d = &cl_lang_table[l];
    if (strcmp(d->code, "xx") == 0)
      lx->neutral = (int)l;
    for (size_t i = 0; i < d->nstop; i++) {
      size_t len = strlen(d->stop[i]);
      if (len > lx->stop_max)
        lx->stop_max = len;
      stop_slot *s = find_slot(lx, d->stop[i], len, cl_hash(d->stop[i], len));
      s->word = d->stop[i];
      s->len = (uint32_t)len;
      s->mask |= 1u << l;
    }
  }
  lx->index = cl_calloc(mem, cl_lexicon_langs(lx), sizeof *lx->index);
  if (!lx->index) {
    cl_lexicon_free(lx);
    return CLEANER_ENOMEM;
  }
  for (size_t l = 0; l < cl_lexicon_langs(lx); l++)
    if (index_phrases(mem, &cl_lang_table[l], &lx->index[l]) != 0) {
      cl_lexicon_free(lx);
      return CLEANER_ENOMEM;
    }
  *out = lx;
  return CLEANER_OK;
}

void cl_lexicon_free(cl_lexicon *lx) {
  if (!lx)
    return;
  for (size_t l = 0; lx->index && l < cl_lexicon_langs(lx); l++) {
    cl_free(lx->mem, lx->index[l].order);
    cl_free(lx->mem, lx->index[l].len);
  }
  cl_free(lx->mem, lx->index);
  cl_free(lx->mem, lx->slots);
  cl_free(lx->mem, lx);
}

size_t cl_lexicon_langs(const cl_lexicon *lx) {
  (void)lx;
  return cl_lang_table_len < CL_MAX_LANGS ? cl_lang_table_len : CL_MAX_LANGS;
}

const char *cl_lexicon_code(const cl_lexicon *lx, int lang) {
  if (lang < 0 || (size_t)lang >= cl_lexicon_langs(lx))
    return "";
  return cl_lang_table[lang].code;
}

double cl_lexicon_density(const cl_lexicon *lx, int lang) {
  if (lang < 0 || (size_t)lang >= cl_lexicon_langs(lx))
    return 0.0;
  return cl_lang_table[lang].density;
}

int cl_lexicon_find(const cl_lexicon *lx, const char *code) {
  for (size_t i = 0; i < cl_lexicon_langs(lx); i++)
    if (!strcmp(cl_lang_table[i].code, code))
      return (int)i;
  return -1;
}

int cl_lexicon_neutral(const cl_lexicon *lx) { return lx->neutral; }

uint32_t cl_lexicon_stopmask(const cl_lexicon *lx, const char *word,
                             size_t len) {
  return find_slot(lx, word, len, cl_hash(word, len))->mask;
}

uint32_t cl_lexicon_stopmask_hashed(const cl_lexicon *lx, const char *word,
                                    size_t len, uint64_t hash) {
  return find_slot(lx, word, len, hash)->mask;
}

size_t cl_lexicon_stop_max(const cl_lexicon *lx) { return lx->stop_max; }

int cl_lexicon_hint(const cl_lexicon *lx, const char *token, size_t len) {
  (void)lx;
  size_t lo = 0, hi = cl_hint_table_len;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    /* memcmp and lengths: the token may hold a NUL (a raw value the
     * pre-pass reads), which strncmp would stop at. */
    const char *t = cl_hint_table[mid].token;
    size_t tl = strlen(t);
    int c = memcmp(t, token, tl < len ? tl : len);
    if (c == 0)
      c = tl < len ? -1 : tl > len;
    if (c == 0)
      return cl_hint_table[mid].score;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

/* Positions where a phrase may start: the text's start, a word start, and
 * any character of a script written without spaces (lead bytes from 0xE3:
 * kana, Han, Hangul). */
static int phrase_position(const unsigned char *t, size_t i) {
  if (i == 0)
    return 1;
  if ((t[i] & 0xC0) == 0x80)
    return 0;
  return t[i - 1] == ' ' || t[i] >= 0xE3;
}

/* Phrases of one list that start at position i of the text. */
static void scan_at(const cl_lang_data *d, const phrase_index *x,
                    const unsigned char *t, size_t len, size_t i, unsigned b,
                    size_t contain_max, cl_phrase_hits *h,
                    uint64_t *social_seen) {
  int sentence = i == 0 || (i >= 2 && t[i - 1] == ' ' && t[i - 2] == '.');
  for (unsigned k = x->start[b]; k < x->start[b + 1]; k++) {
    unsigned p = x->order[k];
    const cl_phrase *ph = &d->phrase[p];
    size_t pl = x->len[p];
    if (pl > len - i || memcmp(t + i, ph->text, pl) != 0)
      continue;
    if (ph->kind == CL_PHRASE_SOCIAL) {
      /* Each network once; past 64 phrases every hit counts. */
      if (p >= 64 || !(*social_seen & ((uint64_t)1 << p))) {
        *social_seen |= p < 64 ? (uint64_t)1 << p : 0;
        h->socials++;
      }
      continue;
    }
    if (ph->kind == CL_PHRASE_LINE) {
      if (i == 0 && (pl == len || (pl + 1 == len && t[pl] == ':')) &&
          ph->weight > h->weight)
        h->weight = ph->weight;
      continue;
    }
    if (i == 0 && ph->weight > h->weight)
      h->weight = ph->weight;
    else if (ph->weight == 3 && len <= contain_max && h->weight < 3)
      h->weight = 3;
    if (sentence && ph->kind != CL_PHRASE_PLAIN && h->kind == CL_PHRASE_PLAIN)
      h->kind = ph->kind;
  }
}

/* 1 if the text has a lead byte of a script without spaces (0xE3 on). */
static int has_wide(const unsigned char *t, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (t[i] >= 0xE3)
      return 1;
  return 0;
}

/* The first phrase position after i, or len. Without wide scripts the
 * positions are the word starts: memchr finds the spaces before them. */
static size_t next_position(const unsigned char *t, size_t len, size_t i,
                            int wide) {
  for (i++; i < len; i++) {
    if (!wide) {
      const unsigned char *sp = memchr(t + i - 1, ' ', len - i);
      if (!sp)
        return len;
      i = (size_t)(sp - t) + 1;
    }
    if (phrase_position(t, i))
      return i;
  }
  return len;
}

/* Both lists are scanned in one walk over the positions. Weights and
 * social networks do not depend on the order of the hits; the kind is the
 * language list's first, else the neutral list's first, as when the lists
 * were scanned one after the other. */
void cl_lexicon_scan(const cl_lexicon *lx, int lang, const char *text,
                     size_t len, size_t contain_max, cl_phrase_hits *out) {
  const unsigned char *t = (const unsigned char *)text;
  uint64_t seen = 0;
  cl_phrase_hits nh = {0, CL_PHRASE_PLAIN, 0};
  *out = nh;
  int own = lang >= 0 && (size_t)lang < cl_lexicon_langs(lx);
  int wide = has_wide(t, len);
  const phrase_index *xo = own ? &lx->index[lang] : NULL;
  const phrase_index *xn = lx->neutral >= 0 ? &lx->index[lx->neutral] : NULL;
  for (size_t i = 0; i < len; i = next_position(t, len, i, wide)) {
    unsigned b = bucket_of(t[i], i + 1 < len ? t[i + 1] : 0);
    if (xo && xo->start[b] < xo->start[b + 1])
      scan_at(&cl_lang_table[lang], xo, t, len, i, b, contain_max, out, &seen);
    if (xn && xn->start[b] < xn->start[b + 1])
      scan_at(&cl_lang_table[lx->neutral], xn, t, len, i, b, contain_max, &nh,
              &seen);
  }
  if (nh.weight > out->weight)
    out->weight = nh.weight;
  if (out->kind == CL_PHRASE_PLAIN)
    out->kind = nh.kind;
  out->socials += nh.socials;
}
