"""Whole-site audits (include/govaudit/site.h, report.h)."""
import ctypes
import datetime
import json
import os

from . import _lib
from . import progress as _progress
from ._core import call, lib, out_ptr, require
from .match import Matcher
from .probe import ProbeLog, probe_options
from .score import Profile, parse_time
from .spell import SpellModel

_REPORT_ALL = 1 << 1  # GA_REPORT_ALL
_NO_DEDUP = 1 << 0    # GA_SITE_NO_DEDUP


def _report(fn, result, flags):
    out, n = ctypes.c_void_p(), ctypes.c_size_t()
    call(fn, result, flags, ctypes.byref(out), ctypes.byref(n))
    try:
        return ctypes.string_at(out.value, n.value).decode("utf-8")
    finally:
        lib.ga_string_free(out.value)


def _audit(path, profile, matcher, t, opts, probes):
    """ga_site_audit, with the probes of a ProbeLog added before the audit ends."""
    if probes is None:
        return out_ptr(lib.ga_site_audit, os.fsencode(path), profile.handle, matcher.handle, t,
                       ctypes.byref(opts))
    require("probe")
    a = out_ptr(lib.ga_site_auditor_new, profile.handle, matcher.handle, t, ctypes.byref(opts))
    try:
        call(lib.ga_site_auditor_add_crawl, a, os.fsencode(path))
        call(lib.ga_site_auditor_add_probes, a, probes.handle, None)
        return out_ptr(lib.ga_site_auditor_finish, a)
    finally:
        lib.ga_site_auditor_free(a)


def audit_site(path, date=None, profile=None, matcher=None, site_url=None, site_name=None,
               dedup=True, dedup_threshold=0.0, all_indicators=False, html=None, spell=True,
               probes=None, recheck=None, progress=None):
    """Audit a crawl (a WARC file or a wget mirror folder) as of `date` (YYYY-MM-DD or a
    datetime.date; default today) the way `govaudit audit` does; returns its JSON object as
    a dict (site, date, score, passed, vetoes, deductions, bonuses, columns, findings,
    duplicates, links, ...). `profile` is a Profile or a built-in name (default the 2019
    website profile); `matcher` a Matcher (default the shipped rule packs); `spell` a
    SpellModel, True for the shipped one (the default, as `govaudit audit`) or False for
    none. With `html`, the HTML report is written to that path too. `probes` (a ProbeLog
    or a log's path) adds the site's availability probes (站点无法访问 is then scored);
    `recheck` (a dict of govaudit.probe.probe_options() arguments, e.g.
    {"allow_private": True}) re-checks the broken links over the network before they are
    reported, as `govaudit audit --recheck`. `progress` reports the audit's stages
    (govaudit.progress: True for a bar on stderr, or a callable receiving Progress
    tuples that returns True to cancel; govaudit.watch() iterates over them)."""
    require("site")
    own = []
    try:
        if not isinstance(profile, Profile):
            profile = Profile(profile or "gov-website-2019")
            own.append(profile)
        if matcher is None:
            matcher = Matcher()
            own.append(matcher)
        if spell is True:
            spell = SpellModel()
            own.append(spell)
        if date is None:
            date = datetime.date.today()
        t = parse_time(date.isoformat() if isinstance(date, datetime.date) else date)
        cb = _progress.callback(progress)
        opts = _lib.SiteOptions(ctypes.sizeof(_lib.SiteOptions), 0 if dedup else _NO_DEDUP,
                                site_url.encode() if site_url else None,
                                site_name.encode() if site_name else None, 0, 0,
                                dedup_threshold, spell.handle if spell else None,
                                _progress.c_pointer(cb))
        if probes is not None and not isinstance(probes, ProbeLog):
            probes = ProbeLog(os.fspath(probes))
            own.append(probes)
        with _progress.reporting(cb):
            r = _audit(path, profile, matcher, t, opts, probes)
        try:
            if recheck is not None:
                require("probe")
                popts = probe_options(**dict({"check_page": True}, **recheck))
                popts.progress = _progress.c_pointer(cb)
                with _progress.reporting(cb):
                    call(lib.ga_site_result_recheck_links, r, profile.handle,
                         ctypes.byref(popts), None)
            if html is not None:
                with open(html, "w", encoding="utf-8") as f:
                    f.write(_report(lib.ga_report_html, r, 0))
            return json.loads(_report(lib.ga_report_json, r, _REPORT_ALL if all_indicators else 0))
        finally:
            lib.ga_site_result_free(r)
    finally:
        for h in own:
            h.close()
