/* A tiny test harness: each test file is one program; CHECK records a
 * failure with its location and goes on; main returns test_summary(). */
#ifndef CLEANER_TEST_H
#define CLEANER_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failed_count;
static int test_passed_count;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (cond) {                                                                \
      test_passed_count++;                                                     \
    } else {                                                                   \
      test_failed_count++;                                                     \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

#define CHECK_MSG(cond, ...)                                                   \
  do {                                                                         \
    if (cond) {                                                                \
      test_passed_count++;                                                     \
    } else {                                                                   \
      test_failed_count++;                                                     \
      fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
    }                                                                          \
  } while (0)

#define CHECK_STREQ(a, b)                                                      \
  do {                                                                         \
    const char *check_a_ = (a), *check_b_ = (b);                               \
    CHECK_MSG(strcmp(check_a_, check_b_) == 0, "\n got: [%s]\nwant: [%s]",     \
              check_a_, check_b_);                                             \
  } while (0)

static inline int test_summary(const char *name) {
  printf("%s: %d passed, %d failed\n", name, test_passed_count,
         test_failed_count);
  return test_failed_count ? 1 : 0;
}

#endif
