/* WARC record parsing on top of warc-stream: headers, blocks, recovery from damaged
 * records, HTTP messages and body decoding. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <govaudit/warc.h>

#include "warc-stream.h"

#define NONE UINT64_MAX
#define CHUNK ((size_t)65536)
/* Bytes needed to recognise a record start: "WARC/1.0\r\n" and versions like "0.17". */
#define START_LOOK 12

/* Header fields: names and values NUL-terminated in `text`, idx[2i]/idx[2i+1] their
 * offsets (offsets, not pointers, since text grows). */
typedef struct fields {
    ga_buf_t text;
    size_t *idx;
    size_t n, cap;
} fields_t;

struct ga_warc_record {
    ga_warc_type_t type;
    uint64_t offset, content_length;
    char version[16];
    fields_t warc, http;
    ga_buf_t uri, http_line;
    ga_buf_t block;
    bool block_kept, is_http, http_parsed;
    int status;
    size_t payload_off;
    ga_buf_t dec[2];
    const char *body;
    size_t body_len;
    ga_status_t body_status;
    ga_status_t damage; /* GA_WARC_KEEP_DAMAGED: why the block is not whole */
    char damage_why[320];
};

struct ga_warc_reader {
    ga_warc_stream_t s;
    unsigned flags, skip_types;
    size_t max_record;
    ga_warc_keep_fn keep_fn;
    void *keep_data;
    bool need_resync;
    ga_buf_t side; /* bytes after a possible record start inside a block not kept */
    z_stream z;
    bool z_init;
    ga_warc_record_t rec;
};

/* Fields ------------------------------------------------------------------------------ */

static bool fields_add(fields_t *f, const char *name, size_t nlen, const char *val, size_t vlen)
{
    if (f->n * 2 + 2 > f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        size_t *p = realloc(f->idx, cap * sizeof *p);
        if (!p)
            return false;
        f->idx = p;
        f->cap = cap;
    }
    size_t at = f->text.len;
    if (!ga_buf_reserve(&f->text, nlen + vlen + 2))
        return false;
    char *o = f->text.data + at;
    memcpy(o, name, nlen);
    o[nlen] = '\0';
    memcpy(o + nlen + 1, val, vlen);
    o[nlen + 1 + vlen] = '\0';
    f->text.len += nlen + vlen + 2;
    f->text.data[f->text.len] = '\0';
    f->idx[f->n * 2] = at;
    f->idx[f->n * 2 + 1] = at + nlen + 1;
    f->n++;
    return true;
}

/* Obsolete line folding: the continuation joins the last value after one space. */
static bool fields_continue(fields_t *f, const char *more, size_t len)
{
    f->text.len--; /* drop the value's NUL */
    return ga_buf_append(&f->text, " ", 1) && ga_buf_append(&f->text, more, len) &&
           ga_buf_append(&f->text, "", 1);
}

static const char *fields_get(const fields_t *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcasecmp(f->text.data + f->idx[2 * i], name) == 0)
            return f->text.data + f->idx[2 * i + 1];
    return NULL;
}

static const char *fields_at(const fields_t *f, size_t i, const char **name)
{
    if (i >= f->n)
        return NULL;
    if (name)
        *name = f->text.data + f->idx[2 * i];
    return f->text.data + f->idx[2 * i + 1];
}

static void fields_free(fields_t *f)
{
    ga_buf_free(&f->text);
    free(f->idx);
}

