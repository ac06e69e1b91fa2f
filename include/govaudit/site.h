/**
 * @file site.h
 * @brief Whole-site audit: a crawl of a government website in, observations, score and
 *        evidence out.
 *
 * A ::ga_site_auditor_t is fed the responses of one crawl page by page (URL, HTTP status,
 * content type, body) in any order: from a WARC file (ga_site_auditor_add_warc()), a
 * mirror folder as `wget --mirror` writes it (ga_site_auditor_add_mirror()), or directly
 * by a caller that fetched the pages itself (ga_site_auditor_add_page(): a CMS, a Python
 * crawler). It keeps a small record per URL and per column, never the pages themselves,
 * so a crawl of 100,000 pages is audited in one pass with memory proportional to the
 * number of URLs (a few hundred bytes each) plus the dedup fingerprints of the articles.
 *
 * What it does with each page:
 * - the site's own pages (the host of ga_site_options_t.site_url, else of the first HTML
 *   page fed, `www.` ignored) are parsed (page module) and classified: home, list,
 *   article, attachment, other; pages on other hosts only give their status to the
 *   external-link inventory;
 * - pages are grouped into columns (栏目) by the ColumnName tag, else the breadcrumb, else
 *   the URL folder of the column's list pages; a column's type (`news`, `notice`,
 *   `policy`, `interpretation`, `personnel`, `plan`, `finance`, `consult`,
 *   `service_stats`, `other`: the names the indicator profiles use) comes from its
 *   ColumnType tag, else its name (ga_site_column_type());
 * - list items and article publish dates become the column's item dates; a column whose
 *   list pages show no item and that has no article is blank (空白栏目);
 * - the home page's links to articles give the home-page items and their dates;
 * - every link is recorded with up to three pages holding it; a link whose target was
 *   fetched with an HTTP error (after redirects) is broken;
 * - articles' titles and bodies are scanned with the matcher (错敏字) and, when the options
 *   give one, checked with the spelling model (统计错别字), and fingerprinted for
 *   duplicates (一稿多发);
 * - the government metadata tags each page lacks, the SiteIDCode, site name and owner
 *   (主办单位) are taken from the pages.
 *
 * ga_site_auditor_finish() turns all this into ::ga_observations_t, scores them with the
 * profile and returns a ::ga_site_result_t carrying the score result and every piece of
 * evidence; the report module renders it as JSON or HTML (report.h).
 *
 * An auditor is used by one thread at a time; the profile and matcher it borrows are
 * immutable and may be shared with other auditors on other threads.
 */
#ifndef GOVAUDIT_SITE_H
#define GOVAUDIT_SITE_H

#include <stddef.h>
#include <stdint.h>

#include <govaudit/core.h>
#include <govaudit/match.h>
#include <govaudit/score.h>
#include <govaudit/probe.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Flags of ::ga_site_options_t.flags. */
enum ga_site_flag {
    /** Do not look for duplicate posts (no dedup index: less memory and time). */
    GA_SITE_NO_DEDUP = 1u << 0,
    /** Links to the site's own pages that were never fed count as broken (status 0,
     *  "not found"): right for a complete mirror, where wget keeps no error pages;
     *  ga_site_auditor_add_mirror() sets it for the links it reads. */
    GA_SITE_MISSING_IS_BROKEN = 1u << 1
};

/** Options of an auditor. Set `size` to sizeof(ga_site_options_t) and zero the rest for
 *  the defaults. */
typedef struct ga_site_options {
    size_t size;            /**< sizeof(ga_site_options_t) */
    unsigned flags;         /**< ::ga_site_flag bits */
    const char *site_url;   /**< the site's home page URL; NULL: the first HTML page fed
                                 with a 2xx status decides the site's host */
    const char *site_name;  /**< the site's name; NULL: SiteName of the home page, else its
                                 `<title>`, else the host */
    size_t max_findings;    /**< text findings kept with their context for the report;
                                 0: 5000. All findings are counted and scored. */
    size_t max_page_bytes;  /**< larger bodies are not parsed (a warning says so);
                                 0: 16 MiB */
    double dedup_threshold; /**< Jaccard threshold of copies (dedup.h); 0: 0.8 */
    /** Since 1.1: statistical 错别字 model (spell.h), borrowed for the audit: titles and
     *  bodies are also checked with it and its findings count like the matcher's (rule ids
     *  `spell:…`, never serious). NULL: none. */
    const struct ga_spell_model *spell;
    /** Since 1.1: progress callback (core.h's rules), NULL for none. Stages: `pages` while
     *  pages are fed (URLs fed, body bytes; every ga_site_auditor_add_page(), so WARC
     *  records and mirror files too), then in ga_site_auditor_finish() `columns`, `links`,
     *  `clusters` (duplicates, unless ::GA_SITE_NO_DEDUP) and `score`. A cancelled auditor
     *  can only be freed. */
    ga_progress_fn progress;
    /** Since 1.1: passed back to `progress` as its `user`. */
    void *progress_user;
} ga_site_options_t;
/** Size of ::ga_site_options_t in 1.0 (before `spell`): the smallest `size` accepted. */
#define GA_SITE_OPTIONS_SIZE_1_0 (offsetof(ga_site_options_t, spell))

