#include <check.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <govaudit/govaudit.h>

#include "probe/probe-internal.h"
#include "testutil.h"

/* The local servers of tests/fixtures/probe/server.py, started once for the suite. */
static pid_t server_pid;
static int server_stdin = -1;
static int port_http, port_https, port_hang, port_closed, port_http6;
static char workdir[] = "/tmp/ga-probe-test-XXXXXX";
static char cert[sizeof workdir + 16];

static void start_servers(void)
{
    ck_assert_ptr_nonnull(mkdtemp(workdir));
    snprintf(cert, sizeof cert, "%s/cert.pem", workdir);
    int in[2], out[2];
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(out), 0);
    server_pid = fork();
    ck_assert_int_ge(server_pid, 0);
    if (server_pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        execl("/usr/bin/python3", "python3", ga_test_fixture_path("probe", "server.py"), workdir,
              (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    server_stdin = in[1];
    char line[256];
    FILE *f = fdopen(out[0], "r");
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    fclose(f);
    ck_assert_int_eq(sscanf(line, "{\"http\": %d, \"https\": %d, \"hang\": %d, \"closed\": %d, "
                                  "\"http6\": %d}",
                            &port_http, &port_https, &port_hang, &port_closed, &port_http6),
                     5);
}

static void stop_servers(void)
{
    if (server_stdin >= 0)
        close(server_stdin); /* the server exits when its standard input closes */
    if (server_pid > 0)
        waitpid(server_pid, NULL, 0);
    char path[sizeof workdir + 16];
    snprintf(path, sizeof path, "%s/key.pem", workdir);
    unlink(path);
    unlink(cert);
    rmdir(workdir);
}

static char urlbuf[16][128];

/* A URL on the plain server (slot keeps up to 16 alive at once). */
static const char *url(int slot, const char *host, int port, const char *path)
{
    snprintf(urlbuf[slot], sizeof urlbuf[slot], "http://%s:%d%s", host, port, path);
    return urlbuf[slot];
}

static ga_probe_results_t *run(const char *const *urls, size_t n, ga_probe_options_t *o)
{
    ga_probe_results_t *r = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_probe_run(urls, n, o, &r, &err);
    ck_assert_msg(st == GA_OK, "ga_probe_run: %s", err ? ga_error_message(err) : "?");
    ck_assert_uint_eq(ga_probe_results_count(r), n);
    return r;
}

static ga_probe_results_t *run1(const char *u, unsigned flags, uint32_t timeout_ms)
{
    ga_probe_options_t o = {.size = sizeof o, .flags = flags | GA_PROBE_ALLOW_PRIVATE,
                            .timeout_ms = timeout_ms};
    return run(&u, 1, &o);
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

START_TEST(test_loopback_refused_by_default)
{
    const char *u[] = {url(0, "127.0.0.1", port_http, "/ok"), url(1, "localhost", port_http, "/ok"),
                       url(2, "[::1]", port_http6 ? port_http6 : port_http, "/ok"),
                       url(3, "127.1.2.3", port_http, "/ok")};
    ga_probe_options_t o = {.size = sizeof o};
    ga_probe_results_t *r = run(u, 4, &o);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(ga_probe_result_outcome(r, i), GA_PROBE_BLOCKED);
        ck_assert_int_eq(ga_probe_result_status(r, i), 0);
        ck_assert(!ga_probe_result_ok(r, i));
        ck_assert_ptr_nonnull(strstr(ga_probe_result_error(r, i), "loopback"));
        ck_assert_ptr_null(ga_probe_result_final_url(r, i));
    }
    ga_probe_results_free(r);
}
END_TEST

static const struct sockaddr *v4(const char *ip, struct sockaddr_in *sa)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    ck_assert_int_eq(inet_pton(AF_INET, ip, &sa->sin_addr), 1);
    return (const struct sockaddr *)sa;
}

static const struct sockaddr *v6(const char *ip, struct sockaddr_in6 *sa)
{
    memset(sa, 0, sizeof *sa);
    sa->sin6_family = AF_INET6;
    ck_assert_int_eq(inet_pton(AF_INET6, ip, &sa->sin6_addr), 1);
    return (const struct sockaddr *)sa;
}

START_TEST(test_address_policy)
{
    struct sockaddr_in a;
    struct sockaddr_in6 b;
    static const char *const internal4[] = {"127.0.0.1", "10.20.30.40", "172.16.0.1",
                                            "172.31.255.255", "192.168.1.1", "169.254.169.254",
                                            "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255",
                                            "192.0.2.10", "198.18.0.1"};
    for (size_t i = 0; i < sizeof internal4 / sizeof *internal4; i++)
        ck_assert_msg(pr_address_class(v4(internal4[i], &a)), "%s allowed", internal4[i]);
    static const char *const public4[] = {"8.8.8.8", "172.32.0.1", "172.15.255.255",
                                          "59.255.1.1", "202.108.22.5", "100.128.0.1"};
    for (size_t i = 0; i < sizeof public4 / sizeof *public4; i++)
        ck_assert_msg(!pr_address_class(v4(public4[i], &a)), "%s refused", public4[i]);
    static const char *const internal6[] = {"::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
                                            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1",
                                            "2002:c0a8:101::1", "ff02::1", "2001:db8::1"};
    for (size_t i = 0; i < sizeof internal6 / sizeof *internal6; i++)
        ck_assert_msg(pr_address_class(v6(internal6[i], &b)), "%s allowed", internal6[i]);
    static const char *const public6[] = {"2400:3200::1", "240e::1", "::ffff:8.8.8.8",
                                          "2002:808:808::1"};
    for (size_t i = 0; i < sizeof public6 / sizeof *public6; i++)
        ck_assert_msg(!pr_address_class(v6(public6[i], &b)), "%s refused", public6[i]);
}
END_TEST

START_TEST(test_healthy)
{
    ga_probe_results_t *r = run1(url(0, "127.0.0.1", port_http, "/ok"), 0, 5000);
    ck_assert_int_eq(ga_probe_result_outcome(r, 0), GA_PROBE_OK);
    ck_assert(ga_probe_result_ok(r, 0));
    ck_assert_int_eq(ga_probe_result_status(r, 0), 200);
    ck_assert_int_eq(ga_probe_result_family(r, 0), 4);
    ck_assert_ptr_null(ga_probe_result_error(r, 0));
    ck_assert_uint_lt(ga_probe_result_elapsed_ms(r, 0), 5000);
    ck_assert_uint_eq(ga_probe_result_tries(r, 0), 1);
    int64_t now = (int64_t)time(NULL) * 1000;
    ck_assert(llabs(ga_probe_result_time_ms(r, 0) - now) < 10000);
    ga_probe_results_free(r);
    /* HEAD too */
    r = run1(url(0, "127.0.0.1", port_http, "/ok"), GA_PROBE_HEAD | GA_PROBE_CHECK_PAGE, 5000);
    ck_assert_int_eq(ga_probe_result_outcome(r, 0), GA_PROBE_OK);
    ga_probe_results_free(r);
}
END_TEST

START_TEST(test_slow_and_timeout)
{
    const char *u[] = {url(0, "127.0.0.1", port_http, "/slow"), url(1, "127.0.0.1", port_hang, "/")};
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE, .timeout_ms = 5000};
    ga_probe_results_t *r = run(u, 1, &o);
    ck_assert_int_eq(ga_probe_result_outcome(r, 0), GA_PROBE_OK);
    ck_assert_uint_ge(ga_probe_result_elapsed_ms(r, 0), 1400);
    ga_probe_results_free(r);
    o.timeout_ms = 600;
    r = run(u, 2, &o);
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(ga_probe_result_outcome(r, i), GA_PROBE_TIMEOUT);
        ck_assert_int_eq(ga_probe_result_status(r, i), 0);
        ck_assert_uint_ge(ga_probe_result_elapsed_ms(r, i), 550);
        ck_assert_uint_lt(ga_probe_result_elapsed_ms(r, i), 1400);
        ck_assert_str_eq(ga_probe_result_error(r, i), "timeout after 600 ms");
    }
    ga_probe_results_free(r);
}
END_TEST

