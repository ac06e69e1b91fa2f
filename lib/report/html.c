/* The HTML report: one self-contained page (inline style and SVG, no script, no fetch). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <govaudit/page.h>

#include "report-internal.h"

typedef struct out {
    ga_buf_t b;
    bool ok;
} out_t;

static void raw(out_t *o, const char *s)
{
    if (o->ok && !ga_buf_append(&o->b, s, strlen(s)))
        o->ok = false;
}

static void fmt(out_t *o, const char *f, ...) GA_PRINTF(2, 3);
static void fmt(out_t *o, const char *f, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    if (n > 0 && (size_t)n >= sizeof buf)
        n = (int)ga_utf8_trim_end(buf);
    if (n > 0 && o->ok && !ga_buf_append(&o->b, buf, (size_t)n))
        o->ok = false;
}

bool ga_html_escn(ga_buf_t *b, const char *s, size_t n)
{
    const char *run = s;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        if (!ga_buf_append(b, run, (size_t)(s + i - run)) || !ga_buf_append(b, rep, strlen(rep)))
            return false;
        run = s + i + 1;
    }
    return ga_buf_append(b, run, (size_t)(s + n - run));
}

bool ga_html_esc(ga_buf_t *b, const char *s)
{
    return ga_html_escn(b, s ? s : "", s ? strlen(s) : 0);
}

static void esc(out_t *o, const char *s)
{
    if (o->ok && !ga_html_esc(&o->b, s))
        o->ok = false;
}

/* A link to a crawled URL; only http(s) addresses become links. */
static void link(out_t *o, const char *url, const char *text)
{
    if (!url) {
        esc(o, text);
        return;
    }
    if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
        esc(o, text ? text : url);
        return;
    }
    raw(o, "<a href=\"");
    esc(o, url);
    raw(o, "\">");
    esc(o, text && *text ? text : url);
    raw(o, "</a>");
}

static const char css[] =
    "body{font:14px/1.5 system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#222;"
    "margin:0 auto;max-width:1100px;padding:16px 24px}"
    "h1{font-size:22px;margin:8px 0}h2{font-size:18px;border-bottom:2px solid #ddd;"
    "padding-bottom:4px;margin-top:28px}h3{font-size:15px;margin:14px 0 6px}"
    "table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #ddd;"
    "padding:4px 6px;text-align:left;vertical-align:top}th{background:#f4f4f4}"
    "a{color:#0b5cad;word-break:break-all}.verdict{display:flex;gap:16px;align-items:center;"
    "padding:12px 16px;border-radius:6px;margin:12px 0}.pass{background:#e7f6ea;border:1px solid #7cc48b}"
    ".fail{background:#fdeaea;border:1px solid #e08a8a}.big{font-size:28px;font-weight:bold}"
    ".tag{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;color:#fff}"
    ".veto{background:#c0392b}.deduct{background:#d68910}.bonus{background:#1e8449}"
    ".stale{color:#c0392b;font-weight:bold}.blank{color:#7d3c98;font-weight:bold}"
    ".ok{color:#1e8449}mark{background:#ffd6d6;color:#a00;font-weight:bold;padding:0 1px}"
    ".sugg{color:#1e8449;font-weight:bold}.muted{color:#777;font-size:12px}"
    ".dup{display:flex;gap:10px;margin:8px 0}.dup>div{flex:1;border:1px solid #ddd;"
    "border-radius:4px;padding:6px 8px;background:#fafafa}ul.ev{margin:4px 0;padding-left:20px}"
    "details{margin:6px 0}summary{cursor:pointer;color:#0b5cad}"
    ".kpi{display:flex;flex-wrap:wrap;gap:8px}.kpi div{border:1px solid #ddd;border-radius:4px;"
    "padding:4px 10px;background:#fafafa}.kpi b{font-size:16px}";

