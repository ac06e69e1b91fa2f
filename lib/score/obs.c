/* Observations of one site or account: the builder API. */
#include <stdlib.h>
#include <string.h>

#include <govaudit/match.h>
#include <govaudit/spell.h>

#include "score-internal.h"

/* Times outside years 0..9999 are refused so window arithmetic cannot overflow. */
#define GA_TIME_MIN (-62167219200LL)
#define GA_TIME_MAX 253402300799LL

static bool time_ok(int64_t t, bool none_ok)
{
    return (none_ok && t == GA_TIME_NONE) || (t >= GA_TIME_MIN && t <= GA_TIME_MAX);
}

bool ga_vec_grow(void **v, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        if (nc > SIZE_MAX / size)
            return false;
        void *nv = realloc(*v, nc * size);
        if (!nv)
            return false;
        *v = nv;
        *cap = nc;
    }
    memset((char *)*v + *n * size, 0, size);
    (*n)++;
    return true;
}

char *ga_sdup(const char *s, bool *ok)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *ok = false;
    return d;
}

void ga_strlist_free(sc_strlist_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

bool ga_strlist_has(const sc_strlist_t *l, const char *s)
{
    if (!s)
        return false;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

static bool strlist_copy(sc_strlist_t *l, const char *const *v, size_t n)
{
    if (n == 0)
        return true;
    if (!(l->v = calloc(n, sizeof *l->v)))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!v[i])
            continue;
        if (!(l->v[l->n] = strdup(v[i])))
            return false;
        l->n++;
    }
    return true;
}

static ga_status_t nomem(ga_error_t **err)
{
    return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

static ga_status_t badarg(ga_error_t **err, const char *fn)
{
    return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "%s: invalid argument", fn);
}

/* Strings must be UTF-8: they end up in JSON output. */
static bool utf8_ok(const char *s)
{
    return !s || ga_utf8_validate(s, strlen(s), NULL) == GA_OK;
}

ga_status_t ga_observations_new(ga_object_t object, ga_observations_t **out, ga_error_t **err)
{
    if (!out || (object != GA_OBJECT_WEBSITE && object != GA_OBJECT_NEWMEDIA))
        return badarg(err, "ga_observations_new");
    ga_observations_t *o = calloc(1, sizeof *o);
    if (!o)
        return nomem(err);
    o->object = object;
    o->time = GA_TIME_NONE;
    *out = o;
    return GA_OK;
}

void ga_observations_free(ga_observations_t *o)
{
    if (!o)
        return;
    free(o->site);
    free(o->owner);
    free(o->site_id);
    for (size_t i = 0; i < o->probes.n; i++)
        free(o->probes.v[i].error);
    free(o->probes.v);
    for (size_t i = 0; i < o->columns.n; i++) {
        sc_column_t *c = &o->columns.v[i];
        free(c->id);
        free(c->name);
        free(c->type);
        free(c->items);
    }
    free(o->columns.v);
    for (size_t i = 0; i < o->home.n; i++) {
        free(o->home.v[i].title);
        free(o->home.v[i].url);
        free(o->home.v[i].text);
    }
    free(o->home.v);
    for (size_t i = 0; i < o->messages.n; i++) {
        free(o->messages.v[i].column_type);
        free(o->messages.v[i].title);
        free(o->messages.v[i].url);
    }
    free(o->messages.v);
    for (size_t i = 0; i < o->links.n; i++) {
        free(o->links.v[i].url);
        free(o->links.v[i].where);
    }
    free(o->links.v);
    for (size_t i = 0; i < o->findings.n; i++) {
        sc_finding_t *f = &o->findings.v[i];
        free(f->rule);
        free(f->category);
        free(f->severity);
        free(f->text);
        free(f->url);
    }
    free(o->findings.v);
    for (size_t i = 0; i < o->dups.n; i++) {
        sc_dup_t *d = &o->dups.v[i];
        for (size_t j = 0; j < d->n; j++) {
            free(d->m[j].url);
            free(d->m[j].column);
        }
        free(d->m);
        free(d->kind);
    }
    free(o->dups.v);
    for (size_t i = 0; i < o->services.n; i++) {
        free(o->services.v[i].name);
        free(o->services.v[i].url);
        ga_strlist_free(&o->services.v[i].elements);
    }
    free(o->services.v);
    for (size_t i = 0; i < o->pages.n; i++) {
        free(o->pages.v[i].url);
        free(o->pages.v[i].kind);
        ga_strlist_free(&o->pages.v[i].tags);
    }
    free(o->pages.v);
    for (size_t i = 0; i < o->date_changes.n; i++) {
        free(o->date_changes.v[i].url);
        free(o->date_changes.v[i].title);
    }
    free(o->date_changes.v);
    for (size_t i = 0; i < o->problems.n; i++) {
        free(o->problems.v[i].kind);
        free(o->problems.v[i].text);
        free(o->problems.v[i].url);
    }
    free(o->problems.v);
    for (size_t i = 0; i < o->flags.n; i++)
        free(o->flags.v[i].name);
    free(o->flags.v);
    free(o);
}

