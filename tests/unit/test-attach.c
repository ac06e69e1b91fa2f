/* attach: sniffing, text and locations of each format, limits against hostile files. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "attach/attach-internal.h"

static ga_attach_t *extract(const char *name, const ga_attach_limits_t *lim, ga_status_t want,
                            const char *msg_part)
{
    size_t len;
    char *data = ga_test_fixture("attach", name, &len);
    ga_attach_t *doc = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_attach_extract(data, len, lim, &doc, &err);
    if (st != want)
        ck_abort_msg("%s: status %d (%s), wanted %d", name, st, err ? ga_error_message(err) : "",
                     want);
    if (msg_part && !strstr(ga_error_message(err), msg_part))
        ck_abort_msg("%s: message '%s' lacks '%s'", name, ga_error_message(err), msg_part);
    ck_assert(want == GA_OK ? doc != NULL && err == NULL : doc == NULL);
    ga_error_free(err);
    free(data);
    return doc;
}

/* Pieces as "location=text|..." */
static const char *pieces(const ga_attach_t *doc)
{
    static char buf[8192];
    buf[0] = '\0';
    size_t tl;
    const char *t = ga_attach_text(doc, &tl);
    ck_assert_uint_eq(strlen(t), tl);
    for (size_t i = 0; i < ga_attach_piece_count(doc); i++) {
        ga_attach_piece_t p = {.size = sizeof p};
        ck_assert_int_eq(ga_attach_piece(doc, i, &p), GA_OK);
        ck_assert_uint_le(p.end, tl);
        ck_assert_uint_eq(ga_attach_locate(doc, p.start), i);
        ck_assert_uint_eq(ga_attach_locate(doc, p.end - 1), i);
        size_t l = strlen(buf);
        snprintf(buf + l, sizeof buf - l, "%s%s=%.*s", i ? "|" : "", p.location,
                 (int)(p.end - p.start), t + p.start);
    }
    return buf;
}

START_TEST(xlsx_cells)
{
    ga_attach_t *doc = extract("gongshi.xlsx", NULL, GA_OK, NULL);
    ck_assert_int_eq(ga_attach_format(doc), GA_ATTACH_XLSX);
    const char *p = pieces(doc);
    /* shared, numeric and inline cells; empty cells are no pieces; the phonetic reading is
     * not text */
    ck_assert_ptr_nonnull(strstr(p, "名单!A1=序号|名单!B1=姓名|"));
    ck_assert_ptr_nonnull(strstr(p, "|名单!C2=11010519491231002X|名单!D2=13812345678|"));
    ck_assert_ptr_nonnull(strstr(p, "|名单!D5=13912345678|名单!F5=已脱敏|说明!A1=本次发放工作按步就班推进。"));
    ck_assert_ptr_null(strstr(p, "YOMI"));
    ga_attach_piece_t c = {.size = sizeof c};
    ck_assert_int_eq(ga_attach_piece(doc, 3, &c), GA_OK);
    ck_assert_int_eq(c.place, GA_ATTACH_CELL);
    ck_assert_str_eq(c.sheet, "名单");
    ck_assert_uint_eq(c.index, 1);
    ck_assert_uint_eq(c.row, 1);
    ck_assert_uint_eq(c.column, 4);
    c.size = 4;
    ck_assert_int_eq(ga_attach_piece(doc, 0, &c), GA_ERR_INVALID_ARGUMENT);
    ga_attach_free(doc);
}
END_TEST

START_TEST(docx_paragraphs)
{
    ga_attach_t *doc = extract("tongzhi.docx", NULL, GA_OK, NULL);
    ck_assert_int_eq(ga_attach_format(doc), GA_ATTACH_DOCX);
    /* the empty paragraph keeps its number; table cells are paragraphs; a tab stays */
    ck_assert_str_eq(pieces(doc),
                     "第1段=关于2023年度低保对象的公示|第2段=各村（社区）：\t现将名单公示如下。|"
                     "第3段=统一社会信用代码：91350100M000100Y43，订单号：230815123456789012。|"
                     "第5段=联系人：王老师，电话：0755-83456789。|第6段=姓名|第7段=身份证号|"
                     "第8段=张三|第9段=320102198808081237|第10段=李四|第11段=320102********1237");
    ga_attach_free(doc);
}
END_TEST

