/* The site auditor: pages in one at a time, a small record per URL and per column kept,
 * observations, score and evidence out at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/attach.h>
#include <govaudit/dedup.h>
#include <govaudit/page.h>
#include <govaudit/spell.h>

#include "dedup/dedup-internal.h"
#include "site/audit-private.h"

void ga_site_set_flags(ga_site_auditor_t *a, unsigned flags)
{
    a->flags |= flags;
}

bool ga_site_warn(ga_site_auditor_t *a, const char *fmt, ...)
{
    a->res->count[GA_SITE_WARNINGS]++;
    if (a->res->warnings.n >= 200)
        return true; /* counted, not kept: a badly damaged crawl must not grow memory */
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    /* Warnings quote raw input (a URL as the crawl wrote it) and may be cut mid-character:
     * clipped to valid UTF-8 so reports stay valid. */
    char *s = ga_utf8_clip(buf, strlen(buf), sizeof buf - 1);
    char **slot = s ? GA_SITE_PUSH(a->res->warnings) : NULL;
    if (!slot) {
        free(s);
        return false;
    }
    *slot = s;
    return true;
}

/* ---- auditor lifecycle ----------------------------------------------------------------- */

ga_status_t ga_site_auditor_new(const ga_profile_t *profile, const ga_matcher_t *matcher,
                                int64_t audit_time, const ga_site_options_t *options,
                                ga_site_auditor_t **out, ga_error_t **err)
{
    if (!out || !profile)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_new: NULL argument");
    *out = NULL;
    if (ga_profile_object(profile) != GA_OBJECT_WEBSITE)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_auditor_new: profile %s is not a website profile",
                            ga_profile_id(profile));
    if (audit_time == GA_TIME_NONE)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_new: no audit time");
    ga_site_options_t o = {.size = sizeof o};
    ga_status_t read = ga_options_read(&o, sizeof o, options, GA_SITE_OPTIONS_SIZE_1_0,
                                       "ga_site_options_t", err);
    if (read != GA_OK)
        return read;
    if (o.dedup_threshold < 0 || o.dedup_threshold > 1)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_auditor_new: dedup_threshold %g is outside (0, 1]",
                            o.dedup_threshold);
    ga_site_auditor_t *a = calloc(1, sizeof *a);
    if (!a)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    a->profile = profile;
    a->matcher = matcher;
    a->T = audit_time;
    a->flags = o.flags;
    a->max_findings = o.max_findings ? o.max_findings : 5000;
    a->max_page_bytes = o.max_page_bytes ? o.max_page_bytes : (size_t)16 << 20;
    ga_status_t st = GA_OK;
    a->spell = o.spell;
    if (!(a->res = calloc(1, sizeof *a->res)) || (matcher && !(a->scratch = ga_match_scratch_new())) ||
        (o.spell && !(a->spell_scratch = ga_spell_scratch_new())))
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if (!st)
        st = ga_observations_new(GA_OBJECT_WEBSITE, &a->obs, err);
    if (!st && o.site_name && !(a->site_name_opt = strdup(o.site_name)))
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if (!st && o.site_url) {
        ga_buf_t b = {0};
        int rc = ga_site_url_norm(o.site_url, strlen(o.site_url), &b);
        if (rc == 0) {
            char *shown = ga_utf8_clip(o.site_url, strlen(o.site_url), 200);
            st = ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                              "ga_site_auditor_new: site_url '%s' is not an http(s) URL",
                              shown ? shown : "?");
            free(shown);
        } else if (rc < 0) {
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        } else {
            a->site_url = b.data, b.data = NULL;
        }
        ga_buf_free(&b);
    }
    if (!st && !(o.flags & GA_SITE_NO_DEDUP)) {
        ga_dedup_options_t d;
        ga_dedup_options_init(&d);
        if (o.dedup_threshold > 0)
            d.threshold = o.dedup_threshold;
        d.progress = o.progress;
        d.progress_user = o.progress_user;
        st = ga_dedup_index_new(&d, &a->dedup, err);
        /* Filled once and clustered once: no LSH tables kept while the pages come in. */
        if (!st)
            dd_index_defer_tables(a->dedup);
    }
    ga_progress_init(&a->progress, o.progress, o.progress_user);
    if (!st && ga_progress_stage(&a->progress, "pages", 0))
        st = ga_progress_cancelled(&a->progress, err);
    if (st) {
        ga_site_auditor_free(a);
        return st;
    }
    *out = a;
    return GA_OK;
}

