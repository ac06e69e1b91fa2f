/* Column freshness against a profile's windows, for the site auditor. A header of its own
 * because score-internal.h's names clash with other modules' public ones (ga_page_t,
 * ga_finding_t). */
#ifndef GA_SCORE_STALE_H
#define GA_SCORE_STALE_H

#include <stddef.h>
#include <stdint.h>

#include <govaudit/score.h>

/* Whether a column of `type` at `level` with these item times is stale under some
 * stale_columns condition of `profile` at time `T` (no item inside the window of the
 * condition's first selector matching it). Writes that window ("14d", "6m") to `window`
 * (16 bytes) when stale, or the window of the first matching selector when fresh, or ""
 * when no selector matches. */
int ga_profile_column_stale(const ga_profile_t *profile, const char *type, int level,
                          const int64_t *items, size_t n, int64_t T, char *window);

#endif
