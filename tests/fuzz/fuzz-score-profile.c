/* Profile loader on arbitrary bytes: never crashes; errors carry a position inside the
 * input; a loaded profile answers every accessor and scores empty observations. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ga_profile_t *p = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_profile_parse((const char *)data, size, "fuzz", &p, &err);
    if (st != GA_OK) {
        if (!err || (st != GA_ERR_SYNTAX && st != GA_ERR_LIMIT && st != GA_ERR_NO_MEMORY))
            abort();
        if (st == GA_ERR_SYNTAX && ga_error_line(err) > 0 && ga_error_line(err) > size + 1)
            abort();
        ga_error_free(err);
        return 0;
    }
    for (size_t i = 0; i < ga_profile_indicator_count(p); i++) {
        if (!ga_profile_indicator_id(p, i) || !ga_profile_indicator_name(p, i))
            abort();
        ga_profile_indicator_complete(p, i);
    }
    ga_observations_t *o = NULL;
    if (ga_observations_new(ga_profile_object(p), &o, NULL) != GA_OK)
        abort();
    ga_obs_set_time(o, 1691711999);
    ga_obs_mark_observed(o, 0x1ff);
    size_t c;
    ga_obs_add_column(o, "c", "栏目", "news", 1, 0, &c, NULL);
    ga_obs_add_column_item(o, c, 1690000000, NULL);
    ga_obs_add_probe(o, 1691700000, 0, 20000, NULL);
    ga_score_result_t *r = NULL;
    if (ga_score(p, o, &r, NULL) != GA_OK)
        abort();
    char *json = NULL;
    if (ga_score_result_json(r, o, GA_SCORE_JSON_ALL, &json, NULL, NULL) != GA_OK)
        abort();
    ga_string_free(json);
    ga_score_result_free(r);
    ga_observations_free(o);
    ga_profile_free(p);
    return 0;
}
