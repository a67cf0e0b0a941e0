/* The node cap (max_nodes) and the time budget (time_budget_ms): a page
 * over the cap is cut before the element past it with the text before the
 * cut kept; a page under it is cleaned exactly as without a cap; a spent
 * budget gives CLEANER_ETIME from every long loop, with nothing leaked
 * (counted here; the ASan build checks too). */
#include <stdlib.h>

#include "block.h"
#include "classify.h"
#include "cleaner.h"
#include "feat.h"
#include "html.h"
#include "lexicon.h"
#include "prepass.h"
#include "support.h"
#include "test.h"
#include "text.h"

/* Paragraphs in the capped page, and the cap in nodes: html, head, title,
 * its text, </title>, </head>, body and article (8), then 3 a paragraph
 * (p, its text, </p>), so the cut falls after paragraph KEPT (before the
 * next p); the whole page has PAGE_NODES (3 end tags at the end). */
#define PARAS 40
#define CAP 20
#define KEPT ((CAP - 8) / 3)
#define PAGE_NODES (8 + 3 * PARAS + 3)
/* A page big enough that cleaning it takes far longer than 1 ms (about
 * 8 MB, 0.3 s in a release build). */
#define BIG_PARAS 40000

static cl_mem mem;

static void put(cl_buf *b, const char *s) {
  if (cl_buf_puts(b, s) != CLEANER_OK)
    abort(); /* the test machine itself is out of memory */
}

/* An article of n numbered prose paragraphs ("Paragraph 7 ..."). */
static void article(cl_buf *b, int n) {
  put(b, "<html><head><title>Council votes</title></head><body><article>");
  char p[512];
  for (int i = 1; i <= n; i++) {
    snprintf(p, sizeof p,
             "<p>Paragraph %d: the council voted on Tuesday to extend the "
             "floating school programme to two more districts, after a "
             "debate that lasted for most of the afternoon and evening.</p>",
             i);
    put(b, p);
  }
  put(b, "</article></body></html>");
}

/* Clean with options; returns the status, the text (malloc'd) and the
 * truncated flag. */
static cleaner_status clean(const cleaner_options *o, const cl_buf *page,
                            char **text, int *truncated) {
  cleaner_t *c = NULL;
  cleaner_result *r = NULL;
  *text = NULL;
  *truncated = -1;
  CHECK(cleaner_new(o, &c) == CLEANER_OK);
  cleaner_status st = cleaner_clean(c, page->ptr, page->len, &r);
  CHECK((st == CLEANER_OK) == (r != NULL));
  if (r) {
    size_t len;
    const char *t = cleaner_result_text(r, &len);
    *text = malloc(len + 1);
    memcpy(*text, t, len + 1);
    *truncated = cleaner_result_truncated(r);
  }
  cleaner_result_free(r);
  cleaner_free(c);
  return st;
}

static int has_para(const char *text, int i) {
  char p[32];
  snprintf(p, sizeof p, "Paragraph %d:", i);
  return text && strstr(text, p) != NULL;
}

static void test_node_cap(void) {
  cl_buf page;
  cl_buf_init(&page, &mem);
  article(&page, PARAS);
  cleaner_options o;
  cleaner_options_init(&o);
  o.max_nodes = CAP;
  char *text, *full;
  int truncated;
  CHECK(clean(&o, &page, &text, &truncated) == CLEANER_OK);
  CHECK(truncated == 1);
  for (int i = 1; i <= KEPT; i++)
    CHECK_MSG(has_para(text, i), "paragraph %d missing: %s", i,
              text ? text : "(none)");
  for (int i = KEPT + 1; i <= PARAS; i++)
    CHECK_MSG(!has_para(text, i), "paragraph %d kept past the cap", i);
  /* The same page under a cap it does not reach: as without a cap. */
  o.max_nodes = PAGE_NODES;
  CHECK(clean(&o, &page, &full, &truncated) == CLEANER_OK);
  CHECK(truncated == 0);
  CHECK(has_para(full, 1) && has_para(full, PARAS));
  char *def;
  cleaner_options_init(&o);
  CHECK(clean(&o, &page, &def, &truncated) == CLEANER_OK);
  CHECK(def && full && strcmp(def, full) == 0);
  free(text);
  free(full);
  free(def);
  cl_buf_free(&page);
}

