/**
 * @file page.h
 * @brief HTML pages to documents: charset, government metadata, title, date, source,
 *        breadcrumb column, page kind, main body text, links, list items, attachments.
 *
 * ga_page_parse() takes the raw bytes of one HTML page as crawled (any charset; GBK,
 * GB2312 and GB18030 are decoded as GB18030, their superset) and returns an immutable
 * ::ga_page_t. All text it returns is valid UTF-8, NUL-terminated, owned by the page and
 * valid until ga_page_free(). Broken HTML is recovered, never rejected; nothing is ever
 * fetched from the network (no DTD, no external entities). A page object may be read from
 * several threads at once; ga_page_parse() itself is thread-safe.
 */
#ifndef GOVAUDIT_PAGE_H
#define GOVAUDIT_PAGE_H

#include <govaudit/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Attributes kept per start tag; ga_page_parse() drops the rest before parsing, because
 *  libxml2's HTML parser spends time quadratic in a tag's attribute count. */
#define GA_PAGE_MAX_ATTRIBUTES 128

/** Options for ga_page_parse(). Set `size` to sizeof(ga_page_options_t); zero the rest
 *  for the defaults. */
typedef struct ga_page_options {
    size_t size;              /**< sizeof(ga_page_options_t): lets later versions grow it */
    const char *content_type; /**< the HTTP Content-Type header value as served (its
                                   `charset=` wins over the page's own `<meta>`), or NULL */
    const char *charset;      /**< force this charset (an encoding label such as "gbk"),
                                   overriding every other source, or NULL */
    size_t max_bytes;         /**< refuse larger input with GA_ERR_LIMIT; 0: 64 MiB */
} ga_page_options_t;

/** What a page is, as an inspector sorts pages. */
typedef enum ga_page_kind {
    GA_PAGE_OTHER = 0,   /**< none of the below (search, form, error page, ...) */
    GA_PAGE_ARTICLE = 1, /**< one article: a headline and a body (内容页) */
    GA_PAGE_LIST = 2,    /**< a column's list of articles (栏目页/列表页) */
    GA_PAGE_HOME = 3     /**< the site's home page (首页) */
} ga_page_kind_t;

/**
 * The government website metadata tags of the 政府网站发展指引 (`<meta name="SiteName"
 * content="...">` and so on), as bits for ga_page_meta_missing().
 */
typedef enum ga_page_meta_tag {
    GA_META_SITE_NAME = 0,          /**< SiteName 网站名称 */
    GA_META_SITE_DOMAIN = 1,        /**< SiteDomain 网站域名 */
    GA_META_SITE_ID_CODE = 2,       /**< SiteIDCode 网站标识码 */
    GA_META_COLUMN_NAME = 3,        /**< ColumnName 栏目名称 */
    GA_META_COLUMN_DESCRIPTION = 4, /**< ColumnDescription 栏目描述 */
    GA_META_COLUMN_KEYWORDS = 5,    /**< ColumnKeywords 栏目关键词 */
    GA_META_COLUMN_TYPE = 6,        /**< ColumnType 栏目类型 */
    GA_META_ARTICLE_TITLE = 7,      /**< ArticleTitle 文章标题 */
    GA_META_PUB_DATE = 8,           /**< PubDate 发布时间 */
    GA_META_CONTENT_SOURCE = 9,     /**< ContentSource 文章来源 */
    GA_META_KEYWORDS = 10,          /**< Keywords 关键词 */
    GA_META_AUTHOR = 11,            /**< Author 作者 */
    GA_META_DESCRIPTION = 12,       /**< Description 描述 */
    GA_META_IMAGE = 13,             /**< Image 图片 */
    GA_META_URL = 14,               /**< Url */
    GA_META_TAG_COUNT = 15          /**< number of tags */
} ga_page_meta_tag_t;

/** A parsed page; immutable; release with ga_page_free(). */
typedef struct ga_page ga_page_t;

