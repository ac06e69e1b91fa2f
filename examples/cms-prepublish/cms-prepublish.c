/* cms-prepublish: the check a CMS runs before publishing an article (三审三校).
 *
 *   cms-prepublish --index SITE.gadedup [--rules F]... [--no-spell] [--block-typos] [--add]
 *                  DRAFT.json
 *
 * Reads a draft {site, column, url, date, title, text, source} (and optional id), scans
 * title and text with the rule packs (or --rules files) and the statistical spelling model
 * (错别字 nobody listed; each with its confidence and candidates), and looks the text up
 * in the site's saved dedup index. Prints the verdict as JSON: findings, and "already
 * published in column X on date D" matches. Serious findings, or a copy on the same site
 * in another column or repeated within the window (一稿多发), block publishing: exit 1.
 * A statistical finding is never serious; with --block-typos the sure ones (severity
 * normal) block too. With --add a draft that may be published is recorded in the index
 * (created when missing) and the index is saved. Exit 2: bad usage or input. Uses the
 * public API only. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <govaudit/govaudit.h>

/* A similarity as a JSON number with at most three decimals (0.851, 1). */
static json_object *json_sim(double v)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%.3f", v);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (buf[n - 1] == '.')
        buf[--n] = '\0';
    return json_object_new_double_s(v, buf);
}

static int fail(const char *what, ga_error_t *err)
{
    fprintf(stderr, "cms-prepublish: %s: %s", what, err ? ga_error_message(err) : "failed");
    if (err && ga_error_line(err))
        fprintf(stderr, " (%s:%zu:%zu)", ga_error_file(err) ? ga_error_file(err) : "",
                ga_error_line(err), ga_error_column(err));
    else if (err && ga_error_offset(err) != GA_NO_OFFSET)
        fprintf(stderr, " (byte %zu)", ga_error_offset(err));
    fputc('\n', stderr);
    ga_error_free(err);
    return 2;
}

static const char *field(json_object *o, const char *key)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

static json_object *finding_json(const char *name, const ga_finding_t *f)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "field", json_object_new_string(name));
    json_object_object_add(o, "rule", json_object_new_string(f->rule));
    json_object_object_add(o, "category", json_object_new_string(f->category));
    json_object_object_add(o, "severity", json_object_new_string(ga_severity_name(f->severity)));
    json_object_object_add(o, "start", json_object_new_int64((int64_t)f->start));
    json_object_object_add(o, "end", json_object_new_int64((int64_t)f->end));
    json_object_object_add(o, "text", json_object_new_string_len(f->text, (int)(f->end - f->start)));
    json_object_object_add(o, "suggestion", json_object_new_string(f->suggestion));
    return o;
}

/* Scan one field of the draft with the rules, then the spelling model (which leaves the
 * rules' hits to them); add the findings to `out`. Returns how many block publishing. */
static int scan(const ga_matcher_t *m, ga_match_scratch_t *s, const ga_spell_model_t *sp,
                ga_spell_scratch_t *ss, int block_typos, const char *name, const char *text,
                json_object *out, ga_error_t **err, ga_status_t *st)
{
    int blocking = 0;
    if (!text)
        return 0;
    *st = ga_match_scan(m, s, text, strlen(text), err);
    if (*st)
        return 0;
    for (size_t i = 0; i < ga_match_count(s); i++) {
        ga_finding_t f = {.size = sizeof f};
        if (ga_match_get(s, i, &f))
            continue;
        json_object_array_add(out, finding_json(name, &f));
        blocking += f.severity >= GA_SEVERITY_SERIOUS;
    }
    if (!sp || (*st = ga_spell_check(sp, ss, text, strlen(text), s, err)) != GA_OK)
        return blocking;
    for (size_t i = 0; i < ga_spell_count(ss); i++) {
        ga_finding_t f = {.size = sizeof f};
        if (ga_spell_get(ss, i, &f))
            continue;
        json_object *o = finding_json(name, &f);
        json_object_object_add(o, "confidence", json_sim(ga_spell_confidence(ss, i)));
        json_object *c = json_object_new_array();
        for (size_t k = 0; k < ga_spell_candidate_count(ss, i); k++)
            json_object_array_add(c, json_object_new_string(ga_spell_candidate(ss, i, k)));
        json_object_object_add(o, "candidates", c);
        json_object_array_add(out, o);
        blocking += block_typos && f.severity >= GA_SEVERITY_NORMAL;
    }
    return blocking;
}

