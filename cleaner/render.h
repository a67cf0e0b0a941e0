/* Renderer: kept blocks -> text. Internal. */
#ifndef CLEANER_RENDER_H
#define CLEANER_RENDER_H

#include "block.h"

/* Plain text: a paragraph per block, a blank line between paragraphs,
 * list items as "- item", the cells of a table row joined by " | ", code
 * with its indentation. Ends with a newline unless empty. */
cleaner_status cl_render_txt(const cl_blocks *bl, cl_buf *out);

#endif
