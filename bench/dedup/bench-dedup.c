/* Dedup benchmark: fingerprint and cluster a synthetic corpus with planted near duplicates,
 * then check the clusters against exact Jaccard similarity computed by brute force for a
 * sample of documents. Anchors measured in the same run: segmentation alone of the same
 * text (fingerprinting cost relative to reading the words once) and brute-force pair
 * comparison (clustering cost relative to comparing all pairs).
 *
 *   bench-dedup [N] [--sample S] [--threads T] [--containment C]
 *                                                 run the benchmark (N = 100000)
 *   bench-dedup N --jsonl                         write the corpus as JSON lines
 *   bench-dedup N --edits [--containment C]       recall and precision by kind of edit on N
 *                                                 pairs of the edit corpus (a fresh seed per
 *                                                 run with --seed S)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <govaudit/govaudit.h>

#include "corpus.h"
#include "dedup/dedup-internal.h"

#define SEED 20240601u

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if (*s == '\n')
            fputs("\\n", f);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

static int write_jsonl(uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        corpus_doc_t d;
        corpus_make(SEED, i, &d);
        const char *k[] = {"id", "site", "column", "url", "date", "title", "source", "text"};
        const char *v[] = {d.id, d.site, d.column, d.url, d.date, d.title, d.source, d.text};
        putchar('{');
        for (int f = 0; f < 8; f++) {
            if (f == 6 && !d.source[0])
                continue;
            printf("%s\"%s\":", f ? "," : "", k[f]);
            json_str(stdout, v[f]);
        }
        printf("}\n");
        corpus_doc_clear(&d);
    }
    return 0;
}

static ga_dedup_doc_t as_doc(const corpus_doc_t *c)
{
    ga_dedup_doc_t d = {sizeof d, c->id, c->site, c->column, c->url, c->date, c->title,
                        c->source[0] ? c->source : NULL, c->text, c->text_len};
    return d;
}

static int on_tok(const ga_token_t *t, void *user)
{
    (*(size_t *)user)++;
    (void)t;
    return 0;
}

typedef struct pairkey {
    size_t a, b;
} pairkey_t;

static int cmp_pair(const void *p, const void *q)
{
    const pairkey_t *x = p, *y = q;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

typedef struct truth {
    const ga_dedup_index_t *idx;
    const pairkey_t *listed; /* evidence pairs touching sampled documents, sorted */
    size_t nlisted;
    const size_t *cluster; /* cluster number per doc, SIZE_MAX when alone */
    const size_t *sample;
    size_t ns, first, step;
    /* results */
    size_t true_pairs, found, reported, correct, compared;
    size_t listed_found, listed_reported, listed_correct;
    size_t hist[5]; /* true pairs by Jaccard: below .85 (containment copies too), .85-.9,
                       .9-.95, .95-1, 1 */
} truth_t;

static void *truth_worker(void *arg)
{
    truth_t *t = arg;
    const ga_dedup_index_t *idx = t->idx;
    size_t n = idx->ndocs;
    for (size_t k = t->first; k < t->ns; k += t->step) {
        size_t s = t->sample[k];
        const dd_doc_t *a = &idx->docs[s];
        if (!a->nsh)
            continue;
        for (size_t d = 0; d < n; d++) {
            if (d == s)
                continue;
            const dd_doc_t *b = &idx->docs[d];
            bool same = t->cluster[s] != SIZE_MAX && t->cluster[s] == t->cluster[d];
            /* the index's copy rule (Jaccard or containment), decided exactly */
            dd_sim_t sim = {0, 0};
            bool truth = b->nsh && dd_similar(&idx->rule, idx->shingles + a->sh_off, a->nsh,
                                              idx->shingles + b->sh_off, b->nsh, &sim);
            double j = sim.jaccard;
            t->compared++;
            if (truth) {
                t->true_pairs++;
                t->found += same;
                t->hist[j >= 0.999999 ? 4 : j >= 0.95 ? 3 : j >= 0.9 ? 2 : j >= 0.85 ? 1 : 0]++;
            }
            if (same) {
                t->reported++;
                t->correct += truth;
            }
            pairkey_t key = {s < d ? s : d, s < d ? d : s};
            if (same && bsearch(&key, t->listed, t->nlisted, sizeof key, cmp_pair)) {
                t->listed_reported++;
                t->listed_correct += truth;
                t->listed_found += truth;
            }
        }
    }
    return NULL;
}

