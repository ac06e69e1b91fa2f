/* Spelling models: loading (mmap, header, checksum and every index checked), user words,
 * and language-model queries. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spell-internal.h"

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static ga_status_t bad(ga_error_t **err, const char *name, const char *what)
{
    return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0, "%s: %s", name, what);
}

/* An ascending array of `n + 1` offsets that starts at 0 and ends at `total`. */
static bool ranges_ok(const uint32_t *v, size_t n, uint64_t total)
{
    if (v[0] != 0 || v[n] != total)
        return false;
    for (size_t i = 0; i < n; i++)
        if (v[i] > v[i + 1])
            return false;
    return true;
}

ga_status_t ga_spell_attach(ga_spell_image_t *img, const void *data, size_t len,
                            const char *name, ga_error_t **err)
{
    const ga_spell_header_t *h = data;
    memset(img, 0, sizeof *img);
    if (len < sizeof *h || memcmp(h->magic, GA_SPELL_MAGIC, 8) != 0)
        return bad(err, name, "not a govaudit spelling model (bad magic)");
    if (h->endian != 0x01020304u)
        return bad(err, name, "spelling model written with another byte order");
    if (h->version != GA_SPELL_VERSION || h->header_size != sizeof *h)
        return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0,
                               "%s: spelling model format version %u, this library reads %u",
                               name, h->version, GA_SPELL_VERSION);
    if (h->payload_size != len - sizeof *h)
        return bad(err, name, "truncated or padded spelling model");
    const unsigned char *pl = (const unsigned char *)data + sizeof *h;
    if (ga_hash64(pl, h->payload_size, GA_SPELL_SEED) != h->checksum)
        return bad(err, name, "spelling model checksum mismatch (corrupt file)");
    /* Section sizes in 64 bits, so hostile counts cannot wrap. */
    uint64_t nc = h->n_chars, nv = h->n_vocab, nb = h->n_bi, nt = h->n_tri, nw = h->n_words;
    uint64_t sz[] = {align8(nc * 4),       align8(65536 * 2),  align8((nc + 1) * 4),
                     align8((uint64_t)h->n_conf * 4),          align8(nv * sizeof(ga_spell_uni_t)),
                     align8((nv + 1) * 4), align8(nb * 4),     align8(nb * 2),
                     align8((nb + 1) * 4), align8(nt * 4),     align8(nt),
                     align8(3 * 256 * 4),  align8(nw * 4),     align8(nw),
                     align8((nc + 1) * 4), align8((uint64_t)h->n_syl * 2),
                     align8((uint64_t)h->n_mask_slots * 8), align8((uint64_t)h->n_mask_items * 2),
                     align8((uint64_t)h->n_py_slots * 8), align8((uint64_t)h->n_py_items * 4),
                     align8(h->lexicon_size)};
    uint64_t need = 0;
    for (size_t i = 0; i < sizeof sz / sizeof sz[0]; i++)
        need += sz[i];
    if (nc > 65535 || nv < 1 || nv >= GA_SPELL_NO_LM || h->unk >= nv ||
        (h->n_mask_slots & (h->n_mask_slots - 1)) || (h->n_py_slots & (h->n_py_slots - 1)) ||
        need != h->payload_size)
        return bad(err, name, "spelling model sections do not fit the file");
    const unsigned char *p = pl;
    size_t k = 0;
#define NEXT(field, type) (img->field = (const type *)p, p += sz[k++])
    NEXT(char_cp, uint32_t);
    NEXT(char_of, uint16_t);
    NEXT(conf_start, uint32_t);
    NEXT(conf, uint32_t);
    NEXT(uni, ga_spell_uni_t);
    NEXT(uni_child, uint32_t);
    NEXT(bi_word, uint32_t);
    NEXT(bi_q, uint16_t);
    NEXT(bi_child, uint32_t);
    NEXT(tri_word, uint32_t);
    NEXT(tri_q, uint8_t);
    NEXT(quant, float);
    NEXT(word_lm, uint32_t);
    NEXT(word_flags, uint8_t);
    NEXT(syl_start, uint32_t);
    NEXT(syl, uint16_t);
    NEXT(mask_slot, uint64_t);
    NEXT(mask_item, uint16_t);
    NEXT(py_slot, uint64_t);
    NEXT(py_item, uint32_t);
