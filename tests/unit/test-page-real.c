/* Real-shaped pages of several CMS layouts (tests/fixtures/page/real-fields.tsv) and the
 * extractors of the evidence a page gives: identity, messages, service guides. */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/page.h>

#include "testutil.h"

static ga_page_t *parse_file(const char *name, const char *url)
{
    size_t len;
    char *data = ga_test_fixture("page", name, &len);
    ga_page_t *pg = NULL;
    ga_error_t *err = NULL;
    ck_assert_msg(ga_page_parse(data, len, url, NULL, &pg, &err) == GA_OK, "%s: %s", name,
                  ga_error_message(err));
    free(data);
    return pg;
}

static ga_page_t *parse_str(const char *html, const char *url)
{
    ga_page_t *pg = NULL;
    ck_assert_int_eq(ga_page_parse(html, strlen(html), url, NULL, &pg, NULL), GA_OK);
    return pg;
}

static const char *or_dash(const char *s)
{
    return s ? s : "-";
}

/* Every field of every page in the table: title, date, source, column path, kind. */
START_TEST(real_pages_fields)
{
    size_t len;
    char *tsv = ga_test_fixture("page", "real-fields.tsv", &len);
    size_t fields = 0, right = 0, pages = 0;
    for (char *line = strtok(tsv, "\n"); line; line = strtok(NULL, "\n")) {
        if (*line == '#')
            continue;
        char *f[7];
        char *save = NULL;
        size_t n = 0;
        for (char *t = strtok_r(line, "\t", &save); t && n < 7; t = strtok_r(NULL, "\t", &save))
            f[n++] = t;
        ck_assert_uint_eq(n, 7);
        ga_page_t *pg = parse_file(f[0], f[1]);
        char column[512] = "";
        for (size_t i = 0; i < ga_page_column_count(pg); i++) {
            strcat(column, i ? " > " : "");
            strncat(column, ga_page_column(pg, i), sizeof column - strlen(column) - 4);
        }
        const char *got[5] = {ga_page_title(pg), or_dash(ga_page_pubdate(pg)),
                              or_dash(ga_page_source(pg)), *column ? column : "-",
                              ga_page_kind_name(ga_page_kind(pg))};
        static const char *const names[5] = {"title", "pubdate", "source", "column", "kind"};
        for (int k = 0; k < 5; k++) {
            fields++;
            if (!strcmp(got[k], f[k + 2]))
                right++;
            else
                fprintf(stderr, "%s %s: got '%s', want '%s'\n", f[0], names[k], got[k], f[k + 2]);
        }
        pages++;
        ga_page_free(pg);
    }
    free(tsv);
    fprintf(stderr, "real-shaped pages: %zu of %zu fields right on %zu pages\n", right, fields,
            pages);
    ck_assert_uint_ge(pages, 15);
    ck_assert_uint_eq(right, fields);
}
END_TEST

