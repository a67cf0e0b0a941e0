#define _GNU_SOURCE /* memmem */
#include "classify.h"

#include <stdio.h>
#include <string.h>

#include "feat.h"

/* Block classes follow jusText (Pomikalek 2011): a block is bad when its
 * link density is high, short when it has few characters, and good or
 * near-good by its stopword density. Lengths are jusText's, in chars. The
 * link density bound is looser than jusText's 0.2: the region choice and
 * the hints catch link lists, and encyclopedic prose links a third of its
 * words (readability set: F1 0.892 at 0.2, 0.907 at 0.5; daniel-dev
 * unchanged). */
#define LINK_DENSITY_MAX 0.5
#define LENGTH_LOW 70
#define LENGTH_HIGH 200
/* Stopword thresholds as shares of the language's typical prose density
 * (data/density.txt): for English (0.46) they give 0.18-0.32 (jusText:
 * 0.30-0.32); a sweep of LOW over 0.35-0.55 on daniel-dev moved F1 by
 * 0.005, highest at 0.35-0.45. */
#define STOPWORDS_LOW 0.4
#define STOPWORDS_HIGH 0.7
/* Scripts without stopword lists (zh, ja, ...): a character carries about a
 * word, so the length bounds shrink, and sentence punctuation stands in
 * for stopwords: prose has a mark every 10-30 characters. */
#define CJK_LENGTH_LOW 20
#define CJK_LENGTH_HIGH 60
#define PUNCT_PER_CHAR_MIN 0.02
/* In scripts with spaces a word is ~6 characters and a sentence ~20 words:
 * prose has a comma or full stop every 40-80 characters. */
#define PUNCT_PER_CHAR_MIN_SPACED 0.012
/* Page prose must reach this share of the language's typical stopword
 * density for the stopword rules to apply. */
#define LANG_FIT_SHARE 0.5
/* The page language needs this many stopword hits in all. */
#define LANG_MIN_HITS 10
/* Hints at or below this mark a block as boilerplate whatever its text. */
#define HINT_BAD (-20)
/* Candidate scoring after Readability: points per block are capped at
 * PUNCT_POINTS_MAX + LENGTH_POINTS_MAX, and reach SCORE_LEVELS ancestors. */
#define LENGTH_PER_POINT 100.0
#define CJK_LENGTH_PER_POINT 40.0 /* a CJK character is about a word */
#define PUNCT_POINTS_MAX 10.0
#define LENGTH_POINTS_MAX 3.0
#define NEAR_POINTS_SHARE 0.7
#define SCORE_LEVELS 3
/* Siblings of the best container join the region at this share of its
 * score (Readability joins at 0.2; 0.1 measured better: readability
 * 0.932 -> 0.934 with the stopword lean below, daniel-dev unchanged). */
#define SIBLING_SHARE 0.1
/* ... and when links are under this share of their text (0.15: daniel-dev
 * 0.925 -> 0.926, readability unchanged): a feed of linked
 * headlines with summaries scores like prose but is not the article. */
#define SIBLING_MAX_LINKS 0.15
/* A container's own class/id hint moves its score by at most this much,
 * Readability's class weight. */
#define CLASS_WEIGHT 25.0
/* Measured: daniel-dev F1 0.911 at 1 (no penalty), 0.919 at 0.6, 0.921
 * at 0.2, flat below; readability 0.921, 0.921, 0.925. */
#define INHERITED_BAD_FACTOR 0.2
/* Plain-text region: a near-good line counts half its characters, a bad
 * one costs half of its own and at least LINE_COST, as does a short one. */
#define NEAR_LINE_WEIGHT 0.5
#define BAD_LINE_WEIGHT 0.5
#define LINE_COST 25.0
/* Chunks of plain text: BREAK_LINES noise lines in a row end one; the
 * chunks beside the best join the region at JOIN_SHARE of its value.
 * Measured on daniel-dev's page text (bench/textmode.sh), F1 at JOIN_SHARE
 * 0.1 / 0.2 / 0.35 / 0.5: 0.822 / 0.831 / 0.831 / 0.829 (corpus/text best
 * at 0.2); BREAK_LINES 3: 0.799. */
#define BREAK_LINES 2
#define JOIN_SHARE 0.2
/* Chunks after the footer's copyright line (legal notices, comment rules)
 * count this share of their value. */
#define FOOTER_SHARE 0.2
/* Lines before the body that join the region (headline, dateline-free
 * lead), at most. */
#define LEAD_IN_MAX 4
/* Region growth: the parent joins when it adds good prose of at least this
 * share of the region's, and this many times the boilerplate it adds. */
#define GROW_MIN_SHARE 0.3
#define GROW_NOISE_RATIO 6.0
/* A negatively hinted container holding this share of the region's prose
 * is taken for article text. */
#define PROSE_TRUST_SHARE 0.5
/* A heading this many characters or fewer from the next good block takes
 * its class (jusText's max_heading_distance). */
#define HEADING_DISTANCE 200
/* Boilerplate phrases count only in blocks up to this length (bytes). */
#define PHRASE_BLOCK_MAX 240
/* Time lines: a stamp and at most a weekday and month name around it. */
#define TIME_LINE_MAX_CHARS 40
#define TIME_LINE_MAX_WORDS 6
/* Lines shorter than this are not checked for repeats ("OK", "1"). */
#define REPEAT_MIN_BYTES 12
#define REPEAT_MAX_CHARS_HTML 80
/* A short line naming this many social networks is a "follow us" promo. */
#define SOCIAL_PROMO_NAMES 2
/* A weak phrase decides a short line of at most this many words (a label
 * and a name), or one that mentions a network or e-mail. */
#define WEAK_PHRASE_MAX_WORDS 4
/* Boilerplate lines this short are labels of inserts. */
#define LABEL_MAX_CHARS 30
/* Captions and credits are short lines; a feed's headlines fit in this. */
#define CAPTION_MAX_CHARS 150
#define FEED_ITEM_MAX_CHARS 200
/* A photo gallery numbers its slides "1/50", "2/50"...: at least this many
 * slides of one count, numbered in order, and a count of at least
 * GALLERY_MIN_SLIDES ("1/2 cup" in a recipe is not a gallery). */
#define GALLERY_MIN_RUN 3
#define GALLERY_MIN_SLIDES 5
#define GALLERY_MAX_SLIDES 9999
/* A plain-text headline: a few words, one line, near the top. */
#define HEADLINE_MIN_WORDS 3
#define HEADLINE_MAX_CHARS 200
#define HEADLINE_LOOKAHEAD 3
/* Teaser lists: this many units of at most TEASER_TITLE_LINES short lines
 * and one paragraph of at most TEASER_MAX_CHARS, on average at most
 * TEASER_MEAN_CHARS (a summary is a sentence or two; LENGTH_HIGH). */
#define TEASER_MIN_UNITS 3
#define TEASER_TITLE_LINES 3
#define TEASER_MAX_CHARS 300
#define TEASER_MEAN_CHARS 200
/* Runs: this many short lines in a row, each under the length. */
#define RUN_MIN_LINES 4
#define RUN_LINE_MAX_CHARS 50
#define RUN_LABEL_MAX_WORDS 3
#define RUN_MAX_STOP_SHARE 0.1
/* The lead is looked for this many blocks after the headline. */
#define LEAD_SCAN_MAX 8
#define LINK_DENSITY_LEAD 0.2
/* How far region_side() looks: a bound that keeps it linear. */
#define REGION_SIDE_MAX_STEPS 50
/* The plain-text headline is looked for among this many first blocks. */
#define HEADLINE_SCAN_MAX 60
/* Lists: this many short items in a row are judged as one. */
#define LIST_MIN_ITEMS 3
/* A numbered line ("10. United States") has at most this many digits:
 * more is a year or a figure ("2016. The year..."). */
#define LIST_NUMBER_MAX_DIGITS 2
/* A list with at least this share of its items kept as prose is kept
 * whole: a changelog links most of its entries, a related-links list all. */
#define PROSE_LIST_SHARE 0.3
/* ... and so are the lists nested in it: an item looks this many
 * containers up (its list, the item holding it, that item's list). */
#define PROSE_LIST_NESTING 3
/* A linked heading is kept when prose of at least this many characters
 * (not counting spaces) follows it: two or three sentences, more than a
 * teaser's one-line summary. */
#define SECTION_PROSE_MIN_CHARS 200
/* Article tables: at least this many rows, and at least this share of
 * them holding kept prose, make a table one the article reads by rows. */
#define TABLE_MIN_ROWS 3
#define TABLE_KEPT_ROW_SHARE 0.5
/* Two " | " or " / " separators make a line a menu or breadcrumb. */
#define MENU_MIN_SEPARATORS 2
/* Datelines: at most this long, and at least a day, month and year's
 * worth of digits (1.1.12) before the first letter. */
#define DATELINE_MAX_CHARS 100
#define DATELINE_MIN_DIGITS 4
/* Headline must cover at least this share of the title's length. */
#define TITLE_MIN_SHARE 0.3

/* Share of letters in a script that decides the page language; kana mark
 * Japanese at a lower share since Japanese text mixes in Han. */
#define SCRIPT_SHARE 0.3
#define KANA_SHARE 0.05

/* A letter class decides when it reaches this share of Cyrillic letters
 * and the competing class stays under CY_RIVAL_SHARE of it. */
#define CY_MIN_SHARE 0.008
#define CY_BE_SHARE 0.002 /* ў: rarer than the others, and only be has it */
#define CY_RIVAL_SHARE 0.25
/* Fewer Cyrillic letters than this say nothing. */
#define CY_MIN_LETTERS 40

typedef struct lang_counts {
  size_t script[CL_NSCRIPTS], letters;
  size_t cy[CL_CY_COUNT];
} lang_counts;

