/* Scoring: every indicator's condition measured on the observations, then the policy
 * (veto stops scoring, part maximum, fail line, bonus gate, 75-point base) applied. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score-internal.h"
#include "score-json.h"

/* What one condition measured. */
typedef struct cond_eval {
    ga_outcome_t outcome;
    double value;
    char reason[256];
    ga_ev_vec_t ev;
    size_t dropped; /* evidence entries past GA_EVIDENCE_MAX */
} cond_eval_t;

void ga_ev_free(ga_ev_vec_t *ev)
{
    for (size_t i = 0; i < ev->n; i++) {
        free(ev->v[i].text);
        free(ev->v[i].url);
    }
    free(ev->v);
    memset(ev, 0, sizeof *ev);
}

static bool ev_add(cond_eval_t *ce, const char *url, int64_t time, const char *fmt, ...)
    GA_PRINTF(4, 5);

/* Add an evidence entry; false only when out of memory. */
static bool ev_add(cond_eval_t *ce, const char *url, int64_t time, const char *fmt, ...)
{
    if (ce->ev.n >= GA_EVIDENCE_MAX) {
        ce->dropped++;
        return true;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ga_utf8_trim_end(buf); /* a long finding or URL may have been cut mid-character */
    bool ok = true;
    char *t = ga_sdup(buf, &ok), *u = ga_sdup(url, &ok);
    sc_evidence_t *e = ok ? GA_VEC_PUSH(ce->ev) : NULL;
    if (!e) {
        free(t);
        free(u);
        return false;
    }
    e->text = t;
    e->url = u;
    e->time = time;
    return true;
}

static bool not_evaluable(cond_eval_t *ce, const char *fmt, ...) GA_PRINTF(2, 3);
static bool not_evaluable(cond_eval_t *ce, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ce->reason, sizeof ce->reason, fmt, ap);
    va_end(ap);
    ga_utf8_trim_end(ce->reason);
    ce->outcome = GA_OUTCOME_NOT_EVALUABLE;
    return true;
}

static bool compare(sc_op_t op, double v, double t)
{
    switch (op) {
    case GA_OP_GE: return v >= t;
    case GA_OP_GT: return v > t;
    case GA_OP_EQ: return v == t;
    case GA_OP_NE: return v != t;
    case GA_OP_LE: return v <= t;
    case GA_OP_LT: return v < t;
    }
    return false;
}

