/* Internal structures of the score module: profiles, observations, results. */
#ifndef GA_SCORE_INTERNAL_H
#define GA_SCORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <govaudit/score.h>

#include "core/core-internal.h"

/* ---- time ---------------------------------------------------------------------------- */

#define GA_DAY 86400
int64_t ga_days_from_civil(int64_t y, unsigned m, unsigned d);
/* `t` moved back by `months` calendar months, the day clamped to the target month's end
 * (08-31 minus 6 months is 02-28/29), time of day kept. */
int64_t ga_time_minus_months(int64_t t, int months);

/* A window "14d" / "6m" / "1y" ending at T; `known` false when the profile leaves it empty. */
typedef struct sc_window {
    bool known;
    int days;
    int months;
} sc_window_t;

/* Start of the window ending at `t`: items at or after it are inside. */
int64_t ga_window_start(sc_window_t w, int64_t t);
/* "14d", "6m" into buf (16 bytes). */
const char *ga_window_str(sc_window_t w, char *buf);

/* ---- profiles ------------------------------------------------------------------------ */

typedef enum sc_metric {
    GA_M_PROBE_FAIL_RATIO,
    GA_M_NEW_ITEMS,
    GA_M_STALE_COLUMNS,
    GA_M_BLANK_COLUMNS,
    GA_M_UNANSWERED_MESSAGES,
    GA_M_REPLIES_IN_WINDOW,
    GA_M_TEXT_FINDINGS,
    GA_M_DUPLICATE_POSTS,
    GA_M_MISSING_META,
    GA_M_SITEID_FORMAT,
    GA_M_FLAG,
    GA_M_GUIDES_MISSING,
    GA_M_BROKEN_LINKS,
    GA_M_CHANGED_DATES,
    GA_M_SITE_PROBLEMS,
    GA_M_COUNT_
} sc_metric_t;

typedef enum sc_op { GA_OP_GE, GA_OP_GT, GA_OP_EQ, GA_OP_NE, GA_OP_LE, GA_OP_LT } sc_op_t;

typedef struct sc_strlist {
    char **v;
    size_t n;
} sc_strlist_t;

/* A column selector of stale_columns: columns of these types (any when empty), at this
 * level (0 = any), stale when no item falls in the window. */
typedef struct sc_colsel {
    sc_strlist_t types;
    int level;
    sc_window_t window;
} sc_colsel_t;

typedef struct sc_cond {
    char *id;   /* optional sub-item id ("W-V4a") */
    char *note; /* optional description shown in evidence */
    sc_metric_t metric;
    sc_window_t window;
    sc_window_t age;        /* unanswered_messages; changed_dates: the least gap */
    sc_strlist_t list;      /* column types, severities, kinds, tags, elements */
    sc_strlist_t category;  /* text_findings */
    sc_colsel_t *sel;       /* stale_columns */
    size_t nsel;
    char *name;             /* flag name, page kind */
    int64_t timeout_ms;     /* probe_fail_ratio: latency at or above counts as failed */
    int64_t min_per_day;    /* probe_fail_ratio: probes a day the rule demands (0: none) */
    int64_t missing_min;    /* guides_missing_elements */
    bool missing_min_known;
    int scope;              /* broken_links: 0 any, 1 internal, 2 external */
    bool open_only;         /* unanswered_messages: only messages never replied */
    bool has_absent;        /* flag: the profile's value for an unreported flag */
    int64_t absent;
    sc_op_t op;
    bool threshold_known;
    double threshold;
    const char *unknown;    /* what the profile leaves empty (static text), or NULL */
} sc_cond_t;

typedef struct sc_indicator {
    char *id, *name, *block, *status, *source, *note;
    ga_object_t object;
    ga_indicator_kind_t kind;
    sc_cond_t *cond;
    size_t ncond;
    bool points_known;
    double points;
    bool each;       /* points per occurrence */
    bool cap_known;
    double cap;
    const char *unknown; /* first unknown value, NULL when complete */
} sc_indicator_t;

struct ga_profile {
    char *id, *name, *source;
    ga_object_t object;
    bool veto_only;
    double deduct_max;
    bool fail_below_known;
    double fail_below;
    bool bonus_known; /* gate and maximum */
    double bonus_gate;
    double bonus_max;
    bool item_cap;
    /* offices without public services (没有对外服务职能): base, flag, skipped blocks */
    double ns_base;
    char *ns_flag;
    sc_strlist_t ns_blocks;
    sc_indicator_t *ind;
    size_t nind;
};

/* ---- observations ------------------------------------------------------------------ */

typedef struct sc_probe {
    int64_t time;
    uint32_t latency_ms;
    bool ok;
    char *error; /* why it failed (a probe log's `error`), or NULL */
} sc_probe_t;

/* ga_obs_add_probe with the reason of a failure (may be NULL). */
ga_status_t sc_obs_add_probe(ga_observations_t *o, int64_t time, int ok, uint32_t latency_ms,
                             const char *error, ga_error_t **err);

/* Outages among a window's probes: runs of failed probes, for the evidence. */
#define SC_OUTAGES_MAX 3
typedef struct sc_outage {
    int64_t from, to; /* first failed probe; the next probe that opened (else the last failed) */
    size_t probes;    /* failed probes in the run */
    const char *error; /* the first failed probe's reason, or NULL */
    bool ongoing;     /* no probe opened after it */
} sc_outage_t;

