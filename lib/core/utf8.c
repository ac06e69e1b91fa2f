#include <string.h>

#include "core-internal.h"

ga_status_t ga_utf8_validate(const char *s, size_t len, size_t *bad_offset)
{
    if (!s && len)
        return GA_ERR_INVALID_ARGUMENT;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* ASCII runs dominate mixed text: skip them 8 bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        /* Chinese text is runs of three-byte characters: E1-EC and EE-EF lead bytes take
         * any two continuation bytes (E0 and ED have narrower second bytes: the general
         * decoder checks them). */
        while (i + 3 <= len && (u[i] & 0xF0) == 0xE0 && u[i] != 0xE0 && u[i] != 0xED &&
               ((u[i + 1] ^ 0x80) | (u[i + 2] ^ 0x80)) < 0x40)
            i += 3;
        if (i >= len || u[i] < 0x80)
            continue;
        size_t start = i;
        if (ga_utf8_decode(u, len, &i) < 0) {
            if (bad_offset)
                *bad_offset = start;
            return GA_ERR_INVALID_UTF8;
        }
    }
    return GA_OK;
}

int32_t ga_utf8_next(const char *s, size_t len, size_t *pos)
{
    if (!s || !pos)
        return -1;
    return ga_utf8_decode((const unsigned char *)s, len, pos);
}

size_t ga_utf8_length(const char *s, size_t len)
{
    if (!s)
        return 0;
    size_t n = 0, i = 0;
    while (i < len) {
        ga_utf8_decode((const unsigned char *)s, len, &i);
        n++;
    }
    return n;
}
