/* The site auditor: pages in one at a time, a small record per URL and per column kept,
 * observations, score and evidence out at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/attach.h>
#include <govaudit/dedup.h>
#include <govaudit/page.h>
#include <govaudit/spell.h>

#include "site-internal.h"
#include "score/score-stale.h"
#include "site-url.h"

enum {
    F_FED = 1u << 0,       /* a response for this URL was fed */
    F_ARTICLE = 1u << 1,   /* an article page of the site */
    F_HOME_LINK = 1u << 2, /* linked from the home page */
    F_SITE_PAGE = 1u << 3, /* an HTML page of the site that was parsed */
    F_ATTACHMENT = 1u << 4
};

/* One URL: fed, linked, listed, or all three. */
typedef struct uent {
    uint64_t h;
    const char *url;   /* arena */
    const char *text;  /* anchor text where first linked from the home page or to another
                          host (arena), or NULL */
    int32_t status;    /* -1: not fed */
    uint32_t redirect; /* entry index + 1 of the Location target, 0 none */
    uint32_t col;      /* column index + 1 of an article */
    uint32_t list_col; /* column index + 1 of the first list that shows it */
    uint32_t refs[GA_SITE_REFS]; /* entry index + 1 of pages linking it */
    uint32_t nrefs;
    uint16_t flags;
    int64_t date;      /* article publish date */
    int64_t list_date; /* date the list shows */
} uent_t;

typedef struct col {
    char *key, *name, *type, *url;
    int level; /* 0 unknown */
    size_t lists;
    bool content; /* a single page with content stands for the column */
    GA_SITE_VEC(int64_t) items;
} col_t;

/* A page that names a column but shows no list and no article: the column's empty list
 * page, or a page of content standing for the column. Which one is decided at the end,
 * when the home page's lines tell the site's boilerplate from the page's own text. */
#define CAND_LINES 24
typedef struct cand {
    char *name, *ctype, *url;
    int depth;
    bool tagged; /* carries ColumnName */
    bool children; /* links to pages in folders below its own: a parent column's page */
    uint32_t n;
    uint64_t h[CAND_LINES];
    uint32_t chars[CAND_LINES];
    size_t rest; /* characters past the lines kept */
} cand_t;

/* Open-addressing map from 64-bit hashes to indexes (+1; 0 = empty slot). */
typedef struct hmap {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, n;
} hmap_t;

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
} arena_block_t;

struct ga_site_auditor {
    const ga_profile_t *profile;
    const ga_matcher_t *matcher;
    ga_match_scratch_t *scratch;
    const ga_spell_model_t *spell;
    ga_spell_scratch_t *spell_scratch;
    int64_t T;
    unsigned flags;
    size_t max_findings, max_page_bytes;
    char *site_url, *site_name_opt;
    bool finished;
    char *host; /* the site's host[:port], NULL until known */
    char *scheme_host; /* "http://host" */
    arena_block_t *arena;
    GA_SITE_VEC(uent_t) u;
    hmap_t umap;
    GA_SITE_VEC(col_t) cols;
    hmap_t colmap, dirmap;
    hmap_t articles; /* hash of column, title, date and text of each article fingerprinted */
    uint32_t home; /* entry index + 1 */
    uint32_t home_pending; /* where a forwarding root page sends visitors: the home page */
    hmap_t homelines; /* hashes of the home page's text lines: the site's boilerplate */
    GA_SITE_VEC(cand_t) cands;
    char *site_name, *home_title, *owner, *site_id;
    bool consult_seen, service_seen;
    ga_dedup_index_t *dedup;
    GA_SITE_VEC(uint32_t) docs; /* dedup document number -> entry index */
    ga_observations_t *obs;
    ga_site_result_t *res;
    ga_buf_t b1, b2;
};

void *ga_site_vec_push(void **v, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        if (nc > SIZE_MAX / size)
            return NULL;
        void *nv = realloc(*v, nc * size);
        if (!nv)
            return NULL;
        *v = nv;
        *cap = nc;
    }
    void *e = (char *)*v + *n * size;
    memset(e, 0, size);
    (*n)++;
    return e;
}

int64_t ga_site_month_index(int64_t t)
{
    /* Civil year and month from days since the epoch (Howard Hinnant's algorithm). */
    int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    return y * 12 + (m - 1);
}

/* ---- small containers ------------------------------------------------------------------ */

static const char *arena_dup(ga_site_auditor_t *a, const char *s, size_t n)
{
    arena_block_t *b = a->arena;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > 60000 ? n + 1 : 60000;
        arena_block_t *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        a->arena = b = nb;
    }
    char *d = b->data + b->used;
    memcpy(d, s, n);
    d[n] = '\0';
    b->used += n + 1;
    return d;
}

static bool hmap_grow(hmap_t *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    uint64_t *k = calloc(cap, sizeof *k);
    uint32_t *v = calloc(cap, sizeof *v);
    if (!k || !v) {
        free(k);
        free(v);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->vals[i])
            continue;
        size_t j = (size_t)m->keys[i] & (cap - 1);
        while (v[j])
            j = (j + 1) & (cap - 1);
        k[j] = m->keys[i];
        v[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = k;
    m->vals = v;
    m->cap = cap;
    return true;
}

static void hmap_free(hmap_t *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* The value slot for `h`: its value, or an empty slot to fill. NULL when out of memory. */
static uint32_t *hmap_slot(hmap_t *m, uint64_t h)
{
    if ((m->n + 1) * 4 >= m->cap * 3 && !hmap_grow(m))
        return NULL;
    size_t j = (size_t)h & (m->cap - 1);
    while (m->vals[j] && m->keys[j] != h)
        j = (j + 1) & (m->cap - 1);
    m->keys[j] = h;
    return &m->vals[j];
}

static uint32_t hmap_get(const hmap_t *m, uint64_t h)
{
    if (!m->cap)
        return 0;
    size_t j = (size_t)h & (m->cap - 1);
    while (m->vals[j]) {
        if (m->keys[j] == h)
            return m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return 0;
}

/* ---- URLs ------------------------------------------------------------------------------ */

/* The entry of a normalised URL, created when new; 0 when out of memory, else index + 1.
 * Two URLs whose 64-bit hashes collide share an entry: at 10^6 URLs the chance of any
 * collision is about 3 in 10^8, a price paid for not comparing strings on every link. */
static uint32_t url_entry(ga_site_auditor_t *a, const char *url, size_t n)
{
    uint64_t h = ga_hash64(url, n, 0x5173u);
    uint32_t *slot = hmap_slot(&a->umap, h);
    if (!slot)
        return 0;
    if (*slot)
        return *slot;
    if (a->u.n >= UINT32_MAX - 1)
        return 0;
    const char *s = arena_dup(a, url, n);
    uent_t *e = s ? GA_SITE_PUSH(a->u) : NULL;
    if (!e)
        return 0;
    e->h = h;
    e->url = s;
    e->status = -1;
    e->date = e->list_date = GA_TIME_NONE;
    a->umap.n++;
    return *slot = (uint32_t)a->u.n;
}

static bool is_external(const ga_site_auditor_t *a, const char *url)
{
    if (!a->host)
        return false;
    size_t n;
    const char *h = ga_site_url_host(url, &n);
    return !ga_site_host_eq(h, n, a->host, strlen(a->host));
}

/* Whether a URL is the root of its host: "/", "/index.html", "/default.aspx", ... */
static bool is_root(const char *url)
{
    size_t n;
    const char *h = ga_site_url_host(url, &n);
    const char *p = h + n;
    if (strcmp(p, "/") == 0 || *p == '\0')
        return true;
    if (*p != '/' || strchr(p + 1, '/') || strchr(p, '?'))
        return false;
    return strncmp(p + 1, "index.", 6) == 0 || strncmp(p + 1, "default.", 8) == 0 ||
           strncmp(p + 1, "main.", 5) == 0;
}

#define warn ga_site_warn

void ga_site_set_flags(ga_site_auditor_t *a, unsigned flags)
{
    a->flags |= flags;
}

bool ga_site_warn(ga_site_auditor_t *a, const char *fmt, ...)
{
    a->res->count[GA_SITE_WARNINGS]++;
    if (a->res->warnings.n >= 200)
        return true; /* counted, not kept: a badly damaged crawl must not grow memory */
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    /* Warnings quote raw input (a URL as the crawl wrote it) and may be cut mid-character:
     * clipped to valid UTF-8 so reports stay valid. */
    char *s = ga_utf8_clip(buf, strlen(buf), sizeof buf - 1);
    char **slot = s ? GA_SITE_PUSH(a->res->warnings) : NULL;
    if (!slot) {
        free(s);
        return false;
    }
    *slot = s;
    return true;
}

/* ---- auditor lifecycle ----------------------------------------------------------------- */

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

ga_status_t ga_site_auditor_new(const ga_profile_t *profile, const ga_matcher_t *matcher,
                                int64_t audit_time, const ga_site_options_t *options,
                                ga_site_auditor_t **out, ga_error_t **err)
{
    if (!out || !profile)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_new: NULL argument");
    *out = NULL;
    if (ga_profile_object(profile) != GA_OBJECT_WEBSITE)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_auditor_new: profile %s is not a website profile",
                            ga_profile_id(profile));
    if (audit_time == GA_TIME_NONE)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_new: no audit time");
    ga_site_options_t o = {.size = sizeof o};
    ga_status_t read = ga_options_read(&o, sizeof o, options, GA_SITE_OPTIONS_SIZE_1_0,
                                       "ga_site_options_t", err);
    if (read != GA_OK)
        return read;
    if (o.dedup_threshold < 0 || o.dedup_threshold > 1)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_auditor_new: dedup_threshold %g is outside (0, 1]",
                            o.dedup_threshold);
    ga_site_auditor_t *a = calloc(1, sizeof *a);
    if (!a)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    a->profile = profile;
    a->matcher = matcher;
    a->T = audit_time;
    a->flags = o.flags;
    a->max_findings = o.max_findings ? o.max_findings : 5000;
    a->max_page_bytes = o.max_page_bytes ? o.max_page_bytes : (size_t)16 << 20;
    ga_status_t st = GA_OK;
    a->spell = o.spell;
    if (!(a->res = calloc(1, sizeof *a->res)) || (matcher && !(a->scratch = ga_match_scratch_new())) ||
        (o.spell && !(a->spell_scratch = ga_spell_scratch_new())))
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if (!st)
        st = ga_observations_new(GA_OBJECT_WEBSITE, &a->obs, err);
    if (!st && o.site_name && !(a->site_name_opt = strdup(o.site_name)))
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if (!st && o.site_url) {
        ga_buf_t b = {0};
        int rc = ga_site_url_norm(o.site_url, strlen(o.site_url), &b);
        if (rc == 0) {
            char *shown = ga_utf8_clip(o.site_url, strlen(o.site_url), 200);
            st = ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                              "ga_site_auditor_new: site_url '%s' is not an http(s) URL",
                              shown ? shown : "?");
            free(shown);
        } else if (rc < 0) {
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        } else {
            a->site_url = b.data, b.data = NULL;
        }
        ga_buf_free(&b);
    }
    if (!st && !(o.flags & GA_SITE_NO_DEDUP)) {
        ga_dedup_options_t d;
        ga_dedup_options_init(&d);
        if (o.dedup_threshold > 0)
            d.threshold = o.dedup_threshold;
        st = ga_dedup_index_new(&d, &a->dedup, err);
    }
    if (st) {
        ga_site_auditor_free(a);
        return st;
    }
    *out = a;
    return GA_OK;
}