static void trim(const char **s, size_t *len)
{
    while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* Parse one header line (without its line end) into `f`. False on a malformed line. */
static bool header_line(fields_t *f, const char *line, size_t len, bool *oom)
{
    if (line[0] == ' ' || line[0] == '\t') {
        if (f->n == 0)
            return false;
        trim(&line, &len);
        if (!fields_continue(f, line, len))
            *oom = true;
        return true;
    }
    const char *colon = memchr(line, ':', len);
    if (!colon || colon == line)
        return false;
    const char *name = line, *val = colon + 1;
    size_t nlen = (size_t)(colon - line), vlen = len - nlen - 1;
    trim(&name, &nlen);
    trim(&val, &vlen);
    if (nlen == 0)
        return false;
    if (!fields_add(f, name, nlen, val, vlen))
        *oom = true;
    return true;
}

/* Record ------------------------------------------------------------------------------ */

static void shrink(ga_buf_t *b)
{
    /* Give back what one huge record took, so a reader's memory follows the current
     * record rather than the largest seen. */
    if (b->cap > ((size_t)4 << 20))
        ga_buf_free(b);
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static void record_reset(ga_warc_record_t *r)
{
    r->type = GA_WARC_UNKNOWN;
    r->offset = r->content_length = 0;
    r->version[0] = '\0';
    r->warc.n = r->http.n = 0;
    r->warc.text.len = r->http.text.len = 0;
    shrink(&r->uri);
    shrink(&r->http_line);
    shrink(&r->block);
    shrink(&r->dec[0]);
    shrink(&r->dec[1]);
    r->block_kept = r->is_http = r->http_parsed = false;
    r->status = 0;
    r->payload_off = 0;
    r->body = NULL;
    r->body_len = 0;
    r->body_status = GA_OK;
    r->damage = GA_OK;
    r->damage_why[0] = '\0';
}

static void record_free(ga_warc_record_t *r)
{
    fields_free(&r->warc);
    fields_free(&r->http);
    ga_buf_free(&r->uri);
    ga_buf_free(&r->http_line);
    ga_buf_free(&r->block);
    ga_buf_free(&r->dec[0]);
    ga_buf_free(&r->dec[1]);
}

static const char *const type_names[] = {"unknown",  "warcinfo", "response",
                                         "resource", "request",  "metadata",
                                         "revisit",  "conversion", "continuation"};

const char *ga_warc_type_name(ga_warc_type_t type)
{
    if ((unsigned)type < sizeof type_names / sizeof type_names[0])
        return type_names[type];
    return type_names[0];
}

static ga_warc_type_t type_of(const char *name)
{
    if (name)
        for (unsigned t = 1; t < sizeof type_names / sizeof type_names[0]; t++)
            if (strcasecmp(name, type_names[t]) == 0)
                return (ga_warc_type_t)t;
    return GA_WARC_UNKNOWN;
}

/* Opening ----------------------------------------------------------------------------- */

static ga_status_t reader_new(const ga_warc_options_t *options, ga_warc_reader_t **out,
                              ga_error_t **err)
{
    if (!out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "warc reader: NULL output argument");
    *out = NULL;
    ga_warc_options_t copy = {.size = sizeof copy};
    ga_status_t st = ga_options_read(&copy, sizeof copy, options, sizeof copy, "ga_warc_options_t", err);
    if (st != GA_OK)
        return st;
    const ga_warc_options_t *o = options ? &copy : NULL;
    if (o && (o->flags & ~(unsigned)(GA_WARC_NO_DECODE | GA_WARC_KEEP_DAMAGED)))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "warc options: unknown flags 0x%x",
                            o->flags);
    ga_warc_reader_t *r = calloc(1, sizeof *r);
    if (!r)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    ga_warc_stream_init(&r->s);
    r->flags = o ? o->flags : 0;
    r->skip_types = o ? o->skip_types : 0;
    r->max_record = o && o->max_record_size ? o->max_record_size : GA_WARC_DEFAULT_MAX_RECORD;
    r->keep_fn = o ? o->keep : NULL;
    r->keep_data = o ? o->keep_data : NULL;
    *out = r;
    return GA_OK;
}

static ga_status_t reader_start(ga_warc_reader_t *r, const char *name, ga_warc_reader_t **out,
                                ga_error_t **err)
{
    ga_status_t st = ga_warc_stream_start(&r->s);
    if (st != GA_OK) {
        int e = r->s.io_error;
        ga_warc_reader_free(r);
        *out = NULL;
        if (st == GA_ERR_IO)
            return ga_error_set_at(err, st, name, 0, 0, "%s: %s", name ? name : "input",
                                   strerror(e));
        return ga_error_set(err, st, "out of memory");
    }
    return GA_OK;
}

ga_status_t ga_warc_reader_open(const char *path, const ga_warc_options_t *options,
                                ga_warc_reader_t **out, ga_error_t **err)
{
    if (!path)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "warc reader: NULL path");
    ga_status_t st = reader_new(options, out, err);
    if (st != GA_OK)
        return st;
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        ga_warc_reader_free(*out);
        *out = NULL;
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: %s", path, strerror(e));
    }
    if (ga_warc_stream_open_file(&(*out)->s, f, true) != GA_OK) {
        ga_warc_reader_free(*out);
        *out = NULL;
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    return reader_start(*out, path, out, err);
}

ga_status_t ga_warc_reader_open_file(FILE *stream, const ga_warc_options_t *options,
                                     ga_warc_reader_t **out, ga_error_t **err)
{
    if (!stream)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "warc reader: NULL stream");
    ga_status_t st = reader_new(options, out, err);
    if (st != GA_OK)
        return st;
    if (ga_warc_stream_open_file(&(*out)->s, stream, false) != GA_OK) {
        ga_warc_reader_free(*out);
        *out = NULL;
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    return reader_start(*out, NULL, out, err);
}

ga_status_t ga_warc_reader_open_memory(const void *data, size_t len,
                                       const ga_warc_options_t *options, ga_warc_reader_t **out,
                                       ga_error_t **err)
{
    if (!data && len)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "warc reader: NULL data");
    ga_status_t st = reader_new(options, out, err);
    if (st != GA_OK)
        return st;
    ga_warc_stream_open_memory(&(*out)->s, data ? data : "", len);
    return reader_start(*out, NULL, out, err);
}

