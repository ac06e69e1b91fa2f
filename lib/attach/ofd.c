/* OFD (GB/T 33190-2016): OFD.xml names each document's root (DocRoot), the document lists
 * its pages (Page BaseLoc), and a page's content holds TextObjects whose TextCode elements
 * carry the text. Text objects on one baseline are joined; a new baseline starts a line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach-internal.h"

static ga_status_t nomem(ga_error_t **err)
{
    return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

ga_status_t att_ofd_page(ga_attach_t *doc, uint32_t pageno, const char *xml, size_t len,
                         ga_error_t **err)
{
    char name[48];
    snprintf(name, sizeof name, "page %u", pageno);
    att_xml_t x;
    ga_status_t st = att_xml_open(&x, name, xml, len, err);
    if (st)
        return st;
    ga_buf_t text = {0};
    bool in_code = false;
    double last_y = -1e300;
    int rc;
    while (!st && (rc = att_xml_next(&x, err)) > 0) {
        int type = xmlTextReaderNodeType(x.r);
        if (type == XML_READER_TYPE_ELEMENT) {
            if (att_xml_is(&x, "TextObject")) {
                char *b = att_xml_attr(&x, "Boundary", NULL);
                double bx = 0, by = 0;
                if (b && sscanf(b, "%lf %lf", &bx, &by) == 2) {
                    if (by != last_y && text.len && !ga_buf_append(&text, "\n", 1))
                        st = nomem(err);
                    last_y = by;
                }
                xmlFree(b);
            } else if (att_xml_is(&x, "TextCode")) {
                in_code = !xmlTextReaderIsEmptyElement(x.r);
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (att_xml_is(&x, "TextCode"))
                in_code = false;
        } else if (in_code && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                               type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(x.r);
            if (v && !ga_buf_append(&text, v, strlen(v)))
                st = nomem(err);
        }
        if (!st && text.len > doc->lim.max_text)
            st = ga_error_set(err, GA_ERR_LIMIT, "a page passes the text limit");
    }
    return att_xml_finish(&x, rc, st, doc, GA_ATTACH_PAGE, pageno, &text, err);
}

static ga_status_t ofd_page_part(ga_attach_t *doc, void *arg, uint32_t no, const char *name,
                                 const char *xml, size_t len, ga_error_t **err)
{
    return att_ofd_page(doc, no, xml, len, err);
}

/* Text of every element `elem` of a part, or the `attr` attribute of each, as
 * NUL-terminated strings one after another in `out` (count in *n). */
typedef struct list_walk {
    const char *part, *elem, *attr;
    ga_buf_t *out;
    size_t *n;
    size_t max;
    bool in;
} list_walk_t;

static ga_status_t list_node(att_xml_t *x, void *arg, ga_error_t **err)
{
    list_walk_t *w = arg;
    int type = xmlTextReaderNodeType(x->r);
    char *v = NULL;
    if (type == XML_READER_TYPE_ELEMENT && att_xml_is(x, w->elem)) {
        if (w->attr)
            v = att_xml_attr(x, w->attr, NULL);
        else
            w->in = !xmlTextReaderIsEmptyElement(x->r);
    } else if (type == XML_READER_TYPE_END_ELEMENT && att_xml_is(x, w->elem)) {
        w->in = false;
    } else if (w->in && type == XML_READER_TYPE_TEXT) {
        v = (char *)xmlTextReaderValue(x->r);
    }
    if (!v)
        return GA_OK;
    /* Surrounding spaces are layout, not part of a path. */
    char *s = v;
    size_t l = strlen(s);
    while (l && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
        s++, l--;
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\n' || s[l - 1] == '\r' || s[l - 1] == '\t'))
        l--;
    ga_status_t st = GA_OK;
    if (l && ++*w->n > w->max)
        st = ga_error_set(err, GA_ERR_LIMIT, "%s: more than %zu entries", w->part, w->max);
    else if (l && (!ga_buf_append(w->out, s, l) || !ga_buf_append(w->out, "\0", 1)))
        st = nomem(err);
    xmlFree(v);
    return st;
}

static ga_status_t list_of(att_zip_t *z, ga_attach_t *doc, const char *part, const char *elem,
                           const char *attr, ga_buf_t *out, size_t *n, ga_error_t **err)
{
    *n = 0;
    list_walk_t w = {part, elem, attr, out, n, doc->lim.max_parts, false};
    return att_zip_walk(z, doc, part, list_node, &w, err);
}

/* The folder of a member path ("Doc_0/Document.xml" -> "Doc_0"), in `out`. */
static bool dir_of(const char *path, ga_buf_t *out)
{
    const char *slash = strrchr(path, '/');
    out->len = 0;
    return ga_buf_append(out, path, slash ? (size_t)(slash - path) : 0);
}

ga_status_t att_ofd(att_zip_t *z, ga_attach_t *doc, ga_error_t **err)
{
    ga_buf_t roots = {0}, pages = {0}, dir = {0}, path = {0}, docpath = {0};
    size_t nroots = 0, npages = 0;
    uint32_t pageno = 0;
    ga_status_t st = list_of(z, doc, "OFD.xml", "DocRoot", NULL, &roots, &nroots, err);
    const char *r = roots.data;
    for (size_t i = 0; i < nroots && !st; i++, r += strlen(r) + 1) {
        int ok = att_zip_path("", r, &docpath);
        if (ok <= 0) {
            st = ok ? nomem(err) : ga_error_set(err, GA_ERR_FORMAT, "OFD.xml: bad DocRoot");
            break;
        }
        pages.len = 0;
        st = list_of(z, doc, docpath.data, "Page", "BaseLoc", &pages, &npages, err);
        if (!st && !dir_of(docpath.data, &dir))
            st = nomem(err);
        const char *p = pages.data;
        for (size_t k = 0; k < npages && !st; k++, p += strlen(p) + 1) {
            int okp = att_zip_path(dir.data, p, &path);
            if (okp <= 0) {
                st = okp ? nomem(err)
                        : ga_error_set(err, GA_ERR_FORMAT, "%s: bad BaseLoc", docpath.data);
                break;
            }
            st = att_zip_parse(z, doc, path.data, ofd_page_part, NULL, ++pageno, NULL, err);
        }
    }
    ga_buf_free(&roots);
    ga_buf_free(&pages);
    ga_buf_free(&dir);
    ga_buf_free(&path);
    ga_buf_free(&docpath);
    return st;
}
