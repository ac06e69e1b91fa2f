/* 政府网站元数据: pages lacking a tag their kind requires. */
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"

ga_status_t ga_site_note_meta(ga_site_auditor_t *a, const ga_page_t *pg, ga_page_kind_t kind,
                             const char *url, ga_error_t **err)
{
    uint32_t miss = ga_page_meta_missing(pg, kind);
    if (!miss)
        return GA_OK;
    /* Only pages that lack a required tag are recorded: the others count for nothing and
     * would cost memory per page. */
    const char *tags[GA_META_TAG_COUNT];
    size_t n = 0;
    for (int t = 0; t < GA_META_TAG_COUNT; t++) {
        const char *name = ga_page_meta_tag_name((ga_page_meta_tag_t)t);
        const char *v = ga_page_meta(pg, name);
        if (v && *v)
            tags[n++] = name;
    }
    const char *kname = ga_page_kind_name(kind);
    ga_status_t st = ga_obs_add_page(a->obs, url, kname, tags, n, err);
    if (st)
        return st;
    a->res->meta_pages++;
    if (a->res->meta.n < 1000) {
        ga_site_meta_page_t *m = GA_SITE_PUSH(a->res->meta);
        if (!m || !(m->url = strdup(url)) || !(m->kind = strdup(kname)))
            return nomem(err);
        m->missing = miss;
    }
    return GA_OK;
}
