/**
 * @file seg.h
 * @brief Chinese word segmentation: compiled dictionaries and segmenters.
 *
 * A ::ga_dict_t is an immutable compiled dictionary: a double-array trie of the words, their
 * frequencies and tags, and the parameters of the hidden Markov model that segments runs of
 * characters the dictionary does not cover. Dictionaries are compiled from text
 * (`word freq [tag]` a line, see docs/dictionary.md) with a ::ga_dict_builder_t and saved
 * to a versioned, checksummed binary file that ga_dict_load() maps into memory.
 *
 * A user dictionary is built over a base dictionary (ga_dict_builder_new() with a base):
 * it holds only its own words and refers to the base, which must outlive it, so any
 * number of user dictionaries share one mapped base.
 *
 * A ::ga_segmenter_t is immutable and may be used by any number of threads at once.
 * ga_segment() reports tokens through a callback in text order without allocating per
 * token; every token carries its byte span in the caller's input.
 */
#ifndef GOVAUDIT_SEG_H
#define GOVAUDIT_SEG_H

#include <govaudit/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Immutable compiled dictionary, mmap-loaded (or built in memory). */
typedef struct ga_dict ga_dict_t;
/** Builder of a dictionary from text word lists or single words. */
typedef struct ga_dict_builder ga_dict_builder_t;
/** Immutable segmenter, shareable across threads. */
typedef struct ga_segmenter ga_segmenter_t;

/** Segmentation modes. */
typedef enum ga_seg_mode {
    GA_SEG_DEFAULT = 0, /**< maximum-probability route over the dictionary, HMM for the rest */
    GA_SEG_SEARCH = 1,  /**< as default, and before each word of three or more characters also
                             its in-dictionary sub-words of two and three characters (for
                             indexing); those carry ::GA_TOKEN_SUBWORD in their kind */
    GA_SEG_ICU = 2      /**< ICU's word BreakIterator (no dictionary needed) */
} ga_seg_mode_t;

/** Token kinds (ga_token_t.kind, low byte). */
enum ga_token_kind {
    GA_TOKEN_WORD = 1,  /**< a Han word (dictionary or HMM), or a run of another script's
                             letters without spaces (kana, hangul) */
    GA_TOKEN_ALNUM = 2, /**< ASCII or full-width word, number (98.9%, 1,200.5), number with
                             a date unit (2023年, 7月, 31日), Chinese number (二○○一年,
                             三十一日), URL, e-mail address */
    GA_TOKEN_PUNCT = 3, /**< punctuation; a run of one repeated mark (——, ……) is one token */
    GA_TOKEN_SPACE = 4, /**< a run of white space (including U+3000 and line breaks) */
    GA_TOKEN_OTHER = 5  /**< any other character (symbols, emoji), one a token */
};
/** Flag or-ed into ga_token_t.kind for the extra sub-word tokens of ::GA_SEG_SEARCH. */
#define GA_TOKEN_SUBWORD 0x100u
/** The kind of a token without its flags. */
#define GA_TOKEN_KIND(k) ((k) & 0xFFu)

/** One token: its byte span in the input text and its kind. */
typedef struct ga_token {
    size_t start;      /**< byte offset of the first byte of the token in the input */
    size_t end;        /**< byte offset just past the token */
    uint32_t kind;     /**< ::ga_token_kind, possibly with ::GA_TOKEN_SUBWORD */
    uint32_t reserved; /**< 0 */
} ga_token_t;

/** Longest dictionary word, in characters; longer words are rejected by the builder. */
#define GA_DICT_MAX_WORD 64

/**
 * Load the default dictionary, ga_data_dir()/dict/default.gadict (compiled at build time
 * from python3-jieba's dictionary and data/dict/gov-terms.txt).
 */
GA_API ga_status_t ga_dict_load_default(ga_dict_t **out, ga_error_t **err);
/**
 * Map a compiled dictionary file. Fails with GA_ERR_IO when it cannot be read and
 * GA_ERR_FORMAT when it is not a dictionary of this format version, is truncated, or its
 * checksum does not match.
 */
GA_API ga_status_t ga_dict_load(const char *path, ga_dict_t **out, ga_error_t **err);
/**
 * Load a compiled dictionary from memory (copied). Same checks as ga_dict_load(); the
 * error offset names the first bad byte when known.
 */
GA_API ga_status_t ga_dict_load_memory(const void *data, size_t len, ga_dict_t **out,
                                       ga_error_t **err);
