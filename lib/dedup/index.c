/* The dedup index: document store, LSH tables and adding (queries: query.c). */
#include <math.h>
#include <stddef.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dedup-internal.h"

/* The options struct grew in 1.1 (progress, containment), and this call fills it whole:
 * programs built against 1.0 bind to ga_dedup_options_init@GOVAUDIT_1, which fills only the
 * 1.0 part of their smaller struct; new ones get the default version @@GOVAUDIT_1.1. */
#if defined(__GNUC__) && defined(__ELF__)
#define DD_SYMVER(impl, versioned) __asm__(".symver " #impl ", " versioned)
#else
#define DD_SYMVER(impl, versioned)
#endif

GA_API void ga_dedup_options_init_1_1(ga_dedup_options_t *opts);
GA_API void ga_dedup_options_init_1_0(ga_dedup_options_t *opts);
DD_SYMVER(ga_dedup_options_init_1_1, "ga_dedup_options_init@@GOVAUDIT_1.1");
DD_SYMVER(ga_dedup_options_init_1_0, "ga_dedup_options_init@GOVAUDIT_1");

void ga_dedup_options_init_1_1(ga_dedup_options_t *opts)
{
    if (!opts)
        return;
    memset(opts, 0, sizeof *opts);
    opts->size = sizeof *opts;
    opts->threshold = 0.8;
    opts->window_days = 30;
    opts->containment = DD_CONTAINMENT_DEFAULT;
}

void ga_dedup_options_init_1_0(ga_dedup_options_t *opts)
{
    if (!opts)
        return;
    ga_dedup_options_t full;
    ga_dedup_options_init_1_1(&full);
    full.size = GA_DEDUP_OPTIONS_SIZE_1_0;
    memcpy(opts, &full, GA_DEDUP_OPTIONS_SIZE_1_0);
}

ga_status_t ga_dedup_banding(double threshold, unsigned *rows, unsigned *bands,
                             double *p_at_threshold)
{
    if (!(threshold > 0.0 && threshold <= 1.0) || !rows || !bands)
        return GA_ERR_INVALID_ARGUMENT;
    /* The largest r whose candidate probability at the threshold stays >= 0.995: larger
     * r means fewer chance candidates to verify. r = 1 always qualifies for t > 0.04. */
    unsigned best_r = 1;
    double best_p = 1.0 - pow(1.0 - threshold, DD_K);
    for (unsigned r = 1; r <= DD_K; r++) {
        unsigned b = DD_K / r;
        double p = 1.0 - pow(1.0 - pow(threshold, r), b);
        if (p >= 0.995) {
            best_r = r;
            best_p = p;
        }
    }
    *rows = best_r;
    *bands = DD_K / best_r;
    if (p_at_threshold)
        *p_at_threshold = best_p;
    return GA_OK;
}

const char *ga_dedup_kind_name(ga_dedup_kind_t kind)
{
    switch (kind) {
    case GA_DEDUP_MULTI_POST: return "一稿多发";
    case GA_DEDUP_REPOST: return "转载";
    case GA_DEDUP_DUPLICATE: return "duplicate";
    }
    return "unknown";
}

const char *ga_dedup_relation_name(ga_dedup_relation_t rel)
{
    switch (rel) {
    case GA_DEDUP_REL_OTHER_COLUMN: return "other-column";
    case GA_DEDUP_REL_REPEATED: return "repeated";
    case GA_DEDUP_REL_SAME_COLUMN_LATER: return "same-column-outside-window";
    case GA_DEDUP_REL_ATTRIBUTED: return "attributed";
    case GA_DEDUP_REL_UNATTRIBUTED: return "unattributed";
    }
    return "unknown";
}

