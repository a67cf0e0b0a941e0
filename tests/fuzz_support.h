/* Helpers shared by the fuzz targets (tests/fuzz/) and the tests that
 * replay or check what they check. Header-only: the fuzz targets link the
 * library and nothing else. */
#ifndef CLEANER_FUZZ_SUPPORT_H
#define CLEANER_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/* The first byte of a fuzz input (0 when empty); data and size then
 * describe the rest. Targets choose their options from it. */
static inline uint8_t fuzz_take_byte(const uint8_t **data, size_t *size) {
  if (*size == 0)
    return 0;
  uint8_t b = **data;
  (*data)++;
  (*size)--;
  return b;
}

/* 1 when s[0..n) is well-formed UTF-8 (no overlong forms, surrogates or
 * values past U+10FFFF) without a NUL byte: what the library promises for
 * every text it returns. */
static inline int valid_utf8_no_nul(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    unsigned c = u[i];
    size_t k = c < 0x80   ? 1
               : c < 0xC2 ? 0
               : c < 0xE0 ? 2
               : c < 0xF0 ? 3
               : c < 0xF5 ? 4
                          : 0;
    if (!k || c == 0 || i + k > n)
      return 0;
    for (size_t j = 1; j < k; j++)
      if ((u[i + j] & 0xC0) != 0x80)
        return 0;
    unsigned c1 = k > 1 ? u[i + 1] : 0;
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) ||
        (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
      return 0; /* overlong, surrogate, or past U+10FFFF */
    i += k;
  }
  return 1;
}

/* Clean data with options o and trap on anything the library does not
 * promise: a status other than success or the documented refusals, or a
 * text that is not NUL-free, NUL-terminated UTF-8. Shared by the targets
 * that go through cleaner_clean(). */
#include "cleaner.h"
static inline void fuzz_clean_checked(const cleaner_options *o,
                                      const uint8_t *data, size_t size) {
  cleaner_t *c = NULL;
  if (cleaner_new(o, &c) != CLEANER_OK)
    __builtin_trap();
  cleaner_result *r = NULL;
  cleaner_status st = cleaner_clean(c, (const char *)data, size, &r);
  if (st == CLEANER_OK) {
    size_t len;
    const char *t = cleaner_result_text(r, &len);
    if (!valid_utf8_no_nul(t, len) || t[len] != '\0')
      __builtin_trap();
  } else if (st != CLEANER_EBINARY && st != CLEANER_EGZIP &&
             st != CLEANER_ETOOBIG && st != CLEANER_ETIME &&
             st != CLEANER_EPARSE) { /* EPARSE: Gumbo aborted (html.c) */
    __builtin_trap();
  }
  cleaner_result_free(r);
  cleaner_free(c);
}

#endif
