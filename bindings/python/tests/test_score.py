import json

import pytest

import govaudit
from conftest import need_module

ACCOUNT = {
    "account": "青禾发布", "platform": "微信公众号", "owner": "青禾市人民政府办公室",
    "interaction": True,
    "posts": [{"time": f"2023-0{m}-1{d} 10:00", "title": f"工作动态{m}{d}", "text": "正文",
               "url": f"https://mp.example.com/{m}{d}"} for m in range(5, 9) for d in range(5)],
    "menus": [{"name": "办事服务", "url": "https://mp.example.com/menu", "status": 200}],
    "messages": [{"time": "2023-08-01 09:12", "reply_time": "2023-08-02 15:00", "text": "咨询"}],
}


@pytest.fixture(autouse=True)
def _score():
    need_module("score")


def test_builtin_profiles():
    with govaudit.Profile() as p:
        assert p.id == "gov-website-2019" and p.object == "website"
        kinds = {k for _, _, k in p.indicators}
        assert {"veto", "deduct"} <= kinds
    with govaudit.Profile("gov-newmedia-2019") as p:
        assert p.object == "newmedia"
    with pytest.raises(govaudit.Error) as e:
        govaudit.Profile("no-such-profile")
    assert "no-such-profile" in e.value.message


def test_profile_syntax_error_position():
    with pytest.raises(govaudit.DataSyntaxError) as e:
        govaudit.Profile.from_json('{"id": "x",\n  "indicators": [1,,2]}', name="bad.json")
    assert e.value.message and (e.value.line == 2 or e.value.offset is not None)


def test_score_new_media_account():
    result = govaudit.score("gov-newmedia-2019", ACCOUNT, media=True, date="2023-08-15")
    assert result["site"] == "青禾发布"
    assert isinstance(result["passed"], bool)
    assert {"vetoes", "deductions", "bonuses"} <= set(result)
    with govaudit.Observations(json.dumps(ACCOUNT), media=True, date="2023-08-15") as obs, \
            govaudit.Profile("gov-newmedia-2019") as prof:
        assert obs.date == "2023-08-15 00:00:00"
        again = govaudit.score(prof, obs)
    assert result["date"].startswith("2023-08-15")
    assert again["passed"] == result["passed"] and again["vetoes"] == result["vetoes"]


def test_posts_scanned_for_wrong_wording():
    need_module("match")
    account = dict(ACCOUNT, posts=[dict(ACCOUNT["posts"][-1], text="要按步就班抓好落实")])
    with govaudit.Observations(account, media=True, date="2023-08-20") as obs, \
            govaudit.Matcher() as m:
        before = govaudit.score("gov-newmedia-2019", obs)
        obs.scan_posts(m)
        after = govaudit.score("gov-newmedia-2019", obs)
    assert before["findings"] == []
    assert [f["text"] for f in after["findings"]] == ["按步就班"]
    assert after["findings"][0]["url"] == account["posts"][0]["url"]
    assert any(p["id"] == "M-P3" for p in after["problems"])


def test_parse_time():
    assert govaudit.parse_time("2023-08-15") + 3600 == govaudit.parse_time("2023-08-15 01:00")
    with pytest.raises(govaudit.DataSyntaxError) as e:
        govaudit.parse_time("2023-08-xx")
    assert e.value.offset == 8
