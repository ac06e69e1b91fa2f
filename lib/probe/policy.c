/* Which addresses a probe may connect to, whether an answered page is the site's own, and
 * the small parsers around them (certificate dates, a URL's site). */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <govaudit/page.h>

#include "probe-internal.h"

/* IPv4 ranges that are not the public Internet (IANA special-purpose registry). */
static const char *v4_class(uint32_t a)
{
    static const struct {
        uint32_t net, mask;
        const char *why;
    } ranges[] = {
        {0x00000000, 0xFF000000, "this network"},
        {0x0A000000, 0xFF000000, "private"},
        {0x64400000, 0xFFC00000, "shared address space"},
        {0x7F000000, 0xFF000000, "loopback"},
        {0xA9FE0000, 0xFFFF0000, "link-local"},
        {0xAC100000, 0xFFF00000, "private"},
        {0xC0000000, 0xFFFFFF00, "IETF protocol assignments"},
        {0xC0000200, 0xFFFFFF00, "documentation"},
        {0xC0A80000, 0xFFFF0000, "private"},
        {0xC6120000, 0xFFFE0000, "benchmarking"},
        {0xC6336400, 0xFFFFFF00, "documentation"},
        {0xCB007100, 0xFFFFFF00, "documentation"},
        {0xE0000000, 0xF0000000, "multicast"},
        {0xF0000000, 0xF0000000, "reserved"},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
        if ((a & ranges[i].mask) == ranges[i].net)
            return ranges[i].why;
    return NULL;
}

static uint32_t v4_at(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static const char *v6_class(const unsigned char *b)
{
    static const unsigned char zero[16];
    if (memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1))
        return b[15] ? "loopback" : "unspecified";
    /* IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d)
     * reach the embedded IPv4 address. */
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    static const unsigned char nat64[12] = {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
    if (memcmp(b, mapped, 12) == 0 || memcmp(b, zero, 12) == 0 || memcmp(b, nat64, 12) == 0)
        return v4_class(v4_at(b + 12));
    if (b[0] == 0x20 && b[1] == 0x02) /* 6to4 embeds the IPv4 address after 2002: */
        return v4_class(v4_at(b + 2));
    if ((b[0] & 0xFE) == 0xFC)
        return "unique local";
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
        return "link-local";
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
        return "site-local";
    if (b[0] == 0xFF)
        return "multicast";
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
        return "documentation";
    if (b[0] == 0x01 && memcmp(b + 1, zero, 7) == 0)
        return "discard";
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && (b[3] & 0xFE) == 0)
        return "IETF protocol assignments"; /* 2001::/23 holds Teredo and ORCHID too */
    return NULL;
}

const char *pr_address_class(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return v4_class(ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr));
    if (sa->sa_family == AF_INET6)
        return v6_class(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr);
    return "not an IP address";
}

/* ---- the page check ------------------------------------------------------------------- */

/* Phrases of pages that are not the site's own; English ones are matched in lower case.
 * Whole-page phrases count anywhere in a short page; title phrases in the title only. */
static const struct {
    const char *phrase, *why;
    bool title_only;
} bad_phrases[] = {
    {"页面不存在", "soft 404", false},
    {"页面未找到", "soft 404", false},
    {"找不到页面", "soft 404", false},
    {"找不到该页面", "soft 404", false},
    {"您访问的页面", "soft 404", false},
    {"网页不存在", "soft 404", false},
    {"文章不存在", "soft 404", false},
    {"信息不存在", "soft 404", false},
    {"page not found", "soft 404", false},
    {"not found", "soft 404", true},
    {"404", "soft 404", true},
    {"服务器错误", "error page", false},
    {"系统错误", "error page", true},
    {"访问出错", "error page", false},
    {"internal server error", "error page", false},
    {"bad gateway", "error page", false},
    {"service unavailable", "error page", false},
    {"网站维护", "maintenance page", false},
    {"系统维护中", "maintenance page", false},
    {"网站暂停", "site suspended", false},
    {"网站已关闭", "site suspended", false},
    {"停止访问", "site suspended", false},
    {"域名出售", "parked domain", false},
    {"域名转让", "parked domain", false},
    {"该域名", "parked domain", false},
    {"domain is for sale", "parked domain", false},
    {"domain for sale", "parked domain", false},
    {"buy this domain", "parked domain", false},
    {"parked", "parked domain", true},
    {"没有找到站点", "unconfigured host", false},
    {"站点创建成功", "server default page", false},
    {"网站建设中", "server default page", false},
    {"welcome to nginx", "server default page", false},
    {"apache2 debian default page", "server default page", false},
    {"apache2 ubuntu default page", "server default page", false},
    {"it works!", "server default page", true},
    {"iis windows server", "server default page", false},
    {"test page for the apache", "server default page", false},
};

