/**
 * @file score.h
 * @brief Indicator scoring: profiles as data, observations in, verdict and score out.
 *
 * A ::ga_profile_t is an indicator profile (docs/profiles.md) loaded from JSON: the
 * indicators of 国办秘函〔2019〕19号 or a province's copy of them. It is immutable after
 * loading and may be shared by any number of threads.
 *
 * A ::ga_observations_t holds what was seen of one website or new-media account up to the
 * audit time T: availability probes, columns and their item dates, home-page items,
 * messages, links, text findings, duplicate clusters, services, page metadata and flags.
 * It is built through the ga_obs_* functions (the site audit fills it from a crawl), or
 * loaded from JSON (ga_observations_parse()) or from a new-media export
 * (ga_observations_parse_media()). A section that was never filled counts as not
 * observed: indicators reading it are reported as not evaluable, never as clear.
 *
 * ga_score() evaluates a profile against observations into a ::ga_score_result_t: the
 * verdict, the deduction score, bonus and final score, and every indicator's outcome with
 * its evidence. A ::ga_score_batch_t collects many results into the notice's 合格率 and
 * its table of sites and accounts with outstanding problems.
 *
 * Times are `int64_t` seconds since 1970-01-01 00:00 of the wall clock as written in the
 * source (no time zone is applied: Chinese government pages print Beijing time and every
 * comparison is between such times). ::GA_TIME_NONE marks a missing time.
 */
#ifndef GOVAUDIT_SCORE_H
#define GOVAUDIT_SCORE_H

#include <stdint.h>

#include <govaudit/core.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ga_matcher;
struct ga_spell_model;

/** A missing time (an undated item, a message never replied to). */
#define GA_TIME_NONE INT64_MIN

/**
 * Parse a time: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, `YYYY-MM-DD HH:MM:SS`, the same with `T`
 * for the space (ISO 8601), `/` or `.` for `-`, optional fractional seconds and an
 * optional `Z` or `±HH:MM` suffix, which is accepted and ignored (wall-clock times).
 * Returns GA_ERR_SYNTAX with the byte offset of the first bad character otherwise.
 */
GA_API ga_status_t ga_time_parse(const char *s, size_t len, int64_t *t, ga_error_t **err);

/** Format `t` as `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DD` when `date_only`) into `buf`
 * (at least 20 bytes); returns `buf`. */
GA_API char *ga_time_format(int64_t t, int date_only, char *buf);

/* ----------------------------------------------------------------------------------- */
/** @name Profiles */
/**@{*/

/** What an indicator or a set of observations is about. */
typedef enum ga_object {
    GA_OBJECT_WEBSITE = 0, /**< a government website (政府网站) */
    GA_OBJECT_NEWMEDIA = 1 /**< a government new-media account (政务新媒体) */
} ga_object_t;

/** Kind of an indicator. */
typedef enum ga_indicator_kind {
    GA_KIND_VETO = 0,   /**< 单项否决: a hit fails the site and stops the scoring of points */
    GA_KIND_DEDUCT = 1, /**< 扣分: a hit deducts points from the deduction part */
    GA_KIND_BONUS = 2,  /**< 加分: a hit adds points, only past the bonus gate */
    GA_KIND_PROBLEM = 3 /**< a problem the notice lists without points or verdict (a new-media
                             bottom menu that does not open) */
} ga_indicator_kind_t;

/** An indicator profile; immutable after loading and safe to share across threads. */
typedef struct ga_profile ga_profile_t;

/**
 * Parse a profile from JSON text (docs/profiles.md). `name` names the source in errors
 * (may be NULL). Errors are GA_ERR_SYNTAX with line and column: of the JSON syntax error,
 * or of the value that is wrong (an unknown metric, a missing field, a bad window).
 */
GA_API ga_status_t ga_profile_parse(const char *json, size_t len, const char *name,
                                    ga_profile_t **out, ga_error_t **err);