/* The caller's options over the defaults, checked. */
ga_status_t dd_options_read(const ga_dedup_options_t *opts, ga_dedup_options_t *o,
                            ga_error_t **err)
{
    ga_dedup_options_init_1_1(o);
    ga_status_t st = ga_options_read(o, sizeof *o, opts, GA_DEDUP_OPTIONS_SIZE_1_0,
                                     "ga_dedup_options_t", err);
    if (st != GA_OK)
        return st;
    opts = o;
    if (!(opts->threshold > 0.0 && opts->threshold <= 1.0))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "threshold %g is not in (0, 1]", opts->threshold);
    if (!(opts->containment >= 0.0 && opts->containment <= 1.0))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "containment threshold %g is not in [0, 1]", opts->containment);
    if (opts->window_days > 36500)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "window of %u days is more than 100 years", opts->window_days);
    return GA_OK;
}

ga_status_t dd_index_create(const ga_dedup_options_t *opts, double threshold, unsigned k,
                            uint32_t tokenizer_id, ga_dedup_index_t **out, ga_error_t **err)
{
    ga_dedup_options_t o;
    ga_status_t st = dd_options_read(opts, &o, err);
    if (st)
        return st;
    opts = &o;
    unsigned rows, bands;
    if (ga_dedup_banding(threshold, &rows, &bands, NULL))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "threshold %g is not in (0, 1]",
                            threshold);
    ga_dedup_index_t *idx = calloc(1, sizeof *idx);
    if (!idx || !dd_fp_init(&idx->scratch)) {
        free(idx);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    idx->threshold = threshold;
    idx->rule = (dd_rule_t){threshold, opts->containment};
    idx->window_days = opts->window_days;
    idx->progress = opts->progress;
    idx->progress_user = opts->progress_user;
    ga_norm_options_t no = {sizeof no, GA_NORM_NFKC | GA_NORM_WIDTH | GA_NORM_CASEFOLD | GA_NORM_T2S,
                            NULL, 0};
    st = ga_normalizer_new(&no, &idx->norm, err);
    if (!st)
        st = dd_tokenizer_setup(idx, opts, err);
    if (st) {
        ga_dedup_index_free(idx);
        return st;
    }
    if (tokenizer_id && tokenizer_id != idx->tokenizer_id) {
        unsigned have = idx->tokenizer_id;
        ga_dedup_index_free(idx);
        return ga_error_set(err, GA_ERR_FORMAT,
                            "the index was made with %s segmentation, this segmenter uses %s",
                            tokenizer_id == DD_TOK_ICU ? "ICU" : tokenizer_id == DD_TOK_DICT ? "dictionary" : "unknown",
                            have == DD_TOK_ICU ? "ICU" : "dictionary");
    }
    dd_tokenize_fn fn = idx->params.tokenize;
    const void *ctx = idx->params.tok_ctx;
    dd_params_init(&idx->params, idx->norm, fn, ctx, k, rows, bands);
    idx->tables = calloc(bands, sizeof *idx->tables);
    if (!idx->tables || !ga_buf_reserve(&idx->strings, 0)) {
        ga_dedup_index_free(idx);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    *out = idx;
    return GA_OK;
}

ga_status_t ga_dedup_index_new(const ga_dedup_options_t *opts, ga_dedup_index_t **out,
                               ga_error_t **err)
{
    if (!out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL output");
    ga_dedup_options_t o;
    ga_status_t st = dd_options_read(opts, &o, err);
    if (st)
        return st;
    return dd_index_create(&o, o.threshold, DD_SHINGLE, 0, out, err);
}

void ga_dedup_index_free(ga_dedup_index_t *idx)
{
    if (!idx)
        return;
    if (idx->tables)
        for (unsigned b = 0; b < idx->params.bands; b++)
            free(idx->tables[b].slots);
    free(idx->tables);
    free(idx->docs);
    free(idx->shingles);
    free(idx->bandkeys);
    free(idx->next);
    ga_buf_free(&idx->strings);
    dd_fp_free(&idx->scratch);
    dd_tokenizer_free(idx);
    ga_normalizer_free(idx->norm);
    free(idx);
}

size_t ga_dedup_index_count(const ga_dedup_index_t *idx)
{
    return idx ? idx->ndocs : 0;
}

double ga_dedup_index_threshold(const ga_dedup_index_t *idx)
{
    return idx ? idx->threshold : 0.0;
}

double ga_dedup_index_containment(const ga_dedup_index_t *idx)
{
    return idx ? idx->rule.containment : 0.0;
}

const char *dd_doc_field(const ga_dedup_index_t *idx, size_t doc, unsigned field)
{
    const char *s = idx->strings.data + idx->docs[doc].str_off;
    for (unsigned f = 0; f < field; f++)
        s += strlen(s) + 1;
    return s;
}

const char *ga_dedup_index_doc_field(const ga_dedup_index_t *idx, size_t doc,
                                     ga_dedup_field_t field)
{
    if (!idx || doc >= idx->ndocs || (unsigned)field >= DD_NFIELDS)
        return NULL;
    return dd_doc_field(idx, doc, (unsigned)field);
}

void dd_doc_meta(const ga_dedup_index_t *idx, size_t doc, dd_meta_t *m)
{
    const char *s = idx->strings.data + idx->docs[doc].str_off;
    const char *f[DD_NFIELDS];
    for (unsigned i = 0; i < DD_NFIELDS; i++) {
        f[i] = s;
        s += strlen(s) + 1;
    }
    m->site = f[GA_DEDUP_SITE];
    m->column = f[GA_DEDUP_COLUMN];
    m->url = f[GA_DEDUP_URL];
    m->source = f[GA_DEDUP_SOURCE];
    m->day = idx->docs[doc].day;
}

ga_status_t ga_dedup_index_doc_fingerprint(const ga_dedup_index_t *idx, size_t doc,
                                           uint64_t *exact, uint64_t *simhash, size_t *shingles)
{
    if (!idx || doc >= idx->ndocs)
        return GA_ERR_INVALID_ARGUMENT;
    if (exact)
        *exact = idx->docs[doc].exact;
    if (simhash)
        *simhash = idx->docs[doc].simhash;
    if (shingles)
        *shingles = idx->docs[doc].nsh;
    return GA_OK;
}

size_t ga_dedup_index_doc_bands(const ga_dedup_index_t *idx, size_t doc, uint32_t *keys,
                                size_t cap)
{
    if (!idx || doc >= idx->ndocs)
        return 0;
    size_t B = idx->params.bands;
    for (size_t b = 0; b < B && b < cap; b++)
        keys[b] = idx->bandkeys[doc * B + b];
    return B;
}

/* ---- LSH tables ---- */

static inline size_t slot_of(uint32_t key)
{
    uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> 32);
}

dd_slot_t *dd_table_find(const dd_table_t *t, uint32_t key)
{
    if (!t->slots)
        return NULL;
    for (size_t i = slot_of(key) & t->mask;; i = (i + 1) & t->mask) {
        dd_slot_t *s = &t->slots[i];
        if (s->head == DD_EMPTY)
            return NULL;
        if (s->key == key)
            return s;
    }
}

/* Room for one more key. */
static bool table_reserve(dd_table_t *t)
{
    if (t->slots && (t->used + 1) * 2 <= t->mask + 1)
        return true;
    size_t cap = t->slots ? (t->mask + 1) * 2 : 1024;
    dd_slot_t *ns = malloc(cap * sizeof *ns);
    if (!ns)
        return false;
    for (size_t i = 0; i < cap; i++)
        ns[i].head = DD_EMPTY;
    for (size_t i = 0; t->slots && i <= t->mask; i++) {
        if (t->slots[i].head == DD_EMPTY)
            continue;
        size_t j = slot_of(t->slots[i].key) & (cap - 1);
        while (ns[j].head != DD_EMPTY)
            j = (j + 1) & (cap - 1);
        ns[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = ns;
    t->mask = cap - 1;
    return true;
}

/* Put `doc` at the head of the chain of `key`; its link goes to *link. */
static void table_insert(dd_table_t *t, uint32_t key, uint32_t doc, uint32_t *link)
{
    size_t i = slot_of(key) & t->mask;
    while (t->slots[i].head != DD_EMPTY && t->slots[i].key != key)
        i = (i + 1) & t->mask;
    dd_slot_t *s = &t->slots[i];
    if (s->head == DD_EMPTY) {
        s->key = key;
        s->head = DD_NONE;
        t->used++;
    }
    *link = s->head;
    s->head = doc;
}

void dd_index_defer_tables(ga_dedup_index_t *idx)
{
    if (idx->ndocs == 0)
        idx->tables_deferred = true;
}

bool dd_band_build(const ga_dedup_index_t *idx, unsigned band, dd_table_t *t, uint32_t *next)
{
    free(t->slots);
    memset(t, 0, sizeof *t);
    size_t B = idx->params.bands;
    /* The same reserve-then-insert sequence as adding, so the same growth and layout. */
    for (size_t d = 0; d < idx->ndocs; d++) {
        next[d] = DD_NONE;
        if (!idx->docs[d].nsh)
            continue;
        if (!table_reserve(t))
            return false;
        table_insert(t, idx->bandkeys[d * B + band], (uint32_t)d, &next[d]);
    }
    return true;
}

/* Take back the last document (the head of each of its chains). */
static void remove_last(ga_dedup_index_t *idx)
{
    size_t doc = idx->ndocs - 1, B = idx->params.bands;
    if (idx->docs[doc].nsh && !idx->tables_deferred) {
        for (unsigned b = 0; b < B; b++) {
            dd_slot_t *s = dd_table_find(&idx->tables[b], idx->bandkeys[doc * B + b]);
            if (s && s->head == doc)
                s->head = idx->next[doc * B + b];
        }
    }
    idx->nshingles = idx->docs[doc].sh_off;
    idx->strings.len = idx->docs[doc].str_off;
    idx->ndocs--;
}

/* Make room for one more document of `nsh` shingles and `slen` bytes of fields. */
static bool reserve_doc(ga_dedup_index_t *idx, size_t nsh, size_t slen)
{
    size_t B = idx->params.bands;
    if (!ga_grow((void **)&idx->docs, &idx->docs_cap, idx->ndocs + 1, sizeof *idx->docs) ||
        !ga_grow((void **)&idx->shingles, &idx->shingles_cap, idx->nshingles + nsh + 1,
              sizeof *idx->shingles) ||
        !ga_buf_reserve(&idx->strings, slen))
        return false;
    if (idx->ndocs + 1 > idx->band_cap) {
        size_t c = idx->band_cap ? idx->band_cap * 2 : 256;
        uint32_t *bk = realloc(idx->bandkeys, c * B * sizeof *bk);
        if (!bk)
            return false;
        idx->bandkeys = bk;
        if (!idx->tables_deferred) {
            uint32_t *nx = realloc(idx->next, c * B * sizeof *nx);
            if (!nx)
                return false;
            idx->next = nx;
        }
        idx->band_cap = c;
    }
    if (nsh && !idx->tables_deferred)
        for (unsigned b = 0; b < B; b++)
            if (!table_reserve(&idx->tables[b]))
                return false;
    return true;
}

ga_status_t dd_index_append_raw(ga_dedup_index_t *idx, uint64_t exact, uint64_t simhash,
                                int32_t day, const uint32_t *sh, size_t nsh,
                                const uint32_t *bandkeys, const char *fields, size_t fields_len,
                                ga_error_t **err)
{
    if (idx->ndocs >= (size_t)INT32_MAX)
        return ga_error_set(err, GA_ERR_LIMIT, "an index holds at most 2^31 documents");
    if (!reserve_doc(idx, nsh, fields_len))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    size_t doc = idx->ndocs, B = idx->params.bands;
    dd_doc_t *d = &idx->docs[doc];
    d->exact = exact;
    d->simhash = simhash;
    d->day = day;
    d->nsh = (uint32_t)nsh;
    d->sh_off = idx->nshingles;
    d->str_off = idx->strings.len;
    if (nsh)
        memcpy(idx->shingles + idx->nshingles, sh, nsh * sizeof *sh);
    idx->nshingles += nsh;
    ga_buf_append(&idx->strings, fields, fields_len);
    memcpy(idx->bandkeys + doc * B, bandkeys, B * sizeof *bandkeys);
    idx->ndocs++;
    if (idx->tables_deferred)
        return GA_OK;
    for (unsigned b = 0; b < B; b++)
        idx->next[doc * B + b] = DD_NONE;
    /* A document without words joins no bucket: it would match every other empty one. */
    if (nsh)
        for (unsigned b = 0; b < B; b++)
            table_insert(&idx->tables[b], bandkeys[b], (uint32_t)doc, &idx->next[doc * B + b]);
    return GA_OK;
}

ga_status_t dd_check_doc(const ga_dedup_doc_t *doc, ga_error_t **err)
{
    if (!doc)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL document");
    if (doc->size < sizeof(ga_dedup_doc_t))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_dedup_doc_t.size is %zu, expected %zu",
                            doc->size, sizeof(ga_dedup_doc_t));
    if (doc->text_len && !doc->text)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL text with a non-zero length");
    const char *f[] = {doc->id, doc->site, doc->column, doc->url, doc->date, doc->title, doc->source};
    static const char *const names[] = {"id", "site", "column", "url", "date", "title", "source"};
    for (unsigned i = 0; i < DD_NFIELDS; i++) {
        size_t bad;
        if (f[i] && ga_utf8_validate(f[i], strlen(f[i]), &bad))
            return ga_error_set_offset(err, GA_ERR_INVALID_UTF8, bad, "invalid UTF-8 in %s",
                                       names[i]);
    }
    return GA_OK;
}

ga_status_t dd_index_append(ga_dedup_index_t *idx, const ga_dedup_doc_t *doc, const dd_res_t *r,
                            ga_error_t **err)
{
    const char *f[DD_NFIELDS] = {dd_nz(doc->id),    dd_nz(doc->site),  dd_nz(doc->column),
                                 dd_nz(doc->url),   dd_nz(doc->date),  dd_nz(doc->title),
                                 doc->source && doc->source[0] ? doc->source : dd_nz(r->source)};
    size_t len = 0;
    for (unsigned i = 0; i < DD_NFIELDS; i++)
        len += strlen(f[i]) + 1;
    char *fields = malloc(len);
    if (!fields)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    size_t o = 0;
    for (unsigned i = 0; i < DD_NFIELDS; i++) {
        size_t l = strlen(f[i]) + 1;
        memcpy(fields + o, f[i], l);
        o += l;
    }
    ga_status_t st = dd_index_append_raw(idx, r->exact, r->simhash, dd_parse_day(doc->date),
                                         r->shingles, r->nshingles, r->bandkey, fields, len, err);
    free(fields);
    return st;
}

static void res_of(const dd_fp_t *fp, dd_res_t *r)
{
    r->exact = fp->exact;
    r->simhash = fp->simhash;
    r->shingles = fp->shingles;
    r->nshingles = fp->nshingles;
    r->bandkey = fp->bandkey;
    r->source = fp->source.data ? fp->source.data : "";
}

ga_status_t ga_dedup_index_add(ga_dedup_index_t *idx, const ga_dedup_doc_t *doc, size_t *doc_no,
                               ga_error_t **err)
{
    if (!idx)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL index");
    ga_status_t st = dd_check_doc(doc, err);
    if (!st)
        st = dd_fingerprint(&idx->params, doc->text, doc->text_len, &idx->scratch, err);
    if (st)
        return st;
    dd_res_t r;
    res_of(&idx->scratch, &r);
    st = dd_index_append(idx, doc, &r, err);
    if (!st && doc_no)
        *doc_no = idx->ndocs - 1;
    return st;
}

/* ---- batch adding ---- */

typedef struct batch_item {
    uint64_t exact, simhash;
    uint32_t *shingles;
    size_t nshingles;
    uint32_t bandkey[DD_K];
    char *source;
    ga_status_t st;
    ga_error_t *err;
} batch_item_t;

typedef struct batch {
    const dd_params_t *params;
    const ga_dedup_doc_t *docs;
    batch_item_t *items;
    size_t n;
    size_t nextitem; /* atomic */
} batch_t;

static void *batch_worker(void *arg)
{
    batch_t *b = arg;
    dd_fp_t fp;
    bool ok = dd_fp_init(&fp);
    for (;;) {
        size_t i = __atomic_fetch_add(&b->nextitem, 1, __ATOMIC_RELAXED);
        if (i >= b->n)
            break;
        batch_item_t *it = &b->items[i];
        const ga_dedup_doc_t *d = &b->docs[i];
        if (!ok) {
            it->st = ga_error_set(&it->err, GA_ERR_NO_MEMORY, "out of memory");
            continue;
        }
        it->st = dd_check_doc(d, &it->err);
        if (!it->st)
            it->st = dd_fingerprint(b->params, d->text, d->text_len, &fp, &it->err);
        if (it->st)
            continue;
        it->exact = fp.exact;
        it->simhash = fp.simhash;
        it->nshingles = fp.nshingles;
        it->shingles = malloc((fp.nshingles ? fp.nshingles : 1) * sizeof *it->shingles);
        it->source = strdup(fp.source.data ? fp.source.data : "");
        if (!it->shingles || !it->source) {
            it->st = ga_error_set(&it->err, GA_ERR_NO_MEMORY, "out of memory");
            continue;
        }
        if (fp.nshingles)
            memcpy(it->shingles, fp.shingles, fp.nshingles * sizeof *it->shingles);
        memcpy(it->bandkey, fp.bandkey, sizeof it->bandkey);
    }
    dd_fp_free(&fp);
    return NULL;
}

static unsigned thread_count(unsigned threads)
{
    if (threads)
        return threads > 256 ? 256 : threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}

int dd_run_threads(unsigned threads, void *(*fn)(void *), void *const *args)
{
    pthread_t tid[256];
    unsigned started = 0;
    for (unsigned t = 1; t < threads; t++) {
        if (pthread_create(&tid[started], NULL, fn, args[t]) != 0)
            break;
        started++;
    }
    fn(args[0]);
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    /* Threads that could not start leave their share to the others (work is claimed
     * from a shared counter), except in callers that split work statically. */
    return (int)started + 1;
}

ga_status_t ga_dedup_index_add_batch(ga_dedup_index_t *idx, const ga_dedup_doc_t *docs,
                                     size_t n, unsigned threads, ga_error_t **err)
{
    if (!idx || (n && !docs))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL index or documents");
    threads = thread_count(threads);
    size_t start_docs = idx->ndocs;
    const size_t chunk = 2048;
    batch_item_t *items = calloc(chunk, sizeof *items);
    if (!items)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    ga_status_t st = GA_OK;
    ga_progress_state_t pr;
    ga_progress_init(&pr, idx->progress, idx->progress_user);
    if (ga_progress_stage(&pr, "fingerprints", n))
        st = ga_progress_cancelled(&pr, err);
    for (size_t base = 0; base < n && !st; base += chunk) {
        size_t m = n - base < chunk ? n - base : chunk;
        memset(items, 0, m * sizeof *items);
        batch_t b = {&idx->params, docs + base, items, m, 0};
        void *args[256];
        for (unsigned t = 0; t < threads; t++)
            args[t] = &b;
        dd_run_threads(m < threads ? (unsigned)m : threads, batch_worker, args);
        for (size_t i = 0; i < m; i++) {
            batch_item_t *it = &items[i];
            if (!st && it->st) {
                st = it->st;
                if (ga_error_offset(it->err) != GA_NO_OFFSET)
                    ga_error_set_offset(err, st, ga_error_offset(it->err), "document %zu: %s",
                                        base + i, ga_error_message(it->err));
                else
                    ga_error_set(err, st, "document %zu: %s", base + i, ga_error_message(it->err));
            }
            if (!st) {
                dd_res_t r = {it->exact, it->simhash, it->shingles, it->nshingles, it->bandkey,
                              it->source};
                st = dd_index_append(idx, &docs[base + i], &r, err);
            }
            free(it->shingles);
            free(it->source);
            ga_error_free(it->err);
        }
        if (!st && ga_progress_tick(&pr, base + m, 0))
            st = ga_progress_cancelled(&pr, err);
    }
    if (!st && ga_progress_end(&pr, n, 0))
        st = ga_progress_cancelled(&pr, err);
    free(items);
    if (st)
        while (idx->ndocs > start_docs)
            remove_last(idx);
    return st;
}
