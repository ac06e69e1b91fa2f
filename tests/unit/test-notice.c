/* The notice module: rates as the notices print them, problems, 错敏字, 找错 handling, late
 * reports, matching between rounds (fixed, outstanding, new; moved pages, renamed columns),
 * input errors with file and line, and the text and HTML renderings. */
#include <check.h>
#include <json.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#define H "http://www.a.gov.cn"

static int64_t day(const char *s)
{
    int64_t t;
    ck_assert_int_eq(ga_time_parse(s, strlen(s), &t, NULL), GA_OK);
    return t;
}

static ga_notice_t *notice_on(const char *date)
{
    ga_notice_t *n = NULL;
    ck_assert_int_eq(ga_notice_new(&n, NULL), GA_OK);
    if (date)
        ck_assert_int_eq(ga_notice_set_date(n, day(date), NULL), GA_OK);
    return n;
}

static void add(ga_notice_t *n, const char *json, int previous)
{
    ga_error_t *err = NULL;
    ga_status_t st = ga_notice_add_result(n, json, strlen(json), "r.json", previous, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "?");
}

/* A website result with `extra` members (each ending with a comma). */
static char *site(const char *name, const char *date, int passed, const char *extra)
{
    static char buf[8][8192];
    static int k;
    char *b = buf[k++ % 8];
    snprintf(b, sizeof buf[0],
             "{\"site\":\"%s\",\"owner\":\"%s办公室\",\"object\":\"website\",\"date\":\"%s\","
             "%s\"passed\":%s}",
             name, name, date, extra ? extra : "", passed ? "true" : "false");
    return b;
}

static json_object *model(const ga_notice_t *n)
{
    char *out = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_notice_json(n, 0, &out, NULL, &err);
    ck_assert_msg(st == GA_OK, "%s", err ? ga_error_message(err) : "?");
    json_object *o = json_tokener_parse(out);
    ck_assert_ptr_nonnull(o);
    ga_string_free(out);
    return o;
}

static json_object *get(json_object *o, const char *path)
{
    char key[64];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        snprintf(key, sizeof key, "%.*s", (int)n, path);
        json_object *v = NULL;
        if (json_object_is_type(o, json_type_array))
            v = json_object_array_get_idx(o, (size_t)atoi(key));
        else if (!json_object_object_get_ex(o, key, &v))
            v = NULL;
        o = v;
        path += n + (path[n] == '.');
    }
    return o;
}

static const char *gets_(json_object *o, const char *path)
{
    return json_object_get_string(get(o, path));
}

static long long geti(json_object *o, const char *path)
{
    return (long long)json_object_get_int64(get(o, path));
}

static size_t glen(json_object *o, const char *path)
{
    json_object *a = get(o, path);
    ck_assert_msg(a && json_object_is_type(a, json_type_array), "%s is not an array", path);
    return json_object_array_length(a);
}

static char *text_of(const ga_notice_t *n)
{
    char *out = NULL;
    ck_assert_int_eq(ga_notice_text(n, 0, &out, NULL, NULL), GA_OK);
    return out;
}

/* ---- rates ------------------------------------------------------------------------------ */

START_TEST(rates_round_as_printed)
{
    /* 89 of 90 is 98.888…%: printed 98.9; 1 of 2 is 50.0 and prints so in JSON too. */
    ga_notice_t *n = notice_on("2023-09-01");
    for (int i = 0; i < 90; i++) {
        char name[32];
        snprintf(name, sizeof name, "站%d", i);
        add(n, site(name, "2023-08-15", i != 7, NULL), 0);
    }
    add(n, "{\"site\":\"甲发布\",\"object\":\"newmedia\",\"passed\":true}", 0);
    add(n, "{\"site\":\"乙发布\",\"object\":\"newmedia\",\"passed\":false}", 0);
    json_object *m = model(n);
    ck_assert_int_eq(geti(m, "websites.checked"), 90);
    ck_assert_int_eq(geti(m, "websites.passed"), 89);
    ck_assert_str_eq(json_object_to_json_string(get(m, "websites.rate")), "98.9");
    ck_assert_str_eq(json_object_to_json_string(get(m, "media.rate")), "50.0");
    ck_assert_ptr_null(get(m, "websites.groups"));
    char *t = text_of(n);
    ck_assert_ptr_nonnull(strstr(t, "检查政府网站90个，合格89个，合格率98.9%"));
    ck_assert_ptr_nonnull(strstr(t, "检查政务新媒体2个，合格1个，合格率50.0%"));
    ck_assert_ptr_nonnull(strstr(t, "政府网站与政务新媒体检查情况的通报"));
    ga_string_free(t);
    json_object_put(m);
    ga_notice_free(n);
}
END_TEST

