"""Availability probes, link re-checks and probe logs (include/govaudit/probe.h)."""
import ctypes
import json
import os

from . import _lib
from . import progress as _progress
from ._core import Handle, call, lib, out_ptr, require

# enum ga_probe_flag
ALLOW_PRIVATE, HEAD, CHECK_PAGE, IPV6, CERT, ROBOTS = (1 << k for k in range(6))


def _ms(seconds):
    return int(round(seconds * 1000)) if seconds else 0


def probe_options(timeout=15.0, allow_private=False, head=False, check_page=False, ipv6=False,
                  cert=False, robots=False, max_redirects=0, max_body=0, parallel=0,
                  per_host=0, delay=0.0, tries=1, retry_delay=0.0, user_agent=None,
                  ca_file=None):
    """A ga_probe_options_t from keyword arguments (seconds as floats; 0: the default)."""
    flags = ((ALLOW_PRIVATE if allow_private else 0) | (HEAD if head else 0) |
             (CHECK_PAGE if check_page else 0) | (IPV6 if ipv6 else 0) |
             (CERT if cert else 0) | (ROBOTS if robots else 0))
    return _lib.ProbeOptions(ctypes.sizeof(_lib.ProbeOptions), flags, _ms(timeout),
                             max_redirects, max_body, parallel, per_host, _ms(delay), tries,
                             _ms(retry_delay), user_agent.encode() if user_agent else None,
                             os.fsencode(ca_file) if ca_file else None)


def probe(urls, progress=None, **options):
    """Probe every URL at once (ga_probe_run); returns one dict per URL, in order, with the
    fields of a probe-log line (url, time, ok, status, elapsed_ms, error, outcome, family,
    redirects, and ipv6 / cert_expiry when asked) plus final_url and tries. Options are
    probe_options()'s: timeout (seconds, default 15), allow_private (loopback and private
    addresses are refused otherwise), check_page, ipv6, cert, robots, head, tries,
    retry_delay, per_host, delay, parallel, max_redirects, max_body, ca_file, user_agent.
    `progress` reports the URLs probed (govaudit.progress: True for a bar on stderr, or a
    callable receiving Progress tuples that returns True to cancel)."""
    require("probe")
    urls = [u if isinstance(u, bytes) else u.encode() for u in urls]
    arr = (ctypes.c_char_p * max(len(urls), 1))(*urls)
    opts = probe_options(**options)
    cb = _progress.callback(progress)
    opts.progress = _progress.c_pointer(cb)
    with _progress.reporting(cb):
        r = out_ptr(lib.ga_probe_run, arr, len(urls), ctypes.byref(opts))
    try:
        out = []
        for i in range(lib.ga_probe_results_count(r)):
            text, n = ctypes.c_void_p(), ctypes.c_size_t()
            call(lib.ga_probe_result_json, r, i, ctypes.byref(text), ctypes.byref(n))
            try:
                row = json.loads(ctypes.string_at(text.value, n.value).decode("utf-8"))
            finally:
                lib.ga_string_free(text.value)
            final = lib.ga_probe_result_final_url(r, i)
            row["final_url"] = final.decode("utf-8", "replace") if final else None
            row["tries"] = lib.ga_probe_result_tries(r, i)
            out.append(row)
        return out
    finally:
        lib.ga_probe_results_free(r)


class ProbeLog(Handle):
    """Probes read from a probe log (JSON lines as `govaudit probe --json` writes them):
    a path, or the log's text or bytes. Lines that are not probes are skipped and counted."""

    _free = "ga_probe_log_free"

    def __init__(self, source):
        require("probe")
        if isinstance(source, (bytes, bytearray)):
            raw = bytes(source)
        elif isinstance(source, str) and "\n" not in source and os.path.exists(source):
            with open(source, "rb") as f:
                raw = f.read()
        else:
            raw = source.encode("utf-8") if isinstance(source, str) else bytes(source)
        super().__init__(out_ptr(lib.ga_probe_log_parse, raw, len(raw)))

    def __len__(self):
        return lib.ga_probe_log_count(self.handle)

    @property
    def skipped(self):
        """(lines skipped, the first one's number or 0)."""
        first = ctypes.c_size_t()
        n = lib.ga_probe_log_skipped(self.handle, ctypes.byref(first))
        return n, first.value

    def observe(self, observations, site_url):
        """Add the probes of the site of `site_url` to an Observations; returns how many."""
        added = ctypes.c_size_t()
        call(lib.ga_probe_log_observe, self.handle, site_url.encode(), observations.handle,
             ctypes.byref(added))
        return added.value
