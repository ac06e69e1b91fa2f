/* Internal view of the normaliser for modules that normalise on hot paths (match, dedup). */
#ifndef GA_NORM_INTERNAL_H
#define GA_NORM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <govaudit/norm.h>

/* True for code points of the Han script blocks (unified ideographs and extensions,
 * compatibility ideographs, 〇). Inline: scanners call it per character. */
static inline bool ga_is_han(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x323AF) || c == 0x3007;
}

/* Simplified form of a traditional character, or `c` itself. Table built once per process. */
int32_t ga_t2s_char(int32_t c);

/* ga_normalized_source_span() for callers mapping many spans in text order: `*hint`
 * (0 at first) remembers where the last span was found. */
ga_status_t ga_normalized_source_span_hint(const ga_normalized_t *res, size_t start, size_t end,
                                           size_t *hint, size_t *src_start, size_t *src_end);

/* A normaliser that takes the simple path only (ICU for every chunk that is not inert,
 * nothing precomputed, the offset map kept as two words per output byte): same output and
 * spans as ga_normalizer_new()'s, slowly. Tests compare the fast paths against it. */
ga_status_t ga_normalizer_new_reference(const ga_norm_options_t *options, ga_normalizer_t **out,
                                        ga_error_t **err);

#endif
