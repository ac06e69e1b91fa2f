#!/usr/bin/env python3
"""Generate the demo government site: 青禾市人民政府 (a fictional city written for this project).

    generate.py OUTDIR [--date YYYY-MM-DD] [--port N] [--articles N] [--warc FILE]

--articles N scales the columns to about N articles in all (the benchmark's large crawl;
the planted defects stay); --warc FILE also writes the site as a WARC file (one gzip member
per response record, as wget writes them), the server's view of it without a server. With
OUTDIR "-" only the WARC file is written.

Deterministic: the same arguments give the same bytes. Every date is relative to the
audit date (default 2023-08-15) so the site's defects hold for that date:

- columns of the usual types with list pages and article pages, government meta tags on
  most pages (the 政策文件 column uses an older GBK template without content tags);
- 部门动态 and 乡镇动态 not updated for more than two weeks, 政策文件 not for more than
  six months, 财政资金 blank;
- one article posted again in a second column (一稿多发);
- a few wrong and outdated expressions (过时表述, 错别字, 发文字号 brackets);
- a broken internal link, a dead external link (a 404 on another host name for the same
  server, localhost:PORT) and a live one.

Only the standard library is used, so any Python 3 runs it.
"""
import argparse
import datetime as dt
import gzip
import os
import random
import uuid

SITE = "青禾市人民政府"
SITE_ID = "3309990001"
DOMAIN = "www.qinghe.gov.cn"

# (path, name, ColumnType, days since the newest item, item count, template)
COLUMNS = [
    ("zwyw", "政务要闻", "工作动态", 1, 14, "utf8"),
    ("bmdt", "部门动态", "工作动态", 31, 8, "utf8"),
    ("xzdt", "乡镇动态", "工作动态", 22, 6, "utf8"),
    ("tzgg", "通知公告", "通知公告", 9, 7, "utf8"),
    ("zcwj", "政策文件", "政策文件", 203, 5, "gbk"),
    ("zcjd", "政策解读", "政策解读", 41, 4, "utf8"),
    ("rsxx", "人事信息", "人事信息", 63, 3, "utf8"),
    ("ghjh", "规划计划", "规划计划", 98, 3, "utf8"),
    ("czzj", "财政资金", "财政预决算", None, 0, "utf8"),
    ("hdjl", "互动交流", "咨询投诉", 5, 4, "utf8"),
]

TOPICS = ["优化营商环境", "乡村振兴", "安全生产", "生态环境保护", "数字政府建设", "民生实事",
          "防汛抗旱", "就业创业", "城市更新", "政务公开", "基层治理", "科技创新"]
OPENINGS = [
    "{date}，市政府召开{topic}专题会议，研究部署下一阶段重点工作。",
    "近日，市{dept}围绕{topic}开展专项调研，深入企业、社区和村组了解情况。",
    "为深入贯彻落实省委、省政府关于{topic}的决策部署，{date}，我市召开推进会。",
    "{date}上午，市长主持召开市政府常务会议，听取{topic}工作情况汇报。",
]
BODY = [
    "会议指出，要坚持以人民为中心的发展思想，把{topic}作为重要抓手，切实增强群众的获得感、幸福感、安全感。",
    "会议强调，各地各部门要压实责任，细化措施，确保各项任务按时保质完成。",
    "今年以来，全市累计完成投资{num}亿元，同比增长{pct}%，主要指标保持稳中有进的良好态势。",
    "{dept}负责同志介绍，下一步将聚焦企业和群众关切，持续推进“一网通办”和“放管服”改革。",
    "调研中，大家一致认为，要把问题找准、把原因查清，做到举一反三、标本兼治。",
    "据统计，上半年全市新增市场主体{num}户，办理政务服务事项{num2}件，办结率达到{pct}%。",
    "会议要求，要加强统筹协调，建立健全工作台账，实行清单化管理、项目化推进。",
    "各乡镇（街道）要结合实际，抓好政策宣传解读，引导群众积极参与。",
    "与会人员围绕{topic}中的难点堵点问题进行了深入交流，提出了意见建议。",
    "下一步，我市将继续保持定力，久久为功，推动{topic}工作取得新的更大成效。",
]
DEPTS = ["发展改革委", "住房城乡建设局", "农业农村局", "生态环境局", "应急管理局", "人力资源社会保障局",
         "数据资源管理局", "市场监督管理局", "财政局", "教育局"]

# Wording defects planted in specific articles: (column, index, sentence).
DEFECTS = [
    ("zwyw", 3, "会议传达了原国家工商行政管理总局有关文件精神，要求各部门认真抓好落实。"),
    ("zwyw", 5, "各单位要再接再励，一如继往地抓好各项工作。"),
    ("tzgg", 1, "根据《关于进一步做好政务公开工作的通知》（青政办发[2023]12号）要求，现将有关事项通知如下。"),
    ("zcjd", 0, "本政策由市环境保护局负责解释，自发布之日起施行。"),
]


def rng_for(*key):
    return random.Random("|".join(str(k) for k in key))


