/* URLs as the audit keys them: normalised text, host comparison, resolution of redirects. */
#include <string.h>

#include "site-url.h"

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool append_byte(ga_buf_t *b, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    /* Bytes that cannot stand in a URL as given (controls, spaces, bytes of ill-formed
     * UTF-8) are percent-encoded so keys and reports stay valid UTF-8. */
    if (c <= 0x20 || c == 0x7F) {
        char e[3] = {'%', hex[c >> 4], hex[c & 15]};
        return ga_buf_append(b, e, 3);
    }
    return ga_buf_append(b, &c, 1);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10
                                                 : -1;
}

/* Length of a percent-encoded non-ASCII character at s (%E5%90%8D), 0 when there is none:
 * pages encode such paths, file names in a mirror do not, and both must give one key. */
static size_t encoded_char(const char *s, size_t n, unsigned char out[4])
{
    size_t k = 0;
    while (k < 4 && 3 * k + 3 <= n && s[3 * k] == '%' && hexval(s[3 * k + 1]) >= 0 &&
           hexval(s[3 * k + 2]) >= 0) {
        out[k] = (unsigned char)(hexval(s[3 * k + 1]) * 16 + hexval(s[3 * k + 2]));
        k++;
        if (out[0] < 0xC2)
            return 0;
        size_t pos = 0;
        if (ga_utf8_decode(out, k, &pos) >= 0 && pos == k)
            return k;
    }
    return 0;
}

static bool append_text(ga_buf_t *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t at = i;
        unsigned char dec[4];
        size_t enc = s[i] == '%' ? encoded_char(s + i, n - i, dec) : 0;
        if (enc) {
            if (!ga_buf_append(b, dec, enc))
                return false;
            i += 3 * enc;
            continue;
        }
        int32_t cp = ga_utf8_decode((const unsigned char *)s, n, &i);
        if (cp < 0) {
            static const char hex[] = "0123456789ABCDEF";
            for (size_t k = at; k < i; k++) {
                unsigned char c = (unsigned char)s[k];
                char e[3] = {'%', hex[c >> 4], hex[c & 15]};
                if (!ga_buf_append(b, e, 3))
                    return false;
            }
        } else if (cp < 0x80) {
            if (!append_byte(b, (unsigned char)cp))
                return false;
        } else if (!ga_buf_append(b, s + at, i - at)) {
            return false;
        }
    }
    return true;
}

int ga_site_url_norm(const char *in, size_t len, ga_buf_t *out)
{
    out->len = 0;
    while (len && (unsigned char)*in <= ' ') {
        in++;
        len--;
    }
    while (len && (unsigned char)in[len - 1] <= ' ')
        len--;
    size_t skip;
    bool https;
    if (len >= 7 && strncasecmp(in, "http://", 7) == 0) {
        skip = 7;
        https = false;
    } else if (len >= 8 && strncasecmp(in, "https://", 8) == 0) {
        skip = 8;
        https = true;
    } else {
        return 0;
    }
    const char *p = in + skip, *end = in + len;
    const char *hend = p;
    while (hend < end && *hend != '/' && *hend != '?' && *hend != '#' && *hend != '\\')
        hend++;
    /* Drop user information: it is never part of what a page links to. */
    const char *h = p;
    for (const char *q = p; q < hend; q++)
        if (*q == '@')
            h = q + 1;
    size_t hlen = (size_t)(hend - h);
    if (hlen == 0 || hlen > 255 || ga_utf8_validate(h, hlen, NULL) != GA_OK)
        return 0;
    if (!ga_buf_append(out, https ? "https://" : "http://", https ? 8 : 7))
        return -1;
    /* Default ports are the same address as none. */
    if (!https && hlen > 3 && memcmp(hend - 3, ":80", 3) == 0)
        hlen -= 3;
    else if (https && hlen > 4 && memcmp(hend - 4, ":443", 4) == 0)
        hlen -= 4;
    if (hlen && h[hlen - 1] == '.')
        hlen--;
    for (size_t i = 0; i < hlen; i++) {
        char c = lower(h[i]);
        if ((unsigned char)c <= ' ' || c == '%')
            return 0;
        if (!ga_buf_append(out, &c, 1))
            return -1;
    }
    const char *rest = hend, *frag = rest;
    while (frag < end && *frag != '#')
        frag++;
    if (rest == frag || *rest != '/') {
        if (!ga_buf_append(out, "/", 1))
            return -1;
    }
    /* The path and query; a backslash in a path reads as a slash, as browsers take it. */
    for (const char *q = rest; q < frag;) {
        const char *bs = memchr(q, '\\', (size_t)(frag - q));
        const char *stop = bs ? bs : frag;
        if (!append_text(out, q, (size_t)(stop - q)) || (bs && !ga_buf_append(out, "/", 1)))
            return -1;
        q = bs ? bs + 1 : frag;
    }
    return 1;
}

