/*
 * Normalisation throughput next to ICU's own NFKC on the same text in the same run.
 * Anchor: UTF-8 → UTF-16 conversion plus unorm2_normalize over the whole text (what a
 * caller without an offset map would pay). Text: the PKU test set when ../shared/data is
 * present, else a generated mix of Han, full-width and traditional text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <govaudit/govaudit.h>

#include "core/core-internal.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static char *generated(size_t *len)
{
    static const char *parts[] = {"政府网站", "與政務新媒體", "检查指标", "ＡＢＣ", "2023年7月31日",
                                  "，", "。", "國務院辦公廳", "信息公开", " www.gov.cn "};
    ga_buf_t b = {0};
    unsigned seed = 7;
    while (b.len < 8u << 20) {
        seed = seed * 1103515245u + 12345u;
        const char *p = parts[(seed >> 16) % (sizeof parts / sizeof *parts)];
        ga_buf_append(&b, p, strlen(p));
    }
    *len = b.len;
    return b.data;
}

/* Best of `rounds` runs, in MB/s. */
static double bench_ga(const ga_normalizer_t *n, const char *text, size_t len, int rounds)
{
    ga_normalized_t *r = ga_normalized_new();
    double best = 1e9;
    for (int i = 0; i < rounds; i++) {
        double t0 = now();
        if (ga_normalize(n, text, len, r, NULL) != GA_OK) {
            fprintf(stderr, "normalize failed\n");
            exit(1);
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    ga_normalized_free(r);
    return (double)len / best / 1e6;
}

static double bench_icu(const char *text, size_t len, int rounds)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
    UChar *u = malloc((len + 1) * sizeof(UChar)), *o = malloc((len * 3 + 16) * sizeof(UChar));
    double best = 1e9;
    for (int i = 0; i < rounds; i++) {
        double t0 = now();
        int32_t ulen;
        st = U_ZERO_ERROR;
        u_strFromUTF8(u, (int32_t)len + 1, &ulen, text, (int32_t)len, &st);
        unorm2_normalize(nfkc, u, ulen, o, (int32_t)(len * 3 + 16), &st);
        double t = now() - t0;
        if (U_FAILURE(st)) {
            fprintf(stderr, "ICU: %s\n", u_errorName(st));
            exit(1);
        }
        if (t < best)
            best = t;
    }
    free(u);
    free(o);
    return (double)len / best / 1e6;
}

int main(int argc, char **argv)
{
    char *text = NULL;
    size_t len = 0;
    const char *source = "generated mix (../shared/data absent)";
    if (argc > 1 && ga_read_file(argv[1], &text, &len, NULL) == GA_OK) {
        source = argv[1];
        /* Repeat the corpus to ~8 MB so timings are well above clock resolution. */
        ga_buf_t b = {0};
        while (b.len < 8u << 20)
            ga_buf_append(&b, text, len);
        free(text);
        text = b.data;
        len = b.len;
    } else {
        text = generated(&len);
    }
    printf("text: %s, %.1f MB\n", source, (double)len / 1e6);
    double icu = bench_icu(text, len, 5);
    printf("%-44s %8.1f MB/s  (anchor)\n", "ICU unorm2_normalize NFKC (incl. UTF-8→16)", icu);
    static const struct {
        const char *name;
        unsigned flags;
    } configs[] = {
        {"ga_normalize NFKC + offset map", GA_NORM_NFKC},
        {"ga_normalize all steps (default) + map", GA_NORM_DEFAULT},
    };
    for (size_t i = 0; i < sizeof configs / sizeof *configs; i++) {
        ga_norm_options_t o = {sizeof o, configs[i].flags, NULL, 0};
        ga_normalizer_t *n;
        ga_normalizer_new(&o, &n, NULL);
        double mb = bench_ga(n, text, len, 5);
        printf("%-44s %8.1f MB/s  %.2fx ICU\n", configs[i].name, mb, mb / icu);
        ga_normalizer_free(n);
    }
    free(text);
    return 0;
}