/* Pages with more text than this are real pages even when a phrase occurs in them (a
 * news item about a 404 page stays a news item). */
#define SHORT_PAGE_BYTES 3000

static void ascii_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

const char *pr_bad_page(const char *body, size_t len, const char *url, const char *content_type,
                        char *buf, size_t cap)
{
    ga_page_options_t po = {.size = sizeof po, .content_type = content_type};
    ga_page_t *pg = NULL;
    if (ga_page_parse(body, len, url, &po, &pg, NULL) != GA_OK)
        return NULL; /* not HTML the parser reads: not ours to judge */
    /* The <title> and the page's own heading (an error page often keeps the site's
     * <title> and says what happened in its <h1>). */
    char title[1024], text[SHORT_PAGE_BYTES + 1];
    size_t xlen = 0;
    const char *t = ga_page_html_title(pg), *h = ga_page_title(pg), *x = ga_page_text(pg, &xlen);
    snprintf(title, sizeof title, "%s\n%s", t ? t : "", h ? h : "");
    snprintf(text, sizeof text, "%s", xlen <= SHORT_PAGE_BYTES && x ? x : "");
    ga_page_free(pg);
    ascii_lower(title);
    ascii_lower(text);
    if (title[0] == '\n' && !title[1] && !text[0] && len < 64) {
        snprintf(buf, cap, "empty page");
        return buf;
    }
    for (size_t i = 0; i < sizeof bad_phrases / sizeof *bad_phrases; i++) {
        const char *p = bad_phrases[i].phrase;
        const char *where = strstr(title, p) ? "title" : NULL;
        if (!where && !bad_phrases[i].title_only && strstr(text, p))
            where = "text";
        if (where) {
            snprintf(buf, cap, "%s: the page %s says \"%s\"", bad_phrases[i].why, where, p);
            return buf;
        }
    }
    return NULL;
}

/* ---- small parsers ---------------------------------------------------------------------- */

int64_t pr_cert_time(const char *s)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char mon[4];
    int d, h, mi, se, y;
    if (sscanf(s, " %3s %d %d:%d:%d %d GMT", mon, &d, &h, &mi, &se, &y) != 6)
        return GA_TIME_NONE;
    const char *m = strstr(months, mon);
    if (!m || strlen(mon) != 3 || (m - months) % 3 || d < 1 || d > 31 || h < 0 || h > 23 ||
        mi < 0 || mi > 59 || se < 0 || se > 60 || y < 1970 || y > 9999)
        return GA_TIME_NONE;
    char iso[32];
    int64_t t;
    snprintf(iso, sizeof iso, "%04d-%02d-%02d %02d:%02d:%02d", y, (int)((m - months) / 3) + 1, d,
             h, mi, se);
    return ga_time_parse(iso, strlen(iso), &t, NULL) == GA_OK ? t : GA_TIME_NONE;
}

bool pr_url_site(const char *url, char *buf, size_t cap)
{
    const char *p = strstr(url, "://");
    if (!p)
        return false;
    p += 3;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n); /* user:password@ */
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    bool https = strncmp(url, "https", 5) == 0;
    /* drop a default port */
    const char *colon = n && p[0] != '[' ? memchr(p, ':', n) : NULL;
    if (p[0] == '[') {
        const char *close = memchr(p, ']', n);
        colon = close && (size_t)(close + 1 - p) < n && close[1] == ':' ? close + 1 : NULL;
    }
    size_t hostlen = colon ? (size_t)(colon - p) : n;
    if (colon) {
        size_t plen = n - hostlen - 1;
        if ((plen == 2 && !https && memcmp(colon + 1, "80", 2) == 0) ||
            (plen == 3 && https && memcmp(colon + 1, "443", 3) == 0) || plen == 0)
            n = hostlen;
    }
    if (hostlen >= 4 && strncasecmp(p, "www.", 4) == 0) {
        p += 4;
        n -= 4;
        hostlen -= 4;
    }
    if (!hostlen || n >= cap)
        return false;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a' : p[i]);
    buf[n] = 0;
    return true;
}
