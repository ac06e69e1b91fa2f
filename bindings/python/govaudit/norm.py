"""Normalisation with an exact offset map (include/govaudit/norm.h)."""
import ctypes

from . import _lib
from ._core import Handle, Utf8Text, call, lib

NFKC = 1 << 0
WIDTH = 1 << 1
CASEFOLD = 1 << 2
T2S = 1 << 3
DROP_NOISE = 1 << 4
REPLACE_INVALID = 1 << 5
DEFAULT = NFKC | WIDTH | CASEFOLD | T2S | DROP_NOISE


class Normalized:
    """Result of Normalizer.normalize: `text`, and spans mapped back to the input."""

    def __init__(self, source, text, byte_spans):
        self._source_text = source  # Utf8Text of the input
        self.text = text
        self._spans = byte_spans  # per output character: (src_byte_start, src_byte_end)

    @property
    def source(self):
        return self._source_text.text

    def source_span(self, start, end):
        """The (start, end) str indices in the original text behind text[start:end]."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError("span outside the normalised text")
        if start == end:
            at = self._spans[start][0] if start < len(self._spans) else len(self._source_text.data)
            i = self._source_text.index(at)
            return i, i
        s, e = self._spans[start][0], self._spans[end - 1][1]
        return self._source_text.index(s), self._source_text.index(e)


class Normalizer(Handle):
    """A compiled normaliser; immutable and safe to share across threads."""

    _free = "ga_normalizer_free"

    def __init__(self, flags=DEFAULT, noise=None):
        noise_b = noise.encode("utf-8") if noise is not None else None
        opts = _lib.NormOptions(ctypes.sizeof(_lib.NormOptions), flags, noise_b,
                                len(noise_b) if noise_b else 0)
        ptr = ctypes.c_void_p()
        call(lib.ga_normalizer_new, ctypes.byref(opts), ctypes.byref(ptr))
        super().__init__(ptr.value)

    @property
    def flags(self):
        return lib.ga_normalizer_flags(self.handle)

    def normalize(self, text):
        src = Utf8Text(text)
        res = lib.ga_normalized_new()
        if not res:
            raise MemoryError
        try:
            call(lib.ga_normalize, self.handle, src.data, len(src.data), res)
            n = ctypes.c_size_t()
            ptr = lib.ga_normalized_text(res, ctypes.byref(n))
            out = ctypes.string_at(ptr, n.value).decode("utf-8")
            spans, pos = [], 0
            s, e = ctypes.c_size_t(), ctypes.c_size_t()
            for ch in out:
                w = len(ch.encode("utf-8"))
                lib.ga_normalized_source_span(res, pos, pos + w, ctypes.byref(s), ctypes.byref(e))
                spans.append((s.value, e.value))
                pos += w
            return Normalized(src, out, spans)
        finally:
            lib.ga_normalized_free(res)


def normalize(text, flags=DEFAULT):
    """Normalise `text` with a normaliser made for this call (make one Normalizer to reuse)."""
    with Normalizer(flags) as n:
        return n.normalize(text).text
