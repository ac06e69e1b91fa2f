/* The checker's own pieces, shared by check.c (candidates, proposals, findings),
 * window.c (the lexicon walk and the scoring of a window) and guard.c (what is never
 * corrected). */
#ifndef GA_SPELL_CHECKER_H
#define GA_SPELL_CHECKER_H

#include "spell-internal.h"

/* Characters a window reaches on each side of a change, and the longest word the
 * segmentation of a window considers. */
#define WINDOW 4
#define MAX_WORD 8
#define SPAN_MAX (2 * WINDOW + 2)
/* Best states kept per position of a window (distinct last words). */
#define BEAM 4
/* Longest run of characters checked at once; a longer one is checked in pieces. */
#define RUN_MAX 4096
/* Most candidate changes gathered at one position. */
#define MAX_CAND 48
/* Score of a word the caller added, which the language model does not know. */
#define USER_WORD_LOGP -4.0f

/* The weights in force (check.c). */
extern ga_spell_tuning_t ga_spell_weights;

/* A word of the text: its length in characters and what the LM knows of it. */
typedef struct tword {
    uint8_t len;
    uint8_t flags;
    uint32_t lm;  /* LM id, GA_SPELL_NO_LM for a word the model lacks */
    float logp;   /* context-free log10 probability of a word the model lacks */
} tword_t;

/* One change: `len` characters at `pos` replaced. */
typedef struct change {
    size_t pos;
    uint8_t len;
    uint8_t kind; /* GA_CONF_* of the (first) changed character */
    uint32_t cp[2];
    float score;
    float look; /* first look, to choose the changes scored in context */
    uint8_t wa, wl; /* the word that made it a candidate: start - pos + 8, length */
} change_t;

typedef struct finding {
    size_t start, end;
    float score;
    uint8_t kind;
    uint32_t cand_off[4]; /* offsets into the string pool */
    unsigned n_cand;
} finding_t;

/* Language-model scores already looked up: windows around neighbouring characters and
 * their candidates ask for the same words in the same contexts again and again. */
#define LM_CACHE 32768
typedef struct lm_entry {
    uint32_t prev, last, w;
    float score;
} lm_entry_t;

struct ga_spell_scratch {
    lm_entry_t *cache; /* LM_CACHE entries; w == GA_SPELL_NO_LM: empty */
    const ga_spell_model_t *cache_model;
    uint8_t *kind_of;  /* confusion kind of each character for the one being checked */
    size_t cap_kind;
    uint32_t *cp;      /* the text's code points (corrections applied as accepted) */
    size_t *off;       /* byte offset of each, and of the end */
    int32_t *ci;       /* model character index, -1 for others */
    uint8_t *guard;    /* 1: inside a protected word */
    uint32_t *wstart;  /* words of the text starting at each position: */
    size_t cap;
    tword_t *words;    /*   words[wstart[i] .. wstart[i + 1]) */
    size_t n_words, cap_words;
    change_t *prop;
    size_t n_prop, cap_prop;
    finding_t *find;
    size_t n_find, cap_find;
    ga_buf_t pool;
    const char *text;
};

/* A walk through the model's lexicon and every user layer at once. */
typedef struct walk {
    int32_t st[4];
    const ga_dict_t *d[4];
    unsigned n;
} walk_t;

typedef struct state {
    uint32_t last, prev; /* LM ids of the last two words (GA_SPELL_NO_LM: none) */
    float score;
    bool in_word; /* a word of two or more characters overlaps the change */
} state_t;

typedef struct lattice {
    state_t s[SPAN_MAX + 1][BEAM];
    unsigned n[SPAN_MAX + 1];
} lattice_t;

/* The lexicon walk (window.c). */
void ga_spell_walk_start(walk_t *w, const ga_spell_model_t *m);
bool ga_spell_walk_step(walk_t *w, uint32_t cp);
bool ga_spell_walk_word(const walk_t *w, const ga_spell_image_t *img, uint8_t len, tword_t *out);
unsigned ga_spell_words_from(const ga_spell_model_t *m, const uint32_t *cp, size_t k, size_t hi,
                             tword_t *out);
ga_status_t ga_spell_index_words(const ga_spell_model_t *m, ga_spell_scratch_t *s, size_t lo,
                                 size_t hi, ga_error_t **err);
float ga_spell_window_score(const ga_spell_model_t *m, ga_spell_scratch_t *s, size_t a,
                            size_t b, size_t fs, size_t fe, const change_t *ch, lattice_t *L,
                            bool *in_word);

/* What is never corrected (guard.c): protected words, names by their context, and the
 * matcher's findings (*next: the first of them that may still reach this run). */
void ga_spell_guard_words(const ga_spell_model_t *m, ga_spell_scratch_t *s, size_t lo, size_t hi);
void ga_spell_guard_names(const ga_spell_model_t *m, ga_spell_scratch_t *s, size_t lo, size_t hi);
void ga_spell_guard_known(ga_spell_scratch_t *s, size_t n, const ga_match_scratch_t *known,
                          size_t *next);
/* The end of the run cp[0..n) when the character after it is `next`: the issuing office's
 * short name before a document number's bracket. */
void ga_spell_guard_before(ga_spell_scratch_t *s, size_t n, uint32_t next);

#endif
