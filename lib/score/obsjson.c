/* Observations from JSON: the general format (docs/profiles.md, "Observations") and the
 * new-media account export of DESIGN.md. Both go through the builder API. */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "score-internal.h"
#include "score-json.h"

typedef struct rd {
    ga_jctx_t c;
    ga_observations_t *o;
    ga_error_t **err;
} rd_t;

/* A builder call failed on bad input: name the place in the file. */
static ga_status_t at(rd_t *r, const char *key, ga_status_t st, ga_error_t *inner)
{
    if (st == GA_ERR_NO_MEMORY) {
        ga_error_free(inner);
        return ga_error_set(r->err, st, "out of memory");
    }
    st = ga_jctx_error(&r->c, key, "%s", inner ? ga_error_message(inner) : "invalid value");
    ga_error_free(inner);
    return st;
}

/* Optional string member; a present non-string is an error. */
static ga_status_t str(rd_t *r, json_object *obj, const char *key, const char **out)
{
    json_object *v;
    *out = NULL;
    if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
        return GA_OK;
    if (!json_object_is_type(v, json_type_string))
        return ga_jctx_error(&r->c, key, "'%s' must be a string", key);
    *out = json_object_get_string(v);
    return GA_OK;
}

/* Optional time member (null or absent: GA_TIME_NONE); `end_of_day` puts a bare date at
 * 23:59:59, for the audit time T, so the whole day is inside the windows ending at T. */
static ga_status_t tm(rd_t *r, json_object *obj, const char *key, bool required, bool end_of_day,
                      int64_t *out)
{
    const char *s;
    ga_status_t st = str(r, obj, key, &s);
    *out = GA_TIME_NONE;
    if (st)
        return st;
    if (!s) {
        if (required)
            return ga_jctx_error(&r->c, json_object_object_get_ex(obj, key, NULL) ? key : NULL,
                                 "missing time '%s'", key);
        return GA_OK;
    }
    ga_error_t *e = NULL;
    size_t n = strlen(s);
    if (ga_time_parse(s, n, out, &e) != GA_OK) {
        ga_error_free(e);
        return ga_jctx_error(&r->c, key, "'%s' is not a time (YYYY-MM-DD[ HH:MM[:SS]])", key);
    }
    if (end_of_day && n <= 10)
        *out += GA_DAY - 1;
    return GA_OK;
}

static ga_status_t boolean(rd_t *r, json_object *obj, const char *key, bool dflt, bool *out)
{
    json_object *v;
    *out = dflt;
    if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
        return GA_OK;
    if (!json_object_is_type(v, json_type_boolean))
        return ga_jctx_error(&r->c, key, "'%s' must be true or false", key);
    *out = json_object_get_boolean(v);
    return GA_OK;
}

static ga_status_t integer(rd_t *r, json_object *obj, const char *key, int64_t lo, int64_t hi,
                           int64_t dflt, int64_t *out)
{
    json_object *v;
    *out = dflt;
    if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
        return GA_OK;
    if (!json_object_is_type(v, json_type_int))
        return ga_jctx_error(&r->c, key, "'%s' must be a whole number", key);
    *out = json_object_get_int64(v);
    if (*out < lo || *out > hi)
        return ga_jctx_error(&r->c, key, "'%s' must be from %lld to %lld", key, (long long)lo,
                             (long long)hi);
    return GA_OK;
}

/* A string array member into a temporary vector of pointers into the JSON tree. */
static ga_status_t strings(rd_t *r, json_object *obj, const char *key, const char ***out,
                           size_t *n)
{
    json_object *v;
    *out = NULL;
    *n = 0;
    if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
        return GA_OK;
    if (!json_object_is_type(v, json_type_array))
        return ga_jctx_error(&r->c, key, "'%s' must be an array of strings", key);
    size_t len = json_object_array_length(v);
    if (len == 0)
        return GA_OK;
    if (!(*out = calloc(len, sizeof **out)))
        return ga_error_set(r->err, GA_ERR_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < len; i++) {
        json_object *e = json_object_array_get_idx(v, i);
        if (!json_object_is_type(e, json_type_string)) {
            free(*out);
            *out = NULL;
            ga_jctx_push_key(&r->c, key);
            ga_status_t st = ga_jctx_error_idx(&r->c, i, "'%s' must hold strings", key);
            ga_jctx_pop(&r->c);
            return st;
        }
        (*out)[i] = json_object_get_string(e);
    }
    *n = len;
    return GA_OK;
}

