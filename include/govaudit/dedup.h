/**
 * @file dedup.h
 * @brief Duplicate post detection (一稿多发): fingerprints, an LSH index, clusters.
 *
 * A ::ga_dedup_index_t holds the fingerprints and metadata of documents (articles of one
 * site or of a whole crawl). Each document gets three fingerprints, all computed on the
 * normalised body with boilerplate lines (责任编辑, 打印本页, 关闭窗口, 来源 lines, share
 * bars, font-size bars) removed:
 * - an exact 64-bit hash of the body without white space (identical copies);
 * - a 64-bit SimHash over word shingles weighted by their length in characters and their
 *   frequency (near copies differ in few bits; reported as evidence);
 * - a MinHash signature over the set of word shingles (3 consecutive words from the
 *   segmenter), whose bands feed locality-sensitive hashing.
 *
 * LSH banding: the signature is cut into b bands of r rows. Two documents of shingle
 * Jaccard similarity s share at least one band with probability 1 - (1 - s^r)^b. For a
 * threshold t the index takes the largest r (fewest chance candidates) for which that
 * probability at s = t is still at least 0.995, with b = 128 / r bands (ga_dedup_banding()).
 * For t = 0.8 this gives r = 6, b = 21: a pair at s = 0.8 is a candidate with probability
 * 0.9983, at s = 0.9 with 0.99999, at s = 0.5 with 0.28 and at s = 0.3 with 0.015.
 * Every candidate is then verified exactly on the two shingle sets (kept in the index), so
 * chance candidates never become matches.
 *
 * The copy rule: two documents whose shingle sets are A and B are copies when their
 * Jaccard similarity |A∩B| / |A∪B| is at least the threshold (default 0.8), or when their
 * containment |A∩B| / min(|A|, |B|) is at least the containment threshold (default 0.9;
 * 0 turns it off) and the smaller set has at least 20 shingles (one text mostly held in
 * the other: a repost with a paragraph or a preamble added). Both tests allow 1e-9 for
 * rounding; clustering also joins identical bodies. Similarities reported for matches and
 * clusters are Jaccard similarities, so a copy by containment can show one below the
 * threshold. The banding follows the Jaccard threshold alone.
 *
 * Threads: an index is not modified by ga_dedup_index_query(), ga_dedup_index_cluster()
 * or the accessors, so any number of threads may call those at once on an index no thread
 * is adding to. Adding (ga_dedup_index_add(), ga_dedup_index_add_batch()) needs exclusive
 * access and may move the strings returned by ga_dedup_index_doc_field().
 */
#ifndef GOVAUDIT_DEDUP_H
#define GOVAUDIT_DEDUP_H

#include <stddef.h>

#include <govaudit/core.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ga_segmenter;

/** A document to fingerprint. Set `size` to sizeof(ga_dedup_doc_t). Strings are
 *  NUL-terminated UTF-8 and may be NULL (empty); `text` has an explicit length. */
typedef struct ga_dedup_doc {
    size_t size;          /**< sizeof(ga_dedup_doc_t) */
    const char *id;       /**< caller's identifier */
    const char *site;     /**< site or account name, or its host name */
    const char *column;   /**< column (栏目) path, e.g. "政务公开/通知公告" */
    const char *url;      /**< address of the article */
    const char *date;     /**< publish date, "YYYY-MM-DD" (ISO 8601 date-times, "YYYY/MM/DD" and
                               "YYYY年M月D日" are read too); NULL or unreadable = unknown */
    const char *title;    /**< title */
    const char *source;   /**< 来源 named on the page; when NULL the body's 来源 line is used */
    const char *text;     /**< body text, UTF-8 */
    size_t text_len;      /**< length of `text` in bytes */
} ga_dedup_doc_t;

/** Options for ga_dedup_index_new() and ga_dedup_index_load(). Fill with
 *  ga_dedup_options_init() and change what you need. */
