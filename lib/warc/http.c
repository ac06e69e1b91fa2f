/* HTTP message heads and body decoding (chunked transfer-encoding,
 * gzip and deflate content-encodings) of WARC and ARC records. */
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "warc-private.h"

/* HTTP -------------------------------------------------------------------------------- */

/* Parse the HTTP message head at the start of the (kept part of the) block. `complete`:
 * the whole block is there, so a head that runs to its end is a whole head. */
bool ga_warc_parse_http(ga_warc_record_t *rec, bool complete, bool *oom)
{
    const char *d = rec->block.data;
    size_t n = rec->block.len;
    const char *nl = d ? memchr(d, '\n', n) : NULL;
    if (!nl)
        return false;
    size_t l0 = ga_warc_strip_eol(d, (size_t)(nl - d) + 1);
    int status = 0;
    if (l0 >= 10 && memcmp(d, "HTTP/", 5) == 0) { /* "HTTP/2 200" is the shortest */
        const char *sp = memchr(d, ' ', l0);
        if (!sp || (size_t)(sp - d) + 4 > l0)
            return false;
        for (int k = 1; k <= 3; k++) {
            if (sp[k] < '0' || sp[k] > '9')
                return false;
            status = status * 10 + (sp[k] - '0');
        }
        if ((size_t)(sp - d) + 4 < l0 && sp[4] != ' ')
            return false;
    } else {
        /* A request line: METHOD SP target SP HTTP/x.y */
        const char *sp = memchr(d, ' ', l0), *last = d + l0;
        while (last > d && last[-1] != ' ')
            last--;
        if (!sp || last <= sp + 1 || (size_t)(d + l0 - last) < 6 || memcmp(last, "HTTP/", 5) != 0)
            return false;
    }
    size_t i = (size_t)(nl - d) + 1;
    bool ended = false;
    while (i < n) {
        const char *e = memchr(d + i, '\n', n - i);
        size_t len = e ? (size_t)(e - (d + i)) + 1 : n - i;
        size_t l = ga_warc_strip_eol(d + i, len);
        i += len;
        if (l == 0) {
            ended = true;
            break;
        }
        if (!e && !complete)
            return false;
        ga_warc_header_line(&rec->http, d + i - len, l, oom); /* malformed lines are skipped */
        if (*oom)
            return false;
    }
    if ((!ended && !complete) || i > GA_WARC_MAX_HEADER)
        return false; /* kept and skipped blocks alike: heads past the limit are not HTTP */
    if (!ga_buf_append(&rec->http_line, d, l0)) {
        *oom = true;
        return false;
    }
    rec->status = status;
    rec->payload_off = i;
    return true;
}

/* Remove chunked transfer-encoding. Returns GA_ERR_NOT_FOUND when the payload does not
 * start like a chunk (some writers store payloads de-chunked and keep the header). */
static ga_status_t dechunk(const char *p, size_t n, ga_buf_t *out, size_t max)
{
    size_t i = 0;
    for (bool first = true;; first = false) {
        uint64_t size = 0;
        size_t j = i, digits = 0;
        for (; j < n; j++, digits++) {
            char c = p[j];
            unsigned v = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                         : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                         : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                                : 16u;
            if (v == 16)
                break;
            if (size > ((uint64_t)1 << 56))
                return GA_ERR_FORMAT;
            size = size * 16 + v;
        }
        while (j < n && (p[j] == ' ' || p[j] == '\t'))
            j++;
        bool ok_end = j < n && (p[j] == ';' || p[j] == '\r' || p[j] == '\n');
        if (digits == 0 || (j < n && !ok_end)) {
            if (first)
                return GA_ERR_NOT_FOUND;
            return GA_ERR_FORMAT;
        }
        const char *e = j < n ? memchr(p + j, '\n', n - j) : NULL;
        if (!e)
            return GA_ERR_TRUNCATED;
        i = (size_t)(e - p) + 1;
        if (size == 0)
            return GA_OK; /* trailer fields are not kept */
        size_t take = size < n - i ? (size_t)size : n - i;
        bool cut = false;
        if (out->len + take > max) {
            take = max - out->len;
            cut = true;
        }
        if (!ga_buf_append(out, p + i, take))
            return GA_ERR_NO_MEMORY;
        if (cut)
            return GA_ERR_LIMIT;
        if (take < size)
            return GA_ERR_TRUNCATED;
        i += take;
        if (i < n && p[i] == '\r')
            i++;
        if (i >= n)
            return GA_ERR_TRUNCATED;
        if (p[i] != '\n')
            return GA_ERR_FORMAT;
        i++;
    }
}

/* Inflate `n` bytes into `out` with zlib window bits `wbits` (gzip: several members in a
 * row are read as one stream). */
