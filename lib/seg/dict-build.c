/* Building dictionaries: text parsing, the double-array trie, HMM training, the binary
 * image. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seg-internal.h"

typedef struct bword {
    size_t off;     /* bytes in pool */
    uint32_t len;
    uint32_t tag;
    uint64_t freq;
    bool autofreq;  /* frequency still to be chosen (standalone builds) */
} bword_t;

struct ga_dict_builder {
    const ga_dict_t *base;
    ga_buf_t pool;
    bword_t *w;
    size_t n, cap;
    uint32_t *table; /* word index + 1, 0 empty; open addressing */
    size_t tcap;
    char **tags;     /* tags[0] = "" */
    size_t ntags, tagcap;
    double hmm_exponent; /* training weight of a word: freq ^ exponent */
};

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

ga_status_t ga_dict_builder_new(const ga_dict_t *base, ga_dict_builder_t **out, ga_error_t **err)
{
    if (!out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_dict_builder_new: NULL argument");
    *out = NULL;
    if (base && base->base)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "a user dictionary's base must be a standalone dictionary");
    ga_dict_builder_t *b = calloc(1, sizeof *b);
    if (!b)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    b->base = base;
    b->hmm_exponent = 1.0;
    b->tags = malloc(8 * sizeof(char *));
    b->tagcap = 8;
    if (!b->tags || !(b->tags[0] = strdup(""))) {
        free(b->tags);
        free(b);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    b->ntags = 1;
    *out = b;
    return GA_OK;
}

void ga_dict_builder_free(ga_dict_builder_t *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->ntags; i++)
        free(b->tags[i]);
    free(b->tags);
    free(b->table);
    free(b->w);
    ga_buf_free(&b->pool);
    free(b);
}

void ga_dict_builder_set_hmm_exponent(ga_dict_builder_t *b, double exponent)
{
    b->hmm_exponent = exponent;
}

static bool tag_index(ga_dict_builder_t *b, const char *tag, size_t len, uint32_t *out)
{
    if (!tag || !len) {
        *out = 0;
        return true;
    }
    for (size_t i = b->ntags; i-- > 1;)
        if (strlen(b->tags[i]) == len && memcmp(b->tags[i], tag, len) == 0) {
            *out = (uint32_t)i;
            return true;
        }
    if (b->ntags == b->tagcap) {
        char **t = realloc(b->tags, 2 * b->tagcap * sizeof *t);
        if (!t)
            return false;
        b->tags = t;
        b->tagcap *= 2;
    }
    if (!(b->tags[b->ntags] = strndup(tag, len)))
        return false;
    *out = (uint32_t)b->ntags++;
    return true;
}

static bool table_grow(ga_dict_builder_t *b)
{
    size_t cap = b->tcap ? b->tcap * 2 : 1024;
    uint32_t *t = calloc(cap, sizeof *t);
    if (!t)
        return false;
    for (size_t i = 0; i < b->n; i++) {
        size_t h = ga_hash64(b->pool.data + b->w[i].off, b->w[i].len, 0) & (cap - 1);
        while (t[h])
            h = (h + 1) & (cap - 1);
        t[h] = (uint32_t)(i + 1);
    }
    free(b->table);
    b->table = t;
    b->tcap = cap;
    return true;
}

/* Slot of `word` in the table: holds its index + 1, or 0 where it would go. */
static size_t table_slot(const ga_dict_builder_t *b, const char *word, size_t len)
{
    size_t h = ga_hash64(word, len, 0) & (b->tcap - 1);
    while (b->table[h]) {
        const bword_t *w = &b->w[b->table[h] - 1];
        if (w->len == len && memcmp(b->pool.data + w->off, word, len) == 0)
            break;
        h = (h + 1) & (b->tcap - 1);
    }
    return h;
}

/* Why `word` cannot be a dictionary word, or NULL when it can. */
static const char *word_problem(const char *word, size_t len, ga_status_t *status)
{
    *status = GA_ERR_INVALID_ARGUMENT;
    if (len == 0)
        return "empty word";
    size_t pos = 0, n = 0;
    while (pos < len) {
        int32_t cp = ga_utf8_decode((const unsigned char *)word, len, &pos);
        if (cp < 0) {
            *status = GA_ERR_INVALID_UTF8;
            return "word is not valid UTF-8";
        }
        if (cp <= 0x20 || cp == 0x7F || cp == 0x3000 || cp == 0xA0)
            return "word holds white space or a control character";
        if (++n > GA_DICT_MAX_WORD)
            return "word longer than 64 characters";
    }
    return NULL;
}

