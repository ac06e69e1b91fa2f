/* Build-time generator of rules/homophones.txt: the pinyin (with tone) of the 3,755
 * characters of GB 2312 level 1, one line per reading: PINYIN<TAB>CHARACTERS. Opening
 * ICU's Han-Latin transliterator takes most of a second, so near: rules read this table
 * and fall back to ICU only when it is missing. Usage: gen-homophones OUTPUT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

typedef struct row {
    char py[32];
    char ch[4];
} row_t;

static int cmp_row(const void *a, const void *b)
{
    const row_t *x = a, *y = b;
    int c = strcmp(x->py, y->py);
    return c ? c : strcmp(x->ch, y->ch);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen-homophones OUTPUT\n");
        return 2;
    }
    UErrorCode ue = U_ZERO_ERROR;
    UConverter *conv = ucnv_open("GB2312", &ue);
    if (U_FAILURE(ue)) {
        fprintf(stderr, "gen-homophones: ICU GB2312 converter: %s\n", u_errorName(ue));
        return 1;
    }
    static UChar chars[0x5200], buf[0x5200 * 16];
    int32_t n = 0;
    for (UChar c = 0x4E00; c <= 0x9FA5; c++) {
        char b[8];
        ue = U_ZERO_ERROR;
        int32_t l = ucnv_fromUChars(conv, b, sizeof b, &c, 1, &ue);
        if (U_SUCCESS(ue) && l == 2 && (unsigned char)b[0] >= 0xB0 && (unsigned char)b[0] <= 0xD7)
            chars[n++] = c;
    }
    ucnv_close(conv);
    int32_t len = 0;
    for (int32_t i = 0; i < n; i++) {
        buf[len++] = chars[i];
        buf[len++] = '\n';
    }
    int32_t limit = len;
    static const UChar id[] = {'H', 'a', 'n', '-', 'L', 'a', 't', 'i', 'n', 0};
    ue = U_ZERO_ERROR;
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &ue);
    if (U_SUCCESS(ue))
        utrans_transUChars(tr, buf, &len, (int32_t)(sizeof buf / sizeof buf[0]), 0, &limit, &ue);
    utrans_close(tr);
    if (U_FAILURE(ue)) {
        fprintf(stderr, "gen-homophones: ICU Han-Latin: %s\n", u_errorName(ue));
        return 1;
    }
    row_t *rows = calloc((size_t)n, sizeof *rows);
    int32_t k = 0, s = 0;
    for (int32_t i = 0; rows && i < len && k < n; i++) {
        if (buf[i] != '\n')
            continue;
        int32_t a = s;
        while (a < i && buf[a] == ' ')
            a++;
        ue = U_ZERO_ERROR;
        u_strToUTF8(rows[k].py, sizeof rows[k].py - 1, NULL, buf + a, i - a, &ue);
        u_strToUTF8(rows[k].ch, sizeof rows[k].ch, NULL, &chars[k], 1, &ue);
        if (U_FAILURE(ue) || strchr(rows[k].py, '\t') || rows[k].py[0] == '\0') {
            fprintf(stderr, "gen-homophones: bad reading for U+%04X\n", chars[k]);
            return 1;
        }
        k++;
        s = i + 1;
    }
    if (!rows || k != n) {
        fprintf(stderr, "gen-homophones: transliteration lost lines\n");
        return 1;
    }
    qsort(rows, (size_t)n, sizeof *rows, cmp_row);
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    fprintf(f, "# pinyin<TAB>characters: GB 2312 level 1 by reading (ICU Han-Latin); generated\n");
    for (int32_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(rows[i].py, rows[i - 1].py))
            fprintf(f, "%s%s\t", i ? "\n" : "", rows[i].py);
        fputs(rows[i].ch, f);
    }
    fputs("\n", f);
    free(rows);
    return fclose(f) == 0 ? 0 : 1;
}
