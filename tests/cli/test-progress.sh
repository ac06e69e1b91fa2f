#!/bin/sh
# --progress and --no-progress of audit, dedup, notice and probe: progress lines on standard
# error while standard output stays the same parseable JSON; off by default when standard
# error is not a terminal, one line redrawn with \r when it is. Probes go to the local
# servers of tests/fixtures/probe/server.py; nothing leaves the machine.
set -u
ga=$1
tmp=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/testlib.sh"

probe_servers "$tmp" # removes $tmp at exit
http=$(port http)

json_doc() { # json_doc NAME FILE: the file is one JSON document
    if /usr/bin/python3 -c 'import json,sys; json.load(sys.stdin)' <"$2"; then pass
    else fail "$1: not one JSON document:"; head -c 600 "$2"; fi
}
json_lines() { # json_lines NAME FILE N: N lines, each a JSON object
    if /usr/bin/python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == int(sys.argv[2]) and all(isinstance(r, dict) for r in rows), len(rows)
' "$2" "$3"; then pass; else fail "$1: not $3 JSON lines:"; head -c 600 "$2"; fi
}
no_cr() { # no_cr NAME FILE: plain lines, no carriage return or escape
    if tr -d '\n' <"$2" | grep -q "$(printf '[\r\033]')"; then fail "$1: terminal codes in:"; cat "$2"
    else pass; fi
}
empty() { # empty NAME FILE
    if [ -s "$2" ]; then fail "$1: not empty:"; cat "$2"; else pass; fi
}

# A mirror of a small site: a home page, a column, two articles copying one another.
m="$tmp/mirror/www.example.gov.cn"
mkdir -p "$m/xw"
cat >"$m/index.html" <<'HTML'
<html><head><meta charset="utf-8"><title>示例县人民政府</title>
<meta name="SiteName" content="示例县人民政府"></head>
<body><a href="/xw/">新闻动态</a> <a href="/xw/a1.html">推进会</a> <a href="/xw/gone.html">旧文</a></body></html>
HTML
cat >"$m/xw/index.html" <<'HTML'
<html><head><meta charset="utf-8"><title>新闻动态</title><meta name="ColumnName" content="新闻动态"></head>
<body><ul><li><a href="/xw/a1.html">县政府召开优化营商环境工作推进会</a><span>2023-08-10</span></li>
<li><a href="/xw/a2.html">县政府召开优化营商环境工作推进会</a><span>2023-08-11</span></li></ul></body></html>
HTML
for a in a1 a2; do
cat >"$m/xw/$a.html" <<'HTML'
<html><head><meta charset="utf-8"><title>县政府召开优化营商环境工作推进会</title>
<meta name="ColumnName" content="新闻动态"><meta name="PubDate" content="2023-08-10 09:00"></head>
<body><h1>县政府召开优化营商环境工作推进会</h1><div class="content"><p>会议要求，各单位要认真落实
工作部署，一如既往地抓好各项工作，确保年度目标任务圆满完成，为全县经济社会高质量发展作出新的更大贡献。
会议听取了各乡镇和县直部门优化营商环境工作情况汇报，研究部署下一阶段重点任务。</p></div></body></html>
HTML
done

# audit: stdout is the JSON report with or without --progress; stderr has the stages.
"$ga" audit --date 2023-08-15 --json "$tmp/mirror" >"$tmp/plain.json" 2>"$tmp/err"
expect audit-quiet 0 $?
empty audit-quiet-stderr "$tmp/err"
"$ga" audit --date 2023-08-15 --json --progress "$tmp/mirror" >"$tmp/m.json" 2>"$tmp/err"
expect audit-progress 0 $?
json_doc audit-progress-json "$tmp/m.json"
cmp -s "$tmp/plain.json" "$tmp/m.json"; expect audit-same-stdout 0 $?
no_cr audit-plain-lines "$tmp/err"
contains audit-pages "$tmp/err" "govaudit audit: pages 0, 0:00 elapsed"
contains audit-pages-done "$tmp/err" "govaudit audit: pages 6, "
contains audit-pages-bytes "$tmp/err" " 2 kB, "
contains audit-columns "$tmp/err" "govaudit audit: columns"
contains audit-links "$tmp/err" "govaudit audit: links"
contains audit-clusters "$tmp/err" "govaudit audit: clusters"
contains audit-score "$tmp/err" "govaudit audit: score 1/1 (100%)"
contains audit-elapsed "$tmp/err" "elapsed, done"
"$ga" audit --date 2023-08-15 --json --progress --no-progress "$tmp/mirror" >"$tmp/out" 2>"$tmp/err"
expect audit-no-progress 0 $?
empty audit-no-progress-stderr "$tmp/err"