/* The pre-pass alone: the capped output is the start of the full one. */
static void test_prepass_cap(void) {
  cl_buf page, full, cut;
  cl_buf_init(&page, &mem);
  cl_buf_init(&full, &mem);
  cl_buf_init(&cut, &mem);
  article(&page, PARAS);
  cl_prepass_limits all = {.max_depth = 512},
                    capped = {.max_depth = 512, .max_nodes = CAP};
  int was_cut = -1;
  CHECK(cl_prepass_limited(page.ptr, page.len, &all, &full, &was_cut) ==
        CLEANER_OK);
  CHECK(was_cut == 0);
  CHECK(cl_prepass_limited(page.ptr, page.len, &capped, &cut, &was_cut) ==
        CLEANER_OK);
  CHECK(was_cut == 1);
  CHECK(cut.len < full.len && memcmp(cut.ptr, full.ptr, cut.len) == 0);
  size_t tags = 0;
  for (size_t i = 0; i + 1 < cut.len; i++)
    tags += cut.ptr[i] == '<' && cut.ptr[i + 1] != '/';
  CHECK_MSG(tags == 5 + KEPT, "%zu start tags under a cap of %d", tags, CAP);
  cl_buf_free(&page);
  cl_buf_free(&full);
  cl_buf_free(&cut);
}

/* A tiny budget on a big page: CLEANER_ETIME, no result, nothing leaked. */
static void test_budget(void) {
  cl_buf page;
  cl_buf_init(&page, &mem);
  article(&page, BIG_PARAS);
  test_counter count = {0};
  cleaner_allocator a = test_counting_allocator(&count);
  cleaner_options o;
  cleaner_options_init(&o);
  o.allocator = &a;
  o.time_budget_ms = 1;
  char *text;
  int truncated;
  CHECK(clean(&o, &page, &text, &truncated) == CLEANER_ETIME);
  CHECK(text == NULL);
  CHECK_MSG(count.live == 0, "%ld blocks leaked", count.live);
  /* No budget (0) and the default budget both clean it. */
  o.time_budget_ms = 0;
  CHECK(clean(&o, &page, &text, &truncated) == CLEANER_OK);
  CHECK(has_para(text, BIG_PARAS));
  free(text);
  cleaner_options_init(&o);
  CHECK(o.time_budget_ms == 10000 && o.max_nodes == 500000);
  CHECK(clean(&o, &page, &text, &truncated) == CLEANER_OK);
  free(text);
  CHECK_MSG(count.live == 0, "%ld blocks leaked", count.live);
  cl_buf_free(&page);
}

/* Each long loop reads the budget itself, not only cleaner.c between the
 * stages: given a budget that has run out, each gives CLEANER_ETIME. */
static void test_loops(void) {
  cl_buf page, out;
  cl_buf_init(&page, &mem);
  cl_buf_init(&out, &mem);
  article(&page, CL_DEADLINE_EVERY); /* more tokens than one clock period */
  cl_deadline spent;
  cl_deadline_start(&spent, 1);
  spent.end_ns = 1; /* long past */
  cl_prepass_limits lim = {.max_depth = 512, .deadline = &spent};
  int cut;
  CHECK(cl_prepass_limited(page.ptr, page.len, &lim, &out, &cut) ==
        CLEANER_ETIME);
  cl_lexicon *lx = NULL;
  cl_featurer *ft = NULL;
  CHECK(cl_lexicon_new(&mem, &lx) == CLEANER_OK);
  CHECK(cl_featurer_new(&mem, lx, &ft) == CLEANER_OK);
  cl_arena arena;
  cl_arena_init(&arena, &mem, (size_t)64 << 20);
  cl_blocks bl;
  cl_blocks_init(&bl, &mem);
  bl.deadline = &spent;
  CHECK(cl_html_blocks(lx, ft, &arena, page.ptr, page.len, NULL, NULL, &bl) ==
        CLEANER_ETIME);
  cl_blocks_free(&bl);
  for (int i = 0; i < CL_DEADLINE_EVERY; i++)
    put(&out, "a line\n");
  bl.deadline = &spent;
  CHECK(cl_text_blocks(ft, out.ptr, out.len, &bl) == CLEANER_ETIME);
  cl_blocks_free(&bl);
  /* The classifier, on blocks made without a budget. */
  CHECK(cl_text_blocks(ft, out.ptr, out.len, &bl) == CLEANER_OK);
  bl.deadline = &spent;
  cl_classify_opts co = {.keep_title = 1};
  CHECK(cl_classify(lx, &bl, &co) == CLEANER_ETIME);
  cl_blocks_free(&bl);
  cl_arena_free(&arena);
  cl_featurer_free(ft);
  cl_lexicon_free(lx);
  cl_buf_free(&page);
  cl_buf_free(&out);
}

int main(void) {
  cl_mem_init(&mem, NULL);
  test_node_cap();
  test_prepass_cap();
  test_budget();
  test_loops();
  return test_summary("limits");
}
