/* JSON parsing with positions: json-c does the parsing; this file turns its error offset
 * into line and column, and finds where a value sits in the text (by walking the raw text
 * along the value's path) for errors about a value json-c accepted. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "score-json.h"

/* json-c nests at most this deep; profiles need 6. */
#define GA_JSON_DEPTH 64

static void line_col(const char *text, size_t len, size_t off, size_t *line, size_t *col)
{
    if (off > len)
        off = len;
    size_t l = 1, start = 0;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = l;
    *col = ga_utf8_length(text + start, off - start) + 1;
}

ga_status_t ga_jctx_parse(ga_jctx_t *c, const char *text, size_t len, const char *file,
                          ga_error_t **err, json_object **root)
{
    return ga_jctx_parse_line(c, text, len, file, 1, err, root);
}

ga_status_t ga_jctx_parse_line(ga_jctx_t *c, const char *text, size_t len, const char *file,
                               size_t first_line, ga_error_t **err, json_object **root)
{
    memset(c, 0, sizeof *c);
    c->line0 = first_line - 1;
    c->text = text;
    c->len = len;
    c->file = file;
    c->err = err;
    *root = NULL;
    if (len > INT_MAX)
        return ga_error_set_at(err, GA_ERR_LIMIT, file, 0, 0, "JSON input over 2 GiB");
    /* json-c's own check lets encoded surrogates (\xed\xb0\x91) through, which would then
     * reach reports as ill-formed UTF-8: the library's check is the one that counts. */
    size_t bad;
    if (ga_utf8_validate(text, len, &bad) != GA_OK) {
        size_t line = first_line, col = 1;
        for (size_t i = 0; i < bad; i++) {
            if (text[i] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        return ga_error_set_at(err, GA_ERR_SYNTAX, file, line, col, "invalid UTF-8");
    }
    json_tokener *tok = json_tokener_new_ex(GA_JSON_DEPTH);
    if (!tok)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *v = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    const char *why = NULL;
    if (jerr == json_tokener_continue || (jerr == json_tokener_success && !v && end >= len)) {
        why = "unexpected end of JSON input";
        end = len;
    } else if (jerr != json_tokener_success) {
        why = json_tokener_error_desc(jerr);
    } else {
        /* json-c stops after the first value; anything but white space after it is an error. */
        while (end < len && (text[end] == ' ' || text[end] == '\t' || text[end] == '\n' ||
                             text[end] == '\r'))
            end++;
        if (end < len)
            why = "trailing data after the JSON value";
    }
    if (why) {
        json_object_put(v);
        size_t line, col;
        line_col(text, len, end, &line, &col);
        line += c->line0;
        return ga_error_set_at(err, GA_ERR_SYNTAX, file, line, col, "%s", why);
    }
    *root = v;
    return GA_OK;
}

void ga_jctx_push_key(ga_jctx_t *c, const char *key)
{
    if (c->depth < GA_JPATH_MAX) {
        c->path[c->depth].key = key;
        c->path[c->depth].idx = 0;
    }
    c->depth++;
}

void ga_jctx_push_idx(ga_jctx_t *c, size_t idx)
{
    if (c->depth < GA_JPATH_MAX) {
        c->path[c->depth].key = NULL;
        c->path[c->depth].idx = idx;
    }
    c->depth++;
}

void ga_jctx_pop(ga_jctx_t *c)
{
    if (c->depth > 0)
        c->depth--;
}

/* ---- walking the raw text ------------------------------------------------------------ */

static size_t skip_ws(const char *s, size_t len, size_t p)
{
    while (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
        p++;
    return p;
}

/* Past the string starting at s[p] == '"'. */
static size_t skip_string(const char *s, size_t len, size_t p)
{
    for (p++; p < len && s[p] != '"'; p++)
        if (s[p] == '\\')
            p++;
    return p < len ? p + 1 : len;
}

/* Past the value at p (the text is known to be valid JSON). */
static size_t skip_value(const char *s, size_t len, size_t p)
{
    if (p >= len)
        return len;
    if (s[p] == '"')
        return skip_string(s, len, p);
    if (s[p] == '{' || s[p] == '[') {
        int depth = 0;
        while (p < len) {
            char ch = s[p];
            if (ch == '"') {
                p = skip_string(s, len, p);
                continue;
            }
            if (ch == '{' || ch == '[')
                depth++;
            else if ((ch == '}' || ch == ']') && --depth == 0)
                return p + 1;
            p++;
        }
        return len;
    }
    while (p < len && s[p] != ',' && s[p] != '}' && s[p] != ']' && s[p] != ' ' &&
           s[p] != '\n' && s[p] != '\r' && s[p] != '\t')
        p++;
    return p;
}

/* Offset of the value of member `key` (the last one, as json-c keeps the last duplicate)
 * of the object at p, or (size_t)-1. Keys written with escapes are not matched. */
static size_t find_key(const char *s, size_t len, size_t p, const char *key)
{
    size_t found = (size_t)-1, klen = strlen(key);
    if (p >= len || s[p] != '{')
        return found;
    p = skip_ws(s, len, p + 1);
    while (p < len && s[p] == '"') {
        size_t kstart = p + 1, kend = skip_string(s, len, p);
        p = skip_ws(s, len, kend);
        if (p < len && s[p] == ':')
            p = skip_ws(s, len, p + 1);
        if (kend - 1 - kstart == klen && memcmp(s + kstart, key, klen) == 0)
            found = p;
        p = skip_ws(s, len, skip_value(s, len, p));
        if (p < len && s[p] == ',')
            p = skip_ws(s, len, p + 1);
    }
    return found;
}

static size_t find_idx(const char *s, size_t len, size_t p, size_t idx)
{
    if (p >= len || s[p] != '[')
        return (size_t)-1;
    p = skip_ws(s, len, p + 1);
    for (size_t i = 0; i < idx; i++) {
        p = skip_ws(s, len, skip_value(s, len, p));
        if (p >= len || s[p] != ',')
            return (size_t)-1;
        p = skip_ws(s, len, p + 1);
    }
    return p;
}

static ga_status_t error_at(ga_jctx_t *c, const char *key, bool has_idx, size_t idx,
                            const char *fmt, va_list ap) GA_PRINTF(5, 0);
static ga_status_t error_at(ga_jctx_t *c, const char *key, bool has_idx, size_t idx,
                            const char *fmt, va_list ap)
{
    size_t p = skip_ws(c->text, c->len, 0);
    char where[256] = "";
    size_t w = 0;
    int depth = c->depth < GA_JPATH_MAX ? c->depth : GA_JPATH_MAX;
    for (int i = 0; i <= depth && p != (size_t)-1; i++) {
        const char *k = i < depth ? c->path[i].key : key;
        bool is_idx = i < depth ? k == NULL : has_idx;
        size_t ix = i < depth ? c->path[i].idx : idx;
        if (i == depth && !key && !has_idx)
            break;
        if (is_idx) {
            p = find_idx(c->text, c->len, p, ix);
            w += (size_t)snprintf(where + w, sizeof where - w, "[%zu]", ix);
        } else {
            p = find_key(c->text, c->len, p, k);
            w += (size_t)snprintf(where + w, sizeof where - w, "%s%s", w ? "." : "", k);
        }
        if (w >= sizeof where)
            w = sizeof where - 1;
    }
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    ga_utf8_trim_end(msg);
    size_t line = 0, col = 0;
    if (p != (size_t)-1) {
        line_col(c->text, c->len, p, &line, &col);
        line += c->line0;
    }
    if (*where)
        return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->file, line, col, "%s: %s", where, msg);
    return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->file, line, col, "%s", msg);
}

ga_status_t ga_jctx_error(ga_jctx_t *c, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ga_status_t st = error_at(c, key, false, 0, fmt, ap);
    va_end(ap);
    return st;
}

ga_status_t ga_jctx_error_idx(ga_jctx_t *c, size_t idx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ga_status_t st = error_at(c, NULL, true, idx, fmt, ap);
    va_end(ap);
    return st;
}
