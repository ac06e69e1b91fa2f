/* Near-miss variants of protected names and titles: one character replaced by a homophone
 * (same pinyin, with the same tone for forms under 8 characters, among the 3,755 common
 * characters of GB 2312 level 1) or by a
 * shape-alike, one interior character dropped (forms of 6 characters or more), or one
 * interior character doubled. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "match-internal.h"
#include "norm/norm-internal.h"

/* Shape-alike groups (a space ends a group): pairs that are misread or mistyped by
 * shape, as listed in proofreading manuals. */
static const char shape_groups[] =
    "己已巳 未末 人入 日曰 戊戌戍 土士 天夭 干千于 大太犬 王玉主 贝见 免兔 候侯 辨辩辫瓣 "
    "拨拔 析折 汩汨 栗粟 壶壸 睛晴 祟崇 亳毫 冶治 券卷 刺剌 徒徙 孑孓 赢羸嬴 "
    "侯候 眼限 住往 历厉 书韦 今令 沽估 记纪 纪级 近进";

/* Homophone groups, twice: by pinyin with tone and by pinyin without tone. */
typedef struct groups {
    uint32_t *start, *end; /* per character (in code point order): its group in `members` */
    int32_t *members;
} groups_t;

struct near_table {
    uint32_t n;
    int32_t *cp; /* the common characters, sorted */
    groups_t g[2]; /* [0] same tone, [1] any tone */
};

static void groups_free(groups_t *g)
{
    free(g->start);
    free(g->end);
    free(g->members);
}

void near_table_free(near_table_t *t)
{
    if (!t)
        return;
    free(t->cp);
    groups_free(&t->g[0]);
    groups_free(&t->g[1]);
    free(t);
}

typedef struct pin {
    int32_t cp;
    const UChar *py;
    int32_t len;
} pin_t;

static int cmp_pin(const void *a, const void *b)
{
    const pin_t *x = a, *y = b;
    int32_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->py, y->py, (size_t)n * sizeof(UChar));
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static uint32_t index_of(const int32_t *cp, uint32_t n, int32_t c)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (cp[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Sort `pins` by pinyin and record each character's group. */
static bool build_groups(groups_t *g, pin_t *pins, uint32_t n, const int32_t *cp, uint32_t ncp)
{
    size_t sz = (n ? n : 1) * sizeof(uint32_t);
    g->start = calloc(ncp ? ncp : 1, sizeof(uint32_t));
    g->end = calloc(ncp ? ncp : 1, sizeof(uint32_t));
    g->members = malloc(sz);
    if (!g->start || !g->end || !g->members)
        return false;
    qsort(pins, n, sizeof *pins, cmp_pin);
    uint32_t i = 0;
    while (i < n) {
        uint32_t j = i + 1;
        while (j < n && pins[j].len == pins[i].len &&
               memcmp(pins[j].py, pins[i].py, (size_t)pins[i].len * sizeof(UChar)) == 0)
            j++;
        for (uint32_t k = i; k < j; k++) {
            g->members[k] = pins[k].cp;
            uint32_t at = index_of(cp, ncp, pins[k].cp);
            if (at < ncp && cp[at] == pins[k].cp && g->end[at] == 0) {
                g->start[at] = i;
                g->end[at] = j;
            }
        }
        i = j;
    }
    return true;
}

/* Plain vowel of a pinyin vowel with a tone mark, or the character itself. */
static UChar untone(UChar c)
{
    if (c < 0xE0)
        return c;
    switch (c) {
    case 0x101: case 0xE1: case 0x1CE: case 0xE0: return 'a';
    case 0x113: case 0xE9: case 0x11B: case 0xE8: return 'e';
    case 0x12B: case 0xED: case 0x1D0: case 0xEC: return 'i';
    case 0x14D: case 0xF3: case 0x1D2: case 0xF2: return 'o';
    case 0x16B: case 0xFA: case 0x1D4: case 0xF9: return 'u';
    case 0x1D6: case 0x1D8: case 0x1DA: case 0x1DC: return 0xFC;
    default: return c;
    }
}

/* Readings from the table generated at build time (rules/homophones.txt). Fills `buf`
 * (pinyin text, UTF-16) and `pins` (character and its reading); false when the table is
 * missing or malformed. */
static bool read_table(UChar *buf, int32_t cap, pin_t *pins, uint32_t max, uint32_t *n)
{
    char *path = NULL, *data = NULL;
    size_t len = 0;
    if (asprintf(&path, "%s/rules/homophones.txt", ga_data_dir()) < 0)
        return false;
    ga_status_t st = ga_read_file(path, &data, &len, NULL);
    free(path);
    if (st)
        return false;
    int32_t used = 0;
    uint32_t k = 0;
    bool ok = true;
    for (size_t pos = 0; ok && pos < len;) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - line) : len - pos;
        pos += ll + 1;
        if (ll == 0 || line[0] == '#')
            continue;
        const char *tab = memchr(line, '\t', ll);
        if (!tab || tab == line) {
            ok = false;
            break;
        }
        int32_t ul = 0;
        UErrorCode ue = U_ZERO_ERROR;
        u_strFromUTF8(buf + used, cap - used, &ul, line, (int32_t)(tab - line), &ue);
        if (U_FAILURE(ue) || ul == 0) {
            ok = false;
            break;
        }
        size_t cl = ll - (size_t)(tab + 1 - line), cp_pos = 0;
        const char *cs = tab + 1;
        while (cp_pos < cl) {
            int32_t c = ga_utf8_next(cs, cl, &cp_pos);
            if (c < 0x4E00 || c > 0x9FFF || k == max) {
                ok = false;
                break;
            }
            pins[k++] = (pin_t){c, buf + used, ul};
        }
        used += ul;
    }
    free(data);
    *n = k;
    return ok && k > 0;
}

