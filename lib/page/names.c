/* What the walk reads off an element's tag name and its id/class words.
 *
 * Both run for every element of every page. A tag name's class is a chain of string
 * tests; the walk looks it up in a table of every HTML element name instead. The
 * id/class text is tested against about 170 words (navigation, footer, content, headline,
 * breadcrumb names) in one pass over its bytes: a table indexed by byte pairs gives the
 * few words that can start at each position, instead of one search a word. The simple
 * forms, one test a word, stay for tests/unit/test-page-same.c to compare. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "page/page-extract.h"

/* ---- tag names ------------------------------------------------------------------------ */

static bool in_list(const char *n, const char *const *names)
{
    for (; *names; names++)
        if (!strcmp(n, *names))
            return true;
    return false;
}

/* Tag class by name; libxml2's HTML parser gives lower-case names. */
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

unsigned ga_page_tag_info(const char *n)
{
    unsigned f = (unsigned)tag_kind(n);
    static const struct {
        const char *name;
        unsigned flag;
    } named[] = {{"head", TAG_HEAD},     {"title", TAG_TITLE},     {"meta", TAG_META},
                 {"base", TAG_BASE},     {"img", TAG_IMG},         {"script", TAG_SCRIPT},
                 {"textarea", TAG_TEXTAREA}, {"nav", TAG_SEMANTIC_NEG}, {"footer", TAG_SEMANTIC_NEG},
                 {"header", TAG_SEMANTIC_NEG}, {"aside", TAG_SEMANTIC_NEG}, {"h1", TAG_HEADING},
                 {"h2", TAG_HEADING},    {"h3", TAG_HEADING},      {"tr", TAG_ROWISH},
                 {"tbody", TAG_ROWISH},  {"thead", TAG_ROWISH},    {"tfoot", TAG_ROWISH},
                 {"a", TAG_LINK},        {"area", TAG_LINK}};
    for (size_t i = 0; i < NWORDS(named); i++)
        if (!strcmp(n, named[i].name))
            f |= named[i].flag;
    return f;
}

/* Every HTML element name (and the obsolete ones old templates use), for the lookup
 * table: each with ga_page_tag_info()'s answer, computed when the table is built. */
static const char *const html_names[] = {
    "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b",
    "base", "basefont", "bdi", "bdo", "bgsound", "big", "blink", "blockquote", "body", "br",
    "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data",
    "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em",
    "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "frame",
    "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
    "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main",
    "map", "mark", "marquee", "menu", "meta", "meter", "nav", "nobr", "noembed", "noframes",
    "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
    "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section",
    "select", "slot", "small", "source", "span", "strike", "strong", "style", "sub",
    "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th",
    "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr"};

/* The names packed into two words (up to 16 bytes, zero-padded) in an open-addressing
 * table: one multiply and a compare or two instead of a chain of string tests. libxml2
 * (2.9) copies each element's name, so the name's address cannot be the key. */
enum { NAME_SLOTS = 512, NAME_KEY_MAX = 16 };
typedef struct name_slot {
    uint64_t k0, k1; /* k0 == 0: empty (no name is empty) */
    unsigned info;
} name_slot_t;
static name_slot_t name_table[NAME_SLOTS];
static pthread_once_t name_once = PTHREAD_ONCE_INIT;

/* Pack a name into k; false when it is empty or longer than NAME_KEY_MAX. */
static inline bool name_key(const char *name, uint64_t k[2])
{
    unsigned char b[NAME_KEY_MAX] = {0};
    size_t n = 0;
    while (name[n]) {
        if (n == NAME_KEY_MAX)
            return false;
        b[n] = (unsigned char)name[n];
        n++;
    }
    memcpy(k, b, sizeof b);
    return n > 0;
}

static inline unsigned name_hash(const uint64_t k[2])
{
    return (unsigned)(((k[0] ^ k[1] * 0xC2B2AE3D27D4EB4Full) * 0x9E3779B97F4A7C15ull) >> 55) &
           (NAME_SLOTS - 1);
}

static void build_names(void)
{
    for (size_t i = 0; i < NWORDS(html_names); i++) {
        uint64_t k[2];
        if (!name_key(html_names[i], k))
            continue;
        unsigned h = name_hash(k);
        while (name_table[h].k0 && !(name_table[h].k0 == k[0] && name_table[h].k1 == k[1]))
            h = (h + 1) & (NAME_SLOTS - 1);
        name_table[h].k0 = k[0];
        name_table[h].k1 = k[1];
        name_table[h].info = ga_page_tag_info(html_names[i]);
    }
}

