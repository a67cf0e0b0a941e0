/*
 * A byte source for record streams: bytes from the caller's read callback,
 * inflated on the fly when they are gzip (every member in turn, as in
 * .warc.gz files where each record is its own member). The reader looks at
 * a window of decoded bytes [pos, win.len); consumed bytes are dropped when
 * the window is refilled, so memory is bounded by the largest span asked
 * for at once. Internal.
 */
#ifndef CLEANER_STREAM_H
#define CLEANER_STREAM_H

#define ZLIB_CONST
#include <zlib.h>

#include "buf.h"

typedef struct cl_src {
  const cl_mem *mem;
  cleaner_read_fn read;
  void *ctx;
  cl_buf raw; /* bytes read and not yet inflated: [raw_pos, raw.len) */
  size_t raw_pos;
  int raw_eof;  /* the callback said end */
  int keep_raw; /* raw keeps every byte from the start, until the kind of
                   stream is known: one document needs them all */
  int gzip;     /* inflating */
  int z_live;   /* z is initialised */
  int z_done;   /* the last member ended and nothing follows */
  z_stream z;
  cl_buf win; /* decoded bytes; unread from pos */
  size_t pos;
  unsigned long long bytes_in;
  unsigned long long junk; /* compressed bytes skipped after corruption */
  cleaner_status err;      /* sticky read or memory error */
} cl_src;

void cl_src_init(cl_src *s, const cl_mem *mem, cleaner_read_fn read, void *ctx);
void cl_src_free(cl_src *s);
/* Look at the first raw bytes: start inflating if they are gzip. Call once
 * before anything else. */
cleaner_status cl_src_start(cl_src *s);
/* Make at least `want` unread bytes available, fewer only at the end of
 * the stream. Returns the bytes available, or 0 with s->err set. */
size_t cl_src_fill(cl_src *s, size_t want);
static inline size_t cl_src_avail(const cl_src *s) {
  return s->win.len - s->pos;
}
static inline const char *cl_src_ptr(const cl_src *s) {
  return s->win.ptr + s->pos;
}
/* Drop n available bytes. */
static inline void cl_src_take(cl_src *s, size_t n) { s->pos += n; }
/* Skip n bytes, available or not, without keeping them. Returns the count
 * skipped: less than n at the end of the stream. */
unsigned long long cl_src_skip(cl_src *s, unsigned long long n);
/* Read raw (not inflated) bytes until `limit` are held or the end; for
 * one-document streams, which the library unpacks itself. */
cleaner_status cl_src_raw_all(cl_src *s, size_t limit);

#endif
