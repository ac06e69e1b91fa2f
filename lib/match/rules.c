/* Rule file parser (format: docs/rules.md) and the rule set that collects parsed files. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match-internal.h"

static const char *const sev_names[] = {"hint", "normal", "serious"};

const char *ga_severity_name(ga_severity_t s)
{
    return (unsigned)s < 3 ? sev_names[s] : "unknown";
}

ga_status_t ga_severity_parse(const char *name, ga_severity_t *out)
{
    if (!name || !out)
        return GA_ERR_INVALID_ARGUMENT;
    for (unsigned i = 0; i < 3; i++)
        if (strcmp(name, sev_names[i]) == 0) {
            *out = (ga_severity_t)i;
            return GA_OK;
        }
    if (strcmp(name, "veto") == 0) {
        *out = GA_SEVERITY_SERIOUS;
        return GA_OK;
    }
    return GA_ERR_INVALID_ARGUMENT;
}

ga_rules_t *ga_rules_new(void)
{
    return calloc(1, sizeof(ga_rules_t));
}

static void rule_clear(mrule_t *r)
{
    free(r->id);
    free(r->category);
    free(r->suggestion);
    free(r->pattern);
    free(r->file);
    free(r->tests);
    free(r->oks);
    for (size_t i = 0; i < r->nexcept; i++)
        free(r->except[i]);
    free(r->except);
    memset(r, 0, sizeof *r);
}

void ga_rules_free(ga_rules_t *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->n; i++)
        rule_clear(&rules->v[i]);
    free(rules->v);
    for (size_t i = 0; i < rules->nwarn; i++)
        free(rules->warn[i]);
    free(rules->warn);
    free(rules->seen);
    free(rules->seen_idx);
    free(rules);
}

size_t ga_rules_count(const ga_rules_t *rules)
{
    return rules ? rules->n : 0;
}

size_t ga_rules_warning_count(const ga_rules_t *rules)
{
    return rules ? rules->nwarn : 0;
}

const char *ga_rules_warning(const ga_rules_t *rules, size_t i)
{
    return rules && i < rules->nwarn ? rules->warn[i] : NULL;
}

/* ---- parsing ---- */

typedef struct field {
    const char *s;
    size_t len;
    size_t col; /* 1-based column in characters */
} field_t;

typedef struct pctx {
    const char *name;
    size_t line;
    ga_error_t **err;
} pctx_t;

static size_t cols(const char *line, const char *at)
{
    return ga_utf8_length(line, (size_t)(at - line)) + 1;
}

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static bool is_sp(char c)
{
    return c == ' ';
}

/* Trim ASCII spaces on both sides of a field. */
static void trim(field_t *f, const char *line)
{
    while (f->len && is_sp(f->s[0])) {
        f->s++;
        f->len--;
    }
    while (f->len && is_sp(f->s[f->len - 1]))
        f->len--;
    f->col = cols(line, f->s);
}

typedef struct defaults {
    char *category;
    uint8_t severity, flags;
} defaults_t;

static ga_status_t parse_flags(const pctx_t *c, const field_t *f, const char *v, size_t vlen,
                               uint8_t *flags)
{
    *flags = 0;
    size_t i = 0;
    while (i <= vlen) {
        size_t j = i;
        while (j < vlen && v[j] != ',')
            j++;
        size_t n = j - i;
        if (n == 4 && memcmp(v + i, "norm", 4) == 0)
            *flags |= RULE_F_NORM;
        else if (n == 4 && memcmp(v + i, "word", 4) == 0)
            *flags |= RULE_F_WORD;
        else if (n == 3 && memcmp(v + i, "raw", 3) == 0)
            *flags &= (uint8_t)~RULE_F_NORM;
        else if (n != 0 || vlen == 0)
            return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line,
                                   f->col + ga_utf8_length(f->s, (size_t)(v + i - f->s)),
                                   "unknown flag '%.*s' (known: norm, word, raw)", (int)n,
                                   v + i);
        i = j + 1;
    }
    return GA_OK;
}

static ga_status_t parse_sev(const pctx_t *c, size_t col, const char *v, size_t n, uint8_t *out)
{
    char buf[16];
    ga_severity_t s;
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, v, n);
    buf[n] = '\0';
    if (ga_severity_parse(buf, &s) != GA_OK)
        return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, col,
                               "unknown severity '%s' (hint, normal, serious or veto)", buf);
    *out = (uint8_t)s;
    return GA_OK;
}