static void result_free_parts(ga_site_result_t *r);

void ga_site_auditor_free(ga_site_auditor_t *a)
{
    if (!a)
        return;
    ga_match_scratch_free(a->scratch);
    ga_spell_scratch_free(a->spell_scratch);
    free(a->site_url);
    free(a->site_name_opt);
    free(a->host);
    free(a->scheme_host);
    while (a->arena) {
        arena_block_t *n = a->arena->next;
        free(a->arena);
        a->arena = n;
    }
    free(a->u.v);
    hmap_free(&a->umap);
    hmap_free(&a->colmap);
    hmap_free(&a->dirmap);
    hmap_free(&a->homelines);
    hmap_free(&a->articles);
    for (size_t i = 0; i < a->cands.n; i++) {
        free(a->cands.v[i].name);
        free(a->cands.v[i].ctype);
        free(a->cands.v[i].url);
    }
    free(a->cands.v);
    for (size_t i = 0; i < a->cols.n; i++) {
        col_t *c = &a->cols.v[i];
        free(c->key);
        free(c->name);
        free(c->type);
        free(c->url);
        free(c->items.v);
    }
    free(a->cols.v);
    free(a->site_name);
    free(a->home_title);
    free(a->owner);
    free(a->site_id);
    ga_dedup_index_free(a->dedup);
    free(a->docs.v);
    ga_observations_free(a->obs);
    ga_site_result_free(a->res);
    ga_buf_free(&a->b1);
    ga_buf_free(&a->b2);
    free(a);
}

/* ---- columns --------------------------------------------------------------------------- */

static bool is_crumb_noise(const char *s, const char *title)
{
    static const char *const noise[] = {"正文", "详情", "内容", "正文内容", "详细内容", "文章",
                                        "查看", "阅读", "浏览", NULL};
    for (size_t i = 0; noise[i]; i++)
        if (strcmp(s, noise[i]) == 0)
            return true;
    return title && *title && strcmp(s, title) == 0;
}

static bool is_crumb_home(const char *s)
{
    return strcmp(s, "首页") == 0 || strcmp(s, "网站首页") == 0 || strcmp(s, "主页") == 0 ||
           strcasecmp(s, "home") == 0 || strstr(s, "人民政府") != NULL;
}

/* The column a page belongs to by its tags or breadcrumb: its name (NULL when neither
 * says) and its depth in the breadcrumb (0 when unknown). */
static const char *page_column(const ga_page_t *pg, bool article, int *depth)
{
    size_t n = ga_page_column_count(pg), first = 0;
    /* An article's breadcrumb may end with its own title; a list's ends with its name,
     * which is often its title too. */
    const char *title = article ? ga_page_title(pg) : NULL;
    while (n > first && is_crumb_noise(ga_page_column(pg, n - 1), title))
        n--;
    while (first < n && is_crumb_home(ga_page_column(pg, first)))
        first++;
    const char *name = ga_page_meta(pg, "ColumnName");
    const char *site = ga_page_meta(pg, "SiteName");
    /* Templates that put the site's name (or 首页) in ColumnName on every page say
     * nothing about the column: the breadcrumb decides then. */
    if (name && (strcmp(name, "首页") == 0 || strcmp(name, "网站首页") == 0 ||
                 (site && strcmp(name, site) == 0)))
        name = NULL;
    *depth = 0;
    if (name && *name) {
        for (size_t i = first; i < n; i++)
            if (strcmp(ga_page_column(pg, i), name) == 0)
                *depth = (int)(i - first + 1);
        return name;
    }
    if (n > first) {
        *depth = (int)(n - first);
        return ga_page_column(pg, n - 1);
    }
    return NULL;
}

/* The column of `key` (created when new with `name`, the ColumnType `ctype` or NULL);
 * index + 1, 0 when out of memory. */
static uint32_t column_get(ga_site_auditor_t *a, const char *key, const char *name,
                           const char *ctype, int depth)
{
    uint64_t h = ga_hash64(key, strlen(key), 0xC01u);
    uint32_t *slot = hmap_slot(&a->colmap, h);
    if (!slot)
        return 0;
    if (!*slot) {
        col_t *c = GA_SITE_PUSH(a->cols);
        if (!c)
            return 0;
        c->key = strdup(key);
        c->name = strdup(name);
        c->type = strdup(ga_site_column_type(ctype && *ctype ? ctype : name));
        if (!c->key || !c->name || !c->type)
            return 0;
        /* ColumnType values outside the vocabulary (a CMS code) leave the name to decide. */
        if (strcmp(c->type, "other") == 0 && ctype && *ctype) {
            free(c->type);
            if (!(c->type = strdup(ga_site_column_type(name))))
                return 0;
        }
        a->colmap.n++;
        *slot = (uint32_t)a->cols.n;
    }
    col_t *c = &a->cols.v[*slot - 1];
    if (depth > 0 && (c->level == 0 || depth < c->level))
        c->level = depth;
    return *slot;
}

/* "http://host/a/b/" of a URL (its folder), into b2. */
static bool url_dir(ga_site_auditor_t *a, const char *url, size_t *len)
{
    size_t hn;
    const char *h = ga_site_url_host(url, &hn);
    size_t origin = (size_t)(h - url) + hn;
    size_t q = origin + strcspn(url + origin, "?#");
    while (q > origin && url[q - 1] != '/')
        q--;
    a->b2.len = 0;
    if (!ga_buf_append(&a->b2, url, q ? q : origin))
        return false;
    *len = a->b2.len;
    return true;
}

static int dir_depth(const char *url)
{
    size_t hn;
    const char *h = ga_site_url_host(url, &hn);
    int d = 0;
    for (const char *p = h + hn; *p && *p != '?'; p++)
        d += *p == '/';
    return d > 0 ? d - 1 : 0;
}

/* ---- page handling --------------------------------------------------------------------- */

static int64_t parse_time(const char *s)
{
    int64_t t;
    if (!s || ga_time_parse(s, strlen(s), &t, NULL) != GA_OK)
        return GA_TIME_NONE;
    return t;
}

static bool contains_any(const char *s, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strstr(s, words[i]))
            return true;
    return false;
}

