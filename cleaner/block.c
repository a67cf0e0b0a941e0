#include "block.h"

#include <string.h>

void cl_blocks_init(cl_blocks *bl, const cl_mem *mem) {
  memset(bl, 0, sizeof *bl);
  bl->mem = mem;
  bl->lang = -1;
  cl_buf_init(&bl->text, mem);
  cl_buf_init(&bl->title, mem);
  cl_buf_init(&bl->title_text, mem);
}

void cl_blocks_free(cl_blocks *bl) {
  cl_free(bl->mem, bl->v);
  cl_free(bl->mem, bl->c);
  cl_buf_free(&bl->text);
  cl_buf_free(&bl->title);
  cl_buf_free(&bl->title_text);
  cl_blocks_init(bl, bl->mem);
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
