#!/bin/sh
# govaudit notice: the round's notice from audit and audit-media results, the previous round,
# a 找错 export and a report ledger; JSON, text and HTML; errors naming file and line.
set -u
ga=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

# Two accounts through audit-media (one fails: no post within 14 days), two websites as the
# audit prints them.
cat >"$tmp/acct.json" <<'JSON'
{"account": "横栏发布", "platform": "微信公众号", "owner": "横栏镇人民政府", "interaction": true,
 "posts": [{"time": "2023-08-10 10:00", "title": "通知", "text": "要按步就班抓好落实，一如继往。", "url": "https://mp.weixin.qq.com/s/a"}],
 "menus": [], "messages": []}
JSON
sed 's/横栏发布/港口发布/; s/2023-08-10 10:00/2023-06-01 10:00/; s/按步就班/按部就班/' "$tmp/acct.json" >"$tmp/acct2.json"
"$ga" audit-media --date 2023-08-15 --json "$tmp/acct.json" >"$tmp/m1.json"; expect media1 0 $?
"$ga" audit-media --date 2023-08-15 --json "$tmp/acct2.json" >"$tmp/m2.json"; expect media2 0 $?
cat >"$tmp/w1.json" <<'JSON'
{"site": "青禾市人民政府", "owner": "青禾市人民政府办公室", "site_id": "3309990001", "object": "website",
 "date": "2023-08-15", "passed": false, "group": "市级网站",
 "vetoes": [{"id": "W-V1", "name": "安全、泄密事故等严重问题", "points": 0,
             "evidence": [{"text": "W-V1.5a 弄虚作假：同站一稿多发: duplicate_posts = 1 (≥ 1)"}]}],
 "deductions": [], "problems": [],
 "findings_total": 2,
 "findings": [{"rule": "typo:13", "category": "错别字", "text": "再接再励", "suggestion": "再接再厉",
               "url": "http://www.qinghe.gov.cn/zwyw/1.html", "title": "会议召开", "field": "text"},
              {"rule": "outdated:22", "category": "过时表述", "text": "环境保护局", "suggestion": "生态环境局",
               "url": "http://www.qinghe.gov.cn/zcjd/2.html", "title": "政策解读", "field": "text"}],
 "duplicates": [], "links": [],
 "columns": [{"name": "部门动态", "type": "news", "level": 1, "url": "http://www.qinghe.gov.cn/bmdt/",
              "stale": true, "blank": false, "days_since": 31}]}
JSON
cat >"$tmp/w2.json" <<'JSON'
{"site": "青禾市教育局", "owner": "青禾市教育局", "object": "website", "date": "2023-08-14",
 "passed": true, "group": "部门网站", "vetoes": [], "deductions": [], "problems": [], "findings": []}
JSON
# The previous round of 青禾市人民政府, crawled at another address: 环境保护局 and the stale
# column were there already; 一如继往 was fixed since.
sed 's/"date": "2023-08-15"/"date": "2023-05-15"/; s|www.qinghe.gov.cn/zcjd/2.html|127.0.0.1:8000/old/zcjd-2.html|; s/"rule": "typo:13", "category": "错别字", "text": "再接再励", "suggestion": "再接再厉"/"rule": "typo:26", "category": "错别字", "text": "一如继往", "suggestion": "一如既往"/' \
    "$tmp/w1.json" >"$tmp/w1-prev.json"
cat >"$tmp/messages.jsonl" <<'JSONL'
{"id": "ZC2023001", "site": "青禾市人民政府", "received": "2023-07-01", "due": "2023-07-04", "closed": "2023-07-03"}
{"id": "ZC2023002", "site": "青禾市人民政府", "received": "2023-08-01", "due": "2023-08-04", "closed": null}
JSONL
cat >"$tmp/reports.jsonl" <<'JSONL'
{"site": "青禾市教育局", "due": "2023-07-15", "submitted": null}
{"site": "青禾市人民政府", "due": "2023-07-15", "submitted": "2023-07-14"}
JSONL
all="--date 2023-09-01 --previous $tmp/w1-prev.json --messages $tmp/messages.jsonl --reports $tmp/reports.jsonl"

