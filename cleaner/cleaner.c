/* The pipeline: input -> decode -> pre-pass -> parse/segment -> classify
 * -> render, behind the public API. */
#include <stdio.h>
#include <string.h>

#include "cleaner.h"

#include "block.h"
#include "classify.h"
#include "deadline.h"
#include "decode.h"
#include "feat.h"
#include "html.h"
#include "input.h"
#include "lexicon.h"
#include "meta.h"
#include "prepass.h"
#include "render.h"
#include "text.h"

/* Defaults, documented in cleaner.h. */
#define DEFAULT_MAX_BYTES ((size_t)10 << 20)
#define DEFAULT_GZIP_RATIO 1000
#define DEFAULT_MAX_DEPTH 512
/* Nodes handed to Gumbo (prepass.h says which count). The largest page of
 * the development sets has 40,000 (wikipedia-2 in readability; daniel-dev
 * at most 12,000). Gumbo takes some 250 bytes a node: 10 MiB of "<i>x</i> "
 * held to 1,000,000 nodes (not counting end tags) reached 259 MiB, past the
 * 256 MiB bar; at 500,000 the worst pages found take 90 to 185 MiB (10 MiB
 * of one-letter paragraphs, "x<p>", the most: blocks cost too). */
#define DEFAULT_MAX_NODES 500000
/* Ten seconds is a thousand times the median page's time. */
#define DEFAULT_TIME_BUDGET_MS 10000
/* Gumbo's tree takes about ten times the bytes of the page; past this the
 * arena hands allocations to the heap (see cl_arena). */
#define ARENA_LIMIT ((size_t)64 << 20)
/* Binary sniffing: in the first bytes, this share of control characters
 * means the input is not text. Text has next to none; random bytes have
 * about 12 %. (Replacement characters do not count: a page in a broken
 * charset is still text.) */
#define BINARY_SNIFF_BYTES 4096
#define BINARY_MAX_SHARE 0.05

struct cleaner {
  cleaner_options opts;
  cl_mem mem;
  cl_lexicon *lx;
  cl_featurer *ft;
  cl_memo *pm;                   /* the classifier's phrase memo */
  cl_buf raw;                    /* gunzipped input */
  cl_buf utf8;                   /* decoded input */
  cl_buf html;                   /* after the pre-pass */
  cl_buf cap;                    /* metadata captured by the pre-pass */
  cl_pp_runs runs;               /* text runs written as placeholders */
  cl_hint_cache hints;           /* class value hints, kept across pages */
  cl_arena arena;                /* Gumbo's tree */
  char declared[CL_CHARSET_MAX]; /* opts.declared_charset, copied */
};

/* A block as cleaner_result_block() reports it; its text is in
 * cleaner_result.btext at off. */
typedef struct explained {
  size_t off, len;
  float score;
  const char *reason;
  uint32_t chars, words, link_chars, stops;
  int16_t hint;
  uint8_t kind, keep, cls;
} explained;

struct cleaner_result {
  cl_mem mem;
  explained *blocks; /* options.explain: every block */
  size_t nblocks;
  char *btext; /* their texts, each NUL-terminated */
  char *text;
  size_t len;
  char *field[CLEANER_FIELD_COUNT]; /* NULL for "" */
  char lang[8];
  char charset[CL_CHARSET_MAX];
  int truncated;
};

static const char *const status_text[CLEANER_ESTATUS_COUNT] = {
    [CLEANER_OK] = "success",
    [CLEANER_EINVAL] = "invalid argument",
    [CLEANER_ENOMEM] = "out of memory",
    [CLEANER_EGZIP] = "corrupt or truncated gzip data",
    [CLEANER_ETOOBIG] = "input over a size, ratio or depth limit",
    [CLEANER_ECHARSET] = "cannot convert the input to UTF-8",
    [CLEANER_EPARSE] = "the HTML parser failed",
    [CLEANER_EBINARY] = "binary data, not text or HTML",
    [CLEANER_ETIME] = "time budget per document ran out",
    [CLEANER_EIO] = "read or write error",
};

const char *cleaner_strerror(cleaner_status status) {
  if ((unsigned)status >= CLEANER_ESTATUS_COUNT)
    return "unknown status";
  return status_text[status];
}

const char *cleaner_version(void) { return CLEANER_VERSION_STRING; }

