/* A pass over decoded HTML before libxml2 parses it, bounding the attributes per start tag.
 *
 * libxml2 2.9's HTML parser compares each new attribute of a start tag with every earlier
 * one and appends it by walking the attribute list, so a tag with n attributes costs n²:
 * 200,000 attributes take minutes. This pass reads the input the way the parser does
 * (HTMLparser.c: start and end tags, comments, processing instructions, DOCTYPE, script
 * and style content) and drops every attribute past GA_PAGE_MAX_ATTRIBUTES.
 *
 * Where the parser's reading depends on state this pass does not keep (its element stack,
 * Unicode name classes), the input is rewritten into a form both read the same way, so the
 * two can never disagree on where a tag starts:
 * - script or style content that starts with a tag gets a space in front (otherwise an
 *   end tag there may close an element further up, or a start tag auto-close the script);
 * - inside script or style, "</script" followed by more name characters gets a space after
 *   "</" (otherwise the parser stops there, ignores the end tag and reads on as above);
 * - a processing instruction whose target does not start with an ASCII name character is
 *   replaced, up to its '>', by a space (browsers drop it);
 * - a DOCTYPE whose quoted parts are not all closed before its first '>' is replaced by
 *   "<!DOCTYPE html>".
 * tests/fuzz/fuzz-page-tags.c checks the result against libxml2 itself. */
#include <string.h>
#include <strings.h>

#include "page/page-private.h"

typedef struct {
    const unsigned char *s;
    size_t len;
    size_t max_attrs;
    ga_buf_t out;
    size_t copied; /* input before this offset is in out (or was dropped) */
    bool changed;
    bool oom;
} tags_t;

enum { NAME_MAX_BYTES = 100 }; /* HTML_PARSER_BUFFER_SIZE: longer names are cut there */

static inline bool blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Byte classes, one table look-up a byte: this pass reads every tag name of the page. */
enum { C_LETTER = 1, C_NAME_START = 2, C_NAME = 4 };
#define NAME_START_BYTE(c) ((c) == '_' || (c) == ':' || (c) == '.')
#define LETTER_BYTE(c) (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z')
#define CLASS_OF(c)                                                                        \
    (LETTER_BYTE(c) ? C_LETTER | C_NAME_START | C_NAME                                    \
     : NAME_START_BYTE(c) ? C_NAME_START | C_NAME                                         \
     : ((c) >= '0' && (c) <= '9') || (c) == '-' ? C_NAME : 0)
#define ROW(b) CLASS_OF(b), CLASS_OF(b + 1), CLASS_OF(b + 2), CLASS_OF(b + 3), CLASS_OF(b + 4), \
    CLASS_OF(b + 5), CLASS_OF(b + 6), CLASS_OF(b + 7)
static const unsigned char byte_class[256] = {
    ROW(0), ROW(8), ROW(16), ROW(24), ROW(32), ROW(40), ROW(48), ROW(56), ROW(64), ROW(72),
    ROW(80), ROW(88), ROW(96), ROW(104), ROW(112), ROW(120)}; /* 128-255: none */

static inline bool letter(unsigned char c)
{
    return byte_class[c] & C_LETTER;
}

static inline bool name_start(unsigned char c)
{
    return byte_class[c] & C_NAME_START;
}

static inline bool name_char(unsigned char c)
{
    return byte_class[c] & C_NAME;
}

/* Replace input [pos, pos + skip) by `insert`. */
static void edit(tags_t *t, size_t pos, size_t skip, const char *insert)
{
    if (t->oom)
        return;
    if (!t->changed) {
        t->changed = true;
        if (!ga_buf_reserve(&t->out, t->len + 64)) {
            t->oom = true;
            return;
        }
    }
    if (!ga_buf_append(&t->out, t->s + t->copied, pos - t->copied) ||
        !ga_buf_append(&t->out, insert, strlen(insert)))
        t->oom = true;
    t->copied = pos + skip;
}

static size_t skip_blanks(const tags_t *t, size_t i)
{
    while (i < t->len && blank(t->s[i]))
        i++;
    return i;
}

/* An HTML name at i (ASCII, at most NAME_MAX_BYTES); returns its end, i when none. */
static size_t html_name(const tags_t *t, size_t i)
{
    if (i >= t->len || !name_start(t->s[i]))
        return i;
    size_t j = i;
    while (j < t->len && j - i < NAME_MAX_BYTES && name_char(t->s[j]))
        j++;
    return j;
}

static size_t find_byte(const tags_t *t, size_t from, unsigned char c)
{
    if (from >= t->len)
        return t->len;
    const unsigned char *p = memchr(t->s + from, c, t->len - from);
    return p ? (size_t)(p - t->s) : t->len;
}

