#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "seg/seg-internal.h"

/* ---- helpers ---------------------------------------------------------------------- */

typedef struct toks {
    ga_token_t t[4096];
    size_t n;
    int stop_after; /* 0: never */
} toks_t;

static int collect(const ga_token_t *t, void *user)
{
    toks_t *c = user;
    if (c->n < 4096)
        c->t[c->n] = *t;
    c->n++;
    return c->stop_after && (int)c->n >= c->stop_after;
}

/* Tokens joined with '/', white space dropped, sub-words in [brackets]. */
static char *render(const char *text, const toks_t *c)
{
    static char out[65536];
    size_t o = 0;
    for (size_t i = 0; i < c->n && i < 4096; i++) {
        const ga_token_t *t = &c->t[i];
        if (GA_TOKEN_KIND(t->kind) == GA_TOKEN_SPACE)
            continue;
        bool sub = t->kind & GA_TOKEN_SUBWORD;
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s%.*s%s", o ? "/" : "", sub ? "[" : "",
                              (int)(t->end - t->start), text + t->start, sub ? "]" : "");
    }
    out[o] = '\0';
    return out;
}

/* Non-sub-word tokens cover [0, len) in order, each non-empty. */
static void assert_tiles(const toks_t *c, size_t len)
{
    size_t pos = 0;
    for (size_t i = 0; i < c->n && i < 4096; i++) {
        if (c->t[i].kind & GA_TOKEN_SUBWORD)
            continue;
        ck_assert_uint_eq(c->t[i].start, pos);
        ck_assert_uint_gt(c->t[i].end, c->t[i].start);
        ck_assert_uint_eq(c->t[i].reserved, 0);
        pos = c->t[i].end;
    }
    ck_assert_uint_eq(pos, len);
}

static const char *seg_str(const ga_segmenter_t *sg, const char *text, toks_t *c)
{
    memset(c, 0, sizeof *c);
    ga_error_t *err = NULL;
    ga_status_t st = ga_segment(sg, text, strlen(text), collect, c, &err);
    if (st != GA_OK)
        ck_abort_msg("segment: %s", ga_error_message(err));
    assert_tiles(c, strlen(text));
    return render(text, c);
}

static ga_dict_t *dict_from(const char *text)
{
    ga_dict_builder_t *b = NULL;
    ga_dict_t *d = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_dict_builder_new(NULL, &b, &err), GA_OK);
    if (ga_dict_builder_add_text(b, text, strlen(text), "test.txt", &err) != GA_OK ||
        ga_dict_builder_finish(b, &d, &err) != GA_OK)
        ck_abort_msg("dict: %s", ga_error_message(err));
    ga_dict_builder_free(b);
    return d;
}

static ga_dict_t *default_dict(void)
{
    ga_dict_t *d = NULL;
    ga_error_t *err = NULL;
    if (ga_dict_load_default(&d, &err) != GA_OK)
        ck_abort_msg("default dictionary: %s", ga_error_message(err));
    return d;
}

/* ---- the trie ---------------------------------------------------------------------- */

static const char *small_dict = "# test dictionary\n"
                                "中国 500 ns\n"
                                "中国人 200 n\n"
                                "中 800\n"
                                "国人 30 n\n"
                                "人 900 n\n"
                                "\xF0\xA0\x80\x80\xE5\xAD\x97 7 x\n" /* 𠀀字: a plane-2 character */
                                "  空白 3  \r\n"
                                "\n"
                                "放管服\n"
                                "一网通办 nz\n";

