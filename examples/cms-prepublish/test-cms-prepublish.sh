#!/bin/sh
# The CMS pre-publish hook through a publish sequence on one site.
set -u
hook=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../../tests/cli/testlib.sh"
draft() { # draft FILE COLUMN DATE PARAGRAPHS-SEED [extra json members]
    /usr/bin/python3 - "$@" <<'PY'
import json, random, sys
path, column, date, seed = sys.argv[1:5]
extra = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}
words = ("市政府 召开 常务会议 研究 部署 安全生产 工作 会议 强调 坚持 人民 至上 生命 各地区 各部门 "
         "压紧 压实 责任 深入 推进 改革 优化 营商 环境 全面 推行 一网通办 提升 政务 服务 效能 加强 "
         "基层 医疗 卫生 体系 建设 扎实 做好 稳就业 保民生 乡村 振兴 战略 加快 农业 农村").split()
r = random.Random(int(seed))
text = "\n".join("".join("".join(r.choice(words) for _ in range(r.randint(6, 12))) + "。"
                         for _ in range(4)) for _ in range(5))
d = {"site": "www.a.gov.cn", "column": column, "url": "http://www.a.gov.cn/%s/%s.html" % (seed, date),
     "date": date, "title": "关于做好安全生产工作的通知", "text": text, "source": ""}
d.update(extra)
if "prefix" in d: d["text"] = d.pop("prefix") + d["text"]
json.dump(d, open(path, "w"), ensure_ascii=False)
PY
}
idx=$tmp/site.gadedup

# 1. the first article of a new site is published and recorded
draft "$tmp/a.json" 通知公告 2023-03-01 1
"$hook" --index "$idx" --add "$tmp/a.json" >"$tmp/out" 2>"$tmp/err"; expect first 0 $?
contains first "$tmp/out" '"publish":true'
contains first "$tmp/out" '"recorded":true'
test -s "$idx"; expect index-written 0 $?

# 2. the same article for another column is 一稿多发: blocked, and says where it already is
draft "$tmp/a2.json" 工作动态 2023-03-05 1 '{"prefix": "（本网讯）\n"}'
"$hook" --index "$idx" --add "$tmp/a2.json" >"$tmp/out" 2>"$tmp/err"; expect other-column 1 $?
contains other-column "$tmp/out" '"publish":false'
contains other-column "$tmp/out" 'already published in column 通知公告 on date 2023-03-01'
contains other-column "$tmp/out" '"relation":"other-column"'

# 3. again in the same column ten days later: repeated within the window, blocked
draft "$tmp/a3.json" 通知公告 2023-03-11 1
"$hook" --index "$idx" "$tmp/a3.json" >"$tmp/out" 2>"$tmp/err"; expect repeated 1 $?
contains repeated "$tmp/out" '"relation":"repeated"'

# 4. a new article with a serious wording error is blocked by the findings
draft "$tmp/b.json" 工作动态 2023-03-12 2 '{"prefix": "台湾政府宣布有关事项。\n"}'
"$hook" --index "$idx" --add "$tmp/b.json" >"$tmp/out" 2>"$tmp/err"; expect serious 1 $?
contains serious "$tmp/out" '"severity":"serious"'
contains serious "$tmp/out" '"suggestion":"台湾当局"'
contains serious "$tmp/out" '"matches":[]'

# 5. corrected, it is published and recorded; the index now holds two articles
draft "$tmp/b.json" 工作动态 2023-03-12 2
"$hook" --index "$idx" --add "$tmp/b.json" >"$tmp/out" 2>"$tmp/err"; expect corrected 0 $?
contains corrected "$tmp/out" '"findings":[]'
"$hook" --index "$idx" "$tmp/b.json" >"$tmp/out" 2>"$tmp/err"; expect recorded 1 $?
contains recorded "$tmp/out" 'already published in column 工作动态 on date 2023-03-12'

# 7. a typo nobody listed: reported with its confidence and candidates, never serious;
#    it blocks only where the CMS asks for it and the model is sure
draft "$tmp/t.json" 工作动态 2023-03-15 3 '{"prefix": "全国人民代表大会堂务委员会审议了该议案。\n"}'
"$hook" --index "$idx" "$tmp/t.json" >"$tmp/out" 2>"$tmp/err"; expect typo 0 $?
contains typo "$tmp/out" '"rule":"spell:'
contains typo "$tmp/out" '"text":"堂","suggestion":"常"'
contains typo "$tmp/out" '"candidates":["常"'
"$hook" --index "$idx" --block-typos "$tmp/t.json" >"$tmp/out" 2>"$tmp/err"; expect block-typos 1 $?
contains block-typos "$tmp/out" '"publish":false'
"$hook" --index "$idx" --no-spell "$tmp/t.json" >"$tmp/out" 2>"$tmp/err"; expect no-spell 0 $?
contains no-spell "$tmp/out" '"findings":[]'

# 6. another office reposting article 1 with 来源 is 转载: it does not block
draft "$tmp/r.json" 转载 2023-03-20 1 '{"site": "www.b.gov.cn", "url": "http://www.b.gov.cn/r.html", "source": "www.a.gov.cn"}'
"$hook" --index "$idx" "$tmp/r.json" >"$tmp/out" 2>"$tmp/err"; expect repost 0 $?
contains repost "$tmp/out" '"relation":"attributed"'
contains repost "$tmp/out" '"blocks":false'

# bad input
printf 'GADEDUP\0garbage' >"$tmp/bad.gadedup"
"$hook" --index "$tmp/bad.gadedup" "$tmp/a.json" >"$tmp/out" 2>"$tmp/err"; expect corrupt-index 2 $?
contains corrupt-index "$tmp/err" "bad.gadedup"
printf '{"title": "x"}' >"$tmp/bad.json"
"$hook" --index "$idx" "$tmp/bad.json" >"$tmp/out" 2>"$tmp/err"; expect bad-draft 2 $?
"$hook" >/dev/null 2>&1; expect usage 2 $?

finish
