/* The kind of a page: home, list, article or other. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

static bool root_url(const char *url)
{
    if (!url)
        return false;
    const char *p = strstr(url, "://");
    if (!p)
        return false;
    p = strchr(p + 3, '/');
    if (!p)
        return true;
    size_t n = strcspn(p, "?#");
    static const char *const roots[] = {"/", "/index.html", "/index.htm", "/index.shtml",
                                        "/index.jsp", "/index.php", "/default.html",
                                        "/default.htm", "/default.aspx", "/index.aspx",
                                        "/main.html", "/index.asp", "/default.asp"};
    for (size_t i = 0; i < NWORDS(roots); i++)
        if (n == strlen(roots[i]) && !strncasecmp(p, roots[i], n))
            return true;
    return false;
}

static bool article_url(const char *url)
{
    char d[20];
    if (!url)
        return false;
    return ga_page_url_date(url, d) || strstr(url, "/art_") || strstr(url, "content_") ||
           strstr(url, "/content.") || strstr(url, "/detail") || strstr(url, "/info/") ||
           strstr(url, "/article");
}

ga_page_kind_t ga_page_decide_kind(ctx_t *c, ga_page_t *pg, long body, long headline)
{
    const char *at = ga_page_ctx_meta(c, "ArticleTitle");
    uint32_t body_text = body >= 0 ? c->st[body].chars - c->st[body].link_chars : 0;
    float body_ld = body >= 0 && c->st[body].chars ? (float)c->st[body].link_chars / (float)c->st[body].chars : 1.0f;
    if (root_url(c->url))
        return GA_PAGE_HOME;
    const char *cn = ga_page_ctx_meta(c, "ColumnName");
    /* Some templates fill ArticleTitle on column pages too, with the column's name. */
    if (at && *at && !(cn && !strcmp(at, cn) && pg->nitems >= 5))
        return GA_PAGE_ARTICLE;
    /* No address to go by: a home page is titled with the site's name alone and shows
     * no breadcrumb. */
    const char *ht = c->html_title ? c->html_title : "";
    const char *site = ga_page_ctx_meta(c, "SiteName");
    if (!c->url && pg->ncolumn == 0 && *ht && !ga_page_ctx_meta(c, "ColumnName") &&
        !strpbrk(ht, "_|") && (ga_page_site_name_like(ht) || (site && !strcmp(ht, site))) &&
        !(body_text >= 300 && body_ld < 0.2f))
        return GA_PAGE_HOME;
    size_t dated = 0;
    for (size_t i = 0; i < pg->nitems; i++)
        dated += pg->items[i].date != NULL;
    /* The body found is the list itself (news lists with summaries read like prose). */
    bool body_is_list = false;
    if (c->items_elem && body >= 0) {
        uint32_t l = (uint32_t)c->items_elem - 1, b = (uint32_t)body;
        body_is_list = (b >= l && b <= ga_page_subtree_last(c, l)) || (l >= b && l <= ga_page_subtree_last(c, b));
    }
    if (pg->nitems >= 5 && body_is_list)
        return GA_PAGE_LIST;
    if (body_text >= 200 && body_ld < 0.3f && (pg->nitems < 5 || body_text > 600 + 40 * pg->nitems))
        return GA_PAGE_ARTICLE;
    if (pg->nitems >= 5 || (pg->nitems >= 3 && dated >= 3))
        return GA_PAGE_LIST;
    if (body_text >= 30 && body_ld < 0.5f && (headline >= 0 || article_url(c->url)))
        return GA_PAGE_ARTICLE;
    if (pg->nitems >= 3)
        return GA_PAGE_LIST;
    return GA_PAGE_OTHER;
}
