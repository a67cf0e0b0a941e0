#include "render.h"

#include <stdio.h>
#include <string.h>

/* Trim white space (and, for non-code, nothing else) from a block's text. */
static cl_span trimmed(const cl_blocks *bl, const cl_block *b) {
  const char *p = cl_block_text(bl, b);
  size_t n = b->len;
  if (b->kind == CL_CODE) {
    /* Keep indentation; drop blank lines around the code. */
    while (n && (p[n - 1] == '\n' || p[n - 1] == ' ' || p[n - 1] == '\t'))
      n--;
    while (n && p[0] == '\n') {
      p++;
      n--;
    }
  } else {
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\n'))
      n--;
    while (n && (p[0] == ' ' || p[0] == '\n')) {
      p++;
      n--;
    }
  }
  return (cl_span){p, n};
}

/* Output comes in two passes: the article, then (options.comments) the
 * kept comments as a section of their own. */
enum { PASS_ARTICLE = 0, PASS_COMMENTS = 1 };
#define COMMENTS_HEADING "Comments"

static int in_pass(const cl_blocks *bl, const cl_block *b, int pass) {
  if (!b->keep)
    return 0;
  if (!bl->comments)
    return pass == PASS_ARTICLE;
  return ((b->flags & CL_F_COMMENT) ? PASS_COMMENTS : PASS_ARTICLE) == pass;
}

/* The next block from *i on that the pass shows and that has text; NULL at
 * the end. */
static const cl_block *next_kept(const cl_blocks *bl, size_t *i, cl_span *t,
                                 int pass) {
  for (; *i < bl->n; ++*i) {
    const cl_block *b = &bl->v[*i];
    if (in_pass(bl, b, pass) && (*t = trimmed(bl, b)).len)
      return b;
  }
  return NULL;
}

static int has_comments(const cl_blocks *bl) {
  size_t i = 0;
  cl_span t;
  return bl->comments && next_kept(bl, &i, &t, PASS_COMMENTS) != NULL;
}

static void txt_pass(const cl_blocks *bl, cl_buf *out, int pass, int *any) {
  int in_row = 0, prev_kind = -1;
  const cl_block *b;
  cl_span t;
  for (size_t i = 0; (b = next_kept(bl, &i, &t, pass)) != NULL; i++) {
    int joins = b->kind == CL_CELL && in_row && !(b->flags & CL_F_ROW_START);
    if (joins) {
      cl_buf_append(out, " | ", 3);
    } else if (*any) {
      /* Items of a list and rows of a table stay together. */
      int tight =
          (b->kind == CL_ITEM || b->kind == CL_CELL) && b->kind == prev_kind;
      cl_buf_append(out, "\n\n", tight ? 1 : 2);
    }
    if (b->kind == CL_ITEM && !joins)
      cl_buf_append(out, "- ", 2);
    cl_buf_append(out, t.ptr, t.len);
    in_row = b->kind == CL_CELL;
    prev_kind = b->kind;
    *any = 1;
  }
}

cleaner_status cl_render_txt(const cl_blocks *bl, cl_buf *out) {
  int any = 0;
  txt_pass(bl, out, PASS_ARTICLE, &any);
  if (has_comments(bl)) {
    cl_buf_puts(out, any ? "\n\n" COMMENTS_HEADING : COMMENTS_HEADING);
    any = 1;
    txt_pass(bl, out, PASS_COMMENTS, &any);
  }
  if (any)
    cl_buf_putc(out, '\n');
  return out->oom ? CLEANER_ENOMEM : CLEANER_OK;
}

/* ---- Shared by the Markdown and HTML renderers -------------------------- */

/* Characters escaped with a backslash wherever they stand in Markdown
 * text: emphasis, code spans, links, raw HTML, table pipes and GFM
 * strikethrough. Others are escaped only where they start a construct. */
#define MD_SPECIAL "\\`*_[]<|~"
/* Characters that open a block construct at the start of a line. */
#define MD_LINE_START "#>-+="
/* A fence is at least three backticks (CommonMark 4.5). */
#define MD_FENCE_MIN 3
/* CommonMark list numbers have at most nine digits (5.2). */
#define MD_ORDINAL_MAX 999999999u