/* check=NAME: a validator every hit must pass (regex rules only). */
static ga_status_t parse_check(const pctx_t *c, size_t col, const char *v, size_t n, mrule_t *r)
{
    unsigned id = match_check_find(v, n);
    if (!id)
        return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, col,
                               "unknown validator '%.*s' (resident-id, mobile, bank-card)",
                               (int)(n > 64 ? 64 : n), v);
    if (r->kind != RULE_REGEX)
        return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, col,
                               "check= needs a re: rule");
    r->privacy = (r->privacy & ~(0xFFu << 8)) | id << 8;
    return GA_OK;
}

/* mask=HEAD,TAIL: findings show the hit with its letters and digits masked except the
 * first HEAD and the last TAIL (0 to 32 each). */
static ga_status_t parse_mask(const pctx_t *c, size_t col, const char *v, size_t n, mrule_t *r)
{
    unsigned part[2] = {0, 0}, k = 0;
    bool digit = false;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == ',' && k == 0 && digit) {
            k = 1;
            digit = false;
        } else if (v[i] >= '0' && v[i] <= '9' && part[k] < 100) {
            part[k] = part[k] * 10 + (unsigned)(v[i] - '0');
            digit = true;
        } else {
            k = 2;
            break;
        }
    }
    if (k != 1 || !digit || part[0] > 32 || part[1] > 32)
        return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, col,
                               "mask= takes HEAD,TAIL: characters left visible at each end (0-32)");
    r->privacy = (r->privacy & (0xFFu << 8)) | RULE_F_MASK | part[0] << 16 | part[1] << 24;
    return GA_OK;
}

static ga_status_t directive(const pctx_t *c, const char *line, size_t len, defaults_t *d)
{
    const char *sp = memchr(line, ' ', len);
    size_t klen = sp ? (size_t)(sp - line) : len;
    field_t v = {sp ? sp + 1 : line + len, sp ? len - klen - 1 : 0, 0};
    trim(&v, line);
    if (v.len == 0)
        return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, 1,
                               "directive '%.*s' needs a value", (int)klen, line);
    if (klen == 9 && memcmp(line, "@category", 9) == 0) {
        char *cat = dupn(v.s, v.len);
        if (!cat)
            return ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
        free(d->category);
        d->category = cat;
        return GA_OK;
    }
    if (klen == 9 && memcmp(line, "@severity", 9) == 0)
        return parse_sev(c, v.col, v.s, v.len, &d->severity);
    if (klen == 6 && memcmp(line, "@flags", 6) == 0)
        return parse_flags(c, &v, v.s, v.len, &d->flags);
    return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, 1,
                           "unknown directive '%.*s' (@category, @severity, @flags)", (int)klen,
                           line);
}

/* Check a regex with PCRE2 now so the error can name the column. */
static ga_status_t check_regex(const pctx_t *c, const field_t *f, const char *pat, size_t n)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, n, PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
    if (re) {
        pcre2_code_free(re);
        return GA_OK;
    }
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    size_t col = f->col + 3 + ga_utf8_length(pat, off < n ? off : n);
    return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, col, "bad regular expression: %s",
                           (const char *)msg);
}