START_TEST(rates_half_up_and_groups)
{
    /* 2 of 3 = 66.666… → 66.7; groups in order of appearance. */
    ga_notice_t *n = notice_on(NULL);
    add(n, site("部门一", "2023-08-15", 1, "\"group\":\"部门网站\","), 0);
    add(n, site("部门二", "2023-08-15", 1, "\"group\":\"部门网站\","), 0);
    add(n, site("部门三", "2023-08-15", 0, "\"group\":\"部门网站\","), 0);
    add(n, site("镇一", "2023-08-10", 0, "\"group\":\"乡镇网站\","), 0);
    json_object *m = model(n);
    ck_assert_int_eq(glen(m, "websites.groups"), 2);
    ck_assert_str_eq(gets_(m, "websites.groups.0.group"), "部门网站");
    ck_assert_str_eq(json_object_to_json_string(get(m, "websites.groups.0.rate")), "66.7");
    ck_assert_str_eq(json_object_to_json_string(get(m, "websites.groups.1.rate")), "0.0");
    ck_assert_str_eq(json_object_to_json_string(get(m, "websites.rate")), "50.0");
    ck_assert_ptr_null(get(m, "media.rate")); /* none checked: no rate */
    /* Without a set date, the newest audit date is the notice's. */
    ck_assert_str_eq(gets_(m, "date"), "2023-08-15");
    ck_assert_str_eq(gets_(m, "title"), "关于2023年第三季度政府网站检查情况的通报");
    json_object_put(m);
    ga_notice_free(n);
}
END_TEST

/* ---- problems, errors, table ------------------------------------------------------------- */

static const char *const VETO_DUP =
    "\"vetoes\":[{\"id\":\"W-V1\",\"name\":\"安全、泄密事故等严重问题\",\"points\":0,\"evidence\":["
    "{\"text\":\"W-V1.5a 弄虚作假：同站一稿多发: duplicate_posts = 1 (≥ 1)\"}]}],";
static const char *const BLANK =
    "\"deductions\":[{\"id\":\"W-D4\",\"name\":\"空白栏目\",\"points\":5,\"evidence\":["
    "{\"text\":\"blank_columns = 1 (≥ 1)\"}]}],";

START_TEST(problems_vetoes_first_most_sites_first)
{
    ga_notice_t *n = notice_on("2023-09-01");
    char extra[1024];
    add(n, site("甲", "2023-08-15", 1, BLANK), 0);
    snprintf(extra, sizeof extra, "%s%s\"findings_total\":7,", VETO_DUP, BLANK);
    add(n, site("乙", "2023-08-15", 0, extra), 0);
    add(n, site("丙", "2023-08-15", 1,
                "\"findings\":[{\"rule\":\"typo:1\",\"text\":\"再接再励\"},"
                "{\"rule\":\"typo:1\",\"text\":\"再接再励\"}],"),
        0);
    json_object *m = model(n);
    ck_assert_int_eq(glen(m, "problems"), 2);
    ck_assert_str_eq(gets_(m, "problems.0.indicator"), "W-V1");
    ck_assert_str_eq(gets_(m, "problems.0.kind"), "veto");
    ck_assert_str_eq(gets_(m, "problems.0.details.0"), "弄虚作假：同站一稿多发");
    ck_assert_str_eq(gets_(m, "problems.1.indicator"), "W-D4");
    ck_assert_int_eq(geti(m, "problems.1.count"), 2);
    ck_assert_str_eq(gets_(m, "problems.1.sites.1"), "乙");
    /* 错敏字: findings_total counts past the listed ones; the most first. */
    ck_assert_int_eq(glen(m, "errors"), 2);
    ck_assert_str_eq(gets_(m, "errors.0.site"), "乙");
    ck_assert_int_eq(geti(m, "errors.0.count"), 7);
    ck_assert_int_eq(geti(m, "errors.1.count"), 2);
    /* The attachment table: the vetoed site first, then the others with problems. */
    ck_assert_int_eq(glen(m, "table"), 2);
    ck_assert_str_eq(gets_(m, "table.0.site"), "乙");
    ck_assert_str_eq(gets_(m, "table.0.owner"), "乙办公室");
    ck_assert_str_eq(gets_(m, "table.1.site"), "甲");
    char *t = text_of(n);
    ck_assert_ptr_nonnull(strstr(t, "（一）单项否决问题"));
    ck_assert_ptr_nonnull(strstr(t, "1个网站存在“安全、泄密事故等严重问题”（弄虚作假：同站一稿多发）：乙。"));
    ck_assert_ptr_nonnull(strstr(t, "2个网站存在“空白栏目”问题：甲、乙。"));
    ck_assert_ptr_nonnull(strstr(t, "其中：乙7处、丙2处。"));
    ck_assert_ptr_nonnull(strstr(t, "附件\n"));
    ck_assert_ptr_nonnull(strstr(t, "序号\t网站名称\t主办单位\t存在的突出问题\n1\t乙\t乙办公室\t"));
    ck_assert_ptr_nonnull(strstr(t, "\n2023年9月1日\n"));
    ga_string_free(t);
    json_object_put(m);
    /* A line break in a name cannot start a line of the text. */
    add(n, site("戊\\n二、伪造", "2023-08-15", 0, VETO_DUP), 0);
    t = text_of(n);
    ck_assert_ptr_nonnull(strstr(t, "戊 二、伪造"));
    ck_assert_ptr_null(strstr(t, "\n二、伪造"));
    ga_string_free(t);
    ga_notice_free(n);
}
END_TEST

/* ---- between rounds ------------------------------------------------------------------------ */

