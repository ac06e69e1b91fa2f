/* The containers under the zip-based formats: zip members read within a budget (libzip),
 * and a pull reader over each XML part (libxml2) that never loads DTDs or the network. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "attach-internal.h"

struct att_zip {
    zip_t *za;
    uint64_t unpacked; /* bytes read from members so far */
    uint32_t reads;
};

ga_status_t att_zip_open(const void *data, size_t len, att_zip_t **out, ga_error_t **err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    att_zip_t *z = calloc(1, sizeof *z);
    if (!src || !z) {
        zip_source_free(src);
        free(z);
        zip_error_fini(&ze);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    z->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!z->za) {
        ga_status_t st = ga_error_set(err, GA_ERR_FORMAT, "damaged zip container: %s",
                                      zip_error_strerror(&ze));
        zip_source_free(src);
        free(z);
        zip_error_fini(&ze);
        return st;
    }
    zip_error_fini(&ze);
    *out = z;
    return GA_OK;
}

void att_zip_close(att_zip_t *z)
{
    if (!z)
        return;
    zip_discard(z->za);
    free(z);
}

static zip_int64_t locate(att_zip_t *z, const char *name)
{
    zip_int64_t i = zip_name_locate(z->za, name, 0);
    return i >= 0 ? i : zip_name_locate(z->za, name, ZIP_FL_NOCASE);
}

bool att_zip_has(att_zip_t *z, const char *name)
{
    return locate(z, name) >= 0;
}

ga_status_t att_zip_read(att_zip_t *z, ga_attach_t *doc, const char *name, char **data,
                         size_t *len, ga_error_t **err)
{
    *data = NULL;
    *len = 0;
    zip_int64_t i = locate(z, name);
    if (i < 0)
        return ga_error_set(err, GA_ERR_FORMAT, "%s: missing from the container", name);
    if (++z->reads > doc->lim.max_parts)
        return ga_error_set(err, GA_ERR_LIMIT, "more than %u parts read", doc->lim.max_parts);
    zip_stat_t zs;
    if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE))
        return ga_error_set(err, GA_ERR_FORMAT, "%s: damaged zip entry", name);
    uint64_t budget = doc->lim.max_unpacked - z->unpacked;
    if (zs.size > budget)
        return ga_error_set(err, GA_ERR_LIMIT,
                            "%s unpacks to %llu bytes, past the limit of %llu bytes in all",
                            name, (unsigned long long)zs.size,
                            (unsigned long long)doc->lim.max_unpacked);
    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)i, 0);
    if (!f)
        return ga_error_set(err, zip_get_error(z->za)->zip_err == ZIP_ER_ENCRNOTSUPP ||
                                         zip_get_error(z->za)->zip_err == ZIP_ER_NOPASSWD
                                     ? GA_ERR_UNSUPPORTED
                                     : GA_ERR_FORMAT,
                            "%s: cannot be unpacked: %s", name, zip_strerror(z->za));
    /* Read no more than the stated size plus one byte: a member that unpacks to more than
     * it claims is damaged, and the budget holds whatever the header says. */
    size_t cap = (size_t)zs.size + 1;
    char *buf = malloc(cap + 1);
    if (!buf) {
        zip_fclose(f);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    size_t got = 0;
    ga_status_t st = GA_OK;
    while (got < cap) {
        zip_int64_t r = zip_fread(f, buf + got, cap - got);
        if (r < 0) {
            st = ga_error_set(err, GA_ERR_FORMAT, "%s: damaged data: %s", name,
                              zip_file_strerror(f));
            break;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    zip_fclose(f);
    if (!st && got != zs.size)
        st = ga_error_set(err, GA_ERR_FORMAT, "%s: unpacks to %zu bytes, not the %llu stated",
                          name, got, (unsigned long long)zs.size);
    if (st) {
        free(buf);
        return st;
    }
    z->unpacked += got;
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return GA_OK;
}

ga_status_t att_zip_parse(att_zip_t *z, ga_attach_t *doc, const char *path, att_part_fn fn,
                          void *arg, uint32_t no, const char *name, ga_error_t **err)
{
    char *xml;
    size_t len;
    ga_status_t st = att_zip_read(z, doc, path, &xml, &len, err);
    if (st)
        return st;
    st = fn(doc, arg, no, name, xml, len, err);
    free(xml);
    return st;
}

int att_zip_path(const char *base_dir, const char *target, ga_buf_t *out)
{
    out->len = 0;
    if (!ga_buf_append(out, "", 0))
        return -1;
    if (target[0] == '/') {
        target++;
    } else if (base_dir && *base_dir) {
        if (!ga_buf_append(out, base_dir, strlen(base_dir)))
            return -1;
        if (out->data[out->len - 1] != '/' && !ga_buf_append(out, "/", 1))
            return -1;
    }
    const char *p = target;
    while (*p) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (out->len == 0)
                return 0;
            out->len--; /* the '/' after the last folder */
            while (out->len && out->data[out->len - 1] != '/')
                out->len--;
            out->data[out->len] = '\0';
        } else if (!(n == 1 && p[0] == '.') && n) {
            if (!ga_buf_append(out, p, n) || (p[n] == '/' && !ga_buf_append(out, "/", 1)))
                return -1;
        }
        p += n;
        if (*p == '/')
            p++;
    }
    return out->len ? 1 : 0;
}

