/* JSON output of a record and its result, built with jansson. */
#include <stdlib.h>
#include <string.h>

#include "record.h"

/* Bumped when a key changes meaning or goes away. */
#define FORMAT_VERSION 1

/* A JSON string of n bytes. WARC headers may hold bytes that are not
 * UTF-8, which JSON cannot carry: those become '?'. */
static json_t *string_of(const char *s, size_t n) {
  json_t *v = json_stringn(s, n);
  if (v || !n)
    return v ? v : json_string("");
  char *copy = malloc(n);
  if (!copy)
    return NULL;
  for (size_t i = 0; i < n; i++)
    copy[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
  v = json_stringn(copy, n);
  free(copy);
  return v;
}

/* Set key to s unless s is empty or the key is there (carried fields of
 * the input win over ours for id, url and date). */
static int put(json_t *o, const char *key, const char *s, int keep_old) {
  if (!s || !*s || (keep_old && json_object_get(o, key)))
    return 0;
  json_t *v = string_of(s, strlen(s));
  return v ? json_object_set_new(o, key, v) : -1;
}

/* A field with one value per line becomes an array. */
static int put_list(json_t *o, const char *key, const char *s) {
  if (!*s)
    return 0;
  json_t *a = json_array();
  if (!a)
    return -1;
  while (*s) {
    const char *e = strchr(s, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    json_t *v = string_of(s, n);
    if (!v || json_array_append_new(a, v)) {
      json_decref(a);
      return -1;
    }
    s += n + (e != NULL);
  }
  return json_object_set_new(o, key, a);
}

static int put_result(json_t *o, const cleaner_result *res) {
  int bad = 0;
  for (int f = 0; f < CLEANER_FIELD_COUNT; f++) {
    const char *v = cleaner_result_field(res, (cleaner_field)f);
    const char *key = cleaner_field_name((cleaner_field)f);
    if (f == CLEANER_FIELD_AUTHOR || f == CLEANER_FIELD_TAGS)
      bad |= put_list(o, key, v);
    else
      bad |= put(o, key, v, 0);
  }
  size_t len;
  const char *text = cleaner_result_text(res, &len);
  json_t *t = json_stringn(text, len);
  bad |= !t || json_object_set_new(o, "text", t);
  return bad;
}

typedef struct sink {
  cleaner_write_fn write;
  void *ctx;
  int failed;
} sink;

static int dump_cb(const char *buf, size_t size, void *data) {
  sink *k = data;
  if (k->write(k->ctx, buf, size)) {
    k->failed = 1;
    return -1;
  }
  return 0;
}

cleaner_status cleaner_write_json(const cleaner_record *rec,
                                  const cleaner_result *res, const char *error,
                                  int flags, cleaner_write_fn write,
                                  void *ctx) {
  if (!write)
    return CLEANER_EINVAL;
  rec = cl_record_ready(rec);
  json_t *o = rec && rec->fields ? json_copy(rec->fields) : json_object();
  if (!o)
    return CLEANER_ENOMEM;
  int bad = 0;
  if (rec) {
    bad |= put(o, "id", rec->id.ptr, 1);
    bad |= put(o, "url", rec->url.ptr, 1);
    bad |= put(o, "date", rec->date.ptr, 1);
  }
  bad |= json_object_set_new(o, "format_version", json_integer(FORMAT_VERSION));
  if (res) {
    bad |= put_result(o, res);
    if ((rec && rec->truncated) || cleaner_result_truncated(res))
      bad |= json_object_set_new(o, "truncated", json_true());
  } else {
    bad |= put(o, "error", error && *error ? error : "unknown error", 0);
  }
  sink k = {write, ctx, 0};
  size_t jf = flags & CLEANER_JSON_PRETTY ? JSON_INDENT(2) : JSON_COMPACT;
  if (!bad)
    bad = json_dump_callback(o, dump_cb, &k, jf) || dump_cb("\n", 1, &k);
  json_decref(o);
  if (k.failed)
    return CLEANER_EIO;
  return bad ? CLEANER_ENOMEM : CLEANER_OK;
}
