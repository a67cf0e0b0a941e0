#define _GNU_SOURCE /* memmem */
#include "classify.h"

#include <string.h>

#include "feat.h"

/* Block classes follow jusText (Pomikalek 2011): a block is bad when its
 * link density is high, short when it has few characters, and good or
 * near-good by its stopword density. Defaults are jusText's, chars. */
#define LINK_DENSITY_MAX 0.2
#define LENGTH_LOW 70
#define LENGTH_HIGH 200
#define STOPWORDS_LOW 0.22
#define STOPWORDS_HIGH 0.30
/* Scripts without stopword lists (zh, ja, ...): a character carries about a
 * word, so the length bounds shrink, and sentence punctuation stands in
 * for stopwords: prose has a mark every 10-30 characters. */
#define CJK_LENGTH_LOW 20
#define CJK_LENGTH_HIGH 60
#define PUNCT_PER_CHAR_MIN 0.02
/* The page language needs this many stopword hits in all. */
#define LANG_MIN_HITS 10
/* Hints at or below this mark a block as boilerplate whatever its text. */
#define HINT_BAD (-20)
/* Region descent: go into the child container holding at least this share
 * of the page's article-like text. */
#define REGION_SHARE 0.70
/* A heading this many characters or fewer from the next good block takes
 * its class (jusText's max_heading_distance). */
#define HEADING_DISTANCE 200
/* Boilerplate phrases count only in blocks up to this length (bytes). */
#define PHRASE_BLOCK_MAX 240
/* Headline must cover at least this share of the title's length. */
#define TITLE_MIN_SHARE 0.3

void cl_detect_lang(const cl_lexicon *lx, cl_blocks *bl) {
  uint64_t hits[CL_MAX_LANGS] = {0};
  size_t nl = cl_lexicon_langs(lx);
  for (size_t i = 0; i < bl->n; i++)
    for (size_t l = 0; l < nl; l++)
      hits[l] += bl->v[i].stop[l];
  int best = -1;
  for (size_t l = 0; l < nl; l++)
    if (hits[l] >= LANG_MIN_HITS && (best < 0 || hits[l] > hits[best]))
      best = (int)l;
  bl->lang = best;
}

static double link_density(const cl_block *b) {
  return b->chars ? (double)b->link_chars / b->chars : 0.0;
}

static int is_cjk_block(const cl_block *b) {
  /* Mostly a script written without spaces between words. */
  return 2 * b->cjk_chars > b->chars;
}

/* Stage 1: context-free class from the block's own text. */
static int base_class(const cl_block *b, int lang) {
  if (link_density(b) > LINK_DENSITY_MAX)
    return CL_BAD;
  if (b->kind == CL_CODE && b->chars >= LENGTH_LOW)
    return CL_GOOD;
  if (lang < 0 || is_cjk_block(b)) {
    double pd = b->chars ? (double)b->punct / b->chars : 0.0;
    if (b->chars < CJK_LENGTH_LOW)
      return CL_SHORT;
    if (pd >= PUNCT_PER_CHAR_MIN)
      return b->chars >= CJK_LENGTH_HIGH ? CL_GOOD : CL_NEAR;
    return b->chars >= CJK_LENGTH_HIGH ? CL_NEAR : CL_BAD;
  }
  double sd = b->words ? (double)b->stop[lang] / b->words : 0.0;
  if (b->chars < LENGTH_LOW)
    return CL_SHORT;
  if (sd >= STOPWORDS_HIGH)
    return b->chars >= LENGTH_HIGH ? CL_GOOD : CL_NEAR;
  if (sd >= STOPWORDS_LOW)
    return CL_NEAR;
  return CL_BAD;
}

typedef struct scratch {
  double *total;    /* article-like characters per container subtree */
  int32_t *best;    /* child container with the largest total */
  uint8_t *inreg;   /* container lies inside the main region */
} scratch;

static double good_chars(const cl_block *b) {
  if (b->cls < CL_NEAR || b->hint_near <= HINT_BAD)
    return 0.0;
  return (double)(b->chars - b->link_chars);
}

/* The main region: from the root, step into the child container that holds
 * most of the article-like text while it holds REGION_SHARE of it. */
static int32_t pick_region(cl_blocks *bl, scratch *s) {
  for (size_t i = 0; i < bl->n; i++)
    s->total[bl->v[i].container] += good_chars(&bl->v[i]);
  for (size_t c = bl->nc; c-- > 1;)
    s->total[bl->c[c].parent] += s->total[c];
  for (size_t c = 0; c < bl->nc; c++)
    s->best[c] = -1;
  for (size_t c = 1; c < bl->nc; c++) {
    int32_t p = bl->c[c].parent;
    if (s->best[p] < 0 || s->total[c] > s->total[s->best[p]])
      s->best[p] = (int32_t)c;
  }
  int32_t r = 0;
  while (s->best[r] >= 0 && s->total[s->best[r]] > 0 &&
         s->total[s->best[r]] >= REGION_SHARE * s->total[r] &&
         s->best[s->best[r]] >= 0 && s->total[s->best[s->best[r]]] <
                                         s->total[s->best[r]])
    r = s->best[r];
  for (size_t c = 0; c < bl->nc; c++)
    s->inreg[c] = (int32_t)c == r || (c > 0 && s->inreg[bl->c[c].parent]);
  return r;
}

