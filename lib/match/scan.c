/* Scanning: literal tries (raw and normalised text), regex rules, exceptions, word
 * boundaries, then the overlap pass that orders and prunes the findings. */
#include <stdlib.h>
#include <string.h>

#include "match-internal.h"
#include "norm/norm-internal.h"

ga_match_scratch_t *ga_match_scratch_new(void)
{
    ga_match_scratch_t *s = calloc(1, sizeof *s);
    if (s && !(s->norm = ga_normalized_new())) {
        free(s);
        return NULL;
    }
    return s;
}

void ga_match_scratch_free(ga_match_scratch_t *s)
{
    if (!s)
        return;
    ga_normalized_free(s->norm);
    pcre2_match_data_free(s->md);
    free(s->hits);
    free(s->armed);
    ga_buf_free(&s->sugg);
    ga_buf_free(&s->shown);
    match_bounds_free(s);
    free(s);
}

static bool push_hit(ga_match_scratch_t *s, size_t start, size_t end, uint32_t rule, uint32_t sev,
                     size_t sugg, size_t mask)
{
    if (s->nhits == s->hcap) {
        size_t cap = s->hcap ? s->hcap * 2 : 64;
        mhit_t *h = realloc(s->hits, cap * sizeof *h);
        if (!h)
            return false;
        s->hits = h;
        s->hcap = cap;
    }
    s->hits[s->nhits++] = (mhit_t){start, end, rule, sev, sugg, mask};
    return true;
}

/* True when [hs, he) of `t` lies inside an occurrence of one of the rule's exceptions. */
static bool excepted(const ga_matcher_t *m, const uint32_t *w, const char *t, size_t n, size_t hs,
                     size_t he)
{
    for (uint32_t i = 0; i < w[RR_NEXC]; i++) {
        const uint32_t *x = m->exc + 2 * (size_t)(w[RR_EXC] + i);
        const char *e = m->pool + x[0];
        size_t l = x[1];
        if (l < he - hs)
            continue;
        size_t from = he >= l ? he - l : 0;
        size_t to = hs + l <= n ? hs + l : n; /* an occurrence covering the hit ends by here */
        while (from < to) {
            const char *q = memmem(t + from, to - from, e, l);
            if (!q)
                break;
            size_t qs = (size_t)(q - t);
            if (qs <= hs && qs + l >= he)
                return true;
            from = qs + 1;
        }
    }
    return false;
}

/* 1 when [a, b) of the original text starts and ends on word boundaries, 0 when not,
 * -1 on failure (error set). */
static int word_ok(ga_match_scratch_t *s, size_t a, size_t b, ga_error_t **err)
{
    if (!s->bounds_ready && match_bounds(s, s->text, s->text_len, err) != GA_OK)
        return -1;
    return ((s->bounds[a >> 6] >> (a & 63)) & 1) && ((s->bounds[b >> 6] >> (b & 63)) & 1);
}

typedef struct scan_ctx {
    const ga_matcher_t *m;
    ga_match_scratch_t *s;
    const char *t; /* text scanned: original or normalised */
    size_t n;
    bool normed;
    ga_error_t **err;
    ga_status_t st;
    size_t span_hint; /* for ga_normalized_source_span_hint: spans come in text order */
} scan_ctx_t;

/* Original span of a span of the scanned text. */
static void orig_span(scan_ctx_t *c, size_t a, size_t b, size_t *oa, size_t *ob)
{
    if (!c->normed) {
        *oa = a;
        *ob = b;
    } else {
        ga_normalized_source_span_hint(c->s->norm, a, b, &c->span_hint, oa, ob);
    }
}

