/* The site auditor's state and the helpers its source files share (the site module's own
 * files only; the report module reads site-internal.h). Each file is one part of the
 * audit: auditor.c takes pages in and finishes, store.c keeps URLs, columns.c, blank.c,
 * links.c, findings.c, duplicates.c, metadata.c, identity.c, interaction.c, services.c
 * and dates.c build their part of the observations, result.c frees and reads the
 * result. */
#ifndef GA_SITE_AUDIT_PRIVATE_H
#define GA_SITE_AUDIT_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/dedup.h>
#include <govaudit/page.h>
#include <govaudit/spell.h>

#include "site/site-internal.h"
#include "site/site-url.h"

enum {
    F_FED = 1u << 0,       /* a response for this URL was fed */
    F_ARTICLE = 1u << 1,   /* an article page of the site */
    F_HOME_LINK = 1u << 2, /* linked from the home page */
    F_SITE_PAGE = 1u << 3, /* an HTML page of the site that was parsed */
    F_ATTACHMENT = 1u << 4
};

/* One URL: fed, linked, listed, or all three. */
typedef struct uent {
    uint64_t h;
    const char *url;   /* arena */
    const char *text;  /* anchor text where first linked from the home page or to another
                          host (arena), or NULL */
    int32_t status;    /* -1: not fed */
    uint32_t redirect; /* entry index + 1 of the Location target, 0 none */
    uint32_t col;      /* column index + 1 of an article */
    uint32_t list_col; /* column index + 1 of the first list that shows it */
    uint32_t refs[GA_SITE_REFS]; /* entry index + 1 of pages linking it */
    uint32_t nrefs;
    uint16_t flags;
    int64_t date;      /* article publish date */
    int64_t list_date; /* date the list shows */
} uent_t;

typedef struct col {
    char *key, *name, *type, *url;
    int level; /* 0 unknown */
    size_t lists;
    bool content; /* a single page with content stands for the column */
    GA_SITE_VEC(int64_t) items;
} col_t;

/* A page that names a column but shows no list and no article: the column's empty list
 * page, or a page of content standing for the column. Which one is decided at the end,
 * when the home page's lines tell the site's boilerplate from the page's own text. */
#define CAND_LINES 24
typedef struct cand {
    char *name, *ctype, *url;
    int depth;
    bool tagged; /* carries ColumnName */
    bool children; /* links to pages in folders below its own: a parent column's page */
    uint32_t n;
    uint64_t h[CAND_LINES];
    uint32_t chars[CAND_LINES];
    size_t rest; /* characters past the lines kept */
} cand_t;

/* Open-addressing map from 64-bit hashes to indexes (+1; 0 = empty slot). */
typedef struct hmap {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, n;
} hmap_t;

/* Identity items seen page by page (identity.c). */
enum { ID_WRONG_SITE_CODE, ID_WRONG_ZHAOCUO, ID_WRONG_ICP, ID_UNLINKED_ICP, ID_WRONG_POLICE,
       ID_UNLINKED_POLICE, ID_WRONG_KINDS };
typedef struct site_identity {
    size_t pages;                                /* the site's HTML pages checked */
    size_t lacking[GA_PAGE_IDENTITY_ITEMS];      /* pages without the item */
    char *lacking_url[GA_PAGE_IDENTITY_ITEMS];   /* the first of them */
    bool home_seen, home_has[GA_PAGE_IDENTITY_ITEMS];
    size_t wrong[ID_WRONG_KINDS];                /* pages showing it wrong */
    char *wrong_url[ID_WRONG_KINDS];             /* the first of them */
    char *wrong_value[ID_WRONG_KINDS];           /* what that page shows */
    char *wrong_want[ID_WRONG_KINDS];            /* what it should show, or NULL */
} site_identity_t;

/* A message (interaction.c): list rows and detail pages of one message merged by URL. */
typedef struct site_msg {
    char *title, *url;
    int64_t submitted, replied;
    int answered; /* 1 the status says answered, 0 open, -1 the page shows no status */
} site_msg_t;

/* A service guide and the elements it shows (services.c). */
typedef struct site_guide {
    char *name, *url;
    const char *elements[16]; /* static canonical names (page module) */
    size_t n;
} site_guide_t;

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
} arena_block_t;