/**
 * Parse `len` bytes of HTML at `bytes`. `url` (may be NULL) is the address the page was
 * fetched from: links are resolved against it (or the page's `<base href>`), and dates
 * in it (/t20230731_123.html, /2023-07/31/) are the last resort for the publish date.
 * `options` may be NULL. Empty input gives an empty page of kind GA_PAGE_OTHER.
 * Fails with GA_ERR_INVALID_ARGUMENT (NULL `bytes` with `len` > 0, NULL `out`, bad
 * `options->size`), GA_ERR_LIMIT (input over the size limit), GA_ERR_UNSUPPORTED (a
 * forced charset ICU does not know), GA_ERR_NO_MEMORY, GA_ERR_DEPENDENCY.
 *
 * Limits of the HTML parser (libxml2) that bound its work on hostile pages: a start tag
 * keeps its first GA_PAGE_MAX_ATTRIBUTES attributes; the page is read up to the first
 * element nested more than 256 deep, or the first run of text over 10,000,000 bytes
 * without markup, and what follows it is left out of the result.
 */
GA_API ga_status_t ga_page_parse(const char *bytes, size_t len, const char *url,
                                 const ga_page_options_t *options, ga_page_t **out,
                                 ga_error_t **err);
/** Release a page; NULL is allowed. */
GA_API void ga_page_free(ga_page_t *page);

/** The URL given to ga_page_parse() (or "" when none). */
GA_API const char *ga_page_url(const ga_page_t *page);
/** The charset the bytes were decoded from, as an ICU name ("UTF-8", "GB18030", ...). */
GA_API const char *ga_page_charset(const ga_page_t *page);
/** The content of `<title>`, whitespace collapsed ("" when none). */
GA_API const char *ga_page_html_title(const ga_page_t *page);
/** The article title: ArticleTitle, else the visible headline, else `<title>` without
 *  the site-name suffix; "" when none. */
GA_API const char *ga_page_title(const ga_page_t *page);
/** The publish date in ISO 8601 ("2023-07-31" or "2023-07-31T10:20:00", local time as the
 *  page prints it), or NULL when none was found. */
GA_API const char *ga_page_pubdate(const ga_page_t *page);
/** Where a publish date was read (ga_page_pubdate_from()). */
typedef enum ga_page_date_source {
    GA_PAGE_DATE_META = 0,  /**< the PubDate meta tag (or firstpublishedtime and the like) */
    GA_PAGE_DATE_SHOWN = 1, /**< the date the page shows (发布日期/发布时间, the info line) */
    GA_PAGE_DATE_URL = 2,   /**< the date the URL was made from (t20230105_123.html) */
    GA_PAGE_DATE_SOURCES = 3
} ga_page_date_source_t;

/**
 * The publish date one signal gives, in ISO 8601, or NULL when it gives none.
 * ga_page_pubdate() chooses among them: what the page shows, when it shows a date (the
 * meta tag's time is kept when both name the same day); else the meta tag, unless it is
 * more than 30 days later than every other date the page gives (the URL's, the date
 * signed at the foot of the body): CMSs fill PubDate with the time the page was last
 * rebuilt; else the URL's. A disagreement between them is evidence in itself (a changed
 * publish date). @since 1.1
 */
GA_API const char *ga_page_pubdate_from(const ga_page_t *page, ga_page_date_source_t from);

/** The source (ContentSource, else the visible 信息来源/来源), or NULL when none. */
GA_API const char *ga_page_source(const ga_page_t *page);
/** The page kind. */
GA_API ga_page_kind_t ga_page_kind(const ga_page_t *page);
/** "article", "list", "home" or "other". */
GA_API const char *ga_page_kind_name(ga_page_kind_t kind);

/** Number of entries of the column path: the breadcrumb (您现在的位置：首页 > 政务公开 >
 *  ...); without one, the ColumnName tag; without that, the URL's folders when their
 *  names are the usual abbreviations (/zwgk/tzgg/ → 政务公开, 通知公告). */
