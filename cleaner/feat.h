/* Per-block text features: characters, words (ICU word break where a
 * script has no spaces), stopwords per language, punctuation. Internal. */
#ifndef CLEANER_FEATURES_H
#define CLEANER_FEATURES_H

#include "block.h"
#include "lexicon.h"

typedef struct cl_featurer cl_featurer;

cleaner_status cl_featurer_new(const cl_mem *mem, const cl_lexicon *lx,
                               cl_featurer **out);
void cl_featurer_free(cl_featurer *f);

/* Scripts that name their language (or, for Han, its family): pages
 * whose letters are mostly in one of them get its code. */
typedef struct cl_script {
  unsigned lo, hi;
  const char *lang;
} cl_script;
extern const cl_script cl_scripts[CL_NSCRIPTS];

/* Fill chars, words, stop[], punct and lt of `b` from its text. */
void cl_features(cl_featurer *f, cl_block *b, const char *text, size_t len);

/* Append the case-folded form of `s` to `out`, with runs of white space
 * collapsed to one space and trimmed. */
cleaner_status cl_fold(const char *s, size_t len, cl_buf *out);

/* The simple case folding of a code point past ASCII, as u_foldCase()
 * with U_FOLD_CASE_DEFAULT gives it (memoised for the BMP). */
unsigned cl_fold_cp(unsigned cp);

/* Append `s` with runs of white space collapsed to one space and trimmed,
 * case kept. */
cleaner_status cl_collapse(const char *s, size_t len, cl_buf *out);

/* Decode the code point at s[*i] (UTF-8, already valid) and advance.
 * Inline: every stage walks its text with it. */
static inline unsigned cl_next_cp(const char *s, size_t len, size_t *i) {
  const unsigned char *p = (const unsigned char *)s;
  size_t k = *i;
  unsigned c = p[k];
  if (c < 0x80) {
    *i = k + 1;
    return c;
  }
  /* Two- and three-byte sequences (Cyrillic, Greek, CJK) without the
   * loop below, to the same result. */
  if (c >= 0xC0 && c < 0xE0 && k + 1 < len) {
    *i = k + 2;
    return (c & 0x1F) << 6 | (p[k + 1] & 0x3Fu);
  }
  if (c >= 0xE0 && c < 0xF0 && k + 2 < len) {
    *i = k + 3;
    return (c & 0x0F) << 12 | (p[k + 1] & 0x3Fu) << 6 | (p[k + 2] & 0x3Fu);
  }
  int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  unsigned cp = c & (0x3F >> n);
  size_t j = 1;
  for (; j <= (size_t)n && k + j < len; j++)
    cp = (cp << 6) | (p[k + j] & 0x3F);
  *i = k + j;
  return (j == (size_t)n + 1) ? cp : 0xFFFD;
}

/* 1 for white space as HTML and Unicode see it (incl. NBSP). */
static inline int cl_is_space(unsigned cp) {
  if (cp < 0x80)
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
           cp == '\v';
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0xFEFF;
}

/* Narrow [*start, *end) of `s` to exclude white space at both ends. */
void cl_trim(const char *s, size_t *start, size_t *end);

#endif
