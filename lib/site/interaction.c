/* 互动回应: the messages (留言, 信件, 咨询) the site shows, from list tables and detail
 * pages, merged by URL, into the observations W-V5 reads; and whether the site offers a
 * working consultation channel (messages shown and a form to write one). */
#include <stdlib.h>
#include <string.h>

#include "site/audit-private.h"

/* Statuses that say a message was answered, and those that say it was not. */
static const char *const answered_words[] = {"已回复", "已办结", "已答复", "已处理", "已反馈",
                                             "办结", "已完成", NULL};
static const char *const open_words[] = {"未回复", "未答复", "办理中", "处理中", "待回复",
                                         "待处理", "已受理", "受理中", "未办结", "转办中", NULL};

static int answered_of(const char *status)
{
    if (!status)
        return -1;
    for (size_t i = 0; open_words[i]; i++)
        if (strstr(status, open_words[i]))
            return 0;
    for (size_t i = 0; answered_words[i]; i++)
        if (strstr(status, answered_words[i]))
            return 1;
    return -1;
}

/* Messages are kept up to this many: a site's whole mailbox history is not needed to find
 * the unanswered ones of the last year, and memory stays bounded. */
#define MAX_MESSAGES 20000

ga_status_t ga_site_note_messages(ga_site_auditor_t *a, const ga_page_t *pg, ga_error_t **err)
{
    a->message_form |= ga_page_message_form(pg) != 0;
    size_t n = ga_page_message_count(pg);
    for (size_t i = 0; i < n; i++) {
        const char *title = ga_page_message(pg, i, GA_PAGE_MSG_TITLE);
        const char *mu = ga_page_message(pg, i, GA_PAGE_MSG_URL);
        int64_t t = parse_time(ga_page_message(pg, i, GA_PAGE_MSG_TIME));
        if (t == GA_TIME_NONE)
            continue; /* when it was left is what W-V5 measures from */
        /* One message, seen in a list and on its own page: keyed by its normalised URL,
         * else by its title and time. */
        const char *key = NULL;
        size_t klen = 0;
        if (mu) {
            int rc = ga_site_url_norm(mu, strlen(mu), &a->b1);
            if (rc < 0)
                return nomem(err);
            if (rc > 0) {
                key = a->b1.data;
                klen = a->b1.len;
            }
        }
        uint64_t h = key ? ga_hash64(key, klen, 0x3E55u)
                         : ga_hash64(title ? title : "", title ? strlen(title) : 0, (uint64_t)t);
        uint32_t *slot = ga_site_hmap_slot(&a->msgmap, h);
        if (!slot)
            return nomem(err);
        site_msg_t *m;
        if (*slot) {
            m = &a->msgs.v[*slot - 1];
        } else {
            if (a->msgs.n >= MAX_MESSAGES)
                continue;
            if (!(m = GA_SITE_PUSH(a->msgs)))
                return nomem(err);
            *slot = (uint32_t)a->msgs.n;
            a->msgmap.n++;
            m->submitted = t;
            m->replied = GA_TIME_NONE;
            m->answered = -1;
            if (!(m->url = xstrdup(key)) && key)
                return nomem(err);
        }
        if (!m->title && title && !(m->title = strdup(title)))
            return nomem(err);
        int64_t rt = parse_time(ga_page_message(pg, i, GA_PAGE_MSG_REPLY_TIME));
        if (rt != GA_TIME_NONE && m->replied == GA_TIME_NONE)
            m->replied = rt;
        int ans = answered_of(ga_page_message(pg, i, GA_PAGE_MSG_STATUS));
        /* A detail page's status is as new as a list's; "open" never overrides "answered". */
        if (ans > m->answered)
            m->answered = ans;
    }
    return GA_OK;
}

bool ga_site_has_message_channel(const ga_site_auditor_t *a)
{
    return a->msgs.n > 0 && a->message_form;
}

ga_status_t ga_site_build_messages(ga_site_auditor_t *a, ga_error_t **err)
{
    /* Messages are observed once the crawl reached a page showing any: a crawl that never
     * did proves nothing about answers. */
    if (a->msgs.n)
        ga_obs_mark_observed(a->obs, GA_OBS_MESSAGES);
    for (size_t i = 0; i < a->msgs.n; i++) {
        const site_msg_t *m = &a->msgs.v[i];
        int64_t replied = m->replied;
        if (replied == GA_TIME_NONE && m->answered < 0)
            continue; /* neither status nor reply shown: nothing to judge it by */
        /* Answered without a reply time shown: answered, when is not known; it is not
         * counted as waiting. */
        if (replied == GA_TIME_NONE && m->answered > 0)
            replied = m->submitted;
        ga_status_t st = ga_obs_add_message_on_page(a->obs, "consult", m->submitted, replied, 1,
                                                    m->title, m->url, err);
        if (st)
            return st;
    }
    return GA_OK;
}

void ga_site_messages_free(ga_site_auditor_t *a)
{
    for (size_t i = 0; i < a->msgs.n; i++) {
        free(a->msgs.v[i].title);
        free(a->msgs.v[i].url);
    }
    free(a->msgs.v);
    ga_site_hmap_free(&a->msgmap);
}
