#define _POSIX_C_SOURCE 200809L
/* Record streams through the public reader API: WARC (plain and one gzip
 * member per record) and JSONL, with every kind of damage the issue names,
 * each read at several chunk sizes (expat runs its tests at buffer sizes
 * 0..5; a record header split anywhere must not matter). The streams are
 * built here, not stored. */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "buf.h"
#include "cleaner.h"
#include "feed.h"
#include "support.h"
#include "test.h"

static const size_t chunk_sizes[] = {1, 2, 7, 100, 4096, 1 << 20};
#define NCHUNKS (sizeof chunk_sizes / sizeof *chunk_sizes)

static const char page_a[] =
    "<!doctype html><html><head><title>Alpha</title></head><body>"
    "<p>Alpha page body.</p></body></html>";
static const char page_b[] =
    "<html><body><p>Bravo page, second one.</p></body></html>";

/* The buffers of these tests use the C library's allocator. */
static cl_mem plain_mem;

static cl_buf new_buf(void) {
  cl_buf b;
  cl_buf_init(&b, &plain_mem);
  return b;
}

/* What reading a stream gave. */
typedef struct got {
  int n;
  char body[8][256];
  char id[8][64];
  char err[8][160];
  char charset[8][32];
  int truncated[8];
  cleaner_reader_stats stats;
  cleaner_status st;
} got;

static void read_all(const char *p, size_t len, size_t chunk,
                     const cleaner_reader_options *ro, got *g) {
  memset(g, 0, sizeof *g);
  test_feed f = {p, len, 0, chunk};
  cleaner_reader *r = NULL;
  g->st = cleaner_reader_new(ro, test_feed_read, &f, &r);
  while (g->st == CLEANER_OK) {
    cleaner_record *rec = NULL;
    g->st = cleaner_reader_next(r, &rec);
    if (!rec)
      break;
    if (g->n < 8) {
      size_t n;
      const char *b = cleaner_record_body(rec, &n);
      snprintf(g->body[g->n], sizeof g->body[0], "%.*s", (int)n, b);
      snprintf(g->id[g->n], sizeof g->id[0], "%s", cleaner_record_id(rec));
      const char *e = cleaner_record_error(rec);
      snprintf(g->err[g->n], sizeof g->err[0], "%s", e ? e : "");
      snprintf(g->charset[g->n], sizeof g->charset[0], "%s",
               cleaner_record_charset(rec));
      g->truncated[g->n] = cleaner_record_truncated(rec);
    }
    g->n++;
    cleaner_record_free(rec);
  }
  cleaner_reader_get_stats(r, &g->stats);
  cleaner_reader_free(r);
}

/* An HTTP response block around a page. */
static void http(cl_buf *b, const char *headers, const char *body, size_t n) {
  cl_buf_clear(b);
  cl_buf_puts(b, "HTTP/1.1 200 OK\r\n");
  cl_buf_puts(b, headers);
  cl_buf_puts(b, "\r\n");
  cl_buf_append(b, body, n);
}

#define RESP "application/http; msgtype=response"