/** Read and parse a profile file. */
GA_API ga_status_t ga_profile_load(const char *path, ga_profile_t **out, ga_error_t **err);
/** Load a profile shipped with the library by name (`gov-website-2019`,
 * `gov-newmedia-2019`) from ga_data_dir()/profiles/NAME.json. */
GA_API ga_status_t ga_profile_load_builtin(const char *name, ga_profile_t **out,
                                           ga_error_t **err);
/** Release a profile; NULL is allowed. */
GA_API void ga_profile_free(ga_profile_t *p);
/** The profile's `id`. */
GA_API const char *ga_profile_id(const ga_profile_t *p);
/** The profile's `name`. */
GA_API const char *ga_profile_name(const ga_profile_t *p);
/** The object the profile scores. */
GA_API ga_object_t ga_profile_object(const ga_profile_t *p);
/** Number of indicators. */
GA_API size_t ga_profile_indicator_count(const ga_profile_t *p);
/** Indicator `i`'s id ("W-V2"), or NULL when `i` is out of range. */
GA_API const char *ga_profile_indicator_id(const ga_profile_t *p, size_t i);
/** Indicator `i`'s name (站点无法访问), or NULL. */
GA_API const char *ga_profile_indicator_name(const ga_profile_t *p, size_t i);
/** Indicator `i`'s kind. */
GA_API ga_indicator_kind_t ga_profile_indicator_kind(const ga_profile_t *p, size_t i);
/** Indicator `i`'s source status as written in the profile ("V", "R", "C", "X"), or NULL. */
GA_API const char *ga_profile_indicator_status(const ga_profile_t *p, size_t i);
/** 1 when indicator `i` has every threshold, window and point value it needs, 0 when the
 * profile leaves one empty (unknown): such an indicator is always reported not evaluable. */
GA_API int ga_profile_indicator_complete(const ga_profile_t *p, size_t i);

/**@}*/
/* ----------------------------------------------------------------------------------- */
/** @name Observations */
/**@{*/

/** What was observed of one website or account; built with the ga_obs_* functions. */
typedef struct ga_observations ga_observations_t;

/** Sections of the observations, for ga_obs_mark_observed(). */
enum ga_obs_section {
    GA_OBS_PROBES = 1u << 0,     /**< availability probes */
    GA_OBS_COLUMNS = 1u << 1,    /**< column inventory */
    GA_OBS_HOME = 1u << 2,       /**< home-page items (posts, for an account) */
    GA_OBS_MESSAGES = 1u << 3,   /**< messages (留言) */
    GA_OBS_LINKS = 1u << 4,      /**< links and menus */
    GA_OBS_FINDINGS = 1u << 5,   /**< text findings */
    GA_OBS_DUPLICATES = 1u << 6, /**< duplicate clusters */
    GA_OBS_SERVICES = 1u << 7,   /**< services and their guides */
    GA_OBS_PAGES = 1u << 8       /**< page metadata tags */
};

/** New empty observations of a website or account. */
GA_API ga_status_t ga_observations_new(ga_object_t object, ga_observations_t **out,
                                       ga_error_t **err);
/** Release observations; NULL is allowed. */
GA_API void ga_observations_free(ga_observations_t *obs);

/**
 * Declare sections observed even when they stay empty (a crawl that found no home-page
 * items observed the home page; one that never fetched it did not). Adding anything to a
 * section marks it observed too.
 */
GA_API void ga_obs_mark_observed(ga_observations_t *obs, unsigned sections);
/** Site or account name, its owner (主办单位, may be NULL) and its SiteIDCode (政府网站
 * 标识码, may be NULL). Strings are UTF-8 and NUL-terminated; all are copied. */
GA_API ga_status_t ga_obs_set_site(ga_observations_t *obs, const char *name, const char *owner,
                                   const char *site_id, ga_error_t **err);
