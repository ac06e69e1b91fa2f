#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core-internal.h"

struct ga_error {
    ga_status_t status;
    size_t line, column, offset;
    char *file;
    char *message;
};

/* Returned when the error object itself cannot be allocated: callers still get a message. */
static const char oom_message[] = "out of memory";

GA_PRINTF(1, 0) static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

GA_PRINTF(3, 0)
static ga_error_t *error_new(ga_error_t **err, ga_status_t status, const char *fmt, va_list ap)
{
    if (!err)
        return NULL;
    ga_error_free(*err);
    *err = NULL;
    ga_error_t *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->status = status;
    e->offset = GA_NO_OFFSET;
    e->message = vformat(fmt, ap);
    *err = e;
    return e;
}

GA_PRINTF(3, 0)
ga_status_t ga_error_setv(ga_error_t **err, ga_status_t status, const char *fmt, va_list ap)
{
    error_new(err, status, fmt, ap);
    return status;
}

ga_status_t ga_error_set(ga_error_t **err, ga_status_t status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_new(err, status, fmt, ap);
    va_end(ap);
    return status;
}

ga_status_t ga_error_set_at(ga_error_t **err, ga_status_t status, const char *file, size_t line,
                            size_t column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ga_error_t *e = error_new(err, status, fmt, ap);
    va_end(ap);
    if (e) {
        e->line = line;
        e->column = column;
        e->file = file ? strdup(file) : NULL;
    }
    return status;
}

ga_status_t ga_error_set_offset(ga_error_t **err, ga_status_t status, size_t offset,
                                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ga_error_t *e = error_new(err, status, fmt, ap);
    va_end(ap);
    if (e)
        e->offset = offset;
    return status;
}

const char *ga_status_string(ga_status_t status)
{
    switch (status) {
    case GA_OK: return "success";
    case GA_ERR_INVALID_ARGUMENT: return "invalid argument";
    case GA_ERR_NO_MEMORY: return "out of memory";
    case GA_ERR_INVALID_UTF8: return "invalid UTF-8";
    case GA_ERR_IO: return "input/output error";
    case GA_ERR_SYNTAX: return "syntax error";
    case GA_ERR_FORMAT: return "corrupt or foreign file format";
    case GA_ERR_LIMIT: return "size limit exceeded";
    case GA_ERR_NOT_FOUND: return "not found";
    case GA_ERR_UNSUPPORTED: return "not supported";
    case GA_ERR_DEPENDENCY: return "dependency failure";
    case GA_ERR_TRUNCATED: return "truncated input";
    case GA_ERR_CANCELLED: return "cancelled";
    }
    return "unknown status";
}

ga_status_t ga_error_status(const ga_error_t *err) { return err ? err->status : GA_OK; }

const char *ga_error_message(const ga_error_t *err)
{
    if (!err)
        return NULL;
    return err->message ? err->message : oom_message;
}

const char *ga_error_file(const ga_error_t *err) { return err ? err->file : NULL; }
size_t ga_error_line(const ga_error_t *err) { return err ? err->line : 0; }
size_t ga_error_column(const ga_error_t *err) { return err ? err->column : 0; }
size_t ga_error_offset(const ga_error_t *err) { return err ? err->offset : GA_NO_OFFSET; }

void ga_error_free(ga_error_t *err)
{
    if (!err)
        return;
    free(err->file);
    free(err->message);
    free(err);
}

void ga_string_free(char *s)
{
    free(s);
}