void ga_warc_reader_free(ga_warc_reader_t *r)
{
    if (!r)
        return;
    ga_warc_stream_close(&r->s);
    if (r->z_init)
        inflateEnd(&r->z);
    ga_buf_free(&r->side);
    record_free(&r->rec);
    free(r);
}

int ga_warc_reader_is_gzip(const ga_warc_reader_t *r) { return r && r->s.gzip; }

/* Reading ----------------------------------------------------------------------------- */

/* Is a record start ("WARC/1.0" and a line end) at p? 1 yes, 0 no, -1 when `n` bytes are
 * too few to tell. */
static int record_start_at(const unsigned char *p, size_t n)
{
    static const char pre[] = "WARC/";
    size_t k = 0;
    for (; k < 5; k++) {
        if (k >= n)
            return -1;
        if (p[k] != (unsigned char)pre[k])
            return 0;
    }
    if (k >= n)
        return -1;
    if (p[k] < '0' || p[k] > '9')
        return 0;
    if (++k >= n)
        return -1;
    if (p[k] != '.')
        return 0;
    k++;
    size_t digits = 0;
    while (k < n && p[k] >= '0' && p[k] <= '9' && digits < 3) {
        k++;
        digits++;
    }
    if (k >= n)
        return -1;
    if (digits == 0)
        return 0;
    if (p[k] == '\r' && ++k >= n)
        return -1;
    return p[k] == '\n';
}

/* Offset of the first record start in p[0, n); n when none. Positions too close to the
 * end to tell are "none" unless `at_end` (then they are not record starts either). */
static size_t find_record_start(const unsigned char *p, size_t n, size_t *undecided)
{
    *undecided = n;
    for (size_t i = 0; i < n;) {
        const unsigned char *q = memchr(p + i, 'W', n - i);
        if (!q)
            break;
        i = (size_t)(q - p);
        int m = record_start_at(q, n - i);
        if (m == 1)
            return i;
        if (m < 0) {
            *undecided = i;
            return n;
        }
        i++;
    }
    return n;
}

static ga_status_t stream_failure(ga_warc_reader_t *r, ga_status_t st, ga_error_t **err)
{
    if (st == GA_ERR_IO)
        return ga_error_set_offset(err, st, (size_t)ga_warc_stream_file_offset(&r->s, r->s.pos),
                                   "read error: %s", strerror(r->s.io_error));
    if (st == GA_ERR_NO_MEMORY)
        return ga_error_set(err, st, "out of memory");
    return ga_error_set(err, st, "zlib could not be set up");
}

/* Report the break in the stream and go on after it. */
static ga_status_t take_break(ga_warc_reader_t *r, ga_error_t **err)
{
    ga_warc_stream_resume(&r->s);
    return ga_error_set_offset(err, r->s.brk_status, (size_t)r->s.brk_off, "%s", r->s.brk_msg);
}

/* Discard bytes up to the next record start (or the end), going on after breaks. */
static ga_status_t scan_to_record(ga_warc_reader_t *r)
{
    ga_warc_stream_t *s = &r->s;
    for (;;) {
        ga_status_t st = ga_warc_stream_fill(s, CHUNK);
        if (st != GA_OK)
            return st;
        size_t n = ga_warc_stream_avail(s), undecided;
        if (n == 0) {
            if (!s->broken)
                return GA_OK;
            ga_warc_stream_resume(s);
            continue;
        }
        size_t at = find_record_start(ga_warc_stream_data(s), n, &undecided);
        if (at < n) {
            ga_warc_stream_consume(s, at);
            return GA_OK;
        }
        /* A full CHUNK means more may follow: keep a possible start near the end (it is
         * decided once more bytes are in). Less means the end or a break. */
        if (n >= CHUNK && undecided < n) {
            ga_warc_stream_consume(s, undecided);
            continue;
        }
        ga_warc_stream_consume(s, n);
        if (n < CHUNK && s->broken)
            ga_warc_stream_resume(s);
    }
}

/* One line of at most `budget` bytes; `*len` includes the line end. TRUNCATED when the
 * input ends first, LIMIT past the budget. The line stays valid until the next fill. */
static ga_status_t read_line(ga_warc_stream_t *s, size_t budget, const char **line, size_t *len)
{
    size_t scanned = 0;
    for (;;) {
        size_t n = ga_warc_stream_avail(s);
        const unsigned char *d = ga_warc_stream_data(s);
        const unsigned char *nl = n > scanned ? memchr(d + scanned, '\n', n - scanned) : NULL;
        if (nl) {
            *line = (const char *)d;
            *len = (size_t)(nl - d) + 1;
            return *len > budget ? GA_ERR_LIMIT : GA_OK;
        }
        scanned = n;
        if (n >= budget)
            return GA_ERR_LIMIT;
        size_t want = n + CHUNK < budget + 1 ? n + CHUNK : budget + 1;
        ga_status_t st = ga_warc_stream_fill(s, want);
        if (st != GA_OK)
            return st;
        if (ga_warc_stream_avail(s) == n)
            return GA_ERR_TRUNCATED;
    }
}

