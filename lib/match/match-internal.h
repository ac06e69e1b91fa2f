/* Internal structures of the match module: parsed rules, the compiled image, scanning. */
#ifndef GA_MATCH_INTERNAL_H
#define GA_MATCH_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <govaudit/match.h>
#include <govaudit/norm.h>
#include <govaudit/seg.h>

#include "core/core-internal.h"

/* Rule kinds and flags, as stored in the compiled image. */
enum { RULE_LITERAL = 0, RULE_REGEX = 1, RULE_NEAR = 2 };
enum { RULE_F_NORM = 1u << 0, RULE_F_WORD = 1u << 1, RULE_F_MASK = 1u << 2 };
/* The flags word of a compiled rule also holds its validator (check=, 0 none) and how
 * much of a masked value stays visible (mask=HEAD,TAIL). */
#define RULE_CHECK(flags) (((flags) >> 8) & 0xFFu)
#define RULE_MASK_HEAD(flags) (((flags) >> 16) & 0xFFu)
#define RULE_MASK_TAIL(flags) (((flags) >> 24) & 0xFFu)
/* A trie entry with this bit is not a hit but the prefilter literal of regex rule
 * (entry & ~MATCH_PREFILTER): finding it arms the regex for this scan. */
#define MATCH_PREFILTER 0x80000000u

/* Longest pattern, suggestion or exception accepted, in bytes: keeps anchored trie walks
 * and exception searches bounded. */
#define MATCH_MAX_FIELD GA_MATCH_MAX_FIELD

/* A parsed rule (owned strings). */
typedef struct mrule {
    char *id, *category, *suggestion, *pattern; /* pattern without its re:/near: prefix */
    char *file;                                  /* source name, for errors */
    size_t line, column;                         /* of the pattern field */
    uint8_t kind, severity, flags;
    uint32_t privacy; /* RULE_F_MASK, validator and mask widths: the high flag bits */
    char **except;
    size_t nexcept;
    char *tests, *oks; /* test= and ok= examples, '|'-separated, for the pack tests */
} mrule_t;

struct ga_rules {
    mrule_t *v;
    size_t n, cap;
    char **warn;
    size_t nwarn, wcap;
    uint64_t *seen; /* open-addressing set of rule keys (hash), 0 = empty */
    uint32_t *seen_idx;
    size_t seen_cap;
};

/* ---- compiled image (layout of the payload; all words little-endian u32) ---- */

#define MATCH_MAGIC "GAMATCH\0"
#define MATCH_VERSION 2u
#define MATCH_HEADER_SIZE 40u

/* Words of one rule record. */
enum {
    RR_ID, RR_ID_LEN, RR_CAT, RR_CAT_LEN, RR_SUGG, RR_SUGG_LEN, RR_PAT, RR_PAT_LEN,
    RR_KIND, RR_SEV, RR_FLAGS, RR_EXC, RR_NEXC, RR_WORDS
};

/* Where a walk is worth starting is decided by a hashed bit filter over the first bytes
 * of the patterns. Every pattern of 6 bytes or more (two Chinese characters) sets the bit
 * of its 6-byte key under match_key_hash; a second bit then tells which patterns really
 * start there: the 6-byte key under match_long_key_hash for patterns of 6 or 7 bytes, the
 * 8-byte key for longer ones (the first two characters of a longer word are often a
 * common word themselves, 中华 of 中华人民, and a walk at each of them was most of the
 * scan's time). Shorter patterns are found through the first-byte table (MATCH_SHORT_*
 * bits): those of 3 bytes or 4 to 5 bytes set the bit of their 3- or 4-byte key (a rule
 * such as 某， becomes 某, when normalised), those of 1 or 2 bytes start a walk at every
 * position whose first byte they share. */
#define MATCH_KEY_BYTES 6
#define MATCH_LONG_KEY_BYTES 8
enum { MATCH_SHORT_ANY = 1, MATCH_SHORT_3 = 2, MATCH_SHORT_4 = 4 };
static inline uint64_t match_key_hash(uint64_t key, uint32_t bits)
{
    return (key * 0x9E3779B97F4A7C15ull) >> (64 - bits);
}
static inline uint64_t match_long_key_hash(uint64_t key, uint32_t bits)
{
    return ((key ^ (key >> 29)) * 0xBF58476D1CE4E5B9ull) >> (64 - bits);
}

/* One Aho-Corasick-style trie over bytes in double-array form, with a hashed first-6-byte
 * filter that decides at which positions an anchored walk is worth starting. */
