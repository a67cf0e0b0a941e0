/* Unit tests of the stages between parsing and output: the lexicon, the
 * text features, the HTML front end's blocks, the classifier's decisions
 * on hand-built block lists, and the renderer. */
#include <stdio.h>
#include <stdlib.h>

#include "block.h"
#include "classify.h"
#include "feat.h"
#include "html.h"
#include "lexicon.h"
#include "prepass.h"
#include "render.h"
#include "support.h"
#include "test.h"
#include "text.h"

static cl_mem mem;
static cl_lexicon *lx;
static cl_featurer *ft;
static cl_arena arena;

static int lang_index(const char *code) {
  for (size_t i = 0; i < cl_lexicon_langs(lx); i++)
    if (!strcmp(cl_lexicon_code(lx, (int)i), code))
      return (int)i;
  return -1;
}

/* The phrases of language `lang` in a short block of folded text. */
static cl_phrase_hits scan(int lang, const char *folded) {
  cl_phrase_hits h;
  cl_lexicon_scan(lx, lang, folded, strlen(folded), 240, &h);
  return h;
}

static void test_lexicon(void) {
  /* A token with a NUL (a raw value) matches nothing and reads no further
   * than its length. */
  CHECK(cl_lexicon_hint(lx, "nav", 3) < 0);
  CHECK(cl_lexicon_hint(lx, "nav\0x", 5) == 0);
  CHECK(cl_lexicon_hint(lx, "na\0", 3) == 0);
  int en = lang_index("en"), ru = lang_index("ru"), uk = lang_index("uk");
  CHECK(en >= 0 && ru >= 0 && uk >= 0);
  CHECK(cl_lexicon_stopmask(lx, "the", 3) & (1u << en));
  CHECK(!(cl_lexicon_stopmask(lx, "harbour", 7) & (1u << en)));
  CHECK(cl_lexicon_stopmask(lx, "что", strlen("что")) & (1u << ru));
  CHECK(cl_lexicon_stopmask(lx, "також", strlen("також")) & (1u << uk));
  CHECK(cl_lexicon_hint(lx, "sidebar", 7) < 0);
  CHECK(cl_lexicon_hint(lx, "articlebody", 11) > 0);
  CHECK(cl_lexicon_hint(lx, "zzzz", 4) == 0);
  cl_phrase_hits h;
  h = scan(ru, "читайте также: новый закон");
  CHECK(h.weight >= 2);
  h = scan(en, "the council voted on tuesday");
  CHECK(h.weight == 0 && h.kind == CL_PHRASE_PLAIN && h.socials == 0);
  /* weight-3 phrases count inside a short block, at a word start */
  h = scan(en, "our site. all rights reserved");
  CHECK(h.weight == 3);
  h = scan(en, "follow us on facebook and twitter");
  CHECK(h.socials == 2);
  h = scan(en, "ivan petrov and anna li. photo: reuters");
  CHECK(h.kind == CL_PHRASE_CREDIT);
  h = scan(en, "contents");
  CHECK(h.weight == 2);
  h = scan(en, "contents of the report show");
  CHECK(h.weight == 0);
  /* An advert's legal line: weight 3, so anywhere in a short block. */
  h = scan(ru, "ооо «финансовый партнер». не является публичной офертой.");
  CHECK(h.weight == 3);
  h = scan(en,
           "posted by: jrk on 10/14/2004 at 11:40 am | will they put it back?");
  CHECK(h.weight == 2);
  CHECK(cl_lexicon_density(lx, en) > cl_lexicon_density(lx, ru));
}

static void features_of(const char *s, cl_block *b) {
  memset(b, 0, sizeof *b);
  cl_features(ft, b, s, strlen(s));
}

