/* Unit tests of the spell module: the model builder, the file format, protected words,
 * offsets, the matcher's findings left alone, thread sharing, and the shipped model on
 * typos of official texts written for these tests. */
#include <pthread.h>
#include <unistd.h>

#include <govaudit/match.h>
#include <govaudit/spell.h>

#include "spell/spell-internal.h"
#include "spell-small.h"
#include "testutil.h"

static void *build_small(size_t *len, const char *protect)
{
    void *img = ga_test_spell_small(len, protect);
    ck_assert_ptr_nonnull(img);
    return img;
}

static ga_spell_model_t *small_model(const char *protect)
{
    size_t len;
    void *img = build_small(&len, protect);
    ga_spell_model_t *m;
    ga_error_t *err = NULL;
    ck_assert_msg(ga_spell_model_load_buffer(img, len, &m, &err) == GA_OK, "%s",
                  ga_error_message(err));
    free(img);
    return m;
}

/* The findings of a check as "text>suggestion@start-end;..." */
static const char *findings(const ga_spell_model_t *m, const char *text, size_t len)
{
    static char out[1024];
    ga_spell_scratch_t *s = ga_spell_scratch_new();
    ga_error_t *err = NULL;
    ck_assert_msg(ga_spell_check(m, s, text, len, NULL, &err) == GA_OK, "%s",
                  ga_error_message(err));
    out[0] = 0;
    for (size_t i = 0; i < ga_spell_count(s); i++) {
        ga_finding_t f = {.size = sizeof f};
        ck_assert_int_eq(ga_spell_get(s, i, &f), GA_OK);
        size_t o = strlen(out);
        snprintf(out + o, sizeof out - o, "%.*s>%s@%zu-%zu;", (int)(f.end - f.start), f.text,
                 f.suggestion, f.start, f.end);
    }
    ga_spell_scratch_free(s);
    return out;
}

START_TEST(builder_and_check)
{
    ga_spell_model_t *m = small_model(NULL);
    /* 休 (OD) looks like 体 (ODM): the corrected text makes 总体 方案 */
    ck_assert_str_eq(findings(m, "总休方案", strlen("总休方案")), "休>体@3-6;");
    /* already right: nothing */
    ck_assert_str_eq(findings(m, "总体方案", strlen("总体方案")), "");
    /* 堂 and 常 share a phonetic component: 常务委员会 */
    ck_assert_str_eq(findings(m, "堂务委员会", strlen("堂务委员会")), "堂>常@0-3;");
    ga_spell_scratch_t *s = ga_spell_scratch_new();
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_spell_check(m, s, "总休方案", strlen("总休方案"), NULL, &err), GA_OK);
    ga_finding_t f = {.size = sizeof f};
    ck_assert_int_eq(ga_spell_get(s, 0, &f), GA_OK);
    ck_assert_str_eq(f.category, "错别字");
    ck_assert_str_eq(f.rule, "spell:shape");
    ck_assert_int_ne(f.severity, GA_SEVERITY_SERIOUS);
    ck_assert(ga_spell_confidence(s, 0) > 0.5 && ga_spell_confidence(s, 0) <= 1.0);
    ck_assert_uint_ge(ga_spell_candidate_count(s, 0), 1);
    ck_assert_str_eq(ga_spell_candidate(s, 0, 0), "体");
    /* out of range */
    ck_assert_int_eq(ga_spell_get(s, 1, &f), GA_ERR_INVALID_ARGUMENT);
    f.size = 4;
    ck_assert_int_eq(ga_spell_get(s, 0, &f), GA_ERR_INVALID_ARGUMENT);
    ck_assert(ga_spell_candidate(s, 0, 9) == NULL);
    ck_assert(ga_spell_confidence(s, 7) == 0.0);
    ga_spell_scratch_free(s);
    ga_spell_model_free(m);
}
END_TEST

START_TEST(builder_rejects_bad_ngrams)
{
    ga_spell_builder_t *b;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_spell_builder_new(&b, &err), GA_OK);
    ck_assert_int_eq(ga_spell_builder_add_vocab(b, "<unk>", &err), GA_OK);
    uint32_t ids[2] = {0, 5};
    ck_assert_int_eq(ga_spell_builder_add_ngram(b, ids, 2, -1, 0, &err), GA_ERR_FORMAT);
    ga_error_free(err);
    err = NULL;
    ck_assert_int_eq(ga_spell_builder_add_ngram(b, ids, 1, 0.5f, 0, &err), GA_ERR_FORMAT);
    ga_error_free(err);
    err = NULL;
    ck_assert_int_eq(ga_spell_builder_add_ngram(b, ids, 4, -1, 0, &err),
                     GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    ga_spell_builder_free(b);
    /* a vocabulary without <unk> is not a language model */
    ck_assert_int_eq(ga_spell_builder_new(&b, &err), GA_OK);
    ck_assert_int_eq(ga_spell_builder_add_vocab(b, "总", &err), GA_OK);
    void *img;
    size_t len;
    err = NULL;
    ck_assert_int_eq(ga_spell_builder_finish(b, &img, &len, &err), GA_ERR_FORMAT);
    ga_error_free(err);
    ga_spell_builder_free(b);
}
END_TEST

