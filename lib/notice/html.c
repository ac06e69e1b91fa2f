/* The notice as one HTML page in the audit report's style (report/html.c): no script, no
 * fetch, every string from the inputs escaped. */
#include <stdio.h>
#include <string.h>

#include "notice-render.h"
#include "report/report-internal.h"

static void esc(nr_out_t *o, const char *s)
{
    if (o->ok && !ga_html_esc(&o->b, s))
        o->ok = false;
}

/* Only http(s) addresses become links. */
static void link(nr_out_t *o, const char *url)
{
    if (!url || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))) {
        esc(o, url);
        return;
    }
    nr_printf(o, "<a href=\"");
    esc(o, url);
    nr_printf(o, "\">");
    esc(o, url);
    nr_printf(o, "</a>");
}

static void kpi(nr_out_t *o, json_object *r, const char *what)
{
    char b[16];
    nr_printf(o, "<div>%s检查 <b>%lld</b> 个</div><div>合格 <b>%lld</b> 个</div>"
                 "<div>合格率 <b>%s</b></div>",
              what, (long long)nr_int(r, "checked"), (long long)nr_int(r, "passed"),
              nr_rate(r, b));
    json_object *prev = nr_obj(r, "previous");
    if (prev)
        nr_printf(o, "<div>上轮合格率 <b>%s</b></div>", nr_rate(prev, b));
    json_object *g = nt_array(r, "groups");
    for (size_t i = 0; g && i < json_object_array_length(g); i++) {
        json_object *x = json_object_array_get_idx(g, i);
        nr_printf(o, "<div>");
        esc(o, nr_str(x, "group"));
        nr_printf(o, " <b>%lld</b> 个，合格率 <b>%s</b></div>", (long long)nr_int(x, "checked"),
                  nr_rate(x, b));
    }
}

static void overview(nr_out_t *o, json_object *m)
{
    json_object *w = nr_obj(m, "websites"), *md = nr_obj(m, "media"), *z = nr_obj(m, "zhaocuo");
    nr_printf(o, "<h2>一、总体情况</h2>\n<div class=\"kpi\">");
    if (nr_int(w, "checked") || !nr_int(md, "checked"))
        kpi(o, w, "政府网站");
    if (nr_int(md, "checked"))
        kpi(o, md, "政务新媒体");
    nr_printf(o, "</div>\n");
    if (nr_int(z, "received")) {
        char b[16];
        nr_printf(o, "<p>“我为政府网站找错”：收到留言 <b>%lld</b> 条，办结 <b>%lld</b> 条，按期办结 "
                     "<b>%lld</b> 条，办结率 <b>%s</b>。</p>\n",
                  (long long)nr_int(z, "received"), (long long)nr_int(z, "closed"),
                  (long long)nr_int(z, "on_time"), nr_rate(z, b));
    }
}

static void problems(nr_out_t *o, json_object *m)
{
    static const struct {
        const char *kind, *label, *cls;
    } kinds[] = {{"veto", "单项否决", "veto"}, {"deduct", "扣分", "deduct"},
                 {"problem", "问题", "deduct"}};
    json_object *a = nt_array(m, "problems");
    nr_printf(o, "<h2>二、发现的主要问题</h2>\n");
    if (a && json_object_array_length(a)) {
        nr_printf(o, "<table><tr><th>类别</th><th>指标</th><th>数量</th><th>网站和账号</th></tr>\n");
        for (size_t k = 0; k < 3; k++)
            for (size_t i = 0; i < json_object_array_length(a); i++) {
                json_object *p = json_object_array_get_idx(a, i), *s = nt_array(p, "sites");
                if (strcmp(nr_str(p, "kind"), kinds[k].kind) != 0)
                    continue;
                nr_printf(o, "<tr><td><span class=\"tag %s\">%s</span></td><td>", kinds[k].cls,
                          kinds[k].label);
                esc(o, nr_str(p, "indicator"));
                nr_printf(o, " ");
                esc(o, nr_str(p, "name"));
                nr_printf(o, "</td><td>%lld</td><td>", (long long)nr_int(p, "count"));
                for (size_t j = 0; s && j < json_object_array_length(s); j++) {
                    nr_printf(o, "%s", j ? "、" : "");
                    esc(o, nr_elem(s, j));
                }
                nr_printf(o, "</td></tr>\n");
            }
        nr_printf(o, "</table>\n");
    }
    a = nt_array(m, "errors");
    if (a && json_object_array_length(a)) {
        nr_printf(o, "<h3>错敏字</h3>\n<table><tr><th>网站和账号</th><th>处数</th></tr>\n");
        for (size_t i = 0; i < json_object_array_length(a); i++) {
            json_object *e = json_object_array_get_idx(a, i);
            nr_printf(o, "<tr><td>");
            esc(o, nr_str(e, "site"));
            nr_printf(o, "</td><td>%lld</td></tr>\n", (long long)nr_int(e, "count"));
        }
        nr_printf(o, "</table>\n");
    }
}

static void items(nr_out_t *o, json_object *e, const char *key, const char *label,
                  const char *cls)
{
    json_object *a = nt_array(e, key);
    for (size_t i = 0; a && i < json_object_array_length(a); i++) {
        json_object *it = json_object_array_get_idx(a, i);
        nr_printf(o, "<li><span class=\"%s\">%s</span> ", cls, label);
        esc(o, nr_str(it, "text"));
        if (nt_str(it, "url")) {
            nr_printf(o, " <span class=\"muted\">");
            link(o, nt_str(it, "url"));
            nr_printf(o, "</span>");
        }
        if (nt_str(it, "previous_url")) {
            nr_printf(o, " <span class=\"muted\">（上轮：");
            link(o, nt_str(it, "previous_url"));
            nr_printf(o, "）</span>");
        }
        nr_printf(o, "</li>");
    }
}

