#define _POSIX_C_SOURCE 200809L /* sigaction, sigsetjmp */
#include "html.h"
#include "hint.h"

#include <gumbo.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

/* What a tag means to the walk. */
enum {
  T_INLINE = 0,
  T_BLOCK = 1, /* starts and ends a block; a container */
  T_SKIP = 2,  /* never content: the subtree is not visited */
  T_BREAK = 3, /* <br>, <hr>: ends the current block */
};

static const unsigned char tag_role[GUMBO_TAG_LAST + 1] = {
    [GUMBO_TAG_HTML] = T_BLOCK,
    [GUMBO_TAG_BODY] = T_BLOCK,
    [GUMBO_TAG_ADDRESS] = T_BLOCK,
    [GUMBO_TAG_ARTICLE] = T_BLOCK,
    [GUMBO_TAG_ASIDE] = T_BLOCK,
    [GUMBO_TAG_BLOCKQUOTE] = T_BLOCK,
    [GUMBO_TAG_CENTER] = T_BLOCK,
    [GUMBO_TAG_DD] = T_BLOCK,
    [GUMBO_TAG_DETAILS] = T_BLOCK,
    [GUMBO_TAG_DIR] = T_BLOCK,
    [GUMBO_TAG_DIV] = T_BLOCK,
    [GUMBO_TAG_DL] = T_BLOCK,
    [GUMBO_TAG_DT] = T_BLOCK,
    [GUMBO_TAG_FIELDSET] = T_BLOCK,
    [GUMBO_TAG_FIGCAPTION] = T_BLOCK,
    [GUMBO_TAG_FIGURE] = T_BLOCK,
    [GUMBO_TAG_FOOTER] = T_BLOCK,
    [GUMBO_TAG_FORM] = T_BLOCK,
    [GUMBO_TAG_H1] = T_BLOCK,
    [GUMBO_TAG_H2] = T_BLOCK,
    [GUMBO_TAG_H3] = T_BLOCK,
    [GUMBO_TAG_H4] = T_BLOCK,
    [GUMBO_TAG_H5] = T_BLOCK,
    [GUMBO_TAG_H6] = T_BLOCK,
    [GUMBO_TAG_HEADER] = T_BLOCK,
    [GUMBO_TAG_HGROUP] = T_BLOCK,
    [GUMBO_TAG_LI] = T_BLOCK,
    [GUMBO_TAG_MAIN] = T_BLOCK,
    [GUMBO_TAG_MENU] = T_BLOCK,
    [GUMBO_TAG_NAV] = T_BLOCK,
    [GUMBO_TAG_OL] = T_BLOCK,
    [GUMBO_TAG_P] = T_BLOCK,
    [GUMBO_TAG_PRE] = T_BLOCK,
    [GUMBO_TAG_SECTION] = T_BLOCK,
    [GUMBO_TAG_SUMMARY] = T_BLOCK,
    [GUMBO_TAG_TABLE] = T_BLOCK,
    [GUMBO_TAG_TBODY] = T_BLOCK,
    [GUMBO_TAG_THEAD] = T_BLOCK,
    [GUMBO_TAG_TFOOT] = T_BLOCK,
    [GUMBO_TAG_TR] = T_BLOCK,
    [GUMBO_TAG_TD] = T_BLOCK,
    [GUMBO_TAG_TH] = T_BLOCK,
    [GUMBO_TAG_UL] = T_BLOCK,
    [GUMBO_TAG_CAPTION] = T_BLOCK,
    [GUMBO_TAG_LEGEND] = T_BLOCK,
    [GUMBO_TAG_UNKNOWN] = T_INLINE, /* custom elements: inline by CSS */
    [GUMBO_TAG_FRAMESET] = T_BLOCK,
    [GUMBO_TAG_HEAD] = T_SKIP,
    [GUMBO_TAG_SCRIPT] = T_SKIP,
    [GUMBO_TAG_STYLE] = T_SKIP,
    [GUMBO_TAG_NOSCRIPT] = T_SKIP,
    [GUMBO_TAG_TEMPLATE] = T_SKIP,
    [GUMBO_TAG_SVG] = T_SKIP,
    [GUMBO_TAG_MATH] = T_INLINE, /* its token text, see prepass.c */
    [GUMBO_TAG_ANNOTATION_XML] = T_SKIP,
    [GUMBO_TAG_IFRAME] = T_SKIP,
    [GUMBO_TAG_OBJECT] = T_SKIP,
    [GUMBO_TAG_EMBED] = T_SKIP,
    [GUMBO_TAG_SELECT] = T_SKIP,
    [GUMBO_TAG_BUTTON] = T_SKIP,
    [GUMBO_TAG_TEXTAREA] = T_SKIP,
    [GUMBO_TAG_INPUT] = T_SKIP,
    [GUMBO_TAG_CANVAS] = T_SKIP,
    [GUMBO_TAG_VIDEO] = T_SKIP,
    [GUMBO_TAG_AUDIO] = T_SKIP,
    [GUMBO_TAG_MAP] = T_SKIP,
    [GUMBO_TAG_DATALIST] = T_SKIP,
    [GUMBO_TAG_NOEMBED] = T_SKIP,
    [GUMBO_TAG_NOFRAMES] = T_SKIP,
    [GUMBO_TAG_TITLE] = T_SKIP,
    [GUMBO_TAG_BR] = T_BREAK,
    [GUMBO_TAG_HR] = T_BREAK,
};

