#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <govaudit/govaudit.h>

#include "site/site-internal.h"
#include "site/site-url.h"
#include "testutil.h"

/* The end of 2023-08-15: the audit time of every test. */
static int64_t T;
static ga_profile_t *profile;
static ga_matcher_t *matcher;

#define HOST "http://www.example.gov.cn"

static const char *const PARA =
    "会议指出，要坚持以人民为中心的发展思想，把优化营商环境作为重要抓手，切实增强群众的获得感、"
    "幸福感、安全感。会议强调，各地各部门要压实责任，细化措施，确保各项任务按时保质完成。"
    "今年以来，全县累计完成投资三十二亿元，同比增长百分之八点五，主要指标保持稳中有进的良好态势。";

static const char *const PARA2 =
    "县农业农村局负责同志介绍，下一步将聚焦企业和群众关切，持续推进一网通办和放管服改革，"
    "各乡镇要结合实际，抓好政策宣传解读，引导群众积极参与，把问题找准、把原因查清。";

static void setup(void)
{
    ck_assert_int_eq(ga_time_parse("2023-08-15 23:59:59", 19, &T, NULL), GA_OK);
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_profile_load_builtin("gov-website-2019", &profile, &err), GA_OK);
    ga_rules_t *rules = ga_rules_new();
    const char *text = "@category 错别字\n@severity normal\n再接再励\t再接再厉\n";
    ck_assert_int_eq(ga_rules_add_text(rules, "t.rules", text, strlen(text), &err), GA_OK);
    ck_assert_int_eq(ga_matcher_compile(rules, &matcher, &err), GA_OK);
    ga_rules_free(rules);
}

static void teardown(void)
{
    ga_matcher_free(matcher);
    ga_profile_free(profile);
}

/* A page of the example site: meta tags, a breadcrumb, a body. */
static char *page(const char *title, const char *metas, const char *crumb, const char *body)
{
    size_t n = strlen(title) + strlen(metas) + strlen(crumb) + strlen(body) + 2048;
    char *s = malloc(n);
    snprintf(s, n,
             "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s_示例县人民政府</title>"
             "<meta name=\"SiteName\" content=\"示例县人民政府\">"
             "<meta name=\"SiteDomain\" content=\"www.example.gov.cn\">"
             "<meta name=\"SiteIDCode\" content=\"1234560001\">%s</head><body>"
             "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/xw/index.html\">新闻动态</a> "
             "<a href=\"/tz/index.html\">通知公告</a> <a href=\"/kb/index.html\">财政预决算</a> "
             "<a href=\"/hd/index.html\">领导信箱</a></div>%s%s"
             "<div class=\"footer\"><p>主办单位：示例县人民政府办公室　网站标识码：1234560001</p></div>"
             "</body></html>",
             title, metas, crumb, body);
    return s;
}

static char *article(const char *title, const char *column, const char *date, const char *text,
                     bool tags)
{
    char metas[1024], crumb[512], body[4096];
    snprintf(metas, sizeof metas,
             tags ? "<meta name=\"ColumnName\" content=\"%s\"><meta name=\"ColumnType\" content=\"%s\">"
                    "<meta name=\"ArticleTitle\" content=\"%s\"><meta name=\"PubDate\" content=\"%s\">"
                    "<meta name=\"ContentSource\" content=\"示例县\">"
                  : "%.0s%.0s%.0s%.0s",
             column, column, title, date);
    snprintf(crumb, sizeof crumb,
             "<div class=\"crumb\">您现在的位置：<a href=\"/\">首页</a> &gt; <a href=\"#\">%s</a> &gt; 正文</div>",
             column);
    snprintf(body, sizeof body,
             "<div class=\"article\"><h1 class=\"title\">%s</h1><div class=\"info\">发布时间：%s　来源：示例县</div>"
             "<div class=\"content\" id=\"zoom\">%s</div></div>",
             title, date, text);
    return page(title, metas, crumb, body);
}

static char *list(const char *column, const char *items)
{
    char metas[512], crumb[512];
    snprintf(metas, sizeof metas,
             "<meta name=\"ColumnName\" content=\"%s\"><meta name=\"ColumnType\" content=\"%s\">"
             "<meta name=\"ColumnDescription\" content=\"%s\"><meta name=\"ColumnKeywords\" content=\"%s\">",
             column, column, column, column);
    snprintf(crumb, sizeof crumb, "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; %s</div>",
             column);
    size_t n = strlen(items) + 256;
    char *body = malloc(n);
    snprintf(body, n, "<div class=\"list\"><h2>%s</h2><ul>%s</ul></div>", column, items);
    char *s = page(column, metas, crumb, body);
    free(body);
    return s;
}

static void feed(ga_site_auditor_t *a, const char *url, int status, const char *loc, char *html)
{
    ga_error_t *err = NULL;
    ga_status_t st = ga_site_auditor_add_page(a, url, status, html ? "text/html; charset=utf-8" : NULL,
                                              loc, html, html ? strlen(html) : 0, &err);
    ck_assert_msg(st == GA_OK, "%s: %s", url, err ? ga_error_message(err) : "");
    free(html);
}

/* The example site: two columns with items, a stale notice column, a blank column, a
 * duplicate across columns, a typo, broken links (direct, through a redirect, external),
 * a live external link and a redirect that lands. */
