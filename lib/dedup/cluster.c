/* All-pairs clustering of an index: exact-hash groups, then LSH buckets verified with the
 * exact shingle Jaccard similarity, joined by union-find; then classification. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "dedup-internal.h"

/* Clusters up to this size list every qualifying pair as evidence. */
#define DD_SMALL 64

typedef struct edge {
    uint32_t a, b; /* a < b */
    float sim;
} edge_t;

typedef struct dd_pair {
    size_t a, b;
    double sim;
    ga_dedup_relation_t rel;
} dd_pair_t;

struct ga_dedup_clusters {
    size_t n;
    size_t *mstart;   /* n + 1 */
    size_t *members;
    ga_dedup_kind_t *kind;
    double *sim;
    size_t *pstart;   /* n + 1 */
    dd_pair_t *pairs;
};

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

/* Union by smaller root, so every root is its set's smallest document. */
static bool uf_union(uint32_t *p, uint32_t a, uint32_t b)
{
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a == b)
        return false;
    if (a < b)
        p[b] = a;
    else
        p[a] = b;
    return true;
}

typedef struct edges {
    edge_t *e;
    size_t n, cap;
    bool oom;
} edges_t;

static void edge_push(edges_t *v, uint32_t a, uint32_t b, double sim)
{
    if (v->n == v->cap) {
        size_t c = v->cap ? v->cap * 2 : 1024;
        edge_t *e = realloc(v->e, c * sizeof *e);
        if (!e) {
            v->oom = true;
            return;
        }
        v->e = e;
        v->cap = c;
    }
    v->e[v->n++] = (edge_t){a < b ? a : b, a < b ? b : a, (float)sim};
}

static double doc_jaccard(const ga_dedup_index_t *idx, size_t a, size_t b)
{
    const dd_doc_t *x = &idx->docs[a], *y = &idx->docs[b];
    return dd_jaccard(idx->shingles + x->sh_off, x->nsh, idx->shingles + y->sh_off, y->nsh);
}

/* Bands verified by all workers, reported by the caller's thread (worker 0), which also
 * raises `cancel` for the others when the callback asks. */
typedef struct band_progress {
    atomic_uint done;
    atomic_bool cancel;
    ga_progress_state_t state;
} band_progress_t;

/* A document's shingle counts in DD_SKETCH ranges of the hash space (by the top 7 bits):
 * sum over ranges of min(count a, count b) bounds the intersection from above, so most
 * candidate pairs of template-shaped buckets are refused in a few instructions without a
 * merge. DD_SKETCH_NONE marks a set whose counts do not fit a byte (never refused).
 * 128 ranges: on the 20k demo crawl 32 let 350k of 803k candidates through to a merge
 * (3,205 of them copies), 64 let 113k, 128 let 40k; 128 bytes a document, for the
 * clustering only. */
#define DD_SKETCH_BITS 7
#define DD_SKETCH (1u << DD_SKETCH_BITS)
#define DD_SKETCH_NONE 255

static void sketch_of(const uint32_t *sh, size_t n, uint8_t *out)
{
    memset(out, 0, DD_SKETCH);
    size_t i = 0;
    for (unsigned r = 0; r < DD_SKETCH; r++) {
        size_t start = i;
        while (i < n && sh[i] >> (32 - DD_SKETCH_BITS) == r)
            i++;
        if (i - start >= DD_SKETCH_NONE) {
            memset(out, DD_SKETCH_NONE, DD_SKETCH);
            return;
        }
        out[r] = (uint8_t)(i - start);
    }
}

/* The bound is taken for every candidate pair (19.9 million on the 110k crawl): with SSE2
 * a byte minimum and a sum of absolute differences against zero add 16 ranges in three
 * instructions, where the compiler's loop widened every byte to 32 bits first. */
