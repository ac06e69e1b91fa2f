"""Handles: closed twice, used after close, freed by `with` and by garbage collection."""
import gc
import weakref

import pytest

import govaudit


def makers(rules_file):
    return [
        lambda: govaudit.Normalizer(),
        lambda: govaudit.Segmenter(),
        lambda: govaudit.Segmenter(user_dict=["岚溪通办"]),
        lambda: govaudit.Matcher.from_files(rules_file),
        lambda: govaudit.DedupIndex(),
    ]


def test_close_twice_and_use_after_close(rules_file):
    for make in makers(rules_file):
        obj = make()
        obj.close()
        obj.close()
        with pytest.raises(ValueError):
            obj.handle
        with make() as o:
            pass
        o.close()


def test_methods_after_close_raise(rules_file):
    m = govaudit.Matcher.from_files(rules_file)
    m.check("再接再励")
    m.close()
    with pytest.raises(ValueError):
        m.check("再接再励")
    s = govaudit.Segmenter()
    s.close()
    with pytest.raises(ValueError):
        s.cut("政务")


def test_garbage_collection_frees(rules_file):
    for make in makers(rules_file):
        obj = make()
        ref = weakref.ref(obj)
        del obj
        gc.collect()
        assert ref() is None


def test_many_objects_do_not_leak_handles(rules_file):
    # Creating and dropping objects in a loop must not exhaust anything (mmaps, fds).
    for _ in range(40):
        govaudit.Segmenter().cut("政务公开")
    for _ in range(300):
        govaudit.DedupIndex()
    for _ in range(50):
        govaudit.Matcher.from_files(rules_file).check("再接再励")


def test_warc_iterator_closed_early(tmp_path):
    p = tmp_path / "empty.warc"
    p.write_bytes(b"")
    r = govaudit.read_warc(str(p))
    assert list(r) == []
    r.close()
    r.close()


def test_error_classes_and_messages():
    with pytest.raises(govaudit.IOFailure) as e:
        govaudit.Matcher.from_files("/nonexistent/x.rules")
    assert "/nonexistent/x.rules" in e.value.message
    assert e.value.status == 4 and isinstance(e.value, govaudit.Error)
    with pytest.raises(govaudit.InvalidUTF8) as e:
        govaudit.Normalizer().normalize(b"ab\xc3(")
    assert e.value.offset == 2
