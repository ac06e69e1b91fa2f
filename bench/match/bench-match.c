/* Literal matching throughput against Hyperscan. Text: the SIGHAN 2005 PKU test text
 * repeated to 16 MB. Patterns: words of the PKU training list with their last character
 * replaced by another character of the text (misspelling-like: rare hits, as with real
 * wrong-word lists), plus 1% unchanged words so that hits occur. Prints MB/s (best of 7
 * rounds, interleaved so that machine noise hits all three alike) for libgovaudit with
 * normalisation off and on, and for Hyperscan (literal API, block mode, end offsets only:
 * its cheapest reporting) on the same patterns and text, then the goals as ratios:
 * 1k rules at least 0.8x Hyperscan, and 10k rules with normalisation at least 0.5x
 * Hyperscan without it. The size of each compiled image is printed too.
 * usage: bench-match [DIR [SIZES]]   SIZES: comma-separated rule counts (1000,10000,100000) */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <govaudit/govaudit.h>
#ifdef HAVE_HYPERSCAN
#include <hs/hs.h>
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
        free(d);
        d = NULL;
    }
    fclose(f);
    if (d) {
        d[n] = '\0';
        *len = (size_t)n;
    }
    return d;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

typedef struct pats {
    char **v;
    size_t n;
} pats_t;

/* n patterns from the word list (words of 2-8 Han characters). */
static pats_t make_patterns(char **words, size_t nw, const char *text, size_t tlen, size_t n)
{
    pats_t p = {calloc(n, sizeof(char *)), n};
    for (size_t i = 0; i < n; i++) {
        const char *w = words[rnd() % nw];
        size_t l = strlen(w);
        char *s = malloc(l + 4);
        memcpy(s, w, l + 1);
        if (i % 100 != 0) {
            /* replace the last character by a random Han character of the text */
            size_t at = rnd() % (tlen - 8);
            while (((unsigned char)text[at] & 0xF0) != 0xE0)
                at++;
            memcpy(s + l - 3, text + at, 3);
        }
        p.v[i] = s;
    }
    return p;
}

static ga_matcher_t *compile(const pats_t *p, bool norm, double *secs)
{
    size_t cap = 64, len = 0;
    for (size_t i = 0; i < p->n; i++)
        cap += strlen(p->v[i]) + 8;
    char *rules = malloc(cap);
    len += (size_t)sprintf(rules, "@category x\n%s", norm ? "@flags norm\n" : "");
    for (size_t i = 0; i < p->n; i++)
        len += (size_t)sprintf(rules + len, "%s\n", p->v[i]);
    ga_rules_t *rs = ga_rules_new();
    ga_matcher_t *m = NULL;
    double t0 = now();
    ga_error_t *err = NULL;
    if (ga_rules_add_text(rs, "bench", rules, len, &err) != GA_OK ||
        ga_matcher_compile(rs, &m, &err) != GA_OK) {
        fprintf(stderr, "bench-match: %s\n", ga_error_message(err));
        exit(1);
    }
    *secs = now() - t0;
    ga_rules_free(rs);
    free(rules);
    return m;
}

/* Seconds of one scan; the finding count in *hits. */
static double scan_once(const ga_matcher_t *m, ga_match_scratch_t *s, const char *text,
                        size_t len, size_t *hits)
{
    double t0 = now();
    if (ga_match_scan(m, s, text, len, NULL) != GA_OK) {
        fprintf(stderr, "bench-match: scan failed\n");
        exit(1);
    }
    double t = now() - t0;
    *hits = ga_match_count(s);
    return t;
}

/* Bytes of the matcher's image (what ga_matcher_save writes and ga_matcher_load maps). */
static size_t image_bytes(const ga_matcher_t *m)
{
    char path[] = "/tmp/bench-match-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    close(fd);
    size_t n = 0;
    if (ga_matcher_save(m, path, NULL) == GA_OK) {
        FILE *f = fopen(path, "rb");
        if (f) {
            fseek(f, 0, SEEK_END);
            n = (size_t)ftell(f);
            fclose(f);
        }
    }
    unlink(path);
    return n;
}

#ifdef HAVE_HYPERSCAN
static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    ++*(size_t *)ctx;
    return 0;
}

typedef struct hs_run {
    hs_database_t *db;
    hs_scratch_t *scratch;
} hs_run_t;

static hs_run_t hs_build(const pats_t *p)
{
    size_t *lens = malloc(p->n * sizeof *lens);
    unsigned *flags = calloc(p->n, sizeof *flags), *ids = malloc(p->n * sizeof *ids);
    for (size_t i = 0; i < p->n; i++) {
        lens[i] = strlen(p->v[i]);
        ids[i] = (unsigned)i;
    }
    hs_run_t r = {NULL, NULL};
    hs_compile_error_t *ce = NULL;
    if (hs_compile_lit_multi((const char *const *)p->v, flags, ids, lens, (unsigned)p->n,
                             HS_MODE_BLOCK, NULL, &r.db, &ce) != HS_SUCCESS) {
        fprintf(stderr, "bench-match: hyperscan: %s\n", ce ? ce->message : "?");
        exit(1);
    }
    hs_alloc_scratch(r.db, &r.scratch);
    free(lens);
    free(flags);
    free(ids);
    return r;
}