/* A round of many servers that accept and never answer ends after about one timeout,
 * not one per URL. */
START_TEST(test_hanging_round)
{
    enum { N = 40 };
    const char *u[N];
    char bufs[N][64];
    for (int i = 0; i < N; i++) {
        snprintf(bufs[i], sizeof bufs[i], "http://127.0.0.1:%d/r%d", port_hang, i);
        u[i] = bufs[i];
    }
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE, .timeout_ms = 1000};
    int64_t t0 = mono_ms();
    ga_probe_results_t *r = run(u, N, &o);
    int64_t took = mono_ms() - t0;
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(ga_probe_result_outcome(r, (size_t)i), GA_PROBE_TIMEOUT);
    ck_assert_msg(took < 8000, "a round of %d hanging URLs took %lld ms", N, (long long)took);
    ga_probe_results_free(r);
}
END_TEST

START_TEST(test_flaky_and_tries)
{
    const char *u = url(0, "127.0.0.1", port_http, "/flaky");
    /* 503 and 200 in turn: two single probes see both */
    ga_probe_results_t *a = run1(u, 0, 5000), *b = run1(u, 0, 5000);
    int sa = ga_probe_result_status(a, 0), sb = ga_probe_result_status(b, 0);
    ck_assert((sa == 503 && sb == 200) || (sa == 200 && sb == 503));
    ga_probe_results_t *failed = sa == 503 ? a : b;
    ck_assert_int_eq(ga_probe_result_outcome(failed, 0), GA_PROBE_HTTP_ERROR);
    ck_assert_str_eq(ga_probe_result_error(failed, 0), "HTTP 503");
    ga_probe_results_free(a);
    ga_probe_results_free(b);
    /* with tries, a re-check passes on the try that gets 200 */
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE, .tries = 3,
                            .retry_delay_ms = 100};
    ga_probe_results_t *r = run(&u, 1, &o);
    ck_assert_int_eq(ga_probe_result_outcome(r, 0), GA_PROBE_OK);
    ck_assert_uint_ge(ga_probe_result_tries(r, 0), 1);
    ck_assert_uint_le(ga_probe_result_tries(r, 0), 2);
    ga_probe_results_free(r);
    /* a closed port fails every try */
    u = url(1, "127.0.0.1", port_closed, "/");
    r = run(&u, 1, &o);
    ck_assert_int_eq(ga_probe_result_outcome(r, 0), GA_PROBE_REFUSED);
    ck_assert_uint_eq(ga_probe_result_tries(r, 0), 3);
    ck_assert_int_eq(ga_probe_result_family(r, 0), 0);
    ga_probe_results_free(r);
}
END_TEST

