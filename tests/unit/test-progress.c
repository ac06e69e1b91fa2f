/* The progress callback (ga_progress_fn) of every module that takes one: the throttle of the
 * core reporter, then the site auditor, dedup and the notice: stages in order, counts that
 * never go back, a final call with the stage's count, and cancelling with GA_ERR_CANCELLED
 * (leaks show under the ASan build). Probe runs are tested in test-probe.c, beside their
 * local servers. */
#include <time.h>

#include <govaudit/dedup.h>
#include <govaudit/notice.h>
#include <govaudit/site.h>

#include "testutil.h"

#define MAX_CALLS 4096

/* What a callback saw; `cancel_at` cancels at the first call of stage `cancel_stage` whose
 * `done` reaches it, `sleep_ms` makes each stage's first call slow (so the next unit is
 * due at once, whatever the machine's speed). */
typedef struct seen {
    size_t n;
    const char *stage[MAX_CALLS];
    uint64_t done[MAX_CALLS], total[MAX_CALLS], bytes[MAX_CALLS];
    int final[MAX_CALLS];
    const char *cancel_stage;
    uint64_t cancel_at;
    int cancel_final; /* cancel only at the stage's final call */
    int sleep_ms;
} seen_t;

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int record(void *user, const ga_progress_t *p)
{
    seen_t *s = user;
    ck_assert_uint_ge(p->size, sizeof *p);
    ck_assert_ptr_nonnull(p->stage);
    ck_assert_uint_lt(s->n, MAX_CALLS);
    s->stage[s->n] = p->stage;
    s->done[s->n] = p->done;
    s->total[s->n] = p->total;
    s->bytes[s->n] = p->bytes;
    s->final[s->n] = p->final;
    s->n++;
    if (s->cancel_stage && strcmp(p->stage, s->cancel_stage) == 0 && p->done >= s->cancel_at &&
        (p->final || !s->cancel_final))
        return 1;
    if (s->sleep_ms && p->done == 0 && !p->final)
        sleep_ms(s->sleep_ms);
    return 0;
}

/* Within each stage counts never go back, the stage ends with one final call (its last),
 * and stages come in the order `want` lists them (NULL-terminated). Returns the index of
 * the final call of stage `of`. */
static size_t check_stages(const seen_t *s, const char *const *want, const char *of)
{
    size_t k = 0, at = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++) {
        if (i == 0 || strcmp(s->stage[i], s->stage[i - 1]) != 0) {
            ck_assert_msg(want[k], "unexpected stage %s", s->stage[i]);
            ck_assert_str_eq(s->stage[i], want[k]);
            k++;
            ck_assert_uint_eq(s->done[i], 0); /* a stage starts at 0 */
            ck_assert_int_eq(s->final[i], 0);
        } else {
            ck_assert_uint_ge(s->done[i], s->done[i - 1]);
            ck_assert_uint_ge(s->bytes[i], s->bytes[i - 1]);
            ck_assert_int_eq(s->final[i - 1], 0); /* nothing after a final call */
        }
        bool last = i + 1 == s->n || strcmp(s->stage[i + 1], s->stage[i]) != 0;
        ck_assert_int_eq(s->final[i], last);
        if (s->total[i])
            ck_assert_uint_le(s->done[i], s->total[i]);
        if (last && strcmp(s->stage[i], of) == 0)
            at = i;
    }
    ck_assert_ptr_null(want[k]);
    ck_assert_uint_ne(at, SIZE_MAX);
    return at;
}

/* ---- the core reporter ------------------------------------------------------------------ */

START_TEST(reporter_is_throttled)
{
    seen_t *s = calloc(1, sizeof *s);
    ga_progress_state_t pr;
    ga_progress_init(&pr, record, s);
    /* A million quick units: only the first and the last call, the clock read rarely. */
    ck_assert_int_eq(ga_progress_stage(&pr, "quick", 1000000), 0);
    double t0 = now_s();
    for (uint64_t i = 1; i <= 1000000; i++)
        ck_assert_int_eq(ga_progress_tick(&pr, i, i * 10), 0);
    double quick = now_s() - t0;
    ck_assert_int_eq(ga_progress_end(&pr, 1000000, 10000000), 0);
    ck_assert_uint_le(s->n, 2 + (size_t)(quick * 10) + 1);
    ck_assert_uint_eq(s->done[s->n - 1], 1000000);
    ck_assert_uint_eq(s->bytes[s->n - 1], 10000000);
    /* Slow units (2 ms each, about 0.4 s): some calls in between, never more than ten a
     * second of the time measured. */
    size_t before = s->n;
    ck_assert_int_eq(ga_progress_stage(&pr, "slow", 0), 0);
    t0 = now_s();
    for (uint64_t i = 1; i <= 200; i++) {
        sleep_ms(2);
        ck_assert_int_eq(ga_progress_tick(&pr, i, 0), 0);
    }
    double slow = now_s() - t0;
    ck_assert_int_eq(ga_progress_end(&pr, 200, 0), 0);
    size_t between = s->n - before - 2;
    ck_assert_uint_ge(between, 1);
    ck_assert_uint_le(between, (size_t)(slow * 10) + 1);
    const char *want[] = {"quick", "slow", NULL};
    size_t last = check_stages(s, want, "slow");
    ck_assert_uint_eq(s->done[last], 200);
    ck_assert_uint_eq(s->total[last], 0);
    free(s);
}
END_TEST

