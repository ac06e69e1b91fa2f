/* Word boundaries for rules with the `word` flag. The boundary engine sits behind
 * match_bounds() so it can change without touching the scanner: it is ICU's word
 * BreakIterator (dictionary-based for Chinese) working directly on the UTF-8 input. */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "match-internal.h"

void match_bounds_free(ga_match_scratch_t *s)
{
    if (s->brk)
        ubrk_close((UBreakIterator *)s->brk);
    s->brk = NULL;
    free(s->bounds);
    s->bounds = NULL;
    s->bounds_cap = 0;
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
    UErrorCode ue = U_ZERO_ERROR;
    if (!s->brk) {
        s->brk = ubrk_open(UBRK_WORD, "zh", NULL, 0, &ue);
        if (U_FAILURE(ue)) {
            s->brk = NULL;
            return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU word break iterator: %s",
                                u_errorName(ue));
        }
    }
    UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &ue);
    if (U_SUCCESS(ue))
        ubrk_setUText((UBreakIterator *)s->brk, ut, &ue);
    if (U_FAILURE(ue)) {
        utext_close(ut);
        return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU word break iterator: %s",
                            u_errorName(ue));
    }
    /* With UTF-8 UText the iterator's indexes are byte offsets into `text`. */
    for (int32_t b = ubrk_first((UBreakIterator *)s->brk); b != UBRK_DONE;
         b = ubrk_next((UBreakIterator *)s->brk))
        if ((size_t)b <= len)
            s->bounds[(size_t)b >> 6] |= (uint64_t)1 << (b & 63);
    /* Detach the iterator from the caller's text before returning. */
    ubrk_setText((UBreakIterator *)s->brk, NULL, 0, &ue);
    utext_close(ut);
    s->bounds_ready = true;
    return GA_OK;
}
