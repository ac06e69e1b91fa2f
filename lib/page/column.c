/* The column path: the breadcrumb a page shows after its "您现在的位置" label or in an
 * element classed as a breadcrumb; without one, the ColumnName tag or the URL's folders. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

static bool crumb_noise(const char *s)
{
    static const char *const words[] = {"正文", "正文内容", "详情", "内容", "文章", "详细内容",
                                        "浏览正文", "阅读正文", "信息详情", "详细信息", "内容页",
                                        "文章内容", "查看内容", "正文页"};
    for (size_t i = 0; i < NWORDS(words); i++)
        if (!strcmp(s, words[i]))
            return true;
    return false;
}

typedef struct crumbs {
    char *seg[16];
    size_t n;
    bool bad;  /* not a breadcrumb after all */
    bool done; /* the path has ended */
} crumbs_t;

static const char *const crumb_seps[] = {"&gt;", ">", "＞", "»", "›", "→", "/", "\\", "》",
                                         "|", "｜", "∶"};

static void crumb_add(crumbs_t *cb, const char *s, size_t len)
{
    char *t = ga_page_clean_dup(s, len);
    if (!t)
        return;
    /* Drop the label and its colon if they are inside this segment. */
    char *p = t;
    for (size_t k = 0; k < NWORDS(ga_page_crumb_labels); k++) {
        char *h = strstr(p, ga_page_crumb_labels[k]);
        if (h)
            p = h + strlen(ga_page_crumb_labels[k]);
    }
    while (*p == ':' || *p == ' ' || !strncmp(p, "：", 3))
        p += (*p == ':' || *p == ' ') ? 1 : 3;
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == ':'))
        n--;
    if (n == 0 || strspn(p, "-=>»*·. ") == n) {
        free(t);
        return;
    }
    if (n > 90 || cb->n == 16 || cb->done) {
        /* A long segment is the article title or other text after the path. */
        cb->done = true;
        free(t);
        return;
    }
    memmove(t, p, n);
    t[n] = '\0';
    cb->seg[cb->n++] = t;
}

static void crumb_split(crumbs_t *cb, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len;) {
        size_t w = 0;
        for (size_t k = 0; k < NWORDS(crumb_seps); k++) {
            size_t n = strlen(crumb_seps[k]);
            if (i + n <= len && !memcmp(s + i, crumb_seps[k], n)) {
                w = n;
                break;
            }
        }
        if (w) {
            crumb_add(cb, s + start, i - start);
            i += w;
            start = i;
        } else {
            i++;
        }
    }
    crumb_add(cb, s + start, len - start);
}

/* Segments of a breadcrumb element: link texts whole, other text split at separators. */
static void crumb_walk(ctx_t *c, crumbs_t *cb, xmlNode *root, xmlNode *from, size_t from_off)
{
    bool started = from == NULL;
    xmlNode *n = root->children;
    while (n && !cb->bad && !cb->done) {
        bool down = false;
        if (started && cb->n && n->type == XML_ELEMENT_NODE &&
            (!sidx(n) ? (n->name && !strcmp((const char *)n->name, "br"))
                      : c->st[sidx(n) - 1].kind == TK_BLOCK)) {
            cb->done = true; /* the next line is no longer the path */
            break;
        }
        if (n == from) {
            started = true;
            const char *t = (const char *)n->content;
            crumb_split(cb, t + from_off, strlen(t) - from_off);
        } else if (n->type == XML_ELEMENT_NODE && sidx(n)) {
            nstat *s = &c->st[sidx(n) - 1];
            if (started && s->best_link && c->rl[s->best_link - 1].node == n) {
                crumb_add(cb, c->flat.data + s->text_start, s->text_end - s->text_start);
            } else {
                down = true;
            }
        } else if (started && n->type == XML_TEXT_NODE && n->content) {
            crumb_split(cb, (const char *)n->content, strlen((const char *)n->content));
        }
        if (down && n->children) {
            n = n->children;
            continue;
        }
        while (n) {
            if (n == root) {
                n = NULL;
                break;
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (n == root)
                n = NULL;
        }
    }
}

static void crumb_free(crumbs_t *cb)
{
    for (size_t i = 0; i < cb->n; i++)
        free(cb->seg[i]);
    cb->n = 0;
}

/* Without a breadcrumb: the ColumnName tag, unless the template fills it with the site's
 * name or 首页 on every page. */
static void column_from_tag(ctx_t *c, ga_page_t *pg)
{
    const char *name = ga_page_ctx_meta(c, "ColumnName"), *site = ga_page_ctx_meta(c, "SiteName");
    if (!name || !*name || !strcmp(name, "首页") || !strcmp(name, "网站首页") ||
        (site && !strcmp(name, site)) || strlen(name) > 90)
        return;
    char *seg = ga_page_line_dup(name, strlen(name));
    pg->column = seg && *seg ? malloc(sizeof *pg->column) : NULL;
    if (!pg->column) {
        c->oom |= !seg;
        free(seg);
        return;
    }
    pg->column[0] = seg;
    pg->ncolumn = 1;
    pg->column_origin = 'm';
}

/* Folder names government CMSs build from the initials of a column's pinyin. Only names
 * that mean one column wherever they are seen. */
static const struct {
    const char *dir, *name;
} folder_names[] = {
    {"zwgk", "政务公开"},     {"xxgk", "信息公开"},     {"zfxxgk", "政府信息公开"},
    {"tzgg", "通知公告"},     {"gsgg", "公示公告"},     {"zwdt", "政务动态"},
    {"gzdt", "工作动态"},     {"bmdt", "部门动态"},     {"xwdt", "新闻动态"},
    {"xwzx", "新闻中心"},     {"zwyw", "政务要闻"},     {"jryw", "今日要闻"},
    {"tpxw", "图片新闻"},     {"xzdt", "乡镇动态"},     {"zcwj", "政策文件"},
    {"zcfg", "政策法规"},     {"zcjd", "政策解读"},     {"rsxx", "人事信息"},
    {"ghjh", "规划计划"},     {"tjxx", "统计信息"},     {"tjsj", "统计数据"},
    {"tjgb", "统计公报"},     {"czyjs", "财政预决算"},  {"hdjl", "互动交流"},
    {"zxft", "在线访谈"},     {"myzj", "民意征集"},     {"szxx", "市长信箱"},
    {"zxzx", "在线咨询"},     {"bsfw", "办事服务"},     {"zwfw", "政务服务"},
    {"bszn", "办事指南"},     {"jgsz", "机构设置"},     {"ldxx", "领导信息"},
    {"zfwj", "政府文件"},     {"bmwj", "部门文件"},     {"gfxwj", "规范性文件"},
    {"yjzj", "意见征集"},     {"jytabl", "建议提案办理"}, {"zdly", "重点领域"}};

static const char *folder_name(const char *s, size_t n)
{
    for (size_t i = 0; i < NWORDS(folder_names); i++)
        if (strlen(folder_names[i].dir) == n && !strncasecmp(s, folder_names[i].dir, n))
            return folder_names[i].name;
    return NULL;
}

/* A folder named after a date (2023, 202307, 2023-07, 31): not a column. */
static bool date_folder(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '-' && s[i] != '_')
            return false;
    return true;
}

