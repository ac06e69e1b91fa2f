/* govaudit audit-media and govaudit summary: scoring over the score module's public API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

int cmd_audit_media(int argc, char **argv);
int cmd_summary(int argc, char **argv);

/* --date: a bare date means the end of that day, so the whole day is inside the windows. */
static bool parse_date(const char *s, int64_t *t)
{
    size_t n = strlen(s);
    if (ga_time_parse(s, n, t, NULL) != GA_OK)
        return false;
    if (n <= 10)
        *t += 86400 - 1;
    return true;
}

static int64_t today_end(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char buf[16];
    strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    int64_t t = 0;
    parse_date(buf, &t);
    return t;
}

static void print_list(const ga_score_result_t *r, ga_indicator_kind_t kind, const char *label)
{
    for (size_t i = 0; i < ga_score_result_count(r); i++) {
        if (ga_score_result_kind(r, i) != kind || ga_score_result_outcome(r, i) != GA_OUTCOME_HIT)
            continue;
        printf("  %s %s %s\n", label, ga_score_result_id(r, i), ga_score_result_name(r, i));
        for (size_t j = 0; j < ga_score_result_evidence_count(r, i); j++) {
            const char *url;
            const char *text = ga_score_result_evidence(r, i, j, &url, NULL);
            printf("      %s%s%s\n", text, url ? "  " : "", url ? url : "");
        }
    }
}

int cmd_audit_media(int argc, char **argv)
{
    const cli_command_t *self = cli_find("audit-media");
    const char *path = NULL, *date = NULL, *profile = NULL, *value;
    const char *rules[64];
    size_t nrules = 0;
    bool json = false;
    cli_spell_t sp = {0};
    for (int i = 1; i < argc; i++) {
        if (cli_spell_option(argc, argv, &i, &sp))
            continue;
        if (cli_option(argc, argv, &i, "--date", &value))
            date = value;
        else if (cli_option(argc, argv, &i, "--rules", &value)) {
            if (nrules == sizeof rules / sizeof *rules)
                return cli_usage(self, "at most 64 --rules");
            rules[nrules++] = value;
        }
        else if (cli_option(argc, argv, &i, "--profile", &value))
            profile = value;
        else if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (!cli_file_argument(self, argv[i], &path))
            return CLI_BAD_INPUT;
    }
    if (!path)
        return cli_usage(self, "missing FILE");
    int64_t t;
    if (date ? !parse_date(date, &t) : (t = today_end()) == 0)
        return cli_usage(self, "--date wants YYYY-MM-DD");

    char *text;
    size_t len;
    if (!cli_read_input(path, CLI_TEXT_LIMIT, &text, &len))
        return CLI_BAD_INPUT;
    ga_error_t *err = NULL;
    ga_profile_t *p = NULL;
    ga_observations_t *obs = NULL;
    ga_score_result_t *r = NULL;
    ga_matcher_t *m = NULL;
    ga_status_t st = ga_observations_parse_media(text, len, path, &obs, &err);
    free(text);
    if (st != GA_OK)
        return cli_fail(path, st, err);
    /* 错敏字 in the posts' titles and texts: the rule packs', then the statistical ones. */
    const char *where = NULL;
    if ((st = cli_load_matcher(rules, nrules, &m, &err)) == GA_OK) {
        where = sp.words;
        if ((st = cli_spell_load(&sp, &err)) == GA_OK) {
            where = path;
            st = ga_obs_check_posts(obs, m, sp.model, &err);
        }
    }
    if (st != GA_OK) {
        ga_matcher_free(m);
        cli_spell_free(&sp);
        ga_observations_free(obs);
        return cli_fail(where, st, err);
    }
    ga_matcher_free(m);
    cli_spell_free(&sp);
    st = profile ? ga_profile_load(profile, &p, &err)
                 : ga_profile_load_builtin("gov-newmedia-2019", &p, &err);
    if (st != GA_OK) {
        ga_observations_free(obs);
        return cli_fail(profile, st, err);
    }
    ga_obs_set_time(obs, t);
    st = ga_score(p, obs, &r, &err);
    int rc = CLI_OK;
    if (st != GA_OK) {
        rc = cli_fail(path, st, err);
    } else if (json) {
        char *out = NULL;
        if ((st = ga_score_result_json(r, obs, 0, &out, NULL, &err)) != GA_OK)
            rc = cli_fail(path, st, err);
        else
            puts(out);
        ga_string_free(out);
    } else {
        char day[20];
        printf("%s: %s%s (%s)\n", path, ga_score_result_passed(r) ? "合格" : "不合格",
               ga_score_result_complete(r) ? "" : ", evidence incomplete",
               ga_time_format(t, 1, day));
        print_list(r, GA_KIND_VETO, "单项否决");
        print_list(r, GA_KIND_PROBLEM, "问题");
        for (size_t i = 0; i < ga_score_result_count(r); i++)
            if (ga_score_result_outcome(r, i) == GA_OUTCOME_NOT_EVALUABLE &&
                ga_score_result_kind(r, i) != GA_KIND_PROBLEM)
                printf("  not evaluable %s %s: %s\n", ga_score_result_id(r, i),
                       ga_score_result_name(r, i), ga_score_result_reason(r, i));
    }
    ga_score_result_free(r);
    ga_profile_free(p);
    ga_observations_free(obs);
    return rc;
}

int cmd_summary(int argc, char **argv)
{
    const cli_command_t *self = cli_find("summary");
    bool json = false;
    int files = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage(self, "unknown option");
        else
            files++;
    }
    if (files == 0)
        return cli_usage(self, "missing RESULT");
    ga_score_batch_t *b = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_score_batch_new(&b, &err);
    if (st != GA_OK)
        return cli_fail(NULL, st, err);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            continue;
        char *text;
        size_t len;
        if (!cli_read_input(argv[i], CLI_TEXT_LIMIT, &text, &len)) {
            ga_score_batch_free(b);
            return CLI_BAD_INPUT;
        }
        st = ga_score_batch_add_json(b, text, len, argv[i], &err);
        free(text);
        if (st != GA_OK) {
            ga_score_batch_free(b);
            return cli_fail(argv[i], st, err);
        }
    }
    char *out = NULL;
    int rc = CLI_OK;
    if ((st = ga_score_batch_json(b, json ? 0 : GA_SCORE_JSON_PRETTY, &out, NULL, &err)) != GA_OK)
        rc = cli_fail(NULL, st, err);
    else if (json)
        puts(out);
    else
        printf("checked %zu, passed %zu, 合格率 %.1f%%\n%s\n", ga_score_batch_checked(b),
               ga_score_batch_passed(b), ga_score_batch_rate(b), out);
    ga_string_free(out);
    ga_score_batch_free(b);
    return rc;
}
