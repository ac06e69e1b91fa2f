/* Probes over libcurl's multi interface: one scheduler for availability rounds and link
 * re-checks (tries, per-host limits and delays, robots.txt), with the address policy
 * applied to every socket libcurl opens. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include <curl/curl.h>

#include <govaudit/version.h>

#include "probe-internal.h"

#define ROBOTS_MAX ((size_t)512 << 10) /* RFC 9309: at least 500 KiB are parsed */
#define ROBOTS_TIMEOUT_MS 10000

typedef enum job_kind { JOB_MAIN, JOB_IPV6, JOB_ROBOTS } job_kind_t;

typedef struct job {
    job_kind_t kind;
    size_t entry;        /* result index (JOB_MAIN, JOB_IPV6) or host index (JOB_ROBOTS) */
    size_t host;         /* host index, SIZE_MAX when the URL has none */
    unsigned tries;
    int64_t not_before;  /* monotonic ms */
    bool done;
    struct xfer *x;      /* the transfer in flight, or NULL */
} job_t;

typedef enum robots_state { ROBOTS_UNKNOWN, ROBOTS_FETCHING, ROBOTS_READY } robots_state_t;

typedef struct host {
    char *origin;        /* "https://host:port", the key */
    unsigned active;
    int64_t next_start;  /* monotonic ms */
    robots_state_t robots_state;
    pr_robots_t *robots; /* NULL: everything allowed */
    bool robots_deny_all;
} host_t;

/* One transfer in flight. */
typedef struct xfer {
    size_t job;
    CURL *easy;
    ga_buf_t body;
    size_t limit, seen;
    bool keep;           /* keep the body (page check, robots.txt) */
    bool truncated;      /* stopped at the body limit */
    bool allow_private;
    const char *blocked; /* class of the last address refused, or NULL */
    char blocked_addr[INET6_ADDRSTRLEN];
    int64_t start_ms;    /* wall clock */
    char errbuf[CURL_ERROR_SIZE];
} xfer_t;

typedef struct run {
    ga_probe_options_t o;
    char user_agent[64];
    CURLM *multi;
    pr_result_t *res;
    size_t n;
    job_t *jobs;
    size_t njobs, capjobs;
    host_t *hosts;
    size_t nhosts, caphosts;
    uint32_t *slots; /* hash table of hosts by origin: index + 1, 0 empty */
    size_t capslots;
    size_t *pending; /* job indexes not started or waiting for a retry */
    size_t npending, cappending;
    size_t active, left;
    CURL **idle; /* easy handles to reuse */
    size_t nidle, capidle;
} run_t;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- hosts ------------------------------------------------------------------------- */

/* "scheme://host[:port]" of an http(s) URL (lower-case scheme and host), or false. */
static bool url_origin(const char *url, char *buf, size_t cap)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL;
    bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK;
    if (ok) {
        for (char *p = host; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        ok = (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) &&
             (size_t)snprintf(buf, cap, "%s://%s:%s", scheme, host, port) < cap;
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return ok;
}

/* The path and query of a URL ("/" when empty) into buf. */
static void url_path(const char *url, char *buf, size_t cap)
{
    CURLU *u = curl_url();
    char *path = NULL, *query = NULL;
    snprintf(buf, cap, "/");
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK) {
        curl_url_get(u, CURLUPART_QUERY, &query, 0);
        snprintf(buf, cap, "%s%s%s", path[0] ? path : "/", query ? "?" : "", query ? query : "");
    }
    curl_free(path);
    curl_free(query);
    curl_url_cleanup(u);
}

/* The slot of `origin` in the host table (open addressing): its index + 1, or 0 there. */
static uint32_t *host_slot(run_t *r, const char *origin, uint64_t h)
{
    size_t mask = r->capslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        uint32_t *slot = &r->slots[i];
        if (!*slot || strcmp(r->hosts[*slot - 1].origin, origin) == 0)
            return slot;
    }
}

