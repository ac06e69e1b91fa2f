"""Assertions on the audits of the demo site (examples/demo-site/generate.py) for 2023-08-15.
   check-demo.py WORKDIR   (warc.json, mirror.json, summary.json, summary.txt, report.html)"""
import json
import os
import sys
from urllib.parse import urlsplit

work = sys.argv[1]
failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)


def path(u):
    return urlsplit(u).path


def load(name):
    with open(os.path.join(work, name), encoding="utf-8") as f:
        return json.load(f)


COLUMNS = {"政务要闻": "news", "部门动态": "news", "乡镇动态": "news", "通知公告": "notice",
           "政策文件": "policy", "政策解读": "interpretation", "人事信息": "personnel",
           "规划计划": "plan", "财政资金": "finance", "互动交流": "consult"}
STALE = {"部门动态", "乡镇动态", "政策文件"}      # 31 and 22 days (14d window), 203 days (6m)
FINDINGS = {"再接再励": "再接再厉", "一如继往": "一如既往", "环境保护局": "生态环境局"}


def common(d, src):
    check(d["site"] == "青禾市人民政府", src + ": site name")
    check(d["site_id"] == "3309990001", src + ": SiteIDCode")
    check(d["owner"] == "青禾市人民政府办公室", src + ": owner")
    check(d["date"] == "2023-08-15", src + ": date")
    # The verdict: the article posted again in a second column is 一稿多发, a veto under
    # the 2019 profile (W-V1.5a), so the site fails and is not scored.
    check(d["passed"] is False, src + ": verdict")
    check(d["score"] is None, src + ": a vetoed site is not scored")
    check([v["id"] for v in d["vetoes"]] == ["W-V1"], src + ": vetoes are exactly W-V1")
    ev = d["vetoes"][0]["evidence"] if d["vetoes"] else []
    check(any("一稿多发" in e["text"] for e in ev), src + ": W-V1 evidence names 一稿多发")
    ev_paths = {path(e["url"]).split("/")[1] for e in ev if e.get("url")}
    check(ev_paths == {"zwyw", "bmdt"}, src + ": W-V1 evidence points at both posts %s" % ev_paths)
    check(d["deductions"] == [] and d["bonuses"] == [], src + ": no points after a veto")

    dups = d["duplicates"]
    check(len(dups) == 1 and dups[0]["kind"] == "一稿多发", src + ": one 一稿多发 cluster")
    if dups:
        check({p["column"] for p in dups[0]["posts"]} == {"政务要闻", "部门动态"},
              src + ": the cluster spans 政务要闻 and 部门动态")
        check(len({p["title"] for p in dups[0]["posts"]}) == 1, src + ": the same title twice")

    cols = {c["name"]: c for c in d["columns"]}
    check(set(cols) == set(COLUMNS), src + ": columns %s" % sorted(cols))
    for name, t in COLUMNS.items():
        if name in cols:
            check(cols[name]["type"] == t, src + ": type of %s is %s" % (name, cols[name]["type"]))
            check(cols[name]["level"] == 1, src + ": %s is top-level" % name)
    check({n for n, c in cols.items() if c["stale"]} == STALE,
          src + ": stale columns %s" % sorted(n for n, c in cols.items() if c["stale"]))
    check({n for n, c in cols.items() if c["blank"]} == {"财政资金"},
          src + ": blank columns %s" % sorted(n for n, c in cols.items() if c["blank"]))
    if "政务要闻" in cols:
        check(cols["政务要闻"]["days_since"] == 1 and cols["政务要闻"]["items"] == 14,
              src + ": 政务要闻 updated the day before, 14 items")
    if "政策文件" in cols:
        check(cols["政策文件"]["days_since"] == 203, src + ": 政策文件 203 days old")
    if "部门动态" in cols:
        check(cols["部门动态"]["days_since"] == 31, src + ": 部门动态 31 days old")

    found = {f["text"]: f for f in d["findings"]}
    for text, sugg in FINDINGS.items():
        f = found.get(text)
        check(f is not None and f["suggestion"] == sugg, src + ": finding %s → %s" % (text, sugg))
        if f:
            check(text not in f["before"] and f["before"] + text + f["after"] != text,
                  src + ": %s comes with its context" % text)
    brackets = [f for f in d["findings"] if "[2023]" in f["text"]]
    check(len(brackets) == 1 and path(brackets[0]["url"]).startswith("/tzgg/"),
          src + ": the 发文字号 with square brackets in 通知公告")
    check(len(d["findings"]) == d["findings_total"] == 4, src + ": exactly 4 findings, got %d" % len(d["findings"]))
    check(all(f["severity"] != "serious" for f in d["findings"]), src + ": no serious finding")

    missing = d["missing_meta"]
    check(len(missing) == 5 and all(path(m["url"]).startswith("/zcwj/") for m in missing),
          src + ": only the GBK 政策文件 articles lack tags")
    if missing:
        check(set(missing[0]["missing"]) == {"ArticleTitle", "PubDate", "ContentSource"},
              src + ": they lack ArticleTitle, PubDate, ContentSource")

    # The indicators the site does not deserve: its home page is fresh, fewer than five
    # columns are stale or blank, it has a consultation channel.
    for v in ("W-V3", "W-V4", "W-V5"):
        check(v not in [x["id"] for x in d["vetoes"]], src + ": %s not hit" % v)
    ne = {x["id"] for x in d["not_evaluable"]}
    check("W-V3" not in ne, src + ": the home page's freshness was evaluated")


