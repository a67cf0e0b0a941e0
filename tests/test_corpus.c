/* Corpus tests: every corpus/NAME.html is cleaned through the library and
 * scored against corpus/NAME.gold.txt with the reference metric. A page
 * passes at or above PAGE_MIN_F1; the corpus as a whole must reach
 * MEAN_MIN_F1. Pages are ones written for this project (corpus/README.md). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>

#include "cleaner.h"
#include "metric.h"
#include "support.h"
#include "test.h"

/* Bars: every page at least this F1, the average over pages at least the
 * mean bar. Set a little under what the classifier reaches so a regression
 * of a few shingles on one page does not flap, while a real one fails. */
#define PAGE_MIN_F1 0.85
#define MEAN_MIN_F1 0.95
/* The corpus is at least this large (the issue asks for 30 pages). */
#define MIN_PAGES 30
/* Plain-text corpus (corpus/text/NAME.txt), cleaned with --input text:
 * shops and forums are harder than news, hence the lower page bar. */
#define TEXT_PAGE_MIN_F1 0.70
#define TEXT_MEAN_MIN_F1 0.88
#define TEXT_MIN_PAGES 20

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t list_pages(const char *dir, const char *ext, char ***out) {
  DIR *d = opendir(dir);
  size_t n = 0, cap = 0;
  char **v = NULL;
  struct dirent *e;
  while (d && (e = readdir(d))) {
    size_t len = strlen(e->d_name), el = strlen(ext);
    if (len <= el || strcmp(e->d_name + len - el, ext) ||
        strstr(e->d_name, ".gold."))
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      v = realloc(v, cap * sizeof *v);
    }
    v[n++] = strndup(e->d_name, len - el);
  }
  if (d)
    closedir(d);
  if (n)
    qsort(v, n, sizeof *v, cmp_str);
  *out = v;
  return n;
}

static double score_page(cleaner_t *c, const char *dir, const char *ext,
                         const char *name, double bar) {
  char path[8192];
  size_t hlen, glen, tlen;
  snprintf(path, sizeof path, "%s/%s%s", dir, name, ext);
  char *html = test_read_file(path, &hlen);
  snprintf(path, sizeof path, "%s/%s.gold.txt", dir, name);
  char *gold = test_read_file(path, &glen);
  double f1 = -1;
  CHECK_MSG(html && gold, "%s: page or gold missing", name);
  cleaner_result *r = NULL;
  if (html && gold && cleaner_clean(c, html, hlen, &r) == CLEANER_OK) {
    const char *text = cleaner_result_text(r, &tlen);
    metric_counts mc;
    if (metric_page(gold, glen, text, tlen, &mc) == 0)
      f1 = metric_page_f1(&mc);
    printf("  %-10s P=%.3f R=%.3f F1=%.3f\n", name, metric_precision(&mc),
           metric_recall(&mc), f1);
  }
  CHECK_MSG(f1 >= bar, "%s: F1 %.3f under %.2f", name, f1, bar);
  cleaner_result_free(r);
  free(html);
  free(gold);
  return f1 < 0 ? 0 : f1;
}

/* Clean every page of `dir` with `input`, check each against `page_bar`
 * and the mean against `mean_bar`. */
static void run_corpus(const char *dir, const char *ext, cleaner_input input,
                       size_t min_pages, double page_bar, double mean_bar) {
  char **names;
  size_t n = list_pages(dir, ext, &names);
  CHECK_MSG(n >= min_pages, "only %zu pages in %s", n, dir);
  cleaner_options o;
  cleaner_options_init(&o);
  o.input = input;
  cleaner_t *c = NULL;
  CHECK(cleaner_new(&o, &c) == CLEANER_OK);
  double sum = 0;
  for (size_t i = 0; i < n; i++) {
    if (c)
      sum += score_page(c, dir, ext, names[i], page_bar);
    free(names[i]);
  }
  free(names);
  double mean = n ? sum / (double)n : 0;
  printf("%s: %zu pages, mean F1 %.3f\n", dir, n, mean);
  CHECK_MSG(mean >= mean_bar, "%s: mean F1 %.3f under %.2f", dir, mean,
            mean_bar);
  cleaner_free(c);
}

int main(int argc, char **argv) {
  const char *src = argc > 1 ? argv[1] : ".";
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/corpus", src);
  run_corpus(dir, ".html", CLEANER_INPUT_AUTO, MIN_PAGES, PAGE_MIN_F1,
             MEAN_MIN_F1);
  snprintf(dir, sizeof dir, "%s/corpus/text", src);
  run_corpus(dir, ".txt", CLEANER_INPUT_TEXT, TEXT_MIN_PAGES, TEXT_PAGE_MIN_F1,
             TEXT_MEAN_MIN_F1);
  return test_summary("corpus");
}