/* Anchored walk from p; reports the longest acceptable rule ending along the path. */
static void walk(scan_ctx_t *c, const mtrie_t *tr, size_t p)
{
    enum { KEEP = 32 };
    uint32_t ends_out[KEEP];
    size_t ends_len[KEEP];
    unsigned ne = 0;
    const uint8_t *u = (const uint8_t *)c->t;
    uint32_t s = 0;
    size_t lim = c->n - p < MATCH_MAX_FIELD ? c->n - p : MATCH_MAX_FIELD;
    for (size_t i = 0; i < lim; i++) {
        int64_t nx = (int64_t)tr->base[s] + u[p + i];
        if (nx <= 0 || nx >= (int64_t)tr->nstates || tr->check[nx] != s + 1)
            break;
        s = (uint32_t)nx;
        if (tr->out[s]) {
            bool real = false;
            for (uint32_t x = tr->out[s]; x; x = tr->entries[2 * (x - 1) + 1]) {
                uint32_t r = tr->entries[2 * (x - 1)];
                if (r & MATCH_PREFILTER) {
                    r &= ~MATCH_PREFILTER;
                    c->s->armed[r >> 6] |= (uint64_t)1 << (r & 63);
                } else {
                    real = true;
                }
            }
            if (!real)
                continue;
            if (ne == KEEP) { /* keep the longest ones */
                memmove(ends_out, ends_out + 1, (KEEP - 1) * sizeof *ends_out);
                memmove(ends_len, ends_len + 1, (KEEP - 1) * sizeof *ends_len);
                ne--;
            }
            ends_out[ne] = tr->out[s];
            ends_len[ne++] = i + 1;
        }
    }
    const ga_matcher_t *m = c->m;
    while (ne-- > 0) {
        size_t e = p + ends_len[ne];
        for (uint32_t x = ends_out[ne]; x; x = tr->entries[2 * (x - 1) + 1]) {
            uint32_t r = tr->entries[2 * (x - 1)];
            if (r & MATCH_PREFILTER)
                continue;
            const uint32_t *w = m->rules + (size_t)r * RR_WORDS;
            if (w[RR_NEXC] && excepted(m, w, c->t, c->n, p, e))
                continue;
            size_t oa, ob;
            orig_span(c, p, e, &oa, &ob);
            if (w[RR_FLAGS] & RULE_F_WORD) {
                int ok = word_ok(c->s, oa, ob, c->err);
                if (ok < 0) {
                    c->st = GA_ERR_DEPENDENCY;
                    return;
                }
                if (!ok)
                    continue;
            }
            if (!push_hit(c->s, oa, ob, r, w[RR_SEV], 0, 0))
                c->st = ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
            return;
        }
    }
}

/* True for each byte of w that is zero (no false positives as a whole: used as "any"). */
static inline uint64_t has_zero_byte(uint64_t w)
{
    return (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
}

/* UTF-8 validation eight bytes at a time: with the top bits of each byte as masks, every
 * continuation byte must be exactly where a lead byte before it says (one after a lead
 * byte, two after a three-byte one). Blocks holding the bytes this cannot judge alone
 * (C0, C1, E0 and ED: overlong forms and surrogates; F0 and up: four-byte characters) or
 * failing the test go through the exact decoder. Returns the offset of the first
 * ill-formed sequence, or `len`. */
static size_t validate(const unsigned char *s, size_t len)
{
    const uint64_t H = 0x8080808080808080ull;
    size_t i = 0;
    while (i < len) {
        uint64_t carry = 0; /* continuation bytes the last block's lead bytes expect */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & H) && !carry) {
                i += 8;
                continue;
            }
            uint64_t b6 = (w << 1) & H, b5 = (w << 2) & H, b4 = (w << 3) & H, hi = w & H;
            uint64_t cont = hi & ~b6, lead = hi & b6, lead3 = lead & b5;
            if ((lead3 & b4) || has_zero_byte(w ^ 0xE0E0E0E0E0E0E0E0ull) ||
                has_zero_byte(w ^ 0xEDEDEDEDEDEDEDEDull) ||
                has_zero_byte((w & 0xFEFEFEFEFEFEFEFEull) ^ 0xC0C0C0C0C0C0C0C0ull))
                break;
            if (((lead << 8) | (lead3 << 16) | carry) != cont)
                break;
            carry = (lead >> 56) | (lead3 >> 48);
            i += 8;
        }
        if (i >= len && !carry)
            break;
        /* Exactly, past this block, from the start of the character at i (its lead byte
         * is among the last two checked when a continuation is still expected). */
        size_t j = i, stop = i + 8 < len ? i + 8 : len;
        if (carry)
            do
                j--;
            while ((s[j] & 0xC0) == 0x80);
        while (j < stop) {
            size_t at = j;
            if (ga_utf8_decode(s, len, &j) < 0)
                return at;
        }
        i = j;
    }
    return len;
}

static inline bool filter_bit(const uint64_t *f, uint64_t h)
{
    return (f[h >> 6] >> (h & 63)) & 1;
}

/* Whether a pattern may start at p (p + 8 <= n); see match-internal.h for the keys. One
 * bit test rejects almost every position. */
