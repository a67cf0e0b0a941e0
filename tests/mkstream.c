/*
 * mkstream: pack HTML files into a WARC, WARC.gz or JSONL stream, for the
 * stream tests and the pipeline benchmark (bench/README.md).
 *
 *   mkstream warc|warc.gz|jsonl OUT [--repeat N] FILE...
 *
 * WARC: a warcinfo record, then for each file a request and a response
 * record (HTTP 200, text/html); in warc.gz each record is its own gzip
 * member, as Common Crawl writes them. JSONL: {"id", "url", "html"} per
 * file. --repeat writes the list N times (ids stay unique).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "support.h"

enum { WARC, WARC_GZ, JSONL };

static int write_buf(FILE *f, const cl_buf *b) {
  return fwrite(b->ptr, 1, b->len, f) == b->len ? 0 : -1;
}

static int put_record(FILE *f, int kind, cl_buf *rec, cl_buf *gz) {
  if (kind != WARC_GZ)
    return write_buf(f, rec);
  cl_buf_clear(gz);
  test_gzip_member(gz, rec->ptr, rec->len, 6);
  return write_buf(f, gz);
}

static int put_warc(FILE *f, int kind, unsigned long n, const char *page,
                    size_t len, cl_buf *rec, cl_buf *blk, cl_buf *gz) {
  char id[64], url[96];
  snprintf(id, sizeof id, "%lu", n);
  snprintf(url, sizeof url, "http://example.com/page/%lu", n);
  static const char req[] = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
  cl_buf_clear(rec);
  test_warc_record(rec, "request", id, url, "application/http; msgtype=request",
                   req, sizeof req - 1, -1);
  if (put_record(f, kind, rec, gz))
    return -1;
  cl_buf_clear(blk);
  cl_buf_puts(blk, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n");
  cl_buf_append(blk, page, len);
  cl_buf_clear(rec);
  test_warc_record(rec, "response", id, url,
                   "application/http; msgtype=response", blk->ptr, blk->len,
                   -1);
  return put_record(f, kind, rec, gz);
}

static int put_jsonl(FILE *f, unsigned long n, const char *page, size_t len) {
  char url[96];
  snprintf(url, sizeof url, "http://example.com/page/%lu", n);
  json_t *html = json_stringn(page, len);
  if (!html) /* not UTF-8: JSON cannot carry it; keep the ASCII */
    html = json_string("");
  json_t *o = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)n, "url", url,
                        "html", html);
  int rc = json_dumpf(o, f, JSON_COMPACT) || fputc('\n', f) == EOF;
  json_decref(o);
  return rc ? -1 : 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: mkstream warc|warc.gz|jsonl OUT [--repeat N] "
                    "FILE...\n");
    return 2;
  }
  int kind = !strcmp(argv[1], "warc")      ? WARC
             : !strcmp(argv[1], "warc.gz") ? WARC_GZ
             : !strcmp(argv[1], "jsonl")   ? JSONL
                                           : -1;
  int first = 3;
  long repeat = 1;
  if (argc > 5 && !strcmp(argv[3], "--repeat")) {
    repeat = strtol(argv[4], NULL, 10);
    first = 5;
  }
  FILE *f = fopen(argv[2], "wb");
  if (kind < 0 || !f || repeat < 1) {
    fprintf(stderr, "mkstream: bad format, output or --repeat\n");
    return 2;
  }
  cl_mem m;
  cl_mem_init(&m, NULL);
  cl_buf rec, blk, gz;
  cl_buf_init(&rec, &m);
  cl_buf_init(&blk, &m);
  cl_buf_init(&gz, &m);
  int rc = 0;
  if (kind != JSONL) {
    static const char info[] = "software: mkstream\r\nformat: WARC 1.0\r\n";
    test_warc_record(&rec, "warcinfo", "info", "", "application/warc-fields",
                     info, sizeof info - 1, -1);
    rc |= put_record(f, kind, &rec, &gz);
  }
  unsigned long n = 0;
  for (long r = 0; r < repeat && !rc; r++) {
    for (int i = first; i < argc && !rc; i++) {
      size_t len;
      char *page = test_read_file(argv[i], &len);
      if (!page) {
        fprintf(stderr, "mkstream: cannot read %s\n", argv[i]);
        rc = 1;
        break;
      }
      n++;
      rc |= kind == JSONL ? put_jsonl(f, n, page, len)
                          : put_warc(f, kind, n, page, len, &rec, &blk, &gz);
      free(page);
    }
  }
  cl_buf_free(&rec);
  cl_buf_free(&blk);
  cl_buf_free(&gz);
  if (fclose(f) != 0 || rc) {
    fprintf(stderr, "mkstream: error writing %s\n", argv[2]);
    return 1;
  }
  return 0;
}