bool ga_report_html_start(ga_buf_t *b, const char *title)
{
    static const char top[] =
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">\n<title>";
    static const char mid[] = "</title>\n<style>", end[] = "</style>\n</head>\n<body>\n";
    return ga_buf_append(b, top, sizeof top - 1) && ga_html_esc(b, title) &&
           ga_buf_append(b, mid, sizeof mid - 1) && ga_buf_append(b, css, sizeof css - 1) &&
           ga_buf_append(b, end, sizeof end - 1);
}

bool ga_report_html_end(ga_buf_t *b)
{
    static const char a[] = "<p class=\"muted\">libgovaudit ", z[] = "</p>\n</body>\n</html>\n";
    const char *v = ga_version_string();
    return ga_buf_append(b, a, sizeof a - 1) && ga_buf_append(b, v, strlen(v)) &&
           ga_buf_append(b, z, sizeof z - 1);
}

static void head(out_t *o, const char *title)
{
    if (o->ok && !ga_report_html_start(&o->b, title))
        o->ok = false;
}

static const char *kind_label(ga_indicator_kind_t k)
{
    switch (k) {
    case GA_KIND_VETO: return "单项否决";
    case GA_KIND_DEDUCT: return "扣分";
    case GA_KIND_BONUS: return "加分";
    default: return "问题";
    }
}

static const char *kind_class(ga_indicator_kind_t k)
{
    return k == GA_KIND_VETO ? "veto" : k == GA_KIND_BONUS ? "bonus" : "deduct";
}

static const char *type_label(const char *t)
{
    static const struct {
        const char *t, *l;
    } m[] = {{"news", "动态要闻"}, {"notice", "通知公告"}, {"policy", "政策文件"},
             {"interpretation", "政策解读"}, {"personnel", "人事"}, {"plan", "规划计划"},
             {"finance", "财政"}, {"consult", "互动咨询"}, {"service_stats", "办事统计"}};
    for (size_t i = 0; i < sizeof m / sizeof *m; i++)
        if (strcmp(t, m[i].t) == 0)
            return m[i].l;
    return "其他";
}

static void verdict(out_t *o, const ga_site_result_t *r)
{
    const ga_score_result_t *s = r->score;
    bool passed = ga_score_result_passed(s);
    char date[24];
    fmt(o, "<div class=\"verdict %s\"><div class=\"big\">%s</div><div>", passed ? "pass" : "fail",
        passed ? "合格" : "不合格");
    if (ga_score_result_scored(s))
        fmt(o, "得分 <b>%.2f</b>（扣分部分 %.2f，加分 %.2f）", ga_score_result_final(s),
            ga_score_result_score(s), ga_score_result_bonus(s));
    else
        fmt(o, "单项否决 %zu 项，不再计分", ga_score_result_veto_count(s));
    fmt(o, "<br><span class=\"muted\">监测时间点 %s · 指标 ", ga_time_format(r->time, 1, date));
    esc(o, r->profile_id);
    if (!ga_score_result_complete(s))
        raw(o, " · 部分指标无法由抓取数据判定（见下）");
    raw(o, "</span></div></div>\n");
}

static void kpis(out_t *o, const ga_site_result_t *r)
{
    static const struct {
        int k;
        const char *label;
    } k[] = {{GA_SITE_PAGES, "页面"}, {GA_SITE_ARTICLES, "文章"}, {GA_SITE_COLUMNS, "栏目"},
             {GA_SITE_FINDINGS, "错敏表述"}, {GA_SITE_DUPLICATES, "重复稿件组"},
             {GA_SITE_BROKEN, "不可用链接"}, {GA_SITE_EXTERNAL, "外部链接"},
             {GA_SITE_ERRORS, "HTTP 错误"}};
    raw(o, "<div class=\"kpi\">");
    for (size_t i = 0; i < sizeof k / sizeof *k; i++)
        fmt(o, "<div>%s <b>%zu</b></div>", k[i].label, r->count[k[i].k]);
    raw(o, "</div>\n");
}

