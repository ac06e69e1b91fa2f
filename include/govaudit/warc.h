/**
 * @file warc.h
 * @brief Streaming reader of WARC 1.0/1.1 and ARC 1.0/1.1 crawl files, plain or per-record
 * gzip.
 *
 * A ::ga_warc_reader_t reads records one at a time from a path, a `FILE *` or memory.
 * ARC files (the Internet Archive's format before WARC, which Heritrix wrote) are told by
 * their first bytes, a `filedesc://` version block, and read into the same records: each
 * URL-record line gives a response (http and https URLs, their blocks parsed as HTTP),
 * resource (other URLs) or warcinfo (the version block) record whose header fields are
 * the WARC ones it maps to (WARC-Target-URI, WARC-Date in ISO form, WARC-IP-Address,
 * Content-Type, Content-Length; ARC-Result-Code, ARC-Checksum, ARC-Location, ARC-Offset,
 * ARC-Filename for version 2 files). docs/warc.md has the details.
 * Compression is detected from the first bytes (the gzip magic), never from the file
 * name; a `.warc.gz` may hold one gzip member per record (the usual layout, and what
 * `wget --warc-file` writes), several records per member, or one member for the whole file.
 *
 * Memory stays bounded whatever the file size: the input is streamed, a record's block
 * is kept only when wanted (its type not in ::ga_warc_options_t.skip_types, and the
 * ::ga_warc_options_t.keep function, if any, says so) and only up to
 * ::ga_warc_options_t.max_record_size; other blocks are read past without buffering.
 *
 * For HTTP records (`Content-Type: application/http` on response, request and revisit
 * records) the status or request line and the HTTP headers are parsed, and the body is
 * decoded: chunked transfer-encoding removed, gzip and deflate content-encoding undone.
 *
 * Errors are per record. A truncated or corrupt record, garbage between records, a
 * corrupt gzip member or a record past the size limit make ga_warc_next() fail with an
 * error whose ga_error_offset() is the byte offset of the damage in the file (for
 * compressed input, the offset of the gzip member the record starts in); the next call
 * goes on with the next record that can be found (the next gzip member, or the next
 * `WARC/1.` line). A reader is not thread-safe; use one reader per thread.
 *
 * @code
 * ga_warc_reader_t *r;
 * if (ga_warc_reader_open("crawl.warc.gz", NULL, &r, &err) != GA_OK) ...;
 * for (;;) {
 *     const ga_warc_record_t *rec;
 *     ga_status_t st = ga_warc_next(r, &rec, &err);
 *     if (st != GA_OK) { report(err); continue; }   // damaged record: go on
 *     if (!rec) break;                               // end of input
 *     if (ga_warc_record_type(rec) == GA_WARC_RESPONSE) {
 *         size_t len;
 *         const char *body = ga_warc_record_body(rec, &len);
 *         ...
 *     }
 * }
 * ga_warc_reader_free(r);
 * @endcode
 */
#ifndef GOVAUDIT_WARC_H
#define GOVAUDIT_WARC_H

#include <stdio.h>

#include <govaudit/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Record types (the WARC-Type header). Values are stable across releases of ABI 1. */
typedef enum ga_warc_type {
    GA_WARC_UNKNOWN = 0,      /**< a WARC-Type this library does not know, or none */
    GA_WARC_WARCINFO = 1,     /**< warcinfo: about the file and the crawl */
    GA_WARC_RESPONSE = 2,     /**< response: a full server response (HTTP headers and payload) */
    GA_WARC_RESOURCE = 3,     /**< resource: content without protocol headers */
    GA_WARC_REQUEST = 4,      /**< request: the request sent */
    GA_WARC_METADATA = 5,     /**< metadata: about another record */
    GA_WARC_REVISIT = 6,      /**< revisit: content seen before, usually headers only */
    GA_WARC_CONVERSION = 7,   /**< conversion: an alternative version of another record */
    GA_WARC_CONTINUATION = 8  /**< continuation: a segment of a segmented record */
} ga_warc_type_t;