/* Counters inside running text (is_counter): at most this many characters,
 * on an element whose own hint is at most COUNTER_HINT_MAX, the scale's
 * mark of boilerplate (data/hints.txt). */
#define COUNTER_MAX_CHARS 12
#define COUNTER_HINT_MAX (-20)

typedef struct frame {
  GumboNode *node;
  int32_t container; /* innermost container at this depth */
  int16_t near;
  uint8_t kind; /* block kind of the innermost block element */
  uint8_t level;
  uint8_t in_link;
  uint8_t pre;
  uint8_t list_depth;
  uint8_t ordered;   /* the innermost list is an <ol> */
  uint8_t in_item;   /* inside a list item (not in a table within it) */
  uint8_t comment;   /* inside a comment section */
  uint8_t link_open; /* this element opened a CL_M_LINK mark */
  uint8_t colspan;   /* a cell's spans, clamped */
  uint16_t rowspan;
  uint16_t col;   /* in a row: the next cell's column slot; in a cell: its */
  uint32_t table; /* innermost table and row, numbered over the page */
  uint32_t row;
} frame;

typedef struct walker {
  cl_blocks *bl;
  const cl_lexicon *lx;
  cl_featurer *ft;
  frame *st;
  size_t depth, cap;
  size_t start;           /* offset of the current block's text */
  uint32_t link_chars;    /* of the current block */
  int space;              /* a space is pending before the next text */
  int row_start;          /* next cell starts a table row */
  int first_item;         /* next item is its list's first */
  int item_start;         /* next block is its list item's first */
  uint32_t tables, rows;  /* tables and rows seen so far */
  cl_hint_cache *hints;   /* the caller's, or one for this page */
  const cl_pp_runs *runs; /* placeholders in Gumbo's text, or NULL */
  cl_buf expanded;        /* a text node's text with them expanded */
  cleaner_status status;
} walker;

/* Hash of the first class name ("content" of "content lead"): the part a
 * template repeats on each section of an article. 0 when there is none. */
static uint32_t first_class_hash(const char *v) {
  while (*v == ' ' || *v == '\t' || *v == '\n')
    v++;
  size_t n = 0;
  while (v[n] && v[n] != ' ' && v[n] != '\t' && v[n] != '\n')
    n++;
  return n ? (uint32_t)cl_hash(v, n) | 1 : 0;
}

static int element_hint(const cl_lexicon *lx, cl_hint_cache *hc,
                        const GumboElement *e) {
  int h = cl_hint_tag(e->tag);
  for (unsigned i = 0; i < e->attributes.length; i++) {
    const GumboAttribute *a = e->attributes.data[i];
    const char *n = a->name;
    int is_id = !strcmp(n, "id");
    if (is_id || !strcmp(n, "class") || !strcmp(n, "role") ||
        !strcmp(n, "itemprop") || !strcmp(n, "aria-label"))
      h += cl_hint_attr(lx, hc, is_id, a->value, strlen(a->value));
  }
  return cl_hint_clamp(h);
}

static int is_hidden(const GumboElement *e) {
  for (unsigned i = 0; i < e->attributes.length; i++) {
    const GumboAttribute *a = e->attributes.data[i];
    if (!strcmp(a->name, "hidden"))
      return 1;
    if (!strcmp(a->name, "aria-hidden") && !strcmp(a->value, "true"))
      return 1;
  }
  return 0;
}

