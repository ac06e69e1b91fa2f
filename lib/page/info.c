/* The info line under an article's headline: its publish date and source. */
#include <limits.h>
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

/* Days since 1970-01-01 of an ISO date's day (Howard Hinnant's days_from_civil). */
static long day_number(const char *iso)
{
    int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The date the page shows: the info line cut from the headline; a 发布日期-style label
 * from the headline on (anywhere when no meta tag gives a date), then weaker labels and
 * bare dates in the info region only: a body's own dates are not its date. */
static bool shown_date(ctx_t *c, long body, bool meta, size_t rs, size_t re, char d[20])
{
    const char *t = c->flat.data ? c->flat.data : "";
    size_t len = c->flat.len;
    const char *hi = c->headline_info;
    if (hi && (ga_page_labeled_date(hi, strlen(hi), true, d, NULL) ||
               ga_page_labeled_date(hi, strlen(hi), false, d, NULL) ||
               ga_page_find_date(hi, strlen(hi), d, NULL)))
        return true;
    /* Beside a meta date only a labelled one counts: a bare date under a headline may be
     * the date a document was adopted ("（2007年6月29日…通过）"). */
    if (meta)
        return ga_page_labeled_date(t + rs, re - rs, true, d, NULL) ||
               ga_page_labeled_date(t + rs, re - rs, false, d, NULL);
    return ga_page_labeled_date(t + rs, len - rs, true, d, NULL) ||
           ga_page_labeled_date(t, len, true, d, NULL) ||
           ga_page_labeled_date(t + rs, re - rs, false, d, NULL) ||
           (body >= 0 && info_date(t, rs, re, d));
}

/* A date signed at the foot of an article's body (成文日期). */
static bool foot_date(const ctx_t *c, long body, char d[20])
{
    const char *t = c->flat.data ? c->flat.data : "";
    size_t be = c->st[body].text_end, bb = c->st[body].text_start;
    size_t from = be - bb > 240 ? be - 240 : bb;
    while (from < be && ((unsigned char)t[from] & 0xC0) == 0x80)
        from++;
    return ga_page_find_date(t + from, be - from, d, NULL);
}

/* A PubDate this many days later than every other date a page gives is the time the CMS
 * last rebuilt the page, not its publish date. */
#define REBUILD_DAYS 30

void ga_page_find_pubdate(ctx_t *c, ga_page_t *pg, long body, long headline)
{
    /* PubDate of the guideline, then the names other CMSs use (gov.cn: firstpublishedtime). */
    static const char *const date_metas[] = {"PubDate", "publishdate", "firstpublishedtime",
                                              "pubtime", "publish_time", "publishtime"};
    const char *m = NULL;
    for (size_t i = 0; i < NWORDS(date_metas) && !(m && *m); i++)
        m = ga_page_ctx_meta(c, date_metas[i]);
    char md[20], sd[20], ud[20], fd[20];
    bool has_m = m && ga_page_find_date(m, strlen(m), md, NULL);
    bool content = pg->kind == GA_PAGE_ARTICLE || pg->kind == GA_PAGE_OTHER;
    size_t rs, re;
    info_region(c, body, headline, &rs, &re);
    bool has_s = content && shown_date(c, body, has_m, rs, re, sd);
    bool has_u = ga_page_url_date(c->url, ud);
    bool has_f = !has_s && body >= 0 && pg->kind == GA_PAGE_ARTICLE && foot_date(c, body, fd);
    const char *pick = NULL;
    if (has_s) {
        /* What the page shows; the tag's time when both name the same day. */
        bool same_day = has_m && !strncmp(md, sd, 10);
        pick = same_day ? md : sd;
        pg->pubdate_origin = same_day ? 'm' : 't';
    } else if (has_m) {
        long later = has_u ? day_number(ud) : LONG_MIN;
        if (has_f && day_number(fd) > later)
            later = day_number(fd);
        bool rebuilt = later != LONG_MIN && day_number(md) > later + REBUILD_DAYS;
        pick = !rebuilt ? md : has_u ? ud : fd;
        pg->pubdate_origin = !rebuilt ? 'm' : has_u ? 'u' : 't';
    } else if (has_u) {
        pick = ud;
        pg->pubdate_origin = 'u';
    } else if (has_f) {
        pick = fd;
        pg->pubdate_origin = 't';
    }
    const char *from[GA_PAGE_DATE_SOURCES] = {has_m ? md : NULL, has_s ? sd : NULL,
                                              has_u ? ud : NULL};
    for (int i = 0; i < GA_PAGE_DATE_SOURCES; i++)
        if (from[i] && !(pg->date_from[i] = strdup(from[i])))
            c->oom = true;
    if (pick && !(pg->pubdate = strdup(pick)))
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
        /* The info line (cut from the headline when it ran into it), then the foot of the
         * body ("（来源：新华社）"), then anywhere. */
        const char *hi = c->headline_info;
        found = hi && ga_page_find_source(hi, strlen(hi), buf, sizeof buf, NULL);
        if (!found)
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
