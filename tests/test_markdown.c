/* Markdown of every corpus page is valid CommonMark whose text is the text
 * of the txt output: the Markdown goes through the reference renderer
 * (cmark, Debian's package) as XML, its text nodes are read back, and
 * their text must score against the gold exactly as the txt does, and
 * match the txt shingle for shingle. Raw HTML in cmark's tree means some
 * text was not escaped. Skipped, with a message, when cmark is absent. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include "cleaner.h"
#include "metric.h"
#include "support.h"
#include "test.h"

/* F1 of the Markdown's text and of the txt against the gold: the same
 * shingles give the same figure, so only rounding may differ. */
#define F1_SAME 1e-9

/* Append XML character data with cmark's few entities decoded. */
static void xml_text(test_str *out, const char *s, size_t n) {
  static const struct {
    const char *ent, *ch;
  } ents[] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}};
  for (size_t i = 0; i < n; i++) {
    size_t k = 0;
    while (s[i] == '&' && k < sizeof ents / sizeof ents[0] &&
           strncmp(s + i, ents[k].ent, strlen(ents[k].ent)))
      k++;
    if (s[i] == '&' && k < sizeof ents / sizeof ents[0]) {
      test_str_add(out, ents[k].ch, 1);
      i += strlen(ents[k].ent) - 1;
    } else {
      test_str_add(out, s + i, 1);
    }
  }
}

/* The text of cmark's XML: the character data of text, code and
 * code_block elements, one line per element. Sets *raw_html when the tree
 * holds raw HTML. */
static void xml_texts(const char *xml, test_str *out, int *raw_html) {
  static const char *const tags[] = {"<text", "<code", "<code_block"};
  *raw_html = strstr(xml, "<html_block") || strstr(xml, "<html_inline");
  for (const char *p = strchr(xml, '<'); p; p = strchr(p + 1, '<')) {
    int hit = 0;
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
      size_t tl = strlen(tags[k]);
      hit |= !strncmp(p, tags[k], tl) && (p[tl] == ' ' || p[tl] == '>');
    }
    const char *gt = hit ? strchr(p, '>') : NULL;
    if (!gt || gt[-1] == '/')
      continue;
    const char *end = strchr(gt, '<');
    if (!end)
      break;
    xml_text(out, gt + 1, (size_t)(end - gt - 1));
    test_str_add(out, "\n", 1);
    p = end - 1;
  }
}

/* Render Markdown with cmark; NULL when cmark did not run. */
static char *cmark_xml(const char *md, size_t len) {
  char path[] = "/tmp/cleaner-md-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return NULL;
  int ok = write(fd, md, len) == (ssize_t)len;
  close(fd);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "cmark -t xml %s", path);
  FILE *f = ok ? popen(cmd, "r") : NULL;
  test_str out = {0};
  char chunk[65536];
  size_t got;
  while (f && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
    test_str_add(&out, chunk, got);
  int rc = f ? pclose(f) : -1;
  unlink(path);
  if (rc != 0) {
    free(out.p);
    return NULL;
  }
  return out.p ? out.p : strdup("");
}

static char *clean(cleaner_t *c, const char *html, size_t n, size_t *len) {
  cleaner_result *r = NULL;
  char *s = NULL;
  if (cleaner_clean(c, html, n, &r) == CLEANER_OK) {
    const char *t = cleaner_result_text(r, len);
    s = malloc(*len + 1);
    memcpy(s, t, *len + 1);
  }
  cleaner_result_free(r);
  return s;
}

static double f1_of(const char *gold, size_t glen, const char *t, size_t n) {
  metric_counts mc;
  return metric_page(gold, glen, t, n, &mc) == 0 ? metric_page_f1(&mc) : -1;
}

