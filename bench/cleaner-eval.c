/*
 * cleaner-eval: run the cleaner CLI over a dataset and score its output
 * against the gold texts with score.py's metric (metric.c).
 *
 *   cleaner-eval [--cleaner PATH] [--keep DIR] [--favor precision|recall]
 *                [--per-page] DATASET_DIR
 *   cleaner-eval --pred DIR [--per-page] DATASET_DIR
 *
 * The output lines have score.py's format, so the two can be compared line
 * by line (bench/check_metric.sh does).
 */
#define _XOPEN_SOURCE 700 /* POSIX 2008 with XSI: realpath */

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <jansson.h>

#include "metric.h"

extern char **environ;

/* The mkdtemp directory, removed at exit also when die() ends the run. */
static char *temp_dir;

/* Inputs per cleaner run, and a cap on their total path bytes well under
 * Linux's 2 MiB ARG_MAX, so that no batch is refused by execve. */
#define BATCH_MAX_FILES 512
#define BATCH_MAX_ARG_BYTES (256 * 1024)
/* Arguments before the file names:
 * cleaner --input text --favor WHAT -o DIR. */
#define BATCH_FIXED_ARGS 7
/* score.py's by_lang(): `m.get("lang") or "?"`, printed as {lang:<10}. */
#define LANG_UNKNOWN "?"
#define LANG_COLUMN 10
/* Exit statuses. */
#define EXIT_USAGE 2
#define EXIT_TROUBLE 3

typedef struct page {
  char *id, *lang;
  size_t index; /* position in meta.jsonl */
  metric_counts counts;
  double p, r, f1;
  int empty;
} page;

typedef struct dataset {
  const char *dir;
  int text_input; /* seeds: text/ID.txt instead of html/ID.html */
  page *pages;
  size_t n, cap;
} dataset;

typedef struct options {
  const char *cleaner, *keep, *pred, *dataset, *favor;
  int per_page;
} options;

static void die(const char *what, const char *detail) {
  fprintf(stderr, "cleaner-eval: %s%s%s\n", what, detail ? ": " : "",
          detail ? detail : "");
  exit(EXIT_TROUBLE);
}

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p)
    die("out of memory", NULL);
  return p;
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xrealloc(NULL, n), s, n);
}

/* "a/b" + suffix, malloc'd. */
static char *join(const char *dir, const char *name, const char *suffix) {
  size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
  char *s = xrealloc(NULL, n);
  snprintf(s, n, "%s/%s%s", dir, name, suffix);
  return s;
}

static int is_subdir(const char *dir, const char *name) {
  struct stat st;
  char *path = join(dir, name, "");
  int yes = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
  free(path);
  return yes;
}

/* ------------------------------------------------------------------ */
/* Command line                                                        */

static void usage(void) {
  fputs("usage: cleaner-eval [--cleaner PATH] [--keep DIR] "
        "[--favor precision|recall] [--per-page] DATASET_DIR\n"
        "       cleaner-eval --pred DIR [--per-page] DATASET_DIR\n"
        "Runs `cleaner -o DIR` over DATASET_DIR/html/*.html (or, for a\n"
        "dataset with text/, `cleaner --input text` over text/*.txt) and\n"
        "scores DIR/ID.txt against DATASET_DIR/gold/ID.txt with score.py's\n"
        "metric. --pred scores an existing prediction directory instead.\n",
        stderr);
  exit(EXIT_USAGE);
}

static const char *option_value(int argc, char **argv, int *i) {
  if (*i + 1 >= argc)
    usage();
  return argv[++*i];
}

static void parse_args(int argc, char **argv, options *o) {
  memset(o, 0, sizeof *o);
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--cleaner"))
      o->cleaner = option_value(argc, argv, &i);
    else if (!strcmp(argv[i], "--keep"))
      o->keep = option_value(argc, argv, &i);
    else if (!strcmp(argv[i], "--favor"))
      o->favor = option_value(argc, argv, &i);
    else if (!strcmp(argv[i], "--pred"))
      o->pred = option_value(argc, argv, &i);
    else if (!strcmp(argv[i], "--per-page"))
      o->per_page = 1;
    else if (argv[i][0] == '-' || o->dataset)
      usage();
    else
      o->dataset = argv[i];
  }
  if (!o->dataset || (o->pred && (o->keep || o->cleaner || o->favor)))
    usage();
}

