/* The compiled image: validation, loading (mmap), saving, and the matcher over it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "match-internal.h"

const char *match_rule_string(const ga_matcher_t *m, uint32_t rule, int field, size_t *len)
{
    const uint32_t *w = m->rules + (size_t)rule * RR_WORDS;
    if (len)
        *len = w[field + 1];
    return m->pool + w[field];
}

/* Literal every match must contain: the longest run of plain characters in the top-level
 * sequence of the pattern. Conservative: NULL whenever the pattern has a top-level
 * alternation, inline options, or anything this scanner does not understand. */
char *match_regex_literal(const char *p, size_t n, size_t *lit_len)
{
    char cur[MATCH_MAX_FIELD + 4], best[MATCH_MAX_FIELD + 4];
    size_t cl = 0, bl = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        size_t litn = 0;
        const char *lit = NULL;
        if (c == '|' || c == ')' || c == '*' || c == '+' || c == '?' || c == '{')
            return NULL;
        if (c == '(') {
            if (i + 2 < n && p[i + 1] == '?' && strchr("imnsxJUa-^)", p[i + 2]))
                return NULL; /* option settings may change what literals mean */
            int depth = 0;
            for (; i < n; i++) {
                if (p[i] == '\\') {
                    i++;
                } else if (p[i] == '[') {
                    i++;
                    if (i < n && p[i] == '^')
                        i++;
                    if (i < n && p[i] == ']')
                        i++;
                    for (; i < n && p[i] != ']'; i++) {
                        if (p[i] == '\\')
                            i++;
                        else if (p[i] == '[' && i + 1 < n && p[i + 1] == ':') {
                            const char *e = memmem(p + i, n - i, ":]", 2);
                            if (!e)
                                return NULL;
                            i = (size_t)(e - p) + 1;
                        }
                    }
                } else if (p[i] == '(') {
                    depth++;
                } else if (p[i] == ')' && --depth == 0) {
                    break;
                }
            }
            if (i >= n)
                return NULL;
            i++;
        } else if (c == '[') {
            i++;
            if (i < n && p[i] == '^')
                i++;
            if (i < n && p[i] == ']')
                i++;
            for (; i < n && p[i] != ']'; i++) {
                if (p[i] == '\\')
                    i++;
                else if (p[i] == '[' && i + 1 < n && p[i + 1] == ':') {
                    const char *e = memmem(p + i, n - i, ":]", 2);
                    if (!e)
                        return NULL;
                    i = (size_t)(e - p) + 1;
                }
            }
            if (i >= n)
                return NULL;
            i++;
        } else if (c == '\\') {
            if (i + 1 >= n)
                return NULL;
            unsigned char e = (unsigned char)p[i + 1];
            if (e < 0x80 && !((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
                              (e >= '0' && e <= '9'))) {
                lit = p + i + 1;
                litn = 1;
                i += 2;
            } else if (e == 'Q' || e == 'E' || e == 'c' || e >= 0x80) {
                return NULL;
            } else {
                i += 2;
                if (i < n && (p[i] == '{' || p[i] == '<' || p[i] == '\'') &&
                    strchr("pPxgkNo", e)) {
                    char close = p[i] == '{' ? '}' : p[i] == '<' ? '>' : '\'';
                    const char *cl_at = memchr(p + i + 1, close, n - i - 1);
                    if (!cl_at)
                        return NULL;
                    i = (size_t)(cl_at - p) + 1;
                } else if (e == 'x') {
                    for (int k = 0; k < 2 && i < n && strchr("0123456789abcdefABCDEF", p[i]);
                         k++)
                        i++;
                }
            }
        } else if (c == '.' || c == '^' || c == '$') {
            i++;
        } else {
            size_t pos = i;
            if (ga_utf8_next(p, n, &pos) < 0)
                return NULL;
            lit = p + i;
            litn = pos - i;
            i = pos;
        }
        /* A quantifier after the atom. */
        bool optional = false, repeat = false;
        if (i < n && (p[i] == '*' || p[i] == '?')) {
            optional = true;
            i++;
        } else if (i < n && p[i] == '+') {
            repeat = true;
            i++;
        } else if (i < n && p[i] == '{') {
            size_t j = i + 1;
            unsigned long lo = 0;
            bool digits = false;
            while (j < n && p[j] >= '0' && p[j] <= '9') {
                lo = lo * 10 + (unsigned long)(p[j++] - '0');
                digits = true;
                if (lo > 100000)
                    return NULL;
            }
            const char *close = memchr(p + i, '}', n - i);
            if (!digits || !close)
                return NULL;
            i = (size_t)(close - p) + 1;
            optional = lo == 0;
            repeat = !optional;
        }
        if ((optional || repeat) && i < n && (p[i] == '?' || p[i] == '+'))
            i++;
        if (litn && !optional && cl + litn <= MATCH_MAX_FIELD) {
            memcpy(cur + cl, lit, litn);
            cl += litn;
            if (!repeat)
                continue;
        }
        if (cl > bl) {
            memcpy(best, cur, cl);
            bl = cl;
        }
        cl = 0;
    }
    if (cl > bl) {
        memcpy(best, cur, cl);
        bl = cl;
    }
    if (bl == 0)
        return NULL;
    *lit_len = bl;
    return strndup(best, bl);
}