/* The previous round of site 甲: findings, a broken link, a duplicate cluster, columns. */
static const char *const PREV =
    "{\"site\":\"甲\",\"site_id\":\"3300000001\",\"date\":\"2023-05-15\",\"passed\":false,"
    "\"vetoes\":[{\"id\":\"W-V1\",\"name\":\"安全、泄密事故等严重问题\"}],"
    "\"findings\":["
    " {\"rule\":\"typo:5\",\"category\":\"错别字\",\"text\":\"再接再励\",\"suggestion\":\"再接再厉\","
    "  \"url\":\"" H "/a/1.html\",\"title\":\"甲文\",\"field\":\"text\",\"before\":\"要\",\"after\":\"。\"},"
    " {\"rule\":\"outdated:2\",\"category\":\"过时表述\",\"text\":\"环境保护局\",\"suggestion\":\"生态环境局\","
    "  \"url\":\"" H "/old/2.html\",\"title\":\"乙文\",\"field\":\"text\",\"before\":\"由市\",\"after\":\"负责\"},"
    " {\"rule\":\"typo:9\",\"category\":\"错别字\",\"text\":\"一如继往\",\"suggestion\":\"一如既往\","
    "  \"url\":\"" H "/a/3.html\",\"title\":\"丙文\",\"field\":\"text\"},"
    " {\"rule\":\"typo:9\",\"category\":\"错别字\",\"text\":\"一如继往\",\"suggestion\":\"一如既往\","
    "  \"url\":\"" H "/a/3.html\",\"title\":\"丙文\",\"field\":\"text\"}],"
    "\"links\":[{\"url\":\"" H "/gone.html\",\"status\":404,\"external\":false,\"broken\":true,"
    "  \"where\":\"" H "/a/1.html\"},"
    " {\"url\":\"http://www.b.gov.cn/\",\"status\":200,\"external\":true,\"broken\":false}],"
    "\"duplicates\":[{\"kind\":\"一稿多发\",\"posts\":[{\"url\":\"" H "/x/5.html\",\"title\":\"同稿\"},"
    "  {\"url\":\"" H "/y/6.html\",\"title\":\"同稿\"}]}],"
    "\"columns\":["
    " {\"name\":\"部门动态\",\"type\":\"news\",\"level\":1,\"url\":\"" H "/bmdt/index.html\",\"stale\":true,\"blank\":false,\"days_since\":31},"
    " {\"name\":\"政策文件\",\"type\":\"policy\",\"level\":1,\"url\":\"" H "/zcwj/\",\"stale\":true,\"blank\":false},"
    " {\"name\":\"财政资金\",\"type\":\"finance\",\"level\":1,\"url\":\"" H "/czzj/\",\"stale\":false,\"blank\":true},"
    " {\"name\":\"通知公告\",\"type\":\"notice\",\"level\":1,\"url\":\"" H "/tzgg/\",\"stale\":true,\"blank\":false}]}";

/* This round, crawled through another host name: the site renamed (same SiteIDCode), the
 * veto and 再接再励 fixed, the 环境保护局 page moved, one 一如继往 of two fixed, the rule
 * numbers changed, the broken link found from another page, the duplicate's second copy
 * moved, 部门动态 renamed at its address, 政策文件 renamed and moved (the only stale policy
 * column), 财政资金 still blank, 通知公告 fixed, and a new finding. */
static const char *const CUR =
    "{\"site\":\"甲市人民政府\",\"site_id\":\"3300000001\",\"date\":\"2023-08-15\",\"passed\":true,"
    "\"findings\":["
    " {\"rule\":\"outdated:4\",\"category\":\"过时表述\",\"text\":\"环境保护局\",\"suggestion\":\"生态环境局\","
    "  \"url\":\"http://127.0.0.1:8000/new/path/2.html\",\"title\":\"乙文\",\"field\":\"text\"},"
    " {\"rule\":\"typo:12\",\"category\":\"错别字\",\"text\":\"一如继往\",\"suggestion\":\"一如既往\","
    "  \"url\":\"http://127.0.0.1:8000/a/3.html\",\"title\":\"丙文\",\"field\":\"text\"},"
    " {\"rule\":\"typo:7\",\"category\":\"错别字\",\"text\":\"按步就班\",\"suggestion\":\"按部就班\","
    "  \"url\":\"http://127.0.0.1:8000/a/9.html\",\"title\":\"丁文\",\"field\":\"text\"}],"
    "\"links\":[{\"url\":\"http://127.0.0.1:8000/gone.html\",\"status\":404,\"external\":false,"
    "  \"broken\":true,\"where\":\"http://127.0.0.1:8000/index.html\"}],"
    "\"duplicates\":[{\"kind\":\"一稿多发\",\"posts\":[{\"url\":\"http://127.0.0.1:8000/x/5.html\",\"title\":\"同稿\"},"
    "  {\"url\":\"http://127.0.0.1:8000/z/7.html\",\"title\":\"同稿\"}]}],"
    "\"columns\":["
    " {\"name\":\"部门工作动态\",\"type\":\"news\",\"level\":1,\"url\":\"http://127.0.0.1:8000/bmdt/\",\"stale\":true,\"blank\":false,\"days_since\":40},"
    " {\"name\":\"规范性文件\",\"type\":\"policy\",\"level\":1,\"url\":\"http://127.0.0.1:8000/gfxwj/\",\"stale\":true,\"blank\":false},"
    " {\"name\":\"财政资金\",\"type\":\"finance\",\"level\":1,\"url\":\"http://127.0.0.1:8000/czzj/\",\"stale\":false,\"blank\":true},"
    " {\"name\":\"通知公告\",\"type\":\"notice\",\"level\":1,\"url\":\"http://127.0.0.1:8000/tzgg/\",\"stale\":false,\"blank\":false}]}";

