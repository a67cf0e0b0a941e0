/* The option set a fuzz input's first byte chooses, shared by the fuzz
 * target and the regression test that replays its findings. */
#ifndef CLEANER_FUZZ_OPTIONS_H
#define CLEANER_FUZZ_OPTIONS_H

#include <stdint.h>

#include "cleaner.h"

/* Distinct option sets: input kind x title x small depth x small size cap
 * x small node cap x a time budget of 1 ms (CLEANER_ETIME or a result) x
 * format (txt, or Markdown / HTML by the title bit, with links, images and
 * comments). */
#define FUZZ_OPTION_SETS 256
#define FUZZ_MAX_NODES 20

static inline void fuzz_options(uint8_t f, cleaner_options *o) {
  cleaner_options_init(o);
  o->input = (cleaner_input)(f % 3);
  o->keep_title = (f >> 2) & 1;
  if (f & 8)
    o->max_depth = 16;
  if (f & 16)
    o->max_bytes = 4096;
  if (f & 32)
    o->max_nodes = FUZZ_MAX_NODES;
  if (f & 64)
    o->time_budget_ms = 1;
  if (f & 128) {
    o->format = (f & 4) ? CLEANER_FORMAT_MARKDOWN : CLEANER_FORMAT_HTML;
    o->links = o->images = o->comments = 1;
  }
}

#endif
