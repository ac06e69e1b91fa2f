/* Columns: the column a page names (tags, breadcrumb, folder), the items lists show,
 * and at the end each column's items, dates and freshness, and the home page's. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "site/audit-private.h"
#include "score/score-stale.h"

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
const char *ga_site_page_column(const ga_page_t *pg, bool article, int *depth)
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
uint32_t ga_site_column_get(ga_site_auditor_t *a, const char *key, const char *name,
                           const char *ctype, int depth)
{
    uint64_t h = ga_hash64(key, strlen(key), 0xC01u);
    uint32_t *slot = ga_site_hmap_slot(&a->colmap, h);
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
bool ga_site_url_dir(ga_site_auditor_t *a, const char *url, size_t *len)
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

int ga_site_dir_depth(const char *url)
{
    size_t hn;
    const char *h = ga_site_url_host(url, &hn);
    int d = 0;
    for (const char *p = h + hn; *p && *p != '?'; p++)
        d += *p == '/';
    return d > 0 ? d - 1 : 0;
}

/* Whether the last segment of a URL's path names a list page: "", index*, list*,
 * default*, more*, node_* and col* (the usual CMS list addresses). */
bool ga_site_list_like_url(const char *url)
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

/* Whether link target `url` (normalised) may be an item of a list: a page of the site that
 * is neither the home page nor a list itself (menus link lists). */
bool ga_site_item_target(const ga_site_auditor_t *a, const char *url, const char *self)
{
    return strcmp(url, self) != 0 && !ga_site_is_external(a, url) && !ga_site_is_root(url) && !ga_site_list_like_url(url);
}

ga_status_t ga_site_count_body_items(ga_site_auditor_t *a, const ga_page_t *pg, uint32_t self,
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
        if (rc > 0 && ga_site_item_target(a, a->b1.data, a->u.v[self - 1].url))
            (*n)++;
    }
    return GA_OK;
}

static void add_item(col_t *c, int64_t t, bool *ok)
{
    int64_t *slot = GA_SITE_PUSH(c->items);
    if (!slot)
        *ok = false;
    else
        *slot = t;
}

ga_status_t ga_site_build_columns(ga_site_auditor_t *a, ga_error_t **err)
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
        if (!ga_site_url_dir(a, e->url, &dn)) {
            ok = false;
            break;
        }
        size_t hn;
        const char *h = ga_site_url_host(a->b2.data, &hn);
        size_t origin = (size_t)(h - a->b2.data) + hn;
        while (dn > origin && !e->col) {
            e->col = ga_site_hmap_get(&a->dirmap, ga_hash64(a->b2.data, dn, 0xD1u));
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

ga_status_t ga_site_build_home(ga_site_auditor_t *a, ga_error_t **err)
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