/* The texts of list `key` of rectification entry 0, joined by '|'. */
static void texts(json_object *m, const char *key, char *buf, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "rectification.0.%s", key);
    json_object *a = get(m, path);
    buf[0] = '\0';
    for (size_t i = 0; a && i < json_object_array_length(a); i++) {
        strncat(buf, json_object_get_string(get(json_object_array_get_idx(a, i), "text")),
                size - strlen(buf) - 2);
        strcat(buf, "|");
    }
}

START_TEST(rounds_fixed_outstanding_new)
{
    ga_notice_t *n = notice_on("2023-09-01");
    add(n, PREV, 1);
    add(n, CUR, 0);
    json_object *m = model(n);
    ck_assert_int_eq(glen(m, "rectification"), 1);
    ck_assert_str_eq(gets_(m, "rectification.0.site"), "甲市人民政府");
    char fixed[4096], open[4096], fresh[4096];
    texts(m, "fixed", fixed, sizeof fixed);
    texts(m, "outstanding", open, sizeof open);
    texts(m, "new", fresh, sizeof fresh);
    /* Fixed: the veto, 再接再励, one of the two 一如继往, 通知公告's staleness. */
    ck_assert_msg(strstr(fixed, "单项否决：安全、泄密事故等严重问题|"), "%s", fixed);
    ck_assert_msg(strstr(fixed, "再接再励"), "%s", fixed);
    ck_assert_msg(strstr(fixed, "一如继往"), "%s", fixed);
    ck_assert_msg(strstr(fixed, "栏目不更新：通知公告"), "%s", fixed);
    ck_assert_int_eq(glen(m, "rectification.0.fixed"), 4);
    /* Outstanding: the moved page's finding, the other 一如继往, the broken link, the
     * duplicate cluster, both renamed stale columns, the blank column. */
    ck_assert_msg(strstr(open, "环境保护局"), "%s", open);
    ck_assert_msg(strstr(open, "一如继往"), "%s", open);
    ck_assert_msg(strstr(open, "gone.html"), "%s", open);
    ck_assert_msg(strstr(open, "一稿多发：同稿"), "%s", open);
    ck_assert_msg(strstr(open, "栏目不更新：部门工作动态（40天未更新）"), "%s", open);
    ck_assert_msg(strstr(open, "栏目不更新：规范性文件"), "%s", open);
    ck_assert_msg(strstr(open, "空白栏目：财政资金"), "%s", open);
    ck_assert_int_eq(glen(m, "rectification.0.outstanding"), 7);
    /* New: only 按步就班. */
    ck_assert_str_eq(fresh, "错别字「按步就班」应为「按部就班」（丁文）|");
    /* A moved item says where it was; a renamed column what it was called. */
    json_object *o = get(m, "rectification.0.outstanding");
    bool moved = false, renamed = false;
    for (size_t i = 0; i < json_object_array_length(o); i++) {
        json_object *it = json_object_array_get_idx(o, i);
        const char *pu = gets_(it, "previous_url"), *pt = gets_(it, "previous_text");
        moved |= pu && strcmp(pu, H "/old/2.html") == 0;
        renamed |= pt && strcmp(pt, "栏目不更新：部门动态（31天未更新）") == 0;
    }
    ck_assert(moved && renamed);
    char *t = text_of(n);
    ck_assert_ptr_nonnull(strstr(t, "甲市人民政府：上轮问题11个，已整改4个，未整改7个；本轮新发现问题1个，整改不到位。"));
    ck_assert_ptr_nonnull(strstr(t, "1个网站已整改问题4个，尚未整改7个；本轮新发现问题1个。"));
    ck_assert_ptr_nonnull(strstr(t, "（上轮检查1个，合格率0.0%）"));
    ga_string_free(t);
    json_object_put(m);
    ga_notice_free(n);
}
END_TEST

START_TEST(rounds_ambiguous_columns_stay_apart)
{
    /* Two stale news columns renamed and moved: nothing says which is which, so neither
     * pairs on its type; sites without a SiteIDCode pair by name (white space aside). */
    const char *prev = "{\"site\":\"乙 网站\",\"passed\":true,\"columns\":["
                       "{\"name\":\"甲栏\",\"type\":\"news\",\"level\":1,\"url\":\"/a/\",\"stale\":true},"
                       "{\"name\":\"乙栏\",\"type\":\"news\",\"level\":1,\"url\":\"/b/\",\"stale\":true}]}";
    const char *cur = "{\"site\":\"乙网站\",\"passed\":true,\"columns\":["
                      "{\"name\":\"丙栏\",\"type\":\"news\",\"level\":1,\"url\":\"/c/\",\"stale\":true},"
                      "{\"name\":\"丁栏\",\"type\":\"news\",\"level\":1,\"url\":\"/d/\",\"stale\":true}]}";
    ga_notice_t *n = notice_on("2023-09-01");
    add(n, prev, 1);
    add(n, cur, 0);
    add(n, "{\"site\":\"只在本轮\",\"passed\":true}", 0);
    json_object *m = model(n);
    ck_assert_int_eq(glen(m, "rectification"), 1);
    ck_assert_int_eq(glen(m, "rectification.0.fixed"), 2);
    ck_assert_int_eq(glen(m, "rectification.0.new"), 2);
    ck_assert_int_eq(glen(m, "rectification.0.outstanding"), 0);
    json_object_put(m);
    ga_notice_free(n);
}
END_TEST

