/**
 * @file probe.h
 * @brief Availability probes and link re-checks over HTTP(S), and the probe logs the
 *        score reads (站点无法访问, W-V2).
 *
 * ga_probe_run() fetches many URLs at once over libcurl's multi interface (one thread, no
 * thread per site) and returns one ::ga_probe_results_t entry per URL: when the probe
 * started, its outcome (ok, an HTTP error status, a timeout, a refused connection, a DNS
 * failure, a TLS failure with its reason, ...), the time it took, the address family
 * used and the redirects followed. Optional checks (::ga_probe_flag): that a page is the
 * site's page and not an error page, a soft 404 or a parked domain; IPv6 reachability;
 * the HTTPS certificate's expiry. The same call re-checks a crawl's broken links
 * politely: several tries spaced apart, a per-host concurrency limit and delay, and
 * robots.txt when asked.
 *
 * Security: URLs come from crawls and logs, and the library often runs inside a
 * government network. Unless ::GA_PROBE_ALLOW_PRIVATE is set, no connection is made to a
 * loopback, private, link-local, shared, multicast or otherwise non-public address; the
 * check is made on every address DNS returns, for the first request and after every
 * redirect. Only http and https are followed, only GET or HEAD are sent, redirects,
 * body bytes and time are bounded, and proxies from the environment are not used.
 *
 * A probe log is JSON lines, one object per probe (ga_probe_result_json()): `url`,
 * `time` (ISO 8601 with the UTC offset), `ok`, `status` (or null), `elapsed_ms`, `error`
 * (or null), and more fields readers ignore. ga_probe_log_parse() reads such logs (the
 * concatenation of many runs, torn or foreign lines skipped and counted) and
 * ga_probe_log_observe() adds the probes of one site to its observations, so the
 * availability indicator is evaluated.
 */
#ifndef GOVAUDIT_PROBE_H
#define GOVAUDIT_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include <govaudit/core.h>
#include <govaudit/score.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Flags of ::ga_probe_options_t.flags. */
enum ga_probe_flag {
    /** Allow loopback, private, link-local and other internal addresses (a probe of a
     *  site inside one's own network, tests on 127.0.0.1). */
    GA_PROBE_ALLOW_PRIVATE = 1u << 0,
    /** Send HEAD instead of GET (no body: the page check does not apply). */
    GA_PROBE_HEAD = 1u << 1,
    /** A 2xx page must be a real page: one that says it is missing (页面不存在, 404: a
     *  soft 404), a server error or maintenance page, a parked or for-sale domain or a
     *  web server's default page gives ::GA_PROBE_BAD_PAGE. */
    GA_PROBE_CHECK_PAGE = 1u << 2,
    /** Also probe each URL over IPv6 alone: ga_probe_result_ipv6(). */
    GA_PROBE_IPV6 = 1u << 3,
    /** Record the HTTPS certificate's expiry: ga_probe_result_cert_expiry(). */
    GA_PROBE_CERT = 1u << 4,
    /** Fetch each host's robots.txt first and do not fetch what it disallows for the
     *  user agent (::GA_PROBE_ROBOTS_DISALLOWED). */
    GA_PROBE_ROBOTS = 1u << 5
};

/** Options of ga_probe_run(). Set `size` to sizeof(ga_probe_options_t) and zero the rest
 *  for the defaults. */
typedef struct ga_probe_options {
    size_t size;             /**< sizeof(ga_probe_options_t) */
    unsigned flags;          /**< ::ga_probe_flag bits */
    uint32_t timeout_ms;     /**< one try, redirects included; 0: 15000 (the 15 seconds of
                                  站点无法访问) */
    uint32_t max_redirects;  /**< redirects followed; 0: 5 */
    size_t max_body;         /**< body bytes read; the rest is not downloaded (the try
                                  still counts as ok); 0: 1 MiB */
    uint32_t parallel;       /**< transfers at once; 0: 256 */
    uint32_t per_host;       /**< transfers at once to one host; 0: no limit */
    uint32_t host_delay_ms;  /**< least time between two request starts on one host */
    uint32_t tries;          /**< tries of a URL that fails (a link re-check: 3); 0: 1 */
    uint32_t retry_delay_ms; /**< time between tries of one URL; 0: 2000 */
    const char *user_agent;  /**< User-Agent; NULL: "govaudit/VERSION" */
    const char *ca_file;     /**< PEM file of trusted certificates; NULL: the system's */
    /** Since 1.1: progress callback (core.h's rules), NULL for none: the stage `probes`,
     *  URLs whose probe is over (every try made) out of all of them (with
     *  ::GA_PROBE_IPV6 each URL counts twice). Cancelling stops every transfer and returns no results. */
    ga_progress_fn progress;
    /** Since 1.1: passed back to `progress` as its `user`. */
    void *progress_user;
} ga_probe_options_t;
/** Size of ::ga_probe_options_t before `progress`: the smallest `size` accepted. */
#define GA_PROBE_OPTIONS_SIZE_1_0 (offsetof(ga_probe_options_t, progress))

