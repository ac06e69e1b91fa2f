/* The notice as text in the notices' own structure: 一、总体情况 / 二、发现的主要问题 / 附件,
 * with the figures filled in and sentences a person finishes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notice-internal.h"
#include "notice-render.h"

bool nr_printf(nr_out_t *o, const char *f, ...)
{
    if (!o->ok)
        return false;
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    if (n < 0 || !ga_buf_reserve(&o->b, (size_t)n + 1))
        return o->ok = false;
    va_start(ap, f);
    vsnprintf(o->b.data + o->b.len, (size_t)n + 1, f, ap);
    va_end(ap);
    o->b.len += (size_t)n;
    return true;
}

bool nr_done(nr_out_t *o, char **out, size_t *len, ga_error_t **err)
{
    if (!o->ok || !ga_buf_append(&o->b, "", 1)) {
        ga_buf_free(&o->b);
        ga_error_set(err, GA_ERR_NO_MEMORY, "out of memory");
        return false;
    }
    o->b.len--;
    *out = o->b.data;
    if (len)
        *len = o->b.len;
    return true;
}

const char *nr_str(json_object *o, const char *key)
{
    const char *s = nt_str(o, key);
    return s ? s : "";
}

int64_t nr_int(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

const char *nr_elem(json_object *a, size_t i)
{
    const char *s = json_object_get_string(json_object_array_get_idx(a, i));
    return s ? s : "";
}

json_object *nr_obj(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_object) ? v
                                                                                            : NULL;
}

size_t nr_len(json_object *o, const char *key)
{
    json_object *a = nt_array(o, key);
    return a ? json_object_array_length(a) : 0;
}

const char *nr_rate(json_object *o, char *buf)
{
    json_object *v;
    if (!json_object_object_get_ex(o, "rate", &v) || !v)
        return "—";
    snprintf(buf, 16, "%.1f%%", json_object_get_double(v));
    return buf;
}

const char *nr_cn_number(size_t i)
{
    static const char *const n[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    return i < 10 ? n[i] : "十";
}

/* 网站, 政务新媒体 or both, for the objects counted in `websites` and `media`. */
static const char *objects(size_t websites, size_t media)
{
    return websites && media ? "网站和政务新媒体" : media ? "政务新媒体" : "网站";
}

/* The same for the entries of array `key` of the model, by their `object`. */
static const char *objects_of(json_object *m, const char *key)
{
    json_object *a = nt_array(m, key);
    size_t w = 0, md = 0;
    for (size_t i = 0; a && i < json_object_array_length(a); i++)
        *(strcmp(nr_str(json_object_array_get_idx(a, i), "object"), "newmedia") ? &w : &md) += 1;
    return objects(w, md);
}

/* ---- sections ---------------------------------------------------------------------------- */

/* "本次共检查政府网站2个，合格1个，合格率50.0%（上轮66.7%）；其中部门网站1个，合格率100.0%" */
static void rate_sentence(nr_out_t *o, json_object *r, const char *what)
{
    char b1[16], b2[16];
    nr_printf(o, "检查%s%lld个，合格%lld个，合格率%s", what, (long long)nr_int(r, "checked"),
              (long long)nr_int(r, "passed"), nr_rate(r, b1));
    json_object *prev = nr_obj(r, "previous");
    if (prev)
        nr_printf(o, "（上轮检查%lld个，合格率%s）", (long long)nr_int(prev, "checked"),
                  nr_rate(prev, b2));
    json_object *groups = nt_array(r, "groups");
    for (size_t i = 0; groups && i < json_object_array_length(groups); i++) {
        json_object *g = json_object_array_get_idx(groups, i);
        nr_printf(o, "%s%s%lld个，合格率%s", i ? "，" : "；其中", nr_str(g, "group"),
                  (long long)nr_int(g, "checked"), nr_rate(g, b1));
    }
}