#if defined(__SSE2__) && defined(__x86_64__)
static unsigned sketch_bound(const uint8_t *a, const uint8_t *b)
{
    __m128i sum = _mm_setzero_si128();
    for (unsigned r = 0; r < DD_SKETCH; r += 16) {
        __m128i m = _mm_min_epu8(_mm_loadu_si128((const __m128i *)(const void *)(a + r)),
                                 _mm_loadu_si128((const __m128i *)(const void *)(b + r)));
        sum = _mm_add_epi64(sum, _mm_sad_epu8(m, _mm_setzero_si128()));
    }
    return (unsigned)(_mm_cvtsi128_si64(sum) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sum, sum)));
}
#else
static unsigned sketch_bound(const uint8_t *restrict a, const uint8_t *restrict b)
{
    unsigned sum = 0;
    for (unsigned r = 0; r < DD_SKETCH; r++)
        sum += a[r] < b[r] ? a[r] : b[r];
    return sum;
}
#endif

typedef struct worker {
    const ga_dedup_index_t *idx;
    band_progress_t *progress;
    const uint8_t *sketch;   /* DD_SKETCH per document */
    double jaccard_factor;   /* intersections below factor * (na + nb) fail the Jaccard test */
    double containment_factor; /* and below factor * min(na, nb) the containment test */
    const uint32_t *parent0; /* union-find after the exact phase */
    unsigned first, step;    /* bands first, first + step, ... */
    edges_t edges;
    uint32_t *uf;            /* this worker's own union-find */
    uint32_t *chain;
    size_t chaincap;
    uint32_t *reps, *joined; /* per bucket: one member per component, members that joined it */
    size_t repcap;
} worker_t;

/* Are documents a and b copies under the index's rule? */
static bool doc_similar(const ga_dedup_index_t *idx, size_t a, size_t b, dd_sim_t *s)
{
    const dd_doc_t *x = &idx->docs[a], *y = &idx->docs[b];
    return dd_similar(&idx->rule, idx->shingles + x->sh_off, x->nsh, idx->shingles + y->sh_off,
                      y->nsh, s);
}

/* Can x and y be copies, by their sketches? Compared with a lower bound of
 * dd_rule_need() (one multiplication, where the exact need costs divisions), so it never
 * refuses a pair dd_similar() takes. */
static bool sketch_allows(const worker_t *w, uint32_t x, uint32_t y)
{
    const uint8_t *a = w->sketch + (size_t)x * DD_SKETCH, *b = w->sketch + (size_t)y * DD_SKETCH;
    if (a[0] == DD_SKETCH_NONE || b[0] == DD_SKETCH_NONE)
        return true;
    double na = w->idx->docs[x].nsh, nb = w->idx->docs[y].nsh, mn = na < nb ? na : nb;
    double need = w->jaccard_factor * (na + nb);
    if (mn >= DD_CONTAIN_MIN && w->containment_factor * mn < need)
        need = w->containment_factor * mn;
    return (double)sketch_bound(a, b) >= need - 2.0;
}

static bool try_pair(worker_t *w, uint32_t x, uint32_t y)
{
    dd_sim_t s;
    if (!sketch_allows(w, x, y) || !doc_similar(w->idx, x, y, &s))
        return false;
    uf_union(w->uf, x, y);
    edge_push(&w->edges, x, y, s.jaccard);
    return true;
}

enum { FALLBACK_TRIES = 16, FALLBACK_WINDOW = 64 };

/* Join the members of one bucket (w->chain, `len` documents). Each member is checked
 * against the first member of every component already in the bucket and, when that
 * fails, against up to FALLBACK_TRIES of the component's other members among the last
 * FALLBACK_WINDOW; pairs already joined need no check. A bucket of thousands of copies
 * of one template (daily reports) is one component, so this costs linear time where
 * checking every pair cost quadratic. */
