#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core-internal.h"

#ifndef GA_DATADIR
#define GA_DATADIR "/usr/local/share/govaudit"
#endif

/* The build tree's data folder beside the running library or program, found once. */
static char build_data[PATH_MAX];
static pthread_once_t build_data_once = PTHREAD_ONCE_INIT;

/* A data folder, not a source tree's data/: the build compiles dict/default.gadict. */
static bool holds_data(const char *dir)
{
    char path[PATH_MAX];
    struct stat st;
    if (snprintf(path, sizeof path, "%s/rules", dir) >= (int)sizeof path ||
        stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    return snprintf(path, sizeof path, "%s/dict/default.gadict", dir) < (int)sizeof path &&
           stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* build/lib/libgovaudit.so -> build/data; build/examples/govaudit/govaudit and
 * build/tests/unit/test-x (static library) -> build/data. */
static bool find_beside(const char *file)
{
    char dir[PATH_MAX], candidate[PATH_MAX];
    if (!file || !*file || !realpath(file, dir))
        return false;
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            return false;
        *slash = '\0';
        if (snprintf(candidate, sizeof candidate, "%s/../data", dir) >= (int)sizeof candidate)
            return false;
        if (holds_data(candidate) && realpath(candidate, build_data))
            return true;
    }
    return false;
}

static void find_build_data(void)
{
    Dl_info info;
    if (dladdr((void *)ga_data_dir, &info) && find_beside(info.dli_fname))
        return;
    if (!find_beside("/proc/self/exe"))
        build_data[0] = '\0';
}

const char *ga_data_dir(void)
{
    /* Read on every call so tests and relocated installs can point at another tree. */
    const char *env = getenv("GOVAUDIT_DATA_DIR");
    if (env && *env)
        return env;
    /* An uninstalled build uses its own data even when an older install exists. */
    pthread_once(&build_data_once, find_build_data);
    return build_data[0] ? build_data : GA_DATADIR;
}

ga_status_t ga_data_missing(ga_error_t **err, const char *path, const char *what)
{
    const char *env = getenv("GOVAUDIT_DATA_DIR");
    const char *origin = env && *env ? "set by GOVAUDIT_DATA_DIR"
                         : ga_data_dir() == build_data ? "a build tree's"
                                                       : "the install folder";
    return ga_error_set_at(err, GA_ERR_IO, path, 0, 0,
                           "cannot open the %s: the data folder is %s (%s; looked at "
                           "GOVAUDIT_DATA_DIR, then data/ of a build tree beside the library "
                           "or program, then " GA_DATADIR "); set GOVAUDIT_DATA_DIR to a "
                           "folder holding rules/, dict/ and profiles/",
                           what, ga_data_dir(), origin);
}
