#!/usr/bin/python3
"""Benchmark of the Python bindings and of the Dask job (meson test -C build --benchmark).

1. Per-call overhead: the bindings' calls (Matcher.check, Segmenter.cut, parse_page) against
   the same C calls made by bench-bindings-c on the same inputs in the same run: ns per
   call of each, their ratio and the overhead in µs.
2. The Dask job (examples/python/dask_audit.py) on a crawl of about PAGES pages (copies of
   the demo site under distinct host names, one gzip member per record): pages per second
   with 1 and 2 local workers (one thread each), next to the single-process path (no Dask)
   measured in the same rounds. The three runs alternate for REPEAT rounds and the medians
   are printed, with the load average, since the machine may be shared; then where the
   Dask runs' CPU went (cpu_account: the tasks by kind, Dask's own threads) and the two
   ratios the goals are set on.

    bench_python.py --c-helper PATH [--iterations N] [--pages N] [--repeat R] [--no-dask]
"""
import argparse
import gzip
import importlib.util
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "bindings", "python"))
sys.path.insert(0, os.path.join(TOP, "examples", "python"))

import govaudit  # noqa: E402


def best_ns(fn, iters):
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(iters):
            fn()
        best = min(best, (time.perf_counter() - t0) / iters)
    return best * 1e9


def demo_site(tmp):
    site = os.path.join(tmp, "site")
    subprocess.run([sys.executable, os.path.join(TOP, "examples", "demo-site", "generate.py"),
                    site, "--port", "8000"], check=True, capture_output=True)
    pages = []
    for root, _, files in os.walk(site):
        for name in sorted(files):
            if name.endswith(".html"):
                pages.append(os.path.join(root, name))
    return site, sorted(pages)


