#include "feat.h"

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

/* Words longer than this (bytes, folded) are in no stopword list. */
#define MAX_STOPWORD_BYTES 48

/* The features of short blocks, kept by text across a featurer's
 * documents (cl_memo): half the short lines of the development pages are
 * repeats, and in scripts without spaces each costs as much ICU time as
 * prose. */
#define FEAT_MEMO_SLOTS 4096 /* power of two; 1 MiB of text at most */
#define FEAT_MEMO_TEXT_MAX 256

/* ICU's dictionary word break (Han, kana, Thai ...) costs about a
 * thousand instructions per letter; a block's words are counted on its
 * first DICT_SAMPLE such letters and scaled to its length. The count only
 * sets thresholds of a few words, so 16 letters (some ten words) decide
 * as the whole text does: the outputs of the development sets are the
 * same with the whole text. */
#define DICT_SAMPLE 16

struct cl_featurer {
  const cl_mem *mem;
  const cl_lexicon *lx;
  size_t stop_max;   /* cl_lexicon_stop_max() */
  size_t han_script; /* index of the Han ideographs in cl_scripts */
  UBreakIterator *bi;
  /* The text in UTF-16 for ICU: its dictionary engines copy UTF-8 text
   * into UTF-16 per range, with an index map, and use UTF-16 in place. */
  UChar *u16;
  size_t u16_cap;
  cl_memo *memo;
};

cleaner_status cl_featurer_new(const cl_mem *mem, const cl_lexicon *lx,
                               cl_featurer **out) {
  UErrorCode err = U_ZERO_ERROR;
  *out = NULL;
  cl_featurer *f = cl_calloc(mem, 1, sizeof *f);
  if (!f)
    return CLEANER_ENOMEM;
  f->mem = mem;
  f->lx = lx;
  /* Longer stopwords could not match: words are cut at that length. */
  f->stop_max = cl_lexicon_stop_max(lx);
  if (f->stop_max >= MAX_STOPWORD_BYTES)
    f->stop_max = MAX_STOPWORD_BYTES - 1;
  while (f->han_script + 1 < CL_NSCRIPTS &&
         cl_scripts[f->han_script].lo != 0x4E00)
    f->han_script++;
  if (cl_memo_new(mem, FEAT_MEMO_SLOTS, FEAT_MEMO_TEXT_MAX, sizeof(cl_block),
                  &f->memo) != CLEANER_OK) {
    cl_free(mem, f);
    return CLEANER_ENOMEM;
  }
  f->bi = ubrk_open(UBRK_WORD, "", NULL, 0, &err);
  if (U_FAILURE(err)) {
    cl_memo_free(f->memo);
    cl_free(mem, f);
    return err == U_MEMORY_ALLOCATION_ERROR ? CLEANER_ENOMEM : CLEANER_EINVAL;
  }
  *out = f;
  return CLEANER_OK;
}

void cl_featurer_free(cl_featurer *f) {
  if (!f)
    return;
  cl_free(f->mem, f->u16);
  cl_memo_free(f->memo);
  ubrk_close(f->bi);
  cl_free(f->mem, f);
}

void cl_trim(const char *s, size_t *start, size_t *end) {
  size_t a = *start, b = *end;
  while (a < b) {
    size_t i = a;
    if (!cl_is_space(cl_next_cp(s, b, &i)))
      break;
    a = i;
  }
  while (b > a) {
    size_t k = b - 1;
    while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80)
      k--;
    size_t i = k;
    if (!cl_is_space(cl_next_cp(s, b, &i)))
      break;
    b = k;
  }
  *start = a;
  *end = b;
}

static int is_word_cp(unsigned cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= '0' && cp <= '9') || cp == '_';
  int8_t t = u_charType((UChar32)cp);
  return (t >= U_UPPERCASE_LETTER && t <= U_OTHER_NUMBER &&
          t != U_ENCLOSING_MARK) ||
         t == U_CONNECTOR_PUNCTUATION;
}

const cl_script cl_scripts[CL_NSCRIPTS] = {
    {0x3040, 0x30FF, "ja"}, /* kana: Japanese even among Han */
    {0xAC00, 0xD7AF, "ko"}, {0x1100, 0x11FF, "ko"}, {0x0E00, 0x0E7F, "th"},
    {0x0600, 0x06FF, "ar"}, {0x0590, 0x05FF, "he"}, {0x0900, 0x097F, "hi"},
    {0x4E00, 0x9FFF, "zh"}, {0x3400, 0x4DBF, "zh"},
};

