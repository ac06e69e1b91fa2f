#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "page/page-private.h"

static char *fixture(const char *name, size_t *len)
{
    return ga_test_fixture("page", name, len);
}

static void check_utf8(const char *s)
{
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(ga_utf8_validate(s, strlen(s), NULL), GA_OK);
}

/* Every string the page hands out is valid UTF-8. */
static void check_page_utf8(const ga_page_t *pg)
{
    size_t len;
    check_utf8(ga_page_title(pg));
    check_utf8(ga_page_html_title(pg));
    const char *t = ga_page_text(pg, &len);
    ck_assert_uint_eq(strlen(t), len);
    check_utf8(t);
    for (size_t i = 0; i < ga_page_link_count(pg); i++) {
        check_utf8(ga_page_link_url(pg, i));
        check_utf8(ga_page_link_text(pg, i));
    }
    for (size_t i = 0; i < ga_page_item_count(pg); i++)
        check_utf8(ga_page_item_title(pg, i));
    for (size_t i = 0; i < ga_page_column_count(pg); i++)
        check_utf8(ga_page_column(pg, i));
    for (size_t i = 0; i < ga_page_meta_count(pg); i++) {
        const char *n, *c;
        ck_assert(ga_page_meta_at(pg, i, &n, &c));
        check_utf8(n);
        check_utf8(c);
    }
}

static ga_page_t *parse_fixture(const char *name, const char *url)
{
    size_t len;
    char *data = fixture(name, &len);
    ga_page_t *pg = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_page_parse(data, len, url, NULL, &pg, &err), GA_OK);
    ck_assert_ptr_null(err);
    free(data);
    check_page_utf8(pg);
    return pg;
}

static ga_page_t *parse_str(const char *html, const char *url)
{
    ga_page_t *pg = NULL;
    ck_assert_int_eq(ga_page_parse(html, strlen(html), url, NULL, &pg, NULL), GA_OK);
    check_page_utf8(pg);
    return pg;
}

static bool has_text(const ga_page_t *pg, const char *needle)
{
    return strstr(ga_page_text(pg, NULL), needle) != NULL;
}

static void column_is(const ga_page_t *pg, const char *a, const char *b, const char *c)
{
    const char *want[] = {a, b, c};
    size_t n = c ? 3 : b ? 2 : a ? 1 : 0;
    ck_assert_uint_eq(ga_page_column_count(pg), n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(ga_page_column(pg, i), want[i]);
    ck_assert_ptr_null(ga_page_column(pg, n));
}

static long find_link(const ga_page_t *pg, const char *url)
{
    for (size_t i = 0; i < ga_page_link_count(pg); i++)
        if (!strcmp(ga_page_link_url(pg, i), url))
            return (long)i;
    return -1;
}

START_TEST(trs_article_gbk_with_meta)
{
    const char *url = "http://www.linjiang.gov.cn/art/2023/7/31/art_1229_5501.html";
    ga_page_t *pg = parse_fixture("article-trs-gbk.html", url);
    ck_assert_str_eq(ga_page_charset(pg), "GB18030");
    ck_assert_str_eq(ga_page_url(pg), url);
    ck_assert_str_eq(ga_page_title(pg), "临江市人民政府办公室关于做好2023年防汛防台工作的通知");
    ck_assert_str_eq(ga_page_html_title(pg),
                     "临江市人民政府办公室关于做好2023年防汛防台工作的通知_通知公告_临江市人民政府");
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-07-31T10:20:00");
    ck_assert_str_eq(ga_page_source(pg), "市政府办公室");
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_ARTICLE);
    column_is(pg, "首页", "政务公开", "通知公告");
    /* Metadata by name, any case; the full set is there. */
    ck_assert_str_eq(ga_page_meta(pg, "SiteIDCode"), "3301000001");
    ck_assert_str_eq(ga_page_meta(pg, "sitename"), "临江市人民政府");
    ck_assert_str_eq(ga_page_meta(pg, "Author"), "");
    ck_assert_ptr_null(ga_page_meta(pg, "Image"));
    ck_assert_uint_eq(ga_page_meta_missing(pg, GA_PAGE_ARTICLE), 0);
    ck_assert_uint_eq(ga_page_meta_missing(pg, GA_PAGE_LIST), 0);
    /* Body: the article paragraphs, none of the furniture around them. */
    ck_assert(has_text(pg, "各县（市、区）人民政府，市政府各部门、各直属单位：\n"));
    ck_assert(has_text(pg, "\n一、提高思想认识。"));
    ck_assert(has_text(pg, "瞒报。\n临江市人民政府办公室\n2023年7月28日"));
    const char *noise[] = {"打印本页", "关闭窗口", "分享到", "网站标识码", "相关文章", "浏览次数",
                           "发布时间", "政务服务", "您现在的位置", "广告脚本", "line-height"};
    for (size_t i = 0; i < sizeof noise / sizeof noise[0]; i++)
        ck_assert_msg(!has_text(pg, noise[i]), "body holds '%s'", noise[i]);
    /* Links: absolute, javascript: left out, body membership. */
    long nav = find_link(pg, "http://www.linjiang.gov.cn/col/col1230/index.html");
    ck_assert_int_ge(nav, 0);
    ck_assert_str_eq(ga_page_link_text(pg, (size_t)nav), "政务服务");
    ck_assert(!ga_page_link_in_body(pg, (size_t)nav));
    ck_assert_int_ge(find_link(pg, "mailto:webmaster@linjiang.gov.cn"), 0);
    for (size_t i = 0; i < ga_page_link_count(pg); i++)
        ck_assert(strncmp(ga_page_link_url(pg, i), "javascript:", 11) != 0);
    ck_assert_uint_eq(ga_page_attachment_count(pg), 1);
    ck_assert_str_eq(ga_page_attachment_type(pg, 0), "xlsx");
    ck_assert_str_eq(ga_page_attachment_text(pg, 0), "防汛责任人名单.xlsx");
    ck_assert_ptr_nonnull(strstr(ga_page_attachment_url(pg, 0),
                                 "http://www.linjiang.gov.cn/module/download/downfile.jsp?"));
    ck_assert_ptr_null(ga_page_attachment_url(pg, 1));
    ck_assert_uint_eq(ga_page_item_count(pg), 0);
    ga_page_free(pg);
}
END_TEST

