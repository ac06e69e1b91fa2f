/**
 * @file norm.h
 * @brief Text normalisation with an exact offset map back to the input.
 *
 * A ::ga_normalizer_t is compiled once from options and is immutable afterwards: any
 * number of threads may call ga_normalize() on it at once, each with its own
 * ::ga_normalized_t result object (which is reused across calls to avoid allocation).
 *
 * Every span of the normalised output maps back to the byte span of the original input
 * it came from (ga_normalized_source_span()), so findings made on normalised text can be
 * reported at the caller's own offsets.
 */
#ifndef GOVAUDIT_NORM_H
#define GOVAUDIT_NORM_H

#include <govaudit/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Normalisation steps, combined with `|` in ::ga_norm_options_t.flags. */
enum ga_norm_flag {
    GA_NORM_NFKC = 1u << 0,      /**< Unicode NFKC (compatibility composition) */
    GA_NORM_WIDTH = 1u << 1,     /**< full-width ASCII forms and U+3000 to their ASCII
                                      counterparts (also done by NFKC) */
    GA_NORM_CASEFOLD = 1u << 2,  /**< Unicode simple case folding (A→a) */
    GA_NORM_T2S = 1u << 3,       /**< traditional to simplified Chinese characters (ICU's
                                      Traditional-Simplified transform, character by character) */
    GA_NORM_DROP_NOISE = 1u << 4,/**< drop invisible characters (zero-width, soft hyphen,
                                      BOM) anywhere, and noise characters (spaces and the
                                      ::ga_norm_options_t.noise set) found between two Han
                                      characters, as in 敏*感 or 敏 感 */
    GA_NORM_REPLACE_INVALID = 1u << 5 /**< ill-formed UTF-8 becomes U+FFFD (each maximal
                                      ill-formed subpart one U+FFFD mapped to its bytes)
                                      instead of failing with GA_ERR_INVALID_UTF8 */
};

/** Every step but GA_NORM_REPLACE_INVALID: what matching on normalised text uses. */
#define GA_NORM_DEFAULT \
    (GA_NORM_NFKC | GA_NORM_WIDTH | GA_NORM_CASEFOLD | GA_NORM_T2S | GA_NORM_DROP_NOISE)

/** Options for ga_normalizer_new(). Set `size` to sizeof(ga_norm_options_t). */
typedef struct ga_norm_options {
    size_t size;            /**< sizeof(ga_norm_options_t): lets later versions grow the struct */
    unsigned flags;         /**< ::ga_norm_flag bits */
    const char *noise;      /**< UTF-8 string of the characters dropped between Han characters
                                 with GA_NORM_DROP_NOISE, or NULL for the default set
                                 (GA_NORM_DEFAULT_NOISE) */
    size_t noise_len;       /**< length of `noise` in bytes */
} ga_norm_options_t;

/**
 * Default noise set: ASCII, tab and ideographic spaces and `* - . _ ~ | / \\ + # & ^ = ' " ``
 * and `· • ・ ． — … × ※ ★ ☆ ○ ●`. Sentence punctuation (，。、,;:!?) is not noise:
 * dropping it would join words across real sentence structure.
 */
#define GA_NORM_DEFAULT_NOISE \
    " \t\u3000*-._~|/\\+#&^='\"`\u00b7\u2022\u30fb\uff0e\u2014\u2026\u00d7\u203b\u2605\u2606\u25cb\u25cf"

/** Compiled, immutable normaliser. */
typedef struct ga_normalizer ga_normalizer_t;
/** Reusable result of ga_normalize(): output text plus offset map. */
typedef struct ga_normalized ga_normalized_t;

/**
 * Compile a normaliser. `options` may be NULL for GA_NORM_DEFAULT with the default noise
 * set. Fails with GA_ERR_INVALID_ARGUMENT on an unknown flag, a bad `size` or a noise
 * string that is not valid UTF-8, GA_ERR_DEPENDENCY when ICU data is missing.
 */
GA_API ga_status_t ga_normalizer_new(const ga_norm_options_t *options, ga_normalizer_t **out,
                                     ga_error_t **err);
/** The flags the normaliser applies. */
GA_API unsigned ga_normalizer_flags(const ga_normalizer_t *norm);
/** Release a normaliser; NULL is allowed. */
GA_API void ga_normalizer_free(ga_normalizer_t *norm);

/** New empty result object. Returns NULL only when out of memory. */
GA_API ga_normalized_t *ga_normalized_new(void);
/** Release a result object; NULL is allowed. */
GA_API void ga_normalized_free(ga_normalized_t *res);

/**
 * Normalise `len` bytes of UTF-8 at `text` into `res` (its previous content is replaced).
 * Fails with GA_ERR_INVALID_UTF8 (the error's offset is the first bad byte) unless the
 * normaliser has GA_NORM_REPLACE_INVALID, and with GA_ERR_LIMIT for input of 2 GiB or more.
 */
GA_API ga_status_t ga_normalize(const ga_normalizer_t *norm, const char *text, size_t len,
                                ga_normalized_t *res, ga_error_t **err);

/** The normalised UTF-8 text (NUL-terminated for convenience); its length in `*len`. */
GA_API const char *ga_normalized_text(const ga_normalized_t *res, size_t *len);

/**
 * Map the output byte span [`start`, `end`) back to the input: `*src_start`/`*src_end`
 * receive the smallest input byte span that produced every output byte in it. An empty
 * span maps to an empty span at the input position of `start`. Fails with
 * GA_ERR_INVALID_ARGUMENT when `start > end` or `end` is past the output.
 */
GA_API ga_status_t ga_normalized_source_span(const ga_normalized_t *res, size_t start,
                                             size_t end, size_t *src_start, size_t *src_end);

#ifdef __cplusplus
}
#endif

#endif
