/* The notice's inputs on arbitrary bytes, split at NUL bytes into a result, a previous
 * result, a 找错 export and a report ledger: never crash; a refusal carries an error; what
 * loads renders as valid JSON, text and HTML (valid UTF-8); a result compared with itself
 * as the previous round has every problem outstanding, none fixed or new. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef ga_status_t (*add_fn)(ga_notice_t *, const char *, size_t, const char *, ga_error_t **);

static void checked(ga_status_t st, ga_error_t *err)
{
    if (st != GA_OK && !err)
        abort();
    ga_error_free(err);
}

static void render(const ga_notice_t *n, json_object **model)
{
    char *out = NULL;
    size_t len = 0;
    if (ga_notice_json(n, GA_NOTICE_PRETTY, &out, &len, NULL) != GA_OK)
        abort();
    json_tokener *tok = json_tokener_new();
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    *model = json_tokener_parse_ex(tok, out, (int)len);
    if (!*model || json_tokener_get_error(tok) != json_tokener_success)
        abort();
    json_tokener_free(tok);
    ga_string_free(out);
    for (int k = 0; k < 2; k++) {
        if ((k ? ga_notice_html : ga_notice_text)(n, 0, &out, &len, NULL) != GA_OK ||
            ga_utf8_validate(out, len, NULL) != GA_OK)
            abort();
        ga_string_free(out);
    }
}

static size_t list_len(json_object *entry, const char *key)
{
    json_object *a;
    return json_object_object_get_ex(entry, key, &a) ? json_object_array_length(a) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *part[4] = {"", "", "", ""};
    size_t plen[4] = {0, 0, 0, 0};
    const char *p = (const char *)data, *end = p + size;
    for (int k = 0; k < 4 && p <= end; k++) {
        const char *nul = k < 3 ? memchr(p, '\0', (size_t)(end - p)) : NULL;
        part[k] = p;
        plen[k] = nul ? (size_t)(nul - p) : (size_t)(end - p);
        p += plen[k] + 1;
        if (!nul)
            break;
    }
    ga_notice_t *n = NULL;
    ga_error_t *err = NULL;
    if (ga_notice_new(&n, NULL) != GA_OK || ga_notice_set_date(n, 1693526400, NULL) != GA_OK)
        abort();
    checked(ga_notice_add_result(n, part[0], plen[0], "cur", 0, &err), err);
    err = NULL;
    checked(ga_notice_add_result(n, part[1], plen[1], "prev", 1, &err), err);
    static const add_fn adds[2] = {ga_notice_add_messages, ga_notice_add_reports};
    for (int k = 0; k < 2; k++) {
        err = NULL;
        checked(adds[k](n, part[2 + k], plen[2 + k], "lines", &err), err);
    }
    json_object *m = NULL;
    render(n, &m);
    json_object_put(m);
    ga_notice_free(n);

    /* The first part against itself. */
    if (ga_notice_new(&n, NULL) != GA_OK)
        abort();
    if (ga_notice_add_result(n, part[0], plen[0], "cur", 0, NULL) == GA_OK) {
        if (ga_notice_add_result(n, part[0], plen[0], "prev", 1, NULL) != GA_OK)
            abort();
        render(n, &m);
        json_object *rect, *e;
        if (!json_object_object_get_ex(m, "rectification", &rect) ||
            json_object_array_length(rect) != 1)
            abort();
        e = json_object_array_get_idx(rect, 0);
        if (list_len(e, "fixed") || list_len(e, "new")) {
            fprintf(stderr, "fuzz-notice: a result differs from itself\n%s\n",
                    json_object_to_json_string(e));
            abort();
        }
        json_object_put(m);
    }
    ga_notice_free(n);
    return 0;
}
