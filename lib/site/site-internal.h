/* Internal structures of the site module: the audit result the report module renders. */
#ifndef GA_SITE_INTERNAL_H
#define GA_SITE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <govaudit/site.h>

#include "core/core-internal.h"

/* Months of history in a column's update chart (ending at the audit month). */
#define GA_SITE_CHART_MONTHS 24
/* Pages kept per link target as "where it is linked from". */
#define GA_SITE_REFS 3

typedef struct ga_site_column {
    char *key;       /* breadcrumb path "政务公开/通知公告", or the name, or "/dir/" */
    char *name;      /* the column's own name */
    char *type;      /* ga_site_column_type() */
    char *url;       /* first list page, or NULL */
    int level;       /* 1 for a top-level column */
    bool blank;      /* list pages without items and no article */
    bool stale;      /* no item inside a stale_columns window of the profile */
    char window[16]; /* that window ("14d", "6m"), "" when no indicator watches the column */
    size_t lists;    /* list pages */
    size_t items;    /* distinct items (list entries and articles) */
    size_t dated;    /* items with a date */
    int64_t last;    /* newest item date at or before T, GA_TIME_NONE when none */
    uint32_t months[GA_SITE_CHART_MONTHS]; /* items per month, [0] = oldest month */
    uint32_t older;  /* dated items before the chart */
} ga_site_column_t;

typedef struct ga_site_finding {
    char *url, *title;
    char *rule, *category, *severity, *suggestion;
    char *text;          /* the matched text */
    char *before, *after; /* up to 40 characters of context on each side */
    bool in_title;       /* found in the title, else in the body text */
    size_t start, end;   /* byte offsets in the title or body text as page.h returns it
                            (in an attachment: in its extracted text) */
    char *location;      /* in an attachment: where ("第3页", "名单!C2"), else NULL */
    char *page;          /* in an attachment: a page linking it, or NULL when none was seen */
} ga_site_finding_t;

/* An attachment of the site: checked, or why not. */
typedef struct ga_site_attachment {
    char *url;
    char *page;          /* a page of the site linking it, NULL when none was seen */
    char *text;          /* the link's text there, or NULL */
    const char *format;  /* ga_attach_format_name(), "" before it was fed */
    int status;          /* HTTP status; -1 never fetched */
    char *error;         /* why it was not checked; NULL when it was (or was redirected) */
    size_t findings;     /* findings in its text */
    bool linked_late;    /* checked before a page linked it: findings await page and title */
} ga_site_attachment_t;

typedef struct ga_site_attach_index ga_site_attach_index_t;

typedef struct ga_site_dup_post {
    char *url, *title, *column, *date;
} ga_site_dup_post_t;

typedef struct ga_site_dup {
    char *kind;
    double similarity;
    ga_site_dup_post_t *posts;
    size_t n;
} ga_site_dup_t;

typedef struct ga_site_link {
    char *url;
    int status;          /* final HTTP status after redirects; -1 not fetched, 0 failed */
    bool external;
    bool broken;
    size_t nrefs;        /* pages holding the link */
    char *refs[GA_SITE_REFS];
    char *text;          /* anchor text where first seen */
} ga_site_link_t;

typedef struct ga_site_meta_page {
    char *url, *kind;
    uint32_t missing;    /* ga_page_meta_missing() bits */
} ga_site_meta_page_t;

#define GA_SITE_VEC(T) struct { T *v; size_t n, cap; }

struct ga_site_result {
    char *site, *owner, *site_id, *home, *host;
    int64_t time;
    char *profile_id;
    ga_observations_t *obs;
    ga_score_result_t *score;
    size_t count[GA_SITE_WARNINGS + 1];
    GA_SITE_VEC(ga_site_column_t) columns;
    GA_SITE_VEC(ga_site_finding_t) findings; /* the first max_findings */
    GA_SITE_VEC(ga_site_dup_t) dups;
    GA_SITE_VEC(ga_site_link_t) links;       /* broken links, then external ones */
    GA_SITE_VEC(ga_site_meta_page_t) meta;   /* pages lacking tags (the first 1000) */
    size_t meta_pages;                       /* all pages lacking tags */
    GA_SITE_VEC(char *) warnings;
    GA_SITE_VEC(ga_site_attachment_t) attachments; /* the first GA_SITE_MAX_ATTACHMENTS */
    ga_site_attach_index_t *attach_index;
};

/* Grow a vector by one zeroed element; NULL when out of memory. */
void *ga_site_vec_push(void **v, size_t *n, size_t *cap, size_t size);
#define GA_SITE_PUSH(vec) \
    ga_site_vec_push((void **)&(vec).v, &(vec).n, &(vec).cap, sizeof *(vec).v)

/* A warning of the audit (counted; the first 200 kept); false when out of memory. */
bool ga_site_warn(ga_site_auditor_t *a, const char *fmt, ...) GA_PRINTF(2, 3);
/* Turn on ga_site_flag bits of an auditor. */
void ga_site_set_flags(ga_site_auditor_t *a, unsigned flags);

/* Attachments (attachments.c). Every attachment a crawl holds is extracted and its text
 * checked as an article body is (ga_site_scan_text); findings carry the attachment's URL,
 * the location in it and a page linking it; those that fail to download or to parse are
 * listed with the reason. */
#define GA_SITE_MAX_ATTACHMENTS 100000
/* The URL names an attachment (.pdf, .docx, .ofd, ...). */
bool ga_site_attachment_url(const char *url);
/* A response that is not an HTML page of the site: checked when it is an attachment (by
 * its URL or its content). */
ga_status_t ga_site_attachment_add(ga_site_auditor_t *a, ga_site_result_t *res, const char *url,
                                   int status, const char *body, size_t len, ga_error_t **err);
/* A link of a site page to `url` (normalised) with anchor text `text` (may be NULL). */
ga_status_t ga_site_attachment_link(ga_site_result_t *res, const char *url, const char *page,
                                    const char *text, ga_error_t **err);
/* End of the audit: linking pages into findings, attachments never fetched reported. */
ga_status_t ga_site_attachments_finish(ga_site_auditor_t *a, ga_site_result_t *res,
                                       ga_error_t **err);
/* Release what attachments.c added to a result (before the rest is released). */
void ga_site_attachments_free(ga_site_result_t *res);
/* The checks an article body goes through (findings.c), for attachment text too. */
ga_status_t ga_site_scan_text(ga_site_auditor_t *a, const char *url, const char *title,
                              const char *text, size_t len, bool in_title, ga_error_t **err);
/* The observations an auditor builds (NULL once it finished) and the site's URL (the
 * option, else the first HTML page fed; NULL until known): for the module's other files. */
ga_observations_t *ga_site_auditor_obs(ga_site_auditor_t *a);
const char *ga_site_auditor_url(const ga_site_auditor_t *a);

/* Days from 1970-01-01 to the civil date; month index for the chart. */
int64_t ga_site_month_index(int64_t t);

#endif
