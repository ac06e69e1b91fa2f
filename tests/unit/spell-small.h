/* A spelling model small enough to reason about, built in memory for the unit tests and
 * the fuzz targets: log10 probabilities chosen so that 总体 方案 reads far better than
 * 总 休 方案, and Unihan lines making 休/体 and 堂/常 look alike. */
#ifndef GA_TEST_SPELL_SMALL_H
#define GA_TEST_SPELL_SMALL_H

#include <stdlib.h>
#include <string.h>

#include "spell/spell-internal.h"

static const char *const GA_TEST_VOCAB[] = {"<unk>", "总", "休", "体", "总体", "方案",
                                            "规划", "工作", "常务", "委员会", "堂"};
enum { V_UNK, V_ZONG, V_XIU, V_TI, V_ZONGTI, V_FANGAN, V_GUIHUA, V_GONGZUO, V_CHANGWU,
       V_WEIYUANHUI, V_TANG };

static const char GA_TEST_UNIHAN[] =
    "U+603B\tkMandarin\tzǒng\nU+603B\tkCangjie\tHRP\n"
    "U+4F11\tkMandarin\txiū\nU+4F11\tkCangjie\tOD\n"
    "U+4F53\tkMandarin\ttǐ\nU+4F53\tkCangjie\tODM\n"
    "U+5802\tkMandarin\ttáng\nU+5802\tkCangjie\tFBRG\nU+5802\tkPhonetic\t1167\n"
    "U+5E38\tkMandarin\tcháng\nU+5E38\tkCangjie\tFBRLB\nU+5E38\tkPhonetic\t1167\n"
    "U+52A1\tkMandarin\twù\n"
    "U+65B9\tkMandarin\tfāng\nU+6848\tkMandarin\tàn\n";

/* The model's image (malloc'd), or NULL; `protect` adds protected words when not NULL. */
static inline void *ga_test_spell_small(size_t *len, const char *protect)
{
    ga_spell_builder_t *b;
    ga_error_t *err = NULL;
    void *img = NULL;
    if (ga_spell_builder_new(&b, &err) != GA_OK)
        return NULL;
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof GA_TEST_VOCAB / sizeof GA_TEST_VOCAB[0]; i++)
        ok = ga_spell_builder_add_vocab(b, GA_TEST_VOCAB[i], &err) == GA_OK;
    static const float uni[] = {-7, -4.5f, -5, -4, -2.5f, -2.5f, -3, -2.2f, -3, -2.8f, -5.5f};
    for (uint32_t i = 0; ok && i < sizeof uni / sizeof uni[0]; i++)
        ok = ga_spell_builder_add_ngram(b, &i, 1, uni[i], -0.3f, &err) == GA_OK;
    uint32_t bi[][2] = {{V_ZONGTI, V_FANGAN}, {V_CHANGWU, V_WEIYUANHUI}, {V_ZONGTI, V_GUIHUA},
                        {V_FANGAN, V_GONGZUO}};
    for (size_t i = 0; ok && i < 4; i++)
        ok = ga_spell_builder_add_ngram(b, bi[i], 2, i < 3 ? -0.6f : -0.9f, -0.2f, &err) == GA_OK;
    uint32_t tri[] = {V_ZONGTI, V_FANGAN, V_GONGZUO};
    ok = ok && ga_spell_builder_add_ngram(b, tri, 3, -0.2f, 0, &err) == GA_OK;
    ok = ok && ga_spell_builder_add_unihan(b, GA_TEST_UNIHAN, strlen(GA_TEST_UNIHAN), "unihan",
                                           &err) == GA_OK;
    if (ok && protect)
        ok = ga_spell_builder_add_words(b, protect, strlen(protect), "protect", true, &err) ==
             GA_OK;
    if (ok && ga_spell_builder_finish(b, &img, len, &err) != GA_OK)
        img = NULL;
    ga_error_free(err);
    ga_spell_builder_free(b);
    return img;
}

#endif
