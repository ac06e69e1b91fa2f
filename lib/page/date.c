/* Dates and labelled fields in page text (PCRE2, compiled once, shared by all threads). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "page/page-private.h"

enum { RE_DATE, RE_URL, RE_PUB, RE_WEAK, RE_SOURCE, RE_COUNT };

static const char *const patterns[RE_COUNT] = {
    /* 2023-07-31, 2023/7/31, 2023.07.31, 2023年7月31日, each with an optional time. */
    "(?<![0-9])((?:19|20)[0-9]{2})\\s*(?:[-/.]|年)\\s*([01]?[0-9])\\s*(?:[-/.]|月)\\s*"
    "([0-3]?[0-9])(?![0-9])(?:\\s*日)?"
    "(?:\\s*[T-]?\\s*([0-2]?[0-9])\\s*[:：时]\\s*([0-5][0-9])(?:\\s*[:：分]\\s*([0-5][0-9]))?)?",
    /* Dates CMSs put in article paths: TRS /t20230731_123.html, /2023-07/31/, /202307/31/,
     * Hanweb /art/2023/7/31/, /20230731/, _2023-07-31. */
    "(?|/t((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})_[0-9]+"
    "|/(?:art/)?((?:19|20)[0-9]{2})[-/]?([0-9]{1,2})/([0-9]{1,2})/"
    "|/((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})/"
    "|[/_-]((?:19|20)[0-9]{2})-([0-9]{2})-([0-9]{2})(?![0-9]))",
    /* Labels that name the publish date itself. */
    "(?:发布日期|发布时间|发表时间|发表日期|发稿时间|公开日期|公布日期|上传时间|"
    "录入时间|信息时间|发布于|Published|publish_?date|pubdate)",
    /* Weaker labels; 成文/生效/施行/截止 dates are other dates of a document. */
    "(?:发文日期|(?<!成文)(?<!生效)(?<!施行)(?<!截止)(?<!出生)日期|(?<!更新)(?<!办理)(?<!活动)时间|更新)",
    /* A bare 来源 only where no other Han character makes it 资金来源 and the like. */
    "(?:信息来源|文章来源|内容来源|新闻来源|稿件来源|来源单位|(?<!\\p{Han})稿源|"
    "(?<!\\p{Han})来源|发布机构|发布单位|发布部门|发文机关)\\s*[：:]\\s*",
};

static pcre2_code *codes[RE_COUNT];
static bool codes_ok;
static pthread_once_t codes_once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
    codes_ok = true;
    for (int i = 0; i < RE_COUNT; i++) {
        int ec;
        PCRE2_SIZE eo;
        /* URLs come from the caller unchecked: their pattern is ASCII and runs in byte
         * mode, so no UTF-8 validity is assumed of them. */
        uint32_t opts = i == RE_URL ? PCRE2_CASELESS
                                    : PCRE2_UTF | PCRE2_NO_UTF_CHECK | PCRE2_CASELESS;
        codes[i] = pcre2_compile((PCRE2_SPTR)patterns[i], PCRE2_ZERO_TERMINATED, opts, &ec, &eo,
                                 NULL);
        if (!codes[i]) {
            codes_ok = false;
            continue;
        }
        pcre2_jit_compile(codes[i], PCRE2_JIT_COMPLETE); /* interpreter when JIT is absent */
    }
}

bool ga_page_regex_ready(void)
{
    pthread_once(&codes_once, compile_all);
    return codes_ok;
}

/* Run regex `which` on s[start, len). Returns the number of groups set, 0 on no match. */
static int run(int which, const char *s, size_t len, size_t start, pcre2_match_data *md)
{
    if (!ga_page_regex_ready() || start > len)
        return 0;
    /* Page text is valid UTF-8 (decoded and cleaned before parsing) and every window
     * passed here starts and ends on a character boundary. */
    int rc = pcre2_match(codes[which], (PCRE2_SPTR)s, len, start,
                         which == RE_URL ? 0 : PCRE2_NO_UTF_CHECK, md, NULL);
    return rc > 0 ? rc : 0;
}

static int num(const char *s, const PCRE2_SIZE *ov, int g, int rc)
{
    if (g >= rc || ov[2 * g] == PCRE2_UNSET)
        return -1;
    int v = 0;
    for (PCRE2_SIZE i = ov[2 * g]; i < ov[2 * g + 1]; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static bool valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1949 || y > 2099 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    return true;
}

static bool find_date(const char *s, size_t len, char out[20], size_t *start, size_t *end)
{
    pcre2_match_data *md = ga_page_regex_ready() ? pcre2_match_data_create_from_pattern(codes[RE_DATE], NULL) : NULL;
    if (!md)
        return false;
    bool found = false;
    size_t pos = 0;
    int rc;
    while (!found && (rc = run(RE_DATE, s, len, pos, md)) > 0) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        int y = num(s, ov, 1, rc), m = num(s, ov, 2, rc), d = num(s, ov, 3, rc);
        int hh = num(s, ov, 4, rc), mi = num(s, ov, 5, rc), ss = num(s, ov, 6, rc);
        if (valid_ymd(y, m, d)) {
            char tmp[64];
            if (hh >= 0 && hh < 24 && mi >= 0)
                snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mi,
                         ss < 0 ? 0 : ss);
            else
                snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
            memcpy(out, tmp, 20);
            out[19] = '\0';
            *start = ov[0];
            *end = ov[1];
            found = true;
        } else {
            /* Step one code point past the start of the rejected match. */
            pos = ov[0] + 1;
            while (pos < len && ((unsigned char)s[pos] & 0xC0) == 0x80)
                pos++;
        }
    }
    pcre2_match_data_free(md);
    return found;
}