void ga_obs_mark_observed(ga_observations_t *o, unsigned sections)
{
    if (o)
        o->observed |= sections;
}

ga_status_t ga_obs_set_site(ga_observations_t *o, const char *name, const char *owner,
                            const char *site_id, ga_error_t **err)
{
    if (!o || !utf8_ok(name) || !utf8_ok(owner) || !utf8_ok(site_id))
        return badarg(err, "ga_obs_set_site");
    bool ok = true;
    char *n = ga_sdup(name, &ok), *w = ga_sdup(owner, &ok), *s = ga_sdup(site_id, &ok);
    if (!ok) {
        free(n);
        free(w);
        free(s);
        return nomem(err);
    }
    free(o->site);
    free(o->owner);
    free(o->site_id);
    o->site = n;
    o->owner = w;
    o->site_id = s;
    return GA_OK;
}

void ga_obs_set_time(ga_observations_t *o, int64_t t)
{
    if (o)
        o->time = time_ok(t, false) ? t : GA_TIME_NONE;
}

int64_t ga_obs_time(const ga_observations_t *o)
{
    return o ? o->time : GA_TIME_NONE;
}

const sc_flag_t *ga_obs_flag(const ga_observations_t *o, const char *name)
{
    for (size_t i = 0; i < o->flags.n; i++)
        if (strcmp(o->flags.v[i].name, name) == 0)
            return &o->flags.v[i];
    return NULL;
}

ga_status_t ga_obs_set_flag(ga_observations_t *o, const char *name, int64_t value,
                            ga_error_t **err)
{
    if (!o || !name || !*name || !utf8_ok(name))
        return badarg(err, "ga_obs_set_flag");
    sc_flag_t *f = (sc_flag_t *)ga_obs_flag(o, name);
    if (f) {
        f->value = value;
        return GA_OK;
    }
    bool ok = true;
    char *n = ga_sdup(name, &ok);
    if (!ok || !(f = GA_VEC_PUSH(o->flags))) {
        free(n);
        return nomem(err);
    }
    f->name = n;
    f->value = value;
    return GA_OK;
}

ga_status_t ga_obs_add_probe(ga_observations_t *o, int64_t time, int ok, uint32_t latency_ms,
                             ga_error_t **err)
{
    return sc_obs_add_probe(o, time, ok, latency_ms, NULL, err);
}

ga_status_t sc_obs_add_probe(ga_observations_t *o, int64_t time, int ok, uint32_t latency_ms,
                             const char *error, ga_error_t **err)
{
    if (!o || !time_ok(time, false))
        return badarg(err, "ga_obs_add_probe");
    char *e = error ? ga_utf8_clip(error, strlen(error), 200) : NULL;
    sc_probe_t *p = error && !e ? NULL : GA_VEC_PUSH(o->probes);
    if (!p) {
        free(e);
        return nomem(err);
    }
    p->error = e;
    p->time = time;
    p->ok = ok != 0;
    p->latency_ms = latency_ms;
    o->observed |= GA_OBS_PROBES;
    return GA_OK;
}

ga_status_t ga_obs_add_column(ga_observations_t *o, const char *id, const char *name,
                              const char *type, int level, int blank, size_t *index,
                              ga_error_t **err)
{
    if (!o || level < 0 || !utf8_ok(id) || !utf8_ok(name) || !utf8_ok(type))
        return badarg(err, "ga_obs_add_column");
    bool ok = true;
    char *i = ga_sdup(id, &ok), *n = ga_sdup(name, &ok), *t = ga_sdup(type, &ok);
    sc_column_t *c = ok ? GA_VEC_PUSH(o->columns) : NULL;
    if (!c) {
        free(i);
        free(n);
        free(t);
        return nomem(err);
    }
    c->id = i;
    c->name = n;
    c->type = t;
    c->level = level;
    c->blank = blank != 0;
    if (index)
        *index = o->columns.n - 1;
    o->observed |= GA_OBS_COLUMNS;
    return GA_OK;
}

