/*
 * The reference quality metric (shared/tools/score.py) in C.
 *
 * Text is split into `\w+` tokens exactly as Python 3's `re` does for str
 * patterns, each text becomes a multiset of 4-token shingles, and a page's
 * precision and recall compare the two multisets. Precision and recall are
 * averaged over pages and F1 is the harmonic mean of the two averages: the
 * metric of the article-extraction benchmark, with its conventions for empty
 * texts. Invalid UTF-8 is read as Python's errors="replace" reads it: every
 * bad sequence separates tokens.
 *
 * Self-contained (ICU's common library only) so that tests can link it.
 */
#ifndef CLEANER_BENCH_METRIC_H
#define CLEANER_BENCH_METRIC_H

#include <stddef.h>

/** Tokens per shingle, as score.py's shingles(n=4). */
#define METRIC_SHINGLE_TOKENS 4

/**
 * One page compared with its gold text. `tp`, `fp` and `fn` are score.py's
 * tp_fp_fn(): shared, predicted-only and gold-only shingles, each divided by
 * their sum (all three 0.0 when both texts have no shingle). The raw
 * multiset counts are kept beside them.
 */
typedef struct metric_counts {
  double tp, fp, fn;
  size_t n_tp, n_fp, n_fn;
} metric_counts;

/**
 * Compare a prediction with a gold text (UTF-8, pointer and length, no NUL
 * needed; NULL is accepted with length 0). Returns 0, or -1 if memory ran
 * out (then *out is zeroed).
 */
int metric_page(const char *gold, size_t glen, const char *pred, size_t plen,
                metric_counts *out);

/** Per-page precision and recall with score.py's prec()/rec() conventions:
 * 1.0 when the texts agree exactly (both empty included), 0.0 when the
 * prediction (for precision) or the gold (for recall) has no shingle. */
double metric_precision(const metric_counts *c);
double metric_recall(const metric_counts *c);

/** Harmonic mean, 0.0 when p + r is 0. */
double metric_f1(double p, double r);

/** F1 of one page, the figure a corpus test compares with its bar. */
double metric_page_f1(const metric_counts *c);

/** Number of `\w+` tokens in a text. */
size_t metric_count_tokens(const char *text, size_t len);

/** 1 if the text is empty after Python's str.strip() (only Unicode white
 * space), as score.py counts empty outputs; else 0. */
int metric_is_blank(const char *text, size_t len);

/** 1 if the code point matches Python's `\w` (str.isalnum() or '_'). */
int metric_is_word_char(int cp);

/** How pages are averaged. */
typedef enum metric_average {
  /** score.py's overall figure: precision over pages whose prediction has a
   * shingle (tp + fp > 0), recall over pages whose gold has one. */
  METRIC_AVERAGE_SCORED = 0,
  /** score.py --by-lang: every page counts in both averages. */
  METRIC_AVERAGE_ALL
} metric_average;

/** Running sums over pages; zero-initialise or use metric_acc_init(). */
typedef struct metric_acc {
  size_t pages;
  size_t p_pages, r_pages; /* pages that count for METRIC_AVERAGE_SCORED */
  double p_scored, r_scored;
  double p_all, r_all;
} metric_acc;

/** The averages of an accumulator. */
typedef struct metric_scores {
  size_t pages;
  double precision, recall, f1;
} metric_scores;

void metric_acc_init(metric_acc *acc);
void metric_acc_add(metric_acc *acc, const metric_counts *c);
metric_scores metric_acc_scores(const metric_acc *acc, metric_average how);

#endif /* CLEANER_BENCH_METRIC_H */
