/*
 * Worker threads for the cleaner command: the main thread submits jobs in
 * input order, N workers run them in any order, and one writer thread
 * emits them in input order. At most `slots` jobs are alive at once, so
 * memory is bounded by slots x the largest record.
 */
#ifndef CLEANER_CLI_POOL_H
#define CLEANER_CLI_POOL_H

#include <stddef.h>

typedef struct pool pool;

/* Runs in a worker thread: `worker` is 0..n-1, so each worker can use
 * state of its own (a cleaner_t handle). */
typedef void (*pool_work_fn)(void *ctx, int worker, void *job);
/* Runs in the writer thread, once per job, in submission order; it owns
 * the job from then on. */
typedef void (*pool_emit_fn)(void *ctx, void *job);

/* Start `workers` threads (1 or more) and the writer. Returns NULL when
 * threads or memory are not to be had. */
pool *pool_new(int workers, size_t slots, pool_work_fn work, pool_emit_fn emit,
               void *ctx);
/* Hand over a job; waits while all slots are taken. A job with `skip_work`
 * set goes straight to the writer in its turn (a marker, such as "this
 * input's output file ends here"). */
void pool_submit(pool *p, void *job, int skip_work);
/* Wait until every job is emitted, stop the threads, free the pool. */
void pool_finish(pool *p);

#endif
