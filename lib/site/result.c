/* The audit result: its parts freed, and the accessors of the public API. */
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"

void ga_site_result_free_parts(ga_site_result_t *r)
{
    ga_site_attachments_free(r);
    free(r->site);
    free(r->owner);
    free(r->site_id);
    free(r->home);
    free(r->host);
    free(r->profile_id);
    ga_observations_free(r->obs);
    ga_score_result_free(r->score);
    for (size_t i = 0; i < r->columns.n; i++) {
        ga_site_column_t *c = &r->columns.v[i];
        free(c->key);
        free(c->name);
        free(c->type);
        free(c->url);
    }
    free(r->columns.v);
    for (size_t i = 0; i < r->findings.n; i++) {
        ga_site_finding_t *f = &r->findings.v[i];
        free(f->url);
        free(f->title);
        free(f->rule);
        free(f->category);
        free(f->severity);
        free(f->suggestion);
        free(f->text);
        free(f->before);
        free(f->after);
    }
    free(r->findings.v);
    for (size_t i = 0; i < r->dups.n; i++) {
        ga_site_dup_t *d = &r->dups.v[i];
        for (size_t j = 0; j < d->n; j++) {
            free(d->posts[j].url);
            free(d->posts[j].title);
            free(d->posts[j].column);
            free(d->posts[j].date);
        }
        free(d->posts);
        free(d->kind);
    }
    free(r->dups.v);
    for (size_t i = 0; i < r->links.n; i++) {
        ga_site_link_t *l = &r->links.v[i];
        free(l->url);
        free(l->text);
        for (int k = 0; k < GA_SITE_REFS; k++)
            free(l->refs[k]);
    }
    free(r->links.v);
    for (size_t i = 0; i < r->meta.n; i++) {
        free(r->meta.v[i].url);
        free(r->meta.v[i].kind);
    }
    free(r->meta.v);
    for (size_t i = 0; i < r->warnings.n; i++)
        free(r->warnings.v[i]);
    free(r->warnings.v);
}

void ga_site_result_free(ga_site_result_t *r)
{
    if (!r)
        return;
    ga_site_result_free_parts(r);
    free(r);
}

const ga_score_result_t *ga_site_result_score(const ga_site_result_t *r)
{
    return r ? r->score : NULL;
}

const ga_observations_t *ga_site_result_observations(const ga_site_result_t *r)
{
    return r ? r->obs : NULL;
}

const char *ga_site_result_site(const ga_site_result_t *r)
{
    return r ? r->site : NULL;
}

const char *ga_site_result_owner(const ga_site_result_t *r)
{
    return r ? r->owner : NULL;
}

const char *ga_site_result_home(const ga_site_result_t *r)
{
    return r ? r->home : NULL;
}

int64_t ga_site_result_time(const ga_site_result_t *r)
{
    return r ? r->time : GA_TIME_NONE;
}

size_t ga_site_result_count(const ga_site_result_t *r, ga_site_count_t what)
{
    if (!r || (unsigned)what > GA_SITE_WARNINGS)
        return 0;
    return r->count[what];
}

const char *ga_site_result_warning(const ga_site_result_t *r, size_t i)
{
    return r && i < r->warnings.n ? r->warnings.v[i] : NULL;
}