typedef struct mtrie {
    uint32_t nstates;
    const int32_t *base;    /* child of s by byte c: t = base[s] + c when check[t] == s + 1 */
    const uint32_t *check;
    const uint32_t *out;    /* per state: 1 + first entry index, 0 when no pattern ends */
    const uint32_t *entries;/* pairs (rule, 1 + next entry or 0) */
    uint32_t nentries;
    const uint64_t *filter; /* 2^fbits bits over the hashes of the pattern keys */
    uint32_t fbits;
    const uint8_t *shortb;  /* [256]: MATCH_SHORT_* bits of the patterns shorter than 6
                               bytes that start with this byte */
} mtrie_t;

typedef struct mregex {
    uint32_t rule;
    pcre2_code *code;
    bool prefiltered; /* runs only when its literal was seen by the trie scan */
} mregex_t;

struct ga_matcher {
    void *image;       /* the whole file image (header + payload) */
    size_t image_len;
    bool mapped;       /* image is an mmap, else malloc'd */
    uint32_t nrules;
    const uint32_t *rules;
    const char *pool;
    uint32_t pool_len;
    const uint32_t *exc; /* pairs (pool offset, length) */
    uint32_t nexc;
    mtrie_t trie[2];   /* [0] raw text, [1] normalised text */
    mregex_t *re;
    size_t nre;
    uint32_t max_groups;
    bool any_norm, any_raw, any_word;
    ga_normalizer_t *norm;
    ga_dict_t *dict;        /* for word boundaries, when a rule has the word flag */
    ga_segmenter_t *seg;
};

/* A finding before the overlap pass: offsets into the original text. */
typedef struct mhit {
    size_t start, end;
    uint32_t rule;
    uint32_t sev;
    size_t sugg; /* offset + 1 into the scratch's suggestion buffer, 0 = the rule's own */
    size_t mask; /* offset + 1 of the masked copy of the hit in that buffer, 0 = not masked */
} mhit_t;

struct ga_match_scratch {
    ga_normalized_t *norm;
    pcre2_match_data *md;
    uint32_t md_pairs;
    mhit_t *hits;
    size_t nhits, hcap;
    ga_buf_t sugg;
    ga_buf_t shown;  /* the text with masked findings masked, when the scan has any */
    bool has_shown;
    const ga_matcher_t *m;
    const char *text;
    size_t text_len;
    /* word boundaries of the original text, computed on first need per scan */
    uint64_t *bounds;
    size_t bounds_cap;
    uint64_t *armed; /* regex rules whose prefilter literal occurs in the text */
    size_t armed_cap;
    bool bounds_ready;
    /* Set by tests only (match_scratch_reference): scans take the simple path, a trie walk
     * at every byte and this normaliser instead of the matcher's. */
    const ga_normalizer_t *reference;
};

/* scan.c: make scans with `s` take the simple path, normalising with `norm` (a
 * ga_normalizer_new_reference() one, GA_NORM_DEFAULT); NULL goes back to the fast path. */
void match_scratch_reference(ga_match_scratch_t *s, const ga_normalizer_t *norm);

/* rules.c */
const char *match_rule_string(const ga_matcher_t *m, uint32_t rule, int field, size_t *len);

/* build.c: compile parsed rules into a malloc'd image (header + payload). */
ga_status_t match_build_image(const ga_rules_t *rules, void **image, size_t *len,
                              ga_error_t **err);
/* image.c: validate an image and set up a matcher over it (takes ownership on success). */
ga_status_t match_open_image(void *image, size_t len, bool mapped, ga_matcher_t **out,
                             ga_error_t **err);
/* Literal that every match of `pattern` must contain (conservative), or NULL. */
char *match_regex_literal(const char *pattern, size_t len, size_t *lit_len);

/* near.c: one-character variants of a canonical string (normalised), appended as
 * NUL-separated strings to `out`. `table` is built once per compile. */
typedef struct near_table near_table_t;
ga_status_t near_table_new(near_table_t **out, ga_error_t **err);
void near_table_free(near_table_t *t);
bool near_variants(const near_table_t *t, const char *canon, size_t len, ga_buf_t *out,
                   size_t *count);

/* validate.c: validators named by check= (ids from 1) and the masking of mask= rules. */
unsigned match_check_find(const char *name, size_t n);
unsigned match_check_count(void);
bool match_check(unsigned id, const char *s, size_t n);
/* Appends the masked form of s[0..n) (same byte length) to `out`; false when out of memory. */
bool match_mask(const char *s, size_t n, unsigned head, unsigned tail, ga_buf_t *out);

/* bound.c: word-boundary bitmap of the original text (bit i set: a token starts or ends
 * at byte i). */
ga_status_t match_bounds(ga_match_scratch_t *s, const char *text, size_t len, ga_error_t **err);
/* The segmenter behind match_bounds(), set up when a matcher has word rules. */
ga_status_t match_bounds_init(ga_matcher_t *m, ga_error_t **err);
void match_bounds_free(ga_match_scratch_t *s);

#endif
