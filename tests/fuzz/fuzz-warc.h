/* Shared by the WARC and ARC fuzz targets: read every record of an input with options
 * picked by its size (so seed files work unchanged) and check what the reader hands out
 * against the input. */
#ifndef FUZZ_WARC_H
#define FUZZ_WARC_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

/* Say which invariant broke: libFuzzer's stack shows merged abort() calls on one line. */
#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz: '%s' failed (line %d)\n", #cond, __LINE__);        \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* Keep 200 responses only, checking what the keep function may see. */
static int keep_ok(const ga_warc_record_t *rec, void *data)
{
    (void)data;
    CHECK(!ga_warc_record_block(rec, NULL) && !ga_warc_record_body(rec, NULL));
    return ga_warc_record_http_status(rec) == 200;
}

/* Read `data` with a reader opened with options picked by `size`; `open_status` receives
 * how opening went (the records are read only when it succeeded). */
static void fuzz_warc_read(const uint8_t *data, size_t size, ga_status_t *open_status)
{
    ga_warc_options_t o = {.size = sizeof o, .max_record_size = (size_t)1 << 20};
    if (size & 1)
        o.flags |= GA_WARC_NO_DECODE;
    if (size & 2)
        o.skip_types = GA_WARC_TYPE_BIT(GA_WARC_RESPONSE) | GA_WARC_TYPE_BIT(GA_WARC_REQUEST);
    if (size & 4)
        o.max_record_size = 64;
    if (size & 8)
        o.keep = keep_ok;
    if (size & 16)
        o.flags |= GA_WARC_KEEP_DAMAGED;
    ga_warc_reader_t *r = NULL;
    ga_error_t *open_err = NULL;
    *open_status = ga_warc_reader_open_memory(data, size, &o, &r, &open_err);
    if (*open_status != GA_OK) {
        CHECK(!r && open_err && ga_error_status(open_err) == *open_status);
        ga_error_free(open_err);
        return;
    }
    /* Each call consumes input, so the number of calls is bounded by the size (plus the
     * errors a gzip stream can add per member). */
    for (size_t calls = 0;; calls++) {
        CHECK(calls <= 2 * size + 8);
        const ga_warc_record_t *rec = NULL;
        ga_error_t *err = NULL;
        ga_status_t st = ga_warc_next(r, &rec, &err);
        if (st != GA_OK) {
            CHECK(err && !rec && ga_error_status(err) == st && ga_error_message(err));
            CHECK(st == GA_ERR_TRUNCATED || st == GA_ERR_FORMAT || st == GA_ERR_LIMIT);
            CHECK(ga_error_offset(err) <= size);
            ga_error_free(err);
            continue;
        }
        if (!rec)
            break;
        CHECK(ga_warc_record_offset(rec) < size);
        size_t n, bl;
        const char *why = NULL;
        ga_status_t damage = ga_warc_record_damage(rec, &why);
        CHECK(damage == GA_OK || (o.flags & GA_WARC_KEEP_DAMAGED));
        CHECK(damage == GA_OK || damage == GA_ERR_TRUNCATED || damage == GA_ERR_FORMAT);
        CHECK(!why == (damage == GA_OK));
        /* A record cut short holds less than its Content-Length, any other all of it. */
        const char *block = ga_warc_record_block(rec, &bl);
        CHECK(!block || (bl <= o.max_record_size && block[bl] == '\0' &&
                         (damage == GA_ERR_TRUNCATED ? bl < ga_warc_record_content_length(rec)
                                                     : bl == ga_warc_record_content_length(rec))));
        const char *body = ga_warc_record_body(rec, &n);
        CHECK(!body || (body[n] == '\0' && n <= o.max_record_size));
        CHECK(!!block == !!body);
        const char *p = ga_warc_record_payload(rec, &n);
        CHECK(!p || (block && p >= block && p + n == block + bl));
        for (size_t i = 0; i < ga_warc_record_header_count(rec); i++) {
            const char *name = NULL, *v = ga_warc_record_header_at(rec, i, &name);
            CHECK(v && name && ga_warc_record_header(rec, name));
        }
        for (size_t i = 0; i < ga_warc_record_http_header_count(rec); i++) {
            const char *name = NULL, *v = ga_warc_record_http_header_at(rec, i, &name);
            CHECK(v && name && ga_warc_record_http_header(rec, name));
        }
        int status = ga_warc_record_http_status(rec);
        CHECK(status >= 0 && status <= 999 && (!status || ga_warc_record_is_http(rec)));
        CHECK(ga_warc_record_is_http(rec) == !!ga_warc_record_http_line(rec));
        (void)ga_warc_record_target_uri(rec);
        (void)ga_warc_record_date(rec);
        (void)ga_warc_record_id(rec);
        (void)ga_warc_record_content_type(rec);
        /* ARC records are the three kinds an ARC file holds. */
        const char *version = ga_warc_record_version(rec);
        ga_warc_type_t type = ga_warc_record_type(rec);
        CHECK(strncmp(version, "WARC/", 5) == 0 ||
              (strncmp(version, "ARC/", 4) == 0 &&
               (type == GA_WARC_WARCINFO || type == GA_WARC_RESPONSE || type == GA_WARC_RESOURCE)));
        (void)ga_warc_record_body_status(rec);
        (void)ga_warc_type_name(ga_warc_record_type(rec));
    }
    ga_warc_reader_free(r);
}

#endif
