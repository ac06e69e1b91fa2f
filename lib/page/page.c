/*
 * HTML page → document: one libxml2 parse, one walk over the tree that builds the page's
 * visible text and per-element statistics, then the extractors read those statistics.
 */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

/* ---- the page's string arena ----------------------------------------------------------
 * Links, list items and attachments are hundreds of small strings a page: they live in a
 * chunked arena freed all at once with the page, not in one malloc each. */

struct ga_page_arena {
    struct ga_page_arena *next;
    size_t used, cap;
    char data[];
};

char *ga_page_arena_alloc(ga_page_t *pg, size_t n)
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
void ga_page_arena_shrink(ga_page_t *pg, char *p, size_t n)
{
    struct ga_page_arena *a = pg->arena;
    if (a && p >= a->data && p <= a->data + a->used)
        a->used = (size_t)(p - a->data) + n;
}

char *ga_page_arena_dup(ga_page_t *pg, const char *s, size_t n)
{
    char *p = ga_page_arena_alloc(pg, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* ---- small text helpers ------------------------------------------------------------- */

/* memmem for short texts (host names, footer lines): glibc's sets up a shift table on
 * every call, most of its cost on texts this short. Candidates are found
 * by the byte ending the needle's first character (a lead byte such as 0xE4 starts a
 * third of Chinese text, the last byte of the character far fewer places) and taken in
 * order, so the first occurrence is the one returned. */
const char *ga_page_find(const char *h, size_t hn, const char *w, size_t wn)
{
    if (wn == 0)
        return h;
    if (hn < wn)
        return NULL;
    size_t k = wn >= 3 && ((unsigned char)w[0] & 0xF0) == 0xE0 ? 2 : 0;
    const char *p = h + k, *last = h + (hn - wn) + k;
    while (p <= last && (p = memchr(p, w[k], (size_t)(last - p) + 1)) != NULL) {
        if (!memcmp(p - k, w, wn))
            return p - k;
        p++;
    }
    return NULL;
}

/* Copy s[0,len) trimmed, with newlines as spaces and runs of spaces collapsed. */
char *ga_page_clean_dup(const char *s, size_t len)
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
char *ga_page_line_dup(const char *s, size_t len)
{
    char *o = ga_page_clean_dup(s, len);
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
char *ga_page_arena_line(ga_page_t *pg, const char *s, size_t len)
{
    char *o = ga_page_arena_alloc(pg, len + 1);
    if (o)
        ga_page_arena_shrink(pg, o, clean_into(o, s, len, true) + 1);
    return o;
}

char *ga_page_elem_text(const ctx_t *c, uint32_t e)
{
    const nstat *s = &c->st[e];
    return ga_page_line_dup(c->flat.data + s->text_start, s->text_end - s->text_start);
}


const char *ga_page_ctx_meta(const ctx_t *c, const char *name)
{
    for (size_t i = 0; i < c->nmeta; i++)
        if (!strcasecmp(c->meta[i].name, name))
            return c->meta[i].content;
    return NULL;
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
    free(c->headline_info);
}

static ga_status_t extract(ctx_t *c, xmlDoc *doc, ga_page_t *pg)
{
    if (doc)
        ga_page_walk(c, doc);
    /* Offsets into the flat text are taken even when it is empty. */
    if (c->oom || !ga_buf_reserve(&c->flat, 1))
        return GA_ERR_NO_MEMORY;
    c->flat.data[c->flat.len] = '\0';
    char *ht = c->html_title ? ga_page_clean_dup(c->html_title, strlen(c->html_title)) : strdup("");
    if (!ht)
        return GA_ERR_NO_MEMORY;
    free(c->html_title);
    c->html_title = ht;
    if (!(pg->html_title = strdup(ht)))
        return GA_ERR_NO_MEMORY;

    long body = ga_page_choose_body(c);
    ga_page_find_column(c, pg);
    ga_page_build_links(c, pg, body);
    if (c->oom)
        return GA_ERR_NO_MEMORY;
    ga_page_find_items(c, pg);
    const char *site = ga_page_ctx_meta(c, "SiteName");
    long headline = ga_page_choose_headline(c, body, site);

    const char *at = ga_page_ctx_meta(c, "ArticleTitle");
    if (at && *at)
        pg->title = ga_page_line_dup(at, strlen(at));
    else if (headline >= 0)
        pg->title = ga_page_elem_text(c, (uint32_t)headline);
    else
        pg->title = ga_page_strip_title(ht, site, pg->column, pg->ncolumn);
    if (!pg->title)
        return GA_ERR_NO_MEMORY;
    if (!(at && *at))
        ga_page_cut_info(pg->title, &c->headline_info);

    pg->kind = ga_page_decide_kind(c, pg, body, headline);
    if (pg->kind != GA_PAGE_LIST) {
        /* Related-article boxes and home-page news blocks are not the page's list. */
        pg->nitems = 0; /* their strings are in the arena */
    }
    /* Some templates end the path with the article's own title. */
    if (pg->kind == GA_PAGE_ARTICLE && pg->column_origin == 'b' && pg->ncolumn > 1 &&
        !strcmp(pg->column[pg->ncolumn - 1], pg->title))
        free(pg->column[--pg->ncolumn]);
    if (body >= 0) {
        pg->text = ga_page_body_text(c, (uint32_t)body, headline >= 0 ? (uint32_t)headline : UINT32_MAX,
                             &pg->text_len);
        if (!pg->text)
            return GA_ERR_NO_MEMORY;
    }
    ga_page_find_pubdate(c, pg, body, headline);
    ga_page_find_info_source(c, pg, body, headline);
    ga_page_find_identity(c, pg, body);
    ga_page_pair_t *pairs = NULL;
    size_t npairs = 0;
    if (c->oom || !ga_page_pairs(c, &pairs, &npairs))
        return GA_ERR_NO_MEMORY;
    ga_page_find_messages(c, pg, pairs, npairs);
    ga_page_find_guide(c, pg, pairs, npairs);
    ga_page_pairs_free(pairs, npairs);
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
    for (int i = 0; i < GA_PAGE_DATE_SOURCES; i++)
        free(pg->date_from[i]);
    for (int i = 0; i < GA_PAGE_IDENTITY_ITEMS; i++) {
        free(pg->identity[i]);
        free(pg->identity_link[i]);
    }
    free(pg->messages);
    free(pg->guide);
    free(pg->guide_name);
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