/** The audit time T (监测时间点) every window ends at. A time outside the years 0–9999
 * leaves T unset (ga_score() then refuses). Every ga_obs_add_* refuses such times with
 * GA_ERR_INVALID_ARGUMENT, so window arithmetic cannot overflow. */
GA_API void ga_obs_set_time(ga_observations_t *obs, int64_t t);
/** The audit time T, or GA_TIME_NONE when not set. */
GA_API int64_t ga_obs_time(const ga_observations_t *obs);
/** A flag (`has_consult_channel`, `has_service`, `has_interaction`, `home_nav_only`,
 * `no_public_service`, `secret_leak`, ...) with an integer value (0/1 for yes/no). */
GA_API ga_status_t ga_obs_set_flag(ga_observations_t *obs, const char *name, int64_t value,
                                   ga_error_t **err);
/** One availability probe of the home page: when, whether it opened, how long it took. */
GA_API ga_status_t ga_obs_add_probe(ga_observations_t *obs, int64_t time, int ok,
                                    uint32_t latency_ms, ga_error_t **err);
/**
 * A column (栏目): id, name, type (`news` 动态要闻, `notice` 通知公告, `policy` 政策文件,
 * `should_update`, `consult`, `service_stats`, ... as the profile names them), level (1 for a top-level
 * column), and whether it is blank (空白栏目). `*index` (may be NULL) receives its index
 * for ga_obs_add_column_item().
 */
GA_API ga_status_t ga_obs_add_column(ga_observations_t *obs, const char *id, const char *name,
                                     const char *type, int level, int blank, size_t *index,
                                     ga_error_t **err);
/** An item published in column `column` at `time` (GA_TIME_NONE: no date shown). */
GA_API ga_status_t ga_obs_add_column_item(ga_observations_t *obs, size_t column, int64_t time,
                                          ga_error_t **err);
/** An item on the home page (or a post of an account) with its time, title and url
 * (title and url may be NULL). */
GA_API ga_status_t ga_obs_add_home_item(ga_observations_t *obs, int64_t time, const char *title,
                                        const char *url, ga_error_t **err);
/** A message (留言) left in a column of type `column_type` (may be NULL), submitted and
 * replied (GA_TIME_NONE: never) at the given times; `valid` 0 for spam and the like. */
GA_API ga_status_t ga_obs_add_message(ga_observations_t *obs, const char *column_type,
                                      int64_t submitted, int64_t replied, int valid,
                                      ga_error_t **err);
/** ga_obs_add_message() with the message's title and the URL of the page showing it (both
 *  may be NULL), which evidence names. @since 1.1 */
GA_API ga_status_t ga_obs_add_message_on_page(ga_observations_t *obs, const char *column_type,
                                              int64_t submitted, int64_t replied, int valid,
                                              const char *title, const char *url,
                                              ga_error_t **err);
/** A link or menu: url, HTTP status seen (0: did not open), external or not, and where it
 * was found (a page url or a menu name; may be NULL). */
GA_API ga_status_t ga_obs_add_link(ga_observations_t *obs, const char *url, int status,
                                   int external, const char *where, ga_error_t **err);
/** A text finding (from the match module): rule, category, severity (`veto`,
 * `serious`, `normal`, `hint`), the text matched and the page url (any may be NULL but
 * severity). */
GA_API ga_status_t ga_obs_add_finding(ga_observations_t *obs, const char *rule,
                                      const char *category, const char *severity,
                                      const char *text, const char *url, ga_error_t **err);
/** A duplicate cluster (from the dedup module) of kind `一稿多发`, `转载` or `duplicate`;
 * `*index` (may be NULL) receives its index for ga_obs_add_duplicate_member(). */
GA_API ga_status_t ga_obs_add_duplicate(ga_observations_t *obs, const char *kind, size_t *index,
                                        ga_error_t **err);
/** A member post of duplicate cluster `cluster`: url, column and time (may be NULL /
 * GA_TIME_NONE). */
