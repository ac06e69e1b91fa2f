/* Segmentation of arbitrary bytes: never crashes; on valid UTF-8 the tokens tile the input
 * (sub-words of search mode aside) and are non-empty; on invalid UTF-8 no token is reported
 * and the error offset is the validator's. The first byte picks the mode and whether a
 * user dictionary is layered over the base. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char words[] =
    "中国 500 ns\n中国人 200 n\n人民 400 n\n共和国 300 n\n中华 50 nz\n中华人民共和国 40 ns\n"
    "的 5000 uj\n和 3000 c\n和尚 100 n\n尚未 100 d\n结婚 100 v\n政府 800 n\n网站 600 n\n"
    "政府网站 90 n\n一 2000 m\n二 900 m\n十 800 m\n年 1200 q\n月 900 m\n日 900 m\n"
    "检查 700 v\n新媒体 60 n\n𠀀 3 x\n";

static ga_dict_t *base, *user;
static ga_segmenter_t *seg[4];

static void setup(void)
{
    ga_dict_builder_t *b = NULL;
    if (ga_dict_builder_new(NULL, &b, NULL) != GA_OK ||
        ga_dict_builder_add_text(b, words, strlen(words), "fuzz", NULL) != GA_OK ||
        ga_dict_builder_finish(b, &base, NULL) != GA_OK)
        abort();
    ga_dict_builder_free(b);
    static const char extra[] = "政务新媒体\n人民 0\n网站检查 9 n\n";
    if (ga_dict_builder_new(base, &b, NULL) != GA_OK ||
        ga_dict_builder_add_text(b, extra, strlen(extra), "fuzz-user", NULL) != GA_OK ||
        ga_dict_builder_finish(b, &user, NULL) != GA_OK)
        abort();
    ga_dict_builder_free(b);
    if (ga_segmenter_new(base, GA_SEG_DEFAULT, &seg[0], NULL) != GA_OK ||
        ga_segmenter_new(base, GA_SEG_SEARCH, &seg[1], NULL) != GA_OK ||
        ga_segmenter_new(user, GA_SEG_DEFAULT, &seg[2], NULL) != GA_OK ||
        ga_segmenter_new(NULL, GA_SEG_ICU, &seg[3], NULL) != GA_OK)
        abort();
}

typedef struct state {
    size_t pos, len, count;
} state_t;

static int check(const ga_token_t *t, void *user_data)
{
    state_t *s = user_data;
    s->count++;
    if (t->end <= t->start || t->end > s->len || t->reserved != 0)
        abort();
    if (t->kind & GA_TOKEN_SUBWORD)
        return 0;
    if (t->start != s->pos)
        abort();
    s->pos = t->end;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!base)
        setup();
    if (size < 1)
        return 0;
    const ga_segmenter_t *sg = seg[data[0] & 3];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    state_t st = {0, len, 0};
    ga_error_t *err = NULL;
    size_t bad;
    ga_status_t valid = ga_utf8_validate(text, len, &bad);
    ga_status_t s = ga_segment(sg, text, len, check, &st, &err);
    if (valid == GA_OK) {
        if (s != GA_OK || st.pos != len)
            abort();
    } else if (s != GA_ERR_INVALID_UTF8 || ga_error_offset(err) != bad || st.count != 0) {
        abort();
    }
    ga_error_free(err);
    return 0;
}
