#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zlib.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "core/core-internal.h"
#include "warc-util.h"

/* Fixtures are made by tests/fixtures/warc/make-fixtures.py. */
static const char *fixture(const char *name)
{
    return ga_test_fixture_path("warc", name);
}

static char *load(const char *name, size_t *len)
{
    return ga_test_fixture("warc", name, len);
}

static const char ARTICLE[] =
    "<html><head><meta charset=\"utf-8\"><title>关于开展政府网站检查的通知</title></head>"
    "<body><h1>关于开展政府网站检查的通知</h1><p>各区县人民政府：为进一步加强政府网站管理……</p>"
    "</body></html>\n";
/* <html><head><meta charset="gbk"></head><body>政务公开</body></html> in GBK */
static const char GBK_PAGE[] = "<html><head><meta charset=\"gbk\"></head><body>"
                               "\xd5\xfe\xce\xf1\xb9\xab\xbf\xaa</body></html>";

static void body_is(const ga_warc_record_t *rec, const void *want, size_t want_len)
{
    size_t len;
    const char *b = ga_warc_record_body(rec, &len);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(len, want_len);
    ck_assert_int_eq(memcmp(b, want, len), 0);
    ck_assert_int_eq(b[len], '\0');
}

/* Every record of basic.warc, with the same checks whatever the container. */
static void check_basic(ga_warc_reader_t *r)
{
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_WARCINFO);
    ck_assert_str_eq(ga_warc_record_version(rec), "WARC/1.0");
    ck_assert_str_eq(ga_warc_record_date(rec), "2023-07-31T08:00:00Z");
    ck_assert_ptr_null(ga_warc_record_target_uri(rec));
    ck_assert_str_eq(ga_warc_record_content_type(rec), "application/warc-fields");
    ck_assert_int_eq(ga_warc_record_is_http(rec), 0);
    size_t len;
    const char *b = ga_warc_record_body(rec, &len);
    ck_assert_uint_eq(len, ga_warc_record_content_length(rec));
    ck_assert_ptr_nonnull(strstr(b, "software: govaudit-fixtures"));

    rec = expect_record(r, GA_WARC_REQUEST);
    ck_assert_int_eq(ga_warc_record_is_http(rec), 1);
    ck_assert_int_eq(ga_warc_record_http_status(rec), 0);
    ck_assert_str_eq(ga_warc_record_http_line(rec), "GET /art/t20230731_1.html HTTP/1.1");
    ck_assert_str_eq(ga_warc_record_http_header(rec, "host"), "www.example.gov.cn");
    ck_assert_str_eq(ga_warc_record_id(rec), "<urn:uuid:00000002-0000-4000-8000-000000000000>");

    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_str_eq(ga_warc_record_target_uri(rec),
                     "http://www.example.gov.cn/art/t20230731_1.html");
    ck_assert_str_eq(ga_warc_record_header(rec, "warc-target-uri"),
                     "<http://www.example.gov.cn/art/t20230731_1.html>");
    ck_assert_str_eq(ga_warc_record_header(rec, "WARC-Concurrent-To"),
                     "<urn:uuid:00000002-0000-4000-8000-000000000000>");
    ck_assert_int_eq(ga_warc_record_http_status(rec), 200);
    ck_assert_str_eq(ga_warc_record_http_line(rec), "HTTP/1.1 200 OK");
    ck_assert_str_eq(ga_warc_record_http_header(rec, "Content-Type"), "text/html; charset=utf-8");
    ck_assert_uint_eq(ga_warc_record_http_header_count(rec), 2);
    const char *name;
    ck_assert_str_eq(ga_warc_record_http_header_at(rec, 1, &name), "237");
    ck_assert_str_eq(name, "Content-Length");
    ck_assert_ptr_null(ga_warc_record_http_header_at(rec, 2, &name));
    body_is(rec, ARTICLE, strlen(ARTICLE));
    ck_assert_int_eq(ga_warc_record_body_status(rec), GA_OK);
    /* header_at runs in file order */
    ck_assert_uint_eq(ga_warc_record_header_count(rec), 7);
    ck_assert_str_eq(ga_warc_record_header_at(rec, 0, &name), "response");
    ck_assert_str_eq(name, "WARC-Type");
    ck_assert_str_eq(ga_warc_record_header_at(rec, 6, &name), "317");
    ck_assert_str_eq(name, "Content-Length");
    ck_assert_uint_eq(ga_warc_record_content_length(rec), 317);
    b = ga_warc_record_block(rec, &len);
    ck_assert_uint_eq(len, 317);
    ck_assert_int_eq(memcmp(b, "HTTP/1.1 200 OK\r\n", 17), 0);

    /* chunked + gzip, WARC/1.1 */
    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_str_eq(ga_warc_record_version(rec), "WARC/1.1");
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://www.example.gov.cn/col/list_1.html");
    ck_assert_str_eq(ga_warc_record_header(rec, "X-Folded"), "first part second part");
    ck_assert_int_eq(ga_warc_record_body_status(rec), GA_OK);
    b = ga_warc_record_body(rec, &len);
    ck_assert_uint_eq(len, 3576);
    ck_assert_int_eq(memcmp(b, "<html><body><ul><li>", 20), 0);
    ck_assert_int_eq(memcmp(b + len - 20, "</ul></body></html>\n", 20), 0);
    ck_assert_ptr_nonnull(strstr(b, "通知公告第39条</a><span>2023-07-31</span>"));
    const char *p = ga_warc_record_payload(rec, &len);
    ck_assert_int_eq(memcmp(p, "64;ext=1\r\n\x1f\x8b", 12), 0);
    ck_assert_int_eq(memcmp(p + len - 23, "\r\n0\r\nX-Trailer: yes\r\n\r\n", 23), 0);

    /* raw deflate, GBK bytes untouched */
    rec = expect_record(r, GA_WARC_RESPONSE);
    body_is(rec, GBK_PAGE, strlen(GBK_PAGE));
    /* zlib deflate, 404 */
    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_int_eq(ga_warc_record_http_status(rec), 404);
    body_is(rec, "no such page\n", 13);

    rec = expect_record(r, GA_WARC_METADATA);
    ck_assert_str_eq(ga_warc_record_header(rec, "WARC-Refers-To"),
                     "<urn:uuid:00000003-0000-4000-8000-000000000000>");
    b = ga_warc_record_body(rec, &len);
    ck_assert_str_eq(b, "outlink: http://www.example.gov.cn/col/list_1.html\r\n");
    rec = expect_record(r, GA_WARC_RESOURCE);
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "metadata://example/crawl.log");
    body_is(rec, "crawl finished\n", 15);
    rec = expect_record(r, GA_WARC_REVISIT);
    ck_assert_int_eq(ga_warc_record_http_status(rec), 200);
    ck_assert_str_eq(ga_warc_record_http_header(rec, "Content-Type"), "text/html");
    body_is(rec, "", 0);
    expect_end(r);
}

