/* State shared by the files of lib/warc: the reader and record structs, header fields,
 * and the functions one file gives another. warc.c reads records (the WARC headers, the
 * block and recovery from damage), arc.c the ARC headers in front of the same blocks,
 * http.c the header fields, HTTP heads and body decoding, record.c the accessors. */
#ifndef GA_WARC_PRIVATE_H
#define GA_WARC_PRIVATE_H

#include <govaudit/warc.h>

#include "warc-fields.h"
#include "warc-stream.h"

#define GA_WARC_NONE UINT64_MAX
#define GA_WARC_CHUNK ((size_t)65536)

/* Columns an ARC field-spec line may name, in the order of the version 2 spec. */
typedef enum ga_arc_col {
    GA_ARC_URL,
    GA_ARC_IP,
    GA_ARC_DATE,
    GA_ARC_TYPE,
    GA_ARC_RESULT,
    GA_ARC_CHECKSUM,
    GA_ARC_LOCATION,
    GA_ARC_OFFSET,
    GA_ARC_FILENAME,
    GA_ARC_LENGTH,
    GA_ARC_NCOLS
} ga_arc_col_t;

/* An ARC file's layout, from its version block. */
typedef struct ga_arc_spec {
    unsigned char col[GA_ARC_NCOLS]; /* column of each field of a URL-record line */
    size_t n;
    char version[16];                /* "ARC/1.0" */
} ga_arc_spec_t;

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
    bool arc;          /* an ARC file (found by ga_arc_sniff()) */
    ga_arc_spec_t spec; /* its layout */
    ga_buf_t side; /* bytes after a possible record start inside a block not kept */
    z_stream z;
    bool z_init;
    ga_warc_record_t rec;
};

/* Inline, as they run for every header line of every record. */

static inline size_t ga_warc_strip_eol(const char *line, size_t len)
{
    if (len && line[len - 1] == '\n')
        len--;
    if (len && line[len - 1] == '\r')
        len--;
    return len;
}

/* One line of at most `budget` bytes; `*len` includes the line end. TRUNCATED when the
 * input ends first, LIMIT past the budget. The line stays valid until the next fill. */
static inline ga_status_t ga_warc_read_line(ga_warc_stream_t *s, size_t budget, const char **line,
                                            size_t *len)
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
        size_t want = n + GA_WARC_CHUNK < budget + 1 ? n + GA_WARC_CHUNK : budget + 1;
        ga_status_t st = ga_warc_stream_fill(s, want);
        if (st != GA_OK)
            return st;
        if (ga_warc_stream_avail(s) == n)
            return GA_ERR_TRUNCATED;
    }
}

/* http.c */
/* Content-Length (and ARC Archive-length): decimal digits only, below 2^62. */
bool ga_warc_parse_length(const char *v, uint64_t *out);
/* Parse the HTTP message head at the start of the (kept part of the) block. `complete`:
 * the whole block is there, so a head that runs to its end is a whole head. */
bool ga_warc_parse_http(ga_warc_record_t *rec, bool complete, bool *oom);
/* Decode the HTTP body into rec->body (chunked, then content-encodings). */
ga_status_t ga_warc_decode_body(ga_warc_reader_t *r);

/* record.c */
void ga_warc_shrink(ga_buf_t *b);
void ga_warc_record_reset(ga_warc_record_t *r);
void ga_warc_record_release(ga_warc_record_t *r);
ga_warc_type_t ga_warc_type_of(const char *name);

/* warc.c */
/* Fail for the current record: the error names its type and URI and is at its offset. */
ga_status_t ga_warc_record_error(ga_warc_reader_t *r, ga_error_t **err, ga_status_t st,
                                 const char *fmt, ...) GA_PRINTF(4, 5);
/* Fail for a line ga_warc_read_line() did not give (`what` names it), going on after it
 * at the next call. */
ga_status_t ga_warc_line_failure(ga_warc_reader_t *r, ga_status_t st, const char *what,
                                 ga_error_t **err);
/* Fail for an I/O, memory or zlib failure of the stream. */
ga_status_t ga_warc_stream_failure(ga_warc_reader_t *r, ga_status_t st, ga_error_t **err);

/* arc.c */
/* Bytes an ARC URL-record line may take to be recognised as one. */
#define GA_ARC_LOOK ((size_t)16384)
/* Look at the start of the input: an ARC file starts with a filedesc:// version block,
 * which is checked and sets r->arc and r->spec. GA_ERR_FORMAT for a bad version block. */
ga_status_t ga_arc_sniff(ga_warc_reader_t *r, const char *name, ga_error_t **err);
/* Is an ARC URL-record line of layout `spec` at p? 1 yes, 0 no, -1 when `n` bytes are too
 * few to tell. */
int ga_arc_line_at(const ga_arc_spec_t *spec, const unsigned char *p, size_t n);
/* Read the URL-record line at the stream position into r->rec (type, WARC-style header
 * fields, version, content length); a filedesc:// line's version block is checked. */
ga_status_t ga_arc_read_header(ga_warc_reader_t *r, ga_error_t **err);

#endif
