/* The corpus generator: articles are paragraphs of sentences over a word list with a
 * Zipf-like frequency; a quarter of the documents copy an earlier article and change it:
 * inserted and deleted sentences, changed words, swapped paragraphs, a cut tail, and new
 * headers and footers (来源, 责任编辑, print and close buttons, counters). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

static const char *const vocab[] = {
    "的", "和", "工作", "推进", "加强", "建设", "发展", "服务", "管理", "落实", "全面", "深入",
    "政府", "市场", "企业", "群众", "社会", "经济", "改革", "创新", "安全", "生产", "环境",
    "生态", "保护", "农业", "农村", "乡村", "振兴", "城市", "交通", "教育", "医疗", "卫生",
    "健康", "文化", "旅游", "体育", "科技", "人才", "就业", "创业", "收入", "养老", "保险",
    "住房", "保障", "民生", "扶贫", "脱贫", "攻坚", "疫情", "防控", "应急", "救援", "防汛",
    "抗旱", "森林", "防火", "食品", "药品", "监管", "执法", "检查", "督查", "整改", "问题",
    "责任", "制度", "机制", "体系", "能力", "水平", "质量", "效率", "效能", "作风", "纪律",
    "廉政", "党风", "党建", "学习", "教育", "主题", "活动", "会议", "召开", "研究", "部署",
    "强调", "指出", "要求", "坚持", "完善", "优化", "提升", "提高", "扩大", "增强", "加快",
    "实施", "开展", "组织", "协调", "统筹", "推动", "促进", "支持", "鼓励", "引导", "规范",
    "营商", "政务", "公开", "一网通办", "放管服", "审批", "许可", "登记", "办理", "窗口",
    "大厅", "热线", "投诉", "举报", "信访", "调解", "矛盾", "纠纷", "基层", "社区", "街道",
    "乡镇", "村委会", "居民", "村民", "干部", "职工", "代表", "委员", "专家", "学者", "领导",
    "书记", "市长", "县长", "局长", "主任", "同志", "部门", "单位", "机关", "系统", "行业",
    "领域", "项目", "资金", "预算", "财政", "税收", "金融", "银行", "贷款", "投资", "消费",
    "出口", "进口", "贸易", "物流", "产业", "园区", "制造业", "服务业", "数字", "网络",
    "信息化", "平台", "数据", "共享", "智慧", "治理", "现代化", "法治", "依法", "行政",
    "决策", "程序", "公平", "公正", "透明", "高效", "便民", "利民", "惠民", "政策", "措施",
    "方案", "规划", "计划", "目标", "任务", "重点", "难点", "亮点", "成效", "成果", "经验",
    "做法", "典型", "示范", "试点", "推广", "复制", "总结", "考核", "评估", "评价", "通报",
    "表彰", "奖励", "处理", "处分", "问责", "追责", "整治", "专项", "行动", "清理", "排查",
    "隐患", "风险", "防范", "化解", "底线", "红线", "水源", "河道", "湖泊", "空气", "污染",
    "治理", "垃圾", "分类", "绿化", "美化", "道路", "桥梁", "管网", "供水", "供电", "供气",
    "供暖", "学校", "医院", "幼儿园", "图书馆", "博物馆", "公园", "广场", "市场主体", "个体",
    "工商户", "小微", "中小企业", "龙头", "合作社", "家庭农场", "粮食", "蔬菜", "水果", "畜牧",
    "养殖", "种植", "耕地", "水利", "灌溉", "春耕", "秋收", "夏粮", "丰收", "价格", "稳定",
    "增长", "下降", "同比", "环比", "百分点", "万元", "亿元", "个", "家", "人次", "今年",
    "去年", "上半年", "一季度", "全年", "近日", "日前", "目前", "下一步", "将", "已", "正在",
    "积极", "认真", "切实", "扎实", "有序", "有效", "持续", "不断", "进一步", "全力", "确保",
    "力争", "实现", "完成", "超过", "达到", "全市", "全县", "全省", "各地", "各级", "有关",
    "相关", "重要", "重大", "关键", "主要", "突出", "明显", "显著", "良好", "新", "高",
};
#define NV (sizeof vocab / sizeof vocab[0])

static const char *const columns[] = {
    "政务公开/通知公告", "政务公开/政策文件", "新闻中心/工作动态", "新闻中心/部门动态",
    "新闻中心/乡镇动态", "政策解读", "公示公告", "专题专栏", "互动交流/回应关切", "人事信息",
};

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

typedef struct rng {
    uint64_t s;
} rng_t;

static uint64_t next(rng_t *r)
{
    r->s += 0x9e3779b97f4a7c15ull;
    return mix(r->s);
}

static unsigned below(rng_t *r, unsigned n)
{
    return (unsigned)((next(r) >> 32) * n >> 32);
}

static double unit(rng_t *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

/* Zipf-like word choice: low indices are frequent. */
static const char *word(rng_t *r)
{
    double u = unit(r);
    return vocab[(unsigned)(u * u * NV) % NV];
}