/* A counter inside running text: a comment count linked at the start of
 * each paragraph (<a class="comments_count">0</a>), a share count. Its
 * digits glue to the next word ("0Стороны обвинения ...") and spoil the
 * paragraph. An inline element whose only child is a short run of digits
 * and signs, and whose own hint marks boilerplate, is left out. */
static void fail(walker *w, cleaner_status s) {
  if (w->status == CLEANER_OK)
    w->status = s;
}

/* The text of a text node as Gumbo would have built it from the page
 * without placeholders (prepass.h). Valid until the next call. */
static const char *node_text(walker *w, const GumboNode *node, size_t *len) {
  const char *t = node->v.text.text;
  *len = strlen(t);
  if (!cl_pp_has_placeholder(w->runs, t, *len))
    return t;
  cl_buf_clear(&w->expanded);
  if (cl_pp_expand(w->runs, t, *len, &w->expanded) != CLEANER_OK) {
    fail(w, CLEANER_ENOMEM);
    *len = 0;
    return "";
  }
  *len = w->expanded.len;
  return w->expanded.ptr;
}

static int is_counter(walker *w, const GumboElement *e) {
  if (e->children.length != 1)
    return 0;
  const GumboNode *c = e->children.data[0];
  if (c->type != GUMBO_NODE_TEXT)
    return 0;
  size_t n, digits = 0;
  const char *t = node_text(w, c, &n);
  if (n > COUNTER_MAX_CHARS)
    return 0;
  for (size_t i = 0; i < n; i++) {
    if (t[i] >= '0' && t[i] <= '9')
      digits++;
    else if (!t[i] || !strchr(" \t\n()+-.,:", t[i]))
      return 0;
  }
  return digits > 0 && element_hint(w->lx, w->hints, e) <= COUNTER_HINT_MAX;
}

static void set_cell(cl_block *b, const frame *f) {
  b->colspan = f->colspan ? f->colspan : 1;
  b->rowspan = f->rowspan ? f->rowspan : 1;
  b->col = f->col;
  b->row = f->row;
  b->table = f->table;
  if (f->node && f->node->v.element.tag == GUMBO_TAG_TH)
    b->flags |= CL_F_HEADER;
}

/* End the current block: if it holds any text, add it to the list. */
static void flush(walker *w) {
  cl_blocks *bl = w->bl;
  size_t len = bl->text.len - w->start;
  const frame *f = &w->st[w->depth - 1];
  if (len > 0) {
    cl_block *b = cl_blocks_add(bl, w->start, len);
    if (!b) {
      fail(w, CLEANER_ENOMEM);
      return;
    }
    b->kind = f->kind;
    b->level = f->kind == CL_ITEM ? f->list_depth : f->level;
    if (f->comment)
      b->flags |= CL_F_COMMENT;
    if (f->kind == CL_PARA && f->in_item) {
      /* <li><p>: a paragraph for the classifier, an item for the
       * renderers. */
      b->flags |= CL_F_IN_ITEM | (w->item_start ? CL_F_ITEM_START : 0);
      b->level = f->list_depth;
    } else if (f->kind == CL_CODE && f->in_item) {
      b->flags |= CL_F_IN_ITEM; /* <li><pre>: the item's code */
    }
    if ((f->kind == CL_ITEM || f->in_item) && f->ordered)
      b->flags |= CL_F_ORDERED;
    if (f->kind == CL_CELL)
      set_cell(b, f);
    b->container = f->container;
    b->hint_near = f->near;
    cl_features(w->ft, b, bl->text.ptr + b->off, b->len);
    if (b->chars == 0) { /* only white space such as NBSP */
      bl->n--;
      bl->text.len = w->start;
      for (size_t m = bl->nm; m > 0 && bl->marks[m - 1].at > w->start; m--)
        bl->marks[m - 1].at = w->start;
      bl->text.ptr[w->start] = '\0';
      w->link_chars = 0;
      w->space = 0;
      return;
    }
    b->link_chars = w->link_chars > b->chars ? b->chars : w->link_chars;
    if (b->chars && b->link_chars == b->chars)
      b->flags |= CL_F_IN_LINK;
    if (b->kind == CL_CELL && w->row_start)
      b->flags |= CL_F_ROW_START;
    if ((b->kind == CL_ITEM || (b->flags & CL_F_ITEM_START)) && w->first_item)
      b->flags |= CL_F_FIRST_ITEM;
    w->row_start = w->first_item = w->item_start = 0;
    cl_buf_putc(&bl->text, '\n');
  }
  w->start = bl->text.len;
  w->link_chars = 0;
  w->space = 0;
}

