/* The main body: the block that holds the page's prose, and its text without the
 * furniture (print and close buttons, share bars, the info line).
 *
 * It is found the way readability-style extractors do, tuned for the CMS
 * templates of Chinese government sites (TRS WCM, Hanweb 大汉, 开普云 UCAP, ...): every
 * block holding prose scores itself, its parent and half its grandparent by its length
 * and its Chinese punctuation; scores are damped by link density and by class/id names
 * (nav, footer, share, ... down; TRS_Editor, zoom, UCAP-CONTENT, ... up); the winner is
 * narrowed to the child that holds nearly all of its text.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page-extract.h"

long ga_page_choose_body(ctx_t *c)
{
    long best = -1;
    float bs = 0;
    for (size_t i = 0; i < c->nst; i++) {
        nstat *s = &c->st[i];
        if (s->score <= 0 || !s->chars)
            continue;
        float ld = (float)s->link_chars / (float)s->chars;
        float w = s->cls == CLS_STRONG ? 1.6f : s->cls == CLS_WEAK ? 1.15f : s->cls == CLS_NEG ? 0.2f : 1.0f;
        if (s->neg_inside)
            w *= 0.3f;
        float f = s->score * (1.0f - ld) * w;
        if (f > bs) {
            bs = f;
            best = (long)i;
        }
    }
    if (best < 0 || bs < 2.0f)
        return -1;
    /* Narrow to a child holding nearly all of the text (drops headline and info lines). */
    for (;;) {
        nstat *b = &c->st[best];
        uint32_t own = b->chars - b->link_chars;
        long next = -1;
        for (xmlNode *k = b->node->children; k; k = k->next) {
            uint32_t ki = sidx(k);
            if (!ki)
                continue;
            nstat *s = &c->st[ki - 1];
            if ((float)(s->chars - s->link_chars) >= 0.85f * (float)own && s->chars > 0) {
                next = (long)ki - 1;
                break;
            }
        }
        if (next < 0)
            break;
        best = next;
    }
    return best;
}

/* Text lines that are page furniture: print/close buttons, font-size switches, sharing. */
static bool furniture_line(const char *s, size_t len)
{
    static const char *const pre[] = {"上一篇", "下一篇", "上一条", "下一条", "分享到",
                                      "扫一扫在手机", "【打印", "[打印", "【关闭", "[关闭"};
    for (size_t i = 0; i < NWORDS(pre); i++) {
        size_t n = strlen(pre[i]);
        if (len >= n && s[0] == pre[i][0] && !memcmp(s, pre[i], n))
            return true;
    }
    if (len > 90)
        return false;
    static const char *const tok[] = {"打印本页", "打印此页", "打印文章", "打印本文", "打印",
                                      "关闭本页", "关闭窗口", "关闭", "返回顶部", "回到顶部",
                                      "返回", "收藏本页", "加入收藏", "收藏", "分享", "字号",
                                      "字体", "默认", "大", "中", "小", "保存本页", "微信",
                                      "微博", "QQ空间", "扫一扫", "【", "】", "[", "]", "：", ":",
                                      "|", "｜", "(", ")", "（", "）", " ", "/", "、", "-", "T",
                                      "+", "="};
    size_t i = 0;
    bool word = false;
    while (i < len) {
        size_t k = 0, n = 0;
        /* The first byte decides for most tokens: a memcmp only where it matches. */
        for (; k < NWORDS(tok); k++) {
            if (s[i] != tok[k][0])
                continue;
            n = strlen(tok[k]);
            if (i + n <= len && !memcmp(s + i, tok[k], n))
                break;
        }
        if (k == NWORDS(tok))
            return false;
        if (k < 19)
            word = true;
        i += n;
    }
    return word;
}

