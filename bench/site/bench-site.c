/* Whole-site audit throughput and peak memory on a generated crawl, next to the anchor
 * measured in the same run: reading the same WARC and parsing every HTML page with the page
 * module alone (the floor any audit pays). Each phase runs in its own child process so its
 * peak resident memory is its own.
 *   bench-site GENERATE.PY [ARTICLES]     (or GA_BENCH_PAGES; default 100000) */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <govaudit/govaudit.h>

typedef struct phase {
    double wall, cpu;  /* seconds */
    long maxrss_kb;
    size_t pages;
    int ok;
} phase_t;

static double cpu_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The anchor: every 2xx HTML response parsed, nothing else. */
static size_t parse_only(const char *warc)
{
    ga_warc_options_t o = {.size = sizeof o, .skip_types = GA_WARC_TYPE_BIT(GA_WARC_REQUEST)};
    ga_warc_reader_t *r;
    if (ga_warc_reader_open(warc, &o, &r, NULL) != GA_OK)
        return 0;
    size_t pages = 0;
    for (;;) {
        const ga_warc_record_t *rec;
        if (ga_warc_next(r, &rec, NULL) != GA_OK)
            continue;
        if (!rec)
            break;
        int st = ga_warc_record_http_status(rec);
        const char *ct = ga_warc_record_http_header(rec, "Content-Type");
        if (st < 200 || st >= 300 || !ct || strncmp(ct, "text/html", 9))
            continue;
        size_t len;
        const char *body = ga_warc_record_body(rec, &len);
        ga_page_t *p;
        if (body && ga_page_parse(body, len, ga_warc_record_target_uri(rec), NULL, &p, NULL) == GA_OK) {
            pages++;
            ga_page_free(p);
        }
    }
    ga_warc_reader_free(r);
    return pages;
}

/* The progress callback of the measured phase: counts its calls, as a front end would
 * redraw a line. */
static int count_progress(void *user, const ga_progress_t *p)
{
    (void)p;
    ++*(size_t *)user;
    return 0;
}

static size_t audit(const char *warc, unsigned flags, bool progress, double *t0, double *c0)
{
    int64_t t;
    ga_profile_t *profile;
    ga_matcher_t *matcher;
    ga_error_t *err = NULL;
    ga_time_parse("2023-08-15 23:59:59", 19, &t, NULL);
    if (ga_profile_load_builtin("gov-website-2019", &profile, &err) != GA_OK ||
        ga_matcher_load_default(&matcher, &err) != GA_OK) {
        fprintf(stderr, "bench-site: %s\n", ga_error_message(err));
        return 0;
    }
    /* Compiling the rule packs is a start-up cost, not part of the pages' rate. */
    *t0 = now();
    *c0 = cpu_now();
    static size_t calls;
    ga_site_options_t o = {.size = sizeof o, .flags = flags,
                           .progress = progress ? count_progress : NULL, .progress_user = &calls};
    ga_site_result_t *r;
    size_t pages = 0;
    if (ga_site_audit(warc, profile, matcher, t, &o, &r, &err) == GA_OK) {
        pages = ga_site_result_count(r, GA_SITE_PAGES);
        char *json;
        if (ga_report_json(r, 0, &json, NULL, NULL) == GA_OK)
            ga_string_free(json);
        ga_site_result_free(r);
    } else {
        fprintf(stderr, "bench-site: %s\n", ga_error_message(err));
    }
    ga_matcher_free(matcher);
    ga_profile_free(profile);
    return pages;
}

/* Run one phase in a child: 0 the anchor, 1 the audit, 2 the audit without dedup, 3 the
 * audit with a progress callback. */
