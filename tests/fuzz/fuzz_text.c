/* libFuzzer target: the plain-text front end through the public API
 * (cleaner_clean with input TEXT). The first byte chooses the options:
 * title kept or not, a small size cap, which way to lean, and a tiny time
 * budget (which must give CLEANER_ETIME or a result, never anything else).
 * Checked: the text is well-formed UTF-8 without NUL, NUL-terminated. */
#include "cleaner.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t f = fuzz_take_byte(&data, &size);
  cleaner_options o;
  cleaner_options_init(&o);
  o.input = CLEANER_INPUT_TEXT;
  o.keep_title = f & 1;
  if (f & 2)
    o.max_bytes = 1024;
  o.favor = (cleaner_favor)((f >> 2) % 3);
  if (f & 16)
    o.time_budget_ms = 1;
  fuzz_clean_checked(&o, data, size);
  return 0;
}