static ga_site_result_t *audit_example(void)
{
    ga_site_auditor_t *a;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_site_auditor_new(profile, matcher, T, NULL, &a, &err), GA_OK);
    char home[4096];
    snprintf(home, sizeof home,
             "<div class=\"news\"><ul><li><a href=\"/xw/202308/t20230810_1.html\">县政府召开优化营商环境推进会</a></li>"
             "<li><a href=\"/xw/202306/t20230601_2.html\">乡村振兴工作部署会召开</a></li></ul></div>"
             "<div class=\"links\"><a href=\"http://www.other.gov.cn/ok.html\">省政府门户网站</a> "
             "<a href=\"http://dead.example.com/x.html\">旧版网站</a> <a href=\"/old.html\">旧栏目</a> "
             "<a href=\"/gone.html\">已撤销栏目</a> <a href=\"/zwfw/\">政务服务</a></div>");
    feed(a, HOST "/", 200, NULL, page("首页", "", "", home));
    feed(a, HOST "/xw/index.html", 200, NULL,
         list("新闻动态", "<li><a href=\"/xw/202308/t20230810_1.html\" title=\"县政府召开优化营商环境推进会\">县政府召开优化营商环境推进会</a><span>2023-08-10</span></li>"
                         "<li><a href=\"/xw/202306/t20230601_2.html\" title=\"乡村振兴工作部署会召开\">乡村振兴工作部署会召开</a><span>2023-06-01</span></li>"));
    char text[4096];
    snprintf(text, sizeof text, "<p>%s</p><p>各单位要再接再励，一如既往地抓好各项工作，确保年度目标任务圆满完成，为全县经济社会高质量发展作出新的更大贡献。</p><p><a href=\"/missing.html\">相关文件</a></p>", PARA);
    feed(a, HOST "/xw/202308/t20230810_1.html", 200, NULL,
         article("县政府召开优化营商环境推进会", "新闻动态", "2023-08-10 09:00", text, true));
    snprintf(text, sizeof text, "<p>%s</p><p>%s</p>", PARA2, PARA);
    feed(a, HOST "/xw/202306/t20230601_2.html", 200, NULL,
         article("乡村振兴工作部署会召开", "新闻动态", "2023-06-01 10:00", text, false));
    feed(a, HOST "/tz/index.html", 200, NULL,
         list("通知公告", "<li><a href=\"/tz/202301/t20230105_3.html\" title=\"关于乡村振兴工作的通知\">关于乡村振兴工作的通知</a><span>2023-01-05</span></li>"));
    feed(a, HOST "/tz/202301/t20230105_3.html", 200, NULL,
         article("乡村振兴工作部署会召开", "通知公告", "2023-01-05 10:00", text, true));
    feed(a, HOST "/kb/index.html", 200, NULL, list("财政预决算", ""));
    /* The first article again under a second address: the same post, not a copy. */
    snprintf(text, sizeof text, "<p>%s</p><p>各单位要再接再励，一如既往地抓好各项工作，确保年度目标任务圆满完成，为全县经济社会高质量发展作出新的更大贡献。</p><p><a href=\"/missing.html\">相关文件</a></p>", PARA);
    feed(a, HOST "/xw/202308/t20230810_1.html?from=home", 200, NULL,
         article("县政府召开优化营商环境推进会", "新闻动态", "2023-08-10 09:00", text, true));
    feed(a, HOST "/missing.html", 404, NULL, strdup("<html><body>404 Not Found</body></html>"));
    feed(a, HOST "/old.html", 301, HOST "/xw/index.html", NULL);
    feed(a, HOST "/gone.html", 302, "/missing.html", NULL);
    feed(a, "http://dead.example.com/x.html", 404, NULL, NULL);
    feed(a, "http://www.other.gov.cn/ok.html", 200, NULL, strdup("<html><body><p>ok</p></body></html>"));
    ga_site_result_t *r;
    ga_status_t st = ga_site_auditor_finish(a, &r, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
    ga_site_auditor_free(a);
    return r;
}

static const ga_site_column_t *column(const ga_site_result_t *r, const char *name)
{
    for (size_t i = 0; i < r->columns.n; i++)
        if (strcmp(r->columns.v[i].name, name) == 0)
            return &r->columns.v[i];
    return NULL;
}

static const ga_site_link_t *find_link(const ga_site_result_t *r, const char *url)
{
    for (size_t i = 0; i < r->links.n; i++)
        if (strcmp(r->links.v[i].url, url) == 0)
            return &r->links.v[i];
    return NULL;
}

START_TEST(site_identity)
{
    ga_site_result_t *r = audit_example();
    ck_assert_str_eq(ga_site_result_site(r), "示例县人民政府");
    ck_assert_str_eq(ga_site_result_owner(r), "示例县人民政府办公室");
    ck_assert_str_eq(r->site_id, "1234560001");
    ck_assert_str_eq(ga_site_result_home(r), HOST "/");
    ck_assert_int_eq(ga_site_result_time(r), T);
    ck_assert_uint_eq(ga_site_result_count(r, GA_SITE_ARTICLES), 3); /* the second address is not another article */
    ck_assert_uint_eq(ga_site_result_count(r, GA_SITE_URLS), 13);
    ck_assert_uint_eq(ga_site_result_count(r, 99), 0);
    ga_site_result_free(r);
}
END_TEST

