#!/bin/sh
# The CLI's contract: output shapes and exit statuses (0 ran, 1 findings, 2 bad usage/input).
set -u
ga=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

"$ga" version >"$tmp/out"; expect version 0 $?
contains version "$tmp/out" "govaudit 1."
"$ga" >/dev/null 2>&1; expect no-command 2 $?
"$ga" frobnicate >/dev/null 2>"$tmp/err"; expect unknown-command 2 $?
contains unknown-command "$tmp/err" "unknown command"
"$ga" help >"$tmp/out"; expect help 0 $?
contains help "$tmp/out" "normalize"
for c in page warc audit check seg dedup audit-media summary normalize; do
    "$ga" $c --help >"$tmp/out"; expect "$c --help" 0 $?
    contains "$c --help" "$tmp/out" "usage: govaudit $c "
done

printf 'ＡＢＣ國務院敏*感' >"$tmp/in.txt"
"$ga" normalize "$tmp/in.txt" >"$tmp/out"; expect normalize 0 $?
contains normalize "$tmp/out" "abc国务院敏感"
"$ga" normalize --json - <"$tmp/in.txt" >"$tmp/out"; expect normalize-json 0 $?
contains normalize-json "$tmp/out" '"text":"abc国务院敏感"'
contains normalize-json "$tmp/out" '[0,1,0,3]'
"$ga" normalize --flags width "$tmp/in.txt" >"$tmp/out"; expect normalize-flags 0 $?
contains normalize-flags "$tmp/out" "ABC國務院敏*感"
printf 'ab\377cd' >"$tmp/bad.txt"
"$ga" normalize "$tmp/bad.txt" >/dev/null 2>"$tmp/err"; expect invalid-utf8 2 $?
contains invalid-utf8 "$tmp/err" "bad.txt:byte 2:"
"$ga" normalize --flags width,bogus "$tmp/in.txt" >/dev/null 2>&1; expect bad-flag 2 $?
"$ga" normalize "$tmp/missing.txt" >/dev/null 2>"$tmp/err"; expect missing-file 2 $?
contains missing-file "$tmp/err" "missing.txt"

finish
