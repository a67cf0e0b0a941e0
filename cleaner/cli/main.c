/* The cleaner command: a thin client of the public API. Every input is a
 * stream of records (one document, WARC or JSONL); records are cleaned by
 * worker threads and written in input order. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleaner.h"
#include "explain.h"
#include "pool.h"

#define EXIT_SOME_FAILED 1
#define EXIT_USAGE 2
/* Jobs alive at once per worker: one being cleaned, one waiting, so a
 * worker never idles while the reader parses the next record. Memory is
 * bounded by (SLOTS_PER_WORKER x workers + SLOTS_SPARE) x the largest
 * record. */
#define SLOTS_PER_WORKER 2
#define SLOTS_SPARE 2
/* The progress line is redrawn at most this often (nanoseconds). */
#define PROGRESS_NS 250000000LL
#define MAX_JOBS 256

static const char usage_text[] =
    "Usage: cleaner [OPTION]... [FILE]...\n"
    "Strip boilerplate (menus, ads, related links, share bars, comments)\n"
    "from web pages and print the article text. With no FILE, or when FILE\n"
    "is -, read standard input. gzip input is unpacked; the charset is\n"
    "found from a BOM, <meta> or by detection. A WARC file (.warc or\n"
    ".warc.gz) is recognised and each HTML response in it is cleaned.\n"
    "\n"
    "Input and output:\n"
    "  -o, --output-dir DIR  write DIR/NAME.EXT for each FILE (NAME is the\n"
    "                        file name without .gz and its extension)\n"
    "      --input KIND      auto (default), html, text, warc or jsonl\n"
    "      --html-field NAME JSONL: the field holding the page (html)\n"
    "      --format FMT      txt (default for pages), markdown, html, json,\n"
    "                        or jsonl (default for WARC and JSONL input)\n"
    "      --charset NAME    charset of the input when not declared in it\n"
    "      --no-title        leave the headline out\n"
    "      --links           markdown/html: keep hyperlinks\n"
    "      --images          markdown/html: keep images\n"
    "      --favor WHAT      precision (drop more) or recall (keep more)\n"
    "      --comments        keep user comments, in a section after the text\n"
    "      --explain FILE    write each block's decision, score, features and\n"
    "                        deciding rule to FILE as JSON lines (- = stderr)\n"
    "      --explain-html FILE  write an HTML report of the decisions: kept\n"
    "                        blocks green, removed red, reasons on hover\n"
    "      --metadata        begin with 'key: value' lines (title, author,\n"
    "                        published, ...) and a blank line\n"
    "Limits per page:\n"
    "      --max-bytes N     cut a page after N bytes (default 10 MiB)\n"
    "      --max-depth N     flatten elements nested deeper than N (512)\n"
    "      --max-nodes N     cut the page after N nodes (elements,\n"
    "                        attributes, texts) (500000)\n"
    "      --time-budget MS  give up on a page after MS ms (10000; 0: none)\n"
    "Running:\n"
    "  -j, --jobs N          clean with N threads (default: the cores)\n"
    "  -q, --quiet           no progress line on a terminal\n"
    "      --stats           print a summary of the run on stderr\n"
    "  -h, --help            show this help and exit\n"
    "      --version         show the version and exit\n"
    "\n"
    "In json and jsonl output every record gives one line, with \"error\"\n"
    "in place of \"text\" when it could not be cleaned.\n"
    "Exit status: 0 when every input was read and every page cleaned (in\n"
    "json/jsonl output a record's error is reported in its line and is not\n"
    "a failure), 1 when something failed (named on stderr; the rest is\n"
    "still written), 2 on a usage error.\n";

enum { OUT_TXT, OUT_MD, OUT_HTML, OUT_JSON, OUT_JSONL };
static const char *const format_names[] = {"txt", "markdown", "html", "json",
                                           "jsonl"};
static const char *const format_ext[] = {"txt", "md", "html", "json", "jsonl"};

