/* Charset of crawled HTML bytes and their conversion to valid UTF-8 (ICU). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "page/page-internal.h"

/* Fewer Chinese characters than this in an undeclared page say too little to skip ICU's
 * detector. */
#define GB2312_MIN_PAIRS 8

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Copy an encoding label (stops at quotes, ';', space, '>') lower-cased into out. */
static bool copy_label(const char *s, const char *end, char out[40])
{
    while (s < end && (is_space(*s) || *s == '"' || *s == '\''))
        s++;
    size_t n = 0;
    while (s < end && n < 39 && !is_space(*s) && *s != '"' && *s != '\'' && *s != ';' &&
           *s != '>' && *s != ',' && *s != '/')
        out[n++] = (char)lower((unsigned char)*s++);
    out[n] = '\0';
    return n > 0;
}

/*
 * Map an encoding label to the ICU converter name to use. Chinese government sites label
 * pages gb2312 or gbk but write characters outside those sets: GB18030 decodes all of them
 * and agrees with both on what they do cover. Latin-1 labels mean windows-1252 in
 * practice (as in browsers). Returns NULL for a label ICU does not know.
 */
static const char *icu_name(const char *label, char buf[64])
{
    static const char *const gb[] = {"gb2312",   "gbk",     "x-gbk",   "gb_2312-80", "cp936",
                                     "windows-936", "euc-cn", "csgb2312", "chinese",
                                     "iso-ir-58", "gb18030", "csgbk",   "ms936",     "gb_2312"};
    for (size_t i = 0; i < sizeof gb / sizeof gb[0]; i++)
        if (strcmp(label, gb[i]) == 0)
            return "GB18030";
    if (!strcmp(label, "utf-8") || !strcmp(label, "utf8") || !strcmp(label, "unicode-1-1-utf-8"))
        return "UTF-8";
    if (!strcmp(label, "iso-8859-1") || !strcmp(label, "latin1") || !strcmp(label, "us-ascii") ||
        !strcmp(label, "ascii") || !strcmp(label, "iso8859-1") || !strcmp(label, "l1"))
        return "windows-1252";
    if (!strcmp(label, "big5") || !strcmp(label, "x-x-big5") || !strcmp(label, "cn-big5") ||
        !strcmp(label, "csbig5"))
        return "Big5-HKSCS";
    UErrorCode st = U_ZERO_ERROR;
    UConverter *c = ucnv_open(label, &st);
    if (U_FAILURE(st) || !c)
        return NULL;
    const char *name = ucnv_getName(c, &st);
    if (U_FAILURE(st)) {
        ucnv_close(c);
        return NULL;
    }
    strncpy(buf, name, 63);
    buf[63] = '\0';
    ucnv_close(c);
    if (strstr(buf, "UTF-8") || strstr(buf, "utf-8"))
        return "UTF-8";
    return buf;
}

/* The charset= parameter of a Content-Type value. */
static bool header_label(const char *ct, char out[40])
{
    if (!ct)
        return false;
    const char *end = ct + strlen(ct);
    for (const char *p = ct; p + 8 <= end; p++) {
        if (lower((unsigned char)p[0]) == 'c' && strncasecmp(p, "charset", 7) == 0) {
            const char *q = p + 7;
            while (q < end && is_space(*q))
                q++;
            if (q < end && *q == '=')
                return copy_label(q + 1, end, out);
        }
    }
    return false;
}

/*
 * The charset the page declares in a <meta charset> or <meta http-equiv content=...> in
 * its first 16 KiB (the HTML prescan, simplified: comments are skipped, attributes are
 * not parsed beyond finding "charset").
 */
