/* The word tokenizer behind the shingles. */
#include "dedup-internal.h"

ga_status_t dd_tokenizer_setup(ga_dedup_index_t *idx, const ga_dedup_options_t *opts,
                               ga_error_t **err)
{
    (void)opts;
    idx->params.tokenize = dd_tokenize_chars;
    idx->params.tok_ctx = NULL;
    idx->tokenizer_id = 1;
    return GA_OK;
}

void dd_tokenizer_free(ga_dedup_index_t *idx)
{
    (void)idx;
}
