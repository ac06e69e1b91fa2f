/* Results: accessors, the `audit` JSON rendering, and batches (合格率, attachment table). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "score-internal.h"
#include "score-json.h"

int ga_score_result_passed(const ga_score_result_t *r)
{
    return r && r->passed;
}

size_t ga_score_result_veto_count(const ga_score_result_t *r)
{
    return r ? r->vetoes : 0;
}

int ga_score_result_complete(const ga_score_result_t *r)
{
    return r && r->complete;
}

int ga_score_result_scored(const ga_score_result_t *r)
{
    return r && r->scored;
}

double ga_score_result_score(const ga_score_result_t *r)
{
    return r && r->scored ? r->score : 0;
}

double ga_score_result_bonus(const ga_score_result_t *r)
{
    return r ? r->bonus : 0;
}

double ga_score_result_final(const ga_score_result_t *r)
{
    return r && r->scored ? r->score + r->bonus : 0;
}

size_t ga_score_result_count(const ga_score_result_t *r)
{
    return r ? r->n : 0;
}

size_t ga_score_result_find(const ga_score_result_t *r, const char *id)
{
    for (size_t i = 0; r && id && i < r->n; i++)
        if (strcmp(r->o[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

static const sc_outcome_rec_t *REC(const ga_score_result_t *r, size_t i)
{
    return r && i < r->n ? &r->o[i] : NULL;
}

const char *ga_score_result_id(const ga_score_result_t *r, size_t i)
{
    return REC(r, i) ? r->o[i].id : NULL;
}

const char *ga_score_result_name(const ga_score_result_t *r, size_t i)
{
    return REC(r, i) ? r->o[i].name : NULL;
}

ga_indicator_kind_t ga_score_result_kind(const ga_score_result_t *r, size_t i)
{
    return REC(r, i) ? r->o[i].kind : GA_KIND_PROBLEM;
}

ga_outcome_t ga_score_result_outcome(const ga_score_result_t *r, size_t i)
{
    return REC(r, i) ? r->o[i].outcome : GA_OUTCOME_SKIPPED;
}

double ga_score_result_points(const ga_score_result_t *r, size_t i)
{
    return REC(r, i) ? r->o[i].points : 0;
}

double ga_score_result_value(const ga_score_result_t *r, size_t i)
{
    return REC(r, i) ? r->o[i].value : 0;
}

const char *ga_score_result_reason(const ga_score_result_t *r, size_t i)
{
    return REC(r, i) ? r->o[i].reason : NULL;
}

size_t ga_score_result_evidence_count(const ga_score_result_t *r, size_t i)
{
    return REC(r, i) ? r->o[i].ev.n : 0;
}

const char *ga_score_result_evidence(const ga_score_result_t *r, size_t i, size_t j,
                                     const char **url, int64_t *time)
{
    const sc_outcome_rec_t *o = REC(r, i);
    if (!o || j >= o->ev.n)
        return NULL;
    if (url)
        *url = o->ev.v[j].url;
    if (time)
        *time = o->ev.v[j].time;
    return o->ev.v[j].text;
}

/* ---- JSON ------------------------------------------------------------------------------ */

static const char *const kind_words[] = {"veto", "deduct", "bonus", "problem"};
static const char *const outcome_words[] = {"hit", "clear", "not_evaluable", "skipped"};

/* Scores print with at most two decimals (86.67 for 65 × 4/3), integers without. */
static json_object *jnum(double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.2f", v);
    char *e = buf + strlen(buf);
    while (e > buf && e[-1] == '0')
        *--e = '\0';
    if (e > buf && e[-1] == '.')
        *--e = '\0';
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return json_object_new_double_s(round(v * 100) / 100, buf);
}