/* Bytes that may start what space_len() counts: most bytes of a text do
 * not, and the scan passes them with a look-up. */
static const unsigned char space_lead[256] = {
    [' '] = 1,  ['\t'] = 1, ['\n'] = 1, [0x0B] = 1, ['\f'] = 1, ['\r'] = 1,
    [0xC2] = 1, [0xE1] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1};

/* Byte length of the white space character at s[i] (as cl_is_space sees
 * white space, NBSP included), or 0. Works on bytes: most text is copied
 * in runs without decoding it. */
static size_t space_len(const unsigned char *s, size_t n, size_t i) {
  unsigned c = s[i];
  if (c < 0x80)
    return c == ' ' || (c >= '\t' && c <= '\r');
  if (i + 1 >= n)
    return 0;
  unsigned d = s[i + 1];
  if (c == 0xC2)
    return d == 0xA0 ? 2 : 0;
  if (i + 2 >= n)
    return 0;
  unsigned e = s[i + 2];
  if (c == 0xE2 && d == 0x80)
    return e <= 0x8B || e == 0xA8 || e == 0xA9 || e == 0xAF ? 3 : 0;
  if (c == 0xE2 && d == 0x81)
    return e == 0x9F ? 3 : 0;
  if (c == 0xE3)
    return d == 0x80 && e == 0x80 ? 3 : 0;
  if (c == 0xE1)
    return d == 0x9A && e == 0x80 ? 3 : 0;
  if (c == 0xEF)
    return d == 0xBB && e == 0xBF ? 3 : 0;
  return 0;
}

static uint32_t count_code_points(const char *s, size_t n) {
  uint32_t k = 0;
  for (size_t i = 0; i < n; i++)
    k += ((unsigned char)s[i] & 0xC0) != 0x80;
  return k;
}

static void add_text(walker *w, const char *s, size_t n) {
  const frame *f = &w->st[w->depth - 1];
  cl_buf *t = &w->bl->text;
  const unsigned char *u = (const unsigned char *)s;
  if (f->pre) {
    cl_buf_append(t, s, n);
    return;
  }
  for (size_t i = 0; i < n;) {
    size_t sp = space_len(u, n, i);
    if (sp) {
      w->space = t->len > w->start;
      i += sp;
      continue;
    }
    size_t j = i + 1;
    for (;; j++) {
      while (j < n && !space_lead[u[j]])
        j++;
      if (j >= n || space_len(u, n, j))
        break;
    }
    if (w->space)
      cl_buf_putc(t, ' ');
    w->space = 0;
    cl_buf_append(t, s + i, j - i);
    if (f->in_link)
      w->link_chars += count_code_points(s + i, j - i);
    i = j;
  }
}

static uint8_t kind_of(GumboTag tag, uint8_t outer) {
  switch (tag) {
  case GUMBO_TAG_H1:
  case GUMBO_TAG_H2:
  case GUMBO_TAG_H3:
  case GUMBO_TAG_H4:
  case GUMBO_TAG_H5:
  case GUMBO_TAG_H6:
    return CL_HEADING;
  case GUMBO_TAG_LI:
    return CL_ITEM;
  case GUMBO_TAG_BLOCKQUOTE:
    return CL_QUOTE;
  case GUMBO_TAG_TD:
  case GUMBO_TAG_TH:
    return CL_CELL;
  case GUMBO_TAG_PRE:
    return CL_CODE;
  case GUMBO_TAG_FIGCAPTION:
  case GUMBO_TAG_CAPTION:
    return CL_CAPTION;
  default:
    /* A paragraph inside a quote or code stays a quote or code. */
    return outer == CL_QUOTE || outer == CL_CODE ? outer : CL_PARA;
  }
}

/* A span attribute read as HTML reads non-negative integers (leading
 * digits, the rest ignored), clamped to `max` while reading so that
 * "9007199254740993" costs nothing. `dflt` when absent or not a number. */
