/* The info line under an article's headline: its publish date and source. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

/* The info region: from the headline (or a little above the body) to the body's start,
 * where templates print the date, source and author of an article. */
static void info_region(const ctx_t *c, long body, long headline, size_t *rs, size_t *re)
{
    *rs = 0;
    *re = c->flat.len;
    if (body < 0)
        return;
    size_t bs = c->st[body].text_start;
    *re = bs;
    if (headline >= 0 && c->st[headline].text_start <= bs)
        *rs = c->st[headline].text_start;
    else
        *rs = bs > 600 ? bs - 600 : 0;
    while (*rs < bs && ((unsigned char)c->flat.data[*rs] & 0xC0) == 0x80)
        ++*rs; /* start on a character boundary */
}

/* An unlabelled date in t[rs, re), skipping the "今天是2023年7月31日 星期一" of page
 * headers. */
static bool info_date(const char *t, size_t rs, size_t re, char d[20])
{
    size_t pos = rs, ds, de;
    while (pos < re && ga_page_find_date_at(t + pos, re - pos, d, &ds, &de)) {
        size_t at = pos + ds, back = at - rs < 15 ? at - rs : 15;
        if (!memmem(t + at - back, back, "今天", strlen("今天")) &&
            !memmem(t + at - back, back, "今日", strlen("今日")))
            return true;
        pos += de;
    }
    return false;
}

void ga_page_find_pubdate(ctx_t *c, ga_page_t *pg, long body, long headline)
{
    char d[20];
    /* PubDate of the guideline, then the names other CMSs use (gov.cn: firstpublishedtime). */
    static const char *const date_metas[] = {"PubDate", "publishdate", "firstpublishedtime",
                                              "pubtime", "publish_time", "publishtime"};
    const char *m = NULL;
    for (size_t i = 0; i < NWORDS(date_metas) && !(m && *m); i++)
        m = ga_page_ctx_meta(c, date_metas[i]);
    const char *t = c->flat.data ? c->flat.data : "";
    size_t len = c->flat.len, rs, re;
    info_region(c, body, headline, &rs, &re);
    if (m && ga_page_find_date(m, strlen(m), d, NULL)) {
        pg->pubdate_origin = 'm';
    } else if (pg->kind == GA_PAGE_ARTICLE || pg->kind == GA_PAGE_OTHER) {
        /* 发布日期-style labels anywhere from the headline on, then anywhere; weaker labels
         * and bare dates only in the info region: a body's own dates are not its date. */
        if (ga_page_labeled_date(t + rs, len - rs, true, d, NULL) ||
            ga_page_labeled_date(t, len, true, d, NULL) ||
            ga_page_labeled_date(t + rs, re - rs, false, d, NULL) ||
            (body >= 0 && info_date(t, rs, re, d))) {
            pg->pubdate_origin = 't';
        } else if (ga_page_url_date(c->url, d)) {
            pg->pubdate_origin = 'u';
        } else if (body >= 0 && pg->kind == GA_PAGE_ARTICLE) {
            /* Signed and dated at the foot of the body (成文日期 as the last resort). */
            size_t be = c->st[body].text_end, bb = c->st[body].text_start;
            size_t from = be - bb > 240 ? be - 240 : bb;
            while (from < be && ((unsigned char)t[from] & 0xC0) == 0x80)
                from++;
            if (ga_page_find_date(t + from, be - from, d, NULL))
                pg->pubdate_origin = 't';
        }
    } else if (ga_page_url_date(c->url, d)) {
        pg->pubdate_origin = 'u';
    }
    if (pg->pubdate_origin && !(pg->pubdate = strdup(d)))
        c->oom = true;
}

void ga_page_find_info_source(ctx_t *c, ga_page_t *pg, long body, long headline)
{
    const char *m = ga_page_ctx_meta(c, "ContentSource");
    char buf[128];
    bool found = false;
    if (m && *m) {
        if (!(pg->source = ga_page_line_dup(m, strlen(m))))
            c->oom = true;
        return;
    } else if (pg->kind == GA_PAGE_ARTICLE || pg->kind == GA_PAGE_OTHER) {
        const char *t = c->flat.data ? c->flat.data : "";
        size_t len = c->flat.len, rs, re;
        info_region(c, body, headline, &rs, &re);
        /* The info line, then the foot of the body ("（来源：新华社）"), then anywhere. */
        found = ga_page_find_source(t + rs, re - rs, buf, sizeof buf, NULL);
        if (!found && body >= 0) {
            size_t be = c->st[body].text_end, bb = c->st[body].text_start;
            size_t from = be - bb > 300 ? be - 300 : bb;
            while (from < be && ((unsigned char)t[from] & 0xC0) == 0x80)
                from++;
            size_t n = len - from < 600 ? len - from : 600;
            while (from + n < len && ((unsigned char)t[from + n] & 0xC0) == 0x80)
                n--; /* end the window on a character boundary */
            found = ga_page_find_source(t + from, n, buf, sizeof buf, NULL);
        }
        if (!found)
            found = ga_page_find_source(t, len, buf, sizeof buf, NULL);
    }
    if (found && !(pg->source = strdup(buf)))
        c->oom = true;
}