typedef struct cli {
  cleaner_options opts;
  cleaner_reader_options ropts;
  int format, format_set;
  const char *outdir;
  char **files;
  int nfiles;
  int jobs, quiet, stats;
  int metadata; /* --metadata: a header of fields before the text */
  const char *explain_jsonl, *explain_html;
  explain_out ex;
} cli;

typedef struct job {
  cleaner_record *rec; /* NULL for a marker */
  const char *source;
  int stream; /* a record of a WARC or JSONL stream */
  int format;
  char *out, *msg;
  size_t len, cap;
  int failed, truncated;
  cleaner_result *res; /* kept for --explain until the writer's turn */
  double took;         /* seconds the clean took */
  FILE *dest;
  int close_dest; /* marker: the output file of `source` ends here */
} job;

typedef struct run {
  const cli *c;
  cleaner_t *handles[MAX_JOBS];
  /* The writer's tallies. */
  unsigned long long records, errors, truncated;
  int failed;
  atomic_ullong bytes_in;
  struct timespec t0, shown;
  int progress, progress_shown;
} run;

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "cleaner: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'cleaner --help' for more information.\n");
  return EXIT_USAGE;
}

static int parse_size(const char *s, size_t *out, int zero_ok) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end || (v == 0 && !zero_ok) || s[0] == '-')
    return -1;
  *out = (size_t)v;
  return 0;
}

static int parse_input(cli *c, const char *v) {
  static const char *const names[] = {"auto", "html", "text", "warc", "jsonl"};
  int i = 0;
  while (i < 5 && strcmp(v, names[i]))
    i++;
  if (i == 5)
    return -1;
  c->opts.input = i <= 2 ? (cleaner_input)i : CLEANER_INPUT_AUTO;
  c->ropts.kind = i == 0   ? CLEANER_STREAM_AUTO
                  : i <= 2 ? CLEANER_STREAM_DOC
                  : i == 3 ? CLEANER_STREAM_WARC
                           : CLEANER_STREAM_JSONL;
  return 0;
}

static int parse_format(cli *c, const char *v) {
  int f = !strcmp(v, "md") ? OUT_MD : -1;
  for (int i = 0; i < 5 && f < 0; i++)
    if (!strcmp(v, format_names[i]))
      f = i;
  if (f < 0)
    return -1;
  c->format = f;
  c->format_set = 1;
  c->opts.format = f == OUT_MD     ? CLEANER_FORMAT_MARKDOWN
                   : f == OUT_HTML ? CLEANER_FORMAT_HTML
                                   : CLEANER_FORMAT_TXT;
  return 0;
}

/* Options that take a value. Returns 0, or -1 for a bad value. */
static int parse_favor(cli *c, const char *v) {
  if (!strcmp(v, "precision"))
    c->opts.favor = CLEANER_FAVOR_PRECISION;
  else if (!strcmp(v, "recall"))
    c->opts.favor = CLEANER_FAVOR_RECALL;
  else if (!strcmp(v, "balanced"))
    c->opts.favor = CLEANER_FAVOR_BALANCED;
  else
    return -1;
  return 0;
}

