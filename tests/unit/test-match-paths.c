/* The fast paths of matching and normalisation against the simple ones: the filtered trie
 * scan against a walk at every byte, the normaliser's copy runs, fold table and offset
 * pieces against ICU for every chunk (match_scratch_reference, ga_normalizer_new_reference).
 * Findings (rule, offsets, severity, suggestion), normalised text and source spans must be
 * identical on large random mixes of Chinese, traditional, full-width, ASCII, noise and
 * rare characters with rule words planted in altered spellings, and on article-like text
 * under the shipped packs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "match/match-internal.h"
#include "norm/norm-internal.h"

static uint64_t rng_state;

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

#define PICK(a) ((a)[rnd() % (sizeof(a) / sizeof *(a))])

/* Simplified characters with their traditional forms. */
static const char *const pairs[][2] = {
    {"国", "國"}, {"务", "務"}, {"办", "辦"}, {"厅", "廳"}, {"与", "與"}, {"网", "網"},
    {"开", "開"}, {"发", "發"}, {"门", "門"}, {"会", "會"}, {"员", "員"}, {"报", "報"},
    {"华", "華"}, {"体", "體"}, {"联", "聯"}, {"资", "資"}, {"讯", "訊"}, {"导", "導"},
};
static const char *const han[] = {"政", "府", "站", "信", "息", "公", "院", "中", "人",
                                  "民", "共", "和", "部", "展", "改", "革", "委", "工",
                                  "作", "告", "省", "市", "县", "区", "规", "划", "年"};
static const char *const wide[] = {"Ａ", "ｂ", "Ｃ", "１", "２", "３", "，", "：", "；",
                                   "（", "）", "％", "？", "！", "．", "／", "－", "　"};
static const char *const ascii[] = {"a", "B", "c", "Z", "1", "9", " ", ",", ".", "-",
                                    "(", ")", "gov", "CN", "\n", "x"};
static const char *const noise[] = {" ", "*", "·", "—", "…", "★", "\u200b", "\u00ad",
                                    "\u3000", "\t", "_", "|", "\u2060", "●"};
/* Characters the fast paths leave to ICU or that interact with their neighbours. */
static const char *const rare[] = {
    "\u0301", "①", "㈱", "ﬁ", "𠀀", "é", "e\u0301", "\u2126", "ｶ", "ﾞ", "\ufdfa",
    "ß", "İ", "Σ", "。", "、", "“", "”", "\ufeff", "가", "\u1100\u1161", "\u2460\u0308",
    "\U0001D400", "\u00c5", "A\u030a"};

/* Letters of the rule words and their altered spellings. */
static const char *const word_chars[] = {"政", "府", "站", "信", "息", "公", "院", "中", "人",
                                         "民", "部", "展", "改", "革", "国", "务", "办", "厅",
                                         "网", "开", "发", "会", "华", "A", "b", "1", "Ｃ"};

static const char *altered(const char *ch)
{
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        if (!strcmp(ch, pairs[i][0]) && rnd() % 2)
            return pairs[i][1];
    if (!strcmp(ch, "A"))
        return rnd() % 2 ? "ａ" : "a";
    if (!strcmp(ch, "b"))
        return rnd() % 2 ? "Ｂ" : "B";
    if (!strcmp(ch, "1"))
        return rnd() % 2 ? "１" : "1";
    if (!strcmp(ch, "Ｃ"))
        return rnd() % 2 ? "c" : "C";
    return ch;
}

typedef struct words {
    char v[400][64];
    size_t n;
} words_t;

static void make_words(words_t *w)
{
    w->n = sizeof w->v / sizeof *w->v;
    for (size_t i = 0; i < w->n; i++) {
        w->v[i][0] = '\0';
        size_t len = 1 + rnd() % 5;
        for (size_t k = 0; k < len; k++)
            strcat(w->v[i], PICK(word_chars));
        if (len == 1) /* a lone letter or character: make it a two-character word */
            strcat(w->v[i], PICK(han));
    }
}

/* Rules: the first half on raw text, the second on normalised text; some with an
 * exception, some whole-word, some serious. */