static ga_status_t inflate_body(ga_warc_reader_t *r, const char *p, size_t n, int wbits,
                                ga_buf_t *out, size_t max)
{
    z_stream *z = &r->z;
    if (!r->z_init) {
        if (inflateInit2(z, wbits) != Z_OK)
            return GA_ERR_NO_MEMORY;
        r->z_init = true;
    } else if (inflateReset2(z, wbits) != Z_OK) {
        return GA_ERR_DEPENDENCY;
    }
    z->next_in = (unsigned char *)p;
    z->avail_in = (uInt)(n < UINT32_MAX ? n : UINT32_MAX);
    for (;;) {
        if (out->len >= max)
            return GA_ERR_LIMIT;
        if (!ga_buf_reserve(out, GA_WARC_CHUNK))
            return GA_ERR_NO_MEMORY;
        size_t room = out->cap - out->len - 1;
        if (room > max - out->len)
            room = max - out->len;
        z->next_out = (unsigned char *)out->data + out->len;
        z->avail_out = (uInt)room;
        int ret = inflate(z, Z_NO_FLUSH);
        out->len += room - z->avail_out;
        out->data[out->len] = '\0';
        if (ret == Z_STREAM_END) {
            if (wbits > 15 && z->avail_in >= 2 && z->next_in[0] == 0x1f && z->next_in[1] == 0x8b) {
                inflateReset(z);
                continue;
            }
            return GA_OK; /* bytes after the stream are ignored, as browsers do */
        }
        /* Input used up and output room left: the compressed data ends early. */
        if (ret == Z_BUF_ERROR || (ret == Z_OK && z->avail_in == 0 && z->avail_out > 0))
            return GA_ERR_TRUNCATED;
        if (ret == Z_MEM_ERROR)
            return GA_ERR_NO_MEMORY;
        if (ret != Z_OK)
            return GA_ERR_FORMAT;
    }
}

/* A decoding step's output `out` becomes the body and the next step's input (the other
 * buffer takes the step after). False when the step failed: its status is kept and what
 * it decoded so far stays the body. */
static bool take_decoded(ga_warc_record_t *rec, const ga_buf_t *out, ga_status_t st,
                         const char **cur, size_t *cur_len, int *slot)
{
    *cur = rec->body = out->data;
    *cur_len = rec->body_len = out->len;
    *slot ^= 1;
    if (st == GA_OK)
        return true;
    rec->body_status = st;
    return false;
}

/* Decode the HTTP body: chunked transfer-encoding, then content-encodings, last applied
 * first. Errors stop decoding with what was decoded so far as the body. */
ga_status_t ga_warc_decode_body(ga_warc_reader_t *r)
{
    ga_warc_record_t *rec = &r->rec;
    const char *cur = rec->block.data + rec->payload_off;
    size_t cur_len = rec->block.len - rec->payload_off;
    int slot = 0;
    rec->body = cur;
    rec->body_len = cur_len;
    if (r->flags & GA_WARC_NO_DECODE)
        return GA_OK;
    const char *te = ga_warc_fields_get(&rec->http, "Transfer-Encoding");
    if (te && strcasestr(te, "chunked")) {
        ga_buf_t *out = &rec->dec[slot];
        ga_status_t st = dechunk(cur, cur_len, out, r->max_record);
        if (st == GA_ERR_NO_MEMORY)
            return st;
        if (st != GA_ERR_NOT_FOUND) {
            if (!ga_buf_reserve(out, 0))
                return GA_ERR_NO_MEMORY;
            out->data[out->len] = '\0';
            if (!take_decoded(rec, out, st, &cur, &cur_len, &slot))
                return GA_OK;
        }
    }
    const char *ce = ga_warc_fields_get(&rec->http, "Content-Encoding");
    if (!ce)
        return GA_OK;
    /* Codings are listed in the order applied: undo them from the last. */
    size_t end = strlen(ce);
    while (end > 0) {
        size_t b = end;
        while (b > 0 && ce[b - 1] != ',')
            b--;
        const char *tok = ce + b;
        size_t tlen = end - b;
        ga_warc_trim(&tok, &tlen);
        end = b ? b - 1 : 0;
        int wbits;
        if (tlen == 0 || (tlen == 8 && strncasecmp(tok, "identity", 8) == 0))
            continue;
        if ((tlen == 4 && strncasecmp(tok, "gzip", 4) == 0) ||
            (tlen == 6 && strncasecmp(tok, "x-gzip", 6) == 0)) {
            /* Some crawlers store bodies already decompressed but keep the header: without
             * the gzip magic the body is taken as it is. */
            if (cur_len < 2 || (unsigned char)cur[0] != 0x1f || (unsigned char)cur[1] != 0x8b)
                continue;
            wbits = 15 + 16;
        }
        else if (tlen == 7 && strncasecmp(tok, "deflate", 7) == 0)
            /* "deflate" is meant to be zlib-wrapped, but servers also send raw deflate. */
            wbits = cur_len >= 2 && ((unsigned char)cur[0] & 0x0f) == 8 &&
                            (((unsigned char)cur[0] << 8) | (unsigned char)cur[1]) % 31 == 0
                        ? 15
                        : -15;
        else {
            rec->body_status = GA_ERR_UNSUPPORTED;
            return GA_OK;
        }
        ga_buf_t *out = &rec->dec[slot];
        out->len = 0;
        ga_status_t st = inflate_body(r, cur, cur_len, wbits, out, r->max_record);
        if (st == GA_ERR_NO_MEMORY || st == GA_ERR_DEPENDENCY)
            return st;
        if (!take_decoded(rec, out, st, &cur, &cur_len, &slot))
            return GA_OK;
    }
    return GA_OK;
}