typedef ga_status_t (*item_fn)(rd_t *r, json_object *item);

/* Run `fn` on every object of array member `key`, with the path pushed for errors. */
static ga_status_t each(rd_t *r, json_object *root, const char *key, unsigned section, item_fn fn)
{
    json_object *a;
    if (!json_object_object_get_ex(root, key, &a) || a == NULL)
        return GA_OK;
    if (!json_object_is_type(a, json_type_array))
        return ga_jctx_error(&r->c, key, "'%s' must be an array", key);
    r->o->observed |= section;
    ga_jctx_push_key(&r->c, key);
    ga_status_t st = GA_OK;
    for (size_t i = 0; i < json_object_array_length(a) && !st; i++) {
        json_object *x = json_object_array_get_idx(a, i);
        ga_jctx_push_idx(&r->c, i);
        st = json_object_is_type(x, json_type_object) ? fn(r, x)
                                                      : ga_jctx_error(&r->c, NULL, "want an object");
        ga_jctx_pop(&r->c);
    }
    ga_jctx_pop(&r->c);
    return st;
}

#define TRY(x)                 \
    do {                       \
        ga_status_t st_ = (x); \
        if (st_)               \
            return st_;        \
    } while (0)

/* ---- the general format ----------------------------------------------------------------- */

static ga_status_t probe_item(rd_t *r, json_object *x)
{
    int64_t t, lat;
    bool ok;
    const char *why;
    TRY(tm(r, x, "time", true, false, &t));
    TRY(boolean(r, x, "ok", false, &ok));
    TRY(integer(r, x, "latency_ms", 0, UINT32_MAX, 0, &lat));
    TRY(str(r, x, "error", &why));
    ga_error_t *e = NULL;
    ga_status_t st = sc_obs_add_probe(r->o, t, ok, (uint32_t)lat, why, &e);
    return st ? at(r, "time", st, e) : GA_OK;
}

static ga_status_t column_item(rd_t *r, json_object *x)
{
    const char *id, *name, *type;
    int64_t level;
    bool blank;
    TRY(str(r, x, "id", &id));
    TRY(str(r, x, "name", &name));
    TRY(str(r, x, "type", &type));
    TRY(integer(r, x, "level", 0, 100, 1, &level));
    TRY(boolean(r, x, "blank", false, &blank));
    ga_error_t *e = NULL;
    size_t idx;
    ga_status_t st = ga_obs_add_column(r->o, id, name, type, (int)level, blank, &idx, &e);
    if (st)
        return at(r, NULL, st, e);
    json_object *items;
    if (!json_object_object_get_ex(x, "items", &items) || !items)
        return GA_OK;
    if (!json_object_is_type(items, json_type_array))
        return ga_jctx_error(&r->c, "items", "'items' must be an array of times (null: undated)");
    ga_jctx_push_key(&r->c, "items");
    for (size_t i = 0; i < json_object_array_length(items) && !st; i++) {
        json_object *it = json_object_array_get_idx(items, i);
        int64_t t = GA_TIME_NONE;
        if (it && !json_object_is_type(it, json_type_string))
            st = ga_jctx_error_idx(&r->c, i, "an item is a time string or null");
        else if (it && ga_time_parse(json_object_get_string(it),
                                     (size_t)json_object_get_string_len(it), &t, NULL))
            st = ga_jctx_error_idx(&r->c, i, "not a time (YYYY-MM-DD[ HH:MM[:SS]])");
        else if ((st = ga_obs_add_column_item(r->o, idx, t, &e)))
            st = at(r, NULL, st, e);
    }
    ga_jctx_pop(&r->c);
    return st;
}

