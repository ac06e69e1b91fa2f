#!/usr/bin/python3
"""Audit WARC crawls on a Dask cluster: wording findings and duplicate posts across sites.

    dask_audit.py [--scheduler ADDR | --workers N | --local-scheduler KIND | --local]
                  [--date D] [--progress] --out DIR WARC...

The job reads the crawl where it is stored and moves only small results:

1. Ranges: each gzip WARC file is cut by position into byte ranges (file, start, end) of
   --range-bytes, with no pass over it: a task reads the records whose gzip members start
   in its range (govaudit.read_warc_split finds the first member at or after each end), so
   ranges that meet end to end read every record once. Each task also says whether its
   range read exactly (no damage skipped, no member inside another record taken for a
   record); a file with any range that did not is read again by its offset index, as are
   plain WARC files and ARC files (plain or gzip): one task per file lists the offsets its
   records start at (govaudit.record_offsets), and the file is cut at those offsets.
2. Each range is a task: it reads its bytes from the shared storage, parses the pages,
   checks the title and body against the rule packs and fingerprints the articles (exact
   hash and the LSH band keys of the MinHash signature, the banding the library's own
   index uses for the Jaccard threshold). It keeps the articles on its worker and sends
   back only page counts, findings and each article's url, exact hash and band keys.
3. The client joins articles that share a url, an exact hash or a band key into groups
   (union-find over a few ints per article): every pair the single-process index would
   verify lies inside one group. Groups of two or more are spread over a few tasks; each
   gathers its articles from the range tasks that hold them, and libgovaudit's own index
   verifies them (Jaccard similarity of word shingles) and classifies each cluster
   (一稿多发, 转载, duplicate) from its members' sites, columns, dates and 来源.

Writes DIR/findings.jsonl (one finding a line, with the url of its page and the field
checked: title or text; start/end are str indices into that field, byte_start/byte_end
UTF-8 byte offsets) and DIR/clusters.jsonl (one cluster a line: urls, sites, kind,
similarity). --local runs the same per-page code in this process with one index over the
whole crawl, without Dask: the reference the distributed run is checked against.

--workers N starts N local worker processes (distributed.LocalCluster); --local-scheduler
threads|processes runs the same tasks on Dask's single-machine scheduler instead. With
--scheduler every worker must see the WARC paths (a shared file system) and be able to
import govaudit (libgovaudit installed, or PYTHONPATH/GOVAUDIT_LIBRARY set).
--progress shows the tasks' progress on stderr (distributed.progress with a cluster,
dask.diagnostics.ProgressBar on the single-machine scheduler).
Pages published after --date are left out: an audit on that date could not have seen them.
"""
import argparse
import array
import collections
import contextlib
import heapq
import importlib
import importlib.util
import json
import os
import sys
import time
import urllib.parse
import zlib

_HERE = os.path.dirname(os.path.abspath(__file__))


def _import_govaudit():
    """govaudit from the environment, else from the source checkout this script is in
    (and then exported through PYTHONPATH so local worker processes find it too)."""
    if importlib.util.find_spec("govaudit") is None:
        pkg = os.path.abspath(os.path.join(_HERE, "..", "..", "bindings", "python"))
        sys.path.insert(0, pkg)
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (pkg, os.environ.get("PYTHONPATH")) if p)
    return importlib.import_module("govaudit")


govaudit = _import_govaudit()


# One matcher and one segmenter per process (both immutable and thread-safe), built on
# first use in each worker; _BUILT counts the builds (one each per process when the cache
# works: resources_built()).
_RESOURCES = {}
_BUILT = collections.Counter()


def matcher(rules=()):
    key = ("matcher",) + tuple(rules)
    if key not in _RESOURCES:
        _RESOURCES[key] = govaudit.Matcher.from_files(*rules) if rules else govaudit.Matcher()
        _BUILT["matcher"] += 1
    return _RESOURCES[key]


def segmenter():
    if "seg" not in _RESOURCES:
        _RESOURCES["seg"] = govaudit.Segmenter()
        _BUILT["segmenter"] += 1
    return _RESOURCES["seg"]


def resources_built():
    """How many matchers and segmenters this process has built."""
    return dict(_BUILT)


def warm_up(rules=()):
    """Load the rule packs and the dictionary now (Client.run on every worker), so the
    first tasks do not pay for it."""
    matcher(tuple(rules))
    segmenter()


def _is_html(content_type):
    return content_type is None or content_type.split(";")[0].strip().lower() in (
        "text/html", "application/xhtml+xml")