/* The language a script names, or NULL. */
static const char *script_lang(const lang_counts *c) {
  size_t han = 0;
  for (size_t k = 0; k < CL_NSCRIPTS; k++)
    if (!strcmp(cl_scripts[k].lang, "zh"))
      han += c->script[k];
  for (size_t k = 0; k < CL_NSCRIPTS && c->letters; k++) {
    double share =
        (double)(strcmp(cl_scripts[k].lang, "zh") ? c->script[k] : han) /
        (double)c->letters;
    if (share >= (k == 0 ? KANA_SHARE : SCRIPT_SHARE))
      return cl_scripts[k].lang;
  }
  return NULL;
}

/* The Cyrillic language its letters name, or NULL. */
static const char *cyrillic_lang(const size_t *cy) {
  double all = (double)cy[CL_CY_ALL];
  if (cy[CL_CY_ALL] < CY_MIN_LETTERS)
    return NULL;
  if (cy[CL_CY_BE] >= CY_BE_SHARE * all && cy[CL_CY_UK] >= CY_MIN_SHARE * all)
    return "be";
  if (cy[CL_CY_UK] >= CY_MIN_SHARE * all &&
      cy[CL_CY_RU] + cy[CL_CY_BG] < CY_RIVAL_SHARE * cy[CL_CY_UK])
    return "uk";
  if (cy[CL_CY_RU] >= CY_MIN_SHARE * all &&
      cy[CL_CY_UK] + cy[CL_CY_BE] < CY_RIVAL_SHARE * cy[CL_CY_RU])
    return "ru";
  if (cy[CL_CY_BG] >= CY_MIN_SHARE * all &&
      cy[CL_CY_RU] + cy[CL_CY_UK] < CY_RIVAL_SHARE * cy[CL_CY_BG])
    return "bg";
  return NULL;
}

/* What guess_lang() found. */
typedef struct lang_guess {
  int lang;             /* table index, -1 unknown */
  char script[4];       /* code named by the script, or "" */
  uint64_t hits, words; /* the winner's stopword hits, words counted */
  int letters;          /* decided by Cyrillic letters */
} lang_guess;

/* Language of the blocks (all, or the kept ones): a script that names it,
 * else the stopword list with most hits (at least min_hits), overruled
 * among the Cyrillic languages by their letters. */
static void guess_lang(const cl_lexicon *lx, const cl_blocks *bl, int kept,
                       uint64_t min_hits, lang_guess *g) {
  uint64_t hits[CL_MAX_LANGS] = {0}, words = 0;
  lang_counts c;
  size_t nl = cl_lexicon_langs(lx);
  memset(&c, 0, sizeof c);
  for (size_t i = 0; i < bl->n; i++) {
    const cl_block *b = &bl->v[i];
    if (kept && !b->keep)
      continue;
    c.letters += b->lt.letters;
    for (size_t k = 0; k < CL_NSCRIPTS; k++)
      c.script[k] += b->lt.script[k];
    for (size_t k = 0; k < CL_CY_COUNT; k++)
      c.cy[k] += b->lt.cy[k];
    words += b->words;
    for (size_t l = 0; l < nl; l++)
      hits[l] += b->stop[l];
  }
  int best = -1;
  for (size_t l = 0; l < nl; l++)
    if (hits[l] >= min_hits && (best < 0 || hits[l] > hits[best]))
      best = (int)l;
  const char *sl = script_lang(&c), *cy = cyrillic_lang(c.cy);
  int cyl = cy ? cl_lexicon_find(lx, cy) : -1;
  g->letters = cyl >= 0 && (best < 0 || c.cy[CL_CY_ALL] * 2 > c.letters);
  if (g->letters)
    best = cyl;
  g->script[0] = '\0';
  if (sl)
    memcpy(g->script, sl, 3);
  g->lang = sl ? -1 : best;
  g->hits = best >= 0 ? hits[best] : 0;
  g->words = words;
}

void cl_detect_lang(const cl_lexicon *lx, cl_blocks *bl) {
  lang_guess g;
  guess_lang(lx, bl, 0, LANG_MIN_HITS, &g);
  bl->lang = g.lang;
  memcpy(bl->script_lang, g.script, sizeof g.script);
}

/* The text's language is "clear" with this many stopword hits at a density
 * of at least LANG_FIT_SHARE of the language's prose (Latin filler text
 * has many "et" and "est" but a low French density); otherwise a declared
 * <html lang> of another language wins. */
#define TEXT_LANG_CLEAR_HITS 30
/* The kept text names a language from this many hits: a sentence of
 * twenty words has five or more; the whole page needs LANG_MIN_HITS
 * because its stopword rules depend on it. */
#define TEXT_LANG_MIN_HITS 3

void cl_text_lang(const cl_lexicon *lx, const cl_blocks *bl,
                  const char *declared, char out[8]) {
  lang_guess g;
  guess_lang(lx, bl, 1, TEXT_LANG_MIN_HITS, &g);
  if (!g.script[0] && g.lang < 0) { /* little kept text: the whole page */
    g.lang = bl->lang;
    memcpy(g.script, bl->script_lang, sizeof g.script);
  }
  const char *code = g.script[0]   ? g.script
                     : g.lang >= 0 ? cl_lexicon_code(lx, g.lang)
                                   : "";
  double fit = LANG_FIT_SHARE * cl_lexicon_density(lx, g.lang);
  int clear = g.script[0] || g.letters ||
              (g.hits >= TEXT_LANG_CLEAR_HITS &&
               (double)g.hits >= fit * (double)g.words);
  if (declared && declared[0] &&
      (!code[0] || (!clear && strcmp(code, declared))))
    code = declared;
  snprintf(out, 8, "%s", code);
}

static double link_density(const cl_block *b) {
  return b->chars ? (double)b->link_chars / b->chars : 0.0;
}

static int is_cjk_block(const cl_block *b) {
  /* Mostly a script written without spaces between words. */
  return 2 * b->cjk_chars > b->chars;
}

/* --favor leans the classifier one way: the link density above which a
 * block is bad and a factor on the stopword (or punctuation) bounds in
 * stage 1, how much good context a short block needs in stage 2, and how
 * far the main region reaches (the share of the best score a sibling
 * needs, and growing to the parent). The balanced stopword factor 0.75
 * (the bounds of data/density.txt were a little strict) took daniel-dev
 * 0.926 -> 0.928 and readability 0.931 -> 0.932; precision keeps the
 * former bounds, recall goes further. Measured P/R per lean in the README
 * ("Choices"). */
typedef struct lean {
  double link_max, stops;
  int context;    /* -1: a short block needs good text on both sides; 1:
                     good text on one side keeps it, in the main region */
  double sibling; /* share of the best score a sibling needs to join */
  int grow;       /* the region may grow to its parent */
} lean;
static const lean leans[] = {
    [CLEANER_FAVOR_BALANCED] = {LINK_DENSITY_MAX, 0.75, 0, SIBLING_SHARE, 1},
    [CLEANER_FAVOR_PRECISION] = {LINK_DENSITY_MAX, 1.0, -1, 0.5, 0},
    [CLEANER_FAVOR_RECALL] = {0.6, 0.6, 1, 0.05, 1},
};

/* Without stopwords: length and sentence punctuation. In a page, a space
 * between two ideographs counts as a pause too (blogs write so), and a
 * line of medium length in such a script without any is left to its
 * context (blogs also write a clause a line, unpunctuated); not in plain
 * text, where the two halves of a teaser's headline are spaced the same
 * way and no link tells the teaser apart. */
static int class_by_punct(const cl_block *b, const lean *ln, int markup,
                          const char **why) {
  int cjk = is_cjk_block(b);
  uint32_t low = cjk ? CJK_LENGTH_LOW : LENGTH_LOW;
  uint32_t high = cjk ? CJK_LENGTH_HIGH : LENGTH_HIGH;
  double min =
      (cjk ? PUNCT_PER_CHAR_MIN : PUNCT_PER_CHAR_MIN_SPACED) * ln->stops;
  uint32_t punct = b->punct + (markup && cjk ? b->pauses : 0);
  double pd = b->chars ? (double)punct / b->chars : 0.0;
  if (b->chars < low) {
    *why = "short text";
    return CL_SHORT;
  }
  if (pd >= min) {
    *why = b->chars >= high ? "long text with sentence punctuation"
                            : "text of medium length with sentence punctuation";
    return b->chars >= high ? CL_GOOD : CL_NEAR;
  }
  *why = b->chars >= high ? "long text with little punctuation"
                          : "little sentence punctuation";
  return b->chars >= high ? CL_NEAR : markup && cjk ? CL_SHORT : CL_BAD;
}

/* Stage 1: context-free class from the block's own text, and why. */
static int base_class(const cl_block *b, int lang, double density,
                      const lean *ln, int markup, const char **why) {
  if (link_density(b) > ln->link_max) {
    *why = "mostly link text";
    return CL_BAD;
  }
  if (b->kind == CL_CODE) {
    /* Code is hardly ever boilerplate, but it has no stopwords: a long
     * block is kept, a short one goes with its neighbours. */
    *why = b->chars >= LENGTH_LOW ? "code block" : "short code block";
    return b->chars >= LENGTH_LOW ? CL_GOOD : CL_NEAR;
  }
  if (lang < 0 || is_cjk_block(b))
    return class_by_punct(b, ln, markup, why);
  double sd = b->words ? (double)b->stop[lang] / b->words : 0.0;
  if (b->chars < LENGTH_LOW) {
    *why = "short text";
    return CL_SHORT;
  }
  if (sd >= STOPWORDS_HIGH * ln->stops * density) {
    *why = b->chars >= LENGTH_HIGH ? "long text with the stopwords of prose"
                                   : "medium text with the stopwords of prose";
    return b->chars >= LENGTH_HIGH ? CL_GOOD : CL_NEAR;
  }
  int near = sd >= STOPWORDS_LOW * ln->stops * density;
  *why = near ? "some stopwords" : "few stopwords: no prose";
  return near ? CL_NEAR : CL_BAD;
}

