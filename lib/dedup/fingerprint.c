/* Fingerprints of one document: boilerplate removal, exact hash, word shingles, SimHash,
 * MinHash and LSH band keys. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dedup-internal.h"

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ull;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dull;
    x ^= x >> 33;
    return x;
}

void dd_params_init(dd_params_t *p, const ga_normalizer_t *norm, dd_tokenize_fn fn,
                    const void *ctx, unsigned k, unsigned rows, unsigned bands)
{
    memset(p, 0, sizeof *p);
    p->norm = norm;
    p->tokenize = fn;
    p->tok_ctx = ctx;
    p->k = k;
    p->rows = rows;
    p->bands = bands;
    /* A fixed seed: signatures must agree between runs and saved files. */
    uint64_t s = DD_SEED;
    for (unsigned i = 0; i < DD_K; i++) {
        s += 0x9e3779b97f4a7c15ull;
        p->mh_a[i] = mix64(s) | 1;
        s += 0x9e3779b97f4a7c15ull;
        p->mh_b[i] = mix64(s);
        p->mh_alo[i] = (uint32_t)p->mh_a[i];
        p->mh_ahi[i] = (uint32_t)(p->mh_a[i] >> 32);
        p->mh_blo[i] = (uint32_t)p->mh_b[i];
        p->mh_bhi[i] = (uint32_t)(p->mh_b[i] >> 32);
    }
}

bool dd_fp_init(dd_fp_t *fp)
{
    memset(fp, 0, sizeof *fp);
    fp->normres = ga_normalized_new();
    return fp->normres != NULL;
}

void dd_fp_free(dd_fp_t *fp)
{
    if (!fp)
        return;
    ga_normalized_free(fp->normres);
    ga_buf_free(&fp->body);
    ga_buf_free(&fp->flat);
    ga_buf_free(&fp->source);
    free(fp->shingles);
    free(fp->shtmp);
    free(fp->tok);
    free(fp->toklen);
    memset(fp, 0, sizeof *fp);
}

/* ---- boilerplate lines ---- */

static const char *memfind(const char *h, size_t hl, const char *n)
{
    size_t nl = strlen(n);
    if (nl == 0 || nl > hl)
        return NULL;
    return memmem(h, hl, n, nl);
}

/* Editor, print/close, share, counter and header lines of article pages. Matched on the
 * normalised line (NFKC turns ：into :), only in short lines so that body sentences that
 * happen to mention 来源 or 编辑 stay. */
static const char *const boiler_markers[] = {
    "责任编辑", "编辑:", "审核:", "校对:", "审校:", "作者:", "记者:", "通讯员:",
    "打印本页", "打印此页", "打印文章", "打印该页", "关闭窗口", "关闭本页", "关闭此页",
    "【打印】", "【关闭】", "[打印]", "[关闭]", "来源:", "稿源:", "信息来源", "文章来源",
    "分享到", "分享至", "扫一扫", "微信扫", "浏览次数", "阅读次数", "点击数", "点击率",
    "访问次数", "浏览量", "阅读量", "字号:", "字体:", "【大】", "【大中小】", "[大中小]",
    "收藏本页", "加入收藏", "返回顶部", "上一篇", "下一篇", "发布时间:", "发布日期:",
    "发布机构:", "当前位置:", "您现在的位置", "您的位置",
};

/* A line that is only one of these words. */
static const char *const boiler_lines[] = {
    "打印", "关闭", "分享", "返回", "收藏", "大", "中", "小", "【打印】【关闭】",
};

/* Words that end a 来源 value on a header line where spaces between words were lost. */
static const char *const source_stops[] = {
    "浏览", "阅读", "发布", "作者", "编辑", "字号", "字体", "点击", "时间", "日期", "责任",
    "访问", "审核", "分享", "打印", "【", "】", "[", "]", "|", "(", ")", "　",
};

