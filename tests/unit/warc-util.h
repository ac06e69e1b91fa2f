/* Reading helpers shared by the WARC and ARC unit tests. */
#ifndef GA_WARC_UTIL_H
#define GA_WARC_UTIL_H

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <govaudit/govaudit.h>

static ga_warc_reader_t *open_mem(const void *data, size_t len, const ga_warc_options_t *o)
{
    ga_warc_reader_t *r = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_warc_reader_open_memory(data, len, o, &r, &err), GA_OK);
    ck_assert_ptr_null(err);
    return r;
}

/* The next call yields a record of type `t` (returned) */
static const ga_warc_record_t *expect_record(ga_warc_reader_t *r, ga_warc_type_t t)
{
    const ga_warc_record_t *rec = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_warc_next(r, &rec, &err);
    ck_assert_msg(st == GA_OK, "unexpected error: %s", err ? ga_error_message(err) : "");
    ck_assert_ptr_nonnull(rec);
    ck_assert_str_eq(ga_warc_type_name(ga_warc_record_type(rec)), ga_warc_type_name(t));
    return rec;
}

/* The next call fails with `st` at file offset `offset`; returns the message. */
static void expect_error(ga_warc_reader_t *r, ga_status_t st, size_t offset, const char *text)
{
    const ga_warc_record_t *rec = (const void *)1;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_warc_next(r, &rec, &err), st);
    ck_assert_ptr_null(rec);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(ga_error_status(err), st);
    ck_assert_uint_eq(ga_error_offset(err), offset);
    if (text)
        ck_assert_msg(strstr(ga_error_message(err), text), "'%s' not in '%s'", text,
                      ga_error_message(err));
    ga_error_free(err);
}

static void expect_end(ga_warc_reader_t *r)
{
    const ga_warc_record_t *rec = (const void *)1;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_warc_next(r, &rec, &err), GA_OK);
    ck_assert_ptr_null(rec);
    ck_assert_ptr_null(err);
    /* The end stays the end. */
    ck_assert_int_eq(ga_warc_next(r, &rec, &err), GA_OK);
    ck_assert_ptr_null(rec);
}

/* gzip-compress with zlib (window bits 31) or deflate raw (-15). */
static char *compress_buf(const void *in, size_t n, int wbits, size_t *out_len)
{
    z_stream z = {0};
    ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, n) + 64;
    char *out = malloc(cap);
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    z.next_out = (unsigned char *)out;
    z.avail_out = (uInt)cap;
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

#endif