# shellcheck disable=SC2086
"$ga" notice $all --json "$tmp/w1.json" "$tmp/w2.json" "$tmp/m1.json" "$tmp/m2.json" >"$tmp/n.json"
expect json 0 $?
json_check json "$tmp/n.json" 'd["websites"]["checked"] == 2 and d["websites"]["passed"] == 1 and d["websites"]["rate"] == 50.0'
json_check json "$tmp/n.json" '[g["group"] for g in d["websites"]["groups"]] == ["市级网站", "部门网站"]'
json_check json "$tmp/n.json" 'd["media"] == {"checked": 2, "passed": 1, "rate": 50.0}'
contains json "$tmp/n.json" '"rate":50.0'
json_check json "$tmp/n.json" '[(p["indicator"], p["sites"]) for p in d["problems"]] == [("W-V1", ["青禾市人民政府"]), ("M-V2", ["港口发布"]), ("M-P3", ["横栏发布", "港口发布"])]'
json_check json "$tmp/n.json" '[(e["site"], e["count"]) for e in d["errors"]] == [("青禾市人民政府", 2), ("横栏发布", 2), ("港口发布", 1)]'
json_check json "$tmp/n.json" 'd["zhaocuo"]["received"] == 2 and d["zhaocuo"]["closed"] == 1 and d["zhaocuo"]["on_time"] == 1 and d["zhaocuo"]["rate"] == 50.0'
json_check json "$tmp/n.json" '[m["id"] for m in d["zhaocuo"]["open"]] == ["ZC2023002"] and d["zhaocuo"]["open"][0]["days_overdue"] == 28'
json_check json "$tmp/n.json" 'd["late_reports"] == [{"site": "青禾市教育局", "due": "2023-07-15", "submitted": None, "days_late": 48}]'
json_check json "$tmp/n.json" 'len(d["rectification"]) == 1 and d["rectification"][0]["site"] == "青禾市人民政府"'
json_check json "$tmp/n.json" '[i["text"][:9] for i in d["rectification"][0]["fixed"]] == ["错别字「一如继往」"]'
json_check json "$tmp/n.json" 'sorted(i["kind"] for i in d["rectification"][0]["outstanding"]) == ["finding", "indicator", "stale_column"]'
json_check json "$tmp/n.json" 'any(i.get("previous_url") == "http://127.0.0.1:8000/old/zcjd-2.html" for i in d["rectification"][0]["outstanding"])'
json_check json "$tmp/n.json" '[i["text"][:9] for i in d["rectification"][0]["new"]] == ["错别字「再接再励」"]'
json_check json "$tmp/n.json" '[r["site"] for r in d["table"]] == ["青禾市人民政府", "港口发布", "横栏发布"]'

