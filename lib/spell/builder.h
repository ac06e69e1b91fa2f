/* The model builder's state, shared by build.c (language model, lexicon, the image) and
 * chars.c (the characters' readings and shapes, and which of them are alike). */
#ifndef GA_SPELL_BUILDER_H
#define GA_SPELL_BUILDER_H

#include "spell-internal.h"

#define MAX_READINGS 8

typedef struct bigram {
    uint32_t w1, w2;
    float prob, backoff;
} bigram_t;

typedef struct trigram {
    uint32_t w1, w2, w3;
    float prob;
} trigram_t;

/* What Unihan says of one BMP character. */
typedef struct charinfo {
    uint16_t syl[MAX_READINGS]; /* syllable id * 8 + tone (1..5) */
    uint8_t n_syl;
    uint8_t n_old;              /* readings only kHanyuPinyin gives, at the end of syl[] */
    char cangjie[6];
    uint16_t four_corner; /* the four digits + 1, 0: none */
    uint16_t phonetic[4]; /* Casey phonetic groups + 1 */
} charinfo_t;

struct ga_spell_builder {
    ga_buf_t vocab_pool;
    uint32_t *vocab_off;
    size_t n_vocab, cap_vocab;
    ga_spell_uni_t *uni;
    uint8_t *uni_set;
    size_t cap_uni;
    bigram_t *bi;
    size_t n_bi, cap_bi;
    trigram_t *tri;
    size_t n_tri, cap_tri;
    charinfo_t *info;           /* [65536] */
    char (*syllables)[8];       /* syllable names, ids are indexes */
    size_t n_syllables, cap_syllables;
    ga_dict_builder_t *words;   /* the lexicon: vocabulary and extra words */
    ga_buf_t protected_pool;    /* NUL-separated protected words */
};

/* Readings a character is typed by: the modern ones, or the historic when it has none. */
unsigned ga_spell_readings(const charinfo_t *x);
/* Whether two syllables (toneless, ü written v) differ in a commonly confused sound. */
bool ga_spell_near_syllables(const char *x, const char *y);
/* The GA_CONF_* kinds of likeness of two characters; `near` is the table of
 * ga_spell_near_syllables() over the builder's `n_syl` syllables. */
uint8_t ga_spell_confusion_kind(const uint8_t *near, size_t n_syl, const charinfo_t *x,
                                const charinfo_t *y);

#endif
