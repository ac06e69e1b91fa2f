/* The `audit` JSON object of a site audit (docs/report.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/page.h>

#include "report-internal.h"

/* ---- writer ---------------------------------------------------------------------------- */

static void put(ga_jw_t *w, const char *s, size_t n)
{
    if (w->ok && !ga_buf_append(&w->b, s, n))
        w->ok = false;
}

static void puts_(ga_jw_t *w, const char *s)
{
    put(w, s, strlen(s));
}

static void newline(ga_jw_t *w)
{
    if (!w->pretty)
        return;
    put(w, "\n", 1);
    for (int i = 0; i < w->depth; i++)
        put(w, "  ", 2);
}

static void quoted(ga_jw_t *w, const char *s)
{
    put(w, "\"", 1);
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)
            continue;
        put(w, run, (size_t)(p - run));
        char esc[8];
        switch (c) {
        case '"': puts_(w, "\\\""); break;
        case '\\': puts_(w, "\\\\"); break;
        case '\n': puts_(w, "\\n"); break;
        case '\r': puts_(w, "\\r"); break;
        case '\t': puts_(w, "\\t"); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", c);
            puts_(w, esc);
        }
        run = p + 1;
    }
    put(w, run, strlen(run));
    put(w, "\"", 1);
}

void ga_jw_key(ga_jw_t *w, const char *key)
{
    if (!w->first[w->depth])
        put(w, ",", 1);
    w->first[w->depth] = false;
    newline(w);
    if (key) {
        quoted(w, key);
        put(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
    }
}

void ga_jw_open(ga_jw_t *w, const char *key, char bracket)
{
    if (w->depth > 0 || !w->first[0])
        ga_jw_key(w, key);
    put(w, &bracket, 1);
    if (w->depth < 63)
        w->depth++;
    w->first[w->depth] = true;
}

void ga_jw_close(ga_jw_t *w, char bracket)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty)
        newline(w);
    put(w, &bracket, 1);
}

void ga_jw_str(ga_jw_t *w, const char *key, const char *s)
{
    ga_jw_key(w, key);
    if (s)
        quoted(w, s);
    else
        puts_(w, "null");
}

void ga_jw_num(ga_jw_t *w, const char *key, double v)
{
    ga_jw_key(w, key);
    if (!isfinite(v)) {
        puts_(w, "null");
        return;
    }
    char buf[64];
    double r = round(v * 100) / 100;
    if (r == (double)(long long)r && fabs(r) < 1e15)
        snprintf(buf, sizeof buf, "%lld", (long long)r);
    else
        snprintf(buf, sizeof buf, "%.2f", r);
    /* "2.50" → "2.5" */
    size_t n = strlen(buf);
    if (strchr(buf, '.'))
        while (n > 1 && buf[n - 1] == '0')
            buf[--n] = '\0';
    puts_(w, buf);
}

void ga_jw_int(ga_jw_t *w, const char *key, long long v)
{
    ga_jw_key(w, key);
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    puts_(w, buf);
}

void ga_jw_bool(ga_jw_t *w, const char *key, bool v)
{
    ga_jw_key(w, key);
    puts_(w, v ? "true" : "false");
}

void ga_jw_null(ga_jw_t *w, const char *key)
{
    ga_jw_key(w, key);
    puts_(w, "null");
}

void ga_jw_time(ga_jw_t *w, const char *key, int64_t t, int date_only)
{
    char buf[24];
    ga_jw_str(w, key, t == GA_TIME_NONE ? NULL : ga_time_format(t, date_only, buf));
}

int64_t ga_report_days(int64_t t, int64_t T)
{
    int64_t d = T - t;
    return d >= 0 ? d / 86400 : -((-d + 86399) / 86400);
}

/* ---- the audit object ------------------------------------------------------------------ */

static const char *const kind_words[] = {"veto", "deduct", "bonus", "problem"};
static const char *const outcome_words[] = {"hit", "clear", "not_evaluable", "skipped"};