#undef NEXT
    img->hdr = h;
    /* Every index the checker follows, checked once here so lookups need no checks. */
    for (size_t cp = 0; cp < 65536; cp++)
        if (img->char_of[cp] > nc || (img->char_of[cp] && img->char_cp[img->char_of[cp] - 1] != cp))
            return bad(err, name, "bad character table");
    if (!ranges_ok(img->conf_start, nc, h->n_conf))
        return bad(err, name, "bad confusion sets");
    for (size_t i = 0; i < h->n_conf; i++)
        if ((img->conf[i] >> 8) >= nc)
            return bad(err, name, "bad confusion sets");
    if (!ranges_ok(img->uni_child, nv, nb) || !ranges_ok(img->bi_child, nb, nt))
        return bad(err, name, "bad language model ranges");
    for (size_t i = 0; i < nv; i++)
        if (!isfinite(img->uni[i].prob) || !isfinite(img->uni[i].backoff))
            return bad(err, name, "bad unigram");
    for (size_t i = 0; i < nb; i++)
        if (img->bi_word[i] >= nv)
            return bad(err, name, "bad bigram");
    for (size_t i = 0; i < nt; i++)
        if (img->tri_word[i] >= nv)
            return bad(err, name, "bad trigram");
    for (size_t i = 0; i < 3 * 256; i++)
        if (!isfinite(img->quant[i]))
            return bad(err, name, "bad quantisation table");
    for (size_t i = 0; i < nw; i++)
        if (img->word_lm[i] >= nv && img->word_lm[i] != GA_SPELL_NO_LM)
            return bad(err, name, "bad lexicon word");
    if (!ranges_ok(img->syl_start, nc, h->n_syl))
        return bad(err, name, "bad reading table");
    for (size_t i = 0; i < h->n_mask_slots; i++) {
        uint32_t off = (uint32_t)img->mask_slot[i];
        if (off == GA_SPELL_EMPTY)
            continue;
        if (off >= h->n_mask_items || img->mask_item[off] > h->n_mask_items - off - 1)
            return bad(err, name, "bad masked-word index");
        for (uint32_t q = 1; q <= img->mask_item[off]; q++)
            if (img->mask_item[off + q] >= nc)
                return bad(err, name, "bad masked-word index");
    }
    for (size_t i = 0; i < h->n_py_slots; i++) {
        uint32_t off = (uint32_t)img->py_slot[i];
        if (off == GA_SPELL_EMPTY)
            continue;
        if (off >= h->n_py_items || img->py_item[off] > h->n_py_items - off - 1)
            return bad(err, name, "bad reading index");
        for (uint32_t q = 1; q <= img->py_item[off]; q++)
            if ((img->py_item[off + q] & 0xFFFF) >= nc || (img->py_item[off + q] >> 16) >= nc)
                return bad(err, name, "bad reading index");
    }
    ga_status_t st = ga_dict_attach(&img->lexicon, p, h->lexicon_size, name, err);
    if (st != GA_OK)
        return st;
    if (img->lexicon.n_words != nw)
        return bad(err, name, "lexicon does not match its word table");
    return GA_OK;
}

