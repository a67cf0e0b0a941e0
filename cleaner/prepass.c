/*
 * Pre-pass over UTF-8 HTML before Gumbo parses it (prepass.h says what it
 * drops). One forward scan: text is found with memchr and copied in runs;
 * each tag, comment or raw-text element is read once, in place.
 *
 * The tokenizer half follows the WHATWG tokenizer in every state that
 * decides where a token ends: data, tag open, end tag open, tag name, the
 * attribute states (quoted values may hold '>' and '<'), self-closing,
 * markup declaration open, comments ("<!-->", "<!--->", "--!>", unterminated
 * ones), bogus comments ("<?x>", "</ x>", "<!x>", "<![CDATA[" outside
 * foreign content), DOCTYPE, CDATA sections (foreign content only), RCDATA,
 * RAWTEXT, script data with its escape states, and PLAINTEXT.
 *
 * The other half is the least of the tree builder that decides which of
 * those states applies and where a dropped subtree ends (a <style> in <svg>
 * is not raw text; "</p>" inside an svg closes it only when a p is open):
 *
 *  - a stack of contexts: ROOT (the page, written out) and the dropped
 *    subtrees opened in it: template, svg/math ("foreign"), noscript in the
 *    head, noscript and object in the body;
 *  - per context, the elements open inside it ("entries"), with the HTML
 *    end-tag rules that depend on them (scope, special elements, implied
 *    end tags, foreign content, integration points);
 *  - in ROOT, the open elements (for the depth cap and those rules), the
 *    active formatting elements, the table and select modes, whether the
 *    parser is still in the head, and the parser's form pointer and
 *    frameset-ok flag as far as dropped tokens change them.
 *
 * When a token inside a dropped noscript, object or svg/math subtree has an
 * effect that depends on what the model does not hold exactly (for example
 * "</p>" inside svg while a p may be open outside it), the pre-pass stops
 * dropping that subtree: it writes the start tags of the elements then open
 * in it ("materialises" it, a "bail-out") and goes on writing, so that
 * Gumbo decides as on the whole page. Inside a template nothing is written
 * and such cases are guessed (only where the template ends can then
 * differ).
 *
 * What a dropped token leaves behind is put back where it matters:
 *  - an empty comment where its two sides would otherwise join: "<" or an
 *    unfinished "&ref" followed by text would become a tag or a character
 *    reference; a whitespace-only run meeting a run with text changes where
 *    foster parenting puts them around a table; a newline right after <pre>
 *    would be eaten by the parser;
 *  - an empty <svg/> for a dropped svg, math, object or body noscript, which
 *    like them reopens formatting elements, ends the head and is foster
 *    parented, but holds nothing; a math in a written context becomes
 *    <math> holding the text of its tokens instead (writes_math), closed
 *    where the math closes;
 *  - a <frameset> the parser would refuse after a dropped element that set
 *    frameset-ok to "not ok" is dropped too; a "</form>" before an
 *    <isindex> when the one that cleared the form pointer was dropped.
 *
 * With a runs table (prepass.h), runs of plain text in the body are
 * written as one private-use character each, which Gumbo reads as one
 * character instead of many and the walk expands (cl_pp_expand).
 *
 * Gumbo 0.10.1 specifics followed: its tag set (below); all unknown tags
 * share one tag id, so "</x-a>" closes an open <x-b>; svg title is not a
 * special element; </applet>, </marquee> and </object> look for their
 * element in table scope; in foreign content only an end tag written
 * exactly "</name>" closes an element (not "</svg >"); a formatting end tag
 * that meets a marker in the list of active formatting elements is ignored.
 */
#include "prepass.h"

#include "hint.h"

#include <gumbo.h>

#include <stdint.h>
#include <string.h>

/* ---- Tags ---------------------------------------------------------------
 * Per-tag properties from the HTML parsing spec as Gumbo 0.10.1 implements
 * it. F_UNCOUNTED: not counted for the depth cap, because the end tag is
 * often omitted and the next start tag closes them (p, li, dd, dt, option,
 * table parts, html, head, body), or because the element holds only text or
 * is handled as a dropped subtree. rb, rt, rp, rtc and optgroup are counted
 * although their end tags are optional: without an enclosing ruby or select
 * Gumbo nests them without limit (20,000 nested <rt> took 27 s). */
enum {
  F_VOID = 1 << 0,      /* inserted and popped at once */
  F_UNCOUNTED = 1 << 1, /* see above */
  F_SPECIAL = 1 << 2,   /* the spec's "special" category */
  F_PCLOSE = 1 << 3,    /* its start tag closes a p in button scope */
  F_BREAKOUT = 1 << 4,  /* its start tag leaves svg/math */
  F_FORMAT = 1 << 5,    /* formatting element (adoption agency) */
  F_HEADING = 1 << 6,   /* h1-h6 */
  F_HEADOK = 1 << 7,    /* does not end the head */
  F_TABLEISH = 1 << 8,  /* table structure: rules depend on the table mode */
  F_SCOPE = 1 << 9,     /* bounds "has an element in scope" */
  F_BLOCKEND = 1 << 10, /* end tag closes it only when in scope */
  F_NSOK = 1 << 11,     /* leaves nothing open inside a body noscript */
  F_FSBREAK = 1 << 12,  /* sets frameset-ok to "not ok" */
  F_TSCOPE = 1 << 13,   /* bounds "has an element in table scope" */
  /* applet, marquee, object: Gumbo 0.10.1 closes them when in table scope
   * (the spec says scope), so their end tags pass integration points. */
  F_TSCOPE_END = 1 << 14,
  F_NORECON = 1 << 15, /* its start tag does not reopen formatting elements */
  RAW_SHIFT = 16,
  RAW_SCRIPT = 1 << RAW_SHIFT, /* script data, dropped */
  RAW_DROP = 2 << RAW_SHIFT,   /* raw text, dropped */
  RAW_KEEP = 3 << RAW_SHIFT,   /* raw text (xmp), kept verbatim */
  RAW_RCDATA = 4 << RAW_SHIFT, /* title, textarea: kept verbatim */
  RAW_PLAIN = 5 << RAW_SHIFT,  /* plaintext: the rest of the input */
  RAW_MASK = 7 << RAW_SHIFT
};

/* Slots of the tag name hash table (a power of two, over three times
 * Gumbo's 150 tags so that probes stay short). */
#define TAG_SLOTS 512
/* Longest tag name Gumbo knows ("annotation-xml"). */
#define TAG_NAME_MAX 14
/* Gumbo 0.10.1's tags in its order (tag_enum.h), with their properties. */
#define TAGS(X)                                                                \
  X(HTML, "html",                                                              \
    F_UNCOUNTED | F_SPECIAL | F_HEADOK | F_SCOPE | F_TSCOPE | F_NORECON)       \
  X(HEAD, "head", F_UNCOUNTED | F_SPECIAL | F_BREAKOUT | F_HEADOK | F_NORECON) \
  X(TITLE, "title",                                                            \
    F_UNCOUNTED | F_SPECIAL | F_HEADOK | F_NORECON | F_NSOK | RAW_RCDATA)      \
  X(BASE, "base", F_VOID | F_SPECIAL | F_HEADOK | F_NORECON | F_NSOK)          \
  X(LINK, "link", F_VOID | F_SPECIAL | F_HEADOK | F_NORECON | F_NSOK)          \
  X(META, "meta",                                                              \
    F_VOID | F_SPECIAL | F_BREAKOUT | F_HEADOK | F_NORECON | F_NSOK)           \
  X(STYLE, "style",                                                            \
    F_UNCOUNTED | F_SPECIAL | F_HEADOK | F_NORECON | F_NSOK | RAW_DROP)        \
  X(SCRIPT, "script",                                                          \
    F_UNCOUNTED | F_SPECIAL | F_HEADOK | F_NORECON | F_NSOK | RAW_SCRIPT)      \
  X(NOSCRIPT, "noscript", F_UNCOUNTED | F_SPECIAL | F_HEADOK | F_NSOK)         \
  X(TEMPLATE, "template",                                                      \
    F_UNCOUNTED | F_SPECIAL | F_HEADOK | F_SCOPE | F_TSCOPE | F_NORECON |      \
        F_NSOK)                                                                \
  X(BODY, "body",                                                              \
    F_UNCOUNTED | F_SPECIAL | F_BREAKOUT | F_FSBREAK | F_NORECON)              \
  X(ARTICLE, "article", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)         \
  X(SECTION, "section", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)         \
  X(NAV, "nav", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)                 \
  X(ASIDE, "aside", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)             \
  X(H1, "h1", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_HEADING | F_NORECON)       \
  X(H2, "h2", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_HEADING | F_NORECON)       \
  X(H3, "h3", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_HEADING | F_NORECON)       \
  X(H4, "h4", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_HEADING | F_NORECON)       \
  X(H5, "h5", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_HEADING | F_NORECON)       \
  X(H6, "h6", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_HEADING | F_NORECON)       \
  X(HGROUP, "hgroup", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)           \
  X(HEADER, "header", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)           \
  X(FOOTER, "footer", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)           \
  X(ADDRESS, "address", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)         \
  X(P, "p", F_UNCOUNTED | F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_NORECON)       \
  X(HR, "hr",                                                                  \
    F_VOID | F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_FSBREAK | F_NORECON)        \
  X(PRE, "pre",                                                                \
    F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_BLOCKEND | F_FSBREAK | F_NORECON)    \
  X(BLOCKQUOTE, "blockquote",                                                  \
    F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_BLOCKEND | F_NORECON)                \
  X(OL, "ol", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_BLOCKEND | F_NORECON)      \
  X(UL, "ul", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_BLOCKEND | F_NORECON)      \
  X(LI, "li",                                                                  \
    F_UNCOUNTED | F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_FSBREAK | F_NORECON)   \
  X(DL, "dl", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_BLOCKEND | F_NORECON)      \
  X(DT, "dt",                                                                  \
    F_UNCOUNTED | F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_FSBREAK | F_NORECON)   \
  X(DD, "dd",                                                                  \
    F_UNCOUNTED | F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_FSBREAK | F_NORECON)   \
  X(FIGURE, "figure", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)           \
  X(FIGCAPTION, "figcaption", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)   \
  X(MAIN, "main", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)               \
  X(DIV, "div", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_BLOCKEND | F_NORECON)    \
  X(A, "a", F_FORMAT)                                                          \
  X(EM, "em", F_BREAKOUT | F_FORMAT)                                           \
  X(STRONG, "strong", F_BREAKOUT | F_FORMAT)                                   \
  X(SMALL, "small", F_BREAKOUT | F_FORMAT)                                     \
  X(S, "s", F_BREAKOUT | F_FORMAT)                                             \
  X(CITE, "cite", 0)                                                           \
  X(Q, "q", 0)                                                                 \
  X(DFN, "dfn", 0)                                                             \
  X(ABBR, "abbr", 0)                                                           \
  X(DATA, "data", 0)                                                           \
  X(TIME, "time", 0)                                                           \
  X(CODE, "code", F_BREAKOUT | F_FORMAT)                                       \
  X(VAR, "var", F_BREAKOUT)                                                    \
  X(SAMP, "samp", 0)                                                           \
  X(KBD, "kbd", 0)                                                             \
  X(SUB, "sub", F_BREAKOUT)                                                    \
  X(SUP, "sup", F_BREAKOUT)                                                    \
  X(I, "i", F_BREAKOUT | F_FORMAT)                                             \
  X(B, "b", F_BREAKOUT | F_FORMAT)                                             \
  X(U, "u", F_BREAKOUT | F_FORMAT)                                             \
  X(MARK, "mark", 0)                                                           \
  X(RUBY, "ruby", F_BREAKOUT)                                                  \
  X(RT, "rt", F_NORECON)                                                       \
  X(RP, "rp", F_NORECON)                                                       \
  X(BDI, "bdi", 0)                                                             \
  X(BDO, "bdo", 0)                                                             \
  X(SPAN, "span", F_BREAKOUT)                                                  \
  X(BR, "br", F_VOID | F_SPECIAL | F_BREAKOUT | F_FSBREAK | F_NSOK)            \
  X(WBR, "wbr", F_VOID | F_SPECIAL | F_FSBREAK | F_NSOK)                       \
  X(INS, "ins", 0)                                                             \
  X(DEL, "del", 0)                                                             \
  X(IMAGE, "image", F_VOID | F_FSBREAK | F_NSOK)                               \
  X(IMG, "img", F_VOID | F_SPECIAL | F_BREAKOUT | F_FSBREAK | F_NSOK)          \
  X(IFRAME, "iframe",                                                          \
    F_UNCOUNTED | F_SPECIAL | F_FSBREAK | F_NORECON | F_NSOK | RAW_DROP)       \
  X(EMBED, "embed", F_VOID | F_SPECIAL | F_BREAKOUT | F_FSBREAK | F_NSOK)      \
  X(OBJECT, "object",                                                          \
    F_UNCOUNTED | F_SPECIAL | F_SCOPE | F_TSCOPE_END | F_FSBREAK)              \
  X(PARAM, "param", F_VOID | F_SPECIAL | F_NORECON | F_NSOK)                   \
  X(VIDEO, "video", 0)                                                         \
  X(AUDIO, "audio", 0)                                                         \
  X(SOURCE, "source", F_VOID | F_SPECIAL | F_NORECON | F_NSOK)                 \
  X(TRACK, "track", F_VOID | F_SPECIAL | F_NORECON | F_NSOK)                   \
  X(CANVAS, "canvas", 0)                                                       \
  X(MAP, "map", 0)                                                             \
  X(AREA, "area", F_VOID | F_SPECIAL | F_FSBREAK | F_NSOK)                     \
  X(MATH, "math", F_UNCOUNTED | F_NSOK)                                        \
  X(MI, "mi", 0)                                                               \
  X(MO, "mo", 0)                                                               \
  X(MN, "mn", 0)                                                               \
  X(MS, "ms", 0)                                                               \
  X(MTEXT, "mtext", 0)                                                         \
  X(MGLYPH, "mglyph", 0)                                                       \
  X(MALIGNMARK, "malignmark", 0)                                               \
  X(ANNOTATION_XML, "annotation-xml", 0)                                       \
  X(SVG, "svg", F_UNCOUNTED | F_NSOK)                                          \
  X(FOREIGNOBJECT, "foreignobject", 0)                                         \
  X(DESC, "desc", 0)                                                           \
  X(TABLE, "table",                                                            \
    F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_TABLEISH | F_SCOPE | F_TSCOPE |      \
        F_FSBREAK | F_NORECON)                                                 \
  X(CAPTION, "caption", F_SPECIAL | F_TABLEISH | F_SCOPE | F_NORECON)          \
  X(COLGROUP, "colgroup", F_UNCOUNTED | F_SPECIAL | F_TABLEISH | F_NORECON)    \
  X(COL, "col", F_VOID | F_SPECIAL | F_TABLEISH | F_NORECON)                   \
  X(TBODY, "tbody", F_UNCOUNTED | F_SPECIAL | F_TABLEISH | F_NORECON)          \
  X(THEAD, "thead", F_UNCOUNTED | F_SPECIAL | F_TABLEISH | F_NORECON)          \
  X(TFOOT, "tfoot", F_UNCOUNTED | F_SPECIAL | F_TABLEISH | F_NORECON)          \
  X(TR, "tr", F_UNCOUNTED | F_SPECIAL | F_TABLEISH | F_NORECON)                \
  X(TD, "td", F_UNCOUNTED | F_SPECIAL | F_TABLEISH | F_SCOPE | F_NORECON)      \
  X(TH, "th", F_UNCOUNTED | F_SPECIAL | F_TABLEISH | F_SCOPE | F_NORECON)      \
  X(FORM, "form", F_SPECIAL | F_PCLOSE | F_NORECON)                            \
  X(FIELDSET, "fieldset", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)       \
  X(LEGEND, "legend", 0)                                                       \
  X(LABEL, "label", 0)                                                         \
  X(INPUT, "input", F_VOID | F_SPECIAL | F_FSBREAK | F_NSOK)                   \
  X(BUTTON, "button", F_SPECIAL | F_BLOCKEND | F_FSBREAK)                      \
  X(SELECT, "select", F_SPECIAL | F_FSBREAK)                                   \
  X(DATALIST, "datalist", 0)                                                   \
  X(OPTGROUP, "optgroup", 0)                                                   \
  X(OPTION, "option", F_UNCOUNTED)                                             \
  X(TEXTAREA, "textarea",                                                      \
    F_UNCOUNTED | F_SPECIAL | F_FSBREAK | F_NORECON | F_NSOK | RAW_RCDATA)     \
  X(KEYGEN, "keygen", F_VOID | F_SPECIAL | F_FSBREAK | F_NSOK)                 \
  X(OUTPUT, "output", 0)                                                       \
  X(PROGRESS, "progress", 0)                                                   \
  X(METER, "meter", 0)                                                         \
  X(DETAILS, "details", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)         \
  X(SUMMARY, "summary", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)         \
  X(MENU, "menu", F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_BLOCKEND | F_NORECON)  \
  X(MENUITEM, "menuitem", F_VOID | F_SPECIAL | F_HEADOK | F_NORECON | F_NSOK)  \
  X(APPLET, "applet", F_SPECIAL | F_SCOPE | F_TSCOPE_END | F_FSBREAK)          \
  X(ACRONYM, "acronym", 0)                                                     \
  X(BGSOUND, "bgsound", F_VOID | F_SPECIAL | F_HEADOK | F_NORECON | F_NSOK)    \
  X(DIR, "dir", F_SPECIAL | F_PCLOSE | F_BLOCKEND | F_NORECON)                 \
  X(FRAME, "frame", F_VOID | F_SPECIAL | F_NORECON)                            \
  X(FRAMESET, "frameset", F_UNCOUNTED | F_SPECIAL | F_NORECON)                 \
  X(NOFRAMES, "noframes",                                                      \
    F_UNCOUNTED | F_SPECIAL | F_HEADOK | F_NORECON | F_NSOK | RAW_DROP)        \
  X(ISINDEX, "isindex", F_VOID | F_SPECIAL | F_PCLOSE | F_NORECON)             \
  X(LISTING, "listing",                                                        \
    F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_BLOCKEND | F_FSBREAK | F_NORECON)    \
  X(XMP, "xmp", F_UNCOUNTED | F_SPECIAL | F_PCLOSE | F_FSBREAK | RAW_KEEP)     \
  X(NEXTID, "nextid", 0)                                                       \
  X(NOEMBED, "noembed",                                                        \
    F_UNCOUNTED | F_SPECIAL | F_NORECON | F_NSOK | RAW_DROP)                   \
  X(PLAINTEXT, "plaintext",                                                    \
    F_UNCOUNTED | F_SPECIAL | F_PCLOSE | F_NORECON | RAW_PLAIN)                \
  X(RB, "rb", F_NORECON)                                                       \
  X(STRIKE, "strike", F_BREAKOUT | F_FORMAT)                                   \
  X(BASEFONT, "basefont", F_VOID | F_SPECIAL | F_HEADOK | F_NORECON | F_NSOK)  \
  X(BIG, "big", F_BREAKOUT | F_FORMAT)                                         \
  X(BLINK, "blink", 0)                                                         \
  X(CENTER, "center",                                                          \
    F_SPECIAL | F_PCLOSE | F_BREAKOUT | F_BLOCKEND | F_NORECON)                \
  X(FONT, "font", F_FORMAT)                                                    \
  X(MARQUEE, "marquee", F_SPECIAL | F_SCOPE | F_TSCOPE_END | F_FSBREAK)        \
  X(MULTICOL, "multicol", 0)                                                   \
  X(NOBR, "nobr", F_BREAKOUT | F_FORMAT)                                       \
  X(SPACER, "spacer", 0)                                                       \
  X(TT, "tt", F_BREAKOUT | F_FORMAT)                                           \
  X(RTC, "rtc", F_NORECON)

