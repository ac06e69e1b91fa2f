/* Checking text: candidates from the confusion sets that make words (the masked-word and
 * reading indexes of the model), scored in context by the language model over the best
 * segmentation of a window around each change. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"

/* The checker's weights (log10 odds), chosen on the tuning part of ECSpell's odw set
 * (bench-spell): tests and the benchmark may change them through ga_spell_tune(), before
 * any check runs. */
ga_spell_tuning_t ga_spell_weights = {
    .report = 2.2f,       /* a correction must gain this much to be reported */
    .sure = 4.0f,         /* from here it is reported as sure (GA_SEVERITY_NORMAL) */
    .real_word = 1.0f,    /* more asked of a change inside a word of the written text
                             (树脂 for 述职) than of one mending a character left alone */
    .two_chars = 0.8f,    /* more asked of a change of two characters at once (a wrong
                             word picked from an input method's list: 淡味 for 单位) */
    .lexicon_only = 0.5f, /* taken off words of the lexicon the LM lacks (scored by
                             their frequency) */
    .same_syllable = -0.4f, /* priors of the kinds of likeness: the same sound is 0 */
    .same_phonetic = -0.9f,
    .near_sound = -1.2f,
    .near_shape = -1.3f,
    .alone = 1.0f,        /* more asked of a change the best reading leaves a
                             single-character word; below 0: never reported */
    .scored = 8,          /* candidates scored in context at one position */
};

void ga_spell_tune(const ga_spell_tuning_t *t)
{
    ga_spell_weights = *t;
    if (ga_spell_weights.scored < 1 || ga_spell_weights.scored > MAX_CAND)
        ga_spell_weights.scored = MAX_CAND;
}

const ga_spell_tuning_t *ga_spell_tuning(void)
{
    return &ga_spell_weights;
}

ga_spell_scratch_t *ga_spell_scratch_new(void)
{
    return calloc(1, sizeof(ga_spell_scratch_t));
}

void ga_spell_scratch_free(ga_spell_scratch_t *s)
{
    if (!s)
        return;
    free(s->cache);
    free(s->kind_of);
    free(s->cp);
    free(s->off);
    free(s->ci);
    free(s->guard);
    free(s->wstart);
    free(s->words);
    free(s->prop);
    free(s->find);
    ga_buf_free(&s->pool);
    free(s);
}

/* ---- candidates ---- */

/* The confusion kind of writing character `c` for `d`, 0 when they are not alike. */
static uint8_t conf_kind(const ga_spell_image_t *img, uint32_t c, uint32_t d)
{
    uint32_t lo = img->conf_start[c], hi = img->conf_start[c + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t x = img->conf[mid] >> 8;
        if (x < d)
            lo = mid + 1;
        else if (x > d)
            hi = mid;
        else
            return (uint8_t)(img->conf[mid] & 0xFF);
    }
    return 0;
}

/* Prior log10 odds that a writer put a character of this kind of likeness for the right
 * one: sound-alikes are the commonest slips of an input method, shapes the rarer. */
static float prior(uint8_t kind)
{
    if (kind & GA_CONF_SAME_SOUND)
        return 0.0f;
    if (kind & GA_CONF_SAME_SYLLABLE)
        return ga_spell_weights.same_syllable;
    if (kind & GA_CONF_SAME_PHONETIC)
        return ga_spell_weights.same_phonetic;
    if (kind & GA_CONF_NEAR_SOUND)
        return ga_spell_weights.near_sound;
    return ga_spell_weights.near_shape;
}

static bool sound_kind(uint8_t kind)
{
    return kind & (GA_CONF_SAME_SOUND | GA_CONF_SAME_SYLLABLE | GA_CONF_NEAR_SOUND);
}

/* Unigram log10 probability of the LM word cp[a..a+len) with `d` at position i (SIZE_MAX:
 * none), or a very low value when the language model does not know it. */
static float word_unigram(const ga_spell_image_t *img, const uint32_t *cp, size_t a, size_t len,
                          size_t i, uint32_t d)
{
    const ga_dict_t *lex = &img->lexicon;
    int32_t st = 0;
    for (size_t k = a; k < a + len && st >= 0; k++)
        st = ga_dict_step(lex, st, ga_dict_code(lex, k == i ? d : cp[k]));
    int32_t id = st >= 0 ? ga_dict_word_at(lex, st) : -1;
    if (id < 0 || img->word_lm[id] == GA_SPELL_NO_LM)
        return -99.0f;
    return img->uni[img->word_lm[id]].prob;
}

