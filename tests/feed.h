/* A read callback for cleaner_reader over bytes in memory, handing out at
 * most `chunk` bytes per call, so a reader meets every split of its input.
 * Shared by the stream tests and the stream fuzz target. */
#ifndef CLEANER_TEST_FEED_H
#define CLEANER_TEST_FEED_H

#include <stddef.h>
#include <string.h>

typedef struct test_feed {
  const char *p;
  size_t len, pos, chunk;
} test_feed;

static inline long test_feed_read(void *ctx, char *buf, size_t cap) {
  test_feed *f = ctx;
  size_t n = f->len - f->pos;
  if (n > cap)
    n = cap;
  if (n > f->chunk)
    n = f->chunk;
  memcpy(buf, f->p + f->pos, n);
  f->pos += n;
  return (long)n;
}

#endif
