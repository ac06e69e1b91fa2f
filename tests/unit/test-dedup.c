#include <check.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "dedup/dedup-internal.h"

/* Articles of random sentences over a vocabulary of government wording, from a seed. */
static const char *const words[] = {
    "市政府", "召开", "常务会议", "研究", "部署", "安全生产", "工作", "会议", "强调", "坚持",
    "人民", "至上", "生命", "各地区", "各部门", "压紧", "压实", "责任", "深入", "推进",
    "改革", "优化", "营商", "环境", "全面", "推行", "一网通办", "提升", "政务", "服务",
    "效能", "加强", "基层", "医疗", "卫生", "体系", "建设", "扎实", "做好", "稳就业",
    "保民生", "乡村", "振兴", "战略", "加快", "农业", "农村", "现代化", "持续", "改善",
    "生态", "质量", "污染", "防治", "攻坚战", "强化", "财政", "资金", "监管", "提高",
    "使用", "效益", "防汛", "抗旱", "准备", "确保", "度汛", "重大", "项目", "扩大",
    "有效", "投资", "完善", "社会", "保障", "兜牢", "底线", "推动", "教育", "优质",
    "均衡", "发展", "国有", "企业", "增强", "活力", "网站", "新媒体", "管理", "严格",
    "落实", "意识形态", "法治", "依法", "行政", "统筹", "经济", "城市", "精细化", "水平",
};
#define NWORDS (sizeof words / sizeof words[0])

static char *article(unsigned seed, unsigned nsent)
{
    char *s = calloc(1, 12 * 13 * nsent + 1);
    unsigned x = seed * 2654435761u + 1;
    for (unsigned i = 0; i < nsent; i++) {
        x = x * 1103515245u + 12345u;
        unsigned n = 5 + (x >> 16) % 8;
        for (unsigned j = 0; j < n; j++) {
            x = x * 1103515245u + 12345u;
            strcat(s, words[(x >> 16) % NWORDS]);
        }
        strcat(s, i % 4 == 3 ? "。\n" : "。");
    }
    return s;
}

static ga_dedup_doc_t mkdoc(const char *id, const char *site, const char *column,
                            const char *date, const char *source, const char *text)
{
    ga_dedup_doc_t d = {sizeof d, id, site, column, NULL, date, id, source, text, strlen(text)};
    return d;
}

