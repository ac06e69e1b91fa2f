import pytest

import govaudit

BODY = ("为深入贯彻落实省委省政府决策部署，我市召开防汛防台工作推进会，对当前和今后一个时期的"
        "防汛防台工作进行再部署再落实。会议要求各地各部门压紧压实责任，加强监测预警，"
        "做好人员转移和物资储备，确保人民群众生命财产安全。") * 3
OTHER = ("市统计局发布上半年经济运行情况，全市地区生产总值同比增长百分之六点二，"
         "规模以上工业增加值增长百分之七点一，社会消费品零售总额稳步回升。") * 3


def doc(i, site, column, date, text=BODY, source=None):
    return {"id": f"d{i}", "site": site, "column": column, "url": f"http://{site}/{i}.html",
            "date": date, "title": "防汛防台工作推进会召开", "text": text, "source": source}


@pytest.fixture
def index():
    with govaudit.DedupIndex() as idx:
        idx.add(doc(0, "a.gov.cn", "政务要闻", "2023-07-01"))
        idx.add(doc(1, "a.gov.cn", "部门动态", "2023-07-02"))
        idx.add(doc(2, "b.gov.cn", "政务要闻", "2023-07-03", source="a.gov.cn"))
        idx.add(doc(3, "c.gov.cn", "政务要闻", "2023-07-03", text=OTHER))
        yield idx


def test_add_query_fingerprint(index):
    assert len(index) == 4 and index.threshold == pytest.approx(0.8)
    ms = index.query(text=BODY, site="z.gov.cn")
    assert sorted(m.id for m in ms) == ["d0", "d1", "d2"]
    assert all(m.exact and m.similarity == pytest.approx(1.0) for m in ms)
    e0, s0, n0 = index.fingerprint(0)
    e1, s1, _ = index.fingerprint(1)
    e3, _, _ = index.fingerprint(3)
    assert e0 == e1 != e3 and s0 == s1 and n0 > 10
    assert index.document(2)["source"] == "a.gov.cn"
    with pytest.raises(IndexError):
        index.document(9)


def test_band_keys(index):
    rows, bands = 6, 21  # the banding of threshold 0.8, as docs/dedup.md derives it
    b0, b1, b3 = index.bands(0), index.bands(1), index.bands(3)
    assert len(b0) == bands and b0 == b1
    assert not any(x == y for x, y in zip(b0, b3))
    with govaudit.DedupIndex() as other:  # another index of the same threshold agrees
        other.add(doc(7, "z.gov.cn", "通知公告", "2023-08-01"))
        assert other.bands(0) == b0
    with pytest.raises(IndexError):
        index.bands(4)


def test_clusters_kind(index):
    (c,) = index.clusters()
    assert sorted(c.ids) == ["d0", "d1", "d2"]
    assert c.kind in ("一稿多发", "转载")
    assert c.urls[c.ids.index("d0")] == "http://a.gov.cn/0.html"
    assert c.pairs and all(0 <= a < 4 and 0 <= b < 4 for a, b, _, _ in c.pairs)


def test_save_load_round_trip(index, tmp_path):
    path = str(tmp_path / "idx.gadedup")
    index.save(path)
    with govaudit.DedupIndex.load(path) as again:
        assert len(again) == 4
        assert [m.id for m in again.query(text=OTHER)] == ["d3"]
    (tmp_path / "bad.gadedup").write_bytes(b"\0" * 100)
    with pytest.raises(govaudit.Error) as e:
        govaudit.DedupIndex.load(str(tmp_path / "bad.gadedup"))
    assert e.value.message


def test_add_many_and_bad_fields():
    with govaudit.DedupIndex(threshold=0.9) as idx:
        r = idx.add_many([doc(i, f"s{i}.gov.cn", "要闻", "2023-07-01") for i in range(5)],
                         threads=2)
        assert list(r) == [0, 1, 2, 3, 4]
        assert len(idx.clusters()[0].docs) == 5
        with pytest.raises(TypeError):
            idx.add(text="x", colour="red")
    with pytest.raises(govaudit.InvalidArgument):
        govaudit.DedupIndex(threshold=1.5)


def test_containment_finds_a_repost_with_sentences_added():
    """The repost holds the whole original and three sentences more (Jaccard 0.74): a copy
    by containment, and not with containment off."""
    import json, pathlib
    fx = pathlib.Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "dedup" / "contained.jsonl"
    docs = [json.loads(line) for line in fx.read_text(encoding="utf-8").splitlines()]
    for containment, want in ((None, 1), (0, 0)):
        with govaudit.DedupIndex(containment=containment) as idx:
            assert idx.containment == pytest.approx(0.9 if containment is None else 0)
            for d in docs:
                idx.add(**d)
            assert len(idx.clusters()) == want
    with pytest.raises(govaudit.InvalidArgument):
        govaudit.DedupIndex(containment=1.5)