def page_result(rec, audit_date, matcher):
    """Parse and check one response; None when it is not an HTML page of status 200."""
    if rec.status != 200 or not _is_html(rec.content_type) or not rec.uri:
        return None
    try:
        page = govaudit.parse_page(rec.body, url=rec.uri, content_type=rec.content_type)
    except govaudit.Error as e:
        return {"url": rec.uri, "error": str(e), "findings": [], "doc": None}
    if audit_date and page.pubdate and page.pubdate[:10] > audit_date:
        return None
    findings = []
    for field in ("title", "text"):
        value = getattr(page, field)
        for f in matcher.check(value) if value else ():
            findings.append({"url": rec.uri, "field": field, **f.to_dict()})
    doc = None
    if page.kind == "article" and page.text.strip():
        doc = {"id": rec.uri, "url": rec.uri, "site": urllib.parse.urlsplit(rec.uri).netloc,
               "column": "/".join(page.column), "date": page.pubdate, "title": page.title,
               "source": page.source, "text": page.text}
    return {"url": rec.uri, "findings": findings, "doc": doc}


def audit_records(records, audit_date=None, rules=()):
    """The per-page work over WARC records: (pages, findings, article documents)."""
    m = matcher(tuple(rules))
    pages, findings, docs = 0, [], []
    for rec in records:
        r = page_result(rec, audit_date, m)
        if r:
            pages += 1
            findings += r["findings"]
            if r["doc"]:
                docs.append(r["doc"])
    return pages, findings, docs


# ---- the single-process path ----------------------------------------------------------

def _index_of(docs, threshold):
    index = govaudit.DedupIndex(threshold=threshold, segmenter=segmenter())
    # Sorted by url so the clustering does not depend on the order tasks ran in.
    docs = sorted(docs, key=lambda d: d["url"])
    index.add_many(docs, threads=1)
    return index


def _unique(docs):
    """One document per url whatever the order they come in: a url fetched twice (two
    crawls of a site) keeps the copy with the smallest text, in both paths."""
    by_url = {}
    for d in docs:
        seen = by_url.get(d["url"])
        if seen is None or d["text"] < seen["text"]:
            by_url[d["url"]] = d
    return list(by_url.values())


def cluster_record(c, index):
    docs = [index.document(d) for d in c.docs]
    return {"urls": sorted({d["url"] for d in docs}), "sites": sorted({d["site"] for d in docs}),
            "kind": c.kind, "similarity": round(c.similarity, 6)}


def clusters_of(docs, threshold, threads=1):
    """The library's clusters of copies among `docs` (one per url kept)."""
    docs = _unique(docs)
    if len(docs) < 2:
        return []
    with _index_of(docs, threshold) as index:
        return [cluster_record(c, index) for c in index.clusters(threads=threads)]


def audit_local(warcs, audit_date=None, rules=(), threshold=0.8):
    """The single-process path: the same per-page work, one index over the whole crawl."""
    npages, findings, docs = 0, [], []
    for path in warcs:
        n, f, d = audit_records(govaudit.read_warc(path, errors="skip"), audit_date, rules)
        npages += n
        findings += f
        docs += d
    return findings, clusters_of(docs, threshold), npages


# ---- the Dask job: tasks (run on the workers) ------------------------------------------

def index_warc(path):
    """The offset index of one WARC file and its size."""
    return govaudit.record_offsets(path), os.path.getsize(path)


def byte_ranges(path, offsets, size, range_bytes):
    """(path, start, end, False) ranges of about `range_bytes` cut at record offsets,
    covering the file from its first record to its end."""
    ranges, start = [], None
    for off in offsets:
        if start is None:
            start = off
        elif off - start >= range_bytes:
            ranges.append((path, start, off, False))
            start = off
    if start is not None and size > start:
        ranges.append((path, start, size, False))
    return ranges


def split_ranges(path, size, range_bytes):
    """(path, start, end, True) ranges of `range_bytes` covering a gzip file, cut by
    position: each is read with govaudit.read_warc_split."""
    return [(path, a, min(a + range_bytes, size), True) for a in range(0, size, range_bytes)]


def _is_gzip_warc(path):
    """Whether the file starts with a gzip member holding a WARC record (not a plain file,
    not a gzip ARC file): such files are split by position."""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    try:
        return zlib.decompressobj(31).decompress(head, 5) == b"WARC/"
    except zlib.error:
        return False


