/* govaudit: a thin command-line program over libgovaudit's public API. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_version(int argc, char **argv);
int cmd_normalize(int argc, char **argv);
int cmd_page(int argc, char **argv);
int cmd_warc(int argc, char **argv);
int cmd_dedup(int argc, char **argv);
int cmd_seg(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_audit_media(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_notice(int argc, char **argv);
int cmd_probe(int argc, char **argv);

const cli_command_t cli_commands[] = {
    {"check", "[--rules F]... [--no-spell] [--spell-words F] [--json] [--fail-on SEVERITY] "
              "[--save OUT.gamatch] FILE",
     "find wrong and sensitive wording (错敏字), statistical 错别字 and personal information "
     "in text or an attachment (PDF, DOCX, XLSX, PPTX, OFD)", cmd_check},
    {"normalize", "[--flags nfkc,width,case,t2s,noise,replace] [--json] FILE",
     "normalise UTF-8 text (full-width, case, 繁→简, noise) with an offset map", cmd_normalize},
    {"audit", "[--date YYYY-MM-DD] [--profile F] [--rules F]... [--no-spell] [--spell-words F] "
              "[--json|--pretty] [--html OUT] [--site-url U] [--no-dedup] [--probes LOG] "
              "[--recheck [--allow-private] [--robots]] [--progress|--no-progress] CRAWL...",
     "audit a crawled government website (WARC file or wget mirror folder)", cmd_audit},
    {"probe", "[--rounds N] [--interval S] [--timeout S] [--allow-private] [--json] [--log FILE] "
              "[--urls FILE] [--check-page] [--ipv6] [--cert] [--tries N] [--retry-delay S] "
              "[--per-host N] [--delay S] [--robots] [--head] [--parallel N] [--ca-file F] "
              "[--progress|--no-progress] URL...",
     "probe URLs for availability (站点无法访问), many at once; JSON lines for a probe log",
     cmd_probe},
    {"audit-media", "[--date YYYY-MM-DD] [--profile F] [--rules F]... [--no-spell] "
                    "[--spell-words F] [--json] FILE",
     "score a new-media account export against the 2019 indicators", cmd_audit_media},
    {"summary", "[--json] RESULT...",
     "合格率 and the table of sites/accounts with problems from audit results", cmd_summary},
    {"notice", "[--date YYYY-MM-DD] [--previous RESULT]... [--messages FILE] [--reports FILE] "
               "[--json] [--html OUT] [--docx OUT] [--progress|--no-progress] RESULT...",
     "the round's notice (通报): 合格率, problems, 错敏字, 找错, 整改 against the previous round",
     cmd_notice},
    {"page", "[--url U] [--charset C] [--content-type T] [--json] FILE",
     "parse an HTML page: title, date, source, column, kind, metadata, links, body", cmd_page},
    {"dedup", "[--threshold J] [--containment C] [--window DAYS] [--threads N] [--save INDEX] [--json] "
              "[--progress|--no-progress] FILE",
     "cluster copies among JSON-lines articles: 一稿多发, 转载, duplicate", cmd_dedup},
    {"seg", "[--mode default|search|icu] [--user-dict F] [--json] FILE",
     "segment Chinese text into words (one output line per input line)", cmd_seg},
    {"version", "", "print the library version", cmd_version},
    {"warc", "[--json] FILE", "list the response records of a WARC or ARC file (.warc, .arc, .gz)",
     cmd_warc},
    {NULL, NULL, NULL, NULL},
};

static void help(FILE *out)
{
    fprintf(out, "usage: govaudit COMMAND [OPTIONS] [FILE]\n\ncommands:\n");
    for (const cli_command_t *c = cli_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out, "\nFILE may be - for standard input. Exit status: 0 ran, 1 findings at or above "
                 "--fail-on, 2 bad usage or input.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return CLI_BAD_INPUT;
    }
    if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        help(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv + 1);
    const cli_command_t *c = cli_find(argv[1]);
    if (!c) {
        cli_message("govaudit: unknown command '%s'\n", argv[1]);
        help(stderr);
        return CLI_BAD_INPUT;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("govaudit %s: %s\nusage: govaudit %s %s\n", c->name, c->summary, c->name,
                   c->usage);
            return CLI_OK;
        }
    }
    return c->run(argc - 1, argv + 1);
}
