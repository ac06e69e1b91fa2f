/* Every field ga_page_parse() extracts, on hundreds of real-shaped and randomly varied pages
 * (bench/page/make-pages.py: portal furniture, nesting, unclosed tags, GBK and UTF-8,
 * mislabelled charsets), the demo site and the page fixtures, compared with the values
 * stored in tests/fixtures/page/same-fields.tsv: one hash per field and page, computed by
 * the extraction as it was before its speed-ups. A speed-up that changes any field of any
 * page fails here, naming the page and the field.
 *
 * usage: test-page-same SET=DIR... where each DIR holds *.html pages and, for generated
 * sets, manifest.tsv (file, URL, Content-Type). With GA_PAGE_SAME_WRITE=PATH it writes
 * the table instead of comparing (run once on the extraction the table must describe). */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/page.h>

#include "testutil.h"

#include "page/page-extract.h"
#include "page/page-internal.h"

#define FALLBACK_URL "http://www.example.gov.cn/a/t20230731_1.html"

static char **set_args;
static int nset_args;

/* The fields compared, each hashed on its own so a failure names it. */
enum {
    F_CHARSET, F_HTML_TITLE, F_TITLE, F_PUBDATE, F_DATES, F_SOURCE, F_KIND, F_COLUMN, F_META,
    F_MISSING, F_TEXT, F_LINKS, F_ITEMS, F_ATTACH, F_IDENTITY, F_MESSAGES, F_GUIDE, F_NFIELDS
};
static const char *const field_names[F_NFIELDS] = {
    "charset", "html_title", "title", "pubdate", "dates", "source", "kind", "column", "meta",
    "meta_missing", "text", "links", "items", "attachments", "identity", "messages", "guide"};

typedef struct {
    uint64_t h;
    ga_buf_t shown; /* the field's text, for the failure message */
} field_t;

static void put(field_t *f, const char *s)
{
    /* FNV-1a 64; NULL and "" differ, and every value ends with a separator. */
    const char *v = s ? s : "\x01(null)";
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        f->h = (f->h ^ *p) * 0x100000001b3ULL;
    f->h = (f->h ^ 0x1f) * 0x100000001b3ULL;
    if (f->shown.len < 600) {
        ga_buf_append(&f->shown, v, strlen(v) < 200 ? strlen(v) : 200);
        ga_buf_append(&f->shown, "|", 1);
    }
}

static void put_int(field_t *f, long long v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    put(f, b);
}