def audit_range(rng, audit_date, rules, threshold):
    """The per-page work over one byte range of a WARC file, read from the file itself.
    The articles stay with the result (on the worker); fingerprint() is what travels."""
    path, start, end, split = rng
    if split:
        records = govaudit.read_warc_split(path, start, end)
    else:
        with open(path, "rb") as f:
            f.seek(start)
            records = govaudit.read_warc(f.read(end - start), errors="skip")
    pages, findings, docs = audit_records(records, audit_date, rules)
    # Fingerprints depend on the text alone: a text that recurs in the range (a site
    # mirrored under several host names) is fingerprinted once.
    # The copies share one str, so the range's result holds it and ships it once
    # (pickle writes an object met again as a reference).
    first = {}
    for d in docs:
        d["text"] = first.setdefault(d["text"], d)["text"]
    distinct = list(first.values())
    prints = {}
    if distinct:
        with govaudit.DedupIndex(threshold=threshold, segmenter=segmenter()) as index:
            index.add_many(distinct, threads=1)
            prints = {d["text"]: (index.fingerprint(n)[0], index.bands(n))
                      for n, d in enumerate(distinct)}
    keys = [(d["url"], *prints[d["text"]]) for d in docs]
    return {"pages": pages, "findings": findings, "docs": docs, "keys": keys,
            "exact": records.exact if split else True}


def summary(result):
    """What the client needs of a range: no page text, a few ints per article."""
    return result["pages"], result["findings"], result["keys"], result["exact"]


def pick(result, numbers, parts, nparts):
    """The range's articles that belong to candidate groups, one list per verify task
    (article `numbers[i]` of the range goes to task `parts[i]`)."""
    out = [[] for _ in range(nparts)]
    for n, part in zip(numbers, parts):
        out[part].append(result["docs"][n])
    return out


def verify(doc_lists, threshold):
    """Clusters of the candidate groups one task was given (whole groups, so the index
    sees every pair the single-process index would verify for them)."""
    return clusters_of([d for docs in doc_lists for d in docs], threshold)


# ---- the Dask job: the client's side ---------------------------------------------------

