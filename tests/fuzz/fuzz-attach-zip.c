/* Arbitrary bytes as a zip-based attachment: DOCX, XLSX, PPTX and OFD seeds. */
#include "fuzz-attach.h"
