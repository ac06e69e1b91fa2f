/* govaudit dedup: cluster the copies among JSON-lines articles and classify them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli.h"

int cmd_dedup(int argc, char **argv);

typedef struct line_doc {
    char *f[8]; /* id site column url date title source text */
    size_t text_len;
} line_doc_t;

static const char *const keys[] = {"id", "site", "column", "url", "date", "title", "source", "text"};

/* Fill one document from a JSON object; false (with *problem) when it is unusable. */
static bool read_doc(json_object *o, size_t lineno, line_doc_t *d, const char **problem)
{
    if (!json_object_is_type(o, json_type_object)) {
        *problem = "not a JSON object";
        return false;
    }
    for (unsigned k = 0; k < 8; k++) {
        json_object *v;
        d->f[k] = NULL;
        if (!json_object_object_get_ex(o, keys[k], &v) || json_object_is_type(v, json_type_null))
            continue;
        if (json_object_is_type(v, json_type_string)) {
            d->f[k] = strndup(json_object_get_string(v), (size_t)json_object_get_string_len(v));
            if (k == 7)
                d->text_len = (size_t)json_object_get_string_len(v);
        } else if (k == 0 && json_object_is_type(v, json_type_int)) {
            d->f[k] = strdup(json_object_get_string(v));
        } else {
            *problem = k == 0 ? "\"id\" is not a string or number" : "a field is not a string";
            return false;
        }
    }
    if (!d->f[7]) {
        *problem = "missing \"text\"";
        return false;
    }
    if (!d->f[0]) {
        char buf[32];
        snprintf(buf, sizeof buf, "%zu", lineno); /* no id: the line number stands in */
        d->f[0] = strdup(buf);
    }
    return true;
}

static void free_docs(line_doc_t *docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (unsigned k = 0; k < 8; k++)
            free(docs[i].f[k]);
}

static int add_docs(ga_dedup_index_t *idx, line_doc_t *ld, size_t n, size_t first_line,
                    const size_t *lines, unsigned threads, const char *path)
{
    ga_dedup_doc_t *docs = calloc(n ? n : 1, sizeof *docs);
    if (!docs) {
        cli_message("govaudit: out of memory\n");
        return CLI_BAD_INPUT;
    }
    for (size_t i = 0; i < n; i++) {
        docs[i] = (ga_dedup_doc_t){sizeof docs[i], ld[i].f[0], ld[i].f[1], ld[i].f[2], ld[i].f[3],
                                   ld[i].f[4], ld[i].f[5], ld[i].f[6], ld[i].f[7], ld[i].text_len};
    }
    ga_error_t *err = NULL;
    ga_status_t st = ga_dedup_index_add_batch(idx, docs, n, threads, &err);
    free(docs);
    if (st) {
        /* the error names the document index in the batch: turn it into a line */
        const char *msg = err ? ga_error_message(err) : ga_status_string(st);
        size_t k;
        size_t line = first_line;
        if (sscanf(msg, "document %zu", &k) == 1 && k < n)
            line = lines[k];
        cli_message("govaudit: %s:%zu: %s\n", path, line, msg);
        ga_error_free(err);
        return CLI_BAD_INPUT;
    }
    (void)first_line;
    return CLI_OK;
}

/* A similarity as a JSON number with at most three decimals (0.851, 1). */
static json_object *json_sim(double v)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%.3f", v);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (buf[n - 1] == '.')
        buf[--n] = '\0';
    return json_object_new_double_s(v, buf);
}

