/* ARC files (the Internet Archive's format before WARC, written by Heritrix and Alexa):
 * the version block, and each URL-record line turned into the header fields of a WARC
 * record, so the block that follows is read, checked and decoded as warc.c does for WARC.
 *
 * An ARC file starts with a filedesc:// record whose block holds the version line
 * ("1 0 Alexa Internet": version, reserved, origin) and the field-spec line naming the
 * fields of every URL-record line, "URL IP-address Archive-date Content-type
 * Archive-length" for version 1 and, for version 2, Result-code Checksum Location Offset
 * Filename before Archive-length. Each record is that line, Archive-length bytes of
 * block (the server's HTTP response for http URLs) and a line end. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "warc-private.h"

static const char *const col_names[GA_ARC_NCOLS] = {
    "URL",      "IP-address", "Archive-date", "Content-type", "Result-code",
    "Checksum", "Location",   "Offset",       "Filename",     "Archive-length"};

/* Header names the columns are given in records: WARC ones where WARC has the field. */
static const char *const col_headers[GA_ARC_NCOLS] = {
    "WARC-Target-URI", "WARC-IP-Address", "WARC-Date",    "Content-Type", "ARC-Result-Code",
    "ARC-Checksum",    "ARC-Location",    "ARC-Offset",   "ARC-Filename", "Content-Length"};

/* Version block text the reader looks at: the filedesc line and the two lines after it. */
#define VERSION_LOOK ((size_t)65536)
#define FILEDESC "filedesc://"

typedef struct token {
    const char *p;
    size_t len;
} token_t;

/* Split a line (without its line end) at runs of spaces; at most `max` tokens, the count
 * past that is still counted. */
static size_t split(const char *line, size_t len, token_t *tok, size_t max)
{
    size_t n = 0, i = 0;
    while (i < len) {
        while (i < len && line[i] == ' ')
            i++;
        if (i == len)
            break;
        size_t b = i;
        while (i < len && line[i] != ' ')
            i++;
        if (n < max)
            tok[n] = (token_t){line + b, i - b};
        n++;
    }
    return n;
}

static bool all_digits(const char *p, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return true;
}

static bool is_filedesc(const char *p, size_t len)
{
    return len >= sizeof FILEDESC - 1 && strncasecmp(p, FILEDESC, sizeof FILEDESC - 1) == 0;
}