void ga_site_auditor_free(ga_site_auditor_t *a)
{
    if (!a)
        return;
    ga_match_scratch_free(a->scratch);
    ga_spell_scratch_free(a->spell_scratch);
    free(a->site_url);
    free(a->site_name_opt);
    free(a->host);
    free(a->scheme_host);
    while (a->arena) {
        arena_block_t *n = a->arena->next;
        free(a->arena);
        a->arena = n;
    }
    free(a->u.v);
    ga_site_hmap_free(&a->umap);
    ga_site_hmap_free(&a->colmap);
    ga_site_hmap_free(&a->dirmap);
    ga_site_hmap_free(&a->homelines);
    ga_site_hmap_free(&a->articles);
    for (size_t i = 0; i < a->cands.n; i++) {
        free(a->cands.v[i].name);
        free(a->cands.v[i].ctype);
        free(a->cands.v[i].url);
    }
    free(a->cands.v);
    for (size_t i = 0; i < a->cols.n; i++) {
        col_t *c = &a->cols.v[i];
        free(c->key);
        free(c->name);
        free(c->type);
        free(c->url);
        free(c->items.v);
    }
    free(a->cols.v);
    free(a->site_name);
    free(a->home_title);
    free(a->owner);
    free(a->site_id);
    ga_site_identity_free(&a->id);
    ga_site_messages_free(a);
    ga_site_guides_free(a);
    ga_dedup_index_free(a->dedup);
    free(a->docs.v);
    ga_observations_free(a->obs);
    ga_site_result_free(a->res);
    ga_buf_free(&a->b1);
    ga_buf_free(&a->b2);
    free(a);
}

/* ---- page handling --------------------------------------------------------------------- */

static bool contains_any(const char *s, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strstr(s, words[i]))
            return true;
    return false;
}

static const char *const consult_words[] = {"留言", "咨询", "信箱", "建言", "问政", "互动",
                                            "投诉", "诉求", "征集", "写信", "热线", "12345", "信访",
                                            NULL};
static const char *const service_words[] = {"办事", "政务服务", "网上服务", "在线服务",
                                            "一网通办", "服务大厅", "便民服务", NULL};