static void set(cl_block *b, int cls, const char *why) {
  b->cls = (int8_t)cls;
  b->reason = why;
}

/* Stage 1b: evidence beyond the text itself. */
static void adjust(const cl_lexicon *lx, cl_blocks *bl, const scratch *s,
                   cl_buf *fold) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->hint_near <= HINT_BAD) {
      set(b, CL_BAD, "class/id hint");
      continue;
    }
    if (b->len <= PHRASE_BLOCK_MAX) {
      cl_buf_clear(fold);
      cl_fold(cl_block_text(bl, b), b->len, fold);
      b->phrase = (uint8_t)cl_lexicon_phrase(lx, bl->lang, fold->ptr,
                                             fold->len, PHRASE_BLOCK_MAX);
      if (b->phrase >= 2) {
        set(b, CL_BAD, "boilerplate phrase");
        continue;
      }
    }
    if (!s->inreg[b->container]) {
      if (b->cls == CL_GOOD)
        set(b, CL_NEAR, "outside main region");
      else if (b->cls != CL_BAD)
        set(b, CL_BAD, "outside main region");
    } else if (b->cls == CL_NEAR) {
      /* Inside the region, prose-like text is the article unless other
       * evidence says otherwise. */
      set(b, CL_GOOD, "near-good in main region");
    }
  }
}

/* The class of the nearest block before (dir -1) or after (dir 1) i that
 * is not short (and not near-good when skip_near); the ends count as bad. */
static int neighbour(const cl_blocks *bl, size_t i, int dir, int skip_near) {
  for (size_t j = i;;) {
    if (dir < 0 && j == 0)
      return CL_BAD;
    j = dir < 0 ? j - 1 : j + 1;
    if (j >= bl->n)
      return CL_BAD;
    int c = bl->v[j].cls;
    if (c == CL_GOOD || c == CL_BAD || (c == CL_NEAR && !skip_near))
      return c;
  }
}

/* Stage 2: short and near-good blocks take the class of their context. */
static void smooth(cl_blocks *bl) {
  int8_t *cls = (int8_t *)NULL;
  (void)cls;
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->cls != CL_SHORT)
      continue;
    int p = neighbour(bl, i, -1, 1), n = neighbour(bl, i, 1, 1);
    if (p == CL_GOOD && n == CL_GOOD)
      b->score = 1;
    else if (p == CL_BAD && n == CL_BAD)
      b->score = 0;
    else
      b->score = (neighbour(bl, i, -1, 0) == CL_NEAR && p == CL_BAD) ||
                         (neighbour(bl, i, 1, 0) == CL_NEAR && n == CL_BAD)
                     ? 1
                     : 0;
  }
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->cls == CL_SHORT)
      set(b, b->score > 0 ? CL_GOOD : CL_BAD, "context of short block");
  }
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->cls != CL_NEAR)
      continue;
    int p = neighbour(bl, i, -1, 1), n = neighbour(bl, i, 1, 1);
    b->score = (p == CL_BAD && n == CL_BAD) ? 0 : 1;
  }
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->cls == CL_NEAR)
      set(b, b->score > 0 ? CL_GOOD : CL_BAD, "context of near-good block");
  }
}

/* Headings just before good text are kept with it. */
static void keep_headings(cl_blocks *bl, const scratch *s) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->kind != CL_HEADING || b->cls == CL_GOOD ||
        b->hint_near <= HINT_BAD || !s->inreg[b->container] ||
        b->phrase >= 2)
      continue;
    size_t dist = 0;
    for (size_t j = i + 1; j < bl->n && dist <= HEADING_DISTANCE; j++) {
      if (bl->v[j].cls == CL_GOOD && bl->v[j].kind != CL_HEADING) {
        set(b, CL_GOOD, "heading before good text");
        break;
      }
      dist += bl->v[j].chars;
    }
  }
}

static int title_like(const cl_blocks *bl, const cl_block *b, cl_buf *fold) {
  if (!bl->title.len || b->len > 4 * bl->title.len + 16)
    return 0;
  cl_buf_clear(fold);
  cl_fold(cl_block_text(bl, b), b->len, fold);
  if (fold->len < 4)
    return 0;
  if (fold->len >= bl->title.len)
    return memmem(fold->ptr, fold->len, bl->title.ptr, bl->title.len) != NULL;
  return fold->len >= TITLE_MIN_SHARE * bl->title.len &&
         memmem(bl->title.ptr, bl->title.len, fold->ptr, fold->len) != NULL;
}

/* The headline: a heading that matches the title, or else the first <h1>;
 * kept once, in front of the text. */
