#define _POSIX_C_SOURCE 200809L
#include "explain.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <time.h>

/* Decimal digits of the densities and scores in the JSONL: enough to
 * tell thresholds apart (0.5, 0.18), short enough to read. */
#define JSON_DIGITS 4

double explain_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static FILE *open_out(const char *path, int *close_it) {
  *close_it = 0;
  if (!path)
    return NULL;
  if (!strcmp(path, "-"))
    return stderr;
  FILE *f = fopen(path, "wb");
  if (!f)
    fprintf(stderr, "cleaner: cannot write %s: %s\n", path, strerror(errno));
  *close_it = f != NULL;
  return f;
}

/* The report's style: kept blocks green, removed red, the reason of each
 * shown on hover (also in the title attribute). No external resource. */
static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>cleaner: explanation</title>\n<style>\n"
    "body{font:14px/1.45 sans-serif;margin:1em 2em;color:#111;"
    "background:#fff}\n"
    "h1{font-size:18px;margin:1.2em 0 .3em}\n"
    ".summary{background:#eef;padding:6px 10px;margin:0 0 8px}\n"
    ".b{margin:3px 0;padding:4px 8px;border-left:8px solid;"
    "white-space:pre-wrap;position:relative}\n"
    ".kept{background:#d9f5d9;border-color:#18a018}\n"
    ".removed{background:#f9d9d9;border-color:#d01818;color:#444}\n"
    ".tag{font:11px monospace;color:#555;margin-right:6px}\n"
    ".why{display:none;font:12px monospace;color:#000;background:#ffc;"
    "padding:2px 4px;margin-top:2px}\n"
    ".b:hover .why{display:block}\n"
    "</style>\n</head>\n<body>\n";

int explain_open(explain_out *x, const char *jsonl_path,
                 const char *html_path) {
  memset(x, 0, sizeof *x);
  x->jsonl = open_out(jsonl_path, &x->close_jsonl);
  x->html = open_out(html_path, &x->close_html);
  if ((jsonl_path && !x->jsonl) || (html_path && !x->html)) {
    explain_close(x);
    return -1;
  }
  if (x->html)
    fputs(html_head, x->html);
  return 0;
}

/* JSON text of a block; invalid UTF-8 (which the library never gives)
 * becomes an empty string rather than invalid JSON. */
static json_t *json_text(const char *s, size_t n) {
  json_t *j = json_stringn(s, n);
  return j ? j : json_string("");
}

static int jsonl_block(FILE *f, const char *path, size_t i,
                       const cleaner_block_info *b) {
  json_t *o = json_pack(
      "{s:s, s:I, s:b, s:s, s:s, s:s, s:f, s:I, s:I, s:f, s:f, s:i, s:o}",
      "file", path, "block", (json_int_t)i, "keep", b->keep, "kind", b->kind,
      "class", b->cls, "reason", b->reason, "score", b->score, "chars",
      (json_int_t)b->chars, "words", (json_int_t)b->words, "link_density",
      b->link_density, "stopword_density", b->stopword_density, "hint", b->hint,
      "text", json_text(b->text, b->len));
  if (!o)
    return -1;
  int rc = json_dumpf(o, f, JSON_COMPACT | JSON_REAL_PRECISION(JSON_DIGITS));
  json_decref(o);
  return rc == 0 && fputc('\n', f) != EOF ? 0 : -1;
}

static void html_escape(FILE *f, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    switch (s[i]) {
    case '&':
      fputs("&amp;", f);
      break;
    case '<':
      fputs("&lt;", f);
      break;
    case '>':
      fputs("&gt;", f);
      break;
    case '"':
      fputs("&quot;", f);
      break;
    default:
      fputc(s[i], f);
    }
  }
}

static void html_escape_str(FILE *f, const char *s) {
  html_escape(f, s, strlen(s));
}

/* The features of a block, as one line for the hover. */
static void html_features(FILE *f, const cleaner_block_info *b) {
  fprintf(f,
          "%s: class %s, score %.2f, %u chars, %u words, links %.2f, "
          "stopwords %.2f, hint %d",
          b->keep ? "kept" : "removed", b->cls, b->score, b->chars, b->words,
          b->link_density, b->stopword_density, b->hint);
}

static void html_block(FILE *f, const cleaner_block_info *b) {
  fprintf(f, "<div class=\"b %s\" title=\"", b->keep ? "kept" : "removed");
  html_escape_str(f, b->reason);
  fputs(" | ", f);
  html_features(f, b);
  fprintf(f, "\"><span class=\"tag\">%s</span>", b->kind);
  html_escape(f, b->text, b->len);
  fputs("<div class=\"why\">", f);
  html_escape_str(f, b->reason);
  fputs(" &mdash; ", f);
  html_features(f, b);
  fputs("</div></div>\n", f);
}

static void html_doc(FILE *f, const char *path, const cleaner_result *r,
                     double seconds) {
  size_t n = cleaner_result_block_count(r), kept = 0, words = 0;
  cleaner_block_info b;
  for (size_t i = 0; i < n; i++)
    if (cleaner_result_block(r, i, &b) == CLEANER_OK && b.keep) {
      kept++;
      words += b.words;
    }
  const char *lang = cleaner_result_lang(r);
  fputs("<section>\n<h1>", f);
  html_escape_str(f, path);
  fputs("</h1>\n<p class=\"summary\">", f);
  fprintf(f,
          "%zu blocks: <b>%zu kept</b>, <b>%zu removed</b>; %zu words kept; "
          "language %s; cleaned in %.1f ms. Hover over a block for the rule "
          "that decided it.",
          n, kept, n - kept, words, *lang ? lang : "unknown", seconds * 1e3);
  fputs("</p>\n", f);
  for (size_t i = 0; i < n; i++)
    if (cleaner_result_block(r, i, &b) == CLEANER_OK)
      html_block(f, &b);
  fputs("</section>\n", f);
}

int explain_doc(const explain_out *x, const char *path, const cleaner_result *r,
                double seconds) {
  int rc = 0;
  cleaner_block_info b;
  for (size_t i = 0; x->jsonl && i < cleaner_result_block_count(r); i++)
    if (cleaner_result_block(r, i, &b) != CLEANER_OK ||
        jsonl_block(x->jsonl, path, i, &b) != 0)
      rc = -1;
  if (x->html)
    html_doc(x->html, path, r, seconds);
  return rc;
}

static int finish(FILE *f, int close_it) {
  if (!f)
    return 0;
  int rc = fflush(f) == 0 && !ferror(f) ? 0 : -1;
  if (close_it && fclose(f) != 0)
    rc = -1;
  return rc;
}

int explain_close(explain_out *x) {
  if (x->html)
    fputs("</body>\n</html>\n", x->html);
  int rc = finish(x->jsonl, x->close_jsonl) | finish(x->html, x->close_html);
  memset(x, 0, sizeof *x);
  return rc;
}