START_TEST(plain_gzip_and_whole_file_gzip)
{
    const char *names[] = {"basic.warc", "basic.warc.gz", "whole.warc.gz"};
    for (int i = 0; i < 3; i++) {
        size_t len;
        char *data = load(names[i], &len);
        ga_warc_reader_t *r = open_mem(data, len, NULL);
        ck_assert_int_eq(ga_warc_reader_is_gzip(r), i > 0);
        check_basic(r);
        ga_warc_reader_free(r);
        free(data);

        ga_error_t *err = NULL;
        ck_assert_int_eq(ga_warc_reader_open(fixture(names[i]), NULL, &r, &err), GA_OK);
        check_basic(r);
        ga_warc_reader_free(r);
    }
}
END_TEST

/* Record offsets: a reader opened at a record's offset starts with that record. */
START_TEST(offsets_point_at_records)
{
    const char *names[] = {"basic.warc", "basic.warc.gz"};
    for (int i = 0; i < 2; i++) {
        size_t len;
        char *data = load(names[i], &len);
        ga_warc_reader_t *r = open_mem(data, len, NULL);
        const ga_warc_record_t *rec;
        uint64_t prev = 0;
        int n = 0;
        while (ga_warc_next(r, &rec, NULL) == GA_OK && rec) {
            uint64_t off = ga_warc_record_offset(rec);
            ck_assert(n == 0 ? off == 0 : off > prev);
            prev = off;
            char id[128];
            snprintf(id, sizeof id, "%s", ga_warc_record_id(rec));
            ga_warc_reader_t *r2 = open_mem(data + off, len - (size_t)off, NULL);
            const ga_warc_record_t *rec2 = expect_record(r2, ga_warc_record_type(rec));
            ck_assert_str_eq(ga_warc_record_id(rec2), id);
            ck_assert_uint_eq(ga_warc_record_offset(rec2), 0);
            ga_warc_reader_free(r2);
            if (i == 0)
                ck_assert_int_eq(memcmp(data + off, "WARC/1.", 7), 0);
            else
                ck_assert_int_eq(memcmp(data + off, "\x1f\x8b\x08", 3), 0);
            n++;
        }
        ck_assert_int_eq(n, 9);
        ga_warc_reader_free(r);
        free(data);
    }
}
END_TEST

/* A FILE positioned after other bytes: offsets are file offsets. */
START_TEST(file_stream_offsets)
{
    size_t len;
    char *data = load("basic.warc.gz", &len);
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    fputs("some preamble that is not read\n", f);
    long at = ftell(f);
    fwrite(data, 1, len, f);
    fseek(f, at, SEEK_SET);
    ga_warc_reader_t *r = NULL;
    ck_assert_int_eq(ga_warc_reader_open_file(f, NULL, &r, NULL), GA_OK);
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_WARCINFO);
    ck_assert_uint_eq(ga_warc_record_offset(rec), (uint64_t)at);
    rec = expect_record(r, GA_WARC_REQUEST);
    ck_assert_uint_gt(ga_warc_record_offset(rec), (uint64_t)at);
    ck_assert_int_eq(memcmp(data + ga_warc_record_offset(rec) - at, "\x1f\x8b", 2), 0);
    ga_warc_reader_free(r);
    fclose(f);
    free(data);
}
END_TEST

START_TEST(truncated_record_then_next)
{
    size_t len;
    char *data = load("truncated.warc", &len);
    ga_warc_reader_t *r = open_mem(data, len, NULL);
    expect_record(r, GA_WARC_WARCINFO);
    expect_record(r, GA_WARC_REQUEST);
    /* The cut response starts at byte 618 (after warcinfo and request). */
    ck_assert_int_eq(memcmp(data + 618, "WARC/1.0\r\nWARC-Type: response", 29), 0);
    expect_error(r, GA_ERR_TRUNCATED, 618, "60 bytes into its block");
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://www.example.gov.cn/col/list_1.html");
    size_t blen;
    ga_warc_record_body(rec, &blen);
    ck_assert_uint_eq(blen, 3576);
    rec = expect_record(r, GA_WARC_RESPONSE);
    body_is(rec, GBK_PAGE, strlen(GBK_PAGE));
    expect_end(r);
    ga_warc_reader_free(r);

    /* The same with bodies not kept: the bytes after the cut are held back and re-read. */
    ga_warc_options_t o = {.size = sizeof o, .skip_types = ~0u};
    r = open_mem(data, len, &o);
    expect_record(r, GA_WARC_WARCINFO);
    expect_record(r, GA_WARC_REQUEST);
    expect_error(r, GA_ERR_TRUNCATED, 618, NULL);
    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_ptr_null(ga_warc_record_body(rec, NULL));
    ck_assert_int_eq(ga_warc_record_http_status(rec), 200);
    ck_assert_str_eq(ga_warc_record_http_header(rec, "Transfer-Encoding"), "chunked");
    expect_record(r, GA_WARC_RESPONSE);
    expect_end(r);
    ga_warc_reader_free(r);
    free(data);
}
END_TEST

START_TEST(truncated_gzip)
{
    size_t len;
    char *data = load("truncated.warc.gz", &len);
    ga_warc_reader_t *r = open_mem(data, len, NULL);
    expect_record(r, GA_WARC_WARCINFO);
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_REQUEST);
    uint64_t cut_off = ga_warc_record_offset(rec);
    ck_assert_uint_gt(cut_off, 0);
    (void)cut_off;
    /* The cut record's member starts where the third gzip magic is. */
    size_t third = 0;
    for (size_t i = 1, k = 0; i + 2 < len; i++)
        if (!memcmp(data + i, "\x1f\x8b\x08", 3) && ++k == 2) {
            third = i;
            break;
        }
    expect_error(r, GA_ERR_TRUNCATED, third, NULL);
    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://www.example.gov.cn/col/list_1.html");
    expect_end(r);
    ga_warc_reader_free(r);
    free(data);

    /* A file cut inside its last gzip member. */
    data = load("cut-member.warc.gz", &len);
    r = open_mem(data, len, NULL);
    expect_record(r, GA_WARC_WARCINFO);
    expect_record(r, GA_WARC_REQUEST);
    expect_error(r, GA_ERR_TRUNCATED, 462, "gzip member is truncated");
    expect_end(r);
    ga_warc_reader_free(r);
    free(data);
}
END_TEST