START_TEST(columns_dates_and_blank)
{
    ga_site_result_t *r = audit_example();
    const ga_site_column_t *xw = column(r, "新闻动态"), *tz = column(r, "通知公告"),
                           *kb = column(r, "财政预决算");
    ck_assert_ptr_nonnull(xw);
    ck_assert_ptr_nonnull(tz);
    ck_assert_ptr_nonnull(kb);
    ck_assert_str_eq(xw->type, "news");
    ck_assert_str_eq(tz->type, "notice");
    ck_assert_str_eq(kb->type, "finance");
    ck_assert_uint_eq(xw->items, 2);
    ck_assert_uint_eq(tz->items, 1);
    ck_assert_uint_eq(kb->items, 0);
    ck_assert(kb->blank);
    ck_assert(!xw->blank && !tz->blank);
    /* 新闻动态 was updated 5 days before T (window 14 days); 通知公告 last on 2023-01-05,
     * outside its 6-month window. */
    int64_t d;
    ga_time_parse("2023-08-10 09:00", 16, &d, NULL);
    ck_assert_int_eq(xw->last, d);
    ck_assert(!xw->stale);
    ck_assert_str_eq(xw->window, "14d");
    ck_assert(tz->stale);
    ck_assert_str_eq(tz->window, "6m");
    ck_assert_uint_eq(xw->months[GA_SITE_CHART_MONTHS - 1], 1); /* August */
    ck_assert_uint_eq(xw->months[GA_SITE_CHART_MONTHS - 3], 1); /* June */
    ck_assert_uint_eq(ga_site_result_count(r, GA_SITE_COLUMNS), r->columns.n);
    ga_site_result_free(r);
}
END_TEST

START_TEST(links_broken_and_external)
{
    ga_site_result_t *r = audit_example();
    const ga_site_link_t *l = find_link(r, HOST "/missing.html");
    ck_assert_ptr_nonnull(l);
    ck_assert(l->broken && !l->external);
    ck_assert_int_eq(l->status, 404);
    ck_assert_str_eq(l->refs[0], HOST "/xw/202308/t20230810_1.html");
    /* A redirect that ends at a 404 is broken; one that lands is not. */
    l = find_link(r, HOST "/gone.html");
    ck_assert_ptr_nonnull(l);
    ck_assert(l->broken);
    ck_assert_int_eq(l->status, 404);
    ck_assert_ptr_null(find_link(r, HOST "/old.html"));
    l = find_link(r, "http://dead.example.com/x.html");
    ck_assert_ptr_nonnull(l);
    ck_assert(l->broken && l->external);
    ck_assert_str_eq(l->text, "旧版网站");
    l = find_link(r, "http://www.other.gov.cn/ok.html");
    ck_assert_ptr_nonnull(l);
    ck_assert(!l->broken && l->external);
    ck_assert_int_eq(l->status, 200);
    ck_assert_uint_eq(ga_site_result_count(r, GA_SITE_BROKEN), 3);
    ck_assert_uint_eq(ga_site_result_count(r, GA_SITE_ERRORS), 1);
    ga_site_result_free(r);
}
END_TEST

START_TEST(findings_duplicates_meta_and_score)
{
    ga_site_result_t *r = audit_example();
    ck_assert_uint_eq(ga_site_result_count(r, GA_SITE_FINDINGS), 1);
    const ga_site_finding_t *f = &r->findings.v[0];
    ck_assert_str_eq(f->text, "再接再励");
    ck_assert_str_eq(f->suggestion, "再接再厉");
    ck_assert_str_eq(f->url, HOST "/xw/202308/t20230810_1.html");
    ck_assert_ptr_nonnull(strstr(f->after, "，一如既往地抓好各项工作"));
    ck_assert_str_eq(f->title, "县政府召开优化营商环境推进会");
    ck_assert(!f->in_title);
    ck_assert_str_eq(f->before, "各单位要");
    ck_assert_uint_eq(f->end - f->start, strlen("再接再励"));
    /* The same text in 新闻动态 and 通知公告: one 一稿多发 cluster of two. */
    ck_assert_uint_eq(r->dups.n, 1);
    ck_assert_str_eq(r->dups.v[0].kind, "一稿多发");
    ck_assert_uint_eq(r->dups.v[0].n, 2);
    /* The untagged article lacks its content tags. */
    ck_assert_uint_ge(r->meta_pages, 1);
    bool found = false;
    for (size_t i = 0; i < r->meta.n; i++)
        found |= strcmp(r->meta.v[i].url, HOST "/xw/202306/t20230601_2.html") == 0;
    ck_assert(found);
    const ga_score_result_t *s = ga_site_result_score(r);
    ck_assert_ptr_nonnull(s);
    /* The duplicate vetoes the site under the 2019 profile; the home page is fresh. */
    ck_assert(!ga_score_result_passed(s));
    size_t v1 = ga_score_result_find(s, "W-V1"), v3 = ga_score_result_find(s, "W-V3"),
           v5 = ga_score_result_find(s, "W-V5");
    ck_assert_int_eq(ga_score_result_outcome(s, v1), GA_OUTCOME_HIT);
    ck_assert_int_eq(ga_score_result_outcome(s, v3), GA_OUTCOME_CLEAR);
    ck_assert_int_ne(ga_score_result_outcome(s, v5), GA_OUTCOME_HIT);
    ga_site_result_free(r);
}
END_TEST