static bool meta_label(const char *s, size_t len, char out[40])
{
    size_t n = len < 16384 ? len : 16384;
    const char *end = s + n;
    /* XHTML pages of older CMS templates: <?xml version="1.0" encoding="gb2312"?> */
    if (n > 5 && !memcmp(s, "<?xml", 5)) {
        const char *q = memchr(s, '>', n);
        const char *e = q ? memmem(s, (size_t)(q - s), "encoding", 8) : NULL;
        if (e) {
            e += 8;
            while (e < q && is_space(*e))
                e++;
            if (e < q && *e == '=' && copy_label(e + 1, q, out))
                return true;
        }
    }
    for (const char *p = s; p + 5 < end; p++) {
        if (*p != '<')
            continue;
        if (p + 4 <= end && memcmp(p, "<!--", 4) == 0) {
            const char *c = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
            if (!c)
                return false;
            p = c + 2;
            continue;
        }
        if (strncasecmp(p + 1, "meta", 4) != 0 || !(is_space(p[5]) || p[5] == '/'))
            continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt)
            return false;
        for (const char *q = p + 5; q + 7 <= gt; q++) {
            if (strncasecmp(q, "charset", 7) != 0)
                continue;
            const char *v = q + 7;
            while (v < gt && is_space(*v))
                v++;
            if (v < gt && *v == '=' && copy_label(v + 1, gt, out))
                return true;
        }
        p = gt;
    }
    return false;
}

static bool has_non_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

static void count_errors(const void *context, UConverterToUnicodeArgs *args,
                         const char *units, int32_t length, UConverterCallbackReason reason,
                         UErrorCode *err)
{
    if (reason == UCNV_ILLEGAL || reason == UCNV_UNASSIGNED || reason == UCNV_IRREGULAR)
        ++*(size_t *)context;
    UCNV_TO_U_CALLBACK_SUBSTITUTE(NULL, args, units, length, reason, err);
}

/*
 * Whether `len` bytes decode under `name` with at most one bad sequence per 50 non-ASCII
 * bytes: crawls cut pages mid-character and templates paste in stray bytes, so one bad
 * sequence must not disqualify a charset.
 */
static bool decodes_cleanly(const char *name, const char *s, size_t len)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *c = ucnv_open(name, &st);
    if (U_FAILURE(st))
        return false;
    size_t errors = 0;
    ucnv_setToUCallBack(c, count_errors, &errors, NULL, NULL, &st);
    UChar buf[4096];
    const char *src = s, *end = s + len;
    bool ok = U_SUCCESS(st);
    while (ok && src < end) {
        UChar *t = buf;
        st = U_ZERO_ERROR;
        ucnv_toUnicode(c, &t, buf + 4096, &src, end, NULL, true, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR)
            continue;
        ok = U_SUCCESS(st);
        break;
    }
    ucnv_close(c);
    size_t high = 0;
    for (size_t i = 0; i < len; i++)
        high += (unsigned char)s[i] >= 0x80;
    return ok && high > 0 && errors * 50 <= high;
}

/* Whether text that is not valid UTF-8 is still UTF-8 with some damaged sequences: at
 * most one bad sequence per `per` good multi-byte ones. */
static bool mostly_utf8(const char *s, size_t len, size_t per)
{
    size_t good = 0, bad = 0, i = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (i < len) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        if (ga_utf8_decode(u, len, &i) < 0)
            bad++;
        else
            good++;
    }
    return good > 0 && bad * per <= good;
}

/*
 * Undeclared Chinese pages in GBK without ICU's detector, which costs some 30M
 * instructions a page and takes short GBK text for Big5, EUC-KR or Shift_JIS. Bytes that
 * are valid GB18030 with nearly all double-byte pairs in GB2312's rows (lead 0xA1-0xF7,
 * trail 0xA1-0xFE) are GB18030, unless they read as the two charsets sharing those rows:
 * Japanese text (EUC-JP) is thick with kana, rows 0xA4-0xA5, which Chinese text hardly
 * uses; Korean Hangul (EUC-KR) fills rows 0xB0-0xC8 only, while hanzi, ordered by pinyin,
 * fall past row 0xC8 a third of the time. Big5 puts 40% of its characters and all its
 * punctuation at trail bytes below 0xA1. Anything short or mixed is left to the detector.
 */
