/*
 * Pages per second and MB/s of ga_page_parse() (charset detection and conversion, parse,
 * every extractor) next to libxml2's bare htmlReadMemory() on the same bytes in the same
 * run, rounds interleaved so machine noise hits both alike. The goal: extraction costs at
 * most 1.5x the bare parse, on every set. A second anchor, printed last, is libxml2
 * parsing the UTF-8 text the extraction decodes each page to (see run_bare_decoded).
 *
 * usage: bench-page [NAME=]DIR... Each DIR is one set: every *.htm, *.html, *.shtml file
 * below it but in folders named src (missing folders are skipped with a message); with a manifest.tsv (file, URL,
 * Content-Type, as bench/page/make-pages.py writes) each page is parsed with its URL and
 * Content-Type. A set named "fixtures" also gets a copy of each page with about 40 KiB
 * of portal furniture added ("fixtures+furniture"). Put real crawled pages in
 * ../shared/data/pages/ for figures on them.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <unicode/ucnv.h>

#include <govaudit/govaudit.h>

#include "core/core-internal.h"
#include "page/page-internal.h"

#define DEFAULT_URL "http://www.example.gov.cn/a/t20230731_1.html"
#define ROUNDS 7

typedef struct {
    char *data;
    size_t len;
    char *url;   /* NULL: DEFAULT_URL */
    char *ctype; /* NULL: none */
    /* The UTF-8 text ga_page_parse() decodes the page to, for the second anchor. */
    char *decoded;
    size_t decoded_len;
} page_t;

typedef struct {
    char name[96];
    page_t *pages;
    size_t n, cap, bytes;
} set_t;

static set_t sets[16];
static size_t nsets;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void add_page(set_t *s, char *data, size_t len, const char *url, const char *ctype)
{
    if (!ga_grow((void **)&s->pages, &s->cap, s->n + 1, sizeof *s->pages))
        exit(1);
    page_t *p = &s->pages[s->n++];
    p->data = data;
    p->len = len;
    p->url = url ? strdup(url) : NULL;
    p->ctype = ctype ? strdup(ctype) : NULL;
    s->bytes += len;
}

static bool html_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm") || !strcmp(dot, ".shtml"));
}

/* The URL and Content-Type a manifest gives file `rel`, if any. */
static void manifest_entry(const char *root, const char *rel, char *url, size_t urlsz,
                           char *ctype, size_t ctsz)
{
    *url = *ctype = '\0';
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.tsv", root);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[4096];
    size_t n = strlen(rel);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, rel, n) || line[n] != '\t')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *u = line + n + 1, *t = strchr(u, '\t');
        if (t)
            *t++ = '\0';
        snprintf(url, urlsz, "%s", u);
        if (t && strcmp(t, "-"))
            snprintf(ctype, ctsz, "%s", t);
        break;
    }
    fclose(f);
}

static void load_tree(set_t *s, const char *root, const char *rel)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096], path[8192];
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(path, sizeof path, "%s/%s", root, sub);
        if (!html_name(e->d_name)) {
            /* The fixtures' src/ holds the UTF-8 sources GBK fixtures are made from, still
             * labelled gb2312: not pages as a site serves them. */
            if (!strcmp(e->d_name, "src"))
                continue;
            DIR *probe = opendir(path);
            if (probe) {
                closedir(probe);
                load_tree(s, root, sub);
            }
            continue;
        }
        char *data;
        size_t len;
        if (ga_read_file(path, &data, &len, NULL) != GA_OK)
            continue;
        char url[2048], ctype[256];
        manifest_entry(root, sub, url, sizeof url, ctype, sizeof ctype);
        add_page(s, data, len, *url ? url : NULL, *ctype ? ctype : NULL);
    }
    closedir(d);
}

static set_t *new_set(const char *name)
{
    if (nsets == sizeof sets / sizeof *sets)
        exit(1);
    set_t *s = &sets[nsets++];
    snprintf(s->name, sizeof s->name, "%.80s", name);
    return s;
}

/* The furniture in the charset of the page it goes into (a GBK page has GBK menus: UTF-8
 * bytes in it would stop libxml2's bare parse at the first menu). */
static char *furniture_in(const ga_buf_t *f, const char *charset, size_t *len)
{
    UErrorCode st = U_ZERO_ERROR;
    size_t cap = f->len * 2 + 16;
    char *out = malloc(cap);
    if (!out)
        exit(1);
    int32_t n = ucnv_convert(charset, "UTF-8", out, (int32_t)cap, f->data, (int32_t)f->len, &st);
    if (U_FAILURE(st)) {
        fprintf(stderr, "page bench: cannot write furniture in %s\n", charset);
        exit(1);
    }
    *len = (size_t)n;
    return out;
}

/* Lengths counted by strlen: a hand-counted one once took the NUL along, and libxml2's
 * bare parse stopped there on every page of the set. */
static void append_text(ga_buf_t *b, const char *text)
{
    ga_buf_append(b, text, strlen(text));
}

