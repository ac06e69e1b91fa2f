/* Synthetic corpus of Chinese government articles with planted near duplicates, for the
 * dedup benchmark. Deterministic: document i depends only on (seed, i). */
#ifndef BENCH_DEDUP_CORPUS_H
#define BENCH_DEDUP_CORPUS_H

#include <stddef.h>
#include <stdint.h>

typedef struct corpus_doc {
    char id[24], site[48], column[48], url[96], date[40], title[128], source[48];
    char *text; /* malloc'd */
    size_t text_len;
    int64_t original; /* document this one copies, or -1 */
} corpus_doc_t;

/* Make document i of the corpus of the given seed (free text with corpus_doc_clear). */
void corpus_make(uint64_t seed, uint64_t i, corpus_doc_t *d);
void corpus_doc_clear(corpus_doc_t *d);

#endif
