/*
 * cleaner-speed: time cleaner_clean() against the yardstick of PEERS.md,
 * Gumbo's parse of the same unreduced pages, in one run on one core.
 *
 *   cleaner-speed [--repeat N] [--no-gumbo | --stream] DATASET_DIR_OR_FILES...
 *
 * A directory with html/ stands for html/ *.html, any other directory for
 * its own *.html; other arguments are files. By default every page is read
 * into memory first (start-up and I/O excluded), then Gumbo and the cleaner
 * take turns N times; the best run of each is reported, the median beside
 * it. --no-gumbo times the cleaner alone. --stream reads one file at a time
 * from disk so that peak RSS reflects the cleaner's memory, not the
 * dataset's (its times include reading the files).
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <gumbo.h>

#include "cleaner.h"

#define DEFAULT_REPEAT 3
#define MAX_REPEAT 1000
#define BYTES_PER_MB 1e6 /* MB/s as PEERS.md counts it */
#define KIB_PER_MIB 1024.0
#define HTML_SUFFIX ".html"
#define EXIT_USAGE 2
#define EXIT_TROUBLE 3

typedef struct page {
  char *path;
  char *data; /* NULL in --stream mode */
  size_t len;
} page;

typedef struct corpus {
  page *pages;
  size_t n, cap;
  size_t bytes, largest;
} corpus;

typedef enum mode { MODE_BOTH, MODE_NO_GUMBO, MODE_STREAM } mode;

typedef struct options {
  int repeat;
  mode mode;
  char **inputs;
  int ninputs;
} options;

/* What one cleaning pass produced, to show the work was done. */
typedef struct clean_stats {
  size_t failed[CLEANER_ESTATUS_COUNT];
  size_t failed_unknown; /* a status past CLEANER_ESTATUS_COUNT */
  size_t empty, out_bytes;
} clean_stats;

static void die(const char *what, const char *detail) {
  fprintf(stderr, "cleaner-speed: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
  exit(EXIT_TROUBLE);
}

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p)
    die("out of memory", NULL);
  return p;
}

static char *join(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *s = xrealloc(NULL, n);
  snprintf(s, n, "%s/%s", dir, name);
  return s;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double peak_rss_mib(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_maxrss / KIB_PER_MIB; /* Linux: ru_maxrss in KiB */
}

/* ------------------------------------------------------------------ */
/* Command line                                                        */

static void usage(void) {
  fputs("usage: cleaner-speed [--repeat N] [--no-gumbo | --stream] "
        "DATASET_DIR_OR_FILES...\n"
        "  --repeat N  runs of each timing, best and median reported "
        "(default 3)\n"
        "  --no-gumbo  time the cleaner alone (pages still held in memory)\n"
        "  --stream    read one page at a time from disk: peak RSS of the\n"
        "              cleaner itself, not of the dataset\n",
        stderr);
  exit(EXIT_USAGE);
}

static void parse_args(int argc, char **argv, options *o) {
  int i = 1;
  o->repeat = DEFAULT_REPEAT;
  o->mode = MODE_BOTH;
  for (; i < argc && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
      o->repeat = atoi(argv[++i]);
      if (o->repeat < 1 || o->repeat > MAX_REPEAT)
        usage();
    } else if (!strcmp(argv[i], "--no-gumbo"))
      o->mode = MODE_NO_GUMBO;
    else if (!strcmp(argv[i], "--stream"))
      o->mode = MODE_STREAM;
    else
      usage();
  }
  if (i == argc)
    usage();
  o->inputs = argv + i;
  o->ninputs = argc - i;
}

/* ------------------------------------------------------------------ */
/* Pages                                                               */

static void add_path(corpus *c, char *path) {
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 256;
    c->pages = xrealloc(c->pages, c->cap * sizeof *c->pages);
  }
  c->pages[c->n].path = path;
  c->pages[c->n].data = NULL;
  c->pages[c->n].len = 0;
  c->n++;
}

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_html_name(const struct dirent *e) {
  size_t n = strlen(e->d_name), k = strlen(HTML_SUFFIX);
  return n > k && !strcmp(e->d_name + n - k, HTML_SUFFIX);
}

