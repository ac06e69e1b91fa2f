#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "norm/norm-internal.h"

static ga_normalizer_t *make(unsigned flags)
{
    ga_norm_options_t o = {sizeof o, flags, NULL, 0};
    ga_normalizer_t *n = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_normalizer_new(&o, &n, &err), GA_OK);
    ck_assert_ptr_null(err);
    return n;
}

/* Normalise `in` and compare with `want`; returns the result for span checks. */
static ga_normalized_t *norm_eq(const ga_normalizer_t *n, const char *in, const char *want)
{
    ga_normalized_t *r = ga_normalized_new();
    ck_assert_int_eq(ga_normalize(n, in, strlen(in), r, NULL), GA_OK);
    size_t len;
    const char *out = ga_normalized_text(r, &len);
    ck_assert_str_eq(out, want);
    ck_assert_uint_eq(len, strlen(want));
    return r;
}

/* The input bytes behind output span [a, b) equal `want`. */
static void span_is(const ga_normalized_t *r, const char *in, size_t a, size_t b, const char *want)
{
    size_t s, e;
    ck_assert_int_eq(ga_normalized_source_span(r, a, b, &s, &e), GA_OK);
    ck_assert_uint_eq(e - s, strlen(want));
    ck_assert_int_eq(memcmp(in + s, want, e - s), 0);
}

START_TEST(full_width_and_case)
{
    ga_normalizer_t *n = make(GA_NORM_DEFAULT);
    const char *in = "ＡＢＣ政府ＷＷＷ．ＧＯＶ．ＣＮ　１２３";
    ga_normalized_t *r = norm_eq(n, in, "abc政府www.gov.cn 123");
    span_is(r, in, 0, 1, "Ａ");
    span_is(r, in, 0, 3, "ＡＢＣ");
    span_is(r, in, 3, 9, "政府");
    span_is(r, in, 9, 19, "ＷＷＷ．ＧＯＶ．ＣＮ");
    span_is(r, in, 19, 20, "　");
    ga_normalized_free(r);
    ga_normalizer_free(n);
}
END_TEST

START_TEST(traditional_to_simplified)
{
    ga_normalizer_t *n = make(GA_NORM_DEFAULT);
    const char *in = "國務院辦公廳關於政府網站發展指引的通知";
    ga_normalized_t *r = norm_eq(n, in, "国务院办公厅关于政府网站发展指引的通知");
    span_is(r, in, 0, 3, "國");
    span_is(r, in, 6, 18, "院辦公廳");
    ck_assert_int_eq(ga_t2s_char(0x570B), 0x56FD); /* 國 → 国 */
    ck_assert_int_eq(ga_t2s_char(0x653F), 0x653F); /* 政 stays */
    ck_assert_int_eq(ga_t2s_char('A'), 'A');
    ga_normalized_free(r);
    ga_normalizer_free(n);
}
END_TEST

START_TEST(noise_between_han)
{
    ga_normalizer_t *n = make(GA_NORM_DEFAULT);
    const char *in = "敏*感词";
    ga_normalized_t *r = norm_eq(n, in, "敏感词");
    span_is(r, in, 0, 6, "敏*感"); /* the dropped noise lies inside the mapped span */
    span_is(r, in, 3, 6, "感");
    ga_normalized_free(r);
    ga_normalized_free(norm_eq(n, "敏 感", "敏感"));
    ga_normalized_free(norm_eq(n, "敏 ＊ - 感", "敏感"));
    ga_normalized_free(norm_eq(n, "敏\xE2\x80\x8B感", "敏感"));   /* zero-width space */
    ga_normalized_free(norm_eq(n, "法\xC2\xAD轮", "法轮"));           /* soft hyphen */
    ga_normalized_free(norm_eq(n, "ABC DEF", "abc def"));           /* not between Han */
    ga_normalized_free(norm_eq(n, "政府 2023", "政府 2023"));
    ga_normalized_free(norm_eq(n, "国家，民族", "国家,民族"));       /* sentence punctuation stays */
    ga_normalized_free(norm_eq(n, "网站*", "网站*"));               /* no Han after the run */
    ga_normalized_free(norm_eq(n, "國 務", "国务"));                 /* traditional on both sides */
    ga_normalizer_free(n);

    ga_normalizer_t *keep = make(GA_NORM_DEFAULT & ~GA_NORM_DROP_NOISE);
    ga_normalized_free(norm_eq(keep, "敏*感", "敏*感"));
    ga_normalizer_free(keep);

    /* A caller-chosen noise set replaces the default one. */
    ga_norm_options_t o = {sizeof o, GA_NORM_DEFAULT, "#", 1};
    ga_normalizer_t *custom = NULL;
    ck_assert_int_eq(ga_normalizer_new(&o, &custom, NULL), GA_OK);
    ga_normalized_free(norm_eq(custom, "敏#感", "敏感"));
    ga_normalized_free(norm_eq(custom, "敏*感", "敏*感"));
    ga_normalizer_free(custom);
}
END_TEST

