/* Loading a saved dedup index from arbitrary bytes: never crashes, and a loaded index
 * answers queries and clusters. When the first byte is odd the payload length and
 * checksum are fixed up first, so that mutations reach the parser behind the checksum. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

#include "dedup/dedup-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned char *buf = malloc(size);
    if (!buf)
        return 0;
    memcpy(buf, data + 1, size - 1);
    size_t len = size - 1;
    if ((data[0] & 1) && len >= 32) {
        uint64_t plen = len - 32, sum = dd_checksum(buf + 32, len - 32);
        for (int i = 0; i < 8; i++) {
            buf[16 + i] = (unsigned char)(plen >> (8 * i));
            buf[24 + i] = (unsigned char)(sum >> (8 * i));
        }
    }
    ga_dedup_index_t *idx = NULL;
    ga_error_t *err = NULL;
    if (ga_dedup_index_load_mem(buf, len, NULL, &idx, &err) == GA_OK) {
        size_t n = ga_dedup_index_count(idx);
        for (size_t i = 0; i < n; i++)
            for (int f = 0; f < 7; f++)
                if (!ga_dedup_index_doc_field(idx, i, (ga_dedup_field_t)f))
                    abort();
        ga_dedup_clusters_t *c = NULL;
        if (ga_dedup_index_cluster(idx, 1, &c, NULL) == GA_OK) {
            for (size_t k = 0; k < ga_dedup_clusters_count(c); k++)
                for (size_t j = 0; j < ga_dedup_cluster_size(c, k); j++)
                    if (ga_dedup_cluster_doc(c, k, j) >= n)
                        abort();
        }
        ga_dedup_clusters_free(c);
        ga_dedup_matches_t *m = ga_dedup_matches_new();
        const char *t = "市政府召开常务会议研究部署安全生产工作";
        ga_dedup_doc_t d = {sizeof d, "q", "s", "c", NULL, "2023-01-01", NULL, NULL, t, strlen(t)};
        if (m && ga_dedup_index_query(idx, &d, m, NULL) == GA_OK)
            for (size_t i = 0; i < ga_dedup_matches_count(m); i++)
                if (ga_dedup_matches_doc(m, i) >= n)
                    abort();
        ga_dedup_matches_free(m);
        ga_dedup_index_free(idx);
    } else if (!err) {
        abort(); /* every failure carries details */
    }
    ga_error_free(err);
    free(buf);
    return 0;
}
