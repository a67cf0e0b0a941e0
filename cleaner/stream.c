#include "stream.h"

#include <string.h>

/* Bytes asked from the callback at once. */
#define RAW_CHUNK ((size_t)1 << 16)
/* Decoded bytes made per inflate call. */
#define WIN_CHUNK ((size_t)1 << 16)
/* gzip wrapper and a 32 KB window. */
#define GZIP_WBITS (15 + 16)

static voidpf z_alloc(voidpf opaque, uInt items, uInt size) {
  const cl_mem *m = opaque;
  if (size && items > SIZE_MAX / size)
    return Z_NULL;
  return cl_malloc(m, (size_t)items * size);
}

static void z_free(voidpf opaque, voidpf p) { cl_free(opaque, p); }

void cl_src_init(cl_src *s, const cl_mem *mem, cleaner_read_fn read,
                 void *ctx) {
  memset(s, 0, sizeof *s);
  s->mem = mem;
  s->read = read;
  s->ctx = ctx;
  s->keep_raw = 1;
  cl_buf_init(&s->raw, mem);
  cl_buf_init(&s->win, mem);
}

void cl_src_free(cl_src *s) {
  if (s->z_live)
    inflateEnd(&s->z);
  s->z_live = 0;
  cl_buf_free(&s->raw);
  cl_buf_free(&s->win);
}

static size_t raw_avail(const cl_src *s) { return s->raw.len - s->raw_pos; }

/* Read one more chunk of raw bytes; 0 at the end or on error. */
static size_t raw_more(cl_src *s) {
  if (s->raw_eof || s->err)
    return 0;
  if (!s->keep_raw && s->raw_pos > 0 && s->raw_pos * 2 >= s->raw.len) {
    memmove(s->raw.ptr, s->raw.ptr + s->raw_pos, raw_avail(s));
    s->raw.len -= s->raw_pos;
    s->raw_pos = 0;
  }
  if (cl_buf_reserve(&s->raw, RAW_CHUNK) != CLEANER_OK) {
    s->err = CLEANER_ENOMEM;
    return 0;
  }
  long got = s->read(s->ctx, s->raw.ptr + s->raw.len, RAW_CHUNK);
  if (got < 0) {
    s->err = CLEANER_EIO;
    return 0;
  }
  if (got == 0) {
    s->raw_eof = 1;
    return 0;
  }
  s->raw.len += (size_t)got;
  s->bytes_in += (unsigned long long)got;
  return (size_t)got;
}

cleaner_status cl_src_start(cl_src *s) {
  while (raw_avail(s) < 2 && raw_more(s))
    ;
  if (s->err)
    return s->err;
  const unsigned char *p = (const unsigned char *)s->raw.ptr + s->raw_pos;
  if (raw_avail(s) < 2 || p[0] != 0x1f || p[1] != 0x8b)
    return CLEANER_OK;
  s->z.zalloc = z_alloc;
  s->z.zfree = z_free;
  s->z.opaque = (voidpf)s->mem;
  int r = inflateInit2(&s->z, GZIP_WBITS);
  if (r != Z_OK)
    return r == Z_MEM_ERROR ? CLEANER_ENOMEM : CLEANER_EGZIP;
  s->z_live = 1;
  s->gzip = 1;
  return CLEANER_OK;
}

/* After corrupt data: skip to the next gzip member header (1f 8b 08), so
 * one damaged record costs that record, not the rest of the file. */
static int resync_member(cl_src *s) {
  for (;;) {
    const char *p = s->raw.ptr + s->raw_pos;
    size_t n = raw_avail(s);
    for (size_t i = 1; i + 2 < n; i++) {
      if ((unsigned char)p[i] == 0x1f && (unsigned char)p[i + 1] == 0x8b &&
          p[i + 2] == 8) {
        s->raw_pos += i;
        s->junk += i;
        return inflateReset(&s->z) == Z_OK;
      }
    }
    size_t keep = n < 2 ? n : 2; /* a header may straddle reads */
    s->junk += n - keep;
    s->raw_pos += n - keep;
    if (!raw_more(s))
      return 0;
  }
}

/* One inflate step into the window. Returns bytes made; 0 with z_done set
 * at the end. */
static size_t inflate_some(cl_src *s) {
  if (raw_avail(s) == 0 && !raw_more(s)) {
    s->z_done = 1;
    return 0;
  }
  if (cl_buf_reserve(&s->win, WIN_CHUNK) != CLEANER_OK) {
    s->err = CLEANER_ENOMEM;
    return 0;
  }
  size_t in = raw_avail(s) < UINT32_MAX ? raw_avail(s) : UINT32_MAX;
  s->z.next_in = (const Bytef *)s->raw.ptr + s->raw_pos;
  s->z.avail_in = (uInt)in;
  s->z.next_out = (Bytef *)s->win.ptr + s->win.len;
  s->z.avail_out = (uInt)WIN_CHUNK;
  int r = inflate(&s->z, Z_NO_FLUSH);
  size_t made = WIN_CHUNK - s->z.avail_out;
  s->raw_pos += in - s->z.avail_in;
  s->win.len += made;
  s->win.ptr[s->win.len] = '\0';
  if (r == Z_STREAM_END) {
    /* Another member follows, or the stream ends (trailing bytes that are
     * not gzip are ignored, as gzip(1) does). */
    while (raw_avail(s) < 2 && raw_more(s))
      ;
    const unsigned char *p = (const unsigned char *)s->raw.ptr + s->raw_pos;
    if (raw_avail(s) >= 2 && p[0] == 0x1f && p[1] == 0x8b)
      inflateReset(&s->z);
    else
      s->z_done = 1;
  } else if (r == Z_MEM_ERROR) {
    s->err = CLEANER_ENOMEM;
  } else if (r == Z_BUF_ERROR && s->raw_eof && raw_avail(s) == 0) {
    s->z_done = 1; /* truncated inside a member: the end */
  } else if (r != Z_OK && r != Z_BUF_ERROR) {
    if (!resync_member(s))
      s->z_done = 1;
  }
  return made;
}

size_t cl_src_fill(cl_src *s, size_t want) {
  if (cl_src_avail(s) >= want)
    return cl_src_avail(s);
  /* Drop consumed bytes first, so the window holds what is asked for. */
  if (s->pos) {
    memmove(s->win.ptr, s->win.ptr + s->pos, cl_src_avail(s));
    s->win.len -= s->pos;
    s->pos = 0;
  }
  while (cl_src_avail(s) < want && !s->err) {
    if (s->gzip) {
      if (s->z_done || (!inflate_some(s) && s->z_done))
        break;
      continue;
    }
    /* Plain: raw bytes are the decoded bytes. */
    if (raw_avail(s) == 0 && !raw_more(s))
      break;
    if (cl_buf_append(&s->win, s->raw.ptr + s->raw_pos, raw_avail(s)) !=
        CLEANER_OK) {
      s->err = CLEANER_ENOMEM;
      break;
    }
    s->raw_pos = s->raw.len;
  }
  return s->err ? 0 : cl_src_avail(s);
}

unsigned long long cl_src_skip(cl_src *s, unsigned long long n) {
  unsigned long long done = 0;
  while (done < n) {
    if (cl_src_avail(s) == 0 && !cl_src_fill(s, WIN_CHUNK))
      break;
    size_t k = cl_src_avail(s);
    if (k > n - done)
      k = (size_t)(n - done);
    cl_src_take(s, k);
    done += k;
  }
  return done;
}

cleaner_status cl_src_raw_all(cl_src *s, size_t limit) {
  while (raw_avail(s) < limit && raw_more(s))
    ;
  return s->err;
}
