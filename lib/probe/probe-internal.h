/* Internal API of the probe module: address policy, page checks, robots.txt, the result
 * records the log writer and the site module read. */
#ifndef GA_PROBE_INTERNAL_H
#define GA_PROBE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <govaudit/probe.h>

#include "core/core-internal.h"

struct sockaddr;

/* NULL when the address may be connected to without GA_PROBE_ALLOW_PRIVATE, else why
 * not ("loopback", "private", "link-local", ...). */
const char *pr_address_class(const struct sockaddr *sa);

/* Why a 2xx page is not the site's page (a soft 404, an error or parked page), or NULL.
 * `body` is the page as served (any charset), `content_type` may be NULL. */
const char *pr_bad_page(const char *body, size_t len, const char *url,
                        const char *content_type, char *buf, size_t cap);

/* Parse the "Expire date" of libcurl's certificate info ("Mar 11 12:00:00 2027 GMT");
 * GA_TIME_NONE when it is not that. */
int64_t pr_cert_time(const char *s);

/* robots.txt rules for one user agent: longest match wins, Allow on a tie (RFC 9309). */
typedef struct pr_robots pr_robots_t;
/* Rules of the group naming `agent` (its product token), else of `*`; NULL when out of
 * memory. Any text is accepted: lines that are not rules are ignored. */
pr_robots_t *pr_robots_parse(const char *text, size_t len, const char *agent);
/* Whether `path` (path and query, starting with '/') may be fetched. */
bool pr_robots_allowed(const pr_robots_t *r, const char *path);
void pr_robots_free(pr_robots_t *r);

/* Host, lower-case, a leading "www." and a default port dropped, into buf; false when the
 * URL has no host. */
bool pr_url_site(const char *url, char *buf, size_t cap);

typedef struct pr_result {
    char *url, *final_url, *error;
    int64_t time_ms;
    ga_probe_outcome_t outcome;
    int status;
    uint32_t elapsed_ms;
    int family;
    unsigned redirects, tries;
    int ipv6;
    int64_t cert_expiry;
} pr_result_t;

struct ga_probe_results {
    pr_result_t *v;
    size_t n;
};

#endif
