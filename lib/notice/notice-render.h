/* Helpers shared by the text and HTML renderings of the notice model. */
#ifndef GA_NOTICE_RENDER_H
#define GA_NOTICE_RENDER_H

#include "notice-internal.h"

/* Text being built; `ok` turns false when out of memory and stays so. */
typedef struct nr_out {
    ga_buf_t b;
    bool ok;
} nr_out_t;

bool nr_printf(nr_out_t *o, const char *f, ...) GA_PRINTF(2, 3);
/* Hand the text over (NUL-terminated), or free it and report out of memory. */
bool nr_done(nr_out_t *o, char **out, size_t *len, ga_error_t **err);

/* Members of the model: a string ("" when absent or null), an integer (0), an object or
 * NULL, an array's length (0), element `i` of array `a` as a string (""). */
const char *nr_str(json_object *o, const char *key);
int64_t nr_int(json_object *o, const char *key);
json_object *nr_obj(json_object *o, const char *key);
size_t nr_len(json_object *o, const char *key);
const char *nr_elem(json_object *a, size_t i);
/* The member `rate` as "50.0%" into buf (16 bytes), "—" when null. */
const char *nr_rate(json_object *o, char *buf);
/* 一 … 十 for 0 … 9. */
const char *nr_cn_number(size_t i);

#endif
