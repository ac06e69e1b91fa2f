/* The byte stream under the WARC parser: plain bytes, or the concatenated output of gzip
 * members, from a FILE or memory, with the compressed offset of every member start so
 * records can be reported at file offsets, and with recovery from damaged members. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "warc-stream.h"

#define RAW_CHUNK 65536
#define OUT_CHUNK 65536

static bool raw_more(ga_warc_stream_t *s);

void ga_warc_stream_init(ga_warc_stream_t *s)
{
    memset(s, 0, sizeof *s);
}

/* Input ------------------------------------------------------------------------------ */

/* Offset in the file of raw byte in[i]. */
static inline uint64_t raw_off(const ga_warc_stream_t *s, size_t i) { return s->in_base + i; }

/* Read more raw bytes into the input buffer (FILE sources); false at the end or on error. */
static bool raw_more(ga_warc_stream_t *s)
{
    if (!s->file || s->file_eof)
        return false;
    if (s->in_start > 0) { /* compact: keep what is unread */
        size_t keep = s->in_end - s->in_start;
        memmove(s->inbuf, s->inbuf + s->in_start, keep);
        s->in_base += s->in_start;
        s->in_start = 0;
        s->in_end = keep;
    }
    if (s->in_end == RAW_CHUNK)
        return true;
    size_t n = fread(s->inbuf + s->in_end, 1, RAW_CHUNK - s->in_end, s->file);
    if (n == 0) {
        if (ferror(s->file))
            s->io_error = errno ? errno : EIO;
        s->file_eof = true;
        return false;
    }
    s->in_end += n;
    s->in = s->inbuf;
    return true;
}

/* Make at least `n` raw bytes available when the input has them; returns what is there. */
static size_t raw_avail(ga_warc_stream_t *s, size_t n)
{
    while (s->in_end - s->in_start < n && raw_more(s))
        ;
    return s->in_end - s->in_start;
}

/* Position the raw input at file offset `off`: within the buffered input, or by seeking a
 * FILE. Returns false when that is not possible (the input then stays where it is). */
static bool raw_seek(ga_warc_stream_t *s, uint64_t off)
{
    if (off >= s->in_base && off <= s->in_base + s->in_end) {
        s->in_start = (size_t)(off - s->in_base);
        return true;
    }
    if (!s->file || !s->seekable || fseeko(s->file, (off_t)off, SEEK_SET) != 0)
        return false;
    s->in_base = off;
    s->in_start = s->in_end = 0;
    s->file_eof = false;
    return true;
}

ga_status_t ga_warc_stream_open_file(ga_warc_stream_t *s, FILE *f, bool own)
{
    s->file = f;
    s->own_file = own;
    s->inbuf = malloc(RAW_CHUNK);
    if (!s->inbuf)
        return GA_ERR_NO_MEMORY;
    s->in = s->inbuf;
    off_t pos = ftello(f);
    s->seekable = pos >= 0;
    s->in_base = s->in_base_start = pos >= 0 ? (uint64_t)pos : 0;
    return GA_OK;
}

void ga_warc_stream_open_memory(ga_warc_stream_t *s, const void *data, size_t len)
{
    s->in = data;
    s->in_end = len;
}

/* Output ----------------------------------------------------------------------------- */

static bool out_reserve(ga_warc_stream_t *s, size_t room)
{
    if (s->r > 0 && s->cap - s->w < room) { /* compact */
        memmove(s->buf, s->buf + s->r, s->w - s->r);
        s->w -= s->r;
        s->r = 0;
    }
    if (s->cap - s->w >= room)
        return true;
    size_t cap = s->cap ? s->cap : OUT_CHUNK;
    while (cap - s->w < room)
        cap *= 2;
    unsigned char *p = realloc(s->buf, cap);
    if (!p)
        return false;
    s->buf = p;
    s->cap = cap;
    return true;
}

static void set_break(ga_warc_stream_t *s, ga_status_t st, uint64_t off, const char *fmt, ...)
    GA_PRINTF(4, 5);
