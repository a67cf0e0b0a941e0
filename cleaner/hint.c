#include "hint.h"

#include <gumbo.h>
#include <string.h>

#define SLUG_MIN_WORDS 4 /* an id of this many words is a heading slug */

int16_t cl_hint_clamp(int h) {
  return (int16_t)(h > CL_HINT_LIMIT    ? CL_HINT_LIMIT
                   : h < -CL_HINT_LIMIT ? -CL_HINT_LIMIT
                                        : h);
}

int cl_hint_tag(int gumbo_tag) {
  switch (gumbo_tag) {
  case GUMBO_TAG_NAV: /* site navigation */
    return -40;
  case GUMBO_TAG_ASIDE:  /* sidebars, pull-outs */
  case GUMBO_TAG_FOOTER: /* page and article footers */
  case GUMBO_TAG_MENU:
    return -30;
  case GUMBO_TAG_HEADER: /* site header, also article heads */
    return -10;
  case GUMBO_TAG_ARTICLE: /* one per teaser on feed pages too */
    return 15;
  case GUMBO_TAG_MAIN:
    return 10;
  default:
    return 0;
  }
}

static int is_alnum_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Score one class name or id: the whole value, else its words. A name that
 * has both negative and positive words is a part of the content that is
 * not content ("article-comments"), so negatives win. */
static int name_hint(const cl_lexicon *lx, const char *s, size_t n) {
  char low[CL_HINT_NAME_MAX];
  size_t k = 0;
  for (size_t i = 0; i < n && k < sizeof low; i++) {
    unsigned char c = (unsigned char)s[i];
    /* camelCase boundary: articleBody -> article body */
    if (c >= 'A' && c <= 'Z' && i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z' &&
        k < sizeof low - 1)
      low[k++] = '-';
    low[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  int whole = cl_lexicon_hint(lx, low, k);
  if (whole)
    return whole;
  int neg = 0, pos = 0;
  for (size_t i = 0; i < k;) {
    while (i < k && !is_alnum_byte((unsigned char)low[i]))
      i++;
    size_t j = i;
    while (j < k && is_alnum_byte((unsigned char)low[j]))
      j++;
    if (j > i) {
      int h = cl_lexicon_hint(lx, low + i, j - i);
      if (h < 0)
        neg += h;
      else
        pos += h;
    }
    i = j;
  }
  return neg ? neg : pos;
}

static int value_hint_uncached(const cl_lexicon *lx, const char *v, size_t n);

/* An id made from a heading ("sharing-with-a-single-developer") names the
 * section's subject, not its role: its words are no hints. It has several
 * words and function words among them, which ids that name a role
 * ("block-views-related-news") lack. */
static int is_slug(const cl_lexicon *lx, const char *v, size_t n) {
  int words = 1, stops = 0;
  const char *w = v, *end = v + n;
  for (const char *p = v;; p++) {
    if (p == end || *p == '-' || *p == '_') {
      if (p > w && cl_lexicon_stopmask(lx, w, (size_t)(p - w)))
        stops++;
      if (p == end)
        break;
      words++;
      w = p + 1;
    }
  }
  return words >= SLUG_MIN_WORDS && stops > 0;
}

/* Cache keys of ids differ from those of other values in this bit. */
#define ID_KEY_BIT 2u

static int cached(const cl_lexicon *lx, cl_hint_cache *hc, int is_id,
                  const char *v, size_t n) {
  if (!n)
    return 0;
  uint64_t k = (cl_hash(v, n) | 1) & ~(uint64_t)ID_KEY_BIT;
  k |= is_id ? ID_KEY_BIT : 0;
  size_t slot = (size_t)(k % CL_HINT_CACHE_SIZE);
  if (hc->key[slot] == k)
    return hc->hint[slot];
  int h = is_id && is_slug(lx, v, n)
              ? 0
              : cl_hint_clamp(value_hint_uncached(lx, v, n));
  hc->key[slot] = k;
  hc->hint[slot] = (int16_t)h;
  return h;
}

int cl_hint_attr(const cl_lexicon *lx, cl_hint_cache *hc, int is_id,
                 const char *v, size_t n) {
  return cached(lx, hc, is_id, v, n);
}

static int comment_word(const char *w, size_t n) {
  static const char *const words[] = {"comment", "disqus", "wpdiscuz",
                                      "hypercomments", "cackle"};
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
    if (n >= strlen(words[k]) && !strncmp(w, words[k], strlen(words[k])))
      return 1;
  return 0;
}

int cl_hint_mentions_comments(const char *v, size_t len) {
  char low[CL_HINT_NAME_MAX];
  size_t n = 0;
  for (const char *p = v; p < v + len && *p && n < sizeof low; p++)
    low[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && ((low[j] >= 'a' && low[j] <= 'z') || low[j] == '_'))
      j++;
    if (j > i && comment_word(low + i, j - i))
      return 1;
    i = j + 1;
  }
  return 0;
}

static int is_class_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r'; /* CR: raw markup */
}

static int value_hint_uncached(const cl_lexicon *lx, const char *v, size_t n) {
  int sum = 0;
  const char *end = v + n;
  for (const char *p = v; p < end;) {
    while (p < end && is_class_space(*p))
      p++;
    const char *e = p;
    while (e < end && !is_class_space(*e))
      e++;
    if (e > p && (size_t)(e - p) <= CL_HINT_NAME_MAX)
      sum += name_hint(lx, p, (size_t)(e - p));
    p = e;
  }
  return sum;
}
