/* Shared scaffolding of the Check unit test programs. */
#ifndef GA_TESTUTIL_H
#define GA_TESTUTIL_H

#include <check.h>
#include <stdlib.h>

/* Run every test of `s`, free it, and turn the outcome into main's exit status. */
static inline int ga_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
