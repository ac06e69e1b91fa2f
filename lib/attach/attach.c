/* The attach module's public side: sniffing, the extracted document and its pieces. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach-internal.h"

#define DEFAULT_MAX_INPUT ((size_t)256 << 20)
#define DEFAULT_MAX_UNPACKED ((uint64_t)512 << 20)
#define DEFAULT_MAX_TEXT ((size_t)64 << 20)
#define DEFAULT_MAX_PARTS 10000u

static const char *const format_names[] = {"unknown", "pdf", "docx", "xlsx",
                                           "pptx",    "ofd", "ole",  "zip"};

const char *ga_attach_format_name(ga_attach_format_t f)
{
    return (unsigned)f < sizeof format_names / sizeof *format_names ? format_names[f] : "unknown";
}

int ga_attach_pdf_supported(void)
{
    return att_pdf_available();
}

ga_attach_format_t ga_attach_sniff(const void *data, size_t len)
{
    const unsigned char *p = data;
    if (!p || len < 8)
        return GA_ATTACH_UNKNOWN;
    if (memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return GA_ATTACH_OLE;
    /* PDF readers accept the header anywhere in the first kilobyte; a version number
     * must follow, so text that merely mentions "%PDF-" is not taken for one. */
    size_t head = len < 1024 ? len : 1024;
    for (const unsigned char *h = p; (h = memmem(h, head - (size_t)(h - p), "%PDF-", 5)) != NULL;
         h++)
        if ((size_t)(h - p) + 8 <= len && (h[5] == '1' || h[5] == '2') && h[6] == '.' &&
            h[7] >= '0' && h[7] <= '9')
            return GA_ATTACH_PDF;
    if (memcmp(p, "PK\x03\x04", 4) != 0 && memcmp(p, "PK\x05\x06", 4) != 0)
        return GA_ATTACH_UNKNOWN;
    att_zip_t *z = NULL;
    if (att_zip_open(data, len, &z, NULL) != GA_OK)
        return GA_ATTACH_ZIP; /* damaged: extraction says how */
    ga_attach_format_t f = GA_ATTACH_ZIP;
    if (att_zip_has(z, "word/document.xml"))
        f = GA_ATTACH_DOCX;
    else if (att_zip_has(z, "xl/workbook.xml"))
        f = GA_ATTACH_XLSX;
    else if (att_zip_has(z, "ppt/presentation.xml"))
        f = GA_ATTACH_PPTX;
    else if (att_zip_has(z, "OFD.xml"))
        f = GA_ATTACH_OFD;
    att_zip_close(z);
    return f;
}

ga_status_t att_doc_new(ga_attach_format_t format, const ga_attach_limits_t *limits,
                        ga_attach_t **out, ga_error_t **err)
{
    ga_attach_limits_t lim = {.size = sizeof lim};
    if (limits) {
        ga_status_t st = ga_options_read(&lim, sizeof lim, limits, sizeof lim,
                                         "ga_attach_limits_t", err);
        if (st)
            return st;
    }
    if (!lim.max_input)
        lim.max_input = DEFAULT_MAX_INPUT;
    if (!lim.max_unpacked)
        lim.max_unpacked = DEFAULT_MAX_UNPACKED;
    if (!lim.max_text)
        lim.max_text = DEFAULT_MAX_TEXT;
    if (!lim.max_parts)
        lim.max_parts = DEFAULT_MAX_PARTS;
    ga_attach_t *d = calloc(1, sizeof *d);
    if (!d)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    d->format = format;
    d->lim = lim;
    *out = d;
    return GA_OK;
}

size_t att_pool_add(ga_attach_t *doc, const char *s, size_t n)
{
    size_t at = doc->pool.len;
    if (!ga_buf_append(&doc->pool, s, n) || !ga_buf_append(&doc->pool, "", 1))
        return 0;
    return at + 1;
}