static bool plainly_gb2312(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t pairs = 0, gb2312 = 0, kana = 0, past_hangul = 0, i = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        unsigned a = u[i];
        if (a == 0x80 || a == 0xFF)
            return false;
        if (i + 1 >= len)
            break; /* cut mid-character */
        unsigned b = u[i + 1];
        if (b >= 0x30 && b <= 0x39) { /* a four-byte sequence */
            if (i + 3 >= len)
                break;
            if (u[i + 2] < 0x81 || u[i + 2] > 0xFE || u[i + 3] < 0x30 || u[i + 3] > 0x39)
                return false;
            pairs++;
            i += 4;
            continue;
        }
        if (b < 0x40 || b == 0x7F || b == 0xFF)
            return false;
        pairs++;
        if (a >= 0xA1 && a <= 0xF7 && b >= 0xA1) {
            gb2312++;
            if (a == 0xA4 || a == 0xA5)
                kana++;
            else if (a >= 0xC9)
                past_hangul++;
        }
        i += 2;
    }
    return pairs >= GB2312_MIN_PAIRS && gb2312 * 20 >= pairs * 19 && kana * 20 <= gb2312 &&
           past_hangul * 20 >= gb2312 * 3;
}

/* ICU's statistical detector over the first 64 KiB, mapped to a usable converter name. */
static const char *detect(const char *s, size_t len, char buf[64], bool *latin)
{
    UErrorCode st = U_ZERO_ERROR;
    UCharsetDetector *d = ucsdet_open(&st);
    if (U_FAILURE(st))
        return NULL;
    ucsdet_enableInputFilter(d, true); /* look past markup */
    ucsdet_setText(d, s, (int32_t)(len < 65536 ? len : 65536), &st);
    const UCharsetMatch *m = U_SUCCESS(st) ? ucsdet_detect(d, &st) : NULL;
    const char *name = m && U_SUCCESS(st) ? ucsdet_getName(m, &st) : NULL;
    const char *out = NULL;
    if (name && U_SUCCESS(st)) {
        char label[40];
        size_t n = 0;
        for (; name[n] && n < 39; n++)
            label[n] = (char)lower((unsigned char)name[n]);
        label[n] = '\0';
        *latin = !strncmp(label, "iso-8859", 8) || !strncmp(label, "windows-125", 11);
        /* Markup is ASCII: without a BOM a page is never UTF-16/32, whatever the
         * statistics of a short sample say. */
        if (!strncmp(label, "utf-16", 6) || !strncmp(label, "utf-32", 6)) {
            ucsdet_close(d);
            *latin = true;
            return NULL;
        }
        out = icu_name(label, buf); /* a static name or buf: both outlive the detector */
    }
    ucsdet_close(d);
    return out;
}

/* Copy UTF-8, replacing each maximal ill-formed subpart and NUL with U+FFFD. */
static ga_status_t utf8_clean(const char *s, size_t len, bool valid, const char **out,
                              size_t *out_len, bool *borrowed, ga_error_t **err)
{
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        len -= 3;
    }
    size_t bad;
    if ((valid || ga_utf8_validate(s, len, &bad) == GA_OK) && !memchr(s, 0, len)) {
        *out = s; /* clean already: no copy */
        *out_len = len;
        *borrowed = true;
        return GA_OK;
    }
    if (len > (SIZE_MAX - 1) / 3)
        return ga_error_set(err, GA_ERR_LIMIT, "input too large");
    char *p = malloc(len * 3 + 1);
    if (!p)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory decoding %zu bytes", len);
    size_t i = 0, o = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (i < len) {
        if (u[i] - 1u < 0x7Fu) { /* ASCII but NUL: most of a page, copied without decoding */
            p[o++] = s[i++];
            continue;
        }
        size_t start = i;
        int32_t cp = ga_utf8_decode(u, len, &i);
        if (cp <= 0) {
            memcpy(p + o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            while (start < i) /* one to four bytes: a loop, not a memcpy call */
                p[o++] = s[start++];
        }
    }
    p[o] = '\0';
    *out = p;
    *out_len = o;
    return GA_OK;
}

/*
 * GB18030 into UTF-8 with ASCII copied as it is: a portal page in GBK is mostly ASCII
 * markup, scripts and styles, and ICU converts byte by byte through UTF-16. Only runs of
 * 32 or more ASCII bytes are copied, and only where the converter stands between two
 * characters: after an ASCII byte other than a digit. Such a byte is never the first or
 * third byte of a GB18030 sequence, and the digits 0-9 are the only ASCII bytes that can
 * be a sequence's second; a non-digit ASCII byte after a lead byte either ends a two-byte
 * sequence or is read afresh after the lead byte's error. ICU's converter keeps no state
 * between characters, so each non-ASCII stretch converted alone gives what the whole
 * input converted at once gives (tests/unit/test-page.c compares the two).
 */
