/* Internal API of the page module, for the modules that build on it (site, report). */
#ifndef GA_PAGE_INTERNAL_H
#define GA_PAGE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <govaudit/page.h>

#include "core/core-internal.h"

typedef struct ga_page_link {
    char *url;
    char *text;
    bool in_body;
} ga_page_link_t;

typedef struct ga_page_item {
    char *title;
    char *url;
    char *date; /* ISO 8601 or NULL */
} ga_page_item_t;

typedef struct ga_page_attachment {
    char *url;
    char *text;
    char type[8];
} ga_page_attachment_t;

typedef struct ga_page_meta_entry {
    char *name;
    char *content;
} ga_page_meta_entry_t;

typedef struct ga_page_message {
    char *field[GA_PAGE_MSG_FIELDS]; /* owned by the page (its arena, its title); NULL when
                                        the page does not show it */
} ga_page_message_t;

/* Every string is NUL-terminated UTF-8 owned by the page. Link, item and attachment
 * strings live in the arena (an attachment shares its link's strings; an item its link's
 * URL and, unless cut short, its text). */
struct ga_page {
    struct ga_page_arena *arena;
    char *url;
    char charset[32];
    char *html_title;
    char *title;
    char *pubdate; /* NULL when none */
    char *source;  /* NULL when none */
    ga_page_kind_t kind;
    char **column;
    size_t ncolumn;
    ga_page_meta_entry_t *meta;
    size_t nmeta;
    char *text;
    size_t text_len;
    ga_page_link_t *links;
    size_t nlinks;
    ga_page_item_t *items;
    size_t nitems;
    ga_page_attachment_t *attachments;
    size_t nattachments;
    /* Where the date came from, for audits that weigh it: 'm' meta, 't' page text,
     * 'u' URL, 0 none. */
    char pubdate_origin;
    /* The date each signal gives (ISO 8601, NULL when it gives none): the meta tag, the
     * text the page shows (发布日期 and the like), the URL. */
    char *date_from[GA_PAGE_DATE_SOURCES];
    /* Where the column path came from: 'b' breadcrumb, 'm' ColumnName, 'u' URL folders,
     * 0 none. */
    char column_origin;
    /* Site identity items of the footer and the links they are (NULL when none). */
    char *identity[GA_PAGE_IDENTITY_ITEMS];
    char *identity_link[GA_PAGE_IDENTITY_ITEMS];
    ga_page_message_t *messages;
    size_t nmessages;
    bool message_form;
    /* A service guide's elements (canonical names, static strings) and its 事项名称. */
    const char **guide;
    size_t nguide;
    char *guide_name;
};

/*
 * Find the first date in `s` (UTF-8, `len` bytes) written as 2023-07-31, 2023/7/31,
 * 2023.07.31 or 2023年7月31日, optionally followed by a time, and write it as ISO 8601 into
 * `out` (room for 20 bytes: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS"). Returns true when found;
 * `*end` (may be NULL) receives the offset just past the match. Thread-safe.
 */
bool ga_page_find_date(const char *s, size_t len, char out[20], size_t *end);

/* A date in a URL path (/t20230731_123.html, /2023-07/31/, /202307/31/, /art/2023/7/31/),
 * as "YYYY-MM-DD". */
bool ga_page_url_date(const char *url, char out[20]);

/*
 * Decode `len` bytes of HTML into valid UTF-8 (ill-formed input becomes U+FFFD). The
 * charset is chosen from, in order: `forced`, a BOM, the charset of `content_type`, the
 * page's own <meta> declaration, a check for valid UTF-8, ICU's detector. `charset`
 * receives the ICU name of the charset used. When the input is clean UTF-8 already,
 * `*utf8` is `bytes` itself and `*borrowed` is true (not NUL-terminated then); otherwise
 * it is a NUL-terminated copy the caller frees.
 */
ga_status_t ga_page_decode(const char *bytes, size_t len, const char *forced,
                           const char *content_type, const char **utf8, size_t *utf8_len,
                           bool *borrowed, char charset[32], ga_error_t **err);
/* Bytes in charset `name` (an ICU converter name) as valid UTF-8 without NULs in a new
 * buffer. With `ascii_runs`, GB18030 input has its long ASCII runs copied instead of
 * converted: the same result, faster (the page's way; false is the plain conversion the
 * tests compare it with). */
ga_status_t ga_page_convert(const char *name, const char *s, size_t len, bool ascii_runs,
                            const char **out, size_t *out_len, ga_error_t **err);

#endif
