"""The ctypes structures of govaudit/_lib.py against the C headers (layout-probe.c)."""
import os
import subprocess

import pytest

from govaudit import _lib

STRUCTS = {
    "ga_norm_options_t": _lib.NormOptions, "ga_page_options_t": _lib.PageOptions,
    "ga_warc_options_t": _lib.WarcOptions, "ga_token_t": _lib.Token,
    "ga_finding_t": _lib.Finding, "ga_dedup_doc_t": _lib.DedupDoc,
    "ga_dedup_options_t": _lib.DedupOptions, "ga_site_options_t": _lib.SiteOptions,
    "ga_attach_limits_t": _lib.AttachLimits, "ga_attach_piece_t": _lib.AttachPiece,
    "ga_probe_options_t": _lib.ProbeOptions, "ga_progress_t": _lib.ProgressInfo,
}


def test_structures_match_the_headers():
    probe = os.environ.get("GOVAUDIT_LAYOUT_PROBE")
    if not probe:
        pytest.skip("GOVAUDIT_LAYOUT_PROBE is not set (meson test sets it)")
    out = subprocess.run([probe], check=True, capture_output=True, text=True).stdout
    seen = set()
    for line in out.splitlines():
        name, field, value = line.split()
        cls = STRUCTS[name]
        seen.add(name)
        if field == "size":
            assert __import__("ctypes").sizeof(cls) == int(value), f"{name}: size"
        else:
            assert getattr(cls, field).offset == int(value), f"{name}.{field}: offset"
    assert len(seen) >= 7