struct ga_site_auditor {
    const ga_profile_t *profile;
    const ga_matcher_t *matcher;
    ga_match_scratch_t *scratch;
    const ga_spell_model_t *spell;
    ga_spell_scratch_t *spell_scratch;
    int64_t T;
    unsigned flags;
    size_t max_findings, max_page_bytes;
    char *site_url, *site_name_opt;
    bool finished;
    char *host; /* the site's host[:port], NULL until known */
    char *scheme_host; /* "http://host" */
    arena_block_t *arena;
    GA_SITE_VEC(uent_t) u;
    hmap_t umap;
    GA_SITE_VEC(col_t) cols;
    hmap_t colmap, dirmap;
    hmap_t articles; /* hash of column, title, date and text of each article fingerprinted */
    uint32_t home; /* entry index + 1 */
    uint32_t home_pending; /* where a forwarding root page sends visitors: the home page */
    hmap_t homelines; /* hashes of the home page's text lines: the site's boilerplate */
    GA_SITE_VEC(cand_t) cands;
    char *site_name, *home_title, *owner, *site_id;
    bool consult_seen, service_seen;
    ga_dedup_index_t *dedup;
    GA_SITE_VEC(uint32_t) docs; /* dedup document number -> entry index */
    ga_observations_t *obs;
    ga_site_result_t *res;
    ga_buf_t b1, b2;
    site_identity_t id;
    GA_SITE_VEC(site_msg_t) msgs;
    hmap_t msgmap; /* hash of a message's URL (or title and time) -> index + 1 */
    bool message_form; /* a page offers a form to write a message in */
    GA_SITE_VEC(site_guide_t) guides;
    size_t date_changes;
    ga_progress_state_t progress; /* `pages` while fed, then the stages of finishing */
    uint64_t bytes_fed;           /* body bytes fed, for the progress report */
};

#define warn ga_site_warn

