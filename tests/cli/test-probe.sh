#!/bin/sh
# govaudit probe and audit --probes/--recheck, against local servers on 127.0.0.1 that the
# test starts (tests/fixtures/probe/server.py); nothing leaves the machine.
set -u
ga=$1
tmp=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/testlib.sh"

probe_servers "$tmp" # removes $tmp at exit
http=$(port http) hang=$(port hang) closed=$(port closed)
base=http://127.0.0.1:$http

# Usage errors exit 2.
"$ga" probe >/dev/null 2>"$tmp/err"; expect no-url 2 $?
contains no-url "$tmp/err" "missing URL"
"$ga" probe --timeout soon "$base/ok" >/dev/null 2>"$tmp/err"; expect bad-timeout 2 $?
"$ga" probe --rounds -1 "$base/ok" >/dev/null 2>"$tmp/err"; expect bad-rounds 2 $?

# Loopback is refused unless allowed: nothing is sent.
"$ga" probe --json "$base/ok" "http://localhost:$http/ok" >"$tmp/out" 2>"$tmp/err"; expect refused 0 $?
lines refused "$tmp/out" 2
contains refused "$tmp/out" '"ok":false,"status":null'
contains refused "$tmp/out" 'is internal (loopback); not allowed'
contains refused "$tmp/out" '"outcome":"blocked"'

# Allowed: one JSON line per probe with the fields a log needs.
"$ga" probe --json --allow-private "$base/ok" "$base/missing" "http://127.0.0.1:$closed/" \
    "$base/loop" >"$tmp/out" 2>"$tmp/err"
expect allowed 0 $?
lines allowed "$tmp/out" 4
/usr/bin/python3 - "$tmp/out" >"$tmp/check" <<'PY'
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for r in rows:
    assert set(["url", "time", "ok", "status", "elapsed_ms", "error"]) <= set(r), r
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d", r["time"]), r
ok, missing, closed, loop = rows
assert ok["ok"] is True and ok["status"] == 200 and ok["error"] is None, ok
assert missing["ok"] is False and missing["status"] == 404 and missing["error"] == "HTTP 404", missing
assert closed["ok"] is False and closed["status"] is None and closed["outcome"] == "refused", closed
assert loop["ok"] is False and loop["outcome"] == "redirects", loop
print("fields ok")
PY
contains fields "$tmp/check" "fields ok"

# The timeout holds against servers that accept and never answer, and a round of many
# such URLs takes about one timeout, not one per URL.
urls=""
for i in $(seq 30); do urls="$urls http://127.0.0.1:$hang/$i"; done
start=$(date +%s)
# shellcheck disable=SC2086
"$ga" probe --json --allow-private --timeout 1 $urls >"$tmp/out" 2>"$tmp/err"; expect hang 0 $?
took=$(( $(date +%s) - start ))
lines hang "$tmp/out" 30
[ "$(grep -c '"error":"timeout after 1000 ms"' "$tmp/out")" -eq 30 ] && pass || fail "hang: not all timed out"
[ "$took" -le 6 ] && pass || fail "hang: a round of 30 hanging URLs took $took s"

# A long job appends to its log: rounds, a torn line left by a crash, a restart.
"$ga" probe --allow-private --rounds 2 --interval 0.2 --log "$tmp/probes.log" "$base/ok" \
    "$base/flaky" >"$tmp/out" 2>"$tmp/err"
expect log 0 $?
lines log "$tmp/probes.log" 4
lines log-text "$tmp/out" 4
contains log-text "$tmp/out" "HTTP 503"
printf '{"url":"%s/ok","time":"2023-08-1' "$base" >>"$tmp/probes.log"   # a crash mid-line
"$ga" probe --allow-private --log "$tmp/probes.log" --urls /dev/stdin >/dev/null 2>"$tmp/err" <<EOF
# the URL list
$base/ok
EOF
expect restart 0 $?
lines restart "$tmp/probes.log" 6
tail -n 1 "$tmp/probes.log" >"$tmp/last"
contains restart "$tmp/last" '"ok":true'

