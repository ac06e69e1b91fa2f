/* The C side of the Python bindings benchmark: the same calls the bindings make, on the
 * same inputs, through the public API. Prints "OP NS_PER_CALL" lines for bench_python.py.
 *   bench-bindings-c SHORT.txt ARTICLE.txt PAGE.html ITERATIONS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <govaudit/govaudit.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static volatile size_t sink;

static void check_text(const ga_matcher_t *m, ga_match_scratch_t *s, const char *t, size_t n)
{
    if (ga_match_scan(m, s, t, n, NULL) != GA_OK)
        exit(2);
    for (size_t i = 0; i < ga_match_count(s); i++) {
        ga_finding_t f;
        f.size = sizeof f;
        ga_match_get(s, i, &f);
        sink += f.end - f.start + strlen(f.rule) + strlen(f.suggestion) + strlen(f.category);
    }
}

static ga_token_t toks[1 << 16];

static void cut_text(const ga_segmenter_t *seg, const char *t, size_t n)
{
    size_t count;
    if (ga_segment_tokens(seg, t, n, toks, sizeof toks / sizeof *toks, &count, NULL) != GA_OK)
        exit(2);
    sink += count;
}

static void parse(const char *html, size_t n)
{
    ga_page_t *p;
    if (ga_page_parse(html, n, "http://www.example.gov.cn/a.html", NULL, &p, NULL) != GA_OK)
        exit(2);
    size_t len;
    sink += strlen(ga_page_title(p) ? ga_page_title(p) : "") + ga_page_link_count(p) +
            ga_page_column_count(p) + ga_page_meta_count(p) + ga_page_item_count(p);
    ga_page_text(p, &len);
    for (size_t i = 0; i < ga_page_link_count(p); i++)
        sink += strlen(ga_page_link_url(p, i));
    sink += len;
    ga_page_free(p);
}

#define TIME(name, iters, stmt)                                                      \
    do {                                                                             \
        double best = 1e30;                                                          \
        for (int round = 0; round < 3; round++) {                                    \
            double t0 = now();                                                       \
            for (long it = 0; it < (iters); it++)                                    \
                stmt;                                                                \
            double dt = (now() - t0) / (double)(iters);                              \
            if (dt < best)                                                           \
                best = dt;                                                           \
        }                                                                            \
        printf("%s %.1f\n", name, best * 1e9);                                       \
    } while (0)

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: bench-bindings-c SHORT.txt ARTICLE.txt PAGE.html ITERATIONS\n");
        return 2;
    }
    size_t ns, na, nh;
    char *sh = slurp(argv[1], &ns), *art = slurp(argv[2], &na), *html = slurp(argv[3], &nh);
    long iters = atol(argv[4]);
    if (!sh || !art || !html || iters <= 0) {
        fprintf(stderr, "bench-bindings-c: cannot read the inputs\n");
        return 2;
    }
    ga_error_t *err = NULL;
    ga_matcher_t *m;
    ga_dict_t *dict;
    ga_segmenter_t *seg;
    if (ga_matcher_load_default(&m, &err) != GA_OK || ga_dict_load_default(&dict, &err) != GA_OK ||
        ga_segmenter_new(dict, GA_SEG_DEFAULT, &seg, &err) != GA_OK) {
        fprintf(stderr, "bench-bindings-c: %s\n", ga_error_message(err));
        return 2;
    }
    ga_match_scratch_t *s = ga_match_scratch_new();
    TIME("version", iters * 10, sink += strlen(ga_version_string()));
    TIME("check_short", iters, check_text(m, s, sh, ns));
    TIME("check_article", iters / 10 + 1, check_text(m, s, art, na));
    TIME("cut_short", iters, cut_text(seg, sh, ns));
    TIME("cut_article", iters / 10 + 1, cut_text(seg, art, na));
    TIME("parse_page", iters / 10 + 1, parse(html, nh));
    ga_match_scratch_free(s);
    ga_segmenter_free(seg);
    ga_dict_free(dict);
    ga_matcher_free(m);
    free(sh);
    free(art);
    free(html);
    return 0;
}