static char *tmp_file(const void *data, size_t len)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/ga-spell-test-%ld.gaspell", (long)getpid());
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

START_TEST(file_format)
{
    size_t len;
    unsigned char *img = build_small(&len, NULL);
    ga_spell_model_t *m;
    ga_error_t *err = NULL;
    /* round trip through a file */
    const char *path = tmp_file(img, len);
    ck_assert_int_eq(ga_spell_model_load(path, &m, &err), GA_OK);
    ck_assert_str_eq(findings(m, "总休方案", strlen("总休方案")), "休>体@3-6;");
    ga_spell_model_free(m);
    /* every byte flipped in turn somewhere in the payload: checksum */
    for (size_t at = sizeof(ga_spell_header_t); at < len; at += len / 37 + 1) {
        img[at] ^= 0x5A;
        ck_assert_int_eq(ga_spell_model_load_buffer(img, len, &m, &err), GA_ERR_FORMAT);
        ck_assert_ptr_nonnull(strstr(ga_error_message(err), "checksum"));
        ga_error_free(err);
        err = NULL;
        img[at] ^= 0x5A;
    }
    /* truncated at several places */
    for (size_t cut = 0; cut < len; cut += len / 11 + 1) {
        ck_assert_int_eq(ga_spell_model_load_buffer(img, cut, &m, &err), GA_ERR_FORMAT);
        ga_error_free(err);
        err = NULL;
    }
    /* another version */
    ((ga_spell_header_t *)img)->version = 99;
    ck_assert_int_eq(ga_spell_model_load_buffer(img, len, &m, &err), GA_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "version"));
    ga_error_free(err);
    err = NULL;
    /* a foreign file */
    const char foreign[] = "GADICT\r\n this is a dictionary, not a spelling model......";
    ck_assert_int_eq(ga_spell_model_load_buffer(foreign, sizeof foreign, &m, &err),
                     GA_ERR_FORMAT);
    ga_error_free(err);
    err = NULL;
    /* a missing file */
    ck_assert_int_eq(ga_spell_model_load("/nonexistent/x.gaspell", &m, &err), GA_ERR_IO);
    ga_error_free(err);
    err = NULL;
    /* a bad index with a valid checksum is still refused */
    ((ga_spell_header_t *)img)->version = GA_SPELL_VERSION;
    ga_spell_image_t probe;
    ck_assert_int_eq(ga_spell_attach(&probe, img, len, "x", &err), GA_OK);
    uint32_t *conf_start = (uint32_t *)probe.conf_start;
    conf_start[1] = 0xFFFFFF;
    ga_spell_header_t *h = (ga_spell_header_t *)img;
    h->checksum = ga_hash64(img + sizeof *h, h->payload_size, GA_SPELL_SEED);
    ck_assert_int_eq(ga_spell_model_load_buffer(img, len, &m, &err), GA_ERR_FORMAT);
    ga_error_free(err);
    unlink(path);
    free(img);
}
END_TEST

START_TEST(protected_words)
{
    /* a word of the protected list is never corrected */
    ga_spell_model_t *m = small_model("总休方案 5\n");
    ck_assert_str_eq(findings(m, "总休方案", strlen("总休方案")), "");
    ga_spell_model_free(m);
    /* the caller's words, over a model: the base is unchanged */
    m = small_model(NULL);
    ga_spell_model_t *u;
    ga_error_t *err = NULL;
    const char words[] = "# the caller's terms\n总休方案\n";
    ck_assert_int_eq(ga_spell_model_add_words(m, "user", words, strlen(words), &u, &err), GA_OK);
    ck_assert_str_eq(findings(u, "总休方案", strlen("总休方案")), "");
    ck_assert_str_eq(findings(m, "总休方案", strlen("总休方案")), "休>体@3-6;");
    ga_spell_model_free(u);
    /* a bad user dictionary names its line */
    const char bad[] = "好词\n坏词 99999999999\n";
    ck_assert_int_eq(ga_spell_model_add_words(m, "user.txt", bad, strlen(bad), &u, &err),
                     GA_ERR_SYNTAX);
    ck_assert_uint_eq(ga_error_line(err), 2);
    ga_error_free(err);
    ga_spell_model_free(m);
}
END_TEST

START_TEST(offsets_and_invalid_utf8)
{
    ga_spell_model_t *m = small_model(NULL);
    /* emoji, ASCII, full width and a combining mark around the typo: byte offsets */
    const char text[] = "😀 ok Ａ１ e\xcc\x81 总休方案！";
    const char *want = "休>体@22-25;";
    ck_assert_str_eq(findings(m, text, strlen(text)), want);
    ck_assert(memcmp(text + 22, "休", 3) == 0);
    /* empty text */
    ck_assert_str_eq(findings(m, "", 0), "");
    /* ill-formed UTF-8: the offset of the first bad byte */
    ga_spell_scratch_t *s = ga_spell_scratch_new();
    ga_error_t *err = NULL;
    const char bad[] = "总休方案\xe5\xa0";
    ck_assert_int_eq(ga_spell_check(m, s, bad, strlen(bad), NULL, &err), GA_ERR_INVALID_UTF8);
    ck_assert_uint_eq(ga_error_offset(err), 12);
    ck_assert_uint_eq(ga_spell_count(s), 0);
    ga_error_free(err);
    ga_spell_scratch_free(s);
    ga_spell_model_free(m);
}
END_TEST

