/* govaudit audit: a whole-site audit of a crawl (WARC file or mirror folder). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json.h>

#include "cli.h"

int cmd_audit(int argc, char **argv);

/* A bare date is the end of that day, so the whole day is inside the windows. */
static bool audit_date(const char *s, int64_t *t)
{
    size_t n = strlen(s);
    if (ga_time_parse(s, n, t, NULL) != GA_OK)
        return false;
    if (n <= 10)
        *t += 86400 - 1;
    return true;
}

static const char *jstr(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : "";
}

static json_object *jget(json_object *o, const char *key)
{
    json_object *v = NULL;
    json_object_object_get_ex(o, key, &v);
    return v;
}

/* What the crawl showed, whether or not an indicator counted it (a veto stops the scoring
 * of points, not the inspector's list): read back from the report's JSON. */
static void details(const ga_site_result_t *r, FILE *out)
{
    char *s;
    if (ga_report_json(r, 0, &s, NULL, NULL) != GA_OK)
        return;
    json_object *root = json_tokener_parse(s);
    ga_string_free(s);
    if (!root)
        return;
    json_object *cols = jget(root, "columns"), *fs = jget(root, "findings"),
                *ds = jget(root, "duplicates"), *ls = jget(root, "links");
    for (size_t i = 0; cols && i < json_object_array_length(cols); i++) {
        json_object *c = json_object_array_get_idx(cols, i);
        if (json_object_get_boolean(jget(c, "blank")))
            fprintf(out, "  blank column: %s\n", jstr(c, "name"));
        else if (json_object_get_boolean(jget(c, "stale")))
            fprintf(out, "  stale column: %s (%s), last update %s, %d days before the audit date\n",
                    jstr(c, "name"), jstr(c, "type"), jstr(c, "last")[0] ? jstr(c, "last") : "never",
                    json_object_get_int(jget(c, "days_since")));
    }
    for (size_t i = 0; fs && i < json_object_array_length(fs) && i < 20; i++) {
        json_object *f = json_object_array_get_idx(fs, i);
        fprintf(out, "  finding: %s %s → %s  %s\n", jstr(f, "category"), jstr(f, "text"),
                jstr(f, "suggestion"), jstr(f, "url"));
    }
    for (size_t i = 0; ds && i < json_object_array_length(ds); i++) {
        json_object *d = json_object_array_get_idx(ds, i), *ps = jget(d, "posts");
        fprintf(out, "  duplicate (%s):", jstr(d, "kind"));
        for (size_t j = 0; ps && j < json_object_array_length(ps); j++)
            fprintf(out, " %s%s", j ? "= " : "", jstr(json_object_array_get_idx(ps, j), "url"));
        fputc('\n', out);
    }
    for (size_t i = 0; ls && i < json_object_array_length(ls); i++) {
        json_object *l = json_object_array_get_idx(ls, i);
        if (!json_object_get_boolean(jget(l, "broken")))
            continue;
        fprintf(out, "  broken %s link: %s (HTTP %d) on %s\n",
                json_object_get_boolean(jget(l, "external")) ? "external" : "internal",
                jstr(l, "url"), json_object_get_int(jget(l, "status")), jstr(l, "where"));
    }
    json_object_put(root);
}

