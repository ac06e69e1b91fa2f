/* Column freshness against the windows of a profile's stale_columns conditions. */
#include <string.h>

#include "score-internal.h"
#include "score-stale.h"

int ga_profile_column_stale(const ga_profile_t *profile, const char *type, int level,
                          const int64_t *items, size_t n, int64_t T, char *window)
{
    window[0] = '\0';
    for (size_t i = 0; i < profile->nind; i++) {
        const sc_indicator_t *ind = &profile->ind[i];
        for (size_t c = 0; c < ind->ncond; c++) {
            const sc_cond_t *cd = &ind->cond[c];
            if (cd->metric != GA_M_STALE_COLUMNS)
                continue;
            /* As the scorer does: the first selector that matches the column decides. */
            const sc_colsel_t *sel = NULL;
            for (size_t k = 0; k < cd->nsel && !sel; k++) {
                const sc_colsel_t *s = &cd->sel[k];
                if ((!s->types.n || ga_strlist_has(&s->types, type)) &&
                    (s->level == 0 || s->level == level))
                    sel = s;
            }
            if (!sel || !sel->window.known)
                continue;
            int64_t start = ga_window_start(sel->window, T);
            bool fresh = false;
            for (size_t j = 0; j < n && !fresh; j++)
                fresh = items[j] != GA_TIME_NONE && items[j] >= start && items[j] <= T;
            char buf[16];
            if (!fresh) {
                strcpy(window, ga_window_str(sel->window, buf));
                return 1;
            }
            if (!window[0])
                strcpy(window, ga_window_str(sel->window, buf));
        }
    }
    return 0;
}