/* Changes worth scoring at position i of the run [lo, hi): one character that makes a word
 * of the language model with its neighbours, or two sound-alike characters that read as a
 * word the model knows. */
static unsigned candidates(const ga_spell_image_t *img, ga_spell_scratch_t *s, size_t lo,
                           size_t hi, size_t i, change_t *out)
{
    const int32_t *ci = s->ci;
    uint32_t c = (uint32_t)ci[i];
    unsigned n = 0;
    /* the confusion set of c as a table, so each word-making character is checked at once */
    uint8_t *kind_of = s->kind_of;
    for (uint32_t k = img->conf_start[c]; k < img->conf_start[c + 1]; k++)
        kind_of[img->conf[k] >> 8] = (uint8_t)(img->conf[k] & 0xFF);
    for (size_t a = i >= lo + GA_SPELL_MASK_MAX - 1 ? i - (GA_SPELL_MASK_MAX - 1) : lo; a <= i; a++)
        for (size_t len = i - a + 1 > 2 ? i - a + 1 : 2; len <= GA_SPELL_MASK_MAX && a + len <= hi;
             len++) {
            uint32_t key_ci[GA_SPELL_MASK_MAX];
            for (size_t k = 0; k < len; k++)
                key_ci[k] = (uint32_t)ci[a + k];
            uint32_t off = ga_spell_index_find(img->mask_slot, img->hdr->n_mask_slots,
                                               ga_spell_mask_key(key_ci, (unsigned)len,
                                                                 (unsigned)(i - a)));
            if (off == GA_SPELL_EMPTY)
                continue;
            for (uint32_t k = 1; k <= img->mask_item[off]; k++) {
                uint32_t d = img->mask_item[off + k];
                uint8_t kind = kind_of[d];
                if (!kind)
                    continue;
                unsigned q = 0;
                while (q < n && !(out[q].len == 1 && out[q].cp[0] == img->char_cp[d]))
                    q++;
                if (q < n || n >= MAX_CAND)
                    continue; /* the first word found is kept: the shortest, at the left */
                out[n++] = (change_t){i, 1, kind, {img->char_cp[d], 0}, prior(kind), 0,
                                      (uint8_t)(a + 8 - i), (uint8_t)len};
            }
        }
    if (i + 1 < hi) {
        uint32_t c2 = (uint32_t)ci[i + 1];
        for (uint32_t r0 = img->syl_start[c]; r0 < img->syl_start[c + 1]; r0++)
            for (uint32_t r1 = img->syl_start[c2]; r1 < img->syl_start[c2 + 1]; r1++) {
                uint16_t key[2] = {img->syl[r0], img->syl[r1]};
                uint32_t off = ga_spell_index_find(img->py_slot, img->hdr->n_py_slots,
                                                   ga_spell_py_key(key, 2));
                if (off == GA_SPELL_EMPTY)
                    continue;
                for (uint32_t k = 1; k <= img->py_item[off]; k++) {
                    uint32_t d0 = img->py_item[off + k] & 0xFFFF, d1 = img->py_item[off + k] >> 16;
                    if (d0 == c || d1 == c2)
                        continue; /* one character changed: the case above */
                    uint8_t k0 = kind_of[d0], k1 = conf_kind(img, c2, d1);
                    if (!sound_kind(k0) || !sound_kind(k1) || n >= MAX_CAND)
                        continue;
                    float pr = prior(k0) + prior(k1) - ga_spell_weights.two_chars;
                    out[n++] = (change_t){i, 2, k0, {img->char_cp[d0], img->char_cp[d1]}, pr, 0, 8, 2};
                }
            }
    }
    for (uint32_t k = img->conf_start[c]; k < img->conf_start[c + 1]; k++)
        kind_of[img->conf[k] >> 8] = 0;
    return n;
}

/* Score the candidates at position i of the run [lo, hi) against the text as it stands;
 * sorts them best first and returns how many there are. */
