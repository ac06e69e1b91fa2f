/* The title: the visible headline, else the <title> without the site and column names
 * around it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

/* Whether `hay` contains `needle`, spaces in either ignored. */
static bool contains_nospace(const char *hay, const char *needle)
{
    size_t hn = strlen(hay), nn = strlen(needle);
    char *h = malloc(hn + 1), *n = malloc(nn + 1);
    bool found = false;
    if (h && n) {
        size_t k = 0;
        for (size_t i = 0; i < hn; i++)
            if (hay[i] != ' ')
                h[k++] = hay[i];
        h[k] = '\0';
        k = 0;
        for (size_t i = 0; i < nn; i++)
            if (needle[i] != ' ')
                n[k++] = needle[i];
        n[k] = '\0';
        found = k > 0 && strstr(h, n) != NULL;
    }
    free(h);
    free(n);
    return found;
}

static bool ends_with(const char *s, const char *w)
{
    size_t a = strlen(s), b = strlen(w);
    return a >= b && memcmp(s + a - b, w, b) == 0;
}

/* A site's own name ("XX市人民政府", "XX门户网站"): never an article headline. */
bool ga_page_site_name_like(const char *s)
{
    static const char *const ends[] = {"政府", "网站", "门户", "政府网", "官网", "政务网",
                                       "首页", "政务服务网", "信息网"};
    if (!*s)
        return true;
    for (size_t i = 0; i < NWORDS(ends); i++)
        if (ends_with(s, ends[i]))
            return true;
    return false;
}

/* A <title> suffix to drop: a site or department name, or a short column name. */
static bool siteish(const char *s)
{
    static const char *const dept[] = {"局", "厅", "委", "委员会", "办公室", "办公厅", "网"};
    static const char *const col[] = {"公开", "动态", "要闻", "公告", "资讯", "专栏", "专题",
                                      "栏目", "新闻", "信息", "通知", "政策", "解读", "文件"};
    size_t n = strlen(s);
    if (ga_page_site_name_like(s))
        return n <= 90;
    for (size_t i = 0; i < NWORDS(dept); i++)
        if (ends_with(s, dept[i]))
            return n <= 60;
    for (size_t i = 0; i < NWORDS(col); i++)
        if (ends_with(s, col[i]))
            return n <= 24;
    return false;
}

static const char *const title_seps[] = {"_", "|", "｜", "－", "——", "—", " - ", "-", "–",
                                         "·", "："};

/* An issue of a gazette after the title: "2007年第23号国务院公报", "第5期". */
static bool issue_suffix(const char *s)
{
    const char *p = s;
    if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
        p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && !strncmp(p + 4, "年", 3))
        p += 7;
    if (strncmp(p, "第", 3))
        return false;
    p += 3;
    const char *d = p;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > d && (!strncmp(p, "号", 3) || !strncmp(p, "期", 3)) && strlen(s) <= 60;
}

/* Drop separators and spaces left at the end of a cut title ("…决议__2007年第23号"). */
static void trim_seps(char *s)
{
    for (bool again = true; again;) {
        again = false;
        size_t n = strlen(s);
        while (n && s[n - 1] == ' ')
            s[--n] = '\0';
        for (size_t i = 0; i < NWORDS(title_seps) - 1 && !again; i++) {
            size_t k = strlen(title_seps[i]);
            if (n > k && !strcmp(s + n - k, title_seps[i])) {
                s[n - k] = '\0';
                again = true;
            }
        }
    }
}

/* Where the info line starts in a headline that runs into it ("…座谈会来源：新华社作者：
 * 2023-12-01 14:43"): a 来源/作者/发布时间 label, or a date closing the text after a space.
 * The length of the text when there is none. */
static size_t info_start(const char *t)
{
    static const char *const labels[] = {"来源：", "来源:", "作者：", "作者:", "发布时间",
                                         "发布日期", "发布于", "时间：", "日期：", "浏览次数",
                                         "点击数", "阅读数", "字号：", "【字体"};
    size_t n = strlen(t), cut = n;
    for (size_t i = 0; i < NWORDS(labels); i++) {
        const char *p = strstr(t, labels[i]);
        if (p && (size_t)(p - t) < cut)
            cut = (size_t)(p - t);
    }
    char d[20];
    size_t ds, de;
    for (size_t pos = 0; pos < cut && ga_page_find_date_at(t + pos, cut - pos, d, &ds, &de);
         pos += de) {
        size_t at = pos + ds, end = pos + de;
        while (end < n && t[end] == ' ')
            end++;
        if (at > 0 && t[at - 1] == ' ' && end >= cut) {
            cut = at;
            break;
        }
    }
    return cut;
}