static size_t strip_eol(const char *line, size_t len)
{
    if (len && line[len - 1] == '\n')
        len--;
    if (len && line[len - 1] == '\r')
        len--;
    return len;
}

/* Content-Length: decimal digits only, below 2^62. */
static bool parse_length(const char *v, uint64_t *out)
{
    if (!v || !*v)
        return false;
    uint64_t n = 0;
    for (; *v; v++) {
        if (*v < '0' || *v > '9' || n > ((uint64_t)1 << 58))
            return false;
        n = n * 10 + (uint64_t)(*v - '0');
    }
    *out = n;
    return true;
}

/* Read the block: `len` bytes, the first `keep` of them into rec->block (with `head_only`,
 * only up to the blank line ending an HTTP head). With `*ask`, the keep function decides
 * once the HTTP head is in (or GA_WARC_MAX_HEADER bytes, or the whole block): until then
 * bytes are kept, after a "no" they are not, and `*ask` is cleared with the answer in
 * rec->block_kept. Watches for a
 * record start inside it (the record may be cut short and followed by the next one):
 * `*cand` is its position, and bytes from there that are not in rec->block are kept in
 * r->side, so the stream can be rewound to it. Returns GA_ERR_TRUNCATED when the input
 * ends or breaks first (`*got` bytes read). */
static bool parse_http(ga_warc_record_t *rec, bool complete, bool *oom);

/* Ask the caller's keep function about the record, its HTTP head parsed when there is one
 * in the `complete` (whole block) or partial block kept so far. */
static bool ask_keep(ga_warc_reader_t *r, bool maybe_http, bool complete, bool *oom)
{
    ga_warc_record_t *rec = &r->rec;
    if (maybe_http && !rec->http_parsed) {
        rec->is_http = parse_http(rec, complete, oom);
        rec->http_parsed = true;
    }
    return r->keep_fn(rec, r->keep_data) != 0;
}

static ga_status_t read_block(ga_warc_reader_t *r, uint64_t len, size_t keep, bool head_only,
                              bool *ask, uint64_t *got, uint64_t *cand)
{
    ga_warc_stream_t *s = &r->s;
    ga_warc_record_t *rec = &r->rec;
    uint64_t start = s->pos;
    bool cand_dead = false;
    *got = 0;
    *cand = NONE;
    r->side.len = 0;
    while (*got < len) {
        uint64_t left = len - *got;
        ga_status_t st = ga_warc_stream_fill(s, (left < CHUNK ? (size_t)left : CHUNK) + START_LOOK);
        if (st != GA_OK)
            return st;
        size_t avail = ga_warc_stream_avail(s);
        size_t n = avail < left ? avail : (size_t)left;
        if (n == 0)
            return GA_ERR_TRUNCATED;
        const unsigned char *d = ga_warc_stream_data(s);
        if (*cand == NONE && !cand_dead) {
            size_t undecided, at = find_record_start(d, avail, &undecided);
            if (at < n)
                *cand = s->pos + at;
        }
        if (*got < keep) {
            size_t k = keep - *got < n ? (size_t)(keep - *got) : n;
            size_t from = rec->block.len > 3 ? rec->block.len - 3 : 0;
            if (!ga_buf_append(&rec->block, d, k))
                return GA_ERR_NO_MEMORY;
            /* For the HTTP head alone, stop keeping at the blank line that ends it. */
            if (head_only || *ask) {
                const char *h = rec->block.data;
                bool head_end = false;
                for (size_t i = from; i + 1 < rec->block.len; i++)
                    if (h[i] == '\n' && (h[i + 1] == '\n' ||
                                         (h[i + 1] == '\r' && i + 2 < rec->block.len &&
                                          h[i + 2] == '\n'))) {
                        head_end = true;
                        break;
                    }
                if (*ask && (head_end || rec->block.len >= GA_WARC_MAX_HEADER ||
                             *got + k == len)) {
                    bool oom = false;
                    rec->block_kept = ask_keep(r, true, *got + k == len, &oom);
                    if (oom)
                        return GA_ERR_NO_MEMORY;
                    *ask = false;
                    if (!rec->block_kept)
                        keep = *got + k;
                } else if (head_only && head_end) {
                    keep = *got + k; /* what is kept so far */
                }
            }
        }
        if (*cand != NONE) {
            /* Keep [max(cand, start + keep), pos + n) in side. */
            uint64_t from = *cand > start + keep ? *cand : start + keep;
            if (from < s->pos + n) {
                uint64_t a = from > s->pos ? from - s->pos : 0;
                if (r->side.len + (n - a) > r->max_record) {
                    *cand = NONE;
                    cand_dead = true;
                    r->side.len = 0;
                } else if (!ga_buf_append(&r->side, d + a, n - (size_t)a)) {
                    return GA_ERR_NO_MEMORY;
                }
            }
        }
        ga_warc_stream_consume(s, n);
        *got += n;
    }
    return GA_OK;
}