static ga_status_t add_word(ga_dict_builder_t *b, const char *word, size_t len, uint64_t freq,
                            const char *tag, size_t tag_len, ga_error_t **err)
{
    bool autofreq = false;
    if (freq == GA_DICT_FREQ_AUTO) {
        if (b->base) {
            /* Just above the best route through the word's pieces, as that is what the
             * route compares it with; never below the base's own frequency. */
            double sc = ga_seg_route_score(b->base, word, len);
            double f = floor(exp(sc + b->base->log_total)) + 1;
            freq = f < 1 ? 1 : f > 1e9 ? (uint64_t)1e9 : (uint64_t)f;
            uint64_t old;
            if (ga_dict_lookup(b->base, word, len, &old, NULL) && old > freq)
                freq = old;
        } else {
            autofreq = true;
            freq = 1;
        }
    }
    if (freq > UINT32_MAX)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "frequency above 4294967295");
    uint32_t t;
    if (!tag_index(b, tag, tag_len, &t))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if ((b->n + 1) * 2 > b->tcap && !table_grow(b))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    size_t slot = table_slot(b, word, len);
    if (b->table[slot]) {
        bword_t *w = &b->w[b->table[slot] - 1];
        w->freq = freq;
        w->tag = t;
        w->autofreq = autofreq;
        return GA_OK;
    }
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        bword_t *nw = realloc(b->w, cap * sizeof *nw);
        if (!nw)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        b->w = nw;
        b->cap = cap;
    }
    if (b->n >= UINT32_MAX - 1)
        return ga_error_set(err, GA_ERR_LIMIT, "too many words");
    size_t off = b->pool.len;
    if (!ga_buf_append(&b->pool, word, len))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    b->w[b->n] = (bword_t){off, (uint32_t)len, t, freq, autofreq};
    b->table[slot] = (uint32_t)(++b->n);
    return GA_OK;
}

