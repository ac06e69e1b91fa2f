/* What a week of availability probes shows beyond the failure ratio: the span the probes
 * cover and the longest outages, as the evidence of 站点无法访问. */
#include <stdlib.h>
#include <string.h>

#include "score-internal.h"

static int by_time(const void *a, const void *b)
{
    const sc_probe_t *x = *(const sc_probe_t *const *)a, *y = *(const sc_probe_t *const *)b;
    return (x->time > y->time) - (x->time < y->time);
}

bool sc_probe_failed(const sc_probe_t *p, int64_t timeout_ms)
{
    return !p->ok || p->latency_ms >= timeout_ms;
}

/* Keep the SC_OUTAGES_MAX longest outages, longest first (ties: earliest first). */
static void keep_worst(sc_probe_stats_t *s, sc_outage_t o)
{
    size_t k = s->noutages < SC_OUTAGES_MAX ? s->noutages++ : SC_OUTAGES_MAX;
    if (k == SC_OUTAGES_MAX) {
        const sc_outage_t *w = &s->worst[SC_OUTAGES_MAX - 1];
        if (o.to - o.from <= w->to - w->from)
            return;
        k = SC_OUTAGES_MAX - 1;
    }
    while (k > 0 && o.to - o.from > s->worst[k - 1].to - s->worst[k - 1].from) {
        s->worst[k] = s->worst[k - 1];
        k--;
    }
    s->worst[k] = o;
}

bool sc_probe_stats(const ga_observations_t *o, int64_t start, int64_t end, int64_t timeout_ms,
                    sc_probe_stats_t *s)
{
    memset(s, 0, sizeof *s);
    s->first = s->last = GA_TIME_NONE;
    const sc_probe_t **v = malloc((o->probes.n ? o->probes.n : 1) * sizeof *v);
    if (!v)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < o->probes.n; i++) {
        const sc_probe_t *p = &o->probes.v[i];
        if (p->time != GA_TIME_NONE && p->time > start && p->time <= end)
            v[n++] = p;
    }
    qsort(v, n, sizeof *v, by_time);
    /* An outage runs from its first failed probe to the next probe that opened (or its
     * last failed probe when none did before the window's end). */
    s->total = n;
    for (size_t i = 0; i < n;) {
        if (!sc_probe_failed(v[i], timeout_ms)) {
            i++;
            continue;
        }
        sc_outage_t out = {.from = v[i]->time, .error = v[i]->error};
        while (i < n && sc_probe_failed(v[i], timeout_ms)) {
            out.to = v[i]->time;
            out.probes++;
            s->failed++;
            i++;
        }
        out.ongoing = i == n;
        if (i < n)
            out.to = v[i]->time;
        keep_worst(s, out);
    }
    if (n) {
        s->first = v[0]->time;
        s->last = v[n - 1]->time;
    }
    free(v);
    return true;
}
