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
  fuzz_clean_checked(&o, data, size);
  return 0;
}
