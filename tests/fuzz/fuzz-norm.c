/* Normalisation of arbitrary bytes: never crashes; on success the offset map stays inside
 * the input and is monotonic. The first byte picks the flags. */
#include <stdint.h>
#include <stdlib.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ga_norm_options_t o = {sizeof o, data[0] & 0x3F, NULL, 0};
    ga_normalizer_t *n = NULL;
    if (ga_normalizer_new(&o, &n, NULL) != GA_OK)
        abort();
    ga_normalized_t *r = ga_normalized_new();
    ga_error_t *err = NULL;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    if (ga_normalize(n, text, len, r, &err) == GA_OK) {
        size_t out_len, prev = 0;
        const char *out = ga_normalized_text(r, &out_len);
        if (ga_utf8_validate(out, out_len, NULL) != GA_OK)
            abort();
        for (size_t i = 0; i < out_len; i++) {
            size_t s, e;
            if (ga_normalized_source_span(r, i, i + 1, &s, &e) != GA_OK || s > e || e > len ||
                s < prev)
                abort();
            prev = s;
        }
    } else if ((o.flags & GA_NORM_REPLACE_INVALID) || ga_error_offset(err) >= len) {
        abort(); /* only invalid UTF-8 may fail, and only without replacement */
    }
    ga_error_free(err);
    ga_normalized_free(r);
    ga_normalizer_free(n);
    return 0;
}