void cleaner_options_init(cleaner_options *o) {
  if (!o)
    return;
  memset(o, 0, sizeof *o);
  o->input = CLEANER_INPUT_AUTO;
  o->format = CLEANER_FORMAT_TXT;
  o->keep_title = 1;
  o->max_bytes = DEFAULT_MAX_BYTES;
  o->max_gzip_ratio = DEFAULT_GZIP_RATIO;
  o->max_depth = DEFAULT_MAX_DEPTH;
  o->max_nodes = DEFAULT_MAX_NODES;
  o->time_budget_ms = DEFAULT_TIME_BUDGET_MS;
}

cleaner_status cleaner_new(const cleaner_options *opts, cleaner_t **out) {
  if (!out)
    return CLEANER_EINVAL;
  *out = NULL;
  cleaner_options o;
  if (opts)
    o = *opts;
  else
    cleaner_options_init(&o);
  if (o.max_bytes == 0 || o.max_depth == 0 || o.max_gzip_ratio == 0 ||
      o.max_nodes == 0 || (unsigned)o.format > CLEANER_FORMAT_HTML ||
      (unsigned)o.favor > CLEANER_FAVOR_RECALL ||
      (unsigned)o.input > CLEANER_INPUT_TEXT)
    return CLEANER_EINVAL;
  cl_mem mem;
  cl_mem_init(&mem, o.allocator);
  cleaner_t *c = cl_calloc(&mem, 1, sizeof *c);
  if (!c)
    return CLEANER_ENOMEM;
  c->mem = mem;
  c->opts = o;
  c->opts.allocator = NULL;
  c->opts.declared_charset = NULL;
  if (o.declared_charset)
    snprintf(c->declared, sizeof c->declared, "%s", o.declared_charset);
  cl_buf_init(&c->raw, &c->mem);
  cl_buf_init(&c->utf8, &c->mem);
  cl_buf_init(&c->html, &c->mem);
  cl_buf_init(&c->cap, &c->mem);
  cl_pp_runs_init(&c->runs, &c->mem);
  cl_arena_init(&c->arena, &c->mem, ARENA_LIMIT);
  cleaner_status st = cl_lexicon_new(&c->mem, &c->lx);
  if (st == CLEANER_OK)
    st = cl_featurer_new(&c->mem, c->lx, &c->ft);
  if (st == CLEANER_OK)
    st = cl_classify_memo_new(&c->mem, &c->pm);
  if (st != CLEANER_OK) {
    cleaner_free(c);
    return st;
  }
  *out = c;
  return CLEANER_OK;
}

void cleaner_free(cleaner_t *c) {
  if (!c)
    return;
  cl_featurer_free(c->ft);
  cl_memo_free(c->pm);
  cl_lexicon_free(c->lx);
  cl_buf_free(&c->raw);
  cl_buf_free(&c->utf8);
  cl_buf_free(&c->html);
  cl_buf_free(&c->cap);
  cl_pp_runs_free(&c->runs);
  cl_arena_free(&c->arena);
  cl_mem mem = c->mem;
  cl_free(&mem, c);
}

static int is_control(unsigned char ch) {
  return (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t' && ch != '\f') ||
         ch == 0x7F;
}

/* nul_only: count NUL bytes only (in the undecoded input, where they are
 * not yet U+FFFD). */
static int looks_binary(const char *s, size_t len, int nul_only) {
  size_t n = len < BINARY_SNIFF_BYTES ? len : BINARY_SNIFF_BYTES, bad = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    bad += nul_only ? ch == 0 : is_control(ch);
  }
  return n && bad > BINARY_MAX_SHARE * n;
}

/* Binary: control characters in the text, or NUL bytes in input that is
 * not UTF-16 or UTF-32 (the decoder makes them U+FFFD, a page in a broken
 * charset has those too; a run of zeros, unpacked from gzip or not, would
 * otherwise be cleaned as 10 MiB of U+FFFD). */
static int is_binary(const cleaner_t *c, const char *raw, size_t len,
                     const char *charset) {
  int wide =
      strncmp(charset, "UTF-16", 6) == 0 || strncmp(charset, "UTF-32", 6) == 0;
  return looks_binary(c->utf8.ptr, c->utf8.len, 0) ||
         (!wide && looks_binary(raw, len, 1));
}

/* Unpack gzip and apply the size limit; data and len then point at the bytes.
 */
