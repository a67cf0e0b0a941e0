/*
 * WARC/1.0 and 1.1 records (ISO 28500), as Common Crawl ships them: a
 * "WARC/1.x" line, header lines, a blank line, Content-Length bytes of
 * block, two CRLFs. Only response and resource records holding an HTML
 * page become records; the rest are skipped and counted. Damage costs the
 * damaged record only: junk before a record is skipped to the next
 * "WARC/1." line, a block cut by the end of the file becomes an error
 * record, and a Content-Length that runs into the next record's header is
 * cut there.
 */
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "record.h"
#include "text.h"

/* Most bytes of a WARC or HTTP header block; Common Crawl's are under
 * 2 KB, and anything longer is junk to skip. */
#define MAX_HEADER_BYTES ((size_t)64 << 10)
/* Room for the HTTP header on top of the page when a block is cut. */
#define HTTP_HEADER_ROOM MAX_HEADER_BYTES
/* Window step while looking for the end of a header block. */
#define HEADER_STEP 4096
/* Content-encoding expansion accepted, as cleaner_options.max_gzip_ratio. */
#define MAX_CONTENT_RATIO 1000
/* Magic of a record's first line. */
#define WARC_MAGIC "WARC/1."
#define WARC_MAGIC_LEN 7

/* Where a header block ends: the offset just past its blank line, or 0. */
static size_t header_end(const char *p, size_t n) {
  for (size_t i = 0; i + 1 < n; i++) {
    if (p[i] != '\n')
      continue;
    if (p[i + 1] == '\n')
      return i + 2;
    if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n')
      return i + 3;
  }
  return 0;
}

/* The value of header `lname` (lower case, without the colon) in the
 * header block p[0..n), trimmed; {NULL, 0} when absent. */
static cl_span header(const char *p, size_t n, const char *lname) {
  size_t k = strlen(lname);
  for (size_t i = 0; i < n;) {
    const char *eol = memchr(p + i, '\n', n - i);
    size_t end = eol ? (size_t)(eol - p) : n;
    if (end - i > k && p[i + k] == ':' &&
        cl_ascii_starts(p + i, n - i, lname)) {
      size_t a = i + k + 1, b = end;
      while (a < b && (p[a] == ' ' || p[a] == '\t'))
        a++;
      while (b > a && (p[b - 1] == '\r' || p[b - 1] == ' ' || p[b - 1] == '\t'))
        b--;
      return (cl_span){p + a, b - a};
    }
    i = end + 1;
  }
  return (cl_span){NULL, 0};
}

static int span_has(cl_span s, const char *lower) {
  for (size_t i = 0; i < s.len; i++)
    if (cl_ascii_starts(s.ptr + i, s.len - i, lower))
      return 1;
  return 0;
}

/* Parse a decimal Content-Length; -1 when missing or malformed. */
static long long parse_length(cl_span s) {
  if (!s.ptr || !s.len || s.len > 18)
    return -1;
  long long v = 0;
  for (size_t i = 0; i < s.len; i++) {
    if (s.ptr[i] < '0' || s.ptr[i] > '9')
      return -1;
    v = v * 10 + (s.ptr[i] - '0');
  }
  return v;
}

/* WARC-Record-ID is "<urn:uuid:...>": keep it as written. */
static void set_field(cl_buf *b, cl_span s) {
  if (s.ptr)
    cl_buf_append(b, s.ptr, s.len);
}

/* Skip CR and LF between records. */
static void skip_newlines(cl_src *src) {
  for (;;) {
    if (!cl_src_fill(src, 1))
      return;
    const char *p = cl_src_ptr(src);
    size_t n = cl_src_avail(src), i = 0;
    while (i < n && (p[i] == '\r' || p[i] == '\n'))
      i++;
    cl_src_take(src, i);
    if (i < n)
      return;
  }
}