/* The meta date, the shown one and the URL's are all kept; the choice among them. */
START_TEST(pubdate_signals)
{
    /* A PubDate years after the date shown: the page's date wins, both kept. */
    ga_page_t *pg = parse_file("real-tongji-hanweb-gbk.html",
                               "http://tjj.linjiang.gov.cn/art/2017/3/1/art_3_1234.html");
    ck_assert_str_eq(ga_page_pubdate(pg), "2017-03-01");
    ck_assert_str_eq(ga_page_pubdate_from(pg, GA_PAGE_DATE_META), "2022-11-08T16:32:00");
    ck_assert_str_eq(ga_page_pubdate_from(pg, GA_PAGE_DATE_SHOWN), "2017-03-01");
    ck_assert_str_eq(ga_page_pubdate_from(pg, GA_PAGE_DATE_URL), "2017-03-01");
    ck_assert_ptr_null(ga_page_pubdate_from(pg, GA_PAGE_DATE_SOURCES));
    ck_assert_ptr_null(ga_page_pubdate_from(NULL, GA_PAGE_DATE_META));
    ga_page_free(pg);
    /* No date shown, a PubDate four years after the URL's: a rebuild time. */
    pg = parse_file("src/real/jiyue-rebuild-urldate.html",
                    "http://jyj.linjiang.gov.cn/art/2019/5/20/art_102_999.html");
    ck_assert_str_eq(ga_page_pubdate(pg), "2019-05-20");
    ck_assert_str_eq(ga_page_pubdate_from(pg, GA_PAGE_DATE_META), "2023-04-20T03:12:45");
    ck_assert_ptr_null(ga_page_pubdate_from(pg, GA_PAGE_DATE_SHOWN));
    ga_page_free(pg);
    /* The same PubDate a day after the URL's is a publish date (drafted the day before). */
    const char *html = "<html><head><meta name=\"PubDate\" content=\"2023-05-21 09:00\">"
                       "<title>t</title></head><body><h1>市教育局召开全市教育工作会议</h1>"
                       "<div class=\"content\"><p>会议指出，要着力推进学前教育普及普惠、义务"
                       "教育优质均衡发展，推动普通高中多样化发展，办好人民满意的教育。</p>"
                       "</div></body></html>";
    pg = parse_str(html, "http://jyj.linjiang.gov.cn/art/2023/5/20/art_1_2.html");
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-05-21T09:00:00");
    ga_page_free(pg);
    /* Shown and meta the same day: the meta's time is kept. */
    pg = parse_file("src/real/news-jiyue-infoline.html",
                    "http://www.linjiang.gov.cn/zwgk/zwyw/202312/t20231201_9001.html");
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-12-01T14:43:00");
    ck_assert_str_eq(ga_page_pubdate_from(pg, GA_PAGE_DATE_SHOWN), "2023-12-01T14:43:00");
    ga_page_free(pg);
    /* Shown months after the URL's date: both kept for the audit to compare. */
    pg = parse_file("src/real/vue-rendered-changed.html",
                    "http://yjj.linjiang.gov.cn/zwgk/tzgg/202301/t20230105_4521.html");
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-07-28T09:30:00");
    ck_assert_str_eq(ga_page_pubdate_from(pg, GA_PAGE_DATE_URL), "2023-01-05");
    ck_assert_ptr_null(ga_page_pubdate_from(pg, GA_PAGE_DATE_META));
    ga_page_free(pg);
}
END_TEST

