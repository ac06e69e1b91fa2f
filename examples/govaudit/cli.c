#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

bool cli_read_input(const char *path, size_t limit, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        cli_message("govaudit: %s: %s\n", path, strerror(errno));
        return false;
    }
    /* Stop one byte past the limit: an endless input (a pipe, /dev/zero) is refused
     * instead of filling memory. */
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    bool over = false;
    for (;;) {
        if (!buf) {
            cli_message("govaudit: %s: out of memory\n", path);
            break;
        }
        size_t want = cap - n - 1;
        if (limit - n + 1 < want)
            want = limit - n + 1;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (n > limit) {
            over = true;
            break;
        }
        if (got == 0)
            break;
        if (n + 1 == cap) {
            char *p = cap < ((size_t)1 << 62) ? realloc(buf, cap * 2) : NULL;
            if (!p) {
                free(buf);
                buf = NULL;
                continue;
            }
            buf = p;
            cap *= 2;
        }
    }
    bool failed = !buf || ferror(f) || over;
    if (f != stdin)
        fclose(f);
    if (failed) {
        if (over)
            cli_message("govaudit: %s: more than %zu bytes, the limit for this input\n", path,
                        limit);
        else if (buf)
            cli_message("govaudit: %s: read error\n", path);
        free(buf);
        return false;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return true;
}

void cli_message(const char *fmt, ...)
{
    cli_progress_clear_line();
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

int cli_fail(const char *path, ga_status_t st, ga_error_t *err)
{
    const char *msg = err ? ga_error_message(err) : ga_status_string(st);
    const char *file = err && ga_error_file(err) ? ga_error_file(err) : path;
    cli_message("govaudit: ");
    if (file)
        cli_message("%s:", file);
    if (err && ga_error_line(err)) {
        cli_message("%zu:", ga_error_line(err));
        if (ga_error_column(err))
            cli_message("%zu:", ga_error_column(err));
    } else if (err && ga_error_offset(err) != GA_NO_OFFSET) {
        cli_message("byte %zu:", ga_error_offset(err));
    }
    cli_message(" %s\n", msg);
    ga_error_free(err);
    return CLI_BAD_INPUT;
}

int cli_usage(const cli_command_t *cmd, const char *problem)
{
    if (problem)
        cli_message("govaudit %s: %s\n", cmd->name, problem);
    cli_message("usage: govaudit %s %s\n", cmd->name, cmd->usage);
    return CLI_BAD_INPUT;
}

bool cli_file_argument(const cli_command_t *cmd, const char *arg, const char **path)
{
    if (arg[0] == '-' && arg[1] != '\0') {
        cli_usage(cmd, "unknown option");
        return false;
    }
    if (*path) {
        cli_usage(cmd, "one FILE only");
        return false;
    }
    *path = arg;
    return true;
}

const cli_command_t *cli_find(const char *name)
{
    for (const cli_command_t *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

bool cli_option(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return false;
    if (a[n] == '=') {
        *value = a + n + 1;
        return true;
    }
    if (a[n] != '\0' || *i + 1 >= argc)
        return false;
    *value = argv[++*i];
    return true;
}

/* Rules from --rules arguments (files or folders of *.rules), or the shipped packs. */
ga_status_t cli_load_matcher(const char **paths, size_t n, ga_matcher_t **m, ga_error_t **err)
{
    if (n == 0)
        return ga_matcher_load_default(m, err);
    ga_rules_t *rs = ga_rules_new();
    if (!rs)
        return GA_ERR_NO_MEMORY;
    ga_status_t st = GA_OK;
    for (size_t i = 0; i < n && st == GA_OK; i++) {
        size_t l = strlen(paths[i]);
        if (l > 8 && strcmp(paths[i] + l - 8, ".gamatch") == 0) {
            ga_rules_free(rs);
            return ga_matcher_load(paths[i], m, err);
        }
        st = ga_rules_add_file(rs, paths[i], err);
        if (st == GA_ERR_IO && err && *err) { /* maybe a folder of rule files */
            ga_error_t *e2 = NULL;
            if (ga_rules_add_dir(rs, paths[i], &e2) == GA_OK) {
                ga_error_free(*err);
                *err = NULL;
                st = GA_OK;
            }
            ga_error_free(e2);
        }
    }
    for (size_t i = 0; i < ga_rules_warning_count(rs); i++)
        cli_message("govaudit: warning: %s\n", ga_rules_warning(rs, i));
    if (st == GA_OK)
        st = ga_matcher_compile(rs, m, err);
    ga_rules_free(rs);
    return st;
}

bool cli_spell_option(int argc, char **argv, int *i, cli_spell_t *sp)
{
    const char *value;
    if (strcmp(argv[*i], "--no-spell") == 0) {
        sp->off = true;
        return true;
    }
    if (cli_option(argc, argv, i, "--spell-words", &value)) {
        sp->words = value;
        return true;
    }
    return false;
}

ga_status_t cli_spell_load(cli_spell_t *sp, ga_error_t **err)
{
    sp->base = sp->model = NULL;
    if (sp->off)
        return GA_OK;
    ga_status_t st = ga_spell_model_load_default(&sp->base, err);
    if (st != GA_OK || !sp->words) {
        sp->model = sp->base;
        return st;
    }
    char *text;
    size_t len;
    if (!cli_read_input(sp->words, CLI_TEXT_LIMIT, &text, &len))
        return GA_ERR_IO; /* cli_read_input said why */
    st = ga_spell_model_add_words(sp->base, sp->words, text, len, &sp->model, err);
    free(text);
    return st;
}

void cli_spell_free(cli_spell_t *sp)
{
    if (sp->model != sp->base)
        ga_spell_model_free(sp->model);
    ga_spell_model_free(sp->base);
    sp->base = sp->model = NULL;
}
