/* A site audit's availability probes: a probe log's lines for the audited site become the
 * observations 站点无法访问 (W-V2) is scored on. */
#include <govaudit/probe.h>

#include "site-internal.h"

ga_status_t ga_site_auditor_add_probes(ga_site_auditor_t *a, const ga_probe_log_t *log,
                                       size_t *added, ga_error_t **err)
{
    if (added)
        *added = 0;
    if (!a || !log)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_add_probes: NULL argument");
    ga_observations_t *obs = ga_site_auditor_obs(a);
    if (!obs)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_auditor_add_probes: the audit is already finished");
    const char *site = ga_site_auditor_url(a);
    if (!site)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_auditor_add_probes: the site is not known yet (feed the "
                            "crawl first or set site_url)");
    return ga_probe_log_observe(log, site, obs, added, err);
}
