/* ICU mode: ICU's word BreakIterator over a UTF-8 UText, so boundaries are byte offsets
 * into the caller's text with no conversion. */
#include <stdlib.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "seg-icu.h"

struct ga_seg_icu {
    UBreakIterator *tmpl; /* cloned per call: a BreakIterator holds iteration state */
};

ga_status_t ga_seg_icu_new(ga_seg_icu_t **out, ga_error_t **err)
{
    UErrorCode uerr = U_ZERO_ERROR;
    ga_seg_icu_t *icu = calloc(1, sizeof *icu);
    if (!icu)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    icu->tmpl = ubrk_open(UBRK_WORD, "zh", NULL, 0, &uerr);
    if (U_FAILURE(uerr)) {
        free(icu);
        return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU word break iterator: %s",
                            u_errorName(uerr));
    }
    *out = icu;
    return GA_OK;
}

void ga_seg_icu_free(ga_seg_icu_t *icu)
{
    if (!icu)
        return;
    ubrk_close(icu->tmpl);
    free(icu);
}

static uint32_t kind_of(const char *text, size_t len, size_t start, int32_t status)
{
    size_t p = start;
    int32_t cp = ga_utf8_decode((const unsigned char *)text, len, &p);
    if (status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT)
        return GA_TOKEN_WORD;
    if (status >= UBRK_WORD_KANA && status < UBRK_WORD_KANA_LIMIT)
        return GA_TOKEN_WORD;
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_LETTER_LIMIT)
        return ga_seg_is_han((uint32_t)cp) ? GA_TOKEN_WORD : GA_TOKEN_ALNUM;
    if (cp == ' ' || (cp >= 9 && cp <= 13) || cp == 0x3000 || cp == 0xA0 ||
        (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x85)
        return GA_TOKEN_SPACE;
    if (ga_seg_is_han((uint32_t)cp))
        return GA_TOKEN_WORD;
    if ((cp >= 0x21 && cp <= 0x7E) || (cp >= 0x2010 && cp <= 0x205E) ||
        (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF65) ||
        (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xA1 && cp <= 0xBF))
        return GA_TOKEN_PUNCT;
    return GA_TOKEN_OTHER;
}

ga_status_t ga_seg_icu_segment(const ga_seg_icu_t *icu, const char *text, size_t len,
                               ga_token_cb cb, void *user, ga_error_t **err)
{
    if (len == 0)
        return GA_OK;
    if (len > INT32_MAX)
        return ga_error_set(err, GA_ERR_LIMIT, "ICU mode segments at most 2 GiB at a time");
    UErrorCode uerr = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_clone(icu->tmpl, &uerr);
    UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &uerr);
    if (U_SUCCESS(uerr))
        ubrk_setUText(bi, ut, &uerr);
    if (U_FAILURE(uerr)) {
        utext_close(ut);
        ubrk_close(bi);
        return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU word break iterator: %s",
                            u_errorName(uerr));
    }
    int32_t prev = ubrk_first(bi);
    for (int32_t b = ubrk_next(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
        ga_token_t t = {(size_t)prev, (size_t)b,
                        kind_of(text, len, (size_t)prev, ubrk_getRuleStatus(bi)), 0};
        prev = b;
        if (cb(&t, user))
            break;
    }
    utext_close(ut);
    ubrk_close(bi);
    return GA_OK;
}
