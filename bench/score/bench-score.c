/* Scoring a province: 531 synthetic websites (the size of the notice's batch) of
 * realistic shape. Figures are printed next to anchors measured in the same run:
 * - loading observations JSON vs json-c parsing the same text (the loader's overhead);
 * - scoring vs one bare pass over the same timestamps (the evaluator's overhead);
 * - rendering results as JSON. No external data is needed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include <govaudit/govaudit.h>

#include "core/core-internal.h"

#define SITES 531
#define COLUMNS 200
#define ITEMS 30
#define PROBES 140
#define MESSAGES 100
#define LINKS 400

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* One site as observations JSON text. */
static void site_json(ga_buf_t *b, int s)
{
    char tmp[256];
    const int64_t T = 1691711999; /* 2023-08-10 23:59:59 */
    char d[20];
#define PUT(...) (snprintf(tmp, sizeof tmp, __VA_ARGS__), ga_buf_append(b, tmp, strlen(tmp)))
    PUT("{\"object\":\"website\",\"site\":\"某市%d政府\",\"site_id\":\"32030000%02d\",\"date\":\"2023-08-10\","
        "\"flags\":{\"has_consult_channel\":true,\"has_service\":true},"
        "\"observed\":[\"findings\",\"duplicates\",\"pages\"],\"probes\":[", s, s % 100);
    for (int i = 0; i < PROBES; i++)
        PUT("%s{\"time\":\"%s\",\"ok\":%s,\"latency_ms\":%d}", i ? "," : "",
            ga_time_format(T - i * 4320, 0, d), next() % 100 ? "true" : "false", (int)(next() % 3000));
    PUT("],\"home\":[{\"time\":\"%s\"}],\"columns\":[", ga_time_format(T - 86400, 0, d));
    for (int c = 0; c < COLUMNS; c++) {
        static const char *types[] = {"news", "notice", "policy", "other"};
        PUT("%s{\"id\":\"c%d\",\"name\":\"栏目%d\",\"type\":\"%s\",\"level\":%d,\"blank\":%s,\"items\":[",
            c ? "," : "", c, c, types[c % 4], 1 + c % 3, c % 97 == 0 ? "true" : "false");
        for (int i = 0; i < ITEMS; i++)
            PUT("%s\"%s\"", i ? "," : "", ga_time_format(T - (int64_t)(next() % ((c % 4 ? 240 : 40) * 86400)), 0, d));
        PUT("]}");
    }
    PUT("],\"messages\":[");
    for (int i = 0; i < MESSAGES; i++) {
        int64_t sub = T - (int64_t)(next() % (300 * 86400));
        PUT("%s{\"column_type\":\"consult\",\"submitted\":\"%s\",", i ? "," : "", ga_time_format(sub, 0, d));
        PUT("\"replied\":\"%s\"}", ga_time_format(sub + (int64_t)(next() % (20 * 86400)), 0, d));
    }
    PUT("],\"links\":[");
    for (int i = 0; i < LINKS; i++)
        PUT("%s{\"url\":\"https://www.x%d.gov.cn/art/%d.html\",\"status\":%d,\"where\":\"https://www.x%d.gov.cn/\"}",
            i ? "," : "", s, i, next() % 50 ? 200 : 404, s);
    PUT("]}");
#undef PUT
}

