/* Near-miss variants of protected names and titles: one character replaced by a homophone
 * (same pinyin, with the same tone for forms under 8 characters, among the 3,755 common
 * characters of GB 2312 level 1) or by a
 * shape-alike, one interior character dropped (forms of 6 characters or more), or one
 * interior character doubled. */
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
static bool build_groups(groups_t *g, pin_t *pins, uint32_t n, const int32_t *cp)
{
    size_t sz = (n ? n : 1) * sizeof(uint32_t);
    g->start = malloc(sz);
    g->end = malloc(sz);
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
            uint32_t at = index_of(cp, n, pins[k].cp);
            g->start[at] = i;
            g->end[at] = j;
        }
        i = j;
    }
    return true;
}

/* Plain vowel of a pinyin vowel with a tone mark, or the character itself. */
static UChar untone(UChar c)
{
    static const struct {
        const char *marked;
        UChar plain;
    } map[] = {{"āáǎà", 'a'}, {"ēéěè", 'e'}, {"īíǐì", 'i'}, {"ōóǒò", 'o'}, {"ūúǔù", 'u'},
               {"ǖǘǚǜ", 0xFC}};
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
        size_t pos = 0, len = strlen(map[k].marked);
        while (pos < len)
            if (ga_utf8_next(map[k].marked, len, &pos) == c)
                return map[k].plain;
    }
    return c;
}

ga_status_t near_table_new(near_table_t **out, ga_error_t **err)
{
    UErrorCode ue = U_ZERO_ERROR;
    UConverter *conv = ucnv_open("GB2312", &ue);
    if (U_FAILURE(ue))
        return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU: no GB2312 converter (%s)",
                            u_errorName(ue));
    near_table_t *t = calloc(1, sizeof *t);
    int32_t *chars = malloc(sizeof(int32_t) * 0x5200);
    uint32_t n = 0;
    for (int32_t c = 0x4E00; chars && c <= 0x9FA5; c++) {
        UChar u = (UChar)c;
        char b[8];
        ue = U_ZERO_ERROR;
        int32_t l = ucnv_fromUChars(conv, b, sizeof b, &u, 1, &ue);
        if (U_SUCCESS(ue) && l == 2 && (uint8_t)b[0] >= 0xB0 && (uint8_t)b[0] <= 0xD7)
            chars[n++] = c; /* GB 2312 level 1: the 3,755 most common characters */
    }
    ucnv_close(conv);
    /* Transliterate all of them in one call, one per line. */
    int32_t cap = (int32_t)n * 12 + 16, len = (int32_t)n * 2, limit = len;
    UChar *buf = malloc((size_t)cap * sizeof(UChar) * 2);
    pin_t *pins = malloc((n ? n : 1) * sizeof *pins * 2);
    if (!t || !chars || !buf || !pins) {
        free(chars);
        free(buf);
        free(pins);
        free(t);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    t->cp = chars;
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
        free(buf);
        free(pins);
        near_table_free(t);
        return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU: Han-Latin transliteration failed (%s)",
                            u_errorName(ue));
    }
    UChar *plain = buf + cap; /* the same text with tone marks removed */
    for (int32_t i = 0; i < len; i++)
        plain[i] = untone(buf[i]);
    uint32_t k = 0;
    int32_t s = 0;
    pin_t *tl = pins + n;
    for (int32_t i = 0; i < len && k < n; i++) {
        if (buf[i] != '\n')
            continue;
        int32_t a = s;
        while (a < i && buf[a] == ' ') /* ICU may put a space before a syllable */
            a++;
        pins[k] = (pin_t){chars[k], buf + a, i - a};
        tl[k] = (pin_t){chars[k], plain + a, i - a};
        k++;
        s = i + 1;
    }
    t->n = k;
    bool ok = build_groups(&t->g[0], pins, k, chars) && build_groups(&t->g[1], tl, k, chars);
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