/* Column letters of a 1-based column number (A, Z, AA, ...). */
static void column_name(uint32_t c, char out[8])
{
    char tmp[8];
    int n = 0;
    while (c && n < 7) {
        c--;
        tmp[n++] = (char)('A' + c % 26);
        c /= 26;
    }
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

ga_status_t att_add_piece(ga_attach_t *doc, ga_attach_place_t place, uint32_t index,
                          size_t sheet, uint32_t row, uint32_t column, const char *text,
                          size_t len, ga_error_t **err)
{
    if (len == 0)
        return GA_OK;
    size_t sep = doc->text.len ? 1 : 0;
    if (doc->text.len + sep + len > doc->lim.max_text)
        return ga_error_set(err, GA_ERR_LIMIT, "extracted text passes the limit of %zu bytes",
                            doc->lim.max_text);
    char loc[512];
    switch (place) {
    case GA_ATTACH_PAGE:
        snprintf(loc, sizeof loc, "第%u页", index);
        break;
    case GA_ATTACH_PARAGRAPH:
        snprintf(loc, sizeof loc, "第%u段", index);
        break;
    case GA_ATTACH_SLIDE:
        snprintf(loc, sizeof loc, "第%u张幻灯片", index);
        break;
    default: {
        char col[8];
        column_name(column, col);
        snprintf(loc, sizeof loc, "%s!%s%u", sheet ? doc->pool.data + sheet - 1 : "", col, row);
        ga_utf8_trim_end(loc);
    }
    }
    size_t lo = att_pool_add(doc, loc, strlen(loc));
    if (!lo || !ga_grow((void **)&doc->pieces, &doc->cap, doc->npieces + 1, sizeof *doc->pieces) ||
        (sep && !ga_buf_append(&doc->text, "\n", 1)))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    size_t start = doc->text.len;
    if (!ga_buf_append(&doc->text, text, len))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    doc->pieces[doc->npieces++] = (att_piece_t){(uint8_t)place, index, row, column,
                                                start, doc->text.len, sheet, lo - 1};
    return GA_OK;
}

static ga_status_t extract_zip(const void *data, size_t len, ga_attach_t *doc, ga_error_t **err)
{
    att_zip_t *z = NULL;
    ga_status_t st = att_zip_open(data, len, &z, err);
    if (st)
        return st;
    switch (doc->format) {
    case GA_ATTACH_DOCX:
        st = att_docx(z, doc, err);
        break;
    case GA_ATTACH_XLSX:
        st = att_xlsx(z, doc, err);
        break;
    case GA_ATTACH_PPTX:
        st = att_pptx(z, doc, err);
        break;
    default:
        st = att_ofd(z, doc, err);
        break;
    }
    att_zip_close(z);
    return st;
}

ga_status_t ga_attach_extract(const void *data, size_t len, const ga_attach_limits_t *limits,
                              ga_attach_t **out, ga_error_t **err)
{
    if (!out || (!data && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_attach_extract: NULL argument");
    *out = NULL;
    ga_attach_t *doc = NULL;
    ga_status_t st = att_doc_new(GA_ATTACH_UNKNOWN, limits, &doc, err);
    if (st)
        return st;
    if (len > doc->lim.max_input) {
        st = ga_error_set(err, GA_ERR_LIMIT, "file of %zu bytes: the limit is %zu", len,
                          doc->lim.max_input);
        ga_attach_free(doc);
        return st;
    }
    doc->format = ga_attach_sniff(data, len);
    switch (doc->format) {
    case GA_ATTACH_PDF:
        st = att_pdf(data, len, doc, err);
        break;
    case GA_ATTACH_DOCX:
    case GA_ATTACH_XLSX:
    case GA_ATTACH_PPTX:
    case GA_ATTACH_OFD:
        st = extract_zip(data, len, doc, err);
        break;
    case GA_ATTACH_OLE:
        st = ga_error_set(err, GA_ERR_UNSUPPORTED,
                          "a binary Office 97-2003 file (DOC, XLS, PPT or old WPS/ET) is not "
                          "read; save it as DOCX, XLSX or PDF");
        break;
    case GA_ATTACH_ZIP: {
        att_zip_t *z = NULL;
        st = att_zip_open(data, len, &z, err);
        att_zip_close(z);
        if (!st)
            st = ga_error_set(err, GA_ERR_UNSUPPORTED,
                              "a zip archive that is neither DOCX, XLSX, PPTX nor OFD");
        break;
    }
    default:
        st = ga_error_set(err, GA_ERR_UNSUPPORTED,
                          "not an attachment format that is read (PDF, DOCX, XLSX, PPTX, OFD)");
        break;
    }
    if (st) {
        ga_attach_free(doc);
        return st;
    }
    if (!ga_buf_append(&doc->text, "", 1)) { /* room for the NUL */
        ga_attach_free(doc);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    doc->text.len--;
    *out = doc;
    return GA_OK;
}

void ga_attach_free(ga_attach_t *doc)
{
    if (!doc)
        return;
    ga_buf_free(&doc->text);
    ga_buf_free(&doc->pool);
    free(doc->pieces);
    free(doc);
}

ga_attach_format_t ga_attach_format(const ga_attach_t *doc)
{
    return doc ? doc->format : GA_ATTACH_UNKNOWN;
}

const char *ga_attach_text(const ga_attach_t *doc, size_t *len)
{
    if (len)
        *len = doc ? doc->text.len : 0;
    return doc && doc->text.data ? doc->text.data : "";
}

size_t ga_attach_piece_count(const ga_attach_t *doc)
{
    return doc ? doc->npieces : 0;
}

ga_status_t ga_attach_piece(const ga_attach_t *doc, size_t i, ga_attach_piece_t *out)
{
    if (!doc || !out || i >= doc->npieces || out->size < sizeof(ga_attach_piece_t))
        return GA_ERR_INVALID_ARGUMENT;
    const att_piece_t *p = &doc->pieces[i];
    out->place = (ga_attach_place_t)p->place;
    out->start = p->start;
    out->end = p->end;
    out->index = p->index;
    out->row = p->row;
    out->column = p->column;
    out->sheet = p->sheet ? doc->pool.data + p->sheet - 1 : NULL;
    out->location = doc->pool.data + p->location;
    return GA_OK;
}

size_t ga_attach_locate(const ga_attach_t *doc, size_t offset)
{
    if (!doc || !doc->npieces || offset > doc->text.len)
        return (size_t)-1;
    size_t lo = 0, hi = doc->npieces; /* last piece starting at or before offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->pieces[mid].start <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return doc->pieces[lo].start <= offset ? lo : (size_t)-1;
}