static void count_cyrillic(unsigned cp, uint32_t *cy) {
  cy[CL_CY_ALL]++;
  switch (cp) {
  case 0x456: /* і (also Belarusian, told apart by ў), ї є ґ */
  case 0x406:
  case 0x457:
  case 0x454:
  case 0x491:
  case 0x407:
  case 0x404:
  case 0x490:
    cy[CL_CY_UK]++;
    break;
  case 0x45E: /* ў */
  case 0x40E:
    cy[CL_CY_BE]++;
    break;
  case 0x44B: /* ы э ё */
  case 0x44D:
  case 0x451:
  case 0x42B:
  case 0x42D:
  case 0x401:
    cy[CL_CY_RU]++;
    break;
  case 0x44A: /* ъ */
  case 0x42A:
    cy[CL_CY_BG]++;
    break;
  }
}

/* Count one code point past ASCII that is not white space. */
static void count_letter(cl_letters *lt, unsigned cp) {
  lt->letters++;
  if (cp >= 0x400 && cp <= 0x4FF) {
    count_cyrillic(cp, lt->cy);
    return;
  }
  for (size_t k = 0; cp >= 0x0590 && k < CL_NSCRIPTS; k++)
    if (cp >= cl_scripts[k].lo && cp <= cl_scripts[k].hi) {
      lt->script[k]++;
      return;
    }
}

/* Scripts written without spaces between words, for which ICU's word
 * break uses dictionaries: Thai, Lao, Myanmar, Khmer, kana and Han. Block
 * ranges stand in for a script lookup on this hot path. */
static int needs_dictionary(unsigned cp) {
  return (cp >= 0x0E00 && cp <= 0x0EFF) || /* Thai, Lao */
         (cp >= 0x1000 && cp <= 0x109F) || /* Myanmar */
         (cp >= 0x1780 && cp <= 0x17FF) || /* Khmer */
         (cp >= 0x3040 && cp <= 0x30FF) || /* Hiragana, Katakana */
         (cp >= 0x3400 && cp <= 0x4DBF) || /* Han extension A */
         (cp >= 0x4E00 && cp <= 0x9FFF) || /* Han */
         (cp >= 0xF900 && cp <= 0xFAFF) || /* Han compatibility */
         (cp >= 0x20000 && cp <= 0x3134F); /* Han extensions B-G */
}

static int is_sentence_punct(unsigned cp) {
  switch (cp) {
  case ',':
  case '.':
  case ';':
  case ':':
  case '!':
  case '?':
  case 0x3002: /* 。 */
  case 0xFF0C: /* ， */
  case 0x3001: /* 、 */
  case 0xFF1B: /* ； */
  case 0xFF1A: /* ： */
  case 0xFF01: /* ！ */
  case 0xFF1F: /* ？ */
    return 1;
  default:
    return 0;
  }
}

/* Simple case foldings of the BMP (Latin, Greek, Cyrillic, Han ...),
 * kept as ICU gives them: a look-up instead of a call per letter. 0 = not
 * asked yet. Threads may fill an entry at once, always with one value:
 * relaxed atomics make that defined at the cost of a plain load. */
#define FOLD_MEMO_END 0x10000
static _Atomic uint16_t fold_memo[FOLD_MEMO_END];

unsigned cl_fold_cp(unsigned cp) {
  if (cp < FOLD_MEMO_END) {
    unsigned m = atomic_load_explicit(&fold_memo[cp], memory_order_relaxed);
    if (m)
      return m;
  }
  unsigned fc = (unsigned)u_foldCase((UChar32)cp, U_FOLD_CASE_DEFAULT);
  if (cp < FOLD_MEMO_END && fc && fc <= UINT16_MAX)
    atomic_store_explicit(&fold_memo[cp], (uint16_t)fc, memory_order_relaxed);
  return fc;
}

/* The case-folded word being read, and its cl_hash(), for the stopword
 * look-up: folded as cl_features() meets its code points. */
typedef struct word_acc {
  char w[MAX_STOPWORD_BYTES + 4];
  size_t n; /* past stop_max: longer than any stopword, no more kept */
  uint64_t hash;
} word_acc;

static void word_put(word_acc *a, char c) {
  a->w[a->n++] = c;
  a->hash = (a->hash ^ (unsigned char)c) * CL_FNV_PRIME;
}