static unsigned propose(const ga_spell_model_t *m, ga_spell_scratch_t *s, size_t lo,
                        size_t hi, size_t i, change_t *cand)
{
    unsigned n = candidates(&m->img, s, lo, hi, i, cand);
    if (!n)
        return 0;
    if (n > ga_spell_weights.scored) {
        /* a first look at each: how likely the word it makes is, per character */
        for (unsigned q = 0; q < n; q++) {
            change_t *c = &cand[q];
            size_t wa = i + c->wa - 8;
            float u;
            if (c->len == 1) {
                u = word_unigram(&m->img, s->cp, wa, c->wl, i, c->cp[0]);
            } else {
                uint32_t word[2] = {c->cp[0], c->cp[1]};
                u = word_unigram(&m->img, word, 0, 2, SIZE_MAX, 0);
            }
            c->look = c->score + u / (float)c->wl;
        }
        /* the best first looks (selection: n is small) */
        for (unsigned q = 0; q < ga_spell_weights.scored; q++) {
            unsigned best = q;
            for (unsigned r = q + 1; r < n; r++)
                if (cand[r].look > cand[best].look)
                    best = r;
            change_t t = cand[q];
            cand[q] = cand[best];
            cand[best] = t;
        }
        n = ga_spell_weights.scored;
    }
    float orig[3] = {0};
    bool orig_in[3] = {false}, orig_done[3] = {false};
    lattice_t L[3], work;
    unsigned kept = 0;
    for (unsigned q = 0; q < n; q++) {
        change_t *ch = &cand[q];
        size_t fs = i, fe = i + ch->len;
        size_t a = fs >= lo + WINDOW ? fs - WINDOW : lo;
        size_t b = fe + WINDOW <= hi ? fe + WINDOW : hi;
        if (!orig_done[ch->len]) {
            orig[ch->len] = ga_spell_window_score(m, s, a, b, fs, fe, NULL, &L[ch->len], &orig_in[ch->len]);
            orig_done[ch->len] = true;
        }
        bool in_word;
        memcpy(work.n, L[ch->len].n, sizeof work.n);
        memcpy(work.s, L[ch->len].s, sizeof work.s[0] * (fs - a + 1));
        float sc = ga_spell_window_score(m, s, a, b, fs, fe, ch, &work, &in_word) - orig[ch->len];
        sc += ch->score;
        if (!in_word) {
            /* the best reading leaves the change a word of its own (本条例白发布 → 自):
             * only context speaks for it, so it must speak louder */
            if (ga_spell_weights.alone < 0)
                continue;
            sc -= ga_spell_weights.alone;
        }
        if (orig_in[ch->len])
            sc -= ga_spell_weights.real_word;
        ch->score = sc;
        cand[kept++] = *ch;
    }
    /* best first (insertion sort: a handful) */
    for (unsigned q = 1; q < kept; q++) {
        change_t x = cand[q];
        unsigned r = q;
        while (r > 0 && cand[r - 1].score < x.score) {
            cand[r] = cand[r - 1];
            r--;
        }
        cand[r] = x;
    }
    return kept;
}

