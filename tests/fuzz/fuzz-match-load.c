/* Loading arbitrary bytes as a compiled matcher: corrupt images are rejected with
 * GA_ERR_FORMAT, never trusted; an image that loads scans a fixed text safely. The seeds
 * are real images, and the checksum is recomputed when the first byte asks for it so the
 * fuzzer reaches the structural checks behind it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "core/core-internal.h"
#include "match/match-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] = "按步就班抓好布署。国办发[2019]19号，敏 感 詞，习进平总书记";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool fix = data[0] & 1;
    data++;
    size--;
    uint8_t *img = malloc(size ? size : 1);
    if (!img)
        return 0;
    memcpy(img, data, size);
    if (fix && size >= 40) { /* header: magic, version, size, payload length, checksum */
        uint64_t sum = ga_hash64(img + 40, size - 40, MATCH_VERSION);
        memcpy(img + 24, &sum, 8);
    }
    ga_matcher_t *m = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_matcher_load_buffer(img, size, &m, &err);
    if (st == GA_OK) {
        ga_match_scratch_t *s = ga_match_scratch_new();
        if (ga_match_scan(m, s, sample, sizeof sample - 1, NULL) == GA_OK)
            for (size_t i = 0; i < ga_match_count(s); i++) {
                ga_finding_t f;
                memset(&f, 0, sizeof f);
                f.size = sizeof f;
                if (ga_match_get(s, i, &f) != GA_OK || f.end > sizeof sample - 1 ||
                    !f.rule || !f.category || !f.suggestion)
                    abort();
            }
        ga_match_scratch_free(s);
        ga_matcher_free(m);
    } else if (st != GA_ERR_FORMAT && st != GA_ERR_NO_MEMORY) {
        abort();
    }
    ga_error_free(err);
    free(img);
    return 0;
}