const char *ga_site_url_host(const char *url, size_t *len)
{
    const char *p = strstr(url, "://");
    if (!p) {
        *len = 0;
        return url;
    }
    p += 3;
    size_t n = strcspn(p, "/?#");
    *len = n;
    return p;
}

static void strip_www(const char **h, size_t *n)
{
    if (*n > 4 && strncmp(*h, "www.", 4) == 0) {
        *h += 4;
        *n -= 4;
    }
}

bool ga_site_host_eq(const char *a, size_t an, const char *b, size_t bn)
{
    strip_www(&a, &an);
    strip_www(&b, &bn);
    return an == bn && memcmp(a, b, an) == 0;
}

int ga_site_url_resolve(const char *base, const char *ref, ga_buf_t *out)
{
    size_t rn = strlen(ref);
    while (rn && (unsigned char)*ref <= ' ') {
        ref++;
        rn--;
    }
    if (strstr(ref, "://") && strcspn(ref, ":") < strcspn(ref, "/?#"))
        return ga_site_url_norm(ref, strlen(ref), out);
    ga_buf_t tmp = {0};
    int rc = 1;
    size_t hn;
    const char *host = ga_site_url_host(base, &hn);
    size_t origin = (size_t)(host - base) + hn; /* "http://host" */
    if (ref[0] == '/' && ref[1] == '/') {
        size_t scheme = (size_t)(host - base) - 2; /* "http:" */
        rc = ga_buf_append(&tmp, base, scheme) && ga_buf_append(&tmp, ref, strlen(ref)) ? 1 : -1;
    } else if (ref[0] == '/') {
        rc = ga_buf_append(&tmp, base, origin) && ga_buf_append(&tmp, ref, strlen(ref)) ? 1 : -1;
    } else {
        /* Relative: the base's folder, then the reference with ./ and ../ applied. */
        size_t q = origin + strcspn(base + origin, "?#");
        size_t dir = q;
        while (dir > origin && base[dir - 1] != '/')
            dir--;
        if (dir <= origin)
            rc = ga_buf_append(&tmp, base, origin) && ga_buf_append(&tmp, "/", 1) ? 1 : -1;
        else
            rc = ga_buf_append(&tmp, base, dir) ? 1 : -1;
        const char *r = ref;
        while (rc > 0 && *r) {
            if (strncmp(r, "./", 2) == 0) {
                r += 2;
            } else if (strncmp(r, "../", 3) == 0) {
                r += 3;
                if (tmp.len > origin + 1) {
                    tmp.len--; /* the trailing slash */
                    while (tmp.len > origin + 1 && tmp.data[tmp.len - 1] != '/')
                        tmp.len--;
                }
            } else {
                break;
            }
        }
        if (rc > 0 && !ga_buf_append(&tmp, r, strlen(r)))
            rc = -1;
    }
    if (rc > 0)
        rc = ga_site_url_norm(tmp.data, tmp.len, out);
    ga_buf_free(&tmp);
    return rc;
}