static void indicators(out_t *o, const ga_site_result_t *r)
{
    const ga_score_result_t *s = r->score;
    raw(o, "<h2>命中指标</h2>\n");
    size_t hits = 0;
    for (size_t i = 0; i < ga_score_result_count(s); i++) {
        if (ga_score_result_outcome(s, i) != GA_OUTCOME_HIT)
            continue;
        hits++;
        ga_indicator_kind_t k = ga_score_result_kind(s, i);
        fmt(o, "<h3><span class=\"tag %s\">%s</span> ", kind_class(k), kind_label(k));
        esc(o, ga_score_result_id(s, i));
        raw(o, " ");
        esc(o, ga_score_result_name(s, i));
        if (k != GA_KIND_VETO)
            fmt(o, "（%s%.2f 分）", k == GA_KIND_BONUS ? "+" : "−", ga_score_result_points(s, i));
        raw(o, "</h3>\n<ul class=\"ev\">");
        for (size_t j = 0; j < ga_score_result_evidence_count(s, i); j++) {
            const char *url = NULL;
            const char *text = ga_score_result_evidence(s, i, j, &url, NULL);
            raw(o, "<li>");
            esc(o, text);
            if (url) {
                raw(o, " — ");
                link(o, url, NULL);
            }
            raw(o, "</li>");
        }
        raw(o, "</ul>\n");
    }
    if (!hits)
        raw(o, "<p class=\"ok\">没有命中任何指标。</p>\n");
    size_t ne = 0;
    for (size_t i = 0; i < ga_score_result_count(s); i++)
        ne += ga_score_result_outcome(s, i) == GA_OUTCOME_NOT_EVALUABLE;
    if (!ne)
        return;
    fmt(o, "<details><summary>无法判定的指标（%zu）</summary><table><tr><th>指标</th><th>类别</th>"
           "<th>原因</th></tr>",
        ne);
    for (size_t i = 0; i < ga_score_result_count(s); i++) {
        if (ga_score_result_outcome(s, i) != GA_OUTCOME_NOT_EVALUABLE)
            continue;
        raw(o, "<tr><td>");
        esc(o, ga_score_result_id(s, i));
        raw(o, " ");
        esc(o, ga_score_result_name(s, i));
        fmt(o, "</td><td>%s</td><td>", kind_label(ga_score_result_kind(s, i)));
        esc(o, ga_score_result_reason(s, i));
        raw(o, "</td></tr>");
    }
    raw(o, "</table></details>\n");
}

/* Updates per month of every column: one row of bars per column, the audit month last. */
static void chart(out_t *o, const ga_site_result_t *r)
{
    if (!r->columns.n)
        return;
    uint32_t max = 1;
    for (size_t i = 0; i < r->columns.n; i++)
        for (int m = 0; m < GA_SITE_CHART_MONTHS; m++)
            if (r->columns.v[i].months[m] > max)
                max = r->columns.v[i].months[m];
    const int label = 150, cell = 30, row = 26, top = 22;
    int width = label + cell * GA_SITE_CHART_MONTHS + 10;
    int height = top + row * (int)r->columns.n + 6;
    fmt(o, "<h3>更新情况（近 %d 个月，每月发布条数）</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
           "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
           "aria-label=\"updates per month per column\" style=\"max-width:100%%;height:auto\">\n",
        GA_SITE_CHART_MONTHS, width, height, width, height);
    int64_t tm = ga_site_month_index(r->time);
    for (int m = 0; m < GA_SITE_CHART_MONTHS; m += 3) {
        int64_t mi = tm - (GA_SITE_CHART_MONTHS - 1) + m;
        fmt(o, "<text x=\"%d\" y=\"14\" font-size=\"10\" fill=\"#555\">%lld-%02lld</text>",
            label + m * cell, (long long)(mi / 12), (long long)(mi % 12 + 1));
    }
    for (size_t i = 0; i < r->columns.n; i++) {
        const ga_site_column_t *c = &r->columns.v[i];
        int y = top + row * (int)i;
        fmt(o, "<text x=\"0\" y=\"%d\" font-size=\"12\" fill=\"%s\">", y + 16,
            c->blank ? "#7d3c98" : c->stale ? "#c0392b" : "#222");
        /* Long names are cut to fit the label column. */
        size_t n = 0, chars = 0;
        while (c->name[n] && chars < 10) {
            size_t p = n;
            if (ga_utf8_next(c->name, strlen(c->name), &p) < 0)
                break;
            n = p;
            chars++;
        }
        if (o->ok && !ga_html_escn(&o->b, c->name, n))
            o->ok = false;
        raw(o, "</text>");
        fmt(o, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>", label,
            label + cell * GA_SITE_CHART_MONTHS, y + row - 4, y + row - 4);
        for (int m = 0; m < GA_SITE_CHART_MONTHS; m++) {
            uint32_t v = c->months[m];
            if (!v)
                continue;
            int h = (int)(2 + (row - 8) * (double)v / max);
            fmt(o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%u</title></rect>",
                label + m * cell + 3, y + row - 4 - h, cell - 6, h,
                c->stale ? "#e08a8a" : "#5b8fd1", v);
        }
    }
    raw(o, "</svg>\n");
}