#define TAG_ENUM(id, name, flags) T_##id,
#define TAG_NAME(id, name, flags) name,
#define TAG_FLAGS(id, name, flags) flags,
enum tag_id { T_UNKNOWN, TAGS(TAG_ENUM) T_COUNT };
static const char *const tag_names[T_COUNT] = {"", TAGS(TAG_NAME)};
static const uint32_t tag_flags[T_COUNT] = {0, TAGS(TAG_FLAGS)};
/* FNV-1a, 64-bit: names are matched by the hash of their lowercase form. */
#define FNV_OFFSET 14695981039346656037ull
#define FNV_PRIME 1099511628211ull

/* Written where a dropped token stood when the text on its two sides must
 * stay two runs: an empty comment is a token in every insertion mode and
 * adds no text. */
static const char SEP[] = "<!---->";
#define SEP_LEN (sizeof SEP - 1)
/* A text run ending in an unfinished character reference could be completed
 * by the next run; the longest named reference is 33 bytes. */
#define REF_TAIL_MAX 40
/* Slots of the table counting start tags dropped by the depth cap, per name
 * (a power of two). Past 3/4 full, more names are dropped without their end
 * tags being matched; the parser then ignores those or closes an outer
 * element of the same name, which keeps the text. */
#define DROP_SLOTS 256
/* Contexts nested inside each other (svg in foreignObject in svg ...). Real
 * pages nest two or three; deeper ones are not modelled. */
#define CTX_MAX 256
/* Entries (elements open inside dropped subtrees) kept at least, whatever
 * max_depth is; deeper nesting inside a subtree is flattened. */
#define ENT_MIN 256
/* ROOT keeps uncounted elements (p, li, td ...) too, for the rules that
 * depend on them. They close each other, so each counted element holds a
 * few at most (a table: tbody, tr, td); past this many per counted one the
 * model has lost track, and more are not kept. */
#define UNCOUNTED_PER 4
#define UNCOUNTED_SLACK 64
/* Entries of ROOT's list of active formatting elements kept; the oldest go
 * first (the parser keeps three of a kind at most, so real pages hold a
 * handful). */
#define AFL_MAX 64

enum { NS_HTML, NS_SVG, NS_MATH };
/* Integration points: where svg/math content goes back to HTML rules. */
enum { IP_NONE, IP_HTML, IP_MTEXT, IP_ANNOT };
enum { CX_ROOT, CX_HNOSCRIPT, CX_NOSCRIPT, CX_OBJECT, CX_TEMPLATE, CX_FOREIGN };
/* Before the body: in the head (or before it), after it, or in the body.
 * A noscript is a head noscript only in the first, and a <frameset> is
 * refused after a frameset-breaking element only in the last. */
enum { HM_HEAD, HM_AFTER, HM_BODY };
/* Text written since the last token: none, whitespace only, or text. */
enum { TC_NONE, TC_WS, TC_TEXT };
/* Attributes the metadata capture reads (their first occurrence). */
enum {
  CA_NAME,
  CA_PROPERTY,
  CA_ITEMPROP,
  CA_CONTENT,
  CA_DATETIME,
  CA_HREF,
  CA_REL,
  CA_LANG,
  CA_TYPE,
  CA_COUNT
};
/* What an end tag passed on its way out of svg/math: an integration point
 * (bounds scope) and one that is also special (in Gumbo 0.10.1, all but
 * svg title). */
enum { CROSS_SCOPE = 1, CROSS_SPECIAL = 2 };
/* Outcome of an end tag in a context. */
enum { R_IGNORE, R_POP, R_UNSURE, R_CLOSE, R_BOTTOM, R_OUT };

/* Attributes the walk reads hints from (html.c's element_hint()), and
 * aria-hidden: bits of tag.hint_seen. */
enum {
  HA_CLASS,
  HA_ID,
  HA_ROLE,
  HA_ITEMPROP,
  HA_ARIA_LABEL,
  HA_HINTS,
  HA_ARIA_HIDDEN = HA_HINTS
};

typedef struct tag {
  const char *name; /* as written */
  size_t nlen;
  uint64_t hash;
  uint32_t flags;
  uint8_t id, is_end, self_closing;
  uint8_t bare;          /* end tag written "</name>", nothing else */
  uint8_t font_attr;     /* color, face or size: <font> leaves svg/math */
  uint8_t attr_seen;     /* the encoding (annotation-xml) or type (input)
                            attribute was read: the first one counts */
  uint8_t html_enc;      /* it says text/html or application/xhtml+xml */
  uint8_t last_unquoted; /* the last kept attribute has an unquoted value */
  uint8_t hidden;        /* <input type=hidden>: keeps frameset-ok */
  uint32_t open_attrs;   /* aria-* (any attribute of isindex) kept */
  uint32_t nattrs;       /* attributes written */
  /* For boilerplate regions (pp.lx): its class, id, role, itemprop and
   * aria-label values as written (HA_*), read by tag_hint_sum(). */
  const char *hv[HA_HINTS];
  uint32_t hn[HA_HINTS];
  uint8_t hint_seen; /* HA_* bits: the first of each name counts */
  uint8_t hides;     /* written with hidden: the walk skips it */
  uint8_t og_title;  /* property="og:title", which the walk reads */
} tag;

typedef struct ent {
  uint64_t hash;
  const char *name;
  uint32_t nlen;
  uint8_t id, ns, ip;
  uint8_t counted; /* ROOT: counts for the depth cap */
} ent;

typedef struct ctx {
  size_t base;    /* first entry */
  uint32_t count; /* nested noscripts */
  uint8_t kind, drop, in_select, select_in_table;
  uint8_t started;    /* template: a start tag was seen in it */
  uint8_t table_mode; /* template that started with a table part */
  uint8_t colgroup;   /* template whose first start tag was <col>: the
                         "in column group" mode ignores all but col/template */
} ctx;

/* An entry of the active formatting elements list: a formatting element,
 * open or closed by something else than its end tag (then reopened by the
 * next text or start tag), or a marker (cell, caption, applet, marquee,
 * object) that bounds the reopening. */
typedef struct fmt {
  uint64_t hash;
  uint8_t id, open, marker;
} fmt;

typedef struct drop_slot {
  uint64_t key;
  uint32_t n;
} drop_slot;

typedef struct pp {
  const char *p, *end;
  cl_buf *out;
  cl_buf attrs; /* kept attributes of the tag being read */
  const cl_mem *mem;
  unsigned max_depth;
  unsigned keep; /* CL_PP_* */
  size_t ent_limit;
  ent *stack; /* ROOT's open elements */
  size_t depth, stack_cap;
  size_t counted;                  /* those that count for the depth cap */
  size_t open_p, open_li, open_dd; /* open p, li, dd or dt elements */
  size_t open_pre; /* open pre, listing or textarea: white space kept */
  size_t math_ctx; /* index + 1 of the dropped math written as text, or 0 */
  ctx *cx;
  size_t ncx, cx_cap;
  ent *ent;
  size_t nent, ent_cap;
  uint8_t tag_slots[TAG_SLOTS]; /* tag ids by name hash */
  fmt afl[AFL_MAX];             /* ROOT's active formatting elements */
  size_t nafl;
  drop_slot drops[DROP_SLOTS];
  size_t drops_used, dropped;
  uint64_t opened[4]; /* tag ids ever opened in ROOT (0: an unknown tag) */
  uint8_t mode;       /* HM_*: where the parser is on the page */
  uint8_t text_class, pending_sep, pre_pending, pre_sep;
  uint8_t fs_dropped;   /* a dropped element had set frameset-ok to "not ok" */
  uint8_t form_dropped; /* a dropped </form> had reset the form pointer */
  uint8_t form_ptr;     /* the parser's form element pointer is set */
  uint8_t cut;          /* max_nodes was reached: the output ends there */
  size_t nodes, max_nodes; /* start tags written, and their cap (0: none) */
  size_t code_classes;     /* <code class> kept (CODE_CLASS_MAX) */
  cl_deadline *deadline;
  cleaner_status st;
  cl_buf *cap;       /* metadata captures (prepass.h), or NULL */
  cl_pp_runs *runs;  /* runs written as placeholders, or NULL: none */
  uint8_t cap_title; /* the first <title> was captured */
  /* Boilerplate regions (region_open()); lx NULL: none. */
  const cl_lexicon *lx;
  cl_hint_cache *hc, *own_hc; /* the caller's, or one for this page */
  size_t *regions; /* text dropped in hinted regions (prepass.h), or NULL */
  size_t bp_depth; /* the region's element: stack index + 1; 0: none open */
  size_t bp_out;   /* output length after its start tag */
  size_t bp_runs;  /* placeholders written before it */
  size_t bp_nafl;  /* active formatting elements when it opened */
  size_t bp_text;  /* bytes of text written inside it */
  int16_t bp_hint; /* its hint */
  uint8_t bp_id, bp_form, bp_skip, bp_cancel, bp_closing;
  uint16_t ca_seen; /* CA_* bits: attributes of the tag being read */
  const char *ca_v[CA_COUNT];
  size_t ca_n[CA_COUNT];
} pp;

/* ---- Small helpers ------------------------------------------------------ */

static int is_ws(unsigned char c) {
  /* CR counts: the parser turns it into LF before tokenizing. */
  return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
}
static int is_alpha(unsigned char c) {
  return (unsigned)((c | 0x20) - 'a') < 26;
}
static unsigned char lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}
static int is_end_term(unsigned char c) {
  return is_ws(c) || c == '/' || c == '>';
}
static int ci_eq(const char *a, const char *lit, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (lower((unsigned char)a[i]) != (unsigned char)lit[i])
      return 0;
  return 1;
}
static int digit_value(unsigned char c, int hex) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = lower(c);
  return hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}
/* After a character reference at p ('&') that the tokenizer turns into
 * whitespace ("&#32;", "&#x9", "&Tab;", "&NewLine;"), or NULL. */
static const char *ws_ref(const char *p, const char *end) {
  unsigned long v = 0;
  int hex = 0, n = 0, d;
  if (++p >= end)
    return NULL;
  if (*p != '#') {
    if (end - p >= 4 && memcmp(p, "Tab;", 4) == 0)
      return p + 4;
    return end - p >= 8 && memcmp(p, "NewLine;", 8) == 0 ? p + 8 : NULL;
  }
  if (++p < end && (*p == 'x' || *p == 'X')) {
    hex = 1;
    p++;
  }
  for (; p < end && (d = digit_value((unsigned char)*p, hex)) >= 0; p++, n++)
    v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + (unsigned long)d;
  if (n == 0 || !(v == 9 || v == 10 || v == 12 || v == 13 || v == 32))
    return NULL;
  return p < end && *p == ';' ? p + 1 : p;
}
/* The first character that is not whitespace as the tree builder sees it
 * (character references included), or b. */
static const char *skip_ws_refs(const char *a, const char *b) {
  while (a < b) {
    const char *r;
    if (is_ws((unsigned char)*a))
      a++;
    else if (*a == '&' && (r = ws_ref(a, b)) != NULL)
      a = r;
    else
      break;
  }
  return a;
}
static int has_text(const char *a, const char *b) {
  return skip_ws_refs(a, b) < b;
}
static const char *skip_ws(const char *p, const char *end) {
  while (p < end && is_ws((unsigned char)*p))
    p++;
  return p;
}
static uint64_t hash_lit(const char *s) {
  uint64_t h = FNV_OFFSET;
  while (*s)
    h = (h ^ (unsigned char)*s++) * FNV_PRIME;
  return h;
}
/* The tag name table: open addressing on the name hash. Built per call, in
 * about a microsecond, so that it follows TAGS without generated numbers. */
static void tag_table_init(uint8_t *slots) {
  memset(slots, 0, TAG_SLOTS);
  for (int id = 1; id < T_COUNT; id++) {
    size_t i = hash_lit(tag_names[id]) & (TAG_SLOTS - 1);
    while (slots[i])
      i = (i + 1) & (TAG_SLOTS - 1);
    slots[i] = (uint8_t)id;
  }
}
static int tag_id(const pp *s, const char *low, size_t n, uint64_t h) {
  if (n == 0 || n > TAG_NAME_MAX)
    return T_UNKNOWN;
  for (size_t i = h & (TAG_SLOTS - 1); s->tag_slots[i];
       i = (i + 1) & (TAG_SLOTS - 1)) {
    /* memcmp, not strncmp: a name read from the page may hold a NUL, and
     * "s\0" must not match "s" and send name[n] past its end (fuzzer). */
    const char *name = tag_names[s->tag_slots[i]];
    if (strlen(name) == n && memcmp(name, low, n) == 0)
      return s->tag_slots[i];
  }
  return T_UNKNOWN;
}
/* HTML element identity in Gumbo 0.10.1: unknown tags all compare equal. */
static int html_same(uint8_t id, uint64_t hash, const tag *t) {
  return id == T_UNKNOWN ? t->id == T_UNKNOWN : hash == t->hash;
}

/* End tags closed only when "in scope" (the rest: "any other end tag"). */
static int scoped_end(const tag *t) {
  int id = t->id;
  return (t->flags & (F_BLOCKEND | F_HEADING | F_FORMAT)) || id == T_P ||
         id == T_LI || id == T_DD || id == T_DT || id == T_FORM ||
         id == T_BODY || id == T_HTML;
}
/* Is an end tag stopped by the integration points it passed? */
static int blocked(const tag *t, int crossed) {
  if ((t->flags & (F_TABLEISH | F_TSCOPE_END)) || t->id == T_TEMPLATE)
    return 0; /* table scope and </template> ignore them */
  return scoped_end(t) ? crossed & CROSS_SCOPE : crossed & CROSS_SPECIAL;
}
/* svg title is an HTML integration point that Gumbo does not count as
 * special: "any other end tag" and the <li>/<dd>/<dt> loop walk past it. */
static int ip_special(const ent *e) {
  return e->ip != IP_NONE && !(e->ns == NS_SVG && e->id == T_TITLE);
}

/* Start and end tags that close a select inside a table. */
static int select_table_tag(int id) {
  return id == T_CAPTION || id == T_TABLE || id == T_TBODY || id == T_TFOOT ||
         id == T_THEAD || id == T_TR || id == T_TD || id == T_TH;
}

/* Does the start tag set the parser's frameset-ok flag to "not ok"? */
static int breaks_frameset(const tag *t) {
  return (t->flags & F_FSBREAK) && !(t->id == T_INPUT && t->hidden);
}

static ctx *top(pp *s) { return &s->cx[s->ncx - 1]; }
static size_t ctx_end(const pp *s, size_t ci) {
  return ci + 1 < s->ncx ? s->cx[ci + 1].base : s->nent;
}
static int top_drops(const pp *s) { return s->cx[s->ncx - 1].drop; }
static void *grow(pp *s, void *p, size_t *cap, size_t need, size_t size) {
  void *q = cl_grow(s->mem, p, cap, need, size);
  if (!q)
    s->st = CLEANER_ENOMEM;
  return q;
}
static void set_opened(pp *s, int id) {
  s->opened[id >> 6] |= 1ull << (id & 63);
}
static int was_opened(const pp *s, int id) {
  return (int)((s->opened[id >> 6] >> (id & 63)) & 1);
}

/* ---- Output ------------------------------------------------------------- */

/* Nothing is written once the pass has stopped (no memory, node cap). */
static void put(pp *s, const char *a, size_t n) {
  if (s->st == CLEANER_OK && cl_buf_append(s->out, a, n) != CLEANER_OK)
    s->st = CLEANER_ENOMEM;
}
/* Room for n more bytes at the end of b, written by the caller and then
 * counted with fill_done(); NULL when out of memory. One reservation per tag
 * instead of one per piece: tags are most of the calls. */
static char *fill_start(pp *s, cl_buf *b, size_t n) {
  if (s->st != CLEANER_OK)
    return NULL;
  if (cl_buf_reserve(b, n) != CLEANER_OK) {
    s->st = CLEANER_ENOMEM;
    return NULL;
  }
  return b->ptr + b->len;
}
static void fill_done(cl_buf *b, char *w) {
  b->len = (size_t)(w - b->ptr);
  b->ptr[b->len] = '\0';
}
static char *fill(char *w, const char *a, size_t n) {
  memcpy(w, a, n);
  return w + n;
}
static void token_written(pp *s) {
  s->text_class = TC_NONE;
  s->pending_sep = s->pre_sep = s->pre_pending = 0;
}
/* A token was dropped where one stood in the input. */
static void note_drop(pp *s) {
  if (s->text_class != TC_NONE)
    s->pending_sep = 1;
  if (s->pre_pending)
    s->pre_sep = 1;
}
/* Could the text written last be continued into markup by more text? */
static int risky_tail(const pp *s) {
  const char *b = s->out->ptr, *e = b + s->out->len, *p = e;
  if (p > b && p[-1] == '<')
    return 1;
  while (p > b && e - p < REF_TAIL_MAX &&
         (is_alpha((unsigned char)p[-1]) || (p[-1] >= '0' && p[-1] <= '9') ||
          p[-1] == '#'))
    p--;
  return p > b && p[-1] == '&';
}
/* White space is collapsed outside pre and listing: a run of spaces,
 * tabs and newlines becomes its first newline or else one space. The text
 * the parser builds then differs only in white space, which every later
 * stage collapses anyway; Gumbo has fewer bytes to read. */
static int keeps_ws_id(int id) {
  return id == T_PRE || id == T_LISTING || id == T_TEXTAREA;
}

static int keeps_spaces(const pp *s) { return s->open_pre > 0; }

static void put_collapsed(pp *s, const char *a, const char *b) {
  const char *run = a;
  while (a < b) {
    if (!is_ws((unsigned char)*a)) {
      a++;
      continue;
    }
    const char *w = a;
    int nl = 0;
    while (a < b && is_ws((unsigned char)*a))
      nl |= *a == '\n' || *a == '\r', a++;
    if (a - w > 1) {
      put(s, run, (size_t)(w - run));
      put(s, nl ? "\n" : " ", 1);
      run = a;
    }
  }
  put(s, run, (size_t)(b - run));
}

/* Every node written (element, attribute, text run, comment) counts for
 * max_nodes, and so does every end tag and every formatting element the
 * parser reopens: Gumbo's memory grows with each ("<p>" followed by 39
 * formatting elements, then "<p>x" over and over, made 2.3 GB of 10 MiB).
 * The token that would pass the cap stops the pass (the status is turned
 * back into success at the end). */