ga_status_t ga_dict_builder_add(ga_dict_builder_t *b, const char *word, size_t len,
                                uint64_t freq, const char *tag, ga_error_t **err)
{
    if (!b || (!word && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_dict_builder_add: NULL argument");
    ga_status_t st;
    const char *why = word_problem(word, len, &st);
    if (why)
        return ga_error_set(err, st, "%s", why);
    size_t tl = tag ? strlen(tag) : 0;
    for (size_t i = 0; i < tl; i++)
        if ((unsigned char)tag[i] <= 0x20)
            return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "tag holds white space");
    return add_word(b, word, len, freq, tag, tl, err);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

ga_status_t ga_dict_builder_add_text(ga_dict_builder_t *b, const char *text, size_t len,
                                     const char *name, ga_error_t **err)
{
    if (!b || (!text && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_dict_builder_add_text: NULL argument");
    if (!name)
        name = "dictionary";
    size_t pos = 0, line = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a byte-order mark some editors write */
    while (pos < len) {
        line++;
        const char *ls = text + pos;
        const char *nl = memchr(ls, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - ls) : len - pos;
        pos += ll + (nl ? 1 : 0);
        if (ll && ls[ll - 1] == '\r')
            ll--;
        size_t bad;
        if (ga_utf8_validate(ls, ll, &bad) != GA_OK)
            return ga_error_set_at(err, GA_ERR_SYNTAX, name, line, ga_utf8_length(ls, bad) + 1,
                                   "%s:%zu: invalid UTF-8", name, line);
        const char *f[4];
        size_t fl[4], nf = 0, i = 0;
        while (i < ll) {
            while (i < ll && is_blank(ls[i]))
                i++;
            if (i >= ll || (nf == 0 && ls[i] == '#'))
                break;
            size_t s = i;
            while (i < ll && !is_blank(ls[i]))
                i++;
            if (nf == 4)
                nf++; /* counted as too many below */
            if (nf < 4) {
                f[nf] = ls + s;
                fl[nf] = i - s;
            }
            if (nf < 5)
                nf++;
            if (nf > 3) {
                return ga_error_set_at(err, GA_ERR_SYNTAX, name, line,
                                       ga_utf8_length(ls, s) + 1,
                                       "%s:%zu: unexpected field after the tag "
                                       "(format: word freq [tag])", name, line);
            }
        }
        if (nf == 0)
            continue;
        uint64_t freq = GA_DICT_FREQ_AUTO;
        const char *tag = nf == 3 ? f[2] : NULL;
        size_t tag_len = nf == 3 ? fl[2] : 0;
        bool numeric = nf >= 2 && fl[1] > 0;
        for (size_t k = 0; numeric && k < fl[1]; k++)
            numeric = f[1][k] >= '0' && f[1][k] <= '9';
        if (nf == 2 && !numeric && !(f[1][0] >= '0' && f[1][0] <= '9')) {
            tag = f[1]; /* word tag: the frequency may be left out */
            tag_len = fl[1];
        } else if (nf >= 2) {
            freq = 0;
            for (size_t k = 0; k < fl[1]; k++) {
                char c = f[1][k];
                if (c < '0' || c > '9' || freq > UINT32_MAX / 10)
                    return ga_error_set_at(err, GA_ERR_SYNTAX, name, line,
                                           ga_utf8_length(ls, (size_t)(f[1] - ls)) + 1,
                                           "%s:%zu: frequency is not a whole number up to "
                                           "4294967295", name, line);
                freq = freq * 10 + (uint64_t)(c - '0');
            }
        }
        ga_status_t st;
        const char *why = word_problem(f[0], fl[0], &st);
        if (why)
            return ga_error_set_at(err, GA_ERR_SYNTAX, name, line, 1, "%s:%zu: %s", name, line,
                                   why);
        st = add_word(b, f[0], fl[0], freq, tag, tag_len, err);
        if (st != GA_OK)
            return ga_error_set_at(err, st, name, line, 1, "%s:%zu: cannot add the word (%s)",
                                   name, line, ga_status_string(st));
    }
    return GA_OK;
}

ga_status_t ga_dict_builder_add_file(ga_dict_builder_t *b, const char *path, ga_error_t **err)
{
    if (!b || !path)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_dict_builder_add_file: NULL argument");
    char *text;
    size_t len;
    ga_status_t st = ga_read_file(path, &text, &len, err);
    if (st != GA_OK)
        return st;
    st = ga_dict_builder_add_text(b, text, len, path, err);
    free(text);
    return st;
}

/* ---- double-array construction ---------------------------------------------------- */

/* A unit while building; packed into a ga_da_unit_t when the image is written. */
typedef struct bunit {
    int32_t base;   /* -1: no children */
    uint32_t check; /* parent state | BU_WORD; UINT32_MAX when free */
} bunit_t;
#define BU_WORD 0x80000000u
#define BU_PARENT 0x7FFFFFFFu

typedef struct dat {
    bunit_t *u;
    uint64_t *used;   /* bitmap */
    size_t cap;       /* units allocated */
    size_t size;      /* units in use (highest + 1) */
    size_t first_free;
    size_t multi_start; /* where searches for nodes with several children begin */
    bool too_big;       /* the trie outgrew GA_DA_MAX_UNITS */
    uint32_t *term_src;  /* state -> sorted word index of the word ending there */
    struct dat_item *queue; /* nodes whose children are still to place */
    size_t qhead, qlen, qcap;
} dat_t;

typedef struct dat_item {
    size_t lo, hi;
    uint32_t depth;
    int32_t s;
} dat_item_t;

static bool dat_grow(dat_t *d, size_t need);

static inline bool dat_reserve(dat_t *d, size_t need)
{
    return need <= d->cap || dat_grow(d, need);
}

static bool dat_grow(dat_t *d, size_t need)
{
    size_t cap = d->cap ? d->cap : 1 << 16;
    while (cap < need)
        cap *= 2;
    bunit_t *u = realloc(d->u, cap * sizeof *u);
    if (!u)
        return false;
    d->u = u;
    uint32_t *ts = realloc(d->term_src, cap * sizeof *ts);
    if (!ts)
        return false;
    d->term_src = ts;
    uint64_t *used = realloc(d->used, (cap / 64 + 1) * sizeof *used);
    if (!used)
        return false;
    d->used = used;
    for (size_t i = d->cap; i < cap; i++)
        d->u[i] = (bunit_t){-1, UINT32_MAX};
    memset(used + d->cap / 64, 0, (cap / 64 + 1 - d->cap / 64) * sizeof *used);
    d->cap = cap;
    return true;
}

static inline bool dat_used(const dat_t *d, size_t i)
{
    return i < d->cap && (d->used[i / 64] >> (i % 64)) & 1;
}

/* First free unit at or after pos (reserving room for it). */
static bool dat_next_free(dat_t *d, size_t pos, size_t *out)
{
    for (;;) {
        if (!dat_reserve(d, pos + 1))
            return false;
        size_t wi = pos / 64;
        uint64_t free_bits = ~d->used[wi] & (~(uint64_t)0 << (pos % 64));
        while (!free_bits) {
            wi++;
            if (wi * 64 >= d->cap) {
                pos = wi * 64;
                goto again;
            }
            free_bits = ~d->used[wi];
        }
        *out = wi * 64 + (size_t)__builtin_ctzll(free_bits);
        if (*out < d->cap)
            return true;
        pos = *out;
    again:;
    }
}

typedef struct kword {
    const uint32_t *codes;
    uint32_t n;
    uint32_t src; /* builder word index */
} kword_t;

static int kword_cmp(const void *a, const void *b)
{
    const kword_t *x = a, *y = b;
    uint32_t n = x->n < y->n ? x->n : y->n;
    for (uint32_t i = 0; i < n; i++)
        if (x->codes[i] != y->codes[i])
            return x->codes[i] < y->codes[i] ? -1 : 1;
    return (x->n > y->n) - (x->n < y->n);
}

/* Place the children of state `s`, the node of words [lo, hi) sharing their first `depth`
 * codes, and queue them. Nodes are placed breadth first, so each trie level is a compact
 * band of the array with the children of frequent characters first: the hot upper levels
 * stay in cache. */
static bool dat_place(dat_t *d, const kword_t *kw, size_t lo, size_t hi, uint32_t depth, int32_t s)
{
    if (lo < hi && kw[lo].n == depth) {
        d->term_src[s] = (uint32_t)lo++;
        d->u[s].check |= BU_WORD;
    }
    if (lo == hi) {
        d->u[s].base = -1;
        return true;
    }
    uint32_t local_c[16];
    size_t local_s[16];
    uint32_t *codes = local_c;
    size_t *starts = local_s;
    size_t k = 0, cap = 16;
    for (size_t i = lo; i < hi; i++) {
        uint32_t c = kw[i].codes[depth];
        if (k && codes[k - 1] == c)
            continue;
        if (k == cap) {
            size_t nc = cap * 4;
            uint32_t *c2 = malloc(nc * sizeof *c2);
            size_t *s2 = malloc(nc * sizeof *s2);
            if (!c2 || !s2) {
                free(c2);
                free(s2);
                if (codes != local_c) {
                    free(codes);
                    free(starts);
                }
                return false;
            }
            memcpy(c2, codes, k * sizeof *c2);
            memcpy(s2, starts, k * sizeof *s2);
            if (codes != local_c) {
                free(codes);
                free(starts);
            }
            codes = c2;
            starts = s2;
            cap = nc;
        }
        codes[k] = c;
        starts[k] = i;
        k++;
    }
    bool ok = true;
    /* Nodes with several children start past the densely packed front, which they would
     * rarely fit into: the start moves forward whenever a search had to try many cells. */
    size_t from = k > 1 && d->multi_start > d->first_free ? d->multi_start : d->first_free;
    size_t pos = from > codes[0] + 1 ? from : codes[0] + 1, base, tried = 0, mark = 0;
    for (;;) {
        if (++tried == 32)
            mark = pos;
        if (!dat_next_free(d, pos, &pos) || !dat_reserve(d, pos - codes[0] + codes[k - 1] + 1)) {
            ok = false;
            goto done;
        }
        base = pos - codes[0];
        size_t i = 1;
        while (i < k && !dat_used(d, base + codes[i]))
            i++;
        if (i == k)
            break;
        pos++;
    }
    if (k > 1 && tried > 64 && mark > d->multi_start)
        d->multi_start = mark;
    if (base + codes[k - 1] >= GA_DA_MAX_UNITS - 1) {
        d->too_big = true;
        ok = false;
        goto done;
    }
    d->u[s].base = (int32_t)base;
    for (size_t i = 0; i < k; i++) {
        size_t t = base + codes[i];
        d->used[t / 64] |= (uint64_t)1 << (t % 64);
        d->u[t].check = (uint32_t)s;
        if (t + 1 > d->size)
            d->size = t + 1;
    }
    if (!dat_next_free(d, d->first_free, &d->first_free)) {
        ok = false;
        goto done;
    }
    for (size_t i = 0; i < k && ok; i++) {
        if (d->qlen == d->qcap) {
            size_t nc = d->qcap ? d->qcap * 2 : 4096;
            dat_item_t *q = realloc(d->queue, nc * sizeof *q);
            if (!q) {
                ok = false;
                break;
            }
            d->queue = q;
            d->qcap = nc;
        }
        d->queue[d->qlen++] = (dat_item_t){starts[i], i + 1 < k ? starts[i + 1] : hi, depth + 1,
                                           (int32_t)(base + codes[i])};
    }
done:
    if (codes != local_c) {
        free(codes);
        free(starts);
    }
    return ok;
}

/* ---- HMM training ------------------------------------------------------------------ */

/* Train the B/M/E/S model from the dictionary's all-Han words: a word of n characters
 * with frequency f is n states (S, or B M* E) observed f^exponent times; the word-to-word
 * transitions come from the share of single-character words in that mass. */
static void train_hmm(const kword_t *kw, size_t n, const bword_t *bw, const char *pool,
                      uint32_t n_codes, double exponent, ga_hmm_t *h, float *emit)
{
    double *cnt = calloc((size_t)4 * n_codes, sizeof *cnt);
    double tr[4][4] = {{0}};
    double single = 0, multi = 0;
    if (!cnt) {
        memset(h, 0, sizeof *h);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const bword_t *w = &bw[kw[i].src];
        if (w->freq == 0)
            continue;
        bool han = true;
        size_t pos = 0;
        const unsigned char *s = (const unsigned char *)pool + w->off;
        while (pos < w->len && han) {
            int32_t cp = ga_utf8_decode(s, w->len, &pos);
            han = cp >= 0 && ga_seg_is_han((uint32_t)cp);
        }
        if (!han)
            continue;
        double wt = pow((double)w->freq, exponent);
        uint32_t len = kw[i].n;
        const uint32_t *c = kw[i].codes;
        if (len == 1) {
            cnt[GA_HMM_S * n_codes + c[0]] += wt;
            single += wt;
            continue;
        }
        multi += wt;
        cnt[GA_HMM_B * n_codes + c[0]] += wt;
        cnt[GA_HMM_E * n_codes + c[len - 1]] += wt;
        for (uint32_t j = 1; j + 1 < len; j++)
            cnt[GA_HMM_M * n_codes + c[j]] += wt;
        if (len == 2) {
            tr[GA_HMM_B][GA_HMM_E] += wt;
        } else {
            tr[GA_HMM_B][GA_HMM_M] += wt;
            tr[GA_HMM_M][GA_HMM_M] += wt * (len - 3);
            tr[GA_HMM_M][GA_HMM_E] += wt;
        }
    }
    double tot = single + multi;
    if (tot <= 0) {
        single = multi = 1;
        tot = 2;
    }
    for (int a = 0; a < 4; a++)
        for (int q = 0; q < 4; q++)
            h->trans[a][q] = -INFINITY;
    double lb = log((multi + 0.5) / (tot + 1)), ls = log((single + 0.5) / (tot + 1));
    h->start[GA_HMM_B] = (float)lb;
    h->start[GA_HMM_S] = (float)ls;
    h->start[GA_HMM_M] = h->start[GA_HMM_E] = -INFINITY;
    h->trans[GA_HMM_E][GA_HMM_B] = h->trans[GA_HMM_S][GA_HMM_B] = (float)lb;
    h->trans[GA_HMM_E][GA_HMM_S] = h->trans[GA_HMM_S][GA_HMM_S] = (float)ls;
    double bt = tr[0][1] + tr[0][2] + 1, mt = tr[1][1] + tr[1][2] + 1;
    h->trans[GA_HMM_B][GA_HMM_M] = (float)log((tr[0][1] + 0.5) / bt);
    h->trans[GA_HMM_B][GA_HMM_E] = (float)log((tr[0][2] + 0.5) / bt);
    h->trans[GA_HMM_M][GA_HMM_M] = (float)log((tr[1][1] + 0.5) / mt);
    h->trans[GA_HMM_M][GA_HMM_E] = (float)log((tr[1][2] + 0.5) / mt);
    /* Emissions with add-half smoothing; code 0 (a character outside the alphabet) gets
     * the smoothing mass alone. */
    for (int q = 0; q < 4; q++) {
        double sum = 0;
        for (uint32_t c = 1; c < n_codes; c++)
            sum += cnt[q * n_codes + c];
        double den = sum + 0.5 * n_codes;
        for (uint32_t c = 0; c < n_codes; c++)
            emit[q * n_codes + c] = (float)log((cnt[q * n_codes + c] + 0.5) / den);
        h->emit_floor[q] = emit[q * n_codes];
    }
    h->n_codes = n_codes;
    free(cnt);
}

/* ---- the image ------------------------------------------------------------------- */

static int cp_count_cmp(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b; /* (count << 21 | cp), sorted by count desc, cp asc */
    uint64_t cx = x[0] >> 21, cy = y[0] >> 21;
    if (cx != cy)
        return cx > cy ? -1 : 1;
    return (x[0] & 0x1FFFFF) < (y[0] & 0x1FFFFF) ? -1 : 1;
}

/* Build the binary image of the builder's words (autofreq words skipped when
 * `skip_auto`). Returns a malloc'd buffer. */
static ga_status_t build_image(const ga_dict_builder_t *b, bool skip_auto, void **out,
                               size_t *out_len, ga_error_t **err)
{
    ga_status_t status = GA_ERR_NO_MEMORY;
    uint32_t *counts = calloc(0x110000, sizeof *counts);
    uint32_t *codeof = NULL, *cpool = NULL;
    uint64_t *order = NULL;
    kword_t *kw = NULL;
    dat_t d = {0};
    void *img = NULL;
    size_t nk = 0, ncodes_total = 0, nalpha = 0;
    uint64_t total = 0;
    if (!counts)
        goto fail;
    for (size_t i = 0; i < b->n; i++) {
        const bword_t *w = &b->w[i];
        if ((skip_auto && w->autofreq) || (!b->base && w->freq == 0))
            continue;
        size_t pos = 0;
        while (pos < w->len) {
            int32_t cp = ga_utf8_decode((const unsigned char *)b->pool.data + w->off, w->len, &pos);
            if (counts[cp]++ == 0)
                nalpha++;
            ncodes_total++;
        }
        nk++;
        total += w->freq;
    }
    if (b->ntags > 0xFFFF) {
        status = ga_error_set(err, GA_ERR_LIMIT, "more than 65535 distinct tags");
        goto fail_noset;
    }
    if (nalpha >= 0xFFFF) {
        status = ga_error_set(err, GA_ERR_LIMIT, "more than 65534 distinct characters");
        goto fail_noset;
    }
    /* Codes by descending character frequency: frequent characters get small codes, which
     * packs the trie's dense upper levels. */
    order = malloc((nalpha + 1) * sizeof *order);
    codeof = calloc(0x110000, sizeof *codeof);
    if (!order || !codeof)
        goto fail;
    size_t k = 0;
    for (uint32_t cp = 0; cp < 0x110000; cp++)
        if (counts[cp])
            order[k++] = ((uint64_t)counts[cp] << 21) | cp;
    qsort(order, nalpha, sizeof *order, cp_count_cmp);
    uint32_t n_supp = 0;
    for (size_t i = 0; i < nalpha; i++) {
        uint32_t cp = (uint32_t)(order[i] & 0x1FFFFF);
        codeof[cp] = (uint32_t)(i + 1);
        if (cp >= 0x10000)
            n_supp++;
    }
    uint32_t n_codes = (uint32_t)nalpha + 1;
    cpool = malloc((ncodes_total + 1) * sizeof *cpool);
    kw = malloc((nk + 1) * sizeof *kw);
    if (!cpool || !kw)
        goto fail;
    size_t cp_used = 0, ki = 0;
    for (size_t i = 0; i < b->n; i++) {
        const bword_t *w = &b->w[i];
        if ((skip_auto && w->autofreq) || (!b->base && w->freq == 0))
            continue;
        kw[ki].codes = cpool + cp_used;
        kw[ki].src = (uint32_t)i;
        size_t pos = 0;
        uint32_t n = 0;
        while (pos < w->len) {
            int32_t cp = ga_utf8_decode((const unsigned char *)b->pool.data + w->off, w->len, &pos);
            cpool[cp_used++] = codeof[cp];
            n++;
        }
        kw[ki++].n = n;
    }
    qsort(kw, nk, sizeof *kw, kword_cmp);
    if (!dat_reserve(&d, n_codes + 2))
        goto fail;
    d.used[0] |= 1; /* the root */
    d.u[0].check = BU_PARENT; /* matches no state */
    d.size = 1;
    d.first_free = 1;
    if (nk && !dat_place(&d, kw, 0, nk, 0, 0))
        goto fail;
    while (d.qhead < d.qlen) {
        dat_item_t it = d.queue[d.qhead++];
        if (!dat_place(&d, kw, it.lo, it.hi, it.depth, it.s))
            goto fail;
    }


    if (b->base)
        total = b->base->hdr->total_freq;
    if (total == 0)
        total = 1;
    double ltot = log((double)total);
    size_t tags_size = (b->ntags + 1) * 4;
    for (size_t i = 0; i < b->ntags; i++)
        tags_size += strlen(b->tags[i]) + 1;
    size_t sz_bmp = align8(65536 * 2), sz_supp = align8((size_t)n_supp * 8),
           sz_units = align8(d.size * sizeof(ga_da_unit_t)),
           nb = (d.size + 63) / 64,
           sz_words = nb * 8 + align8(nb * 4) + align8(nk * 4) + align8(nk * 2),
           sz_hmm = align8(sizeof(ga_hmm_t) + (size_t)4 * n_codes * sizeof(float)),
           sz_tags = align8(tags_size);
    size_t payload = sz_bmp + sz_supp + sz_units + sz_words + sz_hmm + sz_tags;
    size_t len = sizeof(ga_dict_header_t) + payload;
    img = calloc(1, len);
    if (!img)
        goto fail;
    ga_dict_header_t *h = img;
    memcpy(h->magic, GA_DICT_MAGIC, 8);
    h->version = GA_DICT_VERSION;
    h->header_size = sizeof *h;
    h->payload_size = payload;
    h->n_codes = n_codes;
    h->n_supp = n_supp;
    h->n_units = (uint32_t)d.size;
    h->n_words = (uint32_t)nk;
    h->n_tags = (uint32_t)b->ntags;
    h->tags_size = (uint32_t)align8(tags_size);
    h->total_freq = total;
    h->endian = 0x01020304u;
    unsigned char *p = (unsigned char *)img + sizeof *h;
    uint16_t *bmp = (uint16_t *)p;
    for (uint32_t cp = 0; cp < 0x10000; cp++)
        bmp[cp] = (uint16_t)codeof[cp];
    p += sz_bmp;
    uint32_t *supp = (uint32_t *)p;
    for (uint32_t cp = 0x10000, j = 0; cp < 0x110000; cp++)
        if (codeof[cp]) {
            supp[2 * j] = cp;
            supp[2 * j + 1] = codeof[cp];
            j++;
        }
    p += sz_supp;
    ga_da_unit_t *units = (ga_da_unit_t *)p;
    for (size_t st = 0; st < d.size; st++) {
        const bunit_t *bu = &d.u[st];
        uint64_t parent = bu->check == UINT32_MAX ? GA_DA_FREE : (bu->check & BU_PARENT);
        if (st == 0)
            parent = GA_DA_FREE; /* the root has no parent */
        units[st] = parent | ((uint64_t)(bu->base + 1) << 23) |
                    (bu->check != UINT32_MAX && (bu->check & BU_WORD) ? GA_DA_WORD_BIT : 0);
    }
    p += sz_units;
    uint64_t *tbits = (uint64_t *)p;
    uint32_t *trank = (uint32_t *)(p + nb * 8);
    uint32_t *wfreq = (uint32_t *)(p + nb * 8 + align8(nb * 4));
    uint16_t *wtag = (uint16_t *)(p + nb * 8 + align8(nb * 4) + align8(nk * 4));
    /* Word ids by state order, so an id is the rank of its state among word ends. */
    uint32_t id = 0;
    for (size_t st = 0; st < d.size; st++) {
        if (st % 64 == 0)
            trank[st / 64] = id;
        if (!(d.u[st].check != UINT32_MAX && (d.u[st].check & BU_WORD)))
            continue;
        const bword_t *w = &b->w[kw[d.term_src[st]].src];
        tbits[st / 64] |= 1ull << (st % 64);
        wfreq[id] = (uint32_t)w->freq;
        wtag[id] = (uint16_t)w->tag;
        double q = w->freq ? floor((ltot - log((double)w->freq)) * GA_DA_LOGQ_SCALE + 0.5)
                           : GA_DA_DELETED;
        if (q < 0)
            q = 0; /* a user word above the base's total */
        if (q > GA_DA_DELETED - 1 && w->freq)
            q = GA_DA_DELETED - 1;
        units[st] |= (uint64_t)q << 45;
        id++;
    }
    p += sz_words;
    ga_hmm_t *hmm = (ga_hmm_t *)p;
    float *emit = (float *)(p + sizeof *hmm);
    if (b->base)
        hmm->n_codes = n_codes; /* the base's HMM is the one used */
    else
        train_hmm(kw, nk, b->w, b->pool.data, n_codes, b->hmm_exponent, hmm, emit);
    if (hmm->n_codes != n_codes)
        goto fail;
    p += sz_hmm;
    uint32_t *toff = (uint32_t *)p;
    uint32_t o = (uint32_t)((b->ntags + 1) * 4);
    for (size_t i = 0; i < b->ntags; i++) {
        toff[i] = o;
        size_t tl = strlen(b->tags[i]) + 1;
        memcpy(p + o, b->tags[i], tl);
        o += (uint32_t)tl;
    }
    toff[b->ntags] = o;
    h->checksum = ga_hash64((unsigned char *)img + sizeof *h, payload, GA_DICT_SEED);
    *out = img;
    *out_len = len;
    img = NULL;
    status = GA_OK;
    goto done;
fail:
    if (d.too_big)
        status = ga_error_set(err, GA_ERR_LIMIT, "dictionary too large: its trie needs more "
                                                 "than %u units", GA_DA_MAX_UNITS);
    else
        status = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory building the dictionary");
fail_noset:
done:
    free(img);
    free(counts);
    free(codeof);
    free(order);
    free(cpool);
    free(kw);
    free(d.u);
    free(d.used);
    free(d.term_src);
    free(d.queue);
    return status;
}

/* Standalone builds: give GA_DICT_FREQ_AUTO words a frequency against the other words. */
static ga_status_t resolve_auto(ga_dict_builder_t *b, ga_error_t **err)
{
    size_t n_auto = 0;
    for (size_t i = 0; i < b->n; i++)
        n_auto += b->w[i].autofreq;
    if (!n_auto)
        return GA_OK;
    void *img;
    size_t len;
    ga_status_t st = build_image(b, true, &img, &len, err);
    if (st != GA_OK)
        return st;
    ga_dict_t d = {0};
    st = ga_dict_attach(&d, img, len, "dictionary", err);
    if (st == GA_OK) {
        for (size_t i = 0; i < b->n; i++) {
            bword_t *w = &b->w[i];
            if (!w->autofreq)
                continue;
            double sc = ga_seg_route_score(&d, b->pool.data + w->off, w->len);
            double f = floor(exp(sc + d.log_total)) + 1;
            w->freq = f < 1 ? 1 : f > 1e9 ? (uint64_t)1e9 : (uint64_t)f;
            w->autofreq = false;
        }
    }
    free(img);
    return st;
}

ga_status_t ga_dict_builder_finish(ga_dict_builder_t *b, ga_dict_t **out, ga_error_t **err)
{
    if (!b || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_dict_builder_finish: NULL argument");
    *out = NULL;
    ga_status_t st = resolve_auto(b, err);
    if (st != GA_OK)
        return st;
    void *img;
    size_t len;
    st = build_image(b, false, &img, &len, err);
    if (st != GA_OK)
        return st;
    ga_dict_t *d = calloc(1, sizeof *d);
    if (!d) {
        free(img);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    d->heap = img;
    st = ga_dict_attach(d, img, len, "dictionary", err);
    if (st != GA_OK) {
        ga_dict_free(d);
        return st;
    }
    d->base = b->base;
    *out = d;
    return GA_OK;
}

ga_status_t ga_dict_builder_save(ga_dict_builder_t *b, const char *path, ga_error_t **err)
{
    if (!b || !path)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_dict_builder_save: NULL argument");
    if (b->base)
        return ga_error_set(err, GA_ERR_UNSUPPORTED,
                            "a user dictionary is not saved: it is rebuilt from its text");
    ga_status_t st = resolve_auto(b, err);
    if (st != GA_OK)
        return st;
    void *img;
    size_t len;
    st = build_image(b, false, &img, &len, err);
    if (st != GA_OK)
        return st;
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 16);
    if (!tmp) {
        free(img);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    snprintf(tmp, pl + 16, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(img, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        st = ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: %s", path, strerror(errno));
        remove(tmp);
    }
    free(tmp);
    free(img);
    return st;
}
