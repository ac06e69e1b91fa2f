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


c_double = ctypes.c_double
c_int64 = ctypes.c_int64
c_uint32 = ctypes.c_uint32
c_uint64 = ctypes.c_uint64
P = POINTER
pvoid = P(c_void_p)  # T **out and ga_error_t **
psize = P(c_size_t)


class PageOptions(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("content_type", c_char_p), ("charset", c_char_p),
                ("max_bytes", c_size_t)]


class WarcOptions(ctypes.Structure):
    # keep is a ga_warc_keep_fn callback; the bindings leave it NULL (a Python callback per
    # record would hold the GIL in the reader's loop) and filter with skip_types.
    _fields_ = [("size", c_size_t), ("flags", c_uint), ("max_record_size", c_size_t),
                ("skip_types", c_uint), ("keep", c_void_p), ("keep_data", c_void_p)]


class Token(ctypes.Structure):
    _fields_ = [("start", c_size_t), ("end", c_size_t), ("kind", c_uint32),
                ("reserved", c_uint32)]


class Finding(ctypes.Structure):
    # text points into the scanned buffer and is not NUL-terminated: c_void_p, not c_char_p
    _fields_ = [("size", c_size_t), ("rule", c_char_p), ("category", c_char_p),
                ("severity", c_int), ("start", c_size_t), ("end", c_size_t),
                ("text", c_void_p), ("suggestion", c_char_p)]


class AttachLimits(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("max_input", c_size_t), ("max_unpacked", c_uint64),
                ("max_text", c_size_t), ("max_parts", c_uint32)]


class AttachPiece(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("place", c_int), ("start", c_size_t), ("end", c_size_t),
                ("index", c_uint32), ("row", c_uint32), ("column", c_uint32),
                ("sheet", c_char_p), ("location", c_char_p)]


class DedupDoc(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("id", c_char_p), ("site", c_char_p), ("column", c_char_p),
                ("url", c_char_p), ("date", c_char_p), ("title", c_char_p),
                ("source", c_char_p), ("text", c_char_p), ("text_len", c_size_t)]


class DedupOptions(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("threshold", c_double), ("window_days", c_uint),
                ("segmenter", c_void_p), ("progress", c_void_p), ("progress_user", c_void_p),
                ("containment", c_double)]


class ProgressInfo(ctypes.Structure):
    """ga_progress_t, what a ga_progress_fn is shown."""
    _fields_ = [("size", c_size_t), ("stage", c_char_p), ("done", c_uint64),
                ("total", c_uint64), ("bytes", c_uint64), ("final", c_int)]


class SiteOptions(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("flags", c_uint), ("site_url", c_char_p),
                ("site_name", c_char_p), ("max_findings", c_size_t),
                ("max_page_bytes", c_size_t), ("dedup_threshold", c_double),
                ("spell", c_void_p), ("progress", c_void_p), ("progress_user", c_void_p)]


class ProbeOptions(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("flags", c_uint), ("timeout_ms", c_uint32),
                ("max_redirects", c_uint32), ("max_body", c_size_t), ("parallel", c_uint32),
                ("per_host", c_uint32), ("host_delay_ms", c_uint32), ("tries", c_uint32),
                ("retry_delay_ms", c_uint32), ("user_agent", c_char_p), ("ca_file", c_char_p),
                ("progress", c_void_p), ("progress_user", c_void_p)]