static void extract_source(const char *line, size_t len, ga_buf_t *source)
{
    static const char *const keys[] = {"信息来源:", "文章来源:", "来源:", "稿源:"};
    const char *v = NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0] && !v; i++) {
        const char *p = memfind(line, len, keys[i]);
        if (p)
            v = p + strlen(keys[i]);
    }
    if (!v)
        return;
    const char *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    const char *stop = end;
    for (const char *q = v; q < end; q++) {
        if (*q == ' ' || *q == '\t') {
            stop = q;
            break;
        }
    }
    for (size_t i = 0; i < sizeof source_stops / sizeof source_stops[0]; i++) {
        const char *p = memfind(v, (size_t)(stop - v), source_stops[i]);
        if (p)
            stop = p;
    }
    if (stop > v && source->len == 0)
        ga_buf_append(source, v, (size_t)(stop - v));
}

/* The markers by a hash of their first three bytes: a line position whose three bytes
 * start no marker costs one table probe, where a memmem per marker and line was a third
 * of fingerprinting. Every marker has at least three bytes. */
#define NMARKERS (sizeof boiler_markers / sizeof boiler_markers[0])
#define MARKER_SLOTS 1024
static uint8_t marker_first[MARKER_SLOTS]; /* 1 + first marker of the slot, 0: none */
static uint8_t marker_next[NMARKERS];      /* 1 + next marker of the same slot */
static size_t marker_len[NMARKERS];
static pthread_once_t marker_once = PTHREAD_ONCE_INIT;

static unsigned marker_slot(const unsigned char *p)
{
    return ((unsigned)p[0] * 961u + (unsigned)p[1] * 31u + p[2]) & (MARKER_SLOTS - 1);
}

static void marker_init(void)
{
    for (size_t i = NMARKERS; i-- > 0;) {
        unsigned k = marker_slot((const unsigned char *)boiler_markers[i]);
        marker_next[i] = marker_first[k];
        marker_first[k] = (uint8_t)(i + 1);
        marker_len[i] = strlen(boiler_markers[i]);
    }
}

static bool has_marker(const char *line, size_t len)
{
    pthread_once(&marker_once, marker_init);
    for (size_t at = 0; at + 2 < len; at++) {
        for (unsigned m = marker_first[marker_slot((const unsigned char *)line + at)]; m;
             m = marker_next[m - 1])
            if (marker_len[m - 1] <= len - at &&
                memcmp(line + at, boiler_markers[m - 1], marker_len[m - 1]) == 0)
                return true;
    }
    return false;
}

/* Characters of valid UTF-8 (the normaliser's output always is), counted up to cap + 1:
 * callers only ask whether a line is longer than 100 or a word than 8, and a full
 * decode per word cost a twentieth of fingerprinting. */
static size_t chars_upto(const char *s, size_t len, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n <= cap; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

bool dd_boilerplate_line(const char *line, size_t len, ga_buf_t *source)
{
    if (len == 0)
        return true;
    for (size_t i = 0; i < sizeof boiler_lines / sizeof boiler_lines[0]; i++)
        if (strlen(boiler_lines[i]) == len && memcmp(line, boiler_lines[i], len) == 0)
            return true;
    if ((len > 100 && (len > 400 || chars_upto(line, len, 100) > 100)) || !has_marker(line, len))
        return false;
    if (source)
        extract_source(line, len, source);
    return true;
}

/* ---- dates ---- */

static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

static const char *read_num(const char *s, unsigned maxdig, unsigned *v)
{
    unsigned n = 0, d = 0;
    while (d < maxdig && s[d] >= '0' && s[d] <= '9')
        n = n * 10 + (unsigned)(s[d++] - '0');
    if (d == 0)
        return NULL;
    *v = n;
    return s + d;
}

/* Separator after a date part: one of - / . or the given CJK unit. */
static const char *read_sep(const char *s, const char *unit)
{
    if (*s == '-' || *s == '/' || *s == '.')
        return s + 1;
    size_t ul = strlen(unit);
    if (strncmp(s, unit, ul) == 0)
        return s + ul;
    return NULL;
}

int32_t dd_parse_day(const char *s)
{
    if (!s)
        return DD_DAY_UNKNOWN;
    while (*s == ' ')
        s++;
    unsigned y, m, d;
    const char *p = read_num(s, 4, &y);
    if (!p || p - s != 4 || !(p = read_sep(p, "年")) || !(p = read_num(p, 2, &m)) ||
        !(p = read_sep(p, "月")) || !(p = read_num(p, 2, &d)))
        return DD_DAY_UNKNOWN;
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return DD_DAY_UNKNOWN;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return DD_DAY_UNKNOWN;
    return days_from_civil((int)y, m, d);
}

/* ---- similarity ---- */

/* Size of the intersection of two sorted sets, by a full merge. */
static size_t intersection(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0, x = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j])
            i++;
        else if (a[i] > b[j])
            j++;
        else {
            x++;
            i++;
            j++;
        }
    }
    return x;
}