/* Skip to the next line that starts a record. Returns 0 at the end. */
static int resync(cleaner_reader *r) {
  cl_src *src = &r->src;
  const size_t keep = WARC_MAGIC_LEN + 1; /* "\nWARC/1." may straddle */
  cl_src_take(src, 1);
  r->stats.junk++;
  for (;;) {
    size_t n = cl_src_fill(src, HEADER_STEP);
    const char *p = cl_src_ptr(src);
    for (size_t i = 0; i + keep <= n; i++) {
      if (p[i] == '\n' && !memcmp(p + i + 1, WARC_MAGIC, WARC_MAGIC_LEN)) {
        cl_src_take(src, i + 1);
        r->stats.junk += i + 1;
        return 1;
      }
    }
    if (n < HEADER_STEP) { /* the end of the stream: all of it is junk */
      cl_src_take(src, n);
      r->stats.junk += n;
      return 0;
    }
    cl_src_take(src, n - keep);
    r->stats.junk += n - keep;
  }
}

/* A Content-Length too long runs into the next record: the block then
 * holds "\r\n\r\nWARC/1." followed by a WARC-Type or WARC-Record-ID line.
 * Returns where the true block ends, or n. */
static size_t lying_length(const char *p, size_t n) {
  static const char sep[] = "\r\n\r\n" WARC_MAGIC;
  size_t k = sizeof sep - 1;
  for (const char *q = p; (size_t)(q - p) + k <= n; q++) {
    q = memchr(q, '\r', n - (size_t)(q - p));
    if (!q || (size_t)(q - p) + k > n)
      break;
    if (memcmp(q, sep, k))
      continue;
    size_t at = (size_t)(q - p), rest = n - at - 4;
    size_t h =
        header_end(q + 4, rest < MAX_HEADER_BYTES ? rest : MAX_HEADER_BYTES);
    if (h && (header(q + 4, h, "warc-type").ptr ||
              header(q + 4, h, "warc-record-id").ptr))
      return at;
  }
  return n;
}

/* Undo HTTP chunked transfer encoding in place; 0 when the body is not
 * chunked after all (Common Crawl keeps the header but stores the body
 * decoded), then the body is left alone. */
static int dechunk(cl_buf *b) {
  size_t in = 0, out = 0;
  char *p = b->ptr;
  while (in < b->len) {
    char *end;
    unsigned long long size = strtoull(p + in, &end, 16);
    const char *eol =
        end == p + in ? NULL : memchr(end, '\n', b->len - (size_t)(end - p));
    if (!eol) {
      if (in == 0)
        return 0;
      break; /* damage after good chunks: keep those */
    }
    in = (size_t)(eol - p) + 1;
    if (size == 0)
      break;
    size_t take = size < b->len - in ? (size_t)size : b->len - in;
    memmove(p + out, p + in, take);
    out += take;
    in += take;
    if (in < b->len && p[in] == '\r') /* the CRLF after the data */
      in++;
    if (in < b->len && p[in] == '\n')
      in++;
  }
  b->len = out;
  p[out] = '\0';
  return 1;
}

/* Undo gzip or deflate content encoding when the body carries it. */
enum { ENC_NONE, ENC_GZIP, ENC_DEFLATE };

static int content_encoding(cl_span enc) {
  return span_has(enc, "gzip")      ? ENC_GZIP
         : span_has(enc, "deflate") ? ENC_DEFLATE
                                    : ENC_NONE;
}

static cleaner_status decode_content(cleaner_reader *r, cleaner_record *rec,
                                     int enc) {
  int wbits;
  if (enc == ENC_GZIP) {
    if (!cl_is_gzip(rec->body.ptr, rec->body.len))
      return CLEANER_OK; /* stored decoded */
    wbits = 15 + 16;
  } else if (enc == ENC_DEFLATE) {
    /* zlib-wrapped as the RFC says, or raw deflate as some servers send */
    wbits = rec->body.len >= 2 && ((unsigned char)rec->body.ptr[0] & 0x0F) == 8
                ? 15
                : -15;
  } else {
    return CLEANER_OK;
  }
  cl_buf out;
  cl_buf_init(&out, &r->mem);
  int cut = 0;
  cleaner_status st =
      cl_inflate(&r->mem, rec->body.ptr, rec->body.len, wbits,
                 r->opts.max_record, MAX_CONTENT_RATIO, &out, &cut);
  if (st == CLEANER_ENOMEM) {
    cl_buf_free(&out);
    return st;
  }
  if (st != CLEANER_OK && out.len == 0) {
    cl_record_fail(rec, "cannot undo Content-Encoding: %s",
                   cleaner_strerror(st));
  } else {
    cl_buf tmp = rec->body;
    rec->body = out;
    out = tmp;
    rec->truncated |= cut;
  }
  cl_buf_free(&out);
  return CLEANER_OK;
}

