/* Literal matching throughput against Hyperscan. Text: the SIGHAN 2005 PKU test text
 * repeated to 16 MB. Patterns: words of the PKU training list with their last character
 * replaced by another character of the text (misspelling-like: rare hits, as with real
 * wrong-word lists), plus 1% unchanged words so that hits occur. Prints MB/s (best of 3)
 * for libgovaudit with normalisation off and on, and for Hyperscan (literal API, block
 * mode, end offsets only: its cheapest reporting) on the same patterns and text. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static double scan_mbs(const ga_matcher_t *m, const char *text, size_t len, size_t *hits)
{
    ga_match_scratch_t *s = ga_match_scratch_new();
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        double t0 = now();
        if (ga_match_scan(m, s, text, len, NULL) != GA_OK) {
            fprintf(stderr, "bench-match: scan failed\n");
            exit(1);
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    *hits = ga_match_count(s);
    ga_match_scratch_free(s);
    return (double)len / best / 1e6;
}

#ifdef HAVE_HYPERSCAN
static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    ++*(size_t *)ctx;
    return 0;
}

static double hs_mbs(const pats_t *p, const char *text, size_t len, size_t *hits, double *csecs)
{
    size_t *lens = malloc(p->n * sizeof *lens);
    unsigned *flags = calloc(p->n, sizeof *flags), *ids = malloc(p->n * sizeof *ids);
    for (size_t i = 0; i < p->n; i++) {
        lens[i] = strlen(p->v[i]);
        ids[i] = (unsigned)i;
    }
    hs_database_t *db = NULL;
    hs_compile_error_t *ce = NULL;
    double t0 = now();
    if (hs_compile_lit_multi((const char *const *)p->v, flags, ids, lens, (unsigned)p->n,
                             HS_MODE_BLOCK, NULL, &db, &ce) != HS_SUCCESS) {
        fprintf(stderr, "bench-match: hyperscan: %s\n", ce ? ce->message : "?");
        exit(1);
    }
    *csecs = now() - t0;
    hs_scratch_t *sc = NULL;
    hs_alloc_scratch(db, &sc);
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        *hits = 0;
        t0 = now();
        hs_scan(db, text, (unsigned)len, 0, sc, on_match, hits);
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    hs_free_scratch(sc);
    hs_free_database(db);
    free(lens);
    free(flags);
    free(ids);
    return (double)len / best / 1e6;
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
    printf("%-9s %12s %12s %12s %10s %9s %9s %9s\n", "patterns", "ours MB/s", "ours+norm",
           "hyperscan", "ours/hs", "hits", "hs hits", "compile s");
    size_t sizes[] = {1000, 10000, 100000};
    for (size_t k = 0; k < 3; k++) {
        pats_t p = make_patterns(words, nw, base, tl, sizes[k]);
        double cs, cs2;
        size_t hits, hits2;
        ga_matcher_t *m = compile(&p, false, &cs);
        double ours = scan_mbs(m, text, len, &hits);
        ga_matcher_free(m);
        m = compile(&p, true, &cs2);
        double normed = scan_mbs(m, text, len, &hits2);
        ga_matcher_free(m);
        double hs = 0, hcs = 0;
        size_t hhits = 0;
#ifdef HAVE_HYPERSCAN
        hs = hs_mbs(&p, text, len, &hhits, &hcs);
#endif
        printf("%-9zu %12.1f %12.1f %12.1f %10.2f %9zu %9zu %9.2f\n", sizes[k], ours, normed, hs,
               hs > 0 ? ours / hs : 0.0, hits, hhits, cs);
        for (size_t i = 0; i < p.n; i++)
            free(p.v[i]);
        free(p.v);
    }
    printf("hits: ours reports non-overlapping leftmost-longest findings with start and end; "
           "Hyperscan reports every match end (overlaps and duplicates included).\n");
    free(words);
    free(wordlist);
    free(base);
    free(text);
    return 0;
}