/** Outcome of a probe. Values are stable. */
typedef enum ga_probe_outcome {
    GA_PROBE_OK = 0,         /**< a 2xx or 3xx answer (after redirects) */
    GA_PROBE_HTTP_ERROR = 1, /**< an answer with status 400 or more */
    GA_PROBE_TIMEOUT = 2,    /**< no complete answer within the timeout */
    GA_PROBE_REFUSED = 3,    /**< the connection was refused or the host unreachable */
    GA_PROBE_DNS = 4,        /**< the host name does not resolve */
    GA_PROBE_TLS = 5,        /**< the TLS handshake or the certificate failed (reason in
                                  ga_probe_result_error()) */
    GA_PROBE_BROKEN = 6,     /**< the connection broke: reset, closed mid-body, nothing sent */
    GA_PROBE_REDIRECTS = 7,  /**< more redirects than allowed (a loop) */
    GA_PROBE_BLOCKED = 8,    /**< every address is internal and ::GA_PROBE_ALLOW_PRIVATE is
                                  not set: nothing was sent */
    GA_PROBE_BAD_URL = 9,    /**< not an http(s) URL, or a redirect to another scheme */
    GA_PROBE_BAD_PAGE = 10,  /**< ::GA_PROBE_CHECK_PAGE: a 2xx error page, soft 404 or parked
                                  domain */
    GA_PROBE_ROBOTS_DISALLOWED = 11, /**< ::GA_PROBE_ROBOTS: not fetched */
    GA_PROBE_FAILED = 12     /**< another network failure (reason in the error) */
} ga_probe_outcome_t;

/** The outcome's short name: `ok`, `http`, `timeout`, `refused`, `dns`, `tls`, `broken`,
 *  `redirects`, `blocked`, `bad-url`, `bad-page`, `robots`, `failed`. */
GA_API const char *ga_probe_outcome_name(ga_probe_outcome_t outcome);

/** The results of one ga_probe_run(), one entry per URL in the order given. */
typedef struct ga_probe_results ga_probe_results_t;

/**
 * Probe `n` URLs at once and wait for every one of them (about one timeout for a round
 * whose servers never answer, as long as `n` ≤ `parallel`). Network failures are
 * outcomes of the results, not errors; errors are GA_ERR_INVALID_ARGUMENT (NULL
 * arguments, a bad `options->size`), GA_ERR_NO_MEMORY and GA_ERR_IO (libcurl could not
 * be set up).
 */
GA_API ga_status_t ga_probe_run(const char *const *urls, size_t n,
                                const ga_probe_options_t *options, ga_probe_results_t **out,
                                ga_error_t **err);
/** Release results; NULL is allowed. */
GA_API void ga_probe_results_free(ga_probe_results_t *r);
/** Number of entries. */
GA_API size_t ga_probe_results_count(const ga_probe_results_t *r);
/** URL `i` as given, or NULL when `i` is out of range (as for every accessor below,
 *  which then return 0, GA_TIME_NONE or NULL). */
