/* The auditor's storage: growing vectors, the string arena, hash maps from 64-bit
 * hashes to indexes, and the entry of each URL with what it is to the site. */
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"

void *ga_site_vec_push(void **v, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        if (nc > SIZE_MAX / size)
            return NULL;
        void *nv = realloc(*v, nc * size);
        if (!nv)
            return NULL;
        *v = nv;
        *cap = nc;
    }
    void *e = (char *)*v + *n * size;
    memset(e, 0, size);
    (*n)++;
    return e;
}

/* ---- small containers ------------------------------------------------------------------ */

const char *ga_site_arena_dup(ga_site_auditor_t *a, const char *s, size_t n)
{
    arena_block_t *b = a->arena;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > 60000 ? n + 1 : 60000;
        arena_block_t *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        a->arena = b = nb;
    }
    char *d = b->data + b->used;
    memcpy(d, s, n);
    d[n] = '\0';
    b->used += n + 1;
    return d;
}

static bool hmap_grow(hmap_t *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    uint64_t *k = calloc(cap, sizeof *k);
    uint32_t *v = calloc(cap, sizeof *v);
    if (!k || !v) {
        free(k);
        free(v);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->vals[i])
            continue;
        size_t j = (size_t)m->keys[i] & (cap - 1);
        while (v[j])
            j = (j + 1) & (cap - 1);
        k[j] = m->keys[i];
        v[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = k;
    m->vals = v;
    m->cap = cap;
    return true;
}

void ga_site_hmap_free(hmap_t *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* The value slot for `h`: its value, or an empty slot to fill. NULL when out of memory. */
uint32_t *ga_site_hmap_slot(hmap_t *m, uint64_t h)
{
    if ((m->n + 1) * 4 >= m->cap * 3 && !hmap_grow(m))
        return NULL;
    size_t j = (size_t)h & (m->cap - 1);
    while (m->vals[j] && m->keys[j] != h)
        j = (j + 1) & (m->cap - 1);
    m->keys[j] = h;
    return &m->vals[j];
}

uint32_t ga_site_hmap_get(const hmap_t *m, uint64_t h)
{
    if (!m->cap)
        return 0;
    size_t j = (size_t)h & (m->cap - 1);
    while (m->vals[j]) {
        if (m->keys[j] == h)
            return m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return 0;
}

/* ---- URLs ------------------------------------------------------------------------------ */

/* The entry of a normalised URL, created when new; 0 when out of memory, else index + 1.
 * Two URLs whose 64-bit hashes collide share an entry: at 10^6 URLs the chance of any
 * collision is about 3 in 10^8, a price paid for not comparing strings on every link. */
uint32_t ga_site_url_entry(ga_site_auditor_t *a, const char *url, size_t n)
{
    uint64_t h = ga_hash64(url, n, 0x5173u);
    uint32_t *slot = ga_site_hmap_slot(&a->umap, h);
    if (!slot)
        return 0;
    if (*slot)
        return *slot;
    if (a->u.n >= UINT32_MAX - 1)
        return 0;
    const char *s = ga_site_arena_dup(a, url, n);
    uent_t *e = s ? GA_SITE_PUSH(a->u) : NULL;
    if (!e)
        return 0;
    e->h = h;
    e->url = s;
    e->status = -1;
    e->date = e->list_date = GA_TIME_NONE;
    a->umap.n++;
    return *slot = (uint32_t)a->u.n;
}

bool ga_site_is_external(const ga_site_auditor_t *a, const char *url)
{
    if (!a->host)
        return false;
    size_t n;
    const char *h = ga_site_url_host(url, &n);
    return !ga_site_host_eq(h, n, a->host, strlen(a->host));
}

/* Whether a URL is the root of its host: "/", "/index.html", "/default.aspx", ... */
bool ga_site_is_root(const char *url)
{
    size_t n;
    const char *h = ga_site_url_host(url, &n);
    const char *p = h + n;
    if (strcmp(p, "/") == 0 || *p == '\0')
        return true;
    if (*p != '/' || strchr(p + 1, '/') || strchr(p, '?'))
        return false;
    return strncmp(p + 1, "index.", 6) == 0 || strncmp(p + 1, "default.", 8) == 0 ||
           strncmp(p + 1, "main.", 5) == 0;
}
