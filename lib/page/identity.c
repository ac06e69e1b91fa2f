/* The site identity a page's footer shows (功能设计 · 网站标识): 党政机关标识, 网站标识码,
 * ICP and 公安 备案号, 主办单位, 联系方式 and the 我为政府网站找错 entrance. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

static const char *const identity_names[GA_PAGE_IDENTITY_ITEMS] = {
    "conac", "site_code", "icp", "police", "owner", "contact", "zhaocuo"};

const char *ga_page_identity_name(ga_page_identity_t item)
{
    return (unsigned)item < GA_PAGE_IDENTITY_ITEMS ? identity_names[item] : NULL;
}

static bool starts(const char *s, const char *end, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(end - s) >= n && !memcmp(s, w, n);
}

/* Skip the separators between a label and its value: colons and spaces. */
static const char *skip_seps(const char *p, const char *end)
{
    for (;;) {
        if (p < end && (*p == ':' || *p == ' '))
            p++;
        else if (starts(p, end, "：") || starts(p, end, "　"))
            p += 3;
        else if (starts(p, end, "\xC2\xA0"))
            p += 2;
        else
            return p;
    }
}

/* The end of a value: a space, a line end or a separator ("|", "　", "，"). */
static const char *value_end(const char *p, const char *end, size_t max)
{
    const char *s = p;
    while (p < end && (size_t)(p - s) < max && *p != ' ' && *p != '\n' && *p != '|' &&
           !starts(p, end, "　") && !starts(p, end, "，") && !starts(p, end, "｜") &&
           !starts(p, end, "\xC2\xA0"))
        p++;
    while (p > s && ((unsigned char)*p & 0xC0) == 0x80 && p < end)
        p--; /* never end inside a character */
    return p;
}

static void set(ctx_t *c, char **slot, const char *s, size_t n)
{
    if (*slot || !s || !n)
        return;
    if (!(*slot = strndup(s, n)))
        c->oom = true;
}

/* The value after the first of `labels` in t[0,len); NULL length 0 when none. */
static const char *labelled(const char *t, size_t len, const char *const *labels,
                            size_t max, size_t *n)
{
    const char *end = t + len;
    for (size_t i = 0; labels[i]; i++) {
        const char *p = t;
        while ((p = ga_page_find(p, (size_t)(end - p), labels[i], strlen(labels[i]))) != NULL) {
            const char *v = skip_seps(p + strlen(labels[i]), end);
            const char *e = value_end(v, end, max);
            if (e > v) {
                *n = (size_t)(e - v);
                return v;
            }
            p += strlen(labels[i]);
        }
    }
    *n = 0;
    return NULL;
}

/* A 备案 number around `marker` ("ICP备", "公网安备"): from the province character before
 * it to 号 and an optional "-N", spaces dropped; written into out (cap bytes). */
static bool record_number(const char *t, size_t len, const char *marker, char *out, size_t cap)
{
    const char *end = t + len, *p = ga_page_find(t, len, marker, strlen(marker));
    if (!p)
        return false;
    const char *s = p;
    if (s - t >= 3 && ((unsigned char)s[-3] & 0xF0) == 0xE0)
        s -= 3; /* the province: 浙, 京, ... */
    const char *q = p + strlen(marker);
    if (starts(q, end, "备") || starts(q, end, "证"))
        q += 3; /* ICP备, ICP证 */
    size_t o = 0;
    for (const char *k = s; k < q && o + 1 < cap; k++)
        out[o++] = *k;
    while (q < end && (*q == ' ' || starts(q, end, "　") || starts(q, end, "：")))
        q += *q == ' ' ? 1 : 3;
    while (q < end && o + 1 < cap && ((*q >= '0' && *q <= '9') || *q == ' ')) {
        if (*q != ' ')
            out[o++] = *q;
        q++;
    }
    if (starts(q, end, "号") && o + 4 < cap) {
        memcpy(out + o, "号", 3);
        o += 3;
        q += 3;
        if (q + 1 < end && q[0] == '-' && q[1] >= '0' && q[1] <= '9') {
            out[o++] = *q++;
            while (q < end && *q >= '0' && *q <= '9' && o + 1 < cap)
                out[o++] = *q++;
        }
    }
    out[o] = '\0';
    return true;
}

