/* The notice's figures as one JSON tree: what ga_notice_json() prints and the text and HTML
 * renderings read, so the three always agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notice-internal.h"

static void add(json_object *o, const char *k, json_object *v)
{
    json_object_object_add(o, k, v);
}

static json_object *jstr(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static json_object *jdate(int64_t t)
{
    char buf[24];
    return t == GA_TIME_NONE ? NULL : json_object_new_string(nt_date(t, buf));
}

/* A rate as the notices print it: one decimal, also in the JSON text (50.0, not 50). */
static json_object *jrate(size_t part, size_t whole)
{
    if (whole == 0)
        return NULL;
    double r = ga_score_rate(part, whole);
    char buf[32];
    snprintf(buf, sizeof buf, "%.1f", r);
    return json_object_new_double_s(r, buf);
}

static json_object *counts(size_t checked, size_t passed)
{
    json_object *o = json_object_new_object();
    add(o, "checked", json_object_new_int64((int64_t)checked));
    add(o, "passed", json_object_new_int64((int64_t)passed));
    add(o, "rate", jrate(passed, checked));
    return o;
}

/* {checked, passed, rate}, `groups` when results name one, `previous` when the previous
 * round audited any of this kind. */
static json_object *rates(const ga_notice_t *n, ga_object_t object)
{
    size_t checked = 0, passed = 0, pchecked = 0, ppassed = 0;
    for (size_t i = 0; i < n->cur.n; i++)
        if (n->cur.v[i].object == object) {
            checked++;
            passed += n->cur.v[i].passed;
        }
    for (size_t i = 0; i < n->prev.n; i++)
        if (n->prev.v[i].object == object) {
            pchecked++;
            ppassed += n->prev.v[i].passed;
        }
    json_object *o = counts(checked, passed), *groups = json_object_new_array();
    /* Groups in order of first appearance; a quadratic walk is fine for the few groups a
     * notice has, and each result is looked at once per distinct group. */
    for (size_t i = 0; i < n->cur.n; i++) {
        const nt_result_t *r = &n->cur.v[i];
        if (r->object != object || !r->group)
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = n->cur.v[j].object == object && n->cur.v[j].group &&
                   strcmp(n->cur.v[j].group, r->group) == 0;
        if (seen)
            continue;
        size_t gc = 0, gp = 0;
        for (size_t j = i; j < n->cur.n; j++)
            if (n->cur.v[j].object == object && n->cur.v[j].group &&
                strcmp(n->cur.v[j].group, r->group) == 0) {
                gc++;
                gp += n->cur.v[j].passed;
            }
        json_object *g = counts(gc, gp);
        add(g, "group", jstr(r->group));
        json_object_array_add(groups, g);
    }
    if (json_object_array_length(groups))
        add(o, "groups", groups);
    else
        json_object_put(groups);
    if (pchecked)
        add(o, "previous", counts(pchecked, ppassed));
    return o;
}

/* ---- problems per indicator ----------------------------------------------------------- */

typedef struct hit {
    int kind; /* 0 veto, 1 deduction, 2 problem */
    const char *id, *name;
    json_object *entry; /* the indicator entry of the result */
    size_t site;        /* index of the result */
} hit_t;

static int cmp_hit(const void *a, const void *b)
{
    const hit_t *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind - y->kind;
    int d = strcmp(x->id, y->id);
    return d ? d : (x->site > y->site) - (x->site < y->site);
}

typedef struct group {
    int kind;
    ga_object_t object; /* of the first site hit */
    const char *id;
    size_t first, end, count; /* hits [first, end), distinct sites */
} group_t;

/* Vetoes, then deductions, then other problems; websites before accounts; the most sites
 * first. */