static ga_status_t home_item(rd_t *r, json_object *x)
{
    int64_t t;
    const char *title, *url;
    TRY(tm(r, x, "time", false, false, &t));
    TRY(str(r, x, "title", &title));
    TRY(str(r, x, "url", &url));
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_add_home_item(r->o, t, title, url, &e);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static ga_status_t message_item(rd_t *r, json_object *x)
{
    int64_t s, rep;
    const char *type, *title, *url;
    bool valid;
    TRY(str(r, x, "column_type", &type));
    TRY(str(r, x, "title", &title));
    TRY(str(r, x, "url", &url));
    TRY(tm(r, x, "submitted", true, false, &s));
    TRY(tm(r, x, "replied", false, false, &rep));
    TRY(boolean(r, x, "valid", true, &valid));
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_add_message_on_page(r->o, type, s, rep, valid, title, url, &e);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static ga_status_t link_item(rd_t *r, json_object *x)
{
    const char *url, *where;
    int64_t status;
    bool ext;
    TRY(str(r, x, "url", &url));
    TRY(str(r, x, "where", &where));
    TRY(integer(r, x, "status", 0, 999, 0, &status));
    TRY(boolean(r, x, "external", false, &ext));
    if (!url)
        return ga_jctx_error(&r->c, NULL, "a link needs 'url'");
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_add_link(r->o, url, (int)status, ext, where, &e);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static ga_status_t finding_item(rd_t *r, json_object *x)
{
    const char *rule, *cat, *sev, *text, *url;
    TRY(str(r, x, "rule", &rule));
    TRY(str(r, x, "category", &cat));
    TRY(str(r, x, "severity", &sev));
    TRY(str(r, x, "text", &text));
    TRY(str(r, x, "url", &url));
    if (!sev)
        return ga_jctx_error(&r->c, NULL, "a finding needs 'severity'");
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_add_finding(r->o, rule, cat, sev, text, url, &e);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static ga_status_t dup_item(rd_t *r, json_object *x)
{
    const char *kind;
    TRY(str(r, x, "kind", &kind));
    if (!kind)
        return ga_jctx_error(&r->c, NULL, "a duplicate cluster needs 'kind'");
    ga_error_t *e = NULL;
    size_t idx;
    ga_status_t st = ga_obs_add_duplicate(r->o, kind, &idx, &e);
    if (st)
        return at(r, NULL, st, e);
    json_object *posts;
    if (!json_object_object_get_ex(x, "posts", &posts) || !posts)
        return GA_OK;
    if (!json_object_is_type(posts, json_type_array))
        return ga_jctx_error(&r->c, "posts", "'posts' must be an array");
    ga_jctx_push_key(&r->c, "posts");
    for (size_t i = 0; i < json_object_array_length(posts) && !st; i++) {
        json_object *p = json_object_array_get_idx(posts, i);
        ga_jctx_push_idx(&r->c, i);
        if (!json_object_is_type(p, json_type_object)) {
            st = ga_jctx_error(&r->c, NULL, "want an object");
        } else {
            const char *url, *col;
            int64_t t;
            if (!(st = str(r, p, "url", &url)) && !(st = str(r, p, "column", &col)) &&
                !(st = tm(r, p, "time", false, false, &t)) &&
                (st = ga_obs_add_duplicate_member(r->o, idx, url, col, t, &e)))
                st = at(r, NULL, st, e);
        }
        ga_jctx_pop(&r->c);
    }
    ga_jctx_pop(&r->c);
    return st;
}

static ga_status_t service_item(rd_t *r, json_object *x)
{
    const char *name, *url, **el;
    size_t n;
    TRY(str(r, x, "name", &name));
    TRY(str(r, x, "url", &url));
    TRY(strings(r, x, "elements", &el, &n));
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_add_guide(r->o, name, url, el, n, &e);
    free(el);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static ga_status_t page_item(rd_t *r, json_object *x)
{
    const char *url, *kind, **tags;
    size_t n;
    TRY(str(r, x, "url", &url));
    TRY(str(r, x, "kind", &kind));
    TRY(strings(r, x, "tags", &tags, &n));
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_add_page(r->o, url, kind, tags, n, &e);
    free(tags);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static ga_status_t date_change_item(rd_t *r, json_object *x)
{
    const char *url, *title;
    int64_t made, shown;
    TRY(str(r, x, "url", &url));
    TRY(str(r, x, "title", &title));
    TRY(tm(r, x, "made", true, false, &made));
    TRY(tm(r, x, "shown", true, false, &shown));
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_add_date_change(r->o, url, title, made, shown, &e);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static ga_status_t problem_item(rd_t *r, json_object *x)
{
    const char *kind, *text, *url;
    int64_t pages;
    TRY(str(r, x, "kind", &kind));
    TRY(str(r, x, "text", &text));
    TRY(str(r, x, "url", &url));
    TRY(integer(r, x, "pages", 0, INT32_MAX, 0, &pages));
    if (!kind)
        return ga_jctx_error(&r->c, NULL, "a site problem needs 'kind'");
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_add_site_problem(r->o, kind, text, url, (size_t)pages, &e);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static const struct {
    const char *name;
    unsigned bit;
} sections[] = {
    {"probes", GA_OBS_PROBES},   {"columns", GA_OBS_COLUMNS},   {"home", GA_OBS_HOME},
    {"messages", GA_OBS_MESSAGES}, {"links", GA_OBS_LINKS},     {"findings", GA_OBS_FINDINGS},
    {"duplicates", GA_OBS_DUPLICATES}, {"services", GA_OBS_SERVICES}, {"pages", GA_OBS_PAGES},
};

static ga_status_t read_flags(rd_t *r, json_object *root)
{
    json_object *f;
    if (!json_object_object_get_ex(root, "flags", &f) || !f)
        return GA_OK;
    if (!json_object_is_type(f, json_type_object))
        return ga_jctx_error(&r->c, "flags", "'flags' must be an object of true/false or numbers");
    ga_jctx_push_key(&r->c, "flags");
    ga_status_t st = GA_OK;
    json_object_object_foreach(f, key, val)
    {
        if (st)
            break;
        int64_t v;
        if (json_object_is_type(val, json_type_boolean))
            v = json_object_get_boolean(val);
        else if (json_object_is_type(val, json_type_int))
            v = json_object_get_int64(val);
        else {
            st = ga_jctx_error(&r->c, key, "a flag is true, false or a whole number");
            break;
        }
        ga_error_t *e = NULL;
        if ((st = ga_obs_set_flag(r->o, key, v, &e)))
            st = at(r, key, st, e);
    }
    ga_jctx_pop(&r->c);
    return st;
}

static ga_status_t check_root_keys(rd_t *r, json_object *root, const char *const *allowed)
{
    json_object_object_foreach(root, key, val)
    {
        (void)val;
        const char *const *a = allowed;
        while (*a && strcmp(*a, key))
            a++;
        if (!*a)
            return ga_jctx_error(&r->c, key, "unknown field '%s'", key);
    }
    return GA_OK;
}

static ga_status_t general(rd_t *r, json_object *root)
{
    static const char *const keys[] = {"object", "site", "owner", "site_id", "date", "observed",
                                       "flags", "probes", "columns", "home", "messages", "links",
                                       "findings", "duplicates", "services", "pages",
                                       "date_changes", "site_problems", NULL};
    TRY(check_root_keys(r, root, keys));
    const char *site, *owner, *sid;
    TRY(str(r, root, "site", &site));
    TRY(str(r, root, "owner", &owner));
    TRY(str(r, root, "site_id", &sid));
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_set_site(r->o, site, owner, sid, &e);
    if (st)
        return at(r, NULL, st, e);
    int64_t t;
    TRY(tm(r, root, "date", false, true, &t));
    ga_obs_set_time(r->o, t);
    const char **obs;
    size_t n;
    TRY(strings(r, root, "observed", &obs, &n));
    for (size_t i = 0; i < n && !st; i++) {
        size_t k = 0;
        while (k < sizeof sections / sizeof *sections && strcmp(sections[k].name, obs[i]))
            k++;
        if (k == sizeof sections / sizeof *sections) {
            ga_jctx_push_key(&r->c, "observed");
            st = ga_jctx_error_idx(&r->c, i, "unknown section '%s'", obs[i]);
            ga_jctx_pop(&r->c);
        } else {
            r->o->observed |= sections[k].bit;
        }
    }
    free(obs);
    if (st)
        return st;
    TRY(read_flags(r, root));
    TRY(each(r, root, "probes", GA_OBS_PROBES, probe_item));
    TRY(each(r, root, "columns", GA_OBS_COLUMNS, column_item));
    TRY(each(r, root, "home", GA_OBS_HOME, home_item));
    TRY(each(r, root, "messages", GA_OBS_MESSAGES, message_item));
    TRY(each(r, root, "links", GA_OBS_LINKS, link_item));
    TRY(each(r, root, "findings", GA_OBS_FINDINGS, finding_item));
    TRY(each(r, root, "duplicates", GA_OBS_DUPLICATES, dup_item));
    TRY(each(r, root, "services", GA_OBS_SERVICES, service_item));
    TRY(each(r, root, "pages", GA_OBS_PAGES, page_item));
    TRY(each(r, root, "date_changes", GA_OBS_PAGES, date_change_item));
    TRY(each(r, root, "site_problems", GA_OBS_PAGES, problem_item));
    return GA_OK;
}

/* ---- the new-media export ------------------------------------------------------------------ */

static ga_status_t post_item(rd_t *r, json_object *x)
{
    int64_t t;
    const char *title, *url, *text;
    TRY(tm(r, x, "time", true, false, &t));
    TRY(str(r, x, "title", &title));
    TRY(str(r, x, "url", &url));
    TRY(str(r, x, "text", &text));
    ga_error_t *e = NULL;
    ga_status_t st = sc_obs_add_post(r->o, t, title, url, text, &e);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static ga_status_t menu_item(rd_t *r, json_object *x)
{
    const char *name, *url;
    int64_t status;
    TRY(str(r, x, "name", &name));
    TRY(str(r, x, "url", &url));
    TRY(integer(r, x, "status", 0, 999, 0, &status));
    json_object *v;
    if (!json_object_object_get_ex(x, "status", &v))
        return ga_jctx_error(&r->c, NULL, "a menu needs 'status' (0: it did not open)");
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_add_link(r->o, url ? url : "", (int)status, 0, name, &e);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static ga_status_t media_message(rd_t *r, json_object *x)
{
    int64_t s, rep;
    const char *text;
    TRY(tm(r, x, "time", true, false, &s));
    TRY(tm(r, x, "reply_time", false, false, &rep));
    TRY(str(r, x, "text", &text));
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_add_message(r->o, "consult", s, rep, 1, &e);
    return st ? at(r, NULL, st, e) : GA_OK;
}

static ga_status_t media(rd_t *r, json_object *root)
{
    static const char *const keys[] = {"account", "platform", "owner", "interaction", "posts",
                                       "menus", "messages", NULL};
    TRY(check_root_keys(r, root, keys));
    const char *account, *owner, *platform;
    TRY(str(r, root, "account", &account));
    TRY(str(r, root, "owner", &owner));
    TRY(str(r, root, "platform", &platform));
    if (!account || !*account)
        return ga_jctx_error(&r->c, account ? "account" : NULL, "the export needs 'account'");
    ga_error_t *e = NULL;
    ga_status_t st = ga_obs_set_site(r->o, account, owner, NULL, &e);
    if (st)
        return at(r, NULL, st, e);
    json_object *v;
    if (json_object_object_get_ex(root, "interaction", &v) && v) {
        bool b;
        TRY(boolean(r, root, "interaction", false, &b));
        if ((st = ga_obs_set_flag(r->o, "has_interaction", b, &e)))
            return at(r, NULL, st, e);
    }
    /* An export lists the account's posts, menus and messages: an empty list was looked at. */
    TRY(each(r, root, "posts", GA_OBS_HOME, post_item));
    TRY(each(r, root, "menus", GA_OBS_LINKS, menu_item));
    TRY(each(r, root, "messages", GA_OBS_MESSAGES, media_message));
    return GA_OK;
}

static ga_status_t load(const char *json, size_t len, const char *name, ga_object_t object,
                        bool is_media, ga_observations_t **out, ga_error_t **err)
{
    if (!json || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "observations loader: NULL argument");
    *out = NULL;
    rd_t r = {.o = NULL};
    json_object *root;
    ga_status_t st = ga_jctx_parse(&r.c, json, len, name, err, &root);
    if (st)
        return st;
    r.err = err;
    if (!json_object_is_type(root, json_type_object)) {
        st = ga_jctx_error(&r.c, NULL, "want a JSON object");
    } else if (!is_media) {
        static const char *const objs[] = {"website", "newmedia"};
        const char *o = NULL;
        st = str(&r, root, "object", &o);
        if (!st && o) {
            if (strcmp(o, objs[0]) == 0)
                object = GA_OBJECT_WEBSITE;
            else if (strcmp(o, objs[1]) == 0)
                object = GA_OBJECT_NEWMEDIA;
            else
                st = ga_jctx_error(&r.c, "object", "'object' must be website or newmedia");
        }
    }
    if (!st)
        st = ga_observations_new(object, &r.o, err);
    if (!st)
        st = is_media ? media(&r, root) : general(&r, root);
    json_object_put(root);
    if (st) {
        ga_observations_free(r.o);
        return st;
    }
    *out = r.o;
    return GA_OK;
}

ga_status_t ga_observations_parse(const char *json, size_t len, const char *name,
                                  ga_observations_t **out, ga_error_t **err)
{
    return load(json, len, name, GA_OBJECT_WEBSITE, false, out, err);
}

ga_status_t ga_observations_parse_media(const char *json, size_t len, const char *name,
                                        ga_observations_t **out, ga_error_t **err)
{
    return load(json, len, name, GA_OBJECT_NEWMEDIA, true, out, err);
}
