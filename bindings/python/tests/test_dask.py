"""examples/python/dask_audit.py: the Dask job (byte-range tasks: gzip WARC files split by
position, others and inexact splits by an offset index) finds the same findings and duplicate clusters as the single-process path, on
the demo crawl and on a crawl of gzip and plain WARCs written here."""
import gzip
import importlib.util
import json
import os
import re
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
    run(["--workers", "2", "--range-bytes", "20000", "--date", "2023-08-15",
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


def warc_record(kind, uri, block, n, ctype="application/http; msgtype=response"):
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2023-08-10T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:t-{n}>\r\n"
            f"Content-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def response(uri, body, n, status=200, ctype="text/html; charset=utf-8"):
    http = (f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    return warc_record("response", uri, http, n)


def site_records(site, pages, host, first_n, edit=None):
    """The demo site's pages under `host` as WARC records, each response after its request,
    with a 404, a stylesheet and (for some hosts) an edited article among them."""
    out, n = [], first_n
    for page in pages:
        with open(page, "rb") as f:
            body = f.read()
        uri = f"http://{host}/{os.path.relpath(page, site)}"
        if edit and edit[0] in uri:
            body = body.replace(edit[1], edit[2], 1)
        out.append(warc_record("request", uri, f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode(),
                               n, "application/http; msgtype=request"))
        out.append(response(uri, body, n + 1))
        n += 2
    out.append(response(f"http://{host}/gone.html", b"<p>gone</p>", n, status=404))
    out.append(response(f"http://{host}/s.css", b"p{}", n + 1, ctype="text/css"))
    return out, n + 2


@pytest.fixture(scope="module")
def mixed_crawl(tmp_path_factory):
    """Four copies of the demo site under their own host names (copies across sites), in a
    gzip WARC of one member per record, a plain WARC and a gzip WARC of three records per
    member; one host's copy has an edited article (a near copy) and one article is fetched
    twice with different bodies (two crawls of a url)."""
    tmp = tmp_path_factory.mktemp("crawl")
    site = str(tmp / "site")
    subprocess.run([sys.executable, os.path.join(TOP, "examples", "demo-site", "generate.py"),
                    site, "--port", "8000"], check=True, capture_output=True)
    pages = sorted(os.path.join(root, f) for root, _, files in os.walk(site) for f in files
                   if f.endswith(".html"))
    article = next(p for p in pages if "/zwyw/" in p and "index" not in p)
    rel = os.path.relpath(article, site)
    with open(article, "rb") as f:
        sentence = re.search(rb"[\xe4-\xe9][^<]{30,}?\xe3\x80\x82", f.read()).group(0)
    info = warc_record("warcinfo", "", b"software: test\r\n", 0, "application/warc-fields")
    recs, n = {}, 1
    for k in range(4):
        edit = (rel, sentence, sentence[:-3] + "，并作了补充说明。".encode()) if k == 3 else None
        recs[k], n = site_records(site, pages, f"www.site{k}.gov.cn", n, edit)
    # The same url crawled again with a different body.
    again = response(f"http://www.site0.gov.cn/{rel}", open(article, "rb").read().replace(
        sentence, "这是一段重新抓取时改写过的内容，用来检验同一网址的两份抓取。".encode(), 1), n)
    paths = [str(tmp / "a.warc.gz"), str(tmp / "b.warc"), str(tmp / "c.warc.gz"),
             str(tmp / "d.warc.gz")]
    with open(paths[0], "wb") as f:
        for r in [info] + recs[0] + recs[1]:
            f.write(gzip.compress(r))
    with open(paths[1], "wb") as f:
        f.write(b"".join([info] + recs[2] + [again]))
    with open(paths[2], "wb") as f:
        c = [info] + recs[3]
        for i in range(0, len(c), 3):
            f.write(gzip.compress(b"".join(c[i:i + 3])))
    # A crawled .warc.gz kept uncompressed in its record (its gzip members look like
    # records of the outer file to a split) and a damaged member: this file's splits are
    # not exact and the job reads it by its offset index.
    inner = b"".join(gzip.compress(r) for r in recs[0][:40])
    with open(paths[3], "wb") as f:
        f.write(gzip.compress(info))
        f.write(gzip.compress(response("http://www.site4.gov.cn/crawl.warc.gz", inner, n + 1,
                                       ctype="application/gzip"), compresslevel=0))
        damaged = bytearray(gzip.compress(response("http://www.site4.gov.cn/d.html",
                                                   b"<p>" + "损坏".encode() * 400 + b"</p>",
                                                   n + 2)))
        damaged[60:80] = bytes(20)
        f.write(bytes(damaged))
        for r in recs[2][:30]:
            f.write(gzip.compress(r.replace(b"www.site2.", b"www.site4.")))
    return paths


def test_byte_ranges_read_every_record_once(mixed_crawl):
    """Ranges cut at the offset index, and gzip files split by position, read every record
    of a well-formed file once; a file whose splits are not exact says so."""
    sys.path.insert(0, os.path.dirname(SCRIPT))
    import dask_audit

    import govaudit
    for path in mixed_crawl:
        offsets, size = dask_audit.index_warc(path)
        ranges = dask_audit.byte_ranges(path, offsets, size, 2000)
        assert len(ranges) > 10 and ranges[0][1] == 0 and ranges[-1][2] == size
        assert all(a[2] == b[1] and not a[3] for a, b in zip(ranges, ranges[1:]))
        with open(path, "rb") as f:
            data = f.read()
        whole = [r.record_id for r in govaudit.read_warc(path, types=None, errors="skip")]
        split = [r.record_id for _, a, b, _ in ranges
                 for r in govaudit.read_warc(data[a:b], types=None, errors="skip")]
        assert split == whole
        if dask_audit._is_gzip_warc(path):
            splits = [govaudit.read_warc_split(path, a, b, types=None)
                      for _, a, b, by_position in dask_audit.split_ranges(path, size, 2000)]
            assert len(splits) > 10
            ids = [r.record_id for s in splits for r in s]
            exact = all(s.exact for s in splits)
            assert exact == (not path.endswith("d.warc.gz"))
            assert ids == whole or not exact
        else:
            assert path.endswith(".warc")


def test_only_gzip_warc_files_are_split_by_position(tmp_path):
    sys.path.insert(0, os.path.dirname(SCRIPT))
    import dask_audit
    arc = tmp_path / "a.arc.gz"
    arc.write_bytes(gzip.compress(b"filedesc://a.arc 0.0.0.0 20230801000000 text/plain 76\n"
                                  b"1 1 InternetArchive\nURL IP-address Archive-date "
                                  b"Content-type Archive-length\n\n"))
    plain = tmp_path / "p.warc"
    plain.write_bytes(warc_record("warcinfo", "", b"software: t\r\n", 0,
                                  "application/warc-fields"))
    junk = tmp_path / "j.warc.gz"
    junk.write_bytes(b"\x1f\x8b\x08" + bytes(40))
    warc = tmp_path / "w.warc.gz"
    warc.write_bytes(gzip.compress(plain.read_bytes()))
    assert [dask_audit._is_gzip_warc(str(p)) for p in (arc, plain, junk, warc)] == \
        [False, False, False, True]


def test_ranges_on_workers_match_single_process(mixed_crawl, rules_file, tmp_path):
    need_dask()
    local, dist, threads = (str(tmp_path / d) for d in ("local", "dist", "threads"))
    common = ["--date", "2023-08-15", "--rules", rules_file]
    summary = run(["--local", "--out", local] + common + mixed_crawl, timeout=120)
    err = run(["--workers", "2", "--range-bytes", "4000", "-v", "--out", dist] + common
              + mixed_crawl, timeout=400)
    ranges = int(re.search(r"dask_audit: (\d+) ranges:", err).group(1))
    assert ranges > 50
    # The gzip files were split by position, the plain one and d.warc.gz read by index.
    assert "offset index of 1 file(s)" in err and "1 file(s) not split exactly" in err
    # Each worker process builds its matcher and segmenter once, not once per range.
    built = re.findall(r"tcp://\S+ built (\d+) matcher, (\d+) segmenter", err)
    assert built == [("1", "1")] * 2, err
    run(["--local-scheduler", "threads", "--range-bytes", "9000", "--out", threads] + common
        + mixed_crawl, timeout=400)
    lf, lc = load(local)
    assert load(dist) == (lf, lc) and load(threads) == (lf, lc)
    pages = re.search(r"(\d+) pages", summary).group(1)
    assert re.search(rf"\b{pages} pages", err)
    # Every host's copy of each planted defect is found; the four copies of each article
    # are one cluster across sites (the edited one a near copy), and the url crawled twice
    # is kept once.
    assert {f["text"] for f in lf} >= {"再接再励", "一如继往"}
    assert len({f["url"].split("/")[2] for f in lf}) == 4
    assert len(lc) > 10 and all(len(c["sites"]) >= 2 for c in lc)
    assert all(len(c["urls"]) == len(set(c["urls"])) for c in lc)
    assert any(len(c["sites"]) == 4 and c["similarity"] < 1 for c in lc)


def test_progress_on_stderr_only(mixed_crawl, tmp_path):
    need_dask()
    for mode in (["--workers", "2"], ["--local-scheduler", "threads"]):
        p = subprocess.run([sys.executable, SCRIPT, *mode, "--progress", "--range-bytes",
                            "20000", "--out", str(tmp_path / mode[1]), mixed_crawl[1]],
                           capture_output=True, text=True, timeout=400)
        assert p.returncode == 0, p.stderr[-3000:]
        assert p.stdout == "" and "100% Completed" in p.stderr and "byte ranges" in p.stderr


def test_local_cluster_quiets_dask_on_its_workers():
    """The job's LocalCluster hands QUIET_DASK to its worker processes: their profiler is
    off and their periodic checks are slower (what they cost per second of wall time is
    in docs/python.md)."""
    need_dask()
    sys.path.insert(0, os.path.dirname(SCRIPT))
    import dask
    import dask_audit
    from distributed import Client

    def settings():
        return {k: dask.config.get(k) for k in dask_audit.QUIET_DASK}

    with dask_audit.local_cluster(1) as cluster, Client(cluster) as client:
        seen = list(client.run(settings).values())
        assert seen == [dask_audit.QUIET_DASK]
        assert "profile" not in client.run(lambda dask_worker: list(
            dask_worker.periodic_callbacks)).popitem()[1]