static int cmp_group(const void *a, const void *b)
{
    const group_t *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind - y->kind;
    if (x->object != y->object)
        return (int)x->object - (int)y->object;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Which sub-items of the indicator were hit ("弄虚作假：同站一稿多发" of W-V1): evidence of a
 * sub-item reads "W-V1.5a NOTE: …" (score/eval.c). Each note once, in order of appearance. */
static void add_details(json_object *details, const char *id, json_object *entry)
{
    json_object *ev = nt_array(entry, "evidence");
    size_t idlen = strlen(id);
    for (size_t i = 0; ev && i < json_object_array_length(ev); i++) {
        const char *t = nt_str(json_object_array_get_idx(ev, i), "text");
        if (!t || strncmp(t, id, idlen) != 0 || t[idlen] == ' ' || t[idlen] == ':')
            continue;
        const char *sp = strchr(t + idlen, ' '), *end = sp ? strstr(sp + 1, ": ") : NULL;
        if (!end || end == sp + 1)
            continue;
        char note[256];
        size_t len = (size_t)(end - (sp + 1));
        if (len >= sizeof note)
            continue;
        memcpy(note, sp + 1, len);
        note[len] = '\0';
        bool seen = false;
        for (size_t j = 0; j < json_object_array_length(details) && !seen; j++)
            seen = strcmp(json_object_get_string(json_object_array_get_idx(details, j)), note) == 0;
        if (!seen && json_object_array_length(details) < 16)
            json_object_array_add(details, json_object_new_string(note));
    }
}

static json_object *problems(const ga_notice_t *n, bool *ok)
{
    static const char *const lists[] = {"vetoes", "deductions", "problems"};
    static const char *const kinds[] = {"veto", "deduct", "problem"};
    GA_VEC(hit_t) h = {0};
    for (size_t i = 0; i < n->cur.n && *ok; i++)
        for (int k = 0; k < 3 && *ok; k++) {
            json_object *a = nt_array(n->cur.v[i].root, lists[k]);
            for (size_t j = 0; a && j < json_object_array_length(a); j++) {
                json_object *x = json_object_array_get_idx(a, j);
                const char *name = nt_str(x, "name"), *id = nt_str(x, "id");
                hit_t *e = GA_VEC_PUSH(h);
                if (!e) {
                    *ok = false;
                    break;
                }
                *e = (hit_t){k, id ? id : name, name, x, i};
            }
        }
    group_t *g = *ok ? malloc((h.n ? h.n : 1) * sizeof *g) : NULL;
    json_object *out = g ? json_object_new_array() : NULL;
    if (!out) {
        *ok = false;
        free(h.v);
        free(g);
        return NULL;
    }
    if (h.n)
        qsort(h.v, h.n, sizeof *h.v, cmp_hit);
    size_t ng = 0;
    for (size_t i = 0; i < h.n;) {
        size_t e = i, sites = 0;
        for (; e < h.n && h.v[e].kind == h.v[i].kind && strcmp(h.v[e].id, h.v[i].id) == 0; e++)
            sites += e == i || h.v[e].site != h.v[e - 1].site;
        g[ng++] = (group_t){h.v[i].kind, n->cur.v[h.v[i].site].object, h.v[i].id, i, e, sites};
        i = e;
    }
    qsort(g, ng, sizeof *g, cmp_group);
    for (size_t k = 0; k < ng; k++) {
        const hit_t *first = &h.v[g[k].first];
        json_object *o = json_object_new_object(), *sites = json_object_new_array(),
                    *details = json_object_new_array();
        add(o, "indicator", jstr(first->id));
        add(o, "name", jstr(first->name));
        add(o, "kind", json_object_new_string(kinds[first->kind]));
        add(o, "object", json_object_new_string(n->cur.v[first->site].object == GA_OBJECT_NEWMEDIA
                                                    ? "newmedia" : "website"));
        add(o, "count", json_object_new_int64((int64_t)g[k].count));
        for (size_t j = g[k].first; j < g[k].end; j++) {
            if (j == g[k].first || h.v[j].site != h.v[j - 1].site)
                json_object_array_add(sites, jstr(n->cur.v[h.v[j].site].site));
            add_details(details, first->id, h.v[j].entry);
        }
        add(o, "sites", sites);
        add(o, "details", details);
        json_object_array_add(out, o);
    }
    free(g);
    free(h.v);
    return out;
}

/* ---- 错敏字 per site -------------------------------------------------------------------- */

typedef struct count {
    size_t site;
    int64_t n;
} count_t;

static int cmp_count(const void *a, const void *b)
{
    const count_t *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return (x->site > y->site) - (x->site < y->site);
}

/* All text findings of a result: `findings_total` when the list was capped, else the list. */
static int64_t finding_count(json_object *root)
{
    json_object *t;
    if (json_object_object_get_ex(root, "findings_total", &t) &&
        json_object_is_type(t, json_type_int) && json_object_get_int64(t) >= 0)
        return json_object_get_int64(t);
    json_object *a = nt_array(root, "findings");
    return a ? (int64_t)json_object_array_length(a) : 0;
}

static json_object *errors(const ga_notice_t *n, bool *ok)
{
    count_t *c = malloc((n->cur.n ? n->cur.n : 1) * sizeof *c);
    json_object *out = c ? json_object_new_array() : NULL;
    if (!out) {
        free(c);
        *ok = false;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n->cur.n; i++) {
        int64_t f = finding_count(n->cur.v[i].root);
        if (f > 0)
            c[k++] = (count_t){i, f};
    }
    qsort(c, k, sizeof *c, cmp_count);
    for (size_t i = 0; i < k; i++) {
        const nt_result_t *r = &n->cur.v[c[i].site];
        json_object *o = json_object_new_object();
        add(o, "site", jstr(r->site));
        add(o, "object", json_object_new_string(r->object == GA_OBJECT_NEWMEDIA ? "newmedia"
                                                                                : "website"));
        add(o, "count", json_object_new_int64(c[i].n));
        json_object_array_add(out, o);
    }
    free(c);
    return out;
}

/* ---- 找错 messages and report ledger ------------------------------------------------------ */

typedef struct late {
    json_object *o;
    int64_t days;
    size_t pos;
} late_t;

static int cmp_late(const void *a, const void *b)
{
    const late_t *x = a, *y = b;
    if (x->days != y->days)
        return x->days > y->days ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The entries of `v` (`n` of them) into a new array, the longest overdue first. */
static json_object *ranked(late_t *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_late);
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < n; i++)
        json_object_array_add(a, v[i].o);
    return a;
}

