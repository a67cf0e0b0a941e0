/* Growable byte buffer and a read-only span. Internal. */
#ifndef CLEANER_BUF_H
#define CLEANER_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "cleaner.h"

/* The allocator every internal allocation goes through. */
typedef struct cl_mem {
  cleaner_allocator a;
} cl_mem;

void cl_mem_init(cl_mem *m, const cleaner_allocator *user);
void *cl_malloc(const cl_mem *m, size_t n);
void *cl_calloc(const cl_mem *m, size_t count, size_t size);
void *cl_realloc(const cl_mem *m, void *p, size_t n);
/* Grow an array of `size`-byte items to hold at least `need` items. Returns
 * the new array or NULL (old one untouched) on overflow or no memory. */
void *cl_grow(const cl_mem *m, void *p, size_t *cap, size_t need, size_t size);
void cl_free(const cl_mem *m, void *p);

/* A byte buffer. `ptr` is never NULL and always NUL-terminated, so it can
 * be passed where a C string is expected. After an allocation failure the
 * buffer keeps its old contents and `oom` stays set: callers may append in a
 * row and check once. */
typedef struct cl_buf {
  char *ptr;
  size_t len;
  size_t cap;
  const cl_mem *mem;
  int oom;
} cl_buf;

void cl_buf_init(cl_buf *b, const cl_mem *mem);
void cl_buf_free(cl_buf *b);
void cl_buf_clear(cl_buf *b);
/* Make room for `extra` more bytes (plus the NUL). */
cleaner_status cl_buf_reserve(cl_buf *b, size_t extra);
cleaner_status cl_buf_append(cl_buf *b, const char *s, size_t n);
cleaner_status cl_buf_putc(cl_buf *b, char c);
cleaner_status cl_buf_puts(cl_buf *b, const char *s);
/* Write a code point as UTF-8 (surrogates and values past U+10FFFF as
 * U+FFFD); returns the byte count, 1 to 4. */
static inline size_t cl_utf8_encode(unsigned cp, char out[4]) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    cp = 0xFFFD;
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}
/* Detach the contents; the caller frees them with cl_free(). The buffer is
 * left empty. Returns NULL on no memory. */
char *cl_buf_detach(cl_buf *b, size_t *len);

/* FNV-1a, 64 bit, of n bytes: the one hash for word tables, class-value
 * caches and repeated-text checks. Never 0, so 0 can mark an empty slot. */
#define CL_FNV_OFFSET 14695981039346656037ull
#define CL_FNV_PRIME 1099511628211ull
/* Inline: the word tables hash every word of a page. */
static inline uint64_t cl_hash(const char *s, size_t n) {
  uint64_t h = CL_FNV_OFFSET;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= CL_FNV_PRIME;
  }
  return h | 1;
}

/* A 64-bit hash of n bytes read eight at a time, for whole texts (block
 * memos, repeated lines), where FNV's byte-at-a-time multiply chain cost
 * 4 cycles a byte. Never 0. Not the same value as cl_hash(). */
uint64_t cl_hash_text(const char *s, size_t n);

/* 1 if the n bytes at s start with `lower`, a lower-case ASCII string,
 * ignoring ASCII case (HTTP and WARC header names, MIME types). */
int cl_ascii_starts(const char *s, size_t n, const char *lower);

typedef struct cl_span {
  const char *ptr;
  size_t len;
} cl_span;

/* Values remembered by text across a handle's documents: a site's menus,
 * labels and footers repeat on each of its pages, so the work on a short
 * line is often done already. Direct-mapped, a slot per hash; a hit
 * compares the whole text and a key (a language), so a value is only ever
 * given back for the text it was kept for. Slots and their text are
 * allocated on first use; when that fails the value is just not kept, and
 * the caller computes it each time, to the same result. */
typedef struct cl_memo cl_memo;
/* Where a text goes in a memo: found by cl_memo_get(), used by
 * cl_memo_put() for the same text without hashing it again. */
typedef struct cl_memo_at {
  uint64_t hash;
  void *slot; /* NULL: not kept (too long, or no memory) */
} cl_memo_at;
/* `slots`: a power of two; texts of more than `text_max` bytes are not
 * kept; values are `value_size` bytes. */
cleaner_status cl_memo_new(const cl_mem *mem, size_t slots, size_t text_max,
                           size_t value_size, cl_memo **out);
void cl_memo_free(cl_memo *m);
/* 1 and the value copied to `value` when the memo holds `text` under
 * `key`; else 0, and *at tells cl_memo_put() where to keep it. */
int cl_memo_get(cl_memo *m, const char *text, size_t len, int key, void *value,
                cl_memo_at *at);
void cl_memo_put(cl_memo *m, const cl_memo_at *at, const char *text, size_t len,
                 int key, const void *value);

/* A bump allocator for one document's parse tree: Gumbo makes hundreds of
 * thousands of small allocations per page and frees them all at the end,
 * so bumping a pointer and dropping everything at once is much cheaper than
 * malloc and free. Memory past `limit` bytes comes from the heap instead.
 * Freed arena memory is reused only when it was the last allocation. */
typedef struct cl_arena_chunk cl_arena_chunk;
typedef struct cl_arena {
  const cl_mem *mem;
  cl_arena_chunk *chunks;          /* newest first */
  size_t used;                     /* bytes handed out from chunks */
  size_t heap;                     /* live blocks that came from the heap */
  struct cl_heap_block *heap_list; /* those blocks, freed on reset */
  size_t limit;
  void *last; /* most recent arena allocation */
} cl_arena;

void cl_arena_init(cl_arena *a, const cl_mem *mem, size_t limit);
void *cl_arena_alloc(cl_arena *a, size_t n);
void cl_arena_release(cl_arena *a, void *p);
/* Forget every allocation, heap blocks included, so a parse abandoned
 * half-way (out of memory) leaks nothing; keeps the largest chunk. */
void cl_arena_reset(cl_arena *a);
void cl_arena_free(cl_arena *a);

#endif