static unsigned span_attr(const GumboElement *e, const char *name,
                          unsigned dflt, unsigned max) {
  const GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);
  if (!a)
    return dflt;
  const char *p = a->value;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\f' || *p == '\r')
    p++;
  if (*p == '+')
    p++;
  if (*p < '0' || *p > '9')
    return dflt;
  unsigned v = 0;
  for (; *p >= '0' && *p <= '9'; p++)
    v = v >= max ? max : v * 10 + (unsigned)(*p - '0');
  return v > max ? max : v;
}

/* Class, id or itemprop names a comment section: "comments",
 * "comment-body", "commentlist", and the comment services. */
static int is_comment_section(const GumboElement *e) {
  static const char *const attrs[] = {"class", "id", "itemprop"};
  for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++) {
    const GumboAttribute *a = gumbo_get_attribute(&e->attributes, attrs[k]);
    if (a && cl_hint_mentions_comments(a->value, strlen(a->value)))
      return 1;
  }
  return 0;
}

/* A table cell takes its column slot from its row and moves the row on. */
static void enter_cell(frame *f, frame *row, const GumboElement *e) {
  unsigned cs = span_attr(e, "colspan", 1, CL_TABLE_COLS_MAX);
  unsigned rs = span_attr(e, "rowspan", 1, CL_ROWSPAN_MAX);
  f->colspan = (uint8_t)(cs ? cs : 1);
  f->rowspan = (uint16_t)(rs ? rs : CL_ROWSPAN_MAX); /* 0: to the end */
  f->col = row->col;
  unsigned next = (unsigned)row->col + f->colspan;
  row->col = (uint16_t)(next > CL_TABLE_COLS_MAX ? CL_TABLE_COLS_MAX : next);
}

/* The language a <pre> or <code> names in its class ("language-c",
 * "lang-python"), as a CL_M_LANG mark. */
#define LANG_NAME_MAX 32 /* longer names are no language names */
static void note_language(walker *w, const GumboElement *e) {
  const GumboAttribute *a = gumbo_get_attribute(&e->attributes, "class");
  if (!a)
    return;
  for (const char *p = a->value; *p;) {
    while (*p == ' ' || *p == '\t' || *p == '\n')
      p++;
    size_t n = 0;
    while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\n')
      n++;
    size_t pre = n > 9 && !strncmp(p, "language-", 9) ? 9
                 : n > 5 && !strncmp(p, "lang-", 5)   ? 5
                                                      : 0;
    if (pre && n - pre <= LANG_NAME_MAX) {
      if (cl_blocks_mark(w->bl, CL_M_LANG, p + pre, n - pre, NULL, 0))
        fail(w, CLEANER_ENOMEM);
      return;
    }
    p += n;
  }
}

/* A URL that runs code when followed: not passed on as a link. */
static int is_script_url(const char *u) {
  static const char *const schemes[] = {"javascript:", "vbscript:"};
  while (*u && (unsigned char)*u <= ' ')
    u++;
  for (size_t k = 0; k < sizeof schemes / sizeof schemes[0]; k++) {
    size_t i = 0;
    while (schemes[k][i] && (u[i] | 0x20) == schemes[k][i])
      i++;
    if (!schemes[k][i])
      return 1;
  }
  return 0;
}

/* An <a> with an href is a link, unless the href runs a script and the
 * element wraps paragraphs or other blocks: a click handler laid over
 * content, not navigation. (Share and print buttons are script links
 * too, around a word or an icon, and stay links.) */
static int makes_link(const GumboElement *e) {
  const GumboAttribute *h = gumbo_get_attribute(&e->attributes, "href");
  if (!h)
    return 0;
  if (!is_script_url(h->value))
    return 1;
  for (unsigned i = 0; i < e->children.length; i++) {
    const GumboNode *c = e->children.data[i];
    if (c->type == GUMBO_NODE_ELEMENT && tag_role[c->v.element.tag] == T_BLOCK)
      return 0;
  }
  return 1;
}

