/* Throttled progress reporting: the one implementation behind every ga_progress_fn. */
#include <string.h>
#include <time.h>

#include "core-internal.h"

/* Units between clock reads stay within these: a slow unit (a page) reads the clock each
 * time, a quick one (a document of a batch) every few thousand. */
#define STRIDE_MAX 4096
#define QUICK_NS 1000000  /* clock reads closer than 1 ms apart: read it less often */
#define SLOW_NS 20000000  /* further than 20 ms apart: more often */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void ga_progress_init(ga_progress_state_t *s, ga_progress_fn fn, void *user)
{
    memset(s, 0, sizeof *s);
    s->fn = fn;
    s->user = user;
    s->p.size = sizeof s->p;
    s->stride = 1;
}

static int call(ga_progress_state_t *s, int64_t now)
{
    s->last_call = now;
    if (s->fn(s->user, &s->p) != 0)
        s->cancelled = 1;
    return s->cancelled;
}

int ga_progress_stage(ga_progress_state_t *s, const char *stage, uint64_t total)
{
    if (!s->fn || s->cancelled)
        return s->cancelled;
    s->p.stage = stage;
    s->p.done = s->p.bytes = 0;
    s->p.total = total;
    s->p.final = 0;
    s->stride = 1;
    s->next_check = 1;
    s->last_check = now_ns();
    return call(s, s->last_check);
}

int ga_progress_report(ga_progress_state_t *s, uint64_t done, uint64_t bytes)
{
    if (s->cancelled)
        return 1;
    int64_t now = now_ns();
    int64_t gap = now - s->last_check;
    if (gap < QUICK_NS && s->stride < STRIDE_MAX)
        s->stride *= 2;
    else if (gap > SLOW_NS && s->stride > 1)
        s->stride /= 2;
    s->last_check = now;
    s->next_check = done + s->stride;
    if (now - s->last_call < GA_PROGRESS_INTERVAL_NS)
        return 0;
    s->p.done = done;
    s->p.bytes = bytes;
    return call(s, now);
}

int ga_progress_end(ga_progress_state_t *s, uint64_t done, uint64_t bytes)
{
    if (!s->fn || s->cancelled)
        return s->cancelled;
    s->p.done = done;
    s->p.bytes = bytes;
    s->p.final = 1;
    int rc = call(s, now_ns());
    s->p.final = 0;
    return rc;
}

ga_status_t ga_progress_cancelled(const ga_progress_state_t *s, ga_error_t **err)
{
    return ga_error_set(err, GA_ERR_CANCELLED, "cancelled by the progress callback during '%s'",
                        s->p.stage ? s->p.stage : "start");
}