static bool info_line(const ctx_t *c, const nstat *s)
{
    if (s->chars > 120 || s->chars == 0)
        return false;
    static const char *const labels[] = {"来源", "发布时间", "发布日期", "作者", "浏览", "点击",
                                         "字号", "阅读", "时间：", "日期："};
    /* One pass over the line's characters instead of a memmem a label (each paying
     * glibc's skip-table set-up, most of its cost on lines this short): a character
     * whose last byte's low six bits are none of the labels' first characters' is passed
     * at once. Every label starts with a three-byte character. */
    uint64_t firsts = 0;
    for (size_t k = 0; k < NWORDS(labels); k++)
        firsts |= 1ull << ((unsigned char)labels[k][2] & 63);
    const unsigned char *t = (const unsigned char *)c->flat.data + s->text_start;
    size_t len = s->text_end - s->text_start;
    unsigned found = 0, hits = 0;
    for (size_t i = 0; i + 3 <= len; i++) {
        if (t[i] < 0xE0 || !(firsts >> (t[i + 2] & 63) & 1))
            continue;
        for (size_t k = 0; k < NWORDS(labels); k++) {
            const unsigned char *l = (const unsigned char *)labels[k];
            if ((found >> k & 1) || t[i + 2] != l[2] || t[i + 1] != l[1] || t[i] != l[0])
                continue; /* the label's first character is not here */
            size_t n = strlen(labels[k]);
            if (i + n <= len && !memcmp(t + i, labels[k], n)) {
                found |= 1u << k;
                if (++hits == 2)
                    return true;
            }
        }
    }
    return false;
}

static void body_append_line(ga_buf_t *out, const char *s, size_t len, bool *oom)
{
    size_t w;
    while (len && is_ws3((const unsigned char *)s, 0, len, &w)) {
        s += w;
        len -= w;
    }
    while (len) {
        size_t k = len - 1;
        while (k && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        if (!is_ws3((const unsigned char *)s, k, len, &w))
            break;
        len = k;
    }
    if (!len || furniture_line(s, len))
        return;
    if ((out->len && !ga_buf_append(out, "\n", 1)) || !ga_buf_append(out, s, len))
        *oom = true;
}

char *ga_page_body_text(ctx_t *c, uint32_t body, uint32_t headline, size_t *out_len)
{
    ga_buf_t raw = {0};
    xmlNode *root = c->st[body].node;
    xmlNode *n = root->children;
    bool oom = false;
    while (n && !oom) {
        bool down = false;
        if (n->type == XML_ELEMENT_NODE) {
            uint32_t i = sidx(n);
            const char *name = (const char *)n->name;
            if (name && name[0] == 'b' && name[1] == 'r' && !name[2]) {
                oom |= !ga_buf_append(&raw, "\n", 1);
            } else if (i && i - 1 != headline && !c->st[i - 1].skip_body &&
                       !info_line(c, &c->st[i - 1])) {
                down = true;
                if (c->st[i - 1].kind == TK_BLOCK)
                    oom |= !ga_buf_append(&raw, "\n", 1);
            }
        } else if (n->type == XML_TEXT_NODE && n->content) {
            oom |= !ga_buf_append(&raw, n->content, strlen((const char *)n->content));
        }
        if (down && n->children) {
            n = n->children;
            continue;
        }
        for (;;) {
            /* Leaving n: a block ends its line. */
            if (down && sidx(n) && c->st[sidx(n) - 1].kind == TK_BLOCK)
                oom |= !ga_buf_append(&raw, "\n", 1);
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n || n == root) {
                n = NULL;
                break;
            }
            down = true; /* an ancestor we climb back through was walked into */
        }
    }
    ga_buf_t out = {0};
    /* Lines: collapse inner whitespace runs, trim, drop furniture. */
    char *line = malloc(raw.len + 1);
    if (!line)
        oom = true;
    for (size_t i = 0; !oom && i < raw.len;) {
        size_t e = i;
        while (e < raw.len && raw.data[e] != '\n' && raw.data[e] != '\r')
            e++;
        size_t k = 0;
        bool space = false;
        for (size_t j = i; j < e;) {
            size_t w;
            if (is_ws3((const unsigned char *)raw.data, j, e, &w)) {
                /* Keep one space between words; Chinese indentation goes at the trim. */
                if (!space)
                    line[k++] = ' ';
                space = true;
                j += w;
                continue;
            }
            space = false;
            line[k++] = raw.data[j++];
        }
        body_append_line(&out, line, k, &oom);
        i = e + 1;
    }
    free(line);
    ga_buf_free(&raw);
    if (oom) {
        ga_buf_free(&out);
        c->oom = true;
        return NULL;
    }
    *out_len = out.len;
    return out.data ? out.data : strdup("");
}
