/* --favor leans the right way: over the corpus, precision keeps fewer
 * words than balanced and recall more, and each lean changes at least one
 * page. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>

#include "cleaner.h"
#include "metric.h"
#include "support.h"
#include "test.h"

#define NFAVOR 3

int main(int argc, char **argv) {
  const char *src = argc > 1 ? argv[1] : ".";
  static const cleaner_favor favors[NFAVOR] = {
      CLEANER_FAVOR_PRECISION, CLEANER_FAVOR_BALANCED, CLEANER_FAVOR_RECALL};
  cleaner_t *c[NFAVOR] = {0};
  for (int k = 0; k < NFAVOR; k++) {
    cleaner_options o;
    cleaner_options_init(&o);
    o.favor = favors[k];
    CHECK(cleaner_new(&o, &c[k]) == CLEANER_OK);
  }
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/corpus", src);
  DIR *d = opendir(dir);
  struct dirent *e;
  size_t words[NFAVOR] = {0}, changed[NFAVOR] = {0}, pages = 0;
  while (d && c[0] && c[1] && c[2] && (e = readdir(d))) {
    size_t n = strlen(e->d_name), len;
    if (n < 6 || strcmp(e->d_name + n - 5, ".html"))
      continue;
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    char *html = test_read_file(path, &len);
    size_t w[NFAVOR] = {0};
    for (int k = 0; html && k < NFAVOR; k++) {
      cleaner_result *r = NULL;
      CHECK(cleaner_clean(c[k], html, len, &r) == CLEANER_OK);
      size_t tl;
      const char *t = cleaner_result_text(r, &tl);
      w[k] = metric_count_tokens(t, tl);
      words[k] += w[k];
      cleaner_result_free(r);
    }
    changed[0] += w[0] != w[1];
    changed[2] += w[2] != w[1];
    pages++;
    free(html);
  }
  if (d)
    closedir(d);
  printf("favor: %zu pages; words precision %zu, balanced %zu, recall %zu; "
         "pages changed %zu / %zu\n",
         pages, words[0], words[1], words[2], changed[0], changed[2]);
  CHECK(pages >= 30);
  CHECK_MSG(words[0] < words[1] && words[1] < words[2],
            "words do not grow from precision to recall");
  CHECK(changed[0] > 0 && changed[2] > 0);
  for (int k = 0; k < NFAVOR; k++)
    cleaner_free(c[k]);
  return test_summary("favor");
}
