import io
import json
import zipfile

import pytest

import govaudit
from conftest import need_module

ACCOUNT = {
    "account": "横栏发布", "platform": "微信公众号", "owner": "横栏镇人民政府", "interaction": True,
    "posts": [{"time": "2023-08-10 10:00", "title": "通知", "text": "要按步就班抓好落实",
               "url": "https://mp.example.com/1"}],
    "menus": [{"name": "办事服务", "url": "https://mp.example.com/menu", "status": 0}],
    "messages": [],
}
SITE = {"site": "青禾市人民政府", "owner": "青禾市人民政府办公室", "object": "website",
        "date": "2023-08-15", "passed": False,
        "vetoes": [{"id": "W-V1", "name": "安全、泄密事故等严重问题"}],
        "columns": [{"name": "部门动态", "type": "news", "level": 1, "url": "http://a/bmdt/",
                     "stale": True}]}


@pytest.fixture(autouse=True)
def _notice():
    need_module("notice")


def media_result(text, date="2023-08-15"):
    """`govaudit audit-media --json` of the account posting `text`, from Python."""
    account = dict(ACCOUNT, posts=[dict(ACCOUNT["posts"][0], text=text)])
    with govaudit.Observations(account, media=True) as obs, govaudit.Matcher() as m:
        obs.scan_posts(m)
        return govaudit.score("gov-newmedia-2019", obs, date=date)


def test_notice_between_rounds_as_plain_dicts():
    before = media_result("要按步就班抓好落实，一如继往")
    after = media_result("要按步就班抓好落实")
    renamed = dict(SITE, vetoes=[], passed=True,
                   columns=[dict(SITE["columns"][0], name="部门工作动态")])
    d = govaudit.notice(
        [renamed, after], previous=[SITE, before], date="2023-09-01",
        messages=[{"id": 1, "site": "青禾市人民政府", "received": "2023-08-01",
                   "due": "2023-08-04", "closed": "2023-08-03"}],
        reports='{"site": "横栏发布", "due": "2023-08-01", "submitted": null}\n')
    assert type(d) is dict
    assert d["websites"] == {"checked": 1, "passed": 1, "rate": 100.0,
                             "previous": {"checked": 1, "passed": 0, "rate": 0.0}}
    assert d["media"]["checked"] == 1
    assert d["zhaocuo"]["rate"] == 100.0 and d["zhaocuo"]["on_time"] == 1
    assert d["late_reports"] == [{"site": "横栏发布", "due": "2023-08-01", "submitted": None,
                                  "days_late": 31}]
    rect = {r["site"]: r for r in d["rectification"]}
    site = rect["青禾市人民政府"]
    assert [i["kind"] for i in site["fixed"]] == ["indicator"]
    assert site["outstanding"][0]["text"] == "栏目不更新：部门工作动态"
    assert site["outstanding"][0]["previous_text"] == "栏目不更新：部门动态"
    acct = rect["横栏发布"]
    assert [i["text"][:9] for i in acct["fixed"]] == ["错别字「一如继往」"]
    assert any("按步就班" in i["text"] for i in acct["outstanding"]) and acct["new"] == []
    assert d["errors"] == [{"site": "横栏发布", "object": "newmedia", "count": 1}]


def test_text_html_and_paths(tmp_path):
    p = tmp_path / "r.json"
    p.write_text(json.dumps(SITE, ensure_ascii=False), encoding="utf-8")
    with govaudit.Notice("2023-09-01") as n:
        n.add_result(str(p)).add_result(media_result("正文"))
        text = n.text()
        assert "一、总体情况" in text and "二、发现的主要问题" in text and "附件" in text
        assert "合格率0.0%" in text and "合格率100.0%" in text
        assert n.html().startswith("<!DOCTYPE html>")
        with zipfile.ZipFile(io.BytesIO(n.docx())) as z:
            assert "附件" in z.read("word/document.xml").decode("utf-8")
        assert n.to_dict()["table"][0]["site"] == "青禾市人民政府"


def test_errors_name_file_and_line(tmp_path):
    p = tmp_path / "messages.jsonl"
    p.write_text('{"id": 1, "site": "甲", "received": "2023-08-01", "due": "2023-08-04"}\n'
                 '{"id": 2, "site": "甲", "received": "08/01", "due": "2023-08-04"}\n',
                 encoding="utf-8")
    with govaudit.Notice("2023-09-01") as n:
        with pytest.raises(govaudit.DataSyntaxError) as e:
            n.add_messages(p)
        assert e.value.file == str(p) and e.value.line == 2
        assert "received: must be a date" in str(e.value)
        with pytest.raises(govaudit.DataSyntaxError):
            n.add_result({"site": "甲"})
        with pytest.raises(FileNotFoundError):
            n.add_result(str(tmp_path / "missing.json"))
