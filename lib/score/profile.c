/* Indicator profiles: JSON (json-c) into an immutable ga_profile_t. docs/profiles.md is
 * the format's reference. json-c keeps no positions, so errors about a value are placed
 * by walking the raw text along the value's path (jpath.c). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "score-internal.h"
#include "score-json.h"

static const char *const metric_names[GA_M_COUNT_] = {
    [GA_M_PROBE_FAIL_RATIO] = "probe_fail_ratio",
    [GA_M_NEW_ITEMS] = "new_items",
    [GA_M_STALE_COLUMNS] = "stale_columns",
    [GA_M_BLANK_COLUMNS] = "blank_columns",
    [GA_M_UNANSWERED_MESSAGES] = "unanswered_messages",
    [GA_M_REPLIES_IN_WINDOW] = "replies_in_window",
    [GA_M_TEXT_FINDINGS] = "text_findings",
    [GA_M_DUPLICATE_POSTS] = "duplicate_posts",
    [GA_M_MISSING_META] = "missing_meta",
    [GA_M_SITEID_FORMAT] = "siteid_format",
    [GA_M_FLAG] = "flag",
    [GA_M_GUIDES_MISSING] = "guides_missing_elements",
    [GA_M_BROKEN_LINKS] = "broken_links",
    [GA_M_CHANGED_DATES] = "changed_dates",
    [GA_M_SITE_PROBLEMS] = "site_problems",
};

const char *ga_metric_name(sc_metric_t m)
{
    return m < GA_M_COUNT_ ? metric_names[m] : "?";
}

static const char *const op_names[] = {"ge", "gt", "eq", "ne", "le", "lt"};

const char *ga_op_name(sc_op_t op)
{
    return op_names[op];
}

/* ---- field readers ----------------------------------------------------------------- */

/* Presence of an optional value: absent, present but empty (unknown), or known. */
enum { F_ABSENT, F_UNKNOWN, F_KNOWN };

static bool is_empty(json_object *v)
{
    return v == NULL || (json_object_is_type(v, json_type_string) &&
                         json_object_get_string_len(v) == 0);
}

static json_object *member(json_object *obj, const char *key, bool *present)
{
    json_object *v = NULL;
    *present = json_object_object_get_ex(obj, key, &v);
    return v;
}

static ga_status_t check_keys(ga_jctx_t *c, json_object *obj, const char *const *allowed)
{
    json_object_object_foreach(obj, key, val)
    {
        (void)val;
        const char *const *a = allowed;
        while (*a && strcmp(*a, key))
            a++;
        if (!*a)
            return ga_jctx_error(c, key, "unknown field '%s'", key);
    }
    return GA_OK;
}

static ga_status_t get_str(ga_jctx_t *c, json_object *obj, const char *key, bool required,
                           char **out)
{
    bool present;
    json_object *v = member(obj, key, &present);
    if (!present || v == NULL) {
        if (required)
            return ga_jctx_error(c, NULL, "missing field '%s'", key);
        return GA_OK;
    }
    if (!json_object_is_type(v, json_type_string))
        return ga_jctx_error(c, key, "'%s' must be a string", key);
    if (required && json_object_get_string_len(v) == 0)
        return ga_jctx_error(c, key, "'%s' must not be empty", key);
    *out = strdup(json_object_get_string(v));
    return *out ? GA_OK : ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
}

static ga_status_t get_num(ga_jctx_t *c, json_object *obj, const char *key, int *state,
                           double *out)
{
    bool present;
    json_object *v = member(obj, key, &present);
    *state = !present ? F_ABSENT : is_empty(v) ? F_UNKNOWN : F_KNOWN;
    if (*state != F_KNOWN)
        return GA_OK;
    if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
        return ga_jctx_error(c, key, "'%s' must be a number, or \"\" / null when unknown", key);
    *out = json_object_get_double(v);
    if (!isfinite(*out) || fabs(*out) > 1e12)
        return ga_jctx_error(c, key, "'%s' is out of range", key);
    return GA_OK;
}