/** Bit of ::ga_warc_options_t.skip_types for record type `t`. */
#define GA_WARC_TYPE_BIT(t) (1u << (unsigned)(t))

/** Flags of ::ga_warc_options_t.flags. */
enum ga_warc_flag {
    /** Keep HTTP bodies as stored: chunked transfer-encoding and content-encoding are
     *  left in place and ga_warc_record_body() equals ga_warc_record_payload(). */
    GA_WARC_NO_DECODE = 1u << 0,
    /** Hand out a record whose block does not end where its Content-Length says (the
     *  input ends inside it, the next record's `WARC/x.y` line comes earlier, or no CRLF
     *  CRLF follows it) with the block as far as it could be read, instead of failing
     *  ga_warc_next() for it; ga_warc_record_damage() tells such records. Records past
     *  the size limit and corrupt compressed data still fail. Since 1.1. */
    GA_WARC_KEEP_DAMAGED = 1u << 1
};

/** Default of ::ga_warc_options_t.max_record_size: 64 MiB. */
#define GA_WARC_DEFAULT_MAX_RECORD ((size_t)64 << 20)

/** Fixed limit on the size of a record's WARC header block, and of the HTTP header part
 *  of an HTTP record: 1 MiB. Past it ga_warc_next() fails with GA_ERR_LIMIT. */
#define GA_WARC_MAX_HEADER ((size_t)1 << 20)

/** A reader over one WARC input. */
typedef struct ga_warc_reader ga_warc_reader_t;
/** One record; owned by the reader and valid until the next ga_warc_next() or
 *  ga_warc_reader_free() on that reader. */
typedef struct ga_warc_record ga_warc_record_t;

/**
 * Per-record choice of whether to keep a block (::ga_warc_options_t.keep), for records
 * whose type is not in skip_types. It is called with the WARC header parsed and, for
 * records that may be HTTP, once the HTTP head is read: the header and HTTP accessors
 * work (so it can look at the HTTP status or Content-Type), the block and body accessors
 * return NULL. Return nonzero to keep the block, 0 to read past it without buffering.
 * It must not call ga_warc_next() on the same reader.
 */
typedef int (*ga_warc_keep_fn)(const ga_warc_record_t *record, void *data);

/** Options for opening a reader; a zeroed struct with `size` set gives the defaults. */
typedef struct ga_warc_options {
    size_t size;            /**< sizeof(ga_warc_options_t): lets later versions grow the struct */
    unsigned flags;         /**< ::ga_warc_flag bits */
    size_t max_record_size; /**< largest block kept in memory, and largest decoded body;
                                 0 for GA_WARC_DEFAULT_MAX_RECORD. A kept record with a
                                 larger Content-Length fails with GA_ERR_LIMIT (its block is
                                 read past, so the next record is read normally); a body
                                 that decodes past it is cut there (see
                                 ga_warc_record_body_status()). */
    unsigned skip_types;    /**< GA_WARC_TYPE_BIT()s of the record types whose blocks are
                                 not kept: their headers are still parsed (for HTTP records
                                 the HTTP headers too) but the block is read past without
                                 buffering, whatever its size. 0 keeps every block. */
    ga_warc_keep_fn keep;   /**< NULL, or asked per record whether to keep its block (for
                                 instance only HTML bodies of 200 responses) */
    void *keep_data;        /**< passed to `keep` */
} ga_warc_options_t;

/**
 * Open the file at `path` (plain or gzip, WARC or ARC, detected from its first bytes).
 * `options` may be NULL for the defaults. Fails with GA_ERR_IO (the error names the path)
 * when the file cannot be opened, GA_ERR_INVALID_ARGUMENT on a bad `size` or unknown flag,
 * GA_ERR_FORMAT for an ARC file whose version block (version line, field-spec line) is
 * not one this reader knows (the message says what is wrong).
 */
