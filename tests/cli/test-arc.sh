#!/bin/sh
# ARC files (Heritrix's and older web archives' format) read by govaudit warc and audit
# with no option: plain and gzip per record, a damaged length kept and flagged, a bad
# version block refused with the reason.
set -u
ga=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

# One URL-record: line, HTTP response, line end. rec URL DATE BLOCK-FILE [LENGTH-DELTA]
rec() {
    n=$(($(wc -c <"$3") + ${4:-0}))
    printf '%s 10.1.2.3 %s text/html %d\n' "$1" "$2" "$n"
    cat "$3"
    printf '\n'
}
vblock() { # filedesc record with the version and field-spec lines
    printf 'filedesc://t.arc 0.0.0.0 20230731080000 text/plain %d\n%s\n' \
        "$(printf '%s' "$1" | wc -c)" "$1"
}
v1='1 1 InternetArchive
URL IP-address Archive-date Content-type Archive-length
'
home='<html><head><meta charset="utf-8"><title>某某县人民政府</title></head><body><h1>某某县人民政府</h1><a href="/zwgk/a.html">政务公开</a></body></html>'
art='<html><head><meta charset="utf-8"><title>关于开展政府网站检查的通知</title></head><body><h1>关于开展政府网站检查的通知</h1><p>发布日期：2023-07-30</p><p>各区县人民政府：为进一步加强政府网站管理……</p></body></html>'
head='HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n'
printf "$head\r\n%s" "$home" >"$tmp/home"
printf '%s' "$art" | gzip -c >"$tmp/art.gz"
{ printf "${head}Content-Encoding: gzip\r\n\r\n"; cat "$tmp/art.gz"; } >"$tmp/art"

vblock "$v1" >"$tmp/v"
rec http://www.example.gov.cn/ 20230731080001 "$tmp/home" >"$tmp/r1"
rec http://www.example.gov.cn/zwgk/a.html 20230731080002 "$tmp/art" >"$tmp/r2"
cat "$tmp/v" "$tmp/r1" "$tmp/r2" >"$tmp/site.arc"
for f in v r1 r2; do gzip -c "$tmp/$f"; done >"$tmp/site.arc.gz"

for f in site.arc site.arc.gz; do
    "$ga" warc --json "$tmp/$f" >"$tmp/out" 2>"$tmp/err"; expect "warc $f" 0 $?
    lines "warc $f" "$tmp/out" 2
    lines "quiet $f" "$tmp/err" 0
    contains "warc $f" "$tmp/out" '{"uri":"http://www.example.gov.cn/","date":"2023-07-31T08:00:01Z","status":200,"content_type":"text/html; charset=utf-8","length":166}'
    contains "warc $f" "$tmp/out" "{\"uri\":\"http://www.example.gov.cn/zwgk/a.html\",\"date\":\"2023-07-31T08:00:02Z\",\"status\":200,\"content_type\":\"text/html; charset=utf-8\",\"length\":$(printf '%s' "$art" | wc -c)}"

    "$ga" audit --date 2023-08-15 --json "$tmp/$f" >"$tmp/a.json" 2>"$tmp/err"; expect "audit $f" 0 $?
    json_check "audit $f" "$tmp/a.json" 'd["home"] == "http://www.example.gov.cn/" and d["crawl"]["pages"] == 2 and d["crawl"]["articles"] == 1 and d["site"] == "某某县人民政府"'
    json_check "audit columns $f" "$tmp/a.json" 'd["columns"][0]["name"] == "政务公开" and d["columns"][0]["last"].startswith("2023-07-30")'
done

# The first record's length 20 bytes too long: it swallows the start of the next one,
# is kept with what it had and flagged; the next is read whole.
rec http://www.example.gov.cn/ 20230731080001 "$tmp/home" 20 >"$tmp/r1"
cat "$tmp/v" "$tmp/r1" "$tmp/r2" >"$tmp/damaged.arc"
"$ga" warc --json "$tmp/damaged.arc" >"$tmp/out" 2>"$tmp/err"; expect damaged 1 $?
lines damaged "$tmp/out" 2
contains damaged "$tmp/out" '{"uri":"http://www.example.gov.cn/","date":"2023-07-31T08:00:01Z","status":200,"content_type":"text/html; charset=utf-8","length":166,"damaged":true}'
contains damaged "$tmp/out" '"uri":"http://www.example.gov.cn/zwgk/a.html"'
contains damaged-why "$tmp/err" "damaged.arc:byte 131: response record for http://www.example.gov.cn/ kept damaged: truncated: the next record starts"

# A version block whose field-spec line names an unknown field.
vblock '1 0 Alexa Internet
URL IP-address Archive-date Mime-type Archive-length
' >"$tmp/bad.arc"
cat "$tmp/r2" >>"$tmp/bad.arc"
"$ga" warc --json "$tmp/bad.arc" >"$tmp/out" 2>"$tmp/err"; expect bad-version 2 $?
contains bad-version "$tmp/err" "not a readable ARC file: its field-spec line names an unknown field 'Mime-type'"
"$ga" audit --date 2023-08-15 "$tmp/bad.arc" >/dev/null 2>"$tmp/err"; expect bad-version-audit 2 $?
contains bad-version-audit "$tmp/err" "not a readable ARC file"

finish