static json_object *zhaocuo(const ga_notice_t *n, int64_t D, bool *ok)
{
    size_t received = 0, closed = 0, on_time = 0, nopen = 0, nlate = 0;
    late_t *open = malloc((n->msgs.n ? n->msgs.n : 1) * sizeof *open);
    late_t *late = malloc((n->msgs.n ? n->msgs.n : 1) * sizeof *late);
    if (!open || !late) {
        free(open);
        free(late);
        *ok = false;
        return NULL;
    }
    for (size_t i = 0; i < n->msgs.n; i++) {
        const nt_message_t *m = &n->msgs.v[i];
        if (m->received > D) /* not yet received as of the notice date */
            continue;
        received++;
        bool is_closed = m->closed != GA_TIME_NONE && m->closed <= D;
        json_object *o = json_object_new_object();
        add(o, "id", jstr(m->id));
        add(o, "site", jstr(m->site));
        add(o, "received", jdate(m->received));
        add(o, "due", jdate(m->due));
        if (!is_closed) {
            int64_t over = nt_days(m->due, D);
            add(o, "days_overdue", json_object_new_int64(over > 0 ? over : 0));
            open[nopen++] = (late_t){o, over, i};
            continue;
        }
        closed++;
        if (m->closed <= m->due) {
            on_time++;
            json_object_put(o);
            continue;
        }
        add(o, "closed", jdate(m->closed));
        add(o, "days_late", json_object_new_int64(nt_days(m->due, m->closed)));
        late[nlate++] = (late_t){o, nt_days(m->due, m->closed), i};
    }
    json_object *z = json_object_new_object();
    add(z, "received", json_object_new_int64((int64_t)received));
    add(z, "closed", json_object_new_int64((int64_t)closed));
    add(z, "on_time", json_object_new_int64((int64_t)on_time));
    add(z, "rate", jrate(closed, received));
    add(z, "open", ranked(open, nopen));
    add(z, "late", ranked(late, nlate));
    free(open);
    free(late);
    return z;
}

static json_object *late_reports(const ga_notice_t *n, int64_t D, bool *ok)
{
    late_t *v = malloc((n->reports.n ? n->reports.n : 1) * sizeof *v);
    if (!v) {
        *ok = false;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n->reports.n; i++) {
        const nt_report_t *r = &n->reports.v[i];
        bool arrived = r->submitted != GA_TIME_NONE && r->submitted <= D;
        int64_t days = nt_days(r->due, arrived ? r->submitted : D);
        if (days <= 0)
            continue;
        json_object *o = json_object_new_object();
        add(o, "site", jstr(r->site));
        add(o, "due", jdate(r->due));
        add(o, "submitted", arrived ? jdate(r->submitted) : NULL);
        add(o, "days_late", json_object_new_int64(days));
        v[k++] = (late_t){o, days, i};
    }
    json_object *a = ranked(v, k);
    free(v);
    return a;
}

