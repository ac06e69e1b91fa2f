/* Messages (留言, 信件, 咨询) as 互动交流 columns show them: list tables whose header names
 * the fields, list items that carry a status, and detail pages whose fields are labelled. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

/* Labels of each field, most specific first. The generic 时间/日期 name a message's time
 * only in a list table's header. */
static const char *const title_words[] = {"信件标题", "留言标题", "来信标题", "咨询标题",
                                          "诉求标题", "信件主题", "留言主题", "咨询主题",
                                          "标题", "主题", "问题", NULL};
static const char *const time_words[] = {"留言时间", "来信时间", "提问时间", "咨询时间",
                                         "写信时间", "投诉时间", "信件时间", "提交时间",
                                         "诉求时间", "来信日期", "留言日期", "咨询日期", NULL};
static const char *const generic_time_words[] = {"时间", "日期", "发布时间", "发布日期", NULL};
static const char *const status_words[] = {"处理状态", "办理状态", "回复状态", "答复状态",
                                           "信件状态", "状态", NULL};
static const char *const reply_time_words[] = {"回复时间", "答复时间", "办结时间", "反馈时间",
                                               "回复日期", "答复日期", "处理时间", NULL};
static const char *const replier_words[] = {"回复单位", "答复单位", "办理单位", "承办单位",
                                            "答复部门", "回复部门", "处理单位", "答复机构",
                                            "回复机构", NULL};
static const char *const reply_words[] = {"回复内容", "答复内容", "办理结果", "答复意见",
                                          "回复意见", NULL};
/* Statuses list items show beside a message's title. */
static const char *const item_statuses[] = {"已回复", "已办结", "已答复", "已处理", "已反馈",
                                            "未回复", "未答复", "办理中", "处理中", "待回复",
                                            "待处理", "已受理", "受理中", NULL};

/* Which field a label names, -1 when none. */
static int field_of(const char *label, bool header)
{
    if (ga_page_word_index(label, reply_time_words) >= 0)
        return GA_PAGE_MSG_REPLY_TIME;
    if (ga_page_word_index(label, time_words) >= 0 ||
        (header && ga_page_word_index(label, generic_time_words) >= 0))
        return GA_PAGE_MSG_TIME;
    if (ga_page_word_index(label, title_words) >= 0)
        return GA_PAGE_MSG_TITLE;
    if (ga_page_word_index(label, status_words) >= 0)
        return GA_PAGE_MSG_STATUS;
    if (ga_page_word_index(label, replier_words) >= 0)
        return GA_PAGE_MSG_REPLIER;
    return -1;
}

static ga_page_message_t *new_message(ctx_t *c, ga_page_t *pg, size_t *cap)
{
    if (!ga_grow((void **)&pg->messages, cap, pg->nmessages + 1, sizeof *pg->messages)) {
        c->oom = true;
        return NULL;
    }
    ga_page_message_t *m = &pg->messages[pg->nmessages++];
    memset(m, 0, sizeof *m);
    return m;
}

/* Set a field from shown text: times as ISO 8601 (dropped when no date is in them),
 * others cleaned; empty values stay unset. */
static void set_field(ctx_t *c, ga_page_t *pg, ga_page_message_t *m, int f, const char *v)
{
    if (m->field[f] || !v || !*v)
        return;
    char d[20];
    if (f == GA_PAGE_MSG_TIME || f == GA_PAGE_MSG_REPLY_TIME) {
        if (!ga_page_find_date(v, strlen(v), d, NULL))
            return;
        v = d;
    }
    if (!(m->field[f] = ga_page_arena_line(pg, v, strlen(v))))
        c->oom = true;
}

/* The element children of `n` that are table cells, at most `max`. */
static size_t row_cells(const xmlNode *n, uint32_t *cells, size_t max)
{
    size_t k = 0;
    for (xmlNode *x = n->children; x; x = x->next)
        if (x->type == XML_ELEMENT_NODE && x->name && sidx(x) &&
            (!strcmp((const char *)x->name, "td") || !strcmp((const char *)x->name, "th")) &&
            k < max)
            cells[k++] = sidx(x) - 1;
    return k;
}

#define MAX_COLS 12

/* A list table: a header row naming a title and a time, and a status, reply time or
 * replier; each later row one message. */
