/* Internal structures of the attach module: the document being built, the zip reader with
 * its budget, the XML reader, and the per-format part parsers (also driven by the fuzz
 * targets). */
#ifndef GA_ATTACH_INTERNAL_H
#define GA_ATTACH_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/xmlreader.h>

#include <govaudit/attach.h>

#include "core/core-internal.h"

typedef struct att_piece {
    uint8_t place;
    uint32_t index, row, column;
    size_t start, end;
    size_t sheet;    /* pool offset + 1 of the sheet name, 0 none */
    size_t location; /* pool offset of the location string */
} att_piece_t;

struct ga_attach {
    ga_attach_format_t format;
    ga_attach_limits_t lim;
    ga_buf_t text;
    att_piece_t *pieces;
    size_t npieces, cap;
    ga_buf_t pool; /* NUL-terminated sheet names and location strings */
};

/* A new empty document with the limits resolved (defaults for 0 fields). */
ga_status_t att_doc_new(ga_attach_format_t format, const ga_attach_limits_t *limits,
                        ga_attach_t **out, ga_error_t **err);
/* Add a NUL-terminated string to the pool; offset + 1, 0 when out of memory. */
size_t att_pool_add(ga_attach_t *doc, const char *s, size_t n);
/* Append a piece: its text (valid UTF-8) and where it is. Empty text adds nothing.
 * GA_ERR_LIMIT past max_text. `sheet` is a pool offset + 1 or 0. */
ga_status_t att_add_piece(ga_attach_t *doc, ga_attach_place_t place, uint32_t index,
                          size_t sheet, uint32_t row, uint32_t column, const char *text,
                          size_t len, ga_error_t **err);

/* ---- zip members, read within the document's budget ---- */
typedef struct att_zip att_zip_t;
ga_status_t att_zip_open(const void *data, size_t len, att_zip_t **out, ga_error_t **err);
void att_zip_close(att_zip_t *z);
bool att_zip_has(att_zip_t *z, const char *name);
/* Read member `name` (NUL-terminated copy, free() it). GA_ERR_FORMAT when absent;
 * GA_ERR_LIMIT when it or the total read would pass the budget. */
ga_status_t att_zip_read(att_zip_t *z, ga_attach_t *doc, const char *name, char **data,
                         size_t *len, ga_error_t **err);
/* Read member `path` and hand its XML to `fn` (with `arg`, the part's number and name). */
typedef ga_status_t (*att_part_fn)(ga_attach_t *doc, void *arg, uint32_t no, const char *name,
                                   const char *xml, size_t len, ga_error_t **err);
ga_status_t att_zip_parse(att_zip_t *z, ga_attach_t *doc, const char *path, att_part_fn fn,
                          void *arg, uint32_t no, const char *name, ga_error_t **err);
/* `base` joined with a relative `target` ("../x" and "./" resolved; a leading "/" is from
 * the root) into out (NUL-terminated): 1, 0 when it climbs above the root or names
 * nothing, -1 when out of memory. */
int att_zip_path(const char *base_dir, const char *target, ga_buf_t *out);

/* ---- XML: a pull reader over one part ---- */
typedef struct att_xml {
    xmlTextReaderPtr r;
    const char *part; /* name for errors */
    char msg[256];    /* the first parser error */
    int line;
} att_xml_t;
ga_status_t att_xml_open(att_xml_t *x, const char *part, const char *xml, size_t len,
                         ga_error_t **err);
/* Next node: 1, 0 at the end, or an error status negated (and *err set). */
int att_xml_next(att_xml_t *x, ga_error_t **err);
void att_xml_close(att_xml_t *x);
/* Read member `part` and hand each of its nodes to `fn` (with `arg`) until it returns
 * nonzero (that status is returned) or the part ends; a parse error is returned as such. */
typedef ga_status_t (*att_node_fn)(att_xml_t *x, void *arg, ga_error_t **err);
ga_status_t att_zip_walk(att_zip_t *z, ga_attach_t *doc, const char *part, att_node_fn fn,
                         void *arg, ga_error_t **err);
/* End of a part read into one piece: the reader's last result `rc` turned into a status,
 * the piece added when all went well, `text` released and the reader closed. */
ga_status_t att_xml_finish(att_xml_t *x, int rc, ga_status_t st, ga_attach_t *doc,
                           ga_attach_place_t place, uint32_t index, ga_buf_t *text,
                           ga_error_t **err);
/* Node helpers: local name equals `name`; value of the attribute with that local name
 * (any namespace, or with `ns_suffix` the namespace URI must end with it), xmlFree it. */
bool att_xml_is(att_xml_t *x, const char *name);
char *att_xml_attr(att_xml_t *x, const char *local, const char *ns_suffix);

/* ---- formats ---- */
ga_status_t att_docx(att_zip_t *z, ga_attach_t *doc, ga_error_t **err);
ga_status_t att_xlsx(att_zip_t *z, ga_attach_t *doc, ga_error_t **err);
ga_status_t att_pptx(att_zip_t *z, ga_attach_t *doc, ga_error_t **err);
ga_status_t att_ofd(att_zip_t *z, ga_attach_t *doc, ga_error_t **err);
ga_status_t att_pdf(const void *data, size_t len, ga_attach_t *doc, ga_error_t **err);
bool att_pdf_available(void);

/* Part parsers (one XML part each), called by the format readers and the fuzz targets. */
ga_status_t att_docx_body(ga_attach_t *doc, const char *xml, size_t len, ga_error_t **err);
/* Shared strings: NUL-separated strings appended to `strings`, their offsets to `offs`. */
typedef struct att_sst {
    ga_buf_t strings;
    size_t *offs;
    size_t n, cap;
} att_sst_t;
ga_status_t att_xlsx_sst(ga_attach_t *doc, att_sst_t *sst, const char *xml, size_t len,
                         ga_error_t **err);
void att_sst_free(att_sst_t *sst);
ga_status_t att_xlsx_sheet(ga_attach_t *doc, const att_sst_t *sst, uint32_t sheetno,
                           const char *name, const char *xml, size_t len, ga_error_t **err);
ga_status_t att_pptx_slide(ga_attach_t *doc, uint32_t slideno, const char *xml, size_t len,
                           ga_error_t **err);
ga_status_t att_ofd_page(ga_attach_t *doc, uint32_t pageno, const char *xml, size_t len,
                         ga_error_t **err);

#endif