static phase_t run(int which, const char *warc)
{
    phase_t ph = {0};
    int fd[2];
    if (pipe(fd) != 0)
        return ph;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        double t0 = now(), c0 = cpu_now();
        size_t pages = which == 0 ? parse_only(warc)
                                  : audit(warc, which == 2 ? GA_SITE_NO_DEDUP : 0, which == 3,
                                          &t0, &c0);
        double wall = now() - t0, cpu = cpu_now() - c0;
        /* Wall and CPU time of the measured part only (not the rule packs' compilation). */
        if (write(fd[1], &pages, sizeof pages) != sizeof pages ||
            write(fd[1], &wall, sizeof wall) != sizeof wall ||
            write(fd[1], &cpu, sizeof cpu) != sizeof cpu)
            _exit(1);
        _exit(0);
    }
    close(fd[1]);
    struct rusage ru;
    int status;
    ssize_t a = read(fd[0], &ph.pages, sizeof ph.pages);
    ssize_t b = read(fd[0], &ph.wall, sizeof ph.wall);
    ssize_t c = read(fd[0], &ph.cpu, sizeof ph.cpu);
    close(fd[0]);
    if (wait4(pid, &status, 0, &ru) < 0)
        return ph;
    ph.maxrss_kb = ru.ru_maxrss;
    ph.ok = a == sizeof ph.pages && b == sizeof ph.wall && c == sizeof ph.cpu && WIFEXITED(status) &&
            WEXITSTATUS(status) == 0 && ph.pages > 0;
    return ph;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-site GENERATE.PY [ARTICLES]\n");
        return 2;
    }
    long articles = argc > 2 ? atol(argv[2]) : getenv("GA_BENCH_PAGES") ? atol(getenv("GA_BENCH_PAGES")) : 100000;
    if (access("/usr/bin/python3", X_OK) != 0 || access(argv[1], R_OK) != 0) {
        printf("bench-site: skipped: /usr/bin/python3 or %s is missing (the crawl is generated)\n",
               argv[1]);
        return 0;
    }
    char dir[] = "/tmp/ga-bench-siteXXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char warc[600], cmd[2048];
    snprintf(warc, sizeof warc, "%s/site.warc.gz", dir);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' - --articles %ld --warc '%s'", argv[1],
             articles, warc);
    double g0 = now();
    if (system(cmd) != 0) {
        fprintf(stderr, "bench-site: generating the crawl failed: %s\n", cmd);
        return 1;
    }
    printf("generated crawl: %ld articles requested, %s (%.1f s)\n", articles, warc, now() - g0);
    phase_t ph[4];
    static const char *const names[] = {"anchor: WARC read + page parse only", "whole audit",
                                        "whole audit without dedup",
                                        "whole audit, progress callback"};
    for (int i = 0; i < 4; i++)
        ph[i] = run(i, warc);
    /* The anchor once more after the audits, the faster run kept: on a shared machine one
     * run can be slowed by a neighbour. */
    phase_t again = run(0, warc);
    if (again.ok && (!ph[0].ok || again.pages / again.cpu > ph[0].pages / ph[0].cpu))
        ph[0] = again;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench-site: could not remove %s\n", dir);
    printf("%-38s %8s %10s %12s %10s %12s\n", "phase", "pages", "pages/s", "pages/cpu-s",
           "peak MiB", "vs anchor");
    for (int i = 0; i < 4; i++) {
        if (!ph[i].ok) {
            printf("%-38s failed\n", names[i]);
            return 1;
        }
        double rate = ph[i].pages / ph[i].wall, crate = ph[i].pages / ph[i].cpu;
        printf("%-38s %8zu %10.0f %12.0f %10.1f %11.2fx\n", names[i], ph[i].pages, rate, crate,
               ph[i].maxrss_kb / 1024.0, crate / (ph[0].pages / ph[0].cpu));
    }
    printf("(rates over the measured part only, rule-pack compilation excluded; 'vs anchor' "
           "compares CPU rates, steadier than wall time on a shared machine)\n");
    printf("progress callback: %+.1f%% CPU time against the whole audit without one "
           "(machine noise is of the same order: compare over several runs)\n",
           100.0 * (ph[3].cpu / ph[3].pages / (ph[1].cpu / ph[1].pages) - 1));
    return 0;
}