/* Readings from ICU's Han-Latin transliterator (slow to open). */
static ga_status_t icu_table(UChar *buf, int32_t cap, pin_t *pins, uint32_t *n, ga_error_t **err)
{
    UErrorCode ue = U_ZERO_ERROR;
    UConverter *conv = ucnv_open("GB2312", &ue);
    if (U_FAILURE(ue))
        return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU: no GB2312 converter (%s)",
                            u_errorName(ue));
    UChar *chars = buf + cap / 2; /* the characters, then their readings in place */
    int32_t nc = 0;
    for (UChar c = 0x4E00; c <= 0x9FA5; c++) {
        char b[8];
        ue = U_ZERO_ERROR;
        int32_t l = ucnv_fromUChars(conv, b, sizeof b, &c, 1, &ue);
        if (U_SUCCESS(ue) && l == 2 && (uint8_t)b[0] >= 0xB0 && (uint8_t)b[0] <= 0xD7)
            chars[nc++] = c; /* GB 2312 level 1: the 3,755 most common characters */
    }
    ucnv_close(conv);
    int32_t len = 0;
    for (int32_t i = 0; i < nc; i++) {
        buf[len++] = chars[i];
        buf[len++] = '\n';
    }
    int32_t limit = len;
    static const UChar id[] = {'H', 'a', 'n', '-', 'L', 'a', 't', 'i', 'n', 0};
    ue = U_ZERO_ERROR;
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &ue);
    uint32_t k = 0;
    if (U_SUCCESS(ue)) {
        /* transliterate a copy: the output overwrites the characters */
        UChar *work = buf + len;
        memmove(work, buf, (size_t)len * sizeof(UChar));
        int32_t wl = len;
        limit = wl;
        utrans_transUChars(tr, work, &wl, cap / 2 - len, 0, &limit, &ue);
        int32_t s = 0;
        for (int32_t i = 0; U_SUCCESS(ue) && i < wl && (int32_t)k < nc; i++) {
            if (work[i] != '\n')
                continue;
            int32_t a2 = s;
            while (a2 < i && work[a2] == ' ')
                a2++;
            pins[k] = (pin_t){buf[2 * k], work + a2, i - a2};
            k++;
            s = i + 1;
        }
    }
    utrans_close(tr);
    if (U_FAILURE(ue))
        return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU: Han-Latin transliteration failed (%s)",
                            u_errorName(ue));
    *n = k;
    return GA_OK;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