START_TEST(hanweb_article_without_meta)
{
    const char *url = "http://zjj.linjiang.gov.cn/art/2023/7/18/art_1045_77.html";
    ga_page_t *pg = parse_fixture("article-hanweb-utf8.html", url);
    ck_assert_str_eq(ga_page_charset(pg), "UTF-8");
    ck_assert_str_eq(ga_page_title(pg),
                     "关于公开征求《临江市城市绿化管理办法（征求意见稿）》意见的公告");
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-07-18");
    ck_assert_str_eq(ga_page_source(pg), "临江市住房和城乡建设局");
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_ARTICLE);
    /* Images as separators: the links are the segments. */
    column_is(pg, "首页", "公众参与", "意见征集");
    ck_assert_uint_eq(ga_page_meta_missing(pg, GA_PAGE_ARTICLE),
                      (1u << GA_META_SITE_NAME) | (1u << GA_META_SITE_DOMAIN) |
                          (1u << GA_META_SITE_ID_CODE) | (1u << GA_META_COLUMN_NAME) |
                          (1u << GA_META_COLUMN_TYPE) | (1u << GA_META_ARTICLE_TITLE) |
                          (1u << GA_META_PUB_DATE) | (1u << GA_META_CONTENT_SOURCE));
    ck_assert(has_text(pg, "现向社会公开征求意见。\n一、征求意见时间"));
    ck_assert(has_text(pg, "联系人：王明"));
    ck_assert(!has_text(pg, "打印本页"));
    ck_assert(!has_text(pg, "版权所有"));
    ck_assert(!has_text(pg, "发布日期"));
    ck_assert(!has_text(pg, "document.write"));
    ck_assert_uint_eq(ga_page_attachment_count(pg), 2);
    ck_assert_str_eq(ga_page_attachment_type(pg, 0), "pdf"); /* named in the query */
    ck_assert_str_eq(ga_page_attachment_type(pg, 1), "docx");
    /* Raw UTF-8 in href is percent-encoded; ../../ resolved against the page. */
    ck_assert_str_eq(ga_page_attachment_url(pg, 1),
                     "http://zjj.linjiang.gov.cn/art/2023/picture/0/"
                     "%E7%BB%BF%E5%8C%96%E8%B5%B7%E8%8D%89%E8%AF%B4%E6%98%8E.docx");
    long att = find_link(pg, ga_page_attachment_url(pg, 0));
    ck_assert_int_ge(att, 0);
    ck_assert(ga_page_link_in_body(pg, (size_t)att));
    long home = find_link(pg, "http://zjj.linjiang.gov.cn/art/2023/index.html");
    ck_assert_int_ge(home, 0);
    ck_assert(!ga_page_link_in_body(pg, (size_t)home));
    ga_page_free(pg);
}
END_TEST

START_TEST(date_only_in_url)
{
    const char *url = "http://www.linjiang.gov.cn/zwdt/202310/t20231020_456789.html";
    ga_page_t *pg = parse_fixture("article-nometa-urldate-gbk.html", url);
    ck_assert_str_eq(ga_page_charset(pg), "GB18030");
    ck_assert_str_eq(ga_page_title(pg), "临江市召开2023年第三季度经济形势分析会");
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-10-20");
    ck_assert_ptr_null(ga_page_source(pg));
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_ARTICLE);
    column_is(pg, "政务动态", NULL, NULL); /* no breadcrumb: the URL's folder names it */
    ck_assert(has_text(pg, "10月20日，市政府召开"));
    ck_assert(!has_text(pg, "搜索"));
    ck_assert(!has_text(pg, "网站标识码"));
    ck_assert(!has_text(pg, "第三季度经济形势分析会\n")); /* the headline stays out */
    ga_page_free(pg);
    /* Without the URL there is no date to find. */
    pg = parse_fixture("article-nometa-urldate-gbk.html", NULL);
    ck_assert_ptr_null(ga_page_pubdate(pg));
    ck_assert_str_eq(ga_page_url(pg), "");
    ga_page_free(pg);
}
END_TEST

START_TEST(ucap_article_in_right_column)
{
    ga_page_t *pg = parse_fixture("article-ucap-utf8.html",
                                  "http://www.linjiang.gov.cn/zwgk/zcwj/content_5710.html");
    /* The <br> in the headline is layout, not a space in the title. */
    ck_assert_str_eq(ga_page_title(pg),
                     "国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见");
    ck_assert_str_eq(ga_page_pubdate(pg), "2022-09-15T16:50:00"); /* unlabelled, under the headline */
    ck_assert_str_eq(ga_page_source(pg), "中国政府网");
    /* No label; the trailing article title is not a column. */
    column_is(pg, "首页", "政务公开", "政策文件");
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_ARTICLE);
    ck_assert(has_text(pg, "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n优化营商环境"));
    ck_assert(has_text(pg, "国务院办公厅\n2022年9月7日\n（此件公开发布）"));
    ck_assert(!has_text(pg, "政策解读"));
    ck_assert(!has_text(pg, "分享到"));
    ck_assert(!has_text(pg, "字号"));
    ga_page_free(pg);
}
END_TEST

