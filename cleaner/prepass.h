/* Streaming pre-pass over UTF-8 HTML before Gumbo sees it. Internal. */
#ifndef CLEANER_PREPASS_H
#define CLEANER_PREPASS_H

#include "buf.h"

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
 */
cleaner_status cl_prepass(const char *in, size_t len, unsigned max_depth,
                          cl_buf *out);

/* The same, keeping more attributes for the Markdown and HTML output:
 * href with its value (CL_PP_HREF), and src and alt (CL_PP_IMAGES). */
enum { CL_PP_HREF = 1u << 0, CL_PP_IMAGES = 1u << 1 };
cleaner_status cl_prepass_keep(const char *in, size_t len, unsigned max_depth,
                               unsigned keep, cl_buf *out);

#endif