/* "</" at i: a name, then anything up to '>'; without a name only "</" is consumed. */
static size_t end_tag(const tags_t *t, size_t i)
{
    size_t j = html_name(t, i + 2);
    if (j == i + 2)
        return i + 2;
    j = find_byte(t, j, '>');
    return j < t->len ? j + 1 : j;
}

/* One attribute value after '=' and blanks: quoted to its quote, else to a blank or '>'. */
static size_t attr_value(const tags_t *t, size_t j)
{
    if (j < t->len && (t->s[j] == '"' || t->s[j] == '\'')) {
        size_t q = find_byte(t, j + 1, t->s[j]);
        return q < t->len ? q + 1 : q;
    }
    while (j < t->len && !blank(t->s[j]) && t->s[j] != '>')
        j++;
    return j;
}

static bool tag_close(const tags_t *t, size_t j)
{
    return t->s[j] == '>' || (t->s[j] == '/' && j + 1 < t->len && t->s[j + 1] == '>');
}

/* A start tag at i ('<' and a letter). Returns the offset after it; *raw receives the
 * length of "script" or "style" when its content is read as raw text, else 0. */
static size_t start_tag(tags_t *t, size_t i, size_t *raw)
{
    *raw = 0;
    size_t name = i + 1, j = html_name(t, name);
    size_t name_len = j - name;
    size_t count = 0, cut = 0;
    j = skip_blanks(t, j);
    while (j < t->len && !tag_close(t, j)) {
        size_t at = j;
        size_t e = html_name(t, j);
        if (e > j) {
            j = skip_blanks(t, e);
            if (j < t->len && t->s[j] == '=')
                j = attr_value(t, skip_blanks(t, j + 1));
            if (++count == t->max_attrs + 1)
                cut = at;
        } else {
            while (j < t->len && !blank(t->s[j]) && !tag_close(t, j))
                j++;
        }
        j = skip_blanks(t, j);
    }
    if (cut)
        edit(t, cut, j - cut, "");
    if (j >= t->len)
        return j;
    if (t->s[j] == '/')
        return j + 2; /* "<script/>" is empty: no raw content */
    if ((name_len == 6 && strncasecmp((const char *)t->s + name, "script", 6) == 0) ||
        (name_len == 5 && strncasecmp((const char *)t->s + name, "style", 5) == 0))
        *raw = name_len;
    return j + 1;
}

/* Whether "</" at p continues with the raw element's name (case-insensitively). */
static bool raw_end_prefix(const tags_t *t, size_t p, const unsigned char *name, size_t n)
{
    return p + 2 + n <= t->len && strncasecmp((const char *)t->s + p + 2, (const char *)name, n) == 0;
}

/* Script or style content from i, read to the end tag the parser stops at (returned:
 * the offset of its "</", left for end_tag), or to the end of input. */
static size_t raw_text(tags_t *t, size_t i, const unsigned char *name, size_t n)
{
    /* Only "</" and "<" + a letter, '_' or ':' are read before the raw content starts
     * ("<!--" is common there and harmless). */
    if (i + 1 < t->len && t->s[i] == '<' &&
        (letter(t->s[i + 1]) || t->s[i + 1] == '_' || t->s[i + 1] == ':' ||
         (t->s[i + 1] == '/' && !(raw_end_prefix(t, i, name, n) &&
                                  (i + 2 + n >= t->len || !name_char(t->s[i + 2 + n]))))))
        edit(t, i, 0, " ");
    for (size_t p = i;; p++) {
        p = find_byte(t, p, '<');
        if (p + 1 >= t->len)
            return t->len;
        if (t->s[p + 1] != '/' || !raw_end_prefix(t, p, name, n))
            continue;
        if (p + 2 + n < t->len && name_char(t->s[p + 2 + n]))
            edit(t, p + 2, 0, " "); /* "</scripts": the parser would stop and misread */
        else
            return p;
    }
}

/* "<!--" at i: to the first "-->" or "--!>" after it, else to the end. */
static size_t comment(const tags_t *t, size_t i)
{
    for (size_t p = i + 4; p + 2 < t->len; p++) {
        p = find_byte(t, p, '-');
        if (p + 2 >= t->len)
            break;
        if (t->s[p + 1] != '-')
            continue;
        if (t->s[p + 2] == '>')
            return p + 3;
        if (t->s[p + 2] == '!' && p + 3 < t->len && t->s[p + 3] == '>')
            return p + 4;
    }
    return t->len;
}