/*
 * Real portal pages are 30-150 KiB: most of it navigation menus, scripts, styles and
 * footers around a small article. Each fixture gets a copy with such furniture (about
 * 40 KiB: 300 menu links, an inline script and style, a link-farm footer) inserted after
 * <body>, in the page's charset.
 */
static void add_inflated(const set_t *from)
{
    ga_buf_t f = {0};
    append_text(&f, "<style>");
    for (int i = 0; i < 120; i++) {
        char line[128];
        int k = snprintf(line, sizeof line, ".nav%d li a{color:#333;padding:0 %dpx;float:left}\n", i, i % 20);
        ga_buf_append(&f, line, (size_t)k);
    }
    append_text(&f, "</style><script>");
    for (int i = 0; i < 120; i++) {
        char line[128];
        int k = snprintf(line, sizeof line, "function f%d(a){return document.getElementById('m'+a).style.display='block';}\n", i);
        ga_buf_append(&f, line, (size_t)k);
    }
    append_text(&f, "</script><div class=\"nav\"><ul>");
    for (int i = 0; i < 300; i++) {
        char line[256];
        int k = snprintf(line, sizeof line,
                         "<li><a href=\"/col/col%d/index.html\" target=\"_blank\">栏目导航%d</a></li>", 1000 + i, i);
        ga_buf_append(&f, line, (size_t)k);
    }
    append_text(&f, "</ul></div><div class=\"footer\"><p>");
    for (int i = 0; i < 60; i++) {
        char line[256];
        int k = snprintf(line, sizeof line, "<a href=\"http://www.dept%d.gov.cn/\">市第%d部门网站</a> | ", i, i);
        ga_buf_append(&f, line, (size_t)k);
    }
    append_text(&f, "</p></div>");
    char name[128];
    snprintf(name, sizeof name, "%s+furniture", from->name);
    set_t *s = new_set(name);
    for (size_t i = 0; i < from->n; i++) {
        const page_t *o = &from->pages[i];
        const char *b = strstr(o->data, "<body");
        const char *gt = b ? strchr(b, '>') : NULL;
        if (!gt)
            continue;
        ga_page_options_t opt = {sizeof opt, .content_type = o->ctype};
        ga_page_t *pg = NULL;
        if (ga_page_parse(o->data, o->len, o->url ? o->url : DEFAULT_URL, &opt, &pg, NULL) != GA_OK)
            exit(1);
        size_t flen;
        char *fur = furniture_in(&f, ga_page_charset(pg), &flen);
        ga_page_free(pg);
        size_t at = (size_t)(gt + 1 - o->data), len = o->len + flen;
        char *data = malloc(len + 1);
        if (!data)
            exit(1);
        memcpy(data, o->data, at);
        memcpy(data + at, fur, flen);
        memcpy(data + at + flen, o->data + at, o->len - at + 1);
        free(fur);
        add_page(s, data, len, o->url, o->ctype);
    }
    ga_buf_free(&f);
}

static double run_bare(const set_t *s, int reps)
{
    double t0 = now();
    for (int r = 0; r < reps; r++)
        for (size_t i = 0; i < s->n; i++) {
            htmlDocPtr doc = htmlReadMemory(s->pages[i].data, (int)s->pages[i].len, "page.html", NULL,
                                            HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                                HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                                HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT);
            if (doc)
                xmlFreeDoc(doc);
        }
    return now() - t0;
}

/*
 * The second anchor: libxml2 parsing the UTF-8 text the extraction decodes the page to,
 * with the extraction's options. The first anchor, libxml2 reading the page's bytes
 * itself, stops at the first byte its declared charset cannot decode (a gb2312 label
 * over UTF-8 or over GBK-only characters, malformed UTF-8) and so covers such pages'
 * heads only; this one parses what the extraction parses, all of it. Decoding is not in
 * its time.
 */
static void decode_set(set_t *s)
{
    for (size_t i = 0; i < s->n; i++) {
        page_t *p = &s->pages[i];
        const char *utf8 = NULL;
        size_t n = 0;
        bool borrowed = false;
        char charset[32];
        if (ga_page_decode(p->data, p->len, NULL, p->ctype, &utf8, &n, &borrowed, charset, NULL) !=
            GA_OK)
            exit(1);
        p->decoded = malloc(n + 1);
        if (!p->decoded)
            exit(1);
        memcpy(p->decoded, utf8, n);
        p->decoded[n] = '\0';
        p->decoded_len = n;
        if (!borrowed)
            free((char *)utf8);
    }
}

static double run_bare_decoded(const set_t *s, int reps)
{
    double t0 = now();
    for (int r = 0; r < reps; r++)
        for (size_t i = 0; i < s->n; i++) {
            const page_t *p = &s->pages[i];
            if (!p->decoded_len)
                continue;
            htmlParserCtxtPtr pc = htmlNewParserCtxt();
            if (!pc)
                exit(1);
            htmlDocPtr doc = htmlCtxtReadMemory(pc, p->decoded, (int)p->decoded_len, "page.html", "UTF-8",
                                                HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                                    HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT |
                                                    HTML_PARSE_IGNORE_ENC);
            htmlFreeParserCtxt(pc);
            if (doc)
                xmlFreeDoc(doc);
        }
    return now() - t0;
}