START_TEST(matcher_findings_left_alone)
{
    ga_spell_model_t *m = small_model(NULL);
    ga_rules_t *r = ga_rules_new();
    ga_error_t *err = NULL;
    const char rules[] = "@category 错别字\n总休方案\t总体方案\n";
    ck_assert_int_eq(ga_rules_add_text(r, "t.rules", rules, strlen(rules), &err), GA_OK);
    ga_matcher_t *mt;
    ck_assert_int_eq(ga_matcher_compile(r, &mt, &err), GA_OK);
    ga_match_scratch_t *ms = ga_match_scratch_new();
    ga_spell_scratch_t *s = ga_spell_scratch_new();
    const char text[] = "总休方案和堂务委员会";
    ck_assert_int_eq(ga_match_scan(mt, ms, text, strlen(text), &err), GA_OK);
    ck_assert_uint_eq(ga_match_count(ms), 1);
    ck_assert_int_eq(ga_spell_check(m, s, text, strlen(text), ms, &err), GA_OK);
    /* 休 is the rule's; 堂 is still the model's */
    ck_assert_uint_eq(ga_spell_count(s), 1);
    ga_finding_t f = {.size = sizeof f};
    ga_spell_get(s, 0, &f);
    ck_assert_str_eq(f.suggestion, "常");
    ga_spell_scratch_free(s);
    ga_match_scratch_free(ms);
    ga_matcher_free(mt);
    ga_rules_free(r);
    ga_spell_model_free(m);
}
END_TEST

typedef struct job {
    const ga_spell_model_t *m;
    char out[1024];
} job_t;

static void *check_many(void *arg)
{
    job_t *j = arg;
    ga_spell_scratch_t *s = ga_spell_scratch_new();
    const char *texts[] = {"总休方案", "堂务委员会", "总体方案规划", "😀总休"};
    j->out[0] = 0;
    for (int rep = 0; rep < 200; rep++)
        for (size_t t = 0; t < 4; t++) {
            if (ga_spell_check(j->m, s, texts[t], strlen(texts[t]), NULL, NULL) != GA_OK)
                return NULL;
            if (rep == 0)
                for (size_t i = 0; i < ga_spell_count(s); i++) {
                    ga_finding_t f = {.size = sizeof f};
                    ga_spell_get(s, i, &f);
                    size_t o = strlen(j->out);
                    snprintf(j->out + o, sizeof j->out - o, "%zu:%s:%zu;", t, f.suggestion,
                             f.start);
                }
        }
    ga_spell_scratch_free(s);
    return NULL;
}

START_TEST(shared_across_threads)
{
    ga_spell_model_t *m = small_model(NULL);
    job_t jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].m = m;
        pthread_create(&th[i], NULL, check_many, &jobs[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 1; i < 4; i++)
        ck_assert_str_eq(jobs[i].out, jobs[0].out);
    ck_assert_str_eq(jobs[0].out, "0:体:3;1:常:0;3:体:7;");
    ga_spell_model_free(m);
}
END_TEST

/* The shipped model on typos of the kind that reach the public, in sentences written for
 * this test, and on correct official wording. */
START_TEST(shipped_model)
{
    ga_spell_model_t *m;
    ga_error_t *err = NULL;
    if (ga_spell_model_load_default(&m, &err) != GA_OK)
        ck_abort_msg("default model: %s", ga_error_message(err));
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"全国人民代表大会堂务委员会第三次会议审议了该议案。", "堂>常"},
        {"请各单位结合实际制定总休方案。", "休>体"},
        {"市政府办公室印发了关于加强政务公开工作的通知。", ""},
        {"区人民政府认真落实国务院关于深化放管服改革的决策部署。", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = findings(m, cases[i].text, strlen(cases[i].text));
        if (!cases[i].want[0])
            ck_assert_msg(!got[0], "%s: %s", cases[i].text, got);
        else
            ck_assert_msg(strstr(got, cases[i].want) && strchr(got, ';') == strrchr(got, ';'),
                          "%s: %s", cases[i].text, got);
    }
    ga_spell_model_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("spell");
    TCase *tc = tcase_create("spell");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, builder_and_check);
    tcase_add_test(tc, builder_rejects_bad_ngrams);
    tcase_add_test(tc, file_format);
    tcase_add_test(tc, protected_words);
    tcase_add_test(tc, offsets_and_invalid_utf8);
    tcase_add_test(tc, matcher_findings_left_alone);
    tcase_add_test(tc, shared_across_threads);
    tcase_add_test(tc, shipped_model);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
