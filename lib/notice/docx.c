/* The notice as a DOCX (WordprocessingML in a ZIP written by libzip): the text rendering's
 * lines as paragraphs in the layout of a government document (GB/T 9704: 小标宋 title, 黑体
 * headings, 仿宋 body indented two characters), the attachment table as a table. */
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "notice-render.h"

/* Append `s` (`n` bytes) escaped for XML text; characters XML 1.0 forbids (C0 controls,
 * U+FFFE, U+FFFF) are dropped. */
static void xml_text(nr_out_t *o, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n && o->ok; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t skip = 1;
        if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c < 0x20)
            rep = "";
        else if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
                 ((unsigned char)s[i + 2] & 0xFE) == 0xBE)
            rep = "", skip = 3;
        if (!rep)
            continue;
        o->ok = ga_buf_append(&o->b, s + run, i - run) && ga_buf_append(&o->b, rep, strlen(rep));
        i += skip - 1;
        run = i + 1;
    }
    if (o->ok && run < n)
        o->ok = ga_buf_append(&o->b, s + run, n - run);
}

enum { P_BODY, P_TITLE, P_HEADING, P_CENTER, P_RIGHT, P_CELL };

/* One paragraph of `n` bytes of text in style `kind`. Sizes in half points: 二号 44, 三号 32,
 * 四号 28 (table cells). */
static void paragraph(nr_out_t *o, int kind, const char *s, size_t n)
{
    static const struct {
        const char *font, *jc;
        int size, indent;
    } st[] = {
        [P_BODY] = {"仿宋_GB2312", NULL, 32, 1},      [P_TITLE] = {"方正小标宋简体", "center", 44, 0},
        [P_HEADING] = {"黑体", NULL, 32, 1},          [P_CENTER] = {"黑体", "center", 32, 0},
        [P_RIGHT] = {"仿宋_GB2312", "right", 32, 0},  [P_CELL] = {"仿宋_GB2312", NULL, 28, 0},
    };
    /* Children of pPr in the schema's order: ind before jc. */
    nr_printf(o, "<w:p><w:pPr>");
    if (st[kind].indent)
        nr_printf(o, "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>");
    if (st[kind].jc)
        nr_printf(o, "<w:jc w:val=\"%s\"/>", st[kind].jc);
    nr_printf(o, "</w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\" w:eastAsia=\"%s\"/>"
                 "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/></w:rPr><w:t xml:space=\"preserve\">",
              st[kind].font, st[kind].font, st[kind].font, st[kind].size, st[kind].size);
    xml_text(o, s, n);
    nr_printf(o, "</w:t></w:r></w:p>");
}

/* A table row from a tab-separated line. */
static void row(nr_out_t *o, const char *s, size_t n)
{
    nr_printf(o, "<w:tr>");
    for (size_t a = 0; a <= n;) {
        const char *tab = memchr(s + a, '\t', n - a);
        size_t e = tab ? (size_t)(tab - s) : n;
        nr_printf(o, "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>");
        paragraph(o, P_CELL, s + a, e - a);
        nr_printf(o, "</w:tc>");
        a = e + 1;
    }
    nr_printf(o, "</w:tr>");
}

static const char doc_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:body>";
/* A4 with the margins of GB/T 9704 (天头 37 mm, 订口 28 mm). */
static const char doc_tail[] =
    "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" "
    "w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
    "</w:sectPr></w:body></w:document>";
static const char table_head[] =
    "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
    "<w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>"
    "<w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>"
    "<w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/>"
    "</w:tblBorders></w:tblPr>";

/* The table's properties and its grid (required before the rows): the attachment's four
 * columns 序号, 网站名称, 主办单位, 存在的突出问题 across the 8844 twips of text width. */
static void table_start(nr_out_t *o, const char *header, size_t n)
{
    size_t cols = 1;
    for (size_t i = 0; i < n; i++)
        cols += header[i] == '\t';
    static const int four[] = {800, 2200, 2200, 3644};
    nr_printf(o, "%s<w:tblGrid>", table_head);
    for (size_t c = 0; c < cols; c++)
        nr_printf(o, "<w:gridCol w:w=\"%d\"/>", cols == 4 ? four[c] : (int)(8844 / cols));
    nr_printf(o, "</w:tblGrid>");
}

/* word/document.xml from the notice's text: the first line is the title, 一、/二、 lines
 * headings, 附件 and the attachment's name centred, tab-separated lines a table, the last
 * line (the date) right-aligned. */
