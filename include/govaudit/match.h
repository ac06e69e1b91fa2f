/**
 * @file match.h
 * @brief Wrong and sensitive wording (错敏字): rule sets, compiled matchers, scanning.
 *
 * Workflow: collect rule files into a ::ga_rules_t (ga_rules_add_file(), format in
 * docs/rules.md), compile them once into an immutable ::ga_matcher_t
 * (ga_matcher_compile()), optionally save it (ga_matcher_save()) and later map it back in
 * (ga_matcher_load()). Any number of threads may scan with one matcher at once, each with
 * its own ::ga_match_scratch_t, which also holds the findings of the last scan.
 *
 * Findings come in text order (by start offset, then longer first) with byte offsets into
 * the caller's original text, also for rules that match on normalised text.
 *
 * Overlap policy: at each start position only the longest hit of the literal rules is kept
 * (a shorter rule starting at the same place is reported only when the longer one is
 * suppressed by an exception or a word boundary). Across all rule kinds, a finding whose
 * span lies inside the span of a finding already kept is dropped; findings that only
 * partly overlap are all reported. A hit inside an occurrence of one of its rule's
 * exception phrases is suppressed.
 */
#ifndef GOVAUDIT_MATCH_H
#define GOVAUDIT_MATCH_H

#include <govaudit/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How bad a finding is. Values are stable and ordered. */
typedef enum ga_severity {
    GA_SEVERITY_HINT = 0,    /**< worth a look; often fine in context */
    GA_SEVERITY_NORMAL = 1,  /**< an error to correct (deducts points) */
    GA_SEVERITY_SERIOUS = 2  /**< a serious wording error: can veto a site (单项否决) */
} ga_severity_t;

/** Rule set being collected from files; mutable, not shared across threads. */
typedef struct ga_rules ga_rules_t;
/** Compiled, immutable matcher; safe to share across threads. */
typedef struct ga_matcher ga_matcher_t;
/** Per-thread scanning state and the findings of the last scan. */
typedef struct ga_match_scratch ga_match_scratch_t;

/** Longest pattern, suggestion or exception of a rule, in bytes; a longer one is a
 *  GA_ERR_SYNTAX naming its file, line and column. */
#define GA_MATCH_MAX_FIELD 1024
/** Most rules in one set (duplicates not counted); adding past it fails with GA_ERR_LIMIT.
 *  Compiling takes time and memory linear in the rules: a million four-character rules
 *  compile in seconds and about 1 GiB. */
#define GA_MATCH_MAX_RULES 2147483647u

/** New empty rule set. Returns NULL only when out of memory. */
GA_API ga_rules_t *ga_rules_new(void);
/** Release a rule set; NULL is allowed. */
GA_API void ga_rules_free(ga_rules_t *rules);

/**
 * Parse rule text (docs/rules.md) and add its rules. `name` names the source in errors,
 * warnings and default rule ids (its base name without extension is the id prefix).
 * On a syntax error nothing from this text is added and the error carries the file, line
 * and column (GA_ERR_SYNTAX). Duplicates of rules already added are not errors: they are
 * skipped and reported through ga_rules_warning().
 */
GA_API ga_status_t ga_rules_add_text(ga_rules_t *rules, const char *name, const char *text,
                                     size_t len, ga_error_t **err);
/** Read a rule file and add it as ga_rules_add_text() does. */
GA_API ga_status_t ga_rules_add_file(ga_rules_t *rules, const char *path, ga_error_t **err);
/**
 * Add every `*.rules` file of a folder, in byte order of their names. With `dir` NULL, the
 * packs shipped with the library (ga_data_dir()/rules) are added.
 */
GA_API ga_status_t ga_rules_add_dir(ga_rules_t *rules, const char *dir, ga_error_t **err);
/** Number of rules collected (duplicates not counted). */
GA_API size_t ga_rules_count(const ga_rules_t *rules);
/** Number of warnings (duplicate rules) collected so far. */
GA_API size_t ga_rules_warning_count(const ga_rules_t *rules);
/**
 * Warning `i` as "FILE:LINE:COLUMN: message" (for example a duplicate naming the first
 * definition), or NULL when `i` is out of range. Valid until the rule set is freed.
 */
GA_API const char *ga_rules_warning(const ga_rules_t *rules, size_t i);

/**
 * Compile a rule set. Regular expressions are compiled with PCRE2 (UTF, Unicode
 * properties, JIT where available); a regex PCRE2 rejects fails with GA_ERR_SYNTAX naming
 * its file, line and column.
 */
GA_API ga_status_t ga_matcher_compile(const ga_rules_t *rules, ga_matcher_t **out,
                                      ga_error_t **err);