static void pick_headline(cl_blocks *bl, const cl_classify_opts *o,
                          cl_buf *fold) {
  long first_kept = -1, h = -1, h1 = -1;
  for (size_t i = 0; i < bl->n; i++) {
    if (bl->v[i].cls == CL_GOOD && first_kept < 0)
      first_kept = (long)i;
  }
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->kind != CL_HEADING || b->hint_near <= HINT_BAD)
      continue;
    if (h < 0 && b->level <= 3 && title_like(bl, b, fold))
      h = (long)i;
    if (h1 < 0 && b->level == 1)
      h1 = (long)i;
  }
  if (h < 0)
    h = h1;
  if (h >= 0 && first_kept >= 0 && h > first_kept &&
      bl->v[h].cls != CL_GOOD)
    h = -1; /* a heading after the article started is not its headline */
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->kind == CL_HEADING && (long)i != h && b->flags & CL_F_TITLE)
      b->flags &= (uint16_t)~CL_F_TITLE;
  }
  if (h < 0)
    return;
  bl->v[h].flags |= CL_F_TITLE;
  set(&bl->v[h], o->keep_title ? CL_GOOD : CL_BAD, "headline");
}

/* Never lose the article's first paragraph: the first prose block of the
 * region is kept even when it looked short or link-heavy. */
static void keep_first_paragraph(cl_blocks *bl, const scratch *s) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (!s->inreg[b->container] || b->kind == CL_HEADING)
      continue;
    if (b->cls == CL_GOOD)
      return;
    if (b->chars >= LENGTH_LOW && link_density(b) < 0.5 &&
        b->hint_near > HINT_BAD && b->phrase < 2 && b->punct > 0) {
      set(b, CL_GOOD, "first paragraph");
      return;
    }
  }
}

/* A heading equal to the headline elsewhere on the page is a repeat. */
static void drop_repeats(cl_blocks *bl) {
  const cl_block *h = NULL;
  for (size_t i = 0; i < bl->n && !h; i++)
    if (bl->v[i].flags & CL_F_TITLE)
      h = &bl->v[i];
  for (size_t i = 0; h && i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b != h && b->len == h->len &&
        !memcmp(cl_block_text(bl, b), cl_block_text(bl, h), h->len))
      set(b, CL_BAD, "repeated headline");
  }
}

/* A page whose text is all short still has an article when its region
 * holds plain text: a one-line note is not boilerplate. */
static void keep_short_page(cl_blocks *bl, const scratch *s) {
  for (size_t i = 0; i < bl->n; i++)
    if (bl->v[i].cls == CL_GOOD && !(bl->v[i].flags & CL_F_TITLE))
      return;
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (s->inreg[b->container] && b->chars && link_density(b) < 0.5 &&
        b->hint_near > HINT_BAD && b->phrase < 2 &&
        !(b->flags & CL_F_TITLE))
      set(b, CL_GOOD, "only text on the page");
  }
}

#ifdef CL_DEBUG
#include <stdio.h>
static void dump(const cl_blocks *bl, const scratch *s) {
  for (size_t i = 0; i < bl->n; i++) {
    const cl_block *b = &bl->v[i];
    fprintf(stderr, "%3zu k%d c%-4u w%-3u l%-4u s%-3u p%-2u h%d/%d/%d r%d c%d %-24s|%.70s\n",
            i, b->kind, b->chars, b->words, b->link_chars,
            bl->lang >= 0 ? b->stop[bl->lang] : 0, b->punct, b->hint_near,
            b->hint_min, b->hint_max, s->inreg[b->container], b->cls,
            b->reason, cl_block_text(bl, b));
  }
}
#else
#define dump(bl, s) ((void)0)
#endif

static void decide(cl_blocks *bl) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    b->keep = b->cls == CL_GOOD;
  }
}

cleaner_status cl_classify(const cl_lexicon *lx, cl_blocks *bl,
                           const cl_classify_opts *opts) {
  if (bl->n == 0)
    return CLEANER_OK;
  scratch s;
  s.total = cl_calloc(bl->mem, bl->nc, sizeof *s.total);
  s.best = cl_calloc(bl->mem, bl->nc, sizeof *s.best);
  s.inreg = cl_calloc(bl->mem, bl->nc, sizeof *s.inreg);
  cl_buf fold;
  cl_buf_init(&fold, bl->mem);
  cleaner_status st = CLEANER_ENOMEM;
  if (s.total && s.best && s.inreg) {
    cl_detect_lang(lx, bl);
    for (size_t i = 0; i < bl->n; i++)
      set(&bl->v[i], base_class(&bl->v[i], bl->lang), "text");
    pick_region(bl, &s);
    adjust(lx, bl, &s, &fold);
    smooth(bl);
    keep_headings(bl, &s);
    pick_headline(bl, opts, &fold);
    keep_first_paragraph(bl, &s);
    keep_short_page(bl, &s);
    drop_repeats(bl);
    decide(bl);
    dump(bl, &s);
    st = fold.oom ? CLEANER_ENOMEM : CLEANER_OK;
  }
  cl_buf_free(&fold);
  cl_free(bl->mem, s.total);
  cl_free(bl->mem, s.best);
  cl_free(bl->mem, s.inreg);
  return st;
}