static ga_status_t bad(ga_error_t **err, const char *what)
{
    return ga_error_set(err, GA_ERR_FORMAT, "matcher image: %s", what);
}

/* A section [off, off + count*size) inside the payload, 4-byte aligned (8 for filters). */
static bool sect_ok(uint64_t plen, uint32_t off, uint64_t count, uint64_t size, unsigned align)
{
    return off % align == 0 && count <= plen && off <= plen && count * size <= plen - off;
}

static ga_status_t open_trie(mtrie_t *t, const char *pl, uint64_t plen, const uint32_t *w,
                             uint32_t nrules, ga_error_t **err)
{
    t->nstates = w[0];
    t->nentries = w[4];
    t->fbits = w[6];
    if (t->nstates == 0 || t->nstates > INT32_MAX || !sect_ok(plen, w[1], t->nstates, 4, 4) ||
        !sect_ok(plen, w[2], t->nstates, 4, 4) || !sect_ok(plen, w[3], t->nstates, 4, 4) ||
        !sect_ok(plen, w[5], t->nentries, 8, 4) || t->fbits < 12 || t->fbits > 26 ||
        !sect_ok(plen, w[7], ((uint64_t)1 << t->fbits) / 64, 8, 8) ||
        !sect_ok(plen, w[8], 256, 1, 1))
        return bad(err, "trie section out of range");
    t->base = (const int32_t *)(const void *)(pl + w[1]);
    t->check = (const uint32_t *)(const void *)(pl + w[2]);
    t->out = (const uint32_t *)(const void *)(pl + w[3]);
    t->entries = (const uint32_t *)(const void *)(pl + w[5]);
    t->filter = (const uint64_t *)(const void *)(pl + w[7]);
    t->shortb = (const uint8_t *)(pl + w[8]);
    for (uint32_t s = 0; s < t->nstates; s++) {
        if (t->check[s] > t->nstates || t->out[s] > t->nentries)
            return bad(err, "trie state out of range");
    }
    for (uint32_t e = 0; e < t->nentries; e++) {
        /* next entries point backwards, so every chain ends */
        if ((t->entries[2 * e] & ~MATCH_PREFILTER) >= nrules || t->entries[2 * e + 1] > e)
            return bad(err, "trie entry out of range");
    }
    return GA_OK;
}

void ga_matcher_free(ga_matcher_t *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nre; i++) {
        pcre2_code_free(m->re[i].code);
    }
    free(m->re);
    ga_normalizer_free(m->norm);
    ga_segmenter_free(m->seg);
    ga_dict_free(m->dict);
    if (m->mapped)
        munmap(m->image, m->image_len);
    else
        free(m->image);
    free(m);
}

