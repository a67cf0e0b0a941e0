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

struct cl_lexicon {
  const cl_mem *mem;
  stop_slot *slots;
  size_t nslots; /* power of two */
  int neutral;
};

static uint64_t hash_bytes(const char *s, size_t n) {
  /* FNV-1a, 64 bit: simple and good enough for a few thousand words. */
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}

static stop_slot *find_slot(const cl_lexicon *lx, const char *w, size_t n) {
  size_t mask = lx->nslots - 1;
  size_t i = (size_t)hash_bytes(w, n) & mask;
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
      stop_slot *s = find_slot(lx, d->stop[i], len);
      s->word = d->stop[i];
      s->len = (uint32_t)len;
      s->mask |= 1u << l;
    }
  }
  *out = lx;
  return CLEANER_OK;
}

void cl_lexicon_free(cl_lexicon *lx) {
  if (!lx)
    return;
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
  return find_slot(lx, word, len)->mask;
}

int cl_lexicon_hint(const cl_lexicon *lx, const char *token, size_t len) {
  (void)lx;
  size_t lo = 0, hi = cl_hint_table_len;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const char *t = cl_hint_table[mid].token;
    int c = strncmp(t, token, len);
    if (c == 0 && t[len] != '\0')
      c = 1;
    if (c == 0)
      return cl_hint_table[mid].score;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

static int match_list(const cl_lang_data *d, const char *text, size_t len,
                      size_t contain_max) {
  int best = 0;
  for (size_t i = 0; i < d->nphrase; i++) {
    const cl_phrase *p = &d->phrase[i];
    if (p->weight <= best)
      continue;
    size_t pl = strlen(p->text);
    if (pl > len)
      continue;
    if (p->kind == CL_PHRASE_LINE) {
      /* A label: the whole block, perhaps with a colon after it. */
      if ((len == pl || (len == pl + 1 && text[pl] == ':')) &&
          memcmp(text, p->text, pl) == 0)
        best = p->weight;
      continue;
    }
    if (memcmp(text, p->text, pl) == 0) {
      best = p->weight;
    } else if (p->weight == 3 && len <= contain_max) {
      const char *hit = memmem(text, len, p->text, pl);
      if (hit)
        best = p->weight;
    }
  }
  return best;
}

int cl_lexicon_phrase(const cl_lexicon *lx, int lang, const char *text,
                      size_t len, size_t contain_max) {
  int w = 0;
  if (lang >= 0 && (size_t)lang < cl_lexicon_langs(lx))
    w = match_list(&cl_lang_table[lang], text, len, contain_max);
  if (lx->neutral >= 0 && w < 3) {
    int n = match_list(&cl_lang_table[lx->neutral], text, len, contain_max);
    if (n > w)
      w = n;
  }
  return w;
}

static cl_phrase_kind kind_in(const cl_lang_data *d, const char *text,
                              size_t len) {
  for (size_t i = 0; i < d->nphrase; i++) {
    const cl_phrase *p = &d->phrase[i];
    size_t pl = strlen(p->text);
    if (p->kind != CL_PHRASE_PLAIN && p->kind != CL_PHRASE_SOCIAL &&
        p->kind != CL_PHRASE_LINE && pl <= len &&
        memcmp(text, p->text, pl) == 0)
      return p->kind;
  }
  return CL_PHRASE_PLAIN;
}

cl_phrase_kind cl_lexicon_phrase_kind(const cl_lexicon *lx, int lang,
                                      const char *text, size_t len) {
  cl_phrase_kind k = CL_PHRASE_PLAIN;
  if (lang >= 0 && (size_t)lang < cl_lexicon_langs(lx))
    k = kind_in(&cl_lang_table[lang], text, len);
  if (k == CL_PHRASE_PLAIN && lx->neutral >= 0)
    k = kind_in(&cl_lang_table[lx->neutral], text, len);
  return k;
}

int cl_lexicon_socials(const cl_lexicon *lx, const char *text, size_t len) {
  if (lx->neutral < 0)
    return 0;
  const cl_lang_data *d = &cl_lang_table[lx->neutral];
  int n = 0;
  for (size_t i = 0; i < d->nphrase; i++)
    if (d->phrase[i].kind == CL_PHRASE_SOCIAL &&
        memmem(text, len, d->phrase[i].text, strlen(d->phrase[i].text)))
      n++;
  return n;
}
