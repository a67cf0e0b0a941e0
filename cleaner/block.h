/*
 * The block list: the one structure between the front ends (HTML, plain
 * text) and the classifier and renderer. A block is a run of text that is
 * kept or removed as a whole: a paragraph, heading, list item, quote, table
 * cell, code block, or a run of text split by <br>. Internal.
 */
#ifndef CLEANER_BLOCK_H
#define CLEANER_BLOCK_H

#include <stdint.h>

#include "buf.h"
#include "deadline.h"
#include "lexicon.h"

typedef enum cl_kind {
  CL_PARA = 0,
  CL_HEADING,
  CL_ITEM,
  CL_QUOTE,
  CL_CELL,
  CL_CODE,
  CL_CAPTION
} cl_kind;

/* Flags a front end sets on a block. */
enum {
  CL_F_TITLE = 1u << 0,       /* the headline: matches the page title */
  CL_F_IN_LINK = 1u << 1,     /* the whole block is one link */
  CL_F_ROW_START = 1u << 2,   /* first cell of a table row */
  CL_F_REPEAT = 1u << 3,      /* repeats an earlier line */
  CL_F_FIRST_ITEM = 1u << 5,  /* first item of its list */
  CL_F_TIME = 1u << 6,        /* a time stamp or date and little else */
  CL_F_FEED = 1u << 8,        /* an item of a feed of time-stamped lines */
  CL_F_ASIDE = 1u << 9,       /* dropped, but no evidence about its
                                 neighbours: a caption, credit or repeat */
  CL_F_OUTSIDE = 1u << 10,    /* demoted for lying outside the main region */
  CL_F_ORDERED = 1u << 11,    /* an item of an ordered list (<ol>) */
  CL_F_HEADER = 1u << 12,     /* a header cell (<th>) */
  CL_F_IN_ITEM = 1u << 13,    /* a paragraph inside a list item (<li><p>) */
  CL_F_ITEM_START = 1u << 14, /* ... its item's first block */
  CL_F_COMMENT = 1u << 15     /* inside a comment section (class/id) */
};

/* What the front end records beyond the text, for the Markdown and HTML
 * renderers (cl_blocks.want). */
enum {
  CL_WANT_LINKS = 1u << 0, /* link targets as CL_M_LINK marks */
  CL_WANT_IMAGES = 1u << 1 /* images as CL_M_IMAGE marks */
};

/* Limits on table structure read from the page: colspan="9007199254740992"
 * must not make a renderer pad forever. 64 columns is over any table an
 * article shows (the widest in the development sets has 14). */
#define CL_TABLE_COLS_MAX 64
/* A rowspan pads the rows below it; past this many it is the rest of the
 * table in practice (HTML caps rowspan at 65534). */
#define CL_ROWSPAN_MAX 65534
/* List nesting deeper than this is rendered at this depth: each level
 * indents Markdown by 2-4 columns, and 16 levels is past any real page. */
#define CL_LIST_DEPTH_MAX 16

/* An inline event in the text, at byte `at` of the list's text: a link
 * opens or closes, an image stands, or a code block names its language.
 * Strings (URL, image source and alt, language) live in cl_blocks.aux. */
typedef enum cl_mark_type {
  CL_M_LINK = 0, /* a link opens; a = URL */
  CL_M_LINK_END, /* the link closes */
  CL_M_IMAGE,    /* an image; a = source, b = alt text */
  CL_M_LANG      /* the language of a code block; a = name */
} cl_mark_type;

typedef struct cl_mark {
  size_t at;
  size_t a_off, b_off; /* in aux */
  uint32_t a_len, b_len;
  uint8_t type;
} cl_mark;

/* A container is an element that holds blocks: its parent container and
 * its own class/id hint. Blocks point at their innermost container, so the
 * classifier can sum text over subtrees without knowing the DOM. */
typedef struct cl_container {
  int32_t parent;    /* index of the parent container, -1 at the root */
  int16_t hint;      /* this element's own class/id/role/tag hint */
  int16_t near;      /* the hint in force here: own or inherited */
  uint32_t cls_hash; /* hash of the class value, 0 when none */
  uint16_t tag;      /* front-end-specific tag id, for diagnostics */
  uint8_t para;      /* a paragraph-level element (p, li, h1...): its text
                        scores for its parent, as in Readability */
  uint32_t depth;
} cl_container;

/* Scripts that name their language (cl_scripts[] in features.c) and
 * Cyrillic letter classes: what the language guess counts. */
