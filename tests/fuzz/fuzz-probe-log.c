/* Probe logs and robots.txt on arbitrary bytes: never crash; every probe read is observed
 * for the site of its own first line and for a fixed site, and the observations score
 * against a profile reading probes (outages and the per-day rule) and render as JSON.
 * The same bytes as robots.txt answer checks of a few paths; as a certificate date and a
 * URL they go through those small parsers too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "probe/probe-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char profile_json[] =
    "{\"format\":\"govaudit-profile/1\",\"id\":\"f\",\"name\":\"f\",\"object\":\"website\","
    "\"policy\":{\"mode\":\"veto_only\"},\"indicators\":["
    "{\"id\":\"1\",\"name\":\"1\",\"kind\":\"veto\",\"metric\":\"probe_fail_ratio\",\"window\":\"7d\","
    "\"timeout_ms\":15000,\"min_probes_per_day\":0,\"op\":\"ge\",\"threshold\":0.05},"
    "{\"id\":\"2\",\"name\":\"2\",\"kind\":\"veto\",\"metric\":\"probe_fail_ratio\",\"window\":\"1m\","
    "\"timeout_ms\":100,\"min_probes_per_day\":2,\"op\":\"ge\",\"threshold\":0.5}]}";

static ga_profile_t *profile(void)
{
    static ga_profile_t *p;
    if (!p && ga_profile_parse(profile_json, sizeof profile_json - 1, "fuzz", &p, NULL) != GA_OK)
        abort();
    return p;
}

static void observe(const ga_probe_log_t *log, const char *site)
{
    ga_observations_t *obs;
    if (ga_observations_new(GA_OBJECT_WEBSITE, &obs, NULL) != GA_OK)
        return;
    int64_t T;
    ga_time_parse("2023-08-15 23:59:59", 19, &T, NULL);
    ga_obs_set_time(obs, T);
    size_t added = 0;
    if (ga_probe_log_observe(log, site, obs, &added, NULL) == GA_OK) {
        ga_score_result_t *r;
        if (ga_score(profile(), obs, &r, NULL) == GA_OK) {
            char *json;
            if (ga_score_result_json(r, obs, 0, &json, NULL, NULL) == GA_OK)
                ga_string_free(json);
            ga_score_result_free(r);
        }
    }
    ga_observations_free(obs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    ga_probe_log_t *log;
    if (ga_probe_log_parse(text, size, &log, NULL) == GA_OK) {
        size_t first;
        if (ga_probe_log_skipped(log, &first) && !first)
            abort(); /* a skipped line always has its number */
        observe(log, "http://a.gov.cn/");
        /* the site of the first line's URL, when it has one */
        char *copy = strndup(text, size);
        const char *u = copy ? strstr(copy, "\"url\":\"") : NULL;
        if (u) {
            u += 7;
            const char *end = strchr(u, '"');
            if (end) {
                char *site = strndup(u, (size_t)(end - u));
                if (site)
                    observe(log, site);
                free(site);
            }
        }
        free(copy);
        ga_probe_log_free(log);
    }
    pr_robots_t *r = pr_robots_parse(text, size, "govaudit");
    if (r) {
        static const char *const paths[] = {"/", "/private/x", "/a/b.pdf", "/*$", ""};
        for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
            pr_robots_allowed(r, paths[i]);
        pr_robots_free(r);
    }
    char *s = strndup(text, size < 4096 ? size : 4096);
    if (s) {
        char site[256];
        pr_cert_time(s);
        pr_url_site(s, site, sizeof site);
        pr_robots_t *one = pr_robots_parse("User-agent: *\nDisallow: /x*y$\n", 30, "govaudit");
        if (one) {
            pr_robots_allowed(one, s);
            pr_robots_free(one);
        }
        free(s);
    }
    return 0;
}
