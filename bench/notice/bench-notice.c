/* The notice of a province: 531 synthetic website results (the size of a notice's batch)
 * in two rounds, each with findings, broken links, duplicate clusters and columns, a
 * quarter of them moved or renamed between the rounds, plus one site at the audit's cap of
 * 5000 findings. Figures are printed next to anchors measured in the same run:
 * - reading the results (parse and check) vs json-c parsing the same text;
 * - the notice (rates, problems, matching between rounds, rendering) vs json-c parsing and
 *   serialising the same results once (the least a program reading and writing them does).
 * No external data is needed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include <govaudit/govaudit.h>

#include "core/core-internal.h"

#define SITES 531
#define FINDINGS 200
#define LINKS 50
#define DUPS 20
#define COLUMNS 60
#define BIG_FINDINGS 5000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Site `s` in round `round` (0 previous, 1 this): a quarter of the pages moved in round 1,
 * a fifth of the problems fixed and as many new. */
static void site_json(ga_buf_t *b, int s, int round, int findings)
{
    char tmp[512];
#define PUT(...) (snprintf(tmp, sizeof tmp, __VA_ARGS__), ga_buf_append(b, tmp, strlen(tmp)))
    const char *host = round ? "http://127.0.0.1:8000" : "http://www.s.gov.cn";
    PUT("{\"site\":\"某市%d政府\",\"owner\":\"某市%d政府办公室\",\"site_id\":\"32030%05d\","
        "\"object\":\"website\",\"date\":\"%s\",\"passed\":%s,\"vetoes\":[",
        s, s, s, round ? "2023-08-15" : "2023-05-15", (s + round) % 10 ? "true" : "false");
    if (s % 17 == round)
        PUT("{\"id\":\"W-V1\",\"name\":\"安全、泄密事故等严重问题\",\"points\":0,\"evidence\":["
            "{\"text\":\"W-V1.5a 弄虚作假：同站一稿多发: duplicate_posts = 1 (≥ 1)\"}]}");
    PUT("],\"deductions\":[{\"id\":\"W-D4\",\"name\":\"空白栏目\",\"points\":5,\"evidence\":[]}],"
        "\"problems\":[],\"findings_total\":%d,\"findings\":[", findings);
    for (int i = 0; i < findings; i++) {
        int k = i + (round && i % 5 == 0 ? 100000 : 0); /* a fifth fixed, as many new */
        const char *dir = round && k % 4 == 1 ? "moved" : "art";
        PUT("%s{\"rule\":\"typo:%d\",\"category\":\"错别字\",\"severity\":\"normal\",\"text\":\"错字%d\","
            "\"suggestion\":\"正字%d\",\"url\":\"%s/%s/%d.html\",\"title\":\"文章%d\",\"field\":\"text\","
            "\"start\":10,\"end\":16,\"before\":\"前文%d\",\"after\":\"后文\"}",
            i ? "," : "", k % 300 + round, k, k, host, dir, k / 3, k / 3, k);
    }
    PUT("],\"links\":[");
    for (int i = 0; i < LINKS; i++)
        PUT("%s{\"url\":\"%s/gone/%d.html\",\"status\":404,\"external\":false,\"broken\":true,"
            "\"text\":\"链接%d\",\"where\":\"%s/art/%d.html\"}",
            i ? "," : "", host, i + (round && i % 5 == 0 ? 1000 : 0), i, host, i * 7);
    PUT("],\"duplicates\":[");
    for (int i = 0; i < DUPS; i++)
        PUT("%s{\"kind\":\"一稿多发\",\"similarity\":1,\"posts\":[{\"url\":\"%s/a/%d.html\",\"title\":\"同稿%d\"},"
            "{\"url\":\"%s/%s/%d.html\",\"title\":\"同稿%d\"}]}",
            i ? "," : "", host, i, i, host, round ? "b2" : "b", i, i);
    PUT("],\"columns\":[");
    for (int c = 0; c < COLUMNS; c++)
        PUT("%s{\"id\":\"c%d\",\"name\":\"栏目%d%s\",\"type\":\"news\",\"level\":2,\"url\":\"%s/col%d/\","
            "\"stale\":%s,\"blank\":%s,\"days_since\":%d}",
            c ? "," : "", c, c, round && c % 4 == 0 ? "（新）" : "", host, c,
            c % 3 ? "true" : "false", c % 7 ? "false" : "true", 20 + c);
    PUT("]}");
#undef PUT
}