typedef struct rs {
  const cl_blocks *bl;
  cl_buf *out;
  size_t mi;      /* next mark not yet passed */
  int html;       /* HTML, else Markdown */
  int heading;    /* escape '#' (Markdown heading text) */
  int pass;       /* PASS_ARTICLE or PASS_COMMENTS */
  int line_start; /* nothing of the block's line written yet */
  cleaner_status st;
} rs;

/* Nesting of list items relative to the first of a run of items. */
typedef struct lists {
  int base, prev; /* level of the run's first item; last item's depth */
  unsigned width[CL_LIST_DEPTH_MAX + 1]; /* Markdown marker widths */
  unsigned count[CL_LIST_DEPTH_MAX + 1]; /* ordinals */
  uint8_t ordered[CL_LIST_DEPTH_MAX + 1];
  int open; /* HTML: lists open, and which are <ol> */
  uint8_t open_ol[CL_LIST_DEPTH_MAX + 1];
} lists;

static void puts_(rs *r, const char *s) { cl_buf_puts(r->out, s); }

static void html_escape(cl_buf *o, const char *s, size_t n) {
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    const char *rep = s[i] == '&'   ? "&amp;"
                      : s[i] == '<' ? "&lt;"
                      : s[i] == '>' ? "&gt;"
                      : s[i] == '"' ? "&quot;"
                                    : NULL;
    if (!rep)
      continue;
    cl_buf_append(o, s + run, i - run);
    cl_buf_puts(o, rep);
    run = i + 1;
  }
  cl_buf_append(o, s + run, n - run);
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A line-start construct: "# ", "> ", "- ", "1. ", "2) "... Writes the
 * escaped start and returns the bytes it took. */
static size_t md_line_start(cl_buf *o, const char *s, size_t n) {
  size_t d = 0;
  while (d < n && is_digit(s[d]))
    d++;
  if (d && d < n && (s[d] == '.' || s[d] == ')')) {
    cl_buf_append(o, s, d);
    cl_buf_putc(o, '\\');
    cl_buf_putc(o, s[d]);
    return d + 1;
  }
  if (n && strchr(MD_LINE_START, s[0])) {
    cl_buf_putc(o, '\\');
    cl_buf_putc(o, s[0]);
    return 1;
  }
  return 0;
}

/* Markdown text that a CommonMark renderer gives back as it is. */
static void md_escape(rs *r, const char *s, size_t n) {
  cl_buf *o = r->out;
  size_t i = 0;
  if (r->line_start && n)
    i = md_line_start(o, s, n);
  size_t run = i;
  for (; i < n; i++) {
    char c = s[i];
    int esc = c && strchr(MD_SPECIAL, c) != NULL;
    if (c == '&')
      esc = i + 1 < n && (is_alnum(s[i + 1]) || s[i + 1] == '#');
    if (c == '#')
      esc = r->heading;
    int space = c == '\n' || c == '\r' || c == '\t';
    if (!esc && !space)
      continue;
    cl_buf_append(o, s + run, i - run);
    if (space)
      cl_buf_putc(o, ' ');
    else {
      cl_buf_putc(o, '\\');
      cl_buf_putc(o, c);
    }
    run = i + 1;
  }
  cl_buf_append(o, s + run, n - run);
}

static void text_piece(rs *r, size_t from, size_t to) {
  if (to <= from)
    return;
  const char *s = r->bl->text.ptr + from;
  if (r->html)
    html_escape(r->out, s, to - from);
  else
    md_escape(r, s, to - from);
  r->line_start = 0;
}

/* A link destination: spaces, angle brackets and controls percent-encoded,
 * parentheses and backslashes escaped. */
static void md_url(cl_buf *o, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= ' ' || c == '<' || c == '>' || c == 0x7F) {
      char hex[4];
      snprintf(hex, sizeof hex, "%%%02X", c);
      cl_buf_append(o, hex, 3);
    } else {
      if (c == '(' || c == ')' || c == '\\')
        cl_buf_putc(o, '\\');
      cl_buf_putc(o, (char)c);
    }
  }
}

static cl_span aux(const rs *r, size_t off, size_t len) {
  return (cl_span){r->bl->aux.ptr + off, len};
}

