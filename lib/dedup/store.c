/* Saving and loading an index: a versioned binary file with a checksum (see
 * docs/dedup-format.md). Every count and offset is checked before use. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dedup-internal.h"

static const char dd_magic[8] = {'G', 'A', 'D', 'E', 'D', 'U', 'P', '\0'};
#define DD_VERSION 1u
#define DD_HEADER 32u
#define DD_BLOCK ((size_t)1 << 20) /* the checksum chains ga_hash64 over 1 MiB blocks */
#define DD_DOC_REC 24u

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

uint64_t dd_checksum(const unsigned char *p, size_t len)
{
    uint64_t h = DD_SEED;
    for (size_t off = 0; off < len; off += DD_BLOCK)
        h = ga_hash64(p + off, len - off < DD_BLOCK ? len - off : DD_BLOCK, h);
    return h;
}

typedef struct writer {
    FILE *f;
    unsigned char *buf;
    size_t len;
    uint64_t total, sum;
    bool failed;
} writer_t;

static void w_flush(writer_t *w)
{
    if (!w->len)
        return;
    w->sum = ga_hash64(w->buf, w->len, w->sum);
    if (fwrite(w->buf, 1, w->len, w->f) != w->len)
        w->failed = true;
    w->len = 0;
}

static void w_bytes(writer_t *w, const void *data, size_t len)
{
    const unsigned char *p = data;
    w->total += len;
    while (len) {
        size_t n = DD_BLOCK - w->len < len ? DD_BLOCK - w->len : len;
        memcpy(w->buf + w->len, p, n);
        w->len += n;
        p += n;
        len -= n;
        if (w->len == DD_BLOCK)
            w_flush(w);
    }
}

static void w32(writer_t *w, uint32_t v)
{
    unsigned char b[4];
    put32(b, v);
    w_bytes(w, b, 4);
}

static void w64(writer_t *w, uint64_t v)
{
    unsigned char b[8];
    put64(b, v);
    w_bytes(w, b, 8);
}

ga_status_t ga_dedup_index_save(const ga_dedup_index_t *idx, const char *path, ga_error_t **err)
{
    if (!idx || !path)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL index or path");
    /* Write a temporary file and rename it: readers never see a half-written index. */
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 32);
    if (!tmp)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    snprintf(tmp, plen + 32, "%s.tmp%ld", path, (long)getpid());
    writer_t w = {fopen(tmp, "wb"), malloc(DD_BLOCK), 0, 0, DD_SEED, false};
    if (!w.f || !w.buf) {
        int e = errno;
        if (w.f) {
            fclose(w.f);
            remove(tmp);
        }
        free(w.buf);
        free(tmp);
        return w.f ? ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory")
                   : ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: %s", path, strerror(e));
    }
    unsigned char header[DD_HEADER] = {0};
    if (fwrite(header, 1, DD_HEADER, w.f) != DD_HEADER)
        w.failed = true;
    const dd_params_t *p = &idx->params;
    w32(&w, p->k);
    w32(&w, p->rows);
    w32(&w, p->bands);
    w32(&w, idx->tokenizer_id);
    uint64_t tbits;
    memcpy(&tbits, &idx->threshold, 8);
    w64(&w, tbits);
    w64(&w, idx->ndocs);
    w64(&w, idx->nshingles);
    w64(&w, idx->strings.len);
    for (size_t i = 0; i < idx->ndocs; i++) {
        const dd_doc_t *d = &idx->docs[i];
        w64(&w, d->exact);
        w64(&w, d->simhash);
        w32(&w, (uint32_t)d->day);
        w32(&w, d->nsh);
    }
    for (size_t i = 0; i < idx->ndocs * p->bands; i++)
        w32(&w, idx->bandkeys[i]);
    for (size_t i = 0; i < idx->nshingles; i++)
        w32(&w, idx->shingles[i]);
    w_bytes(&w, idx->strings.data, idx->strings.len);
    w_flush(&w);
    memcpy(header, dd_magic, 8);
    put32(header + 8, DD_VERSION);
    put32(header + 12, DD_HEADER);
    put64(header + 16, w.total);
    put64(header + 24, w.sum);
    if (fseek(w.f, 0, SEEK_SET) != 0 || fwrite(header, 1, DD_HEADER, w.f) != DD_HEADER)
        w.failed = true;
    int e = errno;
    if (fclose(w.f) != 0)
        w.failed = true;
    free(w.buf);
    if (!w.failed && rename(tmp, path) != 0) {
        e = errno;
        w.failed = true;
    }
    if (w.failed) {
        remove(tmp);
        free(tmp);
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: write error: %s", path,
                               strerror(e ? e : EIO));
    }
    free(tmp);
    return GA_OK;
}

