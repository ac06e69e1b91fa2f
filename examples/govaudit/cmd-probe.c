/* govaudit probe: rounds of availability probes of many URLs at once, as JSON lines (a
 * probe log) or one line of text per probe. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int cmd_probe(int argc, char **argv);

/* Seconds (fractions allowed) as milliseconds in [min_ms, max_ms]. */
static bool seconds_ms(const char *s, double min_ms, double max_ms, uint32_t *ms)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end) * 1000;
    if (errno || end == s || *end || !(v >= min_ms && v <= max_ms))
        return false;
    *ms = (uint32_t)v;
    return true;
}

static bool count_arg(const char *s, unsigned long max, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v > max)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* Append whole lines to the log: it is opened for each round (so it may be rotated
 * between rounds), a line is written by one write() and the file is synced with the round,
 * so a crash or a kill loses at most the round in flight, never a logged line. A log whose
 * last line was torn by a crash gets a newline first, so the torn line stays a line of
 * its own (readers skip it). */
static int open_log(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    struct stat st;
    char last = '\n';
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
        int rfd = open(path, O_RDONLY | O_CLOEXEC);
        if (rfd >= 0) {
            if (pread(rfd, &last, 1, st.st_size - 1) != 1)
                last = '\n';
            close(rfd);
        }
    }
    if (last != '\n' && write(fd, "\n", 1) != 1) {
        close(fd);
        return -1;
    }
    return fd;
}

static bool write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

static void text_line(const ga_probe_results_t *r, size_t i, FILE *out)
{
    char when[32];
    time_t s = (time_t)(ga_probe_result_time_ms(r, i) / 1000);
    struct tm tm;
    localtime_r(&s, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    const char *e = ga_probe_result_error(r, i);
    fprintf(out, "%s  %-4s %3d %6u ms  %s%s%s\n", when, ga_probe_result_ok(r, i) ? "ok" : "FAIL",
            ga_probe_result_status(r, i), ga_probe_result_elapsed_ms(r, i),
            ga_probe_result_url(r, i), e ? "  " : "", e ? e : "");
}

/* URLs from a file, one a line (blank lines and # comments skipped), added to `urls`. */
static bool read_urls(const char *path, char **data, const char ***urls, size_t *n, size_t *cap)
{
    size_t len;
    if (!cli_read_input(path, CLI_TEXT_LIMIT, data, &len))
        return false;
    for (char *p = *data, *save = NULL, *line; (line = strtok_r(p, "\r\n", &save)); p = NULL) {
        while (*line == ' ' || *line == '\t')
            line++;
        if (!*line || *line == '#')
            continue;
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 64;
            const char **g = realloc(*urls, nc * sizeof *g);
            if (!g)
                return false;
            *urls = g;
            *cap = nc;
        }
        (*urls)[(*n)++] = line;
    }
    return true;
}

