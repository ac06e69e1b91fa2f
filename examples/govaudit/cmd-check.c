#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

int cmd_check(int argc, char **argv);

/* One finding, as a JSON object or a text line; spelling findings also carry their
 * confidence and their other candidates, findings in an attachment where they are. */
static void emit(const ga_finding_t *f, const ga_spell_scratch_t *ss, size_t si,
                 const ga_attach_t *doc, json_object *arr)
{
    ga_attach_piece_t piece = {.size = sizeof piece};
    const char *where =
        doc && ga_attach_piece(doc, ga_attach_locate(doc, f->start), &piece) == GA_OK
            ? piece.location
            : NULL;
    if (arr) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "rule", json_object_new_string(f->rule));
        json_object_object_add(o, "category", json_object_new_string(f->category));
        json_object_object_add(o, "severity",
                               json_object_new_string(ga_severity_name(f->severity)));
        json_object_object_add(o, "start", json_object_new_int64((int64_t)f->start));
        json_object_object_add(o, "end", json_object_new_int64((int64_t)f->end));
        json_object_object_add(o, "text",
                               json_object_new_string_len(f->text, (int)(f->end - f->start)));
        json_object_object_add(o, "suggestion", json_object_new_string(f->suggestion));
        if (ss) {
            json_object_object_add(o, "confidence",
                                   json_object_new_double(ga_spell_confidence(ss, si)));
            json_object *c = json_object_new_array();
            for (size_t k = 0; k < ga_spell_candidate_count(ss, si); k++)
                json_object_array_add(c, json_object_new_string(ga_spell_candidate(ss, si, k)));
            json_object_object_add(o, "candidates", c);
        }
        if (where)
            json_object_object_add(o, "location", json_object_new_string(where));
        json_object_array_add(arr, o);
    } else {
        printf("%zu-%zu\t%s\t%s\t%.*s\t%s\t%s%s%s\n", f->start, f->end, f->category,
               ga_severity_name(f->severity), (int)(f->end - f->start), f->text, f->suggestion,
               f->rule, where ? "\t" : "", where ? where : "");
    }
}

int cmd_check(int argc, char **argv)
{
    const cli_command_t *self = cli_find("check");
    const char **rules = calloc((size_t)argc, sizeof *rules);
    int nrules = 0;
    bool json = false;
    const char *path = NULL, *value, *save = NULL;
    int fail_on = 3; /* no severity reaches it: exit 0 unless --fail-on */
    cli_spell_t sp = {0};
    if (!rules)
        return CLI_BAD_INPUT;
    for (int i = 1; i < argc; i++) {
        if (cli_spell_option(argc, argv, &i, &sp)) {
            continue;
        } else if (cli_option(argc, argv, &i, "--rules", &value)) {
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
    char *input;
    size_t len;
    if (!cli_read_input(path, CLI_TEXT_LIMIT, &input, &len)) {
        ga_matcher_free(m);
        return CLI_BAD_INPUT;
    }
    /* An attachment (recognised by its content) is checked through its extracted text;
     * each finding then names where it is (page, cell, paragraph, slide). */
    ga_attach_t *doc = NULL;
    const char *text = input;
    if (ga_attach_sniff(input, len) != GA_ATTACH_UNKNOWN) {
        if ((st = ga_attach_extract(input, len, NULL, &doc, &err)) != GA_OK) {
            free(input);
            ga_matcher_free(m);
            return cli_fail(path, st, err);
        }
        text = ga_attach_text(doc, &len);
    }
    if ((st = cli_spell_load(&sp, &err)) != GA_OK) {
        cli_spell_free(&sp);
        ga_matcher_free(m);
        ga_attach_free(doc);
        free(input);
        return cli_fail(sp.words, st, err);
    }
    ga_match_scratch_t *s = ga_match_scratch_new();
    ga_spell_scratch_t *ss = sp.model ? ga_spell_scratch_new() : NULL;
    st = s && (ss || !sp.model) ? ga_match_scan(m, s, text, len, &err) : GA_ERR_NO_MEMORY;
    if (st == GA_OK && ss)
        st = ga_spell_check(sp.model, ss, text, len, s, &err);
    int rc = CLI_OK;
    if (st) {
        rc = cli_fail(path, st, err);
    } else {
        /* the rule findings, then the statistical ones, merged in text order */
        json_object *arr = json ? json_object_new_array() : NULL;
        size_t nm = ga_match_count(s), ns = ss ? ga_spell_count(ss) : 0, i = 0, j = 0;
        while (i < nm || j < ns) {
            ga_finding_t f = {.size = sizeof f}, g = {.size = sizeof g};
            if (i < nm)
                ga_match_get(s, i, &f);
            if (j < ns)
                ga_spell_get(ss, j, &g);
            bool spell = i == nm || (j < ns && g.start < f.start);
            const ga_finding_t *h = spell ? &g : &f;
            if ((int)h->severity >= fail_on)
                rc = CLI_FINDINGS;
            emit(h, spell ? ss : NULL, j, doc, arr);
            if (spell)
                j++;
            else
                i++;
        }
        if (json) {
            puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
            json_object_put(arr);
        }
    }
    ga_match_scratch_free(s);
    ga_spell_scratch_free(ss);
    cli_spell_free(&sp);
    ga_matcher_free(m);
    ga_attach_free(doc);
    free(input);
    return rc;
}
