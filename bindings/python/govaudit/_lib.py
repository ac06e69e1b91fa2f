"""Locating and loading libgovaudit.so.1, and the C declarations the package uses."""
import ctypes
import ctypes.util
import os
import subprocess

ABI_MAJOR = 1
SONAME = "libgovaudit.so.1"


class LibraryNotFound(ImportError):
    """No usable libgovaudit.so.1 was found."""


def _candidates():
    env = os.environ.get("GOVAUDIT_LIBRARY")
    if env:
        yield env
        return
    # A source checkout: bindings/python/govaudit -> the build folders at the top.
    top = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    for build in ("build", "build-asan"):
        yield os.path.join(top, build, "lib", SONAME)
    try:
        libdir = subprocess.run(["pkg-config", "--variable=libdir", "govaudit"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
        if libdir:
            yield os.path.join(libdir, SONAME)
    except (OSError, subprocess.SubprocessError):
        pass
    yield SONAME  # the system loader's search path
    found = ctypes.util.find_library("govaudit")
    if found:
        yield found


def load():
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
            continue
        lib.ga_version_number.restype = ctypes.c_int
        lib.ga_version_number.argtypes = []
        major = lib.ga_version_number() // 10000
        if major != ABI_MAJOR:
            errors.append(f"{path}: ABI {major}, this package needs {ABI_MAJOR}")
            continue
        _declare(lib)
        return lib, path
    raise LibraryNotFound("libgovaudit.so.1 not found (set GOVAUDIT_LIBRARY to its path)"
                          + ("; tried: " + "; ".join(errors) if errors else ""))


c_char_p = ctypes.c_char_p
c_size_t = ctypes.c_size_t
c_void_p = ctypes.c_void_p
c_int = ctypes.c_int
c_uint = ctypes.c_uint
POINTER = ctypes.POINTER


class NormOptions(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("flags", c_uint), ("noise", c_char_p), ("noise_len", c_size_t)]


# name: (restype, argtypes). Every fallible call returns ga_status_t (int) and takes
# ga_error_t ** last.
_SIGNATURES = {
    "ga_status_string": (c_char_p, [c_int]),
    "ga_error_status": (c_int, [c_void_p]),
    "ga_error_message": (c_char_p, [c_void_p]),
    "ga_error_file": (c_char_p, [c_void_p]),
    "ga_error_line": (c_size_t, [c_void_p]),
    "ga_error_column": (c_size_t, [c_void_p]),
    "ga_error_offset": (c_size_t, [c_void_p]),
    "ga_error_free": (None, [c_void_p]),
    "ga_version_string": (c_char_p, []),
    "ga_data_dir": (c_char_p, []),
    "ga_utf8_validate": (c_int, [c_char_p, c_size_t, POINTER(c_size_t)]),
    "ga_normalizer_new": (c_int, [POINTER(NormOptions), POINTER(c_void_p), POINTER(c_void_p)]),
    "ga_normalizer_flags": (c_uint, [c_void_p]),
    "ga_normalizer_free": (None, [c_void_p]),
    "ga_normalized_new": (c_void_p, []),
    "ga_normalized_free": (None, [c_void_p]),
    "ga_normalize": (c_int, [c_void_p, c_char_p, c_size_t, c_void_p, POINTER(c_void_p)]),
    "ga_normalized_text": (c_void_p, [c_void_p, POINTER(c_size_t)]),
    "ga_normalized_source_span": (c_int, [c_void_p, c_size_t, c_size_t, POINTER(c_size_t),
                                          POINTER(c_size_t)]),
}


def _declare(lib):
    for name, (res, args) in _SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