/* ---- the notice ---------------------------------------------------------------------------- */

static int64_t newest_date(const nt_result_t *v, size_t n)
{
    int64_t t = GA_TIME_NONE;
    for (size_t i = 0; i < n; i++)
        if (v[i].date != GA_TIME_NONE && (t == GA_TIME_NONE || v[i].date > t))
            t = v[i].date;
    return t;
}

/* 关于2023年第三季度政府网站与政务新媒体检查情况的通报: the quarter of the round's audits. */
static json_object *title(const ga_notice_t *n, int64_t round)
{
    static const char *const quarters[] = {"一", "二", "三", "四"};
    bool sites = false, media = false;
    for (size_t i = 0; i < n->cur.n; i++)
        *(n->cur.v[i].object == GA_OBJECT_NEWMEDIA ? &media : &sites) = true;
    const char *what = sites && media ? "政府网站与政务新媒体" : media ? "政务新媒体" : "政府网站";
    char buf[256], day[24], when[64] = "";
    if (round != GA_TIME_NONE) {
        nt_date(round, day);
        int month = atoi(day + 5);
        snprintf(when, sizeof when, "%.4s年第%s季度", day, quarters[(month - 1) / 3]);
    }
    snprintf(buf, sizeof buf, "关于%s%s检查情况的通报", when, what);
    return json_object_new_string(buf);
}

ga_status_t nt_model(const ga_notice_t *n, json_object **out, ga_error_t **err)
{
    *out = NULL;
    int64_t round = newest_date(n->cur.v, n->cur.n);
    int64_t D = n->date != GA_TIME_NONE ? n->date : round;
    if (D == GA_TIME_NONE && (n->msgs.n || n->reports.n))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "the notice has no date: set one (ga_notice_set_date, --date) or add "
                            "dated results, to count late messages and reports");
    /* Rendering reads the notice only: its own reporter, the stage of added results ended. */
    ga_progress_state_t pr;
    ga_progress_init(&pr, n->progress.fn, n->progress.user);
    pr.p.stage = "results";
    if (ga_progress_end(&pr, n->cur.n + n->prev.n, n->bytes_read) ||
        ga_progress_stage(&pr, "rectification", n->cur.n))
        return ga_progress_cancelled(&pr, err);
    bool ok = true;
    json_object *o = json_object_new_object();
    if (!o)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    add(o, "title", title(n, round));
    add(o, "date", jdate(D));
    add(o, "round", jdate(round));
    add(o, "previous_round", jdate(newest_date(n->prev.v, n->prev.n)));
    add(o, "websites", rates(n, GA_OBJECT_WEBSITE));
    add(o, "media", rates(n, GA_OBJECT_NEWMEDIA));
    add(o, "problems", problems(n, &ok));
    add(o, "errors", ok ? errors(n, &ok) : NULL);
    add(o, "zhaocuo", ok ? zhaocuo(n, D, &ok) : NULL);
    json_object *rect = ok ? nt_rectification(n, &pr) : NULL;
    ok = ok && rect;
    add(o, "rectification", rect);
    add(o, "late_reports", ok ? late_reports(n, D, &ok) : NULL);
    add(o, "table", ok ? ga_score_batch_rows(n->batch) : NULL);
    if (ok && ga_progress_end(&pr, n->cur.n, 0))
        ok = false;
    if (!ok) {
        json_object_put(o);
        if (pr.cancelled)
            return ga_progress_cancelled(&pr, err);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    *out = o;
    return GA_OK;
}

ga_status_t nt_render_begin(const ga_notice_t *n, unsigned flags, unsigned known, char **out,
                            const char *fn, json_object **model, ga_error_t **err)
{
    if (!n || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "%s: NULL argument", fn);
    if (flags & ~known)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "%s: unknown flags %#x", fn, flags);
    return nt_model(n, model, err);
}

ga_status_t ga_notice_json(const ga_notice_t *n, unsigned flags, char **out, size_t *len,
                           ga_error_t **err)
{
    json_object *o;
    ga_status_t st = nt_render_begin(n, flags, GA_NOTICE_PRETTY, out, "ga_notice_json", &o, err);
    if (st)
        return st;
    return ga_json_emit(o, flags & GA_NOTICE_PRETTY ? GA_SCORE_JSON_PRETTY : 0, out, len, err);
}
