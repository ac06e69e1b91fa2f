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

const char *ga_probe_result_url(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->url : NULL;
}

int64_t ga_probe_result_time_ms(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->time_ms : GA_TIME_NONE;
}

ga_probe_outcome_t ga_probe_result_outcome(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->outcome : GA_PROBE_FAILED;
}

int ga_probe_result_ok(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e && e->outcome == GA_PROBE_OK;
}

int ga_probe_result_status(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->status : 0;
}

uint32_t ga_probe_result_elapsed_ms(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->elapsed_ms : 0;
}

const char *ga_probe_result_error(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->error : NULL;
}

int ga_probe_result_family(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->family : 0;
}

unsigned ga_probe_result_redirects(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->redirects : 0;
}

const char *ga_probe_result_final_url(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->final_url : NULL;
}

unsigned ga_probe_result_tries(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->tries : 0;
}

int ga_probe_result_ipv6(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->ipv6 : -1;
}

int64_t ga_probe_result_cert_expiry(const ga_probe_results_t *r, size_t i)
{
    const pr_result_t *e = entry(r, i);
    return e ? e->cert_expiry : GA_TIME_NONE;
}