GA_API size_t ga_page_column_count(const ga_page_t *page);
/** Entry `i` of the column path ("首页", "政务公开", ...), NULL when out of range. */
GA_API const char *ga_page_column(const ga_page_t *page, size_t i);

/**
 * The content of the first `<meta name=NAME>` (NAME compared without regard to ASCII
 * case, so "sitename" finds SiteName), whitespace trimmed; NULL when the page has none.
 * Works for any meta name, not only the government tags.
 */
GA_API const char *ga_page_meta(const ga_page_t *page, const char *name);
/** Number of `<meta name=... content=...>` elements on the page. */
GA_API size_t ga_page_meta_count(const ga_page_t *page);
/** Name and content of meta element `i` (in document order); false when out of range. */
GA_API int ga_page_meta_at(const ga_page_t *page, size_t i, const char **name,
                           const char **content);
/** The canonical spelling of a government tag ("SiteName", ...), NULL when out of range. */
GA_API const char *ga_page_meta_tag_name(ga_page_meta_tag_t tag);
/**
 * The government tags a page of kind `kind` must carry but `page` lacks or leaves empty,
 * as a bit set (bit `1u << GA_META_...`). Pass ga_page_kind(page) to check the page as
 * what it is. Every page needs SiteName, SiteDomain and SiteIDCode; list and article pages
 * also ColumnName and ColumnType; list pages ColumnDescription and ColumnKeywords; article
 * pages ArticleTitle, PubDate and ContentSource.
 */
GA_API uint32_t ga_page_meta_missing(const ga_page_t *page, ga_page_kind_t kind);

/** The main body text, boilerplate removed: one paragraph a line ("" when none). */
GA_API const char *ga_page_text(const ga_page_t *page, size_t *len);

/** Number of links (`<a href>`, `<area href>`; `javascript:` and same-page `#` anchors left out). */
GA_API size_t ga_page_link_count(const ga_page_t *page);
/** Absolute URL of link `i`, NULL when out of range. */
GA_API const char *ga_page_link_url(const ga_page_t *page, size_t i);
/** Anchor text of link `i` (else its title or image alt text), NULL when out of range. */
GA_API const char *ga_page_link_text(const ga_page_t *page, size_t i);
/** Whether link `i` sits inside the main body. */
GA_API int ga_page_link_in_body(const ga_page_t *page, size_t i);

/** Number of list items (list pages: the main list of article links). */
GA_API size_t ga_page_item_count(const ga_page_t *page);
/** Title of list item `i` (the full title attribute when the anchor text is cut short). */
GA_API const char *ga_page_item_title(const ga_page_t *page, size_t i);
/** Absolute URL of list item `i`. */
GA_API const char *ga_page_item_url(const ga_page_t *page, size_t i);
/** Date of list item `i` in ISO 8601, or NULL when the item shows none. */
GA_API const char *ga_page_item_date(const ga_page_t *page, size_t i);

/** Number of attachment links (pdf, doc, docx, xls, xlsx, wps, et, ppt, pptx, zip, rar, 7z,
 *  ofd, ceb), in document order, each URL once. */
GA_API size_t ga_page_attachment_count(const ga_page_t *page);
/** Absolute URL of attachment `i`. */
GA_API const char *ga_page_attachment_url(const ga_page_t *page, size_t i);
/** Link text of attachment `i`. */
GA_API const char *ga_page_attachment_text(const ga_page_t *page, size_t i);
/** File type of attachment `i` in lower case, without the dot ("pdf", "docx", ...). */
GA_API const char *ga_page_attachment_type(const ga_page_t *page, size_t i);

