/* Renderer: kept blocks -> text. Internal. */
#ifndef CLEANER_RENDER_H
#define CLEANER_RENDER_H

#include "block.h"

/* Plain text: a paragraph per block, a blank line between paragraphs,
 * list items as "- item", the cells of a table row joined by " | ", code
 * with its indentation. Ends with a newline unless empty. */
cleaner_status cl_render_txt(const cl_blocks *bl, cl_buf *out);

/* CommonMark: headings as "#", nested lists ("-" or "1."), quotes as ">",
 * tables as pipe tables (a column per cell slot, empty cells kept, spans
 * padded up to CL_TABLE_COLS_MAX), code fenced with a fence longer than
 * any backtick run inside and the language the page named. Text is
 * escaped so that a CommonMark renderer gives it back as it was. Links
 * and images appear when the front end recorded them (cl_blocks.want). */
cleaner_status cl_render_markdown(const cl_blocks *bl, cl_buf *out);

/* A complete HTML document of the kept blocks: h1-h6, p, ul/ol/li nested,
 * blockquote, pre/code, table/tr/th/td, with <meta charset> and the page
 * title; all text escaped. */
cleaner_status cl_render_html(const cl_blocks *bl, cl_buf *out);

#endif
