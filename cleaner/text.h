/* Plain-text front end: lines -> block list. Internal. */
#ifndef CLEANER_TEXT_H
#define CLEANER_TEXT_H

#include "block.h"
#include "feat.h"

/* Append one block per non-blank line of UTF-8 `text` to `bl`. */
cleaner_status cl_text_blocks(cl_featurer *ft, const char *text, size_t len,
                              cl_blocks *bl);

/* 1 when UTF-8 `s` looks like HTML: a tag, comment or doctype early on. */
int cl_looks_like_html(const char *s, size_t len);

#endif
