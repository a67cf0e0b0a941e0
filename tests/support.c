#include "support.h"

#include <stdio.h>
#include <stdlib.h>

char *test_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *p = malloc(cap + 1);
  while (p) {
    size_t got = fread(p + n, 1, cap - n, f);
    n += got;
    if (n < cap)
      break;
    cap *= 2;
    char *q = realloc(p, cap + 1);
    if (!q) {
      free(p);
      p = NULL;
    }
    p = q;
  }
  fclose(f);
  if (!p)
    return NULL;
  p[n] = '\0';
  if (len)
    *len = n;
  return p;
}

const char *test_path(const char *dir, const char *name) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s", dir, name);
  return buf;
}
