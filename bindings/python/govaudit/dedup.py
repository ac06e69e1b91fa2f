"""Duplicate posts: fingerprints, an LSH index, clusters (include/govaudit/dedup.h)."""
import ctypes
import os
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from . import _lib
from . import progress as _progress
from ._core import Handle, call, check, lib, out_ptr, require, s

FIELDS = ("id", "site", "column", "url", "date", "title", "source")
KINDS = {1: "一稿多发", 2: "转载", 3: "duplicate"}


@dataclass(frozen=True)
class Match:
    """A document of the index similar to a query."""
    doc: int
    id: Optional[str]
    similarity: float
    hamming: int
    relation: str
    exact: bool


@dataclass
class Cluster:
    """Copies of one text: `kind` is 一稿多发, 转载 or duplicate; `docs` the document numbers,
    `ids`/`urls` their fields; `pairs` the evidence (doc_a, doc_b, similarity, relation)."""
    kind: str
    docs: List[int]
    ids: List[Optional[str]]
    urls: List[Optional[str]]
    similarity: float
    pairs: List[Tuple[int, int, float, str]] = field(default_factory=list)


class _Doc:
    """A ga_dedup_doc_t with the bytes it points to kept alive."""

    def __init__(self, text, fields):
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise TypeError(f"unknown document fields: {', '.join(sorted(unknown))}")
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        enc = {k: (v.encode("utf-8") if isinstance(v, str) else v) for k, v in fields.items()
               if v is not None}
        self._keep = (data, enc)
        self.c = _lib.DedupDoc(ctypes.sizeof(_lib.DedupDoc), *(enc.get(k) for k in FIELDS),
                               data, len(data))


def _doc_args(doc, text, fields):
    if doc is not None:
        if isinstance(doc, dict):
            fields = {**{k: v for k, v in doc.items() if k != "text"}, **fields}
            text = doc.get("text", "") if text is None else text
        else:
            raise TypeError("doc must be a dict of the document's fields")
    return _Doc(text if text is not None else "", fields)


