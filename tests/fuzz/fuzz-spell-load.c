/* Loading damaged spelling models: the input names bytes of a real model image (built in
 * memory once) to change, and whether to recompute the checksum so the fuzzer reaches the
 * structural checks behind it; a model that loads must check a fixed text safely. With
 * the first byte's bit 1 set, the rest of the input is also loaded as an image as it is.
 * Corrupt images fail with GA_ERR_FORMAT, never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "../unit/spell-small.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] = "😀总休方案和堂务委员会，总体规划工作。";

static void try_load(const uint8_t *img, size_t len)
{
    ga_spell_model_t *m = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_spell_model_load_buffer(img, len, &m, &err);
    ga_error_free(err);
    if (st != GA_OK) {
        if (st != GA_ERR_FORMAT && st != GA_ERR_NO_MEMORY)
            abort();
        return;
    }
    ga_spell_scratch_t *s = ga_spell_scratch_new();
    if (ga_spell_check(m, s, sample, sizeof sample - 1, NULL, NULL) == GA_OK)
        for (size_t i = 0; i < ga_spell_count(s); i++) {
            ga_finding_t f = {.size = sizeof f};
            if (ga_spell_get(s, i, &f) != GA_OK || f.end > sizeof sample - 1 ||
                f.start >= f.end || !f.suggestion || !f.rule)
                abort();
        }
    ga_spell_scratch_free(s);
    ga_spell_model_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t *base;
    static size_t base_len;
    if (!base && !(base = ga_test_spell_small(&base_len, "总休方案 3\n")))
        abort();
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    data++;
    size--;
    if (flags & 2)
        try_load(data, size);
    uint8_t *img = malloc(base_len);
    if (!img)
        return 0;
    memcpy(img, base, base_len);
    /* records of 5 bytes: a 32-bit offset into the image and a value to xor there */
    for (size_t k = 0; k + 5 <= size && k < 5 * 64; k += 5) {
        uint32_t at;
        memcpy(&at, data + k, 4);
        img[at % base_len] ^= data[k + 4];
    }
    size_t len = base_len;
    if (flags & 4)
        len = base_len - (size % base_len); /* truncated */
    if (flags & 1 && len >= sizeof(ga_spell_header_t)) {
        ga_spell_header_t *h = (ga_spell_header_t *)img;
        h->checksum = ga_hash64(img + sizeof *h, len - sizeof *h, GA_SPELL_SEED);
    }
    try_load(img, len);
    free(img);
    return 0;
}
