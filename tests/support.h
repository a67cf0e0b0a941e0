/* Helpers shared by the test programs. */
#ifndef CLEANER_TEST_SUPPORT_H
#define CLEANER_TEST_SUPPORT_H

#include <stddef.h>

/* Read a whole file into a malloc'd NUL-terminated buffer; NULL on error. */
char *test_read_file(const char *path, size_t *len);
/* Join a directory and a name into a static buffer (not reentrant). */
const char *test_path(const char *dir, const char *name);

/* Call fn for each file of `dir` whose name ends in `suffix`, with its
 * contents (test_read_file(); fn owns them and frees them with free()).
 * Returns the files read, or -1 when dir cannot be opened. */
typedef void (*test_file_fn)(const char *name, char *data, size_t len,
                             void *ctx);
long test_each_file(const char *dir, const char *suffix, test_file_fn fn,
                    void *ctx);

/* A growable NUL-terminated string; exits the test on no memory. */
typedef struct test_str {
  char *p;
  size_t n, cap;
} test_str;
void test_str_add(test_str *s, const char *a, size_t n);
void test_str_adds(test_str *s, const char *a);

/* An allocator that counts live blocks and fails call number `fail_at`
 * (never when 0): the allocation-failure tests share it. */
typedef struct test_counter {
  long calls, fail_at, live, failed;
} test_counter;

#include "buf.h"
#include "cleaner.h"
cleaner_allocator test_counting_allocator(test_counter *c);

/* Append the gzip member of `in` to `out` at zlib level `level`. */
void test_gzip_member(cl_buf *out, const char *in, size_t len, int level);

/* Append a WARC/1.0 record of WARC-Type `type` whose block is block[0..n).
 * `length` is the Content-Length written: -1 for the true one, anything
 * else to make it lie. The record id is "<urn:test:ID>". */
void test_warc_record(cl_buf *out, const char *type, const char *id,
                      const char *uri, const char *ctype, const char *block,
                      size_t n, long long length);

#endif