static void fields_of(const ga_page_t *pg, field_t *f)
{
    for (int i = 0; i < F_NFIELDS; i++) {
        f[i].h = 0xcbf29ce484222325ULL;
        f[i].shown.len = 0;
    }
    put(&f[F_CHARSET], ga_page_charset(pg));
    put(&f[F_HTML_TITLE], ga_page_html_title(pg));
    put(&f[F_TITLE], ga_page_title(pg));
    put(&f[F_PUBDATE], ga_page_pubdate(pg));
    put(&f[F_DATES], ga_page_pubdate_from(pg, GA_PAGE_DATE_META));
    put(&f[F_DATES], ga_page_pubdate_from(pg, GA_PAGE_DATE_SHOWN));
    put(&f[F_DATES], ga_page_pubdate_from(pg, GA_PAGE_DATE_URL));
    put(&f[F_SOURCE], ga_page_source(pg));
    put(&f[F_KIND], ga_page_kind_name(ga_page_kind(pg)));
    for (size_t i = 0; i < ga_page_column_count(pg); i++)
        put(&f[F_COLUMN], ga_page_column(pg, i));
    for (size_t i = 0; i < ga_page_meta_count(pg); i++) {
        const char *name = NULL, *content = NULL;
        ga_page_meta_at(pg, i, &name, &content);
        put(&f[F_META], name);
        put(&f[F_META], content);
    }
    for (int k = GA_PAGE_OTHER; k <= GA_PAGE_HOME; k++)
        put_int(&f[F_MISSING], ga_page_meta_missing(pg, (ga_page_kind_t)k));
    size_t tlen = 0;
    const char *text = ga_page_text(pg, &tlen);
    put_int(&f[F_TEXT], (long long)tlen);
    put(&f[F_TEXT], text);
    for (size_t i = 0; i < ga_page_link_count(pg); i++) {
        put(&f[F_LINKS], ga_page_link_url(pg, i));
        put(&f[F_LINKS], ga_page_link_text(pg, i));
        put_int(&f[F_LINKS], ga_page_link_in_body(pg, i));
    }
    for (size_t i = 0; i < ga_page_item_count(pg); i++) {
        put(&f[F_ITEMS], ga_page_item_title(pg, i));
        put(&f[F_ITEMS], ga_page_item_url(pg, i));
        put(&f[F_ITEMS], ga_page_item_date(pg, i));
    }
    for (size_t i = 0; i < ga_page_attachment_count(pg); i++) {
        put(&f[F_ATTACH], ga_page_attachment_url(pg, i));
        put(&f[F_ATTACH], ga_page_attachment_text(pg, i));
        put(&f[F_ATTACH], ga_page_attachment_type(pg, i));
    }
    for (int k = 0; k < GA_PAGE_IDENTITY_ITEMS; k++) {
        put(&f[F_IDENTITY], ga_page_identity(pg, (ga_page_identity_t)k));
        put(&f[F_IDENTITY], ga_page_identity_link(pg, (ga_page_identity_t)k));
    }
    for (size_t i = 0; i < ga_page_message_count(pg); i++)
        for (int k = 0; k < GA_PAGE_MSG_FIELDS; k++)
            put(&f[F_MESSAGES], ga_page_message(pg, i, (ga_page_message_field_t)k));
    put_int(&f[F_MESSAGES], ga_page_message_form(pg));
    put(&f[F_GUIDE], ga_page_guide_name(pg));
    for (size_t i = 0; i < ga_page_guide_element_count(pg); i++)
        put(&f[F_GUIDE], ga_page_guide_element(pg, i));
}

/* One page to check: its key in the table, bytes, URL and Content-Type. */
typedef struct {
    char key[300];
    char path[4096];
    char url[4200];
    char ctype[128];
} page_ref_t;

static page_ref_t *refs;
static size_t nrefs, refcap;

static void add_ref(const char *set, const char *dir, const char *name, const char *url,
                    const char *ctype)
{
    if (!ga_grow((void **)&refs, &refcap, nrefs + 1, sizeof *refs))
        ck_abort_msg("out of memory");
    page_ref_t *r = &refs[nrefs++];
    snprintf(r->key, sizeof r->key, "%s/%s", set, name);
    snprintf(r->path, sizeof r->path, "%s/%s", dir, name);
    snprintf(r->url, sizeof r->url, "%s", url);
    snprintf(r->ctype, sizeof r->ctype, "%s", ctype);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const page_ref_t *)a)->key, ((const page_ref_t *)b)->key);
}

/* A set with a manifest: its pages with their URLs and Content-Types. */
static bool load_manifest(const char *set, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *name = strtok(line, "\t"), *url = strtok(NULL, "\t"), *ctype = strtok(NULL, "\t");
        if (name && url && ctype)
            add_ref(set, dir, name, url, strcmp(ctype, "-") ? ctype : "");
    }
    fclose(f);
    return true;
}

/* A folder of pages without a manifest (fixtures, the demo site), walked recursively; the
 * URL is the file's path under the demo's loopback host, so index pages are home pages. */
static void load_tree(const char *set, const char *root, const char *rel)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        const char *dot = strrchr(e->d_name, '.');
        if (dot && !strcmp(dot, ".html")) {
            char url[4200];
            if (!strcmp(set, "demo"))
                snprintf(url, sizeof url, "http://127.0.0.1:8000/%s", sub);
            else
                snprintf(url, sizeof url, "%s", FALLBACK_URL);
            add_ref(set, root, sub, url, "");
            continue;
        }
        char full[8192];
        snprintf(full, sizeof full, "%s/%s", root, sub);
        DIR *probe = opendir(full);
        if (probe) {
            closedir(probe);
            load_tree(set, root, sub);
        }
    }
    closedir(d);
}