START_TEST(parent_columns_are_not_blank)
{
    ga_site_auditor_t *a;
    ck_assert_int_eq(ga_site_auditor_new(profile, NULL, T, NULL, &a, NULL), GA_OK);
    feed(a, HOST "/", 200, NULL, page("首页", "", "", "<p>首页</p>"));
    /* 政务公开 only leads to its sub-columns; 财政预决算 shows nothing at all. */
    feed(a, HOST "/zwgk/index.html", 200, NULL,
         list("政务公开", "<li><a href=\"/zwgk/tzgg/index.html\">通知公告</a></li>"
                          "<li><a href=\"/zwgk/zcwj/index.html\">政策文件</a></li>"));
    feed(a, HOST "/kb/index.html", 200, NULL, list("财政预决算", ""));
    /* A template that names the site as every page's column: the breadcrumb decides. */
    feed(a, HOST "/ldxx/index.html", 200, NULL,
         page("领导信息", "<meta name=\"ColumnName\" content=\"示例县人民政府\">",
              "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; 领导信息</div>",
              "<div class=\"list\"><p>暂无信息</p></div>"));
    /* A news list that shows no dates, its articles not crawled: not judged stale. */
    feed(a, HOST "/gzdt/index.html", 200, NULL,
         list("工作动态", "<li><a href=\"/gzdt/a1.html\">县政府召开优化营商环境工作推进会</a></li>"
                          "<li><a href=\"/gzdt/a2.html\">全县乡村振兴工作部署会议召开</a></li>"
                          "<li><a href=\"/gzdt/a3.html\">县领导赴基层开展安全生产专题调研</a></li>"));
    ga_site_result_t *r;
    ck_assert_int_eq(ga_site_auditor_finish(a, &r, NULL), GA_OK);
    ga_site_auditor_free(a);
    ck_assert_ptr_null(column(r, "示例县人民政府"));
    ck_assert_ptr_nonnull(column(r, "领导信息"));
    const ga_site_column_t *gz = column(r, "工作动态");
    ck_assert_ptr_nonnull(gz);
    ck_assert_uint_eq(gz->items, 3);
    ck_assert_uint_eq(gz->dated, 0);
    ck_assert(!gz->stale && !gz->blank);
    /* It is left out of the observations; the blank column is in them. */
    char *json;
    ck_assert_int_eq(ga_observations_json(ga_site_result_observations(r), 0, &json, NULL, NULL),
                     GA_OK);
    ck_assert_ptr_null(strstr(json, "工作动态"));
    ck_assert_ptr_nonnull(strstr(json, "财政预决算"));
    ga_string_free(json);
    const ga_site_column_t *zwgk = column(r, "政务公开"), *kb = column(r, "财政预决算");
    ck_assert_ptr_nonnull(zwgk);
    ck_assert_ptr_nonnull(kb);
    ck_assert(!zwgk->blank);
    ck_assert(kb->blank);
    ga_site_result_free(r);
}
END_TEST

START_TEST(forwarding_root_page)
{
    ga_site_auditor_t *a;
    ck_assert_int_eq(ga_site_auditor_new(profile, NULL, T, NULL, &a, NULL), GA_OK);
    feed(a, HOST "/", 200, NULL,
         strdup("<html><head><meta http-equiv=\"refresh\" content=\"0; url=/col/col1/index.html\">"
                "</head><body></body></html>"));
    feed(a, HOST "/col/col1/index.html", 200, NULL,
         page("首页", "", "", "<ul><li><a href=\"/xw/202308/t20230810_1.html\">县政府召开优化营商环境推进会</a></li></ul>"));
    ga_site_result_t *r;
    ck_assert_int_eq(ga_site_auditor_finish(a, &r, NULL), GA_OK);
    ga_site_auditor_free(a);
    ck_assert_str_eq(ga_site_result_home(r), HOST "/col/col1/index.html");
    ck_assert_str_eq(ga_site_result_site(r), "示例县人民政府");
    ga_site_result_free(r);

    /* The same with a script. */
    ck_assert_int_eq(ga_site_auditor_new(profile, NULL, T, NULL, &a, NULL), GA_OK);
    feed(a, HOST "/", 200, NULL,
         strdup("<html><body><script>window.location.href = 'http://www.example.gov.cn/main/';</script></body></html>"));
    feed(a, HOST "/main/", 200, NULL, page("首页", "", "", "<p>首页</p>"));
    ck_assert_int_eq(ga_site_auditor_finish(a, &r, NULL), GA_OK);
    ga_site_auditor_free(a);
    ck_assert_str_eq(ga_site_result_home(r), HOST "/main/");
    ga_site_result_free(r);
}
END_TEST

START_TEST(template_texts_are_not_reposts)
{
    ga_site_auditor_t *a;
    ck_assert_int_eq(ga_site_auditor_new(profile, NULL, T, NULL, &a, NULL), GA_OK);
    feed(a, HOST "/", 200, NULL, page("首页", "", "", "<p>首页</p>"));
    char text[4096];
    snprintf(text, sizeof text, "<p>%s</p><p>%s</p>", PARA2, PARA);
    /* The same wording under two headlines: a template, reported as a duplicate only. */
    feed(a, HOST "/xw/202308/t20230810_7.html", 200, NULL,
         article("城东片区道路改造工程招标公告", "新闻动态", "2023-08-10 09:00", text, true));
    feed(a, HOST "/tz/202308/t20230811_8.html", 200, NULL,
         article("城西片区管网改造工程招标公告", "通知公告", "2023-08-11 09:00", text, true));
    ga_site_result_t *r;
    ck_assert_int_eq(ga_site_auditor_finish(a, &r, NULL), GA_OK);
    ga_site_auditor_free(a);
    ck_assert_uint_eq(r->dups.n, 1);
    ck_assert_str_eq(r->dups.v[0].kind, "duplicate");
    const ga_score_result_t *s = ga_site_result_score(r);
    size_t v1 = ga_score_result_find(s, "W-V1");
    ck_assert_int_ne(ga_score_result_outcome(s, v1), GA_OUTCOME_HIT);
    ga_site_result_free(r);
}
END_TEST

