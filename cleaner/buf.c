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

void *cl_grow(const cl_mem *m, void *p, size_t *cap, size_t need, size_t size) {
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

cleaner_status cl_buf_putc(cl_buf *b, char c) {
  return cl_buf_append(b, &c, 1);
}

cleaner_status cl_buf_puts(cl_buf *b, const char *s) {
  return cl_buf_append(b, s, strlen(s));
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

/* Arena chunks start at 256 KiB and double: a typical page fits in one or
 * two, and a large one needs few. Allocations are 16-byte aligned. */
#define ARENA_FIRST_CHUNK ((size_t)256 << 10)
#define ARENA_ALIGN 16
/* A chunk larger than this is not kept between documents, so one huge page
 * does not pin its memory for the rest of a run. */
#define ARENA_KEEP_MAX ((size_t)4 << 20)

struct cl_arena_chunk {
  cl_arena_chunk *next;
  size_t size, used;
  /* data follows, aligned */
};

#define CHUNK_HEAD                                                             \
  ((sizeof(cl_arena_chunk) + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN)

static char *chunk_data(cl_arena_chunk *c) { return (char *)c + CHUNK_HEAD; }

void cl_arena_init(cl_arena *a, const cl_mem *mem, size_t limit) {
  a->mem = mem;
  a->chunks = NULL;
  a->used = 0;
  a->heap = 0;
  a->heap_list = NULL;
  a->limit = limit;
  a->last = NULL;
}

static cl_arena_chunk *new_chunk(cl_arena *a, size_t need) {
  size_t size = a->chunks ? a->chunks->size * 2 : ARENA_FIRST_CHUNK;
  while (size < need)
    size *= 2;
  cl_arena_chunk *c = cl_malloc(a->mem, CHUNK_HEAD + size);
  if (!c)
    return NULL;
  c->size = size;
  c->used = 0;
  c->next = a->chunks;
  a->chunks = c;
  return c;
}

/* A heap block from the fallback path (past the arena's limit) carries a
 * header linking it into a list, so that a reset frees what an abandoned
 * parse never released. The arena tells its own pointers apart by address. */
typedef struct cl_heap_block {
  struct cl_heap_block *prev, *next;
  size_t pad; /* keeps the payload 16-byte aligned on 64-bit targets */
  size_t pad2;
} cl_heap_block;
static int in_arena(const cl_arena *a, const void *p) {
  for (cl_arena_chunk *c = a->chunks; c; c = c->next) {
    const char *d = chunk_data(c);
    if ((const char *)p >= d && (const char *)p < d + c->size)
      return 1;
  }
  return 0;
}

void *cl_arena_alloc(cl_arena *a, size_t n) {
  if (n > SIZE_MAX - ARENA_ALIGN)
    return NULL;
  n = (n + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
  if (n == 0)
    n = ARENA_ALIGN;
  if (a->used + n > a->limit) {
    if (n > SIZE_MAX - sizeof(cl_heap_block))
      return NULL;
    cl_heap_block *h = cl_malloc(a->mem, sizeof *h + n);
    if (!h)
      return NULL;
    h->prev = NULL;
    h->next = a->heap_list;
    if (a->heap_list)
      a->heap_list->prev = h;
    a->heap_list = h;
    a->heap++;
    return h + 1;
  }
  cl_arena_chunk *c = a->chunks;
  if (!c || c->size - c->used < n) {
    c = new_chunk(a, n);
    if (!c)
      return NULL;
  }
  void *p = chunk_data(c) + c->used;
  c->used += n;
  a->used += n;
  a->last = p;
  return p;
}

void cl_arena_release(cl_arena *a, void *p) {
  if (!p)
    return;
  if (!in_arena(a, p)) {
    cl_heap_block *h = (cl_heap_block *)p - 1;
    if (h->prev)
      h->prev->next = h->next;
    else
      a->heap_list = h->next;
    if (h->next)
      h->next->prev = h->prev;
    cl_free(a->mem, h);
    a->heap--;
    return;
  }
  if (p == a->last && a->chunks) {
    /* Undo the most recent allocation: Gumbo frees a temporary buffer
     * right after growing it more often than not. */
    size_t n = (size_t)(chunk_data(a->chunks) + a->chunks->used - (char *)p);
    if ((char *)p >= chunk_data(a->chunks) && n <= a->chunks->used) {
      a->chunks->used -= n;
      a->used -= n;
    }
    a->last = NULL;
  }
}

void cl_arena_reset(cl_arena *a) {
  while (a->heap_list) {
    cl_heap_block *next = a->heap_list->next;
    cl_free(a->mem, a->heap_list);
    a->heap_list = next;
  }
  a->heap = 0;
  /* Keep the newest (largest) chunk, free the rest. */
  cl_arena_chunk *keep = a->chunks;
  if (keep) {
    cl_arena_chunk *c = keep->next;
    while (c) {
      cl_arena_chunk *next = c->next;
      cl_free(a->mem, c);
      c = next;
    }
    keep->next = NULL;
    keep->used = 0;
    if (keep->size > ARENA_KEEP_MAX) {
      cl_free(a->mem, keep);
      keep = NULL;
    }
  }
  a->chunks = keep;
  a->used = 0;
  a->last = NULL;
}

void cl_arena_free(cl_arena *a) {
  cl_arena_reset(a);
  cl_free(a->mem, a->chunks);
  a->chunks = NULL;
}

int cl_ascii_starts(const char *s, size_t n, const char *lower) {
  size_t i = 0;
  for (; lower[i]; i++) {
    if (i >= n)
      return 0;
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z')
      c = (unsigned char)(c + ('a' - 'A'));
    if (c != (unsigned char)lower[i])
      return 0;
  }
  return 1;
}

/* Multipliers of the text hash: odd 64-bit constants with well-spread bits
 * (2^64 divided by the golden ratio; the first of MurmurHash3's 64-bit
 * finalizer), so that every input bit reaches the low bits a table index
 * takes. */
#define TEXT_HASH_MUL UINT64_C(0x9E3779B97F4A7C15)
#define TEXT_HASH_FIN UINT64_C(0xFF51AFD7ED558CCD)

uint64_t cl_hash_text(const char *s, size_t n) {
  uint64_t h = CL_FNV_OFFSET ^ n, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, s + i, 8);
    h = (h ^ w) * TEXT_HASH_MUL;
    h ^= h >> 32;
  }
  w = 0;
  memcpy(&w, s + i, n - i);
  h = (h ^ w) * TEXT_HASH_MUL;
  h ^= h >> 33;
  h *= TEXT_HASH_FIN;
  h ^= h >> 33;
  return h | 1;
}

/* ---- Memo --------------------------------------------------------------- */

typedef struct memo_slot {
  uint64_t hash; /* 0: empty */
  size_t len;
  int key;
  char *data; /* text_max bytes of text, then the value */
} memo_slot;

struct cl_memo {
  const cl_mem *mem;
  size_t nslots, text_max, value_size;
  memo_slot *slot; /* nslots, allocated on first use */
};

cleaner_status cl_memo_new(const cl_mem *mem, size_t slots, size_t text_max,
                           size_t value_size, cl_memo **out) {
  cl_memo *m = cl_calloc(mem, 1, sizeof *m);
  *out = m;
  if (!m)
    return CLEANER_ENOMEM;
  m->mem = mem;
  m->nslots = slots;
  m->text_max = text_max;
  m->value_size = value_size;
  return CLEANER_OK;
}

void cl_memo_free(cl_memo *m) {
  if (!m)
    return;
  for (size_t i = 0; m->slot && i < m->nslots; i++)
    cl_free(m->mem, m->slot[i].data);
  cl_free(m->mem, m->slot);
  cl_free(m->mem, m);
}

int cl_memo_get(cl_memo *m, const char *text, size_t len, int key, void *value,
                cl_memo_at *at) {
  at->slot = NULL;
  if (!m || len > m->text_max)
    return 0;
  if (!m->slot)
    m->slot = cl_calloc(m->mem, m->nslots, sizeof *m->slot);
  if (!m->slot)
    return 0;
  at->hash = cl_hash_text(text, len);
  memo_slot *s = &m->slot[at->hash & (m->nslots - 1)];
  at->slot = s;
  if (s->hash != at->hash || s->len != len || s->key != key ||
      memcmp(s->data, text, len))
    return 0;
  memcpy(value, s->data + m->text_max, m->value_size);
  return 1;
}

void cl_memo_put(cl_memo *m, const cl_memo_at *at, const char *text, size_t len,
                 int key, const void *value) {
  memo_slot *s = at->slot;
  if (!s)
    return;
  if (!s->data)
    s->data = cl_malloc(m->mem, m->text_max + m->value_size);
  if (!s->data)
    return;
  memcpy(s->data, text, len);
  memcpy(s->data + m->text_max, value, m->value_size);
  s->hash = at->hash;
  s->len = len;
  s->key = key;
}