/* The stopword list fits the page only if its prose reaches a good part of
 * the language's typical density; otherwise (Latin filler, a language
 * without a list) the punctuation rules decide. */
static int stopwords_fit(const cl_blocks *bl, double density) {
  uint64_t words = 0, stops = 0;
  for (size_t i = 0; i < bl->n; i++) {
    const cl_block *b = &bl->v[i];
    if (b->chars >= LENGTH_LOW && link_density(b) <= LINK_DENSITY_MAX) {
      words += b->words;
      stops += b->stop[bl->lang];
    }
  }
  return words && (double)stops >= LANG_FIT_SHARE * density * (double)words;
}

typedef struct scratch {
  const lean *ln;
  double *total;  /* candidate score per container */
  double *chars;  /* characters per container subtree */
  double *links;  /* of those, in links */
  double *good;   /* characters of good prose blocks per subtree */
  double *bad;    /* characters of bad blocks per subtree */
  double *prose;  /* like good, whatever the hints say */
  uint8_t *inreg; /* container lies inside the main region */
  uint8_t *breg;  /* block lies inside the main region */
  cl_memo *memo;  /* phrase hits of short blocks (cl_classify_opts) */
} scratch;

static int in_region(const cl_blocks *bl, const scratch *s, const cl_block *b) {
  return s->breg[b - bl->v];
}

static double good_chars(const cl_block *b) {
  if (b->cls < CL_NEAR)
    return 0.0;
  return (double)(b->chars - b->link_chars);
}

static double clampd(double v, double lo, double hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

/* Candidate score of a block, after Readability (arc90): a point, one
 * per punctuation mark, and one per LENGTH_PER_POINT characters, capped. */
static double block_points(const cl_block *b) {
  if (good_chars(b) <= 0)
    return 0.0;
  double per = is_cjk_block(b) ? CJK_LENGTH_PER_POINT : LENGTH_PER_POINT;
  double len = b->chars / per, punct = b->punct;
  double pts = 1.0 + (punct < PUNCT_POINTS_MAX ? punct : PUNCT_POINTS_MAX) +
               (len < LENGTH_POINTS_MAX ? len : LENGTH_POINTS_MAX);
  /* Prose that reads like the language (good) outweighs text that only
   * looks like it (near-good: legal notices, teasers). */
  return b->cls == CL_GOOD ? pts : pts * NEAR_POINTS_SHARE;
}

/* Points go to the block's container (its parent for paragraph-level
 * elements) and, divided, to SCORE_LEVELS - 1 ancestors more. */
static void spread_points(const cl_blocks *bl, const cl_block *b,
                          double *score) {
  double pts = block_points(b);
  int32_t c = b->container;
  if (pts <= 0)
    return;
  if (bl->c[c].para && bl->c[c].parent >= 0)
    c = bl->c[c].parent;
  for (int level = 0; level < SCORE_LEVELS && c >= 0; level++) {
    score[c] += pts / (level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0);
    c = bl->c[c].parent;
  }
}

/* The region's own hint and those of its ancestors describe the page
 * layout ("two-col-sidebar-right"), not the article inside: once the text
 * has chosen the region, blocks that only inherit them lose them. */
static void forget_hints_above(cl_blocks *bl, int32_t r) {
  int16_t own = bl->c[r].near;
  int32_t p = bl->c[r].parent;
  int16_t above = p >= 0 ? bl->c[p].near : 0;
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->hint_near < 0 && (b->hint_near == own || b->hint_near == above))
      b->hint_near = 0;
  }
}

/* The block's last character closes a sentence or clause. */
/* Length of the block's text without trailing spaces and newlines. */
static size_t trimmed_len(const cl_blocks *bl, const cl_block *b) {
  const char *t = cl_block_text(bl, b);
  size_t n = b->len;
  while (n && (t[n - 1] == ' ' || t[n - 1] == '\n'))
    n--;
  return n;
}

static int ends_with_period(const cl_blocks *bl, const cl_block *b) {
  size_t n = trimmed_len(bl, b);
  return n && cl_block_text(bl, b)[n - 1] == '.';
}

/* A sentence that announces what follows ("As an example, take this
 * function:", "Here are the results:"): ends in a colon and has at least
 * INTRO_MIN_WORDS words, so that one-word labels ("Tags:", "Share:") are
 * not read as one; nor are prompts with a boilerplate phrase ("Add to
 * bookmarks and share:"). */
#define INTRO_MIN_WORDS 5
static int introduces(const cl_blocks *bl, const cl_block *b) {
  const unsigned char *t = (const unsigned char *)cl_block_text(bl, b);
  size_t n = trimmed_len(bl, b);
  if (b->words < INTRO_MIN_WORDS || b->phrase || !n)
    return 0;
  /* ： (full-width colon) ends in these UTF-8 bytes */
  return t[n - 1] == ':' ||
         (n >= 3 && t[n - 3] == 0xEF && t[n - 2] == 0xBC && t[n - 1] == 0x9A);
}

static int ends_like_sentence(const cl_blocks *bl, const cl_block *b) {
  const unsigned char *t = (const unsigned char *)cl_block_text(bl, b);
  size_t n = trimmed_len(bl, b);
  if (!n)
    return 0;
  unsigned c = t[n - 1];
  if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
      c == '"' || c == ')')
    return 1;
  /* » ” 。 ！ ？ end in these UTF-8 bytes */
  return n >= 2 &&
         ((t[n - 2] == 0xC2 && c == 0xBB) ||
          (n >= 3 && t[n - 3] == 0xE2 && t[n - 2] == 0x80 && c == 0x9D) ||
          (n >= 3 && t[n - 3] == 0xE3 && t[n - 2] == 0x80 && c == 0x82) ||
          (n >= 3 && t[n - 3] == 0xEF && t[n - 2] == 0xBC &&
           (c == 0x81 || c == 0x9F)));
}

static void set(cl_block *b, int cls, const char *why) {
  b->cls = (int8_t)cls;
  b->reason = why;
  b->flags &= (uint16_t)~CL_F_OUTSIDE;
}

/* Text without markup has one container. Its region is built from per-line
 * scores, prose counting its characters and a short or bad line costing
 * (after Finn et al.'s Body Text Extraction, on lines instead of tags), cut
 * into chunks at runs of noise: see region_of_text(). */
static double line_score(const cl_blocks *bl, const cl_block *b) {
  double chars = (double)(b->chars - b->link_chars);
  /* A line the text repeats is a template's (a rubric before each teaser,
   * "Reply" under each post): noise, though no evidence against its
   * neighbours. */
  if (b->flags & CL_F_REPEAT)
    return -LINE_COST;
  if (b->flags & CL_F_ASIDE)
    return 0; /* a caption or label inside the text */
  switch (b->cls) {
  case CL_GOOD:
    return chars;
  case CL_NEAR:
    return chars * NEAR_LINE_WEIGHT;
  case CL_SHORT:
    /* A short sentence or list item ("защита от включения без воды;") is
     * neutral; a short line that is no sentence is noise. */
    return ends_like_sentence(bl, b) ? 0 : -LINE_COST;
  default:
    return -(chars * BAD_LINE_WEIGHT > LINE_COST ? chars * BAD_LINE_WEIGHT
                                                 : LINE_COST);
  }
}

/* A run of lines between breaks: [a, b) from its first to its last line
 * that scores, and the sum of the scores in between. */
typedef struct chunk {
  size_t a, b;
  double value;
} chunk;

/* Cut the lines into chunks at breaks, runs of BREAK_LINES noise lines or
 * more (lines that score 0 neither break a run nor end it): one noise line
 * inside the body is a subheading, a run is a menu, a widget, a feed's
 * stamp and headline, the meta lines between two forum posts. */
static size_t text_chunks(const cl_blocks *bl, chunk *ch) {
  size_t nc = 0, noise = 0;
  double pending = 0;
  for (size_t i = 0; i < bl->n; i++) {
    double v = line_score(bl, &bl->v[i]);
    if (v < 0) {
      noise++;
      pending += v;
    } else if (v > 0) {
      if (nc == 0 || noise >= BREAK_LINES) {
        ch[nc].a = i;
        ch[nc++].value = 0;
      } else {
        ch[nc - 1].value += pending;
      }
      ch[nc - 1].value += v;
      ch[nc - 1].b = i + 1;
      noise = 0;
      pending = 0;
    }
  }
  return nc;
}

/* The footer starts at the last copyright line ("© 2012 ...") when that
 * lies in the second half of the text; n when there is none. */
static size_t footer_start(const cl_blocks *bl) {
  for (size_t i = bl->n; i-- > bl->n / 2;) {
    const cl_block *b = &bl->v[i];
    if (b->chars <= CAPTION_MAX_CHARS && b->pkind != CL_PHRASE_CREDIT &&
        memmem(cl_block_text(bl, b), b->len, "\xC2\xA9", 2))
      return i;
  }
  return bl->n;
}

/* The region is the best chunk and the chunks next to it that are worth
 * JOIN_SHARE of it, as siblings join the best container in a page: an
 * article cut in two by a gallery or a quote box, forum posts; the small
 * chunks of teasers and widgets around an article do not. */