START_TEST(no_dedup_option)
{
    ga_site_auditor_t *a;
    ga_site_options_t o = {.size = sizeof o, .flags = GA_SITE_NO_DEDUP,
                           .site_url = "HTTP://WWW.Example.gov.cn:80/", .site_name = "示例"};
    ck_assert_int_eq(ga_site_auditor_new(profile, NULL, T, &o, &a, NULL), GA_OK);
    /* A page of another host first does not take the site over. */
    feed(a, "http://other.example.com/", 200, NULL, page("别站", "", "", "<p>x</p>"));
    feed(a, HOST "/", 200, NULL, page("首页", "", "", "<p>首页</p>"));
    ga_site_result_t *r;
    ck_assert_int_eq(ga_site_auditor_finish(a, &r, NULL), GA_OK);
    ga_site_auditor_free(a);
    ck_assert_str_eq(ga_site_result_site(r), "示例");
    ck_assert_str_eq(r->host, "www.example.gov.cn");
    ck_assert_uint_eq(r->dups.n, 0);
    const ga_score_result_t *s = ga_site_result_score(r);
    /* Without a matcher the text findings are not observed, so not evaluable. */
    size_t v1 = ga_score_result_find(s, "W-V1");
    ck_assert_int_ne(ga_score_result_outcome(s, v1), GA_OUTCOME_HIT);
    /* A home page without a dated item is not judged stale: its freshness is unknown. */
    size_t v3 = ga_score_result_find(s, "W-V3");
    ck_assert_int_eq(ga_score_result_outcome(s, v3), GA_OUTCOME_NOT_EVALUABLE);
    ga_site_result_free(r);
}
END_TEST

START_TEST(errors)
{
    ga_site_auditor_t *a;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_site_auditor_new(NULL, NULL, T, NULL, &a, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    err = NULL;
    ck_assert_int_eq(ga_site_auditor_new(profile, NULL, GA_TIME_NONE, NULL, &a, &err),
                     GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    ga_site_options_t bad = {.size = 3};
    ck_assert_int_eq(ga_site_auditor_new(profile, NULL, T, &bad, &a, NULL), GA_ERR_INVALID_ARGUMENT);
    ga_site_options_t badurl = {.size = sizeof badurl, .site_url = "ftp://x"};
    ck_assert_int_eq(ga_site_auditor_new(profile, NULL, T, &badurl, &a, NULL),
                     GA_ERR_INVALID_ARGUMENT);
    ga_profile_t *media;
    ck_assert_int_eq(ga_profile_load_builtin("gov-newmedia-2019", &media, NULL), GA_OK);
    ck_assert_int_eq(ga_site_auditor_new(media, NULL, T, NULL, &a, NULL), GA_ERR_INVALID_ARGUMENT);
    ga_profile_free(media);

    ck_assert_int_eq(ga_site_auditor_new(profile, NULL, T, NULL, &a, NULL), GA_OK);
    ck_assert_int_eq(ga_site_auditor_add_page(a, NULL, 200, NULL, NULL, NULL, 0, NULL),
                     GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_site_auditor_add_page(a, "x", 200, NULL, NULL, NULL, 3, NULL),
                     GA_ERR_INVALID_ARGUMENT);
    /* Not an http(s) URL: a warning, not an error. */
    ck_assert_int_eq(ga_site_auditor_add_page(a, "mailto:a@b", 200, NULL, NULL, "", 0, NULL), GA_OK);
    ga_site_result_t *r = NULL;
    err = NULL;
    ck_assert_int_eq(ga_site_auditor_finish(a, &r, &err), GA_ERR_NOT_FOUND);
    ck_assert_ptr_null(r);
    ga_error_free(err);
    ck_assert_int_eq(ga_site_auditor_add_page(a, HOST "/", 200, NULL, NULL, "", 0, NULL),
                     GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_site_auditor_finish(a, &r, NULL), GA_ERR_INVALID_ARGUMENT);
    ga_site_auditor_free(a);
    ga_site_auditor_free(NULL);
    ga_site_result_free(NULL);
    ck_assert_ptr_null(ga_site_result_score(NULL));
    err = NULL;
    ck_assert_int_eq(ga_site_audit("/nonexistent/crawl", profile, NULL, T, NULL, &r, &err),
                     GA_ERR_IO);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "/nonexistent/crawl"));
    ga_error_free(err);
}
END_TEST

/* Feed raw bytes (an attachment) under a URL. */
static void feed_bytes(ga_site_auditor_t *a, const char *url, int status, const char *ctype,
                       const char *data, size_t len)
{
    ga_error_t *err = NULL;
    ga_status_t st = ga_site_auditor_add_page(a, url, status, ctype, NULL, data, len, &err);
    ck_assert_msg(st == GA_OK, "%s: %s", url, err ? ga_error_message(err) : "");
}