/* The first byte at or after k that is not ASCII (len when none), eight at a time. */
static int32_t ascii_end(const unsigned char *u, int32_t k, int32_t len)
{
    for (; k + 8 <= len; k += 8) {
        uint64_t w;
        memcpy(&w, u + k, 8);
        if (w & 0x8080808080808080ULL)
            break;
    }
    while (k < len && u[k] < 0x80)
        k++;
    return k;
}

static int32_t gb18030_runs(UConverter *c, char *p, int32_t cap, const char *s, int32_t len,
                            UErrorCode *st)
{
    enum { MIN_RUN = 32 };
    const unsigned char *u = (const unsigned char *)s;
    int32_t i = 0, o = 0; /* i always stands between two characters */
    while (i < len) {
        /* The first run of MIN_RUN ASCII bytes from i that starts between two characters:
         * at i, or after a non-digit ASCII byte. */
        int32_t from = len, end = len;
        for (int32_t q = i; q < len;) {
            while (q < len && u[q] >= 0x80)
                q++;
            int32_t e = ascii_end(u, q, len), a = q;
            if (q != i) {
                while (a < e && u[a] >= '0' && u[a] <= '9')
                    a++;
                a++; /* after the first non-digit (past e when there is none) */
            }
            if (a < e && e - a >= MIN_RUN) {
                from = a;
                end = e;
                break;
            }
            q = e;
        }
        if (from > i) {
            ucnv_reset(c);
            o += ucnv_toAlgorithmic(UCNV_UTF8, c, p + o, cap - o, s + i, from - i, st);
            if (U_FAILURE(*st))
                return o;
        }
        /* The ASCII run, copied: it ends before a non-ASCII byte, between characters. */
        if (end - from > cap - o) {
            *st = U_BUFFER_OVERFLOW_ERROR;
            return o;
        }
        memcpy(p + o, s + from, (size_t)(end - from));
        o += end - from;
        i = end;
    }
    return o;
}

ga_status_t ga_page_convert(const char *name, const char *s, size_t len, bool ascii_runs,
                            const char **out, size_t *out_len, ga_error_t **err)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *c = ucnv_open(name, &st);
    if (U_FAILURE(st))
        return ga_error_set(err, GA_ERR_UNSUPPORTED, "charset %s: %s", name, u_errorName(st));
    if (len > (SIZE_MAX - 16) / 4 || len > INT32_MAX / 4) {
        ucnv_close(c);
        return ga_error_set(err, GA_ERR_LIMIT, "input too large to convert");
    }
    /* Every byte becomes at most 3 UTF-8 bytes for the legacy charsets pages use (a
     * 4-byte GB18030 sequence becomes at most 4); retry on overflow for the rest. */
    bool gb = strcmp(name, "GB18030") == 0 && ascii_runs;
    int32_t cap = strcmp(name, "GB18030") == 0 ? (int32_t)(len + len / 2 + 16) /* 2 bytes → 3 */
                                               : (int32_t)(len * 3 + 16);
    for (int attempt = 0; attempt < 2; attempt++) {
        char *p = malloc((size_t)cap + 1);
        if (!p) {
            ucnv_close(c);
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory decoding %zu bytes", len);
        }
        st = U_ZERO_ERROR;
        ucnv_reset(c);
        int32_t n = gb ? gb18030_runs(c, p, cap, s, (int32_t)len, &st)
                       : ucnv_toAlgorithmic(UCNV_UTF8, c, p, cap, s, (int32_t)len, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR && attempt == 0) {
            free(p);
            /* ICU's count covers the whole input only when it converted it whole. */
            cap = gb ? (int32_t)(len * 3 + 16) : n + 16;
            gb = false;
            continue;
        }
        if (U_FAILURE(st)) {
            free(p);
            ucnv_close(c);
            return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU could not decode %s: %s", name,
                                u_errorName(st));
        }
        ucnv_close(c);
        /* NUL bytes would cut strings short further on. */
        for (char *z = memchr(p, '\0', (size_t)n); z; z = memchr(z + 1, '\0', (size_t)(p + n - z - 1)))
            *z = ' ';
        p[n] = '\0';
        *out = p;
        *out_len = (size_t)n;
        return GA_OK;
    }
    ucnv_close(c);
    return ga_error_set(err, GA_ERR_DEPENDENCY, "ICU could not decode %s", name);
}