static void set_break(ga_warc_stream_t *s, ga_status_t st, uint64_t off, const char *fmt, ...)
{
    s->broken = true;
    s->brk_status = st;
    s->brk_off = off;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->brk_msg, sizeof s->brk_msg, fmt, ap);
    va_end(ap);
}

static bool add_boundary(ga_warc_stream_t *s, uint64_t out_pos, uint64_t in_off)
{
    if (s->nb == s->capb) {
        size_t cap = s->capb ? s->capb * 2 : 16;
        ga_warc_boundary_t *p = realloc(s->bounds, cap * sizeof *p);
        if (!p)
            return false;
        s->bounds = p;
        s->capb = cap;
    }
    s->bounds[s->nb++] = (ga_warc_boundary_t){out_pos, in_off};
    return true;
}

/* At a member start: find the gzip magic. Bytes before it are reported (as a break)
 * unless the stream is recovering from a damaged member. False at the end of the input. */
static bool find_member(ga_warc_stream_t *s)
{
    uint64_t start = raw_off(s, s->in_start);
    bool found = false;
    for (;;) {
        size_t n = raw_avail(s, 3);
        if (n < 3) { /* the end of the input: what is left cannot be a member */
            s->in_start = s->in_end;
            break;
        }
        const unsigned char *p = s->in + s->in_start;
        if (p[0] == 0x1f && p[1] == 0x8b && p[2] == 8) {
            found = true;
            break;
        }
        const unsigned char *q = memchr(p + 1, 0x1f, n - 1);
        s->in_start += q ? (size_t)(q - p) : n;
    }
    uint64_t end = raw_off(s, s->in_start);
    if (end > start && !s->recovering)
        set_break(s, GA_ERR_FORMAT, start, "%llu bytes %s are not gzip data; skipped",
                  (unsigned long long)(end - start),
                  found ? "between gzip members" : "after the last gzip member");
    return found;
}

/* Inflate until `need` bytes are buffered, a member is damaged, or the input ends. */
static ga_status_t fill_gzip(ga_warc_stream_t *s, size_t need)
{
    while (s->w - s->r < need && !s->broken && !s->eof) {
        if (!s->in_member) {
            if (!find_member(s)) {
                s->eof = true;
                break;
            }
            if (s->broken) /* garbage reported; the member is read on resume */
                break;
            s->member_off = raw_off(s, s->in_start);
            if (!add_boundary(s, s->pos + (s->w - s->r), s->member_off))
                return GA_ERR_NO_MEMORY;
            if (inflateReset(&s->z) != Z_OK)
                return GA_ERR_DEPENDENCY;
            s->in_member = true;
        }
        if (!out_reserve(s, OUT_CHUNK))
            return GA_ERR_NO_MEMORY;
        /* Input used up: the member is truncated, unless zlib still holds output that did
         * not fit last time. */
        if (s->in_start == s->in_end && !s->z_out_full && !raw_more(s)) {
            s->in_member = false;
            s->eof = true;
            if (s->io_error)
                return GA_ERR_IO;
            if (!s->recovering) /* else a false gzip magic inside damaged data */
                set_break(s, GA_ERR_TRUNCATED, s->member_off, "gzip member is truncated");
            break;
        }
        s->z.next_in = (unsigned char *)s->in + s->in_start;
        s->z.avail_in = (uInt)(s->in_end - s->in_start);
        s->z.next_out = s->buf + s->w;
        s->z.avail_out = (uInt)(s->cap - s->w);
        int ret = inflate(&s->z, Z_NO_FLUSH);
        s->in_start = s->in_end - s->z.avail_in;
        s->w = s->cap - s->z.avail_out;
        s->z_out_full = s->z.avail_out == 0;
        if (ret == Z_STREAM_END) {
            s->in_member = false;
            s->recovering = false;
        } else if (ret == Z_OK || ret == Z_BUF_ERROR) {
            continue;
        } else if (ret == Z_MEM_ERROR) {
            return GA_ERR_NO_MEMORY;
        } else {
            /* Damaged member: look for the next one from just after this one's start,
             * since the damage may have made zlib read past the real member end. */
            if (!s->recovering)
                set_break(s, GA_ERR_FORMAT, s->member_off, "corrupt gzip member (%s)",
                          s->z.msg ? s->z.msg : "zlib error");
            s->in_member = false;
            s->recovering = true;
            raw_seek(s, s->member_off + 1);
        }
    }
    return GA_OK;
}