static void outcome_json(ga_jw_t *w, const ga_score_result_t *s, size_t i)
{
    ga_jw_open(w, NULL, '{');
    ga_jw_str(w, "id", ga_score_result_id(s, i));
    ga_jw_str(w, "name", ga_score_result_name(s, i));
    ga_jw_num(w, "points", ga_score_result_points(s, i));
    ga_jw_open(w, "evidence", '[');
    for (size_t j = 0; j < ga_score_result_evidence_count(s, i); j++) {
        const char *url = NULL;
        int64_t t = GA_TIME_NONE;
        const char *text = ga_score_result_evidence(s, i, j, &url, &t);
        ga_jw_open(w, NULL, '{');
        ga_jw_str(w, "text", text);
        if (url)
            ga_jw_str(w, "url", url);
        if (t != GA_TIME_NONE)
            ga_jw_time(w, "time", t, 0);
        ga_jw_close(w, '}');
    }
    ga_jw_close(w, ']');
    ga_jw_close(w, '}');
}

static void indicators_json(ga_jw_t *w, const ga_score_result_t *s, unsigned flags)
{
    static const char *const lists[] = {"vetoes", "deductions", "bonuses", "problems"};
    for (int k = 0; k < 4; k++) {
        ga_jw_open(w, lists[k], '[');
        for (size_t i = 0; i < ga_score_result_count(s); i++)
            if ((int)ga_score_result_kind(s, i) == k &&
                ga_score_result_outcome(s, i) == GA_OUTCOME_HIT)
                outcome_json(w, s, i);
        ga_jw_close(w, ']');
    }
    ga_jw_open(w, "not_evaluable", '[');
    for (size_t i = 0; i < ga_score_result_count(s); i++) {
        if (ga_score_result_outcome(s, i) != GA_OUTCOME_NOT_EVALUABLE)
            continue;
        ga_jw_open(w, NULL, '{');
        ga_jw_str(w, "id", ga_score_result_id(s, i));
        ga_jw_str(w, "name", ga_score_result_name(s, i));
        ga_jw_str(w, "kind", kind_words[ga_score_result_kind(s, i) & 3]);
        ga_jw_str(w, "reason", ga_score_result_reason(s, i));
        ga_jw_close(w, '}');
    }
    ga_jw_close(w, ']');
    if (flags & GA_REPORT_ALL) {
        ga_jw_open(w, "indicators", '[');
        for (size_t i = 0; i < ga_score_result_count(s); i++) {
            ga_jw_open(w, NULL, '{');
            ga_jw_str(w, "id", ga_score_result_id(s, i));
            ga_jw_str(w, "name", ga_score_result_name(s, i));
            ga_jw_str(w, "kind", kind_words[ga_score_result_kind(s, i) & 3]);
            ga_jw_str(w, "outcome", outcome_words[ga_score_result_outcome(s, i) & 3]);
            ga_jw_num(w, "value", ga_score_result_value(s, i));
            ga_jw_num(w, "points", ga_score_result_points(s, i));
            if (ga_score_result_reason(s, i))
                ga_jw_str(w, "reason", ga_score_result_reason(s, i));
            ga_jw_close(w, '}');
        }
        ga_jw_close(w, ']');
    }
}

static void columns_json(ga_jw_t *w, const ga_site_result_t *r)
{
    ga_jw_open(w, "columns", '[');
    for (size_t i = 0; i < r->columns.n; i++) {
        const ga_site_column_t *c = &r->columns.v[i];
        ga_jw_open(w, NULL, '{');
        ga_jw_str(w, "id", c->key);
        ga_jw_str(w, "name", c->name);
        ga_jw_str(w, "type", c->type);
        ga_jw_int(w, "level", c->level);
        ga_jw_str(w, "url", c->url);
        ga_jw_int(w, "lists", (long long)c->lists);
        ga_jw_int(w, "items", (long long)c->items);
        ga_jw_int(w, "dated", (long long)c->dated);
        ga_jw_time(w, "last", c->last, 0);
        if (c->last == GA_TIME_NONE)
            ga_jw_null(w, "days_since");
        else
            ga_jw_int(w, "days_since", (long long)ga_report_days(c->last, r->time));
        ga_jw_bool(w, "blank", c->blank);
        ga_jw_bool(w, "stale", c->stale);
        /* Items per calendar month, the oldest first, ending with the audit month. */
        ga_jw_open(w, "monthly", '[');
        for (int m = 0; m < GA_SITE_CHART_MONTHS; m++)
            ga_jw_int(w, NULL, c->months[m]);
        ga_jw_close(w, ']');
        ga_jw_close(w, '}');
    }
    ga_jw_close(w, ']');
}