/* Eight records of every type; three are pages. */
static void mixed(cl_buf *w, int gzip) {
  cl_buf rec = new_buf(), blk = new_buf();
  struct {
    const char *type, *id, *ctype, *headers, *body;
    int raw; /* block is the body, no HTTP header */
  } rs[] = {
      {"warcinfo", "info", "application/warc-fields", NULL, "software: t\r\n",
       1},
      {"request", "req", "application/http; msgtype=request", NULL,
       "GET / HTTP/1.1\r\n\r\n", 1},
      {"response", "a", RESP, "Content-Type: text/html; charset=KOI8-R\r\n",
       page_a, 0},
      {"response", "img", RESP, "Content-Type: image/png\r\n", "\x89PNG..", 0},
      {"metadata", "meta", "application/warc-fields", NULL, "fetchTimeMs: 5",
       1},
      {"response", "404", RESP, NULL, "", 0},
      {"response", "noheader", RESP, NULL, page_b, 1},
      {"resource", "res", "text/html", NULL, page_a, 1},
  };
  for (size_t i = 0; i < sizeof rs / sizeof *rs; i++) {
    if (rs[i].raw) {
      cl_buf_clear(&blk);
      cl_buf_puts(&blk, rs[i].body);
    } else if (!strcmp(rs[i].id, "404")) {
      cl_buf_clear(&blk);
      cl_buf_puts(&blk, "HTTP/1.1 404 Not Found\r\nContent-Type: "
                        "text/html\r\n\r\n<p>gone</p>");
    } else {
      http(&blk, rs[i].headers, rs[i].body, strlen(rs[i].body));
    }
    cl_buf_clear(&rec);
    test_warc_record(&rec, rs[i].type, rs[i].id, "http://example.com/",
                     rs[i].ctype, blk.ptr, blk.len, -1);
    if (gzip)
      test_gzip_member(w, rec.ptr, rec.len, 6);
    else
      cl_buf_append(w, rec.ptr, rec.len);
  }
  cl_buf_free(&rec);
  cl_buf_free(&blk);
}

static void test_mixed(int gzip) {
  cl_buf w = new_buf();
  mixed(&w, gzip);
  for (size_t c = 0; c < NCHUNKS; c++) {
    got g;
    read_all(w.ptr, w.len, chunk_sizes[c], NULL, &g);
    CHECK_MSG(g.st == CLEANER_OK && g.n == 3, "gzip %d chunk %zu: %d records",
              gzip, chunk_sizes[c], g.n);
    CHECK_STREQ(g.body[0], page_a);
    CHECK_STREQ(g.id[0], "<urn:test:a>");
    CHECK_STREQ(g.charset[0], "KOI8-R");
    CHECK_STREQ(g.body[1], page_b); /* no HTTP header: sniffed */
    CHECK_STREQ(g.id[2], "<urn:test:res>");
    CHECK(g.stats.skipped == 5); /* info, request, png, metadata, 404 */
    CHECK(g.stats.records == 3 && g.stats.errors == 0);
    CHECK(g.stats.junk == 0);
  }
  cl_buf_free(&w);
}

/* The file ends inside the last record: it is still a record, with an
 * error, and the ones before are whole. */
static void test_truncated(int gzip) {
  cl_buf w = new_buf(), blk = new_buf();
  http(&blk, "Content-Type: text/html\r\n", page_a, strlen(page_a));
  for (int i = 0; i < 2; i++) {
    cl_buf rec = new_buf();
    test_warc_record(&rec, "response", i ? "cut" : "whole", "http://x/", RESP,
                     blk.ptr, blk.len, -1);
    if (gzip)
      test_gzip_member(&w, rec.ptr, rec.len, 6);
    else
      cl_buf_append(&w, rec.ptr, rec.len);
    cl_buf_free(&rec);
  }
  size_t cut = w.len - (gzip ? 40 : 60);
  for (size_t c = 0; c < NCHUNKS; c++) {
    got g;
    read_all(w.ptr, cut, chunk_sizes[c], NULL, &g);
    CHECK_MSG(g.st == CLEANER_OK && g.n == 2, "gzip %d chunk %zu: %d", gzip,
              chunk_sizes[c], g.n);
    CHECK_STREQ(g.body[0], page_a);
    CHECK_STREQ(g.err[0], "");
    CHECK(strstr(g.err[1], "truncated") != NULL);
    CHECK(g.stats.errors == 1);
  }
  cl_buf_free(&w);
  cl_buf_free(&blk);
}

/* Chunked transfer encoding and gzip content encoding are undone; a
 * chunked header over a body stored decoded is left alone. */
