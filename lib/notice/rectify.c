/* 整改 between rounds: each site's problems of the previous round matched to this round's,
 * by content rather than address, so a page that moved or a column that was renamed still
 * counts as the same problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notice-internal.h"

/* Identities tried in turn, the strictest first; an item matched in one pass is out of the
 * later ones. */
#define PASSES 4

typedef enum it_kind { IT_INDICATOR, IT_FINDING, IT_LINK, IT_DUP, IT_STALE, IT_BLANK } it_kind_t;

static const char *const kind_words[] = {"indicator", "finding", "link", "duplicate",
                                         "stale_column", "blank_column"};

typedef struct item {
    it_kind_t kind;
    char *key[PASSES];  /* NULL when the pass does not apply */
    unsigned unique;    /* bit p: pass p pairs only a key that is alone on both sides */
    char **members[2];  /* duplicate clusters: sorted member paths (0) and titles (1) */
    size_t nmembers[2];
    char *text, *url, *id;
    size_t match; /* index on the other side, or NONE */
} item_t;

#define NONE ((size_t)-1)

typedef GA_VEC(item_t) items_t;

static void item_free(item_t *it)
{
    for (int p = 0; p < PASSES; p++)
        free(it->key[p]);
    for (int k = 0; k < 2; k++) {
        for (size_t j = 0; j < it->nmembers[k]; j++)
            free(it->members[k][j]);
        free(it->members[k]);
    }
    free(it->text);
    free(it->url);
    free(it->id);
}

static void items_free(items_t *v)
{
    for (size_t i = 0; i < v->n; i++)
        item_free(&v->v[i]);
    free(v->v);
    v->v = NULL;
    v->n = v->cap = 0;
}

/* ---- text helpers ------------------------------------------------------------------------ */

/* A growing string that turns `ok` false when out of memory. */
typedef struct sb {
    ga_buf_t b;
    bool ok;
} sb_t;

static void sb_add(sb_t *s, const char *t)
{
    if (s->ok && t && !ga_buf_append(&s->b, t, strlen(t)))
        s->ok = false;
}

/* `t` without white space (ASCII, U+3000, U+00A0): wording compared as written. */
static void sb_norm(sb_t *s, const char *t)
{
    if (!t)
        return;
    const unsigned char *u = (const unsigned char *)t;
    size_t len = strlen(t), p = 0;
    while (p < len && s->ok) {
        size_t q = p;
        int32_t cp = ga_utf8_decode(u, len, &q);
        if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0))
            s->ok = ga_buf_append(&s->b, t + p, q - p);
        p = q;
    }
}

/* The part of a URL that names the page within its site: no scheme, host, fragment or
 * directory index file (crawls of one site through two host names, `/x/` and
 * `/x/index.html`, are the same page). With `keep_host` (links to other sites) the host
 * stays, without `www.`. */
static void sb_path(sb_t *s, const char *url, bool keep_host)
{
    if (!url)
        return;
    const char *p = strstr(url, "://");
    if (p) {
        p += 3;
        const char *slash = p + strcspn(p, "/?#");
        if (keep_host) {
            if (strncmp(p, "www.", 4) == 0)
                p += 4;
            if (s->ok && !ga_buf_append(&s->b, p, (size_t)(slash - p)))
                s->ok = false;
        }
        p = slash;
    } else {
        p = url;
    }
    size_t n = strcspn(p, "#");
    static const char *const index_files[] = {"index.html", "index.htm", "index.shtml",
                                              "default.html", "default.htm", "index.jsp",
                                              "index.php", "default.aspx"};
    size_t q = strcspn(p, "?");
    if (q == n) {
        for (size_t i = 0; i < sizeof index_files / sizeof *index_files; i++) {
            size_t k = strlen(index_files[i]);
            if (n > k && p[n - k - 1] == '/' && strncmp(p + n - k, index_files[i], k) == 0) {
                n -= k;
                break;
            }
        }
    }
    if (n == 0)
        p = "/", n = 1;
    if (s->ok && !ga_buf_append(&s->b, p, n))
        s->ok = false;
}

