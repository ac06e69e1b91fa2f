/* Shared plumbing of the govaudit CLI: subcommand table, input reading, error reporting. */
#ifndef GOVAUDIT_CLI_H
#define GOVAUDIT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include <govaudit/govaudit.h>

/* Exit statuses, as DESIGN.md's CLI table fixes them. */
enum { CLI_OK = 0, CLI_FINDINGS = 1, CLI_BAD_INPUT = 2 };

typedef struct cli_command {
    const char *name;
    const char *usage;   /* arguments after the command name */
    const char *summary; /* one line for `govaudit help` */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
} cli_command_t;

/* The subcommands, one entry per cmd-*.c file; defined in main.c. */
extern const cli_command_t cli_commands[];

/* Read FILE, or standard input for "-", into a NUL-terminated buffer of at most `limit`
 * bytes. Prints a message and returns false on failure or past the limit. */
bool cli_read_input(const char *path, size_t limit, char **data, size_t *len);

/* Input limits: the library's own for one text or JSON document (2 GiB) and for a page. */
#define CLI_TEXT_LIMIT (((size_t)2 << 30) - 1)
#define CLI_PAGE_LIMIT ((size_t)64 << 20)

/* Print a message on standard error (printf-style). Every message of the CLI goes through
 * here, so that one printed while a progress line is drawn on a terminal starts on a clean
 * line instead of landing at the end of the progress line. */
void cli_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a library error naming `path` (and line/column or byte offset when the error has
 * them) and return CLI_BAD_INPUT. Frees `err`. */
int cli_fail(const char *path, ga_status_t st, ga_error_t *err);

/* Print a usage error for `cmd` and return CLI_BAD_INPUT. */
int cli_usage(const cli_command_t *cmd, const char *problem);

/* Take `arg` as the command's one FILE argument: true when stored in *path; false (after
 * printing usage) for an unknown option or a second FILE. "-" is a FILE (standard input). */
bool cli_file_argument(const cli_command_t *cmd, const char *arg, const char **path);

/* A matcher from --rules arguments (rule files, folders of *.rules, or one compiled
 * .gamatch), or the shipped packs when there are none; rule warnings go to stderr. */
ga_status_t cli_load_matcher(const char **paths, size_t n, ga_matcher_t **m, ga_error_t **err);

/* The statistical 错别字 model of check, audit and audit-media: the shipped one, with the
 * caller's words (--spell-words, the user-dictionary format) over it; both NULL when
 * --no-spell turned it off. */
typedef struct cli_spell {
    ga_spell_model_t *base, *model;
    bool off;
    const char *words;
} cli_spell_t;

/* Take argv[*i] when it is --no-spell or --spell-words FILE. */
bool cli_spell_option(int argc, char **argv, int *i, cli_spell_t *sp);
/* Load what the options asked for (nothing when off); errors name the file. */
ga_status_t cli_spell_load(cli_spell_t *sp, ga_error_t **err);
void cli_spell_free(cli_spell_t *sp);

/* Progress on standard error for the long commands (audit, dedup, notice, probe): one line
 * redrawn with \r on a terminal, plain lines (at most one a second, and each stage's last)
 * otherwise. On by default when standard error is a terminal; --progress forces it on,
 * --no-progress off. Standard output is never written. */
typedef struct cli_progress {
    const char *command;    /* "audit", ... */
    int wanted;             /* -1 default, 0 --no-progress, 1 --progress */
    bool on, tty;
    double start, stage_start, last_line;
    char stage[32];
    /* Counts a command feeds in pieces (dedup's batches) continue across pieces: `carry`
     * is added to `done` of stage `carry_stage`, `last_piece` says the stage's end is the
     * stage's, and `input`/`input_total` (bytes of the input file read) give a percentage. */
    const char *carry_stage;
    uint64_t carry, input, input_total;
    bool last_piece;
} cli_progress_t;

/* Take argv[i] when it is --progress or --no-progress. */
bool cli_progress_option(const char *arg, cli_progress_t *p);
/* Decide whether progress is shown (after the options were read); starts the clock. */
void cli_progress_start(cli_progress_t *p, const char *command);
/* The callback to hand the library (NULL when progress is off), with `p` as its user. */
ga_progress_fn cli_progress_fn(const cli_progress_t *p);
/* The ::ga_progress_fn itself; never cancels. */
int cli_progress_report(void *user, const ga_progress_t *info);
/* End the progress line (a newline after the last redraw on a terminal). */
void cli_progress_finish(cli_progress_t *p);
/* Clear a progress line drawn on the terminal (it is redrawn at the next report), so a
 * message can be printed; cli_message calls it. */
void cli_progress_clear_line(void);

/* Look up a command by name; NULL when unknown. */
const cli_command_t *cli_find(const char *name);

/* Minimal option scanner: returns true and sets *value when argv[*i] is `--name VALUE` or
 * `--name=VALUE` (advancing *i past a separate value). */
bool cli_option(int argc, char **argv, int *i, const char *name, const char **value);

#endif
