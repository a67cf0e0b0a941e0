#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include "deadline.h"

#include <time.h>

#define NS_PER_MS 1000000ull
#define NS_PER_S 1000000000ull

static uint64_t now_ns(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
    return 0; /* no clock: the budget never runs out */
  return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

void cl_deadline_start(cl_deadline *d, unsigned ms) {
  d->work = 0;
  d->passed = 0;
  d->end_ns = 0;
  if (ms) {
    uint64_t t = now_ns();
    d->end_ns = t ? t + ms * NS_PER_MS : 0;
  }
}

int cl_deadline_check(cl_deadline *d) {
  if (!d || !d->end_ns)
    return 0;
  d->work = 0;
  if (!d->passed && now_ns() >= d->end_ns)
    d->passed = 1;
  return d->passed;
}
