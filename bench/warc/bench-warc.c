/* WARC reading throughput next to its floors, measured in the same run on the same bytes:
 * - gzip: bare zlib inflate of every member of the .warc.gz into a scratch buffer (what
 *   any reader must at least do) against ga_warc_next over the same file;
 * - plain: one memchr pass over the .warc (touching every byte) against ga_warc_next;
 *   with bodies decoded, that pass plus bare inflate of the gzip-encoded bodies alone.
 * The crawl is synthetic but shaped like a government site: HTML pages of Chinese text,
 * a third of them gzip-encoded, a third chunked, with request and metadata records. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include <govaudit/govaudit.h>

typedef struct {
    unsigned char *p;
    size_t len, cap;
} buf_t;

static void put(buf_t *b, const void *d, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            exit(1);
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
}

static void puts_(buf_t *b, const char *s) { put(b, s, strlen(s)); }

static void compress_into(buf_t *out, const void *in, size_t n, int wbits)
{
    z_stream z = {0};
    deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY);
    size_t bound = deflateBound(&z, n);
    if (out->len + bound > out->cap) {
        out->cap = out->len + bound + (out->cap);
        out->p = realloc(out->p, out->cap);
    }
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    z.next_out = out->p + out->len;
    z.avail_out = (uInt)bound;
    deflate(&z, Z_FINISH);
    out->len += bound - z.avail_out;
    deflateEnd(&z);
}

static const char *words[] = {"政府", "信息", "公开", "工作", "通知", "关于", "开展", "检查",
                              "网站", "管理", "办法", "实施", "意见", "人民", "服务", "群众",
                              "，",   "。",   "2023年", "第一", "季度", "政务", "新媒体", "监管"};

static void record(buf_t *warc, const char *type, const char *uri, const void *block, size_t n)
{
    char head[512];
    snprintf(head, sizeof head,
             "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: <%s>\r\n"
             "WARC-Date: 2023-07-31T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:%08zx-0000-4000>\r\n"
             "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n",
             type, uri, warc->len,
             strcmp(type, "metadata") ? "application/http;msgtype=response"
                                      : "application/warc-fields",
             n);
    puts_(warc, head);
    put(warc, block, n);
    puts_(warc, "\r\n\r\n");
}

/* Build the crawl: `pages` pages; returns plain WARC, per-record gzip WARC, and the
 * gzip-encoded page bodies alone (concatenated members). */
static void build(size_t pages, buf_t *plain, buf_t *gz, buf_t *bodies_gz)
{
    srand(42);
    buf_t page = {0}, block = {0}, enc = {0}, rec = {0};
    for (size_t i = 0; i < pages; i++) {
        page.len = 0;
        puts_(&page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>通知</title>"
                     "</head><body><div class=\"nav\">首页 &gt;&gt; 政务公开</div><div class=\"content\">");
        size_t words_n = 800 + (size_t)(rand() % 4000);
        for (size_t w = 0; w < words_n; w++) {
            if (w % 60 == 0)
                puts_(&page, "</p>\n<p>");
            puts_(&page, words[rand() % (int)(sizeof words / sizeof *words)]);
        }
        puts_(&page, "</p></div></body></html>\n");
        char uri[128];
        snprintf(uri, sizeof uri, "http://www.example.gov.cn/art/2023/7/31/art_%zu.html", i);

        const char *req = "GET / HTTP/1.1\r\nHost: www.example.gov.cn\r\nAccept-Encoding: gzip\r\n\r\n";
        block.len = 0;
        int kind = (int)(i % 3);
        enc.len = 0;
        if (kind == 1) {
            compress_into(&enc, page.p, page.len, 31);
            put(bodies_gz, enc.p, enc.len);
        }
        char h[256];
        size_t body_n = kind == 1 ? enc.len : page.len;
        snprintf(h, sizeof h, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n%s\r\n",
                 kind == 0   ? "Content-Length: 1\r\n"
                 : kind == 1 ? "Content-Encoding: gzip\r\n"
                             : "Transfer-Encoding: chunked\r\n");
        puts_(&block, h);
        if (kind == 2) {
            for (size_t off = 0; off < page.len; off += 8192) {
                size_t c = page.len - off < 8192 ? page.len - off : 8192;
                char line[32];
                snprintf(line, sizeof line, "%zx\r\n", c);
                puts_(&block, line);
                put(&block, page.p + off, c);
                puts_(&block, "\r\n");
            }
            puts_(&block, "0\r\n\r\n");
        } else {
            put(&block, kind == 1 ? enc.p : page.p, body_n);
        }
        const char *meta = "outlink: http://www.example.gov.cn/col/col_1.html\r\n";
        struct {
            const char *type;
            const void *d;
            size_t n;
        } parts[3] = {{"request", req, strlen(req)},
                      {"response", block.p, block.len},
                      {"metadata", meta, strlen(meta)}};
        for (int k = 0; k < 3; k++) {
            rec.len = 0;
            record(&rec, parts[k].type, uri, parts[k].d, parts[k].n);
            put(plain, rec.p, rec.len);
            compress_into(gz, rec.p, rec.len, 31);
        }
    }
    free(page.p);
    free(block.p);
    free(enc.p);
    free(rec.p);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static size_t sink;

static double bare_inflate(const buf_t *gz)
{
    static unsigned char out[1 << 16];
    z_stream z = {0};
    inflateInit2(&z, 31);
    z.next_in = gz->p;
    z.avail_in = (uInt)gz->len;
    double t = now();
    for (;;) {
        z.next_out = out;
        z.avail_out = sizeof out;
        int ret = inflate(&z, Z_NO_FLUSH);
        sink += sizeof out - z.avail_out;
        if (ret == Z_STREAM_END) {
            if (z.avail_in == 0)
                break;
            inflateReset(&z);
        } else if (ret != Z_OK) {
            fprintf(stderr, "inflate failed\n");
            exit(1);
        }
    }
    t = now() - t;
    inflateEnd(&z);
    return t;
}

static double bare_scan(const buf_t *plain)
{
    double t = now();
    const unsigned char *p = plain->p, *end = p + plain->len;
    size_t lines = 0;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        lines++;
        p++;
    }
    sink += lines;
    return now() - t;
}