static void test_features(void) {
  cl_block b;
  int en = lang_index("en");
  features_of("The cat sat on the mat, didn't it?", &b);
  CHECK(b.words == 8);
  CHECK(b.stop[en] >= 4);
  CHECK(b.punct == 2);
  CHECK(b.cjk_chars == 0);
  /* ICU's dictionary break: more than one word in a run of Han. */
  features_of("我们今天去北京参观博物馆。", &b);
  CHECK(b.cjk_chars >= 10);
  CHECK(b.words >= 4 && b.words <= 10);
  CHECK(b.punct == 1);
  /* A long block: every ideograph counted, the words read off its first
   * ones (DICT_SAMPLE) and scaled to its length. */
  uint32_t one = b.words;
  char eight[8 * 40] = "";
  for (int k = 0; k < 8; k++)
    strcat(eight, "我们今天去北京参观博物馆。");
  features_of(eight, &b);
  CHECK(b.cjk_chars == 8 * 12);
  CHECK(b.chars == 8 * 13);
  CHECK(b.punct == 8);
  CHECK(b.lt.letters == 8 * 13); /* past ASCII, not white space */
  size_t han = 0;
  while (han + 1 < CL_NSCRIPTS && cl_scripts[han].lo != 0x4E00)
    han++;
  CHECK(b.lt.script[han] == 8 * 12);
  CHECK(b.words >= 6 * one && b.words <= 10 * one);
  /* A space between two ideographs is a pause; next to Latin it is not. */
  features_of("清晨出發時山下還飄著細雨 一路開上山後 天空慢慢放晴", &b);
  CHECK(b.pauses == 2);
  CHECK(b.punct == 0);
  features_of("我們用 Linux 寫程式", &b);
  CHECK(b.pauses == 0);
  /* Case folding before lookup: "THE" is a stopword. */
  features_of("THE", &b);
  CHECK(b.stop[en] == 1);
  /* ASCII runs are read a run at a time: letters, digits and '_' make
   * words, letters alone count as letters, an apostrophe joins. */
  features_of("Hello_World 42 THE the don't Wörld", &b);
  CHECK(b.words == 6);
  CHECK(b.chars == 29);
  CHECK(b.lt.letters == 25);
  CHECK(b.stop[en] >= 2);
  /* The second time the memo answers, with the same features. */
  cl_block again;
  features_of("Hello_World 42 THE the don't Wörld", &again);
  CHECK(again.words == b.words && again.chars == b.chars &&
        again.lt.letters == b.lt.letters && again.stop[en] == b.stop[en]);
  cl_buf f;
  cl_buf_init(&f, &mem);
  cl_fold("  Читайте   ТАКЖЕ\n", strlen("  Читайте   ТАКЖЕ\n"), &f);
  CHECK_STREQ(f.ptr, "читайте также");
  cl_buf_free(&f);
}

/* The text hash reads eight bytes at a time: a change to any byte, in
 * the words or the tail, changes it, and it is never 0. */
static void test_text_hash(void) {
  char a[40], b[40];
  for (size_t n = 0; n < sizeof a; n++) {
    for (size_t i = 0; i < n; i++)
      a[i] = (char)('a' + i % 26);
    uint64_t h = cl_hash_text(a, n);
    CHECK(h != 0);
    CHECK(h == cl_hash_text(a, n));
    if (n)
      CHECK(h != cl_hash_text(a, n - 1));
    for (size_t i = 0; i < n; i++) {
      memcpy(b, a, n);
      b[i] ^= 1;
      CHECK(cl_hash_text(b, n) != h);
    }
  }
}

static const char *block_text(const cl_blocks *bl, size_t i) {
  static char buf[512];
  snprintf(buf, sizeof buf, "%.*s", (int)bl->v[i].len,
           cl_block_text(bl, &bl->v[i]));
  return buf;
}

static void test_html_blocks(void) {
  const char *h =
      "<html><head><title>T</title></head><body><div class=sidebar>side</div>"
      "<h2>Head</h2><p>one <a href=/x>link</a> two</p><ul><li>a<li>b</ul>"
      "<table><tr><td>c1<td>c2</tr></table><pre>  x\n    y</pre>"
      "<p>l1<br>l2</p></body></html>";
  cl_blocks bl;
  cl_blocks_init(&bl, &mem);
  CHECK(cl_html_blocks(lx, ft, &arena, h, strlen(h), NULL, NULL, &bl) ==
        CLEANER_OK);
  CHECK_MSG(bl.n == 10, "%zu blocks", bl.n);
  if (bl.n == 10) {
    CHECK_STREQ(block_text(&bl, 0), "side");
    CHECK(bl.v[0].hint_near < 0);
    CHECK(bl.v[1].kind == CL_HEADING && bl.v[1].level == 2);
    CHECK_STREQ(block_text(&bl, 2), "one link two");
    CHECK(bl.v[2].link_chars == 4);
    CHECK(bl.v[3].kind == CL_ITEM && (bl.v[3].flags & CL_F_FIRST_ITEM));
    CHECK(bl.v[5].kind == CL_CELL && (bl.v[5].flags & CL_F_ROW_START));
    CHECK(bl.v[6].kind == CL_CELL && !(bl.v[6].flags & CL_F_ROW_START));
    CHECK(bl.v[7].kind == CL_CODE);
    CHECK_STREQ(block_text(&bl, 7), "  x\n    y");
    CHECK_STREQ(block_text(&bl, 8), "l1");
    CHECK_STREQ(block_text(&bl, 9), "l2");
  }
  CHECK_STREQ(bl.title.ptr, "t");
  CHECK_STREQ(bl.title_text.ptr, "T");
  cl_blocks_free(&bl);
}

