#!/bin/sh
# Attachments and personal information: govaudit check on attachment files (sniffed by
# content), and an audit of a mirror whose article links a 公示 list and other attachments.
# No output may hold a full personal value.
set -u
ga=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/testlib.sh"
fx="$(dirname "$0")/../fixtures/attach"
# Every full value of the fixtures (valid or not): none may appear in any output.
full='11010519491231002X 440524188001010014 320102198808081237 13812345678 6222021234567890128 E12345678'
leak_free() { # leak_free NAME FILE...
    name=$1; shift
    for v in $full; do
        if grep -qF -- "$v" "$@"; then fail "$name: full value $v in output"; else pass; fi
    done
    if grep -qF -- "6222 0212 3456 7890 128" "$@"; then fail "$name: spaced card in output"; else pass; fi
}

# check: the file's content decides, not its name. The exact lists are the rule findings
# (--no-spell); the statistical ones are the spell module's to test.
cp "$fx/gongshi.xlsx" "$tmp/list.bin"
"$ga" check --no-spell --json "$tmp/list.bin" >"$tmp/x.json" 2>"$tmp/err"; expect xlsx 0 $?
json_check xlsx "$tmp/x.json" '[(f["rule"], f["location"], f["text"]) for f in d] == [("privacy:resident-id", "名单!C2", "110105********002X"), ("privacy:mobile", "名单!D2", "138****5678"), ("privacy:bank-card", "名单!E2", "6222***********0128"), ("privacy:resident-id", "名单!C3", "440524********0014"), ("privacy:mobile", "名单!D5", "139****5678"), ("typo:9", "说明!A1", "按步就班")]'
json_check xlsx-category "$tmp/x.json" 'all(f["category"] == "个人信息" and f["suggestion"] == f["text"] for f in d[:5])'
"$ga" check "$fx/gongshi.xlsx" >"$tmp/x.txt" 2>&1; expect xlsx-text 0 $?
contains xlsx-text "$tmp/x.txt" '名单!C2'
"$ga" check --fail-on serious "$fx/gongshi.xlsx" >/dev/null 2>&1; expect fail-on 1 $?
"$ga" check --no-spell --json "$fx/tongzhi.docx" >"$tmp/d.json" 2>&1; expect docx 0 $?
json_check docx "$tmp/d.json" '[(f["rule"], f["location"]) for f in d] == [("privacy:resident-id", "第9段")]'
"$ga" check --no-spell --json "$fx/huibao.pptx" >"$tmp/p.json" 2>&1; expect pptx 0 $?
json_check pptx "$tmp/p.json" '[(f["rule"], f["location"]) for f in d] == [("privacy:mobile", "第1张幻灯片")]'
"$ga" check --no-spell --json "$fx/fangan.ofd" >"$tmp/o.json" 2>&1; expect ofd 0 $?
json_check ofd "$tmp/o.json" '[(f["rule"], f["location"]) for f in d] == [("typo:9", "第1页"), ("privacy:resident-id", "第2页"), ("privacy:passport", "第2页")]'
"$ga" check --no-spell --json "$fx/fangan.pdf" >"$tmp/f.json" 2>"$tmp/err"; rc=$?
if ! grep -q 'without poppler' "$tmp/err"; then # a build with PDF support
    expect pdf 0 $rc
    json_check pdf "$tmp/f.json" '[(f["rule"], f["location"]) for f in d] == [("typo:9", "第1页"), ("privacy:mobile", "第2页"), ("privacy:resident-id", "第2页")]'
fi
"$ga" check "$fx/legacy.doc" >/dev/null 2>"$tmp/err"; expect ole 2 $?
contains ole "$tmp/err" "97-2003"
"$ga" check "$fx/broken.xlsx" >/dev/null 2>"$tmp/err"; expect broken 2 $?
contains broken "$tmp/err" "damaged zip"
"$ga" check "$fx/deep.docx" >/dev/null 2>"$tmp/err"; expect deep 2 $?
contains deep "$tmp/err" "word/document.xml"
# A page's text: masked values and near-misses are not reported.
"$ga" check --no-spell --json "$fx/gongshi.html" >"$tmp/h.json" 2>&1; expect page 0 $?
json_check page "$tmp/h.json" '[f["rule"] for f in d if f["category"] == "个人信息"] == ["privacy:resident-id", "privacy:mobile", "privacy:bank-card"]'
leak_free check "$tmp"/*.json "$tmp/x.txt" "$tmp/err"

# audit: attachments of a mirror go through the body checks; findings carry the
# attachment, the place in it and the linking page; failures are listed.
m="$tmp/mirror/www.example.gov.cn"
mkdir -p "$m/gg/202308"
cat >"$m/index.html" <<'HTML'
<html><head><meta charset="utf-8"><title>示例县人民政府</title><meta name="SiteName" content="示例县人民政府"></head>
<body><a href="/gg/">公示公告</a><ul><li><a href="/gg/202308/t20230810_1.html">关于2023年度城乡低保对象的公示</a></li></ul></body></html>
HTML
cat >"$m/gg/index.html" <<'HTML'
<html><head><meta charset="utf-8"><title>公示公告</title><meta name="ColumnName" content="公示公告"></head>
<body><div class="crumb">当前位置：<a href="/">首页</a> &gt; 公示公告</div><div class="list"><ul>
<li><a href="/gg/202308/t20230810_1.html">关于2023年度城乡低保对象的公示</a><span>2023-08-10</span></li></ul></div></body></html>
HTML
cp "$fx/gongshi.html" "$m/gg/202308/t20230810_1.html"
cp "$fx/gongshi.xlsx" "$m/gg/202308/P020230810_名单.xlsx"
cp "$fx/fangan.pdf" "$m/gg/202308/fangan.pdf"
cp "$fx/tongzhi.docx" "$m/gg/202308/tongzhi.docx"
cp "$fx/legacy.doc" "$m/gg/202308/old.doc"
"$ga" audit --date 2023-08-15 --json --html "$tmp/r.html" "$tmp/mirror" >"$tmp/a.json" 2>"$tmp/err"
expect audit 0 $?
json_check audit-xlsx "$tmp/a.json" 'any(f["url"].endswith(".xlsx") and f["location"] == "名单!C2" and f["page"].endswith("t20230810_1.html") and f["text"] == "110105********002X" for f in d["findings"])'
json_check audit-docx "$tmp/a.json" 'any(f["url"].endswith("tongzhi.docx") and f["location"] == "第9段" for f in d["findings"])'
json_check audit-page "$tmp/a.json" 'any(f["url"].endswith("t20230810_1.html") and f["rule"] == "privacy:bank-card" and "location" not in f for f in d["findings"])'
json_check audit-missing "$tmp/a.json" 'any(a["url"].endswith("missing.docx") and not a["checked"] and "not downloaded" in a["error"] for a in d["attachments"])'
json_check audit-ole "$tmp/a.json" 'any(a["url"].endswith("old.doc") and a["format"] == "ole" and "97-2003" in a["error"] for a in d["attachments"])'
json_check audit-checked "$tmp/a.json" 'sum(a["checked"] for a in d["attachments"]) >= 2'
contains audit-html "$tmp/r.html" '名单!C2'
contains audit-html "$tmp/r.html" '链接页面'
contains audit-html "$tmp/r.html" '未能检查'
leak_free audit "$tmp/a.json" "$tmp/r.html" "$tmp/err"
finish
