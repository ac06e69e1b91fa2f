/* ARC files through the WARC reader: version 1 and 2 layouts, plain and gzip per record,
 * HTTP bodies decoded, damaged lengths, truncated files and bad version blocks. The files
 * are written here, the way Heritrix and the Alexa crawler lay them out. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "core/core-internal.h"
#include "warc-util.h"

static const char PAGE[] = "<html><head><meta charset=\"utf-8\"><title>关于开展政府网站检查的通知"
                           "</title></head><body><p>各区县人民政府：为进一步加强政府网站管理……"
                           "</p></body></html>\n";

static void appendf(ga_buf_t *b, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    ck_assert(n >= 0 && (size_t)n < sizeof tmp);
    ck_assert(ga_buf_append(b, tmp, (size_t)n));
}

/* An ARC file under construction: every record is also kept alone, for gzip. */
typedef struct arc {
    ga_buf_t file;
    size_t starts[16]; /* offset of each record in `file` */
    size_t n;
} arc_t;

/* One record: its line (`fields` between the URL and the length), `block`, a line end.
 * `len_delta` makes the written length wrong. */
static void arc_add(arc_t *a, const char *url, const char *fields, const void *block,
                    size_t blen, long len_delta)
{
    ck_assert(a->n < 16);
    a->starts[a->n++] = a->file.len;
    appendf(&a->file, "%s %s %ld\n", url, fields, (long)blen + len_delta);
    ck_assert(ga_buf_append(&a->file, block, blen));
    ck_assert(ga_buf_append(&a->file, "\n", 1));
}

/* The version block: `version` ("1 0 Alexa Internet") and `spec` lines, then `more`. */
static void arc_begin(arc_t *a, const char *filedesc_fields, const char *version,
                      const char *spec, const char *more)
{
    memset(a, 0, sizeof *a);
    ga_buf_t block = {0};
    appendf(&block, "%s\n%s\n%s", version, spec, more);
    arc_add(a, "filedesc://IAH-20061130-00000-gov.arc", filedesc_fields, block.data, block.len, 0);
    ga_buf_free(&block);
}

static const char V1_SPEC[] = "URL IP-address Archive-date Content-type Archive-length";
static const char V2_SPEC[] = "URL IP-address Archive-date Content-type Result-code Checksum "
                              "Location Offset Filename Archive-length";

static void http_block(ga_buf_t *b, const char *status, const char *headers, const void *body,
                       size_t blen)
{
    b->len = 0;
    appendf(b, "HTTP/1.1 %s\r\n%s\r\n", status, headers);
    ck_assert(ga_buf_append(b, body, blen));
}

/* The file with each record in its own gzip member (as Heritrix writes .arc.gz);
 * `member_at[i]` receives the offset of record i's member. */
static char *gzip_per_record(const arc_t *a, size_t *len, size_t *member_at)
{
    ga_buf_t out = {0};
    for (size_t i = 0; i < a->n; i++) {
        size_t end = i + 1 < a->n ? a->starts[i + 1] : a->file.len, zl;
        char *z = compress_buf(a->file.data + a->starts[i], end - a->starts[i], 31, &zl);
        member_at[i] = out.len;
        ck_assert(ga_buf_append(&out, z, zl));
        free(z);
    }
    *len = out.len;
    return out.data;
}