static ga_status_t site_page(ga_site_auditor_t *a, uint32_t self, const char *content_type,
                             const char *body, size_t len, ga_error_t **err)
{
    const char *url = a->u.v[self - 1].url;
    ga_page_options_t po = {.size = sizeof po, .content_type = content_type,
                            .max_bytes = a->max_page_bytes};
    ga_page_t *pg = NULL;
    ga_error_t *e = NULL;
    if (ga_page_parse(body, len, url, &po, &pg, &e) != GA_OK) {
        bool ok = warn(a, "%s: not parsed: %s", url, ga_error_message(e));
        ga_error_free(e);
        return ok ? GA_OK : nomem(err);
    }
    a->u.v[self - 1].flags |= F_SITE_PAGE;
    a->res->count[GA_SITE_PAGES]++;
    ga_status_t st = GA_OK;
    ga_page_kind_t kind = ga_page_kind(pg);
    bool home = false;
    size_t textlen = 0;
    const char *text = ga_page_text(pg, &textlen);
    if ((ga_site_is_root(url) || self == a->home_pending) && !a->home) {
        home = true;
        kind = GA_PAGE_HOME;
    } else if (kind == GA_PAGE_HOME) {
        /* A sub-site's entry page: a list when it lists, else just a page. */
        kind = ga_page_item_count(pg) ? GA_PAGE_LIST : GA_PAGE_OTHER;
    }
    /* A short list (one item, or none: a blank column) can read as an article or as no
     * particular page; its address and the lack of article tags tell it apart. Its body
     * links to pages that are not lists are its items; without any it is a candidate for
     * a blank column below. */
    bool body_items = false, maybe_list = false;
    if (kind == GA_PAGE_ARTICLE && !ga_page_meta(pg, "ArticleTitle") && ga_site_list_like_url(url) &&
        !strchr(url, '?'))
        maybe_list = true;
    if (kind == GA_PAGE_OTHER && ga_site_list_like_url(url))
        maybe_list = true;
    int depth = 0;
    const char *cname =
        kind == GA_PAGE_HOME ? NULL : ga_site_page_column(pg, kind == GA_PAGE_ARTICLE && !maybe_list, &depth);
    if (maybe_list && cname) {
        size_t n = 0;
        st = ga_site_count_body_items(a, pg, self, &n, err);
        if (!st && n) {
            kind = GA_PAGE_LIST;
            body_items = true;
        } else {
            kind = GA_PAGE_OTHER;
        }
    }
    const char *ctype = ga_page_meta(pg, "ColumnType");
    /* A page that names its column but shows neither a list nor an article: kept as a
     * candidate for a blank column (see cand_t). */
    if (!st && kind == GA_PAGE_OTHER && cname)
        st = ga_site_add_cand(a, pg, url, cname, ctype, depth, text, textlen, err);

    /* Links: the inventory, the broken-link sources, the channels offered. */
    size_t nl = ga_page_link_count(pg);
    for (size_t i = 0; i < nl && !st; i++) {
        const char *lu = ga_page_link_url(pg, i), *lt = ga_page_link_text(pg, i);
        int rc = ga_site_url_norm(lu, strlen(lu), &a->b1);
        if (rc < 0) {
            st = nomem(err);
            break;
        }
        if (rc == 0)
            continue;
        uint32_t t = ga_site_url_entry(a, a->b1.data, a->b1.len);
        if (!t) {
            st = nomem(err);
            break;
        }
        uent_t *te = &a->u.v[t - 1];
        if (t != self) {
            if (te->nrefs < GA_SITE_REFS) {
                bool dup = false;
                for (uint32_t k = 0; k < te->nrefs; k++)
                    dup |= te->refs[k] == self;
                if (!dup)
                    te->refs[te->nrefs++] = self;
            } else if (te->refs[GA_SITE_REFS - 1] != self && te->nrefs < UINT32_MAX) {
                te->nrefs++;
            }
        }
        if (home)
            te->flags |= F_HOME_LINK;
        if (!ga_site_is_external(a, te->url) &&
            (st = ga_site_attachment_link(a->res, te->url, url, lt, err)) != GA_OK)
            break;
        if (!te->text && lt && *lt && (home || ga_site_is_external(a, te->url))) {
            if (!(te->text = ga_site_arena_dup(a, lt, strlen(lt)))) {
                st = nomem(err);
                break;
            }
        }
        if (lt && !a->consult_seen && contains_any(lt, consult_words))
            a->consult_seen = true;
        if (lt && !a->service_seen && contains_any(lt, service_words))
            a->service_seen = true;
    }

    if (!st && home) {
        a->home = self;
        st = ga_site_home_lines(a, text, textlen, err);
        /* Dates the home page shows beside its items (a full date only). */
        for (size_t i = 0; i < ga_page_item_count(pg) && !st; i++) {
            int64_t t = parse_time(ga_page_item_date(pg, i));
            const char *iu = ga_page_item_url(pg, i);
            if (t == GA_TIME_NONE || ga_site_url_norm(iu, strlen(iu), &a->b1) <= 0)
                continue;
            uint32_t te = ga_site_url_entry(a, a->b1.data, a->b1.len);
            if (!te)
                st = nomem(err);
            else if (a->u.v[te - 1].list_date == GA_TIME_NONE && !a->u.v[te - 1].list_col)
                a->u.v[te - 1].list_date = t;
        }
        const char *sn = ga_page_meta(pg, "SiteName");
        if (!set_str(&a->site_name, sn) || !set_str(&a->home_title, ga_page_html_title(pg)) ||
            !set_str(&a->site_id, ga_page_meta(pg, "SiteIDCode")))
            st = nomem(err);
    } else if (!st && !a->site_id && !set_str(&a->site_id, ga_page_meta(pg, "SiteIDCode"))) {
        st = nomem(err);
    }
    /* What every page shows of the site: its identity, messages, service guides. */
    if (!st)
        st = ga_site_note_identity(a, pg, url, home, err);
    if (!st)
        st = ga_site_note_messages(a, pg, err);
    if (!st)
        st = ga_site_note_guide(a, pg, url, err);

    uint32_t col = 0;
    if (!st && kind == GA_PAGE_LIST) {
        a->res->count[GA_SITE_LISTS]++;
        size_t dn;
        if (!ga_site_url_dir(a, url, &dn)) {
            st = nomem(err);
        } else if (!cname) {
            /* No tag, no breadcrumb: the list's folder names the column. */
            size_t hn;
            const char *h = ga_site_url_host(a->b2.data, &hn);
            col = ga_site_column_get(a, h + hn, h + hn, ctype, ga_site_dir_depth(url));
        } else {
            col = ga_site_column_get(a, cname, cname, ctype, depth ? depth : ga_site_dir_depth(url));
        }
        if (!st && !col)
            st = nomem(err);
        if (!st) {
            col_t *c = &a->cols.v[col - 1];
            c->lists++;
            if (!c->url && !(c->url = strdup(url)))
                st = nomem(err);
            /* A list without items that leads to sub-columns is their parent, not blank. */
            if (!body_items && ga_page_item_count(pg) == 0 && ga_site_links_below(a, pg, url))
                c->content = true;
            uint64_t dh = ga_hash64(a->b2.data, dn, 0xD1u);
            uint32_t *slot = st ? NULL : ga_site_hmap_slot(&a->dirmap, dh);
            if (!st && !slot)
                st = nomem(err);
            else if (slot && !*slot) {
                *slot = col;
                a->dirmap.n++;
            }
        }
        size_t ni = body_items ? ga_page_link_count(pg) : ga_page_item_count(pg);
        for (size_t i = 0; i < ni && !st; i++) {
            if (body_items && !ga_page_link_in_body(pg, i))
                continue;
            const char *iu = body_items ? ga_page_link_url(pg, i) : ga_page_item_url(pg, i);
            int rc = ga_site_url_norm(iu, strlen(iu), &a->b1);
            if (rc <= 0) {
                if (rc < 0)
                    st = nomem(err);
                continue;
            }
            uint32_t t = ga_site_url_entry(a, a->b1.data, a->b1.len);
            if (!t) {
                st = nomem(err);
                break;
            }
            uent_t *te = &a->u.v[t - 1];
            /* Body links stand in for items only when they lead to pages that are not
             * lists themselves (menus link lists). */
            if (body_items && !ga_site_item_target(a, te->url, url))
                continue;
            if (!te->list_col) {
                te->list_col = col;
                te->list_date = body_items ? GA_TIME_NONE : parse_time(ga_page_item_date(pg, i));
            }
        }
    } else if (!st && kind == GA_PAGE_ARTICLE) {
        if (cname && !(col = ga_site_column_get(a, cname, cname, ctype, depth)))
            st = nomem(err);
        const char *title = ga_page_title(pg);
        /* The same article under a second address (a query added, a print view): same
         * column, title, date and text. It is one post: not a second item, not a copy. */
        bool alias = false;
        if (!st) {
            size_t dn = 0;
            const char *ckey = col ? a->cols.v[col - 1].key : NULL;
            if (!ckey && ga_site_url_dir(a, url, &dn)) {
                size_t hn;
                const char *h = ga_site_url_host(a->b2.data, &hn);
                ckey = h + hn;
            }
            const char *pd = ga_page_pubdate(pg);
            uint64_t ah = ga_hash64(text, textlen, ga_hash64(title, strlen(title), 0xA1u));
            ah = ga_hash64(ckey ? ckey : "", ckey ? strlen(ckey) : 0, ah);
            ah = ga_hash64(pd ? pd : "", pd ? strlen(pd) : 0, ah);
            uint32_t *slot = ga_site_hmap_slot(&a->articles, ah);
            if (!slot) {
                st = nomem(err);
            } else if (*slot) {
                alias = true;
            } else {
                *slot = self;
                a->articles.n++;
            }
        }
        if (!st && !alias) {
            a->res->count[GA_SITE_ARTICLES]++;
            uent_t *se = &a->u.v[self - 1];
            se->flags |= F_ARTICLE;
            se->col = col;
            se->date = parse_time(ga_page_pubdate(pg));
            st = ga_site_note_dates(a, pg, url, err);
        }
        if (!st && !alias && (a->matcher || a->spell)) {
            st = ga_site_scan_text(a, url, title, title, strlen(title), true, err);
            if (!st)
                st = ga_site_scan_text(a, url, title, text, textlen, false, err);
        }
        if (!st && a->dedup && textlen && !alias) {
            size_t dn = 0;
            const char *ckey = col ? a->cols.v[col - 1].key : NULL;
            if (!ckey && ga_site_url_dir(a, url, &dn)) {
                size_t hn;
                const char *h = ga_site_url_host(a->b2.data, &hn);
                ckey = h + hn;
            }
            /* No id: the document number maps to the entry, and the URL is stored once. */
            ga_dedup_doc_t d = {.size = sizeof d, .site = a->host, .column = ckey,
                                .url = url, .date = ga_page_pubdate(pg), .title = title,
                                .source = ga_page_source(pg), .text = text, .text_len = textlen};
            size_t no;
            ga_error_t *de = NULL;
            if (ga_dedup_index_add(a->dedup, &d, &no, &de) != GA_OK) {
                bool ok = warn(a, "%s: not fingerprinted: %s", url, ga_error_message(de));
                ga_error_free(de);
                if (!ok)
                    st = nomem(err);
            } else {
                uint32_t *slot = GA_SITE_PUSH(a->docs);
                if (!slot)
                    st = nomem(err);
                else
                    *slot = self;
            }
        }
    }
    if (!st && (kind == GA_PAGE_HOME || kind == GA_PAGE_LIST || kind == GA_PAGE_ARTICLE))
        st = ga_site_note_meta(a, pg, kind, url, err);
    ga_page_free(pg);
    return st;
}

