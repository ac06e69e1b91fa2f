#!/usr/bin/env bash
# Render the demo site's HTML report (one site, and a batch of two) and the notice of a
# round of it in headless Chromium: they must load without errors, show the verdict, the
# tables and the chart (the notice: its sections and tables).
#   test-html-render.sh GOVAUDIT SOURCE_ROOT
set -euo pipefail
ga=$1
src=$2
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] || { echo "SKIP: chromium is not installed (apt-get install chromium)"; exit 77; }
command -v wget >/dev/null || { echo "SKIP: wget is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$src/examples/demo-site/crawl.sh" "$work" 2023-08-15 >/dev/null
"$ga" audit --date 2023-08-15 --html "$work/report.html" "$work/demo.warc.gz" >/dev/null
"$ga" audit --date 2023-08-15 --html "$work/batch.html" "$work/demo.warc.gz" "$work/mirror" >/dev/null
"$ga" audit --date 2023-08-15 --json "$work/demo.warc.gz" >"$work/audit.json"
"$ga" notice --date 2023-09-01 --previous "$work/audit.json" --html "$work/notice.html" \
    "$work/audit.json" >/dev/null
fail=0
for page in report batch notice; do
    profile=$(mktemp -d -p "$work")
    flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
           --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile"
           --enable-logging=stderr --v=0)
    if ! timeout 120 "$chrome" "${flags[@]}" --dump-dom "file://$work/$page.html" \
        >"$work/$page.dom" 2>"$work/$page.log"; then
        echo "FAIL: chromium could not load $page.html"; tail -5 "$work/$page.log"; fail=1; continue
    fi
    timeout 120 "$chrome" "${flags[@]}" --window-size=1200,2400 \
        --screenshot="$work/$page.png" "file://$work/$page.html" >/dev/null 2>>"$work/$page.log" || true
    /usr/bin/python3 "$src/tests/e2e/check-render.py" "$work/$page" "$page" || fail=1
    if [ -n "${GA_KEEP_SCREENSHOT:-}" ]; then cp "$work/$page.png" "$GA_KEEP_SCREENSHOT-$page.png"; fi
done
exit $fail
