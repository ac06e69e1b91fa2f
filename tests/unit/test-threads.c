/*
 * Thread safety across modules: eight threads share one dictionary, segmenter, matcher,
 * profile and dedup index, each working on different text, and every result must equal
 * the single-threaded one. scripts/run-tests also runs this under ThreadSanitizer.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "core/core-internal.h"
#include "testutil.h"

enum { THREADS = 8, TEXTS = 48, ROUNDS = 3 };

static const char *sentences[] = {
    "会议强调，各地各部门要再接再励，确保各项任务按时保质完成。",
    "根据国办发[2019]19号文件要求，现将有关事项通知如下。",
    "原国家工商行政管理总局有关文件同时废止。",
    "市环境保护局负责本政策的解释工作。",
    "今年以来全市累计完成投资128.5亿元，同比增长9.8%。",
    "下一步，我市将继续推进“一网通办”和“放管服”改革，优化营商环境。",
    "2023年7月31日上午，市政府召开常务会议，研究部署防汛工作。",
    "各乡镇（街道）要结合实际，抓好政策宣传解读，引导群众积极参与。",
};

/* Text `i`: a different mix of sentences for each i. */
static char *make_text(unsigned i)
{
    ga_buf_t b = {0};
    unsigned n = sizeof sentences / sizeof *sentences;
    for (unsigned k = 0; k < 6 + i % 5; k++) {
        const char *s = sentences[(i * 7 + k * (i % 3 + 1)) % n];
        ga_buf_append(&b, s, strlen(s));
    }
    return b.data;
}

typedef struct shared {
    const ga_segmenter_t *seg;
    const ga_matcher_t *matcher;
    const ga_profile_t *profile;
    const ga_dedup_index_t *index;
    char *texts[TEXTS];
} shared_t;

static uint64_t mix(uint64_t h, uint64_t v) { return ga_hash64(&v, sizeof v, h); }

static int token_cb(const ga_token_t *t, void *user)
{
    uint64_t *h = user;
    *h = mix(mix(mix(*h, t->start), t->end), t->kind);
    return 0;
}

/* Everything each module computes for text `i`, folded into one value. */
static uint64_t work(const shared_t *sh, unsigned i, ga_match_scratch_t *scratch,
                     ga_dedup_matches_t *matches)
{
    const char *text = sh->texts[i];
    size_t len = strlen(text);
    uint64_t h = i;
    ck_assert_int_eq(ga_segment(sh->seg, text, len, token_cb, &h, NULL), GA_OK);

    ck_assert_int_eq(ga_match_scan(sh->matcher, scratch, text, len, NULL), GA_OK);
    for (size_t k = 0; k < ga_match_count(scratch); k++) {
        ga_finding_t f = {.size = sizeof f};
        ck_assert_int_eq(ga_match_get(scratch, k, &f), GA_OK);
        h = mix(mix(h, f.start), f.end);
        h = ga_hash64(f.rule, strlen(f.rule), h);
    }

    ga_dedup_doc_t doc = {.size = sizeof doc, .site = "q.gov.cn", .column = "政务要闻",
                          .date = "2023-08-01", .text = text, .text_len = len};
    ck_assert_int_eq(ga_dedup_index_query(sh->index, &doc, matches, NULL), GA_OK);
    for (size_t k = 0; k < ga_dedup_matches_count(matches); k++)
        h = mix(mix(h, ga_dedup_matches_doc(matches, k)),
                (uint64_t)(ga_dedup_matches_similarity(matches, k) * 1e6));

    ga_observations_t *obs = NULL;
    ck_assert_int_eq(ga_observations_new(GA_OBJECT_WEBSITE, &obs, NULL), GA_OK);
    int64_t t;
    ck_assert_int_eq(ga_time_parse("2023-08-15", 10, &t, NULL), GA_OK);
    ga_obs_set_time(obs, t);
    size_t col;
    ck_assert_int_eq(ga_obs_add_column(obs, "c1", "政务要闻", "news", 1, 0, &col, NULL), GA_OK);
    ck_assert_int_eq(ga_obs_add_column_item(obs, col, t - (int64_t)(i % 30) * 86400, NULL), GA_OK);
    for (size_t k = 0; k < ga_match_count(scratch); k++) {
        ga_finding_t f = {.size = sizeof f};
        ga_match_get(scratch, k, &f);
        ck_assert_int_eq(ga_obs_add_finding(obs, f.rule, f.category,
                                            ga_severity_name(f.severity), f.suggestion,
                                            "http://q.gov.cn/a.html", NULL),
                         GA_OK);
    }
    ga_score_result_t *res = NULL;
    ck_assert_int_eq(ga_score(sh->profile, obs, &res, NULL), GA_OK);
    char *json = NULL;
    size_t jlen = 0;
    ck_assert_int_eq(ga_score_result_json(res, obs, 0, &json, &jlen, NULL), GA_OK);
    h = ga_hash64(json, jlen, h);
    ga_string_free(json);
    ga_score_result_free(res);
    ga_observations_free(obs);
    return h;
}