START_TEST(test_reset_redirects_closed)
{
    const char *u[] = {url(0, "127.0.0.1", port_http, "/reset"), url(1, "127.0.0.1", port_http, "/loop"),
                       url(2, "127.0.0.1", port_http, "/redirect"),
                       url(3, "127.0.0.1", port_closed, "/"), "ftp://127.0.0.1/x", "not a url",
                       url(4, "127.0.0.1", port_http, "/missing")};
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE, .timeout_ms = 5000,
                            .max_redirects = 3};
    ga_probe_results_t *r = run(u, 7, &o);
    ck_assert_int_eq(ga_probe_result_outcome(r, 0), GA_PROBE_BROKEN);
    ck_assert_int_eq(ga_probe_result_status(r, 0), 200);
    ck_assert_int_eq(ga_probe_result_outcome(r, 1), GA_PROBE_REDIRECTS);
    ck_assert_uint_eq(ga_probe_result_redirects(r, 1), 3);
    ck_assert_int_eq(ga_probe_result_outcome(r, 2), GA_PROBE_OK);
    ck_assert_uint_eq(ga_probe_result_redirects(r, 2), 1);
    ck_assert_str_eq(ga_probe_result_final_url(r, 2), url(5, "127.0.0.1", port_http, "/ok"));
    ck_assert_int_eq(ga_probe_result_outcome(r, 3), GA_PROBE_REFUSED);
    ck_assert_int_eq(ga_probe_result_outcome(r, 4), GA_PROBE_BAD_URL);
    ck_assert_int_eq(ga_probe_result_outcome(r, 5), GA_PROBE_BAD_URL);
    ck_assert_int_eq(ga_probe_result_outcome(r, 6), GA_PROBE_HTTP_ERROR);
    ck_assert_int_eq(ga_probe_result_status(r, 6), 404);
    ck_assert_str_eq(ga_probe_outcome_name(ga_probe_result_outcome(r, 1)), "redirects");
    ga_probe_results_free(r);
}
END_TEST

START_TEST(test_tls)
{
    char u[128];
    snprintf(u, sizeof u, "https://localhost:%d/ok", port_https);
    const char *up = u;
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE | GA_PROBE_CERT,
                            .timeout_ms = 5000};
    ga_probe_results_t *r = run(&up, 1, &o);
    ck_assert_int_eq(ga_probe_result_outcome(r, 0), GA_PROBE_TLS);
    ck_assert_msg(strstr(ga_probe_result_error(r, 0), "self-signed") ||
                      strstr(ga_probe_result_error(r, 0), "self signed"),
                  "reason: %s", ga_probe_result_error(r, 0));
    ga_probe_results_free(r);
    /* trusted through ca_file: ok, and the certificate's two days are recorded */
    o.ca_file = cert;
    r = run(&up, 1, &o);
    ck_assert_int_eq(ga_probe_result_outcome(r, 0), GA_PROBE_OK);
    int64_t exp = ga_probe_result_cert_expiry(r, 0), now = (int64_t)time(NULL);
    ck_assert(exp != GA_TIME_NONE);
    ck_assert_msg(exp > now + 86400 && exp < now + 3 * 86400, "expiry %lld", (long long)exp);
    ga_probe_results_free(r);
}
END_TEST

