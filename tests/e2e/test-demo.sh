#!/usr/bin/env bash
# The demo site end to end: generate, serve on 127.0.0.1, crawl with wget into a WARC,
# audit the WARC and the wget mirror for 2023-08-15, check verdict, evidence and absences.
#   test-demo.sh GOVAUDIT SOURCE_ROOT
set -euo pipefail
ga=$1
src=$2
command -v wget >/dev/null || { echo "SKIP: wget is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! "$src/examples/demo-site/crawl.sh" "$work" 2023-08-15 >/dev/null; then
    echo "FAIL: the crawl failed"; tail -20 "$work/wget.log" "$work/server.log" 2>/dev/null; exit 1
fi
"$ga" audit --date 2023-08-15 --json "$work/demo.warc.gz" >"$work/warc.json"
"$ga" audit --date 2023-08-15 --json "$work/mirror" >"$work/mirror.json"
# The audit JSON is what `govaudit summary` reads.
"$ga" summary --json "$work/warc.json" "$work/mirror.json" >"$work/summary.json"
# The human summary and the HTML report are written too.
"$ga" audit --date 2023-08-15 --html "$work/report.html" "$work/demo.warc.gz" >"$work/summary.txt"
/usr/bin/python3 "$src/tests/e2e/check-demo.py" "$work" || { tail -5 "$work/wget.log"; exit 1; }