static int parse_valued(cli *c, const char *a, const char *v) {
  size_t n;
  if (!strcmp(a, "--favor"))
    return parse_favor(c, v);
  if (!strcmp(a, "--explain") || !strcmp(a, "--explain-html")) {
    if (!strcmp(a, "--explain"))
      c->explain_jsonl = v;
    else
      c->explain_html = v;
    c->opts.explain = 1;
  } else if (!strcmp(a, "-o") || !strcmp(a, "--output-dir"))
    c->outdir = v;
  else if (!strcmp(a, "--input"))
    return parse_input(c, v);
  else if (!strcmp(a, "--format"))
    return parse_format(c, v);
  else if (!strcmp(a, "--html-field"))
    c->ropts.html_field = v;
  else if (!strcmp(a, "--charset"))
    c->opts.declared_charset = v;
  else if (!strcmp(a, "--max-bytes"))
    return parse_size(v, &c->opts.max_bytes, 0);
  else if (!strcmp(a, "--max-nodes"))
    return parse_size(v, &c->opts.max_nodes, 0);
  else if (!strcmp(a, "--max-depth")) {
    if (parse_size(v, &n, 0) || n > UINT_MAX)
      return -1;
    c->opts.max_depth = (unsigned)n;
  } else if (!strcmp(a, "--time-budget")) {
    if (parse_size(v, &n, 1) || n > UINT_MAX)
      return -1;
    c->opts.time_budget_ms = (unsigned)n;
  } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
    if (parse_size(v, &n, 0) || n > MAX_JOBS)
      return -1;
    c->jobs = (int)n;
  }
  return 0;
}

static int takes_value(const char *a) {
  static const char *const names[] = {
      "-o",          "--output-dir", "--input",
      "--format",    "--charset",    "--max-bytes",
      "--max-depth", "--max-nodes",  "--time-budget",
      "-j",          "--jobs",       "--html-field",
      "--favor",     "--explain",    "--explain-html"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (!strcmp(a, names[i]))
      return 1;
  return 0;
}

/* Returns -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, cli *c) {
  int i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
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
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      c->quiet = 1;
    } else if (!strcmp(a, "--stats")) {
      c->stats = 1;
    } else if (!strcmp(a, "--metadata")) {
      c->metadata = 1;
    } else if (!strcmp(a, "--links")) {
      c->opts.links = 1;
    } else if (!strcmp(a, "--images")) {
      c->opts.images = 1;
    } else if (!strcmp(a, "--comments")) {
      c->opts.comments = 1;
    } else if (!strncmp(a, "-j", 2) && a[2]) { /* -jN */
      if (parse_valued(c, "-j", a + 2) != 0)
        return usage_error("bad value for %s", a);
    } else if (takes_value(a)) {
      if (i + 1 >= argc)
        return usage_error("option '%s' needs a value", a);
      if (parse_valued(c, a, argv[++i]) != 0)
        return usage_error("bad value for %s", a);
    } else {
      return usage_error("unknown option '%s'", a);
    }
  }
  c->files = argv + i;
  c->nfiles = argc - i;
  return -1;
}

static int job_append(void *ctx, const char *s, size_t n) {
  job *j = ctx;
  if (j->cap - j->len <= n) {
    size_t cap = j->cap ? j->cap : 4096;
    while (cap - j->len <= n)
      cap *= 2;
    char *p = realloc(j->out, cap);
    if (!p)
      return -1;
    j->out = p;
    j->cap = cap;
  }
  memcpy(j->out + j->len, s, n);
  j->len += n;
  return 0;
}

static void job_message(job *j, const char *err) {
  char where[128] = "";
  const char *id = cleaner_record_id(j->rec);
  if (j->stream)
    snprintf(where, sizeof where, ": record %llu%s%.80s",
             cleaner_record_number(j->rec), *id ? " " : "", id);
  size_t n = strlen(j->source) + strlen(where) + strlen(err) + 16;
  j->msg = malloc(n);
  if (j->msg)
    snprintf(j->msg, n, "cleaner: %s%s: %s\n", j->source, where, err);
}

/* --metadata: "key: value" per non-empty field, several values joined by
 * ", ", then a blank line. */
static int put_metadata(job *j, const cleaner_result *r) {
  int bad = 0;
  for (int k = 0; k < CLEANER_FIELD_COUNT; k++) {
    const char *v = cleaner_result_field(r, (cleaner_field)k);
    if (!*v)
      continue;
    const char *key = cleaner_field_name((cleaner_field)k);
    bad |= job_append(j, key, strlen(key)) || job_append(j, ": ", 2);
    for (const char *e; (e = strchr(v, '\n')) != NULL; v = e + 1)
      bad |= job_append(j, v, (size_t)(e - v)) || job_append(j, ", ", 2);
    bad |= job_append(j, v, strlen(v)) || job_append(j, "\n", 1);
  }
  return bad || job_append(j, "\n", 1);
}