START_TEST(trie_lookup)
{
    ga_dict_t *d = dict_from(small_dict);
    ck_assert_uint_eq(ga_dict_size(d), 9);
    uint64_t f = 0;
    const char *tag = NULL;
    ck_assert(ga_dict_lookup(d, "中国", strlen("中国"), &f, &tag));
    ck_assert_uint_eq(f, 500);
    ck_assert_str_eq(tag, "ns");
    ck_assert(ga_dict_lookup(d, "中国人", strlen("中国人"), &f, &tag));
    ck_assert_uint_eq(f, 200);
    ck_assert(ga_dict_lookup(d, "中", 3, &f, &tag));
    ck_assert_str_eq(tag, "");
    ck_assert(ga_dict_lookup(d, "\xF0\xA0\x80\x80\xE5\xAD\x97", 7, &f, NULL));
    ck_assert_uint_eq(f, 7);
    ck_assert(ga_dict_lookup(d, "空白", strlen("空白"), &f, NULL));
    /* Frequency left out: chosen so the word beats its pieces (here: no pieces at all). */
    ck_assert(ga_dict_lookup(d, "放管服", strlen("放管服"), &f, NULL));
    ck_assert_uint_ge(f, 1);
    ck_assert(ga_dict_lookup(d, "一网通办", strlen("一网通办"), &f, &tag));
    ck_assert_str_eq(tag, "nz");
    /* Prefixes, extensions and strangers are not words. */
    ck_assert(!ga_dict_lookup(d, "中国人民", strlen("中国人民"), NULL, NULL));
    ck_assert(!ga_dict_lookup(d, "国", 3, NULL, NULL));
    ck_assert(!ga_dict_lookup(d, "放管", strlen("放管"), NULL, NULL));
    ck_assert(!ga_dict_lookup(d, "", 0, NULL, NULL));
    ck_assert(!ga_dict_lookup(d, "\xFF", 1, NULL, NULL));
    ga_dict_free(d);
}
END_TEST

START_TEST(trie_save_load_roundtrip)
{
    ga_dict_builder_t *b = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_dict_builder_new(NULL, &b, &err), GA_OK);
    ck_assert_int_eq(ga_dict_builder_add_text(b, small_dict, strlen(small_dict), "t", &err), GA_OK);
    /* Adding a word again replaces it. */
    ck_assert_int_eq(ga_dict_builder_add(b, "人", 3, 901, "n", &err), GA_OK);
    char path[] = "/tmp/ga-test-seg-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(ga_dict_builder_save(b, path, &err), GA_OK);
    ga_dict_builder_free(b);
    ga_dict_t *d = NULL;
    ck_assert_int_eq(ga_dict_load(path, &d, &err), GA_OK);
    uint64_t f;
    const char *tag;
    ck_assert(ga_dict_lookup(d, "人", 3, &f, &tag));
    ck_assert_uint_eq(f, 901);
    ck_assert_str_eq(tag, "n");
    ck_assert(ga_dict_lookup(d, "中国人", strlen("中国人"), &f, NULL));
    ck_assert_uint_eq(f, 200);
    ck_assert_uint_eq(ga_dict_size(d), 9);
    ga_dict_free(d);

    /* Corruption: every single flipped byte past the header's magic is caught. */
    char *data;
    size_t len;
    ck_assert_int_eq(ga_read_file(path, &data, &len, NULL), GA_OK);
    for (size_t at = 8; at < len; at += len / 97 + 1) {
        data[at] ^= 0x20;
        ga_dict_t *bad = NULL;
        ck_assert_int_eq(ga_dict_load_memory(data, len, &bad, &err), GA_ERR_FORMAT);
        ck_assert_ptr_null(bad);
        data[at] ^= 0x20;
    }
    ck_assert_int_eq(ga_dict_load_memory(data, len, &d, NULL), GA_OK);
    ga_dict_free(d);
    ck_assert_int_eq(ga_dict_load_memory(data, len - 8, &d, &err), GA_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "truncated"));
    ck_assert_int_eq(ga_dict_load_memory(data, 20, &d, &err), GA_ERR_FORMAT);
    ck_assert_int_eq(ga_dict_load_memory("", 0, &d, &err), GA_ERR_FORMAT);
    ((ga_dict_header_t *)data)->version = 99;
    ck_assert_int_eq(ga_dict_load_memory(data, len, &d, &err), GA_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "version"));
    memcpy(data, "GIF89a..", 8);
    ck_assert_int_eq(ga_dict_load_memory(data, len, &d, &err), GA_ERR_FORMAT);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "magic"));
    free(data);
    /* A foreign file on disk. */
    FILE *f2 = fopen(path, "wb");
    fputs("中国 500 ns\n", f2);
    fclose(f2);
    ck_assert_int_eq(ga_dict_load(path, &d, &err), GA_ERR_FORMAT);
    ck_assert_str_eq(ga_error_file(err), path);
    unlink(path);
    ck_assert_int_eq(ga_dict_load(path, &d, &err), GA_ERR_IO);
    ga_error_free(err);
}
END_TEST