static bool host_index(run_t *r, const char *url, size_t *out)
{
    char origin[512];
    *out = SIZE_MAX;
    if (!url_origin(url, origin, sizeof origin))
        return true;
    if (2 * (r->nhosts + 1) > r->capslots) { /* keep the table at most half full */
        size_t cap = r->capslots ? 2 * r->capslots : 64;
        uint32_t *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return false;
        free(r->slots);
        r->slots = slots;
        r->capslots = cap;
        for (size_t i = 0; i < r->nhosts; i++) {
            const char *o = r->hosts[i].origin;
            *host_slot(r, o, ga_hash64(o, strlen(o), 0)) = (uint32_t)i + 1;
        }
    }
    uint32_t *slot = host_slot(r, origin, ga_hash64(origin, strlen(origin), 0));
    if (*slot) {
        *out = *slot - 1;
        return true;
    }
    if (r->nhosts >= UINT32_MAX - 1 ||
        !ga_grow((void **)&r->hosts, &r->caphosts, r->nhosts + 1, sizeof *r->hosts))
        return false;
    host_t *h = &r->hosts[r->nhosts];
    memset(h, 0, sizeof *h);
    if (!(h->origin = strdup(origin)))
        return false;
    *slot = (uint32_t)r->nhosts + 1;
    *out = r->nhosts++;
    return true;
}

static bool add_job(run_t *r, job_kind_t kind, size_t entry, size_t host)
{
    if (!ga_grow((void **)&r->jobs, &r->capjobs, r->njobs + 1, sizeof *r->jobs) ||
        !ga_grow((void **)&r->pending, &r->cappending, r->njobs + 1, sizeof *r->pending))
        return false;
    r->jobs[r->njobs] = (job_t){.kind = kind, .entry = entry, .host = host};
    r->pending[r->npending++] = r->njobs++;
    if (kind != JOB_ROBOTS)
        r->left++;
    return true;
}

/* ---- transfers ----------------------------------------------------------------------- */

static curl_socket_t open_socket(void *data, curlsocktype purpose, struct curl_sockaddr *a)
{
    xfer_t *x = data;
    (void)purpose;
    const char *why = x->allow_private ? NULL : pr_address_class(&a->addr);
    if (why) {
        x->blocked = why;
        const void *ip = a->family == AF_INET6
                             ? (const void *)&((const struct sockaddr_in6 *)&a->addr)->sin6_addr
                             : (const void *)&((const struct sockaddr_in *)&a->addr)->sin_addr;
        if (!inet_ntop(a->family, ip, x->blocked_addr, sizeof x->blocked_addr))
            snprintf(x->blocked_addr, sizeof x->blocked_addr, "?");
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
    xfer_t *x = user;
    size_t n = size * nmemb, take = n;
    if (x->seen + take > x->limit) {
        take = x->limit - x->seen;
        x->truncated = true;
    }
    x->seen += take;
    if (x->keep && take && !ga_buf_append(&x->body, data, take))
        return 0;
    return x->truncated ? take : n; /* a short count stops the download at the limit */
}

static ga_status_t nomem(ga_error_t **err)
{
    return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

static const char *job_url(const run_t *r, const job_t *j, char *buf, size_t cap)
{
    if (j->kind != JOB_ROBOTS)
        return r->res[j->entry].url;
    snprintf(buf, cap, "%s/robots.txt", r->hosts[j->entry].origin);
    return buf;
}

static bool start(run_t *r, size_t jid)
{
    job_t *j = &r->jobs[jid];
    char rb[600];
    const char *url = job_url(r, j, rb, sizeof rb);
    xfer_t *x = calloc(1, sizeof *x);
    if (!x)
        return false;
    CURL *e = r->nidle ? r->idle[--r->nidle] : curl_easy_init();
    if (!e) {
        free(x);
        return false;
    }
    curl_easy_reset(e);
    x->job = jid;
    x->easy = e;
    x->allow_private = r->o.flags & GA_PROBE_ALLOW_PRIVATE;
    x->keep = j->kind == JOB_ROBOTS || (r->o.flags & GA_PROBE_CHECK_PAGE);
    x->limit = j->kind == JOB_ROBOTS ? ROBOTS_MAX : r->o.max_body;
    x->start_ms = wall_ms();
    long timeout = j->kind == JOB_ROBOTS && r->o.timeout_ms > ROBOTS_TIMEOUT_MS
                       ? ROBOTS_TIMEOUT_MS
                       : (long)r->o.timeout_ms;
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, x);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)r->o.max_redirects);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(e, CURLOPT_USERAGENT, r->o.user_agent ? r->o.user_agent : r->user_agent);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    if (r->o.ca_file)
        curl_easy_setopt(e, CURLOPT_CAINFO, r->o.ca_file);
    if (j->kind != JOB_ROBOTS && (r->o.flags & GA_PROBE_HEAD))
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    if (j->kind == JOB_IPV6)
        curl_easy_setopt(e, CURLOPT_IPRESOLVE, (long)CURL_IPRESOLVE_V6);
    if (j->kind == JOB_MAIN && (r->o.flags & GA_PROBE_CERT))
        curl_easy_setopt(e, CURLOPT_CERTINFO, 1L);
    if (curl_multi_add_handle(r->multi, e) != CURLM_OK) {
        curl_easy_cleanup(e);
        free(x);
        return false;
    }
    j->tries++;
    j->x = x;
    r->active++;
    if (j->host != SIZE_MAX) {
        host_t *h = &r->hosts[j->host];
        h->active++;
        h->next_start = mono_ms() + r->o.host_delay_ms;
    }
    return true;
}

