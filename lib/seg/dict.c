/* Loading compiled dictionaries: mmap, header/checksum/section checks, lookup. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seg-internal.h"

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

ga_status_t ga_dict_attach(ga_dict_t *d, const void *data, size_t len, const char *name,
                           ga_error_t **err)
{
    const unsigned char *p = data;
    const ga_dict_header_t *h = data;
    if (len < sizeof *h || memcmp(h->magic, GA_DICT_MAGIC, 8) != 0)
        return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0,
                               "%s: not a govaudit dictionary (bad magic)", name);
    if (h->endian != 0x01020304u)
        return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0,
                               "%s: dictionary written with another byte order", name);
    if (h->version != GA_DICT_VERSION || h->header_size != sizeof *h)
        return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0,
                               "%s: dictionary format version %u, this library reads %u", name,
                               h->version, GA_DICT_VERSION);
    if (h->payload_size != len - sizeof *h)
        return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0,
                               "%s: truncated or padded dictionary (%zu payload bytes, header "
                               "says %llu)", name, len - sizeof *h,
                               (unsigned long long)h->payload_size);
    const unsigned char *pl = p + sizeof *h;
    if (ga_hash64(pl, h->payload_size, GA_DICT_SEED) != h->checksum)
        return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0,
                               "%s: dictionary checksum mismatch (corrupt file)", name);
    /* Section sizes, computed in 64 bits so hostile counts cannot wrap. */
    uint64_t sz_bmp = align8(65536 * 2);
    uint64_t sz_supp = align8((uint64_t)h->n_supp * 8);
    uint64_t sz_units = align8((uint64_t)h->n_units * sizeof(ga_da_unit_t));
    uint64_t nb = ((uint64_t)h->n_units + 63) / 64;
    uint64_t sz_words = nb * 8 + align8(nb * 4) + align8((uint64_t)h->n_words * 4) +
                        align8((uint64_t)h->n_words * 2);
    uint64_t sz_hmm = align8(sizeof(ga_hmm_t) + (uint64_t)4 * h->n_codes * sizeof(float));
    uint64_t sz_tags = align8(h->tags_size);
    uint64_t need = sz_bmp + sz_supp + sz_units + sz_words + sz_hmm + sz_tags;
    if (h->n_units < 1 || h->n_units > GA_DA_MAX_UNITS || h->n_codes < 1 ||
        h->n_codes > 0x110000 || h->n_tags < 1 ||
        (uint64_t)(h->n_tags + 1) * 4 > h->tags_size || need != h->payload_size)
        return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0,
                               "%s: dictionary sections do not fit the file", name);
    size_t off = 0;
    d->hdr = h;
    d->bmp_code = (const uint16_t *)(pl + off);
    off += sz_bmp;
    d->supp = (const uint32_t *)(pl + off);
    off += sz_supp;
    d->units = (const ga_da_unit_t *)(pl + off);
    off += sz_units;
    d->term_bits = (const uint64_t *)(pl + off);
    off += nb * 8;
    d->term_rank = (const uint32_t *)(pl + off);
    off += align8(nb * 4);
    d->freq = (const uint32_t *)(pl + off);
    off += align8((size_t)h->n_words * 4);
    d->tag = (const uint16_t *)(pl + off);
    off += align8((size_t)h->n_words * 2);
    d->hmm = (const ga_hmm_t *)(pl + off);
    d->emit = (const float *)(pl + off + sizeof(ga_hmm_t));
    off += sz_hmm;
    d->tag_offsets = (const uint32_t *)(pl + off);
    d->tag_names = (const char *)(pl + off);
    d->n_units = h->n_units;
    d->n_words = h->n_words;
    d->n_codes = h->n_codes;
    d->n_supp = h->n_supp;
    d->n_tags = h->n_tags;
    d->log_total = log((double)(h->total_freq ? h->total_freq : 1));
    if (d->hmm->n_codes != h->n_codes)
        return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0, "%s: HMM alphabet mismatch", name);
    /* Tag names: offsets ascending inside the section, each name NUL-terminated. */
    uint32_t lo = (h->n_tags + 1) * 4;
    for (uint32_t i = 0; i <= h->n_tags; i++) {
        uint32_t o = d->tag_offsets[i];
        if (o < lo || o > h->tags_size)
            return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0, "%s: bad tag table", name);
        lo = o;
    }
    if (h->tags_size > (h->n_tags + 1) * 4 &&
        d->tag_names[d->tag_offsets[h->n_tags] - 1] != '\0')
        return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0, "%s: bad tag table", name);
    /* Code maps must stay inside the alphabet; units and words are checked on use. */
    for (uint32_t i = 0; i < 65536; i++)
        if (d->bmp_code[i] >= h->n_codes)
            return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0, "%s: bad character map",
                                   name);
    for (uint32_t i = 0; i < h->n_supp; i++)
        if (d->supp[2 * i + 1] >= h->n_codes || (i && d->supp[2 * i] <= d->supp[2 * i - 2]))
            return ga_error_set_at(err, GA_ERR_FORMAT, name, 0, 0, "%s: bad character map",
                                   name);
    return GA_OK;
}