static void test_encodings(void) {
  cl_buf w = new_buf(), blk = new_buf(), gz = new_buf(), chunked = new_buf();
  /* page_a in chunks of 10 bytes, with a chunk extension on one */
  size_t n = strlen(page_a);
  for (size_t i = 0; i < n; i += 10) {
    char head[32];
    size_t k = n - i < 10 ? n - i : 10;
    snprintf(head, sizeof head, i == 10 ? "%zx;ext=1\r\n" : "%zx\r\n", k);
    cl_buf_puts(&chunked, head);
    cl_buf_append(&chunked, page_a + i, k);
    cl_buf_puts(&chunked, "\r\n");
  }
  cl_buf_puts(&chunked, "0\r\n\r\n");
  http(&blk, "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
       chunked.ptr, chunked.len);
  test_warc_record(&w, "response", "chunked", "u", RESP, blk.ptr, blk.len, -1);
  test_gzip_member(&gz, page_b, strlen(page_b), 9);
  http(&blk, "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gz.ptr,
       gz.len);
  test_warc_record(&w, "response", "gz", "u", RESP, blk.ptr, blk.len, -1);
  http(&blk, "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
       page_b, strlen(page_b));
  test_warc_record(&w, "response", "stored", "u", RESP, blk.ptr, blk.len, -1);
  for (size_t c = 0; c < NCHUNKS; c++) {
    got g;
    read_all(w.ptr, w.len, chunk_sizes[c], NULL, &g);
    CHECK(g.n == 3);
    CHECK_STREQ(g.body[0], page_a);
    CHECK_STREQ(g.body[1], page_b);
    CHECK_STREQ(g.body[2], page_b);
  }
  cl_buf_free(&w);
  cl_buf_free(&blk);
  cl_buf_free(&gz);
  cl_buf_free(&chunked);
}

/* Content-Length that lies, junk between records, a page over the size
 * limit: each costs at most its own record. */
static void test_damage(void) {
  cl_buf w = new_buf(), blk = new_buf();
  http(&blk, "Content-Type: text/html\r\n", page_a, strlen(page_a));
  cl_buf_puts(&w, "garbage before the first record\r\n");
  /* too long: runs into the next record */
  test_warc_record(&w, "response", "long", "u", RESP, blk.ptr, blk.len,
                   (long long)blk.len + 200);
  test_warc_record(&w, "response", "after-long", "u", RESP, blk.ptr, blk.len,
                   -1);
  /* too short: the rest of the block is junk before the next record */
  test_warc_record(&w, "response", "short", "u", RESP, blk.ptr, blk.len,
                   (long long)blk.len - 30);
  test_warc_record(&w, "response", "after-short", "u", RESP, blk.ptr, blk.len,
                   -1);
  /* no Content-Length at all */
  cl_buf_puts(&w, "WARC/1.0\r\nWARC-Type: response\r\n\r\n");
  test_warc_record(&w, "response", "last", "u", RESP, blk.ptr, blk.len, -1);
  cleaner_reader_options ro;
  cleaner_reader_options_init(&ro);
  ro.kind = CLEANER_STREAM_WARC; /* junk first: not recognised as WARC */
  for (size_t c = 0; c < NCHUNKS; c++) {
    got g;
    read_all(w.ptr, w.len, chunk_sizes[c], &ro, &g);
    CHECK_MSG(g.n == 6, "chunk %zu: %d records", chunk_sizes[c], g.n);
    CHECK_STREQ(g.id[0], "<urn:test:long>");
    CHECK_STREQ(g.body[0], page_a);
    CHECK_STREQ(g.id[1], "<urn:test:after-long>");
    CHECK_STREQ(g.id[2], "<urn:test:short>");
    CHECK_STREQ(g.id[3], "<urn:test:after-short>");
    CHECK_STREQ(g.body[3], page_a);
    CHECK(strstr(g.err[4], "Content-Length") != NULL);
    CHECK_STREQ(g.id[5], "<urn:test:last>");
    CHECK(g.stats.junk > 0);
  }
  /* a page over max_record is cut there and says so */
  ro.max_record = 20;
  cl_buf_clear(&w);
  char big[200000];
  memset(big, 'x', sizeof big);
  memcpy(big, "<html><body><p>", 15);
  http(&blk, "Content-Type: text/html\r\n", big, sizeof big);
  test_warc_record(&w, "response", "big", "u", RESP, blk.ptr, blk.len, -1);
  test_warc_record(&w, "response", "next", "u", RESP, blk.ptr, 200, -1);
  got g;
  read_all(w.ptr, w.len, 4096, &ro, &g);
  CHECK(g.n == 2 && g.truncated[0] && !g.err[0][0]);
  CHECK_STREQ(g.id[1], "<urn:test:next>");
  cl_buf_free(&w);
  cl_buf_free(&blk);
}