/* CPU seconds of the process so far: on a shared machine wall time alone misleads. */
static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* The default dictionary's segmenter and an index over it with the index's defaults (the
 * containment threshold when given, >= 0), and those options in *opts: 0, or the exit
 * status (77: no dictionary). */
static int open_index(double containment, ga_dict_t **dict, ga_segmenter_t **seg,
                      ga_dedup_options_t *opts, ga_dedup_index_t **idx)
{
    ga_error_t *err = NULL;
    *dict = NULL;
    *seg = NULL;
    if (ga_dict_load_default(dict, &err) != GA_OK ||
        ga_segmenter_new(*dict, GA_SEG_DEFAULT, seg, &err) != GA_OK) {
        printf("SKIP: the default dictionary is not available (%s); set GOVAUDIT_DATA_DIR\n",
               ga_error_message(err));
        ga_error_free(err);
        ga_dict_free(*dict);
        return 77;
    }
    ga_dedup_options_init(opts);
    opts->segmenter = *seg;
    if (containment >= 0)
        opts->containment = containment;
    if (ga_dedup_index_new(opts, idx, &err) != GA_OK) {
        fprintf(stderr, "%s\n", ga_error_message(err));
        ga_error_free(err);
        ga_segmenter_free(*seg);
        ga_dict_free(*dict);
        return 1;
    }
    return 0;
}

/* The edit corpus: n pairs, kinds in turn, clustered with the index's defaults (or the
 * given containment threshold). For each kind of copy: the share of pairs put in one
 * cluster (recall) and, over the same-cluster pairs of its documents, the share that are
 * one family (precision); for each kind of hard negative the pairs wrongly joined. */