GA_API const char *ga_probe_result_url(const ga_probe_results_t *r, size_t i);
/** When the last try started: milliseconds since 1970-01-01 00:00 UTC. */
GA_API int64_t ga_probe_result_time_ms(const ga_probe_results_t *r, size_t i);
/** The outcome of the last try. */
GA_API ga_probe_outcome_t ga_probe_result_outcome(const ga_probe_results_t *r, size_t i);
/** 1 when the outcome is ::GA_PROBE_OK, else 0. */
GA_API int ga_probe_result_ok(const ga_probe_results_t *r, size_t i);
/** HTTP status of the last answer (after redirects), 0 when none came. */
GA_API int ga_probe_result_status(const ga_probe_results_t *r, size_t i);
/** Milliseconds the last try took. */
GA_API uint32_t ga_probe_result_elapsed_ms(const ga_probe_results_t *r, size_t i);
/** A short reason for a failure ("HTTP 503", "timeout after 15000 ms", "SSL certificate
 *  problem: self-signed certificate", "address 10.0.0.1 is internal (private)"), NULL
 *  when ok. */
GA_API const char *ga_probe_result_error(const ga_probe_results_t *r, size_t i);
/** Address family of the connection: 4, 6, or 0 when none was made. */
GA_API int ga_probe_result_family(const ga_probe_results_t *r, size_t i);
/** Redirects followed. */
GA_API unsigned ga_probe_result_redirects(const ga_probe_results_t *r, size_t i);
/** The URL last requested (after redirects), or NULL when no request was sent. */
GA_API const char *ga_probe_result_final_url(const ga_probe_results_t *r, size_t i);
/** Tries made (more than one only when ::ga_probe_options_t.tries allows it). */
GA_API unsigned ga_probe_result_tries(const ga_probe_results_t *r, size_t i);
/** ::GA_PROBE_IPV6: 1 when the URL opened over IPv6 alone, 0 when not, -1 when not
 *  checked. */
GA_API int ga_probe_result_ipv6(const ga_probe_results_t *r, size_t i);
/** ::GA_PROBE_CERT: the server certificate's expiry (seconds since 1970-01-01 UTC), or
 *  GA_TIME_NONE (not HTTPS, not asked, or no certificate seen). */
GA_API int64_t ga_probe_result_cert_expiry(const ga_probe_results_t *r, size_t i);
/**
 * Entry `i` as one probe-log line (JSON, no newline): `url`, `time` (local time, ISO
 * 8601 with its UTC offset), `ok`, `status` (null when no answer), `elapsed_ms`, `error`
 * (null when ok), `outcome`, `family`, `redirects`, and `ipv6`, `cert_expiry` when
 * checked. Release with ga_string_free().
 */
GA_API ga_status_t ga_probe_result_json(const ga_probe_results_t *r, size_t i, char **json,
                                        size_t *len, ga_error_t **err);

/** Probes read from logs. */
typedef struct ga_probe_log ga_probe_log_t;

/**
 * Read a probe log (JSON lines as ga_probe_result_json() writes them; logs of several
 * runs may be concatenated). A line that is not a probe (torn by a crash, foreign, a
 * bad time) is skipped and counted (ga_probe_log_skipped()); blank lines are ignored.
 * Fails only with GA_ERR_NO_MEMORY (or GA_ERR_INVALID_ARGUMENT for NULL arguments).
 */
GA_API ga_status_t ga_probe_log_parse(const char *text, size_t len, ga_probe_log_t **out,
                                      ga_error_t **err);
/** Read and parse a log file. */
GA_API ga_status_t ga_probe_log_load(const char *path, ga_probe_log_t **out, ga_error_t **err);
/** Release a log; NULL is allowed. */
GA_API void ga_probe_log_free(ga_probe_log_t *log);
/** Probes read. */
GA_API size_t ga_probe_log_count(const ga_probe_log_t *log);
/** Lines skipped; `*first_line` (may be NULL) receives the first one's 1-based number. */
GA_API size_t ga_probe_log_skipped(const ga_probe_log_t *log, size_t *first_line);
/**
 * Add the probes of the site of `site_url` to `obs` as availability probes: those whose
 * URL has the same host (letter case, a leading `www.`, the scheme and a default port
 * ignored). Times become Beijing wall-clock time (UTC+8), the clock score.h compares.
 * `*added` (may be NULL) receives the number added. Fails with GA_ERR_INVALID_ARGUMENT
 * when `site_url` has no host.
 */
GA_API ga_status_t ga_probe_log_observe(const ga_probe_log_t *log, const char *site_url,
                                        ga_observations_t *obs, size_t *added,
                                        ga_error_t **err);

#ifdef __cplusplus
}
#endif

#endif