bool ga_page_find_date_at(const char *s, size_t len, char out[20], size_t *start, size_t *end)
{
    return find_date(s, len, out, start, end);
}

bool ga_page_find_date(const char *s, size_t len, char out[20], size_t *end)
{
    size_t b, e;
    if (!find_date(s, len, out, &b, &e))
        return false;
    if (end)
        *end = e;
    return true;
}

bool ga_page_url_date(const char *url, char out[20])
{
    if (!url)
        return false;
    /* Only the path: hosts and queries carry numbers that are not dates. */
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    if (!p)
        return false;
    size_t len = strcspn(p, "?#");
    pcre2_match_data *md = ga_page_regex_ready() ? pcre2_match_data_create_from_pattern(codes[RE_URL], NULL) : NULL;
    if (!md)
        return false;
    bool found = false;
    size_t pos = 0;
    int rc;
    while (!found && (rc = run(RE_URL, p, len, pos, md)) > 0) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        int y = num(p, ov, 1, rc), m = num(p, ov, 2, rc), d = num(p, ov, 3, rc);
        if (valid_ymd(y, m, d)) {
            char tmp[64];
            snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
            memcpy(out, tmp, 11);
            found = true;
        }
        pos = ov[0] + 1;
    }
    pcre2_match_data_free(md);
    return found;
}

bool ga_page_labeled_date(const char *s, size_t len, bool strong, char out[20], size_t *at)
{
    int which = strong ? RE_PUB : RE_WEAK;
    pcre2_match_data *md = ga_page_regex_ready() ? pcre2_match_data_create_from_pattern(codes[which], NULL) : NULL;
    if (!md)
        return false;
    bool found = false;
    size_t pos = 0;
    while (!found && run(which, s, len, pos, md) > 0) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t e = ov[1];
        /* The date must follow the label closely: a colon, brackets, spaces. */
        size_t k = e;
        while (k < len && k - e <= 24 && !(s[k] >= '0' && s[k] <= '9') && s[k] != '\n')
            k++;
        size_t ds, de;
        char tmp[20];
        size_t w = len - k < 48 ? len - k : 48;
        while (k + w < len && ((unsigned char)s[k + w] & 0xC0) == 0x80)
            w--; /* end the window on a character boundary */
        if (k < len && k - e <= 24 && s[k] != '\n' && find_date(s + k, w, tmp, &ds, &de) &&
            ds == 0) {
            memcpy(out, tmp, 20);
            if (at)
                *at = ov[0];
            found = true;
        }
        pos = e;
    }
    pcre2_match_data_free(md);
    return found;
}

static bool starts_with(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    return len >= n && memcmp(s, w, n) == 0;
}

/* Labels that end a source value written on the same line as other fields. */
static bool stop_word(const char *s, size_t len)
{
    static const char *const words[] = {"发布", "时间", "日期", "作者", "浏览", "点击", "阅读",
                                        "字号", "编辑", "责任", "访问", "打印", "分享", "【",
                                        "[", "〔", "（", "(", "）", ")", "|", "｜", "】", "]", "次数",
                                        "供稿", "撰稿", "来源", "文章", "信息", "索引号",
                                        "分类", "发文", "成文", "摄影", "审核", "校对", "字体"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (starts_with(s, len, words[i]))
            return true;
    }
    return false;
}

bool ga_page_find_source(const char *s, size_t len, char *out, size_t cap, size_t *at)
{
    pcre2_match_data *md = ga_page_regex_ready() ? pcre2_match_data_create_from_pattern(codes[RE_SOURCE], NULL) : NULL;
    if (!md)
        return false;
    bool found = false;
    size_t pos = 0;
    while (!found && run(RE_SOURCE, s, len, pos, md) > 0) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t b = ov[1], e = b;
        while (e < len && e - b < 90) {
            unsigned char c = (unsigned char)s[e];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                break;
            if (starts_with(s + e, len - e, "\xE3\x80\x80") || /* ideographic space */
                starts_with(s + e, len - e, "\xC2\xA0"))
                break;
            if (stop_word(s + e, len - e))
                break; /* at e == b: an empty value ("来源：【打印】") */
            e++;
            while (e < len && ((unsigned char)s[e] & 0xC0) == 0x80)
                e++;
        }
        /* A search window may end inside a character: keep whole characters only. */
        size_t bad;
        if (ga_utf8_validate(s + b, e - b, &bad) != GA_OK)
            e = b + bad;
        /* Trim closing punctuation left by templates ("来源：市政府办公室。"). */
        while (e > b) {
            if (s[e - 1] == ':' || s[e - 1] == ',' || s[e - 1] == ';')
                e--;
            else if (e - b >= 3 && (!memcmp(s + e - 3, "：", 3) || !memcmp(s + e - 3, "，", 3) ||
                                    !memcmp(s + e - 3, "。", 3) || !memcmp(s + e - 3, "；", 3)))
                e -= 3;
            else
                break;
        }
        if (e > b && e - b < cap) {
            memcpy(out, s + b, e - b);
            out[e - b] = '\0';
            if (at)
                *at = ov[0];
            found = true;
        }
        pos = ov[1];
    }
    pcre2_match_data_free(md);
    return found;
}