static ga_status_t get_int(ga_jctx_t *c, json_object *obj, const char *key, int *state,
                           int64_t *out, int64_t lo, int64_t hi)
{
    double d = 0;
    ga_status_t st = get_num(c, obj, key, state, &d);
    if (st != GA_OK || *state != F_KNOWN)
        return st;
    if (d != floor(d) || d < (double)lo || d > (double)hi)
        return ga_jctx_error(c, key, "'%s' must be a whole number from %lld to %lld", key,
                             (long long)lo, (long long)hi);
    *out = (int64_t)d;
    return GA_OK;
}

static ga_status_t get_bool(ga_jctx_t *c, json_object *obj, const char *key, bool *out)
{
    bool present;
    json_object *v = member(obj, key, &present);
    if (!present)
        return GA_OK;
    if (!json_object_is_type(v, json_type_boolean))
        return ga_jctx_error(c, key, "'%s' must be true or false", key);
    *out = json_object_get_boolean(v);
    return GA_OK;
}

/* A window: "14d", "6m", "1y"; "" or null when unknown. */
static ga_status_t get_window(ga_jctx_t *c, json_object *obj, const char *key, bool required,
                              sc_window_t *w)
{
    bool present;
    json_object *v = member(obj, key, &present);
    memset(w, 0, sizeof *w);
    if (!present) {
        if (required)
            return ga_jctx_error(c, NULL, "missing field '%s' (\"14d\", \"6m\", \"1y\", or \"\" "
                                          "when unknown)", key);
        return GA_OK;
    }
    if (is_empty(v))
        return GA_OK;
    const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
    char *end = NULL;
    errno = 0;
    long n = s ? strtol(s, &end, 10) : -1;
    if (!s || end == s || errno || n < 0 || n > 36500 || strlen(end) != 1 || s[0] == '-' ||
        s[0] == '+' || s[0] == ' ' ||
        (*end != 'd' && *end != 'm' && *end != 'y'))
        return ga_jctx_error(c, key, "'%s' must be a window like \"14d\", \"6m\" or \"1y\"", key);
    if (*end == 'd')
        w->days = (int)n;
    else if (*end == 'm' && n <= 1200)
        w->months = (int)n;
    else if (*end == 'y' && n <= 100)
        w->months = (int)n * 12;
    else
        return ga_jctx_error(c, key, "'%s' is too long a window", key);
    w->known = true;
    return GA_OK;
}

/* A string or an array of strings. */
static ga_status_t get_list(ga_jctx_t *c, json_object *obj, const char *key, sc_strlist_t *l)
{
    bool present;
    json_object *v = member(obj, key, &present);
    if (!present || v == NULL)
        return GA_OK;
    size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 1;
    if (!json_object_is_type(v, json_type_array) && !json_object_is_type(v, json_type_string))
        return ga_jctx_error(c, key, "'%s' must be a string or an array of strings", key);
    l->v = calloc(n ? n : 1, sizeof *l->v);
    if (!l->v)
        return ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_is_type(v, json_type_array) ? json_object_array_get_idx(v, i) : v;
        if (!json_object_is_type(e, json_type_string)) {
            ga_jctx_push_key(c, key);
            ga_status_t st = ga_jctx_error_idx(c, i, "'%s' must hold strings", key);
            ga_jctx_pop(c);
            return st;
        }
        if (!(l->v[i] = strdup(json_object_get_string(e))))
            return ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
        l->n++;
    }
    return GA_OK;
}

static ga_status_t get_enum(ga_jctx_t *c, json_object *obj, const char *key, bool required,
                            const char *const *names, size_t n, int *out)
{
    bool present;
    json_object *v = member(obj, key, &present);
    if (!present) {
        if (required)
            return ga_jctx_error(c, NULL, "missing field '%s'", key);
        return GA_OK;
    }
    const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
    for (size_t i = 0; i < n; i++)
        if (names[i] && strcmp(s, names[i]) == 0) {
            *out = (int)i;
            return GA_OK;
        }
    char list[256] = "";
    for (size_t i = 0; i < n; i++)
        if (names[i] && strlen(list) + strlen(names[i]) + 3 < sizeof list) {
            strcat(list, *list ? ", " : "");
            strcat(list, names[i]);
        }
    return ga_jctx_error(c, key, "'%s' must be one of: %s", key, list);
}

/* ---- conditions and indicators ------------------------------------------------------- */