static json_object *jstr(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static json_object *jtime(int64_t t, int date_only)
{
    char buf[20];
    return t == GA_TIME_NONE ? NULL : json_object_new_string(ga_time_format(t, date_only, buf));
}

static void add(json_object *o, const char *k, json_object *v)
{
    json_object_object_add(o, k, v);
}

static json_object *outcome_json(const sc_outcome_rec_t *rec)
{
    json_object *o = json_object_new_object();
    add(o, "id", jstr(rec->id));
    add(o, "name", jstr(rec->name));
    add(o, "points", jnum(rec->points));
    if (rec->status)
        add(o, "status", jstr(rec->status));
    json_object *ev = json_object_new_array();
    for (size_t j = 0; j < rec->ev.n; j++) {
        const sc_evidence_t *e = &rec->ev.v[j];
        json_object *x = json_object_new_object();
        add(x, "text", jstr(e->text));
        if (e->url)
            add(x, "url", jstr(e->url));
        if (e->time != GA_TIME_NONE)
            add(x, "time", jtime(e->time, 0));
        json_object_array_add(ev, x);
    }
    add(o, "evidence", ev);
    if (rec->reason)
        add(o, "note", jstr(rec->reason));
    return o;
}

static void obs_json(json_object *root, const ga_observations_t *o)
{
    json_object *cols = json_object_new_array();
    for (size_t i = 0; i < o->columns.n; i++) {
        const sc_column_t *c = &o->columns.v[i];
        json_object *x = json_object_new_object();
        add(x, "id", jstr(c->id));
        add(x, "name", jstr(c->name));
        add(x, "type", jstr(c->type));
        add(x, "level", json_object_new_int(c->level));
        add(x, "blank", json_object_new_boolean(c->blank));
        add(x, "items", json_object_new_int64((int64_t)c->nitems));
        int64_t last = GA_TIME_NONE;
        for (size_t j = 0; j < c->nitems; j++)
            if (c->items[j] != GA_TIME_NONE && c->items[j] <= o->time &&
                (last == GA_TIME_NONE || c->items[j] > last))
                last = c->items[j];
        add(x, "last", jtime(last, 0));
        json_object_array_add(cols, x);
    }
    add(root, "columns", cols);
    json_object *fs = json_object_new_array();
    for (size_t i = 0; i < o->findings.n; i++) {
        const sc_finding_t *f = &o->findings.v[i];
        json_object *x = json_object_new_object();
        add(x, "rule", jstr(f->rule));
        add(x, "category", jstr(f->category));
        add(x, "severity", jstr(f->severity));
        add(x, "text", jstr(f->text));
        add(x, "url", jstr(f->url));
        json_object_array_add(fs, x);
    }
    add(root, "findings", fs);
    json_object *ds = json_object_new_array();
    for (size_t i = 0; i < o->dups.n; i++) {
        const sc_dup_t *d = &o->dups.v[i];
        json_object *x = json_object_new_object(), *posts = json_object_new_array();
        add(x, "kind", jstr(d->kind));
        for (size_t j = 0; j < d->n; j++) {
            json_object *m = json_object_new_object();
            add(m, "url", jstr(d->m[j].url));
            add(m, "column", jstr(d->m[j].column));
            add(m, "date", jtime(d->m[j].time, 0));
            json_object_array_add(posts, m);
        }
        add(x, "posts", posts);
        json_object_array_add(ds, x);
    }
    add(root, "duplicates", ds);
    /* Only links that failed: a crawl's full link list belongs to the crawl, not the verdict. */
    json_object *ls = json_object_new_array();
    for (size_t i = 0; i < o->links.n; i++) {
        const sc_link_t *l = &o->links.v[i];
        if (l->status != 0 && l->status < 400)
            continue;
        json_object *x = json_object_new_object();
        add(x, "url", jstr(l->url));
        add(x, "status", json_object_new_int(l->status));
        add(x, "external", json_object_new_boolean(l->external));
        add(x, "where", jstr(l->where));
        json_object_array_add(ls, x);
    }
    add(root, "links", ls);
}

ga_status_t ga_json_emit(json_object *root, unsigned flags, char **json, size_t *len,
                         ga_error_t **err)
{
    int jf = JSON_C_TO_STRING_NOSLASHESCAPE |
             ((flags & GA_SCORE_JSON_PRETTY) ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
                                             : JSON_C_TO_STRING_PLAIN);
    size_t n = 0;
    const char *s = json_object_to_json_string_length(root, jf, &n);
    char *copy = s ? malloc(n + 1) : NULL;
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    json_object_put(root);
    if (!copy)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    *json = copy;
    if (len)
        *len = n;
    return GA_OK;
}

static json_object *jstrs(const sc_strlist_t *l)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < l->n; i++)
        json_object_array_add(a, jstr(l->v[i]));
    return a;
}

