/* 伪造发稿日期: an article shown with a date later than the date its URL was made from
 * (CMSs name an article's file when it is created: t20230105_123.html). The gap goes to
 * the observations with both dates; the profile decides how long a gap counts and
 * whether it vetoes or needs a person to look. */
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"

/* Pairs kept: enough to show a pattern, bounded for a site of millions of articles. */
#define MAX_DATE_CHANGES 10000

ga_status_t ga_site_note_dates(ga_site_auditor_t *a, const ga_page_t *pg, const char *url,
                               ga_error_t **err)
{
    int64_t made = parse_time(ga_page_pubdate_from(pg, GA_PAGE_DATE_URL));
    int64_t shown = parse_time(ga_page_pubdate_from(pg, GA_PAGE_DATE_SHOWN));
    /* A day or two between creating a draft and publishing it is the usual course. */
    if (made == GA_TIME_NONE || shown == GA_TIME_NONE || shown - made < 7 * 86400 ||
        a->date_changes >= MAX_DATE_CHANGES)
        return GA_OK;
    a->date_changes++;
    return ga_obs_add_date_change(a->obs, url, ga_page_title(pg), made, shown, err);
}