def article_text(col, idx, date):
    r = rng_for("text", col, idx)
    topic = r.choice(TOPICS)
    dept = r.choice(DEPTS)
    fill = lambda s: s.format(date=f"{date.month}月{date.day}日", topic=topic, dept=dept,
                              num=r.randint(12, 980), num2=r.randint(1000, 98000),
                              pct=f"{r.randint(50, 999) / 10:.1f}")
    paras = [fill(r.choice(OPENINGS))]
    for _ in range(r.randint(4, 7)):
        paras.append(fill(r.choice(BODY)))
    for dcol, didx, sentence in DEFECTS:
        if dcol == col and didx == idx:
            paras.insert(2, sentence)
    title = f"{topic}{r.choice(['工作推进会召开', '专题调研活动开展', '取得阶段性成效', '工作部署会议召开'])}"
    return title, paras, dept


def head(title, meta, charset):
    metas = "\n".join(f'<meta name="{k}" content="{v}">' for k, v in meta.items())
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_{SITE}</title>
{metas}
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<div class="top"><a href="/">{SITE}</a> | <a href="/sitemap.html">网站地图</a> | <a href="/hdjl/index.html">我为政府网站找错</a></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li>
""" + "\n".join(f'<li><a href="/{p}/index.html">{n}</a></li>' for p, n, *_ in COLUMNS) + """
</ul></div>
"""


FOOT = f"""<div class="footer">
<p>主办：{SITE}办公室　承办：青禾市大数据中心</p>
<p>网站标识码：{SITE_ID}　浙ICP备00000000号</p>
<p><a href="/about.html">关于本站</a> | <a href="/sitemap.html">网站地图</a> | <a href="/about.html">联系我们</a></p>
</div>
</body>
</html>
"""


def site_meta():
    return {"SiteName": SITE, "SiteDomain": DOMAIN, "SiteIDCode": SITE_ID}


def column_meta(name, ctype):
    return {"ColumnName": name, "ColumnDescription": f"{SITE}{name}栏目",
            "ColumnKeywords": name, "ColumnType": ctype}


MEMORY = None  # rel path -> bytes when OUTDIR is "-"


def write(out, rel, html, charset):
    if MEMORY is not None:
        MEMORY[rel] = html.encode("gb18030" if charset == "gbk" else "utf-8")
        return
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(html.encode("gb18030" if charset == "gbk" else "utf-8"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--date", default="2023-08-15")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--articles", type=int, default=0)
    ap.add_argument("--warc")
    a = ap.parse_args()
    base = sum(c[4] for c in COLUMNS)
    scale = max(1.0, a.articles / base) if a.articles else 1.0
    today = dt.date.fromisoformat(a.date)
    out = a.out
    global MEMORY
    if out == "-":
        if not a.warc:
            ap.error('OUTDIR "-" needs --warc')
        MEMORY = {}
    articles = {}  # column path -> [(url, title, datetime)]

    for path, name, ctype, newest, count, tpl in COLUMNS:
        count0 = count
        count = int(round(count * scale))
        charset = "gb2312" if tpl == "gbk" else "utf-8"
        items = []
        for i in range(count):
            r = rng_for("date", path, i)
            days = newest + i * r.randint(3, 9)
            when = dt.datetime.combine(today - dt.timedelta(days=days),
                                       dt.time(r.randint(8, 17), r.choice([0, 15, 30, 45])))
            serial = 100 + i + 37 * COLUMNS.index((path, name, ctype, newest, count0, tpl))
            url = f"/{path}/{when:%Y%m}/t{when:%Y%m%d}_{serial}.html"
            title, paras, dept = article_text(path, i, when.date())
            if path == "bmdt" and i == 1:
                # 一稿多发: 政务要闻's second article again, word for word, as a new post.
                src = articles["zwyw"][1]
                title, paras = src[1], src[3]
            source = f"市{dept}" if path != "zwyw" else "青禾日报"
            meta = site_meta() | column_meta(name, ctype)
            if tpl == "utf8":
                meta |= {"ArticleTitle": title, "PubDate": f"{when:%Y-%m-%d %H:%M}",
                         "ContentSource": source, "Keywords": name, "Author": "信息科"}
            body = "\n".join(f"<p>{p}</p>" for p in paras)
            if path == "zwyw" and i == 2:
                body += '\n<p>附件：<a href="/zwyw/202306/t20230601_999.html">相关政策文件汇编</a></p>'
            if tpl == "utf8":
                info = f'<div class="info">发布时间：{when:%Y-%m-%d %H:%M}　来源：{source}　<span class="share">分享到：微信 微博</span></div>'
            else:
                info = f'<div class="info">日期：{when:%Y年%m月%d日}　信息来源：{source}</div>'
            html = head(title, meta, charset) + f"""<div class="crumb">您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/{path}/index.html">{name}</a> &gt;&gt; 正文</div>
