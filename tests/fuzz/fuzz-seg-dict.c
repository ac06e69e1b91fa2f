/* Dictionary parsers on arbitrary bytes: the binary loader (as given, and with the checksum
 * fixed up so the fuzzer reaches the structural checks behind it) and the text format.
 * Whatever loads must then segment and look up without crashing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "seg/seg-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] = "中华人民共和国政府网站检查，2023年7月31日，98.9%。中国人民的政府";

static int count(const ga_token_t *t, void *user)
{
    (void)t;
    (*(size_t *)user)++;
    return 0;
}

static void exercise(const ga_dict_t *d)
{
    static const char *const probes[] = {"中国", "政府网站", "的", "𠀀", "x"};
    for (size_t i = 0; i < 5; i++) {
        uint64_t f;
        const char *tag = NULL;
        if (ga_dict_lookup(d, probes[i], strlen(probes[i]), &f, &tag) && !tag)
            abort();
    }
    for (int mode = 0; mode < 2; mode++) {
        ga_segmenter_t *sg = NULL;
        if (ga_segmenter_new(d, (ga_seg_mode_t)mode, &sg, NULL) != GA_OK)
            abort();
        size_t n = 0;
        if (ga_segment(sg, sample, strlen(sample), count, &n, NULL) != GA_OK || n == 0)
            abort();
        ga_segmenter_free(sg);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ga_dict_t *d = NULL;
    if (ga_dict_load_memory(data, size, &d, NULL) == GA_OK) {
        exercise(d);
        ga_dict_free(d);
    }
    if (size >= sizeof(ga_dict_header_t)) {
        uint8_t *copy = malloc(size);
        memcpy(copy, data, size);
        ga_dict_header_t *h = (ga_dict_header_t *)copy;
        h->payload_size = size - sizeof *h;
        h->checksum = ga_hash64(copy + sizeof *h, size - sizeof *h, GA_DICT_SEED);
        if (ga_dict_load_memory(copy, size, &d, NULL) == GA_OK) {
            exercise(d);
            ga_dict_free(d);
        }
        free(copy);
    }
    /* The same bytes as a text word list, alone and as a user dictionary. */
    ga_dict_builder_t *b = NULL;
    if (ga_dict_builder_new(NULL, &b, NULL) != GA_OK)
        abort();
    if (ga_dict_builder_add_text(b, (const char *)data, size, "fuzz", NULL) == GA_OK &&
        ga_dict_builder_finish(b, &d, NULL) == GA_OK) {
        exercise(d);
        ga_dict_builder_t *ub = NULL;
        ga_dict_t *u = NULL;
        if (ga_dict_builder_new(d, &ub, NULL) == GA_OK &&
            ga_dict_builder_add_text(ub, (const char *)data, size, "fuzz", NULL) == GA_OK &&
            ga_dict_builder_finish(ub, &u, NULL) == GA_OK)
            exercise(u);
        ga_dict_free(u);
        ga_dict_builder_free(ub);
        ga_dict_free(d);
    }
    ga_dict_builder_free(b);
    return 0;
}
