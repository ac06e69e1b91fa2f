/* govaudit notice: the round's notice (通报) from audit results, over the notice module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

int cmd_notice(int argc, char **argv);

typedef ga_status_t (*add_fn)(ga_notice_t *, const char *, size_t, const char *, ga_error_t **);

/* Read `path` and hand it to `add` (or to ga_notice_add_result when `add` is NULL). */
static bool add_file(ga_notice_t *n, const char *path, add_fn add, int previous)
{
    char *text;
    size_t len;
    if (!cli_read_input(path, CLI_TEXT_LIMIT, &text, &len))
        return false;
    ga_error_t *err = NULL;
    ga_status_t st = add ? add(n, text, len, path, &err)
                         : ga_notice_add_result(n, text, len, path, previous, &err);
    free(text);
    if (st != GA_OK) {
        cli_fail(path, st, err);
        return false;
    }
    return true;
}

static bool write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        cli_message("govaudit: %s: cannot write the notice\n", path);
    return ok;
}

typedef ga_status_t (*render_fn)(const ga_notice_t *, unsigned, char **, size_t *, ga_error_t **);

/* Render the notice with `fn` into the file `path`; false (with a message) on failure. */
static bool render_to(const ga_notice_t *n, render_fn fn, const char *path)
{
    char *out = NULL;
    size_t len = 0;
    ga_error_t *err = NULL;
    ga_status_t st = fn(n, 0, &out, &len, &err);
    bool ok = st == GA_OK ? write_file(path, out, len) : (cli_fail(NULL, st, err), false);
    ga_string_free(out);
    return ok;
}

int cmd_notice(int argc, char **argv)
{
    const cli_command_t *self = cli_find("notice");
    const char *date = NULL, *messages = NULL, *reports = NULL, *html = NULL, *docx = NULL;
    const char *value;
    bool json = false;
    int files = 0;
    cli_progress_t pg = {.wanted = -1};
    /* Options first, so that --date is known before any file is read. */
    for (int i = 1; i < argc; i++) {
        if (cli_progress_option(argv[i], &pg))
            continue;
        else if (cli_option(argc, argv, &i, "--date", &value))
            date = value;
        else if (cli_option(argc, argv, &i, "--previous", &value))
            continue;
        else if (cli_option(argc, argv, &i, "--messages", &value))
            messages = value;
        else if (cli_option(argc, argv, &i, "--reports", &value))
            reports = value;
        else if (cli_option(argc, argv, &i, "--html", &value))
            html = value;
        else if (cli_option(argc, argv, &i, "--docx", &value))
            docx = value;
        else if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage(self, "unknown option");
        else
            files++;
    }
    if (files == 0)
        return cli_usage(self, "missing RESULT");
    ga_notice_t *n = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_notice_new(&n, &err);
    if (st != GA_OK)
        return cli_fail(NULL, st, err);
    cli_progress_start(&pg, "notice");
    ga_notice_set_progress(n, cli_progress_fn(&pg), &pg);
    int rc = CLI_OK;
    if (date) {
        int64_t t;
        if (strlen(date) != 10 || ga_time_parse(date, 10, &t, NULL) != GA_OK ||
            ga_notice_set_date(n, t, NULL) != GA_OK) {
            ga_notice_free(n);
            return cli_usage(self, "--date wants YYYY-MM-DD");
        }
    } else {
        /* Late messages and reports are counted as of today unless --date says otherwise. */
        char buf[16];
        time_t now = time(NULL);
        struct tm tm;
        int64_t t;
        localtime_r(&now, &tm);
        strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        if (ga_time_parse(buf, strlen(buf), &t, NULL) == GA_OK)
            ga_notice_set_date(n, t, NULL);
    }
    for (int i = 1; i < argc && rc == CLI_OK; i++) {
        if (cli_option(argc, argv, &i, "--previous", &value)) {
            if (!add_file(n, value, NULL, 1))
                rc = CLI_BAD_INPUT;
        } else if (cli_option(argc, argv, &i, "--date", &value) ||
                   cli_option(argc, argv, &i, "--messages", &value) ||
                   cli_option(argc, argv, &i, "--reports", &value) ||
                   cli_option(argc, argv, &i, "--html", &value) ||
                   cli_option(argc, argv, &i, "--docx", &value) || strcmp(argv[i], "--json") == 0 ||
                   cli_progress_option(argv[i], &pg)) {
            continue;
        } else if (!add_file(n, argv[i], NULL, 0)) {
            rc = CLI_BAD_INPUT;
        }
    }
    if (rc == CLI_OK && messages && !add_file(n, messages, ga_notice_add_messages, 0))
        rc = CLI_BAD_INPUT;
    if (rc == CLI_OK && reports && !add_file(n, reports, ga_notice_add_reports, 0))
        rc = CLI_BAD_INPUT;
    if (rc == CLI_OK && html && !render_to(n, ga_notice_html, html))
        rc = CLI_BAD_INPUT;
    if (rc == CLI_OK && docx && !render_to(n, ga_notice_docx, docx))
        rc = CLI_BAD_INPUT;
    char *out = NULL;
    if (rc == CLI_OK) {
        st = json ? ga_notice_json(n, 0, &out, NULL, &err) : ga_notice_text(n, 0, &out, NULL, &err);
        cli_progress_finish(&pg);
        if (st != GA_OK)
            rc = cli_fail(NULL, st, err);
        else
            printf("%s%s", out, json ? "\n" : "");
    }
    ga_string_free(out);
    ga_notice_free(n);
    return rc;
}