ga_status_t near_table_new(near_table_t **out, ga_error_t **err)
{
    enum { MAXC = 0x5200, CAP = MAXC * 32 };
    near_table_t *t = calloc(1, sizeof *t);
    UChar *buf = malloc((size_t)CAP * 2 * sizeof(UChar)); /* readings, then untoned copy */
    pin_t *pins = malloc((size_t)MAXC * 2 * sizeof *pins);
    if (!t || !buf || !pins) {
        free(t);
        free(buf);
        free(pins);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    uint32_t n = 0;
    ga_status_t st = GA_OK;
    if (!read_table(buf, CAP, pins, MAXC, &n))
        st = icu_table(buf, CAP, pins, &n, err);
    t->cp = malloc((n ? n : 1) * sizeof *t->cp);
    if (st == GA_OK && !t->cp)
        st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if (st == GA_OK) {
        /* an untoned copy of the readings, at the same offsets */
        UChar *plain = buf + CAP;
        for (int32_t i = 0; i < CAP; i++)
            plain[i] = untone(buf[i]);
        pin_t *tl = pins + MAXC;
        for (uint32_t i = 0; i < n; i++) {
            tl[i] = pins[i];
            tl[i].py = plain + (pins[i].py - buf);
            t->cp[i] = pins[i].cp;
        }
        qsort(t->cp, n, sizeof *t->cp, cmp_i32);
        uint32_t u = 0; /* a polyphone listed twice keeps its first reading */
        for (uint32_t i = 0; i < n; i++)
            if (u == 0 || t->cp[u - 1] != t->cp[i])
                t->cp[u++] = t->cp[i];
        t->n = u;
        if (!build_groups(&t->g[0], pins, n, t->cp, u) ||
            !build_groups(&t->g[1], tl, n, t->cp, u))
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    free(buf);
    free(pins);
    if (st) {
        near_table_free(t);
        return st;
    }
    *out = t;
    return GA_OK;
}

/* Append canon with position `at` (code point index) replaced by `cp` (or dropped when
 * cp < 0, or doubled when `dbl`). */
static bool emit(ga_buf_t *out, const int32_t *cps, size_t m, size_t at, int32_t cp, bool dbl)
{
    char tmp[4];
    for (size_t i = 0; i < m; i++) {
        int32_t c = cps[i];
        if (i == at && !dbl) {
            if (cp < 0)
                continue;
            c = cp;
        }
        if (!ga_buf_append(out, tmp, ga_utf8_encode((uint32_t)c, tmp)))
            return false;
        if (i == at && dbl && !ga_buf_append(out, tmp, ga_utf8_encode((uint32_t)c, tmp)))
            return false;
    }
    return ga_buf_append(out, "", 1);
}

bool near_variants(const near_table_t *t, const char *canon, size_t len, ga_buf_t *out,
                   size_t *count)
{
    int32_t cps[MATCH_MAX_FIELD];
    size_t m = 0, pos = 0;
    while (pos < len && m < MATCH_MAX_FIELD) {
        int32_t c = ga_utf8_next(canon, len, &pos);
        if (c < 0)
            return true;
        cps[m++] = c;
    }
    *count = 0;
    for (size_t i = 0; i < m; i++) {
        if (!ga_is_han(cps[i]))
            continue;
        /* homophones: same tone for short forms; any tone once the rest of the form is
         * long enough to make a coincidence unlikely (pinyin input drops tones) */
        const groups_t *g0 = t ? &t->g[m >= 8 ? 1 : 0] : NULL;
        uint32_t at = t ? index_of(t->cp, t->n, cps[i]) : 0;
        if (t && at < t->n && t->cp[at] == cps[i]) {
            for (uint32_t g = g0->start[at]; g < g0->end[at]; g++) {
                if (g0->members[g] == cps[i])
                    continue;
                if (!emit(out, cps, m, i, g0->members[g], false))
                    return false;
                (*count)++;
            }
        }
        /* shape-alikes: every other member of each group holding the character */
        const char *g = shape_groups;
        size_t glen = sizeof shape_groups - 1, gp = 0;
        while (gp < glen) {
            size_t start = gp, end = gp, q = gp;
            bool has = false;
            while (q < glen && shape_groups[q] != ' ')
                if (ga_utf8_next(g, glen, &q) == cps[i])
                    has = true;
            end = q;
            gp = q + 1;
            if (!has)
                continue;
            for (size_t r = start; r < end;) {
                int32_t c = ga_utf8_next(g, end, &r);
                if (c != cps[i] && c >= 0) {
                    if (!emit(out, cps, m, i, c, false))
                        return false;
                    (*count)++;
                }
            }
        }
        /* interior drop and doubling: at the ends they would be ordinary text
         * (a shorter phrase, or 中国共产党党员) */
        if (i > 0 && i + 1 < m) {
            /* a drop from a short form leaves a common short word (李强总理 → 李总理) */
            if (m >= 6 && !emit(out, cps, m, i, -1, false))
                return false;
            if (!emit(out, cps, m, i, 0, true))
                return false;
            *count += 2;
        }
    }
    return true;
}
