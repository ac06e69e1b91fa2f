/* Helpers shared by the page module's own source files only. */
#ifndef GA_PAGE_PRIVATE_H
#define GA_PAGE_PRIVATE_H

#include "page/page-internal.h"

/* Compile the regular expressions once; false when PCRE2 refused one (a build problem). */
bool ga_page_regex_ready(void);

/* ga_page_find_date, also giving where the date starts. */
bool ga_page_find_date_at(const char *s, size_t len, char out[20], size_t *start, size_t *end);

/* The first publish-date label (strong: 发布日期/发布时间/...; weak: 日期/时间) followed
 * closely by a date; the date as ISO 8601 in `out`, the label's offset in `*at`. */
bool ga_page_labeled_date(const char *s, size_t len, bool strong, char out[20], size_t *at);

/* The value after the first 信息来源/来源：label, cut at the next field; NUL-terminated
 * into `out` (`cap` bytes); the label's offset in `*at`. */
bool ga_page_find_source(const char *s, size_t len, char *out, size_t cap, size_t *at);

/* How ga_page_parse has libxml2 read a page: the bytes are UTF-8 already (any <meta>
 * charset is ignored), recover from errors silently, never touch the network. */
#define GA_PAGE_XML_OPTIONS                                                                  \
    (HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |    \
     HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)

/*
 * Bound the work libxml2 does per start tag: a copy of `html` (decoded UTF-8 without NUL
 * bytes, `len` bytes) in which no start tag has more than `max_attrs` attributes, as the
 * parser reads them (tags.c says how). `*out` is NULL when nothing had to change (the
 * usual case); otherwise a NUL-terminated copy the caller frees. GA_ERR_NO_MEMORY only.
 */
ga_status_t ga_page_bound_tags(const char *html, size_t len, size_t max_attrs, char **out,
                               size_t *out_len);

#endif