# audit --probes: a week of probes every 30 minutes; 20 of 336 in a row failed (5.95%).
m="$tmp/mirror/www.example.gov.cn"
mkdir -p "$m"
cat >"$m/index.html" <<'HTML'
<html><head><meta charset="utf-8"><title>示例县人民政府</title>
<meta name="SiteName" content="示例县人民政府"></head>
<body><div><a href="/xw/">新闻动态</a></div><p>示例县人民政府门户网站</p></body></html>
HTML
/usr/bin/python3 - "$tmp/week.log" <<'PY'
import datetime, json, sys
end = datetime.datetime(2023, 8, 15, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
with open(sys.argv[1], "w") as f:
    for i in range(336):
        t = end - datetime.timedelta(minutes=30 * (335 - i))
        bad = 100 <= i < 120
        f.write(json.dumps({"url": "http://www.example.gov.cn/", "time": t.isoformat(),
                            "ok": not bad, "status": None if bad else 200,
                            "elapsed_ms": 15000 if bad else 120,
                            "error": "timeout after 15000 ms" if bad else None}) + "\n")
    f.write('{"url": "http://www.example.gov.cn/", "ti\n')
PY
"$ga" audit --date 2023-08-15 --json --probes "$tmp/week.log" "$tmp/mirror" >"$tmp/a.json" 2>"$tmp/err"
expect audit-probes 0 $?
contains audit-probes "$tmp/err" "1 line(s) are not probes (the first is line 337)"
json_check audit-w-v2 "$tmp/a.json" 'any(v["id"] == "W-V2" for v in d["vetoes"])'
contains audit-w-v2 "$tmp/a.json" "20 of 336 probes failed (5.95%)"
contains audit-w-v2 "$tmp/a.json" "outage from 2023-08-11 02:00:00 to 2023-08-11 12:00:00 (20 failed, 600 min): timeout after 15000 ms"
"$ga" audit --date 2023-08-15 --probes "$tmp/week.log" "$tmp/mirror" >"$tmp/a.txt" 2>"$tmp/err"
contains audit-text "$tmp/a.txt" "[veto] W-V2 站点无法访问"
"$ga" audit --date 2023-08-15 --json "$tmp/mirror" >"$tmp/b.json" 2>"$tmp/err"
json_check no-probes "$tmp/b.json" 'not any(v["id"] == "W-V2" for v in d["vetoes"])'
"$ga" audit --date 2023-08-15 --json --probes "$tmp/none.log" "$tmp/mirror" >/dev/null 2>"$tmp/err"
expect missing-log 2 $?
contains missing-log "$tmp/err" "none.log"

# audit --recheck: links broken in the crawl are fetched again (a few tries) before they
# are reported; a mirror of the local server's site.
r="$tmp/recheck/127.0.0.1:$http"
mkdir -p "$r"
cat >"$r/index.html" <<'HTML'
<html><head><meta charset="utf-8"><title>示例县人民政府</title></head>
<body><a href="/flaky">办事服务</a> <a href="/ok">政务公开</a> <a href="/missing.html">旧栏目</a></body></html>
HTML
"$ga" audit --date 2023-08-15 --json "$tmp/recheck" >"$tmp/r0.json" 2>"$tmp/err"; expect crawl-only 0 $?
json_check crawl-only "$tmp/r0.json" 'sum(l["broken"] for l in d["links"]) == 3'
"$ga" audit --date 2023-08-15 --json --recheck "$tmp/recheck" >"$tmp/r1.json" 2>"$tmp/err"
expect recheck-refused 0 $?
json_check recheck-refused "$tmp/r1.json" 'sum(l["broken"] for l in d["links"]) == 3'
"$ga" audit --date 2023-08-15 --json --recheck --allow-private "$tmp/recheck" >"$tmp/r2.json" 2>"$tmp/err"
expect recheck 0 $?
json_check recheck "$tmp/r2.json" '[(l["url"].rsplit("/", 1)[1], l["status"]) for l in d["links"] if l["broken"]] == [("missing.html", 404)]'

finish