static cleaner_status unpack(cleaner_t *c, const char **data, size_t *len,
                             int *truncated) {
  if (cl_is_gzip(*data, *len)) {
    cl_buf_clear(&c->raw);
    cleaner_status st = cl_gunzip(&c->mem, *data, *len, c->opts.max_bytes,
                                  c->opts.max_gzip_ratio, &c->raw, truncated);
    if (st != CLEANER_OK)
      return st;
    *data = c->raw.ptr;
    *len = c->raw.len;
  }
  if (*len > c->opts.max_bytes) {
    *len = c->opts.max_bytes;
    *truncated = 1;
  }
  return CLEANER_OK;
}

/* Segment the decoded page into bl. `regions`: let the pre-pass drop
 * boilerplate regions, and set *regions to the text it dropped with them
 * (prepass.h). */
static cleaner_status segment(cleaner_t *c, cl_blocks *bl, int *truncated,
                              size_t *regions) {
  const char *s = c->utf8.ptr;
  size_t n = c->utf8.len;
  int is_html =
      c->opts.input == CLEANER_INPUT_HTML ||
      (c->opts.input == CLEANER_INPUT_AUTO && cl_looks_like_html(s, n));
  if (!is_html)
    return cl_text_blocks(c->ft, s, n, bl);
  cl_buf_clear(&c->html);
  unsigned keep = ((bl->want & CL_WANT_LINKS) ? CL_PP_HREF : 0) |
                  ((bl->want & CL_WANT_IMAGES) ? CL_PP_IMAGES : 0);
  cl_prepass_limits lim = {.max_depth = c->opts.max_depth,
                           .max_nodes = c->opts.max_nodes,
                           .deadline = bl->deadline,
                           .cap = &c->cap,
                           .keep = keep,
                           .runs = &c->runs,
                           .lx = bl->comments || !regions ? NULL : c->lx,
                           .hints = &c->hints,
                           .regions = regions};
  int cut = 0;
  cleaner_status st = cl_prepass_limited(s, n, &lim, &c->html, &cut);
  *truncated |= cut;
  /* Gumbo cannot be stopped: a budget spent by now is not handed to it. */
  if (st == CLEANER_OK && cl_deadline_check(bl->deadline))
    st = CLEANER_ETIME;
  if (st != CLEANER_OK)
    return st;
  /* The runs point into c->utf8, which holds the page until the next. */
  return cl_html_blocks(c->lx, c->ft, &c->arena, c->html.ptr, c->html.len,
                        &c->runs, &c->hints, bl);
}

/* Move the metadata fields into the result. */
static cleaner_status take_fields(cl_meta *m, cleaner_result *r) {
  for (int f = 0; f < CLEANER_FIELD_COUNT; f++) {
    size_t n;
    if (f == CLEANER_FIELD_LANG || !m->f[f].len)
      continue;
    r->field[f] = cl_buf_detach(&m->f[f], &n);
    if (!r->field[f])
      return CLEANER_ENOMEM;
  }
  return CLEANER_OK;
}

/* Keep every block's decision in the result (options.explain). */
static cleaner_status explain(const cl_blocks *bl, cleaner_result *r) {
  if (!bl->n)
    return CLEANER_OK;
  r->blocks = cl_calloc(&r->mem, bl->n, sizeof *r->blocks);
  if (!r->blocks)
    return CLEANER_ENOMEM;
  cl_buf t;
  cl_buf_init(&t, &r->mem);
  for (size_t i = 0; i < bl->n; i++) {
    const cl_block *b = &bl->v[i];
    explained *e = &r->blocks[i];
    e->off = t.len;
    e->len = b->len;
    cl_buf_append(&t, cl_block_text(bl, b), b->len);
    cl_buf_putc(&t, '\0');
    e->score = b->points;
    e->reason = b->reason ? b->reason : "";
    e->chars = b->chars;
    e->words = b->words;
    e->link_chars = b->link_chars;
    e->stops = bl->lang >= 0 ? b->stop[bl->lang] : 0;
    e->hint = b->hint_near;
    e->kind = b->kind;
    e->keep = b->keep;
    e->cls = (uint8_t)b->base_cls;
  }
  r->nblocks = bl->n;
  size_t len;
  r->btext = t.oom ? NULL : cl_buf_detach(&t, &len);
  cl_buf_free(&t);
  return r->btext ? CLEANER_OK : CLEANER_ENOMEM;
}