typedef struct sent {
    char s[512];
    int para_end; /* a paragraph ends after this sentence */
} sent_t;

typedef struct art {
    sent_t *v;
    size_t n, cap;
} art_t;

static void make_sentence(rng_t *r, char *out)
{
    out[0] = '\0';
    unsigned n = 6 + below(r, 11);
    size_t len = 0;
    for (unsigned i = 0; i < n; i++) {
        const char *w = word(r);
        size_t l = strlen(w);
        if (len + l + 4 >= 500)
            break;
        memcpy(out + len, w, l);
        len += l;
        if (i + 1 < n && below(r, 5) == 0) {
            memcpy(out + len, "，", 3);
            len += 3;
        }
    }
    memcpy(out + len, "。", 4);
}

static void push(art_t *a, const sent_t *s, size_t at)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->v = realloc(a->v, a->cap * sizeof *a->v);
    }
    memmove(a->v + at + 1, a->v + at, (a->n - at) * sizeof *a->v);
    a->v[at] = *s;
    a->n++;
}

static void make_article(uint64_t seed, uint64_t i, art_t *a)
{
    rng_t r = {mix(seed ^ mix(i * 2 + 1))};
    unsigned paras = 3 + below(&r, 6);
    a->n = 0;
    for (unsigned p = 0; p < paras; p++) {
        unsigned ns = 2 + below(&r, 4);
        for (unsigned k = 0; k < ns; k++) {
            sent_t s;
            make_sentence(&r, s.s);
            s.para_end = k + 1 == ns;
            push(a, &s, a->n);
        }
    }
}

/* The document a copy copies: an earlier document; copies of copies go to the original. */
static int64_t original_of(uint64_t seed, uint64_t i)
{
    rng_t r = {mix(seed ^ mix(i * 2))};
    if (i == 0 || below(&r, 4) != 0)
        return -1;
    uint64_t back = 1 + below(&r, i < 20000 ? (unsigned)i : 20000);
    uint64_t j = i - back;
    int64_t o = original_of(seed, j);
    return o >= 0 ? o : (int64_t)j;
}

static void mutate(rng_t *r, art_t *a)
{
    unsigned ops = below(r, 5); /* 0..4 changes */
    for (unsigned k = 0; k < ops && a->n > 2; k++) {
        sent_t s;
        switch (below(r, 5)) {
        case 0: /* insert a sentence */
            make_sentence(r, s.s);
            s.para_end = 0;
            push(a, &s, below(r, (unsigned)a->n));
            break;
        case 1: { /* delete a sentence */
            size_t at = below(r, (unsigned)a->n);
            int pe = a->v[at].para_end;
            memmove(a->v + at, a->v + at + 1, (a->n - at - 1) * sizeof *a->v);
            a->n--;
            if (pe && at > 0)
                a->v[at - 1].para_end = 1;
            break;
        }
        case 2: { /* change a word: rewrite the end of a sentence */
            sent_t *t = &a->v[below(r, (unsigned)a->n)];
            size_t l = strlen(t->s);
            size_t cut = l > 12 ? l - 12 : 0;
            while (cut > 0 && ((unsigned char)t->s[cut] & 0xC0) == 0x80)
                cut--;
            snprintf(t->s + cut, sizeof t->s - cut, "%s%s。", word(r), word(r));
            break;
        }
        case 3: { /* swap two paragraphs: rotate the text at a paragraph end */
            size_t cut = below(r, (unsigned)a->n);
            while (cut < a->n && !a->v[cut].para_end)
                cut++;
            if (cut + 1 >= a->n)
                break;
            sent_t *tmp = malloc(a->n * sizeof *tmp);
            size_t head = cut + 1;
            memcpy(tmp, a->v + head, (a->n - head) * sizeof *tmp);
            memcpy(tmp + (a->n - head), a->v, head * sizeof *tmp);
            tmp[a->n - 1].para_end = 1;
            memcpy(a->v, tmp, a->n * sizeof *tmp);
            free(tmp);
            break;
        }
        default: /* cut the tail */
            if (a->n > 8)
                a->n -= 1 + below(r, 2);
            a->v[a->n - 1].para_end = 1;
            break;
        }
    }
}

