/* The evidence a crawl gives beyond columns and links: the score's observations of
 * messages, guides, changed publish dates and site problems (their metrics, evidence and
 * JSON), and the site audit's passes that fill them from pages. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

static int64_t at(const char *s)
{
    int64_t t;
    ck_assert_int_eq(ga_time_parse(s, strlen(s), &t, NULL), GA_OK);
    return t;
}

static ga_profile_t *website(void)
{
    ga_profile_t *p = NULL;
    ga_error_t *err = NULL;
    ck_assert_msg(ga_profile_load_builtin("gov-website-2019", &p, &err) == GA_OK, "%s",
                  ga_error_message(err));
    return p;
}

/* Whether outcome `id` has an evidence entry holding `text` (and naming `url` when given). */
static bool has_evidence(const ga_score_result_t *r, const char *id, const char *text,
                         const char *url)
{
    size_t i = ga_score_result_find(r, id);
    for (size_t j = 0; j < ga_score_result_evidence_count(r, i); j++) {
        const char *u = NULL;
        const char *t = ga_score_result_evidence(r, i, j, &u, NULL);
        if (strstr(t, text) && (!url || (u && !strcmp(u, url))))
            return true;
    }
    return false;
}

static ga_outcome_t outcome(const ga_score_result_t *r, const char *id)
{
    return ga_score_result_outcome(r, ga_score_result_find(r, id));
}

