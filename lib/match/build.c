/* Compiling rules: normalised literal tries in double-array form, first-bytes filters and
 * the rule table, laid out as the binary image that ga_matcher_save() writes. */
#include <stdlib.h>
#include <string.h>

#include "match-internal.h"

/* ---- a pointer trie used while building ----
 *
 * Patterns are gathered first and inserted in sorted order: each one then shares a prefix
 * with the one before and only appends nodes (as the last child of a node on the previous
 * path), so building costs time linear in the pattern bytes however many rules there are. */

typedef struct btrie {
    uint32_t *child, *sib, *out; /* first child, next sibling (0 = none; node 0 is the root) */
    uint8_t *label;
    uint32_t n, cap;
    uint32_t *ent; /* pairs (rule, 1 + next) */
    uint32_t nent;
    size_t ecap; /* in pairs */
    uint8_t shortb[256];
    uint64_t *keys;    /* filter bits to set, as hashes of 64 bits (filter_bit()) */
    uint32_t nkeys;
    size_t kcap;
    /* patterns gathered before the build: bytes in `text`, (offset, length, rule) in `pat` */
    ga_buf_t text;
    struct bt_pattern {
        union {
            size_t off;    /* while gathering: `text` may still move */
            const char *s; /* when building */
        } at;
        uint32_t len, rule;
    } *pat;
    size_t npat, pcap;
} btrie_t;

static bool bt_node(btrie_t *t, uint8_t label, uint32_t *idx)
{
    if (t->n == t->cap) {
        if (t->cap > UINT32_MAX / 2)
            return false;
        uint32_t cap = t->cap ? t->cap * 2 : 1024;
        uint32_t *c = realloc(t->child, cap * sizeof *c);
        if (!c)
            return false;
        t->child = c;
        uint32_t *s = realloc(t->sib, cap * sizeof *s);
        if (!s)
            return false;
        t->sib = s;
        uint32_t *o = realloc(t->out, cap * sizeof *o);
        if (!o)
            return false;
        t->out = o;
        uint8_t *l = realloc(t->label, cap);
        if (!l)
            return false;
        t->label = l;
        t->cap = cap;
    }
    *idx = t->n++;
    t->child[*idx] = t->sib[*idx] = t->out[*idx] = 0;
    t->label[*idx] = label;
    return true;
}

static void bt_free(btrie_t *t)
{
    free(t->child);
    free(t->sib);
    free(t->out);
    free(t->label);
    free(t->ent);
    free(t->keys);
    free(t->pat);
    ga_buf_free(&t->text);
}

/* Gather one pattern for rule entry `rule` (the rule index, maybe | MATCH_PREFILTER). */
static bool bt_add(btrie_t *t, const char *pat, size_t len, uint32_t rule)
{
    if (len == 0 || len > UINT32_MAX)
        return len == 0;
    if (!ga_grow((void **)&t->pat, &t->pcap, t->npat + 1, sizeof *t->pat))
        return false;
    t->pat[t->npat++] = (struct bt_pattern){{.off = t->text.len}, (uint32_t)len, rule};
    return ga_buf_append(&t->text, pat, len);
}

/* Bytes first; equal patterns by rule, last first, so that entry chains (built by
 * prepending) list rules in file order. */
static int cmp_pattern(const void *a, const void *b)
{
    const struct bt_pattern *x = a, *y = b;
    int c = memcmp(x->at.s, y->at.s, x->len < y->len ? x->len : y->len);
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    uint32_t rx = x->rule & ~MATCH_PREFILTER, ry = y->rule & ~MATCH_PREFILTER;
    if (rx != ry)
        return rx > ry ? -1 : 1;
    return (x->rule > y->rule) - (x->rule < y->rule);
}