START_TEST(reporter_cancels_and_stays_cancelled)
{
    seen_t *s = calloc(1, sizeof *s);
    s->cancel_stage = "work";
    s->cancel_at = 1;
    s->sleep_ms = 110;
    ga_progress_state_t pr;
    ga_progress_init(&pr, record, s);
    ck_assert_int_eq(ga_progress_stage(&pr, "work", 10), 0);
    ck_assert_int_ne(ga_progress_tick(&pr, 1, 0), 0); /* due at once after the slow start */
    size_t calls = s->n;
    ck_assert_int_ne(ga_progress_tick(&pr, 2, 0), 0);
    ck_assert_int_ne(ga_progress_end(&pr, 2, 0), 0);
    ck_assert_int_ne(ga_progress_stage(&pr, "more", 0), 0);
    ck_assert_uint_eq(s->n, calls); /* no call after cancelling */
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_progress_cancelled(&pr, &err), GA_ERR_CANCELLED);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "work"));
    ga_error_free(err);
    /* No callback: every call is a no-op. */
    ga_progress_init(&pr, NULL, NULL);
    ck_assert_int_eq(ga_progress_stage(&pr, "x", 1), 0);
    ck_assert_int_eq(ga_progress_tick(&pr, 1, 0), 0);
    ck_assert_int_eq(ga_progress_end(&pr, 1, 0), 0);
    free(s);
}
END_TEST

/* ---- the site auditor ------------------------------------------------------------------- */

enum { ARTICLES = 240 };

static ga_profile_t *profile;

/* A small site: a home page, one column's list page, articles (every tenth a copy of the
 * one before, so duplicates are clustered), fed with add_page. Returns the body bytes fed,
 * or stops at the first failing add (its status in *st). */
static uint64_t feed_site(ga_site_auditor_t *a, size_t *fed, ga_status_t *st, ga_error_t **err)
{
    char url[128], html[4096];
    uint64_t bytes = 0;
    *fed = 0;
    *st = GA_OK;
    for (int i = -2; i < ARTICLES && *st == GA_OK; i++) {
        if (i == -2) {
            snprintf(url, sizeof url, "http://www.example.gov.cn/");
            snprintf(html, sizeof html,
                     "<html><head><meta charset=\"utf-8\"><title>示例市人民政府</title>"
                     "<meta name=\"SiteName\" content=\"示例市人民政府\"></head><body>"
                     "<a href=\"/xw/\">新闻动态</a></body></html>");
        } else if (i == -1) {
            snprintf(url, sizeof url, "http://www.example.gov.cn/xw/");
            snprintf(html, sizeof html,
                     "<html><head><meta charset=\"utf-8\"><title>新闻动态</title>"
                     "<meta name=\"ColumnName\" content=\"新闻动态\"></head><body><ul>"
                     "<li><a href=\"/xw/a0.html\">第0篇</a><span>2023-08-01</span></li>"
                     "</ul></body></html>");
        } else {
            int text = i % 10 == 9 ? i - 1 : i;
            snprintf(url, sizeof url, "http://www.example.gov.cn/xw/a%d.html", i);
            snprintf(html, sizeof html,
                     "<html><head><meta charset=\"utf-8\"><title>第%d次工作推进会召开</title>"
                     "<meta name=\"ColumnName\" content=\"新闻动态\">"
                     "<meta name=\"PubDate\" content=\"2023-08-%02d\"></head><body><h1>第%d次工作推进会召开</h1>"
                     "<div class=\"content\"><p>第%d次会议要求各单位认真落实工作部署，"
                     "抓好安全生产、乡村振兴和营商环境各项任务，编号%d的事项按期办结，"
                     "确保年度目标任务圆满完成，为全市经济社会高质量发展作出新的贡献。</p>"
                     "<p>会议还听取了第%d项重点工作进展情况的汇报，研究部署下一阶段工作。</p>"
                     "</div><a href=\"/xw/missing%d.html\">相关</a></body></html>",
                     text, 1 + i % 28, text, text, text * 7, text, i);
        }
        size_t len = strlen(html);
        *st = ga_site_auditor_add_page(a, url, 200, "text/html; charset=utf-8", NULL, html, len,
                                       err);
        if (*st == GA_OK) {
            bytes += len;
            (*fed)++;
        }
    }
    return bytes;
}