static void check_page(cleaner_t *txt, cleaner_t *md, const char *dir,
                       const char *name) {
  char path[8192];
  size_t hlen, glen, tlen = 0, mlen = 0;
  snprintf(path, sizeof path, "%s/%s.html", dir, name);
  char *html = test_read_file(path, &hlen);
  snprintf(path, sizeof path, "%s/%s.gold.txt", dir, name);
  char *gold = test_read_file(path, &glen);
  char *t = html ? clean(txt, html, hlen, &tlen) : NULL;
  char *m = html ? clean(md, html, hlen, &mlen) : NULL;
  char *xml = m ? cmark_xml(m, mlen) : NULL;
  CHECK_MSG(gold && t && xml, "%s: page, gold, output or cmark missing", name);
  if (gold && t && xml) {
    test_str back = {0};
    int raw_html;
    xml_texts(xml, &back, &raw_html);
    double ft = f1_of(gold, glen, t, tlen);
    double fm = f1_of(gold, glen, back.p ? back.p : "", back.n);
    metric_counts same;
    metric_page(t, tlen, back.p ? back.p : "", back.n, &same);
    printf("  %-8s txt F1=%.4f md F1=%.4f md~txt P=%.4f R=%.4f\n", name, ft, fm,
           metric_precision(&same), metric_recall(&same));
    CHECK_MSG(!raw_html, "%s: raw HTML in the Markdown", name);
    CHECK_MSG(fm - ft < F1_SAME && ft - fm < F1_SAME, "%s: F1 %.4f != %.4f",
              name, fm, ft);
    CHECK_MSG(same.n_fp == 0 && same.n_fn == 0,
              "%s: Markdown text differs from txt (%zu extra, %zu missing "
              "shingles)",
              name, same.n_fp, same.n_fn);
    free(back.p);
  }
  free(html);
  free(gold);
  free(t);
  free(m);
  free(xml);
}

/* Drop white space, which Markdown moves around. */
static size_t squeeze(const char *s, size_t n, char *out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\n')
      out[k++] = s[i];
  return k;
}

/* A page of paragraphs, headings and a quote full of Markdown syntax: the
 * text cmark gives back equals the txt output character for character
 * (the metric ignores punctuation, so the corpus check alone would not see
 * a lost '*' or '>'). */
static void check_escaping(const char *src) {
  cleaner_options o;
  cleaner_options_init(&o);
  cleaner_t *txt = NULL, *md = NULL;
  CHECK(cleaner_new(&o, &txt) == CLEANER_OK);
  o.format = CLEANER_FORMAT_MARKDOWN;
  CHECK(cleaner_new(&o, &md) == CLEANER_OK);
  size_t hlen, tlen = 0, mlen = 0;
  char *html =
      test_read_file(test_path(src, "tests/data/markdown-escape.html"), &hlen);
  char *t = html && txt ? clean(txt, html, hlen, &tlen) : NULL;
  char *m = html && md ? clean(md, html, hlen, &mlen) : NULL;
  char *xml = m ? cmark_xml(m, mlen) : NULL;
  CHECK(xml != NULL);
  if (xml) {
    test_str back = {0};
    int raw_html;
    xml_texts(xml, &back, &raw_html);
    char *a = malloc(tlen + 1), *b = malloc(back.n + 1);
    size_t na = squeeze(t, tlen, a), nb = squeeze(back.p, back.n, b);
    CHECK_MSG(na == nb && !memcmp(a, b, na),
              "escaping: text changed\n--- txt ---\n%.*s\n--- md ---\n%.*s",
              (int)na, a, (int)nb, b);
    CHECK(tlen > 1000 && !raw_html);
    free(a);
    free(b);
    free(back.p);
  }
  free(html);
  free(t);
  free(m);
  free(xml);
  cleaner_free(txt);
  cleaner_free(md);
}

/* Every corpus page, with and without links. */
static int run_corpus(const char *dir, int links) {
  cleaner_options o;
  cleaner_options_init(&o);
  cleaner_t *txt = NULL, *md = NULL;
  CHECK(cleaner_new(&o, &txt) == CLEANER_OK);
  o.format = CLEANER_FORMAT_MARKDOWN;
  o.links = links;
  CHECK(cleaner_new(&o, &md) == CLEANER_OK);
  DIR *d = opendir(dir);
  struct dirent *e;
  int pages = 0;
  while (d && txt && md && (e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if (n < 6 || strcmp(e->d_name + n - 5, ".html"))
      continue;
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(n - 5), e->d_name);
    check_page(txt, md, dir, name);
    pages++;
  }
  if (d)
    closedir(d);
  cleaner_free(txt);
  cleaner_free(md);
  return pages;
}

int main(int argc, char **argv) {
  const char *src = argc > 1 ? argv[1] : ".";
  if (system("cmark --version >/dev/null 2>&1") != 0) {
    printf("SKIP: cmark not found (scripts/install-deps.sh installs it); "
           "Markdown not checked against CommonMark\n");
    return 0;
  }
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/corpus", src);
  int pages = run_corpus(dir, 0);
  CHECK_MSG(pages >= 30, "only %d corpus pages", pages);
  run_corpus(dir, 1);
  check_escaping(src);
  return test_summary("markdown");
}