/** An audit in progress. */
typedef struct ga_site_auditor ga_site_auditor_t;
/** The outcome of an audit: score result and evidence; immutable. */
typedef struct ga_site_result ga_site_result_t;

/**
 * New auditor for audit time `audit_time` (seconds as in score.h: every freshness window
 * ends there). `profile` scores the site (a website profile); `matcher` (may be NULL: no
 * text findings, the indicators reading them are then not evaluable) checks the wording.
 * Both are borrowed and must outlive the auditor. Fails with GA_ERR_INVALID_ARGUMENT on a
 * NULL profile, a new-media profile, GA_TIME_NONE or a bad `options->size`.
 */
GA_API ga_status_t ga_site_auditor_new(const ga_profile_t *profile, const ga_matcher_t *matcher,
                                       int64_t audit_time, const ga_site_options_t *options,
                                       ga_site_auditor_t **out, ga_error_t **err);
/** Release an auditor; NULL is allowed. */
GA_API void ga_site_auditor_free(ga_site_auditor_t *a);

/**
 * Feed one fetched URL. `status` is the HTTP status (0: the fetch failed without a
 * response), `content_type` the Content-Type header (may be NULL: the body is sniffed),
 * `location` the Location header of a redirect (may be NULL), `body` the decoded body
 * (may be NULL when `len` is 0). A URL fed twice keeps its first response. Problems with
 * one page (a body over the size limit, HTML the parser gives up on) become warnings of
 * the result, not errors; errors are GA_ERR_INVALID_ARGUMENT (NULL url, an auditor
 * already finished) and GA_ERR_NO_MEMORY.
 */
GA_API ga_status_t ga_site_auditor_add_page(ga_site_auditor_t *a, const char *url, int status,
                                            const char *content_type, const char *location,
                                            const char *body, size_t len, ga_error_t **err);

/**
 * Feed every HTTP response of a WARC file (plain or gzip; wget, Heritrix, Browsertrix).
 * A record whose block does not end where its Content-Length says is kept with what
 * could be read (::GA_WARC_KEEP_DAMAGED) and a warning names it; records that cannot be
 * read at all are skipped with a warning. Revisit records give their status only. Fails with the reader's error when the file cannot be opened.
 */
GA_API ga_status_t ga_site_auditor_add_warc(ga_site_auditor_t *a, const char *path,
                                            ga_error_t **err);

/**
 * Feed every file of a mirror folder as `wget --mirror` writes it: HOST/PATH, where the
 * folder is either the one holding the HOST folders or a HOST folder itself (named like a
 * host, `www.example.gov.cn` or `127.0.0.1:8000`). Files are fed in byte order of their
 * paths with status 200; `dir/index.html` also answers for `dir/`. Symbolic links are
 * not followed. Fails with GA_ERR_IO when the folder cannot be read.
 */
GA_API ga_status_t ga_site_auditor_add_mirror(ga_site_auditor_t *a, const char *dir,
                                              ga_error_t **err);

/** A WARC file (by its content) or a mirror folder, whichever `path` is. */
GA_API ga_status_t ga_site_auditor_add_crawl(ga_site_auditor_t *a, const char *path,
                                             ga_error_t **err);

/**
 * End the audit: resolve links, columns and duplicates, build the observations, score
 * them and return the result. The auditor can then only be freed. Fails with
 * GA_ERR_NOT_FOUND when no page of the site was fed.
 */
GA_API ga_status_t ga_site_auditor_finish(ga_site_auditor_t *a, ga_site_result_t **out,
                                          ga_error_t **err);

/** Audit one crawl (ga_site_auditor_add_crawl()) in one call. */
GA_API ga_status_t ga_site_audit(const char *crawl, const ga_profile_t *profile,
                                 const ga_matcher_t *matcher, int64_t audit_time,
                                 const ga_site_options_t *options, ga_site_result_t **out,
                                 ga_error_t **err);