static int run_edits(uint64_t n, uint64_t seed, double containment, unsigned threads)
{
    ga_error_t *err = NULL;
    ga_dict_t *dict;
    ga_segmenter_t *seg;
    ga_dedup_options_t opts;
    ga_dedup_index_t *idx;
    int rc = open_index(containment, &dict, &seg, &opts, &idx);
    if (rc)
        return rc;
    size_t nd = 2 * n;
    corpus_doc_t *cd = calloc(nd, sizeof *cd);
    ga_dedup_doc_t *docs = calloc(nd, sizeof *docs);
    unsigned *kind = calloc(nd, sizeof *kind);
    for (uint64_t i = 0; i < n; i++) {
        unsigned k = (unsigned)(i % CORPUS_NKINDS);
        corpus_edit_pair(seed, i, k, &cd[2 * i], &cd[2 * i + 1]);
        docs[2 * i] = as_doc(&cd[2 * i]);
        docs[2 * i + 1] = as_doc(&cd[2 * i + 1]);
        kind[2 * i] = kind[2 * i + 1] = k;
    }
    if (ga_dedup_index_add_batch(idx, docs, nd, threads, &err) != GA_OK) {
        fprintf(stderr, "add: %s\n", ga_error_message(err));
        return 1;
    }
    ga_dedup_clusters_t *c;
    if (ga_dedup_index_cluster(idx, threads, &c, &err) != GA_OK) {
        fprintf(stderr, "cluster: %s\n", ga_error_message(err));
        return 1;
    }
    size_t *cluster = malloc(nd * sizeof *cluster);
    for (size_t i = 0; i < nd; i++)
        cluster[i] = SIZE_MAX;
    for (size_t k = 0; k < ga_dedup_clusters_count(c); k++)
        for (size_t j = 0; j < ga_dedup_cluster_size(c, k); j++)
            cluster[ga_dedup_cluster_doc(c, k, j)] = k;
    size_t pairs[CORPUS_NKINDS] = {0}, joined[CORPUS_NKINDS] = {0};
    size_t reported[CORPUS_NKINDS] = {0}, correct[CORPUS_NKINDS] = {0};
    double jmin[CORPUS_NKINDS], cmin[CORPUS_NKINDS];
    for (unsigned k = 0; k < CORPUS_NKINDS; k++)
        jmin[k] = cmin[k] = 1.0;
    dd_rule_t none = {1.0, 0.0};
    for (uint64_t i = 0; i < n; i++) {
        unsigned k = kind[2 * i];
        size_t a = 2 * i, b = 2 * i + 1;
        pairs[k]++;
        joined[k] += cluster[a] != SIZE_MAX && cluster[a] == cluster[b];
        const dd_doc_t *x = &idx->docs[a], *y = &idx->docs[b];
        dd_sim_t s;
        dd_similar_simple(&none, idx->shingles + x->sh_off, x->nsh, idx->shingles + y->sh_off,
                          y->nsh, &s);
        if (k < CORPUS_FIRST_NEGATIVE) {
            jmin[k] = s.jaccard < jmin[k] ? s.jaccard : jmin[k];
            cmin[k] = s.containment < cmin[k] ? s.containment : cmin[k];
        } else { /* for negatives: the most similar pair */
            jmin[k] = s.jaccard > jmin[k] || jmin[k] == 1.0 ? s.jaccard : jmin[k];
            cmin[k] = s.containment > cmin[k] || cmin[k] == 1.0 ? s.containment : cmin[k];
        }
    }
    /* same-cluster pairs by the kind of their documents; one family = a pair's two docs */
    for (size_t k = 0; k < ga_dedup_clusters_count(c); k++) {
        size_t g = ga_dedup_cluster_size(c, k);
        for (size_t p = 0; p < g; p++)
            for (size_t q = p + 1; q < g; q++) {
                size_t a = ga_dedup_cluster_doc(c, k, p), b = ga_dedup_cluster_doc(c, k, q);
                bool ok = a / 2 == b / 2 && kind[a] < CORPUS_FIRST_NEGATIVE;
                reported[kind[a]]++, correct[kind[a]] += ok;
                if (kind[b] != kind[a])
                    reported[kind[b]]++, correct[kind[b]] += ok;
            }
    }
    printf("edit corpus: %llu pairs (seed %llu), threshold %.2f, containment %.2f (LSH %u bands)\n",
           (unsigned long long)n, (unsigned long long)seed, ga_dedup_index_threshold(idx),
           ga_dedup_index_containment(idx), (unsigned)idx->params.bands);
    printf("%-28s %6s %8s %10s %8s %8s\n", "kind", "pairs", "recall", "precision", "J min",
           "C min");
    size_t tp = 0, pos = 0, rep = 0, cor = 0;
    for (unsigned k = 0; k < CORPUS_NKINDS; k++) {
        if (k < CORPUS_FIRST_NEGATIVE) {
            printf("%-28s %6zu %8.4f %10.4f %8.3f %8.3f\n", corpus_kind_name(k), pairs[k],
                   pairs[k] ? (double)joined[k] / pairs[k] : 1.0,
                   reported[k] ? (double)correct[k] / reported[k] : 1.0, jmin[k], cmin[k]);
            tp += joined[k];
            pos += pairs[k];
        } else {
            printf("%-28s %6zu %8s %10s %8.3f %8.3f  joined %zu (must be 0; J, C max)\n",
                   corpus_kind_name(k), pairs[k], "-", "-", jmin[k], cmin[k], joined[k]);
        }
        rep += reported[k];
        cor += correct[k];
    }
    printf("all copies: recall %.4f (%zu/%zu), precision of same-cluster pairs %.4f (%zu/%zu)\n",
           pos ? (double)tp / pos : 1.0, tp, pos, rep ? (double)cor / rep : 1.0, cor, rep);
    ga_dedup_clusters_free(c);
    ga_dedup_index_free(idx);
    for (size_t i = 0; i < nd; i++)
        corpus_doc_clear(&cd[i]);
    free(cd);
    free(docs);
    free(kind);
    free(cluster);
    ga_segmenter_free(seg);
    ga_dict_free(dict);
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t n = 100000;
    size_t nsample = 0;
    unsigned threads = 2;
    int jsonl = 0, edits = 0;
    uint64_t seed = SEED;
    double containment = -1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sample") == 0 && i + 1 < argc)
            nsample = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--jsonl") == 0)
            jsonl = 1;
        else if (strcmp(argv[i], "--edits") == 0)
            edits = 1;
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--containment") == 0 && i + 1 < argc)
            containment = strtod(argv[++i], NULL);
        else
            n = strtoull(argv[i], NULL, 10);
    }
    if (jsonl)
        return write_jsonl(n);
    if (edits)
        return run_edits(n, seed, containment, threads);
    setvbuf(stdout, NULL, _IOLBF, 0); /* figures appear as they are measured */
    if (!nsample)
        nsample = n >= 1000000 ? 200 : 500;

    ga_error_t *err = NULL;
    ga_dict_t *dict;
    ga_segmenter_t *seg;
    ga_dedup_options_t opts;
    ga_dedup_index_t *idx;
    int opened = open_index(containment, &dict, &seg, &opts, &idx);
    if (opened)
        return opened;
    unsigned rows, bands;
    double p8;
    ga_dedup_banding(0.8, &rows, &bands, &p8);
    printf("dedup benchmark: %llu documents, threshold 0.8 (LSH %u bands x %u rows, "
           "P(candidate | J=0.8) = %.4f), %u threads\n",
           (unsigned long long)n, bands, rows, p8, threads);

    /* Anchor: segmentation alone vs. the full fingerprint, one thread, same documents. */
    size_t na = n < 5000 ? n : 5000;
    corpus_doc_t *cd = calloc(na, sizeof *cd);
    size_t bytes = 0, toks = 0;
    for (size_t i = 0; i < na; i++) {
        corpus_make(SEED, i, &cd[i]);
        bytes += cd[i].text_len;
    }
    double t0 = now();
    for (size_t i = 0; i < na; i++)
        ga_segment(seg, cd[i].text, cd[i].text_len, on_tok, &toks, NULL);
    double t_seg = now() - t0;
    ga_dedup_index_t *scratch;
    ga_dedup_index_new(&opts, &scratch, NULL);
    t0 = now();
    for (size_t i = 0; i < na; i++) {
        ga_dedup_doc_t d = as_doc(&cd[i]);
        ga_dedup_index_add(scratch, &d, NULL, NULL);
    }
    double t_fp = now() - t0;
    ga_dedup_index_free(scratch);
    for (size_t i = 0; i < na; i++)
        corpus_doc_clear(&cd[i]);
    free(cd);
    printf("anchor  segmentation only : %8.0f docs/s (%.1f MB/s, one thread)\n", na / t_seg,
           bytes / t_seg / 1e6);
    printf("        fingerprint + add : %8.0f docs/s (one thread) = %.2fx segmentation time\n",
           na / t_fp, t_fp / t_seg);

    /* Build: generate in chunks, add each chunk on the threads. */
    const size_t chunk = 10000;
    cd = calloc(chunk, sizeof *cd);
    ga_dedup_doc_t *docs = calloc(chunk, sizeof *docs);
    double t_add = 0, t_gen = 0, c_add = 0;
    size_t planted = 0;
    bytes = 0;
    for (uint64_t base = 0; base < n; base += chunk) {
        size_t m = n - base < chunk ? (size_t)(n - base) : chunk;
        t0 = now();
        for (size_t i = 0; i < m; i++) {
            corpus_make(SEED, base + i, &cd[i]);
            docs[i] = as_doc(&cd[i]);
            bytes += cd[i].text_len;
            planted += cd[i].original >= 0;
        }
        double t1 = now(), c1 = cpu_s();
        t_gen += t1 - t0;
        if (ga_dedup_index_add_batch(idx, docs, m, threads, &err) != GA_OK) {
            fprintf(stderr, "add: %s\n", ga_error_message(err));
            return 1;
        }
        t_add += now() - t1;
        c_add += cpu_s() - c1;
        for (size_t i = 0; i < m; i++)
            corpus_doc_clear(&cd[i]);
    }
    free(cd);
    free(docs);
    long rss_add = peak_rss_kib();
    t0 = now();
    double c0 = cpu_s();
    ga_dedup_clusters_t *c;
    if (ga_dedup_index_cluster(idx, threads, &c, &err) != GA_OK) {
        fprintf(stderr, "cluster: %s\n", ga_error_message(err));
        return 1;
    }
    double t_cl = now() - t0, c_cl = cpu_s() - c0;
    long rss = peak_rss_kib();
    size_t nc = ga_dedup_clusters_count(c), inclusters = 0, kinds[4] = {0};
    size_t *cluster = malloc(n * sizeof *cluster);
    for (size_t i = 0; i < n; i++)
        cluster[i] = SIZE_MAX;
    for (size_t k = 0; k < nc; k++) {
        kinds[ga_dedup_cluster_kind(c, k)]++;
        for (size_t j = 0; j < ga_dedup_cluster_size(c, k); j++) {
            cluster[ga_dedup_cluster_doc(c, k, j)] = k;
            inclusters++;
        }
    }
    printf("corpus  %llu documents, %.0f MB of text, %zu planted copies (generated in %.1f s, not "
           "counted)\n", (unsigned long long)n, bytes / 1e6, planted, t_gen);
    printf("add     %8.1f s  %8.0f docs/s (%u threads); %.1f CPU s = %.0f docs per CPU second\n",
           t_add, n / t_add, threads, c_add, n / c_add);
    printf("cluster %8.1f s  %8.0f docs/s; %zu clusters (%zu 一稿多发, %zu 转载, %zu duplicate) "
           "holding %zu documents\n", t_cl, n / t_cl, nc, kinds[1], kinds[2], kinds[3], inclusters);
    printf("        clustering used %.1f CPU s\n", c_cl);
    printf("total   %8.1f s  %8.0f docs/s; peak memory %.0f MiB (%.0f MiB after adding)\n",
           t_add + t_cl, n / (t_add + t_cl), rss / 1024.0, rss_add / 1024.0);

    /* Ground truth for a sample by brute force over every document. */
    size_t *sample = malloc(nsample * sizeof *sample);
    for (size_t k = 0; k < nsample; k++)
        sample[k] = (size_t)((k * 2654435761ull + 12345) % n);
    /* The evidence pairs that touch a sampled document. */
    unsigned char *insample = calloc(n, 1);
    for (size_t k = 0; k < nsample; k++)
        insample[sample[k]] = 1;
    pairkey_t *listed = NULL;
    size_t nlisted = 0, caplisted = 0;
    for (size_t k = 0; k < nc; k++)
        for (size_t q = 0; q < ga_dedup_cluster_pair_count(c, k); q++) {
            size_t a, b;
            ga_dedup_cluster_pair(c, k, q, &a, &b, NULL, NULL);
            if (!insample[a] && !insample[b])
                continue;
            if (nlisted == caplisted) {
                caplisted = caplisted ? caplisted * 2 : 1024;
                listed = realloc(listed, caplisted * sizeof *listed);
            }
            listed[nlisted++] = (pairkey_t){a < b ? a : b, a < b ? b : a};
        }
    qsort(listed, nlisted, sizeof *listed, cmp_pair);
    truth_t tw[16];
    unsigned nt = threads > 16 ? 16 : threads ? threads : 1;
    t0 = now();
    pthread_t tid[16];
    for (unsigned t = 0; t < nt; t++) {
        tw[t] = (truth_t){.idx = idx, .listed = listed, .nlisted = nlisted, .cluster = cluster,
                          .sample = sample, .ns = nsample, .first = t, .step = nt};
        pthread_create(&tid[t], NULL, truth_worker, &tw[t]);
    }
    truth_t sum = {0};
    for (unsigned t = 0; t < nt; t++) {
        pthread_join(tid[t], NULL);
        sum.true_pairs += tw[t].true_pairs;
        sum.found += tw[t].found;
        sum.reported += tw[t].reported;
        sum.correct += tw[t].correct;
        sum.compared += tw[t].compared;
        sum.listed_found += tw[t].listed_found;
        sum.listed_reported += tw[t].listed_reported;
        sum.listed_correct += tw[t].listed_correct;
        for (int h = 0; h < 5; h++)
            sum.hist[h] += tw[t].hist[h];
    }
    double t_bf = now() - t0;
    double pairs_checked = (double)nsample * (double)n;
    double bf_all = t_bf * nt / pairs_checked * ((double)n * (n - 1) / 2) / nt;
    printf("truth   %zu sampled documents against all %llu by brute force in %.1f s: %zu pairs "
           "of copies, Jaccard >= 0.8 or containment >= %.2f (J < .85 %zu, [.85,.9) %zu, [.9,.95) %zu, [.95,1) %zu, 1 %zu)\n",
           nsample, (unsigned long long)n, t_bf, sum.true_pairs, ga_dedup_index_containment(idx),
           sum.hist[0], sum.hist[1],
           sum.hist[2], sum.hist[3], sum.hist[4]);
    printf("quality evidence pairs: recall %.4f (%zu/%zu, target >= 0.95)  precision %.4f "
           "(%zu/%zu, target >= 0.98)\n",
           sum.true_pairs ? (double)sum.listed_found / sum.true_pairs : 1.0, sum.listed_found,
           sum.true_pairs, sum.listed_reported ? (double)sum.listed_correct / sum.listed_reported : 1.0,
           sum.listed_correct, sum.listed_reported);
    printf("        same-cluster pairs: recall %.4f (%zu/%zu)  precision %.4f (%zu/%zu; clusters "
           "are connected groups, so two copies of one original can be below 0.8 with each other)\n",
           sum.true_pairs ? (double)sum.found / sum.true_pairs : 1.0, sum.found, sum.true_pairs,
           sum.reported ? (double)sum.correct / sum.reported : 1.0, sum.correct, sum.reported);
    printf("anchor  brute-force all pairs would take ~%.0f s on %u threads = %.0fx the LSH "
           "clustering\n", bf_all, nt, bf_all / t_cl);
    free(sample);
    free(insample);
    free(listed);
    free(cluster);
    ga_dedup_clusters_free(c);
    ga_dedup_index_free(idx);
    ga_segmenter_free(seg);
    ga_dict_free(dict);
    return 0;
}
