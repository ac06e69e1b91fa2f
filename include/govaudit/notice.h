/**
 * @file notice.h
 * @brief The round's notice (通报): rates, problems, 错敏字, 找错 handling, 整改 between rounds.
 *
 * A ::ga_notice_t collects a round of audit results (the JSON objects `govaudit audit` and
 * `govaudit audit-media` print, ga_report_json() and ga_score_result_json() write),
 * optionally the previous round's results, a 我为政府网站找错 message export and a
 * rectification-report ledger (JSON lines, docs/notice.md), and renders the notice:
 *
 * - `websites` and `media`: checked, passed, 合格率 (percent, one decimal, as printed), by
 *   group when results carry a `group`;
 * - `problems`: per indicator, how many sites and which, vetoes first;
 * - `errors`: 错敏字 findings per site or account, most first;
 * - `zhaocuo`: messages received, closed, closed on time, 办结率, and the open and late ones;
 * - `rectification`: per site present in both rounds, its problems fixed, outstanding and
 *   new, matched between the rounds by content (finding, rule, link target, duplicate
 *   posts, column) so that moved pages and renamed columns still match;
 * - `late_reports`: rectification reports overdue or submitted late, as of the notice date;
 * - `table`: the attachment table (序号, 网站名称, 主办单位, 存在的突出问题), vetoed first.
 *
 * as JSON (ga_notice_json()), as the notice's text (ga_notice_text(): 一、总体情况 /
 * 二、发现的主要问题 / 附件, figures filled in), as one HTML page (ga_notice_html()) or as a
 * Word document (ga_notice_docx()).
 * Returned strings are NUL-terminated UTF-8, released with ga_string_free(). A notice is
 * not safe to change from two threads at once; rendering only reads it, so any number of
 * threads may render one notice at the same time.
 */
#ifndef GOVAUDIT_NOTICE_H
#define GOVAUDIT_NOTICE_H

#include <stdint.h>

#include <govaudit/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A round's notice under construction. */
typedef struct ga_notice ga_notice_t;

/** Flags of ga_notice_json(). */
enum ga_notice_flag {
    GA_NOTICE_PRETTY = 1u << 0 /**< indent the JSON */
};

/** A new empty notice. */
GA_API ga_status_t ga_notice_new(ga_notice_t **out, ga_error_t **err);
/** Release a notice; NULL is allowed. */
GA_API void ga_notice_free(ga_notice_t *n);

/**
 * Report progress to `fn` (core.h's rules; NULL stops reporting), since 1.1. Each
 * ga_notice_add_result() counts in the stage `results` (results added in both rounds,
 * JSON bytes read); each rendering first ends that stage with its count, then reports the
 * stage `rectification` (sites of this round matched against the previous one). `fn` is
 * called on the thread adding or rendering; a notice rendered on several threads at once
 * calls it from each of them. A cancelled ga_notice_add_result() adds nothing; a cancelled
 * rendering returns no output. The notice is unchanged by cancelling.
 */
GA_API void ga_notice_set_progress(ga_notice_t *n, ga_progress_fn fn, void *user);

/**
 * The notice date (seconds as score.h counts them; the time of day is ignored): late
 * messages and reports are counted as of that day. Unset, the newest `date` of this round's
 * results is used. Fails with GA_ERR_INVALID_ARGUMENT outside the years 1–9999.
 */
GA_API ga_status_t ga_notice_set_date(ga_notice_t *n, int64_t date, ga_error_t **err);

/**
 * Add one audit result of this round (`previous` 0) or of the previous round (`previous`
 * 1): a JSON object as `govaudit audit --json` / `audit-media --json` print it. `name`
 * names the source in errors (may be NULL). Errors are GA_ERR_SYNTAX with the line and
 * column of the JSON syntax error or of the value of the wrong type.
 */
GA_API ga_status_t ga_notice_add_result(ga_notice_t *n, const char *json, size_t len,
                                        const char *name, int previous, ga_error_t **err);

/**
 * Add a 找错 message export: JSON lines `{"id", "site", "received", "due", "closed"}`
 * (dates `YYYY-MM-DD`, `closed` null while open; blank lines skipped). Errors name `name`,
 * the line and column. May be called more than once (exports concatenate).
 */
GA_API ga_status_t ga_notice_add_messages(ga_notice_t *n, const char *jsonl, size_t len,
                                          const char *name, ga_error_t **err);

/**
 * Add a rectification-report ledger: JSON lines `{"site", "due", "submitted"}` (dates,
 * `submitted` null until the report arrives). Errors as ga_notice_add_messages().
 */
GA_API ga_status_t ga_notice_add_reports(ga_notice_t *n, const char *jsonl, size_t len,
                                         const char *name, ga_error_t **err);

/**
 * The notice as one JSON object (docs/notice.md): `title`, `date`, `round`, `websites`,
 * `media`, `problems`, `errors`, `zhaocuo`, `rectification`, `late_reports`, `table`.
 * `flags`: GA_NOTICE_PRETTY or 0. Fails with GA_ERR_INVALID_ARGUMENT when messages or
 * reports were added but no date is known (none set, no result dated).
 */
GA_API ga_status_t ga_notice_json(const ga_notice_t *n, unsigned flags, char **out, size_t *len,
                                  ga_error_t **err);

/** The notice as text in the notices' own structure, ready for a person to finish.
 * `flags` is reserved: 0. */
GA_API ga_status_t ga_notice_text(const ga_notice_t *n, unsigned flags, char **out, size_t *len,
                                  ga_error_t **err);

/** The notice as one self-contained HTML page (the audit report's style, no script, no
 * fetch). `flags` is reserved: 0. */
GA_API ga_status_t ga_notice_html(const ga_notice_t *n, unsigned flags, char **out, size_t *len,
                                  ga_error_t **err);

/**
 * The notice as a Word document (DOCX, WordprocessingML): the text of ga_notice_text() laid
 * out as a government document (GB/T 9704: A4, 小标宋 title, 黑体 headings, 仿宋 body), the
 * attachment as a table. `*out` holds `*len` bytes of a ZIP archive (not a string; it is
 * released with ga_string_free()). `flags` is reserved: 0.
 */
GA_API ga_status_t ga_notice_docx(const ga_notice_t *n, unsigned flags, char **out, size_t *len,
                                  ga_error_t **err);

#ifdef __cplusplus
}
#endif

#endif
