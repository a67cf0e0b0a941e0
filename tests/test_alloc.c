/* Allocation failure (expat's alloc_tests.c is the model): a whole clean of
 * corpus pages with the n-th allocation failing, for n = 1, 2, 3, ... until
 * a clean succeeds. Every call must return CLEANER_OK or CLEANER_ENOMEM,
 * and every byte taken must be given back (counted here; ASan checks too).
 * ICU keeps its own caches outside the allocator hook. */
#include <stdlib.h>

#include "cleaner.h"
#include "support.h"
#include "test.h"

/* Enough failure points to pass through every stage of a page's clean. */
#define MAX_FAIL_POINTS 200000

typedef test_counter counting;

/* Returns the status of one clean with allocation `fail_at` failing. */
static cleaner_status clean_failing(const char *page, size_t len, long fail_at,
                                    counting *c, cleaner_format format) {
  cleaner_allocator a = test_counting_allocator(c);
  cleaner_options o;
  cleaner_options_init(&o);
  o.allocator = &a;
  /* The other formats with everything they record: links, images,
   * comments and every block's decision. */
  o.format = format;
  o.links = o.images = o.explain = o.comments = format != CLEANER_FORMAT_TXT;
  c->fail_at = fail_at;
  c->calls = 0;
  c->live = 0;
  cleaner_t *h = NULL;
  cleaner_status st = cleaner_new(&o, &h);
  cleaner_result *r = NULL;
  if (st == CLEANER_OK)
    st = cleaner_clean(h, page, len, &r);
  cleaner_result_free(r);
  cleaner_free(h);
  return st;
}

static void run_page(const char *src, const char *name, cleaner_format format) {
  size_t len;
  char *page = test_read_file(test_path(src, name), &len);
  CHECK_MSG(page != NULL, "%s missing", name);
  if (!page)
    return;
  counting c;
  long n = 1, bad = 0;
  for (; n <= MAX_FAIL_POINTS; n++) {
    cleaner_status st = clean_failing(page, len, n, &c, format);
    if (st != CLEANER_OK && st != CLEANER_ENOMEM)
      bad++;
    CHECK_MSG(c.live == 0, "%s: fail at %ld leaves %ld blocks", name, n,
              c.live);
    if (st == CLEANER_OK && c.calls < n)
      break; /* fewer allocations than n: every point has been tried */
  }
  CHECK_MSG(bad == 0, "%s: %ld failure points gave another status", name, bad);
  CHECK_MSG(n <= MAX_FAIL_POINTS, "%s: more than %d allocations", name,
            MAX_FAIL_POINTS);
  printf("alloc: %s: %ld failure points, all clean\n", name, n - 1);
  free(page);
}

int main(int argc, char **argv) {
  const char *src = argc > 1 ? argv[1] : ".";
  run_page(src, "corpus/en-05.html", CLEANER_FORMAT_TXT);
  run_page(src, "corpus/ru-02.html", CLEANER_FORMAT_TXT);
  run_page(src, "corpus/text/uk-news-1.txt", CLEANER_FORMAT_TXT);
  run_page(src, "tests/data/formats.html", CLEANER_FORMAT_MARKDOWN);
  run_page(src, "tests/data/formats.html", CLEANER_FORMAT_HTML);
  run_page(src, "tests/data/markdown-escape.html", CLEANER_FORMAT_HTML);
  return test_summary("alloc");
}