static ga_status_t bad(ga_error_t **err, size_t off, const char *what)
{
    return ga_error_set_offset(err, GA_ERR_FORMAT, off, "not a valid dedup index: %s", what);
}

ga_status_t ga_dedup_index_load_mem(const void *data, size_t len, const ga_dedup_options_t *opts,
                                    ga_dedup_index_t **out, ga_error_t **err)
{
    if (!out || (len && !data))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL data or output");
    const unsigned char *b = data;
    if (len < DD_HEADER || memcmp(b, dd_magic, 8) != 0)
        return bad(err, 0, "bad magic (not a govaudit dedup index)");
    if (get32(b + 8) != DD_VERSION)
        return ga_error_set_offset(err, GA_ERR_FORMAT, 8,
                                   "dedup index format version %u, this library reads %u",
                                   get32(b + 8), DD_VERSION);
    if (get32(b + 12) != DD_HEADER)
        return bad(err, 12, "bad header size");
    uint64_t plen = get64(b + 16);
    if (plen != len - DD_HEADER)
        return ga_error_set_offset(err, GA_ERR_FORMAT, 16,
                                   "payload length %llu does not match the file (%zu bytes)",
                                   (unsigned long long)plen, len - DD_HEADER);
    const unsigned char *p = b + DD_HEADER;
    if (dd_checksum(p, (size_t)plen) != get64(b + 24))
        return bad(err, 24, "checksum mismatch (the file is corrupt)");
    size_t off = 0;
#define NEED(n, what)                                                                            \
    do {                                                                                       \
        if ((uint64_t)(n) > plen - off)                                                        \
            return bad(err, DD_HEADER + off, what);                                            \
    } while (0)
    NEED(48, "truncated parameters");
    uint32_t k = get32(p), rows = get32(p + 4), bands = get32(p + 8), tok = get32(p + 12);
    uint64_t tbits = get64(p + 16);
    double threshold;
    memcpy(&threshold, &tbits, 8);
    uint64_t ndocs = get64(p + 24), nsh_total = get64(p + 32), slen = get64(p + 40);
    if (tok != DD_TOK_DICT && tok != DD_TOK_ICU)
        return bad(err, DD_HEADER + 12, "unknown tokenizer");
    if (k < 1 || k > 16)
        return bad(err, DD_HEADER, "shingle size out of range");
    unsigned r2, b2;
    if (!(threshold > 0.0 && threshold <= 1.0) || ga_dedup_banding(threshold, &r2, &b2, NULL) ||
        r2 != rows || b2 != bands)
        return bad(err, DD_HEADER + 4, "banding does not match the threshold");
    off = 48;
    if (ndocs > (uint64_t)INT32_MAX)
        return bad(err, DD_HEADER + 24, "too many documents");
    NEED(ndocs * DD_DOC_REC, "truncated document table");
    const unsigned char *recs = p + off;
    off += (size_t)ndocs * DD_DOC_REC;
    NEED(ndocs * bands * 4, "truncated band keys");
    const unsigned char *keys = p + off;
    off += (size_t)(ndocs * bands * 4);
    if (nsh_total > plen / 4)
        return bad(err, DD_HEADER + 32, "shingle count too large");
    NEED(nsh_total * 4, "truncated shingles");
    const unsigned char *sh = p + off;
    off += (size_t)nsh_total * 4;
    NEED(slen, "truncated strings");
    const char *strs = (const char *)p + off;
    off += (size_t)slen;
    if (off != plen)
        return bad(err, DD_HEADER + off, "trailing bytes");
#undef NEED
    size_t bad_at;
    if (ga_utf8_validate(strs, (size_t)slen, &bad_at))
        return bad(err, (size_t)(strs - (const char *)b) + bad_at, "invalid UTF-8 in metadata");

    ga_dedup_options_t o;
    ga_status_t st = dd_options_read(opts, &o, err);
    if (st)
        return st;
    o.threshold = threshold; /* the file's threshold rules */
    ga_dedup_index_t *idx;
    st = dd_index_create(&o, threshold, k, tok, &idx, err);
    if (st)
        return st;
    uint32_t *shv = malloc(((size_t)nsh_total ? (size_t)nsh_total : 1) * sizeof *shv);
    uint32_t kv[DD_K];
    if (!shv) {
        ga_dedup_index_free(idx);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    size_t sh_at = 0, s_at = 0;
    for (size_t i = 0; i < ndocs && !st; i++) {
        const unsigned char *r = recs + i * DD_DOC_REC;
        uint32_t nsh = get32(r + 20);
        size_t rec_off = DD_HEADER + 48 + i * DD_DOC_REC;
        if (nsh > nsh_total - sh_at) {
            st = bad(err, rec_off + 20, "shingle counts exceed the total");
            break;
        }
        const unsigned char *q = sh + sh_at * 4;
        for (uint32_t j = 0; j < nsh; j++) {
            shv[j] = get32(q + 4 * j);
            if (j && shv[j] <= shv[j - 1]) {
                st = bad(err, (size_t)(q - b) + 4 * j, "shingles not sorted");
                break;
            }
        }
        if (st)
            break;
        for (uint32_t j = 0; j < bands; j++)
            kv[j] = get32(keys + ((size_t)i * bands + j) * 4);
        /* DD_NFIELDS NUL-terminated fields. */
        size_t e = s_at;
        for (unsigned f = 0; f < DD_NFIELDS; f++) {
            const char *z = memchr(strs + e, '\0', (size_t)slen - e);
            if (!z) {
                st = bad(err, (size_t)(strs - (const char *)b) + e, "truncated metadata strings");
                break;
            }
            e = (size_t)(z - strs) + 1;
        }
        if (st)
            break;
        st = dd_index_append_raw(idx, get64(r), get64(r + 8), (int32_t)get32(r + 16), shv, nsh,
                                 kv, strs + s_at, e - s_at, err);
        sh_at += nsh;
        s_at = e;
    }
    free(shv);
    if (!st && (sh_at != nsh_total || s_at != slen))
        st = bad(err, DD_HEADER + 32, "unused shingles or metadata");
    if (st) {
        ga_dedup_index_free(idx);
        return st;
    }
    *out = idx;
    return GA_OK;
}

ga_status_t ga_dedup_index_load(const char *path, const ga_dedup_options_t *opts,
                                ga_dedup_index_t **out, ga_error_t **err)
{
    if (!path || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "NULL path or output");
    char *data;
    size_t len;
    ga_status_t st = ga_read_file(path, &data, &len, err);
    if (st)
        return st;
    st = ga_dedup_index_load_mem(data, len, opts, out, err);
    free(data);
    if (st && err && *err && ga_error_status(*err) == GA_ERR_FORMAT) {
        size_t off = ga_error_offset(*err);
        char *msg = strdup(ga_error_message(*err));
        if (msg) {
            ga_error_set_offset(err, GA_ERR_FORMAT, off, "%s: %s", path, msg);
            free(msg);
        }
    }
    return st;
}
