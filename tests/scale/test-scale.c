/* Scale: every module on input far past everyday sizes (a 100 MiB text, a million rules,
 * pages built to make an HTML parser quadratic). These tests check results, not time: a
 * quadratic step would never finish inside meson's timeout, which is the hang guard. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "../unit/testutil.h"
#include "core/core-internal.h"

/* One block of report-style text with two known wrong wordings (按步就班, 布署). The
 * number makes every block different, so dedup and matching see no trivial repetition. */
static size_t append_block(ga_buf_t *b, size_t i)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf,
                     "第%zu条 各级行政机关要按步就班抓好政务公开工作，依法依规做好信息发布、"
                     "政策解读和回应关切，布署落实网站与政务新媒体的日常监管。\n",
                     i);
    ck_assert(n > 0 && ga_buf_append(b, buf, (size_t)n));
    return (size_t)n;
}

static char *big_text(size_t min_len, size_t *len, size_t *blocks)
{
    ga_buf_t b = {0};
    ck_assert(ga_buf_reserve(&b, min_len + 1024));
    size_t i = 0;
    while (b.len < min_len)
        append_block(&b, i++);
    *len = b.len;
    *blocks = i;
    return b.data;
}

enum { TEXT_BYTES = 100u << 20 };

static int count_token(const ga_token_t *tok, void *user)
{
    size_t *covered = user;
    covered[0] += tok->end - tok->start;
    covered[1]++;
    return 0;
}

START_TEST(text_of_100_mib)
{
    size_t len, blocks;
    char *text = big_text(TEXT_BYTES, &len, &blocks);

    ga_normalizer_t *norm = NULL;
    ck_assert_int_eq(ga_normalizer_new(NULL, &norm, NULL), GA_OK);
    ga_normalized_t *res = ga_normalized_new();
    ck_assert_int_eq(ga_normalize(norm, text, len, res, NULL), GA_OK);
    size_t nlen;
    ga_normalized_text(res, &nlen);
    ck_assert_uint_gt(nlen, len - len / 20); /* full-width commas became ASCII */
    size_t s0, s1;
    ck_assert_int_eq(ga_normalized_source_span(res, nlen - 1, nlen, &s0, &s1), GA_OK);
    ck_assert_uint_eq(s1, len);
    ga_normalized_free(res);
    ga_normalizer_free(norm);

    ga_dict_t *dict = NULL;
    ga_segmenter_t *seg = NULL;
    ck_assert_int_eq(ga_dict_load_default(&dict, NULL), GA_OK);
    ck_assert_int_eq(ga_segmenter_new(dict, GA_SEG_DEFAULT, &seg, NULL), GA_OK);
    size_t covered[2] = {0, 0};
    ck_assert_int_eq(ga_segment(seg, text, len, count_token, covered, NULL), GA_OK);
    ck_assert_uint_eq(covered[0], len); /* the tokens tile the text */
    ck_assert_uint_gt(covered[1], blocks * 20);

    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_load_default(&m, NULL), GA_OK);
    ga_match_scratch_t *scratch = ga_match_scratch_new();
    ga_buf_t one = {0};
    size_t block_len = append_block(&one, 7);
    ck_assert_int_eq(ga_match_scan(m, scratch, one.data, block_len, NULL), GA_OK);
    size_t per_block = ga_match_count(scratch);
    ck_assert_uint_ge(per_block, 2);
    ck_assert_int_eq(ga_match_scan(m, scratch, text, len, NULL), GA_OK);
    ck_assert_uint_eq(ga_match_count(scratch), per_block * blocks);
    ga_finding_t f = {.size = sizeof f};
    ck_assert_int_eq(ga_match_get(scratch, ga_match_count(scratch) - 1, &f), GA_OK);
    ck_assert_uint_gt(f.start, len - block_len);
    ga_buf_free(&one);
    ga_match_scratch_free(scratch);
    ga_matcher_free(m);

    /* One 100 MiB article fingerprinted, and found again by its own copy. */
    ga_dedup_options_t o;
    ga_dedup_options_init(&o);
    o.segmenter = seg;
    ga_dedup_index_t *idx = NULL;
    ck_assert_int_eq(ga_dedup_index_new(&o, &idx, NULL), GA_OK);
    ga_dedup_doc_t doc = {.size = sizeof doc, .id = "big", .title = "大文档", .text = text,
                          .text_len = len};
    ck_assert_int_eq(ga_dedup_index_add(idx, &doc, NULL, NULL), GA_OK);
    ga_dedup_matches_t *found = ga_dedup_matches_new();
    doc.id = "copy";
    ck_assert_int_eq(ga_dedup_index_query(idx, &doc, found, NULL), GA_OK);
    ck_assert_uint_eq(ga_dedup_matches_count(found), 1);
    ck_assert(ga_dedup_matches_exact(found, 0));
    ga_dedup_matches_free(found);
    ga_dedup_index_free(idx);
    ga_segmenter_free(seg);
    ga_dict_free(dict);
    free(text);
}
END_TEST