int main(void)
{
    ga_buf_t *texts = calloc(2 * SITES, sizeof *texts);
    size_t bytes = 0;
    for (int r = 0; r < 2; r++)
        for (int s = 0; s < SITES; s++) {
            site_json(&texts[r * SITES + s], s, r, s == 0 ? BIG_FINDINGS : FINDINGS);
            bytes += texts[r * SITES + s].len;
        }

    /* Anchor: json-c parses the same text and writes it out again. */
    double t0 = now();
    size_t written = 0;
    for (int i = 0; i < 2 * SITES; i++) {
        json_object *o = json_tokener_parse(texts[i].data);
        size_t n = 0;
        json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &n);
        written += n;
        json_object_put(o);
    }
    double t_anchor = now() - t0;

    ga_notice_t *n = NULL;
    ga_error_t *err = NULL;
    if (ga_notice_new(&n, NULL) != GA_OK)
        return 1;
    t0 = now();
    for (int i = 0; i < 2 * SITES; i++)
        if (ga_notice_add_result(n, texts[i].data, texts[i].len, "bench", i < SITES, &err) !=
            GA_OK) {
            printf("bench-notice: %s\n", ga_error_message(err));
            return 1;
        }
    double t_add = now() - t0;

    char *out = NULL;
    size_t len = 0;
    t0 = now();
    if (ga_notice_json(n, 0, &out, &len, NULL) != GA_OK)
        return 1;
    double t_json = now() - t0;
    json_object *m = json_tokener_parse(out), *rect, *e, *l;
    size_t fixed = 0, outstanding = 0, fresh = 0;
    json_object_object_get_ex(m, "rectification", &rect);
    for (size_t i = 0; i < json_object_array_length(rect); i++) {
        e = json_object_array_get_idx(rect, i);
        fixed += json_object_object_get_ex(e, "fixed", &l) ? json_object_array_length(l) : 0;
        outstanding += json_object_object_get_ex(e, "outstanding", &l) ? json_object_array_length(l) : 0;
        fresh += json_object_object_get_ex(e, "new", &l) ? json_object_array_length(l) : 0;
    }
    json_object_put(m);
    ga_string_free(out);
    t0 = now();
    if (ga_notice_text(n, 0, &out, NULL, NULL) != GA_OK)
        return 1;
    double t_text = now() - t0;
    ga_string_free(out);

    printf("province of %d sites in two rounds, %.1f MB of results (%d findings, %d broken links, "
           "%d duplicate clusters, %d columns each; one site with %d findings)\n",
           SITES, bytes / 1e6, FINDINGS, LINKS, DUPS, COLUMNS, BIG_FINDINGS);
    printf("  read results      %8.1f ms  %6.1f MB/s   anchor json-c parse + write %8.1f ms  ratio %.2f\n",
           t_add * 1e3, bytes / 1e6 / t_add, t_anchor * 1e3, t_add / t_anchor);
    printf("  notice JSON       %8.1f ms  (%.1f MB)    anchor json-c parse + write %8.1f ms  ratio %.2f\n",
           t_json * 1e3, len / 1e6, t_anchor * 1e3, t_json / t_anchor);
    printf("  notice text       %8.1f ms\n", t_text * 1e3);
    printf("  between rounds: %zu fixed, %zu outstanding, %zu new (anchor wrote %.1f MB)\n", fixed,
           outstanding, fresh, written / 1e6);
    ga_notice_free(n);
    for (int i = 0; i < 2 * SITES; i++)
        ga_buf_free(&texts[i]);
    free(texts);
    return 0;
}
