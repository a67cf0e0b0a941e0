/* Record streams behind the public reader API: one document, WARC or
 * JSONL, picked from the options or the first bytes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "record.h"

/* As cleaner_options.max_bytes: no real article page is larger. */
#define DEFAULT_MAX_RECORD ((size_t)10 << 20)
/* A gzip page read as one document may expand this much before the
 * library cuts it at max_record; reading stops there. */
#define DOC_GZIP_READ_FACTOR 4
/* Bytes looked at to tell a WARC file from a document. */
#define SNIFF_BYTES 16

void cleaner_reader_options_init(cleaner_reader_options *o) {
  if (!o)
    return;
  memset(o, 0, sizeof *o);
  o->kind = CLEANER_STREAM_AUTO;
  o->html_field = "html";
  o->max_record = DEFAULT_MAX_RECORD;
  o->name = "-";
}

cleaner_status cleaner_reader_new(const cleaner_reader_options *opts,
                                  cleaner_read_fn read, void *ctx,
                                  cleaner_reader **out) {
  if (!out)
    return CLEANER_EINVAL;
  *out = NULL;
  cleaner_reader_options o;
  if (opts)
    o = *opts;
  else
    cleaner_reader_options_init(&o);
  if (!read || o.max_record == 0 || (unsigned)o.kind > CLEANER_STREAM_JSONL)
    return CLEANER_EINVAL;
  if (!o.html_field || !*o.html_field)
    o.html_field = "html";
  if (!o.name)
    o.name = "-";
  cl_mem mem;
  cl_mem_init(&mem, o.allocator);
  cleaner_reader *r = cl_calloc(&mem, 1, sizeof *r);
  if (!r)
    return CLEANER_ENOMEM;
  r->mem = mem;
  r->opts = o;
  r->opts.allocator = NULL;
  cl_src_init(&r->src, &r->mem, read, ctx);
  *out = r;
  return CLEANER_OK;
}

void cleaner_reader_free(cleaner_reader *r) {
  if (!r)
    return;
  cl_src_free(&r->src);
  cl_mem mem = r->mem;
  cl_free(&mem, r);
}

cleaner_stream cleaner_reader_kind(const cleaner_reader *r) {
  if (!r)
    return CLEANER_STREAM_AUTO;
  return r->started ? r->kind : r->opts.kind;
}

void cleaner_reader_get_stats(const cleaner_reader *r,
                              cleaner_reader_stats *out) {
  if (!out)
    return;
  memset(out, 0, sizeof *out);
  if (!r)
    return;
  *out = r->stats;
  out->bytes_in = r->src.bytes_in;
  out->junk += r->src.junk;
}

cleaner_record *cl_record_new(const cl_mem *mem, unsigned long long number) {
  cleaner_record *rec = cl_calloc(mem, 1, sizeof *rec);
  if (!rec)
    return NULL;
  rec->mem = *mem;
  cl_buf_init(&rec->body, &rec->mem);
  cl_buf_init(&rec->id, &rec->mem);
  cl_buf_init(&rec->url, &rec->mem);
  cl_buf_init(&rec->date, &rec->mem);
  cl_buf_init(&rec->charset, &rec->mem);
  cl_buf_init(&rec->field, &rec->mem);
  rec->number = number;
  return rec;
}

int cl_record_oom(const cleaner_record *rec) {
  return rec->body.oom || rec->id.oom || rec->url.oom || rec->date.oom ||
         rec->charset.oom || rec->field.oom;
}

void cl_record_fail(cleaner_record *rec, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(rec->error_buf, sizeof rec->error_buf, fmt, ap);
  va_end(ap);
  rec->error = rec->error_buf;
}

void cleaner_record_free(cleaner_record *rec) {
  if (!rec)
    return;
  cl_buf_free(&rec->body);
  cl_buf_free(&rec->id);
  cl_buf_free(&rec->url);
  cl_buf_free(&rec->date);
  cl_buf_free(&rec->charset);
  cl_buf_free(&rec->field);
  if (rec->fields)
    json_decref(rec->fields);
  cl_mem mem = rec->mem;
  cl_free(&mem, rec);
}

