#!/bin/sh
# govaudit warc: JSON lines of response records; damaged records kept and flagged (exit 1),
# records that cannot be read reported (exit 2), while the rest is still listed.
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

# Damage: reported with the file and byte offset, the other records still listed. A
# record cut short by the next one is kept with what could be read.
"$ga" warc --json "$fx/truncated.warc" >"$tmp/out" 2>"$tmp/err"; expect truncated 1 $?
contains truncated "$tmp/err" "truncated.warc:byte 618: response record for http://www.example.gov.cn/art/t20230731_1.html kept damaged: truncated: the next record starts 60 bytes"
lines truncated "$tmp/out" 3
contains truncated "$tmp/out" '"uri":"http://www.example.gov.cn/art/t20230731_1.html","date":"2023-07-31T08:00:01Z","status":null,"content_type":null,"length":60,"damaged":true}'
contains truncated "$tmp/out" '"uri":"http://www.example.gov.cn/gbk.html","date":"2023-07-31T08:00:03Z","status":200,"content_type":"text/html; charset=gbk","length":67}'

# Written here: a response whose Content-Length is shorter than its block (the rest is
# read past to the next record), then one the file ends inside.
page='<html><body>政务公开</body></html>'
head='HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'
block_len=$(printf "$head%s" "$page" | wc -c)
{
    printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.gov.cn/short.html\r\n'
    printf 'Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n' $((block_len - 10))
    printf "$head%s\r\n\r\n" "$page"
    printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.gov.cn/whole.html\r\n'
    printf 'Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n' "$block_len"
    printf "$head%s\r\n\r\n" "$page"
    printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.gov.cn/cut.html\r\n'
    printf 'Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n' 9000
    printf "$head%s" "$page"
} >"$tmp/damaged.warc"
"$ga" warc --json "$tmp/damaged.warc" >"$tmp/out" 2>"$tmp/err"; expect damaged 1 $?
lines damaged "$tmp/out" 3
lines damaged-warnings "$tmp/err" 2
contains damaged-short "$tmp/out" '{"uri":"http://a.gov.cn/short.html","date":null,"status":200,"content_type":"text/html","length":28,"damaged":true}'
contains damaged-whole "$tmp/out" '{"uri":"http://a.gov.cn/whole.html","date":null,"status":200,"content_type":"text/html","length":38}'
contains damaged-cut "$tmp/out" '{"uri":"http://a.gov.cn/cut.html","date":null,"status":200,"content_type":"text/html","length":38,"damaged":true}'
contains damaged-why "$tmp/err" "does not end after its Content-Length"
contains damaged-why "$tmp/err" "the input ends"
gzip -c "$tmp/damaged.warc" >"$tmp/damaged.warc.gz"
"$ga" warc --json "$tmp/damaged.warc.gz" >"$tmp/outgz" 2>/dev/null; expect damaged-gzip 1 $?
cmp -s "$tmp/out" "$tmp/outgz"; expect damaged-gzip-same 0 $?
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