# On a terminal progress is on by default, one line redrawn with \r and closed with a
# newline; --no-progress silences it there too.
if script -qec "true" /dev/null >/dev/null 2>&1; then
    script -qec "'$ga' audit --date 2023-08-15 --json '$tmp/mirror' >'$tmp/tty.json'" \
        "$tmp/typescript" >/dev/null 2>&1 </dev/null
    expect audit-tty 0 $?
    json_doc audit-tty-json "$tmp/tty.json"
    contains audit-tty-redraw "$tmp/typescript" "$(printf '\rgovaudit audit: pages')"
    contains audit-tty-clear "$tmp/typescript" "$(printf 'elapsed, done\033[K')"
    lacks audit-tty-no-json "$tmp/typescript" '"site"'
    script -qec "'$ga' audit --no-progress --date 2023-08-15 --json '$tmp/mirror' >/dev/null" \
        "$tmp/typescript" >/dev/null 2>&1 </dev/null
    lacks audit-tty-off "$tmp/typescript" "govaudit audit:"
fi

# notice over the audit result.
"$ga" notice --json --date 2023-08-20 --progress --previous "$tmp/m.json" "$tmp/m.json" \
    >"$tmp/notice.json" 2>"$tmp/err"
expect notice 0 $?
json_doc notice-json "$tmp/notice.json"
no_cr notice-plain-lines "$tmp/err"
contains notice-results "$tmp/err" "govaudit notice: results 2, "
contains notice-rectification "$tmp/err" "govaudit notice: rectification 1/1 (100%), 0:00 elapsed, done"
"$ga" notice --json --date 2023-08-20 "$tmp/m.json" >"$tmp/out" 2>"$tmp/err"
empty notice-quiet "$tmp/err"

# dedup: JSON lines on stdout, the fingerprinted articles counted across batches.
/usr/bin/python3 - "$tmp/docs.jsonl" <<'PY'
import json, random, sys
words = ("市政府 召开 常务会议 研究 部署 安全生产 工作 会议 强调 坚持 人民 至上 推进 改革 优化 "
         "营商 环境 全面 推行 一网通办 提升 政务 服务 效能 加强 基层 医疗 卫生 体系 建设").split()
def text(seed):
    r = random.Random(seed)
    return "".join("".join(r.choice(words) for _ in range(10)) + "。" for _ in range(12))
with open(sys.argv[1], "w") as f:
    for i in range(200):
        f.write(json.dumps({"id": "d%d" % i, "site": "www.a.gov.cn", "column": "c%d" % (i % 3),
                            "date": "2023-03-01", "title": "t%d" % i,
                            "text": text(i - i % 10 if i < 50 else i)}, ensure_ascii=False) + "\n")
PY
"$ga" dedup --json --progress "$tmp/docs.jsonl" >"$tmp/dedup.out" 2>"$tmp/err"
expect dedup 0 $?
json_lines dedup-json "$tmp/dedup.out" 5
no_cr dedup-plain-lines "$tmp/err"
contains dedup-fingerprints "$tmp/err" "govaudit dedup: fingerprints 0 (100% of the input)"
contains dedup-fingerprints-done "$tmp/err" "govaudit dedup: fingerprints 200 (100% of the input)"
contains dedup-clusters "$tmp/err" "govaudit dedup: clusters 21/21 (100%)"
"$ga" dedup --json "$tmp/docs.jsonl" >"$tmp/out" 2>"$tmp/err"
cmp -s "$tmp/out" "$tmp/dedup.out"; expect dedup-same-stdout 0 $?
empty dedup-quiet "$tmp/err"

# probe: JSON lines for a log, progress of the round on stderr.
base=http://127.0.0.1:$http
"$ga" probe --json --allow-private --progress "$base/ok" "$base/slow" "$base/missing" \
    >"$tmp/probe.out" 2>"$tmp/err"
expect probe 0 $?
json_lines probe-json "$tmp/probe.out" 3
no_cr probe-plain-lines "$tmp/err"
contains probe-start "$tmp/err" "govaudit probe: probes 0/3 (0%)"
contains probe-end "$tmp/err" "govaudit probe: probes 3/3 (100%)"
"$ga" probe --json --allow-private "$base/ok" >"$tmp/out" 2>"$tmp/err"
empty probe-quiet "$tmp/err"

# A message printed mid-run on a terminal (here a bad line after the first batch of 8192)
# clears the progress line first instead of landing at its end.
if script -qec "true" /dev/null >/dev/null 2>&1; then
    /usr/bin/python3 - "$tmp/bad.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(8200):
        f.write(json.dumps({"id": "d%d" % i, "site": "www.a.gov.cn", "column": "c",
                            "date": "2023-03-01", "title": "t",
                            "text": "第%d号文件的正文内容。" % i}, ensure_ascii=False) + "\n")
    f.write('{"id": "broken"\n')
PY
    script -qec "'$ga' dedup --json '$tmp/bad.jsonl' >/dev/null" "$tmp/typescript" \
        >/dev/null 2>&1 </dev/null
    contains dedup-tty-drawn "$tmp/typescript" "$(printf '\rgovaudit dedup: fingerprints')"
    contains dedup-tty-message-clean "$tmp/typescript" \
        "$(printf '\r\033[Kgovaudit: %s:8201:' "$tmp/bad.jsonl")"
fi

finish