/* Runs in a worker: clean one record into the job's output bytes. */
static void work(void *ctx, int worker, void *jp) {
  run *r = ctx;
  job *j = jp;
  const char *err = cleaner_record_error(j->rec);
  cleaner_result *res = NULL;
  if (!err) {
    size_t len;
    const char *body = cleaner_record_body(j->rec, &len);
    cleaner_status st = cleaner_clean_charset(
        r->handles[worker], body, len, cleaner_record_charset(j->rec), &res);
    if (st != CLEANER_OK)
      err = cleaner_strerror(st);
  }
  j->failed = err != NULL;
  j->truncated = cleaner_record_truncated(j->rec) ||
                 (res && cleaner_result_truncated(res));
  int wrote = 0;
  if (j->format == OUT_JSON || j->format == OUT_JSONL) {
    int flags = j->format == OUT_JSON ? CLEANER_JSON_PRETTY : 0;
    wrote = cleaner_write_json(j->rec, res, err, flags, job_append, j);
  } else if (res) {
    size_t len;
    const char *text = cleaner_result_text(res, &len);
    wrote = (r->c->metadata && put_metadata(j, res)) ||
            job_append(j, text, len) || (j->stream && job_append(j, "\n", 1));
  }
  if (wrote != 0)
    err = "cannot build the output (out of memory)";
  if (err)
    job_message(j, err);
  else if (j->truncated && !j->stream) {
    char why[96];
    snprintf(why, sizeof why, "input cut at %zu bytes or %zu nodes",
             r->c->opts.max_bytes, r->c->opts.max_nodes);
    job_message(j, why);
  }
  if (r->c->opts.explain)
    j->res = res; /* the writer explains it in input order */
  else
    cleaner_result_free(res);
  cleaner_record_free(j->rec);
  j->rec = NULL;
}

static double seconds_since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void show_progress(run *r, int last) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long long ns = (now.tv_sec - r->shown.tv_sec) * 1000000000LL +
                 (now.tv_nsec - r->shown.tv_nsec);
  if (!last && ns < PROGRESS_NS)
    return;
  r->shown = now;
  double s = seconds_since(&r->t0);
  fprintf(stderr,
          "\rcleaner: %llu records, %.1f MB read, %.0f records/s, "
          "%llu errors ",
          r->records, (double)atomic_load(&r->bytes_in) / 1e6,
          s > 0 ? (double)r->records / s : 0.0, r->errors);
  r->progress_shown = 1;
}

/* Runs in the writer thread, in input order. */
static void emit(void *ctx, void *jp) {
  run *r = ctx;
  job *j = jp;
  if (j->close_dest) {
    if (fclose(j->dest) != 0) {
      fprintf(stderr, "cleaner: %s: error writing output\n", j->source);
      r->failed = 1;
    }
    free(j);
    return;
  }
  r->records++;
  r->errors += j->failed;
  r->truncated += j->truncated;
  if (j->msg) {
    if (r->progress_shown)
      fputc('\n', stderr), r->progress_shown = 0;
    fputs(j->msg, stderr);
  }
  int in_band = j->format == OUT_JSON || j->format == OUT_JSONL;
  if (j->failed && !in_band)
    r->failed = 1;
  if (j->len && fwrite(j->out, 1, j->len, j->dest) != j->len)
    r->failed = 1;
  if (j->res && explain_doc(&r->c->ex, j->source, j->res, j->took) != 0) {
    fprintf(stderr, "cleaner: %s: error writing the explanation\n", j->source);
    r->failed = 1;
  }
  if (r->progress)
    show_progress(r, 0);
  cleaner_result_free(j->res);
  free(j->out);
  free(j->msg);
  free(j);
}

