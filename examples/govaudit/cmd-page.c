#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

int cmd_page(int argc, char **argv);

static json_object *str_or_null(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static json_object *page_json(const ga_page_t *pg)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "url", json_object_new_string(ga_page_url(pg)));
    json_object_object_add(o, "title", json_object_new_string(ga_page_title(pg)));
    json_object_object_add(o, "pubdate", str_or_null(ga_page_pubdate(pg)));
    json_object_object_add(o, "source", str_or_null(ga_page_source(pg)));
    json_object *col = json_object_new_array();
    for (size_t i = 0; i < ga_page_column_count(pg); i++)
        json_object_array_add(col, json_object_new_string(ga_page_column(pg, i)));
    json_object_object_add(o, "column", col);
    json_object_object_add(o, "kind", json_object_new_string(ga_page_kind_name(ga_page_kind(pg))));
    json_object_object_add(o, "charset", json_object_new_string(ga_page_charset(pg)));
    json_object *meta = json_object_new_object();
    for (int t = 0; t < GA_META_TAG_COUNT; t++) {
        const char *v = ga_page_meta(pg, ga_page_meta_tag_name((ga_page_meta_tag_t)t));
        if (v)
            json_object_object_add(meta, ga_page_meta_tag_name((ga_page_meta_tag_t)t),
                                   json_object_new_string(v));
    }
    json_object_object_add(o, "meta", meta);
    json_object *missing = json_object_new_array();
    uint32_t m = ga_page_meta_missing(pg, ga_page_kind(pg));
    for (int t = 0; t < GA_META_TAG_COUNT; t++)
        if (m & (1u << t))
            json_object_array_add(missing, json_object_new_string(
                                               ga_page_meta_tag_name((ga_page_meta_tag_t)t)));
    json_object_object_add(o, "meta_missing", missing);
    json_object *links = json_object_new_array();
    for (size_t i = 0; i < ga_page_link_count(pg); i++) {
        json_object *l = json_object_new_object();
        json_object_object_add(l, "url", json_object_new_string(ga_page_link_url(pg, i)));
        json_object_object_add(l, "text", json_object_new_string(ga_page_link_text(pg, i)));
        json_object_object_add(l, "in_body", json_object_new_boolean(ga_page_link_in_body(pg, i)));
        json_object_array_add(links, l);
    }
    json_object_object_add(o, "links", links);
    json_object *items = json_object_new_array();
    for (size_t i = 0; i < ga_page_item_count(pg); i++) {
        json_object *it = json_object_new_object();
        json_object_object_add(it, "title", json_object_new_string(ga_page_item_title(pg, i)));
        json_object_object_add(it, "url", json_object_new_string(ga_page_item_url(pg, i)));
        json_object_object_add(it, "date", str_or_null(ga_page_item_date(pg, i)));
        json_object_array_add(items, it);
    }
    json_object_object_add(o, "items", items);
    json_object *att = json_object_new_array();
    for (size_t i = 0; i < ga_page_attachment_count(pg); i++) {
        json_object *a = json_object_new_object();
        json_object_object_add(a, "url", json_object_new_string(ga_page_attachment_url(pg, i)));
        json_object_object_add(a, "text", json_object_new_string(ga_page_attachment_text(pg, i)));
        json_object_object_add(a, "type", json_object_new_string(ga_page_attachment_type(pg, i)));
        json_object_array_add(att, a);
    }
    json_object_object_add(o, "attachments", att);
    json_object *dates = json_object_new_object();
    static const char *const date_names[GA_PAGE_DATE_SOURCES] = {"meta", "shown", "url"};
    for (int d = 0; d < GA_PAGE_DATE_SOURCES; d++)
        json_object_object_add(dates, date_names[d],
                               str_or_null(ga_page_pubdate_from(pg, (ga_page_date_source_t)d)));
    json_object_object_add(o, "dates", dates);
    json_object *identity = json_object_new_object();
    for (int k = 0; k < GA_PAGE_IDENTITY_ITEMS; k++) {
        const char *v = ga_page_identity(pg, (ga_page_identity_t)k);
        if (!v)
            continue;
        json_object *it = json_object_new_object();
        json_object_object_add(it, "value", json_object_new_string(v));
        json_object_object_add(it, "link", str_or_null(ga_page_identity_link(pg, (ga_page_identity_t)k)));
        json_object_object_add(identity, ga_page_identity_name((ga_page_identity_t)k), it);
    }
    json_object_object_add(o, "identity", identity);
    json_object *msgs = json_object_new_array();
    static const char *const msg_names[GA_PAGE_MSG_FIELDS] = {"title", "url", "time", "status",
                                                              "reply_time", "replier"};
    for (size_t i = 0; i < ga_page_message_count(pg); i++) {
        json_object *msg = json_object_new_object();
        for (int f = 0; f < GA_PAGE_MSG_FIELDS; f++)
            json_object_object_add(msg, msg_names[f],
                                   str_or_null(ga_page_message(pg, i, (ga_page_message_field_t)f)));
        json_object_array_add(msgs, msg);
    }
    json_object_object_add(o, "messages", msgs);
    json_object_object_add(o, "message_form", json_object_new_boolean(ga_page_message_form(pg)));
    json_object *guide = NULL;
    if (ga_page_guide_element_count(pg)) {
        guide = json_object_new_object();
        json_object_object_add(guide, "name", json_object_new_string(ga_page_guide_name(pg)));
        json_object *els = json_object_new_array();
        for (size_t i = 0; i < ga_page_guide_element_count(pg); i++)
            json_object_array_add(els, json_object_new_string(ga_page_guide_element(pg, i)));
        json_object_object_add(guide, "elements", els);
    }
    json_object_object_add(o, "guide", guide);
    size_t len;
    const char *text = ga_page_text(pg, &len);
    json_object_object_add(o, "text", json_object_new_string_len(text, (int)len));
    return o;
}

