"""Check a report rendered by headless Chromium: DOM complete, no script or load errors,
screenshot written.   check-render.py BASE KIND   (BASE.dom, BASE.log, BASE.png)"""
import re
import sys

base, kind = sys.argv[1], sys.argv[2]
dom = open(base + ".dom", encoding="utf-8").read()
log = open(base + ".log", encoding="utf-8", errors="replace").read()
problems = []


def need(cond, what):
    if not cond:
        problems.append(what)


need(dom.rstrip().endswith("</html>"), "the DOM is not a complete document")
if kind == "notice":
    need("一、总体情况" in dom and "二、发现的主要问题" in dom and "合格率" in dom,
         "the notice's sections are missing")
else:
    need("不合格" in dom, "no verdict in the DOM")
    need("<svg" in dom and "<rect" in dom, "no update chart")
need(dom.count("<table") >= 3, "fewer than three tables")
need("<script" not in dom, "a script element in the report")
need(not re.search(r'(src|href)="(?!https?://|#)', dom.replace('href="http', '')),
     "a link or source that is neither http(s) nor an anchor")
if kind == "batch":
    need("合格率" in dom and "0.0%" in dom, "no 合格率 in the batch summary")
# What Chromium reports about the page itself (not its own start-up noise).
for pat in ("Uncaught", "Refused to", "ERR_FILE_NOT_FOUND", "Failed to load resource"):
    need(pat not in log, "chromium logged '%s'" % pat)
try:
    png = open(base + ".png", "rb").read()
    need(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000, "no real screenshot")
except OSError:
    problems.append("no screenshot")
for p in problems:
    print("FAIL (%s): %s" % (kind, p))
print("%s: %d problems" % (kind, len(problems)))
sys.exit(1 if problems else 0)
