/*
 * HTML page → document: one libxml2 parse, one walk over the tree that builds the page's
 * visible text and per-element statistics, then the extractors read those statistics.
 *
 * The main body is found the way readability-style extractors do, tuned for the CMS
 * templates of Chinese government sites (TRS WCM, Hanweb 大汉, 开普云 UCAP, ...): every
 * block holding prose scores itself, its parent and half its grandparent by its length
 * and its Chinese punctuation; scores are damped by link density and by class/id names
 * (nav, footer, share, ... down; TRS_Editor, zoom, UCAP-CONTENT, ... up); the winner is
 * narrowed to the child that holds nearly all of its text.
 */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/uri.h>

#include "page/page-private.h"

/* ---- element classes ------------------------------------------------------------- */

enum { TK_INLINE, TK_BLOCK, TK_SKIP, TK_BR };

static bool in_list(const char *n, const char *const *names)
{
    for (; *names; names++)
        if (!strcmp(n, *names))
            return true;
    return false;
}

/* Tag class by name; libxml2's HTML parser gives lower-case names. Dispatch on the first
 * letter: this runs for every element of every page. */
static int tag_kind(const char *n)
{
    static const char *const a_[] = {"article", "aside", "address", "audio", NULL};
    static const char *const b_[] = {"body", "blockquote", "button", NULL};
    static const char *const c_[] = {"center", "caption", "canvas", NULL};
    static const char *const d_[] = {"div", "dl", "dt", "dd", "dir", "details", NULL};
    static const char *const f_[] = {"footer", "form", "fieldset", "figure", "figcaption",
                                     "frameset", "frame", NULL};
    static const char *const h_[] = {"h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
                                     "html", "hgroup", NULL};
    static const char *const m_[] = {"main", "menu", "map", NULL};
    static const char *const n_[] = {"nav", "noscript", "noframes", NULL};
    static const char *const o_[] = {"ol", "object", "option", NULL};
    static const char *const s_[] = {"section", "script", "style", "select", "svg", "summary",
                                     NULL};
    static const char *const t_[] = {"table", "tbody", "thead", "tfoot", "tr", "td", "th",
                                     "template", "textarea", NULL};
    switch (n[0]) {
    case 'a':
        return n[1] && in_list(n, a_) ? (n[1] == 'u' ? TK_SKIP : TK_BLOCK) : TK_INLINE;
    case 'b':
        if (n[1] == 'r' && !n[2])
            return TK_BR;
        return in_list(n, b_) ? (n[1] == 'u' ? TK_SKIP : TK_BLOCK) : TK_INLINE;
    case 'c':
        return in_list(n, c_) ? (n[1] == 'a' && n[2] == 'n' ? TK_SKIP : TK_BLOCK) : TK_INLINE;
    case 'd':
        return in_list(n, d_) ? TK_BLOCK : TK_INLINE;
    case 'e':
        return !strcmp(n, "embed") ? TK_SKIP : TK_INLINE;
    case 'f':
        return in_list(n, f_) ? (n[1] == 'r' && n[2] == 'a' ? TK_SKIP : TK_BLOCK) : TK_INLINE;
    case 'h':
        return in_list(n, h_) ? TK_BLOCK : TK_INLINE;
    case 'i':
        return !strcmp(n, "iframe") || !strcmp(n, "input") ? TK_SKIP : TK_INLINE;
    case 'l':
        return (n[1] == 'i' && !n[2]) || !strcmp(n, "legend") ? TK_BLOCK : TK_INLINE;
    case 'm':
        return in_list(n, m_) ? (n[1] == 'a' && n[2] == 'p' ? TK_SKIP : TK_BLOCK) : TK_INLINE;
    case 'n':
        return in_list(n, n_) ? (n[1] == 'a' ? TK_BLOCK : TK_SKIP) : TK_INLINE;
    case 'o':
        return in_list(n, o_) ? (n[1] == 'l' ? TK_BLOCK : TK_SKIP) : TK_INLINE;
    case 'p':
        return !n[1] || !strcmp(n, "pre") ? TK_BLOCK : TK_INLINE;
    case 's':
        if (!in_list(n, s_))
            return TK_INLINE;
        return !strcmp(n, "section") || !strcmp(n, "summary") ? TK_BLOCK : TK_SKIP;
    case 't':
        if (!in_list(n, t_))
            return TK_INLINE;
        return n[1] == 'e' ? TK_SKIP : TK_BLOCK;
    case 'u':
        return n[1] == 'l' && !n[2] ? TK_BLOCK : TK_INLINE;
    case 'v':
        return !strcmp(n, "video") ? TK_SKIP : TK_INLINE;
    default:
        return TK_INLINE;
    }
}

/* Attribute value without allocating (NULL when absent or not a single text node). */
static const char *attr(const xmlNode *n, const char *name)
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

