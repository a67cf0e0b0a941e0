#define _POSIX_C_SOURCE 200809L
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct slot {
  void *job;
  int ready; /* worked, waiting for the writer */
  int skip;
} slot;

struct pool {
  pthread_mutex_t mu;
  pthread_cond_t work_cv;  /* a job to claim, or stop */
  pthread_cond_t done_cv;  /* the next job to emit is ready, or stop */
  pthread_cond_t space_cv; /* a slot is free */
  slot *ring;
  size_t slots;
  unsigned long long submitted, claimed, emitted;
  int stop;
  int workers;
  pthread_t *threads;
  pthread_t writer;
  pool_work_fn work;
  pool_emit_fn emit;
  void *ctx;
};

typedef struct worker_arg {
  pool *p;
  int id;
} worker_arg;

static slot *at(pool *p, unsigned long long seq) {
  return &p->ring[seq % p->slots];
}

static void *worker_main(void *arg) {
  worker_arg *wa = arg;
  pool *p = wa->p;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->claimed == p->submitted && !p->stop)
      pthread_cond_wait(&p->work_cv, &p->mu);
    if (p->claimed == p->submitted)
      break;
    slot *s = at(p, p->claimed++);
    pthread_mutex_unlock(&p->mu);
    if (!s->skip)
      p->work(p->ctx, wa->id, s->job);
    pthread_mutex_lock(&p->mu);
    s->ready = 1;
    pthread_cond_broadcast(&p->done_cv);
  }
  pthread_mutex_unlock(&p->mu);
  free(wa);
  return NULL;
}

static void *writer_main(void *arg) {
  pool *p = arg;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->emitted < p->submitted && !at(p, p->emitted)->ready)
      pthread_cond_wait(&p->done_cv, &p->mu);
    if (p->emitted == p->submitted) {
      if (p->stop)
        break;
      pthread_cond_wait(&p->done_cv, &p->mu);
      continue;
    }
    slot *s = at(p, p->emitted);
    pthread_mutex_unlock(&p->mu);
    p->emit(p->ctx, s->job);
    pthread_mutex_lock(&p->mu);
    s->ready = 0;
    s->job = NULL;
    p->emitted++;
    pthread_cond_broadcast(&p->space_cv);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

static int start_threads(pool *p) {
  for (int i = 0; i < p->workers; i++) {
    worker_arg *wa = malloc(sizeof *wa);
    if (!wa)
      return -1;
    wa->p = p;
    wa->id = i;
    if (pthread_create(&p->threads[i], NULL, worker_main, wa) != 0) {
      free(wa);
      p->workers = i;
      return -1;
    }
  }
  return 0;
}

pool *pool_new(int workers, size_t slots, pool_work_fn work, pool_emit_fn emit,
               void *ctx) {
  pool *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->ring = calloc(slots, sizeof *p->ring);
  p->threads = calloc((size_t)workers, sizeof *p->threads);
  p->slots = slots;
  p->workers = workers;
  p->work = work;
  p->emit = emit;
  p->ctx = ctx;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->work_cv, NULL);
  pthread_cond_init(&p->done_cv, NULL);
  pthread_cond_init(&p->space_cv, NULL);
  int ok = p->ring && p->threads &&
           pthread_create(&p->writer, NULL, writer_main, p) == 0;
  if (!ok) {
    p->workers = 0;
    free(p->ring);
    free(p->threads);
    free(p);
    return NULL;
  }
  if (start_threads(p) != 0) {
    pool_finish(p); /* runs with the workers that started */
    return NULL;
  }
  return p;
}

void pool_submit(pool *p, void *job, int skip_work) {
  pthread_mutex_lock(&p->mu);
  while (p->submitted - p->emitted >= p->slots)
    pthread_cond_wait(&p->space_cv, &p->mu);
  slot *s = at(p, p->submitted++);
  s->job = job;
  s->skip = skip_work;
  s->ready = 0;
  pthread_cond_signal(&p->work_cv);
  pthread_mutex_unlock(&p->mu);
}

void pool_finish(pool *p) {
  pthread_mutex_lock(&p->mu);
  p->stop = 1;
  pthread_cond_broadcast(&p->work_cv);
  pthread_cond_broadcast(&p->done_cv);
  pthread_mutex_unlock(&p->mu);
  for (int i = 0; i < p->workers; i++)
    pthread_join(p->threads[i], NULL);
  pthread_join(p->writer, NULL);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->work_cv);
  pthread_cond_destroy(&p->done_cv);
  pthread_cond_destroy(&p->space_cv);
  free(p->ring);
  free(p->threads);
  free(p);
}
