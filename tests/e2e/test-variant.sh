#!/usr/bin/env bash
# A site in another layout, audited from a mirror folder for 2023-08-15: the columns, their
# types, the blank and the stale one, and no veto for template texts.
#   test-variant.sh GOVAUDIT SOURCE_ROOT
set -euo pipefail
ga=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$src/tests/e2e/variant-site.py" "$work/mirror"
"$ga" audit --date 2023-08-15 --json "$work/mirror" >"$work/audit.json"
/usr/bin/python3 - "$work/audit.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
fails = []
def check(c, what):
    if not c:
        fails.append(what)
cols = {c["name"]: c for c in d["columns"]}
check(set(cols) == {"今日要闻", "部门信息", "公示公告", "规范性文件", "专项资金"}, "columns %s" % sorted(cols))
types = {n: c["type"] for n, c in cols.items()}
check(types == {"今日要闻": "news", "部门信息": "news", "公示公告": "notice", "规范性文件": "policy",
                "专项资金": "finance"}, "types %s" % types)
check({n for n, c in cols.items() if c["blank"]} == {"专项资金"}, "blank columns")
check({n for n, c in cols.items() if c["stale"]} == {"规范性文件", "部门信息"}, "stale columns")
check(cols.get("规范性文件", {}).get("days_since") == 250, "规范性文件 250 days old")
check(all(c["level"] == 1 for c in cols.values()), "top-level columns")
check(d["owner"] == "XX县人民政府办公室" and d["site_id"] == "3300000001", "owner and SiteIDCode")
check(d["vetoes"] == [] and d["passed"] is True, "no veto: template texts are not 一稿多发")
check(all(x["kind"] != "一稿多发" for x in d["duplicates"]), "no 一稿多发 cluster")
check([x["id"] for x in d["deductions"]] == ["W-D1"], "the stale policy column deducts (W-D1)")
broken = [l["url"] for l in d["links"] if l["broken"]]
check(broken == ["http://www.xx.gov.cn/col/col9/index.html"], "the missing 县长信箱 page %s" % broken)
for f in fails:
    print("FAIL:", f)
print("%d failed" % len(fails))
sys.exit(1 if fails else 0)
PY
