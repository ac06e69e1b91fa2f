/* Shared scaffolding of the Check unit test programs. */
#ifndef GA_TESTUTIL_H
#define GA_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/core.h>

#include "core/core-internal.h"

/* Run every test of `s`, free it, and turn the outcome into main's exit status. */
static inline int ga_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Path of tests/fixtures/DIR/NAME. Meson runs tests from the build root, where __FILE__
 * (this header's) is a relative path into the source tree. Valid until the next call. */
static inline const char *ga_test_fixture_path(const char *dir, const char *name)
{
    static char path[4096];
    const char *f = __FILE__;
    const char *slash = strrchr(f, '/');
    int n = slash ? (int)(slash - f) : 0;
    snprintf(path, sizeof path, "%.*s%s../fixtures/%s/%s", n, f, n ? "/" : "", dir, name);
    return path;
}

/* The bytes of tests/fixtures/DIR/NAME (NUL-terminated, caller frees); aborts the test
 * when it cannot be read. */
static inline char *ga_test_fixture(const char *dir, const char *name, size_t *len)
{
    char *data = NULL;
    ga_error_t *err = NULL;
    if (ga_read_file(ga_test_fixture_path(dir, name), &data, len, &err) != GA_OK)
        ck_abort_msg("cannot read fixture %s: %s", ga_test_fixture_path(dir, name),
                     ga_error_message(err));
    return data;
}

#endif