/** Release a dictionary; NULL is allowed. Free user dictionaries before their base. */
GA_API void ga_dict_free(ga_dict_t *dict);
/** Number of words (for a user dictionary: its own words only). */
GA_API size_t ga_dict_size(const ga_dict_t *dict);
/** The base a user dictionary was built over, or NULL. */
GA_API const ga_dict_t *ga_dict_base(const ga_dict_t *dict);
/**
 * Look up a word (UTF-8, `len` bytes), the user dictionary first and then its base.
 * Returns true when it is a word (frequency above 0), storing its frequency in `*freq`
 * and its tag (NUL-terminated, "" when none; valid while the dictionary lives) in `*tag`
 * when those are not NULL.
 */
GA_API int ga_dict_lookup(const ga_dict_t *dict, const char *word, size_t len, uint64_t *freq,
                          const char **tag);

/**
 * New dictionary builder. With `base` NULL it builds a standalone dictionary (which
 * ga_dict_builder_save() writes as a binary file, HMM trained from its words); with a base
 * it builds a user dictionary over it (the base must outlive the result).
 */
GA_API ga_status_t ga_dict_builder_new(const ga_dict_t *base, ga_dict_builder_t **out,
                                       ga_error_t **err);
/** Release a builder; NULL is allowed. */
GA_API void ga_dict_builder_free(ga_dict_builder_t *b);
/**
 * Add one word. `freq` 0 over a base removes the word from the base for this user
 * dictionary; GA_DICT_FREQ_AUTO picks a frequency just high enough that the route keeps
 * the word whole (over a base; 1 without). `tag` may be NULL. Adding a word again replaces
 * it. Frequencies go up to 4294967295. Fails with GA_ERR_INVALID_ARGUMENT on an empty, too
 * long or white-space-holding word or a larger frequency
 * and GA_ERR_INVALID_UTF8 on bad UTF-8.
 */
GA_API ga_status_t ga_dict_builder_add(ga_dict_builder_t *b, const char *word, size_t len,
                                       uint64_t freq, const char *tag, ga_error_t **err);
/** ga_dict_builder_add() frequency meaning "choose one". */
#define GA_DICT_FREQ_AUTO UINT64_MAX
/**
 * Add the words of a text dictionary (docs/dictionary.md): `word [freq [tag]]` a line,
 * `#` comments and blank lines ignored, a missing frequency meaning GA_DICT_FREQ_AUTO.
 * Errors are GA_ERR_SYNTAX with file, line and column.
 */
GA_API ga_status_t ga_dict_builder_add_file(ga_dict_builder_t *b, const char *path,
                                            ga_error_t **err);
/** As ga_dict_builder_add_file() on `len` bytes of text; `name` is used in errors. */
GA_API ga_status_t ga_dict_builder_add_text(ga_dict_builder_t *b, const char *text, size_t len,
                                            const char *name, ga_error_t **err);
/** Build the dictionary. The builder stays usable. */
GA_API ga_status_t ga_dict_builder_finish(ga_dict_builder_t *b, ga_dict_t **out,
                                          ga_error_t **err);
/**
 * Compile and write the dictionary as a binary file (only without a base: a user
 * dictionary is small and rebuilt from its text). Writes a temporary file and renames it.
 */
GA_API ga_status_t ga_dict_builder_save(ga_dict_builder_t *b, const char *path,
                                        ga_error_t **err);

/**
 * New segmenter over `dict` (which must outlive it). `dict` may be NULL only with
 * GA_SEG_ICU.
 */
GA_API ga_status_t ga_segmenter_new(const ga_dict_t *dict, ga_seg_mode_t mode,
                                    ga_segmenter_t **out, ga_error_t **err);
/** Release a segmenter; NULL is allowed. */
GA_API void ga_segmenter_free(ga_segmenter_t *seg);
/** The segmenter's mode. */
GA_API ga_seg_mode_t ga_segmenter_mode(const ga_segmenter_t *seg);

/** Token callback: a non-zero return stops segmentation early. */
typedef int (*ga_token_cb)(const ga_token_t *tok, void *user);

/**
 * Segment `len` bytes of UTF-8 `text`, calling `cb` for every token in text order (white
 * space runs are ::GA_TOKEN_SPACE tokens, so the tokens, sub-words of search mode aside,
 * tile the input). A non-zero return from `cb` stops early and GA_OK is still returned.
 * Invalid UTF-8 fails with GA_ERR_INVALID_UTF8 and the byte offset of the first bad byte,
 * before any token is reported.
 */
GA_API ga_status_t ga_segment(const ga_segmenter_t *seg, const char *text, size_t len,
                              ga_token_cb cb, void *user, ga_error_t **err);

/**
 * Segment into a caller buffer: stores up to `cap` tokens in `toks` and the total number
 * of tokens in `*count` (which may exceed `cap`: call again with a larger buffer).
 */
GA_API ga_status_t ga_segment_tokens(const ga_segmenter_t *seg, const char *text, size_t len,
                                     ga_token_t *toks, size_t cap, size_t *count,
                                     ga_error_t **err);

#ifdef __cplusplus
}
#endif

#endif
