/* govaudit warc: list the response records of a WARC file. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

int cmd_warc(int argc, char **argv);

static json_object *str_or_null(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

int cmd_warc(int argc, char **argv)
{
    const cli_command_t *self = cli_find("warc");
    bool json = false;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (!cli_file_argument(self, argv[i], &path))
            return CLI_BAD_INPUT;
    }
    if (!path)
        return cli_usage(self, "missing FILE");

    /* Only response bodies are kept (their decoded length is listed); the other records
     * are read past without buffering. A record whose block does not end where its
     * Content-Length says is listed with what could be read. */
    ga_warc_options_t opts = {.size = sizeof opts, .flags = GA_WARC_KEEP_DAMAGED,
                              .skip_types = ~GA_WARC_TYPE_BIT(GA_WARC_RESPONSE)};
    ga_warc_reader_t *reader = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = strcmp(path, "-") == 0
                         ? ga_warc_reader_open_file(stdin, &opts, &reader, &err)
                         : ga_warc_reader_open(path, &opts, &reader, &err);
    if (st != GA_OK)
        return cli_fail(path, st, err);
    /* Exit status: 0 every record whole, 1 damaged records kept (all listed), 2 records
     * that could not be read at all. */
    int rc = CLI_OK;
    for (;;) {
        const ga_warc_record_t *rec;
        st = ga_warc_next(reader, &rec, &err);
        if (st != GA_OK) {
            /* A record that could not be read is reported and skipped; the rest is still
             * listed. */
            rc = cli_fail(path, st, err);
            err = NULL;
            if (st == GA_ERR_IO || st == GA_ERR_NO_MEMORY)
                break;
            continue;
        }
        if (!rec)
            break;
        const char *why;
        bool damaged = ga_warc_record_damage(rec, &why) != GA_OK;
        if (damaged) {
            const char *target = ga_warc_record_target_uri(rec);
            cli_message("govaudit: %s:byte %llu: %s record%s%s kept damaged: %s\n", path,
                        (unsigned long long)ga_warc_record_offset(rec),
                        ga_warc_type_name(ga_warc_record_type(rec)), target ? " for " : "",
                        target ? target : "", why);
            if (rc == CLI_OK)
                rc = CLI_FINDINGS;
        }
        if (ga_warc_record_type(rec) != GA_WARC_RESPONSE)
            continue;
        size_t len = 0;
        ga_warc_record_body(rec, &len);
        int status = ga_warc_record_http_status(rec);
        const char *uri = ga_warc_record_target_uri(rec);
        const char *date = ga_warc_record_date(rec);
        const char *ctype = ga_warc_record_http_header(rec, "Content-Type");
        if (json) {
            json_object *o = json_object_new_object();
            json_object_object_add(o, "uri", str_or_null(uri));
            json_object_object_add(o, "date", str_or_null(date));
            json_object_object_add(o, "status", status ? json_object_new_int(status) : NULL);
            json_object_object_add(o, "content_type", str_or_null(ctype));
            json_object_object_add(o, "length", json_object_new_int64((int64_t)len));
            if (damaged) /* absent on whole records, so their lines stay as in 1.0 */
                json_object_object_add(o, "damaged", json_object_new_boolean(true));
            puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                      JSON_C_TO_STRING_NOSLASHESCAPE));
            json_object_put(o);
        } else {
            printf("%d\t%zu\t%s\t%s\t%s\n", status, len, ctype ? ctype : "-", date ? date : "-",
                   uri ? uri : "-");
        }
    }
    ga_warc_reader_free(reader);
    return rc;
}