START_TEST(pptx_ofd_pdf)
{
    ga_attach_t *doc = extract("huibao.pptx", NULL, GA_OK, NULL);
    /* presentation order, not file order */
    ck_assert_str_eq(pieces(doc), "第1张幻灯片=联系方式\n手机：13812345678|第2张幻灯片=工作汇报\n第一部分");
    ga_attach_free(doc);
    doc = extract("fangan.ofd", NULL, GA_OK, NULL);
    ck_assert_int_eq(ga_attach_format(doc), GA_ATTACH_OFD);
    /* text objects on one baseline join */
    ck_assert_str_eq(pieces(doc), "第1页=实施方案\n按步就班推进落实。|"
                                  "第2页=身份证号：320102198808081237\n护照号码：E12345678");
    ga_attach_free(doc);
    if (ga_attach_pdf_supported()) {
        doc = extract("fangan.pdf", NULL, GA_OK, NULL);
        ck_assert_int_eq(ga_attach_format(doc), GA_ATTACH_PDF);
        ck_assert_str_eq(pieces(doc), "第1页=实施方案\n按步就班推进落实。|"
                                      "第2页=联系电话：13812345678\n身份证号：11010519491231002X");
        ga_attach_free(doc);
        ga_attach_limits_t lim = {.size = sizeof lim, .max_parts = 1};
        extract("fangan.pdf", &lim, GA_ERR_LIMIT, "PDF of 2 pages: the limit is 1");
    } else {
        extract("fangan.pdf", NULL, GA_ERR_UNSUPPORTED, "without poppler");
    }
}
END_TEST

START_TEST(sniff_by_content)
{
    const char *names[] = {"gongshi.xlsx", "tongzhi.docx", "huibao.pptx", "fangan.ofd",
                           "fangan.pdf", "legacy.doc", "other.zip", "broken.xlsx"};
    ga_attach_format_t want[] = {GA_ATTACH_XLSX, GA_ATTACH_DOCX, GA_ATTACH_PPTX, GA_ATTACH_OFD,
                                 GA_ATTACH_PDF, GA_ATTACH_OLE, GA_ATTACH_ZIP, GA_ATTACH_ZIP};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t len;
        char *d = ga_test_fixture("attach", names[i], &len);
        ck_assert_int_eq(ga_attach_sniff(d, len), want[i]);
        free(d);
    }
    const char *html = "<html><body>13812345678</body></html>";
    ck_assert_int_eq(ga_attach_sniff(html, strlen(html)), GA_ATTACH_UNKNOWN);
    ck_assert_int_eq(ga_attach_sniff(NULL, 0), GA_ATTACH_UNKNOWN);
    const char *mention = "导出为 %PDF- 格式的文件";
    ck_assert_int_eq(ga_attach_sniff(mention, strlen(mention)), GA_ATTACH_UNKNOWN);
    const char *junk = "HTTP/1.1 200 OK\r\n\r\n%PDF-1.7\n";
    ck_assert_int_eq(ga_attach_sniff(junk, strlen(junk)), GA_ATTACH_PDF);
    ck_assert_str_eq(ga_attach_format_name(GA_ATTACH_OFD), "ofd");
    ck_assert_str_eq(ga_attach_format_name((ga_attach_format_t)99), "unknown");
}
END_TEST

