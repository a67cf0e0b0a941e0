/* The time budget of one document. Internal. */
#ifndef CLEANER_DEADLINE_H
#define CLEANER_DEADLINE_H

#include <stddef.h>
#include <stdint.h>

/* Units of work (tokens, nodes, lines, blocks) between two readings of the
 * clock inside a loop. A unit costs 0.1 to a few microseconds, so the clock
 * is read about once a millisecond; a reading costs some 25 ns (vDSO). */
#define CL_DEADLINE_EVERY 4096

/* Checked at each stage boundary (cleaner.c) and every CL_DEADLINE_EVERY
 * units inside the long loops: the pre-pass, the walk of the parse tree,
 * the plain-text lines and the classifier's passes. Gumbo's parse cannot be
 * interrupted; its input is bounded instead (max_bytes, max_nodes). */
typedef struct cl_deadline {
  uint64_t end_ns; /* monotonic time at which the budget runs out; 0: none */
  size_t work;     /* units since the clock was last read */
  int passed;      /* the budget ran out (stays set) */
} cl_deadline;

/* Start a budget of `ms` milliseconds from now; 0 means no budget. */
void cl_deadline_start(cl_deadline *d, unsigned ms);

/* Read the clock: 1 when the budget has run out. NULL: no budget. */
int cl_deadline_check(cl_deadline *d);

/* Count `units` of work; the clock is read only once CL_DEADLINE_EVERY
 * units have piled up. 1 when the budget has run out. */
static inline int cl_deadline_spend(cl_deadline *d, size_t units) {
  if (!d || !d->end_ns)
    return 0;
  if (d->passed)
    return 1;
  d->work += units;
  if (d->work < CL_DEADLINE_EVERY)
    return 0;
  return cl_deadline_check(d);
}

#endif