static void overview(nr_out_t *o, json_object *m)
{
    json_object *w = nr_obj(m, "websites"), *md = nr_obj(m, "media"), *z = nr_obj(m, "zhaocuo");
    nr_printf(o, "一、总体情况\n    本次共");
    bool any = false;
    if (nr_int(w, "checked") || !nr_int(md, "checked")) {
        rate_sentence(o, w, "政府网站");
        any = true;
    }
    if (nr_int(md, "checked")) {
        nr_printf(o, "%s", any ? "；" : "");
        rate_sentence(o, md, "政务新媒体");
    }
    nr_printf(o, "。\n");
    long long received = nr_int(z, "received"), closed = nr_int(z, "closed"),
              on_time = nr_int(z, "on_time");
    char b[16];
    if (received && on_time == received)
        nr_printf(o, "    “我为政府网站找错”平台共收到网民有效留言%lld条，均已按期办结，办结率%s。\n",
                  received, nr_rate(z, b));
    else if (received)
        nr_printf(o, "    “我为政府网站找错”平台共收到网民有效留言%lld条，已办结%lld条，其中按期办结"
                     "%lld条，办结率%s；尚未办结%lld条。\n",
                  received, closed, on_time, nr_rate(z, b), received - closed);
    json_object *rect = nt_array(m, "rectification");
    size_t sites = rect ? json_object_array_length(rect) : 0, fixed = 0, open = 0, fresh = 0;
    for (size_t i = 0; i < sites; i++) {
        json_object *e = json_object_array_get_idx(rect, i);
        fixed += nr_len(e, "fixed");
        open += nr_len(e, "outstanding");
        fresh += nr_len(e, "new");
    }
    if (sites)
        nr_printf(o, "    对照上轮检查发现的问题，%zu个%s已整改问题%zu个，尚未整改%zu个；"
                     "本轮新发现问题%zu个。\n",
                  sites, objects_of(m, "rectification"), fixed, open, fresh);
}

/* "（一）单项否决问题" and the indicators of one kind, each with its sites. */
static size_t problem_section(nr_out_t *o, json_object *m, const char *kind, const char *heading,
                              size_t section)
{
    json_object *a = nt_array(m, "problems");
    size_t shown = 0;
    for (size_t i = 0; a && i < json_object_array_length(a); i++) {
        json_object *p = json_object_array_get_idx(a, i);
        if (strcmp(nr_str(p, "kind"), kind) != 0)
            continue;
        if (!shown++)
            nr_printf(o, "    （%s）%s\n", nr_cn_number(section), heading);
        bool media = strcmp(nr_str(p, "object"), "newmedia") == 0;
        const char *name = nr_str(p, "name");
        size_t nl = strlen(name);
        bool says_problem = nl >= 6 && strcmp(name + nl - 6, "问题") == 0;
        nr_printf(o, "    %lld个%s存在“%s”%s", (long long)nr_int(p, "count"),
                  media ? "政务新媒体" : "网站", name, says_problem ? "" : "问题");
        json_object *d = nt_array(p, "details");
        for (size_t j = 0; d && j < json_object_array_length(d); j++)
            nr_printf(o, "%s%s", j ? "；" : "（", nr_elem(d, j));
        nr_printf(o, "%s：", d && json_object_array_length(d) ? "）" : "");
        json_object *s = nt_array(p, "sites");
        for (size_t j = 0; s && j < json_object_array_length(s); j++)
            nr_printf(o, "%s%s", j ? "、" : "", nr_elem(s, j));
        nr_printf(o, "。\n");
    }
    return shown ? section + 1 : section;
}

static size_t errors_section(nr_out_t *o, json_object *m, size_t section)
{
    json_object *a = nt_array(m, "errors");
    size_t n = a ? json_object_array_length(a) : 0;
    if (!n)
        return section;
    nr_printf(o, "    （%s）错敏字问题\n    %zu个%s存在错敏字，其中：", nr_cn_number(section), n,
              objects_of(m, "errors"));
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(a, i);
        nr_printf(o, "%s%s%lld处", i ? "、" : "", nr_str(e, "site"), (long long)nr_int(e, "count"));
    }
    nr_printf(o, "。\n");
    return section + 1;
}