static const char *const consult_words[] = {"留言", "咨询", "信箱", "建言", "问政", "互动",
                                            "投诉", "诉求", "征集", "写信", "热线", "12345", "信访",
                                            NULL};
static const char *const service_words[] = {"办事", "政务服务", "网上服务", "在线服务",
                                            "一网通办", "服务大厅", "便民服务", NULL};

/* The text after `label` in raw UTF-8 HTML: separators skipped, up to a tag, space or
 * separator; NULL when absent. */
static char *after_label(const char *html, size_t len, const char *label, const char *skip)
{
    const char *p = html, *end = html + len;
    size_t ln = strlen(label);
    while ((p = memmem(p, (size_t)(end - p), label, ln)) != NULL) {
        const char *q = p + ln;
        if (skip && (size_t)(end - q) >= strlen(skip) && memcmp(q, skip, strlen(skip)) == 0)
            q += strlen(skip);
        for (;;) {
            if (q < end && (*q == ':' || *q == ' '))
                q++;
            else if (end - q >= 3 && (memcmp(q, "：", 3) == 0 || memcmp(q, "　", 3) == 0))
                q += 3;
            else if (end - q >= 6 && memcmp(q, "&nbsp;", 6) == 0)
                q += 6;
            else
                break;
        }
        const char *s = q;
        while (q < end && q - s < 120 && *q != '<' && *q != ' ' && *q != '\n' && *q != '\r' &&
               *q != '\t' && *q != '|' && *q != '&' &&
               !(end - q >= 3 && (memcmp(q, "　", 3) == 0 || memcmp(q, "，", 3) == 0)))
            q++;
        if (q > s && ga_utf8_validate(s, (size_t)(q - s), NULL) == GA_OK) {
            char *r = malloc((size_t)(q - s) + 1);
            if (r) {
                memcpy(r, s, (size_t)(q - s));
                r[q - s] = '\0';
            }
            return r;
        }
        p += ln;
    }
    return NULL;
}

/* The owner (主办单位) a page's footer names: "主办单位：X", "主办：X", or "X主办". */
static char *owner_of(const char *html, size_t len)
{
    const char *p = html, *end = html + len;
    static const char label[] = "主办";
    while ((p = memmem(p, (size_t)(end - p), label, 6)) != NULL) {
        const char *q = p + 6;
        if (end - q >= 6 && memcmp(q, "单位", 6) == 0)
            q += 6;
        while (q < end && *q == ' ')
            q++;
        if (q < end && (*q == ':' || (end - q >= 3 && memcmp(q, "：", 3) == 0))) {
            char *r = after_label(p, (size_t)(end - p), "主办", "单位");
            if (r)
                return r;
        } else {
            /* "X主办": the words before, back to a tag, space or separator. */
            const char *s = p;
            while (s > html && p - s < 120 && s[-1] != '>' && s[-1] != ' ' && s[-1] != '|' &&
                   s[-1] != '\n' && s[-1] != '\t' &&
                   !(s - html >= 3 && (memcmp(s - 3, "　", 3) == 0 || memcmp(s - 3, "：", 3) == 0)))
                s--;
            if (s < p && ga_utf8_validate(s, (size_t)(p - s), NULL) == GA_OK) {
                char *r = malloc((size_t)(p - s) + 1);
                if (r) {
                    memcpy(r, s, (size_t)(p - s));
                    r[p - s] = '\0';
                }
                return r;
            }
        }
        p += 6;
    }
    return NULL;
}

/* Up to `chars` characters of `s` before `at` / after `at`, as a new string. */
static char *context(const char *s, size_t len, size_t at, int dir, int chars)
{
    size_t from = at, to = at;
    if (dir < 0) {
        for (int k = 0; k < chars && from > 0; k++) {
            from--;
            while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
                from--;
            if (s[from] == '\n') {
                from++;
                break;
            }
        }
    } else {
        for (int k = 0; k < chars && to < len && s[to] != '\n'; k++) {
            to++;
            while (to < len && ((unsigned char)s[to] & 0xC0) == 0x80)
                to++;
        }
    }
    char *r = malloc(to - from + 1);
    if (r) {
        memcpy(r, s + from, to - from);
        r[to - from] = '\0';
    }
    return r;
}

static ga_status_t nomem(ga_error_t **err)
{
    return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

/* One finding in a page's text: counted and scored, and kept with its context for the
 * report up to max_findings. */
static ga_status_t add_text_finding(ga_site_auditor_t *a, const char *url, const char *title,
                                    const char *text, size_t len, const ga_finding_t *f,
                                    bool in_title, ga_error_t **err)
{
    char *hit = malloc(f->end - f->start + 1);
    if (!hit)
        return nomem(err);
    memcpy(hit, f->text, f->end - f->start);
    hit[f->end - f->start] = '\0';
    const char *sev = ga_severity_name(f->severity);
    ga_status_t st = GA_OK;
    a->res->count[GA_SITE_FINDINGS]++;
    /* Scoring sees every finding up to a generous bound; the report keeps the first
     * max_findings with their context. */
    if (a->res->count[GA_SITE_FINDINGS] <= 100000)
        st = ga_obs_add_finding(a->obs, f->rule, f->category, sev, hit, url, err);
    if (!st && a->res->findings.n < a->max_findings) {
        ga_site_finding_t *r = GA_SITE_PUSH(a->res->findings);
        if (!r) {
            free(hit);
            return nomem(err);
        }
        r->url = strdup(url);
        r->title = strdup(title);
        r->rule = xstrdup(f->rule);
        r->category = xstrdup(f->category);
        r->severity = strdup(sev);
        r->suggestion = xstrdup(f->suggestion);
        r->text = hit;
        hit = NULL;
        r->before = context(text, len, f->start, -1, 40);
        r->after = context(text, len, f->end, 1, 40);
        r->in_title = in_title;
        r->start = f->start;
        r->end = f->end;
        if (!r->url || !r->title || !r->severity || !r->before || !r->after)
            st = nomem(err);
    }
    free(hit);
    return st;
}

/* The matcher's findings in a title or body, then the spelling model's. */
static ga_status_t scan_text(ga_site_auditor_t *a, const char *url, const char *title,
                             const char *text, size_t len, bool in_title, ga_error_t **err)
{
    if (!len)
        return GA_OK;
    ga_error_t *e = NULL;
    char *shown = NULL; /* context comes from the text with personal values masked */
    ga_status_t st = GA_OK;
    if (a->matcher) {
        if (ga_match_scan(a->matcher, a->scratch, text, len, &e) != GA_OK) {
            bool ok = warn(a, "%s: text not scanned: %s", url, ga_error_message(e));
            ga_error_free(e);
            return ok ? GA_OK : nomem(err);
        }
        if (ga_match_count(a->scratch) &&
            (st = ga_match_masked_text(a->scratch, &shown, NULL, err)) != GA_OK)
            return st;
        for (size_t i = 0; i < ga_match_count(a->scratch) && !st; i++) {
            ga_finding_t f = {.size = sizeof f};
            if (ga_match_get(a->scratch, i, &f) != GA_OK)
                continue;
            st = add_text_finding(a, url, title, shown ? shown : text, len, &f, in_title, err);
        }
    }
    if (!st && a->spell) {
        if (ga_spell_check(a->spell, a->spell_scratch, text, len, a->matcher ? a->scratch : NULL,
                           &e) != GA_OK) {
            bool ok = warn(a, "%s: text not spell-checked: %s", url, ga_error_message(e));
            ga_error_free(e);
            free(shown);
            return ok ? GA_OK : nomem(err);
        }
        for (size_t i = 0; i < ga_spell_count(a->spell_scratch) && !st; i++) {
            ga_finding_t f = {.size = sizeof f};
            if (ga_spell_get(a->spell_scratch, i, &f) != GA_OK)
                continue;
            st = add_text_finding(a, url, title, shown ? shown : text, len, &f, in_title, err);
        }
    }
    free(shown);
    return st;
}

ga_status_t ga_site_scan_text(ga_site_auditor_t *a, const char *url, const char *title,
                              const char *text, size_t len, bool in_title, ga_error_t **err)
{
    return scan_text(a, url, title, text, len, in_title, err);
}

static ga_status_t note_meta(ga_site_auditor_t *a, const ga_page_t *pg, ga_page_kind_t kind,
                             const char *url, ga_error_t **err)
{
    uint32_t miss = ga_page_meta_missing(pg, kind);
    if (!miss)
        return GA_OK;
    /* Only pages that lack a required tag are recorded: the others count for nothing and
     * would cost memory per page. */
    const char *tags[GA_META_TAG_COUNT];
    size_t n = 0;
    for (int t = 0; t < GA_META_TAG_COUNT; t++) {
        const char *name = ga_page_meta_tag_name((ga_page_meta_tag_t)t);
        const char *v = ga_page_meta(pg, name);
        if (v && *v)
            tags[n++] = name;
    }
    const char *kname = ga_page_kind_name(kind);
    ga_status_t st = ga_obs_add_page(a->obs, url, kname, tags, n, err);
    if (st)
        return st;
    a->res->meta_pages++;
    if (a->res->meta.n < 1000) {
        ga_site_meta_page_t *m = GA_SITE_PUSH(a->res->meta);
        if (!m || !(m->url = strdup(url)) || !(m->kind = strdup(kname)))
            return nomem(err);
        m->missing = miss;
    }
    return GA_OK;
}

static bool set_str(char **dst, const char *s)
{
    if (!s || !*s)
        return true;
    char *d = strdup(s);
    if (!d)
        return false;
    free(*dst);
    *dst = d;
    return true;
}

/* Calls `fn` for each non-empty line of `text` with its hash and length in characters. */
static uint64_t line_hash(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n ? ga_hash64(s, n, 0x11E5u) : 0;
}

static ga_status_t home_lines(ga_site_auditor_t *a, const char *text, size_t len,
                              ga_error_t **err)
{
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        uint64_t h = line_hash(text + i, e - i);
        if (h) {
            uint32_t *slot = hmap_slot(&a->homelines, h);
            if (!slot)
                return nomem(err);
            if (!*slot) {
                *slot = 1;
                a->homelines.n++;
            }
        }
        i = e + 1;
    }
    return GA_OK;
}

