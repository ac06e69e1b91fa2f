/* The site's identity as its footer states it: the 主办单位 and the 网站标识码. */
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"

/* The text after `label` in raw UTF-8 HTML: separators skipped, up to a tag, space or
 * separator; NULL when absent. */
char *ga_site_after_label(const char *html, size_t len, const char *label, const char *skip)
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
char *ga_site_owner_of(const char *html, size_t len)
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
            char *r = ga_site_after_label(p, (size_t)(end - p), "主办", "单位");
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
