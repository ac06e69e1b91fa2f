/* Queries: the documents of an index that a draft copies, with their relations. */
#include <stdlib.h>
#include <string.h>

#include "dedup-internal.h"

typedef struct dd_match {
    size_t doc;
    double sim, containment;
    unsigned hamming;
    ga_dedup_relation_t rel;
    int exact;
} dd_match_t;

struct ga_dedup_matches {
    dd_match_t *m;
    size_t n, cap;
    uint32_t *cand;
    size_t ncand, candcap;
    dd_fp_t fp;
};

ga_dedup_matches_t *ga_dedup_matches_new(void)
{
    ga_dedup_matches_t *m = calloc(1, sizeof *m);
    if (m && !dd_fp_init(&m->fp)) {
        free(m);
        return NULL;
    }
    return m;
}

void ga_dedup_matches_free(ga_dedup_matches_t *m)
{
    if (!m)
        return;
    free(m->m);
    free(m->cand);
    dd_fp_free(&m->fp);
    free(m);
}

size_t ga_dedup_matches_count(const ga_dedup_matches_t *m)
{
    return m ? m->n : 0;
}

size_t ga_dedup_matches_doc(const ga_dedup_matches_t *m, size_t i)
{
    return m && i < m->n ? m->m[i].doc : SIZE_MAX;
}

double ga_dedup_matches_similarity(const ga_dedup_matches_t *m, size_t i)
{
    return m && i < m->n ? m->m[i].sim : 0.0;
}

double ga_dedup_matches_containment(const ga_dedup_matches_t *m, size_t i)
{
    return m && i < m->n ? m->m[i].containment : 0.0;
}

unsigned ga_dedup_matches_hamming(const ga_dedup_matches_t *m, size_t i)
{
    return m && i < m->n ? m->m[i].hamming : 65;
}

ga_dedup_relation_t ga_dedup_matches_relation(const ga_dedup_matches_t *m, size_t i)
{
    return m && i < m->n ? m->m[i].rel : (ga_dedup_relation_t)0;
}

int ga_dedup_matches_exact(const ga_dedup_matches_t *m, size_t i)
{
    return m && i < m->n ? m->m[i].exact : 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_match(const void *a, const void *b)
{
    const dd_match_t *x = a, *y = b;
    if (x->sim != y->sim)
        return x->sim < y->sim ? 1 : -1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

ga_status_t ga_dedup_index_query(const ga_dedup_index_t *idx, const ga_dedup_doc_t *doc,
                                 ga_dedup_matches_t *res, ga_error_t **err)
{
    if (!idx || !res)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL index or result");
    res->n = 0;
    ga_status_t st = dd_check_doc(doc, err);
    if (!st)
        st = dd_fingerprint(&idx->params, doc->text, doc->text_len, &res->fp, err);
    if (st)
        return st;
    const dd_fp_t *fp = &res->fp;
    if (fp->nshingles == 0)
        return GA_OK;
    size_t B = idx->params.bands;
    res->ncand = 0;
    /* Without kept tables: every document sharing a band key, found by a scan (the index
     * of a site audit, clustered once and not queried in its run). */
    for (size_t d = 0; idx->tables_deferred && d < idx->ndocs; d++) {
        if (!idx->docs[d].nsh)
            continue;
        unsigned b = 0;
        while (b < B && idx->bandkeys[d * B + b] != fp->bandkey[b])
            b++;
        if (b == B)
            continue;
        if (!ga_grow((void **)&res->cand, &res->candcap, res->ncand + 1, sizeof *res->cand))
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        res->cand[res->ncand++] = (uint32_t)d;
    }
    for (unsigned b = 0; b < B && !idx->tables_deferred; b++) {
        const dd_slot_t *s = dd_table_find(&idx->tables[b], fp->bandkey[b]);
        for (uint32_t d = s ? s->head : DD_NONE; d < DD_NONE; d = idx->next[(size_t)d * B + b]) {
            if (!ga_grow((void **)&res->cand, &res->candcap, res->ncand + 1, sizeof *res->cand))
                return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            res->cand[res->ncand++] = d;
        }
    }
    if (res->ncand)
        qsort(res->cand, res->ncand, sizeof *res->cand, cmp_u32);
    dd_meta_t later = {dd_nz(doc->site), dd_nz(doc->column), dd_nz(doc->url),
                       doc->source && doc->source[0] ? doc->source : fp->source.data,
                       dd_parse_day(doc->date)};
    for (size_t i = 0; i < res->ncand; i++) {
        uint32_t d = res->cand[i];
        if (i && res->cand[i - 1] == d)
            continue;
        const dd_doc_t *dd = &idx->docs[d];
        dd_sim_t sim;
        if (!dd_similar(&idx->rule, fp->shingles, fp->nshingles, idx->shingles + dd->sh_off,
                        dd->nsh, &sim))
            continue;
        if (!ga_grow((void **)&res->m, &res->cap, res->n + 1, sizeof *res->m))
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        dd_meta_t earlier;
        dd_doc_meta(idx, d, &earlier);
        dd_match_t *m = &res->m[res->n++];
        m->doc = d;
        m->sim = sim.jaccard;
        m->containment = sim.containment;
        m->hamming = (unsigned)__builtin_popcountll(dd->simhash ^ fp->simhash);
        m->rel = dd_relate(&earlier, &later, idx->window_days);
        m->exact = dd->exact == fp->exact;
    }
    if (res->n)
        qsort(res->m, res->n, sizeof *res->m, cmp_match);
    return GA_OK;
}
