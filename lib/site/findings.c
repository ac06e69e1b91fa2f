/* Wrong and sensitive wording: each matcher and spelling hit of an article's title and
 * text, as an observation and, for the first max_findings, with its context for the report. */
#include <stdlib.h>
#include <string.h>

#include <govaudit/spell.h>

#include "site/audit-private.h"

/* Up to `chars` characters of `s` before `at` / after `at`, as a new string. */
static char *context(const char *s, size_t len, size_t at, int dir, int chars)
{
    size_t from = at, to = at;
    if (dir < 0) {
        for (int k = 0; k < chars && from > 0; k++) {
            from--;
            while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
                from--;
            if (s[from] == '\n') {
                from++;
                break;
            }
        }
    } else {
        for (int k = 0; k < chars && to < len && s[to] != '\n'; k++) {
            to++;
            while (to < len && ((unsigned char)s[to] & 0xC0) == 0x80)
                to++;
        }
    }
    char *r = malloc(to - from + 1);
    if (r) {
        memcpy(r, s + from, to - from);
        r[to - from] = '\0';
    }
    return r;
}

/* One finding in a page's text: counted and scored, and kept with its context for the
 * report up to max_findings. */
static ga_status_t add_text_finding(ga_site_auditor_t *a, const char *url, const char *title,
                                    const char *text, size_t len, const ga_finding_t *f,
                                    bool in_title, ga_error_t **err)
{
    char *hit = malloc(f->end - f->start + 1);
    if (!hit)
        return nomem(err);
    memcpy(hit, f->text, f->end - f->start);
    hit[f->end - f->start] = '\0';
    const char *sev = ga_severity_name(f->severity);
    ga_status_t st = GA_OK;
    a->res->count[GA_SITE_FINDINGS]++;
    /* Scoring sees every finding up to a generous bound; the report keeps the first
     * max_findings with their context. */
    if (a->res->count[GA_SITE_FINDINGS] <= 100000)
        st = ga_obs_add_finding(a->obs, f->rule, f->category, sev, hit, url, err);
    if (!st && a->res->findings.n < a->max_findings) {
        ga_site_finding_t *r = GA_SITE_PUSH(a->res->findings);
        if (!r) {
            free(hit);
            return nomem(err);
        }
        r->url = strdup(url);
        r->title = strdup(title);
        r->rule = xstrdup(f->rule);
        r->category = xstrdup(f->category);
        r->severity = strdup(sev);
        r->suggestion = xstrdup(f->suggestion);
        r->text = hit;
        hit = NULL;
        r->before = context(text, len, f->start, -1, 40);
        r->after = context(text, len, f->end, 1, 40);
        r->in_title = in_title;
        r->start = f->start;
        r->end = f->end;
        if (!r->url || !r->title || !r->severity || !r->before || !r->after)
            st = nomem(err);
    }
    free(hit);
    return st;
}

/* The matcher's findings in a title or body, then the spelling model's. */
ga_status_t ga_site_scan_text(ga_site_auditor_t *a, const char *url, const char *title,
                             const char *text, size_t len, bool in_title, ga_error_t **err)
{
    if (!len)
        return GA_OK;
    ga_error_t *e = NULL;
    char *shown = NULL; /* context comes from the text with personal values masked */
    ga_status_t st = GA_OK;
    if (a->matcher) {
        if (ga_match_scan(a->matcher, a->scratch, text, len, &e) != GA_OK) {
            bool ok = warn(a, "%s: text not scanned: %s", url, ga_error_message(e));
            ga_error_free(e);
            return ok ? GA_OK : nomem(err);
        }
        if (ga_match_count(a->scratch) &&
            (st = ga_match_masked_text(a->scratch, &shown, NULL, err)) != GA_OK)
            return st;
        for (size_t i = 0; i < ga_match_count(a->scratch) && !st; i++) {
            ga_finding_t f = {.size = sizeof f};
            if (ga_match_get(a->scratch, i, &f) != GA_OK)
                continue;
            st = add_text_finding(a, url, title, shown ? shown : text, len, &f, in_title, err);
        }
    }
    if (!st && a->spell) {
        if (ga_spell_check(a->spell, a->spell_scratch, text, len, a->matcher ? a->scratch : NULL,
                           &e) != GA_OK) {
            bool ok = warn(a, "%s: text not spell-checked: %s", url, ga_error_message(e));
            ga_error_free(e);
            free(shown);
            return ok ? GA_OK : nomem(err);
        }
        for (size_t i = 0; i < ga_spell_count(a->spell_scratch) && !st; i++) {
            ga_finding_t f = {.size = sizeof f};
            if (ga_spell_get(a->spell_scratch, i, &f) != GA_OK)
                continue;
            st = add_text_finding(a, url, title, shown ? shown : text, len, &f, in_title, err);
        }
    }
    free(shown);
    return st;
}
