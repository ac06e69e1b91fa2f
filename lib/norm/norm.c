/*
 * Normalisation with an exact offset map.
 *
 * The input is cut into NFKC chunks: a chunk starts at every code point that has a
 * normalisation boundary before it, so normalising chunk by chunk gives the same text as
 * normalising the whole and every output code point belongs to exactly one input chunk.
 * Each output byte records the input byte span of its chunk; a span of output maps back
 * to [start of its first byte's chunk, end of its last byte's chunk).
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/core-internal.h"
#include "norm-internal.h"

#define ALL_FLAGS                                                                   \
    (GA_NORM_NFKC | GA_NORM_WIDTH | GA_NORM_CASEFOLD | GA_NORM_T2S | GA_NORM_DROP_NOISE | \
     GA_NORM_REPLACE_INVALID)

/* The offset map stores uint32 positions. */
#define MAX_INPUT ((size_t)INT32_MAX)

struct ga_normalizer {
    unsigned flags;
    const UNormalizer2 *nfkc;
    int32_t *noise; /* sorted */
    size_t n_noise;
    bool ascii_copies[128]; /* ASCII characters every step leaves alone */
    uint8_t bmp_copies[0x10000 / 8]; /* bit per BMP character every step leaves alone and
                                        that never interacts with its neighbours */
};

struct ga_normalized {
    ga_buf_t out;
    uint32_t *src_start, *src_end;
    size_t map_cap;
    size_t input_len;
    UChar *u16; /* scratch for chunks that need ICU */
    size_t u16_cap;
    UChar *u16_out;
    size_t u16_out_cap;
};

/* ---- traditional → simplified ---- */

#include "t2s-table.h" /* t2s_table: sorted {traditional, simplified} pairs; t2s_bmp_bits */

#define T2S_COUNT (sizeof t2s_table / sizeof t2s_table[0])

int32_t ga_t2s_char(int32_t c)
{
    if (c < (int32_t)t2s_table[0][0] || c > (int32_t)t2s_table[T2S_COUNT - 1][0])
        return c;
    if (c < 0x10000 && !(t2s_bmp_bits[c >> 3] & (1u << (c & 7))))
        return c;
    size_t lo = 0, hi = T2S_COUNT;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t2s_table[mid][0] < (uint32_t)c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < T2S_COUNT && t2s_table[lo][0] == (uint32_t)c ? (int32_t)t2s_table[lo][1] : c;
}

/* ---- character classes ---- */

