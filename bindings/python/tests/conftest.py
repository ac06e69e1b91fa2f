import os
import shutil
import subprocess

import pytest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))

# Rules for the tests that must not depend on which rule packs are installed.
TEST_RULES = """\
@category 错别字
@severity normal
再接再励\t再接再厉
一如继往\t一如既往
共合国\t共和国
@category 过时表述
原国家工商行政管理总局\t国家市场监督管理总局
环境保护局\t生态环境局
@category 敏感词
@severity serious
re:敏[*＊]?感词\t-
"""


@pytest.fixture(scope="session")
def rules_file(tmp_path_factory):
    p = tmp_path_factory.mktemp("rules") / "test.rules"
    p.write_text(TEST_RULES, encoding="utf-8")
    return str(p)


def fixture_path(*parts):
    return os.path.join(TOP, "tests", "fixtures", *parts)


@pytest.fixture(scope="session")
def demo_warc(tmp_path_factory):
    """examples/demo-site crawled into a WARC (wget over a loopback server)."""
    if shutil.which("wget") is None:
        pytest.skip("wget is needed to crawl the demo site")
    out = tmp_path_factory.mktemp("demo")
    subprocess.run(["bash", os.path.join(TOP, "examples", "demo-site", "crawl.sh"), str(out)],
                   check=True, capture_output=True, timeout=120)
    return str(out / "demo.warc.gz")


def need_module(name):
    from govaudit._lib import has_module
    if not has_module(name):
        import govaudit
        pytest.skip(f"{govaudit.library_path} has no {name} module")
