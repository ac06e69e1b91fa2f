"""Chinese word segmentation (include/govaudit/seg.h)."""
import ctypes
import os
import sys
import threading
import weakref
from dataclasses import dataclass

from . import _lib
from ._core import Handle, Utf8Text, call, lib, out_ptr, require

MODES = {"default": 0, "search": 1, "icu": 2}
KINDS = {1: "word", 2: "alnum", 3: "punct", 4: "space", 5: "other"}
_SUBWORD = 0x100
# ga_token_t as three 64-bit words (LP64): read token arrays in bulk.
_BULK = ctypes.sizeof(_lib.Token) == 24 and ctypes.sizeof(ctypes.c_size_t) == 8


@dataclass(frozen=True)
class Token:
    """A token: `text`, its str indices `start`/`end` in the segmented text, `kind` (word,
    alnum, punct, space, other) and `subword` (search mode's extra sub-words)."""
    text: str
    start: int
    end: int
    kind: str
    subword: bool = False


class _Dict(Handle):
    _free = "ga_dict_free"


_default_lock = threading.Lock()
_default_ref = None  # weak reference to the shared default dictionary


def _default_dict():
    """The default dictionary, loaded once and shared by every Segmenter while any uses
    it (it is immutable): freed when the last one is closed or collected."""
    global _default_ref
    with _default_lock:
        d = _default_ref() if _default_ref is not None else None
        if d is None:
            d = _Dict(out_ptr(lib.ga_dict_load_default))
            _default_ref = weakref.ref(d)
        return d


class Segmenter(Handle):
    """A segmenter over the default dictionary, or ICU word breaks with mode="icu".

    `user_dict` is a path of a text dictionary (`word [freq [tag]]` a line) or an iterable
    of words added over the default one (放管服, 一网通办, ...). Immutable: share it between
    threads freely.
    """

    _free = "ga_segmenter_free"

    def __init__(self, mode="default", user_dict=None):
        require("seg")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        # Freed after the segmenter: the user dictionary first, then (last reference
        # dropped) the shared base.
        self._base = self._user = None
        dict_ptr = None
        try:
            if mode != "icu" or user_dict is not None:
                self._base = _default_dict()
                dict_ptr = self._base.handle
                if user_dict is not None:
                    self._user = self._build_user(self._base, user_dict)
                    dict_ptr = self._user.handle
            super().__init__(out_ptr(lib.ga_segmenter_new, dict_ptr, MODES[mode]))
        except BaseException:
            self._close_dicts()
            raise
        self.mode = mode

    @staticmethod
    def _build_user(base, user_dict):
        b = out_ptr(lib.ga_dict_builder_new, base.handle)
        try:
            if isinstance(user_dict, (str, bytes, os.PathLike)):
                call(lib.ga_dict_builder_add_file, b, os.fsencode(user_dict))
            else:
                for word in user_dict:
                    w = word.encode("utf-8")
                    call(lib.ga_dict_builder_add, b, w, len(w), ctypes.c_uint64(-1).value, None)
            return _Dict(out_ptr(lib.ga_dict_builder_finish, b))
        finally:
            lib.ga_dict_builder_free(b)

    def _close_dicts(self):
        user = getattr(self, "_user", None)
        if user is not None:
            user.close()
        self._user = self._base = None

    def close(self):
        super().close()
        self._close_dicts()

    def _raw(self, data, kinds=True):
        """(starts, ends, kinds) of the tokens of UTF-8 `data`, read from the C array in
        bulk: a ga_token_t is three 64-bit words (start, end, kind | reserved << 32)."""
        cap = len(data) + 16
        while True:
            toks = (_lib.Token * cap)()
            n = ctypes.c_size_t()
            call(lib.ga_segment_tokens, self.handle, data, len(data), toks, cap, ctypes.byref(n))
            if n.value <= cap:
                break
            cap = n.value
        if not _BULK:
            toks = toks[:n.value]
            return [t.start for t in toks], [t.end for t in toks], [t.kind for t in toks]
        words = memoryview(toks).cast("B").cast("Q")[:3 * n.value].tolist()
        if not kinds:
            return words[0::3], words[1::3], None
        shift = 32 if sys.byteorder == "big" else 0
        return words[0::3], words[1::3], [k >> shift & 0xFFFFFFFF for k in words[2::3]]

    def tokens(self, text):
        """All tokens of `text` (str or UTF-8 bytes) with str offsets and kinds."""
        src = Utf8Text(text)
        starts, ends, kinds = self._raw(src.data)
        idx = src.indices(starts + ends)
        n = len(starts)
        out_text = src.text
        return [Token(out_text[idx[k]:idx[n + k]], idx[k], idx[n + k],
                      KINDS.get(kinds[k] & 0xFF, "other"), bool(kinds[k] & _SUBWORD))
                for k in range(n)]

    def cut(self, text):
        """The tokens of `text` as a list of str (white space runs included, so
        "".join(cut(text)) == text outside search mode)."""
        src = Utf8Text(text)
        data = src.data
        starts, ends, _ = self._raw(data, kinds=False)
        return [data[a:b].decode("utf-8", "replace") for a, b in zip(starts, ends)]

    def spans(self, text):
        """(start, end) str indices of the tokens of `text`."""
        return [(t.start, t.end) for t in self.tokens(text)]


def cut(text, mode="default"):
    """Segment with a segmenter made for this call (make a Segmenter to reuse)."""
    with Segmenter(mode) as seg:
        return seg.cut(text)
