/* Near-miss variants of protected names and titles: one character replaced by a homophone
 * (same pinyin with tone, among the 3,755 common characters of GB 2312 level 1) or by a
 * shape-alike, one interior character dropped, or one interior character doubled. */
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/utrans.h>

#include "match-internal.h"
#include "norm/norm-internal.h"

/* Shape-alike groups (a space ends a group): pairs that are misread or mistyped by
 * shape, as listed in proofreading manuals. */
static const char shape_groups[] =
    "己已巳 未末 人入 日曰 戊戌戍 土士 天夭 干千于 大太犬 王玉主 贝见 免兔 候侯 辨辩辫瓣 "
    "拨拔 析折 汩汨 栗粟 壶壸 睛晴 祟崇 亳毫 冶治 券卷 刺剌 徒徙 孑孓 赢羸嬴 "
    "侯候 眼限 住往 历厉 书韦 今令 沽估 记纪 纪级 近进";

struct near_table {
    uint32_t n;
    int32_t *cp;     /* common characters, sorted */
    uint32_t *group; /* per character: index of its first member in `members` */
    uint32_t *gend;  /* per character: one past its group's last member */
    int32_t *members;
};

void near_table_free(near_table_t *t)
{
    if (!t)
        return;
    free(t->cp);
    free(t->group);
    free(t->gend);
    free(t->members);
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

ga_status_t near_table_new(near_table_t **out, ga_error_t **err)
{
    UErrorCode ue = U_ZERO_ERROR;
    UConverter *conv = ucnv_open("GB2312", &ue);
    if (U_FAILURE(ue))
        return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU: no GB2312 converter (%s)",
                            u_errorName(ue));
    int32_t *chars = malloc(sizeof(int32_t) * 0x5200);
    uint32_t n = 0;
    for (int32_t c = 0x4E00; chars && c <= 0x9FA5; c++) {
        UChar u = (UChar)c;
        char b[8];
        ue = U_ZERO_ERROR;
        int32_t l = ucnv_fromUChars(conv, b, sizeof b, &u, 1, &ue);
        if (U_SUCCESS(ue) && l == 2 && (uint8_t)b[0] >= 0xB0 && (uint8_t)b[0] <= 0xD7)
            chars[n++] = c;
    }
    ucnv_close(conv);
    if (!chars)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    /* Transliterate all of them in one call, one per line. */
    int32_t cap = (int32_t)n * 12 + 16, len = (int32_t)n * 2, limit = len;
    UChar *buf = malloc((size_t)cap * sizeof(UChar));
    pin_t *pins = malloc((n ? n : 1) * sizeof *pins);
    near_table_t *t = calloc(1, sizeof *t);
    if (!buf || !pins || !t) {
        free(chars);
        free(buf);
        free(pins);
        free(t);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    for (uint32_t i = 0; i < n; i++) {
        buf[2 * i] = (UChar)chars[i];
        buf[2 * i + 1] = '\n';
    }
    ue = U_ZERO_ERROR;
    static const UChar id[] = {'H', 'a', 'n', '-', 'L', 'a', 't', 'i', 'n', 0};
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &ue);
    if (U_SUCCESS(ue))
        utrans_transUChars(tr, buf, &len, cap, 0, &limit, &ue);
    utrans_close(tr);
    if (U_FAILURE(ue)) {
        free(chars);
        free(buf);
        free(pins);
        free(t);
        return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU: Han-Latin transliteration failed (%s)",
                            u_errorName(ue));
    }
    uint32_t k = 0;
    int32_t s = 0;
    for (int32_t i = 0; i < len && k < n; i++) {
        if (buf[i] != '\n')
            continue;
        pins[k].cp = chars[k];
        pins[k].py = buf + s;
        pins[k].len = i - s;
        /* ICU may put a space before a syllable: trim it */
        while (pins[k].len && pins[k].py[0] == ' ') {
            pins[k].py++;
            pins[k].len--;
        }
        k++;
        s = i + 1;
    }
    n = k;
    qsort(pins, n, sizeof *pins, cmp_pin);
    t->n = n;
    t->cp = malloc((n ? n : 1) * sizeof *t->cp);
    t->group = malloc((n ? n : 1) * sizeof *t->group);
    t->gend = malloc((n ? n : 1) * sizeof *t->gend);
    t->members = malloc((n ? n : 1) * sizeof *t->members);
    if (!t->cp || !t->group || !t->gend || !t->members) {
        free(chars);
        free(buf);
        free(pins);
        near_table_free(t);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    /* members in pinyin order; per character (sorted by code point) its group range */
    uint32_t *gs = malloc((n ? n : 1) * sizeof *gs), *ge = malloc((n ? n : 1) * sizeof *ge);
    for (uint32_t i = 0, g0 = 0; gs && ge && i < n; i++) {
        t->members[i] = pins[i].cp;
        if (i > 0 && (pins[i].len != pins[i - 1].len ||
                      memcmp(pins[i].py, pins[i - 1].py, (size_t)pins[i].len * sizeof(UChar))))
            g0 = i;
        gs[i] = g0;
    }
    for (uint32_t i = n; gs && ge && i-- > 0;)
        ge[i] = (i + 1 < n && gs[i + 1] == gs[i]) ? ge[i + 1] : i + 1;
    for (uint32_t i = 0; i < n; i++)
        t->cp[i] = chars[i]; /* chars were collected in code point order */
    /* map from code point order to pinyin order */
    for (uint32_t i = 0; gs && ge && i < n; i++) {
        int32_t c = pins[i].cp;
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (t->cp[mid] < c)
                lo = mid + 1;
            else
                hi = mid;
        }
        t->group[lo] = gs[i];
        t->gend[lo] = ge[i];
    }
    bool ok = gs && ge;
    free(gs);
    free(ge);
    free(chars);
    free(buf);
    free(pins);
    if (!ok) {
        near_table_free(t);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
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
        /* homophones */
        size_t lo = 0, hi = t ? t->n : 0;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (t->cp[mid] < cps[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        if (t && lo < t->n && t->cp[lo] == cps[i]) {
            for (uint32_t g = t->group[lo]; g < t->gend[lo]; g++) {
                if (t->members[g] == cps[i])
                    continue;
                if (!emit(out, cps, m, i, t->members[g], false))
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
            if (!emit(out, cps, m, i, -1, false) || !emit(out, cps, m, i, 0, true))
                return false;
            *count += 2;
        }
    }
    return true;
}
