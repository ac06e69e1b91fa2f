"""Python bindings of libgovaudit over its C ABI (ctypes; no compiler needed).

The shared library is found through GOVAUDIT_LIBRARY, a build folder of the source
checkout, pkg-config's libdir, or the system loader, and must be of ABI 1.
"""
from ._core import lib as _clib, library_path
from ._errors import (Cancelled, DataSyntaxError, DependencyError, Error, FormatError,
                      InvalidArgument, InvalidUTF8, IOFailure, LimitExceeded, NoMemory, NotFound,
                      Truncated, Unsupported)
from .attach import Extracted, Piece, extract, pdf_supported, sniff
from .dedup import Cluster, DedupIndex, Match
from .match import Finding, Matcher
from .norm import Normalized, Normalizer, normalize
from .notice import Notice, notice
from .page import Attachment, Guide, Item, Link, Message, Page, parse_page
from .probe import ProbeLog, probe
from .progress import Bar, Progress, watch
from .score import Observations, Profile, parse_time, score
from .seg import Segmenter, Token, cut
from .site import audit_site
from .spell import SpellFinding, SpellModel
from .warc import WarcReader, WarcRecord, WarcSplit, read_warc, read_warc_split, record_offsets

__version__ = _clib.ga_version_string().decode()


def data_dir():
    """Folder of the data shipped with the library (rule packs, profiles, dictionary,
    spelling model)."""
    return _clib.ga_data_dir().decode()


__all__ = [
    "Error", "InvalidArgument", "NoMemory", "InvalidUTF8", "IOFailure", "DataSyntaxError",
    "FormatError", "LimitExceeded", "NotFound", "Unsupported", "DependencyError", "Truncated",
    "Cancelled", "Progress", "Bar", "watch",
    "Normalizer", "Normalized", "normalize", "data_dir", "library_path",
    "parse_page", "Page", "Link", "Item", "Attachment", "Message", "Guide",
    "read_warc", "read_warc_split", "record_offsets", "WarcReader", "WarcRecord", "WarcSplit",
    "Segmenter", "Token", "cut",
    "Matcher", "Finding", "SpellModel", "SpellFinding",
    "extract", "sniff", "pdf_supported", "Extracted", "Piece",
    "DedupIndex", "Match", "Cluster",
    "Profile", "Observations", "score", "parse_time", "audit_site",
    "Notice", "notice",
    "probe", "ProbeLog",
]