typedef struct ga_dedup_options {
    size_t size;                /**< sizeof(ga_dedup_options_t) */
    double threshold;           /**< Jaccard similarity of shingle sets at or above which two
                                     documents are copies, in (0, 1]; default 0.8. A loaded
                                     index keeps the threshold it was saved with. */
    unsigned window_days;       /**< two copies in the same column of one site count as
                                     一稿多发 when published at most this many days apart;
                                     default 30 */
    const struct ga_segmenter *segmenter; /**< segmenter for word shingles (borrowed: it must
                                     outlive the index), or NULL for the default dictionary's
                                     (ICU word breaks when no dictionary is installed) */
    /** Since 1.1: progress callback (core.h's rules), NULL for none, kept by the index.
     *  ga_dedup_index_add_batch() reports the stage `fingerprints` (documents, total `n`)
     *  and ga_dedup_index_cluster() the stage `clusters` (LSH bands verified, total the
     *  bands), each on the thread that called it. A cancelled batch adds nothing. */
    ga_progress_fn progress;
    /** Since 1.1: passed back to `progress` as its `user`. */
    void *progress_user;
    double containment;         /**< Since 1.1: containment |A∩B| / min(|A|, |B|) of the shingle sets at or
                                     above which two documents are copies too, when the smaller
                                     has at least 40 shingles (one text is mostly held in the
                                     other: a repost with a paragraph or preamble added); in
                                     [0, 1], 0 turns it off; default 0.9. Not saved: a loaded
                                     index takes it from these options. */
} ga_dedup_options_t;
/** Size of ::ga_dedup_options_t in 1.0 (before `progress`): the smallest `size` accepted. */
#define GA_DEDUP_OPTIONS_SIZE_1_0 (offsetof(ga_dedup_options_t, progress))

/** Fill `opts` with the defaults (threshold 0.8, window 30 days, default segmenter,
 *  containment 0.9). */
GA_API void ga_dedup_options_init(ga_dedup_options_t *opts);

/**
 * LSH banding for a Jaccard threshold in (0, 1]: the rows per band `*rows` and bands
 * `*bands` (rows * bands <= 128) as described above, and the probability that a pair of
 * similarity exactly `threshold` becomes a candidate in `*p_at_threshold` (may be NULL).
 * Fails with GA_ERR_INVALID_ARGUMENT outside (0, 1].
 */
GA_API ga_status_t ga_dedup_banding(double threshold, unsigned *rows, unsigned *bands,
                                    double *p_at_threshold);

/** The kind of a cluster of copies. */
typedef enum ga_dedup_kind {
    GA_DEDUP_MULTI_POST = 1, /**< 一稿多发: copies on one site in two or more columns, or
                                  posted again in one column within the window */
    GA_DEDUP_REPOST = 2,     /**< 转载: copies on different sites, each later copy naming the
                                  earlier one's site or source as its 来源 */
    GA_DEDUP_DUPLICATE = 3   /**< other copies (unattributed, or outside the window) */
} ga_dedup_kind_t;

/** How two copies relate; the evidence of a pair. */
typedef enum ga_dedup_relation {
    GA_DEDUP_REL_OTHER_COLUMN = 1,   /**< same site, different columns (一稿多发) */
    GA_DEDUP_REL_REPEATED = 2,       /**< same site and column, within the window (一稿多发) */
    GA_DEDUP_REL_SAME_COLUMN_LATER = 3, /**< same site and column, further apart than the window */
    GA_DEDUP_REL_ATTRIBUTED = 4,     /**< different sites, the later names the earlier (转载) */
    GA_DEDUP_REL_UNATTRIBUTED = 5    /**< different sites, no attribution */
} ga_dedup_relation_t;

/** "一稿多发", "转载" or "duplicate"; "unknown" for other values. */
GA_API const char *ga_dedup_kind_name(ga_dedup_kind_t kind);
/** "other-column", "repeated", "same-column-outside-window", "attributed", "unattributed";
 *  "unknown" for other values. */
GA_API const char *ga_dedup_relation_name(ga_dedup_relation_t rel);

/** A fingerprint index of documents. */
typedef struct ga_dedup_index ga_dedup_index_t;

/**
 * New empty index. `opts` may be NULL for the defaults. Fails with
 * GA_ERR_INVALID_ARGUMENT on a bad `size`, threshold or window, or with the segmenter's
 * errors when the default one cannot be made.
 */
GA_API ga_status_t ga_dedup_index_new(const ga_dedup_options_t *opts, ga_dedup_index_t **out,
                                      ga_error_t **err);
/** Release an index; NULL is allowed. */
GA_API void ga_dedup_index_free(ga_dedup_index_t *idx);