/* Links and images as marks, when the output wants them. */
static void note_inline(walker *w, frame *f, const GumboElement *e) {
  cl_blocks *bl = w->bl;
  if (e->tag == GUMBO_TAG_A && (bl->want & CL_WANT_LINKS)) {
    const GumboAttribute *h = gumbo_get_attribute(&e->attributes, "href");
    if (h && *h->value && !is_script_url(h->value)) {
      if (cl_blocks_mark(bl, CL_M_LINK, h->value, strlen(h->value), NULL, 0))
        fail(w, CLEANER_ENOMEM);
      f->link_open = 1;
    }
  }
  if (e->tag == GUMBO_TAG_IMG && (bl->want & CL_WANT_IMAGES)) {
    const GumboAttribute *src = gumbo_get_attribute(&e->attributes, "src");
    const GumboAttribute *alt = gumbo_get_attribute(&e->attributes, "alt");
    const char *a = alt ? alt->value : "";
    if (src && *src->value &&
        cl_blocks_mark(bl, CL_M_IMAGE, src->value, strlen(src->value), a,
                       strlen(a)))
      fail(w, CLEANER_ENOMEM);
  }
  if (e->tag == GUMBO_TAG_CODE && f->pre)
    note_language(w, e);
}

static void push_element(walker *w, GumboNode *node) {
  const GumboElement *e = &node->v.element;
  frame *top = &w->st[w->depth - 1];
  if (w->depth == w->cap) {
    frame *st = cl_grow(w->bl->mem, w->st, &w->cap, w->depth + 1, sizeof *st);
    if (!st) {
      fail(w, CLEANER_ENOMEM);
      return;
    }
    w->st = st;
    top = &w->st[w->depth - 1];
  }
  frame *f = &w->st[w->depth++];
  *f = *top;
  f->node = node;
  /* <body> and <html> classes describe the page type ("single-post
   * has-sidebar"), not a region. */
  int h = e->tag == GUMBO_TAG_BODY || e->tag == GUMBO_TAG_HTML
              ? 0
              : element_hint(w->lx, w->hints, e);
  if (h) {
    /* The nearest hint wins, but a weak positive one ("text") does not
     * lift a stronger negative one above it ("comments"). */
    if (h < 0 || f->near >= 0 || h >= -f->near)
      f->near = (int16_t)h;
  }
  if (e->tag == GUMBO_TAG_A && makes_link(e))
    f->in_link = 1;
  f->link_open = 0;
  if (tag_role[e->tag] != T_BLOCK) {
    note_inline(w, f, e);
    return;
  }
  flush(w);
  f->kind = kind_of(e->tag, top->kind);
  if (f->kind == CL_HEADING)
    f->level = (uint8_t)(e->tag - GUMBO_TAG_H1 + 1);
  if (e->tag == GUMBO_TAG_PRE) {
    f->pre = 1;
    note_language(w, e);
  }
  if (e->tag == GUMBO_TAG_UL || e->tag == GUMBO_TAG_OL) {
    if (f->list_depth < CL_LIST_DEPTH_MAX)
      f->list_depth++;
    f->ordered = e->tag == GUMBO_TAG_OL;
    w->first_item = 1;
  }
  if (e->tag == GUMBO_TAG_LI)
    f->in_item = 1, w->item_start = 1;
  if (w->bl->comments && !f->comment && is_comment_section(e))
    f->comment = 1;
  if (e->tag == GUMBO_TAG_TABLE) {
    f->table = ++w->tables;
    f->in_item = 0;
  }
  if (e->tag == GUMBO_TAG_TR) {
    w->row_start = 1;
    f->row = ++w->rows;
    f->col = 0;
  }
  if (e->tag == GUMBO_TAG_TD || e->tag == GUMBO_TAG_TH)
    enter_cell(f, top, e);
  int32_t c =
      cl_blocks_container(w->bl, top->container, h, e->tag, (unsigned)w->depth);
  if (c < 0)
    fail(w, CLEANER_ENOMEM);
  else {
    w->bl->c[c].para = f->kind != CL_PARA || e->tag == GUMBO_TAG_P;
    w->bl->c[c].near = f->near;
    const GumboAttribute *cls = gumbo_get_attribute(&e->attributes, "class");
    w->bl->c[c].cls_hash = cls ? first_class_hash(cls->value) : 0;
  }
  f->container = c;
}

static void grab_title(walker *w, const GumboNode *node) {
  const GumboVector *ch = &node->v.element.children;
  if (w->bl->title.len || ch->length == 0)
    return;
  const GumboNode *t = ch->data[0];
  if (t->type == GUMBO_NODE_TEXT) {
    size_t n;
    const char *s = node_text(w, t, &n);
    cl_fold(s, n, &w->bl->title);
    cl_collapse(s, n, &w->bl->title_text);
  }
}