/* ------------------------------------------------------------------ */
/* Dataset                                                             */

static void add_page(dataset *ds, const char *id, const char *lang) {
  page *pg;
  if (ds->n == ds->cap) {
    ds->cap = ds->cap ? ds->cap * 2 : 256;
    ds->pages = xrealloc(ds->pages, ds->cap * sizeof *ds->pages);
  }
  pg = &ds->pages[ds->n];
  memset(pg, 0, sizeof *pg);
  pg->id = xstrdup(id);
  pg->lang = xstrdup(lang && *lang ? lang : LANG_UNKNOWN);
  pg->index = ds->n++;
}

static int blank_line(const char *s) { return s[strspn(s, " \t\r\n")] == '\0'; }

static void parse_meta_line(dataset *ds, const char *line, size_t len,
                            size_t lineno) {
  json_error_t err;
  json_t *root = json_loadb(line, len, 0, &err);
  const char *id = json_string_value(json_object_get(root, "id"));
  if (!id) {
    fprintf(stderr, "cleaner-eval: meta.jsonl line %zu: %s\n", lineno,
            root ? "no string \"id\"" : err.text);
    exit(EXIT_TROUBLE);
  }
  add_page(ds, id, json_string_value(json_object_get(root, "lang")));
  json_decref(root);
}

static void load_meta(dataset *ds) {
  char *path = join(ds->dir, "meta.jsonl", ""), *line = NULL;
  size_t cap = 0, lineno = 0;
  ssize_t len;
  FILE *f = fopen(path, "r");
  if (!f)
    die(path, strerror(errno));
  while ((len = getline(&line, &cap, f)) >= 0) {
    lineno++;
    if (!blank_line(line))
      parse_meta_line(ds, line, (size_t)len, lineno);
  }
  free(line);
  fclose(f);
  free(path);
}

static void dataset_free(dataset *ds) {
  for (size_t i = 0; i < ds->n; i++) {
    free(ds->pages[i].id);
    free(ds->pages[i].lang);
  }
  free(ds->pages);
}

/* The page's input file: html/ID.html, or text/ID.txt for seeds. */
static char *input_path(const dataset *ds, const page *pg) {
  char *sub = join(ds->dir, ds->text_input ? "text" : "html", "");
  char *p = join(sub, pg->id, ds->text_input ? ".txt" : ".html");
  free(sub);
  return p;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

/* The whole file, malloc'd; a missing file reads as empty (score.py). */
static char *read_file(const char *path, size_t *len) {
  char *buf = NULL;
  size_t n = 0, cap = 0;
  FILE *f = fopen(path, "rb");
  *len = 0;
  if (!f) {
    if (errno != ENOENT)
      fprintf(stderr, "cleaner-eval: %s: %s\n", path, strerror(errno));
    return NULL;
  }
  for (;;) {
    if (n == cap) {
      cap = cap ? cap * 2 : 64 * 1024;
      buf = xrealloc(buf, cap);
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0)
      break;
  }
  if (ferror(f))
    fprintf(stderr, "cleaner-eval: %s: read error\n", path);
  fclose(f);
  *len = n;
  return buf;
}

static void make_dir(const char *path) {
  if (mkdir(path, 0777) != 0 && errno != EEXIST)
    die(path, strerror(errno));
}

/* Remove stale predictions so that a page the cleaner skips reads as
 * empty, not as an old result. */
static void remove_predictions(const dataset *ds, const char *dir) {
  for (size_t i = 0; i < ds->n; i++) {
    char *p = join(dir, ds->pages[i].id, ".txt");
    if (unlink(p) != 0 && errno != ENOENT)
      die(p, strerror(errno));
    free(p);
  }
}

/* Empty and remove a temporary directory (flat: the CLI writes files). */
static void remove_dir(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  if (!d)
    return;
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    char *p = join(dir, e->d_name, "");
    if (unlink(p) != 0)
      fprintf(stderr, "cleaner-eval: %s: %s\n", p, strerror(errno));
    free(p);
  }
  closedir(d);
  if (rmdir(dir) != 0)
    fprintf(stderr, "cleaner-eval: %s: %s\n", dir, strerror(errno));
}

static void remove_temp_dir(void) {
  if (temp_dir)
    remove_dir(temp_dir);
  free(temp_dir);
  temp_dir = NULL;
}