START_TEST(rounds_deductions_beside_a_veto)
{
    /* A veto stops the scoring: deductions are compared only when neither round has one.
     * Both rounds show W-D4; a veto in one round or the other. */
    static const char *const d4 = "\"deductions\":[{\"id\":\"W-D4\",\"name\":\"空白栏目\"}],";
    static const char *const v1d4 = "\"vetoes\":[{\"id\":\"W-V1\",\"name\":\"安全\"}],"
                                    "\"deductions\":[{\"id\":\"W-D4\",\"name\":\"空白栏目\"}],";
    static const struct {
        const char *prev, *cur;
        size_t fixed, outstanding, fresh;
    } cases[] = {
        {d4, d4, 0, 1, 0},   /* scored twice: W-D4 outstanding */
        {v1d4, d4, 1, 0, 0}, /* the veto fixed; W-D4 not compared */
        {d4, v1d4, 0, 0, 1}, /* the veto new; W-D4 not compared */
        {d4, "", 1, 0, 0},   /* scored twice, W-D4 gone: fixed */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char prev[512];
        snprintf(prev, sizeof prev, "%s", site("甲", "2023-05-15", 0, cases[i].prev));
        ga_notice_t *n = notice_on("2023-09-01");
        add(n, prev, 1);
        add(n, site("甲", "2023-08-15", 0, cases[i].cur), 0);
        json_object *m = model(n);
        ck_assert_uint_eq(glen(m, "rectification.0.fixed"), cases[i].fixed);
        ck_assert_uint_eq(glen(m, "rectification.0.outstanding"), cases[i].outstanding);
        ck_assert_uint_eq(glen(m, "rectification.0.new"), cases[i].fresh);
        json_object_put(m);
        ga_notice_free(n);
    }
}
END_TEST

/* ---- 找错 messages and the ledger ---------------------------------------------------------- */

static const char *const MESSAGES =
    "{\"id\":\"ZC1\",\"site\":\"甲\",\"received\":\"2023-07-01\",\"due\":\"2023-07-04\",\"closed\":\"2023-07-03\"}\n"
    "{\"id\":2,\"site\":\"甲\",\"received\":\"2023-07-02\",\"due\":\"2023-07-05\",\"closed\":\"2023-07-09\"}\n"
    "\n"
    "{\"id\":\"ZC3\",\"site\":\"乙\",\"received\":\"2023-08-20\",\"due\":\"2023-08-25\",\"closed\":null}\n"
    "{\"id\":\"ZC4\",\"site\":\"乙\",\"received\":\"2023-08-30\",\"due\":\"2023-09-04\"}\r\n"
    "{\"id\":\"ZC5\",\"site\":\"乙\",\"received\":\"2023-08-30\",\"due\":\"2023-09-04\",\"closed\":\"2023-09-03\"}\n"
    "{\"id\":\"ZC6\",\"site\":\"丙\",\"received\":\"2023-09-05\",\"due\":\"2023-09-08\",\"closed\":null}\n";

START_TEST(zhaocuo_counts_as_of_the_date)
{
    ga_notice_t *n = notice_on("2023-09-01");
    ck_assert_int_eq(ga_notice_add_messages(n, MESSAGES, strlen(MESSAGES), "m.jsonl", NULL),
                     GA_OK);
    json_object *m = model(n);
    /* ZC6 arrives after the notice date; ZC5 closes after it, so it is open on 09-01. */
    ck_assert_int_eq(geti(m, "zhaocuo.received"), 5);
    ck_assert_int_eq(geti(m, "zhaocuo.closed"), 2);
    ck_assert_int_eq(geti(m, "zhaocuo.on_time"), 1);
    ck_assert_str_eq(json_object_to_json_string(get(m, "zhaocuo.rate")), "40.0");
    ck_assert_int_eq(glen(m, "zhaocuo.open"), 3);
    ck_assert_str_eq(gets_(m, "zhaocuo.open.0.id"), "ZC3");
    ck_assert_int_eq(geti(m, "zhaocuo.open.0.days_overdue"), 7);
    ck_assert_int_eq(geti(m, "zhaocuo.open.1.days_overdue"), 0);
    ck_assert_int_eq(glen(m, "zhaocuo.late"), 1);
    ck_assert_str_eq(gets_(m, "zhaocuo.late.0.id"), "2");
    ck_assert_int_eq(geti(m, "zhaocuo.late.0.days_late"), 4);
    char *t = text_of(n);
    ck_assert_ptr_nonnull(strstr(t, "共收到网民有效留言5条，已办结2条，其中按期办结1条，办结率40.0%；尚未办结3条。"));
    ck_assert_ptr_nonnull(strstr(t, "乙：留言ZC3（2023-08-20收到，应于2023-08-25前办结）尚未办结，已逾期7天。"));
    ga_string_free(t);
    json_object_put(m);
    ga_notice_free(n);

    /* All closed on time: 办结率 100.0%. */
    n = notice_on("2023-09-01");
    const char *eight = "{\"id\":1,\"site\":\"甲\",\"received\":\"2023-07-01\",\"due\":\"2023-07-02\",\"closed\":\"2023-07-02\"}\n"
                        "{\"id\":2,\"site\":\"甲\",\"received\":\"2023-07-01\",\"due\":\"2023-07-02\",\"closed\":\"2023-07-01\"}";
    ck_assert_int_eq(ga_notice_add_messages(n, eight, strlen(eight), "m.jsonl", NULL), GA_OK);
    t = text_of(n);
    ck_assert_ptr_nonnull(strstr(t, "共收到网民有效留言2条，均已按期办结，办结率100.0%。"));
    ga_string_free(t);
    ga_notice_free(n);
}
END_TEST

