import gc
import json
import os
import subprocess
import sys
import threading

import pytest

import govaudit
from govaudit import norm


def test_version_and_library():
    assert govaudit.__version__.startswith("1.")
    assert "libgovaudit.so.1" in govaudit.library_path
    assert govaudit.data_dir()


def test_build_data_found_without_environment(tmp_path):
    """A library of a build folder finds that build's data with GOVAUDIT_DATA_DIR unset,
    whatever the working directory."""
    env = {k: v for k, v in os.environ.items() if k != "GOVAUDIT_DATA_DIR"}
    code = ("import govaudit, json; "
            "print(json.dumps([govaudit.data_dir(), govaudit.cut('他来到了网易杭研大厦')]))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    data, words = json.loads(out)
    build = os.path.dirname(os.path.dirname(os.path.realpath(govaudit.library_path)))
    assert data == os.path.join(build, "data")
    assert os.path.isfile(os.path.join(data, "dict", "default.gadict"))
    assert words == ["他", "来到", "了", "网易", "杭研", "大厦"]


def test_normalize_full_width_traditional_noise():
    assert govaudit.normalize("ＡＢＣ國務院敏*感") == "abc国务院敏感"


def test_source_span_maps_to_python_indices():
    src = "前言ＡＢＣ國務院敏*感词"
    with govaudit.Normalizer() as n:
        r = n.normalize(src)
    assert r.text == "前言abc国务院敏感词"
    s, e = r.source_span(r.text.index("abc"), r.text.index("abc") + 3)
    assert src[s:e] == "ＡＢＣ"
    s, e = r.source_span(r.text.index("敏感"), r.text.index("敏感") + 2)
    assert src[s:e] == "敏*感"
    assert r.source_span(0, 0) == (0, 0)
    with pytest.raises(IndexError):
        r.source_span(3, 100)


def test_flags():
    with govaudit.Normalizer(norm.WIDTH) as n:
        assert n.flags == norm.WIDTH
        assert n.normalize("ＡＢ國").text == "AB國"


def test_invalid_utf8_raises_with_offset():
    with govaudit.Normalizer() as n:
        with pytest.raises(govaudit.InvalidUTF8) as exc:
            n.normalize(b"ab\xffcd")
    assert exc.value.offset == 2
    assert "byte 2" in exc.value.message
    assert isinstance(exc.value, govaudit.Error)
    with govaudit.Normalizer(norm.DEFAULT | norm.REPLACE_INVALID) as n:
        assert n.normalize(b"ab\xffcd").text == "ab\ufffdcd"


def test_bad_arguments_raise():
    with pytest.raises(govaudit.InvalidArgument):
        govaudit.Normalizer(flags=1 << 20)


def test_closed_handle_and_gc():
    n = govaudit.Normalizer()
    n.close()
    n.close()
    with pytest.raises(ValueError):
        n.normalize("x")
    for _ in range(200):
        govaudit.Normalizer().normalize("國")
    gc.collect()


def test_threads_share_one_normalizer():
    texts = [f"第{i}號 ＡＢＣ 國務院辦公廳" for i in range(200)]
    with govaudit.Normalizer() as n:
        expected = [n.normalize(t).text for t in texts]
        results = [None] * 4

        def work(k):
            results[k] = [n.normalize(t).text for t in texts]

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert all(r == expected for r in results)