static const ga_site_attachment_t *find_attachment(const ga_site_result_t *r, const char *url)
{
    for (size_t i = 0; i < r->attachments.n; i++)
        if (strcmp(r->attachments.v[i].url, url) == 0)
            return &r->attachments.v[i];
    return NULL;
}

/* Attachments are checked like bodies; findings carry the file, the place and the
 * linking page, also when the page comes later in the crawl or the URL names no file
 * type; failures are listed. */
START_TEST(attachments_checked)
{
    ga_rules_t *rules = ga_rules_new();
    char path[4096];
    snprintf(path, sizeof path, "%s/rules/privacy.rules", ga_data_dir());
    ck_assert_int_eq(ga_rules_add_file(rules, path, NULL), GA_OK);
    const char *typo = "按步就班\t按部就班\tcat=错别字\n";
    ck_assert_int_eq(ga_rules_add_text(rules, "t.rules", typo, strlen(typo), NULL), GA_OK);
    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_compile(rules, &m, NULL), GA_OK);
    ga_rules_free(rules);
    ga_site_auditor_t *a;
    ck_assert_int_eq(ga_site_auditor_new(profile, m, T, NULL, &a, NULL), GA_OK);
    size_t len;
    char *docx = ga_test_fixture("attach", "tongzhi.docx", &len);
    /* served before any page links it, under an address that names no file type */
    feed_bytes(a, HOST "/download?id=7", 200, "application/octet-stream", docx, len);
    free(docx);
    feed(a, HOST "/", 200, NULL,
         page("首页", "", "", "<a href=\"/gg/202308/t20230810_1.html\">关于低保对象的公示</a>"));
    feed(a, HOST "/gg/202308/t20230810_1.html", 200, NULL,
         article("关于低保对象的公示", "公示公告", "2023-08-10 09:00",
                 "<p>联系电话：13812345678。</p><p><a href=\"/download?id=7\">通知</a> "
                 "<a href=\"/gg/%E5%90%8D%E5%8D%95.xlsx\">名单</a> <a href=\"/gg/gone.pdf\">方案</a> "
                 "<a href=\"/gg/old.doc\">旧表</a> <a href=\"/gg/never.ofd\">附件</a></p>", true));
    char *xlsx = ga_test_fixture("attach", "gongshi.xlsx", &len);
    feed_bytes(a, HOST "/gg/名单.xlsx", 200, NULL, xlsx, len);
    free(xlsx);
    feed_bytes(a, HOST "/gg/gone.pdf", 404, "text/html", "<html>404</html>", 16);
    char *doc = ga_test_fixture("attach", "legacy.doc", &len);
    feed_bytes(a, HOST "/gg/old.doc", 200, "application/msword", doc, len);
    free(doc);
    ga_site_result_t *r;
    ck_assert_int_eq(ga_site_auditor_finish(a, &r, NULL), GA_OK);
    ga_site_auditor_free(a);
    const char *article_url = HOST "/gg/202308/t20230810_1.html";
    const ga_site_attachment_t *at = find_attachment(r, HOST "/download?id=7");
    ck_assert_ptr_nonnull(at);
    ck_assert_str_eq(at->format, "docx");
    ck_assert_str_eq(at->page, article_url);
    ck_assert_ptr_null(at->error);
    ck_assert_uint_eq(at->findings, 1);
    ck_assert_ptr_nonnull((at = find_attachment(r, HOST "/gg/名单.xlsx")));
    ck_assert_uint_eq(at->findings, 6);
    ck_assert_str_eq(at->text, "名单");
    ck_assert_ptr_nonnull((at = find_attachment(r, HOST "/gg/gone.pdf")));
    ck_assert_str_eq(at->error, "download failed: HTTP 404");
    ck_assert_ptr_nonnull((at = find_attachment(r, HOST "/gg/old.doc")));
    ck_assert_ptr_nonnull(strstr(at->error, "97-2003"));
    ck_assert_ptr_nonnull((at = find_attachment(r, HOST "/gg/never.ofd")));
    ck_assert_str_eq(at->error, "not downloaded: linked but not in the crawl");
    size_t in_files = 0, personal = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const ga_site_finding_t *f = &r->findings.v[i];
        if (strcmp(f->category, "个人信息") == 0) {
            personal++;
            ck_assert_ptr_null(strstr(f->text, "13812345678"));
            ck_assert_ptr_null(strstr(f->before, "13812345678"));
            ck_assert_ptr_null(strstr(f->after, "13812345678"));
        }
        if (!f->location)
            continue;
        in_files++;
        ck_assert_str_eq(f->page, article_url);
        if (strcmp(f->url, HOST "/download?id=7") == 0) {
            ck_assert_str_eq(f->location, "第9段");
            ck_assert_str_eq(f->title, "通知");
            ck_assert_str_eq(f->text, "320102********1237");
        }
    }
    ck_assert_uint_eq(in_files, 7);
    ck_assert_uint_eq(personal, 7);
    ck_assert_uint_eq(ga_site_result_count(r, GA_SITE_ATTACHMENTS), 3);
    ga_site_result_free(r);
    ga_matcher_free(m);
}
END_TEST

