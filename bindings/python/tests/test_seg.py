import pytest

import govaudit


@pytest.fixture(scope="module")
def seg():
    with govaudit.Segmenter() as s:
        yield s


def test_cut_tiles_the_text(seg):
    text = "深化放管服改革，优化营商环境 2023年 ok😀"
    words = seg.cut(text)
    assert "".join(words) == text
    assert words[:2] == ["深化", "放管服改革"] and "2023年" in words and words[-1] == "😀"


def test_spans_are_str_indices(seg):
    text = "国务院😀办公厅ABC印发通知"
    toks = seg.tokens(text)
    assert [text[t.start:t.end] for t in toks] == [t.text for t in toks]
    assert toks[-1].end == len(text)
    assert any(t.text == "😀" and t.kind == "other" for t in toks)
    assert seg.spans(text) == [(t.start, t.end) for t in toks]


def test_user_dict_words_and_file(tmp_path):
    text = "全面实施青禾育苗计划和岚溪通办"
    with govaudit.Segmenter() as s:
        plain = s.cut(text)
    assert "青禾育苗计划" not in plain and "岚溪通办" not in plain
    with govaudit.Segmenter(user_dict=["青禾育苗计划", "岚溪通办"]) as s:
        words = s.cut(text)
    assert "青禾育苗计划" in words and "岚溪通办" in words
    p = tmp_path / "user.txt"
    p.write_text("# 用户词典\n岚溪通办 100 n\n", encoding="utf-8")
    with govaudit.Segmenter(user_dict=str(p)) as s:
        assert "岚溪通办" in s.cut(text)


def test_user_dict_syntax_error_names_file_and_line(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_text("好词 100\n坏词 12x n\n", encoding="utf-8")
    with pytest.raises(govaudit.DataSyntaxError) as e:
        govaudit.Segmenter(user_dict=str(p))
    err = e.value
    assert err.line == 2 and err.column == 4 and err.file.endswith("bad.txt")
    assert "frequency" in err.message


def test_search_and_icu_modes():
    with govaudit.Segmenter("search") as s:
        toks = s.tokens("中华人民共和国")
    assert any(t.subword for t in toks) and any(not t.subword for t in toks)
    with govaudit.Segmenter("icu") as s:
        assert "".join(s.cut("政务公开工作")) == "政务公开工作"
    with pytest.raises(ValueError):
        govaudit.Segmenter("fastest")


def test_invalid_utf8_bytes(seg):
    with pytest.raises(govaudit.InvalidUTF8) as e:
        seg.cut("政务".encode() + b"\xff" + "公开".encode())
    assert e.value.offset == 6
