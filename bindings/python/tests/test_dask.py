"""examples/python/dask_audit.py on the demo crawl: two local Dask workers find the same
findings and duplicate clusters as the single-process path."""
import importlib.util
import json
import os
import subprocess
import sys

import pytest

from conftest import TOP

SCRIPT = os.path.join(TOP, "examples", "python", "dask_audit.py")


def need_dask():
    for mod in ("dask", "distributed"):
        if importlib.util.find_spec(mod) is None:
            pytest.skip(f"{mod} is not installed for {sys.executable} (Debian: python3-dask, "
                        f"python3-distributed)")


def run(args, timeout):
    p = subprocess.run([sys.executable, SCRIPT] + args, capture_output=True, text=True,
                       timeout=timeout)
    assert p.returncode == 0, p.stderr[-3000:]
    return p.stderr


def load(out):
    with open(os.path.join(out, "findings.jsonl"), encoding="utf-8") as f:
        findings = [json.loads(line) for line in f]
    with open(os.path.join(out, "clusters.jsonl"), encoding="utf-8") as f:
        clusters = [json.loads(line) for line in f]
    return findings, clusters


def test_two_workers_match_single_process(demo_warc, rules_file, tmp_path):
    need_dask()
    local, dist = str(tmp_path / "local"), str(tmp_path / "dist")
    run(["--local", "--date", "2023-08-15", "--rules", rules_file, "--out", local, demo_warc],
        timeout=120)
    run(["--workers", "2", "--chunk-records", "8", "--date", "2023-08-15",
         "--rules", rules_file, "--out", dist, demo_warc], timeout=400)
    lf, lc = load(local)
    df, dc = load(dist)
    assert df == lf and dc == lc
    # The demo site's planted defects (examples/demo-site/generate.py) are all found ...
    assert {f["text"] for f in lf} == {"原国家工商行政管理总局", "再接再励", "一如继往",
                                        "环境保护局"}
    for f in lf:
        assert f["url"].startswith("http://127.0.0.1:") and f["field"] in ("title", "text")
    # ... and its article posted again in a second column is one 一稿多发 cluster.
    assert [c["kind"] for c in lc] == ["一稿多发"]
    assert len(lc[0]["urls"]) == 2 and all("/zwyw/" in u or "/bmdt/" in u for u in lc[0]["urls"])


def copy_to_other_site(demo_warc, path):
    """A WARC of another site republishing one demo article word for word."""
    import gzip

    import govaudit
    rec = next(r for r in govaudit.read_warc(demo_warc)
               if "/tzgg/" in r.uri and r.uri.endswith(".html") and "index" not in r.uri)
    uri = "http://www.other.gov.cn/art/2023/copy.html"
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(rec.body)) + rec.body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2023-08-10T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:copy-1>\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    with open(path, "wb") as f:
        f.write(gzip.compress(head + http + b"\r\n\r\n"))
    return rec.uri, uri


def test_duplicates_across_sites(demo_warc, rules_file, tmp_path):
    need_dask()
    other = str(tmp_path / "other.warc.gz")
    original, copy = copy_to_other_site(demo_warc, other)
    local, dist = str(tmp_path / "local"), str(tmp_path / "dist")
    run(["--local", "--rules", rules_file, "--out", local, demo_warc, other], timeout=120)
    run(["--workers", "2", "--rules", rules_file, "--out", dist, demo_warc, other], timeout=400)
    lf, lc = load(local)
    assert load(dist) == (lf, lc)
    cross = [c for c in lc if copy in c["urls"]]
    assert len(cross) == 1 and original in cross[0]["urls"] and len(cross[0]["sites"]) == 2
    assert cross[0]["kind"] in ("转载", "duplicate")


def test_bad_arguments(tmp_path):
    p = subprocess.run([sys.executable, SCRIPT, "--local", "--out", str(tmp_path),
                        str(tmp_path / "missing.warc.gz")], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 2 and "missing.warc.gz" in p.stderr
