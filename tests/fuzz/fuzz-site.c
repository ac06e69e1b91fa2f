/* The site auditor over arbitrary crawls: never crashes, and its reports are valid UTF-8.
 * Input: records separated by 0x1E; each record is "STATUS URL [LOCATION]\n" then the body.
 * The auditor gets them as pages (no dedup, to keep runs fast: dedup has its own target). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char profile_json[] =
    "{\"format\": \"govaudit-profile/1\", \"id\": \"fuzz\", \"name\": \"fuzz\", \"object\": \"website\","
    " \"policy\": {\"mode\": \"scored\", \"deduct_max\": 100, \"fail_below\": 60},"
    " \"indicators\": ["
    "  {\"id\": \"V\", \"name\": \"v\", \"kind\": \"veto\", \"metric\": \"stale_columns\","
    "   \"columns\": [{\"types\": [\"news\"], \"window\": \"14d\"},"
    "                 {\"types\": [\"notice\", \"policy\"], \"level\": 1, \"window\": \"6m\"}],"
    "   \"op\": \"ge\", \"threshold\": 2},"
    "  {\"id\": \"H\", \"name\": \"h\", \"kind\": \"veto\", \"metric\": \"new_items\", \"window\": \"14d\","
    "   \"op\": \"eq\", \"threshold\": 0},"
    "  {\"id\": \"B\", \"name\": \"b\", \"kind\": \"deduct\", \"metric\": \"broken_links\", \"scope\": \"any\","
    "   \"op\": \"ge\", \"threshold\": 1, \"points\": 1, \"per\": \"once\"},"
    "  {\"id\": \"K\", \"name\": \"k\", \"kind\": \"deduct\", \"metric\": \"blank_columns\","
    "   \"op\": \"ge\", \"threshold\": 1, \"points\": 1, \"per\": \"once\"},"
    "  {\"id\": \"F\", \"name\": \"f\", \"kind\": \"veto\", \"metric\": \"text_findings\","
    "   \"severity\": [\"serious\"], \"op\": \"ge\", \"threshold\": 1},"
    "  {\"id\": \"M\", \"name\": \"m\", \"kind\": \"veto\", \"metric\": \"unanswered_messages\","
    "   \"age\": \"3m\", \"window\": \"1y\", \"op\": \"ge\", \"threshold\": 1},"
    "  {\"id\": \"G\", \"name\": \"g\", \"kind\": \"veto\", \"metric\": \"guides_missing_elements\","
    "   \"elements\": [\"事项名称\", \"办理材料\"], \"missing_min\": 1, \"op\": \"ge\", \"threshold\": 1},"
    "  {\"id\": \"D\", \"name\": \"d\", \"kind\": \"problem\", \"metric\": \"changed_dates\","
    "   \"age\": \"1m\", \"op\": \"ge\", \"threshold\": 1},"
    "  {\"id\": \"I\", \"name\": \"i\", \"kind\": \"problem\", \"metric\": \"site_problems\","
    "   \"kinds\": [\"identity\"], \"op\": \"ge\", \"threshold\": 1}"
    " ]}";

static ga_profile_t *profile;
static ga_matcher_t *matcher;

static void init(void)
{
    ga_error_t *err = NULL;
    if (ga_profile_parse(profile_json, strlen(profile_json), "fuzz", &profile, &err) != GA_OK) {
        fprintf(stderr, "fuzz-site: %s\n", ga_error_message(err));
        abort();
    }
    ga_rules_t *rules = ga_rules_new();
    const char *text = "@category 错别字\n@severity normal\n再接再励\t再接再厉\n"
                       "@severity serious\n严重错误\t正确\n";
    if (ga_rules_add_text(rules, "fuzz.rules", text, strlen(text), NULL) != GA_OK ||
        ga_matcher_compile(rules, &matcher, NULL) != GA_OK)
        abort();
    ga_rules_free(rules);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!profile)
        init();
    int64_t t;
    if (ga_time_parse("2023-08-15 23:59:59", 19, &t, NULL) != GA_OK)
        abort();
    ga_site_options_t o = {.size = sizeof o, .flags = GA_SITE_NO_DEDUP, .max_findings = 50};
    ga_site_auditor_t *a;
    if (ga_site_auditor_new(profile, matcher, t, &o, &a, NULL) != GA_OK)
        abort();
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *rec_end = memchr(p, 0x1E, (size_t)(end - p));
        if (!rec_end)
            rec_end = end;
        const char *nl = memchr(p, '\n', (size_t)(rec_end - p));
        const char *head_end = nl ? nl : rec_end;
        char head[1024];
        size_t hn = (size_t)(head_end - p) < sizeof head - 1 ? (size_t)(head_end - p) : sizeof head - 1;
        memcpy(head, p, hn);
        head[hn] = '\0';
        char *sp = strchr(head, ' ');
        int status = atoi(head);
        char *url = sp ? sp + 1 : head;
        char *loc = strchr(url, ' ');
        if (loc)
            *loc++ = '\0';
        const char *body = nl ? nl + 1 : rec_end;
        size_t len = (size_t)(rec_end - body);
        char *copy = malloc(len + 1);
        memcpy(copy, body, len);
        copy[len] = '\0';
        ga_error_t *err = NULL;
        ga_status_t st = ga_site_auditor_add_page(a, url, status, status % 3 ? "text/html" : NULL,
                                                  loc, copy, len, &err);
        free(copy);
        if (st != GA_OK) {
            fprintf(stderr, "fuzz-site: %s\n", ga_error_message(err));
            abort(); /* only out of memory may fail here */
        }
        p = rec_end + (rec_end < end);
    }
    ga_site_result_t *r = NULL;
    if (ga_site_auditor_finish(a, &r, NULL) == GA_OK) {
        char *s;
        size_t n;
        size_t bad = 0;
        if (ga_report_json(r, GA_REPORT_ALL, &s, &n, NULL) != GA_OK ||
            ga_utf8_validate(s, n, &bad) != GA_OK) {
            fprintf(stderr, "fuzz-site: report JSON not UTF-8 at byte %zu: %.80s\n", bad,
                    s + (bad > 40 ? bad - 40 : 0));
            abort();
        }
        ga_string_free(s);
        if (ga_report_html(r, 0, &s, &n, NULL) != GA_OK || ga_utf8_validate(s, n, NULL) != GA_OK)
            abort();
        ga_string_free(s);
        ga_site_result_free(r);
    }
    ga_site_auditor_free(a);
    return 0;
}
