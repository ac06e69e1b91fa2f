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

/* The edit corpus: pair i of a kind is an article and a copy edited that way (the kinds
 * before CORPUS_FIRST_NEGATIVE), or two documents that are not copies though they look
 * alike (hard negatives). */
enum corpus_kind {
    CORPUS_SENT_ADDED, CORPUS_SENT_DROPPED, CORPUS_EDITOR_LINE, CORPUS_PARA_APPENDED,
    CORPUS_PREAMBLE, CORPUS_WORD_EDITS,
    CORPUS_NEG_TOPIC,    /* different articles between the same office's standard paragraphs */
    CORPUS_NEG_TEMPLATE, /* notices of one template: names, dates and numbers differ */
    CORPUS_NKINDS
};
#define CORPUS_FIRST_NEGATIVE CORPUS_NEG_TOPIC
const char *corpus_kind_name(unsigned kind);
/* Pair i (documents 2i and 2i + 1) of the given kind; `b->original` is 2i for copies. */
void corpus_edit_pair(uint64_t seed, uint64_t i, unsigned kind, corpus_doc_t *a, corpus_doc_t *b);

#endif