ga_status_t ga_obs_add_column_item(ga_observations_t *o, size_t column, int64_t time,
                                   ga_error_t **err)
{
    if (!o || column >= o->columns.n || !time_ok(time, true))
        return badarg(err, "ga_obs_add_column_item");
    sc_column_t *c = &o->columns.v[column];
    if (!ga_vec_grow((void **)&c->items, &c->nitems, &c->capitems, sizeof *c->items))
        return nomem(err);
    c->items[c->nitems - 1] = time;
    return GA_OK;
}

ga_status_t sc_obs_add_post(ga_observations_t *o, int64_t time, const char *title,
                            const char *url, const char *text, ga_error_t **err)
{
    if (!o || !time_ok(time, true) || !utf8_ok(title) || !utf8_ok(url) || !utf8_ok(text))
        return badarg(err, "ga_obs_add_home_item");
    bool ok = true;
    char *t = ga_sdup(title, &ok), *u = ga_sdup(url, &ok), *x = ga_sdup(text, &ok);
    sc_home_item_t *h = ok ? GA_VEC_PUSH(o->home) : NULL;
    if (!h) {
        free(t);
        free(u);
        free(x);
        return nomem(err);
    }
    h->time = time;
    h->title = t;
    h->url = u;
    h->text = x;
    o->observed |= GA_OBS_HOME;
    return GA_OK;
}

ga_status_t ga_obs_add_home_item(ga_observations_t *o, int64_t time, const char *title,
                                 const char *url, ga_error_t **err)
{
    return sc_obs_add_post(o, time, title, url, NULL, err);
}

/* Findings of one checked field of a post, from the matcher or the spelling model. */
static ga_status_t add_hits(ga_observations_t *o, const void *s, size_t count,
                            ga_status_t (*get)(const void *, size_t, ga_finding_t *),
                            const char *url, ga_error_t **err)
{
    ga_status_t st = GA_OK;
    for (size_t k = 0; st == GA_OK && k < count; k++) {
        ga_finding_t f = {.size = sizeof f};
        if ((st = get(s, k, &f)) != GA_OK)
            break;
        char *hit = strndup(f.text, f.end - f.start);
        if (!hit)
            return nomem(err);
        st = ga_obs_add_finding(o, f.rule, f.category, ga_severity_name(f.severity), hit, url,
                                err);
        free(hit);
    }
    return st;
}

static ga_status_t match_get(const void *s, size_t i, ga_finding_t *f)
{
    return ga_match_get(s, i, f);
}

static ga_status_t spell_get(const void *s, size_t i, ga_finding_t *f)
{
    return ga_spell_get(s, i, f);
}

/* Each post's title and text through the matcher, then the spelling model (which leaves
 * the matcher's hits alone). */
static ga_status_t check_posts(ga_observations_t *o, const struct ga_matcher *m,
                               const struct ga_spell_model *model, ga_error_t **err)
{
    ga_match_scratch_t *ms = m ? ga_match_scratch_new() : NULL;
    ga_spell_scratch_t *ss = model ? ga_spell_scratch_new() : NULL;
    if ((m && !ms) || (model && !ss)) {
        ga_match_scratch_free(ms);
        ga_spell_scratch_free(ss);
        return nomem(err);
    }
    ga_status_t st = GA_OK;
    for (size_t i = 0; st == GA_OK && i < o->home.n; i++) {
        const sc_home_item_t *h = &o->home.v[i];
        const char *fields[2] = {h->title, h->text};
        for (int k = 0; st == GA_OK && k < 2; k++) {
            if (!fields[k])
                continue;
            size_t len = strlen(fields[k]);
            if (m && (st = ga_match_scan(m, ms, fields[k], len, err)) == GA_OK)
                st = add_hits(o, ms, ga_match_count(ms), match_get, h->url, err);
            if (st == GA_OK && model &&
                (st = ga_spell_check(model, ss, fields[k], len, ms, err)) == GA_OK)
                st = add_hits(o, ss, ga_spell_count(ss), spell_get, h->url, err);
        }
    }
    ga_match_scratch_free(ms);
    ga_spell_scratch_free(ss);
    if (st == GA_OK)
        o->observed |= GA_OBS_FINDINGS;
    return st;
}