/* ---- XML ---- */

static void xml_error(void *arg, xmlErrorPtr e)
{
    att_xml_t *x = arg;
    if (!x->msg[0] && e && e->message) {
        snprintf(x->msg, sizeof x->msg, "%s", e->message);
        size_t n = strlen(x->msg);
        while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' '))
            x->msg[--n] = '\0';
        ga_utf8_trim_end(x->msg);
        x->line = e->line;
    }
}

ga_status_t att_xml_open(att_xml_t *x, const char *part, const char *xml, size_t len,
                         ga_error_t **err)
{
    memset(x, 0, sizeof *x);
    x->part = part;
    if (len > INT_MAX)
        return ga_error_set(err, GA_ERR_LIMIT, "%s: %zu bytes of XML", part, len);
    x->r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!x->r)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    xmlTextReaderSetStructuredErrorHandler(x->r, xml_error, x);
    return GA_OK;
}

int att_xml_next(att_xml_t *x, ga_error_t **err)
{
    int rc = xmlTextReaderRead(x->r);
    if (rc >= 0)
        return rc;
    return -(int)ga_error_set(err, GA_ERR_FORMAT, "%s: bad XML at line %d: %s", x->part,
                              x->line, x->msg[0] ? x->msg : "parse error");
}

void att_xml_close(att_xml_t *x)
{
    if (x->r)
        xmlFreeTextReader(x->r);
    x->r = NULL;
}

ga_status_t att_zip_walk(att_zip_t *z, ga_attach_t *doc, const char *part, att_node_fn fn,
                         void *arg, ga_error_t **err)
{
    char *xml;
    size_t len;
    ga_status_t st = att_zip_read(z, doc, part, &xml, &len, err);
    if (st)
        return st;
    att_xml_t x;
    if ((st = att_xml_open(&x, part, xml, len, err)) != GA_OK) {
        free(xml);
        return st;
    }
    int rc;
    while (!st && (rc = att_xml_next(&x, err)) > 0)
        st = fn(&x, arg, err);
    if (!st && rc < 0)
        st = (ga_status_t)-rc;
    att_xml_close(&x);
    free(xml);
    return st;
}

ga_status_t att_xml_finish(att_xml_t *x, int rc, ga_status_t st, ga_attach_t *doc,
                           ga_attach_place_t place, uint32_t index, ga_buf_t *text,
                           ga_error_t **err)
{
    if (!st && rc < 0)
        st = (ga_status_t)-rc;
    if (!st)
        st = att_add_piece(doc, place, index, 0, 0, 0, text->data, text->len, err);
    ga_buf_free(text);
    att_xml_close(x);
    return st;
}

bool att_xml_is(att_xml_t *x, const char *name)
{
    const xmlChar *n = xmlTextReaderConstLocalName(x->r);
    return n && strcmp((const char *)n, name) == 0;
}

char *att_xml_attr(att_xml_t *x, const char *local, const char *ns_suffix)
{
    char *v = NULL;
    if (xmlTextReaderMoveToFirstAttribute(x->r) != 1)
        return NULL;
    do {
        const char *n = (const char *)xmlTextReaderConstLocalName(x->r);
        if (!n || strcmp(n, local) != 0)
            continue;
        if (ns_suffix) {
            const char *ns = (const char *)xmlTextReaderConstNamespaceUri(x->r);
            size_t nl = ns ? strlen(ns) : 0, sl = strlen(ns_suffix);
            if (nl < sl || strcmp(ns + nl - sl, ns_suffix) != 0)
                continue;
        }
        v = (char *)xmlTextReaderValue(x->r);
        break;
    } while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
    xmlTextReaderMoveToElement(x->r);
    return v;
}
