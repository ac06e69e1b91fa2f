#!/usr/bin/python3
"""A real crawl: serve tests/fixtures/warc/site from 127.0.0.1 with `python3 -m
http.server`, crawl it with `wget --recursive --warc-file` (compressed, wget's default,
and with --no-warc-compression), and read both WARCs back through libgovaudit's reader
(over ctypes, as Python users do): every served file must come back byte for byte.

Usage: test-wget-warc.py LIBGOVAUDIT_SO SITE_DIR [SANITIZE]. Exits 77 (skipped) without
wget, or when SANITIZE names sanitizers (ctypes cannot load a sanitized library).
"""
import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
import zlib

SKIP = 77
GA_WARC_RESPONSE, GA_WARC_REQUEST, GA_WARC_WARCINFO = 2, 4, 1


class Reader:
    def __init__(self, lib_path):
        lib = ctypes.CDLL(lib_path)
        c = ctypes
        lib.ga_warc_reader_open.argtypes = [c.c_char_p, c.c_void_p, c.POINTER(c.c_void_p),
                                            c.POINTER(c.c_void_p)]
        lib.ga_warc_reader_open.restype = c.c_int
        lib.ga_warc_reader_free.argtypes = [c.c_void_p]
        lib.ga_warc_reader_is_gzip.argtypes = [c.c_void_p]
        lib.ga_warc_next.argtypes = [c.c_void_p, c.POINTER(c.c_void_p), c.POINTER(c.c_void_p)]
        lib.ga_warc_next.restype = c.c_int
        for name in ("ga_warc_record_target_uri", "ga_warc_record_date", "ga_warc_record_id",
                     "ga_warc_record_version"):
            getattr(lib, name).argtypes = [c.c_void_p]
            getattr(lib, name).restype = c.c_char_p
        lib.ga_warc_record_type.argtypes = [c.c_void_p]
        lib.ga_warc_record_http_status.argtypes = [c.c_void_p]
        lib.ga_warc_record_offset.argtypes = [c.c_void_p]
        lib.ga_warc_record_offset.restype = c.c_uint64
        lib.ga_warc_record_http_header.argtypes = [c.c_void_p, c.c_char_p]
        lib.ga_warc_record_http_header.restype = c.c_char_p
        lib.ga_warc_record_header.argtypes = [c.c_void_p, c.c_char_p]
        lib.ga_warc_record_header.restype = c.c_char_p
        lib.ga_warc_record_body.argtypes = [c.c_void_p, c.POINTER(c.c_size_t)]
        lib.ga_warc_record_body.restype = c.c_void_p
        lib.ga_warc_record_body_status.argtypes = [c.c_void_p]
        lib.ga_error_message.argtypes = [c.c_void_p]
        lib.ga_error_message.restype = c.c_char_p
        lib.ga_error_free.argtypes = [c.c_void_p]
        self.lib = lib

    def records(self, path):
        """All records as dicts; fails the test on any reader error."""
        lib, c = self.lib, ctypes
        r, err = c.c_void_p(), c.c_void_p()
        if lib.ga_warc_reader_open(path.encode(), None, c.byref(r), c.byref(err)) != 0:
            raise AssertionError("open %s: %s" % (path, lib.ga_error_message(err).decode()))
        out = []
        gz = lib.ga_warc_reader_is_gzip(r)
        try:
            while True:
                rec = c.c_void_p()
                if lib.ga_warc_next(r, c.byref(rec), c.byref(err)) != 0:
                    raise AssertionError("%s: %s" % (path, lib.ga_error_message(err).decode()))
                if not rec.value:
                    break
                n = c.c_size_t()
                body = lib.ga_warc_record_body(rec, c.byref(n))
                out.append({
                    "type": lib.ga_warc_record_type(rec),
                    "uri": lib.ga_warc_record_target_uri(rec),
                    "id": lib.ga_warc_record_id(rec),
                    "version": lib.ga_warc_record_version(rec),
                    "concurrent": lib.ga_warc_record_header(rec, b"WARC-Concurrent-To"),
                    "offset": lib.ga_warc_record_offset(rec),
                    "status": lib.ga_warc_record_http_status(rec),
                    "ctype": lib.ga_warc_record_http_header(rec, b"Content-Type"),
                    "body": c.string_at(body, n.value) if body else None,
                    "body_status": lib.ga_warc_record_body_status(rec),
                })
        finally:
            lib.ga_warc_reader_free(r)
        return gz, out


