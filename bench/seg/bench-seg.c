/* Segmentation benchmark on the SIGHAN 2005 PKU test: precision, recall, F1 and MB/s of
 * libgovaudit next to jieba (python3-jieba, default mode), ICU's word BreakIterator and
 * @node-rs/jieba measured in the same run on the same text; dictionary load time and
 * memory.
 * usage: bench-seg DATA_DIR JIEBA_DICT SCRIPT_DIR WORK_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <govaudit/govaudit.h>

#include "core/core-internal.h"

#define SKIP 77

typedef struct lines {
    char *buf;
    char **line;
    size_t *len;
    size_t n;
} lines_t;

static bool read_lines(const char *path, lines_t *L)
{
    size_t len;
    if (ga_read_file(path, &L->buf, &len, NULL) != GA_OK)
        return false;
    size_t cap = 4096;
    L->line = malloc(cap * sizeof *L->line);
    L->len = malloc(cap * sizeof *L->len);
    L->n = 0;
    char *p = L->buf, *end = L->buf + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (L->n == cap) {
            cap *= 2;
            L->line = realloc(L->line, cap * sizeof *L->line);
            L->len = realloc(L->len, cap * sizeof *L->len);
        }
        L->line[L->n] = p;
        L->len[L->n++] = n;
        p += n;
        while (p < end && (*p == '\r' || *p == '\n')) {
            if (*p++ == '\n')
                break;
        }
    }
    return true;
}

/* Remove white space from a line in place (segmenters see the raw characters only). */
static size_t squeeze(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            s[o++] = s[i];
    return o;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Score: a word is right when its byte span in the squeezed line matches a gold span. */
typedef struct score {
    size_t tp, ntest, ngold;
} score_t;

/* Word end offsets of a space-separated line; returns the count. */
static size_t gold_ends(const char *s, size_t n, size_t *ends, size_t cap)
{
    size_t k = 0, off = 0, i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= n)
            break;
        while (i < n && s[i] != ' ' && s[i] != '\t') {
            i++;
            off++;
        }
        if (k < cap)
            ends[k++] = off;
    }
    return k;
}

static void score_line(score_t *sc, const size_t *ge, size_t ng, const size_t *te, size_t nt)
{
    size_t i = 0, j = 0, gs = 0, ts = 0;
    while (i < ng && j < nt) {
        if (ge[i] == te[j]) {
            if (gs == ts)
                sc->tp++;
            gs = ge[i++];
            ts = te[j++];
        } else if (ge[i] < te[j]) {
            gs = ge[i++];
        } else {
            ts = te[j++];
        }
    }
    sc->ngold += ng;
    sc->ntest += nt;
}

static void print_row(const char *name, const score_t *sc, double mbs, const char *note)
{
    double p = sc->ntest ? (double)sc->tp / sc->ntest : 0, r = sc->ngold ? (double)sc->tp / sc->ngold : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("%-28s P %.4f  R %.4f  F1 %.4f  %8.2f MB/s  %s\n", name, p, r, f, mbs, note ? note : "");
}

typedef struct ends_buf {
    size_t *e;
    size_t n, cap;
} ends_buf_t;

static int collect_end(const ga_token_t *t, void *user)
{
    ends_buf_t *b = user;
    if (GA_TOKEN_KIND(t->kind) == GA_TOKEN_SPACE || (t->kind & GA_TOKEN_SUBWORD))
        return 0;
    if (b->n < b->cap)
        b->e[b->n++] = t->end;
    return 0;
}

static int count_tok(const ga_token_t *t, void *user)
{
    (*(size_t *)user)++;
    return 0;
}

/* Score and time one of our segmenters. Returns MB/s. */
static double run_ours(const char *name, const ga_segmenter_t *sg, const lines_t *test,
                       const lines_t *gold, size_t bytes, score_t *sc)
{
    size_t cap = 65536;
    size_t *ge = malloc(cap * sizeof *ge);
    ends_buf_t tb = {malloc(cap * sizeof(size_t)), 0, cap};
    memset(sc, 0, sizeof *sc);
    for (size_t i = 0; i < test->n && i < gold->n; i++) {
        tb.n = 0;
        ga_segment(sg, test->line[i], test->len[i], collect_end, &tb, NULL);
        size_t ng = gold_ends(gold->line[i], gold->len[i], ge, cap);
        score_line(sc, ge, ng, tb.e, tb.n);
    }
    /* Throughput: whole passes over the lines for at least a second of CPU time. */
    size_t passes = 0, toks = 0;
    double t0 = cpu_now(), t1;
    do {
        for (size_t i = 0; i < test->n; i++)
            ga_segment(sg, test->line[i], test->len[i], count_tok, &toks, NULL);
        passes++;
        t1 = cpu_now();
    } while (t1 - t0 < 1.0);
    double mbs = bytes * passes / (t1 - t0) / 1e6;
    print_row(name, sc, mbs, NULL);
    free(ge);
    free(tb.e);
    return mbs;
}

