/* Checking arbitrary text with the shipped spelling model (GOVAUDIT_DATA_DIR), with and
 * without the shipped rule packs' findings: ill-formed UTF-8 is an error naming its byte,
 * and every finding lies inside the text, on character boundaries, with a suggestion. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool boundary(const uint8_t *s, size_t len, size_t at)
{
    return at == len || (at < len && (s[at] & 0xC0) != 0x80);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ga_spell_model_t *model;
    static ga_matcher_t *rules;
    static ga_spell_scratch_t *s;
    static ga_match_scratch_t *ms;
    if (!model) {
        if (ga_spell_model_load_default(&model, NULL) != GA_OK ||
            ga_matcher_load_default(&rules, NULL) != GA_OK)
            abort();
        s = ga_spell_scratch_new();
        ms = ga_match_scratch_new();
    }
    if (size < 1)
        return 0;
    bool with_rules = data[0] & 1;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    ga_error_t *err = NULL;
    const ga_match_scratch_t *known = NULL;
    if (with_rules && ga_match_scan(rules, ms, text, len, NULL) == GA_OK)
        known = ms;
    ga_status_t st = ga_spell_check(model, s, text, len, known, &err);
    size_t bad;
    bool valid = ga_utf8_validate(text, len, &bad) == GA_OK;
    if (st == GA_ERR_INVALID_UTF8) {
        if (valid || ga_error_offset(err) != bad)
            abort();
    } else if (st != GA_OK || !valid) {
        abort();
    }
    ga_error_free(err);
    for (size_t i = 0; st == GA_OK && i < ga_spell_count(s); i++) {
        ga_finding_t f = {.size = sizeof f};
        if (ga_spell_get(s, i, &f) != GA_OK || f.start >= f.end || f.end > len ||
            !boundary(data + 1, len, f.start) || !boundary(data + 1, len, f.end) ||
            !f.suggestion[0] || ga_spell_candidate_count(s, i) < 1)
            abort();
    }
    return 0;
}
