/* Attachments in a site audit: every attachment the crawl holds is extracted (attach.h)
 * and its text goes through the checks of an article body; findings carry the
 * attachment's URL, the place in it and a page that links it. Attachments that fail to
 * download or to parse, and those linked but missing from the crawl, are listed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <govaudit/attach.h>

#include "site-internal.h"

/* Open-addressing map from URL hashes to attachment indexes + 1. */
struct ga_site_attach_index {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, n;
};

static ga_status_t nomem(ga_error_t **err)
{
    return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

bool ga_site_attachment_url(const char *url)
{
    static const char *const ext[] = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et",
                                      ".ppt", ".pptx", ".zip", ".rar", ".7z", ".ofd", ".ceb",
                                      NULL};
    size_t n = strcspn(url, "?#");
    for (size_t i = 0; ext[i]; i++) {
        size_t k = strlen(ext[i]);
        if (n > k && strncasecmp(url + n - k, ext[i], k) == 0)
            return true;
    }
    return false;
}

static uint64_t url_hash(const char *url)
{
    uint64_t h = ga_hash64(url, strlen(url), 0xA77Au);
    return h ? h : 1;
}

/* Slot of `h` (its value, or the empty slot where it would go); NULL when out of memory. */
static uint32_t *slot_of(ga_site_attach_index_t *ix, uint64_t h)
{
    if (ix->n * 2 >= ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 64;
        uint64_t *k = calloc(cap, sizeof *k);
        uint32_t *v = calloc(cap, sizeof *v);
        if (!k || !v) {
            free(k);
            free(v);
            return NULL;
        }
        for (size_t i = 0; i < ix->cap; i++) {
            if (!ix->keys[i])
                continue;
            size_t j = ix->keys[i] & (cap - 1);
            while (k[j])
                j = (j + 1) & (cap - 1);
            k[j] = ix->keys[i];
            v[j] = ix->vals[i];
        }
        free(ix->keys);
        free(ix->vals);
        ix->keys = k;
        ix->vals = v;
        ix->cap = cap;
    }
    size_t j = h & (ix->cap - 1);
    while (ix->keys[j] && ix->keys[j] != h)
        j = (j + 1) & (ix->cap - 1);
    ix->keys[j] = h;
    return &ix->vals[j];
}

/* The record of `url`: existing, or new when `create` (NULL when not found, past the
 * limit, or out of memory: *oom tells). */
static ga_site_attachment_t *record(ga_site_result_t *res, const char *url, bool create,
                                    bool *oom)
{
    *oom = false;
    if (!res->attach_index && !(res->attach_index = calloc(1, sizeof *res->attach_index))) {
        *oom = true;
        return NULL;
    }
    ga_site_attach_index_t *ix = res->attach_index;
    uint64_t h = url_hash(url);
    if (ix->cap) {
        size_t j = h & (ix->cap - 1);
        while (ix->keys[j] && ix->keys[j] != h)
            j = (j + 1) & (ix->cap - 1);
        if (ix->keys[j] == h && strcmp(res->attachments.v[ix->vals[j] - 1].url, url) == 0)
            return &res->attachments.v[ix->vals[j] - 1];
        if (ix->keys[j] == h)
            return NULL; /* a colliding URL: the first one keeps the slot */
    }
    if (!create || res->attachments.n >= GA_SITE_MAX_ATTACHMENTS)
        return NULL;
    uint32_t *slot = slot_of(ix, h);
    ga_site_attachment_t *r = slot ? GA_SITE_PUSH(res->attachments) : NULL;
    if (!r || !(r->url = strdup(url))) {
        if (r)
            res->attachments.n--;
        if (slot)
            ix->keys[slot - ix->vals] = 0; /* not taken after all */
        *oom = true;
        return NULL;
    }
    *slot = (uint32_t)res->attachments.n;
    ix->n++;
    r->status = -1;
    r->format = "";
    return r;
}

ga_status_t ga_site_attachment_link(ga_site_result_t *res, const char *url, const char *page,
                                    const char *text, ga_error_t **err)
{
    bool oom;
    ga_site_attachment_t *r = record(res, url, ga_site_attachment_url(url), &oom);
    if (oom)
        return nomem(err);
    if (!r || r->page)
        return GA_OK;
    if (!(r->page = strdup(page)) || (text && *text && !(r->text = strdup(text))))
        return nomem(err);
    return GA_OK;
}

static ga_status_t set_error(ga_site_auditor_t *a, ga_site_attachment_t *r, const char *what,
                             const char *why, ga_error_t **err)
{
    char buf[400];
    snprintf(buf, sizeof buf, "%s: %s", what, why);
    free(r->error);
    if (!(r->error = ga_utf8_clip(buf, strlen(buf), sizeof buf - 1)))
        return nomem(err);
    return ga_site_warn(a, "%s: attachment %s", r->url, r->error) ? GA_OK : nomem(err);
}

