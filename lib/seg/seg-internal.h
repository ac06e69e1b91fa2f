/* Internal API of the seg module: the compiled dictionary layout, shared by the loader,
 * the builder and the segmenter, and helpers other modules may use. */
#ifndef GA_SEG_INTERNAL_H
#define GA_SEG_INTERNAL_H

#include <stdbool.h>
#include <math.h>
#include <stdint.h>

#include <govaudit/seg.h>

#include "core/core-internal.h"

/*
 * Binary layout (little-endian, every section 8-byte aligned):
 *   header  ga_dict_header_t
 *   payload bmp_code[65536] u16   code of each BMP character (0: not in the alphabet)
 *           supp[n_supp][2] u32   (code point, code) of supplementary characters, sorted
 *           units[n_units]        double-array trie over character codes, with the
 *                                 log-probability of the word ending at each state
 *           term_bits[nb] u64     bit s: a word ends at state s (nb = ceil(n_units / 64))
 *           term_rank[nb] u32     words ending before state 64 * i: word ids by rank
 *           freq[n_words] u32
 *           tag[n_words] u16      index into the tag table
 *           hmm                   ga_hmm_t header, then emit[4][n_codes] floats
 *           tags                  offsets[n_tags + 1] u32, then the NUL-terminated names
 * The checksum is ga_hash64(payload, payload_size, GA_DICT_SEED).
 */
#define GA_DICT_MAGIC "GADICT\r\n"
#define GA_DICT_VERSION 2u
#define GA_DICT_SEED 0x6761646963743031ull /* "gadict01" */

typedef struct ga_dict_header {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t payload_size;
    uint64_t checksum;
    uint32_t n_codes; /* alphabet size + 1 (code 0 unused) */
    uint32_t n_supp;
    uint32_t n_units;
    uint32_t n_words;
    uint32_t n_tags;
    uint32_t tags_size; /* bytes of the tag section */
    uint64_t total_freq;
    uint32_t endian; /* 0x01020304 as written */
    uint32_t flags;  /* 0 */
    uint64_t reserved[2];
} ga_dict_header_t;

/* A double-array unit, 64 bits: the child of state s by code c (>= 1) is t = base(s) + c
 * when parent(t) == s. The log-probability of a word ending at s sits in the unit itself,
 * so the route reads one 8-byte unit per step; the word's id (for its frequency and tag)
 * is the rank of s among word-ending states.
 *   bits  0..21  parent state (GA_DA_FREE: unused unit)
 *   bit  22      a word ends here
 *   bits 23..44  base + 1 (0: no children)
 *   bits 45..63  -ln(freq / total) * 8192, rounded (GA_DA_DELETED: a deleted word)
 * The 1/8192 nat step (0.012 % in frequency) is far below what changes a route. */
typedef uint64_t ga_da_unit_t;
#define GA_DA_FREE 0x3FFFFFu
#define GA_DA_MAX_UNITS 0x3FFFFFu
#define GA_DA_WORD_BIT ((uint64_t)1 << 22)
#define GA_DA_LOGQ_SCALE 8192.0
#define GA_DA_DELETED 0x7FFFFu

static inline uint32_t ga_da_parent(ga_da_unit_t u)
{
    return (uint32_t)(u & GA_DA_FREE);
}
static inline bool ga_da_is_word(ga_da_unit_t u)
{
    return (u & GA_DA_WORD_BIT) != 0 && ga_da_parent(u) != GA_DA_FREE;
}
static inline int32_t ga_da_base(ga_da_unit_t u)
{
    return (int32_t)((u >> 23) & 0x3FFFFF) - 1;
}
static inline float ga_da_logp(ga_da_unit_t u)
{
    uint32_t q = (uint32_t)(u >> 45);
    return q == GA_DA_DELETED ? -INFINITY : (float)(-(double)q / GA_DA_LOGQ_SCALE);
}

/* HMM states: Begin, Middle, End of a word, Single-character word. */
enum { GA_HMM_B = 0, GA_HMM_M = 1, GA_HMM_E = 2, GA_HMM_S = 3 };

typedef struct ga_hmm {
    float start[4];
    float trans[4][4];
    float emit_floor[4]; /* log-probability of a character the training never saw */
    uint32_t n_codes;
    uint32_t pad;
} ga_hmm_t;

struct ga_dict {
    /* the image */
    const ga_dict_header_t *hdr;
    const uint16_t *bmp_code;
    const uint32_t *supp;
    const ga_da_unit_t *units;
    const uint64_t *term_bits;
    const uint32_t *term_rank;
    const uint32_t *freq;
    const uint16_t *tag;
    const ga_hmm_t *hmm;
    const float *emit; /* [4][n_codes] */
    const uint32_t *tag_offsets;
    const char *tag_names;
    uint32_t n_units, n_words, n_codes, n_supp, n_tags;
    double log_total;
    /* storage */
    void *map;      /* mmap'd file, or NULL */
    size_t map_len;
    void *heap;     /* malloc'd image, or NULL */
    const ga_dict_t *base;
};

/* Character code of `cp` in the dictionary's alphabet, 0 when absent. */
static inline uint32_t ga_dict_code(const ga_dict_t *d, uint32_t cp)
{
    if (cp < 0x10000)
        return d->bmp_code[cp];
    uint32_t lo = 0, hi = d->n_supp;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (d->supp[2 * mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->n_supp && d->supp[2 * lo] == cp ? d->supp[2 * lo + 1] : 0;
}

/* One trie step; returns the child state or -1. */
static inline int32_t ga_dict_step(const ga_dict_t *d, int32_t s, uint32_t code)
{
    int32_t b = ga_da_base(d->units[s]);
    uint64_t t = (uint64_t)(int64_t)b + code;
    if (b < 0 || code == 0 || t >= d->n_units || ga_da_parent(d->units[t]) != (uint32_t)s)
        return -1;
    return (int32_t)t;
}

/* Word index ending at state s, or -1 (bounds-checked: the image may be hostile). */
static inline int32_t ga_dict_word_at(const ga_dict_t *d, int32_t s)
{
    uint32_t i = (uint32_t)s / 64, bit = (uint32_t)s % 64;
    uint64_t bits = d->term_bits[i];
    if (!((bits >> bit) & 1))
        return -1;
    uint32_t w = d->term_rank[i] + (uint32_t)__builtin_popcountll(bits & ((1ull << bit) - 1));
    return w < d->n_words ? (int32_t)w : -1;
}

/* Validate and wire up an image of `len` bytes at `data` (which must stay valid). */
ga_status_t ga_dict_attach(ga_dict_t *d, const void *data, size_t len, const char *name,
                           ga_error_t **err);

/* Exact lookup of a word in one dictionary image (no base); -1 when absent. */
int32_t ga_dict_find(const ga_dict_t *d, const char *word, size_t len);

/* Log-probability of the best route through `word` using only `d` (and its base), the
 * score a word must beat to stay whole. */
double ga_seg_route_score(const ga_dict_t *d, const char *word, size_t len);

/* Training weight of a word for the HMM: freq ^ exponent (1 by default). */
void ga_dict_builder_set_hmm_exponent(ga_dict_builder_t *b, double exponent);

/* Character classes used by the segmenter and by other modules' word-boundary checks. */
bool ga_seg_is_han(uint32_t cp);

#endif