# shellcheck disable=SC2086
"$ga" notice $all --html "$tmp/n.html" --docx "$tmp/n.docx" "$tmp/w1.json" "$tmp/w2.json" "$tmp/m1.json" "$tmp/m2.json" >"$tmp/n.txt"
expect text 0 $?
contains text "$tmp/n.txt" "关于2023年第三季度政府网站与政务新媒体检查情况的通报"
contains text "$tmp/n.txt" "一、总体情况"
contains text "$tmp/n.txt" "本次共检查政府网站2个，合格1个，合格率50.0%（上轮检查1个，合格率0.0%）；其中市级网站1个，合格率0.0%，部门网站1个，合格率100.0%；检查政务新媒体2个，合格1个，合格率50.0%。"
contains text "$tmp/n.txt" "办结率50.0%"
contains text "$tmp/n.txt" "二、发现的主要问题"
contains text "$tmp/n.txt" "其中：青禾市人民政府2处、横栏发布2处、港口发布1处。"
contains text "$tmp/n.txt" "青禾市人民政府：上轮问题4个，已整改1个，未整改3个；本轮新发现问题1个，整改不到位。"
contains text "$tmp/n.txt" "青禾市教育局超过1个月未提交整改报告"
contains text "$tmp/n.txt" "附件"
contains text "$tmp/n.txt" "1	青禾市人民政府	青禾市人民政府办公室	安全、泄密事故等严重问题（单项否决）"
contains text "$tmp/n.txt" "2023年9月1日"
contains html "$tmp/n.html" "<h2>一、总体情况</h2>"
contains html "$tmp/n.html" "合格率 <b>50.0%</b>"
/usr/bin/python3 -c 'import sys, zipfile, xml.dom.minidom as m
d = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode()
m.parseString(d)
assert "一、总体情况" in d and "<w:tbl>" in d and "2023年9月1日" in d' "$tmp/n.docx"
expect docx 0 $?

# Errors: file, line and column; usage.
printf '{"id": "1", "site": "甲", "received": "2023-07-01", "due": "2023-07-04", "closed": null}\n{"id": "2", "site": "甲", "received": "2023/7/1", "due": "2023-07-04"}\n' >"$tmp/bad.jsonl"
"$ga" notice --date 2023-09-01 --messages "$tmp/bad.jsonl" "$tmp/w2.json" >/dev/null 2>"$tmp/err"
expect bad-messages 2 $?
contains bad-messages "$tmp/err" "bad.jsonl:2:38: received: must be a date YYYY-MM-DD"
printf '{"site": "甲", "due": "2023-07-15", "submitted": "soon"}\n' >"$tmp/bad-ledger.jsonl"
"$ga" notice --reports "$tmp/bad-ledger.jsonl" "$tmp/w2.json" >/dev/null 2>"$tmp/err"
expect bad-ledger 2 $?
contains bad-ledger "$tmp/err" "bad-ledger.jsonl:1:"
printf '{"site": "甲", "passed": "yes"}' >"$tmp/bad-result.json"
# an encoded surrogate is not UTF-8, though json-c's own check lets it through
printf '{"site": "\351\235\222\355\260\221", "due": "2023-07-15", "submitted": null}\n' >"$tmp/surrogate.jsonl"
"$ga" notice --reports "$tmp/surrogate.jsonl" "$tmp/w2.json" >/dev/null 2>"$tmp/err"
expect surrogate 2 $?
contains surrogate "$tmp/err" "surrogate.jsonl:1:"
"$ga" notice "$tmp/bad-result.json" >/dev/null 2>"$tmp/err"; expect bad-result 2 $?
contains bad-result "$tmp/err" "bad-result.json:1:"
"$ga" notice --previous "$tmp/bad-result.json" "$tmp/w2.json" >/dev/null 2>"$tmp/err"
expect bad-previous 2 $?
"$ga" notice --date 2023-13-01 "$tmp/w2.json" >/dev/null 2>&1; expect bad-date 2 $?
"$ga" notice --json >/dev/null 2>&1; expect no-result 2 $?
"$ga" notice --frobnicate "$tmp/w2.json" >/dev/null 2>&1; expect unknown-option 2 $?
"$ga" notice "$tmp/no-such.json" >/dev/null 2>&1; expect missing-file 2 $?
"$ga" notice --html "$tmp/no-such-dir/n.html" "$tmp/w2.json" >/dev/null 2>"$tmp/err"
expect unwritable-html 2 $?
contains unwritable-html "$tmp/err" "no-such-dir/n.html"
# Standard input as the result.
"$ga" notice --date 2023-09-01 --json - <"$tmp/w2.json" >"$tmp/stdin.json"; expect stdin 0 $?
json_check stdin "$tmp/stdin.json" 'd["websites"]["rate"] == 100.0 and d["table"] == []'

finish