START_TEST(url_normalisation)
{
    ga_buf_t b = {0};
    ck_assert_int_eq(ga_site_url_norm("HTTP://WWW.Gov.CN:80/a/b.html#top", 34, &b), 1);
    ck_assert_str_eq(b.data, "http://www.gov.cn/a/b.html");
    ck_assert_int_eq(ga_site_url_norm("https://x.cn:443", 16, &b), 1);
    ck_assert_str_eq(b.data, "https://x.cn/");
    ck_assert_int_eq(ga_site_url_norm("http://x.cn?q=1", 15, &b), 1);
    ck_assert_str_eq(b.data, "http://x.cn/?q=1");
    ck_assert_int_eq(ga_site_url_norm("http://x.cn/a b\xff", 16, &b), 1);
    ck_assert_str_eq(b.data, "http://x.cn/a%20b%FF");
    ck_assert_int_eq(ga_site_url_norm("http://x.cn/政务\\c", strlen("http://x.cn/政务\\c"), &b), 1);
    ck_assert_str_eq(b.data, "http://x.cn/政务/c");
    /* a percent-encoded non-ASCII path is the raw one (mirror file names are raw);
     * encoded ASCII and broken sequences stay as they are */
    const char *enc = "http://x.cn/%E5%90%8D%E5%8D%95.xlsx?a=%2F%E5%90";
    ck_assert_int_eq(ga_site_url_norm(enc, strlen(enc), &b), 1);
    ck_assert_str_eq(b.data, "http://x.cn/名单.xlsx?a=%2F%E5%90");
    ck_assert_int_eq(ga_site_url_norm("javascript:void(0)", 18, &b), 0);
    ck_assert_int_eq(ga_site_url_norm("http://", 7, &b), 0);
    ck_assert_int_eq(ga_site_url_resolve("http://x.cn/a/b/c.html", "../d.html", &b), 1);
    ck_assert_str_eq(b.data, "http://x.cn/a/d.html");
    ck_assert_int_eq(ga_site_url_resolve("http://x.cn/a/b/c.html", "/e/", &b), 1);
    ck_assert_str_eq(b.data, "http://x.cn/e/");
    ck_assert_int_eq(ga_site_url_resolve("https://x.cn/a", "//y.cn/z", &b), 1);
    ck_assert_str_eq(b.data, "https://y.cn/z");
    ck_assert_int_eq(ga_site_url_resolve("http://x.cn/a/", "http://Z.cn", &b), 1);
    ck_assert_str_eq(b.data, "http://z.cn/");
    ga_buf_free(&b);
    ck_assert(ga_site_host_eq("www.gov.cn", 10, "gov.cn", 6));
    ck_assert(!ga_site_host_eq("a.gov.cn", 8, "gov.cn", 6));
}
END_TEST

START_TEST(column_types)
{
    ck_assert_str_eq(ga_site_column_type("政策解读"), "interpretation");
    ck_assert_str_eq(ga_site_column_type("政策文件"), "policy");
    ck_assert_str_eq(ga_site_column_type("规范性文件"), "policy");
    ck_assert_str_eq(ga_site_column_type("通知公告"), "notice");
    ck_assert_str_eq(ga_site_column_type("工作动态"), "news");
    ck_assert_str_eq(ga_site_column_type("部门信息"), "news");
    ck_assert_str_eq(ga_site_column_type("政府信息公开"), "other");
    ck_assert_str_eq(ga_site_column_type("人事信息"), "personnel");
    ck_assert_str_eq(ga_site_column_type("规划计划"), "plan");
    ck_assert_str_eq(ga_site_column_type("财政预决算"), "finance");
    ck_assert_str_eq(ga_site_column_type("咨询投诉"), "consult");
    ck_assert_str_eq(ga_site_column_type("办件统计"), "service_stats");
    ck_assert_str_eq(ga_site_column_type("机构职能"), "other");
    ck_assert_str_eq(ga_site_column_type(NULL), "other");
}
END_TEST

static void write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(data, f);
    fclose(f);
}

START_TEST(mirror_folder)
{
    char dir[] = "/tmp/ga-site-mirrorXXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char p[512];
    snprintf(p, sizeof p, "%s/www.example.gov.cn", dir);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/www.example.gov.cn/xw", dir);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    char *h = page("首页", "", "",
                   "<div class=\"news\"><ul><li><a href=\"/xw/\">新闻动态</a></li>"
                   "<li><a href=\"/xw/nothere.html\">不存在</a></li>"
                   "<li><a href=\"/xw/list.php?id=2\">动态页面</a></li></ul></div>");
    snprintf(p, sizeof p, "%s/www.example.gov.cn/index.html", dir);
    write_file(p, h);
    free(h);
    h = list("新闻动态", "<li><a href=\"/xw/a.html\" title=\"标题\">标题</a><span>2023-08-01</span></li>");
    snprintf(p, sizeof p, "%s/www.example.gov.cn/xw/index.html", dir);
    write_file(p, h);
    free(h);
    /* wget --adjust-extension saved list.php?id=2 as list.php?id=2.html */
    snprintf(p, sizeof p, "%s/www.example.gov.cn/xw/list.php?id=2.html", dir);
    write_file(p, "<html><body><p>动态页面</p></body></html>");

    ga_site_result_t *r;
    ga_error_t *err = NULL;
    ga_status_t st = ga_site_audit(dir, profile, NULL, T, NULL, &r, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
    ck_assert_str_eq(ga_site_result_home(r), HOST "/index.html");
    const ga_site_column_t *xw = column(r, "新闻动态");
    ck_assert_ptr_nonnull(xw);
    ck_assert_uint_eq(xw->items, 1);
    /* "/xw/" answers with xw/index.html; the pages missing from the mirror are broken. */
    ck_assert_ptr_null(find_link(r, HOST "/xw/"));
    const ga_site_link_t *l = find_link(r, HOST "/xw/nothere.html");
    ck_assert_ptr_nonnull(l);
    ck_assert(l->broken);
    ck_assert_int_eq(l->status, 0);
    /* The menu's three columns and the list's article are not in the mirror either; the
     * page saved under its adjusted name is. */
    ck_assert_uint_eq(ga_site_result_count(r, GA_SITE_BROKEN), 5);
    ck_assert_ptr_null(find_link(r, HOST "/xw/list.php?id=2"));
    ga_site_result_free(r);

    /* The host folder itself works too. */
    snprintf(p, sizeof p, "%s/www.example.gov.cn", dir);
    ck_assert_int_eq(ga_site_audit(p, profile, NULL, T, NULL, &r, NULL), GA_OK);
    ck_assert_str_eq(ga_site_result_home(r), HOST "/index.html");
    ga_site_result_free(r);

    snprintf(p, sizeof p, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(p), 0);
}
END_TEST

