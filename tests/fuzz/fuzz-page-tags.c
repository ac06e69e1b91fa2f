/* The attribute bound checked against libxml2 itself: after ga_page_bound_tags with a bound
 * of 2, libxml2 must build no element with more than 2 attributes, whatever the input. A
 * failure means the pass and the parser disagree about where a tag starts or ends, which
 * would let a crafted page past the bound. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <libxml/HTMLparser.h>

#include "page/page-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { BOUND = 2 };

static void check(const xmlDoc *doc)
{
    const xmlNode *n = doc->children;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            size_t count = 0;
            for (const xmlAttr *a = n->properties; a; a = a->next)
                count++;
            if (count > BOUND)
                abort();
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n && !n->next)
            n = n->parent == (const xmlNode *)doc ? NULL : n->parent;
        if (n)
            n = n->next;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *utf8;
    size_t ulen;
    bool borrowed;
    char charset[32];
    if (ga_page_decode((const char *)data, size, "utf-8", NULL, &utf8, &ulen, &borrowed, charset,
                       NULL) != GA_OK)
        return 0;
    char *bounded = NULL;
    size_t blen = 0;
    if (ga_page_bound_tags(utf8, ulen, BOUND, &bounded, &blen) != GA_OK)
        abort();
    const char *in = bounded ? bounded : utf8;
    size_t n = bounded ? blen : ulen;
    if (n > 0) {
        htmlParserCtxtPtr pc = htmlNewParserCtxt();
        xmlDoc *doc = pc ? htmlCtxtReadMemory(pc, in, (int)n, "page.html", "UTF-8",
                                              GA_PAGE_XML_OPTIONS)
                         : NULL;
        if (doc) {
            check(doc);
            xmlFreeDoc(doc);
        }
        htmlFreeParserCtxt(pc);
    }
    free(bounded);
    if (!borrowed)
        free((char *)utf8);
    return 0;
}
