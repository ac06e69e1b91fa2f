/* Header fields of records (WARC headers, HTTP headers), private to lib/warc. Inline, as
 * they run for every header line of every record. */
#ifndef GA_WARC_FIELDS_H
#define GA_WARC_FIELDS_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core-internal.h"

/* Header fields: names and values NUL-terminated in `text`, idx[2i]/idx[2i+1] their
 * offsets (offsets, not pointers, since text grows). */
typedef struct fields {
    ga_buf_t text;
    size_t *idx;
    size_t n, cap;
} fields_t;


static inline bool ga_warc_fields_add(fields_t *f, const char *name, size_t nlen, const char *val,
                                      size_t vlen)
{
    if (f->n * 2 + 2 > f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        size_t *p = realloc(f->idx, cap * sizeof *p);
        if (!p)
            return false;
        f->idx = p;
        f->cap = cap;
    }
    size_t at = f->text.len;
    if (!ga_buf_reserve(&f->text, nlen + vlen + 2))
        return false;
    char *o = f->text.data + at;
    memcpy(o, name, nlen);
    o[nlen] = '\0';
    memcpy(o + nlen + 1, val, vlen);
    o[nlen + 1 + vlen] = '\0';
    f->text.len += nlen + vlen + 2;
    f->text.data[f->text.len] = '\0';
    f->idx[f->n * 2] = at;
    f->idx[f->n * 2 + 1] = at + nlen + 1;
    f->n++;
    return true;
}

/* Obsolete line folding: the continuation joins the last value after one space. */
static inline bool ga_warc_fields_continue(fields_t *f, const char *more, size_t len)
{
    f->text.len--; /* drop the value's NUL */
    return ga_buf_append(&f->text, " ", 1) && ga_buf_append(&f->text, more, len) &&
           ga_buf_append(&f->text, "", 1);
}

static inline const char *ga_warc_fields_get(const fields_t *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcasecmp(f->text.data + f->idx[2 * i], name) == 0)
            return f->text.data + f->idx[2 * i + 1];
    return NULL;
}

static inline const char *ga_warc_fields_at(const fields_t *f, size_t i, const char **name)
{
    if (i >= f->n)
        return NULL;
    if (name)
        *name = f->text.data + f->idx[2 * i];
    return f->text.data + f->idx[2 * i + 1];
}

static inline void ga_warc_fields_free(fields_t *f)
{
    ga_buf_free(&f->text);
    free(f->idx);
}

static inline void ga_warc_trim(const char **s, size_t *len)
{
    while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* Parse one header line (without its line end) into `f`. False on a malformed line. */
static inline bool ga_warc_header_line(fields_t *f, const char *line, size_t len, bool *oom)
{
    if (line[0] == ' ' || line[0] == '\t') {
        if (f->n == 0)
            return false;
        ga_warc_trim(&line, &len);
        if (!ga_warc_fields_continue(f, line, len))
            *oom = true;
        return true;
    }
    const char *colon = memchr(line, ':', len);
    if (!colon || colon == line)
        return false;
    const char *name = line, *val = colon + 1;
    size_t nlen = (size_t)(colon - line), vlen = len - nlen - 1;
    ga_warc_trim(&name, &nlen);
    ga_warc_trim(&val, &vlen);
    if (nlen == 0)
        return false;
    if (!ga_warc_fields_add(f, name, nlen, val, vlen))
        *oom = true;
    return true;
}

#endif