/* og:title when there is no <title>. */
static void grab_meta(walker *w, const GumboNode *node) {
  const GumboVector *attrs = &node->v.element.attributes;
  const GumboAttribute *p = gumbo_get_attribute(attrs, "property");
  const GumboAttribute *c = gumbo_get_attribute(attrs, "content");
  if (p && c && !strcmp(p->value, "og:title") && !w->bl->title.len) {
    cl_fold(c->value, strlen(c->value), &w->bl->title);
    cl_collapse(c->value, strlen(c->value), &w->bl->title_text);
  }
}

/* Enter a node; returns 1 when its children are to be visited. */
static int enter(walker *w, GumboNode *node) {
  switch (node->type) {
  case GUMBO_NODE_TEXT:
  case GUMBO_NODE_WHITESPACE:
  case GUMBO_NODE_CDATA: {
    size_t n;
    const char *s = node_text(w, node, &n);
    add_text(w, s, n);
    return 0;
  }
  case GUMBO_NODE_ELEMENT:
  case GUMBO_NODE_TEMPLATE:
    break;
  default:
    return 0;
  }
  GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_TITLE)
    grab_title(w, node);
  if (tag == GUMBO_TAG_HEAD) {
    /* <title> and <meta> live in <head>; visit it for them only. */
    const GumboVector *ch = &node->v.element.children;
    for (unsigned i = 0; i < ch->length; i++) {
      GumboNode *c = ch->data[i];
      if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_TITLE)
        grab_title(w, c);
      else if (c->type == GUMBO_NODE_ELEMENT &&
               c->v.element.tag == GUMBO_TAG_META)
        grab_meta(w, c);
    }
    return 0;
  }
  if (tag_role[tag] == T_SKIP || is_hidden(&node->v.element) ||
      (tag_role[tag] == T_INLINE && is_counter(w, &node->v.element)))
    return 0;
  if (tag_role[tag] == T_BREAK) {
    /* In code a <br> is a line break, not the end of the block: split,
     * the short lines of a program would each be judged alone. */
    if (tag == GUMBO_TAG_BR && w->st[w->depth - 1].kind == CL_CODE) {
      if (cl_buf_putc(&w->bl->text, '\n') != CLEANER_OK)
        fail(w, CLEANER_ENOMEM);
    } else {
      flush(w);
    }
    return 0;
  }
  push_element(w, node);
  return node->v.element.children.length > 0;
}

static void leave(walker *w, GumboNode *node) {
  if (w->depth <= 1 || w->st[w->depth - 1].node != node)
    return;
  if (tag_role[node->v.element.tag] == T_BLOCK)
    flush(w);
  if (w->st[w->depth - 1].link_open &&
      cl_blocks_mark(w->bl, CL_M_LINK_END, NULL, 0, NULL, 0))
    fail(w, CLEANER_ENOMEM);
  w->depth--;
}

static GumboNode *next_node(walker *w, GumboNode *n, GumboNode *root) {
  for (;;) {
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
      leave(w, n);
    if (n == root)
      return NULL;
    GumboNode *p = n->parent;
    const GumboVector *ch = p->type == GUMBO_NODE_DOCUMENT
                                ? &p->v.document.children
                                : &p->v.element.children;
    size_t next = n->index_within_parent + 1;
    if (next < ch->length)
      return ch->data[next];
    n = p;
  }
}

static void walk(walker *w, GumboNode *root) {
  GumboNode *n = root;
  int descend = enter(w, n);
  while (n && w->status == CLEANER_OK) {
    if (cl_deadline_spend(w->bl->deadline, 1)) {
      w->status = CLEANER_ETIME;
      break;
    }
    if (descend) {
      n = n->v.element.children.data[0];
    } else {
      n = next_node(w, n, root);
      if (!n)
        break;
    }
    descend = enter(w, n);
  }
  flush(w);
}

#ifndef CL_WALK
#define CL_WALK walk
#endif
/* Gumbo does not check what its allocator returns. When memory runs out
 * the allocator jumps back to cl_html_blocks, which drops the whole arena:
 * every byte Gumbo held lives there, so nothing leaks. */
typedef struct gumbo_ctx {
  cl_arena *arena;
  jmp_buf oom;
} gumbo_ctx;

static void *gumbo_alloc(void *ud, size_t size) {
  gumbo_ctx *g = ud;
  void *p = cl_arena_alloc(g->arena, size);
  if (!p)
    longjmp(g->oom, 1);
  return p;
}