static const char *const cond_keys[] = {
    "id", "note", "metric", "window", "age", "columns", "column_types", "severity", "category",
    "kinds", "tags", "elements", "page_kind", "flag", "absent", "timeout_ms",
    "min_probes_per_day", "missing_min", "scope", "open_only", "op", "threshold", NULL};

static void cond_free(sc_cond_t *c)
{
    free(c->id);
    free(c->note);
    ga_strlist_free(&c->list);
    ga_strlist_free(&c->category);
    for (size_t i = 0; i < c->nsel; i++)
        ga_strlist_free(&c->sel[i].types);
    free(c->sel);
    free(c->name);
}

static ga_status_t parse_selectors(ga_jctx_t *c, json_object *obj, sc_cond_t *cd)
{
    bool present;
    json_object *v = member(obj, "columns", &present);
    if (!present || !json_object_is_type(v, json_type_array) || json_object_array_length(v) == 0)
        return ga_jctx_error(c, present ? "columns" : NULL,
                             "stale_columns needs 'columns': an array of {types, level, window}");
    size_t n = json_object_array_length(v);
    if (!(cd->sel = calloc(n, sizeof *cd->sel)))
        return ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
    ga_jctx_push_key(c, "columns");
    ga_status_t st = GA_OK;
    static const char *const sel_keys[] = {"types", "level", "window", NULL};
    for (size_t i = 0; i < n && st == GA_OK; i++) {
        json_object *s = json_object_array_get_idx(v, i);
        sc_colsel_t *sel = &cd->sel[cd->nsel++];
        ga_jctx_push_idx(c, i);
        int state;
        int64_t level = 0;
        if (!json_object_is_type(s, json_type_object))
            st = ga_jctx_error(c, NULL, "a column selector must be an object");
        if (st == GA_OK)
            st = check_keys(c, s, sel_keys);
        if (st == GA_OK)
            st = get_list(c, s, "types", &sel->types);
        if (st == GA_OK)
            st = get_int(c, s, "level", &state, &level, 0, 100);
        sel->level = (int)level;
        if (st == GA_OK)
            st = get_window(c, s, "window", true, &sel->window);
        if (st == GA_OK && !sel->window.known && !cd->unknown)
            cd->unknown = "window of a column selector";
        ga_jctx_pop(c);
    }
    ga_jctx_pop(c);
    return st;
}