/* A MIME type that says nothing, so the payload is sniffed. */
static int generic_type(cl_span t) {
  return !t.ptr || !t.len ||
         cl_ascii_starts(t.ptr, t.len, "application/octet-stream") ||
         cl_ascii_starts(t.ptr, t.len, "unknown") ||
         cl_ascii_starts(t.ptr, t.len, "*/*");
}

static int html_type(cl_span t) {
  return span_has(t, "html"); /* text/html, application/xhtml+xml */
}

/* The charset parameter of a Content-Type. */
static void type_charset(cl_buf *out, cl_span t) {
  for (size_t i = 0; i < t.len; i++) {
    if (!cl_ascii_starts(t.ptr + i, t.len - i, "charset="))
      continue;
    size_t a = i + 8, b = a;
    while (b < t.len && t.ptr[b] != ';' && t.ptr[b] != ' ')
      b++;
    if (a < b && (t.ptr[a] == '"' || t.ptr[a] == '\''))
      a++;
    if (b > a && (t.ptr[b - 1] == '"' || t.ptr[b - 1] == '\''))
      b--;
    cl_buf_append(out, t.ptr + a, b - a);
    return;
  }
}

/* Turn the block in rec->body into the page. Returns 0 when the record is
 * not an HTML page (skip it). */
static int http_payload(cleaner_reader *r, cleaner_record *rec,
                        cl_span warc_type, cleaner_status *st) {
  cl_buf *b = &rec->body;
  cl_span ctype = warc_type, te = {NULL, 0}, ce = {NULL, 0};
  size_t body = 0;
  if (b->len >= 5 && !memcmp(b->ptr, "HTTP/", 5)) {
    size_t lim = b->len < MAX_HEADER_BYTES ? b->len : MAX_HEADER_BYTES;
    body = header_end(b->ptr, lim);
    if (!body) {
      cl_record_fail(rec, "HTTP header without an end");
      return 1;
    }
    const char *sp = memchr(b->ptr, ' ', body);
    int code = sp ? atoi(sp + 1) : 0;
    if (code < 200 || code > 299)
      return 0;
    ctype = header(b->ptr, body, "content-type");
    te = header(b->ptr, body, "transfer-encoding");
    ce = header(b->ptr, body, "content-encoding");
  } else if (cl_ascii_starts(warc_type.ptr ? warc_type.ptr : "", warc_type.len,
                             "application/http")) {
    ctype = (cl_span){NULL, 0}; /* a response block without HTTP header */
  }
  if (ctype.ptr && !generic_type(ctype) && !html_type(ctype))
    return 0;
  type_charset(&rec->charset, ctype);
  /* The spans point into the header, about to be moved over. */
  int chunked = span_has(te, "chunked"), enc = content_encoding(ce);
  int html = html_type(ctype);
  memmove(b->ptr, b->ptr + body, b->len - body);
  b->len -= body;
  b->ptr[b->len] = '\0';
  if (chunked)
    dechunk(b);
  *st = decode_content(r, rec, enc);
  if (*st != CLEANER_OK || rec->error)
    return 1;
  return html || cl_looks_like_html(b->ptr, b->len);
}

/* Read the block of a page record into rec->body. */
static void read_block(cleaner_reader *r, cleaner_record *rec,
                       long long length) {
  cl_src *src = &r->src;
  size_t cap = r->opts.max_record + HTTP_HEADER_ROOM;
  size_t want = (unsigned long long)length < cap ? (size_t)length : cap;
  size_t got = cl_src_fill(src, want);
  if (got < want) {
    cl_buf_append(&rec->body, cl_src_ptr(src), got);
    cl_src_take(src, got);
    cl_record_fail(rec, "truncated WARC record: %zu of %lld bytes", got,
                   length);
    return;
  }
  size_t n = lying_length(cl_src_ptr(src), want);
  cl_buf_append(&rec->body, cl_src_ptr(src), n);
  cl_src_take(src, n);
  if (n < want)
    return; /* the next record starts right here */
  if ((unsigned long long)length > want) {
    rec->truncated = 1;
    unsigned long long rest = (unsigned long long)length - want;
    if (cl_src_skip(src, rest) < rest && !src->err)
      cl_record_fail(rec, "truncated WARC record");
  }
}