warc = load("warc.json")
common(warc, "warc")
links = {path(l["url"]): l for l in warc["links"]}
bad = links.get("/zwyw/202306/t20230601_999.html")
check(bad is not None and bad["broken"] and bad["status"] == 404 and not bad["external"],
      "warc: the broken internal link, HTTP 404")
if bad:
    check(path(bad["where"]).startswith("/zwyw/202308/"), "warc: with the article that holds it")
dead = links.get("/old-portal/index.html")
check(dead is not None and dead["broken"] and dead["external"] and dead["status"] == 404
      and urlsplit(dead["url"]).hostname == "localhost", "warc: the dead external link")
if dead:
    check(dead["text"] == "青禾市旧版门户" and path(dead["where"]) == "/", "warc: named, on the home page")
live = links.get("/ext/zwfw.html")
check(live is not None and not live["broken"] and live["status"] == 200 and live["external"],
      "warc: the live external link in the 外链台账")
check(sum(1 for l in warc["links"] if l["broken"]) == 2, "warc: exactly two broken links")
check(warc["crawl"]["errors"] == 1 and warc["crawl"]["broken_links"] == 2, "warc: crawl counters")

mirror = load("mirror.json")
common(mirror, "mirror")
mlinks = {path(l["url"]): l for l in mirror["links"] if l["broken"]}
check(set(mlinks) == {"/zwyw/202306/t20230601_999.html"},
      "mirror: the page missing from the mirror is the one broken link %s" % sorted(mlinks))

summary = load("summary.json")
check(summary["checked"] == 2 and summary["passed"] == 0 and summary["rate"] == 0,
      "summary: 2 checked, none passed")
check(len(summary["problems"]) == 2, "summary: both in the problem table")

text = open(os.path.join(work, "summary.txt"), encoding="utf-8").read()
check("不合格" in text and "W-V1" in text and "HTML report:" in text, "the printed summary")
html = open(os.path.join(work, "report.html"), encoding="utf-8").read()
check(html.startswith("<!DOCTYPE html>") and "<script" not in html and "<svg" in html,
      "the HTML report is self-contained")
check("<mark>再接再励</mark>" in html and "财政资金" in html, "the HTML report shows the evidence")

for f in failures:
    print("FAIL:", f)
print("%d passed, %d failed" % (passed, len(failures)))
sys.exit(1 if failures else 0)