static void findings_json(ga_jw_t *w, const ga_site_result_t *r)
{
    ga_jw_open(w, "findings", '[');
    for (size_t i = 0; i < r->findings.n; i++) {
        const ga_site_finding_t *f = &r->findings.v[i];
        ga_jw_open(w, NULL, '{');
        ga_jw_str(w, "rule", f->rule);
        ga_jw_str(w, "category", f->category);
        ga_jw_str(w, "severity", f->severity);
        ga_jw_str(w, "text", f->text);
        ga_jw_str(w, "suggestion", f->suggestion);
        ga_jw_str(w, "url", f->url);
        ga_jw_str(w, "title", f->title);
        ga_jw_str(w, "field", f->in_title ? "title" : "text");
        ga_jw_int(w, "start", (long long)f->start);
        ga_jw_int(w, "end", (long long)f->end);
        ga_jw_str(w, "before", f->before);
        ga_jw_str(w, "after", f->after);
        if (f->location) { /* in an attachment */
            ga_jw_str(w, "location", f->location);
            ga_jw_str(w, "page", f->page);
        }
        ga_jw_close(w, '}');
    }
    ga_jw_close(w, ']');
}

static void attachments_json(ga_jw_t *w, const ga_site_result_t *r)
{
    ga_jw_open(w, "attachments", '[');
    for (size_t i = 0; i < r->attachments.n; i++) {
        const ga_site_attachment_t *a = &r->attachments.v[i];
        ga_jw_open(w, NULL, '{');
        ga_jw_str(w, "url", a->url);
        ga_jw_str(w, "page", a->page);
        ga_jw_str(w, "format", a->format);
        if (a->status >= 0)
            ga_jw_int(w, "status", a->status);
        else
            ga_jw_null(w, "status");
        ga_jw_bool(w, "checked", !a->error && a->status >= 200 && a->status < 300);
        ga_jw_str(w, "error", a->error);
        ga_jw_int(w, "findings", (long long)a->findings);
        ga_jw_close(w, '}');
    }
    ga_jw_close(w, ']');
}

static void dups_json(ga_jw_t *w, const ga_site_result_t *r)
{
    ga_jw_open(w, "duplicates", '[');
    for (size_t i = 0; i < r->dups.n; i++) {
        const ga_site_dup_t *d = &r->dups.v[i];
        ga_jw_open(w, NULL, '{');
        ga_jw_str(w, "kind", d->kind);
        ga_jw_num(w, "similarity", d->similarity);
        ga_jw_open(w, "posts", '[');
        for (size_t j = 0; j < d->n; j++) {
            ga_jw_open(w, NULL, '{');
            ga_jw_str(w, "url", d->posts[j].url);
            ga_jw_str(w, "title", d->posts[j].title);
            ga_jw_str(w, "column", d->posts[j].column);
            ga_jw_str(w, "date", d->posts[j].date);
            ga_jw_close(w, '}');
        }
        ga_jw_close(w, ']');
        ga_jw_close(w, '}');
    }
    ga_jw_close(w, ']');
}

static void links_json(ga_jw_t *w, const ga_site_result_t *r)
{
    ga_jw_open(w, "links", '[');
    for (size_t i = 0; i < r->links.n; i++) {
        const ga_site_link_t *l = &r->links.v[i];
        ga_jw_open(w, NULL, '{');
        ga_jw_str(w, "url", l->url);
        if (l->status < 0)
            ga_jw_null(w, "status");
        else
            ga_jw_int(w, "status", l->status);
        ga_jw_bool(w, "external", l->external);
        ga_jw_bool(w, "broken", l->broken);
        ga_jw_str(w, "text", l->text);
        ga_jw_str(w, "where", l->refs[0]);
        ga_jw_open(w, "pages", '[');
        for (int k = 0; k < GA_SITE_REFS && l->refs[k]; k++)
            ga_jw_str(w, NULL, l->refs[k]);
        ga_jw_close(w, ']');
        ga_jw_int(w, "page_count", (long long)l->nrefs);
        ga_jw_close(w, '}');
    }
    ga_jw_close(w, ']');
}

