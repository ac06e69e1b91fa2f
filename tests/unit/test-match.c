#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "match/match-internal.h"

/* ---- helpers ---- */

static ga_matcher_t *compile_text(const char *rules)
{
    ga_rules_t *rs = ga_rules_new();
    ga_error_t *err = NULL;
    ga_status_t st = ga_rules_add_text(rs, "t.rules", rules, strlen(rules), &err);
    if (st)
        ck_abort_msg("rules: %s:%zu:%zu: %s", ga_error_file(err), ga_error_line(err),
                     ga_error_column(err), ga_error_message(err));
    ga_matcher_t *m = NULL;
    st = ga_matcher_compile(rs, &m, &err);
    if (st)
        ck_abort_msg("compile: %s", ga_error_message(err));
    ga_rules_free(rs);
    return m;
}

/* Scan and render findings as "start-end:rule:suggestion;..." */
static char *scan_str(const ga_matcher_t *m, ga_match_scratch_t *s, const char *text)
{
    ga_error_t *err = NULL;
    ga_status_t st = ga_match_scan(m, s, text, strlen(text), &err);
    if (st)
        ck_abort_msg("scan: %s", ga_error_message(err));
    static char buf[8192];
    buf[0] = '\0';
    for (size_t i = 0; i < ga_match_count(s); i++) {
        ga_finding_t f;
        memset(&f, 0, sizeof f);
        f.size = sizeof f;
        ck_assert_int_eq(ga_match_get(s, i, &f), GA_OK);
        ck_assert_ptr_eq(f.text, text + f.start);
        size_t l = strlen(buf);
        snprintf(buf + l, sizeof buf - l, "%zu-%zu:%s:%s;", f.start, f.end, f.rule, f.suggestion);
    }
    return buf;
}

static void expect_syntax(const char *rules, size_t line, size_t col, const char *msg_part)
{
    ga_rules_t *rs = ga_rules_new();
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_rules_add_text(rs, "bad.rules", rules, strlen(rules), &err), GA_ERR_SYNTAX);
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(ga_error_file(err), "bad.rules");
    ck_assert_uint_eq(ga_error_line(err), line);
    ck_assert_uint_eq(ga_error_column(err), col);
    if (!strstr(ga_error_message(err), msg_part))
        ck_abort_msg("message '%s' lacks '%s'", ga_error_message(err), msg_part);
    ck_assert_uint_eq(ga_rules_count(rs), 0); /* a bad file adds nothing */
    ga_error_free(err);
    ga_rules_free(rs);
}

/* ---- rule format ---- */

START_TEST(syntax_errors)
{
    expect_syntax("# c\n按步就班\t按部就班\n", 2, 1, "no category");
    expect_syntax("@category 错别字\n按步就班\t按部就班\tsev=fatal\n", 2, 15, "unknown severity");
    expect_syntax("@category 错别字\n按步就班\t按部就班\tcolour=red\n", 2, 11, "unknown attribute");
    expect_syntax("@category 错别字\n按步就班\t按部就班\tnovalue\n", 2, 11, "KEY=VALUE");
    expect_syntax("@category x\nre:错(字\t-\n", 2, 7, "bad regular expression");
    expect_syntax("@category x\nre:\t-\n", 2, 1, "empty pattern");
    expect_syntax("@category x\n中华民国\t-\texcept=民国时期\n", 2, 15, "does not contain");
    expect_syntax("@category x\n中华民国\t-\texcept=中华民国时期||x\n", 2, 22, "empty exception");
    expect_syntax("@colour red\n", 1, 1, "unknown directive");
    expect_syntax("@category x\nnear:习近平\t-\n", 2, 1, "at least 4");
    expect_syntax("@category x\n好\xff\t-\n", 2, 2, "invalid UTF-8");
    expect_syntax("@category x\n@flags norm,fast\nab\n", 2, 13, "unknown flag");
    /* More fields than a rule has: rejected before any field is taken (fuzzer regression:
     * the half-made rule was freed uninitialised). */
    expect_syntax("@category x\nab\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx\n", 2, 34,
                  "too many fields");
}
END_TEST

