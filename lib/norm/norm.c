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
    bool reference; /* the simple path only: ICU for every chunk, nothing precomputed */
    const UNormalizer2 *nfkc;
    int32_t *noise; /* sorted */
    size_t n_noise;
    bool ascii_copies[128]; /* ASCII characters every step leaves alone */
    uint8_t bmp_copies[0x10000 / 8]; /* bit per BMP character every step leaves alone and
                                        that never interacts with its neighbours */
    /* What a chunk of one BMP character becomes: a code point, or FOLD_SEQ | offset << 8 |
     * count for a sequence in fold_seq. Full-width punctuation, traditional characters and
     * capitals are common in Chinese text; folding them once here keeps ICU off the hot
     * path, which then serves only chunks of several code points (combining marks) and
     * characters beyond the BMP. */
    uint32_t *fold;
    uint8_t noise_bits[0x10000 / 8];   /* BMP characters noise_char() accepts */
    uint8_t no_boundary[0x10000 / 8];  /* BMP characters with no NFKC boundary before */
    int32_t *fold_seq;
    size_t n_fold_seq, fold_seq_cap;
};

#define FOLD_SEQ 0x80000000u

/* The offset map, kept as pieces of output in order: an identity piece is a run of input
 * copied unchanged (each output byte maps to its own character's input span), a chunk
 * piece is the output of one chunk (every byte maps to the chunk's whole span). Text that
 * normalisation leaves alone costs one piece per run instead of two words per byte; only
 * the spans asked for are worked out. */
typedef struct norm_piece {
    uint32_t out;      /* first output byte */
    uint32_t src, end; /* input span */
    uint32_t identity;
} norm_piece_t;

struct ga_normalized {
    ga_buf_t out;
    norm_piece_t *pieces;
    size_t npieces, pieces_cap;
    /* With a reference normaliser, the simple map instead: for output byte i, the input
     * span [ref_start[i], ref_end[i]). */
    bool by_byte;
    uint32_t *ref_start, *ref_end;
    size_t ref_cap;
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
static bool build_fold(ga_normalizer_t *n);

static ga_status_t normalizer_new(const ga_norm_options_t *options, bool reference,
                                  ga_normalizer_t **out, ga_error_t **err)
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
    n->reference = reference;
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
    if (!reference && !build_fold(n)) {
        ga_normalizer_free(n);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "normalizer: out of memory");
    }
    *out = n;
    return GA_OK;
}

ga_status_t ga_normalizer_new(const ga_norm_options_t *options, ga_normalizer_t **out,
                              ga_error_t **err)
{
    return normalizer_new(options, false, out, err);
}

ga_status_t ga_normalizer_new_reference(const ga_norm_options_t *options, ga_normalizer_t **out,
                                        ga_error_t **err)
{
    return normalizer_new(options, true, out, err);
}

unsigned ga_normalizer_flags(const ga_normalizer_t *norm) { return norm ? norm->flags : 0; }

void ga_normalizer_free(ga_normalizer_t *norm)
{
    if (!norm)
        return;
    free(norm->noise);
    free(norm->fold);
    free(norm->fold_seq);
    free(norm);
}

ga_normalized_t *ga_normalized_new(void) { return calloc(1, sizeof(ga_normalized_t)); }

void ga_normalized_free(ga_normalized_t *res)
{
    if (!res)
        return;
    ga_buf_free(&res->out);
    free(res->pieces);
    free(res->ref_start);
    free(res->ref_end);
    free(res->u16);
    free(res->u16_out);
    free(res);
}

/* Record that the output from `out` on comes from input [s, e), copied unchanged or
 * (identity false) as one chunk. Continues the last piece when it can. */
