/* The evidence extractors of a page on arbitrary bytes (the date signals, the footer's
 * identity items, messages, service guides): never crash, every string valid UTF-8, every
 * date ISO 8601. The first byte picks the URL (none, a TRS-style dated article, a list)
 * and a Content-Type. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void valid(const char *s)
{
    if (s && ga_utf8_validate(s, strlen(s), NULL) != GA_OK)
        abort();
}

static void iso(const char *s)
{
    if (s && strlen(s) != 10 && strlen(s) != 19)
        abort();
    valid(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const urls[] = {NULL, "http://www.example.gov.cn/zwgk/tzgg/202301/t20230105_1.html",
                                       "http://www.example.gov.cn/hdjl/szxx/index.html",
                                       "http://www.example.gov.cn/art/2019/5/20/art_1_2.html"};
    static const char *const types[] = {NULL, "text/html; charset=gbk"};
    unsigned sel = data[0];
    ga_page_options_t o = {sizeof o, types[(sel >> 2) & 1], NULL, 0};
    ga_page_t *pg = NULL;
    if (ga_page_parse((const char *)data + 1, size - 1, urls[sel & 3], &o, &pg, NULL) != GA_OK)
        abort();
    iso(ga_page_pubdate(pg));
    for (int d = 0; d <= GA_PAGE_DATE_SOURCES; d++)
        iso(ga_page_pubdate_from(pg, (ga_page_date_source_t)d));
    for (int k = 0; k <= GA_PAGE_IDENTITY_ITEMS; k++) {
        valid(ga_page_identity(pg, (ga_page_identity_t)k));
        valid(ga_page_identity_link(pg, (ga_page_identity_t)k));
    }
    for (size_t i = 0; i <= ga_page_message_count(pg); i++)
        for (int f = 0; f <= GA_PAGE_MSG_FIELDS; f++) {
            const char *v = ga_page_message(pg, i, (ga_page_message_field_t)f);
            if (f == GA_PAGE_MSG_TIME || f == GA_PAGE_MSG_REPLY_TIME)
                iso(v);
            else
                valid(v);
        }
    (void)ga_page_message_form(pg);
    size_t n = ga_page_guide_element_count(pg);
    if (n && !ga_page_guide_name(pg))
        abort();
    valid(ga_page_guide_name(pg));
    for (size_t i = 0; i <= n; i++)
        valid(ga_page_guide_element(pg, i));
    for (size_t i = 0; i < ga_page_column_count(pg); i++)
        valid(ga_page_column(pg, i));
    valid(ga_page_title(pg));
    ga_page_free(pg);
    return 0;
}