# Per module, name: (restype, argtypes). Every fallible call returns ga_status_t (int) and
# takes ga_error_t ** last. Text that is not NUL-terminated comes back as c_void_p plus a
# length. A module whose functions the loaded library lacks is left undeclared and its
# Python classes raise Unsupported (see has_module()).
MODULES = {
    "core": {
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
        "ga_utf8_validate": (c_int, [c_char_p, c_size_t, psize]),
    },
    "norm": {
        "ga_normalizer_new": (c_int, [P(NormOptions), pvoid, pvoid]),
        "ga_normalizer_flags": (c_uint, [c_void_p]),
        "ga_normalizer_free": (None, [c_void_p]),
        "ga_normalized_new": (c_void_p, []),
        "ga_normalized_free": (None, [c_void_p]),
        "ga_normalize": (c_int, [c_void_p, c_char_p, c_size_t, c_void_p, pvoid]),
        "ga_normalized_text": (c_void_p, [c_void_p, psize]),
        "ga_normalized_source_span": (c_int, [c_void_p, c_size_t, c_size_t, psize, psize]),
    },
    "page": {
        "ga_page_parse": (c_int, [c_char_p, c_size_t, c_char_p, P(PageOptions), pvoid, pvoid]),
        "ga_page_free": (None, [c_void_p]),
        "ga_page_url": (c_char_p, [c_void_p]),
        "ga_page_charset": (c_char_p, [c_void_p]),
        "ga_page_html_title": (c_char_p, [c_void_p]),
        "ga_page_title": (c_char_p, [c_void_p]),
        "ga_page_pubdate": (c_char_p, [c_void_p]),
        "ga_page_source": (c_char_p, [c_void_p]),
        "ga_page_kind": (c_int, [c_void_p]),
        "ga_page_kind_name": (c_char_p, [c_int]),
        "ga_page_column_count": (c_size_t, [c_void_p]),
        "ga_page_column": (c_char_p, [c_void_p, c_size_t]),
        "ga_page_meta": (c_char_p, [c_void_p, c_char_p]),
        "ga_page_meta_count": (c_size_t, [c_void_p]),
        "ga_page_meta_at": (c_int, [c_void_p, c_size_t, P(c_char_p), P(c_char_p)]),
        "ga_page_meta_tag_name": (c_char_p, [c_int]),
        "ga_page_meta_missing": (c_uint32, [c_void_p, c_int]),
        "ga_page_text": (c_void_p, [c_void_p, psize]),
        "ga_page_link_count": (c_size_t, [c_void_p]),
        "ga_page_link_url": (c_char_p, [c_void_p, c_size_t]),
        "ga_page_link_text": (c_char_p, [c_void_p, c_size_t]),
        "ga_page_link_in_body": (c_int, [c_void_p, c_size_t]),
        "ga_page_item_count": (c_size_t, [c_void_p]),
        "ga_page_item_title": (c_char_p, [c_void_p, c_size_t]),
        "ga_page_item_url": (c_char_p, [c_void_p, c_size_t]),
        "ga_page_item_date": (c_char_p, [c_void_p, c_size_t]),
        "ga_page_attachment_count": (c_size_t, [c_void_p]),
        "ga_page_attachment_url": (c_char_p, [c_void_p, c_size_t]),
        "ga_page_attachment_text": (c_char_p, [c_void_p, c_size_t]),
        "ga_page_attachment_type": (c_char_p, [c_void_p, c_size_t]),
    },
    # 1.1: the dates each signal gives, site identity, messages, service guides.
    "page-evidence": {
        "ga_page_pubdate_from": (c_char_p, [c_void_p, c_int]),
        "ga_page_identity": (c_char_p, [c_void_p, c_int]),
        "ga_page_identity_link": (c_char_p, [c_void_p, c_int]),
        "ga_page_identity_name": (c_char_p, [c_int]),
        "ga_page_message_count": (c_size_t, [c_void_p]),
        "ga_page_message": (c_char_p, [c_void_p, c_size_t, c_int]),
        "ga_page_message_form": (c_int, [c_void_p]),
        "ga_page_guide_element_count": (c_size_t, [c_void_p]),
        "ga_page_guide_element": (c_char_p, [c_void_p, c_size_t]),
        "ga_page_guide_name": (c_char_p, [c_void_p]),
    },
    "warc": {
        "ga_warc_reader_open": (c_int, [c_char_p, P(WarcOptions), pvoid, pvoid]),
        "ga_warc_reader_open_memory": (c_int, [c_char_p, c_size_t, P(WarcOptions), pvoid,
                                               pvoid]),
        "ga_warc_reader_free": (None, [c_void_p]),
        "ga_warc_reader_is_gzip": (c_int, [c_void_p]),
        "ga_warc_next": (c_int, [c_void_p, pvoid, pvoid]),
        "ga_warc_type_name": (c_char_p, [c_int]),
        "ga_warc_record_type": (c_int, [c_void_p]),
        "ga_warc_record_offset": (c_uint64, [c_void_p]),
        "ga_warc_record_header_count": (c_size_t, [c_void_p]),
        "ga_warc_record_header_at": (c_char_p, [c_void_p, c_size_t, P(c_char_p)]),
        "ga_warc_record_target_uri": (c_char_p, [c_void_p]),
        "ga_warc_record_date": (c_char_p, [c_void_p]),
        "ga_warc_record_id": (c_char_p, [c_void_p]),
        "ga_warc_record_content_type": (c_char_p, [c_void_p]),
        "ga_warc_record_is_http": (c_int, [c_void_p]),
        "ga_warc_record_http_status": (c_int, [c_void_p]),
        "ga_warc_record_http_header": (c_char_p, [c_void_p, c_char_p]),
        "ga_warc_record_http_header_count": (c_size_t, [c_void_p]),
        "ga_warc_record_http_header_at": (c_char_p, [c_void_p, c_size_t, P(c_char_p)]),
        "ga_warc_record_block": (c_void_p, [c_void_p, psize]),
        "ga_warc_record_body": (c_void_p, [c_void_p, psize]),
        "ga_warc_record_body_status": (c_int, [c_void_p]),
    },
    # 1.1: records kept with what could be read (GA_WARC_KEEP_DAMAGED).
    "warc-damage": {
        "ga_warc_record_damage": (c_int, [c_void_p, P(c_char_p)]),
    },
    "seg": {
        "ga_dict_load_default": (c_int, [pvoid, pvoid]),
        "ga_dict_load": (c_int, [c_char_p, pvoid, pvoid]),
        "ga_dict_free": (None, [c_void_p]),
        "ga_dict_size": (c_size_t, [c_void_p]),
        "ga_dict_lookup": (c_int, [c_void_p, c_char_p, c_size_t, P(c_uint64), P(c_char_p)]),
        "ga_dict_builder_new": (c_int, [c_void_p, pvoid, pvoid]),
        "ga_dict_builder_free": (None, [c_void_p]),
        "ga_dict_builder_add": (c_int, [c_void_p, c_char_p, c_size_t, c_uint64, c_char_p,
                                        pvoid]),
        "ga_dict_builder_add_file": (c_int, [c_void_p, c_char_p, pvoid]),
        "ga_dict_builder_add_text": (c_int, [c_void_p, c_char_p, c_size_t, c_char_p, pvoid]),
        "ga_dict_builder_finish": (c_int, [c_void_p, pvoid, pvoid]),
        "ga_segmenter_new": (c_int, [c_void_p, c_int, pvoid, pvoid]),
        "ga_segmenter_free": (None, [c_void_p]),
        "ga_segmenter_mode": (c_int, [c_void_p]),
        "ga_segment_tokens": (c_int, [c_void_p, c_char_p, c_size_t, P(Token), c_size_t, psize,
                                      pvoid]),
    },
    "privacy": {
        "ga_match_masked": (c_int, [c_void_p, c_size_t]),
        "ga_match_masked_text": (c_int, [c_void_p, P(c_void_p), psize, pvoid]),
    },
    "attach": {
        "ga_attach_sniff": (c_int, [c_char_p, c_size_t]),
        "ga_attach_format_name": (c_char_p, [c_int]),
        "ga_attach_pdf_supported": (c_int, []),
        "ga_attach_extract": (c_int, [c_char_p, c_size_t, P(AttachLimits), pvoid, pvoid]),
        "ga_attach_free": (None, [c_void_p]),
        "ga_attach_format": (c_int, [c_void_p]),
        "ga_attach_text": (c_void_p, [c_void_p, psize]),
        "ga_attach_piece_count": (c_size_t, [c_void_p]),
        "ga_attach_piece": (c_int, [c_void_p, c_size_t, P(AttachPiece)]),
        "ga_attach_locate": (c_size_t, [c_void_p, c_size_t]),
    },
    "match": {
        "ga_rules_new": (c_void_p, []),
        "ga_rules_free": (None, [c_void_p]),
        "ga_rules_add_text": (c_int, [c_void_p, c_char_p, c_char_p, c_size_t, pvoid]),
        "ga_rules_add_file": (c_int, [c_void_p, c_char_p, pvoid]),
        "ga_rules_add_dir": (c_int, [c_void_p, c_char_p, pvoid]),
        "ga_rules_count": (c_size_t, [c_void_p]),
        "ga_rules_warning_count": (c_size_t, [c_void_p]),
        "ga_rules_warning": (c_char_p, [c_void_p, c_size_t]),
        "ga_matcher_compile": (c_int, [c_void_p, pvoid, pvoid]),
        "ga_matcher_load_default": (c_int, [pvoid, pvoid]),
        "ga_matcher_save": (c_int, [c_void_p, c_char_p, pvoid]),
        "ga_matcher_load": (c_int, [c_char_p, pvoid, pvoid]),
        "ga_matcher_rule_count": (c_size_t, [c_void_p]),
        "ga_matcher_free": (None, [c_void_p]),
        "ga_match_scratch_new": (c_void_p, []),
        "ga_match_scratch_free": (None, [c_void_p]),
        "ga_match_scan": (c_int, [c_void_p, c_void_p, c_char_p, c_size_t, pvoid]),
        "ga_match_count": (c_size_t, [c_void_p]),
        "ga_match_get": (c_int, [c_void_p, c_size_t, P(Finding)]),
        "ga_severity_name": (c_char_p, [c_int]),
        "ga_severity_parse": (c_int, [c_char_p, P(c_int)]),
    },
    "spell": {
        "ga_spell_model_load": (c_int, [c_char_p, pvoid, pvoid]),
        "ga_spell_model_load_default": (c_int, [pvoid, pvoid]),
        "ga_spell_model_add_words": (c_int, [c_void_p, c_char_p, c_char_p, c_size_t, pvoid,
                                             pvoid]),
        "ga_spell_model_free": (None, [c_void_p]),
        "ga_spell_scratch_new": (c_void_p, []),
        "ga_spell_scratch_free": (None, [c_void_p]),
        "ga_spell_check": (c_int, [c_void_p, c_void_p, c_char_p, c_size_t, c_void_p, pvoid]),
        "ga_spell_count": (c_size_t, [c_void_p]),
        "ga_spell_get": (c_int, [c_void_p, c_size_t, P(Finding)]),
        "ga_spell_confidence": (c_double, [c_void_p, c_size_t]),
        "ga_spell_candidate_count": (c_size_t, [c_void_p, c_size_t]),
        "ga_spell_candidate": (c_char_p, [c_void_p, c_size_t, c_size_t]),
        "ga_obs_check_posts": (c_int, [c_void_p, c_void_p, c_void_p, pvoid]),
    },
    "dedup": {
        "ga_dedup_options_init": (None, [P(DedupOptions)]),
        "ga_dedup_banding": (c_int, [c_double, P(c_uint), P(c_uint), P(c_double)]),
        "ga_dedup_kind_name": (c_char_p, [c_int]),
        "ga_dedup_relation_name": (c_char_p, [c_int]),
        "ga_dedup_index_new": (c_int, [P(DedupOptions), pvoid, pvoid]),
        "ga_dedup_index_free": (None, [c_void_p]),
        "ga_dedup_index_add": (c_int, [c_void_p, P(DedupDoc), psize, pvoid]),
        "ga_dedup_index_add_batch": (c_int, [c_void_p, P(DedupDoc), c_size_t, c_uint, pvoid]),
        "ga_dedup_index_count": (c_size_t, [c_void_p]),
        "ga_dedup_index_threshold": (c_double, [c_void_p]),
        "ga_dedup_index_containment": (c_double, [c_void_p]),
        "ga_dedup_index_doc_field": (c_char_p, [c_void_p, c_size_t, c_int]),
        "ga_dedup_index_doc_fingerprint": (c_int, [c_void_p, c_size_t, P(c_uint64),
                                                   P(c_uint64), psize]),
        "ga_dedup_index_doc_bands": (c_size_t, [c_void_p, c_size_t, P(c_uint32), c_size_t]),
        "ga_dedup_matches_new": (c_void_p, []),
        "ga_dedup_matches_free": (None, [c_void_p]),
        "ga_dedup_index_query": (c_int, [c_void_p, P(DedupDoc), c_void_p, pvoid]),
        "ga_dedup_matches_count": (c_size_t, [c_void_p]),
        "ga_dedup_matches_doc": (c_size_t, [c_void_p, c_size_t]),
        "ga_dedup_matches_similarity": (c_double, [c_void_p, c_size_t]),
        "ga_dedup_matches_hamming": (c_uint, [c_void_p, c_size_t]),
        "ga_dedup_matches_relation": (c_int, [c_void_p, c_size_t]),
        "ga_dedup_matches_exact": (c_int, [c_void_p, c_size_t]),
        "ga_dedup_index_cluster": (c_int, [c_void_p, c_uint, pvoid, pvoid]),
        "ga_dedup_clusters_free": (None, [c_void_p]),
        "ga_dedup_clusters_count": (c_size_t, [c_void_p]),
        "ga_dedup_cluster_kind": (c_int, [c_void_p, c_size_t]),
        "ga_dedup_cluster_size": (c_size_t, [c_void_p, c_size_t]),
        "ga_dedup_cluster_doc": (c_size_t, [c_void_p, c_size_t, c_size_t]),
        "ga_dedup_cluster_similarity": (c_double, [c_void_p, c_size_t]),
        "ga_dedup_cluster_pair_count": (c_size_t, [c_void_p, c_size_t]),
        "ga_dedup_cluster_pair": (c_int, [c_void_p, c_size_t, c_size_t, psize, psize,
                                          P(c_double), P(c_int)]),
        "ga_dedup_index_save": (c_int, [c_void_p, c_char_p, pvoid]),
        "ga_dedup_index_load": (c_int, [c_char_p, P(DedupOptions), pvoid, pvoid]),
    },
    "score": {
        "ga_time_parse": (c_int, [c_char_p, c_size_t, P(c_int64), pvoid]),
        "ga_time_format": (c_char_p, [c_int64, c_int, c_char_p]),
        "ga_profile_parse": (c_int, [c_char_p, c_size_t, c_char_p, pvoid, pvoid]),
        "ga_profile_load": (c_int, [c_char_p, pvoid, pvoid]),
        "ga_profile_load_builtin": (c_int, [c_char_p, pvoid, pvoid]),
        "ga_profile_free": (None, [c_void_p]),
        "ga_profile_id": (c_char_p, [c_void_p]),
        "ga_profile_name": (c_char_p, [c_void_p]),
        "ga_profile_object": (c_int, [c_void_p]),
        "ga_profile_indicator_count": (c_size_t, [c_void_p]),
        "ga_profile_indicator_id": (c_char_p, [c_void_p, c_size_t]),
        "ga_profile_indicator_name": (c_char_p, [c_void_p, c_size_t]),
        "ga_profile_indicator_kind": (c_int, [c_void_p, c_size_t]),
        "ga_profile_indicator_status": (c_char_p, [c_void_p, c_size_t]),
        "ga_observations_free": (None, [c_void_p]),
        "ga_obs_set_time": (None, [c_void_p, c_int64]),
        "ga_obs_time": (c_int64, [c_void_p]),
        "ga_obs_scan_posts": (c_int, [c_void_p, c_void_p, pvoid]),
        "ga_observations_parse": (c_int, [c_char_p, c_size_t, c_char_p, pvoid, pvoid]),
        "ga_observations_parse_media": (c_int, [c_char_p, c_size_t, c_char_p, pvoid, pvoid]),
        "ga_score": (c_int, [c_void_p, c_void_p, pvoid, pvoid]),
        "ga_score_result_free": (None, [c_void_p]),
        "ga_score_result_passed": (c_int, [c_void_p]),
        "ga_score_result_final": (c_double, [c_void_p]),
        "ga_score_result_score": (c_double, [c_void_p]),
        "ga_score_result_json": (c_int, [c_void_p, c_void_p, c_uint, P(c_void_p), psize,
                                         pvoid]),
        "ga_string_free": (None, [c_void_p]),
    },
    # The progress callbacks (options fields since 1.1; this function tells they exist).
    "progress": {
        "ga_notice_set_progress": (None, [c_void_p, c_void_p, c_void_p]),
    },
    "notice": {
        "ga_notice_new": (c_int, [pvoid, pvoid]),
        "ga_notice_free": (None, [c_void_p]),
        "ga_notice_set_date": (c_int, [c_void_p, c_int64, pvoid]),
        "ga_notice_add_result": (c_int, [c_void_p, c_char_p, c_size_t, c_char_p, c_int, pvoid]),
        "ga_notice_add_messages": (c_int, [c_void_p, c_char_p, c_size_t, c_char_p, pvoid]),
        "ga_notice_add_reports": (c_int, [c_void_p, c_char_p, c_size_t, c_char_p, pvoid]),
        "ga_notice_json": (c_int, [c_void_p, c_uint, P(c_void_p), psize, pvoid]),
        "ga_notice_text": (c_int, [c_void_p, c_uint, P(c_void_p), psize, pvoid]),
        "ga_notice_html": (c_int, [c_void_p, c_uint, P(c_void_p), psize, pvoid]),
        "ga_notice_docx": (c_int, [c_void_p, c_uint, P(c_void_p), psize, pvoid]),
        "ga_string_free": (None, [c_void_p]),
    },
    "site": {
        "ga_site_audit": (c_int, [c_char_p, c_void_p, c_void_p, c_int64, P(SiteOptions),
                                  pvoid, pvoid]),
        "ga_site_result_free": (None, [c_void_p]),
        "ga_site_result_count": (c_size_t, [c_void_p, c_int]),
        "ga_site_result_warning": (c_char_p, [c_void_p, c_size_t]),
        "ga_report_json": (c_int, [c_void_p, c_uint, P(c_void_p), psize, pvoid]),
        "ga_report_html": (c_int, [c_void_p, c_uint, P(c_void_p), psize, pvoid]),
    },
    "probe": {
        "ga_probe_run": (c_int, [P(c_char_p), c_size_t, P(ProbeOptions), pvoid, pvoid]),
        "ga_probe_results_free": (None, [c_void_p]),
        "ga_probe_results_count": (c_size_t, [c_void_p]),
        "ga_probe_result_json": (c_int, [c_void_p, c_size_t, P(c_void_p), psize, pvoid]),
        "ga_probe_result_final_url": (c_char_p, [c_void_p, c_size_t]),
        "ga_probe_result_tries": (c_uint, [c_void_p, c_size_t]),
        "ga_probe_log_parse": (c_int, [c_char_p, c_size_t, pvoid, pvoid]),
        "ga_probe_log_free": (None, [c_void_p]),
        "ga_probe_log_count": (c_size_t, [c_void_p]),
        "ga_probe_log_skipped": (c_size_t, [c_void_p, psize]),
        "ga_probe_log_observe": (c_int, [c_void_p, c_char_p, c_void_p, psize, pvoid]),
        "ga_site_auditor_new": (c_int, [c_void_p, c_void_p, c_int64, P(SiteOptions), pvoid,
                                        pvoid]),
        "ga_site_auditor_free": (None, [c_void_p]),
        "ga_site_auditor_add_crawl": (c_int, [c_void_p, c_char_p, pvoid]),
        "ga_site_auditor_add_probes": (c_int, [c_void_p, c_void_p, psize, pvoid]),
        "ga_site_auditor_finish": (c_int, [c_void_p, pvoid, pvoid]),
        "ga_site_result_recheck_links": (c_int, [c_void_p, c_void_p, P(ProbeOptions), psize,
                                                 pvoid]),
    },
}

_present = set()


def has_module(name):
    """True when the loaded library exports every function this package uses of `name`."""
    return name in _present


def _declare(lib):
    for module, table in MODULES.items():
        if not all(hasattr(lib, name) for name in table):
            continue
        for name, (res, args) in table.items():
            fn = getattr(lib, name)
            fn.restype = res
            fn.argtypes = args
        _present.add(module)