/* Page furniture around the body: none of it should count. */
static size_t header(char *out, size_t cap, unsigned kind, const char *date, const char *src,
                     unsigned views)
{
    switch (kind) {
    case 0:
        return (size_t)snprintf(out, cap, "发布时间：%s  来源：%s  浏览次数：%u", date, src, views);
    case 1:
        return (size_t)snprintf(out, cap, "【字体：大 中 小】 发布日期：%s 信息来源：%s 阅读次数：%u",
                                date, src, views);
    default:
        return (size_t)snprintf(out, cap, "%s 来源：%s 点击数：%u", date, src, views);
    }
}

static size_t footer(char *out, size_t cap, unsigned kind, unsigned who)
{
    switch (kind) {
    case 0:
        return (size_t)snprintf(out, cap, "责任编辑：王%u\n【打印本页】【关闭窗口】", who);
    case 1:
        return (size_t)snprintf(out, cap, "（编辑：李%u）\n分享到：微信 微博\n打印 关闭", who);
    case 2:
        return (size_t)snprintf(out, cap, "扫一扫在手机打开当前页\n审核：张%u", who);
    default:
        return 0;
    }
}

static void set_date(corpus_doc_t *d, unsigned day)
{
    int y = 1970, dd = (int)day; /* days since 1970 to a date, coarse but valid */
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (;;) {
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (dd < 365 + leap)
            break;
        dd -= 365 + leap;
        y++;
    }
    int m = 0;
    for (;; m++) {
        int l = md[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
        if (dd < l)
            break;
        dd -= l;
    }
    snprintf(d->date, sizeof d->date, "%04d-%02d-%02d", y, m + 1, dd + 1);
}

/* The page text: an optional header line (0..2, or none), the paragraphs, a footer (0..3). */
static void render(corpus_doc_t *d, const art_t *a, int header_kind, const char *src,
                   unsigned views, unsigned footer_kind, unsigned editor)
{
    size_t cap = 256;
    for (size_t k = 0; k < a->n; k++)
        cap += strlen(a->v[k].s) + 2;
    d->text = malloc(cap + 512);
    size_t len = 0;
    if (header_kind >= 0) {
        len += header(d->text + len, 256, (unsigned)header_kind, d->date, src, views);
        d->text[len++] = '\n';
    }
    for (size_t k = 0; k < a->n; k++) {
        size_t l = strlen(a->v[k].s);
        memcpy(d->text + len, a->v[k].s, l);
        len += l;
        if (a->v[k].para_end)
            d->text[len++] = '\n';
    }
    len += footer(d->text + len, 256, footer_kind, editor);
    d->text[len] = '\0';
    d->text_len = len;
}

/* the title: the first sentence, cut at 20 characters (all 3 bytes in UTF-8) */
static void set_title(corpus_doc_t *d, const art_t *a)
{
    memcpy(d->title, a->v[0].s, 60);
    d->title[60] = '\0';
}

static void doc_meta(corpus_doc_t *d, uint64_t id, unsigned site, unsigned col, unsigned day)
{
    snprintf(d->id, sizeof d->id, "%llu", (unsigned long long)id);
    snprintf(d->site, sizeof d->site, "第%u市人民政府", site);
    snprintf(d->column, sizeof d->column, "%s", columns[col]);
    snprintf(d->url, sizeof d->url, "http://www.s%u.gov.cn/art/%llu.html", site,
             (unsigned long long)id);
    set_date(d, day);
}

void corpus_make(uint64_t seed, uint64_t i, corpus_doc_t *d)
{
    memset(d, 0, sizeof *d);
    int64_t orig = original_of(seed, i);
    rng_t r = {mix(seed ^ mix(i * 2 + 1) ^ 0x5555)};
    art_t a = {0};
    make_article(seed, orig >= 0 ? (uint64_t)orig : i, &a);
    unsigned site = below(&r, 500), col = below(&r, 10);
    unsigned day = 19000 + below(&r, 700);
    int attributed = 0;
    if (orig >= 0) {
        mutate(&r, &a);
        /* where the copy goes: the same site (一稿多发), or another site, with or without 来源 */
        rng_t ro = {mix(seed ^ mix((uint64_t)orig * 2 + 1) ^ 0x5555)};
        unsigned osite = below(&ro, 500);
        unsigned where = below(&r, 10);
        if (where < 5)
            site = osite;
        else if (where < 8)
            attributed = 1, snprintf(d->source, sizeof d->source, "第%u市人民政府", osite);
    }
    doc_meta(d, i, site, col, day);
    set_title(d, &a);
    int hk = below(&r, 3) ? (int)below(&r, 3) : -1;
    unsigned views = hk >= 0 ? below(&r, 5000) : 0;
    unsigned fk = below(&r, 4);
    render(d, &a, hk, attributed ? d->source : d->site, views, fk, below(&r, 100));
    d->original = orig;
    free(a.v);
}

void corpus_doc_clear(corpus_doc_t *d)
{
    free(d->text);
    d->text = NULL;
}

/* ---- the edit corpus: copies by kind of edit, and hard negatives ---- */

static const char *const kind_names[CORPUS_NKINDS] = {
    "sentence added", "sentence dropped", "editor/source line", "paragraph appended",
    "preamble prepended", "word edits", "NEG same topic+boilerplate", "NEG template notice",
};

const char *corpus_kind_name(unsigned kind)
{
    return kind < CORPUS_NKINDS ? kind_names[kind] : "?";
}

static void add_para(rng_t *r, art_t *a, size_t at, unsigned sentences)
{
    for (unsigned k = 0; k < sentences; k++) {
        sent_t s;
        make_sentence(r, s.s);
        s.para_end = k + 1 == sentences;
        push(a, &s, at + k);
    }
}

/* A small word edit: two characters at a random place of the sentence give way to a
 * word of the vocabulary. */
static void edit_word(rng_t *r, sent_t *t)
{
    size_t l = strlen(t->s);
    if (l < 12)
        return;
    size_t at = 3 * below(r, (unsigned)(l / 3 - 3));
    while (at > 0 && ((unsigned char)t->s[at] & 0xC0) == 0x80)
        at--;
    const char *w = word(r);
    char buf[512];
    size_t cut = at + 6 < l ? at + 6 : l;
    while (cut < l && ((unsigned char)t->s[cut] & 0xC0) == 0x80)
        cut++;
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)at, t->s, w, t->s + cut);
    snprintf(t->s, sizeof t->s, "%s", buf);
}

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                       "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                    "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "平",
                                    "建国", "志强", "海燕", "晓东", "红梅", "文博", "子涵", "思远"};