static cleaner_status make_result(cleaner_t *c, const cl_blocks *bl,
                                  const char *declared_lang,
                                  cleaner_result *r) {
  cl_buf out;
  cl_buf_init(&out, &c->mem);
  cleaner_status st =
      c->opts.format == CLEANER_FORMAT_MARKDOWN ? cl_render_markdown(bl, &out)
      : c->opts.format == CLEANER_FORMAT_HTML   ? cl_render_html(bl, &out)
                                                : cl_render_txt(bl, &out);
  if (st != CLEANER_OK) {
    cl_buf_free(&out);
    return st;
  }
  r->text = cl_buf_detach(&out, &r->len);
  if (!r->text)
    return CLEANER_ENOMEM;
  if (c->opts.explain && (st = explain(bl, r)) != CLEANER_OK)
    return st;
  cl_text_lang(c->lx, bl, declared_lang, r->lang);
  return CLEANER_OK;
}

/* A stage boundary: 1 when there is time left, else *st = CLEANER_ETIME. */
static int in_time(cl_deadline *d, cleaner_status *st) {
  if (!cl_deadline_check(d))
    return 1;
  *st = CLEANER_ETIME;
  return 0;
}

cleaner_status cleaner_clean(cleaner_t *c, const char *data, size_t len,
                             cleaner_result **out) {
  return cleaner_clean_charset(c, data, len, NULL, out);
}

/* A page whose output keeps fewer characters than this, when at least as
 * many bytes of text went with boilerplate regions, is cleaned again
 * without dropping them: the pre-pass cannot see what the classifier does
 * when the article itself sits in an element hinted as boilerplate (a
 * short news item in a "sidebar-layout" wrapper). A full article is
 * longer; a teaser page shorter. */
#define FALLBACK_CHARS 250

static void blocks_start(const cleaner_t *c, cl_blocks *bl, cl_deadline *dl) {
  cl_blocks_init(bl, &c->mem);
  bl->comments = c->opts.comments != 0;
  if (c->opts.format != CLEANER_FORMAT_TXT)
    bl->want = (c->opts.links ? CL_WANT_LINKS : 0u) |
               (c->opts.images ? CL_WANT_IMAGES : 0u);
  bl->deadline = dl;
}

static cleaner_status segment_classify(cleaner_t *c, cl_blocks *bl,
                                       int *truncated, size_t *regions) {
  cleaner_status st = segment(c, bl, truncated, regions);
  if (st != CLEANER_OK || !in_time(bl->deadline, &st))
    return st;
  cl_classify_opts co = {
      .keep_title = c->opts.keep_title, .favor = c->opts.favor, .memo = c->pm};
  return cl_classify(c->lx, bl, &co);
}

static size_t kept_chars(const cl_blocks *bl) {
  size_t n = 0;
  for (size_t i = 0; i < bl->n; i++)
    n += bl->v[i].keep ? bl->v[i].chars : 0;
  return n;
}

cleaner_status cleaner_clean_charset(cleaner_t *c, const char *data, size_t len,
                                     const char *charset,
                                     cleaner_result **out) {
  if (!out)
    return CLEANER_EINVAL;
  *out = NULL;
  if (!c || (!data && len))
    return CLEANER_EINVAL;
  if (!data)
    data = "";
  cleaner_result *r = cl_calloc(&c->mem, 1, sizeof *r);
  if (!r)
    return CLEANER_ENOMEM;
  r->mem = c->mem;
  cl_deadline dl;
  cl_deadline_start(&dl, c->opts.time_budget_ms);
  cleaner_status st = unpack(c, &data, &len, &r->truncated);
  cl_blocks bl;
  cl_meta meta;
  blocks_start(c, &bl, &dl);
  cl_meta_init(&meta, &c->mem);
  cl_buf_clear(&c->cap);
  if (st == CLEANER_OK && in_time(&dl, &st)) {
    cl_buf_clear(&c->utf8);
    if (!charset || !*charset)
      charset = c->declared[0] ? c->declared : NULL;
    st = cl_decode(&c->mem, data, len, charset,
                   c->opts.input != CLEANER_INPUT_TEXT, &c->utf8, r->charset);
  }
  if (st == CLEANER_OK && is_binary(c, data, len, r->charset))
    st = CLEANER_EBINARY;
  size_t regions = 0;
  if (st == CLEANER_OK && in_time(&dl, &st))
    st = segment_classify(c, &bl, &r->truncated, &regions);
  if (st == CLEANER_OK && regions >= FALLBACK_CHARS &&
      kept_chars(&bl) < FALLBACK_CHARS && in_time(&dl, &st)) {
    /* Next to no text left with regions dropped: the page again, whole. */
    cl_blocks_free(&bl);
    blocks_start(c, &bl, &dl);
    cl_buf_clear(&c->cap);
    st = segment_classify(c, &bl, &r->truncated, NULL);
  }
  if (st == CLEANER_OK && in_time(&dl, &st))
    st = cl_meta_read(&meta, &c->cap);
  if (st == CLEANER_OK)
    st = cl_meta_blocks(&meta, &bl);
  if (st == CLEANER_OK)
    st = take_fields(&meta, r);
  if (st == CLEANER_OK)
    st = make_result(c, &bl, meta.html_lang, r);
  cl_meta_free(&meta);
  cl_blocks_free(&bl);
  if (st != CLEANER_OK) {
    cleaner_result_free(r);
    return st;
  }
  *out = r;
  return CLEANER_OK;
}

