/* The cleaner command: a thin client of the public API. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleaner.h"

#define EXIT_SOME_FAILED 1
#define EXIT_USAGE 2
/* Files are read in chunks of this size, then grown by doubling. */
#define READ_CHUNK ((size_t)1 << 16)

static const char usage_text[] =
    "Usage: cleaner [OPTION]... [FILE]...\n"
    "Strip boilerplate (menus, ads, related links, share bars, comments)\n"
    "from web pages and print the article text. With no FILE, or when FILE\n"
    "is -, read standard input. gzip input is unpacked; the charset is\n"
    "found from a BOM, <meta> or by detection.\n"
    "\n"
    "  -o, --output-dir DIR  write DIR/NAME.txt for each FILE (NAME is the\n"
    "                        file name without .gz and its extension)\n"
    "      --input KIND      auto (default), html or text\n"
    "      --charset NAME    charset of the input when not declared in it\n"
    "      --no-title        leave the headline out\n"
    "      --max-bytes N     cut input after N bytes (default 10 MiB)\n"
    "      --max-depth N     flatten elements nested deeper than N (512)\n"
    "      --max-nodes N     cut the page after N nodes (elements,\n"
    "                        attributes, texts) (500000)\n"
    "      --time-budget MS  give up on a page after MS milliseconds\n"
    "                        (10000; 0: no limit)\n"
    "  -h, --help            show this help and exit\n"
    "      --version         show the version and exit\n"
    "\n"
    "Exit status: 0 when every input was cleaned, 1 when some failed (the\n"
    "others are still written), 2 on a usage error.\n";

typedef struct cli {
  cleaner_options opts;
  const char *outdir;
  char **files;
  int nfiles;
} cli;

typedef struct data {
  char *p;
  size_t len, cap;
} data;

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "cleaner: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'cleaner --help' for more information.\n");
  return EXIT_USAGE;
}

static int parse_size(const char *s, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end || v == 0 || s[0] == '-')
    return -1;
  *out = (size_t)v;
  return 0;
}

/* Returns -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, cli *c) {
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    size_t n;
    if (!strcmp(a, "--")) {
      i++;
      break;
    }
    if (a[0] != '-' || !strcmp(a, "-"))
      break;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(usage_text, stdout);
      return 0;
    } else if (!strcmp(a, "--version")) {
      printf("cleaner %s\n", cleaner_version());
      return 0;
    } else if (!strcmp(a, "--no-title")) {
      c->opts.keep_title = 0;
    } else if (!next &&
               (!strcmp(a, "-o") || !strcmp(a, "--output-dir") ||
                !strcmp(a, "--input") || !strcmp(a, "--charset") ||
                !strcmp(a, "--max-bytes") || !strcmp(a, "--max-depth"))) {
      return usage_error("option '%s' needs a value", a);
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output-dir")) {
      c->outdir = argv[++i];
    } else if (!strcmp(a, "--input")) {
      i++;
      if (!strcmp(next, "auto"))
        c->opts.input = CLEANER_INPUT_AUTO;
      else if (!strcmp(next, "html"))
        c->opts.input = CLEANER_INPUT_HTML;
      else if (!strcmp(next, "text"))
        c->opts.input = CLEANER_INPUT_TEXT;
      else
        return usage_error("unknown input kind '%s' (auto, html, text)", next);
    } else if (!strcmp(a, "--charset")) {
      c->opts.declared_charset = argv[++i];
    } else if (!strcmp(a, "--max-bytes")) {
      if (parse_size(argv[++i], &c->opts.max_bytes))
        return usage_error("bad --max-bytes value '%s'", next);
    } else if (!strcmp(a, "--max-depth")) {
      if (parse_size(argv[++i], &n) || n > UINT_MAX)
        return usage_error("bad --max-depth value '%s'", next);
      c->opts.max_depth = (unsigned)n;
    } else if (!strcmp(a, "--max-nodes")) {
      if (!next || parse_size(argv[++i], &c->opts.max_nodes))
        return usage_error("bad --max-nodes value '%s'", next ? next : "");
    } else if (!strcmp(a, "--time-budget")) {
      n = 0; /* "0": no budget */
      if (!next || (strcmp(argv[++i], "0") && parse_size(next, &n)) ||
          n > UINT_MAX)
        return usage_error("bad --time-budget value '%s'", next ? next : "");
      c->opts.time_budget_ms = (unsigned)n;
    } else {
      return usage_error("unknown option '%s'", a);
    }
  }
  c->files = argv + i;
  c->nfiles = argc - i;
  return -1;
}

/* Read at most `limit` bytes: the library cuts input at max_bytes anyway,
 * so a huge file is not held in memory. gzip data may be read up to
 * GZIP_READ_FACTOR times further, as it expands. */
#define GZIP_READ_FACTOR 4

