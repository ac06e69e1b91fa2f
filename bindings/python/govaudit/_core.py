"""Shared plumbing: the loaded library, error conversion, handles, text offsets."""
import bisect
import ctypes

from . import _errors
from ._lib import has_module, load

lib, library_path = load()


def require(module):
    """Raise Unsupported when the loaded library lacks the C module `module`."""
    if not has_module(module):
        raise _errors.Unsupported(f"{library_path} has no {module} module (a newer libgovaudit "
                                  f"is needed)", status=_errors.Unsupported.status)


def s(value):
    """A C string (bytes or None) as str or None."""
    return value.decode("utf-8", "replace") if value is not None else None


def out_ptr(fn, *args):
    """Call a constructor `fn(*args, T **out, ga_error_t **err)`; return the new pointer."""
    ptr = ctypes.c_void_p()
    call(fn, *args, ctypes.byref(ptr))
    return ptr.value

_NO_OFFSET = ctypes.c_size_t(-1).value


def check(status, errp):
    """Raise the Error subclass for a failed call, with the C error's details; frees it."""
    if status == 0:
        return
    err = errp.value if errp is not None else None
    if err:
        message = lib.ga_error_message(err).decode("utf-8", "replace")
        file = lib.ga_error_file(err)
        line, column = lib.ga_error_line(err), lib.ga_error_column(err)
        offset = lib.ga_error_offset(err)
        lib.ga_error_free(err)
        errp.value = None
    else:
        message = lib.ga_status_string(status).decode()
        file, line, column, offset = None, 0, 0, _NO_OFFSET
    cls = _errors.BY_STATUS.get(status, _errors.Error)
    raise cls(message, status=status, file=file.decode("utf-8", "replace") if file else None,
              line=line, column=column, offset=None if offset == _NO_OFFSET else offset)


def call(fn, *args):
    """Call a fallible C function whose last argument is ga_error_t **."""
    errp = ctypes.c_void_p()
    check(fn(*args, ctypes.byref(errp)), errp)


class Handle:
    """Owns one C object: freed by close(), by `with`, or on garbage collection."""

    _free = None  # name of the C function that releases the handle

    def __init__(self, ptr):
        self._ptr = ptr

    @property
    def handle(self):
        """The C pointer; ValueError once closed."""
        if not self._ptr:
            raise ValueError(f"{type(self).__name__} is closed")
        return self._ptr

    def close(self):
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr:
            getattr(lib, self._free)(ptr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


def _utf8_step(data, pos):
    """Bytes of the character (or of the ill-formed subpart) at data[pos]."""
    b = data[pos]
    if b < 0x80:
        return 1
    need = 1 if 0xC2 <= b <= 0xDF else 2 if 0xE0 <= b <= 0xEF else 3 if 0xF0 <= b <= 0xF4 else 0
    lo, hi = (0xA0 if b == 0xE0 else 0x90 if b == 0xF0 else 0x80,
              0x9F if b == 0xED else 0x8F if b == 0xF4 else 0xBF)
    n = 1
    while n <= need and pos + n < len(data) and lo <= data[pos + n] <= hi:
        lo, hi = 0x80, 0xBF
        n += 1
    return n


class Utf8Text:
    """A str with its UTF-8 bytes and conversion between byte offsets and str indices."""

    __slots__ = ("_text", "data", "_starts", "_valid")

    def __init__(self, text):
        if isinstance(text, (bytes, bytearray, memoryview)):
            self.data = bytes(text)
            self._text = None
            self._valid = None  # checked when first needed
        else:
            self._text = text
            self.data = text.encode("utf-8")
            self._valid = True
        self._starts = None

    @property
    def text(self):
        """The str; bytes input is decoded with U+FFFD for each ill-formed subpart, as the
        library's replacement mode does."""
        if self._text is None:
            self._text = self.data.decode("utf-8", "replace")
        return self._text

    def index(self, byte_offset):
        """The str index of the character that starts at (or contains) `byte_offset`."""
        if self.data.isascii():
            return byte_offset
        if self._starts is None:
            starts, pos, data = [], 0, self.data
            while pos < len(data):
                starts.append(pos)
                pos += _utf8_step(data, pos)
            starts.append(pos)
            self._starts = starts
        return bisect.bisect_right(self._starts, byte_offset) - 1

    def indices(self, offsets):
        """str indices of many byte offsets at character boundaries (findings, tokens).

        Well-formed text is converted by decoding the runs between the sorted offsets (C
        speed, no per-character table); other offsets go through index()."""
        data = self.data
        if data.isascii():
            return list(offsets)
        if self._valid is None:
            try:
                self._text = data.decode("utf-8")
                self._valid = True
            except UnicodeDecodeError:
                self._valid = False
        if not self._valid:
            return [self.index(o) for o in offsets]
        at, pos, i = {}, 0, 0
        n = len(data)
        for b in sorted(set(offsets)):
            if b < n and data[b] & 0xC0 == 0x80:  # inside a character
                at[b] = self.index(b)
                continue
            i += len(data[pos:b].decode("utf-8"))
            pos = b
            at[b] = i
        return [at[o] for o in offsets]
