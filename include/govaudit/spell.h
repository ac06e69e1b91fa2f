/**
 * @file spell.h
 * @brief Statistical 错别字 detection and correction: the wrong characters nobody listed.
 *
 * A ::ga_spell_model_t is an immutable compiled model (docs/spell.md): a lexicon, a word
 * trigram language model with back-off, and for every character the characters that sound
 * alike (the same or a near pinyin) or look alike (the same phonetic component, nearly the
 * same shape codes). The model shipped with the library is built at build time from
 * installed open data; ga_spell_model_load_default() maps it in.
 *
 * Checking proposes, for each Chinese character, the sound- and shape-alike characters that
 * make a word with their neighbours, scores the text with each in context, and reports a
 * finding where the corrected text is clearly more probable than the written one. Names of
 * people, places and bodies in the lexicon and every word a caller adds
 * (ga_spell_model_add_words()) are never corrected.
 *
 * Any number of threads may check with one model at once, each with its own
 * ::ga_spell_scratch_t, which also holds the findings of the last check.
 */
#ifndef GOVAUDIT_SPELL_H
#define GOVAUDIT_SPELL_H

#include <govaudit/core.h>
#include <govaudit/match.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Compiled, immutable spelling model; safe to share across threads. */
typedef struct ga_spell_model ga_spell_model_t;
/** Per-thread checking state and the findings of the last check. */
typedef struct ga_spell_scratch ga_spell_scratch_t;

/** Category of every spelling finding. */
#define GA_SPELL_CATEGORY "错别字"

/**
 * Map in a model file (versioned and checksummed; docs/spell.md). Corrupt, truncated or
 * foreign files fail with GA_ERR_FORMAT, a missing one with GA_ERR_IO.
 */
GA_API ga_status_t ga_spell_model_load(const char *path, ga_spell_model_t **out,
                                       ga_error_t **err);
/** Load the model shipped with the library (ga_data_dir()/spell/default.gaspell). */
GA_API ga_status_t ga_spell_model_load_default(ga_spell_model_t **out, ga_error_t **err);
/** Load a model from memory (copied; `data` may be released afterwards). */
GA_API ga_status_t ga_spell_model_load_buffer(const void *data, size_t len,
                                              ga_spell_model_t **out, ga_error_t **err);
/**
 * A model that also knows the words of `text` (`len` bytes, the user-dictionary format of
 * docs/dictionary.md: `word [freq] [tag]` a line, `#` comments): each is a known word that
 * is never corrected (a whitelist entry and a user term are the same thing here), and a
 * character next to it may still be corrected into it. `name` names the source in errors
 * (line and column). `base` must outlive the new model, which is freed on its own.
 */
GA_API ga_status_t ga_spell_model_add_words(const ga_spell_model_t *base, const char *name,
                                            const char *text, size_t len,
                                            ga_spell_model_t **out, ga_error_t **err);
/** Release a model; NULL is allowed. No check may be running on it. */
GA_API void ga_spell_model_free(ga_spell_model_t *model);

/** New scratch object for one thread. Returns NULL only when out of memory. */
GA_API ga_spell_scratch_t *ga_spell_scratch_new(void);
/** Release a scratch object; NULL is allowed. */
GA_API void ga_spell_scratch_free(ga_spell_scratch_t *scratch);

/**
 * Check `len` bytes of UTF-8 text; the findings replace those of the previous check in
 * `scratch`. Sentences end at a line break and at 。！？； and are checked on their own.
 * `known` (may be NULL) holds the matcher's scan of the same text: characters inside its
 * findings are left to them, so one slip is not reported twice (一如继往 by a rule and
 * 继 by the model). Fails with GA_ERR_INVALID_UTF8 (offset of the first bad byte) on
 * ill-formed input and GA_ERR_LIMIT for input of 2 GiB or more.
 */
GA_API ga_status_t ga_spell_check(const ga_spell_model_t *model, ga_spell_scratch_t *scratch,
                                  const char *text, size_t len,
                                  const ga_match_scratch_t *known, ga_error_t **err);

/** Number of findings of the last check, in text order. */
GA_API size_t ga_spell_count(const ga_spell_scratch_t *scratch);
/**
 * Copy finding `i` of the last check into `*out`: category 错别字, rule `spell:sound` or
 * `spell:shape` (how the written character relates to the suggestion), `start`/`end` the
 * bytes to replace, `suggestion` the best replacement for exactly that span. Severity is
 * GA_SEVERITY_NORMAL for confident findings and GA_SEVERITY_HINT for the rest, never
 * serious: a statistical guess alone must not veto a site. Strings stay valid until the
 * next check with this scratch object, and the checked text must still exist.
 * GA_ERR_INVALID_ARGUMENT when `i` is out of range or `out->size` is too small.
 */
GA_API ga_status_t ga_spell_get(const ga_spell_scratch_t *scratch, size_t i,
                                ga_finding_t *out);
/** Confidence of finding `i` from 0 to 1 (0 when `i` is out of range). */
GA_API double ga_spell_confidence(const ga_spell_scratch_t *scratch, size_t i);
/** Number of replacement candidates of finding `i`, the suggestion first (0 if out of range). */
GA_API size_t ga_spell_candidate_count(const ga_spell_scratch_t *scratch, size_t i);
/** Candidate `k` of finding `i` (NUL-terminated UTF-8), best first; NULL if out of range. */
GA_API const char *ga_spell_candidate(const ga_spell_scratch_t *scratch, size_t i, size_t k);

#ifdef __cplusplus
}
#endif

#endif
