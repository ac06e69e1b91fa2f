/* Internal helpers of the report module: a JSON writer and escaping. */
#ifndef GA_REPORT_INTERNAL_H
#define GA_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <govaudit/report.h>

#include "core/core-internal.h"
#include "site/site-internal.h"

/* A streaming JSON writer into a buffer; `ok` turns false when out of memory. */
typedef struct ga_jw {
    ga_buf_t b;
    bool pretty, ok;
    int depth;
    bool first[64];
} ga_jw_t;

void ga_jw_key(ga_jw_t *w, const char *key);
void ga_jw_open(ga_jw_t *w, const char *key, char bracket);
void ga_jw_close(ga_jw_t *w, char bracket);
void ga_jw_str(ga_jw_t *w, const char *key, const char *s); /* NULL writes null */
void ga_jw_num(ga_jw_t *w, const char *key, double v);     /* two decimals at most */
void ga_jw_int(ga_jw_t *w, const char *key, long long v);
void ga_jw_bool(ga_jw_t *w, const char *key, bool v);
void ga_jw_null(ga_jw_t *w, const char *key);
void ga_jw_time(ga_jw_t *w, const char *key, int64_t t, int date_only); /* null when none */

/* Append `s` escaped for HTML text and attribute values. */
bool ga_html_esc(ga_buf_t *b, const char *s);
bool ga_html_escn(ga_buf_t *b, const char *s, size_t n);

/* The head of a report page (doctype, a CSP forbidding any fetch, the reports' style) up to
 * <body>, and its end (the library version, closing tags). False when out of memory. */
bool ga_report_html_start(ga_buf_t *b, const char *title);
bool ga_report_html_end(ga_buf_t *b);

/* Whole days from `t` to the audit time `T` (floor), for "days since the last update". */
int64_t ga_report_days(int64_t t, int64_t T);

#endif
