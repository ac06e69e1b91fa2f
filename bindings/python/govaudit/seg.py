"""Chinese word segmentation (include/govaudit/seg.h)."""
import ctypes
import os
from dataclasses import dataclass

from . import _lib
from ._core import Handle, Utf8Text, call, lib, out_ptr, require

MODES = {"default": 0, "search": 1, "icu": 2}
KINDS = {1: "word", 2: "alnum", 3: "punct", 4: "space", 5: "other"}
_SUBWORD = 0x100


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
        self._dicts = []  # freed after the segmenter, the user dictionary before its base
        dict_ptr = None
        try:
            if mode != "icu" or user_dict is not None:
                base = _Dict(out_ptr(lib.ga_dict_load_default))
                self._dicts.append(base)
                dict_ptr = base.handle
                if user_dict is not None:
                    user = self._build_user(base, user_dict)
                    self._dicts.insert(0, user)
                    dict_ptr = user.handle
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
        for d in getattr(self, "_dicts", ()):
            d.close()

    def close(self):
        super().close()
        self._close_dicts()

    def _raw(self, data):
        cap = len(data) + 16
        while True:
            toks = (_lib.Token * cap)()
            n = ctypes.c_size_t()
            call(lib.ga_segment_tokens, self.handle, data, len(data), toks, cap, ctypes.byref(n))
            if n.value <= cap:
                return toks, n.value
            cap = n.value

    def tokens(self, text):
        """All tokens of `text` (str or UTF-8 bytes) with str offsets and kinds."""
        src = Utf8Text(text)
        toks, n = self._raw(src.data)
        out = []
        for t in toks[:n]:
            start, end = src.index(t.start), src.index(t.end)
            out.append(Token(src.text[start:end], start, end, KINDS.get(t.kind & 0xFF, "other"),
                             bool(t.kind & _SUBWORD)))
        return out

    def cut(self, text):
        """The tokens of `text` as a list of str (white space runs included, so
        "".join(cut(text)) == text outside search mode)."""
        src = Utf8Text(text)
        data = src.data
        toks, n = self._raw(data)
        return [data[t.start:t.end].decode("utf-8", "replace") for t in toks[:n]]

    def spans(self, text):
        """(start, end) str indices of the tokens of `text`."""
        return [(t.start, t.end) for t in self.tokens(text)]


def cut(text, mode="default"):
    """Segment with a segmenter made for this call (make a Segmenter to reuse)."""
    with Segmenter(mode) as seg:
        return seg.cut(text)