/* NAME of DIR/NAME.EXT: the base name without ".gz", then without its
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

static FILE *open_output(const cli *c, const char *path, int format) {
  if (!c->outdir)
    return stdout;
  char name[PATH_MAX], full[PATH_MAX + 16];
  output_name(path, name, sizeof name);
  snprintf(full, sizeof full, "%s/%s.%s", c->outdir, name, format_ext[format]);
  FILE *f = fopen(full, "wb");
  if (!f)
    fprintf(stderr, "cleaner: %s: cannot write %s: %s\n", path, full,
            strerror(errno));
  return f;
}

static long read_file(void *ctx, char *buf, size_t cap) {
  FILE *f = ctx;
  size_t got = fread(buf, 1, cap, f);
  if (got == 0 && ferror(f))
    return -1;
  return (long)got;
}

/* What the readers of all inputs counted; records and errors are counted
 * by the writer, which sees every result. */
typedef cleaner_reader_stats totals;

static void add_stats(totals *t, const cleaner_reader *rd) {
  cleaner_reader_stats s;
  cleaner_reader_get_stats(rd, &s);
  t->bytes_in += s.bytes_in;
  t->skipped += s.skipped;
  t->junk += s.junk;
}

static job *new_job(const char *path, cleaner_record *rec, int stream,
                    int format, FILE *dest) {
  job *j = calloc(1, sizeof *j);
  if (!j)
    return NULL;
  j->rec = rec;
  j->source = path;
  j->stream = stream;
  j->format = format;
  j->dest = dest;
  return j;
}

/* Submit every record of one input. Returns 0, or -1 when the input could
 * not be read to its end. */
static int feed_reader(run *r, pool *p, const char *path, cleaner_reader *rd,
                       totals *t) {
  const cli *c = r->c;
  FILE *dest = NULL;
  int format = c->format, stream = 0, rc = 0;
  unsigned long long base = t->bytes_in;
  for (;;) {
    cleaner_record *rec = NULL;
    cleaner_status st = cleaner_reader_next(rd, &rec);
    cleaner_reader_stats s;
    cleaner_reader_get_stats(rd, &s);
    atomic_store(&r->bytes_in, base + s.bytes_in);
    if (st != CLEANER_OK) {
      fprintf(stderr, "cleaner: %s: %s\n", path,
              st == CLEANER_EIO ? strerror(errno) : cleaner_strerror(st));
      rc = -1;
      break;
    }
    /* The kind is known now: open the output, also for a stream without
     * a page, so every input has its output file. */
    if (!dest) {
      cleaner_stream kind = cleaner_reader_kind(rd);
      stream = kind == CLEANER_STREAM_WARC || kind == CLEANER_STREAM_JSONL;
      if (!c->format_set && stream)
        format = OUT_JSONL;
      dest = open_output(c, path, format);
      if (!dest) {
        cleaner_record_free(rec);
        return -1;
      }
    }
    if (!rec)
      break;
    job *j = new_job(path, rec, stream, format, dest);
    if (!j) {
      cleaner_record_free(rec);
      fprintf(stderr, "cleaner: %s: out of memory\n", path);
      rc = -1;
      break;
    }
    pool_submit(p, j, 0);
  }
  if (dest && dest != stdout) {
    job *j = new_job(path, NULL, 0, format, dest);
    if (j) {
      j->close_dest = 1;
      pool_submit(p, j, 1);
    }
  }
  return rc;
}