static void image(rs *r, const cl_mark *m) {
  cl_span src = aux(r, m->a_off, m->a_len), alt = aux(r, m->b_off, m->b_len);
  if (r->html) {
    puts_(r, "<img src=\"");
    html_escape(r->out, src.ptr, src.len);
    puts_(r, "\" alt=\"");
    html_escape(r->out, alt.ptr, alt.len);
    puts_(r, "\">");
  } else {
    /* The space before an image is pending in the walk when the image
     * comes, so it is not in the text. */
    char last = r->out->len ? r->out->ptr[r->out->len - 1] : ' ';
    if (!r->line_start && last != ' ' && last != '[')
      puts_(r, " ");
    puts_(r, "![");
    int ls = r->line_start;
    r->line_start = 0;
    md_escape(r, alt.ptr, alt.len);
    r->line_start = ls;
    puts_(r, "](");
    md_url(r->out, src.ptr, src.len);
    puts_(r, ")");
  }
  r->line_start = 0;
}

typedef struct open_link {
  const cl_mark *m;
  size_t start, text; /* output length before the opener, after it */
} open_link;

static void link_open(rs *r, open_link *l, const cl_mark *m) {
  l->m = m;
  l->start = r->out->len;
  if (r->html) {
    cl_span u = aux(r, m->a_off, m->a_len);
    puts_(r, "<a href=\"");
    html_escape(r->out, u.ptr, u.len);
    puts_(r, "\">");
  } else {
    puts_(r, "[");
  }
  l->text = r->out->len;
}

/* Close the link; one with nothing inside is taken out again. */
static void link_close(rs *r, open_link *l) {
  if (!l->m)
    return;
  if (r->out->len == l->text && !r->out->oom) {
    r->out->len = l->start;
    r->out->ptr[l->start] = '\0';
  } else if (r->html) {
    puts_(r, "</a>");
  } else {
    cl_span u = aux(r, l->m->a_off, l->m->a_len);
    puts_(r, "](");
    md_url(r->out, u.ptr, u.len);
    puts_(r, ")");
  }
  l->m = NULL;
}

/* The text of a block with its links and images. */
static void inline_text(rs *r, const cl_block *b, cl_span t) {
  const cl_blocks *bl = r->bl;
  size_t lo = (size_t)(t.ptr - bl->text.ptr), hi = lo + t.len, cur = lo;
  open_link l = {0};
  r->line_start = 1;
  while (r->mi < bl->nm && bl->marks[r->mi].at < b->off)
    r->mi++;
  for (; r->mi < bl->nm && bl->marks[r->mi].at <= b->off + b->len; r->mi++) {
    const cl_mark *m = &bl->marks[r->mi];
    size_t at = m->at < cur ? cur : m->at > hi ? hi : m->at;
    text_piece(r, cur, at);
    cur = at;
    if (m->type == CL_M_LINK && !l.m) {
      /* The space before the link's first word stays outside it. */
      size_t sp = cur;
      while (sp < hi && bl->text.ptr[sp] == ' ')
        sp++;
      text_piece(r, cur, sp);
      cur = sp;
      link_open(r, &l, m);
    } else if (m->type == CL_M_LINK_END) {
      link_close(r, &l);
    } else if (m->type == CL_M_IMAGE) {
      image(r, m);
    }
  }
  text_piece(r, cur, hi);
  link_close(r, &l);
}

/* The language a code block names, "" when none; passes its marks. */
static cl_span code_lang(rs *r, const cl_block *b) {
  const cl_blocks *bl = r->bl;
  cl_span lang = {"", 0};
  while (r->mi < bl->nm && bl->marks[r->mi].at < b->off)
    r->mi++;
  for (; r->mi < bl->nm && bl->marks[r->mi].at <= b->off + b->len; r->mi++)
    if (bl->marks[r->mi].type == CL_M_LANG && !lang.len)
      lang = aux(r, bl->marks[r->mi].a_off, bl->marks[r->mi].a_len);
  return lang;
}

/* Only these characters pass from a class name into an info string or a
 * class attribute: a name like "c++" or "objective-c" keeps its meaning
 * and nothing can close the fence or the attribute. */
static int lang_char(char c) {
  return is_alnum(c) || c == '-' || c == '_' || c == '+' || c == '#' ||
         c == '.';
}

