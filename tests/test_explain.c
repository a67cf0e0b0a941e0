/* The explain accessors: every block with its decision when
 * options.explain is on, none when off; kept blocks are the text output's
 * paragraphs; every block has a reason and a class; out-of-range indexes
 * are refused. */
#include <stdlib.h>

#include "cleaner.h"
#include "support.h"
#include "test.h"

static cleaner_result *clean_page(const char *html, size_t len, int explain) {
  cleaner_options o;
  cleaner_options_init(&o);
  o.explain = explain;
  cleaner_t *c = NULL;
  cleaner_result *r = NULL;
  CHECK(cleaner_new(&o, &c) == CLEANER_OK);
  CHECK(c && cleaner_clean(c, html, len, &r) == CLEANER_OK);
  cleaner_free(c);
  return r;
}

/* Kept blocks, in order, each found in the output after the one before. */
static void check_blocks(const cleaner_result *r) {
  size_t n = cleaner_result_block_count(r), kept = 0, removed = 0;
  size_t tlen;
  const char *text = cleaner_result_text(r, &tlen), *at = text;
  for (size_t i = 0; i < n; i++) {
    cleaner_block_info b;
    CHECK(cleaner_result_block(r, i, &b) == CLEANER_OK);
    CHECK_MSG(b.reason && *b.reason, "block %zu has no reason", i);
    CHECK(b.cls && b.kind && b.text && strlen(b.text) == b.len);
    CHECK(b.link_density >= 0 && b.link_density <= 1);
    CHECK(b.stopword_density >= 0 && b.stopword_density <= 1);
    if (!b.keep) {
      removed++;
      continue;
    }
    kept++;
    const char *s = b.text;
    while (*s == ' ' || *s == '\n')
      s++;
    size_t k = strlen(s);
    while (k && (s[k - 1] == ' ' || s[k - 1] == '\n'))
      k--;
    char *want = malloc(k + 1);
    memcpy(want, s, k);
    want[k] = '\0';
    const char *hit = strstr(at, want);
    CHECK_MSG(hit != NULL, "kept block %zu not in the output in order: %s", i,
              want);
    if (hit)
      at = hit + k;
    free(want);
  }
  CHECK_MSG(kept > 0 && removed > 0, "%zu kept, %zu removed", kept, removed);
  cleaner_block_info b;
  CHECK(cleaner_result_block(r, n, &b) == CLEANER_EINVAL);
  CHECK(cleaner_result_block(NULL, 0, &b) == CLEANER_EINVAL);
  CHECK(cleaner_result_block(r, 0, NULL) == CLEANER_EINVAL);
}

int main(int argc, char **argv) {
  const char *src = argc > 1 ? argv[1] : ".";
  const char *pages[] = {"corpus/en-01.html", "corpus/ru-03.html",
                         "corpus/zh-02.html"};
  for (size_t p = 0; p < sizeof pages / sizeof pages[0]; p++) {
    size_t len;
    char *html = test_read_file(test_path(src, pages[p]), &len);
    CHECK_MSG(html != NULL, "%s missing", pages[p]);
    if (!html)
      continue;
    cleaner_result *off = clean_page(html, len, 0);
    CHECK(cleaner_result_block_count(off) == 0);
    cleaner_result *on = clean_page(html, len, 1);
    CHECK(cleaner_result_block_count(on) > 10);
    size_t l1, l2;
    const char *t1 = cleaner_result_text(off, &l1);
    const char *t2 = cleaner_result_text(on, &l2);
    CHECK_MSG(l1 == l2 && !memcmp(t1, t2, l1), "%s: explain changed the text",
              pages[p]);
    check_blocks(on);
    cleaner_result_free(off);
    cleaner_result_free(on);
    free(html);
  }
  CHECK(cleaner_result_block_count(NULL) == 0);
  return test_summary("explain");
}