START_TEST(text_format_errors)
{
    static const struct {
        const char *text;
        ga_status_t status;
        size_t line, column;
    } cases[] = {
        {"中国 500\n人 12x\n", GA_ERR_SYNTAX, 2, 3},
        {"中国 500 ns extra\n", GA_ERR_SYNTAX, 1, 11},
        {"好 1\n坏 \xE4\xB8 3\n", GA_ERR_SYNTAX, 2, 3},
        {"中国 99999999999\n", GA_ERR_SYNTAX, 1, 4},
        {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
         "一二三四五六七八九十一二三四五六七八九十一二三四五 3\n", GA_ERR_SYNTAX, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ga_dict_builder_t *b = NULL;
        ga_error_t *err = NULL;
        ga_dict_builder_new(NULL, &b, NULL);
        ck_assert_msg(ga_dict_builder_add_text(b, cases[i].text, strlen(cases[i].text),
                                               "words.txt", &err) == cases[i].status,
                      "case %zu", i);
        ck_assert_str_eq(ga_error_file(err), "words.txt");
        ck_assert_uint_eq(ga_error_line(err), cases[i].line);
        ck_assert_uint_eq(ga_error_column(err), cases[i].column);
        ga_error_free(err);
        ga_dict_builder_free(b);
    }
    ga_dict_builder_t *b = NULL;
    ga_error_t *err = NULL;
    ga_dict_builder_new(NULL, &b, NULL);
    ck_assert_int_eq(ga_dict_builder_add(b, "a b", 3, 1, NULL, &err), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_dict_builder_add(b, "", 0, 1, NULL, &err), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_dict_builder_add(b, "\xC0\x80", 2, 1, NULL, &err), GA_ERR_INVALID_UTF8);
    ck_assert_int_eq(ga_dict_builder_add(b, "好", 3, 5000000000ull, NULL, &err),
                     GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_dict_builder_add_file(b, "/nonexistent/words.txt", &err), GA_ERR_IO);
    ga_error_free(err);
    ga_dict_builder_free(b);
}
END_TEST

/* ---- the route and the HMM --------------------------------------------------------- */

START_TEST(route_takes_max_probability)
{
    ga_dict_t *d = dict_from("结婚 100\n的 1000\n和 1000\n和尚 100\n尚未 100\n未 100\n尚 10\n"
                             "中华 50\n人民 500\n中华人民 1\n共和国 300\n");
    ga_segmenter_t *sg = NULL;
    ck_assert_int_eq(ga_segmenter_new(d, GA_SEG_DEFAULT, &sg, NULL), GA_OK);
    toks_t *c = malloc(sizeof *c);
    /* 和/尚未 scores 1000*100, 和尚/未 100*100. */
    ck_assert_str_eq(seg_str(sg, "结婚的和尚未结婚的", c), "结婚/的/和/尚未/结婚/的");
    /* One rare long word loses to two frequent ones. */
    ck_assert_str_eq(seg_str(sg, "中华人民共和国", c), "中华/人民/共和国");
    ga_segmenter_free(sg);
    ga_dict_free(d);
    free(c);
}
END_TEST

START_TEST(hmm_joins_unknown_runs)
{
    /* 甲 is only ever a word's first character, 丁 only a last one, 戊 and 己 only whole
     * words: the trained model reads the unknown run 甲丁 as one word and keeps 戊, 己. */
    ga_dict_t *d = dict_from("甲乙 1000\n丙丁 1000\n甲丙 500\n乙丁 500\n戊 1000\n己 1000\n");
    const ga_hmm_t *h = d->hmm;
    ck_assert_float_lt(h->trans[GA_HMM_B][GA_HMM_B], -1e30);
    ck_assert_float_gt(h->trans[GA_HMM_B][GA_HMM_E], -0.01);
    ga_segmenter_t *sg = NULL;
    ck_assert_int_eq(ga_segmenter_new(d, GA_SEG_DEFAULT, &sg, NULL), GA_OK);
    toks_t *c = malloc(sizeof *c);
    ck_assert_str_eq(seg_str(sg, "甲丁戊己", c), "甲丁/戊/己");
    ck_assert_str_eq(seg_str(sg, "戊甲丁", c), "戊/甲丁");
    ck_assert_uint_eq(GA_TOKEN_KIND(c->t[1].kind), GA_TOKEN_WORD);
    ga_segmenter_free(sg);
    ga_dict_free(d);

    /* With the default dictionary: an unknown name next to known words. */
    d = default_dict();
    ga_segmenter_new(d, GA_SEG_DEFAULT, &sg, NULL);
    ck_assert_str_eq(seg_str(sg, "他来到了网易杭研大厦", c), "他/来到/了/网易/杭研/大厦");
    ck_assert_str_eq(seg_str(sg, "我来到北京清华大学", c), "我/来到/北京/清华大学");
    ga_segmenter_free(sg);
    ga_dict_free(d);
    free(c);
}
END_TEST

/* ---- scripts, numbers, dates ------------------------------------------------------- */

START_TEST(mixed_scripts)
{
    ga_dict_t *d = default_dict();
    ga_segmenter_t *sg = NULL;
    ck_assert_int_eq(ga_segmenter_new(d, GA_SEG_DEFAULT, &sg, NULL), GA_OK);
    toks_t *c = malloc(sizeof *c);
    ck_assert_str_eq(seg_str(sg, "2023年7月31日发布", c), "2023年/7月/31日/发布");
    ck_assert_uint_eq(GA_TOKEN_KIND(c->t[0].kind), GA_TOKEN_ALNUM);
    ck_assert_str_eq(seg_str(sg, "满意度为98.9%，共1,200.5万元", c),
                     "满意度/为/98.9%/，/共/1,200.5万/元");
    ck_assert_str_eq(seg_str(sg, "访问https://www.gov.cn/zwgk/index.htm。", c),
                     "访问/https://www.gov.cn/zwgk/index.htm/。");
    ck_assert_ptr_nonnull(strstr(seg_str(sg, "来信请寄zhang.san@gov.cn，谢谢", c),
                                 "/zhang.san@gov.cn/，/谢谢"));
    ck_assert_str_eq(seg_str(sg, "１９９８年增长８．５％", c), "１９９８年/增长/８．５％");
    ck_assert_str_eq(seg_str(sg, "二○○一年十二月三十一日", c), "二○○一年/十二月/三十一日");
    ck_assert_str_eq(seg_str(sg, "上午9时30分召开", c), "上午/9时/30分/召开");
    ck_assert_str_eq(seg_str(sg, "Hello, world! It's GDP-2.0", c),
                     "Hello/,/world/!/It's/GDP-2.0");
    ck_assert_str_eq(seg_str(sg, "すしを食べ", c), "すしを/食/べ");
    ck_assert_str_eq(seg_str(sg, "新时代——新征程……", c), "新/时代/——/新/征程/……");
    /* Spaces (ASCII and ideographic) are tokens of their own, so tokens tile the text. */
    seg_str(sg, "政府\t网站\u3000检查 \n", c);
    ck_assert_uint_eq(c->n, 6);
    ck_assert_uint_eq(GA_TOKEN_KIND(c->t[1].kind), GA_TOKEN_SPACE);
    ck_assert_uint_eq(GA_TOKEN_KIND(c->t[3].kind), GA_TOKEN_SPACE);
    ck_assert_uint_eq(GA_TOKEN_KIND(c->t[5].kind), GA_TOKEN_SPACE);
    seg_str(sg, "赞👍！", c);
    ck_assert_uint_eq(c->n, 3);
    ck_assert_uint_eq(GA_TOKEN_KIND(c->t[1].kind), GA_TOKEN_OTHER);
    ck_assert_uint_eq(GA_TOKEN_KIND(c->t[2].kind), GA_TOKEN_PUNCT);
    /* Government terms of the shipped list are whole words. */
    ck_assert_str_eq(seg_str(sg, "深化放管服改革推进一网通办", c), "深化/放管服改革/推进/一网通办");
    ck_assert_str_eq(seg_str(sg, "严格落实三审三校制度", c), "严格/落实/三审三校/制度");
    ga_segmenter_free(sg);
    ga_dict_free(d);
    free(c);
}
END_TEST

START_TEST(empty_and_invalid_input)
{
    ga_dict_t *d = default_dict();
    ga_segmenter_t *sg = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_segmenter_new(d, GA_SEG_DEFAULT, &sg, NULL), GA_OK);
    toks_t *c = calloc(1, sizeof *c);
    ck_assert_int_eq(ga_segment(sg, "", 0, collect, c, &err), GA_OK);
    ck_assert_int_eq(ga_segment(sg, NULL, 0, collect, c, &err), GA_OK);
    ck_assert_uint_eq(c->n, 0);
    const char *bad = "政府网站\xE6\x94z";
    ck_assert_int_eq(ga_segment(sg, bad, strlen(bad), collect, c, &err), GA_ERR_INVALID_UTF8);
    ck_assert_uint_eq(ga_error_offset(err), 12);
    ck_assert_uint_eq(c->n, 0); /* nothing reported before the error */
    ck_assert_int_eq(ga_segment(sg, "ab\xC0\xAF", 4, collect, c, &err), GA_ERR_INVALID_UTF8);
    ck_assert_uint_eq(ga_error_offset(err), 2);
    ck_assert_int_eq(ga_segment(NULL, "a", 1, collect, c, &err), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_segment(sg, "a", 1, NULL, c, &err), GA_ERR_INVALID_ARGUMENT);
    /* A NUL byte is a character like any other. */
    ck_assert_int_eq(ga_segment(sg, "中\0国", 7, collect, c, &err), GA_OK);
    ck_assert_uint_eq(c->n, 3);
    /* Early stop. */
    memset(c, 0, sizeof *c);
    c->stop_after = 3;
    const char *five = "我们 都是 政府 网站 检查员";
    ck_assert_int_eq(ga_segment(sg, five, strlen(five), collect, c, &err), GA_OK);
    ck_assert_uint_eq(c->n, 3);
    /* The buffer form reports the full count. */
    ga_token_t few[2];
    size_t count = 0;
    ck_assert_int_eq(ga_segment_tokens(sg, "我们都是检查员", strlen("我们都是检查员"), few, 2,
                                       &count, &err), GA_OK);
    ck_assert_uint_gt(count, 2);
    ck_assert_uint_eq(few[0].start, 0);
    ck_assert_uint_eq(few[1].start, few[0].end);
    ga_segmenter_t *x = NULL;
    ck_assert_int_eq(ga_segmenter_new(NULL, GA_SEG_DEFAULT, &x, &err), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_segmenter_new(d, (ga_seg_mode_t)7, &x, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    ga_segmenter_free(sg);
    ga_dict_free(d);
    free(c);
}
END_TEST

static int check_tiles_cb(const ga_token_t *t, void *user)
{
    size_t *pos = user;
    if (t->start != pos[0] || t->end <= t->start)
        pos[2]++;
    pos[0] = t->end;
    pos[1]++;
    return 0;
}

START_TEST(huge_input)
{
    ga_dict_t *d = default_dict();
    ga_segmenter_t *sg = NULL;
    ck_assert_int_eq(ga_segmenter_new(d, GA_SEG_DEFAULT, &sg, NULL), GA_OK);
    /* 24 MB: one Han run of 200,000 characters without punctuation (past any fixed
     * scratch), then mixed text repeated. */
    const char *unit = "国务院办公厅关于加强政府网站信息内容建设的意见";
    const char *mixed = "2023年7月31日，政务新媒体检查合格率为98.9%。See https://www.gov.cn\n";
    size_t ul = strlen(unit), ml = strlen(mixed), len = 0, cap = 24u << 20;
    char *text = malloc(cap);
    while (len + ul < 600000) {
        memcpy(text + len, unit, ul);
        len += ul;
    }
    while (len + ml < cap) {
        memcpy(text + len, mixed, ml);
        len += ml;
    }
    size_t state[3] = {0, 0, 0};
    ck_assert_int_eq(ga_segment(sg, text, len, check_tiles_cb, state, NULL), GA_OK);
    ck_assert_uint_eq(state[2], 0);
    ck_assert_uint_eq(state[0], len);
    ck_assert_uint_gt(state[1], len / 8);
    free(text);
    ga_segmenter_free(sg);
    ga_dict_free(d);
}
END_TEST

/* ---- modes ------------------------------------------------------------------------- */

START_TEST(search_mode_subwords)
{
    ga_dict_t *d = default_dict();
    ga_segmenter_t *sg = NULL;
    ck_assert_int_eq(ga_segmenter_new(d, GA_SEG_SEARCH, &sg, NULL), GA_OK);
    ck_assert_int_eq(ga_segmenter_mode(sg), GA_SEG_SEARCH);
    toks_t *c = malloc(sizeof *c);
    ck_assert_str_eq(seg_str(sg, "中华人民共和国成立", c),
                     "[中华]/[华人]/[人民]/[共和]/[共和国]/中华人民共和国/成立");
    ga_segmenter_free(sg);
    ga_dict_free(d);
    free(c);
}
END_TEST

START_TEST(icu_mode)
{
    ga_segmenter_t *sg = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_segmenter_new(NULL, GA_SEG_ICU, &sg, &err), GA_OK);
    toks_t *c = malloc(sizeof *c);
    const char *out = seg_str(sg, "我来到北京清华大学。Hello 2023!", c);
    ck_assert_ptr_nonnull(strstr(out, "北京"));
    ck_assert_ptr_nonnull(strstr(out, "/Hello/2023/!"));
    ck_assert_uint_eq(GA_TOKEN_KIND(c->t[0].kind), GA_TOKEN_WORD);
    const char *bad = "ab\xFF";
    ck_assert_int_eq(ga_segment(sg, bad, 3, collect, c, &err), GA_ERR_INVALID_UTF8);
    ck_assert_uint_eq(ga_error_offset(err), 2);
    ga_error_free(err);
    ga_segmenter_free(sg);
    free(c);
}
END_TEST

START_TEST(user_dictionary_over_base)
{
    ga_dict_t *base = default_dict();
    ga_dict_builder_t *b = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_dict_builder_new(base, &b, &err), GA_OK);
    const char *text = "杭研大厦\n清华大学 0\n集约化平台 n\n";
    ck_assert_int_eq(ga_dict_builder_add_text(b, text, strlen(text), "user.txt", &err), GA_OK);
    ck_assert_int_eq(ga_dict_builder_add(b, "网站找错", strlen("网站找错"), GA_DICT_FREQ_AUTO,
                                         NULL, &err), GA_OK);
    ga_dict_t *user = NULL;
    ck_assert_int_eq(ga_dict_builder_finish(b, &user, &err), GA_OK);
    ck_assert_int_eq(ga_dict_builder_save(b, "/tmp/never.gadict", &err), GA_ERR_UNSUPPORTED);
    ga_dict_builder_free(b);
    ck_assert_ptr_eq(ga_dict_base(user), base);
    ck_assert_uint_eq(ga_dict_size(user), 4); /* its own words only: the base is shared */
    ck_assert(ga_dict_lookup(user, "北京", strlen("北京"), NULL, NULL));
    ck_assert(!ga_dict_lookup(user, "清华大学", strlen("清华大学"), NULL, NULL));
    ck_assert(ga_dict_lookup(base, "清华大学", strlen("清华大学"), NULL, NULL));

    ga_segmenter_t *su = NULL, *sb = NULL;
    ck_assert_int_eq(ga_segmenter_new(user, GA_SEG_DEFAULT, &su, NULL), GA_OK);
    ck_assert_int_eq(ga_segmenter_new(base, GA_SEG_DEFAULT, &sb, NULL), GA_OK);
    toks_t *c = malloc(sizeof *c);
    ck_assert_str_eq(seg_str(su, "他来到了网易杭研大厦", c), "他/来到/了/网易/杭研大厦");
    ck_assert_str_eq(seg_str(sb, "他来到了网易杭研大厦", c), "他/来到/了/网易/杭研/大厦");
    ck_assert_str_ne(seg_str(su, "我来到北京清华大学", c), "我/来到/北京/清华大学");
    ck_assert_str_eq(seg_str(sb, "我来到北京清华大学", c), "我/来到/北京/清华大学");
    ck_assert_str_eq(seg_str(su, "欢迎参加网站找错活动", c), "欢迎/参加/网站找错/活动");
    /* A user dictionary cannot be the base of another. */
    ck_assert_int_eq(ga_dict_builder_new(user, &b, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    ga_segmenter_free(su);
    ga_segmenter_free(sb);
    ga_dict_free(user);
    ga_dict_free(base);
    free(c);
}
END_TEST

/* ---- threads ----------------------------------------------------------------------- */

typedef struct job {
    const ga_segmenter_t *sg;
    const char *text;
    char out[8192];
} job_t;

static void *run_job(void *arg)
{
    job_t *j = arg;
    toks_t *c = calloc(1, sizeof *c);
    for (int i = 0; i < 200; i++) {
        c->n = 0;
        ga_segment(j->sg, j->text, strlen(j->text), collect, c, NULL);
    }
    /* Token ends, compared across threads. */
    size_t o = 0;
    for (size_t i = 0; i < c->n && o + 32 < sizeof j->out; i++)
        o += (size_t)snprintf(j->out + o, sizeof j->out - o, "%zu,", c->t[i].end);
    free(c);
    return NULL;
}

START_TEST(shared_across_threads)
{
    ga_dict_t *d = default_dict();
    ga_segmenter_t *sg = NULL;
    ga_segmenter_new(d, GA_SEG_DEFAULT, &sg, NULL);
    const char *text = "各地区各部门要按照国务院部署，深化放管服改革，2023年实现一网通办，"
                       "杭研大厦的王小明说：政务新媒体要三审三校。";
    job_t jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].sg = sg;
        jobs[i].text = text;
        pthread_create(&th[i], NULL, run_job, &jobs[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 1; i < 4; i++)
        ck_assert_str_eq(jobs[i].out, jobs[0].out);
    ck_assert_uint_gt(strlen(jobs[0].out), 20);
    ga_segmenter_free(sg);
    ga_dict_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("seg");
    TCase *tc = tcase_create("seg");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, trie_lookup);
    tcase_add_test(tc, trie_save_load_roundtrip);
    tcase_add_test(tc, text_format_errors);
    tcase_add_test(tc, route_takes_max_probability);
    tcase_add_test(tc, hmm_joins_unknown_runs);
    tcase_add_test(tc, mixed_scripts);
    tcase_add_test(tc, empty_and_invalid_input);
    tcase_add_test(tc, huge_input);
    tcase_add_test(tc, search_mode_subwords);
    tcase_add_test(tc, icu_mode);
    tcase_add_test(tc, user_dictionary_over_base);
    tcase_add_test(tc, shared_across_threads);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