static void put_lang(rs *r, cl_span lang) {
  for (size_t i = 0; i < lang.len; i++)
    if (lang_char(lang.ptr[i]))
      cl_buf_putc(r->out, lang.ptr[i]);
}

/* Depth of an item in its run of items (0 = outermost), and its ordinal. A
 * run starts at an item that follows no item; an item never nests more
 * than one level below the item before it, so no list hangs from nothing.
 */
static int item_depth(lists *L, const cl_block *b, int after_item) {
  int level = b->level;
  if (!after_item || level < L->base) {
    L->base = level;
    L->prev = -1;
  }
  int d = level - L->base;
  if (d > L->prev + 1)
    d = L->prev + 1;
  uint8_t ordered = (b->flags & CL_F_ORDERED) != 0;
  if (d > L->prev || (b->flags & CL_F_FIRST_ITEM) || L->ordered[d] != ordered)
    L->count[d] = 0;
  if (L->count[d] < MD_ORDINAL_MAX)
    L->count[d]++;
  L->ordered[d] = ordered;
  L->prev = d;
  return d;
}

/* ---- Tables ------------------------------------------------------------ */

typedef struct table {
  size_t *idx;  /* kept cells of the table, in order */
  uint8_t *pos; /* their columns */
  size_t n, cap, pcap;
  size_t ncols;
} table;

static unsigned free_col(const uint8_t *occ, unsigned c) {
  while (c < CL_TABLE_COLS_MAX && occ[c])
    c++;
  return c;
}

/* Place one row's cells: each raw slot takes the next column that no
 * rowspan from above holds; a cell's spans then hold columns in turn. */
static void place_row(const cl_blocks *bl, table *tb, size_t a, size_t e,
                      uint32_t *left) {
  uint8_t occ[CL_TABLE_COLS_MAX];
  for (unsigned c = 0; c < CL_TABLE_COLS_MAX; c++) {
    occ[c] = left[c] > 0;
    if (occ[c])
      left[c]--;
  }
  unsigned act = 0, raw = 0;
  for (size_t k = a; k < e; k++) {
    const cl_block *b = &bl->v[tb->idx[k]];
    for (; raw < b->col && act < CL_TABLE_COLS_MAX; raw++)
      act = free_col(occ, act) + 1;
    act = free_col(occ, act);
    if (act >= CL_TABLE_COLS_MAX)
      act = CL_TABLE_COLS_MAX - 1; /* the overflow shares the last column */
    tb->pos[k] = (uint8_t)act;
    unsigned span = b->colspan ? b->colspan : 1;
    if (span > CL_TABLE_COLS_MAX - act)
      span = CL_TABLE_COLS_MAX - act;
    for (unsigned c = act; c < act + span; c++)
      if (left[c] < (uint32_t)b->rowspan - 1u)
        left[c] = (uint32_t)b->rowspan - 1u;
    act += span;
    raw = (unsigned)b->col + span;
    /* A span widens the table only up to the cells that follow it: a row
     * that ends in colspan="9999" adds no empty columns. */
    if (tb->pos[k] + 1u > tb->ncols)
      tb->ncols = tb->pos[k] + 1u;
  }
}

/* End of the row that starts at cell a. */
static size_t row_end(const cl_blocks *bl, const table *tb, size_t a) {
  size_t e = a + 1;
  while (e < tb->n && bl->v[tb->idx[e]].row == bl->v[tb->idx[a]].row)
    e++;
  return e;
}

/* Gather the kept cells of the table that starts at block i; returns the
 * index after its last block. */
static size_t table_gather(rs *r, table *tb, size_t i) {
  const cl_blocks *bl = r->bl;
  uint32_t id = bl->v[i].table;
  size_t j = i;
  for (; j < bl->n; j++) {
    const cl_block *b = &bl->v[j];
    if (!in_pass(bl, b, r->pass))
      continue;
    if (b->kind != CL_CELL || b->table != id)
      break;
    size_t *v = cl_grow(bl->mem, tb->idx, &tb->cap, tb->n + 1, sizeof *v);
    uint8_t *p = cl_grow(bl->mem, tb->pos, &tb->pcap, tb->n + 1, 1);
    if (v)
      tb->idx = v;
    if (p)
      tb->pos = p;
    if (!v || !p) {
      r->st = CLEANER_ENOMEM;
      break;
    }
    tb->idx[tb->n++] = j;
  }
  uint32_t left[CL_TABLE_COLS_MAX] = {0};
  for (size_t a = 0; a < tb->n; a = row_end(bl, tb, a))
    place_row(bl, tb, a, row_end(bl, tb, a), left);
  return j;
}