/* Every *.html of a directory, in name order. */
static void add_dir(corpus *c, const char *dir) {
  struct dirent **names;
  int n = scandir(dir, &names, is_html_name, alphasort);
  if (n < 0)
    die(dir, strerror(errno));
  for (int i = 0; i < n; i++) {
    add_path(c, join(dir, names[i]->d_name));
    free(names[i]);
  }
  free(names);
}

static void add_input(corpus *c, const char *arg) {
  char *html = join(arg, "html");
  if (is_dir(html))
    add_dir(c, html);
  else if (is_dir(arg))
    add_dir(c, arg);
  else
    add_path(c, strcpy(xrealloc(NULL, strlen(arg) + 1), arg));
  free(html);
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t n = 0, cap = 0, got;
  if (!f)
    die(path, strerror(errno));
  do {
    if (n == cap) {
      cap = cap ? cap * 2 : 64 * 1024;
      buf = xrealloc(buf, cap);
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  if (ferror(f))
    die(path, "read error");
  fclose(f);
  *len = n;
  return buf;
}

static size_t file_size(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0)
    die(path, strerror(errno));
  return (size_t)st.st_size;
}

/* Sizes of every page; their bytes too unless streaming. */
static void load(corpus *c, int keep_data) {
  for (size_t i = 0; i < c->n; i++) {
    page *p = &c->pages[i];
    if (keep_data)
      p->data = read_file(p->path, &p->len);
    else
      p->len = file_size(p->path);
    c->bytes += p->len;
    if (p->len > c->largest)
      c->largest = p->len;
  }
}

static void corpus_free(corpus *c) {
  for (size_t i = 0; i < c->n; i++) {
    free(c->pages[i].path);
    free(c->pages[i].data);
  }
  free(c->pages);
}

/* ------------------------------------------------------------------ */
/* Timed passes                                                        */

static double gumbo_pass(const corpus *c) {
  double t0 = now_seconds();
  for (size_t i = 0; i < c->n; i++) {
    GumboOutput *out = gumbo_parse_with_options(
        &kGumboDefaultOptions, c->pages[i].data, c->pages[i].len);
    gumbo_destroy_output(&kGumboDefaultOptions, out);
  }
  return now_seconds() - t0;
}

static void clean_one(cleaner_t *cl, const char *data, size_t len,
                      clean_stats *st) {
  cleaner_result *r = NULL;
  cleaner_status s = cleaner_clean(cl, data, len, &r);
  size_t n = 0;
  if (s != CLEANER_OK) {
    if (s < CLEANER_ESTATUS_COUNT)
      st->failed[s]++;
    else
      st->failed_unknown++;
    return;
  }
  cleaner_result_text(r, &n);
  st->out_bytes += n;
  st->empty += n == 0;
  cleaner_result_free(r);
}

/* Pages in memory, or read from disk one at a time when data is NULL. */
static double clean_pass(const corpus *c, cleaner_t *cl, clean_stats *st) {
  double t0 = now_seconds();
  memset(st, 0, sizeof *st);
  for (size_t i = 0; i < c->n; i++) {
    const page *p = &c->pages[i];
    if (p->data) {
      clean_one(cl, p->data, p->len, st);
    } else {
      size_t len;
      char *data = read_file(p->path, &len);
      clean_one(cl, data, len, st);
      free(data);
    }
  }
  return now_seconds() - t0;
}

/* ------------------------------------------------------------------ */
/* Report                                                              */

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct timing {
  double best, median;
} timing;

static timing summarise(double *t, int n) {
  timing s;
  qsort(t, (size_t)n, sizeof *t, by_value);
  s.best = t[0];
  s.median = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
  return s;
}

static void print_corpus(const corpus *c) {
  printf("pages=%zu MB=%.1f largest=%.2f MB\n", c->n,
         (double)c->bytes / BYTES_PER_MB, (double)c->largest / BYTES_PER_MB);
}

static void print_gumbo(const corpus *c, timing g, int repeat) {
  double mb = (double)c->bytes / BYTES_PER_MB;
  printf("gumbo    best of %d: %.3f s  %.1f MB/s  (median %.3f s)\n", repeat,
         g.best, mb / g.best, g.median);
}

static void print_cleaner(const corpus *c, timing t, int repeat) {
  double mb = (double)c->bytes / BYTES_PER_MB;
  printf("cleaner  best of %d: %.3f s  %.0f pages/s  %.1f MB/s  "
         "(median %.3f s)\n",
         repeat, t.best, (double)c->n / t.best, mb / t.best, t.median);
}

static void print_stats(const clean_stats *st) {
  size_t failed = st->failed_unknown;
  for (int s = 0; s < CLEANER_ESTATUS_COUNT; s++)
    failed += st->failed[s];
  printf("output   %.1f MB text, %zu empty, %zu failed\n",
         (double)st->out_bytes / BYTES_PER_MB, st->empty, failed);
  for (int s = 0; s < CLEANER_ESTATUS_COUNT; s++)
    if (st->failed[s])
      printf("  %zu x %s\n", st->failed[s],
             cleaner_strerror((cleaner_status)s));
}

static void print_rss(mode m, double before) {
  static const char *const what[] = {
      [MODE_BOTH] = "whole process: all pages in memory + Gumbo + cleaner",
      [MODE_NO_GUMBO] = "all pages in memory + cleaner",
      [MODE_STREAM] = "cleaner + one page at a time",
  };
  printf("peak RSS %.1f MiB (%s; %.1f MiB before the timed runs)\n",
         peak_rss_mib(), what[m], before);
}

/* ------------------------------------------------------------------ */

static cleaner_t *make_cleaner(void) {
  cleaner_options opts;
  cleaner_t *cl = NULL;
  cleaner_status s;
  cleaner_options_init(&opts);
  s = cleaner_new(&opts, &cl);
  if (s != CLEANER_OK)
    die("cleaner_new", cleaner_strerror(s));
  return cl;
}

/* Gumbo and the cleaner take turns, so that drift in the machine's speed
 * falls on both alike. Each cleaner pass gets a new handle, made before
 * its clock starts: a handle remembers the features of short lines it has
 * seen (a site's menus and footers repeat from page to page), and a pass
 * must fill that memory from its own pages, as one run over a crawl does,
 * not start with the pages of the pass before. */
static void run(const corpus *c, const options *o) {
  double *tg = xrealloc(NULL, (size_t)o->repeat * sizeof *tg);
  double *tc = xrealloc(NULL, (size_t)o->repeat * sizeof *tc);
  double rss_before = peak_rss_mib();
  clean_stats st;
  for (int r = 0; r < o->repeat; r++) {
    if (o->mode == MODE_BOTH)
      tg[r] = gumbo_pass(c);
    cleaner_t *cl = make_cleaner();
    tc[r] = clean_pass(c, cl, &st);
    cleaner_free(cl);
  }
  timing cleaner = summarise(tc, o->repeat);
  if (o->mode == MODE_BOTH) {
    timing gumbo = summarise(tg, o->repeat);
    print_gumbo(c, gumbo, o->repeat);
    print_cleaner(c, cleaner, o->repeat);
    printf("ratio    cleaner/gumbo %.3f (best/best), %.3f (median/median)\n",
           cleaner.best / gumbo.best, cleaner.median / gumbo.median);
  } else {
    print_cleaner(c, cleaner, o->repeat);
  }
  print_stats(&st);
  print_rss(o->mode, rss_before);
  free(tg);
  free(tc);
}

int main(int argc, char **argv) {
  options o;
  corpus c = {0};
  parse_args(argc, argv, &o);
  for (int i = 0; i < o.ninputs; i++)
    add_input(&c, o.inputs[i]);
  if (c.n == 0)
    die("no pages found", NULL);
  load(&c, o.mode != MODE_STREAM);
  print_corpus(&c);
  if (o.mode == MODE_STREAM)
    printf("(stream: times include reading each file)\n");
  run(&c, &o);
  corpus_free(&c);
  return 0;
}
