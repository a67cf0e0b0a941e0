/* Decode stage: find the charset and convert to UTF-8. Internal. */
#ifndef CLEANER_DECODE_H
#define CLEANER_DECODE_H

#include "buf.h"

/* Longest charset name we keep, including the NUL. */
#define CL_CHARSET_MAX 48

/*
 * Convert `in` to UTF-8, appended to `out`. The charset is chosen in this
 * order: a byte order mark; `declared` (an HTTP header charset, may be
 * NULL); for HTML (`is_html` = 1) the <meta charset> or <meta http-equiv>
 * in the first bytes; else ICU's detector (ucsdet). A declared charset that
 * ICU does not know, or that does not decode the bytes without errors, is
 * passed over in favour of the detector. Invalid sequences become U+FFFD:
 * the output is always valid UTF-8. NUL bytes become U+FFFD too. The
 * canonical name of the charset used is written to `charset`.
 */
cleaner_status cl_decode(const cl_mem *mem, const char *in, size_t len,
                         const char *declared, int is_html, cl_buf *out,
                         char charset[CL_CHARSET_MAX]);

#endif