START_TEST(test_page_check)
{
    const char *u[] = {url(0, "127.0.0.1", port_http, "/soft404"), url(1, "127.0.0.1", port_http, "/gbk404"),
                       url(2, "127.0.0.1", port_http, "/parked"), url(3, "127.0.0.1", port_http, "/ok"),
                       url(4, "127.0.0.1", port_http, "/big")};
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE, .max_body = 65536};
    ga_probe_results_t *r = run(u, 5, &o);
    for (size_t i = 0; i < 5; i++)
        ck_assert_int_eq(ga_probe_result_outcome(r, i), GA_PROBE_OK);
    ga_probe_results_free(r);
    o.flags |= GA_PROBE_CHECK_PAGE;
    r = run(u, 5, &o);
    ck_assert_int_eq(ga_probe_result_outcome(r, 0), GA_PROBE_BAD_PAGE);
    ck_assert_ptr_nonnull(strstr(ga_probe_result_error(r, 0), "soft 404"));
    ck_assert_int_eq(ga_probe_result_outcome(r, 1), GA_PROBE_BAD_PAGE);
    ck_assert_ptr_nonnull(strstr(ga_probe_result_error(r, 1), "页面不存在"));
    ck_assert_int_eq(ga_probe_result_outcome(r, 2), GA_PROBE_BAD_PAGE);
    ck_assert_ptr_nonnull(strstr(ga_probe_result_error(r, 2), "parked"));
    ck_assert_int_eq(ga_probe_result_outcome(r, 3), GA_PROBE_OK);
    ck_assert_int_eq(ga_probe_result_outcome(r, 4), GA_PROBE_OK); /* cut at max_body */
    ga_probe_results_free(r);
}
END_TEST

START_TEST(test_robots_and_politeness)
{
    const char *u[] = {url(0, "127.0.0.1", port_http, "/private/x"), url(1, "127.0.0.1", port_http, "/ok"),
                       url(2, "127.0.0.1", port_http, "/redirect"), url(3, "127.0.0.1", port_http, "/missing")};
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE | GA_PROBE_ROBOTS,
                            .per_host = 1, .host_delay_ms = 150};
    int64_t t0 = mono_ms();
    ga_probe_results_t *r = run(u, 4, &o);
    int64_t took = mono_ms() - t0;
    ck_assert_int_eq(ga_probe_result_outcome(r, 0), GA_PROBE_ROBOTS_DISALLOWED);
    ck_assert_int_eq(ga_probe_result_outcome(r, 1), GA_PROBE_OK);
    ck_assert_int_eq(ga_probe_result_outcome(r, 2), GA_PROBE_OK);
    ck_assert_int_eq(ga_probe_result_outcome(r, 3), GA_PROBE_HTTP_ERROR);
    /* robots.txt and three requests, one at a time, 150 ms apart at least */
    ck_assert_msg(took >= 3 * 150, "took %lld ms", (long long)took);
    ga_probe_results_free(r);
}
END_TEST

START_TEST(test_ipv6)
{
    if (!port_http6)
        return; /* the machine has no IPv6 loopback */
    const char *u[] = {url(0, "localhost", port_http6, "/ok"), url(1, "127.0.0.1", port_http, "/ok")};
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE | GA_PROBE_IPV6};
    ga_probe_results_t *r = run(u, 2, &o);
    ck_assert_int_eq(ga_probe_result_ipv6(r, 0), 1);
    ck_assert_int_eq(ga_probe_result_ipv6(r, 1), 0);
    ga_probe_results_free(r);
    o.flags &= ~(unsigned)GA_PROBE_IPV6;
    r = run(u, 1, &o);
    ck_assert_int_eq(ga_probe_result_ipv6(r, 0), -1);
    ga_probe_results_free(r);
}
END_TEST