ga_status_t ga_observations_json(const ga_observations_t *o, unsigned flags, char **json,
                                 size_t *len, ga_error_t **err)
{
    if (!o || !json)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_observations_json: NULL argument");
    static const char *const names[] = {"probes", "columns", "home", "messages", "links",
                                        "findings", "duplicates", "services", "pages"};
    json_object *root = json_object_new_object(), *a, *x;
    if (!root)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    add(root, "object", jstr(o->object == GA_OBJECT_NEWMEDIA ? "newmedia" : "website"));
    add(root, "site", jstr(o->site));
    add(root, "owner", jstr(o->owner));
    add(root, "site_id", jstr(o->site_id));
    add(root, "date", jtime(o->time, 0));
    add(root, "observed", a = json_object_new_array());
    for (unsigned k = 0; k < sizeof names / sizeof *names; k++)
        if (o->observed & (1u << k))
            json_object_array_add(a, jstr(names[k]));
    add(root, "flags", x = json_object_new_object());
    for (size_t i = 0; i < o->flags.n; i++)
        add(x, o->flags.v[i].name, json_object_new_int64(o->flags.v[i].value));
    add(root, "probes", a = json_object_new_array());
    for (size_t i = 0; i < o->probes.n; i++) {
        json_object_array_add(a, x = json_object_new_object());
        add(x, "time", jtime(o->probes.v[i].time, 0));
        add(x, "ok", json_object_new_boolean(o->probes.v[i].ok));
        add(x, "latency_ms", json_object_new_int64(o->probes.v[i].latency_ms));
        if (o->probes.v[i].error)
            add(x, "error", jstr(o->probes.v[i].error));
    }
    add(root, "columns", a = json_object_new_array());
    for (size_t i = 0; i < o->columns.n; i++) {
        const sc_column_t *c = &o->columns.v[i];
        json_object *items = json_object_new_array();
        json_object_array_add(a, x = json_object_new_object());
        add(x, "id", jstr(c->id));
        add(x, "name", jstr(c->name));
        add(x, "type", jstr(c->type));
        add(x, "level", json_object_new_int(c->level));
        add(x, "blank", json_object_new_boolean(c->blank));
        for (size_t j = 0; j < c->nitems; j++)
            json_object_array_add(items, jtime(c->items[j], 0));
        add(x, "items", items);
    }
    add(root, "home", a = json_object_new_array());
    for (size_t i = 0; i < o->home.n; i++) {
        json_object_array_add(a, x = json_object_new_object());
        add(x, "time", jtime(o->home.v[i].time, 0));
        add(x, "title", jstr(o->home.v[i].title));
        add(x, "url", jstr(o->home.v[i].url));
    }
    add(root, "messages", a = json_object_new_array());
    for (size_t i = 0; i < o->messages.n; i++) {
        const sc_message_t *m = &o->messages.v[i];
        json_object_array_add(a, x = json_object_new_object());
        add(x, "column_type", jstr(m->column_type));
        add(x, "submitted", jtime(m->submitted, 0));
        add(x, "replied", jtime(m->replied, 0));
        add(x, "valid", json_object_new_boolean(m->valid));
        if (m->title)
            add(x, "title", jstr(m->title));
        if (m->url)
            add(x, "url", jstr(m->url));
    }
    add(root, "links", a = json_object_new_array());
    for (size_t i = 0; i < o->links.n; i++) {
        const sc_link_t *l = &o->links.v[i];
        json_object_array_add(a, x = json_object_new_object());
        add(x, "url", jstr(l->url));
        add(x, "status", json_object_new_int(l->status));
        add(x, "external", json_object_new_boolean(l->external));
        add(x, "where", jstr(l->where));
    }
    add(root, "findings", a = json_object_new_array());
    for (size_t i = 0; i < o->findings.n; i++) {
        const sc_finding_t *f = &o->findings.v[i];
        json_object_array_add(a, x = json_object_new_object());
        add(x, "rule", jstr(f->rule));
        add(x, "category", jstr(f->category));
        add(x, "severity", jstr(f->severity));
        add(x, "text", jstr(f->text));
        add(x, "url", jstr(f->url));
    }
    add(root, "duplicates", a = json_object_new_array());
    for (size_t i = 0; i < o->dups.n; i++) {
        const sc_dup_t *d = &o->dups.v[i];
        json_object *posts = json_object_new_array();
        json_object_array_add(a, x = json_object_new_object());
        add(x, "kind", jstr(d->kind));
        for (size_t j = 0; j < d->n; j++) {
            json_object *m = json_object_new_object();
            add(m, "url", jstr(d->m[j].url));
            add(m, "column", jstr(d->m[j].column));
            add(m, "time", jtime(d->m[j].time, 0));
            json_object_array_add(posts, m);
        }
        add(x, "posts", posts);
    }
    add(root, "services", a = json_object_new_array());
    for (size_t i = 0; i < o->services.n; i++) {
        json_object_array_add(a, x = json_object_new_object());
        add(x, "name", jstr(o->services.v[i].name));
        if (o->services.v[i].url)
            add(x, "url", jstr(o->services.v[i].url));
        add(x, "elements", jstrs(&o->services.v[i].elements));
    }
    add(root, "pages", a = json_object_new_array());
    for (size_t i = 0; i < o->pages.n; i++) {
        json_object_array_add(a, x = json_object_new_object());
        add(x, "url", jstr(o->pages.v[i].url));
        add(x, "kind", jstr(o->pages.v[i].kind));
        add(x, "tags", jstrs(&o->pages.v[i].tags));
    }
    add(root, "date_changes", a = json_object_new_array());
    for (size_t i = 0; i < o->date_changes.n; i++) {
        const sc_date_change_t *d = &o->date_changes.v[i];
        json_object_array_add(a, x = json_object_new_object());
        add(x, "url", jstr(d->url));
        add(x, "title", jstr(d->title));
        add(x, "made", jtime(d->made, 0));
        add(x, "shown", jtime(d->shown, 0));
    }
    add(root, "site_problems", a = json_object_new_array());
    for (size_t i = 0; i < o->problems.n; i++) {
        const sc_problem_t *p = &o->problems.v[i];
        json_object_array_add(a, x = json_object_new_object());
        add(x, "kind", jstr(p->kind));
        add(x, "text", jstr(p->text));
        add(x, "url", jstr(p->url));
        add(x, "pages", json_object_new_int64(p->pages));
    }
    return ga_json_emit(root, flags, json, len, err);
}

