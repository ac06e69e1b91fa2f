/* Crawls on disk: WARC files and wget mirror folders, fed to an auditor page by page. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <govaudit/warc.h>

#include "site-internal.h"

ga_status_t ga_site_auditor_add_warc(ga_site_auditor_t *a, const char *path, ga_error_t **err)
{
    if (!a || !path)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_add_warc: NULL argument");
    /* Only responses and revisits matter: the other blocks are read past unbuffered. A
     * record cut short still gives its status and what was read of its page. */
    ga_warc_options_t o = {.size = sizeof o, .flags = GA_WARC_KEEP_DAMAGED,
                           .skip_types = GA_WARC_TYPE_BIT(GA_WARC_REQUEST) |
                                         GA_WARC_TYPE_BIT(GA_WARC_METADATA) |
                                         GA_WARC_TYPE_BIT(GA_WARC_WARCINFO) |
                                         GA_WARC_TYPE_BIT(GA_WARC_REVISIT) |
                                         GA_WARC_TYPE_BIT(GA_WARC_CONVERSION) |
                                         GA_WARC_TYPE_BIT(GA_WARC_CONTINUATION) |
                                         GA_WARC_TYPE_BIT(GA_WARC_UNKNOWN)};
    ga_warc_reader_t *r;
    ga_status_t st = ga_warc_reader_open(path, &o, &r, err);
    if (st)
        return st;
    for (;;) {
        const ga_warc_record_t *rec = NULL;
        ga_error_t *e = NULL;
        st = ga_warc_next(r, &rec, &e);
        if (st == GA_ERR_NO_MEMORY || st == GA_ERR_IO) {
            if (err)
                *err = e;
            else
                ga_error_free(e);
            break;
        }
        if (st) {
            /* A damaged record: noted, and the reader goes on with the next one. */
            bool ok = ga_site_warn(a, "%s: record at byte %zu skipped: %s", path,
                                   ga_error_offset(e), ga_error_message(e));
            ga_error_free(e);
            st = ok ? GA_OK : ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            if (st)
                break;
            continue;
        }
        if (!rec)
            break;
        const char *why;
        if (ga_warc_record_damage(rec, &why) &&
            !ga_site_warn(a, "%s: record at byte %llu for %s kept damaged: %s", path,
                          (unsigned long long)ga_warc_record_offset(rec),
                          ga_warc_record_target_uri(rec) ? ga_warc_record_target_uri(rec) : "-",
                          why)) {
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            break;
        }
        ga_warc_type_t t = ga_warc_record_type(rec);
        if (t != GA_WARC_RESPONSE && t != GA_WARC_REVISIT && t != GA_WARC_RESOURCE)
            continue;
        const char *uri = ga_warc_record_target_uri(rec);
        /* dns:, metadata://, urn: records of crawlers are not pages. */
        if (!uri || (strncasecmp(uri, "http://", 7) && strncasecmp(uri, "https://", 8)))
            continue;
        int status;
        const char *ctype, *loc = NULL;
        if (ga_warc_record_is_http(rec)) {
            status = ga_warc_record_http_status(rec);
            if (!status)
                continue; /* an HTTP record without a response line (a request) */
            ctype = ga_warc_record_http_header(rec, "Content-Type");
            loc = ga_warc_record_http_header(rec, "Location");
        } else if (t == GA_WARC_RESOURCE) {
            status = 200;
            ctype = ga_warc_record_content_type(rec);
        } else {
            continue;
        }
        size_t len = 0;
        const char *body = t == GA_WARC_REVISIT ? NULL : ga_warc_record_body(rec, &len);
        if (!body)
            len = 0;
        st = ga_site_auditor_add_page(a, uri, status, ctype, loc, body, len, err);
        if (st)
            break;
    }
    ga_warc_reader_free(r);
    return st;
}

/* ---- mirror folders -------------------------------------------------------------------- */

static bool host_like(const char *name)
{
    /* "www.example.gov.cn", "127.0.0.1:8000", "localhost:8000" */
    if (!*name || name[0] == '.')
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-' || *p == ':' || *p == '_'))
            return false;
    return strchr(name, '.') || strchr(name, ':') || strcmp(name, "localhost") == 0;
}