const char *cleaner_result_text(const cleaner_result *r, size_t *len) {
  if (len)
    *len = r ? r->len : 0;
  return r && r->text ? r->text : "";
}

const char *cleaner_result_title(const cleaner_result *r) {
  return cleaner_result_field(r, CLEANER_FIELD_TITLE);
}

const char *cleaner_result_lang(const cleaner_result *r) {
  return r ? r->lang : "";
}

static const char *const field_names[CLEANER_FIELD_COUNT] = {
    [CLEANER_FIELD_TITLE] = "title",
    [CLEANER_FIELD_AUTHOR] = "author",
    [CLEANER_FIELD_DATE] = "published",
    [CLEANER_FIELD_MODIFIED] = "modified",
    [CLEANER_FIELD_SITE] = "site",
    [CLEANER_FIELD_LANG] = "lang",
    [CLEANER_FIELD_URL] = "canonical",
    [CLEANER_FIELD_DESCRIPTION] = "description",
    [CLEANER_FIELD_TAGS] = "tags",
    [CLEANER_FIELD_IMAGE] = "image",
};

const char *cleaner_field_name(cleaner_field f) {
  return (unsigned)f < CLEANER_FIELD_COUNT ? field_names[f] : NULL;
}

const char *cleaner_result_field(const cleaner_result *r, cleaner_field f) {
  if (!r || (unsigned)f >= CLEANER_FIELD_COUNT)
    return "";
  if (f == CLEANER_FIELD_LANG)
    return r->lang;
  return r->field[f] ? r->field[f] : "";
}

const char *cleaner_result_charset(const cleaner_result *r) {
  return r ? r->charset : "";
}

int cleaner_result_truncated(const cleaner_result *r) {
  return r ? r->truncated : 0;
}

size_t cleaner_result_block_count(const cleaner_result *r) {
  return r ? r->nblocks : 0;
}

static const char *const kind_names[] = {
    [CL_PARA] = "paragraph", [CL_HEADING] = "heading", [CL_ITEM] = "item",
    [CL_QUOTE] = "quote",    [CL_CELL] = "cell",       [CL_CODE] = "code",
    [CL_CAPTION] = "caption"};
static const char *const class_names[] = {[CL_BAD] = "bad",
                                          [CL_SHORT] = "short",
                                          [CL_NEAR] = "near",
                                          [CL_GOOD] = "good"};

cleaner_status cleaner_result_block(const cleaner_result *r, size_t i,
                                    cleaner_block_info *out) {
  if (!r || !out || i >= r->nblocks)
    return CLEANER_EINVAL;
  const explained *e = &r->blocks[i];
  memset(out, 0, sizeof *out);
  out->text = r->btext + e->off;
  out->len = e->len;
  out->kind = e->kind <= CL_CAPTION ? kind_names[e->kind] : "paragraph";
  out->keep = e->keep;
  out->cls = e->cls <= CL_GOOD ? class_names[e->cls] : "bad";
  out->reason = e->reason;
  out->score = e->score;
  out->chars = e->chars;
  out->words = e->words;
  out->link_density = e->chars ? (double)e->link_chars / e->chars : 0.0;
  out->stopword_density = e->words ? (double)e->stops / e->words : 0.0;
  out->hint = e->hint;
  return CLEANER_OK;
}

void cleaner_result_free(cleaner_result *r) {
  if (!r)
    return;
  cl_mem mem = r->mem;
  for (int f = 0; f < CLEANER_FIELD_COUNT; f++)
    cl_free(&mem, r->field[f]);
  cl_free(&mem, r->text);
  cl_free(&mem, r->blocks);
  cl_free(&mem, r->btext);
  cl_free(&mem, r);
}