static const char *op_sign(sc_op_t op)
{
    static const char *const s[] = {"≥", ">", "=", "≠", "≤", "<"};
    return s[op];
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

static bool need(const ga_observations_t *o, unsigned section, const char *what, cond_eval_t *ce)
{
    if (o->observed & section)
        return true;
    not_evaluable(ce, "no %s observed", what);
    return false;
}

/* Windows are (T − length, T]: an item exactly 14 days before T is outside "前2周内", and
 * with T at the end of day D (23:59:59) a 14-day window is the days D−13 … D. */
static bool in_window(int64_t t, int64_t start, int64_t end)
{
    return t != GA_TIME_NONE && t > start && t <= end;
}

/* The newest dated time at or before T among `n` times, or GA_TIME_NONE. */
static int64_t newest(const int64_t *v, size_t n, size_t stride, int64_t T)
{
    int64_t best = GA_TIME_NONE;
    for (size_t i = 0; i < n; i++) {
        int64_t t = *(const int64_t *)((const char *)v + i * stride);
        if (t != GA_TIME_NONE && t <= T && (best == GA_TIME_NONE || t > best))
            best = t;
    }
    return best;
}

static bool column_matches(const sc_column_t *c, const sc_strlist_t *types, int level)
{
    if (types->n && !ga_strlist_has(types, c->type))
        return false;
    return level == 0 || c->level == level;
}

/* Measure one condition; false only when out of memory. */
static bool measure(const sc_cond_t *cd, const ga_observations_t *o, cond_eval_t *ce)
{
    const int64_t T = o->time;
    char a[20], b[20], wb[16];
    int64_t start = cd->window.known ? ga_window_start(cd->window, T) : INT64_MIN + 1;
    double v = 0;
    bool ok = true;
    ce->outcome = GA_OUTCOME_CLEAR;

    switch (cd->metric) {
    case GA_M_PROBE_FAIL_RATIO: {
        if (!need(o, GA_OBS_PROBES, "availability probes", ce))
            return true;
        sc_probe_stats_t ps;
        if (!sc_probe_stats(o, start, T, cd->timeout_ms, &ps))
            return false;
        size_t total = ps.total, failed = ps.failed;
        if (total == 0)
            return not_evaluable(ce, "no probe in the %s window", ga_window_str(cd->window, wb));
        if (cd->min_per_day > 0) {
            /* "每天间隔性访问20次以上": every day of the window, counted back from T. */
            size_t days = (size_t)((T - start + GA_DAY - 1) / GA_DAY);
            size_t *per = calloc(days ? days : 1, sizeof *per);
            if (!per)
                return false;
            for (size_t i = 0; i < o->probes.n; i++)
                if (in_window(o->probes.v[i].time, start, T))
                    per[(size_t)((T - o->probes.v[i].time) / GA_DAY)]++;
            size_t short_day = days;
            for (size_t d = 0; d < days && short_day == days; d++)
                if ((int64_t)per[d] < cd->min_per_day)
                    short_day = d;
            size_t got = short_day < days ? per[short_day] : 0;
            free(per);
            if (short_day < days)
                return not_evaluable(ce, "%zu probes in the day ending %s; the rule needs %lld a day",
                                     got, ga_time_format(T - (int64_t)short_day * GA_DAY, 0, a),
                                     (long long)cd->min_per_day);
        }
        v = (double)failed / (double)total;
        char c[20];
        ok = ok && ev_add(ce, NULL, GA_TIME_NONE, "%zu of %zu probes failed (%.2f%%)", failed,
                          total, v * 100);
        ok = ok && ev_add(ce, NULL, ps.first, "probes from %s to %s",
                          ga_time_format(ps.first, 0, a), ga_time_format(ps.last, 0, b));
        for (size_t k = 0; k < ps.noutages; k++) {
            const sc_outage_t *w = &ps.worst[k];
            if (w->ongoing)
                ok = ok && ev_add(ce, NULL, w->from,
                                  "outage from %s, still down at the last probe (%zu failed)%s%s",
                                  ga_time_format(w->from, 0, a), w->probes, w->error ? ": " : "",
                                  w->error ? w->error : "");
            else
                ok = ok && ev_add(ce, NULL, w->from,
                                  "outage from %s to %s (%zu failed, %lld min)%s%s",
                                  ga_time_format(w->from, 0, a), ga_time_format(w->to, 0, c),
                                  w->probes, (long long)((w->to - w->from) / 60),
                                  w->error ? ": " : "", w->error ? w->error : "");
        }
        for (size_t i = 0; i < o->probes.n; i++) {
            const sc_probe_t *p = &o->probes.v[i];
            if (in_window(p->time, start, T) && sc_probe_failed(p, cd->timeout_ms))
                ok = ok && (p->ok ? ev_add(ce, NULL, p->time, "probe at %s took %u ms",
                                           ga_time_format(p->time, 0, a), p->latency_ms)
                            : ev_add(ce, NULL, p->time, "probe at %s did not open%s%s",
                                     ga_time_format(p->time, 0, a), p->error ? ": " : "",
                                     p->error ? p->error : ""));
        }
        break;
    }
    case GA_M_NEW_ITEMS: {
        const sc_flag_t *nav = ga_obs_flag(o, "home_nav_only");
        size_t count = 0;
        int64_t last = GA_TIME_NONE;
        if (nav && nav->value) {
            /* A home page that is only a navigation entry: its second-level pages count. */
            if (!need(o, GA_OBS_COLUMNS, "columns (the home page is navigation only)", ce))
                return true;
            for (size_t i = 0; i < o->columns.n; i++) {
                const sc_column_t *c = &o->columns.v[i];
                if (c->level != 2)
                    continue;
                for (size_t j = 0; j < c->nitems; j++)
                    count += in_window(c->items[j], start, T);
                int64_t n = newest(c->items, c->nitems, sizeof *c->items, T);
                if (n != GA_TIME_NONE && (last == GA_TIME_NONE || n > last))
                    last = n;
            }
        } else {
            if (!need(o, GA_OBS_HOME, o->object == GA_OBJECT_NEWMEDIA ? "posts" : "home-page items",
                      ce))
                return true;
            for (size_t i = 0; i < o->home.n; i++)
                count += in_window(o->home.v[i].time, start, T);
            if (o->home.n)
                last = newest(&o->home.v[0].time, o->home.n, sizeof *o->home.v, T);
        }
        v = (double)count;
        ok = ev_add(ce, NULL, last, "%zu new items after %s; the latest at or before T: %s", count,
                    ga_time_format(start, 0, a), ga_time_format(last, 0, b));
        break;
    }
    case GA_M_STALE_COLUMNS: {
        if (!need(o, GA_OBS_COLUMNS, "columns", ce))
            return true;
        size_t count = 0;
        for (size_t i = 0; i < o->columns.n; i++) {
            const sc_column_t *c = &o->columns.v[i];
            if (c->blank)
                continue; /* blank columns are counted by blank_columns, not twice */
            const sc_colsel_t *sel = NULL;
            for (size_t k = 0; k < cd->nsel && !sel; k++)
                if (column_matches(c, &cd->sel[k].types, cd->sel[k].level))
                    sel = &cd->sel[k];
            if (!sel)
                continue;
            int64_t s = ga_window_start(sel->window, T);
            bool fresh = false;
            for (size_t j = 0; j < c->nitems && !fresh; j++)
                fresh = in_window(c->items[j], s, T);
            if (fresh)
                continue;
            count++;
            int64_t last = newest(c->items, c->nitems, sizeof *c->items, T);
            ok = ok && ev_add(ce, NULL, last, "column %s (%s, %s, level %d): %s%s, window %s",
                              nz(c->name), nz(c->id), nz(c->type), c->level,
                              last == GA_TIME_NONE ? "no dated item" : "not updated since ",
                              last == GA_TIME_NONE ? "" : ga_time_format(last, 1, a),
                              ga_window_str(sel->window, wb));
        }
        v = (double)count;
        break;
    }
    case GA_M_BLANK_COLUMNS: {
        if (!need(o, GA_OBS_COLUMNS, "columns", ce))
            return true;
        size_t count = 0;
        for (size_t i = 0; i < o->columns.n; i++) {
            const sc_column_t *c = &o->columns.v[i];
            if (!c->blank || !column_matches(c, &cd->list, 0))
                continue;
            count++;
            ok = ok && ev_add(ce, NULL, GA_TIME_NONE, "blank column %s (%s)", nz(c->name),
                              nz(c->id));
        }
        v = (double)count;
        break;
    }
    case GA_M_UNANSWERED_MESSAGES: {
        if (!need(o, GA_OBS_MESSAGES, "messages", ce))
            return true;
        size_t count = 0;
        for (size_t i = 0; i < o->messages.n; i++) {
            const sc_message_t *m = &o->messages.v[i];
            if (!m->valid || m->submitted > T || (cd->window.known && m->submitted <= start))
                continue;
            if (cd->list.n && !ga_strlist_has(&cd->list, m->column_type))
                continue;
            bool open = m->replied == GA_TIME_NONE || m->replied > T;
            if (cd->open_only && !open)
                continue;
            int64_t end = open ? T : m->replied;
            /* "超过3个月未回应": waiting strictly longer than the age. */
            if (!(m->submitted < ga_window_start(cd->age, end)))
                continue;
            count++;
            ok = ok && ev_add(ce, m->url, m->submitted,
                              open ? "message %s%s%sof %s unanswered at T%s"
                                   : "message %s%s%sof %s answered %s",
                              m->title ? "「" : "", nz(m->title), m->title ? "」 " : "",
                              ga_time_format(m->submitted, 0, a),
                              open ? "" : ga_time_format(m->replied, 0, b));
        }
        v = (double)count;
        break;
    }
    case GA_M_REPLIES_IN_WINDOW: {
        if (!need(o, GA_OBS_MESSAGES, "messages", ce))
            return true;
        size_t count = 0;
        int64_t last = GA_TIME_NONE;
        for (size_t i = 0; i < o->messages.n; i++) {
            int64_t r = o->messages.v[i].replied;
            count += in_window(r, start, T);
            if (r != GA_TIME_NONE && r <= T && (last == GA_TIME_NONE || r > last))
                last = r;
        }
        v = (double)count;
        ok = ev_add(ce, NULL, last, "%zu replies published after %s; the latest: %s", count,
                    ga_time_format(start, 0, a), ga_time_format(last, 0, b));
        break;
    }
    case GA_M_TEXT_FINDINGS: {
        if (!need(o, GA_OBS_FINDINGS, "text findings", ce))
            return true;
        size_t count = 0;
        for (size_t i = 0; i < o->findings.n; i++) {
            const sc_finding_t *f = &o->findings.v[i];
            if ((cd->list.n && !ga_strlist_has(&cd->list, f->severity)) ||
                (cd->category.n && !ga_strlist_has(&cd->category, f->category)))
                continue;
            count++;
            ok = ok && ev_add(ce, f->url, GA_TIME_NONE, "%s %s (%s): %s", nz(f->category),
                              nz(f->rule), f->severity, nz(f->text));
        }
        v = (double)count;
        break;
    }
    case GA_M_DUPLICATE_POSTS: {
        if (!need(o, GA_OBS_DUPLICATES, "duplicate clusters", ce))
            return true;
        size_t count = 0;
        for (size_t i = 0; i < o->dups.n; i++) {
            const sc_dup_t *d = &o->dups.v[i];
            if (cd->list.n && !ga_strlist_has(&cd->list, d->kind))
                continue;
            count++;
            for (size_t j = 0; j < d->n; j++)
                ok = ok && ev_add(ce, d->m[j].url, d->m[j].time, "%s #%zu: column %s, %s", d->kind,
                                  count, nz(d->m[j].column), ga_time_format(d->m[j].time, 0, a));
        }
        v = (double)count;
        break;
    }
    case GA_M_MISSING_META: {
        if (!need(o, GA_OBS_PAGES, "page metadata", ce))
            return true;
        size_t count = 0;
        for (size_t i = 0; i < o->pages.n; i++) {
            const sc_page_t *p = &o->pages.v[i];
            if (cd->name && (!p->kind || strcmp(cd->name, p->kind)))
                continue;
            char miss[256] = "";
            for (size_t k = 0; k < cd->list.n; k++)
                if (!ga_strlist_has(&p->tags, cd->list.v[k]) &&
                    strlen(miss) + strlen(cd->list.v[k]) + 2 < sizeof miss) {
                    strcat(miss, *miss ? " " : "");
                    strcat(miss, cd->list.v[k]);
                }
            if (!*miss)
                continue;
            count++;
            ok = ok && ev_add(ce, p->url, GA_TIME_NONE, "page lacks %s", miss);
        }
        v = (double)count;
        break;
    }
    case GA_M_SITEID_FORMAT: {
        if (!o->site_id)
            return not_evaluable(ce, "no SiteIDCode observed");
        /* 政府网站标识码: "bm" + 8 digits (State Council departments) or 10 digits (local:
         * 6-digit 行政区划代码 + 4-digit serial). */
        const char *s = o->site_id;
        size_t n = strlen(s), d = 0, from = (n == 10 && s[0] == 'b' && s[1] == 'm') ? 2 : 0;
        for (size_t i = from; i < n; i++)
            d += s[i] >= '0' && s[i] <= '9';
        v = (n == 10 && d == n - from) ? 0 : 1;
        if (v) {
            char *shown = ga_utf8_clip(s, n, 40);
            ok = shown && ev_add(ce, NULL, GA_TIME_NONE,
                                 "SiteIDCode '%s' is neither bm+8 digits nor 10 digits", shown);
            free(shown);
        }
        break;
    }
    case GA_M_FLAG: {
        const sc_flag_t *f = ga_obs_flag(o, cd->name);
        if (!f && !cd->has_absent)
            return not_evaluable(ce, "flag %s not observed", cd->name);
        v = (double)(f ? f->value : cd->absent);
        ok = ev_add(ce, NULL, GA_TIME_NONE, "%s = %lld%s", cd->name, (long long)(f ? f->value : cd->absent),
                    f ? "" : " (not reported)");
        break;
    }
    case GA_M_GUIDES_MISSING: {
        if (!need(o, GA_OBS_SERVICES, "services", ce))
            return true;
        size_t count = 0;
        for (size_t i = 0; i < o->services.n; i++) {
            const sc_service_t *s = &o->services.v[i];
            char miss[256] = "";
            int64_t n = 0;
            for (size_t k = 0; k < cd->list.n; k++)
                if (!ga_strlist_has(&s->elements, cd->list.v[k])) {
                    n++;
                    if (strlen(miss) + strlen(cd->list.v[k]) + 2 < sizeof miss) {
                        strcat(miss, *miss ? " " : "");
                        strcat(miss, cd->list.v[k]);
                    }
                }
            if (n < cd->missing_min)
                continue;
            count++;
            ok = ok && ev_add(ce, s->url, GA_TIME_NONE, "guide of %s lacks %s", nz(s->name), miss);
        }
        v = (double)count;
        break;
    }
    case GA_M_BROKEN_LINKS: {
        if (!need(o, GA_OBS_LINKS, o->object == GA_OBJECT_NEWMEDIA ? "menus" : "links", ce))
            return true;
        size_t count = 0;
        for (size_t i = 0; i < o->links.n; i++) {
            const sc_link_t *l = &o->links.v[i];
            if ((cd->scope == 1 && l->external) || (cd->scope == 2 && !l->external))
                continue;
            if (l->status != 0 && l->status < 400)
                continue;
            count++;
            ok = ok && ev_add(ce, l->url, GA_TIME_NONE, l->status ? "%s: HTTP %d" : "%s: did not open",
                              l->where ? l->where : l->url, l->status);
        }
        v = (double)count;
        break;
    }
    case GA_M_CHANGED_DATES: {
        if (!need(o, GA_OBS_PAGES, "pages", ce))
            return true;
        size_t count = 0;
        for (size_t i = 0; i < o->date_changes.n; i++) {
            const sc_date_change_t *d = &o->date_changes.v[i];
            /* Shown at least `age` after the URL's date. */
            if (d->made > T || d->shown < d->made || ga_window_start(cd->age, d->shown) < d->made)
                continue;
            count++;
            ok = ok && ev_add(ce, d->url, d->shown, "%s%s%sshown as %s, its URL made %s",
                              d->title ? "「" : "", nz(d->title), d->title ? "」 " : "",
                              ga_time_format(d->shown, 1, a), ga_time_format(d->made, 1, b));
        }
        v = (double)count;
        break;
    }
    case GA_M_SITE_PROBLEMS: {
        if (!need(o, GA_OBS_PAGES, "pages", ce))
            return true;
        size_t count = 0;
        for (size_t i = 0; i < o->problems.n; i++) {
            const sc_problem_t *p = &o->problems.v[i];
            bool match = cd->list.n == 0;
            for (size_t k = 0; k < cd->list.n && !match; k++)
                match = !strncmp(p->kind, cd->list.v[k], strlen(cd->list.v[k]));
            if (!match)
                continue;
            count++;
            ok = ok && ev_add(ce, p->url, GA_TIME_NONE, "%s", p->text ? p->text : p->kind);
        }
        v = (double)count;
        break;
    }
    case GA_M_COUNT_:
        break;
    }
    ce->value = v;
    if (compare(cd->op, v, cd->threshold))
        ce->outcome = GA_OUTCOME_HIT;
    return ok;
}

/* ---- indicators ---------------------------------------------------------------------- */

static bool set_reason(sc_outcome_rec_t *r, const char *fmt, ...) GA_PRINTF(2, 3);
static bool set_reason(sc_outcome_rec_t *r, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ga_utf8_trim_end(buf);
    free(r->reason);
    return (r->reason = strdup(buf)) != NULL;
}

static bool move_evidence(sc_outcome_rec_t *r, cond_eval_t *ce, const sc_cond_t *cd, size_t ncond)
{
    char head[160] = "";
    if (ncond > 1)
        snprintf(head, sizeof head, "%s%s%s: ", nz(cd->id), cd->id && cd->note ? " " : "",
                 nz(cd->note));
    ga_utf8_trim_end(head);
    /* First the condition's measure against its threshold, then the details. */
    char line[320];
    snprintf(line, sizeof line, "%s%s = %g (%s %g)", head, ga_metric_name(cd->metric), ce->value,
             op_sign(cd->op), cd->threshold);
    if (ce->dropped)
        snprintf(line + strlen(line), sizeof line - strlen(line),
                 " (%zu more entries not listed)", ce->dropped);
    ga_utf8_trim_end(line);
    sc_evidence_t *d = GA_VEC_PUSH(r->ev);
    if (!d || !(d->text = strdup(line)))
        return false;
    d->time = GA_TIME_NONE;
    for (size_t i = 0; i < ce->ev.n; i++) {
        sc_evidence_t *e = &ce->ev.v[i];
        if (r->ev.n >= GA_EVIDENCE_MAX + ncond)
            break;
        if (!(d = GA_VEC_PUSH(r->ev)))
            return false;
        size_t need = strlen(head) + strlen(e->text) + 1;
        if (!(d->text = malloc(need))) {
            r->ev.n--;
            return false;
        }
        snprintf(d->text, need, "%s%s", head, e->text);
        d->url = e->url;
        d->time = e->time;
        e->url = NULL;
    }
    return true;
}

/* Evaluate indicator `ind` into `r`: hit when any condition holds; else not evaluable
 * when any could not be measured; else clear. */
static bool evaluate(const sc_indicator_t *ind, const ga_observations_t *o, sc_outcome_rec_t *r)
{
    char reasons[1024] = "";
    bool any_hit = false, any_ne = false, ok = true, value_set = false;
    for (size_t k = 0; k < ind->ncond && ok; k++) {
        const sc_cond_t *cd = &ind->cond[k];
        cond_eval_t ce;
        memset(&ce, 0, sizeof ce);
        if (cd->unknown)
            not_evaluable(&ce, "the profile leaves the %s unknown", cd->unknown);
        else
            ok = measure(cd, o, &ce);
        if (ok && ce.outcome == GA_OUTCOME_HIT) {
            if (!any_hit)
                r->value = ce.value;
            any_hit = true;
            ok = move_evidence(r, &ce, cd, ind->ncond);
        } else if (ce.outcome == GA_OUTCOME_NOT_EVALUABLE) {
            any_ne = true;
            size_t l = strlen(reasons);
            bool named = cd->id && ind->ncond > 1;
            snprintf(reasons + l, sizeof reasons - l, "%s%s%s%s", l ? "; " : "",
                     named ? cd->id : "", named ? ": " : "", ce.reason);
            ga_utf8_trim_end(reasons);
        } else if (!any_hit && !value_set) {
            r->value = ce.value; /* a miss reports its first measured condition */
            value_set = true;
        }
        ga_ev_free(&ce.ev);
    }
    if (!ok)
        return false;
    r->outcome = any_hit ? GA_OUTCOME_HIT : any_ne ? GA_OUTCOME_NOT_EVALUABLE : GA_OUTCOME_CLEAR;
    if (r->outcome == GA_OUTCOME_NOT_EVALUABLE || (any_hit && any_ne))
        ok = set_reason(r, "%s", reasons);
    if (r->outcome != GA_OUTCOME_HIT)
        ga_ev_free(&r->ev);
    return ok;
}

void ga_score_result_free(ga_score_result_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->o[i].id);
        free(r->o[i].name);
        free(r->o[i].status);
        free(r->o[i].reason);
        ga_ev_free(&r->o[i].ev);
    }
    free(r->o);
    free(r->site);
    free(r->owner);
    free(r->profile_id);
    free(r);
}