static cleaner_status region_of_text(cl_blocks *bl, scratch *s) {
  chunk *ch = cl_malloc(bl->mem, bl->n * sizeof *ch);
  if (!ch)
    return CLEANER_ENOMEM;
  size_t nc = text_chunks(bl, ch), best = 0;
  size_t foot = footer_start(bl);
  for (size_t k = 0; k < nc; k++)
    if (ch[k].a > foot)
      ch[k].value *= FOOTER_SHARE;
  for (size_t k = 1; k < nc; k++)
    if (ch[k].value > ch[best].value)
      best = k;
  size_t lo = best, hi = best;
  double bar = JOIN_SHARE * (nc ? ch[best].value : 0);
  while (lo > 0 && ch[lo - 1].value >= bar)
    lo--;
  while (hi + 1 < nc && ch[hi + 1].value >= bar && ch[hi + 1].a <= foot)
    hi++;
  size_t best_a = nc ? ch[lo].a : 0, best_b = nc ? ch[hi].b : 0;
  if (nc && ch[best].value <= 0)
    best_a = best_b = 0;
  cl_free(bl->mem, ch);
  /* The headline and lead just before the body score as noise (short
   * lines); so do closing sentences after it. */
  for (size_t k = 0;
       k < LEAD_IN_MAX && best_a > 0 && bl->v[best_a - 1].cls != CL_BAD; k++)
    best_a--;
  while (best_b < bl->n && best_b < foot &&
         ((bl->v[best_b].flags & CL_F_ASIDE) ||
          (bl->v[best_b].cls >= CL_NEAR &&
           ends_like_sentence(bl, &bl->v[best_b]))))
    best_b++;
  for (size_t i = 0; i < bl->n; i++) {
    s->breg[i] = i >= best_a && i < best_b;
    /* Nothing after the footer joins a body that ends before it. */
    if (i > foot && best_b <= foot && bl->v[i].cls != CL_BAD)
      set(&bl->v[i], CL_BAD, "after the footer");
  }
  return CLEANER_OK;
}

/* A container inside the region that holds half of the region's prose is
 * article whatever its class says ("intextAd" wrapping the paragraphs
 * after an in-text ad): its hint is dropped for the blocks it governs. */
static void forget_hints_on_prose(cl_blocks *bl, const scratch *s, int32_t r) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->hint_near > HINT_BAD || !in_region(bl, s, b))
      continue;
    for (int32_t c = b->container; c >= 0 && c != bl->c[r].parent;
         c = bl->c[c].parent) {
      if (bl->c[c].near == b->hint_near && bl->c[c].hint == b->hint_near &&
          s->prose[c] >= PROSE_TRUST_SHARE * s->prose[r]) {
        b->hint_near = 0;
        break;
      }
    }
  }
}

/* The best container may hold only the first part of an article whose
 * parts sit in separate wrappers (a how-to's steps): step up to the parent
 * while what the parent adds is mostly long prose, not links or lists. */
static int32_t grow_region(const cl_blocks *bl, const scratch *s, int32_t r) {
  for (int32_t p = bl->c[r].parent; p >= 0; p = bl->c[r].parent) {
    double more = s->good[p] - s->good[r], noise = s->bad[p] - s->bad[r];
    if (more < GROW_MIN_SHARE * s->good[r] || more < GROW_NOISE_RATIO * noise)
      break;
    r = p;
  }
  return r;
}

/* Container c repeats the region's place in the layout: the same class at
 * the same depth under the same parent or one of the same class, as the steps
 * of a how-to are each wrapped ("step > stepContent > content"). A step of one
 * short sentence scores nothing of its own, yet belongs to the article. */
static int same_slot(const cl_blocks *bl, const scratch *s, int32_t r,
                     size_t c) {
  const cl_container *a = &bl->c[r], *b = &bl->c[c];
  if (!a->cls_hash || b->cls_hash != a->cls_hash || b->depth != a->depth ||
      a->parent < 0 || b->parent < 0 || b->near <= HINT_BAD)
    return 0;
  uint32_t pa = bl->c[a->parent].cls_hash, pb = bl->c[b->parent].cls_hash;
  return (a->parent == b->parent || (pa && pa == pb)) && s->chars[c] > 0 &&
         s->links[c] < SIBLING_MAX_LINKS * s->chars[c];
}

/* The main region: the container with the best candidate score, scaled by
 * its text that is not links, and those of its siblings that score close
 * to it (an article split into several blocks by an ad). */
static int32_t pick_region(cl_blocks *bl, scratch *s) {
  for (size_t i = 0; i < bl->n; i++) {
    const cl_block *b = &bl->v[i];
    s->chars[b->container] += b->chars;
    s->links[b->container] += b->link_chars;
    if (b->cls == CL_GOOD)
      s->prose[b->container] += b->chars - b->link_chars;
    if (b->cls == CL_GOOD && b->hint_near > HINT_BAD)
      s->good[b->container] += b->chars - b->link_chars;
    else if (b->cls == CL_BAD)
      s->bad[b->container] += b->chars;
    spread_points(bl, b, s->total);
  }
  for (size_t c = bl->nc; c-- > 1;) {
    s->chars[bl->c[c].parent] += s->chars[c];
    s->links[bl->c[c].parent] += s->links[c];
    s->good[bl->c[c].parent] += s->good[c];
    s->prose[bl->c[c].parent] += s->prose[c];
    s->bad[bl->c[c].parent] += s->bad[c];
  }
  int32_t r = 0;
  double best = 0.0;
  for (size_t c = 0; c < bl->nc; c++) {
    double ld = s->chars[c] > 0 ? s->links[c] / s->chars[c] : 0.0;
    if (s->total[c] > 0)
      s->total[c] += clampd(bl->c[c].hint, -CLASS_WEIGHT, CLASS_WEIGHT);
    /* Inside a container marked as boilerplate (a comment list), a
     * candidate is worth less, though not nothing: layout wrappers are
     * sometimes misnamed and then cover the article and all else alike. */
    if (bl->c[c].near <= HINT_BAD)
      s->total[c] *= INHERITED_BAD_FACTOR;
    s->total[c] *= 1.0 - ld;
    if (s->total[c] > best) {
      best = s->total[c];
      r = (int32_t)c;
    }
  }
#ifdef CL_DEBUG
  fprintf(stderr, "region: best container %d score %.1f\n", r, best);
  for (size_t c = 0; c < bl->nc; c++)
    if (s->total[c] > best * 0.3)
      fprintf(stderr, "  candidate %zu score %.1f parent %d hint %d\n", c,
              s->total[c], bl->c[c].parent, bl->c[c].hint);
#endif
  if (s->ln->grow)
    r = grow_region(bl, s, r);
  int32_t parent = bl->c[r].parent;
  size_t first = (size_t)r, last = (size_t)r;
  for (size_t c = 0; c < bl->nc; c++) {
    /* A sibling that scores close, or a container of the same class as the
     * region elsewhere: sites that cut an article into sections repeat
     * the body's class on each ("article-text" once per section). */
    double ld = s->chars[c] > 0 ? s->links[c] / s->chars[c] : 0.0;
    int sibling =
        ((parent >= 0 && bl->c[c].parent == parent) ||
         (bl->c[r].cls_hash && bl->c[c].cls_hash == bl->c[r].cls_hash)) &&
        s->total[c] >= s->ln->sibling * best && ld < SIBLING_MAX_LINKS;
    s->inreg[c] = (int32_t)c == r || sibling;
    if (s->inreg[c]) {
      first = c < first ? c : first;
      last = c > last ? c : last;
    }
  }
  /* Between two parts of the article, a part too short to score is one
   * too; after the last, the same wrapper holds the author box. */
  for (size_t c = 1; c < bl->nc; c++)
    s->inreg[c] = s->inreg[c] ||
                  (c > first && c < last && same_slot(bl, s, r, c)) ||
                  (bl->c[c].parent >= 0 && s->inreg[bl->c[c].parent]);
  for (size_t i = 0; i < bl->n; i++)
    s->breg[i] = s->inreg[bl->v[i].container];
  forget_hints_above(bl, r);
  forget_hints_on_prose(bl, s, r);
  return r;
}

/* A short line that starts with a full date or time and is no sentence:
 * "2024-06-26 10:32 Source: ...", "12.01.2012, 14:05". */
static int is_dateline(const cl_blocks *bl, const cl_block *b) {
  if (b->kind == CL_CELL || b->chars >= DATELINE_MAX_CHARS ||
      ends_like_sentence(bl, b))
    return 0;
  const unsigned char *t = (const unsigned char *)cl_block_text(bl, b);
  size_t digits = 0, i = 0;
  for (; i < b->len; i++) {
    unsigned c = t[i];
    if (c >= '0' && c <= '9')
      digits++;
    else if (!(c == '-' || c == '.' || c == '/' || c == ':' || c == ' ' ||
               c == ','))
      break;
  }
  return digits >= DATELINE_MIN_DIGITS;
}

/* Phrase hits of short blocks by text and language (cl_memo): 4,096 slots
 * of at most PHRASE_BLOCK_MAX bytes, 1 MiB of text at most. */
#define PHRASE_MEMO_SLOTS 4096

cleaner_status cl_classify_memo_new(const cl_mem *mem, cl_memo **out) {
  return cl_memo_new(mem, PHRASE_MEMO_SLOTS, PHRASE_BLOCK_MAX,
                     sizeof(cl_phrase_hits), out);
}

/* cl_lexicon_scan() of a block of at most PHRASE_BLOCK_MAX bytes, folded
 * in `fold`, through the memo when there is one. */
static void block_phrases(const cl_lexicon *lx, cl_memo *memo, int lang,
                          const cl_blocks *bl, const cl_block *b, cl_buf *fold,
                          cl_phrase_hits *hits) {
  const char *t = cl_block_text(bl, b);
  cl_memo_at at;
  if (cl_memo_get(memo, t, b->len, lang, hits, &at))
    return;
  cl_buf_clear(fold);
  cl_fold(t, b->len, fold);
  cl_lexicon_scan(lx, lang, fold->ptr, fold->len, PHRASE_BLOCK_MAX, hits);
  if (!fold->oom)
    cl_memo_put(memo, &at, t, b->len, lang, hits);
}

