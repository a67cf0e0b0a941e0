#include "render.h"

/* Trim white space (and, for non-code, nothing else) from a block's text. */
static cl_span trimmed(const cl_blocks *bl, const cl_block *b) {
  const char *p = cl_block_text(bl, b);
  size_t n = b->len;
  if (b->kind == CL_CODE) {
    /* Keep indentation; drop blank lines around the code. */
    while (n && (p[n - 1] == '\n' || p[n - 1] == ' ' || p[n - 1] == '\t'))
      n--;
    while (n && p[0] == '\n') {
      p++;
      n--;
    }
  } else {
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\n'))
      n--;
    while (n && (p[0] == ' ' || p[0] == '\n')) {
      p++;
      n--;
    }
  }
  return (cl_span){p, n};
}

cleaner_status cl_render_txt(const cl_blocks *bl, cl_buf *out) {
  int any = 0, in_row = 0, prev_kind = -1;
  for (size_t i = 0; i < bl->n; i++) {
    const cl_block *b = &bl->v[i];
    if (!b->keep)
      continue;
    cl_span t = trimmed(bl, b);
    if (!t.len)
      continue;
    int joins = b->kind == CL_CELL && in_row && !(b->flags & CL_F_ROW_START);
    if (joins) {
      cl_buf_append(out, " | ", 3);
    } else if (any) {
      /* Items of a list and rows of a table stay together. */
      int tight =
          (b->kind == CL_ITEM || b->kind == CL_CELL) && b->kind == prev_kind;
      cl_buf_append(out, "\n\n", tight ? 1 : 2);
    }
    if (b->kind == CL_ITEM && !joins)
      cl_buf_append(out, "- ", 2);
    cl_buf_append(out, t.ptr, t.len);
    in_row = b->kind == CL_CELL;
    prev_kind = b->kind;
    any = 1;
  }
  if (any)
    cl_buf_putc(out, '\n');
  return out->oom ? CLEANER_ENOMEM : CLEANER_OK;
}