/* `own_object`: the condition is an any_of item, whose keys are all condition keys. */
static ga_status_t parse_cond(ga_jctx_t *c, json_object *obj, sc_cond_t *cd, bool own_object)
{
    ga_status_t st = own_object ? check_keys(c, obj, cond_keys) : GA_OK;
    int m = -1, op = -1, state;
    if (st == GA_OK)
        st = get_enum(c, obj, "metric", true, metric_names, GA_M_COUNT_, &m);
    if (st != GA_OK)
        return st;
    cd->metric = (sc_metric_t)m;
    if ((st = get_str(c, obj, "id", false, &cd->id)) || (st = get_str(c, obj, "note", false, &cd->note)))
        return st;
    if ((st = get_enum(c, obj, "op", true, op_names, 6, &op)))
        return st;
    cd->op = (sc_op_t)op;
    bool present;
    member(obj, "threshold", &present);
    if (!present)
        return ga_jctx_error(c, NULL, "missing field 'threshold' (write \"\" when unknown)");
    if ((st = get_num(c, obj, "threshold", &state, &cd->threshold)))
        return st;
    cd->threshold_known = state == F_KNOWN;
    if (!cd->threshold_known)
        cd->unknown = "threshold";

    bool needs_window = false, window_optional = false;
    switch (cd->metric) {
    case GA_M_PROBE_FAIL_RATIO:
        needs_window = true;
        if ((st = get_int(c, obj, "timeout_ms", &state, &cd->timeout_ms, 1, 3600000)))
            return st;
        if (state == F_ABSENT)
            return ga_jctx_error(c, NULL, "probe_fail_ratio needs 'timeout_ms'");
        if (state == F_UNKNOWN && !cd->unknown)
            cd->unknown = "timeout_ms";
        if ((st = get_int(c, obj, "min_probes_per_day", &state, &cd->min_per_day, 0, 100000)))
            return st;
        if (state == F_UNKNOWN && !cd->unknown)
            cd->unknown = "min_probes_per_day";
        break;
    case GA_M_NEW_ITEMS:
    case GA_M_REPLIES_IN_WINDOW:
        needs_window = true;
        break;
    case GA_M_STALE_COLUMNS:
        st = parse_selectors(c, obj, cd);
        break;
    case GA_M_BLANK_COLUMNS:
        st = get_list(c, obj, "column_types", &cd->list);
        break;
    case GA_M_UNANSWERED_MESSAGES:
        window_optional = true;
        if ((st = get_list(c, obj, "column_types", &cd->list)) ||
            (st = get_bool(c, obj, "open_only", &cd->open_only)) ||
            (st = get_window(c, obj, "age", true, &cd->age)))
            return st;
        if (!cd->age.known && !cd->unknown)
            cd->unknown = "age";
        break;
    case GA_M_TEXT_FINDINGS:
        if (!(st = get_list(c, obj, "severity", &cd->list)))
            st = get_list(c, obj, "category", &cd->category);
        break;
    case GA_M_DUPLICATE_POSTS:
        st = get_list(c, obj, "kinds", &cd->list);
        break;
    case GA_M_MISSING_META:
        if (!(st = get_list(c, obj, "tags", &cd->list)))
            st = get_str(c, obj, "page_kind", false, &cd->name);
        if (st == GA_OK && cd->list.n == 0)
            st = ga_jctx_error(c, NULL, "missing_meta needs 'tags'");
        break;
    case GA_M_SITEID_FORMAT:
        break;
    case GA_M_FLAG:
        if ((st = get_str(c, obj, "flag", true, &cd->name)) ||
            (st = get_int(c, obj, "absent", &state, &cd->absent, INT32_MIN, INT32_MAX)))
            return st;
        cd->has_absent = state == F_KNOWN;
        break;
    case GA_M_GUIDES_MISSING:
        if ((st = get_list(c, obj, "elements", &cd->list)) ||
            (st = get_int(c, obj, "missing_min", &state, &cd->missing_min, 1, 1000)))
            return st;
        if (cd->list.n == 0)
            return ga_jctx_error(c, NULL, "guides_missing_elements needs 'elements'");
        if (state == F_ABSENT)
            return ga_jctx_error(c, NULL, "guides_missing_elements needs 'missing_min' (\"\" "
                                          "when unknown)");
        cd->missing_min_known = state == F_KNOWN;
        if (!cd->missing_min_known && !cd->unknown)
            cd->unknown = "missing_min";
        break;
    case GA_M_BROKEN_LINKS: {
        static const char *const scopes[] = {"any", "internal", "external"};
        st = get_enum(c, obj, "scope", false, scopes, 3, &cd->scope);
        break;
    }
    case GA_M_CHANGED_DATES:
        if ((st = get_window(c, obj, "age", true, &cd->age)))
            return st;
        if (!cd->age.known && !cd->unknown)
            cd->unknown = "age";
        break;
    case GA_M_SITE_PROBLEMS:
        st = get_list(c, obj, "kinds", &cd->list);
        break;
    case GA_M_COUNT_:
        break;
    }
    if (st != GA_OK)
        return st;
    if (needs_window || window_optional) {
        member(obj, "window", &present);
        if ((st = get_window(c, obj, "window", needs_window, &cd->window)))
            return st;
        if (present && !cd->window.known && !cd->unknown)
            cd->unknown = "window";
    }
    return GA_OK;
}

static const char *const ind_keys[] = {"id", "name", "object", "kind", "block", "status",
                                       "source", "note", "points", "per", "cap", "any_of",
                                       NULL};
static const char *const object_names[] = {"website", "newmedia"};
static const char *const kind_names[] = {"veto", "deduct", "bonus", "problem"};