START_TEST(source_at_foot_not_in_compounds)
{
    ga_page_t *pg = parse_str(
        "<html><body><h1>我市新增3个国家级农业产业强镇</h1><div class='article'>"
        "<p>近日，农业农村部公布了2023年农业产业强镇名单，我市3个镇入选，项目资金来源：中央财政奖补资金。"
        "入选数量居全省前列，将带动当地农民增收。</p>"
        "<p>（来源：临江日报）</p></div></body></html>",
        "http://www.linjiang.gov.cn/art/2023/8/2/art_1_3.html");
    ck_assert_str_eq(ga_page_title(pg), "我市新增3个国家级农业产业强镇");
    ck_assert_str_eq(ga_page_source(pg), "临江日报");
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-08-02");
    ga_page_free(pg);
    pg = parse_str("<html><body><div id='zoom'><p>本项目资金来源：省级财政专项资金，建设内容包括道路硬化、"
                   "路灯安装和绿化提升，计划于年底前完工。</p></div></body></html>",
                   NULL);
    ck_assert_ptr_null(ga_page_source(pg));
    ga_page_free(pg);
}
END_TEST

START_TEST(undeclared_gbk_is_detected)
{
    ga_page_t *pg = parse_fixture("undeclared-gbk.html", NULL);
    ck_assert_str_eq(ga_page_charset(pg), "GB18030");
    ck_assert_str_eq(ga_page_title(pg), "临江市召开2023年第三季度经济形势分析会");
    ga_page_free(pg);
}
END_TEST

/* A page with no charset declaration whose paragraph is `text` written in `charset`. */
static ga_page_t *parse_undeclared(const char *charset, const char *text)
{
    char page[4096], out[8192];
    snprintf(page, sizeof page, "<html><head><title>t</title></head><body><p>%s</p></body></html>",
             text);
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = ucnv_convert(charset, "UTF-8", out, (int32_t)sizeof out, page, -1, &st);
    ck_assert(U_SUCCESS(st));
    ga_page_t *pg = NULL;
    ck_assert_int_eq(ga_page_parse(out, (size_t)n, "http://www.example.gov.cn/", NULL, &pg, NULL), GA_OK);
    return pg;
}

/* Undeclared GBK is decided without ICU's detector; the charsets that share GB2312's rows
 * (EUC-KR, EUC-JP) and Big5 still go to the detector and keep its answer. */
START_TEST(undeclared_cjk_charsets)
{
    static const struct {
        const char *charset, *text, *expect; /* expect: a part of the charset's name */
        bool gb;
    } pages[] = {
        {"GBK", "本项目资金来源为省级财政专项资金，建设内容包括道路硬化、路灯安装和绿化提升。",
         "GB18030", true},
        {"Big5", "臺北市政府資訊公開專區，本府依據政府資訊公開法主動公開相關資訊，歡迎民眾多加利用。"
                 "市長室新聞稿與施政報告。", "Big5", false},
        {"EUC-KR", "대한민국 정부는 국민의 안전과 행복을 위하여 최선을 다하고 있습니다. 공지사항 "
                   "정책정보 민원안내 오신 것을 환영합니다.", "", false},
        {"EUC-JP", "政府は国民の安全と幸福のために最善を尽くしています。本日のお知らせ、政策情報、"
                   "行政サービスのご案内をご覧ください。", "", false},
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        ga_page_t *pg = parse_undeclared(pages[i].charset, pages[i].text);
        const char *got = ga_page_charset(pg);
        ck_assert_msg(!strcmp(got, "GB18030") == pages[i].gb, "%s read as %s", pages[i].charset, got);
        ck_assert_ptr_nonnull(strstr(got, pages[i].expect));
        ck_assert(has_text(pg, pages[i].text));
        ga_page_free(pg);
    }
}
END_TEST

START_TEST(gbk_and_gb18030_characters_under_gb2312_label)
{
    ga_page_t *pg = parse_fixture("gb18030-label-gb2312.html", NULL);
    ck_assert_str_eq(ga_page_charset(pg), "GB18030");
    ck_assert_str_eq(ga_page_title(pg), "朱镕基同志与“囍”字");
    ck_assert(has_text(pg, "朱镕基"));     /* 镕: GBK, not GB2312 */
    ck_assert(has_text(pg, "“堃”字与“鄞”州区"));
    ck_assert(has_text(pg, "“𠮷”字"));    /* four-byte GB18030 */
    ck_assert(!has_text(pg, "\xEF\xBF\xBD"));
    ga_page_free(pg);
}
END_TEST

START_TEST(utf8_under_gb2312_meta)
{
    ga_page_t *pg = parse_fixture("mislabeled-utf8.html", NULL);
    ck_assert_str_eq(ga_page_charset(pg), "UTF-8");
    ck_assert_str_eq(ga_page_source(pg), "临江市住房和城乡建设局");
    ga_page_free(pg);
}
END_TEST

START_TEST(header_and_forced_charset)
{
    size_t len;
    char *data = fixture("list-zfwj-gbk.html", &len);
    ga_page_options_t o = {sizeof o, "text/html; Charset=\"GB2312\"", NULL, 0};
    ga_page_t *pg = NULL;
    ck_assert_int_eq(ga_page_parse(data, len, NULL, &o, &pg, NULL), GA_OK);
    ck_assert_str_eq(ga_page_charset(pg), "GB18030");
    ck_assert_str_eq(ga_page_meta(pg, "ColumnName"), "政府文件");
    ga_page_free(pg);
    /* A forced single-byte charset wins over everything: the text is not Chinese then. */
    o.content_type = NULL;
    o.charset = "ISO-8859-1";
    ck_assert_int_eq(ga_page_parse(data, len, NULL, &o, &pg, NULL), GA_OK);
    ck_assert_str_eq(ga_page_charset(pg), "windows-1252");
    ck_assert_ptr_null(strstr(ga_page_html_title(pg), "政府文件"));
    check_page_utf8(pg);
    ga_page_free(pg);
    /* An XML declaration names the charset of XHTML templates (bytes that would otherwise
     * be taken for GB18030 政府). */
    const char xhtml[] = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><html><head><title>\xd5\xfe\xb8\xae</title></head></html>";
    ck_assert_int_eq(ga_page_parse(xhtml, sizeof xhtml - 1, NULL, NULL, &pg, NULL), GA_OK);
    ck_assert_str_eq(ga_page_charset(pg), "windows-1252");
    ck_assert_str_eq(ga_page_html_title(pg), "Õþ¸®");
    ga_page_free(pg);
    ck_assert_int_eq(ga_page_parse(xhtml + 43, sizeof xhtml - 44, NULL, NULL, &pg, NULL), GA_OK);
    ck_assert_str_eq(ga_page_charset(pg), "GB18030");
    ck_assert_str_eq(ga_page_html_title(pg), "政府");
    ga_page_free(pg);
    ga_error_t *err = NULL;
    o.charset = "no-such-charset";
    ck_assert_int_eq(ga_page_parse(data, len, NULL, &o, &pg, &err), GA_ERR_UNSUPPORTED);
    ck_assert_ptr_null(pg);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "no-such-charset"));
    ga_error_free(err);
    free(data);
}
END_TEST

