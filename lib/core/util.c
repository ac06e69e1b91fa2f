#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core-internal.h"

bool ga_buf_reserve(ga_buf_t *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return false;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return false;
    b->data = p;
    b->cap = cap;
    return true;
}

ga_status_t ga_options_read(void *dst, size_t dst_size, const void *src, size_t min_size,
                            const char *what, ga_error_t **err)
{
    if (!src)
        return GA_OK;
    size_t size;
    memcpy(&size, src, sizeof size);
    if (size < min_size || size > 4096)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "%s.size is %zu; set it to sizeof(%s)",
                            what, size, what);
    memcpy(dst, src, size < dst_size ? size : dst_size);
    memcpy(dst, &dst_size, sizeof dst_size);
    return GA_OK;
}

char *ga_utf8_clip(const char *s, size_t len, size_t max)
{
    ga_buf_t b = {0};
    if (!ga_buf_reserve(&b, max < len ? max : len))
        return NULL;
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        int32_t cp = ga_utf8_decode((const unsigned char *)s, len, &i);
        const char *piece = cp < 0 ? "\xEF\xBF\xBD" : s + start;
        size_t n = cp < 0 ? 3 : i - start;
        if (b.len + n > max || !ga_buf_append(&b, piece, n))
            break;
    }
    b.data[b.len] = '\0';
    return b.data;
}

size_t ga_utf8_trim_end(char *s)
{
    size_t len = strlen(s), j = len;
    while (j > 0 && len - j < 3 && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
        j--;
    if (j == 0)
        return len;
    unsigned char lead = (unsigned char)s[j - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (len - (j - 1) < need) {
        s[j - 1] = '\0';
        return j - 1;
    }
    return len;
}

bool ga_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c = c > SIZE_MAX / 2 ? need : c * 2;
    if (elem && c > SIZE_MAX / elem)
        return false;
    void *q = realloc(*p, c * elem);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

bool ga_buf_append(ga_buf_t *b, const void *data, size_t len)
{
    if (!ga_buf_reserve(b, len))
        return false;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

void ga_buf_free(ga_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

ga_status_t ga_read_file(const char *path, char **data, size_t *len, ga_error_t **err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: %s", path, strerror(errno));
    ga_buf_t b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (!ga_buf_append(&b, chunk, n)) {
            fclose(f);
            ga_buf_free(&b);
            return ga_error_set(err, GA_ERR_NO_MEMORY, "%s: out of memory", path);
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        ga_buf_free(&b);
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: read error", path);
    }
    if (!b.data && !ga_buf_reserve(&b, 0))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "%s: out of memory", path);
    b.data[b.len] = '\0';
    *data = b.data;
    *len = b.len;
    return GA_OK;
}

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ull;
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ull;
    x ^= x >> 32;
    return x;
}

static inline uint64_t load_le64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

uint64_t ga_hash64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ull);
    /* Four independent chains over 32-byte blocks: each mix64 is a serial multiply chain,
     * so lanes let long inputs (checksums of mapped files) hash several times faster. */
    if (len >= 64) {
        uint64_t lane[4] = {h, h ^ 0x243f6a8885a308d3ull, h ^ 0x13198a2e03707344ull,
                            h ^ 0xa4093822299f31d0ull};
        while (len >= 32) {
            for (int k = 0; k < 4; k++)
                lane[k] = mix64(lane[k] ^ load_le64(p + 8 * k)) + 0x9e3779b97f4a7c15ull;
            p += 32;
            len -= 32;
        }
        h = mix64(lane[0] ^ mix64(lane[1] ^ mix64(lane[2] ^ mix64(lane[3]))));
    }
    while (len >= 8) {
        h = mix64(h ^ load_le64(p)) + 0x9e3779b97f4a7c15ull;
        p += 8;
        len -= 8;
    }
    uint64_t tail = 0;
    for (size_t i = 0; i < len; i++)
        tail |= (uint64_t)p[i] << (8 * i);
    return mix64(h ^ tail ^ ((uint64_t)len << 59));
}