static ga_status_t parse_rule(const pctx_t *c, const char *line, size_t len, const defaults_t *d,
                              const char *idprefix, mrule_t *r)
{
    field_t f[16];
    size_t nf = 0;
    const char *p = line, *end = line + len;
    memset(r, 0, sizeof *r); /* the caller clears *r on failure, early ones included */
    for (;;) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        if (nf == 16)
            return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, cols(line, p),
                                   "too many fields");
        f[nf].s = p;
        f[nf].len = (size_t)((tab ? tab : end) - p);
        trim(&f[nf], line);
        nf++;
        if (!tab)
            break;
        p = tab + 1;
    }
    r->line = c->line;
    r->column = f[0].col;
    r->severity = d->severity;
    r->flags = d->flags;
    const char *pat = f[0].s;
    size_t plen = f[0].len;
    size_t pcol = f[0].col;
    if (plen >= 3 && memcmp(pat, "re:", 3) == 0) {
        r->kind = RULE_REGEX;
        pat += 3;
        plen -= 3;
    } else if (plen >= 5 && memcmp(pat, "near:", 5) == 0) {
        r->kind = RULE_NEAR;
        pat += 5;
        plen -= 5;
    } else if (plen >= 4 && memcmp(pat, "lit:", 4) == 0) {
        pat += 4;
        plen -= 4;
    }
    if (plen == 0)
        return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, pcol, "empty pattern");
    if (plen > MATCH_MAX_FIELD)
        return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, pcol,
                               "pattern longer than %d bytes", MATCH_MAX_FIELD);
    if (r->kind == RULE_REGEX) {
        ga_status_t st = check_regex(c, &f[0], pat, plen);
        if (st)
            return st;
    }
    if (r->kind == RULE_NEAR) {
        r->flags |= RULE_F_NORM;
        if (ga_utf8_length(pat, plen) < 4)
            return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, pcol,
                                   "near: needs a canonical form of at least 4 characters");
    }
    const char *sugg = "";
    size_t slen = 0;
    if (nf > 1 && !(f[1].len == 1 && f[1].s[0] == '-')) {
        sugg = f[1].s;
        slen = f[1].len;
    }
    if (slen > MATCH_MAX_FIELD)
        return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, f[1].col,
                               "suggestion longer than %d bytes", MATCH_MAX_FIELD);
    const char *cat = d->category;
    size_t catlen = cat ? strlen(cat) : 0;
    const char *id = NULL;
    size_t idlen = 0;
    const char *exc = NULL;
    size_t exclen = 0, exccol = 0;
    for (size_t i = 2; i < nf; i++) {
        const char *eq = memchr(f[i].s, '=', f[i].len);
        if (f[i].len == 0)
            continue;
        if (!eq)
            return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, f[i].col,
                                   "expected KEY=VALUE (cat, sev, flags, except, id, check, mask, test, ok)");
        size_t k = (size_t)(eq - f[i].s);
        const char *v = eq + 1;
        size_t vlen = f[i].len - k - 1;
        size_t vcol = f[i].col + k + 1;
        ga_status_t st = GA_OK;
        if (k == 3 && memcmp(f[i].s, "cat", 3) == 0) {
            cat = v;
            catlen = vlen;
        } else if (k == 3 && memcmp(f[i].s, "sev", 3) == 0) {
            st = parse_sev(c, vcol, v, vlen, &r->severity);
        } else if (k == 5 && memcmp(f[i].s, "flags", 5) == 0) {
            st = parse_flags(c, &f[i], v, vlen, &r->flags);
            if (r->kind == RULE_NEAR)
                r->flags |= RULE_F_NORM;
        } else if (k == 6 && memcmp(f[i].s, "except", 6) == 0) {
            exc = v;
            exclen = vlen;
            exccol = vcol;
        } else if (k == 2 && memcmp(f[i].s, "id", 2) == 0) {
            id = v;
            idlen = vlen;
        } else if (k == 4 && memcmp(f[i].s, "test", 4) == 0) {
            free(r->tests);
            if (!(r->tests = dupn(v, vlen)))
                st = ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
        } else if (k == 5 && memcmp(f[i].s, "check", 5) == 0) {
            st = parse_check(c, vcol, v, vlen, r);
        } else if (k == 4 && memcmp(f[i].s, "mask", 4) == 0) {
            st = parse_mask(c, vcol, v, vlen, r);
        } else if (k == 2 && memcmp(f[i].s, "ok", 2) == 0) {
            free(r->oks);
            if (!(r->oks = dupn(v, vlen)))
                st = ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
        } else {
            st = ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, f[i].col,
                                 "unknown attribute '%.*s' (cat, sev, flags, except, id, check, mask, test, ok)",
                                 (int)k, f[i].s);
        }
        if (st)
            return st;
    }
    if (!cat || catlen == 0)
        return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line, pcol,
                               "rule has no category (cat= or an earlier @category)");
    r->pattern = dupn(pat, plen);
    r->suggestion = dupn(sugg, slen);
    r->category = dupn(cat, catlen);
    if (id && idlen) {
        r->id = dupn(id, idlen);
    } else {
        char buf[64];
        int n = snprintf(buf, sizeof buf, ":%zu", c->line);
        size_t pl = strlen(idprefix);
        r->id = malloc(pl + (size_t)n + 1);
        if (r->id) {
            memcpy(r->id, idprefix, pl);
            memcpy(r->id + pl, buf, (size_t)n + 1);
        }
    }
    r->file = strdup(c->name);
    if (!r->pattern || !r->suggestion || !r->category || !r->id || !r->file)
        return ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
    if (exc) {
        size_t i = 0;
        while (i <= exclen) {
            size_t j = i;
            while (j < exclen && exc[j] != '|')
                j++;
            if (j == i)
                return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line,
                                       exccol + ga_utf8_length(exc, i), "empty exception");
            if (j - i > MATCH_MAX_FIELD)
                return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line,
                                       exccol + ga_utf8_length(exc, i),
                                       "exception longer than %d bytes", MATCH_MAX_FIELD);
            if (r->kind == RULE_LITERAL && !(r->flags & RULE_F_NORM) &&
                !memmem(exc + i, j - i, pat, plen))
                return ga_error_set_at(c->err, GA_ERR_SYNTAX, c->name, c->line,
                                       exccol + ga_utf8_length(exc, i),
                                       "exception '%.*s' does not contain the pattern",
                                       (int)(j - i), exc + i);
            char **nv = realloc(r->except, (r->nexcept + 1) * sizeof *nv);
            if (!nv)
                return ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
            r->except = nv;
            if (!(r->except[r->nexcept] = dupn(exc + i, j - i)))
                return ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
            r->nexcept++;
            i = j + 1;
        }
    }
    return GA_OK;
}

