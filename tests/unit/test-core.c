#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <govaudit/govaudit.h>

#include "testutil.h"

#include "core/core-internal.h"

START_TEST(version_matches_headers)
{
    ck_assert_str_eq(ga_version_string(), GA_VERSION_STRING);
    ck_assert_int_eq(ga_version_number(),
                     GA_VERSION_MAJOR * 10000 + GA_VERSION_MINOR * 100 + GA_VERSION_PATCH);
    ck_assert_int_eq(GA_VERSION_MAJOR, 1);
}
END_TEST

START_TEST(status_strings_are_distinct)
{
    for (int a = GA_OK; a <= GA_ERR_CANCELLED; a++) {
        ck_assert_ptr_nonnull(ga_status_string((ga_status_t)a));
        ck_assert_str_ne(ga_status_string((ga_status_t)a), "unknown status");
        for (int b = a + 1; b <= GA_ERR_CANCELLED; b++)
            ck_assert_str_ne(ga_status_string((ga_status_t)a), ga_status_string((ga_status_t)b));
    }
    ck_assert_str_eq(ga_status_string((ga_status_t)999), "unknown status");
}
END_TEST

START_TEST(error_details)
{
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_error_set_at(&err, GA_ERR_SYNTAX, "rules.txt", 12, 7, "bad %s", "severity"),
                     GA_ERR_SYNTAX);
    ck_assert_ptr_nonnull(err);
    ck_assert_int_eq(ga_error_status(err), GA_ERR_SYNTAX);
    ck_assert_str_eq(ga_error_message(err), "bad severity");
    ck_assert_str_eq(ga_error_file(err), "rules.txt");
    ck_assert_uint_eq(ga_error_line(err), 12);
    ck_assert_uint_eq(ga_error_column(err), 7);
    ck_assert_uint_eq(ga_error_offset(err), GA_NO_OFFSET);
    /* A second failure replaces the first. */
    ga_error_set_offset(&err, GA_ERR_INVALID_UTF8, 42, "bad byte");
    ck_assert_int_eq(ga_error_status(err), GA_ERR_INVALID_UTF8);
    ck_assert_ptr_null(ga_error_file(err));
    ck_assert_uint_eq(ga_error_offset(err), 42);
    ck_assert_uint_eq(ga_error_line(err), 0);
    ga_error_free(err);
    ga_error_free(NULL);
    /* NULL err discards details but keeps the status. */
    ck_assert_int_eq(ga_error_set(NULL, GA_ERR_IO, "x"), GA_ERR_IO);
    ck_assert_ptr_null(ga_error_message(NULL));
}
END_TEST

static void expect_invalid(const char *s, size_t len, size_t at)
{
    size_t bad = 12345;
    ck_assert_int_eq(ga_utf8_validate(s, len, &bad), GA_ERR_INVALID_UTF8);
    ck_assert_uint_eq(bad, at);
}

START_TEST(utf8_validation)
{
    const char *ok = "abc 政府网站 ＡＢＣ 𠀀 é";
    ck_assert_int_eq(ga_utf8_validate(ok, strlen(ok), NULL), GA_OK);
    ck_assert_int_eq(ga_utf8_validate("", 0, NULL), GA_OK);
    ck_assert_int_eq(ga_utf8_validate(NULL, 0, NULL), GA_OK);
    expect_invalid("abcdefghij\x80", 11, 10);          /* stray continuation after ASCII run */
    expect_invalid("政\xC0\xAF", 5, 3);                 /* overlong */
    expect_invalid("\xED\xA0\x80", 3, 0);                /* surrogate */
    expect_invalid("ab\xF4\x90\x80\x80", 6, 2);          /* past U+10FFFF */
    expect_invalid("ab\xE6\x94", 4, 2);                  /* truncated */
    expect_invalid("\xFF", 1, 0);
}
END_TEST

/* The validator's fast paths (ASCII words, three-byte runs) against a plain decode loop on
 * random mixes of valid characters and damage: the same verdict and the same bad offset. */