START_TEST(garbage_between_records)
{
    size_t len;
    char *data = load("garbage.warc", &len);
    ga_warc_reader_t *r = open_mem(data, len, NULL);
    expect_record(r, GA_WARC_WARCINFO);
    expect_error(r, GA_ERR_FORMAT, 253, "53 bytes that are not a WARC record");
    expect_record(r, GA_WARC_REQUEST);
    expect_record(r, GA_WARC_RESPONSE);
    expect_error(r, GA_ERR_FORMAT, 1329, "30 bytes");
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_str_eq(ga_warc_record_version(rec), "WARC/1.1");
    expect_end(r);
    ga_warc_reader_free(r);
    free(data);

    data = load("garbage.warc.gz", &len);
    r = open_mem(data, len, NULL);
    expect_record(r, GA_WARC_WARCINFO);
    expect_error(r, GA_ERR_FORMAT, 199, "53 bytes between gzip members");
    expect_record(r, GA_WARC_REQUEST);
    expect_record(r, GA_WARC_RESPONSE);
    expect_end(r);
    ga_warc_reader_free(r);
    free(data);
}
END_TEST

START_TEST(corrupt_gzip_member)
{
    size_t len;
    char *data = load("corrupt.warc.gz", &len);
    ga_warc_reader_t *r = open_mem(data, len, NULL);
    expect_record(r, GA_WARC_WARCINFO);
    expect_error(r, GA_ERR_FORMAT, 199, "corrupt gzip member");
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESPONSE);
    body_is(rec, GBK_PAGE, strlen(GBK_PAGE));
    expect_end(r);
    ga_warc_reader_free(r);

    /* Same through a FILE, where going back to the member start means seeking. */
    FILE *f = fopen(fixture("corrupt.warc.gz"), "rb");
    ck_assert_int_eq(ga_warc_reader_open_file(f, NULL, &r, NULL), GA_OK);
    expect_record(r, GA_WARC_WARCINFO);
    expect_error(r, GA_ERR_FORMAT, 199, NULL);
    expect_record(r, GA_WARC_RESPONSE);
    expect_end(r);
    ga_warc_reader_free(r);
    fclose(f);

    /* And through a pipe, which cannot seek. */
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "cat '%s'", fixture("corrupt.warc.gz"));
    f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(ga_warc_reader_open_file(f, NULL, &r, NULL), GA_OK);
    expect_record(r, GA_WARC_WARCINFO);
    expect_error(r, GA_ERR_FORMAT, 199, NULL);
    body_is(expect_record(r, GA_WARC_RESPONSE), GBK_PAGE, strlen(GBK_PAGE));
    expect_end(r);
    ga_warc_reader_free(r);
    pclose(f);
    free(data);
}
END_TEST

/* A Content-Length too large swallows the next records; they are found again. */
START_TEST(wrong_content_length)
{
    size_t len;
    char *data = load("bad-length.warc", &len);
    ga_warc_reader_t *r = open_mem(data, len, NULL);
    expect_record(r, GA_WARC_WARCINFO);
    expect_error(r, GA_ERR_TRUNCATED, 253, NULL);
    expect_record(r, GA_WARC_METADATA);
    expect_record(r, GA_WARC_RESOURCE);
    expect_end(r);
    ga_warc_reader_free(r);
    free(data);

    /* Too small: the block does not end with CRLF CRLF; the next record is found. */
    const char *two = "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 3\r\n\r\nabcdef\r\n\r\n"
                      "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 2\r\n\r\nok\r\n\r\n";
    r = open_mem(two, strlen(two), NULL);
    expect_error(r, GA_ERR_FORMAT, 0, "does not end");
    body_is(expect_record(r, GA_WARC_RESOURCE), "ok", 2);
    expect_end(r);
    ga_warc_reader_free(r);
}
END_TEST

static int keep_all(const ga_warc_record_t *rec, void *data);

/* A record kept under GA_WARC_KEEP_DAMAGED: damage `st`, block `block`. */
static const ga_warc_record_t *expect_damaged(ga_warc_reader_t *r, ga_warc_type_t t,
                                              ga_status_t st, const char *why_part)
{
    const ga_warc_record_t *rec = expect_record(r, t);
    const char *why = NULL;
    ck_assert_int_eq(ga_warc_record_damage(rec, &why), st);
    ck_assert_ptr_nonnull(why);
    ck_assert_msg(strstr(why, why_part), "'%s' not in '%s'", why_part, why);
    return rec;
}

static void expect_whole(ga_warc_reader_t *r, ga_warc_type_t t, const char *block)
{
    const ga_warc_record_t *rec = expect_record(r, t);
    const char *why = "x";
    ck_assert_int_eq(ga_warc_record_damage(rec, &why), GA_OK);
    ck_assert_ptr_null(why);
    body_is(rec, block, strlen(block));
}

