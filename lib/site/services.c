/* 服务实用: the service guides (办事指南) the site shows, with the elements each shows,
 * into the observations W-V6 reads (which elements a guide must show is the profile's). */
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"

/* Guides are kept up to this many: a 政务服务 site lists thousands of services, a sample
 * of this size shows whether its guides are complete. */
#define MAX_GUIDES 20000

ga_status_t ga_site_note_guide(ga_site_auditor_t *a, const ga_page_t *pg, const char *url,
                               ga_error_t **err)
{
    size_t n = ga_page_guide_element_count(pg);
    if (!n || a->guides.n >= MAX_GUIDES)
        return GA_OK;
    site_guide_t *g = GA_SITE_PUSH(a->guides);
    if (!g || !(g->name = strdup(ga_page_guide_name(pg))) || !(g->url = strdup(url)))
        return nomem(err);
    for (size_t i = 0; i < n && g->n < sizeof g->elements / sizeof *g->elements; i++)
        g->elements[g->n++] = ga_page_guide_element(pg, i);
    return GA_OK;
}

ga_status_t ga_site_build_guides(ga_site_auditor_t *a, ga_error_t **err)
{
    for (size_t i = 0; i < a->guides.n; i++) {
        const site_guide_t *g = &a->guides.v[i];
        ga_status_t st = ga_obs_add_guide(a->obs, g->name, g->url, g->elements, g->n, err);
        if (st)
            return st;
    }
    return GA_OK;
}

void ga_site_guides_free(ga_site_auditor_t *a)
{
    for (size_t i = 0; i < a->guides.n; i++) {
        free(a->guides.v[i].name);
        free(a->guides.v[i].url);
    }
    free(a->guides.v);
}