/* Read one header block at the start of a record; returns its length (the
 * bytes stay in the window), 0 when it is not a record start. */
static size_t read_header(cl_src *src, int *eof) {
  size_t have = 0;
  *eof = 0;
  for (;;) {
    size_t n = cl_src_fill(src, have + HEADER_STEP);
    size_t h = header_end(cl_src_ptr(src), n);
    if (h)
      return h;
    if (n == have || n >= MAX_HEADER_BYTES) {
      *eof = n == have;
      return 0;
    }
    have = n;
  }
}

/* One record at the window's start: NULL when it is skipped, with *more
 * 0 at the end of the stream. */
static cleaner_record *one_record(cleaner_reader *r, cleaner_status *st,
                                  int *more) {
  cl_src *src = &r->src;
  int eof;
  size_t h = read_header(src, &eof);
  if (!h) {
    if (eof) { /* the file ends inside a record header */
      cleaner_record *rec = cl_record_new(&r->mem, r->stats.records + 1);
      if (!rec) {
        *st = CLEANER_ENOMEM;
        *more = 0;
        return NULL;
      }
      cl_record_fail(rec, "truncated WARC record header");
      cl_src_take(src, cl_src_avail(src));
      *more = 0;
      return rec;
    }
    *more = resync(r);
    return NULL;
  }
  const char *p = cl_src_ptr(src);
  cl_span type = header(p, h, "warc-type");
  long long length = parse_length(header(p, h, "content-length"));
  int page = type.ptr && (cl_ascii_starts(type.ptr, type.len, "response") ||
                          cl_ascii_starts(type.ptr, type.len, "resource"));
  if (!page && length >= 0) {
    cl_src_take(src, h);
    r->stats.skipped++;
    cl_src_skip(src, (unsigned long long)length);
    return NULL;
  }
  cleaner_record *rec = cl_record_new(&r->mem, r->stats.records + 1);
  if (!rec) {
    *st = CLEANER_ENOMEM;
    *more = 0;
    return NULL;
  }
  set_field(&rec->id, header(p, h, "warc-record-id"));
  set_field(&rec->url, header(p, h, "warc-target-uri"));
  set_field(&rec->date, header(p, h, "warc-date"));
  cl_span wtype = header(p, h, "content-type");
  cl_buf wt;
  cl_buf_init(&wt, &r->mem);
  set_field(&wt, wtype);
  cl_src_take(src, h);
  if (length < 0) {
    cl_record_fail(rec, "WARC record without a valid Content-Length");
  } else {
    read_block(r, rec, length);
    wtype = (cl_span){wt.len ? wt.ptr : NULL, wt.len};
    if (!rec->error && !http_payload(r, rec, wtype, st)) {
      r->stats.skipped++;
      cleaner_record_free(rec);
      rec = NULL;
    }
  }
  cl_buf_free(&wt);
  if (rec && cl_record_oom(rec))
    *st = CLEANER_ENOMEM;
  if (*st != CLEANER_OK) {
    cleaner_record_free(rec);
    *more = 0;
    return NULL;
  }
  return rec;
}

cleaner_record *cl_warc_next(cleaner_reader *r, cleaner_status *st) {
  cl_src *src = &r->src;
  *st = CLEANER_OK;
  for (;;) {
    skip_newlines(src);
    size_t n = cl_src_fill(src, WARC_MAGIC_LEN);
    if (src->err) {
      *st = src->err;
      return NULL;
    }
    if (n == 0)
      return NULL;
    int more = 1;
    cleaner_record *rec = NULL;
    if (n < WARC_MAGIC_LEN ||
        memcmp(cl_src_ptr(src), WARC_MAGIC, WARC_MAGIC_LEN))
      more = resync(r);
    else
      rec = one_record(r, st, &more);
    if (rec)
      return rec;
    if (*st != CLEANER_OK || src->err) {
      *st = *st != CLEANER_OK ? *st : src->err;
      return NULL;
    }
    if (!more)
      return NULL;
  }
}