static int count_nodes(pp *s, size_t n) {
  if (s->max_nodes && s->nodes + n > s->max_nodes && s->st == CLEANER_OK) {
    s->cut = 1;
    s->st = CLEANER_ETOOBIG;
  }
  s->nodes += n;
  return s->st == CLEANER_OK;
}
/* ---- Placeholders (prepass.h) -------------------------------------------
 * A placeholder is one non-whitespace character where the text had at least
 * one, in a run that holds nothing the tokenizer or the tree builder reads
 * byte by byte: no character reference, no '<', no NUL or other control
 * (which the parser drops, replaces or reports), no invalid UTF-8 (replaced
 * by U+FFFD), no noncharacter. So wherever the parser puts text (the body,
 * foster parenting in a table, reopened formatting elements, frameset-ok)
 * it puts the placeholder, in the same text node. */

/* Shortest run written as a placeholder, in bytes. Each run costs a table
 * entry and an expansion in the walk; Gumbo's cost is per character.
 * Instructions of the whole cleaner without Gumbo's share (callgrind,
 * cleaner-speed --no-gumbo), against no placeholders: readability -24.6%
 * at 1 to 4 bytes, -24.4% at 6, -24.1% at 8, -22.1% at 16, -19.9% at 32;
 * daniel-dev -20.8% at 3 and 4, -20.4% at 8. */
#define RUN_MIN 4
/* U+F0000, the first code point of plane 15 (private use), and its UTF-8
 * form: F3 B0-BF 80-BF 80-BF. */
#define PH_BASE 0xF0000u
#define PH_LEN 4
#define PH_LEAD 0xF3
#define PH_SECOND_LO 0xB0
/* Plane 16 (private use too) in UTF-8: F4 80-8F 80-BF 80-BF. */
#define PLANE16_LEAD 0xF4
#define PLANE16_SECOND_END 0x90
/* Numeric references past this are read as U+FFFD. */
#define CP_MAX 0x10FFFFu

/* Bytes of the character at p that may go into a run, 0 when it may not:
 * printable ASCII but '&' and '<', the white space the parser keeps
 * (space, tab, LF, CR, FF), and 2- and 3-byte UTF-8 that is well formed and
 * not a C1 control, a surrogate or a noncharacter. */
static size_t run_char(const char *q, const char *end) {
  const unsigned char *p = (const unsigned char *)q;
  unsigned c = p[0];
  if (c < 0x80)
    return (c >= 0x20 && c != 0x7F && c != '&' && c != '<') || c == '\t' ||
           c == '\n' || c == '\r' || c == '\f';
  if (c >= 0xC2 && c <= 0xDF)
    return end - q >= 2 && (p[1] & 0xC0) == 0x80 && (c > 0xC2 || p[1] >= 0xA0)
               ? 2
               : 0;
  if (c < 0xE0 || c > 0xEF || end - q < 3 || (p[1] & 0xC0) != 0x80 ||
      (p[2] & 0xC0) != 0x80)
    return 0;
  if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
    return 0; /* overlong, surrogate */
  if (c == 0xEF && ((p[1] == 0xB7 && p[2] >= 0x90 && p[2] <= 0xAF) ||
                    (p[1] == 0xBF && p[2] >= 0xBE)))
    return 0; /* U+FDD0-U+FDEF, U+FFFE, U+FFFF */
  return 3;
}

/* Past a byte that may not go into a run. A character reference stays
 * whole: the tokenizer reads the letters, digits and '#' after '&' and a
 * ';' (a placeholder after "&amp" would leave "amp" undecoded). So does
 * "</>", which it drops ('<' in text is followed by neither a letter nor
 * '!' or '?', and "</" only by '>' or the end, see find_markup). */
static const char *run_break(const char *p, const char *end) {
  if (*p == '<' && end - p > 1 && p[1] == '/')
    return end - p > 2 && p[2] == '>' ? p + 3 : p + 2;
  if (*p++ != '&')
    return p;
  while (p < end &&
         (is_alpha((unsigned char)*p) || (*p >= '0' && *p <= '9') || *p == '#'))
    p++;
  return p < end && *p == ';' ? p + 1 : p;
}

static void put_placeholder(pp *s, const char *a, const char *b) {
  cl_pp_runs *r = s->runs;
  cl_pp_run *v = grow(s, r->run, &r->cap, r->n + 1, sizeof *v);
  if (!v)
    return;
  r->run = v;
  v[r->n].off = (size_t)(a - r->base);
  v[r->n].len = (size_t)(b - a);
  char ph[PH_LEN];
  cl_utf8_encode(PH_BASE + (unsigned)r->n++, ph);
  put(s, ph, PH_LEN);
}

/* Text from its first to its last non-whitespace byte in runs: each of
 * RUN_MIN bytes or more becomes a placeholder, the rest is written as
 * put_collapsed() writes it. Runs begin and end at non-whitespace, so no
 * run of white space is split, and the output is put_collapsed()'s with
 * each run in a placeholder. */
static void put_runs(pp *s, const char *a, const char *b) {
  const char *hi = b, *raw = a, *p;
  size_t run_min = s->runs->min ? s->runs->min : RUN_MIN;
  while (hi > a && is_ws((unsigned char)hi[-1]))
    hi--;
  p = skip_ws(a, hi);
  while (p < hi) {
    const char *q = p, *t;
    size_t n;
    while (q < hi && (n = run_char(q, hi)) != 0)
      q += n;
    for (t = q; t > p && is_ws((unsigned char)t[-1]);)
      t--;
    if ((size_t)(t - p) >= run_min && s->runs->n < CL_PP_RUNS_MAX) {
      put_collapsed(s, raw, p);
      put_placeholder(s, p, t);
      raw = t;
    }
    p = q < hi ? skip_ws(run_break(q, hi), hi) : hi;
  }
  put_collapsed(s, raw, b);
}

/* Placeholders go only where the text is body text for the parser as
 * modelled: ROOT (not svg/math written out after all), not in select,
 * pre, listing or textarea, nor after a frameset (which ignores text but
 * its white space). */
static int runs_here(const pp *s) {
  const ctx *c = &s->cx[s->ncx - 1];
  return s->runs && c->kind == CX_ROOT && !c->drop && s->mode == HM_BODY &&
         !c->in_select && !keeps_spaces(s) && !was_opened(s, T_FRAMESET);
}

static void emit_text(pp *s, const char *a, const char *b) {
  int cls = has_text(a, b) ? TC_TEXT : TC_WS;
  int sep = s->pre_sep && (*a == '\n' || *a == '\r');
  if (s->pending_sep && s->text_class != TC_NONE &&
      (cls != s->text_class || risky_tail(s)))
    sep = 1;
  if (!count_nodes(s, 1 + (size_t)sep))
    return;
  if (sep) {
    put(s, SEP, SEP_LEN);
    s->text_class = TC_NONE;
  }
  s->pending_sep = s->pre_sep = s->pre_pending = 0;
  if (keeps_spaces(s))
    put(s, a, (size_t)(b - a));
  else if (runs_here(s))
    put_runs(s, a, b);
  else
    put_collapsed(s, a, b);
  if (s->bp_depth && cls == TC_TEXT)
    s->bp_text += (size_t)(b - a);
  if (s->text_class == TC_NONE || (s->text_class == TC_WS && cls == TC_WS))
    s->text_class = (uint8_t)cls;
  else
    s->text_class = TC_TEXT;
}
/* Gumbo turns an <isindex> into a form with two rules, a label, a prompt
 * text and an input: 2 MB of "<isindex>" took 418 MiB. */
#define ISINDEX_NODES 7

static void emit_start(pp *s, const tag *t) {
  if (!count_nodes(s, (t->id == T_ISINDEX ? ISINDEX_NODES : 1) + t->nattrs))
    return;
  char *w = fill_start(s, s->out, t->nlen + s->attrs.len + 4);
  if (!w)
    return;
  *w++ = '<';
  w = fill(w, t->name, t->nlen);
  w = fill(w, s->attrs.ptr, s->attrs.len);
  if (t->self_closing && t->last_unquoted) /* "a=b/>": the slash is a's */
    *w++ = ' ';
  if (t->self_closing)
    *w++ = '/';
  *w++ = '>';
  fill_done(s->out, w);
  token_written(s);
  if (t->id == T_PRE || t->id == T_LISTING)
    s->pre_pending = 1; /* the parser drops a newline right after it */
}
static void emit_end(pp *s, const tag *t) {
  if (!count_nodes(s, 1)) /* "</p>" and "</br>" can make an element */
    return;
  char *w = fill_start(s, s->out, t->nlen + 4);
  if (!w)
    return;
  w = fill(w, "</", 2);
  w = fill(w, t->name, t->nlen);
  if (!t->bare) /* "</g >" never closes a foreign element in Gumbo 0.10.1 */
    *w++ = ' ';
  *w++ = '>';
  fill_done(s->out, w);
  token_written(s);
}
/* A start tag written by a context that gives up dropping (bail-out). */
static void emit_synth(pp *s, const char *name, size_t n, const char *attr) {
  if (!count_nodes(s, *attr ? 2 : 1))
    return;
  put(s, "<", 1);
  put(s, name, n);
  put(s, attr, strlen(attr));
  put(s, ">", 1);
  token_written(s);
}

/* ---- Attributes ----------------------------------------------------------
 * Kept: what later stages read (class, id, role, aria-*, itemprop, href
 * without its value, lang, content, name, property, colspan, rowspan,
 * datetime, type), and the few attributes
 * the tree builder itself reads: font's color/face/size (a <font> with one
 * leaves svg/math), annotation-xml's encoding (makes it an HTML integration
 * point) and every attribute of isindex (its prompt becomes text). */
#define ATTR_LOW_MAX 10 /* longest kept name without a prefix: http-equiv */
/* Most aria-* attributes (or attributes of an isindex) kept per element.
 * Gumbo 0.10.1 checks each new attribute against all the element's others,
 * so 50,000 distinct aria-* names took 12 s; real elements carry a few. */
#define OPEN_ATTR_MAX 32
/* <code> is a formatting element, whose attributes format_attr() drops,
 * but its class names the language of a code block ("language-c"): the
 * class of this many code elements per page is kept. Few kinds of
 * formatting element stay few (the reason for format_attr). */
#define CODE_CLASS_MAX 16

/* Elements the walk never enters (html.c's T_SKIP) that the pre-pass
 * writes: their attributes are not read, and the contents of the ones that
 * hold any are dropped like boilerplate regions when the pass has a
 * lexicon. Gumbo's tree does not depend on them but for input's type. */
static int walk_skips(int id) {
  switch (id) {
  case T_INPUT:
  case T_BUTTON:
  case T_SELECT:
  case T_DATALIST:
  case T_OPTGROUP:
  case T_OPTION:
  case T_TEXTAREA:
  case T_EMBED:
  case T_VIDEO:
  case T_AUDIO:
  case T_CANVAS:
  case T_MAP:
  case T_AREA:
    return 1;
  default:
    return 0;
  }
}

static int keep_attr_name(const char *name, size_t n, int id, unsigned keep) {
  char b[ATTR_LOW_MAX];
  if (id == T_ISINDEX)
    return 1;
  if (walk_skips(id)) /* the type of an input sets frameset-ok */
    return id == T_INPUT && n == 4 && ci_eq(name, "type", 4);
  if (n >= 5 && ci_eq(name, "aria-", 5))
    return 1;
  if (n > ATTR_LOW_MAX)
    return 0;
  for (size_t i = 0; i < n; i++)
    b[i] = (char)lower((unsigned char)name[i]);
#define IS(lit) (sizeof lit - 1 == n && memcmp(b, lit, n) == 0)
  switch (n) {
  case 2:
    return IS("id");
  case 3: /* src and alt are read for images in Markdown and HTML output */
    return (keep & CL_PP_IMAGES) && (IS("src") || IS("alt"));
  case 4:
    return IS("href") || IS("role") || IS("lang") || IS("name") || IS("type") ||
           (id == T_FONT && (IS("face") || IS("size")));
  case 5:
    return IS("class") || (id == T_FONT && IS("color"));
  case 6:
    return IS("hidden");
  case 7:
    return IS("content") || IS("colspan") || IS("rowspan");
  case 8:
    return IS("itemprop") || IS("property") || IS("datetime") ||
           (id == T_ANNOTATION_XML && IS("encoding"));
  default:
    return 0;
  }
#undef IS
}

/* The style value hides the element: display:none or visibility:hidden,
 * compared without case and white space. */
static int hides(const char *v, const char *e) {
  static const char *const rules[] = {"display:none", "visibility:hidden"};
  for (const char *p = v; p < e; p++) {
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
      const char *q = p, *x = rules[r];
      while (*x && q < e) {
        if (is_ws((unsigned char)*q)) {
          q++;
          continue;
        }
        if (lower((unsigned char)*q) != (unsigned char)*x)
          break;
        q++;
        x++;
      }
      if (!*x)
        return 1;
    }
  }
  return 0;
}

/* A <font> with this attribute leaves svg/math. */
static int font_breaks_out(const char *name, size_t n) {
  return (n == 5 && ci_eq(name, "color", 5)) ||
         (n == 4 && (ci_eq(name, "face", 4) || ci_eq(name, "size", 4)));
}

/* Record what the tree builder reads from an attribute. */
static void note_attr(tag *t, const char *name, size_t n, const char *v,
                      size_t vn) {
  if (t->id == T_FONT && font_breaks_out(name, n))
    t->font_attr = 1;
  if (t->id == T_INPUT && !t->attr_seen && n == 4 && ci_eq(name, "type", 4)) {
    t->attr_seen = 1;
    t->hidden = vn == 6 && ci_eq(v, "hidden", 6);
  }
  if (t->id == T_ANNOTATION_XML && !t->attr_seen && n == 8 &&
      ci_eq(name, "encoding", 8)) {
    t->attr_seen = 1;
    t->html_enc = (vn == 9 && ci_eq(v, "text/html", 9)) ||
                  (vn == 21 && ci_eq(v, "application/xhtml+xml", 21));
  }
}

/* ---- Metadata capture (prepass.h) -------------------------------------- */

static int capture_attr_id(const char *ns, size_t n) {
  switch (n) {
  case 3:
    return ci_eq(ns, "rel", 3) ? CA_REL : -1;
  case 4:
    return ci_eq(ns, "name", 4)   ? CA_NAME
           : ci_eq(ns, "href", 4) ? CA_HREF
           : ci_eq(ns, "lang", 4) ? CA_LANG
           : ci_eq(ns, "type", 4) ? CA_TYPE
                                  : -1;
  case 7:
    return ci_eq(ns, "content", 7) ? CA_CONTENT : -1;
  case 8:
    return ci_eq(ns, "property", 8)   ? CA_PROPERTY
           : ci_eq(ns, "itemprop", 8) ? CA_ITEMPROP
           : ci_eq(ns, "datetime", 8) ? CA_DATETIME
                                      : -1;
  default:
    return -1;
  }
}

/* Remember an attribute value the capture may need; the first one of a
 * name counts, as in the tokenizer. */
static void capture_attr(pp *s, const char *ns, size_t n, const char *vs,
                         const char *ve) {
  int id = capture_attr_id(ns, n);
  if (id < 0 || (s->ca_seen & (1u << id)))
    return;
  s->ca_seen |= (uint16_t)(1u << id);
  s->ca_v[id] = vs;
  s->ca_n[id] = (size_t)(ve - vs);
}

/* Append one record: kind, key length (2 bytes), value length (4 bytes),
 * key, value. The value is cut at `vmax`. */
static void capture(pp *s, int kind, const char *k, size_t kn, const char *v,
                    size_t vn, size_t vmax) {
  unsigned char h[7];
  cl_buf *c = s->cap;
  if (kn > UINT16_MAX)
    return;
  if (vn > vmax)
    vn = vmax;
  if (c->len + sizeof h + kn + vn > CL_CAP_TOTAL_MAX)
    return;
  h[0] = (unsigned char)kind;
  h[1] = (unsigned char)(kn & 0xFF);
  h[2] = (unsigned char)(kn >> 8);
  for (int i = 0; i < 4; i++)
    h[3 + i] = (unsigned char)((vn >> (8 * i)) & 0xFF);
  cl_buf_append(c, (const char *)h, sizeof h);
  cl_buf_append(c, k, kn);
  cl_buf_append(c, v, vn);
}

static int ca_is(const pp *s, int id, const char *lit) {
  size_t n = strlen(lit);
  return (s->ca_seen & (1u << id)) && s->ca_n[id] == n &&
         ci_eq(s->ca_v[id], lit, n);
}

/* Does the rel value hold the token "canonical"? */
static int rel_canonical(const pp *s) {
  if (!(s->ca_seen & (1u << CA_REL)) || !s->ca_v[CA_REL])
    return 0;
  const char *v = s->ca_v[CA_REL], *e = v + s->ca_n[CA_REL];
  for (const char *p = v; p + 9 <= e; p++)
    if (ci_eq(p, "canonical", 9) && (p == v || is_ws((unsigned char)p[-1])) &&
        (p + 9 == e || is_ws((unsigned char)p[9])))
      return 1;
  return 0;
}

static void capture_meta(pp *s) {
  static const struct {
    int id;
    const char *prefix;
  } keys[] = {{CA_PROPERTY, "property:"},
              {CA_NAME, "name:"},
              {CA_ITEMPROP, "itemprop:"}};
  char k[64];
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    int id = keys[i].id;
    size_t pn = strlen(keys[i].prefix), n = s->ca_n[id];
    if (!(s->ca_seen & (1u << id)) || n == 0 || pn + n > sizeof k)
      continue;
    memcpy(k, keys[i].prefix, pn);
    for (size_t j = 0; j < n; j++)
      k[pn + j] = (char)lower((unsigned char)s->ca_v[id][j]);
    capture(s, CL_CAP_META, k, pn + n, s->ca_v[CA_CONTENT], s->ca_n[CA_CONTENT],
            CL_CAP_VALUE_MAX);
  }
}

/* A start tag has been read: record what metadata wants of it. */
static void capture_tag(pp *s, const tag *t) {
  const size_t vmax = CL_CAP_VALUE_MAX;
  if (t->id == T_META) {
    if (s->ca_seen & (1u << CA_CONTENT))
      capture_meta(s);
    return;
  }
  if (t->id == T_LINK && rel_canonical(s) && (s->ca_seen & (1u << CA_HREF)))
    capture(s, CL_CAP_CANONICAL, "", 0, s->ca_v[CA_HREF], s->ca_n[CA_HREF],
            vmax);
  if (t->id == T_HTML && (s->ca_seen & (1u << CA_LANG)))
    capture(s, CL_CAP_LANG, "", 0, s->ca_v[CA_LANG], s->ca_n[CA_LANG], vmax);
  if (t->id == T_TIME && (s->ca_seen & (1u << CA_DATETIME)))
    capture(s, CL_CAP_TIME, s->ca_v[CA_ITEMPROP],
            (s->ca_seen & (1u << CA_ITEMPROP)) ? s->ca_n[CA_ITEMPROP] : 0,
            s->ca_v[CA_DATETIME], s->ca_n[CA_DATETIME], vmax);
  else if ((s->ca_seen & (1u << CA_ITEMPROP)) &&
           (s->ca_seen & ((1u << CA_CONTENT) | (1u << CA_DATETIME)))) {
    int v = (s->ca_seen & (1u << CA_CONTENT)) ? CA_CONTENT : CA_DATETIME;
    capture(s, CL_CAP_ITEMPROP, s->ca_v[CA_ITEMPROP], s->ca_n[CA_ITEMPROP],
            s->ca_v[v], s->ca_n[v], vmax);
  }
}