/* The owner: "主办单位：X", "主办：X", or "X主办" (the words before it back to a
 * separator). */
static const char *owner_in(const char *t, size_t len, size_t *n)
{
    const char *end = t + len;
    *n = 0;
    for (const char *p = t; (p = ga_page_find(p, (size_t)(end - p), "主办", 6)) != NULL; p += 6) {
        const char *q = p + 6;
        bool unit = starts(q, end, "单位");
        if (unit)
            q += 6;
        while (q < end && *q == ' ')
            q++;
        if (starts(q, end, "：") || (q < end && *q == ':')) {
            const char *v = skip_seps(q, end), *e = value_end(v, end, 120);
            if (e > v) {
                *n = (size_t)(e - v);
                return v;
            }
            continue;
        }
        if (unit)
            continue; /* "主办单位" without a value */
        const char *s = p;
        while (s > t && p - s < 120 && s[-1] != ' ' && s[-1] != '\n' && s[-1] != '|' &&
               !(s - t >= 3 && (starts(s - 3, end, "　") || starts(s - 3, end, "："))))
            s--;
        while (s < p && ((unsigned char)*s & 0xC0) == 0x80)
            s++;
        if (s < p) {
            *n = (size_t)(p - s);
            return s;
        }
    }
    return NULL;
}

/* The site_code (or sitecode) parameter of an entrance URL; "" when it has none. */
static void site_code_of(ctx_t *c, ga_page_t *pg, const char *url)
{
    const char *p = strcasestr(url, "site_code=");
    size_t skip = 10;
    if (!p) {
        p = strcasestr(url, "sitecode=");
        skip = 9;
    }
    const char *v = p ? p + skip : "";
    set(c, &pg->identity[GA_PAGE_ID_ZHAOCUO], v, strcspn(v, "&#"));
    if (!pg->identity[GA_PAGE_ID_ZHAOCUO] && !(pg->identity[GA_PAGE_ID_ZHAOCUO] = strdup("")))
        c->oom = true;
}

static bool host_has(const char *host, size_t n, const char *w)
{
    return ga_page_find(host, n, w, strlen(w)) != NULL;
}

static void from_links(ctx_t *c, ga_page_t *pg)
{
    for (size_t i = 0; i < pg->nlinks; i++) {
        const char *u = pg->links[i].url, *x = pg->links[i].text ? pg->links[i].text : "";
        /* The registries are known by their hosts: only the host is searched (a page has
         * hundreds of links). */
        const char *h = strstr(u, "://");
        h = h ? h + 3 : u;
        size_t hn = strcspn(h, "/?#");
        /* Every registry host of ICP and police records holds "beian": hosts without it
         * are spared those four searches. */
        bool beian = host_has(h, hn, "beian");
        int item = -1;
        if (host_has(h, hn, "conac.cn") || strstr(x, "党政机关"))
            item = GA_PAGE_ID_CONAC;
        else if (host_has(h, hn, "zfwzzc.") || strstr(x, "找错"))
            item = GA_PAGE_ID_ZHAOCUO;
        else if (strstr(x, "ICP") || (beian && (host_has(h, hn, "beian.miit.gov.cn") ||
                                                host_has(h, hn, "miibeian"))))
            item = GA_PAGE_ID_ICP;
        else if (strstr(x, "公网安备") || (beian && (host_has(h, hn, "beian.gov.cn") ||
                                                    host_has(h, hn, "beian.mps.gov.cn"))))
            item = GA_PAGE_ID_POLICE;
        else if (!strcmp(x, "联系我们") || !strcmp(x, "联系方式"))
            item = GA_PAGE_ID_CONTACT;
        if (item < 0 || pg->identity_link[item])
            continue;
        set(c, &pg->identity_link[item], u, strlen(u));
        if (item == GA_PAGE_ID_CONAC)
            set(c, &pg->identity[item], u, strlen(u));
        else if (item == GA_PAGE_ID_ZHAOCUO)
            site_code_of(c, pg, u);
    }
}