static char *sb_done(sb_t *s, bool *ok)
{
    if (!s->ok || !ga_buf_append(&s->b, "", 1)) {
        ga_buf_free(&s->b);
        *ok = false;
        return NULL;
    }
    return s->b.data;
}

/* Key parts are separated by U+001F, which no normalised field holds. */
#define SEP "\x1f"

static char *dupstr(const char *s, bool *ok)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *ok = false;
    return d;
}

/* ---- items of one result ------------------------------------------------------------------ */

static item_t *push(items_t *v, it_kind_t kind, bool *ok)
{
    item_t *it = *ok ? GA_VEC_PUSH(*v) : NULL;
    if (!it) {
        *ok = false;
        return NULL;
    }
    it->kind = kind;
    it->match = NONE;
    return it;
}

static const char *indicator_label(int k)
{
    return k == 0 ? "单项否决" : k == 1 ? "扣分" : "问题";
}

/* Deductions are compared only when both rounds were scored (`deductions`): a veto stops the
 * scoring, so a deduction missing next to a veto is not known to be fixed, nor new. */
static void indicator_items(items_t *v, json_object *root, bool deductions, bool *ok)
{
    static const char *const lists[] = {"vetoes", "deductions", "problems"};
    for (int k = 0; k < 3; k++) {
        if (k == 1 && !deductions)
            continue;
        json_object *a = nt_array(root, lists[k]);
        for (size_t i = 0; a && i < json_object_array_length(a); i++) {
            json_object *x = json_object_array_get_idx(a, i);
            const char *id = nt_str(x, "id"), *name = nt_str(x, "name");
            item_t *it = push(v, IT_INDICATOR, ok);
            if (!it)
                return;
            sb_t key = {.ok = true}, text = {.ok = true};
            sb_add(&key, id ? id : name);
            it->key[0] = sb_done(&key, ok);
            sb_add(&text, indicator_label(k));
            sb_add(&text, "：");
            sb_add(&text, name);
            it->text = sb_done(&text, ok);
            it->id = dupstr(id, ok);
        }
    }
}

static void finding_items(items_t *v, json_object *root, bool *ok)
{
    json_object *a = nt_array(root, "findings");
    for (size_t i = 0; a && i < json_object_array_length(a); i++) {
        json_object *x = json_object_array_get_idx(a, i);
        const char *rule = nt_str(x, "rule"), *cat = nt_str(x, "category"),
                   *text = nt_str(x, "text"), *sugg = nt_str(x, "suggestion"),
                   *url = nt_str(x, "url"), *title = nt_str(x, "title"),
                   *field = nt_str(x, "field"), *before = nt_str(x, "before"),
                   *after = nt_str(x, "after");
        item_t *it = push(v, IT_FINDING, ok);
        if (!it)
            return;
        /* What was found, whatever the rule's number in its pack: category, wording,
         * suggestion and the field it sits in. */
        sb_t what = {.ok = true};
        sb_add(&what, cat);
        sb_add(&what, SEP);
        sb_norm(&what, text);
        sb_add(&what, SEP);
        sb_norm(&what, sugg);
        sb_add(&what, SEP);
        sb_add(&what, field);
        char *w = sb_done(&what, ok);
        if (!w)
            return;
        sb_t k0 = {.ok = true}, k1 = {.ok = true}, k2 = {.ok = true}, k3 = {.ok = true};
        if (rule) { /* the same rule on the same page */
            sb_add(&k0, rule);
            sb_add(&k0, SEP);
            sb_norm(&k0, text);
            sb_add(&k0, SEP);
            sb_add(&k0, field);
            sb_add(&k0, SEP);
            sb_path(&k0, url, false);
            it->key[0] = sb_done(&k0, ok);
        }
        sb_add(&k1, w); /* the same wording on the same page, the rule renumbered */
        sb_add(&k1, SEP);
        sb_path(&k1, url, false);
        it->key[1] = sb_done(&k1, ok);
        if (title && *title) { /* the page moved: the same article title */
            sb_add(&k2, w);
            sb_add(&k2, SEP);
            sb_norm(&k2, title);
            it->key[2] = sb_done(&k2, ok);
        }
        if ((before && *before) || (after && *after)) { /* moved and retitled: the context */
            sb_add(&k3, w);
            sb_add(&k3, SEP);
            sb_norm(&k3, before);
            sb_add(&k3, SEP);
            sb_norm(&k3, after);
            it->key[3] = sb_done(&k3, ok);
        }
        free(w);
        sb_t d = {.ok = true};
        sb_add(&d, cat ? cat : "错敏字");
        sb_add(&d, "「");
        sb_add(&d, text);
        sb_add(&d, "」");
        if (sugg && *sugg && strcmp(sugg, "-") != 0) {
            sb_add(&d, "应为「");
            sb_add(&d, sugg);
            sb_add(&d, "」");
        }
        if (title && *title) {
            sb_add(&d, "（");
            sb_add(&d, title);
            sb_add(&d, "）");
        }
        it->text = sb_done(&d, ok);
        it->url = dupstr(url, ok);
        it->id = dupstr(rule, ok);
    }
}