/* The body of a raw-text element [a,b): JSON-LD and the first title. */
static void capture_raw(pp *s, const tag *t, const char *a, const char *b) {
  size_t n = (size_t)(b - a);
  if (t->id == T_SCRIPT && n <= CL_CAP_JSONLD_MAX &&
      ca_is(s, CA_TYPE, "application/ld+json"))
    capture(s, CL_CAP_JSONLD, "", 0, a, n, CL_CAP_JSONLD_MAX);
  else if (t->id == T_TITLE && !s->cap_title && top(s)->kind == CX_ROOT) {
    s->cap_title = 1;
    capture(s, CL_CAP_TITLE, "", 0, a, n, CL_CAP_VALUE_MAX);
  }
}

int cl_cap_next(const cl_buf *cap, size_t *pos, cl_cap *rec) {
  const unsigned char *h = (const unsigned char *)cap->ptr + *pos;
  if (*pos + 7 > cap->len)
    return 0;
  rec->kind = (cl_cap_kind)h[0];
  rec->klen = (size_t)h[1] | ((size_t)h[2] << 8);
  rec->vlen = (size_t)h[3] | ((size_t)h[4] << 8) | ((size_t)h[5] << 16) |
              ((size_t)h[6] << 24);
  if (*pos + 7 + rec->klen + rec->vlen > cap->len)
    return 0;
  rec->key = (const char *)h + 7;
  rec->val = rec->key + rec->klen;
  *pos += 7 + rec->klen + rec->vlen;
  return 1;
}

/* Append " name" (no value) to the tag's attributes. */
static void bare_attr(pp *s, tag *t, const char *name, size_t n) {
  char *w = fill_start(s, &s->attrs, n + 1);
  if (!w)
    return;
  if (n == 6 && ci_eq(name, "hidden", 6))
    t->hides = 1;
  *w++ = ' ';
  fill_done(&s->attrs, fill(w, name, n));
  t->last_unquoted = 0;
  t->nattrs++;
}

/* Attributes of formatting elements but <a>. Gumbo keeps every formatting
 * element left open in its list of active formatting elements, three of a
 * kind at most, where a kind is the tag name with all its attributes, and
 * reopens the list's elements at each new paragraph: 20,000 times
 * "<p><b class=cN>x</p>" (470 KB) grew a tree of 10 GB. Written with no
 * attribute but what the walk reads (hidden, aria-hidden="true" made
 * hidden) and the presence of font's color, face or size (a font with one
 * leaves svg/math), they come in a few kinds only. The walk's class and id
 * hints of inline b, i, em ... are lost, which the development sets do not
 * feel. */
static void format_attr(pp *s, tag *t, const char *ns, size_t n, const char *vs,
                        const char *ve) {
  if ((n == 6 && ci_eq(ns, "hidden", 6)) ||
      (n == 11 && ci_eq(ns, "aria-hidden", 11) && ve - vs == 4 &&
       memcmp(vs, "true", 4) == 0))
    bare_attr(s, t, "hidden", 6);
  else if (t->id == T_FONT && font_breaks_out(ns, n))
    bare_attr(s, t, ns, n);
}

/* An href value with a script scheme (any case, after white space and
 * control bytes, as URL parsing strips them): the schemes html.c's
 * is_script_url() knows, which it reads to tell a link from a handler. */
static int is_script_href(const char *v, const char *e) {
  static const char *const schemes[] = {"javascript:", "vbscript:"};
  while (v < e && (unsigned char)*v <= ' ')
    v++;
  for (size_t k = 0; k < sizeof schemes / sizeof *schemes; k++) {
    size_t n = strlen(schemes[k]);
    if ((size_t)(e - v) >= n && ci_eq(v, schemes[k], n))
      return 1;
  }
  return 0;
}

static int hint_attr_id(const char *ns, size_t n) {
  switch (n) {
  case 2:
    return ci_eq(ns, "id", 2) ? HA_ID : -1;
  case 4:
    return ci_eq(ns, "role", 4) ? HA_ROLE : -1;
  case 5:
    return ci_eq(ns, "class", 5) ? HA_CLASS : -1;
  case 8:
    return ci_eq(ns, "itemprop", 8) ? HA_ITEMPROP : -1;
  case 10:
    return ci_eq(ns, "aria-label", 10) ? HA_ARIA_LABEL : -1;
  case 11:
    return ci_eq(ns, "aria-hidden", 11) ? HA_ARIA_HIDDEN : -1;
  default:
    return -1;
  }
}

/* A written attribute as the walk will read it: a value it takes hints
 * from (tag_hint_sum()), or whether it hides the element. The parser keeps
 * the first of two attributes of one name. */
static void hint_attr(tag *t, const char *ns, size_t n, const char *vs,
                      const char *ve) {
  size_t vn = (size_t)(ve - vs);
  if (n == 8 && ci_eq(ns, "property", 8) && vn == 8 &&
      memcmp(vs, "og:title", 8) == 0)
    t->og_title = 1;
  if (n == 6 && ci_eq(ns, "hidden", 6)) {
    t->hides = 1;
    return;
  }
  int k = hint_attr_id(ns, n);
  if (k < 0 || (t->hint_seen & (1u << k)))
    return;
  t->hint_seen |= (uint8_t)(1u << k);
  if (k == HA_ARIA_HIDDEN) {
    t->hides |= vn == 4 && memcmp(vs, "true", 4) == 0;
    return;
  }
  t->hv[k] = vs;
  t->hn[k] = vn > UINT32_MAX ? UINT32_MAX : (uint32_t)vn;
}

/* The sum of the hints of a tag's values; 0 with *unsure set when one
 * holds a character reference or a NUL, which the parser would decode or
 * replace. */
static int tag_hint_sum(pp *s, const tag *t, int *unsure) {
  int h = 0;
  *unsure = 0;
  for (int k = 0; k < HA_HINTS; k++) {
    if (!(t->hint_seen & (1u << k)))
      continue;
    const char *v = t->hv[k];
    size_t n = t->hn[k];
    if (memchr(v, '&', n) || memchr(v, 0, n)) { /* the parser changes */
      *unsure = 1;
      return 0;
    }
    h += cl_hint_attr(s->lx, s->hc, k == HA_ID, v, n);
  }
  return h;
}

/* One attribute: name [ns,ne), raw text up to re, value [vs,ve). */
static void take_attr(pp *s, tag *t, const char *ns, const char *ne,
                      const char *re, const char *vs, const char *ve,
                      int unquoted) {
  size_t n = (size_t)(ne - ns);
  if (t->is_end)
    return;
  if (s->cap)
    capture_attr(s, ns, n, vs, ve);
  note_attr(t, ns, n, vs, (size_t)(ve - vs));
  if (n == 5 && ci_eq(ns, "style", 5) && hides(vs, ve)) {
    /* An inline style that hides the element becomes the attribute that
     * says so; the rest of the style is not read. */
    bare_attr(s, t, "hidden", 6);
    return;
  }
  int code_class = t->id == T_CODE && n == 5 && ci_eq(ns, "class", 5) &&
                   s->code_classes < CODE_CLASS_MAX;
  if ((t->flags & F_FORMAT) && t->id != T_A && !code_class) {
    format_attr(s, t, ns, n, vs, ve);
    return;
  }
  s->code_classes += (size_t)code_class;
  if (!keep_attr_name(ns, n, t->id, s->keep))
    return;
  if ((t->id == T_ISINDEX || (n >= 5 && ci_eq(ns, "aria-", 5))) &&
      t->open_attrs++ >= OPEN_ATTR_MAX)
    return;
  /* Only the presence of href is read (it makes a link) unless links are
   * wanted: URLs are long. A script URL is kept: such a link goes nowhere,
   * and one wrapping paragraphs is read as text. */
  if (n == 4 && ci_eq(ns, "href", 4) && !(s->keep & CL_PP_HREF) &&
      !is_script_href(vs, ve)) {
    re = ne;
    unquoted = 0;
  }
  char *w = fill_start(s, &s->attrs, (size_t)(re - ns) + 1);
  if (!w)
    return;
  *w++ = ' ';
  fill_done(&s->attrs, fill(w, ns, (size_t)(re - ns)));
  t->last_unquoted = (uint8_t)unquoted;
  t->nattrs++;
  if (s->lx)
    hint_attr(t, ns, n, vs, ve);
}

/* The attribute states, from after the tag name to after '>'. NULL when the
 * input ends inside the tag: the tokenizer then drops the tag. */
static const char *read_attrs(pp *s, const char *p, tag *t) {
  const char *end = s->end;
  for (;;) {
    p = skip_ws(p, end);
    if (p == end)
      return NULL;
    if (*p == '>')
      return p + 1;
    if (*p == '/') { /* self-closing start tag state */
      if (++p < end && *p == '>') {
        t->self_closing = 1;
        return p + 1;
      }
      continue;
    }
    const char *ns = p++; /* a first '=' belongs to the name */
    while (p < end && !is_ws((unsigned char)*p) && *p != '/' && *p != '>' &&
           *p != '=')
      p++;
    const char *ne = p, *q = skip_ws(p, end);
    if (q == end)
      return NULL;
    if (*q != '=') { /* no value */
      take_attr(s, t, ns, ne, ne, ne, ne, 0);
      p = q;
      continue;
    }
    q = skip_ws(q + 1, end);
    if (q == end)
      return NULL;
    if (*q == '"' || *q == '\'') {
      const char *c = memchr(q + 1, *q, (size_t)(end - q - 1));
      if (!c)
        return NULL;
      take_attr(s, t, ns, ne, c + 1, q + 1, c, 0);
      p = c + 1;
    } else if (*q == '>') { /* "a=>": empty value */
      take_attr(s, t, ns, ne, ne, ne, ne, 0);
      return q + 1;
    } else {
      const char *v = q;
      while (q < end && !is_ws((unsigned char)*q) && *q != '>')
        q++;
      take_attr(s, t, ns, ne, q, v, q, 1);
      p = q;
    }
  }
}

/* A start or end tag from its name (p) to after '>'. Returns 0 if the input
 * ends inside it (the tag is then dropped, as the tokenizer does). */
static int read_tag(pp *s, const char *p, int is_end, tag *t) {
  const char *end = s->end;
  char low[TAG_NAME_MAX];
  uint64_t h = FNV_OFFSET;
  size_t n = 0;
  memset(t, 0, sizeof *t);
  t->is_end = (uint8_t)is_end;
  t->name = p;
  for (; p < end && !is_ws((unsigned char)*p) && *p != '/' && *p != '>';
       p++, n++) {
    unsigned char c = lower((unsigned char)*p);
    h = (h ^ c) * FNV_PRIME;
    if (n < TAG_NAME_MAX)
      low[n] = (char)c;
  }
  t->nlen = n;
  t->hash = h;
  t->bare = (uint8_t)(is_end && p < end && *p == '>');
  t->id = (uint8_t)tag_id(s, low, n, h);
  t->flags = tag_flags[t->id];
  s->ca_seen = 0;
  cl_buf_clear(&s->attrs);
  p = read_attrs(s, p, t);
  s->p = p ? p : end;
  return p != NULL;
}

/* ---- Raw text ----------------------------------------------------------- */

/* "</name" followed by whitespace, '/' or '>' (ASCII case-insensitive): the
 * only end of RCDATA, RAWTEXT and script data. */
static int is_raw_end(const char *q, const char *end, const char *name,
                      size_t n) {
  return (size_t)(end - q) >= n + 3 && q[1] == '/' && ci_eq(q + 2, name, n) &&
         is_end_term((unsigned char)q[2 + n]);
}

static const char *scan_raw(const char *p, const char *end, const char *name) {
  size_t n = strlen(name);
  for (;;) {
    const char *q = memchr(p, '<', (size_t)(end - p));
    if (!q)
      return end;
    if (is_raw_end(q, end, name, n))
      return q;
    p = q + 1;
  }
}

/* An ASCII letter run starting at p; sets *r to its end. Is it "script"? */
static int letters_are_script(const char *p, const char *end, const char **r) {
  const char *q = p;
  while (q < end && is_alpha((unsigned char)*q))
    q++;
  *r = q;
  return q - p == 6 && ci_eq(p, "script", 6);
}

/* In escaped (dbl = 0) or double-escaped (dbl = 1) script data, at a '<':
 * returns where scanning goes on and updates *dbl; NULL if this '<' starts
 * the end tag. */
static const char *script_lt(const char *q, const char *end, int *dbl) {
  const char *r;
  if (q + 1 == end)
    return end;
  if (!*dbl && is_raw_end(q, end, "script", 6))
    return NULL;
  if (q[1] == '/' && *dbl) { /* double escape end state */
    int scr = letters_are_script(q + 2, end, &r);
    if (r < end && is_end_term((unsigned char)*r)) {
      *dbl = !scr;
      return r + 1;
    }
    return r;
  }
  if (q[1] == '/')
    return q + 2; /* not our end tag: the rest is escaped text */
  if (!*dbl && is_alpha((unsigned char)q[1])) { /* double escape start */
    int scr = letters_are_script(q + 1, end, &r);
    if (r < end && is_end_term((unsigned char)*r)) {
      *dbl = scr;
      return r + 1;
    }
    return r;
  }
  return q + 1;
}

/* Escaped script data from p (just after "<!--"): returns the '<' of the
 * end tag, end, or (with *back_to_data set) where plain script data
 * resumes. */
static const char *script_escaped(const char *p, const char *end,
                                  int *back_to_data) {
  int dbl = 0, dashes = 2; /* "<!--" leaves the escaped dash dash state */
  *back_to_data = 0;
  while (p < end) {
    unsigned char c = (unsigned char)*p;
    if (c == '-') {
      dashes = dashes < 2 ? dashes + 1 : 2;
      p++;
    } else if (c == '>' && dashes == 2) {
      *back_to_data = 1;
      return p + 1;
    } else if (c == '<') {
      const char *r = script_lt(p, end, &dbl);
      if (!r)
        return p;
      p = r;
      dashes = 0;
    } else {
      dashes = 0;
      p++;
    }
  }
  return end;
}

/* Script data: the '<' of the "</script" that ends it, or end. */
static const char *scan_script(const char *p, const char *end) {
  for (;;) {
    const char *q = memchr(p, '<', (size_t)(end - p));
    int back;
    if (!q)
      return end;
    if (is_raw_end(q, end, "script", 6))
      return q;
    if (end - q < 4 || memcmp(q + 1, "!--", 3) != 0) {
      p = q + 1;
      continue;
    }
    p = script_escaped(q + 4, end, &back);
    if (!back)
      return p;
  }
}

/* ---- Comments, CDATA ---------------------------------------------------- */

static const char *after_gt(const char *p, const char *end) {
  const char *q = memchr(p, '>', (size_t)(end - p));
  return q ? q + 1 : end;
}

/* Comment from just after "<!--" to after its end: "-->", "--!>", or at
 * once ">" and "->" ("<!-->", "<!--->"); an unterminated one runs to the end
 * of input. */
static const char *comment_end(const char *q, const char *end) {
  if (q < end && *q == '>')
    return q + 1;
  if (end - q >= 2 && q[0] == '-' && q[1] == '>')
    return q + 2;
  for (;;) {
    const char *d = memchr(q, '-', (size_t)(end - q));
    if (!d || end - d < 2)
      return end;
    if (d[1] != '-') {
      q = d + 1;
      continue;
    }
    for (d += 2; d < end && *d == '-'; d++)
      ;
    if (d == end)
      return end;
    if (*d == '>')
      return d + 1;
    if (*d == '!' && d + 1 < end && d[1] == '>')
      return d + 2;
    q = d;
  }
}

static const char *cdata_end(const char *q, const char *end) {
  for (;;) {
    const char *d = memchr(q, ']', (size_t)(end - q));
    if (!d || end - d < 3)
      return end;
    if (d[1] == ']' && d[2] == '>')
      return d + 3;
    q = d + 1;
  }
}

/* ---- Memory, stacks, tables --------------------------------------------- */

static drop_slot *drop_find(pp *s, uint64_t hash, int add) {
  uint64_t key = hash | 1; /* 0 marks a free slot */
  size_t i = (size_t)key & (DROP_SLOTS - 1);
  for (size_t k = 0; k < DROP_SLOTS; k++, i = (i + 1) & (DROP_SLOTS - 1)) {
    drop_slot *d = &s->drops[i];
    if (d->key == key)
      return d;
    if (d->key == 0) {
      if (!add || s->drops_used >= DROP_SLOTS / 4 * 3)
        return NULL;
      d->key = key;
      s->drops_used++;
      return d;
    }
  }
  return NULL;
}
static void drop_clear(pp *s) {
  memset(s->drops, 0, sizeof s->drops);
  s->drops_used = s->dropped = 0;
}
/* A start tag dropped by the depth cap: drop as many end tags later. */
static void drop_capped(pp *s, const tag *t) {
  drop_slot *d = drop_find(s, t->hash, 1);
  if (d) {
    d->n++;
    s->dropped++;
  }
  note_drop(s);
}
static int drop_take(pp *s, uint64_t hash) {
  drop_slot *d = s->dropped ? drop_find(s, hash, 0) : NULL;
  if (!d || !d->n)
    return 0;
  d->n--;
  if (--s->dropped == 0)
    drop_clear(s);
  return 1;
}

/* ---- Active formatting elements (ROOT) ---- */

static int is_marker(int id) {
  return id == T_TD || id == T_TH || id == T_CAPTION || id == T_APPLET ||
         id == T_MARQUEE || id == T_OBJECT;
}
static void afl_del(pp *s, size_t i) {
  s->nafl--;
  memmove(&s->afl[i], &s->afl[i + 1], (s->nafl - i) * sizeof *s->afl);
}
/* Index + 1 of the newest entry for hash after the last marker, or 0. */
static size_t afl_find(const pp *s, uint64_t hash) {
  for (size_t i = s->nafl; i-- > 0 && !s->afl[i].marker;)
    if (s->afl[i].hash == hash)
      return i + 1;
  return 0;
}
static void afl_forget(pp *s, uint64_t hash) {
  size_t i = afl_find(s, hash);
  if (i)
    afl_del(s, i - 1);
}
static void afl_add(pp *s, uint64_t hash, int id, int marker) {
  size_t n = 0, first = 0;
  for (size_t i = s->nafl; !marker && i-- > 0 && !s->afl[i].marker;)
    if (s->afl[i].hash == hash) {
      n++;
      first = i;
    }
  if (n >= 3) /* "Noah's Ark": three of a kind at most (by name here) */
    afl_del(s, first);
  if (s->nafl == AFL_MAX)
    afl_del(s, 0);
  s->afl[s->nafl].hash = hash;
  s->afl[s->nafl].id = (uint8_t)id;
  s->afl[s->nafl].open = 1;
  s->afl[s->nafl++].marker = (uint8_t)marker;
}
/* A popped formatting element stays listed, closed. */
static void afl_popped(pp *s, const ent *e) {
  if (tag_flags[e->id] & F_FORMAT)
    for (size_t i = s->nafl; i-- > 0;)
      if (s->afl[i].open && s->afl[i].hash == e->hash) {
        s->afl[i].open = 0;
        return;
      }
}
/* "Clear the list up to the last marker": once for each end tag or cell
 * closing that pops marker elements (a stale marker stays when one pops
 * two, as in the parser). */