static void summary(const ga_site_result_t *r, FILE *out)
{
    const ga_score_result_t *s = ga_site_result_score(r);
    char date[24];
    fprintf(out, "%s  %s  (audit date %s)\n", ga_site_result_site(r), ga_site_result_home(r),
            ga_time_format(ga_site_result_time(r), 1, date));
    fprintf(out, "verdict: %s", ga_score_result_passed(s) ? "合格 (passed)" : "不合格 (failed)");
    if (ga_score_result_scored(s))
        fprintf(out, ", score %.2f (deductions part %.2f, bonus %.2f)", ga_score_result_final(s),
                ga_score_result_score(s), ga_score_result_bonus(s));
    else
        fprintf(out, ", %zu veto(es), not scored", ga_score_result_veto_count(s));
    fprintf(out, "\ncrawl: %zu pages, %zu articles, %zu columns, %zu findings, %zu duplicate "
                 "clusters, %zu broken links, %zu external links\n",
            ga_site_result_count(r, GA_SITE_PAGES), ga_site_result_count(r, GA_SITE_ARTICLES),
            ga_site_result_count(r, GA_SITE_COLUMNS), ga_site_result_count(r, GA_SITE_FINDINGS),
            ga_site_result_count(r, GA_SITE_DUPLICATES), ga_site_result_count(r, GA_SITE_BROKEN),
            ga_site_result_count(r, GA_SITE_EXTERNAL));
    static const char *const label[] = {"veto", "deduct", "bonus", "problem"};
    for (size_t i = 0; i < ga_score_result_count(s); i++) {
        if (ga_score_result_outcome(s, i) != GA_OUTCOME_HIT)
            continue;
        ga_indicator_kind_t k = ga_score_result_kind(s, i);
        fprintf(out, "  [%s] %s %s", label[k & 3], ga_score_result_id(s, i),
                ga_score_result_name(s, i));
        if (k == GA_KIND_DEDUCT || k == GA_KIND_BONUS)
            fprintf(out, " (%s%g)", k == GA_KIND_DEDUCT ? "-" : "+", ga_score_result_points(s, i));
        fputc('\n', out);
        size_t n = ga_score_result_evidence_count(s, i);
        for (size_t j = 0; j < n && j < 12; j++) {
            const char *url;
            const char *text = ga_score_result_evidence(s, i, j, &url, NULL);
            fprintf(out, "      %s%s%s\n", text, url ? "  " : "", url ? url : "");
        }
        if (n > 12)
            fprintf(out, "      ... %zu more\n", n - 12);
    }
    details(r, out);
}

static bool write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        cli_message("govaudit audit: cannot write %s\n", path);
        if (f)
            fclose(f);
        return false;
    }
    return true;
}

/* One crawl, with the availability probes of a log when there is one. */
static ga_status_t audit_one(const char *crawl, const ga_profile_t *profile,
                             const ga_matcher_t *matcher, int64_t t, const ga_site_options_t *opt,
                             const ga_probe_log_t *log, ga_site_result_t **out, ga_error_t **err)
{
    ga_site_auditor_t *a;
    size_t added = 0;
    ga_status_t st = ga_site_auditor_new(profile, matcher, t, opt, &a, err);
    if (st)
        return st;
    st = ga_site_auditor_add_crawl(a, crawl, err);
    if (!st && log)
        st = ga_site_auditor_add_probes(a, log, &added, err);
    if (!st && log && !added)
        cli_message("govaudit audit: %s: the probe log has no probe of this site\n", crawl);
    if (!st)
        st = ga_site_auditor_finish(a, out, err);
    ga_site_auditor_free(a);
    return st;
}