static const char *make_temp_dir(void) {
  const char *tmp = getenv("TMPDIR");
  char *tmpl = join(tmp && *tmp ? tmp : "/tmp", "cleaner-eval.XXXXXX", "");
  if (!mkdtemp(tmpl))
    die(tmpl, strerror(errno));
  temp_dir = tmpl;
  atexit(remove_temp_dir);
  return tmpl;
}

/* ------------------------------------------------------------------ */
/* Running the cleaner                                                 */

/* DIR/../cleaner for this binary's DIR (build/bench/ -> build/), made
 * canonical for messages; NULL if there is none. */
static char *beside_self(void) {
  char self[PATH_MAX], real[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  char *slash, *path;
  if (n <= 0)
    return NULL;
  self[n] = '\0';
  if ((slash = strrchr(self, '/')) == NULL)
    return NULL;
  *slash = '\0';
  path = join(self, "../cleaner", "");
  if (access(path, X_OK) != 0) {
    free(path);
    return NULL;
  }
  if (realpath(path, real)) {
    free(path);
    return xstrdup(real);
  }
  return path;
}

static char *default_cleaner(void) {
  char *path = beside_self();
  return path ? path : xstrdup("cleaner");
}

/* Run argv without a shell; its stdout goes to our stderr so that ours
 * holds only scores. Returns the exit status, or -1 if it did not exit. */
static int run(char **argv) {
  posix_spawn_file_actions_t fa;
  pid_t pid;
  int status, err;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
  err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err)
    die(argv[0], strerror(err));
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      die("waitpid", strerror(errno));
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static size_t fixed_args(char **argv, const char *cleaner, int text_input,
                         const char *favor, const char *outdir) {
  size_t n = 0;
  argv[n++] = (char *)cleaner;
  if (text_input) {
    argv[n++] = "--input";
    argv[n++] = "text";
  }
  if (favor) {
    argv[n++] = "--favor";
    argv[n++] = (char *)favor;
  }
  argv[n++] = "-o";
  argv[n++] = (char *)outdir;
  return n;
}

/* One cleaner run over pages [from, *to); returns its exit status. */
static int run_batch(const dataset *ds, const char *cleaner, const char *favor,
                     const char *outdir, size_t from, size_t *to) {
  char *argv[BATCH_FIXED_ARGS + BATCH_MAX_FILES + 1];
  size_t argc = fixed_args(argv, cleaner, ds->text_input, favor, outdir);
  size_t bytes = 0, i = from, first = argc;
  int status;
  while (i < ds->n && i - from < BATCH_MAX_FILES) {
    char *p = input_path(ds, &ds->pages[i]);
    if (i > from && bytes + strlen(p) + 1 > BATCH_MAX_ARG_BYTES) {
      free(p);
      break;
    }
    bytes += strlen(p) + 1;
    argv[argc++] = p;
    i++;
  }
  argv[argc] = NULL;
  status = run(argv);
  for (size_t k = first; k < argc; k++)
    free(argv[k]);
  *to = i;
  return status;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_cleaner(const dataset *ds, const char *cleaner,
                        const char *favor, const char *outdir) {
  size_t from = 0, to;
  double t0 = now_seconds();
  while (from < ds->n) {
    int status = run_batch(ds, cleaner, favor, outdir, from, &to);
    if (status != 0)
      fprintf(stderr,
              "cleaner-eval: %s exited with status %d on pages %zu..%zu\n",
              cleaner, status, from + 1, to);
    from = to;
  }
  fprintf(stderr, "cleaner-eval: %s ran %zu pages in %.2f s\n", cleaner, ds->n,
          now_seconds() - t0);
}

/* ------------------------------------------------------------------ */
/* Scoring                                                             */

static void score_page(const dataset *ds, const char *preddir, page *pg) {
  char *golddir = join(ds->dir, "gold", "");
  char *gpath = join(golddir, pg->id, ".txt");
  char *ppath = join(preddir, pg->id, ".txt");
  size_t glen, plen;
  char *gold = read_file(gpath, &glen), *pred = read_file(ppath, &plen);
  if (metric_page(gold, glen, pred, plen, &pg->counts) != 0)
    die("out of memory", NULL);
  pg->p = metric_precision(&pg->counts);
  pg->r = metric_recall(&pg->counts);
  pg->f1 = metric_f1(pg->p, pg->r);
  pg->empty = metric_is_blank(pred, plen);
  free(gold);
  free(pred);
  free(golddir);
  free(gpath);
  free(ppath);
}

static void print_scores(size_t empty, metric_scores s) {
  printf("shingles pages=%zu empty=%zu P=%.3f R=%.3f F1=%.3f\n", s.pages, empty,
         s.precision, s.recall, s.f1);
}

/* Pad to LANG_COLUMN characters, as Python's {lang:<10} counts them. */
static void print_lang(const char *lang) {
  size_t chars = 0;
  for (const char *s = lang; *s; s++)
    chars += ((unsigned char)*s & 0xC0) != 0x80;
  printf("  %s", lang);
  for (; chars < LANG_COLUMN; chars++)
    putchar(' ');
}

/* Language, then meta.jsonl order: by_lang() sums each language's pages
 * in file order, and the same order gives the same floating-point sums. */
static int by_lang_order(const void *a, const void *b) {
  const page *x = *(const page *const *)a, *y = *(const page *const *)b;
  int c = strcmp(x->lang, y->lang);
  if (c)
    return c;
  return (x->index > y->index) - (x->index < y->index);
}

static void print_by_lang(const dataset *ds) {
  page **order = xrealloc(NULL, ds->n * sizeof *order);
  for (size_t i = 0; i < ds->n; i++)
    order[i] = &ds->pages[i];
  qsort(order, ds->n, sizeof *order, by_lang_order);
  for (size_t i = 0; i < ds->n;) {
    metric_acc acc;
    size_t j = i;
    metric_acc_init(&acc);
    for (; j < ds->n && !strcmp(order[j]->lang, order[i]->lang); j++)
      metric_acc_add(&acc, &order[j]->counts);
    metric_scores s = metric_acc_scores(&acc, METRIC_AVERAGE_ALL);
    print_lang(order[i]->lang);
    printf(" pages=%zu P=%.3f R=%.3f F1=%.3f\n", s.pages, s.precision, s.recall,
           s.f1);
    i = j;
  }
  free(order);
}

static int by_f1(const void *a, const void *b) {
  const page *x = *(const page *const *)a, *y = *(const page *const *)b;
  if (x->f1 != y->f1)
    return x->f1 < y->f1 ? -1 : 1;
  return strcmp(x->id, y->id);
}

static void print_per_page(const dataset *ds) {
  page **order = xrealloc(NULL, ds->n * sizeof *order);
  for (size_t i = 0; i < ds->n; i++)
    order[i] = &ds->pages[i];
  qsort(order, ds->n, sizeof *order, by_f1);
  for (size_t i = 0; i < ds->n; i++)
    printf("page F1=%.3f P=%.3f R=%.3f lang=%s id=%s\n", order[i]->f1,
           order[i]->p, order[i]->r, order[i]->lang, order[i]->id);
  free(order);
}

static void score(const dataset *ds, const char *preddir, int per_page) {
  metric_acc acc;
  size_t empty = 0;
  metric_acc_init(&acc);
  for (size_t i = 0; i < ds->n; i++) {
    score_page(ds, preddir, &ds->pages[i]);
    metric_acc_add(&acc, &ds->pages[i].counts);
    empty += ds->pages[i].empty;
  }
  if (per_page)
    print_per_page(ds);
  print_scores(empty, metric_acc_scores(&acc, METRIC_AVERAGE_SCORED));
  print_by_lang(ds);
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv) {
  options o;
  dataset ds = {0};
  const char *outdir = NULL;
  char *cleaner = NULL;
  parse_args(argc, argv, &o);
  ds.dir = o.dataset;
  ds.text_input = !is_subdir(o.dataset, "html") && is_subdir(o.dataset, "text");
  load_meta(&ds);
  if (!o.pred) {
    cleaner = o.cleaner ? xstrdup(o.cleaner) : default_cleaner();
    outdir = o.keep ? o.keep : make_temp_dir();
    if (o.keep) {
      make_dir(outdir);
      remove_predictions(&ds, outdir);
    }
    run_cleaner(&ds, cleaner, o.favor, outdir);
  }
  score(&ds, o.pred ? o.pred : outdir, o.per_page);
  free(cleaner);
  dataset_free(&ds);
  return 0;
}
