/* ICU word BreakIterator mode of the segmenter. */
#ifndef GA_SEG_ICU_H
#define GA_SEG_ICU_H

#include "seg-internal.h"

typedef struct ga_seg_icu ga_seg_icu_t;

ga_status_t ga_seg_icu_new(ga_seg_icu_t **out, ga_error_t **err);
void ga_seg_icu_free(ga_seg_icu_t *icu);
/* `text` is valid UTF-8. */
ga_status_t ga_seg_icu_segment(const ga_seg_icu_t *icu, const char *text, size_t len,
                               ga_token_cb cb, void *user, ga_error_t **err);

#endif