static bool link_broken(json_object *x)
{
    json_object *b, *st;
    if (json_object_object_get_ex(x, "broken", &b) && json_object_is_type(b, json_type_boolean))
        return json_object_get_boolean(b);
    if (!json_object_object_get_ex(x, "status", &st) || !json_object_is_type(st, json_type_int))
        return false;
    int64_t s = json_object_get_int64(st);
    return s == 0 || s >= 400;
}

static void link_items(items_t *v, json_object *root, bool *ok)
{
    json_object *a = nt_array(root, "links");
    for (size_t i = 0; a && i < json_object_array_length(a); i++) {
        json_object *x = json_object_array_get_idx(a, i), *ext, *st;
        if (!link_broken(x))
            continue;
        const char *url = nt_str(x, "url"), *text = nt_str(x, "text");
        bool external = json_object_object_get_ex(x, "external", &ext) &&
                        json_object_get_boolean(ext);
        item_t *it = push(v, IT_LINK, ok);
        if (!it)
            return;
        sb_t k0 = {.ok = true}, k1 = {.ok = true}, d = {.ok = true};
        sb_path(&k0, url, external); /* the same target, wherever it is linked from */
        it->key[0] = sb_done(&k0, ok);
        if (text && *text) { /* the target moved too: the same anchor text */
            sb_add(&k1, external ? "external" SEP : "internal" SEP);
            sb_norm(&k1, text);
            it->key[1] = sb_done(&k1, ok);
        }
        sb_add(&d, external ? "外部链接不可用：" : "链接不可用：");
        if (text && *text) {
            sb_add(&d, text);
            sb_add(&d, " ");
        }
        sb_add(&d, url);
        if (json_object_object_get_ex(x, "status", &st) && json_object_is_type(st, json_type_int)) {
            char buf[48];
            int64_t code = json_object_get_int64(st);
            if (code > 0)
                snprintf(buf, sizeof buf, "（HTTP %lld）", (long long)code);
            else
                snprintf(buf, sizeof buf, "（无法访问）");
            sb_add(&d, buf);
        }
        it->text = sb_done(&d, ok);
        /* The page holding the link is where it gets fixed. */
        const char *where = nt_str(x, "where");
        it->url = dupstr(where ? where : url, ok);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Members compared are capped: a cluster of hundreds of copies matches on its first ones. */
#define MEMBERS_MAX 32

static void dup_items(items_t *v, json_object *root, bool *ok)
{
    json_object *a = nt_array(root, "duplicates");
    for (size_t i = 0; a && i < json_object_array_length(a); i++) {
        json_object *x = json_object_array_get_idx(a, i);
        json_object *posts = nt_array(x, "posts");
        size_t n = posts ? json_object_array_length(posts) : 0;
        if (n > MEMBERS_MAX)
            n = MEMBERS_MAX;
        item_t *it = push(v, IT_DUP, ok);
        if (!it)
            return;
        for (int k = 0; k < 2; k++)
            if (!(it->members[k] = calloc(n ? n : 1, sizeof(char *))))
                *ok = false;
        const char *first_title = NULL, *first_url = NULL;
        sb_t cols = {.ok = true};
        for (size_t j = 0; j < n && *ok; j++) {
            json_object *p = json_object_array_get_idx(posts, j);
            const char *url = nt_str(p, "url"), *title = nt_str(p, "title"),
                       *column = nt_str(p, "column");
            if (url) {
                sb_t s = {.ok = true};
                sb_path(&s, url, false);
                it->members[0][it->nmembers[0]++] = sb_done(&s, ok);
            }
            if (title && *title) {
                sb_t s = {.ok = true};
                sb_norm(&s, title);
                it->members[1][it->nmembers[1]++] = sb_done(&s, ok);
            }
            if (!first_title && title && *title)
                first_title = title;
            if (!first_url)
                first_url = url;
            if (column) {
                sb_add(&cols, cols.b.len ? "、" : "");
                sb_add(&cols, column);
            }
        }
        if (!*ok) {
            ga_buf_free(&cols.b);
            return;
        }
        if (!it->nmembers[0] && !it->nmembers[1]) { /* no post to know the cluster by */
            ga_buf_free(&cols.b);
            item_free(it);
            v->n--;
            continue;
        }
        for (int k = 0; k < 2; k++)
            if (it->nmembers[k])
                qsort(it->members[k], it->nmembers[k], sizeof(char *), cmp_str);
        char *c = sb_done(&cols, ok);
        sb_t d = {.ok = true};
        const char *kind = nt_str(x, "kind");
        sb_add(&d, kind ? kind : "duplicate");
        sb_add(&d, "：");
        sb_add(&d, first_title ? first_title : first_url);
        if (c && *c) {
            sb_add(&d, "（");
            sb_add(&d, c);
            sb_add(&d, "）");
        }
        free(c);
        it->text = sb_done(&d, ok);
        it->url = dupstr(first_url, ok);
    }
}

static void column_items(items_t *v, json_object *root, bool *ok)
{
    json_object *a = nt_array(root, "columns");
    for (int blank = 0; blank < 2; blank++)
        for (size_t i = 0; a && i < json_object_array_length(a); i++) {
            json_object *x = json_object_array_get_idx(a, i), *f, *lv, *days;
            if (!json_object_object_get_ex(x, blank ? "blank" : "stale", &f) ||
                !json_object_get_boolean(f))
                continue;
            const char *name = nt_str(x, "name"), *url = nt_str(x, "url"),
                       *type = nt_str(x, "type");
            item_t *it = push(v, blank ? IT_BLANK : IT_STALE, ok);
            if (!it)
                return;
            sb_t k0 = {.ok = true}, k1 = {.ok = true}, k2 = {.ok = true}, d = {.ok = true};
            sb_norm(&k0, name); /* the same column name */
            it->key[0] = sb_done(&k0, ok);
            if (url) { /* renamed, at the same address */
                sb_path(&k1, url, false);
                it->key[1] = sb_done(&k1, ok);
            }
            if (type) { /* renamed and moved: the only such column of its type and level */
                char lvl[24] = "";
                if (json_object_object_get_ex(x, "level", &lv))
                    snprintf(lvl, sizeof lvl, "%lld", (long long)json_object_get_int64(lv));
                sb_add(&k2, type);
                sb_add(&k2, SEP);
                sb_add(&k2, lvl);
                it->key[2] = sb_done(&k2, ok);
                it->unique |= 1u << 2;
            }
            sb_add(&d, blank ? "空白栏目：" : "栏目不更新：");
            sb_add(&d, name ? name : url);
            if (!blank && json_object_object_get_ex(x, "days_since", &days) &&
                json_object_is_type(days, json_type_int)) {
                char buf[48];
                snprintf(buf, sizeof buf, "（%lld天未更新）", (long long)json_object_get_int64(days));
                sb_add(&d, buf);
            }
            it->text = sb_done(&d, ok);
            it->url = dupstr(url, ok);
        }
}

static bool result_items(items_t *v, json_object *root, bool deductions)
{
    bool ok = true;
    indicator_items(v, root, deductions, &ok);
    finding_items(v, root, &ok);
    link_items(v, root, &ok);
    dup_items(v, root, &ok);
    column_items(v, root, &ok);
    return ok;
}

/* ---- pairing ------------------------------------------------------------------------------ */

typedef struct ref {
    it_kind_t kind;
    const char *key;
    size_t idx;
} ref_t;

static int ref_key_cmp(const ref_t *x, const ref_t *y)
{
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return strcmp(x->key, y->key);
}

static int cmp_ref(const void *a, const void *b)
{
    const ref_t *x = a, *y = b;
    int d = ref_key_cmp(x, y);
    return d ? d : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Unmatched items of `v` with a key in `pass`, sorted by kind, key and position. */
static ref_t *refs(items_t *v, int pass, size_t *n)
{
    ref_t *r = malloc((v->n ? v->n : 1) * sizeof *r);
    *n = 0;
    if (!r)
        return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (v->v[i].match == NONE && v->v[i].key[pass])
            r[(*n)++] = (ref_t){v->v[i].kind, v->v[i].key[pass], i};
    qsort(r, *n, sizeof *r, cmp_ref);
    return r;
}

/* Pair equal keys of pass `pass` in order of position (a key found twice in both rounds is
 * two problems, each matched once). */
static bool pair_keys(items_t *a, items_t *b, int pass)
{
    size_t na, nb;
    ref_t *ra = refs(a, pass, &na), *rb = refs(b, pass, &nb);
    if (!ra || !rb) {
        free(ra);
        free(rb);
        return false;
    }
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        int d = ref_key_cmp(&ra[i], &rb[j]);
        if (d) {
            d < 0 ? i++ : j++;
            continue;
        }
        size_t ie = i, je = j;
        while (ie < na && ref_key_cmp(&ra[ie], &ra[i]) == 0)
            ie++;
        while (je < nb && ref_key_cmp(&rb[je], &rb[j]) == 0)
            je++;
        bool unique = a->v[ra[i].idx].unique & (1u << pass);
        if (!unique || (ie - i == 1 && je - j == 1))
            for (size_t k = 0; i + k < ie && j + k < je; k++) {
                a->v[ra[i + k].idx].match = rb[j + k].idx;
                b->v[rb[j + k].idx].match = ra[i + k].idx;
            }
        i = ie;
        j = je;
    }
    free(ra);
    free(rb);
    return true;
}

static bool sorted_meet(char *const *x, size_t nx, char *const *y, size_t ny)
{
    size_t i = 0, j = 0;
    while (i < nx && j < ny) {
        int d = strcmp(x[i], y[j]);
        if (d == 0)
            return true;
        d < 0 ? i++ : j++;
    }
    return false;
}

/* Duplicate clusters are the same when they share a post: by address first, then by
 * headline (the pages moved). A cluster that gained or lost a copy is still the same. */
static void pair_dups(items_t *a, items_t *b)
{
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < a->n; i++) {
            item_t *x = &a->v[i];
            if (x->kind != IT_DUP || x->match != NONE)
                continue;
            for (size_t j = 0; j < b->n; j++) {
                item_t *y = &b->v[j];
                if (y->kind != IT_DUP || y->match != NONE ||
                    !sorted_meet(x->members[k], x->nmembers[k], y->members[k], y->nmembers[k]))
                    continue;
                x->match = j;
                y->match = i;
                break;
            }
        }
}

/* ---- the rectification list ----------------------------------------------------------------- */

static json_object *jstr(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static json_object *item_json(const item_t *it, const item_t *before)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "kind", json_object_new_string(kind_words[it->kind]));
    if (it->id)
        json_object_object_add(o, it->kind == IT_INDICATOR ? "indicator" : "rule", jstr(it->id));
    json_object_object_add(o, "text", jstr(it->text));
    if (it->url)
        json_object_object_add(o, "url", jstr(it->url));
    if (before && before->text && it->text && strcmp(before->text, it->text) != 0)
        json_object_object_add(o, "previous_text", jstr(before->text));
    if (before && before->url && (!it->url || strcmp(before->url, it->url) != 0))
        json_object_object_add(o, "previous_url", jstr(before->url));
    return o;
}