static void md_row(rs *r, const table *tb, size_t a, size_t e) {
  const cl_blocks *bl = r->bl;
  puts_(r, "|");
  for (size_t c = 0, k = a; c < tb->ncols; c++) {
    puts_(r, " ");
    for (int first = 1; k < e && tb->pos[k] == c; k++, first = 0) {
      if (!first)
        puts_(r, " ");
      const cl_block *b = &bl->v[tb->idx[k]];
      inline_text(r, b, trimmed(bl, b));
    }
    puts_(r, " |");
  }
}

static void html_row(rs *r, const table *tb, size_t a, size_t e) {
  const cl_blocks *bl = r->bl;
  puts_(r, "<tr>");
  unsigned raw = 0;
  for (size_t k = a; k < e; k++) {
    const cl_block *b = &bl->v[tb->idx[k]];
    for (; raw < b->col; raw++)
      puts_(r, "<td></td>"); /* an empty cell of the page */
    const char *tag = b->flags & CL_F_HEADER ? "th" : "td";
    char open[64];
    int n = snprintf(open, sizeof open, "<%s", tag);
    if (b->colspan > 1)
      n += snprintf(open + n, sizeof open - (size_t)n, " colspan=\"%u\"",
                    (unsigned)b->colspan);
    if (b->rowspan > 1)
      snprintf(open + n, sizeof open - (size_t)n, " rowspan=\"%u\"",
               (unsigned)b->rowspan);
    puts_(r, open);
    puts_(r, ">");
    inline_text(r, b, trimmed(bl, b));
    puts_(r, "</");
    puts_(r, tag);
    puts_(r, ">");
    raw = (unsigned)b->col + (b->colspan ? b->colspan : 1);
  }
  puts_(r, "</tr>");
}

/* A table: Markdown's header row is the first row, as pipe tables need
 * one. Returns the index after the table. */
static size_t render_table(rs *r, size_t i) {
  table tb = {0};
  size_t j = table_gather(r, &tb, i);
  if (r->html)
    puts_(r, "<table>\n");
  for (size_t a = 0, row = 0; a < tb.n && tb.ncols; row++) {
    size_t e = row_end(r->bl, &tb, a);
    if (r->html)
      html_row(r, &tb, a, e);
    else
      md_row(r, &tb, a, e);
    puts_(r, "\n");
    for (size_t c = 0; !r->html && row == 0 && c < tb.ncols; c++)
      puts_(r, c + 1 < tb.ncols ? "| --- " : "| --- |\n");
    a = e;
  }
  if (r->html)
    puts_(r, "</table>\n");
  if (r->out->len && r->out->ptr[r->out->len - 1] == '\n')
    r->out->ptr[--r->out->len] = '\0';
  cl_free(r->bl->mem, tb.idx);
  cl_free(r->bl->mem, tb.pos);
  return j;
}

/* ---- Markdown ------------------------------------------------------------ */

static void spaces(rs *r, size_t n) {
  for (size_t i = 0; i < n; i++)
    puts_(r, " ");
}

/* The column where the text of an item at list depth `depth` starts: the
 * markers' widths of the levels above it. */
static size_t text_column(const lists *L, int depth) {
  size_t col = 0;
  for (int k = 0; k < depth; k++)
    col += L->width[k];
  return col;
}

/* A fenced code block, every line indented by `indent` (the text column of
 * the list item it belongs to; 0 outside lists). */
