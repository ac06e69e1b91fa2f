/* kenlm-read.c - minimal reader for KenLM binary trie language models.
 *
 * Build-time helper of libgovaudit.  Plain C11, libc only (POSIX mmap when
 * available, stdio otherwise).  Written from the description of KenLM's
 * binary format ("mmap lm http://kheafield.com/code format version 5"):
 *
 *   header   : 56-byte magic + sanity values (88 bytes), fixed parameters
 *              (order u8 @88, probing multiplier f32 @92, model type i32 @96,
 *              has-vocabulary u8 @100, search version u32 @104), then one
 *              u64 count per order @108; padded to a multiple of 8.
 *   vocab    : SortedVocabulary: u64 n (words without <unk>), then the
 *              64-bit MurmurHash64A of every word sorted ascending; space
 *              is reserved for counts[0] hashes.  Word id = 1 + rank of its
 *              hash; <unk> is id 0.
 *   search   : trie. [quantizer: u8 version 2, u8 prob bits, u8 backoff
 *              bits, pad to 8, float tables (prob, backoff) per middle
 *              order then prob table of the longest order]
 *              unigrams: (counts[0]+2) records {f32 prob, f32 backoff,
 *              u64 next}.
 *              middle orders 2..N-1: [array pointer compression: u8 version
 *              0, u8 configured bits, u64 table of high next-pointer parts
 *              aligned to 8] bit-packed records {word, quantized or raw
 *              weights, next pointer (low bits)} + one extra record for
 *              the final next pointer.
 *              longest order: bit-packed records {word, prob}.
 *   strings  : the words NUL-terminated, in id order, starting with <unk>.
 *
 * The trie is keyed newest word first: unigram = last word of the n-gram,
 * each deeper level adds the word before it.
 */
#if !defined(_WIN32)
#define _POSIX_C_SOURCE 200809L
#endif

#include "kenlm-read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define KL_HAVE_MMAP 1
#endif

#define KL_MAX_ORDER 16

enum { KL_PROBING = 0, KL_REST_PROBING = 1, KL_TRIE = 2, KL_QUANT_TRIE = 3,
       KL_ARRAY_TRIE = 4, KL_QUANT_ARRAY_TRIE = 5 };

typedef struct {
    uint64_t off;        /* file offset of the bit-packed records */
    uint64_t bytes;      /* size of that region */
    uint64_t entries;    /* number of records (without the final one) */
    unsigned word_bits, quant_bits, next_bits, total_bits;
    int array;           /* next pointers split, high part in a table */
    uint64_t arr_off;    /* file offset of the u64 table */
    uint64_t arr_count;  /* entries in the table */
} kl_layer;

struct kl_model {
    const uint8_t *data;
    uint64_t size;
    int mapped;
    unsigned order;
    uint64_t counts[KL_MAX_ORDER + 1];  /* counts[n] for n = 1..order */
    int model_type;
    int quant;
    unsigned prob_bits, backoff_bits;
    uint64_t quant_off;                 /* first float table */
    uint64_t uni_off;                   /* unigram records */
    kl_layer layer[KL_MAX_ORDER + 1];   /* layer[n] for n = 2..order */
    uint32_t nwords;
    const char **words;
};

/* ---------------------------------------------------------------- utils */

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static uint64_t ld64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

