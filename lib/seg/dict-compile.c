/* Build-time tool: compile text dictionaries (word freq [tag]) into one binary dictionary,
 * training its HMM from the words. Later inputs override earlier ones word by word.
 * usage: ga-dict-compile [--hmm-exponent X] OUT.gadict IN.txt... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seg/seg-internal.h"

int main(int argc, char **argv)
{
    int i = 1;
    double exponent = 1.0;
    if (i + 1 < argc && strcmp(argv[i], "--hmm-exponent") == 0) {
        exponent = strtod(argv[i + 1], NULL);
        i += 2;
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: %s [--hmm-exponent X] OUT.gadict IN.txt...\n", argv[0]);
        return 2;
    }
    const char *out = argv[i++];
    ga_error_t *err = NULL;
    ga_dict_builder_t *b = NULL;
    ga_status_t st = ga_dict_builder_new(NULL, &b, &err);
    if (st == GA_OK)
        ga_dict_builder_set_hmm_exponent(b, exponent);
    for (; st == GA_OK && i < argc; i++)
        st = ga_dict_builder_add_file(b, argv[i], &err);
    if (st == GA_OK)
        st = ga_dict_builder_save(b, out, &err);
    if (st != GA_OK) {
        fprintf(stderr, "%s: %s\n", argv[0], err ? ga_error_message(err) : ga_status_string(st));
        ga_error_free(err);
        ga_dict_builder_free(b);
        return 1;
    }
    ga_dict_builder_free(b);
    return 0;
}