START_TEST(late_reports_as_of_the_date)
{
    const char *ledger =
        "{\"site\":\"甲\",\"due\":\"2023-07-15\",\"submitted\":null}\n"
        "{\"site\":\"乙\",\"due\":\"2023-07-15\",\"submitted\":\"2023-07-20\"}\n"
        "{\"site\":\"丙\",\"due\":\"2023-07-15\",\"submitted\":\"2023-07-15\"}\n"
        "{\"site\":\"丁\",\"due\":\"2023-09-15\",\"submitted\":null}\n"
        "{\"site\":\"戊\",\"due\":\"2023-08-20\",\"submitted\":\"2023-09-10\"}\n";
    ga_notice_t *n = notice_on("2023-09-01");
    ck_assert_int_eq(ga_notice_add_reports(n, ledger, strlen(ledger), "l.jsonl", NULL), GA_OK);
    json_object *m = model(n);
    /* 甲 none by 09-01 (48 days), 戊 none by 09-01 (its report comes later: 12 days), 乙 late
     * by 5; 丙 on time and 丁 not yet due are not late. */
    ck_assert_int_eq(glen(m, "late_reports"), 3);
    ck_assert_str_eq(gets_(m, "late_reports.0.site"), "甲");
    ck_assert_int_eq(geti(m, "late_reports.0.days_late"), 48);
    ck_assert_ptr_null(get(m, "late_reports.0.submitted"));
    ck_assert_str_eq(gets_(m, "late_reports.1.site"), "戊");
    ck_assert_int_eq(geti(m, "late_reports.1.days_late"), 12);
    ck_assert_str_eq(gets_(m, "late_reports.2.submitted"), "2023-07-20");
    ck_assert_int_eq(geti(m, "late_reports.2.days_late"), 5);
    char *t = text_of(n);
    ck_assert_ptr_nonnull(strstr(t, "甲超过1个月未提交整改报告（应于2023-07-15前提交，已逾期48天）。"));
    ck_assert_ptr_nonnull(strstr(t, "乙逾期5天提交整改报告"));
    ga_string_free(t);
    json_object_put(m);
    ga_notice_free(n);
}
END_TEST

/* ---- input errors --------------------------------------------------------------------------- */

static void expect_error(ga_status_t st, ga_error_t *err, size_t line, size_t col,
                         const char *words)
{
    ck_assert_int_eq(st, GA_ERR_SYNTAX);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(ga_error_message(err), words), "message: %s", ga_error_message(err));
    ck_assert_str_eq(ga_error_file(err), "in.jsonl");
    ck_assert_uint_eq(ga_error_line(err), line);
    if (col)
        ck_assert_uint_eq(ga_error_column(err), col);
    ga_error_free(err);
}

static void lines_error(bool messages, const char *text, size_t line, size_t col,
                        const char *words)
{
    ga_notice_t *n = notice_on("2023-09-01");
    ga_error_t *err = NULL;
    ga_status_t st = messages ? ga_notice_add_messages(n, text, strlen(text), "in.jsonl", &err)
                              : ga_notice_add_reports(n, text, strlen(text), "in.jsonl", &err);
    expect_error(st, err, line, col, words);
    /* A failed file adds nothing. */
    json_object *m = model(n);
    ck_assert_int_eq(geti(m, "zhaocuo.received"), 0);
    ck_assert_int_eq(glen(m, "late_reports"), 0);
    json_object_put(m);
    ga_notice_free(n);
}

START_TEST(input_errors_name_file_and_line)
{
    const char *ok = "{\"id\":\"a\",\"site\":\"甲\",\"received\":\"2023-07-01\",\"due\":\"2023-07-04\",\"closed\":null}\n";
    char buf[1024];
    snprintf(buf, sizeof buf, "%s\n{\"id\":\"b\",\"site\":\"甲\",\"received\":\"2023-7-1\",\"due\":\"2023-07-04\"}\n", ok);
    lines_error(true, buf, 3, 33, "received: must be a date YYYY-MM-DD");
    snprintf(buf, sizeof buf, "%s{\"id\":\"b\",\"site\":\"甲\",\"received\":\"2023-07-01\"}\n", ok);
    lines_error(true, buf, 2, 1, "missing 'due'");
    snprintf(buf, sizeof buf, "%s%s", ok, ok);
    lines_error(true, buf, 2, 0, "message id 'a' appears twice (also on line 1)");
    lines_error(true, "{\"id\":\"a\",\"site\":\"甲\",\"received\":\"2023-07-05\",\"due\":\"2023-07-04\"}",
                1, 0, "due: is before 'received'");
    lines_error(true, "{\"id\":\"a\",\"site\":\"甲\",\"received\":\"2023-07-05\",\"due\":\"2023-07-08\",\"closed\":\"2023-07-01\"}",
                1, 0, "closed: is before 'received'");
    lines_error(true, "{\"id\":\"\",\"site\":\"甲\"}", 1, 7, "id: must be a non-empty string or an integer");
    lines_error(true, "[1,2]\n", 1, 1, "each line must be a JSON object");
    snprintf(buf, sizeof buf, "%s{\"id\":\"c\",\"site\":", ok);
    lines_error(true, buf, 2, 0, "unexpected end");
    lines_error(false, "{\"site\":\"甲\",\"due\":\"2023-07-15\",\"submitted\":15}", 1, 44,
                "submitted: must be a date YYYY-MM-DD or null");
    lines_error(false, "{\"site\":42,\"due\":\"2023-07-15\"}", 1, 9, "site: must be a non-empty string");
    lines_error(false, "{\"site\":\"甲\",\"due\":\"2023-02-30\"}", 1, 0, "due: must be a date");
}
END_TEST