ga_status_t ga_score_result_json(const ga_score_result_t *r, const ga_observations_t *obs,
                                 unsigned flags, char **json, size_t *len, ga_error_t **err)
{
    if (!r || !json)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_score_result_json: NULL argument");
    json_object *root = json_object_new_object();
    if (!root)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    add(root, "site", jstr(r->site));
    add(root, "owner", jstr(r->owner));
    add(root, "object", jstr(r->object == GA_OBJECT_NEWMEDIA ? "newmedia" : "website"));
    add(root, "profile", jstr(r->profile_id));
    add(root, "date", jtime(r->time, 1));
    add(root, "score", r->scored ? jnum(r->score) : NULL);
    add(root, "bonus", r->scored ? jnum(r->bonus) : NULL);
    add(root, "final", r->scored ? jnum(r->score + r->bonus) : NULL);
    add(root, "passed", json_object_new_boolean(r->passed));
    add(root, "complete", json_object_new_boolean(r->complete));
    static const char *const lists[] = {"vetoes", "deductions", "bonuses", "problems"};
    json_object *arr[4];
    for (int k = 0; k < 4; k++)
        add(root, lists[k], arr[k] = json_object_new_array());
    json_object *ne = json_object_new_array(), *all = json_object_new_array();
    for (size_t i = 0; i < r->n; i++) {
        const sc_outcome_rec_t *rec = &r->o[i];
        if (rec->outcome == GA_OUTCOME_HIT)
            json_object_array_add(arr[rec->kind], outcome_json(rec));
        if (rec->outcome == GA_OUTCOME_NOT_EVALUABLE) {
            json_object *x = json_object_new_object();
            add(x, "id", jstr(rec->id));
            add(x, "name", jstr(rec->name));
            add(x, "kind", jstr(kind_words[rec->kind]));
            add(x, "reason", jstr(rec->reason));
            json_object_array_add(ne, x);
        }
        json_object *x = json_object_new_object();
        add(x, "id", jstr(rec->id));
        add(x, "kind", jstr(kind_words[rec->kind]));
        add(x, "outcome", jstr(outcome_words[rec->outcome]));
        add(x, "value", jnum(rec->value));
        if (rec->reason)
            add(x, "reason", jstr(rec->reason));
        json_object_array_add(all, x);
    }
    add(root, "not_evaluable", ne);
    if (flags & GA_SCORE_JSON_ALL)
        add(root, "indicators", all);
    else
        json_object_put(all);
    if (obs)
        obs_json(root, obs);
    return ga_json_emit(root, flags, json, len, err);
}