START_TEST(list_page_gbk)
{
    const char *url = "http://www.linjiang.gov.cn/zwgk/zfwj/index.html";
    ga_page_t *pg = parse_fixture("list-zfwj-gbk.html", url);
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_LIST);
    ck_assert_str_eq(ga_page_title(pg), "政府文件");
    column_is(pg, "首页", "政务公开", "政府文件");
    ck_assert_uint_eq(ga_page_item_count(pg), 7);
    /* The anchor text is cut short; the title attribute carries the whole title. */
    ck_assert_str_eq(ga_page_item_title(pg, 0),
                     "临江市人民政府关于印发临江市国土空间总体规划（2021—2035年）的通知");
    ck_assert_str_eq(ga_page_item_url(pg, 0),
                     "http://www.linjiang.gov.cn/zwgk/zfwj/202307/t20230731_5501.html");
    ck_assert_str_eq(ga_page_item_date(pg, 0), "2023-07-31");
    ck_assert_str_eq(ga_page_item_title(pg, 6), "临江市人民政府关于表彰2022年度全市经济社会发展先进单位的决定");
    ck_assert_str_eq(ga_page_item_date(pg, 6), "2023-06-02");
    ck_assert_ptr_null(ga_page_item_title(pg, 7));
    ck_assert_ptr_null(ga_page_pubdate(pg)); /* a list's item dates are not its own */
    ck_assert_uint_eq(ga_page_meta_missing(pg, GA_PAGE_LIST),
                      (1u << GA_META_COLUMN_DESCRIPTION) | (1u << GA_META_COLUMN_KEYWORDS));
    ga_page_free(pg);
}
END_TEST

START_TEST(list_page_table)
{
    ga_page_t *pg = parse_fixture("list-table-utf8.html", "http://fgw.linjiang.gov.cn/col/col1240/index.html");
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_LIST);
    ck_assert_str_eq(ga_page_title(pg), "通知公告");
    ck_assert_uint_eq(ga_page_item_count(pg), 7);
    ck_assert_str_eq(ga_page_item_url(pg, 3), "http://fgw.linjiang.gov.cn/art/2023/7/12/art_1240_3.html");
    ck_assert_str_eq(ga_page_item_date(pg, 3), "2023-07-12");
    ck_assert_str_eq(ga_page_item_title(pg, 3),
                     "临江市人民政府办公室关于印发临江市促进民营经济高质量发展若干措施的通知");
    ga_page_free(pg);
}
END_TEST

START_TEST(malformed_html_recovered)
{
    ga_page_t *pg = parse_fixture("malformed-utf8.html", NULL);
    ck_assert_str_eq(ga_page_title(pg), "临江镇开展夏季消防安全大检查");
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-08-01T16:45:00");
    ck_assert_str_eq(ga_page_source(pg), "临江镇应急办");
    column_is(pg, "首页", "镇村动态", NULL); /* the trailing 正文 is not a column */
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_ARTICLE);
    ck_assert(has_text(pg, "开展夏季消防安全大检查\n检查组先后来到"));
    ck_assert(has_text(pg, "为群众营造安全稳定的生活环境。"));
    ck_assert(!has_text(pg, "作者"));
    ck_assert_str_eq(ga_page_meta(pg, "SiteName"), "临江镇人民政府");
    ga_page_free(pg);
}
END_TEST

START_TEST(home_page)
{
    ga_page_t *pg = parse_fixture("home-utf8.html", "http://www.linjiang.gov.cn/");
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_HOME);
    ck_assert_str_eq(ga_page_kind_name(ga_page_kind(pg)), "home");
    ck_assert_uint_eq(ga_page_meta_missing(pg, GA_PAGE_HOME), 0);
    ck_assert_int_ge(find_link(pg, "http://www.linjiang.gov.cn/zwdt/202310/t20231020_456789.html"), 0);
    ga_page_free(pg);
    pg = parse_fixture("home-utf8.html", NULL);
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_HOME);
    ga_page_free(pg);
}
END_TEST