int cmd_audit(int argc, char **argv)
{
    const cli_command_t *self = cli_find("audit");
    const char *date = NULL, *profile_path = NULL, *html = NULL, *site_url = NULL, *value;
    const char *probes = NULL;
    unsigned recheck = 0; /* ga_probe_flag bits + 1 when links are re-checked */
    const char **rules = calloc((size_t)argc, sizeof *rules);
    const char **crawls = calloc((size_t)argc, sizeof *crawls);
    size_t nrules = 0, ncrawls = 0;
    bool json = false, pretty = false, no_dedup = false;
    int rc = CLI_OK;
    if (!rules || !crawls) {
        free(rules);
        free(crawls);
        cli_message("govaudit audit: out of memory\n");
        return CLI_BAD_INPUT;
    }
    cli_spell_t sp = {0};
    cli_progress_t pg = {.wanted = -1};
    for (int i = 1; i < argc; i++) {
        if (cli_spell_option(argc, argv, &i, &sp) || cli_progress_option(argv[i], &pg))
            continue;
        if (cli_option(argc, argv, &i, "--date", &value))
            date = value;
        else if (cli_option(argc, argv, &i, "--profile", &value))
            profile_path = value;
        else if (cli_option(argc, argv, &i, "--rules", &value))
            rules[nrules++] = value;
        else if (cli_option(argc, argv, &i, "--html", &value))
            html = value;
        else if (cli_option(argc, argv, &i, "--site-url", &value))
            site_url = value;
        else if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--pretty") == 0)
            json = pretty = true;
        else if (strcmp(argv[i], "--no-dedup") == 0)
            no_dedup = true;
        else if (cli_option(argc, argv, &i, "--probes", &value))
            probes = value;
        else if (strcmp(argv[i], "--recheck") == 0)
            recheck |= 1;
        else if (strcmp(argv[i], "--allow-private") == 0)
            recheck |= (unsigned)GA_PROBE_ALLOW_PRIVATE << 1;
        else if (strcmp(argv[i], "--robots") == 0)
            recheck |= (unsigned)GA_PROBE_ROBOTS << 1;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            rc = cli_usage(self, "unknown option");
        else
            crawls[ncrawls++] = argv[i];
        if (rc)
            break;
    }
    int64_t t = 0;
    if (!rc && !ncrawls)
        rc = cli_usage(self, "missing CRAWL (a WARC file or a mirror folder)");
    if (!rc && date && !audit_date(date, &t))
        rc = cli_usage(self, "--date wants YYYY-MM-DD");
    if (!rc && !date) {
        /* Without --date the audit time is the end of today (local time). */
        time_t now = time(NULL);
        struct tm tm;
        char buf[16];
        localtime_r(&now, &tm);
        strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        audit_date(buf, &t);
    }
    if (!rc && ncrawls > 1 && site_url)
        rc = cli_usage(self, "--site-url names one site: give one CRAWL");
    if (rc) {
        free(rules);
        free(crawls);
        return rc;
    }

    ga_error_t *err = NULL;
    ga_profile_t *profile = NULL;
    ga_matcher_t *matcher = NULL;
    ga_site_result_t **results = calloc(ncrawls, sizeof *results);
    ga_status_t st = results ? GA_OK : GA_ERR_NO_MEMORY;
    const char *failed = NULL;
    if (!st) {
        failed = profile_path ? profile_path : "gov-website-2019";
        st = profile_path ? ga_profile_load(profile_path, &profile, &err)
                          : ga_profile_load_builtin("gov-website-2019", &profile, &err);
    }
    if (!st) {
        failed = nrules ? NULL : "the shipped rule packs";
        st = cli_load_matcher(rules, nrules, &matcher, &err);
    }
    if (!st) {
        failed = sp.words ? sp.words : "the shipped spelling model";
        st = cli_spell_load(&sp, &err);
    }
    ga_probe_log_t *log = NULL;
    if (!st && probes) {
        failed = probes;
        st = ga_probe_log_load(probes, &log, &err);
        size_t line, skipped = log ? ga_probe_log_skipped(log, &line) : 0;
        if (skipped)
            cli_message("govaudit audit: %s: %zu line(s) are not probes (the first is line "
                        "%zu); skipped\n", probes, skipped, line);
    }
    cli_progress_start(&pg, "audit");
    ga_site_options_t opt = {.size = sizeof opt, .site_url = site_url,
                             .flags = no_dedup ? GA_SITE_NO_DEDUP : 0, .spell = sp.model,
                             .progress = cli_progress_fn(&pg), .progress_user = &pg};
    ga_probe_options_t popt = {.size = sizeof popt,
                               .flags = GA_PROBE_CHECK_PAGE | (recheck >> 1),
                               .progress = cli_progress_fn(&pg), .progress_user = &pg};
    for (size_t i = 0; i < ncrawls && !st; i++) {
        failed = crawls[i];
        st = audit_one(crawls[i], profile, matcher, t, &opt, log, &results[i], &err);
        if (!st && (recheck & 1))
            st = ga_site_result_recheck_links(results[i], profile, &popt, NULL, &err);
    }
    ga_probe_log_free(log);
    cli_progress_finish(&pg);
    if (st) {
        rc = cli_fail(failed ? failed : "govaudit audit", st, err);
    } else {
        for (size_t i = 0; i < ncrawls && !rc; i++) {
            if (json) {
                char *out;
                size_t len;
                st = ga_report_json(results[i], pretty ? GA_REPORT_PRETTY : 0, &out, &len, &err);
                if (st) {
                    rc = cli_fail(crawls[i], st, err);
                    break;
                }
                fwrite(out, 1, len, stdout);
                ga_string_free(out);
            } else {
                if (i)
                    putchar('\n');
                summary(results[i], stdout);
            }
        }
        if (!rc && html) {
            char *out;
            size_t len;
            st = ncrawls == 1
                     ? ga_report_html(results[0], 0, &out, &len, &err)
                     : ga_report_batch_html((const ga_site_result_t *const *)results, ncrawls, 0,
                                            &out, &len, &err);
            if (st) {
                rc = cli_fail(html, st, err);
            } else {
                if (!write_file(html, out, len))
                    rc = CLI_BAD_INPUT;
                else if (!json)
                    printf("HTML report: %s\n", html);
                ga_string_free(out);
            }
        }
    }
    for (size_t i = 0; results && i < ncrawls; i++)
        ga_site_result_free(results[i]);
    free(results);
    ga_matcher_free(matcher);
    cli_spell_free(&sp);
    ga_profile_free(profile);
    free(rules);
    free(crawls);
    return rc;
}