static ga_probe_outcome_t classify(CURLcode rc, const xfer_t *x, int status)
{
    switch (rc) {
    case CURLE_OK:
        return status >= 400 ? GA_PROBE_HTTP_ERROR : GA_PROBE_OK;
    case CURLE_WRITE_ERROR:
        return x->truncated ? (status >= 400 ? GA_PROBE_HTTP_ERROR : GA_PROBE_OK) : GA_PROBE_FAILED;
    case CURLE_OPERATION_TIMEDOUT:
        return GA_PROBE_TIMEOUT;
    case CURLE_COULDNT_CONNECT:
        return x->blocked ? GA_PROBE_BLOCKED : GA_PROBE_REFUSED;
    case CURLE_COULDNT_RESOLVE_HOST:
        return GA_PROBE_DNS;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
        return GA_PROBE_TLS;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_WEIRD_SERVER_REPLY:
        return GA_PROBE_BROKEN;
    case CURLE_TOO_MANY_REDIRECTS:
        return GA_PROBE_REDIRECTS;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        return GA_PROBE_BAD_URL;
    default:
        return GA_PROBE_FAILED;
    }
}

/* The reason of a failed try, into buf. */
static void reason(const xfer_t *x, CURLcode rc, ga_probe_outcome_t oc, int status,
                   uint32_t timeout_ms, char *buf, size_t cap)
{
    switch (oc) {
    case GA_PROBE_HTTP_ERROR:
        snprintf(buf, cap, "HTTP %d", status);
        break;
    case GA_PROBE_TIMEOUT:
        snprintf(buf, cap, "timeout after %u ms", timeout_ms);
        break;
    case GA_PROBE_BLOCKED:
        snprintf(buf, cap, "address %s is internal (%s); not allowed", x->blocked_addr, x->blocked);
        break;
    default:
        snprintf(buf, cap, "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
        break;
    }
}

static void robots_done(run_t *r, job_t *j, const xfer_t *x, CURLcode rc, int status)
{
    host_t *h = &r->hosts[j->entry];
    h->robots_state = ROBOTS_READY;
    if ((rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && x->truncated)) && status >= 200 &&
        status < 300)
        h->robots = pr_robots_parse(x->body.data ? x->body.data : "", x->body.len, "govaudit");
    else if (rc == CURLE_OK && status >= 500)
        h->robots_deny_all = true; /* RFC 9309: a server error means "disallow all" */
    /* 4xx and network failures: no rules (the probes themselves then find the failure) */
}