static ga_status_t model_from(void *map, size_t map_len, void *heap, const void *data,
                              size_t len, const char *name, ga_spell_model_t **out,
                              ga_error_t **err)
{
    ga_spell_model_t *m = calloc(1, sizeof *m);
    if (!m) {
        if (map)
            munmap(map, map_len);
        free(heap);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    m->map = map;
    m->map_len = map_len;
    m->heap = heap;
    ga_status_t st = ga_spell_attach(&m->img, data, len, name, err);
    if (st != GA_OK) {
        ga_spell_model_free(m);
        return st;
    }
    *out = m;
    return GA_OK;
}

ga_status_t ga_spell_model_load(const char *path, ga_spell_model_t **out, ga_error_t **err)
{
    if (!path || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_spell_model_load: NULL argument");
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: not a regular file", path);
    }
    size_t len = (size_t)sb.st_size;
    if (len < sizeof(ga_spell_header_t)) {
        close(fd);
        return bad(err, path, "not a govaudit spelling model (too short)");
    }
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: mmap: %s", path, strerror(errno));
    return model_from(map, len, NULL, map, len, path, out, err);
}

ga_status_t ga_spell_model_load_buffer(const void *data, size_t len, ga_spell_model_t **out,
                                       ga_error_t **err)
{
    if ((!data && len) || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_spell_model_load_buffer: NULL argument");
    *out = NULL;
    void *copy = malloc(len ? len : 1); /* 8-aligned: sections are read in place */
    if (!copy)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    if (len)
        memcpy(copy, data, len);
    return model_from(NULL, 0, copy, copy, len, "spelling model", out, err);
}

ga_status_t ga_spell_model_load_default(ga_spell_model_t **out, ga_error_t **err)
{
    const char *dir = ga_data_dir();
    size_t n = strlen(dir) + sizeof "/spell/default.gaspell";
    char *path = malloc(n);
    if (!path)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    snprintf(path, n, "%s/spell/default.gaspell", dir);
    ga_status_t s = access(path, R_OK) == 0 ? ga_spell_model_load(path, out, err)
                                            : ga_data_missing(err, path, "spelling model");
    free(path);
    return s;
}

ga_status_t ga_spell_model_add_words(const ga_spell_model_t *base, const char *name,
                                     const char *text, size_t len, ga_spell_model_t **out,
                                     ga_error_t **err)
{
    if (!base || !out || (!text && len))
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_spell_model_add_words: NULL argument");
    *out = NULL;
    ga_dict_builder_t *b;
    ga_status_t st = ga_dict_builder_new(NULL, &b, err);
    if (st != GA_OK)
        return st;
    st = ga_dict_builder_add_text(b, text, len, name ? name : "user words", err);
    ga_dict_t *user = NULL;
    if (st == GA_OK)
        st = ga_dict_builder_finish(b, &user, err);
    ga_dict_builder_free(b);
    if (st != GA_OK)
        return st;
    ga_spell_model_t *m = calloc(1, sizeof *m);
    if (!m) {
        ga_dict_free(user);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    m->img = base->img;
    m->user = user;
    m->base = base;
    *out = m;
    return GA_OK;
}

void ga_spell_model_free(ga_spell_model_t *m)
{
    if (!m)
        return;
    ga_dict_free(m->user);
    if (m->map)
        munmap(m->map, m->map_len);
    free(m->heap);
    free(m);
}

/* ---- language model ---- */

/* Index of `w` in the ascending words[lo, hi), or -1. The LM's word ids follow the
 * words' hashes, so they spread evenly over their range and interpolation finds one in a
 * few probes where bisection takes a dozen on a frequent word's long list. */
static int64_t find_sorted(const uint32_t *words, uint32_t lo, uint32_t hi, uint32_t w)
{
    while (hi - lo > 8) {
        uint32_t a = words[lo], b = words[hi - 1];
        if (w < a || w > b)
            return -1;
        uint32_t mid = lo + (uint32_t)((uint64_t)(w - a) * (hi - 1 - lo) / ((uint64_t)(b - a) + 1));
        if (words[mid] < w)
            lo = mid + 1;
        else if (words[mid] > w)
            hi = mid;
        else
            return mid;
    }
    for (; lo < hi; lo++)
        if (words[lo] >= w)
            return words[lo] == w ? (int64_t)lo : -1;
    return -1;
}

static int64_t bigram(const ga_spell_image_t *img, uint32_t u, uint32_t v)
{
    return find_sorted(img->bi_word, img->uni_child[u], img->uni_child[u + 1], v);
}

float ga_spell_lm_score(const ga_spell_image_t *img, const uint32_t *ctx, unsigned n,
                        uint32_t w)
{
    float backoff = 0;
    if (n >= 2) {
        int64_t b = bigram(img, ctx[n - 2], ctx[n - 1]);
        if (b >= 0) {
            int64_t t = find_sorted(img->tri_word, img->bi_child[b], img->bi_child[b + 1], w);
            if (t >= 0)
                return img->quant[512 + img->tri_q[t]];
            backoff = img->quant[256 + (img->bi_q[b] >> 8)];
        }
    }
    if (n >= 1) {
        int64_t b = bigram(img, ctx[n - 1], w);
        if (b >= 0)
            return backoff + img->quant[img->bi_q[b] & 0xFF];
        backoff += img->uni[ctx[n - 1]].backoff;
    }
    return backoff + img->uni[w].prob;
}
