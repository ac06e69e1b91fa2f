#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

int cmd_seg(int argc, char **argv);

typedef struct out {
    const char *text;
    bool json;
    bool line_start; /* no token printed yet on this output line */
    json_object *arr;
    FILE *f;
} out_t;

static const char *kind_name(uint32_t kind)
{
    switch (GA_TOKEN_KIND(kind)) {
    case GA_TOKEN_WORD: return "word";
    case GA_TOKEN_ALNUM: return "alnum";
    case GA_TOKEN_PUNCT: return "punct";
    case GA_TOKEN_SPACE: return "space";
    default: return "other";
    }
}

/* Plain output: one line per input line, tokens separated by one space; white space
 * tokens are dropped, their line breaks kept. */
static int print_token(const ga_token_t *t, void *user)
{
    out_t *o = user;
    const char *s = o->text + t->start;
    size_t n = t->end - t->start;
    if (o->json) {
        json_object *tok = json_object_new_object();
        json_object_object_add(tok, "text", json_object_new_string_len(s, (int)n));
        json_object_object_add(tok, "start", json_object_new_int64((int64_t)t->start));
        json_object_object_add(tok, "end", json_object_new_int64((int64_t)t->end));
        json_object_object_add(tok, "kind", json_object_new_string(kind_name(t->kind)));
        if (t->kind & GA_TOKEN_SUBWORD)
            json_object_object_add(tok, "subword", json_object_new_boolean(1));
        json_object_array_add(o->arr, tok);
        return 0;
    }
    if (GA_TOKEN_KIND(t->kind) == GA_TOKEN_SPACE) {
        for (size_t i = 0; i < n; i++)
            if (s[i] == '\n') {
                fputc('\n', o->f);
                o->line_start = true;
            }
        return 0;
    }
    if (!o->line_start)
        fputc(' ', o->f);
    fwrite(s, 1, n, o->f);
    o->line_start = false;
    return 0;
}

int cmd_seg(int argc, char **argv)
{
    const cli_command_t *self = cli_find("seg");
    ga_seg_mode_t mode = GA_SEG_DEFAULT;
    const char *path = NULL, *user_dict = NULL, *value;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (cli_option(argc, argv, &i, "--mode", &value)) {
            if (strcmp(value, "default") == 0)
                mode = GA_SEG_DEFAULT;
            else if (strcmp(value, "search") == 0)
                mode = GA_SEG_SEARCH;
            else if (strcmp(value, "icu") == 0)
                mode = GA_SEG_ICU;
            else
                return cli_usage(self, "--mode is default, search or icu");
        } else if (cli_option(argc, argv, &i, "--user-dict", &value)) {
            user_dict = value;
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
    ga_dict_t *base = NULL, *user = NULL;
    ga_dict_builder_t *b = NULL;
    ga_segmenter_t *seg = NULL;
    const char *failed = path;
    ga_status_t st = GA_OK;
    if (mode != GA_SEG_ICU) {
        failed = "default dictionary";
        st = ga_dict_load_default(&base, &err);
        if (st == GA_OK && user_dict) {
            failed = user_dict;
            st = ga_dict_builder_new(base, &b, &err);
            if (st == GA_OK)
                st = ga_dict_builder_add_file(b, user_dict, &err);
            if (st == GA_OK)
                st = ga_dict_builder_finish(b, &user, &err);
        }
    }
    if (st == GA_OK) {
        failed = path;
        st = ga_segmenter_new(user ? user : base, mode, &seg, &err);
    }
    out_t o = {text, json, true, json ? json_object_new_array() : NULL, stdout};
    if (st == GA_OK)
        st = ga_segment(seg, text, len, print_token, &o, &err);
    int rc = CLI_OK;
    if (st != GA_OK) {
        rc = cli_fail(failed, st, err);
    } else if (json) {
        puts(json_object_to_json_string_ext(o.arr, JSON_C_TO_STRING_PLAIN |
                                                       JSON_C_TO_STRING_NOSLASHESCAPE));
    } else if (!o.line_start) {
        fputc('\n', stdout);
    }
    json_object_put(o.arr);
    ga_segmenter_free(seg);
    ga_dict_builder_free(b);
    ga_dict_free(user);
    ga_dict_free(base);
    free(text);
    return rc;
}
