#include <stdlib.h>

#include "core-internal.h"

#ifndef GA_DATADIR
#define GA_DATADIR "/usr/local/share/govaudit"
#endif

const char *ga_data_dir(void)
{
    /* Read on every call so tests and relocated installs can point at another tree. */
    const char *env = getenv("GOVAUDIT_DATA_DIR");
    return env && *env ? env : GA_DATADIR;
}