static void word_add(const cl_featurer *f, word_acc *a, unsigned cp) {
  if (a->n > f->stop_max)
    return;
  if (cp < 0x80) {
    word_put(a, (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
    return;
  }
  char t[4];
  size_t k = cl_utf8_encode(cl_fold_cp(cp), t);
  for (size_t i = 0; i < k; i++)
    word_put(a, t[i]);
}

/* Count the word of `bytes` bytes just read if it is a stopword. */
static void count_stopword(const cl_featurer *f, cl_block *b, const word_acc *a,
                           size_t bytes) {
  if (bytes > MAX_STOPWORD_BYTES || a->n > f->stop_max)
    return;
  uint32_t mask = cl_lexicon_stopmask_hashed(f->lx, a->w, a->n, a->hash | 1);
  for (int l = 0; mask; l++, mask >>= 1)
    if (mask & 1)
      b->stop[l]++;
}

/* The text as UTF-16 in f->u16; its length, or -1 on no memory or a
 * text ICU cannot take (over INT32_MAX code units). */
static int32_t to_utf16(cl_featurer *f, const char *text, size_t len) {
  if (len > INT32_MAX)
    return -1;
  /* UTF-8 never needs more UTF-16 units than bytes. */
  if (len + 1 > f->u16_cap) {
    UChar *p = cl_grow(f->mem, f->u16, &f->u16_cap, len + 1, sizeof *p);
    if (!p)
      return -1;
    f->u16 = p;
  }
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = 0;
  int32_t cap = f->u16_cap > INT32_MAX ? INT32_MAX : (int32_t)f->u16_cap;
  u_strFromUTF8WithSub(f->u16, cap, &n, text, (int32_t)len, 0xFFFD, NULL, &err);
  return U_FAILURE(err) ? -1 : n;
}

static uint32_t dictionary_words(cl_featurer *f, const char *text, size_t len) {
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = to_utf16(f, text, len);
  if (n < 0)
    return 0;
  ubrk_setText(f->bi, f->u16, n, &err);
  if (U_FAILURE(err))
    return 0;
  uint32_t words = 0;
  for (int32_t p = ubrk_first(f->bi); (p = ubrk_next(f->bi)) != UBRK_DONE;)
    if (ubrk_getRuleStatus(f->bi) >= UBRK_WORD_NUMBER)
      words++;
  return words;
}

/* What a code point is to cl_features(), memoised for the BMP like the
 * case foldings: 0 = not asked yet, so CP_KNOWN is always set. */
enum {
  CP_WORD = 1,  /* is_word_cp() */
  CP_SPACE = 2, /* cl_is_space() */
  CP_PUNCT = 4, /* is_sentence_punct() */
  CP_DICT = 8,  /* needs_dictionary() */
  CP_KNOWN = 16
};
#define CP_MEMO_END 0x10000
static _Atomic uint8_t cp_memo[CP_MEMO_END];

static inline unsigned cp_flags(unsigned cp) {
  if (cp < CP_MEMO_END) {
    unsigned m = atomic_load_explicit(&cp_memo[cp], memory_order_relaxed);
    if (m)
      return m;
  }
  unsigned fl = CP_KNOWN | (is_word_cp(cp) ? CP_WORD : 0) |
                (cl_is_space(cp) ? CP_SPACE : 0) |
                (is_sentence_punct(cp) ? CP_PUNCT : 0) |
                (cp >= 0x0E00 && needs_dictionary(cp) ? CP_DICT : 0);
  if (cp < CP_MEMO_END)
    atomic_store_explicit(&cp_memo[cp], (uint8_t)fl, memory_order_relaxed);
  return fl;
}

/* ASCII bytes that make words: letters (ASCII_ALPHA too), digits, '_'. */
enum { ASCII_WORD = 1, ASCII_ALPHA = 2 };
#define AW ASCII_WORD
#define AL (ASCII_WORD | ASCII_ALPHA)
static const unsigned char ascii_class[256] = {
    ['0'] = AW, ['1'] = AW, ['2'] = AW, ['3'] = AW, ['4'] = AW, ['5'] = AW,
    ['6'] = AW, ['7'] = AW, ['8'] = AW, ['9'] = AW, ['_'] = AW, ['A'] = AL,
    ['B'] = AL, ['C'] = AL, ['D'] = AL, ['E'] = AL, ['F'] = AL, ['G'] = AL,
    ['H'] = AL, ['I'] = AL, ['J'] = AL, ['K'] = AL, ['L'] = AL, ['M'] = AL,
    ['N'] = AL, ['O'] = AL, ['P'] = AL, ['Q'] = AL, ['R'] = AL, ['S'] = AL,
    ['T'] = AL, ['U'] = AL, ['V'] = AL, ['W'] = AL, ['X'] = AL, ['Y'] = AL,
    ['Z'] = AL, ['a'] = AL, ['b'] = AL, ['c'] = AL, ['d'] = AL, ['e'] = AL,
    ['f'] = AL, ['g'] = AL, ['h'] = AL, ['i'] = AL, ['j'] = AL, ['k'] = AL,
    ['l'] = AL, ['m'] = AL, ['n'] = AL, ['o'] = AL, ['p'] = AL, ['q'] = AL,
    ['r'] = AL, ['s'] = AL, ['t'] = AL, ['u'] = AL, ['v'] = AL, ['w'] = AL,
    ['x'] = AL, ['y'] = AL, ['z'] = AL};
#undef AW
#undef AL

static int is_ascii_word(unsigned char c) {
  return ascii_class[c] & ASCII_WORD;
}

/* The run of ASCII letters, digits and '_' at text[i], read as the loop
 * of compute() would read it a code point at a time (the bulk of text in
 * Latin script): counted and added to the word. Returns its end. */
static size_t ascii_word_run(const cl_featurer *f, cl_block *b, word_acc *a,
                             const char *text, size_t i, size_t len) {
  size_t start = i;
  uint32_t letters = 0;
  for (; i < len; i++) {
    unsigned char c = (unsigned char)text[i], cl = ascii_class[c];
    if (!cl)
      break;
    unsigned alpha = cl >> 1; /* ASCII_ALPHA */
    letters += alpha;
    if (a->n <= f->stop_max)
      word_put(a, (char)(c | (alpha << 5))); /* lower case */
  }
  b->lt.letters += letters;
  b->chars += (uint32_t)(i - start);
  return i;
}

/* Start a word at byte `at`; returns 1 (in a word). */
static inline int word_begin(word_acc *a, size_t *start, size_t at) {
  a->n = 0;
  a->hash = CL_FNV_OFFSET;
  *start = at;
  return 1;
}

/* The sample of a block's text that ICU's dictionary word break reads
 * (cl_features()): the first DICT_SAMPLE letters of dictionary scripts. */
typedef struct dict_sample {
  int seen;           /* a letter of a dictionary script was met */
  size_t cut;         /* byte after the DICT_SAMPLE-th, or 0 */
  uint32_t cut_chars; /* b->chars there */
} dict_sample;

static inline void dict_letter(dict_sample *d, cl_block *b, size_t end) {
  d->seen = 1;
  if (++b->cjk_chars == DICT_SAMPLE) {
    d->cut = end;
    d->cut_chars = b->chars;
  }
}

/* 1 when text[i] starts a Han ideograph of the main block, U+4E00..U+9FFF:
 * three UTF-8 bytes led by 0xE4..0xE9. */
static inline int han_at(const unsigned char *p, size_t i, size_t len) {
  return i + 2 < len && p[i] >= 0xE4 && p[i] <= 0xE9 &&
         ((p[i] & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6) >= 0x4E00;
}

/* The run of Han ideographs at text[i] (han_at()), read as the loop of
 * compute() would read it a code point at a time (the bulk of Chinese
 * text): each is a letter of script "zh" that makes words, needs the
 * dictionary and folds to itself. Returns its end. */
static size_t han_run(const cl_featurer *f, cl_block *b, word_acc *a,
                      dict_sample *d, const char *text, size_t i, size_t len) {
  const unsigned char *p = (const unsigned char *)text;
  uint32_t n = 0;
  for (; han_at(p, i, len); i += 3, n++) {
    if (a->n <= f->stop_max)
      for (int k = 0; k < 3; k++)
        word_put(a, text[i + k]);
    b->chars++;
    dict_letter(d, b, i + 3);
  }
  b->lt.letters += n;
  b->lt.script[f->han_script] += n;
  return i;
}

/* The features of a block, read from its text. */
static void compute(cl_featurer *f, cl_block *b, const char *text, size_t len) {
  size_t i = 0, word_start = 0;
  int in_word = 0;
  dict_sample d = {0, 0, 0};
  int ideo = 0;   /* the last code point that is no space was an ideograph */
  int spaced = 0; /* and spaces followed it */
  word_acc word = {.n = 0};
  b->chars = b->words = b->punct = b->cjk_chars = b->pauses = 0;
  memset(b->stop, 0, sizeof b->stop);
  memset(&b->lt, 0, sizeof b->lt);
  while (i < len) {
    size_t at = i;
    if (is_ascii_word((unsigned char)text[i])) {
      if (!in_word)
        in_word = word_begin(&word, &word_start, at);
      i = ascii_word_run(f, b, &word, text, i, len);
      ideo = spaced = 0;
      continue;
    }
    if (han_at((const unsigned char *)text, i, len)) {
      if (!in_word)
        in_word = word_begin(&word, &word_start, at);
      b->pauses += (uint32_t)(ideo && spaced);
      i = han_run(f, b, &word, &d, text, i, len);
      ideo = 1;
      spaced = 0;
      continue;
    }
    unsigned cp = cl_next_cp(text, len, &i);
    unsigned fl = cp_flags(cp);
    unsigned w = fl & CP_WORD;
    /* An apostrophe between letters stays inside the word (don't, l'eau). */
    if (!w && in_word && (cp == '\'' || cp == 0x2019) && i < len) {
      size_t j = i;
      w = cp_flags(cl_next_cp(text, len, &j)) & CP_WORD;
    }
    if (!(fl & CP_SPACE)) {
      b->chars++;
      if (cp >= 0x80)
        count_letter(&b->lt, cp);
    }
    if ((cp | 32) >= 'a' && (cp | 32) <= 'z')
      b->lt.letters++;
    if (fl & CP_PUNCT)
      b->punct++;
    if (w && !in_word)
      in_word = word_begin(&word, &word_start, at);
    else if (!w && in_word) {
      in_word = 0;
      b->words++;
      count_stopword(f, b, &word, at - word_start);
    }
    if (w)
      word_add(f, &word, cp);
    if (w && (fl & CP_DICT)) {
      dict_letter(&d, b, i);
      b->pauses += (uint32_t)(ideo && spaced);
    }
    if (fl & CP_SPACE) {
      spaced = 1;
    } else {
      ideo = w && (fl & CP_DICT);
      spaced = 0;
    }
  }
  if (in_word) {
    b->words++;
    count_stopword(f, b, &word, len - word_start);
  }
  if (!d.seen)
    return;
  if (d.cut && b->cjk_chars > DICT_SAMPLE) {
    /* Words per character of the sample, times the characters. */
    uint64_t w = dictionary_words(f, text, d.cut);
    b->words = (uint32_t)((w * b->chars + d.cut_chars / 2) / d.cut_chars);
    if (!b->words)
      b->words = 1;
  } else {
    b->words = dictionary_words(f, text, len);
  }
}

/* Copy what cl_features() sets. */
static void copy_features(cl_block *to, const cl_block *from) {
  to->chars = from->chars;
  to->words = from->words;
  to->punct = from->punct;
  to->cjk_chars = from->cjk_chars;
  to->pauses = from->pauses;
  memcpy(to->stop, from->stop, sizeof to->stop);
  to->lt = from->lt;
}

void cl_features(cl_featurer *f, cl_block *b, const char *text, size_t len) {
  cl_block kept;
  cl_memo_at at;
  if (cl_memo_get(f->memo, text, len, 0, &kept, &at)) {
    copy_features(b, &kept);
    return;
  }
  compute(f, b, text, len);
  if (b->cjk_chars && !b->words)
    return; /* ICU failed (no memory): nothing to keep */
  cl_memo_put(f->memo, &at, text, len, 0, b);
}

/* Output bytes gather here and go to the buffer in one append: an append
 * per code point cost more than the folding. */
#define FOLD_CHUNK 256

static cleaner_status fold_or_copy(const char *s, size_t len, cl_buf *out,
                                   int fold) {
  char t[FOLD_CHUNK + 8]; /* a space and a code point past the mark */
  size_t n = 0;
  int space = 0, any = 0;
  for (size_t i = 0; i < len;) {
    size_t at = i;
    unsigned cp = cl_next_cp(s, len, &i);
    if (cl_is_space(cp)) {
      space = any;
      continue;
    }
    if (space)
      t[n++] = ' ';
    space = 0;
    any = 1;
    if (!fold) {
      memcpy(t + n, s + at, i - at);
      n += i - at;
    } else if (cp < 0x80) {
      t[n++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    } else {
      n += cl_utf8_encode(cl_fold_cp(cp), t + n);
    }
    if (n >= FOLD_CHUNK) {
      cl_buf_append(out, t, n);
      n = 0;
    }
  }
  if (n)
    cl_buf_append(out, t, n);
  return out->oom ? CLEANER_ENOMEM : CLEANER_OK;
}

cleaner_status cl_fold(const char *s, size_t len, cl_buf *out) {
  return fold_or_copy(s, len, out, 1);
}

cleaner_status cl_collapse(const char *s, size_t len, cl_buf *out) {
  return fold_or_copy(s, len, out, 0);
}
