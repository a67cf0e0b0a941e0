/*
 * JSONL: one JSON object per line, the page in a string field. Every line
 * becomes a record, a bad one too (with an error), so the output has a
 * line for each input line. Blank lines are not records.
 */
#include <string.h>

#include "record.h"

/* A line may hold the page escaped: \uXXXX makes one byte six, but real
 * dumps escape little. Lines longer than this many times max_record (plus
 * the other fields' room) are refused without being held in memory. */
#define LINE_FACTOR 4
#define LINE_ROOM ((size_t)1 << 20)
/* Window step while looking for the end of a line. */
#define LINE_STEP ((size_t)1 << 16)

static size_t max_line(const cleaner_reader *r) {
  size_t m = r->opts.max_record;
  return m < (SIZE_MAX - LINE_ROOM) / LINE_FACTOR ? m * LINE_FACTOR + LINE_ROOM
                                                  : SIZE_MAX;
}

/* Find the next line in the window. Returns its length without the
 * newline; *nl is 1 when a newline ends it, *over 1 when it is longer than
 * the limit (then nothing is held). */
static size_t find_line(cleaner_reader *r, int *nl, int *over) {
  cl_src *src = &r->src;
  size_t limit = max_line(r), scanned = 0;
  *nl = *over = 0;
  for (;;) {
    size_t n = cl_src_avail(src);
    const char *p = cl_src_ptr(src);
    const char *e = memchr(p + scanned, '\n', n - scanned);
    if (e) {
      *nl = 1;
      return (size_t)(e - p);
    }
    scanned = n;
    if (n > limit) {
      *over = 1;
      return n;
    }
    size_t want = n + LINE_STEP;
    if (cl_src_fill(src, want) == n)
      return n; /* the end, or an error */
  }
}

/* Skip the rest of a line that is too long, without keeping it. */
static void skip_line(cl_src *src) {
  for (;;) {
    size_t n = cl_src_avail(src);
    const char *e = memchr(cl_src_ptr(src), '\n', n);
    if (e) {
      cl_src_take(src, (size_t)(e - cl_src_ptr(src)) + 1);
      return;
    }
    cl_src_take(src, n);
    if (!cl_src_fill(src, LINE_STEP))
      return;
  }
}

static int blank(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
      return 0;
  return 1;
}

/* id, url and date: a string, or a number written as JSON. */
static void carry(cl_buf *out, json_t *obj, const char *key) {
  json_t *v = json_object_get(obj, key);
  if (json_is_string(v)) {
    cl_buf_append(out, json_string_value(v), json_string_length(v));
  } else if (json_is_integer(v)) {
    char num[32];
    snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    cl_buf_puts(out, num);
  }
}

static void parse_line(cleaner_record *rec, const char *p, size_t n) {
  const char *field = rec->field.ptr;
  json_error_t err;
  json_t *obj = json_loadb(p, n, JSON_ALLOW_NUL, &err);
  if (!obj) {
    cl_record_fail(rec, "bad JSON at column %d: %s", err.column, err.text);
    return;
  }
  if (!json_is_object(obj)) {
    json_decref(obj);
    cl_record_fail(rec, "line is not a JSON object");
    return;
  }
  carry(&rec->id, obj, "id");
  carry(&rec->url, obj, "url");
  carry(&rec->date, obj, "date");
  json_t *page = json_object_get(obj, field);
  if (!json_is_string(page)) {
    cl_record_fail(rec, "no string field \"%.60s\"", field);
  } else {
    size_t len = json_string_length(page);
    if (len > rec->max_record) {
      len = rec->max_record;
      rec->truncated = 1;
    }
    cl_buf_append(&rec->body, json_string_value(page), len);
    json_object_del(obj, field);
  }
  rec->fields = obj;
}

void cl_jsonl_parse(cleaner_record *rec) {
  if (!rec->lazy)
    return;
  rec->lazy = 0;
  cl_buf line = rec->body;
  cl_buf_init(&rec->body, &rec->mem);
  parse_line(rec, line.ptr, line.len);
  cl_buf_free(&line);
  if (cl_record_oom(rec))
    cl_record_fail(rec, "out of memory");
}

cleaner_record *cl_jsonl_next(cleaner_reader *r, cleaner_status *st) {
  cl_src *src = &r->src;
  *st = CLEANER_OK;
  for (;;) {
    if (!cl_src_fill(src, 1)) {
      *st = src->err;
      return NULL;
    }
    int nl, over;
    size_t n = find_line(r, &nl, &over);
    if (src->err) {
      *st = src->err;
      return NULL;
    }
    r->line++;
    if (!over && blank(cl_src_ptr(src), n)) {
      cl_src_take(src, n + nl);
      continue;
    }
    cleaner_record *rec = cl_record_new(&r->mem, r->line);
    if (!rec) {
      *st = CLEANER_ENOMEM;
      return NULL;
    }
    if (over) {
      skip_line(src);
      cl_record_fail(rec, "line longer than %zu bytes", max_line(r));
    } else {
      cl_buf_append(&rec->body, cl_src_ptr(src), n);
      cl_buf_puts(&rec->field, r->opts.html_field);
      rec->max_record = r->opts.max_record;
      rec->lazy = 1;
      cl_src_take(src, n + nl);
    }
    if (cl_record_oom(rec)) {
      cleaner_record_free(rec);
      *st = CLEANER_ENOMEM;
      return NULL;
    }
    return rec;
  }
}