static void from_table(ctx_t *c, ga_page_t *pg, uint32_t table, size_t *cap)
{
    uint32_t last = ga_page_subtree_last(c, table);
    int col[MAX_COLS];
    size_t ncols = 0;
    bool header = false;
    for (uint32_t e = table + 1; e <= last && !c->oom; e++) {
        const xmlNode *n = c->st[e].node;
        if (strcmp((const char *)n->name, "tr"))
            continue;
        uint32_t cells[MAX_COLS];
        size_t nc = row_cells(n, cells, MAX_COLS);
        if (!header) {
            bool seen[GA_PAGE_MSG_FIELDS] = {false};
            for (size_t k = 0; k < nc; k++) {
                char *t = ga_page_elem_text(c, cells[k]);
                col[k] = t ? field_of(t, true) : -1;
                c->oom |= !t;
                free(t);
                if (col[k] >= 0)
                    seen[col[k]] = true;
            }
            ncols = nc;
            header = seen[GA_PAGE_MSG_TITLE] && seen[GA_PAGE_MSG_TIME] &&
                     (seen[GA_PAGE_MSG_STATUS] || seen[GA_PAGE_MSG_REPLY_TIME] ||
                      seen[GA_PAGE_MSG_REPLIER]);
            if (!header)
                return; /* the first row is not a header of messages */
            continue;
        }
        if (nc != ncols)
            continue;
        ga_page_message_t *m = new_message(c, pg, cap);
        for (size_t k = 0; m && k < nc; k++) {
            if (col[k] < 0)
                continue;
            char *t = ga_page_elem_text(c, cells[k]);
            c->oom |= !t;
            set_field(c, pg, m, col[k], t);
            free(t);
            if (col[k] == GA_PAGE_MSG_TITLE) {
                const ga_page_link_t *l = ga_page_first_link(pg, c, cells[k]);
                if (l)
                    m->field[GA_PAGE_MSG_URL] = l->url;
            }
        }
        if (m && !m->field[GA_PAGE_MSG_TITLE])
            pg->nmessages--; /* a pager or summary row */
    }
}

/* List items with a status word beside their title: a message list of <li>s. */
static void from_items(ctx_t *c, ga_page_t *pg, size_t *cap)
{
    if (pg->nitems < 2)
        return;
    size_t with = 0;
    int *status = calloc(pg->nitems, sizeof *status);
    if (!status) {
        c->oom = true;
        return;
    }
    /* Items follow the document order of their links (an item shares its link's URL
     * string): one walk over both. */
    size_t k = 0;
    for (size_t i = 0; i < pg->nitems; i++) {
        status[i] = -1;
        size_t from = k;
        for (; k < c->nrl; k++) {
            const ga_page_link_t *l = ga_page_link_of(pg, c, (uint32_t)k);
            if (l && l->url == pg->items[i].url)
                break;
        }
        if (k == c->nrl) {
            k = from; /* not in order (never so: items are made from links) */
            continue;
        }
        /* The status sits in the item's row: the link's parent element. */
        uint32_t p = c->st[c->rl[k].elem].parent;
        if (p) {
            const nstat *s = &c->st[p - 1];
            char *t = strndup(c->flat.data + s->text_start, s->text_end - s->text_start);
            c->oom |= !t;
            for (int w = 0; t && item_statuses[w]; w++)
                if (strstr(t, item_statuses[w])) {
                    status[i] = w;
                    break;
                }
            free(t);
        }
        with += status[i] >= 0;
    }
    if (with * 2 >= pg->nitems) {
        for (size_t i = 0; i < pg->nitems && !c->oom; i++) {
            if (status[i] < 0)
                continue;
            ga_page_message_t *m = new_message(c, pg, cap);
            if (!m)
                break;
            m->field[GA_PAGE_MSG_TITLE] = pg->items[i].title;
            m->field[GA_PAGE_MSG_URL] = pg->items[i].url;
            set_field(c, pg, m, GA_PAGE_MSG_TIME, pg->items[i].date);
            set_field(c, pg, m, GA_PAGE_MSG_STATUS, item_statuses[status[i]]);
        }
    }
    free(status);
}

/* A detail page: labelled fields with the time it was left. */
static void from_pairs(ctx_t *c, ga_page_t *pg, const ga_page_pair_t *pairs, size_t n,
                       size_t *cap)
{
    bool dated = false;
    for (size_t i = 0; i < n && !dated; i++)
        dated = ga_page_word_index(pairs[i].label, time_words) >= 0;
    if (!dated)
        return;
    ga_page_message_t *m = new_message(c, pg, cap);
    if (!m)
        return;
    bool replied = false;
    for (size_t i = 0; i < n; i++) {
        int f = field_of(pairs[i].label, false);
        if (f >= 0)
            set_field(c, pg, m, f, pairs[i].value);
        else if (ga_page_word_index(pairs[i].label, reply_words) >= 0 && *pairs[i].value)
            replied = true;
    }
    /* An answer shown without a status: the message is answered. */
    if (replied)
        set_field(c, pg, m, GA_PAGE_MSG_STATUS, "已回复");
    if (!m->field[GA_PAGE_MSG_TITLE])
        m->field[GA_PAGE_MSG_TITLE] = pg->title;
    if (c->url && !(m->field[GA_PAGE_MSG_URL] = ga_page_arena_dup(pg, c->url, strlen(c->url))))
        c->oom = true;
}

void ga_page_find_messages(ctx_t *c, ga_page_t *pg, const ga_page_pair_t *pairs, size_t npairs)
{
    size_t cap = 0;
    for (size_t e = 0; e < c->nst && !c->oom; e++)
        if (!strcmp((const char *)c->st[e].node->name, "table"))
            from_table(c, pg, (uint32_t)e, &cap);
    if (!pg->nmessages)
        from_items(c, pg, &cap);
    if (!pg->nmessages)
        from_pairs(c, pg, pairs, npairs, &cap);
    pg->message_form = c->textarea;
}