static void print_cluster(const ga_dedup_index_t *idx, const ga_dedup_clusters_t *c, size_t i,
                          bool json)
{
    size_t g = ga_dedup_cluster_size(c, i);
    ga_dedup_kind_t kind = ga_dedup_cluster_kind(c, i);
    double sim = ga_dedup_cluster_similarity(c, i);
    if (!json) {
        printf("%s %.3f", ga_dedup_kind_name(kind), sim);
        for (size_t j = 0; j < g; j++)
            printf(" %s", ga_dedup_index_doc_field(idx, ga_dedup_cluster_doc(c, i, j), GA_DEDUP_ID));
        putchar('\n');
        return;
    }
    json_object *o = json_object_new_object();
    json_object *ids = json_object_new_array();
    for (size_t j = 0; j < g; j++)
        json_object_array_add(ids, json_object_new_string(ga_dedup_index_doc_field(
                                       idx, ga_dedup_cluster_doc(c, i, j), GA_DEDUP_ID)));
    json_object_object_add(o, "ids", ids);
    json_object_object_add(o, "kind", json_object_new_string(ga_dedup_kind_name(kind)));
    json_object_object_add(o, "similarity", json_sim(sim));
    json_object *pairs = json_object_new_array();
    for (size_t k = 0; k < ga_dedup_cluster_pair_count(c, i); k++) {
        size_t a, b;
        double s;
        ga_dedup_relation_t rel;
        ga_dedup_cluster_pair(c, i, k, &a, &b, &s, &rel);
        json_object *p = json_object_new_object();
        json_object_object_add(p, "earlier", json_object_new_string(ga_dedup_index_doc_field(idx, a, GA_DEDUP_ID)));
        json_object_object_add(p, "later", json_object_new_string(ga_dedup_index_doc_field(idx, b, GA_DEDUP_ID)));
        json_object_object_add(p, "similarity", json_sim(s));
        json_object_object_add(p, "relation", json_object_new_string(ga_dedup_relation_name(rel)));
        json_object_array_add(pairs, p);
    }
    json_object_object_add(o, "pairs", pairs);
    puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

int cmd_dedup(int argc, char **argv)
{
    const cli_command_t *self = cli_find("dedup");
    ga_dedup_options_t opts;
    ga_dedup_options_init(&opts);
    bool json = false;
    unsigned threads = 0;
    const char *path = NULL, *value, *save = NULL;
    cli_progress_t pg = {.wanted = -1};
    for (int i = 1; i < argc; i++) {
        char *end;
        if (cli_progress_option(argv[i], &pg)) {
            continue;
        } else if (cli_option(argc, argv, &i, "--threshold", &value)) {
            opts.threshold = strtod(value, &end);
            if (*end || !(opts.threshold > 0 && opts.threshold <= 1))
                return cli_usage(self, "--threshold wants a number in (0, 1]");
        } else if (cli_option(argc, argv, &i, "--containment", &value)) {
            opts.containment = strtod(value, &end);
            if (*end || !*value || !(opts.containment >= 0 && opts.containment <= 1))
                return cli_usage(self, "--containment wants a number in [0, 1] (0: off)");
        } else if (cli_option(argc, argv, &i, "--window", &value)) {
            unsigned long w = strtoul(value, &end, 10);
            if (*end || !*value || w > 36500)
                return cli_usage(self, "--window wants a number of days");
            opts.window_days = (unsigned)w;
        } else if (cli_option(argc, argv, &i, "--threads", &value)) {
            unsigned long t = strtoul(value, &end, 10);
            if (*end || !*value || t > 256)
                return cli_usage(self, "--threads wants a number up to 256");
            threads = (unsigned)t;
        } else if (cli_option(argc, argv, &i, "--save", &value)) {
            save = value;
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
    if (!cli_read_input(path, SIZE_MAX - 1, &data, &len))
        return CLI_BAD_INPUT;
    /* Articles are fingerprinted in batches: their count goes on across batches. */
    cli_progress_start(&pg, "dedup");
    pg.carry_stage = "fingerprints";
    pg.input_total = len;
    opts.progress = cli_progress_fn(&pg);
    opts.progress_user = &pg;
    ga_error_t *err = NULL;
    ga_dedup_index_t *idx = NULL;
    ga_status_t st = ga_dedup_index_new(&opts, &idx, &err);
    if (st) {
        free(data);
        return cli_fail(NULL, st, err);
    }
    enum { CHUNK = 8192 };
    line_doc_t *ld = calloc(CHUNK, sizeof *ld);
    size_t *lines = calloc(CHUNK, sizeof *lines);
    int rc = ld && lines ? CLI_OK : CLI_BAD_INPUT;
    size_t n = 0, lineno = 0;
    json_tokener *tok = json_tokener_new();
    char *start = data;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        start += 3; /* a byte order mark, as some Windows tools write */
    for (char *p = start; rc == CLI_OK && p < data + len;) {
        char *eol = memchr(p, '\n', (size_t)(data + len - p));
        if (!eol)
            eol = data + len;
        lineno++;
        size_t ll = (size_t)(eol - p);
        char *q = p;
        p = eol + 1;
        while (ll && (q[ll - 1] == '\r' || q[ll - 1] == ' ' || q[ll - 1] == '\t'))
            ll--;
        size_t lead = 0;
        while (lead < ll && (q[lead] == ' ' || q[lead] == '\t'))
            lead++;
        if (lead == ll)
            continue;
        json_tokener_reset(tok);
        json_object *o = json_tokener_parse_ex(tok, q, (int)ll);
        const char *problem = NULL;
        if (!o || json_tokener_get_parse_end(tok) != ll) {
            enum json_tokener_error e = json_tokener_get_error(tok);
            problem = e == json_tokener_success ? "trailing text after the JSON object"
                                                : json_tokener_error_desc(e);
            if (e == json_tokener_continue)
                problem = "unfinished JSON object";
            cli_message("govaudit: %s:%zu:%zu: %s\n", path, lineno,
                        (size_t)json_tokener_get_parse_end(tok) + 1, problem);
            json_object_put(o);
            rc = CLI_BAD_INPUT;
            break;
        }
        memset(&ld[n], 0, sizeof ld[n]);
        bool ok = read_doc(o, lineno, &ld[n], &problem);
        json_object_put(o);
        lines[n] = lineno;
        n++;
        if (!ok) {
            cli_message("govaudit: %s:%zu: %s\n", path, lineno, problem);
            rc = CLI_BAD_INPUT;
            break;
        }
        if (n == CHUNK) {
            pg.input = (uint64_t)(p - data);
            rc = add_docs(idx, ld, n, lines[0], lines, threads, path);
            free_docs(ld, n);
            pg.carry += n;
            n = 0;
        }
    }
    pg.input = len;
    pg.last_piece = true;
    if (rc == CLI_OK && n)
        rc = add_docs(idx, ld, n, lines[0], lines, threads, path);
    free_docs(ld, n);
    json_tokener_free(tok);
    free(ld);
    free(lines);
    free(data);
    ga_dedup_clusters_t *c = NULL;
    if (rc == CLI_OK && (st = ga_dedup_index_cluster(idx, threads, &c, &err)) != GA_OK)
        rc = cli_fail(path, st, err);
    cli_progress_finish(&pg);
    if (rc == CLI_OK && save && (st = ga_dedup_index_save(idx, save, &err)) != GA_OK)
        rc = cli_fail(save, st, err);
    if (rc == CLI_OK)
        for (size_t i = 0; i < ga_dedup_clusters_count(c); i++)
            print_cluster(idx, c, i, json);
    ga_dedup_clusters_free(c);
    ga_dedup_index_free(idx);
    return rc;
}
