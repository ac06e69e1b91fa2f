/* URL helpers of the site module. */
#ifndef GA_SITE_URL_H
#define GA_SITE_URL_H

#include <stdbool.h>
#include <strings.h>

#include "core/core-internal.h"

/* Normalise an absolute http(s) URL into `out` (replacing its content): scheme and host
 * in lower case, default port and fragment dropped, "/" for an empty path, bytes that are
 * not valid UTF-8 or are controls percent-encoded. 1 on success, 0 when `in` is not an
 * http(s) URL with a host, -1 when out of memory. */
int ga_site_url_norm(const char *in, size_t len, ga_buf_t *out);
/* Resolve `ref` (absolute, //host, /path or relative) against the normalised `base`. */
int ga_site_url_resolve(const char *base, const char *ref, ga_buf_t *out);
/* The host[:port] part of a normalised URL. */
const char *ga_site_url_host(const char *url, size_t *len);
/* Hosts equal but for a leading "www.". */
bool ga_site_host_eq(const char *a, size_t an, const char *b, size_t bn);

#endif