/* A Heritrix-style version 1 file: a page, a dns: lookup, a chunked gzip page, a 404. */
static void sample_v1(arc_t *a)
{
    arc_begin(a, "0.0.0.0 20061130083000 text/plain", "1 1 InternetArchive", V1_SPEC,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<arcmetadata><software>Heritrix 1.10"
              "</software></arcmetadata>\n");
    ga_buf_t b = {0};
    http_block(&b, "200 OK", "Content-Type: text/html; charset=utf-8\r\n", PAGE, strlen(PAGE));
    arc_add(a, "http://www.gov.cn/zhengce/index.htm", "202.108.9.1 20061130083001 text/html",
            b.data, b.len, 0);
    arc_add(a, "dns:www.gov.cn", "202.106.0.20 20061130083000 text/dns",
            "20061130083000\nwww.gov.cn.\t3600\tIN\tA\t202.108.9.1\n", 49, 0);
    /* gzip content-encoding inside chunked transfer-encoding */
    size_t zl;
    char *z = compress_buf(PAGE, strlen(PAGE), 31, &zl);
    ga_buf_t chunked = {0};
    appendf(&chunked, "%zx\r\n", zl / 2);
    ck_assert(ga_buf_append(&chunked, z, zl / 2));
    appendf(&chunked, "\r\n%zx\r\n", zl - zl / 2);
    ck_assert(ga_buf_append(&chunked, z + zl / 2, zl - zl / 2));
    appendf(&chunked, "\r\n0\r\n\r\n");
    free(z);
    http_block(&b, "200 OK",
               "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
               "Content-Encoding: gzip\r\n",
               chunked.data, chunked.len);
    ga_buf_free(&chunked);
    arc_add(a, "http://www.gov.cn/xinwen/a.htm", "202.108.9.1 20061130083002 text/html", b.data,
            b.len, 0);
    http_block(&b, "404 Not Found", "Content-Type: text/html\r\n", "<h1>404</h1>", 12);
    arc_add(a, "http://www.gov.cn/missing", "202.108.9.1 20061130083003 text/html", b.data, b.len,
            0);
    ga_buf_free(&b);
}

static void body_is(const ga_warc_record_t *rec, const char *want)
{
    size_t n;
    const char *body = ga_warc_record_body(rec, &n);
    ck_assert_ptr_nonnull(body);
    ck_assert_uint_eq(n, strlen(want));
    ck_assert(memcmp(body, want, n) == 0);
    ck_assert_int_eq(ga_warc_record_body_status(rec), GA_OK);
}

/* The records of sample_v1(), at the offsets `at` (the record starts, or gzip members). */
static void check_v1(ga_warc_reader_t *r, const size_t *at)
{
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_WARCINFO);
    ck_assert_uint_eq(ga_warc_record_offset(rec), at[0]);
    ck_assert_str_eq(ga_warc_record_version(rec), "ARC/1.1");
    ck_assert_str_eq(ga_warc_record_header(rec, "WARC-Filename"), "IAH-20061130-00000-gov.arc");
    ck_assert_str_eq(ga_warc_record_date(rec), "2006-11-30T08:30:00Z");
    ck_assert_ptr_null(ga_warc_record_target_uri(rec));
    size_t bl;
    const char *block = ga_warc_record_block(rec, &bl);
    ck_assert(block && strncmp(block, "1 1 InternetArchive\nURL IP-address", 34) == 0);
    ck_assert_uint_eq(bl, ga_warc_record_content_length(rec));
    ck_assert(strstr(block, "</arcmetadata>\n"));

    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_uint_eq(ga_warc_record_offset(rec), at[1]);
    ck_assert_str_eq(ga_warc_record_version(rec), "ARC/1.1");
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://www.gov.cn/zhengce/index.htm");
    ck_assert_str_eq(ga_warc_record_date(rec), "2006-11-30T08:30:01Z");
    ck_assert_str_eq(ga_warc_record_header(rec, "WARC-IP-Address"), "202.108.9.1");
    ck_assert_str_eq(ga_warc_record_content_type(rec), "text/html");
    ck_assert_ptr_null(ga_warc_record_id(rec));
    ck_assert(ga_warc_record_is_http(rec));
    ck_assert_int_eq(ga_warc_record_http_status(rec), 200);
    ck_assert_str_eq(ga_warc_record_http_line(rec), "HTTP/1.1 200 OK");
    ck_assert_str_eq(ga_warc_record_http_header(rec, "content-type"), "text/html; charset=utf-8");
    ck_assert_int_eq(ga_warc_record_damage(rec, NULL), GA_OK);
    body_is(rec, PAGE);
    size_t pl;
    const char *payload = ga_warc_record_payload(rec, &pl);
    ck_assert_uint_eq(pl, strlen(PAGE));
    ck_assert(memcmp(payload, PAGE, pl) == 0);

    rec = expect_record(r, GA_WARC_RESOURCE);
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "dns:www.gov.cn");
    ck_assert_str_eq(ga_warc_record_content_type(rec), "text/dns");
    ck_assert(!ga_warc_record_is_http(rec));
    body_is(rec, "20061130083000\nwww.gov.cn.\t3600\tIN\tA\t202.108.9.1\n");

    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://www.gov.cn/xinwen/a.htm");
    ck_assert_str_eq(ga_warc_record_http_header(rec, "Transfer-Encoding"), "chunked");
    body_is(rec, PAGE); /* de-chunked, then gunzipped */

    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_int_eq(ga_warc_record_http_status(rec), 404);
    body_is(rec, "<h1>404</h1>");
    expect_end(r);
}