START_TEST(duplicates_warn)
{
    ga_rules_t *rs = ga_rules_new();
    const char *a = "@category 错别字\n按步就班\t按部就班\n布署\t部署\n";
    const char *b = "@category 错别字\n# again\n布署\t部署\n布署\t部署\tflags=word\n";
    ck_assert_int_eq(ga_rules_add_text(rs, "a.rules", a, strlen(a), NULL), GA_OK);
    ck_assert_int_eq(ga_rules_add_text(rs, "b.rules", b, strlen(b), NULL), GA_OK);
    ck_assert_uint_eq(ga_rules_count(rs), 3); /* the word-flag rule differs */
    ck_assert_uint_eq(ga_rules_warning_count(rs), 1);
    ck_assert_str_eq(ga_rules_warning(rs, 0),
                     "b.rules:3:1: duplicate rule '布署', first defined at a.rules:3");
    ck_assert_ptr_null(ga_rules_warning(rs, 1));
    ga_rules_free(rs);
}
END_TEST

START_TEST(ids_and_attributes)
{
    ga_matcher_t *m = compile_text("@category 错别字\n@severity hint\n\n  # indented comment\n"
                                   "布署\t部署\n松驰\t松弛\tid=T-2\tsev=serious\tcat=custom\r\n");
    ck_assert_uint_eq(ga_matcher_rule_count(m), 2);
    ga_match_scratch_t *s = ga_match_scratch_new();
    ck_assert_str_eq(scan_str(m, s, "布署松驰"), "0-6:t:5:部署;6-12:T-2:松弛;");
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    /* lit: escapes a leading keyword; @flags raw clears a default norm */
    m = compile_text("@category x\n@flags norm\nlit:re:x\t-\n@flags raw\nＡＢ\t-\n");
    s = ga_match_scratch_new();
    ck_assert_str_eq(scan_str(m, s, "re:x ab ＡＢ"), "0-4:t:3:;8-14:t:5:;");
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    m = compile_text("@category 错别字\n@severity hint\n\n  # indented comment\n"
                     "布署\t部署\n松驰\t松弛\tid=T-2\tsev=serious\tcat=custom\r\n");
    s = ga_match_scratch_new();
    scan_str(m, s, "布署松驰");
    ga_finding_t f;
    memset(&f, 0, sizeof f);
    f.size = sizeof f;
    ga_match_get(s, 1, &f);
    ck_assert_str_eq(f.category, "custom");
    ck_assert_int_eq(f.severity, GA_SEVERITY_SERIOUS);
    ga_match_get(s, 0, &f);
    ck_assert_str_eq(f.category, "错别字");
    ck_assert_int_eq(f.severity, GA_SEVERITY_HINT);
    f.size = 4;
    ck_assert_int_eq(ga_match_get(s, 0, &f), GA_ERR_INVALID_ARGUMENT);
    f.size = sizeof f;
    ck_assert_int_eq(ga_match_get(s, 2, &f), GA_ERR_INVALID_ARGUMENT);
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    ga_severity_t sv;
    ck_assert_int_eq(ga_severity_parse("veto", &sv), GA_OK);
    ck_assert_int_eq(sv, GA_SEVERITY_SERIOUS);
    ck_assert_str_eq(ga_severity_name(GA_SEVERITY_NORMAL), "normal");
}
END_TEST

/* ---- scanning ---- */

