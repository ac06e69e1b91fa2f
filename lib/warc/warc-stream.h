/* Byte stream under the WARC parser (private to lib/warc). Positions ("pos") count bytes
 * of the uncompressed stream; file offsets are mapped through the gzip member starts. */
#ifndef GA_WARC_STREAM_H
#define GA_WARC_STREAM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <zlib.h>

#include "core/core-internal.h"

typedef struct ga_warc_boundary {
    uint64_t out_pos; /* stream position where a gzip member's output begins */
    uint64_t in_off;  /* file offset of that member */
} ga_warc_boundary_t;

typedef struct ga_warc_stream {
    /* raw input: in[in_start, in_end) is unread; in[0] is at file offset in_base */
    FILE *file;
    bool own_file, file_eof, seekable;
    int io_error;
    unsigned char *inbuf;
    const unsigned char *in;
    size_t in_start, in_end;
    uint64_t in_base, in_base_start;

    /* gzip */
    bool gzip, z_init, in_member, recovering, z_out_full;
    z_stream z;
    uint64_t member_off;
    ga_warc_boundary_t *bounds;
    size_t nb, capb;

    /* uncompressed bytes: buf[r, w) are buffered; buf[r] is at stream position pos */
    unsigned char *buf;
    size_t cap, r, w;
    uint64_t pos;
    bool eof;  /* no more bytes will come */

    /* A break: damage in the compressed input (or garbage between members). The stream
     * yields no more bytes until ga_warc_stream_resume(); brk_* describe the damage. */
    bool broken;
    ga_status_t brk_status;
    uint64_t brk_off;
    char brk_msg[160];
} ga_warc_stream_t;

void ga_warc_stream_init(ga_warc_stream_t *s);
ga_status_t ga_warc_stream_open_file(ga_warc_stream_t *s, FILE *f, bool own);
void ga_warc_stream_open_memory(ga_warc_stream_t *s, const void *data, size_t len);
/* Detect compression from the first bytes. */
ga_status_t ga_warc_stream_start(ga_warc_stream_t *s);
/* Buffer at least `need` bytes unless the input ends or breaks first. Fails only on
 * I/O, memory or zlib set-up errors. */
ga_status_t ga_warc_stream_fill(ga_warc_stream_t *s, size_t need);
void ga_warc_stream_consume(ga_warc_stream_t *s, size_t n);
/* Put `n` bytes back in front of the buffered ones (the stream position moves back). */
ga_status_t ga_warc_stream_unread(ga_warc_stream_t *s, const void *data, size_t n);
void ga_warc_stream_resume(ga_warc_stream_t *s);
uint64_t ga_warc_stream_file_offset(const ga_warc_stream_t *s, uint64_t pos);
/* Forget member starts no longer needed to map positions at or after `pos`. */
void ga_warc_stream_prune(ga_warc_stream_t *s, uint64_t pos);
void ga_warc_stream_close(ga_warc_stream_t *s);

static inline size_t ga_warc_stream_avail(const ga_warc_stream_t *s) { return s->w - s->r; }
static inline const unsigned char *ga_warc_stream_data(const ga_warc_stream_t *s)
{
    return s->buf ? s->buf + s->r : NULL;
}

#endif