static ga_matcher_t *compile_words(const words_t *w)
{
    ga_buf_t b = {0};
    char line[256];
    for (size_t i = 0; i < w->n; i++) {
        if (i == 0)
            ga_buf_append(&b, "@category raw\n", 14);
        if (i == w->n / 2)
            ga_buf_append(&b, "@category normed\n@flags norm\n", 29);
        char extra[160] = "";
        if (i % 17 == 3)
            snprintf(extra, sizeof extra, "\texcept=%s%s", w->v[i], PICK(han));
        else if (i % 13 == 5)
            snprintf(extra, sizeof extra, "\tflags=word%s", i >= w->n / 2 ? ",norm" : "");
        else if (i % 11 == 7)
            snprintf(extra, sizeof extra, "\tsev=serious");
        int n = snprintf(line, sizeof line, "%s\t改%zu%s\n", w->v[i], i, extra);
        ga_buf_append(&b, line, (size_t)n);
    }
    ga_rules_t *rs = ga_rules_new();
    ga_error_t *err = NULL;
    if (ga_rules_add_text(rs, "paths.rules", b.data, b.len, &err) != GA_OK)
        ck_abort_msg("rules: line %zu: %s", ga_error_line(err), ga_error_message(err));
    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_compile(rs, &m, NULL), GA_OK);
    ga_rules_free(rs);
    ga_buf_free(&b);
    return m;
}

/* Random text of about `want` bytes with rule words planted, altered and split by noise. */
static char *random_text(const words_t *w, size_t want, size_t *len)
{
    ga_buf_t b = {0};
    while (b.len < want) {
        unsigned k = rnd() % 100;
        const char *piece;
        if (k < 40)
            piece = PICK(han);
        else if (k < 48)
            piece = PICK(pairs)[rnd() % 2];
        else if (k < 56)
            piece = PICK(wide);
        else if (k < 64)
            piece = PICK(ascii);
        else if (k < 72)
            piece = PICK(noise);
        else if (k < 75)
            piece = PICK(rare);
        else
            piece = NULL;
        if (piece) {
            ga_buf_append(&b, piece, strlen(piece));
            continue;
        }
        /* a rule word, character by character, maybe altered or split */
        const char *word = w->v[rnd() % w->n];
        for (size_t i = 0; word[i];) {
            size_t at = i;
            (void)ga_utf8_next(word, strlen(word), &i);
            char ch[8] = {0};
            memcpy(ch, word + at, i - at);
            const char *out = rnd() % 3 ? ch : altered(ch);
            ga_buf_append(&b, out, strlen(out));
            if (word[i] && rnd() % 8 == 0) {
                const char *nz = PICK(noise);
                ga_buf_append(&b, nz, strlen(nz));
            }
        }
    }
    *len = b.len;
    return b.data;
}

/* The findings of a scan as one string, for comparison and messages. */
static void render(const ga_match_scratch_t *s, ga_buf_t *out)
{
    out->len = 0;
    char line[512];
    for (size_t i = 0; i < ga_match_count(s); i++) {
        ga_finding_t f;
        memset(&f, 0, sizeof f);
        f.size = sizeof f;
        ck_assert_int_eq(ga_match_get(s, i, &f), GA_OK);
        int n = snprintf(line, sizeof line, "%zu-%zu %s %d %s\n", f.start, f.end, f.rule,
                         (int)f.severity, f.suggestion ? f.suggestion : "");
        ga_buf_append(out, line, (size_t)n);
    }
    if (!out->data)
        ga_buf_append(out, "", 0);
}

/* Scan `text` with the fast and the simple path (`slow` made with match_scratch_reference);
 * the findings must be identical. Returns how many there were. */
static size_t compare_scans(const ga_matcher_t *m, ga_match_scratch_t *fast,
                            ga_match_scratch_t *slow, const char *text, size_t len)
{
    ga_error_t *err = NULL;
    if (ga_match_scan(m, fast, text, len, &err) != GA_OK)
        ck_abort_msg("fast scan: %s", ga_error_message(err));
    if (ga_match_scan(m, slow, text, len, &err) != GA_OK)
        ck_abort_msg("reference scan: %s", ga_error_message(err));
    ga_buf_t a = {0}, b = {0};
    render(fast, &a);
    render(slow, &b);
    if (strcmp(a.data, b.data) != 0) {
        size_t d = 0;
        while (a.data[d] && a.data[d] == b.data[d])
            d++;
        while (d > 0 && a.data[d - 1] != '\n')
            d--;
        ck_abort_msg("fast and reference findings differ from:\nfast: %.200s\nref:  %.200s",
                     a.data + d, b.data + d);
    }
    size_t n = ga_match_count(fast);
    ga_buf_free(&a);
    ga_buf_free(&b);
    return n;
}

