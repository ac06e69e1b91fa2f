/* WARC reading of arbitrary bytes (plain or gzip): never crashes, every call makes
 * progress, records are consistent with the input. */
#include "fuzz-warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ga_status_t st;
    fuzz_warc_read(data, size, &st);
    /* Only a version block that is not right refuses an input (an ARC file's). */
    CHECK(st == GA_OK || st == GA_ERR_FORMAT);
    return 0;
}
