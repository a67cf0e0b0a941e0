/* A minimal user of the installed library: clean one file to stdout.
 * Build: cc clean_file.c $(pkg-config --cflags --libs cleaner) */
#include <stdio.h>
#include <stdlib.h>

#include <cleaner.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: clean_file FILE\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  static char buf[1 << 20];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  cleaner_t *c = NULL;
  cleaner_result *r = NULL;
  cleaner_status st = cleaner_new(NULL, &c);
  if (st == CLEANER_OK)
    st = cleaner_clean(c, buf, n, &r);
  if (st != CLEANER_OK) {
    fprintf(stderr, "clean_file: %s: %s\n", argv[1], cleaner_strerror(st));
    cleaner_free(c);
    return 1;
  }
  size_t len;
  const char *text = cleaner_result_text(r, &len);
  fwrite(text, 1, len, stdout);
  cleaner_result_free(r);
  cleaner_free(c);
  return 0;
}
