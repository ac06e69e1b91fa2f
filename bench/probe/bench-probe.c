/* Probes per second: ga_probe_run() over URLS URLs of a server on 127.0.0.1 that this
 * program runs itself (a poll loop answering every request with a small page, keep-alive),
 * next to the anchor measured in the same run: libcurl's multi interface used bare on the
 * same URLs (one easy handle each, the same connection limit, no checks).
 *   bench-probe [URLS] [ROUNDS]       default 1000 URLs, 5 rounds each */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include <govaudit/govaudit.h>

#define MAX_CONN 2048
#define PARALLEL 256

static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                            "Content-Length: 46\r\n\r\n<html><title>ok</title><body>ok</body></html>\n";
static volatile int stop;

typedef struct conn {
    int fd;
    size_t got; /* bytes of the current request's head seen, for "\r\n\r\n" */
    char tail[4];
} conn_t;

static void *serve(void *arg)
{
    int ls = *(int *)arg;
    static struct pollfd p[MAX_CONN + 1];
    static conn_t c[MAX_CONN + 1];
    size_t n = 1;
    p[0] = (struct pollfd){.fd = ls, .events = POLLIN};
    while (!stop) {
        if (poll(p, n, 100) <= 0)
            continue;
        if (p[0].revents & POLLIN) {
            int fd;
            while (n <= MAX_CONN && (fd = accept(ls, NULL, NULL)) >= 0) {
                fcntl(fd, F_SETFL, O_NONBLOCK);
                p[n] = (struct pollfd){.fd = fd, .events = POLLIN};
                c[n] = (conn_t){.fd = fd};
                n++;
            }
        }
        for (size_t i = 1; i < n; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[4096];
            ssize_t r = read(p[i].fd, buf, sizeof buf);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN)
                    continue;
                close(p[i].fd);
                p[i] = p[--n];
                c[i] = c[n];
                i--;
                continue;
            }
            /* answer each request head (ends with an empty line) */
            for (ssize_t k = 0; k < r; k++) {
                memmove(c[i].tail, c[i].tail + 1, 3);
                c[i].tail[3] = buf[k];
                if (memcmp(c[i].tail, "\r\n\r\n", 4) == 0 &&
                    write(p[i].fd, reply, sizeof reply - 1) < 0) {
                }
            }
        }
    }
    for (size_t i = 1; i < n; i++)
        close(p[i].fd);
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t discard(char *d, size_t s, size_t n, void *u)
{
    (void)d;
    (void)u;
    return s * n;
}

/* The anchor: the same URLs through a bare multi handle; returns the 200s seen. */
static size_t bare_round(char **urls, size_t n)
{
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)PARALLEL);
    CURL **e = calloc(n, sizeof *e);
    for (size_t i = 0; i < n; i++) {
        e[i] = curl_easy_init();
        curl_easy_setopt(e[i], CURLOPT_URL, urls[i]);
        curl_easy_setopt(e[i], CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(e[i], CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(e[i], CURLOPT_TIMEOUT_MS, 15000L);
        curl_easy_setopt(e[i], CURLOPT_NOSIGNAL, 1L);
        curl_multi_add_handle(m, e[i]);
    }
    int running = 1;
    size_t ok = 0;
    while (running) {
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int q;
        while ((msg = curl_multi_info_read(m, &q)))
            if (msg->msg == CURLMSG_DONE) {
                long st = 0;
                curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &st);
                ok += msg->data.result == CURLE_OK && st == 200;
            }
        if (running)
            curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    for (size_t i = 0; i < n; i++) {
        curl_multi_remove_handle(m, e[i]);
        curl_easy_cleanup(e[i]);
    }
    free(e);
    curl_multi_cleanup(m);
    return ok;
}

static size_t ours_round(char **urls, size_t n, unsigned flags)
{
    ga_probe_options_t o = {.size = sizeof o, .flags = GA_PROBE_ALLOW_PRIVATE | flags,
                            .parallel = PARALLEL};
    ga_probe_results_t *r;
    ga_error_t *err = NULL;
    if (ga_probe_run((const char *const *)urls, n, &o, &r, &err) != GA_OK) {
        fprintf(stderr, "bench-probe: %s\n", ga_error_message(err));
        exit(1);
    }
    size_t ok = 0;
    for (size_t i = 0; i < n; i++)
        ok += ga_probe_result_ok(r, i);
    ga_probe_results_free(r);
    return ok;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (!n || rounds < 1)
        return 2;
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4096) ||
        getsockname(ls, (struct sockaddr *)&a, &al)) {
        perror("bench-probe: listen");
        return 1;
    }
    fcntl(ls, F_SETFL, O_NONBLOCK);
    pthread_t th;
    pthread_create(&th, NULL, serve, &ls);
    char **urls = malloc(n * sizeof *urls);
    for (size_t i = 0; i < n; i++) {
        urls[i] = malloc(64);
        snprintf(urls[i], 64, "http://127.0.0.1:%d/page/%zu", ntohs(a.sin_port), i);
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    printf("%zu URLs on a local server, %d rounds each, %d transfers at once\n", n, rounds, PARALLEL);
    printf("%-28s %12s %8s\n", "", "probes/s", "ok");
    double bare_rate = 0;
    struct {
        const char *name;
        unsigned flags;
        int bare;
    } runs[] = {{"bare curl multi (anchor)", 0, 1}, {"ga_probe_run", 0, 0},
                {"ga_probe_run --check-page", GA_PROBE_CHECK_PAGE, 0}};
    for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
        size_t ok = 0;
        double t0 = now();
        for (int r = 0; r < rounds; r++)
            ok += runs[k].bare ? bare_round(urls, n) : ours_round(urls, n, runs[k].flags);
        double rate = (double)n * rounds / (now() - t0);
        if (runs[k].bare)
            bare_rate = rate;
        printf("%-28s %12.0f %8zu\n", runs[k].name, rate, ok);
        if (ok != n * (size_t)rounds) {
            fprintf(stderr, "bench-probe: %zu of %zu probes failed\n", n * rounds - ok, n * rounds);
            return 1;
        }
        if (!runs[k].bare)
            printf("%s / bare curl multi: %.2fx\n", runs[k].name, rate / bare_rate);
    }
    stop = 1;
    pthread_join(th, NULL);
    close(ls);
    for (size_t i = 0; i < n; i++)
        free(urls[i]);
    free(urls);
    curl_global_cleanup();
    return 0;
}
