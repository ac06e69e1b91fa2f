"""Statistical 错别字 detection and correction (include/govaudit/spell.h)."""
import ctypes
import os
import threading
from dataclasses import dataclass

from . import _lib
from ._core import Handle, Utf8Text, call, check, lib, out_ptr, require, s
from .match import SEVERITIES


@dataclass(frozen=True)
class SpellFinding:
    """One statistical finding: as match.Finding (category 错别字, rule `spell:sound` or
    `spell:shape`, `suggestion` the replacement for exactly text[start:end]), plus its
    `confidence` (0..1) and the `candidates`, best first."""
    rule: str
    category: str
    severity: str
    text: str
    suggestion: str
    start: int
    end: int
    byte_start: int
    byte_end: int
    confidence: float
    candidates: tuple

    def to_dict(self):
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["candidates"] = list(self.candidates)
        return d


class _Scratch(Handle):
    _free = "ga_spell_scratch_free"


class _MatchScratch(Handle):
    _free = "ga_match_scratch_free"


class SpellModel(Handle):
    """A compiled spelling model. SpellModel() maps in the one shipped with the library
    (what `govaudit check` uses); SpellModel.load(path) another file. One model may be
    shared by any number of threads."""

    _free = "ga_spell_model_free"

    def __init__(self, _ptr=None, _base=None):
        require("spell")
        self._pool = []
        self._lock = threading.Lock()
        self._base = _base  # a model with words keeps the one it was made over alive
        super().__init__(_ptr if _ptr is not None else out_ptr(lib.ga_spell_model_load_default))

    @classmethod
    def load(cls, path):
        """Load a model file (versioned and checksummed; FormatError when corrupt)."""
        require("spell")
        return cls(out_ptr(lib.ga_spell_model_load, os.fsencode(path)))

    def with_words(self, text, name="<words>"):
        """A model that also knows the words of `text` (the user-dictionary format,
        `word [freq] [tag]` a line): they are never corrected."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        return SpellModel(out_ptr(lib.ga_spell_model_add_words, self.handle, name.encode(),
                                  data, len(data)), _base=self)

    def close(self):
        super().close()
        pool, self._pool = getattr(self, "_pool", []), []
        for scratch in pool:
            scratch.close()

    def check(self, text, matcher=None):
        """Findings in `text` (str, or UTF-8 bytes), in text order. With a Matcher, the
        characters its rules find are left to it (as `govaudit check` does)."""
        src = Utf8Text(text)
        data = src.data
        with self._lock:
            scratch = self._pool.pop() if self._pool else None
        if scratch is None:
            scratch = _Scratch(lib.ga_spell_scratch_new())
            if not scratch._ptr:
                raise MemoryError
        known = None
        try:
            sp = scratch.handle
            if matcher is not None:
                known = _MatchScratch(lib.ga_match_scratch_new())
                if not known._ptr:
                    raise MemoryError
                call(lib.ga_match_scan, matcher.handle, known.handle, data, len(data))
            call(lib.ga_spell_check, self.handle, sp, data, len(data),
                 known.handle if known else None)
            raw = []
            f = _lib.Finding()
            size, ref = ctypes.sizeof(_lib.Finding), ctypes.byref(f)
            for i in range(lib.ga_spell_count(sp)):
                f.size = size
                check(lib.ga_spell_get(sp, i, ref), None)
                cands = tuple(s(lib.ga_spell_candidate(sp, i, k))
                              for k in range(lib.ga_spell_candidate_count(sp, i)))
                raw.append((f.rule, f.category, f.severity, f.start, f.end, f.suggestion,
                            lib.ga_spell_confidence(sp, i), cands))
            if not raw:
                return []
            idx = src.indices([o for r in raw for o in (r[3], r[4])])
            text = src.text
            return [SpellFinding(s(rule), s(cat), SEVERITIES[sev],
                                 text[idx[2 * k]:idx[2 * k + 1]], s(sugg) or "",
                                 idx[2 * k], idx[2 * k + 1], bs, be, conf, cands)
                    for k, (rule, cat, sev, bs, be, sugg, conf, cands) in enumerate(raw)]
        finally:
            if known is not None:
                known.close()
            with self._lock:
                if self._ptr:
                    self._pool.append(scratch)
                else:
                    scratch.close()
