"""A site with each defect a crawl can prove beyond columns and links, written as a wget
mirror folder for an audit on 2023-08-15:
    evidence-site.py OUTDIR
- 互动交流: a 市长信箱 list (table) whose message of 2023-03-02 is still 办理中 (over three
  months), one answered late and others answered; a detail page of an unanswered message;
  a page with the form to write one (so the site has a consultation channel);
- 办事指南: one complete guide, one lacking 设定依据 and 办理材料;
- an article whose URL was made on 2023-01-05 shown as 2023-07-28 (a changed publish date);
- a 通知公告 article whose PubDate (2023-08-01) is a rebuild time: its URL and its signed
  date say 2022-11-03, so the column is stale;
- footers: no 党政机关标识 on the home page, the 找错 entrance carrying another site's
  code, an ICP number without its link, one page without 网站标识码 and one showing
  another code than its SiteIDCode, no 公安 备案号 anywhere."""
import os
import sys

root = os.path.join(sys.argv[1], "www.yy.gov.cn")
CODE = "3300000002"


def w(path, html):
    p = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w", encoding="utf-8") as f:
        f.write(html)


NAV = ('<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/tzgg/index.html">通知公告</a></li>'
       '<li><a href="/hdjl/szxx/index.html">市长信箱</a></li><li><a href="/bsfw/bszn/index.html">办事指南</a></li></ul>')


def foot(code=CODE, zhaocuo="3300000099", with_code=True):
    shown = f"网站标识码：{code}　" if with_code else ""
    return (f'<div class="footer"><p>主办单位：YY市人民政府办公室　联系电话：0571-88000000</p>'
            f'<p>{shown}浙ICP备12349999号</p>'
            f'<p><a href="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySubmit.action?site_code={zhaocuo}">'
            f'<img src="/img/zc.png" alt="我为政府网站找错"></a></p></div>')