static inline bool map_piece(ga_normalized_t *r, size_t out, uint32_t s, uint32_t e,
                             bool identity)
{
    if (r->npieces) {
        norm_piece_t *l = &r->pieces[r->npieces - 1];
        if (identity && l->identity && l->end == s) {
            l->end = e;
            return true;
        }
        if (!identity && !l->identity && l->src == s && l->end == e)
            return true; /* more output of the same chunk */
    }
    if (r->npieces == r->pieces_cap &&
        !ga_grow((void **)&r->pieces, &r->pieces_cap, r->npieces + 1, sizeof *r->pieces))
        return false;
    r->pieces[r->npieces++] = (norm_piece_t){(uint32_t)out, s, e, identity};
    return true;
}

/* Append one code point's bytes, each mapped to the input span [s, e). The text is
 * NUL-terminated when ga_normalize returns. */
static inline bool emit(ga_normalized_t *r, int32_t c, uint32_t s, uint32_t e, bool identity)
{
    if (r->out.len + 5 > r->out.cap && !ga_buf_reserve(&r->out, 4))
        return false;
    if (r->by_byte) {
        if (r->out.len + 4 > r->ref_cap) {
            size_t cap = r->ref_cap ? r->ref_cap : 256;
            while (cap < r->out.len + 4)
                cap *= 2;
            uint32_t *a = realloc(r->ref_start, cap * sizeof *a);
            if (!a)
                return false;
            r->ref_start = a;
            uint32_t *b = realloc(r->ref_end, cap * sizeof *b);
            if (!b)
                return false;
            r->ref_end = b;
            r->ref_cap = cap;
        }
        for (size_t k = 0; k < 4; k++) {
            r->ref_start[r->out.len + k] = s;
            r->ref_end[r->out.len + k] = e;
        }
    }
    if (!map_piece(r, r->out.len, s, e, identity))
        return false;
    r->out.len += ga_utf8_encode((uint32_t)c, r->out.data + r->out.len);
    return true;
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
    if (c < 0x10000 && n->fold)
        return !(n->no_boundary[c >> 3] & (1u << (c & 7)));
    return unorm2_hasBoundaryBefore(n->nfkc, c);
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
    if (c < 0x10000 && n->fold)
        return n->noise_bits[c >> 3] & (1u << (c & 7));
    if (is_noise(n, c))
        return true;
    int32_t m = narrow(c);
    return m != c && is_noise(n, m);
}

/* The code point whose encoding starts at s[i] (the text there is known well-formed). */
static int32_t decode_at(const unsigned char *s, size_t len, size_t i)
{
    return ga_utf8_decode(s, len, &i);
}

/*
 * Copy the run of characters at s[*pos] that no step changes (most ASCII, most Han) as one
 * identity piece, without decoding them through the general path. Stops before the first
 * other character; when that one combines with the run's last character (no
 * normalisation boundary before it), the last character is left to the general path too.
 * False when out of memory.
 */