/** Compile the rule packs shipped with the library (see ga_rules_add_dir()). */
GA_API ga_status_t ga_matcher_load_default(ga_matcher_t **out, ga_error_t **err);
/**
 * Save a compiled matcher to a binary file (versioned and checksummed) that
 * ga_matcher_load() maps back in without recompiling the automata.
 */
GA_API ga_status_t ga_matcher_save(const ga_matcher_t *m, const char *path, ga_error_t **err);
/**
 * Load a file written by ga_matcher_save(); the file is memory-mapped and used in place.
 * Corrupt, truncated or foreign files fail with GA_ERR_FORMAT.
 */
GA_API ga_status_t ga_matcher_load(const char *path, ga_matcher_t **out, ga_error_t **err);
/** Load a saved matcher from memory (copied; `data` may be released afterwards). */
GA_API ga_status_t ga_matcher_load_buffer(const void *data, size_t len, ga_matcher_t **out,
                                          ga_error_t **err);
/** Number of rules in the matcher. */
GA_API size_t ga_matcher_rule_count(const ga_matcher_t *m);
/** Release a matcher; NULL is allowed. No scan may be running on it. */
GA_API void ga_matcher_free(ga_matcher_t *m);

/** New scratch object for one thread. Returns NULL only when out of memory. */
GA_API ga_match_scratch_t *ga_match_scratch_new(void);
/** Release a scratch object; NULL is allowed. */
GA_API void ga_match_scratch_free(ga_match_scratch_t *scratch);

/**
 * Scan `len` bytes of UTF-8 text; the findings replace those of the previous scan in
 * `scratch`. Fails with GA_ERR_INVALID_UTF8 (offset of the first bad byte) on ill-formed
 * input and GA_ERR_LIMIT for input of 2 GiB or more.
 */
GA_API ga_status_t ga_match_scan(const ga_matcher_t *m, ga_match_scratch_t *scratch,
                                 const char *text, size_t len, ga_error_t **err);

/** One finding. Set `size` to sizeof(ga_finding_t) before calling ga_match_get(). */
typedef struct ga_finding {
    size_t size;             /**< sizeof(ga_finding_t), set by the caller */
    const char *rule;        /**< rule id ("FILE:LINE" or the rule's id= attribute) */
    const char *category;    /**< category, e.g. 错别字 */
    ga_severity_t severity;  /**< severity */
    size_t start;            /**< first byte of the hit in the scanned text */
    size_t end;              /**< one past the last byte of the hit */
    const char *text;        /**< the hit: points into the scanned text (end - start bytes);
                                  when the scan found personal information (rules with
                                  mask=), into a copy of the same length with those values
                                  masked instead, see ga_match_masked_text() */
    const char *suggestion;  /**< the right form (NUL-terminated, may be empty); for a
                                  mask= rule without a suggestion of its own, the masked value */
} ga_finding_t;

/** Number of findings of the last scan. */
GA_API size_t ga_match_count(const ga_match_scratch_t *scratch);
/**
 * Copy finding `i` of the last scan into `*out`. Its strings stay valid until the next
 * scan with this scratch object, and the matcher and scanned text must still exist.
 * GA_ERR_INVALID_ARGUMENT when `i` is out of range or `out->size` is too small.
 */
GA_API ga_status_t ga_match_get(const ga_match_scratch_t *scratch, size_t i, ga_finding_t *out);

/**
 * 1 when finding `i` of the last scan comes from a rule with mask= (personal information
 * such as ID, mobile and bank card numbers, see docs/rules.md): its `text` is masked, and
 * a caller must not print the scanned bytes at start..end either (nor context around any
 * finding from the scanned text: take it from ga_match_masked_text()). 0 otherwise or
 * when `i` is out of range.
 */
GA_API int ga_match_masked(const ga_match_scratch_t *scratch, size_t i);
/**
 * The text of the last scan with every masked finding replaced by its masked form: a
 * de-identified copy of the same byte length (offsets stay valid), NUL-terminated, for
 * showing context around findings. Release with ga_string_free(). Needs the scanned text
 * to still exist.
 */
GA_API ga_status_t ga_match_masked_text(const ga_match_scratch_t *scratch, char **out,
                                        size_t *out_len, ga_error_t **err);

/** Severity name ("hint", "normal", "serious"). */
GA_API const char *ga_severity_name(ga_severity_t severity);
/** Parse a severity name (also "veto" for serious); GA_ERR_INVALID_ARGUMENT if unknown. */
GA_API ga_status_t ga_severity_parse(const char *name, ga_severity_t *out);

#ifdef __cplusplus
}
#endif

#endif
