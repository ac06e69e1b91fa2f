/* Word boundaries for rules with the `word` flag, from the seg module's segmenter (the
 * default dictionary; ICU's word break iterator when no dictionary is installed). The
 * boundary bitmap is computed once per scan, on the first candidate hit that needs it. */
#include <stdlib.h>
#include <string.h>

#include "match-internal.h"

ga_status_t match_bounds_init(ga_matcher_t *m, ga_error_t **err)
{
    ga_error_t *dict_err = NULL;
    ga_status_t st = ga_dict_load_default(&m->dict, &dict_err);
    ga_error_free(dict_err);
    if (st == GA_OK)
        return ga_segmenter_new(m->dict, GA_SEG_DEFAULT, &m->seg, err);
    m->dict = NULL;
    return ga_segmenter_new(NULL, GA_SEG_ICU, &m->seg, err);
}

void match_bounds_free(ga_match_scratch_t *s)
{
    free(s->bounds);
    s->bounds = NULL;
    s->bounds_cap = 0;
}

static int mark(const ga_token_t *tok, void *user)
{
    uint64_t *b = user;
    b[tok->start >> 6] |= (uint64_t)1 << (tok->start & 63);
    b[tok->end >> 6] |= (uint64_t)1 << (tok->end & 63);
    return 0;
}

ga_status_t match_bounds(ga_match_scratch_t *s, const char *text, size_t len, ga_error_t **err)
{
    size_t words = len / 64 + 1;
    if (words > s->bounds_cap) {
        uint64_t *b = realloc(s->bounds, words * sizeof *b);
        if (!b)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        s->bounds = b;
        s->bounds_cap = words;
    }
    memset(s->bounds, 0, words * sizeof *s->bounds);
    s->bounds[0] |= 1; /* the text's ends are boundaries even for empty token lists */
    s->bounds[len >> 6] |= (uint64_t)1 << (len & 63);
    ga_status_t st = ga_segment(s->m->seg, text, len, mark, s->bounds, err);
    if (st)
        return st;
    s->bounds_ready = true;
    return GA_OK;
}