/* Stage 1b: evidence beyond the text itself. */
static void adjust(const cl_lexicon *lx, cl_blocks *bl, const scratch *s,
                   cl_buf *fold) {
  int phrase_lang =
      bl->lang >= 0 ? bl->lang : cl_lexicon_find(lx, bl->script_lang);
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->kind == CL_CAPTION) {
      /* A photo's caption sits between an article's paragraphs and beside
       * teasers alike: no evidence about its neighbours. */
      b->flags |= CL_F_ASIDE;
    }
    if (is_dateline(bl, b)) {
      set(b, CL_BAD, "dateline");
      continue;
    }
    if (b->hint_near <= HINT_BAD) {
      set(b, CL_BAD, "class/id hint");
      continue;
    }
    /* Phrases only matter for blocks that could still be kept. */
    int open = b->cls != CL_BAD && (in_region(bl, s, b) || b->cls >= CL_NEAR);
    if (open && b->len <= PHRASE_BLOCK_MAX) {
      cl_phrase_hits hits;
      block_phrases(lx, s->memo, phrase_lang, bl, b, fold, &hits);
      b->phrase = (uint8_t)hits.weight;
      b->pkind = (uint8_t)hits.kind;
      int socials = b->chars <= CAPTION_MAX_CHARS ? hits.socials : 0;
      if (socials >= SOCIAL_PROMO_NAMES)
        b->phrase = 2;
      if (b->phrase >= 2) {
        set(b, CL_BAD, "boilerplate phrase");
        /* A label ("Реклама:", "Advertisement") marks an insert inside the
         * article, not its end. */
        if (b->chars <= LABEL_MAX_CHARS)
          b->flags |= CL_F_ASIDE;
        continue;
      }
      /* Weak evidence decides a short label that is not a statement ("Не
       * пропустіть важливе!", "Photo: Reuters", not "Источник: ... со
       * ссылкой на Минобороны"), or a prompt naming e-mail or a network. */
      if (b->phrase == 1 && b->chars < LENGTH_LOW &&
          ((b->words <= WEAK_PHRASE_MAX_WORDS && !ends_with_period(bl, b)) ||
           socials > 0)) {
        set(b, CL_BAD, "weak phrase in a short line");
        continue;
      }
    }
  }
}

/* Stage 1d: the region decides what the text alone left open. */
static void apply_region(cl_blocks *bl, const scratch *s) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->cls == CL_BAD)
      continue;
    if (!in_region(bl, s, b)) {
      if (b->cls == CL_GOOD)
        set(b, CL_NEAR, "outside main region");
      else
        set(b, CL_BAD, "outside main region");
      b->flags |= CL_F_OUTSIDE;
    } else if (b->cls == CL_NEAR) {
      /* Inside the region, prose-like text is the article unless other
       * evidence says otherwise. */
      set(b, CL_GOOD, "near-good in main region");
    }
  }
}

/* A line made of a time stamp or a date and few words: "12:49",
 * "23.04.2025", "Wednesday, 10 April 2024, 23:37". */
static int is_time_line(const cl_blocks *bl, const cl_block *b) {
  if (b->chars > TIME_LINE_MAX_CHARS || b->words > TIME_LINE_MAX_WORDS)
    return 0;
  const char *t = cl_block_text(bl, b);
  int clock = 0, date = 0, year = 0;
  for (size_t i = 0; i < b->len; i++) {
    if (t[i] < '0' || t[i] > '9')
      continue;
    size_t j = i;
    while (j < b->len && t[j] >= '0' && t[j] <= '9')
      j++;
    size_t n = j - i;
    if (n <= 2 && j + 2 < b->len && t[j] == ':' && t[j + 1] >= '0' &&
        t[j + 1] <= '5')
      clock = 1;
    if (n <= 2 && j + 1 < b->len && (t[j] == '.' || t[j] == '/') &&
        t[j + 1] >= '0' && t[j + 1] <= '9')
      date = 1;
    if (n == 4 && (t[i] == '1' || t[i] == '2'))
      year = 1;
    i = j;
  }
  return clock || (date && year);
}

static int seen_before(uint64_t *table, size_t cap, uint64_t h) {
  for (size_t i = (size_t)(h % cap);; i = (i + 1) % cap) {
    if (table[i] == h)
      return 1;
    if (!table[i]) {
      table[i] = h;
      return 0;
    }
  }
}

/* Repeated lines: in text from a keep-everything extractor any repeat is
 * an artefact (the headline from title, h1 and og:title); in a page only
 * short ones are, as a long paragraph may be quoted again on purpose. */
static void mark_repeats(cl_blocks *bl, uint64_t *table, size_t cap) {
  size_t max = bl->nc > 1 ? REPEAT_MAX_CHARS_HTML : SIZE_MAX;
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->cls == CL_BAD || b->len < REPEAT_MIN_BYTES || b->chars > max)
      continue;
    if (seen_before(table, cap, cl_hash_text(cl_block_text(bl, b), b->len))) {
      set(b, CL_BAD, "repeated text");
      b->flags |= CL_F_ASIDE | CL_F_REPEAT;
    }
  }
}

static int short_line(const cl_blocks *bl, const cl_block *b) {
  return b->chars <= CAPTION_MAX_CHARS && !ends_like_sentence(bl, b) &&
         (b->kind == CL_PARA || b->kind == CL_CAPTION);
}

/* Captions sit next to a photo credit: the short lines just before and
 * after it (often the same caption twice) go with it. */
static void mark_captions(cl_blocks *bl) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->pkind != CL_PHRASE_CREDIT || b->chars > CAPTION_MAX_CHARS)
      continue;
    set(b, CL_BAD, "photo credit");
    b->flags |= CL_F_ASIDE;
    if (i > 0 && short_line(bl, &bl->v[i - 1]) &&
        bl->v[i - 1].container == b->container) {
      set(&bl->v[i - 1], CL_BAD, "caption");
      bl->v[i - 1].flags |= CL_F_ASIDE;
    }
    if (i + 1 < bl->n && short_line(bl, &bl->v[i + 1]) &&
        bl->v[i + 1].container == b->container) {
      set(&bl->v[i + 1], CL_BAD, "caption");
      bl->v[i + 1].flags |= CL_F_ASIDE;
    }
  }
}

/* Time stamps, and the lines between them in a feed of "12:49 / headline /
 * 12:43 / headline"; "next article" and the headline after it. */
static void mark_feeds(cl_blocks *bl) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (is_time_line(bl, b)) {
      b->flags |= CL_F_TIME;
      set(b, CL_BAD, "time or date");
    }
  }
  for (size_t i = 1; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    const cl_block *p = &bl->v[i - 1];
    int next_time = i + 1 < bl->n && (bl->v[i + 1].flags & CL_F_TIME);
    int run = i >= 2 && (bl->v[i - 2].flags & CL_F_FEED);
    if ((p->flags & CL_F_TIME) && !(b->flags & CL_F_TIME) &&
        b->chars <= FEED_ITEM_MAX_CHARS && (next_time || run)) {
      b->flags |= CL_F_FEED;
      set(b, CL_BAD, "news feed");
    }
    if (p->pkind == CL_PHRASE_NEXT && p->chars <= CAPTION_MAX_CHARS &&
        b->chars <= FEED_ITEM_MAX_CHARS && b->kind != CL_HEADING)
      set(b, CL_BAD, "headline after next/previous");
  }
}

/* Read a number of at most four digits at t[*i]; -1 when none. */
static long small_number(const char *t, size_t n, size_t *i) {
  long v = 0;
  size_t start = *i;
  while (*i < n && *i - start < 5 && t[*i] >= '0' && t[*i] <= '9')
    v = v * 10 + (t[(*i)++] - '0');
  return *i > start && *i - start <= 4 ? v : -1;
}

/* A slide counter "k/n" or "k / n" at the start of the block. */
static int slide_counter(const cl_blocks *bl, const cl_block *b, long *k,
                         long *n) {
  const char *t = cl_block_text(bl, b);
  size_t i = 0;
  *k = small_number(t, b->len, &i);
  while (i < b->len && t[i] == ' ')
    i++;
  if (*k < 1 || i >= b->len || t[i] != '/')
    return 0;
  for (i++; i < b->len && t[i] == ' ';)
    i++;
  *n = small_number(t, b->len, &i);
  return *n >= GALLERY_MIN_SLIDES && *n <= GALLERY_MAX_SLIDES && *k <= *n &&
         (i == b->len || t[i] == ' ');
}

/* A gallery: slides "1/50 headline", caption, credit, "2/50 ..." in order.
 * The slides and what lies between them go, and after the last one as
 * many blocks as one slide took. Marked aside: they say nothing of their
 * neighbours. */
static void mark_galleries(cl_blocks *bl) {
  for (size_t i = 0; i < bl->n; i++) {
    long k, n, k2, n2;
    if (!slide_counter(bl, &bl->v[i], &k, &n))
      continue;
    size_t last = i, prev = i, slides = 1;
    for (size_t j = i + 1; j < bl->n; j++) {
      if (!slide_counter(bl, &bl->v[j], &k2, &n2))
        continue;
      if (n2 != n || k2 != k + (long)slides)
        break;
      prev = last;
      last = j;
      slides++;
    }
    if (slides < GALLERY_MIN_RUN)
      continue;
    size_t end = last + (last - prev);
    for (size_t j = i; j < end && j < bl->n; j++) {
      set(&bl->v[j], CL_BAD, "photo gallery");
      bl->v[j].flags |= CL_F_ASIDE;
    }
    i = end - 1;
  }
}

/* The class of the first region block before (dir -1) or after (dir 1)
 * block i when only short, demoted or aside blocks lie in between; else
 * CL_BAD. */
static int region_side(const cl_blocks *bl, const scratch *s, size_t i,
                       int dir) {
  for (size_t j = i, steps = 0; steps < REGION_SIDE_MAX_STEPS; steps++) {
    if (dir < 0 && j == 0)
      return CL_BAD;
    j = dir < 0 ? j - 1 : j + 1;
    if (j >= bl->n)
      return CL_BAD;
    const cl_block *b = &bl->v[j];
    if (s->breg[j])
      return b->cls;
    if (!(b->flags & (CL_F_OUTSIDE | CL_F_ASIDE)) && b->cls != CL_SHORT)
      return CL_BAD;
  }
  return CL_BAD;
}