/* ---- batches ------------------------------------------------------------------------- */

typedef struct batch_entry {
    char *site, *owner;
    bool passed, vetoed;
    sc_strlist_t problems;
} batch_entry_t;

struct ga_score_batch {
    GA_VEC(batch_entry_t) e;
    size_t passed;
};

ga_status_t ga_score_batch_new(ga_score_batch_t **out, ga_error_t **err)
{
    if (!out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_score_batch_new: NULL argument");
    if (!(*out = calloc(1, sizeof **out)))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    return GA_OK;
}

void ga_score_batch_free(ga_score_batch_t *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->e.n; i++) {
        free(b->e.v[i].site);
        free(b->e.v[i].owner);
        ga_strlist_free(&b->e.v[i].problems);
    }
    free(b->e.v);
    free(b);
}

static batch_entry_t *entry_new(ga_score_batch_t *b, const char *site, const char *owner,
                                bool passed, bool vetoed)
{
    bool ok = true;
    char *s = ga_sdup(site ? site : "", &ok), *o = ga_sdup(owner, &ok);
    batch_entry_t *e = ok ? GA_VEC_PUSH(b->e) : NULL;
    if (!e) {
        free(s);
        free(o);
        return NULL;
    }
    e->site = s;
    e->owner = o;
    e->passed = passed;
    e->vetoed = vetoed;
    b->passed += passed;
    return e;
}

/* One line of the attachment table: "站点无法访问（单项否决）：3 of 140 probes failed". */
static bool entry_problem(batch_entry_t *e, const char *name, int kind, double points,
                          const char *detail)
{
    char buf[768], pts[32] = "";
    if (kind == GA_KIND_DEDUCT)
        snprintf(pts, sizeof pts, "（扣%g分）", points);
    snprintf(buf, sizeof buf, "%s%s%s%s", name ? name : "?",
             kind == GA_KIND_VETO ? "（单项否决）" : pts, detail ? "：" : "", detail ? detail : "");
    ga_utf8_trim_end(buf);
    char **nv = realloc(e->problems.v, (e->problems.n + 1) * sizeof *nv);
    if (!nv)
        return false;
    e->problems.v = nv;
    if (!(nv[e->problems.n] = strdup(buf)))
        return false;
    e->problems.n++;
    return true;
}