ga_status_t ga_dict_load(const char *path, ga_dict_t **out, ga_error_t **err)
{
    if (!path || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_dict_load: NULL argument");
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: not a regular file", path);
    }
    size_t len = (size_t)st.st_size;
    if (len < sizeof(ga_dict_header_t)) {
        close(fd);
        return ga_error_set_at(err, GA_ERR_FORMAT, path, 0, 0,
                               "%s: not a govaudit dictionary (%zu bytes)", path, len);
    }
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return ga_error_set_at(err, GA_ERR_IO, path, 0, 0, "%s: mmap: %s", path, strerror(errno));
    ga_dict_t *d = calloc(1, sizeof *d);
    if (!d) {
        munmap(map, len);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    d->map = map;
    d->map_len = len;
    ga_status_t s = ga_dict_attach(d, map, len, path, err);
    if (s != GA_OK) {
        ga_dict_free(d);
        return s;
    }
    *out = d;
    return GA_OK;
}

ga_status_t ga_dict_load_memory(const void *data, size_t len, ga_dict_t **out, ga_error_t **err)
{
    if ((!data && len) || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_dict_load_memory: NULL argument");
    *out = NULL;
    ga_dict_t *d = calloc(1, sizeof *d);
    /* Copy to 8-aligned storage: the sections are read in place. */
    void *copy = malloc(len ? len : 1);
    if (!d || !copy) {
        free(d);
        free(copy);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    if (len)
        memcpy(copy, data, len);
    d->heap = copy;
    ga_status_t s = ga_dict_attach(d, copy, len, "dictionary", err);
    if (s != GA_OK) {
        ga_dict_free(d);
        return s;
    }
    *out = d;
    return GA_OK;
}

ga_status_t ga_dict_load_default(ga_dict_t **out, ga_error_t **err)
{
    const char *dir = ga_data_dir();
    size_t n = strlen(dir) + sizeof "/dict/default.gadict";
    char *path = malloc(n);
    if (!path)
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    snprintf(path, n, "%s/dict/default.gadict", dir);
    ga_status_t s = access(path, R_OK) == 0 ? ga_dict_load(path, out, err)
                                            : ga_data_missing(err, path, "default dictionary");
    free(path);
    return s;
}

void ga_dict_free(ga_dict_t *dict)
{
    if (!dict)
        return;
    if (dict->map)
        munmap(dict->map, dict->map_len);
    free(dict->heap);
    free(dict);
}

size_t ga_dict_size(const ga_dict_t *dict)
{
    return dict ? dict->n_words : 0;
}

const ga_dict_t *ga_dict_base(const ga_dict_t *dict)
{
    return dict ? dict->base : NULL;
}

int32_t ga_dict_find(const ga_dict_t *d, const char *word, size_t len)
{
    const unsigned char *s = (const unsigned char *)word;
    size_t pos = 0;
    int32_t st = 0;
    while (pos < len) {
        int32_t cp = ga_utf8_decode(s, len, &pos);
        if (cp < 0)
            return -1;
        st = ga_dict_step(d, st, ga_dict_code(d, (uint32_t)cp));
        if (st < 0)
            return -1;
    }
    return len ? ga_dict_word_at(d, st) : -1;
}

int ga_dict_lookup(const ga_dict_t *dict, const char *word, size_t len, uint64_t *freq,
                   const char **tag)
{
    for (const ga_dict_t *d = dict; d && word; d = d->base) {
        int32_t w = ga_dict_find(d, word, len);
        if (w < 0)
            continue;
        if (d->freq[w] == 0)
            return 0; /* deleted by the user dictionary */
        if (freq)
            *freq = d->freq[w];
        if (tag) /* tag indexes are checked here, not at load: loading stays O(1) in words */
            *tag = d->tag[w] < d->n_tags ? d->tag_names + d->tag_offsets[d->tag[w]] : "";
        return 1;
    }
    return 0;
}