/** Site identity items a page's footer shows (功能设计 · 网站标识). @since 1.1 */
typedef enum ga_page_identity {
    GA_PAGE_ID_CONAC = 0,     /**< 党政机关标识: the conac.cn link, script or image */
    GA_PAGE_ID_SITE_CODE = 1, /**< 网站标识码 as the footer prints it */
    GA_PAGE_ID_ICP = 2,       /**< ICP备案号 ("浙ICP备12345678号-1") */
    GA_PAGE_ID_POLICE = 3,    /**< 公安机关备案号 ("浙公网安备33010002000123号") */
    GA_PAGE_ID_OWNER = 4,     /**< 主办单位 */
    GA_PAGE_ID_CONTACT = 5,   /**< 联系方式: a telephone or e-mail, else the 联系我们 link */
    GA_PAGE_ID_ZHAOCUO = 6,   /**< 我为政府网站找错: the site_code its entrance carries
                                   ("" when it carries none) */
    GA_PAGE_IDENTITY_ITEMS = 7
} ga_page_identity_t;

/** Identity item `item` as the page shows it, or NULL when the page lacks it. @since 1.1 */
GA_API const char *ga_page_identity(const ga_page_t *page, ga_page_identity_t item);
/** The absolute URL identity item `item` links to, or NULL when it is not a link (an ICP
 *  number should link to beian.miit.gov.cn, a 公网安备 number to beian.gov.cn). @since 1.1 */
GA_API const char *ga_page_identity_link(const ga_page_t *page, ga_page_identity_t item);
/** "conac", "site_code", "icp", "police", "owner", "contact", "zhaocuo"; NULL when out of
 *  range. @since 1.1 */
GA_API const char *ga_page_identity_name(ga_page_identity_t item);

/** Fields of a message (留言, 信件, 咨询) a page shows. @since 1.1 */
typedef enum ga_page_message_field {
    GA_PAGE_MSG_TITLE = 0,      /**< its title (信件标题, 留言标题, 主题) */
    GA_PAGE_MSG_URL = 1,        /**< the page showing it in full (a list links it) */
    GA_PAGE_MSG_TIME = 2,       /**< when it was left (留言时间, 来信时间), ISO 8601 */
    GA_PAGE_MSG_STATUS = 3,     /**< the status shown (已办结, 办理中, 未回复, ...) */
    GA_PAGE_MSG_REPLY_TIME = 4, /**< when it was answered (回复时间, 答复时间), ISO 8601 */
    GA_PAGE_MSG_REPLIER = 5,    /**< who answered (回复单位, 答复单位) */
    GA_PAGE_MSG_FIELDS = 6
} ga_page_message_field_t;

/**
 * Number of messages the page shows: rows of a list table whose header names a title and
 * a time (and a status, a reply time or a replier), list items with a status, or the one
 * message of a detail page (its fields as table rows, a definition list or "label：value"
 * lines). @since 1.1
 */
GA_API size_t ga_page_message_count(const ga_page_t *page);
/** Field `field` of message `i`, or NULL when the page does not show it. @since 1.1 */
GA_API const char *ga_page_message(const ga_page_t *page, size_t i,
                                   ga_page_message_field_t field);
/** 1 when the page offers a form to write a message in (a text area), else 0. @since 1.1 */
GA_API int ga_page_message_form(const ga_page_t *page);

/**
 * Number of service-guide elements (办事指南要素) the page shows as labels, when it shows at
 * least three: 事项名称, 设定依据, 申请条件, 办理材料, 办理地点, 办理时间, 办理时限,
 * 收费标准, 咨询电话, 办理流程, 监督投诉 (synonyms such as 受理条件, 申请材料, 承诺时限 count
 * as theirs). 0 for a page that is not a guide. @since 1.1
 */
GA_API size_t ga_page_guide_element_count(const ga_page_t *page);
/** Element `i` of the guide by its canonical name, NULL when out of range. @since 1.1 */
GA_API const char *ga_page_guide_element(const ga_page_t *page, size_t i);
/** The guide's 事项名称 as shown, else its title; NULL for a page that is not a guide.
 *  @since 1.1 */
GA_API const char *ga_page_guide_name(const ga_page_t *page);

#ifdef __cplusplus
}
#endif

#endif