static bool is_html_type(const char *ct, const char *body, size_t len)
{
    if (ct && *ct) {
        if (strncasecmp(ct, "text/html", 9) == 0 || strncasecmp(ct, "application/xhtml", 17) == 0)
            return true;
        if (strncasecmp(ct, "text/plain", 10) && strncasecmp(ct, "application/octet-stream", 24))
            return false;
    }
    /* Sniff: markup in the first bytes. */
    size_t i = 0;
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
        i++;
    if (i >= len || body[i] != '<')
        return false;
    size_t n = len - i < 1024 ? len - i : 1024;
    for (size_t k = i; k + 5 <= i + n; k++)
        if (strncasecmp(body + k, "<html", 5) == 0 || strncasecmp(body + k, "<!doc", 5) == 0 ||
            strncasecmp(body + k, "<head", 5) == 0 || strncasecmp(body + k, "<body", 5) == 0)
            return true;
    return false;
}

/* The target of a small page that forwards visitors: a meta refresh with a URL, or a
 * script assigning location. 1 with the resolved URL in b1, 0 when none, -1 no memory. */
static int forward_target(ga_site_auditor_t *a, const char *url, const char *body, size_t len)
{
    if (!body || len == 0 || len > 8192)
        return 0;
    char buf[8193];
    memcpy(buf, body, len);
    buf[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (buf[i] == '\0')
            buf[i] = ' ';
    const char *from = NULL;
    char *m = strcasestr(buf, "http-equiv");
    if (m && (m = strcasestr(m, "refresh")) != NULL && (m = strcasestr(m, "url=")) != NULL) {
        from = m + 4;
    } else {
        static const char *const js[] = {"location.href", "location.replace", "window.location",
                                         "top.location", NULL};
        for (size_t k = 0; js[k] && !from; k++)
            if ((m = strcasestr(buf, js[k])) != NULL) {
                m += strlen(js[k]);
                while (*m == ' ' || *m == '=' || *m == '(')
                    m++;
                if (*m == '"' || *m == '\'')
                    from = m;
            }
    }
    if (!from)
        return 0;
    char quote = 0;
    if (*from == '"' || *from == '\'')
        quote = *from++;
    size_t n = 0;
    while (from[n] && from[n] != quote && from[n] != '>' && from[n] != ';' &&
           (quote || (from[n] != ' ' && from[n] != '"' && from[n] != '\'')))
        n++;
    if (n == 0 || n > 2000)
        return 0;
    char target[2001];
    memcpy(target, from, n);
    target[n] = '\0';
    return ga_site_url_resolve(url, target, &a->b1);
}

ga_status_t ga_site_auditor_add_page(ga_site_auditor_t *a, const char *url, int status,
                                     const char *content_type, const char *location,
                                     const char *body, size_t len, ga_error_t **err)
{
    if (!a || !url || (!body && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_add_page: NULL argument");
    if (a->finished)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_auditor_add_page: the audit is finished");
    if (status < 0 || status > 999)
        status = 0;
    a->res->count[GA_SITE_URLS]++;
    a->bytes_fed += len;
    if (ga_progress_tick(&a->progress, a->res->count[GA_SITE_URLS], a->bytes_fed))
        return ga_progress_cancelled(&a->progress, err);
    int rc = ga_site_url_norm(url, strlen(url), &a->b1);
    if (rc < 0)
        return nomem(err);
    if (rc == 0)
        return warn(a, "'%.200s': not an http(s) URL; skipped", url) ? GA_OK : nomem(err);
    uint32_t self = ga_site_url_entry(a, a->b1.data, a->b1.len);
    if (!self)
        return nomem(err);
    uent_t *e = &a->u.v[self - 1];
    if (e->flags & F_FED)
        return GA_OK;
    e->flags |= F_FED;
    e->status = status;
    bool html = status >= 200 && status < 300 && is_html_type(content_type, body, len);
    if (!a->host && html && !a->site_url) {
        /* The first page of the crawl that is HTML decides whose site this is. */
        if (!(a->site_url = strdup(e->url)))
            return nomem(err);
    }
    if (!a->host && a->site_url) {
        size_t hn;
        const char *h = ga_site_url_host(a->site_url, &hn);
        a->host = malloc(hn + 1);
        a->scheme_host = malloc((size_t)(h - a->site_url) + hn + 1);
        if (!a->host || !a->scheme_host)
            return nomem(err);
        memcpy(a->host, h, hn);
        a->host[hn] = '\0';
        memcpy(a->scheme_host, a->site_url, (size_t)(h - a->site_url) + hn);
        a->scheme_host[(size_t)(h - a->site_url) + hn] = '\0';
    }
    if (location && *location && status >= 300 && status < 400) {
        rc = ga_site_url_resolve(e->url, location, &a->b1);
        if (rc < 0)
            return nomem(err);
        if (rc > 0) {
            uint32_t t = ga_site_url_entry(a, a->b1.data, a->b1.len);
            if (!t)
                return nomem(err);
            a->u.v[self - 1].redirect = t;
        }
    }
    e = &a->u.v[self - 1];
    bool external = ga_site_is_external(a, e->url);
    if (!external && !html) {
        ga_status_t st = ga_site_attachment_add(a, a->res, e->url, status, body, len, err);
        if (st)
            return st;
    }
    if (external || status < 200 || status >= 300)
        return GA_OK;
    if (!html) {
        bool attach = ga_site_attachment_url(e->url) ||
                      ga_attach_sniff(body, len) != GA_ATTACH_UNKNOWN ||
                      (content_type && (strstr(content_type, "pdf") || strstr(content_type, "msword") ||
                                        strstr(content_type, "officedocument") ||
                                        strstr(content_type, "ms-excel")));
        if (attach) {
            e->flags |= F_ATTACHMENT;
            a->res->count[GA_SITE_ATTACHMENTS]++;
        }
        return GA_OK;
    }
    if (!a->home && !a->home_pending && ga_site_is_root(e->url)) {
        /* A root page that only forwards (meta refresh, a script setting location) is the
         * door, not the home page: the page it forwards to is. */
        int fw = forward_target(a, e->url, body, len);
        if (fw < 0)
            return nomem(err);
        if (fw > 0) {
            uint32_t t = ga_site_url_entry(a, a->b1.data, a->b1.len);
            if (!t)
                return nomem(err);
            if (t != self) {
                a->u.v[self - 1].redirect = t;
                a->home_pending = t;
                return GA_OK;
            }
        }
    }
    if (len > a->max_page_bytes)
        return warn(a, "%s: %zu bytes, over the page size limit; not parsed", e->url, len)
                   ? GA_OK
                   : nomem(err);
    return site_page(a, self, content_type, body, len, err);
}

ga_status_t ga_site_auditor_finish(ga_site_auditor_t *a, ga_site_result_t **out, ga_error_t **err)
{
    if (!a || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_site_auditor_finish: NULL argument");
    if (a->finished)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "ga_site_auditor_finish: the audit is already finished");
    a->finished = true;
    *out = NULL;
    if (a->progress.cancelled)
        return ga_progress_cancelled(&a->progress, err);
    if (!a->res->count[GA_SITE_PAGES])
        return ga_error_set(err, GA_ERR_NOT_FOUND,
                            "no HTML page of the site was fed (%zu URLs seen)",
                            a->res->count[GA_SITE_URLS]);
    ga_site_result_t *r = a->res;
    ga_progress_state_t *pr = &a->progress;
    /* Each stage of finishing is one unit; the clustering reports its bands itself. */
    ga_status_t st = GA_OK;
    if (ga_progress_end(pr, r->count[GA_SITE_URLS], a->bytes_fed) ||
        ga_progress_stage(pr, "columns", 1))
        return ga_progress_cancelled(pr, err);
    st = ga_site_settle_cands(a, err);
    if (!st)
        st = ga_site_build_columns(a, err);
    if (!st && (ga_progress_end(pr, 1, 0) || ga_progress_stage(pr, "links", 1)))
        st = ga_progress_cancelled(pr, err);
    if (!st)
        st = ga_site_build_links(a, err);
    if (!st)
        st = ga_site_build_home(a, err);
    if (!st && ga_progress_end(pr, 1, 0))
        st = ga_progress_cancelled(pr, err);
    if (!st)
        st = ga_site_build_dups(a, err);
    if (!st && ga_progress_stage(pr, "score", 1))
        st = ga_progress_cancelled(pr, err);
    if (!st)
        st = ga_site_attachments_finish(a, a->res, err);
    if (!st)
        st = ga_site_build_identity(a, err);
    if (!st)
        st = ga_site_build_messages(a, err);
    if (!st)
        st = ga_site_build_guides(a, err);
    if (st)
        return st;
    if (a->matcher || a->spell)
        ga_obs_mark_observed(a->obs, GA_OBS_FINDINGS);
    ga_obs_mark_observed(a->obs, GA_OBS_PAGES);
    /* The name: the caller's, the home page's SiteName, its title, the host. */
    const char *name = a->site_name_opt   ? a->site_name_opt
                       : a->site_name     ? a->site_name
                       : a->home_title    ? a->home_title
                                          : a->host;
    if (!(r->site = strdup(name)) || !set_str(&r->owner, a->owner) ||
        !set_str(&r->site_id, a->site_id) || !(r->host = strdup(a->host)))
        return nomem(err);
    const char *home = a->home ? a->u.v[a->home - 1].url : a->site_url;
    if (!(r->home = strdup(home)) || !(r->profile_id = strdup(ga_profile_id(a->profile))))
        return nomem(err);
    r->time = a->T;
    st = ga_obs_set_site(a->obs, r->site, r->owner, r->site_id, err);
    ga_obs_set_time(a->obs, a->T);
    for (size_t i = 0; !a->consult_seen && i < r->columns.n; i++)
        a->consult_seen = strcmp(r->columns.v[i].type, "consult") == 0;
    a->consult_seen |= ga_site_has_message_channel(a);
    a->service_seen |= a->guides.n > 0;
    /* A channel is reported missing only when the home page was seen: a partial crawl
     * that never reached it proves nothing. */
    if (!st && (a->consult_seen || a->home))
        st = ga_obs_set_flag(a->obs, "has_consult_channel", a->consult_seen, err);
    if (!st && a->service_seen)
        st = ga_obs_set_flag(a->obs, "has_service", 1, err);
    if (!st)
        st = ga_score(a->profile, a->obs, &r->score, err);
    if (!st && ga_progress_end(pr, 1, 0))
        st = ga_progress_cancelled(pr, err);
    if (st)
        return st;
    r->obs = a->obs;
    a->obs = NULL;
    a->res = NULL;
    *out = r;
    return GA_OK;
}

ga_observations_t *ga_site_auditor_obs(ga_site_auditor_t *a)
{
    return a->finished ? NULL : a->obs;
}

const char *ga_site_auditor_url(const ga_site_auditor_t *a)
{
    return a->site_url;
}