static int cmp_change(const void *x, const void *y)
{
    const change_t *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int cmp_find(const void *x, const void *y)
{
    const finding_t *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

static ga_status_t add_finding(ga_spell_scratch_t *s, const change_t *cand, unsigned n,
                               ga_error_t **err)
{
    if (!ga_grow((void **)&s->find, &s->cap_find, s->n_find + 1, sizeof *s->find))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    finding_t *f = &s->find[s->n_find++];
    const change_t *best = &cand[0];
    f->start = s->off[best->pos];
    f->end = s->off[best->pos + best->len];
    f->score = best->score;
    f->kind = best->kind;
    f->n_cand = 0;
    for (unsigned c = 0; c < n && f->n_cand < 4; c++) {
        /* alternatives for the same span, close enough to the best to be worth showing */
        if (c > 0 && (cand[c].len != best->len || cand[c].score < ga_spell_weights.report - 1.0f))
            continue;
        char u[16];
        size_t ul = 0;
        for (unsigned k = 0; k < cand[c].len; k++)
            ul += ga_utf8_encode(cand[c].cp[k], u + ul);
        u[ul] = 0;
        f->cand_off[f->n_cand++] = (uint32_t)s->pool.len;
        if (!ga_buf_append(&s->pool, u, ul + 1))
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    return GA_OK;
}

/* Check one run of model characters cp[lo..hi). */
static ga_status_t check_run(const ga_spell_model_t *m, ga_spell_scratch_t *s, size_t lo,
                             size_t hi, ga_error_t **err)
{
    ga_status_t st = ga_spell_index_words(m, s, lo, hi, err);
    if (st != GA_OK)
        return st;
    change_t cand[MAX_CAND];
    s->n_prop = 0;
    for (size_t i = lo; i < hi; i++) {
        if (s->guard[i])
            continue;
        unsigned n = propose(m, s, lo, hi, i, cand);
        for (unsigned q = 0; q < n && q < 1; q++) {
            if (cand[q].score < ga_spell_weights.report || (cand[q].len == 2 && s->guard[i + 1]))
                continue;
            if (!ga_grow((void **)&s->prop, &s->cap_prop, s->n_prop + 1, sizeof *s->prop))
                return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            s->prop[s->n_prop++] = cand[q];
        }
    }
    if (!s->n_prop)
        return GA_OK;
    /* Accept the strongest first; a proposal near an accepted one is scored again with
     * that correction applied, so one slip is not mended twice. */
    qsort(s->prop, s->n_prop, sizeof *s->prop, cmp_change);
    size_t acc_pos[64], n_acc = 0;
    for (size_t k = 0; k < s->n_prop; k++) {
        change_t p = s->prop[k];
        bool near = false;
        for (size_t q = 0; q < n_acc && !near; q++)
            near = (p.pos > acc_pos[q] ? p.pos - acc_pos[q] : acc_pos[q] - p.pos) <= WINDOW + 1;
        unsigned n = 1;
        if (near) {
            n = propose(m, s, lo, hi, p.pos, cand);
            if (!n || cand[0].score < ga_spell_weights.report)
                continue;
        } else {
            n = propose(m, s, lo, hi, p.pos, cand); /* the alternatives, for the finding */
            if (!n)
                continue;
        }
        st = add_finding(s, cand, n, err);
        if (st != GA_OK)
            return st;
        /* apply it, for the checks that follow */
        for (unsigned c = 0; c < cand[0].len; c++) {
            s->cp[cand[0].pos + c] = cand[0].cp[c];
            s->ci[cand[0].pos + c] = ga_spell_char(&m->img, cand[0].cp[c]);
        }
        st = ga_spell_index_words(m, s, lo, hi, err);
        if (st != GA_OK)
            return st;
        if (n_acc < sizeof acc_pos / sizeof acc_pos[0])
            acc_pos[n_acc++] = p.pos;
    }
    return GA_OK;
}

static bool reserve(ga_spell_scratch_t *s, size_t n)
{
    if (n <= s->cap)
        return true;
    uint32_t *cp = realloc(s->cp, n * sizeof *cp);
    if (cp)
        s->cp = cp;
    size_t *off = realloc(s->off, (n + 1) * sizeof *off);
    if (off)
        s->off = off;
    int32_t *ci = realloc(s->ci, n * sizeof *ci);
    if (ci)
        s->ci = ci;
    uint8_t *g = realloc(s->guard, n);
    if (g)
        s->guard = g;
    uint32_t *ws = realloc(s->wstart, (n + 1) * sizeof *ws);
    if (ws)
        s->wstart = ws;
    if (!cp || !off || !ci || !g || !ws)
        return false;
    s->cap = n;
    return true;
}

ga_status_t ga_spell_check(const ga_spell_model_t *m, ga_spell_scratch_t *s, const char *text,
                           size_t len, const ga_match_scratch_t *known, ga_error_t **err)
{
    if (!m || !s || (!text && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_spell_check: NULL argument");
    s->n_find = 0;
    s->pool.len = 0;
    s->text = text;
    if (len >= ((size_t)1 << 31))
        return ga_error_set(err, GA_ERR_LIMIT, "text of 2 GiB or more");
    if (!reserve(s, RUN_MAX + 1))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if (!s->cache && !(s->cache = malloc(LM_CACHE * sizeof *s->cache)))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if (s->cache_model != m) {
        /* scores are the model's: start afresh with another one */
        for (size_t i = 0; i < LM_CACHE; i++)
            s->cache[i].w = GA_SPELL_NO_LM;
        s->cache_model = m;
    }
    if (s->cap_kind < m->img.hdr->n_chars) {
        uint8_t *k = calloc(m->img.hdr->n_chars, 1);
        if (!k)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        free(s->kind_of);
        s->kind_of = k;
        s->cap_kind = m->img.hdr->n_chars;
    }
    size_t bad;
    if (ga_utf8_validate(text, len, &bad) != GA_OK)
        return ga_error_set_offset(err, GA_ERR_INVALID_UTF8, bad, "invalid UTF-8 at byte %zu",
                                   bad);
    /* Runs of characters the model knows, decoded one at a time (memory stays bounded
     * whatever the text's size); words and windows never cross their ends, so sentence
     * ends (。！？；, line breaks) and every other mark divide the text. A run longer than
     * RUN_MAX characters is checked in pieces. */
    size_t pos = 0, next_known = 0;
    while (pos < len) {
        size_t n = 0, run_end = pos;
        while (pos < len && n < RUN_MAX) {
            size_t at = pos;
            int32_t c = ga_utf8_decode((const unsigned char *)text, len, &pos);
            int32_t ci = c < 0 ? -1 : ga_spell_char(&m->img, (uint32_t)c);
            if (ci < 0) {
                if (n)
                    break;
                continue;
            }
            s->off[n] = at;
            s->cp[n] = (uint32_t)c;
            s->ci[n] = ci;
            s->guard[n] = 0;
            n++;
            run_end = pos;
        }
        if (!n)
            break;
        s->off[n] = run_end;
        ga_spell_guard_known(s, n, known, &next_known);
        ga_spell_guard_words(m, s, 0, n);
        ga_spell_guard_names(m, s, 0, n);
        if (run_end < len) {
            size_t at = run_end;
            int32_t next = ga_utf8_decode((const unsigned char *)text, len, &at);
            ga_spell_guard_before(s, n, next < 0 ? 0 : (uint32_t)next);
        }
        ga_status_t st = check_run(m, s, 0, n, err);
        if (st != GA_OK) {
            s->n_find = 0;
            return st;
        }
    }
    if (s->n_find > 1)
        qsort(s->find, s->n_find, sizeof *s->find, cmp_find);
    return GA_OK;
}

/* ---- findings ---- */

size_t ga_spell_count(const ga_spell_scratch_t *s)
{
    return s ? s->n_find : 0;
}

static double confidence(float score)
{
    /* 0.5 where a finding is first reported, 0.9 at ga_spell_weights.sure */
    double x = (score - ga_spell_weights.report) / (ga_spell_weights.sure - ga_spell_weights.report) * log(5.0);
    return 1.0 - 0.5 * exp(-x);
}

ga_status_t ga_spell_get(const ga_spell_scratch_t *s, size_t i, ga_finding_t *out)
{
    if (!s || !out || i >= s->n_find || out->size < sizeof *out)
        return ga_error_set(NULL, GA_ERR_INVALID_ARGUMENT, "ga_spell_get: bad argument");
    const finding_t *f = &s->find[i];
    out->rule = sound_kind(f->kind) ? "spell:sound" : "spell:shape";
    out->category = GA_SPELL_CATEGORY;
    out->severity = f->score >= ga_spell_weights.sure ? GA_SEVERITY_NORMAL : GA_SEVERITY_HINT;
    out->start = f->start;
    out->end = f->end;
    out->text = s->text + f->start;
    out->suggestion = s->pool.data + f->cand_off[0];
    return GA_OK;
}

double ga_spell_confidence(const ga_spell_scratch_t *s, size_t i)
{
    return s && i < s->n_find ? confidence(s->find[i].score) : 0.0;
}

size_t ga_spell_candidate_count(const ga_spell_scratch_t *s, size_t i)
{
    return s && i < s->n_find ? s->find[i].n_cand : 0;
}

const char *ga_spell_candidate(const ga_spell_scratch_t *s, size_t i, size_t k)
{
    if (!s || i >= s->n_find || k >= s->find[i].n_cand)
        return NULL;
    return s->pool.data + s->find[i].cand_off[k];
}
