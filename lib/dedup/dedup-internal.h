/* Internal view of the dedup module: fingerprinting steps (for the unit tests and the site
 * module) and the index layout shared by index.c and store.c. */
#ifndef GA_DEDUP_INTERNAL_H
#define GA_DEDUP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <govaudit/dedup.h>
#include <govaudit/norm.h>

#include "core/core-internal.h"

#define DD_K 128           /* MinHash signature length */
#define DD_SHINGLE 3       /* words per shingle */
#define DD_SEED 0x6761646564757031ull /* "gadedup1": seeds of the MinHash family */
#define DD_DAY_UNKNOWN INT32_MIN
#define DD_NFIELDS 7       /* id, site, column, url, date, title, source */
#define DD_TOK_DICT 1      /* tokenizer ids in saved files: dictionary segmentation */
#define DD_TOK_ICU 2       /* ICU word breaks */

/* Word tokenizer: calls cb(start, end, user) for each word token of text (in order) and
 * stops when cb returns non-zero. The module's only view of segmentation. */
typedef int (*dd_word_cb)(size_t start, size_t end, void *user);
typedef ga_status_t (*dd_tokenize_fn)(const void *ctx, const char *text, size_t len,
                                      dd_word_cb cb, void *user, ga_error_t **err);

typedef struct dd_params {
    const ga_normalizer_t *norm;
    dd_tokenize_fn tokenize;
    const void *tok_ctx;
    unsigned k;            /* words per shingle */
    unsigned rows, bands;  /* LSH banding */
    uint64_t mh_a[DD_K], mh_b[DD_K]; /* MinHash family: (a*x + b) >> 32 */
    /* The same in 32-bit halves: the high word of a*x + b for a 32-bit x is
     * hi(lo(a)*x + lo(b)) + hi(a)*x + hi(b) (mod 2^32), which vectorises. */
    uint32_t mh_alo[DD_K], mh_ahi[DD_K], mh_blo[DD_K], mh_bhi[DD_K];
} dd_params_t;

/* Fingerprint of one document plus the scratch that computes it (one per thread). */
typedef struct dd_fp {
    uint64_t exact;        /* 0 when the body is empty */
    uint64_t simhash;
    uint32_t *shingles;    /* sorted, unique */
    size_t nshingles;
    uint32_t minhash[DD_K];
    uint32_t bandkey[DD_K];
    ga_buf_t source;       /* the body's 来源 value, "" when none */
    /* scratch */
    ga_normalized_t *normres;
    ga_buf_t body, flat;
    uint64_t *tok;
    uint8_t *toklen;
    uint32_t *shtmp;       /* radix sort buffer */
    size_t ntok, tokcap, shcap, tmpcap;
} dd_fp_t;

void dd_params_init(dd_params_t *p, const ga_normalizer_t *norm, dd_tokenize_fn fn,
                    const void *ctx, unsigned k, unsigned rows, unsigned bands);
bool dd_fp_init(dd_fp_t *fp);
void dd_fp_free(dd_fp_t *fp);
/* Fingerprint text into fp. */
ga_status_t dd_fingerprint(const dd_params_t *p, const char *text, size_t len, dd_fp_t *fp,
                           ga_error_t **err);

/* Is this (normalised, trimmed) line boilerplate? When it is a 来源 line, its value is
 * appended to `source` (when not NULL). */
bool dd_boilerplate_line(const char *line, size_t len, ga_buf_t *source);
/* Days since 1970-01-01 of a date string, or DD_DAY_UNKNOWN. */
int32_t dd_parse_day(const char *s);
/* Exact Jaccard similarity of two sorted unique sets. */
double dd_jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* Containment counts only when the smaller set has at least this many shingles: a line or
 * two of common wording is contained in many articles. */
#define DD_CONTAIN_MIN 20
#define DD_CONTAINMENT_DEFAULT 0.9

/* When two shingle sets are copies: Jaccard at or above `jaccard`, or (when `containment`
 * is above 0 and the smaller set has DD_CONTAIN_MIN shingles) |A∩B| / min(|A|, |B|) at or
 * above `containment`. Both compared with a 1e-9 tolerance. */
typedef struct dd_rule {
    double jaccard, containment;
} dd_rule_t;

typedef struct dd_sim {
    double jaccard, containment;
} dd_sim_t;

/* Are two sorted unique sets copies under `r`? Their similarities go to `*s` when they are
 * (and may be left unset when not). Stops the merge once the intersection can no longer
 * reach what the rule needs; decides exactly as dd_similar_simple(). */
bool dd_similar(const dd_rule_t *r, const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                dd_sim_t *s);
/* The least intersection of sets of na and nb elements that `r` accepts (more than the
 * smaller size when none does); both sets non-empty. */
size_t dd_rule_need(const dd_rule_t *r, size_t na, size_t nb);
/* The same decision by a full merge (the reference the tests compare with); always sets
 * `*s`. */
bool dd_similar_simple(const dd_rule_t *r, const uint32_t *a, size_t na, const uint32_t *b,
                       size_t nb, dd_sim_t *s);
/* MinHash estimate: share of equal signature positions. */
double dd_minhash_estimate(const uint32_t *a, const uint32_t *b, unsigned k);

/* Metadata needed to relate two documents. */
typedef struct dd_meta {
    const char *site, *column, *url, *source;
    int32_t day;
} dd_meta_t;
/* Relation of `a` (earlier) to `b` (later). */
ga_dedup_relation_t dd_relate(const dd_meta_t *a, const dd_meta_t *b, unsigned window_days);
/* Same site: the site names when both have one, else the URL hosts. */
bool dd_same_site(const dd_meta_t *a, const dd_meta_t *b);

