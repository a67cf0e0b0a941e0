/* The command's explanation of decisions: --explain writes one JSON object
 * per block (JSONL), --explain-html a self-contained HTML report. Reads a
 * result through the public API only. */
#ifndef CLEANER_CLI_EXPLAIN_H
#define CLEANER_CLI_EXPLAIN_H

#include <stdio.h>

#include "cleaner.h"

typedef struct explain_out {
  FILE *jsonl; /* NULL when not asked for */
  FILE *html;
  int close_jsonl, close_html; /* 0 for stderr */
} explain_out;

/* Open the outputs; a path of "-" is standard error, NULL is none.
 * Returns 0, or -1 after naming the file that failed on stderr. */
int explain_open(explain_out *x, const char *jsonl_path, const char *html_path);
/* Explain one document cleaned in `seconds`; returns 0 or -1. */
int explain_doc(const explain_out *x, const char *path, const cleaner_result *r,
                double seconds);
/* Finish and close; returns 0 or -1 on a write error. */
int explain_close(explain_out *x);
/* Monotonic clock in seconds, for the time a document took. */
double explain_now(void);

#endif
