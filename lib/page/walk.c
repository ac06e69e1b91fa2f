/* The one walk over the parsed tree: each element's class (block, inline, skipped;
 * boilerplate or content by its class and id names) and statistics, the page's flat
 * visible text, its <meta> tags, links and breadcrumb label. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

/* Attribute value without allocating (NULL when absent or not a single text node). */
const char *ga_page_attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (a->name && strcasecmp((const char *)a->name, name) == 0) {
            if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
                return (const char *)a->children->content;
            return "";
        }
    }
    return NULL;
}

/* The attributes the walk reads, found in one pass over the element's attributes. */
typedef struct attrs {
    const char *id, *cls, *style, *href;
    bool hidden;
} attrs_t;

static const char *attr_value(const xmlAttr *a)
{
    if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
        return (const char *)a->children->content;
    return "";
}

static void scan_attrs(const xmlNode *n, attrs_t *at)
{
    memset(at, 0, sizeof *at);
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *nm = (const char *)a->name;
        if (!nm)
            continue;
        switch (nm[0] | 0x20) {
        case 'i':
            if (!at->id && !strcasecmp(nm, "id"))
                at->id = attr_value(a);
            break;
        case 'c':
            if (!at->cls && !strcasecmp(nm, "class"))
                at->cls = attr_value(a);
            break;
        case 's':
            if (!at->style && !strcasecmp(nm, "style"))
                at->style = attr_value(a);
            break;
        case 'h':
            if (!at->href && !strcasecmp(nm, "href"))
                at->href = attr_value(a);
            else if (!strcasecmp(nm, "hidden"))
                at->hidden = true;
            break;
        default:
            break;
        }
    }
}

/* id and class, lower-cased, space separated, into buf; false when neither is set. */
static bool id_class(const attrs_t *at, char *buf, size_t cap)
{
    const char *id = at->id, *cl = at->cls;
    if (!id && !cl)
        return false;
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++) {
        const char *s = pass ? cl : id;
        /* Room is kept for the separator and the NUL. */
        for (; s && *s && k + 2 < cap; s++)
            buf[k++] = (char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s);
        if (k + 1 < cap)
            buf[k++] = ' ';
    }
    buf[k < cap ? k : cap - 1] = '\0';
    return true;
}

static bool hidden_style(const attrs_t *at)
{
    const char *s = at->style;
    if (!s)
        return at->hidden;
    char buf[128];
    size_t k = 0;
    for (; *s && k + 1 < sizeof buf; s++)
        if (*s != ' ' && *s != '\t')
            buf[k++] = (char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s);
    buf[k] = '\0';
    return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

static void flat_nl(ctx_t *c)
{
    ga_buf_t *b = &c->flat;
    /* Never shorten the text: elements have recorded offsets into it. */
    if (b->len && b->data[b->len - 1] == ' ')
        b->data[b->len - 1] = '\n';
    else if (b->len && b->data[b->len - 1] != '\n')
        if (!ga_buf_append(b, "\n", 1))
            c->oom = true;
}

/* Append text collapsing whitespace; counts characters and punctuation. */
static void flat_text(ctx_t *c, const char *text, uint32_t *chars, uint32_t *punct)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text);
    ga_buf_t *b = &c->flat;
    *chars = *punct = 0;
    if (!ga_buf_reserve(b, len + 1)) {
        c->oom = true;
        return;
    }
    uint32_t ch = 0, pu = 0;
    bool space = b->len > 0 && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n');
    for (size_t i = 0; i < len;) {
        /* A continuation byte starts no space, punctuation or character: copied as is
         * (two of every three bytes of Chinese text). */
        if ((s[i] & 0xC0) == 0x80) {
            space = false;
            b->data[b->len++] = (char)s[i++];
            continue;
        }
        size_t w;
        if (is_ws3(s, i, len, &w)) {
            if (!space) {
                b->data[b->len++] = ' ';
                space = true;
            }
            i += w;
            continue;
        }
        space = false;
        ch++;
        if (is_punct(s, i, len))
            pu++;
        b->data[b->len++] = (char)s[i++];
    }
    b->data[b->len] = '\0';
    *chars = ch;
    *punct = pu;
}

static void add_meta(ctx_t *c, const char *name, const char *content)
{
    if (!ga_grow((void **)&c->meta, &c->metacap, c->nmeta + 1, sizeof *c->meta)) {
        c->oom = true;
        return;
    }
    /* Trim surrounding whitespace of the content. */
    while (*content == ' ' || *content == '\t' || *content == '\n' || *content == '\r')
        content++;
    size_t n = strlen(content);
    while (n && (content[n - 1] == ' ' || content[n - 1] == '\t' || content[n - 1] == '\n' ||
                 content[n - 1] == '\r'))
        n--;
    char *nm = strdup(name), *ct = strndup(content, n);
    if (!nm || !ct) {
        free(nm);
        free(ct);
        c->oom = true;
        return;
    }
    c->meta[c->nmeta].name = nm;
    c->meta[c->nmeta].content = ct;
    c->nmeta++;
}