static void afl_clear_marker(pp *s) {
  while (s->nafl && !s->afl[--s->nafl].marker)
    ;
}

/* ROOT's open elements. Popping closes whatever the cap dropped above. */
static void root_pop_to(pp *s, size_t i) {
  if (i > s->depth)
    return; /* never grow the stack: entries past depth are not set */
  if (s->bp_depth && i < s->bp_depth && !s->bp_closing)
    s->bp_depth = 0; /* a region closed by another token stays written */
  for (size_t j = s->depth; j-- > i;) {
    const ent *e = &s->stack[j];
    s->counted -= e->counted;
    s->open_p -= e->id == T_P;
    s->open_li -= e->id == T_LI;
    s->open_dd -= e->id == T_DD || e->id == T_DT;
    s->open_pre -= keeps_ws_id(e->id);
    if (s->nafl)
      afl_popped(s, e);
  }
  s->depth = i;
  if (s->dropped)
    drop_clear(s);
}
/* Remove the element at i alone (</form> leaves its children open). */
static void root_remove(pp *s, size_t i) {
  if (i >= s->depth)
    return; /* already popped (adopt_cut may cut at i itself) */
  if (i + 1 < s->bp_depth)
    s->bp_depth--; /* an element below the region leaves the stack */
  else if (i + 1 == s->bp_depth)
    s->bp_depth = 0; /* the region's own element: it stays */
  ent e = s->stack[i];
  memmove(&s->stack[i], &s->stack[i + 1],
          (s->depth - i - 1) * sizeof *s->stack);
  s->stack[s->depth - 1] = e;
  root_pop_to(s, s->depth - 1); /* updates the counters for e */
}
static int root_push(pp *s, uint64_t hash, int id, int counted) {
  ent *n = grow(s, s->stack, &s->stack_cap, s->depth + 1, sizeof *n);
  if (!n)
    return 0;
  s->stack = n;
  n += s->depth++;
  memset(n, 0, sizeof *n);
  n->hash = hash;
  n->id = (uint8_t)id;
  n->counted = (uint8_t)counted;
  s->counted += (size_t)counted;
  s->open_p += id == T_P;
  s->open_li += id == T_LI;
  s->open_dd += id == T_DD || id == T_DT;
  s->open_pre += keeps_ws_id(id);
  return 1;
}
/* Index + 1 of the innermost open element matching t (any heading for a
 * heading), or 0. */
static size_t root_find(const pp *s, const tag *t) {
  for (size_t i = s->depth; i-- > 0;) {
    const ent *e = &s->stack[i];
    if ((t->flags & F_HEADING) ? (tag_flags[e->id] & F_HEADING) != 0
                               : html_same(e->id, e->hash, t))
      return i + 1;
  }
  return 0;
}
/* Index + 1 of the innermost open id, or 0; with `stop`, not past an
 * element with any of those flags. */
static size_t root_find_id(const pp *s, int id, uint32_t stop) {
  for (size_t i = s->depth; i-- > 0;) {
    if (s->stack[i].id == id)
      return i + 1;
    if (tag_flags[s->stack[i].id] & stop)
      return 0;
  }
  return 0;
}
/* Pop down to i, clearing the list to its last marker if that popped a
 * marker element. */
static void root_pop_clear(pp *s, size_t i) {
  int marker = 0;
  for (size_t j = i; j < s->depth; j++)
    marker |= is_marker(s->stack[j].id);
  root_pop_to(s, i);
  if (marker)
    afl_clear_marker(s);
}
static void root_pop_id(pp *s, int id, uint32_t stop) {
  size_t i = root_find_id(s, id, stop);
  if (i)
    root_pop_to(s, i - 1);
}
static int root_has(const pp *s, int id) { return root_find_id(s, id, 0) != 0; }

/* "Reconstruct the active formatting elements": reopen, in order, those
 * closed since the last open one or marker. */
static void afl_reconstruct(pp *s) {
  size_t i = s->nafl;
  while (i > 0 && !s->afl[i - 1].open && !s->afl[i - 1].marker)
    i--;
  for (; i < s->nafl; i++) {
    fmt *f = &s->afl[i];
    if (!count_nodes(s, 1)) /* Gumbo makes an element for it */
      return;
    if (s->counted < s->max_depth && !root_push(s, f->hash, f->id, 1))
      return;
    f->open = 1; /* past the cap it is open in the output, not here */
  }
}

static int push_ctx(pp *s, int kind) {
  ctx *n;
  if (s->ncx >= CTX_MAX || s->st != CLEANER_OK)
    return 0;
  n = grow(s, s->cx, &s->cx_cap, s->ncx + 1, sizeof *n);
  if (!n)
    return 0;
  s->cx = n;
  memset(&n[s->ncx], 0, sizeof *n);
  n[s->ncx].kind = (uint8_t)kind;
  n[s->ncx].drop = 1;
  n[s->ncx].count = 1;
  n[s->ncx++].base = s->nent;
  return 1;
}
/* Close context ci and every context above it. */
static void pop_ctxs(pp *s, size_t ci) {
  if (ci >= s->ncx)
    return;
  s->nent = s->cx[ci].base;
  s->ncx = ci;
  if (s->math_ctx > ci) { /* the math written as text ends here */
    s->math_ctx = 0;
    put(s, "</math>", 7);
    token_written(s);
  }
}
static int push_ent(pp *s, const tag *t, int ns, int ip) {
  ent *n;
  if (s->nent >= s->ent_limit)
    return 0;
  n = grow(s, s->ent, &s->ent_cap, s->nent + 1, sizeof *n);
  if (!n)
    return 0;
  s->ent = n;
  n += s->nent++;
  n->hash = t->hash;
  n->name = t->name;
  n->nlen = (uint32_t)t->nlen;
  n->id = t->id;
  n->ns = (uint8_t)ns;
  n->ip = (uint8_t)ip;
  return 1;
}

/* Can the dropped contexts on top be materialised? Not inside a template:
 * nothing of it is written, and its content is not parsed as the page. */
static int can_bail(const pp *s) {
  for (size_t k = s->ncx; k > 1 && s->cx[k - 1].drop; k--)
    if (s->cx[k - 1].kind == CX_TEMPLATE)
      return 0;
  return 1;
}

/* ---- Materialising ------------------------------------------------------ */

/* An element written into ROOT by a context that stops dropping. Counted
 * like any other, and so are noscript and object themselves, which ROOT
 * otherwise never holds. */
static void root_synth(pp *s, int id, uint64_t hash, const char *name,
                       size_t n) {
  tag t;
  memset(&t, 0, sizeof t);
  t.hash = hash;
  t.id = (uint8_t)id;
  set_opened(s, id);
  if (!(tag_flags[id] & F_UNCOUNTED) || id == T_NOSCRIPT || id == T_OBJECT) {
    if (s->counted >= s->max_depth) {
      drop_capped(s, &t);
      return;
    }
    if (!root_push(s, hash, id, 1))
      return;
  } else if (!root_push(s, hash, id, 0)) {
    return;
  }
  emit_synth(s, name, n, "");
}

/* A noscript or object stops dropping: write it and what is open in it, as
 * ROOT elements, and remove the context. */
static void materialise_into_root(pp *s, size_t k) {
  ctx *c = &s->cx[k];
  size_t lo = c->base, hi = ctx_end(s, k);
  if (c->kind == CX_NOSCRIPT)
    for (uint32_t n = 0; n < c->count; n++)
      root_synth(s, T_NOSCRIPT, hash_lit("noscript"), "noscript", 8);
  else
    root_synth(s, T_OBJECT, hash_lit("object"), "object", 6);
  for (size_t i = lo; i < hi; i++)
    root_synth(s, s->ent[i].id, s->ent[i].hash, s->ent[i].name, s->ent[i].nlen);
  if (s->nent > hi)
    memmove(&s->ent[lo], &s->ent[hi], (s->nent - hi) * sizeof *s->ent);
  s->nent -= hi - lo;
  for (size_t j = k + 1; j < s->ncx; j++)
    s->cx[j].base -= hi - lo;
  memmove(&s->cx[k], &s->cx[k + 1], (s->ncx - k - 1) * sizeof *s->cx);
  s->ncx--;
}

/* An svg/math subtree stops dropping: write the elements open in it. */
/* Gumbo 0.10.1 resets its insertion mode by tag name alone: an svg or math
 * element named select, open under HTML content in a table, sends it
 * looking for an HTML select that is not there, and it aborts on an
 * assertion ("<table><svg><select><foreignObject><select><tr>", reached
 * when a dropped svg is written out after all). Such an element is written
 * under another name; nothing reads it (the walk skips svg and math). */
static const char FOREIGN_SELECT[] = "x-select";
#define FOREIGN_SELECT_LEN (sizeof FOREIGN_SELECT - 1)

static int renamed(int id, int ns) { return id == T_SELECT && ns != NS_HTML; }

static void materialise_foreign(pp *s, size_t k) {
  size_t from = s->cx[k].base;
  if (s->math_ctx == k + 1) { /* its <math> is written already */
    s->math_ctx = 0;
    from++;
  }
  for (size_t i = from; i < ctx_end(s, k); i++) {
    const ent *e = &s->ent[i];
    int enc = e->ns == NS_MATH && e->ip == IP_HTML;
    const char *attr = enc ? " encoding=\"text/html\"" : "";
    if (renamed(e->id, e->ns))
      emit_synth(s, FOREIGN_SELECT, FOREIGN_SELECT_LEN, attr);
    else
      emit_synth(s, e->name, e->nlen, attr);
  }
  s->cx[k].drop = 0;
}

/* Stop dropping the contexts on top (see the file comment). The caller then
 * handles its token again, now written out. */
static void bail(pp *s) {
  size_t k = s->ncx;
  while (k > 1 && s->cx[k - 1].drop)
    k--;
  while (k < s->ncx && s->st == CLEANER_OK) {
    if (s->cx[k].kind == CX_FOREIGN)
      materialise_foreign(s, k++);
    else
      materialise_into_root(s, k);
  }
}

/* ---- Elements that are dropped or copied whole -------------------------- */

/* script, style, iframe, noembed, noframes (dropped); xmp, title, textarea
 * (copied verbatim); plaintext (the rest of the input, copied). */
static void raw_element(pp *s, const tag *t) {
  int kind = (int)(t->flags & RAW_MASK), keep = !top_drops(s);
  const char *q;
  tag e;
  keep = keep && (kind == RAW_KEEP || kind == RAW_RCDATA || kind == RAW_PLAIN);
  if (keep)
    emit_start(s, t);
  else
    note_drop(s);
  if (t->id == T_IFRAME)
    s->fs_dropped = 1;
  if (kind == RAW_PLAIN) {
    if (keep && count_nodes(s, 1)) /* one text node */
      put(s, s->p, (size_t)(s->end - s->p));
    s->p = s->end;
    return;
  }
  q = kind == RAW_SCRIPT ? scan_script(s->p, s->end)
                         : scan_raw(s->p, s->end, tag_names[t->id]);
  if (s->cap)
    capture_raw(s, t, s->p, q);
  if (keep && count_nodes(s, 1))
    put(s, s->p, (size_t)(q - s->p));
  s->p = q;
  if (q < s->end && read_tag(s, q + 2, 1, &e) && keep)
    emit_end(s, &e);
}

static void open_ctx(pp *s, int kind) {
  note_drop(s);
  push_ctx(s, kind); /* past CTX_MAX the tag alone is dropped */
}

/* Written in place of a dropped svg, math, object or body noscript: like
 * them it reconstructs the open formatting elements, ends the head, and is
 * foster-parented in a table, but holds nothing. */
static void stand_in(pp *s) {
  if (top_drops(s)) {
    note_drop(s);
    return;
  }
  if (!count_nodes(s, 1))
    return;
  put(s, "<svg/>", 6);
  token_written(s);
}

/* The text of a formula: a math element is dropped like svg, but written
 * as <math> holding the text of its tokens (mi, mo, mn, mtext ...), one
 * space between each, which the walk reads as a phrase of its paragraph
 * ("the roots of a x 2 + b x + c = 0 are"). Annotations (TeX source)
 * are left out. Only the outermost math of a written context; the visible
 * text of the page, which leaves math out, is the same. */
static int writes_math(const pp *s, const tag *t) {
  /* Not inside svg/math written out after all (bail-out), whose end tags
   * may close it with them. */
  return t->id == T_MATH && !t->self_closing && !top_drops(s) &&
         s->cx[s->ncx - 1].kind != CX_FOREIGN && !s->math_ctx &&
         s->nent < s->ent_limit;
}

static void open_foreign(pp *s, const tag *t) {
  if (writes_math(s, t) && count_nodes(s, 1)) {
    if (push_ctx(s, CX_FOREIGN) && push_ent(s, t, NS_MATH, IP_NONE)) {
      put(s, "<math>", 6);
      token_written(s);
      s->math_ctx = s->ncx;
      return;
    }
    if (s->ncx && s->cx[s->ncx - 1].kind == CX_FOREIGN &&
        s->cx[s->ncx - 1].base == s->nent)
      s->ncx--; /* the entry did not fit: as below, without a context */
  }
  stand_in(s);
  if (t->self_closing || s->nent >= s->ent_limit)
    return; /* <svg/> is an empty element */
  if (push_ctx(s, CX_FOREIGN))
    push_ent(s, t, t->id == T_SVG ? NS_SVG : NS_MATH, IP_NONE);
}

/* Inside an annotation of the math being written as text? */
static int in_annotation(const pp *s) {
  for (size_t i = s->cx[s->math_ctx - 1].base; i < s->nent; i++) {
    const ent *e = &s->ent[i];
    if (e->id == T_ANNOTATION_XML ||
        (e->nlen == 10 && ci_eq(e->name, "annotation", 10)))
      return 1;
  }
  return 0;
}

/* Is the top context the math being written as text, or svg/math inside
 * it (a formula in an mtext of the formula)? */
static int in_math_text(const pp *s) {
  for (size_t k = s->math_ctx; k < s->ncx; k++)
    if (s->cx[k].kind != CX_FOREIGN)
      return 0;
  return 1;
}

/* Text inside the math being written as text: its token's text. */
static void math_text(pp *s, const char *a, const char *b) {
  if (!in_math_text(s) || !has_text(a, b) || in_annotation(s) ||
      !count_nodes(s, 1))
    return;
  put(s, " ", 1);
  put_collapsed(s, a, b);
  token_written(s);
}

/* ---- End tag rules ------------------------------------------------------ */

/* Formatting element end tag: the adoption agency is simple only when no
 * special element was opened after the formatting element. */
static int format_rule(const ent *e, size_t lo, size_t i, const tag *t,
                       size_t *at) {
  int special = 0;
  while (i-- > lo) {
    if (html_same(e[i].id, e[i].hash, t)) {
      *at = i;
      return special ? R_UNSURE : R_POP;
    }
    if (tag_flags[e[i].id] & F_SCOPE)
      return R_IGNORE;
    special |= (tag_flags[e[i].id] & F_SPECIAL) != 0;
  }
  return R_BOTTOM;
}

/* The adoption agency with a furthest block (a special element opened after
 * the formatting element at x): its outer loop moves a clone of the
 * formatting element past each special element in turn, and finally pops
 * the clone with all that is open above the last special element. Returns
 * where the stack is cut; the formatting element itself is then removed. */
static size_t adopt_cut(const ent *e, size_t x, size_t hi) {
  size_t last = x;
  for (size_t j = x + 1; j < hi; j++)
    if (tag_flags[e[j].id] & F_SPECIAL)
      last = j;
  return last + 1;
}

/* What an end tag does to the open elements e[lo..hi): the scope rules for
 * the elements that have them, "any other end tag" for the rest. R_BOTTOM:
 * nothing decided down to lo. */
static int end_rule(const ent *e, size_t lo, size_t hi, const tag *t,
                    size_t *at) {
  int id = t->id, scoped;
  uint32_t f = t->flags;
  if (f & F_TABLEISH)
    return R_UNSURE;
  if (id == T_BR || id == T_BODY || id == T_HTML || id == T_FORM)
    return R_IGNORE; /* </form> removes the form alone */
  if (f & F_FORMAT)
    return format_rule(e, lo, hi, t, at);
  scoped = scoped_end(t);
  while (hi-- > lo) {
    uint32_t ef = tag_flags[e[hi].id];
    if ((f & F_HEADING) ? (ef & F_HEADING) != 0
                        : html_same(e[hi].id, e[hi].hash, t)) {
      *at = hi;
      return R_POP;
    }
    if ((f & F_TSCOPE_END) ? (ef & F_TSCOPE) != 0
        : !scoped          ? (ef & F_SPECIAL) != 0
                  : (ef & F_SCOPE) || (id == T_P && e[hi].id == T_BUTTON) ||
                        (id == T_LI && (e[hi].id == T_OL || e[hi].id == T_UL)))
      return R_IGNORE;
  }
  return R_BOTTOM;
}

/* ---- ROOT: the page itself ---------------------------------------------- */

/* "Close a p element" when one is in button scope. */
static void root_close_p(pp *s) {
  for (size_t i = s->open_p ? s->depth : 0; i-- > 0;) {
    int id = s->stack[i].id;
    if (id == T_P) {
      root_pop_to(s, i);
      return;
    }
    if ((tag_flags[id] & F_SCOPE) || id == T_BUTTON)
      return;
  }
}

/* <li>, <dd>, <dt> close the open one unless a special element other than
 * address, div or p is in between. */
static void root_li(pp *s, const tag *t) {
  if (t->id == T_LI ? !s->open_li : !s->open_dd)
    return;
  for (size_t i = s->depth; i-- > 0;) {
    int id = s->stack[i].id;
    if (t->id == T_LI ? id == T_LI : id == T_DD || id == T_DT) {
      root_pop_to(s, i);
      return;
    }
    if ((tag_flags[id] & F_SPECIAL) && id != T_ADDRESS && id != T_DIV &&
        id != T_P)
      return;
  }
}

/* A tbody or tr the parser inserts by itself. */
static void root_push_implied(pp *s, int id) {
  if (s->depth < UNCOUNTED_PER * s->counted + UNCOUNTED_SLACK)
    root_push(s, hash_lit(tag_names[id]), id, 0);
}