/* The line starts with a bullet: "- ", "+ ", "* ", "• ", "– ", or a
 * number of at most LIST_NUMBER_MAX_DIGITS digits and ". " or ") ". */
static int bulleted(const cl_blocks *bl, const cl_block *b) {
  const unsigned char *t = (const unsigned char *)cl_block_text(bl, b);
  if (b->len < 3)
    return 0;
  size_t d = 0;
  while (d < b->len && d <= LIST_NUMBER_MAX_DIGITS && t[d] >= '0' &&
         t[d] <= '9')
    d++;
  if (d && d <= LIST_NUMBER_MAX_DIGITS && d + 1 < b->len &&
      (t[d] == '.' || t[d] == ')') && t[d + 1] == ' ')
    return 1;
  if ((t[0] == '-' || t[0] == '+' || t[0] == '*') && t[1] == ' ')
    return 1;
  return b->len > 4 && t[3] == ' ' &&
         ((t[0] == 0xE2 && t[1] == 0x80 && (t[2] == 0xA2 || t[2] == 0x93)));
}

/* A run of short lines that are not sentences is a menu, a widget or a
 * table of labels: "Головна / Маршрути / Спорядження / Про мене". Short
 * lines inside an article come one or two at a time (subheadings). Lists
 * and table cells have kinds of their own and are left alone. */
static int runnable(const cl_blocks *bl, const cl_block *b) {
  if (b->kind != CL_PARA || (b->flags & CL_F_TITLE) || bulleted(bl, b) ||
      (b->cls != CL_SHORT && b->cls != CL_BAD) ||
      b->chars >= RUN_LINE_MAX_CHARS || ends_with_period(bl, b))
    return 0;
  /* A label (few words) or a line without function words ("Joined: Tue
   * Jan 09, 2024"); a list item of a feature list reads as a phrase. */
  uint32_t stops = bl->lang >= 0 ? b->stop[bl->lang] : 0;
  return b->words <= RUN_LABEL_MAX_WORDS ||
         (double)stops < RUN_MAX_STOP_SHARE * b->words;
}

static void mark_runs(cl_blocks *bl) {
  for (size_t i = 0; i < bl->n;) {
    size_t j = i, shorts = 0;
    while (j < bl->n && runnable(bl, &bl->v[j])) {
      shorts += bl->v[j].cls == CL_SHORT;
      j++;
    }
    if (j - i >= RUN_MIN_LINES && shorts)
      for (size_t k = i; k < j; k++)
        if (bl->v[k].cls == CL_SHORT)
          set(&bl->v[k], CL_BAD, "run of short lines");
    i = j > i ? j : i + 1;
  }
}

/* Length in characters of spaced script: a CJK character carries about
 * what LENGTH_HIGH / CJK_LENGTH_HIGH Latin ones do. */
static size_t latin_chars(const cl_block *b) {
  return is_cjk_block(b) ? (size_t)b->chars * LENGTH_HIGH / CJK_LENGTH_HIGH
                         : b->chars;
}

/* A paragraph line that reads as prose. */
static int prose_line(const cl_block *b) {
  return b->kind == CL_PARA && (b->cls == CL_NEAR || b->cls == CL_GOOD);
}

/* A line that could head a teaser: short, no sentence (a headline, a
 * rubric, a time stamp). */
static int title_line(const cl_blocks *bl, const cl_block *b) {
  return (b->cls == CL_SHORT || b->cls == CL_BAD) &&
         b->chars <= CAPTION_MAX_CHARS && !ends_like_sentence(bl, b);
}

/* The end of the teaser list starting at line i (i itself when none): units
 * of one to TEASER_TITLE_LINES title lines and a single short paragraph,
 * TEASER_MIN_UNITS or more in a row, their paragraphs short on average. */
static size_t teaser_run(const cl_blocks *bl, size_t i) {
  size_t j = i, units = 0, chars = 0;
  for (;;) {
    size_t k = j;
    while (k < bl->n && k - j < TEASER_TITLE_LINES && title_line(bl, &bl->v[k]))
      k++;
    if (k == j || k >= bl->n || !prose_line(&bl->v[k]) ||
        latin_chars(&bl->v[k]) > TEASER_MAX_CHARS)
      break;
    if (k + 1 < bl->n && prose_line(&bl->v[k + 1]))
      break; /* two paragraphs under a title: a section of an article */
    units++;
    chars += latin_chars(&bl->v[k]);
    j = k + 1;
  }
  return units >= TEASER_MIN_UNITS && chars <= TEASER_MEAN_CHARS * units ? j
                                                                         : i;
}

/* Teaser lists without links (text from a page): "rubric / headline /
 * summary" again and again. An article's sections have longer or more
 * paragraphs under their subheadings. */
static void mark_teasers(cl_blocks *bl) {
  for (size_t i = 0; i < bl->n;) {
    size_t j = teaser_run(bl, i);
    for (size_t k = i; k < j; k++)
      set(&bl->v[k], CL_BAD, "teaser list");
    i = j > i ? j : i + 1;
  }
}

/* Stage 1c: evidence from the order of blocks, the main evidence in plain
 * text and true of pages as well. */
static cleaner_status sequence_evidence(cl_blocks *bl) {
  size_t cap = 2 * bl->n + 1;
  uint64_t *table = cl_calloc(bl->mem, cap, sizeof *table);
  if (!table)
    return CLEANER_ENOMEM;
  mark_captions(bl);
  mark_feeds(bl);
  mark_galleries(bl);
  if (bl->nc == 1)
    mark_teasers(bl);
  mark_repeats(bl, table, cap);
  cl_free(bl->mem, table);
  return CLEANER_OK;
}

/* A line of menu items: "Home | News | Sport", "Главная / Политика". */
static int looks_like_menu(const cl_blocks *bl, const cl_block *b) {
  const char *t = cl_block_text(bl, b);
  int seps = 0;
  for (size_t i = 0; i + 2 < b->len; i++)
    if (t[i] == ' ' &&
        (t[i + 1] == '|' || t[i + 1] == '/' || t[i + 1] == '>') &&
        t[i + 2] == ' ')
      seps++;
  return seps >= MENU_MIN_SEPARATORS;
}

/* Not rejected on its own evidence (it may lie just outside the region). */
static int headline_candidate(const cl_block *b) {
  return b->cls != CL_BAD || (b->flags & CL_F_OUTSIDE);
}

/* In plain text, the headline is the first line that the
 * text repeats near its top, as pages repeat it in title, h1 and og:title;
 * else the first undecided line before the first good block. */
static void text_headline(cl_blocks *bl, const cl_classify_opts *o) {
  /* Pages (more than one container) have headings for that. */
  if (bl->title.len || bl->nc > 1)
    return;
  size_t first_good = bl->n;
  for (size_t i = 0; i < bl->n && first_good == bl->n; i++)
    if (bl->v[i].cls == CL_GOOD)
      first_good = i;
  long pick = -1;
  size_t top = first_good + HEADLINE_LOOKAHEAD < bl->n
                   ? first_good + HEADLINE_LOOKAHEAD
                   : bl->n;
  if (top > HEADLINE_SCAN_MAX)
    top = HEADLINE_SCAN_MAX;
  for (size_t i = 0; i < top && pick < 0; i++) {
    const cl_block *b = &bl->v[i];
    if (!headline_candidate(b) || b->words < HEADLINE_MIN_WORDS ||
        b->chars > HEADLINE_MAX_CHARS || looks_like_menu(bl, b))
      continue;
    for (size_t j = i + 1; j < top; j++)
      if (bl->v[j].len == b->len &&
          !memcmp(cl_block_text(bl, &bl->v[j]), cl_block_text(bl, b), b->len))
        pick = (long)i;
  }
  size_t run = first_good;
  while (run > 0 &&
         (bl->v[run - 1].cls != CL_BAD || (bl->v[run - 1].flags & CL_F_ASIDE)))
    run--;
  for (size_t i = run; pick < 0 && i < first_good; i++) {
    const cl_block *b = &bl->v[i];
    if (b->cls != CL_BAD && b->words >= HEADLINE_MIN_WORDS &&
        b->chars <= HEADLINE_MAX_CHARS && !looks_like_menu(bl, b))
      pick = (long)i;
  }
  if (pick < 0)
    return;
  bl->v[pick].flags |= CL_F_TITLE;
  set(&bl->v[pick], o->keep_title ? CL_GOOD : CL_BAD, "headline");
}

/* For every block, the class of the nearest block before it (dir -1) or
 * after it (dir 1) that is neither short nor aside (nor near-good when
 * skip_near): CL_EDGE for a block of the main region when the region ends
 * first, CL_BAD at the document's ends (jusText's convention). One pass
 * for all blocks: a search per block is quadratic on long runs of short
 * blocks (100,000 unclosed <li>). */
static void neighbours(const cl_blocks *bl, const scratch *s, int dir,
                       int skip_near, int8_t *out) {
  int last_any = CL_BAD, last_in = CL_EDGE;
  for (size_t k = 0; k < bl->n; k++) {
    size_t i = dir < 0 ? k : bl->n - 1 - k;
    const cl_block *b = &bl->v[i];
    out[i] = (int8_t)(s->breg[i] ? last_in : last_any);
    int c = b->cls;
    int counts = !(b->flags & CL_F_ASIDE) &&
                 (c == CL_GOOD || c == CL_BAD || (c == CL_NEAR && !skip_near));
    if (counts)
      last_any = c;
    if (!s->breg[i] && !(b->flags & CL_F_ASIDE))
      last_in = CL_EDGE;
    else if (s->breg[i] && counts)
      last_in = c;
  }
}

static int list_like(const cl_blocks *bl, const cl_block *b) {
  return b->cls == CL_SHORT && (b->kind == CL_ITEM || bulleted(bl, b));
}