double dd_jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    if (na == 0 && nb == 0)
        return 0.0;
    size_t inter = intersection(a, na, b, nb);
    return (double)inter / (double)(na + nb - inter);
}

/* The decisions of dd_similar_simple() on an intersection of x elements. */
static bool jaccard_ok(const dd_rule_t *r, size_t na, size_t nb, size_t x)
{
    return !((double)x / (double)(na + nb - x) + 1e-9 < r->jaccard);
}

static bool containment_ok(const dd_rule_t *r, size_t mn, size_t x)
{
    return r->containment > 0 && mn >= DD_CONTAIN_MIN &&
           !((double)x / (double)mn + 1e-9 < r->containment);
}

bool dd_similar_simple(const dd_rule_t *r, const uint32_t *a, size_t na, const uint32_t *b,
                       size_t nb, dd_sim_t *s)
{
    size_t x = intersection(a, na, b, nb);
    size_t mn = na < nb ? na : nb;
    s->jaccard = na + nb ? (double)x / (double)(na + nb - x) : 0.0;
    s->containment = mn ? (double)x / (double)mn : 0.0;
    return na + nb && (jaccard_ok(r, na, nb, x) || containment_ok(r, mn, x));
}

/* The least intersection for which jaccard_ok() holds: the estimate from the threshold,
 * stepped to the exact boundary of the same floating-point test. */
static size_t jaccard_need(const dd_rule_t *r, size_t na, size_t nb, size_t mn)
{
    double t = r->jaccard;
    double est = t * (double)(na + nb) / (1.0 + t);
    size_t x = est > 3.0 ? (size_t)est - 3 : 0;
    while (x <= mn && !jaccard_ok(r, na, nb, x))
        x++;
    while (x > 0 && jaccard_ok(r, na, nb, x - 1))
        x--;
    return x;
}

static size_t containment_need(const dd_rule_t *r, size_t mn)
{
    if (!(r->containment > 0) || mn < DD_CONTAIN_MIN)
        return SIZE_MAX;
    double est = r->containment * (double)mn;
    size_t x = est > 3.0 ? (size_t)est - 3 : 0;
    while (x <= mn && !containment_ok(r, mn, x))
        x++;
    while (x > 0 && containment_ok(r, mn, x - 1))
        x--;
    return x;
}

size_t dd_rule_need(const dd_rule_t *r, size_t na, size_t nb)
{
    size_t mn = na < nb ? na : nb;
    size_t need = jaccard_need(r, na, nb, mn), cneed = containment_need(r, mn);
    return cneed < need ? cneed : need;
}

bool dd_similar(const dd_rule_t *r, const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                dd_sim_t *s)
{
    size_t mn = na < nb ? na : nb;
    if (mn == 0)
        return dd_similar_simple(r, a, na, b, nb, s);
    /* The merge stops as soon as the intersection cannot reach the least size either
     * test accepts: most candidate pairs fail after a few dozen steps. */
    size_t need = dd_rule_need(r, na, nb);
    if (need > mn)
        return false;
    size_t i = 0, j = 0, x = 0;
    while (i < na && j < nb) {
        size_t left = na - i < nb - j ? na - i : nb - j;
        if (x + left < need)
            return false;
        uint32_t u = a[i], v = b[j];
        i += u <= v;
        j += v <= u;
        x += u == v;
    }
    if (x < need)
        return false;
    s->jaccard = (double)x / (double)(na + nb - x);
    s->containment = (double)x / (double)mn;
    return true;
}