/* One indexed document. */
typedef struct dd_doc {
    uint64_t exact, simhash;
    uint64_t sh_off;   /* into shingles */
    uint64_t str_off;  /* into strings: DD_NFIELDS NUL-terminated fields */
    uint32_t nsh;
    int32_t day;
} dd_doc_t;

typedef struct dd_slot {
    uint32_t key, head;  /* head UINT32_MAX: empty */
} dd_slot_t;

typedef struct dd_table {
    dd_slot_t *slots;
    size_t mask, used;
} dd_table_t;

struct ga_dedup_index {
    dd_params_t params;
    double threshold;
    dd_rule_t rule;        /* threshold and containment threshold */
    unsigned window_days;
    uint32_t tokenizer_id; /* which tokenizer made the shingles (saved) */
    void *own_dict, *own_seg; /* default segmenter, when the index made it */
    ga_normalizer_t *norm;
    dd_doc_t *docs;
    size_t ndocs, docs_cap;
    uint32_t *shingles;
    size_t nshingles, shingles_cap;
    ga_buf_t strings;
    uint32_t *bandkeys; /* ndocs * bands */
    uint32_t *next;     /* chain links, ndocs * bands */
    size_t band_cap;    /* capacity of bandkeys/next in documents */
    dd_table_t *tables; /* one per band; not kept when tables_deferred */
    bool tables_deferred; /* band tables built one band at a time when clustering */
    dd_fp_t scratch;    /* for single adds */
    ga_progress_fn progress; /* the caller's, for batches and clustering */
    void *progress_user;
};

/* Make an index with the given parameters, no documents (store.c uses it on load). */
/* The caller's options (NULL: the defaults) copied over the defaults into `o`, checked. */
ga_status_t dd_options_read(const ga_dedup_options_t *opts, ga_dedup_options_t *o,
                            ga_error_t **err);

ga_status_t dd_index_create(const ga_dedup_options_t *opts, double threshold, unsigned k,
                            uint32_t tokenizer_id, ga_dedup_index_t **out, ga_error_t **err);
/* The parts of a fingerprint an index keeps. */
typedef struct dd_res {
    uint64_t exact, simhash;
    const uint32_t *shingles;
    size_t nshingles;
    const uint32_t *bandkey;
    const char *source; /* the body's 来源 value */
} dd_res_t;

/* Append a fingerprinted document (fields checked by the caller). */
ga_status_t dd_index_append(ga_dedup_index_t *idx, const ga_dedup_doc_t *doc, const dd_res_t *r,
                            ga_error_t **err);
/* Check a document's metadata strings (UTF-8) and struct size. */
ga_status_t dd_check_doc(const ga_dedup_doc_t *doc, ga_error_t **err);
/* Chain end markers: an empty slot, and a slot whose documents were all taken back. */
#define DD_EMPTY UINT32_MAX
#define DD_NONE (UINT32_MAX - 1)
/* Append a document read from a file: fingerprint parts and its DD_NFIELDS fields. */
ga_status_t dd_index_append_raw(ga_dedup_index_t *idx, uint64_t exact, uint64_t simhash,
                                int32_t day, const uint32_t *sh, size_t nsh,
                                const uint32_t *bandkeys, const char *fields, size_t fields_len,
                                ga_error_t **err);
/* Keep no LSH tables while adding (an empty index only): each band's table and chain
 * links are built when clustering, one band at a time, and queries scan the band keys.
 * For an index that is filled once and clustered (the site audit): the tables and links
 * were three fifths of its memory. Clusters are the same as with kept tables. */
void dd_index_defer_tables(ga_dedup_index_t *idx);
/* Build band `band`'s table into `t` (emptied first) and its chain links into next[doc], by
 * inserting the documents in the order they were added: the slots and chains come out as
 * the kept tables' would. False when out of memory. */
bool dd_band_build(const ga_dedup_index_t *idx, unsigned band, dd_table_t *t, uint32_t *next);
/* The slot of `key` in a band table, NULL when absent. */
dd_slot_t *dd_table_find(const dd_table_t *t, uint32_t key);
/* `s`, or "" for NULL. */
static inline const char *dd_nz(const char *s)
{
    return s ? s : "";
}
/* Run fn(args[t]) on `threads` threads, the caller's thread being the first; returns how
 * many ran (threads that could not be started leave their args unused). */
int dd_run_threads(unsigned threads, void *(*fn)(void *), void *const *args);
/* Checksum of a saved index's payload: ga_hash64 chained over 1 MiB blocks. */
uint64_t dd_checksum(const unsigned char *p, size_t len);
/* Set up the word tokenizer of an index (tokenize.c). */
ga_status_t dd_tokenizer_setup(ga_dedup_index_t *idx, const ga_dedup_options_t *opts,
                               ga_error_t **err);
void dd_tokenizer_free(ga_dedup_index_t *idx);
const char *dd_doc_field(const ga_dedup_index_t *idx, size_t doc, unsigned field);
void dd_doc_meta(const ga_dedup_index_t *idx, size_t doc, dd_meta_t *m);
/* Kind of the cluster of documents mem[0..g) (cluster.c), and the same by the plain
 * pairwise loop, the reference the tests compare it with. */
ga_dedup_kind_t dd_classify(const ga_dedup_index_t *idx, const size_t *mem, size_t g);
ga_dedup_kind_t dd_classify_simple(const ga_dedup_index_t *idx, const size_t *mem, size_t g);

#endif
