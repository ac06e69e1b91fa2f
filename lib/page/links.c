/* Links and attachments: every <a href> resolved against the page (and its <base>),
 * with its text and whether it lies in the main body. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

/* The printable ASCII bytes an href cannot hold as they are: percent-encoded, and the
 * backslash, read as a slash. */
static const bool special[128] = {['"'] = true, ['<'] = true, ['>'] = true, ['^'] = true,
                                  ['`'] = true, ['{'] = true, ['|'] = true, ['}'] = true,
                                  ['\\'] = true};

static char *escape_href(ga_buf_t *scratch, const char *h)
{
    /* libxml2's URI parser wants ASCII without spaces; CMSs write raw UTF-8, spaces and
     * backslashes into href. */
    size_t n = strlen(h);
    while (n && (h[n - 1] == ' ' || h[n - 1] == '\t' || h[n - 1] == '\n' || h[n - 1] == '\r'))
        n--;
    while (n && (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r')) {
        h++;
        n--;
    }
    scratch->len = 0;
    if (!ga_buf_reserve(scratch, n * 3 + 1))
        return NULL;
    char *o = scratch->data;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)h[i];
        if (ch > 0x20 && ch < 0x7F && !special[ch]) {
            o[k++] = (char)ch; /* most bytes of most hrefs */
        } else if (ch == '\\') {
            o[k++] = '/';
        } else if (ch == '\n' || ch == '\r' || ch == '\t') {
            continue;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            o[k++] = '%';
            o[k++] = hex[ch >> 4];
            o[k++] = hex[ch & 15];
        }
    }
    o[k] = '\0';
    return o;
}

/* Length of "scheme:" at the start of s, 0 when s has no scheme. */
static size_t scheme_len(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    size_t i = 1;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    return s[i] == ':' ? i + 1 : 0;
}

/* Whether the path of a URL holds "." or ".." segments that resolution must remove. */
static bool dot_segments(const char *s)
{
    size_t n = strcspn(s, "?#");
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' && i > 0 && s[i - 1] == '/' &&
            (i + 1 == n || s[i + 1] == '/' || (s[i + 1] == '.' && (i + 2 == n || s[i + 2] == '/'))))
            return true;
    return false;
}

/* The base URL and the length of its "scheme://authority" part (0 when it has none). */
typedef struct base_url {
    const xmlChar *url;
    size_t origin;
} base_url_t;

static size_t origin_len(const char *u)
{
    size_t sl = scheme_len(u);
    if (!sl || u[sl] != '/' || u[sl + 1] != '/')
        return 0;
    return sl + 2 + strcspn(u + sl + 2, "/?#");
}

/* RFC 3986 remove_dot_segments on the path of an absolute URL, in place (libxml2 leaves
 * "/a/./b" and "/a/../b" alone in absolute and root-relative references). */
static void remove_dots(char *u)
{
    size_t o = origin_len(u);
    if (!o)
        return;
    char *path = u + o;
    size_t plen = strcspn(path, "?#");
    char *rest = path + plen;
    size_t k = 0; /* output length within path */
    size_t i = 0;
    while (i < plen) {
        char *in = path + i;
        size_t left = plen - i;
        if (left >= 3 && !memcmp(in, "/./", 3)) {
            i += 2;
        } else if (left == 2 && !memcmp(in, "/.", 2)) {
            path[k++] = '/';
            i += 2;
        } else if ((left >= 4 && !memcmp(in, "/../", 4)) || (left == 3 && !memcmp(in, "/..", 3))) {
            while (k > 0 && path[k - 1] != '/')
                k--;
            if (k > 0)
                k--; /* drop the last segment and its slash */
            if (left == 3) {
                path[k++] = '/';
                i += 3;
            } else {
                i += 3;
            }
        } else {
            path[k++] = path[i++];
            while (i < plen && path[i] != '/')
                path[k++] = path[i++];
        }
    }
    memmove(path + k, rest, strlen(rest) + 1);
}

/*
 * Resolve href against the base. The two forms that make up most links on a page, absolute
 * URLs and root-relative paths without dot segments, are joined directly; everything else
 * goes through libxml2's RFC 3986 resolution (xmlBuildURI).
 */
static char *resolve(ga_buf_t *scratch, ga_page_t *pg, const char *href, const base_url_t *base)
{
    char *esc = escape_href(scratch, href);
    if (!esc)
        return NULL;
    size_t sl = scheme_len(esc), n = strlen(esc);
    char *out;
    if (sl) {
        out = ga_page_arena_dup(pg, esc, n);
    } else if (esc[0] == '/' && esc[1] != '/' && base->origin) {
        out = ga_page_arena_alloc(pg, base->origin + n + 1);
        if (out) {
            memcpy(out, base->url, base->origin);
            memcpy(out + base->origin, esc, n + 1);
        }
    } else {
        xmlChar *abs = xmlBuildURI((const xmlChar *)esc, base->url);
        out = abs ? ga_page_arena_dup(pg, (const char *)abs, strlen((const char *)abs))
                  : ga_page_arena_dup(pg, esc, n);
        if (abs)
            xmlFree(abs);
    }
    if (out && dot_segments(out))
        remove_dots(out); /* shrinks in place */
    return out;
}

