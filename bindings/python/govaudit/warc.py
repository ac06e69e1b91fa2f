"""Reading WARC crawl files (include/govaudit/warc.h)."""
import ctypes
import os
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
    says comes with what could be read and `damaged` set, instead of raising."""

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