START_TEST(v1_plain_and_gzip)
{
    arc_t a;
    sample_v1(&a);
    ga_warc_reader_t *r = open_mem(a.file.data, a.file.len, NULL);
    ck_assert_int_eq(ga_warc_reader_is_gzip(r), 0);
    check_v1(r, a.starts);
    ga_warc_reader_free(r);

    size_t zlen, members[16];
    char *gz = gzip_per_record(&a, &zlen, members);
    r = open_mem(gz, zlen, NULL);
    ck_assert_int_eq(ga_warc_reader_is_gzip(r), 1);
    check_v1(r, members);
    ga_warc_reader_free(r);

    /* From a path and from a FILE, as the CLI and the site crawl open files. */
    char path[] = "/tmp/test-warc-arc-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w+b");
    ck_assert_uint_eq(fwrite(gz, 1, zlen, f), zlen);
    fflush(f);
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_warc_reader_open(path, NULL, &r, &err), GA_OK);
    check_v1(r, members);
    ga_warc_reader_free(r);
    rewind(f);
    ck_assert_int_eq(ga_warc_reader_open_file(f, NULL, &r, &err), GA_OK);
    check_v1(r, members);
    ga_warc_reader_free(r);
    fclose(f);
    unlink(path);
    free(gz);
    ga_buf_free(&a.file);
}
END_TEST

/* The version 2 layout of the Alexa crawls: ten fields, '-' for the unknown ones. */
START_TEST(v2_layout)
{
    arc_t a;
    arc_begin(&a, "0.0.0.0 19961104142103 text/plain 200 - - 0 IA-001102.arc", "2 0 Alexa Internet",
              V2_SPEC, "");
    ga_buf_t b = {0};
    http_block(&b, "200 Document follows", "Content-type: text/html\r\n", PAGE, strlen(PAGE));
    arc_add(&a, "http://www.beijing.gov.cn:80/index.html",
            "127.10.100.2 19961104142103 text/html 200 fac069150613fe55599cc7fa88aa089d - "
            "209 IA-001102.arc",
            b.data, b.len, 0);
    /* A URL with a space in it: the extra token belongs to the URL. */
    http_block(&b, "302 Found", "Location: http://www.beijing.gov.cn/\r\n", "", 0);
    arc_add(&a, "http://www.beijing.gov.cn/a b.html",
            "127.10.100.2 19961104142104 text/html 302 - http://www.beijing.gov.cn/ 500 "
            "IA-001102.arc",
            b.data, b.len, 0);
    ga_buf_free(&b);

    ga_warc_reader_t *r = open_mem(a.file.data, a.file.len, NULL);
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_WARCINFO);
    ck_assert_str_eq(ga_warc_record_version(rec), "ARC/2.0");
    ck_assert_str_eq(ga_warc_record_header(rec, "WARC-Filename"), "IAH-20061130-00000-gov.arc");
    ck_assert_str_eq(ga_warc_record_header(rec, "ARC-Filename"), "IA-001102.arc");

    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://www.beijing.gov.cn:80/index.html");
    ck_assert_str_eq(ga_warc_record_date(rec), "1996-11-04T14:21:03Z");
    ck_assert_str_eq(ga_warc_record_header(rec, "ARC-Result-Code"), "200");
    ck_assert_str_eq(ga_warc_record_header(rec, "ARC-Checksum"),
                     "fac069150613fe55599cc7fa88aa089d");
    ck_assert_ptr_null(ga_warc_record_header(rec, "ARC-Location")); /* "-" */
    ck_assert_str_eq(ga_warc_record_header(rec, "ARC-Offset"), "209");
    ck_assert_str_eq(ga_warc_record_http_line(rec), "HTTP/1.1 200 Document follows");
    body_is(rec, PAGE);

    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://www.beijing.gov.cn/a b.html");
    ck_assert_int_eq(ga_warc_record_http_status(rec), 302);
    ck_assert_str_eq(ga_warc_record_http_header(rec, "Location"), "http://www.beijing.gov.cn/");
    ck_assert_str_eq(ga_warc_record_header(rec, "ARC-Location"), "http://www.beijing.gov.cn/");
    /* Every header is listed in order, each findable by name. */
    for (size_t i = 0; i < ga_warc_record_header_count(rec); i++) {
        const char *name, *v = ga_warc_record_header_at(rec, i, &name);
        ck_assert_str_eq(ga_warc_record_header(rec, name), v);
    }
    expect_end(r);
    ga_warc_reader_free(r);
    ga_buf_free(&a.file);
}
END_TEST