START_TEST(damaged_records_kept)
{
    static const char next[] =
        "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 2\r\n\r\nok\r\n\r\n";
    static const char http_head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
    ga_warc_options_t o = {.size = sizeof o, .flags = GA_WARC_KEEP_DAMAGED};
    ga_buf_t b = {0};
    char head[256];

    /* A response cut short by the next record: Content-Length says 5000 bytes. */
    snprintf(head, sizeof head, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: "
             "http://www.example.gov.cn/a.html\r\nContent-Type: application/http; "
             "msgtype=response\r\nContent-Length: 5000\r\n\r\n");
    ga_buf_append(&b, head, strlen(head));
    ga_buf_append(&b, http_head, strlen(http_head));
    ga_buf_append(&b, ARTICLE, 60);
    ga_buf_append(&b, next, strlen(next));
    ga_warc_reader_t *r = open_mem(b.data, b.len, &o);
    const ga_warc_record_t *rec =
        expect_damaged(r, GA_WARC_RESPONSE, GA_ERR_TRUNCATED, "next record starts");
    ck_assert_int_eq(ga_warc_record_http_status(rec), 200);
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://www.example.gov.cn/a.html");
    body_is(rec, ARTICLE, 60);
    size_t blen;
    ga_warc_record_block(rec, &blen);
    ck_assert_uint_eq(blen, strlen(http_head) + 60);
    expect_whole(r, GA_WARC_RESOURCE, "ok");
    expect_end(r);
    ga_warc_reader_free(r);
    /* Without the flag the record is an error, as in 1.0. */
    r = open_mem(b.data, b.len, NULL);
    expect_error(r, GA_ERR_TRUNCATED, 0, "next record starts");
    expect_whole(r, GA_WARC_RESOURCE, "ok");
    expect_end(r);
    ga_warc_reader_free(r);
    /* A block not kept (skipped type): the record still comes, flagged. */
    ga_warc_options_t skip = {.size = sizeof skip, .flags = GA_WARC_KEEP_DAMAGED,
                              .skip_types = ~0u};
    r = open_mem(b.data, b.len, &skip);
    rec = expect_damaged(r, GA_WARC_RESPONSE, GA_ERR_TRUNCATED, "next record starts");
    ck_assert_ptr_null(ga_warc_record_body(rec, NULL));
    ck_assert_int_eq(ga_warc_record_http_status(rec), 200);
    expect_record(r, GA_WARC_RESOURCE);
    expect_end(r);
    ga_warc_reader_free(r);

    /* Cut inside the HTTP head, with a keep function: the head it saw ran into the next
     * record, the record handed out holds only its own bytes. */
    b.len = 0;
    ga_buf_append(&b, head, strlen(head));
    ga_buf_append(&b, "HTTP/1.1 200 OK\r\n", 17);
    ga_buf_append(&b, next, strlen(next));
    int asked = 0;
    ga_warc_options_t keep = {.size = sizeof keep, .flags = GA_WARC_KEEP_DAMAGED,
                              .keep = keep_all, .keep_data = &asked};
    r = open_mem(b.data, b.len, &keep);
    rec = expect_damaged(r, GA_WARC_RESPONSE, GA_ERR_TRUNCATED, "17 bytes into");
    ga_warc_record_block(rec, &blen);
    ck_assert_uint_eq(blen, 17);
    ck_assert_uint_eq(ga_warc_record_http_header_count(rec), 0);
    size_t n = 99;
    const char *body = ga_warc_record_body(rec, &n);
    ck_assert(!body || (n <= blen && body[n] == '\0'));
    expect_whole(r, GA_WARC_RESOURCE, "ok");
    expect_end(r);
    ga_warc_reader_free(r);
    ck_assert_int_ge(asked, 1);

    /* The input ends inside the block: what was read is kept. */
    b.len = 0;
    ga_buf_append(&b, next, strlen(next));
    ga_buf_append(&b, head, strlen(head));
    ga_buf_append(&b, http_head, strlen(http_head));
    ga_buf_append(&b, ARTICLE, 80);
    r = open_mem(b.data, b.len, &o);
    expect_whole(r, GA_WARC_RESOURCE, "ok");
    rec = expect_damaged(r, GA_WARC_RESPONSE, GA_ERR_TRUNCATED, "the input ends");
    body_is(rec, ARTICLE, 80);
    expect_end(r);
    ga_warc_reader_free(r);

    /* Content-Length shorter than the block (warcio's damaged test archive): the block
     * is what Content-Length says, and reading goes on at the next record. */
    const char *longer = "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 3\r\n\r\nabcdef\r\n\r\n";
    b.len = 0;
    ga_buf_append(&b, longer, strlen(longer));
    ga_buf_append(&b, next, strlen(next));
    ga_buf_append(&b, longer, strlen(longer));
    r = open_mem(b.data, b.len, &o);
    rec = expect_damaged(r, GA_WARC_RESOURCE, GA_ERR_FORMAT, "does not end after");
    body_is(rec, "abc", 3);
    expect_whole(r, GA_WARC_RESOURCE, "ok");
    rec = expect_damaged(r, GA_WARC_RESOURCE, GA_ERR_FORMAT, "Content-Length of 3");
    body_is(rec, "abc", 3);
    expect_end(r);
    ga_warc_reader_free(r);
    free(b.data);

    /* Gzip: a member cut short and followed by the next member. */
    size_t len;
    char *data = load("truncated.warc.gz", &len);
    r = open_mem(data, len, &o);
    expect_record(r, GA_WARC_WARCINFO);
    expect_record(r, GA_WARC_REQUEST);
    expect_damaged(r, GA_WARC_RESPONSE, GA_ERR_TRUNCATED, "truncated");
    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_int_eq(ga_warc_record_damage(rec, NULL), GA_OK);
    ck_assert_str_eq(ga_warc_record_target_uri(rec), "http://www.example.gov.cn/col/list_1.html");
    expect_end(r);
    ga_warc_reader_free(r);
    free(data);
    ck_assert_int_eq(ga_warc_record_damage(NULL, NULL), GA_OK);
}
END_TEST

START_TEST(empty_and_blank_input)
{
    size_t len;
    char *data = load("empty.warc", &len);
    ck_assert_uint_eq(len, 0);
    ga_warc_reader_t *r = open_mem(data, len, NULL);
    expect_end(r);
    ga_warc_reader_free(r);
    free(data);
    ck_assert_int_eq(ga_warc_reader_open(fixture("empty.warc"), NULL, &r, NULL), GA_OK);
    expect_end(r);
    ga_warc_reader_free(r);
    r = open_mem(NULL, 0, NULL);
    expect_end(r);
    ga_warc_reader_free(r);
    r = open_mem("\r\n\r\n\n", 5, NULL);
    expect_end(r);
    ga_warc_reader_free(r);
    /* Only garbage: one error, then the end. */
    r = open_mem("hello", 5, NULL);
    expect_error(r, GA_ERR_FORMAT, 0, "5 bytes");
    expect_end(r);
    ga_warc_reader_free(r);
    /* A lone gzip member of nothing. */
    unsigned char empty_gz[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    r = open_mem(empty_gz, sizeof empty_gz, NULL);
    ck_assert_int_eq(ga_warc_reader_is_gzip(r), 1);
    expect_end(r);
    ga_warc_reader_free(r);
}
END_TEST

static char *make_record(const char *type, const char *extra_header, const char *block,
                         size_t block_len, size_t *out_len)
{
    ga_buf_t b = {0};
    char head[256];
    snprintf(head, sizeof head, "WARC/1.0\r\nWARC-Type: %s\r\n", type);
    ga_buf_append(&b, head, strlen(head));
    if (extra_header)
        ga_buf_append(&b, extra_header, strlen(extra_header));
    snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", block_len);
    ga_buf_append(&b, head, strlen(head));
    ga_buf_append(&b, block, block_len);
    ga_buf_append(&b, "\r\n\r\n", 4);
    *out_len = b.len;
    return b.data;
}

START_TEST(huge_header_lines)
{
    /* A 2 MiB header line: GA_ERR_LIMIT at the record, the next record is read. */
    size_t big = (size_t)2 << 20;
    char *line = malloc(big + 32);
    memcpy(line, "X-Big: ", 7);
    memset(line + 7, 'a', big);
    memcpy(line + 7 + big, "\r\n", 3);
    size_t l1, l2;
    char *r1 = make_record("resource", line, "one", 3, &l1);
    char *r2 = make_record("resource", NULL, "two", 3, &l2);
    char *all = malloc(l1 + l2);
    memcpy(all, r1, l1);
    memcpy(all + l1, r2, l2);
    ga_warc_reader_t *r = open_mem(all, l1 + l2, NULL);
    expect_error(r, GA_ERR_LIMIT, 0, "WARC header longer than");
    body_is(expect_record(r, GA_WARC_RESOURCE), "two", 3);
    expect_end(r);
    ga_warc_reader_free(r);
    free(r1);
    free(all);

    /* 900 KB fits under the 1 MiB limit. */
    line[7 + 900000] = '\0';
    strcat(line, "\r\n");
    r1 = make_record("resource", line, "one", 3, &l1);
    r = open_mem(r1, l1, NULL);
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESOURCE);
    ck_assert_uint_eq(strlen(ga_warc_record_header(rec, "x-big")), 900000);
    body_is(rec, "one", 3);
    expect_end(r);
    ga_warc_reader_free(r);
    free(r1);

    /* A huge HTTP header: the record is read, but not as HTTP. */
    char *block = malloc(big + 64);
    strcpy(block, "HTTP/1.1 200 OK\r\nX-Big: ");
    size_t bl = strlen(block);
    memset(block + bl, 'b', big);
    memcpy(block + bl + big, "\r\n\r\nbody", 8);
    ga_warc_options_t o = {.size = sizeof o, .skip_types = GA_WARC_TYPE_BIT(GA_WARC_RESPONSE)};
    r1 = make_record("response", "Content-Type: application/http;msgtype=response\r\n", block,
                     bl + big + 8, &l1);
    for (int kept = 0; kept < 2; kept++) {
        r = open_mem(r1, l1, kept ? NULL : &o);
        rec = expect_record(r, GA_WARC_RESPONSE);
        ck_assert_int_eq(ga_warc_record_is_http(rec), 0);
        ck_assert_int_eq(ga_warc_record_http_status(rec), 0);
        ck_assert_uint_eq(ga_warc_record_http_header_count(rec), 0);
        if (kept) { /* the body is then the block */
            size_t n;
            ga_warc_record_body(rec, &n);
            ck_assert_uint_eq(n, bl + big + 8);
        }
        expect_end(r);
        ga_warc_reader_free(r);
    }
    free(r1);
    free(block);
    free(r2);
    free(line);
}
END_TEST