const char *const ga_page_crumb_labels[GA_PAGE_CRUMB_LABELS] = {"您现在的位置", "您当前的位置", "您当前所在位置",
                                           "您所在的位置", "当前位置", "您的位置", "所在位置",
                                           "现在位置", "当前页面", "当前栏目", "位置：",
                                           "位置:"};

/* Widgets the visible text does not show: the 党政机关标识 and 找错 scripts and images, text
 * areas. */
static void note_widget(ctx_t *c, xmlNode *n, unsigned tag)
{
    if (tag & (TAG_SCRIPT | TAG_IMG)) {
        const char *src = ga_page_attr(n, "src"), *alt = ga_page_attr(n, "alt");
        if (src && strstr(src, "conac") && !c->conac_src)
            c->conac_src = src;
        else if (alt && strstr(alt, "党政机关") && !c->conac_src)
            c->conac_src = src ? src : alt;
        if (src && strstr(src, "jiucuo") && !c->jiucuo_src) {
            c->jiucuo_src = src;
            c->jiucuo_code = ga_page_attr(n, "sitecode");
        } else if (alt && strstr(alt, "找错") && !c->zhaocuo_img) {
            c->zhaocuo_img = src ? src : alt;
        }
    } else if (tag & TAG_TEXTAREA) {
        c->textarea = true;
    }
}

/* Element entry: returns whether to walk into the children. */
static bool enter_element(ctx_t *c, xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (!name)
        return false;
    unsigned tag = ga_page_tag_info_fast(name);
    int kind = (int)(tag & TAG_KIND_MASK);
    if (tag & TAG_HEAD) {
        c->in_head++;
    } else if (tag & TAG_TITLE) {
        if (!c->html_title) {
            ga_buf_t t = {0};
            for (xmlNode *k = n->children; k; k = k->next)
                if (k->type == XML_TEXT_NODE && k->content)
                    ga_buf_append(&t, k->content, strlen((const char *)k->content));
            c->html_title = t.data ? t.data : strdup("");
            if (!c->html_title)
                c->oom = true;
        }
        return false;
    } else if (tag & TAG_META) {
        const char *nm = ga_page_attr(n, "name"), *ct = ga_page_attr(n, "content");
        if (nm && ct && *nm)
            add_meta(c, nm, ct);
        return false;
    } else if (tag & TAG_BASE) {
        if (!c->base_href)
            c->base_href = ga_page_attr(n, "href");
        return false;
    }
    if (kind == TK_SKIP || (tag & TAG_IMG))
        note_widget(c, n, tag);
    if (kind == TK_SKIP)
        return false;
    attrs_t at;
    scan_attrs(n, &at);
    if (hidden_style(&at))
        return false;
    if (kind == TK_BR) {
        if (!c->in_head)
            flat_nl(c);
        return false;
    }
    if (!ga_grow((void **)&c->st, &c->cap, c->nst + 1, sizeof *c->st)) {
        c->oom = true;
        return false;
    }
    nstat *s = &c->st[c->nst];
    memset(s, 0, sizeof *s);
    s->node = n;
    s->parent = sidx(n->parent);
    s->kind = kind == TK_BLOCK ? TK_BLOCK : TK_INLINE;
    char icbuf[160];
    if (id_class(&at, icbuf, sizeof icbuf)) {
        unsigned cw = ga_page_class_bits(icbuf);
        s->cls = cw & CW_STRONG ? CLS_STRONG : cw & CW_NEG ? CLS_NEG : cw & CW_WEAK ? CLS_WEAK : CLS_NONE;
        if (!c->crumb_elem && (cw & CW_CRUMB))
            c->crumb_elem = (uint32_t)c->nst + 1;
        if (cw & CW_BODY_SKIP)
            s->skip_body = 1;
        if (cw & CW_HEADING)
            s->heading = 1;
    }
    /* Semantic HTML5 boilerplate. */
    if (tag & TAG_SEMANTIC_NEG)
        s->cls = CLS_NEG;
    if (tag & TAG_HEADING)
        s->heading = 1;
    if (tag & TAG_ROWISH)
        s->rowish = 1;
    if (tag & TAG_HEAD)
        s->is_head = 1;
    if (s->parent)
        s->neg_inside = c->st[s->parent - 1].neg_inside || c->st[s->parent - 1].cls == CLS_NEG;
    if (s->heading && !c->in_link) {
        if (ga_grow((void **)&c->heads, &c->headcap, c->nheads + 1, sizeof *c->heads))
            c->heads[c->nheads++] = (uint32_t)c->nst;
        else
            c->oom = true;
    }
    n->_private = (void *)(uintptr_t)(c->nst + 1);
    c->nst++;
    if (kind == TK_BLOCK && !c->in_head)
        flat_nl(c);
    s = &c->st[c->nst - 1];
    s->text_start = (uint32_t)c->flat.len;
    if ((tag & TAG_LINK) && at.href) {
        c->in_link++;
        if (ga_grow((void **)&c->rl, &c->rlcap, c->nrl + 1, sizeof *c->rl)) {
            c->rl[c->nrl].node = n;
            c->rl[c->nrl].elem = (uint32_t)c->nst - 1;
            c->rl[c->nrl].kept = 0;
            c->nrl++;
            s->nlinks = 1;
            s->is_link = 1;
            s->best_link = (uint32_t)c->nrl;
        } else {
            c->oom = true;
        }
    }
    return true;
}