static void md_code_at(rs *r, const cl_block *b, cl_span t, size_t indent) {
  cl_span lang = code_lang(r, b);
  size_t run = 0, longest = 0;
  for (size_t i = 0; i < t.len; i++) {
    run = t.ptr[i] == '`' ? run + 1 : 0;
    if (run > longest)
      longest = run;
  }
  size_t fence = longest + 1 > MD_FENCE_MIN ? longest + 1 : MD_FENCE_MIN;
  spaces(r, indent);
  for (size_t i = 0; i < fence; i++)
    puts_(r, "`");
  put_lang(r, lang);
  puts_(r, "\n");
  for (size_t i = 0, start = 0; i <= t.len; i++) {
    if (i < t.len && t.ptr[i] != '\n')
      continue;
    spaces(r, indent);
    cl_buf_append(r->out, t.ptr + start, i - start);
    puts_(r, "\n");
    start = i + 1;
  }
  spaces(r, indent);
  for (size_t i = 0; i < fence; i++)
    puts_(r, "`");
}

static void md_code(rs *r, const cl_block *b, cl_span t) {
  md_code_at(r, b, t, 0);
}

static void md_item(rs *r, lists *L, const cl_block *b, cl_span t,
                    int after_item) {
  int d = item_depth(L, b, after_item);
  spaces(r, text_column(L, d));
  char marker[16];
  if (b->flags & CL_F_ORDERED)
    snprintf(marker, sizeof marker, "%u. ", L->count[d]);
  else
    snprintf(marker, sizeof marker, "- ");
  L->width[d] = (unsigned)strlen(marker);
  puts_(r, marker);
  inline_text(r, b, t);
}

/* Paragraphs, headings, quotes, captions. */
static void md_block(rs *r, const cl_block *b, cl_span t) {
  switch (b->kind) {
  case CL_QUOTE:
    puts_(r, "> ");
    break;
  case CL_HEADING:
    for (unsigned k = 0; k < (b->level ? b->level : 1u) && k < 6; k++)
      puts_(r, "#");
    puts_(r, " ");
    break;
  default:
    if (b->flags & CL_F_TITLE)
      puts_(r, "# ");
    break;
  }
  r->heading = b->kind == CL_HEADING || (b->flags & CL_F_TITLE);
  inline_text(r, b, t);
  r->heading = 0;
}

/* ---- HTML ---------------------------------------------------------------- */

static void html_close_lists(rs *r, lists *L, int keep) {
  for (; L->open > keep; L->open--)
    puts_(r, L->open_ol[L->open - 1] ? "</li></ol>\n" : "</li></ul>\n");
}

static void html_item(rs *r, lists *L, const cl_block *b, cl_span t,
                      int after_item) {
  if (!after_item)
    html_close_lists(r, L, 0);
  int d = item_depth(L, b, after_item);
  html_close_lists(r, L, d + 1);
  if (L->open == d + 1 && L->count[d] == 1) /* a new list at this depth */
    html_close_lists(r, L, d);
  if (L->open == d + 1)
    puts_(r, "</li>\n");
  for (; L->open < d + 1; L->open++) {
    L->open_ol[L->open] = L->ordered[L->open];
    puts_(r, L->open_ol[L->open] ? "<ol>\n" : "<ul>\n");
  }
  puts_(r, "<li>");
  inline_text(r, b, t);
}

static void html_code(rs *r, const cl_block *b, cl_span t) {
  cl_span lang = code_lang(r, b);
  puts_(r, "<pre><code");
  if (lang.len) {
    puts_(r, " class=\"language-");
    put_lang(r, lang);
    puts_(r, "\"");
  }
  puts_(r, ">");
  html_escape(r->out, t.ptr, t.len);
  puts_(r, "</code></pre>");
}

static void html_block(rs *r, const cl_block *b, cl_span t) {
  char tag[16] = "p";
  switch (b->kind) {
  case CL_QUOTE:
    puts_(r, "<blockquote>");
    break;
  case CL_HEADING:
    snprintf(tag, sizeof tag, "h%u",
             b->level >= 1 && b->level <= 6 ? (unsigned)b->level : 1u);
    break;
  default:
    if (b->flags & CL_F_TITLE)
      snprintf(tag, sizeof tag, "h1");
    break;
  }
  puts_(r, "<");
  puts_(r, tag);
  puts_(r, ">");
  inline_text(r, b, t);
  puts_(r, "</");
  puts_(r, tag);
  puts_(r, ">");
  if (b->kind == CL_QUOTE)
    puts_(r, "</blockquote>");
}