START_TEST(hostile_and_unsupported)
{
    /* a member that unpacks past the budget, text past its limit, too many parts */
    ga_attach_limits_t lim = {.size = sizeof lim, .max_unpacked = 1 << 20};
    extract("bomb.docx", &lim, GA_ERR_LIMIT, "past the limit");
    lim = (ga_attach_limits_t){.size = sizeof lim, .max_text = 100};
    extract("gongshi.xlsx", &lim, GA_ERR_LIMIT, "limit");
    lim = (ga_attach_limits_t){.size = sizeof lim, .max_parts = 2};
    extract("gongshi.xlsx", &lim, GA_ERR_LIMIT, "parts");
    lim = (ga_attach_limits_t){.size = sizeof lim, .max_input = 100};
    extract("gongshi.xlsx", &lim, GA_ERR_LIMIT, "the limit is 100");
    lim = (ga_attach_limits_t){.size = 3};
    extract("gongshi.xlsx", &lim, GA_ERR_INVALID_ARGUMENT, NULL);
    extract("deep.docx", NULL, GA_ERR_FORMAT, "word/document.xml: bad XML at line 1");
    extract("liar.docx", NULL, GA_ERR_FORMAT, "not the 100 stated");
    extract("broken.xlsx", NULL, GA_ERR_FORMAT, "damaged zip");
    extract("legacy.doc", NULL, GA_ERR_UNSUPPORTED, "97-2003");
    extract("other.zip", NULL, GA_ERR_UNSUPPORTED, "neither DOCX");
    ga_attach_t *doc = NULL;
    ck_assert_int_eq(ga_attach_extract("plain text", 10, NULL, &doc, NULL), GA_ERR_UNSUPPORTED);
    ck_assert_int_eq(ga_attach_extract(NULL, 5, NULL, &doc, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_attach_extract("x", 1, NULL, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    /* damaged PDFs are errors, never crashes */
    const char *pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer\n";
    ga_status_t st = ga_attach_extract(pdf, strlen(pdf), NULL, &doc, NULL);
    ck_assert(st == GA_ERR_FORMAT || st == GA_ERR_UNSUPPORTED || (st == GA_OK && doc));
    ga_attach_free(doc);
    ga_attach_free(NULL);
    ck_assert_uint_eq(ga_attach_piece_count(NULL), 0);
    ck_assert_uint_eq(ga_attach_locate(NULL, 0), (size_t)-1);
}
END_TEST

START_TEST(zip_paths)
{
    ga_buf_t b = {0};
    ck_assert_int_eq(att_zip_path("xl", "worksheets/sheet1.xml", &b), 1);
    ck_assert_str_eq(b.data, "xl/worksheets/sheet1.xml");
    ck_assert_int_eq(att_zip_path("Doc_0", "./Pages/../Pages/Page_0/Content.xml", &b), 1);
    ck_assert_str_eq(b.data, "Doc_0/Pages/Page_0/Content.xml");
    ck_assert_int_eq(att_zip_path("xl", "/xl/worksheets/sheet2.xml", &b), 1);
    ck_assert_str_eq(b.data, "xl/worksheets/sheet2.xml");
    ck_assert_int_eq(att_zip_path("xl", "../../etc/passwd", &b), 0);
    ck_assert_int_eq(att_zip_path("", "", &b), 0);
    ga_buf_free(&b);
}
END_TEST

/* Extracted text goes through the matcher with the shipped packs: findings are placed. */
START_TEST(findings_located)
{
    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_load_default(&m, NULL), GA_OK);
    ga_match_scratch_t *s = ga_match_scratch_new();
    ga_attach_t *doc = extract("fangan.ofd", NULL, GA_OK, NULL);
    size_t tl;
    const char *t = ga_attach_text(doc, &tl);
    ck_assert_int_eq(ga_match_scan(m, s, t, tl, NULL), GA_OK);
    char buf[512] = "";
    for (size_t i = 0; i < ga_match_count(s); i++) {
        ga_finding_t f = {.size = sizeof f};
        ga_attach_piece_t p = {.size = sizeof p};
        ck_assert_int_eq(ga_match_get(s, i, &f), GA_OK);
        ck_assert_int_eq(ga_attach_piece(doc, ga_attach_locate(doc, f.start), &p), GA_OK);
        size_t l = strlen(buf);
        snprintf(buf + l, sizeof buf - l, "%s %s %.*s;", p.location, f.category,
                 (int)(f.end - f.start), f.text);
    }
    ck_assert_str_eq(buf, "第1页 错别字 按步就班;第2页 个人信息 320102********1237;"
                          "第2页 个人信息 E******78;");
    ga_attach_free(doc);
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("attach");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, xlsx_cells);
    tcase_add_test(tc, docx_paragraphs);
    tcase_add_test(tc, pptx_ofd_pdf);
    tcase_add_test(tc, sniff_by_content);
    tcase_add_test(tc, hostile_and_unsupported);
    tcase_add_test(tc, zip_paths);
    tcase_add_test(tc, findings_located);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return ga_run_suite(suite());
}