def serve(root):
    """Start http.server on a free port (port 0: the kernel picks) and return it."""
    proc = subprocess.Popen(["/usr/bin/python3", "-u", "-m", "http.server", "0",
                             "--bind", "127.0.0.1", "--directory", root],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()  # "Serving HTTP on 127.0.0.1 port 40123 (...)"
    try:
        port = int(line.split(" port ")[1].split()[0])
    except (IndexError, ValueError):
        proc.kill()
        raise AssertionError("http.server did not start: %r" % line)
    return proc, port


def crawl(port, workdir, name, compress):
    # http.server answers HTTP/1.0 and closes; without keep-alive wget never races it on
    # a reused connection ("No data received").
    args = ["wget", "--recursive", "--level=inf", "--no-verbose", "--no-proxy",
            "--timeout=10", "--tries=3", "--no-http-keep-alive", "-P", os.path.join(workdir, name + "-mirror"),
            "--warc-file=" + os.path.join(workdir, name)]
    if not compress:
        args.append("--no-warc-compression")
    args.append("http://127.0.0.1:%d/" % port)
    done = subprocess.run(args, timeout=60, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    if done.returncode != 0:
        raise AssertionError("wget exited with %d:\n%s" % (done.returncode, done.stdout))
    path = os.path.join(workdir, name + (".warc.gz" if compress else ".warc"))
    assert os.path.exists(path), path
    return path


def main():
    lib_path, site = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3 and sys.argv[3] not in ("", "none"):
        print("library built with -Db_sanitize=%s: ctypes cannot load it; skipped" % sys.argv[3])
        return SKIP
    if not shutil.which("wget"):
        print("wget not installed: skipped")
        return SKIP
    reader = Reader(lib_path)
    work = tempfile.mkdtemp(prefix="ga-wget-")
    server = None
    try:
        root = os.path.join(work, "site")
        shutil.copytree(site, root)
        # A page larger than the reader's 64 KiB buffers, linked from the home page.
        rows = "".join("<tr><td>%d</td><td>第%d项 政务服务事项</td></tr>\n" % (i, i)
                       for i in range(6000))
        with open(os.path.join(root, "big.html"), "w", encoding="utf-8") as f:
            f.write("<html><body><table>\n" + rows + "</table></body></html>\n")
        served = {}
        for d, _, files in os.walk(root):
            for fn in files:
                p = os.path.join(d, fn)
                with open(p, "rb") as f:
                    served["/" + os.path.relpath(p, root).replace(os.sep, "/")] = f.read()
        served["/"] = served["/index.html"]

        server, port = serve(root)
        base = "http://127.0.0.1:%d" % port
        plain = crawl(port, work, "plain", False)
        packed = crawl(port, work, "packed", True)

        results = {}
        for path, want_gz in ((plain, 0), (packed, 1)):
            gz, recs = reader.records(path)
            assert gz == want_gz, (path, gz)
            assert recs[0]["type"] == GA_WARC_WARCINFO, recs[0]
            got = {}
            requests = {r["id"] for r in recs if r["type"] == GA_WARC_REQUEST}
            for r in recs:
                if r["type"] != GA_WARC_RESPONSE:
                    continue
                assert r["uri"].startswith(base.encode()), r["uri"]
                assert r["concurrent"] in requests, "response not tied to its request"
                assert r["body_status"] == 0, r
                path_part = r["uri"][len(base):].decode()
                if r["status"] == 200:
                    got[path_part] = r["body"]
                else:
                    assert r["status"] == 404 and path_part == "/robots.txt", (path_part, r["status"])
            missing = sorted(set(served) - set(got))
            assert not missing, "pages not read back from %s: %s" % (path, missing)
            for p, body in got.items():
                assert body == served[p], "%s: body of %s differs (%d vs %d bytes)" % (
                    path, p, len(body), len(served[p]))
            ctypes_seen = {r["ctype"] for r in recs if r["type"] == GA_WARC_RESPONSE}
            assert b"text/html" in ctypes_seen, ctypes_seen
            results[want_gz] = [(r["type"], r["uri"], r["status"], r["body"]) for r in recs
                                if r["type"] in (GA_WARC_RESPONSE, GA_WARC_REQUEST)]
            offsets = [r["offset"] for r in recs]
            with open(path, "rb") as f:
                raw = f.read()
            if want_gz:
                # wget writes one gzip member per record: offsets are the member starts.
                starts, pos = [], 0
                while pos < len(raw):
                    starts.append(pos)
                    z = zlib.decompressobj(31)
                    z.decompress(raw[pos:])
                    pos = len(raw) - len(z.unused_data)
                assert offsets == starts, (offsets, starts)
            else:
                assert all(raw[o:o + 10] == b"WARC/1.0\r\n" for o in offsets), offsets
                assert offsets == sorted(set(offsets)), "record offsets not increasing"
            print("%s: %d records, %d pages read back" % (os.path.basename(path), len(recs),
                                                          len(got)))
        assert len(results[0]) == len(results[1])
        return 0
    finally:
        if server:
            server.kill()
            server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
