/* JSON input for the score module: json-c parsing with errors at line and column. */
#ifndef GA_SCORE_JSON_H
#define GA_SCORE_JSON_H

#include <json-c/json.h>

#include "score-internal.h"

#define GA_JPATH_MAX 8

/* The text being read and the path of the value being checked, so that an error about a
 * value can name its line and column although json-c keeps no positions. */
typedef struct ga_jctx {
    const char *text;
    size_t len;
    const char *file;
    size_t line0; /* lines before the text in its file (a line of JSON lines) */
    ga_error_t **err;
    int depth;
    struct {
        const char *key; /* NULL for an array index */
        size_t idx;
    } path[GA_JPATH_MAX];
} ga_jctx_t;

/* Parse `text` (one JSON value, UTF-8) into *root; syntax errors carry line and column. */
ga_status_t ga_jctx_parse(ga_jctx_t *c, const char *text, size_t len, const char *file,
                          ga_error_t **err, json_object **root);
/* The same for one line of a JSON-lines file: positions count from line `first_line`. */
ga_status_t ga_jctx_parse_line(ga_jctx_t *c, const char *text, size_t len, const char *file,
                               size_t first_line, ga_error_t **err, json_object **root);
void ga_jctx_push_key(ga_jctx_t *c, const char *key);
void ga_jctx_push_idx(ga_jctx_t *c, size_t idx);
void ga_jctx_pop(ga_jctx_t *c);
/* GA_ERR_SYNTAX at the value of member `key` of the current object (or at the current value
 * when `key` is NULL). */
ga_status_t ga_jctx_error(ga_jctx_t *c, const char *key, const char *fmt, ...) GA_PRINTF(3, 4);
/* The same at element `idx` of the current array. */
ga_status_t ga_jctx_error_idx(ga_jctx_t *c, size_t idx, const char *fmt, ...) GA_PRINTF(3, 4);

/* Render `root` as JSON text (GA_SCORE_JSON_PRETTY in `flags` indents it) into a new string
 * for the caller, and release `root`. */
ga_status_t ga_json_emit(json_object *root, unsigned flags, char **json, size_t *len,
                         ga_error_t **err);
/* Add an `audit` result already parsed by `c` to a batch, checking its shape (errors at the
 * value's line and column). */
ga_status_t ga_score_batch_add_object(ga_score_batch_t *b, ga_jctx_t *c, json_object *root);
/* The batch's attachment table, the `problems` of ga_score_batch_json(): a new array. */
json_object *ga_score_batch_rows(const ga_score_batch_t *b);

const char *ga_metric_name(sc_metric_t m);
const char *ga_op_name(sc_op_t op);

#endif