static void item_list(nr_out_t *o, json_object *e, const char *key, const char *label)
{
    json_object *a = nt_array(e, key);
    for (size_t i = 0; a && i < json_object_array_length(a); i++) {
        json_object *it = json_object_array_get_idx(a, i);
        nr_printf(o, "        %s：%s", label, nr_str(it, "text"));
        if (nt_str(it, "url"))
            nr_printf(o, "  %s", nr_str(it, "url"));
        nr_printf(o, "\n");
    }
}

static size_t rectification_section(nr_out_t *o, json_object *m, size_t section)
{
    json_object *a = nt_array(m, "rectification");
    size_t n = a ? json_object_array_length(a) : 0;
    if (!n)
        return section;
    nr_printf(o, "    （%s）整改情况\n", nr_cn_number(section));
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(a, i);
        size_t open = nr_len(e, "outstanding");
        nr_printf(o, "    %s：上轮问题%zu个，已整改%zu个，未整改%zu个；本轮新发现问题%zu个%s。\n",
                  nr_str(e, "site"), nr_len(e, "fixed") + open, nr_len(e, "fixed"), open,
                  nr_len(e, "new"), open ? "，整改不到位" : (nr_len(e, "fixed") ? "，已整改到位" : ""));
        item_list(o, e, "outstanding", "未整改");
        item_list(o, e, "new", "新发现");
    }
    return section + 1;
}

static size_t zhaocuo_section(nr_out_t *o, json_object *m, size_t section)
{
    json_object *z = nr_obj(m, "zhaocuo");
    size_t nopen = nr_len(z, "open"), nlate = nr_len(z, "late");
    if (!nopen && !nlate)
        return section;
    nr_printf(o, "    （%s）“我为政府网站找错”留言办理\n", nr_cn_number(section));
    json_object *a = nt_array(z, "open");
    for (size_t i = 0; i < nopen; i++) {
        json_object *x = json_object_array_get_idx(a, i);
        long long over = nr_int(x, "days_overdue");
        nr_printf(o, "    %s：留言%s（%s收到，应于%s前办结）尚未办结", nr_str(x, "site"),
                  nr_str(x, "id"), nr_str(x, "received"), nr_str(x, "due"));
        if (over > 0)
            nr_printf(o, "，已逾期%lld天。\n", over);
        else
            nr_printf(o, "。\n");
    }
    a = nt_array(z, "late");
    for (size_t i = 0; i < nlate; i++) {
        json_object *x = json_object_array_get_idx(a, i);
        nr_printf(o, "    %s：留言%s应于%s前办结，%s办结，逾期%lld天。\n", nr_str(x, "site"),
                  nr_str(x, "id"), nr_str(x, "due"), nr_str(x, "closed"),
                  (long long)nr_int(x, "days_late"));
    }
    return section + 1;
}

static size_t reports_section(nr_out_t *o, json_object *m, size_t section)
{
    json_object *a = nt_array(m, "late_reports");
    size_t n = a ? json_object_array_length(a) : 0;
    if (!n)
        return section;
    nr_printf(o, "    （%s）整改报告报送情况\n", nr_cn_number(section));
    for (size_t i = 0; i < n; i++) {
        json_object *x = json_object_array_get_idx(a, i);
        long long days = nr_int(x, "days_late");
        if (nt_str(x, "submitted"))
            nr_printf(o, "    %s逾期%lld天提交整改报告（应于%s前提交，%s提交）。\n",
                      nr_str(x, "site"), days, nr_str(x, "due"), nr_str(x, "submitted"));
        else if (days >= 30)
            nr_printf(o, "    %s超过%lld个月未提交整改报告（应于%s前提交，已逾期%lld天）。\n",
                      nr_str(x, "site"), days / 30, nr_str(x, "due"), days);
        else
            nr_printf(o, "    %s逾期%lld天未提交整改报告（应于%s前提交）。\n", nr_str(x, "site"),
                      days, nr_str(x, "due"));
    }
    return section + 1;
}