START_TEST(test_bad_arguments)
{
    ga_probe_results_t *r = NULL;
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_probe_run(NULL, 1, NULL, &r, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    err = NULL;
    const char *u[] = {"http://x/", NULL};
    ck_assert_int_eq(ga_probe_run(u, 2, NULL, &r, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    err = NULL;
    ga_probe_options_t o = {.size = 3};
    ck_assert_int_eq(ga_probe_run(u, 1, &o, &r, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    ck_assert_int_eq(ga_probe_run(u, 0, NULL, &r, NULL), GA_OK);
    ck_assert_uint_eq(ga_probe_results_count(r), 0);
    ck_assert_ptr_null(ga_probe_result_url(r, 0));
    ga_probe_results_free(r);
    ga_probe_results_free(NULL);
}
END_TEST

/* ---- logs and W-V2 ------------------------------------------------------------------- */

START_TEST(test_json_line_round_trip)
{
    const char *u[] = {url(0, "127.0.0.1", port_http, "/ok"), url(1, "127.0.0.1", port_closed, "/")};
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE};
    ga_probe_results_t *r = run(u, 2, &o);
    ga_buf_t log = {0};
    for (size_t i = 0; i < 2; i++) {
        char *line;
        size_t len;
        ck_assert_int_eq(ga_probe_result_json(r, i, &line, &len, NULL), GA_OK);
        ck_assert_ptr_nonnull(strstr(line, "\"url\":"));
        ck_assert_ptr_nonnull(strstr(line, "\"elapsed_ms\":"));
        ck_assert_ptr_nonnull(strstr(line, i ? "\"ok\":false" : "\"ok\":true"));
        ck_assert_ptr_nonnull(strstr(line, i ? "\"status\":null" : "\"status\":200"));
        ck_assert_ptr_nonnull(strstr(line, i ? "\"error\":\"" : "\"error\":null"));
        ga_buf_append(&log, line, len);
        ga_buf_append(&log, "\n", 1);
        ga_string_free(line);
    }
    ga_probe_log_t *pl;
    ck_assert_int_eq(ga_probe_log_parse(log.data, log.len, &pl, NULL), GA_OK);
    ck_assert_uint_eq(ga_probe_log_count(pl), 2);
    ck_assert_uint_eq(ga_probe_log_skipped(pl, NULL), 0);
    ga_observations_t *obs;
    ck_assert_int_eq(ga_observations_new(GA_OBJECT_WEBSITE, &obs, NULL), GA_OK);
    size_t added;
    /* host and port name the site: one line of each */
    ck_assert_int_eq(ga_probe_log_observe(pl, u[0], obs, &added, NULL), GA_OK);
    ck_assert_uint_eq(added, 1);
    ga_observations_free(obs);
    ga_probe_log_free(pl);
    ga_buf_free(&log);
    ga_probe_results_free(r);
}
END_TEST

/* A week of probes every 30 minutes ending at T; `down` failed probes in a row from
 * `down_at` (index); times in UTC ("Z"), so Beijing time is eight hours later. */
static char *week_log(int down_at, int down, size_t *len)
{
    ga_buf_t b = {0};
    int64_t T;
    ck_assert_int_eq(ga_time_parse("2023-08-15 23:59:59", 19, &T, NULL), GA_OK);
    int64_t start = T - 7 * 86400 + 60 - 8 * 3600; /* UTC */
    ga_buf_append(&b, "# a comment line\n", 17);
    for (int i = 0; i < 7 * 48; i++) {
        char t[24], line[256];
        ga_time_format(start + (int64_t)i * 1800, 0, t);
        t[10] = 'T';
        bool bad = i >= down_at && i < down_at + down;
        int n = snprintf(line, sizeof line,
                         "{\"url\":\"https://www.qinghe.gov.cn/\",\"time\":\"%sZ\",\"ok\":%s,"
                         "\"status\":%s,\"elapsed_ms\":%d,\"error\":%s}\n",
                         t, bad ? "false" : "true", bad ? "null" : "200", bad ? 15000 : 230,
                         bad ? "\"timeout after 15000 ms\"" : "null");
        ga_buf_append(&b, line, (size_t)n);
        /* another site's probes in the same log */
        n = snprintf(line, sizeof line,
                     "{\"url\":\"http://other.gov.cn/\",\"time\":\"%s+00:00\",\"ok\":false,"
                     "\"status\":null,\"elapsed_ms\":1,\"error\":\"x\"}\n", t);
        ga_buf_append(&b, line, (size_t)n);
    }
    ga_buf_append(&b, "{\"url\":\"https://www.qinghe.gov.cn/\",\"time\":\"2023-08-1", 53); /* torn */
    *len = b.len;
    return b.data;
}

static const ga_score_result_t *score_week(ga_profile_t *p, const char *log, size_t len,
                                           ga_score_result_t **out)
{
    ga_probe_log_t *pl;
    ck_assert_int_eq(ga_probe_log_parse(log, len, &pl, NULL), GA_OK);
    size_t first;
    ck_assert_uint_eq(ga_probe_log_skipped(pl, &first), 2); /* the comment and the torn line */
    ck_assert_uint_eq(first, 1);
    ga_observations_t *obs;
    ck_assert_int_eq(ga_observations_new(GA_OBJECT_WEBSITE, &obs, NULL), GA_OK);
    int64_t T;
    ga_time_parse("2023-08-15 23:59:59", 19, &T, NULL);
    ga_obs_set_time(obs, T);
    size_t added;
    ck_assert_int_eq(ga_probe_log_observe(pl, "http://QingHe.gov.cn:80/index.html", obs, &added, NULL),
                     GA_OK);
    ck_assert_uint_eq(added, 7 * 48);
    /* the reasons of failures travel with the observations' JSON */
    char *json, *again;
    ck_assert_int_eq(ga_observations_json(obs, 0, &json, NULL, NULL), GA_OK);
    ga_observations_t *copy;
    ck_assert_int_eq(ga_observations_parse(json, strlen(json), "obs", &copy, NULL), GA_OK);
    ck_assert_int_eq(ga_observations_json(copy, 0, &again, NULL, NULL), GA_OK);
    const char *pj = strstr(json, "\"probes\":"), *pa = strstr(again, "\"probes\":");
    ck_assert(pj && pa && strncmp(pj, pa, (size_t)(strstr(pj, "\"columns\":") - pj)) == 0);
    ck_assert_ptr_nonnull(strstr(pj, "\"error\":\"timeout after 15000 ms\""));
    ga_string_free(json);
    ga_string_free(again);
    ga_observations_free(copy);
    ck_assert_int_eq(ga_score(p, obs, out, NULL), GA_OK);
    ga_observations_free(obs);
    ga_probe_log_free(pl);
    return *out;
}

static size_t find(const ga_score_result_t *r, const char *id)
{
    size_t i = ga_score_result_find(r, id);
    ck_assert_uint_lt(i, ga_score_result_count(r));
    return i;
}

static bool evidence_has(const ga_score_result_t *r, size_t i, const char *text)
{
    for (size_t k = 0; k < ga_score_result_evidence_count(r, i); k++)
        if (strstr(ga_score_result_evidence(r, i, k, NULL, NULL), text))
            return true;
    return false;
}

START_TEST(test_week_log_scores_w_v2)
{
    ga_profile_t *p;
    ck_assert_int_eq(ga_profile_load_builtin("gov-website-2019", &p, NULL), GA_OK);
    size_t len;
    /* 17 of 336 failed in a row (5.06%): vetoed */
    char *log = week_log(100, 17, &len);
    ga_score_result_t *r;
    score_week(p, log, len, &r);
    size_t i = find(r, "W-V2");
    ck_assert_int_eq(ga_score_result_outcome(r, i), GA_OUTCOME_HIT);
    ck_assert(evidence_has(r, i, "17 of 336 probes failed"));
    /* index 0 is 2023-08-09 00:00:59 Beijing; probe 100 is 50 hours later */
    ck_assert(evidence_has(r, i, "outage from 2023-08-11 02:00:59 to 2023-08-11 10:30:59 (17 failed, "
                                 "510 min): timeout after 15000 ms"));
    ck_assert(evidence_has(r, i, "probe at 2023-08-11 02:00:59 did not open: timeout after 15000 ms"));
    ck_assert(evidence_has(r, i, "probes from 2023-08-09 00:00:59 to 2023-08-15 23:30:59"));
    ga_score_result_free(r);
    free(log);
    /* 16 of 336 (4.76%): clear */
    log = week_log(100, 16, &len);
    score_week(p, log, len, &r);
    ck_assert_int_eq(ga_score_result_outcome(r, find(r, "W-V2")), GA_OUTCOME_CLEAR);
    ga_score_result_free(r);
    free(log);
    ga_profile_free(p);
}
END_TEST

START_TEST(test_log_lines)
{
    static const char log[] =
        "{\"url\":\"http://a.gov.cn/\",\"time\":\"2023-08-15T10:00:00+08:00\",\"ok\":true}\n"
        "\n"
        "{\"url\":\"http://a.gov.cn/\",\"time\":\"2023-08-15T02:00:00Z\",\"ok\":false,\"elapsed_ms\":15000}\n"
        "{\"url\":\"http://a.gov.cn/\",\"time\":\"2023-08-14T21:00:00-05:00\",\"ok\":true,\"elapsed_ms\":12.5}\n"
        "{\"url\":\"http://a.gov.cn/\",\"time\":\"2023-08-15 10:00\",\"ok\":true}\n"
        "{\"url\":\"http://a.gov.cn/\",\"time\":\"2023-08-15T10:00:00+08:00\",\"ok\":1}\n"
        "{\"url\":\"http://a.gov.cn/\",\"time\":\"yesterday\",\"ok\":true}\n"
        "{\"url\":\"a.gov.cn\",\"time\":\"2023-08-15\",\"ok\":true}\n"
        "{\"url\":\"http://a.gov.cn/\",\"time\":\"2023-08-15\",\"ok\":true} trailing\n"
        "{\"url\":\"http://a.gov.cn/\",\"time\":\"2023-08-15\",\"ok\":true,\"elapsed_ms\":-1}\n"
        "[1,2]\n";
    ga_probe_log_t *pl;
    ck_assert_int_eq(ga_probe_log_parse(log, sizeof log - 1, &pl, NULL), GA_OK);
    ck_assert_uint_eq(ga_probe_log_count(pl), 4);
    size_t first;
    ck_assert_uint_eq(ga_probe_log_skipped(pl, &first), 6);
    ck_assert_uint_eq(first, 6);
    ga_observations_t *obs;
    ck_assert_int_eq(ga_observations_new(GA_OBJECT_WEBSITE, &obs, NULL), GA_OK);
    ck_assert_int_eq(ga_probe_log_observe(pl, "https://a.gov.cn", obs, NULL, NULL), GA_OK);
    char *json;
    ck_assert_int_eq(ga_observations_json(obs, 0, &json, NULL, NULL), GA_OK);
    /* every time is 2023-08-15 10:00 Beijing */
    const char *p = json;
    int n = 0;
    while ((p = strstr(p, "2023-08-15 10:00:00")))
        p++, n++;
    ck_assert_msg(n == 4, "%s", json);
    ck_assert_ptr_nonnull(strstr(json, "\"latency_ms\":15000"));
    ga_string_free(json);
    ga_error_t *err = NULL;
    ck_assert_int_eq(ga_probe_log_observe(pl, "no host", obs, NULL, &err), GA_ERR_INVALID_ARGUMENT);
    ga_error_free(err);
    ga_observations_free(obs);
    ga_probe_log_free(pl);
    /* empty input */
    ck_assert_int_eq(ga_probe_log_parse("", 0, &pl, NULL), GA_OK);
    ck_assert_uint_eq(ga_probe_log_count(pl), 0);
    ga_probe_log_free(pl);
}
END_TEST

START_TEST(test_url_site)
{
    char b[128];
    static const char *const same[] = {"http://www.QingHe.gov.cn/", "https://qinghe.gov.cn",
                                       "http://qinghe.gov.cn:80/x?y", "https://qinghe.gov.cn:443/",
                                       "http://user:pw@www.qinghe.gov.cn/"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        ck_assert(pr_url_site(same[i], b, sizeof b));
        ck_assert_str_eq(b, "qinghe.gov.cn");
    }
    ck_assert(pr_url_site("http://qinghe.gov.cn:8080/", b, sizeof b));
    ck_assert_str_eq(b, "qinghe.gov.cn:8080");
    ck_assert(pr_url_site("http://[::1]:8080/", b, sizeof b));
    ck_assert_str_eq(b, "[::1]:8080");
    ck_assert(!pr_url_site("qinghe.gov.cn", b, sizeof b));
    ck_assert(!pr_url_site("http:///x", b, sizeof b));
}
END_TEST

START_TEST(test_robots_rules)
{
    static const char txt[] = "User-agent: *\nDisallow: /\n\n"
                              "User-agent: Googlebot\nUser-agent: govaudit\n"
                              "Disallow: /private/\nAllow: /private/open\n"
                              "Disallow: /*.pdf$\nDisallow: /tmp # comment\nDisallow:\n";
    pr_robots_t *r = pr_robots_parse(txt, sizeof txt - 1, "govaudit");
    ck_assert_ptr_nonnull(r);
    ck_assert(pr_robots_allowed(r, "/"));
    ck_assert(!pr_robots_allowed(r, "/private/x"));
    ck_assert(pr_robots_allowed(r, "/private/open/x"));
    ck_assert(!pr_robots_allowed(r, "/files/a.pdf"));
    ck_assert(pr_robots_allowed(r, "/files/a.pdf?x=1"));
    ck_assert(!pr_robots_allowed(r, "/tmp/x"));
    ck_assert(!pr_robots_allowed(r, "/tmpfile"));
    pr_robots_free(r);
    /* another agent gets the `*` group */
    r = pr_robots_parse(txt, sizeof txt - 1, "otherbot");
    ck_assert(!pr_robots_allowed(r, "/"));
    pr_robots_free(r);
    r = pr_robots_parse("garbage\n\x01\x02:\n", 12, "govaudit");
    ck_assert(pr_robots_allowed(r, "/x"));
    pr_robots_free(r);
}
END_TEST

START_TEST(test_cert_time)
{
    int64_t t = pr_cert_time("Mar 11 12:00:00 2027 GMT"), want;
    ga_time_parse("2027-03-11 12:00:00", 19, &want, NULL);
    ck_assert(t == want);
    ck_assert(pr_cert_time("Foo 11 12:00:00 2027 GMT") == GA_TIME_NONE);
    ck_assert(pr_cert_time("Mar 41 12:00:00 2027 GMT") == GA_TIME_NONE);
    ck_assert(pr_cert_time("") == GA_TIME_NONE);
}
END_TEST

/* Progress: the stage `probes` from 0 to every URL, counts never going back, a final call;
 * a round of servers that never answer still reports, and cancelling it ends it long
 * before its timeout with no results. */
typedef struct probe_seen {
    int calls, finals;
    uint64_t last, total;
    int cancel_after; /* calls; 0: never */
} probe_seen_t;

static int probe_progress(void *user, const ga_progress_t *p)
{
    probe_seen_t *s = user;
    ck_assert_str_eq(p->stage, "probes");
    ck_assert_uint_ge(p->done, s->last);
    ck_assert_int_eq(s->finals, 0);
    s->last = p->done;
    s->total = p->total;
    s->finals += p->final;
    s->calls++;
    return s->cancel_after && s->calls >= s->cancel_after;
}

START_TEST(test_progress_and_cancel)
{
    const char *u[] = {url(0, "127.0.0.1", port_http, "/ok"), url(1, "127.0.0.1", port_http, "/slow"),
                       url(2, "127.0.0.1", port_http, "/redirect"),
                       url(3, "127.0.0.1", port_http, "/missing")};
    probe_seen_t s = {0};
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE, .timeout_ms = 5000,
                            .progress = probe_progress, .progress_user = &s};
    ga_probe_results_t *r = run(u, 4, &o);
    ck_assert_int_eq(s.finals, 1);
    ck_assert_uint_eq(s.last, 4);
    ck_assert_uint_eq(s.total, 4);
    ck_assert_int_ge(s.calls, 3); /* the start, at least once while /slow answers, the end */
    ck_assert_int_le(s.calls, 2 + 10 * 3);
    ga_probe_results_free(r);

    char bufs[8][64];
    const char *h[8];
    for (int i = 0; i < 8; i++) {
        snprintf(bufs[i], sizeof bufs[i], "http://127.0.0.1:%d/c%d", port_hang, i);
        h[i] = bufs[i];
    }
    s = (probe_seen_t){.cancel_after = 3};
    o.timeout_ms = 20000;
    r = NULL;
    ga_error_t *err = NULL;
    int64_t t0 = mono_ms();
    ck_assert_int_eq(ga_probe_run(h, 8, &o, &r, &err), GA_ERR_CANCELLED);
    int64_t took = mono_ms() - t0;
    ck_assert_ptr_null(r);
    ck_assert_int_eq(ga_error_status(err), GA_ERR_CANCELLED);
    ga_error_free(err);
    ck_assert_int_eq(s.calls, 3);
    ck_assert_int_eq(s.finals, 0);
    ck_assert_msg(took < 10000, "cancelling took %lld ms", (long long)took);

    /* Options of a caller built before the callback: the size without it is accepted. */
    o.size = GA_PROBE_OPTIONS_SIZE_1_0;
    s = (probe_seen_t){0};
    o.timeout_ms = 5000;
    r = run(u, 1, &o);
    ck_assert_int_eq(s.calls, 0);
    ga_probe_results_free(r);
}
END_TEST

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    Suite *s = suite_create("probe");
    TCase *tc = tcase_create("probe");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, start_servers, stop_servers);
    tcase_add_test(tc, test_loopback_refused_by_default);
    tcase_add_test(tc, test_address_policy);
    tcase_add_test(tc, test_healthy);
    tcase_add_test(tc, test_slow_and_timeout);
    tcase_add_test(tc, test_hanging_round);
    tcase_add_test(tc, test_flaky_and_tries);
    tcase_add_test(tc, test_reset_redirects_closed);
    tcase_add_test(tc, test_tls);
    tcase_add_test(tc, test_page_check);
    tcase_add_test(tc, test_robots_and_politeness);
    tcase_add_test(tc, test_ipv6);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_json_line_round_trip);
    tcase_add_test(tc, test_week_log_scores_w_v2);
    tcase_add_test(tc, test_log_lines);
    tcase_add_test(tc, test_url_site);
    tcase_add_test(tc, test_robots_rules);
    tcase_add_test(tc, test_cert_time);
    tcase_add_test(tc, test_progress_and_cancel);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
