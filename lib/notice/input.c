/* The notice's inputs: audit results, the 找错 message export and the report ledger, checked
 * with errors at file, line and column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notice-internal.h"

#define DAY 86400
/* Years 1–9999, the dates ga_time_format prints with four digits. */
#define DATE_MIN (-719162LL * DAY)
#define DATE_MAX (2932896LL * DAY)

ga_status_t ga_notice_new(ga_notice_t **out, ga_error_t **err)
{
    if (!out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_notice_new: NULL argument");
    ga_notice_t *n = calloc(1, sizeof *n);
    if (!n)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    n->date = GA_TIME_NONE;
    ga_status_t st = ga_score_batch_new(&n->batch, err);
    if (!st)
        st = ga_score_batch_new(&n->prev_batch, err);
    if (st) {
        ga_notice_free(n);
        return st;
    }
    *out = n;
    return GA_OK;
}

void ga_notice_set_progress(ga_notice_t *n, ga_progress_fn fn, void *user)
{
    if (!n)
        return;
    ga_progress_init(&n->progress, fn, user);
    ga_progress_stage(&n->progress, "results", 0);
}

static void results_free(nt_result_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        json_object_put(v[i].root);
    free(v);
}

void ga_notice_free(ga_notice_t *n)
{
    if (!n)
        return;
    results_free(n->cur.v, n->cur.n);
    results_free(n->prev.v, n->prev.n);
    for (size_t i = 0; i < n->msgs.n; i++) {
        free(n->msgs.v[i].id);
        free(n->msgs.v[i].site);
    }
    free(n->msgs.v);
    for (size_t i = 0; i < n->reports.n; i++)
        free(n->reports.v[i].site);
    free(n->reports.v);
    ga_score_batch_free(n->batch);
    ga_score_batch_free(n->prev_batch);
    free(n);
}

static int64_t day_of(int64_t t)
{
    return t >= 0 ? t - t % DAY : t - ((t % DAY) + DAY) % DAY;
}

ga_status_t ga_notice_set_date(ga_notice_t *n, int64_t date, ga_error_t **err)
{
    if (!n)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_notice_set_date: NULL argument");
    if (date < DATE_MIN || date >= DATE_MAX)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_notice_set_date: the date is outside the years 1-9999");
    n->date = day_of(date);
    return GA_OK;
}

const char *nt_str(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

json_object *nt_array(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_array) ? v
                                                                                           : NULL;
}

int64_t nt_days(int64_t from, int64_t to)
{
    return (day_of(to) - day_of(from)) / DAY;
}

const char *nt_date(int64_t t, char *buf)
{
    return ga_time_format(t, 1, buf);
}

/* ---- checking values ---------------------------------------------------------------- */

enum { T_STR = 1, T_NULL = 2, T_INT = 4, T_BOOL = 8, T_NUM = 16, T_ARR = 32, T_OBJ = 64 };

typedef struct field {
    const char *key;
    unsigned types;
} field_t;

static bool type_ok(json_object *v, unsigned types)
{
    switch (json_object_get_type(v)) {
    case json_type_null: return types & T_NULL;
    case json_type_string: return types & T_STR;
    case json_type_int: return types & (T_INT | T_NUM);
    case json_type_double: return types & T_NUM;
    case json_type_boolean: return types & T_BOOL;
    case json_type_array: return types & T_ARR;
    case json_type_object: return types & T_OBJ;
    }
    return false;
}

static const char *type_words(unsigned types)
{
    types &= ~(unsigned)T_NULL;
    return types == T_STR ? "a string" : types == T_BOOL ? "true or false"
         : types == T_INT ? "an integer" : types == T_NUM ? "a number"
         : types == T_ARR ? "an array" : types == T_OBJ ? "an object" : "of another type";
}

/* Each member of object `o` named in `fields` has one of its types when present. */
static ga_status_t check_fields(ga_jctx_t *c, json_object *o, const field_t *fields)
{
    for (const field_t *f = fields; f->key; f++) {
        json_object *v;
        if (json_object_object_get_ex(o, f->key, &v) && !type_ok(v, f->types))
            return ga_jctx_error(c, f->key, "must be %s%s", type_words(f->types),
                                 f->types & T_NULL ? " or null" : "");
    }
    return GA_OK;
}

/* Member `key` of `o`, when present, is an array of objects with `fields`. */
static ga_status_t check_list(ga_jctx_t *c, json_object *o, const char *key, const field_t *fields,
                              const char *sub_key, const field_t *sub_fields)
{
    json_object *a;
    if (!json_object_object_get_ex(o, key, &a) || !a)
        return GA_OK;
    if (!json_object_is_type(a, json_type_array))
        return ga_jctx_error(c, key, "must be an array");
    ga_status_t st = GA_OK;
    ga_jctx_push_key(c, key);
    for (size_t i = 0; i < json_object_array_length(a) && !st; i++) {
        json_object *x = json_object_array_get_idx(a, i);
        if (!json_object_is_type(x, json_type_object)) {
            st = ga_jctx_error_idx(c, i, "each entry must be an object");
            break;
        }
        ga_jctx_push_idx(c, i);
        st = check_fields(c, x, fields);
        if (!st && sub_key)
            st = check_list(c, x, sub_key, sub_fields, NULL, NULL);
        ga_jctx_pop(c);
    }
    ga_jctx_pop(c);
    return st;
}

enum { S = T_STR | T_NULL };

static const field_t top_fields[] = {
    {"site_id", S}, {"group", S}, {"object", S}, {"date", S}, {"findings_total", T_INT},
    {NULL, 0}};
static const field_t indicator_fields[] = {{"id", S}, {"points", T_NUM | T_NULL},
                                           {"evidence", T_ARR | T_NULL}, {NULL, 0}};
static const field_t finding_fields[] = {
    {"rule", S}, {"category", S}, {"severity", S}, {"text", S}, {"suggestion", S}, {"url", S},
    {"title", S}, {"field", S}, {"before", S}, {"after", S}, {NULL, 0}};
static const field_t link_fields[] = {{"url", S},           {"status", T_INT | T_NULL},
                                      {"external", T_BOOL}, {"broken", T_BOOL},
                                      {"text", S},          {"where", S},
                                      {NULL, 0}};
static const field_t dup_fields[] = {{"kind", S}, {NULL, 0}};
static const field_t post_fields[] = {{"url", S}, {"title", S}, {"column", S}, {"date", S},
                                      {NULL, 0}};
static const field_t column_fields[] = {{"id", S},          {"name", S},
                                        {"type", S},        {"url", S},
                                        {"level", T_INT},   {"blank", T_BOOL},
                                        {"stale", T_BOOL},  {"days_since", T_INT | T_NULL},
                                        {NULL, 0}};

/* The date of a result: `YYYY-MM-DD` (a time after it is allowed). */
static ga_status_t result_date(ga_jctx_t *c, json_object *root, int64_t *t)
{
    const char *s = nt_str(root, "date");
    *t = GA_TIME_NONE;
    if (!s)
        return GA_OK;
    if (ga_time_parse(s, strlen(s), t, NULL) != GA_OK || *t < DATE_MIN || *t >= DATE_MAX)
        return ga_jctx_error(c, "date", "must be a date YYYY-MM-DD");
    *t = day_of(*t);
    return GA_OK;
}

ga_status_t ga_notice_add_result(ga_notice_t *n, const char *json, size_t len, const char *name,
                                 int previous, ga_error_t **err)
{
    if (!n || (!json && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_notice_add_result: NULL argument");
    /* Counted before parsing, so that a long run of results can be cancelled. */
    if (ga_progress_tick(&n->progress, n->cur.n + n->prev.n + 1, n->bytes_read + len))
        return ga_progress_cancelled(&n->progress, err);
    ga_jctx_t c;
    json_object *root;
    ga_status_t st = ga_jctx_parse(&c, json ? json : "", len, name, err, &root);
    if (st)
        return st;
    nt_result_t r = {.root = root};
    st = check_fields(&c, root, top_fields);
    static const char *const lists[] = {"vetoes", "deductions", "problems"};
    for (int k = 0; k < 3 && !st; k++)
        st = check_list(&c, root, lists[k], indicator_fields, NULL, NULL);
    if (!st)
        st = check_list(&c, root, "findings", finding_fields, NULL, NULL);
    if (!st)
        st = check_list(&c, root, "links", link_fields, NULL, NULL);
    if (!st)
        st = check_list(&c, root, "duplicates", dup_fields, "posts", post_fields);
    if (!st)
        st = check_list(&c, root, "columns", column_fields, NULL, NULL);
    const char *object = st ? NULL : nt_str(root, "object");
    if (object && strcmp(object, "website") != 0 && strcmp(object, "newmedia") != 0)
        st = ga_jctx_error(&c, "object", "must be \"website\" or \"newmedia\"");
    if (!st)
        st = result_date(&c, root, &r.date);
    nt_result_t *slot = NULL;
    if (!st && !(slot = previous ? GA_VEC_PUSH(n->prev) : GA_VEC_PUSH(n->cur)))
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    /* The batch checks `passed`, `site`, `owner` and the indicator names, and keeps the
     * round's attachment table. */
    if (!st && (st = ga_score_batch_add_object(previous ? n->prev_batch : n->batch, &c, root))) {
        if (previous)
            n->prev.n--;
        else
            n->cur.n--;
    }
    if (st) {
        json_object_put(root);
        return st;
    }
    json_object *v, *vetoes = nt_array(root, "vetoes");
    r.site = nt_str(root, "site");
    r.owner = nt_str(root, "owner");
    r.site_id = nt_str(root, "site_id");
    r.group = nt_str(root, "group");
    r.object = object && strcmp(object, "newmedia") == 0 ? GA_OBJECT_NEWMEDIA : GA_OBJECT_WEBSITE;
    r.passed = json_object_object_get_ex(root, "passed", &v) && json_object_get_boolean(v);
    r.vetoed = vetoes && json_object_array_length(vetoes) > 0;
    *slot = r;
    n->bytes_read += len;
    return GA_OK;
}

/* ---- JSON lines ------------------------------------------------------------------------ */

/* A required date member (or, with `nullable`, a date or null: GA_TIME_NONE). */
static ga_status_t date_field(ga_jctx_t *c, json_object *o, const char *key, bool nullable,
                              int64_t *t)
{
    json_object *v;
    *t = GA_TIME_NONE;
    bool present = json_object_object_get_ex(o, key, &v);
    if (nullable && (!present || !v))
        return GA_OK;
    if (!present)
        return ga_jctx_error(c, NULL, "missing '%s' (a date YYYY-MM-DD%s)", key,
                             nullable ? " or null" : "");
    const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
    if (!s || strlen(s) != 10 || ga_time_parse(s, 10, t, NULL) != GA_OK || *t < DATE_MIN ||
        *t >= DATE_MAX)
        return ga_jctx_error(c, key, "must be a date YYYY-MM-DD%s", nullable ? " or null" : "");
    return GA_OK;
}

/* A required non-empty string member; integers are accepted as ids (`as_id`). */
static ga_status_t string_field(ga_jctx_t *c, json_object *o, const char *key, bool as_id,
                                char **out)
{
    json_object *v;
    *out = NULL;
    if (!json_object_object_get_ex(o, key, &v) || !v)
        return ga_jctx_error(c, NULL, "missing '%s'", key);
    bool ok = json_object_is_type(v, json_type_string) ||
              (as_id && json_object_is_type(v, json_type_int));
    const char *s = ok ? json_object_get_string(v) : NULL;
    if (!s || !*s)
        return ga_jctx_error(c, key, "must be a non-empty string%s", as_id ? " or an integer" : "");
    if (!(*out = strdup(s)))
        return ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
    return GA_OK;
}

typedef ga_status_t (*line_fn)(ga_notice_t *n, ga_jctx_t *c, json_object *o, size_t line);

/* Each non-blank line of `text` is one JSON object handed to `fn`; `what` names a line's
 * content in errors. */
static ga_status_t read_lines(ga_notice_t *n, const char *text, size_t len, const char *name,
                              const char *what, line_fn fn, ga_error_t **err)
{
    size_t line = 0;
    for (size_t p = 0; p < len;) {
        const char *nl = memchr(text + p, '\n', len - p);
        size_t start = p, end = nl ? (size_t)(nl - text) : len;
        p = end + 1;
        line++;
        size_t a = start;
        while (a < end && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
            a++;
        if (a == end)
            continue;
        ga_jctx_t c;
        json_object *o;
        /* From the line's first byte, so that columns count from the line's start. */
        ga_status_t st = ga_jctx_parse_line(&c, text + start, end - start, name, line, err, &o);
        if (st)
            return st;
        if (!json_object_is_type(o, json_type_object))
            st = ga_jctx_error(&c, NULL, "each line must be a JSON object (%s)", what);
        else
            st = fn(n, &c, o, line);
        json_object_put(o);
        if (st)
            return st;
    }
    return GA_OK;
}

static ga_status_t message_line(ga_notice_t *n, ga_jctx_t *c, json_object *o, size_t line)
{
    nt_message_t m = {.line = line};
    ga_status_t st = string_field(c, o, "id", true, &m.id);
    if (!st)
        st = string_field(c, o, "site", false, &m.site);
    if (!st)
        st = date_field(c, o, "received", false, &m.received);
    if (!st)
        st = date_field(c, o, "due", false, &m.due);
    if (!st)
        st = date_field(c, o, "closed", true, &m.closed);
    if (!st && m.due < m.received)
        st = ga_jctx_error(c, "due", "is before 'received'");
    if (!st && m.closed != GA_TIME_NONE && m.closed < m.received)
        st = ga_jctx_error(c, "closed", "is before 'received'");
    nt_message_t *slot = NULL;
    if (!st && !(slot = GA_VEC_PUSH(n->msgs)))
        st = ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
    if (st) {
        free(m.id);
        free(m.site);
        return st;
    }
    *slot = m;
    return GA_OK;
}

static ga_status_t report_line(ga_notice_t *n, ga_jctx_t *c, json_object *o, size_t line)
{
    (void)line;
    nt_report_t r = {0};
    ga_status_t st = string_field(c, o, "site", false, &r.site);
    if (!st)
        st = date_field(c, o, "due", false, &r.due);
    if (!st)
        st = date_field(c, o, "submitted", true, &r.submitted);
    nt_report_t *slot = NULL;
    if (!st && !(slot = GA_VEC_PUSH(n->reports)))
        st = ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
    if (st) {
        free(r.site);
        return st;
    }
    *slot = r;
    return GA_OK;
}

static int by_id(const void *a, const void *b)
{
    const nt_message_t *x = *(nt_message_t *const *)a, *y = *(nt_message_t *const *)b;
    int d = strcmp(x->id, y->id);
    return d ? d : (x > y) - (x < y);
}

/* Message ids are unique across every export added (sorted, so a large export stays fast). */
static ga_status_t unique_ids(const ga_notice_t *n, const char *name, ga_error_t **err)
{
    if (n->msgs.n < 2)
        return GA_OK;
    nt_message_t **v = malloc(n->msgs.n * sizeof *v);
    if (!v)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    for (size_t i = 0; i < n->msgs.n; i++)
        v[i] = &n->msgs.v[i];
    qsort(v, n->msgs.n, sizeof *v, by_id);
    ga_status_t st = GA_OK;
    for (size_t i = 1; i < n->msgs.n && !st; i++)
        if (strcmp(v[i - 1]->id, v[i]->id) == 0)
            st = ga_error_set_at(err, GA_ERR_SYNTAX, name, v[i]->line, 0,
                                 "message id '%s' appears twice (also on line %zu)", v[i]->id,
                                 v[i - 1]->line);
    free(v);
    return st;
}

/* A failed file leaves the notice as it was: entries of its earlier lines are dropped. */
static ga_status_t add_lines(ga_notice_t *n, const char *text, size_t len, const char *name,
                             bool messages, ga_error_t **err)
{
    size_t before = messages ? n->msgs.n : n->reports.n;
    ga_status_t st = read_lines(n, text, len, name, messages ? "a 找错 message" : "a report",
                                messages ? message_line : report_line, err);
    if (!st && messages)
        st = unique_ids(n, name, err);
    if (st && messages) {
        for (size_t i = before; i < n->msgs.n; i++) {
            free(n->msgs.v[i].id);
            free(n->msgs.v[i].site);
        }
        n->msgs.n = before;
    } else if (st) {
        for (size_t i = before; i < n->reports.n; i++)
            free(n->reports.v[i].site);
        n->reports.n = before;
    }
    return st;
}

ga_status_t ga_notice_add_messages(ga_notice_t *n, const char *jsonl, size_t len,
                                   const char *name, ga_error_t **err)
{
    if (!n || (!jsonl && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_notice_add_messages: NULL argument");
    return add_lines(n, jsonl, len, name, true, err);
}

ga_status_t ga_notice_add_reports(ga_notice_t *n, const char *jsonl, size_t len,
                                  const char *name, ga_error_t **err)
{
    if (!n || (!jsonl && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_notice_add_reports: NULL argument");
    return add_lines(n, jsonl, len, name, false, err);
}
