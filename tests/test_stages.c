/* Unit tests of the stages between parsing and output: the lexicon, the
 * text features, the HTML front end's blocks, the classifier's decisions
 * on hand-built block lists, and the renderer. */
#include <stdlib.h>

#include "block.h"
#include "classify.h"
#include "feat.h"
#include "html.h"
#include "lexicon.h"
#include "render.h"
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

static void test_lexicon(void) {
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
  const char *p = "читайте также: новый закон";
  cl_lexicon_scan(lx, ru, p, strlen(p), 240, &h);
  CHECK(h.weight >= 2);
  p = "the council voted on tuesday";
  cl_lexicon_scan(lx, en, p, strlen(p), 240, &h);
  CHECK(h.weight == 0 && h.kind == CL_PHRASE_PLAIN && h.socials == 0);
  /* weight-3 phrases count inside a short block, at a word start */
  p = "our site. all rights reserved";
  cl_lexicon_scan(lx, en, p, strlen(p), 240, &h);
  CHECK(h.weight == 3);
  p = "follow us on facebook and twitter";
  cl_lexicon_scan(lx, en, p, strlen(p), 240, &h);
  CHECK(h.socials == 2);
  p = "ivan petrov and anna li. photo: reuters";
  cl_lexicon_scan(lx, en, p, strlen(p), 240, &h);
  CHECK(h.kind == CL_PHRASE_CREDIT);
  p = "contents";
  cl_lexicon_scan(lx, en, p, strlen(p), 240, &h);
  CHECK(h.weight == 2);
  p = "contents of the report show";
  cl_lexicon_scan(lx, en, p, strlen(p), 240, &h);
  CHECK(h.weight == 0);
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
  CHECK(cl_html_blocks(lx, ft, &arena, h, strlen(h), NULL, &bl) == CLEANER_OK);
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
  CHECK(cl_html_blocks(lx, ft, &arena, h.ptr, h.len, NULL, &bl) == CLEANER_OK);
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

int main(void) {
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
  cl_featurer_free(ft);
  cl_lexicon_free(lx);
  cl_arena_free(&arena);
  return test_summary("stages");
}
