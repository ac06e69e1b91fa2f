#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "score/score-internal.h"

#define DAY 86400LL
/* Midnight of a date, and the audit time: the end of 2023-08-10. */
#define D(y, m, d) (ga_days_from_civil(y, m, d) * DAY)
#define T (D(2023, 8, 10) + DAY - 1)

static ga_profile_t *builtin(const char *name)
{
    ga_profile_t *p = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_profile_load_builtin(name, &p, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
    return p;
}

static ga_profile_t *inline_profile(const char *json)
{
    ga_profile_t *p = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_profile_parse(json, strlen(json), "inline", &p, &err);
    ck_assert_msg(st == GA_OK, "%s:%zu:%zu: %s", "inline", ga_error_line(err),
                  ga_error_column(err), err ? ga_error_message(err) : "");
    return p;
}

/* A website with nothing wrong as of T: enough probes all fine, fresh home page and
 * columns, answered messages, services with full guides, no findings or duplicates. */
static ga_observations_t *clean_site(void)
{
    ga_observations_t *o = NULL;
    ck_assert_int_eq(ga_observations_new(GA_OBJECT_WEBSITE, &o, NULL), GA_OK);
    ck_assert_int_eq(ga_obs_set_site(o, "某市人民政府", "某市人民政府办公室", "3203000040", NULL), GA_OK);
    ga_obs_set_time(o, T);
    for (int i = 0; i < 7 * 20; i++)
        ck_assert_int_eq(ga_obs_add_probe(o, T - i * (7 * DAY / 140), 1, 300, NULL), GA_OK);
    ck_assert_int_eq(ga_obs_add_home_item(o, T - DAY, "要闻", "https://x.gov.cn/1", NULL), GA_OK);
    size_t c;
    ck_assert_int_eq(ga_obs_add_column(o, "c1", "工作动态", "news", 1, 0, &c, NULL), GA_OK);
    ga_obs_add_column_item(o, c, T - 2 * DAY, NULL);
    ck_assert_int_eq(ga_obs_add_column(o, "c2", "政策文件", "policy", 1, 0, &c, NULL), GA_OK);
    ga_obs_add_column_item(o, c, T - 30 * DAY, NULL);
    ck_assert_int_eq(ga_obs_add_column(o, "c3", "办事统计", "service_stats", 2, 0, &c, NULL), GA_OK);
    ga_obs_add_column_item(o, c, T - 30 * DAY, NULL);
    ck_assert_int_eq(ga_obs_add_message(o, "consult", T - 20 * DAY, T - 19 * DAY, 1, NULL), GA_OK);
    ga_obs_set_flag(o, "has_consult_channel", 1, NULL);
    ga_obs_set_flag(o, "has_service", 1, NULL);
    const char *el[] = {"事项名称", "设定依据", "申请条件", "办理材料"};
    ck_assert_int_eq(ga_obs_add_service(o, "户籍迁移", el, 4, NULL), GA_OK);
    ga_obs_mark_observed(o, GA_OBS_FINDINGS | GA_OBS_DUPLICATES | GA_OBS_LINKS | GA_OBS_PAGES);
    return o;
}

static ga_score_result_t *score(const ga_profile_t *p, const ga_observations_t *o)
{
    ga_score_result_t *r = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_score(p, o, &r, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
    return r;
}

static ga_outcome_t outcome(const ga_score_result_t *r, const char *id)
{
    size_t i = ga_score_result_find(r, id);
    ck_assert_msg(i != (size_t)-1, "no indicator %s", id);
    return ga_score_result_outcome(r, i);
}

/* Score `o` with `p` and return the outcome of `id`, freeing the result. */
static ga_outcome_t outcome_of(const ga_profile_t *p, const ga_observations_t *o, const char *id)
{
    ga_score_result_t *r = score(p, o);
    ga_outcome_t out = outcome(r, id);
    ga_score_result_free(r);
    return out;
}

/* True when any evidence entry of `id` contains `needle`. */
static bool evidence_has(const ga_score_result_t *r, const char *id, const char *needle)
{
    size_t i = ga_score_result_find(r, id);
    for (size_t j = 0; j < ga_score_result_evidence_count(r, i); j++)
        if (strstr(ga_score_result_evidence(r, i, j, NULL, NULL), needle))
            return true;
    return false;
}

/* ---- time ------------------------------------------------------------------------------- */

START_TEST(time_formats)
{
    int64_t t;
    ck_assert_int_eq(ga_time_parse("2023-08-10", 10, &t, NULL), GA_OK);
    ck_assert_int_eq(t, D(2023, 8, 10));
    ck_assert_int_eq(ga_time_parse("2023-08-10 14:46", 16, &t, NULL), GA_OK);
    ck_assert_int_eq(t, D(2023, 8, 10) + 14 * 3600 + 46 * 60);
    ck_assert_int_eq(ga_time_parse("2022-04-17 14:46:00", 19, &t, NULL), GA_OK);
    ck_assert_int_eq(ga_time_parse("2023-08-10T14:46:05+08:00", 25, &t, NULL), GA_OK);
    ck_assert_int_eq(t, D(2023, 8, 10) + 14 * 3600 + 46 * 60 + 5);
    ck_assert_int_eq(ga_time_parse("2023/8/1", 8, &t, NULL), GA_OK);
    ck_assert_int_eq(t, D(2023, 8, 1));
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_time_parse("2023-02-29", 10, &t, &err), GA_ERR_SYNTAX);
    ga_error_free(err);
    err = NULL;
    ck_assert_int_eq(ga_time_parse("2024-02-29", 10, &t, NULL), GA_OK);
    ck_assert_int_eq(ga_time_parse("2023-08-10 25:00", 16, &t, NULL), GA_ERR_SYNTAX);
    ck_assert_int_eq(ga_time_parse("2023-08-10x", 11, &t, &err), GA_ERR_SYNTAX);
    ck_assert_uint_eq(ga_error_offset(err), 10);
    ga_error_free(err);
    char buf[20];
    ck_assert_str_eq(ga_time_format(D(2023, 8, 10) + 61, 0, buf), "2023-08-10 00:01:01");
    ck_assert_str_eq(ga_time_format(D(1969, 12, 31), 1, buf), "1969-12-31");
    /* Calendar months, clamped to the shorter month. */
    ck_assert_int_eq(ga_time_minus_months(D(2023, 8, 31), 6), D(2023, 2, 28));
    ck_assert_int_eq(ga_time_minus_months(D(2024, 8, 31) + 5, 6), D(2024, 2, 29) + 5);
    ck_assert_int_eq(ga_time_minus_months(D(2023, 1, 15), 12), D(2022, 1, 15));
}
END_TEST

/* ---- the clean site and the built-in profiles ------------------------------------------ */

START_TEST(clean_site_passes)
{
    ga_profile_t *p = builtin("gov-website-2019");
    ck_assert_str_eq(ga_profile_id(p), "gov-website-2019");
    ga_observations_t *o = clean_site();
    ga_score_result_t *r = score(p, o);
    ck_assert_int_eq(ga_score_result_veto_count(r), 0);
    ck_assert(ga_score_result_passed(r));
    ck_assert(ga_score_result_scored(r));
    ck_assert_double_eq(ga_score_result_score(r), 100);
    for (const char *const *id = (const char *const[]){"W-V1", "W-V2", "W-V3", "W-V5", "W-P3",
                                                        "W-D1", "W-D2", "W-D3", NULL};
         *id; id++)
        ck_assert_msg(outcome(r, *id) == GA_OUTCOME_CLEAR, "%s not clear: %s", *id,
                      ga_score_result_reason(r, ga_score_result_find(r, *id)));
    /* W-V4 is clear on what can be measured but its "长期" window is unknown. */
    ck_assert_int_eq(outcome(r, "W-V4"), GA_OUTCOME_NOT_EVALUABLE);
    ck_assert_ptr_nonnull(strstr(ga_score_result_reason(r, ga_score_result_find(r, "W-V4")),
                                 "W-V4.2"));
    /* So is W-V6: W-V6.1 is clear, W-V6.2's numbers are not in the sources. */
    ck_assert_int_eq(outcome(r, "W-V6"), GA_OUTCOME_NOT_EVALUABLE);
    ck_assert_ptr_nonnull(strstr(ga_score_result_reason(r, ga_score_result_find(r, "W-V6")),
                                 "W-V6.2"));
    /* Items whose points the sources do not give are reported, never defaulted. */
    ck_assert_int_eq(outcome(r, "W-D4"), GA_OUTCOME_NOT_EVALUABLE);
    ck_assert_int_eq(outcome(r, "W-D7b"), GA_OUTCOME_NOT_EVALUABLE);
    ck_assert(!ga_score_result_complete(r));
    ck_assert(!ga_profile_indicator_complete(p, 3));
    ck_assert(ga_profile_indicator_complete(p, 1));
    ga_score_result_free(r);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

/* W-V2: ≥ 5% of probes over 7 days not open within 15 s. */
START_TEST(veto_unreachable)
{
    ga_profile_t *p = builtin("gov-website-2019");
    for (int failed = 6; failed <= 8; failed++) {
        ga_observations_t *o = clean_site();
        /* 140 probes: 6 failures = 4.3%, 7 = 5% exactly, 8 = 5.7%. Half fail by timeout. */
        for (int i = 0; i < failed; i++)
            o->probes.v[i * 3].ok = i % 2, o->probes.v[i * 3].latency_ms = i % 2 ? 15000 : 0;
        ga_score_result_t *r = score(p, o);
        ck_assert_int_eq(outcome(r, "W-V2"), failed >= 7 ? GA_OUTCOME_HIT : GA_OUTCOME_CLEAR);
        ck_assert(ga_score_result_passed(r) == (failed < 7));
        if (failed >= 7) {
            ck_assert(evidence_has(r, "W-V2", "took 15000 ms"));
            ck_assert(evidence_has(r, "W-V2", "did not open"));
            /* A veto stops scoring. */
            ck_assert(!ga_score_result_scored(r));
            ck_assert_int_eq(outcome(r, "W-D1"), GA_OUTCOME_SKIPPED);
        }
        ga_score_result_free(r);
        ga_observations_free(o);
    }
    /* 14999 ms is in time. */
    ga_observations_t *o = clean_site();
    for (int i = 0; i < 10; i++)
        o->probes.v[i].latency_ms = 14999;
    ck_assert_int_eq(outcome_of(p, o, "W-V2"), GA_OUTCOME_CLEAR);
    ga_observations_free(o);
    /* Fewer than 20 probes a day: the rule's measurement was not made. */
    o = clean_site();
    o->probes.n = 139;
    ck_assert_int_eq(outcome_of(p, o, "W-V2"), GA_OUTCOME_NOT_EVALUABLE);
    ga_observations_free(o);
    /* 140 probes, but crowded into two days: the days without 20 probes fail the rule. */
    o = clean_site();
    for (size_t i = 0; i < o->probes.n; i++)
        o->probes.v[i].time = T - (int64_t)(i % 2) * DAY;
    ga_score_result_t *r = score(p, o);
    ck_assert_int_eq(outcome(r, "W-V2"), GA_OUTCOME_NOT_EVALUABLE);
    ck_assert_ptr_nonnull(strstr(ga_score_result_reason(r, ga_score_result_find(r, "W-V2")),
                                 "0 probes in the day ending 2023-08-08 23:59:59"));
    ga_score_result_free(r);
    ga_observations_free(o);
    /* Probes from before the window do not count. */
    o = clean_site();
    for (int i = 0; i < 20; i++)
        ga_obs_add_probe(o, T - 7 * DAY, 0, 0, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V2"), GA_OUTCOME_CLEAR);
    ga_obs_add_probe(o, T - 7 * DAY + 1, 0, 0, NULL);
    for (int i = 0; i < 6; i++)
        ga_obs_add_probe(o, T, 0, 0, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V2"), GA_OUTCOME_CLEAR); /* 7 of 147 */
    ga_obs_add_probe(o, T, 0, 0, NULL);                           /* 8 of 148 */
    ck_assert_int_eq(outcome_of(p, o, "W-V2"), GA_OUTCOME_HIT);
    ga_observations_free(o);
    /* No probes at all: not evaluable, never clear. */
    ga_observations_new(GA_OBJECT_WEBSITE, &o, NULL);
    ga_obs_set_time(o, T);
    ck_assert_int_eq(outcome_of(p, o, "W-V2"), GA_OUTCOME_NOT_EVALUABLE);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

/* W-V3: no new home-page item in the 2 weeks ending at T. */
START_TEST(veto_home_not_updated)
{
    ga_profile_t *p = builtin("gov-website-2019");
    ga_observations_t *o = clean_site();
    o->home.v[0].time = T - 14 * DAY; /* exactly 14 days: outside */
    ga_score_result_t *r = score(p, o);
    ck_assert_int_eq(outcome(r, "W-V3"), GA_OUTCOME_HIT);
    ck_assert(evidence_has(r, "W-V3", "2023-07-27 23:59:59"));
    ga_score_result_free(r);
    o->home.v[0].time = T - 14 * DAY + 1;
    ck_assert_int_eq(outcome_of(p, o, "W-V3"), GA_OUTCOME_CLEAR);
    o->home.v[0].time = T + 1; /* after T: not seen at T */
    ck_assert_int_eq(outcome_of(p, o, "W-V3"), GA_OUTCOME_HIT);
    /* A navigation-only home page: its second-level pages decide. */
    ga_obs_set_flag(o, "home_nav_only", 1, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V3"), GA_OUTCOME_HIT); /* 办事统计 (level 2): 30 d old */
    o->columns.v[2].items[0] = T - 20 * DAY;
    ck_assert_int_eq(outcome_of(p, o, "W-V3"), GA_OUTCOME_HIT);
    o->columns.v[2].items[0] = T - 13 * DAY;
    ck_assert_int_eq(outcome_of(p, o, "W-V3"), GA_OUTCOME_CLEAR);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

static void add_columns(ga_observations_t *o, const char *type, int level, int n, int64_t last,
                        int blank)
{
    for (int i = 0; i < n; i++) {
        size_t c;
        char id[32];
        snprintf(id, sizeof id, "%s-%d-%d", type, level, i);
        ck_assert_int_eq(ga_obs_add_column(o, id, "栏目", type, level, blank, &c, NULL), GA_OK);
        if (last != GA_TIME_NONE)
            ga_obs_add_column_item(o, c, last, NULL);
    }
}

/* W-V4: ≥5 stale news (14 d) + notice/policy level-1 (6 m) columns; ≥5 blank columns. */
START_TEST(veto_columns)
{
    ga_profile_t *p = builtin("gov-website-2019");
    ga_observations_t *o = clean_site();
    add_columns(o, "news", 1, 2, T - 14 * DAY, 0);                           /* stale */
    add_columns(o, "news", 2, 1, T - 14 * DAY + 1, 0);                       /* fresh */
    add_columns(o, "notice", 1, 1, ga_time_minus_months(T, 6), 0);           /* stale */
    add_columns(o, "notice", 1, 1, ga_time_minus_months(T, 6) + 1, 0);       /* fresh */
    add_columns(o, "notice", 2, 3, ga_time_minus_months(T, 7), 0);           /* not level 1 */
    add_columns(o, "policy", 1, 1, GA_TIME_NONE, 0);                         /* no dated item */
    ga_score_result_t *r = score(p, o);
    ck_assert_double_eq(ga_score_result_value(r, ga_score_result_find(r, "W-V4")), 4);
    ck_assert_int_ne(outcome(r, "W-V4"), GA_OUTCOME_HIT);
    ga_score_result_free(r);
    add_columns(o, "news", 3, 1, T - 30 * DAY, 0); /* the fifth */
    r = score(p, o);
    ck_assert_int_eq(outcome(r, "W-V4"), GA_OUTCOME_HIT);
    ck_assert(evidence_has(r, "W-V4", "not updated since 2023-07-11"));
    ck_assert(evidence_has(r, "W-V4", "no dated item"));
    ga_score_result_free(r);
    ga_observations_free(o);

    o = clean_site();
    add_columns(o, "other", 2, 4, GA_TIME_NONE, 1);
    ck_assert_int_ne(outcome_of(p, o, "W-V4"), GA_OUTCOME_HIT);
    add_columns(o, "news", 2, 1, GA_TIME_NONE, 1);
    r = score(p, o);
    ck_assert_int_eq(outcome(r, "W-V4"), GA_OUTCOME_HIT);
    ck_assert(evidence_has(r, "W-V4", "W-V4.3"));
    /* A blank news column is counted as blank, not also as stale. */
    ck_assert(!evidence_has(r, "W-V4", "W-V4.1"));
    ga_score_result_free(r);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

/* W-V5: no consultation channel, or a valid message of the last year unanswered > 3 months. */
START_TEST(veto_interaction)
{
    ga_profile_t *p = builtin("gov-website-2019");
    ga_observations_t *o = clean_site();
    ga_obs_set_flag(o, "has_consult_channel", 0, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V5"), GA_OUTCOME_HIT);
    ga_observations_free(o);

    int64_t three = ga_time_minus_months(T, 3);
    o = clean_site();
    ga_obs_add_message(o, "consult", three, GA_TIME_NONE, 1, NULL); /* exactly 3 months */
    ck_assert_int_eq(outcome_of(p, o, "W-V5"), GA_OUTCOME_CLEAR);
    ga_obs_add_message(o, "consult", three - 1, GA_TIME_NONE, 0, NULL); /* not a valid message */
    ga_obs_add_message(o, "petition", three - 1, GA_TIME_NONE, 1, NULL); /* 网上信访: excluded */
    ga_obs_add_message(o, "consult", ga_time_minus_months(T, 12), GA_TIME_NONE, 1, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V5"), GA_OUTCOME_CLEAR);
    ga_obs_add_message(o, "consult", three - 1, GA_TIME_NONE, 1, NULL);
    ga_score_result_t *r = score(p, o);
    ck_assert_int_eq(outcome(r, "W-V5"), GA_OUTCOME_HIT);
    ck_assert(evidence_has(r, "W-V5", "unanswered at T"));
    ga_score_result_free(r);
    ga_observations_free(o);
    /* Answered, but after more than 3 months. */
    o = clean_site();
    int64_t s = D(2023, 1, 5);
    ga_obs_add_message(o, "consult", s, ga_time_minus_months(s, -3), 1, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V5"), GA_OUTCOME_CLEAR);
    ga_obs_add_message(o, "consult", s, ga_time_minus_months(s, -3) + 1, 1, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V5"), GA_OUTCOME_HIT);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

/* W-V1 and W-V6, and 一稿多发 counted as 弄虚作假. */
START_TEST(veto_serious_and_service)
{
    ga_profile_t *p = builtin("gov-website-2019");
    ga_observations_t *o = clean_site();
    ga_obs_add_finding(o, "r1", "错别字", "normal", "公安部", "https://x.gov.cn/2", NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V1"), GA_OUTCOME_CLEAR);
    ga_obs_add_finding(o, "r2", "领导人", "serious", "某某某", "https://x.gov.cn/3", NULL);
    ga_score_result_t *r = score(p, o);
    ck_assert_int_eq(outcome(r, "W-V1"), GA_OUTCOME_HIT);
    ck_assert(evidence_has(r, "W-V1", "某某某"));
    ga_score_result_free(r);
    ga_observations_free(o);

    o = clean_site();
    size_t k;
    ga_obs_add_duplicate(o, "转载", &k, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V1"), GA_OUTCOME_CLEAR);
    ga_obs_add_duplicate(o, "一稿多发", &k, NULL);
    ga_obs_add_duplicate_member(o, k, "https://x.gov.cn/a", "工作动态", D(2023, 8, 1), NULL);
    ga_obs_add_duplicate_member(o, k, "https://x.gov.cn/b", "要闻", D(2023, 8, 2), NULL);
    r = score(p, o);
    ck_assert_int_eq(outcome(r, "W-V1"), GA_OUTCOME_HIT);
    ck_assert(evidence_has(r, "W-V1", "弄虚作假"));
    ck_assert(evidence_has(r, "W-V1", "column 要闻, 2023-08-02"));
    ck_assert(!ga_score_result_passed(r));
    ga_score_result_free(r);
    ga_observations_free(o);

    o = clean_site();
    ga_obs_set_flag(o, "secret_leak", 1, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V1"), GA_OUTCOME_HIT);
    ga_obs_set_flag(o, "secret_leak", 0, NULL);
    ga_obs_set_flag(o, "has_service", 0, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V1"), GA_OUTCOME_CLEAR);
    ck_assert_int_eq(outcome_of(p, o, "W-V6"), GA_OUTCOME_HIT);
    /* Offices without public services: 办事服务 is not checked. */
    ga_obs_set_flag(o, "no_public_service", 1, NULL);
    ck_assert_int_eq(outcome_of(p, o, "W-V6"), GA_OUTCOME_SKIPPED);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

/* The corroborated deductions: W-D1 −5, W-D2 −2, W-D3 −3. */
START_TEST(deductions)
{
    ga_profile_t *p = builtin("gov-website-2019");
    ga_observations_t *o = clean_site();
    o->columns.v[1].items[0] = ga_time_minus_months(T, 6);     /* 政策文件, level 1: stale */
    o->columns.v[2].items[0] = ga_time_minus_months(T, 3) + 1; /* 办事统计: fresh */
    o->messages.v[0].replied = ga_time_minus_months(T, 2) + 1;
    ga_score_result_t *r = score(p, o);
    ck_assert_int_eq(outcome(r, "W-D1"), GA_OUTCOME_HIT);
    ck_assert_double_eq(ga_score_result_points(r, ga_score_result_find(r, "W-D1")), 5);
    ck_assert_int_eq(outcome(r, "W-D2"), GA_OUTCOME_CLEAR);
    ck_assert_int_eq(outcome(r, "W-D3"), GA_OUTCOME_CLEAR);
    ck_assert_double_eq(ga_score_result_score(r), 95);
    ck_assert(ga_score_result_passed(r));
    ga_score_result_free(r);
    o->columns.v[2].items[0] = ga_time_minus_months(T, 3);
    o->messages.v[0].replied = ga_time_minus_months(T, 2);
    r = score(p, o);
    ck_assert_int_eq(outcome(r, "W-D2"), GA_OUTCOME_HIT);
    ck_assert_int_eq(outcome(r, "W-D3"), GA_OUTCOME_HIT);
    ck_assert_double_eq(ga_score_result_score(r), 90);
    /* Bonus part: the gate is passed (90 > 80) but the 2019 bonus items are unknown. */
    ck_assert_double_eq(ga_score_result_bonus(r), 0);
    ck_assert_double_eq(ga_score_result_final(r), 90);
    char *json = NULL;
    ck_assert_int_eq(ga_score_result_json(r, o, 0, &json, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"score\":90,"));
    ck_assert_ptr_nonnull(strstr(json, "\"deductions\":[{\"id\":\"W-D1\",\"name\":\"政策文件类一级栏目未更新\",\"points\":5,"));
    ck_assert_ptr_nonnull(strstr(json, "\"columns\":[{\"id\":\"c1\""));
    ga_string_free(json);
    ga_score_result_free(r);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

/* A profile with round numbers to probe the policy: gates, caps, per-occurrence points. */
static const char *policy_profile =
    "{\"format\":\"govaudit-profile/1\",\"id\":\"t\",\"name\":\"t\",\"object\":\"website\","
    "\"policy\":{\"mode\":\"scored\",\"deduct_max\":100,\"fail_below\":60,"
    "\"bonus_gate_above\":80,\"bonus_max\":30,\"item_cap\":true,"
    "\"no_service\":{\"flag\":\"no_public_service\",\"base\":75,\"blocks\":[\"办事服务\"]}},"
    "\"indicators\":["
    "{\"id\":\"blank\",\"name\":\"空白栏目\",\"kind\":\"deduct\",\"metric\":\"blank_columns\","
    " \"op\":\"ge\",\"threshold\":1,\"points\":2,\"per\":\"each\",\"cap\":40},"
    "{\"id\":\"links\",\"name\":\"链接\",\"kind\":\"deduct\",\"metric\":\"broken_links\","
    " \"op\":\"ge\",\"threshold\":1,\"points\":1,\"per\":\"each\"},"
    "{\"id\":\"svc\",\"name\":\"办事\",\"kind\":\"deduct\",\"block\":\"办事服务\","
    " \"metric\":\"flag\",\"flag\":\"svc_bad\",\"absent\":0,\"op\":\"eq\",\"threshold\":1,\"points\":25},"
    "{\"id\":\"b1\",\"name\":\"加分1\",\"kind\":\"bonus\",\"metric\":\"flag\",\"flag\":\"b1\","
    " \"absent\":0,\"op\":\"eq\",\"threshold\":1,\"points\":20},"
    "{\"id\":\"b2\",\"name\":\"加分2\",\"kind\":\"bonus\",\"metric\":\"flag\",\"flag\":\"b2\","
    " \"absent\":0,\"op\":\"eq\",\"threshold\":1,\"points\":20}]}";

static ga_observations_t *policy_site(int blank, int broken)
{
    ga_observations_t *o = NULL;
    ga_observations_new(GA_OBJECT_WEBSITE, &o, NULL);
    ga_obs_set_time(o, T);
    ga_obs_mark_observed(o, GA_OBS_COLUMNS | GA_OBS_LINKS);
    add_columns(o, "other", 1, blank, GA_TIME_NONE, 1);
    for (int i = 0; i < broken; i++)
        ga_obs_add_link(o, "https://x.gov.cn/dead", 404, 0, "https://x.gov.cn/", NULL);
    return o;
}

START_TEST(gates_and_caps)
{
    ga_profile_t *p = inline_profile(policy_profile);
    struct {
        int blank, broken;
        double score;
        bool passed;
    } cases[] = {
        {20, 0, 60, true},  /* 60 itself passes */
        {20, 1, 59, false}, /* just under fails */
        {19, 1, 61, true},
        {30, 0, 60, true},  /* capped at 40 */
        {30, 50, 10, false},
        {30, 200, 0, false}, /* the part maximum: never below 0 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ga_observations_t *o = policy_site(cases[i].blank, cases[i].broken);
        ga_score_result_t *r = score(p, o);
        ck_assert_msg(fabs(ga_score_result_score(r) - cases[i].score) < 1e-9, "case %zu: %g", i,
                      ga_score_result_score(r));
        ck_assert_int_eq(ga_score_result_passed(r), cases[i].passed);
        ck_assert(ga_score_result_complete(r));
        if (cases[i].blank == 30)
            ck_assert(evidence_has(r, "blank", "30 × 2 points = 60, capped at 40"));
        ga_score_result_free(r);
        ga_observations_free(o);
    }
    /* Bonus gate: 80 gets no bonus, 81 does; the bonus is capped at 30. */
    ga_observations_t *o = policy_site(10, 0);
    ga_obs_set_flag(o, "b1", 1, NULL);
    ga_score_result_t *r = score(p, o);
    ck_assert_double_eq(ga_score_result_score(r), 80);
    ck_assert_double_eq(ga_score_result_bonus(r), 0);
    ck_assert_int_eq(outcome(r, "b1"), GA_OUTCOME_SKIPPED);
    ga_score_result_free(r);
    ga_observations_free(o);
    o = policy_site(9, 1);
    ga_obs_set_flag(o, "b1", 1, NULL);
    r = score(p, o);
    ck_assert_double_eq(ga_score_result_score(r), 81);
    ck_assert_double_eq(ga_score_result_bonus(r), 20);
    ck_assert_double_eq(ga_score_result_final(r), 101);
    ga_score_result_free(r);
    ga_obs_set_flag(o, "b2", 1, NULL);
    r = score(p, o);
    ck_assert_double_eq(ga_score_result_bonus(r), 30);
    ck_assert_double_eq(ga_score_result_final(r), 111);
    ga_score_result_free(r);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

START_TEST(rescale_75)
{
    ga_profile_t *p = inline_profile(policy_profile);
    ga_observations_t *o = policy_site(5, 0);
    ga_obs_set_flag(o, "svc_bad", 1, NULL);
    ga_score_result_t *r = score(p, o);
    ck_assert_double_eq(ga_score_result_score(r), 65); /* 100 − 10 − 25 */
    ga_score_result_free(r);
    /* Without public services: 办事服务 not checked, (75 − 10) × 4/3. */
    ga_obs_set_flag(o, "no_public_service", 1, NULL);
    r = score(p, o);
    ck_assert_int_eq(outcome(r, "svc"), GA_OUTCOME_SKIPPED);
    ck_assert(fabs(ga_score_result_score(r) - 65.0 * 4 / 3) < 1e-6);
    char *json;
    ck_assert_int_eq(ga_score_result_json(r, NULL, 0, &json, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"score\":86.67"));
    ga_string_free(json);
    ga_score_result_free(r);
    ga_observations_free(o);
    /* 45 deducted out of 75 → 40: fails; 15 → 80 passes without bonus. */
    o = policy_site(20, 5);
    ga_obs_set_flag(o, "no_public_service", 1, NULL);
    r = score(p, o);
    ck_assert_double_eq(ga_score_result_score(r), 40);
    ck_assert(!ga_score_result_passed(r));
    ga_score_result_free(r);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

START_TEST(not_evaluable)
{
    const char *json =
        "{\"format\":\"govaudit-profile/1\",\"id\":\"t\",\"name\":\"t\",\"object\":\"website\","
        "\"policy\":{\"mode\":\"scored\",\"deduct_max\":100,\"fail_below\":60},"
        "\"indicators\":["
        "{\"id\":\"v\",\"name\":\"v\",\"kind\":\"veto\",\"metric\":\"blank_columns\",\"op\":\"ge\",\"threshold\":\"\"},"
        "{\"id\":\"w\",\"name\":\"w\",\"kind\":\"veto\",\"metric\":\"new_items\",\"window\":null,\"op\":\"eq\",\"threshold\":0},"
        "{\"id\":\"d\",\"name\":\"d\",\"kind\":\"deduct\",\"metric\":\"blank_columns\",\"op\":\"ge\",\"threshold\":1,\"points\":\"\"},"
        "{\"id\":\"f\",\"name\":\"f\",\"kind\":\"deduct\",\"metric\":\"flag\",\"flag\":\"x\",\"op\":\"eq\",\"threshold\":1,\"points\":3},"
        "{\"id\":\"s\",\"name\":\"s\",\"kind\":\"deduct\",\"metric\":\"siteid_format\",\"op\":\"eq\",\"threshold\":1,\"points\":1}]}";
    ga_profile_t *p = inline_profile(json);
    ck_assert(!ga_profile_indicator_complete(p, 0));
    ck_assert(!ga_profile_indicator_complete(p, 1));
    ck_assert(ga_profile_indicator_complete(p, 3));
    ga_observations_t *o = policy_site(100, 0);
    ga_score_result_t *r = score(p, o);
    ck_assert_int_eq(outcome(r, "v"), GA_OUTCOME_NOT_EVALUABLE);
    ck_assert_ptr_nonnull(strstr(ga_score_result_reason(r, 0), "threshold"));
    ck_assert_int_eq(outcome(r, "w"), GA_OUTCOME_NOT_EVALUABLE);
    ck_assert_ptr_nonnull(strstr(ga_score_result_reason(r, 1), "window"));
    /* The condition holds, but without points nothing is deducted and it is said so. */
    ck_assert_int_eq(outcome(r, "d"), GA_OUTCOME_NOT_EVALUABLE);
    ck_assert_int_eq(outcome(r, "f"), GA_OUTCOME_NOT_EVALUABLE); /* flag not observed */
    ck_assert_int_eq(outcome(r, "s"), GA_OUTCOME_NOT_EVALUABLE); /* no SiteIDCode */
    ck_assert_double_eq(ga_score_result_score(r), 100);
    ck_assert(!ga_score_result_complete(r));
    char *out;
    ck_assert_int_eq(ga_score_result_json(r, NULL, GA_SCORE_JSON_ALL, &out, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(out, "\"not_evaluable\":[{\"id\":\"v\""));
    ck_assert_ptr_nonnull(strstr(out, "\"outcome\":\"not_evaluable\""));
    ga_string_free(out);
    ga_score_result_free(r);
    ga_obs_set_site(o, "x", NULL, "bm1700000", NULL);
    r = score(p, o);
    ck_assert_int_eq(outcome(r, "s"), GA_OUTCOME_HIT);
    ga_score_result_free(r);
    ga_obs_set_site(o, "x", NULL, "bm17000009", NULL);
    ck_assert_int_eq(outcome_of(p, o, "s"), GA_OUTCOME_CLEAR);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

/* ---- new media ---------------------------------------------------------------------------- */

static const char *export_json =
    "{\"account\": \"某某发布\", \"platform\": \"微信公众号\", \"owner\": \"某某镇人民政府\",\n"
    " \"interaction\": true,\n"
    " \"posts\": [{\"time\": \"2023-07-28 10:00\", \"title\": \"通知\", \"text\": \"…\", \"url\": \"u1\"}],\n"
    " \"menus\": [{\"name\": \"办事服务\", \"url\": \"m1\", \"status\": 0},\n"
    "           {\"name\": \"关于\", \"url\": \"m2\", \"status\": 200}],\n"
    " \"messages\": [{\"time\": \"2023-05-02 09:12\", \"reply_time\": \"2023-05-03 15:00\", \"text\": \"…\"},\n"
    "              {\"time\": \"2023-07-02 09:12\", \"reply_time\": null, \"text\": \"…\"}]}";

START_TEST(newmedia)
{
    ga_profile_t *p = builtin("gov-newmedia-2019");
    ga_observations_t *o = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_observations_parse_media(export_json, strlen(export_json), "x.json", &o, &err),
                     GA_OK);
    /* Veto-only: passes with the broken menu and the unanswered message listed. */
    ga_obs_set_time(o, D(2023, 7, 28) + 14 * DAY - 1);
    ga_score_result_t *r = score(p, o);
    ck_assert(ga_score_result_passed(r));
    ck_assert(!ga_score_result_scored(r));
    ck_assert_int_eq(outcome(r, "M-V2"), GA_OUTCOME_CLEAR);
    ck_assert_int_eq(outcome(r, "M-P1"), GA_OUTCOME_HIT);
    ck_assert(evidence_has(r, "M-P1", "办事服务: did not open"));
    ck_assert_int_eq(outcome(r, "M-P2"), GA_OUTCOME_HIT);
    ga_score_result_free(r);
    /* 14 days after the post's day: no update in the window. */
    ga_obs_set_time(o, D(2023, 7, 28) + 15 * DAY - 1);
    r = score(p, o);
    ck_assert(!ga_score_result_passed(r));
    ck_assert_int_eq(outcome(r, "M-V2"), GA_OUTCOME_HIT);
    ga_score_result_free(r);
    ga_obs_set_flag(o, "has_interaction", 0, NULL);
    ck_assert_int_eq(outcome_of(p, o, "M-V3"), GA_OUTCOME_HIT);
    /* Scoring an account with a website profile is refused. */
    ga_profile_t *w = builtin("gov-website-2019");
    ck_assert_int_eq(ga_score(w, o, &r, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    ga_profile_free(w);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

START_TEST(media_errors)
{
    struct {
        const char *json;
        size_t line, col;
        const char *msg;
    } cases[] = {
        {"{\"account\": \"a\",\n \"posts\": [{\"time\": \"2023-02-30\"}]}", 2, 21, "posts[0].time"},
        {"{\"account\": \"a\", \"menus\": [{\"name\": \"x\"}]}", 1, 28, "status"},
        {"{\"account\": \"a\",\n\"bogus\": 1}", 2, 10, "unknown field"},
        {"{\"platform\": \"x\"}", 1, 1, "account"},
        {"[1,2", 1, 5, "end"},
        {"{\"account\": \"a\"} x", 1, 18, ""},
        {"{\"account\": \"a\", \"posts\": 3}", 1, 27, "array"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ga_observations_t *o = NULL;
        ga_error_t *err = NULL;
        ck_assert_int_ne(ga_observations_parse_media(cases[i].json, strlen(cases[i].json), "e.json",
                                                     &o, &err), GA_OK);
        ck_assert_ptr_null(o);
        ck_assert_msg(ga_error_line(err) == cases[i].line && ga_error_column(err) == cases[i].col,
                      "case %zu: %zu:%zu %s", i, ga_error_line(err), ga_error_column(err),
                      ga_error_message(err));
        ck_assert_msg(strstr(ga_error_message(err), cases[i].msg), "case %zu: %s", i,
                      ga_error_message(err));
        ck_assert_str_eq(ga_error_file(err), "e.json");
        ga_error_free(err);
    }
}
END_TEST

/* ---- profile errors ---------------------------------------------------------------------- */

START_TEST(profile_errors)
{
    const char *head = "{\"format\":\"govaudit-profile/1\",\"id\":\"t\",\"name\":\"t\",\"object\":\"website\",\n"
                       "\"policy\":{\"mode\":\"scored\",\"deduct_max\":100},\n\"indicators\":[\n";
    struct {
        const char *ind;
        size_t line, col;
        const char *msg;
    } cases[] = {
        {"{\"id\":\"a\",\"name\":\"a\",\"kind\":\"veto\",\"metric\":\"bogus\",\"op\":\"ge\",\"threshold\":1}", 4, 45, "metric"},
        {"{\"id\":\"a\",\"name\":\"a\",\"kind\":\"veto\",\"metric\":\"blank_columns\",\"op\":\"ge\"}", 4, 1, "threshold"},
        {"{\"id\":\"a\",\"name\":\"a\",\"kind\":\"veto\",\"metric\":\"new_items\",\"window\":\"2w\",\"op\":\"eq\",\"threshold\":0}", 4, 66, "window"},
        {"{\"id\":\"a\",\"name\":\"a\",\"kind\":\"veto\",\"metric\":\"blank_columns\",\"op\":\"ge\",\"treshold\":1,\"threshold\":1}", 4, 82, "unknown field 'treshold'"},
        {"{\"id\":\"a\",\"name\":\"a\",\"kind\":\"deduct\",\"metric\":\"blank_columns\",\"op\":\"ge\",\"threshold\":1}", 4, 1, "points"},
        {"{\"id\":\"a\",\"name\":\"a\",\"kind\":\"veto\",\"metric\":\"blank_columns\",\"op\":\"ge\",\"threshold\":1},\n"
         " {\"id\":\"a\",\"name\":\"b\",\"kind\":\"veto\",\"metric\":\"blank_columns\",\"op\":\"ge\",\"threshold\":1}", 5, 8, "duplicate"},
        {"{\"id\":\"a\",\"name\":\"a\",\"kind\":\"veto\",\"any_of\":[{\"metric\":\"blank_columns\",\"op\":\"ge\",\"threshold\":1},\n"
         "  {\"metric\":\"stale_columns\",\"op\":\"ge\",\"threshold\":1,\"columns\":[{\"types\":\"news\"}]}]}", 5, 64, "window"},
        {"{\"id\":\"a\",\"name\":\"é\",\"kind\":\"veto\",\"metric\":\"blank_columns\",\"op\":\"ge\",\"threshold\":[1]}", 4, 83, "number"},
        {"{\"id\":\"a\",\"name\":\"a\",\"kind\":\"veto\",\"metric\":\"blank_columns\",\"op\":\"ge\",\"threshold\":1", 4, 84, "separator"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char json[2048];
        snprintf(json, sizeof json, "%s%s]}", head, cases[i].ind);
        ga_profile_t *p = NULL;
        ga_error_t *err = NULL;
        ck_assert_int_eq(ga_profile_parse(json, strlen(json), "p.json", &p, &err), GA_ERR_SYNTAX);
        ck_assert_ptr_null(p);
        ck_assert_msg(ga_error_line(err) == cases[i].line && ga_error_column(err) == cases[i].col,
                      "case %zu: %zu:%zu %s", i, ga_error_line(err), ga_error_column(err),
                      ga_error_message(err));
        ck_assert_msg(strstr(ga_error_message(err), cases[i].msg), "case %zu: %s", i,
                      ga_error_message(err));
        ga_error_free(err);
    }
    ga_profile_t *p = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_profile_load_builtin("../etc/passwd", &p, &err), GA_ERR_NOT_FOUND);
    ga_error_free(err);
    err = NULL;
    ck_assert_int_eq(ga_profile_load_builtin("no-such-profile", &p, &err), GA_ERR_IO);
    ga_error_free(err);
}
END_TEST

/* ---- observations JSON --------------------------------------------------------------------- */

START_TEST(observations_json)
{
    const char *json =
        "{\"object\":\"website\",\"site\":\"某区政府\",\"site_id\":\"5101320017\",\"date\":\"2023-08-10\",\n"
        " \"flags\":{\"has_consult_channel\":true,\"has_service\":true},\n"
        " \"observed\":[\"findings\",\"duplicates\"],\n"
        " \"probes\":[{\"time\":\"2023-08-10 08:00\",\"ok\":false,\"latency_ms\":0}],\n"
        " \"home\":[{\"time\":\"2023-07-27 23:59:59\",\"title\":\"a\"}],\n"
        " \"columns\":[{\"id\":\"c\",\"name\":\"通知公告\",\"type\":\"notice\",\"level\":1,\"items\":[\"2023-01-01\",null]}],\n"
        " \"messages\":[{\"column_type\":\"consult\",\"submitted\":\"2023-01-02\",\"replied\":null}],\n"
        " \"links\":[{\"url\":\"https://a\",\"status\":404,\"where\":\"https://x\"}],\n"
        " \"services\":[{\"name\":\"s\",\"elements\":[\"事项名称\"]}],\n"
        " \"pages\":[{\"url\":\"https://x/1\",\"kind\":\"article\",\"tags\":[\"SiteName\"]}]}";
    ga_observations_t *o = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_observations_parse(json, strlen(json), "o.json", &o, &err), GA_OK);
    ck_assert_int_eq(ga_obs_time(o), T);
    ga_profile_t *p = builtin("gov-website-2019");
    ga_score_result_t *r = score(p, o);
    ck_assert_int_eq(outcome(r, "W-V1"), GA_OUTCOME_CLEAR);
    ck_assert_int_eq(outcome(r, "W-V2"), GA_OUTCOME_NOT_EVALUABLE); /* 1 probe */
    ck_assert_int_eq(outcome(r, "W-V3"), GA_OUTCOME_HIT);
    ck_assert_int_eq(outcome(r, "W-V5"), GA_OUTCOME_HIT);
    /* A guide lacking three elements: listed by W-P3; W-V6.2's numbers are not known. */
    ck_assert_int_eq(outcome(r, "W-V6"), GA_OUTCOME_NOT_EVALUABLE);
    ck_assert_int_eq(outcome(r, "W-P3"), GA_OUTCOME_HIT);
    ck_assert_int_eq(ga_score_result_veto_count(r), 2);
    ga_score_batch_t *b;
    ck_assert_int_eq(ga_score_batch_new(&b, NULL), GA_OK);
    ck_assert_int_eq(ga_score_batch_add(b, r, NULL), GA_OK);
    char *out;
    ck_assert_int_eq(ga_score_result_json(r, o, 0, &out, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(out, "\"links\":[{\"url\":\"https://a\",\"status\":404"));
    ck_assert_int_eq(ga_score_batch_add_json(b, out, strlen(out), "r.json", NULL), GA_OK);
    ga_string_free(out);
    ck_assert_uint_eq(ga_score_batch_checked(b), 2);
    ck_assert_uint_eq(ga_score_batch_passed(b), 0);
    ck_assert_int_eq(ga_score_batch_json(b, 0, &out, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(out, "\"rate\":0.0"));
    ck_assert_ptr_nonnull(strstr(out, "首页不更新（单项否决）"));
    ga_string_free(out);
    ga_score_batch_free(b);
    ga_score_result_free(r);
    ga_profile_free(p);
    ga_observations_free(o);

    const char *bad_object = "{\"object\":\"webs\"}";
    ck_assert_int_eq(ga_observations_parse(bad_object, strlen(bad_object), "o.json", &o, &err),
                     GA_ERR_SYNTAX);
    ck_assert_uint_eq(ga_error_column(err), 11);
    ga_error_free(err);
    err = NULL;
    const char *bad = "{\"columns\":[{\"id\":\"c\",\n\"items\":[\"2023-01-01\",\"yesterday\"]}]}";
    ck_assert_int_eq(ga_observations_parse(bad, strlen(bad), "o.json", &o, &err), GA_ERR_SYNTAX);
    ck_assert_uint_eq(ga_error_line(err), 2);
    ck_assert_uint_eq(ga_error_column(err), 23);
    ga_error_free(err);
}
END_TEST

/* Observations rendered as JSON load back to the same observations. */
START_TEST(observations_round_trip)
{
    ga_observations_t *o = clean_site();
    size_t k;
    ga_obs_add_duplicate(o, "一稿多发", &k, NULL);
    ga_obs_add_duplicate_member(o, k, "https://x.gov.cn/a", NULL, GA_TIME_NONE, NULL);
    ga_obs_add_finding(o, "r", "错别字", "serious", "某某", NULL, NULL);
    const char *tags[] = {"SiteName", "PubDate"};
    ga_obs_add_page(o, "https://x.gov.cn/p", "article", tags, 2, NULL);
    ga_obs_add_link(o, "https://x.gov.cn/dead", 0, 1, NULL, NULL);
    add_columns(o, "notice", 1, 2, GA_TIME_NONE, 1);
    char *a = NULL, *b = NULL;
    size_t alen, blen;
    ck_assert_int_eq(ga_observations_json(o, 0, &a, &alen, NULL), GA_OK);
    ga_observations_t *o2 = NULL;
    ga_error_t *err = NULL;
    ck_assert_msg(ga_observations_parse(a, alen, "rt", &o2, &err) == GA_OK, "%s", ga_error_message(err));
    ck_assert_int_eq(ga_observations_json(o2, 0, &b, &blen, NULL), GA_OK);
    ck_assert_str_eq(a, b);
    ck_assert_int_eq(ga_obs_time(o2), T);
    ga_profile_t *p = builtin("gov-website-2019");
    ga_score_result_t *r1 = score(p, o), *r2 = score(p, o2);
    char *j1, *j2;
    ga_score_result_json(r1, o, 0, &j1, NULL, NULL);
    ga_score_result_json(r2, o2, 0, &j2, NULL, NULL);
    ck_assert_str_eq(j1, j2);
    ga_string_free(j1);
    ga_string_free(j2);
    ga_score_result_free(r1);
    ga_score_result_free(r2);
    ga_profile_free(p);
    ga_string_free(a);
    ga_string_free(b);
    ga_observations_free(o2);
    ga_observations_free(o);
}
END_TEST

/* ---- batches -------------------------------------------------------------------------------- */

static void add_results(ga_score_batch_t *b, int passed, int failed)
{
    for (int i = 0; i < passed + failed; i++) {
        char json[128];
        snprintf(json, sizeof json,
                 "{\"site\":\"s%d\",\"passed\":%s,\"vetoes\":[%s]}", i,
                 i < passed ? "true" : "false", i < passed ? "" : "{\"name\":\"站点无法访问\"}");
        ck_assert_int_eq(ga_score_batch_add_json(b, json, strlen(json), NULL, NULL), GA_OK);
    }
}

START_TEST(batch_rate)
{
    struct {
        int passed, failed;
        double rate;
    } cases[] = {
        {209, 15, 93.3}, /* 甘肃: 93.30% */
        {558, 3, 99.5},  /* 浙江: 99.47% → 99.5 */
        {100, 27, 78.7}, /* 新疆: 78.74% */
        {23, 6, 79.3},   /* 西藏: 79.31% */
        {525, 6, 98.9},  /* 531 sites, 98.9% */
        {1, 1, 50.0},
        {1, 7, 12.5},    /* half up */
        {0, 3, 0.0},
        {3, 0, 100.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ga_score_batch_t *b;
        ck_assert_int_eq(ga_score_batch_new(&b, NULL), GA_OK);
        add_results(b, cases[i].passed, cases[i].failed);
        ck_assert_msg(fabs(ga_score_batch_rate(b) - cases[i].rate) < 1e-9, "case %zu: %g", i,
                      ga_score_batch_rate(b));
        ga_score_batch_free(b);
    }
    ga_score_batch_t *b;
    ga_score_batch_new(&b, NULL);
    ck_assert_double_eq(ga_score_batch_rate(b), 0);
    /* The attachment table: vetoed first, then failed on points, then passed with problems. */
    const char *rows[] = {
        "{\"site\":\"p\",\"passed\":true,\"problems\":[{\"name\":\"菜单\",\"evidence\":[{\"text\":\"x\"},{\"text\":\"办事服务: did not open\"}]}]}",
        "{\"site\":\"clean\",\"passed\":true}",
        "{\"site\":\"f\",\"passed\":false,\"deductions\":[{\"name\":\"政策文件\",\"points\":5}]}",
        "{\"site\":\"v\",\"passed\":false,\"vetoes\":[{\"name\":\"首页不更新\"}]}",
    };
    for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(ga_score_batch_add_json(b, rows[i], strlen(rows[i]), NULL, NULL), GA_OK);
    char *out;
    ck_assert_int_eq(ga_score_batch_json(b, 0, &out, NULL, NULL), GA_OK);
    const char *v = strstr(out, "\"site\":\"v\""), *f = strstr(out, "\"site\":\"f\""),
               *p = strstr(out, "\"site\":\"p\"");
    ck_assert(v && f && p && v < f && f < p);
    ck_assert_ptr_null(strstr(out, "clean"));
    ck_assert_ptr_nonnull(strstr(out, "政策文件（扣5分）"));
    ck_assert_ptr_nonnull(strstr(out, "菜单：办事服务: did not open"));
    ck_assert_ptr_nonnull(strstr(out, "\"rate\":50.0"));
    ga_string_free(out);
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_score_batch_add_json(b, "{\"site\":1,\"passed\":true}", 25, "r", &err),
                     GA_ERR_SYNTAX);
    ga_error_free(err);
    ck_assert_uint_eq(ga_score_batch_checked(b), 4);
    ga_score_batch_free(b);
}
END_TEST

START_TEST(builder_arguments)
{
    ga_observations_t *o;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_observations_new((ga_object_t)7, &o, NULL), GA_ERR_INVALID_ARGUMENT);
    ga_observations_new(GA_OBJECT_WEBSITE, &o, NULL);
    ck_assert_int_eq(ga_obs_add_column_item(o, 0, T, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    err = NULL;
    ck_assert_int_eq(ga_obs_add_probe(o, INT64_MAX, 1, 0, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_obs_set_site(o, "\xff", NULL, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_obs_add_link(o, NULL, 200, 0, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    /* No audit time: scoring is refused rather than guessed. */
    ga_profile_t *p = builtin("gov-website-2019");
    ga_score_result_t *r = NULL;
    ck_assert_int_eq(ga_score(p, o, &r, &err), GA_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "audit time"));
    ga_error_free(err);
    ga_profile_free(p);
    ga_observations_free(o);
    ga_observations_free(NULL);
    ga_profile_free(NULL);
    ga_score_result_free(NULL);
    ga_score_batch_free(NULL);
}
END_TEST

/* One profile shared by threads: every thread gets the same verdicts. */
typedef struct {
    const ga_profile_t *p;
    int hits;
} thread_arg_t;

static void *score_thread(void *arg)
{
    thread_arg_t *a = arg;
    for (int k = 0; k < 50; k++) {
        ga_observations_t *o = clean_site();
        add_columns(o, "news", 1, 5 + k % 2, T - 30 * DAY, 0);
        ga_score_result_t *r = NULL;
        if (ga_score(a->p, o, &r, NULL) == GA_OK && ga_score_result_veto_count(r) == 1)
            a->hits++;
        ga_score_result_free(r);
        ga_observations_free(o);
    }
    return NULL;
}

START_TEST(shared_profile_threads)
{
    ga_profile_t *p = builtin("gov-website-2019");
    pthread_t th[4];
    thread_arg_t args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (thread_arg_t){p, 0};
        ck_assert_int_eq(pthread_create(&th[i], NULL, score_thread, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ck_assert_int_eq(args[i].hits, 50);
    }
    ga_profile_free(p);
}
END_TEST

/* Posts of a new-media export scanned for wording: each hit a finding with the post's url;
 * with no hit the findings section still counts as observed. */
START_TEST(media_posts_scanned)
{
    const char export[] = "{\"account\": \"a\", \"posts\": ["
                          "{\"time\": \"2023-07-28 10:00\", \"title\": \"关于测试词的通知\","
                          " \"text\": \"正文有测试词，又一处测试词。\", \"url\": \"https://m/1\"},"
                          "{\"time\": \"2023-07-29 10:00\", \"title\": \"无\", \"url\": \"https://m/2\"}]}";
    const char rules_text[] = "@category 敏感词\n@severity serious\n测试词\t-\n";
    ga_rules_t *rs = ga_rules_new();
    ck_assert_int_eq(ga_rules_add_text(rs, "t", rules_text, strlen(rules_text), NULL), GA_OK);
    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_compile(rs, &m, NULL), GA_OK);
    ga_rules_free(rs);
    ga_observations_t *obs = NULL;
    ck_assert_int_eq(ga_observations_parse_media(export, strlen(export), "e", &obs, NULL), GA_OK);
    ck_assert_int_eq(ga_obs_scan_posts(NULL, m, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_obs_scan_posts(obs, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_obs_scan_posts(obs, m, NULL), GA_OK);
    char *json = NULL;
    ck_assert_int_eq(ga_observations_json(obs, 0, &json, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"findings\""));
    size_t hits = 0;
    for (const char *p = json; (p = strstr(p, "\"text\":\"测试词\",\"url\":\"https://m/1\"")); p++)
        hits++;
    ck_assert_uint_eq(hits, 3); /* title once, text twice */
    ga_string_free(json);
    ga_observations_free(obs);
    ga_matcher_free(m);
}
END_TEST

/* Evidence is cut to a fixed size; the cut never splits a character (found by fuzzing:
 * a long finding, and a site id quoted to 40 bytes). */
START_TEST(evidence_cut_stays_utf8)
{
    ga_observations_t *obs = NULL;
    ck_assert_int_eq(ga_observations_new(GA_OBJECT_WEBSITE, &obs, NULL), GA_OK);
    ga_obs_set_time(obs, 1691711999);
    /* Three offsets of a long Han text: one of them is cut inside a character. */
    static const char *const lead[] = {"", "a", "ab"};
    for (int l = 0; l < 3; l++) {
        char text[1200];
        strcpy(text, lead[l]);
        for (int k = 0; k < 300; k++)
            strcat(text, "政");
        ck_assert_int_eq(ga_obs_add_finding(obs, "r", "c", "serious", text, "u", NULL), GA_OK);
    }
    ck_assert_int_eq(ga_obs_set_site(obs, "站", NULL, "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\xc7\xbd", NULL),
                     GA_OK);
    ga_profile_t *p = NULL;
    ck_assert_int_eq(ga_profile_load_builtin("gov-website-2019", &p, NULL), GA_OK);
    ga_score_result_t *r = NULL;
    ck_assert_int_eq(ga_score(p, obs, &r, NULL), GA_OK);
    char *json = NULL;
    size_t n = 0, bad = 0;
    ck_assert_int_eq(ga_score_result_json(r, obs, GA_SCORE_JSON_ALL, &json, &n, NULL), GA_OK);
    ck_assert_msg(ga_utf8_validate(json, n, &bad) == GA_OK, "invalid UTF-8 at %zu", bad);
    ga_string_free(json);
    ga_score_result_free(r);
    ga_profile_free(p);
    ga_observations_free(obs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("score");
    TCase *tc = tcase_create("score");
    tcase_add_test(tc, time_formats);
    tcase_add_test(tc, clean_site_passes);
    tcase_add_test(tc, veto_unreachable);
    tcase_add_test(tc, veto_home_not_updated);
    tcase_add_test(tc, veto_columns);
    tcase_add_test(tc, veto_interaction);
    tcase_add_test(tc, veto_serious_and_service);
    tcase_add_test(tc, deductions);
    tcase_add_test(tc, gates_and_caps);
    tcase_add_test(tc, rescale_75);
    tcase_add_test(tc, not_evaluable);
    tcase_add_test(tc, newmedia);
    tcase_add_test(tc, media_errors);
    tcase_add_test(tc, profile_errors);
    tcase_add_test(tc, observations_json);
    tcase_add_test(tc, observations_round_trip);
    tcase_add_test(tc, batch_rate);
    tcase_add_test(tc, builder_arguments);
    tcase_add_test(tc, shared_profile_threads);
    tcase_add_test(tc, media_posts_scanned);
    tcase_add_test(tc, evidence_cut_stays_utf8);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
