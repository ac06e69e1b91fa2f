/* Observation loaders (new-media export when the first byte is even, the general format
 * otherwise) on arbitrary bytes: never crash; what loads scores against a profile using
 * every metric, renders as JSON, and that JSON is accepted by the batch; observations
 * render as JSON that loads again. Posts of an export are scanned with a small matcher. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char profile_json[] =
    "{\"format\":\"govaudit-profile/1\",\"id\":\"f\",\"name\":\"f\",\"object\":\"%s\","
    "\"policy\":{\"mode\":\"scored\",\"deduct_max\":100,\"fail_below\":60,\"bonus_gate_above\":80,"
    "\"bonus_max\":30,\"no_service\":{\"flag\":\"ns\",\"base\":75,\"blocks\":[\"b\"]}},"
    "\"indicators\":["
    "{\"id\":\"1\",\"name\":\"1\",\"kind\":\"veto\",\"metric\":\"probe_fail_ratio\",\"window\":\"7d\","
    "\"timeout_ms\":15000,\"min_probes_per_day\":1,\"op\":\"ge\",\"threshold\":0.05},"
    "{\"id\":\"2\",\"name\":\"2\",\"kind\":\"problem\",\"metric\":\"new_items\",\"window\":\"14d\",\"op\":\"eq\",\"threshold\":0},"
    "{\"id\":\"3\",\"name\":\"3\",\"kind\":\"deduct\",\"points\":2,\"per\":\"each\",\"cap\":9,\"metric\":\"stale_columns\","
    "\"columns\":[{\"types\":[\"news\"],\"window\":\"14d\"},{\"level\":1,\"window\":\"6m\"}],\"op\":\"ge\",\"threshold\":1},"
    "{\"id\":\"4\",\"name\":\"4\",\"kind\":\"deduct\",\"points\":1,\"metric\":\"blank_columns\",\"op\":\"ge\",\"threshold\":1},"
    "{\"id\":\"5\",\"name\":\"5\",\"kind\":\"deduct\",\"points\":1,\"block\":\"b\",\"metric\":\"unanswered_messages\","
    "\"window\":\"1y\",\"age\":\"3m\",\"op\":\"ge\",\"threshold\":1},"
    "{\"id\":\"6\",\"name\":\"6\",\"kind\":\"deduct\",\"points\":1,\"metric\":\"replies_in_window\",\"window\":\"2m\",\"op\":\"eq\",\"threshold\":0},"
    "{\"id\":\"7\",\"name\":\"7\",\"kind\":\"deduct\",\"points\":1,\"metric\":\"text_findings\",\"severity\":\"serious\",\"op\":\"ge\",\"threshold\":1},"
    "{\"id\":\"8\",\"name\":\"8\",\"kind\":\"deduct\",\"points\":1,\"metric\":\"duplicate_posts\",\"op\":\"ge\",\"threshold\":1},"
    "{\"id\":\"9\",\"name\":\"9\",\"kind\":\"deduct\",\"points\":1,\"metric\":\"missing_meta\",\"tags\":[\"PubDate\"],\"op\":\"ge\",\"threshold\":1},"
    "{\"id\":\"10\",\"name\":\"10\",\"kind\":\"deduct\",\"points\":1,\"metric\":\"siteid_format\",\"op\":\"eq\",\"threshold\":1},"
    "{\"id\":\"11\",\"name\":\"11\",\"kind\":\"bonus\",\"points\":5,\"metric\":\"flag\",\"flag\":\"x\",\"op\":\"ne\",\"threshold\":0},"
    "{\"id\":\"12\",\"name\":\"12\",\"kind\":\"deduct\",\"points\":1,\"metric\":\"guides_missing_elements\","
    "\"elements\":[\"a\",\"b\"],\"missing_min\":1,\"op\":\"ge\",\"threshold\":1},"
    "{\"id\":\"13\",\"name\":\"13\",\"kind\":\"problem\",\"metric\":\"broken_links\",\"op\":\"ge\",\"threshold\":1},"
    "{\"id\":\"14\",\"name\":\"14\",\"kind\":\"problem\",\"metric\":\"changed_dates\",\"age\":\"3m\",\"op\":\"ge\",\"threshold\":1},"
    "{\"id\":\"15\",\"name\":\"15\",\"kind\":\"problem\",\"metric\":\"site_problems\",\"kinds\":[\"identity\"],\"op\":\"ge\",\"threshold\":1}]}";

static ga_profile_t *profile(int media)
{
    static ga_profile_t *p[2];
    if (!p[media]) {
        char buf[sizeof profile_json + 16];
        snprintf(buf, sizeof buf, profile_json, media ? "newmedia" : "website");
        if (ga_profile_parse(buf, strlen(buf), "fuzz", &p[media], NULL) != GA_OK)
            abort();
    }
    return p[media];
}

static ga_matcher_t *matcher(void)
{
    static ga_matcher_t *m;
    static const char rules[] = "@category 错别字\n@severity serious\n按步就班\t按部就班\n"
                                "@severity normal\nre:[0-9]{5,}\t-\n";
    if (!m) {
        ga_rules_t *rs = ga_rules_new();
        if (!rs || ga_rules_add_text(rs, "fuzz", rules, strlen(rules), NULL) != GA_OK ||
            ga_matcher_compile(rs, &m, NULL) != GA_OK)
            abort();
        ga_rules_free(rs);
    }
    return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int media = !(data[0] & 1);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    ga_observations_t *o = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = media ? ga_observations_parse_media(text, len, "fuzz", &o, &err)
                           : ga_observations_parse(text, len, "fuzz", &o, &err);
    if (st != GA_OK) {
        if (!err || o)
            abort();
        ga_error_free(err);
        return 0;
    }
    if (ga_obs_time(o) == GA_TIME_NONE)
        ga_obs_set_time(o, 1691711999);
    if (ga_obs_scan_posts(o, matcher(), NULL) != GA_OK)
        abort(); /* loaded texts are valid UTF-8 */
    /* What loaded renders as JSON that loads again. */
    char *rt = NULL;
    size_t rtlen;
    ga_observations_t *o2 = NULL;
    if (ga_observations_json(o, 0, &rt, &rtlen, NULL) != GA_OK ||
        ga_observations_parse(rt, rtlen, "rt", &o2, NULL) != GA_OK)
        abort();
    ga_observations_free(o2);
    ga_string_free(rt);
    ga_score_result_t *r = NULL;
    const ga_profile_t *p = profile(media || ga_profile_object(profile(0)) != GA_OBJECT_WEBSITE);
    st = ga_score(p, o, &r, NULL);
    if (st == GA_OK) {
        char *json = NULL;
        size_t n;
        if (ga_score_result_json(r, o, 0, &json, &n, NULL) != GA_OK)
            abort();
        ga_score_batch_t *b = NULL;
        ga_error_t *e = NULL;
        if (ga_score_batch_new(&b, NULL) != GA_OK || ga_score_batch_add(b, r, NULL) != GA_OK ||
            ga_score_batch_add_json(b, json, n, "r", &e) != GA_OK ||
            ga_score_batch_checked(b) != 2) {
            fprintf(stderr, "fuzz-score-media: %s\n%s\n", e ? ga_error_message(e) : "?", json);
            abort();
        }
        ga_string_free(json);
        if (ga_score_batch_json(b, 0, &json, NULL, NULL) != GA_OK)
            abort();
        ga_string_free(json);
        ga_score_batch_free(b);
        ga_score_result_free(r);
    } else if (st != GA_ERR_INVALID_ARGUMENT) {
        abort(); /* only an object mismatch may refuse */
    }
    ga_observations_free(o);
    return 0;
}