/* Lengths that do not match the block: too long swallows the next record, too short leaves
 * bytes before the next one. Kept and flagged with GA_WARC_KEEP_DAMAGED, errors without. */
START_TEST(damaged_lengths)
{
    for (int gz = 0; gz < 2; gz++)
        for (int keep = 0; keep < 2; keep++) {
            arc_t a;
            arc_begin(&a, "0.0.0.0 20061130083000 text/plain", "1 0 Alexa Internet", V1_SPEC, "");
            ga_buf_t b = {0};
            http_block(&b, "200 OK", "Content-Type: text/html\r\n", PAGE, strlen(PAGE));
            arc_add(&a, "http://a.gov.cn/long", "10.0.0.1 20061130083001 text/html", b.data, b.len,
                    25);
            arc_add(&a, "http://a.gov.cn/next", "10.0.0.1 20061130083002 text/html", b.data, b.len,
                    0);
            arc_add(&a, "http://a.gov.cn/short", "10.0.0.1 20061130083003 text/html", b.data, b.len,
                    -10);
            arc_add(&a, "http://a.gov.cn/last", "10.0.0.1 20061130083004 text/html", b.data, b.len,
                    0);
            ga_buf_free(&b);
            size_t len = a.file.len, at[16];
            char *data = a.file.data;
            if (gz)
                data = gzip_per_record(&a, &len, at);
            else
                memcpy(at, a.starts, sizeof at);
            ga_warc_options_t o = {.size = sizeof o, .flags = keep ? GA_WARC_KEEP_DAMAGED : 0};
            ga_warc_reader_t *r = open_mem(data, len, &o);
            expect_record(r, GA_WARC_WARCINFO);
            if (keep) {
                const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESPONSE);
                const char *why;
                ck_assert_int_eq(ga_warc_record_damage(rec, &why), GA_ERR_TRUNCATED);
                ck_assert_msg(strstr(why, "next record"), "%s", why);
                ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://a.gov.cn/long");
                body_is(rec, PAGE);
            } else {
                expect_error(r, GA_ERR_TRUNCATED, at[1], "http://a.gov.cn/long");
            }
            const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESPONSE);
            ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://a.gov.cn/next");
            ck_assert_int_eq(ga_warc_record_damage(rec, NULL), GA_OK);
            body_is(rec, PAGE);
            if (keep) {
                rec = expect_record(r, GA_WARC_RESPONSE);
                const char *why;
                ck_assert_int_eq(ga_warc_record_damage(rec, &why), GA_ERR_FORMAT);
                ck_assert_msg(strstr(why, "Archive-length"), "%s", why);
                size_t n;
                ga_warc_record_body(rec, &n);
                ck_assert_uint_eq(n, strlen(PAGE) - 10);
            } else {
                expect_error(r, GA_ERR_FORMAT, at[3], "http://a.gov.cn/short");
            }
            rec = expect_record(r, GA_WARC_RESPONSE);
            ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://a.gov.cn/last");
            ck_assert_int_eq(ga_warc_record_damage(rec, NULL), GA_OK);
            body_is(rec, PAGE);
            expect_end(r);
            ga_warc_reader_free(r);
            if (gz)
                free(data);
            ga_buf_free(&a.file);
        }
}
END_TEST