/* After a failed block: rewind the stream to the record start found inside it. */
static ga_status_t rewind_to(ga_warc_reader_t *r, uint64_t cand, uint64_t block_start,
                             size_t kept)
{
    ga_status_t st = ga_warc_stream_unread(&r->s, r->side.data, r->side.len);
    r->side.len = 0;
    uint64_t a = cand - block_start;
    if (st == GA_OK && a < kept)
        st = ga_warc_stream_unread(&r->s, r->rec.block.data + a, kept - (size_t)a);
    return st;
}

/* The block is followed by CRLF CRLF (LF LF accepted). Writers that put fewer line ends
 * there are tolerated when the next record (or the end) follows at once, unless `strict`:
 * when a record start was seen inside the block, only a real trailer shows that the block
 * is whole. */
static ga_status_t read_trailer(ga_warc_stream_t *s, bool strict, bool *ok)
{
    ga_status_t st = ga_warc_stream_fill(s, 4 + START_LOOK);
    if (st != GA_OK)
        return st;
    size_t n = ga_warc_stream_avail(s);
    const unsigned char *d = ga_warc_stream_data(s);
    *ok = false;
    if (n >= 4 && memcmp(d, "\r\n\r\n", 4) == 0) {
        ga_warc_stream_consume(s, 4);
        *ok = true;
    } else if (n >= 2 && memcmp(d, "\n\n", 2) == 0) {
        ga_warc_stream_consume(s, 2);
        *ok = true;
    } else if (!strict) {
        size_t k = 0;
        while (k < n && k < 4 && (d[k] == '\r' || d[k] == '\n'))
            k++;
        if (k == n || record_start_at(d + k, n - k) == 1) {
            ga_warc_stream_consume(s, k);
            *ok = true;
        }
    }
    return GA_OK;
}

/* HTTP -------------------------------------------------------------------------------- */