START_TEST(compatibility_expansions_and_combining)
{
    ga_normalizer_t *n = make(GA_NORM_DEFAULT);
    const char *in = "x㍿①e\xCC\x81ｶﾞ";
    /* ㍿ → 株式会社 (one input char, four output chars), ① → 1, e+U+0301 → é, ｶﾞ → ガ */
    ga_normalized_t *r = norm_eq(n, in, "x株式会社1éガ");
    span_is(r, in, 1, 4, "㍿");
    span_is(r, in, 4, 13, "㍿"); /* any part of the expansion maps to the whole source */
    span_is(r, in, 13, 14, "①");
    span_is(r, in, 14, 16, "e\xCC\x81");
    span_is(r, in, 16, 19, "ｶﾞ");
    ga_normalized_free(r);
    ga_normalizer_free(n);
}
END_TEST

START_TEST(flags_select_steps)
{
    ga_normalizer_t *w = make(GA_NORM_WIDTH);
    ga_normalized_free(norm_eq(w, "ＡＢ①國", "AB①國"));
    ga_normalizer_free(w);
    ga_normalizer_t *c = make(GA_NORM_CASEFOLD);
    ga_normalized_free(norm_eq(c, "GOV ＡΣ", "gov ａσ"));
    ga_normalizer_free(c);
    ga_normalizer_t *none = make(0);
    ga_normalized_free(norm_eq(none, "ＡＢ 國 敏*感", "ＡＢ 國 敏*感"));
    ga_normalizer_free(none);
    ga_normalizer_t *t = make(GA_NORM_T2S);
    ck_assert_uint_eq(ga_normalizer_flags(t), GA_NORM_T2S);
    ga_normalized_free(norm_eq(t, "ＡＢ 國", "ＡＢ 国"));
    ga_normalizer_free(t);
}
END_TEST

START_TEST(invalid_utf8)
{
    ga_normalizer_t *n = make(GA_NORM_DEFAULT);
    ga_normalized_t *r = ga_normalized_new();
    ga_error_t *err = NULL;
    const char in[] = "政府\xE6\x94网站";
    ck_assert_int_eq(ga_normalize(n, in, sizeof in - 1, r, &err), GA_ERR_INVALID_UTF8);
    ck_assert_uint_eq(ga_error_offset(err), 6);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "byte 6"));
    ga_error_free(err);
    ga_normalizer_free(n);

    ga_normalizer_t *rep = make(GA_NORM_DEFAULT | GA_NORM_REPLACE_INVALID);
    ck_assert_int_eq(ga_normalize(rep, in, sizeof in - 1, r, NULL), GA_OK);
    ck_assert_str_eq(ga_normalized_text(r, NULL), "政府\xEF\xBF\xBD网站");
    span_is(r, in, 6, 9, "\xE6\x94");
    span_is(r, in, 9, 12, "网");
    ga_normalizer_free(rep);
    ga_normalized_free(r);
}
END_TEST

