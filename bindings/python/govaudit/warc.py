"""Reading WARC crawl files (include/govaudit/warc.h)."""
import ctypes
import os
import zlib
from dataclasses import dataclass, field
from typing import Dict, Optional

from . import _lib
from ._core import Handle, check, lib, out_ptr, require, s
from ._lib import has_module

RESPONSE, RESOURCE, REQUEST, METADATA, REVISIT = 2, 3, 4, 5, 6
_KEEP_DAMAGED = 1 << 1  # GA_WARC_KEEP_DAMAGED


@dataclass
class WarcRecord:
    """One record. `headers` are the HTTP headers (the WARC ones are in `warc_headers`);
    `status` is the HTTP status (0 for non-HTTP records); `body` the decoded HTTP body
    (the whole block for non-HTTP records). `damaged` says why a record read with
    `keep_damaged=True` is not whole (its block does not end where its Content-Length
    says; `body` holds what could be read), None for a whole record."""
    uri: Optional[str]
    date: Optional[str]
    status: int
    headers: Dict[str, str]
    content_type: Optional[str]
    body: bytes
    type: str = "response"
    record_id: Optional[str] = None
    offset: int = 0
    warc_headers: Dict[str, str] = field(default_factory=dict)
    truncated: bool = False
    damaged: Optional[str] = None


def _headers(rec, count, at):
    out, name = {}, ctypes.c_char_p()
    for i in range(count(rec)):
        value = at(rec, i, ctypes.byref(name))
        key = s(name.value)
        # Repeated headers (Set-Cookie) are joined as HTTP allows.
        out[key] = out[key] + ", " + s(value) if key in out else s(value)
    return out


class WarcReader(Handle):
    """An iterator of WarcRecord over a WARC or ARC file (.warc, .arc, plain or gzip) given
    by its path, or as bytes (which may start at any record or gzip member boundary: offsets count from there).
    It yields records of the types in `types` (responses by default; None: all). Damaged records raise govaudit.Error (with the byte
    `offset` of the damage) unless `errors="skip"`; iteration may go on after an error.
    With `keep_damaged=True` a record whose block does not end where its Content-Length
    says comes with what could be read and `damaged` set, instead of raising.
    `skipped` counts the damaged records skipped so far."""

    _free = "ga_warc_reader_free"

    def __init__(self, source, types=(RESPONSE,), errors="raise", max_record_size=0,
                 keep_damaged=False):
        require("warc")
        if keep_damaged:
            require("warc-damage")
        if errors not in ("raise", "skip"):
            raise ValueError("errors must be 'raise' or 'skip'")
        skip = 0
        if types is not None:
            skip = sum(1 << t for t in range(9) if t not in types)
        opts = _lib.WarcOptions(ctypes.sizeof(_lib.WarcOptions),
                                _KEEP_DAMAGED if keep_damaged else 0, max_record_size, skip)
        self._types = None if types is None else frozenset(types)
        self._errors = errors
        self.skipped = 0
        if isinstance(source, (bytes, bytearray, memoryview)):
            # WARC data in memory: the reader reads it in place, so keep it alive with us.
            self._data = bytes(source)
            ptr = out_ptr(lib.ga_warc_reader_open_memory, self._data, len(self._data),
                          ctypes.byref(opts))
        else:
            ptr = out_ptr(lib.ga_warc_reader_open, os.fsencode(source), ctypes.byref(opts))
        super().__init__(ptr)

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            rec = self._next_record()
            if rec is None:
                raise StopIteration
            if self._types is None or lib.ga_warc_record_type(rec) in self._types:
                return self._record(rec)

    def _next_record(self):
        """The C record read next, of any type, or None at the end of the input (the reader
        is then closed); damaged records raise or are skipped as `errors` says."""
        rec, errp = ctypes.c_void_p(), ctypes.c_void_p()
        while True:
            st = lib.ga_warc_next(self.handle, ctypes.byref(rec), ctypes.byref(errp))
            if st != 0:
                if self._errors == "skip":
                    self.skipped += 1
                    lib.ga_error_free(errp.value)
                    errp.value = None
                    continue
                check(st, errp)
            if not rec.value:
                self.close()
                return None
            return rec.value

    @staticmethod
    def _record(r):
        n = ctypes.c_size_t()
        http = bool(lib.ga_warc_record_is_http(r))
        ptr = lib.ga_warc_record_body(r, ctypes.byref(n)) if http else \
            lib.ga_warc_record_block(r, ctypes.byref(n))
        body = ctypes.string_at(ptr, n.value) if ptr else b""
        headers = _headers(r, lib.ga_warc_record_http_header_count,
                           lib.ga_warc_record_http_header_at) if http else {}
        ctype = lib.ga_warc_record_http_header(r, b"Content-Type") if http else \
            lib.ga_warc_record_content_type(r)
        return WarcRecord(
            uri=s(lib.ga_warc_record_target_uri(r)),
            date=s(lib.ga_warc_record_date(r)),
            status=lib.ga_warc_record_http_status(r) if http else 0,
            headers=headers,
            content_type=s(ctype),
            body=body,
            type=s(lib.ga_warc_type_name(lib.ga_warc_record_type(r))),
            record_id=s(lib.ga_warc_record_id(r)),
            offset=lib.ga_warc_record_offset(r),
            warc_headers=_headers(r, lib.ga_warc_record_header_count,
                                  lib.ga_warc_record_header_at),
            truncated=http and lib.ga_warc_record_body_status(r) != 0,
            damaged=_damage(r),
        )