GA_API ga_status_t ga_warc_reader_open(const char *path, const ga_warc_options_t *options,
                                       ga_warc_reader_t **out, ga_error_t **err);

/**
 * Read from an open stream, from its current position; the stream is not closed by the
 * reader and must stay open until ga_warc_reader_free(). Offsets in errors and records
 * are file offsets when the stream's position can be told (ftello), else counted from
 * where reading began.
 */
GA_API ga_status_t ga_warc_reader_open_file(FILE *stream, const ga_warc_options_t *options,
                                            ga_warc_reader_t **out, ga_error_t **err);

/**
 * Read `len` bytes at `data`, which are not copied: they must stay unchanged until
 * ga_warc_reader_free(). Offsets count from `data`.
 */
GA_API ga_status_t ga_warc_reader_open_memory(const void *data, size_t len,
                                              const ga_warc_options_t *options,
                                              ga_warc_reader_t **out, ga_error_t **err);

/** Release a reader (and its current record); NULL is allowed. */
GA_API void ga_warc_reader_free(ga_warc_reader_t *reader);

/** 1 when the input is gzip-compressed, 0 when plain (known once the reader is open). */
GA_API int ga_warc_reader_is_gzip(const ga_warc_reader_t *reader);

/**
 * Read the next record. On success `*record` is the record, or NULL at the end of the
 * input. On failure `*record` is NULL and the error's offset is where the damage is:
 * - GA_ERR_TRUNCATED: the input (or a gzip member) ended inside a record;
 * - GA_ERR_FORMAT: a malformed header, a block whose length does not match its
 *   Content-Length, bytes between records that are not a record, or corrupt gzip data;
 * - GA_ERR_LIMIT: a header past GA_WARC_MAX_HEADER, or a kept block past
 *   ::ga_warc_options_t.max_record_size;
 * - GA_ERR_IO: reading the file failed; GA_ERR_NO_MEMORY.
 * After GA_ERR_TRUNCATED, GA_ERR_FORMAT or GA_ERR_LIMIT, calling again goes on with the
 * next record; every call makes progress, so a loop that stops at a NULL record ends.
 */
GA_API ga_status_t ga_warc_next(ga_warc_reader_t *reader, const ga_warc_record_t **record,
                                ga_error_t **err);

/** Static lower-case name of a record type ("response", ...); "unknown" for others. */
GA_API const char *ga_warc_type_name(ga_warc_type_t type);

/** The record's type, from its WARC-Type header. */
GA_API ga_warc_type_t ga_warc_record_type(const ga_warc_record_t *record);

/** Byte offset of the record in the file; for gzip input, of the gzip member it starts in. */
GA_API uint64_t ga_warc_record_offset(const ga_warc_record_t *record);

/** The version line, such as "WARC/1.0" or "WARC/1.1"; for records of ARC files "ARC/" and
 *  the version block's version and reserved numbers ("ARC/1.0", "ARC/1.1", "ARC/2.0"). */
GA_API const char *ga_warc_record_version(const ga_warc_record_t *record);

/**
 * GA_OK for a whole record. For a record handed out under ::GA_WARC_KEEP_DAMAGED whose
 * block does not end where its Content-Length says: GA_ERR_TRUNCATED (the block is cut
 * short: the input ended, or the next record starts inside it; the block holds what was
 * read before) or GA_ERR_FORMAT (no CRLF CRLF after Content-Length bytes: the block holds
 * those bytes, and reading goes on at the next `WARC/x.y` line). `why`, when not NULL,
 * receives a message (valid like the record), or NULL for a whole record. Since 1.1.
 */
GA_API ga_status_t ga_warc_record_damage(const ga_warc_record_t *record, const char **why);

/** Value of the first WARC header named `name` (ASCII case-insensitive), as written in
 *  the file without surrounding spaces; NULL when absent. */
GA_API const char *ga_warc_record_header(const ga_warc_record_t *record, const char *name);

