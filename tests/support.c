#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *test_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *p = malloc(cap + 1);
  while (p) {
    size_t got = fread(p + n, 1, cap - n, f);
    n += got;
    if (n < cap)
      break;
    cap *= 2;
    char *q = realloc(p, cap + 1);
    if (!q) {
      free(p);
      p = NULL;
    }
    p = q;
  }
  fclose(f);
  if (!p)
    return NULL;
  p[n] = '\0';
  if (len)
    *len = n;
  return p;
}

const char *test_path(const char *dir, const char *name) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s", dir, name);
  return buf;
}

static void *count_malloc(size_t n, void *ctx) {
  test_counter *c = ctx;
  if (++c->calls == c->fail_at) {
    c->failed++;
    return NULL;
  }
  void *p = malloc(n);
  c->live += p != NULL;
  return p;
}

static void *count_realloc(void *p, size_t n, void *ctx) {
  test_counter *c = ctx;
  if (++c->calls == c->fail_at) {
    c->failed++;
    return NULL;
  }
  void *q = realloc(p, n);
  c->live += q && !p;
  return q;
}

static void count_free(void *p, void *ctx) {
  test_counter *c = ctx;
  c->live -= p != NULL;
  free(p);
}

cleaner_allocator test_counting_allocator(test_counter *c) {
  cleaner_allocator a = {count_malloc, count_realloc, count_free, c};
  return a;
}

void test_str_add(test_str *s, const char *a, size_t n) {
  if (s->n + n + 1 > s->cap) {
    size_t cap = s->cap ? s->cap : 256;
    while (cap < s->n + n + 1)
      cap *= 2;
    char *q = realloc(s->p, cap);
    if (!q) {
      fprintf(stderr, "out of memory\n");
      exit(2);
    }
    s->p = q;
    s->cap = cap;
  }
  memcpy(s->p + s->n, a, n);
  s->n += n;
  s->p[s->n] = '\0';
}

void test_str_adds(test_str *s, const char *a) {
  test_str_add(s, a, strlen(a));
}