START_TEST(page_of_100_mib)
{
    size_t len, blocks;
    ga_buf_t html = {0};
    const char head[] = "<html><head><title>大页面</title></head><body><div id=\"zoom\">";
    ck_assert(ga_buf_append(&html, head, strlen(head)));
    ga_buf_t block = {0};
    for (len = blocks = 0; html.len < TEXT_BYTES; blocks++) {
        block.len = 0;
        len += append_block(&block, blocks);
        ck_assert(ga_buf_append(&html, "<p>", 3) && ga_buf_append(&html, block.data, block.len) &&
                  ga_buf_append(&html, "</p>", 4));
    }
    ga_buf_free(&block);
    ck_assert(ga_buf_append(&html, "</div></body></html>", 20));
    ga_page_t *pg = NULL;
    ga_error_t *err = NULL;
    /* Past the default limit: refused, with the limit as the offset. */
    ck_assert_int_eq(ga_page_parse(html.data, html.len, NULL, NULL, &pg, &err), GA_ERR_LIMIT);
    ck_assert_uint_eq(ga_error_offset(err), 64u << 20);
    ga_error_free(err);
    /* Raised: parsed whole. */
    ga_page_options_t o = {.size = sizeof o, .max_bytes = 128u << 20};
    ck_assert_int_eq(ga_page_parse(html.data, html.len, NULL, &o, &pg, NULL), GA_OK);
    size_t tlen;
    const char *t = ga_page_text(pg, &tlen);
    ck_assert_uint_gt(tlen, len - len / 100);
    ck_assert_ptr_nonnull(strstr(t + tlen - 400, "布署落实"));
    ga_page_free(pg);
    ga_buf_free(&html);
}
END_TEST

/* Four Han characters from a number: a million distinct words, none in the text below but
 * those chosen. */
static void word_of(size_t i, char out[13])
{
    for (int k = 0; k < 4; k++) {
        size_t cp = 0x4E00 + (i % 4000) + (size_t)k * 4000;
        i /= 4000;
        out[3 * k] = (char)(0xE0 | (cp >> 12));
        out[3 * k + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3 * k + 2] = (char)(0x80 | (cp & 0x3F));
    }
    out[12] = '\0';
}

enum { RULES = 1000000 };

START_TEST(a_million_rules)
{
    ga_buf_t src = {0};
    ck_assert(ga_buf_append(&src, "@category 测试\n", strlen("@category 测试\n")));
    char w[13];
    for (size_t i = 0; i < RULES; i++) {
        word_of(i * 7919 % 16000000000u, w); /* spread over all four positions */
        ck_assert(ga_buf_append(&src, w, 12) && ga_buf_append(&src, "\t-\n", 3));
    }
    ga_rules_t *rules = ga_rules_new();
    ck_assert_int_eq(ga_rules_add_text(rules, "million", src.data, src.len, NULL), GA_OK);
    ck_assert_uint_eq(ga_rules_count(rules), RULES);
    ck_assert_uint_eq(ga_rules_warning_count(rules), 0);
    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_compile(rules, &m, NULL), GA_OK);
    ga_rules_free(rules);
    ga_buf_free(&src);
    ck_assert_uint_eq(ga_matcher_rule_count(m), RULES);

    /* Ten of the words in a text, each found once, by its own rule (line i + 2). */
    ga_buf_t text = {0};
    for (size_t k = 0; k < 10; k++) {
        size_t i = k * (RULES / 10) + 12345;
        word_of(i * 7919 % 16000000000u, w);
        ck_assert(ga_buf_append(&text, "，", 3) && ga_buf_append(&text, w, 12));
    }
    ga_match_scratch_t *scratch = ga_match_scratch_new();
    ck_assert_int_eq(ga_match_scan(m, scratch, text.data, text.len, NULL), GA_OK);
    ck_assert_uint_eq(ga_match_count(scratch), 10);
    for (size_t k = 0; k < 10; k++) {
        ga_finding_t f = {.size = sizeof f};
        ck_assert_int_eq(ga_match_get(scratch, k, &f), GA_OK);
        char id[32];
        snprintf(id, sizeof id, "million:%zu", k * (RULES / 10) + 12345 + 2);
        ck_assert_str_eq(f.rule, id);
        ck_assert_uint_eq(f.start, 15 * k + 3);
    }
    ga_match_scratch_free(scratch);
    ga_buf_free(&text);
    ga_matcher_free(m);
}
END_TEST

