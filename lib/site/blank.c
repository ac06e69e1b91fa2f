/* Blank columns: pages that name a column but show neither a list nor an article are
 * kept as candidates and settled at the end, when the home page's lines tell the site's
 * boilerplate from a page's own text. */
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"

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

ga_status_t ga_site_home_lines(ga_site_auditor_t *a, const char *text, size_t len,
                              ga_error_t **err)
{
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        uint64_t h = line_hash(text + i, e - i);
        if (h) {
            uint32_t *slot = ga_site_hmap_slot(&a->homelines, h);
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
bool ga_site_links_below(ga_site_auditor_t *a, const ga_page_t *pg, const char *url)
{
    size_t dn;
    if (!ga_site_url_dir(a, url, &dn))
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

ga_status_t ga_site_add_cand(ga_site_auditor_t *a, const ga_page_t *pg, const char *url,
                            const char *name, const char *ctype, int depth, const char *text,
                            size_t len, ga_error_t **err)
{
    cand_t *c = GA_SITE_PUSH(a->cands);
    if (!c || !(c->name = strdup(name)) || !(c->url = strdup(url)) ||
        (ctype && !(c->ctype = strdup(ctype))))
        return nomem(err);
    c->depth = depth;
    c->children = ga_site_links_below(a, pg, url);
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
ga_status_t ga_site_settle_cands(ga_site_auditor_t *a, ga_error_t **err)
{
    for (size_t i = 0; i < a->cands.n; i++) {
        const cand_t *c = &a->cands.v[i];
        size_t own = c->rest;
        for (uint32_t k = 0; k < c->n; k++)
            if (!ga_site_hmap_get(&a->homelines, c->h[k]))
                own += c->chars[k];
        /* A page that leads to sub-columns is navigation, not an empty column. */
        bool empty = own < 60 && !c->children;
        if (!empty && !c->tagged)
            continue;
        uint32_t col = ga_site_column_get(a, c->name, c->name, c->ctype, c->depth ? c->depth : ga_site_dir_depth(c->url));
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
