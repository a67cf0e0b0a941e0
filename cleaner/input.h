/* Input stage: gzip detection and decompression. Internal. */
#ifndef CLEANER_INPUT_H
#define CLEANER_INPUT_H

#include "buf.h"

/* 1 if the bytes start with the gzip magic 1f 8b. */
int cl_is_gzip(const char *in, size_t len);

/*
 * Decompress gzip data (every member of a multi-member file) into `out`
 * (appended). Output beyond `max_out` bytes is not produced: the data is cut
 * there and *truncated is set to 1. If the output would exceed `max_ratio`
 * times the input size (and more than a floor of 1 MiB), the input is
 * refused as a decompression bomb with CLEANER_ETOOBIG. Corrupt or
 * truncated data gives CLEANER_EGZIP (out then holds what was decoded).
 */
cleaner_status cl_gunzip(const cl_mem *mem, const char *in, size_t len,
                         size_t max_out, size_t max_ratio, cl_buf *out,
                         int *truncated);

/* The same for any zlib format: `wbits` as for inflateInit2 (15 + 16
 * gzip, 15 zlib, -15 raw deflate). */
cleaner_status cl_inflate(const cl_mem *mem, const char *in, size_t len,
                          int wbits, size_t max_out, size_t max_ratio,
                          cl_buf *out, int *truncated);

#endif