START_TEST(utf8_validation_matches_decoder)
{
    static const char *pieces[] = {"a", "abcdefgh", "政", "府网站", "\xE0\xA0\x80", "\xED\x9F\xBF",
                                   "\xEF\xBF\xBD", "é", "𠀀", "\xE0\x80\x80", "\xED\xA0\x80",
                                   "\xE6\x94", "\x80", "\xC0\xAF", "\xF4\x90\x80\x80", "\xFF"};
    const size_t n_pieces = sizeof pieces / sizeof pieces[0];
    uint32_t seed = 12345;
    char buf[256];
    for (int round = 0; round < 200000; round++) {
        size_t len = 0;
        int parts = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            /* Mostly valid pieces, so that damage lands deep in three-byte runs too. */
            size_t pick = (seed >> 16) % 16 < 13 ? (seed >> 20) % 9 : (seed >> 20) % n_pieces;
            size_t pl = strlen(pieces[pick]);
            memcpy(buf + len, pieces[pick], pl);
            len += pl;
        }
        size_t cut = round % 7 == 0 && len ? len - 1 : len; /* some end mid-character */
        size_t pos = 0, want_bad = SIZE_MAX;
        while (pos < cut) {
            size_t at = pos;
            if (ga_utf8_next(buf, cut, &pos) < 0) {
                want_bad = at;
                break;
            }
        }
        size_t bad = SIZE_MAX;
        ga_status_t st = ga_utf8_validate(buf, cut, &bad);
        ck_assert_int_eq(st, want_bad == SIZE_MAX ? GA_OK : GA_ERR_INVALID_UTF8);
        ck_assert_uint_eq(bad, want_bad);
    }
}
END_TEST

START_TEST(utf8_next_and_length)
{
    const char *s = "a政\xE6\x94" "b𠀀";
    size_t len = strlen(s), pos = 0;
    ck_assert_int_eq(ga_utf8_next(s, len, &pos), 'a');
    ck_assert_int_eq(ga_utf8_next(s, len, &pos), 0x653F);
    ck_assert_uint_eq(pos, 4);
    ck_assert_int_eq(ga_utf8_next(s, len, &pos), -1); /* truncated E6 94 is one subpart */
    ck_assert_uint_eq(pos, 6);
    ck_assert_int_eq(ga_utf8_next(s, len, &pos), 'b');
    ck_assert_int_eq(ga_utf8_next(s, len, &pos), 0x20000);
    ck_assert_int_eq(ga_utf8_next(s, len, &pos), -1);
    ck_assert_uint_eq(pos, len);
    ck_assert_uint_eq(ga_utf8_length(s, len), 5);
    /* Every code point round-trips through the internal encoder. */
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x800 ? 1 : 97)) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char buf[4];
        size_t n = ga_utf8_encode(cp, buf), p = 0;
        ck_assert_int_eq(ga_utf8_next(buf, n, &p), (int32_t)cp);
        ck_assert_uint_eq(p, n);
    }
}
END_TEST

START_TEST(data_dir_follows_environment)
{
    setenv("GOVAUDIT_DATA_DIR", "/tmp/ga-data", 1);
    ck_assert_str_eq(ga_data_dir(), "/tmp/ga-data");
    setenv("GOVAUDIT_DATA_DIR", "", 1);
    ck_assert_str_ne(ga_data_dir(), "");
    unsetenv("GOVAUDIT_DATA_DIR");
    /* This test runs uninstalled: the build tree's data beside the program is found. */
    char path[4096];
    snprintf(path, sizeof path, "%s/dict/default.gadict", ga_data_dir());
    ck_assert_int_eq(access(path, R_OK), 0);
    snprintf(path, sizeof path, "%s/rules", ga_data_dir());
    ck_assert_int_eq(access(path, X_OK), 0);
}
END_TEST

START_TEST(hash_is_stable_and_spreads)
{
    ck_assert_uint_eq(ga_hash64("政府网站", strlen("政府网站"), 0),
                      ga_hash64("政府网站", strlen("政府网站"), 0));
    ck_assert_uint_ne(ga_hash64("abc", 3, 0), ga_hash64("abd", 3, 0));
    ck_assert_uint_ne(ga_hash64("abc", 3, 0), ga_hash64("abc", 3, 1));
    ck_assert_uint_ne(ga_hash64("", 0, 0), ga_hash64("\0", 1, 0));
}
END_TEST

/* The rule every options struct follows: sizes from the first shipped size up are read,
 * fields the caller lacks keep their defaults, fields past ours are ignored. */
