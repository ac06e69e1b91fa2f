#!/usr/bin/python3
"""Portal-shaped government pages for the page benchmark and the page's sameness test.

Real portal pages are 20-150 KB, mostly furniture around a small article: a header with
the site's logo and search form, a navigation menu with dropdowns of sub-columns, inline
scripts and styles, a breadcrumb, sidebars of related links, a footer with the site's
identity (主办单位, 网站标识码, ICP备案号, 公网安备, 党政机关标识, 找错) and friendly-link
dropdowns. This writes such pages in the layouts of the CMSs government sites run on
(TRS, 大汉 Hanweb, 集约化 platforms, static table templates): articles, list pages,
service guides, message lists and details, home pages; UTF-8 and GBK (declared gb2312,
gbk, or not at all).

    make-pages.py OUT [--count N] [--seed S] [--random]

--random also varies what real pages vary and templates rarely show: wrapper nesting,
unclosed tags, hidden blocks, odd class names, entities, CDATA, comments, mislabelled
charsets. Output is the same for the same arguments on any Python 3 (the generator has
its own PRNG). OUT/manifest.tsv lists each file with the URL it was served from and the
Content-Type header it was served with ("-" for none).
"""
import argparse
import os

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
PLACES = ["临江", "青禾", "东川", "南平", "西岭", "北湖", "云溪", "松阳", "石门", "清河"]
DEPTS = ["发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局",
         "财政局", "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局",
         "交通运输局", "水利局", "农业农村局", "商务局", "文化广电旅游局", "卫生健康委员会",
         "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "信访局"]
COLUMNS = [("zwgk", "政务公开"), ("xwzx", "新闻中心"), ("zwdt", "政务动态"), ("tzgg", "通知公告"),
           ("zcwj", "政策文件"), ("zcjd", "政策解读"), ("bszn", "办事指南"), ("hdjl", "互动交流"),
           ("rsxx", "人事信息"), ("czzj", "财政资金"), ("ghjh", "规划计划"), ("tjsj", "统计数据"),
           ("jgzn", "机构职能"), ("xxgk", "信息公开"), ("zmhd", "政民互动"), ("ztzl", "专题专栏")]
PHRASES = ["深入贯彻落实党的二十大精神", "坚持以人民为中心的发展思想", "推动经济社会高质量发展",
           "全面提升政务服务水平", "持续优化营商环境", "加快推进数字政府建设", "扎实做好民生保障工作",
           "统筹发展和安全", "切实加强组织领导", "认真抓好各项任务落实", "进一步压实工作责任",
           "不断增强人民群众获得感", "全力以赴稳增长促改革", "着力解决群众急难愁盼问题",
           "健全完善长效工作机制", "强化督促检查和考核评估", "积极稳妥推进各项改革"]
TOPICS = ["关于开展2023年度安全生产大检查的通知", "关于印发城市更新行动实施方案的通知",
          "召开全市经济运行分析会", "关于公布第二批市级非物质文化遗产名录的公告",
          "全市优化营商环境工作推进会召开", "关于做好2023年夏季防汛工作的意见",
          "市政府常务会议研究部署重点工作", "2022年度部门预算公开说明", "关于征求意见的公告",
          "市领导调研乡村振兴工作", "关于调整最低工资标准的通知", "政府信息公开工作年度报告"]
SERVICES = ["居民身份证换领", "个体工商户设立登记", "建设工程规划许可证核发", "城乡居民养老保险参保登记",
            "食品经营许可", "机动车驾驶证换证", "医疗机构执业登记", "公共场所卫生许可",
            "失业保险金申领", "残疾人证办理"]
STATUSES = ["已办结", "办理中", "已回复", "未回复", "已受理"]
WRAP_TAGS = ["div", "div", "div", "section", "span", "table"]
RANDOM_CLASSES = ["wrap", "container", "w1200", "clearfix", "box", "inner", "row", "col-md-8",
                  "mod", "panel", "layout", "fl", "fr", "main-wrap", "bd", "item", "cell",
                  "xl-box", "m-t20", "g-bd"]


class Rng:
    """splitmix64: the same numbers on every Python, unlike the random module's methods."""

    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def range(self, lo, hi):
        """lo..hi inclusive."""
        return lo + self.below(hi - lo + 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, pct):
        return self.below(100) < pct


class Page:
    def __init__(self, rng, rand, index):
        self.r = rng
        self.rand = rand
        self.index = index
        self.place = rng.pick(PLACES)
        self.level = rng.pick(["市", "县", "区"])
        self.site = self.place + self.level + "人民政府"
        self.host = "www.%s%d.gov.cn" % ("ljs qhs dcs nps xls bhs yxs sys sms qhh".split()[PLACES.index(self.place)], index % 7)
        self.cms = rng.pick(["trs", "hanweb", "jiyue", "static"])
        self.year = rng.range(2015, 2024)
        self.month = rng.range(1, 12)
        self.day = rng.range(1, 28)
        self.col = rng.pick(COLUMNS)
        self.sub = rng.pick(COLUMNS)
        self.out = []

    # ---- small pieces -------------------------------------------------------------------
    def w(self, s):
        self.out.append(s)

    def name(self):
        return self.r.pick(SURNAMES) + self.r.pick(SURNAMES) + ("" if self.r.chance(40) else self.r.pick(SURNAMES))

    def date(self, sep="-"):
        return "%d%s%02d%s%02d" % (self.year, sep, self.r.range(1, 12), sep, self.r.range(1, 28))

    def sentence(self):
        parts = [self.r.pick(PHRASES) for _ in range(self.r.range(2, 5))]
        s = "，".join(parts)
        if self.r.chance(30):
            s += "，全年完成投资%d.%d亿元，同比增长%d.%d%%" % (self.r.range(1, 900), self.r.below(10),
                                                    self.r.range(1, 30), self.r.below(10))
        return s + self.r.pick(["。", "。", "；", "！"])

    def url(self, path):
        return path if self.r.chance(60) else "http://%s%s" % (self.host, path)

    def cls(self, base):
        if self.rand and self.r.chance(30):
            return "%s %s" % (base, self.r.pick(RANDOM_CLASSES))
        return base

    def open_wraps(self):
        """Random wrapper nesting around a block; returns the closing tags."""
        if not self.rand:
            return ""
        close = []
        for _ in range(self.r.range(0, 4)):
            t = self.r.pick(WRAP_TAGS)
            c = self.r.pick(RANDOM_CLASSES)
            if t == "table":
                self.w('<table class="%s"><tr><td>' % c)
                close.append("</td></tr></table>")
            else:
                self.w('<%s class="%s">' % (t, c))
                close.append("</%s>" % t)
        return "".join(reversed(close))

    def noise(self):
        """What real markup has between blocks: comments, hidden blocks, entities."""
        if not self.rand:
            return
        k = self.r.below(8)
        if k == 0:
            self.w("<!-- %s -->" % self.r.pick(PHRASES))
        elif k == 1:
            self.w('<div style="display: none">%s</div>' % self.sentence())
        elif k == 2:
            self.w("<p>&nbsp;&emsp;&#12288;&lt;%s&gt;&amp;</p>" % self.r.pick(PHRASES))
        elif k == 3:
            self.w("<p>%s" % self.sentence())  # unclosed
        elif k == 4:
            self.w('<div hidden><a href="/hidden/%d.html">%s</a></div>' % (self.r.below(999), self.r.pick(TOPICS)))
        elif k == 5:
            self.w("<script><![CDATA[ var x%d = '<div>'; ]]></script>" % self.r.below(99))

    # ---- furniture ----------------------------------------------------------------------
    def head(self, title, metas, charset_decl):
        self.w("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
               "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n")
        self.w('<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n')
        if charset_decl == "meta-http":
            self.w('<meta http-equiv="Content-Type" content="text/html; charset=%s" />\n' % self.label)
        elif charset_decl == "meta":
            self.w('<meta charset="%s">\n' % self.label)
        for k, v in metas:
            self.w('<meta name="%s" content="%s">\n' % (k, v))
        self.w("<title>%s</title>\n" % title)
        self.w('<link rel="stylesheet" href="/css/index.css" type="text/css" />\n')
        self.style(self.r.range(40, 200))
        self.script(self.r.range(20, 150))
        self.w('<script type="text/javascript" src="/js/jquery-1.8.3.min.js"></script>\n')
        self.w("</head>\n")

    def style(self, n):
        self.w('<style type="text/css">\n')
        for i in range(n):
            self.w(".m%d .nav-item%d li a{display:block;height:%dpx;line-height:%dpx;color:#%06x;"
                   "padding:0 %dpx}\n" % (i, i % 13, 30 + i % 9, 30 + i % 9, self.r.below(1 << 24), i % 20))
        self.w("</style>\n")

    def script(self, n):
        self.w('<script type="text/javascript">\n')
        for i in range(n):
            self.w("function menu%d(id){var o=document.getElementById('sub'+id);if(o&&o.style)"
                   "{o.style.display=o.style.display=='none'?'block':'none';}return '<a href=\"/c%d\">';}\n"
                   % (i, i))
        self.w("</script>\n")

    def header(self):
        close = self.open_wraps()
        self.w('<div class="%s"><div class="top-bar"><span>今天是%d年%d月%d日 星期%s</span>'
               % (self.cls("header"), self.year, self.month, self.day, self.r.pick("一二三四五六日")))
        for t in ["无障碍浏览", "长者模式", "繁體", "English", "登录", "注册", "手机版", "微信", "微博"]:
            self.w('<a href="%s">%s</a> | ' % (self.url("/%s.html" % t.encode().hex()[:8]), t))
        self.w("</div>")
        self.w('<div class="logo"><h1><a href="/"><img src="/images/logo.png" alt="%s">%s</a></h1></div>'
               % (self.site, self.site))
        self.w('<div class="search"><form action="/search.jsp" method="get"><input type="text" '
               'name="q" value="请输入关键字"><select name="scope"><option>全站</option><option>'
               '信息公开</option><option>办事服务</option></select><button>搜索</button></form>'
               '<div class="hot">热词：<a href="/s?q=1">营商环境</a><a href="/s?q=2">政府工作报告</a>'
               '<a href="/s?q=3">人才政策</a></div></div></div>')
        self.w(close)

    def nav(self, columns):
        close = self.open_wraps()
        self.w('<div class="%s"><ul class="menu">' % self.cls("nav"))
        self.w('<li><a href="/">首页</a></li>')
        for ci in range(columns):
            code, label = COLUMNS[ci % len(COLUMNS)]
            self.w('<li class="nav-item" onmouseover="menu%d(%d)"><a href="%s">%s</a>'
                   % (ci, ci, self.url("/%s/index.html" % code), label))
            self.w('<ul class="sub" id="sub%d" style="display:none">' % ci)
            for k in range(self.r.range(6, 14)):
                scode, slabel = self.r.pick(COLUMNS)
                self.w('<li><a href="%s" target="_blank">%s%s</a></li>'
                       % (self.url("/%s/%s%d/index.html" % (code, scode, k)), slabel, self.r.pick(["", "动态", "信息", "专栏"])))
            self.w("</ul></li>")
        self.w("</ul></div>")
        self.w(close)
        self.noise()

    def crumb(self, last=None):
        label = self.r.pick(["您现在的位置：", "当前位置：", "您的位置：", "所在位置："])
        sep = self.r.pick([" &gt; ", " &gt;&gt; ", " » ", " / ", " > "])
        cls = self.r.pick(["crumb", "position", "location", "dqwz", "bt_link"])
        self.w('<div class="%s">%s<a href="/">首页</a>%s<a href="/%s/">%s</a>%s<a href="/%s/%s/">%s</a>'
               % (cls, label, sep, self.col[0], self.col[1], sep, self.col[0], self.sub[0], self.sub[1]))
        if last:
            self.w("%s%s" % (sep, last))
        self.w("</div>")

    def sidebar(self, n):
        close = self.open_wraps()
        side = self.r.pick(["side", "sidebar", "right", "left-nav", "xgwz"])
        self.w('<div class="%s"><h3>相关链接</h3><ul>' % self.cls(side))
        for i in range(n):
            self.w('<li><a href="%s" title="%s">%s</a><span>%s</span></li>'
                   % (self.url("/%s/%d/t%s_%d.html" % (self.col[0], self.year, self.date(""), 1000 + i)),
                      self.r.pick(TOPICS), self.r.pick(TOPICS)[:12], self.date()))
        self.w("</ul><h3>热点专题</h3><ul>")
        for i in range(self.r.range(3, 8)):
            self.w('<li><a href="/ztzl/zt%d/"><img src="/images/zt%d.jpg" alt="%s"></a></li>'
                   % (i, i, self.r.pick(PHRASES)))
        self.w("</ul></div>")
        self.w(close)

    def footer(self):
        close = self.open_wraps()
        self.w('<div class="%s"><div class="yqlj">友情链接：' % self.cls("footer"))
        for k in range(self.r.range(3, 6)):
            self.w('<select onchange="window.open(this.value)"><option value="">%s</option>'
                   % self.r.pick(["国务院部门网站", "省政府网站", "市直部门网站", "区县政府网站", "其他网站"]))
            for i in range(self.r.range(10, 30)):
                self.w('<option value="http://www.d%d%d.gov.cn/">%s%s</option>'
                       % (k, i, self.r.pick(PLACES), self.r.pick(DEPTS)))
            self.w("</select>")
        self.w("</div><div class=\"links\">")
        for i in range(self.r.range(20, 60)):
            self.w('<a href="http://www.dept%d.gov.cn/">%s%s</a> | ' % (i, self.place, self.r.pick(DEPTS)))
        self.w("</div>")
        code = "%010d" % (3301000000 + self.index)
        icp = self.r.pick("浙苏皖闽赣鲁豫鄂湘粤")
        self.w('<div class="copyright"><p><a href="/about.html">关于我们</a> | <a href="/sitemap.html">网站地图</a> | '
               '<a href="/contact.html">联系我们</a></p>')
        self.w("<p>主办单位：%s办公室　承办：%s大数据发展管理局</p>" % (self.site, self.place + self.level))
        self.w("<p>网站标识码：%s　<a href=\"https://beian.miit.gov.cn\" target=\"_blank\">%sICP备%08d号-%d</a>"
               % (code, icp, self.r.below(10 ** 8), self.r.range(1, 3)))
        self.w('　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=%d"><img src="/images/ga.png">'
               "%s公网安备 %d号</a></p>" % (33010002000000 + self.index, icp, 33010002000000 + self.index))
        self.w("<p>联系电话：0571-%08d　邮箱：zwgk@%s</p>" % (self.r.below(10 ** 8), self.host))
        if self.r.chance(80):
            self.w('<a href="https://bszs.conac.cn/sitename?method=show&id=%X" target="_blank">'
                   '<img src="/images/red.png" alt="党政机关"></a>' % self.r.below(1 << 32))
        if self.r.chance(70):
            self.w('<script id="_jiucuo_" sitecode="%s" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>'
                   % code)
        self.w("</div></div>")
        self.w(close)
        self.w('<script>var _hmt=_hmt||[];(function(){var hm=document.createElement("script");'
               'hm.src="https://hm.baidu.com/hm.js?%032x";})();</script>' % self.r.next())

    # ---- the page's own content ---------------------------------------------------------
    def article_body(self, paragraphs):
        box = {"trs": "TRS_Editor", "hanweb": "zoom", "jiyue": "UCAP-CONTENT", "static": "con_text"}[self.cms]
        attr = 'id="zoom"' if self.cms == "hanweb" else 'class="%s"' % self.cls(box)
        self.w("<div %s>" % attr)
        for i in range(paragraphs):
            self.noise()
            if self.r.chance(10):
                self.w("<p><strong>%s、%s</strong></p>" % ("一二三四五六七八九十"[i % 10], self.r.pick(PHRASES)))
            self.w('<p style="text-indent:2em">%s</p>' % "".join(self.sentence() for _ in range(self.r.range(1, 5))))
        if self.r.chance(40):
            self.w("<table border=\"1\"><tr><th>项目</th><th>金额（万元）</th></tr>")
            for i in range(self.r.range(3, 12)):
                self.w("<tr><td>%s</td><td>%d.%02d</td></tr>" % (self.r.pick(DEPTS), self.r.range(1, 9999), self.r.below(100)))
            self.w("</table>")
        if self.r.chance(40):
            ext = self.r.pick(["pdf", "doc", "docx", "xls", "xlsx", "wps", "zip", "ofd"])
            self.w('<p>附件：<a href="/uploadfiles/%d/%s.%s">%s.%s</a></p>'
                   % (self.year, self.date(""), ext, self.r.pick(TOPICS), ext))
        self.w('<p style="text-align:right">%s</p><p style="text-align:right">%d年%d月%d日</p></div>'
               % (self.site + "办公室", self.year, self.month, self.day))

    def info_line(self, date):
        self.w('<div class="%s">' % self.r.pick(["info", "xxgk_info", "article-info", "bt_content"]))
        self.w("发布时间：%s %02d:%02d　" % (date, self.r.below(24), self.r.below(60)) if self.r.chance(70) else "日期：%s　" % date)
        self.w("来源：%s　" % (self.place + self.level + self.r.pick(DEPTS)))
        if self.r.chance(50):
            self.w("作者：%s　" % self.name())
        self.w("浏览次数：<script>document.write(%d)</script>　" % self.r.below(9999))
        self.w('字号：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> '
               '<a href="javascript:doZoom(12)">小</a></div>')

    def tools(self):
        self.w('<div class="share">分享到：<a href="javascript:void(0)" class="wx">微信</a>'
               '<a href="javascript:void(0)" class="wb">微博</a></div>')
        self.w('<div class="print"><a href="javascript:window.print()">【打印本页】</a>'
               '<a href="javascript:window.close()">【关闭窗口】</a></div>')
        self.w('<div class="pager">上一篇：<a href="/%s/t1.html">%s</a><br>下一篇：<a href="/%s/t2.html">%s</a></div>'
               % (self.col[0], self.r.pick(TOPICS), self.col[0], self.r.pick(TOPICS)))

    def article(self, size):
        title = self.r.pick(TOPICS)
        date = "%d-%02d-%02d" % (self.year, self.month, self.day)
        metas = self.site_metas(self.sub[1], self.sub[1])
        if self.r.chance(70):
            metas += [("ArticleTitle", title), ("PubDate", date + " 10:%02d" % self.r.below(60)),
                      ("ContentSource", self.site + "办公室")]
        if self.r.chance(30):
            metas.append(("Keywords", "，".join(self.r.pick(PHRASES) for _ in range(3))))
        self.begin("%s_%s_%s" % (title, self.sub[1], self.site), metas)
        self.crumb("正文" if self.r.chance(30) else None)
        close = self.open_wraps()
        self.w('<div class="%s">' % self.cls(self.r.pick(["main", "article", "detail", "content-wrap"])))
        tag = self.r.pick(["h1", "h2", "div class=\"title\"", "div class=\"wzbt\"", "td class=\"biaoti\""])
        if tag.startswith("td"):
            self.w("<table><tr><%s>%s</td></tr></table>" % (tag, title))
        else:
            self.w("<%s>%s</%s>" % (tag, title, tag.split()[0]))
        if self.r.chance(30):
            self.w('<div class="subtitle"><h3>——%s</h3></div>' % self.r.pick(PHRASES))
        self.info_line(date)
        self.article_body(size)
        self.tools()
        self.w("</div>")
        self.w(close)
        self.sidebar(self.r.range(8, 30))
        self.end()

    def list_page(self, n):
        metas = self.site_metas(self.sub[1], self.sub[1]) + [
            ("ColumnDescription", self.sub[1] + "栏目"), ("ColumnKeywords", self.sub[1])]
        self.begin("%s_%s" % (self.sub[1], self.site), metas)
        self.crumb()
        self.sidebar(self.r.range(5, 15))
        close = self.open_wraps()
        table = self.r.chance(30)
        self.w('<div class="%s">' % self.cls(self.r.pick(["list", "news_list", "xxgk_list", "lmlist"])))
        self.w("<table>" if table else "<ul>")
        for i in range(n):
            t = self.r.pick(TOPICS) + ("（%d）" % i if self.r.chance(50) else "")
            href = self.url("/%s/%s/%d%02d/t%s_%d.html" % (self.col[0], self.sub[0], self.year, self.r.range(1, 12), self.date(""), 5000 + i))
            d = self.date()
            if table:
                self.w('<tr><td><a href="%s" title="%s" target="_blank">%s</a></td><td>%s</td></tr>' % (href, t, t[:16] + "...", d))
            else:
                self.w('<li><span class="date">%s</span><a href="%s" title="%s" target="_blank">%s</a></li>' % (d, href, t, t))
            if self.rand:
                self.noise()
        self.w("</table>" if table else "</ul>")
        self.w('<div class="pagination">共%d条 <a href="index.html">首页</a> <a href="index_1.html">下一页</a> '
               '<a href="index_%d.html">尾页</a></div></div>' % (n * 7, self.r.range(2, 40)))
        self.w(close)
        self.end()

    def guide(self):
        svc = self.r.pick(SERVICES)
        metas = self.site_metas("办事指南", "办事指南")
        self.begin("%s办事指南_%s" % (svc, self.site), metas)
        self.crumb()
        close = self.open_wraps()
        self.w('<div class="%s"><h2>%s</h2>' % (self.cls("bszn_content"), svc))
        labels = [("事项名称", svc), ("设定依据", "《" + self.r.pick(PHRASES) + "条例》第%d条" % self.r.range(1, 80)),
                  (self.r.pick(["申请条件", "受理条件"]), self.sentence()),
                  (self.r.pick(["办理材料", "申请材料", "所需材料"]), "1.申请表；2.身份证明；3.%s" % self.r.pick(PHRASES)),
                  ("办理地点", self.place + "市民中心%d号窗口" % self.r.range(1, 60)),
                  ("办理时间", "工作日上午9:00-12:00，下午13:30-17:00"),
                  (self.r.pick(["办理时限", "承诺时限", "法定时限"]), "%d个工作日" % self.r.range(1, 20)),
                  (self.r.pick(["收费标准", "是否收费"]), self.r.pick(["不收费", "按规定收取工本费"])),
                  (self.r.pick(["咨询电话", "联系电话"]), "0571-%08d" % self.r.below(10 ** 8)),
                  ("监督投诉", "12345")]
        style = self.r.below(3)
        if style == 0:
            self.w("<table>")
            for k, v in labels:
                self.w("<tr><th>%s</th><td>%s</td></tr>" % (k, v))
            self.w("</table>")
        elif style == 1:
            self.w("<dl>")
            for k, v in labels:
                self.w("<dt>%s：</dt><dd>%s</dd>" % (k, v))
            self.w("</dl>")
        else:
            for k, v in labels:
                self.w("<p>%s：%s</p>" % (k, v))
        self.w("</div>")
        self.w(close)
        self.sidebar(self.r.range(5, 15))
        self.end()

    def messages(self, n):
        metas = self.site_metas("咨询投诉", "互动交流")
        self.begin("咨询投诉_%s" % self.site, metas)
        self.crumb()
        close = self.open_wraps()
        self.w('<div class="%s"><table><tr><th>信件标题</th><th>来信时间</th><th>办理状态</th><th>回复时间</th></tr>'
               % self.cls("hdjl_list"))
        for i in range(n):
            self.w('<tr><td><a href="/hdjl/%d/xj_%d.html">关于%s的咨询</a></td><td>%s</td><td>%s</td><td>%s</td></tr>'
                   % (self.year, 9000 + i, self.r.pick(PHRASES), self.date(), self.r.pick(STATUSES), self.date()))
        self.w("</table></div>")
        if self.r.chance(50):
            self.w('<form class="xjform"><input name="title"><textarea name="content"></textarea></form>')
        self.w(close)
        self.end()

    def home(self):
        metas = self.site_metas()
        self.begin(self.site, metas)
        for b in range(self.r.range(4, 9)):
            close = self.open_wraps()
            code, label = self.r.pick(COLUMNS)
            self.w('<div class="%s"><div class="tit"><span>%s</span><a href="/%s/">更多&gt;&gt;</a></div><ul>'
                   % (self.cls("news-box"), label, code))
            for i in range(self.r.range(6, 12)):
                self.w('<li><a href="/%s/t%s_%d.html">%s</a><span>%s</span></li>'
                       % (code, self.date(""), i, self.r.pick(TOPICS), self.date()))
            self.w("</ul></div>")
            self.w(close)
            self.noise()
        self.end()

    def site_metas(self, column=None, column_type=None):
        """The government tags every page carries, and the column's when it has one."""
        metas = [("SiteName", self.site), ("SiteDomain", self.host),
                 ("SiteIDCode", "%010d" % (3301000000 + self.index))]
        if column:
            metas += [("ColumnName", column), ("ColumnType", column_type)]
        return metas

    def begin(self, title, metas):
        self.head(title, metas, self.decl)
        self.w('<body class="%s">\n' % self.r.pick(["", "index", "article-page", "gray"]))
        self.header()
        self.nav(self.menus)

    def end(self):
        self.footer()
        self.w("\n</body>\n</html>\n")


def make(rng, rand, index):
    p = Page(rng, rand, index)
    enc = rng.pick(["utf-8", "utf-8", "utf-8", "gbk", "gbk"])
    p.label = {"utf-8": rng.pick(["utf-8", "UTF-8"]), "gbk": rng.pick(["gb2312", "gbk", "GBK", "gb18030"])}[enc]
    p.decl = rng.pick(["meta-http", "meta-http", "meta", "none"] if enc == "gbk" or rand else ["meta-http", "meta"])
    ctype = "-"
    if rng.chance(20):
        ctype = "text/html; charset=%s" % p.label
    elif rand and rng.chance(5):
        # A template copied from another site: the label says gb2312 over UTF-8 bytes.
        if enc == "utf-8":
            p.label = "gb2312"
    # Real portals: 20-150 KB, most of it the menu; the scale of the menu sets the size.
    p.menus = rng.range(2, 45)
    kind = rng.pick(["article", "article", "article", "list", "list", "guide", "messages", "home"])
    if kind == "article":
        p.article(rng.range(3, 40))
    elif kind == "list":
        p.list_page(rng.range(10, 60))
    elif kind == "guide":
        p.guide()
    elif kind == "messages":
        p.messages(rng.range(8, 30))
    else:
        p.home()
    html = "".join(p.out)
    data = html.encode("gb18030" if enc == "gbk" else "utf-8", errors="replace")
    if kind == "home":
        url = "http://%s/" % p.host
    else:
        url = "http://%s/%s/%s/%d%02d/t%d%02d%02d_%d.html" % (p.host, p.col[0], p.sub[0], p.year, p.month,
                                                          p.year, p.month, p.day, 10000 + index)
    return "%04d-%s-%s.html" % (index, kind, enc), data, url, ctype


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--random", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = Rng(a.seed)
    with open(os.path.join(a.out, "manifest.tsv"), "w", encoding="utf-8") as man:
        for i in range(a.count):
            name, data, url, ctype = make(rng, a.random, i)
            with open(os.path.join(a.out, name), "wb") as f:
                f.write(data)
            man.write("%s\t%s\t%s\n" % (name, url, ctype))


if __name__ == "__main__":
    main()