double dd_minhash_estimate(const uint32_t *a, const uint32_t *b, unsigned k)
{
    unsigned eq = 0;
    for (unsigned i = 0; i < k; i++)
        eq += a[i] == b[i];
    return k ? (double)eq / k : 0.0;
}

/* ---- tokenizing ---- */

typedef struct tok_ctx {
    dd_fp_t *fp;
    const char *text;
    bool oom;
} tok_ctx_t;

static int on_word(size_t start, size_t end, void *user)
{
    tok_ctx_t *t = user;
    dd_fp_t *fp = t->fp;
    if (fp->ntok == fp->tokcap) {
        size_t cap = fp->tokcap ? fp->tokcap * 2 : 1024;
        uint64_t *tok = realloc(fp->tok, cap * sizeof *tok);
        if (tok)
            fp->tok = tok;
        uint8_t *tl = tok ? realloc(fp->toklen, cap) : NULL;
        if (!tok || !tl) {
            t->oom = true;
            return 1;
        }
        fp->toklen = tl;
        fp->tokcap = cap;
    }
    fp->tok[fp->ntok] = ga_hash64(t->text + start, end - start, DD_SEED);
    size_t chars = chars_upto(t->text + start, end - start, 8);
    fp->toklen[fp->ntok] = (uint8_t)(chars > 8 ? 8 : chars);
    fp->ntok++;
    return 0;
}

/* LSD radix sort, 4 passes of 8 bits: a few hundred shingles sort several times faster
 * than with qsort's comparison callback. */
