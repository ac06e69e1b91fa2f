#include <stdio.h>

#include "cli.h"

int cmd_version(int argc, char **argv);

int cmd_version(int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        return cli_usage(cli_find("version"), "takes no arguments");
    printf("govaudit %s (library %s)\n", GA_VERSION_STRING, ga_version_string());
    return CLI_OK;
}
