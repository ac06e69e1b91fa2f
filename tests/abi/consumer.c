/* A program built only from the installed header and pkg-config flags. */
#include <govaudit/govaudit.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    if (strcmp(ga_version_string(), GA_VERSION_STRING) != 0) {
        fprintf(stderr, "header %s, library %s\n", GA_VERSION_STRING, ga_version_string());
        return 1;
    }
    ga_normalizer_t *n = NULL;
    ga_normalized_t *r = ga_normalized_new();
    ga_error_t *err = NULL;
    const char *in = "ＧＯＶ國務院";
    if (ga_normalizer_new(NULL, &n, &err) != GA_OK ||
        ga_normalize(n, in, strlen(in), r, &err) != GA_OK) {
        fprintf(stderr, "%s\n", ga_error_message(err));
        return 1;
    }
    int ok = strcmp(ga_normalized_text(r, NULL), "gov国务院") == 0;
    printf("linked libgovaudit %s: %s\n", ga_version_string(), ga_normalized_text(r, NULL));
    ga_normalized_free(r);
    ga_normalizer_free(n);
    return ok ? 0 : 1;
}
