/*
 * Pages per second and MB/s of ga_page_parse() (charset detection and conversion, parse,
 * every extractor) next to libxml2's bare htmlReadMemory() on the same bytes in the same
 * run, rounds interleaved so machine noise hits both alike. The goal: extraction costs at
 * most 2x the bare parse.
 *
 * usage: bench-page DIR... (every *.htm, *.html, *.shtml file in each DIR; missing folders
 * are skipped with a message). The repository's fixtures are small template pages; put
 * real crawled pages in ../shared/data/pages/ for figures on real sizes.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <govaudit/govaudit.h>

#include "core/core-internal.h"

typedef struct {
    char *data;
    size_t len;
} page_t;

static page_t *pages;
static size_t npages, cap, total;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void load_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        printf("page bench: %s absent, skipped\n", dir);
        return;
    }
    struct dirent *e;
    size_t before = npages;
    while ((e = readdir(d))) {
        const char *dot = strrchr(e->d_name, '.');
        if (!dot || (strcmp(dot, ".html") && strcmp(dot, ".htm") && strcmp(dot, ".shtml")))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        page_t p;
        if (ga_read_file(path, &p.data, &p.len, NULL) != GA_OK)
            continue;
        if (npages == cap) {
            cap = cap ? cap * 2 : 64;
            pages = realloc(pages, cap * sizeof *pages);
            if (!pages)
                exit(1);
        }
        pages[npages++] = p;
        total += p.len;
    }
    closedir(d);
    printf("page bench: %zu pages from %s\n", npages - before, dir);
}

/*
 * Real portal pages are 30-150 KiB: most of it navigation menus, scripts, styles and
 * footers around a small article. For each page, a second copy gets such furniture (about
 * 40 KiB: 300 menu links, an inline script and style, a link-farm footer) inserted after
 * <body>, so the figures also cover real page sizes when no crawled pages are at hand.
 */
static void add_inflated(size_t n_orig)
{
    ga_buf_t f = {0};
    ga_buf_append(&f, "<style>", 7);
    for (int i = 0; i < 120; i++) {
        char line[128];
        int k = snprintf(line, sizeof line, ".nav%d li a{color:#333;padding:0 %dpx;float:left}\n", i, i % 20);
        ga_buf_append(&f, line, (size_t)k);
    }
    ga_buf_append(&f, "</style><script>", 16);
    for (int i = 0; i < 120; i++) {
        char line[128];
        int k = snprintf(line, sizeof line, "function f%d(a){return document.getElementById('m'+a).style.display='block';}\n", i);
        ga_buf_append(&f, line, (size_t)k);
    }
    ga_buf_append(&f, "</script><div class=\"nav\"><ul>", 30);
    for (int i = 0; i < 300; i++) {
        char line[256];
        int k = snprintf(line, sizeof line,
                         "<li><a href=\"/col/col%d/index.html\" target=\"_blank\">栏目导航%d</a></li>", 1000 + i, i);
        ga_buf_append(&f, line, (size_t)k);
    }
    ga_buf_append(&f, "</ul></div><div class=\"footer\"><p>", 35);
    for (int i = 0; i < 60; i++) {
        char line[256];
        int k = snprintf(line, sizeof line, "<a href=\"http://www.dept%d.gov.cn/\">市第%d部门网站</a> | ", i, i);
        ga_buf_append(&f, line, (size_t)k);
    }
    ga_buf_append(&f, "</p></div>", 10);
    for (size_t i = 0; i < n_orig; i++) {
        const char *b = strstr(pages[i].data, "<body");
        const char *gt = b ? strchr(b, '>') : NULL;
        if (!gt)
            continue;
        size_t at = (size_t)(gt + 1 - pages[i].data);
        page_t p;
        p.len = pages[i].len + f.len;
        p.data = malloc(p.len + 1);
        if (!p.data)
            exit(1);
        memcpy(p.data, pages[i].data, at);
        memcpy(p.data + at, f.data, f.len);
        memcpy(p.data + at + f.len, pages[i].data + at, pages[i].len - at + 1);
        if (npages == cap) {
            cap *= 2;
            pages = realloc(pages, cap * sizeof *pages);
            if (!pages)
                exit(1);
        }
        pages[npages++] = p;
        total += p.len;
    }
    ga_buf_free(&f);
}

static double run_bare(int reps)
{
    double t0 = now();
    for (int r = 0; r < reps; r++)
        for (size_t i = 0; i < npages; i++) {
            htmlDocPtr doc = htmlReadMemory(pages[i].data, (int)pages[i].len, "page.html", NULL,
                                            HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                                HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                                HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT);
            if (doc)
                xmlFreeDoc(doc);
        }
    return now() - t0;
}

static double run_full(int reps)
{
    double t0 = now();
    for (int r = 0; r < reps; r++)
        for (size_t i = 0; i < npages; i++) {
            ga_page_t *pg = NULL;
            if (ga_page_parse(pages[i].data, pages[i].len, "http://www.example.gov.cn/a/t20230731_1.html",
                              NULL, &pg, NULL) != GA_OK) {
                fprintf(stderr, "page bench: parse failed\n");
                exit(1);
            }
            ga_page_free(pg);
        }
    return now() - t0;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        load_dir(argv[i]);
    if (!npages) {
        printf("page bench: no pages found, skipped\n");
        return 0;
    }
    size_t real = npages;
    size_t real_bytes = total;
    add_inflated(real);
    printf("page bench: %zu pages (%.1f KiB average) plus %zu with portal furniture added\n",
           real, (double)real_bytes / (double)real / 1024.0, npages - real);
    xmlInitParser();
    run_bare(1); /* warm caches and lazy initialisation on both sides */
    run_full(1);
    /* Enough repetitions for about 0.3 s a round. */
    double one = run_full(1);
    int reps = one > 0 ? (int)(0.3 / one) + 1 : 100;
    double bare = 0, full = 0;
    for (int round = 0; round < 5; round++) {
        bare += run_bare(reps);
        full += run_full(reps);
    }
    double n = (double)npages * reps * 5, mb = (double)total * reps * 5 / 1e6;
    printf("page bench: %zu pages, %.1f KiB average, %d x 5 rounds\n", npages,
           (double)total / (double)npages / 1024.0, reps);
    printf("  libxml2 htmlReadMemory (bare parse): %9.0f pages/s %7.1f MB/s\n", n / bare, mb / bare);
    printf("  ga_page_parse (full extraction):     %9.0f pages/s %7.1f MB/s\n", n / full, mb / full);
    printf("  extraction / bare parse time: %.2fx (goal: at most 2x)\n", full / bare);
    free(pages);
    return 0;
}