/* "14d" → "14 天", "6m" → "6 个月", "1y" → "1 年" into buf (24 bytes). */
static const char *window_label(const char *w, char *buf)
{
    int n = atoi(w);
    char unit = w[0] ? w[strlen(w) - 1] : 0;
    snprintf(buf, 24, "%d %s", n, unit == 'd' ? "天" : unit == 'm' ? "个月" : unit == 'y' ? "年" : "");
    return buf;
}

static void columns(out_t *o, const ga_site_result_t *r)
{
    raw(o, "<h2>栏目更新</h2>\n");
    if (!r->columns.n) {
        raw(o, "<p>未识别出栏目。</p>\n");
        return;
    }
    raw(o, "<table><tr><th>栏目</th><th>类型</th><th>级别</th><th>条目</th><th>最近更新</th>"
           "<th>距监测时间点（天）</th><th>状态</th></tr>\n");
    for (size_t i = 0; i < r->columns.n; i++) {
        const ga_site_column_t *c = &r->columns.v[i];
        char date[24];
        raw(o, "<tr><td>");
        link(o, c->url, c->name);
        if (strcmp(c->key, c->name))
            raw(o, "<br><span class=\"muted\">"), esc(o, c->key), raw(o, "</span>");
        fmt(o, "</td><td>%s</td><td>%d</td><td>%zu</td><td>%s</td><td>", type_label(c->type),
            c->level, c->items, c->last == GA_TIME_NONE ? "—" : ga_time_format(c->last, 1, date));
        if (c->last != GA_TIME_NONE)
            fmt(o, "%lld", (long long)ga_report_days(c->last, r->time));
        else
            raw(o, "—");
        raw(o, "</td><td>");
        if (c->blank)
            raw(o, "<span class=\"blank\">空白栏目</span>");
        else if (c->stale)
            fmt(o, "<span class=\"stale\">未按时更新</span>（要求 %s 内更新）", window_label(c->window, date));
        else if (c->window[0])
            fmt(o, "<span class=\"ok\">正常</span>（要求 %s 内更新）", window_label(c->window, date));
        else
            raw(o, "<span class=\"ok\">—</span>");
        raw(o, "</td></tr>\n");
    }
    raw(o, "</table>\n");
    chart(o, r);
}