static ga_site_auditor_t *auditor(seen_t *s)
{
    ga_site_options_t o = {.size = sizeof o, .progress = record, .progress_user = s};
    int64_t t;
    ck_assert_int_eq(ga_time_parse("2023-08-31", 10, &t, NULL), GA_OK);
    ga_site_auditor_t *a = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_site_auditor_new(profile, NULL, t, &o, &a, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "?");
    return a;
}

START_TEST(site_reports_every_stage)
{
    seen_t *s = calloc(1, sizeof *s);
    s->sleep_ms = 110; /* so `pages` also has a call between its first and last */
    ga_site_auditor_t *a = auditor(s);
    size_t fed;
    ga_status_t st;
    uint64_t bytes = feed_site(a, &fed, &st, NULL);
    ck_assert_int_eq(st, GA_OK);
    ga_site_result_t *r = NULL;
    ga_error_t *err = NULL;
    st = ga_site_auditor_finish(a, &r, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "?");
    const char *want[] = {"pages", "columns", "links", "clusters", "score", NULL};
    size_t last = check_stages(s, want, "pages");
    ck_assert_uint_eq(s->done[last], fed);
    ck_assert_uint_eq(s->done[last], ga_site_result_count(r, GA_SITE_URLS));
    ck_assert_uint_eq(s->bytes[last], bytes);
    ck_assert_uint_ge(last, 2); /* start, at least one call while feeding, final */
    ck_assert_uint_ge(ga_site_result_count(r, GA_SITE_DUPLICATES), 1);
    last = check_stages(s, want, "clusters");
    ck_assert_uint_eq(s->done[last], s->total[last]);
    ck_assert_uint_gt(s->total[last], 1);
    ga_site_result_free(r);
    ga_site_auditor_free(a);
    free(s);
}
END_TEST

START_TEST(site_cancel_while_feeding)
{
    seen_t *s = calloc(1, sizeof *s);
    s->sleep_ms = 110;
    s->cancel_stage = "pages";
    s->cancel_at = 1;
    ga_site_auditor_t *a = auditor(s);
    size_t fed;
    ga_status_t st;
    ga_error_t *err = NULL;
    feed_site(a, &fed, &st, &err);
    ck_assert_int_eq(st, GA_ERR_CANCELLED);
    ck_assert_int_eq(ga_error_status(err), GA_ERR_CANCELLED);
    ck_assert_uint_lt(fed, ARTICLES);
    ga_error_free(err);
    err = NULL;
    /* It stays cancelled. */
    ck_assert_int_eq(ga_site_auditor_add_page(a, "http://www.example.gov.cn/x", 200, NULL, NULL,
                                              "x", 1, NULL),
                     GA_ERR_CANCELLED);
    ga_site_result_t *r = NULL;
    ck_assert_int_eq(ga_site_auditor_finish(a, &r, NULL), GA_ERR_CANCELLED);
    ck_assert_ptr_null(r);
    ga_site_auditor_free(a);
    free(s);
}
END_TEST

/* Cancelling at each stage of finishing fails the finish and leaks nothing. */
START_TEST(site_cancel_while_finishing)
{
    static const char *const stages[] = {"columns", "links", "clusters", "score"};
    seen_t *s = calloc(1, sizeof *s);
    s->cancel_stage = stages[_i];
    s->cancel_at = _i % 2; /* at the stage's start, or at its end */
    ga_site_auditor_t *a = auditor(s);
    size_t fed;
    ga_status_t st;
    feed_site(a, &fed, &st, NULL);
    ck_assert_int_eq(st, GA_OK);
    ga_site_result_t *r = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_site_auditor_finish(a, &r, &err), GA_ERR_CANCELLED);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), stages[_i]));
    ga_error_free(err);
    ck_assert_str_eq(s->stage[s->n - 1], stages[_i]);
    ga_site_auditor_free(a);
    free(s);
}
END_TEST

