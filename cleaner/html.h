/* HTML front end: Gumbo tree -> block list, by an iterative walk. */
#ifndef CLEANER_HTML_H
#define CLEANER_HTML_H

#include "block.h"
#include "feat.h"
#include "hint.h"
#include "prepass.h"

/* Parse UTF-8 `html` (already through the pre-pass) and append its blocks,
 * containers and title to `bl`. Gumbo's tree lives in `arena`, which is
 * reset before returning. `runs` are the placeholders the pre-pass wrote
 * into `html` (read only, with the input they point into), or NULL.
 * `hints` caches hints of class values for pages to come (the pre-pass
 * may share it), or NULL for one of this page only. */
cleaner_status cl_html_blocks(const cl_lexicon *lx, cl_featurer *ft,
                              cl_arena *arena, const char *html, size_t len,
                              const cl_pp_runs *runs, cl_hint_cache *hints,
                              cl_blocks *bl);

#endif
