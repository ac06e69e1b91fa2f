/* PDF text through poppler-glib (the `pdf` build option): one piece per page. Poppler
 * reports problems through GLib's log at the info level, which GLib does not print unless
 * asked to, so the library stays silent. */
#include <stdlib.h>
#include <string.h>

#include "attach-internal.h"

#ifdef GA_HAVE_POPPLER
#include <poppler.h>

bool att_pdf_available(void)
{
    return true;
}

ga_status_t att_pdf(const void *data, size_t len, ga_attach_t *doc, ga_error_t **err)
{
    GBytes *bytes = g_bytes_new_static(data, len);
    GError *ge = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &ge);
    g_bytes_unref(bytes);
    if (!pd) {
        bool locked = ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED;
        char *msg = ga_utf8_clip(ge && ge->message ? ge->message : "unknown error",
                                 ge && ge->message ? strlen(ge->message) : 13, 200);
        ga_status_t st = locked ? ga_error_set(err, GA_ERR_UNSUPPORTED,
                                               "an encrypted PDF (a password is needed)")
                                : ga_error_set(err, GA_ERR_FORMAT, "damaged PDF: %s",
                                               msg ? msg : "unknown error");
        free(msg);
        if (ge)
            g_error_free(ge);
        return st;
    }
    int n = poppler_document_get_n_pages(pd);
    ga_status_t st = GA_OK;
    if (n < 0 || (uint32_t)n > doc->lim.max_parts)
        st = ga_error_set(err, GA_ERR_LIMIT, "PDF of %d pages: the limit is %u", n,
                          doc->lim.max_parts);
    for (int i = 0; i < n && !st; i++) {
        PopplerPage *pg = poppler_document_get_page(pd, i);
        if (!pg)
            continue; /* a page poppler cannot build has no text to offer */
        char *t = poppler_page_get_text(pg);
        g_object_unref(pg);
        if (!t)
            continue;
        size_t tl = strlen(t);
        while (tl && (t[tl - 1] == '\n' || t[tl - 1] == '\f' || t[tl - 1] == ' '))
            tl--;
        char *clean = NULL;
        if (ga_utf8_validate(t, tl, NULL) != GA_OK && !(clean = ga_utf8_clip(t, tl, tl * 3))) {
            g_free(t);
            st = ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
            break;
        }
        st = att_add_piece(doc, GA_ATTACH_PAGE, (uint32_t)i + 1, 0, 0, 0, clean ? clean : t,
                           clean ? strlen(clean) : tl, err);
        free(clean);
        g_free(t);
    }
    g_object_unref(pd);
    return st;
}

#else

bool att_pdf_available(void)
{
    return false;
}

ga_status_t att_pdf(const void *data, size_t len, ga_attach_t *doc, ga_error_t **err)
{
    (void)data, (void)len, (void)doc;
    return ga_error_set(err, GA_ERR_UNSUPPORTED,
                        "PDF is not read by this build (configured without poppler: -Dpdf)");
}

#endif