/* A longer item of the same list that the base class judged poorly (a
 * changelog line of identifiers has few stopwords) does not end the list;
 * links, bad hints and boilerplate phrases do. */
static int list_member(const cl_blocks *bl, const cl_block *b) {
  if (list_like(bl, b))
    return 1;
  return (b->cls == CL_BAD || b->cls == CL_NEAR) &&
         (b->kind == CL_ITEM || bulleted(bl, b)) && !(b->flags & CL_F_ASIDE) &&
         link_density(b) <= LINK_DENSITY_MAX && b->hint_near > HINT_BAD &&
         !b->phrase;
}

/* A list of short items is one unit: next to good text inside the region
 * it is the article's ("The update adds: + X + Y + Z"); jusText, judging
 * item by item, loses lists that are followed by boilerplate. */
static void keep_lists(cl_blocks *bl, const scratch *s, const int8_t *prev,
                       const int8_t *next) {
  for (size_t i = 0; i < bl->n;) {
    size_t j = i;
    while (j < bl->n && list_member(bl, &bl->v[j]) && s->breg[j])
      j++;
    if (j - i >= LIST_MIN_ITEMS) {
      int p = prev[i], n = next[j - 1];
      if (p == CL_GOOD || n == CL_GOOD)
        for (size_t k = i; k < j; k++)
          set(&bl->v[k], CL_GOOD, "list next to good text");
    }
    i = j > i ? j : i + 1;
  }
}

/* Stage 2: short and near-good blocks take the class of their context.
 * Inside the main region its edge is no evidence either way: a short line
 * between the region's start and good text is the article's (jusText,
 * without regions, counts the document's ends as bad). */
static cleaner_status smooth(cl_blocks *bl, const scratch *s) {
  int8_t *p1 = cl_malloc(bl->mem, 4 * bl->n);
  if (!p1)
    return CLEANER_ENOMEM;
  int8_t *n1 = p1 + bl->n, *p0 = n1 + bl->n, *n0 = p0 + bl->n;
  neighbours(bl, s, -1, 1, p1);
  neighbours(bl, s, 1, 1, n1);
  keep_lists(bl, s, p1, n1);
  neighbours(bl, s, -1, 1, p1);
  neighbours(bl, s, 1, 1, n1);
  neighbours(bl, s, -1, 0, p0);
  neighbours(bl, s, 1, 0, n0);
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->cls != CL_SHORT)
      continue;
    int p = p1[i], n = n1[i];
    if (p == CL_GOOD && n == CL_GOOD)
      b->score = 1;
    else if ((p == CL_EDGE || n == CL_EDGE) && (p == CL_GOOD || n == CL_GOOD) &&
             ends_like_sentence(bl, b))
      b->score = 1;
    else if (n == CL_GOOD && s->breg[i] && introduces(bl, b))
      b->score = 1; /* its context is what it announces */
    else if ((p != CL_GOOD && n != CL_GOOD) || s->ln->context < 0)
      b->score = 0;
    else if (s->ln->context > 0 && s->breg[i])
      b->score = 1;
    else
      b->score =
          (p0[i] == CL_NEAR && p == CL_BAD) || (n0[i] == CL_NEAR && n == CL_BAD)
              ? 1
              : 0;
  }
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->cls == CL_SHORT)
      set(b, b->score > 0 ? CL_GOOD : CL_BAD,
          b->score > 0 ? "short, in good context" : "short, no good context");
  }
  neighbours(bl, s, -1, 1, p1);
  neighbours(bl, s, 1, 1, n1);
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->cls != CL_NEAR)
      continue;
    b->score = (p1[i] == CL_BAD && n1[i] == CL_BAD) ? 0 : 1;
    /* Good prose just outside the region (an intro before a table) joins
     * it when nothing but short or demoted lines lie in between. */
    if ((b->flags & CL_F_OUTSIDE) && (region_side(bl, s, i, -1) == CL_GOOD ||
                                      region_side(bl, s, i, 1) == CL_GOOD))
      b->score = 1;
  }
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->cls == CL_NEAR)
      set(b, b->score > 0 ? CL_GOOD : CL_BAD,
          b->score > 0 ? "near-good, next to good text"
                       : "near-good between bad blocks");
  }
  cl_free(bl->mem, p1);
  return CLEANER_OK;
}

/* Kept, and prose by its own text (not only by its context). */
static int kept_prose(const cl_block *b) {
  return b->cls == CL_GOOD && b->base_cls >= CL_NEAR;
}

/* Rows of table t from block i on, and how many of them hold a kept
 * prose cell; *end is where the table's run of cells ends. */
static void table_rows(const cl_blocks *bl, size_t i, size_t *end, size_t *rows,
                       size_t *kept) {
  uint32_t t = bl->v[i].table, row = bl->v[i].row;
  int row_kept = 0;
  *rows = 1;
  *kept = 0;
  for (; i < bl->n && bl->v[i].kind == CL_CELL && bl->v[i].table == t; i++) {
    const cl_block *b = &bl->v[i];
    if (b->row != row) {
      *kept += row_kept;
      row_kept = 0;
      row = b->row;
      ++*rows;
    }
    row_kept |= kept_prose(b);
  }
  *kept += row_kept;
  *end = i;
}

static int row_has_prose(const cl_blocks *bl, size_t i, size_t end) {
  for (uint32_t row = bl->v[i].row; i < end && bl->v[i].row == row; i++)
    if (kept_prose(&bl->v[i]))
      return 1;
  return 0;
}

/* A data table in the article (films with their year and plot) is read by
 * rows: when most rows hold kept prose, the other cells of those rows (the
 * title link, the year) and the header row are the article's too. A news
 * site's teaser table keeps few of its rows, and stays as judged. */
static void keep_table_rows(cl_blocks *bl) {
  for (size_t i = 0; i < bl->n;) {
    size_t end, rows, kept;
    if (bl->v[i].kind != CL_CELL) {
      i++;
      continue;
    }
    table_rows(bl, i, &end, &rows, &kept);
    if (rows < TABLE_MIN_ROWS || kept < TABLE_KEPT_ROW_SHARE * rows) {
      i = end;
      continue;
    }
    while (i < end) {
      uint32_t row = bl->v[i].row;
      int keep = row_has_prose(bl, i, end) || (bl->v[i].flags & CL_F_HEADER);
      for (; i < end && bl->v[i].row == row; i++) {
        cl_block *b = &bl->v[i];
        if (keep && b->cls != CL_GOOD && !(b->flags & CL_F_ASIDE) && !b->phrase)
          set(b, CL_GOOD, "cell of a kept table row");
      }
    }
  }
}

/* The list an item block belongs to: the parent of its <li>. */
static int32_t list_of(const cl_blocks *bl, const cl_block *b) {
  int32_t c = b->container;
  return bl->c[c].para && bl->c[c].parent >= 0 ? bl->c[c].parent : c;
}

/* A list in the article whose items are mostly kept prose is read whole:
 * an item that is mostly a link ("Gijs made the toolbar start later", the
 * words linking to the bug) is one of its entries, not navigation, and so
 * are the items of lists nested in it. A related-links list keeps none of
 * its items and stays as judged. */
static cleaner_status keep_prose_lists(cl_blocks *bl) {
  uint32_t *items = cl_calloc(bl->mem, 2 * bl->nc, sizeof *items);
  if (!items)
    return CLEANER_ENOMEM;
  uint32_t *good = items + bl->nc;
  for (size_t i = 0; i < bl->n; i++) {
    const cl_block *b = &bl->v[i];
    if (b->kind != CL_ITEM)
      continue;
    int32_t l = list_of(bl, b);
    items[l]++;
    good[l] += kept_prose(b);
  }
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->kind != CL_ITEM || b->cls == CL_GOOD || (b->flags & CL_F_ASIDE) ||
        b->phrase || b->hint_near <= HINT_BAD)
      continue;
    int32_t c = list_of(bl, b);
    for (int up = 0; c >= 0 && up < PROSE_LIST_NESTING; up++) {
      if (items[c] >= LIST_MIN_ITEMS &&
          good[c] >= PROSE_LIST_SHARE * (double)items[c]) {
        set(b, CL_GOOD, "item of a list of kept prose");
        break;
      }
      c = bl->c[c].parent;
    }
  }
  cl_free(bl->mem, items);
  return CLEANER_OK;
}

/* Headings just before good text are kept with it. */
static void keep_headings(cl_blocks *bl, const scratch *s) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->kind != CL_HEADING || b->cls == CL_GOOD ||
        b->hint_near <= HINT_BAD || !in_region(bl, s, b) || b->phrase >= 2 ||
        (b->flags & CL_F_ASIDE))
      continue;
    /* A linked heading ("Thumper ($20)" linking to the shop) heads a
     * section when long prose of its own follows at once; a teaser's
     * linked title is followed by a line or two of summary. */
    if (link_density(b) > LINK_DENSITY_MAX) {
      const cl_block *n = i + 1 < bl->n ? &bl->v[i + 1] : NULL;
      if (n && n->cls == CL_GOOD && n->base_cls == CL_GOOD &&
          n->kind != CL_HEADING && n->chars >= SECTION_PROSE_MIN_CHARS &&
          link_density(n) <= LINK_DENSITY_LEAD)
        set(b, CL_GOOD, "linked heading of a section");
      continue;
    }
    size_t dist = 0;
    for (size_t j = i + 1; j < bl->n && dist <= HEADING_DISTANCE; j++) {
      if (bl->v[j].cls == CL_GOOD && bl->v[j].kind != CL_HEADING) {
        set(b, CL_GOOD, "heading before good text");
        break;
      }
      dist += bl->v[j].chars;
    }
  }
}