/* Fifty thousand posts from one template (a daily report with its number changed): one
 * LSH bucket holds them all, and checking its every pair would be quadratic. */
START_TEST(template_posts)
{
    enum { POSTS = 50000 };
    ga_dedup_options_t o;
    ga_dedup_options_init(&o);
    ga_dedup_index_t *idx = NULL;
    ck_assert_int_eq(ga_dedup_index_new(&o, &idx, NULL), GA_OK);
    ga_buf_t b = {0};
    char title[64], date[16];
    for (size_t i = 0; i < POSTS; i++) {
        b.len = 0;
        char head[64];
        int n = snprintf(head, sizeof head, "第%zu期。", i);
        ck_assert(ga_buf_append(&b, head, (size_t)n));
        for (int k = 0; k < 4; k++)
            append_block(&b, 1000 + (size_t)k);
        snprintf(title, sizeof title, "每日天气预报第%zu期", i);
        snprintf(date, sizeof date, "2023-07-%02zu", 1 + i % 28);
        ga_dedup_doc_t doc = {.size = sizeof doc, .id = title, .site = "s", .column = "天气",
                              .date = date, .title = title, .text = b.data, .text_len = b.len};
        ck_assert_int_eq(ga_dedup_index_add(idx, &doc, NULL, NULL), GA_OK);
    }
    ga_buf_free(&b);
    ga_dedup_clusters_t *c = NULL;
    ck_assert_int_eq(ga_dedup_index_cluster(idx, 2, &c, NULL), GA_OK);
    ck_assert_uint_eq(ga_dedup_clusters_count(c), 1);
    ck_assert_uint_eq(ga_dedup_cluster_size(c, 0), POSTS);
    /* Evidence: a spanning tree per clustering thread, not every pair. */
    ck_assert_uint_ge(ga_dedup_cluster_pair_count(c, 0), POSTS - 1);
    ck_assert_uint_le(ga_dedup_cluster_pair_count(c, 0), 2 * (POSTS - 1));
    ga_dedup_clusters_free(c);
    ga_dedup_index_free(idx);
}
END_TEST

/* Pages built so that an unbounded HTML parser spends time quadratic in their size. */
START_TEST(quadratic_html)
{
    ga_buf_t b = {0};
    /* 1,200 tags of 8,000 distinct attributes each (about 57 MiB). */
    char attr[16];
    for (int t = 0; t < 1200; t++) {
        ck_assert(ga_buf_append(&b, "<br", 3));
        for (int i = 0; i < 8000; i++) {
            int n = snprintf(attr, sizeof attr, " a%d", i);
            ck_assert(ga_buf_append(&b, attr, (size_t)n));
        }
        ck_assert(ga_buf_append(&b, ">", 1));
    }
    ck_assert(ga_buf_append(&b, "<div id=\"zoom\"><p>依法依规公开政府信息。</p></div>",
                            strlen("<div id=\"zoom\"><p>依法依规公开政府信息。</p></div>")));
    ga_page_t *pg = NULL;
    ck_assert_int_eq(ga_page_parse(b.data, b.len, NULL, NULL, &pg, NULL), GA_OK);
    ck_assert_ptr_nonnull(strstr(ga_page_text(pg, NULL), "依法依规公开政府信息"));
    ga_page_free(pg);
    b.len = 0;

    /* Deep nesting of every kind of element that closes others implicitly, and end tags
     * that match nothing open (each makes a parser search its stack). */
    static const char *const open[] = {"<div>", "<table><tr><td>", "<ul><li>", "<p>", "<b><i>",
                                       "<dl><dt><dd>", "<form>", "<select><option>"};
    for (int i = 0; i < 200000; i++)
        ck_assert(ga_buf_append(&b, open[i % 8], strlen(open[i % 8])));
    for (int i = 0; i < 200000; i++)
        ck_assert(ga_buf_append(&b, "</span></body>", 14));
    ck_assert(ga_buf_append(&b, "深层文本", strlen("深层文本")));
    ck_assert_int_eq(ga_page_parse(b.data, b.len, NULL, NULL, &pg, NULL), GA_OK);
    ga_page_free(pg);
    ga_buf_free(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("scale");
    TCase *tc = tcase_create("scale");
    tcase_set_timeout(tc, 1800); /* meson's timeout is the guard that matters */
    tcase_add_test(tc, text_of_100_mib);
    tcase_add_test(tc, page_of_100_mib);
    tcase_add_test(tc, a_million_rules);
    tcase_add_test(tc, template_posts);
    tcase_add_test(tc, quadratic_html);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