GA_API ga_status_t ga_obs_add_duplicate_member(ga_observations_t *obs, size_t cluster,
                                               const char *url, const char *column, int64_t time,
                                               ga_error_t **err);
/** A service (办事服务事项) with the key elements its guide shows (事项名称, 设定依据,
 * 申请条件, 办理材料, ...): `n` strings. */
GA_API ga_status_t ga_obs_add_service(ga_observations_t *obs, const char *name,
                                      const char *const *elements, size_t n, ga_error_t **err);
/** ga_obs_add_service() with the URL of the service's guide (may be NULL), which evidence
 *  names. @since 1.1 */
GA_API ga_status_t ga_obs_add_guide(ga_observations_t *obs, const char *name, const char *url,
                                    const char *const *elements, size_t n, ga_error_t **err);
/** An article whose shown date `shown` is later than the date `made` its URL was made from
 *  (t20230105_123.html shown as 2023-07-28): evidence of a changed publish date (伪造发稿
 *  日期). The profile's `changed_dates` metric counts those at least its `age` apart. Marks
 *  the pages section observed. @since 1.1 */
GA_API ga_status_t ga_obs_add_date_change(ga_observations_t *obs, const char *url,
                                          const char *title, int64_t made, int64_t shown,
                                          ga_error_t **err);
/** A problem of the site as a whole, of `kind` (dotted: `identity.missing.site_code`,
 *  `identity.wrong.zhaocuo`), described by `text`, seen on `pages` pages, the first at
 *  `url` (text and url may be NULL). The profile's `site_problems` metric counts those whose
 *  kind starts with one of its `kinds`. Marks the pages section observed. @since 1.1 */
GA_API ga_status_t ga_obs_add_site_problem(ga_observations_t *obs, const char *kind,
                                           const char *text, const char *url, size_t pages,
                                           ga_error_t **err);
/** A page and the government metadata tags (SiteName, ColumnName, PubDate, ...) it
 * carries; `kind` is `home`, `list` or `article`. */
GA_API ga_status_t ga_obs_add_page(ga_observations_t *obs, const char *url, const char *kind,
                                   const char *const *tags, size_t n, ga_error_t **err);

/**
 * Load observations from JSON (docs/profiles.md, "Observations"). `name` names the
 * source in errors (may be NULL).
 */
GA_API ga_status_t ga_observations_parse(const char *json, size_t len, const char *name,
                                         ga_observations_t **out, ga_error_t **err);
/**
 * Load a new-media account export (DESIGN.md: `account`, `platform`, `owner`,
 * `interaction`, `posts`, `menus`, `messages`) as observations of a new-media account.
 * Posts become home items (their texts kept for ga_obs_scan_posts()), menus links (where = the menu name), messages messages of
 * column type `consult`, `interaction` the flag `has_interaction`. The audit time is left
 * unset.
 */
GA_API ga_status_t ga_observations_parse_media(const char *json, size_t len, const char *name,
                                               ga_observations_t **out, ga_error_t **err);

/**
 * Scan the title and body text of every post (home item) with the matcher `m`, adding each
 * hit as a finding (its rule, category, severity, the text matched and the post's url),
 * and mark findings as observed even when there are none, so that the profile's
 * `text_findings` indicators are evaluated. Post texts come from
 * ga_observations_parse_media(); other home items have only a title. Fails with
 * GA_ERR_INVALID_UTF8 naming the byte offset in the field when a text is ill-formed.
 */
GA_API ga_status_t ga_obs_scan_posts(ga_observations_t *obs, const struct ga_matcher *m,
                                     ga_error_t **err);
/**
 * Since 1.1: as ga_obs_scan_posts() with `m` (which may be NULL), then check the posts'
 * titles and texts with a spelling model (spell.h; may be NULL, not both) and add each
 * statistical 错别字 finding the same way (rule ids `spell:…`, severity hint or normal).
 * The model leaves characters inside the matcher's hits alone.
 */