/* The new observations through the profile: evidence names messages, guides and pages. */
START_TEST(metrics_and_evidence)
{
    ga_observations_t *o = NULL;
    ck_assert_int_eq(ga_observations_new(GA_OBJECT_WEBSITE, &o, NULL), GA_OK);
    ga_obs_set_time(o, at("2023-08-15 23:59:59"));
    ck_assert_int_eq(ga_obs_add_message_on_page(o, "consult", at("2023-03-02"), GA_TIME_NONE, 1,
                                                "建议增设公共厕所", "http://x/m/1.html", NULL), GA_OK);
    ck_assert_int_eq(ga_obs_add_message_on_page(o, "consult", at("2023-07-02"), GA_TIME_NONE, 1,
                                                "未满三个月", "http://x/m/2.html", NULL), GA_OK);
    const char *thin[] = {"事项名称", "申请条件"};
    const char *full[] = {"事项名称", "设定依据", "申请条件", "办理材料"};
    ck_assert_int_eq(ga_obs_add_guide(o, "参保登记", "http://x/g/1.html", thin, 2, NULL), GA_OK);
    ck_assert_int_eq(ga_obs_add_guide(o, "设立登记", "http://x/g/2.html", full, 4, NULL), GA_OK);
    /* Seven months apart and one month apart: the profile's age (3m) keeps the first. */
    ck_assert_int_eq(ga_obs_add_date_change(o, "http://x/a/t20230105_1.html", "通知",
                                            at("2023-01-05"), at("2023-07-28"), NULL), GA_OK);
    ck_assert_int_eq(ga_obs_add_date_change(o, "http://x/a/t20230605_2.html", NULL,
                                            at("2023-06-05"), at("2023-07-10"), NULL), GA_OK);
    ck_assert_int_eq(ga_obs_add_site_problem(o, "identity.missing.icp", "ICP备案号 missing on 3 of 9 pages",
                                             "http://x/p.html", 3, NULL), GA_OK);
    ck_assert_int_eq(ga_obs_add_site_problem(o, "other.thing", "not identity", NULL, 1, NULL), GA_OK);
    /* Bad arguments are refused. */
    ck_assert_int_eq(ga_obs_add_site_problem(o, NULL, "x", NULL, 1, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_obs_add_date_change(o, "u", NULL, GA_TIME_NONE, 0, NULL),
                     GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_obs_add_message_on_page(NULL, NULL, 0, 0, 1, NULL, NULL, NULL),
                     GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_obs_add_guide(o, "\xff", NULL, NULL, 0, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_obs_set_flag(o, "has_consult_channel", 1, NULL), GA_OK);
    ck_assert_int_eq(ga_obs_set_flag(o, "has_service", 1, NULL), GA_OK);
    ga_profile_t *p = website();
    ga_score_result_t *r = NULL;
    ck_assert_int_eq(ga_score(p, o, &r, NULL), GA_OK);
    ck_assert_int_eq(outcome(r, "W-V5"), GA_OUTCOME_HIT);
    ck_assert(has_evidence(r, "W-V5", "「建议增设公共厕所」 of 2023-03-02", "http://x/m/1.html"));
    ck_assert(!has_evidence(r, "W-V5", "未满三个月", NULL));
    ck_assert_int_eq(outcome(r, "W-V6"), GA_OUTCOME_NOT_EVALUABLE); /* W-V6.2's numbers: X */
    ck_assert_int_eq(outcome(r, "W-P3"), GA_OUTCOME_HIT);
    ck_assert(has_evidence(r, "W-P3", "guide of 参保登记 lacks 设定依据 办理材料", "http://x/g/1.html"));
    ck_assert(!has_evidence(r, "W-P3", "设立登记", NULL));
    ck_assert_int_eq(outcome(r, "W-P1"), GA_OUTCOME_HIT);
    ck_assert_double_eq(ga_score_result_value(r, ga_score_result_find(r, "W-P1")), 1);
    ck_assert(has_evidence(r, "W-P1", "「通知」 shown as 2023-07-28, its URL made 2023-01-05",
                           "http://x/a/t20230105_1.html"));
    ck_assert_int_eq(outcome(r, "W-P2"), GA_OUTCOME_HIT);
    ck_assert(has_evidence(r, "W-P2", "ICP备案号 missing on 3 of 9 pages", "http://x/p.html"));
    ck_assert(!has_evidence(r, "W-P2", "not identity", NULL));
    ga_score_result_free(r);

    /* The JSON of the observations keeps all of it, and reads back to the same verdict. */
    char *json = NULL;
    ck_assert_int_eq(ga_observations_json(o, 0, &json, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"title\":\"建议增设公共厕所\""));
    ck_assert_ptr_nonnull(strstr(json, "g/1.html"));
    ck_assert_ptr_nonnull(strstr(json, "\"date_changes\":[{"));
    ck_assert_ptr_nonnull(strstr(json, "\"kind\":\"identity.missing.icp\""));
    ga_observations_t *back = NULL;
    ga_error_t *err = NULL;
    ck_assert_msg(ga_observations_parse(json, strlen(json), "o.json", &back, &err) == GA_OK, "%s",
                  ga_error_message(err));
    ck_assert_int_eq(ga_score(p, back, &r, NULL), GA_OK);
    ck_assert(has_evidence(r, "W-V5", "「建议增设公共厕所」", "http://x/m/1.html"));
    ck_assert(has_evidence(r, "W-P1", "shown as 2023-07-28", "http://x/a/t20230105_1.html"));
    ck_assert(has_evidence(r, "W-P2", "ICP备案号 missing", "http://x/p.html"));
    ga_score_result_free(r);
    ga_observations_free(back);
    ga_string_free(json);
    ga_observations_free(o);
    ga_profile_free(p);
}
END_TEST

/* Without pages observed the new problems are not evaluable; bad JSON is refused. */
START_TEST(not_observed_and_bad_json)
{
    ga_observations_t *o = NULL;
    ck_assert_int_eq(ga_observations_new(GA_OBJECT_WEBSITE, &o, NULL), GA_OK);
    ga_obs_set_time(o, at("2023-08-15"));
    ga_profile_t *p = website();
    ga_score_result_t *r = NULL;
    ck_assert_int_eq(ga_score(p, o, &r, NULL), GA_OK);
    ck_assert_int_eq(outcome(r, "W-P1"), GA_OUTCOME_NOT_EVALUABLE);
    ck_assert_int_eq(outcome(r, "W-P2"), GA_OUTCOME_NOT_EVALUABLE);
    ga_score_result_free(r);
    ga_observations_free(o);
    const char *bad[] = {
        "{\"site_problems\":[{\"text\":\"no kind\"}]}",
        "{\"date_changes\":[{\"url\":\"u\",\"made\":\"2023-01-05\"}]}",
        "{\"site_problems\":[{\"kind\":\"identity\",\"pages\":-1}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ga_error_t *err = NULL;
        o = NULL;
        ck_assert_msg(ga_observations_parse(bad[i], strlen(bad[i]), "b.json", &o, &err) != GA_OK,
                      "case %zu accepted", i);
        ck_assert_ptr_null(o);
        ga_error_free(err);
    }
    /* A profile's changed_dates needs its age. */
    const char *prof = "{\"format\":\"govaudit-profile/1\",\"id\":\"x\",\"name\":\"x\",\"object\":"
                       "\"website\",\"policy\":{\"mode\":\"veto_only\"},\"indicators\":[{\"id\":\"A\","
                       "\"name\":\"a\",\"kind\":\"veto\",\"metric\":\"changed_dates\",\"op\":\"ge\","
                       "\"threshold\":1}]}";
    ga_profile_t *q = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_ne(ga_profile_parse(prof, strlen(prof), "p.json", &q, &err), GA_OK);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "age"));
    ga_error_free(err);
    ga_profile_free(p);
}
END_TEST