static void document(nr_out_t *o, const char *text, size_t len)
{
    nr_printf(o, "%s", doc_head);
    bool in_table = false, first = true;
    for (size_t p = 0; p < len;) {
        const char *nl = memchr(text + p, '\n', len - p);
        size_t start = p, e = nl ? (size_t)(nl - text) : len, a = p;
        bool last = !nl || e + 1 >= len;
        p = e + 1;
        bool tabbed = memchr(text + a, '\t', e - a) != NULL;
        if (in_table && !tabbed) {
            nr_printf(o, "</w:tbl>");
            in_table = false;
        }
        while (a < e && text[a] == ' ')
            a++;
        if (a == e)
            continue;
        if (tabbed) {
            if (!in_table)
                table_start(o, text + a, e - a);
            in_table = true;
            row(o, text + a, e - a);
            continue;
        }
        int kind = P_BODY;
        if (first)
            kind = P_TITLE;
        else if (last)
            kind = P_RIGHT;
        else if (a == start && e - a > 6 &&
                 (!strncmp(text + a, "一、", 6) || !strncmp(text + a, "二、", 6)))
            kind = P_HEADING;
        else if (a == start) /* 附件 and the attachment's name: lines without indent */
            kind = P_CENTER;
        first = false;
        paragraph(o, kind, text + a, e - a);
    }
    if (in_table)
        nr_printf(o, "</w:tbl>");
    nr_printf(o, "%s", doc_tail);
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

/* Add `data` as `name`; the archive copies it when it is closed, so `data` must live until
 * then. */
static bool add_part(zip_t *z, const char *name, const void *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, data, len, 0);
    if (!s)
        return false;
    if (zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(s);
        return false;
    }
    return true;
}

/* The archive written into memory: [Content_Types].xml, _rels/.rels, word/document.xml. */
static ga_status_t zip_parts(const char *doc, size_t doclen, char **out, size_t *len,
                             ga_error_t **err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    if (!z) {
        ga_status_t st = ga_error_set(err, GA_ERR_DEPENDENCY, "libzip: %s", zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return st;
    }
    zip_source_keep(src); /* read the bytes back after zip_close */
    bool ok = add_part(z, "[Content_Types].xml", content_types, sizeof content_types - 1) &&
              add_part(z, "_rels/.rels", rels, sizeof rels - 1) &&
              add_part(z, "word/document.xml", doc, doclen);
    if (!ok || zip_close(z) < 0) {
        ga_status_t st = ga_error_set(err, GA_ERR_DEPENDENCY, "libzip: %s",
                                      zip_error_strerror(zip_get_error(z)));
        zip_discard(z);
        zip_source_free(src);
        zip_error_fini(&ze);
        return st;
    }
    zip_stat_t sb;
    char *bytes = NULL;
    ga_status_t st = GA_OK;
    if (zip_source_stat(src, &sb) < 0 || !(sb.valid & ZIP_STAT_SIZE) || zip_source_open(src) < 0)
        st = ga_error_set(err, GA_ERR_DEPENDENCY, "libzip: cannot read the archive back");
    else {
        if (!(bytes = malloc(sb.size ? sb.size : 1)))
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        else if (zip_source_read(src, bytes, sb.size) != (zip_int64_t)sb.size)
            st = ga_error_set(err, GA_ERR_DEPENDENCY, "libzip: cannot read the archive back");
        zip_source_close(src);
    }
    zip_source_free(src);
    zip_error_fini(&ze);
    if (st) {
        free(bytes);
        return st;
    }
    *out = bytes;
    if (len)
        *len = (size_t)sb.size;
    return GA_OK;
}

ga_status_t ga_notice_docx(const ga_notice_t *n, unsigned flags, char **out, size_t *len,
                           ga_error_t **err)
{
    if (!n || !out || !len)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_notice_docx: NULL argument");
    if (flags)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_notice_docx: unknown flags %#x",
                            flags);
    char *text = NULL;
    size_t tlen = 0;
    ga_status_t st = ga_notice_text(n, 0, &text, &tlen, err);
    if (st)
        return st;
    nr_out_t doc = {.ok = true};
    document(&doc, text, tlen);
    free(text);
    if (!doc.ok) {
        ga_buf_free(&doc.b);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    st = zip_parts(doc.b.data, doc.b.len, out, len, err);
    ga_buf_free(&doc.b);
    return st;
}