static void page_plain(const ga_page_t *pg)
{
    printf("title: %s\n", ga_page_title(pg));
    printf("kind: %s\n", ga_page_kind_name(ga_page_kind(pg)));
    if (ga_page_pubdate(pg))
        printf("pubdate: %s\n", ga_page_pubdate(pg));
    if (ga_page_source(pg))
        printf("source: %s\n", ga_page_source(pg));
    if (ga_page_column_count(pg)) {
        printf("column:");
        for (size_t i = 0; i < ga_page_column_count(pg); i++)
            printf("%s %s", i ? " >" : "", ga_page_column(pg, i));
        printf("\n");
    }
    printf("charset: %s\n", ga_page_charset(pg));
    printf("links: %zu, items: %zu, attachments: %zu\n", ga_page_link_count(pg),
           ga_page_item_count(pg), ga_page_attachment_count(pg));
    for (size_t i = 0; i < ga_page_item_count(pg); i++)
        printf("item: %s\t%s\t%s\n", ga_page_item_date(pg, i) ? ga_page_item_date(pg, i) : "-",
               ga_page_item_title(pg, i), ga_page_item_url(pg, i));
    size_t len;
    const char *text = ga_page_text(pg, &len);
    printf("\n");
    fwrite(text, 1, len, stdout);
    if (len)
        printf("\n");
}

int cmd_page(int argc, char **argv)
{
    const cli_command_t *self = cli_find("page");
    ga_page_options_t opts = {sizeof opts, NULL, NULL, 0};
    bool json = false;
    const char *path = NULL, *url = NULL, *value;
    for (int i = 1; i < argc; i++) {
        if (cli_option(argc, argv, &i, "--url", &value)) {
            url = value;
        } else if (cli_option(argc, argv, &i, "--charset", &value)) {
            opts.charset = value;
        } else if (cli_option(argc, argv, &i, "--content-type", &value)) {
            opts.content_type = value;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (!cli_file_argument(self, argv[i], &path)) {
            return CLI_BAD_INPUT;
        }
    }
    if (!path)
        return cli_usage(self, "missing FILE");
    char *data;
    size_t len;
    if (!cli_read_input(path, CLI_PAGE_LIMIT, &data, &len))
        return CLI_BAD_INPUT;
    ga_page_t *pg = NULL;
    ga_error_t *err = NULL;
    ga_status_t st = ga_page_parse(data, len, url, &opts, &pg, &err);
    free(data);
    if (st != GA_OK)
        return cli_fail(path, st, err);
    if (json) {
        json_object *o = page_json(pg);
        puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
    } else {
        page_plain(pg);
    }
    ga_page_free(pg);
    return CLI_OK;
}