unsigned ga_page_tag_info_fast(const char *name)
{
    pthread_once(&name_once, build_names);
    uint64_t k[2];
    if (name_key(name, k)) {
        for (unsigned h = name_hash(k); name_table[h].k0; h = (h + 1) & (NAME_SLOTS - 1))
            if (name_table[h].k0 == k[0] && name_table[h].k1 == k[1])
                return name_table[h].info;
    }
    return ga_page_tag_info(name); /* a name not in the table: custom elements, o:p */
}

/* ---- id and class words --------------------------------------------------------------- */

/* Boilerplate containers: navigation, headers, footers, sidebars, share and print tools. */
static const char *const neg_sub[] = {
    "nav", "menu", "header", "footer", "sidebar", "share", "copyright",
    "banner", "friend", "search", "login", "related", "xgwz", "xgxx", "xglj", "comment",
    "toolbar", "breadcrumb", "crumb", "position", "location", "bottom", "topbar", "logo",
    "yqlj", "dibu", "daohang", "widget", "qrcode", "erweima", "fenxiang", "pagination",
    "pager", "weizhi", "dqwz", "sitemap", "skip", "advert", "shortcut", "gotop", "backtop",
    "fenye", "page_nav", "pagenav", "btn-print", "print_btn", "printbtn", "closewin", NULL};
/* Short names only as whole tokens: "print" alone is the print button, but printArea and
 * printContent wrap the article on many sites; "left"/"right" columns and "page"
 * wrappers hold content as often as not, so they are not listed at all. */
static const char *const neg_tok[] = {"top", "head", "foot", "ad", "ads", "side", "link",
                                      "links", "dh", "tool", "tools", "fx", "bar", "hidden",
                                      "hide", "print", "close", "dayin", "guanbi", NULL};
/* Content containers of the CMSs government sites run on. */
static const char *const strong_sub[] = {
    "trs_editor", "trs_ueditor", "custom_unionstyle", "ucap-content", "ucapcontent",
    "pages_content", "article-content", "article_content", "articlecontent", "art_content",
    "artcontent", "news_content", "newscontent", "news-content", "detail_content",
    "detail-content", "detailcontent", "content_text", "contenttext", "con_text",
    "xxgk_content", "zoomcon", "wzcon", "text_content", "bt_content", "article-body",
    "articlebody", "zwnr", "wznr", "nrcon", "view_content", "info_content", "infocontent",
    "main-text", "main_text", "mainbody", NULL};
static const char *const strong_tok[] = {"zoom", "fontzoom", "zw", "nr", "zoomtext", "content1",
                                         "conent", "txt", "zhengwen", "neirong", NULL};
static const char *const weak_sub[] = {"content", "article", "detail", "main", "text",
                                       "xxgk", "news", "body", "con", "info", "view", NULL};
/* Inside a chosen body, these are still left out. */
static const char *const body_skip_sub[] = {
    "share", "fenxiang", "bdshare", "related", "xgwz", "xglj", "comment", "toolbar",
    "breadcrumb", "crumb", "position", "qrcode", "erweima", "font-size", "fontsize", "zihao",
    "gotop", "backtop", "pagination", "pager", "nav", "btn-print", "print_btn", "printbtn",
    "closewin", NULL};
static const char *const body_skip_tok[] = {"print", "close", "dayin", "guanbi", "fx", "tool",
                                            "tools", NULL};
/* Breadcrumb containers, and headline classes ("wzbt", "newsbt", "detail_tit", "tt"). */
static const char *const crumb_sub[] = {"crumb", "position", "location", "dqwz",
                                        "weizhi", "curpos", "lujing", "mianbao", NULL};
static const char *const heading_sub[] = {"title", "biaoti", "headline", NULL};
static const char *const heading_end[] = {"bt", "tit", NULL};
static const char *const heading_tok[] = {"tt", NULL};

/* How a word must occur: anywhere, as a whole token (no [a-z0-9] on either side), or at a
 * token's end. */
enum { AT_SUB, AT_TOKEN, AT_END };

static const struct word_group {
    const char *const *words;
    unsigned char at;
    unsigned bit;
} groups[] = {
    {strong_sub, AT_SUB, CW_STRONG},       {strong_tok, AT_TOKEN, CW_STRONG},
    {neg_sub, AT_SUB, CW_NEG},             {neg_tok, AT_TOKEN, CW_NEG},
    {weak_sub, AT_SUB, CW_WEAK},           {crumb_sub, AT_SUB, CW_CRUMB},
    {body_skip_sub, AT_SUB, CW_BODY_SKIP}, {body_skip_tok, AT_TOKEN, CW_BODY_SKIP},
    {heading_sub, AT_SUB, CW_HEADING},     {heading_end, AT_END, CW_HEADING},
    {heading_tok, AT_TOKEN, CW_HEADING},
};