static const char *const posts[] = {"办公室主任", "副局长", "局长", "副主任", "科长", "副科长",
                                    "党组成员", "副镇长", "镇长", "副县长", "调研员", "主任科员"};
static const char *const orgs[] = {"发展和改革局", "财政局", "教育局", "卫生健康委员会",
                                   "自然资源局", "住房和城乡建设局", "农业农村局", "水利局",
                                   "交通运输局", "生态环境局", "应急管理局", "市场监督管理局"};

static size_t put_name(rng_t *r, char *out, size_t cap)
{
    return (size_t)snprintf(out, cap, "%s%s%s", surnames[below(r, 20)], given[below(r, 28)],
                            below(r, 2) ? given[below(r, 28)] : "");
}

/* A notice from one of three fixed templates; only names, dates, numbers, posts and
 * units differ between two notices of the same template. */
static void template_notice(uint64_t seed, unsigned tmpl, corpus_doc_t *d)
{
    rng_t r = {mix(seed)};
    size_t cap = 8192, len = 0;
    char *t = malloc(cap), nm[32];
    unsigned y = 2021 + below(&r, 3), m = 1 + below(&r, 12), day = 1 + below(&r, 20);
#define PUT(...) (len += (size_t)snprintf(t + len, cap - len, __VA_ARGS__))
    switch (tmpl) {
    case 0: { /* 任前公示 */
        unsigned n = 2 + below(&r, 4);
        put_name(&r, nm, sizeof nm);
        PUT("根据《党政领导干部选拔任用工作条例》等有关规定，经市委研究，现将%s等%u名同志拟任职情况予以公示。\n",
            nm, n);
        for (unsigned k = 0; k < n; k++) {
            put_name(&r, nm, sizeof nm);
            PUT("%s，%s，汉族，%u年%u月生，%s学历，中共党员，现任市%s%s，拟任市%s%s。\n", nm,
                below(&r, 2) ? "男" : "女", 1965 + below(&r, 25), 1 + below(&r, 12),
                below(&r, 2) ? "大学" : "研究生", orgs[below(&r, 12)], posts[below(&r, 12)],
                orgs[below(&r, 12)], posts[below(&r, 12)]);
        }
        PUT("公示时间为%u年%u月%u日至%u年%u月%u日。公示期间，个人或单位可通过来信、来电、来访等方式，"
            "向市委组织部反映公示对象在德、能、勤、绩、廉等方面的情况和问题。反映问题要实事求是，"
            "以个人名义反映的提倡签署真实姓名，以单位名义反映的应加盖公章。\n",
            y, m, day, y, m, day + 5 + below(&r, 3));
        PUT("联系电话：0571-%08u，来信请寄市委组织部干部监督科，邮编%06u。\n", below(&r, 99999999),
            310000 + below(&r, 999));
        snprintf(d->title, sizeof d->title, "市管领导干部任前公示（%u年第%u批）", y, 1 + below(&r, 9));
        break;
    }
    case 1: { /* 中标结果公告 */
        unsigned no = below(&r, 9999);
        PUT("%s%s项目于%u年%u月%u日在市公共资源交易中心进行了公开招标，根据《中华人民共和国招标投标法》"
            "及有关规定，经评标委员会评审，现将中标结果公告如下：\n", orgs[below(&r, 12)],
            vocab[below(&r, 200)], y, m, day);
        PUT("一、项目编号：ZB%u-%04u。二、中标单位：%s%s有限公司。三、中标金额：%u.%02u万元。"
            "四、工期：%u日历天。五、项目负责人：", y, no, vocab[below(&r, 200)], vocab[below(&r, 200)],
            10 + below(&r, 900), below(&r, 100), 30 + below(&r, 300));
        put_name(&r, nm, sizeof nm);
        PUT("%s。\n", nm);
        PUT("公告期限为%u个工作日。各有关当事人对中标结果有异议的，可以在中标公告发布之日起%u个工作日内，"
            "以书面形式向招标人提出质疑，逾期将不再受理。\n", 3 + below(&r, 5), 5 + below(&r, 3));
        put_name(&r, nm, sizeof nm);
        PUT("招标人：市%s。联系人：%s。联系电话：%08u。\n", orgs[below(&r, 12)], nm, below(&r, 99999999));
        snprintf(d->title, sizeof d->title, "%s项目中标结果公告", vocab[below(&r, 200)]);
        break;
    }
    default: { /* 空气质量日报 */
        PUT("%u年%u月%u日，全市环境空气质量指数（AQI）为%u，空气质量级别为%s，首要污染物为%s。\n", y, m,
            day, 30 + below(&r, 150), below(&r, 2) ? "二级（良）" : "一级（优）",
            below(&r, 2) ? "PM2.5" : "臭氧");
        static const char *const districts[] = {"城东区", "城西区", "高新区", "开发区", "北湖区", "南山区"};
        for (unsigned k = 0; k < 6; k++)
            PUT("%s空气质量指数为%u，PM2.5浓度为%u微克/立方米，PM10浓度为%u微克/立方米，二氧化氮浓度为%u微克/立方米。\n",
                districts[k], 30 + below(&r, 150), 10 + below(&r, 80), 20 + below(&r, 120),
                5 + below(&r, 60));
        PUT("预计%u月%u日，全市空气质量以%s为主，请广大市民合理安排户外活动。\n", m, day + 1,
            below(&r, 2) ? "良" : "优");
        snprintf(d->title, sizeof d->title, "%u年%u月%u日全市空气质量日报", y, m, day);
        break;
    }
    }
#undef PUT
    d->text = t;
    d->text_len = len;
}