START_TEST(title_suffix_and_text_dates)
{
    ga_page_t *pg = parse_str(
        "<html><head><title>关于开展2024年度统计执法检查的公告 - 临江市统计局</title></head><body>"
        "<div class='menu'><a href='a.html'>首页</a><a href='b.html'>统计数据</a></div>"
        "<div><span>日期：2024/3/5</span> <span>来源: 市统计局执法科</span></div>"
        "<div class='content'><p>根据《中华人民共和国统计法》及其实施条例，市统计局决定开展2024年度统计执法检查，"
        "现将有关事项公告如下。</p><p>一、检查对象为全市规模以上工业企业，检查时间为2024年4月至6月。</p></div>"
        "</body></html>",
        "https://tjj.linjiang.gov.cn/zwgk/tzgg/content_99.html");
    ck_assert_str_eq(ga_page_title(pg), "关于开展2024年度统计执法检查的公告");
    ck_assert_str_eq(ga_page_pubdate(pg), "2024-03-05");
    ck_assert_str_eq(ga_page_source(pg), "市统计局执法科");
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_ARTICLE);
    ck_assert_str_eq(ga_page_link_url(pg, 1), "https://tjj.linjiang.gov.cn/zwgk/tzgg/b.html");
    ga_page_free(pg);
    /* 成文日期 is not the publish date; 发布日期 is, wherever it sits. */
    pg = parse_str("<html><body><table><tr><td>成文日期：2023-01-05</td><td>发布日期：2023-01-09</td></tr></table>"
                   "<div id='zoom'><p>各乡镇人民政府，各街道办事处，市直各单位：现将《临江市人口发展规划》印发给你们，请认真贯彻执行。</p></div></body></html>",
                   NULL);
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-01-09");
    ga_page_free(pg);
    /* gov.cn's own publish-time meta. */
    pg = parse_str("<html><head><meta name='firstpublishedtime' content='2023-07-31-10:20:00'></head>"
                   "<body><p>正文</p></body></html>", NULL);
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-07-31T10:20:00");
    ga_page_free(pg);
    /* The header's 今天是… date is today, not the article's. */
    pg = parse_str("<html><body><div class='top'>今天是：2024年5月6日 星期一</div>"
                   "<div class='info'>2024-04-28 09:30</div>"
                   "<div id='zoom'><p>为做好今年春季森林防火工作，全市各地加强巡山护林，落实24小时值班制度，"
                   "严防森林火灾发生，确保森林资源安全。</p></div></body></html>", NULL);
    ck_assert_str_eq(ga_page_pubdate(pg), "2024-04-28T09:30:00");
    ga_page_free(pg);
    /* The headline in an article-header block, a subtitle under it, <title> unhelpful. */
    pg = parse_str("<html><head><title>临江市人民政府</title></head><body>"
                   "<div class='header'><h1>临江市人民政府</h1></div>"
                   "<div class='lm'><h2 class='lm-title'>部门动态</h2></div>"
                   "<div class='article-header'><h1>市场监管局开展夏季食品安全专项检查</h1>"
                   "<h3>重点检查学校食堂和农贸市场</h3></div>"
                   "<div class='article-content'><p>近日，市市场监管局组织执法人员对全市学校食堂、农贸市场开展夏季食品安全专项检查，"
                   "共检查单位120家，责令整改问题18个。</p></div></body></html>", NULL);
    ck_assert_str_eq(ga_page_title(pg), "市场监管局开展夏季食品安全专项检查");
    ga_page_free(pg);
    /* <base href> re-roots relative links. */
    pg = parse_str("<html><head><base href='http://cdn.example.gov.cn/site/'></head><body>"
                   "<a href='doc/a.pdf'>附件一</a><a href='#top'>返回顶部</a><a href='javascript:;'>x</a></body></html>",
                   "http://www.example.gov.cn/a/b.html");
    ck_assert_uint_eq(ga_page_link_count(pg), 1);
    ck_assert_str_eq(ga_page_link_url(pg, 0), "http://cdn.example.gov.cn/site/doc/a.pdf");
    ck_assert_uint_eq(ga_page_attachment_count(pg), 1);
    ga_page_free(pg);
}
END_TEST

START_TEST(link_resolution)
{
    ga_page_t *pg = parse_str(
        "<html><body>"
        "<a href='/a/b.html'>1</a><a href='//cdn.example.gov.cn/x.pdf'>2</a>"
        "<a href='../x.html'>3</a><a href='./y.html'>4</a><a href='z.html'>5</a>"
        "<a href='?page=2'>6</a><a href='http://other.gov.cn/a/../b.html'>7</a>"
        "<a href='/a/./c.html'>8</a><a href=' HTTPS://Other.gov.cn/q?x=1#f '>9</a>"
        "<a href='mailto:a@b.gov.cn'>10</a><a href='\\docs\\a b.doc'>11</a>"
        "<a href='JavaScript:void(0)'>12</a><a href='#'>13</a><a href=''>14</a>"
        "<a href='/a/b/../../../c/./d/..'>15</a><a href='http://h.gov.cn/..'>16</a>"
        "<a>no href</a></body></html>",
        "http://www.example.gov.cn:8080/col/col1/index.html?x=1");
    const char *want[] = {
        "http://www.example.gov.cn:8080/a/b.html", "http://cdn.example.gov.cn/x.pdf",
        "http://www.example.gov.cn:8080/col/x.html", "http://www.example.gov.cn:8080/col/col1/y.html",
        "http://www.example.gov.cn:8080/col/col1/z.html",
        "http://www.example.gov.cn:8080/col/col1/index.html?page=2", "http://other.gov.cn/b.html",
        "http://www.example.gov.cn:8080/a/c.html", "HTTPS://Other.gov.cn/q?x=1#f",
        "mailto:a@b.gov.cn", "http://www.example.gov.cn:8080/docs/a%20b.doc",
        "http://www.example.gov.cn:8080/c/", "http://h.gov.cn/"};
    ck_assert_uint_eq(ga_page_link_count(pg), sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_str_eq(ga_page_link_url(pg, i), want[i]);
    ck_assert_uint_eq(ga_page_attachment_count(pg), 2);
    ck_assert_str_eq(ga_page_attachment_type(pg, 1), "doc");
    ga_page_free(pg);
}
END_TEST

START_TEST(news_list_with_summaries)
{
    ga_buf_t b = {0};
    /* ArticleTitle filled with the column's name by the template: still a list. */
    const char *head = "<html><head><title>工作动态_临江市水利局</title>"
                       "<meta name='ArticleTitle' content='工作动态'><meta name='ColumnName' content='工作动态'>"
                       "</head><body>"
                       "<div class='dqwz'>位置：<a href='/'>首页</a> &gt; <a href='/gzdt/'>工作动态</a></div>"
                       "<ul class='news'>";
    ck_assert(ga_buf_append(&b, head, strlen(head)));
    for (int i = 1; i <= 6; i++) {
        char li[1024];
        int n = snprintf(li, sizeof li,
                         "<li><a href='/gzdt/202307/t202307%02d_%d.html'>市水利局召开第%d次防汛工作调度会议</a>"
                         "<p>会议听取了各县区水利部门关于水库安全度汛、山洪灾害防御和堤防巡查工作情况的汇报，"
                         "并对下一阶段防汛重点工作作出部署，要求各地压实责任，确保安全度汛。</p>"
                         "<span>2023-07-%02d</span></li>", i, i, i, i);
        ck_assert(ga_buf_append(&b, li, (size_t)n));
    }
    ck_assert(ga_buf_append(&b, "</ul></body></html>", 19));
    ga_page_t *pg = parse_str(b.data, "http://slj.linjiang.gov.cn/gzdt/index.html");
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_LIST);
    ck_assert_uint_eq(ga_page_item_count(pg), 6);
    ck_assert_str_eq(ga_page_item_title(pg, 2), "市水利局召开第3次防汛工作调度会议");
    ck_assert_str_eq(ga_page_item_date(pg, 2), "2023-07-03");
    column_is(pg, "首页", "工作动态", NULL);
    ck_assert_str_eq(ga_page_title(pg), "工作动态");
    ga_page_free(pg);
    ga_buf_free(&b);
    /* A headline classed wzbt, the date after a plain 时间 label. */
    pg = parse_str("<html><head><title>临江市水利局</title></head><body><div class='wzbt'>临江市启动防汛Ⅳ级应急响应</div>"
                   "<div class='wzxx'>时间：2023-07-30</div><div class='wznr'><p>根据气象预报，受台风影响，"
                   "我市将出现强降雨过程，市防指决定自7月30日12时起启动防汛Ⅳ级应急响应。</p></div></body></html>",
                   NULL);
    ck_assert_str_eq(ga_page_title(pg), "临江市启动防汛Ⅳ级应急响应");
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-07-30");
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_ARTICLE);
    ga_page_free(pg);
}
END_TEST

