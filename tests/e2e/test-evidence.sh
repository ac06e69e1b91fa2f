#!/usr/bin/env bash
# A site with each defect a crawl proves beyond columns and links (evidence-site.py),
# audited from a mirror folder for 2023-08-15: W-V5 names the unanswered messages, W-P3
# the guide lacking elements, W-P1 the changed publish date with both dates, W-P2 each
# identity item missing or wrong with its pages; a rebuilt PubDate is not the article's date.
#   test-evidence.sh GOVAUDIT SOURCE_ROOT
set -euo pipefail
ga=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$src/tests/e2e/evidence-site.py" "$work/mirror"
"$ga" audit --date 2023-08-15 --json "$work/mirror" >"$work/audit.json"
/usr/bin/python3 - "$work/audit.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
fails = []
def check(c, what):
    if not c:
        fails.append(what)
site = "http://www.yy.gov.cn"
ind = {x["id"]: x for k in ("vetoes", "deductions", "problems") for x in d[k]}
def evidence(i):
    return [(e.get("text", ""), e.get("url")) for e in ind.get(i, {}).get("evidence", [])]
check("W-V5" in [x["id"] for x in d["vetoes"]], "W-V5 vetoes")
v5 = evidence("W-V5")
check(any("建议在滨江公园增设公共厕所" in t and "unanswered" in t and
          u == site + "/hdjl/szxx/202303/t20230302_402.html" for t, u in v5), "W-V5 names the open message %s" % v5)
check(any("反映城东小区物业乱收费" in t and "answered 2023-04-20" in t for t, u in v5), "W-V5 names the late answer")
check(not any("公积金" in t or "噪音" in t for t, u in v5), "answered messages are not evidence")
check(all(x["id"] != "W-V5" or "W-V5.1" not in json.dumps(x) for x in d["vetoes"]), "a consultation channel")
check("W-V6" not in [x["id"] for x in d["vetoes"]], "W-V6.2's numbers are not known: no veto")
check(any(x["id"] == "W-P3" for x in d["problems"]), "W-P3 lists the thin guide")
v6 = evidence("W-P3")
check(any("城乡居民养老保险参保登记" in t and "设定依据 办理材料" in t and u == site + "/bsfw/bszn/cxjmyl.html"
          for t, u in v6), "W-P3 names the thin guide %s" % v6)
check(not any("个体工商户" in t for t, u in v6), "the complete guide is not evidence")
p1 = evidence("W-P1")
check(any("shown as 2023-07-28" in t and "made 2023-01-05" in t and u == site + "/zwgk/tzgg/202301/t20230105_101.html"
          for t, u in p1), "W-P1 has both dates %s" % p1)
check(not any(x["id"] == "W-P1" for x in d["vetoes"]), "the changed date needs a person, no veto")
p2 = [t for t, u in evidence("W-P2")]
for want in ("党政机关标识 missing on the home page", "网站标识码 missing on 1 of 11 pages",
             "公安机关备案号 missing on 11 of 11 pages",
             "网站标识码 shown as 3300000002 on 1 pages; SiteIDCode is 3300000003",
             "我为政府网站找错 entrance carries site_code 3300000099 on 11 pages; the site's is 3300000002",
             "ICP备案号 浙ICP备12349999号 does not link to beian.miit.gov.cn (11 pages)"):
    check(want in p2, "W-P2: %s in %s" % (want, p2))
check(not any("主办单位" in t or "联系方式" in t or "ICP备案号 missing" in t for t in p2), "items every page shows %s" % p2)
notice = {c["name"]: c for c in d["columns"]}.get("通知公告", {})
# The rebuilt notice counts in 2022-11 (month 14 of the 24 ending 2023-08), not in 2023-08.
check(notice.get("monthly", [0] * 24)[14] == 1 and notice.get("monthly", [0] * 24)[23] == 0, "the rebuilt PubDate %s" % notice.get("monthly"))
check(d["owner"] == "YY市人民政府办公室" and d["site_id"] == "3300000002", "owner and site code")
for f in fails:
    print("FAIL:", f)
print("%d failed" % len(fails))
sys.exit(1 if fails else 0)
PY