/* Every prefix of a file, plain and gzip: the records before the cut whole, the one it
 * falls in cut short (kept with GA_WARC_KEEP_DAMAGED) or an error, never more calls than
 * bytes. */
START_TEST(truncated_files)
{
    arc_t a;
    sample_v1(&a);
    size_t zlen, members[16];
    char *gz = gzip_per_record(&a, &zlen, members);
    for (int z = 0; z < 2; z++) {
        const char *data = z ? gz : a.file.data;
        size_t total = z ? zlen : a.file.len;
        const size_t *at = z ? members : a.starts;
        size_t version_end = at[1];
        for (size_t cut = 1; cut < total; cut++) {
            ga_warc_options_t o = {.size = sizeof o, .flags = GA_WARC_KEEP_DAMAGED};
            ga_warc_reader_t *r = NULL;
            ga_error_t *err = NULL;
            ga_status_t st = ga_warc_reader_open_memory(data, cut, &o, &r, &err);
            if (st != GA_OK) {
                /* Only a cut inside the version block's first three lines fails the open. */
                ck_assert_int_eq(st, GA_ERR_FORMAT);
                ck_assert(cut < version_end);
                ck_assert_msg(strstr(ga_error_message(err), "not a readable ARC file"), "%s",
                              ga_error_message(err));
                ga_error_free(err);
                continue;
            }
            size_t whole = 0, calls = 0;
            for (;; calls++) {
                ck_assert_uint_le(calls, cut + 4);
                const ga_warc_record_t *rec;
                st = ga_warc_next(r, &rec, &err);
                if (st != GA_OK) {
                    ck_assert(st == GA_ERR_TRUNCATED || st == GA_ERR_FORMAT);
                    ga_error_free(err);
                    err = NULL;
                    continue;
                }
                if (!rec)
                    break;
                if (ga_warc_record_damage(rec, NULL) == GA_OK)
                    whole++;
                else
                    ck_assert_int_eq(ga_warc_record_damage(rec, NULL), GA_ERR_TRUNCATED);
            }
            /* Records ending before the cut are whole (the last one's line end may be cut). */
            size_t before = 0;
            for (size_t i = 0; i < a.n; i++)
                if ((i + 1 < a.n ? at[i + 1] : total) <= cut + (z ? 0 : 1))
                    before++;
            ck_assert_msg(whole >= before, "cut %zu: %zu whole records, %zu end before", cut,
                          whole, before);
            ga_warc_reader_free(r);
        }
    }
    free(gz);
    ga_buf_free(&a.file);
}
END_TEST

/* Opening a file of a version block with `version` and `spec` lines, its length off by
 * `delta`, fails with GA_ERR_FORMAT saying `text`. */
static void expect_open_error(const char *version, const char *spec, int delta, const char *text)
{
    char file[512], block[400];
    int bl = snprintf(block, sizeof block, "%s%s", version, spec);
    int n = snprintf(file, sizeof file, "filedesc://x.arc 0.0.0.0 20061130083000 text/plain %d\n%s",
                     bl + delta, block);
    ga_warc_reader_t *r = (void *)1;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_warc_reader_open_memory(file, (size_t)n, NULL, &r, &err), GA_ERR_FORMAT);
    ck_assert_ptr_null(r);
    ck_assert_msg(strstr(ga_error_message(err), text), "'%s' not in '%s'", text,
                  ga_error_message(err));
    ga_error_free(err);
}