static ga_status_t fill_plain(ga_warc_stream_t *s, size_t need)
{
    while (s->w - s->r < need && !s->eof) {
        if (s->in_start == s->in_end && !raw_more(s)) {
            s->eof = true;
            if (s->io_error)
                return GA_ERR_IO;
            break;
        }
        size_t n = s->in_end - s->in_start;
        if (n > OUT_CHUNK)
            n = OUT_CHUNK;
        if (!out_reserve(s, n))
            return GA_ERR_NO_MEMORY;
        memcpy(s->buf + s->w, s->in + s->in_start, n);
        s->w += n;
        s->in_start += n;
    }
    return GA_OK;
}

ga_status_t ga_warc_stream_start(ga_warc_stream_t *s)
{
    size_t n = raw_avail(s, 2);
    if (s->io_error)
        return GA_ERR_IO;
    s->gzip = n >= 2 && s->in[s->in_start] == 0x1f && s->in[s->in_start + 1] == 0x8b;
    if (s->gzip) {
        if (inflateInit2(&s->z, 15 + 16) != Z_OK)
            return GA_ERR_NO_MEMORY;
        s->z_init = true;
    }
    return GA_OK;
}

ga_status_t ga_warc_stream_fill(ga_warc_stream_t *s, size_t need)
{
    if (s->w - s->r >= need)
        return GA_OK;
    return s->gzip ? fill_gzip(s, need) : fill_plain(s, need);
}

void ga_warc_stream_consume(ga_warc_stream_t *s, size_t n)
{
    if (n == 0)
        return;
    s->r += n;
    s->pos += n;
}

ga_status_t ga_warc_stream_unread(ga_warc_stream_t *s, const void *data, size_t n)
{
    if (n == 0)
        return GA_OK;
    if (s->r < n) {
        size_t have = s->w - s->r;
        if (!out_reserve(s, n))
            return GA_ERR_NO_MEMORY;
        memmove(s->buf + n, s->buf + s->r, have);
        s->r = 0;
        s->w = n + have;
        memcpy(s->buf, data, n);
    } else {
        s->r -= n;
        memmove(s->buf + s->r, data, n);
    }
    s->pos -= n;
    return GA_OK;
}

void ga_warc_stream_resume(ga_warc_stream_t *s)
{
    s->broken = false;
}

uint64_t ga_warc_stream_file_offset(const ga_warc_stream_t *s, uint64_t pos)
{
    if (!s->gzip)
        return pos + s->in_base_start;
    for (size_t i = s->nb; i-- > 0;)
        if (s->bounds[i].out_pos <= pos)
            return s->bounds[i].in_off;
    return s->in_base_start;
}

void ga_warc_stream_prune(ga_warc_stream_t *s, uint64_t pos)
{
    /* Keep the last boundary at or before `pos` (it maps pos) and all later ones. */
    size_t k = 0;
    while (k + 1 < s->nb && s->bounds[k + 1].out_pos <= pos)
        k++;
    if (k > 0) {
        memmove(s->bounds, s->bounds + k, (s->nb - k) * sizeof *s->bounds);
        s->nb -= k;
    }
}

void ga_warc_stream_close(ga_warc_stream_t *s)
{
    if (s->z_init)
        inflateEnd(&s->z);
    if (s->own_file && s->file)
        fclose(s->file);
    free(s->inbuf);
    free(s->buf);
    free(s->bounds);
    memset(s, 0, sizeof *s);
}
