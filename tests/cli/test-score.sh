#!/bin/sh
# govaudit audit-media and govaudit summary: verdicts, JSON shape, exit statuses.
set -u
ga=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

cat >"$tmp/acct.json" <<'JSON'
{"account": "某某发布", "platform": "微信公众号", "owner": "某某镇人民政府",
 "interaction": true,
 "posts":    [{"time": "2023-07-28 10:00", "title": "通知", "text": "正文", "url": "https://mp.weixin.qq.com/s/a"}],
 "menus":    [{"name": "办事服务", "url": "https://x.gov.cn/bs", "status": 0},
              {"name": "关于我们", "url": "https://x.gov.cn/a", "status": 200}],
 "messages": [{"time": "2023-05-02 09:12", "reply_time": "2023-05-03 15:00", "text": "问"},
              {"time": "2023-07-02 09:12", "reply_time": null, "text": "问"}]}
JSON

# 2023-08-10: the post of 07-28 is 13 days old — passes, with the broken menu listed.
"$ga" audit-media --date 2023-08-10 --json "$tmp/acct.json" >"$tmp/pass.json"; expect media-pass 0 $?
contains media-pass "$tmp/pass.json" '"site":"某某发布"'
contains media-pass "$tmp/pass.json" '"passed":true'
contains media-pass "$tmp/pass.json" '"vetoes":[]'
contains media-pass "$tmp/pass.json" '"id":"M-P1"'
contains media-pass "$tmp/pass.json" '"where":"办事服务"'
contains media-pass "$tmp/pass.json" '"date":"2023-08-10"'
lacks media-pass "$tmp/pass.json" '"where":"关于我们"'
# --date D ends the 14-day window with day D: 07-28 is still inside on 08-10 (days 07-28..08-10)
# and outside on 08-11 (days 07-29..08-11).
"$ga" audit-media --date 2023-08-11 --json "$tmp/acct.json" >"$tmp/fail.json"; expect media-fail 0 $?
contains media-fail "$tmp/fail.json" '"passed":false'
contains media-fail "$tmp/fail.json" '"id":"M-V2"'
"$ga" audit-media --date 2023-08-11 "$tmp/acct.json" >"$tmp/out"; expect media-text 0 $?
contains media-text "$tmp/out" "不合格"
contains media-text "$tmp/out" "内容不更新"

sed 's/"interaction": true/"interaction": false/' "$tmp/acct.json" >"$tmp/noint.json"
"$ga" audit-media --date 2023-08-10 --json "$tmp/noint.json" >"$tmp/noint.out"; expect media-nointeraction 0 $?
contains media-nointeraction "$tmp/noint.out" '"id":"M-V3"'

# 错敏字 in posts: the shipped packs find a typo in a text (a problem, M-P3), a user rule
# of severity serious in a title makes 出现严重表述错误 (veto M-V1.1).
sed 's/"text": "正文"/"text": "要按步就班抓好落实"/' "$tmp/acct.json" >"$tmp/typo.json"
"$ga" audit-media --date 2023-08-10 --json "$tmp/typo.json" >"$tmp/typo.out"; expect media-typo 0 $?
contains media-typo "$tmp/typo.out" '"passed":true'
contains media-typo "$tmp/typo.out" '"text":"按步就班","url":"https://mp.weixin.qq.com/s/a"'
json_check media-typo "$tmp/typo.out" 'any(p["id"] == "M-P3" and p["outcome"] == "hit" for p in d["indicators"]) if "indicators" in d else any(p["id"] == "M-P3" for p in d["problems"])'
printf '@category 严重表述错误\n@severity serious\n通知\t-\n' >"$tmp/serious.rules"
"$ga" audit-media --date 2023-08-10 --rules "$tmp/serious.rules" --json "$tmp/typo.json" >"$tmp/veto.out"
expect media-serious 0 $?
contains media-serious "$tmp/veto.out" '"passed":false'
contains media-serious "$tmp/veto.out" '"id":"M-V1","name":"安全、泄密事故等严重问题"'
contains media-serious "$tmp/veto.out" 'M-V1.1 出现严重表述错误: 严重表述错误 serious:3 (serious): 通知'
lacks media-serious "$tmp/veto.out" '按步就班' # only the given rules
contains media-clean "$tmp/pass.json" '"findings":[]'
"$ga" audit-media --rules "$tmp/no-such.rules" "$tmp/acct.json" >/dev/null 2>"$tmp/err"; expect media-norules 2 $?
contains media-norules "$tmp/err" "no-such.rules"

"$ga" summary "$tmp/pass.json" "$tmp/fail.json" "$tmp/noint.out" --json >"$tmp/sum.json"; expect summary 0 $?
contains summary "$tmp/sum.json" '"checked":3'
contains summary "$tmp/sum.json" '"passed":1'
contains summary "$tmp/sum.json" '"rate":33.3'
contains summary "$tmp/sum.json" '内容不更新（单项否决）'
# Vetoed accounts come first in the attachment table.
first=$(sed 's/.*"problems":\[{"site":"某某发布","owner":"某某镇人民政府","passed":\([a-z]*\).*/\1/' "$tmp/sum.json")
expect summary-order false "$first"

# Bad input: exit 2 with the file and position.
printf '{"account": "x",\n "posts": [{"time": "2023-13-01"}]}' >"$tmp/bad.json"
"$ga" audit-media "$tmp/bad.json" >/dev/null 2>"$tmp/err"; expect media-badtime 2 $?
contains media-badtime "$tmp/err" "bad.json:2:"
printf '{"account": "x",\n "posts": [}' >"$tmp/bad2.json"
"$ga" audit-media "$tmp/bad2.json" >/dev/null 2>"$tmp/err"; expect media-syntax 2 $?
contains media-syntax "$tmp/err" "bad2.json:2:12:"
"$ga" audit-media --date 2023-02-30 "$tmp/acct.json" >/dev/null 2>&1; expect media-baddate 2 $?
"$ga" audit-media >/dev/null 2>&1; expect media-nofile 2 $?
"$ga" summary >/dev/null 2>&1; expect summary-nofile 2 $?
echo '{"site": "x"}' >"$tmp/notresult.json"
"$ga" summary "$tmp/notresult.json" >/dev/null 2>"$tmp/err"; expect summary-bad 2 $?
contains summary-bad "$tmp/err" "passed"

finish