<div class="article">
<h1 class="title">{title}</h1>
{info}
<div class="content" id="zoom">
{body}
</div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="editor">责任编辑：王明</div>
</div>
""" + FOOT
            write(out, url.lstrip("/"), html, tpl)
            items.append((url, title, when, paras))
        articles[path] = items
        # List page(s): ten items a page.
        pages = [items[k:k + 10] for k in range(0, max(len(items), 1), 10)] or [[]]
        for pno, chunk in enumerate(pages):
            lis = "\n".join(f'<li><a href="{u}" title="{t}">{t}</a><span class="date">{w:%Y-%m-%d}</span></li>'
                            for u, t, w, _ in chunk)
            if not chunk:
                lis = ""
            pager = ""
            if len(pages) > 1:
                # The first, the last and the five pages either side, as CMS pagers show them.
                ks = sorted({0, len(pages) - 1} | set(range(max(0, pno - 5), min(len(pages), pno + 6))))
                pager = "<div class=\"pager\">" + " ".join(
                    f'<a href="index{"" if k == 0 else "_" + str(k)}.html">{k + 1}</a>' for k in ks) + "</div>"
            html = head(name, site_meta() | column_meta(name, ctype), charset) + f"""<div class="crumb">当前位置：<a href="/">首页</a> &gt; {name}</div>
<div class="list"><h2>{name}</h2>
<ul>
{lis}
</ul>
{pager}
</div>
""" + FOOT
            write(out, f"{path}/index{'' if pno == 0 else '_' + str(pno)}.html", html, tpl)

    # Home page: the newest items of the news and notice columns, links to every column.
    newest = sorted((it for p in ("zwyw", "tzgg", "bmdt") for it in articles[p]), key=lambda it: it[2], reverse=True)[:8]
    lis = "\n".join(f'<li><a href="{u}">{t}</a><span>{w:%m-%d}</span></li>' for u, t, w, _ in newest)
    friends = f"""<div class="links"><h3>友情链接</h3>
<a href="http://localhost:{a.port}/old-portal/index.html">青禾市旧版门户</a>
<a href="http://localhost:{a.port}/ext/zwfw.html">青禾市政务服务网</a></div>"""
    html = head("首页", site_meta(), "utf-8").replace(f"<title>首页_{SITE}</title>", f"<title>{SITE}</title>") + f"""<div class="home">
<div class="news"><h2>要闻动态</h2><ul>
{lis}
</ul></div>
{friends}
</div>
""" + FOOT
    write(out, "index.html", html, "utf8")
    write(out, "about.html", head("关于本站", site_meta(), "utf-8") + "<div class=\"content\"><p>本站是青禾市人民政府门户网站。</p></div>" + FOOT, "utf8")
    write(out, "sitemap.html", head("网站地图", site_meta(), "utf-8") + "<div class=\"content\"><ul>" +
          "".join(f'<li><a href="/{p}/index.html">{n}</a></li>' for p, n, *_ in COLUMNS) + "</ul></div>" + FOOT, "utf8")
    # The live "external" site behind the second link: one page without links, so a crawl
    # that spans to it records its status and goes no further.
    write(out, "ext/zwfw.html", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>青禾市政务服务网</title></head>"
          "<body><p>青禾市政务服务网</p></body></html>", "utf8")
    css = "body{font-family:sans-serif;margin:0 auto;max-width:960px}.nav li{display:inline;margin:0 6px}\n"
    if MEMORY is not None:
        MEMORY["css/site.css"] = css.encode()
    else:
        os.makedirs(os.path.join(out, "css"), exist_ok=True)
        with open(os.path.join(out, "css", "site.css"), "w") as f:
            f.write(css)
    if a.warc:
        write_warc(out, a.warc, a.port, today)


def warc_record(f, uri, http, when):
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <{uri}>\r\n"
            f"WARC-Date: {when}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri)}>\r\n"
            f"Content-Type: application/http;msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    f.write(gzip.compress(head.encode() + http + b"\r\n\r\n", mtime=0))


def write_warc(out, path, port, today):
    """The site as served on 127.0.0.1:PORT, and the two missing pages as 404s."""
    when = f"{today:%Y-%m-%d}T08:00:00Z"
    host = f"http://127.0.0.1:{port}"
    with open(path, "wb") as f:
        if MEMORY is not None:
            files = list(MEMORY)
        else:
            files = []
            for d, _, names in os.walk(out):
                files += [os.path.relpath(os.path.join(d, n), out) for n in names]
        for rel in sorted(files, key=lambda r: (r != "index.html", r)):
            body = MEMORY[rel] if MEMORY is not None else open(os.path.join(out, rel), "rb").read()
            ctype = "text/css" if rel.endswith(".css") else "text/html"
            uri = host + "/" + ("" if rel == "index.html" else rel.replace(os.sep, "/"))
            if rel.startswith("ext" + os.sep):
                uri = f"http://localhost:{port}/" + rel.replace(os.sep, "/")
            http = (f"HTTP/1.0 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
            warc_record(f, uri, http, when)
        for uri in (host + "/zwyw/202306/t20230601_999.html", f"http://localhost:{port}/old-portal/index.html"):
            body = b"<html><body>404 Not Found</body></html>"
            http = (f"HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
            warc_record(f, uri, http, when)


if __name__ == "__main__":
    main()