static int read_stream(FILE *f, data *d, size_t limit) {
  int sniffed = 0;
  d->len = 0;
  for (;;) {
    if (!sniffed && d->len >= 2) {
      sniffed = 1;
      if ((unsigned char)d->p[0] == 0x1f && (unsigned char)d->p[1] == 0x8b)
        limit = limit < SIZE_MAX / GZIP_READ_FACTOR ? limit * GZIP_READ_FACTOR
                                                    : SIZE_MAX;
    }
    if (d->len >= limit)
      return 0;
    if (d->cap - d->len < READ_CHUNK) {
      size_t cap = d->cap ? d->cap * 2 : READ_CHUNK * 4;
      char *p = realloc(d->p, cap);
      if (!p) {
        errno = ENOMEM;
        return -1;
      }
      d->p = p;
      d->cap = cap;
    }
    size_t want = d->cap - d->len;
    if (want > limit - d->len)
      want = limit - d->len;
    size_t got = fread(d->p + d->len, 1, want, f);
    d->len += got;
    if (got == 0)
      return ferror(f) ? -1 : 0;
  }
}

/* NAME of DIR/NAME.txt: the base name without ".gz", then without its
 * extension. */
static void output_name(const char *path, char *out, size_t cap) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  if (n > 3 && !strcmp(base + n - 3, ".gz"))
    n -= 3;
  const char *dot = NULL;
  for (size_t i = 1; i < n; i++)
    if (base[i] == '.')
      dot = base + i;
  if (dot)
    n = (size_t)(dot - base);
  if (!strcmp(path, "-"))
    base = "stdin", n = 5;
  snprintf(out, cap, "%.*s", (int)n, base);
}

static int write_all(FILE *f, const char *s, size_t n) {
  return fwrite(s, 1, n, f) == n ? 0 : -1;
}

static int emit(const cli *c, const char *path, const cleaner_result *r) {
  size_t len;
  const char *text = cleaner_result_text(r, &len);
  if (!c->outdir)
    return write_all(stdout, text, len);
  char name[PATH_MAX], full[PATH_MAX + 8];
  output_name(path, name, sizeof name);
  snprintf(full, sizeof full, "%s/%s.txt", c->outdir, name);
  FILE *f = fopen(full, "wb");
  if (!f) {
    fprintf(stderr, "cleaner: %s: cannot write %s: %s\n", path, full,
            strerror(errno));
    return -1;
  }
  int rc = write_all(f, text, len);
  if (fclose(f) != 0 || rc != 0) {
    fprintf(stderr, "cleaner: %s: error writing %s\n", path, full);
    return -1;
  }
  return 0;
}

static int clean_one(const cli *c, cleaner_t *h, const char *path, data *d) {
  int is_stdin = !strcmp(path, "-");
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cleaner: %s: %s\n", path, strerror(errno));
    return -1;
  }
  size_t limit =
      c->opts.max_bytes < SIZE_MAX ? c->opts.max_bytes + 1 : SIZE_MAX;
  int rc = read_stream(f, d, limit);
  int err = errno;
  if (!is_stdin)
    fclose(f);
  if (rc != 0) {
    fprintf(stderr, "cleaner: %s: read error: %s\n", path, strerror(err));
    return -1;
  }
  cleaner_result *r = NULL;
  cleaner_status st = cleaner_clean(h, d->p, d->len, &r);
  if (st != CLEANER_OK) {
    fprintf(stderr, "cleaner: %s: %s\n", path, cleaner_strerror(st));
    return -1;
  }
  if (cleaner_result_truncated(r))
    fprintf(stderr, "cleaner: %s: input cut at %zu bytes or %zu nodes\n", path,
            c->opts.max_bytes, c->opts.max_nodes);
  rc = emit(c, is_stdin ? "-" : path, r);
  cleaner_result_free(r);
  return rc;
}

int main(int argc, char **argv) {
  cli c = {0};
  cleaner_options_init(&c.opts);
  int rc = parse_args(argc, argv, &c);
  if (rc >= 0)
    return rc;
  static char *stdin_only[] = {"-"};
  if (c.nfiles == 0) {
    c.files = stdin_only;
    c.nfiles = 1;
  }
  struct stat sb;
  if (c.outdir && (stat(c.outdir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
    if (mkdir(c.outdir, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "cleaner: cannot create output directory %s: %s\n",
              c.outdir, strerror(errno));
      return EXIT_SOME_FAILED;
    }
  }
  cleaner_t *h = NULL;
  cleaner_status st = cleaner_new(&c.opts, &h);
  if (st != CLEANER_OK) {
    fprintf(stderr, "cleaner: %s\n", cleaner_strerror(st));
    return EXIT_SOME_FAILED;
  }
  data d = {0};
  int failed = 0;
  for (int i = 0; i < c.nfiles; i++)
    failed |= clean_one(&c, h, c.files[i], &d) != 0;
  free(d.p);
  cleaner_free(h);
  if (fflush(stdout) != 0) {
    fprintf(stderr, "cleaner: error writing standard output\n");
    failed = 1;
  }
  return failed ? EXIT_SOME_FAILED : 0;
}