/** Number of WARC header fields, in file order (repeated names count each time). */
GA_API size_t ga_warc_record_header_count(const ga_warc_record_t *record);

/** Field `index` (< ga_warc_record_header_count()): returns its value and stores its name
 *  in `*name` when `name` is not NULL; NULL when `index` is out of range. */
GA_API const char *ga_warc_record_header_at(const ga_warc_record_t *record, size_t index,
                                            const char **name);

/** WARC-Target-URI without the angle brackets WARC 1.0 writers (wget) put around it;
 *  NULL when absent. */
GA_API const char *ga_warc_record_target_uri(const ga_warc_record_t *record);

/** WARC-Date as written (ISO 8601, "2023-07-31T08:00:00Z"); NULL when absent. */
GA_API const char *ga_warc_record_date(const ga_warc_record_t *record);

/** WARC-Record-ID as written ("<urn:uuid:...>"); NULL when absent (always for ARC records). */
GA_API const char *ga_warc_record_id(const ga_warc_record_t *record);

/** The record's Content-Type header (of its block, e.g. "application/http;msgtype=response");
 *  NULL when absent. For the HTTP content type use ga_warc_record_http_header(). */
GA_API const char *ga_warc_record_content_type(const ga_warc_record_t *record);

/** Content-Length: the size of the record's block in bytes. */
GA_API uint64_t ga_warc_record_content_length(const ga_warc_record_t *record);

/** The record's block, exactly as stored (`*len` bytes, NUL-terminated), or NULL when the
 *  block was not kept (::ga_warc_options_t.skip_types). */
GA_API const char *ga_warc_record_block(const ga_warc_record_t *record, size_t *len);

/** 1 when the block was parsed as an HTTP message (status or request line and headers). */
GA_API int ga_warc_record_is_http(const ga_warc_record_t *record);

/** HTTP status code of a response (or revisit) record, such as 200; 0 when the record
 *  holds no HTTP response. */
GA_API int ga_warc_record_http_status(const ga_warc_record_t *record);

/** The HTTP status line ("HTTP/1.1 200 OK") or request line ("GET / HTTP/1.1") without
 *  its line end; NULL when the record is not HTTP. */
GA_API const char *ga_warc_record_http_line(const ga_warc_record_t *record);

/** Value of the first HTTP header named `name` (case-insensitive); NULL when absent. */
GA_API const char *ga_warc_record_http_header(const ga_warc_record_t *record, const char *name);

/** Number of HTTP header fields. */
GA_API size_t ga_warc_record_http_header_count(const ga_warc_record_t *record);

/** HTTP field `index`, as ga_warc_record_header_at(). */
GA_API const char *ga_warc_record_http_header_at(const ga_warc_record_t *record, size_t index,
                                                 const char **name);

/** The HTTP payload as stored (after the HTTP headers: still chunked or compressed when
 *  it was sent so); NULL when the block was not kept or the record is not HTTP. */
GA_API const char *ga_warc_record_payload(const ga_warc_record_t *record, size_t *len);

/**
 * The record's content, NUL-terminated, `*len` bytes: for an HTTP record the decoded
 * entity body (chunked transfer-encoding removed, gzip/x-gzip/deflate content-encoding
 * undone, unless GA_WARC_NO_DECODE); for other records the block. NULL when the block
 * was not kept.
 */
GA_API const char *ga_warc_record_body(const ga_warc_record_t *record, size_t *len);

/**
 * How decoding the body went: GA_OK; GA_ERR_TRUNCATED when the chunked or compressed
 * data ended early or GA_ERR_FORMAT when it is corrupt (the body holds what was decoded
 * before that point); GA_ERR_LIMIT when it decoded past max_record_size (the body is cut
 * there); GA_ERR_UNSUPPORTED for a content-encoding other than gzip, deflate or identity
 * (such as br: the body is left encoded, only de-chunked).
 */
GA_API ga_status_t ga_warc_record_body_status(const ga_warc_record_t *record);

#ifdef __cplusplus
}
#endif

#endif
