"""Progress of the long calls (ga_progress_fn in include/govaudit/core.h): callbacks, a
progress bar on standard error, and watch(), which runs a call in the background and
yields its progress.

Every long call of the package (audit_site, DedupIndex.add_many and clusters, Notice,
probe) takes `progress=`: a callable receiving Progress tuples (return True to cancel:
the call then raises Cancelled), True for a bar on stderr (tqdm's when tqdm is
installed), or None. An exception raised by the callable cancels the call and is raised
again from it.
"""
import collections
import contextlib
import ctypes
import queue
import sys
import threading
import time

from . import _errors
from ._lib import ProgressInfo
from ._core import require

Progress = collections.namedtuple("Progress", "stage done total bytes final")
Progress.__doc__ = """One report: `stage` (pages, columns, links, clusters, score,
fingerprints, probes, results, rectification), units `done`, `total` (0: not known),
input `bytes` read, and `final` (the stage's last report)."""


PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ProgressInfo))


class Callback:
    """A Python callable as a ga_progress_fn. Keep the object alive while the library may
    call it (`fn` is the C pointer, None without a callable). An exception raised by the
    callable cancels the call; raise_pending() raises it again afterwards."""

    def __init__(self, target):
        require("progress")
        self._own_bar = target is True
        self.target = Bar() if target is True else target
        self.error = None
        self.fn = PROGRESS_FN(self._call) if self.target else None

    def _call(self, _user, info):
        if self.error is not None:
            return 1
        i = info.contents
        p = Progress(i.stage.decode() if i.stage else "", i.done, i.total, i.bytes, bool(i.final))
        try:
            return 1 if self.target(p) else 0
        except BaseException as e:  # KeyboardInterrupt too: cancel, re-raise after the call
            self.error = e
            return 1

    def raise_pending(self, cause=None):
        """Raise the callable's exception, if it raised one (chained to `cause`)."""
        if self.error is not None:
            e, self.error = self.error, None
            raise e from cause

    def close(self):
        if self._own_bar:
            self.target.close()

def callback(progress):
    """A Callback for a `progress=` argument (a Callback is kept), or None for None/False."""
    if progress is None or progress is False or isinstance(progress, Callback):
        return progress or None
    if progress is not True and not callable(progress):
        raise TypeError("progress must be True, a callable or None")
    return Callback(progress)


@contextlib.contextmanager
def reporting(cb):
    """Around the C calls reporting to Callback `cb` (may be None): the callable's exception
    is raised instead of the Cancelled it caused, and a bar of its own is ended."""
    try:
        yield cb
    except _errors.Cancelled as e:
        if cb is not None:
            cb.raise_pending(e)
        raise
    else:
        if cb is not None:
            cb.raise_pending()
    finally:
        if cb is not None:
            cb.close()


def c_pointer(cb):
    """The C function pointer of a Callback (NULL for None)."""
    return ctypes.cast(cb.fn, ctypes.c_void_p) if cb is not None and cb.fn else None


def _fmt_count(n):
    return f"{n / 1e6:.1f}M" if n >= 10**6 else f"{n / 1e3:.1f}k" if n >= 10**4 else str(n)


class Bar:
    """A progress bar on stderr per stage: tqdm's when tqdm is importable, else one line
    redrawn with \\r (plain lines, one a second, when stderr is not a terminal)."""

    def __init__(self, stream=None):
        self.stream = stream if stream is not None else sys.stderr
        try:
            import tqdm  # noqa: F401 (optional)
            self._tqdm = tqdm.tqdm
        except ImportError:
            self._tqdm = None
        self._bar = None
        self._stage = None
        self._start = self._last = 0.0
        self._open = False

    def __call__(self, p):
        if p.stage != self._stage:
            self._end_stage()
            self._stage, self._start = p.stage, time.monotonic()
            if self._tqdm is not None:
                self._bar = self._tqdm(total=p.total or None, desc=p.stage, unit="",
                                       file=self.stream, leave=True, dynamic_ncols=True)
        if self._bar is not None:
            self._bar.update(p.done - self._bar.n)
            if p.bytes:
                self._bar.set_postfix_str(f"{p.bytes / 1e6:.1f} MB", refresh=False)
            return False
        self._draw(p)
        return False

    def _draw(self, p):
        now = time.monotonic()
        tty = self.stream.isatty() if hasattr(self.stream, "isatty") else False
        if not tty and not p.final and p.done and now - self._last < 1.0:
            return
        self._last = now
        span = now - self._start
        line = f"{p.stage} {_fmt_count(p.done)}"
        if p.total:
            width = 20
            fill = int(width * p.done / p.total)
            line = (f"{p.stage} {100 * p.done / p.total:3.0f}%|{'#' * fill}{' ' * (width - fill)}|"
                    f" {_fmt_count(p.done)}/{_fmt_count(p.total)}")
        if span > 0.05 and p.done:
            line += f" [{span:.0f}s, {p.done / span:.0f}/s]"
        if p.bytes:
            line += f" {p.bytes / 1e6:.1f} MB"
        if tty:
            self.stream.write("\r" + line + "\033[K" + ("\n" if p.final else ""))
            self._open = not p.final
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def _end_stage(self):
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False

    def close(self):
        self._end_stage()
        self._stage = None


class watch:
    """Run `fn(*args, progress=..., **kwargs)` on a background thread and iterate over its
    Progress reports as they come; `result` is its return value once the iteration ends
    (its exception is raised at the end of the iteration). Leaving the loop early (break,
    close(), garbage collection) cancels the call and waits for it:

        w = govaudit.watch(govaudit.audit_site, "site.warc.gz", date="2023-08-15")
        for p in w:
            print(p.stage, p.done, p.total)
        report = w.result
    """

    _END = object()

    def __init__(self, fn, *args, **kwargs):
        self._queue = queue.Queue()
        self._cancel = threading.Event()
        self._result = self._error = None
        self._done = False
        kwargs["progress"] = self._report
        self._thread = threading.Thread(target=self._run, args=(fn, args, kwargs), daemon=True)
        self._thread.start()

    def _report(self, p):
        self._queue.put(p)
        return self._cancel.is_set()

    def _run(self, fn, args, kwargs):
        try:
            self._result = fn(*args, **kwargs)
        except BaseException as e:
            self._error = e
        finally:
            self._queue.put(self._END)

    def __iter__(self):
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        item = self._queue.get()
        if item is self._END:
            self._done = True
            self._thread.join()
            if self._error is not None:
                raise self._error
            raise StopIteration
        return item

    @property
    def result(self):
        """The call's return value; waits for it (reports not yet read are dropped)."""
        for _ in self:
            pass
        return self._result

    def close(self):
        """Cancel the call if it still runs and wait for it; its Cancelled is not raised."""
        if not self._done:
            self._cancel.set()
            while self._queue.get() is not self._END:
                pass
            self._thread.join()
            self._done = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if not getattr(self, "_done", True):
            self.close()
