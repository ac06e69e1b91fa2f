/* ARC reading of arbitrary bytes (plain or gzip per record) through the WARC reader.
 * Inputs that do not start with a version block get one in front (version 1 or 2 by the
 * first byte), so mutations spend their time on the URL-record lines and blocks rather
 * than on a refused version block; inputs that do start with one are read as they are. */
#include "fuzz-warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char V1[] = "filedesc://f.arc 0.0.0.0 20061130083000 text/plain 76\n"
                         "1 1 InternetArchive\n"
                         "URL IP-address Archive-date Content-type Archive-length\n\n";
static const char V2[] = "filedesc://f.arc 0.0.0.0 19961104142103 text/plain 200 - - 0 f.arc 121\n"
                         "2 0 Alexa Internet\n"
                         "URL IP-address Archive-date Content-type Result-code Checksum "
                         "Location Offset Filename Archive-length\n\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ga_status_t st;
    if ((size >= 2 && data[0] == 0x1f && data[1] == 0x8b) ||
        (size >= 11 && memcmp(data, "filedesc://", 11) == 0)) {
        fuzz_warc_read(data, size, &st);
        CHECK(st == GA_OK || st == GA_ERR_FORMAT);
        return 0;
    }
    const char *vb = size && (data[0] & 1) ? V2 : V1;
    size_t vlen = strlen(vb);
    uint8_t *in = malloc(vlen + size);
    CHECK(in);
    memcpy(in, vb, vlen);
    if (size)
        memcpy(in + vlen, data, size);
    fuzz_warc_read(in, vlen + size, &st);
    CHECK(st == GA_OK); /* the version block in front is right */
    free(in);
    return 0;
}
