/* Labels and their values as pages show them: table rows, definition lists and one-line
 * "label：value" blocks. Message detail pages and service guides are read from them. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

/* A label is short; anything longer is a value or prose. */
#define LABEL_CHARS 16

int ga_page_word_index(const char *s, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (s[0] == words[i][0] && !strcmp(s, words[i])) /* most labels differ at once */
            return i;
    return -1;
}

const ga_page_link_t *ga_page_first_link(const ga_page_t *pg, const ctx_t *c, uint32_t e)
{
    uint32_t last = ga_page_subtree_last(c, e);
    for (size_t k = 0; k < c->nrl; k++)
        if (c->rl[k].elem >= e && c->rl[k].elem <= last) {
            const ga_page_link_t *l = ga_page_link_of(pg, c, (uint32_t)k);
            if (l)
                return l;
        }
    return NULL;
}

/* Trim a label in place: spaces, colons, the asterisk of required fields. */
static char *trim_label(char *s)
{
    size_t n = strlen(s);
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == ':'))
            n--;
        else if (n >= 3 && !memcmp(s + n - 3, "：", 3))
            n -= 3;
        else
            break;
    }
    s[n] = '\0';
    size_t b = 0;
    while (s[b] == '*' || s[b] == ' ')
        b++;
    if (b)
        memmove(s, s + b, n - b + 1);
    return s;
}

/* Keep a pair whose label is short enough to be one; frees what it does not keep. False
 * only when out of memory (a NULL string is a failed copy). */
static bool push(ga_page_pair_t **v, size_t *n, size_t *cap, char *label, char *value,
                 uint32_t elem)
{
    bool keep = label && value && *label && ga_utf8_length(label, strlen(label)) <= LABEL_CHARS;
    bool ok = label && value && (!keep || ga_grow((void **)v, cap, *n + 1, sizeof **v));
    if (!keep || !ok) {
        free(label);
        free(value);
        return ok;
    }
    (*v)[*n].label = label;
    (*v)[*n].value = value;
    (*v)[*n].value_elem = elem;
    (*n)++;
    return true;
}

static bool is_elem(const xmlNode *k, const char *name)
{
    return k && k->type == XML_ELEMENT_NODE && k->name && !strcmp((const char *)k->name, name);
}

static xmlNode *next_elem(xmlNode *k)
{
    for (k = k ? k->next : NULL; k && k->type != XML_ELEMENT_NODE; k = k->next)
        ;
    return k;
}

bool ga_page_pairs(ctx_t *c, ga_page_pair_t **out, size_t *n)
{
    ga_page_pair_t *v = NULL;
    size_t nv = 0, cap = 0;
    bool ok = true;
    for (size_t e = 0; e < c->nst && ok; e++) {
        xmlNode *node = c->st[e].node;
        const char *name = (const char *)node->name;
        if (!strcmp(name, "tr")) {
            /* Cells in label, value order: two of them, or four (two pairs a row). */
            uint32_t cells[4];
            size_t nc = 0;
            bool extra = false;
            for (xmlNode *k = node->children; k; k = k->next)
                if ((is_elem(k, "td") || is_elem(k, "th")) && sidx(k)) {
                    if (nc < 4)
                        cells[nc++] = sidx(k) - 1;
                    else
                        extra = true;
                }
            if (extra || (nc != 2 && nc != 4))
                continue;
            for (size_t i = 0; i + 1 < nc && ok; i += 2) {
                uint32_t lc = c->st[cells[i]].chars;
                if (!lc || lc > LABEL_CHARS + 2)
                    continue; /* not a label: nothing to copy (layout tables are many) */
                char *l = ga_page_elem_text(c, cells[i]);
                ok = push(&v, &nv, &cap, l ? trim_label(l) : NULL,
                          ga_page_elem_text(c, cells[i + 1]), cells[i + 1]);
            }
        } else if (!strcmp(name, "dt")) {
            xmlNode *dd = next_elem(node);
            if (!is_elem(dd, "dd") || !sidx(dd) || c->st[e].chars > LABEL_CHARS + 2)
                continue;
            char *l = ga_page_elem_text(c, (uint32_t)e);
            ok = push(&v, &nv, &cap, l ? trim_label(l) : NULL,
                      ga_page_elem_text(c, sidx(dd) - 1), sidx(dd) - 1);
        } else if (c->st[e].kind == TK_BLOCK) {
            /* One line "label：value": the block holds no other block. */
            const nstat *s = &c->st[e];
            const char *t = c->flat.data + s->text_start;
            size_t len = s->text_end - s->text_start;
            while (len && (t[len - 1] == '\n' || t[len - 1] == ' '))
                len--; /* a block's text ends with its line break */
            if (!len || memchr(t, '\n', len) || len > 4000)
                continue;
            const char *colon = NULL;
            for (size_t i = 0; i + 3 <= len && i < 3 * LABEL_CHARS && !colon; i++)
                if (!memcmp(t + i, "：", 3))
                    colon = t + i;
            if (!colon || colon == t)
                continue;
            char *l = ga_page_line_dup(t, (size_t)(colon - t));
            const char *vs = colon + 3;
            ok = push(&v, &nv, &cap, l ? trim_label(l) : NULL,
                      ga_page_line_dup(vs, len - (size_t)(vs - t)), UINT32_MAX);
        }
    }
    if (!ok) {
        ga_page_pairs_free(v, nv);
        return false;
    }
    *out = v;
    *n = nv;
    return true;
}

void ga_page_pairs_free(ga_page_pair_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].label);
        free(p[i].value);
    }
    free(p);
}
