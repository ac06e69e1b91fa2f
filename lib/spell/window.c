/* The lexicon walk (the model's words and the caller's) and the scoring of a window: the
 * best segmentation of a few characters around a change under the word trigram model. */
#include <math.h>
#include <string.h>

#include "checker.h"

/* ---- the lexicon: the model's words and the caller's ---- */


void ga_spell_walk_start(walk_t *w, const ga_spell_model_t *m)
{
    w->n = 0;
    w->d[w->n] = &m->img.lexicon;
    w->st[w->n++] = 0;
    for (const ga_spell_model_t *x = m; x && w->n < 4; x = x->base)
        if (x->user) {
            w->d[w->n] = x->user;
            w->st[w->n++] = 0;
        }
}

/* Step by code point `cp`; false when no dictionary can go on. */
bool ga_spell_walk_step(walk_t *w, uint32_t cp)
{
    bool any = false;
    for (unsigned k = 0; k < w->n; k++) {
        if (w->st[k] < 0)
            continue;
        w->st[k] = ga_dict_step(w->d[k], w->st[k], ga_dict_code(w->d[k], cp));
        any |= w->st[k] >= 0;
    }
    return any;
}

/* The word that ends where the walk stands, if any. */
bool ga_spell_walk_word(const walk_t *w, const ga_spell_image_t *img, uint8_t len, tword_t *out)
{
    bool found = false;
    *out = (tword_t){len, 0, GA_SPELL_NO_LM, -99.0f};
    for (unsigned k = 0; k < w->n; k++) {
        if (w->st[k] < 0)
            continue;
        int32_t id = ga_dict_word_at(w->d[k], w->st[k]);
        if (id < 0)
            continue;
        if (k == 0) {
            out->flags |= img->word_flags[id];
            out->lm = img->word_lm[id];
            if (out->lm == GA_SPELL_NO_LM) {
                const ga_dict_t *d = w->d[0];
                double total = (double)d->hdr->total_freq;
                out->logp = d->freq[id] && total > 0
                                ? (float)(log10((double)d->freq[id] / total)) - ga_spell_weights.lexicon_only
                                : -99.0f;
            }
        } else {
            out->flags |= GA_WORD_USER | GA_WORD_PROTECTED;
            if (out->lm == GA_SPELL_NO_LM && out->logp < USER_WORD_LOGP)
                out->logp = USER_WORD_LOGP;
        }
        found = true;
    }
    return found && (out->lm != GA_SPELL_NO_LM || out->logp > -90.0f);
}

/* Words of cp[k..hi) starting at k, at most MAX_WORD characters, into `out` (which holds
 * MAX_WORD); returns how many. */
unsigned ga_spell_words_from(const ga_spell_model_t *m, const uint32_t *cp, size_t k, size_t hi,
                           tword_t *out)
{
    walk_t w;
    ga_spell_walk_start(&w, m);
    unsigned n = 0;
    for (size_t j = k; j < hi && j - k < MAX_WORD; j++) {
        if (!ga_spell_walk_step(&w, cp[j]))
            break;
        if (ga_spell_walk_word(&w, &m->img, (uint8_t)(j - k + 1), &out[n]))
            n++;
    }
    return n;
}

/* ---- scoring a window ---- */



static void push_state(lattice_t *L, size_t j, state_t st)
{
    state_t *v = L->s[j];
    unsigned n = L->n[j];
    for (unsigned k = 0; k < n; k++)
        if (v[k].last == st.last) {
            if (st.score > v[k].score)
                v[k] = st;
            return;
        }
    if (n < BEAM) {
        v[n] = st;
        L->n[j] = n + 1;
        return;
    }
    unsigned worst = 0;
    for (unsigned k = 1; k < n; k++)
        if (v[k].score < v[worst].score)
            worst = k;
    if (st.score > v[worst].score)
        v[worst] = st;
}

static float lm_score(const ga_spell_image_t *img, lm_entry_t *cache, uint32_t prev,
                      uint32_t last, uint32_t w)
{
    uint32_t h = (uint32_t)(((uint64_t)prev * 0x9E3779B97F4A7C15ull ^
                             (uint64_t)last * 0xC2B2AE3D27D4EB4Full ^ (uint64_t)w * 0x165667B19E3779F9ull) >> 40) &
                 (LM_CACHE - 1);
    lm_entry_t *e = &cache[h];
    if (e->w == w && e->last == last && e->prev == prev)
        return e->score;
    uint32_t ctx[2];
    unsigned c = 0;
    if (prev != GA_SPELL_NO_LM && last != GA_SPELL_NO_LM)
        ctx[c++] = prev;
    if (last != GA_SPELL_NO_LM)
        ctx[c++] = last;
    float sc = ga_spell_lm_score(img, ctx, c, w);
    *e = (lm_entry_t){prev, last, w, sc};
    return sc;
}