static void rectification(nr_out_t *o, json_object *m)
{
    json_object *a = nt_array(m, "rectification");
    if (!a || !json_object_array_length(a))
        return;
    nr_printf(o, "<h3>整改情况</h3>\n<table><tr><th>网站和账号</th><th>已整改</th><th>未整改</th>"
                 "<th>新发现</th><th>明细</th></tr>\n");
    for (size_t i = 0; i < json_object_array_length(a); i++) {
        json_object *e = json_object_array_get_idx(a, i);
        nr_printf(o, "<tr><td>");
        esc(o, nr_str(e, "site"));
        nr_printf(o, "</td><td class=\"ok\">%zu</td><td class=\"stale\">%zu</td><td>%zu</td>"
                     "<td><ul class=\"ev\">",
                  nr_len(e, "fixed"), nr_len(e, "outstanding"), nr_len(e, "new"));
        items(o, e, "outstanding", "未整改", "stale");
        items(o, e, "new", "新发现", "blank");
        items(o, e, "fixed", "已整改", "ok");
        nr_printf(o, "</ul></td></tr>\n");
    }
    nr_printf(o, "</table>\n");
}

static void late(nr_out_t *o, json_object *m)
{
    json_object *z = nr_obj(m, "zhaocuo"), *open = nt_array(z, "open"), *lt = nt_array(z, "late");
    size_t no = open ? json_object_array_length(open) : 0, nl = lt ? json_object_array_length(lt) : 0;
    if (no || nl) {
        nr_printf(o, "<h3>“我为政府网站找错”留言办理</h3>\n<table><tr><th>编号</th><th>网站</th>"
                     "<th>收到</th><th>期限</th><th>办结</th><th>逾期天数</th></tr>\n");
        for (size_t k = 0; k < 2; k++) {
            json_object *a = k ? lt : open;
            for (size_t i = 0; i < (k ? nl : no); i++) {
                json_object *x = json_object_array_get_idx(a, i);
                nr_printf(o, "<tr><td>");
                esc(o, nr_str(x, "id"));
                nr_printf(o, "</td><td>");
                esc(o, nr_str(x, "site"));
                nr_printf(o, "</td><td>%s</td><td>%s</td><td>%s</td><td>%lld</td></tr>\n",
                          nr_str(x, "received"), nr_str(x, "due"),
                          k ? nr_str(x, "closed") : "未办结",
                          (long long)nr_int(x, k ? "days_late" : "days_overdue"));
            }
        }
        nr_printf(o, "</table>\n");
    }
    json_object *r = nt_array(m, "late_reports");
    if (!r || !json_object_array_length(r))
        return;
    nr_printf(o, "<h3>整改报告报送情况</h3>\n<table><tr><th>单位</th><th>应提交</th><th>提交</th>"
                 "<th>逾期天数</th></tr>\n");
    for (size_t i = 0; i < json_object_array_length(r); i++) {
        json_object *x = json_object_array_get_idx(r, i);
        nr_printf(o, "<tr><td>");
        esc(o, nr_str(x, "site"));
        nr_printf(o, "</td><td>%s</td><td>%s</td><td class=\"stale\">%lld</td></tr>\n",
                  nr_str(x, "due"), nt_str(x, "submitted") ? nr_str(x, "submitted") : "未提交",
                  (long long)nr_int(x, "days_late"));
    }
    nr_printf(o, "</table>\n");
}

static void attachment(nr_out_t *o, json_object *m)
{
    json_object *a = nt_array(m, "table");
    nr_printf(o, "<h2>附件：政府网站与政务新媒体检查问题清单</h2>\n<table><tr><th>序号</th>"
                 "<th>网站名称</th><th>主办单位</th><th>存在的突出问题</th></tr>\n");
    for (size_t i = 0; a && i < json_object_array_length(a); i++) {
        json_object *row = json_object_array_get_idx(a, i), *ps = nt_array(row, "problems");
        nr_printf(o, "<tr><td>%zu</td><td>", i + 1);
        esc(o, nr_str(row, "site"));
        nr_printf(o, "</td><td>");
        esc(o, nr_str(row, "owner"));
        nr_printf(o, "</td><td><ul class=\"ev\">");
        for (size_t j = 0; ps && j < json_object_array_length(ps); j++) {
            nr_printf(o, "<li>");
            esc(o, nr_elem(ps, j));
            nr_printf(o, "</li>");
        }
        nr_printf(o, "</ul></td></tr>\n");
    }
    nr_printf(o, "</table>\n");
}

ga_status_t ga_notice_html(const ga_notice_t *n, unsigned flags, char **out, size_t *len,
                           ga_error_t **err)
{
    json_object *m;
    ga_status_t st = nt_render_begin(n, flags, 0, out, "ga_notice_html", &m, err);
    if (st)
        return st;
    nr_out_t o = {.ok = true};
    const char *title = nr_str(m, "title");
    o.ok = ga_report_html_start(&o.b, title);
    nr_printf(&o, "<h1>");
    esc(&o, title);
    nr_printf(&o, "</h1>\n");
    if (nt_str(m, "date"))
        nr_printf(&o, "<p class=\"muted\">通报日期 %s · 检查日期 %s</p>\n", nr_str(m, "date"),
                  nt_str(m, "round") ? nr_str(m, "round") : "—");
    overview(&o, m);
    problems(&o, m);
    rectification(&o, m);
    late(&o, m);
    attachment(&o, m);
    json_object_put(m);
    if (o.ok && !ga_report_html_end(&o.b))
        o.ok = false;
    return nr_done(&o, out, len, err) ? GA_OK : GA_ERR_NO_MEMORY;
}