static inline bool may_start(const mtrie_t *tr, const uint8_t *u, size_t p)
{
    const unsigned bits = tr->fbits;
    uint64_t k;
    memcpy(&k, u + p, 8);
    uint64_t k6 = k & (((uint64_t)1 << 48) - 1);
    if (GA_UNLIKELY(filter_bit(tr->filter, match_key_hash(k6, bits))) &&
        (filter_bit(tr->filter, match_long_key_hash(k6, bits)) ||
         filter_bit(tr->filter, match_long_key_hash(k, bits))))
        return true;
    unsigned sb = tr->shortb[u[p]];
    if (GA_LIKELY(!sb))
        return false;
    return (sb & MATCH_SHORT_ANY) ||
           ((sb & MATCH_SHORT_3) && filter_bit(tr->filter, match_key_hash(k & 0xFFFFFF, bits))) ||
           ((sb & MATCH_SHORT_4) && filter_bit(tr->filter, match_key_hash(k & 0xFFFFFFFF, bits)));
}

void match_scratch_reference(ga_match_scratch_t *s, const ga_normalizer_t *norm)
{
    s->reference = norm;
}

static void scan_trie(scan_ctx_t *c, const mtrie_t *tr)
{
    if (tr->nentries == 0)
        return;
    const uint8_t *u = (const uint8_t *)c->t;
    size_t n = c->n, p = 0;
    if (c->s->reference) { /* no filter: a walk at every byte */
        for (; p < n && c->st == GA_OK; p++)
            walk(c, tr, p);
        return;
    }
    /* Patterns start on characters: eight bytes at a time, the positions of bytes that are
     * not UTF-8 continuation bytes (10xxxxxx) are tested independently of one another,
     * rather than stepping from character to character, which chained every position on
     * the load of the one before. The filter rejects almost every position; only those
     * whose first bytes begin some pattern start a trie walk. */
    while (p + 16 <= n && c->st == GA_OK) {
        uint64_t w;
        memcpy(&w, u + p, 8);
        uint64_t starts = ~(w & ~(w << 1)) & 0x8080808080808080ull;
        while (starts) {
            size_t q = p + ((size_t)__builtin_ctzll(starts) >> 3);
            starts &= starts - 1;
            if (GA_UNLIKELY(may_start(tr, u, q))) {
                walk(c, tr, q);
                if (c->st != GA_OK)
                    return;
            }
        }
        p += 8;
    }
    for (; p + 8 <= n && c->st == GA_OK; p++)
        if (((u[p] & 0xC0) != 0x80) && may_start(tr, u, p))
            walk(c, tr, p);
    for (; p < n && c->st == GA_OK; p++)
        walk(c, tr, p);
}

/* Expand $0..$9 and $$ of a regex rule's suggestion into the scratch buffer; returns the
 * offset + 1 of the result, 0 when the suggestion has no `$` (the rule's own is used). */
static size_t expand(scan_ctx_t *c, const char *sugg, size_t slen, const PCRE2_SIZE *ov, int rc,
                     bool *ok)
{
    *ok = true;
    if (!memchr(sugg, '$', slen))
        return 0;
    ga_buf_t *b = &c->s->sugg;
    size_t start = b->len;
    for (size_t i = 0; i < slen && *ok; i++) {
        if (sugg[i] == '$' && i + 1 < slen && sugg[i + 1] >= '0' && sugg[i + 1] <= '9') {
            int g = sugg[++i] - '0';
            if (g < rc && ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] >= ov[2 * g])
                *ok = ga_buf_append(b, c->t + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        } else if (sugg[i] == '$' && i + 1 < slen && sugg[i + 1] == '$') {
            *ok = ga_buf_append(b, "$", 1);
            i++;
        } else {
            *ok = ga_buf_append(b, sugg + i, 1);
        }
    }
    *ok = *ok && ga_buf_append(b, "", 1);
    return start + 1;
}

