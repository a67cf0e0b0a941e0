#include "block.h"

#include <string.h>

void cl_blocks_init(cl_blocks *bl, const cl_mem *mem) {
  memset(bl, 0, sizeof *bl);
  bl->mem = mem;
  bl->lang = -1;
  cl_buf_init(&bl->text, mem);
  cl_buf_init(&bl->title, mem);
  cl_buf_init(&bl->title_text, mem);
  cl_buf_init(&bl->aux, mem);
}

void cl_blocks_free(cl_blocks *bl) {
  cl_free(bl->mem, bl->v);
  cl_free(bl->mem, bl->c);
  cl_buf_free(&bl->text);
  cl_buf_free(&bl->title);
  cl_buf_free(&bl->title_text);
  cl_buf_free(&bl->aux);
  cl_free(bl->mem, bl->marks);
  unsigned want = bl->want;
  int comments = bl->comments;
  cl_blocks_init(bl, bl->mem);
  bl->want = want;
  bl->comments = comments;
}

int32_t cl_blocks_container(cl_blocks *bl, int32_t parent, int hint,
                            unsigned tag, unsigned depth) {
  if (bl->nc >= INT32_MAX)
    return -1;
  cl_container *c = cl_grow(bl->mem, bl->c, &bl->ccap, bl->nc + 1, sizeof *c);
  if (!c)
    return -1;
  bl->c = c;
  cl_container *x = &bl->c[bl->nc];
  x->parent = parent;
  x->hint = (int16_t)hint;
  x->tag = (uint16_t)tag;
  x->depth = depth;
  x->para = 0;
  x->near = (int16_t)hint;
  x->cls_hash = 0;
  return (int32_t)bl->nc++;
}

cl_block *cl_blocks_add(cl_blocks *bl, size_t off, size_t len) {
  cl_block *v = cl_grow(bl->mem, bl->v, &bl->cap, bl->n + 1, sizeof *v);
  if (!v)
    return NULL;
  bl->v = v;
  cl_block *b = &bl->v[bl->n++];
  memset(b, 0, sizeof *b);
  b->off = off;
  b->len = len;
  b->container = 0;
  return b;
}

int cl_blocks_mark(cl_blocks *bl, cl_mark_type type, const char *a,
                   size_t a_len, const char *b, size_t b_len) {
  if (a_len > UINT32_MAX || b_len > UINT32_MAX)
    a_len = b_len = 0;
  cl_mark *m = cl_grow(bl->mem, bl->marks, &bl->mcap, bl->nm + 1, sizeof *m);
  if (!m)
    return -1;
  bl->marks = m;
  cl_mark *x = &bl->marks[bl->nm++];
  x->at = bl->text.len;
  x->type = (uint8_t)type;
  x->a_off = bl->aux.len;
  x->a_len = (uint32_t)a_len;
  cl_buf_append(&bl->aux, a, a_len);
  x->b_off = bl->aux.len;
  x->b_len = (uint32_t)b_len;
  cl_buf_append(&bl->aux, b, b_len);
  return bl->aux.oom ? -1 : 0;
}