/* Normalise with both normalisers: same text, same span for every character and for
 * random byte spans. */
static void compare_norm(const ga_normalizer_t *fastn, const ga_normalizer_t *refn,
                         const char *text, size_t len)
{
    ga_normalized_t *a = ga_normalized_new(), *b = ga_normalized_new();
    ck_assert_int_eq(ga_normalize(fastn, text, len, a, NULL), GA_OK);
    ck_assert_int_eq(ga_normalize(refn, text, len, b, NULL), GA_OK);
    size_t la, lb;
    const char *ta = ga_normalized_text(a, &la), *tb = ga_normalized_text(b, &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert_mem_eq(ta, tb, la);
    ck_assert_int_eq(ta[la], '\0');
    for (size_t o = 0; o <= la; o++) {
        size_t as, ae, bs, be;
        ck_assert_int_eq(ga_normalized_source_span(a, o, o + (o < la), &as, &ae), GA_OK);
        ck_assert_int_eq(ga_normalized_source_span(b, o, o + (o < la), &bs, &be), GA_OK);
        if (as != bs || ae != be)
            ck_abort_msg("output byte %zu: span %zu-%zu, reference %zu-%zu", o, as, ae, bs, be);
    }
    for (int t = 0; t < 2000 && la > 0; t++) {
        size_t x = rnd() % la, y = x + rnd() % (la - x < 40 ? la - x + 1 : 40);
        size_t as, ae, bs, be;
        ck_assert_int_eq(ga_normalized_source_span(a, x, y, &as, &ae), GA_OK);
        ck_assert_int_eq(ga_normalized_source_span(b, x, y, &bs, &be), GA_OK);
        ck_assert_uint_eq(as, bs);
        ck_assert_uint_eq(ae, be);
    }
    ga_normalized_free(a);
    ga_normalized_free(b);
}

START_TEST(random_mixes)
{
    ga_normalizer_t *fastn = NULL, *refn = NULL;
    ck_assert_int_eq(ga_normalizer_new(NULL, &fastn, NULL), GA_OK);
    ck_assert_int_eq(ga_normalizer_new_reference(NULL, &refn, NULL), GA_OK);
    ga_match_scratch_t *fast = ga_match_scratch_new(), *slow = ga_match_scratch_new();
    match_scratch_reference(slow, refn);
    size_t findings = 0;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        rng_state = 0x9E3779B97F4A7C15ull * seed;
        words_t *w = malloc(sizeof *w);
        make_words(w);
        ga_matcher_t *m = compile_words(w);
        size_t len;
        char *text = random_text(w, 200000, &len);
        compare_norm(fastn, refn, text, len);
        findings += compare_scans(m, fast, slow, text, len);
        /* short texts: the scan's tail loops and the normaliser's last characters */
        for (int k = 0; k < 300; k++) {
            size_t at = rnd() % len, l = rnd() % 24;
            while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
                at++;
            size_t end = at + l < len ? at + l : len;
            while (end < len && ((unsigned char)text[end] & 0xC0) == 0x80)
                end++;
            compare_norm(fastn, refn, text + at, end - at);
            findings += compare_scans(m, fast, slow, text + at, end - at);
        }
        free(text);
        ga_matcher_free(m);
        free(w);
    }
    ck_assert_uint_ge(findings, 1000); /* the planted words are found, altered or not */
    ga_match_scratch_free(fast);
    ga_match_scratch_free(slow);
    ga_normalizer_free(fastn);
    ga_normalizer_free(refn);
}
END_TEST

/* Sentences of the kind government sites publish, to which the shipped packs' patterns
 * and examples are added, also in traditional and full-width spellings. */