GA_API ga_status_t ga_obs_check_posts(ga_observations_t *obs, const struct ga_matcher *m,
                                      const struct ga_spell_model *model, ga_error_t **err);

/**
 * Render observations in the format ga_observations_parse() reads (a crawl saved once can
 * be scored against several profiles, or shipped to other workers). `flags`:
 * GA_SCORE_JSON_PRETTY or 0. Release `*json` with ga_string_free().
 */
GA_API ga_status_t ga_observations_json(const ga_observations_t *obs, unsigned flags,
                                        char **json, size_t *len, ga_error_t **err);

/**@}*/
/* ----------------------------------------------------------------------------------- */
/** @name Scoring */
/**@{*/

/** Outcome of one indicator. */
typedef enum ga_outcome {
    GA_OUTCOME_HIT = 0,           /**< the condition holds: veto, deduction or bonus applies */
    GA_OUTCOME_CLEAR = 1,         /**< evaluated, the condition does not hold */
    GA_OUTCOME_NOT_EVALUABLE = 2, /**< the profile leaves a value unknown or the observations
                                       lack what it reads: see ga_score_result_reason() */
    GA_OUTCOME_SKIPPED = 3        /**< not scored: a veto stopped scoring, the bonus gate is
                                       closed, or it does not apply to this site */
} ga_outcome_t;

/** The result of scoring one site or account. */
typedef struct ga_score_result ga_score_result_t;

/**
 * Score observations against a profile. Fails with GA_ERR_INVALID_ARGUMENT when the audit
 * time is not set or the objects differ (a website profile for an account).
 */
GA_API ga_status_t ga_score(const ga_profile_t *profile, const ga_observations_t *obs,
                            ga_score_result_t **out, ga_error_t **err);
/** Release a result; NULL is allowed. */
GA_API void ga_score_result_free(ga_score_result_t *r);
/** 1 when the site passes (合格): no veto hit and, when scored, the score not below the
 * fail line. */
GA_API int ga_score_result_passed(const ga_score_result_t *r);
/** Number of veto indicators hit. */
GA_API size_t ga_score_result_veto_count(const ga_score_result_t *r);
/** 1 when every indicator that counts for the verdict and score was evaluable; 0 when
 * some were not, so the verdict or score rests on incomplete evidence. */
GA_API int ga_score_result_complete(const ga_score_result_t *r);
/** 1 when a deduction score was computed (no veto, and the profile scores points). */
GA_API int ga_score_result_scored(const ga_score_result_t *r);
/** The deduction part's score (after the 75-point rescale), 0 when not scored. */
GA_API double ga_score_result_score(const ga_score_result_t *r);
/** The bonus points awarded (0 when the gate was not passed). */
GA_API double ga_score_result_bonus(const ga_score_result_t *r);
/** Score plus bonus. */
GA_API double ga_score_result_final(const ga_score_result_t *r);
/** Number of indicator outcomes (the profile's indicators, in profile order). */
GA_API size_t ga_score_result_count(const ga_score_result_t *r);
/** Index of the outcome of the indicator with id `id`, or (size_t)-1. */
GA_API size_t ga_score_result_find(const ga_score_result_t *r, const char *id);
/** Outcome `i`'s indicator id, or NULL when `i` is out of range. */
GA_API const char *ga_score_result_id(const ga_score_result_t *r, size_t i);
/** Outcome `i`'s indicator name. */
GA_API const char *ga_score_result_name(const ga_score_result_t *r, size_t i);
/** Outcome `i`'s indicator kind. */
GA_API ga_indicator_kind_t ga_score_result_kind(const ga_score_result_t *r, size_t i);
/** Outcome `i`. */
GA_API ga_outcome_t ga_score_result_outcome(const ga_score_result_t *r, size_t i);
/** Points deducted or added by outcome `i` after its cap (0 for vetoes and misses). */
GA_API double ga_score_result_points(const ga_score_result_t *r, size_t i);
/** The measured value of the condition that decided outcome `i` (a count or ratio). */
GA_API double ga_score_result_value(const ga_score_result_t *r, size_t i);
/** Why outcome `i` is not evaluable or skipped, or NULL. */
GA_API const char *ga_score_result_reason(const ga_score_result_t *r, size_t i);
/** Number of evidence entries of outcome `i`. */
GA_API size_t ga_score_result_evidence_count(const ga_score_result_t *r, size_t i);
/** Evidence entry `j` of outcome `i`: a description, the url it is about (or NULL) and its
 * time (or GA_TIME_NONE) — which column is stale since when, which probe failed, which
 * finding, which duplicate post. Returns the description, NULL when out of range. */