char *ga_page_cut_info(char *title, char **info)
{
    *info = NULL;
    size_t cut = info_start(title);
    /* A title is more than a few characters: a label at the start is not an info line. */
    if (cut == strlen(title) || ga_utf8_length(title, cut) < 5)
        return title;
    *info = strdup(title + cut);
    title[cut] = '\0';
    trim_seps(title);
    return title;
}

/* <title> without the site name (and column names) around the article title. */
char *ga_page_strip_title(const char *t, const char *site, char **column, size_t ncol)
{
    char *s = strdup(t);
    if (!s)
        return NULL;
    for (int guard = 0; guard < 8; guard++) {
        /* The last separator splits off a suffix. */
        char *best = NULL;
        size_t blen = 0;
        for (size_t i = 0; i < NWORDS(title_seps) - 1; i++) {
            for (char *p = strstr(s, title_seps[i]); p; p = strstr(p + 1, title_seps[i]))
                if (p > s && p > best) {
                    best = p;
                    blen = strlen(title_seps[i]);
                }
        }
        if (!best)
            break;
        char *suf = best + blen;
        while (*suf == ' ')
            suf++;
        bool strip = siteish(suf) || issue_suffix(suf) || (site && !strcmp(suf, site));
        for (size_t i = 0; !strip && i < ncol; i++)
            strip = !strcmp(suf, column[i]);
        if (!strip)
            break;
        *best = '\0';
        trim_seps(s);
    }
    /* A site-name prefix: "XX市人民政府-关于...的通知". */
    for (size_t i = 0; i < NWORDS(title_seps) - 1; i++) {
        char *p = strstr(s, title_seps[i]);
        if (!p || p == s)
            continue;
        char save = *p;
        *p = '\0';
        bool site_prefix = (ends_with(s, "人民政府") || ends_with(s, "门户网站") ||
                            ends_with(s, "政府网") || ends_with(s, "官网") ||
                            (site && !strcmp(s, site)));
        *p = save;
        if (site_prefix && p[strlen(title_seps[i])]) {
            const char *rest = p + strlen(title_seps[i]);
            while (*rest == ' ')
                rest++;
            memmove(s, rest, strlen(rest) + 1);
        }
        break;
    }
    return s;
}

/*
 * The visible headline: the longest heading-like element whose text the <title> holds, else
 * the best-ranked heading just above (or at the very top of) the body: a long h1/h2 or
 * title-classed element beats a short column heading or an h3 subtitle. Site names (the
 * logo's h1) never qualify. Headings inside "header" containers count: templates wrap the
 * article's own headline in article-header blocks.
 */
long ga_page_choose_headline(ctx_t *c, long body, const char *site)
{
    const char *ht = c->html_title ? c->html_title : "";
    long best = -1, near = -1;
    size_t blen = 0;
    int near_rank = -100;
    long bstart = body >= 0 ? (long)c->st[body].text_start : -1;
    for (size_t h = 0; h < c->nheads; h++) {
        uint32_t e = c->heads[h];
        nstat *s = &c->st[e];
        if (s->chars < 4 || s->chars > 150 || s->link_chars * 2 > s->chars)
            continue;
        char *t = ga_page_elem_text(c, e);
        if (!t)
            continue;
        bool site_name = ga_page_site_name_like(t) || (site && !strcmp(t, site));
        size_t tl = strlen(t);
        if (!site_name && tl > blen && contains_nospace(ht, t)) {
            best = (long)e;
            blen = tl;
        }
        long start = (long)s->text_start, end = (long)s->text_end;
        if (!site_name && bstart >= 0 && start <= bstart + 64 && bstart - end < 2000) {
            const char *nm = (const char *)s->node->name;
            bool hx = nm[0] == 'h' && (nm[1] == '1' || nm[1] == '2') && !nm[2];
            bool h3 = nm[0] == 'h' && nm[1] == '3' && !nm[2];
            int rank = (hx ? 2 : h3 ? 1 : 2) + (s->chars >= 8 ? 2 : 0) - (s->neg_inside ? 1 : 0);
            if (rank >= near_rank) { /* ties go to the later one, nearer the body */
                near_rank = rank;
                near = (long)e;
            }
        }
        free(t);
    }
    return best >= 0 ? best : near;
}