/* Table parts: the table modes clear the stack back to the table, its
 * section or its row (closing an open cell or row) and insert the tbody
 * and tr a row or cell needs. 0 when the parser ignores the tag (no table
 * is open). */
static int root_table_part(pp *s, const tag *t) {
  size_t ti = root_find_id(s, T_TABLE, F_TSCOPE), sec = 0, row = 0, cell = 0;
  int id = t->id;
  if (!ti)
    return id == T_TABLE;
  for (size_t i = ti; i < s->depth; i++) {
    int e = s->stack[i].id;
    if (!sec && (e == T_TBODY || e == T_THEAD || e == T_TFOOT))
      sec = i + 1;
    else if (!row && e == T_TR)
      row = i + 1;
    else if (!cell && (e == T_TD || e == T_TH || e == T_CAPTION))
      cell = i + 1;
  }
  if (id == T_TABLE && cell)
    return 1; /* a table inside a cell or caption */
  if (id == T_TD || id == T_TH) {
    root_pop_clear(s, row ? row : sec ? sec : ti);
    if (!row && !sec)
      root_push_implied(s, T_TBODY);
    if (!row)
      root_push_implied(s, T_TR);
  } else if (id == T_TR) {
    root_pop_clear(s, sec ? sec : ti);
    if (!sec)
      root_push_implied(s, T_TBODY);
  } else { /* a section, caption, colgroup, col; a table closes this one */
    root_pop_clear(s, id == T_TABLE ? ti - 1 : ti);
  }
  return 1;
}

/* What a start tag closes in ROOT before it is inserted; 0 if the parser
 * ignores it. */
static int root_implied(pp *s, const tag *t) {
  switch (t->id) {
  case T_A: /* a listed <a> or <nobr> is closed first (adoption agency) */
  case T_NOBR:
    if (afl_find(s, t->hash)) {
      size_t i = root_find_id(s, t->id, F_SCOPE), at;
      if (i && format_rule(s->stack, 0, s->depth, t, &at) == R_UNSURE) {
        root_pop_to(s, adopt_cut(s->stack, i - 1, s->depth));
        root_remove(s, i - 1);
      } else if (i) {
        root_pop_to(s, i - 1);
      }
      afl_forget(s, t->hash);
    }
    break;
  case T_BUTTON:
    root_pop_id(s, t->id, F_SCOPE);
    break;
  case T_FORM: /* both are ignored while a form is open */
  case T_ISINDEX:
    if (s->form_ptr)
      return 0;
    s->form_ptr = t->id == T_FORM;
    break;
  case T_LI:
  case T_DD:
  case T_DT:
    root_li(s, t);
    break;
  case T_OPTION:
  case T_OPTGROUP:
    if (s->depth && s->stack[s->depth - 1].id == T_OPTION)
      root_pop_to(s, s->depth - 1);
    break;
  case T_HTML:
  case T_HEAD:
  case T_BODY:
  case T_FRAMESET:
    return 0;
  default:
    if ((t->flags & F_TABLEISH) && !root_table_part(s, t))
      return 0;
    break;
  }
  if (t->flags & F_PCLOSE)
    root_close_p(s);
  if ((t->flags & F_HEADING) && s->depth &&
      (tag_flags[s->stack[s->depth - 1].id] & F_HEADING))
    root_pop_to(s, s->depth - 1);
  return 1;
}

/* ---- Boilerplate regions -----------------------------------------------
 * With a lexicon (cl_prepass_limits.lx), the contents of an element the
 * walk would skip (hidden) or mark as boilerplate by its own hint (a
 * sidebar, a menu, a share bar, a comment form) are dropped, and Gumbo
 * gets the element empty: on daniel-dev a quarter of the text is in such
 * elements and the classifier keeps 97 of its 1,041,655 characters.
 *
 * The region is written as usual and cut back when its own end tag closes
 * it. It stays written when anything in it could change the outcome:
 *  - an element whose hint the walk would take instead (the nearest hint
 *    wins, html.c push_element()): a weaker negative one, a positive one
 *    strong enough to lift it, or a value the pre-pass cannot read (a
 *    character reference, a NUL);
 *  - an h1 (the headline is looked for on the whole page);
 *  - over REGION_TEXT_MAX bytes of text: the classifier forgets the hint
 *    of a container that holds the article's prose (classify.c,
 *    forget_hints_on_prose(), forget_hints_above()), as when a page wraps
 *    the article in <div class="intextAd">; skipped elements have no cap;
 *  - a table tag acting on a table around it (region_table_tag());
 *  - another token closing it, the end of the input, a formatting element
 *    left to reopen or the form pointer changed: the parser's state after
 *    it would differ from what the model holds.
 * A region opens only on the elements of region_tag(), in the body, out
 * of select, math and dropped contexts, and never where the parser would
 * foster-parent it out of a table. If a page keeps next to nothing after
 * its regions went, cleaner.c cleans it again without them. */

/* An element hinted this low starts a region: the walk marks the blocks
 * in it as boilerplate (classify.c HINT_BAD, -20) unless a nearer hint
 * says otherwise; -35 leaves out the milder words ("meta", "info"). */
#define REGION_HINT (-35)
/* A nearer hint above this (and below 0) would make the blocks under it
 * no longer boilerplate: classify.c's HINT_BAD. */
#define REGION_NEAR_BAD (-20)
/* Text in a region beyond which it is kept (bytes, white space runs
 * excluded). */
#define REGION_TEXT_MAX 2000

static int region_tag(int id) {
  switch (id) {
  case T_DIV:
  case T_SECTION:
  case T_ASIDE:
  case T_NAV:
  case T_FOOTER:
  case T_HEADER:
  case T_UL:
  case T_OL:
  case T_MENU:
  case T_ARTICLE:
  case T_MAIN:
  case T_BUTTON:
  case T_SELECT:
  case T_VIDEO:
  case T_AUDIO:
  case T_CANVAS:
  case T_MAP:
    return 1;
  default:
    return 0;
  }
}

/* The hint a tag gives by itself (hint.c): the tag ids here are Gumbo's
 * plus one (T_UNKNOWN comes first). */
_Static_assert(T_COUNT - 1 == GUMBO_TAG_UNKNOWN && T_NAV - 1 == GUMBO_TAG_NAV &&
                   T_MAIN - 1 == GUMBO_TAG_MAIN,
               "tag ids follow Gumbo's order");
static int tag_hint(int id) { return id ? cl_hint_tag(id - 1) : 0; }
static int table_parent(int id) {
  return id == T_TABLE || id == T_TBODY || id == T_THEAD || id == T_TFOOT ||
         id == T_TR;
}

/* A start tag just written and pushed in ROOT: it opens a region, or it is
 * one inside a region that must stay. */
static void region_open(pp *s, const tag *t) {
  int unsure, h;
  if (s->bp_depth) {
    if (s->bp_skip)
      return;
    h = cl_hint_clamp(tag_hint(t->id) + tag_hint_sum(s, t, &unsure));
    if (unsure || (h > REGION_NEAR_BAD && h < 0) || h >= -s->bp_hint ||
        t->id == T_H1)
      s->bp_cancel = 1;
    return;
  }
  if (!region_tag(t->id) || s->mode != HM_BODY || s->ncx != 1 ||
      top(s)->in_select || s->math_ctx ||
      (s->depth >= 2 && table_parent(s->stack[s->depth - 2].id)))
    return;
  int skipped = t->hides || walk_skips(t->id);
  h = skipped ? 0
              : cl_hint_clamp(tag_hint(t->id) + tag_hint_sum(s, t, &unsure));
  if (!skipped && (unsure || h > REGION_HINT))
    return;
  s->bp_depth = s->depth;
  s->bp_out = s->out->len;
  s->bp_runs = s->runs ? s->runs->n : 0;
  s->bp_nafl = s->nafl;
  s->bp_text = 0;
  s->bp_hint = (int16_t)h;
  s->bp_id = t->id;
  s->bp_form = s->form_ptr;
  s->bp_skip = (uint8_t)skipped;
  s->bp_cancel = 0;
}

/* A table tag in a region that holds no table of its own acts on a table
 * around it (a <tr> in a cell closes the cell, and the region with it),
 * which the model follows only in part: the region stays. */
static void region_table_tag(pp *s, const tag *t) {
  if (!s->bp_depth || !(t->flags & F_TABLEISH) ||
      (t->id == T_TABLE && !t->is_end)) /* a table nests in a region */
    return;
  for (size_t i = s->bp_depth; i < s->depth; i++)
    if (s->stack[i].id == T_TABLE)
      return;
  s->bp_cancel = 1;
}

/* The region's end tag was just written and closed it: cut it back to its
 * start tag and write the end tag again, or leave it. */
static void region_close(pp *s, const tag *t) {
  int ok = !s->bp_cancel && s->depth + 1 == s->bp_depth &&
           s->nafl == s->bp_nafl && s->form_ptr == s->bp_form &&
           s->st == CLEANER_OK && s->out->len >= s->bp_out &&
           (s->bp_skip || s->bp_text <= REGION_TEXT_MAX);
  s->bp_depth = 0;
  if (!ok)
    return;
  s->out->len = s->bp_out;
  s->out->ptr[s->out->len] = '\0';
  if (s->runs)
    s->runs->n = s->bp_runs;
  if (s->regions && !s->bp_skip)
    *s->regions += s->bp_text;
  emit_end(s, t);
}

/* A start tag written in ROOT; counted elements are capped at max_depth.
 * 1 if written. */
static int root_open(pp *s, const tag *t) {
  int counted = !(t->flags & F_UNCOUNTED), open = root_implied(s, t);
  set_opened(s, t->id);
  if (open && s->nafl && !(t->flags & F_NORECON))
    afl_reconstruct(s);
  if (open && !(t->flags & F_VOID)) {
    /* Uncounted elements past what the model keeps nest for real ("<li>
     * <dd>" over and over: each stops the other's search for its kind), and
     * Gumbo scans its stack at each tag: 1 MB of them took 4 minutes. They
     * are dropped like counted ones past max_depth. */
    if ((counted && s->counted >= s->max_depth) ||
        (!counted &&
         s->depth >= UNCOUNTED_PER * s->counted + UNCOUNTED_SLACK)) {
      drop_capped(s, t);
      return 0;
    }
    if (!root_push(s, t->hash, t->id, counted))
      return 0;
    if ((t->flags & F_FORMAT) || is_marker(t->id))
      afl_add(s, t->hash, t->id, is_marker(t->id));
    emit_start(s, t);
    if (s->lx)
      region_open(s, t);
    return 1;
  }
  emit_start(s, t);
  return 1;
}

static void root_close_select(pp *s) {
  top(s)->in_select = 0;
  root_pop_id(s, T_SELECT, 0);
}

/* A start tag in a select, in the root or an island context (below). */
static int select_start(pp *s, const tag *t, int island);

/* The body starts on the page at a start tag that is dropped: start it in
 * the output too, with an element that is no content and leaves the
 * frameset-ok flag alone, or what follows would land in the head. */
static void body_starts(pp *s, const tag *t) {
  int raw = (int)(t->flags & RAW_MASK);
  if (raw == RAW_SCRIPT || raw == RAW_DROP) /* iframe, noembed */
    stand_in(s);
  s->mode = HM_BODY;
}

static int root_start(pp *s, const tag *t) {
  int was = s->mode;
  region_table_tag(s, t);
  if (top(s)->in_select)
    return select_start(s, t, 0);
  if (s->lx && !s->math_ctx &&
      (t->id == T_LINK ||
       (t->id == T_META && !t->og_title && was != HM_BODY))) {
    /* Read by the metadata capture already; the walk reads only a
     * <meta property="og:title">. Void, they leave the tree as it was; but
     * a <meta> in the body ends the math the pass writes as text. */
    note_drop(s);
    return 1;
  }
  if (was != HM_BODY &&
      (!(t->flags & F_HEADOK) || (t->id == T_NOSCRIPT && was == HM_AFTER)))
    body_starts(s, t);
  if (t->flags & RAW_MASK) {
    raw_element(s, t);
    return 1;
  }
  if (s->nafl && (t->id == T_SVG || t->id == T_MATH || t->id == T_OBJECT ||
                  (t->id == T_NOSCRIPT && was != HM_HEAD)))
    afl_reconstruct(s); /* as the stand-in does in the output */
  switch (t->id) {
  case T_TEMPLATE:
    s->fs_dropped = 1;
    open_ctx(s, CX_TEMPLATE);
    return 1;
  case T_SVG:
  case T_MATH:
    open_foreign(s, t);
    return 1;
  case T_NOSCRIPT:
    if (was != HM_HEAD)
      stand_in(s);
    open_ctx(s, was == HM_HEAD ? CX_HNOSCRIPT : CX_NOSCRIPT);
    return 1;
  case T_OBJECT:
    s->fs_dropped = 1;
    stand_in(s);
    open_ctx(s, CX_OBJECT);
    return 1;
  case T_FORM: /* sets the form pointer on the page and in the output */
    s->form_dropped = 0;
    break;
  case T_ISINDEX: /* it is ignored while the parser has a form open */
    if (s->form_dropped) {
      put(s, "</form>", 7);
      token_written(s);
      s->form_dropped = 0;
    }
    break;
  case T_FRAMESET: /* the parser would ignore it after a dropped element */
    if (s->fs_dropped && was == HM_BODY) {
      note_drop(s);
      return 1;
    }
    break;
  default:
    break;
  }
  if (root_open(s, t) && t->id == T_SELECT) {
    top(s)->in_select = 1;
    top(s)->select_in_table = (uint8_t)root_has(s, T_TABLE);
  }
  return 1;
}

/* A formatting element's end tag in ROOT, as Gumbo 0.10.1 runs the
 * adoption agency: a marker met first in the list, or an element out of
 * scope, and the tag is ignored; one not listed falls to "any other end
 * tag"; with a special element above it, it is only taken out of the stack
 * (the special one stays open). 1 if the stack was popped down to it. */
static int root_format_end(pp *s, const tag *t) {
  size_t k = s->nafl, i = s->depth;
  while (k > 0 && !s->afl[k - 1].marker && s->afl[k - 1].hash != t->hash)
    k--;
  if (k > 0 && s->afl[k - 1].marker)
    return 0;
  if (k == 0) { /* "any other end tag" */
    while (i-- > 0 && !html_same(s->stack[i].id, s->stack[i].hash, t))
      if (tag_flags[s->stack[i].id] & F_SPECIAL)
        return 0;
    if (i == (size_t)-1)
      return 0;
    root_pop_to(s, i);
    return 1;
  }
  if (s->afl[k - 1].open) {
    int r = format_rule(s->stack, 0, s->depth, t, &i);
    if (r == R_IGNORE)
      return 0; /* out of scope */
    if (i >= s->depth)
      return 0; /* no such element open: nothing to close */
    if (r == R_POP) {
      root_pop_to(s, i);
    } else { /* a special element above: see adopt_cut() */
      root_pop_to(s, adopt_cut(s->stack, i, s->depth));
      root_remove(s, i);
    }
    afl_del(s, k - 1);
    return 1;
  }
  afl_del(s, k - 1); /* listed but closed */
  return 0;
}

/* What an end tag closes in ROOT: the parser's rules (scope, special
 * elements) on the elements the model holds. Where they need more (table
 * modes), the innermost element of that name is closed. 1 if the stack was
 * popped down to an element (so whatever was open above it is closed). */
static int root_close(pp *s, const tag *t) {
  size_t i;
  int r;
  if (t->id == T_FORM) { /* only the form: what is open in it stays */
    if ((i = root_find_id(s, T_FORM, 0)) != 0)
      root_remove(s, i - 1);
    return 0;
  }
  if (t->flags & F_FORMAT)
    return root_format_end(s, t);
  r = end_rule(s->stack, 0, s->depth, t, &i);
  if (r == R_UNSURE && (i = root_find(s, t)) != 0) {
    i--;
    r = R_POP;
  }
  if (r != R_POP)
    return 0;
  root_pop_clear(s, i);
  return 1;
}

/* After an end tag in ROOT: did it close the open region? */
static void region_after_end(pp *s, const tag *t) {
  if (!s->bp_closing)
    return;
  s->bp_closing = 0;
  if (s->bp_depth && s->depth < s->bp_depth)
    region_close(s, t);
}

static int root_end(pp *s, const tag *t) {
  region_table_tag(s, t);
  s->bp_closing = s->bp_depth && t->id == s->bp_id;
  if (top(s)->in_select) {
    if (t->id == T_SELECT) {
      root_close_select(s);
      emit_end(s, t);
      region_after_end(s, t);
      return 1;
    }
    s->bp_closing = 0;
    if (select_table_tag(t->id) && top(s)->select_in_table &&
        root_find_id(s, t->id, F_TSCOPE)) { /* in table scope */
      root_close_select(s);
      return 0;
    }
    emit_end(s, t); /* ignored in a select */
    return 1;
  }
  if (s->mode != HM_BODY &&
      (t->id == T_BODY || t->id == T_HTML || t->id == T_BR))
    s->mode = HM_BODY;
  if (s->mode == HM_HEAD && t->id == T_HEAD)
    s->mode = HM_AFTER;
  root_close(s, t);
  emit_end(s, t);
  region_after_end(s, t);
  return 1;
}

/* An end tag that left svg/math without closing one of its elements: does
 * it close an element of ROOT (and so the svg)? 0 when surely not. */
static int root_may_close(const pp *s, const tag *t, int crossed) {
  int id = t->id;
  if (id == T_BODY || id == T_HTML || id == T_BR || id == T_TEMPLATE ||
      id == T_HEAD || id == T_FORM)
    return 0; /* these never pop elements here */
  if (blocked(t, crossed))
    return 0;
  if (t->flags & F_TABLEISH)
    return was_opened(s, T_TABLE);
  if (t->flags & F_HEADING)
    return was_opened(s, T_H1) || was_opened(s, T_H2) || was_opened(s, T_H3) ||
           was_opened(s, T_H4) || was_opened(s, T_H5) || was_opened(s, T_H6);
  return was_opened(s, id);
}

static int root_escape(pp *s, const tag *t, int crossed) {
  if (!root_may_close(s, t, crossed)) {
    /* </form> closes nothing here but still takes the form off the stack
     * and clears the form pointer: written even from a dropped svg. */
    if (!top_drops(s) || t->id == T_FORM)
      emit_end(s, t);
    if (t->id == T_FORM)
      root_close(s, t);
    return 1;
  }
  if (top_drops(s)) {
    bail(s);
    return 0;
  }
  /* All is written and Gumbo decides; the model guesses with the HTML
   * rules on ROOT's open elements. */
  emit_end(s, t);
  if (root_close(s, t))
    pop_ctxs(s, 1);
  return 1;
}

/* ---- Noscript in the head (scripting off): whitespace, comments,
 * link/meta/basefont/bgsound and style/noframes stay in it; anything else
 * ends it and is handled in the head again. */