/* Invisible characters used to split words: always dropped with GA_NORM_DROP_NOISE. */
static bool is_invisible(int32_t c)
{
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
           c == 0x00AD || c == 0x180E || c == 0x034F;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static bool is_noise(const ga_normalizer_t *n, int32_t c)
{
    size_t lo = 0, hi = n->n_noise;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (n->noise[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n->n_noise && n->noise[lo] == c;
}

/* Full-width ASCII variants and the ideographic space, for GA_NORM_WIDTH without NFKC. */
static int32_t narrow(int32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFF01 + 0x21;
    if (c == 0x3000)
        return 0x20;
    return c;
}

/* ---- normaliser ---- */

static int32_t map_char(const ga_normalizer_t *n, int32_t c);
static bool trivially_inert(int32_t c);
static bool noise_char(const ga_normalizer_t *n, int32_t c);

ga_status_t ga_normalizer_new(const ga_norm_options_t *options, ga_normalizer_t **out,
                              ga_error_t **err)
{
    if (!out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "normalizer: NULL output pointer");
    *out = NULL;
    ga_norm_options_t o = {sizeof o, GA_NORM_DEFAULT, NULL, 0};
    ga_status_t read = ga_options_read(&o, sizeof o, options, sizeof o, "ga_norm_options_t", err);
    if (read != GA_OK)
        return read;
    if (o.flags & ~(unsigned)ALL_FLAGS)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "normalizer: unknown flag bits 0x%x",
                            o.flags & ~(unsigned)ALL_FLAGS);
    const char *noise = o.noise ? o.noise : GA_NORM_DEFAULT_NOISE;
    size_t noise_len = o.noise ? o.noise_len : strlen(GA_NORM_DEFAULT_NOISE);
    size_t bad;
    if (ga_utf8_validate(noise, noise_len, &bad) != GA_OK)
        return ga_error_set_offset(err, GA_ERR_INVALID_ARGUMENT, bad,
                                   "normalizer: noise set is not valid UTF-8 at byte %zu", bad);

    ga_normalizer_t *n = calloc(1, sizeof *n);
    if (!n)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "normalizer: out of memory");
    n->flags = o.flags;
    UErrorCode st = U_ZERO_ERROR;
    n->nfkc = unorm2_getNFKCInstance(&st);
    if (U_FAILURE(st)) {
        free(n);
        return ga_error_set(err, GA_ERR_DEPENDENCY, "normalizer: ICU NFKC data: %s",
                            u_errorName(st));
    }
    n->noise = malloc((noise_len + 1) * sizeof(int32_t));
    if (!n->noise) {
        free(n);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "normalizer: out of memory");
    }
    size_t pos = 0;
    while (pos < noise_len)
        n->noise[n->n_noise++] = ga_utf8_decode((const unsigned char *)noise, noise_len, &pos);
    qsort(n->noise, n->n_noise, sizeof(int32_t), cmp_i32);
    const bool drop = n->flags & GA_NORM_DROP_NOISE;
    for (int32_t c = 0; c < 128; c++)
        n->ascii_copies[c] = map_char(n, c) == c && !(drop && is_noise(n, c));
    for (int32_t c = 0x80; c < 0x10000; c++) {
        if ((c >= 0xD800 && c <= 0xDFFF) || map_char(n, c) != c ||
            (drop && (is_noise(n, c) || is_invisible(c) || noise_char(n, c))))
            continue;
        if ((n->flags & GA_NORM_NFKC) && !trivially_inert(c) && !unorm2_isInert(n->nfkc, c))
            continue;
        n->bmp_copies[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
    *out = n;
    return GA_OK;
}

unsigned ga_normalizer_flags(const ga_normalizer_t *norm) { return norm ? norm->flags : 0; }

void ga_normalizer_free(ga_normalizer_t *norm)
{
    if (!norm)
        return;
    free(norm->noise);
    free(norm);
}

ga_normalized_t *ga_normalized_new(void) { return calloc(1, sizeof(ga_normalized_t)); }

void ga_normalized_free(ga_normalized_t *res)
{
    if (!res)
        return;
    ga_buf_free(&res->out);
    free(res->src_start);
    free(res->src_end);
    free(res->u16);
    free(res->u16_out);
    free(res);
}

/* Room for `n` more output bytes in the text and the map. */
static bool reserve(ga_normalized_t *r, size_t n)
{
    if (!ga_buf_reserve(&r->out, n))
        return false;
    if (r->out.len + n > r->map_cap) {
        size_t cap = r->map_cap ? r->map_cap * 2 : 256;
        while (cap < r->out.len + n)
            cap *= 2;
        uint32_t *a = realloc(r->src_start, cap * sizeof *a);
        if (!a)
            return false;
        r->src_start = a;
        uint32_t *b = realloc(r->src_end, cap * sizeof *b);
        if (!b)
            return false;
        r->src_end = b;
        r->map_cap = cap;
    }
    return true;
}

/* Append one code point's bytes, each mapped to the input span [s, e). */
static bool emit(ga_normalized_t *r, int32_t c, uint32_t s, uint32_t e)
{
    char tmp[4];
    size_t n = ga_utf8_encode((uint32_t)c, tmp);
    if (!reserve(r, n))
        return false;
    for (size_t k = 0; k < n; k++) {
        r->src_start[r->out.len + k] = s;
        r->src_end[r->out.len + k] = e;
    }
    return ga_buf_append(&r->out, tmp, n);
}

/* Per-code-point steps after NFKC: width, traditional→simplified, case folding. */
static int32_t map_char(const ga_normalizer_t *n, int32_t c)
{
    if ((n->flags & GA_NORM_WIDTH) && !(n->flags & GA_NORM_NFKC))
        c = narrow(c);
    if (n->flags & GA_NORM_T2S)
        c = ga_t2s_char(c);
    if ((n->flags & GA_NORM_CASEFOLD) && c >= 'A') {
        if (c <= 'Z')
            c += 'a' - 'A';
        else if (c >= 0x80)
            c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
    }
    return c;
}

/* A code point NFKC leaves alone and never combines across: the common fast path. */
static bool trivially_inert(int32_t c)
{
    return c < 0x80 || (c >= 0x4E00 && c <= 0x9FFF);
}

static bool boundary_before(const ga_normalizer_t *n, int32_t c)
{
    return trivially_inert(c) || unorm2_hasBoundaryBefore(n->nfkc, c);
}

static bool u16_reserve(UChar **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    UChar *p = realloc(*buf, c * sizeof(UChar));
    if (!p)
        return false;
    *buf = p;
    *cap = c;
    return true;
}

/* Noise test on the raw character and on what width/NFKC make of it (＊ is noise too). */
static bool noise_char(const ga_normalizer_t *n, int32_t c)
{
    if (c < 0)
        return false;
    if (is_noise(n, c))
        return true;
    int32_t m = narrow(c);
    return m != c && is_noise(n, m);
}

/*
 * Copy the run of characters at s[*pos] that no step changes (most ASCII, most Han), with
 * their map entries, without decoding them through the general path. Stops before the
 * first other character; when that one combines with the run's last character (no
 * normalisation boundary before it), the last character is left to the general path too.
 */
static void copy_run(const ga_normalizer_t *n, ga_normalized_t *r, const unsigned char *s,
                     size_t len, size_t *pos, int32_t *last)
{
    size_t i = *pos, prev = i, o = r->out.len;
    int32_t c = *last, before_prev = *last; /* the run's last code point and the one before */
    while (i < len) {
        unsigned b = s[i];
        if (b < 0x80) {
            if (!n->ascii_copies[b])
                break;
            r->src_start[o] = (uint32_t)i;
            r->src_end[o] = (uint32_t)i + 1;
            r->out.data[o++] = (char)b;
            prev = i++;
            before_prev = c;
            c = (int32_t)b;
            continue;
        }
        if (b < 0xC2 || b > 0xEF || i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
            break;
        int32_t h;
        int w;
        if (b < 0xE0) {
            h = (int32_t)(((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu));
            w = 2;
        } else {
            if (i + 2 >= len || (s[i + 2] & 0xC0) != 0x80)
                break;
            h = (int32_t)(((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu));
            w = 3;
            if (h < 0x800 || (h >= 0xD800 && h <= 0xDFFF))
                break; /* overlong or surrogate: the general path reports it */
        }
        if (!(n->bmp_copies[h >> 3] & (1u << (h & 7))))
            break;
        for (int k = 0; k < w; k++) {
            r->src_start[o + k] = (uint32_t)i;
            r->src_end[o + k] = (uint32_t)i + (uint32_t)w;
            r->out.data[o + k] = (char)s[i + k];
        }
        o += (size_t)w;
        prev = i;
        i += (size_t)w;
        before_prev = c;
        c = h;
    }
    if (i < len && i > *pos && (n->flags & GA_NORM_NFKC) && s[i] >= 0x80) {
        size_t p = i;
        int32_t d = ga_utf8_decode(s, len, &p);
        if (d >= 0 && !boundary_before(n, d)) {
            o -= i - prev;
            i = prev;
            c = before_prev;
        }
    }
    if (i == *pos)
        return;
    r->out.len = o;
    r->out.data[o] = '\0';
    *last = c;
    *pos = i;
}

ga_status_t ga_normalize(const ga_normalizer_t *n, const char *text, size_t len,
                         ga_normalized_t *r, ga_error_t **err)
{
    if (!n || !r || (!text && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "normalize: NULL argument");
    if (len >= MAX_INPUT)
        return ga_error_set(err, GA_ERR_LIMIT, "normalize: input of %zu bytes exceeds the %zu limit",
                            len, MAX_INPUT);
    r->out.len = 0;
    r->input_len = len;
    if (!ga_buf_reserve(&r->out, len))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "normalize: out of memory");
    r->out.data[0] = '\0';

    const unsigned char *s = (const unsigned char *)text;
    const bool nfkc = n->flags & GA_NORM_NFKC;
    const bool drop = n->flags & GA_NORM_DROP_NOISE;
    const bool replace = n->flags & GA_NORM_REPLACE_INVALID;
    int32_t last = -1; /* last code point emitted */
    size_t i = 0;
    while (i < len) {
        if (len - i > 1) {
            if (!reserve(r, len - i))
                goto oom;
            copy_run(n, r, s, len, &i, &last);
            if (i >= len)
                break;
        }
        size_t start = i;
        int32_t c = ga_utf8_decode(s, len, &i);
        if (c < 0) {
            if (!replace)
                return ga_error_set_offset(err, GA_ERR_INVALID_UTF8, start,
                                           "normalize: invalid UTF-8 at byte %zu", start);
            c = 0xFFFD;
            if (!emit(r, c, (uint32_t)start, (uint32_t)i))
                goto oom;
            last = c;
            continue;
        }
        if (drop && is_invisible(c))
            continue;
        if (drop && ga_is_han(last) && noise_char(n, c)) {
            /* A run of noise and invisible characters: dropped when a Han character follows. */
            size_t j = i, after = i;
            int32_t next = -1;
            while (j < len) {
                after = j;
                next = ga_utf8_decode(s, len, &j);
                if (!(noise_char(n, next) || (next >= 0 && is_invisible(next))))
                    break;
                next = -1;
            }
            if (ga_is_han(next) || ga_is_han(ga_t2s_char(next))) {
                i = after;
                continue;
            }
        }
        /* Extend the chunk over code points that combine with it. */
        size_t end = i;
        if (nfkc) {
            while (end < len) {
                size_t p = end;
                int32_t d = ga_utf8_decode(s, len, &p);
                if (d < 0 || boundary_before(n, d))
                    break;
                end = p;
            }
        }
        if (!nfkc || (end == i && (trivially_inert(c) || unorm2_isInert(n->nfkc, c)))) {
            c = map_char(n, c);
            if (!emit(r, c, (uint32_t)start, (uint32_t)i))
                goto oom;
            last = c;
            i = end;
            continue;
        }
        /* General case: normalise the chunk through UTF-16 with ICU. */
        if (!u16_reserve(&r->u16, &r->u16_cap, (end - start) + 2))
            goto oom;
        int32_t ulen = 0;
        UErrorCode st = U_ZERO_ERROR;
        u_strFromUTF8(r->u16, (int32_t)r->u16_cap, &ulen, (const char *)s + start,
                      (int32_t)(end - start), &st);
        if (U_FAILURE(st))
            return ga_error_set(err, GA_ERR_DEPENDENCY, "normalize: ICU: %s", u_errorName(st));
        /* NFKC can expand a character up to 18 times (U+FDFA); start there, retry if short. */
        size_t want = (size_t)ulen * 18 + 8;
        int32_t olen;
        for (;;) {
            if (!u16_reserve(&r->u16_out, &r->u16_out_cap, want))
                goto oom;
            st = U_ZERO_ERROR;
            olen = unorm2_normalize(n->nfkc, r->u16, ulen, r->u16_out, (int32_t)r->u16_out_cap, &st);
            if (st == U_BUFFER_OVERFLOW_ERROR) {
                want = (size_t)olen + 1;
                continue;
            }
            if (U_FAILURE(st))
                return ga_error_set(err, GA_ERR_DEPENDENCY, "normalize: ICU: %s", u_errorName(st));
            break;
        }
        for (int32_t k = 0; k < olen;) {
            UChar32 oc;
            U16_NEXT(r->u16_out, k, olen, oc);
            if (drop && is_invisible(oc))
                continue;
            oc = map_char(n, oc);
            if (!emit(r, oc, (uint32_t)start, (uint32_t)end))
                goto oom;
            last = oc;
        }
        i = end;
    }
    return GA_OK;
oom:
    return ga_error_set(err, GA_ERR_NO_MEMORY, "normalize: out of memory");
}

const char *ga_normalized_text(const ga_normalized_t *res, size_t *len)
{
    if (!res) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = res->out.len;
    return res->out.data ? res->out.data : "";
}

ga_status_t ga_normalized_source_span(const ga_normalized_t *res, size_t start, size_t end,
                                      size_t *src_start, size_t *src_end)
{
    if (!res || !src_start || !src_end || start > end || end > res->out.len)
        return GA_ERR_INVALID_ARGUMENT;
    if (start == end) {
        size_t at = start < res->out.len ? res->src_start[start] : res->input_len;
        *src_start = *src_end = at;
        return GA_OK;
    }
    *src_start = res->src_start[start];
    *src_end = res->src_end[end - 1];
    return GA_OK;
}

const uint32_t *ga_normalized_src_starts(const ga_normalized_t *res) { return res->src_start; }
const uint32_t *ga_normalized_src_ends(const ga_normalized_t *res) { return res->src_end; }