/* Score a file of space-separated output lines from another tool. */
static bool score_file(const char *path, const lines_t *gold, score_t *sc)
{
    lines_t out;
    if (!read_lines(path, &out))
        return false;
    size_t cap = 65536;
    size_t *ge = malloc(cap * sizeof *ge), *te = malloc(cap * sizeof *te);
    memset(sc, 0, sizeof *sc);
    for (size_t i = 0; i < gold->n; i++) {
        size_t ng = gold_ends(gold->line[i], gold->len[i], ge, cap);
        size_t nt = i < out.n ? gold_ends(out.line[i], out.len[i], te, cap) : 0;
        score_line(sc, ge, ng, te, nt);
    }
    free(ge);
    free(te);
    free(out.buf);
    free(out.line);
    free(out.len);
    return true;
}

/* Run a helper printing "seconds maxrss_kib"; false when it failed. */
static bool run_tool(const char *cmd, double *secs, long *rss)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return false;
    int got = fscanf(p, "%lf %ld", secs, rss);
    int st = pclose(p);
    return got == 2 && st == 0 && *secs > 0;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &res) != 2)
            res = 0;
        fclose(f);
    }
    return res * 4;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench-seg DATA_DIR JIEBA_DICT SCRIPT_DIR WORK_DIR\n");
        return 2;
    }
    const char *data = argv[1], *jdict = argv[2], *scripts = argv[3], *work = argv[4];
    char path[4096], gpath[4096], cmd[16384];
    snprintf(path, sizeof path, "%s/pku_test.utf8", data);
    snprintf(gpath, sizeof gpath, "%s/pku_test_gold.utf8", data);
    lines_t test, gold;
    if (!read_lines(path, &test) || !read_lines(gpath, &gold)) {
        printf("SKIP: %s (SIGHAN 2005 PKU test) not found: the benchmark needs ../shared/data\n",
               data);
        return SKIP;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < test.n; i++) {
        test.len[i] = squeeze(test.line[i], test.len[i]);
        bytes += test.len[i];
    }
    /* The squeezed text, for the other tools. */
    snprintf(path, sizeof path, "%s/pku_test.squeezed", work);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "bench-seg: cannot write %s\n", path);
        return 1;
    }
    for (size_t i = 0; i < test.n; i++) {
        fwrite(test.line[i], 1, test.len[i], f);
        fputc('\n', f);
    }
    fclose(f);
    printf("PKU test: %zu lines, %.2f MB (scored as in the bakeoff: word spans against the "
           "gold file)\n\n", test.n, bytes / 1e6);

    /* Dictionary load: the compiled default, mapped. */
    ga_error_t *err = NULL;
    ga_dict_t *dd = NULL;
    long rss0 = rss_kib();
    double best = 1e9;
    for (int i = 0; i < 20; i++) {
        ga_dict_t *d = NULL;
        double t0 = wall_now();
        if (ga_dict_load_default(&d, &err) != GA_OK) {
            fprintf(stderr, "bench-seg: %s\n", ga_error_message(err));
            return 1;
        }
        double t = wall_now() - t0;
        if (t < best)
            best = t;
        if (i == 0) {
            dd = d;
            rss0 = rss_kib() - rss0;
        } else {
            ga_dict_free(d);
        }
    }
    snprintf(path, sizeof path, "%s/dict/default.gadict", ga_data_dir());
    struct stat st;
    stat(path, &st);
    printf("dictionary load (default.gadict, mmap, checksum verified): %.2f ms (best of 20), "
           "file %.1f MB, resident after load %.1f MB\n", best * 1e3, st.st_size / 1e6,
           rss0 / 1024.0);
    /* Anchors for the load: reading the same file into memory, and the checksum alone
     * (ga_hash64 over the file, the bulk of a load: nothing is parsed). */
    double best_read = 1e9, best_hash = 1e9;
    for (int i = 0; i < 20; i++) {
        char *buf;
        size_t blen;
        double t1 = wall_now();
        if (ga_read_file(path, &buf, &blen, NULL) != GA_OK)
            break;
        double t2 = wall_now();
        volatile uint64_t h = ga_hash64(buf, blen, 0);
        (void)h;
        double t3 = wall_now();
        free(buf);
        if (t2 - t1 < best_read)
            best_read = t2 - t1;
        if (t3 - t2 < best_hash)
            best_hash = t3 - t2;
    }
    printf("  anchors: read() of the file %.2f ms, ga_hash64 over it (in cache) %.2f ms: "
           "load / read = %.2f\n", best_read * 1e3, best_hash * 1e3, best / best_read);

    /* The same dictionary jieba uses, compiled in memory, for the like-for-like row. */
    ga_dict_builder_t *b = NULL;
    ga_dict_t *jd = NULL;
    double t0 = wall_now();
    if (ga_dict_builder_new(NULL, &b, &err) != GA_OK ||
        ga_dict_builder_add_file(b, jdict, &err) != GA_OK ||
        ga_dict_builder_finish(b, &jd, &err) != GA_OK) {
        fprintf(stderr, "bench-seg: %s: %s\n", jdict, ga_error_message(err));
        return 1;
    }
    ga_dict_builder_free(b);
    printf("compiling jieba's dict.txt (%zu words, HMM training included): %.2f s\n\n",
           ga_dict_size(jd), wall_now() - t0);

    ga_segmenter_t *s_j = NULL, *s_d = NULL, *s_icu = NULL;
    ga_segmenter_new(jd, GA_SEG_DEFAULT, &s_j, NULL);
    ga_segmenter_new(dd, GA_SEG_DEFAULT, &s_d, NULL);
    ga_segmenter_new(NULL, GA_SEG_ICU, &s_icu, NULL);
    score_t sc_ours, sc, sc_j;
    double mbs_ours = run_ours("libgovaudit (jieba dict)", s_j, &test, &gold, bytes, &sc_ours);
    run_ours("libgovaudit (default dict)", s_d, &test, &gold, bytes, &sc);
    run_ours("ICU BreakIterator", s_icu, &test, &gold, bytes, &sc);

    /* python3-jieba, default mode. */
    char out[4096], sq[4096];
    snprintf(sq, sizeof sq, "%s/pku_test.squeezed", work);
    snprintf(out, sizeof out, "%s/jieba.out", work);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/run-jieba.py' '%s' '%s' '%s'", scripts, jdict,
             sq, out);
    double secs, mbs_j = 0, mbs_n = 0;
    long rss;
    bool have_j = run_tool(cmd, &secs, &rss) && score_file(out, &gold, &sc_j);
    if (have_j) {
        mbs_j = bytes / secs / 1e6;
        char note[64];
        snprintf(note, sizeof note, "(peak RSS %.0f MB)", rss / 1024.0);
        print_row("jieba (python3, default)", &sc_j, mbs_j, note);
    } else {
        printf("%-28s SKIP: /usr/bin/python3 with jieba did not run\n", "jieba (python3)");
    }

    /* @node-rs/jieba, installed into the build tree on first use. */
    snprintf(path, sizeof path, "%s/node_modules/@node-rs/jieba/package.json", work);
    if (stat(path, &st) != 0) {
        snprintf(cmd, sizeof cmd,
                 "npm install --silent --no-audit --no-fund --no-save --prefix '%s' "
                 "@node-rs/jieba >/dev/null 2>&1", work);
        if (system(cmd) != 0)
            printf("(npm install @node-rs/jieba failed)\n");
    }
    snprintf(out, sizeof out, "%s/node-jieba.out", work);
    snprintf(cmd, sizeof cmd, "node '%s/run-node-jieba.js' '%s' '%s' '%s' '%s' 2>/dev/null",
             scripts, work, jdict, sq, out);
    if (run_tool(cmd, &secs, &rss) && score_file(out, &gold, &sc)) {
        mbs_n = bytes / secs / 1e6;
        char note[64];
        snprintf(note, sizeof note, "(peak RSS %.0f MB)", rss / 1024.0);
        print_row("@node-rs/jieba (cut, hmm)", &sc, mbs_n, note);
    } else {
        printf("%-28s SKIP: node or the npm package is not available\n", "@node-rs/jieba");
    }

    printf("\nratios (same run, one core each):\n");
    double p = (double)sc_ours.tp / sc_ours.ntest, r = (double)sc_ours.tp / sc_ours.ngold;
    double f1 = 2 * p * r / (p + r);
    if (have_j) {
        double pj = (double)sc_j.tp / sc_j.ntest, rj = (double)sc_j.tp / sc_j.ngold;
        double fj = 2 * pj * rj / (pj + rj);
        printf("  F1 libgovaudit - jieba, same dictionary: %+.4f (target > 0)\n", f1 - fj);
        printf("  throughput vs jieba: %.1fx (target >= 50x)\n", mbs_ours / mbs_j);
    }
    if (mbs_n > 0)
        printf("  throughput vs @node-rs/jieba: %.2fx (target >= 2x)\n", mbs_ours / mbs_n);
    printf("  dictionary load: %.2f ms (target < 10 ms)\n", best * 1e3);
    ga_segmenter_free(s_j);
    ga_segmenter_free(s_d);
    ga_segmenter_free(s_icu);
    ga_dict_free(jd);
    ga_dict_free(dd);
    return 0;
}
