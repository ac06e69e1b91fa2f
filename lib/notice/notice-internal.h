/* Internal structures of the notice module: the inputs as read, the model built from them. */
#ifndef GA_NOTICE_INTERNAL_H
#define GA_NOTICE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>

#include <govaudit/notice.h>
#include <govaudit/score.h>

#include "core/core-internal.h"
#include "score/score-json.h"

/* One audit result; the strings point into `root`, which the notice owns. */
typedef struct nt_result {
    json_object *root;
    const char *site, *owner, *site_id, *group;
    ga_object_t object;
    bool passed, vetoed;
    int64_t date; /* the audit date, or GA_TIME_NONE */
} nt_result_t;

/* A 找错 message; `closed` GA_TIME_NONE while open. */
typedef struct nt_message {
    char *id, *site;
    int64_t received, due, closed;
    size_t line; /* in its export, for errors */
} nt_message_t;

/* A rectification report due from a site; `submitted` GA_TIME_NONE until it arrives. */
typedef struct nt_report {
    char *site;
    int64_t due, submitted;
} nt_report_t;

struct ga_notice {
    int64_t date; /* set by ga_notice_set_date, else GA_TIME_NONE */
    GA_VEC(nt_result_t) cur;
    GA_VEC(nt_result_t) prev;
    GA_VEC(nt_message_t) msgs;
    GA_VEC(nt_report_t) reports;
    ga_score_batch_t *batch, *prev_batch; /* the rates and the attachment table */
    ga_progress_state_t progress; /* the `results` stage, as results are added */
    uint64_t bytes_read;          /* JSON bytes of the results added */
};

/* The value of member `key` when it is a string, else NULL. */
const char *nt_str(json_object *o, const char *key);
/* The array member `key`, or NULL. */
json_object *nt_array(json_object *o, const char *key);

/* The notice as a JSON tree (the model the text and HTML render); fails when out of memory
 * or when messages or reports need a date and none is known. */
ga_status_t nt_model(const ga_notice_t *n, json_object **out, ga_error_t **err);
/* The checks every rendering starts with (arguments, `flags` within `known`; `fn` names the
 * function in errors), then the model. */
ga_status_t nt_render_begin(const ga_notice_t *n, unsigned flags, unsigned known, char **out,
                            const char *fn, json_object **model, ga_error_t **err);
/* `rectification`: per site of this round present in the previous one, its problems fixed,
 * outstanding and new, one unit of `pr`'s stage a site. NULL when out of memory or when
 * the progress callback cancelled (pr->cancelled). */
json_object *nt_rectification(const ga_notice_t *n, ga_progress_state_t *pr);

/* Whole days from `from` to `to` (both dates). */
int64_t nt_days(int64_t from, int64_t to);
/* `t` as YYYY-MM-DD into buf (at least 20 bytes). */
const char *nt_date(int64_t t, char *buf);

#endif
