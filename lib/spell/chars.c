/* The characters' readings (pinyin with tone) and shape codes from Unihan, and which
 * characters sound or look alike: the confusion sets of the spelling model. */
#include <stdlib.h>
#include <string.h>

#include "builder.h"

/* ---- readings and shapes ---- */

/* "xiū" -> "xiu" and tone 1; ü is written v. False for anything that is not a syllable. */
static bool pinyin_ascii(const char *s, size_t len, char out[8], int *tone)
{
    static const struct {
        const char *utf8;
        char ascii;
        int tone;
    } marks[] = {
        {"ā", 'a', 1}, {"á", 'a', 2}, {"ǎ", 'a', 3}, {"à", 'a', 4}, {"ē", 'e', 1},
        {"é", 'e', 2}, {"ě", 'e', 3}, {"è", 'e', 4}, {"ī", 'i', 1}, {"í", 'i', 2},
        {"ǐ", 'i', 3}, {"ì", 'i', 4}, {"ō", 'o', 1}, {"ó", 'o', 2}, {"ǒ", 'o', 3},
        {"ò", 'o', 4}, {"ū", 'u', 1}, {"ú", 'u', 2}, {"ǔ", 'u', 3}, {"ù", 'u', 4},
        {"ǖ", 'v', 1}, {"ǘ", 'v', 2}, {"ǚ", 'v', 3}, {"ǜ", 'v', 4}, {"ü", 'v', 5},
        {"ń", 'n', 2}, {"ň", 'n', 3}, {"ǹ", 'n', 4}, {"ê", 'e', 5}};
    size_t o = 0, i = 0;
    *tone = 5;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z') {
            if (o >= 7)
                return false;
            out[o++] = (char)c;
            i++;
            continue;
        }
        size_t k;
        for (k = 0; k < sizeof marks / sizeof marks[0]; k++) {
            size_t ml = strlen(marks[k].utf8);
            if (ml <= len - i && memcmp(s + i, marks[k].utf8, ml) == 0)
                break;
        }
        if (k == sizeof marks / sizeof marks[0] || o >= 7)
            return false;
        out[o++] = marks[k].ascii;
        if (marks[k].tone != 5)
            *tone = marks[k].tone;
        i += strlen(marks[k].utf8);
    }
    out[o] = 0;
    return o > 0;
}

static bool syllable_id(ga_spell_builder_t *b, const char *name, uint16_t *id)
{
    for (size_t i = 0; i < b->n_syllables; i++)
        if (strcmp(b->syllables[i], name) == 0) {
            *id = (uint16_t)i;
            return true;
        }
    if (b->n_syllables >= 8000 ||
        !ga_grow((void **)&b->syllables, &b->cap_syllables, b->n_syllables + 1,
                 sizeof *b->syllables))
        return false;
    memcpy(b->syllables[b->n_syllables], name, 8);
    *id = (uint16_t)b->n_syllables++;
    return true;
}

/* Modern readings (kMandarin, kXHC1983, kTGHZ2013) are what writers type; kHanyuPinyin
 * also lists historic ones (角 gǔ, 度 zhái), used only for a character without modern ones. */
static void add_reading(ga_spell_builder_t *b, charinfo_t *ci, const char *s, size_t len,
                        bool historic)
{
    char asc[8];
    int tone;
    uint16_t id;
    if (!pinyin_ascii(s, len, asc, &tone) || !syllable_id(b, asc, &id))
        return;
    uint16_t v = (uint16_t)(id * 8 + tone);
    unsigned modern = ci->n_syl - ci->n_old;
    for (unsigned i = 0; i < ci->n_syl; i++)
        if (ci->syl[i] == v) {
            if (!historic && i >= modern) {
                /* promote: move it to the end of the modern ones */
                ci->syl[i] = ci->syl[modern];
                ci->syl[modern] = v;
                ci->n_old--;
            }
            return;
        }
    if (ci->n_syl >= MAX_READINGS)
        return;
    if (historic) {
        ci->syl[ci->n_syl++] = v;
        ci->n_old++;
    } else {
        ci->syl[ci->n_syl++] = ci->n_old ? ci->syl[modern] : v;
        ci->syl[modern] = v;
    }
}

/* Readings of a field value: "xiū", "10117.180:xiū,xù", "1127.010:tī 1129.030:tǐ". */
static void add_readings(ga_spell_builder_t *b, charinfo_t *ci, const char *v, size_t len,
                         bool historic)
{
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && v[j] != ' ' && v[j] != ',')
            j++;
        const char *w = v + i;
        size_t wl = j - i;
        const char *colon = memchr(w, ':', wl);
        if (colon) {
            wl -= (size_t)(colon + 1 - w);
            w = colon + 1;
        }
        if (wl)
            add_reading(b, ci, w, wl, historic);
        i = j + 1;
    }
}