class DedupIndex(Handle):
    """An index of documents for near-duplicate detection (MinHash LSH, verified by Jaccard
    similarity of word shingles at or above `threshold`, or by containment, the share of the
    smaller document's shingles held in the larger, at or above `containment`; 0 turns
    containment off). `progress` reports add_many()'s
    fingerprints and clusters()' bands (govaudit.progress: True for a bar on stderr, or a
    callable receiving Progress tuples that returns True to cancel)."""

    _free = "ga_dedup_index_free"

    def __init__(self, threshold=0.8, window_days=30, segmenter=None, progress=None,
                 containment=None, _ptr=None):
        require("dedup")
        self._segmenter = segmenter  # borrowed by the C index: keep it alive
        self._progress = _progress.callback(progress)  # kept by the C index too
        if _ptr is None:
            _ptr = out_ptr(lib.ga_dedup_index_new, ctypes.byref(self._options(threshold,
                                                                              window_days,
                                                                              containment)))
        super().__init__(_ptr)

    def _options(self, threshold, window_days, containment=None):
        opts = _lib.DedupOptions()
        lib.ga_dedup_options_init(ctypes.byref(opts))
        if threshold is not None:
            opts.threshold = threshold
        if window_days is not None:
            opts.window_days = window_days
        if containment is not None:
            opts.containment = containment
        opts.segmenter = self._segmenter.handle if self._segmenter is not None else None
        opts.progress = _progress.c_pointer(self._progress)
        return opts

    @classmethod
    def load(cls, path, segmenter=None, progress=None):
        """Load an index written by save(); corrupt or foreign files raise FormatError."""
        require("dedup")
        self = cls.__new__(cls)
        self._segmenter = segmenter
        self._progress = _progress.callback(progress)
        ptr = out_ptr(lib.ga_dedup_index_load, os.fsencode(path),
                      ctypes.byref(self._options(None, None)))
        Handle.__init__(self, ptr)
        return self

    def save(self, path):
        call(lib.ga_dedup_index_save, self.handle, os.fsencode(path))

    def __len__(self):
        return lib.ga_dedup_index_count(self.handle)

    @property
    def containment(self):
        """The containment threshold (0: not used)."""
        return lib.ga_dedup_index_containment(self.handle)

    @property
    def threshold(self):
        return lib.ga_dedup_index_threshold(self.handle)

    def add(self, doc=None, *, text=None, **fields):
        """Add a document: a dict {id, site, column, url, date, title, source, text} or
        the same as keywords. Returns its document number."""
        d = _doc_args(doc, text, fields)
        n = ctypes.c_size_t()
        call(lib.ga_dedup_index_add, self.handle, ctypes.byref(d.c), ctypes.byref(n))
        return n.value

    def add_many(self, docs, threads=0):
        """Add dicts of documents, fingerprinting them on `threads` threads (0: all CPUs)."""
        ds = [_doc_args(d, None, {}) for d in docs]
        arr = (_lib.DedupDoc * len(ds))(*(d.c for d in ds))
        first = len(self)
        with _progress.reporting(self._progress):
            call(lib.ga_dedup_index_add_batch, self.handle, arr, len(ds), threads)
        return range(first, first + len(ds))

    def document(self, i):
        """The fields of document `i` as a dict (the text is not kept)."""
        if not 0 <= i < len(self):
            raise IndexError(i)
        return {k: s(lib.ga_dedup_index_doc_field(self.handle, i, n)) for n, k in
                enumerate(FIELDS)}

    def fingerprint(self, i):
        """(exact hash, SimHash, shingle count) of document `i`."""
        exact, sim, sh = ctypes.c_uint64(), ctypes.c_uint64(), ctypes.c_size_t()
        call_plain(lib.ga_dedup_index_doc_fingerprint(self.handle, i, ctypes.byref(exact),
                                                      ctypes.byref(sim), ctypes.byref(sh)))
        return exact.value, sim.value, sh.value

    def bands(self, i):
        """The LSH band keys of document `i` (one per band of its MinHash signature): two
        documents of indexes with the same threshold are candidate copies when the keys of
        some band are equal."""
        if not 0 <= i < len(self):
            raise IndexError(i)
        keys = (ctypes.c_uint32 * 128)()
        n = lib.ga_dedup_index_doc_bands(self.handle, i, keys, len(keys))
        return list(keys[:n])

    def query(self, doc=None, *, text=None, **fields):
        """Documents of the index that are copies of the given one, best first."""
        d = _doc_args(doc, text, fields)
        m = lib.ga_dedup_matches_new()
        if not m:
            raise MemoryError
        try:
            call(lib.ga_dedup_index_query, self.handle, ctypes.byref(d.c), m)
            out = []
            for i in range(lib.ga_dedup_matches_count(m)):
                doc_no = lib.ga_dedup_matches_doc(m, i)
                out.append(Match(doc_no,
                                 s(lib.ga_dedup_index_doc_field(self.handle, doc_no, 0)),
                                 lib.ga_dedup_matches_similarity(m, i),
                                 lib.ga_dedup_matches_hamming(m, i),
                                 s(lib.ga_dedup_relation_name(lib.ga_dedup_matches_relation(m, i))),
                                 bool(lib.ga_dedup_matches_exact(m, i))))
            return out
        finally:
            lib.ga_dedup_matches_free(m)

    def clusters(self, threads=0):
        """Groups of two or more copies, with their kind and evidence pairs."""
        with _progress.reporting(self._progress):
            c = out_ptr(lib.ga_dedup_index_cluster, self.handle, threads)
        h = self.handle
        try:
            out = []
            a, b = ctypes.c_size_t(), ctypes.c_size_t()
            sim, rel = ctypes.c_double(), ctypes.c_int()
            for i in range(lib.ga_dedup_clusters_count(c)):
                docs = [lib.ga_dedup_cluster_doc(c, i, j)
                        for j in range(lib.ga_dedup_cluster_size(c, i))]
                pairs = []
                for k in range(lib.ga_dedup_cluster_pair_count(c, i)):
                    call_plain(lib.ga_dedup_cluster_pair(c, i, k, ctypes.byref(a), ctypes.byref(b),
                                                         ctypes.byref(sim), ctypes.byref(rel)))
                    pairs.append((a.value, b.value, sim.value,
                                  s(lib.ga_dedup_relation_name(rel.value))))
                out.append(Cluster(
                    kind=s(lib.ga_dedup_kind_name(lib.ga_dedup_cluster_kind(c, i))),
                    docs=docs,
                    ids=[s(lib.ga_dedup_index_doc_field(h, d, 0)) for d in docs],
                    urls=[s(lib.ga_dedup_index_doc_field(h, d, 3)) for d in docs],
                    similarity=lib.ga_dedup_cluster_similarity(c, i),
                    pairs=pairs))
            return out
        finally:
            lib.ga_dedup_clusters_free(c)


def call_plain(status):
    """Raise for a failed call that takes no ga_error_t **."""
    check(status, None)


def banding(threshold=0.8):
    """(rows, bands, probability of catching a pair at the threshold) of the LSH index."""
    require("dedup")
    r, b, p = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_double()
    call_plain(lib.ga_dedup_banding(threshold, ctypes.byref(r), ctypes.byref(b), ctypes.byref(p)))
    return r.value, b.value, p.value
