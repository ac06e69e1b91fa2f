/* Validators named by rules (check=) and the masking of personal information (mask=):
 * the checksums and plausibility tests a pattern alone cannot express. */
#include <string.h>

#include "match-internal.h"

/* The significant characters of a value: ASCII and full-width digits and letters, folded
 * to ASCII; spaces and hyphens between them are dropped. Returns the count, or -1 when the
 * value holds anything else or more than `cap` characters. */
static int fold(const char *s, size_t n, char *out, int cap)
{
    const unsigned char *u = (const unsigned char *)s;
    int k = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        if (c == ' ' || c == '-') {
            i++;
            continue;
        }
        if (c >= 0x80) {
            /* full-width forms U+FF10..U+FF19, U+FF21..U+FF3A, U+FF41..U+FF5A */
            if (i + 3 > n || c != 0xEF)
                return -1;
            unsigned b1 = u[i + 1], b2 = u[i + 2];
            if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99)
                c = '0' + (b2 - 0x90);
            else if (b1 == 0xBC && b2 >= 0xA1 && b2 <= 0xBA)
                c = 'A' + (b2 - 0xA1);
            else if (b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A)
                c = 'a' + (b2 - 0x81);
            else
                return -1;
            i += 3;
        } else if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            i++;
        } else {
            return -1;
        }
        if (k == cap)
            return -1;
        out[k++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    return k;
}

static bool all_digits(const char *d, int n)
{
    for (int i = 0; i < n; i++)
        if (d[i] < '0' || d[i] > '9')
            return false;
    return true;
}

static int num(const char *d, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (d[i] - '0');
    return v;
}

/* First two digits of GB/T 2260 region codes in use: the provinces, Taiwan, Hong Kong and
 * Macao. */
static bool province_ok(int p)
{
    static const unsigned char codes[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35,
                                          36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
                                          61, 62, 63, 64, 65, 71, 81, 82};
    for (size_t i = 0; i < sizeof codes; i++)
        if (codes[i] == p)
            return true;
    return false;
}

static bool date_ok(int y, int m, int d)
{
    static const unsigned char days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1870 || y > 2099 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m != 2 || d < 29 || leap;
}

/* Region: a province in use, a prefecture 01-70 or 90 (counties under the province). */
static bool region_ok(const char *d)
{
    int city = num(d + 2, 2);
    return province_ok(num(d, 2)) && ((city >= 1 && city <= 70) || city == 90);
}

/* GB 11643-1999 citizen identity number (18 characters, mod 11-2 check character) or the
 * 15-digit number it replaced (two-digit year of the 1900s, no check character). */
static bool check_resident_id(const char *s, size_t n)
{
    char d[20];
    int k = fold(s, n, d, 18);
    if (k == 18) {
        if (!all_digits(d, 17) || !region_ok(d) ||
            !date_ok(num(d + 6, 4), num(d + 10, 2), num(d + 12, 2)))
            return false;
        static const unsigned char w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        unsigned sum = 0;
        for (int i = 0; i < 17; i++)
            sum += (unsigned)(d[i] - '0') * w[i];
        return d[17] == "10X98765432"[sum % 11];
    }
    if (k == 15)
        return all_digits(d, 15) && region_ok(d) &&
               date_ok(1900 + num(d + 6, 2), num(d + 8, 2), num(d + 10, 2));
    return false;
}

/* Mainland mobile numbers: 11 digits under a mobile network prefix (not a landline,
 * not an IoT or a data-only range). */
static bool check_mobile(const char *s, size_t n)
{
    char d[12];
    if (fold(s, n, d, 11) != 11 || !all_digits(d, 11) || d[0] != '1')
        return false;
    int p = num(d + 1, 2);
    switch (p / 10) {
    case 3: case 5: case 8:
        return p != 54;
    case 4:
        return p == 45 || p == 47 || p == 49;
    case 6:
        return p == 62 || p == 65 || p == 66 || p == 67;
    case 7:
        return p >= 70 && p <= 78 && p != 74;
    case 9:
        return p != 94 && p != 97;
    default:
        return false;
    }
}

static bool luhn(const char *d, int n)
{
    unsigned sum = 0;
    for (int i = 0; i < n; i++) {
        unsigned v = (unsigned)(d[n - 1 - i] - '0');
        if (i & 1) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    return sum % 10 == 0;
}

/* Payment card numbers: 16 to 19 digits, Luhn, an issuer prefix of the cards in use in
 * China (UnionPay 62, Visa 4, Mastercard 51-55 and 2221-2720, JCB 35, the banks' older
 * 60 and 9558/9559 ranges). A valid resident ID number is not a card. */
static bool check_bank_card(const char *s, size_t n)
{
    char d[20];
    int k = fold(s, n, d, 19);
    if (k < 16 || k > 19 || !all_digits(d, k) || !luhn(d, k))
        return false;
    if (k == 18 && check_resident_id(d, 18))
        return false;
    int p2 = num(d, 2), p4 = num(d, 4);
    return p2 == 62 || d[0] == '4' || (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720) ||
           p2 == 35 || p2 == 60 || p4 == 9558 || p4 == 9559;
}

static const struct {
    const char *name;
    bool (*fn)(const char *, size_t);
} checks[] = {
    {"resident-id", check_resident_id},
    {"mobile", check_mobile},
    {"bank-card", check_bank_card},
};

unsigned match_check_find(const char *name, size_t n)
{
    for (unsigned i = 0; i < sizeof checks / sizeof *checks; i++)
        if (strlen(checks[i].name) == n && memcmp(checks[i].name, name, n) == 0)
            return i + 1;
    return 0;
}

unsigned match_check_count(void)
{
    return sizeof checks / sizeof *checks;
}

bool match_check(unsigned id, const char *s, size_t n)
{
    return id >= 1 && id <= match_check_count() && checks[id - 1].fn(s, n);
}

/* A letter or digit, ASCII or full-width, starts at u[i]. */
static bool significant(const unsigned char *u, size_t i, size_t n)
{
    unsigned c = u[i];
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
    if (c != 0xEF || i + 2 >= n)
        return false;
    unsigned b1 = u[i + 1], b2 = u[i + 2];
    return (b1 == 0xBC && ((b2 >= 0x90 && b2 <= 0x99) || (b2 >= 0xA1 && b2 <= 0xBA))) ||
           (b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A);
}

/* Masks letters and digits (ASCII and full-width) except the first `head` and the last
 * `tail` of them; other characters stay. Every character keeps its byte length, so offsets
 * into the masked copy equal offsets into the original. */
bool match_mask(const char *s, size_t n, unsigned head, unsigned tail, ga_buf_t *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += significant(u, i, n);
    if ((size_t)head + tail >= total)
        head = tail = 0; /* too short to show any of it */
    size_t seen = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (l > n - i)
            l = n - i;
        bool sig = significant(u, i, n);
        bool keep = !sig || seen < head || seen >= total - tail;
        seen += sig;
        bool ok;
        if (keep)
            ok = ga_buf_append(out, s + i, l);
        else if (l == 3)
            ok = ga_buf_append(out, "\xEF\xBC\x8A", 3); /* ＊ */
        else
            ok = ga_buf_append(out, "****", l);
        if (!ok)
            return false;
        i += l;
    }
    return true;
}
