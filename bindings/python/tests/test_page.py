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


def test_dates_identity_messages_and_guide():
    p = govaudit.parse_page(read("real-tongji-hanweb-gbk.html"),
                            url="http://tjj.linjiang.gov.cn/art/2017/3/1/art_3_1234.html")
    # A PubDate years after the date shown is the rebuild time: both kept.
    assert p.pubdate == "2017-03-01"
    assert p.dates == {"meta": "2022-11-08T16:32:00", "shown": "2017-03-01", "url": "2017-03-01"}
    assert p.identity["site_code"] == ("3301000020", None)
    assert p.identity["icp"] == ("浙ICP备05012366号-1", "http://beian.miit.gov.cn")
    assert p.identity["zhaocuo"][0] == "3301000020"
    assert not p.messages and p.guide is None and not p.message_form
    lst = govaudit.parse_page(read("real-messages-list-gbk.html"),
                              url="http://www.linjiang.gov.cn/hdjl/szxx/index.html")
    assert len(lst.messages) == 5
    m = lst.messages[2]
    assert isinstance(m, govaudit.Message)
    assert (m.title, m.time, m.status, m.reply_time) == ("建议在滨江公园增设公共厕所", "2023-03-02", "办理中", None)
    assert m.url == "http://www.linjiang.gov.cn/hdjl/szxx/202303/t20230302_402.html"
    g = govaudit.parse_page(read("src/real/guide-dl.html"), url="http://zwfw.linjiang.gov.cn/bszn/2.html")
    assert g.guide == govaudit.Guide("城乡居民养老保险参保登记", ["设定依据", "申请条件", "办理时限", "咨询电话", "办理流程"])