int main(void)
{
    ga_profile_t *p = NULL;
    ga_error_t *err = NULL;
    if (ga_profile_load_builtin("gov-website-2019", &p, &err) != GA_OK) {
        printf("bench-score: skipped: built-in profile not found (%s)\n", ga_error_message(err));
        ga_error_free(err);
        return 0;
    }
    ga_buf_t *texts = calloc(SITES, sizeof *texts);
    size_t bytes = 0;
    for (int s = 0; s < SITES; s++) {
        site_json(&texts[s], s);
        bytes += texts[s].len;
    }

    /* Anchor 1: json-c alone on the same text. */
    double t0 = now();
    for (int s = 0; s < SITES; s++)
        json_object_put(json_tokener_parse(texts[s].data));
    double t_jsonc = now() - t0;

    ga_observations_t **obs = calloc(SITES, sizeof *obs);
    t0 = now();
    for (int s = 0; s < SITES; s++)
        if (ga_observations_parse(texts[s].data, texts[s].len, "bench", &obs[s], &err) != GA_OK) {
            printf("bench-score: load failed: %s\n", ga_error_message(err));
            return 1;
        }
    double t_load = now() - t0;

    /* Anchor 2: the same column timestamps copied to one flat array, counted against a
     * 14-day window in one pass: the least work any evaluator must do. */
    const int reps = 20;
    const int64_t T = 1691711999;
    int64_t **flat = calloc(SITES, sizeof *flat);
    for (int s = 0; s < SITES; s++) {
        json_object *root = json_tokener_parse(texts[s].data), *cols, *items;
        json_object_object_get_ex(root, "columns", &cols);
        flat[s] = calloc(COLUMNS * ITEMS, sizeof **flat);
        for (int c = 0; c < COLUMNS; c++) {
            json_object_object_get_ex(json_object_array_get_idx(cols, c), "items", &items);
            for (int i = 0; i < ITEMS; i++) {
                const char *t = json_object_get_string(json_object_array_get_idx(items, i));
                ga_time_parse(t, strlen(t), &flat[s][c * ITEMS + i], NULL);
            }
        }
        json_object_put(root);
    }
    t0 = now();
    ga_score_result_t *r = NULL;
    size_t passed = 0;
    for (int k = 0; k < reps; k++)
        for (int s = 0; s < SITES; s++) {
            if (ga_score(p, obs[s], &r, NULL) != GA_OK)
                return 1;
            passed += ga_score_result_passed(r);
            ga_score_result_free(r);
        }
    double t_score = (now() - t0) / reps;

    t0 = now();
    uint64_t acc = 0;
    for (int k = 0; k < reps; k++)
        for (int s = 0; s < SITES; s++)
            for (int i = 0; i < COLUMNS * ITEMS; i++)
                acc += flat[s][i] > T - 14 * 86400 && flat[s][i] <= T;
    double t_scan = (now() - t0) / reps;

    size_t out_bytes = 0;
    t0 = now();
    for (int s = 0; s < SITES; s++) {
        char *json;
        size_t n;
        ga_score(p, obs[s], &r, NULL);
        ga_score_result_json(r, obs[s], 0, &json, &n, NULL);
        out_bytes += n;
        ga_string_free(json);
        ga_score_result_free(r);
    }
    double t_json = now() - t0 - t_score;

    printf("province of %d sites, %.1f MB observations JSON (%d columns × %d items, %d probes, "
           "%d messages, %d links each)\n", SITES, bytes / 1e6, COLUMNS, ITEMS, PROBES, MESSAGES, LINKS);
    printf("  load observations  %8.1f ms  %6.1f MB/s   anchor json-c parse only %8.1f ms  ratio %.2f\n",
           t_load * 1e3, bytes / 1e6 / t_load, t_jsonc * 1e3, t_load / t_jsonc);
    printf("  score              %8.2f ms  %6.1f µs/site  anchor flat scan of the item times %6.2f ms  ratio %.2f\n",
           t_score * 1e3, t_score * 1e6 / SITES, t_scan * 1e3, t_score / t_scan);
    printf("  score + JSON       %8.2f ms  (%.1f MB of results)\n", (t_json + t_score) * 1e3, out_bytes / 1e6);
    printf("  passed %zu of %d (anchor checksum %llu)\n", passed / reps, SITES,
           (unsigned long long)(acc % 1000));
    for (int s = 0; s < SITES; s++) {
        ga_observations_free(obs[s]);
        ga_buf_free(&texts[s]);
    }
    free(obs);
    for (int s = 0; s < SITES; s++)
        free(flat[s]);
    free(flat);
    free(texts);
    ga_profile_free(p);
    return 0;
}