static const char *const object_words[] = {"website", "newmedia"};

/* How per-occurrence points and caps gave the points, when it is not simply `points`. */
static bool points_evidence(sc_outcome_rec_t *rec, const sc_indicator_t *ind, double uncapped,
                            double pts)
{
    if (!ind->each && uncapped == pts)
        return true;
    char buf[160];
    size_t n = 0;
    if (ind->each)
        n = (size_t)snprintf(buf, sizeof buf, "%g × %g points = %g",
                             floor(rec->value) >= 1 ? floor(rec->value) : 1, ind->points, uncapped);
    else
        n = (size_t)snprintf(buf, sizeof buf, "%g points", uncapped);
    if (uncapped != pts && n < sizeof buf)
        snprintf(buf + n, sizeof buf - n, ", capped at %g", pts);
    sc_evidence_t *e = GA_VEC_PUSH(rec->ev);
    if (!e || !(e->text = strdup(buf)))
        return false;
    e->time = GA_TIME_NONE;
    return true;
}

ga_status_t ga_score(const ga_profile_t *p, const ga_observations_t *o, ga_score_result_t **out,
                     ga_error_t **err)
{
    if (!p || !o || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_score: NULL argument");
    *out = NULL;
    if (o->time == GA_TIME_NONE)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_score: the audit time T is not set (ga_obs_set_time)");
    if (p->object != o->object)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_score: profile %s scores a %s, the observations are of a %s",
                            p->id, object_words[p->object], object_words[o->object]);
    ga_score_result_t *r = calloc(1, sizeof *r);
    bool ok = r != NULL;
    if (ok) {
        r->o = calloc(p->nind ? p->nind : 1, sizeof *r->o);
        r->site = ga_sdup(o->site, &ok);
        r->owner = ga_sdup(o->owner, &ok);
        r->profile_id = ga_sdup(p->id, &ok);
        ok = ok && r->o;
    }
    if (!ok) {
        ga_score_result_free(r);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    r->object = o->object;
    r->time = o->time;
    r->veto_only = p->veto_only;
    r->n = p->nind;
    for (size_t i = 0; i < p->nind && ok; i++) {
        r->o[i].id = ga_sdup(p->ind[i].id, &ok);
        r->o[i].name = ga_sdup(p->ind[i].name, &ok);
        r->o[i].status = ga_sdup(p->ind[i].status, &ok);
        r->o[i].kind = p->ind[i].kind;
        r->o[i].outcome = GA_OUTCOME_SKIPPED;
    }

    /* Offices without public services (没有对外服务职能): their service blocks are not
     * checked and the deduction part is scored out of the smaller base. */
    const sc_flag_t *nsf = p->ns_flag ? ga_obs_flag(o, p->ns_flag) : NULL;
    bool no_service = nsf && nsf->value;
    double base = no_service ? p->ns_base : p->deduct_max;

    /* Pass 1: vetoes and listed problems, which are always evaluated. */
    for (size_t i = 0; i < p->nind && ok; i++) {
        const sc_indicator_t *ind = &p->ind[i];
        sc_outcome_rec_t *rec = &r->o[i];
        if (ind->object != o->object) {
            ok = set_reason(rec, "applies to %s", object_words[ind->object]);
        } else if (no_service && ind->block && ga_strlist_has(&p->ns_blocks, ind->block)) {
            ok = set_reason(rec, "%s is not checked for offices without public services",
                            ind->block);
        } else if (ind->kind == GA_KIND_VETO || ind->kind == GA_KIND_PROBLEM) {
            ok = evaluate(ind, o, rec);
            r->vetoes += ind->kind == GA_KIND_VETO && rec->outcome == GA_OUTCOME_HIT;
        }
    }

    /* Pass 2: deductions, unless a veto stopped scoring or the profile scores vetoes only. */
    bool scoring = ok && !p->veto_only && r->vetoes == 0;
    double deducted = 0;
    for (size_t i = 0; i < p->nind && ok; i++) {
        const sc_indicator_t *ind = &p->ind[i];
        sc_outcome_rec_t *rec = &r->o[i];
        if (ind->kind != GA_KIND_DEDUCT || rec->reason)
            continue;
        if (!scoring) {
            ok = set_reason(rec, p->veto_only ? "the profile scores vetoes only"
                                              : "a veto stopped the scoring");
            continue;
        }
        if (!(ok = evaluate(ind, o, rec)) || rec->outcome != GA_OUTCOME_HIT)
            continue;
        if (ind->unknown) {
            rec->outcome = GA_OUTCOME_NOT_EVALUABLE;
            ok = set_reason(rec, "the condition holds but the profile leaves the %s unknown",
                            ind->unknown ? ind->unknown : "points");
            continue;
        }
        double pts = ind->points;
        if (ind->each)
            pts *= floor(rec->value) >= 1 ? floor(rec->value) : 1;
        double uncapped = pts;
        if (ind->cap_known && pts > ind->cap)
            pts = ind->cap;
        else if (p->item_cap && !ind->each && pts > ind->points)
            pts = ind->points;
        rec->points = pts;
        deducted += pts;
        ok = points_evidence(rec, ind, uncapped, pts);
    }
    if (scoring) {
        if (deducted > base)
            deducted = base;
        r->scored = true;
        r->score = (base - deducted) * p->deduct_max / base;
        /* 4/3 of a whole number is printed to two decimals; keep the value exact there. */
        r->score = round(r->score * 1e6) / 1e6;
    }

    /* Pass 3: bonuses, only past the gate. */
    bool gate = scoring && p->bonus_known && r->score > p->bonus_gate;
    double bonus = 0;
    for (size_t i = 0; i < p->nind && ok; i++) {
        const sc_indicator_t *ind = &p->ind[i];
        sc_outcome_rec_t *rec = &r->o[i];
        if (ind->kind != GA_KIND_BONUS || rec->reason)
            continue;
        if (!gate) {
            if (scoring && !p->bonus_known) {
                rec->outcome = GA_OUTCOME_NOT_EVALUABLE;
                ok = set_reason(rec, "the profile leaves the bonus gate or maximum unknown");
            } else {
                ok = set_reason(rec, !scoring ? (p->veto_only ? "the profile scores vetoes only"
                                                              : "a veto stopped the scoring")
                                              : "the score is not above the bonus gate");
            }
            continue;
        }
        if (!(ok = evaluate(ind, o, rec)) || rec->outcome != GA_OUTCOME_HIT)
            continue;
        if (!ind->points_known) {
            rec->outcome = GA_OUTCOME_NOT_EVALUABLE;
            ok = set_reason(rec, "the condition holds but the profile leaves the points unknown");
            continue;
        }
        double pts = ind->points * (ind->each && floor(rec->value) >= 1 ? floor(rec->value) : 1);
        double uncapped = pts;
        if (ind->cap_known && pts > ind->cap)
            pts = ind->cap;
        rec->points = pts;
        bonus += pts;
        ok = points_evidence(rec, ind, uncapped, pts);
    }
    if (gate)
        r->bonus = bonus > p->bonus_max ? p->bonus_max : bonus;

    r->passed = r->vetoes == 0 && (!r->scored || !p->fail_below_known || r->score >= p->fail_below);
    /* A scored profile without a fail line cannot fail on points: the verdict is partial. */
    r->complete = !(r->scored && !p->fail_below_known);
    for (size_t i = 0; i < r->n; i++)
        if (r->o[i].kind != GA_KIND_PROBLEM && r->o[i].outcome == GA_OUTCOME_NOT_EVALUABLE)
            r->complete = false;
    if (!ok) {
        ga_score_result_free(r);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    *out = r;
    return GA_OK;
}