ga_status_t ga_spell_builder_add_unihan(ga_spell_builder_t *b, const char *text, size_t len,
                                        const char *name, ga_error_t **err)
{
    if (!b || (!text && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_spell_builder_add_unihan: NULL argument");
    (void)name;
    size_t pos = 0;
    while (pos < len) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        pos += ll + 1;
        if (ll < 8 || line[0] != 'U' || line[1] != '+')
            continue;
        char *end;
        unsigned long cp = strtoul(line + 2, &end, 16);
        if (cp >= 0x10000 || end >= line + ll || *end != '\t')
            continue;
        const char *field = end + 1;
        const char *tab = memchr(field, '\t', (size_t)(line + ll - field));
        if (!tab)
            continue;
        size_t fl = (size_t)(tab - field);
        const char *v = tab + 1;
        size_t vl = (size_t)(line + ll - v);
        while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
            vl--;
        charinfo_t *ci = &b->info[cp];
#define FIELD(s) (fl == sizeof(s) - 1 && memcmp(field, s, fl) == 0)
        if (FIELD("kMandarin") || FIELD("kHanyuPinyin") || FIELD("kXHC1983") ||
            FIELD("kTGHZ2013")) {
            add_readings(b, ci, v, vl, FIELD("kHanyuPinyin"));
        } else if (FIELD("kCangjie")) {
            if (vl > 0 && vl < sizeof ci->cangjie) {
                memcpy(ci->cangjie, v, vl);
                ci->cangjie[vl] = 0;
            }
        } else if (FIELD("kFourCornerCode")) {
            if (vl >= 4 && v[0] >= '0' && v[0] <= '9')
                ci->four_corner = (uint16_t)(strtoul(v, NULL, 10) % 10000 + 1);
        } else if (FIELD("kPhonetic")) {
            unsigned k = 0;
            size_t i = 0;
            while (i < vl && k < 4) {
                if (v[i] >= '0' && v[i] <= '9') {
                    unsigned long g = strtoul(v + i, &end, 10);
                    if (g < 65535)
                        ci->phonetic[k++] = (uint16_t)(g + 1);
                    i = (size_t)(end - v);
                } else {
                    i++;
                }
            }
        }
#undef FIELD
    }
    return GA_OK;
}

/* ---- confusion sets ---- */

static void split_syllable(const char *s, char ini[3], const char **fin)
{
    static const char *const two[] = {"zh", "ch", "sh"};
    for (int i = 0; i < 3; i++)
        if (strncmp(s, two[i], 2) == 0) {
            memcpy(ini, s, 2);
            ini[2] = 0;
            *fin = s + 2;
            return;
        }
    if (strchr("bpmfdtnlgkhjqxzcsryw", s[0]) && s[1]) {
        ini[0] = s[0];
        ini[1] = 0;
        *fin = s + 1;
        return;
    }
    ini[0] = 0;
    *fin = s;
}

static bool pair_in(const char *a, const char *b, const char *const (*pairs)[2], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((strcmp(a, pairs[i][0]) == 0 && strcmp(b, pairs[i][1]) == 0) ||
            (strcmp(a, pairs[i][1]) == 0 && strcmp(b, pairs[i][0]) == 0))
            return true;
    return false;
}

/* Syllables that writers commonly confuse: flat and retroflex initials, n/l, l/r, f/h,
 * and front and back nasal finals. */
bool ga_spell_near_syllables(const char *x, const char *y)
{
    static const char *const initials[][2] = {{"z", "zh"}, {"c", "ch"}, {"s", "sh"},
                                              {"n", "l"},  {"l", "r"},  {"f", "h"}};
    static const char *const finals[][2] = {{"an", "ang"},   {"en", "eng"}, {"in", "ing"},
                                            {"ian", "iang"}, {"uan", "uang"}, {"eng", "ong"}};
    char ix[3], iy[3];
    const char *fx, *fy;
    split_syllable(x, ix, &fx);
    split_syllable(y, iy, &fy);
    if (strcmp(fx, fy) == 0)
        return pair_in(ix, iy, initials, sizeof initials / sizeof initials[0]);
    if (strcmp(ix, iy) == 0)
        return pair_in(fx, fy, finals, sizeof finals / sizeof finals[0]);
    return false;
}

/* Cangjie codes that differ in one letter, or where one (of two letters or more, or of one
 * letter inside a two-letter code) is the other's head or tail: 呆 RD / 保 ORD,
 * 查 DAM / 渣 EDAM, 女 V / 安 JV, 休 OD / 体 ODM. */
static bool near_cangjie(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (!la || !lb)
        return false;
    if (la > lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    if (la == lb) {
        if (la < 3)
            return false;
        size_t diff = 0;
        for (size_t i = 0; i < la; i++)
            diff += a[i] != b[i];
        return diff <= 1;
    }
    if (lb - la > 2 || (la == 1 && lb != 2))
        return false;
    return memcmp(a, b, la) == 0 || memcmp(a, b + lb - la, la) == 0;
}

unsigned ga_spell_readings(const charinfo_t *x)
{
    return x->n_syl > x->n_old ? (unsigned)(x->n_syl - x->n_old) : x->n_syl;
}

uint8_t ga_spell_confusion_kind(const uint8_t *near, size_t n_syl, const charinfo_t *x,
                              const charinfo_t *y)
{
    uint8_t kind = 0;
    for (unsigned i = 0; i < ga_spell_readings(x); i++)
        for (unsigned j = 0; j < ga_spell_readings(y); j++) {
            uint16_t sx = x->syl[i], sy = y->syl[j];
            if (sx == sy)
                kind |= GA_CONF_SAME_SOUND;
            else if (sx / 8 == sy / 8)
                kind |= GA_CONF_SAME_SYLLABLE;
            else if (near[(size_t)(sx / 8) * n_syl + sy / 8])
                kind |= GA_CONF_NEAR_SOUND;
        }
    for (unsigned i = 0; i < 4 && x->phonetic[i]; i++)
        for (unsigned j = 0; j < 4 && y->phonetic[j]; j++)
            if (x->phonetic[i] == y->phonetic[j])
                kind |= GA_CONF_SAME_PHONETIC;
    if (near_cangjie(x->cangjie, y->cangjie) ||
        (x->four_corner && x->four_corner == y->four_corner))
        kind |= GA_CONF_NEAR_SHAPE;
    return kind;
}
