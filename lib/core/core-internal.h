/* Internal helpers of the core module, shared by every other module. */
#ifndef GA_CORE_INTERNAL_H
#define GA_CORE_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <govaudit/core.h>

#if defined(__GNUC__)
#define GA_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define GA_LIKELY(x) __builtin_expect(!!(x), 1)
#define GA_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define GA_PRINTF(f, a)
#define GA_LIKELY(x) (x)
#define GA_UNLIKELY(x) (x)
#endif

/*
 * Record an error and return `status`, so that failing paths read
 * `return ga_error_set(err, GA_ERR_X, "...", ...);`. Does nothing but return when `err`
 * is NULL; an existing *err is replaced (the newest failure is the one reported).
 */
ga_status_t ga_error_set(ga_error_t **err, ga_status_t status, const char *fmt, ...)
    GA_PRINTF(3, 4);
ga_status_t ga_error_setv(ga_error_t **err, ga_status_t status, const char *fmt, va_list ap);

/* Error in a data file at 1-based line/column (either may be 0 when unknown). */
ga_status_t ga_error_set_at(ga_error_t **err, ga_status_t status, const char *file, size_t line,
                            size_t column, const char *fmt, ...) GA_PRINTF(6, 7);

/* Error about byte `offset` of an input buffer. */
ga_status_t ga_error_set_offset(ga_error_t **err, ga_status_t status, size_t offset,
                                const char *fmt, ...) GA_PRINTF(4, 5);

/* Decode one code point; see ga_utf8_next. Inline because every scanner sits on it. */
static inline int32_t ga_utf8_decode(const unsigned char *s, size_t len, size_t *pos)
{
    size_t i = *pos;
    if (i >= len)
        return -1;
    unsigned c = s[i];
    if (c < 0x80) {
        *pos = i + 1;
        return (int32_t)c;
    }
    unsigned need;
    uint32_t cp;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        *pos = i + 1;
        return -1;
    }
    size_t j = i + 1;
    for (unsigned k = 0; k < need; k++, j++) {
        if (j >= len) {
            *pos = j;
            return -1;
        }
        unsigned b = s[j];
        if (b < lo || b > hi) {
            *pos = j; /* the maximal ill-formed subpart ends before the offending byte */
            return -1;
        }
        lo = 0x80;
        hi = 0xBF;
        cp = (cp << 6) | (b & 0x3F);
    }
    *pos = j;
    return (int32_t)cp;
}

/* Encode `cp` (a valid scalar value) into `out` (4 bytes room); returns the byte count. */
static inline size_t ga_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * Read a caller's options struct, whose first field is its size, over the defaults in
 * `dst` (`dst_size` bytes). `src` NULL keeps the defaults. A size from `min_size` (the
 * struct's size when it first shipped) to 4096 is accepted: fields the caller's struct
 * lacks keep their defaults and fields past ours are ignored. `what` names the type in
 * the error. The size field of `dst` is set to `dst_size`.
 */
ga_status_t ga_options_read(void *dst, size_t dst_size, const void *src, size_t min_size,
                            const char *what, ga_error_t **err);

/*
 * A NUL-terminated copy of `s` (`len` bytes) that is valid UTF-8 of at most `max` bytes:
 * each ill-formed sequence becomes U+FFFD and a longer text is cut at a character
 * boundary. For quoting outside input in messages and reports. NULL when out of memory.
 */
char *ga_utf8_clip(const char *s, size_t len, size_t max);

/* Drop an incomplete UTF-8 sequence from the end of `s`, as left by formatting valid text
 * into a fixed-size buffer that cut it; returns the new length. */
size_t ga_utf8_trim_end(char *s);

/* Make the array *p (of `*cap` elements of `elem` bytes) hold at least `need` elements,
 * doubling its capacity; false when out of memory (the array is then unchanged). */
bool ga_grow(void **p, size_t *cap, size_t need, size_t elem);

/* A growable byte buffer used by modules that build text. */
typedef struct ga_buf {
    char *data;
    size_t len;
    size_t cap;
} ga_buf_t;

/* Make room for `extra` more bytes (plus a NUL); false when out of memory. */
bool ga_buf_reserve(ga_buf_t *b, size_t extra);
bool ga_buf_append(ga_buf_t *b, const void *data, size_t len);
void ga_buf_free(ga_buf_t *b);

/* Read a whole file into memory (NUL-terminated); errors name the path. */
ga_status_t ga_read_file(const char *path, char **data, size_t *len, ga_error_t **err);

/* GA_ERR_IO for a missing piece of the shipped data (`what`, at `path`): says which data
 * folder was used, where it was looked for, and how to point at another (ga_data_dir). */
ga_status_t ga_data_missing(ga_error_t **err, const char *path, const char *what);

/* Fast 64-bit non-cryptographic hash (8 bytes a step, multiply-xorshift mixing) for
 * checksums of binary files and for fingerprints. Words are read little-endian. */
uint64_t ga_hash64(const void *data, size_t len, uint64_t seed);

/*
 * Throttled progress reporting behind every ::ga_progress_fn (progress.c). The hot path is
 * ga_progress_tick(): with no callback one load and compare, with one a compare of the
 * count with the next count at which the clock is read; the clock decides whether the
 * callback is due (every GA_PROGRESS_INTERVAL_NS). Each returns nonzero when the callback
 * asked to cancel, and then keeps returning it.
 */
#define GA_PROGRESS_INTERVAL_NS 100000000 /* at most ten calls a second */
typedef struct ga_progress_state {
    ga_progress_fn fn;
    void *user;
    ga_progress_t p;     /* what the callback is shown */
    uint64_t next_check; /* count at which the clock is read next */
    uint64_t stride;     /* units between clock reads, grown while units are quick */
    int64_t last_call, last_check; /* monotonic ns */
    int cancelled;
} ga_progress_state_t;

/* A reporter for `fn` (may be NULL: then every call is a no-op returning 0). */
void ga_progress_init(ga_progress_state_t *s, ga_progress_fn fn, void *user);
/* Start stage `stage` (a static string) of `total` units (0: unknown): one call, done 0. */
int ga_progress_stage(ga_progress_state_t *s, const char *stage, uint64_t total);
/* The throttled call behind ga_progress_tick(). */
int ga_progress_report(ga_progress_state_t *s, uint64_t done, uint64_t bytes);
/* `done` units (and `bytes` input bytes) of the stage are done: calls back when due. */
static inline int ga_progress_tick(ga_progress_state_t *s, uint64_t done, uint64_t bytes)
{
    if (GA_LIKELY(!s->fn || done < s->next_check))
        return s->cancelled;
    return ga_progress_report(s, done, bytes);
}
/* The stage's final call (unthrottled) with its count. */
int ga_progress_end(ga_progress_state_t *s, uint64_t done, uint64_t bytes);
/* GA_ERR_CANCELLED with a message naming the stage. */
ga_status_t ga_progress_cancelled(const ga_progress_state_t *s, ga_error_t **err);

#endif
