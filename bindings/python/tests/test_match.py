import os
import threading

import pytest

import govaudit


@pytest.fixture(scope="module")
def matcher(rules_file):
    with govaudit.Matcher.from_files(rules_file) as m:
        yield m


def test_findings_and_offsets(matcher):
    text = "大家要再接再励，按照中华人民共合国的要求"
    fs = matcher.check(text)
    assert [f.text for f in fs] == ["再接再励", "共合国"]
    for f in fs:
        assert isinstance(f, govaudit.Finding)
        assert text[f.start:f.end] == f.text
        assert text.encode()[f.byte_start:f.byte_end].decode() == f.text
    assert fs[0].suggestion == "再接再厉" and fs[0].category == "错别字"
    assert fs[0].severity == "normal" and fs[0].rule.endswith(":3")


def test_offsets_round_trip_mixed_scripts(matcher):
    # Astral emoji (4 UTF-8 bytes, one str index), combining marks, ASCII, full width.
    text = "😀👍🏽 ok e\u0301 Ａ１ 再接再励 🇨🇳 and 环境保护局, 敏＊感词!"
    fs = matcher.check(text)
    assert {f.text for f in fs} == {"再接再励", "环境保护局", "敏＊感词"}
    data = text.encode()
    for f in fs:
        assert text[f.start:f.end] == f.text
        assert data[f.byte_start:f.byte_end] == f.text.encode()
        assert len(text[:f.start].encode()) == f.byte_start


def test_bytes_input(matcher):
    fs = matcher.check("一如继往".encode())
    assert fs[0].start == 0 and fs[0].end == 4 and fs[0].byte_end == 12


def test_two_threads_share_one_matcher(matcher):
    texts = [("第%d段：再接再励，一如继往，原国家工商行政管理总局。" % i) * (1 + i % 7)
             for i in range(200)]
    expected = [matcher.check(t) for t in texts]
    results = [None, None]
    barrier = threading.Barrier(2)

    def work(k):
        barrier.wait()
        results[k] = [matcher.check(t) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == expected and results[1] == expected
    assert sum(len(r) for r in expected) > 600


def test_rule_syntax_error_has_position(tmp_path):
    p = tmp_path / "bad.rules"
    p.write_text("@category 错别字\n好词\t好\nre:(unclosed\t-\n", encoding="utf-8")
    with pytest.raises(govaudit.DataSyntaxError) as e:
        govaudit.Matcher.from_files(str(p))
    err = e.value
    assert err.file.endswith("bad.rules") and err.line == 3 and err.column >= 1
    assert err.message
    assert isinstance(err, ValueError)


def test_from_text_save_load(tmp_path, rules_file):
    with govaudit.Matcher.from_text("@category 错别字\n按装\t安装\n", name="inline") as m:
        assert m.rule_count == 1
        assert m.check("按装空调")[0].rule.startswith("inline")
        m.save(str(tmp_path / "m.gamatch"))
    with govaudit.Matcher.load(str(tmp_path / "m.gamatch")) as m2:
        assert [f.suggestion for f in m2.check("按装空调")] == ["安装"]
    (tmp_path / "junk.gamatch").write_bytes(b"not a matcher" * 10)
    with pytest.raises(govaudit.FormatError):
        govaudit.Matcher.load(str(tmp_path / "junk.gamatch"))


def test_shipped_rule_packs():
    if not os.path.isdir(os.path.join(govaudit.data_dir(), "rules")):
        pytest.skip("no rule packs in " + govaudit.data_dir())
    with govaudit.Matcher() as m:
        assert m.rule_count > 0
        fs = m.check("各单位要再接再励，一如继往地抓好各项工作。")
    assert {"再接再励", "一如继往"} <= {f.text for f in fs}


def test_empty_and_clean_text(rules_file):
    with govaudit.Matcher.from_files(rules_file) as m:
        assert m.check("") == []
        assert m.check("全文没有问题的一句话。") == []
        assert m.check(b"") == []