static inline ga_status_t nomem(ga_error_t **err)
{
    return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

static inline char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Replace *dst with a copy of `s` unless `s` is NULL or empty; false when out of memory. */
static inline bool set_str(char **dst, const char *s)
{
    if (!s || !*s)
        return true;
    char *d = strdup(s);
    if (!d)
        return false;
    free(*dst);
    *dst = d;
    return true;
}

static inline int64_t parse_time(const char *s)
{
    int64_t t;
    if (!s || ga_time_parse(s, strlen(s), &t, NULL) != GA_OK)
        return GA_TIME_NONE;
    return t;
}

/* ---- store.c ---- */
/* A copy of `n` bytes of `s` in the auditor's arena (freed with the auditor); NULL when out
 * of memory. */
const char *ga_site_arena_dup(ga_site_auditor_t *a, const char *s, size_t n);
/* The value slot for `h` in `m`: its value, or an empty slot to fill (then count it in
 * m->n). NULL when out of memory. */
uint32_t *ga_site_hmap_slot(hmap_t *m, uint64_t h);
/* The value for `h`, 0 when absent. */
uint32_t ga_site_hmap_get(const hmap_t *m, uint64_t h);
void ga_site_hmap_free(hmap_t *m);
/* The entry of a normalised URL, created when new; index + 1, 0 when out of memory. */
uint32_t ga_site_url_entry(ga_site_auditor_t *a, const char *url, size_t n);
/* Whether a normalised URL is on another host than the site's. */
bool ga_site_is_external(const ga_site_auditor_t *a, const char *url);
/* Whether a normalised URL is the root of its host: "/", "/index.html", ... */
bool ga_site_is_root(const char *url);

/* ---- columns.c ---- */
/* The column a page names by its tags or breadcrumb (NULL when neither says), with its
 * depth in the breadcrumb (0 when unknown). */
const char *ga_site_page_column(const ga_page_t *pg, bool article, int *depth);
/* The column of `key`, created when new; index + 1, 0 when out of memory. */
uint32_t ga_site_column_get(ga_site_auditor_t *a, const char *key, const char *name,
                            const char *ctype, int depth);
/* The folder "http://host/a/b/" of a URL into a->b2 (its length in *len); false when out
 * of memory. */
bool ga_site_url_dir(ga_site_auditor_t *a, const char *url, size_t *len);
/* Folders below the host root in a URL's path. */
int ga_site_dir_depth(const char *url);
/* Whether the last segment of a URL's path names a list page. */
bool ga_site_list_like_url(const char *url);
/* Whether a link target may be an item of a list page at `self`. */
bool ga_site_item_target(const ga_site_auditor_t *a, const char *url, const char *self);
/* Body links of a page that may be list items, added to *n. */
ga_status_t ga_site_count_body_items(ga_site_auditor_t *a, const ga_page_t *pg, uint32_t self,
                                     size_t *n, ga_error_t **err);
/* Each column's items, dates and freshness, into the result and the observations. */
ga_status_t ga_site_build_columns(ga_site_auditor_t *a, ga_error_t **err);
/* The home page's items with their dates, into the observations. */
ga_status_t ga_site_build_home(ga_site_auditor_t *a, ga_error_t **err);

/* ---- blank.c ---- */
/* Remember the home page's text lines: the site's boilerplate. */
ga_status_t ga_site_home_lines(ga_site_auditor_t *a, const char *text, size_t len,
                               ga_error_t **err);
/* Whether a page links to a page of the site in a folder below its own (a sub-column). */
bool ga_site_links_below(ga_site_auditor_t *a, const ga_page_t *pg, const char *url);
/* Keep a page naming column `name` without list or article as a blank-column candidate. */
ga_status_t ga_site_add_cand(ga_site_auditor_t *a, const ga_page_t *pg, const char *url,
                             const char *name, const char *ctype, int depth, const char *text,
                             size_t len, ga_error_t **err);
/* Decide each candidate: an empty list page or a page of content standing for a column. */
ga_status_t ga_site_settle_cands(ga_site_auditor_t *a, ga_error_t **err);

/* ---- links.c ---- */
/* The status of entry `i` (index + 1) after following its redirects. */
int ga_site_final_status(const ga_site_auditor_t *a, uint32_t i);
/* Broken links and the external inventory, into the result and the observations. */
ga_status_t ga_site_build_links(ga_site_auditor_t *a, ga_error_t **err);

/* ---- findings.c ---- */
/* ga_site_scan_text (site-internal.h): the matcher and the spelling model over a title or
 * body text. */

/* ---- metadata.c ---- */
/* Record a page of `kind` that lacks a required 政府网站元数据 tag. */
ga_status_t ga_site_note_meta(ga_site_auditor_t *a, const ga_page_t *pg, ga_page_kind_t kind,
                              const char *url, ga_error_t **err);

/* ---- duplicates.c ---- */
/* 一稿多发 clusters of the articles, into the result and the observations. */
ga_status_t ga_site_build_dups(ga_site_auditor_t *a, ga_error_t **err);

/* ---- identity.c ---- */
/* Check the identity items of a page of the site (`home`: the home page). */
ga_status_t ga_site_note_identity(ga_site_auditor_t *a, const ga_page_t *pg, const char *url,
                                  bool home, ga_error_t **err);
/* Each identity item missing or wrong, with its pages, into the observations. */
ga_status_t ga_site_build_identity(ga_site_auditor_t *a, ga_error_t **err);
void ga_site_identity_free(site_identity_t *id);

/* ---- interaction.c ---- */
/* Keep the messages a page shows; note a form to write one. */
ga_status_t ga_site_note_messages(ga_site_auditor_t *a, const ga_page_t *pg, ga_error_t **err);
/* The messages into the observations; whether the site has a consultation channel. */
ga_status_t ga_site_build_messages(ga_site_auditor_t *a, ga_error_t **err);
/* Whether messages were shown and a form offered: a working consultation channel. */
bool ga_site_has_message_channel(const ga_site_auditor_t *a);
void ga_site_messages_free(ga_site_auditor_t *a);

/* ---- services.c ---- */
/* Keep the service guide a page shows. */
ga_status_t ga_site_note_guide(ga_site_auditor_t *a, const ga_page_t *pg, const char *url,
                               ga_error_t **err);
/* The guides into the observations. */
ga_status_t ga_site_build_guides(ga_site_auditor_t *a, ga_error_t **err);
void ga_site_guides_free(ga_site_auditor_t *a);

/* ---- dates.c ---- */
/* An article shown with a date later than its URL's: evidence of a changed publish date. */
ga_status_t ga_site_note_dates(ga_site_auditor_t *a, const ga_page_t *pg, const char *url,
                               ga_error_t **err);

/* ---- result.c ---- */
void ga_site_result_free_parts(ga_site_result_t *r);

#endif