static void findings(out_t *o, const ga_site_result_t *r)
{
    fmt(o, "<h2>错敏表述（%zu）</h2>\n", r->count[GA_SITE_FINDINGS]);
    if (!r->findings.n) {
        raw(o, "<p class=\"ok\">未发现。</p>\n");
        return;
    }
    if (r->findings.n < r->count[GA_SITE_FINDINGS])
        fmt(o, "<p class=\"muted\">列出前 %zu 条。</p>", r->findings.n);
    raw(o, "<table><tr><th>页面</th><th>类别</th><th>上下文</th><th>建议</th></tr>\n");
    for (size_t i = 0; i < r->findings.n; i++) {
        const ga_site_finding_t *f = &r->findings.v[i];
        raw(o, "<tr><td>");
        link(o, f->url, f->title);
        if (f->in_title)
            raw(o, "<br><span class=\"muted\">（标题）</span>");
        if (f->location) {
            raw(o, "<br><span class=\"muted\">附件 · ");
            esc(o, f->location);
            raw(o, "</span>");
            if (f->page) {
                raw(o, "<br><span class=\"muted\">链接页面：</span>");
                link(o, f->page, NULL);
            }
        }
        raw(o, "</td><td>");
        esc(o, f->category);
        raw(o, "<br><span class=\"muted\">");
        esc(o, f->severity);
        raw(o, " · ");
        esc(o, f->rule);
        raw(o, "</span></td><td>…");
        esc(o, f->before);
        raw(o, "<mark>");
        esc(o, f->text);
        raw(o, "</mark>");
        esc(o, f->after);
        raw(o, "…</td><td class=\"sugg\">");
        esc(o, f->suggestion && *f->suggestion ? f->suggestion : "—");
        raw(o, "</td></tr>\n");
    }
    raw(o, "</table>\n");
}

/* Attachments that could not be checked, with the page that links each. */
static void attachments(out_t *o, const ga_site_result_t *r)
{
    size_t failed = 0;
    if (!r->attachments.n)
        return;
    for (size_t i = 0; i < r->attachments.n; i++)
        failed += r->attachments.v[i].error != NULL;
    fmt(o, "<h2>附件（%zu）</h2>\n<p class=\"muted\">已检查 %zu 个，未能检查 %zu 个。</p>\n",
        r->attachments.n, r->attachments.n - failed, failed);
    if (!failed)
        return;
    raw(o, "<table><tr><th>附件</th><th>链接页面</th><th>原因</th></tr>\n");
    for (size_t i = 0; i < r->attachments.n; i++) {
        const ga_site_attachment_t *a = &r->attachments.v[i];
        if (!a->error)
            continue;
        raw(o, "<tr><td>");
        link(o, a->url, a->text);
        raw(o, "</td><td>");
        if (a->page)
            link(o, a->page, NULL);
        else
            raw(o, "—");
        raw(o, "</td><td>");
        esc(o, a->error);
        raw(o, "</td></tr>\n");
    }
    raw(o, "</table>\n");
}

static void dups(out_t *o, const ga_site_result_t *r)
{
    fmt(o, "<h2>重复稿件（%zu 组）</h2>\n", r->count[GA_SITE_DUPLICATES]);
    if (!r->dups.n) {
        raw(o, "<p class=\"ok\">未发现。</p>\n");
        return;
    }
    for (size_t i = 0; i < r->dups.n; i++) {
        const ga_site_dup_t *d = &r->dups.v[i];
        raw(o, "<h3>");
        esc(o, d->kind);
        fmt(o, " <span class=\"muted\">相似度 %.2f</span></h3>\n<div class=\"dup\">", d->similarity);
        for (size_t j = 0; j < d->n; j++) {
            raw(o, "<div><b>");
            esc(o, d->posts[j].column);
            raw(o, "</b> · ");
            esc(o, d->posts[j].date ? d->posts[j].date : "无日期");
            raw(o, "<br>");
            link(o, d->posts[j].url, d->posts[j].title);
            raw(o, "<br><span class=\"muted\">");
            esc(o, d->posts[j].url);
            raw(o, "</span></div>");
        }
        raw(o, "</div>\n");
    }
}

static void link_rows(out_t *o, const ga_site_result_t *r, bool broken)
{
    for (size_t i = 0; i < r->links.n; i++) {
        const ga_site_link_t *l = &r->links.v[i];
        if (l->broken != broken || (!broken && !l->external))
            continue;
        raw(o, "<tr><td>");
        link(o, l->url, NULL);
        if (l->text)
            raw(o, "<br><span class=\"muted\">"), esc(o, l->text), raw(o, "</span>");
        if (l->status < 0)
            raw(o, "</td><td>未抓取");
        else if (l->status == 0)
            raw(o, "</td><td>无法访问");
        else
            fmt(o, "</td><td>%d", l->status);
        fmt(o, "</td><td>%s</td><td>", l->external ? "外部" : "站内");
        for (int k = 0; k < GA_SITE_REFS && l->refs[k]; k++) {
            if (k)
                raw(o, "<br>");
            link(o, l->refs[k], NULL);
        }
        if (l->nrefs > GA_SITE_REFS)
            fmt(o, "<br><span class=\"muted\">等 %zu 个页面</span>", l->nrefs);
        raw(o, "</td></tr>\n");
    }
}

