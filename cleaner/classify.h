/* The classifier: scores blocks, smooths with neighbours, picks the main
 * region, keeps the headline once. Knows nothing of HTML. Internal. */
#ifndef CLEANER_CLASSIFY_H
#define CLEANER_CLASSIFY_H

#include "block.h"
#include "lexicon.h"

typedef struct cl_classify_opts {
  int keep_title;
  cleaner_favor favor; /* which way stage-1 thresholds lean */
  /* Phrase hits of short blocks kept across a cleaner's documents, or
   * NULL; made with cl_classify_memo_new(). */
  cl_memo *memo;
} cl_classify_opts;

/* The memo for cl_classify_opts.memo. */
cleaner_status cl_classify_memo_new(const cl_mem *mem, cl_memo **out);

/* Pick the page language (bl->lang) from the stopword counts. */
void cl_detect_lang(const cl_lexicon *lx, cl_blocks *bl);

/* The language of the kept text, ISO 639-1, into out ("" if unknown):
 * its script, its stopwords and (Cyrillic) its letters; the page's
 * language when little text is kept. `declared` (<html lang>, or NULL)
 * wins when the text has no clear language of its own. */
void cl_text_lang(const cl_lexicon *lx, const cl_blocks *bl,
                  const char *declared, char out[8]);

/* Decide keep/drop for every block; sets keep, cls, score and reason. */
cleaner_status cl_classify(const cl_lexicon *lx, cl_blocks *bl,
                           const cl_classify_opts *opts);

#endif