ga_status_t ga_obs_scan_posts(ga_observations_t *o, const struct ga_matcher *m, ga_error_t **err)
{
    if (!o || !m)
        return badarg(err, "ga_obs_scan_posts");
    return check_posts(o, m, NULL, err);
}

ga_status_t ga_obs_check_posts(ga_observations_t *o, const struct ga_matcher *m,
                               const struct ga_spell_model *model, ga_error_t **err)
{
    if (!o || (!m && !model))
        return badarg(err, "ga_obs_check_posts");
    return check_posts(o, m, model, err);
}

ga_status_t ga_obs_add_message(ga_observations_t *o, const char *column_type, int64_t submitted,
                               int64_t replied, int valid, ga_error_t **err)
{
    return ga_obs_add_message_on_page(o, column_type, submitted, replied, valid, NULL, NULL, err);
}

ga_status_t ga_obs_add_message_on_page(ga_observations_t *o, const char *column_type,
                                       int64_t submitted, int64_t replied, int valid,
                                       const char *title, const char *url, ga_error_t **err)
{
    if (!o || !time_ok(submitted, false) || !time_ok(replied, true) || !utf8_ok(column_type) ||
        !utf8_ok(title) || !utf8_ok(url))
        return badarg(err, "ga_obs_add_message_on_page");
    bool ok = true;
    char *t = ga_sdup(column_type, &ok), *ti = ga_sdup(title, &ok), *u = ga_sdup(url, &ok);
    sc_message_t *m = ok ? GA_VEC_PUSH(o->messages) : NULL;
    if (!m) {
        free(t);
        free(ti);
        free(u);
        return nomem(err);
    }
    m->column_type = t;
    m->title = ti;
    m->url = u;
    m->submitted = submitted;
    m->replied = replied;
    m->valid = valid != 0;
    o->observed |= GA_OBS_MESSAGES;
    return GA_OK;
}

ga_status_t ga_obs_add_link(ga_observations_t *o, const char *url, int status, int external,
                            const char *where, ga_error_t **err)
{
    if (!o || !url || status < 0 || status > 999 || !utf8_ok(url) || !utf8_ok(where))
        return badarg(err, "ga_obs_add_link");
    bool ok = true;
    char *u = ga_sdup(url, &ok), *w = ga_sdup(where, &ok);
    sc_link_t *l = ok ? GA_VEC_PUSH(o->links) : NULL;
    if (!l) {
        free(u);
        free(w);
        return nomem(err);
    }
    l->url = u;
    l->where = w;
    l->status = status;
    l->external = external != 0;
    o->observed |= GA_OBS_LINKS;
    return GA_OK;
}

ga_status_t ga_obs_add_finding(ga_observations_t *o, const char *rule, const char *category,
                               const char *severity, const char *text, const char *url,
                               ga_error_t **err)
{
    if (!o || !severity || !utf8_ok(rule) || !utf8_ok(category) || !utf8_ok(severity) ||
        !utf8_ok(text) || !utf8_ok(url))
        return badarg(err, "ga_obs_add_finding");
    bool ok = true;
    char *r = ga_sdup(rule, &ok), *c = ga_sdup(category, &ok), *s = ga_sdup(severity, &ok),
         *t = ga_sdup(text, &ok), *u = ga_sdup(url, &ok);
    sc_finding_t *f = ok ? GA_VEC_PUSH(o->findings) : NULL;
    if (!f) {
        free(r);
        free(c);
        free(s);
        free(t);
        free(u);
        return nomem(err);
    }
    f->rule = r;
    f->category = c;
    f->severity = s;
    f->text = t;
    f->url = u;
    o->observed |= GA_OBS_FINDINGS;
    return GA_OK;
}

ga_status_t ga_obs_add_duplicate(ga_observations_t *o, const char *kind, size_t *index,
                                 ga_error_t **err)
{
    if (!o || !kind || !utf8_ok(kind))
        return badarg(err, "ga_obs_add_duplicate");
    bool ok = true;
    char *k = ga_sdup(kind, &ok);
    sc_dup_t *d = ok ? GA_VEC_PUSH(o->dups) : NULL;
    if (!d) {
        free(k);
        return nomem(err);
    }
    d->kind = k;
    if (index)
        *index = o->dups.n - 1;
    o->observed |= GA_OBS_DUPLICATES;
    return GA_OK;
}

