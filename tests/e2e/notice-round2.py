"""The demo site a round later, rewritten in place in a folder written by generate.py:
    notice-round2.py SITEDIR
- 再接再励 corrected (a finding fixed);
- the 一稿多发 copy in 部门动态 taken down, its list entry too (the veto fixed);
- the 政策解读 article with 环境保护局 moved to another address (the finding outstanding,
  at a new page), every link to it updated;
- 部门动态 renamed 部门工作动态 (the stale column outstanding under its new name);
- a new typo, 按步就班, in the newest 乡镇动态 article (a new finding).
Only the standard library is used."""
import glob
import os
import re
import sys

site = sys.argv[1]


def charset(data):
    return "gb18030" if b"charset=gb2312" in data[:400] else "utf-8"


def rewrite(path, fn):
    data = open(path, "rb").read()
    enc = charset(data)
    text = fn(data.decode(enc))
    open(path, "wb").write(text.encode(enc))


pages = sorted(glob.glob(os.path.join(site, "**", "*.html"), recursive=True))
copy = "/bmdt/202307/t20230709_138.html"
old, new = "/zcjd/202307/t20230705_285.html", "/zcjd/art/2023/art_285.html"
os.remove(os.path.join(site, copy.lstrip("/")))
os.makedirs(os.path.dirname(os.path.join(site, new.lstrip("/"))), exist_ok=True)
os.rename(os.path.join(site, old.lstrip("/")), os.path.join(site, new.lstrip("/")))
pages = sorted(glob.glob(os.path.join(site, "**", "*.html"), recursive=True))
for p in pages:
    rewrite(p, lambda t: re.sub(r'<li><a href="%s"[^\n]*</li>\n?' % re.escape(copy), "", t)
            .replace(old, new).replace("再接再励", "再接再厉").replace("部门动态", "部门工作动态"))
newest = sorted(glob.glob(os.path.join(site, "xzdt", "*", "t*.html")))[-1]
rewrite(newest, lambda t: t.replace("。</p>", "，各部门要按步就班抓好落实。</p>", 1))