GA_API const char *ga_score_result_evidence(const ga_score_result_t *r, size_t i, size_t j,
                                            const char **url, int64_t *time);

/** Options of ga_score_result_json(). */
enum ga_score_json_flag {
    GA_SCORE_JSON_PRETTY = 1u << 0,  /**< indent the output */
    GA_SCORE_JSON_ALL = 1u << 1      /**< include clear and skipped outcomes in `indicators` */
};

/**
 * Render a result as the `audit` JSON object of DESIGN.md: `site`, `owner`, `object`,
 * `profile`, `date`, `score`, `bonus`, `final`, `passed`, `complete`, `vetoes`,
 * `deductions`, `bonuses`, `problems` (each `{id, name, points, status, evidence}`, evidence
 * entries `{text, url, time}`),
 * `not_evaluable` (`{id, name, reason}`); with `obs` (may be NULL) also `columns`,
 * `findings`, `duplicates` and `links` from the observations. `*json` is NUL-terminated
 * and released with ga_string_free().
 */
GA_API ga_status_t ga_score_result_json(const ga_score_result_t *r, const ga_observations_t *obs,
                                        unsigned flags, char **json, size_t *len,
                                        ga_error_t **err);

/**@}*/
/* ----------------------------------------------------------------------------------- */
/** @name Batches: 合格率 and the attachment table */
/**@{*/

/** Many results summarised as a notice does. */
typedef struct ga_score_batch ga_score_batch_t;

/** New empty batch. */
GA_API ga_status_t ga_score_batch_new(ga_score_batch_t **out, ga_error_t **err);
/** Release a batch; NULL is allowed. */
GA_API void ga_score_batch_free(ga_score_batch_t *b);
/** Add a result (its verdict and problems are copied). */
GA_API ga_status_t ga_score_batch_add(ga_score_batch_t *b, const ga_score_result_t *r,
                                      ga_error_t **err);
/** Add a result given as the JSON of ga_score_result_json() (an `audit` or `audit-media`
 * output); `name` names the source in errors. */
GA_API ga_status_t ga_score_batch_add_json(ga_score_batch_t *b, const char *json, size_t len,
                                           const char *name, ga_error_t **err);
/** Number of sites and accounts checked. */
GA_API size_t ga_score_batch_checked(const ga_score_batch_t *b);
/** Number that passed. */
GA_API size_t ga_score_batch_passed(const ga_score_batch_t *b);
/** 合格率 in percent rounded half up to one decimal, as the notices print it
 * (209 of 224 → 93.3); 0 for an empty batch. */
GA_API double ga_score_batch_rate(const ga_score_batch_t *b);
/**
 * Render the summary: `checked`, `passed`, `rate`, and `problems`, the attachment table:
 * `{site, owner, passed, problems}` for every site or account with an outstanding problem,
 * vetoed ones first, then failed, then the rest, each group in the order added.
 * Release with ga_string_free().
 */
GA_API ga_status_t ga_score_batch_json(const ga_score_batch_t *b, unsigned flags, char **json,
                                       size_t *len, ga_error_t **err);

/**@}*/

#ifdef __cplusplus
}
#endif

#endif
