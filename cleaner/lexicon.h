/* Language data: stopwords, boilerplate phrases, class/id hints. The tables
 * are generated at build time from data/ (cmake/gen_lexicon.cmake); a
 * cl_lexicon indexes them for fast lookup. Internal. */
#ifndef CLEANER_LEXICON_H
#define CLEANER_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Languages with data files; the bitmask of stopword hits is 32 bits. */
#define CL_MAX_LANGS 24

/* What a phrase announces, beyond being boilerplate itself. */
typedef enum cl_phrase_kind {
  CL_PHRASE_PLAIN = 0,
  CL_PHRASE_CREDIT, /* a photo credit: the caption lines around it go too */
  CL_PHRASE_NEXT,   /* "next article": the line after it is a headline */
  CL_PHRASE_SOCIAL, /* a social network: two in a short line make a promo */
  CL_PHRASE_LINE    /* matches only a block of exactly this text (a label) */
} cl_phrase_kind;

typedef struct cl_phrase {
  const char *text; /* case-folded, single spaces */
  int weight;       /* 1 weak .. 3 strong evidence of boilerplate */
  cl_phrase_kind kind;
} cl_phrase;

typedef struct cl_lang_data {
  const char *code; /* ISO 639-1, or "xx" for language-independent data */
  const char *const *stop;
  size_t nstop;
  const cl_phrase *phrase;
  size_t nphrase;
  double density; /* typical stopword share of prose (data/density.txt) */
} cl_lang_data;

typedef struct cl_hint {
  const char *token;
  int score;
} cl_hint;

extern const cl_lang_data cl_lang_table[];
extern const size_t cl_lang_table_len;
extern const cl_hint cl_hint_table[];
extern const size_t cl_hint_table_len;

/* Month names for dates (data/months.txt), sorted by word in byte order. */
typedef struct cl_month {
  const char *word; /* case-folded */
  int month;        /* 1..12 */
} cl_month;
extern const cl_month cl_month_table[];
extern const size_t cl_month_table_len;
/* Words that introduce a byline (data/bylines.txt), sorted. */
extern const char *const cl_byline_table[];
extern const size_t cl_byline_table_len;

typedef struct cl_lexicon cl_lexicon;

cleaner_status cl_lexicon_new(const cl_mem *mem, cl_lexicon **out);
void cl_lexicon_free(cl_lexicon *lx);

/* Number of languages in the table and the code of one. */
size_t cl_lexicon_langs(const cl_lexicon *lx);
const char *cl_lexicon_code(const cl_lexicon *lx, int lang);
/* Typical stopword density of prose in a language (0 if unknown). */
double cl_lexicon_density(const cl_lexicon *lx, int lang);
/* Index of the language with ISO code `code`, or -1. */
int cl_lexicon_find(const cl_lexicon *lx, const char *code);
/* Index of the language-independent phrase list, or -1. */
int cl_lexicon_neutral(const cl_lexicon *lx);

/* Bit i set when the case-folded word is a stopword of language i. */
uint32_t cl_lexicon_stopmask(const cl_lexicon *lx, const char *word,
                             size_t len);

/* Bytes of the longest stopword: a longer word is in no list. */
size_t cl_lexicon_stop_max(const cl_lexicon *lx);

/* The same with the word's cl_hash() already known. */
uint32_t cl_lexicon_stopmask_hashed(const cl_lexicon *lx, const char *word,
                                    size_t len, uint64_t hash);

/* Hint score of one lowercase class/id token, 0 if unknown. */
int cl_lexicon_hint(const cl_lexicon *lx, const char *token, size_t len);

/* What a block's case-folded, space-collapsed text shows of the phrase
 * lists of language `lang` and the neutral list, in one pass. */
typedef struct cl_phrase_hits {
  /* Strongest weight (0..3) of a phrase the text starts with, or of a
   * weight-3 phrase at a word start anywhere when the text has at most
   * `contain_max` bytes. */
  int weight;
  /* Kind of a phrase at the start, or at a sentence start ". X". */
  cl_phrase_kind kind;
  /* Distinct social-network phrases at word starts. */
  int socials;
} cl_phrase_hits;

void cl_lexicon_scan(const cl_lexicon *lx, int lang, const char *text,
                     size_t len, size_t contain_max, cl_phrase_hits *out);

#endif
