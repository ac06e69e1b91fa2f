"""Wrong and sensitive wording (错敏字) rules and scanning (include/govaudit/match.h)."""
import ctypes
import os
import threading
from dataclasses import dataclass

from . import _lib
from ._core import Handle, Utf8Text, call, check, lib, out_ptr, require, s
from ._lib import has_module

SEVERITIES = ("hint", "normal", "serious")


@dataclass(frozen=True)
class Finding:
    """One hit. `start`/`end` are str indices into the checked text, so
    text[f.start:f.end] == f.text; `byte_start`/`byte_end` index its UTF-8 bytes.

    Personal information (category 个人信息: ID, mobile, bank card numbers) is never shown
    in full: such a finding is `masked`, its `text` and `suggestion` are the masked value
    (138****5678), and so is any such value inside the text of another finding."""
    rule: str
    category: str
    severity: str
    text: str
    suggestion: str
    start: int
    end: int
    byte_start: int
    byte_end: int
    masked: bool = False

    def to_dict(self):
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class _Rules(Handle):
    _free = "ga_rules_free"


class _Scratch(Handle):
    _free = "ga_match_scratch_free"


class Matcher(Handle):
    """A compiled, immutable rule set. Matcher() loads the rule packs shipped with the
    library (what `govaudit check` uses without --rules). One Matcher may be shared by any
    number of threads: each call takes a scanning scratch of its own from a pool."""

    _free = "ga_matcher_free"

    def __init__(self, _ptr=None):
        require("match")
        self.warnings = []
        self._pool = []
        self._lock = threading.Lock()
        super().__init__(_ptr if _ptr is not None else out_ptr(lib.ga_matcher_load_default))

    @classmethod
    def from_files(cls, *paths, defaults=False):
        """Compile rule files and folders of rule files (plus the shipped packs when
        `defaults`). Syntax errors raise DataSyntaxError with file, line and column;
        the compiler's warnings are kept in `.warnings`."""
        return cls._compile([("file", p) for p in paths], defaults)

    @classmethod
    def from_text(cls, text, name="<rules>", defaults=False):
        """Compile rules given as text (the rule file format; `name` is used in errors)."""
        return cls._compile([("text", (name, text))], defaults)

    @classmethod
    def load(cls, path):
        """Load a compiled matcher saved with save() (memory-mapped)."""
        require("match")
        return cls(out_ptr(lib.ga_matcher_load, os.fsencode(path)))

    @classmethod
    def _compile(cls, sources, defaults):
        require("match")
        rules = _Rules(lib.ga_rules_new())
        if not rules._ptr:
            raise MemoryError
        with rules:
            if defaults:
                call(lib.ga_rules_add_dir, rules.handle, None)
            for kind, src in sources:
                if kind == "text":
                    name, text = src
                    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
                    call(lib.ga_rules_add_text, rules.handle, name.encode(), data, len(data))
                elif os.path.isdir(src):
                    call(lib.ga_rules_add_dir, rules.handle, os.fsencode(src))
                else:
                    call(lib.ga_rules_add_file, rules.handle, os.fsencode(src))
            warnings = [s(lib.ga_rules_warning(rules.handle, i))
                        for i in range(lib.ga_rules_warning_count(rules.handle))]
            m = cls(out_ptr(lib.ga_matcher_compile, rules.handle))
        m.warnings = warnings
        return m

    @property
    def rule_count(self):
        return lib.ga_matcher_rule_count(self.handle)

    def save(self, path):
        call(lib.ga_matcher_save, self.handle, os.fsencode(path))

    def close(self):
        super().close()
        pool, self._pool = getattr(self, "_pool", []), []
        for scratch in pool:
            scratch.close()

    def check(self, text):
        """Findings in `text` (str, or UTF-8 bytes), in text order."""
        return self._scan(text, False)

    def mask(self, text):
        """`text` (str, or UTF-8 bytes) with every personal value the rules find masked
        (去标识化), as a str: what may be published, or shown around findings."""
        require("privacy")
        return self._scan(text, True)

    def _scan(self, text, masked_text):
        src = Utf8Text(text)
        data = src.data
        handle = self.handle
        with self._lock:
            scratch = self._pool.pop() if self._pool else None
        if scratch is None:
            scratch = _Scratch(lib.ga_match_scratch_new())
            if not scratch._ptr:
                raise MemoryError
        try:
            sp = scratch.handle
            call(lib.ga_match_scan, handle, sp, data, len(data))
            if masked_text:
                ptr, size = ctypes.c_void_p(), ctypes.c_size_t()
                call(lib.ga_match_masked_text, sp, ctypes.byref(ptr), ctypes.byref(size))
                try:
                    return ctypes.string_at(ptr, size.value).decode("utf-8", "replace")
                finally:
                    lib.ga_string_free(ptr)
            raw = []
            f = _lib.Finding()
            size, ref = ctypes.sizeof(_lib.Finding), ctypes.byref(f)
            privacy = has_module("privacy")
            any_masked = False
            for i in range(lib.ga_match_count(sp)):
                f.size = size
                check(lib.ga_match_get(sp, i, ref), None)
                masked = bool(privacy and lib.ga_match_masked(sp, i))
                any_masked |= masked
                raw.append((f.rule, f.category, f.severity, f.start, f.end, f.suggestion,
                            masked, ctypes.string_at(f.text, f.end - f.start)))
            if not raw:
                return []
            idx = src.indices([o for r in raw for o in (r[3], r[4])])
            text = src.text
            # With a personal value found, every finding's text comes from the library's
            # masked copy, never from the caller's text.
            return [Finding(s(rule), s(cat), SEVERITIES[sev],
                            shown.decode("utf-8", "replace") if any_masked
                            else text[idx[2 * k]:idx[2 * k + 1]],
                            s(sugg) or "", idx[2 * k], idx[2 * k + 1], bs, be, masked)
                    for k, (rule, cat, sev, bs, be, sugg, masked, shown) in enumerate(raw)]
        finally:
            with self._lock:
                if self._ptr:
                    self._pool.append(scratch)
                else:
                    scratch.close()

