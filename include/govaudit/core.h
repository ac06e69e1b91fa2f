/**
 * @file core.h
 * @brief Status codes, error details, version and UTF-8 helpers shared by every module.
 *
 * Error model: every fallible function returns a ::ga_status_t (GA_OK is 0) and takes a
 * final `ga_error_t **err` argument. When `err` is not NULL and the call fails, `*err`
 * receives a newly allocated error the caller releases with ga_error_free(); on success
 * `*err` is left untouched. Passing NULL discards the details.
 */
#ifndef GOVAUDIT_CORE_H
#define GOVAUDIT_CORE_H

#include <stddef.h>
#include <stdint.h>

#include <govaudit/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks the library's exported functions (default visibility; the rest is hidden). */
#if defined(_WIN32)
#define GA_API __declspec(dllimport)
#elif defined(__GNUC__)
#define GA_API __attribute__((visibility("default")))
#else
#define GA_API
#endif

/** Result of every fallible call. Values are stable across releases of ABI 1. */
typedef enum ga_status {
    GA_OK = 0,                 /**< success */
    GA_ERR_INVALID_ARGUMENT = 1, /**< a NULL or out-of-range argument */
    GA_ERR_NO_MEMORY = 2,      /**< an allocation failed */
    GA_ERR_INVALID_UTF8 = 3,   /**< text is not valid UTF-8; the error carries the byte offset */
    GA_ERR_IO = 4,             /**< a file could not be opened, read or written */
    GA_ERR_SYNTAX = 5,         /**< a text data file (rules, profile, dictionary) is malformed;
                                    the error carries file, line and column */
    GA_ERR_FORMAT = 6,         /**< a binary file is corrupt, truncated or of another format/version */
    GA_ERR_LIMIT = 7,          /**< a documented size limit was exceeded */
    GA_ERR_NOT_FOUND = 8,      /**< a named item does not exist */
    GA_ERR_UNSUPPORTED = 9,    /**< the operation or encoding is not supported */
    GA_ERR_DEPENDENCY = 10,    /**< a dependency (ICU, libxml2, PCRE2, zlib) reported a failure */
    GA_ERR_TRUNCATED = 11,     /**< input ended in the middle of a record */
    GA_ERR_CANCELLED = 12      /**< since 1.1: a progress callback (::ga_progress_fn) returned
                                    nonzero; what the call had built is released */
} ga_status_t;

/** Opaque error details; free with ga_error_free(). */
typedef struct ga_error ga_error_t;

/** Static English description of a status code ("invalid UTF-8", ...); never NULL. */
GA_API const char *ga_status_string(ga_status_t status);

/** The status the error reports. */
GA_API ga_status_t ga_error_status(const ga_error_t *err);
/** Human-readable message (UTF-8), never NULL for a non-NULL error. */
GA_API const char *ga_error_message(const ga_error_t *err);
/** Name of the data file the error is in, or NULL when it is not about a file. */
GA_API const char *ga_error_file(const ga_error_t *err);
/** 1-based line in the data file, 0 when unknown. */
GA_API size_t ga_error_line(const ga_error_t *err);
/** 1-based column (in characters) in the data file, 0 when unknown. */
GA_API size_t ga_error_column(const ga_error_t *err);
/** Byte offset in the input the error is about, or GA_NO_OFFSET. */
GA_API size_t ga_error_offset(const ga_error_t *err);
/** Release an error; NULL is allowed. */
GA_API void ga_error_free(ga_error_t *err);

/** Release a string the library allocated for the caller (JSON, HTML reports); NULL is
 *  allowed. */
GA_API void ga_string_free(char *s);

/**
 * Where a long call is (since 1.1), as a ::ga_progress_fn sees it. The library fills it;
 * `size` lets later releases append fields, so read only what `size` covers.
 */
typedef struct ga_progress {
    size_t size;        /**< sizeof(ga_progress_t) as the library knows it */
    const char *stage;  /**< what is being counted, a static string: `pages` (URLs fed to a
                             site audit), `columns`, `links`, `clusters` (duplicate
                             clustering: LSH bands), `fingerprints` (documents of a dedup
                             batch), `probes` (probe tries), `results` (audit results read
                             into a notice), `rectification` (sites matched between rounds) */
    uint64_t done;      /**< units of the stage done so far; never decreases within a stage */
    uint64_t total;     /**< units the stage will do, or 0 when not known (a crawl read
                             page by page) */
    uint64_t bytes;     /**< input bytes consumed so far in the stage (page bodies, JSON),
                             0 when the stage does not read input */
    int final;          /**< 1 on the stage's last call (`done` is then its count), else 0 */
} ga_progress_t;

/**
 * Progress callback of the long calls (since 1.1): the site auditor (ga_site_options_t),
 * dedup batches and clustering (ga_dedup_options_t), probe runs (ga_probe_options_t) and
 * notices (ga_notice_set_progress()). Each takes it with a `void *` passed back as `user`.
 *
 * Rules:
 * - it is called on the thread that made the library call, never on a worker thread, and
 *   never concurrently for one call;
 * - calls are throttled: one when a stage starts, then at most about ten a second (the
 *   clock is read only every so many units, never per byte), and always a `final` one
 *   when the stage ends, so a stage that ends quickly gives only its first and last calls;
 * - returning nonzero cancels: the call stops at the next unit and fails with
 *   ::GA_ERR_CANCELLED, having released what it built (an auditor whose feeding or
 *   finishing was cancelled can then only be freed);
 * - it must not call back into the object it is reporting on (the auditor, index or
 *   notice), nor free it; `p` is valid only during the call.
 */
typedef int (*ga_progress_fn)(void *user, const ga_progress_t *p);

/** ga_error_offset() when the error has no byte offset. */
#define GA_NO_OFFSET ((size_t)-1)

/** Version of the library actually loaded, "MAJOR.MINOR.PATCH". Compare with GA_VERSION_STRING. */
GA_API const char *ga_version_string(void);
/** Version of the loaded library as MAJOR*10000 + MINOR*100 + PATCH. */
GA_API int ga_version_number(void);

/**
 * Folder of the data shipped with the library (rule packs in rules/, profiles in
 * profiles/, the default dictionary in dict/), looked up in this order:
 * 1. the GOVAUDIT_DATA_DIR environment variable when set and not empty (read every call);
 * 2. the data/ folder of a build tree, one or two levels up from the folder of the loaded
 *    library or of the running program, when it holds rules/ and dict/default.gadict (so
 *    an uninstalled build uses its own data from any working directory);
 * 3. the folder chosen at build time (DATADIR/govaudit).
 * The string stays valid until GOVAUDIT_DATA_DIR changes (case 1) or for the process.
 */
GA_API const char *ga_data_dir(void);

/**
 * Check that `len` bytes at `s` are well-formed UTF-8 (no overlongs, surrogates or values
 * past U+10FFFF). On failure returns GA_ERR_INVALID_UTF8 and, when `bad_offset` is not
 * NULL, stores the offset of the first byte of the first ill-formed sequence.
 */
GA_API ga_status_t ga_utf8_validate(const char *s, size_t len, size_t *bad_offset);

/**
 * Decode the code point at byte `*pos` of `s` (length `len`) and advance `*pos` past it.
 * Returns the code point, or -1 on an ill-formed sequence (then `*pos` advances past its
 * maximal ill-formed subpart, as U+FFFD substitution does) or when `*pos >= len`.
 */
GA_API int32_t ga_utf8_next(const char *s, size_t len, size_t *pos);

/** Number of code points in valid UTF-8 text (ill-formed subparts count one each). */
GA_API size_t ga_utf8_length(const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
