/*
 * meta-eval: language and title accuracy of the library over datasets.
 *
 *   meta-eval [--list] DATASET_DIR...
 *
 * For each page of DATASET/meta.jsonl with a `lang` (a name such as
 * "Russian" or a tag such as "en-US"), cleans html/ID.html (or text/ID.txt)
 * and compares cleaner_result_lang() with the language's ISO 639-1 code;
 * prints accuracy per language and the confusions. Pages whose meta.jsonl
 * line has a `title` are also scored on cleaner_result_field(TITLE), equal
 * after white space is collapsed, or equal to it without a part after or
 * before a separator (the site name, which meta.jsonl often keeps).
 * --list prints every miss.
 */
#define _POSIX_C_SOURCE 200809L

#include <cleaner.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Language names of the datasets and their codes. */
static const char *const names[][2] = {
    {"english", "en"}, {"russian", "ru"},    {"ukrainian", "uk"},
    {"polish", "pl"},  {"greek", "el"},      {"chinese", "zh"},
    {"german", "de"},  {"french", "fr"},     {"spanish", "es"},
    {"italian", "it"}, {"portuguese", "pt"}, {"dutch", "nl"},
    {"czech", "cs"},   {"bulgarian", "bg"},  {"belarusian", "be"},
    {"turkish", "tr"}, {"japanese", "ja"},   {"korean", "ko"},
    {"arabic", "ar"},  {"hebrew", "he"},     {"hindi", "hi"},
    {"thai", "th"}};
#define NNAMES (sizeof names / sizeof names[0])
#define MAX_LANGS 64

typedef struct tally {
  char code[8];
  int n, ok;
  char wrong[256];
} tally;

/* "Russian" -> "ru", "en-US" -> "en", "zh-TW" -> "zh", "" -> "". */
static void code_of(const char *lang, char *out) {
  size_t k = 0;
  out[0] = '\0';
  for (size_t i = 0; i < NNAMES; i++)
    if (!strcasecmp(lang, names[i][0])) {
      strcpy(out, names[i][1]);
      return;
    }
  while (k < 3 && lang[k] && lang[k] != '-' && lang[k] != '_') {
    out[k] = (char)(lang[k] | 32);
    k++;
  }
  out[k] = '\0';
  if (k != 2)
    out[0] = '\0';
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return b;
}

static void collapse(const char *s, char *out, size_t cap) {
  size_t k = 0;
  int sp = 0;
  for (; *s && k + 1 < cap; s++) {
    if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
      sp = k > 0;
      continue;
    }
    if (sp && k + 1 < cap)
      out[k++] = ' ';
    sp = 0;
    out[k++] = *s;
  }
  out[k] = '\0';
}

static tally *find(tally *t, int *nt, const char *code) {
  for (int i = 0; i < *nt; i++)
    if (!strcmp(t[i].code, code))
      return &t[i];
  if (*nt >= MAX_LANGS)
    return NULL;
  memset(&t[*nt], 0, sizeof t[*nt]);
  snprintf(t[*nt].code, sizeof t[*nt].code, "%s", code);
  return &t[(*nt)++];
}

static int titles_n, titles_ok, titles_part;

/* got is want without a site name or section: want is got followed or
 * preceded by a separator and more text. */
static int title_part(const char *want, const char *got) {
  static const char *const seps[] = {" | ",  " - ", " – ", " — ",
                                     " :: ", " · ", " / ", " » "};
  size_t w = strlen(want), g = strlen(got);
  if (!g || g >= w)
    return 0;
  for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
    size_t l = strlen(seps[i]);
    if ((!strncmp(want, got, g) && !strncmp(want + g, seps[i], l)) ||
        (!strcmp(want + w - g, got) && w >= g + l &&
         !strncmp(want + w - g - l, seps[i], l)))
      return 1;
  }
  return 0;
}

static void one_page(cleaner_t *c, const char *dir, json_t *o, tally *t,
                     int *nt, int list) {
  const char *id = json_string_value(json_object_get(o, "id"));
  const char *lang = json_string_value(json_object_get(o, "lang"));
  const char *title = json_string_value(json_object_get(o, "title"));
  char code[8], path[4096];
  size_t len;
  if (!id)
    return;
  code_of(lang ? lang : "", code);
  snprintf(path, sizeof path, "%s/html/%s.html", dir, id);
  char *data = slurp(path, &len);
  if (!data) {
    snprintf(path, sizeof path, "%s/text/%s.txt", dir, id);
    data = slurp(path, &len);
  }
  cleaner_result *r;
  if (!data || cleaner_clean(c, data, len, &r) != CLEANER_OK) {
    free(data);
    return;
  }
  if (code[0]) {
    tally *x = find(t, nt, code);
    const char *got = cleaner_result_lang(r);
    if (x) {
      x->n++;
      if (!strcmp(got, code))
        x->ok++;
      else if (strlen(x->wrong) + 12 < sizeof x->wrong)
        snprintf(x->wrong + strlen(x->wrong), 12, " %s", *got ? got : "?");
    }
    if (list && strcmp(got, code))
      printf("lang miss %s: want %s got %s\n", id, code, *got ? got : "?");
  }
  if (title && *title) {
    char a[1024], b[1024];
    collapse(title, a, sizeof a);
    collapse(cleaner_result_field(r, CLEANER_FIELD_TITLE), b, sizeof b);
    titles_n++;
    titles_ok += !strcmp(a, b);
    titles_part += !strcmp(a, b) || title_part(a, b);
    if (list && strcmp(a, b))
      printf("title miss %s:\n  want %s\n  got  %s\n", id, a, b);
  }
  cleaner_result_free(r);
  free(data);
}

int main(int argc, char **argv) {
  tally t[MAX_LANGS];
  int nt = 0, list = 0;
  cleaner_t *c;
  if (cleaner_new(NULL, &c) != CLEANER_OK)
    return 1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--list")) {
      list = 1;
      continue;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/meta.jsonl", argv[i]);
    FILE *f = fopen(path, "r");
    if (!f) {
      fprintf(stderr, "meta-eval: cannot read %s\n", path);
      continue;
    }
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
      json_t *o = json_loads(line, 0, NULL);
      if (o)
        one_page(c, argv[i], o, t, &nt, list);
      json_decref(o);
    }
    free(line);
    fclose(f);
  }
  int n = 0, ok = 0;
  for (int i = 0; i < nt; i++) {
    printf("lang %-3s pages=%-4d accuracy=%.3f%s%s\n", t[i].code, t[i].n,
           (double)t[i].ok / t[i].n, t[i].wrong[0] ? "  wrong:" : "",
           t[i].wrong);
    n += t[i].n;
    ok += t[i].ok;
  }
  if (n)
    printf("lang all pages=%d accuracy=%.3f\n", n, (double)ok / n);
  if (titles_n)
    printf("title pages=%d exact=%.3f, exact or without a site/section "
           "part=%.3f\n",
           titles_n, (double)titles_ok / titles_n,
           (double)titles_part / titles_n);
  cleaner_free(c);
  return 0;
}