/* The end of one transfer: record the try, retry later, or finish the job. */
static bool finish(run_t *r, CURLMsg *msg)
{
    CURL *e = msg->easy_handle;
    xfer_t *x = NULL;
    curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&x);
    CURLcode rc = msg->data.result;
    curl_multi_remove_handle(r->multi, e);
    job_t *j = &r->jobs[x->job];
    j->x = NULL;
    r->active--;
    if (j->host != SIZE_MAX)
        r->hosts[j->host].active--;
    long status = 0, redirects = 0;
    curl_off_t total_us = 0;
    char *ip = NULL, *eff = NULL;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &redirects);
    curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &total_us);
    curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip);
    curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
    bool ok = true;

    if (j->kind == JOB_ROBOTS) {
        robots_done(r, j, x, rc, (int)status);
        j->done = true;
    } else {
        ga_probe_outcome_t oc = classify(rc, x, (int)status);
        char why[CURL_ERROR_SIZE + 128];
        why[0] = 0;
        if (oc != GA_PROBE_OK)
            reason(x, rc, oc, (int)status, r->o.timeout_ms, why, sizeof why);
        else if (j->kind == JOB_MAIN && (r->o.flags & GA_PROBE_CHECK_PAGE) &&
                 !(r->o.flags & GA_PROBE_HEAD) && status >= 200 && status < 300) {
            char *ct = NULL;
            curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct);
            if (pr_bad_page(x->body.data ? x->body.data : "", x->body.len, eff, ct, why,
                            sizeof why))
                oc = GA_PROBE_BAD_PAGE;
        }
        pr_result_t *res = &r->res[j->entry];
        if (j->kind == JOB_IPV6) {
            res->ipv6 = oc == GA_PROBE_OK;
        } else {
            res->time_ms = x->start_ms;
            res->outcome = oc;
            res->status = (int)status;
            res->elapsed_ms = (uint32_t)(total_us / 1000);
            res->family = ip && ip[0] ? (strchr(ip, ':') ? 6 : 4) : 0;
            res->redirects = (unsigned)redirects;
            res->tries = j->tries;
            free(res->error);
            free(res->final_url);
            res->error = res->final_url = NULL;
            if (why[0] && !(res->error = ga_utf8_clip(why, strlen(why), 300)))
                ok = false;
            if (status && eff && !(res->final_url = strdup(eff)))
                ok = false;
            if (r->o.flags & GA_PROBE_CERT) {
                struct curl_certinfo *ci = NULL;
                if (curl_easy_getinfo(e, CURLINFO_CERTINFO, &ci) == CURLE_OK && ci &&
                    ci->num_of_certs > 0)
                    for (struct curl_slist *s = ci->certinfo[0]; s; s = s->next)
                        if (strncmp(s->data, "Expire date:", 12) == 0)
                            res->cert_expiry = pr_cert_time(s->data + 12);
            }
        }
        /* Retry what failed for a reason that may pass; a refusal by policy, a bad URL or
         * robots will not change. */
        bool retry = j->kind == JOB_MAIN && oc != GA_PROBE_OK && oc != GA_PROBE_BLOCKED &&
                     oc != GA_PROBE_BAD_URL && j->tries < r->o.tries;
        if (retry) {
            j->not_before = mono_ms() + r->o.retry_delay_ms;
            r->pending[r->npending++] = x->job;
        } else {
            j->done = true;
            r->left--;
        }
    }
    ga_buf_free(&x->body);
    free(x);
    if (r->nidle < r->capidle)
        r->idle[r->nidle++] = e;
    else
        curl_easy_cleanup(e);
    return ok;
}

static void finish_unfetched(run_t *r, size_t jid, ga_probe_outcome_t oc, const char *why)
{
    job_t *j = &r->jobs[jid];
    pr_result_t *res = &r->res[j->entry];
    j->done = true;
    r->left--;
    if (j->kind == JOB_IPV6) {
        res->ipv6 = 0;
        return;
    }
    res->time_ms = wall_ms();
    res->outcome = oc;
    free(res->error);
    res->error = why ? strdup(why) : NULL;
}

/* Start what may start now; returns false when out of memory. `*wake` receives the
 * soonest time a waiting job may start (INT64_MAX: none waits on time). */
