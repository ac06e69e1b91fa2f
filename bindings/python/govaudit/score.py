"""Indicator profiles and scoring (include/govaudit/score.h)."""
import ctypes
import datetime
import json
import os

from ._core import Handle, call, lib, out_ptr, require, s

OBJECTS = {0: "website", 1: "newmedia"}
KINDS = {0: "veto", 1: "deduct", 2: "bonus", 3: "problem"}
_JSON_ALL = 1 << 1  # GA_SCORE_JSON_ALL
_TIME_NONE = -(1 << 63)  # GA_TIME_NONE


def _bytes(text):
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)


def parse_time(text):
    """Seconds (as score.h counts them) of a date or date-time: `YYYY-MM-DD`,
    `YYYY-MM-DD HH:MM[:SS]`, ISO 8601, or a datetime.date / datetime.datetime. Raises
    DataSyntaxError with the offset of the first bad character."""
    require("score")
    if isinstance(text, datetime.datetime):
        text = text.strftime("%Y-%m-%d %H:%M:%S")
    elif isinstance(text, datetime.date):
        text = text.isoformat()
    data, t = _bytes(str(text)), ctypes.c_int64()
    call(lib.ga_time_parse, data, len(data), ctypes.byref(t))
    return t.value


class Profile(Handle):
    """An indicator profile: Profile() is the built-in 2019 website profile;
    Profile("gov-newmedia-2019") another built-in; Profile(path) a profile file."""

    _free = "ga_profile_free"

    def __init__(self, name="gov-website-2019", _ptr=None):
        require("score")
        if _ptr is None:
            if os.sep in str(name) or os.path.isfile(name):
                _ptr = out_ptr(lib.ga_profile_load, os.fsencode(name))
            else:
                _ptr = out_ptr(lib.ga_profile_load_builtin, name.encode())
        super().__init__(_ptr)

    @classmethod
    def from_json(cls, text, name="<profile>"):
        """A profile given as JSON text or as a dict (docs/profiles.md)."""
        require("score")
        data = _bytes(json.dumps(text, ensure_ascii=False) if isinstance(text, dict) else text)
        return cls(_ptr=out_ptr(lib.ga_profile_parse, data, len(data), name.encode()))

    @property
    def id(self):
        return s(lib.ga_profile_id(self.handle))

    @property
    def name(self):
        return s(lib.ga_profile_name(self.handle))

    @property
    def object(self):
        """"website" or "newmedia"."""
        return OBJECTS.get(lib.ga_profile_object(self.handle), "website")

    @property
    def indicators(self):
        """[(id, name, kind)] with kind veto, deduct, bonus or problem."""
        h = self.handle
        return [(s(lib.ga_profile_indicator_id(h, i)), s(lib.ga_profile_indicator_name(h, i)),
                 KINDS.get(lib.ga_profile_indicator_kind(h, i), "?"))
                for i in range(lib.ga_profile_indicator_count(h))]


class Observations(Handle):
    """What was seen of one site or account, loaded from the observations JSON
    (docs/profiles.md) or, with media=True, from a new-media account export."""

    _free = "ga_observations_free"

    def __init__(self, data, name="<observations>", media=False, date=None):
        require("score")
        raw = _bytes(json.dumps(data, ensure_ascii=False) if isinstance(data, dict) else data)
        fn = lib.ga_observations_parse_media if media else lib.ga_observations_parse
        super().__init__(out_ptr(fn, raw, len(raw), name.encode()))
        if date is not None:
            self.date = date

    def scan_posts(self, matcher, spell=None):
        """Scan the posts' titles and texts with a Matcher, adding its hits as findings
        (错敏字 of a new-media account), and with a SpellModel when given (statistical
        错别字, leaving the matcher's hits to it), as `govaudit audit-media` does."""
        if spell is None:
            call(lib.ga_obs_scan_posts, self.handle, matcher.handle)
        else:
            call(lib.ga_obs_check_posts, self.handle, matcher.handle if matcher else None,
                 spell.handle)

    @property
    def date(self):
        """The audit time as "YYYY-MM-DD HH:MM:SS", or None when not set."""
        t = lib.ga_obs_time(self.handle)
        if t == _TIME_NONE:
            return None
        buf = ctypes.create_string_buffer(32)
        return s(lib.ga_time_format(t, 0, buf))

    @date.setter
    def date(self, value):
        lib.ga_obs_set_time(self.handle, parse_time(value))


def score(profile, observations, media=False, date=None, all_indicators=False):
    """Score observations (an Observations, or its JSON text or dict; media=True reads a
    new-media export) against a Profile (or a built-in profile's name) as of `date` (the
    audit time; default the observations' own, else today). Returns the audit JSON object
    as a dict: score, final, passed, vetoes, deductions, bonuses, ..."""
    own = []
    try:
        if not isinstance(profile, Profile):
            profile = Profile(profile)
            own.append(profile)
        if not isinstance(observations, Observations):
            observations = Observations(observations, media=media)
            own.append(observations)
        if date is not None:
            observations.date = date
        elif observations.date is None:
            observations.date = datetime.date.today()
        r = out_ptr(lib.ga_score, profile.handle, observations.handle)
        try:
            out, n = ctypes.c_void_p(), ctypes.c_size_t()
            call(lib.ga_score_result_json, r, observations.handle,
                 _JSON_ALL if all_indicators else 0, ctypes.byref(out), ctypes.byref(n))
            try:
                return json.loads(ctypes.string_at(out.value, n.value).decode("utf-8"))
            finally:
                lib.ga_string_free(out.value)
        finally:
            lib.ga_score_result_free(r)
    finally:
        for h in own:
            h.close()
