"""Text out of attachments (PDF, DOCX, XLSX, PPTX, OFD) with the location of each piece
(include/govaudit/attach.h). The format is recognised from the content, never the name."""
import ctypes
import os
from dataclasses import dataclass

from . import _lib
from ._core import Utf8Text, call, check, lib, require, s

PLACES = ("page", "paragraph", "cell", "slide")


@dataclass(frozen=True)
class Piece:
    """A page, paragraph, cell or slide. `start`/`end` are str indices into
    Extracted.text (byte_start/byte_end index its UTF-8 bytes); `index` is the 1-based page,
    paragraph or slide number (the sheet number for a cell); `location` is for people
    ("第3页", "第12段", "名单!C2")."""
    place: str
    location: str
    text: str
    start: int
    end: int
    byte_start: int
    byte_end: int
    index: int
    row: int = 0
    column: int = 0
    sheet: str = None


class Extracted:
    """The text of an attachment (`format`, `text`, `pieces`); locate() tells which piece
    holds a str index of the text, e.g. a Finding's start."""

    def __init__(self, fmt, text, pieces):
        self.format = fmt
        self.text = text
        self.pieces = pieces
        self._starts = [p.start for p in pieces]

    def locate(self, index):
        """The Piece holding str index `index` of the text, or None."""
        import bisect
        k = bisect.bisect_right(self._starts, index) - 1
        return self.pieces[k] if k >= 0 else None

    def __repr__(self):
        return f"<Extracted {self.format}: {len(self.pieces)} pieces, {len(self.text)} chars>"


def _bytes(data):
    if isinstance(data, (str, os.PathLike)):
        with open(data, "rb") as f:
            return f.read()
    return bytes(data)


def sniff(data):
    """The format of a file's bytes (or a path): "pdf", "docx", "xlsx", "pptx", "ofd",
    "ole" (DOC/XLS/PPT, not read), "zip" (another or a damaged zip) or "unknown"."""
    require("attach")
    b = _bytes(data)
    return lib.ga_attach_format_name(lib.ga_attach_sniff(b, len(b))).decode()


def pdf_supported():
    """True when the library reads PDF (built with poppler)."""
    require("attach")
    return bool(lib.ga_attach_pdf_supported())


def extract(data, max_input=0, max_unpacked=0, max_text=0, max_parts=0):
    """Extract the text of a file given as bytes or a path. Limits left 0 take the library's
    defaults (docs/attachments.md). Raises Unsupported (DOC/XLS, other zips, unknown content,
    PDF without poppler), FormatError (a damaged file) or LimitExceeded."""
    require("attach")
    b = _bytes(data)
    lim = _lib.AttachLimits(ctypes.sizeof(_lib.AttachLimits), max_input, max_unpacked,
                            max_text, max_parts)
    doc = ctypes.c_void_p()
    call(lib.ga_attach_extract, b, len(b), ctypes.byref(lim), ctypes.byref(doc))
    try:
        n = ctypes.c_size_t()
        ptr = lib.ga_attach_text(doc, ctypes.byref(n))
        src = Utf8Text(ctypes.string_at(ptr, n.value))
        raw = []
        p = _lib.AttachPiece()
        for i in range(lib.ga_attach_piece_count(doc)):
            p.size = ctypes.sizeof(p)
            check(lib.ga_attach_piece(doc, i, ctypes.byref(p)), None)
            raw.append((p.place, s(p.location), p.start, p.end, p.index, p.row, p.column,
                        s(p.sheet)))
        fmt = lib.ga_attach_format_name(lib.ga_attach_format(doc)).decode()
    finally:
        lib.ga_attach_free(doc)
    text = src.text
    idx = src.indices([o for r in raw for o in (r[2], r[3])])
    pieces = [Piece(PLACES[place], loc, text[idx[2 * k]:idx[2 * k + 1]], idx[2 * k],
                    idx[2 * k + 1], bs, be, index, row, col, sheet)
              for k, (place, loc, bs, be, index, row, col, sheet) in enumerate(raw)]
    return Extracted(fmt, text, pieces)
