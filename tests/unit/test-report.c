#include <check.h>
#include <json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

static int64_t T;
static ga_profile_t *profile;
static ga_matcher_t *matcher;

#define HOST "http://www.example.gov.cn"

static const char *const PARA =
    "会议指出，要坚持以人民为中心的发展思想，把优化营商环境作为重要抓手，切实增强群众的获得感、"
    "幸福感、安全感。会议强调，各地各部门要压实责任，细化措施，确保各项任务按时保质完成。";

static void setup(void)
{
    ck_assert_int_eq(ga_time_parse("2023-08-15 23:59:59", 19, &T, NULL), GA_OK);
    ck_assert_int_eq(ga_profile_load_builtin("gov-website-2019", &profile, NULL), GA_OK);
    ga_rules_t *rules = ga_rules_new();
    const char *text = "@category 错别字\n@severity normal\n再接再励\t再接再厉\n"
                       "@category 规范表述\n@severity serious\n严重错误提法\t规范提法\n";
    ck_assert_int_eq(ga_rules_add_text(rules, "t.rules", text, strlen(text), NULL), GA_OK);
    ck_assert_int_eq(ga_matcher_compile(rules, &matcher, NULL), GA_OK);
    ga_rules_free(rules);
}

static void teardown(void)
{
    ga_matcher_free(matcher);
    ga_profile_free(profile);
}