ga_status_t ga_score_batch_add(ga_score_batch_t *b, const ga_score_result_t *r, ga_error_t **err)
{
    if (!b || !r)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_score_batch_add: NULL argument");
    batch_entry_t *e = entry_new(b, r->site, r->owner, r->passed, r->vetoes > 0);
    bool ok = e != NULL;
    for (size_t i = 0; i < r->n && ok; i++) {
        const sc_outcome_rec_t *rec = &r->o[i];
        if (rec->outcome != GA_OUTCOME_HIT || rec->kind == GA_KIND_BONUS)
            continue;
        ok = entry_problem(e, rec->name, rec->kind, rec->points,
                           rec->ev.n ? rec->ev.v[rec->ev.n > 1 ? 1 : 0].text : NULL);
    }
    return ok ? GA_OK : ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

ga_status_t ga_score_batch_add_json(ga_score_batch_t *b, const char *json, size_t len,
                                    const char *name, ga_error_t **err)
{
    if (!b || !json)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_score_batch_add_json: NULL argument");
    ga_jctx_t c;
    json_object *root;
    ga_status_t st = ga_jctx_parse(&c, json, len, name, err, &root);
    if (st)
        return st;
    st = ga_score_batch_add_object(b, &c, root);
    json_object_put(root);
    return st;
}

ga_status_t ga_score_batch_add_object(ga_score_batch_t *b, ga_jctx_t *cp, json_object *root)
{
    ga_jctx_t c = *cp;
    ga_error_t **err = c.err;
    ga_status_t st = GA_OK;
    json_object *v = NULL;
    if (!json_object_is_type(root, json_type_object)) {
        st = ga_jctx_error(&c, NULL, "an audit result must be a JSON object");
    } else if (!json_object_object_get_ex(root, "passed", &v) ||
               !json_object_is_type(v, json_type_boolean)) {
        st = ga_jctx_error(&c, json_object_object_get_ex(root, "passed", &v) ? "passed" : NULL,
                           "an audit result needs 'passed' (true or false)");
    }
    json_object *site = NULL, *owner = NULL;
    if (!st && json_object_object_get_ex(root, "site", &site) && site &&
        !json_object_is_type(site, json_type_string))
        st = ga_jctx_error(&c, "site", "'site' must be a string");
    if (!st && json_object_object_get_ex(root, "owner", &owner) && owner &&
        !json_object_is_type(owner, json_type_string))
        st = ga_jctx_error(&c, "owner", "'owner' must be a string");
    static const char *const lists[] = {"vetoes", "deductions", "problems"};
    static const int kinds[] = {GA_KIND_VETO, GA_KIND_DEDUCT, GA_KIND_PROBLEM};
    for (int k = 0; k < 3 && !st; k++) {
        json_object *a;
        if (!json_object_object_get_ex(root, lists[k], &a) || !a)
            continue;
        if (!json_object_is_type(a, json_type_array)) {
            st = ga_jctx_error(&c, lists[k], "'%s' must be an array", lists[k]);
            break;
        }
        ga_jctx_push_key(&c, lists[k]);
        for (size_t i = 0; i < json_object_array_length(a) && !st; i++) {
            json_object *x = json_object_array_get_idx(a, i), *n;
            if (!json_object_is_type(x, json_type_object) ||
                !json_object_object_get_ex(x, "name", &n) || !json_object_is_type(n, json_type_string))
                st = ga_jctx_error_idx(&c, i, "each entry needs a string 'name'");
        }
        ga_jctx_pop(&c);
    }
    json_object *vetoes = NULL;
    json_object_object_get_ex(root, "vetoes", &vetoes);
    batch_entry_t *e = NULL;
    if (!st) {
        e = entry_new(b, site ? json_object_get_string(site) : NULL,
                      owner ? json_object_get_string(owner) : NULL, json_object_get_boolean(v),
                      vetoes && json_object_array_length(vetoes) > 0);
        if (!e)
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    for (int k = 0; k < 3 && !st; k++) {
        json_object *a;
        if (!json_object_object_get_ex(root, lists[k], &a) || !a)
            continue;
        for (size_t i = 0; i < json_object_array_length(a) && !st; i++) {
            json_object *x = json_object_array_get_idx(a, i), *n, *p, *ev;
            json_object_object_get_ex(x, "name", &n);
            double pts = json_object_object_get_ex(x, "points", &p) ? json_object_get_double(p) : 0;
            const char *detail = NULL;
            if (json_object_object_get_ex(x, "evidence", &ev) &&
                json_object_is_type(ev, json_type_array) && json_object_array_length(ev) > 0) {
                size_t at = json_object_array_length(ev) > 1 ? 1 : 0;
                json_object *e0 = json_object_array_get_idx(ev, at), *t;
                if (json_object_is_type(e0, json_type_object) &&
                    json_object_object_get_ex(e0, "text", &t) &&
                    json_object_is_type(t, json_type_string))
                    detail = json_object_get_string(t);
            }
            if (!entry_problem(e, json_object_get_string(n), kinds[k], pts, detail))
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        }
    }
    return st;
}

size_t ga_score_batch_checked(const ga_score_batch_t *b)
{
    return b ? b->e.n : 0;
}

size_t ga_score_batch_passed(const ga_score_batch_t *b)
{
    return b ? b->passed : 0;
}

double ga_score_rate(size_t passed, size_t n)
{
    if (n == 0)
        return 0;
    /* Integer arithmetic so 558/561 = 99.465…% rounds to 99.5 exactly as printed. */
    unsigned long long p = passed, d = n;
    return (double)((p * 2000 + d) / (2 * d)) / 10.0;
}

double ga_score_batch_rate(const ga_score_batch_t *b)
{
    return b ? ga_score_rate(b->passed, b->e.n) : 0;
}

ga_status_t ga_score_batch_json(const ga_score_batch_t *b, unsigned flags, char **json,
                                size_t *len, ga_error_t **err)
{
    if (!b || !json)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_score_batch_json: NULL argument");
    json_object *root = json_object_new_object();
    if (!root)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    add(root, "checked", json_object_new_int64((int64_t)b->e.n));
    add(root, "passed", json_object_new_int64((int64_t)b->passed));
    char buf[32];
    snprintf(buf, sizeof buf, "%.1f", ga_score_batch_rate(b));
    add(root, "rate", json_object_new_double_s(ga_score_batch_rate(b), buf));
    add(root, "problems", ga_score_batch_rows(b));
    return ga_json_emit(root, flags, json, len, err);
}

json_object *ga_score_batch_rows(const ga_score_batch_t *b)
{
    json_object *rows = json_object_new_array();
    /* Vetoed first, then failed on points, then passed with problems. */
    for (int group = 0; group < 3; group++)
        for (size_t i = 0; i < b->e.n; i++) {
            const batch_entry_t *e = &b->e.v[i];
            int g = e->vetoed ? 0 : !e->passed ? 1 : 2;
            if (g != group || (g == 2 && e->problems.n == 0))
                continue;
            json_object *x = json_object_new_object(), *ps = json_object_new_array();
            add(x, "site", jstr(e->site));
            add(x, "owner", jstr(e->owner));
            add(x, "passed", json_object_new_boolean(e->passed));
            for (size_t k = 0; k < e->problems.n; k++)
                json_object_array_add(ps, jstr(e->problems.v[k]));
            add(x, "problems", ps);
            json_object_array_add(rows, x);
        }
    return rows;
}