/* A quoted literal at j that closes before `gt`: returns its end, 0 when not. */
static size_t literal(const tags_t *t, size_t j, size_t gt)
{
    if (j >= gt || (t->s[j] != '"' && t->s[j] != '\''))
        return 0;
    size_t q = find_byte(t, j + 1, t->s[j]);
    return q < gt ? q + 1 : 0;
}

/* Whether the parser's DOCTYPE reading from i surely ends at the first '>' (gt). */
static bool plain_doctype(const tags_t *t, size_t i, size_t gt)
{
    if (!memchr(t->s + i, '"', gt - i) && !memchr(t->s + i, '\'', gt - i))
        return true; /* only quotes can carry the parser past a '>' */
    size_t j = skip_blanks(t, i + 9), e = j;
    while (e < gt && (name_char(t->s[e])))
        e++;
    if (e == j || (e < gt && !blank(t->s[e])))
        return false;
    j = skip_blanks(t, e);
    if (gt - j >= 6 && strncasecmp((const char *)t->s + j, "PUBLIC", 6) == 0) {
        j = literal(t, skip_blanks(t, j + 6), gt);
        if (!j)
            return false;
        j = skip_blanks(t, j);
        if (j < gt && !(j = literal(t, j, gt)))
            return false;
    } else if (gt - j >= 6 && strncasecmp((const char *)t->s + j, "SYSTEM", 6) == 0) {
        if (!(j = literal(t, skip_blanks(t, j + 6), gt)))
            return false;
    }
    return skip_blanks(t, j) == gt;
}

static bool doctype_at(const tags_t *t, size_t i)
{
    return t->len - i >= 9 && t->s[i + 1] == '!' &&
           strncasecmp((const char *)t->s + i + 1, "!DOCTYPE", 8) == 0;
}

static size_t doctype(tags_t *t, size_t i)
{
    size_t gt = find_byte(t, i, '>');
    if (gt < t->len && plain_doctype(t, i, gt))
        return gt + 1;
    edit(t, i, (gt < t->len ? gt + 1 : gt) - i, "<!DOCTYPE html>");
    return gt < t->len ? gt + 1 : gt;
}

/* "<?" at i: with an ASCII target the parser reads to the first '>'; other targets
 * depend on Unicode name rules, so the instruction is dropped to that '>'. */
static size_t instruction(tags_t *t, size_t i)
{
    size_t gt = find_byte(t, i + 2, '>');
    size_t end = gt < t->len ? gt + 1 : gt;
    unsigned char c = i + 2 < t->len ? t->s[i + 2] : 0;
    if (!(letter(c) || c == '_' || c == ':'))
        edit(t, i, end - i, " "); /* not "": a '<' before it would start a tag */
    return end;
}

ga_status_t ga_page_bound_tags(const char *html, size_t len, size_t max_attrs, char **out,
                               size_t *out_len)
{
    tags_t t = {.s = (const unsigned char *)html, .len = len, .max_attrs = max_attrs};
    *out = NULL;
    *out_len = 0;
    /* The document's first DOCTYPE, after blanks, comments and processing instructions
     * only, is read before the content; one further on is read mid-content, and the
     * parser then takes a '<' right after it as text when "</" or "<!DOCTYPE" follows. */
    bool prolog = true;
    size_t i = 0, gap = 0;
    while ((i = find_byte(&t, i, '<')) + 1 < len) {
        if (prolog && skip_blanks(&t, gap) < i)
            prolog = false;
        unsigned char c = t.s[i + 1];
        if (c == '!' && i + 3 < len && t.s[i + 2] == '-' && t.s[i + 3] == '-') {
            gap = i = comment(&t, i);
            continue;
        }
        if (c == '?') {
            gap = i = instruction(&t, i);
            continue;
        }
        if (doctype_at(&t, i)) {
            bool mid_content = !prolog;
            prolog = false;
            i = doctype(&t, i);
            if (mid_content && i + 1 < len && t.s[i] == '<' &&
                (t.s[i + 1] == '/' || doctype_at(&t, i)))
                i++;
            continue;
        }
        prolog = false;
        if (c == '/') {
            i = end_tag(&t, i);
        } else if (letter(c)) {
            size_t raw;
            const unsigned char *name = t.s + i + 1;
            i = start_tag(&t, i, &raw);
            if (raw)
                i = raw_text(&t, i, name, raw);
        } else {
            i++; /* a lone '<' is text */
        }
    }
    if (!t.changed)
        return GA_OK;
    if (!t.oom && t.copied < len)
        edit(&t, len, 0, "");
    if (t.oom) {
        ga_buf_free(&t.out);
        return GA_ERR_NO_MEMORY;
    }
    t.out.data[t.out.len] = '\0';
    *out = t.out.data;
    *out_len = t.out.len;
    return GA_OK;
}
