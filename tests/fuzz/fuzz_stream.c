/* libFuzzer target: record streams (WARC and JSONL) through the public
 * reader, each record cleaned and written as JSON. The first byte chooses
 * the stream kind, the read chunk size and a small record limit; the rest
 * is the stream. Checks: every record's error is a string or NULL, its body
 * fits the limit, and JSON output never fails but for memory. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cleaner.h"
#include "feed.h"

/* A record limit small enough that cutting is exercised. */
#define SMALL_RECORD 2048

static int sink(void *ctx, const char *s, size_t n) {
  (void)ctx;
  (void)s;
  (void)n;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  uint8_t f = data[0];
  static const size_t chunks[] = {1, 3, 64, 1 << 16};
  cleaner_reader_options ro;
  cleaner_reader_options_init(&ro);
  ro.kind = (f & 3) == 1   ? CLEANER_STREAM_JSONL
            : (f & 3) == 2 ? CLEANER_STREAM_WARC
                           : CLEANER_STREAM_AUTO;
  if (f & 16)
    ro.max_record = SMALL_RECORD;
  test_feed fd = {(const char *)data + 1, size - 1, 0, chunks[(f >> 2) & 3]};
  /* Handles live across inputs, as in a real run: one per record limit. */
  static cleaner_t *handles[2];
  cleaner_t **c = &handles[(f & 16) != 0];
  if (!*c) {
    cleaner_options o;
    cleaner_options_init(&o);
    o.max_bytes = ro.max_record;
    if (cleaner_new(&o, c) != CLEANER_OK)
      abort();
  }
  cleaner_reader *r = NULL;
  if (cleaner_reader_new(&ro, test_feed_read, &fd, &r) != CLEANER_OK)
    abort();
  for (;;) {
    cleaner_record *rec = NULL;
    cleaner_status st = cleaner_reader_next(r, &rec);
    if (st != CLEANER_OK && st != CLEANER_ENOMEM)
      abort(); /* the callback never fails */
    if (!rec)
      break;
    size_t n;
    const char *body = cleaner_record_body(rec, &n);
    if (n > (ro.max_record + 1) * 4 + (1u << 16) || body[n] != 0)
      abort();
    const char *err = cleaner_record_error(rec);
    cleaner_result *res = NULL;
    if (!err && cleaner_clean_charset(*c, body, n, cleaner_record_charset(rec),
                                      &res) != CLEANER_OK)
      err = "not cleaned";
    st = cleaner_write_json(rec, res, err, 0, sink, NULL);
    if (st != CLEANER_OK && st != CLEANER_ENOMEM)
      abort();
    cleaner_result_free(res);
    cleaner_record_free(rec);
  }
  cleaner_reader_free(r);
  return 0;
}
