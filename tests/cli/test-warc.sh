#!/bin/sh
# govaudit warc: JSON lines of response records; damaged records reported (exit 2) while
# the rest is still listed.
set -u
ga=$1
fx=$(cd "$(dirname "$0")/../fixtures/warc" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

for f in basic.warc basic.warc.gz whole.warc.gz; do
    "$ga" warc --json "$fx/$f" >"$tmp/out" 2>"$tmp/err"; expect "json $f" 0 $?
    lines "json $f" "$tmp/out" 4
    contains "json $f" "$tmp/out" '{"uri":"http://www.example.gov.cn/art/t20230731_1.html","date":"2023-07-31T08:00:01Z","status":200,"content_type":"text/html; charset=utf-8","length":237}'
    contains "json $f" "$tmp/out" '{"uri":"http://www.example.gov.cn/col/list_1.html","date":"2023-07-31T08:00:02.123Z","status":200,"content_type":"text/html","length":3576}'
    contains "json $f" "$tmp/out" '"status":404,"content_type":"text/plain","length":13}'
    lines "quiet $f" "$tmp/err" 0
done

# Standard input, and the plain (tab-separated) listing.
"$ga" warc - <"$fx/basic.warc.gz" >"$tmp/out"; expect stdin 0 $?
lines stdin "$tmp/out" 4
contains stdin "$tmp/out" "$(printf '404\t13\ttext/plain\t2023-07-31T08:00:04Z\thttp://www.example.gov.cn/missing.html')"

# Damage: reported with the file and byte offset, the other records still listed.
"$ga" warc --json "$fx/truncated.warc" >"$tmp/out" 2>"$tmp/err"; expect truncated 2 $?
contains truncated "$tmp/err" "truncated.warc:byte 618:"
lines truncated "$tmp/out" 2
contains truncated "$tmp/out" '"uri":"http://www.example.gov.cn/gbk.html"'
"$ga" warc --json "$fx/corrupt.warc.gz" >"$tmp/out" 2>"$tmp/err"; expect corrupt 2 $?
contains corrupt "$tmp/err" "corrupt.warc.gz:byte 199: "
lines corrupt "$tmp/out" 1
"$ga" warc --json "$fx/garbage.warc" >"$tmp/out" 2>"$tmp/err"; expect garbage 2 $?
lines garbage "$tmp/err" 2
lines garbage "$tmp/out" 2

"$ga" warc --json "$fx/empty.warc" >"$tmp/out"; expect empty 0 $?
lines empty "$tmp/out" 0
"$ga" warc --json "$tmp/missing.warc" >/dev/null 2>"$tmp/err"; expect missing 2 $?
contains missing "$tmp/err" "missing.warc"
"$ga" warc >/dev/null 2>&1; expect no-file 2 $?
"$ga" warc --bogus "$fx/basic.warc" >/dev/null 2>&1; expect bad-option 2 $?

finish