/* Deep nesting is walked without recursion. */
static void test_deep_walk(void) {
  enum { DEPTH = 200000 };
  cl_buf h;
  cl_buf_init(&h, &mem);
  for (int i = 0; i < DEPTH; i++)
    cl_buf_append(&h, "<b>", 3);
  cl_buf_puts(&h, "deep text");
  cl_blocks bl;
  cl_blocks_init(&bl, &mem);
  CHECK(cl_html_blocks(lx, ft, &arena, h.ptr, h.len, NULL, NULL, &bl) ==
        CLEANER_OK);
  CHECK(bl.n == 1 && bl.n && !strcmp(block_text(&bl, 0), "deep text"));
  cl_blocks_free(&bl);
  cl_buf_free(&h);
}

static void add_line(cl_blocks *bl, const char *s) {
  cl_text_blocks(ft, s, strlen(s), bl);
}

static void test_classify_and_render(void) {
  cl_blocks bl;
  cl_blocks_init(&bl, &mem);
  add_line(&bl, "Home | News | Sport | Weather");
  add_line(&bl, "The council voted on Tuesday to extend the floating school "
                "programme to two more districts, after a debate that lasted "
                "for most of the afternoon and evening.");
  add_line(&bl, "Opposition members said the money would be better spent on "
                "the schools that already exist, but the motion passed with a "
                "comfortable majority in the end.");
  add_line(&bl, "Subscribe to our newsletter");
  cl_classify_opts o = {.keep_title = 1};
  CHECK(cl_classify(lx, &bl, &o) == CLEANER_OK);
  CHECK_STREQ(cl_lexicon_code(lx, bl.lang), "en");
  CHECK(bl.n == 4);
  if (bl.n == 4) {
    CHECK(!bl.v[0].keep);
    CHECK(bl.v[1].keep && bl.v[2].keep);
    CHECK(!bl.v[3].keep);
    CHECK(bl.v[3].reason != NULL);
  }
  cl_buf out;
  cl_buf_init(&out, &mem);
  CHECK(cl_render_txt(&bl, &out) == CLEANER_OK);
  CHECK(out.len > 0 && out.ptr[out.len - 1] == '\n');
  CHECK(strstr(out.ptr, "evening.\n\nOpposition") != NULL);
  cl_buf_free(&out);
  cl_blocks_free(&bl);
}

static void test_looks_like_html(void) {
  CHECK(cl_looks_like_html("<!DOCTYPE html><p>x", 19));
  CHECK(cl_looks_like_html("  <DIV>x</DIV>", 14));
  CHECK(!cl_looks_like_html("a < b and c > d", 15));
  CHECK(!cl_looks_like_html("Plain text line.\nAnother.", 25));
}

/* The pre-pass with the lexicon: what it writes for `in`. */
static void regions(const char *in, int with_lx, cl_buf *out) {
  static cl_hint_cache hc;
  cl_prepass_limits lim = {
      .max_depth = 512, .lx = with_lx ? lx : NULL, .hints = &hc};
  int cut;
  cl_buf_clear(out);
  CHECK(cl_prepass_limited(in, strlen(in), &lim, out, &cut) == CLEANER_OK);
}

static int has(const cl_buf *b, const char *s) {
  return b->ptr && strstr(b->ptr, s) != NULL;
}

/* A region holding over REGION_TEXT_MAX (prepass.c) bytes of text. */
static void long_region(cl_buf *b, const char *open, const char *close) {
  cl_buf_clear(b);
  cl_buf_append(b, open, strlen(open));
  for (int i = 0; i < 60; i++)
    cl_buf_append(b, "<p>A long comment of some length, said twice.</p>", 49);
  cl_buf_append(b, close, strlen(close));
}

/* Boilerplate regions (prepass.c): contents the walk would mark as
 * boilerplate by the element's own hint, or skip, are dropped; anything
 * that could change the outcome keeps them. */