def overhead(c_helper, pages, tmp, iters):
    articles = [p for p in pages if "/t20" in p]
    html_path = max(articles, key=os.path.getsize)
    with open(html_path, "rb") as f:
        html = f.read()
    article = govaudit.parse_page(html, url="http://www.example.gov.cn/a.html").text
    short = "各单位要再接再励，一如继往地抓好各项工作。"
    paths = {}
    for name, text in (("short", short), ("article", article)):
        paths[name] = os.path.join(tmp, name + ".txt")
        with open(paths[name], "w", encoding="utf-8") as f:
            f.write(text)
    def c_side():
        out = subprocess.run([c_helper, paths["short"], paths["article"], html_path,
                              str(iters)], check=True, capture_output=True, text=True).stdout
        return {k: float(v) for k, v in (line.split() for line in out.splitlines())}

    # The C side runs before and after the Python side and keeps its best figure per call,
    # so load from other processes during one of the runs does not skew the ratio.
    c = c_side()
    m, seg = govaudit.Matcher(), govaudit.Segmenter()
    url = "http://www.example.gov.cn/a.html"
    py = {
        "version": best_ns(lambda: govaudit._clib.ga_version_string(), iters * 10),
        "check_short": best_ns(lambda: m.check(short), iters),
        "check_article": best_ns(lambda: m.check(article), iters // 10 + 1),
        "cut_short": best_ns(lambda: seg.cut(short), iters),
        "cut_article": best_ns(lambda: seg.cut(article), iters // 10 + 1),
        "parse_page": best_ns(lambda: govaudit.parse_page(html, url=url), iters // 10 + 1),
    }
    c = {k: min(v, c[k]) for k, v in c_side().items()}
    print(f"Per-call cost, bindings vs C API, same inputs (short: {len(short)} chars, article: "
          f"{len(article)} chars / {len(article.encode())} bytes, page: {len(html)} bytes)")
    print(f"{'call':<16}{'C ns':>12}{'Python ns':>12}{'ratio':>8}{'overhead µs':>13}")
    for op in py:
        print(f"{op:<16}{c[op]:>12.0f}{py[op]:>12.0f}{py[op] / c[op]:>8.2f}"
              f"{(py[op] - c[op]) / 1000:>13.2f}")
    m.close()
    seg.close()


def write_crawl(site, pages, copies, path):
    """A WARC of `copies` copies of the demo site, each under its own host name."""
    n = 0
    with open(path, "wb") as out:
        for k in range(copies):
            host = f"www.site{k:02d}.gov.cn"
            for page in pages:
                with open(page, "rb") as f:
                    body = f.read()
                uri = f"http://{host}/{os.path.relpath(page, site)}"
                http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        b"Content-Length: %d\r\n\r\n" % len(body)) + body
                head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
                        f"WARC-Date: 2023-08-15T00:00:00Z\r\n"
                        f"WARC-Record-ID: <urn:uuid:bench-{k}-{n}>\r\n"
                        f"Content-Type: application/http; msgtype=response\r\n"
                        f"Content-Length: {len(http)}\r\n\r\n").encode()
                out.write(gzip.compress(head + http + b"\r\n\r\n", compresslevel=1))
                n += 1
    return n


def dask_throughput(site, pages, npages, repeat, tmp):
    for mod in ("dask", "distributed"):
        if importlib.util.find_spec(mod) is None:
            print(f"Dask throughput: skipped ({mod} is not installed for {sys.executable})")
            return
    import cpu_account
    import dask_audit
    from distributed import Client

    copies = math.ceil(npages / len(pages))
    warc = os.path.join(tmp, "crawl.warc.gz")
    n = write_crawl(site, pages, copies, warc)
    # Rule packs and dictionary are loaded before timing, here and in every worker.
    dask_audit.warm_up()
    names = ("single process (no Dask)", "1 worker", "2 workers")
    runs = {k: [] for k in names}  # (wall seconds, CPU seconds of every process of the run)
    split = {k: [] for k in names[1:]}  # where a Dask run's CPU went (cpu_account)
    reference, same = None, True
    print(f"\nDask job on {n} records ({copies} copies of the demo site, "
          f"{os.path.getsize(warc) >> 20} MiB gzip; {os.cpu_count()} CPUs, shared), "
          f"{repeat} rounds")
    for rnd in range(repeat):
        load = os.getloadavg()[0]
        c0, t0 = time.process_time(), time.perf_counter()
        findings, clusters, npg = dask_audit.audit_local([warc])
        runs[names[0]].append((time.perf_counter() - t0, time.process_time() - c0))
        reference = (sorted(map(repr, findings)), sorted(map(repr, clusters)), npg)
        for workers in (1, 2):
            # The job's own cluster settings (dask_audit.local_cluster).
            with dask_audit.local_cluster(workers) as cluster, Client(cluster) as client:
                client.register_worker_plugin(cpu_account.TaskCPU())
                client.run(dask_audit.warm_up)
                before, t0 = cpu_account.snapshot(client), time.perf_counter()
                f2, c2, np2 = dask_audit.audit_dask(dask_audit.ClusterRunner(client), [warc])
                wall = time.perf_counter() - t0
                threads, tasks, _ = cpu_account.difference(before, cpu_account.snapshot(client))
            runs[names[workers]].append((wall, sum(threads.values())))
            split[names[workers]].append((threads, tasks))
            same &= (sorted(map(repr, f2)), sorted(map(repr, c2)), np2) == reference
        print(f"round {rnd + 1}: " + ", ".join(f"{k} {v[-1][0]:.1f} s ({v[-1][1]:.1f} s CPU)"
                                               for k, v in runs.items())
              + f"; load average {load:.1f} before, {os.getloadavg()[0]:.1f} after", flush=True)
    npg = reference[2]
    wall = {k: statistics.median(t for t, _ in v) for k, v in runs.items()}
    print(f"{npg} HTML pages, {len(reference[0])} findings, {len(reference[1])} clusters; "
          f"Dask results {'the same as' if same else 'DIFFERENT from'} the single process's")
    print(f"{'run (medians)':<28}{'seconds':>9}{'pages/s':>10}{'vs single':>11}"
          f"{'vs 1 worker':>13}{'CPU s':>8}{'pages/CPU s':>13}")
    for name in names:
        t, cpu_s = wall[name], statistics.median(c for _, c in runs[name])
        print(f"{name:<28}{t:>9.2f}{npg / t:>10.0f}{wall[names[0]] / t:>11.2f}"
              f"{wall[names[1]] / t:>13.2f}{cpu_s:>8.1f}{npg / cpu_s:>13.0f}")
    cpu_split(split, statistics.median(c for _, c in runs[names[0]]))
    print(f"1 worker vs single process: {wall[names[0]] / wall[names[1]]:.2f}x (goal 0.9x)")
    print(f"2 workers vs 1 worker: {wall[names[1]] / wall[names[2]]:.2f}x (goal 1.6x)")


def cpu_split(split, single_cpu):
    """Where the Dask runs' CPU went, medians over the rounds: the job's tasks by kind (on
    the workers' task threads) and Dask's own work (the workers' other threads: moving and
    (de)serialising data, monitors; the client process: scheduler, nannies, and the job's
    client side in its main thread). The single process's CPU is the anchor."""
    print(f"CPU seconds by where they went (medians; the single process: {single_cpu:.1f})")
    for name, rounds in split.items():
        tasks = sorted({k for _, t in rounds for k in t})
        threads = sorted({k for th, _ in rounds for k in th})
        cells = [f"task {k} {statistics.median(t.get(k, (0, 0.0))[1] for _, t in rounds):.1f}"
                 for k in tasks]
        cells += [f"{p} {k} {statistics.median(th.get((p, k), 0.0) for th, _ in rounds):.1f}"
                  for p, k in threads if not (p == "workers" and k == "task threads")]
        print(f"  {name}: " + "; ".join(c for c in cells if not c.endswith((" 0.0", " -0.0"))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--c-helper", required=True)
    ap.add_argument("--iterations", type=int, default=20000)
    ap.add_argument("--pages", type=int, default=100000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site, pages = demo_site(tmp)
        overhead(args.c_helper, pages, tmp, args.iterations)
        if not args.no_dask:
            dask_throughput(site, pages, args.pages, args.repeat, tmp)


if __name__ == "__main__":
    main()