START_TEST(result_errors_name_the_value)
{
    static const struct {
        const char *json;
        size_t line, col;
        const char *words;
    } cases[] = {
        {"{\"site\":\"甲\",\n \"passed\":true,\n \"findings\":{}}", 3, 13, "findings: must be an array"},
        {"{\"site\":\"甲\",\"passed\":true,\n\"links\":[{\"url\":\"x\",\"status\":\"404\"}]}", 2, 30,
         "links[0].status: must be an integer or null"},
        {"{\"site\":\"甲\",\"passed\":true,\"object\":\"weibo\"}", 1, 36, "object: must be \"website\" or \"newmedia\""},
        {"{\"site\":\"甲\",\"passed\":true,\"date\":\"yesterday\"}", 1, 34, "date: must be a date YYYY-MM-DD"},
        {"{\"site\":\"甲\"}", 1, 1, "needs 'passed'"},
        {"{\"site\":\"甲\",\"passed\":true,\"duplicates\":[{\"posts\":[1]}]}", 1, 0, "duplicates[0].posts[0]: each entry must be an object"},
        {"{\"site\":\"甲\",\"passed\":tru}", 1, 0, ""},
        {"[]", 1, 1, "must be a JSON object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ga_notice_t *n = notice_on(NULL);
        ga_error_t *err = NULL;
        ga_status_t st = ga_notice_add_result(n, cases[i].json, strlen(cases[i].json), "in.jsonl",
                                              i & 1, &err);
        expect_error(st, err, cases[i].line, cases[i].col, cases[i].words);
        json_object *m = model(n);
        ck_assert_int_eq(geti(m, "websites.checked"), 0);
        json_object_put(m);
        ga_notice_free(n);
    }
    /* Messages without any date known: refused, saying why. */
    ga_notice_t *n = notice_on(NULL);
    const char *msg = "{\"id\":1,\"site\":\"甲\",\"received\":\"2023-07-01\",\"due\":\"2023-07-02\"}";
    ck_assert_int_eq(ga_notice_add_messages(n, msg, strlen(msg), NULL, NULL), GA_OK);
    ga_error_t *err = NULL;
    char *out = NULL;
    ck_assert_int_eq(ga_notice_json(n, 0, &out, NULL, &err), GA_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "no date"));
    ga_error_free(err);
    ck_assert_int_eq(ga_notice_json(n, 8, &out, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_notice_set_date(n, day("0000-01-01"), NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_notice_add_result(NULL, "{}", 2, NULL, 0, NULL), GA_ERR_INVALID_ARGUMENT);
    ga_notice_free(n);
    ga_notice_free(NULL);
}
END_TEST

START_TEST(empty_notice_renders)
{
    /* Nothing added (found by fuzz-notice: no hits to sort). */
    ga_notice_t *n = notice_on(NULL);
    json_object *m = model(n);
    ck_assert_int_eq(geti(m, "websites.checked"), 0);
    ck_assert_int_eq(glen(m, "problems"), 0);
    ck_assert_ptr_null(get(m, "date"));
    char *t = text_of(n);
    ck_assert_ptr_nonnull(strstr(t, "本次检查未发现问题。"));
    ga_string_free(t);
    json_object_put(m);
    ga_notice_free(n);
}
END_TEST

/* ---- HTML ---------------------------------------------------------------------------------- */

START_TEST(html_escapes_and_holds_the_sections)
{
    ga_notice_t *n = notice_on("2023-09-01");
    add(n, site("<script>alert(1)</script>", "2023-08-15", 0, VETO_DUP), 0);
    add(n, PREV, 1);
    add(n, CUR, 0);
    char *h = NULL;
    ck_assert_int_eq(ga_notice_html(n, 0, &h, NULL, NULL), GA_OK);
    ck_assert_ptr_null(strstr(h, "<script>"));
    ck_assert_ptr_nonnull(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    ck_assert_ptr_nonnull(strstr(h, "Content-Security-Policy"));
    ck_assert_ptr_nonnull(strstr(h, "<h2>一、总体情况</h2>"));
    ck_assert_ptr_nonnull(strstr(h, "<h2>二、发现的主要问题</h2>"));
    ck_assert_ptr_nonnull(strstr(h, "附件：政府网站与政务新媒体检查问题清单"));
    ck_assert_ptr_nonnull(strstr(h, "合格率 <b>50.0%</b>"));
    ck_assert_ptr_nonnull(strstr(h, "<h3>整改情况</h3>"));
    ga_string_free(h);
    ga_notice_free(n);
}
END_TEST

/* ---- threads ------------------------------------------------------------------------------- */

typedef struct render_job {
    const ga_notice_t *n;
    const char *want;
    int same;
} render_job_t;

static void *render_thread(void *arg)
{
    render_job_t *j = arg;
    j->same = 1;
    for (int k = 0; k < 20; k++) {
        char *out = NULL;
        if (ga_notice_json(j->n, 0, &out, NULL, NULL) != GA_OK || strcmp(out, j->want) != 0)
            j->same = 0;
        ga_string_free(out);
    }
    return NULL;
}

START_TEST(renderings_share_a_notice_across_threads)
{
    /* Rendering only reads the notice: threads get the single-threaded answer. */
    ga_notice_t *n = notice_on("2023-09-01");
    add(n, PREV, 1);
    add(n, CUR, 0);
    ck_assert_int_eq(ga_notice_add_messages(n, MESSAGES, strlen(MESSAGES), "m.jsonl", NULL), GA_OK);
    char *want = NULL;
    ck_assert_int_eq(ga_notice_json(n, 0, &want, NULL, NULL), GA_OK);
    pthread_t t[4];
    render_job_t jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (render_job_t){n, want, 0};
        ck_assert_int_eq(pthread_create(&t[i], NULL, render_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        ck_assert(jobs[i].same);
    }
    ga_string_free(want);
    ga_notice_free(n);
}
END_TEST

/* ---- DOCX ---------------------------------------------------------------------------------- */

/* word/document.xml of a DOCX held in memory (NUL-terminated, caller frees). */
static char *docx_part(const char *data, size_t len, const char *name)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    ck_assert_msg(z, "not a ZIP: %s", zip_error_strerror(&ze));
    zip_stat_t sb;
    ck_assert_int_eq(zip_stat(z, name, 0, &sb), 0);
    char *buf = calloc(1, sb.size + 1);
    zip_file_t *f = zip_fopen(z, name, 0);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(zip_fread(f, buf, sb.size), (zip_int64_t)sb.size);
    zip_fclose(f);
    ck_assert_int_eq(zip_get_num_entries(z, 0), 3);
    zip_close(z);
    zip_error_fini(&ze);
    return buf;
}

START_TEST(docx_is_a_wordprocessing_document)
{
    ga_notice_t *n = notice_on("2023-09-01");
    add(n, site("甲<乙>&\\u0001丙", "2023-08-15", 0, VETO_DUP), 0);
    add(n, site("丁", "2023-08-15", 1, NULL), 0);
    char *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(ga_notice_docx(n, 0, &out, &len, NULL), GA_OK);
    ck_assert_uint_gt(len, 100);
    ck_assert(memcmp(out, "PK\x03\x04", 4) == 0);
    char *types = docx_part(out, len, "[Content_Types].xml");
    ck_assert_ptr_nonnull(strstr(types, "wordprocessingml.document.main+xml"));
    free(types);
    char *doc = docx_part(out, len, "word/document.xml");
    xmlDocPtr x = xmlReadMemory(doc, (int)strlen(doc), "document.xml", NULL, XML_PARSE_NONET);
    ck_assert_msg(x != NULL, "document.xml is not well-formed XML");
    xmlFreeDoc(x);
    ck_assert_ptr_nonnull(strstr(doc, ">关于2023年第三季度政府网站检查情况的通报</w:t>"));
    ck_assert_ptr_nonnull(strstr(doc, "<w:jc w:val=\"center\"/>"));
    ck_assert_ptr_nonnull(strstr(doc, "合格率50.0%"));
    ck_assert_ptr_nonnull(strstr(doc, "<w:tbl>"));
    ck_assert_ptr_nonnull(strstr(doc, "<w:tblGrid>"));
    ck_assert_ptr_nonnull(strstr(doc, ">序号</w:t>"));
    /* The control character is a space in the text, the markup characters escaped. */
    ck_assert_ptr_nonnull(strstr(doc, "甲&lt;乙&gt;&amp; 丙"));
    ck_assert_ptr_nonnull(strstr(doc, ">2023年9月1日</w:t>"));
    free(doc);
    ga_string_free(out);
    ck_assert_int_eq(ga_notice_docx(n, 1, &out, &len, NULL), GA_ERR_INVALID_ARGUMENT);
    ga_notice_free(n);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("notice");
    TCase *tc = tcase_create("notice");
    tcase_add_test(tc, rates_round_as_printed);
    tcase_add_test(tc, rates_half_up_and_groups);
    tcase_add_test(tc, problems_vetoes_first_most_sites_first);
    tcase_add_test(tc, rounds_fixed_outstanding_new);
    tcase_add_test(tc, rounds_ambiguous_columns_stay_apart);
    tcase_add_test(tc, rounds_deductions_beside_a_veto);
    tcase_add_test(tc, zhaocuo_counts_as_of_the_date);
    tcase_add_test(tc, late_reports_as_of_the_date);
    tcase_add_test(tc, input_errors_name_file_and_line);
    tcase_add_test(tc, result_errors_name_the_value);
    tcase_add_test(tc, empty_notice_renders);
    tcase_add_test(tc, html_escapes_and_holds_the_sections);
    tcase_add_test(tc, docx_is_a_wordprocessing_document);
    tcase_add_test(tc, renderings_share_a_notice_across_threads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return ga_run_suite(suite());
}
