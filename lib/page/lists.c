/* List items: the repeated entries (title, link, date) of a list page. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

typedef struct item_cand {
    uint32_t elem;
    uint32_t link; /* raw link index */
    char date[20];
} item_cand_t;

/* Whether child element `k` looks like one entry of an article list. */
static bool list_entry(ctx_t *c, uint32_t k, item_cand_t *out)
{
    nstat *s = &c->st[k];
    if (s->nlinks < 1 || s->nlinks > 3 || !s->best_link)
        return false;
    nstat *a = &c->st[c->rl[s->best_link - 1].elem];
    uint32_t other = s->chars - s->link_chars;
    if (a->chars < 5 || other > 300)
        return false;
    out->elem = k;
    out->link = s->best_link - 1;
    out->date[0] = '\0';
    /* A date outside the link's own text. */
    const char *t = c->flat.data;
    if (!ga_page_find_date(t + a->text_end, s->text_end - a->text_end, out->date, NULL) &&
        !ga_page_find_date(t + s->text_start, a->text_start - s->text_start, out->date, NULL))
        out->date[0] = '\0';
    /* A little text beside the link (a date, a department), or a summary with a date. */
    return other <= 48 || out->date[0];
}

void ga_page_find_items(ctx_t *c, ga_page_t *pg)
{
    long best = -1;
    float bs = 0;
    item_cand_t tmp;
    for (size_t i = 0; i < c->nst; i++) {
        nstat *s = &c->st[i];
        if (s->nlinks < 3 || s->neg_inside || s->cls == CLS_NEG)
            continue;
        float sc = 0;
        size_t n = 0;
        for (xmlNode *k = s->node->children; k; k = k->next) {
            uint32_t ki = sidx(k);
            if (ki && list_entry(c, ki - 1, &tmp)) {
                n++;
                sc += tmp.date[0] ? 3.0f : 1.0f;
            }
        }
        if (n >= 3 && sc > bs) {
            bs = sc;
            best = (long)i;
        }
    }
    if (best < 0)
        return;
    /* Sibling containers of the same shape continue the list (lists split in groups). */
    c->items_elem = best + 1;
    xmlNode *bn = c->st[best].node;
    const char *bcl = ga_page_attr(bn, "class");
    size_t cap = 0;
    for (xmlNode *g = bn->parent ? bn->parent->children : bn; g; g = g->next) {
        uint32_t gi = sidx(g);
        if (!gi)
            continue;
        if (g != bn) {
            const char *gcl = ga_page_attr(g, "class");
            if (strcmp((const char *)g->name, (const char *)bn->name) ||
                (bcl == NULL) != (gcl == NULL) || (bcl && strcmp(bcl, gcl)))
                continue;
        }
        for (xmlNode *k = g->children; k && !c->oom; k = k->next) {
            uint32_t ki = sidx(k);
            if (!ki || !list_entry(c, ki - 1, &tmp))
                continue;
            const ga_page_link_t *l = ga_page_link_of(pg, c, tmp.link);
            if (!l)
                continue;
            if (!ga_grow((void **)&pg->items, &cap, pg->nitems + 1, sizeof *pg->items)) {
                c->oom = true;
                break;
            }
            ga_page_item_t *it = &pg->items[pg->nitems];
            /* Lists cut long titles short ("关于...的通..."); the title attribute has it all. */
            const char *full = ga_page_attr(c->rl[tmp.link].node, "title");
            char *title = l->text;
            if (full && strlen(full) > strlen(title)) {
                char *f = ga_page_arena_line(pg, full, strlen(full));
                if (f && *f)
                    title = f;
            }
            it->title = title;
            it->url = l->url;
            it->date = tmp.date[0] ? ga_page_arena_dup(pg, tmp.date, strlen(tmp.date)) : NULL;
            if (tmp.date[0] && !it->date) {
                c->oom = true;
                break;
            }
            pg->nitems++;
        }
    }
}