static int feed_file(run *r, pool *p, const char *path, totals *t) {
  int is_stdin = !strcmp(path, "-");
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cleaner: %s: %s\n", path, strerror(errno));
    return -1;
  }
  cleaner_reader_options ro = r->c->ropts;
  ro.name = path;
  cleaner_reader *rd = NULL;
  cleaner_status st = cleaner_reader_new(&ro, read_file, f, &rd);
  int rc = -1;
  if (st != CLEANER_OK)
    fprintf(stderr, "cleaner: %s: %s\n", path, cleaner_strerror(st));
  else
    rc = feed_reader(r, p, path, rd, t);
  if (rd)
    add_stats(t, rd);
  cleaner_reader_free(rd);
  if (!is_stdin)
    fclose(f);
  return rc;
}

static void print_stats(const run *r, const totals *t) {
  double s = seconds_since(&r->t0);
  fprintf(stderr,
          "cleaner: %llu records (%llu errors, %llu truncated), %llu skipped "
          "WARC records, %llu junk bytes; %.1f MB read in %.2f s: %.1f "
          "records/s, %.2f MB/s\n",
          r->records, r->errors, r->truncated, t->skipped, t->junk,
          (double)t->bytes_in / 1e6, s, s > 0 ? (double)r->records / s : 0,
          s > 0 ? (double)t->bytes_in / 1e6 / s : 0);
}

static int make_outdir(const char *dir) {
  struct stat sb;
  if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
    return 0;
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "cleaner: cannot create output directory %s: %s\n", dir,
            strerror(errno));
    return -1;
  }
  return 0;
}

static int default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

static int start_handles(run *r, int n) {
  for (int i = 0; i < n; i++) {
    cleaner_status st = cleaner_new(&r->c->opts, &r->handles[i]);
    if (st != CLEANER_OK) {
      fprintf(stderr, "cleaner: %s\n", cleaner_strerror(st));
      return -1;
    }
  }
  return 0;
}

static int run_all(cli *c) {
  run r = {.c = c};
  atomic_init(&r.bytes_in, 0);
  clock_gettime(CLOCK_MONOTONIC, &r.t0);
  r.progress = !c->quiet && isatty(STDERR_FILENO);
  int failed = start_handles(&r, c->jobs) != 0;
  pool *p = failed ? NULL
                   : pool_new(c->jobs,
                              (size_t)c->jobs * SLOTS_PER_WORKER + SLOTS_SPARE,
                              work, emit, &r);
  if (!failed && !p) {
    fprintf(stderr, "cleaner: cannot start %d threads\n", c->jobs);
    failed = 1;
  }
  totals t = {0};
  for (int i = 0; p && i < c->nfiles; i++)
    failed |= feed_file(&r, p, c->files[i], &t) != 0;
  if (p)
    pool_finish(p);
  for (int i = 0; i < c->jobs; i++)
    cleaner_free(r.handles[i]);
  if (r.progress_shown) {
    show_progress(&r, 1);
    fputc('\n', stderr);
  }
  if (c->stats)
    print_stats(&r, &t);
  return failed || r.failed;
}

int main(int argc, char **argv) {
  cli c = {0};
  cleaner_options_init(&c.opts);
  cleaner_reader_options_init(&c.ropts);
  c.jobs = default_jobs();
  int rc = parse_args(argc, argv, &c);
  if (rc >= 0)
    return rc;
  c.ropts.max_record = c.opts.max_bytes;
  static char *stdin_only[] = {"-"};
  if (c.nfiles == 0) {
    c.files = stdin_only;
    c.nfiles = 1;
  }
  if (c.outdir && make_outdir(c.outdir) != 0)
    return EXIT_SOME_FAILED;
  if (explain_open(&c.ex, c.explain_jsonl, c.explain_html) != 0)
    return EXIT_SOME_FAILED;
  int failed = run_all(&c);
  if (explain_close(&c.ex) != 0) {
    fprintf(stderr, "cleaner: error writing the explanation\n");
    failed = 1;
  }
  if (fflush(stdout) != 0) {
    fprintf(stderr, "cleaner: error writing standard output\n");
    failed = 1;
  }
  return failed ? EXIT_SOME_FAILED : 0;
}