/* Titles cut at the info line they run into and at gazette-issue suffixes. */
START_TEST(title_cuts)
{
    static const struct {
        const char *html, *title;
    } cases[] = {
        {"<title>x</title><div class=\"title\">临江市召开安全生产工作会议 2023-12-01</div>"
         "<p>会议强调，要压紧压实安全生产责任，深入排查整治各类风险隐患，坚决遏制重特大事故。</p>",
         "临江市召开安全生产工作会议"},
        {"<title>x</title><h1>全市防汛工作推进会召开发布时间：2023-07-01</h1>"
         "<p>会议强调，要压紧压实防汛责任，深入排查整治各类风险隐患，坚决防范化解重大风险。</p>",
         "全市防汛工作推进会召开"},
        /* A date inside a title is part of it. */
        {"<title>x</title><h1>关于2023年7月31日临时停水的通知</h1>"
         "<p>因供水管网改造施工，7月31日8时至18时城东片区将临时停水，请居民提前做好储水准备。</p>",
         "关于2023年7月31日临时停水的通知"},
        {"<title>国务院关于印发某某规划的通知__2016年第5号国务院公报_中国政府网</title>"
         "<p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：现将规划印发给你们，请认真贯彻执行。</p>",
         "国务院关于印发某某规划的通知"},
        {"<title>关于做好春季森林防火工作的通知_临江市人民政府</title>"
         "<p>各乡镇人民政府、街道办事处：当前正值春季森林防火关键期，请切实做好各项防火工作。</p>",
         "关于做好春季森林防火工作的通知"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ga_page_t *pg = parse_str(cases[i].html, "http://www.linjiang.gov.cn/a/content_1.html");
        ck_assert_msg(!strcmp(ga_page_title(pg), cases[i].title), "case %zu: '%s'", i,
                      ga_page_title(pg));
        ga_page_free(pg);
    }
}
END_TEST

/* Columns without a breadcrumb: ColumnName, then known URL folders; a breadcrumb that
 * ends in a separator keeps its last entry. */
START_TEST(column_fallbacks)
{
    const char *body = "<p>为进一步释放消费潜力，激发市场活力，我市出台促进消费十条措施，从发放消费券"
                       "等十个方面提出具体举措。</p>";
    char html[1024];
    snprintf(html, sizeof html,
             "<head><meta name=\"ColumnName\" content=\"临江市人民政府\"><meta name=\"SiteName\" "
             "content=\"临江市人民政府\"></head><h1>关于促进消费的若干措施</h1>%s", body);
    /* ColumnName holding the site's name says nothing; the folder is unknown. */
    ga_page_t *pg = parse_str(html, "http://www.linjiang.gov.cn/col/col12/art_1.html");
    ck_assert_uint_eq(ga_page_column_count(pg), 0);
    ga_page_free(pg);
    /* Date folders are skipped; an unknown last folder leaves the path unknown. */
    snprintf(html, sizeof html, "<h1>关于促进消费的若干措施</h1>%s", body);
    pg = parse_str(html, "http://www.linjiang.gov.cn/zwgk/2023-06/15/content_1.html");
    ck_assert_uint_eq(ga_page_column_count(pg), 1);
    ck_assert_str_eq(ga_page_column(pg, 0), "政务公开");
    ga_page_free(pg);
    pg = parse_str(html, "http://www.linjiang.gov.cn/zwgk/abc/content_1.html");
    ck_assert_uint_eq(ga_page_column_count(pg), 0);
    ga_page_free(pg);
    snprintf(html, sizeof html,
             "<div class=\"crumb\">当前位置：首页 &gt; 新闻中心 &gt; 部门动态 &gt;</div>"
             "<h1>关于促进消费的若干措施</h1>%s", body);
    pg = parse_str(html, "http://www.linjiang.gov.cn/xwzx/content_1.html");
    ck_assert_uint_eq(ga_page_column_count(pg), 3);
    ck_assert_str_eq(ga_page_column(pg, 2), "部门动态");
    ga_page_free(pg);
}
END_TEST

static void identity_is(const ga_page_t *pg, ga_page_identity_t item, const char *value,
                        const char *link)
{
    const char *v = ga_page_identity(pg, item), *l = ga_page_identity_link(pg, item);
    ck_assert_msg(value ? v && !strcmp(v, value) : !v, "%s: '%s', want '%s'",
                  ga_page_identity_name(item), or_dash(v), or_dash(value));
    ck_assert_msg(link ? l && !strcmp(l, link) : !l, "%s link: '%s', want '%s'",
                  ga_page_identity_name(item), or_dash(l), or_dash(link));
}

/* Every identity item of a Hanweb footer (GBK), and what other footers lack. */
START_TEST(identity_of_footers)
{
    ga_page_t *pg = parse_file("real-tongji-hanweb-gbk.html",
                               "http://tjj.linjiang.gov.cn/art/2017/3/1/art_3_1234.html");
    const char *conac = "https://bszs.conac.cn/sitename?method=show&id=0A1B2C3D";
    identity_is(pg, GA_PAGE_ID_CONAC, conac, conac);
    identity_is(pg, GA_PAGE_ID_SITE_CODE, "3301000020", NULL);
    identity_is(pg, GA_PAGE_ID_ICP, "浙ICP备05012366号-1", "http://beian.miit.gov.cn");
    identity_is(pg, GA_PAGE_ID_POLICE, "浙公网安备33010002000123号",
                "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010002000123");
    identity_is(pg, GA_PAGE_ID_OWNER, "临江市统计局", NULL);
    identity_is(pg, GA_PAGE_ID_CONTACT, "0571-87000001", NULL);
    identity_is(pg, GA_PAGE_ID_ZHAOCUO, "3301000020",
                "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySubmit.action?site_code=3301000020");
    ck_assert_str_eq(ga_page_identity_name(GA_PAGE_ID_ZHAOCUO), "zhaocuo");
    ck_assert_ptr_null(ga_page_identity_name(GA_PAGE_IDENTITY_ITEMS));
    ck_assert_ptr_null(ga_page_identity(pg, GA_PAGE_IDENTITY_ITEMS));
    ga_page_free(pg);
    /* gov.cn: the code without a colon, numbers without links, no conac, no entrance. */
    pg = parse_file("src/real/gongbao-trs.html", "http://www.gov.cn/gongbao/content/2007/content_123.htm");
    identity_is(pg, GA_PAGE_ID_SITE_CODE, "bm01000001", NULL);
    identity_is(pg, GA_PAGE_ID_ICP, "京ICP备05070218号", NULL);
    identity_is(pg, GA_PAGE_ID_POLICE, "京公网安备11010202000001号", NULL);
    identity_is(pg, GA_PAGE_ID_OWNER, "国务院办公厅", NULL);
    identity_is(pg, GA_PAGE_ID_CONAC, NULL, NULL);
    identity_is(pg, GA_PAGE_ID_ZHAOCUO, NULL, NULL);
    ga_page_free(pg);
    /* A rendered page whose 找错 entrance carries another site's code; a 联系我们 link. */
    pg = parse_file("src/real/vue-rendered-changed.html",
                    "http://yjj.linjiang.gov.cn/zwgk/tzgg/202301/t20230105_4521.html");
    identity_is(pg, GA_PAGE_ID_ZHAOCUO, "3301000099",
                "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySubmit.action?site_code=3301000099");
    identity_is(pg, GA_PAGE_ID_SITE_CODE, "3301000031", NULL);
    ga_page_free(pg);
    pg = parse_file("src/real/news-jiyue-infoline.html",
                    "http://www.linjiang.gov.cn/zwgk/zwyw/202312/t20231201_9001.html");
    identity_is(pg, GA_PAGE_ID_CONTACT, "http://www.linjiang.gov.cn/lxwm/",
                "http://www.linjiang.gov.cn/lxwm/");
    ga_page_free(pg);
    /* Scripts: the 找错 widget with its sitecode, the conac script; "X主办" in prose of an
     * article body is not the owner. */
    pg = parse_file("src/real/message-write-form.html", "http://www.linjiang.gov.cn/hdjl/szxx/write.html");
    identity_is(pg, GA_PAGE_ID_ZHAOCUO, "3301000001", NULL);
    identity_is(pg, GA_PAGE_ID_CONAC,
                "https://dcs.conac.cn/js/33/000/0000/60429971/CA330000000604299710001.js", NULL);
    identity_is(pg, GA_PAGE_ID_OWNER, "临江市人民政府办公室", NULL);
    ga_page_free(pg);
    pg = parse_str("<h1>全市创业大赛决赛举行</h1><div class=\"content\"><p>本次大赛由市人社局主办，"
                   "共有86个项目参赛，经过初赛、复赛的激烈角逐，最终评出一等奖3名、二等奖6名。</p></div>"
                   "<div class=\"foot\">临江市人民政府办公室主办</div>",
                   "http://www.linjiang.gov.cn/art/2023/5/1/art_1_1.html");
    identity_is(pg, GA_PAGE_ID_OWNER, "临江市人民政府办公室", NULL);
    ga_page_free(pg);
}
END_TEST

static void message_is(const ga_page_t *pg, size_t i, const char *title, const char *url,
                       const char *time, const char *status, const char *reply_time,
                       const char *replier)
{
    const char *want[GA_PAGE_MSG_FIELDS] = {title, url, time, status, reply_time, replier};
    for (int f = 0; f < GA_PAGE_MSG_FIELDS; f++) {
        const char *got = ga_page_message(pg, i, (ga_page_message_field_t)f);
        ck_assert_msg(want[f] ? got && !strcmp(got, want[f]) : !got,
                      "message %zu field %d: '%s', want '%s'", i, f, or_dash(got), or_dash(want[f]));
    }
}

/* A list table (GBK), list items with statuses, detail pages as dl and as table. */
START_TEST(messages_of_lists_and_details)
{
    ga_page_t *pg = parse_file("real-messages-list-gbk.html", "http://www.linjiang.gov.cn/hdjl/szxx/index.html");
    ck_assert_uint_eq(ga_page_message_count(pg), 5);
    message_is(pg, 0, "关于人民路夜间施工噪音扰民的问题",
               "http://www.linjiang.gov.cn/hdjl/szxx/202307/t20230712_501.html", "2023-07-12",
               "已办结", "2023-07-14", NULL);
    message_is(pg, 3, "反映城东小区物业乱收费",
               "http://www.linjiang.gov.cn/hdjl/szxx/202211/t20221115_350.html", "2022-11-15",
               "未回复", NULL, NULL);
    ck_assert_ptr_null(ga_page_message(pg, 5, GA_PAGE_MSG_TITLE));
    ck_assert_ptr_null(ga_page_message(pg, 0, GA_PAGE_MSG_FIELDS));
    ck_assert(!ga_page_message_form(pg));
    ga_page_free(pg);
    pg = parse_file("src/real/message-write-form.html", "http://www.linjiang.gov.cn/hdjl/szxx/write.html");
    ck_assert(ga_page_message_form(pg));
    ck_assert_uint_eq(ga_page_message_count(pg), 3);
    message_is(pg, 2, "建议在滨江公园增设公共厕所",
               "http://www.linjiang.gov.cn/hdjl/szxx/202303/t20230302_402.html", "2023-03-02",
               "办理中", NULL, NULL);
    ga_page_free(pg);
    const char *url = "http://www.linjiang.gov.cn/hdjl/szxx/202211/t20221115_350.html";
    pg = parse_file("src/real/message-detail-dl.html", url);
    ck_assert_uint_eq(ga_page_message_count(pg), 1);
    message_is(pg, 0, "反映城东小区物业乱收费", url, "2022-11-15T10:21:33", "未回复", NULL, NULL);
    ga_page_free(pg);
    url = "http://www.linjiang.gov.cn/hdjl/zxzx/202306/t20230620_488.html";
    pg = parse_file("src/real/message-detail-table.html", url);
    message_is(pg, 0, "咨询新生儿医保参保办理流程", url, "2023-06-20T08:45:00", "已回复",
               "2023-06-21T16:10:00", "临江市医疗保障局");
    ga_page_free(pg);
    /* News lists and articles are not messages. */
    pg = parse_file("list-table-utf8.html", "http://fgw.linjiang.gov.cn/col/col1240/index.html");
    ck_assert_uint_eq(ga_page_message_count(pg), 0);
    ga_page_free(pg);
    pg = parse_file("article-trs-gbk.html", "http://www.linjiang.gov.cn/art/2023/7/31/art_1229_5501.html");
    ck_assert_uint_eq(ga_page_message_count(pg), 0);
    ck_assert_uint_eq(ga_page_guide_element_count(pg), 0);
    ck_assert_ptr_null(ga_page_guide_name(pg));
    ga_page_free(pg);
}
END_TEST

/* Guides as a table with synonyms (申请材料, 承诺时限) and as definition lists. */
START_TEST(guide_elements)
{
    ga_page_t *pg = parse_file("src/real/guide-table.html", "http://zwfw.linjiang.gov.cn/bsfw/bszn/detail_1.html");
    static const char *const table[] = {"事项名称", "申请条件", "办理材料", "办理地点",
                                        "办理时间", "办理时限", "收费标准", "咨询电话"};
    ck_assert_uint_eq(ga_page_guide_element_count(pg), 8);
    for (size_t i = 0; i < 8; i++)
        ck_assert_str_eq(ga_page_guide_element(pg, i), table[i]);
    ck_assert_ptr_null(ga_page_guide_element(pg, 8));
    ck_assert_str_eq(ga_page_guide_name(pg), "个体工商户设立登记");
    ga_page_free(pg);
    pg = parse_file("src/real/guide-dl.html", "http://zwfw.linjiang.gov.cn/bsfw/bszn/detail_2.html");
    static const char *const dl[] = {"设定依据", "申请条件", "办理时限", "咨询电话", "办理流程"};
    ck_assert_uint_eq(ga_page_guide_element_count(pg), 5);
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(ga_page_guide_element(pg, i), dl[i]);
    ck_assert_str_eq(ga_page_guide_name(pg), "城乡居民养老保险参保登记"); /* its title */
    ga_page_free(pg);
    /* "label：value" lines; two labels do not make a guide. */
    pg = parse_str("<h1>残疾人证办理</h1><p>办理依据：《中华人民共和国残疾人保障法》</p>"
                   "<p>所需材料：身份证、户口簿、近期二寸照片</p><p>办理地点：区残联服务窗口</p>",
                   "http://www.linjiang.gov.cn/bszn/1.html");
    ck_assert_uint_eq(ga_page_guide_element_count(pg), 3);
    ck_assert_str_eq(ga_page_guide_element(pg, 1), "办理材料");
    ga_page_free(pg);
    pg = parse_str("<h1>残疾人证办理</h1><p>办理依据：《中华人民共和国残疾人保障法》</p>"
                   "<p>所需材料：身份证、户口簿、近期二寸照片</p>", "http://www.linjiang.gov.cn/bszn/2.html");
    ck_assert_uint_eq(ga_page_guide_element_count(pg), 0);
    ga_page_free(pg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("page-real");
    TCase *tc = tcase_create("page-real");
    tcase_add_test(tc, real_pages_fields);
    tcase_add_test(tc, pubdate_signals);
    tcase_add_test(tc, title_cuts);
    tcase_add_test(tc, column_fallbacks);
    tcase_add_test(tc, identity_of_footers);
    tcase_add_test(tc, messages_of_lists_and_details);
    tcase_add_test(tc, guide_elements);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
