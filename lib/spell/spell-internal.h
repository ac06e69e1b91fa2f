/* Internal API of the spell module: the compiled model's layout, shared by the builder,
 * the loader and the checker. */
#ifndef GA_SPELL_INTERNAL_H
#define GA_SPELL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <govaudit/spell.h>

#include "core/core-internal.h"
#include "seg/seg-internal.h"

/*
 * Binary layout (little-endian, every section 8-byte aligned):
 *   header   ga_spell_header_t
 *   payload  char_cp[n_chars] u32        code point of each character index
 *            char_of[65536] u16          BMP code point -> character index + 1 (0: none)
 *            conf_start[n_chars + 1] u32 confusion set of character c:
 *            conf[n_conf] u32              conf[conf_start[c] .. conf_start[c + 1]),
 *                                          each (other character index << 8 | GA_CONF_* bits)
 *            uni[n_vocab] ga_spell_uni_t  unigram log10 prob and back-off of each LM word
 *            uni_child[n_vocab + 1] u32  bigrams of word w: [uni_child[w], uni_child[w + 1])
 *            bi_word[n_bi] u32           second word, ascending within a context
 *            bi_q[n_bi] u16              quantised prob (low byte) and back-off (high byte)
 *            bi_child[n_bi + 1] u32      trigrams extending bigram b
 *            tri_word[n_tri] u32
 *            tri_q[n_tri] u8
 *            quant[3][256] f32           bigram prob, bigram back-off, trigram prob tables
 *            word_lm[n_words] u32        lexicon word -> LM word id (GA_SPELL_NO_LM: none)
 *            word_flags[n_words] u8      GA_WORD_* bits
 *            syl_start[n_chars + 1] u32  readings of character c (syllables without tone):
 *            syl[n_syl] u16                syl[syl_start[c] .. syl_start[c + 1])
 *            mask_slot[n_mask_slots] u64 masked-word index (below)
 *            mask_item[n_mask_items] u16
 *            py_slot[n_py_slots] u64     reading index (below)
 *            py_item[n_py_items] u32     (second character index << 16 | first)
 *            lexicon                     a seg dictionary image (ga_dict): the words
 *
 * The masked-word index answers "which characters at position p of these 2..4 characters
 * make a word of the language model": its key hashes the word's length, p and its other
 * characters. The reading index answers "which two-character words of the language model
 * read these two syllables": its key hashes the syllables. Both are open-addressing tables of
 * (key >> 32) << 32 | offset slots (offset GA_SPELL_EMPTY: free) whose offset points at a
 * count followed by that many items (character indexes; character index pairs).
 * The checksum is ga_hash64(payload, payload_size, GA_SPELL_SEED).
 */
#define GA_SPELL_MAGIC "GASPELL\n"
#define GA_SPELL_VERSION 1u
#define GA_SPELL_SEED 0x67617370656c6c31ull /* "gaspell1" */
#define GA_SPELL_NO_LM 0xFFFFFFFFu
#define GA_SPELL_EMPTY 0xFFFFFFFFu
#define GA_SPELL_MASK_SEED 0x6d61736b6b657931ull /* "maskkey1" */
#define GA_SPELL_PY_SEED 0x70696e79696e6b31ull   /* "pinyink1" */
/* Longest word the masked-word index holds, in characters. */
#define GA_SPELL_MASK_MAX 4

/* Kinds of confusion between two characters (bits of a conf entry's low byte). */
enum {
    GA_CONF_SAME_SOUND = 1,   /* the same syllable and tone */
    GA_CONF_SAME_SYLLABLE = 2, /* the same syllable in another tone */
    GA_CONF_NEAR_SOUND = 4,   /* a syllable that differs in a commonly confused sound */
    GA_CONF_SAME_PHONETIC = 8, /* the same phonetic component */
    GA_CONF_NEAR_SHAPE = 16   /* shape codes that nearly agree */
};

/* Flags of lexicon words. */
enum {
    GA_WORD_PROTECTED = 1, /* a name or term never corrected */
    GA_WORD_USER = 2       /* added by the caller */
};

typedef struct ga_spell_header {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t payload_size;
    uint64_t checksum;
    uint32_t endian; /* 0x01020304 as written */
    uint32_t n_chars;
    uint32_t n_conf;
    uint32_t n_vocab;
    uint32_t n_bi;
    uint32_t n_tri;
    uint32_t n_words;
    uint32_t unk; /* LM id of <unk> */
    uint32_t bos; /* LM id of <s> */
    uint32_t eos; /* LM id of </s> */
    uint32_t n_syl;
    uint32_t n_mask_slots; /* a power of two */
    uint32_t n_mask_items;
    uint32_t n_py_slots; /* a power of two */
    uint32_t n_py_items;
    uint32_t pad;
    uint64_t lexicon_size;
    uint64_t reserved[2];
} ga_spell_header_t;

typedef struct ga_spell_uni {
    float prob;
    float backoff;
} ga_spell_uni_t;

/* The sections of a model image, wired up by ga_spell_attach(). */
typedef struct ga_spell_image {
    const ga_spell_header_t *hdr;
    const uint32_t *char_cp;
    const uint16_t *char_of;
    const uint32_t *conf_start;
    const uint32_t *conf;
    const ga_spell_uni_t *uni;
    const uint32_t *uni_child;
    const uint32_t *bi_word;
    const uint16_t *bi_q;
    const uint32_t *bi_child;
    const uint32_t *tri_word;
    const uint8_t *tri_q;
    const float *quant; /* [3][256] */
    const uint32_t *word_lm;
    const uint8_t *word_flags;
    const uint32_t *syl_start;
    const uint16_t *syl;
    const uint64_t *mask_slot;
    const uint16_t *mask_item;
    const uint64_t *py_slot;
    const uint32_t *py_item;
    ga_dict_t lexicon;
} ga_spell_image_t;

