/* Build-time compiler of the spelling model:
 *   ga-spell-compile OUTPUT LM UNIHAN... [--words FILE]... [--protect FILE]...
 * LM is a KenLM binary file (as libime's zh_CN.lm) or an ARPA text file; UNIHAN are
 * Unihan_*.txt files (readings and dictionary-like data); --words adds lexicon words
 * (`word freq [tag]`, names and places by their tags protected), --protect adds words
 * that are all protected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spell-internal.h"
#include "kenlm-read.h"

static int fail(const char *what, ga_error_t *e)
{
    fprintf(stderr, "ga-spell-compile: %s: %s\n", what, e ? ga_error_message(e) : "failed");
    ga_error_free(e);
    return 1;
}

typedef struct kl_ctx {
    ga_spell_builder_t *b;
    ga_error_t *err;
} kl_ctx_t;

static int add_kl(void *user, const uint32_t *ids, unsigned n, float prob, float backoff)
{
    kl_ctx_t *c = user;
    return ga_spell_builder_add_ngram(c->b, ids, n, prob, backoff, &c->err) != GA_OK;
}

static int read_kenlm(ga_spell_builder_t *b, const char *path)
{
    kl_model *m;
    char msg[256];
    if (kl_open(path, &m, msg, sizeof msg) != 0) {
        fprintf(stderr, "ga-spell-compile: %s: %s\n", path, msg);
        return 1;
    }
    kl_ctx_t c = {b, NULL};
    int rc = 0;
    for (uint32_t id = 0; id < kl_vocab_size(m) && rc == 0; id++) {
        const char *w = kl_word(m, id);
        if (ga_spell_builder_add_vocab(b, w ? w : "", &c.err) != GA_OK)
            rc = fail(path, c.err);
    }
    unsigned order = kl_order(m) < 3 ? kl_order(m) : 3;
    for (unsigned n = 1; n <= order && rc == 0; n++)
        if (kl_foreach(m, n, add_kl, &c, msg, sizeof msg) != 0) {
            if (c.err)
                rc = fail(path, c.err);
            else {
                fprintf(stderr, "ga-spell-compile: %s: %s\n", path, msg);
                rc = 1;
            }
        }
    kl_close(m);
    return rc;
}

/* An ARPA file: \data\, then \1-grams: ... lines "prob<TAB>w1 w2<TAB>backoff". The
 * vocabulary is the unigrams in file order. */
static int read_arpa(ga_spell_builder_t *b, const char *path, char *text, size_t len)
{
    ga_error_t *e = NULL;
    unsigned order = 0;
    size_t vcap = 0, nv = 0;
    char **vocab = NULL;
    int rc = 0;
    size_t line = 0;
    for (char *p = text; p < text + len && rc == 0;) {
        char *nl = memchr(p, '\n', (size_t)(text + len - p));
        if (nl)
            *nl = 0;
        line++;
        char *l = p;
        p = nl ? nl + 1 : text + len;
        if (l[0] == '\\') {
            order = (unsigned)atoi(l + 1);
            continue;
        }
        if (order < 1 || order > 3 || !l[0] || strncmp(l, "ngram ", 6) == 0)
            continue;
        char *t1 = strchr(l, '\t');
        if (!t1) {
            fprintf(stderr, "ga-spell-compile: %s:%zu: expected prob<TAB>words\n", path, line);
            return 1;
        }
        float prob = strtof(l, NULL);
        char *words = t1 + 1;
        char *t2 = strchr(words, '\t');
        float bo = 0;
        if (t2) {
            *t2 = 0;
            bo = strtof(t2 + 1, NULL);
        }
        uint32_t ids[3];
        unsigned n = 0;
        for (char *tok = strtok(words, " "); tok && n < 3; tok = strtok(NULL, " ")) {
            if (order == 1) {
                if (!ga_grow((void **)&vocab, &vcap, nv + 1, sizeof *vocab))
                    return 1;
                vocab[nv] = tok;
                if (ga_spell_builder_add_vocab(b, tok, &e) != GA_OK)
                    rc = fail(path, e);
                ids[n++] = (uint32_t)nv++;
                continue;
            }
            size_t k = 0;
            while (k < nv && strcmp(vocab[k], tok) != 0)
                k++;
            if (k == nv) {
                fprintf(stderr, "ga-spell-compile: %s:%zu: word not among the unigrams\n",
                        path, line);
                free(vocab);
                return 1;
            }
            ids[n++] = (uint32_t)k;
        }
        if (rc == 0 && n == order &&
            ga_spell_builder_add_ngram(b, ids, n, prob, bo, &e) != GA_OK)
            rc = fail(path, e);
    }
    free(vocab);
    return rc;
}

static int read_lm(ga_spell_builder_t *b, const char *path)
{
    char *text;
    size_t len;
    ga_error_t *e = NULL;
    FILE *f = fopen(path, "rb");
    char head[8] = {0};
    if (!f || fread(head, 1, sizeof head, f) != sizeof head) {
        if (f)
            fclose(f);
        fprintf(stderr, "ga-spell-compile: %s: cannot read\n", path);
        return 1;
    }
    fclose(f);
    if (memcmp(head, "mmap lm ", 8) == 0)
        return read_kenlm(b, path);
    if (ga_read_file(path, &text, &len, &e) != GA_OK)
        return fail(path, e);
    int rc = read_arpa(b, path, text, len);
    free(text);
    return rc;
}

static int add_file(ga_spell_builder_t *b, const char *path, int kind)
{
    char *text;
    size_t len;
    ga_error_t *e = NULL;
    if (ga_read_file(path, &text, &len, &e) != GA_OK)
        return fail(path, e);
    ga_status_t st = kind == 0   ? ga_spell_builder_add_unihan(b, text, len, path, &e)
                     : kind == 1 ? ga_spell_builder_add_words(b, text, len, path, false, &e)
                                 : ga_spell_builder_add_words(b, text, len, path, true, &e);
    free(text);
    return st == GA_OK ? 0 : fail(path, e);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: ga-spell-compile OUTPUT LM UNIHAN... [--words FILE]... "
                        "[--protect FILE]...\n");
        return 2;
    }
    ga_spell_builder_t *b;
    ga_error_t *e = NULL;
    if (ga_spell_builder_new(&b, &e) != GA_OK)
        return fail("builder", e);
    int rc = read_lm(b, argv[2]);
    for (int i = 3; i < argc && rc == 0; i++) {
        if (strcmp(argv[i], "--words") == 0 && i + 1 < argc)
            rc = add_file(b, argv[++i], 1);
        else if (strcmp(argv[i], "--protect") == 0 && i + 1 < argc)
            rc = add_file(b, argv[++i], 2);
        else
            rc = add_file(b, argv[i], 0);
    }
    void *img = NULL;
    size_t len = 0;
    if (rc == 0 && ga_spell_builder_finish(b, &img, &len, &e) != GA_OK)
        rc = fail("building the model", e);
    ga_spell_builder_free(b);
    if (rc == 0) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
        FILE *f = fopen(tmp, "wb");
        if (!f || fwrite(img, 1, len, f) != len || fclose(f) != 0 || rename(tmp, argv[1]) != 0) {
            fprintf(stderr, "ga-spell-compile: %s: cannot write\n", argv[1]);
            rc = 1;
        }
    }
    free(img);
    return rc;
}