START_TEST(table_announcement_with_long_enumeration)
{
    ga_buf_t b = {0};
    const char *head = "<html><body><div class='nav'><a href='/'>首页</a><a href='/xxgg/'>信息公告</a></div>"
                       "<div class='vF_detail_content'><table>"
                       "<tr><td><b>一、项目编号：</b>SDGP370000000202502005150</td></tr>"
                       "<tr><td><b>二、项目名称：</b>学生公寓改造提升项目施工</td></tr>"
                       "<tr><td>供应商名称：<u>中建八局第二建设有限公司</u></td></tr>"
                       "<tr><td>供应商地址：<u>山东省济南市历下区文化东路16号</u></td></tr>"
                       "<tr><td>中标（成交）金额：<u>2837.861389万元</u></td></tr>"
                       "<tr><td>施工工期：<u>接采购人通知之日起35天内全部施工完毕并通过竣工验收</u></td></tr>"
                       "<tr><td><b>五、评审专家名单：</b>";
    ck_assert(ga_buf_append(&b, head, strlen(head)));
    for (int i = 0; i < 150; i++)
        ck_assert(ga_buf_append(&b, "刘守强、", strlen("刘守强、")));
    const char *tail = "</td></tr><tr><td><b>六、代理服务收费标准及金额：</b>按国家有关规定收取。</td></tr>"
                       "</table></div></body></html>";
    ck_assert(ga_buf_append(&b, tail, strlen(tail)));
    ga_page_t *pg = parse_str(b.data, NULL);
    ck_assert(has_text(pg, "一、项目编号：SDGP370000000202502005150"));
    ck_assert(has_text(pg, "五、评审专家名单："));
    ck_assert(has_text(pg, "六、代理服务收费标准"));
    ck_assert(!has_text(pg, "信息公告"));
    ga_page_free(pg);
    ga_buf_free(&b);
}
END_TEST

START_TEST(date_patterns)
{
    char d[20];
    size_t end;
    ck_assert(ga_page_find_date("发布时间：2023年07月31日 10时20分", strlen("发布时间：2023年07月31日 10时20分"), d, &end));
    ck_assert_str_eq(d, "2023-07-31T10:20:00");
    ck_assert(ga_page_find_date("x 2023.7.1 y", 12, d, NULL));
    ck_assert_str_eq(d, "2023-07-01");
    ck_assert(ga_page_find_date("2023-07-31 08:05:09", 19, d, &end));
    ck_assert_str_eq(d, "2023-07-31T08:05:09");
    ck_assert_uint_eq(end, 19);
    /* Impossible dates are skipped for the next real one. */
    ck_assert(ga_page_find_date("2023-02-30 and 2024-02-29", 25, d, NULL));
    ck_assert_str_eq(d, "2024-02-29");
    ck_assert(!ga_page_find_date("2023-02-29", 10, d, NULL));
    ck_assert(!ga_page_find_date("电话：0571-88889999", strlen("电话：0571-88889999"), d, NULL));
    ck_assert(!ga_page_find_date("12023-07-31", 11, d, NULL) || strcmp(d, "2023-07-31") != 0);
    ck_assert(ga_page_url_date("http://www.a.gov.cn/xxgk/202307/t20230731_123.html", d));
    ck_assert_str_eq(d, "2023-07-31");
    ck_assert(ga_page_url_date("http://www.a.gov.cn/art/2023/7/3/art_1_2.html", d));
    ck_assert_str_eq(d, "2023-07-03");
    ck_assert(ga_page_url_date("http://www.gov.cn/zhengce/content/2023-07/31/content_6895.htm", d));
    ck_assert_str_eq(d, "2023-07-31");
    ck_assert(ga_page_url_date("http://www.a.gov.cn/news/20230731/1234.html", d));
    ck_assert_str_eq(d, "2023-07-31");
    ck_assert(!ga_page_url_date("http://20230731.gov.cn/index.html?d=20230731", d));
    ck_assert(!ga_page_url_date(NULL, d));
}
END_TEST

