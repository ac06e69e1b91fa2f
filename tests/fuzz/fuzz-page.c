/* Page parsing of arbitrary bytes: never crashes, never rejects (only the size limit may
 * refuse input), and every string it returns is valid UTF-8. The first byte picks the
 * charset source: none, a Content-Type header, or a forced charset; and whether a URL
 * is given. The bytes as GB18030 convert alike with ASCII runs copied and whole. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "page/page-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void valid(const char *s)
{
    if (!s || ga_utf8_validate(s, strlen(s), NULL) != GA_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const types[] = {NULL, "text/html; charset=gbk", "text/html;charset=utf-8",
                                        "text/html; charset=big5"};
    static const char *const forced[] = {NULL, NULL, "gb18030", "windows-1252"};
    unsigned sel = data[0];
    ga_page_options_t o = {sizeof o, types[sel & 3], forced[(sel >> 2) & 3], 0};
    const char *url = (sel & 16) ? "http://www.example.gov.cn/col/col12/art/2023/7/31/t20230731_1.html" : NULL;
    ga_page_t *pg = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_page_parse((const char *)data + 1, size - 1, url, &o, &pg, &err);
    if (st != GA_OK)
        abort(); /* inputs are far below the size limit, charsets all known */
    size_t len;
    const char *text = ga_page_text(pg, &len);
    if (strlen(text) != len)
        abort();
    valid(text);
    valid(ga_page_title(pg));
    valid(ga_page_html_title(pg));
    if (ga_page_pubdate(pg) && strlen(ga_page_pubdate(pg)) != 10 && strlen(ga_page_pubdate(pg)) != 19)
        abort();
    if (ga_page_source(pg))
        valid(ga_page_source(pg));
    for (size_t i = 0; i < ga_page_column_count(pg); i++)
        valid(ga_page_column(pg, i));
    for (size_t i = 0; i < ga_page_link_count(pg); i++) {
        valid(ga_page_link_url(pg, i));
        valid(ga_page_link_text(pg, i));
    }
    for (size_t i = 0; i < ga_page_item_count(pg); i++) {
        valid(ga_page_item_title(pg, i));
        valid(ga_page_item_url(pg, i));
    }
    for (size_t i = 0; i < ga_page_attachment_count(pg); i++)
        valid(ga_page_attachment_url(pg, i));
    for (size_t i = 0; i < ga_page_meta_count(pg); i++) {
        const char *n, *c;
        ga_page_meta_at(pg, i, &n, &c);
        valid(n);
        valid(c);
    }
    (void)ga_page_meta_missing(pg, ga_page_kind(pg));
    ga_page_free(pg);
    ga_error_free(err);

    const char *fast = NULL, *plain = NULL;
    size_t nfast = 0, nplain = 0;
    if (ga_page_convert("GB18030", (const char *)data + 1, size - 1, true, &fast, &nfast, NULL) != GA_OK ||
        ga_page_convert("GB18030", (const char *)data + 1, size - 1, false, &plain, &nplain, NULL) != GA_OK ||
        nfast != nplain || memcmp(fast, plain, nfast))
        abort();
    free((char *)fast);
    free((char *)plain);
    return 0;
}
