/* The option set a fuzz input's first byte chooses, shared by the fuzz
 * target and the regression test that replays its findings. */
#ifndef CLEANER_FUZZ_OPTIONS_H
#define CLEANER_FUZZ_OPTIONS_H

#include <stdint.h>

#include "cleaner.h"

/* Distinct option sets: input kind x title x small depth x small cap x
 * format (txt, Markdown, HTML, Markdown with links, images and comments). */
#define FUZZ_OPTION_SETS 128

static inline void fuzz_options(uint8_t f, cleaner_options *o) {
  cleaner_options_init(o);
  o->input = (cleaner_input)(f % 3);
  o->keep_title = (f >> 2) & 1;
  if (f & 8)
    o->max_depth = 16;
  if (f & 16)
    o->max_bytes = 4096;
  unsigned fmt = (f >> 5) & 3;
  o->format = fmt == 3 ? CLEANER_FORMAT_MARKDOWN : (cleaner_format)fmt;
  o->links = o->images = o->comments = fmt == 3;
}

#endif
