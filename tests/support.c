#include "support.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

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

long test_each_file(const char *dir, const char *suffix, test_file_fn fn,
                    void *ctx) {
  DIR *d = opendir(dir);
  size_t sl = strlen(suffix);
  long n = 0;
  if (!d)
    return -1;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    size_t l = strlen(e->d_name), len;
    if (l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)
      continue;
    char *data = test_read_file(test_path(dir, e->d_name), &len);
    if (!data)
      continue;
    fn(e->d_name, data, len, ctx);
    n++;
  }
  closedir(d);
  return n;
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

void test_gzip_member(cl_buf *out, const char *in, size_t len, int level) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return;
  size_t bound = deflateBound(&z, (uLong)len);
  cl_buf_reserve(out, bound);
  z.next_in = (Bytef *)(uintptr_t)in;
  z.avail_in = (uInt)len;
  z.next_out = (Bytef *)out->ptr + out->len;
  z.avail_out = (uInt)bound;
  deflate(&z, Z_FINISH);
  out->len += bound - z.avail_out;
  deflateEnd(&z);
}

void test_warc_record(cl_buf *out, const char *type, const char *id,
                      const char *uri, const char *ctype, const char *block,
                      size_t n, long long length) {
  char head[1024];
  snprintf(head, sizeof head,
           "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:test:%s>\r\n"
           "WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: %s\r\n"
           "Content-Type: %s\r\nContent-Length: %lld\r\n\r\n",
           type, id, uri, ctype, length < 0 ? (long long)n : length);
  cl_buf_puts(out, head);
  cl_buf_append(out, block, n);
  cl_buf_puts(out, "\r\n\r\n");
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