static void meta_json(ga_jw_t *w, const ga_site_result_t *r)
{
    ga_jw_int(w, "missing_meta_total", (long long)r->meta_pages);
    ga_jw_open(w, "missing_meta", '[');
    for (size_t i = 0; i < r->meta.n; i++) {
        const ga_site_meta_page_t *m = &r->meta.v[i];
        ga_jw_open(w, NULL, '{');
        ga_jw_str(w, "url", m->url);
        ga_jw_str(w, "kind", m->kind);
        ga_jw_open(w, "missing", '[');
        for (int t = 0; t < GA_META_TAG_COUNT; t++)
            if (m->missing & (1u << t))
                ga_jw_str(w, NULL, ga_page_meta_tag_name((ga_page_meta_tag_t)t));
        ga_jw_close(w, ']');
        ga_jw_close(w, '}');
    }
    ga_jw_close(w, ']');
}

static void crawl_json(ga_jw_t *w, const ga_site_result_t *r)
{
    static const char *const names[] = {"urls", "pages", "articles", "lists", "attachments",
                                        "errors", "columns", "broken_links", "external_links",
                                        "findings", "duplicates", "warnings"};
    ga_jw_open(w, "crawl", '{');
    for (int k = 0; k <= GA_SITE_WARNINGS; k++)
        ga_jw_int(w, names[k], (long long)r->count[k]);
    ga_jw_open(w, "warning_list", '[');
    for (size_t i = 0; i < r->warnings.n; i++)
        ga_jw_str(w, NULL, r->warnings.v[i]);
    ga_jw_close(w, ']');
    ga_jw_close(w, '}');
}

ga_status_t ga_report_json(const ga_site_result_t *r, unsigned flags, char **out, size_t *len,
                           ga_error_t **err)
{
    if (!r || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_report_json: NULL argument");
    if (flags & ~(unsigned)(GA_REPORT_PRETTY | GA_REPORT_ALL))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_report_json: unknown flags %#x",
                            flags);
    const ga_score_result_t *s = r->score;
    ga_jw_t w = {.pretty = (flags & GA_REPORT_PRETTY) != 0, .ok = true};
    w.first[0] = true;
    ga_jw_open(&w, NULL, '{');
    ga_jw_str(&w, "site", r->site);
    ga_jw_str(&w, "owner", r->owner);
    ga_jw_str(&w, "site_id", r->site_id);
    ga_jw_str(&w, "home", r->home);
    ga_jw_str(&w, "object", "website");
    ga_jw_str(&w, "profile", r->profile_id);
    ga_jw_time(&w, "date", r->time, 1);
    if (ga_score_result_scored(s)) {
        ga_jw_num(&w, "score", ga_score_result_score(s));
        ga_jw_num(&w, "bonus", ga_score_result_bonus(s));
        ga_jw_num(&w, "final", ga_score_result_final(s));
    } else {
        ga_jw_null(&w, "score");
        ga_jw_null(&w, "bonus");
        ga_jw_null(&w, "final");
    }
    ga_jw_bool(&w, "passed", ga_score_result_passed(s));
    ga_jw_bool(&w, "complete", ga_score_result_complete(s));
    indicators_json(&w, s, flags);
    crawl_json(&w, r);
    columns_json(&w, r);
    ga_jw_int(&w, "findings_total", (long long)r->count[GA_SITE_FINDINGS]);
    findings_json(&w, r);
    attachments_json(&w, r);
    dups_json(&w, r);
    links_json(&w, r);
    meta_json(&w, r);
    ga_jw_close(&w, '}');
    if (w.ok && !ga_buf_append(&w.b, "\n", 1))
        w.ok = false;
    if (!w.ok) {
        ga_buf_free(&w.b);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    *out = w.b.data;
    if (len)
        *len = w.b.len;
    return GA_OK;
}