ga_status_t match_open_image(void *image, size_t len, bool mapped, ga_matcher_t **out,
                             ga_error_t **err)
{
    const char *img = image;
    if (len < MATCH_HEADER_SIZE + 96 || memcmp(img, MATCH_MAGIC, 8) != 0)
        return bad(err, "not a govaudit matcher file");
    uint32_t version, hsize, endian;
    uint64_t plen, sum;
    memcpy(&version, img + 8, 4);
    memcpy(&hsize, img + 12, 4);
    memcpy(&plen, img + 16, 8);
    memcpy(&sum, img + 24, 8);
    memcpy(&endian, img + 32, 4);
    uint32_t reserved;
    memcpy(&reserved, img + 36, 4);
    if (reserved != 0)
        return bad(err, "unknown header flags");
    if (endian != 0x01020304u)
        return bad(err, "written on a machine of other byte order");
    if (version != MATCH_VERSION)
        return ga_error_set(err, GA_ERR_FORMAT, "matcher image: format version %u, expected %u",
                            version, MATCH_VERSION);
    if (hsize != MATCH_HEADER_SIZE || plen != len - MATCH_HEADER_SIZE || plen > UINT32_MAX)
        return bad(err, "truncated or wrong length");
    const char *pl = img + MATCH_HEADER_SIZE;
    if (ga_hash64(pl, plen, MATCH_VERSION) != sum)
        return bad(err, "checksum mismatch (corrupt file)");
    if ((uintptr_t)pl % 8 != 0)
        return bad(err, "misaligned image");
    const uint32_t *ph = (const uint32_t *)(const void *)pl;
    ga_matcher_t *m = calloc(1, sizeof *m);
    if (!m)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    ga_status_t st = GA_OK;
    m->nrules = ph[0];
    m->pool_len = ph[3];
    m->nexc = ph[5];
    if (!sect_ok(plen, ph[1], m->nrules, RR_WORDS * 4, 4) || !sect_ok(plen, ph[2], m->pool_len, 1, 1) ||
        m->pool_len == 0 || pl[ph[2] + m->pool_len - 1] != '\0' ||
        !sect_ok(plen, ph[4], m->nexc, 8, 4)) {
        free(m);
        return bad(err, "section out of range");
    }
    m->rules = (const uint32_t *)(const void *)(pl + ph[1]);
    m->pool = pl + ph[2];
    m->exc = (const uint32_t *)(const void *)(pl + ph[4]);
    /* Every string reference: inside the pool and NUL-terminated where it says. */
    for (uint32_t i = 0; i < m->nexc && st == GA_OK; i++) {
        uint32_t o = m->exc[2 * i], l = m->exc[2 * i + 1];
        if (o >= m->pool_len || l >= m->pool_len - o || m->pool[o + l] != '\0' || l == 0)
            st = bad(err, "exception out of range");
    }
    for (uint32_t r = 0; r < m->nrules && st == GA_OK; r++) {
        const uint32_t *w = m->rules + (size_t)r * RR_WORDS;
        for (int f = RR_ID; f <= RR_PAT; f += 2) {
            uint32_t o = w[f], l = w[f + 1];
            if (o >= m->pool_len || l >= m->pool_len - o || m->pool[o + l] != '\0' ||
                memchr(m->pool + o, '\0', l))
                st = bad(err, "rule string out of range");
        }
        if (st == GA_OK && (w[RR_KIND] > RULE_NEAR || w[RR_SEV] > GA_SEVERITY_SERIOUS ||
                            (w[RR_FLAGS] & 0xFFu) > (RULE_F_NORM | RULE_F_WORD | RULE_F_MASK) ||
                            RULE_CHECK(w[RR_FLAGS]) > match_check_count() || w[RR_EXC] > m->nexc ||
                            w[RR_NEXC] > m->nexc - w[RR_EXC]))
            st = bad(err, "rule record out of range");
        if (st == GA_OK && (ga_utf8_validate(m->pool + w[RR_PAT], w[RR_PAT_LEN], NULL) ||
                            ga_utf8_validate(m->pool + w[RR_SUGG], w[RR_SUGG_LEN], NULL)))
            st = bad(err, "rule string is not UTF-8");
        if (st == GA_OK) {
            if (w[RR_FLAGS] & RULE_F_NORM)
                m->any_norm = true;
            else
                m->any_raw = true;
            if (w[RR_FLAGS] & RULE_F_WORD)
                m->any_word = true;
            if (w[RR_KIND] == RULE_REGEX)
                m->nre++;
        }
    }
    for (int t = 0; t < 2 && st == GA_OK; t++)
        st = open_trie(&m->trie[t], pl, plen, ph + 6 + 9 * t, m->nrules, err);
    for (int t = 0; t < 2 && st == GA_OK; t++)
        for (uint32_t e = 0; e < m->trie[t].nentries && st == GA_OK; e++) {
            uint32_t r = m->trie[t].entries[2 * e];
            if ((r & MATCH_PREFILTER) &&
                m->rules[(size_t)(r & ~MATCH_PREFILTER) * RR_WORDS + RR_KIND] != RULE_REGEX)
                st = bad(err, "prefilter entry of a rule that is not a regex");
        }
    if (st) {
        free(m);
        return st;
    }
    /* Regexes are compiled from their source on every load (JIT code is not portable). */
    if (m->nre && !(m->re = calloc(m->nre, sizeof *m->re))) {
        free(m);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    size_t k = 0;
    for (uint32_t r = 0; r < m->nrules && st == GA_OK; r++) {
        const uint32_t *w = m->rules + (size_t)r * RR_WORDS;
        if (w[RR_KIND] != RULE_REGEX)
            continue;
        int code;
        PCRE2_SIZE eoff;
        mregex_t *x = &m->re[k++];
        x->rule = r;
        x->code = pcre2_compile((PCRE2_SPTR)(m->pool + w[RR_PAT]), w[RR_PAT_LEN],
                                PCRE2_UTF | PCRE2_UCP, &code, &eoff, NULL);
        if (!x->code) {
            m->nre = k;
            st = ga_error_set(err, GA_ERR_FORMAT, "matcher image: rule %s: regex does not compile",
                              m->pool + w[RR_ID]);
            break;
        }
        pcre2_jit_compile(x->code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
        uint32_t cap = 0;
        pcre2_pattern_info(x->code, PCRE2_INFO_CAPTURECOUNT, &cap);
        if (cap + 1 > m->max_groups)
            m->max_groups = cap + 1;
        size_t ll;
        char *lit = match_regex_literal(m->pool + w[RR_PAT], w[RR_PAT_LEN], &ll);
        x->prefiltered = lit != NULL;
        free(lit);
    }
    if (st == GA_OK && m->any_norm)
        st = ga_normalizer_new(NULL, &m->norm, err);
    if (st == GA_OK && m->any_word)
        st = match_bounds_init(m, err);
    m->image = image;
    m->image_len = len;
    m->mapped = mapped;
    if (st) {
        m->image = NULL; /* stays the caller's on failure */
        m->mapped = false;
        ga_matcher_free(m);
        return st;
    }
    *out = m;
    return GA_OK;
}

ga_status_t ga_matcher_compile(const ga_rules_t *rules, ga_matcher_t **out, ga_error_t **err)
{
    if (!rules || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_matcher_compile: NULL argument");
    void *img;
    size_t len;
    ga_status_t st = match_build_image(rules, &img, &len, err);
    if (st)
        return st;
    st = match_open_image(img, len, false, out, err);
    if (st)
        free(img);
    return st;
}

ga_status_t ga_matcher_load_default(ga_matcher_t **out, ga_error_t **err)
{
    if (!out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_matcher_load_default: NULL argument");
    ga_rules_t *rs = ga_rules_new();
    if (!rs)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    ga_status_t st = ga_rules_add_dir(rs, NULL, err);
    if (st == GA_OK)
        st = ga_matcher_compile(rs, out, err);
    ga_rules_free(rs);
    return st;
}

ga_status_t ga_matcher_save(const ga_matcher_t *m, const char *path, ga_error_t **err)
{
    if (!m || !path)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_matcher_save: NULL argument");
    FILE *f = fopen(path, "wb");
    if (!f)
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: %s", path, strerror(errno));
    bool ok = fwrite(m->image, 1, m->image_len, f) == m->image_len;
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        remove(path);
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: write failed", path);
    }
    return GA_OK;
}

ga_status_t ga_matcher_load(const char *path, ga_matcher_t **out, ga_error_t **err)
{
    if (!path || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_matcher_load: NULL argument");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || sb.st_size <= 0) {
        close(fd);
        return ga_error_set_at(err, GA_ERR_FORMAT, path, 0, 0, "%s: empty or unreadable", path);
    }
    size_t len = (size_t)sb.st_size;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: %s", path, strerror(errno));
    ga_status_t st = match_open_image(map, len, true, out, err);
    if (st) {
        munmap(map, len);
        if (err && *err && ga_error_status(*err) == GA_ERR_FORMAT) {
            char *msg = strdup(ga_error_message(*err));
            ga_error_set_at(err, GA_ERR_FORMAT, path, 0, 0, "%s", msg ? msg : "");
            free(msg);
        }
    }
    return st;
}

ga_status_t ga_matcher_load_buffer(const void *data, size_t len, ga_matcher_t **out,
                                   ga_error_t **err)
{
    if ((!data && len) || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_matcher_load_buffer: NULL argument");
    void *copy = malloc(len ? len : 1); /* malloc alignment suits the 8-byte sections */
    if (!copy)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if (len)
        memcpy(copy, data, len);
    ga_status_t st = match_open_image(copy, len, false, out, err);
    if (st)
        free(copy);
    return st;
}

size_t ga_matcher_rule_count(const ga_matcher_t *m)
{
    return m ? m->nrules : 0;
}