/* ---- dedup ------------------------------------------------------------------------------ */

enum { DOCS = 3000 };

static ga_dedup_doc_t *make_docs(char (**texts)[512])
{
    ga_dedup_doc_t *docs = calloc(DOCS, sizeof *docs);
    *texts = calloc(DOCS, sizeof **texts);
    static const char *const words[] = {"经济", "发展", "会议", "部署", "安全", "生产",
                                        "乡村", "振兴", "营商", "环境", "改革", "创新"};
    for (int i = 0; i < DOCS; i++) {
        int base = i % 100 < 5 ? i - i % 100 : i; /* groups of copies */
        char *t = (*texts)[i];
        size_t o = 0;
        for (int w = 0; w < 40 && o + 16 < sizeof (*texts)[i]; w++)
            o += (size_t)snprintf(t + o, sizeof (*texts)[i] - o, "%s%d",
                                  words[(base * 7 + w * 3) % 12], (base * 13 + w) % 97);
        docs[i] = (ga_dedup_doc_t){.size = sizeof docs[i], .site = "s", .column = "c",
                                   .text = t, .text_len = o};
    }
    return docs;
}

START_TEST(dedup_reports_batches_and_clusters)
{
    seen_t *s = calloc(1, sizeof *s);
    ga_dedup_options_t o;
    ga_dedup_options_init(&o);
    o.progress = record;
    o.progress_user = s;
    ga_dedup_index_t *idx = NULL;
    ck_assert_int_eq(ga_dedup_index_new(&o, &idx, NULL), GA_OK);
    char (*texts)[512];
    ga_dedup_doc_t *docs = make_docs(&texts);
    ck_assert_int_eq(ga_dedup_index_add_batch(idx, docs, DOCS, 2, NULL), GA_OK);
    ga_dedup_clusters_t *c = NULL;
    ck_assert_int_eq(ga_dedup_index_cluster(idx, 2, &c, NULL), GA_OK);
    ck_assert_uint_ge(ga_dedup_clusters_count(c), 1);
    const char *want[] = {"fingerprints", "clusters", NULL};
    size_t last = check_stages(s, want, "fingerprints");
    ck_assert_uint_eq(s->done[last], DOCS);
    ck_assert_uint_eq(s->total[last], DOCS);
    last = check_stages(s, want, "clusters");
    unsigned rows, bands;
    ck_assert_int_eq(ga_dedup_banding(0.8, &rows, &bands, NULL), GA_OK);
    ck_assert_uint_eq(s->done[last], bands);
    ck_assert_uint_eq(s->total[last], bands);
    ga_dedup_clusters_free(c);

    /* Cancelled clustering (two threads, at the first band reported): no clusters. */
    s->n = 0;
    s->cancel_stage = "clusters";
    s->cancel_at = 1;
    s->sleep_ms = 110;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_dedup_index_cluster(idx, 2, &c, &err), GA_ERR_CANCELLED);
    ga_error_free(err);
    ck_assert_uint_ge(s->done[s->n - 1], 1);
    ck_assert_int_eq(s->final[s->n - 1], 0);

    /* A cancelled batch adds nothing. */
    s->n = 0;
    s->cancel_stage = "fingerprints";
    s->cancel_at = 0;
    ck_assert_int_eq(ga_dedup_index_add_batch(idx, docs, DOCS, 2, NULL), GA_ERR_CANCELLED);
    ck_assert_uint_eq(ga_dedup_index_count(idx), DOCS);
    s->n = 0;
    s->cancel_final = 1; /* at the batch's final call, every document fingerprinted */
    ck_assert_int_eq(ga_dedup_index_add_batch(idx, docs, DOCS, 2, NULL), GA_ERR_CANCELLED);
    ck_assert_uint_eq(ga_dedup_index_count(idx), DOCS);
    ck_assert_int_eq(s->final[s->n - 1], 1);
    ga_dedup_index_free(idx);
    free(docs);
    free(texts);
    free(s);
}
END_TEST

/* An index made by a 1.0 caller (options without the callback) reports nothing. */
START_TEST(dedup_options_of_1_0)
{
    ga_dedup_options_t o;
    ga_dedup_options_init(&o);
    o.size = GA_DEDUP_OPTIONS_SIZE_1_0;
    o.progress = record; /* past the caller's size: never read */
    o.progress_user = NULL;
    ga_dedup_index_t *idx = NULL;
    ck_assert_int_eq(ga_dedup_index_new(&o, &idx, NULL), GA_OK);
    char (*texts)[512];
    ga_dedup_doc_t *docs = make_docs(&texts);
    ck_assert_int_eq(ga_dedup_index_add_batch(idx, docs, 50, 1, NULL), GA_OK);
    ga_dedup_index_free(idx);
    free(docs);
    free(texts);
    o.size = GA_DEDUP_OPTIONS_SIZE_1_0 - 1;
    ck_assert_int_eq(ga_dedup_index_new(&o, &idx, NULL), GA_ERR_INVALID_ARGUMENT);
}
END_TEST

