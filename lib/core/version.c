#include "core-internal.h"

const char *ga_version_string(void) { return GA_VERSION_STRING; }

int ga_version_number(void)
{
    return GA_VERSION_MAJOR * 10000 + GA_VERSION_MINOR * 100 + GA_VERSION_PATCH;
}
