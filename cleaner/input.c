/*
 * Input stage: gzip. Every member of a multi-member file is inflated, with
 * two limits checked while inflating, never after: the caller's output
 * limit (the data is cut there) and the bomb guard (the input is refused).
 * Whichever is reached first decides, so memory never exceeds the smaller.
 */
#include "input.h"

#include <stdint.h>

#define ZLIB_CONST /* next_in is const: the input is never written */
#include <zlib.h>

/* Bytes inflated per call: large enough that zlib's per-call overhead is
 * nothing, small enough that a limit is never overshot by much. */
#define OUT_CHUNK (256 * 1024)
/* Input bytes handed to zlib at once: avail_in is a 32-bit uInt. */
#define IN_CHUNK (1u << 30)
/* Output always allowed whatever the ratio: a small page compresses 50x
 * or more, and 1 MiB in memory harms no one. */
#define BOMB_FLOOR (1024 * 1024)
/* gzip window bits: 15 (32 KB window) + 16 (gzip wrapper, not zlib). */
#define GZIP_WBITS (15 + 16)

typedef struct zmem {
  const cl_mem *mem;
} zmem;

static voidpf z_alloc(voidpf opaque, uInt items, uInt size) {
  const zmem *z = opaque;
  if (size && items > SIZE_MAX / size)
    return Z_NULL;
  return cl_malloc(z->mem, (size_t)items * size);
}

static void z_free(voidpf opaque, voidpf p) {
  const zmem *z = opaque;
  cl_free(z->mem, p);
}

int cl_is_gzip(const char *in, size_t len) {
  return in && len >= 2 && (unsigned char)in[0] == 0x1f &&
         (unsigned char)in[1] == 0x8b;
}

typedef struct gz {
  z_stream z;
  const unsigned char *in;
  size_t len;
  size_t made;  /* bytes produced so far */
  size_t limit; /* bomb guard: more output than this is refused */
} gz;

/* Input not yet consumed by zlib, handed over or not. */
static size_t gz_left(const gz *g) {
  return g->len - (size_t)(g->z.next_in - g->in);
}

static void gz_feed(gz *g) {
  if (g->z.avail_in == 0) {
    size_t left = gz_left(g);
    g->z.avail_in = (uInt)(left < IN_CHUNK ? left : IN_CHUNK);
  }
}

/* After a member: go on if another one follows, stop at anything else
 * (trailing garbage such as tar padding is not an error). */
static int gz_next_member(gz *g) {
  if (gz_left(g) < 2 || !cl_is_gzip((const char *)g->z.next_in, 2))
    return 0;
  return inflateReset(&g->z) == Z_OK;
}

/* One inflate call into at most `want` fresh bytes of out. */
static int gz_step(gz *g, cl_buf *out, size_t want) {
  gz_feed(g);
  g->z.next_out = (Bytef *)out->ptr + out->len;
  g->z.avail_out = (uInt)want;
  int r = inflate(&g->z, Z_NO_FLUSH);
  size_t got = want - g->z.avail_out;
  out->len += got;
  out->ptr[out->len] = '\0';
  g->made += got;
  return r;
}

static cleaner_status gz_run(gz *g, cl_buf *out, size_t max_out,
                             int *truncated) {
  size_t start = out->len, stop = max_out < g->limit ? max_out : g->limit;
  for (;;) {
    /* One byte past `stop` tells whether the data goes on beyond it. */
    size_t want = stop - g->made < OUT_CHUNK ? stop - g->made + 1 : OUT_CHUNK;
    if (cl_buf_reserve(out, want) != CLEANER_OK)
      return CLEANER_ENOMEM;
    int r = gz_step(g, out, want);
    if (g->made > g->limit)
      return CLEANER_ETOOBIG;
    if (g->made > max_out) {
      out->len = start + max_out;
      out->ptr[out->len] = '\0';
      *truncated = 1;
      return CLEANER_OK;
    }
    switch (r) {
    case Z_STREAM_END:
      if (!gz_next_member(g))
        return CLEANER_OK;
      break;
    case Z_OK:
      break;
    case Z_MEM_ERROR:
      return CLEANER_ENOMEM;
    default:
      /* Z_BUF_ERROR: no progress although input is fed and room given, so
       * the input ended inside a member. Z_DATA_ERROR: corrupt data, bad
       * CRC or length. Z_NEED_DICT, Z_STREAM_ERROR: not gzip as we know. */
      return CLEANER_EGZIP;
    }
  }
}

cleaner_status cl_gunzip(const cl_mem *mem, const char *in, size_t len,
                         size_t max_out, size_t max_ratio, cl_buf *out,
                         int *truncated) {
  return cl_inflate(mem, in, len, GZIP_WBITS, max_out, max_ratio, out,
                    truncated);
}

cleaner_status cl_inflate(const cl_mem *mem, const char *in, size_t len,
                          int wbits, size_t max_out, size_t max_ratio,
                          cl_buf *out, int *truncated) {
  zmem zm = {mem};
  gz g = {0};
  if (!mem || !out || !truncated || (!in && len))
    return CLEANER_EINVAL;
  *truncated = 0;
  g.in = (const unsigned char *)(in ? in : "");
  g.len = len;
  g.limit =
      max_ratio && len > SIZE_MAX / max_ratio ? SIZE_MAX : max_ratio * len;
  if (g.limit < BOMB_FLOOR)
    g.limit = BOMB_FLOOR;
  g.z.zalloc = z_alloc;
  g.z.zfree = z_free;
  g.z.opaque = &zm;
  g.z.next_in = g.in;
  int r = inflateInit2(&g.z, wbits);
  if (r != Z_OK)
    return r == Z_MEM_ERROR ? CLEANER_ENOMEM : CLEANER_EGZIP;
  cleaner_status st = gz_run(&g, out, max_out, truncated);
  inflateEnd(&g.z);
  return st;
}
