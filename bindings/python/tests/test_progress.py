"""Progress from Python: callbacks of audit_site, DedupIndex and Notice, cancelling,
exceptions in callbacks, govaudit.watch() and the bar (probe(progress=) is tested in
test_probe.py, beside its servers)."""
import gc
import io
import os
import subprocess
import sys
import types

import pytest

import govaudit
from conftest import TOP, need_module

need_module("progress")

SITE_STAGES = ["pages", "columns", "links", "clusters", "score"]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """A generated crawl of a few hundred pages (examples/demo-site/generate.py)."""
    out = tmp_path_factory.mktemp("crawl") / "site.warc.gz"
    subprocess.run(["/usr/bin/python3", os.path.join(TOP, "examples", "demo-site", "generate.py"),
                    "-", "--articles", "300", "--warc", str(out)],
                   check=True, capture_output=True, timeout=300)
    return str(out)


def stages_of(reports):
    """The stages in order, checking that counts never go back within one and that each
    ends with exactly one final report."""
    order = []
    for i, p in enumerate(reports):
        if not order or order[-1] != p.stage:
            assert p.done == 0 and not p.final, p
            order.append(p.stage)
        else:
            assert p.done >= reports[i - 1].done and not reports[i - 1].final, (reports[i - 1], p)
        last = i + 1 == len(reports) or reports[i + 1].stage != p.stage
        assert p.final == last, p
        assert not p.total or p.done <= p.total, p
    return order


def test_audit_reports_its_stages(crawl):
    seen = []
    r = govaudit.audit_site(crawl, date="2023-08-15", spell=False, progress=seen.append)
    assert stages_of(seen) == SITE_STAGES
    pages = [p for p in seen if p.stage == "pages"]
    assert pages[-1].final and pages[-1].done >= 300 and pages[-1].bytes > 0
    clusters = [p for p in seen if p.stage == "clusters"]
    assert clusters[-1].done == clusters[-1].total > 1
    assert r["site"]


def test_audit_cancelled_by_the_callback(crawl):
    seen = []

    def stop_at_links(p):
        seen.append(p)
        return p.stage == "links"

    with pytest.raises(govaudit.Cancelled) as e:
        govaudit.audit_site(crawl, date="2023-08-15", spell=False, progress=stop_at_links)
    assert e.value.status == 12 and "links" in e.value.message
    assert seen[-1].stage == "links" and not seen[-1].final


def test_exception_in_callback_cancels_and_propagates(crawl):
    class Stop(Exception):
        pass

    calls = []

    def boom(p):
        calls.append(p)
        if p.stage == "clusters":
            raise Stop("enough")

    with pytest.raises(Stop) as e:
        govaudit.audit_site(crawl, date="2023-08-15", spell=False, progress=boom)
    assert isinstance(e.value.__cause__, govaudit.Cancelled)
    assert calls[-1].stage == "clusters"  # not called again once it raised


def test_watch_iterates_in_the_background(crawl):
    w = govaudit.watch(govaudit.audit_site, crawl, date="2023-08-15", spell=False)
    reports = list(w)
    assert stages_of(reports) == SITE_STAGES
    assert all(isinstance(p, govaudit.Progress) for p in reports)
    assert w.result["site"]


def test_watch_closed_early_cancels(crawl):
    with govaudit.watch(govaudit.audit_site, crawl, date="2023-08-15", spell=False) as w:
        first = next(w)
        assert first.stage == "pages"
    assert w._done and not w._thread.is_alive()
    # Errors of the call are raised at the end of the iteration.
    w = govaudit.watch(govaudit.audit_site, "/nonexistent.warc.gz", date="2023-08-15")
    with pytest.raises(govaudit.IOFailure):
        list(w)


def docs(n):
    words = "经济 发展 会议 部署 安全 生产 乡村 振兴 营商 环境 改革 创新".split()
    out = []
    for i in range(n):
        base = i - i % 10 if i % 100 < 20 else i
        text = "".join(words[(base * 7 + w * 3) % 12] + str((base * 13 + w) % 97) for w in range(40))
        out.append({"id": f"d{i}", "site": "s", "column": "c", "date": "2023-03-01",
                    "text": text})
    return out


def test_dedup_callback_kept_alive_and_cancel():
    seen = []
    idx = govaudit.DedupIndex(progress=lambda p: seen.append(p))  # only the index holds it
    gc.collect()
    idx.add_many(docs(500), threads=2)
    clusters = idx.clusters(threads=2)
    assert clusters
    assert stages_of(seen) == ["fingerprints", "clusters"]
    assert [p.done for p in seen if p.final] == [500, seen[-1].total]

    cancel = govaudit.DedupIndex(progress=lambda p: p.stage == "fingerprints" and p.final)
    with pytest.raises(govaudit.Cancelled):
        cancel.add_many(docs(100))
    assert len(cancel) == 0  # a cancelled batch adds nothing
    cancel.close()
    idx.close()


def test_notice_progress():
    seen = []
    results = [{"site": f"示例{i}县人民政府", "object": "website", "date": "2023-08-15",
                "passed": i % 2 == 0} for i in range(50)]
    d = govaudit.notice(results, previous=results[:10], progress=seen.append)
    assert d["websites"]["checked"] == 50
    assert stages_of(seen) == ["results", "rectification"]
    assert [p.done for p in seen if p.final] == [60, 50]
    with govaudit.Notice(progress=lambda p: p.stage == "rectification") as n:
        n.add_result(results[0])
        with pytest.raises(govaudit.Cancelled):
            n.text()


def test_bar_plain_lines_and_tqdm(monkeypatch):
    stream = io.StringIO()
    bar = govaudit.Bar(stream=stream)
    idx = govaudit.DedupIndex(progress=bar)
    idx.add_many(docs(50))
    bar.close()
    out = stream.getvalue()
    assert "fingerprints" in out and "50/50" in out and "\r" not in out

    # With tqdm importable, its bars are used (one per stage, closed at the stage's end).
    made = []

    class FakeTqdm:
        def __init__(self, total=None, desc=None, **kw):
            self.total, self.desc, self.n, self.closed = total, desc, 0, False
            made.append(self)

        def update(self, k):
            self.n += k

        def set_postfix_str(self, s, refresh=True):
            pass

        def close(self):
            self.closed = True

    monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=FakeTqdm))
    idx = govaudit.DedupIndex(progress=True)
    idx.add_many(docs(50))
    idx.clusters()
    assert [(b.desc, b.n, b.total, b.closed) for b in made][:1] == [("fingerprints", 50, 50, True)]
    assert made[-1].desc == "clusters" and made[-1].closed and made[-1].n == made[-1].total


def test_bad_progress_argument():
    with pytest.raises(TypeError):
        govaudit.DedupIndex(progress=42)