/* JSONL: one record per non-blank line, bad lines included. */
static void test_jsonl(void) {
  cl_buf w = new_buf();
  cl_buf_puts(&w, "{\"id\": 7, \"html\": \"<p>one</p>\", \"lang\": \"en\"}\n"
                  "\n"
                  "{\"id\": \"b\", \"html\": \"<p>two</p>\"\n" /* bad JSON */
                  "{\"id\": \"c\", \"page\": \"<p>three</p>\"}\r\n"
                  "[1, 2]\n");
  /* nested 100,000 deep: refused by the parser, not a crash */
  for (int i = 0; i < 100000; i++)
    cl_buf_putc(&w, '[');
  cl_buf_puts(&w, "\n{\"html\": \"");
  for (int i = 0; i < 3000; i++) /* over the limit below */
    cl_buf_puts(&w, "<p>long</p>");
  cl_buf_puts(&w, "\"}\n{\"html\": \"<p>last</p>\"}"); /* no final newline */
  cleaner_reader_options ro;
  cleaner_reader_options_init(&ro);
  ro.kind = CLEANER_STREAM_JSONL;
  ro.max_record = 1000; /* lines over 4x this + 1 MiB are refused */
  for (size_t c = 0; c < NCHUNKS; c++) {
    got g;
    read_all(w.ptr, w.len, chunk_sizes[c], &ro, &g);
    CHECK_MSG(g.st == CLEANER_OK && g.n == 7, "chunk %zu: %d", chunk_sizes[c],
              g.n);
    CHECK_STREQ(g.body[0], "<p>one</p>");
    CHECK_STREQ(g.id[0], "7");
    CHECK(strstr(g.err[1], "bad JSON") != NULL);
    CHECK(strstr(g.err[2], "no string field") != NULL);
    CHECK_STREQ(g.id[2], "c");
    CHECK(strstr(g.err[3], "not a JSON object") != NULL);
    CHECK(g.err[4][0] != 0);
    CHECK(g.truncated[5] && !g.err[5][0]); /* page cut at max_record */
    CHECK_STREQ(g.body[6], "<p>last</p>");
  }
  cl_buf_free(&w);
}

typedef struct out {
  char buf[4096];
  size_t len;
} out;

static int out_write(void *ctx, const char *s, size_t n) {
  out *o = ctx;
  if (o->len + n >= sizeof o->buf)
    return -1;
  memcpy(o->buf + o->len, s, n);
  o->len += n;
  o->buf[o->len] = 0;
  return 0;
}

