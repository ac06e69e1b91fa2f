/* The spelling model builder: language model, character readings and shapes, lexicon in;
 * a model image out (layout in spell-internal.h). Runs at build time and in tests. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"

ga_status_t ga_spell_builder_new(ga_spell_builder_t **out, ga_error_t **err)
{
    if (!out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_spell_builder_new: NULL argument");
    ga_spell_builder_t *b = calloc(1, sizeof *b);
    if (!b || !(b->info = calloc(65536, sizeof *b->info))) {
        free(b);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    ga_status_t st = ga_dict_builder_new(NULL, &b->words, err);
    if (st != GA_OK) {
        ga_spell_builder_free(b);
        return st;
    }
    *out = b;
    return GA_OK;
}

void ga_spell_builder_free(ga_spell_builder_t *b)
{
    if (!b)
        return;
    ga_buf_free(&b->vocab_pool);
    ga_buf_free(&b->protected_pool);
    free(b->vocab_off);
    free(b->uni);
    free(b->uni_set);
    free(b->bi);
    free(b->tri);
    free(b->info);
    free(b->syllables);
    ga_dict_builder_free(b->words);
    free(b);
}

ga_status_t ga_spell_builder_add_vocab(ga_spell_builder_t *b, const char *word,
                                       ga_error_t **err)
{
    if (!b || !word)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_spell_builder_add_vocab: NULL argument");
    if (b->n_vocab >= 0xFFFFFFF0u)
        return ga_error_set(err, GA_ERR_LIMIT, "vocabulary too large");
    size_t len = strlen(word);
    if (!ga_grow((void **)&b->vocab_off, &b->cap_vocab, b->n_vocab + 1, sizeof *b->vocab_off) ||
        !ga_grow((void **)&b->uni, &b->cap_uni, b->n_vocab + 1, sizeof *b->uni) ||
        !(b->uni_set = realloc(b->uni_set, b->cap_uni)) ||
        !ga_buf_append(&b->vocab_pool, word, len + 1))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    b->vocab_off[b->n_vocab] = (uint32_t)(b->vocab_pool.len - len - 1);
    b->uni[b->n_vocab] = (ga_spell_uni_t){-99.0f, 0.0f};
    b->uni_set[b->n_vocab] = 0;
    b->n_vocab++;
    return GA_OK;
}

static const char *vocab_word(const ga_spell_builder_t *b, uint32_t id)
{
    return b->vocab_pool.data + b->vocab_off[id];
}

ga_status_t ga_spell_builder_add_ngram(ga_spell_builder_t *b, const uint32_t *ids, unsigned n,
                                       float prob, float backoff, ga_error_t **err)
{
    if (!b || !ids || n < 1 || n > 3)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_spell_builder_add_ngram: bad argument");
    for (unsigned i = 0; i < n; i++)
        if (ids[i] >= b->n_vocab)
            return ga_error_set(err, GA_ERR_FORMAT, "n-gram names word %u of a %zu-word vocabulary",
                                ids[i], b->n_vocab);
    if (!isfinite(prob) || prob > 0 || !isfinite(backoff))
        return ga_error_set(err, GA_ERR_FORMAT, "n-gram with a log probability out of range");
    if (n == 1) {
        b->uni[ids[0]] = (ga_spell_uni_t){prob, backoff};
        b->uni_set[ids[0]] = 1;
    } else if (n == 2) {
        if (!ga_grow((void **)&b->bi, &b->cap_bi, b->n_bi + 1, sizeof *b->bi))
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        b->bi[b->n_bi++] = (bigram_t){ids[0], ids[1], prob, backoff};
    } else {
        if (!ga_grow((void **)&b->tri, &b->cap_tri, b->n_tri + 1, sizeof *b->tri))
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        b->tri[b->n_tri++] = (trigram_t){ids[0], ids[1], ids[2], prob};
    }
    return GA_OK;
}

ga_status_t ga_spell_builder_add_words(ga_spell_builder_t *b, const char *text, size_t len,
                                       const char *name, bool protect, ga_error_t **err)
{
    if (!b || (!text && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_spell_builder_add_words: NULL argument");
    ga_status_t st = ga_dict_builder_add_text(b->words, text, len, name, err);
    if (st != GA_OK)
        return st;
    /* Remember which words are protected: every word of a protected list, and names,
     * places and bodies (jieba-style tags nr*, ns*, nt*) of any list. */
    size_t pos = 0;
    while (pos < len) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        pos += ll + 1;
        size_t i = 0;
        while (i < ll && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i == ll || line[i] == '#')
            continue;
        size_t ws = i;
        while (i < ll && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            i++;
        size_t we = i;
        /* the tag is the last field when there are three */
        const char *f[3];
        size_t fl[3], nf = 0;
        while (i < ll && nf < 3) {
            while (i < ll && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
                i++;
            if (i == ll)
                break;
            f[nf] = line + i;
            while (i < ll && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
                i++;
            fl[nf] = (size_t)(line + i - f[nf]);
            nf++;
        }
        bool prot = protect;
        if (!prot && nf >= 2 && fl[1] >= 2 && f[1][0] == 'n' &&
            (f[1][1] == 'r' || f[1][1] == 's' || f[1][1] == 't'))
            prot = true;
        if (prot && (!ga_buf_append(&b->protected_pool, line + ws, we - ws) ||
                     !ga_buf_append(&b->protected_pool, "", 1)))
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    return GA_OK;
}

/* ---- the image ---- */

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* A 256-entry table for `n` values: every distinct value when there are at most 256,
 * else the means of 256 groups of equal size (values sorted). */
static bool quantizer(const float *vals, size_t stride, size_t n, float table[256])
{
    float *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return false;
    for (size_t i = 0; i < n; i++)
        v[i] = *(const float *)((const char *)vals + i * stride);
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_float);
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        if (d == 0 || v[i] != v[d - 1])
            v[d++] = v[i];
    for (int k = 0; k < 256; k++)
        table[k] = 0;
    if (d <= 256) {
        for (size_t k = 0; k < d; k++)
            table[k] = v[k];
        for (size_t k = d; k < 256; k++)
            table[k] = d ? v[d - 1] : 0;
    } else {
        for (int k = 0; k < 256; k++) {
            size_t lo = d * (size_t)k / 256, hi = d * (size_t)(k + 1) / 256;
            double s = 0;
            for (size_t i = lo; i < hi; i++)
                s += v[i];
            table[k] = (float)(s / (double)(hi - lo));
        }
    }
    free(v);
    return true;
}

static uint8_t quantize(const float table[256], float x)
{
    int lo = 0, hi = 255;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (table[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && fabsf(table[lo - 1] - x) <= fabsf(table[lo] - x))
        lo--;
    return (uint8_t)lo;
}

static int cmp_bigram(const void *a, const void *b)
{
    const bigram_t *x = a, *y = b;
    if (x->w1 != y->w1)
        return x->w1 < y->w1 ? -1 : 1;
    return x->w2 < y->w2 ? -1 : x->w2 > y->w2;
}

static int cmp_trigram(const void *a, const void *b)
{
    const trigram_t *x = a, *y = b;
    if (x->w1 != y->w1)
        return x->w1 < y->w1 ? -1 : 1;
    if (x->w2 != y->w2)
        return x->w2 < y->w2 ? -1 : 1;
    return x->w3 < y->w3 ? -1 : x->w3 > y->w3;
}

static bool is_han(uint32_t cp)
{
    return ga_seg_is_han(cp);
}

/* Find a vocabulary word by its text: the builder keeps no index, so a sorted one is made
 * for the few words looked up (<unk>, <s>, </s>). */
static uint32_t vocab_find(const ga_spell_builder_t *b, const char *w)
{
    for (size_t i = 0; i < b->n_vocab; i++)
        if (strcmp(vocab_word(b, (uint32_t)i), w) == 0)
            return (uint32_t)i;
    return GA_SPELL_NO_LM;
}


/* ---- index tables (layout in spell-internal.h) ---- */

typedef struct keyed {
    uint64_t key;
    uint32_t item;
} keyed_t;

typedef struct index {
    uint64_t *slot;
    uint32_t n_slots;
    uint32_t *items; /* counts and items, 32 bits each while building */
    size_t n_items, cap_items;
    keyed_t *pairs;
    size_t n_pairs, cap_pairs;
} index_t;

static bool index_add(index_t *x, uint64_t key, uint32_t item)
{
    if (!ga_grow((void **)&x->pairs, &x->cap_pairs, x->n_pairs + 1, sizeof *x->pairs))
        return false;
    x->pairs[x->n_pairs++] = (keyed_t){key, item};
    return true;
}

static int cmp_keyed(const void *a, const void *b)
{
    const keyed_t *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

/* Group the pairs by key into slots and item lists. */
static bool index_build(index_t *x)
{
    if (x->n_pairs > 1)
        qsort(x->pairs, x->n_pairs, sizeof *x->pairs, cmp_keyed);
    size_t n_keys = 0;
    for (size_t i = 0; i < x->n_pairs; i++)
        n_keys += i == 0 || x->pairs[i].key != x->pairs[i - 1].key;
    uint32_t n_slots = 1;
    while (n_slots < n_keys * 2 + 1)
        n_slots *= 2;
    x->slot = malloc(n_slots * sizeof *x->slot);
    if (!x->slot)
        return false;
    x->n_slots = n_slots;
    for (uint32_t i = 0; i < n_slots; i++)
        x->slot[i] = GA_SPELL_EMPTY;
    for (size_t i = 0; i < x->n_pairs;) {
        size_t j = i;
        size_t count_at = x->n_items;
        if (!ga_grow((void **)&x->items, &x->cap_items, x->n_items + 1, sizeof *x->items))
            return false;
        x->items[x->n_items++] = 0;
        while (j < x->n_pairs && x->pairs[j].key == x->pairs[i].key) {
            if (j == i || x->pairs[j].item != x->pairs[j - 1].item) {
                if (!ga_grow((void **)&x->items, &x->cap_items, x->n_items + 1, sizeof *x->items))
                    return false;
                x->items[x->n_items++] = x->pairs[j].item;
                x->items[count_at]++;
            }
            j++;
        }
        uint64_t key = x->pairs[i].key;
        uint32_t h = (uint32_t)key & (n_slots - 1);
        /* a key whose high half equals an earlier key's is dropped: lookups compare the
         * high half only, and such a clash among a few hundred thousand keys is rare */
        bool clash = false;
        while ((uint32_t)x->slot[h] != GA_SPELL_EMPTY) {
            if ((x->slot[h] >> 32) == (key >> 32))
                clash = true;
            h = (h + 1) & (n_slots - 1);
        }
        if (!clash)
            x->slot[h] = (key >> 32) << 32 | (uint32_t)count_at;
        i = j;
    }
    if (x->n_items >= GA_SPELL_EMPTY)
        return false;
    return true;
}

static void index_free(index_t *x)
{
    free(x->slot);
    free(x->items);
    free(x->pairs);
}

/* Decode `s` into character indexes; false when a character is not in the table or the
 * word is longer than `max`. */
static bool word_chars(const char *s, const uint16_t *char_of, uint32_t *ci, unsigned max,
                       unsigned *n)
{
    size_t sl = strlen(s), pos = 0;
    *n = 0;
    while (pos < sl) {
        int32_t cp = ga_utf8_decode((const unsigned char *)s, sl, &pos);
        if (cp < 0 || cp >= 0x10000 || !char_of[cp] || *n >= max)
            return false;
        ci[(*n)++] = char_of[cp] - 1u;
    }
    return true;
}

ga_status_t ga_spell_builder_finish(ga_spell_builder_t *b, void **image, size_t *len,
                                    ga_error_t **err)
{
    if (!b || !image || !len)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_spell_builder_finish: NULL argument");
    *image = NULL;
    *len = 0;
    ga_status_t st = GA_OK;
    uint32_t unk = vocab_find(b, "<unk>"), bos = vocab_find(b, "<s>"), eos = vocab_find(b, "</s>");
    if (b->n_vocab == 0 || unk == GA_SPELL_NO_LM)
        return ga_error_set(err, GA_ERR_FORMAT, "the language model has no <unk> word");

    /* The characters: every BMP Han character of a vocabulary word. */
    uint16_t *char_of = calloc(65536, sizeof *char_of);
    uint32_t *char_cp = NULL, *conf_start = NULL, *conf = NULL, *uni_child = NULL,
             *bi_word = NULL, *bi_child = NULL, *tri_word = NULL, *word_lm = NULL;
    uint16_t *bi_q = NULL;
    uint8_t *tri_q = NULL, *word_flags = NULL, *near = NULL;
    uint32_t *syl_start = NULL;
    uint16_t *syl = NULL, *mask_item16 = NULL;
    size_t n_syl = 0, cap_syl = 0;
    index_t mask = {0}, py = {0};
    size_t n_chars = 0, n_conf = 0, cap_conf = 0;
    ga_dict_t *lex = NULL;
    float quant[3][256];
    if (!char_of)
        goto oom;
    for (size_t w = 0; w < b->n_vocab; w++) {
        const char *s = vocab_word(b, (uint32_t)w);
        size_t sl = strlen(s), pos = 0;
        while (pos < sl) {
            int32_t cp = ga_utf8_decode((const unsigned char *)s, sl, &pos);
            if (cp < 0)
                break;
            if (cp < 0x10000 && is_han((uint32_t)cp) && !char_of[cp]) {
                if (n_chars >= 65534)
                    break;
                char_of[cp] = (uint16_t)++n_chars;
            }
        }
    }
    char_cp = malloc((n_chars + 1) * sizeof *char_cp);
    conf_start = malloc((n_chars + 1) * sizeof *conf_start);
    if (!char_cp || !conf_start)
        goto oom;
    for (uint32_t cp = 0; cp < 65536; cp++)
        if (char_of[cp])
            char_cp[char_of[cp] - 1] = cp;

    /* Confusion sets: every pair of known characters, compared by readings and shapes. */
    size_t ns = b->n_syllables;
    near = calloc(ns * ns + 1, 1);
    if (!near)
        goto oom;
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < ns; j++)
            near[i * ns + j] = ga_spell_near_syllables(b->syllables[i], b->syllables[j]);
    for (size_t c = 0; c < n_chars; c++) {
        conf_start[c] = (uint32_t)n_conf;
        const charinfo_t *x = &b->info[char_cp[c]];
        if (!x->n_syl && !x->cangjie[0])
            continue;
        for (size_t d = 0; d < n_chars; d++) {
            if (d == c)
                continue;
            uint8_t kind = ga_spell_confusion_kind(near, ns, x, &b->info[char_cp[d]]);
            if (!kind)
                continue;
            if (!ga_grow((void **)&conf, &cap_conf, n_conf + 1, sizeof *conf))
                goto oom;
            conf[n_conf++] = (uint32_t)d << 8 | kind;
        }
    }
    conf_start[n_chars] = (uint32_t)n_conf;

    /* Readings without tone, and the indexes of masked words and of words by reading. */
    syl_start = malloc((n_chars + 1) * sizeof *syl_start);
    if (!syl_start)
        goto oom;
    for (size_t c = 0; c < n_chars; c++) {
        syl_start[c] = (uint32_t)n_syl;
        const charinfo_t *x = &b->info[char_cp[c]];
        for (unsigned i = 0; i < ga_spell_readings(x); i++) {
            uint16_t id = x->syl[i] / 8;
            bool dup = false;
            for (size_t k = syl_start[c]; k < n_syl; k++)
                dup |= syl[k] == id;
            if (dup)
                continue;
            if (!ga_grow((void **)&syl, &cap_syl, n_syl + 1, sizeof *syl))
                goto oom;
            syl[n_syl++] = id;
        }
    }
    syl_start[n_chars] = (uint32_t)n_syl;
    for (size_t w = 0; w < b->n_vocab; w++) {
        uint32_t ci[GA_SPELL_MASK_MAX];
        unsigned n;
        if (!word_chars(vocab_word(b, (uint32_t)w), char_of, ci, GA_SPELL_MASK_MAX, &n) || n < 2)
            continue;
        for (unsigned p = 0; p < n; p++)
            if (!index_add(&mask, ga_spell_mask_key(ci, n, p), ci[p]))
                goto oom;
        if (n != 2)
            continue;
        /* every combination of the two characters' readings (most have one) */
        unsigned n0 = syl_start[ci[0] + 1] - syl_start[ci[0]];
        unsigned n1 = syl_start[ci[1] + 1] - syl_start[ci[1]];
        for (unsigned r0 = 0; r0 < n0; r0++)
            for (unsigned r1 = 0; r1 < n1; r1++) {
                uint16_t key[2] = {syl[syl_start[ci[0]] + r0], syl[syl_start[ci[1]] + r1]};
                if (!index_add(&py, ga_spell_py_key(key, 2), ci[0] | ci[1] << 16))
                    goto oom;
            }
    }
    if (!index_build(&mask) || !index_build(&py))
        goto oom;
    mask_item16 = malloc((mask.n_items + 1) * sizeof *mask_item16);
    if (!mask_item16)
        goto oom;
    for (size_t i = 0; i < mask.n_items; i++) {
        if (mask.items[i] > 0xFFFF)
            goto oom; /* a count past 16 bits cannot happen with 65535 characters */
        mask_item16[i] = (uint16_t)mask.items[i];
    }

    /* The language model as a trie of sorted arrays. */
    if (b->n_bi > 1)
        qsort(b->bi, b->n_bi, sizeof *b->bi, cmp_bigram);
    if (b->n_tri > 1)
        qsort(b->tri, b->n_tri, sizeof *b->tri, cmp_trigram);
    uni_child = malloc((b->n_vocab + 1) * sizeof *uni_child);
    bi_word = malloc((b->n_bi + 1) * sizeof *bi_word);
    bi_q = malloc((b->n_bi + 1) * sizeof *bi_q);
    bi_child = malloc((b->n_bi + 1) * sizeof *bi_child);
    tri_word = malloc((b->n_tri + 1) * sizeof *tri_word);
    tri_q = malloc(b->n_tri + 1);
    if (!uni_child || !bi_word || !bi_q || !bi_child || !tri_word || !tri_q)
        goto oom;
    if (!quantizer(&b->bi[0].prob, sizeof *b->bi, b->n_bi, quant[0]) ||
        !quantizer(&b->bi[0].backoff, sizeof *b->bi, b->n_bi, quant[1]) ||
        !quantizer(&b->tri[0].prob, sizeof *b->tri, b->n_tri, quant[2]))
        goto oom;
    {
        size_t k = 0;
        for (size_t w = 0; w <= b->n_vocab; w++) {
            uni_child[w] = (uint32_t)k;
            while (k < b->n_bi && b->bi[k].w1 == w)
                k++;
        }
        size_t t = 0;
        for (size_t i = 0; i < b->n_bi; i++) {
            if (i > 0 && b->bi[i].w1 == b->bi[i - 1].w1 && b->bi[i].w2 == b->bi[i - 1].w2) {
                st = ga_error_set(err, GA_ERR_FORMAT, "bigram given twice");
                goto fail;
            }
            bi_word[i] = b->bi[i].w2;
            bi_q[i] = (uint16_t)(quantize(quant[0], b->bi[i].prob) |
                                 quantize(quant[1], b->bi[i].backoff) << 8);
            bi_child[i] = (uint32_t)t;
            while (t < b->n_tri && b->tri[t].w1 == b->bi[i].w1 && b->tri[t].w2 == b->bi[i].w2) {
                tri_word[t] = b->tri[t].w3;
                tri_q[t] = quantize(quant[2], b->tri[t].prob);
                t++;
            }
            if (t < b->n_tri && cmp_trigram(&b->tri[t], &(trigram_t){b->bi[i].w1, b->bi[i].w2, 0, 0}) < 0) {
                st = ga_error_set(err, GA_ERR_FORMAT, "a trigram whose first two words are not a bigram");
                goto fail;
            }
        }
        if (t != b->n_tri) {
            st = ga_error_set(err, GA_ERR_FORMAT, "a trigram whose first two words are not a bigram");
            goto fail;
        }
        bi_child[b->n_bi] = (uint32_t)t;
        bi_word[b->n_bi] = 0;
        bi_q[b->n_bi] = 0;
    }

    /* The lexicon: the vocabulary's words (the model's own) and the extra words. */
    for (size_t w = 0; w < b->n_vocab; w++) {
        const char *s = vocab_word(b, (uint32_t)w);
        if (s[0] == '<' || !s[0])
            continue;
        ga_error_t *e = NULL;
        if (ga_dict_builder_add(b->words, s, strlen(s), 1, NULL, &e) != GA_OK)
            ga_error_free(e); /* a token the lexicon cannot hold (white space): LM only */
    }
    st = ga_dict_builder_finish(b->words, &lex, err);
    if (st != GA_OK)
        goto fail;
    word_lm = malloc((lex->n_words + 1) * sizeof *word_lm);
    word_flags = calloc(lex->n_words + 1, 1);
    if (!word_lm || !word_flags)
        goto oom;
    for (size_t i = 0; i < lex->n_words; i++)
        word_lm[i] = GA_SPELL_NO_LM;
    for (size_t w = 0; w < b->n_vocab; w++) {
        const char *s = vocab_word(b, (uint32_t)w);
        int32_t i = ga_dict_find(lex, s, strlen(s));
        if (i >= 0)
            word_lm[i] = (uint32_t)w;
    }
    for (size_t p = 0; p < b->protected_pool.len;) {
        const char *s = b->protected_pool.data + p;
        size_t sl = strlen(s);
        int32_t i = ga_dict_find(lex, s, sl);
        if (i >= 0)
            word_flags[i] |= GA_WORD_PROTECTED;
        p += sl + 1;
    }

    /* Write it out. */
    {
        size_t lex_len = sizeof(ga_dict_header_t) + lex->hdr->payload_size;
        size_t sizes[] = {
            align8(n_chars * 4),
            align8(65536 * 2),
            align8((n_chars + 1) * 4),
            align8(n_conf * 4),
            align8(b->n_vocab * sizeof(ga_spell_uni_t)),
            align8((b->n_vocab + 1) * 4),
            align8(b->n_bi * 4),
            align8(b->n_bi * 2),
            align8((b->n_bi + 1) * 4),
            align8(b->n_tri * 4),
            align8(b->n_tri),
            align8(sizeof quant),
            align8(lex->n_words * 4),
            align8(lex->n_words),
            align8((n_chars + 1) * 4),
            align8(n_syl * 2),
            align8((size_t)mask.n_slots * 8),
            align8(mask.n_items * 2),
            align8((size_t)py.n_slots * 8),
            align8(py.n_items * 4),
            align8(lex_len),
        };
        const void *src[] = {char_cp,  char_of,  conf_start, conf,     NULL,
                             uni_child, bi_word, bi_q,       bi_child, tri_word,
                             tri_q,    quant,    word_lm,    word_flags, syl_start,
                             syl,      mask.slot, mask_item16, py.slot,  py.items, lex->hdr};
        size_t raw[] = {n_chars * 4,         65536 * 2,      (n_chars + 1) * 4,
                        n_conf * 4,          0,              (b->n_vocab + 1) * 4,
                        b->n_bi * 4,         b->n_bi * 2,    (b->n_bi + 1) * 4,
                        b->n_tri * 4,        b->n_tri,       sizeof quant,
                        lex->n_words * 4,    lex->n_words,   (n_chars + 1) * 4,
                        n_syl * 2,           (size_t)mask.n_slots * 8,  mask.n_items * 2,
                        (size_t)py.n_slots * 8, py.n_items * 4, lex_len};
        size_t payload = 0;
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
            payload += sizes[i];
        unsigned char *img = calloc(1, sizeof(ga_spell_header_t) + payload);
        if (!img)
            goto oom;
        ga_spell_header_t *h = (ga_spell_header_t *)img;
        memcpy(h->magic, GA_SPELL_MAGIC, 8);
        h->version = GA_SPELL_VERSION;
        h->header_size = sizeof *h;
        h->payload_size = payload;
        h->endian = 0x01020304u;
        h->n_chars = (uint32_t)n_chars;
        h->n_conf = (uint32_t)n_conf;
        h->n_vocab = (uint32_t)b->n_vocab;
        h->n_bi = (uint32_t)b->n_bi;
        h->n_tri = (uint32_t)b->n_tri;
        h->n_words = lex->n_words;
        h->unk = unk;
        h->bos = bos;
        h->eos = eos;
        h->lexicon_size = lex_len;
        h->n_syl = (uint32_t)n_syl;
        h->n_mask_slots = mask.n_slots;
        h->n_mask_items = (uint32_t)mask.n_items;
        h->n_py_slots = py.n_slots;
        h->n_py_items = (uint32_t)py.n_items;
        unsigned char *p = img + sizeof *h;
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            if (i == 4) {
                memcpy(p, b->uni, b->n_vocab * sizeof(ga_spell_uni_t));
            } else if (raw[i]) {
                memcpy(p, src[i], raw[i]);
            }
            p += sizes[i];
        }
        h->checksum = ga_hash64(img + sizeof *h, payload, GA_SPELL_SEED);
        *image = img;
        *len = sizeof *h + payload;
    }
    goto done;
oom:
    st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
fail:
done:
    ga_dict_free(lex);
    index_free(&mask);
    index_free(&py);
    free(mask_item16);
    free(syl_start);
    free(syl);
    free(near);
    free(char_of);
    free(char_cp);
    free(conf_start);
    free(conf);
    free(uni_child);
    free(bi_word);
    free(bi_q);
    free(bi_child);
    free(tri_word);
    free(tri_q);
    free(word_lm);
    free(word_flags);
    return st;
}
