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

/* Fill chars, words, stop[] and punct of `b` from its text. */
void cl_features(cl_featurer *f, cl_block *b, const char *text, size_t len);

/* Append the case-folded form of `s` to `out`, with runs of white space
 * collapsed to one space and trimmed. */
cleaner_status cl_fold(const char *s, size_t len, cl_buf *out);

/* Append `s` with runs of white space collapsed to one space and trimmed,
 * case kept. */
cleaner_status cl_collapse(const char *s, size_t len, cl_buf *out);

/* Decode the code point at s[*i] (UTF-8, already valid) and advance. */
unsigned cl_next_cp(const char *s, size_t len, size_t *i);

/* 1 for white space as HTML and Unicode see it (incl. NBSP). */
int cl_is_space(unsigned cp);

/* Narrow [*start, *end) of `s` to exclude white space at both ends. */
void cl_trim(const char *s, size_t *start, size_t *end);

#endif
