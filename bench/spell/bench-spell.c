/* Spelling benchmark on ECSpell's official-document sentences (odw.train): sentence-level
 * detection precision, recall and F1, strict correction F1, the false-alarm rate on correct
 * sentences, sentences per second on one core, model load time and size; next to the
 * shipped rule packs (the 错别字 they list) measured on the same sentences in the same run.
 * Lines are split into a tuning part and a held-out part (every fifth line), reported
 * apart: thresholds were chosen on the tuning part only.
 * usage: bench-spell DATA_DIR [MODEL]      (GA_SPELL_DUMP=1 prints every finding) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <govaudit/govaudit.h>

#include "core/core-internal.h"
#include "spell/spell-internal.h"

#define SKIP 77

typedef struct sent {
    const char *wrong, *right;
    size_t len;
    int n_err;
} sent_t;

typedef struct tally {
    size_t n, n_err, flagged, det_tp, corr_tp, fa;
} tally_t;

/* CPU time of this thread: the figure is for one core, and stays fair on a busy machine. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Findings of one checker on a sentence, as spans and replacements. */
typedef struct hit {
    size_t start, end;
    const char *sugg;
} hit_t;

static void score(const sent_t *s, const hit_t *h, size_t nh, tally_t *t)
{
    t->n++;
    if (s->n_err)
        t->n_err++;
    if (!nh) {
        return;
    }
    t->flagged++;
    if (!s->n_err) {
        t->fa++;
        return;
    }
    bool overlap = false;
    for (size_t k = 0; k < nh && !overlap; k++)
        for (size_t b = h[k].start; b < h[k].end && !overlap; b++)
            overlap = s->wrong[b] != s->right[b];
    if (overlap)
        t->det_tp++;
    /* strict correction: the suggestions applied give exactly the right sentence */
    char *fixed = malloc(s->len * 2 + 64);
    size_t o = 0, pos = 0;
    for (size_t k = 0; k < nh; k++) {
        if (h[k].start < pos)
            continue;
        memcpy(fixed + o, s->wrong + pos, h[k].start - pos);
        o += h[k].start - pos;
        size_t sl = strlen(h[k].sugg);
        if (o + sl > s->len * 2 + 32)
            break;
        memcpy(fixed + o, h[k].sugg, sl);
        o += sl;
        pos = h[k].end;
    }
    memcpy(fixed + o, s->wrong + pos, s->len - pos);
    o += s->len - pos;
    if (o == s->len && memcmp(fixed, s->right, o) == 0)
        t->corr_tp++;
    free(fixed);
}