static double hs_once(const hs_run_t *r, const char *text, size_t len, size_t *hits)
{
    *hits = 0;
    double t0 = now();
    hs_scan(r->db, text, (unsigned)len, 0, r->scratch, on_match, hits);
    return now() - t0;
}
#endif

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/data/sighan2005";
    char path[4096];
    size_t tl, wl;
    snprintf(path, sizeof path, "%s/pku_test.utf8", dir);
    char *base = slurp(path, &tl);
    snprintf(path, sizeof path, "%s/pku_training_words.utf8", dir);
    char *wordlist = slurp(path, &wl);
    if (!base || !wordlist) {
        printf("bench-match: SKIP: %s/pku_test.utf8 or pku_training_words.utf8 not found "
               "(../shared/data is not part of the repository)\n", dir);
        return 0;
    }
    /* the text, repeated to 16 MB */
    size_t want = 16u << 20, len = 0;
    char *text = malloc(want + tl);
    while (len < want) {
        memcpy(text + len, base, tl);
        len += tl;
    }
    /* words of 2 to 8 Han characters */
    size_t nw = 0;
    char **words = malloc((wl / 4 + 1) * sizeof *words);
    for (char *save = NULL, *w = strtok_r(wordlist, "\r\n", &save); w;
         w = strtok_r(NULL, "\r\n", &save)) {
        size_t l = strlen(w);
        bool han = l >= 6 && l <= 24 && l % 3 == 0;
        for (size_t i = 0; han && i < l; i += 3)
            han = ((unsigned char)w[i] & 0xF0) == 0xE0 && (unsigned char)w[i] >= 0xE4 &&
                  (unsigned char)w[i] <= 0xE9;
        if (han)
            words[nw++] = w;
    }
    printf("bench-match: text %.1f MB (PKU test text repeated), %zu candidate words\n",
           (double)len / 1e6, nw);
#ifndef HAVE_HYPERSCAN
    printf("bench-match: Hyperscan not found (libhyperscan-dev): no anchor column\n");
#endif
    /* what normalisation alone costs (the norm module, ICU), for the norm-on column */
    {
        ga_normalizer_t *nz = NULL;
        ga_normalized_t *res = ga_normalized_new();
        ga_normalizer_new(NULL, &nz, NULL);
        double best = 1e30;
        for (int r = 0; r < 3; r++) {
            double t0 = now();
            ga_normalize(nz, text, len, res, NULL);
            if (now() - t0 < best)
                best = now() - t0;
        }
        printf("bench-match: normalisation alone (ga_normalize, GA_NORM_DEFAULT): %.1f MB/s\n",
               (double)len / best / 1e6);
        ga_normalized_free(res);
        ga_normalizer_free(nz);
    }
    size_t sizes[8] = {1000, 10000, 100000}, nsizes = 3;
    if (argc > 2) {
        nsizes = 0;
        for (char *save = NULL, *t = strtok_r(argv[2], ",", &save); t && nsizes < 8;
             t = strtok_r(NULL, ",", &save))
            sizes[nsizes++] = strtoul(t, NULL, 10);
    }
    enum { ROUNDS = 7 };
    printf("%-9s %10s %10s %10s %8s %8s %9s %9s %10s %10s\n", "patterns", "ours MB/s",
           "ours+norm", "hyperscan", "ours/hs", "norm/hs", "hits", "hs hits", "image KiB",
           "image+n KiB");
    double ratio_1k = -1, ratio_norm_10k = -1;
    for (size_t k = 0; k < nsizes; k++) {
        pats_t p = make_patterns(words, nw, base, tl, sizes[k]);
        double cs, cs2;
        ga_matcher_t *m = compile(&p, false, &cs), *mn = compile(&p, true, &cs2);
        ga_match_scratch_t *s = ga_match_scratch_new();
        double t_raw = 1e30, t_norm = 1e30, t_hs = 1e30;
        size_t hits = 0, nhits = 0, hhits = 0;
#ifdef HAVE_HYPERSCAN
        hs_run_t hr = hs_build(&p);
#endif
        for (int r = 0; r < ROUNDS; r++) {
            double t = scan_once(m, s, text, len, &hits);
            t_raw = t < t_raw ? t : t_raw;
            t = scan_once(mn, s, text, len, &nhits);
            t_norm = t < t_norm ? t : t_norm;
#ifdef HAVE_HYPERSCAN
            t = hs_once(&hr, text, len, &hhits);
            t_hs = t < t_hs ? t : t_hs;
#endif
        }
#ifdef HAVE_HYPERSCAN
        hs_free_scratch(hr.scratch);
        hs_free_database(hr.db);
#endif
        double ours = (double)len / t_raw / 1e6, normed = (double)len / t_norm / 1e6;
        double hs = t_hs < 1e30 ? (double)len / t_hs / 1e6 : 0;
        printf("%-9zu %10.1f %10.1f %10.1f %8.2f %8.2f %9zu %9zu %10.0f %10.0f\n", sizes[k],
               ours, normed, hs, hs > 0 ? ours / hs : 0.0, hs > 0 ? normed / hs : 0.0, hits,
               hhits, (double)image_bytes(m) / 1024, (double)image_bytes(mn) / 1024);
        if (hs > 0 && sizes[k] == 1000)
            ratio_1k = ours / hs;
        if (hs > 0 && sizes[k] == 10000)
            ratio_norm_10k = normed / hs;
        ga_match_scratch_free(s);
        ga_matcher_free(m);
        ga_matcher_free(mn);
        for (size_t i = 0; i < p.n; i++)
            free(p.v[i]);
        free(p.v);
    }
    if (ratio_1k >= 0)
        printf("1k rules / Hyperscan: %.2fx (goal: at least 0.8x)\n", ratio_1k);
    if (ratio_norm_10k >= 0)
        printf("10k rules with normalisation / Hyperscan without: %.2fx (goal: at least 0.5x)\n",
               ratio_norm_10k);
    printf("norm hits may differ from raw hits: normalised text also matches traditional and "
           "full-width spellings.\n");
    printf("hits: ours reports non-overlapping leftmost-longest findings with start and end; "
           "Hyperscan reports every match end (overlaps and duplicates included).\n");
    free(words);
    free(wordlist);
    free(base);
    free(text);
    return 0;
}