static void sleep_ms(int64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};
    while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cmd_probe(int argc, char **argv)
{
    const cli_command_t *self = cli_find("probe");
    ga_probe_options_t opt = {.size = sizeof opt};
    uint32_t rounds = 1, interval_ms = 600000;
    const char *log_path = NULL, *url_file = NULL, *value;
    bool json = false;
    int rc = CLI_OK;
    const char **urls = NULL;
    size_t n = 0, cap = 0;
    char *url_data = NULL;
    cli_progress_t pg = {.wanted = -1};
    for (int i = 1; i < argc && !rc; i++) {
        if (cli_progress_option(argv[i], &pg))
            continue;
        if (cli_option(argc, argv, &i, "--rounds", &value)) {
            if (!count_arg(value, 10000000, &rounds))
                rc = cli_usage(self, "--rounds wants a count (0: until stopped)");
        } else if (cli_option(argc, argv, &i, "--interval", &value)) {
            if (!seconds_ms(value, 0, 86400e3, &interval_ms))
                rc = cli_usage(self, "--interval wants seconds (up to a day)");
        } else if (cli_option(argc, argv, &i, "--timeout", &value)) {
            if (!seconds_ms(value, 1, 3600e3, &opt.timeout_ms))
                rc = cli_usage(self, "--timeout wants seconds (up to an hour)");
        } else if (cli_option(argc, argv, &i, "--tries", &value)) {
            if (!count_arg(value, 20, &opt.tries) || !opt.tries)
                rc = cli_usage(self, "--tries wants 1 to 20");
        } else if (cli_option(argc, argv, &i, "--retry-delay", &value)) {
            if (!seconds_ms(value, 1, 3600e3, &opt.retry_delay_ms))
                rc = cli_usage(self, "--retry-delay wants seconds");
        } else if (cli_option(argc, argv, &i, "--per-host", &value)) {
            if (!count_arg(value, 1000, &opt.per_host))
                rc = cli_usage(self, "--per-host wants a count");
        } else if (cli_option(argc, argv, &i, "--delay", &value)) {
            if (!seconds_ms(value, 0, 3600e3, &opt.host_delay_ms))
                rc = cli_usage(self, "--delay wants seconds");
        } else if (cli_option(argc, argv, &i, "--parallel", &value)) {
            if (!count_arg(value, 100000, &opt.parallel) || !opt.parallel)
                rc = cli_usage(self, "--parallel wants a count");
        } else if (cli_option(argc, argv, &i, "--ca-file", &value)) {
            opt.ca_file = value;
        } else if (cli_option(argc, argv, &i, "--log", &value)) {
            log_path = value;
        } else if (cli_option(argc, argv, &i, "--urls", &value)) {
            url_file = value;
        } else if (strcmp(argv[i], "--allow-private") == 0) {
            opt.flags |= GA_PROBE_ALLOW_PRIVATE;
        } else if (strcmp(argv[i], "--check-page") == 0) {
            opt.flags |= GA_PROBE_CHECK_PAGE;
        } else if (strcmp(argv[i], "--ipv6") == 0) {
            opt.flags |= GA_PROBE_IPV6;
        } else if (strcmp(argv[i], "--cert") == 0) {
            opt.flags |= GA_PROBE_CERT;
        } else if (strcmp(argv[i], "--robots") == 0) {
            opt.flags |= GA_PROBE_ROBOTS;
        } else if (strcmp(argv[i], "--head") == 0) {
            opt.flags |= GA_PROBE_HEAD;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (argv[i][0] == '-') {
            rc = cli_usage(self, "unknown option");
        } else {
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 16;
                const char **g = realloc(urls, nc * sizeof *g);
                if (!g) {
                    rc = cli_usage(self, "out of memory");
                    break;
                }
                urls = g;
                cap = nc;
            }
            urls[n++] = argv[i];
        }
    }
    if (!rc && url_file && !read_urls(url_file, &url_data, &urls, &n, &cap))
        rc = CLI_BAD_INPUT;
    if (!rc && !n)
        rc = cli_usage(self, "missing URL");
    /* A log that cannot be opened is a usage error before the first round; later, a round
     * whose log cannot be written is reported and the job goes on. */
    int fd = -1;
    if (!rc && log_path) {
        if ((fd = open_log(log_path)) < 0) {
            cli_message("govaudit probe: cannot append to %s: %s\n", log_path,
                        strerror(errno));
            rc = CLI_BAD_INPUT;
        } else {
            close(fd);
        }
    }
    cli_progress_start(&pg, "probe");
    opt.progress = cli_progress_fn(&pg);
    opt.progress_user = &pg;
    for (uint32_t round = 0; !rc && (rounds == 0 || round < rounds); round++) {
        int64_t started = now_ms();
        ga_probe_results_t *res = NULL;
        ga_error_t *err = NULL;
        ga_status_t st = ga_probe_run(urls, n, &opt, &res, &err);
        cli_progress_finish(&pg); /* the results below start on a line of their own */
        if (st) {
            rc = cli_fail("govaudit probe", st, err);
            break;
        }
        fd = log_path ? open_log(log_path) : -1;
        if (log_path && fd < 0)
            cli_message("govaudit probe: cannot append to %s: %s\n", log_path, strerror(errno));
        for (size_t i = 0; i < n; i++) {
            char *line = NULL;
            size_t len = 0;
            if ((json || log_path) && (st = ga_probe_result_json(res, i, &line, &len, &err))) {
                rc = cli_fail("govaudit probe", st, err);
                break;
            }
            if (json) {
                fwrite(line, 1, len, stdout);
                putchar('\n');
            } else {
                text_line(res, i, stdout);
            }
            fflush(stdout);
            if (fd >= 0) {
                line[len] = '\n'; /* the NUL becomes the newline: one write per line */
                if (!write_all(fd, line, len + 1))
                    cli_message("govaudit probe: cannot write to %s: %s\n", log_path,
                                strerror(errno));
            }
            ga_string_free(line);
        }
        if (fd >= 0) {
            fsync(fd);
            close(fd);
            fd = -1;
        }
        ga_probe_results_free(res);
        if (!rc && (rounds == 0 || round + 1 < rounds))
            sleep_ms(started + interval_ms - now_ms());
    }
    free(urls);
    free(url_data);
    return rc;
}