static uint32_t ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float f32_from_bits(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static float ldf(const uint8_t *p) { return f32_from_bits(ld32(p)); }

/* Read len (<= 57) bits at bit offset bitoff of base (little-endian bit
 * packing: the value occupies the least significant bits of the 64-bit word
 * loaded from byte bitoff/8, shifted by bitoff%8). */
static uint64_t rbits(const uint8_t *base, uint64_t bitoff, unsigned len)
{
    uint64_t v = ld64(base + (bitoff >> 3)) >> (bitoff & 7);
    return len >= 64 ? v : (v & ((UINT64_C(1) << len) - 1));
}

static unsigned required_bits(uint64_t max_value)
{
    unsigned r = 0;
    while (max_value) { ++r; max_value >>= 1; }
    return r;
}

static uint64_t align8(uint64_t v) { return (v + 7) & ~UINT64_C(7); }

/* MurmurHash64A (Austin Appleby's public algorithm), seed 0, as KenLM uses
 * it for vocabulary hashing; 8-byte blocks are read little-endian. */
static uint64_t murmur64a(const void *key, size_t len)
{
    const uint64_t m = UINT64_C(0xc6a4a7935bd1e995);
    const int r = 47;
    const uint8_t *p = key;
    uint64_t h = (uint64_t)len * m;
    size_t blocks = len / 8;
    for (size_t i = 0; i < blocks; ++i, p += 8) {
        uint64_t k = ld64(p);
        k *= m;
        k ^= k >> r;
        k *= m;
        h ^= k;
        h *= m;
    }
    size_t rest = len & 7;
    if (rest) {
        for (size_t i = rest; i-- > 0;) h ^= (uint64_t)p[i] << (8 * i);
        h *= m;
    }
    h ^= h >> r;
    h *= m;
    h ^= h >> r;
    return h;
}

/* [off, off+len) inside the file? */
static int in_file(const kl_model *m, uint64_t off, uint64_t len)
{
    return off <= m->size && len <= m->size - off;
}

/* ------------------------------------------------------------- loading */

static int load_file(kl_model *m, const char *path, char *err, size_t errlen)
{
#ifdef KL_HAVE_MMAP
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        seterr(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        seterr(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        seterr(err, errlen, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    m->size = (uint64_t)st.st_size;
    if (m->size == 0 || (uint64_t)(size_t)m->size != m->size) {
        seterr(err, errlen, "%s: %s", path, m->size ? "file too large" : "empty file");
        close(fd);
        return -1;
    }
    void *p = mmap(NULL, (size_t)m->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
        close(fd);
        m->data = p;
        m->mapped = 1;
        return 0;
    }
    /* fall back to reading */
    uint8_t *buf = malloc((size_t)m->size);
    if (!buf) {
        seterr(err, errlen, "%s: out of memory", path);
        close(fd);
        return -1;
    }
    uint64_t got = 0;
    while (got < m->size) {
        ssize_t n = read(fd, buf + got, (size_t)(m->size - got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            seterr(err, errlen, "%s: read failed", path);
            free(buf);
            close(fd);
            return -1;
        }
        got += (uint64_t)n;
    }
    close(fd);
    m->data = buf;
    return 0;
#else
    FILE *f = fopen(path, "rb");
    if (!f) {
        seterr(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 20, len = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
    }
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad || len == 0) {
        free(buf);
        seterr(err, errlen, "%s: %s", path, bad ? "read failed" : "empty file");
        return -1;
    }
    m->data = buf;
    m->size = len;
    return 0;
#endif
}

/* Bits of the next pointer cut off into the table (array compression):
 * minimise table cost (64 bits per table entry) minus bits saved inline. */
static unsigned chop_bits(uint64_t max_offset, uint64_t max_next, unsigned configured)
{
    unsigned required = required_bits(max_next);
    unsigned limit = required < configured ? required : configured;
    unsigned best = 0;
    int64_t lowest = INT64_MAX;
    for (unsigned chop = 0; chop <= limit; ++chop) {
        int64_t change = (int64_t)(max_next >> (required - chop)) * 64
                         - (int64_t)max_offset * (int64_t)chop;
        if (change < lowest) {
            lowest = change;
            best = chop;
        }
    }
    return best;
}

static const char k_magic[] = "mmap lm http://kheafield.com/code format version 5\n";
static const char k_magic_prefix[] = "mmap lm http://kheafield.com/code format version";
static const char k_magic_incomplete[] = "mmap lm http://kheafield.com/code incomplete\n";
static const char *const k_type_names[] = {
    "probing hash tables", "probing hash tables with rest costs", "trie",
    "trie with quantization", "trie with array-compressed pointers",
    "trie with quantization and array-compressed pointers"};

#define SANITY_SIZE 88u

static int check_magic(const kl_model *m, char *err, size_t errlen)
{
    uint8_t ref[SANITY_SIZE];
    memset(ref, 0, sizeof ref);
    memcpy(ref, k_magic, sizeof k_magic - 1);  /* padded with NULs to 56 */
    /* float 0, 1, -0.5; WordIndex 1, max, padding; uint64 1 (little-endian) */
    static const uint8_t tail[32] = {
        0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x80, 0x3f,  0x00, 0x00, 0x00, 0xbf,
        0x01, 0x00, 0x00, 0x00,  0xff, 0xff, 0xff, 0xff,  0x00, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00};
    memcpy(ref + 56, tail, sizeof tail);

    if (m->size >= sizeof k_magic_incomplete - 1 &&
        !memcmp(m->data, k_magic_incomplete, sizeof k_magic_incomplete - 1)) {
        seterr(err, errlen, "binary file did not finish building (incomplete header)");
        return -1;
    }
    if (m->size < sizeof k_magic_prefix - 1 ||
        memcmp(m->data, k_magic_prefix, sizeof k_magic_prefix - 1)) {
        seterr(err, errlen, "not a KenLM binary file (bad magic)");
        return -1;
    }
    if (m->size < SANITY_SIZE) {
        seterr(err, errlen, "file truncated inside the header (%llu bytes)",
               (unsigned long long)m->size);
        return -1;
    }
    const char *v = (const char *)m->data + sizeof k_magic_prefix - 1;
    if (memcmp(m->data, k_magic, sizeof k_magic - 1)) {
        char ver[8] = {0};
        for (int i = 0; i < 7 && v[i] && v[i] != '\n'; ++i) ver[i] = v[i];
        seterr(err, errlen, "unsupported KenLM binary format version '%s' (need 5)", ver);
        return -1;
    }
    if (memcmp(m->data, ref, SANITY_SIZE)) {
        seterr(err, errlen, "KenLM header test values do not match "
               "(file written on a different architecture or corrupt)");
        return -1;
    }
    return 0;
}

static int setup_vocab_strings(kl_model *m, uint64_t vocab_off, uint64_t nhash,
                               uint64_t str_off, char *err, size_t errlen)
{
    uint64_t bound = nhash + 1;
    if (bound > UINT32_MAX) {
        seterr(err, errlen, "vocabulary too large");
        return -1;
    }
    m->nwords = (uint32_t)bound;
    m->words = calloc((size_t)bound, sizeof *m->words);
    if (!m->words) {
        seterr(err, errlen, "out of memory for %llu words", (unsigned long long)bound);
        return -1;
    }
    if (!in_file(m, str_off, 6) || memcmp(m->data + str_off, "<unk>", 6)) {
        seterr(err, errlen, "vocabulary strings missing or misplaced at offset %llu "
               "(truncated file?)", (unsigned long long)str_off);
        return -1;
    }
    /* Strings are stored in id order: <unk>, then the words in ascending
     * hash order.  Confirm with the hashes; if they disagree, map each
     * string to its id through the sorted hash table. */
    const char **seq = calloc((size_t)bound, sizeof *seq);
    if (!seq) {
        seterr(err, errlen, "out of memory");
        return -1;
    }
    uint64_t p = str_off;
    uint64_t mismatches = 0;
    for (uint64_t id = 0; id < bound; ++id) {
        if (p >= m->size) {
            seterr(err, errlen, "vocabulary strings truncated after %llu of %llu words",
                   (unsigned long long)id, (unsigned long long)bound);
            free(seq);
            return -1;
        }
        const uint8_t *s = m->data + p;
        const uint8_t *z = memchr(s, 0, (size_t)(m->size - p));
        if (!z) {
            seterr(err, errlen, "vocabulary string %llu not terminated (truncated file?)",
                   (unsigned long long)id);
            free(seq);
            return -1;
        }
        seq[id] = (const char *)s;
        if (id > 0 && murmur64a(s, (size_t)(z - s)) != ld64(m->data + vocab_off + 8 * id))
            ++mismatches;
        p += (uint64_t)(z - s) + 1;
    }
    if (!mismatches) {
        free(m->words);
        m->words = seq;
        return 0;
    }
    /* fallback: place by hash */
    const uint8_t *tab = m->data + vocab_off + 8;
    m->words[0] = seq[0];
    for (uint64_t i = 1; i < bound; ++i) {
        uint64_t h = murmur64a(seq[i], strlen(seq[i]));
        uint64_t lo = 0, hi = nhash;
        while (lo < hi) {
            uint64_t mid = lo + (hi - lo) / 2;
            if (ld64(tab + 8 * mid) < h) lo = mid + 1; else hi = mid;
        }
        if (lo >= nhash || ld64(tab + 8 * lo) != h || m->words[lo + 1]) {
            seterr(err, errlen, "vocabulary string '%.40s' does not match the hash table", seq[i]);
            free(seq);
            return -1;
        }
        m->words[lo + 1] = seq[i];
    }
    free(seq);
    return 0;
}

int kl_open(const char *path, kl_model **out, char *err, size_t errlen)
{
    if (out) *out = NULL;
    if (!path || !out) {
        seterr(err, errlen, "kl_open: bad arguments");
        return -1;
    }
    kl_model *m = calloc(1, sizeof *m);
    if (!m) {
        seterr(err, errlen, "out of memory");
        return -1;
    }
    if (load_file(m, path, err, errlen)) goto fail;
    if (check_magic(m, err, errlen)) goto fail;

    if (!in_file(m, 0, 108)) {
        seterr(err, errlen, "file truncated inside the header");
        goto fail;
    }
    const uint8_t *d = m->data;
    unsigned order = d[88];
    m->model_type = (int)ld32(d + 96);
    int has_vocab = d[100];
    uint32_t search_version = ld32(d + 104);
    if (m->model_type < 0 || m->model_type > KL_QUANT_ARRAY_TRIE) {
        seterr(err, errlen, "unknown KenLM model type %d", m->model_type);
        goto fail;
    }
    if (m->model_type < KL_TRIE) {
        seterr(err, errlen, "KenLM layout '%s' is not supported (only trie layouts)",
               k_type_names[m->model_type]);
        goto fail;
    }
    if (search_version != 1) {
        seterr(err, errlen, "trie search version %u not supported (need 1)", search_version);
        goto fail;
    }
    if (order < 2 || order > KL_MAX_ORDER) {
        seterr(err, errlen, "unsupported order %u", order);
        goto fail;
    }
    m->order = order;
    m->quant = (m->model_type == KL_QUANT_TRIE || m->model_type == KL_QUANT_ARRAY_TRIE);
    int array = (m->model_type == KL_ARRAY_TRIE || m->model_type == KL_QUANT_ARRAY_TRIE);

    uint64_t header = align8(108 + 8 * (uint64_t)order);
    if (!in_file(m, 0, header)) {
        seterr(err, errlen, "file truncated inside the header");
        goto fail;
    }
    for (unsigned n = 1; n <= order; ++n) {
        uint64_t c = ld64(d + 108 + 8 * (n - 1));
        /* every record takes at least one bit of the file */
        if (c == 0 || c > m->size * 8 || c >= (UINT64_C(1) << 56)) {
            seterr(err, errlen, "implausible %u-gram count %llu for a %llu-byte file "
                   "(corrupt or truncated)", n, (unsigned long long)c,
                   (unsigned long long)m->size);
            goto fail;
        }
        m->counts[n] = c;
    }
    uint64_t c1 = m->counts[1];
    if (c1 > UINT32_MAX) {
        seterr(err, errlen, "implausible unigram count %llu", (unsigned long long)c1);
        goto fail;
    }

    /* vocabulary hash table */
    uint64_t vocab_off = header;
    uint64_t vocab_size = 8 + 8 * c1;
    if (!in_file(m, vocab_off, vocab_size)) {
        seterr(err, errlen, "file truncated inside the vocabulary table");
        goto fail;
    }
    uint64_t nhash = ld64(d + vocab_off);
    if (nhash >= c1) {
        seterr(err, errlen, "vocabulary claims %llu words but there are %llu unigrams",
               (unsigned long long)nhash + 1, (unsigned long long)c1);
        goto fail;
    }

    uint64_t p = vocab_off + vocab_size;  /* search region */
    uint64_t quant_size = 0;
    if (m->quant) {
        if (!in_file(m, p, 8)) {
            seterr(err, errlen, "file truncated at quantization header");
            goto fail;
        }
        if (d[p] != 2) {
            seterr(err, errlen, "quantization version %u not supported (need 2)", d[p]);
            goto fail;
        }
        m->prob_bits = d[p + 1];
        m->backoff_bits = d[p + 2];
        if (m->prob_bits < 1 || m->prob_bits > 25 || m->backoff_bits < 1 || m->backoff_bits > 25) {
            seterr(err, errlen, "bad quantization bits %u/%u", m->prob_bits, m->backoff_bits);
            goto fail;
        }
        uint64_t longest_table = (UINT64_C(1) << m->prob_bits) * 4;
        uint64_t middle_table = (UINT64_C(1) << m->backoff_bits) * 4 + longest_table;
        quant_size = (order - 2) * middle_table + longest_table + 8;
        if (!in_file(m, p, quant_size)) {
            seterr(err, errlen, "file truncated inside quantization tables");
            goto fail;
        }
        m->quant_off = p + 8;
    }
    p += quant_size;

    m->uni_off = p;
    uint64_t uni_size = (c1 + 2) * 16;
    if (!in_file(m, p, uni_size)) {
        seterr(err, errlen, "file truncated inside the unigram table");
        goto fail;
    }
    p += uni_size;

    unsigned configured_bits = 0;
    if (array && order > 2) {
        if (!in_file(m, p, 2)) {
            seterr(err, errlen, "file truncated at pointer-compression header");
            goto fail;
        }
        if (d[p] != 0) {
            seterr(err, errlen, "array pointer compression version %u not supported (need 0)", d[p]);
            goto fail;
        }
        configured_bits = d[p + 1];
    }

    unsigned word_bits = required_bits(c1);
    if (word_bits > 57) {
        seterr(err, errlen, "vocabulary too large");
        goto fail;
    }
    for (unsigned n = 2; n <= order; ++n) {
        kl_layer *L = &m->layer[n];
        L->entries = m->counts[n];
        L->word_bits = word_bits;
        if (n < order) {
            uint64_t max_next = m->counts[n + 1];
            uint64_t bh_size = 0;
            unsigned required = required_bits(max_next);
            if (array) {
                unsigned chop = chop_bits(L->entries + 1, max_next, configured_bits);
                L->array = 1;
                L->arr_count = (max_next >> (required - chop)) + 1;
                bh_size = 8 * (1 + L->arr_count) + 7;
                L->arr_off = align8(p) + 8;
                L->next_bits = required - chop;
                if (!in_file(m, p, bh_size) || !in_file(m, L->arr_off, 8 * L->arr_count)) {
                    seterr(err, errlen, "file truncated inside %u-gram pointer table", n);
                    goto fail;
                }
            } else {
                L->next_bits = required;
            }
            L->quant_bits = m->quant ? m->prob_bits + m->backoff_bits : 63;
            p += bh_size;
        } else {
            L->next_bits = 0;
            L->quant_bits = m->quant ? m->prob_bits : 31;
        }
        if (L->next_bits > 57) {
            seterr(err, errlen, "too many %u-grams", n + 1);
            goto fail;
        }
        L->total_bits = L->word_bits + L->quant_bits + L->next_bits;
        L->off = p;
        L->bytes = ((1 + L->entries) * L->total_bits + 7) / 8 + 8;
        if (!in_file(m, p, L->bytes)) {
            seterr(err, errlen, "file truncated inside the %u-gram records "
                   "(need %llu bytes at offset %llu, file has %llu)", n,
                   (unsigned long long)L->bytes, (unsigned long long)p,
                   (unsigned long long)m->size);
            goto fail;
        }
        p += L->bytes;
    }

    if (!has_vocab) {
        seterr(err, errlen, "binary file was built without vocabulary strings");
        goto fail;
    }
    if (setup_vocab_strings(m, vocab_off, nhash, p, err, errlen)) goto fail;

    *out = m;
    return 0;
fail:
    kl_close(m);
    return -1;
}

void kl_close(kl_model *m)
{
    if (!m) return;
    free(m->words);
    if (m->data) {
#ifdef KL_HAVE_MMAP
        if (m->mapped) munmap((void *)m->data, (size_t)m->size);
        else
#endif
            free((void *)m->data);
    }
    free(m);
}

unsigned kl_order(const kl_model *m) { return m ? m->order : 0; }

uint64_t kl_count(const kl_model *m, unsigned n)
{
    return (m && n >= 1 && n <= m->order) ? m->counts[n] : 0;
}

uint32_t kl_vocab_size(const kl_model *m) { return m ? m->nwords : 0; }

const char *kl_word(const kl_model *m, uint32_t id)
{
    return (m && id < m->nwords) ? m->words[id] : NULL;
}

/* ---------------------------------------------------------- traversal */

typedef struct {
    const kl_model *m;
    unsigned n;
    int (*fn)(void *, const uint32_t *, unsigned, float, float);
    void *ctx;
    char *err;
    size_t errlen;
    uint64_t cursor[KL_MAX_ORDER + 1];   /* next expected record per level */
    uint32_t path[KL_MAX_ORDER];         /* newest word first */
    uint32_t ids[KL_MAX_ORDER];          /* oldest word first */
    int stopped;
} kl_walk;

/* Next pointer stored with record i (i <= entries) of a middle layer. */
static int layer_next(const kl_model *m, const kl_layer *L, uint64_t i, uint64_t *out)
{
    const uint8_t *base = m->data + L->off;
    uint64_t v = rbits(base, i * L->total_bits + L->word_bits + L->quant_bits, L->next_bits);
    if (L->array) {
        /* last table slot whose value is <= i */
        const uint8_t *tab = m->data + L->arr_off;
        uint64_t lo = 0, hi = L->arr_count;   /* first slot with value > i */
        while (lo < hi) {
            uint64_t mid = lo + (hi - lo) / 2;
            if (ld64(tab + 8 * mid) <= i) lo = mid + 1; else hi = mid;
        }
        if (lo == 0) return -1;
        v |= (lo - 1) << L->next_bits;
    }
    *out = v;
    return 0;
}

static void layer_weights(const kl_model *m, unsigned n, uint64_t i, float *prob, float *backoff)
{
    const kl_layer *L = &m->layer[n];
    const uint8_t *base = m->data + L->off;
    uint64_t at = i * L->total_bits + L->word_bits;
    if (m->quant) {
        uint64_t pb = UINT64_C(1) << m->prob_bits, bb = UINT64_C(1) << m->backoff_bits;
        if (n < m->order) {
            const uint8_t *ptab = m->data + m->quant_off + 4 * (n - 2) * (pb + bb);
            const uint8_t *btab = ptab + 4 * pb;
            uint64_t bi = rbits(base, at, m->backoff_bits);
            uint64_t pi = rbits(base, at + m->backoff_bits, m->prob_bits);
            *prob = ldf(ptab + 4 * pi);
            *backoff = ldf(btab + 4 * bi);
        } else {
            const uint8_t *ptab = m->data + m->quant_off + 4 * (m->order - 2) * (pb + bb);
            *prob = ldf(ptab + 4 * rbits(base, at, m->prob_bits));
            *backoff = 0.0f;
        }
    } else {
        *prob = f32_from_bits((uint32_t)rbits(base, at, 31) | UINT32_C(0x80000000));
        *backoff = n < m->order ? f32_from_bits((uint32_t)rbits(base, at + 31, 32)) : 0.0f;
    }
    *backoff += 0.0f;   /* -0.0 ("no extension" marker) -> 0.0 */
}

static int emit(kl_walk *w, unsigned n, float prob, float backoff)
{
    for (unsigned k = 0; k < n; ++k) w->ids[k] = w->path[n - 1 - k];
    if (w->fn(w->ctx, w->ids, n, prob, backoff)) {
        w->stopped = 1;
        return 1;
    }
    return 0;
}

/* Visit records [b, e) of level k (2..n), children of the current path. */
static int walk(kl_walk *w, unsigned k, uint64_t b, uint64_t e)
{
    const kl_model *m = w->m;
    const kl_layer *L = &m->layer[k];
    if (b != w->cursor[k] || e < b || e > L->entries) {
        seterr(w->err, w->errlen, "corrupt %u-gram range [%llu,%llu) (expected start %llu, %llu records)",
               k, (unsigned long long)b, (unsigned long long)e,
               (unsigned long long)w->cursor[k], (unsigned long long)L->entries);
        return -1;
    }
    const uint8_t *base = m->data + L->off;
    uint64_t prev_word = 0;
    uint64_t child_b = 0;
    if (k < w->n && b < e && layer_next(m, L, b, &child_b)) goto bad_ptr;
    for (uint64_t i = b; i < e; ++i) {
        uint64_t word = rbits(base, i * L->total_bits, L->word_bits);
        if (word >= m->counts[1] || (i > b && word <= prev_word)) {
            seterr(w->err, w->errlen, "corrupt %u-gram record %llu (word %llu)",
                   k, (unsigned long long)i, (unsigned long long)word);
            return -1;
        }
        prev_word = word;
        w->path[k - 1] = (uint32_t)word;
        if (k == w->n) {
            float prob, backoff;
            layer_weights(m, k, i, &prob, &backoff);
            if (emit(w, k, prob, backoff)) return 0;
        } else {
            uint64_t child_e;
            if (layer_next(m, L, i + 1, &child_e)) goto bad_ptr;
            if (child_b < child_e || child_b != w->cursor[k + 1]) {
                int r = walk(w, k + 1, child_b, child_e);
                if (r || w->stopped) return r;
            }
            child_b = child_e;
        }
    }
    w->cursor[k] = e;
    return 0;
bad_ptr:
    seterr(w->err, w->errlen, "corrupt %u-gram pointer table", k);
    return -1;
}

int kl_foreach(const kl_model *m, unsigned n,
               int (*fn)(void *ctx, const uint32_t *ids, unsigned n, float prob, float backoff),
               void *ctx, char *err, size_t errlen)
{
    if (!m || !fn || n < 1 || n > m->order) {
        seterr(err, errlen, "kl_foreach: bad arguments (order %u)", n);
        return -1;
    }
    const uint8_t *uni = m->data + m->uni_off;
    uint64_t c1 = m->counts[1];
    if (n == 1) {
        for (uint64_t id = 0; id < c1; ++id) {
            uint32_t ids[1] = {(uint32_t)id};
            float prob = ldf(uni + 16 * id), backoff = ldf(uni + 16 * id + 4) + 0.0f;
            if (fn(ctx, ids, 1, prob, backoff)) return 0;
        }
        return 0;
    }
    kl_walk *w = calloc(1, sizeof *w);
    if (!w) {
        seterr(err, errlen, "out of memory");
        return -1;
    }
    w->m = m;
    w->n = n;
    w->fn = fn;
    w->ctx = ctx;
    w->err = err;
    w->errlen = errlen;
    int rc = 0;
    uint64_t b = ld64(uni + 8);
    for (uint64_t id = 0; id < c1 && !rc && !w->stopped; ++id) {
        uint64_t e = ld64(uni + 16 * (id + 1) + 8);
        w->path[0] = (uint32_t)id;
        if (b < e || b != w->cursor[2]) rc = walk(w, 2, b, e);
        b = e;
    }
    if (!rc && !w->stopped && w->cursor[n] != m->counts[n]) {
        seterr(err, errlen, "enumerated %llu %u-grams but the header says %llu",
               (unsigned long long)w->cursor[n], n, (unsigned long long)m->counts[n]);
        rc = -1;
    }
    free(w);
    return rc;
}