static ga_status_t parse_indicator(ga_jctx_t *c, json_object *obj, ga_profile_t *p,
                                   sc_indicator_t *ind)
{
    if (!json_object_is_type(obj, json_type_object))
        return ga_jctx_error(c, NULL, "an indicator must be an object");
    bool present;
    json_object *any = member(obj, "any_of", &present);
    /* An indicator is one condition, or several under any_of: its own keys then must not
     * include condition fields. */
    ga_status_t st = any ? check_keys(c, obj, ind_keys) : GA_OK;
    int v = (int)p->object, state;
    if (st == GA_OK && !any) {
        json_object_object_foreach(obj, key, val)
        {
            (void)val;
            const char *const *a = ind_keys, *const *b = cond_keys;
            while (*a && strcmp(*a, key))
                a++;
            while (*b && strcmp(*b, key))
                b++;
            if (!*a && !*b)
                return ga_jctx_error(c, key, "unknown field '%s'", key);
        }
    }
    if (st || (st = get_str(c, obj, "id", true, &ind->id)) ||
        (st = get_str(c, obj, "name", true, &ind->name)) ||
        (st = get_str(c, obj, "block", false, &ind->block)) ||
        (st = get_str(c, obj, "status", false, &ind->status)) ||
        (st = get_str(c, obj, "source", false, &ind->source)) ||
        (st = get_str(c, obj, "note", false, &ind->note)) ||
        (st = get_enum(c, obj, "object", false, object_names, 2, &v)))
        return st;
    ind->object = (ga_object_t)v;
    v = -1;
    if ((st = get_enum(c, obj, "kind", true, kind_names, 4, &v)))
        return st;
    ind->kind = (ga_indicator_kind_t)v;
    if ((st = get_num(c, obj, "points", &state, &ind->points)))
        return st;
    ind->points_known = state == F_KNOWN;
    if (ind->kind == GA_KIND_DEDUCT || ind->kind == GA_KIND_BONUS) {
        if (state == F_ABSENT)
            return ga_jctx_error(c, NULL, "a %s indicator needs 'points' (\"\" when unknown)",
                                 kind_names[ind->kind]);
        if (ind->points_known && ind->points < 0)
            return ga_jctx_error(c, "points", "'points' must not be negative");
        if (!ind->points_known)
            ind->unknown = "points";
    } else if (state != F_ABSENT) {
        return ga_jctx_error(c, "points", "a %s indicator has no points", kind_names[ind->kind]);
    }
    static const char *const per_names[] = {"once", "each"};
    int per = 0;
    if ((st = get_enum(c, obj, "per", false, per_names, 2, &per)))
        return st;
    ind->each = per == 1;
    if ((st = get_num(c, obj, "cap", &state, &ind->cap)))
        return st;
    ind->cap_known = state == F_KNOWN;
    if (ind->cap_known && ind->cap < 0)
        return ga_jctx_error(c, "cap", "'cap' must not be negative");
    if (state == F_UNKNOWN && !ind->unknown)
        ind->unknown = "cap";

    if (any) {
        if (!json_object_is_type(any, json_type_array) || json_object_array_length(any) == 0)
            return ga_jctx_error(c, "any_of", "'any_of' must be a non-empty array of conditions");
        size_t n = json_object_array_length(any);
        if (!(ind->cond = calloc(n, sizeof *ind->cond)))
            return ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
        ga_jctx_push_key(c, "any_of");
        for (size_t i = 0; i < n && st == GA_OK; i++) {
            json_object *e = json_object_array_get_idx(any, i);
            ga_jctx_push_idx(c, i);
            ind->ncond++;
            if (!json_object_is_type(e, json_type_object))
                st = ga_jctx_error(c, NULL, "a condition must be an object");
            else
                st = parse_cond(c, e, &ind->cond[i], true);
            ga_jctx_pop(c);
        }
        ga_jctx_pop(c);
    } else {
        if (!(ind->cond = calloc(1, sizeof *ind->cond)))
            return ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
        ind->ncond = 1;
        st = parse_cond(c, obj, ind->cond, false);
    }
    /* An indicator is incomplete when it cannot be decided at all; any_of items that are
     * unknown still leave the others evaluable. */
    for (size_t i = 0; i < ind->ncond && !ind->unknown; i++)
        if (ind->cond[i].unknown && ind->ncond == 1)
            ind->unknown = ind->cond[i].unknown;
    return st;
}

/* ---- profile ------------------------------------------------------------------------- */

static void indicator_free(sc_indicator_t *ind)
{
    free(ind->id);
    free(ind->name);
    free(ind->block);
    free(ind->status);
    free(ind->source);
    free(ind->note);
    for (size_t i = 0; i < ind->ncond; i++)
        cond_free(&ind->cond[i]);
    free(ind->cond);
}

