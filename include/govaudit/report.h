/**
 * @file report.h
 * @brief Reports of site audits: the `audit` JSON object and self-contained HTML.
 *
 * ga_report_json() renders a ::ga_site_result_t as the JSON object of the CLI's
 * `govaudit audit --json` (field names stable, documented in docs/report.md): the verdict
 * and score, every hit indicator with its evidence, and the columns, findings, duplicates
 * and links behind them. ga_report_html() renders the same as one HTML page a person
 * reads: no scripts, no external assets (styles and the SVG charts are inline), every
 * piece of crawled text escaped. ga_report_batch_html() renders many audits as a notice
 * does: checked, passed, 合格率, the table of sites with outstanding problems, then each
 * site's report.
 *
 * The returned strings are NUL-terminated UTF-8, released with ga_string_free().
 */
#ifndef GOVAUDIT_REPORT_H
#define GOVAUDIT_REPORT_H

#include <govaudit/core.h>
#include <govaudit/site.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Flags of the report functions. */
enum ga_report_flag {
    GA_REPORT_PRETTY = 1u << 0, /**< JSON: indent, one member a line */
    GA_REPORT_ALL = 1u << 1     /**< JSON: add `indicators`, every indicator's outcome (clear,
                                     not evaluable and skipped ones too) */
};

/**
 * The `audit` JSON object of a site audit (docs/report.md): `site`, `owner`, `site_id`,
 * `home`, `profile`, `date`, `score`, `bonus`, `final`, `passed`, `complete`, `vetoes`,
 * `deductions`, `bonuses`, `problems` (each `{id, name, points, evidence}`),
 * `not_evaluable`, `crawl`, `columns`, `findings`, `duplicates`, `links`, `missing_meta`.
 */
GA_API ga_status_t ga_report_json(const ga_site_result_t *r, unsigned flags, char **out,
                                  size_t *len, ga_error_t **err);

/** The HTML report of one site audit (a complete document). `flags` is reserved: 0. */
GA_API ga_status_t ga_report_html(const ga_site_result_t *r, unsigned flags, char **out,
                                  size_t *len, ga_error_t **err);

/**
 * The HTML report of `n` site audits: the summary a notice prints (checked, passed, 合格率
 * in percent to one decimal, the table of sites with outstanding problems, vetoed ones
 * first, then failed ones, then passed ones with deductions), then each site's report.
 */
GA_API ga_status_t ga_report_batch_html(const ga_site_result_t *const *results, size_t n,
                                        unsigned flags, char **out, size_t *len,
                                        ga_error_t **err);

#ifdef __cplusplus
}
#endif

#endif
