#!/bin/sh
# govaudit check: output shapes, exit statuses (0 ran, 1 findings at --fail-on, 2 bad input).
set -u
ga=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

printf '我们要按步就班抓好布署。根据国办发[2019]19号文件，市环境保护局于2023年2月30日前完成。\n' >"$tmp/bad.txt"
printf '我们要按部就班抓好部署。根据国办发〔2019〕19号文件，市生态环境局于2023年2月28日前完成。\n' >"$tmp/good.txt"

# shipped packs
"$ga" check "$tmp/bad.txt" >"$tmp/out"; expect plain 0 $?
contains plain "$tmp/out" "按步就班"
contains plain "$tmp/out" "按部就班"
contains plain "$tmp/out" "环境保护局"
"$ga" check --json "$tmp/bad.txt" >"$tmp/out"; expect json 0 $?
contains json "$tmp/out" '"rule":"typo:'
contains json "$tmp/out" '"category":"错别字","severity":"normal","start":9,"end":21,"text":"按步就班","suggestion":"按部就班"'
contains json "$tmp/out" '"text":"[2019]","suggestion":"〔2019〕"'
contains json "$tmp/out" '"category":"过时表述"'
contains json "$tmp/out" '"category":"格式"'
"$ga" check --json "$tmp/good.txt" >"$tmp/out"; expect clean 0 $?
contains clean "$tmp/out" "[]"
"$ga" check --fail-on normal "$tmp/bad.txt" >/dev/null; expect fail-on-normal 1 $?
"$ga" check --fail-on serious "$tmp/bad.txt" >/dev/null; expect fail-on-serious 0 $?
"$ga" check --fail-on normal "$tmp/good.txt" >/dev/null; expect fail-on-clean 0 $?
"$ga" check --fail-on fatal "$tmp/good.txt" >/dev/null 2>&1; expect fail-on-bad 2 $?
"$ga" check - <"$tmp/bad.txt" >"$tmp/out"; expect stdin 0 $?
contains stdin "$tmp/out" "布署"

# user rules, several files, duplicates, compiled files
printf '@category 敏感词\n@severity serious\n@flags norm\n测试词\t-\n' >"$tmp/a.rules"
printf '# again\n@category 敏感词\n@flags norm\n测试词\t-\n按步就班\t按部就班\tcat=错别字\n' >"$tmp/b.rules"
printf '这是测 试 詞和按步就班。' >"$tmp/t.txt"
"$ga" check --rules "$tmp/a.rules" --rules "$tmp/b.rules" --json "$tmp/t.txt" >"$tmp/out" 2>"$tmp/err"
expect user-rules 0 $?
contains user-rules "$tmp/out" '"rule":"a:4","category":"敏感词","severity":"serious","start":6,"end":17,"text":"测 试 詞"'
contains user-rules "$tmp/out" '"rule":"b:5"'
contains duplicate "$tmp/err" "b.rules:4:1: duplicate rule '测试词', first defined at"
"$ga" check --rules "$tmp/a.rules" --rules "$tmp/b.rules" --save "$tmp/m.gamatch" 2>/dev/null
expect save 0 $?
"$ga" check --rules "$tmp/m.gamatch" --json "$tmp/t.txt" >"$tmp/out2"; expect load 0 $?
if cmp -s "$tmp/out" "$tmp/out2"; then passes=$((passes + 1)); else
    echo "FAIL load: compiled matcher gives other findings"; fails=$((fails + 1)); fi
printf 'garbage' >"$tmp/x.gamatch"
"$ga" check --rules "$tmp/x.gamatch" "$tmp/t.txt" >/dev/null 2>"$tmp/err"; expect corrupt 2 $?
contains corrupt "$tmp/err" "x.gamatch"

# bad input
printf '@category x\nre:错(字\t-\n' >"$tmp/bad.rules"
"$ga" check --rules "$tmp/bad.rules" "$tmp/t.txt" >/dev/null 2>"$tmp/err"; expect bad-rules 2 $?
contains bad-rules "$tmp/err" "bad.rules:2:7:"
printf 'ab\377cd' >"$tmp/bin.txt"
"$ga" check "$tmp/bin.txt" >/dev/null 2>"$tmp/err"; expect invalid-utf8 2 $?
contains invalid-utf8 "$tmp/err" "bin.txt:byte 2:"
"$ga" check "$tmp/missing.txt" >/dev/null 2>"$tmp/err"; expect missing 2 $?
"$ga" check >/dev/null 2>&1; expect no-file 2 $?
"$ga" check --bogus "$tmp/t.txt" >/dev/null 2>&1; expect bad-option 2 $?
"$ga" help >"$tmp/out"; contains help "$tmp/out" "check"

finish