static double reader(const buf_t *in, unsigned skip, size_t *records, size_t *body_bytes)
{
    ga_warc_options_t o = {.size = sizeof o, .flags = skip == 1 ? GA_WARC_NO_DECODE : 0,
                           .skip_types = skip == 1 ? 0 : skip};
    ga_warc_reader_t *r;
    double t = now();
    if (ga_warc_reader_open_memory(in->p, in->len, &o, &r, NULL) != GA_OK)
        exit(1);
    *records = *body_bytes = 0;
    for (;;) {
        const ga_warc_record_t *rec;
        if (ga_warc_next(r, &rec, NULL) != GA_OK) {
            fprintf(stderr, "unexpected damaged record\n");
            exit(1);
        }
        if (!rec)
            break;
        size_t n = 0;
        ga_warc_record_body(rec, &n);
        *body_bytes += n;
        sink += (size_t)ga_warc_record_http_status(rec);
        (*records)++;
    }
    ga_warc_reader_free(r);
    return now() - t;
}

static double best(double a, double b) { return a < b ? a : b; }

int main(void)
{
    buf_t plain = {0}, gz = {0}, bodies_gz = {0};
    size_t pages = 3000;
    build(pages, &plain, &gz, &bodies_gz);
    double mb_plain = (double)plain.len / 1e6, mb_gz = (double)gz.len / 1e6;
    printf("crawl: %zu pages, %zu records; .warc %.1f MB, .warc.gz %.1f MB\n", pages, pages * 3,
           mb_plain, mb_gz);

    double t_bodies = 1e9, t_inf = 1e9, t_scan = 1e9, t_gz_all = 1e9, t_gz_skip = 1e9, t_pl_all = 1e9,
           t_pl_skip = 1e9, t_pl_raw = 1e9;
    size_t recs = 0, bytes = 0;
    for (int rep = 0; rep < 3; rep++) {
        t_inf = best(t_inf, bare_inflate(&gz));
        t_bodies = best(t_bodies, bare_inflate(&bodies_gz));
        t_scan = best(t_scan, bare_scan(&plain));
        t_gz_all = best(t_gz_all, reader(&gz, 0, &recs, &bytes));
        t_gz_skip = best(t_gz_skip, reader(&gz, ~0u, &recs, &bytes));
        t_pl_all = best(t_pl_all, reader(&plain, 0, &recs, &bytes));
        t_pl_skip = best(t_pl_skip, reader(&plain, ~0u, &recs, &bytes));
        t_pl_raw = best(t_pl_raw, reader(&plain, 1, &recs, &bytes)); /* 1: kept, not decoded */
    }
    reader(&plain, 0, &recs, &bytes);
    if (recs != pages * 3) {
        fprintf(stderr, "read %zu records, wanted %zu\n", recs, pages * 3);
        return 1;
    }
    printf("(MB/s of the uncompressed .warc; ratio = time / the anchor above it)\n");
    printf("%-44s %9.0f MB/s  %8.0f pages/s\n", "anchor: bare zlib inflate of the .warc.gz",
           mb_plain / t_inf, pages / t_inf);
    printf("%-44s %9.0f MB/s  %8.0f pages/s  %.2fx\n", ".warc.gz, bodies skipped", mb_plain / t_gz_skip,
           pages / t_gz_skip, t_gz_skip / t_inf);
    printf("%-44s %9.0f MB/s  %8.0f pages/s\n", "anchor: inflate of .warc.gz + of bodies",
           mb_plain / (t_inf + t_bodies), pages / (t_inf + t_bodies));
    printf("%-44s %9.0f MB/s  %8.0f pages/s  %.2fx\n", ".warc.gz, bodies decoded", mb_plain / t_gz_all,
           pages / t_gz_all, t_gz_all / (t_inf + t_bodies));
    printf("%-44s %9.0f MB/s  %8.0f pages/s\n", "anchor: memchr pass over the .warc",
           mb_plain / t_scan, pages / t_scan);
    printf("%-44s %9.0f MB/s  %8.0f pages/s  %.2fx\n", ".warc, bodies kept, not decoded", mb_plain / t_pl_raw,
           pages / t_pl_raw, t_pl_raw / t_scan);
    printf("%-44s %9.0f MB/s  %8.0f pages/s  %.2fx\n", ".warc, bodies skipped", mb_plain / t_pl_skip,
           pages / t_pl_skip, t_pl_skip / t_scan);
    printf("%-44s %9.0f MB/s  %8.0f pages/s\n", "anchor: memchr pass + bare inflate of bodies",
           mb_plain / (t_scan + t_bodies), pages / (t_scan + t_bodies));
    printf("%-44s %9.0f MB/s  %8.0f pages/s  %.2fx\n", ".warc, bodies decoded", mb_plain / t_pl_all,
           pages / t_pl_all, t_pl_all / (t_scan + t_bodies));
    printf("decoded body bytes per pass: %.1f MB\n", (double)bytes / 1e6);
    free(plain.p);
    free(gz.p);
    free(bodies_gz.p);
    return sink == 0xdeadbeef;
}