typedef struct job {
    const shared_t *sh;
    unsigned first;
    uint64_t got[TEXTS];
} job_t;

static void *run_job(void *p)
{
    job_t *j = p;
    ga_match_scratch_t *scratch = ga_match_scratch_new();
    ga_dedup_matches_t *matches = ga_dedup_matches_new();
    for (unsigned r = 0; r < ROUNDS; r++)
        for (unsigned k = 0; k < TEXTS; k++) {
            unsigned i = (j->first + k) % TEXTS; /* each thread starts elsewhere */
            j->got[i] = work(j->sh, i, scratch, matches);
        }
    ga_match_scratch_free(scratch);
    ga_dedup_matches_free(matches);
    return NULL;
}

START_TEST(shared_objects_give_single_threaded_results)
{
    shared_t sh = {0};
    ga_error_t *err = NULL;
    ga_dict_t *dict = NULL;
    ga_segmenter_t *seg = NULL;
    ga_matcher_t *matcher = NULL;
    ga_profile_t *profile = NULL;
    ga_dedup_index_t *index = NULL;
    ck_assert_int_eq(ga_dict_load_default(&dict, &err), GA_OK);
    ck_assert_int_eq(ga_segmenter_new(dict, GA_SEG_DEFAULT, &seg, &err), GA_OK);
    ck_assert_int_eq(ga_matcher_load_default(&matcher, &err), GA_OK);
    ck_assert_int_eq(ga_profile_load_builtin("gov-website-2019", &profile, &err), GA_OK);
    ga_dedup_options_t opts;
    ga_dedup_options_init(&opts);
    opts.segmenter = seg;
    ck_assert_int_eq(ga_dedup_index_new(&opts, &index, &err), GA_OK);
    for (unsigned i = 0; i < TEXTS; i++) {
        sh.texts[i] = make_text(i);
        if (i % 2 == 0) { /* half the texts are already "published" */
            char id[16];
            snprintf(id, sizeof id, "d%u", i);
            ga_dedup_doc_t d = {.size = sizeof d, .id = id, .site = "q.gov.cn",
                                .column = i % 4 ? "部门动态" : "通知公告", .date = "2023-07-01",
                                .text = sh.texts[i], .text_len = strlen(sh.texts[i])};
            ck_assert_int_eq(ga_dedup_index_add(index, &d, NULL, &err), GA_OK);
        }
    }
    sh.seg = seg;
    sh.matcher = matcher;
    sh.profile = profile;
    sh.index = index;

    uint64_t want[TEXTS];
    ga_match_scratch_t *scratch = ga_match_scratch_new();
    ga_dedup_matches_t *matches = ga_dedup_matches_new();
    size_t findings = 0, copies = 0;
    for (unsigned i = 0; i < TEXTS; i++) {
        want[i] = work(&sh, i, scratch, matches);
        findings += ga_match_count(scratch);
        copies += ga_dedup_matches_count(matches);
    }
    ga_match_scratch_free(scratch);
    ga_dedup_matches_free(matches);
    /* The inputs exercise every module: findings and copies exist. */
    ck_assert_uint_gt(findings, TEXTS);
    ck_assert_uint_ge(copies, TEXTS / 2);

    static job_t jobs[THREADS];
    pthread_t th[THREADS];
    for (unsigned t = 0; t < THREADS; t++) {
        jobs[t].sh = &sh;
        jobs[t].first = t * (TEXTS / THREADS);
        ck_assert_int_eq(pthread_create(&th[t], NULL, run_job, &jobs[t]), 0);
    }
    for (unsigned t = 0; t < THREADS; t++) {
        pthread_join(th[t], NULL);
        for (unsigned i = 0; i < TEXTS; i++)
            ck_assert_msg(jobs[t].got[i] == want[i], "thread %u, text %u differs", t, i);
    }
    for (unsigned i = 0; i < TEXTS; i++)
        free(sh.texts[i]);
    ga_dedup_index_free(index);
    ga_profile_free(profile);
    ga_matcher_free(matcher);
    ga_segmenter_free(seg);
    ga_dict_free(dict);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, shared_objects_give_single_threaded_results);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
