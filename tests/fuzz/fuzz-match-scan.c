/* Scanning arbitrary bytes with a rule set that uses every feature (raw and normalised
 * literals, exceptions, word boundaries, regexes with substitutions, near-miss forms):
 * never crashes; findings are in text order, inside the input and non-nested. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rules[] =
    "@category 错别字\n按步就班\t按部就班\n布署\t部署\tflags=word\na\t-\tcat=x\n"
    "@category 敏感词\n@flags norm\n敏感词\t-\n中华民国\t-\texcept=中华民国时期\nabc\tx\n"
    "@flags raw\n@category 格式\nre:(?<=\\p{sc:Han})\\[((?:19|20)\\d{2})\\]\t〔$1〕\n"
    "re:(?:^|”)[^“”]*\\K”\t-\nre:(a+)(b*)\t$2$1$$\tflags=norm\n"
    "near:习近平总书记\t-\tcat=领导人姓名职务\n";

static ga_matcher_t *matcher;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!matcher) {
        ga_rules_t *rs = ga_rules_new();
        if (ga_rules_add_text(rs, "fuzz", rules, sizeof rules - 1, NULL) != GA_OK ||
            ga_matcher_compile(rs, &matcher, NULL) != GA_OK)
            abort();
        ga_rules_free(rs);
    }
    ga_match_scratch_t *s = ga_match_scratch_new();
    ga_error_t *err = NULL;
    ga_status_t st = ga_match_scan(matcher, s, (const char *)data, size, &err);
    if (st == GA_OK) {
        size_t prev_start = 0, max_end = 0;
        for (size_t i = 0; i < ga_match_count(s); i++) {
            ga_finding_t f;
            memset(&f, 0, sizeof f);
            f.size = sizeof f;
            if (ga_match_get(s, i, &f) != GA_OK || f.start >= f.end || f.end > size ||
                f.start < prev_start || (i > 0 && f.end <= max_end) ||
                f.text != (const char *)data + f.start)
                abort();
            prev_start = f.start;
            if (f.end > max_end)
                max_end = f.end;
        }
    } else if (st != GA_ERR_INVALID_UTF8 || ga_error_offset(err) >= size) {
        abort();
    }
    ga_error_free(err);
    ga_match_scratch_free(s);
    return 0;
}
