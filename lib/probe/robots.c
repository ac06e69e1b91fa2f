/* robots.txt (RFC 9309): the group for one user agent, Allow and Disallow with the `*`
 * and `$` wildcards, the longest match winning. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probe-internal.h"

typedef struct rule {
    char *pattern;
    bool allow;
} rule_t;

struct pr_robots {
    rule_t *v;
    size_t n, cap;
};

/* Up to this many rules are kept: a hostile file cannot make every check slow. */
#define MAX_RULES 2000

static const char *trim(const char *s, const char *end, const char **out_end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    *out_end = end;
    return s;
}

/* Whether the group's user-agent value names `agent` (its product token) or is `*`. */
static int agent_match(const char *v, size_t n, const char *agent)
{
    if (n == 1 && v[0] == '*')
        return 1;
    size_t an = strlen(agent);
    return n == an && strncasecmp(v, agent, n) == 0 ? 2 : 0;
}

pr_robots_t *pr_robots_parse(const char *text, size_t len, const char *agent)
{
    pr_robots_t *r[3] = {NULL, NULL, NULL}; /* rules for: no match, `*`, the agent */
    for (int k = 1; k < 3; k++)
        if (!(r[k] = calloc(1, sizeof *r[k]))) {
            pr_robots_free(r[1]);
            return NULL;
        }
    int group = 0;           /* best match of the current group's user-agent lines */
    bool in_agents = false;  /* reading the user-agent lines that open a group */
    const char *p = text, *end = text + len;
    bool ok = true;
    while (p < end && ok) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *hash = memchr(p, '#', (size_t)(eol - p));
        const char *le, *line = trim(p, hash ? hash : eol, &le);
        p = eol + 1;
        const char *colon = memchr(line, ':', (size_t)(le - line));
        if (!colon)
            continue;
        const char *ke, *key = trim(line, colon, &ke);
        const char *ve, *val = trim(colon + 1, le, &ve);
        size_t kn = (size_t)(ke - key), vn = (size_t)(ve - val);
        if (kn == 10 && strncasecmp(key, "user-agent", 10) == 0) {
            if (!in_agents)
                group = 0;
            in_agents = true;
            int m = agent_match(val, vn, agent);
            group = m > group ? m : group;
            continue;
        }
        bool allow = kn == 5 && strncasecmp(key, "allow", 5) == 0;
        bool disallow = kn == 8 && strncasecmp(key, "disallow", 8) == 0;
        if (!allow && !disallow)
            continue;
        in_agents = false;
        if (!group || vn == 0) /* "Disallow:" with no path allows everything */
            continue;
        pr_robots_t *t = r[group];
        if (t->n >= MAX_RULES)
            continue;
        char *pat = malloc(vn + 1);
        if (!pat || !ga_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v)) {
            free(pat);
            ok = false;
            break;
        }
        memcpy(pat, val, vn);
        pat[vn] = 0;
        t->v[t->n++] = (rule_t){pat, allow};
    }
    /* A group naming the agent replaces the `*` group entirely. */
    pr_robots_t *keep = r[2]->n ? r[2] : r[1], *drop = keep == r[2] ? r[1] : r[2];
    pr_robots_free(drop);
    if (!ok) {
        pr_robots_free(keep);
        return NULL;
    }
    return keep;
}

/* Whether the pattern matches the start of `path` (all of it with a final `$`); `*`
 * matches any run. Greedy with one backtrack point: linear in practice, quadratic at worst
 * in the pattern and path lengths. */
static bool rule_matches(const char *pat, const char *path)
{
    size_t plen = strlen(pat), slen = strlen(path);
    bool anchored = plen && pat[plen - 1] == '$';
    if (anchored)
        plen--;
    size_t p = 0, i = 0, star = SIZE_MAX, mark = 0;
    while (i < slen) {
        if (p == plen && !anchored)
            return true; /* the pattern matched a prefix */
        if (p < plen && pat[p] == '*') {
            star = p++;
            mark = i;
        } else if (p < plen && pat[p] == path[i]) {
            p++;
            i++;
        } else if (star != SIZE_MAX) {
            p = star + 1;
            i = ++mark;
        } else {
            return false;
        }
    }
    while (p < plen && pat[p] == '*')
        p++;
    return p == plen;
}

bool pr_robots_allowed(const pr_robots_t *r, const char *path)
{
    if (!r)
        return true;
    size_t best = 0;
    bool allowed = true, any = false;
    for (size_t i = 0; i < r->n; i++) {
        if (!rule_matches(r->v[i].pattern, path))
            continue;
        size_t weight = strlen(r->v[i].pattern);
        if (!any || weight > best || (weight == best && r->v[i].allow)) {
            best = weight;
            allowed = r->v[i].allow;
            any = true;
        }
    }
    return allowed;
}

void pr_robots_free(pr_robots_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].pattern);
    free(r->v);
    free(r);
}