static void links(out_t *o, const ga_site_result_t *r)
{
    fmt(o, "<h2>不可用链接（%zu）</h2>\n", r->count[GA_SITE_BROKEN]);
    static const char thead[] =
        "<table><tr><th>链接</th><th>状态</th><th>位置</th><th>所在页面</th></tr>\n";
    if (r->count[GA_SITE_BROKEN]) {
        raw(o, thead);
        link_rows(o, r, true);
        raw(o, "</table>\n");
    } else {
        raw(o, "<p class=\"ok\">未发现。</p>\n");
    }
    fmt(o, "<details><summary>外链台账（%zu）</summary>", r->count[GA_SITE_EXTERNAL]);
    raw(o, thead);
    link_rows(o, r, false);
    raw(o, "</table></details>\n");
}

static void meta(out_t *o, const ga_site_result_t *r)
{
    fmt(o, "<details><summary>缺少必选网页标签的页面（%zu）</summary>", r->meta_pages);
    if (r->meta.n) {
        raw(o, "<table><tr><th>页面</th><th>类型</th><th>缺少的标签</th></tr>\n");
        for (size_t i = 0; i < r->meta.n; i++) {
            const ga_site_meta_page_t *m = &r->meta.v[i];
            raw(o, "<tr><td>");
            link(o, m->url, NULL);
            raw(o, "</td><td>");
            esc(o, m->kind);
            raw(o, "</td><td>");
            for (int t = 0; t < GA_META_TAG_COUNT; t++)
                if (m->missing & (1u << t)) {
                    esc(o, ga_page_meta_tag_name((ga_page_meta_tag_t)t));
                    raw(o, " ");
                }
            raw(o, "</td></tr>\n");
        }
        raw(o, "</table>");
    }
    raw(o, "</details>\n");
    if (r->warnings.n) {
        fmt(o, "<details><summary>抓取与解析提示（%zu）</summary><ul>", r->count[GA_SITE_WARNINGS]);
        for (size_t i = 0; i < r->warnings.n; i++)
            raw(o, "<li>"), esc(o, r->warnings.v[i]), raw(o, "</li>");
        raw(o, "</ul></details>\n");
    }
}

static void site_body(out_t *o, const ga_site_result_t *r, const char *anchor)
{
    if (anchor)
        fmt(o, "<section id=\"%s\">", anchor);
    else
        raw(o, "<section>");
    raw(o, "<h1>");
    esc(o, r->site);
    raw(o, " 网站检查报告</h1>\n<p class=\"muted\">");
    link(o, r->home, NULL);
    if (r->owner)
        raw(o, " · 主办："), esc(o, r->owner);
    if (r->site_id)
        raw(o, " · 网站标识码："), esc(o, r->site_id);
    raw(o, "</p>\n");
    verdict(o, r);
    kpis(o, r);
    indicators(o, r);
    columns(o, r);
    findings(o, r);
    attachments(o, r);
    dups(o, r);
    links(o, r);
    meta(o, r);
    raw(o, "</section>\n");
}

static ga_status_t finish(out_t *o, char **out, size_t *len, ga_error_t **err)
{
    if (o->ok && !ga_report_html_end(&o->b))
        o->ok = false;
    if (!o->ok) {
        ga_buf_free(&o->b);
        return ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
    }
    *out = o->b.data;
    if (len)
        *len = o->b.len;
    return GA_OK;
}