/* Without breadcrumb or tag: the URL's folders, when the last folder that is not a date
 * has a known name (/zwgk/tzgg/202305/t20230512_99.html → 政务公开, 通知公告). */
static void column_from_folders(ctx_t *c, ga_page_t *pg)
{
    const char *p = c->url ? strstr(c->url, "://") : NULL;
    p = p ? strchr(p + 3, '/') : NULL;
    if (!p)
        return;
    size_t len = strcspn(p, "?#");
    const char *names[8];
    size_t n = 0;
    bool last_known = false;
    for (size_t i = 0; i < len;) {
        size_t s = i + 1, e = s;
        while (e < len && p[e] != '/')
            e++;
        if (e >= len)
            break; /* the file name */
        if (e > s && !date_folder(p + s, e - s)) {
            const char *name = folder_name(p + s, e - s);
            last_known = name != NULL;
            if (name && n < NWORDS(names))
                names[n++] = name;
        }
        i = e;
    }
    if (!last_known || !n || !(pg->column = calloc(n, sizeof *pg->column))) {
        c->oom |= last_known && n;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (!(pg->column[pg->ncolumn++] = strdup(names[i])))
            c->oom = true;
    pg->column_origin = 'u';
}

void ga_page_find_column(ctx_t *c, ga_page_t *pg)
{
    crumbs_t cb = {{0}, 0, false, false};
    if (c->crumb_text) {
        xmlNode *b = c->crumb_text->parent;
        while (b && sidx(b) && c->st[sidx(b) - 1].kind != TK_BLOCK)
            b = b->parent;
        if (b && sidx(b)) {
            crumb_walk(c, &cb, b, c->crumb_text, c->crumb_after);
            /* The label alone in its block: the path is in the next block. */
            xmlNode *next = b->next;
            while (cb.n == 0 && !cb.bad && next) {
                if (next->type == XML_ELEMENT_NODE && sidx(next)) {
                    crumb_walk(c, &cb, next, NULL, 0);
                    break;
                }
                next = next->next;
            }
        }
    }
    if ((cb.n == 0 || cb.bad) && c->crumb_elem) {
        crumb_free(&cb);
        cb.bad = cb.done = false;
        nstat *s = &c->st[c->crumb_elem - 1];
        if (s->chars < 300)
            crumb_walk(c, &cb, s->node, NULL, 0);
    }
    if (cb.bad)
        crumb_free(&cb);
    while (cb.n && crumb_noise(cb.seg[cb.n - 1]))
        free(cb.seg[--cb.n]);
    if (cb.n) {
        pg->column = malloc(cb.n * sizeof *pg->column);
        if (!pg->column) {
            crumb_free(&cb);
            c->oom = true;
            return;
        }
        memcpy(pg->column, cb.seg, cb.n * sizeof *pg->column);
        pg->ncolumn = cb.n;
        pg->column_origin = 'b';
        return;
    }
    column_from_tag(c, pg);
    if (!pg->ncolumn)
        column_from_folders(c, pg);
}