static json_object *site_entry(const nt_result_t *cur, const nt_result_t *prev, bool *ok)
{
    items_t a = {0}, b = {0};
    bool scored = !prev->vetoed && !cur->vetoed;
    if (!result_items(&a, prev->root, scored) || !result_items(&b, cur->root, scored)) {
        items_free(&a);
        items_free(&b);
        *ok = false;
        return NULL;
    }
    for (int p = 0; p < PASSES && *ok; p++)
        *ok = pair_keys(&a, &b, p);
    pair_dups(&a, &b);
    json_object *o = json_object_new_object(), *fixed = json_object_new_array(),
                *outstanding = json_object_new_array(), *fresh = json_object_new_array();
    json_object_object_add(o, "site", jstr(cur->site));
    json_object_object_add(o, "owner", jstr(cur->owner));
    json_object_object_add(o, "object", json_object_new_string(
                                            cur->object == GA_OBJECT_NEWMEDIA ? "newmedia" : "website"));
    for (size_t i = 0; i < a.n; i++)
        if (a.v[i].match == NONE)
            json_object_array_add(fixed, item_json(&a.v[i], NULL));
    for (size_t i = 0; i < b.n; i++)
        json_object_array_add(b.v[i].match == NONE ? fresh : outstanding,
                              item_json(&b.v[i], b.v[i].match == NONE ? NULL : &a.v[b.v[i].match]));
    json_object_object_add(o, "fixed", fixed);
    json_object_object_add(o, "outstanding", outstanding);
    json_object_object_add(o, "new", fresh);
    items_free(&a);
    items_free(&b);
    return o;
}