static bool link_bucket(worker_t *w, size_t len)
{
    if (!ga_grow((void **)&w->reps, &w->repcap, len, sizeof *w->reps))
        return false;
    uint32_t *j2 = realloc(w->joined, w->repcap * sizeof *j2);
    if (!j2)
        return false;
    w->joined = j2;
    size_t nreps = 0;
    for (size_t j = 0; j < len; j++) {
        uint32_t y = w->chain[j];
        bool in_one = false;
        for (size_t k = 0; k < nreps; k++) {
            uint32_t r = w->reps[k];
            bool joined = uf_find(w->uf, r) == uf_find(w->uf, y) || try_pair(w, r, y);
            for (size_t i = j, tries = 0; !joined && w->joined[k] && i-- > 0 &&
                                          j - i <= FALLBACK_WINDOW && tries < FALLBACK_TRIES;) {
                uint32_t z = w->chain[i];
                if (z != r && uf_find(w->uf, z) == uf_find(w->uf, r)) {
                    tries++;
                    joined = try_pair(w, z, y);
                }
            }
            if (joined) {
                w->joined[k]++;
                in_one = true;
            }
        }
        if (!in_one) {
            w->reps[nreps] = y;
            w->joined[nreps++] = 0;
        }
    }
    return true;
}

/* Count a verified band (when `counted`) and report the count from the caller's thread;
 * true when the clustering was cancelled. */
static bool band_done(worker_t *w, bool counted)
{
    band_progress_t *bp = w->progress;
    unsigned done = counted ? atomic_fetch_add(&bp->done, 1) + 1 : atomic_load(&bp->done);
    if (w->first == 0 && ga_progress_tick(&bp->state, done, 0))
        atomic_store(&bp->cancel, true);
    return atomic_load(&bp->cancel);
}

/* Gather the chain of documents from `head` into w->chain; its length, 0 when out of
 * memory. */
static size_t gather_chain(worker_t *w, uint32_t head, const uint32_t *next, size_t stride)
{
    size_t len = 0;
    for (uint32_t d = head; d < DD_NONE; d = next[(size_t)d * stride]) {
        if (len == w->chaincap) {
            size_t c = w->chaincap ? w->chaincap * 2 : 64;
            uint32_t *ch = realloc(w->chain, c * sizeof *ch);
            if (!ch)
                return 0;
            w->chain = ch;
            w->chaincap = c;
        }
        w->chain[len++] = d;
    }
    return len;
}

static void *lsh_worker(void *arg)
{
    worker_t *w = arg;
    const ga_dedup_index_t *idx = w->idx;
    size_t n = idx->ndocs, B = idx->params.bands;
    /* An index without kept tables: this worker builds each of its bands in turn. */
    dd_table_t own = {0};
    uint32_t *own_next = NULL;
    w->uf = malloc((n ? n : 1) * sizeof *w->uf);
    if (idx->tables_deferred)
        own_next = malloc((n ? n : 1) * sizeof *own_next);
    if (!w->uf || (idx->tables_deferred && !own_next)) {
        w->edges.oom = true;
        free(own_next);
        return NULL;
    }
    memcpy(w->uf, w->parent0, n * sizeof *w->uf);
    for (unsigned b = w->first; b < B && !w->edges.oom && !band_done(w, false); b += w->step) {
        const dd_table_t *t = &idx->tables[b];
        const uint32_t *next = idx->next + b;
        size_t stride = B;
        if (idx->tables_deferred) {
            if (!dd_band_build(idx, b, &own, own_next)) {
                w->edges.oom = true;
                break;
            }
            t = &own;
            next = own_next;
            stride = 1;
        }
        for (size_t s = 0; t->slots && s <= t->mask && !w->edges.oom; s++) {
            uint32_t h = t->slots[s].head;
            if (h >= DD_NONE || next[(size_t)h * stride] >= DD_NONE)
                continue; /* empty or a single document */
            size_t len = gather_chain(w, h, next, stride);
            if (!len || !link_bucket(w, len))
                w->edges.oom = true;
        }
        if (!w->edges.oom)
            band_done(w, true);
    }
    free(own.slots);
    free(own_next);
    return NULL;
}

static void worker_release(worker_t *w)
{
    free(w->edges.e);
    free(w->uf);
    free(w->chain);
    free(w->reps);
    free(w->joined);
    w->edges.e = NULL;
    w->uf = w->chain = w->reps = w->joined = NULL;
}