static void test_regions(void) {
  cl_buf b;
  cl_buf_init(&b, &mem);
  const char *side = "<body><p>Lead.</p><div class=\"sidebar\"><ul><li><a "
                     "href=\"/x\">Link one</a></li></ul></div><p>After.</p>";
  regions(side, 0, &b);
  CHECK(has(&b, "Link one"));
  regions(side, 1, &b);
  CHECK(!has(&b, "Link one"));
  CHECK(has(&b, "<div class=\"sidebar\"></div>"));
  CHECK(has(&b, "Lead.") && has(&b, "After."));
  /* A nearer hint that lifts it, or a weaker negative one, keeps it. */
  regions("<body><div class=\"sidebar\"><div class=\"article-body\">Story"
          "</div></div>",
          1, &b);
  CHECK(has(&b, "Story"));
  regions("<body><div class=\"sidebar\"><div class=\"meta\">By Ann</div>"
          "</div>",
          1, &b);
  CHECK(has(&b, "By Ann"));
  /* So do a headline, a value with a reference, a formatting element left
   * open, an end by another tag, and the end of the input. */
  regions("<body><nav><h1>Title</h1></nav>", 1, &b);
  CHECK(has(&b, "Title"));
  regions("<body><div class=\"side&#98;ar\">Menu</div>", 1, &b);
  CHECK(has(&b, "Menu"));
  regions("<body><div class=\"share\"><b>Bold</div>", 1, &b);
  CHECK(has(&b, "Bold"));
  regions("<body><section><div class=\"share\">Share</section><div><div>"
          "Kept</div></div>",
          1, &b);
  CHECK(has(&b, "Share") && has(&b, "Kept"));
  regions("<body><div class=\"share\">Share", 1, &b);
  CHECK(has(&b, "Share"));
  /* Out of a table the parser would move it: kept. */
  regions("<body><table><div class=\"share\">Share</div><tr><td>x</table>", 1,
          &b);
  CHECK(has(&b, "Share"));
  /* Much text: the classifier may take the container as the article. */
  cl_buf big;
  cl_buf_init(&big, &mem);
  long_region(&big, "<body><div class=\"comments\">", "</div>");
  regions(big.ptr, 1, &b);
  CHECK(has(&b, "A long comment"));
  /* Hidden and skipped elements go whatever they hold. */
  long_region(&big, "<body><div hidden>", "</div><p>Shown</p>");
  regions(big.ptr, 1, &b);
  CHECK(!has(&b, "A long comment") && has(&b, "Shown"));
  regions("<body><p>x<select name=\"s\"><option>One</option></select>y</p>", 1,
          &b);
  CHECK(!has(&b, "One") && has(&b, "<select></select>"));
  regions("<body><div style=\"display: none\">Gone</div>", 1, &b);
  CHECK(!has(&b, "Gone"));
  /* An input keeps its type alone (it decides frameset-ok). */
  regions("<body><input type=\"hidden\" name=\"q\" class=\"c\">", 1, &b);
  CHECK(has(&b, "<input type=\"hidden\">"));
  cl_buf_free(&big);
  cl_buf_free(&b);
}

/* On every page, a region dropped only removes blocks: the blocks built
 * with the lexicon are those built without it, in order, less some. */
static void blocks_of(const char *html, size_t n, int with_lx, cl_blocks *bl) {
  cl_buf pre;
  cl_buf_init(&pre, &mem);
  cl_prepass_limits lim = {.max_depth = 512, .lx = with_lx ? lx : NULL};
  int cut;
  cl_blocks_init(bl, &mem);
  CHECK(cl_prepass_limited(html, n, &lim, &pre, &cut) == CLEANER_OK);
  CHECK(cl_html_blocks(lx, ft, &arena, pre.ptr, pre.len, NULL, NULL, bl) ==
        CLEANER_OK);
  cl_buf_free(&pre);
}

static int same_block(const cl_blocks *a, size_t i, const cl_blocks *b,
                      size_t j) {
  return a->v[i].len == b->v[j].len &&
         !memcmp(a->text.ptr + a->v[i].off, b->text.ptr + b->v[j].off,
                 a->v[i].len);
}

static int test_region_blocks(const char *html, size_t n, const char *name) {
  cl_blocks all, cut;
  blocks_of(html, n, 0, &all);
  blocks_of(html, n, 1, &cut);
  size_t i = 0, j = 0;
  for (; i < cut.n; i++, j++) {
    while (j < all.n && !same_block(&cut, i, &all, j))
      j++;
    if (j == all.n)
      break;
  }
  CHECK_MSG(i == cut.n, "%s: block %zu not in the page's blocks", name, i);
  int ok = i == cut.n;
  cl_blocks_free(&all);
  cl_blocks_free(&cut);
  return ok;
}

