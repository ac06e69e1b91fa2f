#!/bin/sh
# govaudit seg: plain and JSON output, modes, user dictionaries, exit statuses.
set -u
ga=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

printf '他来到了网易杭研大厦\n2023年7月31日，满意度98.9%%。\n\n深化放管服改革' >"$tmp/in.txt"
"$ga" seg "$tmp/in.txt" >"$tmp/out"; expect plain 0 $?
same plain "$tmp/out" "$(printf '他 来到 了 网易 杭研 大厦\n2023年 7月 31日 ， 满意度 98.9%% 。\n\n深化 放管服改革')"
"$ga" seg - <"$tmp/in.txt" >"$tmp/out2"; expect stdin 0 $?
cmp -s "$tmp/out" "$tmp/out2"; expect stdin-same 0 $?

"$ga" seg --json "$tmp/in.txt" >"$tmp/out"; expect json 0 $?
contains json "$tmp/out" '{"text":"杭研","start":18,"end":24,"kind":"word"}'
contains json-alnum "$tmp/out" '{"text":"98.9%","start":'
contains json-space "$tmp/out" '"kind":"space"'

"$ga" seg --mode search "$tmp/in.txt" >"$tmp/out"; expect search 0 $?
contains search "$tmp/out" "深化 改革 放管服 放管服改革"
"$ga" seg --mode icu "$tmp/in.txt" >"$tmp/out"; expect icu 0 $?
contains icu "$tmp/out" "2023"

printf '杭研大厦\n# a comment\n放管服改革 0\n' >"$tmp/user.txt"
"$ga" seg --user-dict "$tmp/user.txt" "$tmp/in.txt" >"$tmp/out"; expect user-dict 0 $?
contains user-dict "$tmp/out" "网易 杭研大厦"
contains user-dict-delete "$tmp/out" "深化 放管服 改革"

printf '杭研大厦 12x\n' >"$tmp/baddict.txt"
"$ga" seg --user-dict "$tmp/baddict.txt" "$tmp/in.txt" >/dev/null 2>"$tmp/err"; expect bad-dict 2 $?
contains bad-dict "$tmp/err" "baddict.txt:1:6:"
printf 'ab\377cd' >"$tmp/bad.txt"
"$ga" seg "$tmp/bad.txt" >/dev/null 2>"$tmp/err"; expect invalid-utf8 2 $?
contains invalid-utf8 "$tmp/err" "bad.txt:byte 2:"
"$ga" seg --mode fast "$tmp/in.txt" >/dev/null 2>&1; expect bad-mode 2 $?
"$ga" seg >/dev/null 2>&1; expect no-file 2 $?
"$ga" seg "$tmp/missing.txt" >/dev/null 2>"$tmp/err"; expect missing 2 $?
GOVAUDIT_DATA_DIR="$tmp/nowhere" "$ga" seg "$tmp/in.txt" >/dev/null 2>"$tmp/err"
expect no-dictionary 2 $?
contains no-dictionary "$tmp/err" "default.gadict"
GOVAUDIT_DATA_DIR="$tmp/nowhere" "$ga" seg --mode icu "$tmp/in.txt" >/dev/null; expect icu-no-dict 0 $?

finish
