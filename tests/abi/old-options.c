/* A program built against 1.0 binds ga_dedup_options_init@GOVAUDIT_1 and hands it a struct
 * that ends before `progress`: the library must write no byte past it, and the 1.1 version
 * must fill the whole struct. Fails with a message when either is wrong. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include <govaudit/govaudit.h>

typedef void (*init_fn)(ga_dedup_options_t *);

int main(void)
{
    init_fn old = (init_fn)dlvsym(RTLD_DEFAULT, "ga_dedup_options_init", "GOVAUDIT_1");
    init_fn cur = (init_fn)dlvsym(RTLD_DEFAULT, "ga_dedup_options_init", "GOVAUDIT_1.1");
    if (!old || !cur) {
        fprintf(stderr, "ga_dedup_options_init: a version is missing (1.0 %p, 1.1 %p)\n",
                (void *)old, (void *)cur);
        return 1;
    }
    unsigned char buf[sizeof(ga_dedup_options_t) + 16];
    memset(buf, 0xA5, sizeof buf);
    old((ga_dedup_options_t *)(void *)buf);
    for (size_t i = GA_DEDUP_OPTIONS_SIZE_1_0; i < sizeof buf; i++)
        if (buf[i] != 0xA5) {
            fprintf(stderr, "the 1.0 init wrote byte %zu of a %zu-byte 1.0 struct\n", i,
                    (size_t)GA_DEDUP_OPTIONS_SIZE_1_0);
            return 1;
        }
    ga_dedup_options_t o;
    memcpy(&o, buf, GA_DEDUP_OPTIONS_SIZE_1_0);
    if (o.size != GA_DEDUP_OPTIONS_SIZE_1_0 || o.threshold != 0.8 || o.window_days != 30) {
        fprintf(stderr, "the 1.0 init: size %zu, threshold %g, window %u\n", o.size,
                o.threshold, o.window_days);
        return 1;
    }
    memset(&o, 0xA5, sizeof o);
    cur(&o);
    if (o.size != sizeof o || o.containment <= 0 || o.progress != NULL) {
        fprintf(stderr, "the 1.1 init: size %zu, containment %g\n", o.size, o.containment);
        return 1;
    }
    ga_dedup_index_t *idx = NULL;
    ga_error_t *err = NULL;
    memcpy(&o, buf, GA_DEDUP_OPTIONS_SIZE_1_0); /* a 1.0 struct is accepted as it is */
    if (ga_dedup_index_new(&o, &idx, &err) != GA_OK) {
        fprintf(stderr, "a 1.0 struct refused: %s\n", ga_error_message(err));
        ga_error_free(err);
        return 1;
    }
    ga_dedup_index_free(idx);
    puts("ga_dedup_options_init: 1.0 callers get a 1.0 struct, 1.1 callers the whole");
    return 0;
}
