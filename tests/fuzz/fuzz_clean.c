/* libFuzzer target: the whole pipeline through the public API. The first
 * byte chooses options (input kind, title, a small depth, size or node cap,
 * a time budget of 1 ms; tests/fuzz_options.h), as cmark's fuzzer does, so
 * every path is reached. Checked: no crash, hang or sanitizer report, an
 * expected status, and the text is well-formed UTF-8 without NUL,
 * NUL-terminated. */
#include <stddef.h>
#include <stdint.h>

#include "cleaner.h"
#include "fuzz_options.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cleaner_options o;
  fuzz_options(size > 0 ? data[0] : 0, &o);
  if (size > 0) {
    data++;
    size--;
  }
  cleaner_t *c = NULL;
  if (cleaner_new(&o, &c) != CLEANER_OK)
    return 0;
  cleaner_result *r = NULL;
  cleaner_status st = cleaner_clean(c, (const char *)data, size, &r);
  if (st == CLEANER_OK) {
    size_t len;
    const char *t = cleaner_result_text(r, &len);
    if (!valid_utf8_no_nul(t, len) || t[len] != '\0')
      __builtin_trap();
    cleaner_result_free(r);
  } else if (st != CLEANER_EBINARY && st != CLEANER_EGZIP &&
             st != CLEANER_ETOOBIG && st != CLEANER_ETIME) {
    __builtin_trap();
  }
  cleaner_free(c);
  return 0;
}
