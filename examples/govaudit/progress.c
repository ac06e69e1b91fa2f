/* Progress lines on standard error: what the library's progress callback reports, with a
 * rate and the time elapsed. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Whether a progress line is open on the terminal (standard error holds one at a time):
 * messages clear it before printing. A flag, not a pointer to the command's progress
 * state, so a command that returns early leaves nothing dangling. */
static bool line_open;

bool cli_progress_option(const char *arg, cli_progress_t *p)
{
    if (strcmp(arg, "--progress") == 0)
        p->wanted = 1;
    else if (strcmp(arg, "--no-progress") == 0)
        p->wanted = 0;
    else
        return false;
    return true;
}

void cli_progress_start(cli_progress_t *p, const char *command)
{
    int wanted = p->wanted;
    memset(p, 0, sizeof *p);
    p->wanted = wanted;
    p->command = command;
    p->tty = isatty(STDERR_FILENO) == 1;
    p->on = wanted == 1 || (wanted < 0 && p->tty);
    p->start = p->stage_start = now_s();
}

ga_progress_fn cli_progress_fn(const cli_progress_t *p)
{
    return p->on ? cli_progress_report : NULL;
}

/* 12:34 or 1:02:03 */
static void clock_text(double s, char *buf, size_t cap)
{
    unsigned long t = (unsigned long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, cap, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, cap, "%lu:%02lu", t / 60, t % 60);
}

int cli_progress_report(void *user, const ga_progress_t *info)
{
    cli_progress_t *p = user;
    double now = now_s();
    const char *stage = info->stage ? info->stage : "working";
    if (strcmp(stage, p->stage) != 0) {
        snprintf(p->stage, sizeof p->stage, "%s", stage);
        p->stage_start = now;
    }
    uint64_t done = info->done, total = info->total;
    bool carried = p->carry_stage && strcmp(stage, p->carry_stage) == 0;
    bool final = info->final && (!carried || p->last_piece); /* a piece's end is not the stage's */
    if (carried) {
        done += p->carry;
        total = 0;
    }
    /* Plain lines are for logs: one a second is plenty, but every stage's end is kept. */
    if (!p->tty && !final && done && now - p->last_line < 1.0)
        return 0;
    p->last_line = now;
    char line[256], el[32];
    int n = snprintf(line, sizeof line, "govaudit %s: %s %llu", p->command, stage,
                     (unsigned long long)done);
    if (total)
        n += snprintf(line + n, sizeof line - (size_t)n, "/%llu (%.0f%%)",
                      (unsigned long long)total, 100.0 * (double)done / (double)total);
    else if (p->input_total && carried)
        n += snprintf(line + n, sizeof line - (size_t)n, " (%.0f%% of the input)",
                      100.0 * (double)p->input / (double)p->input_total);
    double span = now - p->stage_start;
    if (span > 0.05 && info->done && total != 1) /* not for a stage of one step */
        n += snprintf(line + n, sizeof line - (size_t)n, ", %.0f/s", (double)info->done / span);
    if (info->bytes >= 1000000)
        n += snprintf(line + n, sizeof line - (size_t)n, ", %.1f MB", (double)info->bytes / 1e6);
    else if (info->bytes)
        n += snprintf(line + n, sizeof line - (size_t)n, ", %.0f kB", (double)info->bytes / 1e3);
    clock_text(now - p->start, el, sizeof el);
    snprintf(line + n, sizeof line - (size_t)n, ", %s elapsed%s", el, final ? ", done" : "");
    if (p->tty) {
        /* Redraw in place; \033[K clears what a longer line left. */
        fprintf(stderr, "\r%s\033[K", line);
        line_open = true;
    } else {
        fprintf(stderr, "%s\n", line);
    }
    fflush(stderr);
    return 0;
}

void cli_progress_finish(cli_progress_t *p)
{
    if (p->on && p->tty && line_open)
        fputc('\n', stderr);
    line_open = false;
}

void cli_progress_clear_line(void)
{
    if (line_open) {
        fputs("\r\033[K", stderr);
        line_open = false;
    }
}
