/* Accessors of ga_page_t and the government metadata check. */
#include <string.h>
#include <strings.h>

#include "page/page-internal.h"

static const char *const tag_names[GA_META_TAG_COUNT] = {
    "SiteName",    "SiteDomain", "SiteIDCode",    "ColumnName", "ColumnDescription",
    "ColumnKeywords", "ColumnType", "ArticleTitle", "PubDate",  "ContentSource",
    "Keywords",    "Author",     "Description",   "Image",      "Url"};

const char *ga_page_url(const ga_page_t *p)
{
    return p ? p->url : NULL;
}

const char *ga_page_charset(const ga_page_t *p)
{
    return p ? p->charset : NULL;
}

const char *ga_page_html_title(const ga_page_t *p)
{
    return p ? p->html_title : NULL;
}

const char *ga_page_title(const ga_page_t *p)
{
    return p ? p->title : NULL;
}

const char *ga_page_pubdate(const ga_page_t *p)
{
    return p ? p->pubdate : NULL;
}

const char *ga_page_pubdate_from(const ga_page_t *p, ga_page_date_source_t from)
{
    return p && (unsigned)from < GA_PAGE_DATE_SOURCES ? p->date_from[from] : NULL;
}

const char *ga_page_source(const ga_page_t *p)
{
    return p ? p->source : NULL;
}

ga_page_kind_t ga_page_kind(const ga_page_t *p)
{
    return p ? p->kind : GA_PAGE_OTHER;
}

const char *ga_page_kind_name(ga_page_kind_t kind)
{
    switch (kind) {
    case GA_PAGE_ARTICLE:
        return "article";
    case GA_PAGE_LIST:
        return "list";
    case GA_PAGE_HOME:
        return "home";
    default:
        return "other";
    }
}

size_t ga_page_column_count(const ga_page_t *p)
{
    return p ? p->ncolumn : 0;
}

const char *ga_page_column(const ga_page_t *p, size_t i)
{
    return p && i < p->ncolumn ? p->column[i] : NULL;
}

const char *ga_page_meta(const ga_page_t *p, const char *name)
{
    if (!p || !name)
        return NULL;
    for (size_t i = 0; i < p->nmeta; i++)
        if (!strcasecmp(p->meta[i].name, name))
            return p->meta[i].content;
    return NULL;
}

size_t ga_page_meta_count(const ga_page_t *p)
{
    return p ? p->nmeta : 0;
}

int ga_page_meta_at(const ga_page_t *p, size_t i, const char **name, const char **content)
{
    if (!p || i >= p->nmeta)
        return 0;
    if (name)
        *name = p->meta[i].name;
    if (content)
        *content = p->meta[i].content;
    return 1;
}

const char *ga_page_meta_tag_name(ga_page_meta_tag_t tag)
{
    return (unsigned)tag < GA_META_TAG_COUNT ? tag_names[tag] : NULL;
}

uint32_t ga_page_meta_missing(const ga_page_t *p, ga_page_kind_t kind)
{
    uint32_t need = 1u << GA_META_SITE_NAME | 1u << GA_META_SITE_DOMAIN | 1u << GA_META_SITE_ID_CODE;
    if (kind == GA_PAGE_LIST || kind == GA_PAGE_ARTICLE)
        need |= 1u << GA_META_COLUMN_NAME | 1u << GA_META_COLUMN_TYPE;
    if (kind == GA_PAGE_LIST)
        need |= 1u << GA_META_COLUMN_DESCRIPTION | 1u << GA_META_COLUMN_KEYWORDS;
    if (kind == GA_PAGE_ARTICLE)
        need |= 1u << GA_META_ARTICLE_TITLE | 1u << GA_META_PUB_DATE | 1u << GA_META_CONTENT_SOURCE;
    uint32_t missing = 0;
    for (unsigned t = 0; t < GA_META_TAG_COUNT; t++) {
        if (!(need & (1u << t)))
            continue;
        const char *v = ga_page_meta(p, tag_names[t]);
        if (!v || !*v)
            missing |= 1u << t;
    }
    return missing;
}

const char *ga_page_text(const ga_page_t *p, size_t *len)
{
    if (len)
        *len = p ? p->text_len : 0;
    return p ? p->text : NULL;
}

size_t ga_page_link_count(const ga_page_t *p)
{
    return p ? p->nlinks : 0;
}

const char *ga_page_link_url(const ga_page_t *p, size_t i)
{
    return p && i < p->nlinks ? p->links[i].url : NULL;
}

const char *ga_page_link_text(const ga_page_t *p, size_t i)
{
    return p && i < p->nlinks ? p->links[i].text : NULL;
}

int ga_page_link_in_body(const ga_page_t *p, size_t i)
{
    return p && i < p->nlinks ? p->links[i].in_body : 0;
}

size_t ga_page_item_count(const ga_page_t *p)
{
    return p ? p->nitems : 0;
}

const char *ga_page_item_title(const ga_page_t *p, size_t i)
{
    return p && i < p->nitems ? p->items[i].title : NULL;
}

const char *ga_page_item_url(const ga_page_t *p, size_t i)
{
    return p && i < p->nitems ? p->items[i].url : NULL;
}

const char *ga_page_item_date(const ga_page_t *p, size_t i)
{
    return p && i < p->nitems ? p->items[i].date : NULL;
}

size_t ga_page_attachment_count(const ga_page_t *p)
{
    return p ? p->nattachments : 0;
}

const char *ga_page_attachment_url(const ga_page_t *p, size_t i)
{
    return p && i < p->nattachments ? p->attachments[i].url : NULL;
}

const char *ga_page_attachment_text(const ga_page_t *p, size_t i)
{
    return p && i < p->nattachments ? p->attachments[i].text : NULL;
}

const char *ga_page_attachment_type(const ga_page_t *p, size_t i)
{
    return p && i < p->nattachments ? p->attachments[i].type : NULL;
}

const char *ga_page_identity(const ga_page_t *p, ga_page_identity_t item)
{
    return p && (unsigned)item < GA_PAGE_IDENTITY_ITEMS ? p->identity[item] : NULL;
}

const char *ga_page_identity_link(const ga_page_t *p, ga_page_identity_t item)
{
    return p && (unsigned)item < GA_PAGE_IDENTITY_ITEMS ? p->identity_link[item] : NULL;
}

size_t ga_page_message_count(const ga_page_t *p)
{
    return p ? p->nmessages : 0;
}

const char *ga_page_message(const ga_page_t *p, size_t i, ga_page_message_field_t field)
{
    return p && i < p->nmessages && (unsigned)field < GA_PAGE_MSG_FIELDS
               ? p->messages[i].field[field]
               : NULL;
}

int ga_page_message_form(const ga_page_t *p)
{
    return p && p->message_form;
}

size_t ga_page_guide_element_count(const ga_page_t *p)
{
    return p ? p->nguide : 0;
}

const char *ga_page_guide_element(const ga_page_t *p, size_t i)
{
    return p && i < p->nguide ? p->guide[i] : NULL;
}

const char *ga_page_guide_name(const ga_page_t *p)
{
    return p ? p->guide_name : NULL;
}