ga_status_t ga_report_html(const ga_site_result_t *r, unsigned flags, char **out, size_t *len,
                           ga_error_t **err)
{
    if (!r || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_report_html: NULL argument");
    (void)flags;
    out_t o = {.ok = true};
    char title[512];
    snprintf(title, sizeof title, "%s 网站检查报告", r->site);
    ga_utf8_trim_end(title);
    head(&o, title);
    site_body(&o, r, NULL);
    return finish(&o, out, len, err);
}

ga_status_t ga_report_batch_html(const ga_site_result_t *const *results, size_t n,
                                 unsigned flags, char **out, size_t *len, ga_error_t **err)
{
    if ((!results && n) || !out)
        return ga_error_set(err, GA_ERR_INVALID_ARGUMENT, "ga_report_batch_html: NULL argument");
    for (size_t i = 0; i < n; i++)
        if (!results[i])
            return ga_error_set(err, GA_ERR_INVALID_ARGUMENT,
                                "ga_report_batch_html: result %zu is NULL", i);
    (void)flags;
    ga_score_batch_t *b;
    ga_status_t st = ga_score_batch_new(&b, err);
    for (size_t i = 0; i < n && !st; i++)
        st = ga_score_batch_add(b, results[i]->score, err);
    if (st) {
        ga_score_batch_free(b);
        return st;
    }
    out_t o = {.ok = true};
    head(&o, "政府网站检查情况");
    fmt(&o, "<h1>政府网站检查情况</h1>\n<div class=\"kpi\"><div>检查 <b>%zu</b> 个</div>"
            "<div>合格 <b>%zu</b> 个</div><div>合格率 <b>%.1f%%</b></div></div>\n",
        ga_score_batch_checked(b), ga_score_batch_passed(b), ga_score_batch_rate(b));
    ga_score_batch_free(b);
    raw(&o, "<h2>存在问题的网站</h2>\n<table><tr><th>网站</th><th>主办单位</th><th>结论</th>"
            "<th>问题</th></tr>\n");
    size_t rows = 0;
    /* Vetoed sites first, then those failed on points, then passed ones with problems. */
    for (int group = 0; group < 3; group++)
        for (size_t i = 0; i < n; i++) {
            const ga_site_result_t *r = results[i];
            const ga_score_result_t *s = r->score;
            bool passed = ga_score_result_passed(s);
            int g = ga_score_result_veto_count(s) ? 0 : !passed ? 1 : 2;
            size_t problems = 0;
            for (size_t k = 0; k < ga_score_result_count(s); k++)
                problems += ga_score_result_outcome(s, k) == GA_OUTCOME_HIT &&
                            ga_score_result_kind(s, k) != GA_KIND_BONUS;
            if (g != group || (g == 2 && !problems))
                continue;
            rows++;
            fmt(&o, "<tr><td><a href=\"#site-%zu\">", i + 1);
            esc(&o, r->site);
            raw(&o, "</a></td><td>");
            esc(&o, r->owner ? r->owner : "");
            fmt(&o, "</td><td>%s</td><td><ul class=\"ev\">", passed ? "合格" : "不合格");
            for (size_t k = 0; k < ga_score_result_count(s); k++) {
                ga_indicator_kind_t kind = ga_score_result_kind(s, k);
                if (ga_score_result_outcome(s, k) != GA_OUTCOME_HIT || kind == GA_KIND_BONUS)
                    continue;
                fmt(&o, "<li><span class=\"tag %s\">%s</span> ", kind_class(kind), kind_label(kind));
                esc(&o, ga_score_result_name(s, k));
                raw(&o, "</li>");
            }
            raw(&o, "</ul></td></tr>\n");
        }
    raw(&o, "</table>\n");
    if (!rows)
        raw(&o, "<p class=\"ok\">所有网站均无问题。</p>\n");
    for (size_t i = 0; i < n; i++) {
        char anchor[32];
        snprintf(anchor, sizeof anchor, "site-%zu", i + 1);
        raw(&o, "<hr>\n");
        site_body(&o, results[i], anchor);
    }
    return finish(&o, out, len, err);
}