static bool copy_run(const ga_normalizer_t *n, ga_normalized_t *r, const unsigned char *s,
                     size_t len, size_t *pos, int32_t *last)
{
    size_t i = *pos, prev = i; /* prev: start of the run's last character */
    for (;;) {
        /* Three-byte characters (Chinese) in a tight loop: lead bytes E1..EC are never
         * overlong and never start a surrogate. */
        while (i + 2 < len) {
            unsigned b = s[i];
            if (b - 0xE1u > 0xEC - 0xE1 || ((s[i + 1] ^ 0x80u) | (s[i + 2] ^ 0x80u)) >= 0x40u)
                break;
            unsigned h = ((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
            if (!(n->bmp_copies[h >> 3] & (1u << (h & 7))))
                goto done;
            prev = i;
            i += 3;
        }
        if (i >= len)
            break;
        unsigned b = s[i];
        size_t w;
        if (b < 0x80) {
            if (!n->ascii_copies[b])
                break;
            w = 1;
        } else {
            if (b < 0xC2 || b > 0xEF || i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
                break;
            int32_t h;
            if (b < 0xE0) {
                h = (int32_t)(((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu));
                w = 2;
            } else {
                if (i + 2 >= len || (s[i + 2] & 0xC0) != 0x80)
                    break;
                h = (int32_t)(((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) |
                              (s[i + 2] & 0x3Fu));
                w = 3;
                if (h < 0x800 || (h >= 0xD800 && h <= 0xDFFF))
                    break; /* overlong or surrogate: the general path reports it */
            }
            if (!(n->bmp_copies[h >> 3] & (1u << (h & 7))))
                break;
        }
        prev = i;
        i += w;
    }
done:
    if (i < len && i > *pos && (n->flags & GA_NORM_NFKC) && s[i] >= 0x80) {
        size_t p = i;
        int32_t d = ga_utf8_decode(s, len, &p);
        if (d >= 0 && !boundary_before(n, d))
            i = prev;
    }
    if (i == *pos)
        return true;
    if (!map_piece(r, r->out.len, (uint32_t)*pos, (uint32_t)i, true) ||
        !ga_buf_append(&r->out, (const char *)s + *pos, i - *pos))
        return false;
    /* the run's last character, found back from its end */
    size_t at = i - 1;
    while ((s[at] & 0xC0) == 0x80)
        at--;
    *last = decode_at(s, len, at);
    *pos = i;
    return true;
}

/* Fill the fold table: the general path's result for a chunk of one character, worked
 * out once (NFKC through ICU, invisible characters dropped, then map_char). */
static bool build_fold(ga_normalizer_t *n)
{
    for (int32_t c = 0; c < 0x10000; c++) {
        if (noise_char(n, c))
            n->noise_bits[c >> 3] |= (uint8_t)(1u << (c & 7));
        if (!trivially_inert(c) && !(c >= 0xD800 && c <= 0xDFFF) &&
            !unorm2_hasBoundaryBefore(n->nfkc, c))
            n->no_boundary[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
    n->fold = malloc(0x10000 * sizeof *n->fold); /* also says that the bitmaps are ready */
    if (!n->fold)
        return false;
    const bool nfkc = n->flags & GA_NORM_NFKC, drop = n->flags & GA_NORM_DROP_NOISE;
    for (int32_t c = 0; c < 0x10000; c++) {
        if ((c >= 0xD800 && c <= 0xDFFF) || !nfkc || trivially_inert(c) ||
            unorm2_isInert(n->nfkc, c)) {
            n->fold[c] = (uint32_t)map_char(n, c);
            continue;
        }
        UChar in[1] = {(UChar)c}, out[32];
        UErrorCode st = U_ZERO_ERROR;
        int32_t olen = unorm2_normalize(n->nfkc, in, 1, out, 32, &st);
        if (U_FAILURE(st) || olen < 0)
            olen = 0; /* never for one BMP character (at most 18 code units) */
        size_t at = n->n_fold_seq, count = 0;
        for (int32_t k = 0; k < olen;) {
            UChar32 oc;
            U16_NEXT(out, k, olen, oc);
            if (drop && is_invisible(oc))
                continue;
            if (!ga_grow((void **)&n->fold_seq, &n->fold_seq_cap, n->n_fold_seq + 1,
                         sizeof *n->fold_seq))
                return false;
            n->fold_seq[n->n_fold_seq++] = map_char(n, oc);
            count++;
        }
        n->fold[c] = count == 1 ? (uint32_t)n->fold_seq[--n->n_fold_seq]
                                : FOLD_SEQ | (uint32_t)at << 8 | (uint32_t)count;
    }
    return true;
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
    r->npieces = 0;
    r->by_byte = n->reference;
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
        if (len - i > 1 && !n->reference) {
            if (!copy_run(n, r, s, len, &i, &last))
                goto oom;
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
            if (!emit(r, c, (uint32_t)start, (uint32_t)i, false))
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
        if (end == i && c < 0x10000 && n->fold) {
            uint32_t f = n->fold[c];
            if (!(f & FOLD_SEQ)) {
                if (!emit(r, (int32_t)f, (uint32_t)start, (uint32_t)i, f == (uint32_t)c))
                    goto oom;
                last = (int32_t)f;
                continue;
            }
            const int32_t *q = n->fold_seq + ((f & ~FOLD_SEQ) >> 8);
            for (uint32_t k = 0; k < (f & 0xFFu); k++)
                if (!emit(r, q[k], (uint32_t)start, (uint32_t)i, false))
                    goto oom;
            if (f & 0xFFu)
                last = q[(f & 0xFFu) - 1];
            continue;
        }
        if (!nfkc || (end == i && (trivially_inert(c) || unorm2_isInert(n->nfkc, c)))) {
            int32_t mc = map_char(n, c);
            if (!emit(r, mc, (uint32_t)start, (uint32_t)i, mc == c))
                goto oom;
            last = mc;
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
            if (!emit(r, oc, (uint32_t)start, (uint32_t)end, false))
                goto oom;
            last = oc;
        }
        i = end;
    }
    r->out.data[r->out.len] = '\0';
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

/* The piece holding output byte o (< the output's length). `*hint` is the piece found
 * last: callers mapping spans in text order find theirs at or just after it. */
static const norm_piece_t *piece_at(const ga_normalized_t *r, size_t o, size_t *hint)
{
    size_t h = *hint < r->npieces ? *hint : 0;
    for (int step = 0; step < 4 && r->pieces[h].out <= o; step++, h++)
        if (h + 1 == r->npieces || r->pieces[h + 1].out > o)
            return &r->pieces[*hint = h];
    size_t lo = 0, hi = r->npieces;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (r->pieces[mid].out <= o)
            lo = mid;
        else
            hi = mid;
    }
    return &r->pieces[*hint = lo];
}

/* Input start of the character output byte o belongs to. */
static size_t src_start_of(const ga_normalized_t *r, size_t o, size_t *hint)
{
    const norm_piece_t *p = piece_at(r, o, hint);
    if (!p->identity)
        return p->src;
    while (o > p->out && ((unsigned char)r->out.data[o] & 0xC0) == 0x80)
        o--;
    return p->src + (o - p->out);
}

/* Input end of the character output byte o belongs to. */
static size_t src_end_of(const ga_normalized_t *r, size_t o, size_t *hint)
{
    const norm_piece_t *p = piece_at(r, o, hint);
    if (!p->identity)
        return p->end;
    size_t piece_end = p->out + (p->end - p->src);
    o++;
    while (o < piece_end && ((unsigned char)r->out.data[o] & 0xC0) == 0x80)
        o++;
    return p->src + (o - p->out);
}

ga_status_t ga_normalized_source_span_hint(const ga_normalized_t *res, size_t start, size_t end,
                                           size_t *hint, size_t *src_start, size_t *src_end)
{
    if (!res || !src_start || !src_end || start > end || end > res->out.len)
        return GA_ERR_INVALID_ARGUMENT;
    if (res->by_byte) {
        if (start == end) {
            *src_start = *src_end = start < res->out.len ? res->ref_start[start] : res->input_len;
            return GA_OK;
        }
        *src_start = res->ref_start[start];
        *src_end = res->ref_end[end - 1];
        return GA_OK;
    }
    if (start == end) {
        size_t at = start < res->out.len ? src_start_of(res, start, hint) : res->input_len;
        *src_start = *src_end = at;
        return GA_OK;
    }
    *src_start = src_start_of(res, start, hint);
    *src_end = src_end_of(res, end - 1, hint);
    return GA_OK;
}

ga_status_t ga_normalized_source_span(const ga_normalized_t *res, size_t start, size_t end,
                                      size_t *src_start, size_t *src_end)
{
    size_t hint = 0;
    return ga_normalized_source_span_hint(res, start, end, &hint, src_start, src_end);
}
