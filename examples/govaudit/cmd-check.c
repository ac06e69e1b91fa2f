#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

int cmd_check(int argc, char **argv);

int cmd_check(int argc, char **argv)
{
    const cli_command_t *self = cli_find("check");
    const char **rules = calloc((size_t)argc, sizeof *rules);
    int nrules = 0;
    bool json = false;
    const char *path = NULL, *value, *save = NULL;
    int fail_on = 3; /* no severity reaches it: exit 0 unless --fail-on */
    if (!rules)
        return CLI_BAD_INPUT;
    for (int i = 1; i < argc; i++) {
        if (cli_option(argc, argv, &i, "--rules", &value)) {
            rules[nrules++] = value;
        } else if (cli_option(argc, argv, &i, "--fail-on", &value)) {
            ga_severity_t s;
            if (ga_severity_parse(value, &s) != GA_OK) {
                free(rules);
                return cli_usage(self, "--fail-on takes hint, normal or serious");
            }
            fail_on = (int)s;
        } else if (cli_option(argc, argv, &i, "--save", &value)) {
            save = value;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (!cli_file_argument(self, argv[i], &path)) {
            free(rules);
            return CLI_BAD_INPUT;
        }
    }
    if (!path && !save) {
        free(rules);
        return cli_usage(self, "missing FILE");
    }
    ga_error_t *err = NULL;
    ga_matcher_t *m = NULL;
    ga_status_t st = cli_load_matcher(rules, (size_t)nrules, &m, &err);
    free(rules);
    if (st)
        return cli_fail(NULL, st, err);
    if (save && (st = ga_matcher_save(m, save, &err)) != GA_OK) {
        ga_matcher_free(m);
        return cli_fail(save, st, err);
    }
    if (!path) {
        ga_matcher_free(m);
        return CLI_OK;
    }
    char *text;
    size_t len;
    if (!cli_read_input(path, CLI_TEXT_LIMIT, &text, &len)) {
        ga_matcher_free(m);
        return CLI_BAD_INPUT;
    }
    ga_match_scratch_t *s = ga_match_scratch_new();
    st = s ? ga_match_scan(m, s, text, len, &err) : GA_ERR_NO_MEMORY;
    int rc = CLI_OK;
    if (st) {
        rc = cli_fail(path, st, err);
    } else {
        json_object *arr = json ? json_object_new_array() : NULL;
        for (size_t i = 0; i < ga_match_count(s); i++) {
            ga_finding_t f;
            memset(&f, 0, sizeof f);
            f.size = sizeof f;
            ga_match_get(s, i, &f);
            if ((int)f.severity >= fail_on)
                rc = CLI_FINDINGS;
            if (json) {
                json_object *o = json_object_new_object();
                json_object_object_add(o, "rule", json_object_new_string(f.rule));
                json_object_object_add(o, "category", json_object_new_string(f.category));
                json_object_object_add(o, "severity",
                                       json_object_new_string(ga_severity_name(f.severity)));
                json_object_object_add(o, "start", json_object_new_int64((int64_t)f.start));
                json_object_object_add(o, "end", json_object_new_int64((int64_t)f.end));
                json_object_object_add(o, "text",
                                       json_object_new_string_len(f.text, (int)(f.end - f.start)));
                json_object_object_add(o, "suggestion", json_object_new_string(f.suggestion));
                json_object_array_add(arr, o);
            } else {
                printf("%zu-%zu\t%s\t%s\t%.*s\t%s\t%s\n", f.start, f.end, f.category,
                       ga_severity_name(f.severity), (int)(f.end - f.start), f.text,
                       f.suggestion, f.rule);
            }
        }
        if (json) {
            puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
            json_object_put(arr);
        }
    }
    ga_match_scratch_free(s);
    ga_matcher_free(m);
    free(text);
    return rc;
}