static void radix_sort(uint32_t *v, uint32_t *tmp, size_t n)
{
    uint32_t *src = v, *dst = tmp;
    for (unsigned shift = 0; shift < 32; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((src[i] >> shift) & 0xFF) + 1]++;
        for (unsigned b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    /* after an even number of passes the result is back in v */
}

/* The MinHash signature of a shingle set: (a*x + b) >> 32 computed on 32-bit halves (see
 * dd_params_t), the same values as the 64-bit form, in a loop the compiler vectorises
 * (GCC 12 and later at -O2; the code is the same as with optimize("tree-vectorize"), which
 * GCC's manual keeps for debugging). On x86-64 it is also compiled for AVX2 and AVX-512
 * and the widest the processor runs is picked at load time: this loop was a fifth of the
 * site audit's fingerprinting. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__ELF__)
#define DD_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define DD_VECTOR_CLONES
#endif

DD_VECTOR_CLONES
static void minhash_of(const dd_params_t *p, const uint32_t *sh, size_t n, uint32_t *restrict mh)
{
    for (unsigned i = 0; i < DD_K; i++)
        mh[i] = UINT32_MAX;
    for (size_t s = 0; s < n; s++) {
        uint32_t x = sh[s];
        for (unsigned i = 0; i < DD_K; i++) {
            uint32_t v = (uint32_t)(((uint64_t)p->mh_alo[i] * x + p->mh_blo[i]) >> 32) +
                         p->mh_ahi[i] * x + p->mh_bhi[i];
            mh[i] = v < mh[i] ? v : mh[i];
        }
    }
}

/* SimHash accumulator. lanes[j] holds eight byte counters, the weight summed for bits
 * 8j..8j+7 since the last flush; a byte lane takes 255 / (8 * words per shingle) votes
 * before it is flushed into `set`. */
typedef struct simhash {
    uint64_t lanes[8];
    uint64_t set[64], total;
    unsigned pending, per_flush;
} simhash_t;

/* byte value -> its bit i in byte i */
static uint64_t spread_bits[256];
static pthread_once_t spread_once = PTHREAD_ONCE_INIT;

static void spread_init(void)
{
    for (unsigned v = 0; v < 256; v++)
        for (unsigned i = 0; i < 8; i++)
            if (v >> i & 1)
                spread_bits[v] |= 1ull << (8 * i);
}

static void simhash_start(simhash_t *s, size_t words)
{
    pthread_once(&spread_once, spread_init);
    memset(s, 0, sizeof *s);
    /* a word counts at most 8 characters */
    s->per_flush = (unsigned)(255 / (8 * (words ? words : 1)));
    if (s->per_flush == 0)
        s->per_flush = 1;
}

static void simhash_flush(simhash_t *s)
{
    for (unsigned j = 0; j < 8; j++) {
        for (unsigned b = 0; b < 8; b++)
            s->set[8 * j + b] += (s->lanes[j] >> (8 * b)) & 0xFF;
        s->lanes[j] = 0;
    }
    s->pending = 0;
}

static void simhash_vote(simhash_t *s, uint64_t h, unsigned weight)
{
    for (unsigned j = 0; j < 8; j++)
        s->lanes[j] += spread_bits[(h >> (8 * j)) & 0xFF] * weight;
    s->total += weight;
    if (++s->pending == s->per_flush)
        simhash_flush(s);
}

static uint64_t simhash_end(simhash_t *s)
{
    simhash_flush(s);
    uint64_t sim = 0;
    for (unsigned bit = 0; bit < 64; bit++)
        if (2 * s->set[bit] > s->total)
            sim |= 1ull << bit;
    return sim;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

ga_status_t dd_fingerprint(const dd_params_t *p, const char *text, size_t len, dd_fp_t *fp,
                           ga_error_t **err)
{
    if (len && !text)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL text with a non-zero length");
    ga_status_t st = ga_normalize(p->norm, len ? text : "", len, fp->normres, err);
    if (st)
        return st;
    size_t nlen;
    const char *n = ga_normalized_text(fp->normres, &nlen);

    /* Body without boilerplate lines, one line per line; the flat copy has no white space
     * at all so that re-wrapped copies hash the same. */
    fp->body.len = fp->flat.len = fp->source.len = 0;
    /* Every kept line gets a '\n', the last one too when the text does not end in one. */
    if (!ga_buf_reserve(&fp->body, nlen + 1) || !ga_buf_reserve(&fp->flat, nlen) ||
        !ga_buf_reserve(&fp->source, 0))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    fp->source.data[0] = '\0';
    size_t pos = 0;
    while (pos < nlen) {
        size_t eol = pos;
        while (eol < nlen && n[eol] != '\n' && n[eol] != '\r')
            eol++;
        size_t a = pos, b = eol;
        while (a < b && is_space((unsigned char)n[a]))
            a++;
        while (b > a && is_space((unsigned char)n[b - 1]))
            b--;
        if (!dd_boilerplate_line(n + a, b - a, &fp->source)) {
            memcpy(fp->body.data + fp->body.len, n + a, b - a);
            fp->body.len += b - a;
            fp->body.data[fp->body.len++] = '\n';
            for (size_t i = a; i < b; i++)
                if (!is_space((unsigned char)n[i]))
                    fp->flat.data[fp->flat.len++] = n[i];
        }
        pos = eol + 1;
    }
    fp->body.data[fp->body.len] = '\0';
    fp->exact = fp->flat.len ? ga_hash64(fp->flat.data, fp->flat.len, DD_SEED) | 1 : 0;

    /* Words */
    fp->ntok = 0;
    tok_ctx_t tc = {fp, fp->body.data, false};
    st = p->tokenize(p->tok_ctx, fp->body.data, fp->body.len, on_word, &tc, err);
    if (st)
        return st;
    if (tc.oom)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");

    /* Shingles of k consecutive words; a text shorter than k words is one shingle. */
    size_t k = p->k, nsh = fp->ntok == 0 ? 0 : fp->ntok < k ? 1 : fp->ntok - k + 1;
    if (nsh > fp->shcap) {
        uint32_t *sh = realloc(fp->shingles, nsh * sizeof *sh);
        if (!sh)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        fp->shingles = sh;
        fp->shcap = nsh;
    }
    /* SimHash: every occurrence votes on each bit with the shingle's length in characters
     * (+weight when the bit is set, -weight when not), so frequent and long shingles weigh
     * more than particles and numbers. A bit ends set when its votes sum above 0, that is
     * when twice the weight of the shingles setting it exceeds the total weight; those
     * weights are summed eight bits at a time in byte lanes (see simhash_t). */
    simhash_t sh;
    simhash_start(&sh, k);
    for (size_t i = 0; i < nsh; i++) {
        size_t w = fp->ntok < k ? fp->ntok : k;
        uint64_t h = 0x243f6a8885a308d3ull;
        unsigned weight = 0;
        for (size_t j = 0; j < w; j++) {
            h = mix64(h ^ fp->tok[i + j]) + j;
            weight += fp->toklen[i + j];
        }
        simhash_vote(&sh, h, weight);
        fp->shingles[i] = (uint32_t)(h >> 32);
    }
    uint64_t sim = simhash_end(&sh);
    fp->simhash = nsh ? sim : 0;

    if (nsh > fp->tmpcap) {
        uint32_t *t = realloc(fp->shtmp, nsh * sizeof *t);
        if (!t)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        fp->shtmp = t;
        fp->tmpcap = nsh;
    }
    radix_sort(fp->shingles, fp->shtmp, nsh);
    size_t u = 0;
    for (size_t i = 0; i < nsh; i++)
        if (u == 0 || fp->shingles[u - 1] != fp->shingles[i])
            fp->shingles[u++] = fp->shingles[i];
    fp->nshingles = u;

    /* MinHash with the multiply-add-shift family; the band keys hash r rows each. */
    uint32_t *mh = fp->minhash;
    minhash_of(p, fp->shingles, u, mh);
    for (unsigned bnd = 0; bnd < p->bands; bnd++)
        fp->bandkey[bnd] =
            (uint32_t)ga_hash64(mh + bnd * p->rows, p->rows * sizeof *mh, bnd + DD_SEED);
    return GA_OK;
}

/* ---- relations ---- */

static const char *host_of(const char *url, size_t *len)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p) {
        *len = 0;
        return NULL;
    }
    p += 3;
    size_t n = strcspn(p, "/:?#");
    *len = n;
    return n ? p : NULL;
}