static void scan_regex(scan_ctx_t *c, const mregex_t *x)
{
    const ga_matcher_t *m = c->m;
    ga_match_scratch_t *s = c->s;
    const uint32_t *w = m->rules + (size_t)x->rule * RR_WORDS;
    if (x->prefiltered && !((s->armed[x->rule >> 6] >> (x->rule & 63)) & 1))
        return; /* its required literal is not in the text: it cannot match */
    size_t off = 0;
    while (off <= c->n) {
        int rc = pcre2_match(x->code, (PCRE2_SPTR)c->t, c->n, off, PCRE2_NO_UTF_CHECK, s->md,
                             NULL);
        if (rc < 0)
            break; /* no match, or a resource limit: nothing more from this rule */
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        size_t a = ov[0], e = ov[1];
        if (e < a || e > c->n)
            break;
        if (e > a && !(w[RR_NEXC] && excepted(m, w, c->t, c->n, a, e))) {
            size_t oa, ob;
            orig_span(c, a, e, &oa, &ob);
            unsigned check = RULE_CHECK(w[RR_FLAGS]);
            int ok = !check || match_check(check, c->t + a, e - a);
            if (ok && (w[RR_FLAGS] & RULE_F_WORD)) {
                ok = word_ok(s, oa, ob, c->err);
                if (ok < 0) {
                    c->st = GA_ERR_DEPENDENCY;
                    return;
                }
            }
            if (ok) {
                bool mem;
                size_t sg = expand(c, m->pool + w[RR_SUGG], w[RR_SUGG_LEN], ov, rc, &mem);
                size_t mk = 0;
                if (mem && (w[RR_FLAGS] & RULE_F_MASK)) {
                    /* The value is shown masked, also as the suggestion unless the rule
                     * has its own: the original bytes never leave the scan. */
                    mk = s->sugg.len + 1;
                    mem = match_mask(s->text + oa, ob - oa, RULE_MASK_HEAD(w[RR_FLAGS]),
                                     RULE_MASK_TAIL(w[RR_FLAGS]), &s->sugg) &&
                          ga_buf_append(&s->sugg, "", 1);
                    if (!w[RR_SUGG_LEN])
                        sg = mk;
                }
                if (!mem || !push_hit(s, oa, ob, x->rule, w[RR_SEV], sg, mk)) {
                    c->st = ga_error_set(c->err, GA_ERR_NO_MEMORY, "out of memory");
                    return;
                }
            }
        }
        if (e > a) {
            off = e;
        } else {
            if (a >= c->n)
                break;
            off = a + 1;
            while (off < c->n && ((uint8_t)c->t[off] & 0xC0) == 0x80)
                off++;
        }
    }
}

static int cmp_hit(const void *x, const void *y)
{
    const mhit_t *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1; /* longer first */
    if (a->sev != b->sev)
        return a->sev > b->sev ? -1 : 1;
    return a->rule < b->rule ? -1 : a->rule > b->rule;
}