static bool starts_with_ci(const char *s, const char *prefix)
{
    return s && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Parse the HTTP message head at the start of the (kept part of the) block. `complete`:
 * the whole block is there, so a head that runs to its end is a whole head. */
static bool parse_http(ga_warc_record_t *rec, bool complete, bool *oom)
{
    const char *d = rec->block.data;
    size_t n = rec->block.len;
    const char *nl = d ? memchr(d, '\n', n) : NULL;
    if (!nl)
        return false;
    size_t l0 = strip_eol(d, (size_t)(nl - d) + 1);
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
        size_t l = strip_eol(d + i, len);
        i += len;
        if (l == 0) {
            ended = true;
            break;
        }
        if (!e && !complete)
            return false;
        header_line(&rec->http, d + i - len, l, oom); /* malformed lines are skipped */
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
        if (!ga_buf_reserve(out, CHUNK))
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

/* Decode the HTTP body: chunked transfer-encoding, then content-encodings, last applied
 * first. Errors stop decoding with what was decoded so far as the body. */
static ga_status_t decode_body(ga_warc_reader_t *r)
{
    ga_warc_record_t *rec = &r->rec;
    const char *cur = rec->block.data + rec->payload_off;
    size_t cur_len = rec->block.len - rec->payload_off;
    int slot = 0;
    rec->body = cur;
    rec->body_len = cur_len;
    if (r->flags & GA_WARC_NO_DECODE)
        return GA_OK;
    const char *te = fields_get(&rec->http, "Transfer-Encoding");
    if (te && strcasestr(te, "chunked")) {
        ga_buf_t *out = &rec->dec[slot];
        ga_status_t st = dechunk(cur, cur_len, out, r->max_record);
        if (st == GA_ERR_NO_MEMORY)
            return st;
        if (st != GA_ERR_NOT_FOUND) {
            if (!ga_buf_reserve(out, 0))
                return GA_ERR_NO_MEMORY;
            out->data[out->len] = '\0';
            cur = rec->body = out->data;
            cur_len = rec->body_len = out->len;
            slot ^= 1;
            if (st != GA_OK) {
                rec->body_status = st;
                return GA_OK;
            }
        }
    }
    const char *ce = fields_get(&rec->http, "Content-Encoding");
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
        trim(&tok, &tlen);
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
        cur = rec->body = out->data;
        cur_len = rec->body_len = out->len;
        slot ^= 1;
        if (st != GA_OK) {
            rec->body_status = st;
            return GA_OK;
        }
    }
    return GA_OK;
}

/* ga_warc_next ------------------------------------------------------------------------ */

static ga_status_t record_error(ga_warc_reader_t *r, ga_error_t **err, ga_status_t st,
                                const char *fmt, ...) GA_PRINTF(4, 5);
static ga_status_t record_error(ga_warc_reader_t *r, ga_error_t **err, ga_status_t st,
                                const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *uri = ga_warc_record_target_uri(&r->rec);
    if (uri)
        return ga_error_set_offset(err, st, (size_t)r->rec.offset, "%s record for %s: %s",
                                   ga_warc_type_name(r->rec.type), uri, msg);
    return ga_error_set_offset(err, st, (size_t)r->rec.offset, "%s", msg);
}

static void next_record_inside(ga_warc_record_t *rec, uint64_t at, uint64_t len)
{
    snprintf(rec->damage_why, sizeof rec->damage_why,
             "truncated: the next record starts %llu bytes into its block of %llu bytes",
             (unsigned long long)at, (unsigned long long)len);
}

static ga_status_t read_header(ga_warc_reader_t *r, ga_error_t **err)
{
    ga_warc_stream_t *s = &r->s;
    ga_warc_record_t *rec = &r->rec;
    size_t used = 0;
    bool oom = false;
    for (bool first = true;; first = false) {
        const char *line;
        size_t len;
        ga_status_t st = read_line(s, GA_WARC_MAX_HEADER - used, &line, &len);
        if (st == GA_ERR_LIMIT) {
            r->need_resync = true;
            return record_error(r, err, st, "WARC header longer than %zu bytes",
                                (size_t)GA_WARC_MAX_HEADER);
        }
        if (st == GA_ERR_TRUNCATED) {
            r->need_resync = true;
            if (s->broken) {
                ga_warc_stream_resume(s);
                return record_error(r, err, s->brk_status, "WARC header cut short: %s",
                                    s->brk_msg);
            }
            return record_error(r, err, st, "input ends inside the WARC header");
        }
        if (st != GA_OK)
            return stream_failure(r, st, err);
        size_t l = strip_eol(line, len);
        if (first) {
            /* record_start_at() checked the shape; versions are short. */
            if (l >= sizeof rec->version)
                l = sizeof rec->version - 1;
            memcpy(rec->version, line, l);
            rec->version[l] = '\0';
        } else if (l == 0) {
            ga_warc_stream_consume(s, len);
            return GA_OK;
        } else if (!header_line(&rec->warc, line, l, &oom)) {
            ga_warc_stream_consume(s, len);
            r->need_resync = true;
            return record_error(r, err, GA_ERR_FORMAT,
                                "malformed WARC header line at byte %llu (no field name)",
                                (unsigned long long)ga_warc_stream_file_offset(s, s->pos - len));
        }
        if (oom)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        used += len;
        ga_warc_stream_consume(s, len);
    }
}

ga_status_t ga_warc_next(ga_warc_reader_t *r, const ga_warc_record_t **out, ga_error_t **err)
{
    if (!out || !r) {
        if (out)
            *out = NULL;
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_warc_next: NULL argument");
    }
    *out = NULL;
    ga_warc_stream_t *s = &r->s;
    ga_warc_record_t *rec = &r->rec;
    record_reset(rec);
    ga_status_t st;
    if (r->need_resync) {
        r->need_resync = false;
        if ((st = scan_to_record(r)) != GA_OK)
            return stream_failure(r, st, err);
    }
    ga_warc_stream_prune(s, s->pos);

    /* Line ends between records are tolerated. */
    for (;;) {
        if ((st = ga_warc_stream_fill(s, 1)) != GA_OK)
            return stream_failure(r, st, err);
        if (ga_warc_stream_avail(s) == 0) {
            if (s->broken)
                return take_break(r, err);
            return GA_OK; /* the end */
        }
        unsigned char c = ga_warc_stream_data(s)[0];
        if (c != '\r' && c != '\n')
            break;
        ga_warc_stream_consume(s, 1);
    }
    uint64_t start = s->pos;
    rec->offset = ga_warc_stream_file_offset(s, start);
    if ((st = ga_warc_stream_fill(s, START_LOOK)) != GA_OK)
        return stream_failure(r, st, err);
    if (record_start_at(ga_warc_stream_data(s), ga_warc_stream_avail(s)) != 1) {
        if ((st = scan_to_record(r)) != GA_OK)
            return stream_failure(r, st, err);
        return ga_error_set_offset(err, GA_ERR_FORMAT, (size_t)rec->offset,
                                   "%llu bytes that are not a WARC record skipped",
                                   (unsigned long long)(s->pos - start));
    }

    if ((st = read_header(r, err)) != GA_OK)
        return st;
    rec->type = type_of(fields_get(&rec->warc, "WARC-Type"));
    const char *uri = fields_get(&rec->warc, "WARC-Target-URI");
    if (uri) {
        size_t ul = strlen(uri);
        if (ul >= 2 && uri[0] == '<' && uri[ul - 1] == '>') {
            uri++;
            ul -= 2;
        }
        if (!ga_buf_append(&rec->uri, uri, ul))
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    const char *cl = fields_get(&rec->warc, "Content-Length");
    if (!parse_length(cl, &rec->content_length)) {
        r->need_resync = true;
        if (cl)
            return record_error(r, err, GA_ERR_FORMAT, "bad Content-Length '%s'", cl);
        return record_error(r, err, GA_ERR_FORMAT, "no Content-Length header");
    }

    uint64_t len = rec->content_length;
    bool want = !(r->skip_types & GA_WARC_TYPE_BIT(rec->type));
    bool too_big = want && len > r->max_record;
    const char *ct = fields_get(&rec->warc, "Content-Type");
    bool http_type = rec->type == GA_WARC_RESPONSE || rec->type == GA_WARC_REQUEST ||
                     rec->type == GA_WARC_REVISIT;
    bool maybe_http = http_type && (starts_with_ci(ct, "application/http") || !ct);
    /* The keep function is asked before the block for records that are not HTTP, and
     * once the HTTP head is read for those that may be. */
    bool ask = r->keep_fn && want && !too_big;
    if (ask && !maybe_http) {
        bool oom = false;
        want = ask_keep(r, false, false, &oom);
        ask = false;
    }
    size_t keep = 0;
    if (want && !too_big)
        keep = (size_t)len;
    else if (maybe_http)
        keep = len < GA_WARC_MAX_HEADER ? (size_t)len : GA_WARC_MAX_HEADER;
    if (!ga_buf_reserve(&rec->block, keep))
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory for a block of %zu bytes", keep);
    rec->block.data[rec->block.len] = '\0'; /* an empty block is "" too */

    uint64_t block_start = s->pos, got, cand;
    bool asking = ask;
    st = read_block(r, len, keep, !(want && !too_big), &ask, &got, &cand);
    if (asking && !ask)
        want = rec->block_kept;
    rec->block_kept = false; /* set again once the record is whole */
    /* A block that does not end where its Content-Length says: an error, or with
     * GA_WARC_KEEP_DAMAGED (and a block not past the limit) the record as far as read. */
    bool keep_damaged = (r->flags & GA_WARC_KEEP_DAMAGED) && !too_big;
    ga_status_t damage = GA_OK;
    char why[224];
    if (st == GA_ERR_TRUNCATED) {
        /* The input ended, or the compressed input broke, inside the block. */
        damage = GA_ERR_TRUNCATED;
        if (s->broken) {
            damage = s->brk_status;
            snprintf(why, sizeof why, "%s (at byte %llu)", s->brk_msg,
                     (unsigned long long)s->brk_off);
            ga_warc_stream_resume(s);
        } else {
            snprintf(why, sizeof why, "truncated: the input ends");
        }
        /* Corrupt compressed data is not "what could be read". */
        keep_damaged = keep_damaged && damage == GA_ERR_TRUNCATED;
        if (cand != NONE) {
            if ((st = rewind_to(r, cand, block_start, rec->block.len)) != GA_OK)
                return stream_failure(r, st, err);
        } else {
            r->need_resync = true;
        }
        if (cand != NONE && !s->gzip)
            next_record_inside(rec, cand - block_start, len);
        else
            snprintf(rec->damage_why, sizeof rec->damage_why,
                     "%s after %llu of the %llu bytes of its block", why,
                     (unsigned long long)got, (unsigned long long)len);
    } else if (st != GA_OK) {
        return stream_failure(r, st, err);
    } else {
        bool ok;
        if ((st = read_trailer(s, cand != NONE, &ok)) != GA_OK)
            return stream_failure(r, st, err);
        if (!ok && cand != NONE) {
            /* Another record starts inside this block: this one was cut short there. */
            if ((st = rewind_to(r, cand, block_start, rec->block.len)) != GA_OK)
                return stream_failure(r, st, err);
            damage = GA_ERR_TRUNCATED;
            next_record_inside(rec, cand - block_start, len);
        } else if (!ok) {
            r->need_resync = true;
            damage = GA_ERR_FORMAT;
            snprintf(rec->damage_why, sizeof rec->damage_why,
                     "the block does not end after its Content-Length of %llu bytes "
                     "(no CRLF CRLF there)", (unsigned long long)len);
        }
        if (ok && s->gzip) {
            /* Look one byte ahead so zlib reaches the end of the record's gzip member and
             * checks its CRC: a record whose member fails the check is not handed out. */
            if ((st = ga_warc_stream_fill(s, ga_warc_stream_avail(s) + 1)) != GA_OK)
                return stream_failure(r, st, err);
            if (s->broken && s->brk_status == GA_ERR_FORMAT && s->brk_off == rec->offset &&
                ga_warc_stream_avail(s) == 0) {
                ga_warc_stream_resume(s);
                return record_error(r, err, GA_ERR_FORMAT, "%s: the record's content is damaged",
                                    s->brk_msg);
            }
        }
    }
    if (damage != GA_OK) {
        if (!keep_damaged)
            return record_error(r, err, damage, "%s", rec->damage_why);
        rec->damage = damage;
        /* The block ends where the next record starts. */
        if (cand != NONE && cand - block_start < rec->block.len) {
            rec->block.len = (size_t)(cand - block_start);
            rec->block.data[rec->block.len] = '\0';
            /* An HTTP head parsed for the keep function may reach past the cut. */
            rec->http.n = 0;
            rec->http.text.len = 0;
            shrink(&rec->http_line);
            rec->is_http = rec->http_parsed = false;
            rec->status = 0;
            rec->payload_off = 0;
        }
        if (ask) {
            bool oom = false;
            want = ask_keep(r, maybe_http, false, &oom);
            if (oom)
                return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        }
    }
    if (too_big)
        return record_error(r, err, GA_ERR_LIMIT,
                            "block of %llu bytes is larger than the limit of %zu bytes; skipped",
                            (unsigned long long)len, r->max_record);

    rec->block_kept = want;
    if (maybe_http && !rec->http_parsed) {
        bool oom = false;
        rec->is_http = parse_http(rec, rec->block.len == len, &oom);
        if (oom)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        if (!rec->is_http) {
            rec->http.n = 0;
            rec->http.text.len = 0;
        }
    }
    if (rec->block_kept) {
        if (rec->is_http) {
            if ((st = decode_body(r)) != GA_OK)
                return st == GA_ERR_NO_MEMORY ? ga_error_set(err, st, "out of memory")
                                              : ga_error_set(err, st, "zlib failure");
        } else {
            rec->body = rec->block.data;
            rec->body_len = rec->block.len;
        }
    }
    *out = rec;
    return GA_OK;
}

/* Accessors --------------------------------------------------------------------------- */

ga_warc_type_t ga_warc_record_type(const ga_warc_record_t *rec)
{
    return rec ? rec->type : GA_WARC_UNKNOWN;
}

uint64_t ga_warc_record_offset(const ga_warc_record_t *rec) { return rec ? rec->offset : 0; }

const char *ga_warc_record_version(const ga_warc_record_t *rec)
{
    return rec ? rec->version : NULL;
}

const char *ga_warc_record_header(const ga_warc_record_t *rec, const char *name)
{
    return rec && name ? fields_get(&rec->warc, name) : NULL;
}

size_t ga_warc_record_header_count(const ga_warc_record_t *rec) { return rec ? rec->warc.n : 0; }

const char *ga_warc_record_header_at(const ga_warc_record_t *rec, size_t index, const char **name)
{
    return rec ? fields_at(&rec->warc, index, name) : NULL;
}

const char *ga_warc_record_target_uri(const ga_warc_record_t *rec)
{
    return rec && rec->uri.data && fields_get(&rec->warc, "WARC-Target-URI") ? rec->uri.data
                                                                           : NULL;
}

const char *ga_warc_record_date(const ga_warc_record_t *rec)
{
    return ga_warc_record_header(rec, "WARC-Date");
}

const char *ga_warc_record_id(const ga_warc_record_t *rec)
{
    return ga_warc_record_header(rec, "WARC-Record-ID");
}

const char *ga_warc_record_content_type(const ga_warc_record_t *rec)
{
    return ga_warc_record_header(rec, "Content-Type");
}

uint64_t ga_warc_record_content_length(const ga_warc_record_t *rec)
{
    return rec ? rec->content_length : 0;
}

const char *ga_warc_record_block(const ga_warc_record_t *rec, size_t *len)
{
    if (!rec || !rec->block_kept) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = rec->block.len;
    return rec->block.data ? rec->block.data : "";
}

int ga_warc_record_is_http(const ga_warc_record_t *rec) { return rec && rec->is_http; }

int ga_warc_record_http_status(const ga_warc_record_t *rec) { return rec ? rec->status : 0; }

const char *ga_warc_record_http_line(const ga_warc_record_t *rec)
{
    return rec && rec->is_http ? rec->http_line.data : NULL;
}

const char *ga_warc_record_http_header(const ga_warc_record_t *rec, const char *name)
{
    return rec && name ? fields_get(&rec->http, name) : NULL;
}

size_t ga_warc_record_http_header_count(const ga_warc_record_t *rec)
{
    return rec ? rec->http.n : 0;
}

const char *ga_warc_record_http_header_at(const ga_warc_record_t *rec, size_t index,
                                          const char **name)
{
    return rec ? fields_at(&rec->http, index, name) : NULL;
}

const char *ga_warc_record_payload(const ga_warc_record_t *rec, size_t *len)
{
    if (!rec || !rec->block_kept || !rec->is_http) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = rec->block.len - rec->payload_off;
    return rec->block.data + rec->payload_off;
}

const char *ga_warc_record_body(const ga_warc_record_t *rec, size_t *len)
{
    if (!rec || !rec->block_kept) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = rec->body_len;
    return rec->body ? rec->body : "";
}

ga_status_t ga_warc_record_damage(const ga_warc_record_t *rec, const char **why)
{
    if (why)
        *why = rec && rec->damage ? rec->damage_why : NULL;
    return rec ? rec->damage : GA_OK;
}

ga_status_t ga_warc_record_body_status(const ga_warc_record_t *rec)
{
    return rec ? rec->body_status : GA_OK;
}
