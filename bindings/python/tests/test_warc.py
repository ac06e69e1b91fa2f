import gzip

import pytest

import govaudit


def record(uri, body, status=200, ctype="text/html; charset=utf-8"):
    http = (f"HTTP/1.1 {status} OK\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2023-08-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri))}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


@pytest.fixture
def warc(tmp_path):
    recs = [record("http://a.gov.cn/", "<p>首页</p>".encode()),
            record("http://a.gov.cn/x.css", b"body{}", ctype="text/css"),
            record("http://a.gov.cn/missing", b"no", status=404)]
    path = tmp_path / "t.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r) for r in recs))
    return path, recs


def test_read_warc_records(warc):
    path, _ = warc
    recs = list(govaudit.read_warc(str(path)))
    assert [r.uri for r in recs] == ["http://a.gov.cn/", "http://a.gov.cn/x.css",
                                     "http://a.gov.cn/missing"]
    r = recs[0]
    assert r.status == 200 and r.content_type.startswith("text/html")
    assert r.body.decode() == "<p>首页</p>"
    assert r.headers["Content-Type"].startswith("text/html")
    assert r.date == "2023-08-01T10:00:00Z"
    assert recs[2].status == 404


def test_read_warc_from_bytes_slice(warc):
    path, recs = warc
    data = path.read_bytes()
    offsets = [r.offset for r in govaudit.read_warc(str(path))]
    tail = list(govaudit.read_warc(data[offsets[1]:]))
    assert [r.uri for r in tail] == ["http://a.gov.cn/x.css", "http://a.gov.cn/missing"]


def test_damaged_record_raises_with_offset_and_goes_on(tmp_path):
    good = record("http://a.gov.cn/", b"ok")
    path = tmp_path / "bad.warc"
    path.write_bytes(good + b"garbage that is no WARC record\r\n\r\n" + good)
    reader = govaudit.read_warc(str(path))
    assert next(reader).uri == "http://a.gov.cn/"
    with pytest.raises(govaudit.Error) as e:
        next(reader)
    assert e.value.message and e.value.offset == len(good)
    assert next(reader).uri == "http://a.gov.cn/"
    skipped = list(govaudit.read_warc(str(path), errors="skip"))
    assert len(skipped) == 2


def test_damaged_records_kept_with_what_could_be_read():
    page = "<p>首页内容</p>".encode()
    whole = record("http://a.gov.cn/", page)
    # Cut short by the next record (a crawler died, another run appended), then a last
    # record the input ends inside.
    cut = whole[:len(whole) - 4 - 5]
    data = cut + record("http://a.gov.cn/b", b"ok") + whole[:-10]
    with pytest.raises(govaudit.Error):
        list(govaudit.read_warc(data))
    recs = list(govaudit.read_warc(data, keep_damaged=True))
    assert [(r.uri, r.status) for r in recs] == [
        ("http://a.gov.cn/", 200), ("http://a.gov.cn/b", 200), ("http://a.gov.cn/", 200)]
    assert "next record starts" in recs[0].damaged
    assert recs[0].body == page[:-5]
    assert recs[1].damaged is None and recs[1].body == b"ok"
    assert "input ends" in recs[2].damaged and recs[2].body == page[:-6]


def test_missing_file_is_ioerror(tmp_path):
    with pytest.raises(govaudit.IOFailure) as e:
        govaudit.read_warc(str(tmp_path / "nope.warc"))
    assert "nope.warc" in str(e.value)
    assert isinstance(e.value, OSError)


def arc_record(url, fields, block, delta=0):
    return f"{url} {fields} {len(block) + delta}\n".encode() + block + b"\n"


def test_read_arc_files_as_warc(tmp_path):
    """ARC files (Heritrix's version 1 layout) are read by the same call, plain or gzip per
    record; a wrong length is kept and flagged with keep_damaged."""
    version = b"1 1 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n"
    page = "<p>首页</p>".encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    recs = [arc_record("filedesc://t.arc", "0.0.0.0 20230801100000 text/plain", version),
            arc_record("http://a.gov.cn/", "10.0.0.1 20230801100001 text/html", http),
            arc_record("dns:a.gov.cn", "10.0.0.2 20230801100000 text/dns", b"10.0.0.1\n")]
    for name, data in (("t.arc", b"".join(recs)),
                       ("t.arc.gz", b"".join(gzip.compress(r) for r in recs))):
        path = tmp_path / name
        path.write_bytes(data)
        every = list(govaudit.read_warc(str(path), types=None))
        assert [r.type for r in every] == ["warcinfo", "response", "resource"]
        r = every[1]
        assert r.uri == "http://a.gov.cn/" and r.date == "2023-08-01T10:00:01Z"
        assert r.status == 200 and r.body == page and r.content_type.startswith("text/html")
        assert r.warc_headers["WARC-IP-Address"] == "10.0.0.1" and r.record_id is None
        assert r.damaged is None
    long = arc_record("http://a.gov.cn/", "10.0.0.1 20230801100001 text/html", http, 15)
    path = tmp_path / "damaged.arc"
    path.write_bytes(recs[0] + long + recs[1])
    got = list(govaudit.read_warc(str(path), keep_damaged=True))
    assert [r.body for r in got] == [page, page]
    assert "next record" in got[0].damaged and got[1].damaged is None
    path.write_bytes(recs[0].replace(b"1 1 Internet", b"7 1 Internet") + recs[1])
    with pytest.raises(govaudit.Error) as e:
        govaudit.read_warc(str(path))
    assert "ARC version 7 is not 1 or 2" in e.value.message


def test_record_offsets_index_every_record(tmp_path):
    """The offset index lists where each record (gzip member) starts, whatever its type, and
    any two offsets delimit bytes that read on their own."""
    recs = [record(f"http://a.gov.cn/{i}.html", f"<p>第{i}页</p>".encode()) for i in range(6)]
    members = [gzip.compress(recs[0]), gzip.compress(recs[1] + recs[2]),  # two in one member
               gzip.compress(recs[3].replace(b"WARC-Type: response", b"WARC-Type: metadata")),
               gzip.compress(recs[4]), gzip.compress(recs[5])]
    data = b"".join(members)
    starts = [sum(map(len, members[:i])) for i in range(len(members))]
    assert govaudit.record_offsets(data) == starts
    path = tmp_path / "t.warc.gz"
    path.write_bytes(data)
    assert govaudit.record_offsets(str(path)) == starts
    plain = b"".join(recs)
    assert govaudit.record_offsets(plain) == [sum(map(len, recs[:i])) for i in range(6)]
    uris = [r.uri for a, b in zip(starts, starts[1:] + [len(data)])
            for r in govaudit.read_warc(data[a:b], types=None)]
    assert uris == [f"http://a.gov.cn/{i}.html" for i in range(6)]


def split_read(path, size, points, types=None):
    """Records read by the splits [points[i], points[i+1]) covering the file, and whether
    every split was exact."""
    cuts = [0] + sorted({p for p in points if 0 < p < size}) + [size]
    got, exact = [], True
    for a, b in zip(cuts, cuts[1:]):
        split = govaudit.read_warc_split(path, a, b, types=types)
        got += [(r.record_id, r.uri, r.body, r.offset) for r in split]
        exact &= split.exact
    return got, exact


def whole_read(path, types=None):
    return [(r.record_id, r.uri, r.body, r.offset)
            for r in govaudit.read_warc(path, types=types, errors="skip")]


def test_splits_read_every_record_once(tmp_path):
    """Splits cut anywhere (inside members, on their first byte, a byte either side) read
    what the whole file reads, with file offsets, and each says it is exact; members of
    one and of several records, with a file name in their gzip header."""
    import random
    recs = [record(f"http://a.gov.cn/{i}.html", f"<p>第{i}页</p>".encode() * (i % 7 + 1))
            for i in range(40)]
    members = []
    for i in range(0, 40, 4):
        members += [gzip.compress(recs[i]), gzip.compress(recs[i + 1] + recs[i + 2])]
        with gzip.GzipFile(filename="r.warc", mode="wb", fileobj=(buf := __import__("io").BytesIO())) as g:
            g.write(recs[i + 3])
        members.append(buf.getvalue())
    data = b"".join(members)
    path = tmp_path / "s.warc.gz"
    path.write_bytes(data)
    whole = whole_read(str(path))
    assert len(whole) == 40
    starts = [sum(map(len, members[:i])) for i in range(len(members))]
    rng = random.Random(7)
    for points in ([s + d for s in starts for d in (-1, 0, 1)],
                   [rng.randrange(len(data)) for _ in range(25)],
                   list(range(0, len(data), 97)), [len(data) // 2], []):
        got, exact = split_read(str(path), len(data), points)
        assert got == whole and exact
    responses = [r.uri for a, b in zip([0, 500], [500, len(data)])
                 for r in govaudit.read_warc_split(str(path), a, b)]
    assert responses == [w[1] for w in whole]


def test_split_not_exact_on_a_member_inside_a_record_or_damage(tmp_path):
    """A crawled .warc.gz kept uncompressed inside a record (a stored deflate block) holds
    gzip members that inflate to WARC records: a split point before one of them starts the
    next split there, and the split before it, cut inside its own member, says it is not
    exact. So does a split that skipped a damaged member, and a first split that could not
    begin at offset 0."""
    inner = gzip.compress(record("http://inner.gov.cn/x.html", b"<p>inner</p>"))
    outer = record("http://a.gov.cn/crawl.warc.gz", inner, ctype="application/gzip")
    members = [gzip.compress(record("http://a.gov.cn/1.html", b"<p>1</p>")),
               gzip.compress(outer, compresslevel=0),
               gzip.compress(record("http://a.gov.cn/2.html", b"<p>2</p>"))]
    data = b"".join(members)
    at = data.index(inner)
    assert at > len(members[0])
    path = tmp_path / "nested.warc.gz"
    path.write_bytes(data)
    whole = whole_read(str(path))
    assert [w[1] for w in whole] == ["http://a.gov.cn/1.html", "http://a.gov.cn/crawl.warc.gz",
                                     "http://a.gov.cn/2.html"]
    first = govaudit.read_warc_split(str(path), 0, at - 5, types=None)
    assert [r.uri for r in first] == ["http://a.gov.cn/1.html"] and first.stop == at
    assert first.exact is False
    assert split_read(str(path), len(data), [len(members[0]) + 3])[1] is False
    assert split_read(str(path), len(data), [at + 1]) == (whole, True)

    damaged = bytearray(data.replace(inner, b"x" * len(inner)))
    end0 = len(members[0])
    damaged[end0 + 40:end0 + 60] = b"\0" * 20  # inside the second member's deflate data
    path.write_bytes(bytes(damaged))
    got, exact = split_read(str(path), len(damaged), [end0 + 10])
    assert exact is False and got == whole_read(str(path))

    bad_first = bytearray(data)
    bad_first[len(members[0]) - 6] ^= 0xFF  # its CRC
    path.write_bytes(bytes(bad_first))
    split = govaudit.read_warc_split(str(path), 0, len(data), types=None)
    assert list(split) and split.first == len(members[0]) and split.exact is False


def test_split_arguments(tmp_path):
    plain = tmp_path / "p.warc"
    plain.write_bytes(record("http://a.gov.cn/", b"<p>x</p>"))
    with pytest.raises(ValueError, match="not a gzip file"):
        govaudit.read_warc_split(str(plain), 0, 10)
    gz = tmp_path / "g.warc.gz"
    gz.write_bytes(gzip.compress(record("http://a.gov.cn/", b"<p>x</p>")))
    with pytest.raises(ValueError):
        govaudit.read_warc_split(str(gz), 10, 5)
    empty = govaudit.read_warc_split(str(gz), 5, 5)
    assert list(empty) == [] and empty.exact is True
    with pytest.raises(FileNotFoundError):
        govaudit.read_warc_split(str(tmp_path / "none.warc.gz"), 0, 1)


def test_splits_of_damaged_files_are_exact_only_when_right(tmp_path):
    """Random damage (bytes flipped, cut or repeated) and random split points: reading
    never fails, and whenever every split says it is exact, together they read what the
    whole file reads."""
    import random
    rng = random.Random(11)
    recs = [record(f"http://a.gov.cn/{i}.html", f"<p>第{i}页{'内容' * (i * 13 % 50)}</p>".encode())
            for i in range(30)]
    clean = b"".join(gzip.compress(r, compresslevel=rng.choice((0, 1, 9))) for r in recs)
    path = tmp_path / "d.warc.gz"
    exact_runs = 0
    for trial in range(150):
        data = bytearray(clean)
        for _ in range(rng.randrange(0, 4)):
            at = rng.randrange(3, len(data))
            kind = rng.randrange(3)
            if kind == 0:
                data[at] ^= 1 << rng.randrange(8)
            elif kind == 1:
                del data[at:at + rng.randrange(1, 200)]
            else:
                data[at:at] = data[at:at + rng.randrange(1, 200)]
        path.write_bytes(bytes(data))
        points = [rng.randrange(len(data)) for _ in range(rng.randrange(1, 12))]
        got, exact = split_read(str(path), len(data), points)
        if exact:
            exact_runs += 1
            assert got == whole_read(str(path)), trial
    assert 10 < exact_runs < 150, exact_runs
