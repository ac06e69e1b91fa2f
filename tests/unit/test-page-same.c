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

/* ---- tag names and id/class words: the walk's fast forms against the simple ones ---- */

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static unsigned next_rand(unsigned bound)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % bound);
}

static void same_class_bits(const char *s)
{
    ck_assert_msg(ga_page_class_bits(s) == ga_page_class_bits_simple(s),
                  "id/class \"%s\": one pass gives %#x, word by word %#x", s, ga_page_class_bits(s),
                  ga_page_class_bits_simple(s));
}

static void same_tag_info(const char *name)
{
    ck_assert_msg(ga_page_tag_info_fast(name) == ga_page_tag_info(name), "tag name \"%s\": %#x, not %#x",
                  name, ga_page_tag_info_fast(name), ga_page_tag_info(name));
}

/* Every word alone, glued to letters, digits and separators on either side (token and
 * token-end rules), and random strings of words, word pieces and separators. */
START_TEST(class_bits_random)
{
    const char *words[512];
    size_t nw = ga_page_class_words(words, NWORDS(words));
    ck_assert_uint_gt(nw, 100);
    ck_assert_uint_le(nw, NWORDS(words));
    static const char *const glue[] = {"", " ", "-", "_", "a", "x", "9", "s", "\xE4\xB8\xAD", ".", "tt", "bt"};
    char buf[200];
    for (size_t i = 0; i < nw; i++) {
        ck_assert_msg(strlen(words[i]) >= 2 && strlen(words[i]) < 24, "word %s", words[i]);
        for (size_t l = 0; l < NWORDS(glue); l++)
            for (size_t r = 0; r < NWORDS(glue); r++) {
                snprintf(buf, sizeof buf, "%s%s%s", glue[l], words[i], glue[r]);
                same_class_bits(buf);
                snprintf(buf, sizeof buf, "id%s%s%s cls ", glue[l], words[i], glue[r]);
                same_class_bits(buf);
            }
    }
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789 -_:";
    for (int round = 0; round < 200000; round++) {
        size_t k = 0, want = 1 + next_rand(150);
        while (k < want) {
            unsigned pick = next_rand(10);
            if (pick < 4) { /* a word, perhaps cut short */
                const char *w = words[next_rand((unsigned)nw)];
                size_t n = strlen(w);
                if (next_rand(3) == 0)
                    n = 1 + next_rand((unsigned)n);
                for (size_t j = 0; j < n && k < want; j++)
                    buf[k++] = w[j];
            } else if (pick < 9) {
                buf[k++] = alphabet[next_rand(sizeof alphabet - 1)];
            } else {
                buf[k++] = (char)(0x80 + next_rand(0x80));
            }
        }
        buf[k] = '\0';
        same_class_bits(buf);
    }
}
END_TEST

/* Elements of a parsed page: their id/class texts through both matchers, their names
 * through both lookups. */
static void same_in_tree(xmlNode *n, size_t *checked)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || !n->name)
            continue;
        const char *name = (const char *)n->name;
        same_tag_info(name);
        const char *id = ga_page_attr(n, "id"), *cls = ga_page_attr(n, "class");
        if (id || cls) {
            char buf[160];
            size_t k = 0;
            for (int pass = 0; pass < 2; pass++) {
                for (const char *p = pass ? cls : id; p && *p && k + 2 < sizeof buf; p++)
                    buf[k++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
                if (k + 1 < sizeof buf)
                    buf[k++] = ' ';
            }
            buf[k] = '\0';
            same_class_bits(buf);
            (*checked)++;
        }
        same_in_tree(n->children, checked);
    }
}

START_TEST(names_real_pages)
{
    load_sets();
    size_t checked = 0;
    for (size_t i = 0; i < nrefs; i++) {
        char *data = NULL;
        size_t len = 0;
        ck_assert(ga_read_file(refs[i].path, &data, &len, NULL) == GA_OK);
        xmlDoc *doc = htmlReadMemory(data, (int)len, "page.html", NULL,
                                     HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                         HTML_PARSE_NOWARNING);
        free(data);
        if (!doc)
            continue;
        same_in_tree(doc->children, &checked);
        xmlFreeDoc(doc);
    }
    ck_assert_uint_gt(checked, 10000);
}
END_TEST

/* Tag names through the table and through the string tests: every name of up to three
 * letters or digits, the names HTML has had, and random names around them (prefixes,
 * extensions, upper case, prefixed names like o:p, names past the table's 16 bytes). */
