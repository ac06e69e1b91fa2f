/* Records: reset between reads, type names and the public accessors. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "warc-private.h"

/* Record ------------------------------------------------------------------------------ */

void ga_warc_shrink(ga_buf_t *b)
{
    /* Give back what one huge record took, so a reader's memory follows the current
     * record rather than the largest seen. */
    if (b->cap > ((size_t)4 << 20))
        ga_buf_free(b);
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void ga_warc_record_reset(ga_warc_record_t *r)
{
    r->type = GA_WARC_UNKNOWN;
    r->offset = r->content_length = 0;
    r->version[0] = '\0';
    r->warc.n = r->http.n = 0;
    r->warc.text.len = r->http.text.len = 0;
    ga_warc_shrink(&r->uri);
    ga_warc_shrink(&r->http_line);
    ga_warc_shrink(&r->block);
    ga_warc_shrink(&r->dec[0]);
    ga_warc_shrink(&r->dec[1]);
    r->block_kept = r->is_http = r->http_parsed = false;
    r->status = 0;
    r->payload_off = 0;
    r->body = NULL;
    r->body_len = 0;
    r->body_status = GA_OK;
    r->damage = GA_OK;
    r->damage_why[0] = '\0';
}

void ga_warc_record_release(ga_warc_record_t *r)
{
    ga_warc_fields_free(&r->warc);
    ga_warc_fields_free(&r->http);
    ga_buf_free(&r->uri);
    ga_buf_free(&r->http_line);
    ga_buf_free(&r->block);
    ga_buf_free(&r->dec[0]);
    ga_buf_free(&r->dec[1]);
}

static const char *const type_names[] = {"unknown",  "warcinfo", "response",
                                         "resource", "request",  "metadata",
                                         "revisit",  "conversion", "continuation"};

const char *ga_warc_type_name(ga_warc_type_t type)
{
    if ((unsigned)type < sizeof type_names / sizeof type_names[0])
        return type_names[type];
    return type_names[0];
}

ga_warc_type_t ga_warc_type_of(const char *name)
{
    if (name)
        for (unsigned t = 1; t < sizeof type_names / sizeof type_names[0]; t++)
            if (strcasecmp(name, type_names[t]) == 0)
                return (ga_warc_type_t)t;
    return GA_WARC_UNKNOWN;
}

/* Accessors --------------------------------------------------------------------------- */

ga_warc_type_t ga_warc_record_type(const ga_warc_record_t *rec)
{
    return rec ? rec->type : GA_WARC_UNKNOWN;
}

uint64_t ga_warc_record_offset(const ga_warc_record_t *rec) { return rec ? rec->offset : 0; }

const char *ga_warc_record_version(const ga_warc_record_t *rec)
{
    return rec ? rec->version : NULL;
}

const char *ga_warc_record_header(const ga_warc_record_t *rec, const char *name)
{
    return rec && name ? ga_warc_fields_get(&rec->warc, name) : NULL;
}

size_t ga_warc_record_header_count(const ga_warc_record_t *rec) { return rec ? rec->warc.n : 0; }

const char *ga_warc_record_header_at(const ga_warc_record_t *rec, size_t index, const char **name)
{
    return rec ? ga_warc_fields_at(&rec->warc, index, name) : NULL;
}

const char *ga_warc_record_target_uri(const ga_warc_record_t *rec)
{
    return rec && rec->uri.data && ga_warc_fields_get(&rec->warc, "WARC-Target-URI") ? rec->uri.data
                                                                           : NULL;
}

const char *ga_warc_record_date(const ga_warc_record_t *rec)
{
    return ga_warc_record_header(rec, "WARC-Date");
}

const char *ga_warc_record_id(const ga_warc_record_t *rec)
{
    return ga_warc_record_header(rec, "WARC-Record-ID");
}

const char *ga_warc_record_content_type(const ga_warc_record_t *rec)
{
    return ga_warc_record_header(rec, "Content-Type");
}

uint64_t ga_warc_record_content_length(const ga_warc_record_t *rec)
{
    return rec ? rec->content_length : 0;
}

const char *ga_warc_record_block(const ga_warc_record_t *rec, size_t *len)
{
    if (!rec || !rec->block_kept) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = rec->block.len;
    return rec->block.data ? rec->block.data : "";
}

int ga_warc_record_is_http(const ga_warc_record_t *rec) { return rec && rec->is_http; }

int ga_warc_record_http_status(const ga_warc_record_t *rec) { return rec ? rec->status : 0; }

const char *ga_warc_record_http_line(const ga_warc_record_t *rec)
{
    return rec && rec->is_http ? rec->http_line.data : NULL;
}

const char *ga_warc_record_http_header(const ga_warc_record_t *rec, const char *name)
{
    return rec && name ? ga_warc_fields_get(&rec->http, name) : NULL;
}

size_t ga_warc_record_http_header_count(const ga_warc_record_t *rec)
{
    return rec ? rec->http.n : 0;
}

const char *ga_warc_record_http_header_at(const ga_warc_record_t *rec, size_t index,
                                          const char **name)
{
    return rec ? ga_warc_fields_at(&rec->http, index, name) : NULL;
}

const char *ga_warc_record_payload(const ga_warc_record_t *rec, size_t *len)
{
    if (!rec || !rec->block_kept || !rec->is_http) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = rec->block.len - rec->payload_off;
    return rec->block.data + rec->payload_off;
}

const char *ga_warc_record_body(const ga_warc_record_t *rec, size_t *len)
{
    if (!rec || !rec->block_kept) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = rec->body_len;
    return rec->body ? rec->body : "";
}

ga_status_t ga_warc_record_damage(const ga_warc_record_t *rec, const char **why)
{
    if (why)
        *why = rec && rec->damage ? rec->damage_why : NULL;
    return rec ? rec->damage : GA_OK;
}

ga_status_t ga_warc_record_body_status(const ga_warc_record_t *rec)
{
    return rec ? rec->body_status : GA_OK;
}