/**
 * Fingerprint `doc` and add it; its document number (0, 1, ...) goes to `*doc_no` (may be
 * NULL). Fails with GA_ERR_INVALID_UTF8 (offset into `text`) on ill-formed text, with
 * GA_ERR_LIMIT past 2^31 documents. On failure the index is unchanged.
 */
GA_API ga_status_t ga_dedup_index_add(ga_dedup_index_t *idx, const ga_dedup_doc_t *doc,
                                      size_t *doc_no, ga_error_t **err);

/**
 * Add `n` documents, fingerprinting them on `threads` threads (0: one per online CPU).
 * They get consecutive document numbers in array order. On failure nothing is added and
 * the error names the array index of the first bad document.
 */
GA_API ga_status_t ga_dedup_index_add_batch(ga_dedup_index_t *idx, const ga_dedup_doc_t *docs,
                                            size_t n, unsigned threads, ga_error_t **err);

/** Number of documents in the index. */
GA_API size_t ga_dedup_index_count(const ga_dedup_index_t *idx);
/** The Jaccard threshold of the index. */
GA_API double ga_dedup_index_threshold(const ga_dedup_index_t *idx);
/** The containment threshold of the index (0: containment is not used). */
GA_API double ga_dedup_index_containment(const ga_dedup_index_t *idx);

/** Metadata fields of an indexed document. */
typedef enum ga_dedup_field {
    GA_DEDUP_ID = 0, GA_DEDUP_SITE, GA_DEDUP_COLUMN, GA_DEDUP_URL, GA_DEDUP_DATE,
    GA_DEDUP_TITLE, GA_DEDUP_SOURCE
} ga_dedup_field_t;

/** A metadata string of document `doc` ("" when it was not given; GA_DEDUP_SOURCE is the
 *  body's 来源 line when none was given), or NULL for a bad document or field. Valid until
 *  the next add or the index is freed. */
GA_API const char *ga_dedup_index_doc_field(const ga_dedup_index_t *idx, size_t doc,
                                            ga_dedup_field_t field);

/** The exact hash, SimHash and shingle count of document `doc`; any pointer may be NULL.
 *  Fails with GA_ERR_INVALID_ARGUMENT for a bad document number. */
GA_API ga_status_t ga_dedup_index_doc_fingerprint(const ga_dedup_index_t *idx, size_t doc,
                                                  uint64_t *exact, uint64_t *simhash,
                                                  size_t *shingles);

/**
 * The LSH band keys of document `doc`: one key per band of its MinHash signature (the
 * index's banding, ga_dedup_banding() of its threshold). Two documents of two indexes made
 * with the same threshold are candidates when they share the key of some band `b`, which
 * is what a distributed run shuffles on. Copies up to `cap` keys into `keys` and returns
 * the number of bands (0 for a bad document number).
 */
GA_API size_t ga_dedup_index_doc_bands(const ga_dedup_index_t *idx, size_t doc, uint32_t *keys,
                                       size_t cap);

/** Matches of a query; reusable across queries. */
typedef struct ga_dedup_matches ga_dedup_matches_t;
/** New empty match list; NULL only when out of memory. */
GA_API ga_dedup_matches_t *ga_dedup_matches_new(void);
/** Release a match list; NULL is allowed. */
GA_API void ga_dedup_matches_free(ga_dedup_matches_t *m);

/**
 * Find the indexed copies of `doc` (the CMS case: "this text was already published in
 * column X on date D"): every indexed document that is a copy of `doc` by the copy rule
 * above (Jaccard or containment), most similar (by Jaccard) first, each with its relation
 * to `doc` taken as the later copy. `doc` is not added. Replaces the content of `res`.
 */
GA_API ga_status_t ga_dedup_index_query(const ga_dedup_index_t *idx, const ga_dedup_doc_t *doc,
                                        ga_dedup_matches_t *res, ga_error_t **err);
/** Number of matches. */
GA_API size_t ga_dedup_matches_count(const ga_dedup_matches_t *m);
/** Document number of match `i` (SIZE_MAX when out of range). */
GA_API size_t ga_dedup_matches_doc(const ga_dedup_matches_t *m, size_t i);
/** Jaccard similarity of match `i`'s shingle set with the query's (0 when out of range); below
 *  the threshold for a copy by containment. */