static bool skip_href(const char *h)
{
    while (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r')
        h++;
    if (*h == '\0' || *h == '#')
        return true;
    switch (*h | 0x20) { /* most hrefs start with none of j, v, d */
    case 'j':
        return !strncasecmp(h, "javascript:", 11);
    case 'v':
        return !strncasecmp(h, "vbscript:", 9);
    case 'd':
        return !strncasecmp(h, "data:", 5);
    default:
        return false;
    }
}

static const char *const attach_ext[] = {"pdf", "doc", "docx", "xls", "xlsx", "wps", "et",
                                         "ppt", "pptx", "zip", "rar", "7z", "ofd", "ceb", "dps"};

static bool attachment_type(const char *url, char type[8])
{
    size_t end = strcspn(url, "?#");
    const char *segs[2] = {url, NULL};
    size_t lens[2] = {end, 0};
    /* Download scripts name the file in the query: download.jsp?filename=a.pdf */
    if (url[end] == '?') {
        segs[1] = url + end + 1;
        lens[1] = strcspn(url + end + 1, "#");
    }
    for (int s = 0; s < 2; s++) {
        if (!segs[s])
            continue;
        const char *p = segs[s];
        size_t n = lens[s];
        size_t dot = n;
        while (dot && p[dot - 1] != '.' && p[dot - 1] != '/' && p[dot - 1] != '=')
            dot--;
        if (!dot || p[dot - 1] != '.')
            continue;
        size_t el = n - dot;
        /* In a query the extension may be followed by &more=... */
        if (s == 1) {
            el = strcspn(p + dot, "&;");
        }
        if (el == 0 || el > 4)
            continue;
        char e[8];
        for (size_t i = 0; i < el; i++)
            e[i] = (char)((p[dot + i] >= 'A' && p[dot + i] <= 'Z') ? p[dot + i] + 32 : p[dot + i]);
        e[el] = '\0';
        for (size_t i = 0; i < NWORDS(attach_ext); i++)
            if (e[0] == attach_ext[i][0] && !strcmp(e, attach_ext[i])) {
                memcpy(type, e, el + 1);
                return true;
            }
    }
    return false;
}

static char *link_text(ctx_t *c, ga_page_t *pg, const rawlink_t *r)
{
    const nstat *s = &c->st[r->elem];
    char *t = ga_page_arena_line(pg, c->flat.data + s->text_start, s->text_end - s->text_start);
    if (t && !*t) {
        const char *alt = ga_page_attr(r->node, "title");
        for (xmlNode *k = r->node->children; !alt && k; k = k->next)
            if (k->type == XML_ELEMENT_NODE && k->name && !strcmp((const char *)k->name, "img"))
                alt = ga_page_attr(k, "alt");
        if (alt)
            t = ga_page_arena_line(pg, alt, strlen(alt));
    }
    return t;
}

/* Elements are numbered in document order, so a subtree is the range [e, ga_page_subtree_last(e)]. */
uint32_t ga_page_subtree_last(const ctx_t *c, uint32_t e)
{
    uint32_t last_idx = e;
    xmlNode *n = c->st[e].node;
    while (n) {
        xmlNode *last = n->last;
        while (last && !sidx(last))
            last = last->prev;
        if (!last)
            break;
        last_idx = sidx(last) - 1;
        n = last;
    }
    return last_idx;
}

void ga_page_build_links(ctx_t *c, ga_page_t *pg, long body)
{
    xmlChar *base = NULL;
    if (c->base_href && *c->base_href) {
        char *b = escape_href(&c->scratch, c->base_href);
        base = b ? xmlBuildURI((const xmlChar *)b, (const xmlChar *)(c->url ? c->url : "")) : NULL;
    }
    if (!base && c->url)
        base = xmlStrdup((const xmlChar *)c->url);
    base_url_t bu = {base, base ? origin_len((const char *)base) : 0};
    pg->links = calloc(c->nrl ? c->nrl : 1, sizeof *pg->links);
    pg->attachments = calloc(c->nrl ? c->nrl : 1, sizeof *pg->attachments);
    if (!pg->links || !pg->attachments) {
        c->oom = true;
        goto out;
    }
    uint32_t bfirst = 0, blast = 0;
    if (body >= 0) {
        bfirst = (uint32_t)body;
        blast = ga_page_subtree_last(c, (uint32_t)body);
    }
    for (size_t i = 0; i < c->nrl && !c->oom; i++) {
        rawlink_t *r = &c->rl[i];
        const char *href = ga_page_attr(r->node, "href");
        if (!href || skip_href(href))
            continue;
        char *u = resolve(&c->scratch, pg, href, &bu);
        char *t = u ? link_text(c, pg, r) : NULL;
        if (!u || !t) {
            c->oom = true;
            break;
        }
        r->kept = (uint32_t)pg->nlinks + 1;
        ga_page_link_t *l = &pg->links[pg->nlinks++];
        l->url = u;
        l->text = t;
        l->in_body = body >= 0 && r->elem >= bfirst && r->elem <= blast;
        char type[8];
        if (attachment_type(u, type)) {
            bool dup = false;
            for (size_t k = 0; k < pg->nattachments && !dup; k++)
                dup = !strcmp(pg->attachments[k].url, u);
            if (!dup) {
                ga_page_attachment_t *a = &pg->attachments[pg->nattachments++];
                a->url = u; /* shared with the link: both live in the arena */
                a->text = t;
                memcpy(a->type, type, sizeof type);
            }
        }
    }
out:
    if (base)
        xmlFree(base);
}

/* Where a link of the raw list ended up in pg->links (links without href are dropped). */
const ga_page_link_t *ga_page_link_of(const ga_page_t *pg, const ctx_t *c, uint32_t raw)
{
    uint32_t k = c->rl[raw].kept;
    return k && k <= pg->nlinks ? &pg->links[k - 1] : NULL;
}