#define CL_NSCRIPTS 9
/* Letters that tell the Cyrillic languages apart (shares of Cyrillic
 * letters in running text: і 5-6 % in Ukrainian and Belarusian, absent
 * in Russian; ы about 2 % in Russian and Belarusian, absent in Ukrainian
 * and Bulgarian; ў about 1 % in Belarusian only; ъ 2-3 % in Bulgarian,
 * under 0.05 % in Russian). */
enum { CL_CY_UK, CL_CY_BE, CL_CY_RU, CL_CY_BG, CL_CY_ALL, CL_CY_COUNT };

/* A block's letters (ASCII letters and non-space code points past ASCII),
 * those in each script of cl_scripts[], and the Cyrillic classes. */
typedef struct cl_letters {
  uint32_t letters;
  uint32_t script[CL_NSCRIPTS];
  uint32_t cy[CL_CY_COUNT];
} cl_letters;

typedef struct cl_block {
  size_t off, len; /* text in the list's text buffer, UTF-8 */
  uint8_t kind;
  uint8_t level;    /* heading level 1..6, list nesting for items */
  uint8_t colspan;  /* table cells: spans, clamped to CL_TABLE_COLS_MAX */
  uint16_t rowspan; /* ... and CL_ROWSPAN_MAX */
  uint16_t col;     /* table cells: column slot in the row (colspans of the
                       cells before it, empty ones too) */
  uint32_t row;     /* table cells: the row, numbered over the page */
  uint32_t table;   /* table cells: the table, numbered over the page */
  uint16_t flags;
  int32_t container;
  uint32_t chars;      /* code points, not counting spaces */
  uint32_t link_chars; /* of those, inside links */
  uint32_t words;
  uint32_t cjk_chars;          /* in scripts written without spaces */
  uint32_t stop[CL_MAX_LANGS]; /* stopwords per language */
  uint32_t punct;              /* sentence punctuation: , . ; : ! ? and CJK */
  uint32_t pauses;   /* spaces between two ideographs: informal Chinese
                        writing pauses so instead of with a comma */
  cl_letters lt;     /* for the language guess */
  int16_t hint_near; /* nearest ancestor's non-zero hint */
  uint8_t phrase;    /* boilerplate phrase weight 0..3 */
  uint8_t pkind;     /* cl_phrase_kind of the phrase it starts with */
  /* Decided by the classifier. */
  int8_t cls;      /* CL_BAD, CL_SHORT, CL_NEAR, CL_GOOD */
  int8_t base_cls; /* the class from the block's own text (stage 1) */
  float points;    /* content points from its own text (Readability's) */
  uint8_t keep;    /* 1 = in the output */
  float score;
  const char *reason; /* static string: the rule that decided */
} cl_block;

/* Block classes; CL_EDGE is what a neighbour search returns at the edge
 * of the main region. */
enum { CL_EDGE = -1, CL_BAD = 0, CL_SHORT = 1, CL_NEAR = 2, CL_GOOD = 3 };

typedef struct cl_blocks {
  cl_block *v;
  size_t n, cap;
  cl_container *c;
  size_t nc, ccap;
  cl_buf text;
  cl_buf title;        /* <title> or og:title, case-folded, for matching */
  cl_buf title_text;   /* the same as written, white space collapsed */
  int lang;            /* index into the language table, -1 unknown */
  char script_lang[4]; /* ISO 639-1 code found from the script, or "" */
  unsigned want;       /* CL_WANT_* flags, set before the front end runs */
  int comments;        /* keep user comments as a section of their own */
  cl_mark *marks;      /* inline events in text order (want != 0) */
  size_t nm, mcap;
  cl_buf aux; /* strings of the marks */
  const cl_mem *mem;
  /* The document's time budget, or NULL: the front ends and the classifier
   * spend it as they go and return CLEANER_ETIME when it has run out. */
  cl_deadline *deadline;
} cl_blocks;

void cl_blocks_init(cl_blocks *bl, const cl_mem *mem);
void cl_blocks_free(cl_blocks *bl);
/* Add a container; returns its index or -1 on no memory. */
int32_t cl_blocks_container(cl_blocks *bl, int32_t parent, int hint,
                            unsigned tag, unsigned depth);
/* Append a block whose text is bl->text[off, off+len); features computed by
 * cl_features(). Returns NULL on no memory. */
cl_block *cl_blocks_add(cl_blocks *bl, size_t off, size_t len);
/* Append a mark at the end of the text so far, with its strings; returns
 * 0, or -1 on no memory. */
int cl_blocks_mark(cl_blocks *bl, cl_mark_type type, const char *a,
                   size_t a_len, const char *b, size_t b_len);
static inline const char *cl_block_text(const cl_blocks *bl,
                                        const cl_block *b) {
  return bl->text.ptr + b->off;
}

#endif