START_TEST(bad_arguments_and_limits)
{
    ga_page_t *pg = (ga_page_t *)1;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_page_parse(NULL, 5, NULL, NULL, &pg, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    ck_assert_int_eq(ga_page_parse("<p>", 3, NULL, NULL, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    ga_page_options_t o = {0, NULL, NULL, 0};
    err = NULL;
    ck_assert_int_eq(ga_page_parse("<p>", 3, NULL, &o, &pg, &err), GA_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "size"));
    ga_error_free(err);
    o.size = sizeof o;
    o.max_bytes = 10;
    err = NULL;
    ck_assert_int_eq(ga_page_parse("<p>0123456789</p>", 17, NULL, &o, &pg, &err), GA_ERR_LIMIT);
    ck_assert_uint_eq(ga_error_offset(err), 10);
    ga_error_free(err);
    /* Empty input: an empty page. */
    ck_assert_int_eq(ga_page_parse(NULL, 0, NULL, NULL, &pg, NULL), GA_OK);
    ck_assert_str_eq(ga_page_title(pg), "");
    ck_assert_str_eq(ga_page_text(pg, NULL), "");
    ck_assert_int_eq(ga_page_kind(pg), GA_PAGE_OTHER);
    ck_assert_uint_eq(ga_page_link_count(pg), 0);
    ck_assert_uint_eq(ga_page_meta_missing(pg, GA_PAGE_HOME), 7);
    ga_page_free(pg);
    ga_page_free(NULL);
    ck_assert_str_eq(ga_page_kind_name((ga_page_kind_t)42), "other");
    ck_assert_str_eq(ga_page_meta_tag_name(GA_META_URL), "Url");
    ck_assert_ptr_null(ga_page_meta_tag_name(GA_META_TAG_COUNT));
    /* Sizes from a later, larger options struct are accepted. */
    struct { ga_page_options_t o; int later; } big = {{sizeof big, NULL, NULL, 0}, 1};
    ck_assert_int_eq(ga_page_parse("<p>a</p>", 8, NULL, &big.o, &pg, NULL), GA_OK);
    ga_page_free(pg);
}
END_TEST

START_TEST(hostile_bytes)
{
    /* Ill-formed UTF-8, NUL bytes, deep nesting: parsed, never rejected. */
    const char bad[] = "<html><body><div id='zoom'><p>政府\xff\xfe网站\x00信息\xe6\x94公开工作，"
                       "依法依规，及时准确。</p></div></body></html>";
    ga_page_t *pg = NULL;
    ck_assert_int_eq(ga_page_parse(bad, sizeof bad - 1, NULL, NULL, &pg, NULL), GA_OK);
    check_page_utf8(pg);
    ck_assert(has_text(pg, "依法依规"));
    ga_page_free(pg);
    /* A fuzzer-found page (a <title> inside a link inside a table cell) once cut a
     * character in half in link text; parse_fixture checks every string. */
    ga_page_free(parse_fixture("regress-flat-offsets.html", NULL));
    /* Another cut a source in half at the end of a search window. */
    ga_page_free(parse_fixture("regress-source-window.html",
                               "http://www.example.gov.cn/col/col12/art/2023/7/31/t20230731_1.html"));
    /* A URL is the caller's bytes: not UTF-8 here, and still searched for its date. */
    pg = parse_str("<p>x</p>", "http://a.gov.cn/\xff\xfe/t20230102_1.html");
    ck_assert_str_eq(ga_page_pubdate(pg), "2023-01-02");
    ga_page_free(pg);
    size_t depth = 100000;
    ga_buf_t b = {0};
    for (size_t i = 0; i < depth; i++)
        ck_assert(ga_buf_append(&b, "<div><span>", 11));
    ck_assert(ga_buf_append(&b, "深层文本", strlen("深层文本")));
    ck_assert_int_eq(ga_page_parse(b.data, b.len, NULL, NULL, &pg, NULL), GA_OK);
    check_page_utf8(pg);
    ga_page_free(pg);
    ga_buf_free(&b);
}
END_TEST

/* The bound is what keeps a hostile tag from costing libxml2 time quadratic in its
 * attributes: 200,000 of them used to take minutes. */
START_TEST(attribute_bound)
{
    ga_buf_t b = {0};
    const char head[] = "<html><body><div id='zoom'><p ";
    ck_assert(ga_buf_append(&b, head, strlen(head)));
    char attr[32];
    for (int i = 0; i < 200000; i++) {
        int n = snprintf(attr, sizeof attr, "a%d=\"%d\" ", i, i);
        ck_assert(ga_buf_append(&b, attr, (size_t)n));
    }
    const char tail[] = ">依法依规公开政府信息。</p><a href='/after.html'>后面的链接</a></div>";
    ck_assert(ga_buf_append(&b, tail, strlen(tail)));
    ga_page_t *pg = NULL;
    ck_assert_int_eq(ga_page_parse(b.data, b.len, "http://a.gov.cn/", NULL, &pg, NULL), GA_OK);
    ck_assert(has_text(pg, "依法依规公开政府信息"));
    ck_assert_uint_eq(ga_page_link_count(pg), 1);
    ck_assert_str_eq(ga_page_link_url(pg, 0), "http://a.gov.cn/after.html");
    ga_page_free(pg);
    ga_buf_free(&b);

    /* Attributes past the bound are gone, those before it kept. */
    for (int late = 0; late < 2; late++) {
        ga_buf_t t = {0};
        ck_assert(ga_buf_append(&t, "<p><a ", 6));
        if (!late)
            ck_assert(ga_buf_append(&t, "href='/x.html' ", 15));
        for (int i = 0; i < GA_PAGE_MAX_ATTRIBUTES; i++) {
            int n = snprintf(attr, sizeof attr, "data-%d ", i);
            ck_assert(ga_buf_append(&t, attr, (size_t)n));
        }
        if (late)
            ck_assert(ga_buf_append(&t, "href='/x.html' ", 15));
        ck_assert(ga_buf_append(&t, ">链接</a></p>", strlen(">链接</a></p>")));
        ck_assert_int_eq(ga_page_parse(t.data, t.len, "http://a.gov.cn/", NULL, &pg, NULL), GA_OK);
        ck_assert_uint_eq(ga_page_link_count(pg), late ? 0 : 1);
        ga_page_free(pg);
        ga_buf_free(&t);
    }
}
END_TEST

static void bound_is(const char *in, size_t max, const char *want)
{
    char *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(ga_page_bound_tags(in, strlen(in), max, &out, &len), GA_OK);
    if (!want) {
        ck_assert_msg(!out, "%s: rewritten as %s", in, out);
        return;
    }
    ck_assert_msg(out, "%s: not rewritten", in);
    ck_assert_str_eq(out, want);
    ck_assert_uint_eq(len, strlen(want));
    free(out);
}

START_TEST(bound_tags_reads_like_libxml2)
{
    /* Ordinary pages are left alone, without a copy. */
    bound_is("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"http://w3.org/x.dtd\">"
             "<?xml version=\"1.0\"?><p a=1 b='2' c=\"3\">x</p><script>if(a<b)x='</div>';"
             "</script><!-- <p a b c d> --><script><!-- x() //--></script><script><</script>",
             3, NULL);
    /* Attributes as the parser counts them: quoted values may hold '>' and need no
     * blank after them; names stop at 100 bytes; a name-less bogus part is no attribute. */
    bound_is("<p a='>' b=\"x\"c d>t</p>", 2, "<p a='>' b=\"x\">t</p>");
    bound_is("<p a b c/>", 2, "<p a b />");
    bound_is("<p !! a \"q\" b c>", 2, "<p !! a \"q\" b >");
    bound_is("<p a='unclosed b c d>", 2, NULL);
    /* Comments end at "-->" or "--!>", not inside their opening. */
    bound_is("<!--> <p a b c> -->", 2, NULL);
    bound_is("<!-- x --!><p a b c>", 2, "<!-- x --!><p a b >");
    /* Script content is raw to its own end tag. */
    bound_is("<script><p a b c></script><p a b c>", 2, "<script> <p a b c></script><p a b >");
    bound_is("<style>x</styles><p a b c></style>", 2, "<style>x</ styles><p a b c></style>");
    /* What depends on state this pass does not keep is made unambiguous. */
    bound_is("<? <p a b c>x", 2, " x");
    bound_is("<<?>x u a w", 2, "< x u a w");
    bound_is("<!DOCTYPE html SYSTEM 'a>b'><p a b c>", 2, "<!DOCTYPE html>b'><p a b >");
    /* A DOCTYPE mid-content makes the parser take a following "</" as text. */
    bound_is("2<!DOCTYPE></m<p a b c", 2, "2<!DOCTYPE></m<p a b ");
}
END_TEST

typedef struct job {
    char *data;
    size_t len;
    int ok;
} job_t;

static void *parse_many(void *arg)
{
    job_t *j = arg;
    j->ok = 1;
    for (int i = 0; i < 20; i++) {
        ga_page_t *pg = NULL;
        if (ga_page_parse(j->data, j->len, "http://www.linjiang.gov.cn/art/2023/7/31/art_1229_5501.html",
                          NULL, &pg, NULL) != GA_OK ||
            strcmp(ga_page_pubdate(pg), "2023-07-31T10:20:00") != 0 ||
            ga_page_column_count(pg) != 3)
            j->ok = 0;
        ga_page_free(pg);
    }
    return NULL;
}

START_TEST(threads)
{
    job_t jobs[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].data = fixture("article-trs-gbk.html", &jobs[i].len);
        ck_assert_int_eq(pthread_create(&t[i], NULL, parse_many, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        ck_assert(jobs[i].ok);
        free(jobs[i].data);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("page");
    TCase *tc = tcase_create("page");
    tcase_add_test(tc, trs_article_gbk_with_meta);
    tcase_add_test(tc, hanweb_article_without_meta);
    tcase_add_test(tc, date_only_in_url);
    tcase_add_test(tc, ucap_article_in_right_column);
    tcase_add_test(tc, source_at_foot_not_in_compounds);
    tcase_add_test(tc, undeclared_gbk_is_detected);
    tcase_add_test(tc, undeclared_cjk_charsets);
    tcase_add_test(tc, gbk_and_gb18030_characters_under_gb2312_label);
    tcase_add_test(tc, utf8_under_gb2312_meta);
    tcase_add_test(tc, header_and_forced_charset);
    tcase_add_test(tc, list_page_gbk);
    tcase_add_test(tc, list_page_table);
    tcase_add_test(tc, malformed_html_recovered);
    tcase_add_test(tc, home_page);
    tcase_add_test(tc, title_suffix_and_text_dates);
    tcase_add_test(tc, link_resolution);
    tcase_add_test(tc, table_announcement_with_long_enumeration);
    tcase_add_test(tc, news_list_with_summaries);
    tcase_add_test(tc, date_patterns);
    tcase_add_test(tc, bad_arguments_and_limits);
    tcase_add_test(tc, hostile_bytes);
    tcase_add_test(tc, attribute_bound);
    tcase_add_test(tc, bound_tags_reads_like_libxml2);
    tcase_add_test(tc, threads);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