typedef struct sc_probe_stats {
    size_t total, failed;
    int64_t first, last; /* the window's first and last probe, GA_TIME_NONE when none */
    sc_outage_t worst[SC_OUTAGES_MAX]; /* longest first */
    size_t noutages;     /* entries of worst[] used */
} sc_probe_stats_t;

/* A probe that did not open or took `timeout_ms` or more. */
bool sc_probe_failed(const sc_probe_t *p, int64_t timeout_ms);
/* Statistics of the probes in (start, end]: a probe failed when it did not open or took
 * `timeout_ms` or more. False only when out of memory. */
bool sc_probe_stats(const ga_observations_t *o, int64_t start, int64_t end, int64_t timeout_ms,
                    sc_probe_stats_t *s);

typedef struct sc_column {
    char *id, *name, *type;
    int level;
    bool blank;
    int64_t *items;
    size_t nitems, capitems;
} sc_column_t;

typedef struct sc_home_item {
    int64_t time;
    char *title, *url;
    char *text; /* a post's body from a new-media export, for ga_obs_scan_posts; or NULL */
} sc_home_item_t;

/* ga_obs_add_home_item with the post's body text (may be NULL). */
ga_status_t sc_obs_add_post(ga_observations_t *o, int64_t time, const char *title,
                            const char *url, const char *text, ga_error_t **err);

typedef struct sc_message {
    char *column_type;
    char *title, *url; /* as the site shows it, or NULL */
    int64_t submitted, replied;
    bool valid;
} sc_message_t;

typedef struct sc_link {
    char *url, *where;
    int status;
    bool external;
} sc_link_t;

typedef struct sc_finding {
    char *rule, *category, *severity, *text, *url;
} sc_finding_t;

typedef struct sc_dup_member {
    char *url, *column;
    int64_t time;
} sc_dup_member_t;

typedef struct sc_dup {
    char *kind;
    sc_dup_member_t *m;
    size_t n, cap;
} sc_dup_t;

typedef struct sc_service {
    char *name;
    char *url; /* its guide, or NULL */
    sc_strlist_t elements;
} sc_service_t;

typedef struct sc_page {
    char *url, *kind;
    sc_strlist_t tags;
} sc_page_t;

/* An article whose date shown is later than the date its URL was made from. */
typedef struct sc_date_change {
    char *url, *title;
    int64_t made, shown;
} sc_date_change_t;

/* A problem of the site as a whole (an identity item missing or wrong) on `pages` pages. */
typedef struct sc_problem {
    char *kind, *text, *url;
    int64_t pages;
} sc_problem_t;

typedef struct sc_flag {
    char *name;
    int64_t value;
} sc_flag_t;

/* A growable array: `n` used, `cap` allocated. */
#define GA_VEC(T) struct { T *v; size_t n, cap; }

struct ga_observations {
    ga_object_t object;
    unsigned observed; /* ga_obs_section bits */
    char *site, *owner, *site_id;
    int64_t time;
    GA_VEC(sc_probe_t) probes;
    GA_VEC(sc_column_t) columns;
    GA_VEC(sc_home_item_t) home;
    GA_VEC(sc_message_t) messages;
    GA_VEC(sc_link_t) links;
    GA_VEC(sc_finding_t) findings;
    GA_VEC(sc_dup_t) dups;
    GA_VEC(sc_service_t) services;
    GA_VEC(sc_page_t) pages;
    GA_VEC(sc_date_change_t) date_changes; /* observed with the pages */
    GA_VEC(sc_problem_t) problems;         /* observed with the pages */
    GA_VEC(sc_flag_t) flags;
};

/* Grow a GA_VEC by one zeroed element; false when out of memory. */
bool ga_vec_grow(void **v, size_t *n, size_t *cap, size_t size);
#define GA_VEC_PUSH(vec) \
    (ga_vec_grow((void **)&(vec).v, &(vec).n, &(vec).cap, sizeof *(vec).v) ? &(vec).v[(vec).n - 1] : NULL)

/* strdup that keeps NULL as NULL; *ok becomes false when out of memory. */
char *ga_sdup(const char *s, bool *ok);
void ga_strlist_free(sc_strlist_t *l);
bool ga_strlist_has(const sc_strlist_t *l, const char *s);
const sc_flag_t *ga_obs_flag(const ga_observations_t *obs, const char *name);

/* A rate in percent rounded half up to one decimal, as the notices print 合格率 and 办结率
 * (209 of 224 → 93.3); 0 when `n` is 0. */
double ga_score_rate(size_t passed, size_t n);

/* ---- results ------------------------------------------------------------------------ */

typedef struct sc_evidence {
    char *text, *url;
    int64_t time;
} sc_evidence_t;

typedef GA_VEC(sc_evidence_t) ga_ev_vec_t;
void ga_ev_free(ga_ev_vec_t *ev);

/* At most this many evidence entries per indicator; a last entry counts the rest. */
#define GA_EVIDENCE_MAX 100

typedef struct sc_outcome_rec {
    char *id, *name, *status; /* copied: a result outlives its profile */
    ga_indicator_kind_t kind;
    ga_outcome_t outcome;
    double value;
    double points;
    char *reason;
    ga_ev_vec_t ev;
} sc_outcome_rec_t;

struct ga_score_result {
    char *site, *owner, *profile_id;
    ga_object_t object;
    int64_t time;
    bool passed, scored, complete, veto_only;
    size_t vetoes;
    double score, bonus;
    sc_outcome_rec_t *o;
    size_t n;
};

#endif