static bool bt_entry(btrie_t *t, uint32_t s, uint32_t rule)
{
    if (t->nent == UINT32_MAX || !ga_grow((void **)&t->ent, &t->ecap, t->nent + 1, 2 * sizeof *t->ent))
        return false;
    t->ent[2 * t->nent] = rule;
    t->ent[2 * t->nent + 1] = t->out[s];
    t->out[s] = ++t->nent;
    return true;
}

/* A filter bit: the hash's top fbits bits, fbits chosen once every key is known. */
static bool bt_hash(btrie_t *t, uint64_t h)
{
    if (t->nkeys == UINT32_MAX || !ga_grow((void **)&t->keys, &t->kcap, t->nkeys + 1, sizeof *t->keys))
        return false;
    t->keys[t->nkeys++] = h;
    return true;
}

/* The filter bits and first-byte table entries of one pattern (see match-internal.h). */
static bool bt_key(btrie_t *t, const char *pat, size_t len)
{
    uint64_t k = 0;
    if (len < 3) {
        t->shortb[(uint8_t)pat[0]] |= MATCH_SHORT_ANY;
        return true;
    }
    if (len < MATCH_KEY_BYTES) {
        bool three = len == 3;
        t->shortb[(uint8_t)pat[0]] |= three ? MATCH_SHORT_3 : MATCH_SHORT_4;
        memcpy(&k, pat, three ? 3 : 4);
        return bt_hash(t, match_key_hash(k, 64));
    }
    memcpy(&k, pat, MATCH_KEY_BYTES);
    if (!bt_hash(t, match_key_hash(k, 64)))
        return false;
    if (len >= MATCH_LONG_KEY_BYTES)
        memcpy(&k, pat, MATCH_LONG_KEY_BYTES);
    return bt_hash(t, match_long_key_hash(k, 64));
}

/* Build the trie from the gathered patterns. */
static bool bt_build(btrie_t *t)
{
    uint32_t root;
    if (t->n == 0 && !bt_node(t, 0, &root))
        return false;
    if (t->npat == 0)
        return true;
    for (size_t i = 0; i < t->npat; i++)
        t->pat[i].at.s = t->text.data + t->pat[i].at.off;
    qsort(t->pat, t->npat, sizeof *t->pat, cmp_pattern);
    size_t maxlen = 0;
    for (size_t i = 0; i < t->npat; i++)
        if (t->pat[i].len > maxlen)
            maxlen = t->pat[i].len;
    /* path[d]: the node reached after d bytes of the previous pattern */
    uint32_t *path = calloc(maxlen + 1, sizeof *path);
    if (!path)
        return false;
    const char *prev = NULL;
    size_t prev_len = 0;
    uint32_t prev_rule = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < t->npat; i++) {
        const char *p = t->pat[i].at.s;
        size_t len = t->pat[i].len, lcp = 0;
        uint32_t rule = t->pat[i].rule;
        while (prev && lcp < len && lcp < prev_len && p[lcp] == prev[lcp])
            lcp++;
        if (prev && lcp == len && len == prev_len && rule == prev_rule)
            continue; /* the same rule twice at one state (variants that coincide) */
        for (size_t d = lcp; ok && d < len; d++) {
            uint32_t nn;
            if (!(ok = bt_node(t, (uint8_t)p[d], &nn)))
                break;
            if (d == lcp && prev && lcp < prev_len)
                t->sib[path[d + 1]] = nn; /* after the previous pattern's child: larger */
            else
                t->child[path[d]] = nn;   /* the node's first child */
            path[d + 1] = nn;
        }
        ok = ok && bt_entry(t, path[len], rule) && bt_key(t, p, len);
        prev = p;
        prev_len = len;
        prev_rule = rule;
    }
    free(path);
    return ok;
}

/* ---- the image being written ---- */

static bool align8(ga_buf_t *b)
{
    static const char zero[8] = {0};
    return ga_buf_append(b, zero, (8 - (b->len & 7)) & 7);
}