static int cmp_names(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The names in a folder, sorted; NULL with *n = 0 on an empty folder. */
static ga_status_t list_dir(const char *dir, char ***names, size_t *n, ga_error_t **err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return ga_error_set_at(err, GA_ERR_IO, dir, 0, 0, "%s: %s", dir, strerror(errno));
    struct dirent *de;
    size_t cap = 0;
    ga_status_t st = GA_OK;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nv = realloc(*names, nc * sizeof *nv);
            if (!nv) {
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
                break;
            }
            *names = nv;
            cap = nc;
        }
        if (!((*names)[*n] = strdup(de->d_name))) {
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            break;
        }
        (*n)++;
    }
    closedir(d);
    if (*n)
        qsort(*names, *n, sizeof **names, cmp_names);
    return st;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot || strchr(dot, '?'))
        return NULL; /* no extension (or a query): sniffed */
    static const struct {
        const char *ext, *type;
    } map[] = {{".html", "text/html"}, {".htm", "text/html"}, {".shtml", "text/html"},
               {".xhtml", "application/xhtml+xml"}, {".css", "text/css"},
               {".js", "application/javascript"}, {".png", "image/png"},
               {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"},
               {".pdf", "application/pdf"}, {".doc", "application/msword"},
               {".xml", "application/xml"}, {".txt", "text/plain"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcasecmp(dot, map[i].ext) == 0)
            return map[i].type;
    return NULL;
}

typedef struct walk {
    ga_site_auditor_t *a;
    ga_buf_t path; /* file system path */
    ga_buf_t url;  /* http://host/... */
    int depth;
} walk_t;

static ga_status_t walk_dir(walk_t *w, ga_error_t **err);

static ga_status_t walk_entry(walk_t *w, const char *name, ga_error_t **err)
{
    size_t pl = w->path.len, ul = w->url.len;
    ga_status_t st = GA_OK;
    if (!ga_buf_append(&w->path, "/", 1) || !ga_buf_append(&w->path, name, strlen(name)) ||
        !ga_buf_append(&w->url, "/", 1) || !ga_buf_append(&w->url, name, strlen(name)))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    struct stat sb;
    if (lstat(w->path.data, &sb) != 0) {
        st = ga_error_set_at(err, GA_ERR_IO, w->path.data, 0, 0, "%s: %s", w->path.data,
                             strerror(errno));
    } else if (S_ISDIR(sb.st_mode)) {
        if (w->depth < 64) {
            w->depth++;
            st = walk_dir(w, err);
            w->depth--;
        }
    } else if (S_ISREG(sb.st_mode)) {
        char *data = NULL;
        size_t len = 0;
        st = ga_read_file(w->path.data, &data, &len, err);
        if (!st) {
            const char *ct = type_of(name);
            st = ga_site_auditor_add_page(w->a, w->url.data, 200, ct, NULL, data, len, err);
            /* wget saves "dir/" as "dir/index.html": the folder answers with it. */
            if (!st && strcmp(name, "index.html") == 0) {
                char *target = strdup(w->url.data);
                w->url.len = ul + 1;
                w->url.data[w->url.len] = '\0';
                st = target ? ga_site_auditor_add_page(w->a, w->url.data, 301, NULL, target,
                                                       NULL, 0, err)
                            : ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
                free(target);
            }
        }
        free(data);
    }
    w->path.len = pl;
    w->path.data[pl] = '\0';
    w->url.len = ul;
    w->url.data[ul] = '\0';
    return st;
}

static ga_status_t walk_dir(walk_t *w, ga_error_t **err)
{
    char **names;
    size_t n;
    ga_status_t st = list_dir(w->path.data, &names, &n, err);
    /* index.html first: the folder's own page is its column's entry and, at the top, the
     * home page that decides the site. */
    for (size_t i = 0; i < n && !st; i++)
        if (strcmp(names[i], "index.html") == 0)
            st = walk_entry(w, names[i], err);
    for (size_t i = 0; i < n && !st; i++)
        if (strcmp(names[i], "index.html") != 0)
            st = walk_entry(w, names[i], err);
    free_names(names, n);
    return st;
}

ga_status_t ga_site_auditor_add_mirror(ga_site_auditor_t *a, const char *dir, ga_error_t **err)
{
    if (!a || !dir)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_add_mirror: NULL argument");
    char **names;
    size_t n;
    ga_status_t st = list_dir(dir, &names, &n, err);
    if (st) {
        free_names(names, n);
        return st;
    }
    ga_site_set_flags(a, GA_SITE_MISSING_IS_BROKEN);
    /* Either the folder holding HOST folders, or one HOST folder. */
    bool hosts = n > 0;
    for (size_t i = 0; i < n && hosts; i++) {
        ga_buf_t p = {0};
        struct stat sb;
        hosts = ga_buf_append(&p, dir, strlen(dir)) && ga_buf_append(&p, "/", 1) &&
                ga_buf_append(&p, names[i], strlen(names[i])) && stat(p.data, &sb) == 0 &&
                S_ISDIR(sb.st_mode) && host_like(names[i]);
        ga_buf_free(&p);
    }
    walk_t w = {.a = a};
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    if (hosts) {
        for (size_t i = 0; i < n && !st; i++) {
            w.path.len = w.url.len = 0;
            if (!ga_buf_append(&w.path, dir, dl) || !ga_buf_append(&w.url, "http:/", 6)) {
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
                break;
            }
            st = walk_entry(&w, names[i], err);
        }
    } else {
        const char *base = dir + dl;
        while (base > dir && base[-1] != '/')
            base--;
        char host[256];
        snprintf(host, sizeof host, "%.*s", (int)(dir + dl - base), base);
        if (!host_like(host))
            snprintf(host, sizeof host, "localhost");
        if (!ga_buf_append(&w.path, dir, dl) || !ga_buf_append(&w.url, "http://", 7) ||
            !ga_buf_append(&w.url, host, strlen(host)))
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        if (!st)
            st = walk_dir(&w, err);
    }
    ga_buf_free(&w.path);
    ga_buf_free(&w.url);
    free_names(names, n);
    return st;
}

ga_status_t ga_site_auditor_add_crawl(ga_site_auditor_t *a, const char *path, ga_error_t **err)
{
    if (!a || !path)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_add_crawl: NULL argument");
    struct stat sb;
    if (stat(path, &sb) != 0)
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return ga_site_auditor_add_mirror(a, path, err);
    return ga_site_auditor_add_warc(a, path, err);
}

ga_status_t ga_site_audit(const char *crawl, const ga_profile_t *profile,
                          const ga_matcher_t *matcher, int64_t audit_time,
                          const ga_site_options_t *options, ga_site_result_t **out,
                          ga_error_t **err)
{
    if (!crawl || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_audit: NULL argument");
    ga_site_auditor_t *a;
    ga_status_t st = ga_site_auditor_new(profile, matcher, audit_time, options, &a, err);
    if (st)
        return st;
    st = ga_site_auditor_add_crawl(a, crawl, err);
    if (!st)
        st = ga_site_auditor_finish(a, out, err);
    ga_site_auditor_free(a);
    return st;
}
