/**
 * @file attach.h
 * @brief Text out of the attachments government sites publish: PDF, DOCX, XLSX, PPTX and
 * OFD, recognised by their content (never by a file name), with the location of every
 * piece of text (page; sheet and cell; paragraph; slide).
 *
 * ga_attach_extract() turns the bytes of a file into one UTF-8 text and a list of pieces:
 * a PDF or OFD page, a DOCX paragraph, an XLSX cell, a PPTX slide. Pieces are separated by
 * a newline in the text and each knows its byte span, so a finding at a byte offset of the
 * text is placed with ga_attach_locate(). The text is what ga_match_scan() and the site
 * audit check, exactly as an article body.
 *
 * Zip-based formats (DOCX, XLSX, PPTX and the WPS/ET files saved as them, OFD) are read
 * with libzip and libxml2. PDF is read with poppler-glib when the library was built with
 * it (the `pdf` build option; see ga_attach_pdf_supported() and docs/attachments.md: poppler
 * is GPL, which binds programs that link a library built with it). The binary Office
 * formats of 1997-2003 (DOC, XLS, PPT, and old WPS/ET) are recognised and refused with
 * GA_ERR_UNSUPPORTED.
 *
 * Hostile files are bounded by ::ga_attach_limits_t: the input size, the bytes unpacked
 * from a zip (zip bombs), the parts read, the pages and the text produced. Exceeding one
 * is a GA_ERR_LIMIT error, never a crash. A ::ga_attach_t is immutable once made and may
 * be read from several threads.
 */
#ifndef GOVAUDIT_ATTACH_H
#define GOVAUDIT_ATTACH_H

#include <govaudit/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What a file is, as its content tells. Values are stable. */
typedef enum ga_attach_format {
    GA_ATTACH_UNKNOWN = 0, /**< none of the formats below */
    GA_ATTACH_PDF = 1,     /**< PDF (text layer) */
    GA_ATTACH_DOCX = 2,    /**< Word 2007+ document (also WPS saved as DOCX) */
    GA_ATTACH_XLSX = 3,    /**< Excel 2007+ workbook (also ET saved as XLSX) */
    GA_ATTACH_PPTX = 4,    /**< PowerPoint 2007+ presentation */
    GA_ATTACH_OFD = 5,     /**< OFD, the national fixed-layout format (GB/T 33190) */
    GA_ATTACH_OLE = 6,     /**< an OLE2 compound file: DOC, XLS, PPT, old WPS/ET (unsupported) */
    GA_ATTACH_ZIP = 7      /**< another zip archive, or a damaged one (unsupported) */
} ga_attach_format_t;

/** What a piece of extracted text is. Values are stable. */
typedef enum ga_attach_place {
    GA_ATTACH_PAGE = 0,      /**< a page of a PDF or OFD file */
    GA_ATTACH_PARAGRAPH = 1, /**< a paragraph of a DOCX body (table cells included) */
    GA_ATTACH_CELL = 2,      /**< a cell of an XLSX sheet */
    GA_ATTACH_SLIDE = 3      /**< a slide of a PPTX presentation */
} ga_attach_place_t;

/** Extracted text with the location of each piece; immutable. */
typedef struct ga_attach ga_attach_t;

/**
 * Limits for ga_attach_extract(). Set `size` to sizeof(ga_attach_limits_t); a field left 0
 * takes its default. Passing NULL takes every default.
 */
typedef struct ga_attach_limits {
    size_t size;           /**< sizeof(ga_attach_limits_t) */
    size_t max_input;      /**< bytes of the file (default 256 MiB) */
    uint64_t max_unpacked; /**< bytes unpacked from a zip in all (default 512 MiB) */
    size_t max_text;       /**< bytes of extracted text (default 64 MiB) */
    uint32_t max_parts;    /**< sheets, slides, pages or zip members read (default 10,000) */
} ga_attach_limits_t;

/** Where a piece of text comes from. Set `size` to sizeof(ga_attach_piece_t). */
typedef struct ga_attach_piece {
    size_t size;             /**< sizeof(ga_attach_piece_t), set by the caller */
    ga_attach_place_t place; /**< page, paragraph, cell or slide */
    size_t start;            /**< first byte of the piece in ga_attach_text() */
    size_t end;              /**< one past its last byte */
    uint32_t index;          /**< 1-based page, paragraph or slide number; sheet number for cells */
    uint32_t row;            /**< 1-based row of a cell, else 0 */
    uint32_t column;         /**< 1-based column of a cell (A = 1), else 0 */
    const char *sheet;       /**< sheet name of a cell, else NULL */
    const char *location;    /**< for people: "第3页", "第12段", "第2张幻灯片", "名单!B4" */
} ga_attach_piece_t;

/** The format `data` holds, from its content (magic bytes; the member names of a zip). */
GA_API ga_attach_format_t ga_attach_sniff(const void *data, size_t len);
/** Short name of a format: "pdf", "docx", "xlsx", "pptx", "ofd", "ole", "zip", "unknown". */
GA_API const char *ga_attach_format_name(ga_attach_format_t format);
/** 1 when this build reads PDF (built with poppler-glib), else 0. */
GA_API int ga_attach_pdf_supported(void);

/**
 * Extract the text of a file. Fails with GA_ERR_UNSUPPORTED for formats not read (OLE2
 * files, other zips, unknown content, PDF in a build without poppler), GA_ERR_FORMAT for a
 * damaged file (the message names the part and the position), GA_ERR_LIMIT when a limit
 * is exceeded. An encrypted PDF fails with GA_ERR_UNSUPPORTED.
 */
GA_API ga_status_t ga_attach_extract(const void *data, size_t len, const ga_attach_limits_t *limits,
                                     ga_attach_t **out, ga_error_t **err);
/** Release extracted text; NULL is allowed. */
GA_API void ga_attach_free(ga_attach_t *doc);
/** The format the text was extracted from. */
GA_API ga_attach_format_t ga_attach_format(const ga_attach_t *doc);
/** The whole text (UTF-8, NUL-terminated, `*len` bytes without the NUL); pieces are
 *  separated by a newline. */
GA_API const char *ga_attach_text(const ga_attach_t *doc, size_t *len);
/** Number of pieces (empty paragraphs and cells are not pieces). */
GA_API size_t ga_attach_piece_count(const ga_attach_t *doc);
/** Copy piece `i` into `*out`; its strings live as long as `doc`. GA_ERR_INVALID_ARGUMENT
 *  when `i` is out of range or `out->size` is too small. */
GA_API ga_status_t ga_attach_piece(const ga_attach_t *doc, size_t i, ga_attach_piece_t *out);
/** Index of the piece holding byte `offset` of the text (a separator belongs to the piece
 *  before it), or (size_t)-1 when the document has no piece there. */
GA_API size_t ga_attach_locate(const ga_attach_t *doc, size_t offset);

#ifdef __cplusplus
}
#endif

#endif
