/* The site's identity (功能设计 · 网站标识) page by page: which pages lack an item the
 * footer should show, and which show one wrong (a 网站标识码 other than SiteIDCode, a 找错
 * entrance carrying another site's code, 备案号 of the wrong shape or without their link).
 * Each problem goes to the observations with the number of pages it was seen on. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"

static const char *const item_names[GA_PAGE_IDENTITY_ITEMS] = {
    "党政机关标识", "网站标识码", "ICP备案号", "公安机关备案号", "主办单位", "联系方式",
    "我为政府网站找错入口"};

/* Items only the home page must show; the others belong in every page's footer. */
static bool home_only(int item)
{
    return item == GA_PAGE_ID_CONAC || item == GA_PAGE_ID_ZHAOCUO;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

/* "浙ICP备12345678号" or with "-N"; ICP证 for licences. */
static bool icp_ok(const char *s)
{
    const char *p = strstr(s, "ICP");
    if (!p || p - s != 3 || (strncmp(p + 3, "备", 3) && strncmp(p + 3, "证", 3)))
        return false;
    p += 6;
    size_t n = strspn(p, "0123456789");
    if (n < 6 || strncmp(p + n, "号", 3))
        return false;
    p += n + 3;
    return !*p || (*p == '-' && digits(p + 1, strlen(p + 1)));
}

/* "浙公网安备33010002000123号": a province, 14 digits. */
static bool police_ok(const char *s)
{
    const char *p = strstr(s, "公网安备");
    return p && p - s == 3 && strlen(p + 12) == 17 && digits(p + 12, 14) &&
           !strcmp(p + 26, "号");
}

static bool link_has(const ga_page_t *pg, ga_page_identity_t item, const char *host)
{
    const char *l = ga_page_identity_link(pg, item);
    return l && strstr(l, host);
}

/* Count a page for a wrong item: the first one's URL and values kept. */
static bool wrong(site_identity_t *id, int kind, const char *url, const char *value,
                  const char *want)
{
    if (id->wrong[kind]++)
        return true;
    return (id->wrong_url[kind] = strdup(url)) && (id->wrong_value[kind] = strdup(value)) &&
           (!want || (id->wrong_want[kind] = strdup(want)));
}

ga_status_t ga_site_note_identity(ga_site_auditor_t *a, const ga_page_t *pg, const char *url,
                                  bool home, ga_error_t **err)
{
    site_identity_t *id = &a->id;
    id->pages++;
    if (home)
        id->home_seen = true;
    for (int k = 0; k < GA_PAGE_IDENTITY_ITEMS; k++) {
        bool has = ga_page_identity(pg, (ga_page_identity_t)k) != NULL;
        if (home)
            id->home_has[k] = has;
        if (!has && !id->lacking[k]++ && !(id->lacking_url[k] = strdup(url)))
            return nomem(err);
    }
    /* The codes a page should carry: its SiteIDCode, else the site's. */
    const char *own = ga_page_meta(pg, "SiteIDCode");
    if (!own || !*own)
        own = a->site_id;
    const char *code = ga_page_identity(pg, GA_PAGE_ID_SITE_CODE);
    bool ok = true;
    if (code && own && strcmp(code, own))
        ok = wrong(id, ID_WRONG_SITE_CODE, url, code, own);
    const char *zc = ga_page_identity(pg, GA_PAGE_ID_ZHAOCUO);
    const char *want = own ? own : code;
    if (ok && zc && want && strcmp(zc, want))
        ok = wrong(id, ID_WRONG_ZHAOCUO, url, *zc ? zc : "(none)", want);
    const char *icp = ga_page_identity(pg, GA_PAGE_ID_ICP);
    if (ok && icp && !icp_ok(icp))
        ok = wrong(id, ID_WRONG_ICP, url, icp, NULL);
    if (ok && icp && !link_has(pg, GA_PAGE_ID_ICP, "beian.miit.gov.cn"))
        ok = wrong(id, ID_UNLINKED_ICP, url, icp, NULL);
    const char *pol = ga_page_identity(pg, GA_PAGE_ID_POLICE);
    if (ok && pol && !police_ok(pol))
        ok = wrong(id, ID_WRONG_POLICE, url, pol, NULL);
    if (ok && pol && !link_has(pg, GA_PAGE_ID_POLICE, "beian.gov.cn") &&
        !link_has(pg, GA_PAGE_ID_POLICE, "beian.mps.gov.cn"))
        ok = wrong(id, ID_UNLINKED_POLICE, url, pol, NULL);
    if (!ok)
        return nomem(err);
    if (home) {
        /* The home page names the site's owner, and its code when no tag gives one. */
        if (!set_str(&a->owner, ga_page_identity(pg, GA_PAGE_ID_OWNER)) ||
            (!a->site_id && !set_str(&a->site_id, code)))
            return nomem(err);
    }
    return GA_OK;
}

static ga_status_t problem(ga_site_auditor_t *a, const char *kind, const char *url,
                           size_t pages, ga_error_t **err, const char *fmt, ...)
    GA_PRINTF(6, 7);

static ga_status_t problem(ga_site_auditor_t *a, const char *kind, const char *url,
                           size_t pages, ga_error_t **err, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char *clean = ga_utf8_clip(text, strlen(text), sizeof text - 1);
    if (!clean)
        return nomem(err);
    ga_status_t st = ga_obs_add_site_problem(a->obs, kind, clean, url, pages, err);
    free(clean);
    return st;
}

ga_status_t ga_site_build_identity(ga_site_auditor_t *a, ga_error_t **err)
{
    site_identity_t *id = &a->id;
    ga_status_t st = GA_OK;
    char kind[64];
    for (int k = 0; k < GA_PAGE_IDENTITY_ITEMS && !st; k++) {
        const char *name = ga_page_identity_name((ga_page_identity_t)k);
        snprintf(kind, sizeof kind, "identity.missing.%s", name);
        if (home_only(k)) {
            /* Judged on the home page; without it, only when no page shows the item. */
            if (id->home_seen && !id->home_has[k])
                st = problem(a, kind, a->u.v[a->home - 1].url, 1, err,
                             "%s missing on the home page", item_names[k]);
            else if (!id->home_seen && id->lacking[k] == id->pages)
                st = problem(a, kind, id->lacking_url[k], id->lacking[k], err,
                             "%s missing on all %zu pages", item_names[k], id->pages);
        } else if (id->lacking[k]) {
            st = problem(a, kind, id->lacking_url[k], id->lacking[k], err,
                         "%s missing on %zu of %zu pages", item_names[k], id->lacking[k],
                         id->pages);
        }
    }
    const size_t *n = id->wrong;
    char *const *u = id->wrong_url, *const *v = id->wrong_value, *const *w = id->wrong_want;
    if (!st && n[ID_WRONG_SITE_CODE])
        st = problem(a, "identity.wrong.site_code", u[ID_WRONG_SITE_CODE], n[ID_WRONG_SITE_CODE],
                     err, "网站标识码 shown as %s on %zu pages; SiteIDCode is %s",
                     v[ID_WRONG_SITE_CODE], n[ID_WRONG_SITE_CODE], w[ID_WRONG_SITE_CODE]);
    if (!st && n[ID_WRONG_ZHAOCUO])
        st = problem(a, "identity.wrong.zhaocuo", u[ID_WRONG_ZHAOCUO], n[ID_WRONG_ZHAOCUO], err,
                     "我为政府网站找错 entrance carries site_code %s on %zu pages; the site's is %s",
                     v[ID_WRONG_ZHAOCUO], n[ID_WRONG_ZHAOCUO], w[ID_WRONG_ZHAOCUO]);
    if (!st && n[ID_WRONG_ICP])
        st = problem(a, "identity.wrong.icp", u[ID_WRONG_ICP], n[ID_WRONG_ICP], err,
                     "ICP备案号 %s is not of the form 省ICP备N号 (%zu pages)", v[ID_WRONG_ICP],
                     n[ID_WRONG_ICP]);
    if (!st && n[ID_UNLINKED_ICP])
        st = problem(a, "identity.unlinked.icp", u[ID_UNLINKED_ICP], n[ID_UNLINKED_ICP], err,
                     "ICP备案号 %s does not link to beian.miit.gov.cn (%zu pages)",
                     v[ID_UNLINKED_ICP], n[ID_UNLINKED_ICP]);
    if (!st && n[ID_WRONG_POLICE])
        st = problem(a, "identity.wrong.police", u[ID_WRONG_POLICE], n[ID_WRONG_POLICE], err,
                     "公安机关备案号 %s is not of the form 省公网安备+14位数字+号 (%zu pages)",
                     v[ID_WRONG_POLICE], n[ID_WRONG_POLICE]);
    if (!st && n[ID_UNLINKED_POLICE])
        st = problem(a, "identity.unlinked.police", u[ID_UNLINKED_POLICE], n[ID_UNLINKED_POLICE],
                     err, "公安机关备案号 %s does not link to beian.gov.cn (%zu pages)",
                     v[ID_UNLINKED_POLICE], n[ID_UNLINKED_POLICE]);
    return st;
}

void ga_site_identity_free(site_identity_t *id)
{
    for (int k = 0; k < GA_PAGE_IDENTITY_ITEMS; k++)
        free(id->lacking_url[k]);
    for (int k = 0; k < ID_WRONG_KINDS; k++) {
        free(id->wrong_url[k]);
        free(id->wrong_value[k]);
        free(id->wrong_want[k]);
    }
}