/* A paragraph of a list item after its first block: Markdown indents it
 * to the item's text, HTML puts it in the open <li>. */
static void md_more(rs *r, lists *L, const cl_block *b, cl_span t) {
  size_t indent = text_column(L, L->prev + 1);
  if (b->kind == CL_CODE) {
    md_code_at(r, b, t, indent);
    return;
  }
  spaces(r, indent);
  inline_text(r, b, t);
}

static void html_more(rs *r, lists *L, const cl_block *b, cl_span t) {
  (void)L;
  if (b->kind == CL_CODE) {
    html_code(r, b, t);
    return;
  }
  puts_(r, "<p>");
  inline_text(r, b, t);
  puts_(r, "</p>");
}

/* ---- The two walks ------------------------------------------------------- */

/* A block's part in a list: none, an item, or more of the item before. */
enum { ROLE_NONE = 0, ROLE_ITEM, ROLE_MORE };

static int list_role(const cl_block *b, int prev) {
  if (b->kind == CL_ITEM ||
      (b->kind == CL_PARA && (b->flags & CL_F_ITEM_START)))
    return ROLE_ITEM;
  if ((b->kind == CL_PARA || b->kind == CL_CODE) && (b->flags & CL_F_IN_ITEM) &&
      prev != ROLE_NONE)
    return ROLE_MORE;
  return ROLE_NONE;
}

/* One pass over the blocks; *any says whether anything is written. */
static void render_pass(rs *r, int *any) {
  const cl_blocks *bl = r->bl;
  lists L;
  memset(&L, 0, sizeof L);
  int prev = ROLE_NONE;
  const cl_block *b;
  cl_span t;
  r->mi = 0;
  for (size_t i = 0;
       r->st == CLEANER_OK && (b = next_kept(bl, &i, &t, r->pass)); i++) {
    int role = list_role(b, prev);
    /* Items stay together; anything else, and an item after a paragraph
     * of the item before ("2." cannot interrupt a paragraph), after a
     * blank line. */
    if (*any && !r->html)
      puts_(r, role == ROLE_ITEM && prev == ROLE_ITEM ? "\n" : "\n\n");
    if (r->html && role == ROLE_NONE)
      html_close_lists(r, &L, 0);
    if (role == ROLE_ITEM)
      (r->html ? html_item : md_item)(r, &L, b, t, prev != ROLE_NONE);
    else if (role == ROLE_MORE)
      (r->html ? html_more : md_more)(r, &L, b, t);
    else if (b->kind == CL_CELL)
      i = render_table(r, i) - 1;
    else if (b->kind == CL_CODE)
      (r->html ? html_code : md_code)(r, b, t);
    else
      (r->html ? html_block : md_block)(r, b, t);
    if (r->html && role == ROLE_NONE)
      puts_(r, "\n");
    prev = role;
    *any = 1;
  }
  if (r->html)
    html_close_lists(r, &L, 0);
}

static cleaner_status render_blocks(rs *r) {
  int any = 0;
  render_pass(r, &any);
  if (has_comments(r->bl)) {
    if (r->html)
      puts_(r, "<h2>" COMMENTS_HEADING "</h2>\n");
    else
      puts_(r, any ? "\n\n## " COMMENTS_HEADING : "## " COMMENTS_HEADING);
    any = 1;
    r->pass = PASS_COMMENTS;
    render_pass(r, &any);
  }
  if (any && !r->html)
    puts_(r, "\n");
  return r->out->oom ? CLEANER_ENOMEM : r->st;
}

cleaner_status cl_render_markdown(const cl_blocks *bl, cl_buf *out) {
  rs r = {.bl = bl, .out = out, .st = CLEANER_OK};
  return render_blocks(&r);
}

cleaner_status cl_render_html(const cl_blocks *bl, cl_buf *out) {
  rs r = {.bl = bl, .out = out, .html = 1, .st = CLEANER_OK};
  cl_buf_puts(out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                   "<title>");
  html_escape(out, bl->title_text.ptr, bl->title_text.len);
  cl_buf_puts(out, "</title>\n</head>\n<body>\n");
  cleaner_status st = render_blocks(&r);
  cl_buf_puts(out, "</body>\n</html>\n");
  return out->oom ? CLEANER_ENOMEM : st;
}