/* Whether a line of a page's text is the site's frame rather than the page's own: a
 * footer line (主办, 标识码, ICP备案, ...) or a line made mostly of link texts (a menu). */
static bool boiler_line(const ga_page_t *pg, const char *line, size_t n, size_t chars)
{
    static const char *const footer[] = {"主办", "承办", "标识码", "ICP", "备案", "版权",
                                         "Copyright", "copyright", "技术支持", "公网安备",
                                         "联系我们", "网站地图", "©", NULL};
    char buf[1024];
    if (n >= sizeof buf)
        return false;
    memcpy(buf, line, n);
    buf[n] = '\0';
    for (size_t k = 0; footer[k]; k++)
        if (strstr(buf, footer[k]))
            return true;
    size_t covered = 0, nl = ga_page_link_count(pg);
    for (size_t k = 0; k < nl && k < 400; k++) {
        const char *t = ga_page_link_text(pg, k);
        size_t tl = t ? strlen(t) : 0;
        if (tl < 3)
            continue;
        for (const char *p = buf; (p = strstr(p, t)) != NULL; p += tl)
            covered += ga_utf8_length(t, tl);
    }
    return covered * 10 >= chars * 6;
}

/* Whether a page links to a page of the site in a folder below its own (a sub-column). */
static bool links_below(ga_site_auditor_t *a, const ga_page_t *pg, const char *url)
{
    size_t dn;
    if (!url_dir(a, url, &dn))
        return false;
    size_t nl = ga_page_link_count(pg);
    for (size_t i = 0; i < nl; i++) {
        const char *lu = ga_page_link_url(pg, i);
        if (ga_site_url_norm(lu, strlen(lu), &a->b1) <= 0 || a->b1.len <= dn ||
            memcmp(a->b1.data, a->b2.data, dn) != 0)
            continue;
        const char *rest = a->b1.data + dn;
        const char *slash = strchr(rest, '/'), *q = strchr(rest, '?');
        if (slash && (!q || slash < q))
            return true;
    }
    return false;
}

static ga_status_t add_cand(ga_site_auditor_t *a, const ga_page_t *pg, const char *url,
                            const char *name, const char *ctype, int depth, const char *text,
                            size_t len, ga_error_t **err)
{
    cand_t *c = GA_SITE_PUSH(a->cands);
    if (!c || !(c->name = strdup(name)) || !(c->url = strdup(url)) ||
        (ctype && !(c->ctype = strdup(ctype))))
        return nomem(err);
    c->depth = depth;
    c->children = links_below(a, pg, url);
    c->tagged = ga_page_meta(pg, "ColumnName") != NULL;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        uint64_t h = line_hash(text + i, e - i);
        size_t chars = ga_utf8_length(text + i, e - i);
        if (h && boiler_line(pg, text + i, e - i, chars))
            h = 0;
        if (h && c->n < CAND_LINES) {
            c->h[c->n] = h;
            c->chars[c->n++] = (uint32_t)chars;
        } else if (h) {
            c->rest += chars;
        }
        i = e + 1;
    }
    return GA_OK;
}

/* Settle the candidates: fewer than 60 characters of the page's own text make it an
 * empty list page (its column blank unless items show up elsewhere); more make it the
 * column's content when the page names its column with a tag. */
static ga_status_t settle_cands(ga_site_auditor_t *a, ga_error_t **err)
{
    for (size_t i = 0; i < a->cands.n; i++) {
        const cand_t *c = &a->cands.v[i];
        size_t own = c->rest;
        for (uint32_t k = 0; k < c->n; k++)
            if (!hmap_get(&a->homelines, c->h[k]))
                own += c->chars[k];
        /* A page that leads to sub-columns is navigation, not an empty column. */
        bool empty = own < 60 && !c->children;
        if (!empty && !c->tagged)
            continue;
        uint32_t col = column_get(a, c->name, c->name, c->ctype, c->depth ? c->depth : dir_depth(c->url));
        if (!col)
            return nomem(err);
        col_t *cc = &a->cols.v[col - 1];
        if (empty) {
            cc->lists++;
            a->res->count[GA_SITE_LISTS]++;
            if (!cc->url && !(cc->url = strdup(c->url)))
                return nomem(err);
        } else {
            cc->content = true;
        }
    }
    return GA_OK;
}

/* Whether the last segment of a URL's path names a list page: "", index*, list*,
 * default*, more*, node_* and col* (the usual CMS list addresses). */
static bool list_like_url(const char *url)
{
    size_t hn;
    const char *h = ga_site_url_host(url, &hn);
    const char *p = h + hn, *q = p + strcspn(p, "?#");
    const char *seg = q;
    while (seg > p && seg[-1] != '/')
        seg--;
    if (seg == q)
        return true;
    static const char *const pre[] = {"index", "list", "default", "more", "node_", "col", NULL};
    for (size_t i = 0; pre[i]; i++)
        if (strncasecmp(seg, pre[i], strlen(pre[i])) == 0)
            return true;
    return false;
}

static bool is_external(const ga_site_auditor_t *a, const char *url);

/* Whether link target `url` (normalised) may be an item of a list: a page of the site that
 * is neither the home page nor a list itself (menus link lists). */
static bool item_target(const ga_site_auditor_t *a, const char *url, const char *self)
{
    return strcmp(url, self) != 0 && !is_external(a, url) && !is_root(url) && !list_like_url(url);
}

static ga_status_t count_body_items(ga_site_auditor_t *a, const ga_page_t *pg, uint32_t self,
                                    size_t *n, ga_error_t **err)
{
    size_t nl = ga_page_link_count(pg);
    for (size_t i = 0; i < nl; i++) {
        if (!ga_page_link_in_body(pg, i))
            continue;
        const char *lu = ga_page_link_url(pg, i);
        int rc = ga_site_url_norm(lu, strlen(lu), &a->b1);
        if (rc < 0)
            return nomem(err);
        if (rc > 0 && item_target(a, a->b1.data, a->u.v[self - 1].url))
            (*n)++;
    }
    return GA_OK;
}

