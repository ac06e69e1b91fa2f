#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

int cmd_normalize(int argc, char **argv);

static const struct {
    const char *name;
    unsigned flag;
} flag_names[] = {
    {"nfkc", GA_NORM_NFKC},   {"width", GA_NORM_WIDTH}, {"case", GA_NORM_CASEFOLD},
    {"t2s", GA_NORM_T2S},     {"noise", GA_NORM_DROP_NOISE},
    {"replace", GA_NORM_REPLACE_INVALID},
};

static bool parse_flags(const char *list, unsigned *flags)
{
    *flags = 0;
    char *copy = strdup(list);
    bool ok = copy != NULL;
    for (char *save = NULL, *tok = copy ? strtok_r(copy, ",", &save) : NULL; ok && tok;
         tok = strtok_r(NULL, ",", &save)) {
        size_t k = 0;
        while (k < sizeof flag_names / sizeof flag_names[0] && strcmp(flag_names[k].name, tok))
            k++;
        if (k == sizeof flag_names / sizeof flag_names[0])
            ok = false;
        else
            *flags |= flag_names[k].flag;
    }
    free(copy);
    return ok;
}

/* One map entry per output character: [out_start, out_end, src_start, src_end]. */
static json_object *offset_map(const ga_normalized_t *res, const char *out, size_t out_len)
{
    json_object *map = json_object_new_array();
    size_t pos = 0;
    while (pos < out_len) {
        size_t start = pos;
        ga_utf8_next(out, out_len, &pos);
        size_t s, e;
        ga_normalized_source_span(res, start, pos, &s, &e);
        json_object *entry = json_object_new_array();
        json_object_array_add(entry, json_object_new_int64((int64_t)start));
        json_object_array_add(entry, json_object_new_int64((int64_t)pos));
        json_object_array_add(entry, json_object_new_int64((int64_t)s));
        json_object_array_add(entry, json_object_new_int64((int64_t)e));
        json_object_array_add(map, entry);
    }
    return map;
}

int cmd_normalize(int argc, char **argv)
{
    const cli_command_t *self = cli_find("normalize");
    ga_norm_options_t opts = {sizeof opts, GA_NORM_DEFAULT, NULL, 0};
    bool json = false;
    const char *path = NULL, *value;
    for (int i = 1; i < argc; i++) {
        if (cli_option(argc, argv, &i, "--flags", &value)) {
            if (!parse_flags(value, &opts.flags))
                return cli_usage(self, "unknown flag in --flags");
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (!cli_file_argument(self, argv[i], &path)) {
            return CLI_BAD_INPUT;
        }
    }
    if (!path)
        return cli_usage(self, "missing FILE");

    char *text;
    size_t len;
    if (!cli_read_input(path, CLI_TEXT_LIMIT, &text, &len))
        return CLI_BAD_INPUT;
    ga_error_t *err = NULL;
    ga_normalizer_t *norm = NULL;
    ga_normalized_t *res = ga_normalized_new();
    ga_status_t st = res ? ga_normalizer_new(&opts, &norm, &err) : GA_ERR_NO_MEMORY;
    if (st == GA_OK)
        st = ga_normalize(norm, text, len, res, &err);
    int rc = CLI_OK;
    if (st != GA_OK) {
        rc = cli_fail(path, st, err);
    } else {
        size_t out_len;
        const char *out = ga_normalized_text(res, &out_len);
        if (json) {
            json_object *o = json_object_new_object();
            json_object_object_add(o, "text", json_object_new_string_len(out, (int)out_len));
            json_object_object_add(o, "map", offset_map(res, out, out_len));
            puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                      JSON_C_TO_STRING_NOSLASHESCAPE));
            json_object_put(o);
        } else {
            fwrite(out, 1, out_len, stdout);
        }
    }
    ga_normalized_free(res);
    ga_normalizer_free(norm);
    free(text);
    return rc;
}