static int title_like(const cl_blocks *bl, const cl_block *b, cl_buf *fold) {
  if (!bl->title.len || b->len > 4 * bl->title.len + 16)
    return 0;
  cl_buf_clear(fold);
  cl_fold(cl_block_text(bl, b), b->len, fold);
  if (fold->len < 4)
    return 0;
  if (fold->len >= bl->title.len)
    return memmem(fold->ptr, fold->len, bl->title.ptr, bl->title.len) != NULL;
  return fold->len >= TITLE_MIN_SHARE * bl->title.len &&
         memmem(bl->title.ptr, bl->title.len, fold->ptr, fold->len) != NULL;
}

/* The lead: prose between the headline and the main region (a standfirst
 * in the article's header) belongs to the article. Bylines, datelines and
 * captions in between are passed over; anything else ends the search. */
static void keep_lead(cl_blocks *bl, const scratch *s, size_t h) {
  for (size_t i = h + 1; i < bl->n && i <= h + LEAD_SCAN_MAX; i++) {
    cl_block *b = &bl->v[i];
    if (s->breg[i])
      return;
    if (b->chars >= LENGTH_LOW && link_density(b) < LINK_DENSITY_LEAD &&
        b->phrase < 2 && ends_like_sentence(bl, b) &&
        !(b->flags & CL_F_ASIDE) && b->kind == CL_PARA &&
        b->hint_near > HINT_BAD) {
      set(b, CL_GOOD, "lead");
      continue;
    }
    if (b->chars >= LENGTH_HIGH)
      return;
  }
}

/* The headline: a heading that matches the title, or else the first <h1>;
 * kept once, in front of the text. */
static void pick_headline(cl_blocks *bl, const scratch *s,
                          const cl_classify_opts *o, cl_buf *fold) {
  long first_kept = -1, h = -1, h1 = -1;
  for (size_t i = 0; i < bl->n; i++) {
    if (bl->v[i].cls == CL_GOOD && first_kept < 0)
      first_kept = (long)i;
  }
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->kind != CL_HEADING || link_density(b) > LINK_DENSITY_MAX)
      continue;
    /* The heading that repeats the <title> is the headline whatever its
     * wrapper's class says ("article-header" reads as a page header). */
    if (h < 0 && b->level <= 3 && title_like(bl, b, fold))
      h = (long)i;
    if (h1 < 0 && b->level == 1 && b->hint_near > HINT_BAD)
      h1 = (long)i;
  }
  if (h < 0)
    h = h1;
  if (h >= 0 && first_kept >= 0 && h > first_kept && bl->v[h].cls != CL_GOOD)
    h = -1; /* a heading after the article started is not its headline */
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b->kind == CL_HEADING && (long)i != h && b->flags & CL_F_TITLE)
      b->flags &= (uint16_t)~CL_F_TITLE;
  }
  if (h < 0)
    return;
  bl->v[h].flags |= CL_F_TITLE;
  set(&bl->v[h], o->keep_title ? CL_GOOD : CL_BAD, "headline");
  keep_lead(bl, s, (size_t)h);
}

/* Never lose the article's first paragraph: the first prose block of the
 * region is kept even when it looked short or link-heavy. */
static void keep_first_paragraph(cl_blocks *bl, const scratch *s) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    /* A photo's caption (its credit with it) comes before the text as
     * often as not, and is no paragraph of it. */
    if (!in_region(bl, s, b) || b->kind == CL_HEADING ||
        b->kind == CL_CAPTION || b->pkind == CL_PHRASE_CREDIT)
      continue;
    if (b->cls == CL_GOOD)
      return;
    if (b->chars >= LENGTH_LOW && link_density(b) < 0.5 &&
        b->hint_near > HINT_BAD && b->phrase < 2 && b->punct > 0) {
      set(b, CL_GOOD, "first paragraph");
      return;
    }
  }
}

/* A heading equal to the headline elsewhere on the page is a repeat. */
static void drop_repeats(cl_blocks *bl) {
  const cl_block *h = NULL;
  for (size_t i = 0; i < bl->n && !h; i++)
    if (bl->v[i].flags & CL_F_TITLE)
      h = &bl->v[i];
  for (size_t i = 0; h && i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (b != h && b->len == h->len &&
        !memcmp(cl_block_text(bl, b), cl_block_text(bl, h), h->len))
      set(b, CL_BAD, "repeated headline");
  }
}

/* A page whose text is all short still has an article when its region
 * holds plain text: a one-line note is not boilerplate. */
static void keep_short_page(cl_blocks *bl, const scratch *s) {
  for (size_t i = 0; i < bl->n; i++)
    if (bl->v[i].cls == CL_GOOD && !(bl->v[i].flags & CL_F_TITLE))
      return;
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    if (in_region(bl, s, b) && b->chars && link_density(b) < 0.5 &&
        b->hint_near > HINT_BAD && b->phrase < 2 && !(b->flags & CL_F_TITLE))
      set(b, CL_GOOD, "only text on the page");
  }
}

#ifdef CL_DEBUG
static void dump(const cl_blocks *bl, const scratch *s) {
  for (size_t i = 0; i < bl->n; i++) {
    const cl_block *b = &bl->v[i];
    fprintf(stderr,
            "%3zu k%d c%-4u w%-3u l%-4u s%-3u p%-2u h%d r%d c%d %-24s|%.*s\n",
            i, b->kind, b->chars, b->words, b->link_chars,
            bl->lang >= 0 ? b->stop[bl->lang] : 0, b->punct, b->hint_near,
            in_region(bl, s, b), b->cls, b->reason,
            (int)(b->len < 90 ? b->len : 90), cl_block_text(bl, b));
  }
}
#else
#define dump(bl, s) ((void)0)
#endif

static void decide(cl_blocks *bl) {
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    b->keep = b->cls == CL_GOOD;
    /* options.comments: a comment's own text decides (prose, not links);
     * the renderers put it in a section after the article. */
    if (bl->comments && (b->flags & CL_F_COMMENT) && !b->keep &&
        b->base_cls >= CL_NEAR && link_density(b) <= LINK_DENSITY_MAX &&
        !b->phrase) {
      b->keep = 1;
      b->reason = "comment, kept by the comments option";
    }
  }
}

/* Each stage is a pass or two over the blocks: a stage spends n units of
 * the time budget. */
static int out_of_time(cl_blocks *bl) {
  return cl_deadline_spend(bl->deadline, bl->n);
}

static cleaner_status run_stages(const cl_lexicon *lx, cl_blocks *bl,
                                 const cl_classify_opts *opts, scratch *s,
                                 cl_buf *fold) {
  cl_detect_lang(lx, bl);
  double density = cl_lexicon_density(lx, bl->lang);
  int lang = bl->lang >= 0 && stopwords_fit(bl, density) ? bl->lang : -1;
  for (size_t i = 0; i < bl->n; i++) {
    cl_block *b = &bl->v[i];
    const char *why = "";
    int cls = base_class(b, lang, density, s->ln, bl->nc > 1, &why);
    set(b, cls, why);
    b->base_cls = b->cls;
    b->points = (float)block_points(b);
  }
  if (out_of_time(bl))
    return CLEANER_ETIME;
  pick_region(bl, s);
  if (out_of_time(bl))
    return CLEANER_ETIME;
  adjust(lx, bl, s, fold);
  cleaner_status st = out_of_time(bl) ? CLEANER_ETIME : sequence_evidence(bl);
  if (st != CLEANER_OK)
    return st;
  if (bl->nc == 1)
    st = region_of_text(bl, s);
  if (st != CLEANER_OK)
    return st;
  apply_region(bl, s);
  text_headline(bl, opts);
  mark_runs(bl);
  st = out_of_time(bl) ? CLEANER_ETIME : smooth(bl, s);
  if (st == CLEANER_OK && out_of_time(bl))
    st = CLEANER_ETIME;
  if (st != CLEANER_OK)
    return st;
  keep_table_rows(bl);
  if (keep_prose_lists(bl) != CLEANER_OK)
    return CLEANER_ENOMEM;
  keep_headings(bl, s);
  pick_headline(bl, s, opts, fold);
  keep_first_paragraph(bl, s);
  keep_short_page(bl, s);
  drop_repeats(bl);
  decide(bl);
  dump(bl, s);
  return fold->oom ? CLEANER_ENOMEM : CLEANER_OK;
}

cleaner_status cl_classify(const cl_lexicon *lx, cl_blocks *bl,
                           const cl_classify_opts *opts) {
  if (bl->n == 0)
    return CLEANER_OK;
  scratch s;
  s.ln = &leans[opts->favor];
  s.memo = opts->memo;
  s.total = cl_calloc(bl->mem, bl->nc, sizeof *s.total);
  s.chars = cl_calloc(bl->mem, bl->nc, sizeof *s.chars);
  s.links = cl_calloc(bl->mem, bl->nc, sizeof *s.links);
  s.good = cl_calloc(bl->mem, bl->nc, sizeof *s.good);
  s.bad = cl_calloc(bl->mem, bl->nc, sizeof *s.bad);
  s.prose = cl_calloc(bl->mem, bl->nc, sizeof *s.prose);
  s.inreg = cl_calloc(bl->mem, bl->nc, sizeof *s.inreg);
  s.breg = cl_calloc(bl->mem, bl->n, sizeof *s.breg);
  cl_buf fold;
  cl_buf_init(&fold, bl->mem);
  cleaner_status st = CLEANER_ENOMEM;
  if (s.total && s.chars && s.links && s.good && s.bad && s.prose && s.inreg &&
      s.breg) {
    st = run_stages(lx, bl, opts, &s, &fold);
  }
  cl_buf_free(&fold);
  cl_free(bl->mem, s.total);
  cl_free(bl->mem, s.chars);
  cl_free(bl->mem, s.links);
  cl_free(bl->mem, s.good);
  cl_free(bl->mem, s.bad);
  cl_free(bl->mem, s.prose);
  cl_free(bl->mem, s.inreg);
  cl_free(bl->mem, s.breg);
  return st;
}
