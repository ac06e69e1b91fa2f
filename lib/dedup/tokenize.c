/* The word tokenizer behind the shingles: the seg module's segmenter. */
#include <govaudit/seg.h>

#include "dedup-internal.h"

typedef struct seg_user {
    dd_word_cb cb;
    void *user;
} seg_user_t;

/* Words and alphanumeric tokens make shingles; punctuation, space and the extra sub-words
 * of search mode do not (so search and default mode shingle alike). */
static int on_token(const ga_token_t *tok, void *user)
{
    seg_user_t *u = user;
    if (tok->kind & GA_TOKEN_SUBWORD)
        return 0;
    uint32_t k = GA_TOKEN_KIND(tok->kind);
    if (k != GA_TOKEN_WORD && k != GA_TOKEN_ALNUM)
        return 0;
    return u->cb(tok->start, tok->end, u->user);
}

static ga_status_t seg_tokenize(const void *ctx, const char *text, size_t len, dd_word_cb cb,
                                void *user, ga_error_t **err)
{
    seg_user_t u = {cb, user};
    return ga_segment(ctx, text, len, on_token, &u, err);
}

ga_status_t dd_tokenizer_setup(ga_dedup_index_t *idx, const ga_dedup_options_t *opts,
                               ga_error_t **err)
{
    const ga_segmenter_t *seg = opts->segmenter;
    if (!seg) {
        /* The default dictionary; ICU word breaks when none is installed. */
        ga_dict_t *dict = NULL;
        ga_segmenter_t *own = NULL;
        ga_status_t st;
        if (ga_dict_load_default(&dict, NULL) == GA_OK) {
            st = ga_segmenter_new(dict, GA_SEG_DEFAULT, &own, err);
        } else {
            st = ga_segmenter_new(NULL, GA_SEG_ICU, &own, err);
        }
        if (st) {
            ga_dict_free(dict);
            return st;
        }
        idx->own_dict = dict;
        idx->own_seg = own;
        seg = own;
    }
    idx->params.tokenize = seg_tokenize;
    idx->params.tok_ctx = seg;
    /* Shingles of dictionary and ICU segmentation differ: files record which made them. */
    idx->tokenizer_id = ga_segmenter_mode(seg) == GA_SEG_ICU ? DD_TOK_ICU : DD_TOK_DICT;
    return GA_OK;
}

void dd_tokenizer_free(ga_dedup_index_t *idx)
{
    ga_segmenter_free(idx->own_seg);
    ga_dict_free(idx->own_dict);
    idx->own_seg = idx->own_dict = NULL;
}