typedef struct { size_t size; int a; double b; } opts_v1_t;
typedef struct { size_t size; int a; double b; long later; } opts_v2_t;

START_TEST(options_read_by_size)
{
    opts_v2_t o = {sizeof o, 1, 2.0, 3};
    ck_assert_int_eq(ga_options_read(&o, sizeof o, NULL, sizeof(opts_v1_t), "opts_t", NULL), GA_OK);
    ck_assert_int_eq(o.a, 1);
    /* An old caller: `later` keeps its default. */
    opts_v1_t old = {sizeof old, 10, 20.0};
    ck_assert_int_eq(ga_options_read(&o, sizeof o, &old, sizeof(opts_v1_t), "opts_t", NULL), GA_OK);
    ck_assert_int_eq(o.a, 10);
    ck_assert(o.b == 20.0);
    ck_assert_int_eq(o.later, 3);
    ck_assert_uint_eq(o.size, sizeof o);
    /* A newer caller: what we do not know is ignored. */
    struct { opts_v2_t v2; char more[64]; } newer = {{sizeof newer, 5, 6.0, 7}, {0}};
    opts_v1_t mine = {sizeof mine, 0, 0};
    ck_assert_int_eq(ga_options_read(&mine, sizeof mine, &newer, sizeof mine, "opts_t", NULL), GA_OK);
    ck_assert_int_eq(mine.a, 5);
    ck_assert_uint_eq(mine.size, sizeof mine);
    /* Too small (an unset size) or absurd: refused, naming the type. */
    ga_error_t *err = NULL;
    opts_v1_t unset = {0, 1, 1.0};
    ck_assert_int_eq(ga_options_read(&o, sizeof o, &unset, sizeof(opts_v1_t), "opts_t", &err),
                     GA_ERR_INVALID_ARGUMENT);
    ck_assert_str_eq(ga_error_message(err), "opts_t.size is 0; set it to sizeof(opts_t)");
    ga_error_free(err);
    opts_v1_t huge = {1u << 20, 1, 1.0};
    ck_assert_int_eq(ga_options_read(&o, sizeof o, &huge, sizeof(opts_v1_t), "opts_t", NULL),
                     GA_ERR_INVALID_ARGUMENT);
    ga_string_free(NULL);
}
END_TEST

/* Outside text quoted into fixed-size messages stays valid UTF-8. */
START_TEST(utf8_cut_and_clip)
{
    char cut[16];
    snprintf(cut, sizeof cut, "%s", "abc政府网站"); /* 15 bytes fit: 政府网站 is cut after 政府网 */
    ck_assert_uint_eq(ga_utf8_trim_end(cut), strlen(cut));
    ck_assert_str_eq(cut, "abc政府网站");
    char cut2[12];
    memcpy(cut2, "abc政府网站", 11); /* as a cut to 11 bytes leaves it: "abc政府" + 2 of 网 */
    cut2[11] = '\0';
    ck_assert_uint_eq(ga_utf8_trim_end(cut2), 9);
    ck_assert_str_eq(cut2, "abc政府");
    char ascii[] = "plain";
    ck_assert_uint_eq(ga_utf8_trim_end(ascii), 5);
    char *c = ga_utf8_clip("a\xff\xc7政府", 9, 100);
    ck_assert_str_eq(c, "a\xEF\xBF\xBD\xEF\xBF\xBD政府");
    free(c);
    c = ga_utf8_clip("BBBBBBBB\xc7\xbd", 10, 9); /* never half a character */
    ck_assert_str_eq(c, "BBBBBBBB");
    free(c);
    c = ga_utf8_clip("政府网站", 12, 7);
    ck_assert_str_eq(c, "政府");
    ck_assert_int_eq(ga_utf8_validate(c, strlen(c), NULL), GA_OK);
    free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, version_matches_headers);
    tcase_add_test(tc, status_strings_are_distinct);
    tcase_add_test(tc, error_details);
    tcase_add_test(tc, utf8_validation);
    tcase_add_test(tc, utf8_validation_matches_decoder);
    tcase_add_test(tc, utf8_next_and_length);
    tcase_add_test(tc, data_dir_follows_environment);
    tcase_add_test(tc, hash_is_stable_and_spreads);
    tcase_add_test(tc, options_read_by_size);
    tcase_add_test(tc, utf8_cut_and_clip);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