START_TEST(warc_file)
{
    char path[] = "/tmp/ga-site-warcXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "wb");
    const char *pages[][2] = {
        {"http://www.example.gov.cn/", "<html><head><meta name=\"SiteName\" content=\"示例\"></head>"
                                       "<body><p>首页</p><a href=\"/x.html\">x</a></body></html>"},
        {"http://www.example.gov.cn/x.html", NULL},
    };
    for (int i = 0; i < 2; i++) {
        char http[2048];
        if (pages[i][1])
            snprintf(http, sizeof http,
                     "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %zu\r\n\r\n%s",
                     strlen(pages[i][1]), pages[i][1]);
        else
            snprintf(http, sizeof http, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        fprintf(f,
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <%s>\r\n"
                "WARC-Date: 2023-08-15T00:00:00Z\r\nContent-Type: application/http;msgtype=response\r\n"
                "Content-Length: %zu\r\n\r\n%s\r\n\r\n",
                pages[i][0], strlen(http), http);
    }
    /* Garbage between records: skipped with a warning. */
    fputs("not a record\r\n\r\n", f);
    fclose(f);
    ga_site_result_t *r;
    ga_error_t *err = NULL;
    ga_status_t st = ga_site_audit(path, profile, NULL, T, NULL, &r, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
    ck_assert_str_eq(ga_site_result_site(r), "示例");
    ck_assert_uint_eq(ga_site_result_count(r, GA_SITE_BROKEN), 1);
    ck_assert_uint_ge(ga_site_result_count(r, GA_SITE_WARNINGS), 1);
    ck_assert_ptr_nonnull(ga_site_result_warning(r, 0));
    ck_assert_ptr_null(ga_site_result_warning(r, 1000));
    ga_site_result_free(r);
    unlink(path);
}
END_TEST

START_TEST(warc_damaged_record_kept)
{
    /* The second record's Content-Length runs past the end of the file (a crawl cut
     * off): its status still counts, and a warning says it was damaged. */
    char path[] = "/tmp/ga-site-warcXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "wb");
    const char *home = "<html><head><meta name=\"SiteName\" content=\"示例\"></head>"
                       "<body><p>首页</p><a href=\"/x.html\">x</a></body></html>";
    char http[1024];
    snprintf(http, sizeof http,
             "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s", home);
    fprintf(f, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://www.example.gov.cn/\r\n"
               "Content-Type: application/http;msgtype=response\r\nContent-Length: %zu\r\n\r\n%s"
               "\r\n\r\n", strlen(http), http);
    const char *cut = "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>";
    fprintf(f, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://www.example.gov.cn/x.html\r\n"
               "Content-Type: application/http;msgtype=response\r\nContent-Length: 4000\r\n\r\n%s",
            cut);
    fclose(f);
    ga_site_result_t *r;
    ga_error_t *err = NULL;
    ga_status_t st = ga_site_audit(path, profile, NULL, T, NULL, &r, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
    ck_assert_uint_eq(ga_site_result_count(r, GA_SITE_BROKEN), 1);
    size_t damaged = 0;
    for (size_t i = 0; ga_site_result_warning(r, i); i++)
        damaged += strstr(ga_site_result_warning(r, i),
                          "byte 325 for http://www.example.gov.cn/x.html kept damaged: "
                          "truncated: the input ends") != NULL;
    ck_assert_uint_eq(damaged, 1);
    ga_site_result_free(r);
    unlink(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("site");
    TCase *tc = tcase_create("site");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, site_identity);
    tcase_add_test(tc, columns_dates_and_blank);
    tcase_add_test(tc, links_broken_and_external);
    tcase_add_test(tc, findings_duplicates_meta_and_score);
    tcase_add_test(tc, parent_columns_are_not_blank);
    tcase_add_test(tc, forwarding_root_page);
    tcase_add_test(tc, template_texts_are_not_reposts);
    tcase_add_test(tc, no_dedup_option);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, url_normalisation);
    tcase_add_test(tc, attachments_checked);
    tcase_add_test(tc, column_types);
    tcase_add_test(tc, mirror_folder);
    tcase_add_test(tc, warc_file);
    tcase_add_test(tc, warc_damaged_record_kept);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