static void load_sets(void)
{
    nrefs = 0;
    for (int i = 0; i < nset_args; i++) {
        char arg[4096];
        snprintf(arg, sizeof arg, "%s", set_args[i]);
        char *eq = strchr(arg, '=');
        ck_assert_msg(eq != NULL, "argument %s is not SET=DIR", arg);
        *eq = '\0';
        if (!load_manifest(arg, eq + 1))
            load_tree(arg, eq + 1, "");
    }
    qsort(refs, nrefs, sizeof *refs, by_key);
}

START_TEST(fields_unchanged)
{
    load_sets();
    const char *write = getenv("GA_PAGE_SAME_WRITE");
    FILE *out = NULL;
    char *table = NULL;
    size_t table_len = 0;
    if (write && *write) {
        out = fopen(write, "w");
        ck_assert_msg(out != NULL, "cannot write %s", write);
        fprintf(out, "# page\tFNV-1a 64 of each field:");
        for (int k = 0; k < F_NFIELDS; k++)
            fprintf(out, " %s", field_names[k]);
        fprintf(out, "\n");
    } else {
        table = ga_test_fixture("page", "same-fields.tsv", &table_len);
    }
    field_t f[F_NFIELDS];
    memset(f, 0, sizeof f);
    size_t checked = 0, differing = 0, sets_seen = 0;
    char last_set[64] = "";
    for (size_t i = 0; i < nrefs; i++) {
        const page_ref_t *r = &refs[i];
        if (strncmp(r->key, last_set, strlen(last_set)) || !*last_set) {
            snprintf(last_set, sizeof last_set, "%.*s/", (int)strcspn(r->key, "/"), r->key);
            sets_seen++;
        }
        char *data = NULL;
        size_t len = 0;
        ck_assert_msg(ga_read_file(r->path, &data, &len, NULL) == GA_OK, "cannot read %s", r->path);
        ga_page_options_t opt = {sizeof opt, .content_type = *r->ctype ? r->ctype : NULL};
        ga_page_t *pg = NULL;
        ga_error_t *err = NULL;
        ck_assert_msg(ga_page_parse(data, len, r->url, &opt, &pg, &err) == GA_OK, "%s: %s", r->key,
                      ga_error_message(err));
        free(data);
        fields_of(pg, f);
        ga_page_free(pg);
        if (out) {
            fprintf(out, "%s", r->key);
            for (int k = 0; k < F_NFIELDS; k++)
                fprintf(out, "\t%016llx", (unsigned long long)f[k].h);
            fprintf(out, "\n");
            continue;
        }
        /* The page's line: key, then one hash per field. */
        size_t klen = strlen(r->key);
        const char *line = NULL;
        for (const char *p = table; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
            if (!strncmp(p, r->key, klen) && p[klen] == '\t') {
                line = p + klen;
                break;
            }
        ck_assert_msg(line != NULL, "%s is not in same-fields.tsv: regenerate it on the extraction "
                      "as it was", r->key);
        checked++;
        bool same = true;
        for (int k = 0; k < F_NFIELDS; k++) {
            unsigned long long want = strtoull(line + 1, (char **)&line, 16);
            if (want != f[k].h) {
                fprintf(stderr, "%s: %s differs; now: %.*s\n", r->key, field_names[k],
                        (int)f[k].shown.len, f[k].shown.data ? f[k].shown.data : "");
                same = false;
            }
        }
        differing += !same;
    }
    for (int k = 0; k < F_NFIELDS; k++)
        ga_buf_free(&f[k].shown);
    if (out) {
        fclose(out);
        fprintf(stderr, "wrote %zu pages to %s\n", nrefs, write);
        return;
    }
    free(table);
    fprintf(stderr, "page sameness: %zu pages in %zu sets, %zu with a field that differs\n",
            checked, sets_seen, differing);
    ck_assert_uint_ge(checked, 300);
    ck_assert_uint_eq(differing, 0);
}
END_TEST

/* GB18030 with ASCII runs copied gives what ICU's conversion of the whole input gives. */
static void same_gb18030(const char *s, size_t len, const char *what)
{
    const char *fast = NULL, *plain = NULL;
    size_t nfast = 0, nplain = 0;
    ck_assert_int_eq(ga_page_convert("GB18030", s, len, true, &fast, &nfast, NULL), GA_OK);
    ck_assert_int_eq(ga_page_convert("GB18030", s, len, false, &plain, &nplain, NULL), GA_OK);
    ck_assert_msg(nfast == nplain && !memcmp(fast, plain, nfast),
                  "%s: GB18030 with ASCII runs copied differs from the whole conversion", what);
    free((char *)fast);
    free((char *)plain);
}

/* Random bytes where the converter's boundaries matter: lead bytes, digits (second and
 * fourth bytes of four-byte sequences), trail-range letters, 0x80, 0xFF, NUL, cut
 * sequences, with ASCII runs long enough to be copied between them. */
START_TEST(gb18030_ascii_runs)
{
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    char buf[4096];
    for (int round = 0; round < 4000; round++) {
        size_t len = 0, want = 1 + (size_t)((x >> 33) % sizeof buf);
        while (len < want) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            unsigned pick = (unsigned)(x % 16);
            if (pick < 3 && len + 40 < want) { /* an ASCII run, perhaps ending in a digit */
                size_t n = 20 + (size_t)((x >> 8) % 40);
                for (size_t k = 0; k < n && len < want; k++)
                    buf[len++] = (char)(' ' + (int)((x >> (k % 50)) % 95));
            } else if (pick < 6) {
                buf[len++] = (char)(0x81 + (int)((x >> 20) % 0x7E)); /* lead */
            } else if (pick < 8) {
                buf[len++] = (char)('0' + (int)((x >> 24) % 10));
            } else if (pick < 10) {
                buf[len++] = (char)(0x40 + (int)((x >> 28) % 0x3F)); /* trail-range ASCII */
            } else if (pick < 11) {
                buf[len++] = (char)((x >> 30) & 1 ? 0x80 : 0xFF);
            } else if (pick < 12) {
                buf[len++] = (char)((x >> 31) & 1 ? 0 : 0x7F);
            } else {
                buf[len++] = (char)(0x80 + (int)((x >> 36) % 0x80));
            }
        }
        same_gb18030(buf, len, "random bytes");
    }
    /* The GBK pages of the sets, whole. */
    load_sets();
    size_t gbk = 0;
    for (size_t i = 0; i < nrefs; i++) {
        if (!strstr(refs[i].key, "gbk"))
            continue;
        char *data = NULL;
        size_t len = 0;
        ck_assert(ga_read_file(refs[i].path, &data, &len, NULL) == GA_OK);
        same_gb18030(data, len, refs[i].key);
        free(data);
        gbk++;
    }
    ck_assert_uint_ge(gbk, 100);
}
END_TEST

/* The walk looks for breadcrumb labels only in text holding 位置 or 当前: every label must. */
START_TEST(crumb_labels_prefilter)
{
    for (size_t k = 0; k < GA_PAGE_CRUMB_LABELS; k++)
        ck_assert_msg(strstr(ga_page_crumb_labels[k], "位置") || strstr(ga_page_crumb_labels[k], "当前"),
                      "breadcrumb label %s holds neither 位置 nor 当前", ga_page_crumb_labels[k]);
}
END_TEST

int main(int argc, char **argv)
{
    set_args = argv + 1;
    nset_args = argc - 1;
    Suite *s = suite_create("page-same");
    TCase *tc = tcase_create("fields");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, fields_unchanged);
    tcase_add_test(tc, gb18030_ascii_runs);
    tcase_add_test(tc, crumb_labels_prefilter);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
