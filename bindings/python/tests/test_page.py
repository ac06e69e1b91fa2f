import pytest

import govaudit
from conftest import fixture_path


def read(name):
    with open(fixture_path("page", name), "rb") as f:
        return f.read()


def test_gbk_article():
    p = govaudit.parse_page(read("article-trs-gbk.html"), url="http://www.linjiang.gov.cn/a.html")
    assert isinstance(p, govaudit.Page)
    assert p.kind == "article"
    assert p.title == "临江市人民政府办公室关于做好2023年防汛防台工作的通知"
    assert p.pubdate.startswith("2023-07-31")
    assert p.source == "市政府办公室"
    assert p.column[-1] == "通知公告"
    assert p.meta["SiteName"] == "临江市人民政府"
    assert p.charset.lower() in ("gbk", "gb18030", "gb2312")
    assert "主汛期" in p.text
    assert p.links and all(isinstance(l, govaudit.Link) and l.url for l in p.links)
    assert p.url == "http://www.linjiang.gov.cn/a.html"


def test_list_page_items():
    p = govaudit.parse_page(read("list-table-utf8.html"), url="http://example.gov.cn/list.html")
    assert p.kind == "list"
    assert len(p.items) >= 3
    assert all(i.title and i.url.startswith("http") for i in p.items)


def test_str_input_and_forced_charset():
    html = "<html><head><title>关于开展检查的通知</title></head><body><p>正文。</p></body></html>"
    p = govaudit.parse_page(html)
    assert p.html_title == "关于开展检查的通知"
    assert p.charset.lower() == "utf-8"
    # The same page as GBK bytes, with the charset forced (it declares none).
    q = govaudit.parse_page(html.encode("gbk"), charset="gbk")
    assert q.html_title == "关于开展检查的通知"


def test_limit_raises_error_with_message():
    with pytest.raises(govaudit.LimitExceeded) as e:
        govaudit.parse_page(b"<html>" + b"x" * 5000 + b"</html>", max_bytes=1000)
    assert e.value.message and e.value.status == govaudit.LimitExceeded.status