/* Key of a rule for duplicate detection: kind, matching flags and pattern. */
static uint64_t rule_key(const mrule_t *r)
{
    uint64_t h = ga_hash64(r->pattern, strlen(r->pattern), 0x6d61746368ull ^ r->kind ^
                                                            ((uint64_t)r->flags << 8) ^
                                                            ((uint64_t)r->privacy << 16));
    return h ? h : 1;
}

static bool same_rule(const mrule_t *a, const mrule_t *b)
{
    return a->kind == b->kind && a->flags == b->flags && a->privacy == b->privacy && strcmp(a->pattern, b->pattern) == 0;
}

static bool seen_grow(ga_rules_t *rs)
{
    size_t cap = rs->seen_cap ? rs->seen_cap * 2 : 256;
    uint64_t *k = calloc(cap, sizeof *k);
    uint32_t *ix = calloc(cap, sizeof *ix);
    if (!k || !ix) {
        free(k);
        free(ix);
        return false;
    }
    for (size_t i = 0; i < rs->seen_cap; i++) {
        if (!rs->seen[i])
            continue;
        size_t j = rs->seen[i] & (cap - 1);
        while (k[j])
            j = (j + 1) & (cap - 1);
        k[j] = rs->seen[i];
        ix[j] = rs->seen_idx[i];
    }
    free(rs->seen);
    free(rs->seen_idx);
    rs->seen = k;
    rs->seen_idx = ix;
    rs->seen_cap = cap;
    return true;
}

/* Index of an equal rule already in the set, or -1; with `insert`, remember rule `idx`. */
static long seen_find(ga_rules_t *rs, const mrule_t *r, uint64_t key, bool insert, uint32_t idx)
{
    if (!rs->seen_cap)
        return -1;
    size_t j = key & (rs->seen_cap - 1);
    while (rs->seen[j]) {
        if (rs->seen[j] == key && same_rule(&rs->v[rs->seen_idx[j]], r))
            return rs->seen_idx[j];
        j = (j + 1) & (rs->seen_cap - 1);
    }
    if (insert) {
        rs->seen[j] = key;
        rs->seen_idx[j] = idx;
    }
    return -1;
}

static bool add_warning(ga_rules_t *rs, const mrule_t *r, const mrule_t *first)
{
    if (rs->nwarn == rs->wcap) {
        size_t cap = rs->wcap ? rs->wcap * 2 : 16;
        char **w = realloc(rs->warn, cap * sizeof *w);
        if (!w)
            return false;
        rs->warn = w;
        rs->wcap = cap;
    }
    char *msg = NULL;
    if (asprintf(&msg, "%s:%zu:%zu: duplicate rule '%s', first defined at %s:%zu%s", r->file,
                 r->line, r->column, r->pattern, first->file, first->line,
                 strcmp(r->suggestion, first->suggestion) || strcmp(r->category, first->category)
                     ? " with a different suggestion or category (the first is kept)"
                     : "") < 0)
        return false;
    rs->warn[rs->nwarn++] = msg;
    return true;
}

/* Id prefix: base name of `name` without its extension. */
static char *id_prefix(const char *name)
{
    const char *b = strrchr(name, '/');
    b = b ? b + 1 : name;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    return dupn(b, n);
}

