#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Shared empty string so that an unallocated buffer's ptr is never NULL. */
static char empty_string[1];

/* Growth factor 1.5: amortised O(1) appends with less slack than 2x. */
#define GROW_NUM 3
#define GROW_DEN 2
#define MIN_CAP 64

static void *std_malloc(size_t n, void *ctx) {
  (void)ctx;
  return malloc(n);
}
static void *std_realloc(void *p, size_t n, void *ctx) {
  (void)ctx;
  return realloc(p, n);
}
static void std_free(void *p, void *ctx) {
  (void)ctx;
  free(p);
}

void cl_mem_init(cl_mem *m, const cleaner_allocator *user) {
  if (user && user->malloc && user->realloc && user->free) {
    m->a = *user;
  } else {
    m->a.malloc = std_malloc;
    m->a.realloc = std_realloc;
    m->a.free = std_free;
    m->a.ctx = NULL;
  }
}

void *cl_malloc(const cl_mem *m, size_t n) {
  return m->a.malloc(n ? n : 1, m->a.ctx);
}

void *cl_calloc(const cl_mem *m, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    return NULL;
  void *p = cl_malloc(m, count * size);
  if (p)
    memset(p, 0, count * size);
  return p;
}

void *cl_realloc(const cl_mem *m, void *p, size_t n) {
  if (!p)
    return cl_malloc(m, n);
  return m->a.realloc(p, n ? n : 1, m->a.ctx);
}

void cl_free(const cl_mem *m, void *p) {
  if (p)
    m->a.free(p, m->a.ctx);
}

void *cl_grow(const cl_mem *m, void *p, size_t *cap, size_t need,
              size_t size) {
  if (need <= *cap)
    return p;
  size_t n = *cap < 8 ? 8 : *cap;
  while (n < need) {
    if (n > SIZE_MAX / GROW_NUM)
      return NULL;
    n = n / GROW_DEN * GROW_NUM;
  }
  if (size && n > SIZE_MAX / size)
    return NULL;
  void *q = cl_realloc(m, p, n * size);
  if (q)
    *cap = n;
  return q;
}

void cl_buf_init(cl_buf *b, const cl_mem *mem) {
  b->ptr = empty_string;
  b->len = 0;
  b->cap = 0;
  b->mem = mem;
  b->oom = 0;
}

void cl_buf_free(cl_buf *b) {
  if (b->cap)
    cl_free(b->mem, b->ptr);
  cl_buf_init(b, b->mem);
}

void cl_buf_clear(cl_buf *b) {
  b->len = 0;
  b->oom = 0;
  if (b->cap)
    b->ptr[0] = '\0';
}

cleaner_status cl_buf_reserve(cl_buf *b, size_t extra) {
  if (extra > SIZE_MAX - 1 - b->len) {
    b->oom = 1;
    return CLEANER_ENOMEM;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return CLEANER_OK;
  size_t n = b->cap < MIN_CAP ? MIN_CAP : b->cap;
  while (n < need) {
    if (n > SIZE_MAX / GROW_NUM) {
      n = need;
      break;
    }
    n = n / GROW_DEN * GROW_NUM;
  }
  char *p = b->cap ? cl_realloc(b->mem, b->ptr, n) : cl_malloc(b->mem, n);
  if (!p) {
    b->oom = 1;
    return CLEANER_ENOMEM;
  }
  if (!b->cap)
    p[0] = '\0';
  b->ptr = p;
  b->cap = n;
  return CLEANER_OK;
}

cleaner_status cl_buf_append(cl_buf *b, const char *s, size_t n) {
  if (n == 0)
    return b->oom ? CLEANER_ENOMEM : CLEANER_OK;
  if (cl_buf_reserve(b, n) != CLEANER_OK)
    return CLEANER_ENOMEM;
  memcpy(b->ptr + b->len, s, n);
  b->len += n;
  b->ptr[b->len] = '\0';
  return CLEANER_OK;
}

cleaner_status cl_buf_putc(cl_buf *b, char c) { return cl_buf_append(b, &c, 1); }

cleaner_status cl_buf_puts(cl_buf *b, const char *s) {
  return cl_buf_append(b, s, strlen(s));
}

cleaner_status cl_buf_put_utf8(cl_buf *b, unsigned cp) {
  char t[4];
  size_t n;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    cp = 0xFFFD;
  if (cp < 0x80) {
    t[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    t[0] = (char)(0xC0 | (cp >> 6));
    t[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    t[0] = (char)(0xE0 | (cp >> 12));
    t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    t[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    t[0] = (char)(0xF0 | (cp >> 18));
    t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    t[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return cl_buf_append(b, t, n);
}

char *cl_buf_detach(cl_buf *b, size_t *len) {
  char *p;
  if (!b->cap) {
    p = cl_malloc(b->mem, 1);
    if (!p)
      return NULL;
    p[0] = '\0';
  } else {
    p = b->ptr;
  }
  if (len)
    *len = b->len;
  cl_buf_init(b, b->mem);
  return p;
}