static void leave_element(ctx_t *c, xmlNode *n)
{
    /* Only entered elements are left, and each has its entry. */
    uint32_t i = sidx(n);
    if (!i)
        return;
    nstat *s = &c->st[i - 1];
    if (s->is_head) {
        c->in_head--;
        return;
    }
    if (s->kind == TK_BLOCK && !c->in_head)
        flat_nl(c);
    s->text_end = (uint32_t)c->flat.len;
    if (s->is_link) {
        c->in_link--;
        s->link_chars = s->chars;
        s->punct = 0;
    }
    /* A block of prose scores itself, its parent and half its grandparent. Punctuation is
     * capped so that one enumeration (a list of 300 names separated by 、) cannot outweigh
     * a container of many ordinary paragraphs. */
    if (s->direct >= 8) {
        uint32_t pu = s->direct_punct < 15 ? s->direct_punct : 15;
        float sc = 1.0f + (float)pu + (float)(s->direct / 40 < 4 ? s->direct / 40 : 4);
        s->score += sc;
        if (s->parent) {
            /* Table rows are wrappers: a cell's container is its table, which scores as a
             * div does for its paragraphs. */
            nstat *p = &c->st[s->parent - 1];
            p->score += sc;
            while (p->rowish && p->parent) {
                p = &c->st[p->parent - 1];
                p->score += sc;
            }
            if (p->parent)
                c->st[p->parent - 1].score += sc / 2;
        }
    }
    if (s->parent) {
        nstat *p = &c->st[s->parent - 1];
        p->chars += s->chars;
        p->link_chars += s->link_chars;
        p->punct += s->punct;
        p->nlinks += s->nlinks;
        if (s->best_link && (!p->best_link || c->st[c->rl[s->best_link - 1].elem].chars >
                                                  c->st[c->rl[p->best_link - 1].elem].chars))
            p->best_link = s->best_link;
    }
}

static void text_node(ctx_t *c, xmlNode *n)
{
    if (c->in_head || !n->content)
        return;
    uint32_t chars, punct;
    flat_text(c, (const char *)n->content, &chars, &punct);
    if (!chars)
        return;
    uint32_t pi = sidx(n->parent);
    if (!pi)
        return;
    nstat *p = &c->st[pi - 1];
    p->chars += chars;
    if (c->in_link) {
        p->link_chars += chars;
    } else {
        p->punct += punct;
        /* The nearest block ancestor owns this inline text. */
        nstat *b = p;
        while (b->kind != TK_BLOCK && b->parent)
            b = &c->st[b->parent - 1];
        b->direct += chars;
        b->direct_punct += punct;
    }
    /* Every label holds 位置 or 当前: text with neither is spared the twelve searches. */
    if (!c->crumb_text && chars < 200 &&
        (strstr((const char *)n->content, "位置") || strstr((const char *)n->content, "当前"))) {
        const char *t = (const char *)n->content;
        for (size_t k = 0; k < NWORDS(ga_page_crumb_labels); k++) {
            const char *hit = strstr(t, ga_page_crumb_labels[k]);
            if (hit) {
                c->crumb_text = n;
                c->crumb_after = (size_t)(hit - t) + strlen(ga_page_crumb_labels[k]);
                break;
            }
        }
    }
}

/* The one walk over the tree: iterative, so deep nesting cannot exhaust the stack. */
void ga_page_walk(ctx_t *c, xmlDoc *doc)
{
    xmlNode *n = doc->children;
    while (n && !c->oom) {
        bool down = false;
        if (n->type == XML_ELEMENT_NODE)
            down = enter_element(c, n);
        else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            text_node(c, n);
        if (down && n->children) {
            n = n->children;
            continue;
        }
        if (down)
            leave_element(c, n);
        while (n) {
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n || n->type != XML_ELEMENT_NODE) {
                n = NULL;
                break;
            }
            leave_element(c, n);
        }
    }
}
