/* libFuzzer target: charset detection and conversion (cl_decode). The
 * first byte chooses the declared charset (none, common ones, stateful and
 * wide ones, an unknown label) and whether the bytes are HTML (which turns
 * on the <meta> prescan). Checked: the output is well-formed UTF-8 without
 * NUL and the charset name is a C string; UTF-8 declared for valid UTF-8
 * gives the bytes back unchanged (less a byte order mark). */
#include <string.h>

#include "decode.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const labels[] = {NULL,
                                     "utf-8",
                                     "windows-1251",
                                     "windows-1252",
                                     "iso-8859-1",
                                     "koi8-r",
                                     "shift_jis",
                                     "euc-jp",
                                     "iso-2022-jp",
                                     "gb18030",
                                     "big5",
                                     "euc-kr",
                                     "utf-16le",
                                     "utf-16be",
                                     "utf-16",
                                     "utf-32",
                                     "utf-7",
                                     "hz-gb-2312",
                                     "iso-8859-8-i",
                                     "x-user-defined",
                                     "x-no-such",
                                     "",
                                     "UTF8",
                                     "csISO2022KR",
                                     "scsu",
                                     "bocu-1",
                                     "ibm-1047",
                                     "windows-874",
                                     "x-mac-cyrillic",
                                     "replacement"};
#define LABELS (sizeof labels / sizeof labels[0])

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* The ASCII bytes of a and b, in order, are the same. */
static int same_ascii(const char *a, size_t an, const char *b, size_t bn) {
  size_t i = 0, j = 0;
  for (;;) {
    while (i < an && (unsigned char)a[i] >= 0x80)
      i++;
    while (j < bn && (unsigned char)b[j] >= 0x80)
      j++;
    if (i == an || j == bn)
      return i == an && j == bn;
    if (a[i++] != b[j++])
      return 0;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint8_t f = fuzz_take_byte(&data, &size);
  const char *declared = labels[(f >> 1) % LABELS];
  const char *in = (const char *)data;
  cl_mem mem;
  cl_mem_init(&mem, NULL);
  cl_buf out;
  cl_buf_init(&out, &mem);
  char cs[CL_CHARSET_MAX];
  memset(cs, 'x', sizeof cs);
  cleaner_status st = cl_decode(&mem, in, size, declared, f & 1, &out, cs);
  if (st != CLEANER_OK || memchr(cs, '\0', sizeof cs) == NULL)
    __builtin_trap();
  if (!valid_utf8_no_nul(out.ptr, out.len) || out.ptr[out.len] != '\0')
    __builtin_trap();
  if (declared && strcmp(declared, "utf-8") == 0 &&
      valid_utf8_no_nul(in, size)) {
    size_t skip = size >= 3 && memcmp(in, utf8_bom, 3) == 0 ? 3 : 0;
    /* Valid UTF-8 comes out as it went in, unless it was UTF-8 encoded
     * twice: then it is shorter, with the same ASCII in the same order. */
    int same = out.len == size - skip && !memcmp(out.ptr, in + skip, out.len);
    if (!same && (out.len >= size - skip ||
                  !same_ascii(in + skip, size - skip, out.ptr, out.len)))
      __builtin_trap();
  }
  cl_buf_free(&out);
  return 0;
}