static const char *const sentences[] = {
    "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，现将有关事项通知如下。",
    "各区县人民政府，市政府各委、办、局：",
    "根据《中华人民共和国政府信息公开条例》第二十条规定，现予公开。",
    "2023年全市地区生产总值达到1.2万亿元，同比增长5.6%。",
    "联系电话：０１０－１２３４５６７８，电子邮箱：ｇｏｖ＠ｅｘａｍｐｌｅ．ｃｏｍ。",
    "本网站由市人民政府办公厅主办，市大数据中心承办。",
    "國務院辦公廳關於進一步加強政務公開工作的意見",
    "★重要通知★：请于12月31日前 完成 年度自查。",
    "会议强调，要坚持以人民为中心的发展思想，切实办好民生实事。",
    "Ｗｅｂ　ｓｉｔｅ　ＧＯＶ．ＣＮ　提供信息公开、政务服务、互动交流等栏目。",
};

static void add_altered(ga_buf_t *b, const char *s)
{
    /* full-width ASCII and traditional forms where known, noise now and then */
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t at = i;
        int32_t c = ga_utf8_next(s, len, &i);
        char ch[8] = {0};
        memcpy(ch, s + at, i - at);
        const char *out = ch;
        char wide_ch[8];
        if (c > 0x20 && c < 0x7F && rnd() % 2) {
            ga_utf8_encode((uint32_t)(c - 0x21 + 0xFF01), wide_ch);
            wide_ch[3] = '\0';
            out = wide_ch;
        } else {
            for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++)
                if (!strcmp(ch, pairs[k][0]) && rnd() % 2)
                    out = pairs[k][1];
        }
        ga_buf_append(b, out, strlen(out));
        if (i < len && rnd() % 10 == 0)
            ga_buf_append(b, "·", strlen("·"));
    }
}

START_TEST(packs_on_articles)
{
    ga_rules_t *rs = ga_rules_new();
    ga_error_t *err = NULL;
    if (ga_rules_add_dir(rs, NULL, &err) != GA_OK)
        ck_abort_msg("packs: %s", ga_error_message(err));
    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_compile(rs, &m, NULL), GA_OK);
    ga_normalizer_t *fastn = NULL, *refn = NULL;
    ck_assert_int_eq(ga_normalizer_new(NULL, &fastn, NULL), GA_OK);
    ck_assert_int_eq(ga_normalizer_new_reference(NULL, &refn, NULL), GA_OK);
    rng_state = 0x243F6A8885A308D3ull;
    ga_match_scratch_t *fast = ga_match_scratch_new(), *slow = ga_match_scratch_new();
    match_scratch_reference(slow, refn);
    size_t findings = 0;
    for (int article = 0; article < 4; article++) {
        ga_buf_t b = {0};
        while (b.len < 200000) {
            const char *s = PICK(sentences);
            if (rnd() % 4 == 0)
                add_altered(&b, s);
            else
                ga_buf_append(&b, s, strlen(s));
            /* a rule's pattern or one of its examples, as written or altered */
            const mrule_t *r = &rs->v[rnd() % rs->n];
            const char *ex = r->kind == RULE_LITERAL ? r->pattern : r->tests;
            if (ex && rnd() % 2) {
                const char *bar = strchr(ex, '|');
                size_t l = bar ? (size_t)(bar - ex) : strlen(ex);
                char one[512];
                snprintf(one, sizeof one, "%.*s", (int)(l < sizeof one ? l : sizeof one - 1), ex);
                if (rnd() % 3 == 0)
                    add_altered(&b, one);
                else
                    ga_buf_append(&b, one, strlen(one));
            }
            if (rnd() % 5 == 0)
                ga_buf_append(&b, "\n", 1);
        }
        compare_norm(fastn, refn, b.data, b.len);
        findings += compare_scans(m, fast, slow, b.data, b.len);
        ga_buf_free(&b);
    }
    ck_assert_uint_ge(findings, 1000);
    ga_match_scratch_free(fast);
    ga_match_scratch_free(slow);
    ga_normalizer_free(fastn);
    ga_normalizer_free(refn);
    ga_matcher_free(m);
    ga_rules_free(rs);
}
END_TEST

/* A matcher of norm rules only leaves the UTF-8 check to the normaliser: the error must
 * be the one of a matcher with raw rules (status, offset, message). */
