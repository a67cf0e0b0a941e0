/* page-text: a keep-everything extractor for measuring the plain-text mode.
 * It prints every block of a page, one per line, as cleaner's HTML front
 * end cuts it (decode, pre-pass, Gumbo, blocks), with nothing removed.
 *
 * usage: page-text -o DIR FILE...   writes DIR/NAME.txt per FILE */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "decode.h"
#include "feat.h"
#include "html.h"
#include "lexicon.h"
#include "prepass.h"

/* Nesting cap for the pre-pass, as the library's default. */
#define PAGE_TEXT_MAX_DEPTH 512
#define ARENA_LIMIT ((size_t)64 << 20)

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *p = malloc(cap);
  size_t got;
  while (p && (got = fread(p + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *q = realloc(p, cap *= 2);
      if (!q)
        free(p);
      p = q;
    }
  }
  fclose(f);
  *len = n;
  return p;
}

static void out_name(const char *dir, const char *path, char *buf, size_t cap) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  int n = dot ? (int)(dot - base) : (int)strlen(base);
  snprintf(buf, cap, "%s/%.*s.txt", dir, n, base);
}

static int dump(const cl_mem *mem, const cl_lexicon *lx, cl_featurer *ft,
                cl_arena *arena, const char *path, FILE *out) {
  size_t len;
  char *raw = slurp(path, &len);
  if (!raw)
    return -1;
  char cs[CL_CHARSET_MAX];
  cl_buf u, h;
  cl_buf_init(&u, mem);
  cl_buf_init(&h, mem);
  cl_blocks bl;
  cl_blocks_init(&bl, mem);
  int rc = -1;
  if (cl_decode(mem, raw, len, NULL, 1, &u, cs) == CLEANER_OK &&
      cl_prepass(u.ptr, u.len, PAGE_TEXT_MAX_DEPTH, &h) == CLEANER_OK &&
      cl_html_blocks(lx, ft, arena, h.ptr, h.len, NULL, NULL, &bl) ==
          CLEANER_OK) {
    for (size_t i = 0; i < bl.n; i++)
      fprintf(out, "%.*s\n", (int)bl.v[i].len, cl_block_text(&bl, &bl.v[i]));
    rc = 0;
  }
  cl_blocks_free(&bl);
  cl_buf_free(&u);
  cl_buf_free(&h);
  free(raw);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 4 || strcmp(argv[1], "-o")) {
    fprintf(stderr, "usage: page-text -o DIR FILE...\n");
    return 2;
  }
  cl_mem mem;
  cl_mem_init(&mem, NULL);
  cl_lexicon *lx = NULL;
  cl_featurer *ft = NULL;
  cl_arena arena;
  cl_arena_init(&arena, &mem, ARENA_LIMIT);
  if (cl_lexicon_new(&mem, &lx) != CLEANER_OK ||
      cl_featurer_new(&mem, lx, &ft) != CLEANER_OK)
    return 1;
  int failed = 0;
  for (int i = 3; i < argc; i++) {
    char name[4096];
    out_name(argv[2], argv[i], name, sizeof name);
    FILE *out = fopen(name, "wb");
    if (!out || dump(&mem, lx, ft, &arena, argv[i], out) != 0) {
      fprintf(stderr, "page-text: %s: failed\n", argv[i]);
      failed = 1;
    }
    if (out)
      fclose(out);
  }
  cl_featurer_free(ft);
  cl_lexicon_free(lx);
  cl_arena_free(&arena);
  return failed;
}