/**
 * Add the availability probes of the audited site from a probe log (probe.h): the lines
 * whose URL is on the site's host (ga_probe_log_observe()), so 站点无法访问 is scored.
 * Call it after the crawl was fed or with ga_site_options_t.site_url set, before
 * ga_site_auditor_finish(). `*added` (may be NULL) receives the number of probes added.
 * Fails with GA_ERR_INVALID_ARGUMENT when the site is not known yet or the audit is
 * finished.
 */
GA_API ga_status_t ga_site_auditor_add_probes(ga_site_auditor_t *a, const ga_probe_log_t *log,
                                              size_t *added, ga_error_t **err);
/**
 * Re-check a finished audit's links over the network before they are reported
 * (ga_probe_run() with `options`): every broken link, and with ::GA_PROBE_CHECK_PAGE every
 * external link that opened, which a soft 404 then breaks (status 404). Options as for
 * ga_probe_run(), except that `tries` 0 means 3 and `per_host` 0 means 2 here; loopback
 * and private addresses need ::GA_PROBE_ALLOW_PRIVATE as always. Links whose verdict
 * changes, and links the crawl could not open that now answer with an error, get the new
 * status; the result's link list and counters follow, and the result
 * is scored again with `profile` (the one it was scored with). `*changed` (may be NULL)
 * receives the number of links whose verdict changed. The result must not be read by another
 * thread meanwhile. Network failures are statuses, not errors.
 */
GA_API ga_status_t ga_site_result_recheck_links(ga_site_result_t *r, const ga_profile_t *profile,
                                                const ga_probe_options_t *options,
                                                size_t *changed, ga_error_t **err);
/** Release a result; NULL is allowed. */
GA_API void ga_site_result_free(ga_site_result_t *r);
/** The score result (verdict, score, every indicator's outcome and evidence). */
GA_API const ga_score_result_t *ga_site_result_score(const ga_site_result_t *r);
/** The observations the score was computed from. */
GA_API const ga_observations_t *ga_site_result_observations(const ga_site_result_t *r);
/** The site's name. */
GA_API const char *ga_site_result_site(const ga_site_result_t *r);
/** The owner (主办单位) as the home page names it, or NULL. */
GA_API const char *ga_site_result_owner(const ga_site_result_t *r);
/** The home page URL (or the site's root URL when the home page was not fed). */
GA_API const char *ga_site_result_home(const ga_site_result_t *r);
/** The audit time. */
GA_API int64_t ga_site_result_time(const ga_site_result_t *r);

/** Counters of ga_site_result_count(). */
typedef enum ga_site_count {
    GA_SITE_URLS = 0,        /**< URLs fed (any host, any status) */
    GA_SITE_PAGES = 1,       /**< HTML pages of the site parsed */
    GA_SITE_ARTICLES = 2,    /**< article pages */
    GA_SITE_LISTS = 3,       /**< list pages */
    GA_SITE_ATTACHMENTS = 4, /**< attachments fed (pdf, doc, ...) */
    GA_SITE_ERRORS = 5,      /**< URLs of the site fetched with an HTTP error */
    GA_SITE_COLUMNS = 6,     /**< columns */
    GA_SITE_BROKEN = 7,      /**< distinct broken link targets */
    GA_SITE_EXTERNAL = 8,    /**< distinct external link targets (外链) */
    GA_SITE_FINDINGS = 9,    /**< text findings */
    GA_SITE_DUPLICATES = 10, /**< duplicate clusters */
    GA_SITE_WARNINGS = 11    /**< warnings */
} ga_site_count_t;

/** One of the counters above (0 for an unknown one). */
GA_API size_t ga_site_result_count(const ga_site_result_t *r, ga_site_count_t what);
/** Warning `i` (a damaged WARC record, a page too large, ...), NULL when out of range. */
GA_API const char *ga_site_result_warning(const ga_site_result_t *r, size_t i);

/**
 * The column type (as the profiles name them) of a ColumnType value or column name:
 * 政策解读 → `interpretation`, 政策文件/规范性文件 → `policy`, 通知公告/公示 → `notice`,
 * 要闻/动态/新闻/部门信息 → `news`, 人事/任免 → `personnel`, 规划/计划 → `plan`,
 * 财政/预决算 → `finance`, 互动/咨询/留言/信箱 → `consult`, 办事统计/办件 →
 * `service_stats`; `other` for anything else. Never NULL.
 */
GA_API const char *ga_site_column_type(const char *name);

#ifdef __cplusplus
}
#endif

#endif
