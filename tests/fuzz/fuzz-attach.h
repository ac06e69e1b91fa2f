/* The body of the attachment fuzz targets (fuzz-attach-zip, fuzz-attach-pdf): arbitrary
 * bytes through sniffing and extraction never crash, stay within the limits, and give
 * valid UTF-8 whose pieces lie inside the text in order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ga_attach_limits_t lim = {.size = sizeof lim, .max_unpacked = 8 << 20, .max_text = 1 << 20,
                              .max_parts = 200};
    (void)ga_attach_sniff(data, size);
    ga_attach_t *doc = NULL;
    ga_error_t *err = NULL;
    if (ga_attach_extract(data, size, &lim, &doc, &err) != GA_OK) {
        if (!err || !ga_error_message(err))
            abort();
        ga_error_free(err);
        return 0;
    }
    size_t tl;
    const char *t = ga_attach_text(doc, &tl);
    if (tl > lim.max_text || strlen(t) != tl || ga_utf8_validate(t, tl, NULL) != GA_OK)
        abort();
    size_t prev = 0;
    for (size_t i = 0; i < ga_attach_piece_count(doc); i++) {
        ga_attach_piece_t p = {.size = sizeof p};
        if (ga_attach_piece(doc, i, &p) != GA_OK || p.start < prev || p.end > tl ||
            p.start >= p.end || ga_attach_locate(doc, p.start) != i || !p.location)
            abort();
        prev = p.end;
    }
    ga_attach_free(doc);
    return 0;
}
