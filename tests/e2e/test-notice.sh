#!/usr/bin/env bash
# The demo site audited in two rounds and the notice between them: round 1 as generated
# (2023-08-15), round 2 after the fixes and changes of notice-round2.py (2023-08-16); the
# notice for 2023-09-01 with a 找错 export and a report ledger.
#   test-notice.sh GOVAUDIT SOURCE_ROOT
set -euo pipefail
ga=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site=www.qinghe.gov.cn
/usr/bin/python3 "$src/examples/demo-site/generate.py" "$work/round1/$site" >/dev/null
cp -r "$work/round1" "$work/round2"
/usr/bin/python3 "$src/tests/e2e/notice-round2.py" "$work/round2/$site"
"$ga" audit --date 2023-08-15 --json "$work/round1" >"$work/round1.json"
"$ga" audit --date 2023-08-16 --json "$work/round2" >"$work/round2.json"
cat >"$work/messages.jsonl" <<'JSONL'
{"id": "ZC001", "site": "青禾市人民政府", "received": "2023-08-01", "due": "2023-08-04", "closed": "2023-08-03"}
{"id": "ZC002", "site": "青禾市人民政府", "received": "2023-08-10", "due": "2023-08-13", "closed": null}
JSONL
cat >"$work/reports.jsonl" <<'JSONL'
{"site": "青禾市人民政府", "due": "2023-07-31", "submitted": null}
JSONL
args=(--date 2023-09-01 --previous "$work/round1.json" --messages "$work/messages.jsonl"
      --reports "$work/reports.jsonl")
"$ga" notice "${args[@]}" --json "$work/round2.json" >"$work/notice.json"
"$ga" notice "${args[@]}" --html "$work/notice.html" "$work/round2.json" >"$work/notice.txt"
/usr/bin/python3 - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
d = json.load(open(os.path.join(w, "notice.json"), encoding="utf-8"))
text = open(os.path.join(w, "notice.txt"), encoding="utf-8").read()
html = open(os.path.join(w, "notice.html"), encoding="utf-8").read()
fails = []
def check(c, what):
    if not c:
        fails.append(what)
check(d["websites"] == {"checked": 1, "passed": 1, "rate": 100.0,
                        "previous": {"checked": 1, "passed": 0, "rate": 0.0}}, "websites %s" % d["websites"])
check(d["round"] == "2023-08-16" and d["previous_round"] == "2023-08-15", "rounds")
r = d["rectification"]
check(len(r) == 1 and r[0]["site"] == "青禾市人民政府", "one site in both rounds")
r = r[0] if r else {"fixed": [], "outstanding": [], "new": []}
def has(lst, kind, words):
    return any(i["kind"] == kind and words in i["text"] for i in lst)
# Fixed: the 一稿多发 veto and its cluster, 再接再励.
check(has(r["fixed"], "indicator", "安全、泄密事故等严重问题"), "the veto fixed")
check(has(r["fixed"], "duplicate", "一稿多发"), "the duplicate cluster fixed")
check(has(r["fixed"], "finding", "再接再励"), "再接再励 fixed")
check(len(r["fixed"]) == 3, "3 fixed: %s" % [i["text"] for i in r["fixed"]])
# Outstanding: the moved page's 环境保护局 (with its old address), the renamed 部门工作动态.
moved = [i for i in r["outstanding"] if "环境保护局" in i["text"]]
check(len(moved) == 1 and moved[0]["url"].endswith("/zcjd/art/2023/art_285.html")
      and moved[0].get("previous_url", "").endswith("/zcjd/202307/t20230705_285.html"), "moved page %s" % moved)
renamed = [i for i in r["outstanding"] if i["kind"] == "stale_column" and "部门工作动态" in i["text"]]
check(len(renamed) == 1 and "部门动态" in renamed[0].get("previous_text", ""), "renamed column %s" % renamed)
for words in ("一如继往", "[2023]", "乡镇动态", "政策文件", "财政资金", "t20230601_999.html"):
    check(any(words in i["text"] for i in r["outstanding"]), "outstanding " + words)
# New: only 按步就班. The deduction for 政策文件 scored now that no veto stops the scoring is
# not new: the previous round was not scored (its stale column is outstanding).
check([i["text"][:9] for i in r["new"]] == ["错别字「按步就班」"], "new %s" % [i["text"] for i in r["new"]])
check(d["zhaocuo"]["received"] == 2 and d["zhaocuo"]["closed"] == 1 and d["zhaocuo"]["rate"] == 50.0, "zhaocuo")
check(d["late_reports"] == [{"site": "青禾市人民政府", "due": "2023-07-31", "submitted": None,
                             "days_late": 32}], "late report %s" % d["late_reports"])
check([e["site"] for e in d["errors"]] == ["青禾市人民政府"] and d["errors"][0]["count"] == 4, "errors")
check(d["table"] and d["table"][0]["site"] == "青禾市人民政府", "table")
for words in ("关于2023年第三季度政府网站检查情况的通报", "一、总体情况", "合格率100.0%（上轮检查1个，合格率0.0%）",
              "二、发现的主要问题", "已整改3个", "整改不到位", "办结率50.0%", "超过1个月未提交整改报告",
              "附件", "序号\t网站名称\t主办单位\t存在的突出问题", "2023年9月1日"):
    check(words in text, "text: " + words)
check("<h3>整改情况</h3>" in html and "合格率 <b>100.0%</b>" in html, "html")
for f in fails:
    print("FAIL:", f)
if fails:
    print(text)
print("%d failed" % len(fails))
sys.exit(1 if fails else 0)
PY