static int hns_start(pp *s, const tag *t) {
  switch (t->id) {
  case T_STYLE:
  case T_NOFRAMES:
    raw_element(s, t);
    return 1;
  case T_BASEFONT:
  case T_BGSOUND:
  case T_LINK:
  case T_META:
  case T_HEAD:
  case T_NOSCRIPT:
  case T_HTML:
    return 1;
  default:
    pop_ctxs(s, s->ncx - 1);
    return 0;
  }
}
static int hns_end(pp *s, const tag *t) {
  if (t->id != T_NOSCRIPT && t->id != T_BR)
    return 1; /* ignored */
  pop_ctxs(s, s->ncx - 1);
  return t->id == T_NOSCRIPT;
}

/* ---- Noscript in the body: an ordinary element (scripting off) that is
 * not a scope boundary, so what an element opened in it does depends on the
 * page around it. Dropped while it holds only what closes at once. */
static int noscript_start(pp *s, const tag *t) {
  if (t->id == T_NOSCRIPT) {
    top(s)->count++;
    return 1;
  }
  if (!(t->flags & F_NSOK)) {
    bail(s);
    return 0;
  }
  if (breaks_frameset(t))
    s->fs_dropped = 1;
  if (t->flags & RAW_MASK)
    raw_element(s, t);
  else if (t->id == T_TEMPLATE)
    open_ctx(s, CX_TEMPLATE);
  else if (t->id == T_SVG || t->id == T_MATH)
    open_foreign(s, t);
  return 1;
}
static int noscript_end(pp *s, const tag *t, size_t ci, int crossed) {
  if (blocked(t, crossed))
    return 1; /* stopped by an integration point: ignored */
  if (t->id != T_NOSCRIPT) {
    bail(s);
    return 0;
  }
  pop_ctxs(s, ci + 1);
  if (--s->cx[ci].count == 0)
    pop_ctxs(s, ci);
  return 1;
}

/* ---- Islands: HTML content held by a context ----------------------------
 * The elements inside a template, an object, or an HTML integration point
 * of svg/math (foreignObject, desc, title, annotation-xml for HTML, and for
 * start tags mi/mo/mn/ms/mtext). The island's bottom is a scope boundary
 * and special, so end tags inside cannot close what is outside it. */

static size_t island_lo(const pp *s, size_t ci) {
  size_t i = ctx_end(s, ci);
  if (s->cx[ci].kind != CX_FOREIGN)
    return s->cx[ci].base;
  while (i > s->cx[ci].base && s->ent[i - 1].ns == NS_HTML)
    i--;
  return i;
}
static const ent *top_ent(const pp *s) {
  return s->nent > s->cx[s->ncx - 1].base ? &s->ent[s->nent - 1] : NULL;
}
static int top_is(const pp *s, int id) {
  const ent *e = top_ent(s);
  return e && e->ns == NS_HTML && e->id == id &&
         s->nent > island_lo(s, s->ncx - 1);
}
static void pop_if_top(pp *s, int id) {
  if (top_is(s, id))
    s->nent--;
}

/* Index + 1 of the p that "close a p element" would close (one in button
 * scope), or 0. */
static size_t p_target(const pp *s) {
  size_t lo = island_lo(s, s->ncx - 1);
  for (size_t i = s->nent; i-- > lo;) {
    int id = s->ent[i].id;
    if (id == T_P)
      return i + 1;
    if ((tag_flags[id] & F_SCOPE) || id == T_BUTTON)
      return 0;
  }
  return 0;
}
static void island_close_p(pp *s) {
  size_t i = p_target(s);
  if (i)
    s->nent = i - 1;
}

/* <li>, <dd>, <dt> close the open one unless a special element is in
 * between (address, div and p do not count). Index + 1 of the one to
 * close, 0 if none; *out: the walk would go on out of the island. */
static size_t li_target(const pp *s, const tag *t, int *out) {
  size_t lo = island_lo(s, s->ncx - 1);
  const ctx *c = &s->cx[s->ncx - 1];
  *out = 0;
  for (size_t i = s->nent; i-- > lo;) {
    const ent *e = &s->ent[i];
    if (t->id == T_LI ? e->id == T_LI : e->id == T_DD || e->id == T_DT)
      return i + 1;
    if ((tag_flags[e->id] & F_SPECIAL) && e->id != T_ADDRESS &&
        e->id != T_DIV && e->id != T_P)
      return 0;
  }
  *out = c->kind == CX_FOREIGN && !ip_special(&s->ent[lo - 1]);
  return 0;
}
static void island_li(pp *s, const tag *t) {
  int out;
  size_t i = li_target(s, t, &out);
  if (i)
    s->nent = i - 1;
}

/* Index + 1 of an open id in the island of the top context, or 0; sets
 * *special when a special element is above it. */
static size_t island_find(const pp *s, int id, int *special) {
  size_t lo = island_lo(s, s->ncx - 1);
  *special = 0;
  for (size_t i = s->nent; i-- > lo;) {
    if (s->ent[i].id == id)
      return i + 1;
    *special |= (tag_flags[s->ent[i].id] & F_SPECIAL) != 0;
  }
  return 0;
}

/* Are formatting elements open above entry i? Popping them leaves them in
 * the parser's list of active formatting elements, to be reopened at the
 * next text: what a dropped island then holds is past the model. */
static int formats_above(const pp *s, size_t i) {
  while (++i < s->nent)
    if (s->ent[i].ns == NS_HTML && (tag_flags[s->ent[i].id] & F_FORMAT))
      return 1;
  return 0;
}

static int island_has(const pp *s, int id) {
  int special;
  return island_find(s, id, &special) != 0;
}

static int island_has_table_part(const pp *s) {
  for (size_t i = s->nent; i-- > island_lo(s, s->ncx - 1);)
    if (tag_flags[s->ent[i].id] & F_TABLEISH)
      return 1;
  return 0;
}

/* Start tags whose effect inside a dropped island depends on more than the
 * island holds (table modes, forms, the adoption agency, ruby). */
static int island_unsure_start(const pp *s, const tag *t) {
  int special = 0;
  size_t i;
  if (t->flags & F_TABLEISH)
    return 1;
  if ((t->flags & F_PCLOSE) && (i = p_target(s)) != 0 &&
      formats_above(s, i - 1))
    return 1;
  switch (t->id) {
  case T_LI:
  case T_DD:
  case T_DT:
    i = li_target(s, t, &special);
    return i ? formats_above(s, i - 1) : special;
  case T_BUTTON:
    i = island_find(s, t->id, &special);
    return i && formats_above(s, i - 1);
  case T_SELECT:
  case T_FORM:
  case T_MARQUEE:
  case T_APPLET:
  case T_FRAMESET:
  case T_ISINDEX:
  case T_RB:
  case T_RTC:
  case T_RP:
  case T_RT:
    return 1;
  case T_A:
  case T_NOBR:
    i = island_find(s, t->id, &special);
    return i && (special || formats_above(s, i - 1));
  default:
    return 0;
  }
}

/* Write (if written out) and push an element opened in an island. */
static void island_emit(pp *s, const tag *t, int push) {
  int drop = top_drops(s);
  if (push && !drop && s->depth + s->nent >= s->max_depth) {
    drop_capped(s, t);
    return;
  }
  if (push && !push_ent(s, t, NS_HTML, IP_NONE) && !drop) {
    drop_capped(s, t);
    return;
  }
  if (!drop)
    emit_start(s, t);
}

static void island_close_select(pp *s) {
  int special;
  size_t i = island_find(s, T_SELECT, &special);
  if (i)
    s->nent = i - 1;
  top(s)->in_select = 0;
}

/* In a select, tags other than these are ignored by the parser, so their
 * content is not raw text: <select><style>x</style> shows "x". The root
 * and an island context differ only in how they close the select and
 * write a tag, and an island models option and optgroup itself. Returns 0
 * when the select closed and the tag is to be handled again. */
static void select_close(pp *s, int island) {
  if (island)
    island_close_select(s);
  else
    root_close_select(s);
}

static void select_emit(pp *s, const tag *t, int island) {
  if (island)
    island_emit(s, t, 0);
  else
    emit_start(s, t);
}

static int select_start(pp *s, const tag *t, int island) {
  switch (t->id) {
  case T_SCRIPT:
    raw_element(s, t);
    return 1;
  case T_TEMPLATE:
    open_ctx(s, CX_TEMPLATE);
    return 1;
  case T_SELECT:
    select_close(s, island);
    select_emit(s, t, island);
    return 1;
  case T_INPUT:
  case T_KEYGEN:
  case T_TEXTAREA:
    select_close(s, island);
    return 0;
  case T_OPTGROUP:
  case T_OPTION:
    if (!island)
      break;
    pop_if_top(s, T_OPTION);
    if (t->id == T_OPTGROUP)
      pop_if_top(s, T_OPTGROUP);
    island_emit(s, t, 1);
    return 1;
  default:
    if (select_table_tag(t->id) && top(s)->select_in_table) {
      select_close(s, island);
      return 0;
    }
    break;
  }
  select_emit(s, t, island); /* ignored in a select: written as it is */
  return 1;
}

/* svg/math opened in a table (cell): a table part in its HTML island is
 * handled by the table modes, which clear the stack back to the table, row
 * or cell, closing the svg/math. Only met after a bail-out. */
static int table_part_leaves(const pp *s, const tag *t) {
  size_t ti;
  if (!(t->flags & F_TABLEISH) || !(ti = root_find_id(s, T_TABLE, F_TSCOPE)))
    return 0;
  for (size_t k = 1; k < s->ncx; k++)
    if (s->cx[k].kind != CX_FOREIGN)
      return 0;
  if (t->id != T_TABLE)
    return 1;
  for (size_t i = ti; i < s->depth; i++) /* a table in a cell nests */
    if (s->stack[i].id == T_TD || s->stack[i].id == T_TH ||
        s->stack[i].id == T_CAPTION)
      return 0;
  return 1;
}

/* Start tag under HTML rules in the top context's island. */
static int island_start(pp *s, const tag *t) {
  int special;
  size_t i;
  ctx *c = top(s);
  if (c->kind == CX_TEMPLATE && !c->started &&
      (!(t->flags & F_HEADOK) || t->id == T_HTML || t->id == T_HEAD ||
       t->id == T_NOSCRIPT || t->id == T_MENUITEM)) {
    c->started = 1; /* head elements leave the template mode as it is */
    c->colgroup = t->id == T_COL;
    c->table_mode = (t->flags & F_TABLEISH) && t->id != T_TABLE;
  }
  if (c->colgroup && t->id != T_TEMPLATE)
    return 1; /* ignored: not even raw text starts */
  if (top_drops(s) && breaks_frameset(t))
    s->fs_dropped = 1;
  if (top(s)->in_select)
    return select_start(s, t, 1);
  if (top_drops(s) && can_bail(s) && island_unsure_start(s, t)) {
    bail(s);
    return 0;
  }
  if (table_part_leaves(s, t)) {
    pop_ctxs(s, 1);
    return 0;
  }
  if (t->flags & RAW_MASK) {
    if (t->id == T_XMP || t->id == T_PLAINTEXT)
      island_close_p(s);
    raw_element(s, t);
    return 1;
  }
  switch (t->id) {
  case T_TEMPLATE:
    open_ctx(s, CX_TEMPLATE);
    return 1;
  case T_SVG:
  case T_MATH:
    open_foreign(s, t);
    return 1;
  case T_FRAMESET: /* refused after a dropped frameset breaker */
    if (s->fs_dropped) {
      note_drop(s);
      return 1;
    }
    island_emit(s, t, 0);
    return 1;
  case T_FORM: /* ignored while the page has a form open */
    if (s->form_ptr && c->kind != CX_TEMPLATE) {
      island_emit(s, t, 0);
      return 1;
    }
    break;
  case T_HTML:
  case T_HEAD:
  case T_BODY:
  case T_FRAME:
    island_emit(s, t, 0); /* ignored in the body */
    return 1;
  case T_A:
  case T_NOBR:
  case T_BUTTON:
    if ((i = island_find(s, t->id, &special)) != 0)
      s->nent = i - 1;
    break;
  case T_LI:
  case T_DD:
  case T_DT:
    island_li(s, t);
    break;
  case T_OPTION:
  case T_OPTGROUP:
    pop_if_top(s, T_OPTION);
    break;
  default:
    break;
  }
  if (t->flags & F_PCLOSE)
    island_close_p(s);
  if (t->flags & F_HEADING) {
    const ent *e = top_ent(s);
    if (e && e->ns == NS_HTML && (tag_flags[e->id] & F_HEADING))
      s->nent--;
  }
  /* Table parts (only met here when guessing, inside a template or after
   * a bail-out) are kept without the table modes' rules; outside a
   * template and a table the body ignores them. */
  if ((t->flags & F_TABLEISH) && t->id != T_TABLE && !c->table_mode &&
      !island_has(s, T_TABLE)) {
    island_emit(s, t, 0);
    return 1;
  }
  island_emit(s, t, !(t->flags & F_VOID));
  if (t->id == T_SELECT && top_is(s, T_SELECT)) {
    top(s)->in_select = 1;
    top(s)->select_in_table =
        (uint8_t)((top(s)->kind == CX_FOREIGN && root_has(s, T_TABLE)) ||
                  top(s)->table_mode || island_has_table_part(s));
  }
  return 1;
}

/* The same for context ci's island, whose bottom bounds everything (it is
 * the object itself for </object>). */
static int island_rule(const pp *s, const tag *t, size_t ci, size_t *at) {
  size_t lo = island_lo(s, ci), i = ctx_end(s, ci);
  int r;
  if (t->flags & F_TABLEISH) { /* table scope: only a template stops it */
    while (i-- > lo)
      if (html_same(s->ent[i].id, s->ent[i].hash, t)) {
        *at = i;
        return R_POP;
      }
    return s->cx[ci].kind == CX_TEMPLATE ? R_IGNORE : R_OUT;
  }
  r = end_rule(s->ent, lo, ctx_end(s, ci), t, at);
  if (r != R_BOTTOM)
    return r;
  if (s->cx[ci].kind == CX_OBJECT && t->id == T_OBJECT)
    return R_CLOSE;
  if (s->cx[ci].kind == CX_OBJECT && (t->flags & F_TSCOPE_END))
    return R_OUT; /* </marquee> closes through an object */
  if (s->cx[ci].kind == CX_FOREIGN &&
      ((t->flags & F_TSCOPE_END) ||
       (!scoped_end(t) && !ip_special(&s->ent[lo - 1]))))
    return R_OUT; /* the walk goes on out of the svg/math */
  return R_IGNORE;
}

/* The same when the model cannot tell and nothing is dropped: the element
 * of that name, if any, is taken as closed. */
static int guess_rule(const pp *s, const tag *t, size_t ci, size_t *at) {
  size_t lo = island_lo(s, ci), i = ctx_end(s, ci);
  while (i-- > lo)
    if ((t->flags & F_HEADING) ? (tag_flags[s->ent[i].id] & F_HEADING) != 0
                               : html_same(s->ent[i].id, s->ent[i].hash, t)) {
      *at = i;
      return R_POP;
    }
  return R_IGNORE;
}

static int island_select_end(pp *s, const tag *t) {
  if (t->id == T_SELECT)
    island_close_select(s);
  else if (t->id == T_OPTION)
    pop_if_top(s, T_OPTION);
  else if (t->id == T_OPTGROUP) {
    if (top_is(s, T_OPTION) && s->nent >= 2 &&
        s->ent[s->nent - 2].id == T_OPTGROUP)
      s->nent--;
    pop_if_top(s, T_OPTGROUP);
  }
  if (!top_drops(s))
    emit_end(s, t);
  return 1;
}

static int end_in_ctx(pp *s, const tag *t, size_t ci, int crossed);

static int cross_flags(const ent *e) {
  return e->ip == IP_NONE ? 0
                          : CROSS_SCOPE | (ip_special(e) ? CROSS_SPECIAL : 0);
}

/* HTML rules walk an end tag on, below context ci's island: across the
 * foreign elements under it (they match no HTML end tag) to the context
 * beneath. */
static int walk_below(pp *s, const tag *t, size_t ci, int crossed) {
  for (size_t i = island_lo(s, ci); i-- > s->cx[ci].base;)
    crossed |= cross_flags(&s->ent[i]);
  while (--ci > 0 && s->cx[ci].kind == CX_FOREIGN &&
         island_lo(s, ci) == ctx_end(s, ci))
    for (size_t i = ctx_end(s, ci); i-- > s->cx[ci].base;)
      crossed |= cross_flags(&s->ent[i]);
  return end_in_ctx(s, t, ci, crossed);
}

/* End tag under HTML rules for context ci's island; crossed: it came out
 * of svg/math past an integration point. */
/* </form> (outside a template) takes the form alone off the stack. */
static int island_form_end(pp *s, const tag *t, size_t ci) {
  int special;
  size_t i = ci == s->ncx - 1 ? island_find(s, T_FORM, &special) : 0;
  if (!top_drops(s) || !s->cx[ci].drop)
    emit_end(s, t);
  if (i) {
    memmove(&s->ent[i - 1], &s->ent[i], (s->nent - i) * sizeof *s->ent);
    s->nent--;
  }
  return 1;
}

/* The adoption agency with a furthest block in context ci's island (only
 * when written out: a dropped island gives up first). */
static void island_adopt(pp *s, const tag *t, size_t ci, size_t x) {
  if (!top_drops(s) || !s->cx[ci].drop)
    emit_end(s, t);
  pop_ctxs(s, ci + 1);
  s->nent = adopt_cut(s->ent, x, s->nent);
  memmove(&s->ent[x], &s->ent[x + 1], (s->nent - x - 1) * sizeof *s->ent);
  s->nent--;
}

static int island_end(pp *s, const tag *t, size_t ci, int crossed) {
  int r, top_drop = top_drops(s), special, adopt;
  size_t at = 0;
  if (blocked(t, crossed))
    r = R_IGNORE;
  else if (s->cx[ci].in_select && ci == s->ncx - 1)
    return island_select_end(s, t);
  else if (t->id == T_FORM && s->cx[ci].kind != CX_TEMPLATE)
    return island_form_end(s, t, ci);
  else
    r = island_rule(s, t, ci, &at);
  adopt = r == R_UNSURE && (t->flags & F_FORMAT);
  if (r == R_POP && formats_above(s, at))
    r = R_UNSURE;
  if ((r == R_UNSURE || r == R_OUT) && top_drop && can_bail(s)) {
    bail(s);
    return 0;
  }
  if (r == R_OUT)
    return walk_below(s, t, ci, crossed);
  if (adopt) {
    island_adopt(s, t, ci, at);
    return 1;
  }
  if (r == R_UNSURE)
    r = guess_rule(s, t, ci, &at);
  if (!top_drop || (r != R_IGNORE && !s->cx[ci].drop))
    emit_end(s, t);
  if (r == R_CLOSE) {
    pop_ctxs(s, ci);
  } else if (r == R_POP) {
    pop_ctxs(s, ci + 1);
    s->nent = at;
    if (s->cx[ci].in_select && !island_find(s, T_SELECT, &special))
      s->cx[ci].in_select = 0;
  }
  return 1;
}

