"""The round's notice (通报) from audit results (include/govaudit/notice.h)."""
import ctypes
import json
import os

from . import progress as _progress
from ._core import Handle, call, lib, out_ptr, require
from .score import parse_time

_PRETTY = 1 << 0  # GA_NOTICE_PRETTY


def _looks_inline(value):
    """JSON or JSON lines given as text rather than a file name."""
    head = value.lstrip()[:1]
    return head in ("{", "[", b"{", b"[") or not value.strip()


def _source(value, name, lines):
    """(bytes, name) of a result (`lines` False) or of JSON lines: a dict (or for lines a
    list of dicts), JSON text, bytes, or a path."""
    if isinstance(value, dict) and not lines:
        return json.dumps(value, ensure_ascii=False).encode(), name or "<result>"
    if isinstance(value, (list, tuple)) and lines:
        text = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in value)
        return text.encode(), name or "<lines>"
    if isinstance(value, (str, bytes)) and _looks_inline(value):
        return (value.encode() if isinstance(value, str) else value), name or "<text>"
    path = os.fspath(value)
    with open(path, "rb") as f:
        return f.read(), name or (path if isinstance(path, str) else path.decode())


class Notice(Handle):
    """A round's notice: add this round's audit results (and optionally the previous
    round's, a 找错 message export and a rectification-report ledger), then read it as a
    dict, as the notice's text or as an HTML page. `date` (a date string or
    datetime.date) is the day late messages and reports are counted at; without it, the
    newest audit date of the results. `progress` reports the results added and the
    rendering (govaudit.progress: True for a bar on stderr, or a callable receiving
    Progress tuples that returns True to cancel)."""

    _free = "ga_notice_free"

    def __init__(self, date=None, progress=None):
        require("notice")
        super().__init__(out_ptr(lib.ga_notice_new))
        if date is not None:
            call(lib.ga_notice_set_date, self.handle, parse_time(date))
        self._progress = _progress.callback(progress)  # kept alive while the notice is
        if self._progress is not None:
            lib.ga_notice_set_progress(self.handle, _progress.c_pointer(self._progress), None)

    def add_result(self, result, previous=False, name=None):
        """One `govaudit audit` / `audit-media` result: a dict, its JSON text, or a path."""
        data, name = _source(result, name, False)
        with _progress.reporting(self._progress):
            call(lib.ga_notice_add_result, self.handle, data, len(data), name.encode(),
                 1 if previous else 0)
        return self

    def add_messages(self, messages, name=None):
        """找错 messages: JSON lines text, a list of dicts {id, site, received, due, closed},
        or a path."""
        data, name = _source(messages, name, True)
        call(lib.ga_notice_add_messages, self.handle, data, len(data), name.encode())
        return self

    def add_reports(self, reports, name=None):
        """The report ledger: JSON lines text, a list of dicts {site, due, submitted}, or a
        path."""
        data, name = _source(reports, name, True)
        call(lib.ga_notice_add_reports, self.handle, data, len(data), name.encode())
        return self

    def _render(self, fn, flags=0):
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        with _progress.reporting(self._progress):
            call(fn, self.handle, flags, ctypes.byref(out), ctypes.byref(n))
        try:
            return ctypes.string_at(out.value, n.value)
        finally:
            lib.ga_string_free(out.value)

    def to_dict(self):
        """The notice as plain dicts and lists (docs/notice.md)."""
        return json.loads(self._render(lib.ga_notice_json).decode("utf-8"))

    def text(self):
        """The notice's text: 一、总体情况 / 二、发现的主要问题 / 附件."""
        return self._render(lib.ga_notice_text).decode("utf-8")

    def html(self):
        """The notice as one self-contained HTML page."""
        return self._render(lib.ga_notice_html).decode("utf-8")

    def docx(self):
        """The notice as a Word document (the bytes of a .docx file)."""
        return self._render(lib.ga_notice_docx)


def notice(results, previous=(), messages=None, reports=None, date=None, progress=None):
    """The round's notice as a dict: `results` and `previous` are iterables of results
    (dicts, JSON text or paths); `messages` and `reports` JSON lines (text, a list of
    dicts or a path); `date` the notice date; `progress` as Notice's."""
    with Notice(date, progress) as n:
        for r in results:
            n.add_result(r)
        for r in previous:
            n.add_result(r, previous=True)
        if messages is not None:
            n.add_messages(messages)
        if reports is not None:
            n.add_reports(reports)
        return n.to_dict()