def page(title, crumb, body, column=None, pubdate=None, code=CODE, **kw):
    metas = f'<meta name="SiteName" content="YY市人民政府"><meta name="SiteIDCode" content="{code}">'
    if column:
        metas += f'<meta name="ColumnName" content="{column}">'
    if pubdate:
        metas += f'<meta name="PubDate" content="{pubdate}">'
    return (f'<html><head><meta charset="utf-8">{metas}<title>{title}_YY市人民政府</title></head><body>{NAV}'
            f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; {crumb}</div>{body}{foot(**kw)}</body></html>')


def article(title, info, paras):
    ps = "".join(f"<p>{p}</p>" for p in paras)
    return f'<div class="article"><h1>{title}</h1><div class="info">{info}</div><div class="content">{ps}</div></div>'


PARAS = ["为进一步做好相关工作，切实保障人民群众合法权益，经研究决定，现将有关事项通知如下，请各单位认真贯彻落实。",
         "各单位要高度重视，加强组织领导，明确责任分工，确保各项工作按时保质完成，并及时报送工作进展情况。"]

# 通知公告: a fresh notice shown as 2023-07-28 but made on 2023-01-05, and the rebuilt one.
changed = "/zwgk/tzgg/202301/t20230105_101.html"
rebuilt = "/zwgk/tzgg/202211/t20221103_88.html"
w(changed, page("关于开展2023年度安全生产检查的通知", '<a href="/zwgk/tzgg/index.html">通知公告</a>',
                article("关于开展2023年度安全生产检查的通知", "发布时间：2023-07-28　来源：市应急管理局", PARAS),
                column="通知公告"))
w(rebuilt, page("关于做好冬季供暖保障工作的通知", '<a href="/zwgk/tzgg/index.html">通知公告</a>',
                article("关于做好冬季供暖保障工作的通知", "来源：市住建局", PARAS + ["YY市住房和城乡建设局", "2022年11月3日"]),
                column="通知公告", pubdate="2023-08-01 02:10:00"))
w("/zwgk/tzgg/index.html", page("通知公告", "通知公告",
  f'<div class="list"><ul><li><a href="{changed}">关于开展2023年度安全生产检查的通知</a><span>2023-07-28</span></li>'
  f'<li><a href="{rebuilt}">关于做好冬季供暖保障工作的通知</a></li></ul></div>', column="通知公告"))

# 市长信箱: a list table, a detail page, the form.
rows = [("t20230712_501", "关于人民路夜间施工噪音扰民的问题", "2023-07-12", "已办结", "2023-07-14"),
        ("t20230302_402", "建议在滨江公园增设公共厕所", "2023-03-02", "办理中", ""),
        ("t20221115_350", "反映城东小区物业乱收费", "2022-11-15", "已办结", "2023-04-20"),
        ("t20230601_455", "咨询公积金提取办理流程", "2023-06-01", "已回复", "2023-06-02")]
trs = "".join(f'<tr><td><a href="/hdjl/szxx/{u[1:7]}/{u}.html">{t}</a></td><td>{d}</td><td>{s}</td><td>{r}</td></tr>'
              for u, t, d, s, r in rows)
w("/hdjl/szxx/index.html", page("市长信箱", '<a href="/hdjl/szxx/index.html">市长信箱</a>',
  f'<p><a href="/hdjl/szxx/write.html">我要写信</a></p><table class="list"><tr><th>信件标题</th><th>来信时间</th>'
  f'<th>处理状态</th><th>答复时间</th></tr>{trs}</table>', column="市长信箱"))
w("/hdjl/szxx/202303/t20230302_402.html", page("建议在滨江公园增设公共厕所", '<a href="/hdjl/szxx/index.html">市长信箱</a>',
  '<div class="letter"><h2>建议在滨江公园增设公共厕所</h2><dl><dt>来信时间：</dt><dd>2023-03-02 09:12</dd>'
  '<dt>处理状态：</dt><dd>办理中</dd></dl><div class="text"><p>滨江公园每天游客很多，但园内只有一处公共厕所，建议增设。</p></div></div>',
  column="市长信箱"))
w("/hdjl/szxx/write.html", page("我要写信", '<a href="/hdjl/szxx/index.html">市长信箱</a>',
  '<form action="/hdjl/szxx/submit" method="post"><p>信件标题：<input name="title"></p>'
  '<p>信件内容：<textarea name="content"></textarea></p><p><input type="submit" value="提交"></p></form>',
  column="市长信箱"))

# 办事指南: one complete guide, one lacking 设定依据 and 办理材料.
full = ("<table><tr><th>事项名称</th><td>个体工商户设立登记</td></tr><tr><th>设定依据</th><td>《促进个体工商户发展条例》</td></tr>"
        "<tr><th>申请条件</th><td>有经营能力的自然人</td></tr><tr><th>申请材料</th><td>登记申请书；经营者身份证明</td></tr>"
        "<tr><th>办理地点</th><td>市民服务中心</td></tr><tr><th>承诺时限</th><td>1个工作日</td></tr></table>")
thin = ("<table><tr><th>事项名称</th><td>城乡居民养老保险参保登记</td></tr><tr><th>受理条件</th><td>年满16周岁的城乡居民</td></tr>"
        "<tr><th>办理地点</th><td>各乡镇社保所</td></tr><tr><th>咨询电话</th><td>0571-88001234</td></tr></table>")
w("/bsfw/bszn/gtgsh.html", page("个体工商户设立登记", '<a href="/bsfw/bszn/index.html">办事指南</a>', f"<h1>个体工商户设立登记</h1>{full}", column="办事指南"))
w("/bsfw/bszn/cxjmyl.html", page("城乡居民养老保险参保登记", '<a href="/bsfw/bszn/index.html">办事指南</a>', f"<h1>城乡居民养老保险参保登记</h1>{thin}", column="办事指南"))
w("/bsfw/bszn/index.html", page("办事指南", "办事指南",
  '<ul><li><a href="/bsfw/bszn/gtgsh.html">个体工商户设立登记</a></li><li><a href="/bsfw/bszn/cxjmyl.html">城乡居民养老保险参保登记</a></li></ul>',
  column="办事指南", with_code=False))

# The home page: no 党政机关标识; a page elsewhere shows another code than its tag.
w("/index.html", page("首页", "", f'<div class="news"><ul><li><a href="{changed}">关于开展2023年度安全生产检查的通知</a>'
                      f'<span>07-28</span></li></ul></div>', code=CODE).replace("当前位置：<a href=\"/\">首页</a> &gt; ", ""))
w("/about.html", page("关于本站", "关于本站", "<p>YY市人民政府门户网站。</p>", code="3300000003"))