static ga_dedup_index_t *new_index(double threshold, unsigned window)
{
    ga_dedup_options_t o;
    ga_dedup_options_init(&o);
    o.threshold = threshold;
    o.window_days = window;
    ga_dedup_index_t *idx = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_dedup_index_new(&o, &idx, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
    return idx;
}

static size_t add(ga_dedup_index_t *idx, ga_dedup_doc_t d)
{
    size_t no = SIZE_MAX;
    ga_error_t *err = NULL;
    ga_status_t st = ga_dedup_index_add(idx, &d, &no, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
    return no;
}

START_TEST(banding_math)
{
    unsigned r, b;
    double p;
    ck_assert_int_eq(ga_dedup_banding(0.8, &r, &b, &p), GA_OK);
    ck_assert_uint_eq(r, 6);
    ck_assert_uint_eq(b, 21);
    ck_assert(p >= 0.995 && p < 1.0);
    ck_assert(fabs(p - (1 - pow(1 - pow(0.8, 6), 21))) < 1e-12);
    /* r + 1 would fall below 0.995 at the threshold */
    ck_assert(1 - pow(1 - pow(0.8, 7), 128 / 7) < 0.995);
    ck_assert_int_eq(ga_dedup_banding(0.5, &r, &b, NULL), GA_OK);
    ck_assert_uint_eq(r, 3);
    ck_assert_uint_eq(b, 42);
    ck_assert_int_eq(ga_dedup_banding(0.9, &r, &b, NULL), GA_OK);
    ck_assert_uint_eq(r, 9);
    ck_assert_uint_eq(b, 14);
    ck_assert_int_eq(ga_dedup_banding(1.0, &r, &b, NULL), GA_OK);
    ck_assert_uint_le(r * b, DD_K);
    ck_assert_int_eq(ga_dedup_banding(0.0, &r, &b, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_dedup_banding(1.5, &r, &b, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_dedup_banding(NAN, &r, &b, NULL), GA_ERR_INVALID_ARGUMENT);
}
END_TEST

/* A body whose normalised length fills its buffer exactly and does not end in a newline:
 * the newline the fingerprint adds after the last line once overflowed (seen by ASan). */
START_TEST(body_without_final_newline)
{
    ga_dedup_index_t *idx = new_index(0.8, 30);
    for (size_t n = 60; n < 1030; n++) {
        char *text = malloc(n + 1);
        memset(text, 'x', n);
        text[n] = '\0';
        ga_dedup_doc_t d = mkdoc("x", "s", "c", "2023-01-01", NULL, text);
        ck_assert_int_eq(ga_dedup_index_add(idx, &d, NULL, NULL), GA_OK);
        free(text);
    }
    ga_dedup_index_free(idx);
}
END_TEST

START_TEST(boilerplate)
{
    ga_buf_t src = {0};
    ga_buf_reserve(&src, 0);
    const char *l;
    l = "责任编辑:张三";
    ck_assert(dd_boilerplate_line(l, strlen(l), &src));
    l = "【打印本页】【关闭窗口】";
    ck_assert(dd_boilerplate_line(l, strlen(l), &src));
    l = "分享到:微信 微博";
    ck_assert(dd_boilerplate_line(l, strlen(l), &src));
    l = "打印";
    ck_assert(dd_boilerplate_line(l, strlen(l), &src));
    ck_assert_uint_eq(src.len, 0);
    l = "发布时间:2023-07-28 来源:市人民政府办公室 浏览次数:128";
    ck_assert(dd_boilerplate_line(l, strlen(l), &src));
    ck_assert_str_eq(src.data, "市人民政府办公室");
    src.len = 0;
    l = "来源:新华社浏览次数:5";
    ck_assert(dd_boilerplate_line(l, strlen(l), &src));
    ck_assert_str_eq(src.data, "新华社");
    src.len = 0;
    l = "【来源:新华网】【字号:大 中 小】";
    ck_assert(dd_boilerplate_line(l, strlen(l), &src));
    ck_assert_str_eq(src.data, "新华网");
    /* body text stays, even when a long sentence mentions 来源 or 编辑 */
    l = "会议强调要坚持人民至上生命至上。";
    ck_assert(!dd_boilerplate_line(l, strlen(l), NULL));
    l = "会议指出,资金来源:各级财政按比例分担,具体比例由市财政局会同有关部门另行制定并报市政府审定后执行,各县区财政部门要加强资金监管,"
        "各县区要在收到通知后十五个工作日内完成资金拨付并报送执行情况,确保资金及时足额到位。";
    ck_assert(!dd_boilerplate_line(l, strlen(l), NULL));
    ga_buf_free(&src);
}
END_TEST

START_TEST(dates)
{
    int32_t d = dd_parse_day("2023-07-28");
    ck_assert_int_eq(d, 19566);
    ck_assert_int_eq(dd_parse_day("2023/7/28"), d);
    ck_assert_int_eq(dd_parse_day("2023.07.28"), d);
    ck_assert_int_eq(dd_parse_day("2023年7月28日"), d);
    ck_assert_int_eq(dd_parse_day("2023-07-28T10:00:00+08:00"), d);
    ck_assert_int_eq(dd_parse_day("1970-01-01"), 0);
    ck_assert_int_eq(dd_parse_day("2024-02-29"), dd_parse_day("2024-02-28") + 1);
    ck_assert_int_eq(dd_parse_day("2023-02-29"), DD_DAY_UNKNOWN);
    ck_assert_int_eq(dd_parse_day("2023-13-01"), DD_DAY_UNKNOWN);
    ck_assert_int_eq(dd_parse_day("23-07-28"), DD_DAY_UNKNOWN);
    ck_assert_int_eq(dd_parse_day(""), DD_DAY_UNKNOWN);
    ck_assert_int_eq(dd_parse_day(NULL), DD_DAY_UNKNOWN);
}
END_TEST

START_TEST(jaccard_and_minhash)
{
    uint32_t a[] = {1, 2, 3, 4, 5, 6, 7, 8}, b[] = {5, 6, 7, 8, 9, 10};
    ck_assert(fabs(dd_jaccard(a, 8, b, 6) - 4.0 / 10.0) < 1e-12);
    ck_assert(fabs(dd_jaccard(a, 8, a, 8) - 1.0) < 1e-12);
    ck_assert(dd_jaccard(a, 0, b, 0) == 0.0);
    ck_assert(dd_jaccard(a, 4, b, 6) == 0.0);
}
END_TEST

/* The fingerprint of a text through the index's own parameters. */
static void fp_of(ga_dedup_index_t *idx, const char *text, dd_fp_t *fp)
{
    ck_assert(dd_fp_init(fp));
    ga_error_t *err = NULL;
    ga_status_t st = dd_fingerprint(&idx->params, text, strlen(text), fp, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
}

START_TEST(fingerprints)
{
    ga_dedup_index_t *idx = new_index(0.8, 30);
    char *body = article(7, 40);
    /* the same body with page furniture, re-wrapped and in full-width/traditional form */
    size_t n = strlen(body) + 512;
    char *dressed = malloc(n);
    snprintf(dressed, n, "发布时间：2023-07-28 来源：市政府办公室\n%s\n责任编辑：李四\n【打印本页】 【关闭窗口】\n",
             body);
    dd_fp_t a, b, c, d;
    fp_of(idx, body, &a);
    fp_of(idx, dressed, &b);
    ck_assert(a.exact != 0);
    ck_assert_uint_eq(a.exact, b.exact);
    ck_assert_uint_eq(a.simhash, b.simhash);
    ck_assert_uint_eq(a.nshingles, b.nshingles);
    ck_assert_str_eq(b.source.data, "市政府办公室");
    ck_assert_str_eq(a.source.data, "");
    ck_assert_mem_eq(a.minhash, b.minhash, sizeof a.minhash);
    ck_assert_uint_gt(a.nshingles, 100);
    for (size_t i = 1; i < a.nshingles; i++) /* a set: strictly increasing */
        ck_assert_uint_lt(a.shingles[i - 1], a.shingles[i]);

    /* a near copy: a sentence dropped and one added */
    char *near = malloc(strlen(body) + 128);
    strcpy(near, "新增一句关于政务公开的说明文字。");
    size_t skip = 0; /* drop the first sentence */
    while (strncmp(body + skip, "。", 3) != 0)
        skip++;
    strcat(near, body + skip + 3);
    fp_of(idx, near, &c);
    ck_assert(c.exact != a.exact);
    double j = dd_jaccard(a.shingles, a.nshingles, c.shingles, c.nshingles);
    ck_assert(j > 0.8 && j < 1.0);
    ck_assert(fabs(dd_minhash_estimate(a.minhash, c.minhash, DD_K) - j) < 0.15);
    unsigned ham_near = (unsigned)__builtin_popcountll(a.simhash ^ c.simhash);

    /* an unrelated article */
    char *other = article(99, 40);
    fp_of(idx, other, &d);
    double j2 = dd_jaccard(a.shingles, a.nshingles, d.shingles, d.nshingles);
    ck_assert(j2 < 0.5);
    ck_assert(fabs(dd_minhash_estimate(a.minhash, d.minhash, DD_K) - j2) < 0.15);
    unsigned ham_far = (unsigned)__builtin_popcountll(a.simhash ^ d.simhash);
    ck_assert_uint_lt(ham_near, ham_far);
    ck_assert_uint_le(ham_near, 10);

    /* empty and boilerplate-only bodies have no fingerprint */
    dd_fp_t e;
    fp_of(idx, "责任编辑：王五\n打印\n", &e);
    ck_assert_uint_eq(e.exact, 0);
    ck_assert_uint_eq(e.nshingles, 0);

    /* invalid UTF-8 names the offset */
    ga_error_t *err = NULL;
    ck_assert_int_eq(dd_fingerprint(&idx->params, "政府\xff", 7, &e, &err), GA_ERR_INVALID_UTF8);
    ck_assert_uint_eq(ga_error_offset(err), 6);
    ga_error_free(err);

    dd_fp_free(&a);
    dd_fp_free(&b);
    dd_fp_free(&c);
    dd_fp_free(&d);
    dd_fp_free(&e);
    free(body);
    free(dressed);
    free(near);
    free(other);
    ga_dedup_index_free(idx);
}
END_TEST

START_TEST(relations)
{
    dd_meta_t a = {"某市政府", "通知公告", "http://www.a.gov.cn/1.html", "", 100};
    dd_meta_t b = {"某市政府", "工作动态", "http://www.a.gov.cn/2.html", "", 101};
    ck_assert_int_eq(dd_relate(&a, &b, 30), GA_DEDUP_REL_OTHER_COLUMN);
    b.column = "通知公告";
    ck_assert_int_eq(dd_relate(&a, &b, 30), GA_DEDUP_REL_REPEATED);
    b.day = 130;
    ck_assert_int_eq(dd_relate(&a, &b, 30), GA_DEDUP_REL_REPEATED);
    b.day = 131;
    ck_assert_int_eq(dd_relate(&a, &b, 30), GA_DEDUP_REL_SAME_COLUMN_LATER);
    ck_assert_int_eq(dd_relate(&a, &b, 60), GA_DEDUP_REL_REPEATED);
    b.day = DD_DAY_UNKNOWN;
    ck_assert_int_eq(dd_relate(&a, &b, 0), GA_DEDUP_REL_REPEATED);
    /* other site: attribution by site name, by host, by a shared source */
    dd_meta_t c = {"某县政府", "转载", "http://www.b.gov.cn/9.html", "某市政府", 105};
    ck_assert_int_eq(dd_relate(&a, &c, 30), GA_DEDUP_REL_ATTRIBUTED);
    c.source = "www.a.gov.cn";
    ck_assert_int_eq(dd_relate(&a, &c, 30), GA_DEDUP_REL_ATTRIBUTED);
    c.source = "新华社";
    ck_assert_int_eq(dd_relate(&a, &c, 30), GA_DEDUP_REL_UNATTRIBUTED);
    a.source = "新华社";
    ck_assert_int_eq(dd_relate(&a, &c, 30), GA_DEDUP_REL_ATTRIBUTED);
    c.source = "";
    ck_assert_int_eq(dd_relate(&a, &c, 30), GA_DEDUP_REL_UNATTRIBUTED);
    /* without site names the URL host decides */
    dd_meta_t d = {"", "x", "https://WWW.A.gov.cn/a", "", 1}, e = {"", "y", "http://www.a.gov.cn/b", "", 2};
    ck_assert_int_eq(dd_relate(&d, &e, 30), GA_DEDUP_REL_OTHER_COLUMN);
}
END_TEST

/* A crawl with one cluster of each kind and unrelated articles around them. */
static ga_dedup_index_t *crawl(unsigned window, char **texts)
{
    ga_dedup_index_t *idx = new_index(0.8, window);
    for (unsigned i = 0; i < 6; i++)
        texts[i] = article(100 + i, 30);
    char id[16];
    for (unsigned i = 0; i < 20; i++) { /* unrelated filler, docs 0..19 */
        snprintf(id, sizeof id, "f%u", i);
        char *t = article(1000 + i, 30);
        add(idx, mkdoc(id, i % 2 ? "甲市政府" : "乙县政府", "动态", "2023-01-01", NULL, t));
        free(t);
    }
    /* 一稿多发 in two columns: 20, 21 */
    add(idx, mkdoc("m1", "甲市政府", "通知公告", "2023-03-01", NULL, texts[0]));
    add(idx, mkdoc("m2", "甲市政府", "工作动态", "2023-03-02", NULL, texts[0]));
    /* repeated in one column after 10 days: 22, 23 */
    add(idx, mkdoc("r1", "甲市政府", "政策解读", "2023-04-01", NULL, texts[1]));
    add(idx, mkdoc("r2", "甲市政府", "政策解读", "2023-04-11", NULL, texts[1]));
    /* 转载 with 来源 in the body: 24, 25 */
    char *rep = malloc(strlen(texts[2]) + 64);
    ck_assert_ptr_nonnull(rep);
    sprintf(rep, "来源：甲市政府\n%s", texts[2]);
    add(idx, mkdoc("t1", "甲市政府", "要闻", "2023-05-01", NULL, texts[2]));
    add(idx, mkdoc("t2", "乙县政府", "转载", "2023-05-03", NULL, rep));
    free(rep);
    /* copied without attribution: 26, 27 */
    add(idx, mkdoc("d1", "甲市政府", "要闻", "2023-06-01", NULL, texts[3]));
    add(idx, mkdoc("d2", "丙区政府", "要闻", "2023-06-05", NULL, texts[3]));
    return idx;
}

static size_t cluster_of(const ga_dedup_clusters_t *c, size_t doc)
{
    for (size_t i = 0; i < ga_dedup_clusters_count(c); i++)
        for (size_t j = 0; j < ga_dedup_cluster_size(c, i); j++)
            if (ga_dedup_cluster_doc(c, i, j) == doc)
                return i;
    return SIZE_MAX;
}

START_TEST(classification)
{
    char *texts[6];
    ga_dedup_index_t *idx = crawl(30, texts);
    ga_dedup_clusters_t *c = NULL;
    ck_assert_int_eq(ga_dedup_index_cluster(idx, 2, &c, NULL), GA_OK);
    ck_assert_uint_eq(ga_dedup_clusters_count(c), 4);
    size_t k;
    k = cluster_of(c, 20);
    ck_assert_uint_eq(k, cluster_of(c, 21));
    ck_assert_uint_eq(ga_dedup_cluster_size(c, k), 2);
    ck_assert_int_eq(ga_dedup_cluster_kind(c, k), GA_DEDUP_MULTI_POST);
    size_t a, b;
    double sim;
    ga_dedup_relation_t rel;
    ck_assert_uint_eq(ga_dedup_cluster_pair_count(c, k), 1);
    ck_assert_int_eq(ga_dedup_cluster_pair(c, k, 0, &a, &b, &sim, &rel), GA_OK);
    ck_assert_uint_eq(a, 20);
    ck_assert_uint_eq(b, 21);
    ck_assert(sim > 0.999);
    ck_assert_int_eq(rel, GA_DEDUP_REL_OTHER_COLUMN);
    ck_assert(ga_dedup_cluster_similarity(c, k) > 0.999);
    ck_assert_int_eq(ga_dedup_cluster_pair(c, k, 1, &a, &b, &sim, &rel), GA_ERR_INVALID_ARGUMENT);

    k = cluster_of(c, 22);
    ck_assert_int_eq(ga_dedup_cluster_kind(c, k), GA_DEDUP_MULTI_POST);
    ga_dedup_cluster_pair(c, k, 0, NULL, NULL, NULL, &rel);
    ck_assert_int_eq(rel, GA_DEDUP_REL_REPEATED);
    k = cluster_of(c, 24);
    ck_assert_uint_eq(k, cluster_of(c, 25));
    ck_assert_int_eq(ga_dedup_cluster_kind(c, k), GA_DEDUP_REPOST);
    ck_assert_str_eq(ga_dedup_index_doc_field(idx, 25, GA_DEDUP_SOURCE), "甲市政府");
    k = cluster_of(c, 26);
    ck_assert_int_eq(ga_dedup_cluster_kind(c, k), GA_DEDUP_DUPLICATE);
    ck_assert_uint_eq(cluster_of(c, 0), SIZE_MAX);
    ck_assert_str_eq(ga_dedup_kind_name(GA_DEDUP_MULTI_POST), "一稿多发");
    ck_assert_str_eq(ga_dedup_kind_name(GA_DEDUP_REPOST), "转载");
    ck_assert_str_eq(ga_dedup_kind_name(GA_DEDUP_DUPLICATE), "duplicate");
    ga_dedup_clusters_free(c);
    ga_dedup_index_free(idx);
    for (unsigned i = 0; i < 6; i++)
        free(texts[i]);

    /* a 5-day window: the repeat 10 days later is a plain duplicate */
    idx = crawl(5, texts + 0);
    ck_assert_int_eq(ga_dedup_index_cluster(idx, 1, &c, NULL), GA_OK);
    k = cluster_of(c, 22);
    ck_assert_int_eq(ga_dedup_cluster_kind(c, k), GA_DEDUP_DUPLICATE);
    ga_dedup_cluster_pair(c, k, 0, NULL, NULL, NULL, &rel);
    ck_assert_int_eq(rel, GA_DEDUP_REL_SAME_COLUMN_LATER);
    ck_assert_int_eq(ga_dedup_cluster_kind(c, cluster_of(c, 20)), GA_DEDUP_MULTI_POST);
    ga_dedup_clusters_free(c);
    ga_dedup_index_free(idx);
    for (unsigned i = 0; i < 6; i++)
        free(texts[i]);
}
END_TEST

START_TEST(query_cms)
{
    char *texts[6];
    ga_dedup_index_t *idx = crawl(30, texts);
    ga_dedup_matches_t *m = ga_dedup_matches_new();
    /* a draft for another column that repeats an article with a changed header */
    char *draft = malloc(strlen(texts[0]) + 128);
    ck_assert_ptr_nonnull(draft);
    sprintf(draft, "（本网讯）\n%s\n扫一扫在手机打开当前页", texts[0]);
    ga_dedup_doc_t d = mkdoc("new", "甲市政府", "首页要闻", "2023-03-10", NULL, draft);
    ck_assert_int_eq(ga_dedup_index_query(idx, &d, m, NULL), GA_OK);
    ck_assert_uint_eq(ga_dedup_matches_count(m), 2);
    size_t doc = ga_dedup_matches_doc(m, 0);
    ck_assert(doc == 20 || doc == 21);
    ck_assert(ga_dedup_matches_similarity(m, 0) >= 0.8);
    ck_assert_int_eq(ga_dedup_matches_relation(m, 0), GA_DEDUP_REL_OTHER_COLUMN);
    ck_assert_str_eq(ga_dedup_index_doc_field(idx, 20, GA_DEDUP_COLUMN), "通知公告");
    ck_assert_str_eq(ga_dedup_index_doc_field(idx, 20, GA_DEDUP_DATE), "2023-03-01");
    ck_assert_uint_le(ga_dedup_matches_hamming(m, 0), 64);
    ck_assert_uint_eq(ga_dedup_matches_doc(m, 5), SIZE_MAX);
    /* an unrelated draft matches nothing, and the index did not grow */
    char *fresh = article(4242, 30);
    d = mkdoc("new2", "甲市政府", "首页要闻", "2023-03-10", NULL, fresh);
    ck_assert_int_eq(ga_dedup_index_query(idx, &d, m, NULL), GA_OK);
    ck_assert_uint_eq(ga_dedup_matches_count(m), 0);
    ck_assert_uint_eq(ga_dedup_index_count(idx), 28);
    /* bad input */
    ga_error_t *err = NULL;
    d.text = "ab\xc3";
    d.text_len = 3;
    ck_assert_int_eq(ga_dedup_index_query(idx, &d, m, &err), GA_ERR_INVALID_UTF8);
    ck_assert_uint_eq(ga_error_offset(err), 2);
    ga_error_free(err);
    err = NULL;
    d = mkdoc("x", "甲\xff", "c", NULL, NULL, "abc");
    ck_assert_int_eq(ga_dedup_index_add(idx, &d, NULL, &err), GA_ERR_INVALID_UTF8);
    ga_error_free(err);
    ck_assert_uint_eq(ga_dedup_index_count(idx), 28);
    free(draft);
    free(fresh);
    for (unsigned i = 0; i < 6; i++)
        free(texts[i]);
    ga_dedup_matches_free(m);
    ga_dedup_index_free(idx);
}
END_TEST

START_TEST(batch_equals_single)
{
    ga_dedup_index_t *one = new_index(0.8, 30), *many = new_index(0.8, 30);
    enum { N = 300 };
    ga_dedup_doc_t docs[N];
    char *texts[N], ids[N][8];
    for (unsigned i = 0; i < N; i++) {
        texts[i] = article(i % 200, 20);
        snprintf(ids[i], sizeof ids[i], "%u", i);
        docs[i] = mkdoc(ids[i], "s", i % 3 ? "a" : "b", "2023-01-01", NULL, texts[i]);
        add(one, docs[i]);
    }
    ck_assert_int_eq(ga_dedup_index_add_batch(many, docs, N, 3, NULL), GA_OK);
    ck_assert_uint_eq(ga_dedup_index_count(many), N);
    for (unsigned i = 0; i < N; i++) {
        uint64_t e1, e2, s1, s2;
        size_t n1, n2;
        ga_dedup_index_doc_fingerprint(one, i, &e1, &s1, &n1);
        ga_dedup_index_doc_fingerprint(many, i, &e2, &s2, &n2);
        ck_assert_uint_eq(e1, e2);
        ck_assert_uint_eq(s1, s2);
        ck_assert_uint_eq(n1, n2);
        ck_assert_str_eq(ga_dedup_index_doc_field(many, i, GA_DEDUP_ID), ids[i]);
    }
    /* Band keys depend on the text and the banding alone: the same article in two indexes
     * has the same keys, an unrelated one shares none. */
    unsigned rows, bands;
    ck_assert_int_eq(ga_dedup_banding(0.8, &rows, &bands, NULL), GA_OK);
    uint32_t k1[128], k2[128];
    ck_assert_uint_eq(ga_dedup_index_doc_bands(one, 0, k1, 128), bands);
    ck_assert_uint_eq(ga_dedup_index_doc_bands(many, 200, k2, 128), bands);
    ck_assert_int_eq(memcmp(k1, k2, bands * sizeof k1[0]), 0);
    ck_assert_uint_eq(ga_dedup_index_doc_bands(one, 1, k2, 128), bands);
    size_t shared = 0;
    for (unsigned b = 0; b < bands; b++)
        shared += k1[b] == k2[b];
    ck_assert_uint_eq(shared, 0);
    ck_assert_uint_eq(ga_dedup_index_doc_bands(one, N, k1, 128), 0);
    ck_assert_uint_eq(ga_dedup_index_doc_bands(one, 0, NULL, 0), bands);
    ga_dedup_clusters_t *c1, *c2;
    ck_assert_int_eq(ga_dedup_index_cluster(one, 1, &c1, NULL), GA_OK);
    ck_assert_int_eq(ga_dedup_index_cluster(many, 2, &c2, NULL), GA_OK);
    ck_assert_uint_eq(ga_dedup_clusters_count(c1), 100); /* seeds 0..99 appear twice */
    ck_assert_uint_eq(ga_dedup_clusters_count(c2), 100);
    for (size_t k = 0; k < 100; k++) {
        ck_assert_uint_eq(ga_dedup_cluster_doc(c1, k, 0), k);
        ck_assert_uint_eq(ga_dedup_cluster_doc(c2, k, 1), k + 200);
        ck_assert_int_eq(ga_dedup_cluster_kind(c1, k), GA_DEDUP_MULTI_POST);
    }
    /* a bad document in a batch adds nothing */
    docs[150].text = "\xff";
    docs[150].text_len = 1;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_dedup_index_add_batch(many, docs, N, 2, &err), GA_ERR_INVALID_UTF8);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "document 150"));
    ga_error_free(err);
    ck_assert_uint_eq(ga_dedup_index_count(many), N);
    ga_dedup_clusters_free(c2);
    ck_assert_int_eq(ga_dedup_index_cluster(many, 2, &c2, NULL), GA_OK);
    ck_assert_uint_eq(ga_dedup_clusters_count(c2), 100);
    ck_assert_uint_eq(ga_dedup_cluster_size(c2, 0), 2);
    ga_dedup_clusters_free(c1);
    ga_dedup_clusters_free(c2);
    for (unsigned i = 0; i < N; i++)
        free(texts[i]);
    ga_dedup_index_free(one);
    ga_dedup_index_free(many);
}
END_TEST

static char *tmp_path(const char *name)
{
    char *p = malloc(256);
    snprintf(p, 256, "/tmp/test-dedup-%d-%s", (int)getpid(), name);
    return p;
}

START_TEST(save_load)
{
    char *texts[6];
    ga_dedup_index_t *idx = crawl(30, texts);
    char *path = tmp_path("idx");
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_dedup_index_save(idx, path, &err), GA_OK);
    ga_dedup_index_t *back = NULL;
    ga_status_t st = ga_dedup_index_load(path, NULL, &back, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "");
    ck_assert_uint_eq(ga_dedup_index_count(back), ga_dedup_index_count(idx));
    ck_assert(ga_dedup_index_threshold(back) == 0.8);
    for (size_t i = 0; i < ga_dedup_index_count(idx); i++) {
        for (unsigned f = 0; f < DD_NFIELDS; f++)
            ck_assert_str_eq(ga_dedup_index_doc_field(idx, i, f), ga_dedup_index_doc_field(back, i, f));
        uint64_t e1, e2, s1, s2;
        ga_dedup_index_doc_fingerprint(idx, i, &e1, &s1, NULL);
        ga_dedup_index_doc_fingerprint(back, i, &e2, &s2, NULL);
        ck_assert_uint_eq(e1, e2);
        ck_assert_uint_eq(s1, s2);
    }
    /* the loaded index answers queries and keeps growing */
    ga_dedup_matches_t *m = ga_dedup_matches_new();
    ga_dedup_doc_t d = mkdoc("q", "甲市政府", "其他", "2023-04-12", NULL, texts[1]);
    ck_assert_int_eq(ga_dedup_index_query(back, &d, m, NULL), GA_OK);
    ck_assert_uint_eq(ga_dedup_matches_count(m), 2);
    ck_assert_int_eq(ga_dedup_matches_exact(m, 0), 1);
    add(back, d);
    ga_dedup_clusters_t *c;
    ck_assert_int_eq(ga_dedup_index_cluster(back, 2, &c, NULL), GA_OK);
    ck_assert_uint_eq(ga_dedup_cluster_size(c, cluster_of(c, 22)), 3);
    ga_dedup_clusters_free(c);

    /* every flipped byte and every truncation is rejected */
    char *data;
    size_t len;
    ck_assert_int_eq(ga_read_file(path, &data, &len, NULL), GA_OK);
    for (size_t i = 0; i < len; i += 1 + len / 300) {
        data[i] ^= 0x20;
        ga_dedup_index_t *x = NULL;
        ck_assert_int_eq(ga_dedup_index_load_mem(data, len, NULL, &x, NULL), GA_ERR_FORMAT);
        ck_assert_ptr_null(x);
        data[i] ^= 0x20;
    }
    for (size_t cut = 0; cut < len; cut += 1 + len / 50) {
        ga_dedup_index_t *x = NULL;
        ck_assert_int_eq(ga_dedup_index_load_mem(data, cut, NULL, &x, NULL), GA_ERR_FORMAT);
    }
    /* a future version is named as such */
    data[8] = 2;
    ga_dedup_index_t *x = NULL;
    ck_assert_int_eq(ga_dedup_index_load_mem(data, len, NULL, &x, &err), GA_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "version 2"));
    ga_error_free(err);
    free(data);
    err = NULL;
    ck_assert_int_eq(ga_dedup_index_load("/nonexistent/x.idx", NULL, &x, &err), GA_ERR_IO);
    ga_error_free(err);
    err = NULL;
    ck_assert_int_eq(ga_dedup_index_save(idx, "/nonexistent/dir/x.idx", &err), GA_ERR_IO);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "/nonexistent/dir/x.idx"));
    ck_assert_ptr_null(x);
    ga_error_free(err);
    unlink(path);
    free(path);
    for (unsigned i = 0; i < 6; i++)
        free(texts[i]);
    ga_dedup_matches_free(m);
    ga_dedup_index_free(back);
    ga_dedup_index_free(idx);
}
END_TEST