static void feed(ga_site_auditor_t *a, const char *url, const char *html)
{
    ga_error_t *err = NULL;
    ck_assert_msg(ga_site_auditor_add_page(a, url, 200, "text/html; charset=utf-8", NULL, html,
                                           strlen(html), &err) == GA_OK,
                  "%s", ga_error_message(err));
}

#define FOOT                                                                                  \
    "<div class=\"footer\">主办单位：某市人民政府办公室 联系电话：0571-88000000 网站标识码：3300000002 " \
    "<a href=\"https://beian.miit.gov.cn/\">浙ICP备12349999号</a> <a href=\"http://www.beian.gov.cn/" \
    "portal/registerSystemInfo?recordcode=33010002000123\">浙公网安备33010002000123号</a> "      \
    "<a href=\"https://bszs.conac.cn/sitename?id=1\">党政机关</a> <a href=\"https://zfwzzc.www.gov.cn/" \
    "check_web/errorInfo_querySubmit.action?site_code=3300000002\">我为政府网站找错</a></div>"

/* A list row and the detail page of one message are one message; the detail's status and
 * reply time complete it. A site whose footers are complete has no identity problem. */
START_TEST(site_passes)
{
    ga_profile_t *p = website();
    ga_site_auditor_t *a = NULL;
    ck_assert_int_eq(ga_site_auditor_new(p, NULL, at("2023-08-15 23:59:59"), NULL, &a, NULL), GA_OK);
    feed(a, "http://www.x.gov.cn/",
         "<html><head><meta name=\"SiteIDCode\" content=\"3300000002\"><title>某市人民政府</title></head>"
         "<body><a href=\"/hdjl/index.html\">市长信箱</a>" FOOT "</body></html>");
    feed(a, "http://www.x.gov.cn/hdjl/index.html",
         "<html><body><table><tr><th>标题</th><th>留言时间</th><th>状态</th></tr>"
         "<tr><td><a href=\"/hdjl/1.html\">关于路灯不亮的问题</a></td><td>2023-01-10</td><td></td></tr>"
         "<tr><td><a href=\"/hdjl/2.html\">关于公交站台的建议</a></td><td>2023-02-10</td><td>办理中</td></tr>"
         "</table><form><textarea name=\"c\"></textarea></form>" FOOT "</body></html>");
    feed(a, "http://www.x.gov.cn/hdjl/1.html",
         "<html><body><h1>关于路灯不亮的问题</h1><table><tr><td>留言时间</td><td>2023-01-10 09:00</td></tr>"
         "<tr><td>处理状态</td><td>已回复</td></tr><tr><td>回复时间</td><td>2023-01-12</td></tr></table>"
         FOOT "</body></html>");
    /* An article shown months after its URL's date. */
    feed(a, "http://www.x.gov.cn/tzgg/202301/t20230105_1.html",
         "<html><body><div class=\"crumb\">当前位置：首页 &gt; 通知公告</div><h1>关于开展安全检查的通知</h1>"
         "<div class=\"info\">发布日期：2023-07-28</div><div class=\"content\"><p>为切实做好安全生产工作，"
         "有效防范各类事故发生，经研究决定，在全市范围内开展安全生产大检查，请各单位认真组织实施。</p></div>"
         FOOT "</body></html>");
    ga_site_result_t *r = NULL;
    ga_error_t *err = NULL;
    ck_assert_msg(ga_site_auditor_finish(a, &r, &err) == GA_OK, "%s", ga_error_message(err));
    const ga_score_result_t *s = ga_site_result_score(r);
    /* 路灯 was answered in two days; 公交站台 waits since February. */
    ck_assert_int_eq(outcome(s, "W-V5"), GA_OUTCOME_HIT);
    ck_assert(has_evidence(s, "W-V5", "「关于公交站台的建议」", "http://www.x.gov.cn/hdjl/2.html"));
    ck_assert(!has_evidence(s, "W-V5", "路灯", NULL));
    ck_assert(has_evidence(s, "W-P1", "shown as 2023-07-28, its URL made 2023-01-05",
                           "http://www.x.gov.cn/tzgg/202301/t20230105_1.html"));
    ck_assert_int_eq(outcome(s, "W-P2"), GA_OUTCOME_CLEAR);
    ck_assert_str_eq(ga_site_result_owner(r), "某市人民政府办公室");
    /* Messages shown and a form: a consultation channel (W-V5.1 is clear). */
    ck_assert(!has_evidence(s, "W-V5", "has_consult_channel = 0", NULL));
    ga_site_result_free(r);
    ga_site_auditor_free(a);
    ga_profile_free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("site-evidence");
    TCase *tc = tcase_create("site-evidence");
    tcase_add_test(tc, metrics_and_evidence);
    tcase_add_test(tc, not_observed_and_bad_json);
    tcase_add_test(tc, site_passes);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