/* ---- svg and math ------------------------------------------------------- */

static int foreign_ip(const tag *t, int ns) {
  int id = t->id;
  if (ns == NS_SVG)
    return id == T_FOREIGNOBJECT || id == T_DESC || id == T_TITLE ? IP_HTML
                                                                  : IP_NONE;
  if (id == T_MI || id == T_MO || id == T_MN || id == T_MS || id == T_MTEXT)
    return IP_MTEXT;
  if (id == T_ANNOTATION_XML)
    return t->html_enc ? IP_HTML : IP_ANNOT;
  return IP_NONE;
}

/* Is a start tag under the current foreign node handled by HTML rules? */
static int html_rules_for(const ent *e, const tag *t) {
  if (e->ns == NS_HTML || e->ip == IP_HTML)
    return 1;
  if (e->ip == IP_MTEXT)
    return t->id != T_MGLYPH && t->id != T_MALIGNMARK;
  return e->ns == NS_MATH && e->id == T_ANNOTATION_XML && t->id == T_SVG;
}

/* A breakout tag (<p>, <div>, <font color> ...) pops foreign elements up to
 * an integration point or HTML, then is handled there. */
static void foreign_breakout(pp *s) {
  size_t base = top(s)->base;
  while (s->nent > base) {
    const ent *x = &s->ent[s->nent - 1];
    if (x->ns == NS_HTML || x->ip == IP_HTML || x->ip == IP_MTEXT)
      return;
    s->nent--;
  }
  pop_ctxs(s, s->ncx - 1);
}

static int foreign_start(pp *s, const tag *t) {
  const ent *e = &s->ent[s->nent - 1];
  int ns = e->ns, drop = top_drops(s);
  if (html_rules_for(e, t))
    return island_start(s, t);
  if ((t->flags & F_BREAKOUT) || (t->id == T_FONT && t->font_attr)) {
    foreign_breakout(s);
    return 0;
  }
  if (!t->self_closing) {
    if (!drop && s->depth + s->nent >= s->max_depth) {
      drop_capped(s, t);
      return 1;
    }
    if (!push_ent(s, t, ns, foreign_ip(t, ns)) && !drop) {
      drop_capped(s, t);
      return 1;
    }
  }
  tag u = *t;
  if (renamed(t->id, ns)) {
    u.name = FOREIGN_SELECT;
    u.nlen = FOREIGN_SELECT_LEN;
  }
  if (!drop)
    emit_start(s, &u);
  return 1;
}

static int end_in_ctx(pp *s, const tag *t, size_t ci, int crossed);

/* Close foreign elements down to entry `at` of context ci. */
static int foreign_pop(pp *s, const tag *t, size_t ci, size_t at) {
  tag u = *t;
  if (renamed(s->ent[at].id, s->ent[at].ns)) {
    u.name = FOREIGN_SELECT;
    u.nlen = FOREIGN_SELECT_LEN;
  }
  if (!top_drops(s) || !s->cx[ci].drop)
    emit_end(s, &u);
  pop_ctxs(s, ci + 1);
  if (at == s->cx[ci].base)
    pop_ctxs(s, ci);
  else
    s->nent = at;
  return 1;
}

/* End tag in foreign content: walk down the foreign elements, across
 * nested svg/math contexts, for one of that name; at the first HTML element
 * the HTML rules of its context decide. */
static int foreign_end(pp *s, const tag *t) {
  int crossed = 0;
  size_t ci = s->ncx - 1, i = s->nent;
  for (;;) {
    const ctx *c = &s->cx[ci];
    if (c->kind != CX_FOREIGN)
      return end_in_ctx(s, t, ci, crossed);
    for (; i > c->base; i--) {
      const ent *e = &s->ent[i - 1];
      if (e->ns == NS_HTML)
        return end_in_ctx(s, t, ci, crossed);
      if (t->bare && e->hash == t->hash) /* Gumbo 0.10.1 compares the whole
                                            "</...>" text with the name */
        return foreign_pop(s, t, ci, i - 1);
      crossed |= cross_flags(e);
    }
    i = c->base;
    ci--;
  }
}

/* ---- Dispatch ----------------------------------------------------------- */

/* </template> closes the innermost template wherever HTML rules see it. */
static int template_end(pp *s, const tag *t, size_t ci) {
  for (size_t k = ci + 1; k-- > 1;)
    if (s->cx[k].kind == CX_TEMPLATE) {
      pop_ctxs(s, k);
      return 1;
    }
  if (!top_drops(s))
    emit_end(s, t);
  return 1;
}

static int end_in_ctx(pp *s, const tag *t, size_t ci, int crossed) {
  int kind = s->cx[ci].kind;
  if (kind == CX_HNOSCRIPT)
    return hns_end(s, t);
  if (t->id == T_TEMPLATE)
    return template_end(s, t, ci);
  if (kind == CX_ROOT)
    return ci == s->ncx - 1 ? root_end(s, t) : root_escape(s, t, crossed);
  if (kind == CX_NOSCRIPT)
    return noscript_end(s, t, ci, crossed);
  return island_end(s, t, ci, crossed);
}

static void on_start(pp *s, const tag *t) {
  int done = 0;
  while (!done && s->st == CLEANER_OK) {
    switch (top(s)->kind) {
    case CX_ROOT:
      done = root_start(s, t);
      break;
    case CX_HNOSCRIPT:
      done = hns_start(s, t);
      break;
    case CX_NOSCRIPT:
      done = noscript_start(s, t);
      break;
    case CX_FOREIGN:
      done = foreign_start(s, t);
      break;
    default:
      done = island_start(s, t);
      break;
    }
  }
}

static int in_template(const pp *s) {
  for (size_t k = s->ncx; k-- > 1;)
    if (s->cx[k].kind == CX_TEMPLATE)
      return 1;
  return 0;
}

static void on_end(pp *s, const tag *t) {
  int done = 0;
  size_t len = s->out->len;
  if (!top_drops(s) && drop_take(s, t->hash)) {
    note_drop(s); /* its start tag was dropped by the depth cap */
    return;
  }
  while (!done && s->st == CLEANER_OK) {
    size_t ci = s->ncx - 1;
    if (s->cx[ci].kind == CX_FOREIGN && s->ent[s->nent - 1].ns != NS_HTML)
      done = foreign_end(s, t);
    else
      done = end_in_ctx(s, t, ci, 0);
  }
  /* Outside a template, any </form> clears the parser's form pointer, also
   * where it closes nothing; <isindex> depends on it. */
  if (t->id == T_FORM && !in_template(s)) {
    s->form_dropped = s->out->len == len && was_opened(s, T_FORM);
    s->form_ptr = 0;
  }
}

/* Is ROOT's current element a table, section or row? Whitespace there is
 * inserted as it is (table text), without reopening anything. */
static int root_in_table_mode(const pp *s) {
  int id = s->depth ? s->stack[s->depth - 1].id : T_UNKNOWN;
  return id == T_TABLE || id == T_TBODY || id == T_THEAD || id == T_TFOOT ||
         id == T_TR;
}

static void on_text(pp *s, const char *a, const char *b) {
  for (;;) {
    const ctx *c = top(s);
    if (c->kind == CX_HNOSCRIPT) { /* whitespace stays in it, text ends it */
      a = skip_ws_refs(a, b);
      if (a == b)
        return;
      pop_ctxs(s, s->ncx - 1);
      continue;
    }
    if (c->drop) {
      if (!s->fs_dropped && has_text(a, b))
        s->fs_dropped = 1;
      if (s->math_ctx)
        math_text(s, a, b);
      return;
    }
    if (s->mode != HM_BODY && c->kind == CX_ROOT && has_text(a, b))
      s->mode = HM_BODY;
    if (c->kind == CX_ROOT && s->nafl && s->mode == HM_BODY && !c->in_select &&
        (has_text(a, b) || !root_in_table_mode(s)))
      afl_reconstruct(s); /* text reopens formatting elements */
    emit_text(s, a, b);
    return;
  }
}

/* Written verbatim in ROOT (it may set quirks mode), ignored elsewhere. */
static void on_doctype(pp *s, const char *e) {
  if (top(s)->kind == CX_ROOT) {
    put(s, s->p, (size_t)(e - s->p));
    token_written(s);
  } else {
    note_drop(s);
  }
  s->p = e;
}

static void on_comment(pp *s, const char *e) {
  note_drop(s);
  s->p = e;
}

/* CDATA sections exist only where the current node is foreign. */
static int cdata_ok(const pp *s) {
  return s->cx[s->ncx - 1].kind == CX_FOREIGN &&
         s->ent[s->nent - 1].ns != NS_HTML;
}

/* Text with '&' and '<' written as references. */
static void put_escaped(pp *s, const char *a, const char *b) {
  while (a < b) {
    const char *q = a;
    while (q < b && *q != '&' && *q != '<')
      q++;
    put(s, a, (size_t)(q - a));
    if (q < b)
      put(s, *q == '&' ? "&amp;" : "&lt;", *q == '&' ? 5 : 4);
    a = q + 1;
  }
}

/* A CDATA section is written as its text, escaped, between two empty
 * comments that keep its token boundaries. The spec makes it character
 * tokens; Gumbo 0.10.1 makes a CDATA token, which aborts on an assertion
 * in table text ("<table><math><mi><![CDATA[x]]>", reached when a dropped
 * math is written out after all). */
static void on_cdata(pp *s, const char *e) {
  if (!top_drops(s)) {
    const char *b = e - s->p >= 12 && memcmp(e - 3, "]]>", 3) == 0 ? e - 3 : e;
    if (count_nodes(s, 3)) {
      put(s, SEP, SEP_LEN);
      put_escaped(s, s->p + 9, b);
      put(s, SEP, SEP_LEN);
    }
    token_written(s);
  } else if (has_text(s->p + 9, e)) { /* text in svg/math breaks it too */
    s->fs_dropped = 1;
  }
  s->p = e;
}

/* "<!": comment, DOCTYPE, CDATA or bogus comment. */
static void markup_decl(pp *s) {
  const char *q = s->p + 2, *end = s->end;
  size_t n = (size_t)(end - q);
  if (n >= 2 && q[0] == '-' && q[1] == '-')
    on_comment(s, comment_end(q + 2, end));
  else if (n >= 7 && ci_eq(q, "doctype", 7))
    on_doctype(s, after_gt(q, end));
  else if (n >= 7 && memcmp(q, "[CDATA[", 7) == 0 && cdata_ok(s))
    on_cdata(s, cdata_end(q + 7, end));
  else
    on_comment(s, after_gt(q, end));
}

/* At a '<' that starts markup (see find_markup). */
static void on_markup(pp *s) {
  const char *p = s->p;
  tag t;
  if (is_alpha((unsigned char)p[1])) {
    if (read_tag(s, p + 1, 0, &t)) {
      if (s->cap && s->ca_seen)
        capture_tag(s, &t);
      on_start(s, &t);
    }
  } else if (p[1] == '/') {
    if (!is_alpha((unsigned char)p[2])) /* "</ x>", "</3>": bogus comment */
      on_comment(s, after_gt(p + 2, s->end));
    else if (read_tag(s, p + 2, 1, &t))
      on_end(s, &t);
  } else if (p[1] == '?') {
    on_comment(s, after_gt(p + 1, s->end));
  } else {
    markup_decl(s);
  }
}

/* First '<' from p that starts markup, or end. '<' followed by anything but
 * a letter, '/', '!' or '?' is text; so are "</" at the end of input and
 * "</>", which the tokenizer drops without a token (kept, it keeps the text
 * on its two sides apart as it was). */
static const char *find_markup(const char *p, const char *end) {
  while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
    unsigned char c;
    if (end - p < 2)
      return end;
    c = (unsigned char)p[1];
    if (is_alpha(c) || c == '!' || c == '?')
      return p;
    if (c == '/') {
      if (end - p < 3)
        return end;
      if (p[2] != '>')
        return p;
      p += 3;
      continue;
    }
    p++;
  }
  return end;
}

/* ---- Placeholders: the page and the expansion ---------------------------- */

/* Does the page hold a character of planes 15 or 16, which Gumbo's text
 * would hold too: as UTF-8 (F3 B0-BF, F4 80-8F) or as a numeric character
 * reference (anywhere: a few false alarms in attributes cost only speed)? */
static int pua_bytes(const char *in, size_t len) {
  const char *e = in + len;
  for (const char *q = in; (q = memchr(q, PH_LEAD, (size_t)(e - q))) != NULL;
       q++)
    if (e - q > 1 && (unsigned char)q[1] >= PH_SECOND_LO)
      return 1;
  for (const char *q = in;
       (q = memchr(q, PLANE16_LEAD, (size_t)(e - q))) != NULL; q++)
    if (e - q > 1 && (unsigned char)q[1] < PLANE16_SECOND_END)
      return 1;
  return 0;
}
static int pua_refs(const char *in, size_t len) {
  const char *e = in + len;
  for (const char *q = in; (q = memchr(q, '&', (size_t)(e - q))) != NULL;) {
    q++;
    if (q == e || *q != '#')
      continue;
    q++;
    int hex = q < e && (*q | 0x20) == 'x', d;
    q += hex;
    uint32_t v = 0;
    for (; q < e && (d = digit_value((unsigned char)*q, hex)) >= 0; q++)
      if ((v = v * (hex ? 16 : 10) + (uint32_t)d) > CP_MAX)
        break;
    if (v >= PH_BASE && v <= CP_MAX)
      return 1;
  }
  return 0;
}

void cl_pp_runs_init(cl_pp_runs *r, const cl_mem *mem) {
  memset(r, 0, sizeof *r);
  r->mem = mem;
}
void cl_pp_runs_free(cl_pp_runs *r) {
  cl_free(r->mem, r->run);
  r->run = NULL;
  r->n = r->cap = 0;
}

/* Index of the placeholder at p, or -1. */
static long placeholder_at(const cl_pp_runs *r, const char *p,
                           const char *end) {
  const unsigned char *u = (const unsigned char *)p;
  if (end - p < PH_LEN || u[0] != PH_LEAD || u[1] < PH_SECOND_LO ||
      (u[2] & 0xC0) != 0x80 || (u[3] & 0xC0) != 0x80)
    return -1;
  size_t k = (size_t)(u[1] & 0x0F) << 12 | (size_t)(u[2] & 0x3F) << 6 |
             (size_t)(u[3] & 0x3F);
  return k < r->n ? (long)k : -1;
}

int cl_pp_has_placeholder(const cl_pp_runs *r, const char *s, size_t n) {
  return r && r->n && memchr(s, PH_LEAD, n) != NULL;
}

/* A run as put_collapsed() writes it, each CR then read as LF by the
 * parser. */
static void expand_run(const char *a, const char *b, cl_buf *out) {
  while (a < b) {
    if (!is_ws((unsigned char)*a)) {
      const char *q = a;
      while (q < b && !is_ws((unsigned char)*q))
        q++;
      cl_buf_append(out, a, (size_t)(q - a));
      a = q;
      continue;
    }
    const char *w = a;
    int nl = 0;
    while (a < b && is_ws((unsigned char)*a))
      nl |= *a == '\n' || *a == '\r', a++;
    cl_buf_putc(out, a - w > 1 ? (nl ? '\n' : ' ') : *w == '\r' ? '\n' : *w);
  }
}

cleaner_status cl_pp_expand(const cl_pp_runs *r, const char *s, size_t n,
                            cl_buf *out) {
  const char *end = s + n, *raw = s, *p = s;
  while ((p = memchr(p, PH_LEAD, (size_t)(end - p))) != NULL) {
    long k = placeholder_at(r, p, end);
    if (k < 0) {
      p++;
      continue;
    }
    cl_buf_append(out, raw, (size_t)(p - raw));
    const char *a = r->base + r->run[k].off;
    expand_run(a, a + r->run[k].len, out);
    raw = p += PH_LEN;
  }
  cl_buf_append(out, raw, (size_t)(end - raw));
  return out->oom ? CLEANER_ENOMEM : CLEANER_OK;
}

/* Output is usually about a third of the input; reserving half of it up
 * front saves most regrowth copies. */
#define RESERVE_DIV 2

cleaner_status cl_prepass_limited(const char *in, size_t len,
                                  const cl_prepass_limits *lim, cl_buf *out,
                                  int *cut) {
  pp s;
  if (!out || !lim || !cut || (!in && len))
    return CLEANER_EINVAL;
  *cut = 0;
  if (lim->runs) {
    lim->runs->n = 0;
    lim->runs->base = in;
  }
  if (len == 0)
    return CLEANER_OK;
  memset(&s, 0, sizeof s);
  s.p = in;
  s.end = in + len;
  s.out = out;
  s.mem = out->mem;
  s.max_depth = lim->max_depth;
  s.max_nodes = lim->max_nodes;
  s.deadline = lim->deadline;
  s.ent_limit = s.max_depth > ENT_MIN ? s.max_depth : ENT_MIN;
  s.cap = lim->cap;
  s.keep = lim->keep;
  s.lx = lim->lx;
  s.regions = lim->regions;
  if (s.regions)
    *s.regions = 0;
  s.hc = lim->hints;
  if (s.lx && !s.hc && !(s.hc = s.own_hc = cl_calloc(s.mem, 1, sizeof *s.hc)))
    s.st = CLEANER_ENOMEM;
  if (lim->runs && !pua_bytes(in, len) && !pua_refs(in, len))
    s.runs = lim->runs;
  tag_table_init(s.tag_slots);
  cl_buf_init(&s.attrs, out->mem);
  if (cl_buf_reserve(out, len / RESERVE_DIV) != CLEANER_OK)
    s.st = CLEANER_ENOMEM;
  if (push_ctx(&s, CX_ROOT))
    s.cx[0].drop = 0;
  while (s.st == CLEANER_OK && s.p < s.end) {
    const char *q = find_markup(s.p, s.end);
    if (q > s.p)
      on_text(&s, s.p, q);
    s.p = q;
    if (q < s.end && s.st == CLEANER_OK)
      on_markup(&s);
    if (cl_deadline_spend(s.deadline, 1) && s.st == CLEANER_OK)
      s.st = CLEANER_ETIME;
  }
  if (s.cap && s.cap->oom && s.st == CLEANER_OK)
    s.st = CLEANER_ENOMEM;
  cl_buf_free(&s.attrs);
  cl_free(s.mem, s.stack);
  cl_free(s.mem, s.cx);
  cl_free(s.mem, s.ent);
  cl_free(s.mem, s.own_hc);
  *cut = s.cut;
  return s.cut ? CLEANER_OK : s.st;
}

cleaner_status cl_prepass(const char *in, size_t len, unsigned max_depth,
                          cl_buf *out) {
  cl_prepass_limits lim = {.max_depth = max_depth};
  int cut;
  return cl_prepass_limited(in, len, &lim, out, &cut);
}

cleaner_status cl_prepass_capture(const char *in, size_t len,
                                  unsigned max_depth, cl_buf *out,
                                  cl_buf *cap) {
  cl_prepass_limits lim = {.max_depth = max_depth, .cap = cap};
  int cut;
  return cl_prepass_limited(in, len, &lim, out, &cut);
}