START_TEST(tag_info_names)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char name[40];
    same_tag_info("");
    for (size_t i = 0; i < sizeof chars - 1; i++)
        for (size_t j = 0; j < sizeof chars; j++)
            for (size_t k = 0; k < sizeof chars; k++) {
                size_t n = 0;
                name[n++] = chars[i];
                if (j < sizeof chars - 1)
                    name[n++] = chars[j];
                if (j < sizeof chars - 1 && k < sizeof chars - 1)
                    name[n++] = chars[k];
                name[n] = '\0';
                same_tag_info(name);
            }
    static const char *const known[] = {
        "article", "aside", "address", "audio", "body", "blockquote", "button", "center",
        "caption", "canvas", "details", "embed", "footer", "form", "fieldset", "figure",
        "figcaption", "frameset", "frame", "header", "html", "hgroup", "iframe", "input",
        "legend", "main", "menu", "noscript", "noframes", "object", "option", "section",
        "script", "style", "select", "summary", "table", "tbody", "thead", "tfoot", "template",
        "textarea", "video", "head", "title", "meta", "base", "area", "span", "strong", "font",
        "label", "o:p", "st1:chsdate", "my-widget", "blockquotes", "figcaptionxyzabcdefgh"};
    for (size_t i = 0; i < NWORDS(known); i++) {
        same_tag_info(known[i]);
        for (size_t cut = 1; cut < strlen(known[i]); cut++) {
            snprintf(name, sizeof name, "%.*s", (int)cut, known[i]);
            same_tag_info(name);
        }
        for (size_t e = 0; e < sizeof chars - 1; e += 7) {
            snprintf(name, sizeof name, "%s%c", known[i], chars[e]);
            same_tag_info(name);
            snprintf(name, sizeof name, "%c%s", chars[e], known[i]);
            same_tag_info(name);
        }
        snprintf(name, sizeof name, "%s", known[i]);
        name[0] = (char)(name[0] - 32);
        same_tag_info(name);
    }
    for (int round = 0; round < 100000; round++) {
        size_t n = next_rand(24);
        for (size_t k = 0; k < n; k++)
            name[k] = next_rand(4) ? chars[next_rand(26)] : (char)(1 + next_rand(255));
        name[n] = '\0';
        same_tag_info(name);
    }
}
END_TEST

/* ga_page_find against memmem: haystacks of Chinese characters sharing lead and last
 * bytes, ASCII, cut characters; needles taken from them, shifted, or random. */
START_TEST(find_as_memmem)
{
    static const char *const pieces[] = {"主", "办", "电", "话", "标", "识", "码", "联", "系",
                                         "公", "网", "安", "备", "ICP", "mail", " ", "：", "a",
                                         "\xE4", "\x80", "\xBB", "号", "中", "丸"};
    char hay[400], needle[40];
    for (int round = 0; round < 200000; round++) {
        size_t hn = 0, want = next_rand(120);
        while (hn < want) {
            const char *p = pieces[next_rand(NWORDS(pieces))];
            size_t n = strlen(p);
            if (hn + n > sizeof hay)
                break;
            memcpy(hay + hn, p, n);
            hn += n;
        }
        size_t wn;
        if (hn && next_rand(3)) {
            size_t at = next_rand((unsigned)hn);
            wn = next_rand((unsigned)(hn - at < 16 ? hn - at : 16) + 1);
            memcpy(needle, hay + at, wn);
            if (wn && next_rand(4) == 0)
                needle[next_rand((unsigned)wn)] ^= 1;
        } else {
            wn = 0;
            for (size_t k = 1 + next_rand(3); k--;) {
                const char *p = pieces[next_rand(NWORDS(pieces))];
                memcpy(needle + wn, p, strlen(p));
                wn += strlen(p);
            }
        }
        const char *want_at = memmem(hay, hn, needle, wn);
        ck_assert_msg(ga_page_find(hay, hn, needle, wn) == want_at,
                      "find of %zu bytes in %zu: %td, memmem %td", wn, hn,
                      ga_page_find(hay, hn, needle, wn) ? ga_page_find(hay, hn, needle, wn) - hay : -1,
                      want_at ? want_at - hay : -1);
    }
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
    tcase_add_test(tc, class_bits_random);
    tcase_add_test(tc, names_real_pages);
    tcase_add_test(tc, tag_info_names);
    tcase_add_test(tc, find_as_memmem);
    suite_add_tcase(s, tc);
    return ga_run_suite(s);
}
