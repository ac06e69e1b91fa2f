/* Wall-clock times as seconds since 1970-01-01 00:00 (no zone), windows ending at T. */
#include <stdio.h>
#include <string.h>

#include "score-internal.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
int64_t ga_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static unsigned month_days(int64_t y, unsigned m)
{
    static const unsigned len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return len[m - 1];
}

int64_t ga_time_minus_months(int64_t t, int months)
{
    int64_t days = floor_div(t, GA_DAY), sec = t - days * GA_DAY;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    int64_t idx = y * 12 + (m - 1) - months;
    y = floor_div(idx, 12);
    m = (unsigned)(idx - y * 12) + 1;
    if (d > month_days(y, m))
        d = month_days(y, m);
    return ga_days_from_civil(y, m, d) * GA_DAY + sec;
}

int64_t ga_window_start(sc_window_t w, int64_t t)
{
    return ga_time_minus_months(t, w.months) - (int64_t)w.days * GA_DAY;
}

const char *ga_window_str(sc_window_t w, char *buf)
{
    if (!w.known)
        snprintf(buf, 16, "?");
    else if (w.months && w.months % 12 == 0 && !w.days)
        snprintf(buf, 16, "%dy", w.months / 12);
    else if (w.months)
        snprintf(buf, 16, "%dm", w.months);
    else
        snprintf(buf, 16, "%dd", w.days);
    return buf;
}

static bool digits(const char *s, size_t len, size_t *pos, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*pos >= len || s[*pos] < '0' || s[*pos] > '9')
            return false;
        v = v * 10 + (s[(*pos)++] - '0');
    }
    *out = v;
    return true;
}

ga_status_t ga_time_parse(const char *s, size_t len, int64_t *t, ga_error_t **err)
{
    if (!s || !t)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_time_parse: NULL argument");
    size_t p = 0;
    while (p < len && s[p] == ' ')
        p++;
    int y, mo, d, h = 0, mi = 0, se = 0;
    char sep;
    if (!digits(s, len, &p, 4, &y))
        goto bad;
    if (p >= len || (s[p] != '-' && s[p] != '/' && s[p] != '.'))
        goto bad;
    sep = s[p++];
    /* Months and days may be written with one digit (2023-7-5) as some CMSs do. */
    if (!digits(s, len, &p, 1, &mo))
        goto bad;
    if (p < len && s[p] >= '0' && s[p] <= '9')
        mo = mo * 10 + (s[p++] - '0');
    if (p >= len || s[p] != sep)
        goto bad;
    p++;
    if (!digits(s, len, &p, 1, &d))
        goto bad;
    if (p < len && s[p] >= '0' && s[p] <= '9')
        d = d * 10 + (s[p++] - '0');
    if (mo < 1 || mo > 12 || d < 1 || (unsigned)d > month_days(y, (unsigned)mo)) {
        p = 0;
        goto bad;
    }
    if (p < len && (s[p] == ' ' || s[p] == 'T') && p + 1 < len && s[p + 1] >= '0' &&
        s[p + 1] <= '9') {
        p++;
        if (!digits(s, len, &p, 2, &h) || p >= len || s[p++] != ':' ||
            !digits(s, len, &p, 2, &mi))
            goto bad;
        if (p < len && s[p] == ':') {
            p++;
            if (!digits(s, len, &p, 2, &se))
                goto bad;
            if (p < len && s[p] == '.') {
                p++;
                size_t start = p;
                while (p < len && s[p] >= '0' && s[p] <= '9')
                    p++;
                if (p == start)
                    goto bad;
            }
        }
        if (h > 23 || mi > 59 || se > 60)
            goto bad;
        if (p < len && s[p] == 'Z') {
            p++;
        } else if (p < len && (s[p] == '+' || s[p] == '-')) {
            int oh, om;
            p++;
            if (!digits(s, len, &p, 2, &oh))
                goto bad;
            if (p < len && s[p] == ':')
                p++;
            if (!digits(s, len, &p, 2, &om))
                goto bad;
        }
    }
    while (p < len && s[p] == ' ')
        p++;
    if (p != len)
        goto bad;
    *t = ga_days_from_civil(y, (unsigned)mo, (unsigned)d) * GA_DAY + h * 3600 + mi * 60 + se;
    return GA_OK;
bad:
    return ga_error_set_offset(err, GA_ERR_SYNTAX, p,
                               "not a time (want YYYY-MM-DD[ HH:MM[:SS]]): '%.*s'",
                               (int)(len > 40 ? 40 : len), s);
}

char *ga_time_format(int64_t t, int date_only, char *buf)
{
    if (t == GA_TIME_NONE) {
        strcpy(buf, "?");
        return buf;
    }
    int64_t days = floor_div(t, GA_DAY), sec = t - days * GA_DAY;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    /* Years are clamped to 4 digits so the 20-byte buffer always suffices. */
    if (y < 0)
        y = 0;
    if (y > 9999)
        y = 9999;
    char tmp[64];
    if (date_only)
        snprintf(tmp, sizeof tmp, "%04d-%02u-%02u", (int)y, m, d);
    else
        snprintf(tmp, sizeof tmp, "%04d-%02u-%02u %02d:%02d:%02d", (int)y, m, d,
                 (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
    memcpy(buf, tmp, 20);
    buf[19] = '\0';
    return buf;
}