/* Title shown with findings: the link's text, else the file name in the URL. */
static char *title_of(const ga_site_attachment_t *r)
{
    if (r->text)
        return strdup(r->text);
    size_t n = strcspn(r->url, "?#");
    const char *s = r->url + n;
    while (s > r->url && s[-1] != '/')
        s--;
    return ga_utf8_clip(s, (size_t)(r->url + n - s), 200);
}

ga_status_t ga_site_attachment_add(ga_site_auditor_t *a, ga_site_result_t *res, const char *url,
                                   int status, const char *body, size_t len, ga_error_t **err)
{
    bool ok2xx = status >= 200 && status < 300;
    ga_attach_format_t fmt = ok2xx ? ga_attach_sniff(body, len) : GA_ATTACH_UNKNOWN;
    bool oom;
    ga_site_attachment_t *r =
        record(res, url, fmt != GA_ATTACH_UNKNOWN || ga_site_attachment_url(url), &oom);
    if (oom)
        return nomem(err);
    if (!r)
        return GA_OK; /* not an attachment */
    r->status = status;
    r->format = ga_attach_format_name(fmt);
    if (status >= 300 && status < 400)
        return GA_OK; /* its target is fed under its own URL */
    if (!ok2xx) {
        char why[32];
        snprintf(why, sizeof why, status ? "HTTP %d" : "no response", status);
        return set_error(a, r, "download failed", why, err);
    }
    ga_attach_t *doc = NULL;
    ga_error_t *e = NULL;
    if (ga_attach_extract(body, len, NULL, &doc, &e) != GA_OK) {
        ga_status_t st = set_error(a, r, "not read", ga_error_message(e), err);
        ga_error_free(e);
        return st;
    }
    size_t tlen, first = res->findings.n, before = res->count[GA_SITE_FINDINGS];
    const char *text = ga_attach_text(doc, &tlen);
    char *title = title_of(r);
    ga_status_t st = title ? ga_site_scan_text(a, url, title, text, tlen, false, err) : nomem(err);
    free(title);
    r->findings = res->count[GA_SITE_FINDINGS] - before;
    r->linked_late = !r->page;
    for (size_t i = first; i < res->findings.n && !st; i++) {
        ga_site_finding_t *f = &res->findings.v[i];
        ga_attach_piece_t p = {.size = sizeof p};
        if (ga_attach_piece(doc, ga_attach_locate(doc, f->start), &p) != GA_OK)
            p.location = "";
        if (!(f->location = strdup(p.location)) || (r->page && !(f->page = strdup(r->page))))
            st = nomem(err);
    }
    ga_attach_free(doc);
    return st;
}

ga_status_t ga_site_attachments_finish(ga_site_auditor_t *a, ga_site_result_t *res,
                                       ga_error_t **err)
{
    for (size_t i = 0; i < res->attachments.n; i++) {
        ga_site_attachment_t *r = &res->attachments.v[i];
        if (r->status < 0) {
            ga_status_t st = set_error(a, r, "not downloaded", "linked but not in the crawl", err);
            if (st)
                return st;
        }
    }
    /* Pages that link an attachment may come after it in the crawl: their address and the
     * link's text reach its findings now. */
    for (size_t i = 0; i < res->findings.n; i++) {
        ga_site_finding_t *f = &res->findings.v[i];
        if (!f->location || f->page)
            continue;
        bool oom;
        const ga_site_attachment_t *r = record(res, f->url, false, &oom);
        if (oom)
            return nomem(err);
        if (!r || !r->page || !r->linked_late)
            continue;
        if (!(f->page = strdup(r->page)))
            return nomem(err);
        if (r->text) {
            char *t = strdup(r->text);
            if (!t)
                return nomem(err);
            free(f->title);
            f->title = t;
        }
    }
    return GA_OK;
}

void ga_site_attachments_free(ga_site_result_t *res)
{
    for (size_t i = 0; i < res->findings.n; i++) {
        free(res->findings.v[i].location);
        free(res->findings.v[i].page);
    }
    for (size_t i = 0; i < res->attachments.n; i++) {
        ga_site_attachment_t *r = &res->attachments.v[i];
        free(r->url);
        free(r->page);
        free(r->text);
        free(r->error);
    }
    free(res->attachments.v);
    if (res->attach_index) {
        free(res->attach_index->keys);
        free(res->attach_index->vals);
        free(res->attach_index);
    }
}