/* Decide the stream's kind from its first bytes. */
static cleaner_status start(cleaner_reader *r) {
  r->started = 1;
  cleaner_status st = cl_src_start(&r->src);
  if (st != CLEANER_OK)
    return st;
  r->kind = r->opts.kind;
  if (r->kind != CLEANER_STREAM_AUTO) {
    r->src.keep_raw = r->kind == CLEANER_STREAM_DOC;
    return CLEANER_OK;
  }
  size_t n = cl_src_fill(&r->src, SNIFF_BYTES);
  if (r->src.err)
    return r->src.err;
  const char *p = cl_src_ptr(&r->src);
  r->kind = n >= 7 && !memcmp(p, "WARC/1.", 7) ? CLEANER_STREAM_WARC
                                               : CLEANER_STREAM_DOC;
  r->src.keep_raw = r->kind == CLEANER_STREAM_DOC;
  return CLEANER_OK;
}

/* The whole stream as one record: raw bytes, gzip left to cleaner_clean,
 * which applies its bomb guard. Reading stops past the size it would cut
 * at anyway. */
static cleaner_record *doc_next(cleaner_reader *r, cleaner_status *st) {
  cleaner_record *rec = cl_record_new(&r->mem, 1);
  if (!rec) {
    *st = CLEANER_ENOMEM;
    return NULL;
  }
  size_t limit = r->opts.max_record + 1;
  if (r->src.gzip)
    limit = limit < SIZE_MAX / DOC_GZIP_READ_FACTOR
                ? limit * DOC_GZIP_READ_FACTOR
                : SIZE_MAX;
  *st = cl_src_raw_all(&r->src, limit);
  if (*st == CLEANER_OK)
    *st = cl_buf_append(&rec->body, r->src.raw.ptr, r->src.raw.len);
  if (*st == CLEANER_OK)
    *st = cl_buf_puts(&rec->id, r->opts.name);
  if (*st != CLEANER_OK) {
    cleaner_record_free(rec);
    return NULL;
  }
  return rec;
}

cleaner_status cleaner_reader_next(cleaner_reader *r, cleaner_record **out) {
  if (!out)
    return CLEANER_EINVAL;
  *out = NULL;
  if (!r)
    return CLEANER_EINVAL;
  if (r->done)
    return CLEANER_OK;
  cleaner_status st = CLEANER_OK;
  if (!r->started && (st = start(r)) != CLEANER_OK)
    return st;
  cleaner_record *rec = NULL;
  switch (r->kind) {
  case CLEANER_STREAM_WARC:
    rec = cl_warc_next(r, &st);
    break;
  case CLEANER_STREAM_JSONL:
    rec = cl_jsonl_next(r, &st);
    break;
  default:
    rec = doc_next(r, &st);
    r->done = 1;
    break;
  }
  if (!rec) {
    r->done = 1;
    return st;
  }
  r->stats.records++;
  r->stats.errors += rec->error != NULL;
  r->stats.truncated += rec->truncated != 0;
  *out = rec;
  return CLEANER_OK;
}

const char *cleaner_record_body(const cleaner_record *rec, size_t *len) {
  rec = cl_record_ready(rec);
  if (len)
    *len = rec ? rec->body.len : 0;
  return rec ? rec->body.ptr : "";
}

const char *cleaner_record_id(const cleaner_record *rec) {
  rec = cl_record_ready(rec);
  return rec ? rec->id.ptr : "";
}

const char *cleaner_record_url(const cleaner_record *rec) {
  rec = cl_record_ready(rec);
  return rec ? rec->url.ptr : "";
}

const char *cleaner_record_date(const cleaner_record *rec) {
  rec = cl_record_ready(rec);
  return rec ? rec->date.ptr : "";
}

const char *cleaner_record_charset(const cleaner_record *rec) {
  rec = cl_record_ready(rec);
  return rec ? rec->charset.ptr : "";
}

const char *cleaner_record_error(const cleaner_record *rec) {
  rec = cl_record_ready(rec);
  return rec ? rec->error : NULL;
}

int cleaner_record_truncated(const cleaner_record *rec) {
  rec = cl_record_ready(rec);
  return rec ? rec->truncated : 0;
}

unsigned long long cleaner_record_number(const cleaner_record *rec) {
  return rec ? rec->number : 0;
}