/* The items the footer's text gives, those not found yet, from t[0,len). */
static void footer_items(ctx_t *c, ga_page_t *pg, const char *t, size_t len)
{
    /* An item found already is kept (set() ignores another), so it is not looked for:
     * an article's footer blocks are read one by one. */
    size_t n;
    const char *v;
    static const char *const code_labels[] = {"网站标识码", "政府网站标识码", NULL};
    if (!pg->identity[GA_PAGE_ID_SITE_CODE] && ga_page_find(t, len, "标识码", 9)) {
        v = labelled(t, len, code_labels, 20, &n);
        set(c, &pg->identity[GA_PAGE_ID_SITE_CODE], v, n);
    }
    char num[96];
    if (!pg->identity[GA_PAGE_ID_ICP] && record_number(t, len, "ICP", num, sizeof num))
        set(c, &pg->identity[GA_PAGE_ID_ICP], num, strlen(num));
    if (!pg->identity[GA_PAGE_ID_POLICE] && record_number(t, len, "公网安备", num, sizeof num))
        set(c, &pg->identity[GA_PAGE_ID_POLICE], num, strlen(num));
    if (!pg->identity[GA_PAGE_ID_OWNER]) {
        v = owner_in(t, len, &n);
        set(c, &pg->identity[GA_PAGE_ID_OWNER], v, n);
    }
    static const char *const contact_labels[] = {"联系电话", "咨询电话", "服务电话", "电话",
                                                 "联系方式", "电子邮箱", "邮箱", "E-mail",
                                                 "Email", NULL};
    /* Each contact label holds one of these: text with none is not searched nine times. */
    if (!pg->identity[GA_PAGE_ID_CONTACT] &&
        (ga_page_find(t, len, "电话", 6) || ga_page_find(t, len, "联系方式", 12) || ga_page_find(t, len, "邮箱", 6) ||
         ga_page_find(t, len, "mail", 4))) {
        v = labelled(t, len, contact_labels, 60, &n);
        set(c, &pg->identity[GA_PAGE_ID_CONTACT], v, n);
    }
}

void ga_page_find_identity(ctx_t *c, ga_page_t *pg, long body)
{
    from_links(c, pg);
    if (!pg->identity[GA_PAGE_ID_CONAC] && c->conac_src)
        set(c, &pg->identity[GA_PAGE_ID_CONAC], c->conac_src, strlen(c->conac_src));
    if (!pg->identity[GA_PAGE_ID_ZHAOCUO] && c->jiucuo_src) {
        const char *code = c->jiucuo_code ? c->jiucuo_code : "";
        if (!(pg->identity[GA_PAGE_ID_ZHAOCUO] = strdup(code)))
            c->oom = true;
    }
    if (!pg->identity[GA_PAGE_ID_ZHAOCUO] && c->zhaocuo_img &&
        !(pg->identity[GA_PAGE_ID_ZHAOCUO] = strdup("")))
        c->oom = true;
    /* The footer's text: after an article's body, whose prose may name a 主办 or a
     * telephone of its own (the whole text of other pages), then boilerplate blocks
     * (footer, copyright, bottom) a body found too widely may hold. */
    const char *t = c->flat.data ? c->flat.data : "";
    bool prose = body >= 0 && pg->kind == GA_PAGE_ARTICLE;
    size_t from = prose ? c->st[body].text_end : 0;
    footer_items(c, pg, t + from, c->flat.len - from);
    for (size_t e = 0; prose && e < c->nst; e++) {
        const nstat *s = &c->st[e];
        if (s->cls == CLS_NEG && !s->neg_inside && s->text_end > s->text_start)
            footer_items(c, pg, t + s->text_start, s->text_end - s->text_start);
    }
    if (!pg->identity[GA_PAGE_ID_CONTACT] && pg->identity_link[GA_PAGE_ID_CONTACT])
        set(c, &pg->identity[GA_PAGE_ID_CONTACT], pg->identity_link[GA_PAGE_ID_CONTACT],
            strlen(pg->identity_link[GA_PAGE_ID_CONTACT]));
}