static void extend(const ga_spell_image_t *img, lm_entry_t *cache, lattice_t *L, size_t k,
                   const tword_t *w, bool covers)
{
    for (unsigned q = 0; q < L->n[k]; q++) {
        const state_t *from = &L->s[k][q];
        float lp;
        uint32_t last;
        if (w->lm == GA_SPELL_NO_LM) {
            lp = w->logp;
            last = GA_SPELL_NO_LM;
        } else {
            lp = lm_score(img, cache, from->prev, from->last, w->lm);
            last = w->lm;
        }
        push_state(L, k + w->len, (state_t){last, from->last, from->score + lp,
                                            from->in_word || (covers && w->len > 1)});
    }
}

/* log10 probability of the best segmentation of the text's window [a, b) with the change
 * `ch` applied (NULL: as written), and whether that segmentation puts a word of two or
 * more characters over the change's span [fs, fe). With `ch`, `L` holds on entry the
 * lattice of the text as written (whose states up to fs do not depend on the change);
 * without, it receives that lattice. */
float ga_spell_window_score(const ga_spell_model_t *m, ga_spell_scratch_t *s, size_t a,
                          size_t b, size_t fs, size_t fe, const change_t *ch, lattice_t *L,
                          bool *in_word)
{
    const ga_spell_image_t *img = &m->img;
    uint32_t text[SPAN_MAX];
    size_t first = a;
    if (ch) {
        for (size_t i = a; i < b; i++)
            text[i - a] = s->cp[i];
        for (unsigned k = 0; k < ch->len; k++)
            text[ch->pos + k - a] = ch->cp[k];
        for (size_t p = fs - a + 1; p <= b - a; p++)
            L->n[p] = 0;
        first = fs >= a + MAX_WORD ? fs - MAX_WORD : a;
    } else {
        memset(L->n, 0, sizeof L->n);
        L->s[0][0] = (state_t){GA_SPELL_NO_LM, GA_SPELL_NO_LM, 0, false};
        L->n[0] = 1;
    }
    for (size_t k = first; k < b; k++) {
        if (!L->n[k - a])
            continue;
        bool single = false;
        if (ch && k < fe) {
            /* words over the change: walk the changed text; before it, only the words
             * that reach it are new */
            tword_t ws[MAX_WORD];
            unsigned n = ga_spell_words_from(m, text, k - a, b - a, ws);
            for (unsigned q = 0; q < n; q++) {
                bool covers = k + ws[q].len > fs;
                single |= ws[q].len == 1;
                if (k < fs && !covers)
                    continue;
                extend(img, s->cache, L, k - a, &ws[q], covers);
            }
            if (k < fs)
                continue;
        } else {
            for (uint32_t q = s->wstart[k]; q < s->wstart[k + 1]; q++) {
                const tword_t *w = &s->words[q];
                if (k + w->len > b)
                    break;
                bool covers = k + w->len > fs && k < fe;
                single |= w->len == 1;
                extend(img, s->cache, L, k - a, w, covers);
            }
        }
        if (!single) {
            /* a character the lexicon does not hold alone: the model's unknown word */
            tword_t u = {1, 0, img->hdr->unk, 0};
            extend(img, s->cache, L, k - a, &u, false);
        }
    }
    const state_t *best = NULL;
    for (unsigned q = 0; q < L->n[b - a]; q++)
        if (!best || L->s[b - a][q].score > best->score)
            best = &L->s[b - a][q];
    *in_word = best && best->in_word;
    return best ? best->score : -1000.0f;
}

/* Index the words starting at each position of the run [lo, hi) (the text as it stands). */
ga_status_t ga_spell_index_words(const ga_spell_model_t *m, ga_spell_scratch_t *s, size_t lo,
                               size_t hi, ga_error_t **err)
{
    s->n_words = 0;
    for (size_t k = lo; k < hi; k++) {
        s->wstart[k] = (uint32_t)s->n_words;
        if (!ga_grow((void **)&s->words, &s->cap_words, s->n_words + MAX_WORD, sizeof *s->words))
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        s->n_words += ga_spell_words_from(m, s->cp, k, hi, s->words + s->n_words);
    }
    s->wstart[hi] = (uint32_t)s->n_words;
    return GA_OK;
}
