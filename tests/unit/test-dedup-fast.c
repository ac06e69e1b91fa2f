/* dedup's fast paths give the simple paths' results: the pair decision with early exit
 * (dd_similar) against the full merge, MinHash and SimHash against their 64-bit
 * formulas, and whole clusterings (sketch-bounded, early-exit verification) against the
 * same clustering verified by full merges, on random sets and on the benchmark's
 * real-shaped corpora (planted copies, edit kinds, template notices). */
#include <check.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "corpus.h"
#include "testutil.h"

#include "dedup/dedup-internal.h"

static uint64_t rng_next(uint64_t *s)
{
    *s += 0x9e3779b97f4a7c15ull;
    uint64_t x = *s;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* A sorted unique set of about n values: a share `keep` drawn from `base`, the rest new. */
static size_t make_set(uint64_t *s, const uint32_t *base, size_t nbase, double keep, size_t n,
                       uint32_t *out)
{
    size_t m = 0;
    for (size_t i = 0; i < nbase && m < n; i++)
        if ((double)(rng_next(s) >> 11) / 9007199254740992.0 < keep)
            out[m++] = base[i];
    while (m < n)
        out[m++] = (uint32_t)rng_next(s);
    qsort(out, m, sizeof *out, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || out[u - 1] != out[i])
            out[u++] = out[i];
    return u;
}

START_TEST(pair_decision_random)
{
    uint64_t s = 42;
    static uint32_t a[3000], b[3000];
    const dd_rule_t rules[] = {{0.8, 0.0}, {0.8, 0.9}, {0.5, 0.7}, {0.95, 0.95}, {0.3, 0.0}};
    size_t agree = 0, similar = 0;
    for (int it = 0; it < 100000; it++) {
        size_t na = 1 + rng_next(&s) % (it % 10 ? 300 : 3000);
        na = make_set(&s, NULL, 0, 0, na, a);
        double keep = (double)(rng_next(&s) % 1001) / 1000.0;
        size_t nb = (size_t)(na * (0.5 + (double)(rng_next(&s) % 1000) / 1000.0)) + 1;
        if (nb > 3000)
            nb = 3000;
        nb = make_set(&s, a, na, keep, nb, b);
        const dd_rule_t *r = &rules[it % 5];
        dd_sim_t fast, simple;
        bool f = dd_similar(r, a, na, b, nb, &fast);
        bool g = dd_similar_simple(r, a, na, b, nb, &simple);
        ck_assert_msg(f == g, "rule %d: na %zu nb %zu J %.6f C %.6f fast %d", it % 5, na, nb,
                      simple.jaccard, simple.containment, f);
        if (f) {
            ck_assert(fast.jaccard == simple.jaccard);
            ck_assert(fast.containment == simple.containment);
            ck_assert(fabs(simple.jaccard - dd_jaccard(a, na, b, nb)) < 1e-15);
            similar++;
        }
        agree++;
    }
    /* both outcomes were exercised, many of them near the boundary */
    ck_assert_uint_gt(similar, 5000);
    ck_assert_uint_lt(similar, agree - 5000);
    /* the containment floor: a 19-element subset is not a copy by containment, 20 is */
    for (size_t n = 19; n <= 20; n++) {
        size_t nb2 = make_set(&s, NULL, 0, 0, 200, b);
        memcpy(a, b, n * sizeof *a);
        dd_sim_t x;
        dd_rule_t r = {0.8, 0.9};
        ck_assert_int_eq(dd_similar(&r, a, n, b, nb2, &x), n >= DD_CONTAIN_MIN);
    }
}
END_TEST

/* Fingerprints of generated documents against the 64-bit formulas they replaced. */
START_TEST(minhash_simhash_reference)
{
    ga_dedup_index_t *idx = NULL;
    ck_assert_int_eq(ga_dedup_index_new(NULL, &idx, NULL), GA_OK);
    dd_fp_t fp;
    ck_assert(dd_fp_init(&fp));
    for (uint64_t i = 0; i < 400; i++) {
        corpus_doc_t d;
        corpus_make(77, i, &d);
        ck_assert_int_eq(dd_fingerprint(&idx->params, d.text, d.text_len, &fp, NULL), GA_OK);
        const dd_params_t *p = &idx->params;
        for (unsigned k = 0; k < DD_K; k++) {
            uint32_t mn = UINT32_MAX;
            for (size_t s = 0; s < fp.nshingles; s++) {
                uint32_t v = (uint32_t)((p->mh_a[k] * (uint64_t)fp.shingles[s] + p->mh_b[k]) >> 32);
                mn = v < mn ? v : mn;
            }
            ck_assert_uint_eq(fp.minhash[k], mn);
        }
        /* SimHash: each shingle occurrence votes +-weight per bit (words stay in fp.tok) */
        int64_t acc[64] = {0};
        size_t k = p->k, nsh = fp.ntok == 0 ? 0 : fp.ntok < k ? 1 : fp.ntok - k + 1;
        for (size_t s = 0; s < nsh; s++) {
            size_t w = fp.ntok < k ? fp.ntok : k;
            uint64_t h = 0x243f6a8885a308d3ull;
            int64_t weight = 0;
            for (size_t j = 0; j < w; j++) {
                uint64_t x = h ^ fp.tok[s + j];
                x ^= x >> 31;
                x *= 0x7fb5d329728ea185ull;
                x ^= x >> 27;
                x *= 0x81dadef4bc2dd44dull;
                x ^= x >> 33;
                h = x + j;
                weight += fp.toklen[s + j];
            }
            for (unsigned bit = 0; bit < 64; bit++)
                acc[bit] += (h >> bit) & 1 ? weight : -weight;
        }
        uint64_t sim = 0;
        for (unsigned bit = 0; bit < 64; bit++)
            if (acc[bit] > 0)
                sim |= 1ull << bit;
        ck_assert_uint_eq(fp.simhash, nsh ? sim : 0);
        corpus_doc_clear(&d);
    }
    dd_fp_free(&fp);
    ga_dedup_index_free(idx);
}
END_TEST

/* The clustering through the library against the same algorithm verified by full merges:
 * link every LSH bucket as cluster.c does (first member of each component, then up to 16
 * recent members), union-find, compare the partitions. */
typedef struct ref {
    const ga_dedup_index_t *idx;
    uint32_t *uf;
} ref_t;

static uint32_t find(uint32_t *p, uint32_t x)
{
    while (p[x] != x)
        x = p[x] = p[p[x]];
    return x;
}

static void unite(uint32_t *p, uint32_t a, uint32_t b)
{
    a = find(p, a);
    b = find(p, b);
    if (a != b)
        p[a > b ? a : b] = a < b ? a : b;
}

static bool ref_pair(ref_t *r, uint32_t x, uint32_t y)
{
    const dd_doc_t *a = &r->idx->docs[x], *b = &r->idx->docs[y];
    dd_sim_t s;
    if (!dd_similar_simple(&r->idx->rule, r->idx->shingles + a->sh_off, a->nsh,
                           r->idx->shingles + b->sh_off, b->nsh, &s))
        return false;
    unite(r->uf, x, y);
    return true;
}

static void ref_bucket(ref_t *r, const uint32_t *chain, size_t len, uint32_t *reps, size_t *joined)
{
    size_t nreps = 0;
    for (size_t j = 0; j < len; j++) {
        uint32_t y = chain[j];
        bool in_one = false;
        for (size_t k = 0; k < nreps; k++) {
            uint32_t rp = reps[k];
            bool ok = find(r->uf, rp) == find(r->uf, y) || ref_pair(r, rp, y);
            for (size_t i = j, tries = 0; !ok && joined[k] && i-- > 0 && j - i <= 64 && tries < 16;) {
                uint32_t z = chain[i];
                if (z != rp && find(r->uf, z) == find(r->uf, rp)) {
                    tries++;
                    ok = ref_pair(r, z, y);
                }
            }
            if (ok) {
                joined[k]++;
                in_one = true;
            }
        }
        if (!in_one) {
            reps[nreps] = y;
            joined[nreps++] = 0;
        }
    }
}

/* Cluster number of every document (SIZE_MAX alone) by the reference, one thread per
 * band in order as the library's single-thread run does. */
static void reference_clusters(const ga_dedup_index_t *idx, size_t *out)
{
    size_t n = idx->ndocs, B = idx->params.bands;
    uint32_t *uf = malloc(n * sizeof *uf), *chain = malloc(n * sizeof *chain);
    uint32_t *reps = malloc(n * sizeof *reps);
    size_t *joined = malloc(n * sizeof *joined);
    for (size_t i = 0; i < n; i++)
        uf[i] = (uint32_t)i;
    for (size_t i = 0; i < n; i++) /* identical bodies */
        for (size_t j = i + 1; j < n && idx->docs[i].nsh; j++)
            if (idx->docs[j].nsh && idx->docs[i].exact == idx->docs[j].exact) {
                unite(uf, (uint32_t)i, (uint32_t)j);
                break;
            }
    /* One worker, as the library's single-thread run: every band in order on one
     * union-find started from the exact phase; then joined with the exact phase. */
    uint32_t *base = malloc(n * sizeof *base), *all = malloc(n * sizeof *all);
    memcpy(base, uf, n * sizeof *uf);
    memcpy(all, uf, n * sizeof *uf);
    ref_t r = {idx, uf};
    memcpy(uf, base, n * sizeof *uf);
    for (size_t b = 0; b < B; b++) {
        const dd_table_t *t = &idx->tables[b];
        for (size_t s = 0; t->slots && s <= t->mask; s++) {
            size_t len = 0;
            for (uint32_t d = t->slots[s].head; d < DD_NONE; d = idx->next[(size_t)d * B + b])
                chain[len++] = d;
            if (len >= 2)
                ref_bucket(&r, chain, len, reps, joined);
        }
    }
    for (size_t i = 0; i < n; i++)
        unite(all, (uint32_t)i, find(uf, (uint32_t)i));
    size_t *count = calloc(n, sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[find(all, (uint32_t)i)]++;
    for (size_t i = 0; i < n; i++)
        out[i] = count[find(all, (uint32_t)i)] >= 2 ? find(all, (uint32_t)i) : SIZE_MAX;
    free(count);
    free(base);
    free(all);
    free(uf);
    free(chain);
    free(reps);
    free(joined);
}

static void compare_clusterings(ga_dedup_index_t *idx, size_t min_clusters)
{
    size_t n = idx->ndocs;
    ga_dedup_clusters_t *c;
    ck_assert_int_eq(ga_dedup_index_cluster(idx, 1, &c, NULL), GA_OK);
    size_t *lib = malloc(n * sizeof *lib), *ref = malloc(n * sizeof *ref);
    for (size_t i = 0; i < n; i++)
        lib[i] = SIZE_MAX;
    for (size_t k = 0; k < ga_dedup_clusters_count(c); k++)
        for (size_t j = 0; j < ga_dedup_cluster_size(c, k); j++)
            lib[ga_dedup_cluster_doc(c, k, j)] = ga_dedup_cluster_doc(c, k, 0);
    reference_clusters(idx, ref);
    /* the reference numbers clusters by their smallest member too */
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(lib[i] == ref[i], "document %zu: cluster of %zu, reference %zu", i, lib[i],
                      ref[i]);
    ck_assert_uint_ge(ga_dedup_clusters_count(c), min_clusters);
    ga_dedup_clusters_free(c);
    free(lib);
    free(ref);
}

static ga_dedup_index_t *index_with(double containment)
{
    ga_dedup_options_t o;
    ga_dedup_options_init(&o);
    o.containment = containment;
    ga_dedup_index_t *idx = NULL;
    ga_error_t *err = NULL;
    ck_assert_msg(ga_dedup_index_new(&o, &idx, &err) == GA_OK, "%s", ga_error_message(err));
    return idx;
}

static ga_dedup_doc_t as_doc(const corpus_doc_t *c)
{
    ga_dedup_doc_t d = {sizeof d, c->id, c->site, c->column, c->url, c->date, c->title,
                        c->source[0] ? c->source : NULL, c->text, c->text_len};
    return d;
}

START_TEST(clusters_equal_reference)
{
    /* the planted-copy corpus and the edit corpus (containment pairs, template notices),
     * with containment on and off */
    enum { N = 6000, PAIRS = 3000 };
    corpus_doc_t *cd = calloc(2 * PAIRS > N ? 2 * PAIRS : N, sizeof *cd);
    ga_dedup_doc_t *docs = calloc(2 * PAIRS > N ? 2 * PAIRS : N, sizeof *docs);
    for (int pass = 0; pass < 4; pass++) {
        ga_dedup_index_t *idx = index_with(pass & 1 ? 0.0 : 0.9);
        size_t n;
        if (pass < 2) {
            n = N;
            for (size_t i = 0; i < n; i++) {
                corpus_make(1234 + (uint64_t)pass, i, &cd[i]);
                docs[i] = as_doc(&cd[i]);
            }
        } else {
            n = 2 * PAIRS;
            for (size_t i = 0; i < PAIRS; i++) {
                corpus_edit_pair(99, i, (unsigned)(i % CORPUS_NKINDS), &cd[2 * i], &cd[2 * i + 1]);
                docs[2 * i] = as_doc(&cd[2 * i]);
                docs[2 * i + 1] = as_doc(&cd[2 * i + 1]);
            }
        }
        ck_assert_int_eq(ga_dedup_index_add_batch(idx, docs, n, 2, NULL), GA_OK);
        compare_clusterings(idx, pass < 2 ? 500 : 1000);
        for (size_t i = 0; i < n; i++)
            corpus_doc_clear(&cd[i]);
        ga_dedup_index_free(idx);
    }
    free(cd);
    free(docs);
}
END_TEST

/* Two clusterings are the same: members, kinds, similarities and evidence pairs. */
static void assert_same_clusters(const ga_dedup_clusters_t *x, const ga_dedup_clusters_t *y)
{
    ck_assert_uint_eq(ga_dedup_clusters_count(x), ga_dedup_clusters_count(y));
    for (size_t k = 0; k < ga_dedup_clusters_count(x); k++) {
        ck_assert_int_eq(ga_dedup_cluster_kind(x, k), ga_dedup_cluster_kind(y, k));
        ck_assert(ga_dedup_cluster_similarity(x, k) == ga_dedup_cluster_similarity(y, k));
        ck_assert_uint_eq(ga_dedup_cluster_size(x, k), ga_dedup_cluster_size(y, k));
        for (size_t j = 0; j < ga_dedup_cluster_size(x, k); j++)
            ck_assert_uint_eq(ga_dedup_cluster_doc(x, k, j), ga_dedup_cluster_doc(y, k, j));
        ck_assert_uint_eq(ga_dedup_cluster_pair_count(x, k), ga_dedup_cluster_pair_count(y, k));
        for (size_t q = 0; q < ga_dedup_cluster_pair_count(x, k); q++) {
            size_t a1, b1, a2, b2;
            double s1, s2;
            ga_dedup_relation_t r1, r2;
            ck_assert_int_eq(ga_dedup_cluster_pair(x, k, q, &a1, &b1, &s1, &r1), GA_OK);
            ck_assert_int_eq(ga_dedup_cluster_pair(y, k, q, &a2, &b2, &s2, &r2), GA_OK);
            ck_assert(a1 == a2 && b1 == b2 && s1 == s2 && r1 == r2);
        }
    }
}

/* An index without kept LSH tables (the site audit's) clusters exactly as one with them,
 * on one and two threads, and answers queries with the same matches. */
START_TEST(deferred_tables_same_results)
{
    enum { N = 6000, PAIRS = 2000, Q = 300 };
    corpus_doc_t *cd = calloc(N + 2 * PAIRS, sizeof *cd);
    ga_dedup_doc_t *docs = calloc(N + 2 * PAIRS, sizeof *docs);
    for (size_t i = 0; i < N; i++) {
        corpus_make(4321, i, &cd[i]);
        docs[i] = as_doc(&cd[i]);
    }
    for (size_t i = 0; i < PAIRS; i++) {
        corpus_edit_pair(17, i, (unsigned)(i % CORPUS_NKINDS), &cd[N + 2 * i], &cd[N + 2 * i + 1]);
        docs[N + 2 * i] = as_doc(&cd[N + 2 * i]);
        docs[N + 2 * i + 1] = as_doc(&cd[N + 2 * i + 1]);
    }
    ga_dedup_index_t *kept = index_with(0.9), *deferred = index_with(0.9);
    dd_index_defer_tables(deferred);
    ck_assert(deferred->tables_deferred && !kept->tables_deferred);
    ck_assert_int_eq(ga_dedup_index_add_batch(kept, docs, N + 2 * PAIRS, 2, NULL), GA_OK);
    /* one at a time, as the site auditor adds */
    for (size_t i = 0; i < N + 2 * PAIRS; i++)
        ck_assert_int_eq(ga_dedup_index_add(deferred, &docs[i], NULL, NULL), GA_OK);
    ck_assert_ptr_null(deferred->next);
    for (unsigned threads = 1; threads <= 2; threads++) {
        ga_dedup_clusters_t *x, *y;
        ck_assert_int_eq(ga_dedup_index_cluster(kept, threads, &x, NULL), GA_OK);
        ck_assert_int_eq(ga_dedup_index_cluster(deferred, threads, &y, NULL), GA_OK);
        ck_assert_uint_gt(ga_dedup_clusters_count(x), 1000);
        assert_same_clusters(x, y);
        ga_dedup_clusters_free(x);
        ga_dedup_clusters_free(y);
    }
    ga_dedup_matches_t *mx = ga_dedup_matches_new(), *my = ga_dedup_matches_new();
    size_t matched = 0;
    for (size_t i = 0; i < Q; i++) {
        const ga_dedup_doc_t *d = &docs[(i * 37) % (N + 2 * PAIRS)];
        ck_assert_int_eq(ga_dedup_index_query(kept, d, mx, NULL), GA_OK);
        ck_assert_int_eq(ga_dedup_index_query(deferred, d, my, NULL), GA_OK);
        ck_assert_uint_eq(ga_dedup_matches_count(mx), ga_dedup_matches_count(my));
        for (size_t m = 0; m < ga_dedup_matches_count(mx); m++) {
            ck_assert_uint_eq(ga_dedup_matches_doc(mx, m), ga_dedup_matches_doc(my, m));
            ck_assert(ga_dedup_matches_similarity(mx, m) == ga_dedup_matches_similarity(my, m));
        }
        matched += ga_dedup_matches_count(mx) > 1;
    }
    ck_assert_uint_gt(matched, 10);
    ga_dedup_matches_free(mx);
    ga_dedup_matches_free(my);
    ga_dedup_index_free(kept);
    ga_dedup_index_free(deferred);
    for (size_t i = 0; i < N + 2 * PAIRS; i++)
        corpus_doc_clear(&cd[i]);
    free(cd);
    free(docs);
}
END_TEST

/* dd_classify (two passes, early exits) gives dd_classify_simple's kind on random clusters:
 * members on a few sites (named, or known by their URL host only), columns, days within
 * and beyond the window or unknown, and sources that name another site, a host, another
 * source or nothing, so every kind and every relation comes up. */
START_TEST(classify_equals_reference)
{
    enum { N = 400 };
    static const char *sites[] = {"市政府", "市教育局", "", "www.a.gov.cn", "区政府"};
    static const char *hosts[] = {"www.a.gov.cn", "www.b.gov.cn", "edu.c.gov.cn"};
    static const char *columns[] = {"政务公开/通知公告", "新闻中心/部门动态", ""};
    static const char *sources[] = {"", "市政府", "市教育局网站", "www.b.gov.cn", "新华社",
                                    "区政府办公室"};
    ga_dedup_index_t *idx = index_with(0.9);
    char url[N][64], date[N][16];
    uint64_t s = 99;
    for (size_t i = 0; i < N; i++) {
        snprintf(url[i], sizeof url[i], "http://%s/art/%zu.html", hosts[rng_next(&s) % 3], i);
        unsigned day = (unsigned)(rng_next(&s) % 60);
        snprintf(date[i], sizeof date[i], "2023-%02u-%02u", 6 + day / 28, 1 + day % 28);
        ga_dedup_doc_t d = {sizeof d, .site = sites[rng_next(&s) % 5],
                            .column = columns[rng_next(&s) % 3], .url = url[i],
                            .date = rng_next(&s) % 9 ? date[i] : NULL,
                            .source = sources[rng_next(&s) % 6], .text = "正文", .text_len = 6};
        ck_assert_int_eq(ga_dedup_index_add(idx, &d, NULL, NULL), GA_OK);
    }
    size_t mem[64], seen[4] = {0};
    for (int it = 0; it < 20000; it++) {
        size_t g = 2 + rng_next(&s) % (it % 4 ? 6 : 60);
        /* members from a small pool, so sites and sources repeat within a cluster */
        size_t pool = 1 + rng_next(&s) % N;
        for (size_t k = 0; k < g; k++)
            mem[k] = (pool + rng_next(&s) % (it % 2 ? 8 : N)) % N;
        ga_dedup_kind_t want = dd_classify_simple(idx, mem, g);
        ck_assert_int_eq(dd_classify(idx, mem, g), want);
        seen[want]++;
    }
    for (int k = GA_DEDUP_MULTI_POST; k <= GA_DEDUP_DUPLICATE; k++)
        ck_assert_uint_gt(seen[k], 500);
    ga_dedup_index_free(idx);
}
END_TEST

/* Containment: a repost with a preamble and a paragraph added is found by a query and
 * clustered; with containment 0 it is not (its Jaccard is below 0.8); template notices
 * and articles sharing only an office's standard paragraphs are never joined. */
START_TEST(containment_copies)
{
    size_t found[2] = {0, 0}, negatives_joined = 0, pairs = 0;
    for (int on = 0; on < 2; on++) {
        ga_dedup_index_t *idx = index_with(on ? 0.9 : 0.0);
        ck_assert(ga_dedup_index_containment(idx) == (on ? 0.9 : 0.0));
        ga_dedup_matches_t *m = ga_dedup_matches_new();
        for (uint64_t i = 0; i < 400; i++) {
            unsigned kind = (unsigned)(i % CORPUS_NKINDS);
            corpus_doc_t a, b;
            corpus_edit_pair(5, i, kind, &a, &b);
            ga_dedup_doc_t da = as_doc(&a), db = as_doc(&b);
            ga_dedup_index_t *one = index_with(on ? 0.9 : 0.0);
            ck_assert_int_eq(ga_dedup_index_add(one, &da, NULL, NULL), GA_OK);
            ck_assert_int_eq(ga_dedup_index_query(one, &db, m, NULL), GA_OK);
            if (kind >= CORPUS_FIRST_NEGATIVE) {
                negatives_joined += ga_dedup_matches_count(m);
            } else if (kind == CORPUS_PARA_APPENDED || kind == CORPUS_PREAMBLE) {
                pairs += on;
                if (ga_dedup_matches_count(m)) {
                    found[on]++;
                    double j = ga_dedup_matches_similarity(m, 0);
                    double c = ga_dedup_matches_containment(m, 0);
                    ck_assert(c >= j);
                    ck_assert(j >= 0.8 - 1e-9 || (on && c >= 0.9 - 1e-9));
                }
            }
            ga_dedup_index_free(one);
            corpus_doc_clear(&a);
            corpus_doc_clear(&b);
        }
        ga_dedup_matches_free(m);
        ga_dedup_index_free(idx);
    }
    ck_assert_uint_eq(negatives_joined, 0);
    ck_assert_uint_ge(found[1], pairs * 95 / 100);
    ck_assert_uint_lt(found[0], found[1]);
    /* options: out of range refused, 0 turns containment off */
    ga_dedup_options_t o;
    ga_dedup_options_init(&o);
    ck_assert(o.containment == 0.9);
    ga_dedup_index_t *idx = NULL;
    o.containment = 1.5;
    ck_assert_int_eq(ga_dedup_index_new(&o, &idx, NULL), GA_ERR_INVALID_ARGUMENT);
    o.containment = -0.1;
    ck_assert_int_eq(ga_dedup_index_new(&o, &idx, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(idx);
    /* an options struct of the size before the field gets the default */
    o.containment = 0.5;
    o.size = offsetof(ga_dedup_options_t, containment);
    ck_assert_int_eq(ga_dedup_index_new(&o, &idx, NULL), GA_OK);
    ck_assert(ga_dedup_index_containment(idx) == 0.9);
    ga_dedup_index_free(idx);
    ck_assert(ga_dedup_matches_containment(NULL, 0) == 0.0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dedup-fast");
    TCase *tc = tcase_create("dedup-fast");
    tcase_set_timeout(tc, 280);
    tcase_add_test(tc, pair_decision_random);
    tcase_add_test(tc, minhash_simhash_reference);
    tcase_add_test(tc, clusters_equal_reference);
    tcase_add_test(tc, containment_copies);
    tcase_add_test(tc, deferred_tables_same_results);
    tcase_add_test(tc, classify_equals_reference);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