ga_status_t ga_page_decode(const char *bytes, size_t len, const char *forced,
                           const char *content_type, const char **utf8, size_t *utf8_len,
                           bool *borrowed, char charset[32], ga_error_t **err)
{
    *borrowed = false;
    bool utf8_known_valid = false; /* the whole input, BOM included, was validated */
    char label[40], namebuf[64];
    const char *name = NULL;
    if (forced) {
        snprintf(label, sizeof label, "%s", forced);
        for (char *q = label; *q; q++)
            *q = (char)lower((unsigned char)*q);
        name = icu_name(label, namebuf);
        if (!name)
            return ga_error_set(err, GA_ERR_UNSUPPORTED, "unknown charset '%s'", forced);
    } else if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        name = "UTF-8";
    } else if (len >= 2 && memcmp(bytes, "\xFF\xFE", 2) == 0) {
        name = "UTF-16LE";
    } else if (len >= 2 && memcmp(bytes, "\xFE\xFF", 2) == 0) {
        name = "UTF-16BE";
    } else {
        bool declared = (header_label(content_type, label) || meta_label(bytes, len, label));
        if (declared) {
            /* A page can only declare an ASCII-compatible charset about itself. */
            if (!strncmp(label, "utf-16", 6) || !strncmp(label, "utf-32", 6))
                strcpy(label, "utf-8");
            name = icu_name(label, namebuf);
        }
        size_t sample = len < 65536 ? len : 65536;
        bool utf8_ok = ga_utf8_validate(bytes, len, NULL) == GA_OK;
        utf8_known_valid = utf8_ok;
        if (name && strcmp(name, "UTF-8") != 0 && utf8_ok && has_non_ascii(bytes, len)) {
            /* Templates copied between sites keep a gb2312 <meta> over UTF-8 text; CJK
             * text in a legacy charset is almost never also valid UTF-8. */
            name = "UTF-8";
        } else if (name && strcmp(name, "UTF-8") == 0 && !utf8_ok &&
                   !mostly_utf8(bytes, sample, 20) && decodes_cleanly("GB18030", bytes, sample)) {
            name = "GB18030"; /* the reverse mislabelling */
        } else if (!name) {
            bool latin = false;
            if (utf8_ok || mostly_utf8(bytes, sample, 20)) {
                name = "UTF-8";
            } else if (plainly_gb2312(bytes, sample)) {
                name = "GB18030";
            } else {
                name = detect(bytes, len, namebuf, &latin);
                /* Short Chinese pages fool the detector into a Latin charset; on this
                 * domain GB18030 that decodes cleanly is the better bet. */
                if ((!name || latin) && decodes_cleanly("GB18030", bytes, sample))
                    name = "GB18030";
                /* Latin text hardly ever forms valid multi-byte UTF-8 by chance. */
                else if ((!name || latin) && mostly_utf8(bytes, sample, 1))
                    name = "UTF-8";
                if (!name)
                    name = "windows-1252";
            }
        }
    }
    snprintf(charset, 32, "%s", name);
    if (strcmp(name, "UTF-8") == 0)
        return utf8_clean(bytes, len, utf8_known_valid, utf8, utf8_len, borrowed, err);
    ga_status_t st = ga_page_convert(name, bytes, len, true, utf8, utf8_len, err);
    if (st == GA_OK && *utf8_len >= 3 && memcmp(*utf8, "\xEF\xBB\xBF", 3) == 0) {
        char *w = (char *)*utf8;
        memmove(w, w + 3, *utf8_len - 3 + 1);
        *utf8_len -= 3;
    }
    return st;
}