/* JSON output: carried fields stay, the page field goes, text or error. */
static void test_json_out(void) {
  const char *line = "{\"id\": \"x1\", \"html\": \"<html><body><h1>Head</h1>"
                     "<p>The one paragraph of this page, long enough to "
                     "keep as an article text here.</p></body></html>\", "
                     "\"crawl\": {\"n\": 3}}\n";
  cleaner_reader_options ro;
  cleaner_reader_options_init(&ro);
  ro.kind = CLEANER_STREAM_JSONL;
  test_feed f = {line, strlen(line), 0, 1 << 20};
  cleaner_reader *r = NULL;
  cleaner_record *rec = NULL;
  CHECK(cleaner_reader_new(&ro, test_feed_read, &f, &r) == CLEANER_OK);
  CHECK(cleaner_reader_next(r, &rec) == CLEANER_OK && rec);
  cleaner_t *c = NULL;
  cleaner_result *res = NULL;
  CHECK(cleaner_new(NULL, &c) == CLEANER_OK);
  size_t n;
  const char *body = cleaner_record_body(rec, &n);
  CHECK(cleaner_clean(c, body, n, &res) == CLEANER_OK);
  out o = {{0}, 0};
  CHECK(cleaner_write_json(rec, res, NULL, 0, out_write, &o) == CLEANER_OK);
  CHECK(strstr(o.buf, "\"crawl\":{\"n\":3}") != NULL);
  CHECK(strstr(o.buf, "\"id\":\"x1\"") != NULL);
  CHECK(strstr(o.buf, "\"html\"") == NULL);
  CHECK(strstr(o.buf, "The one paragraph") != NULL);
  CHECK(o.len && o.buf[o.len - 1] == '\n' && !memchr(o.buf, '\n', o.len - 1));
  o.len = 0;
  CHECK(cleaner_write_json(rec, NULL, "bad thing", 0, out_write, &o) ==
        CLEANER_OK);
  CHECK(strstr(o.buf, "\"error\":\"bad thing\"") != NULL);
  CHECK(strstr(o.buf, "\"text\"") == NULL);
  /* a sink that fails is reported */
  o.len = sizeof o.buf - 2;
  CHECK(cleaner_write_json(rec, res, NULL, 0, out_write, &o) == CLEANER_EIO);
  cleaner_result_free(res);
  cleaner_free(c);
  cleaner_record_free(rec);
  cleaner_reader_free(r);
}

/* Every allocation of a WARC read fails in turn: no leak (ASan), no crash,
 * and the status says so. */
static void test_alloc_failure(void) {
  cl_buf w = new_buf();
  mixed(&w, 1);
  int finished = 0;
  for (long fail = 1; fail < 400 && !finished; fail++) {
    test_counter cnt = {0, fail, 0, 0};
    cleaner_allocator a = test_counting_allocator(&cnt);
    cleaner_reader_options ro;
    cleaner_reader_options_init(&ro);
    ro.allocator = &a;
    got g;
    read_all(w.ptr, w.len, 4096, &ro, &g);
    CHECK_MSG(cnt.live == 0, "fail at %ld: %ld blocks live", fail, cnt.live);
    CHECK(g.st == CLEANER_OK || g.st == CLEANER_ENOMEM);
    finished = !cnt.failed;
    if (finished)
      CHECK(g.n == 3);
  }
  CHECK(finished);
  cl_buf_free(&w);
}

/* Junk after the last record, of every length around the resync window,
 * ends the stream (a fuzzer found resync looping on 7 bytes left). */
static void test_trailing_junk(void) {
  cl_buf w = new_buf(), blk = new_buf();
  http(&blk, "Content-Type: text/html\r\n", page_a, strlen(page_a));
  cleaner_reader_options ro;
  cleaner_reader_options_init(&ro);
  ro.kind = CLEANER_STREAM_WARC;
  size_t lens[] = {1, 6, 7, 8, 9, 4095, 4096, 4097, 9000};
  for (size_t k = 0; k < sizeof lens / sizeof *lens; k++) {
    cl_buf_clear(&w);
    test_warc_record(&w, "response", "a", "u", RESP, blk.ptr, blk.len, -1);
    for (size_t i = 0; i < lens[k]; i++)
      cl_buf_putc(&w, (char)('a' + i % 26));
    for (size_t c = 0; c < NCHUNKS; c++) {
      got g;
      read_all(w.ptr, w.len, chunk_sizes[c], &ro, &g);
      CHECK_MSG(g.n == 1 && g.stats.junk == lens[k],
                "junk %zu chunk %zu: %d records, %llu junk", lens[k],
                chunk_sizes[c], g.n, g.stats.junk);
    }
  }
  cl_buf_free(&w);
  cl_buf_free(&blk);
}