START_TEST(header_errors)
{
    const char *in[] = {
        /* no Content-Length */
        "WARC/1.0\r\nWARC-Type: resource\r\n\r\nabc\r\n\r\n",
        /* bad Content-Length */
        "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 12x\r\n\r\nabc\r\n\r\n",
        /* a line without a colon */
        "WARC/1.0\r\nWARC-Type resource\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n",
        /* ends inside the header */
        "WARC/1.0\r\nWARC-Type: resource\r\nContent-Le",
    };
    ga_status_t want[] = {GA_ERR_FORMAT, GA_ERR_FORMAT, GA_ERR_FORMAT, GA_ERR_TRUNCATED};
    const char *good = "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 2\r\n\r\nok\r\n\r\n";
    for (int i = 0; i < 4; i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s%s", good, in[i]);
        size_t n = strlen(buf);
        if (i < 3) {
            strcat(buf, good);
        }
        ga_warc_reader_t *r = open_mem(buf, strlen(buf), NULL);
        body_is(expect_record(r, GA_WARC_RESOURCE), "ok", 2);
        expect_error(r, want[i], strlen(good), NULL);
        if (i < 3)
            body_is(expect_record(r, GA_WARC_RESOURCE), "ok", 2);
        expect_end(r);
        ga_warc_reader_free(r);
        (void)n;
    }
    /* Writers that end blocks with one CRLF, or none, before the next record. */
    const char *short_trailers = "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 2\r\n\r\nok\r\n"
                                 "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 2\r\n\r\nno"
                                 "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 3\r\n\r\nend";
    ga_warc_reader_t *r = open_mem(short_trailers, strlen(short_trailers), NULL);
    body_is(expect_record(r, GA_WARC_RESOURCE), "ok", 2);
    body_is(expect_record(r, GA_WARC_RESOURCE), "no", 2);
    body_is(expect_record(r, GA_WARC_RESOURCE), "end", 3);
    expect_end(r);
    ga_warc_reader_free(r);

    /* LF-only line ends are accepted; unknown types are UNKNOWN. */
    const char *lf = "WARC/1.0\nWARC-Type: frobnicate\nContent-Length: 2\n\nok\n\n";
    r = open_mem(lf, strlen(lf), NULL);
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_UNKNOWN);
    ck_assert_str_eq(ga_warc_record_header(rec, "WARC-Type"), "frobnicate");
    body_is(rec, "ok", 2);
    expect_end(r);
    ga_warc_reader_free(r);
}
END_TEST

static const ga_warc_record_t *http_record(ga_warc_reader_t **r, const char *headers,
                                           const void *payload, size_t plen,
                                           const ga_warc_options_t *o, char **keep)
{
    ga_buf_t block = {0};
    ga_buf_append(&block, "HTTP/1.1 200 OK\r\n", 17);
    ga_buf_append(&block, headers, strlen(headers));
    ga_buf_append(&block, "\r\n", 2);
    ga_buf_append(&block, payload, plen);
    size_t len;
    *keep = make_record("response", "Content-Type: application/http;msgtype=response\r\n",
                        block.data, block.len, &len);
    ga_buf_free(&block);
    *r = open_mem(*keep, len, o);
    return expect_record(*r, GA_WARC_RESPONSE);
}