START_TEST(offsets_through_normalisation)
{
    ga_matcher_t *m = compile_text("@category 敏感词\n@flags norm\n敏感词\t-\nABC\tabc\n");
    ga_match_scratch_t *s = ga_match_scratch_new();
    /* full-width, traditional, noise: offsets point at the caller's bytes */
    const char *t = "前言 敏 * 感 詞 后 ＡＢＣ";
    char *r = scan_str(m, s, t);
    ck_assert_str_eq(r, "7-20:t:3:;25-34:t:4:abc;");
    ga_finding_t f;
    memset(&f, 0, sizeof f);
    f.size = sizeof f;
    ga_match_get(s, 0, &f);
    ck_assert_int_eq(memcmp(f.text, "敏 * 感 詞", f.end - f.start), 0);
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

START_TEST(exceptions_suppress)
{
    ga_matcher_t *m = compile_text(
        "@category 规范表述\n中华民国\t台湾地区\texcept=中华民国时期|在中华民国\n"
        "民国\t-\tcat=x\n");
    ga_match_scratch_t *s = ga_match_scratch_new();
    /* exception covers the hit: the shorter rule at a later start is reported instead */
    ck_assert_str_eq(scan_str(m, s, "中华民国时期"), "6-12:t:3:;");
    ck_assert_str_eq(scan_str(m, s, "在中华民国"), "9-15:t:3:;");
    ck_assert_str_eq(scan_str(m, s, "所谓中华民国"), "6-18:t:2:台湾地区;");
    /* an exception that does not cover the hit does not suppress it */
    ck_assert_str_eq(scan_str(m, s, "中华民国。中华民国时期"),
                     "0-12:t:2:台湾地区;21-27:t:3:;");
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

START_TEST(word_boundaries)
{
    ga_matcher_t *m = compile_text("@category x\n强工\t-\tflags=word\n工作\t-\tflags=word\n"
                                   "强工作\t-\n");
    ga_match_scratch_t *s = ga_match_scratch_new();
    /* 加强|工作: 强工 straddles a boundary; 工作 is a word */
    ck_assert_str_eq(scan_str(m, s, "我们要加强工作"), "12-21:t:4:;");
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    m = compile_text("@category x\n强工\t-\tflags=word\n");
    s = ga_match_scratch_new();
    ck_assert_str_eq(scan_str(m, s, "我们要加强工作"), "");
    ck_assert_str_eq(scan_str(m, s, "强工"), "0-6:t:2:;");
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    /* without the default dictionary, ICU's word breaks are used */
    char *saved = getenv("GOVAUDIT_DATA_DIR") ? strdup(getenv("GOVAUDIT_DATA_DIR")) : NULL;
    setenv("GOVAUDIT_DATA_DIR", "/nonexistent", 1);
    m = compile_text("@category x\n强工\t-\tflags=word\n工作\t-\tflags=word\n");
    s = ga_match_scratch_new();
    ck_assert_str_eq(scan_str(m, s, "我们要加强工作"), "15-21:t:3:;");
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    if (saved)
        setenv("GOVAUDIT_DATA_DIR", saved, 1);
    else
        unsetenv("GOVAUDIT_DATA_DIR");
    free(saved);
}
END_TEST

START_TEST(overlap_policy)
{
    ga_matcher_t *m = compile_text("@category x\n中华人民共和国\t-\n人民\t-\n华人\t-\n共和国宪法\t-\n"
                                   "re:和国\t-\n");
    ga_match_scratch_t *s = ga_match_scratch_new();
    /* contained hits (人民, 华人, 和国) are dropped; the partial overlap is kept */
    ck_assert_str_eq(scan_str(m, s, "中华人民共和国宪法"), "0-21:t:2:;12-27:t:5:;");
    ck_assert_str_eq(scan_str(m, s, "人民华人"), "0-6:t:3:;6-12:t:4:;");
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

START_TEST(regex_rules)
{
    ga_matcher_t *m = compile_text(
        "@category 格式\nre:(\\p{sc:Han}{1,8})\\[((?:19|20)\\d{2})\\](\\d{1,5}号)\t$1〔$2〕$3 $$\n"
        "re:a*\t-\nre:(?i)abc\tx\n");
    ga_match_scratch_t *s = ga_match_scratch_new();
    ck_assert_str_eq(scan_str(m, s, "见国办发[2019]19号文"), "0-23:t:2:见国办发〔2019〕19号 $;");
    /* empty matches are skipped; case-insensitive regexes work without a prefilter */
    ck_assert_str_eq(scan_str(m, s, "xaay ABC"), "1-3:t:3:;5-8:t:4:x;");
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

START_TEST(regex_literal_prefilter)
{
    struct {
        const char *re, *lit;
    } cases[] = {
        {"国办发\\[\\d{4}\\]", "国办发["},
        {"a|b", NULL},
        {"(?i)abc", NULL},
        {"ab?cd", "cd"},
        {"x+yz", "yz"},
        {"x+y", "x"},
        {"(foo)barbaz[0-9]", "barbaz"},
        {"\\p{sc:Han}{2}原农业", "原农业"},
        {"(?<!原)农业部(?![门署])", "农业部"},
        {"ab{0,2}cd", "cd"},
        {"ab{2}c", "ab"},
        {"\\d+", NULL},
        {"[abc]", NULL},
        {"x\\Qa|b\\E", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t l = 0;
        char *lit = match_regex_literal(cases[i].re, strlen(cases[i].re), &l);
        if (!cases[i].lit) {
            ck_assert_msg(lit == NULL, "%s gave '%s'", cases[i].re, lit);
        } else {
            ck_assert_msg(lit && strcmp(lit, cases[i].lit) == 0, "%s gave '%s'", cases[i].re,
                          lit ? lit : "(null)");
            ck_assert_uint_eq(l, strlen(cases[i].lit));
        }
        free(lit);
    }
}
END_TEST

START_TEST(near_miss)
{
    ga_matcher_t *m =
        compile_text("@category 领导人姓名职务\n@severity serious\nnear:习近平总书记\nnear:李强总理\n");
    ga_match_scratch_t *s = ga_match_scratch_new();
    ck_assert_str_eq(scan_str(m, s, "习进平总书记指出"), "0-18:t:3:习近平总书记;"); /* homophone */
    ck_assert_str_eq(scan_str(m, s, "习近平总书纪"), "0-18:t:3:习近平总书记;");
    ck_assert_str_eq(scan_str(m, s, "习平总书记"), "0-15:t:3:习近平总书记;"); /* dropped */
    ck_assert_str_eq(scan_str(m, s, "习近近平总书记"), "0-21:t:3:习近平总书记;"); /* doubled */
    ck_assert_str_eq(scan_str(m, s, "習近平總書記"), ""); /* traditional: the same name */
    ck_assert_str_eq(scan_str(m, s, "习近平总书记"), "");
    /* short forms: no drop variants (李总理 is ordinary text); ends are never dropped */
    ck_assert_str_eq(scan_str(m, s, "李总理说，近平总书记"), "");
    ck_assert_str_eq(scan_str(m, s, "李强总里"), "0-12:t:4:李强总理;");
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

START_TEST(invalid_empty_huge)
{
    ga_matcher_t *m = compile_text("@category x\n布署\t部署\n敏感\t-\tflags=norm\n");
    ga_match_scratch_t *s = ga_match_scratch_new();
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_match_scan(m, s, "布署\xe4\xb8", 8, &err), GA_ERR_INVALID_UTF8);
    ck_assert_uint_eq(ga_error_offset(err), 6);
    ga_error_free(err);
    ck_assert_uint_eq(ga_match_count(s), 0);
    ck_assert_int_eq(ga_match_scan(m, s, NULL, 0, NULL), GA_OK);
    ck_assert_uint_eq(ga_match_count(s), 0);
    ck_assert_int_eq(ga_match_scan(m, s, "", 0, NULL), GA_OK);
    ck_assert_int_eq(ga_match_scan(NULL, s, "", 0, NULL), GA_ERR_INVALID_ARGUMENT);
    /* 24 MB of text with a hit every 100 000 bytes */
    const char *unit = "各级政府要加强工作部署。";
    size_t ul = strlen(unit), n = 24u << 20, len = 0;
    char *big = malloc(n + 64);
    size_t want = 0;
    while (len + ul + 6 < n) {
        if (len % 100000 < ul) {
            memcpy(big + len, "布署", 6);
            len += 6;
            want++;
        }
        memcpy(big + len, unit, ul);
        len += ul;
    }
    ck_assert_int_eq(ga_match_scan(m, s, big, len, NULL), GA_OK);
    ck_assert_uint_eq(ga_match_count(s), want);
    free(big);
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

START_TEST(save_load_corrupt)
{
    ga_matcher_t *m = compile_text("@category x\n布署\t部署\texcept=布署局\n敏感\t-\tflags=norm\n"
                                   "re:(\\d+)号\t第$1号\nnear:中华人民共和国\n");
    char path[] = "/tmp/test-match-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(ga_matcher_save(m, path, NULL), GA_OK);
    ga_matcher_t *l = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_matcher_load(path, &l, &err), GA_OK);
    ga_match_scratch_t *s = ga_match_scratch_new();
    const char *t = "布署，布署局，敏 感，3号，中华人民共合国";
    char want[1024];
    snprintf(want, sizeof want, "%s", scan_str(m, s, t));
    ck_assert_str_eq(scan_str(l, s, t), want);
    ck_assert_str_eq(want, "0-6:t:2:部署;21-28:t:3:;31-35:t:4:第3号;38-59:t:5:中华人民共和国;");
    ga_matcher_free(l);
    /* corrupt, truncated and foreign images are rejected */
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *img = malloc((size_t)sz);
    ck_assert_int_eq(fread(img, 1, (size_t)sz, f), sz);
    fclose(f);
    l = NULL;
    ck_assert_int_eq(ga_matcher_load_buffer(img, (size_t)sz, &l, NULL), GA_OK);
    ga_matcher_free(l);
    for (long i = 0; i < sz; i += 37) {
        img[i] ^= 0x5a;
        l = NULL;
        ck_assert_int_eq(ga_matcher_load_buffer(img, (size_t)sz, &l, NULL), GA_ERR_FORMAT);
        ck_assert_ptr_null(l);
        img[i] ^= 0x5a;
    }
    ck_assert_int_eq(ga_matcher_load_buffer(img, (size_t)sz - 8, &l, NULL), GA_ERR_FORMAT);
    ck_assert_int_eq(ga_matcher_load_buffer("hello", 5, &l, NULL), GA_ERR_FORMAT);
    f = fopen(path, "wb");
    fwrite(img, 1, (size_t)sz / 2, f);
    fclose(f);
    ck_assert_int_eq(ga_matcher_load(path, &l, &err), GA_ERR_FORMAT);
    ck_assert_str_eq(ga_error_file(err), path);
    ga_error_free(err);
    err = NULL;
    remove(path);
    ck_assert_int_eq(ga_matcher_load(path, &l, &err), GA_ERR_IO);
    ga_error_free(err);
    free(img);
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

/* ---- threads share one matcher ---- */

typedef struct tjob {
    const ga_matcher_t *m;
    const char *text;
    size_t count;
} tjob_t;

static void *tmain(void *arg)
{
    tjob_t *j = arg;
    ga_match_scratch_t *s = ga_match_scratch_new();
    for (int k = 0; k < 200; k++)
        if (ga_match_scan(j->m, s, j->text, strlen(j->text), NULL) == GA_OK)
            j->count += ga_match_count(s);
    ga_match_scratch_free(s);
    return NULL;
}

START_TEST(threads)
{
    ga_matcher_t *m = compile_text("@category x\n布署\t部署\n敏感\t-\tflags=norm\nre:\\d+号\t-\n"
                                   "工作\t-\tflags=word\n");
    const char *t = "布署工作，敏 感，3号。";
    pthread_t th[4];
    tjob_t jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (tjob_t){m, t, 0};
        pthread_create(&th[i], NULL, tmain, &jobs[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ck_assert_uint_eq(jobs[i].count, 200 * 4);
    }
    ga_matcher_free(m);
}
END_TEST

/* ---- the shipped rule packs: every rule has a test ---- */

static bool has_rule_hit(ga_match_scratch_t *s, const char *id, size_t max_end)
{
    for (size_t i = 0; i < ga_match_count(s); i++) {
        ga_finding_t f;
        memset(&f, 0, sizeof f);
        f.size = sizeof f;
        ga_match_get(s, i, &f);
        if (strcmp(f.rule, id) == 0 && f.end <= max_end)
            return true;
    }
    return false;
}

static ga_rules_t *pack_rules(void)
{
    ga_rules_t *rs = ga_rules_new();
    ga_error_t *err = NULL;
    if (ga_rules_add_dir(rs, NULL, &err) != GA_OK)
        ck_abort_msg("packs: %s:%zu: %s", ga_error_file(err), ga_error_line(err),
                     ga_error_message(err));
    return rs;
}

START_TEST(packs_every_rule)
{
    ga_rules_t *rs = pack_rules();
    ck_assert_uint_ge(ga_rules_count(rs), 400);
    ck_assert_uint_eq(ga_rules_warning_count(rs), 0);
    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_compile(rs, &m, NULL), GA_OK);
    ga_match_scratch_t *s = ga_match_scratch_new();
    size_t checked = 0;
    char text[4096];
    for (size_t i = 0; i < rs->n; i++) {
        const mrule_t *r = &rs->v[i];
        bool tested = false;
        if (r->kind == RULE_LITERAL) {
            /* the pattern in a sentence is found; the suggestion is clean */
            snprintf(text, sizeof text, "据报道，%s。", r->pattern);
            ck_assert_int_eq(ga_match_scan(m, s, text, strlen(text), NULL), GA_OK);
            ck_assert_msg(has_rule_hit(s, r->id, sizeof text), "%s: '%s' not found", r->id,
                          r->pattern);
            if (r->suggestion[0] && !strchr(r->suggestion, '$')) {
                ck_assert_int_eq(ga_match_scan(m, s, r->suggestion, strlen(r->suggestion), NULL),
                                 GA_OK);
                ck_assert_msg(ga_match_count(s) == 0, "%s: suggestion '%s' has findings (%s)",
                              r->id, r->suggestion, scan_str(m, s, r->suggestion));
            }
            tested = true;
        }
        for (int pass = 0; pass < 2; pass++) {
            const char *list = pass == 0 ? r->tests : r->oks;
            for (const char *p = list; p && *p;) {
                const char *bar = strchr(p, '|');
                size_t l = bar ? (size_t)(bar - p) : strlen(p);
                snprintf(text, sizeof text, "%.*s", (int)l, p);
                ck_assert_int_eq(ga_match_scan(m, s, text, strlen(text), NULL), GA_OK);
                bool hit = has_rule_hit(s, r->id, l);
                if (pass == 0)
                    ck_assert_msg(hit, "%s: test '%s' not found (%s)", r->id, text,
                                  scan_str(m, s, text));
                else
                    ck_assert_msg(!hit, "%s: ok '%s' reported", r->id, text);
                tested = true;
                p = bar ? bar + 1 : p + l;
            }
        }
        ck_assert_msg(tested, "%s: rule without a test (add test=)", r->id);
        checked++;
    }
    ck_assert_uint_eq(checked, rs->n);
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    ga_rules_free(rs);
}
END_TEST

/* Government-report style text written for this test: official wording that must give no
 * finding from the shipped packs (precision matters as much as recall). */
static const char clean_report[] =
    "政府工作报告\n"
    "各位代表：\n"
    "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n"
    "一、过去一年工作回顾\n"
    "过去一年，在以习近平同志为核心的党中央坚强领导下，我们坚持以习近平新时代中国特色社会主义"
    "思想为指导，全面贯彻党的二十大精神，统筹国内国际两个大局，统筹疫情防控和经济社会发展，"
    "统筹发展和安全，经济社会发展主要目标任务圆满完成。国内生产总值增长5.2%，城镇新增就业"
    "1244万人，居民消费价格上涨0.2%。粮食产量1.39万亿斤，再创历史新高。\n"
    "我们坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动"
    "高质量发展。深化“放管服”改革，持续优化营商环境，推进政务服务“一网通办”，企业和群众办事"
    "更加便利。各级农业农村部门、生态环境部门和自然资源部门按照职责分工，扎实做好各项工作。"
    "农业农村部、生态环境部、自然资源部、文化和旅游部、国家卫生健康委员会、国家市场监督管理总局"
    "等部门密切配合，加强部署，抓好落实。原农业部、原环境保护部的职责已经整合。\n"
    "我们坚持以人民为中心的发展思想，着力保障和改善民生。实施就业优先政策，做好高校毕业生、"
    "退役军人、农民工等重点群体就业工作。城乡居民基本养老保险基础养老金最低标准提高20元。\n"
    "我们坚持“一国两制”、“港人治港”、“澳人治澳”、高度自治的方针，支持香港、澳门发展经济、改善"
    "民生，更好融入国家发展大局。我们坚持一个中国原则和“九二共识”，坚决反对“台独”分裂和外部"
    "势力干涉，推动两岸关系和平发展，推进祖国统一，共同创造中华民族伟大复兴的美好未来。\n"
    "二、今年政府工作任务\n"
    "今年是实现“十四五”规划目标任务的关键一年。要全面落实《中华人民共和国宪法》和法律法规，"
    "依照《国务院工作规则》开展工作，根据国办发〔2023〕19号文件要求，于2024年2月29日前完成"
    "年度自查，12月31日前报送总结。各地区各部门要把思想和行动统一到党中央、国务院决策部署上来，"
    "真抓实干，埋头苦干，为全面建设社会主义现代化国家、全面推进中华民族伟大复兴而团结奋斗！\n";

START_TEST(packs_clean_report)
{
    ga_matcher_t *m = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_matcher_load_default(&m, &err), GA_OK);
    ga_match_scratch_t *s = ga_match_scratch_new();
    const char *r = scan_str(m, s, clean_report);
    ck_assert_msg(ga_match_count(s) == 0, "false alarms: %s", r);
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

START_TEST(packs_real_mistakes)
{
    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_load_default(&m, NULL), GA_OK);
    ga_match_scratch_t *s = ga_match_scratch_new();
    const char *t = "根据国办发[2019]19号文件要求，2023年2月30日前，市环境保护局和县工商局要按步就班"
                    "抓好布署，习进平总书记强调的工作要落到实处。";
    scan_str(m, s, t);
    ck_assert_uint_ge(ga_match_count(s), 7);
    const char *want[] = {"国办发[2019]19号", "2月30日", "环境保护局", "工商局", "按步就班",
                          "布署", "习进平总书记"};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        bool found = false;
        for (size_t i = 0; i < ga_match_count(s) && !found; i++) {
            ga_finding_t f;
            memset(&f, 0, sizeof f);
            f.size = sizeof f;
            ga_match_get(s, i, &f);
            found = f.end - f.start == strlen(want[k]) &&
                    memcmp(f.text, want[k], f.end - f.start) == 0;
            /* 发文字号 findings cover the bracketed year only */
            found = found || (k == 0 && f.end - f.start == 6 && memcmp(f.text, "[2019]", 6) == 0);
        }
        ck_assert_msg(found, "'%s' not reported", want[k]);
    }
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST


/* ---- personal information: validators and masking ---- */

/* Findings as "start-end:rule:text:suggestion;" with the text as the finding shows it. */
static char *scan_masked(const ga_matcher_t *m, ga_match_scratch_t *s, const char *text)
{
    ck_assert_int_eq(ga_match_scan(m, s, text, strlen(text), NULL), GA_OK);
    static char buf[8192];
    buf[0] = '\0';
    for (size_t i = 0; i < ga_match_count(s); i++) {
        ga_finding_t f = {.size = sizeof f};
        ck_assert_int_eq(ga_match_get(s, i, &f), GA_OK);
        ck_assert(ga_match_masked(s, i) ? memchr(f.text, '*', f.end - f.start) ||
                                               strstr(f.text, "＊")
                                         : 1);
        size_t l = strlen(buf);
        snprintf(buf + l, sizeof buf - l, "%zu-%zu:%s:%.*s:%s;", f.start, f.end, f.rule,
                 (int)(f.end - f.start), f.text, f.suggestion);
    }
    return buf;
}

START_TEST(privacy_validators)
{
    ga_matcher_t *m = compile_text(
        "re:(?<![0-9])[0-9]{17}[0-9X](?![0-9])\t-\tcat=个人信息\tid=id\tcheck=resident-id\tmask=6,4\n"
        "re:(?<![0-9])[0-9]{15}(?![0-9])\t-\tcat=个人信息\tid=id15\tcheck=resident-id\tmask=6,3\n"
        "re:(?<![0-9])1[0-9]{10}(?![0-9])\t-\tcat=个人信息\tid=mobile\tcheck=mobile\tmask=3,4\n"
        "re:(?<![0-9])(?:[0-9]{4} ?){3}[0-9]{4}(?: ?[0-9]{1,3})?(?![0-9])\t请删除\tcat=个人信息\tid=card\tcheck=bank-card\tmask=4,4\n");
    ga_match_scratch_t *s = ga_match_scratch_new();
    ck_assert_str_eq(scan_masked(m, s, "身份证号11010519491231002X。"),
                     "12-30:id:110105********002X:110105********002X;");
    /* wrong check character, impossible birth date, region 99, 2月30日 */
    ck_assert_str_eq(scan_masked(m, s, "110105194912310021 110105194913310021 990105194912310028 110105199002300012"), "");
    /* 15 digits: a date in 19YY; 13 digits starting 1 are no mobile */
    ck_assert_str_eq(scan_masked(m, s, "110105491231002"), "0-15:id15:110105******002:110105******002;");
    ck_assert_str_eq(scan_masked(m, s, "110105491331002"), "");
    ck_assert_str_eq(scan_masked(m, s, "13812345678 12345678901 17412345678"),
                     "0-11:mobile:138****5678:138****5678;");
    /* a card: Luhn, an issuer prefix, spaces kept; the rule's own suggestion stays */
    ck_assert_str_eq(scan_masked(m, s, "6222 0212 3456 7890 128"),
                     "0-23:card:6222 **** **** ***0 128:请删除;");
    ck_assert_str_eq(scan_masked(m, s, "6222021234567890127 1234567812345670"), "");
    /* an 18-digit ID number that passes Luhn is an ID number, not a card */
    ck_assert(match_check(match_check_find("resident-id", 11), "440524188001010014", 18));
    ck_assert(!match_check(match_check_find("bank-card", 9), "440524188001010014", 18));
    ck_assert(match_check(match_check_find("resident-id", 11), "１１０１０５１９４９１２３１００２Ｘ",
                          strlen("１１０１０５１９４９１２３１００２Ｘ")));
    ck_assert_uint_eq(match_check_find("nosuch", 6), 0);
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

START_TEST(privacy_masking)
{
    /* Full-width digits keep their byte length (＊ for each), so offsets hold. */
    ga_matcher_t *m = compile_text(
        "re:[０-９]{11}\t-\tcat=个人信息\tid=fw\tmask=3,4\n"
        "re:电话[^。]*\t-\tcat=格式\tid=wide\n"
        "re:(?<![0-9])1[3-9][0-9]{9}(?![0-9])\t-\tcat=个人信息\tid=mobile\tcheck=mobile\tmask=3,4\n");
    ga_match_scratch_t *s = ga_match_scratch_new();
    const char *t = "号码１３８１２３４５６７８。";
    ck_assert_str_eq(scan_masked(m, s, t), "6-39:fw:１３８＊＊＊＊５６７８:１３８＊＊＊＊５６７８;");
    /* a masked finding inside a wider finding is still reported; the masked copy of the
     * text has every personal value masked and the same length */
    t = "电话13812345678，手机13912345678。";
    ck_assert_str_eq(scan_masked(m, s, t), "0-37:wide:电话138****5678，手机139****5678:;"
                                           "6-17:mobile:138****5678:138****5678;"
                                           "26-37:mobile:139****5678:139****5678;");
    char *shown = NULL;
    size_t n = 0;
    ck_assert_int_eq(ga_match_masked_text(s, &shown, &n, NULL), GA_OK);
    ck_assert_uint_eq(n, strlen(t));
    ck_assert_str_eq(shown, "电话138****5678，手机139****5678。");
    ga_string_free(shown);
    ck_assert_int_eq(ga_match_masked(s, 99), 0);
    ck_assert_int_eq(ga_match_masked_text(NULL, &shown, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    /* saved and loaded, the matcher still validates and masks */
    char path[] = "/tmp/ga-test-mask-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(ga_matcher_save(m, path, NULL), GA_OK);
    ga_matcher_t *l = NULL;
    ck_assert_int_eq(ga_matcher_load(path, &l, NULL), GA_OK);
    unlink(path);
    ck_assert_str_eq(scan_masked(l, s, "手机13812345678 17412345678"),
                     "6-17:mobile:138****5678:138****5678;");
    ga_matcher_free(l);
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    expect_syntax("re:[0-9]+\t-\tcat=x\tcheck=iban\n", 1, 25, "unknown validator 'iban'");
    expect_syntax("12345\t-\tcat=x\tcheck=mobile\n", 1, 21, "check= needs a re: rule");
    expect_syntax("re:[0-9]+\t-\tcat=x\tmask=3\n", 1, 24, "mask= takes HEAD,TAIL");
    expect_syntax("re:[0-9]+\t-\tcat=x\tmask=3,40\n", 1, 24, "mask= takes HEAD,TAIL");
}
END_TEST

/* The shipped pack on a 公示 table: unmasked values found, masked ones and look-alikes not. */
START_TEST(privacy_pack)
{
    ga_rules_t *rs = ga_rules_new();
    char path[4096];
    snprintf(path, sizeof path, "%s/rules/privacy.rules", ga_data_dir());
    ck_assert_int_eq(ga_rules_add_file(rs, path, NULL), GA_OK);
    ga_matcher_t *m = NULL;
    ck_assert_int_eq(ga_matcher_compile(rs, &m, NULL), GA_OK);
    ga_rules_free(rs);
    ga_match_scratch_t *s = ga_match_scratch_new();
    const char *t = "序号 姓名 身份证号 联系电话 银行卡号\n"
                    "1 张三 11010519491231002X 13812345678 6222021234567890128\n"
                    "2 李四 440524********0014 139****5678 6222 **** **** 0128\n"
                    "3 王五 110105194912310021 0755-83456789 6222021234567890127\n"
                    "统一社会信用代码91350100M000100Y43，订单号230815123456789012，座机010-62345678。";
    ck_assert_int_eq(ga_match_scan(m, s, t, strlen(t), NULL), GA_OK);
    ck_assert_uint_eq(ga_match_count(s), 3);
    const char *want[] = {"privacy:resident-id", "privacy:mobile", "privacy:bank-card"};
    for (size_t i = 0; i < 3; i++) {
        ga_finding_t f = {.size = sizeof f};
        ck_assert_int_eq(ga_match_get(s, i, &f), GA_OK);
        ck_assert_str_eq(f.rule, want[i]);
        ck_assert_str_eq(f.category, "个人信息");
        ck_assert(ga_match_masked(s, i));
        ck_assert(memchr(f.text, '*', f.end - f.start));
    }
    ga_match_scratch_free(s);
    ga_matcher_free(m);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("match");
    TCase *tc = tcase_create("match");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, syntax_errors);
    tcase_add_test(tc, duplicates_warn);
    tcase_add_test(tc, ids_and_attributes);
    tcase_add_test(tc, offsets_through_normalisation);
    tcase_add_test(tc, exceptions_suppress);
    tcase_add_test(tc, word_boundaries);
    tcase_add_test(tc, overlap_policy);
    tcase_add_test(tc, regex_rules);
    tcase_add_test(tc, regex_literal_prefilter);
    tcase_add_test(tc, near_miss);
    tcase_add_test(tc, invalid_empty_huge);
    tcase_add_test(tc, save_load_corrupt);
    tcase_add_test(tc, threads);
    tcase_add_test(tc, packs_every_rule);
    tcase_add_test(tc, packs_clean_report);
    tcase_add_test(tc, packs_real_mistakes);
    tcase_add_test(tc, privacy_validators);
    tcase_add_test(tc, privacy_masking);
    tcase_add_test(tc, privacy_pack);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