/* The issue's bounds for hostile input: under 1 s per MB of input (and
 * at least a second for small ones) and under 256 MiB of peak memory. */
#define SECONDS_PER_MB 1.0
#define MIN_SECONDS 1.0
#define MAX_RSS_KB (256L * 1024)
/* AddressSanitizer keeps freed memory in quarantine (256 MB by default):
 * peak RSS means nothing there, so it is checked in the release build. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void bounded(const char *name, const cl_buf *w,
                    const cleaner_reader_options *ro, int want_records,
                    const char *want_error) {
  double t0 = now();
  got g;
  read_all(w->ptr, w->len, 1 << 16, ro, &g);
  double took = now() - t0, mb = (double)w->len / 1e6;
  double bound =
      mb * SECONDS_PER_MB > MIN_SECONDS ? mb * SECONDS_PER_MB : MIN_SECONDS;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  CHECK_MSG(g.st == CLEANER_OK && g.n == want_records, "%s: %d records", name,
            g.n);
  CHECK_MSG(strstr(g.err[want_records - 1], want_error) != NULL,
            "%s: error [%s]", name, g.err[want_records - 1]);
  CHECK_MSG(took < bound, "%s: %.2f s for %.1f MB", name, took, mb);
  CHECK_MSG(UNDER_ASAN || ru.ru_maxrss < MAX_RSS_KB, "%s: peak RSS %ld KB",
            name, ru.ru_maxrss);
}

/* The stream cases of the pathological corpus, with their bounds. */
static void test_pathological(void) {
  cl_buf w = new_buf(), blk = new_buf();
  cleaner_reader_options ro;
  cleaner_reader_options_init(&ro);
  /* Content-Length far past the end of a 2 MB file. */
  cl_buf_reserve(&blk, 2000000);
  while (blk.len < 2000000)
    cl_buf_puts(&blk, "<p>filler text of a page</p>");
  test_warc_record(&w, "response", "huge", "u", "text/html", blk.ptr, blk.len,
                   1000000000000000LL);
  bounded("Content-Length past the file", &w, &ro, 1, "truncated");
  /* A JSONL line nested 100,000 deep, then one 50 MB line of one string. */
  ro.kind = CLEANER_STREAM_JSONL;
  cl_buf_clear(&w);
  for (int i = 0; i < 100000; i++)
    cl_buf_putc(&w, '[');
  cl_buf_putc(&w, '\n');
  bounded("JSONL nested 100,000 deep", &w, &ro, 1, "bad JSON");
  cl_buf_puts(&w, "{\"html\": \"");
  while (w.len < 50000000)
    cl_buf_puts(&w, "<p>a long line of one page in one string</p>");
  cl_buf_puts(&w, "\"}\n");
  bounded("JSONL line of 50 MB", &w, &ro, 2, "longer than");
  /* 200,000 small non-page records: skipped quickly, none kept. */
  ro.kind = CLEANER_STREAM_WARC;
  cl_buf_clear(&w);
  for (int i = 0; i < 200000; i++)
    test_warc_record(&w, "request", "r", "u", "application/http", "GET /\r\n",
                     7, -1);
  test_warc_record(&w, "response", "end", "u", "text/html", "<p>x", 4, -1);
  bounded("200,000 skipped records", &w, &ro, 1, "");
  cl_buf_free(&w);
  cl_buf_free(&blk);
}

int main(void) {
  cl_mem_init(&plain_mem, NULL);
  test_pathological();
  test_trailing_junk();
  test_mixed(0);
  test_mixed(1);
  test_truncated(0);
  test_truncated(1);
  test_encodings();
  test_damage();
  test_jsonl();
  test_json_out();
  test_alloc_failure();
  return test_summary("stream");
}
