#!/bin/sh
# govaudit dedup: clusters and their kinds from JSON lines, --json shape, exit statuses.
set -u
ga=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

# A crawl: a 一稿多发 pair (two columns), a 转载 with 来源, an unattributed copy, a repeat in
# one column 90 days later, and unrelated articles.
/usr/bin/python3 - "$tmp/crawl.jsonl" <<'PY'
import json, random, sys
words = ("市政府 召开 常务会议 研究 部署 安全生产 工作 会议 强调 坚持 人民 至上 生命 各地区 各部门 "
         "压紧 压实 责任 深入 推进 改革 优化 营商 环境 全面 推行 一网通办 提升 政务 服务 效能 加强 "
         "基层 医疗 卫生 体系 建设 扎实 做好 稳就业 保民生 乡村 振兴 战略 加快 农业 农村 现代化 持续 "
         "改善 生态 质量 污染 防治 攻坚战 强化 财政 资金 监管 提高 使用 效益 防汛 抗旱 准备 确保").split()
def article(seed):
    r = random.Random(seed)
    paras = []
    for p in range(6):
        paras.append("".join("".join(r.choice(words) for _ in range(r.randint(5, 12))) + "。"
                             for _ in range(4)))
    return paras
a, b, c, d = article(1), article(2), article(3), article(4)
def doc(i, site, col, date, paras, source=None, head="", foot="\n责任编辑：张三\n【打印本页】【关闭窗口】"):
    o = {"id": i, "site": site, "column": col, "url": "http://%s/%s.html" % (site, i),
         "date": date, "title": "标题" + i, "text": head + "\n".join(paras) + foot}
    if source: o["source"] = source
    return json.dumps(o, ensure_ascii=False)
out = [
    doc("a1", "www.a.gov.cn", "通知公告", "2023-03-01", a),
    doc("a2", "www.a.gov.cn", "工作动态", "2023-03-02", a[:5] + ["新增段落说明。"] + a[5:],
        head="发布时间：2023-03-02 浏览次数：12\n"),
    doc("b1", "www.a.gov.cn", "要闻", "2023-04-01", b),
    doc("b2", "www.b.gov.cn", "转载", "2023-04-03", b[1:2] + b[0:1] + b[2:], source="www.a.gov.cn"),
    doc("c1", "www.a.gov.cn", "要闻", "2023-05-01", c),
    doc("c2", "www.c.gov.cn", "要闻", "2023-05-03", c),
    doc("d1", "www.a.gov.cn", "政策", "2023-01-01", d),
    doc("d2", "www.a.gov.cn", "政策", "2023-04-01", d),
] + [doc("u%d" % k, "www.a.gov.cn", "动态", "2023-02-01", article(100 + k)) for k in range(10)]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY

"$ga" dedup --json "$tmp/crawl.jsonl" >"$tmp/out" 2>"$tmp/err"; expect dedup-json 0 $?
lines dedup-json "$tmp/out" 4
contains multi-post "$tmp/out" '{"ids":["a1","a2"],"kind":"一稿多发"'
contains multi-post-evidence "$tmp/out" '"earlier":"a1","later":"a2"'
contains multi-post-evidence "$tmp/out" '"relation":"other-column"'
contains repost "$tmp/out" '{"ids":["b1","b2"],"kind":"转载"'
contains repost-evidence "$tmp/out" '"relation":"attributed"'
contains duplicate "$tmp/out" '{"ids":["c1","c2"],"kind":"duplicate","similarity":1'
contains outside-window "$tmp/out" '{"ids":["d1","d2"],"kind":"duplicate"'
contains outside-window "$tmp/out" '"relation":"same-column-outside-window"'
lacks unrelated "$tmp/out" '"u1"'
/usr/bin/python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    assert set(o) >= {"ids", "kind", "similarity"}, o
    assert 0.8 <= o["similarity"] <= 1, o
' "$tmp/out"; expect json-lines 0 $?

# the window: 100 days makes the repeat in one column 一稿多发
"$ga" dedup --json --window 100 "$tmp/crawl.jsonl" >"$tmp/out"; expect window 0 $?
contains window "$tmp/out" '{"ids":["d1","d2"],"kind":"一稿多发"'
# plain output and standard input
"$ga" dedup - <"$tmp/crawl.jsonl" >"$tmp/out"; expect plain 0 $?
contains plain "$tmp/out" "duplicate 1.000 d1 d2"
contains plain "$tmp/out" "一稿多发 0.9"
lacks plain "$tmp/out" '{'
# a threshold of 1 keeps only identical copies
"$ga" dedup --threshold 1 "$tmp/crawl.jsonl" >"$tmp/out"; expect threshold 0 $?
lacks threshold "$tmp/out" "a1 a2"
contains threshold "$tmp/out" "c1 c2"
# containment: a repost with three sentences added (Jaccard 0.74) is a copy by default, not
# with --containment 0; a bad value is refused
fx="$(dirname "$0")/../fixtures/dedup"
"$ga" dedup "$fx/contained.jsonl" >"$tmp/out"; expect containment 0 $?
contains containment "$tmp/out" "orig repost"
"$ga" dedup --containment 0 "$fx/contained.jsonl" >"$tmp/out"; expect containment-off 0 $?
lacks containment-off "$tmp/out" "orig repost"
"$ga" dedup --containment 1.5 "$fx/contained.jsonl" >/dev/null 2>&1; expect bad-containment 2 $?
# --save writes an index
"$ga" dedup --save "$tmp/idx" "$tmp/crawl.jsonl" >/dev/null; expect save 0 $?
test -s "$tmp/idx"; expect save-file 0 $?

# bad input: file and line named
printf '{"id":"x","text":"一"}\n{"id":"y",\n' >"$tmp/bad.jsonl"
"$ga" dedup "$tmp/bad.jsonl" >/dev/null 2>"$tmp/err"; expect bad-json 2 $?
contains bad-json "$tmp/err" "bad.jsonl:2:"
printf '{"id":"x"}\n' >"$tmp/bad2.jsonl"
"$ga" dedup "$tmp/bad2.jsonl" >/dev/null 2>"$tmp/err"; expect no-text 2 $?
contains no-text "$tmp/err" 'bad2.jsonl:1: missing "text"'
printf '{"id":"x","text":"ok"}\n\n{"id":"y","text":"\\u00e9\xff"}\n' >"$tmp/bad3.jsonl"
"$ga" dedup "$tmp/bad3.jsonl" >/dev/null 2>"$tmp/err"; expect bad-utf8 2 $?
contains bad-utf8 "$tmp/err" "bad3.jsonl:3:"
"$ga" dedup --threshold 2 "$tmp/crawl.jsonl" >/dev/null 2>&1; expect bad-threshold 2 $?
"$ga" dedup >/dev/null 2>&1; expect no-file 2 $?
"$ga" dedup "$tmp/missing.jsonl" >/dev/null 2>"$tmp/err"; expect missing 2 $?
contains missing "$tmp/err" "missing.jsonl"
# a byte order mark and CRLF line ends are accepted
{ printf '\357\273\277'; sed 's/$/\r/' "$tmp/crawl.jsonl"; } >"$tmp/bom.jsonl"
"$ga" dedup "$tmp/bom.jsonl" >"$tmp/out"; expect bom-crlf 0 $?
contains bom-crlf "$tmp/out" "c1 c2"
: >"$tmp/empty.jsonl"
"$ga" dedup --json "$tmp/empty.jsonl" >"$tmp/out"; expect empty 0 $?
lines empty "$tmp/out" 0

finish
