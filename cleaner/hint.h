/* Hints from tag names and class/id/role/itemprop/aria-label values, on
 * the scale of data/hints.txt. Shared by the walk (html.c), which scores
 * every element, and the pre-pass (prepass.c), which drops the contents of
 * elements the walk would mark as boilerplate. Internal. */
#ifndef CLEANER_HINT_H
#define CLEANER_HINT_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"

#define CL_HINT_LIMIT 100 /* one element's hint is clamped to +-this */
/* Longer class names and ids are not read (bytes). */
#define CL_HINT_NAME_MAX 256

/* Pages repeat the same class values hundreds of times; a small cache of
 * value hash -> hint saves the tokenising and lookups. */
#define CL_HINT_CACHE_SIZE 4096
typedef struct cl_hint_cache {
  uint64_t key[CL_HINT_CACHE_SIZE]; /* 0: empty */
  int16_t hint[CL_HINT_CACHE_SIZE];
} cl_hint_cache;

int16_t cl_hint_clamp(int h);

/* The hint a tag gives by itself (<nav>, <aside>, <article> ...), by its
 * GumboTag value. */
int cl_hint_tag(int gumbo_tag);

/* What one attribute value v[0..n) adds to its element's hint (class
 * names separated by white space, each scored whole, else by its words),
 * clamped; 0 for an id made from a heading ("sharing-with-a-single-
 * developer"), whose words are no hints (`is_id`). Cached in hc. */
int cl_hint_attr(const cl_lexicon *lx, cl_hint_cache *hc, int is_id,
                 const char *v, size_t n);

/* Does v[0..n) name a comment section: a word ("comments", "disqus") in
 * its first CL_HINT_NAME_MAX bytes, words being runs of letters and '_',
 * compared without case? */
int cl_hint_mentions_comments(const char *v, size_t n);

#endif