static double run_full(const set_t *s, int reps)
{
    double t0 = now();
    for (int r = 0; r < reps; r++)
        for (size_t i = 0; i < s->n; i++) {
            const page_t *p = &s->pages[i];
            ga_page_options_t opt = {sizeof opt, .content_type = p->ctype};
            ga_page_t *pg = NULL;
            if (ga_page_parse(p->data, p->len, p->url ? p->url : DEFAULT_URL, &opt, &pg, NULL) != GA_OK) {
                fprintf(stderr, "page bench: parse failed\n");
                exit(1);
            }
            ga_page_free(pg);
        }
    return now() - t0;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* libxml2 reports charset errors of mislabelled pages even with HTML_PARSE_NOERROR; the
 * bare parse must not pay for printing them. */
static void quiet(void *ctx, const char *msg, ...)
{
}

/* GA_BENCH_ROUNDS=1 for a profile (valgrind --tool=callgrind): one round, one pass. */
static int rounds(void)
{
    const char *e = getenv("GA_BENCH_ROUNDS");
    int n = e ? atoi(e) : ROUNDS;
    return n >= 1 && n <= ROUNDS ? n : ROUNDS;
}

static void bench_set(const set_t *s)
{
    if (!s->n)
        return;
    run_bare(s, 1); /* warm caches and lazy initialisation on both sides */
    run_bare_decoded(s, 1);
    double one = run_full(s, 1);
    int reps = getenv("GA_BENCH_ROUNDS") ? 1 : one > 0 ? (int)(0.25 / one) + 1 : 100; /* ~0.25 s */
    int nr = rounds();
    double bare[ROUNDS], full[ROUNDS], ratio[ROUNDS], ratio2[ROUNDS];
    for (int r = 0; r < nr; r++) {
        bare[r] = run_bare(s, reps);
        double decoded = run_bare_decoded(s, reps);
        full[r] = run_full(s, reps);
        ratio[r] = full[r] / bare[r];
        ratio2[r] = full[r] / decoded;
    }
    qsort(bare, (size_t)nr, sizeof *bare, by_double);
    qsort(full, (size_t)nr, sizeof *full, by_double);
    qsort(ratio, (size_t)nr, sizeof *ratio, by_double);
    qsort(ratio2, (size_t)nr, sizeof *ratio2, by_double);
    double n = (double)s->n * reps, mb = (double)s->bytes * reps / 1e6;
    printf("%-20s %4zu pages %6.1f KiB avg | bare %6.0f pages/s %6.1f MB/s | full %6.0f pages/s "
           "%6.1f MB/s | %.2fx (rounds %.2f-%.2f) %s | of the decoded text's parse %.2fx\n",
           s->name, s->n, (double)s->bytes / (double)s->n / 1024.0, n / bare[0], mb / bare[0],
           n / full[0], mb / full[0], ratio[nr / 2], ratio[0], ratio[nr - 1],
           ratio[nr / 2] <= 1.5 ? "ok" : "OVER", ratio2[nr / 2]);
}

int main(int argc, char **argv)
{
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, quiet);
    for (int i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        const char *dir = eq ? eq + 1 : argv[i];
        char name[64];
        if (eq)
            snprintf(name, sizeof name, "%.*s", (int)(eq - argv[i]), argv[i]);
        else
            snprintf(name, sizeof name, "%s", strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir);
        DIR *d = opendir(dir);
        if (!d) {
            printf("page bench: %s absent, skipped\n", dir);
            continue;
        }
        closedir(d);
        set_t *s = new_set(name);
        load_tree(s, dir, "");
        if (!strcmp(name, "fixtures"))
            add_inflated(s);
    }
    for (size_t i = 0; i < nsets; i++)
        decode_set(&sets[i]);
    size_t total = 0;
    for (size_t i = 0; i < nsets; i++)
        total += sets[i].n;
    if (!total) {
        printf("page bench: no pages found, skipped\n");
        return 0;
    }
    printf("page bench: ga_page_parse (full extraction) against libxml2 htmlReadMemory (bare "
           "parse) of the same bytes; best of %d rounds for pages/s, median ratio of full to "
           "bare time (goal: at most 1.5x); last, the median ratio to libxml2 parsing the UTF-8 "
           "text the extraction decodes the page to (a second anchor: the first stops at a "
           "mislabelled page's first undecodable byte)\n", ROUNDS);
    for (size_t i = 0; i < nsets; i++)
        bench_set(&sets[i]);
    for (size_t i = 0; i < nsets; i++) {
        for (size_t k = 0; k < sets[i].n; k++) {
            free(sets[i].pages[k].data);
            free(sets[i].pages[k].url);
            free(sets[i].pages[k].ctype);
            free(sets[i].pages[k].decoded);
        }
        free(sets[i].pages);
    }
    return 0;
}
