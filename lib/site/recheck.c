/* Re-checking a finished audit's links before they are reported: a crawl's single fetch
 * makes a momentary 502 a dead link, and a 200 page that says 页面不存在 a live one. */
#include <stdlib.h>
#include <string.h>

#include <govaudit/probe.h>

#include "site-internal.h"
#include "score/score-internal.h"

static ga_status_t nomem(ga_error_t **err)
{
    return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

static bool broken_status(int status)
{
    return status == 0 || status >= 400;
}

/* The status a re-check gives a link: the answer's, 404 for a soft 404, 0 when nothing
 * answered; -1 when the re-check proves nothing (robots, policy, a bad URL). */
static int recheck_status(const ga_probe_results_t *pr, size_t i)
{
    switch (ga_probe_result_outcome(pr, i)) {
    case GA_PROBE_OK:
    case GA_PROBE_HTTP_ERROR:
        return ga_probe_result_status(pr, i);
    case GA_PROBE_BAD_PAGE:
        return 404;
    case GA_PROBE_BLOCKED:
    case GA_PROBE_ROBOTS_DISALLOWED:
    case GA_PROBE_BAD_URL:
        return -1;
    default:
        return 0;
    }
}

ga_status_t ga_site_result_recheck_links(ga_site_result_t *r, const ga_profile_t *profile,
                                         const ga_probe_options_t *options, size_t *changed,
                                         ga_error_t **err)
{
    if (changed)
        *changed = 0;
    if (!r || !profile)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_result_recheck_links: NULL argument");
    if (strcmp(ga_profile_id(profile), r->profile_id) != 0)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_result_recheck_links: the result was scored with profile "
                            "'%s', not '%s'", r->profile_id, ga_profile_id(profile));
    ga_probe_options_t o = {.size = sizeof o};
    ga_status_t st = ga_options_read(&o, sizeof o, options, GA_PROBE_OPTIONS_SIZE_1_0,
                                     "ga_probe_options_t", err);
    if (st)
        return st;
    /* Polite defaults for a re-check: a few spaced tries, two requests at a time a host. */
    if (!o.tries)
        o.tries = 3;
    if (!o.per_host)
        o.per_host = 2;
    sc_link_t *links = r->obs->links.v;
    size_t n = r->obs->links.n;
    bool pages = o.flags & GA_PROBE_CHECK_PAGE;
    /* Broken links, and external ones that opened when pages are checked (soft 404s);
     * each URL once. */
    const char **urls = malloc((n ? n : 1) * sizeof *urls);
    size_t *of = malloc((n ? n : 1) * sizeof *of);
    size_t m = 0;
    if (!urls || !of) {
        free(urls);
        free(of);
        return nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        if (!broken_status(links[i].status) && !(pages && links[i].external))
            continue;
        size_t k = 0;
        while (k < m && strcmp(urls[k], links[i].url) != 0)
            k++;
        if (k == m)
            urls[m++] = links[i].url;
        of[i] = k;
    }
    ga_probe_results_t *pr = NULL;
    st = m ? ga_probe_run(urls, m, &o, &pr, err) : GA_OK;
    size_t nchanged = 0, nstatus = 0;
    for (size_t i = 0; !st && m && i < n; i++) {
        if (!broken_status(links[i].status) && !(pages && links[i].external))
            continue;
        int now = recheck_status(pr, of[i]);
        /* A verdict changes with any answer; a status is refined only by an answer (a 404
         * for a link the crawl could not open), never replaced by a failure. */
        bool flips = now >= 0 && broken_status(now) != broken_status(links[i].status);
        if (!flips && (now <= 0 || now == links[i].status))
            continue;
        nchanged += flips;
        nstatus++;
        links[i].status = now;
        for (size_t k = 0; k < r->links.n; k++) {
            ga_site_link_t *l = &r->links.v[k];
            if (strcmp(l->url, links[i].url) != 0)
                continue;
            if (l->broken != broken_status(now))
                r->count[GA_SITE_BROKEN] += l->broken ? (size_t)-1 : 1;
            l->status = now;
            l->broken = broken_status(now);
        }
    }
    /* An internal link that opens is no longer reported (the list holds broken links and
     * external ones). */
    size_t keep = 0;
    for (size_t k = 0; k < r->links.n; k++) {
        ga_site_link_t *l = &r->links.v[k];
        if (l->broken || l->external) {
            r->links.v[keep++] = *l;
            continue;
        }
        free(l->url);
        free(l->text);
        for (size_t j = 0; j < GA_SITE_REFS; j++)
            free(l->refs[j]);
    }
    r->links.n = keep;
    ga_probe_results_free(pr);
    free(urls);
    free(of);
    if (st || !nstatus)
        return st;
    /* The links changed: score again. */
    ga_score_result_t *score = NULL;
    st = ga_score(profile, r->obs, &score, err);
    if (st)
        return st;
    ga_score_result_free(r->score);
    r->score = score;
    if (changed)
        *changed = nchanged;
    return GA_OK;
}
