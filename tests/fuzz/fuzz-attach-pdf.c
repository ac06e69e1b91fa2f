/* Arbitrary bytes as a PDF (poppler; seeds: small text PDFs). */
#include "fuzz-attach.h"