START_TEST(body_decoding)
{
    ga_warc_reader_t *r;
    char *mem;
    const char *text = "政府网站 body text that compresses well, well, well, well.";
    size_t glen;
    char *g = compress_buf(text, strlen(text), 31, &glen);

    /* gzip, then two gzip layers, then unsupported br */
    const ga_warc_record_t *rec =
        http_record(&r, "Content-Encoding: gzip\r\n", g, glen, NULL, &mem);
    body_is(rec, text, strlen(text));
    ga_warc_reader_free(r);
    free(mem);
    size_t g2len;
    char *g2 = compress_buf(g, glen, 31, &g2len);
    rec = http_record(&r, "Content-Encoding: gzip, x-gzip\r\n", g2, g2len, NULL, &mem);
    body_is(rec, text, strlen(text));
    ck_assert_int_eq(ga_warc_record_body_status(rec), GA_OK);
    ga_warc_reader_free(r);
    free(mem);
    rec = http_record(&r, "Content-Encoding: br\r\n", "\x0b\x02\x80hi\x03", 6, NULL, &mem);
    ck_assert_int_eq(ga_warc_record_body_status(rec), GA_ERR_UNSUPPORTED);
    body_is(rec, "\x0b\x02\x80hi\x03", 6);
    ga_warc_reader_free(r);
    free(mem);

    /* gzip cut short */
    rec = http_record(&r, "Content-Encoding: gzip\r\n", g, glen / 2, NULL, &mem);
    ck_assert_int_eq(ga_warc_record_body_status(rec), GA_ERR_TRUNCATED);
    size_t blen;
    const char *b = ga_warc_record_body(rec, &blen);
    ck_assert_uint_le(blen, strlen(text));
    ck_assert_int_eq(memcmp(b, text, blen), 0);
    ga_warc_reader_free(r);
    free(mem);

    /* NO_DECODE leaves the payload */
    ga_warc_options_t o = {.size = sizeof o, .flags = GA_WARC_NO_DECODE};
    rec = http_record(&r, "Content-Encoding: gzip\r\n", g, glen, &o, &mem);
    body_is(rec, g, glen);
    ga_warc_reader_free(r);
    free(mem);

    /* chunked: extensions, uppercase hex, several chunks, missing last chunk */
    const char *ch = "5;name=v\r\nhello\r\nA\r\n 0123456789\r\n0\r\n\r\n";
    rec = http_record(&r, "Transfer-Encoding: chunked\r\n", ch, strlen(ch), NULL, &mem);
    body_is(rec, "hello 012345678", 15);
    ga_warc_reader_free(r);
    free(mem);
    ch = "5\r\nhello\r\n6\r\n world";
    rec = http_record(&r, "Transfer-Encoding: chunked\r\n", ch, strlen(ch), NULL, &mem);
    ck_assert_int_eq(ga_warc_record_body_status(rec), GA_ERR_TRUNCATED);
    body_is(rec, "hello world", 11);
    ga_warc_reader_free(r);
    free(mem);
    /* chunked claimed but stored de-chunked: taken as it is */
    rec = http_record(&r, "Transfer-Encoding: chunked\r\n", "<html>x</html>", 14, NULL, &mem);
    ck_assert_int_eq(ga_warc_record_body_status(rec), GA_OK);
    body_is(rec, "<html>x</html>", 14);
    ga_warc_reader_free(r);
    free(mem);
    /* gzip claimed but stored decompressed */
    rec = http_record(&r, "Content-Encoding: gzip\r\n", "<html>y</html>", 14, NULL, &mem);
    body_is(rec, "<html>y</html>", 14);
    ga_warc_reader_free(r);
    free(mem);
    /* corrupt chunk size line after a good chunk */
    ch = "2\r\nab\r\nzz\r\n";
    rec = http_record(&r, "Transfer-Encoding: chunked\r\n", ch, strlen(ch), NULL, &mem);
    ck_assert_int_eq(ga_warc_record_body_status(rec), GA_ERR_FORMAT);
    body_is(rec, "ab", 2);
    ga_warc_reader_free(r);
    free(mem);
    free(g2);
    free(g);

    /* HTTP/2 status lines as browser-based crawlers write them; no reason phrase. */
    const char *h2 = "HTTP/2 301\r\nlocation: /new\r\n\r\n";
    size_t h2len;
    char *h2rec = make_record("response", NULL, h2, strlen(h2), &h2len);
    r = open_mem(h2rec, h2len, NULL);
    rec = expect_record(r, GA_WARC_RESPONSE);
    ck_assert_int_eq(ga_warc_record_http_status(rec), 301);
    ck_assert_str_eq(ga_warc_record_http_header(rec, "Location"), "/new");
    ga_warc_reader_free(r);
    free(h2rec);

    /* A gzip bomb stops at max_record_size. */
    size_t big = 8 << 20;
    char *zeros = calloc(1, big);
    size_t zlen;
    char *zb = compress_buf(zeros, big, 31, &zlen);
    ga_warc_options_t small = {.size = sizeof small, .max_record_size = 1 << 20};
    rec = http_record(&r, "Content-Encoding: gzip\r\n", zb, zlen, &small, &mem);
    ck_assert_int_eq(ga_warc_record_body_status(rec), GA_ERR_LIMIT);
    ga_warc_record_body(rec, &blen);
    ck_assert_uint_eq(blen, 1 << 20);
    ga_warc_reader_free(r);
    free(mem);
    free(zb);
    free(zeros);
}
END_TEST

START_TEST(limits_and_skipping)
{
    size_t len;
    char *data = load("basic.warc", &len);
    /* Records past 300 bytes of block fail with GA_ERR_LIMIT; reading goes on. */
    ga_warc_options_t o = {.size = sizeof o, .max_record_size = 300};
    ga_warc_reader_t *r = open_mem(data, len, &o);
    expect_record(r, GA_WARC_WARCINFO);
    expect_record(r, GA_WARC_REQUEST);
    expect_error(r, GA_ERR_LIMIT, 618, "larger than the limit of 300");
    expect_error(r, GA_ERR_LIMIT, 1276, NULL);
    expect_record(r, GA_WARC_RESPONSE);
    expect_record(r, GA_WARC_RESPONSE);
    expect_record(r, GA_WARC_METADATA);
    expect_record(r, GA_WARC_RESOURCE);
    expect_record(r, GA_WARC_REVISIT);
    expect_end(r);
    ga_warc_reader_free(r);

    /* Skipped responses keep their HTTP head but no block. */
    ga_warc_options_t skip = {.size = sizeof skip,
                              .skip_types = GA_WARC_TYPE_BIT(GA_WARC_RESPONSE)};
    r = open_mem(data, len, &skip);
    expect_record(r, GA_WARC_WARCINFO);
    const ga_warc_record_t *rec = expect_record(r, GA_WARC_REQUEST);
    ck_assert_ptr_nonnull(ga_warc_record_block(rec, NULL));
    rec = expect_record(r, GA_WARC_RESPONSE);
    size_t blen = 99;
    ck_assert_ptr_null(ga_warc_record_block(rec, &blen));
    ck_assert_uint_eq(blen, 0);
    ck_assert_ptr_null(ga_warc_record_body(rec, NULL));
    ck_assert_ptr_null(ga_warc_record_payload(rec, NULL));
    ck_assert_int_eq(ga_warc_record_http_status(rec), 200);
    ck_assert_str_eq(ga_warc_record_http_header(rec, "Content-Type"), "text/html; charset=utf-8");
    ga_warc_reader_free(r);
    free(data);

    /* Bad options and arguments. */
    ga_error_t *err = NULL;
    ga_warc_options_t bad = {.size = sizeof bad - 1};
    ck_assert_int_eq(ga_warc_reader_open_memory("", 0, &bad, &r, &err), GA_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
    ga_error_free(err);
    err = NULL;
    ga_warc_options_t flags = {.size = sizeof flags, .flags = 0x80};
    ck_assert_int_eq(ga_warc_reader_open_memory("", 0, &flags, &r, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_warc_reader_open(fixture("no-such.warc"), NULL, &r, &err), GA_ERR_IO);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "no-such.warc"));
    ck_assert_ptr_nonnull(strstr(ga_error_file(err), "no-such.warc"));
    ga_error_free(err);
    /* A folder opens but cannot be read: a read error naming it. */
    err = NULL;
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", fixture("site"));
    ck_assert_int_eq(ga_warc_reader_open(dir, NULL, &r, &err), GA_ERR_IO);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(ga_error_message(err), "site"));
    ga_error_free(err);
    ck_assert_int_eq(ga_warc_next(NULL, NULL, NULL), GA_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ga_warc_reader_open_memory(NULL, 5, NULL, &r, NULL),
                     GA_ERR_INVALID_ARGUMENT);
    ga_warc_reader_free(NULL);
    ck_assert_str_eq(ga_warc_type_name((ga_warc_type_t)99), "unknown");
    ck_assert_str_eq(ga_warc_type_name(GA_WARC_REVISIT), "revisit");
}
END_TEST