static ga_status_t site_page(ga_site_auditor_t *a, uint32_t self, const char *content_type,
                             const char *body, size_t len, ga_error_t **err)
{
    const char *url = a->u.v[self - 1].url;
    ga_page_options_t po = {.size = sizeof po, .content_type = content_type,
                            .max_bytes = a->max_page_bytes};
    ga_page_t *pg = NULL;
    ga_error_t *e = NULL;
    if (ga_page_parse(body, len, url, &po, &pg, &e) != GA_OK) {
        bool ok = warn(a, "%s: not parsed: %s", url, ga_error_message(e));
        ga_error_free(e);
        return ok ? GA_OK : nomem(err);
    }
    a->u.v[self - 1].flags |= F_SITE_PAGE;
    a->res->count[GA_SITE_PAGES]++;
    ga_status_t st = GA_OK;
    ga_page_kind_t kind = ga_page_kind(pg);
    bool home = false;
    size_t textlen = 0;
    const char *text = ga_page_text(pg, &textlen);
    if ((is_root(url) || self == a->home_pending) && !a->home) {
        home = true;
        kind = GA_PAGE_HOME;
    } else if (kind == GA_PAGE_HOME) {
        /* A sub-site's entry page: a list when it lists, else just a page. */
        kind = ga_page_item_count(pg) ? GA_PAGE_LIST : GA_PAGE_OTHER;
    }
    /* A short list (one item, or none: a blank column) can read as an article or as no
     * particular page; its address and the lack of article tags tell it apart. Its body
     * links to pages that are not lists are its items; without any it is a candidate for
     * a blank column below. */
    bool body_items = false, maybe_list = false;
    if (kind == GA_PAGE_ARTICLE && !ga_page_meta(pg, "ArticleTitle") && list_like_url(url) &&
        !strchr(url, '?'))
        maybe_list = true;
    if (kind == GA_PAGE_OTHER && list_like_url(url))
        maybe_list = true;
    int depth = 0;
    const char *cname =
        kind == GA_PAGE_HOME ? NULL : page_column(pg, kind == GA_PAGE_ARTICLE && !maybe_list, &depth);
    if (maybe_list && cname) {
        size_t n = 0;
        st = count_body_items(a, pg, self, &n, err);
        if (!st && n) {
            kind = GA_PAGE_LIST;
            body_items = true;
        } else {
            kind = GA_PAGE_OTHER;
        }
    }
    const char *ctype = ga_page_meta(pg, "ColumnType");
    /* A page that names its column but shows neither a list nor an article: kept as a
     * candidate for a blank column (see cand_t). */
    if (!st && kind == GA_PAGE_OTHER && cname)
        st = add_cand(a, pg, url, cname, ctype, depth, text, textlen, err);

    /* Links: the inventory, the broken-link sources, the channels offered. */
    size_t nl = ga_page_link_count(pg);
    for (size_t i = 0; i < nl && !st; i++) {
        const char *lu = ga_page_link_url(pg, i), *lt = ga_page_link_text(pg, i);
        int rc = ga_site_url_norm(lu, strlen(lu), &a->b1);
        if (rc < 0) {
            st = nomem(err);
            break;
        }
        if (rc == 0)
            continue;
        uint32_t t = url_entry(a, a->b1.data, a->b1.len);
        if (!t) {
            st = nomem(err);
            break;
        }
        uent_t *te = &a->u.v[t - 1];
        if (t != self) {
            if (te->nrefs < GA_SITE_REFS) {
                bool dup = false;
                for (uint32_t k = 0; k < te->nrefs; k++)
                    dup |= te->refs[k] == self;
                if (!dup)
                    te->refs[te->nrefs++] = self;
            } else if (te->refs[GA_SITE_REFS - 1] != self && te->nrefs < UINT32_MAX) {
                te->nrefs++;
            }
        }
        if (home)
            te->flags |= F_HOME_LINK;
        if (!is_external(a, te->url) &&
            (st = ga_site_attachment_link(a->res, te->url, url, lt, err)) != GA_OK)
            break;
        if (!te->text && lt && *lt && (home || is_external(a, te->url))) {
            if (!(te->text = arena_dup(a, lt, strlen(lt)))) {
                st = nomem(err);
                break;
            }
        }
        if (lt && !a->consult_seen && contains_any(lt, consult_words))
            a->consult_seen = true;
        if (lt && !a->service_seen && contains_any(lt, service_words))
            a->service_seen = true;
    }

    if (!st && home) {
        a->home = self;
        st = home_lines(a, text, textlen, err);
        /* Dates the home page shows beside its items (a full date only). */
        for (size_t i = 0; i < ga_page_item_count(pg) && !st; i++) {
            int64_t t = parse_time(ga_page_item_date(pg, i));
            const char *iu = ga_page_item_url(pg, i);
            if (t == GA_TIME_NONE || ga_site_url_norm(iu, strlen(iu), &a->b1) <= 0)
                continue;
            uint32_t te = url_entry(a, a->b1.data, a->b1.len);
            if (!te)
                st = nomem(err);
            else if (a->u.v[te - 1].list_date == GA_TIME_NONE && !a->u.v[te - 1].list_col)
                a->u.v[te - 1].list_date = t;
        }
        const char *sn = ga_page_meta(pg, "SiteName");
        if (!set_str(&a->site_name, sn) || !set_str(&a->home_title, ga_page_html_title(pg)) ||
            !set_str(&a->site_id, ga_page_meta(pg, "SiteIDCode")))
            st = nomem(err);
        if (!st && strcmp(ga_page_charset(pg), "UTF-8") == 0) {
            if (!a->site_id) {
                a->site_id = after_label(body, len, "网站标识码", NULL);
            }
            char *own = owner_of(body, len);
            if (own) {
                free(a->owner);
                a->owner = own;
            }
        }
    } else if (!st && !a->site_id && !set_str(&a->site_id, ga_page_meta(pg, "SiteIDCode"))) {
        st = nomem(err);
    }

    uint32_t col = 0;
    if (!st && kind == GA_PAGE_LIST) {
        a->res->count[GA_SITE_LISTS]++;
        size_t dn;
        if (!url_dir(a, url, &dn)) {
            st = nomem(err);
        } else if (!cname) {
            /* No tag, no breadcrumb: the list's folder names the column. */
            size_t hn;
            const char *h = ga_site_url_host(a->b2.data, &hn);
            col = column_get(a, h + hn, h + hn, ctype, dir_depth(url));
        } else {
            col = column_get(a, cname, cname, ctype, depth ? depth : dir_depth(url));
        }
        if (!st && !col)
            st = nomem(err);
        if (!st) {
            col_t *c = &a->cols.v[col - 1];
            c->lists++;
            if (!c->url && !(c->url = strdup(url)))
                st = nomem(err);
            /* A list without items that leads to sub-columns is their parent, not blank. */
            if (!body_items && ga_page_item_count(pg) == 0 && links_below(a, pg, url))
                c->content = true;
            uint64_t dh = ga_hash64(a->b2.data, dn, 0xD1u);
            uint32_t *slot = st ? NULL : hmap_slot(&a->dirmap, dh);
            if (!st && !slot)
                st = nomem(err);
            else if (slot && !*slot) {
                *slot = col;
                a->dirmap.n++;
            }
        }
        size_t ni = body_items ? ga_page_link_count(pg) : ga_page_item_count(pg);
        for (size_t i = 0; i < ni && !st; i++) {
            if (body_items && !ga_page_link_in_body(pg, i))
                continue;
            const char *iu = body_items ? ga_page_link_url(pg, i) : ga_page_item_url(pg, i);
            int rc = ga_site_url_norm(iu, strlen(iu), &a->b1);
            if (rc <= 0) {
                if (rc < 0)
                    st = nomem(err);
                continue;
            }
            uint32_t t = url_entry(a, a->b1.data, a->b1.len);
            if (!t) {
                st = nomem(err);
                break;
            }
            uent_t *te = &a->u.v[t - 1];
            /* Body links stand in for items only when they lead to pages that are not
             * lists themselves (menus link lists). */
            if (body_items && !item_target(a, te->url, url))
                continue;
            if (!te->list_col) {
                te->list_col = col;
                te->list_date = body_items ? GA_TIME_NONE : parse_time(ga_page_item_date(pg, i));
            }
        }
    } else if (!st && kind == GA_PAGE_ARTICLE) {
        if (cname && !(col = column_get(a, cname, cname, ctype, depth)))
            st = nomem(err);
        const char *title = ga_page_title(pg);
        /* The same article under a second address (a query added, a print view): same
         * column, title, date and text. It is one post: not a second item, not a copy. */
        bool alias = false;
        if (!st) {
            size_t dn = 0;
            const char *ckey = col ? a->cols.v[col - 1].key : NULL;
            if (!ckey && url_dir(a, url, &dn)) {
                size_t hn;
                const char *h = ga_site_url_host(a->b2.data, &hn);
                ckey = h + hn;
            }
            const char *pd = ga_page_pubdate(pg);
            uint64_t ah = ga_hash64(text, textlen, ga_hash64(title, strlen(title), 0xA1u));
            ah = ga_hash64(ckey ? ckey : "", ckey ? strlen(ckey) : 0, ah);
            ah = ga_hash64(pd ? pd : "", pd ? strlen(pd) : 0, ah);
            uint32_t *slot = hmap_slot(&a->articles, ah);
            if (!slot) {
                st = nomem(err);
            } else if (*slot) {
                alias = true;
            } else {
                *slot = self;
                a->articles.n++;
            }
        }
        if (!st && !alias) {
            a->res->count[GA_SITE_ARTICLES]++;
            uent_t *se = &a->u.v[self - 1];
            se->flags |= F_ARTICLE;
            se->col = col;
            se->date = parse_time(ga_page_pubdate(pg));
        }
        if (!st && !alias && (a->matcher || a->spell)) {
            st = scan_text(a, url, title, title, strlen(title), true, err);
            if (!st)
                st = scan_text(a, url, title, text, textlen, false, err);
        }
        if (!st && a->dedup && textlen && !alias) {
            size_t dn = 0;
            const char *ckey = col ? a->cols.v[col - 1].key : NULL;
            if (!ckey && url_dir(a, url, &dn)) {
                size_t hn;
                const char *h = ga_site_url_host(a->b2.data, &hn);
                ckey = h + hn;
            }
            ga_dedup_doc_t d = {.size = sizeof d, .id = url, .site = a->host, .column = ckey,
                                .url = url, .date = ga_page_pubdate(pg), .title = title,
                                .source = ga_page_source(pg), .text = text, .text_len = textlen};
            size_t no;
            ga_error_t *de = NULL;
            if (ga_dedup_index_add(a->dedup, &d, &no, &de) != GA_OK) {
                bool ok = warn(a, "%s: not fingerprinted: %s", url, ga_error_message(de));
                ga_error_free(de);
                if (!ok)
                    st = nomem(err);
            } else {
                uint32_t *slot = GA_SITE_PUSH(a->docs);
                if (!slot)
                    st = nomem(err);
                else
                    *slot = self;
            }
        }
    }
    if (!st && (kind == GA_PAGE_HOME || kind == GA_PAGE_LIST || kind == GA_PAGE_ARTICLE))
        st = note_meta(a, pg, kind, url, err);
    ga_page_free(pg);
    return st;
}