/* 附件: 序号, 网站名称, 主办单位, 存在的突出问题 — tab-separated, one site a line. */
static void attachment(nr_out_t *o, json_object *m)
{
    json_object *a = nt_array(m, "table");
    nr_printf(o, "\n附件\n政府网站与政务新媒体检查问题清单\n序号\t网站名称\t主办单位\t存在的突出问题\n");
    for (size_t i = 0; a && i < json_object_array_length(a); i++) {
        json_object *row = json_object_array_get_idx(a, i), *ps = nt_array(row, "problems");
        nr_printf(o, "%zu\t%s\t%s\t", i + 1, nr_str(row, "site"), nr_str(row, "owner"));
        for (size_t j = 0; ps && j < json_object_array_length(ps); j++)
            nr_printf(o, "%s%s", j ? "；" : "", nr_elem(ps, j));
        nr_printf(o, "\n");
    }
    if (!a || !json_object_array_length(a))
        nr_printf(o, "（无）\n");
}

/* Control characters (a line break in a site's name) become spaces in every string of the
 * model, so that input cannot start a line, a heading or a table row of the text. */
static void one_line_strings(json_object *o)
{
    if (json_object_is_type(o, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(o); i++)
            one_line_strings(json_object_array_get_idx(o, i));
    } else if (json_object_is_type(o, json_type_object)) {
        json_object_object_foreach(o, key, v)
        {
            (void)key;
            one_line_strings(v);
        }
    } else if (json_object_is_type(o, json_type_string)) {
        const char *s = json_object_get_string(o);
        size_t n = (size_t)json_object_get_string_len(o), i = 0;
        while (i < n && (unsigned char)s[i] >= 0x20)
            i++;
        if (i == n)
            return;
        char *copy = malloc(n + 1);
        if (!copy)
            return;
        for (size_t k = 0; k < n; k++)
            copy[k] = (unsigned char)s[k] < 0x20 ? ' ' : s[k];
        copy[n] = '\0';
        json_object_set_string_len(o, copy, (int)n);
        free(copy);
    }
}

ga_status_t ga_notice_text(const ga_notice_t *n, unsigned flags, char **out, size_t *len,
                           ga_error_t **err)
{
    json_object *m;
    ga_status_t st = nt_render_begin(n, flags, 0, out, "ga_notice_text", &m, err);
    if (st)
        return st;
    one_line_strings(m);
    nr_out_t o = {.ok = true};
    nr_printf(&o, "%s\n\n", nr_str(m, "title"));
    if (nt_str(m, "round")) {
        size_t w = (size_t)nr_int(nr_obj(m, "websites"), "checked"),
               md = (size_t)nr_int(nr_obj(m, "media"), "checked");
        nr_printf(&o, "    截至%s，对%s开展了检查。现将有关情况通报如下。\n\n", nr_str(m, "round"),
                  w && md ? "政府网站和政务新媒体" : md ? "政务新媒体" : "政府网站");
    }
    overview(&o, m);
    nr_printf(&o, "\n二、发现的主要问题\n");
    size_t section = 0;
    section = problem_section(&o, m, "veto", "单项否决问题", section);
    section = problem_section(&o, m, "deduct", "扣分问题", section);
    section = problem_section(&o, m, "problem", "其他问题", section);
    section = errors_section(&o, m, section);
    section = rectification_section(&o, m, section);
    section = zhaocuo_section(&o, m, section);
    section = reports_section(&o, m, section);
    if (!section)
        nr_printf(&o, "    本次检查未发现问题。\n");
    attachment(&o, m);
    const char *date = nt_str(m, "date");
    if (date) /* as the notices sign it: 2023年9月1日 */
        nr_printf(&o, "\n%.4s年%d月%d日\n", date, atoi(date + 5), atoi(date + 8));
    json_object_put(m);
    return nr_done(&o, out, len, err) ? GA_OK : GA_ERR_NO_MEMORY;
}
