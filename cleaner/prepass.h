/* Streaming pre-pass over UTF-8 HTML before Gumbo sees it. Internal. */
#ifndef CLEANER_PREPASS_H
#define CLEANER_PREPASS_H

#include "buf.h"
#include "deadline.h"

/*
 * Copy `in` to `out` (appended) without what can never be content: the
 * elements script, style, noscript, template, svg, math, iframe, object
 * with everything inside them, comments, and attributes no decision uses
 * (all but class, id, role, aria-*, hidden, itemprop, href without its value,
 * lang,
 * content, name, property, colspan, rowspan, datetime, type, and the few the
 * tree builder reads); an inline style that hides the element becomes the
 * `hidden` attribute. White space outside pre, listing and textarea is
 * collapsed. Follows the HTML tokenizer's states so that
 * the text Gumbo builds from the output equals the text of the input.
 * Start tags nested deeper than `max_depth` are dropped (their text stays).
 * Kept away from Gumbo 0.10.1's costly and fatal paths (prepass.c says
 * why): formatting elements but <a> keep only `hidden` and font's
 * color/face/size without values, at most 32 aria-* attributes are kept
 * per element, and where a dropped svg or math is written out after all,
 * its CDATA sections become escaped text and its elements named select are
 * written as x-select.
 */
cleaner_status cl_prepass(const char *in, size_t len, unsigned max_depth,
                          cl_buf *out);

typedef struct cl_prepass_limits {
  unsigned max_depth; /* as above */
  /* Most nodes written (elements, their attributes, runs of text, empty
   * comments, end tags) and formatting elements the parser will reopen, 0
   * for no cap. At the token that would pass it the pass
   * stops: the output ends before it, text after it included, and *cut is
   * set. A page under the cap is written exactly as cl_prepass() writes
   * it. */
  size_t max_nodes;
  /* Read every CL_DEADLINE_EVERY tokens, or NULL: CLEANER_ETIME when the
   * budget has run out (out then holds a part of the page). */
  cl_deadline *deadline;
} cl_prepass_limits;

/* cl_prepass() with a node cap and a time budget; *cut is 1 when the node
 * cap cut the page. */
cleaner_status cl_prepass_limited(const char *in, size_t len,
                                  const cl_prepass_limits *lim, cl_buf *out,
                                  int *cut);

#endif
