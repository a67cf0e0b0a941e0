/* Records of WARC and JSONL streams, and the readers that make them.
 * Internal. */
#ifndef CLEANER_RECORD_H
#define CLEANER_RECORD_H

#include <jansson.h>

#include "buf.h"
#include "stream.h"

struct cleaner_record {
  cl_mem mem;
  cl_buf body;
  cl_buf id, url, date, charset; /* "" when absent */
  const char *error;             /* static reason, or NULL */
  char error_buf[160];           /* when the reason has details */
  json_t *fields;                /* JSONL: the other fields, carried */
  unsigned long long number;
  int truncated;
  /* JSONL: the reader only cuts lines; a line is parsed by the first
   * accessor, in the thread that cleans the record, so JSON parsing runs
   * on every worker instead of on the one reading. Until then body holds
   * the line. */
  int lazy;
  cl_buf field;      /* the page's field name */
  size_t max_record; /* the reader's max_record */
};

struct cleaner_reader {
  cl_mem mem;
  cleaner_reader_options opts;
  cl_src src;
  cleaner_stream kind; /* decided: DOC, WARC or JSONL */
  int started, done;
  unsigned long long line; /* JSONL line number */
  cleaner_reader_stats stats;
};

/* A fresh record numbered `number`; NULL on no memory. */
cleaner_record *cl_record_new(const cl_mem *mem, unsigned long long number);
/* 1 if a buffer of the record ran out of memory. */
int cl_record_oom(const cleaner_record *rec);
/* Set the record's error, with printf-style details. */
void cl_record_fail(cleaner_record *rec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The next WARC response with an HTML page, or NULL at the end (status in
 * *st). */
cleaner_record *cl_warc_next(cleaner_reader *r, cleaner_status *st);
/* The next JSONL line as a record, or NULL at the end. */
cleaner_record *cl_jsonl_next(cleaner_reader *r, cleaner_status *st);

/* Parse a JSONL record's line if not done yet (see `lazy`). */
void cl_jsonl_parse(cleaner_record *rec);
/* The record, parsed: every accessor goes through it. */
static inline const cleaner_record *cl_record_ready(const cleaner_record *rec) {
  if (rec && rec->lazy)
    cl_jsonl_parse((cleaner_record *)(uintptr_t)rec);
  return rec;
}

#endif