/* Sites are the same in both rounds by SiteIDCode, else by name (white space aside). */
static bool site_items(const nt_result_t *v, size_t n, items_t *out)
{
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        item_t *it = push(out, (it_kind_t)v[i].object, &ok);
        if (!it)
            break;
        if (v[i].site_id && *v[i].site_id)
            it->key[0] = dupstr(v[i].site_id, &ok);
        sb_t s = {.ok = true};
        sb_norm(&s, v[i].site ? v[i].site : "");
        it->key[1] = sb_done(&s, &ok);
    }
    return ok;
}

json_object *nt_rectification(const ga_notice_t *n, ga_progress_state_t *pr)
{
    items_t cur = {0}, prev = {0};
    bool ok = site_items(n->cur.v, n->cur.n, &cur) && site_items(n->prev.v, n->prev.n, &prev);
    for (int p = 0; p < 2 && ok; p++)
        ok = pair_keys(&cur, &prev, p);
    json_object *list = ok ? json_object_new_array() : NULL;
    for (size_t i = 0; list && i < cur.n && ok; i++)
        if (ga_progress_tick(pr, i, 0))
            ok = false;
        else if (cur.v[i].match != NONE) {
            json_object *e = site_entry(&n->cur.v[i], &n->prev.v[cur.v[i].match], &ok);
            if (e)
                json_object_array_add(list, e);
        }
    items_free(&cur);
    items_free(&prev);
    if (!ok) {
        json_object_put(list);
        return NULL;
    }
    return list;
}