void ga_profile_free(ga_profile_t *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nind; i++)
        indicator_free(&p->ind[i]);
    free(p->ind);
    free(p->id);
    free(p->name);
    free(p->source);
    free(p->ns_flag);
    ga_strlist_free(&p->ns_blocks);
    free(p);
}

static ga_status_t parse_policy(ga_jctx_t *c, json_object *obj, ga_profile_t *p)
{
    static const char *const keys[] = {"mode", "deduct_max", "fail_below", "bonus_gate_above",
                                       "bonus_max", "item_cap", "no_service", "note", NULL};
    static const char *const modes[] = {"scored", "veto_only"};
    if (!json_object_is_type(obj, json_type_object))
        return ga_jctx_error(c, NULL, "'policy' must be an object");
    ga_status_t st = check_keys(c, obj, keys);
    int mode = 0, s1, s2, s3;
    if (st || (st = get_enum(c, obj, "mode", true, modes, 2, &mode)))
        return st;
    p->veto_only = mode == 1;
    p->item_cap = true;
    if ((st = get_num(c, obj, "deduct_max", &s1, &p->deduct_max)) ||
        (st = get_num(c, obj, "fail_below", &s2, &p->fail_below)) ||
        (st = get_bool(c, obj, "item_cap", &p->item_cap)))
        return st;
    if (!p->veto_only && s1 != F_KNOWN)
        return ga_jctx_error(c, NULL, "a scored profile needs 'deduct_max'");
    if (!p->veto_only && p->deduct_max <= 0)
        return ga_jctx_error(c, "deduct_max", "'deduct_max' must be positive");
    p->fail_below_known = s2 == F_KNOWN;
    if ((st = get_num(c, obj, "bonus_gate_above", &s1, &p->bonus_gate)) ||
        (st = get_num(c, obj, "bonus_max", &s3, &p->bonus_max)))
        return st;
    p->bonus_known = s1 == F_KNOWN && s3 == F_KNOWN;
    bool present;
    json_object *ns = member(obj, "no_service", &present);
    if (present && ns) {
        static const char *const ns_keys[] = {"flag", "base", "blocks", "status", NULL};
        ga_jctx_push_key(c, "no_service");
        int s;
        if (!json_object_is_type(ns, json_type_object))
            st = ga_jctx_error(c, NULL, "'no_service' must be an object");
        if (!st)
            st = check_keys(c, ns, ns_keys);
        if (!st)
            st = get_str(c, ns, "flag", true, &p->ns_flag);
        if (!st)
            st = get_num(c, ns, "base", &s, &p->ns_base);
        if (!st && (s != F_KNOWN || p->ns_base <= 0 || p->ns_base > p->deduct_max))
            st = ga_jctx_error(c, s == F_ABSENT ? NULL : "base",
                               "'base' must be a number above 0 and not above deduct_max");
        if (!st)
            st = get_list(c, ns, "blocks", &p->ns_blocks);
        ga_jctx_pop(c);
    }
    return st;
}