/* Whether `word` occurs in `s` as a token delimited by non-alphanumerics. */
static bool has_token(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(s, word); p; p = strstr(p + 1, word)) {
        bool left = p == s || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9'));
        char r = p[n];
        bool right = !((r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'));
        if (left && right)
            return true;
    }
    return false;
}

/* Whether some token of `s` ends with `suffix` ("wzbt", "newsbt", "detail_tit"). */
static bool token_ends(const char *s, const char *suffix)
{
    size_t n = strlen(suffix);
    for (const char *p = strstr(s, suffix); p; p = strstr(p + 1, suffix)) {
        char r = p[n];
        if (!((r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')))
            return true;
    }
    return false;
}

enum { CLS_NONE = 0, CLS_WEAK = 1, CLS_STRONG = 2, CLS_NEG = -1 };

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

static bool any_sub(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, words[i]))
            return true;
    return false;
}

static bool any_token(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (has_token(s, words[i]))
            return true;
    return false;
}
#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

/* Boilerplate containers: navigation, headers, footers, sidebars, share and print tools. */
static const char *const neg_sub[] = {
    "nav", "menu", "header", "footer", "sidebar", "share", "copyright",
    "banner", "friend", "search", "login", "related", "xgwz", "xgxx", "xglj", "comment",
    "toolbar", "breadcrumb", "crumb", "position", "location", "bottom", "topbar", "logo",
    "yqlj", "dibu", "daohang", "widget", "qrcode", "erweima", "fenxiang", "pagination",
    "pager", "weizhi", "dqwz", "sitemap", "skip", "advert", "shortcut", "gotop", "backtop",
    "fenye", "page_nav", "pagenav", "btn-print", "print_btn", "printbtn", "closewin"};
/* Short names only as whole tokens: "print" alone is the print button, but printArea and
 * printContent wrap the article on many sites; "left"/"right" columns and "page"
 * wrappers hold content as often as not, so they are not listed at all. */
static const char *const neg_tok[] = {"top", "head", "foot", "ad", "ads", "side", "link",
                                      "links", "dh", "tool", "tools", "fx", "bar", "hidden",
                                      "hide", "print", "close", "dayin", "guanbi"};
/* Content containers of the CMSs government sites run on. */
static const char *const strong_sub[] = {
    "trs_editor", "trs_ueditor", "custom_unionstyle", "ucap-content", "ucapcontent",
    "pages_content", "article-content", "article_content", "articlecontent", "art_content",
    "artcontent", "news_content", "newscontent", "news-content", "detail_content",
    "detail-content", "detailcontent", "content_text", "contenttext", "con_text",
    "xxgk_content", "zoomcon", "wzcon", "text_content", "bt_content", "article-body",
    "articlebody", "zwnr", "wznr", "nrcon", "view_content", "info_content", "infocontent",
    "main-text", "main_text", "mainbody"};
static const char *const strong_tok[] = {"zoom", "fontzoom", "zw", "nr", "zoomtext", "content1",
                                         "conent", "txt", "zhengwen", "neirong"};
static const char *const weak_sub[] = {"content", "article", "detail", "main", "text",
                                       "xxgk", "news", "body", "con", "info", "view"};
/* Inside a chosen body, these are still left out. */
static const char *const body_skip_sub[] = {
    "share", "fenxiang", "bdshare", "related", "xgwz", "xglj", "comment", "toolbar",
    "breadcrumb", "crumb", "position", "qrcode", "erweima", "font-size", "fontsize", "zihao",
    "gotop", "backtop", "pagination", "pager", "nav", "btn-print", "print_btn", "printbtn",
    "closewin"};
static const char *const body_skip_tok[] = {"print", "close", "dayin", "guanbi", "fx", "tool",
                                            "tools"};

static int class_weight(const char *ic)
{
    if (any_sub(ic, strong_sub, NWORDS(strong_sub)) || any_token(ic, strong_tok, NWORDS(strong_tok)))
        return CLS_STRONG;
    if (any_sub(ic, neg_sub, NWORDS(neg_sub)) || any_token(ic, neg_tok, NWORDS(neg_tok)))
        return CLS_NEG;
    if (any_sub(ic, weak_sub, NWORDS(weak_sub)))
        return CLS_WEAK;
    return CLS_NONE;
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

/* ---- per-element statistics --------------------------------------------------------- */

typedef struct nstat {
    xmlNode *node;
    uint32_t parent;     /* index+1 of the parent element's entry, 0 for none */
    uint32_t chars;      /* visible non-space code points in the subtree */
    uint32_t link_chars; /* of which inside links */
    uint32_t punct;      /* sentence punctuation outside links */
    uint32_t direct;     /* non-link characters of the element's own inline content */
    uint32_t direct_punct;
    uint32_t nlinks;
    uint32_t best_link; /* index+1 into the raw links of the longest link in the subtree */
    uint32_t text_start, text_end; /* span in the flat text */
    float score;
    int8_t cls;
    uint8_t kind;       /* TK_BLOCK / TK_INLINE */
    uint8_t neg_inside; /* inside a boilerplate container */
    uint8_t skip_body;  /* left out of the body text */
    uint8_t heading;    /* h1..h3 or a title-like class */
    uint8_t is_link;
    uint8_t rowish; /* tr, tbody, thead, tfoot: wrappers that pass scores on */
} nstat;

typedef struct rawlink {
    xmlNode *node;
    uint32_t elem; /* index of the <a> element's entry */
    uint32_t kept; /* index+1 in the page's links, 0 when left out */
} rawlink_t;

typedef struct ctx {
    const char *url;
    ga_buf_t flat;
    nstat *st;
    size_t nst, cap;
    rawlink_t *rl;
    size_t nrl, rlcap;
    uint32_t *heads;
    size_t nheads, headcap;
    ga_page_meta_entry_t *meta;
    size_t nmeta, metacap;
    char *html_title;
    const char *base_href;
    int in_link;
    int in_head;
    xmlNode *crumb_text;       /* text node holding the breadcrumb label */
    size_t crumb_after;        /* offset in it just past the label */
    uint32_t crumb_elem;       /* index+1 of an element with a breadcrumb class */
    long items_elem;           /* index+1 of the list items' container, 0 for none */
    ga_buf_t scratch; /* reused for escaping hrefs */
    bool oom;
} ctx_t;

static inline uint32_t sidx(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE ? (uint32_t)(uintptr_t)n->_private : 0;
}

static inline bool is_ws3(const unsigned char *s, size_t i, size_t len, size_t *w)
{
    unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        *w = 1;
        return true;
    }
    if (c == 0xC2 && i + 1 < len && s[i + 1] == 0xA0) { /* NBSP */
        *w = 2;
        return true;
    }
    if (c == 0xE3 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0x80) { /* U+3000 */
        *w = 3;
        return true;
    }
    return false;
}

/* Sentence punctuation: ，。；：！？、 and ASCII , ; */
static inline bool is_punct(const unsigned char *s, size_t i, size_t len)
{
    unsigned char c = s[i];
    if (c == ',' || c == ';')
        return true;
    if (i + 2 >= len)
        return false;
    if (c == 0xEF && s[i + 1] == 0xBC)
        return s[i + 2] == 0x8C || s[i + 2] == 0x9B || s[i + 2] == 0x9A || s[i + 2] == 0x81 ||
               s[i + 2] == 0x9F;
    if (c == 0xE3 && s[i + 1] == 0x80)
        return s[i + 2] == 0x82 || s[i + 2] == 0x81;
    return false;
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
        if ((s[i] & 0xC0) != 0x80)
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

static const char *const crumb_labels[] = {"您现在的位置", "您当前的位置", "您当前所在位置",
                                           "您所在的位置", "当前位置", "您的位置", "所在位置",
                                           "现在位置", "当前页面", "当前栏目", "位置：",
                                           "位置:"};

/* Element entry: returns whether to walk into the children. */
static bool enter_element(ctx_t *c, xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (!name)
        return false;
    int kind = tag_kind(name);
    char c0 = name[0];
    if (c0 == 'h' && !strcmp(name, "head")) {
        c->in_head++;
    } else if (c0 == 't' && !strcmp(name, "title")) {
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
    } else if (c0 == 'm' && !strcmp(name, "meta")) {
        const char *nm = attr(n, "name"), *ct = attr(n, "content");
        if (nm && ct && *nm)
            add_meta(c, nm, ct);
        return false;
    } else if (c0 == 'b' && !strcmp(name, "base")) {
        if (!c->base_href)
            c->base_href = attr(n, "href");
        return false;
    }
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
    char ic[160];
    if (id_class(&at, ic, sizeof ic)) {
        s->cls = (int8_t)class_weight(ic);
        if (!c->crumb_elem && (strstr(ic, "crumb") || strstr(ic, "position") ||
                               strstr(ic, "location") || strstr(ic, "dqwz") ||
                               strstr(ic, "weizhi") || strstr(ic, "curpos") ||
                               strstr(ic, "lujing") || strstr(ic, "mianbao")))
            c->crumb_elem = (uint32_t)c->nst + 1;
        if (any_sub(ic, body_skip_sub, NWORDS(body_skip_sub)) ||
            any_token(ic, body_skip_tok, NWORDS(body_skip_tok)))
            s->skip_body = 1;
        if (strstr(ic, "title") || strstr(ic, "biaoti") || strstr(ic, "headline") ||
            token_ends(ic, "bt") || token_ends(ic, "tit") || has_token(ic, "tt"))
            s->heading = 1;
    }
    /* Semantic HTML5 boilerplate. */
    if ((c0 == 'n' && !strcmp(name, "nav")) || (c0 == 'f' && !strcmp(name, "footer")) ||
        (c0 == 'h' && !strcmp(name, "header")) || (c0 == 'a' && !strcmp(name, "aside")))
        s->cls = CLS_NEG;
    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '3' && !name[2])
        s->heading = 1;
    if (c0 == 't' && (!strcmp(name, "tr") || !strcmp(name, "tbody") || !strcmp(name, "thead") ||
                      !strcmp(name, "tfoot")))
        s->rowish = 1;
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
    if (c0 == 'a' && (!name[1] || !strcmp(name, "area")) && at.href) {
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
    const char *name = (const char *)n->name;
    if (!strcmp(name, "head")) {
        c->in_head--;
        return;
    }
    uint32_t i = sidx(n);
    if (!i)
        return;
    nstat *s = &c->st[i - 1];
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
    if (!c->crumb_text && chars < 200) {
        const char *t = (const char *)n->content;
        for (size_t k = 0; k < NWORDS(crumb_labels); k++) {
            const char *hit = strstr(t, crumb_labels[k]);
            if (hit) {
                c->crumb_text = n;
                c->crumb_after = (size_t)(hit - t) + strlen(crumb_labels[k]);
                break;
            }
        }
    }
}

/* The one walk over the tree: iterative, so deep nesting cannot exhaust the stack. */
static void walk(ctx_t *c, xmlDoc *doc)
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

/* ---- the page's string arena ----------------------------------------------------------
 * Links, list items and attachments are hundreds of small strings a page: they live in a
 * chunked arena freed all at once with the page, not in one malloc each. */

struct ga_page_arena {
    struct ga_page_arena *next;
    size_t used, cap;
    char data[];
};

static char *arena_alloc(ga_page_t *pg, size_t n)
{
    struct ga_page_arena *a = pg->arena;
    if (!a || a->cap - a->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        a = malloc(sizeof *a + cap);
        if (!a)
            return NULL;
        a->next = pg->arena;
        a->used = 0;
        a->cap = cap;
        pg->arena = a;
    }
    char *p = a->data + a->used;
    a->used += n;
    return p;
}

/* Give back the unused tail of the newest allocation `p`, which now needs `n` bytes. */
static void arena_shrink(ga_page_t *pg, char *p, size_t n)
{
    struct ga_page_arena *a = pg->arena;
    if (a && p >= a->data && p <= a->data + a->used)
        a->used = (size_t)(p - a->data) + n;
}

static char *arena_dup(ga_page_t *pg, const char *s, size_t n)
{
    char *p = arena_alloc(pg, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* ---- small text helpers ------------------------------------------------------------- */

/* Copy s[0,len) trimmed, with newlines as spaces and runs of spaces collapsed. */
static char *clean_dup(const char *s, size_t len)
{
    char *o = malloc(len + 1);
    if (!o)
        return NULL;
    size_t k = 0;
    bool space = true;
    for (size_t i = 0; i < len;) {
        size_t w;
        if (is_ws3((const unsigned char *)s, i, len, &w)) {
            if (!space)
                o[k++] = ' ';
            space = true;
            i += w;
            continue;
        }
        space = false;
        o[k++] = s[i++];
    }
    while (k && o[k - 1] == ' ')
        k--;
    o[k] = '\0';
    return o;
}

/* Like clean_dup, for one-line texts (titles, link texts): a space between two non-ASCII
 * characters is a line break of the layout (<br> in a long headline), not a word gap. */
static char *line_dup(const char *s, size_t len)
{
    char *o = clean_dup(s, len);
    if (!o)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; o[i]; i++) {
        if (o[i] == ' ' && k > 0 && ((unsigned char)o[k - 1] & 0x80) &&
            ((unsigned char)o[i + 1] & 0x80))
            continue;
        o[k++] = o[i];
    }
    o[k] = '\0';
    return o;
}

/* Clean s[0,len) into o (room for len+1): whitespace collapsed and trimmed, and with
 * `line`, spaces between two non-ASCII characters dropped. Returns the length. */
static size_t clean_into(char *o, const char *s, size_t len, bool line)
{
    size_t k = 0;
    bool space = true;
    for (size_t i = 0; i < len;) {
        size_t w;
        if (is_ws3((const unsigned char *)s, i, len, &w)) {
            if (!space)
                o[k++] = ' ';
            space = true;
            i += w;
            continue;
        }
        if (line && k >= 2 && o[k - 1] == ' ' && ((unsigned char)o[k - 2] & 0x80) &&
            ((unsigned char)s[i] & 0x80))
            k--; /* the space between two CJK characters was a layout line break */
        space = false;
        o[k++] = s[i++];
    }
    while (k && o[k - 1] == ' ')
        k--;
    o[k] = '\0';
    return k;
}

/* A cleaned one-line text in the page's arena. */
static char *arena_line(ga_page_t *pg, const char *s, size_t len)
{
    char *o = arena_alloc(pg, len + 1);
    if (o)
        arena_shrink(pg, o, clean_into(o, s, len, true) + 1);
    return o;
}

static char *elem_text(const ctx_t *c, uint32_t e)
{
    const nstat *s = &c->st[e];
    return line_dup(c->flat.data + s->text_start, s->text_end - s->text_start);
}

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
static bool site_name_like(const char *s)
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
    if (site_name_like(s))
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

/* <title> without the site name (and column names) around the article title. */
static char *strip_title(const char *t, const char *site, char **column, size_t ncol)
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
        bool strip = siteish(suf) || (site && !strcmp(suf, site));
        for (size_t i = 0; !strip && i < ncol; i++)
            strip = !strcmp(suf, column[i]);
        if (!strip)
            break;
        *best = '\0';
        size_t n = strlen(s);
        while (n && s[n - 1] == ' ')
            s[--n] = '\0';
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

/* ---- breadcrumb ------------------------------------------------------------------------ */

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
    char *t = clean_dup(s, len);
    if (!t)
        return;
    /* Drop the label and its colon if they are inside this segment. */
    char *p = t;
    for (size_t k = 0; k < NWORDS(crumb_labels); k++) {
        char *h = strstr(p, crumb_labels[k]);
        if (h)
            p = h + strlen(crumb_labels[k]);
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

static void find_column(ctx_t *c, ga_page_t *pg)
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

/* ---- main body -------------------------------------------------------------------------- */

static long choose_body(ctx_t *c)
{
    long best = -1;
    float bs = 0;
    for (size_t i = 0; i < c->nst; i++) {
        nstat *s = &c->st[i];
        if (s->score <= 0 || !s->chars)
            continue;
        float ld = (float)s->link_chars / (float)s->chars;
        float w = s->cls == CLS_STRONG ? 1.6f : s->cls == CLS_WEAK ? 1.15f : s->cls == CLS_NEG ? 0.2f : 1.0f;
        if (s->neg_inside)
            w *= 0.3f;
        float f = s->score * (1.0f - ld) * w;
        if (f > bs) {
            bs = f;
            best = (long)i;
        }
    }
    if (best < 0 || bs < 2.0f)
        return -1;
    /* Narrow to a child holding nearly all of the text (drops headline and info lines). */
    for (;;) {
        nstat *b = &c->st[best];
        uint32_t own = b->chars - b->link_chars;
        long next = -1;
        for (xmlNode *k = b->node->children; k; k = k->next) {
            uint32_t ki = sidx(k);
            if (!ki)
                continue;
            nstat *s = &c->st[ki - 1];
            if ((float)(s->chars - s->link_chars) >= 0.85f * (float)own && s->chars > 0) {
                next = (long)ki - 1;
                break;
            }
        }
        if (next < 0)
            break;
        best = next;
    }
    return best;
}

/* Text lines that are page furniture: print/close buttons, font-size switches, sharing. */
static bool furniture_line(const char *s, size_t len)
{
    static const char *const pre[] = {"上一篇", "下一篇", "上一条", "下一条", "分享到",
                                      "扫一扫在手机", "【打印", "[打印", "【关闭", "[关闭"};
    for (size_t i = 0; i < NWORDS(pre); i++) {
        size_t n = strlen(pre[i]);
        if (len >= n && !memcmp(s, pre[i], n))
            return true;
    }
    if (len > 90)
        return false;
    static const char *const tok[] = {"打印本页", "打印此页", "打印文章", "打印本文", "打印",
                                      "关闭本页", "关闭窗口", "关闭", "返回顶部", "回到顶部",
                                      "返回", "收藏本页", "加入收藏", "收藏", "分享", "字号",
                                      "字体", "默认", "大", "中", "小", "保存本页", "微信",
                                      "微博", "QQ空间", "扫一扫", "【", "】", "[", "]", "：", ":",
                                      "|", "｜", "(", ")", "（", "）", " ", "/", "、", "-", "T",
                                      "+", "="};
    size_t i = 0;
    bool word = false;
    while (i < len) {
        size_t k = 0, n = 0;
        for (; k < NWORDS(tok); k++) {
            n = strlen(tok[k]);
            if (i + n <= len && !memcmp(s + i, tok[k], n))
                break;
        }
        if (k == NWORDS(tok))
            return false;
        if (k < 19)
            word = true;
        i += n;
    }
    return word;
}

static bool info_line(const ctx_t *c, const nstat *s)
{
    if (s->chars > 120 || s->chars == 0)
        return false;
    static const char *const labels[] = {"来源", "发布时间", "发布日期", "作者", "浏览", "点击",
                                         "字号", "阅读", "时间：", "日期："};
    const char *t = c->flat.data + s->text_start;
    size_t len = s->text_end - s->text_start, hits = 0;
    for (size_t i = 0; i < NWORDS(labels); i++)
        if (memmem(t, len, labels[i], strlen(labels[i])))
            hits++;
    return hits >= 2;
}

static void body_append_line(ga_buf_t *out, const char *s, size_t len, bool *oom)
{
    size_t w;
    while (len && is_ws3((const unsigned char *)s, 0, len, &w)) {
        s += w;
        len -= w;
    }
    while (len) {
        size_t k = len - 1;
        while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        if (!is_ws3((const unsigned char *)s, k, len, &w))
            break;
        len = k;
    }
    if (!len || furniture_line(s, len))
        return;
    if ((out->len && !ga_buf_append(out, "\n", 1)) || !ga_buf_append(out, s, len))
        *oom = true;
}

static char *body_text(ctx_t *c, uint32_t body, uint32_t headline, size_t *out_len)
{
    ga_buf_t raw = {0};
    xmlNode *root = c->st[body].node;
    xmlNode *n = root->children;
    bool oom = false;
    while (n && !oom) {
        bool down = false;
        if (n->type == XML_ELEMENT_NODE) {
            uint32_t i = sidx(n);
            const char *name = (const char *)n->name;
            if (name && name[0] == 'b' && name[1] == 'r' && !name[2]) {
                oom |= !ga_buf_append(&raw, "\n", 1);
            } else if (i && i - 1 != headline && !c->st[i - 1].skip_body &&
                       !info_line(c, &c->st[i - 1])) {
                down = true;
                if (c->st[i - 1].kind == TK_BLOCK)
                    oom |= !ga_buf_append(&raw, "\n", 1);
            }
        } else if (n->type == XML_TEXT_NODE && n->content) {
            oom |= !ga_buf_append(&raw, n->content, strlen((const char *)n->content));
        }
        if (down && n->children) {
            n = n->children;
            continue;
        }
        for (;;) {
            /* Leaving n: a block ends its line. */
            if (down && sidx(n) && c->st[sidx(n) - 1].kind == TK_BLOCK)
                oom |= !ga_buf_append(&raw, "\n", 1);
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n || n == root) {
                n = NULL;
                break;
            }
            down = true; /* an ancestor we climb back through was walked into */
        }
    }
    ga_buf_t out = {0};
    /* Lines: collapse inner whitespace runs, trim, drop furniture. */
    char *line = malloc(raw.len + 1);
    if (!line)
        oom = true;
    for (size_t i = 0; !oom && i < raw.len;) {
        size_t e = i;
        while (e < raw.len && raw.data[e] != '\n' && raw.data[e] != '\r')
            e++;
        size_t k = 0;
        bool space = false;
        for (size_t j = i; j < e;) {
            size_t w;
            if (is_ws3((const unsigned char *)raw.data, j, e, &w)) {
                /* Keep one space between words; Chinese indentation goes at the trim. */
                if (!space)
                    line[k++] = ' ';
                space = true;
                j += w;
                continue;
            }
            space = false;
            line[k++] = raw.data[j++];
        }
        body_append_line(&out, line, k, &oom);
        i = e + 1;
    }
    free(line);
    ga_buf_free(&raw);
    if (oom) {
        ga_buf_free(&out);
        c->oom = true;
        return NULL;
    }
    *out_len = out.len;
    return out.data ? out.data : strdup("");
}

/* ---- links, attachments, list items ------------------------------------------------------ */

static char *escape_href(ga_buf_t *scratch, const char *h)
{
    /* libxml2's URI parser wants ASCII without spaces; CMSs write raw UTF-8, spaces and
     * backslashes into href. */
    size_t n = strlen(h);
    while (n && (h[n - 1] == ' ' || h[n - 1] == '\t' || h[n - 1] == '\n' || h[n - 1] == '\r'))
        n--;
    while (n && (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r')) {
        h++;
        n--;
    }
    scratch->len = 0;
    if (!ga_buf_reserve(scratch, n * 3 + 1))
        return NULL;
    char *o = scratch->data;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)h[i];
        if (ch == '\\') {
            o[k++] = '/';
        } else if (ch == '\n' || ch == '\r' || ch == '\t') {
            continue;
        } else if (ch <= 0x20 || ch >= 0x7F || ch == '"' || ch == '<' || ch == '>' ||
                   ch == '^' || ch == '`' || ch == '{' || ch == '|' || ch == '}') {
            static const char hex[] = "0123456789ABCDEF";
            o[k++] = '%';
            o[k++] = hex[ch >> 4];
            o[k++] = hex[ch & 15];
        } else {
            o[k++] = (char)ch;
        }
    }
    o[k] = '\0';
    return o;
}

/* Length of "scheme:" at the start of s, 0 when s has no scheme. */
static size_t scheme_len(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    size_t i = 1;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    return s[i] == ':' ? i + 1 : 0;
}

/* Whether the path of a URL holds "." or ".." segments that resolution must remove. */
static bool dot_segments(const char *s)
{
    size_t n = strcspn(s, "?#");
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' && i > 0 && s[i - 1] == '/' &&
            (i + 1 == n || s[i + 1] == '/' || (s[i + 1] == '.' && (i + 2 == n || s[i + 2] == '/'))))
            return true;
    return false;
}

/* The base URL and the length of its "scheme://authority" part (0 when it has none). */
typedef struct base_url {
    const xmlChar *url;
    size_t origin;
} base_url_t;

static size_t origin_len(const char *u)
{
    size_t sl = scheme_len(u);
    if (!sl || u[sl] != '/' || u[sl + 1] != '/')
        return 0;
    return sl + 2 + strcspn(u + sl + 2, "/?#");
}

/* RFC 3986 remove_dot_segments on the path of an absolute URL, in place (libxml2 leaves
 * "/a/./b" and "/a/../b" alone in absolute and root-relative references). */
static void remove_dots(char *u)
{
    size_t o = origin_len(u);
    if (!o)
        return;
    char *path = u + o;
    size_t plen = strcspn(path, "?#");
    char *rest = path + plen;
    size_t k = 0; /* output length within path */
    size_t i = 0;
    while (i < plen) {
        char *in = path + i;
        size_t left = plen - i;
        if (left >= 3 && !memcmp(in, "/./", 3)) {
            i += 2;
        } else if (left == 2 && !memcmp(in, "/.", 2)) {
            path[k++] = '/';
            i += 2;
        } else if ((left >= 4 && !memcmp(in, "/../", 4)) || (left == 3 && !memcmp(in, "/..", 3))) {
            while (k > 0 && path[k - 1] != '/')
                k--;
            if (k > 0)
                k--; /* drop the last segment and its slash */
            if (left == 3) {
                path[k++] = '/';
                i += 3;
            } else {
                i += 3;
            }
        } else {
            path[k++] = path[i++];
            while (i < plen && path[i] != '/')
                path[k++] = path[i++];
        }
    }
    memmove(path + k, rest, strlen(rest) + 1);
}

/*
 * Resolve href against the base. The two forms that make up most links on a page, absolute
 * URLs and root-relative paths without dot segments, are joined directly; everything else
 * goes through libxml2's RFC 3986 resolution (xmlBuildURI).
 */
static char *resolve(ga_buf_t *scratch, ga_page_t *pg, const char *href, const base_url_t *base)
{
    char *esc = escape_href(scratch, href);
    if (!esc)
        return NULL;
    size_t sl = scheme_len(esc), n = strlen(esc);
    char *out;
    if (sl) {
        out = arena_dup(pg, esc, n);
    } else if (esc[0] == '/' && esc[1] != '/' && base->origin) {
        out = arena_alloc(pg, base->origin + n + 1);
        if (out) {
            memcpy(out, base->url, base->origin);
            memcpy(out + base->origin, esc, n + 1);
        }
    } else {
        xmlChar *abs = xmlBuildURI((const xmlChar *)esc, base->url);
        out = abs ? arena_dup(pg, (const char *)abs, strlen((const char *)abs))
                  : arena_dup(pg, esc, n);
        if (abs)
            xmlFree(abs);
    }
    if (out && dot_segments(out))
        remove_dots(out); /* shrinks in place */
    return out;
}

static bool skip_href(const char *h)
{
    while (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r')
        h++;
    return *h == '\0' || *h == '#' || !strncasecmp(h, "javascript:", 11) ||
           !strncasecmp(h, "vbscript:", 9) || !strncasecmp(h, "data:", 5);
}

static const char *const attach_ext[] = {"pdf", "doc", "docx", "xls", "xlsx", "wps", "et",
                                         "ppt", "pptx", "zip", "rar", "7z", "ofd", "ceb", "dps"};

static bool attachment_type(const char *url, char type[8])
{
    size_t end = strcspn(url, "?#");
    const char *segs[2] = {url, NULL};
    size_t lens[2] = {end, 0};
    /* Download scripts name the file in the query: download.jsp?filename=a.pdf */
    if (url[end] == '?') {
        segs[1] = url + end + 1;
        lens[1] = strcspn(url + end + 1, "#");
    }
    for (int s = 0; s < 2; s++) {
        if (!segs[s])
            continue;
        const char *p = segs[s];
        size_t n = lens[s];
        size_t dot = n;
        while (dot && p[dot - 1] != '.' && p[dot - 1] != '/' && p[dot - 1] != '=')
            dot--;
        if (!dot || p[dot - 1] != '.')
            continue;
        size_t el = n - dot;
        /* In a query the extension may be followed by &more=... */
        if (s == 1) {
            el = strcspn(p + dot, "&;");
        }
        if (el == 0 || el > 4)
            continue;
        char e[8];
        for (size_t i = 0; i < el; i++)
            e[i] = (char)((p[dot + i] >= 'A' && p[dot + i] <= 'Z') ? p[dot + i] + 32 : p[dot + i]);
        e[el] = '\0';
        for (size_t i = 0; i < NWORDS(attach_ext); i++)
            if (!strcmp(e, attach_ext[i])) {
                memcpy(type, e, el + 1);
                return true;
            }
    }
    return false;
}

static char *link_text(ctx_t *c, ga_page_t *pg, const rawlink_t *r)
{
    const nstat *s = &c->st[r->elem];
    char *t = arena_line(pg, c->flat.data + s->text_start, s->text_end - s->text_start);
    if (t && !*t) {
        const char *alt = attr(r->node, "title");
        for (xmlNode *k = r->node->children; !alt && k; k = k->next)
            if (k->type == XML_ELEMENT_NODE && k->name && !strcmp((const char *)k->name, "img"))
                alt = attr(k, "alt");
        if (alt)
            t = arena_line(pg, alt, strlen(alt));
    }
    return t;
}

/* Elements are numbered in document order, so a subtree is the range [e, subtree_last(e)]. */
static uint32_t subtree_last(const ctx_t *c, uint32_t e)
{
    uint32_t last_idx = e;
    xmlNode *n = c->st[e].node;
    while (n) {
        xmlNode *last = n->last;
        while (last && !sidx(last))
            last = last->prev;
        if (!last)
            break;
        last_idx = sidx(last) - 1;
        n = last;
    }
    return last_idx;
}

static void build_links(ctx_t *c, ga_page_t *pg, long body)
{
    xmlChar *base = NULL;
    if (c->base_href && *c->base_href) {
        char *b = escape_href(&c->scratch, c->base_href);
        base = b ? xmlBuildURI((const xmlChar *)b, (const xmlChar *)(c->url ? c->url : "")) : NULL;
    }
    if (!base && c->url)
        base = xmlStrdup((const xmlChar *)c->url);
    base_url_t bu = {base, base ? origin_len((const char *)base) : 0};
    pg->links = calloc(c->nrl ? c->nrl : 1, sizeof *pg->links);
    pg->attachments = calloc(c->nrl ? c->nrl : 1, sizeof *pg->attachments);
    if (!pg->links || !pg->attachments) {
        c->oom = true;
        goto out;
    }
    uint32_t bfirst = 0, blast = 0;
    if (body >= 0) {
        bfirst = (uint32_t)body;
        blast = subtree_last(c, (uint32_t)body);
    }
    for (size_t i = 0; i < c->nrl && !c->oom; i++) {
        rawlink_t *r = &c->rl[i];
        const char *href = attr(r->node, "href");
        if (!href || skip_href(href))
            continue;
        char *u = resolve(&c->scratch, pg, href, &bu);
        char *t = u ? link_text(c, pg, r) : NULL;
        if (!u || !t) {
            c->oom = true;
            break;
        }
        r->kept = (uint32_t)pg->nlinks + 1;
        ga_page_link_t *l = &pg->links[pg->nlinks++];
        l->url = u;
        l->text = t;
        l->in_body = body >= 0 && r->elem >= bfirst && r->elem <= blast;
        char type[8];
        if (attachment_type(u, type)) {
            bool dup = false;
            for (size_t k = 0; k < pg->nattachments && !dup; k++)
                dup = !strcmp(pg->attachments[k].url, u);
            if (!dup) {
                ga_page_attachment_t *a = &pg->attachments[pg->nattachments++];
                a->url = u; /* shared with the link: both live in the arena */
                a->text = t;
                memcpy(a->type, type, sizeof type);
            }
        }
    }
out:
    if (base)
        xmlFree(base);
}

/* Where a link of the raw list ended up in pg->links (links without href are dropped). */
static const ga_page_link_t *link_of(const ga_page_t *pg, const ctx_t *c, uint32_t raw)
{
    uint32_t k = c->rl[raw].kept;
    return k && k <= pg->nlinks ? &pg->links[k - 1] : NULL;
}

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

static void find_items(ctx_t *c, ga_page_t *pg)
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
    const char *bcl = attr(bn, "class");
    size_t cap = 0;
    for (xmlNode *g = bn->parent ? bn->parent->children : bn; g; g = g->next) {
        uint32_t gi = sidx(g);
        if (!gi)
            continue;
        if (g != bn) {
            const char *gcl = attr(g, "class");
            if (strcmp((const char *)g->name, (const char *)bn->name) ||
                (bcl == NULL) != (gcl == NULL) || (bcl && strcmp(bcl, gcl)))
                continue;
        }
        for (xmlNode *k = g->children; k && !c->oom; k = k->next) {
            uint32_t ki = sidx(k);
            if (!ki || !list_entry(c, ki - 1, &tmp))
                continue;
            const ga_page_link_t *l = link_of(pg, c, tmp.link);
            if (!l)
                continue;
            if (!ga_grow((void **)&pg->items, &cap, pg->nitems + 1, sizeof *pg->items)) {
                c->oom = true;
                break;
            }
            ga_page_item_t *it = &pg->items[pg->nitems];
            /* Lists cut long titles short ("关于...的通..."); the title attribute has it all. */
            const char *full = attr(c->rl[tmp.link].node, "title");
            char *title = l->text;
            if (full && strlen(full) > strlen(title)) {
                char *f = arena_line(pg, full, strlen(full));
                if (f && *f)
                    title = f;
            }
            it->title = title;
            it->url = l->url;
            it->date = tmp.date[0] ? arena_dup(pg, tmp.date, strlen(tmp.date)) : NULL;
            if (tmp.date[0] && !it->date) {
                c->oom = true;
                break;
            }
            pg->nitems++;
        }
    }
}

/* ---- headline, kind, date, source ------------------------------------------------------- */

/*
 * The visible headline: the longest heading-like element whose text the <title> holds, else
 * the best-ranked heading just above (or at the very top of) the body: a long h1/h2 or
 * title-classed element beats a short column heading or an h3 subtitle. Site names (the
 * logo's h1) never qualify. Headings inside "header" containers count: templates wrap the
 * article's own headline in article-header blocks.
 */
static long choose_headline(ctx_t *c, long body, const char *site)
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
        char *t = elem_text(c, e);
        if (!t)
            continue;
        bool site_name = site_name_like(t) || (site && !strcmp(t, site));
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

static bool root_url(const char *url)
{
    if (!url)
        return false;
    const char *p = strstr(url, "://");
    if (!p)
        return false;
    p = strchr(p + 3, '/');
    if (!p)
        return true;
    size_t n = strcspn(p, "?#");
    static const char *const roots[] = {"/", "/index.html", "/index.htm", "/index.shtml",
                                        "/index.jsp", "/index.php", "/default.html",
                                        "/default.htm", "/default.aspx", "/index.aspx",
                                        "/main.html", "/index.asp", "/default.asp"};
    for (size_t i = 0; i < NWORDS(roots); i++)
        if (n == strlen(roots[i]) && !strncasecmp(p, roots[i], n))
            return true;
    return false;
}

static bool article_url(const char *url)
{
    char d[20];
    if (!url)
        return false;
    return ga_page_url_date(url, d) || strstr(url, "/art_") || strstr(url, "content_") ||
           strstr(url, "/content.") || strstr(url, "/detail") || strstr(url, "/info/") ||
           strstr(url, "/article");
}

static const char *meta_get(const ctx_t *c, const char *name)
{
    for (size_t i = 0; i < c->nmeta; i++)
        if (!strcasecmp(c->meta[i].name, name))
            return c->meta[i].content;
    return NULL;
}

static ga_page_kind_t decide_kind(ctx_t *c, ga_page_t *pg, long body, long headline)
{
    const char *at = meta_get(c, "ArticleTitle");
    uint32_t body_text = body >= 0 ? c->st[body].chars - c->st[body].link_chars : 0;
    float body_ld = body >= 0 && c->st[body].chars ? (float)c->st[body].link_chars / (float)c->st[body].chars : 1.0f;
    if (root_url(c->url))
        return GA_PAGE_HOME;
    const char *cn = meta_get(c, "ColumnName");
    /* Some templates fill ArticleTitle on column pages too, with the column's name. */
    if (at && *at && !(cn && !strcmp(at, cn) && pg->nitems >= 5))
        return GA_PAGE_ARTICLE;
    /* No address to go by: a home page is titled with the site's name alone and shows
     * no breadcrumb. */
    const char *ht = c->html_title ? c->html_title : "";
    const char *site = meta_get(c, "SiteName");
    if (!c->url && pg->ncolumn == 0 && *ht && !meta_get(c, "ColumnName") &&
        !strpbrk(ht, "_|") && (site_name_like(ht) || (site && !strcmp(ht, site))) &&
        !(body_text >= 300 && body_ld < 0.2f))
        return GA_PAGE_HOME;
    size_t dated = 0;
    for (size_t i = 0; i < pg->nitems; i++)
        dated += pg->items[i].date != NULL;
    /* The body found is the list itself (news lists with summaries read like prose). */
    bool body_is_list = false;
    if (c->items_elem && body >= 0) {
        uint32_t l = (uint32_t)c->items_elem - 1, b = (uint32_t)body;
        body_is_list = (b >= l && b <= subtree_last(c, l)) || (l >= b && l <= subtree_last(c, b));
    }
    if (pg->nitems >= 5 && body_is_list)
        return GA_PAGE_LIST;
    if (body_text >= 200 && body_ld < 0.3f && (pg->nitems < 5 || body_text > 600 + 40 * pg->nitems))
        return GA_PAGE_ARTICLE;
    if (pg->nitems >= 5 || (pg->nitems >= 3 && dated >= 3))
        return GA_PAGE_LIST;
    if (body_text >= 30 && body_ld < 0.5f && (headline >= 0 || article_url(c->url)))
        return GA_PAGE_ARTICLE;
    if (pg->nitems >= 3)
        return GA_PAGE_LIST;
    return GA_PAGE_OTHER;
}

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

static void find_date(ctx_t *c, ga_page_t *pg, long body, long headline)
{
    char d[20];
    /* PubDate of the guideline, then the names other CMSs use (gov.cn: firstpublishedtime). */
    static const char *const date_metas[] = {"PubDate", "publishdate", "firstpublishedtime",
                                              "pubtime", "publish_time", "publishtime"};
    const char *m = NULL;
    for (size_t i = 0; i < NWORDS(date_metas) && !(m && *m); i++)
        m = meta_get(c, date_metas[i]);
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

static void find_source(ctx_t *c, ga_page_t *pg, long body, long headline)
{
    const char *m = meta_get(c, "ContentSource");
    char buf[128];
    bool found = false;
    if (m && *m) {
        if (!(pg->source = line_dup(m, strlen(m))))
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

/* ---- the parse ------------------------------------------------------------------------- */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void)
{
    xmlInitParser();
}

static void ctx_free(ctx_t *c)
{
    ga_buf_free(&c->flat);
    ga_buf_free(&c->scratch);
    free(c->st);
    free(c->rl);
    free(c->heads);
    for (size_t i = 0; i < c->nmeta; i++) {
        free(c->meta[i].name);
        free(c->meta[i].content);
    }
    free(c->meta);
    free(c->html_title);
}

static ga_status_t extract(ctx_t *c, xmlDoc *doc, ga_page_t *pg)
{
    if (doc)
        walk(c, doc);
    /* Offsets into the flat text are taken even when it is empty. */
    if (c->oom || !ga_buf_reserve(&c->flat, 1))
        return GA_ERR_NO_MEMORY;
    c->flat.data[c->flat.len] = '\0';
    char *ht = c->html_title ? clean_dup(c->html_title, strlen(c->html_title)) : strdup("");
    if (!ht)
        return GA_ERR_NO_MEMORY;
    free(c->html_title);
    c->html_title = ht;
    if (!(pg->html_title = strdup(ht)))
        return GA_ERR_NO_MEMORY;

    long body = choose_body(c);
    find_column(c, pg);
    build_links(c, pg, body);
    if (c->oom)
        return GA_ERR_NO_MEMORY;
    find_items(c, pg);
    const char *site = meta_get(c, "SiteName");
    long headline = choose_headline(c, body, site);

    const char *at = meta_get(c, "ArticleTitle");
    if (at && *at)
        pg->title = line_dup(at, strlen(at));
    else if (headline >= 0)
        pg->title = elem_text(c, (uint32_t)headline);
    else
        pg->title = strip_title(ht, site, pg->column, pg->ncolumn);
    if (!pg->title)
        return GA_ERR_NO_MEMORY;

    pg->kind = decide_kind(c, pg, body, headline);
    if (pg->kind != GA_PAGE_LIST) {
        /* Related-article boxes and home-page news blocks are not the page's list. */
        pg->nitems = 0; /* their strings are in the arena */
    }
    /* Some templates end the path with the article's own title. */
    if (pg->kind == GA_PAGE_ARTICLE && pg->ncolumn > 1 &&
        !strcmp(pg->column[pg->ncolumn - 1], pg->title))
        free(pg->column[--pg->ncolumn]);
    if (body >= 0) {
        pg->text = body_text(c, (uint32_t)body, headline >= 0 ? (uint32_t)headline : UINT32_MAX,
                             &pg->text_len);
        if (!pg->text)
            return GA_ERR_NO_MEMORY;
    }
    find_date(c, pg, body, headline);
    find_source(c, pg, body, headline);
    if (c->oom)
        return GA_ERR_NO_MEMORY;
    pg->meta = c->meta;
    pg->nmeta = c->nmeta;
    c->meta = NULL;
    c->nmeta = 0;
    return GA_OK;
}

ga_status_t ga_page_parse(const char *bytes, size_t len, const char *url,
                          const ga_page_options_t *options, ga_page_t **out, ga_error_t **err)
{
    if (!out || (!bytes && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_page_parse: NULL %s",
                            out ? "bytes" : "out");
    *out = NULL;
    ga_page_options_t o = {sizeof o, NULL, NULL, 0};
    ga_status_t st = ga_options_read(&o, sizeof o, options, sizeof o, "ga_page_options_t", err);
    if (st != GA_OK)
        return st;
    size_t limit = o.max_bytes ? o.max_bytes : ((size_t)64 << 20);
    if (limit > INT_MAX / 4)
        limit = INT_MAX / 4; /* libxml2 takes an int length; decoding may triple it */
    if (len > limit)
        return ga_error_set_offset(err, GA_ERR_LIMIT, limit, "page of %zu bytes is over the limit of %zu",
                                   len, limit);
    if (!ga_page_regex_ready())
        return ga_error_set(err, GA_ERR_DEPENDENCY, "PCRE2 refused a built-in pattern");
    pthread_once(&xml_once, xml_init);

    ga_page_t *pg = calloc(1, sizeof *pg);
    if (!pg)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    pg->url = strdup(url ? url : "");
    if (!pg->url) {
        free(pg);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    const char *utf8 = NULL;
    size_t ulen = 0;
    bool borrowed = false;
    st = ga_page_decode(bytes ? bytes : "", len, o.charset, o.content_type, &utf8,
                                    &ulen, &borrowed, pg->charset, err);
    if (st != GA_OK) {
        ga_page_free(pg);
        return st;
    }
    char *bounded = NULL;
    size_t blen = 0;
    if (ga_page_bound_tags(utf8, ulen, GA_PAGE_MAX_ATTRIBUTES, &bounded, &blen) != GA_OK) {
        if (!borrowed)
            free((char *)utf8);
        ga_page_free(pg);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory bounding the page's tags");
    }
    if (bounded) {
        if (!borrowed)
            free((char *)utf8);
        utf8 = bounded;
        ulen = blen;
        borrowed = false;
    }
    if (ulen > INT_MAX) {
        if (!borrowed)
            free((char *)utf8);
        ga_page_free(pg);
        return ga_error_set(err, GA_ERR_LIMIT, "page of %zu bytes decodes to more than %d bytes",
                            len, INT_MAX);
    }
    xmlDoc *doc = NULL;
    if (ulen > 0) {
        htmlParserCtxtPtr pc = htmlNewParserCtxt();
        if (!pc) {
            if (!borrowed)
                free((char *)utf8);
            ga_page_free(pg);
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory creating the HTML parser");
        }
        /* The bytes are UTF-8 now: tell libxml2 so and have it ignore <meta charset>. */
        doc = htmlCtxtReadMemory(pc, utf8, (int)ulen, url && *url ? url : "page.html", "UTF-8",
                                 GA_PAGE_XML_OPTIONS);
        htmlFreeParserCtxt(pc);
    }
    ctx_t c;
    memset(&c, 0, sizeof c);
    c.url = url && *url ? url : NULL;
    st = extract(&c, doc, pg);
    ctx_free(&c);
    if (doc)
        xmlFreeDoc(doc);
    if (!borrowed)
        free((char *)utf8);
    if (st == GA_OK && !pg->text) {
        pg->text = strdup("");
        if (!pg->text)
            st = GA_ERR_NO_MEMORY;
    }
    if (st != GA_OK) {
        ga_page_free(pg);
        return ga_error_set(err, st, "out of memory extracting the page");
    }
    *out = pg;
    return GA_OK;
}

void ga_page_free(ga_page_t *pg)
{
    if (!pg)
        return;
    free(pg->url);
    free(pg->html_title);
    free(pg->title);
    free(pg->pubdate);
    free(pg->source);
    for (size_t i = 0; i < pg->ncolumn; i++)
        free(pg->column[i]);
    free(pg->column);
    for (size_t i = 0; i < pg->nmeta; i++) {
        free(pg->meta[i].name);
        free(pg->meta[i].content);
    }
    free(pg->meta);
    free(pg->text);
    free(pg->links);
    free(pg->items);
    free(pg->attachments);
    for (struct ga_page_arena *a = pg->arena, *next; a; a = next) {
        next = a->next;
        free(a);
    }
    free(pg);
}