typedef struct {
    int calls, kept;
} keep_stats_t;

/* Keep HTML bodies of 200 responses only; check what the function may see. */
static int keep_html(const ga_warc_record_t *rec, void *data)
{
    keep_stats_t *st = data;
    st->calls++;
    ck_assert_ptr_null(ga_warc_record_block(rec, NULL));
    ck_assert_ptr_null(ga_warc_record_body(rec, NULL));
    ck_assert_ptr_nonnull(ga_warc_record_header(rec, "Content-Length"));
    const char *ct = ga_warc_record_http_header(rec, "Content-Type");
    int keep = ga_warc_record_http_status(rec) == 200 && ct && !strncmp(ct, "text/html", 9);
    st->kept += keep;
    return keep;
}

static int keep_none(const ga_warc_record_t *rec, void *data)
{
    (void)rec;
    ++*(int *)data;
    return 0;
}

static int keep_all(const ga_warc_record_t *rec, void *data)
{
    (void)rec;
    ++*(int *)data;
    return 1;
}

START_TEST(keep_function)
{
    const char *names[] = {"basic.warc", "basic.warc.gz"};
    for (int i = 0; i < 2; i++) {
        size_t len;
        char *data = load(names[i], &len);
        keep_stats_t st = {0, 0};
        ga_warc_options_t o = {.size = sizeof o, .keep = keep_html, .keep_data = &st};
        ga_warc_reader_t *r = open_mem(data, len, &o);
        ck_assert_ptr_null(ga_warc_record_body(expect_record(r, GA_WARC_WARCINFO), NULL));
        const ga_warc_record_t *rec = expect_record(r, GA_WARC_REQUEST);
        ck_assert_ptr_null(ga_warc_record_block(rec, NULL));
        ck_assert_str_eq(ga_warc_record_http_line(rec), "GET /art/t20230731_1.html HTTP/1.1");
        body_is(expect_record(r, GA_WARC_RESPONSE), ARTICLE, strlen(ARTICLE));
        size_t n;
        ga_warc_record_body(expect_record(r, GA_WARC_RESPONSE), &n);
        ck_assert_uint_eq(n, 3576);
        body_is(expect_record(r, GA_WARC_RESPONSE), GBK_PAGE, strlen(GBK_PAGE));
        rec = expect_record(r, GA_WARC_RESPONSE);
        ck_assert_int_eq(ga_warc_record_http_status(rec), 404);
        ck_assert_ptr_null(ga_warc_record_body(rec, NULL));
        ck_assert_ptr_null(ga_warc_record_body(expect_record(r, GA_WARC_METADATA), NULL));
        ck_assert_ptr_null(ga_warc_record_body(expect_record(r, GA_WARC_RESOURCE), NULL));
        body_is(expect_record(r, GA_WARC_REVISIT), "", 0);
        expect_end(r);
        ck_assert_int_eq(st.calls, 9);
        ck_assert_int_eq(st.kept, 4);
        ga_warc_reader_free(r);

        /* skip_types wins: skipped types are not asked. */
        st.calls = st.kept = 0;
        o.skip_types = GA_WARC_TYPE_BIT(GA_WARC_RESPONSE);
        r = open_mem(data, len, &o);
        while (ga_warc_next(r, &rec, NULL) == GA_OK && rec)
            ;
        ck_assert_int_eq(st.calls, 5);
        ga_warc_reader_free(r);
        free(data);
    }

    /* Cut records: with every block refused or kept, damage is found and reading goes on
     * exactly as without the function. */
    size_t len;
    char *data = load("truncated.warc", &len);
    for (int yes = 0; yes < 2; yes++) {
        int calls = 0;
        ga_warc_options_t o = {.size = sizeof o, .keep = yes ? keep_all : keep_none,
                               .keep_data = &calls};
        ga_warc_reader_t *r = open_mem(data, len, &o);
        expect_record(r, GA_WARC_WARCINFO);
        expect_record(r, GA_WARC_REQUEST);
        expect_error(r, GA_ERR_TRUNCATED, 618, "60 bytes into its block");
        const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESPONSE);
        ck_assert_str_eq(ga_warc_record_target_uri(rec),
                         "http://www.example.gov.cn/col/list_1.html");
        ck_assert_int_eq(!!ga_warc_record_body(rec, NULL), yes);
        rec = expect_record(r, GA_WARC_RESPONSE);
        if (yes)
            body_is(rec, GBK_PAGE, strlen(GBK_PAGE));
        expect_end(r);
        ck_assert_int_eq(calls, 5);
        ga_warc_reader_free(r);
    }
    free(data);
}
END_TEST

/* Every prefix of the files reads without crashing, ends, and yields at most the full
 * records, all intact (a record either comes out whole or as an error). */