struct ga_spell_model {
    ga_spell_image_t img;
    /* user words over the image: a dictionary of their own, consulted first */
    ga_dict_t *user;
    const ga_spell_model_t *base; /* the model a user layer was made over (not owned) */
    /* storage */
    void *map;
    size_t map_len;
    void *heap;
};

/* Validate an image of `len` bytes (which must stay valid) and wire up its sections. */
ga_status_t ga_spell_attach(ga_spell_image_t *img, const void *data, size_t len,
                            const char *name, ga_error_t **err);

/* Character index of code point `cp`, or -1 when the model does not know it. */
static inline int32_t ga_spell_char(const ga_spell_image_t *img, uint32_t cp)
{
    if (cp >= 0x10000)
        return -1;
    uint16_t c = img->char_of[cp];
    return c ? (int32_t)c - 1 : -1;
}

/* Key of a masked word: `n` character indexes with the one at `p` left out. */
static inline uint64_t ga_spell_mask_key(const uint32_t *ci, unsigned n, unsigned p)
{
    uint16_t k[GA_SPELL_MASK_MAX + 2];
    k[0] = (uint16_t)n;
    k[1] = (uint16_t)p;
    for (unsigned i = 0; i < n; i++)
        k[2 + i] = i == p ? 0xFFFF : (uint16_t)ci[i];
    return ga_hash64(k, (2 + n) * sizeof k[0], GA_SPELL_MASK_SEED);
}

/* Key of a sequence of `n` syllables. */
static inline uint64_t ga_spell_py_key(const uint16_t *syl, unsigned n)
{
    return ga_hash64(syl, n * sizeof syl[0], GA_SPELL_PY_SEED);
}

/* Offset of the count of the items stored under `key` in an index table, or
 * GA_SPELL_EMPTY. */
static inline uint32_t ga_spell_index_find(const uint64_t *slot, uint32_t n_slots, uint64_t key)
{
    if (!n_slots)
        return GA_SPELL_EMPTY;
    uint32_t mask = n_slots - 1, h = (uint32_t)key & mask;
    for (uint32_t probe = 0; probe < n_slots; probe++, h = (h + 1) & mask) {
        uint32_t off = (uint32_t)slot[h];
        if (off == GA_SPELL_EMPTY)
            return GA_SPELL_EMPTY;
        if ((slot[h] >> 32) == (key >> 32))
            return off;
    }
    return GA_SPELL_EMPTY;
}

/* log10 P(w | context): `ctx` holds up to two earlier LM ids, oldest first (n = 0..2). */
float ga_spell_lm_score(const ga_spell_image_t *img, const uint32_t *ctx, unsigned n,
                        uint32_t w);

/* The checker's weights (check.c says what each is). */
typedef struct ga_spell_tuning {
    float report, sure, real_word, two_chars, lexicon_only;
    float same_syllable, same_phonetic, near_sound, near_shape;
    float alone;
    unsigned scored;
} ga_spell_tuning_t;

/* Replace the weights, for tests and the benchmark's tuning only: not while a check runs. */
void ga_spell_tune(const ga_spell_tuning_t *t);
const ga_spell_tuning_t *ga_spell_tuning(void);

/*
 * The model builder (build time and tests): the language model's n-grams, the characters'
 * readings and shape codes, and the lexicon go in; an image comes out.
 */
typedef struct ga_spell_builder ga_spell_builder_t;

ga_status_t ga_spell_builder_new(ga_spell_builder_t **out, ga_error_t **err);
void ga_spell_builder_free(ga_spell_builder_t *b);
/* LM vocabulary, in LM id order: ids are assigned 0, 1, ... by the order of the calls. */
ga_status_t ga_spell_builder_add_vocab(ga_spell_builder_t *b, const char *word,
                                       ga_error_t **err);
/* One n-gram (n = 1..3, LM ids oldest first, log10 values; back-off 0 for trigrams).
 * N-grams of one order may come in any order; every bigram's and trigram's prefix must
 * have been added as a lower-order n-gram by the time the image is built. */
ga_status_t ga_spell_builder_add_ngram(ga_spell_builder_t *b, const uint32_t *ids, unsigned n,
                                       float prob, float backoff, ga_error_t **err);
/* Unihan-style data, one line each ("U+4E00<TAB>kMandarin<TAB>yī"): the fields read are
 * kMandarin, kHanyuPinyin, kXHC1983, kTGHZ2013 (readings), kCangjie, kFourCornerCode and
 * kPhonetic (shape). Other lines are ignored. */
ga_status_t ga_spell_builder_add_unihan(ga_spell_builder_t *b, const char *text, size_t len,
                                        const char *name, ga_error_t **err);
/* Words of the lexicon besides the LM vocabulary (`word freq [tag]` lines, as seg
 * dictionaries): names and places (tags nr*, ns*, nt*) and every word of a file added
 * with `protect` become protected words. */
ga_status_t ga_spell_builder_add_words(ga_spell_builder_t *b, const char *text, size_t len,
                                       const char *name, bool protect, ga_error_t **err);
/* Build the image (malloc'd; the caller frees it). */
ga_status_t ga_spell_builder_finish(ga_spell_builder_t *b, void **image, size_t *len,
                                    ga_error_t **err);

#endif
