/* libFuzzer target: the whole pipeline through the public API. The first
 * byte chooses options (input kind, title, a small depth or size cap), as
 * cmark's fuzzer does, so every path is reached. */
#include <stddef.h>
#include <stdint.h>

#include "cleaner.h"
#include "fuzz_options.h"

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
  if (cleaner_clean(c, (const char *)data, size, &r) == CLEANER_OK) {
    size_t len;
    const char *t = cleaner_result_text(r, &len);
    /* The output is NUL-terminated where it says it ends. */
    if (t[len] != '\0')
      __builtin_trap();
    cleaner_result_free(r);
  }
  cleaner_free(c);
  return 0;
}
