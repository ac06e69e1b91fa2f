/* The segmenter: script runs, dictionary DAG with a maximum-probability route, HMM
 * Viterbi over runs of single characters, and the non-Han token scanner. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "seg-internal.h"
#include "seg-icu.h"

struct ga_segmenter {
    const ga_dict_t *dict; /* the dictionary segmented with (a user dictionary or a base) */
    const ga_dict_t *base; /* the standalone dictionary holding the HMM */
    const ga_dict_t *user; /* the user dictionary over base, or NULL */
    ga_seg_mode_t mode;
    float num_logp;        /* score of a Chinese numeral token */
    float unknown_logp;    /* score of a character no word covers */
    ga_seg_icu_t *icu;
};

/* ---- character classes ------------------------------------------------------------ */

enum { C_OTHER, C_SPACE, C_HAN, C_ALNUM, C_PUNCT, C_LETTERS };

bool ga_seg_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           cp == 0x3007 /* 〇 */;
}

static int char_class(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp == ' ' || (cp >= 9 && cp <= 13))
            return C_SPACE;
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
            return C_ALNUM;
        if (cp >= '0' && cp <= '9')
            return C_ALNUM;
        if (cp < 0x20 || cp == 0x7F)
            return C_OTHER;
        return C_PUNCT;
    }
    if (ga_seg_is_han(cp) || cp == 0x25CB /* ○, written for 〇 in dates */)
        return C_HAN;
    if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
        (cp >= 0xFF41 && cp <= 0xFF5A))
        return C_ALNUM; /* full-width digits and letters */
    if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
        (cp >= 0x370 && cp <= 0x52F))
        return C_ALNUM; /* Latin, Greek, Cyrillic letters */
    if (cp == 0x3000 || cp == 0x85 || cp == 0xA0 || cp == 0x2028 || cp == 0x2029 ||
        (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F)
        return C_SPACE;
    if ((cp >= 0x3040 && cp <= 0x30FF && cp != 0x30FB) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
        (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F))
        return C_LETTERS; /* kana, hangul: kept as runs */
    if ((cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
        (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x3001 && cp <= 0x303F) || cp == 0x30FB ||
        (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
        (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
        (cp >= 0xFE10 && cp <= 0xFE6F))
        return C_PUNCT;
    return C_OTHER;
}

/* Chinese numerals: digits, 〇/○/零, 十百千万亿, 两 and the financial forms. */
static bool is_numeral(uint32_t cp)
{
    switch (cp) {
    case 0x3007: case 0x25CB: case 0x96F6: /* 〇 ○ 零 */
    case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB: case 0x4E94: /* 一二三四五 */
    case 0x516D: case 0x4E03: case 0x516B: case 0x4E5D: /* 六七八九 */
    case 0x5341: case 0x767E: case 0x5343: case 0x4E07: case 0x4EBF: /* 十百千万亿 */
    case 0x4E24: /* 两 */
    case 0x58F9: case 0x8D30: case 0x53C1: case 0x8086: case 0x4F0D: /* 壹贰叁肆伍 */
    case 0x9646: case 0x67D2: case 0x634C: case 0x7396: case 0x62FE: /* 陆柒捌玖拾 */
    case 0x4F70: case 0x4EDF: /* 佰仟 */
        return true;
    default:
        return false;
    }
}

/* Units that make a number a date part: 年 (after two or more numerals), 月, 日, 号. */
static int date_unit(uint32_t cp)
{
    switch (cp) {
    case 0x5E74: return 2; /* 年 */
    case 0x6708: case 0x65E5: case 0x53F7: return 1; /* 月 日 号 */
    default: return 0;
    }
}

/* ---- scratch ---------------------------------------------------------------------- */

#define STACK_CHARS 256

typedef struct scratch {
    size_t cap;
    size_t *off;       /* byte offset of char i (n + 1 entries) */
    uint32_t *cp;
    uint32_t *code;    /* in the base alphabet */
    uint32_t *ucode;   /* in the user dictionary's alphabet */
    double *best;      /* best log-probability of the suffix from char i */
    uint32_t *next;    /* end of the route's token starting at i */
    int32_t *st2;      /* trie state after chars i and i + 1 */
    uint8_t *num;      /* 1: the route's token at i is a numeral */
    float *vit;        /* [n][4] */
    uint8_t *back;     /* [n][4] */
    void *heap;
} scratch_t;

typedef struct stack_scratch {
    size_t off[STACK_CHARS + 1];
    uint32_t cp[STACK_CHARS], code[STACK_CHARS], ucode[STACK_CHARS];
    double best[STACK_CHARS + 1];
    uint32_t next[STACK_CHARS];
    int32_t st2[STACK_CHARS];
    uint8_t num[STACK_CHARS];
    float vit[STACK_CHARS * 4];
    uint8_t back[STACK_CHARS * 4];
} stack_scratch_t;

static void scratch_stack(scratch_t *s, stack_scratch_t *st)
{
    s->cap = STACK_CHARS;
    s->off = st->off;
    s->cp = st->cp;
    s->code = st->code;
    s->ucode = st->ucode;
    s->best = st->best;
    s->next = st->next;
    s->st2 = st->st2;
    s->num = st->num;
    s->vit = st->vit;
    s->back = st->back;
    s->heap = NULL;
}

/* Room for n chars, keeping the decoded data of the first `keep`. */
static bool scratch_grow(scratch_t *s, size_t n, size_t keep)
{
    if (n <= s->cap)
        return true;
    size_t cap = s->cap * 2;
    while (cap < n)
        cap *= 2;
    size_t per = sizeof(size_t) + 3 * sizeof(uint32_t) + sizeof(double) + 2 * sizeof(uint32_t) +
                 1 + 4 * sizeof(float) + 4;
    if (cap > (SIZE_MAX - 64) / per)
        return false;
    char *p = malloc(cap * per + 64);
    if (!p)
        return false;
    scratch_t old = *s;
    s->heap = p;
    s->cap = cap;
    s->off = (size_t *)p;
    p += (cap + 1) * sizeof(size_t);
    s->best = (double *)p;
    p += (cap + 1) * sizeof(double);
    s->vit = (float *)p;
    p += cap * 4 * sizeof(float);
    s->cp = (uint32_t *)p;
    p += cap * sizeof(uint32_t);
    s->code = (uint32_t *)p;
    p += cap * sizeof(uint32_t);
    s->ucode = (uint32_t *)p;
    p += cap * sizeof(uint32_t);
    s->next = (uint32_t *)p;
    p += cap * sizeof(uint32_t);
    s->st2 = (int32_t *)p;
    p += cap * sizeof(uint32_t);
    s->num = (uint8_t *)p;
    p += cap;
    s->back = (uint8_t *)p;
    memcpy(s->off, old.off, keep * sizeof *s->off);
    memcpy(s->cp, old.cp, keep * sizeof *s->cp);
    memcpy(s->code, old.code, keep * sizeof *s->code);
    memcpy(s->ucode, old.ucode, keep * sizeof *s->ucode);
    free(old.heap);
    return true;
}

/* ---- emitting --------------------------------------------------------------------- */

typedef struct emitter {
    ga_token_cb cb;
    void *user;
    int stop;
} emitter_t;

static inline bool emit(emitter_t *e, size_t start, size_t end, uint32_t kind)
{
    if (e->stop)
        return false;
    ga_token_t t = {start, end, kind, 0};
    e->stop = e->cb(&t, e->user);
    return !e->stop;
}

/* ---- the route -------------------------------------------------------------------- */

/* Numeral run starting at i (n chars available): its length with a following date unit,
 * or 0 when it is not a numeral token. */
static size_t numeral_span(const uint32_t *cp, size_t i, size_t n)
{
    size_t j = i;
    while (j < n && (is_numeral(cp[j]) ||
                     (cp[j] == 0x70B9 /* 点 */ && j > i && j + 1 < n && is_numeral(cp[j + 1]))))
        j++;
    size_t run = j - i;
    if (run == 0)
        return 0;
    if (j < n) {
        int u = date_unit(cp[j]);
        if (u && run >= (size_t)u)
            return run + 1;
    }
    return run >= 2 ? run : 0;
}

/* Fill best[] and next[] for chars [0, n) of the scratch, right to left. */
static void route(const ga_segmenter_t *sg, scratch_t *s, size_t n)
{
    const ga_dict_t *d = sg->base, *u = sg->user;
    double *best = s->best;
    /* First steps from the root (whose children are one small, cached band) for every
     * position, prefetching each second step: the trie's lower levels are spread over
     * megabytes, and issuing those loads together overlaps their cache misses. */
    int32_t *s1 = (int32_t *)s->next, *s2 = s->st2;
    for (size_t i = 0; i < n; i++) {
        int32_t t = ga_dict_step(d, 0, s->code[i]);
        s1[i] = t;
        if (t >= 0 && i + 1 < n) {
            int32_t b = ga_da_base(d->units[t]);
            if (b >= 0)
                __builtin_prefetch(&d->units[(uint32_t)b + s->code[i + 1]]);
        }
    }
    /* The same one level down: the loads of this pass are independent of each other. */
    for (size_t i = 0; i + 1 < n; i++) {
        int32_t t = s1[i] >= 0 ? ga_dict_step(d, s1[i], s->code[i + 1]) : -1;
        s2[i] = t;
        if (t >= 0 && i + 2 < n) {
            int32_t b = ga_da_base(d->units[t]);
            if (b >= 0)
                __builtin_prefetch(&d->units[(uint32_t)b + s->code[i + 2]]);
        }
    }
    if (n)
        s2[n - 1] = -1;
    best[n] = 0;
    for (size_t i = n; i-- > 0;) {
        double bl = -INFINITY;
        uint32_t bj = (uint32_t)(i + 1);
        bool single = false;
        uint8_t numtok = 0;
        int32_t st = s1[i];
        size_t lim = n - i < GA_DICT_MAX_WORD ? n : i + GA_DICT_MAX_WORD;
        for (size_t k = i; k < lim; k++) {
            if (k == i + 1)
                st = s2[i];
            else if (k > i)
                st = ga_dict_step(d, st, s->code[k]);
            if (st < 0)
                break;
            ga_da_unit_t un = d->units[st];
            if (!(un & GA_DA_WORD_BIT))
                continue;
            float lp = ga_da_logp(un);
            if (GA_UNLIKELY(u != NULL)) {
                /* A user entry for the same span replaces the base's. */
                int32_t us = 0;
                for (size_t q = i; q <= k && us >= 0; q++)
                    us = ga_dict_step(u, us, s->ucode[q]);
                if (us >= 0 && ga_da_is_word(u->units[us]))
                    continue; /* scored in the user pass below */
            }
            if (lp == -INFINITY)
                continue;
            if (k == i)
                single = true;
            double sc = lp + best[k + 1];
            if (sc >= bl) { /* ties: the longer word */
                bl = sc;
                bj = (uint32_t)(k + 1);
            }
        }
        if (GA_UNLIKELY(u != NULL)) {
            int32_t us = 0;
            for (size_t k = i; k < lim; k++) {
                us = ga_dict_step(u, us, s->ucode[k]);
                if (us < 0)
                    break;
                ga_da_unit_t un = u->units[us];
                if (!ga_da_is_word(un) || ga_da_logp(un) == -INFINITY)
                    continue;
                if (k == i)
                    single = true;
                double sc = ga_da_logp(un) + best[k + 1];
                if (sc > bl || (sc == bl && k + 1 > bj)) {
                    bl = sc;
                    bj = (uint32_t)(k + 1);
                }
            }
        }
        if (!single) {
            double sc = sg->unknown_logp + best[i + 1];
            if (sc > bl) {
                bl = sc;
                bj = (uint32_t)(i + 1);
            }
        }
        size_t ns = numeral_span(s->cp, i, n);
        if (ns && (i == 0 || !is_numeral(s->cp[i - 1]))) {
            double sc = sg->num_logp + best[i + ns];
            if (sc > bl || (sc == bl && i + ns >= bj)) {
                bl = sc;
                bj = (uint32_t)(i + ns);
                numtok = 1;
            }
        }
        best[i] = bl;
        s->next[i] = bj;
        s->num[i] = numtok;
    }
}

double ga_seg_route_score(const ga_dict_t *d, const char *word, size_t len)
{
    ga_segmenter_t sg = {0};
    sg.dict = d;
    sg.base = d->base ? d->base : d;
    sg.user = d->base ? d : NULL;
    sg.unknown_logp = (float)-sg.base->log_total;
    sg.num_logp = (float)(log(1000.0) - sg.base->log_total);
    stack_scratch_t st;
    scratch_t s;
    scratch_stack(&s, &st);
    size_t n = 0, pos = 0;
    while (pos < len && n < STACK_CHARS) {
        int32_t cp = ga_utf8_decode((const unsigned char *)word, len, &pos);
        if (cp < 0)
            return -INFINITY;
        s.cp[n] = (uint32_t)cp;
        s.code[n] = ga_dict_code(sg.base, (uint32_t)cp);
        s.ucode[n] = sg.user ? ga_dict_code(sg.user, (uint32_t)cp) : 0;
        n++;
    }
    route(&sg, &s, n);
    return s.best[0];
}

/* ---- HMM -------------------------------------------------------------------------- */

/* Viterbi over chars [a, b) (b - a >= 2); emits the words it finds. */
static bool hmm_cut(const ga_segmenter_t *sg, scratch_t *s, size_t a, size_t b, emitter_t *e)
{
    const ga_dict_t *d = sg->base;
    const ga_hmm_t *h = d->hmm;
    const float *em = d->emit;
    size_t nc = d->n_codes;
    float *v = s->vit;
    uint8_t *bk = s->back;
    uint32_t c0 = s->code[a] < nc ? s->code[a] : 0;
    for (int q = 0; q < 4; q++)
        v[q] = h->start[q] + em[q * nc + c0];
    for (size_t i = a + 1; i < b; i++) {
        size_t r = (i - a) * 4, p = r - 4;
        uint32_t c = s->code[i] < nc ? s->code[i] : 0;
        for (int q = 0; q < 4; q++) {
            /* Only E or S precede B and S; only B or M precede M and E. */
            int p1 = (q == GA_HMM_B || q == GA_HMM_S) ? GA_HMM_E : GA_HMM_B;
            int p2 = (q == GA_HMM_B || q == GA_HMM_S) ? GA_HMM_S : GA_HMM_M;
            float s1 = v[p + p1] + h->trans[p1][q], s2 = v[p + p2] + h->trans[p2][q];
            if (s1 >= s2) {
                v[r + q] = s1 + em[q * nc + c];
                bk[r + q] = (uint8_t)p1;
            } else {
                v[r + q] = s2 + em[q * nc + c];
                bk[r + q] = (uint8_t)p2;
            }
        }
    }
    size_t last = (b - 1 - a) * 4;
    uint8_t q = v[last + GA_HMM_E] >= v[last + GA_HMM_S] ? GA_HMM_E : GA_HMM_S;
    /* Walk back, storing each char's state in back[i*4] of the row itself. */
    for (size_t i = b; i-- > a;) {
        size_t r = (i - a) * 4;
        uint8_t prev = bk[r + q];
        bk[r] = q; /* row r's slot 0 is no longer needed once read */
        q = prev;
    }
    size_t start = a;
    for (size_t i = a; i < b; i++) {
        uint8_t st = bk[(i - a) * 4];
        if (st == GA_HMM_B || st == GA_HMM_S)
            start = i;
        if (st == GA_HMM_E || st == GA_HMM_S || i + 1 == b) {
            if (!emit(e, s->off[start], s->off[i + 1], GA_TOKEN_WORD))
                return false;
            start = i + 1;
        }
    }
    return true;
}

static bool dict_has_span(const ga_segmenter_t *sg, const scratch_t *s, size_t a, size_t b)
{
    if (sg->user) {
        int32_t st = 0;
        for (size_t i = a; i < b && st >= 0; i++)
            st = ga_dict_step(sg->user, st, s->ucode[i]);
        if (st >= 0 && ga_da_is_word(sg->user->units[st]))
            return ga_da_logp(sg->user->units[st]) > -INFINITY;
    }
    int32_t st = 0;
    for (size_t i = a; i < b && st >= 0; i++)
        st = ga_dict_step(sg->base, st, s->code[i]);
    return st >= 0 && ga_da_is_word(sg->base->units[st]) &&
           ga_da_logp(sg->base->units[st]) > -INFINITY;
}

/* Run of single characters [a, b) left by the route. */
static bool flush_singles(const ga_segmenter_t *sg, scratch_t *s, size_t a, size_t b,
                          emitter_t *e)
{
    if (b - a >= 2 && !dict_has_span(sg, s, a, b))
        return hmm_cut(sg, s, a, b, e);
    for (size_t i = a; i < b; i++)
        if (!emit(e, s->off[i], s->off[i + 1], GA_TOKEN_WORD))
            return false;
    return true;
}

/* Search mode: the in-dictionary 2- and 3-character sub-words of [a, b), then the word. */
static bool emit_subwords(const ga_segmenter_t *sg, scratch_t *s, size_t a, size_t b,
                          emitter_t *e)
{
    for (size_t w = 2; w <= 3; w++) {
        if (b - a <= w)
            break;
        for (size_t i = a; i + w <= b; i++)
            if (dict_has_span(sg, s, i, i + w) &&
                !emit(e, s->off[i], s->off[i + w], GA_TOKEN_WORD | GA_TOKEN_SUBWORD))
                return false;
    }
    return true;
}

/* Segment the Han run of n chars already decoded into the scratch. */
static bool segment_han(const ga_segmenter_t *sg, scratch_t *s, size_t n, emitter_t *e)
{
    route(sg, s, n);
    size_t i = 0, run = 0;
    bool search = sg->mode == GA_SEG_SEARCH;
    while (i < n) {
        size_t j = s->next[i];
        if (j == i + 1 && !s->num[i]) {
            i = j;
            continue; /* part of a run of singles, flushed below */
        }
        if (run < i && !flush_singles(sg, s, run, i, e))
            return false;
        if (search && j - i >= 3 && !s->num[i] && !emit_subwords(sg, s, i, j, e))
            return false;
        if (!emit(e, s->off[i], s->off[j], s->num[i] ? GA_TOKEN_ALNUM : GA_TOKEN_WORD))
            return false;
        i = run = j;
    }
    if (run < n && !flush_singles(sg, s, run, n, e))
        return false;
    return true;
}

/* ---- non-Han tokens --------------------------------------------------------------- */

static inline bool is_digit_cp(int32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static inline bool is_alnum_cp(int32_t c)
{
    return c >= 0 && char_class((uint32_t)c) == C_ALNUM;
}

static inline int32_t peek(const unsigned char *t, size_t len, size_t pos, size_t *next)
{
    size_t p = pos;
    int32_t c = ga_utf8_decode(t, len, &p);
    if (next)
        *next = p;
    return c;
}

static bool url_start(const unsigned char *t, size_t len, size_t pos)
{
    static const char *const pre[] = {"http://", "https://", "ftp://", "www."};
    for (size_t k = 0; k < 4; k++) {
        size_t n = strlen(pre[k]);
        if (len - pos >= n && strncasecmp((const char *)t + pos, pre[k], n) == 0)
            return true;
    }
    return false;
}

static bool url_char(unsigned c)
{
    return c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' &&
           c != '`' && c != '{' && c != '|' && c != '}';
}

/* An ASCII/full-width token from pos: URL, e-mail, number (1,200.5 98.9%), word with
 * inner connectors (e-mail, a.b, x-y, it's), a number's date unit. Returns its end. */
static bool unit_starts_word(const ga_segmenter_t *sg, const unsigned char *t, size_t len,
                             size_t unit_pos);

static size_t scan_alnum(const ga_segmenter_t *sg, const unsigned char *t, size_t len,
                         size_t pos)
{
    if (url_start(t, len, pos)) {
        size_t e = pos;
        while (e < len && url_char(t[e]))
            e++;
        while (e > pos && strchr(".,;:!?)]'", t[e - 1]))
            e--; /* sentence punctuation after a URL is not part of it */
        return e;
    }
    size_t p = pos, nx;
    bool all_digits = true; /* digits and decimal points only */
    size_t ndigits = 0, nseps = 0;
    for (;;) {
        /* one alnum run */
        int32_t c;
        while (p < len && is_alnum_cp(c = peek(t, len, p, &nx))) {
            if (!is_digit_cp(c))
                all_digits = false;
            ndigits++;
            p = nx;
        }
        if (p >= len)
            break;
        size_t q;
        int32_t c1 = peek(t, len, p, &q);
        int32_t prev_digit = 0;
        {
            /* Was the last char a digit? Step back over one UTF-8 character. */
            size_t b = p;
            do
                b--;
            while (b > pos && (t[b] & 0xC0) == 0x80);
            prev_digit = is_digit_cp(peek(t, len, b, NULL));
        }
        if (c1 == '%' || c1 == 0xFF05) { /* ％ */
            if (prev_digit)
                p = q;
            break;
        }
        bool conn = c1 == '.' || c1 == '-' || c1 == '_' || c1 == '@' || c1 == '\'' ||
                    c1 == '&' || c1 == '+' || c1 == 0xFF0E /* ． */ ||
                    (prev_digit && (c1 == ',' || c1 == ':' || c1 == '/'));
        if (!conn || q >= len)
            break;
        int32_t c2 = peek(t, len, q, NULL);
        if (!is_alnum_cp(c2))
            break;
        if (c1 == ',' && prev_digit) {
            /* 1,200: exactly three digits follow the comma. */
            size_t r = q;
            int k = 0;
            while (r < len && k < 4 && is_digit_cp(peek(t, len, r, &nx))) {
                r = nx;
                k++;
            }
            if (k != 3 || (r < len && is_alnum_cp(peek(t, len, r, NULL))))
                break;
        }
        if (!(c1 == '.' || c1 == 0xFF0E || c1 == ',') || !prev_digit || !is_digit_cp(c2))
            all_digits = false;
        nseps++;
        p = q;
    }
    if (all_digits) {
        /* Magnitudes written in Han (1.2万, 3亿, 1万亿), then one date or time unit
         * (2023年 7月 31日 9时 30分 15秒). */
        int32_t c;
        while (p < len && ((c = peek(t, len, p, &nx)) == 0x4E07 /* 万 */ ||
                           c == 0x4EBF /* 亿 */))
            p = nx;
        if (p < len) {
            /* 年 makes a date only after a four-digit year (10 年 is a duration); 年, 时,
             * 分 or 秒 beginning a word with what follows (年代, 分钟) stays with it, while
             * 月, 日 and 号 after a number are dates (31日电 is a dateline). */
            c = peek(t, len, p, &nx);
            bool year = c == 0x5E74 && ndigits == 4 && nseps == 0;
            bool day = c == 0x6708 || c == 0x65E5 || c == 0x53F7;
            bool clock = c == 0x65F6 || c == 0x5206 || c == 0x79D2;
            if (day || ((year || clock) && !unit_starts_word(sg, t, len, p)))
                p = nx;
        }
    }
    return p;
}

/* Does the character at unit_pos begin a dictionary word of two or three characters? */
static bool unit_starts_word(const ga_segmenter_t *sg, const unsigned char *t, size_t len,
                             size_t unit_pos)
{
    const ga_dict_t *d = sg->base;
    size_t p = unit_pos;
    int32_t st = 0;
    for (int k = 0; k < 3 && p < len; k++) {
        int32_t c = ga_utf8_decode(t, len, &p);
        if (c < 0 || !ga_seg_is_han((uint32_t)c))
            break;
        st = ga_dict_step(d, st, ga_dict_code(d, (uint32_t)c));
        if (st < 0)
            break;
        if (k > 0 && ga_da_is_word(d->units[st]) && ga_da_logp(d->units[st]) > -INFINITY)
            return true;
    }
    return false;
}

/* ---- driver ----------------------------------------------------------------------- */

/* Decode one code point of text already validated as UTF-8. */
static inline int32_t decode_valid(const unsigned char *t, size_t p, size_t *next)
{
    unsigned b = t[p];
    if (b < 0x80) {
        *next = p + 1;
        return (int32_t)b;
    }
    if (b < 0xE0) {
        *next = p + 2;
        return (int32_t)(((b & 0x1F) << 6) | (t[p + 1] & 0x3F));
    }
    if (b < 0xF0) {
        *next = p + 3;
        return (int32_t)(((b & 0x0F) << 12) | ((t[p + 1] & 0x3F) << 6) | (t[p + 2] & 0x3F));
    }
    *next = p + 4;
    return (int32_t)(((b & 0x07) << 18) | ((t[p + 1] & 0x3F) << 12) | ((t[p + 2] & 0x3F) << 6) |
                     (t[p + 3] & 0x3F));
}

static inline bool is_han_fast(int32_t c)
{
    return (uint32_t)(c - 0x4E00) <= 0x9FFF - 0x4E00 || (c >= 0x80 && char_class((uint32_t)c) == C_HAN);
}

static ga_status_t segment_dict(const ga_segmenter_t *sg, const unsigned char *t, size_t len,
                                emitter_t *e, ga_error_t **err)
{
    stack_scratch_t stk;
    scratch_t s;
    scratch_stack(&s, &stk);
    ga_status_t status = GA_OK;
    size_t pos = 0;
    while (pos < len && !e->stop) {
        size_t nx;
        int32_t c = peek(t, len, pos, &nx);
        int cls = char_class((uint32_t)c);
        if (cls == C_HAN) {
            size_t n = 0, p = pos;
            for (;;) {
                if (n + 1 >= s.cap && !scratch_grow(&s, n + 2, n)) {
                    status = ga_error_set_offset(err, GA_ERR_NO_MEMORY, pos, "out of memory");
                    goto out;
                }
                s.off[n] = p;
                s.cp[n] = (uint32_t)c;
                s.code[n] = ga_dict_code(sg->base, (uint32_t)c);
                if (sg->user)
                    s.ucode[n] = ga_dict_code(sg->user, (uint32_t)c);
                n++;
                p = nx;
                if (p >= len)
                    break;
                c = decode_valid(t, p, &nx);
                if (!is_han_fast(c))
                    break;
            }
            s.off[n] = p;
            segment_han(sg, &s, n, e);
            pos = p;
            continue;
        }
        size_t end = nx;
        uint32_t kind;
        switch (cls) {
        case C_SPACE:
            while (end < len && char_class((uint32_t)peek(t, len, end, &nx)) == C_SPACE)
                end = nx;
            kind = GA_TOKEN_SPACE;
            break;
        case C_ALNUM:
            end = scan_alnum(sg, t, len, pos);
            kind = GA_TOKEN_ALNUM;
            break;
        case C_PUNCT:
            while (end < len && peek(t, len, end, &nx) == c)
                end = nx; /* —— …… */
            kind = GA_TOKEN_PUNCT;
            break;
        case C_LETTERS:
            while (end < len && char_class((uint32_t)peek(t, len, end, &nx)) == C_LETTERS)
                end = nx;
            kind = GA_TOKEN_WORD;
            break;
        default:
            kind = GA_TOKEN_OTHER;
            break;
        }
        emit(e, pos, end, kind);
        pos = end;
    }
out:
    free(s.heap);
    return status;
}

ga_status_t ga_segment(const ga_segmenter_t *seg, const char *text, size_t len, ga_token_cb cb,
                       void *user, ga_error_t **err)
{
    if (!seg || (!text && len) || !cb)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_segment: NULL argument");
    size_t bad;
    if (ga_utf8_validate(text, len, &bad) != GA_OK)
        return ga_error_set_offset(err, GA_ERR_INVALID_UTF8, bad,
                                   "invalid UTF-8 at byte %zu", bad);
    emitter_t e = {cb, user, 0};
    if (seg->mode == GA_SEG_ICU)
        return ga_seg_icu_segment(seg->icu, text, len, cb, user, err);
    return segment_dict(seg, (const unsigned char *)text, len, &e, err);
}

typedef struct collect {
    ga_token_t *toks;
    size_t cap, n;
} collect_t;

static int collect_cb(const ga_token_t *t, void *user)
{
    collect_t *c = user;
    if (c->n < c->cap)
        c->toks[c->n] = *t;
    c->n++;
    return 0;
}

ga_status_t ga_segment_tokens(const ga_segmenter_t *seg, const char *text, size_t len,
                              ga_token_t *toks, size_t cap, size_t *count, ga_error_t **err)
{
    if (!count || (!toks && cap))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_segment_tokens: NULL argument");
    collect_t c = {toks, cap, 0};
    ga_status_t s = ga_segment(seg, text, len, collect_cb, &c, err);
    *count = c.n;
    return s;
}

ga_status_t ga_segmenter_new(const ga_dict_t *dict, ga_seg_mode_t mode, ga_segmenter_t **out,
                             ga_error_t **err)
{
    if (!out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_segmenter_new: NULL argument");
    *out = NULL;
    if (mode != GA_SEG_DEFAULT && mode != GA_SEG_SEARCH && mode != GA_SEG_ICU)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "unknown segmentation mode %d",
                            (int)mode);
    if (!dict && mode != GA_SEG_ICU)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                            "a dictionary is needed except in ICU mode");
    ga_segmenter_t *sg = calloc(1, sizeof *sg);
    if (!sg)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    sg->mode = mode;
    if (dict) {
        sg->dict = dict;
        sg->base = dict->base ? dict->base : dict;
        sg->user = dict->base ? dict : NULL;
        /* An unknown character scores as a word seen once; a Chinese number as a word
         * seen a thousand times, so that it beats splitting but not an idiom it overlaps. */
        sg->unknown_logp = (float)-sg->base->log_total;
        sg->num_logp = (float)(log(1000.0) - sg->base->log_total);
    }
    if (mode == GA_SEG_ICU) {
        ga_status_t s = ga_seg_icu_new(&sg->icu, err);
        if (s != GA_OK) {
            free(sg);
            return s;
        }
    }
    *out = sg;
    return GA_OK;
}

void ga_segmenter_free(ga_segmenter_t *seg)
{
    if (!seg)
        return;
    ga_seg_icu_free(seg->icu);
    free(seg);
}

ga_seg_mode_t ga_segmenter_mode(const ga_segmenter_t *seg)
{
    return seg ? seg->mode : GA_SEG_DEFAULT;
}