ga_status_t ga_match_scan(const ga_matcher_t *m, ga_match_scratch_t *s, const char *text,
                          size_t len, ga_error_t **err)
{
    if (!m || !s || (!text && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_match_scan: NULL argument");
    s->nhits = 0;
    s->sugg.len = 0;
    s->has_shown = false;
    s->m = m;
    s->text = text ? text : "";
    s->text_len = len;
    s->bounds_ready = false;
    if (len >= ((size_t)1 << 31))
        return ga_error_set(err, GA_ERR_LIMIT, "text of %zu bytes: the limit is 2 GiB", len);
    /* Text scanned for norm rules only is checked by the normaliser as it goes. */
    bool checked_by_norm = m->any_norm && !m->any_raw;
    size_t bad = checked_by_norm ? len : validate((const unsigned char *)s->text, len);
    if (bad != len)
        return ga_error_set_offset(err, GA_ERR_INVALID_UTF8, bad, "invalid UTF-8 at byte %zu",
                                   bad);
    if (m->max_groups > s->md_pairs) {
        pcre2_match_data_free(s->md);
        s->md = pcre2_match_data_create(m->max_groups, NULL);
        s->md_pairs = s->md ? m->max_groups : 0;
        if (!s->md)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    size_t aw = (size_t)m->nrules / 64 + 1;
    if (aw > s->armed_cap) {
        uint64_t *a = realloc(s->armed, aw * sizeof *a);
        if (!a)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        s->armed = a;
        s->armed_cap = aw;
    }
    memset(s->armed, 0, aw * sizeof *s->armed);
    scan_ctx_t c = {m, s, s->text, len, false, err, GA_OK, 0};
    if (m->any_raw) {
        scan_trie(&c, &m->trie[0]);
        for (size_t i = 0; i < m->nre && c.st == GA_OK; i++)
            if (!(m->rules[(size_t)m->re[i].rule * RR_WORDS + RR_FLAGS] & RULE_F_NORM))
                scan_regex(&c, &m->re[i]);
    }
    if (c.st == GA_OK && m->any_norm) {
        ga_error_t *nerr = NULL;
        ga_status_t st = ga_normalize(s->reference ? s->reference : m->norm, s->text, len,
                                      s->norm, &nerr);
        if (st == GA_ERR_INVALID_UTF8 && checked_by_norm) {
            ga_error_free(nerr);
            bad = validate((const unsigned char *)s->text, len);
            return ga_error_set_offset(err, GA_ERR_INVALID_UTF8, bad,
                                       "invalid UTF-8 at byte %zu", bad);
        }
        if (st) {
            st = ga_error_set(err, st, "%s", ga_error_message(nerr));
            ga_error_free(nerr);
            return st;
        }
        c.t = ga_normalized_text(s->norm, &c.n);
        c.normed = true;
        scan_trie(&c, &m->trie[1]);
        for (size_t i = 0; i < m->nre && c.st == GA_OK; i++)
            if (m->rules[(size_t)m->re[i].rule * RR_WORDS + RR_FLAGS] & RULE_F_NORM)
                scan_regex(&c, &m->re[i]);
    }
    if (c.st) {
        s->nhits = 0;
        return c.st;
    }
    /* Overlap pass: text order, longer first; drop what lies inside a kept finding. A
     * masked finding is dropped only inside another masked one, so that every personal
     * value is reported and masked even inside a wider finding. */
    if (s->nhits > 1)
        qsort(s->hits, s->nhits, sizeof *s->hits, cmp_hit);
    size_t k = 0, max_end = 0, max_masked = 0;
    for (size_t i = 0; i < s->nhits; i++) {
        const mhit_t *h = &s->hits[i];
        if (k > 0 && h->end <= (h->mask ? max_masked : max_end))
            continue;
        if (h->end > max_end)
            max_end = h->end;
        if (h->mask && h->end > max_masked)
            max_masked = h->end;
        s->hits[k++] = *h;
    }
    s->nhits = k;
    /* With personal values found, every finding's text comes from a masked copy: a wider
     * finding around a value must not show it either. */
    for (size_t i = 0; i < k && !s->has_shown; i++)
        s->has_shown = s->hits[i].mask != 0;
    if (s->has_shown) {
        s->shown.len = 0;
        if (!ga_buf_append(&s->shown, s->text, len)) {
            s->nhits = 0;
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        }
        for (size_t i = 0; i < k; i++)
            if (s->hits[i].mask)
                memcpy(s->shown.data + s->hits[i].start, s->sugg.data + s->hits[i].mask - 1,
                       s->hits[i].end - s->hits[i].start);
    }
    return GA_OK;
}

size_t ga_match_count(const ga_match_scratch_t *s)
{
    return s ? s->nhits : 0;
}

ga_status_t ga_match_get(const ga_match_scratch_t *s, size_t i, ga_finding_t *out)
{
    if (!s || !out || i >= s->nhits || out->size < sizeof(ga_finding_t))
        return GA_ERR_INVALID_ARGUMENT;
    const mhit_t *h = &s->hits[i];
    const ga_matcher_t *m = s->m;
    out->rule = match_rule_string(m, h->rule, RR_ID, NULL);
    out->category = match_rule_string(m, h->rule, RR_CAT, NULL);
    out->severity = (ga_severity_t)h->sev;
    out->start = h->start;
    out->end = h->end;
    out->text = (s->has_shown ? s->shown.data : s->text) + h->start;
    out->suggestion = h->sugg ? s->sugg.data + h->sugg - 1
                              : match_rule_string(m, h->rule, RR_SUGG, NULL);
    return GA_OK;
}

int ga_match_masked(const ga_match_scratch_t *s, size_t i)
{
    return s && i < s->nhits && s->hits[i].mask != 0;
}

ga_status_t ga_match_masked_text(const ga_match_scratch_t *s, char **out, size_t *out_len,
                                 ga_error_t **err)
{
    if (!s || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_match_masked_text: NULL argument");
    *out = NULL;
    char *t = malloc(s->text_len + 1);
    if (!t)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if (s->text_len)
        memcpy(t, s->has_shown ? s->shown.data : s->text, s->text_len);
    t[s->text_len] = '\0';
    *out = t;
    if (out_len)
        *out_len = s->text_len;
    return GA_OK;
}
