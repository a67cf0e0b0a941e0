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

#endif