typedef struct qthread {
    const ga_dedup_index_t *idx;
    char **texts;
    size_t got[6][4]; /* per text: count and the first matches */
} qthread_t;

static void *query_thread(void *arg)
{
    qthread_t *q = arg;
    ga_dedup_matches_t *m = ga_dedup_matches_new();
    for (int round = 0; round < 20; round++)
        for (unsigned t = 0; t < 6; t++) {
            ga_dedup_doc_t d = mkdoc("q", "丁市政府", "x", "2024-01-01", NULL, q->texts[t]);
            if (ga_dedup_index_query(q->idx, &d, m, NULL) != GA_OK)
                return NULL;
            q->got[t][0] = ga_dedup_matches_count(m);
            for (size_t i = 0; i < 3; i++)
                q->got[t][i + 1] = ga_dedup_matches_doc(m, i);
        }
    ga_dedup_matches_free(m);
    return q;
}

/* One index, several threads querying it at once, each with its own match list: the
 * answers equal those of a single thread. */
START_TEST(concurrent_queries)
{
    char *texts[6];
    ga_dedup_index_t *idx = crawl(30, texts);
    qthread_t ref = {idx, texts, {{0}}};
    ck_assert_ptr_nonnull(query_thread(&ref));
    ck_assert_uint_eq(ref.got[0][0], 2);
    ck_assert_uint_eq(ref.got[4][0], 0);
    qthread_t q[4];
    pthread_t tid[4];
    for (int i = 0; i < 4; i++) {
        q[i] = (qthread_t){idx, texts, {{0}}};
        ck_assert_int_eq(pthread_create(&tid[i], NULL, query_thread, &q[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(tid[i], &r);
        ck_assert_ptr_nonnull(r);
        ck_assert_mem_eq(q[i].got, ref.got, sizeof ref.got);
    }
    for (unsigned i = 0; i < 6; i++)
        free(texts[i]);
    ga_dedup_index_free(idx);
}
END_TEST

START_TEST(bad_options)
{
    ga_dedup_options_t o;
    ga_dedup_options_init(&o);
    ga_dedup_index_t *idx = NULL;
    o.threshold = 0;
    ck_assert_int_eq(ga_dedup_index_new(&o, &idx, NULL), GA_ERR_INVALID_ARGUMENT);
    o.threshold = 0.8;
    o.size = 8;
    ck_assert_int_eq(ga_dedup_index_new(&o, &idx, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(idx);
    ck_assert_int_eq(ga_dedup_index_new(NULL, &idx, NULL), GA_OK);
    ga_dedup_doc_t d = mkdoc("x", "s", "c", NULL, NULL, "");
    d.size = 4;
    ck_assert_int_eq(ga_dedup_index_add(idx, &d, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    ga_dedup_index_free(idx);
    ga_dedup_index_free(NULL);
    ga_dedup_clusters_free(NULL);
    ga_dedup_matches_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dedup");
    TCase *tc = tcase_create("dedup");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, banding_math);
    tcase_add_test(tc, boilerplate);
    tcase_add_test(tc, body_without_final_newline);
    tcase_add_test(tc, dates);
    tcase_add_test(tc, jaccard_and_minhash);
    tcase_add_test(tc, fingerprints);
    tcase_add_test(tc, relations);
    tcase_add_test(tc, classification);
    tcase_add_test(tc, query_cms);
    tcase_add_test(tc, batch_equals_single);
    tcase_add_test(tc, save_load);
    tcase_add_test(tc, concurrent_queries);
    tcase_add_test(tc, bad_options);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
