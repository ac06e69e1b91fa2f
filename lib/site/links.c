/* Links: each link target's final status through redirects, broken links with the
 * pages holding them, and the inventory of external links. */
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"

int ga_site_final_status(const ga_site_auditor_t *a, uint32_t i)
{
    for (int hop = 0; hop < 10; hop++) {
        const uent_t *e = &a->u.v[i - 1];
        if (e->status >= 300 && e->status < 400 && e->redirect && e->redirect != i) {
            const uent_t *t = &a->u.v[e->redirect - 1];
            if (t->status < 0)
                return e->status; /* the redirect's target was not fetched */
            i = e->redirect;
            continue;
        }
        return e->status;
    }
    return 0; /* a redirect loop never opens */
}

/* A page missing from a mirror under its own name may be there under the name
 * `wget --adjust-extension` gives it (NAME.html): its status then, else -1. */
static int mirror_status(ga_site_auditor_t *a, const char *url)
{
    a->b2.len = 0;
    if (!ga_buf_append(&a->b2, url, strlen(url)) || !ga_buf_append(&a->b2, ".html", 5))
        return -1;
    uint32_t e = ga_site_hmap_get(&a->umap, ga_hash64(a->b2.data, a->b2.len, 0x5173u));
    return e ? ga_site_final_status(a, e) : -1;
}

ga_status_t ga_site_build_links(ga_site_auditor_t *a, ga_error_t **err)
{
    ga_site_result_t *r = a->res;
    ga_obs_mark_observed(a->obs, GA_OBS_LINKS);
    /* Two passes: broken links first, then the external inventory, each in crawl order. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < a->u.n; i++) {
            const uent_t *e = &a->u.v[i];
            bool external = ga_site_is_external(a, e->url);
            if (pass == 0 && !external && (e->flags & F_FED) && (e->status >= 400 || e->status == 0))
                r->count[GA_SITE_ERRORS] += pass == 0;
            if (!e->nrefs)
                continue;
            int st = ga_site_final_status(a, (uint32_t)i + 1);
            if (st < 0 && !external && (a->flags & GA_SITE_MISSING_IS_BROKEN))
                st = mirror_status(a, e->url);
            bool missing = st < 0 && !external && (a->flags & GA_SITE_MISSING_IS_BROKEN);
            bool broken = (st >= 0 && (st == 0 || st >= 400)) || missing;
            if (pass == 0 ? !broken : (broken || !external))
                continue;
            const char *where = a->u.v[e->refs[0] - 1].url;
            if (broken || st >= 0) {
                ga_status_t s = ga_obs_add_link(a->obs, e->url, st < 0 ? 0 : st, external, where,
                                                err);
                if (s)
                    return s;
            }
            r->count[broken ? GA_SITE_BROKEN : GA_SITE_EXTERNAL]++;
            if (broken && external)
                r->count[GA_SITE_EXTERNAL]++;
            if (r->links.n >= 5000)
                continue;
            ga_site_link_t *l = GA_SITE_PUSH(r->links);
            if (!l || !(l->url = strdup(e->url)))
                return nomem(err);
            l->status = missing ? 0 : st;
            l->external = external;
            l->broken = broken;
            l->nrefs = e->nrefs;
            for (uint32_t k = 0; k < e->nrefs && k < GA_SITE_REFS; k++)
                if (!(l->refs[k] = strdup(a->u.v[e->refs[k] - 1].url)))
                    return nomem(err);
            if (e->text && !(l->text = strdup(e->text)))
                return nomem(err);
        }
    }
    return GA_OK;
}
