/* The breadcrumb: the column path a page shows after its "您现在的位置" label or in an
 * element classed as a breadcrumb. */
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
    }
}
