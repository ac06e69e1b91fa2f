/* Rule text of arbitrary bytes: parsing never crashes; errors carry a line; a rule set that
 * parses compiles (or fails cleanly), and scanning a fixed text keeps findings in bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/govaudit.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] = "我们要按步就班抓好布署。国办发[2019]19号，敏 感 詞，习进平总书记，"
                             "中华民国时期。ＡＢＣ abc 2023年2月30日";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ga_rules_t *rs = ga_rules_new();
    ga_error_t *err = NULL;
    ga_status_t st = ga_rules_add_text(rs, "fuzz.rules", (const char *)data, size, &err);
    if (st != GA_OK) {
        if (st == GA_ERR_SYNTAX && (!err || ga_error_line(err) == 0))
            abort(); /* syntax errors must say where */
        ga_error_free(err);
        ga_rules_free(rs);
        return 0;
    }
    ga_matcher_t *m = NULL;
    if (ga_matcher_compile(rs, &m, &err) == GA_OK) {
        ga_match_scratch_t *s = ga_match_scratch_new();
        if (ga_match_scan(m, s, sample, sizeof sample - 1, NULL) == GA_OK) {
            size_t prev = 0;
            for (size_t i = 0; i < ga_match_count(s); i++) {
                ga_finding_t f;
                memset(&f, 0, sizeof f);
                f.size = sizeof f;
                if (ga_match_get(s, i, &f) != GA_OK || f.start >= f.end ||
                    f.end > sizeof sample - 1 || f.start < prev || !f.rule || !f.suggestion)
                    abort();
                prev = f.start;
            }
        }
        ga_match_scratch_free(s);
        ga_matcher_free(m);
    }
    ga_error_free(err);
    ga_rules_free(rs);
    return 0;
}
