#!/bin/sh
# govaudit page: the JSON shape of DESIGN.md's CLI table, plain output, exit statuses.
set -u
ga=$1
fix=$(cd "$(dirname "$0")/../fixtures/page" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"

url=http://www.linjiang.gov.cn/art/2023/7/31/art_1229_5501.html
"$ga" page --json --url "$url" "$fix/article-trs-gbk.html" >"$tmp/a.json"; expect json 0 $?
json_check keys "$tmp/a.json" 'all(k in d for k in ("url","title","pubdate","source","column","kind","meta","links","items","text"))'
json_check url "$tmp/a.json" "d['url'] == '$url'"
json_check title "$tmp/a.json" "d['title'] == '临江市人民政府办公室关于做好2023年防汛防台工作的通知'"
json_check pubdate "$tmp/a.json" "d['pubdate'] == '2023-07-31T10:20:00'"
json_check source "$tmp/a.json" "d['source'] == '市政府办公室'"
json_check column "$tmp/a.json" "d['column'] == ['首页', '政务公开', '通知公告']"
json_check kind "$tmp/a.json" "d['kind'] == 'article'"
json_check meta "$tmp/a.json" "d['meta']['SiteIDCode'] == '3301000001' and len(d['meta']) == 14"
json_check links "$tmp/a.json" "all(l['url'].startswith(('http://', 'https://', 'mailto:')) and 'text' in l for l in d['links'])"
json_check items "$tmp/a.json" "d['items'] == []"
json_check text "$tmp/a.json" "d['text'].startswith('各县（市、区）人民政府') and '打印本页' not in d['text']"

"$ga" page --json --url http://www.linjiang.gov.cn/zwgk/zfwj/index.html - <"$fix/list-zfwj-gbk.html" >"$tmp/l.json"; expect stdin 0 $?
json_check list-kind "$tmp/l.json" "d['kind'] == 'list' and d['pubdate'] is None"
json_check list-items "$tmp/l.json" "len(d['items']) == 7 and d['items'][0]['date'] == '2023-07-31' and d['items'][0]['url'].endswith('/t20230731_5501.html')"

"$ga" page "$fix/malformed-utf8.html" >"$tmp/out"; expect plain 0 $?
contains plain "$tmp/out" "title: 临江镇开展夏季消防安全大检查"
contains plain "$tmp/out" "pubdate: 2023-08-01T16:45:00"
contains plain "$tmp/out" "column: 首页 > 镇村动态"

"$ga" page --charset no-such-charset "$fix/home-utf8.html" >/dev/null 2>"$tmp/err"; expect bad-charset 2 $?
contains bad-charset "$tmp/err" "home-utf8.html"
"$ga" page "$tmp/missing.html" >/dev/null 2>"$tmp/err"; expect missing-file 2 $?
contains missing-file "$tmp/err" "missing.html"
"$ga" page >/dev/null 2>&1; expect no-file 2 $?
"$ga" page --bogus "$fix/home-utf8.html" >/dev/null 2>&1; expect bad-option 2 $?
: >"$tmp/empty.html"
"$ga" page --json "$tmp/empty.html" >"$tmp/e.json"; expect empty 0 $?
json_check empty-shape "$tmp/e.json" "d['kind'] == 'other' and d['text'] == '' and d['links'] == []"

finish