GA_API double ga_dedup_matches_similarity(const ga_dedup_matches_t *m, size_t i);
/** Containment of match `i`: shared shingles over the smaller shingle set's size (0 when out
 *  of range). */
GA_API double ga_dedup_matches_containment(const ga_dedup_matches_t *m, size_t i);
/** SimHash Hamming distance of match `i` to the query (0..64; 65 when out of range). */
GA_API unsigned ga_dedup_matches_hamming(const ga_dedup_matches_t *m, size_t i);
/** Relation of match `i` (earlier) to the query (later); 0 when out of range. */
GA_API ga_dedup_relation_t ga_dedup_matches_relation(const ga_dedup_matches_t *m, size_t i);
/** Whether match `i` has the same exact hash as the query (an identical body). */
GA_API int ga_dedup_matches_exact(const ga_dedup_matches_t *m, size_t i);

/** Clusters of copies over a whole index. */
typedef struct ga_dedup_clusters ga_dedup_clusters_t;

/**
 * Cluster the whole index (union-find over verified candidate pairs, on `threads`
 * threads, 0: one per online CPU). Only clusters of two or more documents are returned,
 * ordered by their smallest document number; members are in document order.
 */
GA_API ga_status_t ga_dedup_index_cluster(const ga_dedup_index_t *idx, unsigned threads,
                                          ga_dedup_clusters_t **out, ga_error_t **err);
/** Release clusters; NULL is allowed. */
GA_API void ga_dedup_clusters_free(ga_dedup_clusters_t *c);
/** Number of clusters. */
GA_API size_t ga_dedup_clusters_count(const ga_dedup_clusters_t *c);
/** Kind of cluster `i` (0 when out of range). */
GA_API ga_dedup_kind_t ga_dedup_cluster_kind(const ga_dedup_clusters_t *c, size_t i);
/** Number of documents in cluster `i`. */
GA_API size_t ga_dedup_cluster_size(const ga_dedup_clusters_t *c, size_t i);
/** Document number of member `j` of cluster `i` (SIZE_MAX when out of range). */
GA_API size_t ga_dedup_cluster_doc(const ga_dedup_clusters_t *c, size_t i, size_t j);
/** Smallest Jaccard similarity among the evidence pairs of cluster `i`. */
GA_API double ga_dedup_cluster_similarity(const ga_dedup_clusters_t *c, size_t i);
/** Number of evidence pairs of cluster `i`. A cluster is a connected group: every member is
 *  a copy (by the copy rule above, or an identical body) of at least one
 *  other member, not necessarily of all. The evidence pairs are every pair of members that
 *  are copies of each other for clusters of up to 64 documents, else the verified pairs
 *  that joined the cluster. */
GA_API size_t ga_dedup_cluster_pair_count(const ga_dedup_clusters_t *c, size_t i);
/**
 * Evidence pair `k` of cluster `i`: the earlier document `*a` and later `*b` (by publish
 * date, then document number), their Jaccard similarity and relation. Any output pointer
 * may be NULL. Fails with GA_ERR_INVALID_ARGUMENT when out of range.
 */
GA_API ga_status_t ga_dedup_cluster_pair(const ga_dedup_clusters_t *c, size_t i, size_t k,
                                         size_t *a, size_t *b, double *similarity,
                                         ga_dedup_relation_t *rel);

/**
 * Save the index to `path` (a versioned binary file with a checksum; see
 * docs/dedup-format.md). The segmenter is not saved: load with the same one.
 */
GA_API ga_status_t ga_dedup_index_save(const ga_dedup_index_t *idx, const char *path,
                                       ga_error_t **err);
/**
 * Load an index saved by ga_dedup_index_save(). `opts` (may be NULL) supplies the
 * segmenter and window; threshold and shingle parameters come from the file. Corrupt,
 * truncated or foreign files fail with GA_ERR_FORMAT naming the byte offset.
 */
GA_API ga_status_t ga_dedup_index_load(const char *path, const ga_dedup_options_t *opts,
                                       ga_dedup_index_t **out, ga_error_t **err);
/** As ga_dedup_index_load() from `len` bytes in memory (copied). */
GA_API ga_status_t ga_dedup_index_load_mem(const void *data, size_t len,
                                           const ga_dedup_options_t *opts,
                                           ga_dedup_index_t **out, ga_error_t **err);

#ifdef __cplusplus
}
#endif

#endif
