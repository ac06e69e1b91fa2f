/* The extraction context shared by the page module's extractors: the walk (walk.c)
 * fills it, then title.c, column.c, body.c, links.c, lists.c, kind.c and info.c read it,
 * in the order page.c's extract() calls them. */
#ifndef GA_PAGE_EXTRACT_H
#define GA_PAGE_EXTRACT_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/uri.h>

#include "page/page-private.h"

enum { TK_INLINE, TK_BLOCK, TK_SKIP, TK_BR };
enum { CLS_NONE = 0, CLS_WEAK = 1, CLS_STRONG = 2, CLS_NEG = -1 };

#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- names.c: what an element's tag name and id/class words say ---- */
/* ga_page_tag_info(): the TK_ kind in the low two bits, and these. */
enum {
    TAG_KIND_MASK = 3,
    TAG_HEAD = 1u << 2,
    TAG_TITLE = 1u << 3,
    TAG_META = 1u << 4,
    TAG_BASE = 1u << 5,
    TAG_IMG = 1u << 6,
    TAG_SCRIPT = 1u << 7,
    TAG_TEXTAREA = 1u << 8,
    TAG_SEMANTIC_NEG = 1u << 9, /* nav, footer, header, aside */
    TAG_HEADING = 1u << 10,     /* h1, h2, h3 */
    TAG_ROWISH = 1u << 11,      /* tr, tbody, thead, tfoot */
    TAG_LINK = 1u << 12,        /* a, area */
};
unsigned ga_page_tag_info(const char *name);
/* The same through a table of every HTML element name (other names: the above). */
unsigned ga_page_tag_info_fast(const char *name);

/* What the lower-cased "id class" text of an element says: content container (strong,
 * weak), boilerplate, breadcrumb, left out of the body, headline. */
enum { CW_STRONG = 1, CW_NEG = 2, CW_WEAK = 4, CW_CRUMB = 8, CW_BODY_SKIP = 16, CW_HEADING = 32 };
/* One pass over the text's bytes. */
unsigned ga_page_class_bits(const char *s);
/* The same, one search a word (the reference the tests compare with). */
unsigned ga_page_class_bits_simple(const char *s);
/* The words looked for, for tests: up to `cap` into `out`; returns how many there are. */
size_t ga_page_class_words(const char **out, size_t cap);

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
    uint8_t is_head; /* the <head> element */
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
    char *headline_info; /* the info line cut from the end of the headline, or NULL */
    /* Widgets the visible text does not show (attributes of the parsed document, valid
     * while it lives): the 党政机关标识 script or image, the 找错 script and its sitecode,
     * a text area to write a message in. */
    const char *conac_src;
    const char *jiucuo_src, *jiucuo_code;
    const char *zhaocuo_img;
    bool textarea;
    bool oom;
} ctx_t;

static inline uint32_t sidx(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE ? (uint32_t)(uintptr_t)n->_private : 0;
}

