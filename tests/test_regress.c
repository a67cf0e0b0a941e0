/* Regression inputs found by fuzzing (tests/data/regress/): each is cleaned
 * with every option set the fuzz target can choose; the sanitizer build
 * turns any memory error or undefined behaviour back into a failure. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cleaner.h"
#include "fuzz_options.h"
#include "support.h"
#include "test.h"

/* Inputs named gumbo-abort-* make Gumbo 0.10.1 itself fail an assertion,
 * on the full page as on the reduced one: with some option set the page
 * must fail with CLEANER_EPARSE (html.c catches the abort) and the process
 * go on; tighter limits may cut the page before the trouble starts. */
#define GUMBO_ABORT_PREFIX "gumbo-abort-"

static void clean_all_ways(const char *name, const char *data, size_t len) {
  int aborts =
      strncmp(name, GUMBO_ABORT_PREFIX, sizeof GUMBO_ABORT_PREFIX - 1) == 0;
  int parse_failed = 0;
  for (int f = 0; f < FUZZ_OPTION_SETS; f++) {
    cleaner_options o;
    fuzz_options((uint8_t)f, &o);
    cleaner_t *c = NULL;
    cleaner_result *r = NULL;
    CHECK(cleaner_new(&o, &c) == CLEANER_OK);
    cleaner_status st = cleaner_clean(c, data, len, &r);
    parse_failed += st == CLEANER_EPARSE;
    CHECK_MSG(st == CLEANER_OK || st == CLEANER_EBINARY ||
                  st == CLEANER_EGZIP || st == CLEANER_ETOOBIG ||
                  (st == CLEANER_EPARSE && aborts) ||
                  (st == CLEANER_ETIME && o.time_budget_ms),
              "%s, options %d: %s", name, f, cleaner_strerror(st));
    cleaner_result_free(r);
    cleaner_free(c);
  }
  if (aborts)
    CHECK_MSG(parse_failed > 0, "%s: Gumbo's abort not met", name);
}

int main(int argc, char **argv) {
  const char *src = argc > 1 ? argv[1] : ".";
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/tests/data/regress", src);
  DIR *d = opendir(dir);
  CHECK(d != NULL);
  struct dirent *e;
  int files = 0;
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    size_t len;
    char *data = test_read_file(test_path(dir, e->d_name), &len);
    CHECK_MSG(data != NULL, "%s unreadable", e->d_name);
    if (data)
      clean_all_ways(e->d_name, data, len);
    free(data);
    files++;
  }
  if (d)
    closedir(d);
  printf("regress: %d inputs\n", files);
  CHECK(files >= 1);
  return test_summary("regress");
}
