/*
 * cleaner: strip boilerplate from web pages and keep the article.
 *
 * Public API. Nothing of Gumbo, ICU or zlib appears here.
 *
 * Ownership in one sentence: the caller owns every handle it gets from a
 * cleaner_*_new / cleaner_clean call and releases it with the matching
 * *_free function; pointers returned by accessors belong to the object they
 * were read from and stay valid until that object is freed.
 *
 * Text is always UTF-8, passed as a pointer and a length; nothing here
 * assumes NUL termination of input. Output text is NUL-terminated as a
 * convenience, and its length is reported separately.
 *
 * Thread safety: the library has no global mutable state. A cleaner_t handle
 * must not be used by two threads at once; use one handle per thread.
 */
#ifndef CLEANER_H
#define CLEANER_H

#include <stddef.h>

#include "cleaner_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define CLEANER_API
#else
#define CLEANER_API __attribute__((visibility("default")))
#endif

/** Status codes. Every fallible function returns one; none aborts. */
typedef enum cleaner_status {
  CLEANER_OK = 0,
  CLEANER_EINVAL,   /**< a NULL pointer or an option out of range */
  CLEANER_ENOMEM,   /**< an allocation failed; nothing leaked */
  CLEANER_EGZIP,    /**< gzip data is corrupt or truncated */
  CLEANER_ETOOBIG,  /**< input over a size, ratio or depth limit */
  CLEANER_ECHARSET, /**< the bytes could not be converted to UTF-8 */
  CLEANER_EPARSE,   /**< the HTML parser gave up */
  CLEANER_EBINARY,  /**< the input is binary data, not text or HTML */
  CLEANER_ETIME,    /**< the time budget per document ran out */
  CLEANER_ESTATUS_COUNT
} cleaner_status;

/** A short English description of a status; static storage, never NULL. */
CLEANER_API const char *cleaner_strerror(cleaner_status status);

/** The library version, "MAJOR.MINOR.PATCH"; static storage. */
CLEANER_API const char *cleaner_version(void);

/** What the input bytes are. AUTO looks at them: gzip is unpacked, then
 * input with markup is HTML and input without markup is plain text. */
typedef enum cleaner_input {
  CLEANER_INPUT_AUTO = 0,
  CLEANER_INPUT_HTML,
  CLEANER_INPUT_TEXT
} cleaner_input;

/** Output format of cleaner_result_text(). JSON is not a library format:
 * callers build it from the text and the metadata fields. */
typedef enum cleaner_format {
  CLEANER_FORMAT_TXT = 0,  /**< paragraphs separated by a blank line */
  CLEANER_FORMAT_MARKDOWN, /**< CommonMark: headings, nested lists, quotes,
                              pipe tables, fenced code */
  CLEANER_FORMAT_HTML      /**< the kept blocks as minimal clean HTML */
} cleaner_format;

/** Which way to lean when a block is in doubt. */
typedef enum cleaner_favor {
  CLEANER_FAVOR_BALANCED = 0,
  CLEANER_FAVOR_PRECISION, /**< drop more: less boilerplate, less text */
  CLEANER_FAVOR_RECALL     /**< keep more: more text, more boilerplate */
} cleaner_favor;

/**
 * A custom allocator. All memory the library itself takes goes through it
 * (Gumbo's parse tree too, in large arena chunks). ICU keeps its own small
 * caches outside it. `malloc` and `realloc` may return NULL at any call;
 * the function running then returns CLEANER_ENOMEM having freed what it
 * took (tests/test_alloc.c fails every allocation in turn).
 */
typedef struct cleaner_allocator {
  void *(*malloc)(size_t size, void *ctx);
  void *(*realloc)(void *ptr, size_t size, void *ctx);
  void (*free)(void *ptr, void *ctx);
  void *ctx;
} cleaner_allocator;