/* ---- the notice ------------------------------------------------------------------------- */

static void add_results(ga_notice_t *n, int count, int previous, uint64_t *bytes)
{
    char json[512];
    for (int i = 0; i < count; i++) {
        snprintf(json, sizeof json,
                 "{\"site\":\"示例%d县人民政府\",\"owner\":\"示例%d县人民政府办公室\","
                 "\"object\":\"website\",\"date\":\"%s\",\"passed\":%s}",
                 i, i, previous ? "2023-05-15" : "2023-08-15", i % 3 ? "true" : "false");
        ga_error_t *err = NULL;
        ga_status_t st = ga_notice_add_result(n, json, strlen(json), "r.json", previous, &err);
        ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "?");
        *bytes += strlen(json);
    }
}

START_TEST(notice_reports_results_and_rendering)
{
    seen_t *s = calloc(1, sizeof *s);
    ga_notice_t *n = NULL;
    ck_assert_int_eq(ga_notice_new(&n, NULL), GA_OK);
    ga_notice_set_progress(n, record, s);
    uint64_t bytes = 0;
    add_results(n, 300, 1, &bytes);
    add_results(n, 300, 0, &bytes);
    char *out = NULL;
    ck_assert_int_eq(ga_notice_json(n, 0, &out, NULL, NULL), GA_OK);
    ga_string_free(out);
    const char *want[] = {"results", "rectification", NULL};
    size_t last = check_stages(s, want, "results");
    ck_assert_uint_eq(s->done[last], 600);
    ck_assert_uint_eq(s->bytes[last], bytes);
    last = check_stages(s, want, "rectification");
    ck_assert_uint_eq(s->done[last], 300);

    /* Cancelled rendering: no output, the notice unchanged (rendering again works). */
    s->n = 0;
    s->cancel_stage = "rectification";
    s->cancel_at = 0;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_notice_text(n, 0, &out, NULL, &err), GA_ERR_CANCELLED);
    ga_error_free(err);
    s->cancel_stage = NULL;
    ck_assert_int_eq(ga_notice_html(n, 0, &out, NULL, NULL), GA_OK);
    ga_string_free(out);
    ga_notice_set_progress(n, NULL, NULL);
    ga_notice_free(n);

    /* Cancelled adding: the result is not added. */
    ck_assert_int_eq(ga_notice_new(&n, NULL), GA_OK);
    s->n = 0;
    s->cancel_stage = "results";
    s->cancel_at = 1;
    s->sleep_ms = 110;
    ga_notice_set_progress(n, record, s);
    const char *one = "{\"site\":\"甲\",\"object\":\"website\",\"date\":\"2023-08-15\",\"passed\":true}";
    ck_assert_int_eq(ga_notice_add_result(n, one, strlen(one), NULL, 0, NULL), GA_ERR_CANCELLED);
    s->cancel_stage = NULL;
    ga_notice_set_progress(n, NULL, NULL);
    ck_assert_int_eq(ga_notice_json(n, 0, &out, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(out, "\"checked\":0"));
    ga_string_free(out);
    ga_notice_free(n);
    free(s);
}
END_TEST

static void setup(void)
{
    ck_assert_int_eq(ga_profile_load_builtin("gov-website-2019", &profile, NULL), GA_OK);
}

static void teardown(void)
{
    ga_profile_free(profile);
    profile = NULL;
}

static Suite *suite(void)
{
    Suite *s = suite_create("progress");
    TCase *tc = tcase_create("progress");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reporter_is_throttled);
    tcase_add_test(tc, reporter_cancels_and_stays_cancelled);
    tcase_add_test(tc, site_reports_every_stage);
    tcase_add_test(tc, site_cancel_while_feeding);
    tcase_add_loop_test(tc, site_cancel_while_finishing, 0, 4);
    tcase_add_test(tc, dedup_reports_batches_and_clusters);
    tcase_add_test(tc, dedup_options_of_1_0);
    tcase_add_test(tc, notice_reports_results_and_rendering);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return ga_run_suite(suite());
}
