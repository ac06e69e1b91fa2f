/* 一稿多发: clusters of the articles' fingerprints, told from template texts by their
 * headlines. */
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"
#include <govaudit/dedup.h>

/* A headline without white space and the punctuation sites vary in it. */
static void title_key(const char *t, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; t && t[i] && o + 4 < cap;) {
        size_t at = i;
        int32_t cp = ga_utf8_decode((const unsigned char *)t, strlen(t), &i);
        if (cp <= ' ' || cp == 0x3000 || cp == 0xA0 || cp == '"' || cp == 0x201C || cp == 0x201D ||
            cp == 0x300A || cp == 0x300B)
            continue;
        memcpy(out + o, t + at, i - at);
        o += i - at;
    }
    out[o] = '\0';
}

/* Whether two members of cluster `c` have the same headline (or one holds the other). */
static bool titles_shared(const ga_dedup_index_t *idx, const ga_dedup_clusters_t *cl, size_t c)
{
    size_t n = ga_dedup_cluster_size(cl, c);
    if (n > 64)
        n = 64;
    char (*keys)[256] = malloc(n * sizeof *keys);
    if (!keys)
        return true; /* keep the module's verdict */
    for (size_t j = 0; j < n; j++)
        title_key(ga_dedup_index_doc_field(idx, ga_dedup_cluster_doc(cl, c, j), GA_DEDUP_TITLE),
                  keys[j], sizeof keys[j]);
    bool shared = false;
    for (size_t j = 0; j < n && !shared; j++)
        for (size_t k = j + 1; k < n && !shared; k++) {
            const char *x = keys[j], *y = keys[k];
            if (strlen(x) > strlen(y)) {
                const char *t = x;
                x = y;
                y = t;
            }
            shared = *x && (strcmp(x, y) == 0 || (strlen(x) >= 12 && strstr(y, x)));
        }
    free(keys);
    return shared;
}

ga_status_t ga_site_build_dups(ga_site_auditor_t *a, ga_error_t **err)
{
    if (!a->dedup)
        return GA_OK;
    ga_obs_mark_observed(a->obs, GA_OBS_DUPLICATES);
    ga_dedup_clusters_t *cl = NULL;
    ga_status_t st = ga_dedup_index_cluster(a->dedup, 1, &cl, err);
    if (st)
        return st;
    size_t nc = ga_dedup_clusters_count(cl);
    for (size_t i = 0; i < nc && !st; i++) {
        ga_dedup_kind_t k = ga_dedup_cluster_kind(cl, i);
        /* A post published again keeps its headline; copies with different headlines
         * are template texts (procurement notices, appointment lists) that share their
         * wording, not 一稿多发. */
        if (k == GA_DEDUP_MULTI_POST && !titles_shared(a->dedup, cl, i))
            k = GA_DEDUP_DUPLICATE;
        const char *kind = ga_dedup_kind_name(k);
        size_t idx;
        st = ga_obs_add_duplicate(a->obs, kind, &idx, err);
        if (st)
            break;
        a->res->count[GA_SITE_DUPLICATES]++;
        ga_site_dup_t *d = a->res->dups.n < 1000 ? GA_SITE_PUSH(a->res->dups) : NULL;
        size_t n = ga_dedup_cluster_size(cl, i);
        if (d) {
            d->similarity = ga_dedup_cluster_similarity(cl, i);
            if (!(d->kind = strdup(kind)) || !(d->posts = calloc(n, sizeof *d->posts))) {
                st = nomem(err);
                break;
            }
        }
        for (size_t j = 0; j < n && !st; j++) {
            size_t doc = ga_dedup_cluster_doc(cl, i, j);
            if (doc >= a->docs.n)
                continue;
            const uent_t *e = &a->u.v[a->docs.v[doc] - 1];
            const char *column = e->col ? a->res->columns.v[e->col - 1].name
                                        : ga_dedup_index_doc_field(a->dedup, doc, GA_DEDUP_COLUMN);
            st = ga_obs_add_duplicate_member(a->obs, idx, e->url, column, e->date, err);
            if (!st && d) {
                ga_site_dup_post_t *p = &d->posts[d->n++];
                char buf[24];
                p->url = strdup(e->url);
                p->title = xstrdup(ga_dedup_index_doc_field(a->dedup, doc, GA_DEDUP_TITLE));
                p->column = xstrdup(column);
                p->date = e->date != GA_TIME_NONE ? strdup(ga_time_format(e->date, 1, buf)) : NULL;
                if (!p->url || !p->title || !p->column)
                    st = nomem(err);
            }
        }
    }
    ga_dedup_clusters_free(cl);
    return st;
}