def _damage(r):
    if not has_module("warc-damage"):
        return None
    why = ctypes.c_char_p()
    return s(why.value) if lib.ga_warc_record_damage(r, ctypes.byref(why)) else None


def read_warc(source, types=(RESPONSE,), errors="raise", keep_damaged=False):
    """Iterate over the records of a WARC file (a path, or its bytes), responses by
    default; the file is closed when the iteration ends or the iterator is closed or
    collected."""
    return WarcReader(source, types=types, errors=errors, keep_damaged=keep_damaged)


def record_offsets(source, errors="skip"):
    """The offset index of a WARC file (a path, or its bytes): the distinct byte offsets at
    which its records start, ascending; for gzip input the offsets of the gzip members
    records start in. Any two of them delimit a byte range that reads on its own, which is
    how a job splits one file into tasks. One pass that keeps no block: every record type
    is read past without buffering. Damaged records are skipped (errors="skip") or raise."""
    offsets = []
    with WarcReader(source, types=(), errors=errors) as reader:
        while True:
            rec = reader._next_record()
            if rec is None:
                break
            offsets.append(lib.ga_warc_record_offset(rec))
    return sorted(set(offsets))


_GZIP_MAGIC = b"\x1f\x8b\x08"  # gzip id and the deflate method
_SCAN = 1 << 16


def _member_end(f, pos):
    """Where the gzip member at `pos` ends, when it inflates whole (zlib checks its CRC and
    length) to data that starts as a WARC record; None otherwise."""
    f.seek(pos)
    inflate, head = zlib.decompressobj(31), b""
    while not inflate.eof:
        pending = f.read(_SCAN)
        if not pending:
            return None
        # At most _SCAN bytes out a call: a member that inflates a thousandfold (a
        # decompression bomb) is walked through in small steps.
        while pending and not inflate.eof:
            try:
                out = inflate.decompress(pending, _SCAN)
            except zlib.error:
                return None
            pending = inflate.unconsumed_tail
            if len(head) < 5:
                head += out[:5 - len(head)]
                if len(head) == 5 and head != b"WARC/":
                    return None
    return f.tell() - len(inflate.unused_data) if head == b"WARC/" else None


def _next_member(f, pos, size):
    """The first offset at or after `pos` where a gzip member holding a WARC record starts
    (_member_end), or `size`."""
    while pos < size:
        f.seek(pos)
        window = f.read(_SCAN + len(_GZIP_MAGIC) - 1)
        i = window.find(_GZIP_MAGIC)
        while 0 <= i < _SCAN:
            if _member_end(f, pos + i) is not None:
                return pos + i
            i = window.find(_GZIP_MAGIC, i + 1)
        pos += _SCAN
    return size


class WarcSplit:
    """The records of a gzip WARC file whose gzip members start in the byte range
    [start, end), found without an offset index, as a job splits a file among tasks: the
    split begins at the first gzip member at or after `start` that inflates whole to a
    WARC record, and reads on to the first such member at or after `end`. Splits that meet
    end to end (one's `end` the next one's `start`) read each member of a well-formed file
    exactly once, whatever the split points.

    A member found that way may lie inside another record (a crawled .warc.gz stored
    uncompressed in its record), so a split checks itself: it is `exact` when it read its
    bytes without skipping damage (a split point inside a member leaves that member
    truncated) and, if it is the first split (`start` 0), began at offset 0. When every
    split of a file is exact, together they read what read_warc(path) reads; otherwise
    read the file through record_offsets() instead. `exact` is known once the records are
    read through. Damaged records are skipped; `first` and `stop` are the file offsets the
    split read between; each record's `offset` is its file offset."""

    def __init__(self, path, start, end, types=(RESPONSE,)):
        if start < 0 or end < start:
            raise ValueError("a split needs 0 <= start <= end")
        with open(path, "rb") as f:
            if f.read(len(_GZIP_MAGIC)) != _GZIP_MAGIC:
                raise ValueError(f"{os.fsdecode(path)} is not a gzip file")
            size = f.seek(0, os.SEEK_END)
            end = min(end, size)
            self.first = _next_member(f, start, size)
            self.stop = max(self.first, _next_member(f, end, size))
            f.seek(self.first)
            data = f.read(self.stop - self.first)
        self._start_ok = start > 0 or self.first == 0
        self._types = None if types is None else frozenset(types)
        self._reader = WarcReader(data, types=None, errors="skip") if data else None
        self.exact = None if data else self._start_ok

    def __iter__(self):
        return self

    def __next__(self):
        while self._reader is not None:
            rec = self._reader._next_record()
            if rec is None:
                self.exact = self._start_ok and self._reader.skipped == 0
                self._reader = None
                break
            if self._types is None or lib.ga_warc_record_type(rec) in self._types:
                out = WarcReader._record(rec)
                out.offset += self.first
                return out
        raise StopIteration

    def close(self):
        if self._reader is not None:
            self._reader.close()
            self._reader = None


def read_warc_split(path, start, end, types=(RESPONSE,)):
    """The records of the gzip WARC file at `path` whose gzip members start in
    [start, end), found without an offset index (see WarcSplit, and check its `exact`
    after reading)."""
    return WarcSplit(path, start, end, types)