static inline bool is_ws3(const unsigned char *s, size_t i, size_t len, size_t *w)
{
    unsigned char c = s[i];
    if (c < 0x80) { /* ' ', or \t \n \v \f \r (0x09-0x0D) */
        *w = 1;
        return c == ' ' || (unsigned)(c - '\t') < 5u;
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

/* The labels that start a breadcrumb ("您现在的位置：首页 > ..."). */
#define GA_PAGE_CRUMB_LABELS 12
extern const char *const ga_page_crumb_labels[GA_PAGE_CRUMB_LABELS];

/* ---- walk.c ---- */
/* The value of attribute `name` of element `n`, NULL when absent. */
const char *ga_page_attr(const xmlNode *n, const char *name);
/* Walk the document once, filling the context's statistics, flat text, meta tags and
 * raw links. */
void ga_page_walk(ctx_t *c, xmlDoc *doc);

/* ---- page.c: the page's arena and text helpers ---- */
char *ga_page_arena_alloc(ga_page_t *pg, size_t n);
/* Give back the unused tail of the newest allocation `p`, which now needs `n` bytes. */
void ga_page_arena_shrink(ga_page_t *pg, char *p, size_t n);
char *ga_page_arena_dup(ga_page_t *pg, const char *s, size_t n);
/* memmem, faster on short texts (the first occurrence of w[0,wn) in h[0,hn), or NULL). */
const char *ga_page_find(const char *h, size_t hn, const char *w, size_t wn);
/* Copy s[0,len) trimmed, with newlines as spaces and runs of spaces collapsed. */
char *ga_page_clean_dup(const char *s, size_t len);
/* Like ga_page_clean_dup, for one-line texts: a space between two non-ASCII characters is
 * a layout line break and is dropped. */
char *ga_page_line_dup(const char *s, size_t len);
/* A cleaned one-line text in the page's arena. */
char *ga_page_arena_line(ga_page_t *pg, const char *s, size_t len);
/* The one-line text of element `e`. */
char *ga_page_elem_text(const ctx_t *c, uint32_t e);
/* The content of <meta name> (case-insensitive), NULL when absent. */
const char *ga_page_ctx_meta(const ctx_t *c, const char *name);

/* ---- title.c ---- */
/* A site's own name ("XX市人民政府", "XX门户网站"): never an article headline. */
bool ga_page_site_name_like(const char *s);
/* <title> without the site name (and column names) around the article title. */
char *ga_page_strip_title(const char *t, const char *site, char **column, size_t ncol);
/* Cut `title` (in place) where an info line it runs into starts; `*info` receives a copy
 * of the info line (NULL when none or out of memory). Returns `title`. */
char *ga_page_cut_info(char *title, char **info);
/* The element of the visible headline, -1 when none. */
long ga_page_choose_headline(ctx_t *c, long body, const char *site);

/* ---- column.c ---- */
/* The breadcrumb's column path into pg->column. */
void ga_page_find_column(ctx_t *c, ga_page_t *pg);

/* ---- body.c ---- */
/* The element of the main body, -1 when none. */
long ga_page_choose_body(ctx_t *c);
/* The text of the main body without furniture lines and the headline. */
char *ga_page_body_text(ctx_t *c, uint32_t body, uint32_t headline, size_t *out_len);

/* ---- links.c ---- */
/* The last element of the subtree of `e` (elements are numbered in document order). */
uint32_t ga_page_subtree_last(const ctx_t *c, uint32_t e);
/* The page's links and attachments from the raw links. */
void ga_page_build_links(ctx_t *c, ga_page_t *pg, long body);
/* Where raw link `raw` ended up in pg->links, NULL when dropped. */
const ga_page_link_t *ga_page_link_of(const ga_page_t *pg, const ctx_t *c, uint32_t raw);

/* ---- lists.c ---- */
/* The list items of the page into pg->items. */
void ga_page_find_items(ctx_t *c, ga_page_t *pg);

/* ---- kind.c ---- */
ga_page_kind_t ga_page_decide_kind(ctx_t *c, ga_page_t *pg, long body, long headline);

/* ---- fields.c ---- */
/* A label and its value as a page shows them: a table row (th/td, then td), a definition
 * (dt, dd), or a one-line block "label：value". */
typedef struct ga_page_pair {
    char *label; /* colons and spaces trimmed */
    char *value;
    uint32_t value_elem; /* the value's element, UINT32_MAX for a one-line block */
} ga_page_pair_t;
/* Every label/value pair of the page in document order; false when out of memory. */
bool ga_page_pairs(ctx_t *c, ga_page_pair_t **out, size_t *n);
void ga_page_pairs_free(ga_page_pair_t *p, size_t n);
/* The index in `words` (NULL-terminated) of the word `s` equals, -1 when none. */
int ga_page_word_index(const char *s, const char *const *words);
/* The first link inside element `e` (its subtree), NULL when none. */
const ga_page_link_t *ga_page_first_link(const ga_page_t *pg, const ctx_t *c, uint32_t e);

/* ---- identity.c ---- */
/* The site identity items of the page's footer into pg->identity. */
void ga_page_find_identity(ctx_t *c, ga_page_t *pg, long body);

/* ---- messages.c ---- */
/* Messages (留言) of list tables, list items with a status and detail pages. */
void ga_page_find_messages(ctx_t *c, ga_page_t *pg, const ga_page_pair_t *pairs, size_t npairs);

/* ---- guides.c ---- */
/* The elements of a service guide (办事指南) into pg->guide. */
void ga_page_find_guide(ctx_t *c, ga_page_t *pg, const ga_page_pair_t *pairs, size_t npairs);

/* ---- info.c ---- */
/* The publish date into pg->pubdate (with pg->pubdate_origin). */
void ga_page_find_pubdate(ctx_t *c, ga_page_t *pg, long body, long headline);
/* The source (来源) into pg->source. */
void ga_page_find_info_source(ctx_t *c, ga_page_t *pg, long body, long headline);

#endif