static bool schedule(run_t *r, int64_t *wake)
{
    int64_t now = mono_ms();
    *wake = INT64_MAX;
    size_t keep = 0;
    for (size_t k = 0; k < r->npending; k++) {
        size_t jid = r->pending[k];
        job_t *j = &r->jobs[jid];
        bool started = false, waiting = true;
        host_t *h = j->host != SIZE_MAX ? &r->hosts[j->host] : NULL;
        if (r->active >= r->o.parallel) {
            /* full: the rest waits, in order */
            memmove(&r->pending[keep], &r->pending[k], (r->npending - k) * sizeof *r->pending);
            keep += r->npending - k;
            break;
        }
        if (j->not_before > now) {
            *wake = j->not_before < *wake ? j->not_before : *wake;
        } else if (!h) {
            finish_unfetched(r, jid, GA_PROBE_BAD_URL, "not an http or https URL");
            waiting = false;
        } else if (j->kind != JOB_ROBOTS && (r->o.flags & GA_PROBE_ROBOTS) &&
                   h->robots_state != ROBOTS_READY) {
            if (h->robots_state == ROBOTS_UNKNOWN) {
                h->robots_state = ROBOTS_FETCHING;
                /* appended to pending: this pass reaches it and starts it */
                if (!add_job(r, JOB_ROBOTS, j->host, j->host))
                    return false;
                j = &r->jobs[jid];
            }
        } else if (r->o.per_host && h->active >= r->o.per_host) {
            /* the host is busy: a finishing transfer wakes the loop */
        } else if (h->next_start > now) {
            *wake = h->next_start < *wake ? h->next_start : *wake;
        } else {
            char path[2048];
            if (j->kind != JOB_ROBOTS && (r->o.flags & GA_PROBE_ROBOTS)) {
                url_path(r->res[j->entry].url, path, sizeof path);
                if (h->robots_deny_all || (h->robots && !pr_robots_allowed(h->robots, path))) {
                    finish_unfetched(r, jid, GA_PROBE_ROBOTS_DISALLOWED,
                                     "disallowed by robots.txt");
                    waiting = false;
                }
            }
            if (waiting) {
                if (!start(r, jid))
                    return false;
                started = true;
            }
        }
        if (waiting && !started)
            r->pending[keep++] = jid;
    }
    r->npending = keep;
    return true;
}

static void run_free(run_t *r)
{
    for (size_t i = 0; i < r->nidle; i++)
        curl_easy_cleanup(r->idle[i]);
    free(r->idle);
    for (size_t i = 0; i < r->nhosts; i++) {
        free(r->hosts[i].origin);
        pr_robots_free(r->hosts[i].robots);
    }
    free(r->hosts);
    free(r->slots);
    free(r->jobs);
    free(r->pending);
    if (r->multi)
        curl_multi_cleanup(r->multi);
}

/* Abandon the transfers still running (after an error). */
static void abandon(run_t *r)
{
    for (size_t i = 0; i < r->njobs; i++) {
        xfer_t *x = r->jobs[i].x;
        if (!x)
            continue;
        curl_multi_remove_handle(r->multi, x->easy);
        curl_easy_cleanup(x->easy);
        ga_buf_free(&x->body);
        free(x);
        r->jobs[i].x = NULL;
    }
}

static size_t default_parallel(void)
{
    /* Each transfer holds a socket; leave room below the descriptor limit. */
    struct rlimit rl;
    size_t p = 256;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 600)
        p = rl.rlim_cur > 64 ? (size_t)(rl.rlim_cur - 32) / 2 : 8;
    return p;
}

