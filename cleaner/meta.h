/* Metadata of a page: title, authors, dates, site, canonical URL,
 * description, tags, image, from what the pre-pass captured (JSON-LD,
 * <meta>, itemprop, <time>, <html lang>, <link rel=canonical>, <title>)
 * and, when the head has none, from the visible dateline and byline.
 * Internal. */
#ifndef CLEANER_META_H
#define CLEANER_META_H

#include "block.h"
#include "buf.h"
#include "lexicon.h"

/* Sources in order of trust: a field set by one is replaced only by a
 * more trusted one (issue 5's order). */
typedef enum cl_meta_src {
  CL_SRC_NONE = 0,
  CL_SRC_TEXT,     /* the visible dateline / byline */
  CL_SRC_TITLE,    /* <title>, cleaned of the site name */
  CL_SRC_CANON,    /* <link rel=canonical> */
  CL_SRC_TIME,     /* <time datetime> */
  CL_SRC_ITEMPROP, /* itemprop on any element */
  CL_SRC_NAME,     /* <meta name=author|description|keywords|date...> */
  CL_SRC_TWITTER,  /* twitter:* cards */
  CL_SRC_OG,       /* OpenGraph og:* and article:* */
  CL_SRC_JSONLD    /* JSON-LD */
} cl_meta_src;

typedef struct cl_meta {
  cl_buf f[CLEANER_FIELD_COUNT]; /* values; several are joined by '\n' */
  uint8_t src[CLEANER_FIELD_COUNT];
  char html_lang[8]; /* primary subtag of <html lang>, lowercase, or "" */
  const cl_mem *mem;
} cl_meta;

void cl_meta_init(cl_meta *m, const cl_mem *mem);
void cl_meta_free(cl_meta *m);

/* Read the records of a capture buffer (prepass.h). Bad JSON-LD is
 * skipped. ENOMEM only. */
cleaner_status cl_meta_read(cl_meta *m, const cl_buf *cap);

/* After classification: the visible dateline and byline when the head gave
 * none, and kept blocks that are only the byline, the dateline or the tag
 * list are removed (reason "byline", "dateline", "tags"). Then the title is
 * cleaned of the site name. */
cleaner_status cl_meta_blocks(cl_meta *m, cl_blocks *bl);

/* Set a field from a source: replaces a less trusted value, adds to a
 * multi-valued field (author, tags) from the same source. The value is
 * decoded (character references), trimmed and collapsed; dates are
 * normalised to ISO 8601 and dropped when they do not parse. */
cleaner_status cl_meta_set(cl_meta *m, cleaner_field f, cl_meta_src src,
                           const char *v, size_t n);

/* Parse a date in any form meta.c knows (ISO 8601, RFC 822, "10 апреля
 * 2024", "April 10, 2024", "23.04.2025", "2024/04/10", with an optional
 * time "23:37" and zone) and write it as ISO 8601 ("2024-04-10",
 * "2024-04-10T23:37", "2024-04-10T23:37:00+03:00") into out (at least
 * CL_DATE_MAX bytes). Returns the length, 0 when there is no date. When
 * `span` is not NULL it gets the bytes of `s` the date covers. */
#define CL_DATE_MAX 32
size_t cl_meta_date(const char *s, size_t n, char *out, cl_span *span);

#endif