void corpus_edit_pair(uint64_t seed, uint64_t i, unsigned kind, corpus_doc_t *a, corpus_doc_t *b)
{
    memset(a, 0, sizeof *a);
    memset(b, 0, sizeof *b);
    rng_t r = {mix(seed ^ mix(i * 2 + 1) ^ 0xED17)};
    unsigned site = below(&r, 500), col = below(&r, 10), day = 19000 + below(&r, 700);
    doc_meta(a, 2 * i, site, col, day);
    doc_meta(b, 2 * i + 1, below(&r, 3) ? site : below(&r, 500), below(&r, 10), day + below(&r, 60));
    a->original = -1;
    b->original = kind < CORPUS_FIRST_NEGATIVE ? (int64_t)(2 * i) : -1;
    if (kind == CORPUS_NEG_TEMPLATE) {
        unsigned tmpl = below(&r, 3);
        template_notice(seed ^ mix(i * 4 + 1), tmpl, a);
        template_notice(seed ^ mix(i * 4 + 3), tmpl, b);
        return;
    }
    art_t x = {0}, y = {0};
    make_article(seed ^ 0xED17, i, &x);
    /* Half the articles are short news items: one to three paragraphs. */
    if (below(&r, 2)) {
        size_t keep = 0, paras = 1 + below(&r, 3);
        while (keep < x.n && paras) {
            paras -= x.v[keep].para_end;
            keep++;
        }
        x.n = keep > 2 ? keep : x.n;
    }
    y.cap = y.n = x.n;
    y.v = malloc(y.cap * sizeof *y.v);
    memcpy(y.v, x.v, x.n * sizeof *x.v);
    int hk = (int)below(&r, 3), hk2 = hk;
    unsigned fk = below(&r, 3), fk2 = fk, ed = below(&r, 100), ed2 = ed;
    const char *src = a->site, *src2 = a->site;
    switch (kind) {
    case CORPUS_SENT_ADDED: {
        sent_t s;
        make_sentence(&r, s.s);
        s.para_end = 0;
        push(&y, &s, below(&r, (unsigned)y.n));
        break;
    }
    case CORPUS_SENT_DROPPED: {
        size_t at = below(&r, (unsigned)y.n);
        int pe = y.v[at].para_end;
        memmove(y.v + at, y.v + at + 1, (y.n - at - 1) * sizeof *y.v);
        y.n--;
        if (pe && at > 0)
            y.v[at - 1].para_end = 1;
        break;
    }
    case CORPUS_EDITOR_LINE: /* another editor, footer, header and 来源 */
        fk2 = (fk + 1 + below(&r, 2)) % 3;
        ed2 = ed + 1 + below(&r, 50);
        hk2 = (hk + 1) % 3;
        src2 = "新华社";
        break;
    case CORPUS_PARA_APPENDED: /* the copy adds a paragraph: up to a fifth of the original */
        add_para(&r, &y, y.n, 1 + below(&r, (unsigned)(x.n / 5 > 1 ? x.n / 5 : 1)));
        break;
    case CORPUS_PREAMBLE: /* 编者按 before the article: up to a quarter of its length */
    {
        add_para(&r, &y, 0, 1 + below(&r, (unsigned)(x.n / 4 > 1 ? x.n / 4 : 1)));
        char buf[sizeof y.v[0].s + 16];
        snprintf(buf, sizeof buf, "编者按：%s", y.v[0].s);
        snprintf(y.v[0].s, sizeof y.v[0].s, "%.500s", buf);
        break;
    }
    case CORPUS_WORD_EDITS: {
        unsigned n = 1 + below(&r, 3);
        for (unsigned k = 0; k < n; k++)
            edit_word(&r, &y.v[below(&r, (unsigned)y.n)]);
        break;
    }
    default: { /* CORPUS_NEG_TOPIC: another article between the same office paragraphs */
        art_t other = {0};
        make_article(seed ^ 0xB0B, i, &other);
        rng_t rb = {mix(seed ^ 0xB01E ^ (i % 7))}; /* seven offices' standard paragraphs */
        art_t boiler = {0};
        add_para(&rb, &boiler, 0, 2);
        add_para(&rb, &boiler, 2, 2);
        free(y.v);
        y = other;
        for (size_t k = 0; k < 2; k++) {
            push(&x, &boiler.v[k], k);
            push(&y, &boiler.v[k], k);
            push(&x, &boiler.v[2 + k], x.n);
            push(&y, &boiler.v[2 + k], y.n);
        }
        free(boiler.v);
        break;
    }
    }
    set_title(a, &x);
    set_title(b, kind == CORPUS_PREAMBLE ? &x : &y);
    render(a, &x, hk, src, below(&r, 5000), fk, ed);
    render(b, &y, hk2, src2, below(&r, 5000), fk2, ed2);
    free(x.v);
    free(y.v);
}