/** Options. Initialise with cleaner_options_init(), then change fields. */
typedef struct cleaner_options {
  cleaner_input input;
  cleaner_format format;
  /** Keep the headline as the first line of the text (default 1). */
  int keep_title;
  /** Markdown and HTML formats: keep hyperlinks / images (default 0). */
  int links;
  int images;
  /** Keep user comments as a separate section after the article
   * (default 0). */
  int comments;
  cleaner_favor favor;
  /** Keep every block's decision for cleaner_result_block() (default 0). */
  int explain;
  /** Largest input after gzip decompression, in bytes (default 10 MiB:
   * above any real article page, and it bounds memory to about 150 MiB).
   * Larger input is cut at this size and cleaner_result_truncated() is 1. */
  size_t max_bytes;
  /** Largest gzip expansion ratio accepted before the input is refused as
   * a decompression bomb (default 1000). */
  size_t max_gzip_ratio;
  /** Deepest element nesting handed to the parser (default 512). Deeper
   * elements are flattened into their ancestor at this depth. */
  unsigned max_depth;
  /** Most nodes handed to the parser, which bounds its memory: elements
   * (also those it reopens), attributes, runs of text and end tags
   * (default 500,000, 12 times the largest page of the development sets;
   * under 190 MiB for the worst pages found; 0 is CLEANER_EINVAL). The page is
   * cut before the node past the cap: the markup and text after it are left
   * out, what comes before is cleaned as usual, and cleaner_result_truncated()
   * is 1. */
  size_t max_nodes;
  /** Time budget per document in milliseconds, 0 for none (default
   * 10,000). Past it cleaner_clean() returns CLEANER_ETIME, having freed
   * everything it took. The clock is read between stages and about once a
   * millisecond inside the long loops; the HTML parser itself cannot be
   * stopped, and max_bytes and max_nodes bound its work instead (under a
   * second at the defaults). */
  unsigned time_budget_ms;
  /** Charset declared outside the bytes (an HTTP header), or NULL. It
   * wins over <meta> but not over a byte order mark. */
  const char *declared_charset;
  /** Allocator, or NULL for the C library's. Copied by cleaner_new(). */
  const cleaner_allocator *allocator;
} cleaner_options;

/** Fill `opts` with the defaults documented above. */
CLEANER_API void cleaner_options_init(cleaner_options *opts);

/** An extractor. Reusable for any number of documents, one thread at a
 * time. */
typedef struct cleaner cleaner_t;

/** Create an extractor; `opts` may be NULL for defaults. On success *out
 * owns a handle the caller frees with cleaner_free(). */
CLEANER_API cleaner_status cleaner_new(const cleaner_options *opts,
                                       cleaner_t **out);

/** Free a handle; NULL is accepted. */
CLEANER_API void cleaner_free(cleaner_t *c);

/** The result of cleaning one document. */
typedef struct cleaner_result cleaner_result;

/**
 * Clean one document: `data`/`len` are the raw bytes (any charset, gzip or
 * not). On CLEANER_OK *out holds a result the caller frees with
 * cleaner_result_free(); on any other status *out is NULL. A page with no
 * article is not an error: its text is empty.
 */
CLEANER_API cleaner_status cleaner_clean(cleaner_t *c, const char *data,
                                         size_t len, cleaner_result **out);

/** The clean text (UTF-8, NUL-terminated, length in *len if len is not
 * NULL). Owned by the result. */
CLEANER_API const char *cleaner_result_text(const cleaner_result *r,
                                            size_t *len);

/** The page title, or "" when none. Owned by the result. */
CLEANER_API const char *cleaner_result_title(const cleaner_result *r);

/** ISO 639-1 code of the language used for stopwords, or "" if unknown. */
CLEANER_API const char *cleaner_result_lang(const cleaner_result *r);

/** The charset the input was decoded from (e.g. "windows-1251"). */
CLEANER_API const char *cleaner_result_charset(const cleaner_result *r);

/** 1 if the input was cut at max_bytes or max_nodes, else 0. */
CLEANER_API int cleaner_result_truncated(const cleaner_result *r);

/** Metadata fields of a result. */
typedef enum cleaner_field {
  CLEANER_FIELD_TITLE = 0,   /**< the article's title, site name removed */
  CLEANER_FIELD_AUTHOR,      /**< author names, one per line */
  CLEANER_FIELD_DATE,        /**< published, ISO 8601 */
  CLEANER_FIELD_MODIFIED,    /**< last modified, ISO 8601 */
  CLEANER_FIELD_SITE,        /**< site name */
  CLEANER_FIELD_LANG,        /**< ISO 639-1 language of the text */
  CLEANER_FIELD_URL,         /**< canonical URL */
  CLEANER_FIELD_DESCRIPTION, /**< summary the page gives of itself */
  CLEANER_FIELD_TAGS,        /**< tags and keywords, one per line */
  CLEANER_FIELD_IMAGE,       /**< top image URL */
  CLEANER_FIELD_COUNT
} cleaner_field;

/** The field's key as used in JSON and metadata headers ("title",
 * "author", "date", "modified", "site", "lang", "url", "description",
 * "tags", "image"); static storage, NULL for an unknown field. */
CLEANER_API const char *cleaner_field_name(cleaner_field f);

/** A metadata field, "" when unknown. Fields with several values hold one
 * per line, without a final newline. Owned by the result. */
CLEANER_API const char *cleaner_result_field(const cleaner_result *r,
                                             cleaner_field f);

/** Free a result; NULL is accepted. */
CLEANER_API void cleaner_result_free(cleaner_result *r);

#ifdef __cplusplus
}
#endif

#endif /* CLEANER_H */
