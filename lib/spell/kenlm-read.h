/* kenlm-read.h - minimal reader for KenLM binary trie language models.
 *
 * Build-time helper of libgovaudit.  Plain C11, libc only.  Reads the
 * "mmap lm ... format version 5" binary files written by KenLM's
 * build_binary for the trie layouts (TRIE, QUANT_TRIE, ARRAY_TRIE,
 * QUANT_ARRAY_TRIE).  Written from the format description only.
 */
#ifndef KENLM_READ_H
#define KENLM_READ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kl_model kl_model;

/* Opens (mmap or read) a KenLM binary file.  Only the trie layouts are
 * understood; others fail with a message.  Returns 0 on success, -1 with a
 * message in err.  Every offset and size is checked against the file size:
 * a truncated or corrupt file fails cleanly. */
int kl_open(const char *path, kl_model **out, char *err, size_t errlen);
void kl_close(kl_model *m);
unsigned kl_order(const kl_model *m);
uint64_t kl_count(const kl_model *m, unsigned n);      /* n = 1..order, 0 otherwise */
uint32_t kl_vocab_size(const kl_model *m);
/* vocabulary string of word id (<unk>, <s>, </s> included), NULL if out of range */
const char *kl_word(const kl_model *m, uint32_t id);
/* Calls fn once for every n-gram of order n (n = 1..order), in the trie's
 * order: ids[0..n-1] oldest word first, prob = log10 probability,
 * backoff = log10 backoff (0 for the highest order).  fn returns nonzero to
 * stop.  Returns 0, or -1 with err on corrupt data. */
int kl_foreach(const kl_model *m, unsigned n,
               int (*fn)(void *ctx, const uint32_t *ids, unsigned n, float prob, float backoff),
               void *ctx, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* KENLM_READ_H */
