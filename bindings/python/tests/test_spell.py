import threading

import pytest

import govaudit
from conftest import need_module

# Typos of the kind that reach the public, in sentences written for these tests.
TYPOS = [
    ("全国人民代表大会堂务委员会通过了这项决定。", "堂", "常"),
    ("请各单位按照总休方案抓好落实。", "休", "体"),
]


@pytest.fixture(scope="module")
def model():
    need_module("spell")
    with govaudit.SpellModel() as m:
        yield m


def test_typos_found_with_offsets(model):
    for text, wrong, right in TYPOS:
        fs = model.check(text)
        assert [(f.text, f.suggestion) for f in fs] == [(wrong, right)], text
        f = fs[0]
        assert isinstance(f, govaudit.SpellFinding)
        assert text[f.start:f.end] == wrong
        assert text.encode()[f.byte_start:f.byte_end].decode() == wrong
        assert f.category == "错别字" and f.rule.startswith("spell")
        assert f.severity in ("hint", "normal")
        assert 0 < f.confidence <= 1 and f.candidates[0] == right


def test_correct_text_is_quiet(model):
    assert model.check("国务院办公厅关于进一步加强政府网站管理工作的通知") == []


def test_user_words_are_protected(model):
    text = "请各单位按照总休方案抓好落实。"
    with model.with_words("总休方案 10\n") as m:
        assert m.check(text) == []
    assert model.check(text)  # the base model is unchanged


def test_matcher_hits_are_left_to_it(model):
    with govaudit.Matcher.from_text("@category 错别字\n堂务委员会\t常务委员会\n") as m:
        assert model.check(TYPOS[0][0], matcher=m) == []
    assert model.check(TYPOS[0][0])


def test_bad_utf8_and_corrupt_file(model, tmp_path):
    with pytest.raises(govaudit.InvalidUTF8):
        model.check(b"\xe5\xa0")
    bad = tmp_path / "bad.gaspell"
    bad.write_bytes(b"GASPELL\n" + b"\0" * 100)
    with pytest.raises(govaudit.FormatError):
        govaudit.SpellModel.load(str(bad))


def test_threads_share_one_model(model):
    want = [[(f.text, f.suggestion) for f in model.check(t)] for t, _, _ in TYPOS]
    errors = []

    def work():
        for _ in range(20):
            for (t, _, _), w in zip(TYPOS, want):
                if [(f.text, f.suggestion) for f in model.check(t)] != w:
                    errors.append(t)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors


def test_posts_of_an_account(model):
    need_module("spell")
    export = ('{"account": "某某发布", "platform": "微信公众号", "owner": "某某区人民政府", '
              '"interaction": true, "posts": [{"time": "2023-07-28 10:00", '
              '"title": "关于印发总休方案的通知", "text": "全国人民代表大会堂务委员会审议了该议案。", '
              '"url": "http://mp.example/1"}], "menus": [], "messages": []}')
    with govaudit.Observations(export, media=True) as obs, govaudit.Matcher() as m:
        obs.scan_posts(m, spell=model)
        r = govaudit.score("gov-newmedia-2019", obs, date="2023-08-01")
    found = sorted(f["text"] for f in r["findings"] if f.get("rule", "").startswith("spell"))
    assert found == ["休", "堂"]