static void feed(ga_site_auditor_t *a, const char *url, int status, const char *html)
{
    ga_error_t *err = NULL;
    ga_status_t st = ga_site_auditor_add_page(a, url, status, "text/html", NULL, html,
                                              html ? strlen(html) : 0, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
}

/* A small site; `bad` adds a title with markup and a typo, and a link to a missing page. */
static ga_site_result_t *audit(const char *name, bool bad)
{
    ga_site_options_t o = {.size = sizeof o, .site_name = name};
    ga_site_auditor_t *a;
    ck_assert_int_eq(ga_site_auditor_new(profile, matcher, T, &o, &a, NULL), GA_OK);
    const char *title = bad ? "各部门再接再励 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 推进"
                            : "县政府召开优化营商环境推进会";
    char html[8192];
    snprintf(html, sizeof html,
             "<html><head><meta charset=\"utf-8\"><title>首页</title>"
             "<meta name=\"SiteName\" content=\"%s\"><meta name=\"SiteIDCode\" content=\"1234560001\"></head>"
             "<body><div><a href=\"/xw/index.html\">新闻动态</a> <a href=\"/hd/\">领导信箱</a></div>"
             "<ul><li><a href=\"/xw/202308/t20230810_1.html\">推进会</a></li></ul>%s</body></html>",
             name, bad ? "<a href=\"/nothere.html\">旧链接</a>" : "");
    feed(a, HOST "/", 200, html);
    snprintf(html, sizeof html,
             "<html><head><meta charset=\"utf-8\"><title>新闻动态</title>"
             "<meta name=\"ColumnName\" content=\"新闻动态\"></head><body>"
             "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; 新闻动态</div><div class=\"list\"><ul>"
             "<li><a href=\"/xw/202308/t20230810_1.html\">县政府召开优化营商环境工作推进会</a><span>2023-08-10</span></li>"
             "<li><a href=\"/xw/202308/t20230801_2.html\">全县乡村振兴工作部署会议召开</a><span>2023-08-01</span></li>"
             "<li><a href=\"/xw/202307/t20230720_3.html\">县领导赴基层开展安全生产专题调研</a><span>2023-07-20</span></li>"
             "</ul></div></body></html>");
    feed(a, HOST "/xw/index.html", 200, html);
    snprintf(html, sizeof html,
             "<html><head><meta charset=\"utf-8\"><title>%s</title>"
             "<meta name=\"ColumnName\" content=\"新闻动态\"><meta name=\"ArticleTitle\" content=\"%s\">"
             "<meta name=\"PubDate\" content=\"2023-08-10 09:00\"></head><body>"
             "<div class=\"article\"><h1>%s</h1><div class=\"info\">发布时间：2023-08-10 09:00</div>"
             "<div class=\"content\"><p>%s</p><p>%s</p></div></div></body></html>",
             title, title, title, PARA, bad ? "会议纠正了某文件中的严重错误提法，要求各部门认真整改落实，确保表述准确规范。" : PARA);
    feed(a, HOST "/xw/202308/t20230810_1.html", 200, html);
    if (bad)
        feed(a, HOST "/nothere.html", 404, NULL);
    ga_site_result_t *r;
    ga_error_t *err = NULL;
    ga_status_t st = ga_site_auditor_finish(a, &r, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
    ga_site_auditor_free(a);
    return r;
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    ck_assert_msg(json_object_object_get_ex(o, key, &v), "missing '%s'", key);
    return v;
}

START_TEST(json_shape)
{
    ga_site_result_t *r = audit("示例县人民政府", true);
    char *s;
    size_t len;
    ck_assert_int_eq(ga_report_json(r, 0, &s, &len, NULL), GA_OK);
    ck_assert_uint_eq(strlen(s), len);
    json_object *root = json_tokener_parse(s);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(json_object_get_string(get(root, "site")), "示例县人民政府");
    ck_assert_str_eq(json_object_get_string(get(root, "date")), "2023-08-15");
    ck_assert_str_eq(json_object_get_string(get(root, "site_id")), "1234560001");
    ck_assert_str_eq(json_object_get_string(get(root, "profile")), "gov-website-2019");
    const char *arrays[] = {"vetoes", "deductions", "bonuses", "problems", "not_evaluable",
                            "columns", "findings", "duplicates", "links", "missing_meta"};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        ck_assert_msg(json_object_is_type(get(root, arrays[i]), json_type_array), "%s", arrays[i]);
    ck_assert(json_object_is_type(get(root, "passed"), json_type_boolean));
    json_object *f = json_object_array_get_idx(get(root, "findings"), 0);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(json_object_get_string(get(f, "text")), "再接再励");
    ck_assert_str_eq(json_object_get_string(get(f, "suggestion")), "再接再厉");
    ck_assert_str_eq(json_object_get_string(get(f, "field")), "title");
    ck_assert_int_eq(json_object_get_int(get(f, "start")), strlen("各部门"));
    ck_assert_ptr_nonnull(strstr(json_object_get_string(get(f, "after")), "<script>"));
    json_object *col = json_object_array_get_idx(get(root, "columns"), 0);
    ck_assert_str_eq(json_object_get_string(get(col, "name")), "新闻动态");
    ck_assert_str_eq(json_object_get_string(get(col, "type")), "news");
    ck_assert_int_eq(json_object_get_int(get(col, "items")), 3);
    ck_assert_int_eq(json_object_get_int(get(col, "days_since")), 5);
    ck_assert_str_eq(json_object_get_string(get(col, "last")), "2023-08-10 09:00:00");
    ck_assert_int_eq(json_object_array_length(get(col, "monthly")), 24);
    ck_assert_int_eq(json_object_get_int(json_object_array_get_idx(get(col, "monthly"), 23)), 2);
    json_object *l = json_object_array_get_idx(get(root, "links"), 0);
    ck_assert_str_eq(json_object_get_string(get(l, "url")), HOST "/nothere.html");
    ck_assert_int_eq(json_object_get_int(get(l, "status")), 404);
    ck_assert_str_eq(json_object_get_string(get(l, "where")), HOST "/");
    ck_assert(json_object_get_boolean(get(l, "broken")));
    json_object *crawl = get(root, "crawl");
    ck_assert_int_eq(json_object_get_int(get(crawl, "broken_links")), 1);
    ck_assert_int_eq(json_object_get_int(get(crawl, "findings")), 2);
    ck_assert_int_eq(json_object_array_length(get(root, "vetoes")), 1);
    ck_assert(!json_object_get_boolean(get(root, "passed")));
    ck_assert_ptr_null(strchr(s, '\t'));
    json_object_put(root);
    ga_string_free(s);

    /* Pretty: the same object, indented. ALL: every indicator's outcome. */
    ck_assert_int_eq(ga_report_json(r, GA_REPORT_PRETTY | GA_REPORT_ALL, &s, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(s, "\n  \"site\": "));
    root = json_tokener_parse(s);
    ck_assert_ptr_nonnull(root);
    ck_assert_uint_eq(json_object_array_length(get(root, "indicators")),
                      ga_score_result_count(ga_site_result_score(r)));
    json_object_put(root);
    ga_string_free(s);
    ck_assert_int_eq(ga_report_json(r, 1u << 7, &s, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_report_json(NULL, 0, &s, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    ga_site_result_free(r);
}
END_TEST

START_TEST(json_escapes_everything)
{
    ga_site_result_t *r = audit("名\t\"称\\\x01", false);
    char *s;
    ck_assert_int_eq(ga_report_json(r, 0, &s, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(s, "\"site\":\"名\\t\\\"称\\\\\\u0001\""));
    json_object *root = json_tokener_parse(s);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(json_object_get_string(get(root, "site")), "名\t\"称\\\x01");
    json_object_put(root);
    ga_string_free(s);
    ga_site_result_free(r);
}
END_TEST

START_TEST(html_is_self_contained_and_escaped)
{
    ga_site_result_t *r = audit("示例县<人民>政府", true);
    char *s;
    size_t len;
    ck_assert_int_eq(ga_report_html(r, 0, &s, &len, NULL), GA_OK);
    ck_assert_uint_eq(strlen(s), len);
    ck_assert(strncmp(s, "<!DOCTYPE html>", 15) == 0);
    ck_assert_ptr_nonnull(strstr(s, "</html>"));
    ck_assert_ptr_null(strstr(s, "<script"));
    ck_assert_ptr_null(strstr(s, "<人民>"));
    ck_assert_ptr_nonnull(strstr(s, "示例县&lt;人民&gt;政府"));
    ck_assert_ptr_nonnull(strstr(s, "&lt;script&gt;"));
    ck_assert_ptr_nonnull(strstr(s, "<mark>再接再励</mark>"));
    ck_assert_ptr_nonnull(strstr(s, "再接再厉"));
    ck_assert_ptr_nonnull(strstr(s, "<svg"));
    ck_assert_ptr_nonnull(strstr(s, HOST "/nothere.html"));
    /* No external asset: every src/href is a crawled http(s) address. */
    ck_assert_ptr_null(strstr(s, "src="));
    for (const char *p = s; (p = strstr(p, "href=\"")) != NULL; p += 6)
        ck_assert(strncmp(p + 6, "http://", 7) == 0 || strncmp(p + 6, "https://", 8) == 0 ||
                  p[6] == '#');
    ga_string_free(s);
    ga_site_result_free(r);
}
END_TEST

START_TEST(batch_summary)
{
    ga_site_result_t *bad = audit("甲县人民政府", true), *good = audit("乙县人民政府", false);
    ck_assert(ga_score_result_passed(ga_site_result_score(good)));
    const ga_site_result_t *rs[] = {good, bad};
    char *s;
    ck_assert_int_eq(ga_report_batch_html(rs, 2, 0, &s, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(s, "检查 <b>2</b> 个"));
    ck_assert_ptr_nonnull(strstr(s, "合格 <b>1</b> 个"));
    ck_assert_ptr_nonnull(strstr(s, "合格率 <b>50.0%</b>"));
    /* Both reports follow the summary, each with its anchor. */
    ck_assert_ptr_nonnull(strstr(s, "id=\"site-1\""));
    ck_assert_ptr_nonnull(strstr(s, "id=\"site-2\""));
    ck_assert_ptr_nonnull(strstr(s, "href=\"#site-2\""));
    ga_string_free(s);
    ck_assert_int_eq(ga_report_batch_html(NULL, 0, 0, &s, NULL, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(s, "检查 <b>0</b> 个"));
    ga_string_free(s);
    const ga_site_result_t *holes[] = {good, NULL};
    ck_assert_int_eq(ga_report_batch_html(holes, 2, 0, &s, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    ga_site_result_free(bad);
    ga_site_result_free(good);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, json_shape);
    tcase_add_test(tc, json_escapes_everything);
    tcase_add_test(tc, html_is_self_contained_and_escaped);
    tcase_add_test(tc, batch_summary);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