static void report(const char *name, const char *part, const tally_t *t)
{
    double p = t->flagged ? (double)t->det_tp / (double)t->flagged : 0;
    double r = t->n_err ? (double)t->det_tp / (double)t->n_err : 0;
    double cp = t->flagged ? (double)t->corr_tp / (double)t->flagged : 0;
    double cr = t->n_err ? (double)t->corr_tp / (double)t->n_err : 0;
    size_t ok = t->n - t->n_err;
    printf("%-10s %-9s %5zu  %6.3f %6.3f %6.3f   %6.3f %6.3f %6.3f   %5.1f%%\n", name, part,
           t->n, p, r, f1(p, r), cp, cr, f1(cp, cr), ok ? 100.0 * (double)t->fa / (double)ok : 0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-spell DATA_DIR [MODEL]\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/ecspell/odw.train", argv[1]);
    char *buf;
    size_t blen;
    if (ga_read_file(path, &buf, &blen, NULL) != GA_OK) {
        printf("bench-spell: %s is absent (../shared/data); skipped\n", path);
        return SKIP;
    }
    sent_t *S = NULL;
    size_t n = 0, cap = 0;
    for (char *p = buf; p < buf + blen;) {
        char *nl = memchr(p, '\n', (size_t)(buf + blen - p));
        if (nl)
            *nl = 0;
        char *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (t1 && t2 && (size_t)(t2 - t1 - 1) == strlen(t2 + 1)) {
            ga_grow((void **)&S, &cap, n + 1, sizeof *S);
            S[n++] = (sent_t){t1 + 1, t2 + 1, (size_t)(t2 - t1 - 1), atoi(p)};
            *t2 = 0;
        }
        p = nl ? nl + 1 : buf + blen;
    }

    ga_error_t *err = NULL;
    ga_spell_model_t *model;
    double t0 = now();
    ga_status_t st = argc > 2 ? ga_spell_model_load(argv[2], &model, &err)
                              : ga_spell_model_load_default(&model, &err);
    double load = now() - t0;
    if (st != GA_OK) {
        fprintf(stderr, "bench-spell: %s\n", ga_error_message(err));
        return 1;
    }
    ga_matcher_t *rules;
    if (ga_matcher_load_default(&rules, &err) != GA_OK) {
        fprintf(stderr, "bench-spell: %s\n", ga_error_message(err));
        return 1;
    }
    /* GA_SPELL_TUNE="report=2.5,real_word=1" tries other weights (names of
     * ga_spell_tuning_t); the shipped ones are the defaults. */
    const char *tune = getenv("GA_SPELL_TUNE");
    if (tune) {
        ga_spell_tuning_t t = *ga_spell_tuning();
        char *copy = strdup(tune);
        for (char *kv = strtok(copy, ","); kv; kv = strtok(NULL, ",")) {
            char *eq = strchr(kv, '=');
            if (!eq)
                continue;
            *eq = 0;
            float v = strtof(eq + 1, NULL);
#define SET(f) if (strcmp(kv, #f) == 0) t.f = v;
            SET(report) SET(sure) SET(real_word) SET(two_chars) SET(lexicon_only)
            SET(same_syllable) SET(same_phonetic) SET(near_sound) SET(near_shape) SET(alone)
#undef SET
            if (strcmp(kv, "scored") == 0)
                t.scored = (unsigned)v;
        }
        free(copy);
        ga_spell_tune(&t);
    }
    ga_spell_scratch_t *ss = ga_spell_scratch_new();
    ga_match_scratch_t *ms = ga_match_scratch_new();
    bool dump = getenv("GA_SPELL_DUMP") != NULL;
    tally_t sp[2] = {{0}}, ru[2] = {{0}};
    hit_t hits[64];
    for (size_t i = 0; i < n; i++) {
        int part = i % 5 == 0; /* 1: held out */
        if (ga_spell_check(model, ss, S[i].wrong, S[i].len, NULL, &err) != GA_OK) {
            fprintf(stderr, "bench-spell: line %zu: %s\n", i + 1, ga_error_message(err));
            return 1;
        }
        size_t nh = 0;
        for (size_t k = 0; k < ga_spell_count(ss) && nh < 64; k++) {
            ga_finding_t f = {.size = sizeof f};
            ga_spell_get(ss, k, &f);
            hits[nh++] = (hit_t){f.start, f.end, f.suggestion};
            if (dump)
                printf("%s%zu\t%d\t%.*s->%s\t%.2f\t%.*s\n", part ? "H" : "T", i + 1, S[i].n_err,
                       (int)(f.end - f.start), f.text, f.suggestion, ga_spell_confidence(ss, k),
                       (int)S[i].len, S[i].right);
        }
        if (dump && S[i].n_err && !nh)
            printf("%sMISS%zu\t%s\t%s\n", part ? "H" : "T", i + 1, S[i].wrong, S[i].right);
        score(&S[i], hits, nh, &sp[part]);
        ga_match_scan(rules, ms, S[i].wrong, S[i].len, NULL);
        nh = 0;
        for (size_t k = 0; k < ga_match_count(ms) && nh < 64; k++) {
            ga_finding_t f = {.size = sizeof f};
            ga_match_get(ms, k, &f);
            if (strcmp(f.category, "错别字") == 0)
                hits[nh++] = (hit_t){f.start, f.end, f.suggestion};
        }
        score(&S[i], hits, nh, &ru[part]);
    }
    tally_t all = sp[0];
    all.n += sp[1].n, all.n_err += sp[1].n_err, all.flagged += sp[1].flagged;
    all.det_tp += sp[1].det_tp, all.corr_tp += sp[1].corr_tp, all.fa += sp[1].fa;
    printf("ECSpell odw.train: %zu sentences (%zu with wrong characters)\n", n,
           sp[0].n_err + sp[1].n_err);
    printf("%-10s %-9s %5s  %6s %6s %6s   %6s %6s %6s   %6s\n", "checker", "part", "sent",
           "det P", "det R", "det F1", "cor P", "cor R", "cor F1", "false alarms");
    report("spell", "tuning", &sp[0]);
    report("spell", "held-out", &sp[1]);
    report("spell", "all", &all);
    report("rules", "tuning", &ru[0]);
    report("rules", "held-out", &ru[1]);

    /* Speed on one core: every sentence, repeated, next to the rule packs' scan
     * (GA_SPELL_NO_SPEED=1 leaves it out, for tuning runs). */
    size_t reps = getenv("GA_SPELL_NO_SPEED") ? 0 : 3;
    t0 = now();
    for (size_t r = 0; r < reps; r++)
        for (size_t i = 0; i < n; i++)
            ga_spell_check(model, ss, S[i].wrong, S[i].len, NULL, NULL);
    double ts = now() - t0;
    t0 = now();
    for (size_t r = 0; r < reps * 20; r++)
        for (size_t i = 0; i < n; i++)
            ga_match_scan(rules, ms, S[i].wrong, S[i].len, NULL);
    double tm = (now() - t0) / 20;
    struct stat sb;
    char mpath[4096];
    snprintf(mpath, sizeof mpath, "%s/spell/default.gaspell", ga_data_dir());
    if (argc > 2)
        snprintf(mpath, sizeof mpath, "%s", argv[2]);
    if (reps)
        printf("speed: spell %.0f sentences/s, rule packs %.0f sentences/s (spell / rules: "
               "%.3fx)\n", (double)(reps * n) / ts, (double)(reps * n) / tm, tm / ts);
    printf("model: %.1f MB, load %.1f ms\n",
           stat(mpath, &sb) == 0 ? (double)sb.st_size / 1e6 : 0.0, load * 1e3);
    ga_spell_scratch_free(ss);
    ga_match_scratch_free(ms);
    ga_spell_model_free(model);
    ga_matcher_free(rules);
    free(S);
    free(buf);
    return 0;
}