/* Append a section; returns its payload offset in *off. */
static bool section(ga_buf_t *b, const void *data, size_t len, uint32_t *off)
{
    if (!align8(b) || b->len > UINT32_MAX - len)
        return false;
    *off = (uint32_t)(b->len - MATCH_HEADER_SIZE);
    return ga_buf_append(b, data, len);
}

enum { PLACE_WINDOW = 4096 };

/* Smallest free slot at or after p: used slots point forward (path-compressed), so
 * placement skips the dense part of the array instead of walking it. */
static size_t next_free(uint32_t *skip, const uint8_t *used, size_t p)
{
    size_t r = p;
    while (used[r])
        r = skip[r];
    while (used[p] && skip[p] != r) {
        size_t nx = skip[p];
        skip[p] = (uint32_t)r;
        p = nx;
    }
    return r;
}

/* Convert a built trie to double-array form and append its sections; `w` receives the nine
 * words of its payload header entry. */
static ga_status_t write_trie(ga_buf_t *img, btrie_t *t, uint32_t *w, ga_error_t **err)
{
    if (!bt_build(t))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory building the rule trie");
    size_t cap = (size_t)t->n + 512;
    int32_t *base = calloc(cap, sizeof *base);
    uint32_t *check = calloc(cap, sizeof *check);
    uint32_t *out = calloc(cap, sizeof *out);
    uint8_t *used = calloc(cap, 1);
    uint32_t *skip = calloc(cap, sizeof *skip);
    uint32_t *da = malloc(t->n * sizeof *da); /* build node -> double-array index */
    uint32_t *queue = malloc(t->n * sizeof *queue);
    ga_status_t st = GA_OK;
    if (!base || !check || !out || !used || !skip || !da || !queue) {
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    used[0] = 1;
    skip[0] = 1;
    da[0] = 0;
    size_t qh = 0, qt = 0, hint = 1, top = 1;
    queue[qt++] = 0;
    while (qh < qt) {
        uint32_t node = queue[qh++];
        uint32_t s = da[node];
        out[s] = t->out[node];
        uint32_t first = t->child[node];
        if (!first)
            continue;
        uint8_t l0 = t->label[first];
        /* Holes far behind the top are given up on: they rarely fit a node, and
         * scanning them for every node made large rule sets quadratic to build. */
        if (top > PLACE_WINDOW && hint < top - PLACE_WINDOW)
            hint = next_free(skip, used, top - PLACE_WINDOW);
        size_t pos = hint;
        int32_t b;
        for (;; pos = next_free(skip, used, pos + 1)) {
            if (pos + 256 >= cap) {
                size_t nc = cap * 2;
                int32_t *nb = realloc(base, nc * sizeof *nb);
                if (nb)
                    base = nb;
                uint32_t *ncheck = realloc(check, nc * sizeof *ncheck);
                if (ncheck)
                    check = ncheck;
                uint32_t *no = realloc(out, nc * sizeof *no);
                if (no)
                    out = no;
                uint8_t *nu = realloc(used, nc);
                if (nu)
                    used = nu;
                uint32_t *ns = realloc(skip, nc * sizeof *ns);
                if (ns)
                    skip = ns;
                if (!nb || !ncheck || !no || !nu || !ns) {
                    st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
                    goto done;
                }
                memset(base + cap, 0, (nc - cap) * sizeof *base);
                memset(check + cap, 0, (nc - cap) * sizeof *check);
                memset(out + cap, 0, (nc - cap) * sizeof *out);
                memset(used + cap, 0, nc - cap);
                memset(skip + cap, 0, (nc - cap) * sizeof *skip);
                cap = nc;
            }
            if (used[pos] || pos < (size_t)l0 + 1)
                continue;
            b = (int32_t)(pos - l0);
            bool fits = true;
            for (uint32_t c = t->sib[first]; c && fits; c = t->sib[c])
                fits = !used[(size_t)b + t->label[c]];
            if (fits)
                break;
        }
        if (pos > INT32_MAX - 512) {
            st = ga_error_set(err, GA_ERR_LIMIT, "rule set too large");
            goto done;
        }
        base[s] = b;
        for (uint32_t c = first; c; c = t->sib[c]) {
            size_t slot = (size_t)b + t->label[c];
            used[slot] = 1;
            skip[slot] = (uint32_t)(slot + 1);
            check[slot] = s + 1;
            da[c] = (uint32_t)slot;
            if (slot + 1 > top)
                top = slot + 1;
            queue[qt++] = c;
        }
        hint = next_free(skip, used, hint);
    }
    /* about 64 bits a key keeps the false-positive rate near 1.5% */
    uint32_t fbits = 16;
    while (fbits < 26 && ((uint64_t)1 << fbits) < (uint64_t)t->nkeys * 64)
        fbits++;
    size_t fwords = ((size_t)1 << fbits) / 64;
    uint64_t *filter = calloc(fwords, sizeof *filter);
    if (!filter) {
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    for (uint32_t i = 0; i < t->nkeys; i++) {
        uint64_t h = t->keys[i] >> (64 - fbits);
        filter[h >> 6] |= (uint64_t)1 << (h & 63);
    }
    w[0] = (uint32_t)top;
    bool ok = section(img, base, top * sizeof *base, &w[1]) &&
              section(img, check, top * sizeof *check, &w[2]) &&
              section(img, out, top * sizeof *out, &w[3]);
    w[4] = t->nent;
    ok = ok && section(img, t->ent, 2 * (size_t)t->nent * sizeof(uint32_t), &w[5]);
    w[6] = fbits;
    ok = ok && section(img, filter, fwords * sizeof *filter, &w[7]) &&
         section(img, t->shortb, 256, &w[8]);
    free(filter);
    if (!ok)
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory or image too large");
done:
    free(base);
    free(check);
    free(out);
    free(used);
    free(skip);
    free(da);
    free(queue);
    return st;
}

/* ---- rule table ---- */

typedef struct prepared {
    char *pattern;    /* as matched: normalised for norm rules */
    char **except;    /* as matched */
    size_t nexcept;
} prepared_t;

static ga_status_t normalize_dup(const ga_normalizer_t *n, ga_normalized_t *res, const char *s,
                                 char **out, ga_error_t **err)
{
    ga_status_t st = ga_normalize(n, s, strlen(s), res, err);
    if (st)
        return st;
    size_t len;
    const char *t = ga_normalized_text(res, &len);
    *out = strndup(t, len);
    return *out ? GA_OK : ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint32_t pool_add(ga_buf_t *pool, const char *s, uint32_t *len)
{
    uint32_t off = (uint32_t)pool->len;
    size_t n = strlen(s);
    *len = (uint32_t)n;
    if (!ga_buf_append(pool, s, n + 1))
        return UINT32_MAX;
    return off;
}

ga_status_t match_build_image(const ga_rules_t *rs, void **image, size_t *image_len,
                              ga_error_t **err)
{
    size_t n = rs ? rs->n : 0;
    ga_status_t st = GA_OK;
    ga_normalizer_t *norm = NULL;
    ga_normalized_t *res = ga_normalized_new();
    prepared_t *prep = calloc(n ? n : 1, sizeof *prep);
    near_table_t *near = NULL;
    char **canon = NULL;
    size_t ncanon = 0;
    btrie_t trie[2];
    memset(trie, 0, sizeof trie);
    ga_buf_t pool = {0}, img = {0}, variants = {0};
    uint32_t *rec = calloc(n ? n : 1, RR_WORDS * sizeof *rec);
    uint32_t *exc = NULL;
    size_t nexc = 0, exccap = 0;
    if (!res || !prep || !rec) {
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    st = ga_normalizer_new(NULL, &norm, err);
    /* Matched forms of patterns and exceptions. */
    for (size_t i = 0; st == GA_OK && i < n; i++) {
        const mrule_t *r = &rs->v[i];
        bool nrm = (r->flags & RULE_F_NORM) && r->kind != RULE_REGEX;
        if (nrm)
            st = normalize_dup(norm, res, r->pattern, &prep[i].pattern, err);
        else if (!(prep[i].pattern = strdup(r->pattern)))
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        if (st == GA_OK && prep[i].pattern[0] == '\0')
            st = ga_error_set_at(err, GA_ERR_SYNTAX, r->file, r->line, r->column,
                                 "pattern is empty after normalisation");
        if (st == GA_OK && r->kind == RULE_NEAR && ga_utf8_length(prep[i].pattern, strlen(prep[i].pattern)) < 4)
            st = ga_error_set_at(err, GA_ERR_SYNTAX, r->file, r->line, r->column,
                                 "near: canonical form shorter than 4 characters after normalisation");
        if (st == GA_OK && r->nexcept &&
            !(prep[i].except = calloc(r->nexcept, sizeof(char *))))
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        for (size_t e = 0; st == GA_OK && e < r->nexcept; e++) {
            if ((r->flags & RULE_F_NORM))
                st = normalize_dup(norm, res, r->except[e], &prep[i].except[e], err);
            else if (!(prep[i].except[e] = strdup(r->except[e])))
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            prep[i].nexcept++;
        }
        if (st == GA_OK && r->kind == RULE_NEAR) {
            if (!near)
                st = near_table_new(&near, err);
            char **g = realloc(canon, (ncanon + 1) * sizeof *g);
            if (!g)
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            else
                (canon = g)[ncanon++] = prep[i].pattern;
        }
    }
    if (st)
        goto done;
    if (ncanon)
        qsort(canon, ncanon, sizeof *canon, cmp_cstr);
    /* Patterns for the tries (raw and normalised). */
    for (size_t k = 0; st == GA_OK && k < n; k++) {
        const mrule_t *r = &rs->v[k];
        btrie_t *t = &trie[(r->flags & RULE_F_NORM) ? 1 : 0];
        if (r->kind == RULE_LITERAL) {
            if (!bt_add(t, prep[k].pattern, strlen(prep[k].pattern), (uint32_t)k))
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        } else if (r->kind == RULE_REGEX) {
            /* its required literal goes into the trie: one pass arms the regexes */
            size_t ll = 0;
            char *lit = match_regex_literal(r->pattern, strlen(r->pattern), &ll);
            if (lit && !bt_add(t, lit, ll, (uint32_t)k | MATCH_PREFILTER))
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            free(lit);
        } else if (r->kind == RULE_NEAR) {
            variants.len = 0;
            size_t count = 0;
            if (!near_variants(near, prep[k].pattern, strlen(prep[k].pattern), &variants,
                               &count)) {
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
                break;
            }
            for (size_t off = 0; off < variants.len && st == GA_OK;) {
                const char *v = variants.data + off;
                size_t vl = strlen(v);
                off += vl + 1;
                if (bsearch(&v, canon, ncanon, sizeof *canon, cmp_cstr))
                    continue; /* a variant of one protected form is another protected form */
                if (!bt_add(t, v, vl, (uint32_t)k))
                    st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            }
        }
    }
    if (st)
        goto done;
    /* Rule records and the string pool. */
    for (size_t i = 0; i < n; i++) {
        const mrule_t *r = &rs->v[i];
        uint32_t *w = rec + i * RR_WORDS;
        const char *sugg = r->suggestion[0] || r->kind != RULE_NEAR ? r->suggestion : r->pattern;
        w[RR_ID] = pool_add(&pool, r->id, &w[RR_ID_LEN]);
        w[RR_CAT] = pool_add(&pool, r->category, &w[RR_CAT_LEN]);
        w[RR_SUGG] = pool_add(&pool, sugg, &w[RR_SUGG_LEN]);
        w[RR_PAT] = pool_add(&pool, r->kind == RULE_REGEX ? r->pattern : prep[i].pattern,
                             &w[RR_PAT_LEN]);
        w[RR_KIND] = r->kind;
        w[RR_SEV] = r->severity;
        w[RR_FLAGS] = r->flags | r->privacy;
        w[RR_EXC] = (uint32_t)nexc;
        w[RR_NEXC] = 0;
        for (size_t e = 0; e < prep[i].nexcept; e++) {
            if (!prep[i].except[e][0])
                continue;
            if (nexc == exccap) {
                exccap = exccap ? exccap * 2 : 64;
                uint32_t *g = realloc(exc, exccap * 2 * sizeof *g);
                if (!g) {
                    st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
                    goto done;
                }
                exc = g;
            }
            exc[2 * nexc] = pool_add(&pool, prep[i].except[e], &exc[2 * nexc + 1]);
            nexc++;
            w[RR_NEXC]++;
        }
        if (pool.len > UINT32_MAX / 2) {
            st = ga_error_set(err, GA_ERR_LIMIT, "rule strings too large");
            goto done;
        }
    }
    /* An empty set still gets a pool: one NUL, as the loader wants every pool to end in one
     * (a rule file of comments only failed to load as "section out of range"). */
    if (!ga_buf_append(&pool, "", pool.len ? 0 : 1)) {
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    /* Header placeholder, payload header, sections. */
    enum { PH_WORDS = 24 };
    uint32_t ph[PH_WORDS] = {0};
    char zero[MATCH_HEADER_SIZE + PH_WORDS * 4] = {0};
    if (!ga_buf_append(&img, zero, sizeof zero)) {
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    ph[0] = (uint32_t)n;
    ph[3] = (uint32_t)pool.len;
    ph[5] = (uint32_t)nexc;
    if (!section(&img, rec, n * RR_WORDS * sizeof *rec, &ph[1]) ||
        !section(&img, pool.data, pool.len, &ph[2]) ||
        !section(&img, exc ? (void *)exc : (void *)"", nexc * 2 * sizeof(uint32_t), &ph[4])) {
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    for (int t = 0; t < 2 && st == GA_OK; t++)
        st = write_trie(&img, &trie[t], ph + 6 + 9 * t, err);
    if (st)
        goto done;
    if (!align8(&img)) {
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    memcpy(img.data + MATCH_HEADER_SIZE, ph, sizeof ph);
    uint64_t plen = img.len - MATCH_HEADER_SIZE;
    uint64_t sum = ga_hash64(img.data + MATCH_HEADER_SIZE, plen, MATCH_VERSION);
    uint32_t version = MATCH_VERSION, hsize = MATCH_HEADER_SIZE, endian = 0x01020304u, zero32 = 0;
    memcpy(img.data, MATCH_MAGIC, 8);
    memcpy(img.data + 8, &version, 4);
    memcpy(img.data + 12, &hsize, 4);
    memcpy(img.data + 16, &plen, 8);
    memcpy(img.data + 24, &sum, 8);
    memcpy(img.data + 32, &endian, 4);
    memcpy(img.data + 36, &zero32, 4);
    *image = img.data;
    *image_len = img.len;
    img.data = NULL;
done:
    for (size_t i = 0; prep && i < n; i++) {
        free(prep[i].pattern);
        for (size_t e = 0; e < prep[i].nexcept; e++)
            free(prep[i].except[e]);
        free(prep[i].except);
    }
    free(prep);
    free(canon);
    free(rec);
    free(exc);
    ga_buf_free(&pool);
    ga_buf_free(&img);
    ga_buf_free(&variants);
    bt_free(&trie[0]);
    bt_free(&trie[1]);
    near_table_free(near);
    ga_normalizer_free(norm);
    ga_normalized_free(res);
    return st;
}
