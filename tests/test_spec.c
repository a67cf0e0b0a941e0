/* Spec tests: run every case of tests/spec.txt (txt output) and
 * tests/spec-formats.txt (Markdown and HTML output) through the library and
 * compare the text with the expected text exactly. */
#include <stdlib.h>

#include "cleaner.h"
#include "support.h"
#include "test.h"

#define CASE_MARK "~~~ case "
#define EXPECT_MARK "~~~ expect\n"
#define END_MARK "~~~ end\n"

static void run_case(const char *name, const char *html, size_t hlen,
                     const char *want, size_t wlen) {
  cleaner_options o;
  cleaner_options_init(&o);
  if (strstr(name, " no-title"))
    o.keep_title = 0;
  if (strstr(name, " text"))
    o.input = CLEANER_INPUT_TEXT;
  if (strstr(name, " md"))
    o.format = CLEANER_FORMAT_MARKDOWN;
  if (strstr(name, " html"))
    o.format = CLEANER_FORMAT_HTML;
  o.links = strstr(name, " links") != NULL;
  o.images = strstr(name, " images") != NULL;
  o.comments = strstr(name, " comments") != NULL;
  cleaner_t *c = NULL;
  cleaner_result *r = NULL;
  CHECK(cleaner_new(&o, &c) == CLEANER_OK);
  cleaner_status st = cleaner_clean(c, html, hlen, &r);
  CHECK_MSG(st == CLEANER_OK, "%s: status %s", name, cleaner_strerror(st));
  size_t len = 0;
  const char *got = cleaner_result_text(r, &len);
  int same = len == wlen && memcmp(got, want, len) == 0;
  CHECK_MSG(same, "case '%s'\n--- got ---\n%s--- want ---\n%.*s---", name, got,
            (int)wlen, want);
  cleaner_result_free(r);
  cleaner_free(c);
}

/* Run the cases of one file; returns their number. */
static int run_file(const char *src, const char *file) {
  size_t len;
  char *spec = test_read_file(test_path(src, file), &len);
  CHECK(spec != NULL);
  int cases = 0;
  for (char *p = spec ? strstr(spec, CASE_MARK) : NULL; p;
       p = strstr(p, CASE_MARK)) {
    char *name = p + strlen(CASE_MARK);
    char *nl = strchr(name, '\n');
    char *exp = nl ? strstr(nl, EXPECT_MARK) : NULL;
    char *end = exp ? strstr(exp, END_MARK) : NULL;
    CHECK_MSG(end != NULL, "malformed case at byte %ld", (long)(p - spec));
    if (!end)
      break;
    *nl = '\0';
    char *html = nl + 1;
    char *want = exp + strlen(EXPECT_MARK);
    run_case(name, html, (size_t)(exp - html), want, (size_t)(end - want));
    cases++;
    p = end;
  }
  printf("%s: %d cases\n", file, cases);
  free(spec);
  return cases;
}

int main(int argc, char **argv) {
  const char *src = argc > 1 ? argv[1] : ".";
  CHECK(run_file(src, "tests/spec.txt") >= 16);
  CHECK(run_file(src, "tests/spec-formats.txt") >= 10);
  return test_summary("spec");
}
