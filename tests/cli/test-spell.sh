#!/bin/sh
# Statistical 错别字 in govaudit check and audit-media: typos of official texts written for
# this test, the correct text quiet, --no-spell, --spell-words, the rules' hits left to them.
set -u
ga=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

cat >"$tmp/typos.txt" <<'TXT'
全国人民代表大会堂务委员会第三次会议审议了该议案。
请各单位结合实际制定总休方案，报市政府办公室。
大家要再接再励，一如继往地做好政务公开工作。
TXT
cat >"$tmp/good.txt" <<'TXT'
全国人民代表大会常务委员会第三次会议审议了该议案。
请各单位结合实际制定总体方案，报市政府办公室。
区人民政府认真落实国务院关于深化放管服改革的决策部署。
TXT

"$ga" check --json "$tmp/typos.txt" >"$tmp/out"; expect json 0 $?
json_check typo-1 "$tmp/out" '[(f["text"], f["suggestion"]) for f in d if f["rule"].startswith("spell")][:2] == [("堂", "常"), ("休", "体")]'
json_check offsets "$tmp/out" 'all(open(sys.argv[1].replace("out", "typos.txt"), "rb").read()[f["start"]:f["end"]].decode() == f["text"] for f in d)'
json_check fields "$tmp/out" 'all(f["category"] == "错别字" and f["severity"] in ("hint", "normal") and 0 < f["confidence"] <= 1 and f["candidates"][0] == f["suggestion"] for f in d if f["rule"].startswith("spell"))'
# the rule packs find 再接再励 and 一如继往; the model leaves their characters alone
json_check rules-first "$tmp/out" 'sorted(f["text"] for f in d if f["rule"].startswith("typo")) == ["一如继往", "再接再励"] and not any(f["text"] == "继" for f in d)'
json_check order "$tmp/out" '[f["start"] for f in d] == sorted(f["start"] for f in d)'
"$ga" check "$tmp/typos.txt" >"$tmp/out"; expect plain 0 $?
contains plain "$tmp/out" "	堂	常	spell:"
"$ga" check --json "$tmp/good.txt" >"$tmp/out"; expect good 0 $?
same good "$tmp/out" "[]"
"$ga" check --json --no-spell "$tmp/typos.txt" >"$tmp/out"; expect no-spell 0 $?
lacks no-spell "$tmp/out" '"rule":"spell:'
# a whitelist (the user-dictionary format) protects a term
printf '# local terms\n堂务委员会\n' >"$tmp/words.txt"
"$ga" check --json --spell-words "$tmp/words.txt" "$tmp/typos.txt" >"$tmp/out"; expect words 0 $?
lacks words "$tmp/out" '"text":"堂"'
contains words "$tmp/out" '"text":"休"'
printf '坏词 99999999999\n' >"$tmp/badwords.txt"
"$ga" check --spell-words "$tmp/badwords.txt" "$tmp/typos.txt" >"$tmp/out" 2>"$tmp/err"; expect bad-words 2 $?
contains bad-words "$tmp/err" "badwords.txt:1"
"$ga" check --spell-words "$tmp/none.txt" "$tmp/typos.txt" >"$tmp/out" 2>"$tmp/err"; expect missing-words 2 $?
contains missing-words "$tmp/err" "none.txt"
# a statistical guess is never serious: --fail-on serious passes, hint fails
printf "# no rules\n" >"$tmp/none.rules"
"$ga" check --no-spell --rules "$tmp/none.rules" --fail-on hint "$tmp/typos.txt" >/dev/null 2>&1; expect no-rules-no-spell 0 $?
"$ga" check --rules "$tmp/none.rules" --fail-on serious "$tmp/typos.txt" >/dev/null 2>&1; expect never-serious 0 $?
"$ga" check --rules "$tmp/none.rules" --fail-on hint "$tmp/typos.txt" >/dev/null 2>&1; expect fail-on-hint 1 $?
# invalid UTF-8 names its byte
printf '总休方案\345\240' >"$tmp/bad.txt"
"$ga" check --rules "$tmp/none.rules" "$tmp/bad.txt" >"$tmp/out" 2>"$tmp/err"; expect bad-utf8 2 $?
contains bad-utf8 "$tmp/err" "byte 12"

# audit-media counts the model's findings in posts
cat >"$tmp/media.json" <<'JSON'
{"account": "某某发布", "platform": "微信公众号", "owner": "某某区人民政府", "interaction": true,
 "posts": [{"time": "2023-07-28 10:00", "title": "关于印发总休方案的通知",
            "text": "全国人民代表大会堂务委员会审议了该议案。", "url": "http://mp.example/1"}],
 "menus": [], "messages": []}
JSON
"$ga" audit-media --date 2023-08-01 --json "$tmp/media.json" >"$tmp/out"; expect media 0 $?
json_check media-findings "$tmp/out" 'sorted(f["text"] for f in d["findings"] if f.get("rule", "").startswith("spell")) == ["休", "堂"]'
"$ga" audit-media --date 2023-08-01 --json --no-spell "$tmp/media.json" >"$tmp/out"; expect media-no-spell 0 $?
lacks media-no-spell "$tmp/out" '"spell:'
finish
