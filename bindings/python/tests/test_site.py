import os

import pytest

import govaudit
from conftest import need_module


def test_audit_demo_crawl(demo_warc, tmp_path):
    need_module("site")
    html = str(tmp_path / "report.html")
    r = govaudit.audit_site(demo_warc, date="2023-08-15", html=html)
    assert r["date"] == "2023-08-15" and r["site"]
    assert isinstance(r["passed"], bool)
    texts = {f["text"] for f in r["findings"]}
    # The demo site's planted wording defects (examples/demo-site/generate.py).
    assert {"再接再励", "一如继往"} <= texts
    assert any("一稿多发" in str(d) for d in r["duplicates"])
    assert os.path.getsize(html) > 1000
    with govaudit.Matcher.from_text("@category 错别字\n再接再励\t再接再厉\n") as m:
        only = govaudit.audit_site(demo_warc, date="2023-08-15", matcher=m, dedup=False,
                                   spell=False)
        both = govaudit.audit_site(demo_warc, date="2023-08-15", matcher=m, dedup=False)
    assert {f["text"] for f in only["findings"]} == {"再接再励"}
    assert not only["duplicates"]
    # Without the rule for 一如继往, the spelling model finds its wrong character.
    spelled = [f for f in both["findings"] if f["rule"].startswith("spell")]
    assert [(f["text"], f["suggestion"]) for f in spelled] == [("继", "既")]
    assert spelled[0]["category"] == "错别字" and spelled[0]["severity"] != "serious"


def test_audit_missing_crawl(tmp_path):
    need_module("site")
    with pytest.raises(govaudit.Error) as e:
        govaudit.audit_site(str(tmp_path / "none.warc.gz"), date="2023-08-15")
    assert "none.warc.gz" in e.value.message