ga_status_t ga_obs_add_duplicate_member(ga_observations_t *o, size_t cluster, const char *url,
                                        const char *column, int64_t time, ga_error_t **err)
{
    if (!o || cluster >= o->dups.n || !time_ok(time, true) || !utf8_ok(url) || !utf8_ok(column))
        return badarg(err, "ga_obs_add_duplicate_member");
    sc_dup_t *d = &o->dups.v[cluster];
    bool ok = true;
    char *u = ga_sdup(url, &ok), *c = ga_sdup(column, &ok);
    if (!ok || !ga_vec_grow((void **)&d->m, &d->n, &d->cap, sizeof *d->m)) {
        free(u);
        free(c);
        return nomem(err);
    }
    d->m[d->n - 1].url = u;
    d->m[d->n - 1].column = c;
    d->m[d->n - 1].time = time;
    return GA_OK;
}

ga_status_t ga_obs_add_service(ga_observations_t *o, const char *name,
                               const char *const *elements, size_t n, ga_error_t **err)
{
    return ga_obs_add_guide(o, name, NULL, elements, n, err);
}

ga_status_t ga_obs_add_guide(ga_observations_t *o, const char *name, const char *url,
                             const char *const *elements, size_t n, ga_error_t **err)
{
    if (!o || (n && !elements) || !utf8_ok(name) || !utf8_ok(url))
        return badarg(err, "ga_obs_add_guide");
    for (size_t i = 0; i < n; i++)
        if (!utf8_ok(elements[i]))
            return badarg(err, "ga_obs_add_guide");
    bool ok = true;
    char *nm = ga_sdup(name, &ok), *u = ga_sdup(url, &ok);
    sc_service_t *s = ok ? GA_VEC_PUSH(o->services) : NULL;
    if (!s) {
        free(nm);
        free(u);
        return nomem(err);
    }
    s->name = nm;
    s->url = u;
    o->observed |= GA_OBS_SERVICES;
    if (!strlist_copy(&s->elements, elements, n))
        return nomem(err);
    return GA_OK;
}

ga_status_t ga_obs_add_page(ga_observations_t *o, const char *url, const char *kind,
                            const char *const *tags, size_t n, ga_error_t **err)
{
    if (!o || (n && !tags) || !utf8_ok(url) || !utf8_ok(kind))
        return badarg(err, "ga_obs_add_page");
    for (size_t i = 0; i < n; i++)
        if (!utf8_ok(tags[i]))
            return badarg(err, "ga_obs_add_page");
    bool ok = true;
    char *u = ga_sdup(url, &ok), *k = ga_sdup(kind, &ok);
    sc_page_t *p = ok ? GA_VEC_PUSH(o->pages) : NULL;
    if (!p) {
        free(u);
        free(k);
        return nomem(err);
    }
    p->url = u;
    p->kind = k;
    o->observed |= GA_OBS_PAGES;
    if (!strlist_copy(&p->tags, tags, n))
        return nomem(err);
    return GA_OK;
}

ga_status_t ga_obs_add_date_change(ga_observations_t *o, const char *url, const char *title,
                                   int64_t made, int64_t shown, ga_error_t **err)
{
    if (!o || !time_ok(made, false) || !time_ok(shown, false) || !utf8_ok(url) ||
        !utf8_ok(title))
        return badarg(err, "ga_obs_add_date_change");
    bool ok = true;
    char *u = ga_sdup(url, &ok), *t = ga_sdup(title, &ok);
    sc_date_change_t *d = ok ? GA_VEC_PUSH(o->date_changes) : NULL;
    if (!d) {
        free(u);
        free(t);
        return nomem(err);
    }
    d->url = u;
    d->title = t;
    d->made = made;
    d->shown = shown;
    o->observed |= GA_OBS_PAGES;
    return GA_OK;
}

ga_status_t ga_obs_add_site_problem(ga_observations_t *o, const char *kind, const char *text,
                                    const char *url, size_t pages, ga_error_t **err)
{
    if (!o || !kind || !utf8_ok(kind) || !utf8_ok(text) || !utf8_ok(url) || pages > INT64_MAX)
        return badarg(err, "ga_obs_add_site_problem");
    bool ok = true;
    char *k = ga_sdup(kind, &ok), *t = ga_sdup(text, &ok), *u = ga_sdup(url, &ok);
    sc_problem_t *p = ok ? GA_VEC_PUSH(o->problems) : NULL;
    if (!p) {
        free(k);
        free(t);
        free(u);
        return nomem(err);
    }
    p->kind = k;
    p->text = t;
    p->url = u;
    p->pages = (int64_t)pages;
    o->observed |= GA_OBS_PAGES;
    return GA_OK;
}
