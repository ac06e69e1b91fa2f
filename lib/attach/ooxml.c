/* Office Open XML (ECMA-376): DOCX paragraphs, XLSX cells through the shared strings, PPTX
 * slides in presentation order. Only the text is read; styles, drawings and formulas are
 * skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach-internal.h"

/* Relationship ids: the transitional and the strict namespace both end like this. */
#define REL_NS "/relationships"

static ga_status_t nomem(ga_error_t **err)
{
    return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

/* Append the value of the current text node to `b`. */
static bool take_text(att_xml_t *x, ga_buf_t *b)
{
    const char *v = (const char *)xmlTextReaderConstValue(x->r);
    return !v || ga_buf_append(b, v, strlen(v));
}

static bool is_text_node(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
           type == XML_READER_TYPE_WHITESPACE;
}

/* ---- DOCX ---- */

ga_status_t att_docx_body(ga_attach_t *doc, const char *xml, size_t len, ga_error_t **err)
{
    att_xml_t x;
    ga_status_t st = att_xml_open(&x, "word/document.xml", xml, len, err);
    if (st)
        return st;
    ga_buf_t para = {0};
    uint32_t index = 0;
    bool in_t = false;
    int rc;
    while (!st && (rc = att_xml_next(&x, err)) > 0) {
        int type = xmlTextReaderNodeType(x.r);
        if (type == XML_READER_TYPE_ELEMENT) {
            bool empty = xmlTextReaderIsEmptyElement(x.r);
            if (att_xml_is(&x, "t")) {
                in_t = !empty;
            } else if (att_xml_is(&x, "tab")) {
                if (!ga_buf_append(&para, "\t", 1))
                    st = nomem(err);
            } else if (att_xml_is(&x, "br") || att_xml_is(&x, "cr")) {
                if (!ga_buf_append(&para, "\n", 1))
                    st = nomem(err);
            } else if (att_xml_is(&x, "p")) {
                /* A paragraph inside another one (a text box) ends the text so far. */
                if (para.len)
                    st = att_add_piece(doc, GA_ATTACH_PARAGRAPH, index, 0, 0, 0, para.data,
                                       para.len, err);
                para.len = 0;
                index++;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (att_xml_is(&x, "t")) {
                in_t = false;
            } else if (att_xml_is(&x, "p")) {
                st = att_add_piece(doc, GA_ATTACH_PARAGRAPH, index, 0, 0, 0, para.data,
                                   para.len, err);
                para.len = 0;
            }
        } else if (in_t && is_text_node(type) && !take_text(&x, &para)) {
            st = nomem(err);
        }
        if (!st && para.len > doc->lim.max_text)
            st = ga_error_set(err, GA_ERR_LIMIT, "a paragraph passes the text limit");
    }
    return att_xml_finish(&x, rc, st, doc, GA_ATTACH_PARAGRAPH, index, &para, err);
}

static ga_status_t docx_part(ga_attach_t *doc, void *arg, uint32_t no, const char *name,
                             const char *xml, size_t len, ga_error_t **err)
{
    return att_docx_body(doc, xml, len, err);
}

ga_status_t att_docx(att_zip_t *z, ga_attach_t *doc, ga_error_t **err)
{
    return att_zip_parse(z, doc, "word/document.xml", docx_part, NULL, 0, NULL, err);
}

/* ---- relationships and part lists ---- */

typedef struct rel {
    char *id, *target;
    char *name; /* sheet name (workbook) */
} rel_t;

typedef struct rels {
    rel_t *v;
    size_t n, cap;
} rels_t;

static void rels_free(rels_t *r)
{
    for (size_t i = 0; i < r->n; i++) {
        xmlFree(r->v[i].id);
        xmlFree(r->v[i].target);
        xmlFree(r->v[i].name);
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}

/* Collect elements named `elem` with two attributes (`a` and `b`; `b_ns` the namespace
 * suffix of b, or NULL) and optionally a third `c`, in document order. */
typedef struct collect_walk {
    const char *part, *elem, *a, *b, *b_ns, *c;
    rels_t *out;
    size_t max;
} collect_walk_t;

static ga_status_t collect_node(att_xml_t *x, void *arg, ga_error_t **err)
{
    collect_walk_t *w = arg;
    if (xmlTextReaderNodeType(x->r) != XML_READER_TYPE_ELEMENT || !att_xml_is(x, w->elem))
        return GA_OK;
    if (w->out->n >= w->max)
        return ga_error_set(err, GA_ERR_LIMIT, "%s: more than %zu entries", w->part, w->max);
    rel_t r = {att_xml_attr(x, w->a, NULL), att_xml_attr(x, w->b, w->b_ns),
               w->c ? att_xml_attr(x, w->c, NULL) : NULL};
    bool named = r.id && r.target; /* an entry without the attributes names nothing */
    if (!named || !ga_grow((void **)&w->out->v, &w->out->cap, w->out->n + 1, sizeof *w->out->v)) {
        xmlFree(r.id);
        xmlFree(r.target);
        xmlFree(r.name);
        return named ? nomem(err) : GA_OK;
    }
    w->out->v[w->out->n++] = r;
    return GA_OK;
}

static ga_status_t collect(att_zip_t *z, ga_attach_t *doc, const char *part, const char *elem,
                           const char *a, const char *b, const char *b_ns, const char *c,
                           rels_t *out, ga_error_t **err)
{
    collect_walk_t w = {part, elem, a, b, b_ns, c, out, doc->lim.max_parts};
    return att_zip_walk(z, doc, part, collect_node, &w, err);
}

/* Target of relationship `id` in `rels`, or NULL. */
static const char *rel_target(const rels_t *rels, const char *id)
{
    for (size_t i = 0; i < rels->n; i++)
        if (strcmp(rels->v[i].id, id) == 0)
            return rels->v[i].target;
    return NULL;
}

/* Parts listed by a main part in order (sheets of a workbook, slides of a presentation):
 * the list's entries carry r:id, resolved through the main part's relationships. Each
 * resolved part is read and handed to `each` with its 1-based number and name. */
static ga_status_t each_part(att_zip_t *z, ga_attach_t *doc, const char *main, const char *dir,
                             const char *rels_part, const char *elem, const char *name_attr,
                             att_part_fn each, void *arg, ga_error_t **err)
{
    rels_t list = {0}, rels = {0};
    ga_buf_t path = {0};
    ga_status_t st = collect(z, doc, main, elem, name_attr ? name_attr : "id", "id", REL_NS,
                             NULL, &list, err);
    if (!st)
        st = collect(z, doc, rels_part, "Relationship", "Id", "Target", NULL, NULL, &rels, err);
    for (size_t i = 0; i < list.n && !st; i++) {
        const char *t = rel_target(&rels, list.v[i].target);
        if (!t)
            continue; /* a dangling id: nothing to read */
        int ok = att_zip_path(dir, t, &path);
        if (ok <= 0) {
            st = ok ? nomem(err)
                    : ga_error_set(err, GA_ERR_FORMAT, "%s: bad target '%.200s'", rels_part, t);
            break;
        }
        st = att_zip_parse(z, doc, path.data, each, arg, (uint32_t)(i + 1), list.v[i].id, err);
    }
    ga_buf_free(&path);
    rels_free(&list);
    rels_free(&rels);
    return st;
}

/* ---- XLSX ---- */

void att_sst_free(att_sst_t *sst)
{
    ga_buf_free(&sst->strings);
    free(sst->offs);
    memset(sst, 0, sizeof *sst);
}

ga_status_t att_xlsx_sst(ga_attach_t *doc, att_sst_t *sst, const char *xml, size_t len,
                         ga_error_t **err)
{
    att_xml_t x;
    ga_status_t st = att_xml_open(&x, "xl/sharedStrings.xml", xml, len, err);
    if (st)
        return st;
    bool in_si = false, in_t = false;
    int skip = 0; /* inside phonetic runs (rPh): readings, not text */
    int rc;
    while (!st && (rc = att_xml_next(&x, err)) > 0) {
        int type = xmlTextReaderNodeType(x.r);
        if (type == XML_READER_TYPE_ELEMENT) {
            bool empty = xmlTextReaderIsEmptyElement(x.r);
            if (att_xml_is(&x, "si")) {
                if (!ga_grow((void **)&sst->offs, &sst->cap, sst->n + 1, sizeof *sst->offs)) {
                    st = nomem(err);
                    break;
                }
                sst->offs[sst->n++] = sst->strings.len;
                in_si = !empty;
                if (empty && !ga_buf_append(&sst->strings, "", 1))
                    st = nomem(err);
            } else if (att_xml_is(&x, "rPh") && !empty) {
                skip++;
            } else if (att_xml_is(&x, "t")) {
                in_t = in_si && !empty && !skip;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (att_xml_is(&x, "si") && in_si) {
                in_si = false;
                if (!ga_buf_append(&sst->strings, "", 1))
                    st = nomem(err);
            } else if (att_xml_is(&x, "rPh") && skip) {
                skip--;
            } else if (att_xml_is(&x, "t")) {
                in_t = false;
            }
        } else if (in_t && is_text_node(type) && !take_text(&x, &sst->strings)) {
            st = nomem(err);
        }
        if (!st && sst->strings.len > doc->lim.max_text)
            st = ga_error_set(err, GA_ERR_LIMIT, "shared strings pass the text limit");
    }
    if (!st && rc < 0)
        st = (ga_status_t)-rc;
    if (!st && in_si && !ga_buf_append(&sst->strings, "", 1))
        st = nomem(err);
    att_xml_close(&x);
    return st;
}

/* Column and row of a cell reference ("B4"); false when it is not one. */
static bool cell_ref(const char *r, uint32_t *col, uint32_t *row)
{
    uint32_t c = 0, w = 0;
    int i = 0;
    for (; (r[i] >= 'A' && r[i] <= 'Z') && i < 3; i++)
        c = c * 26 + (uint32_t)(r[i] - 'A' + 1);
    if (i == 0 || r[i] < '1' || r[i] > '9')
        return false;
    for (int k = 0; r[i] >= '0' && r[i] <= '9'; i++, k++) {
        if (k == 7)
            return false;
        w = w * 10 + (uint32_t)(r[i] - '0');
    }
    if (r[i])
        return false;
    *col = c;
    *row = w;
    return true;
}

/* The r (reference) and t (type) attributes of a cell or row, copied without allocating:
 * a sheet has a cell per few dozen bytes. Longer values than a reference are cut (and
 * then fail cell_ref). */
static void cell_attrs(att_xml_t *x, char r[16], char t[16])
{
    r[0] = t[0] = '\0';
    if (xmlTextReaderMoveToFirstAttribute(x->r) != 1)
        return;
    do {
        const char *n = (const char *)xmlTextReaderConstLocalName(x->r);
        if (!n || n[1] || (n[0] != 'r' && n[0] != 't'))
            continue;
        const char *v = (const char *)xmlTextReaderConstValue(x->r);
        snprintf(n[0] == 'r' ? r : t, 16, "%s", v ? v : "");
    } while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
    xmlTextReaderMoveToElement(x->r);
}

ga_status_t att_xlsx_sheet(ga_attach_t *doc, const att_sst_t *sst, uint32_t sheetno,
                           const char *name, const char *xml, size_t len, ga_error_t **err)
{
    att_xml_t x;
    ga_status_t st = att_xml_open(&x, name, xml, len, err);
    if (st)
        return st;
    size_t sheet = att_pool_add(doc, name, strlen(name));
    if (!sheet) {
        att_xml_close(&x);
        return nomem(err);
    }
    ga_buf_t val = {0};
    uint32_t row = 0, col = 0;
    bool in_c = false, in_v = false, shared = false;
    int rc;
    while (!st && (rc = att_xml_next(&x, err)) > 0) {
        int type = xmlTextReaderNodeType(x.r);
        const char *nm = type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT
                             ? (const char *)xmlTextReaderConstLocalName(x.r)
                             : NULL;
        bool is_c = nm && strcmp(nm, "c") == 0;
        bool is_vt = nm && (strcmp(nm, "v") == 0 || strcmp(nm, "t") == 0);
        if (type == XML_READER_TYPE_ELEMENT) {
            bool empty = xmlTextReaderIsEmptyElement(x.r);
            char r[16], t[16];
            if (nm && strcmp(nm, "row") == 0) {
                cell_attrs(&x, r, t);
                long v = strtol(r, NULL, 10);
                row = v > 0 && v < 100000000 ? (uint32_t)v : row + 1;
                col = 0;
            } else if (is_c) {
                cell_attrs(&x, r, t);
                uint32_t c, w;
                if (cell_ref(r, &c, &w)) {
                    col = c;
                    row = w;
                } else {
                    col++;
                }
                shared = strcmp(t, "s") == 0;
                in_c = !empty;
                val.len = 0;
            } else if (in_c && is_vt) {
                in_v = !empty;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is_c && in_c) {
                in_c = in_v = false;
                const char *text = val.data;
                size_t n = val.len;
                if (shared && n) {
                    char *end;
                    unsigned long k = strtoul(val.data, &end, 10);
                    if (*end || k >= sst->n) {
                        n = 0; /* an index past the table shows nothing */
                    } else {
                        text = sst->strings.data + sst->offs[k];
                        n = strlen(text);
                    }
                }
                st = att_add_piece(doc, GA_ATTACH_CELL, sheetno, sheet, row, col, text, n, err);
            } else if (is_vt) {
                in_v = false;
            }
        } else if (in_v && is_text_node(type)) {
            if (!take_text(&x, &val))
                st = nomem(err);
            else if (val.len > doc->lim.max_text)
                st = ga_error_set(err, GA_ERR_LIMIT, "a cell passes the text limit");
        }
    }
    if (!st && rc < 0)
        st = (ga_status_t)-rc;
    ga_buf_free(&val);
    att_xml_close(&x);
    return st;
}

static ga_status_t xlsx_sheet_part(ga_attach_t *doc, void *arg, uint32_t no, const char *name,
                                   const char *xml, size_t len, ga_error_t **err)
{
    return att_xlsx_sheet(doc, arg, no, name, xml, len, err);
}

static ga_status_t xlsx_sst_part(ga_attach_t *doc, void *arg, uint32_t no, const char *name,
                                 const char *xml, size_t len, ga_error_t **err)
{
    return att_xlsx_sst(doc, arg, xml, len, err);
}

ga_status_t att_xlsx(att_zip_t *z, ga_attach_t *doc, ga_error_t **err)
{
    att_sst_t sst = {0};
    ga_status_t st = GA_OK;
    if (att_zip_has(z, "xl/sharedStrings.xml"))
        st = att_zip_parse(z, doc, "xl/sharedStrings.xml", xlsx_sst_part, &sst, 0, NULL, err);
    if (!st)
        st = each_part(z, doc, "xl/workbook.xml", "xl", "xl/_rels/workbook.xml.rels", "sheet",
                       "name", xlsx_sheet_part, &sst, err);
    att_sst_free(&sst);
    return st;
}

/* ---- PPTX ---- */

ga_status_t att_pptx_slide(ga_attach_t *doc, uint32_t slideno, const char *xml, size_t len,
                           ga_error_t **err)
{
    char name[48];
    snprintf(name, sizeof name, "slide %u", slideno);
    att_xml_t x;
    ga_status_t st = att_xml_open(&x, name, xml, len, err);
    if (st)
        return st;
    ga_buf_t text = {0};
    bool in_t = false;
    int rc;
    while (!st && (rc = att_xml_next(&x, err)) > 0) {
        int type = xmlTextReaderNodeType(x.r);
        if (type == XML_READER_TYPE_ELEMENT) {
            if (att_xml_is(&x, "t"))
                in_t = !xmlTextReaderIsEmptyElement(x.r);
            else if ((att_xml_is(&x, "p") || att_xml_is(&x, "br")) && text.len &&
                     text.data[text.len - 1] != '\n' && !ga_buf_append(&text, "\n", 1))
                st = nomem(err);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (att_xml_is(&x, "t"))
                in_t = false;
        } else if (in_t && is_text_node(type) && !take_text(&x, &text)) {
            st = nomem(err);
        }
        if (!st && text.len > doc->lim.max_text)
            st = ga_error_set(err, GA_ERR_LIMIT, "a slide passes the text limit");
    }
    while (text.len && text.data[text.len - 1] == '\n')
        text.len--;
    return att_xml_finish(&x, rc, st, doc, GA_ATTACH_SLIDE, slideno, &text, err);
}

static ga_status_t pptx_slide_part(ga_attach_t *doc, void *arg, uint32_t no, const char *name,
                                   const char *xml, size_t len, ga_error_t **err)
{
    return att_pptx_slide(doc, no, xml, len, err);
}

ga_status_t att_pptx(att_zip_t *z, ga_attach_t *doc, ga_error_t **err)
{
    return each_part(z, doc, "ppt/presentation.xml", "ppt", "ppt/_rels/presentation.xml.rels",
                     "sldId", NULL, pptx_slide_part, NULL, err);
}