START_TEST(every_prefix)
{
    const char *names[] = {"basic.warc", "basic.warc.gz"};
    for (int f = 0; f < 2; f++) {
        size_t len;
        char *data = load(names[f], &len);
        /* Where the article's response record is (its gzip member for .gz). */
        ga_warc_reader_t *full = open_mem(data, len, NULL);
        expect_record(full, GA_WARC_WARCINFO);
        expect_record(full, GA_WARC_REQUEST);
        uint64_t article = ga_warc_record_offset(expect_record(full, GA_WARC_RESPONSE));
        ga_warc_reader_free(full);
        int whole_articles = 0;
        for (size_t cut = 0; cut <= len; cut++) {
            char *copy = malloc(cut + 1); /* exact size, so ASan sees reads past the end */
            memcpy(copy, data, cut);
            ga_warc_reader_t *r = open_mem(copy, cut, NULL);
            int records = 0, calls = 0;
            for (;; calls++) {
                ck_assert_int_lt(calls, 40);
                const ga_warc_record_t *rec;
                ga_error_t *err = NULL;
                ga_status_t st = ga_warc_next(r, &rec, &err);
                if (st != GA_OK) {
                    ck_assert(st == GA_ERR_TRUNCATED || st == GA_ERR_FORMAT);
                    ck_assert_uint_le(ga_error_offset(err), cut);
                    ga_error_free(err);
                    continue;
                }
                if (!rec)
                    break;
                records++;
                ck_assert_int_le(records, 9);
                if (ga_warc_record_type(rec) == GA_WARC_RESPONSE &&
                    ga_warc_record_offset(rec) == article) {
                    body_is(rec, ARTICLE, strlen(ARTICLE));
                    whole_articles++;
                }
            }
            if (cut == len)
                ck_assert_int_eq(records, 9);
            ga_warc_reader_free(r);
            free(copy);
        }
        /* Every cut past the article's record end gives it whole: many do. */
        ck_assert_int_gt(whole_articles, (int)len / 2);
        free(data);
    }
}
END_TEST

/* Damage each byte of the plain file in turn: the reader always ends, never crashes. */
START_TEST(every_byte_damaged)
{
    size_t len;
    char *data = load("basic.warc", &len);
    for (size_t i = 0; i < len; i += 3) {
        char saved = data[i];
        data[i] = (char)(saved ^ 0x5a);
        ga_warc_reader_t *r = open_mem(data, len, NULL);
        int calls = 0, records = 0;
        for (;; calls++) {
            ck_assert_int_lt(calls, 60);
            const ga_warc_record_t *rec;
            ga_status_t st = ga_warc_next(r, &rec, NULL);
            if (st == GA_OK && !rec)
                break;
            records += st == GA_OK;
        }
        ck_assert_int_ge(records, 7); /* one damaged record costs at most two */
        ga_warc_reader_free(r);
        data[i] = saved;
    }
    free(data);
}
END_TEST

/* A corrupt member much larger than the input buffers, read from memory, a FILE and a
 * pipe: the next member is found each time. */
START_TEST(large_corrupt_member)
{
    size_t big = 300000, l1, l2, g1, g2;
    char *noise = malloc(big);
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < big; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise[i] = (char)x;
    }
    char *r1 = make_record("resource", NULL, noise, big, &l1);
    char *r2 = make_record("resource", NULL, "after", 5, &l2);
    char *m1 = compress_buf(r1, l1, 31, &g1);
    char *m2 = compress_buf(r2, l2, 31, &g2);
    for (size_t i = g1 / 2; i < g1 / 2 + 16; i++)
        m1[i] ^= 0x33;
    char *all = malloc(g1 + g2);
    memcpy(all, m1, g1);
    memcpy(all + g1, m2, g2);
    FILE *f = tmpfile();
    fwrite(all, 1, g1 + g2, f);
    fflush(f);
    for (int how = 0; how < 3; how++) {
        ga_warc_reader_t *r = NULL;
        FILE *in = NULL;
        if (how == 0) {
            r = open_mem(all, g1 + g2, NULL);
        } else if (how == 1) {
            rewind(f);
            ck_assert_int_eq(ga_warc_reader_open_file(f, NULL, &r, NULL), GA_OK);
        } else {
            char cmd[64];
            snprintf(cmd, sizeof cmd, "cat /proc/self/fd/%d", fileno(f));
            rewind(f);
            in = popen(cmd, "r");
            ck_assert_int_eq(ga_warc_reader_open_file(in, NULL, &r, NULL), GA_OK);
        }
        expect_error(r, GA_ERR_FORMAT, 0, "corrupt gzip member");
        const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESOURCE);
        ck_assert_uint_eq(ga_warc_record_offset(rec), g1);
        body_is(rec, "after", 5);
        expect_end(r);
        ga_warc_reader_free(r);
        if (in)
            pclose(in);
    }
    fclose(f);
    free(all);
    free(m1);
    free(m2);
    free(r1);
    free(r2);
    free(noise);
}
END_TEST

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A 96 MiB record is read past in bounded memory when skipped, and refused (not
 * allocated) when kept under the default 64 MiB limit. */
START_TEST(big_records_bounded_memory)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    size_t big = (size_t)96 << 20;
    fprintf(f, "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: %zu\r\n\r\n", big);
    char *chunk = malloc(1 << 20);
    memset(chunk, 'x', 1 << 20);
    for (size_t i = 0; i < big >> 20; i++)
        fwrite(chunk, 1, 1 << 20, f);
    free(chunk);
    fputs("\r\n\r\nWARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 3\r\n\r\nend\r\n\r\n", f);
    long before = max_rss_kb();
    for (int pass = 0; pass < 2; pass++) {
        rewind(f);
        ga_warc_options_t skip = {.size = sizeof skip, .skip_types = ~0u};
        ga_warc_reader_t *r = NULL;
        ck_assert_int_eq(ga_warc_reader_open_file(f, pass ? NULL : &skip, &r, NULL), GA_OK);
        if (pass == 0) {
            const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESOURCE);
            ck_assert_uint_eq(ga_warc_record_content_length(rec), big);
            ck_assert_ptr_null(ga_warc_record_body(rec, NULL));
        } else {
            expect_error(r, GA_ERR_LIMIT, 0, "larger than the limit");
        }
        const ga_warc_record_t *rec = expect_record(r, GA_WARC_RESOURCE);
        if (pass)
            body_is(rec, "end", 3);
        expect_end(r);
        ga_warc_reader_free(r);
    }
    ck_assert_int_lt(max_rss_kb() - before, 16 * 1024);
    fclose(f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("warc");
    TCase *tc = tcase_create("warc");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, plain_gzip_and_whole_file_gzip);
    tcase_add_test(tc, offsets_point_at_records);
    tcase_add_test(tc, file_stream_offsets);
    tcase_add_test(tc, truncated_record_then_next);
    tcase_add_test(tc, truncated_gzip);
    tcase_add_test(tc, garbage_between_records);
    tcase_add_test(tc, corrupt_gzip_member);
    tcase_add_test(tc, wrong_content_length);
    tcase_add_test(tc, damaged_records_kept);
    tcase_add_test(tc, empty_and_blank_input);
    tcase_add_test(tc, huge_header_lines);
    tcase_add_test(tc, header_errors);
    tcase_add_test(tc, body_decoding);
    tcase_add_test(tc, limits_and_skipping);
    tcase_add_test(tc, keep_function);
    tcase_add_test(tc, every_prefix);
    tcase_add_test(tc, every_byte_damaged);
    tcase_add_test(tc, big_records_bounded_memory);
    tcase_add_test(tc, large_corrupt_member);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