START_TEST(invalid_text_norm_only)
{
    static const char *const bad[] = {"政府\xE4\xB8", "ab\xC0\xAF" "cd", "信息\xED\xA0\x80公开",
                                      "\xFF", "网站ＡＢＣ" "\xF4\x90\x80\x80", "国务院\xE4"};
    ga_rules_t *rs = ga_rules_new(), *rs_raw = ga_rules_new();
    const char *normed = "@category c\n@flags norm\n政府网站\n", *raw = "@category c\n政府网站\n";
    ck_assert_int_eq(ga_rules_add_text(rs, "n.rules", normed, strlen(normed), NULL), GA_OK);
    ck_assert_int_eq(ga_rules_add_text(rs_raw, "r.rules", raw, strlen(raw), NULL), GA_OK);
    ga_matcher_t *m = NULL, *mr = NULL;
    ck_assert_int_eq(ga_matcher_compile(rs, &m, NULL), GA_OK);
    ck_assert_int_eq(ga_matcher_compile(rs_raw, &mr, NULL), GA_OK);
    ga_match_scratch_t *s = ga_match_scratch_new();
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ga_error_t *e1 = NULL, *e2 = NULL;
        ck_assert_int_eq(ga_match_scan(m, s, bad[i], strlen(bad[i]), &e1), GA_ERR_INVALID_UTF8);
        ck_assert_int_eq(ga_match_scan(mr, s, bad[i], strlen(bad[i]), &e2), GA_ERR_INVALID_UTF8);
        ck_assert_uint_eq(ga_error_offset(e1), ga_error_offset(e2));
        ck_assert_str_eq(ga_error_message(e1), ga_error_message(e2));
        ck_assert_uint_eq(ga_match_count(s), 0);
        ga_error_free(e1);
        ga_error_free(e2);
    }
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    ga_matcher_free(mr);
    ga_rules_free(rs);
    ga_rules_free(rs_raw);
}
END_TEST

/* The scan's UTF-8 check (eight bytes at a time) against the library's exact validator,
 * on random byte strings of valid characters of every length, bytes that need the exact
 * decoder (overlong forms, surrogates, four-byte characters) and broken sequences. */
START_TEST(utf8_check_random)
{
    static const char *const frags[] = {
        "a", "政", "府", "é", "\xE0\xA4\x80", "\xED\x9F\xBF", "\xEF\xBC\x8C", "𠀀",
        "\xF4\x8F\xBF\xBF", "\xC2\x80", "\xE0\x9F\x80", "\xED\xA0\x80", "\xC0\x80",
        "\xC1\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\x80", "\xBF",
        "\xE4\xB8", "\xE4", "\xF0\x9F\x98", "\xC3", "\n", "  "};
    ga_rules_t *rs = ga_rules_new();
    const char *raw = "@category c\n政府网站\n";
    ck_assert_int_eq(ga_rules_add_text(rs, "r.rules", raw, strlen(raw), NULL), GA_OK);
    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_compile(rs, &m, NULL), GA_OK);
    ga_match_scratch_t *s = ga_match_scratch_new();
    rng_state = 0x3C6EF372FE94F82Bull;
    char text[256];
    for (int t = 0; t < 100000; t++) {
        size_t len = 0;
        size_t want = rnd() % 40;
        bool only_valid = rnd() % 2;
        while (len < want) {
            const char *f = frags[rnd() % (only_valid ? 9 : sizeof frags / sizeof *frags)];
            size_t l = strlen(f);
            memcpy(text + len, f, l);
            len += l;
        }
        size_t bad = len;
        bool valid = ga_utf8_validate(text, len, &bad) == GA_OK;
        ga_error_t *err = NULL;
        ga_status_t st = ga_match_scan(m, s, text, len, &err);
        if (valid) {
            ck_assert_int_eq(st, GA_OK);
        } else {
            ck_assert_int_eq(st, GA_ERR_INVALID_UTF8);
            ck_assert_uint_eq(ga_error_offset(err), bad);
        }
        ga_error_free(err);
    }
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    ga_rules_free(rs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("match-paths");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, random_mixes);
    tcase_add_test(tc, packs_on_articles);
    tcase_add_test(tc, invalid_text_norm_only);
    tcase_add_test(tc, utf8_check_random);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
