/* Arbitrary XML into each part parser of the attach module: the first byte picks the part
 * (DOCX body, XLSX shared strings and a sheet, PPTX slide, OFD page), the rest is its XML.
 * Never crashes; pieces stay inside valid UTF-8 text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attach/attach-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ga_attach_limits_t lim = {.size = sizeof lim, .max_text = 1 << 20, .max_parts = 200};
    ga_attach_t *doc = NULL;
    if (att_doc_new(GA_ATTACH_UNKNOWN, &lim, &doc, NULL) != GA_OK)
        abort();
    const char *xml = (const char *)data + 1;
    size_t len = size - 1;
    ga_error_t *err = NULL;
    ga_status_t st = GA_OK;
    att_sst_t sst = {0};
    switch (data[0] % 5) {
    case 0:
        st = att_docx_body(doc, xml, len, &err);
        break;
    case 1: {
        /* shared strings, then the same bytes as a sheet that refers to them */
        st = att_xlsx_sst(doc, &sst, xml, len, &err);
        if (!st)
            st = att_xlsx_sheet(doc, &sst, 1, "名单", xml, len, &err);
        break;
    }
    case 2:
        st = att_xlsx_sheet(doc, &sst, 2, "Sheet2", xml, len, &err);
        break;
    case 3:
        st = att_pptx_slide(doc, 1, xml, len, &err);
        break;
    default:
        st = att_ofd_page(doc, 1, xml, len, &err);
        break;
    }
    if (st && (!err || !ga_error_message(err)))
        abort();
    ga_error_free(err);
    size_t tl;
    const char *t = ga_attach_text(doc, &tl);
    if (ga_utf8_validate(t, tl, NULL) != GA_OK)
        abort();
    for (size_t i = 0; i < ga_attach_piece_count(doc); i++) {
        ga_attach_piece_t p = {.size = sizeof p};
        if (ga_attach_piece(doc, i, &p) != GA_OK || p.end > tl || p.start >= p.end)
            abort();
    }
    att_sst_free(&sst);
    ga_attach_free(doc);
    return 0;
}