/* Random documents from fragments that open, close and break regions in
 * every way the parser allows; the block property above holds on each. */
#define REGION_DOCS 2000
#define REGION_FRAGS 40
static const char *const region_frags[] = {"<div class=sidebar>",
                                           "<div class=share>",
                                           "<nav>",
                                           "<aside>",
                                           "<div hidden>",
                                           "<ul class=menu>",
                                           "<footer>",
                                           "<div class=meta>",
                                           "<div class=article-body>",
                                           "<div class=s&#105;debar>",
                                           "</div>",
                                           "</nav>",
                                           "</aside>",
                                           "</ul>",
                                           "</footer>",
                                           "<div>",
                                           "<p>",
                                           "</p>",
                                           "<li>",
                                           "</li>",
                                           "<b>",
                                           "</b>",
                                           "<a href=/x>",
                                           "</a>",
                                           "<table>",
                                           "<tr>",
                                           "<td>",
                                           "</tr>",
                                           "</td>",
                                           "</table>",
                                           "<select>",
                                           "<option>",
                                           "</select>",
                                           "<form>",
                                           "</form>",
                                           "<h1>",
                                           "</h1>",
                                           "<section>",
                                           "</section>",
                                           "<button>",
                                           "</button>",
                                           "Some words here. ",
                                           "More text, a sentence. ",
                                           "<br>",
                                           "<svg><g>",
                                           "</svg>",
                                           "<noscript>",
                                           "</noscript>",
                                           "</body>",
                                           "<i>"};

static uint64_t region_rng = 0x9E3779B97F4A7C15u;
static uint64_t next_rand(void) {
  region_rng ^= region_rng << 13;
  region_rng ^= region_rng >> 7;
  region_rng ^= region_rng << 17;
  return region_rng;
}

static void test_random_regions(void) {
  /* A table tag acting on a table around the region (fuzz_prepass). */
  const char *tr = "><table><td><table></tr></table><div class=ad><tr></div>t";
  cl_buf doc;
  cl_buf_init(&doc, &mem);
  regions(tr, 1, &doc);
  CHECK(has(&doc, "<tr>"));
  test_region_blocks(tr, strlen(tr), "tr in a region in a cell");
  /* A <meta> in the body ends the math the pass writes as text: the NUL
   * after it is then dropped by the parser, not replaced (fuzz_prepass). */
  test_region_blocks("<math></><meta>", 16, "meta in the body after math");
  size_t nfrag = sizeof region_frags / sizeof *region_frags;
  for (int d = 0; d < REGION_DOCS; d++) {
    cl_buf_clear(&doc);
    cl_buf_append(&doc, "<body>", 6);
    size_t n = 1 + next_rand() % REGION_FRAGS;
    for (size_t i = 0; i < n; i++) {
      const char *f = region_frags[next_rand() % nfrag];
      cl_buf_append(&doc, f, strlen(f));
    }
    char name[32];
    snprintf(name, sizeof name, "random document %d", d);
    if (!test_region_blocks(doc.ptr, doc.len, name))
      fprintf(stderr, "%s: [%s]\n", name, doc.ptr);
  }
  cl_buf_free(&doc);
}

static void region_page(const char *name, char *html, size_t len, void *ctx) {
  (void)ctx;
  test_region_blocks(html, len, name);
  free(html);
}

static void test_corpus_regions(const char *root) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/corpus", root);
  long pages = test_each_file(dir, ".html", region_page, NULL);
  CHECK_MSG(pages >= 30, "%ld pages in %s", pages, dir);
}

int main(int argc, char **argv) {
  cl_mem_init(&mem, NULL);
  cl_arena_init(&arena, &mem, (size_t)64 << 20);
  CHECK(cl_lexicon_new(&mem, &lx) == CLEANER_OK);
  CHECK(lx && cl_featurer_new(&mem, lx, &ft) == CLEANER_OK);
  if (!lx || !ft)
    return test_summary("stages");
  test_lexicon();
  test_features();
  test_text_hash();
  test_html_blocks();
  test_deep_walk();
  test_classify_and_render();
  test_looks_like_html();
  test_regions();
  test_corpus_regions(argc > 1 ? argv[1] : ".");
  test_random_regions();
  cl_featurer_free(ft);
  cl_lexicon_free(lx);
  cl_arena_free(&arena);
  return test_summary("stages");
}
