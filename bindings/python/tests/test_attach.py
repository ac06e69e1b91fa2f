"""Attachments and personal information from Python: extraction with locations, masked
findings, de-identified text."""
import os

import pytest

import govaudit

FIX = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "fixtures", "attach")


def fixture(name):
    return os.path.join(FIX, name)


def test_extract_xlsx_with_cells():
    doc = govaudit.extract(fixture("gongshi.xlsx"))
    assert doc.format == "xlsx"
    cell = next(p for p in doc.pieces if p.location == "名单!C2")
    assert (cell.place, cell.sheet, cell.row, cell.column) == ("cell", "名单", 2, 3)
    assert cell.text == "11010519491231002X" == doc.text[cell.start:cell.end]
    assert doc.text.encode()[cell.byte_start:cell.byte_end] == cell.text.encode()
    assert doc.locate(cell.start + 3) == cell


def test_sniff_by_content_and_errors(tmp_path):
    data = open(fixture("tongzhi.docx"), "rb").read()
    assert govaudit.sniff(data) == "docx"
    assert govaudit.extract(data).pieces[0].location == "第1段"
    assert govaudit.sniff(fixture("legacy.doc")) == "ole"
    with pytest.raises(govaudit.Unsupported):
        govaudit.extract(fixture("legacy.doc"))
    with pytest.raises(govaudit.FormatError):
        govaudit.extract(fixture("broken.xlsx"))
    with pytest.raises(govaudit.LimitExceeded):
        govaudit.extract(fixture("bomb.docx"), max_unpacked=1 << 20)


def test_personal_information_is_masked():
    m = govaudit.Matcher()
    doc = govaudit.extract(fixture("fangan.ofd"))
    fs = [f for f in m.check(doc.text) if f.category == "个人信息"]
    assert [(f.rule, f.text, doc.locate(f.start).location) for f in fs] == [
        ("privacy:resident-id", "320102********1237", "第2页"),
        ("privacy:passport", "E******78", "第2页")]
    assert all(f.masked and f.suggestion == f.text for f in fs)
    text = "联系电话：13812345678，已脱敏：139****5678"
    assert m.mask(text) == "联系电话：138****5678，已脱敏：139****5678"
    assert "13812345678" not in repr(m.check(text))
