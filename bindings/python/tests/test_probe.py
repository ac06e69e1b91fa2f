"""Probes from Python against the local servers of tests/fixtures/probe/server.py."""
import datetime
import json
import os
import subprocess

import pytest

import govaudit

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    work = tmp_path_factory.mktemp("probe")
    p = subprocess.Popen(["/usr/bin/python3", os.path.join(TOP, "tests", "fixtures", "probe",
                                                           "server.py"), str(work)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        ports = json.loads(p.stdout.readline())
        ports["cert"] = str(work / "cert.pem")
        yield ports
    finally:
        p.stdin.close()
        p.wait(timeout=30)


def test_refused_by_default(servers):
    row, = govaudit.probe([f"http://127.0.0.1:{servers['http']}/ok"])
    assert row["ok"] is False and row["outcome"] == "blocked" and row["status"] is None
    assert "loopback" in row["error"]


def test_outcomes(servers):
    base = f"http://127.0.0.1:{servers['http']}"
    rows = govaudit.probe([f"{base}/ok", f"{base}/redirect", f"{base}/loop",
                           f"http://127.0.0.1:{servers['hang']}/", f"{base}/soft404",
                           f"https://localhost:{servers['https']}/ok"],
                          allow_private=True, timeout=1, check_page=True)
    assert [r["outcome"] for r in rows] == ["ok", "ok", "redirects", "timeout", "bad-page", "tls"]
    assert rows[0]["status"] == 200 and rows[0]["elapsed_ms"] < 1000
    assert rows[1]["redirects"] == 1 and rows[1]["final_url"] == f"{base}/ok"
    assert rows[3]["error"] == "timeout after 1000 ms"
    assert "页面不存在" in rows[4]["error"]
    row, = govaudit.probe([f"https://localhost:{servers['https']}/ok"], allow_private=True,
                          ca_file=servers["cert"], cert=True)
    assert row["ok"] and row["cert_expiry"] > datetime.date.today().isoformat()


def test_log_scores_availability(servers, tmp_path):
    end = datetime.datetime(2023, 8, 15, 23, 30, tzinfo=datetime.timezone.utc)
    lines = []
    for i in range(7 * 48):
        t = end - datetime.timedelta(minutes=30 * i)
        lines.append(json.dumps({"url": "http://www.example.gov.cn/", "time": t.isoformat(),
                                 "ok": i >= 30, "status": 200 if i >= 30 else None,
                                 "elapsed_ms": 100, "error": None}))
    log = govaudit.ProbeLog("\n".join(lines) + "\n{torn")
    assert len(log) == 336 and log.skipped == (1, 337)
    obs = govaudit.Observations({"object": "website", "site": "示例"}, date="2023-08-16 07:59:59")
    assert log.observe(obs, "https://example.gov.cn") == 336
    result = govaudit.score("gov-website-2019", obs)
    veto = [v for v in result["vetoes"] if v["id"] == "W-V2"]
    assert veto and any("30 of 336 probes failed" in e["text"] for e in veto[0]["evidence"])


def test_probe_progress(servers):
    base = f"http://127.0.0.1:{servers['http']}"
    seen = []
    rows = govaudit.probe([f"{base}/ok", f"{base}/slow", f"{base}/missing"], allow_private=True,
                          timeout=5, progress=seen.append)
    assert len(rows) == 3
    assert seen[0].stage == "probes" and seen[0].done == 0 and seen[0].total == 3
    assert seen[-1].final and seen[-1].done == 3
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    # Servers that never answer: the round still reports, and cancelling ends it at once.
    hang = [f"http://127.0.0.1:{servers['hang']}/{i}" for i in range(4)]
    calls = []
    start = datetime.datetime.now()
    with pytest.raises(govaudit.Cancelled):
        govaudit.probe(hang, allow_private=True, timeout=20,
                       progress=lambda p: calls.append(p) or len(calls) >= 2)
    assert len(calls) == 2 and calls[-1].done == 0
    assert (datetime.datetime.now() - start).total_seconds() < 10