/* A URL of the line: a scheme and a colon ("http:", "dns:", "filedesc:"). */
static bool has_scheme(const char *p, size_t len)
{
    if (len < 2 || !((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z'))
        return false;
    for (size_t i = 1; i < len && i < 32; i++) {
        char c = p[i];
        if (c == ':')
            return i + 1 < len;
        if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9') && c != '+' &&
            c != '-' && c != '.')
            return false;
    }
    return false;
}

/* Most tokens a line may have: a URL with spaces takes the extra ones. */
#define MAX_TOKENS 64

static const ga_arc_spec_t layout_v1 = {
    {GA_ARC_URL, GA_ARC_IP, GA_ARC_DATE, GA_ARC_TYPE, GA_ARC_LENGTH}, 5, ""};
static const ga_arc_spec_t layout_v2 = {
    {GA_ARC_URL, GA_ARC_IP, GA_ARC_DATE, GA_ARC_TYPE, GA_ARC_RESULT, GA_ARC_CHECKSUM,
     GA_ARC_LOCATION, GA_ARC_OFFSET, GA_ARC_FILENAME, GA_ARC_LENGTH}, 10, ""};

/* The layout of a line of `n` tokens: the file's, but a filedesc:// line (the one in front
 * of a version block, which may start another file's layout) has 10 fields or 5. */
static const ga_arc_spec_t *layout_of(const ga_arc_spec_t *spec, bool filedesc, size_t n)
{
    if (!filedesc || n == spec->n)
        return spec;
    return n == layout_v2.n ? &layout_v2 : &layout_v1;
}

/* Split and check a URL-record line of `len` bytes (without its line end): the layout it
 * follows, and how many tokens after the first belong to a URL with spaces. */
static const ga_arc_spec_t *line_layout(const ga_arc_spec_t *spec, const char *line, size_t len,
                                        token_t *tok, size_t *ntok, size_t *extra)
{
    size_t n = *ntok = split(line, len, tok, MAX_TOKENS);
    if (n == 0 || n > MAX_TOKENS || !has_scheme(tok[0].p, tok[0].len))
        return NULL;
    const ga_arc_spec_t *lay = layout_of(spec, is_filedesc(tok[0].p, tok[0].len), n);
    if (n < lay->n)
        return NULL;
    *extra = n - lay->n;
    for (size_t c = 1; c < lay->n; c++) {
        token_t t = tok[c + *extra];
        if (lay->col[c] == GA_ARC_LENGTH && !(all_digits(t.p, t.len) && t.len <= 18))
            return NULL;
        if (lay->col[c] == GA_ARC_DATE && !(all_digits(t.p, t.len) && t.len >= 12 && t.len <= 17))
            return NULL;
    }
    return lay;
}

int ga_arc_line_at(const ga_arc_spec_t *spec, const unsigned char *p, size_t n)
{
    /* Cheap refusals first: this runs at every line start of every block. */
    if (n == 0)
        return -1;
    if (!((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z'))
        return 0;
    size_t lim = n < GA_ARC_LOOK ? n : GA_ARC_LOOK;
    size_t i = 1;
    for (; i < lim && i < 32 && p[i] != ':'; i++)
        if (p[i] == ' ' || p[i] == '\n')
            return 0;
    if (i >= lim)
        return n < GA_ARC_LOOK ? -1 : 0;
    if (p[i] != ':')
        return 0;
    const unsigned char *nl = memchr(p, '\n', lim);
    if (!nl)
        return n < GA_ARC_LOOK ? -1 : 0;
    size_t len = ga_warc_strip_eol((const char *)p, (size_t)(nl - p) + 1), ntok, extra;
    token_t tok[MAX_TOKENS];
    return line_layout(spec, (const char *)p, len, tok, &ntok, &extra) != NULL;
}

/* "19961104142103" to "1996-11-04T14:21:03Z" (12 digits: no seconds; 15 to 17: a fraction
 * of a second); other values are kept as written. Once a record: no printf. */
static size_t iso_date(const char *d, size_t len, char *out, size_t cap)
{
    if (!all_digits(d, len) || len < 12 || len > 17 || cap < 32) {
        size_t k = len < cap - 1 ? len : cap - 1;
        memcpy(out, d, k);
        out[k] = '\0';
        return k;
    }
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    size_t k = 0, i = 0;
    for (; shape[k]; k++)
        out[k] = shape[k] == 'd' ? (i < len && i < 14 ? d[i++] : '0') : shape[k];
    if (len > 14) {
        out[k++] = '.';
        for (i = 14; i < len; i++)
            out[k++] = d[i];
    }
    out[k++] = 'Z';
    out[k] = '\0';
    return k;
}

/* The version block at p (the filedesc line first; `n` bytes are at hand): its version
 * line and field-spec line into `spec`. False with `why` set when they are not right. */
static bool parse_version_block(const char *p, size_t n, ga_arc_spec_t *spec, char *why,
                                size_t why_len)
{
    const char *nl = memchr(p, '\n', n);
    if (!nl) {
        snprintf(why, why_len, "the input ends inside its filedesc line");
        return false;
    }
    size_t hl = (size_t)(nl - p) + 1, l = ga_warc_strip_eol(p, hl);
    token_t tok[GA_ARC_NCOLS + 1];
    size_t nt = split(p, l, tok, GA_ARC_NCOLS + 1);
    uint64_t block_len;
    char num[24];
    if (nt < 5 || nt > GA_ARC_NCOLS || tok[nt - 1].len >= sizeof num) {
        snprintf(why, why_len, "its filedesc line has %zu fields, not 5 or 10", nt);
        return false;
    }
    memcpy(num, tok[nt - 1].p, tok[nt - 1].len);
    num[tok[nt - 1].len] = '\0';
    if (!ga_warc_parse_length(num, &block_len)) {
        snprintf(why, why_len, "its filedesc line ends in '%s', not a length", num);
        return false;
    }
    /* The version line and the field-spec line. */
    const char *b = p + hl, *end = p + n;
    const char *lines[2];
    size_t lens[2], used = 0;
    for (int i = 0; i < 2; i++) {
        const char *e = memchr(b, '\n', (size_t)(end - b));
        if (!e) {
            snprintf(why, why_len, "the input ends before its %s line",
                     i ? "field-spec" : "version");
            return false;
        }
        lines[i] = b;
        lens[i] = ga_warc_strip_eol(b, (size_t)(e - b) + 1);
        used += (size_t)(e - b) + 1;
        b = e + 1;
    }
    if (used > block_len) {
        snprintf(why, why_len,
                 "its block of %llu bytes ends before the version and field-spec lines",
                 (unsigned long long)block_len);
        return false;
    }
    token_t v[3];
    size_t nv = split(lines[0], lens[0], v, 3);
    if (nv < 2 || !all_digits(v[0].p, v[0].len) || !all_digits(v[1].p, v[1].len) ||
        v[0].len > 3 || v[1].len > 3) {
        snprintf(why, why_len, "the version line '%.*s' is not \"<version> <reserved> <origin>\"",
                 (int)(lens[0] < 60 ? lens[0] : 60), lines[0]);
        return false;
    }
    if (!(v[0].len == 1 && (v[0].p[0] == '1' || v[0].p[0] == '2'))) {
        snprintf(why, why_len, "ARC version %.*s is not 1 or 2", (int)v[0].len, v[0].p);
        return false;
    }
    snprintf(spec->version, sizeof spec->version, "ARC/%.*s.%.*s", (int)v[0].len, v[0].p,
             (int)v[1].len, v[1].p);

    token_t f[GA_ARC_NCOLS + 1];
    size_t nf = split(lines[1], lens[1], f, GA_ARC_NCOLS + 1);
    if (nf > GA_ARC_NCOLS) {
        snprintf(why, why_len, "its field-spec line names %zu fields, more than the %d known",
                 nf, (int)GA_ARC_NCOLS);
        return false;
    }
    unsigned seen = 0;
    for (size_t i = 0; i < nf; i++) {
        size_t c = 0;
        while (c < GA_ARC_NCOLS && !(strlen(col_names[c]) == f[i].len &&
                                     strncasecmp(col_names[c], f[i].p, f[i].len) == 0))
            c++;
        if (c == GA_ARC_NCOLS || (seen & (1u << c))) {
            snprintf(why, why_len, "its field-spec line names %s field '%.*s'",
                     c == GA_ARC_NCOLS ? "an unknown" : "twice the", (int)f[i].len, f[i].p);
            return false;
        }
        seen |= 1u << c;
        spec->col[i] = (unsigned char)c;
    }
    const unsigned need = 1u << GA_ARC_URL | 1u << GA_ARC_IP | 1u << GA_ARC_DATE |
                          1u << GA_ARC_TYPE | 1u << GA_ARC_LENGTH;
    if ((seen & need) != need || spec->col[0] != GA_ARC_URL ||
        spec->col[nf - 1] != GA_ARC_LENGTH) {
        snprintf(why, why_len,
                 "its field-spec line '%.*s' does not start with URL, end with Archive-length "
                 "and name IP-address, Archive-date and Content-type",
                 (int)(lens[1] < 120 ? lens[1] : 120), lines[1]);
        return false;
    }
    spec->n = nf;
    return true;
}

ga_status_t ga_arc_sniff(ga_warc_reader_t *r, const char *name, ga_error_t **err)
{
    ga_warc_stream_t *s = &r->s;
    ga_status_t st = ga_warc_stream_fill(s, VERSION_LOOK);
    if (st != GA_OK)
        return ga_warc_stream_failure(r, st, err);
    const char *d = (const char *)ga_warc_stream_data(s);
    size_t n = ga_warc_stream_avail(s), k = 0;
    if (n == 0)
        return GA_OK; /* empty input, or no byte before the gzip data breaks */
    while (k < n && (d[k] == '\r' || d[k] == '\n'))
        k++;
    if (!is_filedesc(d + k, n - k))
        return GA_OK;
    char why[256];
    if (!parse_version_block(d + k, n - k, &r->spec, why, sizeof why))
        return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0,
                               "%s: not a readable ARC file: %s", name ? name : "input", why);
    r->arc = true;
    return GA_OK;
}

static bool add_field(ga_warc_record_t *rec, const char *name, const char *v, size_t len)
{
    return ga_warc_fields_add(&rec->warc, name, strlen(name), v, len);
}

ga_status_t ga_arc_read_header(ga_warc_reader_t *r, ga_error_t **err)
{
    ga_warc_stream_t *s = &r->s;
    ga_warc_record_t *rec = &r->rec;
    const char *line;
    size_t len;
    ga_status_t st = ga_warc_read_line(s, GA_WARC_MAX_HEADER, &line, &len);
    if (st != GA_OK)
        return ga_warc_line_failure(r, st, "ARC record line", err);
    size_t l = ga_warc_strip_eol(line, len);
    if (l >= sizeof FILEDESC - 1 && is_filedesc(line, l)) {
        /* Another version block (ARC files put end to end): its layout holds from here. */
        if ((st = ga_warc_stream_fill(s, len + VERSION_LOOK)) != GA_OK)
            return ga_warc_stream_failure(r, st, err);
        ga_arc_spec_t spec = r->spec;
        char why[256];
        if (!parse_version_block((const char *)ga_warc_stream_data(s), ga_warc_stream_avail(s),
                                 &spec, why, sizeof why)) {
            /* Stop before the line end, so the resync starts at the next line. */
            ga_warc_stream_consume(s, len - 1);
            r->need_resync = true;
            return ga_warc_record_error(r, err, GA_ERR_FORMAT, "bad ARC version block: %s", why);
        }
        r->spec = spec;
        line = (const char *)ga_warc_stream_data(s); /* the fill may have moved it */
    }
    token_t tok[MAX_TOKENS];
    size_t n, extra = 0;
    const ga_arc_spec_t *lay = line_layout(&r->spec, line, l, tok, &n, &extra);
    if (!lay) {
        ga_warc_stream_consume(s, len - 1);
        r->need_resync = true;
        return ga_warc_record_error(r, err, GA_ERR_FORMAT,
                                    "ARC record line of %zu fields does not follow the "
                                    "field-spec line's %zu (URL ... date ... length)",
                                    n, r->spec.n);
    }
    bool fd = is_filedesc(tok[0].p, tok[0].len);
    /* The URL with the spaces some writers left in it. */
    token_t url = {tok[0].p, (size_t)(tok[extra].p + tok[extra].len - tok[0].p)};
    bool oom = false;
    memcpy(rec->version, r->spec.version, sizeof rec->version); /* both NUL-terminated */
    if (fd) {
        rec->type = GA_WARC_WARCINFO;
        oom = !add_field(rec, "WARC-Type", "warcinfo", 8) ||
              !add_field(rec, "WARC-Filename", url.p + sizeof FILEDESC - 1,
                         url.len - (sizeof FILEDESC - 1));
    } else {
        bool http = (url.len > 5 && strncasecmp(url.p, "http:", 5) == 0) ||
                    (url.len > 6 && strncasecmp(url.p, "https:", 6) == 0);
        rec->type = http ? GA_WARC_RESPONSE : GA_WARC_RESOURCE;
        oom = !add_field(rec, "WARC-Type", ga_warc_type_name(rec->type),
                         strlen(ga_warc_type_name(rec->type))) ||
              !add_field(rec, col_headers[GA_ARC_URL], url.p, url.len) ||
              !ga_buf_append(&rec->uri, url.p, url.len);
    }
    for (size_t c = 1; c < lay->n && !oom; c++) {
        unsigned col = lay->col[c];
        token_t t = tok[c + extra];
        char date[40];
        if (col == GA_ARC_LENGTH) {
            char num[24];
            size_t k = t.len < sizeof num - 1 ? t.len : sizeof num - 1;
            memcpy(num, t.p, k);
            num[k] = '\0';
            if (!ga_warc_parse_length(num, &rec->content_length)) {
                ga_warc_stream_consume(s, len - 1);
                r->need_resync = true;
                return ga_warc_record_error(r, err, GA_ERR_FORMAT, "bad Archive-length '%s'",
                                            num);
            }
        } else if (col == GA_ARC_DATE) {
            t.len = iso_date(t.p, t.len, date, sizeof date);
            t.p = date;
        } else if (t.len == 1 && t.p[0] == '-') {
            continue; /* "no value", written for fields the crawler did not know */
        }
        oom = !add_field(rec, col_headers[col], t.p, t.len);
    }
    if (oom)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    ga_warc_stream_consume(s, len);
    return GA_OK;
}