static void gumbo_dealloc(void *ud, void *p) {
  cl_arena_release(((gumbo_ctx *)ud)->arena, p);
}

/* Gumbo 0.10.1 as Debian packages it keeps its assertions, and a few
 * trees fail one (README, "Limits"): assert() then calls abort(), which
 * would take the whole process, and every other page with it, down.
 * While a parse runs, SIGABRT in that thread jumps back to
 * cl_html_blocks(), and the page fails with CLEANER_EPARSE; Gumbo's tree
 * lives in the handle's arena, which is reset, and Gumbo keeps no other
 * state. The handler is installed once, and only when SIGABRT has its
 * default action: a host's own handler (a crash reporter, a fuzzer) is
 * left alone, and then nothing is caught. Outside a parse the handler
 * restores the default action and raises the signal again, so abort()
 * elsewhere still ends the process. */
static _Thread_local sigjmp_buf *volatile parse_guard;
static atomic_flag guard_installed = ATOMIC_FLAG_INIT;

static void on_abort(int sig) {
  sigjmp_buf *g = parse_guard;
  if (g) {
    parse_guard = NULL;
    siglongjmp(*g, 1);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

static void install_guard(void) {
  struct sigaction old, sa;
  if (atomic_flag_test_and_set(&guard_installed) ||
      sigaction(SIGABRT, NULL, &old) != 0 || (old.sa_flags & SA_SIGINFO) ||
      old.sa_handler != SIG_DFL)
    return;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_abort;
  sa.sa_flags = SA_NODEFER; /* SIGABRT stays unblocked after the jump */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGABRT, &sa, NULL);
}

/* gumbo_parse_with_options(), or NULL when Gumbo aborted (see above). */
static GumboOutput *guarded_parse(const GumboOptions *opt, const char *html,
                                  size_t len) {
  sigjmp_buf guard;
  install_guard();
  if (sigsetjmp(guard, 0)) {
    parse_guard = NULL;
    return NULL;
  }
  parse_guard = &guard;
  GumboOutput *out = gumbo_parse_with_options(opt, html, len);
  parse_guard = NULL;
  return out;
}

cleaner_status cl_html_blocks(const cl_lexicon *lx, cl_featurer *ft,
                              cl_arena *arena, const char *html, size_t len,
                              const cl_pp_runs *runs, cl_hint_cache *hints,
                              cl_blocks *bl) {
  GumboOptions opt = kGumboDefaultOptions;
  gumbo_ctx g = {.arena = arena};
  opt.allocator = gumbo_alloc;
  opt.deallocator = gumbo_dealloc;
  opt.userdata = &g;
  opt.max_errors = 0; /* error records cost time and are never read */
  GumboOutput *volatile out = NULL;
  if (setjmp(g.oom)) {
    parse_guard = NULL; /* the jump left guarded_parse() */
    cl_arena_reset(arena);
    return CLEANER_ENOMEM;
  }
  out = guarded_parse(&opt, html, len);
  if (!out) {
    cl_arena_reset(arena);
    return CLEANER_EPARSE;
  }
  walker w = {.bl = bl, .lx = lx, .ft = ft, .runs = runs, .hints = hints};
  cl_hint_cache *own = NULL;
  if (!hints)
    w.hints = own = cl_calloc(bl->mem, 1, sizeof *own);
  cl_buf_init(&w.expanded, bl->mem);
  w.cap = 64;
  w.st = w.hints ? cl_malloc(bl->mem, w.cap * sizeof *w.st) : NULL;
  if (!w.st) {
    cl_free(bl->mem, own);
    cl_arena_reset(arena); /* frees the whole tree */
    return CLEANER_ENOMEM;
  }
  memset(&w.st[0], 0, sizeof w.st[0]);
  w.st[0].container = cl_blocks_container(bl, -1, 0, 0, 0);
  w.st[0].node = NULL;
  w.depth = 1;
  w.start = bl->text.len;
  if (w.st[0].container < 0)
    w.status = CLEANER_ENOMEM;
  else
    CL_WALK(&w, out->root);
  cl_free(bl->mem, w.st);
  cl_free(bl->mem, own);
  cl_buf_free(&w.expanded);
  cl_arena_reset(arena); /* frees the whole tree */
  if (w.status == CLEANER_OK && (bl->text.oom || bl->title.oom))
    w.status = CLEANER_ENOMEM;
  return w.status;
}
