/* Streaming pre-pass over UTF-8 HTML before Gumbo sees it. Internal. */
#ifndef CLEANER_PREPASS_H
#define CLEANER_PREPASS_H

#include "buf.h"
#include "deadline.h"
#include "hint.h"

/*
 * Copy `in` to `out` (appended) without what can never be content: the
 * elements script, style, noscript, template, svg, math, iframe, object
 * with everything inside them, comments, and attributes no decision uses
 * (all but class, id, role, aria-*, hidden, itemprop, href without its value,
 * lang,
 * content, name, property, colspan, rowspan, datetime, type, and the few the
 * tree builder reads); an inline style that hides the element becomes the
 * `hidden` attribute. White space outside pre, listing and textarea is
 * collapsed. Follows the HTML tokenizer's states so that
 * the text Gumbo builds from the output equals the text of the input.
 * Start tags nested deeper than `max_depth` are dropped (their text stays).
 * Kept away from Gumbo 0.10.1's costly and fatal paths (prepass.c says
 * why): formatting elements but <a> keep only `hidden` and font's
 * color/face/size without values, at most 32 aria-* attributes are kept
 * per element, and where a dropped svg or math is written out after all,
 * its CDATA sections become escaped text and its elements named select are
 * written as x-select.
 */
cleaner_status cl_prepass(const char *in, size_t len, unsigned max_depth,
                          cl_buf *out);

enum { CL_PP_HREF = 1u << 0, CL_PP_IMAGES = 1u << 1 };

/* What the metadata stage (meta.c) reads, captured in the same pass: the
 * pre-pass drops script bodies and most head attributes, so they are
 * copied out while they go by. Each capture is a record of a kind, a key
 * and a value (raw, character references not yet decoded). */
typedef enum cl_cap_kind {
  CL_CAP_META = 1,  /* <meta>: key = "name:X", "property:X" or "itemprop:X",
                       value = content */
  CL_CAP_ITEMPROP,  /* another element with itemprop: key = its value,
                       value = content or datetime */
  CL_CAP_CANONICAL, /* <link rel=canonical>: value = href */
  CL_CAP_LANG,      /* <html lang>: value = lang */
  CL_CAP_TIME,      /* <time datetime>: value = datetime */
  CL_CAP_TITLE,     /* the first <title>: value = its text */
  CL_CAP_JSONLD     /* <script type=application/ld+json>: value = body */
} cl_cap_kind;

typedef struct cl_cap {
  cl_cap_kind kind;
  const char *key, *val;
  size_t klen, vlen;
} cl_cap;

/* Bounds on what is captured: one attribute value (longer ones are cut),
 * one JSON-LD body (longer ones are skipped: real ones are a few KiB; a
 * page's whole JSON-LD rarely passes 50 KiB), and all captures of a page
 * (the rest is ignored). */
#define CL_CAP_VALUE_MAX 4096
#define CL_CAP_JSONLD_MAX ((size_t)256 << 10)
#define CL_CAP_TOTAL_MAX ((size_t)1 << 20)

/* cl_prepass that also appends the records to `cap` (when not NULL). The
 * output is the same byte for byte. */
cleaner_status cl_prepass_capture(const char *in, size_t len,
                                  unsigned max_depth, cl_buf *out, cl_buf *cap);

/* The record at *pos of a capture buffer; advances *pos. 0 at the end. */
int cl_cap_next(const cl_buf *cap, size_t *pos, cl_cap *rec);

/* Runs of text the pre-pass wrote as placeholders. Gumbo spends its time
 * per character of text, so a run of plain text in the body (from its first
 * to its last non-whitespace byte, without '&', '<', controls,
 * noncharacters, invalid UTF-8 or 4-byte sequences, of at least
 * `min` bytes) is written as the one code point U+F0000 + k, k the
 * index of the run here; Gumbo builds the same tree from it, and whoever
 * reads Gumbo's text expands it with cl_pp_expand(). A page that already
 * holds plane 15 or 16 private-use characters (as UTF-8 or as numeric
 * character references) gets no placeholders. */
typedef struct cl_pp_run {
  size_t off, len; /* in the pre-pass input */
} cl_pp_run;

typedef struct cl_pp_runs {
  const char *base; /* the pre-pass input: must outlive every expansion */
  cl_pp_run *run;   /* owned: cl_pp_runs_free() */
  size_t n, cap;
  const cl_mem *mem;
  size_t min; /* shortest run written as a placeholder; 0: RUN_MIN in
                 prepass.c (tests set 1 to write every run they can) */
} cl_pp_runs;

/* Placeholders are U+F0000 + k for k below this: U+FFFFE and U+FFFFF are
 * noncharacters, which the parser reports; runs past it are written as
 * text. */
#define CL_PP_RUNS_MAX 0xFFFEu

void cl_pp_runs_init(cl_pp_runs *r, const cl_mem *mem);
void cl_pp_runs_free(cl_pp_runs *r);

/* Does Gumbo's text s[0..n) hold a placeholder? */
int cl_pp_has_placeholder(const cl_pp_runs *r, const char *s, size_t n);

/* Append s[0..n) to out with every placeholder of r replaced by the text
 * Gumbo would have built from its run as the pre-pass writes text without
 * placeholders: white space collapsed (put_collapsed in prepass.c) and a
 * carriage return read as a newline. Bytes that are not a placeholder of
 * r are copied. CLEANER_ENOMEM when out cannot grow. */
cleaner_status cl_pp_expand(const cl_pp_runs *r, const char *s, size_t n,
                            cl_buf *out);

typedef struct cl_prepass_limits {
  unsigned max_depth; /* as above */
  /* Most nodes written (elements, their attributes, runs of text, empty
   * comments, end tags) and formatting elements the parser will reopen, 0
   * for no cap. At the token that would pass it the pass
   * stops: the output ends before it, text after it included, and *cut is
   * set. A page under the cap is written exactly as cl_prepass() writes
   * it. */
  size_t max_nodes;
  /* Read every CL_DEADLINE_EVERY tokens, or NULL: CLEANER_ETIME when the
   * budget has run out (out then holds a part of the page). */
  cl_deadline *deadline;
  /* Metadata captures (above) are appended here, or NULL. */
  cl_buf *cap;
  /* Attributes kept for the Markdown and HTML output: CL_PP_HREF keeps
   * href with its value, CL_PP_IMAGES src and alt; 0 for none. */
  unsigned keep;
  /* Where to record the runs written as placeholders (reset first, its
   * base set to `in`), or NULL to write text as it is. Owned by the
   * caller. */
  cl_pp_runs *runs;
  /* Hints for boilerplate regions (prepass.c): the contents of elements
   * the walk would skip or mark as boilerplate by their own hint are
   * dropped (the element stays, empty); NULL writes them. With it, the
   * text Gumbo builds is the page's without those contents. */
  const cl_lexicon *lx;
  /* A cache of those hints kept across pages, or NULL for one per page. */
  cl_hint_cache *hints;
  /* Set to the bytes of text dropped with regions the walk would have
   * read (hinted ones, not hidden or skipped elements), or NULL. */
  size_t *regions;
} cl_prepass_limits;

/* cl_prepass() with a node cap and a time budget; *cut is 1 when the node
 * cap cut the page. */
cleaner_status cl_prepass_limited(const char *in, size_t len,
                                  const cl_prepass_limits *lim, cl_buf *out,
                                  int *cut);

#endif