int main(int argc, char **argv)
{
    const char *index_path = NULL, *draft_path = NULL, *rules[64];
    int nrules = 0, add = 0, no_spell = 0, block_typos = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-spell") == 0)
            no_spell = 1;
        else if (strcmp(argv[i], "--block-typos") == 0)
            block_typos = 1;
        else if (strcmp(argv[i], "--index") == 0 && i + 1 < argc)
            index_path = argv[++i];
        else if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc && nrules < 64)
            rules[nrules++] = argv[++i];
        else if (strcmp(argv[i], "--add") == 0)
            add = 1;
        else if (argv[i][0] != '-' && !draft_path)
            draft_path = argv[i];
        else
            draft_path = NULL, i = argc;
    }
    if (!index_path || !draft_path) {
        fprintf(stderr, "usage: cms-prepublish --index SITE.gadedup [--rules F]... [--no-spell] "
                        "[--block-typos] [--add] DRAFT.json\n");
        return 2;
    }
    json_object *draft = json_object_from_file(draft_path);
    if (!draft || !json_object_is_type(draft, json_type_object) || !field(draft, "text")) {
        fprintf(stderr, "cms-prepublish: %s: not a JSON object with a \"text\" string (%s)\n",
                draft_path, json_util_get_last_err() ? json_util_get_last_err() : "");
        json_object_put(draft);
        return 2;
    }
    const char *text = field(draft, "text");
    ga_dedup_doc_t doc = {sizeof doc, field(draft, "id") ? field(draft, "id") : field(draft, "url"),
                          field(draft, "site"), field(draft, "column"), field(draft, "url"),
                          field(draft, "date"), field(draft, "title"), field(draft, "source"),
                          text, strlen(text)};

    ga_error_t *err = NULL;
    ga_status_t st;
    int rc = 2;
    ga_matcher_t *matcher = NULL;
    ga_dedup_index_t *idx = NULL;
    ga_match_scratch_t *scratch = NULL;
    ga_spell_model_t *spell = NULL;
    ga_spell_scratch_t *spell_scratch = NULL;
    ga_dedup_matches_t *m = NULL;
    json_object *out = NULL;
    /* The rule packs: compiled once per process; a CMS keeps the matcher for its lifetime. */
    if (nrules) {
        ga_rules_t *rs = ga_rules_new();
        st = rs ? GA_OK : GA_ERR_NO_MEMORY;
        for (int i = 0; i < nrules && !st; i++)
            st = ga_rules_add_file(rs, rules[i], &err);
        if (!st)
            st = ga_matcher_compile(rs, &matcher, &err);
        ga_rules_free(rs);
    } else {
        st = ga_matcher_load_default(&matcher, &err);
    }
    if (st) {
        fail("rules", err);
        goto done;
    }
    /* The spelling model: mapped in once per process, like the matcher. */
    if (!no_spell && (st = ga_spell_model_load_default(&spell, &err)) != GA_OK) {
        fail("spelling model", err);
        goto done;
    }
    /* The site's index of published articles; a new site starts empty. */
    FILE *probe = fopen(index_path, "rb");
    if (probe) {
        fclose(probe);
        st = ga_dedup_index_load(index_path, NULL, &idx, &err);
    } else if (errno == ENOENT) {
        st = ga_dedup_index_new(NULL, &idx, &err);
    } else {
        fprintf(stderr, "cms-prepublish: %s: %s\n", index_path, strerror(errno));
        goto done;
    }
    if (st) {
        fail(index_path, err);
        goto done;
    }

    out = json_object_new_object();
    json_object_object_add(out, "publish", json_object_new_boolean(0)); /* first key; set below */
    json_object *findings = json_object_new_array();
    json_object_object_add(out, "findings", findings);
    scratch = ga_match_scratch_new();
    spell_scratch = ga_spell_scratch_new();
    m = ga_dedup_matches_new();
    if (!scratch || !spell_scratch || !m) {
        fprintf(stderr, "cms-prepublish: out of memory\n");
        goto done;
    }
    int blocking = scan(matcher, scratch, spell, spell_scratch, block_typos, "title", doc.title,
                       findings, &err, &st);
    if (!st)
        blocking += scan(matcher, scratch, spell, spell_scratch, block_typos, "text", text,
                        findings, &err, &st);
    if (st || (st = ga_dedup_index_query(idx, &doc, m, &err)) != GA_OK) {
        fail(draft_path, err);
        goto done;
    }
    json_object *matches = json_object_new_array();
    json_object_object_add(out, "matches", matches);
    int same_site = 0;
    for (size_t i = 0; i < ga_dedup_matches_count(m); i++) {
        size_t d = ga_dedup_matches_doc(m, i);
        ga_dedup_relation_t rel = ga_dedup_matches_relation(m, i);
        const char *col = ga_dedup_index_doc_field(idx, d, GA_DEDUP_COLUMN);
        const char *date = ga_dedup_index_doc_field(idx, d, GA_DEDUP_DATE);
        int blocks = rel == GA_DEDUP_REL_OTHER_COLUMN || rel == GA_DEDUP_REL_REPEATED;
        same_site += blocks;
        char msg[512];
        snprintf(msg, sizeof msg, "already published in column %s on date %s", col[0] ? col : "?",
                 date[0] ? date : "?");
        json_object *o = json_object_new_object();
        json_object_object_add(o, "id", json_object_new_string(ga_dedup_index_doc_field(idx, d, GA_DEDUP_ID)));
        json_object_object_add(o, "site", json_object_new_string(ga_dedup_index_doc_field(idx, d, GA_DEDUP_SITE)));
        json_object_object_add(o, "column", json_object_new_string(col));
        json_object_object_add(o, "date", json_object_new_string(date));
        json_object_object_add(o, "url", json_object_new_string(ga_dedup_index_doc_field(idx, d, GA_DEDUP_URL)));
        json_object_object_add(o, "similarity", json_sim(ga_dedup_matches_similarity(m, i)));
        json_object_object_add(o, "relation", json_object_new_string(ga_dedup_relation_name(rel)));
        json_object_object_add(o, "blocks", json_object_new_boolean(blocks));
        json_object_object_add(o, "message", json_object_new_string(msg));
        json_object_array_add(matches, o);
    }
    int publish = blocking == 0 && same_site == 0;
    json_object_object_add(out, "publish", json_object_new_boolean(publish));
    rc = publish ? 0 : 1;
    if (add && publish) {
        if ((st = ga_dedup_index_add(idx, &doc, NULL, &err)) != GA_OK ||
            (st = ga_dedup_index_save(idx, index_path, &err)) != GA_OK) {
            rc = fail(index_path, err);
            goto done;
        }
        json_object_object_add(out, "recorded", json_object_new_boolean(1));
    }
    puts(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
done:
    json_object_put(out);
    json_object_put(draft);
    ga_dedup_matches_free(m);
    ga_match_scratch_free(scratch);
    ga_spell_scratch_free(spell_scratch);
    ga_spell_model_free(spell);
    ga_dedup_index_free(idx);
    ga_matcher_free(matcher);
    return rc;
}