size_t ga_page_class_words(const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t g = 0; g < NWORDS(groups); g++)
        for (const char *const *w = groups[g].words; *w; w++, n++)
            if (n < cap)
                out[n] = *w;
    return n;
}

static inline bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Whether the occurrence of an n-byte word at p in s satisfies `at`. */
static inline bool occurs_as(const char *s, const char *p, size_t n, unsigned at)
{
    if (at == AT_SUB)
        return true;
    if (word_byte((unsigned char)p[n]))
        return false;
    return at == AT_END || p == s || !word_byte((unsigned char)p[-1]);
}

unsigned ga_page_class_bits_simple(const char *s)
{
    unsigned bits = 0;
    for (size_t g = 0; g < NWORDS(groups); g++) {
        if (bits & groups[g].bit)
            continue;
        for (const char *const *w = groups[g].words; *w && !(bits & groups[g].bit); w++) {
            size_t n = strlen(*w);
            for (const char *p = strstr(s, *w); p; p = strstr(p + 1, *w))
                if (occurs_as(s, p, n, groups[g].at)) {
                    bits |= groups[g].bit;
                    break;
                }
        }
    }
    return bits;
}

/* Every (word, how it must occur) once, with the groups it counts for, ordered by the
 * bucket of its first two bytes. */
enum { PAIR_BUCKETS = 512, MAX_ENTRIES = 256, MAX_WORD = 24 };
typedef struct entry {
    char word[MAX_WORD];
    unsigned char len, at;
    unsigned short bits;
} entry_t;
static entry_t table[MAX_ENTRIES];
static unsigned short bucket_start[PAIR_BUCKETS + 1];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static inline unsigned pair_bucket(unsigned char a, unsigned char b)
{
    return ((unsigned)a * 37u + b) & (PAIR_BUCKETS - 1);
}

static void build_table(void)
{
    static entry_t flat[MAX_ENTRIES];
    size_t n = 0;
    for (size_t g = 0; g < NWORDS(groups); g++)
        for (const char *const *w = groups[g].words; *w; w++) {
            size_t k = 0;
            while (k < n && !(flat[k].at == groups[g].at && !strcmp(flat[k].word, *w)))
                k++;
            if (k == n) {
                /* test-page-same checks every word is 2 to MAX_WORD - 1 bytes. */
                if (n == MAX_ENTRIES || strlen(*w) >= MAX_WORD || strlen(*w) < 2)
                    continue;
                memset(&flat[n], 0, sizeof flat[n]);
                strcpy(flat[n].word, *w);
                flat[n].len = (unsigned char)strlen(*w);
                flat[n].at = groups[g].at;
                n++;
            }
            flat[k].bits |= (unsigned short)groups[g].bit;
        }
    /* Counting sort by bucket. */
    unsigned count[PAIR_BUCKETS] = {0};
    for (size_t k = 0; k < n; k++)
        count[pair_bucket((unsigned char)flat[k].word[0], (unsigned char)flat[k].word[1])]++;
    unsigned pos = 0;
    for (unsigned b = 0; b < PAIR_BUCKETS; b++) {
        bucket_start[b] = (unsigned short)pos;
        pos += count[b];
    }
    bucket_start[PAIR_BUCKETS] = (unsigned short)pos;
    unsigned fill[PAIR_BUCKETS];
    for (unsigned b = 0; b < PAIR_BUCKETS; b++)
        fill[b] = bucket_start[b];
    for (size_t k = 0; k < n; k++)
        table[fill[pair_bucket((unsigned char)flat[k].word[0], (unsigned char)flat[k].word[1])]++] =
            flat[k];
}

unsigned ga_page_class_bits(const char *s)
{
    pthread_once(&table_once, build_table);
    unsigned bits = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; u[i] && u[i + 1]; i++) {
        unsigned b = pair_bucket(u[i], u[i + 1]);
        for (unsigned k = bucket_start[b]; k < bucket_start[b + 1]; k++) {
            const entry_t *e = &table[k];
            if ((bits & e->bits) == e->bits)
                continue; /* nothing new to learn from it */
            size_t j = 0;
            while (j < e->len && u[i + j] == (unsigned char)e->word[j])
                j++;
            if (j == e->len && occurs_as(s, s + i, e->len, e->at))
                bits |= e->bits;
        }
    }
    return bits;
}
