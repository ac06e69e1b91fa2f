/* Probe logs: one JSON line per probe written, logs of many runs read back as a site's
 * availability observations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json.h>

#include "probe-internal.h"
#include "score/score-internal.h"

/* Longest URL a log line may carry; longer lines are skipped as foreign. */
#define LOG_URL_MAX 8192
#define BEIJING_OFFSET (8 * 3600)

static ga_status_t nomem(ga_error_t **err)
{
    return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

/* ---- writing ---------------------------------------------------------------------------- */

/* Local time of `ms` as ISO 8601 with its UTC offset: 2023-08-15T09:30:00.125+08:00. */
static void iso_local(int64_t ms, char *buf, size_t cap)
{
    time_t s = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&s, &tm);
    int off = (int)(tm.tm_gmtoff / 60) % (24 * 60);
    char sign = off < 0 ? '-' : '+';
    off = off < 0 ? -off : off;
    snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", (tm.tm_year + 1900) % 10000,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000), sign,
             off / 60, off % 60);
}

static json_object *jstr(const char *s)
{
    char *c = s ? ga_utf8_clip(s, strlen(s), LOG_URL_MAX) : NULL;
    json_object *o = c ? json_object_new_string(c) : NULL;
    free(c);
    return o;
}

ga_status_t ga_probe_result_json(const ga_probe_results_t *r, size_t i, char **json, size_t *len,
                                 ga_error_t **err)
{
    if (!r || i >= r->n || !json)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_probe_result_json: bad argument");
    const pr_result_t *e = &r->v[i];
    char when[64];
    iso_local(e->time_ms, when, sizeof when);
    json_object *o = json_object_new_object();
    bool ok = o != NULL;
#define ADD(k, v) (ok = ok && json_object_object_add(o, k, v) == 0)
    ADD("url", jstr(e->url));
    ADD("time", json_object_new_string(when));
    ADD("ok", json_object_new_boolean(e->outcome == GA_PROBE_OK));
    ADD("status", e->status ? json_object_new_int(e->status) : NULL);
    ADD("elapsed_ms", json_object_new_int64(e->elapsed_ms));
    ADD("error", e->error ? jstr(e->error) : NULL);
    ADD("outcome", json_object_new_string(ga_probe_outcome_name(e->outcome)));
    ADD("family", e->family ? json_object_new_int(e->family) : NULL);
    ADD("redirects", json_object_new_int((int)e->redirects));
    if (e->tries > 1)
        ADD("tries", json_object_new_int((int)e->tries));
    if (e->ipv6 >= 0)
        ADD("ipv6", json_object_new_boolean(e->ipv6));
    if (e->cert_expiry != GA_TIME_NONE) {
        char t[24];
        ga_time_format(e->cert_expiry, 0, t);
        t[10] = 'T';
        strcat(t, "Z");
        ADD("cert_expiry", json_object_new_string(t));
    }
#undef ADD
    const char *s = ok ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE)
                       : NULL;
    *json = s ? strdup(s) : NULL;
    json_object_put(o);
    if (!*json)
        return nomem(err);
    if (len)
        *len = strlen(*json);
    return GA_OK;
}

/* ---- reading ---------------------------------------------------------------------------- */

typedef struct log_probe {
    char *site;          /* pr_url_site() of the URL */
    char *error;         /* the line's `error` when it failed, or NULL */
    int64_t time;        /* Beijing wall clock */
    uint32_t elapsed_ms;
    bool ok;
} log_probe_t;

struct ga_probe_log {
    log_probe_t *v;
    size_t n, cap;
    size_t skipped, first_skipped;
};

/* The UTC offset a time string ends with, in seconds; false when it has none. */
static bool time_offset(const char *s, size_t n, int64_t *off)
{
    if (n > 10 && s[n - 1] == 'Z') {
        *off = 0;
        return true;
    }
    /* [+-]HH:MM or [+-]HHMM after the date's own dashes */
    for (size_t k = n; k > 10; k--) {
        char c = s[k - 1];
        if (c != '+' && c != '-')
            continue;
        const char *z = s + k;
        size_t zn = n - k;
        int h, m;
        if (zn == 5 && z[2] == ':' && sscanf(z, "%2d:%2d", &h, &m) == 2) {
        } else if (zn == 4 && sscanf(z, "%2d%2d", &h, &m) == 2) {
        } else if (zn == 2 && sscanf(z, "%2d", &h) == 1) {
            m = 0;
        } else {
            return false;
        }
        if (h > 23 || m > 59 || h < 0 || m < 0)
            return false;
        *off = (c == '-' ? -1 : 1) * (int64_t)(h * 3600 + m * 60);
        return true;
    }
    return false;
}

