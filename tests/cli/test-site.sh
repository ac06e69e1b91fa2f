#!/bin/sh
# govaudit audit: usage errors, bad input, a mirror folder end to end, JSON and HTML output.
set -u
ga=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

# Usage and input errors exit 2 with a message naming the problem.
"$ga" audit >/dev/null 2>"$tmp/err"; expect no-crawl 2 $?
contains no-crawl "$tmp/err" "CRAWL"
"$ga" audit --date 2023-13-40 "$tmp" >/dev/null 2>"$tmp/err"; expect bad-date 2 $?
"$ga" audit --bogus "$tmp" >/dev/null 2>"$tmp/err"; expect bad-option 2 $?
"$ga" audit --date 2023-08-15 "$tmp/none.warc.gz" >/dev/null 2>"$tmp/err"; expect missing 2 $?
contains missing "$tmp/err" "none.warc.gz"
printf 'not a warc file at all\n' >"$tmp/junk.warc"
"$ga" audit --date 2023-08-15 "$tmp/junk.warc" >/dev/null 2>"$tmp/err"; expect junk 2 $?
contains junk "$tmp/err" "no HTML page"
"$ga" audit --date 2023-08-15 --profile "$tmp/none.json" "$tmp/junk.warc" >/dev/null 2>"$tmp/err"
expect bad-profile 2 $?

# A mirror folder as wget --mirror writes it: HOST/PATH.
m="$tmp/mirror/www.example.gov.cn"
mkdir -p "$m/xw/202308"
cat >"$m/index.html" <<'HTML'
<html><head><meta charset="utf-8"><title>示例县人民政府</title>
<meta name="SiteName" content="示例县人民政府"><meta name="SiteIDCode" content="1234560001"></head>
<body><div><a href="/xw/">新闻动态</a> <a href="/hd/">领导信箱</a></div>
<ul><li><a href="/xw/202308/t20230810_1.html">县政府召开优化营商环境工作推进会</a></li></ul>
<a href="/xw/old.html">旧文章</a><a href="/gg/index.html">公示公告</a>
<div class="foot">示例县人民政府办公室主办　网站标识码：1234560001</div></body></html>
HTML
mkdir -p "$m/gg"
cat >"$m/gg/index.html" <<'HTML'
<html><head><meta charset="utf-8"><title>公示公告</title></head>
<body><div class="position">当前位置：<a href="/">首页</a> &gt; 公示公告</div><div class="list"><p>暂无信息</p></div>
<div class="foot">示例县人民政府办公室主办　网站标识码：1234560001</div></body></html>
HTML
cat >"$m/xw/index.html" <<'HTML'
<html><head><meta charset="utf-8"><title>新闻动态</title><meta name="ColumnName" content="新闻动态"></head>
<body><div class="crumb">当前位置：<a href="/">首页</a> &gt; 新闻动态</div><div class="list"><ul>
<li><a href="/xw/202308/t20230810_1.html">县政府召开优化营商环境工作推进会</a><span>2023-08-10</span></li>
<li><a href="/xw/202308/t20230801_2.html">全县乡村振兴工作部署会议召开</a><span>2023-08-01</span></li>
<li><a href="/xw/202307/t20230720_3.html">县领导赴基层开展安全生产专题调研</a><span>2023-07-20</span></li>
</ul></div></body></html>
HTML
cat >"$m/xw/202308/t20230810_1.html" <<'HTML'
<html><head><meta charset="utf-8"><title>县政府召开优化营商环境工作推进会</title>
<meta name="ColumnName" content="新闻动态"><meta name="ArticleTitle" content="县政府召开优化营商环境工作推进会">
<meta name="PubDate" content="2023-08-10 09:00"></head><body><div class="article"><h1>县政府召开优化营商环境工作推进会</h1>
<div class="content"><p>会议要求，各单位要再接再励，一如既往地抓好各项工作，确保年度目标任务圆满完成，为全县经济社会高质量发展作出新的更大贡献。</p></div></div></body></html>
HTML
"$ga" audit --date 2023-08-15 --json "$tmp/mirror" >"$tmp/m.json" 2>"$tmp/err"; expect mirror 0 $?
contains mirror "$tmp/m.json" '"site":"示例县人民政府"'
contains mirror "$tmp/m.json" '"date":"2023-08-15"'
contains mirror "$tmp/m.json" '"name":"新闻动态","type":"news"'
contains mirror "$tmp/m.json" '"owner":"示例县人民政府办公室"'
contains mirror "$tmp/m.json" '"name":"公示公告","type":"notice","level":1,"url":"http://www.example.gov.cn/gg/index.html","lists":1,"items":0'
contains mirror "$tmp/m.json" '"days_since":null,"blank":true'
contains mirror "$tmp/m.json" '"text":"再接再励"'
contains mirror "$tmp/m.json" '"url":"http://www.example.gov.cn/xw/old.html","status":0'
"$ga" audit --date 2023-08-15 --html "$tmp/r.html" "$m" >"$tmp/out" 2>"$tmp/err"; expect html 0 $?
contains html "$tmp/out" "HTML report: $tmp/r.html"
contains html "$tmp/out" "verdict:"
contains html "$tmp/r.html" "<mark>再接再励</mark>"
"$ga" audit --date 2023-08-15 --pretty "$m" >"$tmp/p.json" 2>"$tmp/err"; expect pretty 0 $?
contains pretty "$tmp/p.json" '  "site": "示例县人民政府",'
"$ga" summary --json "$tmp/m.json" >"$tmp/s.json" 2>"$tmp/err"; expect summary 0 $?
contains summary "$tmp/s.json" '"checked":1'
"$ga" audit --date 2023-08-15 --html "$tmp/b.html" "$m" "$tmp/mirror" >/dev/null 2>"$tmp/err"
expect batch 0 $?
contains batch "$tmp/b.html" "合格率"

finish