/* Site identity: the site name, else the URL host. */
bool dd_same_site(const dd_meta_t *a, const dd_meta_t *b)
{
    if (a->site[0] && b->site[0])
        return strcmp(a->site, b->site) == 0;
    size_t la, lb;
    const char *ha = host_of(a->url, &la), *hb = host_of(b->url, &lb);
    return ha && hb && la == lb && strncasecmp(ha, hb, la) == 0;
}

static bool contains(const char *hay, const char *needle)
{
    return hay[0] && needle[0] && strstr(hay, needle) != NULL;
}

/* Does the later copy's 来源 name the earlier copy's site, host or its own source? */
static bool names(const dd_meta_t *later, const dd_meta_t *earlier)
{
    const char *s = later->source;
    if (!s[0])
        return false;
    if (contains(s, earlier->site) || contains(earlier->site, s))
        return true;
    if (contains(s, earlier->source) || contains(earlier->source, s))
        return true;
    size_t hl;
    const char *h = host_of(earlier->url, &hl);
    return h && hl && memmem(s, strlen(s), h, hl) != NULL;
}

ga_dedup_relation_t dd_relate(const dd_meta_t *a, const dd_meta_t *b, unsigned window_days)
{
    if (dd_same_site(a, b)) {
        if (strcmp(a->column, b->column) != 0)
            return GA_DEDUP_REL_OTHER_COLUMN;
        /* An unknown date cannot prove the copies far apart: count it as a repeat. */
        if (a->day == DD_DAY_UNKNOWN || b->day == DD_DAY_UNKNOWN)
            return GA_DEDUP_REL_REPEATED;
        int64_t d = (int64_t)b->day - a->day;
        if (d < 0)
            d = -d;
        return d <= (int64_t)window_days ? GA_DEDUP_REL_REPEATED : GA_DEDUP_REL_SAME_COLUMN_LATER;
    }
    return names(b, a) ? GA_DEDUP_REL_ATTRIBUTED : GA_DEDUP_REL_UNATTRIBUTED;
}
