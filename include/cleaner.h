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
  CLEANER_EIO,      /**< reading input or writing output failed */
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
 * (Gumbo's parse tree too, in large arena chunks). jansson's parse of a
 * page's JSON-LD uses the C library's malloc (its allocator hook is
 * process-global, so the library does not set it). ICU keeps its own small
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
 * time. Reuse is cheaper than a new handle per document: a handle
 * remembers the features and phrase matches of short lines it has seen (a
 * site's menus and footers repeat from page to page), up to about 2.5 MiB
 * taken from the allocator as it fills; results are the same either way. */
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

/** As cleaner_clean(), with the charset declared outside the bytes for
 * this document only (an HTTP header's), or NULL for the handle's
 * declared_charset. */
CLEANER_API cleaner_status cleaner_clean_charset(cleaner_t *c, const char *data,
                                                 size_t len,
                                                 const char *charset,
                                                 cleaner_result **out);

/** The clean text (UTF-8, NUL-terminated, length in *len if len is not
 * NULL). Owned by the result. */
CLEANER_API const char *cleaner_result_text(const cleaner_result *r,
                                            size_t *len);

/** The page title (CLEANER_FIELD_TITLE: the article's title, site name
 * removed), or "" when none. Owned by the result. */
CLEANER_API const char *cleaner_result_title(const cleaner_result *r);

/** ISO 639-1 code of the language of the extracted text (its script, its
 * stopwords and, for Cyrillic, its letters; <html lang> when the text says
 * little), or "" if unknown. Same as CLEANER_FIELD_LANG. */
CLEANER_API const char *cleaner_result_lang(const cleaner_result *r);

/** The charset the input was decoded from (e.g. "windows-1251"). */
CLEANER_API const char *cleaner_result_charset(const cleaner_result *r);

/** 1 if the input was cut at max_bytes or max_nodes, else 0. */
CLEANER_API int cleaner_result_truncated(const cleaner_result *r);

/** Metadata fields of a result. */
typedef enum cleaner_field {
  CLEANER_FIELD_TITLE = 0,   /**< the article's title, site name removed */
  CLEANER_FIELD_AUTHOR,      /**< author names, one per line */
  CLEANER_FIELD_DATE,        /**< published, ISO 8601 ("published") */
  CLEANER_FIELD_MODIFIED,    /**< last modified, ISO 8601 */
  CLEANER_FIELD_SITE,        /**< site name */
  CLEANER_FIELD_LANG,        /**< ISO 639-1 language of the text */
  CLEANER_FIELD_URL,         /**< canonical URL ("canonical") */
  CLEANER_FIELD_DESCRIPTION, /**< summary the page gives of itself */
  CLEANER_FIELD_TAGS,        /**< tags and keywords, one per line */
  CLEANER_FIELD_IMAGE,       /**< top image URL */
  CLEANER_FIELD_COUNT
} cleaner_field;

/** The field's key as used in JSON and metadata headers ("title",
 * "author", "published", "modified", "site", "lang", "canonical",
 * "description", "tags", "image": none equals a record's "id", "url" or
 * "date"); static storage, NULL for an unknown field. */
CLEANER_API const char *cleaner_field_name(cleaner_field f);

/** A metadata field, "" when unknown. Fields with several values hold one
 * per line, without a final newline. Dates are ISO 8601: "2024-04-10",
 * with "T23:37", seconds and a zone ("+03:00", "Z") only when the page
 * gives them. Owned by the result. */
CLEANER_API const char *cleaner_result_field(const cleaner_result *r,
                                             cleaner_field f);

/**
 * One block of the page and the decision on it, for explaining and tuning
 * (options.explain = 1). A block is a run of text kept or removed as a
 * whole: a paragraph, heading, list item, quote, table cell, code block or
 * caption. Every pointer belongs to the result it was read from.
 */
typedef struct cleaner_block_info {
  const char *text; /**< the block's text, UTF-8, NUL-terminated */
  size_t len;       /**< its length in bytes */
  const char *kind; /**< "paragraph", "heading", "item", "quote", "cell",
                       "code" or "caption"; static storage */
  int keep;         /**< 1 when the block is in the output */
  /** The class the block's own text gives it (jusText's classes): "bad"
   * (mostly links, or no prose), "short", "near" (near-good) or "good";
   * the context then settles short and near blocks. Static storage. */
  const char *cls;
  /** The rule that decided, in English ("class/id hint", "short, in good
   * context", "outside main region", ...); static storage, never NULL. */
  const char *reason;
  /** Content points of the block's own text (Readability's: one, plus one
   * per punctuation mark up to 10, plus one per 100 characters up to 3,
   * scaled by 0.7 when near-good; 0 for bad and short text). */
  double score;
  unsigned chars;          /**< characters, white space not counted */
  unsigned words;          /**< words */
  double link_density;     /**< share of the characters inside links */
  double stopword_density; /**< share of the words that are stopwords of the
                              page language (0 when it has no list) */
  int hint; /**< class/id/tag hint of the nearest element that has one:
               negative for boilerplate ("nav", "comments"), positive for
               content ("article-body"), 0 for none */
} cleaner_block_info;

/** Number of blocks recorded for cleaner_result_block(): every block of the
 * page in document order when the result was made with options.explain =
 * 1, else 0. */
CLEANER_API size_t cleaner_result_block_count(const cleaner_result *r);

/** Fill *out with block `i` (0 <= i < cleaner_result_block_count()).
 * Returns CLEANER_EINVAL for a NULL pointer or an index out of range. */
CLEANER_API cleaner_status cleaner_result_block(const cleaner_result *r,
                                                size_t i,
                                                cleaner_block_info *out);

/** Free a result; NULL is accepted. */
CLEANER_API void cleaner_result_free(cleaner_result *r);

/* ------------------------------------------------------------------------
 * Record streams: WARC and JSONL files hold many pages. A reader takes
 * bytes from a callback and hands out one record at a time; it never holds
 * more than the current record (plus a read buffer), whatever the size of
 * the stream.
 */

/** What a stream holds. AUTO: WARC when the (possibly gzipped) bytes start
 * with "WARC/1.", else one document. JSONL is never guessed. */
typedef enum cleaner_stream {
  CLEANER_STREAM_AUTO = 0,
  CLEANER_STREAM_DOC,  /**< the whole stream is one document */
  CLEANER_STREAM_WARC, /**< WARC/1.0 or 1.1, plain or gzip (per record) */
  CLEANER_STREAM_JSONL /**< one JSON object per line, page in a field */
} cleaner_stream;

/** Read up to `cap` bytes into `buf`: return the count, 0 at the end, or
 * -1 on a read error (the reader then returns CLEANER_EIO). */
typedef long (*cleaner_read_fn)(void *ctx, char *buf, size_t cap);

typedef struct cleaner_reader_options {
  cleaner_stream kind;
  /** JSONL: the field that holds the page (default "html"). Not copied:
   * it must outlive the reader. */
  const char *html_field;
  /** Largest page kept per record (default 10 MiB, as max_bytes); a larger
   * one is cut and the record is marked truncated. */
  size_t max_record;
  /** Name of the stream for error messages and DOC records ("-" for
   * standard input). Not copied. */
  const char *name;
  const cleaner_allocator *allocator;
} cleaner_reader_options;

/** Fill `opts` with the defaults documented above. */
CLEANER_API void cleaner_reader_options_init(cleaner_reader_options *opts);

typedef struct cleaner_reader cleaner_reader;
typedef struct cleaner_record cleaner_record;

/** Counts kept by a reader, for the summary of a run. */
typedef struct cleaner_reader_stats {
  unsigned long long bytes_in;  /**< bytes taken from the callback */
  unsigned long long records;   /**< records handed out */
  unsigned long long errors;    /**< of those, records with an error found
                                   while reading (a JSONL line is parsed
                                   later, by its first accessor: its
                                   errors are not counted here) */
  unsigned long long truncated; /**< of those, pages cut at max_record
                                   (WARC) */
  unsigned long long skipped;   /**< WARC records that are not HTML pages:
                                   request, metadata, warcinfo, non-HTML or
                                   non-2xx responses */
  unsigned long long junk;      /**< bytes skipped to find a WARC record */
} cleaner_reader_stats;

/** Create a reader over `read`/`ctx`; `opts` may be NULL for defaults.
 * The caller frees *out with cleaner_reader_free(). */
CLEANER_API cleaner_status
cleaner_reader_new(const cleaner_reader_options *opts, cleaner_read_fn read,
                   void *ctx, cleaner_reader **out);

/**
 * The next record. CLEANER_OK with *out set: a record the caller frees with
 * cleaner_record_free() (also when cleaner_record_error() says it cannot be
 * cleaned: a bad JSON line or a truncated WARC record still yields a
 * record, so no input is lost silently). CLEANER_OK with *out NULL: the end.
 * Any other status is fatal for the stream (read error, no memory).
 */
CLEANER_API cleaner_status cleaner_reader_next(cleaner_reader *r,
                                               cleaner_record **out);

/** The stream's kind: as asked, or as found once the first record was
 * read (AUTO before that). */
CLEANER_API cleaner_stream cleaner_reader_kind(const cleaner_reader *r);

CLEANER_API void cleaner_reader_get_stats(const cleaner_reader *r,
                                          cleaner_reader_stats *out);
CLEANER_API void cleaner_reader_free(cleaner_reader *r);

/** The page bytes (HTTP body with transfer and content encodings undone,
 * or the JSONL field's string). Owned by the record.
 *
 * A JSONL line is parsed by the first of these accessors (or
 * cleaner_write_json) called on its record, so that parsing runs in the
 * thread that cleans the record: a record must not be used by two threads
 * at once. */
CLEANER_API const char *cleaner_record_body(const cleaner_record *rec,
                                            size_t *len);
/** Record id (WARC-Record-ID, or the JSONL "id" field), URL
 * (WARC-Target-URI or "url"), date (WARC-Date or "date"), the HTTP
 * header's charset: "" when absent. Owned by the record. */
CLEANER_API const char *cleaner_record_id(const cleaner_record *rec);
CLEANER_API const char *cleaner_record_url(const cleaner_record *rec);
CLEANER_API const char *cleaner_record_date(const cleaner_record *rec);
CLEANER_API const char *cleaner_record_charset(const cleaner_record *rec);
/** Why this record cannot be cleaned, or NULL. */
CLEANER_API const char *cleaner_record_error(const cleaner_record *rec);
/** 1 when the page was cut at max_record. */
CLEANER_API int cleaner_record_truncated(const cleaner_record *rec);
/** Position in the stream: 1 for the first record (the line number for
 * JSONL). */
CLEANER_API unsigned long long cleaner_record_number(const cleaner_record *rec);
CLEANER_API void cleaner_record_free(cleaner_record *rec);

/* ------------------------------------------------------------------------
 * JSON output.
 */

/** Receives output bytes; returns 0, or non-zero to stop with
 * CLEANER_EIO. */
typedef int (*cleaner_write_fn)(void *ctx, const char *data, size_t len);

enum {
  CLEANER_JSON_PRETTY = 1 /**< indented, for one document; else one line */
};

/**
 * Write one JSON object and a newline: the fields of `rec` (may be NULL;
 * for JSONL input its other fields are carried over unchanged), then
 * `format_version`, and either the text and metadata of `res`, or
 * "error": `error` when `res` is NULL. JSON is built with jansson, which
 * allocates with the C library's malloc, not with cleaner_allocator.
 */
CLEANER_API cleaner_status cleaner_write_json(const cleaner_record *rec,
                                              const cleaner_result *res,
                                              const char *error, int flags,
                                              cleaner_write_fn write,
                                              void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* CLEANER_H */
