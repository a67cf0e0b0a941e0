/* libFuzzer target: the whole pipeline through the public API. The first
 * byte chooses options (input kind, title, a small depth or size cap), as
 * cmark's fuzzer does, so every path is reached. */
#include <stddef.h>
#include <stdint.h>

#include "cleaner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cleaner_options o;
  cleaner_options_init(&o);
  if (size > 0) {
    uint8_t f = data[0];
    o.input = (cleaner_input)(f % 3);
    o.keep_title = (f >> 2) & 1;
    if (f & 8)
      o.max_depth = 16;
    if (f & 16)
      o.max_bytes = 4096;
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