def candidate_groups(keys):
    """Article numbers grouped so that two articles sharing a url, an exact hash or the key
    of some LSH band are in the same group (the transitive closure: union-find). Only
    groups of two or more are returned, in order of their first article."""
    parent = list(range(len(keys)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(i, j):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    # One table of first holders per key space: urls, exact hashes, and each band's keys.
    by_url, by_exact, by_band = {}, {}, []
    for i, (url, exact, bands) in enumerate(keys):
        j = by_url.setdefault(url, i)
        if j != i:
            join(i, j)
        j = by_exact.setdefault(exact, i)
        if j != i:
            join(i, j)
            if bands == keys[j][2]:
                continue  # the same text: its band keys are in the tables already
        while len(by_band) < len(bands):
            by_band.append({})
        for table, key in zip(by_band, bands):
            j = table.setdefault(key, i)
            if j != i:
                join(i, j)
    groups = {}
    for i in range(len(keys)):
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def spread(groups, nparts):
    """Task of each article of `groups`: largest groups first to the least loaded task."""
    load = [(0, p) for p in range(nparts)]
    part_of = {}
    for g in sorted(groups, key=len, reverse=True):
        size, p = heapq.heappop(load)
        for i in g:
            part_of[i] = p
        heapq.heappush(load, (size + len(g), p))
    return part_of


class ClusterRunner:
    """Runs task lists on a distributed Client; progress with distributed.progress."""

    def __init__(self, client, progress=False):
        self.client, self.progress = client, progress

    def workers(self):
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def resources_built(self):
        """Matchers and segmenters each worker process has built (one each when its tasks
        share them)."""
        return self.client.run(resources_built)

    def persist(self, tasks, what):
        tasks = self.client.persist(tasks)
        self._show(tasks, what)
        return tasks

    def compute(self, tasks, what=None):
        futures = self.client.compute(tasks)
        self._show(futures, what)
        return self.client.gather(futures)

    def _show(self, futures, what):
        if self.progress and what and futures:
            from distributed import progress
            print(f"dask_audit: {what}", file=sys.stderr)
            # The text bar writes to stdout; the job's stdout stays clean.
            with contextlib.redirect_stdout(sys.stderr):
                progress(futures)
            print(file=sys.stderr)


class LocalSchedulerRunner:
    """Runs task lists on Dask's single-machine scheduler (threads or processes);
    progress with dask.diagnostics.ProgressBar."""

    def __init__(self, scheduler, workers, progress=False):
        self.scheduler, self.nworkers, self.progress = scheduler, workers, progress

    def workers(self):
        return self.nworkers

    def _bar(self, what):
        if not (self.progress and what):
            return contextlib.nullcontext()
        from dask.diagnostics import ProgressBar
        print(f"dask_audit: {what}", file=sys.stderr)
        return ProgressBar(out=sys.stderr)

    def persist(self, tasks, what):
        import dask
        with self._bar(what):
            return list(dask.persist(*tasks, scheduler=self.scheduler,
                                     num_workers=self.nworkers))

    def compute(self, tasks, what=None):
        import dask
        with self._bar(what):
            return list(dask.compute(*tasks, scheduler=self.scheduler,
                                     num_workers=self.nworkers))


# Dask's own periodic work, measured on an idle LocalCluster of one worker: 6% of a core
# per second of wall time (the event loops' 20 ms health tick, the worker's 100 ms memory
# check and 500 ms system monitor, and two statistical profilers sampling every 10 ms),
# 1.3% with these settings. It grows with wall time, not with work, so a shared machine's
# long runs paid it most. The job does not read Dask's profiles or dashboards.
QUIET_DASK = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.worker.profile.enabled": False,
}


def local_cluster(workers, threads_per_worker=1):
    """A LocalCluster of `workers` processes with QUIET_DASK (the nannies hand the settings
    to the worker processes)."""
    import dask
    from distributed import LocalCluster
    with dask.config.set(QUIET_DASK):
        return LocalCluster(n_workers=workers, threads_per_worker=threads_per_worker,
                            processes=True, dashboard_address=None)


def audit_dask(runner, warcs, audit_date=None, rules=(), threshold=0.8,
               range_bytes=4 << 20, log=None):
    from dask import delayed

    t0 = time.monotonic()

    def stage(what):
        if log:
            log(f"{what}: {time.monotonic() - t0:.2f} s")

    rules = tuple(rules)

    def run(ranges):
        results = runner.persist([delayed(audit_range)(r, audit_date, rules, threshold)
                                  for r in ranges], f"pages of {len(ranges)} byte ranges")
        return results, runner.compute([delayed(summary)(r) for r in results])

    def indexed_ranges(paths):
        indexes = runner.compute([delayed(index_warc)(p) for p in paths],
                                 f"offset index of {len(paths)} WARC file(s)")
        stage(f"offset index of {len(paths)} file(s): {sum(len(o) for o, _ in indexes)} "
              "records")
        return [r for p, (offsets, size) in zip(paths, indexes)
                for r in byte_ranges(p, offsets, size, range_bytes)]

    gzip_warcs = [p for p in warcs if _is_gzip_warc(p)]
    ranges = [r for p in gzip_warcs for r in split_ranges(p, os.path.getsize(p), range_bytes)]
    others = [p for p in warcs if p not in gzip_warcs]
    if others:
        ranges += indexed_ranges(others)
    stage(f"{len(ranges)} ranges")
    results, summaries = run(ranges)
    inexact = sorted({r[0] for r, s in zip(ranges, summaries) if not s[3]})
    if inexact:
        # Read again whole by the offset index; the split reads of these files are dropped.
        stage(f"{len(inexact)} file(s) not split exactly (damage, or a gzip member inside "
              "a record): read by their offset index")
        keep = [i for i, r in enumerate(ranges) if r[0] not in inexact]
        results2, summaries2 = run(indexed_ranges(inexact))
        results = [results[i] for i in keep] + results2
        summaries = [summaries[i] for i in keep] + summaries2
    npages = sum(s[0] for s in summaries)
    findings = [f for s in summaries for f in s[1]]
    stage(f"{npages} pages parsed, checked and fingerprinted")
    # Article numbers run over the ranges in order; `home` says which range holds each.
    keys, home = [], []
    for r, s in enumerate(summaries):
        keys += s[2]
        home += [(r, n) for n in range(len(s[2]))]
    groups = candidate_groups(keys)
    stage(f"{len(keys)} articles, {len(groups)} candidate groups "
          f"({sum(map(len, groups))} articles)")
    clusters = []
    if groups:
        # A few verify tasks per worker, each with whole groups.
        nparts = min(len(groups), 2 * runner.workers())
        wanted = {}
        for i, part in spread(groups, nparts).items():
            r, n = home[i]
            numbers, to_part = wanted.setdefault(r, (array.array("l"), array.array("l")))
            numbers.append(n)
            to_part.append(part)
        # Arrays, which Dask passes along without walking them item by item.
        picked = {r: delayed(pick)(results[r], numbers, to_part, nparts)
                  for r, (numbers, to_part) in wanted.items()}
        parts = [delayed(verify)([p[k] for p in picked.values()], threshold)
                 for k in range(nparts)]
        clusters = [c for cs in runner.compute(parts, f"{nparts} verify tasks") for c in cs]
    stage(f"{len(clusters)} clusters classified")
    return findings, clusters, npages


def write_outputs(out, findings, clusters):
    os.makedirs(out, exist_ok=True)
    findings = sorted(findings, key=lambda f: (f["url"], f["field"], f["byte_start"],
                                               f["byte_end"], f["rule"]))
    clusters = sorted(clusters, key=lambda c: c["urls"])
    with open(os.path.join(out, "findings.jsonl"), "w", encoding="utf-8") as f:
        for x in findings:
            f.write(json.dumps(x, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "clusters.jsonl"), "w", encoding="utf-8") as f:
        for x in clusters:
            f.write(json.dumps(x, ensure_ascii=False) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDR", help="address of a running scheduler")
    where.add_argument("--local-scheduler", choices=("threads", "processes"),
                       help="Dask's single-machine scheduler with --workers threads or "
                            "processes instead of a cluster")
    where.add_argument("--local", action="store_true", help="no Dask: one process")
    ap.add_argument("--workers", type=int, default=2,
                    help="local worker processes (distributed.LocalCluster), or the "
                         "--local-scheduler's workers; default 2")
    ap.add_argument("--threads-per-worker", type=int, default=1)
    ap.add_argument("--date", help="audit date YYYY-MM-DD: later pages are left out")
    ap.add_argument("--rules", action="append", default=[],
                    help="rule file or folder (repeatable); default: the shipped packs")
    ap.add_argument("--threshold", type=float, default=0.8, help="Jaccard threshold of copies")
    ap.add_argument("--range-bytes", type=int, default=4 << 20,
                    help="bytes of WARC file per task; default 4 MiB")
    ap.add_argument("--progress", action="store_true",
                    help="show the progress of the tasks on stderr")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the time of each stage")
    ap.add_argument("warcs", nargs="+", metavar="WARC")
    args = ap.parse_args(argv)
    if args.workers < 1 or args.range_bytes < 1:
        ap.error("--workers and --range-bytes must be positive")
    for w in args.warcs:
        if not os.path.isfile(w):
            ap.error(f"{w}: no such file")
    warcs = [os.path.abspath(w) for w in args.warcs]
    log = (lambda m: print(f"dask_audit: {m}", file=sys.stderr)) if args.verbose else None
    t0 = time.monotonic()
    try:
        if args.local:
            findings, clusters, npages = audit_local(warcs, args.date, args.rules, args.threshold)
        elif args.local_scheduler:
            runner = LocalSchedulerRunner(args.local_scheduler, args.workers, args.progress)
            findings, clusters, npages = audit_dask(runner, warcs, args.date, args.rules,
                                                    args.threshold, args.range_bytes, log)
        else:
            from distributed import Client
            with contextlib.ExitStack() as stack:
                if args.scheduler:
                    client = stack.enter_context(Client(args.scheduler))
                    # The workers import this module as the tasks name it (see the end).
                    client.upload_file(os.path.abspath(__file__))
                else:
                    cluster = stack.enter_context(local_cluster(args.workers,
                                                                args.threads_per_worker))
                    client = stack.enter_context(Client(cluster))
                runner = ClusterRunner(client, args.progress)
                findings, clusters, npages = audit_dask(runner, warcs, args.date, args.rules,
                                                        args.threshold, args.range_bytes, log)
                if log:
                    for worker, built in sorted(runner.resources_built().items()):
                        log(f"{worker} built " + ", ".join(
                            f"{n} {what}" for what, n in sorted(built.items())))
    except govaudit.Error as e:
        print(f"dask_audit: {e}", file=sys.stderr)
        return 2
    write_outputs(args.out, findings, clusters)
    print(f"dask_audit: {npages} pages, {len(findings)} findings, {len(clusters)} clusters "
          f"in {time.monotonic() - t0:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # Dask pickles the functions of __main__ by value, each with a copy of the globals it
    # uses: a worker's tasks would not share the module's cache of matchers and segmenters.
    # Run as this module, the tasks refer to it by name and every worker imports it once.
    sys.exit(importlib.import_module(
        os.path.splitext(os.path.basename(__file__))[0]).main())
