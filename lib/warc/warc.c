/* Opening readers and reading records on top of warc-stream: WARC headers (ARC ones
 * are arc.c's), blocks, and recovery from damaged records. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "warc-private.h"

#define NONE GA_WARC_NONE
#define CHUNK GA_WARC_CHUNK
/* Bytes needed to recognise a record start: "WARC/1.0\r\n" and versions like "0.17". */
#define START_LOOK 12

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
    if ((st = ga_arc_sniff(r, name, err)) != GA_OK) {
        ga_warc_reader_free(r);
        *out = NULL;
    }
    return st;
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
    ga_warc_record_release(&r->rec);
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

/* Offset of the first record start in p[0, n); n when none, and then `*undecided` is where
 * a record may start that more bytes would tell. In ARC input only line starts count:
 * p[0] is one when `bol`. */
static size_t find_record_start(const ga_warc_reader_t *r, bool bol, const unsigned char *p,
                                size_t n, size_t *undecided)
{
    *undecided = n;
    if (r->arc) {
        size_t i = 0;
        if (!bol) {
            const unsigned char *q = memchr(p, '\n', n);
            if (!q)
                return n;
            i = (size_t)(q - p) + 1;
        }
        while (i < n) {
            int m = ga_arc_line_at(&r->spec, p + i, n - i);
            if (m == 1)
                return i;
            if (m < 0) {
                *undecided = i;
                return n;
            }
            const unsigned char *q = memchr(p + i, '\n', n - i);
            if (!q)
                break;
            i = (size_t)(q - p) + 1;
        }
        return n;
    }
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

ga_status_t ga_warc_stream_failure(ga_warc_reader_t *r, ga_status_t st, ga_error_t **err)
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

/* Discard bytes up to the next record start (or the end), going on after breaks. An ARC
 * record starts a line: the one at the current position is not taken. */
static ga_status_t scan_to_record(ga_warc_reader_t *r)
{
    ga_warc_stream_t *s = &r->s;
    bool bol = false;
    for (;;) {
        ga_status_t st = ga_warc_stream_fill(s, CHUNK);
        if (st != GA_OK)
            return st;
        size_t n = ga_warc_stream_avail(s), undecided;
        if (n == 0) {
            if (!s->broken)
                return GA_OK;
            ga_warc_stream_resume(s);
            bol = true;
            continue;
        }
        const unsigned char *d = ga_warc_stream_data(s);
        size_t at = find_record_start(r, bol, d, n, &undecided);
        if (at < n) {
            ga_warc_stream_consume(s, at);
            return GA_OK;
        }
        /* A full CHUNK means more may follow: keep a possible start near the end (it is
         * decided once more bytes are in). Less means the end or a break. */
        if (n >= CHUNK && undecided < n) {
            ga_warc_stream_consume(s, undecided);
            bol = true;
            continue;
        }
        bol = d[n - 1] == '\n';
        ga_warc_stream_consume(s, n);
        if (n < CHUNK && s->broken) {
            ga_warc_stream_resume(s);
            bol = true;
        }
    }
}

/* Content-Length: decimal digits only, below 2^62. */
bool ga_warc_parse_length(const char *v, uint64_t *out)
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

/* Ask the caller's keep function about the record, its HTTP head parsed when there is one
 * in the `complete` (whole block) or partial block kept so far. */
static bool ask_keep(ga_warc_reader_t *r, bool maybe_http, bool complete, bool *oom)
{
    ga_warc_record_t *rec = &r->rec;
    if (maybe_http && !rec->http_parsed) {
        rec->is_http = ga_warc_parse_http(rec, complete, oom);
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
    bool cand_dead = false, bol = true;
    size_t look = r->arc ? GA_ARC_LOOK : START_LOOK;
    *got = 0;
    *cand = NONE;
    r->side.len = 0;
    while (*got < len) {
        uint64_t left = len - *got;
        ga_status_t st = ga_warc_stream_fill(s, (left < CHUNK ? (size_t)left : CHUNK) + look);
        if (st != GA_OK)
            return st;
        size_t avail = ga_warc_stream_avail(s);
        size_t n = avail < left ? avail : (size_t)left;
        if (n == 0)
            return GA_ERR_TRUNCATED;
        const unsigned char *d = ga_warc_stream_data(s);
        if (*cand == NONE && !cand_dead) {
            size_t undecided, at = find_record_start(r, bol, d, avail, &undecided);
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
        bol = d[n - 1] == '\n';
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

/* An ARC block is followed by a line end. Unless `strict` (a record start was seen inside
 * the block: a line end may be one of the next record's), that is enough; else the block
 * is whole when the next record or the end follows the line ends there. */
static ga_status_t read_arc_trailer(ga_warc_reader_t *r, bool strict, bool *ok)
{
    ga_warc_stream_t *s = &r->s;
    ga_status_t st = ga_warc_stream_fill(s, 4 + GA_ARC_LOOK);
    if (st != GA_OK)
        return st;
    size_t n = ga_warc_stream_avail(s), k = 0;
    const unsigned char *d = ga_warc_stream_data(s);
    if (n == 0) {
        *ok = true; /* the end, or a break the next call reports */
        return GA_OK;
    }
    while (k < n && k < 4 && (d[k] == '\r' || d[k] == '\n'))
        k++;
    /* -1: the next line is cut short by the end; the next call reports that. */
    *ok = (!strict && k > 0 && (d[0] == '\n' || (k > 1 && d[1] == '\n'))) || k == n ||
          ga_arc_line_at(&r->spec, d + k, n - k) != 0;
    if (*ok)
        ga_warc_stream_consume(s, k);
    return GA_OK;
}

/* The block is followed by CRLF CRLF (LF LF accepted). Writers that put fewer line ends
 * there are tolerated when the next record (or the end) follows at once, unless `strict`:
 * when a record start was seen inside the block, only a real trailer shows that the block
 * is whole. */
static ga_status_t read_trailer(ga_warc_reader_t *r, bool strict, bool *ok)
{
    if (r->arc)
        return read_arc_trailer(r, strict, ok);
    ga_warc_stream_t *s = &r->s;
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

static bool starts_with_ci(const char *s, const char *prefix)
{
    return s && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* ga_warc_next ------------------------------------------------------------------------ */

ga_status_t ga_warc_record_error(ga_warc_reader_t *r, ga_error_t **err, ga_status_t st,
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

ga_status_t ga_warc_line_failure(ga_warc_reader_t *r, ga_status_t st, const char *what,
                                 ga_error_t **err)
{
    ga_warc_stream_t *s = &r->s;
    if (st != GA_ERR_LIMIT && st != GA_ERR_TRUNCATED)
        return ga_warc_stream_failure(r, st, err);
    r->need_resync = true;
    if (st == GA_ERR_LIMIT)
        return ga_warc_record_error(r, err, st, "%s longer than %zu bytes", what,
                                    (size_t)GA_WARC_MAX_HEADER);
    if (s->broken) {
        ga_warc_stream_resume(s);
        return ga_warc_record_error(r, err, s->brk_status, "%s cut short: %s", what, s->brk_msg);
    }
    return ga_warc_record_error(r, err, st, "input ends inside the %s", what);
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
        ga_status_t st = ga_warc_read_line(s, GA_WARC_MAX_HEADER - used, &line, &len);
        if (st != GA_OK)
            return ga_warc_line_failure(r, st, "WARC header", err);
        size_t l = ga_warc_strip_eol(line, len);
        if (first) {
            /* record_start_at() checked the shape; versions are short. */
            if (l >= sizeof rec->version)
                l = sizeof rec->version - 1;
            memcpy(rec->version, line, l);
            rec->version[l] = '\0';
        } else if (l == 0) {
            ga_warc_stream_consume(s, len);
            return GA_OK;
        } else if (!ga_warc_header_line(&rec->warc, line, l, &oom)) {
            ga_warc_stream_consume(s, len);
            r->need_resync = true;
            uint64_t at = ga_warc_stream_file_offset(s, s->pos - len);
            return ga_warc_record_error(r, err, GA_ERR_FORMAT,
                                        "malformed WARC header line at byte %llu (no field name)",
                                        (unsigned long long)at);
        }
        if (oom)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        used += len;
        ga_warc_stream_consume(s, len);
    }
}

/* The WARC header block, its type, target URI and Content-Length into r->rec. */
static ga_status_t read_warc_header(ga_warc_reader_t *r, ga_error_t **err)
{
    ga_warc_record_t *rec = &r->rec;
    ga_status_t st = read_header(r, err);
    if (st != GA_OK)
        return st;
    rec->type = ga_warc_type_of(ga_warc_fields_get(&rec->warc, "WARC-Type"));
    const char *uri = ga_warc_fields_get(&rec->warc, "WARC-Target-URI");
    if (uri) {
        size_t ul = strlen(uri);
        if (ul >= 2 && uri[0] == '<' && uri[ul - 1] == '>') {
            uri++;
            ul -= 2;
        }
        if (!ga_buf_append(&rec->uri, uri, ul))
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    const char *cl = ga_warc_fields_get(&rec->warc, "Content-Length");
    if (!ga_warc_parse_length(cl, &rec->content_length)) {
        r->need_resync = true;
        if (cl)
            return ga_warc_record_error(r, err, GA_ERR_FORMAT, "bad Content-Length '%s'", cl);
        return ga_warc_record_error(r, err, GA_ERR_FORMAT, "no Content-Length header");
    }
    return GA_OK;
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
    ga_warc_record_reset(rec);
    ga_status_t st;
    if (r->need_resync) {
        r->need_resync = false;
        if ((st = scan_to_record(r)) != GA_OK)
            return ga_warc_stream_failure(r, st, err);
    }
    ga_warc_stream_prune(s, s->pos);

    /* Line ends between records are tolerated. */
    for (;;) {
        if ((st = ga_warc_stream_fill(s, 1)) != GA_OK)
            return ga_warc_stream_failure(r, st, err);
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
    if ((st = ga_warc_stream_fill(s, r->arc ? GA_ARC_LOOK : START_LOOK)) != GA_OK)
        return ga_warc_stream_failure(r, st, err);
    const unsigned char *d = ga_warc_stream_data(s);
    size_t n = ga_warc_stream_avail(s);
    /* An ARC line cut short by the end of the input is reported by its reader. */
    if (r->arc ? ga_arc_line_at(&r->spec, d, n) == 0 : record_start_at(d, n) != 1) {
        if ((st = scan_to_record(r)) != GA_OK)
            return ga_warc_stream_failure(r, st, err);
        return ga_error_set_offset(err, GA_ERR_FORMAT, (size_t)rec->offset,
                                   "%llu bytes that are not %s record skipped",
                                   (unsigned long long)(s->pos - start),
                                   r->arc ? "an ARC" : "a WARC");
    }
    if (r->arc)
        st = ga_arc_read_header(r, err);
    else
        st = read_warc_header(r, err);
    if (st != GA_OK)
        return st;
    uint64_t len = rec->content_length;
    bool want = !(r->skip_types & GA_WARC_TYPE_BIT(rec->type));
    bool too_big = want && len > r->max_record;
    const char *ct = ga_warc_fields_get(&rec->warc, "Content-Type");
    bool http_type = rec->type == GA_WARC_RESPONSE || rec->type == GA_WARC_REQUEST ||
                     rec->type == GA_WARC_REVISIT;
    /* ARC records are HTTP when their URL is (ga_arc_read_header() makes them responses). */
    bool maybe_http = http_type && (r->arc || starts_with_ci(ct, "application/http") || !ct);
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
                return ga_warc_stream_failure(r, st, err);
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
        return ga_warc_stream_failure(r, st, err);
    } else {
        bool ok;
        if ((st = read_trailer(r, cand != NONE, &ok)) != GA_OK)
            return ga_warc_stream_failure(r, st, err);
        if (!ok && cand != NONE) {
            /* Another record starts inside this block: this one was cut short there. */
            if ((st = rewind_to(r, cand, block_start, rec->block.len)) != GA_OK)
                return ga_warc_stream_failure(r, st, err);
            damage = GA_ERR_TRUNCATED;
            next_record_inside(rec, cand - block_start, len);
        } else if (!ok) {
            r->need_resync = true;
            damage = GA_ERR_FORMAT;
            snprintf(rec->damage_why, sizeof rec->damage_why,
                     r->arc ? "the block does not end after its Archive-length of %llu bytes "
                              "(no record follows)"
                            : "the block does not end after its Content-Length of %llu bytes "
                              "(no CRLF CRLF there)",
                     (unsigned long long)len);
        }
        if (ok && s->gzip) {
            /* Look one byte ahead so zlib reaches the end of the record's gzip member and
             * checks its CRC: a record whose member fails the check is not handed out. */
            if ((st = ga_warc_stream_fill(s, ga_warc_stream_avail(s) + 1)) != GA_OK)
                return ga_warc_stream_failure(r, st, err);
            if (s->broken && s->brk_status == GA_ERR_FORMAT && s->brk_off == rec->offset &&
                ga_warc_stream_avail(s) == 0) {
                ga_warc_stream_resume(s);
                return ga_warc_record_error(r, err, GA_ERR_FORMAT,
                                            "%s: the record's content is damaged",
                                            s->brk_msg);
            }
        }
    }
    if (damage != GA_OK) {
        if (!keep_damaged)
            return ga_warc_record_error(r, err, damage, "%s", rec->damage_why);
        rec->damage = damage;
        /* The block ends where the next record starts. */
        if (cand != NONE && cand - block_start < rec->block.len) {
            rec->block.len = (size_t)(cand - block_start);
            /* ARC writers end a record with one line end. */
            if (r->arc && rec->block.len && rec->block.data[rec->block.len - 1] == '\n')
                rec->block.len--;
            rec->block.data[rec->block.len] = '\0';
            /* An HTTP head parsed for the keep function may reach past the cut. */
            rec->http.n = 0;
            rec->http.text.len = 0;
            ga_warc_shrink(&rec->http_line);
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
        return ga_warc_record_error(r, err, GA_ERR_LIMIT,
                                    "block of %llu bytes is larger than the limit of %zu bytes; "
                                    "skipped",
                                    (unsigned long long)len, r->max_record);

    rec->block_kept = want;
    if (maybe_http && !rec->http_parsed) {
        bool oom = false;
        rec->is_http = ga_warc_parse_http(rec, rec->block.len == len, &oom);
        if (oom)
            return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        if (!rec->is_http) {
            rec->http.n = 0;
            rec->http.text.len = 0;
        }
    }
    if (rec->block_kept) {
        if (rec->is_http) {
            if ((st = ga_warc_decode_body(r)) != GA_OK)
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