ga_status_t ga_profile_parse(const char *json, size_t len, const char *name, ga_profile_t **out,
                             ga_error_t **err)
{
    if (!json || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_profile_parse: NULL argument");
    *out = NULL;
    ga_jctx_t c;
    json_object *root = NULL;
    ga_status_t st = ga_jctx_parse(&c, json, len, name, err, &root);
    if (st != GA_OK)
        return st;
    ga_profile_t *p = calloc(1, sizeof *p);
    if (!p) {
        json_object_put(root);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    static const char *const keys[] = {"format", "id", "name", "object", "source", "note",
                                       "policy", "indicators", NULL};
    char *format = NULL;
    int obj = 0;
    bool present;
    if (!json_object_is_type(root, json_type_object))
        st = ga_jctx_error(&c, NULL, "a profile must be a JSON object");
    if (!st)
        st = check_keys(&c, root, keys);
    if (!st)
        st = get_str(&c, root, "format", true, &format);
    if (!st && strcmp(format, "govaudit-profile/1") != 0)
        st = ga_jctx_error(&c, "format", "unsupported format '%s' (want govaudit-profile/1)",
                           format);
    free(format);
    if (!st)
        st = get_str(&c, root, "id", true, &p->id);
    if (!st)
        st = get_str(&c, root, "name", true, &p->name);
    if (!st)
        st = get_str(&c, root, "source", false, &p->source);
    if (!st)
        st = get_enum(&c, root, "object", true, object_names, 2, &obj);
    p->object = (ga_object_t)obj;
    json_object *policy = st ? NULL : member(root, "policy", &present);
    if (!st && !present)
        st = ga_jctx_error(&c, NULL, "missing field 'policy'");
    if (!st) {
        ga_jctx_push_key(&c, "policy");
        st = parse_policy(&c, policy, p);
        ga_jctx_pop(&c);
    }
    json_object *inds = st ? NULL : member(root, "indicators", &present);
    if (!st && (!present || !json_object_is_type(inds, json_type_array)))
        st = ga_jctx_error(&c, present ? "indicators" : NULL,
                           "'indicators' must be an array of indicators");
    if (!st) {
        size_t n = json_object_array_length(inds);
        p->ind = calloc(n ? n : 1, sizeof *p->ind);
        if (!p->ind)
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        ga_jctx_push_key(&c, "indicators");
        for (size_t i = 0; i < n && !st; i++) {
            ga_jctx_push_idx(&c, i);
            p->nind++;
            st = parse_indicator(&c, json_object_array_get_idx(inds, i), p, &p->ind[i]);
            for (size_t j = 0; j < i && !st; j++)
                if (strcmp(p->ind[j].id, p->ind[i].id) == 0)
                    st = ga_jctx_error(&c, "id", "duplicate indicator id '%s'", p->ind[i].id);
            ga_jctx_pop(&c);
        }
        ga_jctx_pop(&c);
    }
    json_object_put(root);
    if (st) {
        ga_profile_free(p);
        return st;
    }
    *out = p;
    return GA_OK;
}

ga_status_t ga_profile_load(const char *path, ga_profile_t **out, ga_error_t **err)
{
    if (!path || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_profile_load: NULL argument");
    char *data;
    size_t len;
    ga_status_t st = ga_read_file(path, &data, &len, err);
    if (st != GA_OK)
        return st;
    st = ga_profile_parse(data, len, path, out, err);
    free(data);
    return st;
}

ga_status_t ga_profile_load_builtin(const char *name, ga_profile_t **out, ga_error_t **err)
{
    if (!name || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_profile_load_builtin: NULL argument");
    for (const char *s = name; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return ga_error_set(err, GA_ERR_NOT_FOUND, "no built-in profile '%s'", name);
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/profiles/%s.json", ga_data_dir(), name);
    if (n < 0 || (size_t)n >= sizeof path)
        return ga_error_set(err, GA_ERR_LIMIT, "data directory path too long");
    char *slash = strrchr(path, '/');
    *slash = '\0';
    if (access(path, X_OK) != 0)
        return ga_data_missing(err, path, "profile folder");
    *slash = '/';
    return ga_profile_load(path, out, err);
}

const char *ga_profile_id(const ga_profile_t *p)
{
    return p ? p->id : NULL;
}

const char *ga_profile_name(const ga_profile_t *p)
{
    return p ? p->name : NULL;
}

ga_object_t ga_profile_object(const ga_profile_t *p)
{
    return p ? p->object : GA_OBJECT_WEBSITE;
}

size_t ga_profile_indicator_count(const ga_profile_t *p)
{
    return p ? p->nind : 0;
}

const char *ga_profile_indicator_id(const ga_profile_t *p, size_t i)
{
    return p && i < p->nind ? p->ind[i].id : NULL;
}

const char *ga_profile_indicator_name(const ga_profile_t *p, size_t i)
{
    return p && i < p->nind ? p->ind[i].name : NULL;
}

ga_indicator_kind_t ga_profile_indicator_kind(const ga_profile_t *p, size_t i)
{
    return p && i < p->nind ? p->ind[i].kind : GA_KIND_PROBLEM;
}

const char *ga_profile_indicator_status(const ga_profile_t *p, size_t i)
{
    return p && i < p->nind ? p->ind[i].status : NULL;
}

int ga_profile_indicator_complete(const ga_profile_t *p, size_t i)
{
    if (!p || i >= p->nind)
        return 0;
    const sc_indicator_t *ind = &p->ind[i];
    if (ind->unknown)
        return 0;
    for (size_t k = 0; k < ind->ncond; k++)
        if (ind->cond[k].unknown)
            return 0;
    return 1;
}