static int cmp_edge(const void *p, const void *q)
{
    const edge_t *x = p, *y = q;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

typedef struct byhash {
    uint64_t h;
    uint32_t doc;
} byhash_t;

static int cmp_byhash(const void *p, const void *q)
{
    const byhash_t *x = p, *y = q;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

/* Earlier of two documents: by publish day (unknown last), then document number. */
static bool earlier(const ga_dedup_index_t *idx, size_t a, size_t b)
{
    int32_t da = idx->docs[a].day, db = idx->docs[b].day;
    if (da != db) {
        if (da == DD_DAY_UNKNOWN)
            return false;
        if (db == DD_DAY_UNKNOWN)
            return true;
        return da < db;
    }
    return a < b;
}

static ga_dedup_relation_t relate(const ga_dedup_index_t *idx, size_t *a, size_t *b)
{
    if (!earlier(idx, *a, *b)) {
        size_t t = *a;
        *a = *b;
        *b = t;
    }
    dd_meta_t ma, mb;
    dd_doc_meta(idx, *a, &ma);
    dd_doc_meta(idx, *b, &mb);
    return dd_relate(&ma, &mb, idx->window_days);
}

static bool is_multi(ga_dedup_relation_t r)
{
    return r == GA_DEDUP_REL_OTHER_COLUMN || r == GA_DEDUP_REL_REPEATED;
}

/* Kind of a cluster from the relations of its members: 一稿多发 when any two members on
 * one site are in different columns or repeated within the window; 转载 when every member
 * after the first names an earlier member of another site; else duplicate. The first
 * DD_CLASSIFY_CAP members are compared (metadata only). */
#define DD_CLASSIFY_CAP 4096

static size_t first_member(const ga_dedup_index_t *idx, const size_t *mem, size_t g)
{
    size_t first = mem[0];
    for (size_t i = 1; i < g; i++)
        if (earlier(idx, mem[i], first))
            first = mem[i];
    return first;
}

ga_dedup_kind_t dd_classify_simple(const ga_dedup_index_t *idx, const size_t *mem, size_t g)
{
    if (g > DD_CLASSIFY_CAP)
        g = DD_CLASSIFY_CAP;
    bool all_attributed = true;
    size_t first = first_member(idx, mem, g);
    for (size_t i = 0; i < g; i++) {
        bool named = mem[i] == first;
        for (size_t j = 0; j < g; j++) {
            if (i == j)
                continue;
            size_t a = mem[j], b = mem[i];
            if (!earlier(idx, a, b))
                continue; /* each pair once, with b the later copy */
            ga_dedup_relation_t r = relate(idx, &a, &b);
            if (is_multi(r))
                return GA_DEDUP_MULTI_POST;
            if (r == GA_DEDUP_REL_ATTRIBUTED)
                named = true;
        }
        if (!named)
            all_attributed = false;
    }
    return all_attributed ? GA_DEDUP_REPOST : GA_DEDUP_DUPLICATE;
}

/* The same kind in two passes over metadata read once: a 一稿多发 pair lies on one site,
 * so the first pass relates only same-site pairs; with none, the second looks for each
 * member's naming of an earlier one and stops at the first (or at the first member that
 * names none). A cluster of 1,450 copies across sites took 1M relations, each reading
 * both members' strings again: most of the clustering's time on mirrored sites. */
ga_dedup_kind_t dd_classify(const ga_dedup_index_t *idx, const size_t *mem, size_t g)
{
    if (g > DD_CLASSIFY_CAP)
        g = DD_CLASSIFY_CAP;
    dd_meta_t *m = malloc(g * sizeof *m);
    if (!m)
        return dd_classify_simple(idx, mem, g);
    for (size_t i = 0; i < g; i++)
        dd_doc_meta(idx, mem[i], &m[i]);
    ga_dedup_kind_t kind = GA_DEDUP_REPOST;
    for (size_t i = 0; i < g && kind == GA_DEDUP_REPOST; i++)
        for (size_t j = 0; j < g; j++)
            if (i != j && earlier(idx, mem[j], mem[i]) && dd_same_site(&m[j], &m[i]) &&
                is_multi(dd_relate(&m[j], &m[i], idx->window_days))) {
                kind = GA_DEDUP_MULTI_POST;
                break;
            }
    size_t first = first_member(idx, mem, g);
    for (size_t i = 0; i < g && kind == GA_DEDUP_REPOST; i++) {
        bool named = mem[i] == first;
        for (size_t j = 0; j < g && !named; j++)
            named = i != j && earlier(idx, mem[j], mem[i]) &&
                    dd_relate(&m[j], &m[i], idx->window_days) == GA_DEDUP_REL_ATTRIBUTED;
        if (!named)
            kind = GA_DEDUP_DUPLICATE;
    }
    free(m);
    return kind;
}

void ga_dedup_clusters_free(ga_dedup_clusters_t *c)
{
    if (!c)
        return;
    free(c->mstart);
    free(c->members);
    free(c->kind);
    free(c->sim);
    free(c->pstart);
    free(c->pairs);
    free(c);
}

ga_status_t ga_dedup_index_cluster(const ga_dedup_index_t *idx, unsigned threads,
                                   ga_dedup_clusters_t **out, ga_error_t **err)
{
    if (!idx || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL index or output");
    size_t n = idx->ndocs;
    if (threads == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        threads = c < 1 ? 1 : (unsigned)c;
    }
    if (threads > idx->params.bands)
        threads = idx->params.bands;
    ga_status_t st = GA_OK;
    uint32_t *parent = malloc((n ? n : 1) * sizeof *parent);
    byhash_t *bh = malloc((n ? n : 1) * sizeof *bh);
    worker_t *w = calloc(threads, sizeof *w);
    ga_dedup_clusters_t *c = calloc(1, sizeof *c);
    edges_t all = {0};
    size_t *root_cluster = NULL, *count = NULL;
    uint8_t *sketch = NULL;
    if (!parent || !bh || !w || !c)
        goto oom;
    for (size_t i = 0; i < n; i++)
        parent[i] = (uint32_t)i;

    /* Identical bodies. */
    size_t nb = 0;
    for (size_t i = 0; i < n; i++)
        if (idx->docs[i].nsh)
            bh[nb++] = (byhash_t){idx->docs[i].exact, (uint32_t)i};
    if (nb)
        qsort(bh, nb, sizeof *bh, cmp_byhash);
    for (size_t i = 1; i < nb; i++) {
        if (bh[i].h != bh[i - 1].h)
            continue;
        size_t g = i - 1;
        while (g > 0 && bh[g - 1].h == bh[i].h)
            g--;
        uf_union(parent, bh[g].doc, bh[i].doc);
        edge_push(&all, bh[g].doc, bh[i].doc, doc_jaccard(idx, bh[g].doc, bh[i].doc));
    }
    free(bh);
    bh = NULL;

    /* LSH buckets, bands split over the threads. The sketches live for this phase only,
     * so that clustering's peak memory stays where it was without them. */
    band_progress_t bp = {0};
    ga_progress_init(&bp.state, idx->progress, idx->progress_user);
    if (ga_progress_stage(&bp.state, "clusters", idx->params.bands)) {
        st = ga_progress_cancelled(&bp.state, err);
        goto fail;
    }
    sketch = malloc((n ? n : 1) * DD_SKETCH);
    if (!sketch)
        goto oom;
    for (size_t i = 0; i < n; i++)
        sketch_of(idx->shingles + idx->docs[i].sh_off, idx->docs[i].nsh, sketch + i * DD_SKETCH);
    void *args[256];
    for (unsigned t = 0; t < threads; t++) {
        w[t] = (worker_t){.idx = idx, .progress = &bp, .sketch = sketch, .parent0 = parent,
                          .first = t, .step = threads};
        /* x / (na + nb - x) >= t - 1e-9 needs x >= (t - 1e-9)(na + nb) / (1 + t - 1e-9);
         * the factors stay a little below, and the caller subtracts 2 more. */
        w[t].jaccard_factor = (idx->rule.jaccard - 1e-6) / (1.0 + idx->rule.jaccard);
        w[t].containment_factor = idx->rule.containment > 0 ? idx->rule.containment - 1e-6 : 2.0;
        args[t] = &w[t];
    }
    if ((unsigned)dd_run_threads(threads, lsh_worker, args) < threads)
        for (unsigned t = 0; t < threads; t++) /* a thread did not start: finish its bands */
            if (!w[t].uf)
                lsh_worker(&w[t]);
    free(sketch);
    sketch = NULL;
    if (atomic_load(&bp.cancel) || ga_progress_end(&bp.state, idx->params.bands, 0)) {
        st = ga_progress_cancelled(&bp.state, err);
        goto fail;
    }
    for (unsigned t = 0; t < threads; t++) {
        if (w[t].edges.oom)
            all.oom = true;
        for (size_t i = 0; i < w[t].edges.n && !all.oom; i++)
            edge_push(&all, w[t].edges.e[i].a, w[t].edges.e[i].b, w[t].edges.e[i].sim);
        worker_release(&w[t]);
    }
    if (all.oom)
        goto oom;
    if (all.n)
        qsort(all.e, all.n, sizeof *all.e, cmp_edge);
    size_t ne = 0;
    for (size_t i = 0; i < all.n; i++)
        if (ne == 0 || all.e[ne - 1].a != all.e[i].a || all.e[ne - 1].b != all.e[i].b)
            all.e[ne++] = all.e[i];
    all.n = ne;
    for (size_t i = 0; i < all.n; i++)
        uf_union(parent, all.e[i].a, all.e[i].b);

    /* Clusters: roots are their smallest member, so numbering roots in document order
     * orders clusters by smallest document. */
    root_cluster = malloc((n ? n : 1) * sizeof *root_cluster);
    count = calloc(n ? n : 1, sizeof *count);
    if (!root_cluster || !count)
        goto oom;
    for (size_t i = 0; i < n; i++)
        count[uf_find(parent, (uint32_t)i)]++;
    size_t nc = 0, nm = 0;
    for (size_t i = 0; i < n; i++) {
        root_cluster[i] = SIZE_MAX;
        if (parent[i] == i && count[i] >= 2) {
            root_cluster[i] = nc++;
            nm += count[i];
        }
    }
    c->n = nc;
    c->mstart = calloc(nc + 1, sizeof *c->mstart);
    c->members = malloc((nm ? nm : 1) * sizeof *c->members);
    c->kind = malloc((nc ? nc : 1) * sizeof *c->kind);
    c->sim = malloc((nc ? nc : 1) * sizeof *c->sim);
    c->pstart = calloc(nc + 1, sizeof *c->pstart);
    if (!c->mstart || !c->members || !c->kind || !c->sim || !c->pstart)
        goto oom;
    for (size_t i = 0; i < n; i++)
        if (root_cluster[i] != SIZE_MAX)
            c->mstart[root_cluster[i] + 1] = count[i];
    for (size_t k = 0; k < nc; k++)
        c->mstart[k + 1] += c->mstart[k];
    memset(count, 0, n * sizeof *count);
    for (size_t i = 0; i < n; i++) {
        size_t k = root_cluster[uf_find(parent, (uint32_t)i)];
        if (k != SIZE_MAX)
            c->members[c->mstart[k] + count[k]++] = i;
    }

    /* Evidence pairs: the pairs of members at or above the threshold, all of them for
     * clusters of up to DD_SMALL documents, the verified joining edges for bigger ones. */
    size_t np = 0;
    for (size_t k = 0; k < nc; k++) {
        size_t g = c->mstart[k + 1] - c->mstart[k];
        if (g <= DD_SMALL)
            np += g * (g - 1) / 2;
    }
    memset(count, 0, n * sizeof *count);
    for (size_t i = 0; i < all.n; i++) {
        size_t k = root_cluster[uf_find(parent, all.e[i].a)];
        if (c->mstart[k + 1] - c->mstart[k] > DD_SMALL) {
            count[k]++;
            np++;
        }
    }
    c->pairs = malloc((np ? np : 1) * sizeof *c->pairs);
    if (!c->pairs)
        goto oom;
    size_t at = 0;
    for (size_t k = 0; k < nc; k++) {
        const size_t *mem = c->members + c->mstart[k];
        size_t g = c->mstart[k + 1] - c->mstart[k];
        c->pstart[k] = at;
        if (g > DD_SMALL) {
            at += count[k];
            count[k] = c->pstart[k]; /* from here on: where the next edge goes */
            continue;
        }
        for (size_t i = 0; i < g; i++)
            for (size_t j = i + 1; j < g; j++) {
                dd_sim_t s;
                bool same = idx->docs[mem[i]].exact == idx->docs[mem[j]].exact;
                if (!doc_similar(idx, mem[i], mem[j], &s)) {
                    if (!same)
                        continue;
                    s.jaccard = doc_jaccard(idx, mem[i], mem[j]);
                }
                dd_pair_t *p = &c->pairs[at++];
                p->a = mem[i];
                p->b = mem[j];
                p->sim = s.jaccard;
                p->rel = relate(idx, &p->a, &p->b);
            }
    }
    c->pstart[nc] = at;
    for (size_t i = 0; i < all.n; i++) {
        size_t k = root_cluster[uf_find(parent, all.e[i].a)];
        if (c->mstart[k + 1] - c->mstart[k] <= DD_SMALL)
            continue;
        dd_pair_t *p = &c->pairs[count[k]++];
        p->a = all.e[i].a;
        p->b = all.e[i].b;
        p->sim = all.e[i].sim;
        p->rel = relate(idx, &p->a, &p->b);
    }
    for (size_t k = 0; k < nc; k++) {
        double mn = 1.0;
        for (size_t q = c->pstart[k]; q < c->pstart[k + 1]; q++)
            if (c->pairs[q].sim < mn)
                mn = c->pairs[q].sim;
        c->sim[k] = mn;
        c->kind[k] = dd_classify(idx, c->members + c->mstart[k], c->mstart[k + 1] - c->mstart[k]);
    }
    goto done;

oom:
    st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
fail:
    ga_dedup_clusters_free(c);
    c = NULL;
done:
    for (unsigned t = 0; w && t < threads; t++)
        worker_release(&w[t]);
    free(w);
    free(sketch);
    free(all.e);
    free(parent);
    free(bh);
    free(root_cluster);
    free(count);
    if (!st)
        *out = c;
    return st;
}

size_t ga_dedup_clusters_count(const ga_dedup_clusters_t *c)
{
    return c ? c->n : 0;
}

ga_dedup_kind_t ga_dedup_cluster_kind(const ga_dedup_clusters_t *c, size_t i)
{
    return c && i < c->n ? c->kind[i] : (ga_dedup_kind_t)0;
}

size_t ga_dedup_cluster_size(const ga_dedup_clusters_t *c, size_t i)
{
    return c && i < c->n ? c->mstart[i + 1] - c->mstart[i] : 0;
}

size_t ga_dedup_cluster_doc(const ga_dedup_clusters_t *c, size_t i, size_t j)
{
    if (!c || i >= c->n || j >= c->mstart[i + 1] - c->mstart[i])
        return SIZE_MAX;
    return c->members[c->mstart[i] + j];
}

double ga_dedup_cluster_similarity(const ga_dedup_clusters_t *c, size_t i)
{
    return c && i < c->n ? c->sim[i] : 0.0;
}

size_t ga_dedup_cluster_pair_count(const ga_dedup_clusters_t *c, size_t i)
{
    return c && i < c->n ? c->pstart[i + 1] - c->pstart[i] : 0;
}

ga_status_t ga_dedup_cluster_pair(const ga_dedup_clusters_t *c, size_t i, size_t k, size_t *a,
                                  size_t *b, double *similarity, ga_dedup_relation_t *rel)
{
    if (!c || i >= c->n || k >= c->pstart[i + 1] - c->pstart[i])
        return GA_ERR_INVALID_ARGUMENT;
    const dd_pair_t *p = &c->pairs[c->pstart[i] + k];
    if (a)
        *a = p->a;
    if (b)
        *b = p->b;
    if (similarity)
        *similarity = p->sim;
    if (rel)
        *rel = p->rel;
    return GA_OK;
}