START_TEST(bad_version_block)
{
    const char *v1 = "URL IP-address Archive-date Content-type Archive-length\n";
    expect_open_error("3 0 Alexa\n", v1, 0, "ARC version 3 is not 1 or 2");
    expect_open_error("1 0 Alexa\n",
                      "URL IP-address Archive-date Content-type Size Archive-length\n", 0,
                      "unknown field 'Size'");
    expect_open_error("1 0 Alexa\n", "URL URL IP-address Archive-date Content-type\n", 0,
                      "twice the field 'URL'");
    expect_open_error("1 0 Alexa\n", "URL IP-address Archive-date Archive-length\n", 0,
                      "does not start with URL");
    expect_open_error("1 0 Alexa\n", "Archive-length IP-address Archive-date Content-type URL\n",
                      0, "does not start with URL");
    expect_open_error("1 0 Alexa\n", v1, -30, "ends before the version and field-spec lines");
    expect_open_error("1 0 Alexa\n", "", 0, "ends before its field-spec line");
    expect_open_error("version one\n", v1, 0, "the version line 'version one' is not");
    ga_warc_reader_t *r = (void *)1;
    ga_error_t *err = NULL;
    const char *short_line = "filedesc://x.arc 20061130083000 text/plain 10\n1 0 A\nURL\n";
    ck_assert_int_eq(ga_warc_reader_open_memory(short_line, strlen(short_line), NULL, &r, &err),
                     GA_ERR_FORMAT);
    ck_assert_msg(strstr(ga_error_message(err), "its filedesc line has 4 fields"), "%s",
                  ga_error_message(err));
    ga_error_free(err);
    err = NULL;
    /* From a path, the message names the file. */
    char path[] = "/tmp/test-warc-arc-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert(write(fd, "filedesc://x.arc 0 1 2 3\n9 9 Z\nURL\n", 35) == 35);
    close(fd);
    ck_assert_int_eq(ga_warc_reader_open(path, NULL, &r, &err), GA_ERR_FORMAT);
    ck_assert_msg(strstr(ga_error_message(err), path), "%s", ga_error_message(err));
    ga_error_free(err);
    unlink(path);
    /* A WARC file is still a WARC file; a file of neither kind is read as WARC. */
    const char *warc = "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n";
    r = open_mem(warc, strlen(warc), NULL);
    ck_assert_str_eq(ga_warc_record_version(expect_record(r, GA_WARC_RESOURCE)), "WARC/1.0");
    ga_warc_reader_free(r);
}
END_TEST

/* Bad lines between records: reported, then reading goes on; a second version block (files
 * put end to end) switches the layout. */
START_TEST(garbage_and_concatenated_files)
{
    arc_t a;
    arc_begin(&a, "0.0.0.0 20061130083000 text/plain", "1 0 Alexa Internet", V1_SPEC, "");
    arc_add(&a, "http://a.gov.cn/1", "10.0.0.1 20061130083001 text/html",
            "HTTP/1.0 200 OK\r\n\r\none", 22, 0);
    size_t garbage_at = a.file.len;
    ck_assert(ga_buf_append(&a.file, "this is not an ARC line\nneither is this\n", 40));
    arc_add(&a, "http://a.gov.cn/2", "10.0.0.1 20061130083002", "x", 1, 0); /* a field short */
    arc_add(&a, "http://a.gov.cn/3", "10.0.0.1 200611300830 text/html", /* no seconds */
            "HTTP/1.0 200 OK\r\n\r\nthree", 24, 0);
    ga_buf_t block = {0};
    appendf(&block, "2 0 Alexa Internet\n%s\n", V2_SPEC);
    arc_add(&a, "filedesc://second.arc", "0.0.0.0 19970101000000 text/plain 200 - - 0 second.arc",
            block.data, block.len, 0);
    ga_buf_free(&block);
    arc_add(&a, "http://a.gov.cn/4", "10.0.0.1 19970101000001123 text/html 200 - - 0 second.arc",
            "HTTP/1.0 200 OK\r\n\r\nfour", 23, 0);

    ga_warc_reader_t *r = open_mem(a.file.data, a.file.len, NULL);
    expect_record(r, GA_WARC_WARCINFO);
    body_is(expect_record(r, GA_WARC_RESPONSE), "one");
    /* The record a field short is not taken for one: skipped with the garbage. */
    expect_error(r, GA_ERR_FORMAT, garbage_at, "not an ARC record skipped");
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESPONSE);
    body_is(rec, "three");
    ck_assert_str_eq(ga_warc_record_date(rec), "2006-11-30T08:30:00Z");
    ck_assert_str_eq(ga_warc_record_version(expect_record(r, GA_WARC_WARCINFO)), "ARC/2.0");
    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_str_eq(ga_warc_record_version(rec), "ARC/2.0");
    ck_assert_str_eq(ga_warc_record_date(rec), "1997-01-01T00:00:01.123Z");
    ck_assert_str_eq(ga_warc_record_header(rec, "ARC-Filename"), "second.arc");
    body_is(rec, "four");
    expect_end(r);
    ga_warc_reader_free(r);
    ga_buf_free(&a.file);
}
END_TEST