static const char *field_str(json_object *o, const char *k)
{
    json_object *v;
    return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

/* One line into a probe; false when it is not one. */
static bool read_line(json_tokener *tok, const char *line, size_t n, log_probe_t *p, bool *oom)
{
    json_tokener_reset(tok);
    json_object *o = json_tokener_parse_ex(tok, line, (int)n);
    bool good = false;
    if (!o || json_tokener_get_error(tok) != json_tokener_success ||
        !json_object_is_type(o, json_type_object))
        goto done;
    /* nothing may follow the object on its line */
    size_t used = json_tokener_get_parse_end(tok);
    while (used < n && (line[used] == ' ' || line[used] == '\t' || line[used] == '\r'))
        used++;
    const char *url = field_str(o, "url"), *when = field_str(o, "time");
    json_object *okv, *el;
    if (used != n || !url || !when || !json_object_object_get_ex(o, "ok", &okv) ||
        !json_object_is_type(okv, json_type_boolean))
        goto done;
    char site[512];
    int64_t t, off = BEIJING_OFFSET;
    size_t wn = strlen(when);
    if (!pr_url_site(url, site, sizeof site) || ga_time_parse(when, wn, &t, NULL) != GA_OK)
        goto done;
    if (wn > 10 && !time_offset(when, wn, &off))
        off = BEIJING_OFFSET; /* no offset written: Beijing time, as score.h reads times */
    t = t - off + BEIJING_OFFSET;
    if (t < 0 || t >= 253402214400) /* 1970 to 9999-12-30: what observations accept */
        goto done;
    int64_t elapsed = 0;
    if (json_object_object_get_ex(o, "elapsed_ms", &el) && el) {
        if (!json_object_is_type(el, json_type_int) && !json_object_is_type(el, json_type_double))
            goto done;
        double d = json_object_get_double(el);
        if (!(d >= 0 && d < 4e9))
            goto done;
        elapsed = (int64_t)d;
    }
    p->time = t;
    p->ok = json_object_get_boolean(okv);
    p->elapsed_ms = (uint32_t)elapsed;
    const char *why = p->ok ? NULL : field_str(o, "error");
    p->site = strdup(site);
    p->error = why ? ga_utf8_clip(why, strlen(why), 200) : NULL;
    good = p->site && (!why || p->error);
    if (!good) {
        free(p->site);
        free(p->error);
        *oom = true;
    }
done:
    json_object_put(o);
    return good;
}

ga_status_t ga_probe_log_parse(const char *text, size_t len, ga_probe_log_t **out,
                               ga_error_t **err)
{
    if (out)
        *out = NULL;
    if (!out || (!text && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_probe_log_parse: NULL argument");
    ga_probe_log_t *log = calloc(1, sizeof *log);
    json_tokener *tok = json_tokener_new_ex(16);
    if (!log || !tok) {
        free(log);
        if (tok)
            json_tokener_free(tok);
        return nomem(err);
    }
    const char *p = text, *end = text ? text + len : NULL;
    size_t line = 0;
    bool oom = false;
    while (p && p < end && !oom) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((eol ? eol : end) - p);
        line++;
        size_t k = 0;
        while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
            k++;
        if (k < n) {
            log_probe_t pr;
            if (n <= LOG_URL_MAX + 1024 && n < (size_t)INT32_MAX &&
                read_line(tok, p, n, &pr, &oom)) {
                if (ga_grow((void **)&log->v, &log->cap, log->n + 1, sizeof *log->v))
                    log->v[log->n++] = pr;
                else {
                    free(pr.site);
                    free(pr.error);
                    oom = true;
                }
            } else if (!oom && !log->skipped++) {
                log->first_skipped = line;
            }
        }
        p = eol ? eol + 1 : end;
    }
    json_tokener_free(tok);
    if (oom) {
        ga_probe_log_free(log);
        return nomem(err);
    }
    *out = log;
    return GA_OK;
}

ga_status_t ga_probe_log_load(const char *path, ga_probe_log_t **out, ga_error_t **err)
{
    char *data;
    size_t len;
    if (out)
        *out = NULL;
    if (!path || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_probe_log_load: NULL argument");
    ga_status_t st = ga_read_file(path, &data, &len, err);
    if (st)
        return st;
    st = ga_probe_log_parse(data, len, out, err);
    free(data);
    return st;
}

void ga_probe_log_free(ga_probe_log_t *log)
{
    if (!log)
        return;
    for (size_t i = 0; i < log->n; i++) {
        free(log->v[i].site);
        free(log->v[i].error);
    }
    free(log->v);
    free(log);
}

size_t ga_probe_log_count(const ga_probe_log_t *log)
{
    return log ? log->n : 0;
}

size_t ga_probe_log_skipped(const ga_probe_log_t *log, size_t *first_line)
{
    if (first_line)
        *first_line = log && log->skipped ? log->first_skipped : 0;
    return log ? log->skipped : 0;
}

ga_status_t ga_probe_log_observe(const ga_probe_log_t *log, const char *site_url,
                                 ga_observations_t *obs, size_t *added, ga_error_t **err)
{
    if (added)
        *added = 0;
    if (!log || !site_url || !obs)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_probe_log_observe: NULL argument");
    char site[512];
    if (!pr_url_site(site_url, site, sizeof site))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_probe_log_observe: '%s' is not a URL with a host", site_url);
    size_t n = 0;
    for (size_t i = 0; i < log->n; i++) {
        const log_probe_t *p = &log->v[i];
        if (strcmp(p->site, site) != 0)
            continue;
        ga_status_t st = sc_obs_add_probe(obs, p->time, p->ok, p->elapsed_ms, p->error, err);
        if (st)
            return st;
        n++;
    }
    if (added)
        *added = n;
    return GA_OK;
}