ga_status_t ga_rules_add_text(ga_rules_t *rs, const char *name, const char *text, size_t len,
                              ga_error_t **err)
{
    if (!rs || (!text && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_rules_add_text: NULL argument");
    if (!name)
        name = "<rules>";
    pctx_t c = {name, 0, err};
    size_t bad;
    if (ga_utf8_validate(text, len, &bad) != GA_OK) {
        size_t line = 1, ls = 0;
        for (size_t i = 0; i < bad; i++)
            if (text[i] == '\n') {
                line++;
                ls = i + 1;
            }
        return ga_error_set_at(err, GA_ERR_SYNTAX, name, line,
                               ga_utf8_length(text + ls, bad - ls) + 1,
                               "invalid UTF-8 at byte %zu", bad);
    }
    char *prefix = id_prefix(name);
    if (!prefix)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    /* Parse into a side list first: a file with an error adds nothing. */
    mrule_t *nv = NULL;
    size_t n = 0, cap = 0;
    defaults_t d = {NULL, GA_SEVERITY_NORMAL, 0};
    ga_status_t st = GA_OK;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a BOM some editors write */
    while (pos < len && st == GA_OK) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        pos += ll + (nl ? 1 : 0);
        c.line++;
        if (ll && line[ll - 1] == '\r')
            ll--;
        size_t k = 0;
        while (k < ll && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == ll || line[k] == '#')
            continue;
        if (memchr(line, '\0', ll)) {
            st = ga_error_set_at(err, GA_ERR_SYNTAX, name, c.line,
                                 cols(line, memchr(line, '\0', ll)), "NUL byte in rule text");
            break;
        }
        if (line[0] == '@') {
            st = directive(&c, line, ll, &d);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            mrule_t *g = realloc(nv, cap * sizeof *g);
            if (!g) {
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
                break;
            }
            nv = g;
        }
        st = parse_rule(&c, line, ll, &d, prefix, &nv[n]);
        if (st)
            rule_clear(&nv[n]);
        else
            n++;
    }
    free(d.category);
    free(prefix);
    size_t i = 0;
    if (st == GA_OK && rs->n + n > GA_MATCH_MAX_RULES)
        st = ga_error_set(err, GA_ERR_LIMIT, "%s: too many rules", name);
    /* Merge, skipping duplicates with a warning. */
    for (; st == GA_OK && i < n; i++) {
        if ((rs->n + 1) * 2 > rs->seen_cap && !seen_grow(rs)) {
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            break;
        }
        uint64_t key = rule_key(&nv[i]);
        long dup = seen_find(rs, &nv[i], key, false, 0);
        if (dup >= 0) {
            if (!add_warning(rs, &nv[i], &rs->v[dup])) {
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
                break;
            }
            rule_clear(&nv[i]);
            continue;
        }
        if (rs->n == rs->cap) {
            size_t nc = rs->cap ? rs->cap * 2 : 64;
            mrule_t *g = realloc(rs->v, nc * sizeof *g);
            if (!g) {
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
                break;
            }
            rs->v = g;
            rs->cap = nc;
        }
        rs->v[rs->n] = nv[i];
        seen_find(rs, &rs->v[rs->n], key, true, (uint32_t)rs->n);
        rs->n++;
    }
    for (; i < n; i++)
        rule_clear(&nv[i]);
    free(nv);
    return st;
}

ga_status_t ga_rules_add_file(ga_rules_t *rs, const char *path, ga_error_t **err)
{
    if (!rs || !path)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_rules_add_file: NULL argument");
    char *data;
    size_t len;
    ga_status_t st = ga_read_file(path, &data, &len, err);
    if (st)
        return st;
    st = ga_rules_add_text(rs, path, data, len, err);
    free(data);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

ga_status_t ga_rules_add_dir(ga_rules_t *rs, const char *dir, ga_error_t **err)
{
    if (!rs)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_rules_add_dir: NULL argument");
    char *own = NULL;
    if (!dir) {
        if (asprintf(&own, "%s/rules", ga_data_dir()) < 0)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        dir = own;
    }
    DIR *d = opendir(dir);
    if (!d) {
        ga_status_t st = own ? ga_data_missing(err, dir, "rule folder")
                             : ga_error_set_at(err, GA_ERR_IO, dir, 0, 0, "cannot open rule folder");
        free(own);
        return st;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    ga_status_t st = GA_OK;
    for (struct dirent *e; (e = readdir(d));) {
        size_t l = strlen(e->d_name);
        if (l < 7 || strcmp(e->d_name + l - 6, ".rules") != 0 || e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **g = realloc(names, cap * sizeof *g);
            if (!g) {
                st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
                break;
            }
            names = g;
        }
        if (asprintf(&names[n], "%s/%s", dir, e->d_name) < 0) {
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (st == GA_OK)
            st = ga_rules_add_file(rs, names[i], err);
        free(names[i]);
    }
    free(names);
    free(own);
    return st;
}