static int keep_200(const ga_warc_record_t *rec, void *data)
{
    (void)data;
    ck_assert_ptr_null(ga_warc_record_body(rec, NULL));
    return ga_warc_record_http_status(rec) == 200;
}

/* Options work on ARC as on WARC: skipped types, the keep function, the size limit, and
 * bodies left encoded. */
START_TEST(options_apply)
{
    arc_t a;
    sample_v1(&a);
    ga_warc_options_t o = {.size = sizeof o, .keep = keep_200,
                           .skip_types = GA_WARC_TYPE_BIT(GA_WARC_WARCINFO)};
    ga_warc_reader_t *r = open_mem(a.file.data, a.file.len, &o);
    ck_assert_ptr_null(ga_warc_record_block(expect_record(r, GA_WARC_WARCINFO), NULL));
    body_is(expect_record(r, GA_WARC_RESPONSE), PAGE);
    expect_record(r, GA_WARC_RESOURCE);
    body_is(expect_record(r, GA_WARC_RESPONSE), PAGE);
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_int_eq(ga_warc_record_http_status(rec), 404);
    ck_assert_ptr_null(ga_warc_record_body(rec, NULL));
    expect_end(r);
    ga_warc_reader_free(r);

    ga_warc_options_t raw = {.size = sizeof raw, .flags = GA_WARC_NO_DECODE,
                             .max_record_size = 200};
    r = open_mem(a.file.data, a.file.len, &raw);
    expect_record(r, GA_WARC_WARCINFO);
    expect_error(r, GA_ERR_LIMIT, a.starts[1], "larger than the limit");
    expect_record(r, GA_WARC_RESOURCE);
    expect_error(r, GA_ERR_LIMIT, a.starts[3], "larger than the limit");
    rec = expect_record(r, GA_WARC_RESPONSE);
    size_t n, pl;
    const char *body = ga_warc_record_body(rec, &n);
    ck_assert_ptr_eq(body, ga_warc_record_payload(rec, &pl));
    ck_assert_uint_eq(n, pl);
    expect_end(r);
    ga_warc_reader_free(r);
    ga_buf_free(&a.file);
}
END_TEST

/* A line inside an HTTP body that looks like an ARC line does not cut the record when the
 * length is right. */
START_TEST(record_lines_inside_bodies)
{
    arc_t a;
    arc_begin(&a, "0.0.0.0 20061130083000 text/plain", "1 0 Alexa Internet", V1_SPEC, "");
    const char *body = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"
                       "http://quoted.gov.cn/ 10.0.0.1 20061130083001 text/html 10\nmore\n";
    arc_add(&a, "http://a.gov.cn/1", "10.0.0.1 20061130083001 text/plain", body, strlen(body),
            0);
    arc_add(&a, "http://a.gov.cn/2", "10.0.0.1 20061130083002 text/html",
            "HTTP/1.0 200 OK\r\n\r\ntwo", 22, 0);
    ga_warc_options_t o = {.size = sizeof o, .flags = GA_WARC_KEEP_DAMAGED};
    ga_warc_reader_t *r = open_mem(a.file.data, a.file.len, &o);
    expect_record(r, GA_WARC_WARCINFO);
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_int_eq(ga_warc_record_damage(rec, NULL), GA_OK);
    body_is(rec, "http://quoted.gov.cn/ 10.0.0.1 20061130083001 text/html 10\nmore\n");
    body_is(expect_record(r, GA_WARC_RESPONSE), "two");
    expect_end(r);
    ga_warc_reader_free(r);
    ga_buf_free(&a.file);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("warc-arc");
    TCase *tc = tcase_create("arc");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, v1_plain_and_gzip);
    tcase_add_test(tc, v2_layout);
    tcase_add_test(tc, damaged_lengths);
    tcase_add_test(tc, truncated_files);
    tcase_add_test(tc, bad_version_block);
    tcase_add_test(tc, garbage_and_concatenated_files);
    tcase_add_test(tc, options_apply);
    tcase_add_test(tc, record_lines_inside_bodies);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