START_TEST(bad_arguments)
{
    ga_normalizer_t *n = NULL;
    ga_error_t *err = NULL;
    ga_norm_options_t small = {4, GA_NORM_DEFAULT, NULL, 0};
    ck_assert_int_eq(ga_normalizer_new(&small, &n, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    err = NULL;
    ga_norm_options_t unknown = {sizeof unknown, 1u << 20, NULL, 0};
    ck_assert_int_eq(ga_normalizer_new(&unknown, &n, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    ga_norm_options_t badnoise = {sizeof badnoise, GA_NORM_DEFAULT, "\xFF", 1};
    ck_assert_int_eq(ga_normalizer_new(&badnoise, &n, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(n);
    ck_assert_int_eq(ga_normalizer_new(NULL, NULL, NULL), GA_ERR_INVALID_ARGUMENT);

    ck_assert_int_eq(ga_normalizer_new(NULL, &n, NULL), GA_OK);
    ga_normalized_t *r = ga_normalized_new();
    ck_assert_int_eq(ga_normalize(n, NULL, 3, r, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_normalize(n, "", 0, r, NULL), GA_OK);
    size_t len = 99, s = 1, e = 1;
    ck_assert_str_eq(ga_normalized_text(r, &len), "");
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(ga_normalized_source_span(r, 0, 0, &s, &e), GA_OK);
    ck_assert_uint_eq(s, 0);
    ck_assert_int_eq(ga_normalized_source_span(r, 0, 1, &s, &e), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_normalize(n, "ab", 2, r, NULL), GA_OK);
    ck_assert_int_eq(ga_normalized_source_span(r, 2, 1, &s, &e), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_normalized_source_span(r, 2, 2, &s, &e), GA_OK);
    ck_assert_uint_eq(s, 2);
    ga_normalized_free(r);
    ga_normalizer_free(n);
    ga_normalizer_free(NULL);
    ga_normalized_free(NULL);
}
END_TEST

/* Random mixes of Han, ASCII, full-width, traditional, compatibility and combining text:
 * the map must be monotonic, inside the input, and each output character must come out
 * of normalising its source span alone. Fragments never hold noise, so normalising them
 * one by one and concatenating must give the whole output too. */
static const char *fragments[] = {
    "政府", "網站", "ＡＢＣ", "abc", "123", "１２３", "國務院", "㍿", "①", "e\xCC\x81",
    "ｶﾞ", "，", "。", "Σ", "ß", "𠀀", "﹏", "ﬁ", "\xEF\xBF\xBD", "\xCC\x81",
};

START_TEST(offset_map_is_exact_on_random_mixes)
{
    ga_normalizer_t *n = make(GA_NORM_DEFAULT & ~GA_NORM_DROP_NOISE);
    ga_normalized_t *whole = ga_normalized_new(), *part = ga_normalized_new();
    unsigned seed = 12345;
    for (int round = 0; round < 400; round++) {
        char in[512] = "", concat[2048] = "";
        int k = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
        for (int f = 0; f < k; f++) {
            seed = seed * 1103515245u + 12345u;
            const char *frag = fragments[(seed >> 16) % (sizeof fragments / sizeof *fragments)];
            /* A leading combining mark would merge with the previous fragment. */
            if (frag[0] == '\xCC' && f > 0)
                continue;
            strcat(in, frag);
            ck_assert_int_eq(ga_normalize(n, frag, strlen(frag), part, NULL), GA_OK);
            strcat(concat, ga_normalized_text(part, NULL));
        }
        size_t in_len = strlen(in), out_len;
        ck_assert_int_eq(ga_normalize(n, in, in_len, whole, NULL), GA_OK);
        const char *out = ga_normalized_text(whole, &out_len);
        ck_assert_str_eq(out, concat);
        size_t pos = 0, prev_end = 0;
        while (pos < out_len) {
            size_t a = pos, s, e;
            ck_assert_int_ge(ga_utf8_next(out, out_len, &pos), 0);
            ck_assert_int_eq(ga_normalized_source_span(whole, a, pos, &s, &e), GA_OK);
            ck_assert_uint_le(s, e);
            ck_assert_uint_le(e, in_len);
            size_t ps = 0, pe = 0;
            if (a > 0)
                ck_assert_int_eq(ga_normalized_source_span(whole, a - 1, a, &ps, &pe), GA_OK);
            ck_assert(s >= prev_end || s == ps);
            prev_end = e;
            ck_assert_int_eq(ga_normalize(n, in + s, e - s, part, NULL), GA_OK);
            char ch[8] = {0};
            memcpy(ch, out + a, pos - a);
            ck_assert_ptr_nonnull(strstr(ga_normalized_text(part, NULL), ch));
        }
    }
    ga_normalized_free(whole);
    ga_normalized_free(part);
    ga_normalizer_free(n);
}
END_TEST

typedef struct {
    const ga_normalizer_t *n;
    int ok;
} thread_arg_t;

static void *worker(void *p)
{
    thread_arg_t *a = p;
    ga_normalized_t *r = ga_normalized_new();
    a->ok = 1;
    for (int i = 0; i < 2000 && a->ok; i++) {
        const char *in = "國務院辦公廳 ＡＢＣ 敏*感 ㍿";
        if (ga_normalize(a->n, in, strlen(in), r, NULL) != GA_OK ||
            strcmp(ga_normalized_text(r, NULL), "国务院办公厅 abc 敏感 株式会社") != 0)
            a->ok = 0;
    }
    ga_normalized_free(r);
    return NULL;
}

START_TEST(shared_across_threads)
{
    ga_normalizer_t *n = make(GA_NORM_DEFAULT);
    pthread_t th[8];
    thread_arg_t args[8];
    for (int i = 0; i < 8; i++) {
        args[i].n = n;
        pthread_create(&th[i], NULL, worker, &args[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(th[i], NULL);
        ck_assert_int_eq(args[i].ok, 1);
    }
    ga_normalizer_free(n);
}
END_TEST

START_TEST(large_input)
{
    ga_normalizer_t *n = make(GA_NORM_DEFAULT);
    size_t reps = 200000;
    const char *unit = "國務院ＡＢ ";
    size_t ulen = strlen(unit);
    char *in = malloc(reps * ulen + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(in + i * ulen, unit, ulen);
    ga_normalized_t *r = ga_normalized_new();
    ck_assert_int_eq(ga_normalize(n, in, reps * ulen, r, NULL), GA_OK);
    size_t len;
    ga_normalized_text(r, &len);
    ck_assert_uint_eq(len, reps * strlen("国务院ab "));
    size_t s, e;
    ck_assert_int_eq(ga_normalized_source_span(r, len - 3, len, &s, &e), GA_OK);
    ck_assert_uint_eq(e, reps * ulen);
    ga_normalized_free(r);
    free(in);
    ga_normalizer_free(n);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("norm");
    TCase *tc = tcase_create("norm");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, full_width_and_case);
    tcase_add_test(tc, traditional_to_simplified);
    tcase_add_test(tc, noise_between_han);
    tcase_add_test(tc, compatibility_expansions_and_combining);
    tcase_add_test(tc, flags_select_steps);
    tcase_add_test(tc, invalid_utf8);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, offset_map_is_exact_on_random_mixes);
    tcase_add_test(tc, shared_across_threads);
    tcase_add_test(tc, large_input);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