static bool is_html_type(const char *ct, const char *body, size_t len)
{
    if (ct && *ct) {
        if (strncasecmp(ct, "text/html", 9) == 0 || strncasecmp(ct, "application/xhtml", 17) == 0)
            return true;
        if (strncasecmp(ct, "text/plain", 10) && strncasecmp(ct, "application/octet-stream", 24))
            return false;
    }
    /* Sniff: markup in the first bytes. */
    size_t i = 0;
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
        i++;
    if (i >= len || body[i] != '<')
        return false;
    size_t n = len - i < 1024 ? len - i : 1024;
    for (size_t k = i; k + 5 <= i + n; k++)
        if (strncasecmp(body + k, "<html", 5) == 0 || strncasecmp(body + k, "<!doc", 5) == 0 ||
            strncasecmp(body + k, "<head", 5) == 0 || strncasecmp(body + k, "<body", 5) == 0)
            return true;
    return false;
}

/* The target of a small page that forwards visitors: a meta refresh with a URL, or a
 * script assigning location. 1 with the resolved URL in b1, 0 when none, -1 no memory. */
static int forward_target(ga_site_auditor_t *a, const char *url, const char *body, size_t len)
{
    if (!body || len == 0 || len > 8192)
        return 0;
    char buf[8193];
    memcpy(buf, body, len);
    buf[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';
    const char *from = NULL;
    char *m = strcasestr(buf, "http-equiv");
    if (m && (m = strcasestr(m, "refresh")) != NULL && (m = strcasestr(m, "url=")) != NULL) {
        from = m + 4;
    } else {
        static const char *const js[] = {"location.href", "location.replace", "window.location",
                                         "top.location", NULL};
        for (size_t k = 0; js[k] && !from; k++)
            if ((m = strcasestr(buf, js[k])) != NULL) {
                m += strlen(js[k]);
                while (*m == ' ' || *m == '=' || *m == '(')
                    m++;
                if (*m == '"' || *m == '\'')
                    from = m;
            }
    }
    if (!from)
        return 0;
    char quote = 0;
    if (*from == '"' || *from == '\'')
        quote = *from++;
    size_t n = 0;
    while (from[n] && from[n] != quote && from[n] != '>' && from[n] != ';' &&
           (quote || (from[n] != ' ' && from[n] != '"' && from[n] != '\'')))
        n++;
    if (n == 0 || n > 2000)
        return 0;
    char target[2001];
    memcpy(target, from, n);
    target[n] = '\0';
    return ga_site_url_resolve(url, target, &a->b1);
}

ga_status_t ga_site_auditor_add_page(ga_site_auditor_t *a, const char *url, int status,
                                     const char *content_type, const char *location,
                                     const char *body, size_t len, ga_error_t **err)
{
    if (!a || !url || (!body && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_add_page: NULL argument");
    if (a->finished)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_auditor_add_page: the audit is finished");
    if (status < 0 || status > 999)
        status = 0;
    a->res->count[GA_SITE_URLS]++;
    int rc = ga_site_url_norm(url, strlen(url), &a->b1);
    if (rc < 0)
        return nomem(err);
    if (rc == 0)
        return warn(a, "'%.200s': not an http(s) URL; skipped", url) ? GA_OK : nomem(err);
    uint32_t self = url_entry(a, a->b1.data, a->b1.len);
    if (!self)
        return nomem(err);
    uent_t *e = &a->u.v[self - 1];
    if (e->flags & F_FED)
        return GA_OK;
    e->flags |= F_FED;
    e->status = status;
    bool html = status >= 200 && status < 300 && is_html_type(content_type, body, len);
    if (!a->host && html && !a->site_url) {
        /* The first page of the crawl that is HTML decides whose site this is. */
        if (!(a->site_url = strdup(e->url)))
            return nomem(err);
    }
    if (!a->host && a->site_url) {
        size_t hn;
        const char *h = ga_site_url_host(a->site_url, &hn);
        a->host = malloc(hn + 1);
        a->scheme_host = malloc((size_t)(h - a->site_url) + hn + 1);
        if (!a->host || !a->scheme_host)
            return nomem(err);
        memcpy(a->host, h, hn);
        a->host[hn] = '\0';
        memcpy(a->scheme_host, a->site_url, (size_t)(h - a->site_url) + hn);
        a->scheme_host[(size_t)(h - a->site_url) + hn] = '\0';
    }
    if (location && *location && status >= 300 && status < 400) {
        rc = ga_site_url_resolve(e->url, location, &a->b1);
        if (rc < 0)
            return nomem(err);
        if (rc > 0) {
            uint32_t t = url_entry(a, a->b1.data, a->b1.len);
            if (!t)
                return nomem(err);
            a->u.v[self - 1].redirect = t;
        }
    }
    e = &a->u.v[self - 1];
    bool external = is_external(a, e->url);
    if (!external && !html) {
        ga_status_t st = ga_site_attachment_add(a, a->res, e->url, status, body, len, err);
        if (st)
            return st;
    }
    if (external || status < 200 || status >= 300)
        return GA_OK;
    if (!html) {
        bool attach = ga_site_attachment_url(e->url) ||
                      ga_attach_sniff(body, len) != GA_ATTACH_UNKNOWN ||
                      (content_type && (strstr(content_type, "pdf") || strstr(content_type, "msword") ||
                                        strstr(content_type, "officedocument") ||
                                        strstr(content_type, "ms-excel")));
        if (attach) {
            e->flags |= F_ATTACHMENT;
            a->res->count[GA_SITE_ATTACHMENTS]++;
        }
        return GA_OK;
    }
    if (!a->home && !a->home_pending && is_root(e->url)) {
        /* A root page that only forwards (meta refresh, a script setting location) is the
         * door, not the home page: the page it forwards to is. */
        int fw = forward_target(a, e->url, body, len);
        if (fw < 0)
            return nomem(err);
        if (fw > 0) {
            uint32_t t = url_entry(a, a->b1.data, a->b1.len);
            if (!t)
                return nomem(err);
            if (t != self) {
                a->u.v[self - 1].redirect = t;
                a->home_pending = t;
                return GA_OK;
            }
        }
    }
    if (len > a->max_page_bytes)
        return warn(a, "%s: %zu bytes, over the page size limit; not parsed", e->url, len)
                   ? GA_OK
                   : nomem(err);
    return site_page(a, self, content_type, body, len, err);
}

/* ---- the end of the audit -------------------------------------------------------------- */

static int final_status(const ga_site_auditor_t *a, uint32_t i)
{
    for (int hop = 0; hop < 10; hop++) {
        const uent_t *e = &a->u.v[i - 1];
        if (e->status >= 300 && e->status < 400 && e->redirect && e->redirect != i) {
            const uent_t *t = &a->u.v[e->redirect - 1];
            if (t->status < 0)
                return e->status; /* the redirect's target was not fetched */
            i = e->redirect;
            continue;
        }
        return e->status;
    }
    return 0; /* a redirect loop never opens */
}

static void add_item(col_t *c, int64_t t, bool *ok)
{
    int64_t *slot = GA_SITE_PUSH(c->items);
    if (!slot)
        *ok = false;
    else
        *slot = t;
}

static ga_status_t build_columns(ga_site_auditor_t *a, ga_error_t **err)
{
    bool ok = true;
    /* Articles without a tag or breadcrumb: the nearest list folder above them. */
    for (size_t i = 0; i < a->u.n && ok; i++) {
        uent_t *e = &a->u.v[i];
        if (!(e->flags & F_ARTICLE) || e->col)
            continue;
        if (e->list_col) {
            e->col = e->list_col;
            continue;
        }
        size_t dn;
        if (!url_dir(a, e->url, &dn)) {
            ok = false;
            break;
        }
        size_t hn;
        const char *h = ga_site_url_host(a->b2.data, &hn);
        size_t origin = (size_t)(h - a->b2.data) + hn;
        while (dn > origin && !e->col) {
            e->col = hmap_get(&a->dirmap, ga_hash64(a->b2.data, dn, 0xD1u));
            dn--;
            while (dn > origin && a->b2.data[dn - 1] != '/')
                dn--;
        }
    }
    for (size_t i = 0; i < a->u.n && ok; i++) {
        const uent_t *e = &a->u.v[i];
        if (e->flags & F_ARTICLE) {
            if (e->col)
                add_item(&a->cols.v[e->col - 1],
                         e->date != GA_TIME_NONE ? e->date : e->list_date, &ok);
            if (e->list_col && e->list_col != e->col)
                add_item(&a->cols.v[e->list_col - 1],
                         e->date != GA_TIME_NONE ? e->date : e->list_date, &ok);
        } else if (e->list_col && !(e->flags & F_SITE_PAGE)) {
            /* Listed but not crawled as an article (a crawl limit, an attachment, a page
             * elsewhere): the list's date stands. Listed pages that were parsed as
             * something else (a sub-column's list) are not items. */
            add_item(&a->cols.v[e->list_col - 1], e->list_date, &ok);
        }
    }
    if (!ok)
        return nomem(err);
    ga_site_result_t *r = a->res;
    int64_t tmonth = ga_site_month_index(a->T);
    ga_obs_mark_observed(a->obs, GA_OBS_COLUMNS);
    for (size_t i = 0; i < a->cols.n; i++) {
        col_t *c = &a->cols.v[i];
        ga_site_column_t *rc = GA_SITE_PUSH(r->columns);
        if (!rc)
            return nomem(err);
        rc->key = c->key;
        rc->name = c->name;
        rc->type = c->type;
        rc->url = c->url;
        c->key = c->name = c->type = c->url = NULL;
        rc->level = c->level ? c->level : 1;
        rc->lists = c->lists;
        rc->items = c->items.n;
        rc->blank = c->lists > 0 && c->items.n == 0 && !c->content;
        rc->last = GA_TIME_NONE;
        for (size_t k = 0; k < c->items.n; k++) {
            int64_t t = c->items.v[k];
            if (t == GA_TIME_NONE)
                continue;
            rc->dated++;
            if (t <= a->T && (rc->last == GA_TIME_NONE || t > rc->last))
                rc->last = t;
            int64_t m = ga_site_month_index(t) - (tmonth - (GA_SITE_CHART_MONTHS - 1));
            if (m >= 0 && m < GA_SITE_CHART_MONTHS)
                rc->months[m]++;
            else if (m < 0)
                rc->older++;
        }
        /* A column that is not blank but shows no date (its list shows none and no article
         * was crawled, or a page of content stands for it) is neither fresh nor stale: it
         * is left out of the observations. */
        if (!rc->blank && !rc->dated)
            continue;
        if (!rc->blank)
            rc->stale = ga_profile_column_stale(a->profile, rc->type, rc->level, c->items.v,
                                              c->items.n, a->T, rc->window) != 0;
        size_t idx;
        ga_status_t st = ga_obs_add_column(a->obs, rc->key, rc->name, rc->type, rc->level,
                                           rc->blank, &idx, err);
        for (size_t k = 0; k < c->items.n && !st; k++)
            st = ga_obs_add_column_item(a->obs, idx, c->items.v[k], err);
        if (st)
            return st;
    }
    r->count[GA_SITE_COLUMNS] = r->columns.n;
    return GA_OK;
}

/* A page missing from a mirror under its own name may be there under the name
 * `wget --adjust-extension` gives it (NAME.html): its status then, else -1. */
static int mirror_status(ga_site_auditor_t *a, const char *url)
{
    a->b2.len = 0;
    if (!ga_buf_append(&a->b2, url, strlen(url)) || !ga_buf_append(&a->b2, ".html", 5))
        return -1;
    uint32_t e = hmap_get(&a->umap, ga_hash64(a->b2.data, a->b2.len, 0x5173u));
    return e ? final_status(a, e) : -1;
}

static ga_status_t build_links(ga_site_auditor_t *a, ga_error_t **err)
{
    ga_site_result_t *r = a->res;
    ga_obs_mark_observed(a->obs, GA_OBS_LINKS);
    /* Two passes: broken links first, then the external inventory, each in crawl order. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < a->u.n; i++) {
            const uent_t *e = &a->u.v[i];
            bool external = is_external(a, e->url);
            if (pass == 0 && !external && (e->flags & F_FED) && (e->status >= 400 || e->status == 0))
                r->count[GA_SITE_ERRORS] += pass == 0;
            if (!e->nrefs)
                continue;
            int st = final_status(a, (uint32_t)i + 1);
            if (st < 0 && !external && (a->flags & GA_SITE_MISSING_IS_BROKEN))
                st = mirror_status(a, e->url);
            bool missing = st < 0 && !external && (a->flags & GA_SITE_MISSING_IS_BROKEN);
            bool broken = (st >= 0 && (st == 0 || st >= 400)) || missing;
            if (pass == 0 ? !broken : (broken || !external))
                continue;
            const char *where = a->u.v[e->refs[0] - 1].url;
            if (broken || st >= 0) {
                ga_status_t s = ga_obs_add_link(a->obs, e->url, st < 0 ? 0 : st, external, where,
                                                err);
                if (s)
                    return s;
            }
            r->count[broken ? GA_SITE_BROKEN : GA_SITE_EXTERNAL]++;
            if (broken && external)
                r->count[GA_SITE_EXTERNAL]++;
            if (r->links.n >= 5000)
                continue;
            ga_site_link_t *l = GA_SITE_PUSH(r->links);
            if (!l || !(l->url = strdup(e->url)))
                return nomem(err);
            l->status = missing ? 0 : st;
            l->external = external;
            l->broken = broken;
            l->nrefs = e->nrefs;
            for (uint32_t k = 0; k < e->nrefs && k < GA_SITE_REFS; k++)
                if (!(l->refs[k] = strdup(a->u.v[e->refs[k] - 1].url)))
                    return nomem(err);
            if (e->text && !(l->text = strdup(e->text)))
                return nomem(err);
        }
    }
    return GA_OK;
}

static ga_status_t build_home(ga_site_auditor_t *a, ga_error_t **err)
{
    if (!a->home)
        return GA_OK; /* the home page was not crawled: its items were not observed */
    /* The home page's items are observed only when the date of at least one is known:
     * a crawl that reached none of the articles it links proves nothing about freshness. */
    bool dated = false;
    for (size_t i = 0; i < a->u.n && !dated; i++) {
        const uent_t *e = &a->u.v[i];
        dated = (e->flags & F_HOME_LINK) && (e->date != GA_TIME_NONE || e->list_date != GA_TIME_NONE);
    }
    if (!dated)
        return warn(a, "no item of the home page has a known date: its freshness is not judged")
                   ? GA_OK
                   : nomem(err);
    ga_obs_mark_observed(a->obs, GA_OBS_HOME);
    for (size_t i = 0; i < a->u.n; i++) {
        const uent_t *e = &a->u.v[i];
        if (!(e->flags & F_HOME_LINK) ||
            !((e->flags & F_ARTICLE) || e->list_col || e->list_date != GA_TIME_NONE))
            continue;
        int64_t t = e->date != GA_TIME_NONE ? e->date : e->list_date;
        ga_status_t st = ga_obs_add_home_item(a->obs, t, e->text, e->url, err);
        if (st)
            return st;
    }
    return GA_OK;
}

/* A headline without white space and the punctuation sites vary in it. */
static void title_key(const char *t, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; t && t[i] && o + 4 < cap;) {
        size_t at = i;
        int32_t cp = ga_utf8_decode((const unsigned char *)t, strlen(t), &i);
        if (cp <= ' ' || cp == 0x3000 || cp == 0xA0 || cp == '"' || cp == 0x201C || cp == 0x201D ||
            cp == 0x300A || cp == 0x300B)
            continue;
        memcpy(out + o, t + at, i - at);
        o += i - at;
    }
    out[o] = '\0';
}

/* Whether two members of cluster `c` have the same headline (or one holds the other). */
static bool titles_shared(const ga_dedup_index_t *idx, const ga_dedup_clusters_t *cl, size_t c)
{
    size_t n = ga_dedup_cluster_size(cl, c);
    if (n > 64)
        n = 64;
    char (*keys)[256] = malloc(n * sizeof *keys);
    if (!keys)
        return true; /* keep the module's verdict */
    for (size_t j = 0; j < n; j++)
        title_key(ga_dedup_index_doc_field(idx, ga_dedup_cluster_doc(cl, c, j), GA_DEDUP_TITLE),
                  keys[j], sizeof keys[j]);
    bool shared = false;
    for (size_t j = 0; j < n && !shared; j++)
        for (size_t k = j + 1; k < n && !shared; k++) {
            const char *x = keys[j], *y = keys[k];
            if (strlen(x) > strlen(y)) {
                const char *t = x;
                x = y;
                y = t;
            }
            shared = *x && (strcmp(x, y) == 0 || (strlen(x) >= 12 && strstr(y, x)));
        }
    free(keys);
    return shared;
}

static ga_status_t build_dups(ga_site_auditor_t *a, ga_error_t **err)
{
    if (!a->dedup)
        return GA_OK;
    ga_obs_mark_observed(a->obs, GA_OBS_DUPLICATES);
    ga_dedup_clusters_t *cl = NULL;
    ga_status_t st = ga_dedup_index_cluster(a->dedup, 1, &cl, err);
    if (st)
        return st;
    size_t nc = ga_dedup_clusters_count(cl);
    for (size_t i = 0; i < nc && !st; i++) {
        ga_dedup_kind_t k = ga_dedup_cluster_kind(cl, i);
        /* A post published again keeps its headline; copies with different headlines
         * are template texts (procurement notices, appointment lists) that share their
         * wording, not 一稿多发. */
        if (k == GA_DEDUP_MULTI_POST && !titles_shared(a->dedup, cl, i))
            k = GA_DEDUP_DUPLICATE;
        const char *kind = ga_dedup_kind_name(k);
        size_t idx;
        st = ga_obs_add_duplicate(a->obs, kind, &idx, err);
        if (st)
            break;
        a->res->count[GA_SITE_DUPLICATES]++;
        ga_site_dup_t *d = a->res->dups.n < 1000 ? GA_SITE_PUSH(a->res->dups) : NULL;
        size_t n = ga_dedup_cluster_size(cl, i);
        if (d) {
            d->similarity = ga_dedup_cluster_similarity(cl, i);
            if (!(d->kind = strdup(kind)) || !(d->posts = calloc(n, sizeof *d->posts))) {
                st = nomem(err);
                break;
            }
        }
        for (size_t j = 0; j < n && !st; j++) {
            size_t doc = ga_dedup_cluster_doc(cl, i, j);
            if (doc >= a->docs.n)
                continue;
            const uent_t *e = &a->u.v[a->docs.v[doc] - 1];
            const char *column = e->col ? a->res->columns.v[e->col - 1].name
                                        : ga_dedup_index_doc_field(a->dedup, doc, GA_DEDUP_COLUMN);
            st = ga_obs_add_duplicate_member(a->obs, idx, e->url, column, e->date, err);
            if (!st && d) {
                ga_site_dup_post_t *p = &d->posts[d->n++];
                char buf[24];
                p->url = strdup(e->url);
                p->title = xstrdup(ga_dedup_index_doc_field(a->dedup, doc, GA_DEDUP_TITLE));
                p->column = xstrdup(column);
                p->date = e->date != GA_TIME_NONE ? strdup(ga_time_format(e->date, 1, buf)) : NULL;
                if (!p->url || !p->title || !p->column)
                    st = nomem(err);
            }
        }
    }
    ga_dedup_clusters_free(cl);
    return st;
}

ga_status_t ga_site_auditor_finish(ga_site_auditor_t *a, ga_site_result_t **out, ga_error_t **err)
{
    if (!a || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_finish: NULL argument");
    if (a->finished)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_auditor_finish: the audit is already finished");
    a->finished = true;
    *out = NULL;
    if (!a->res->count[GA_SITE_PAGES])
        return ga_error_set(err, GA_ERR_NOT_FOUND,
                            "no HTML page of the site was fed (%zu URLs seen)",
                            a->res->count[GA_SITE_URLS]);
    ga_site_result_t *r = a->res;
    ga_status_t st = settle_cands(a, err);
    if (!st)
        st = build_columns(a, err);
    if (!st)
        st = build_links(a, err);
    if (!st)
        st = build_home(a, err);
    if (!st)
        st = build_dups(a, err);
    if (!st)
        st = ga_site_attachments_finish(a, a->res, err);
    if (st)
        return st;
    if (a->matcher || a->spell)
        ga_obs_mark_observed(a->obs, GA_OBS_FINDINGS);
    ga_obs_mark_observed(a->obs, GA_OBS_PAGES);
    /* The name: the caller's, the home page's SiteName, its title, the host. */
    const char *name = a->site_name_opt   ? a->site_name_opt
                       : a->site_name     ? a->site_name
                       : a->home_title    ? a->home_title
                                          : a->host;
    if (!(r->site = strdup(name)) || !set_str(&r->owner, a->owner) ||
        !set_str(&r->site_id, a->site_id) || !(r->host = strdup(a->host)))
        return nomem(err);
    const char *home = a->home ? a->u.v[a->home - 1].url : a->site_url;
    if (!(r->home = strdup(home)) || !(r->profile_id = strdup(ga_profile_id(a->profile))))
        return nomem(err);
    r->time = a->T;
    st = ga_obs_set_site(a->obs, r->site, r->owner, r->site_id, err);
    ga_obs_set_time(a->obs, a->T);
    for (size_t i = 0; !a->consult_seen && i < r->columns.n; i++)
        a->consult_seen = strcmp(r->columns.v[i].type, "consult") == 0;
    /* A channel is reported missing only when the home page was seen: a partial crawl
     * that never reached it proves nothing. */
    if (!st && (a->consult_seen || a->home))
        st = ga_obs_set_flag(a->obs, "has_consult_channel", a->consult_seen, err);
    if (!st && a->service_seen)
        st = ga_obs_set_flag(a->obs, "has_service", 1, err);
    if (!st)
        st = ga_score(a->profile, a->obs, &r->score, err);
    if (st)
        return st;
    r->obs = a->obs;
    a->obs = NULL;
    a->res = NULL;
    *out = r;
    return GA_OK;
}

/* ---- result ---------------------------------------------------------------------------- */

static void result_free_parts(ga_site_result_t *r)
{
    ga_site_attachments_free(r);
    free(r->site);
    free(r->owner);
    free(r->site_id);
    free(r->home);
    free(r->host);
    free(r->profile_id);
    ga_observations_free(r->obs);
    ga_score_result_free(r->score);
    for (size_t i = 0; i < r->columns.n; i++) {
        ga_site_column_t *c = &r->columns.v[i];
        free(c->key);
        free(c->name);
        free(c->type);
        free(c->url);
    }
    free(r->columns.v);
    for (size_t i = 0; i < r->findings.n; i++) {
        ga_site_finding_t *f = &r->findings.v[i];
        free(f->url);
        free(f->title);
        free(f->rule);
        free(f->category);
        free(f->severity);
        free(f->suggestion);
        free(f->text);
        free(f->before);
        free(f->after);
    }
    free(r->findings.v);
    for (size_t i = 0; i < r->dups.n; i++) {
        ga_site_dup_t *d = &r->dups.v[i];
        for (size_t j = 0; j < d->n; j++) {
            free(d->posts[j].url);
            free(d->posts[j].title);
            free(d->posts[j].column);
            free(d->posts[j].date);
        }
        free(d->posts);
        free(d->kind);
    }
    free(r->dups.v);
    for (size_t i = 0; i < r->links.n; i++) {
        ga_site_link_t *l = &r->links.v[i];
        free(l->url);
        free(l->text);
        for (int k = 0; k < GA_SITE_REFS; k++)
            free(l->refs[k]);
    }
    free(r->links.v);
    for (size_t i = 0; i < r->meta.n; i++) {
        free(r->meta.v[i].url);
        free(r->meta.v[i].kind);
    }
    free(r->meta.v);
    for (size_t i = 0; i < r->warnings.n; i++)
        free(r->warnings.v[i]);
    free(r->warnings.v);
}

void ga_site_result_free(ga_site_result_t *r)
{
    if (!r)
        return;
    result_free_parts(r);
    free(r);
}

const ga_score_result_t *ga_site_result_score(const ga_site_result_t *r)
{
    return r ? r->score : NULL;
}

const ga_observations_t *ga_site_result_observations(const ga_site_result_t *r)
{
    return r ? r->obs : NULL;
}

const char *ga_site_result_site(const ga_site_result_t *r)
{
    return r ? r->site : NULL;
}

const char *ga_site_result_owner(const ga_site_result_t *r)
{
    return r ? r->owner : NULL;
}

const char *ga_site_result_home(const ga_site_result_t *r)
{
    return r ? r->home : NULL;
}

int64_t ga_site_result_time(const ga_site_result_t *r)
{
    return r ? r->time : GA_TIME_NONE;
}

size_t ga_site_result_count(const ga_site_result_t *r, ga_site_count_t what)
{
    if (!r || (unsigned)what > GA_SITE_WARNINGS)
        return 0;
    return r->count[what];
}

const char *ga_site_result_warning(const ga_site_result_t *r, size_t i)
{
    return r && i < r->warnings.n ? r->warnings.v[i] : NULL;
}