ga_status_t ga_probe_run(const char *const *urls, size_t n, const ga_probe_options_t *options,
                         ga_probe_results_t **out, ga_error_t **err)
{
    if (out)
        *out = NULL;
    if (!out || (!urls && n))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_probe_run: NULL argument");
    for (size_t i = 0; i < n; i++)
        if (!urls[i])
            return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_probe_run: URL %zu is NULL", i);
    run_t r;
    memset(&r, 0, sizeof r);
    ga_status_t st = ga_options_read(&r.o, sizeof r.o, options, GA_PROBE_OPTIONS_SIZE_1_0,
                                     "ga_probe_options_t", err);
    if (st)
        return st;
    if (!r.o.timeout_ms)
        r.o.timeout_ms = 15000;
    if (!r.o.max_redirects)
        r.o.max_redirects = 5;
    if (!r.o.max_body)
        r.o.max_body = (size_t)1 << 20;
    if (!r.o.parallel)
        r.o.parallel = (uint32_t)default_parallel();
    if (!r.o.tries)
        r.o.tries = 1;
    if (!r.o.retry_delay_ms)
        r.o.retry_delay_ms = 2000;
    snprintf(r.user_agent, sizeof r.user_agent, "govaudit/%s", ga_version_string());

    ga_probe_results_t *res = calloc(1, sizeof *res);
    if (!res || (n && !(res->v = calloc(n, sizeof *res->v)))) {
        free(res);
        return nomem(err);
    }
    res->n = n;
    r.res = res->v;
    r.n = n;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        res->v[i].ipv6 = -1;
        res->v[i].cert_expiry = GA_TIME_NONE;
        ok = (res->v[i].url = strdup(urls[i])) != NULL;
    }
    /* curl_global_init is not thread-safe before 7.84; since then it is, and repeats are
     * counted, so a library can call it. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        ga_probe_results_free(res);
        return ga_error_set(err, GA_ERR_IO, "libcurl could not be initialised");
    }
    r.multi = curl_multi_init();
    if (!r.multi) {
        curl_global_cleanup();
        ga_probe_results_free(res);
        return ga_error_set(err, GA_ERR_IO, "libcurl could not be initialised");
    }
    curl_multi_setopt(r.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)r.o.per_host);
    r.capidle = 64;
    ok = ok && (r.idle = calloc(r.capidle, sizeof *r.idle)) != NULL;
    for (size_t i = 0; i < n && ok; i++) {
        size_t h;
        ok = host_index(&r, urls[i], &h) && add_job(&r, JOB_MAIN, i, h);
        if (ok && (r.o.flags & GA_PROBE_IPV6))
            ok = add_job(&r, JOB_IPV6, i, h);
    }
    ga_progress_state_t pr;
    ga_progress_init(&pr, r.o.progress, r.o.progress_user);
    if (ok && ga_progress_stage(&pr, "probes", r.njobs))
        st = ga_progress_cancelled(&pr, err);
    /* A job is in `pending` at most once and add_job() keeps room for every job, so a
     * retry re-entering it in finish() needs no allocation. */
    while (ok && !st && r.left) {
        int64_t wake;
        if (!(ok = schedule(&r, &wake)))
            break;
        int running = 0;
        if (curl_multi_perform(r.multi, &running) != CURLM_OK) {
            st = ga_error_set(err, GA_ERR_IO, "libcurl's multi interface failed");
            break;
        }
        CURLMsg *msg;
        int queued;
        bool progressed = false;
        while (ok && (msg = curl_multi_info_read(r.multi, &queued)))
            if (msg->msg == CURLMSG_DONE) {
                ok = finish(&r, msg);
                progressed = true;
            }
        /* Read the clock every round, not only when a probe ends: a round of servers that
         * never answer still reports and can be cancelled. Rounds are few (each waits
         * for network events), so this costs nothing. */
        if (ok && pr.fn && ga_progress_report(&pr, r.njobs - r.left, 0)) {
            st = ga_progress_cancelled(&pr, err);
            break;
        }
        if (!ok || !r.left)
            break;
        if (progressed)
            continue; /* finished transfers may let waiting jobs start */
        int wait = 1000;
        if (wake != INT64_MAX) {
            int64_t d = wake - mono_ms();
            wait = d < 0 ? 0 : d < wait ? (int)d : wait;
        }
        curl_multi_poll(r.multi, NULL, 0, wait, NULL);
    }
    if (!ok && !st)
        st = nomem(err);
    if (!st && ga_progress_end(&pr, r.njobs - r.left, 0))
        st = ga_progress_cancelled(&pr, err);
    if (st)
        abandon(&r);
    run_free(&r);
    curl_global_cleanup();
    if (st) {
        ga_probe_results_free(res);
        return st;
    }
    *out = res;
    return GA_OK;
}
