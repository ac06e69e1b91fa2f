/* What the checker never corrects: protected words of the lexicon and the caller's,
 * names known by their context, and characters inside the matcher's findings. */
#include <string.h>

#include "checker.h"

/* Mark the characters of protected words (names, places, bodies, the caller's words). */
void ga_spell_guard_words(const ga_spell_model_t *m, ga_spell_scratch_t *s, size_t lo, size_t hi)
{
    for (size_t a = lo; a < hi; a++) {
        walk_t w;
        ga_spell_walk_start(&w, m);
        for (size_t j = a; j < hi && j - a < GA_DICT_MAX_WORD; j++) {
            if (!ga_spell_walk_step(&w, s->cp[j]))
                break;
            tword_t t;
            if (j > a && ga_spell_walk_word(&w, &m->img, 1, &t) && (t.flags & GA_WORD_PROTECTED))
                memset(s->guard + a, 1, j + 1 - a);
        }
    }
}

/* Names the lexicon cannot know: the two characters before a place suffix that does not
 * make a word with them (五烈镇, 尤李社区: 地区 and 城镇 are words, so no guard), the
 * given name after a title (主任高雨) or before 同志, and a firm's name before 有限公司 or
 * 集团. A slip in such a name is left to people: guessing at names makes false alarms. */
static const char *const place_suffixes[] = {"镇", "乡", "村", "县", "旗", "区", "屯", "寨",
                                             "段", "舰", "矿", "街", "社区", "街道", "嘎查",
                                             "苏木", "居委会", "村委会"};
static const char *const name_before[] = {"同志", "有限公司", "有限责任公司", "集团",
                                          "股份", "百货", "煤业"};
static const char *const titles[] = {"主任", "书记", "部长", "局长", "厅长", "处长", "科长",
                                     "主席", "组长", "院长", "校长", "市长", "县长", "省长",
                                     "镇长", "村长", "司长", "总理", "经理", "队长",
                                     "董事长", "委员", "秘书长", "教授", "记者"};

/* Whether the code points at cp[i..hi) start with UTF-8 string `w`; its length in *n. */
static bool starts_with(const uint32_t *cp, size_t i, size_t hi, const char *w, size_t *n)
{
    size_t pos = 0, len = strlen(w), k = 0;
    while (pos < len) {
        int32_t c = ga_utf8_decode((const unsigned char *)w, len, &pos);
        if (i + k >= hi || cp[i + k] != (uint32_t)c)
            return false;
        k++;
    }
    *n = k;
    return true;
}

static void guard_span(ga_spell_scratch_t *s, size_t lo, size_t hi, size_t from, size_t to)
{
    for (size_t k = from < lo ? lo : from; k < to && k < hi; k++)
        s->guard[k] = 1;
}

void ga_spell_guard_names(const ga_spell_model_t *m, ga_spell_scratch_t *s, size_t lo, size_t hi)
{
    for (size_t j = lo; j < hi; j++) {
        size_t n;
        for (size_t q = 0; q < sizeof place_suffixes / sizeof place_suffixes[0]; q++) {
            if (j < lo + 2 || !starts_with(s->cp, j, hi, place_suffixes[q], &n))
                continue;
            tword_t w[MAX_WORD];
            unsigned nw = ga_spell_words_from(m, s->cp, j - 1, hi, w);
            bool word = false;
            for (unsigned k = 0; k < nw; k++)
                word |= w[k].len >= 2 && w[k].lm != GA_SPELL_NO_LM;
            if (!word)
                guard_span(s, lo, hi, j - 2, j + n);
        }
        for (size_t q = 0; q < sizeof name_before / sizeof name_before[0]; q++)
            if (j >= lo + 2 && starts_with(s->cp, j, hi, name_before[q], &n))
                guard_span(s, lo, hi, j >= lo + 3 ? j - 3 : lo, j);
        for (size_t q = 0; q < sizeof titles / sizeof titles[0]; q++)
            if (starts_with(s->cp, j, hi, titles[q], &n))
                guard_span(s, lo, hi, j + n, j + n + 3);
    }
}

/* Guard the characters of the run cp[0..n) that lie inside the matcher's findings; *next
 * is the first finding that may still reach this run or a later one (they come in text
 * order). */
void ga_spell_guard_known(ga_spell_scratch_t *s, size_t n, const ga_match_scratch_t *known,
                        size_t *next)
{
    size_t count = known ? ga_match_count(known) : 0;
    size_t run_end = s->off[n];
    for (size_t k = *next; k < count; k++) {
        ga_finding_t f = {.size = sizeof f};
        if (ga_match_get(known, k, &f) != GA_OK)
            continue;
        if (f.start >= run_end)
            break;
        if (k == *next && f.end <= run_end)
            (*next)++; /* over before the next run starts */
        for (size_t i = 0; i < n; i++)
            if (s->off[i] >= f.start && s->off[i] < f.end)
                s->guard[i] = 1;
    }
}

void ga_spell_guard_before(ga_spell_scratch_t *s, size_t n, uint32_t next)
{
    /* 冀政呈〔2019〕6号, 国办发[2019]19号: the issuing office's short name */
    if (next == 0x3014 /* 〔 */ || next == '[' || next == 0xFF3B /* ［ */ || next == 0x3010 /* 【 */)
        guard_span(s, 0, n, n >= 4 ? n - 4 : 0, n);
}
