/* The results of a probe run: accessors, one entry per URL. */
#include <stdlib.h>

#include "probe-internal.h"

const char *ga_probe_outcome_name(ga_probe_outcome_t outcome)
{
    static const char *const names[] = {"ok",     "http",      "timeout", "refused", "dns",
                                        "tls",    "broken",    "redirects", "blocked",
                                        "bad-url", "bad-page", "robots",  "failed"};
    return (unsigned)outcome < sizeof names / sizeof *names ? names[outcome] : "failed";
}

void ga_probe_results_free(ga_probe_results_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].url);
        free(r->v[i].final_url);
        free(r->v[i].error);
    }
    free(r->v);
    free(r);
}

size_t ga_probe_results_count(const ga_probe_results_t *r)
{
    return r ? r->n : 0;
}

static const pr_result_t *entry(const ga_probe_results_t *r, size_t i)
{
    return r && i < r->n ? &r->v[i] : NULL;
}

/* Each accessor reads one field of entry i, or returns `none` for a bad index. */
#define FIELD(type, name, none, expr)                                        \
    type ga_probe_result_##name(const ga_probe_results_t *r, size_t i)       \
    {                                                                        \
        const pr_result_t *e = entry(r, i);                                  \
        return e ? (expr) : (none);                                          \
    }

FIELD(const char *, url, NULL, e->url)
FIELD(int64_t, time_ms, GA_TIME_NONE, e->time_ms)
FIELD(ga_probe_outcome_t, outcome, GA_PROBE_FAILED, e->outcome)
FIELD(int, ok, 0, e->outcome == GA_PROBE_OK)
FIELD(int, status, 0, e->status)
FIELD(uint32_t, elapsed_ms, 0, e->elapsed_ms)
FIELD(const char *, error, NULL, e->error)
FIELD(int, family, 0, e->family)
FIELD(unsigned, redirects, 0, e->redirects)
FIELD(const char *, final_url, NULL, e->final_url)
FIELD(unsigned, tries, 0, e->tries)
FIELD(int, ipv6, -1, e->ipv6)
FIELD(int64_t, cert_expiry, GA_TIME_NONE, e->cert_expiry)
