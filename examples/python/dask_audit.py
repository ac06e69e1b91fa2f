#!/usr/bin/python3
"""Audit WARC crawls on a Dask cluster: wording findings and duplicate posts across sites.

    dask_audit.py [--scheduler ADDR | --workers N | --local] [--date D] --out DIR WARC...

The per-page work (parse the HTML, check the title and body against the rule packs,
fingerprint articles) runs as Dask tasks over slices of the WARC files: each file is cut
at record (gzip member) boundaries into chunks of --chunk-records responses, and every
worker reads only its slice. Duplicates are then found with a shuffle: every article is
keyed by its exact-text hash and by the LSH band keys of its MinHash signature (the same
banding the library's own index uses for the Jaccard threshold), the keyed articles are
grouped by key across the whole crawl (dask.bag groupby, tasks shuffle), each group is
verified by libgovaudit's own index (Jaccard similarity of word shingles), verified pairs
are joined into connected groups, and each group is classified (一稿多发, 转载, duplicate) by
the library from its members' sites, columns, dates and 来源.

Writes DIR/findings.jsonl (one finding a line, with the url of its page and the field
checked: title or text; start/end are str indices into that field, byte_start/byte_end
UTF-8 byte offsets) and DIR/clusters.jsonl (one cluster a line: urls, sites, kind,
similarity). --local runs the same per-page code in this process with one index over the
whole crawl, without Dask: the reference the distributed run is checked against.

With --scheduler every worker must see the WARC paths (a shared file system) and be able
to import govaudit (libgovaudit installed, or PYTHONPATH/GOVAUDIT_LIBRARY set).
Pages published after --date are left out: an audit on that date could not have seen them.
"""
import argparse
import importlib
import importlib.util
import json
import os
import sys
import time
import urllib.parse

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
# first use in each worker.
_RESOURCES = {}


def matcher(rules=()):
    key = ("matcher",) + tuple(rules)
    if key not in _RESOURCES:
        _RESOURCES[key] = govaudit.Matcher.from_files(*rules) if rules else govaudit.Matcher()
    return _RESOURCES[key]


def segmenter():
    if "seg" not in _RESOURCES:
        _RESOURCES["seg"] = govaudit.Segmenter()
    return _RESOURCES["seg"]


def _is_html(content_type):
    return content_type is None or content_type.split(";")[0].strip().lower() in (
        "text/html", "application/xhtml+xml")


def split_warc(path, chunk_records):
    """Cut a WARC file into (path, start, end) byte ranges of about `chunk_records`
    responses each, at record offsets (gzip member starts): every range reads on its own."""
    offsets = sorted({r.offset for r in govaudit.read_warc(path, errors="skip")})
    size = os.path.getsize(path)
    cuts = [0] + offsets[chunk_records::chunk_records] + [size]
    return [(path, a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


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


def process_chunk(chunk, audit_date=None, rules=(), threshold=0.8):
    """The per-page work over one byte range of a WARC file: parse, check, fingerprint."""
    path, start, end = chunk
    m, seg = matcher(rules), segmenter()
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    out = [r for r in (page_result(rec, audit_date, m)
                       for rec in govaudit.read_warc(data, errors="skip")) if r]
    docs = [r for r in out if r["doc"]]
    if docs:
        with govaudit.DedupIndex(threshold=threshold, segmenter=seg) as index:
            for n in index.add_many([r["doc"] for r in docs], threads=1):
                docs[n]["exact"], _, _ = index.fingerprint(n)
                docs[n]["bands"] = index.bands(n)
    return out


def band_keys(result):
    """The shuffle keys of an article: its exact hash and the key of each LSH band of its
    MinHash signature, so two articles meet in some group exactly when the library's own
    index would have made them candidates."""
    # Tuples of ints: the tasks shuffle partitions by hash(), which for str differs from
    # one worker process to the next (hash randomisation) and for ints does not.
    keys = [(0, result["exact"])]
    keys += [(1 + b, key) for b, key in enumerate(result["bands"])]
    return [(k, (result["exact"], result["doc"])) for k in keys]


def _index_of(docs, threshold):
    index = govaudit.DedupIndex(threshold=threshold, segmenter=segmenter())
    # Sorted by url so a group's clustering does not depend on the order tasks ran in.
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


def _star(urls):
    """Edges joining sorted `urls` for the union-find: k-1 edges, not k(k-1)/2 pairs."""
    urls = sorted(set(urls))
    return [(urls[0], u) for u in urls[1:]]


def verify_partition(groups, threshold):
    """Edges (url_a, url_b) joining the copies among the members of the shuffle groups of
    one partition. Members of an exact-hash group have identical bodies, which the library
    counts as copies: they are joined without a check. In LSH band groups one member
    per exact hash stands for its identical copies (already joined by their exact group),
    and the library verifies those in one index per partition, not one per group: a pair's
    similarity does not depend on the other documents of the index."""
    edges, reps = [], {}
    for key, members in groups:
        if len(members) < 2:
            continue
        if key[0] == 0:
            edges += _star(d["url"] for _, (_, d) in members)
            continue
        for _, (exact, d) in members:
            seen = reps.get(exact)
            if seen is None or (d["url"], d["text"]) < (seen["url"], seen["text"]):
                reps[exact] = d
    if len(reps) > 1:
        with _index_of(_unique(reps.values()), threshold) as index:
            for c in index.clusters(threads=1):
                edges += _star(index.document(d)["url"] for d in c.docs)
    return edges


def cluster_record(c, index):
    docs = [index.document(d) for d in c.docs]
    return {"urls": sorted({d["url"] for d in docs}), "sites": sorted({d["site"] for d in docs}),
            "kind": c.kind, "similarity": round(c.similarity, 6)}


def classify_partition(groups, threshold):
    """Cluster the members of the connected groups of verified pairs in one partition (the
    groups are disjoint, so one index gives each group's clusters) with the library."""
    docs = [d for _, members in groups for _, d in members]
    if len(docs) < 2:
        return []
    with _index_of(_unique(docs), threshold) as index:
        return [cluster_record(c, index) for c in index.clusters(threads=1)]


def _members(results, group_of):
    """(group, document) of the articles that belong to a group of copies."""
    return [(group_of[r["url"]], r["doc"]) for r in results if r["url"] in group_of]


def _components(pairs):
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = {}
    # Group numbers (ints, for the same reason as the band keys) in a stable order.
    for x in sorted(parent):
        roots.setdefault(find(x), len(roots))
    return {x: roots[find(x)] for x in parent}


def audit_local(warcs, audit_date=None, rules=(), threshold=0.8):
    """The single-process path: the same per-page work, one index over the whole crawl."""
    results = []
    for path in warcs:
        results += process_chunk((path, 0, os.path.getsize(path)), audit_date, tuple(rules),
                                 threshold)
    findings = [f for r in results for f in r["findings"]]
    docs = _unique(r["doc"] for r in results if r["doc"])
    with _index_of(docs, threshold) as index:
        clusters = [cluster_record(c, index) for c in index.clusters()]
    return findings, clusters, len(results)


def audit_dask(client, warcs, audit_date=None, rules=(), threshold=0.8, chunk_records=128,
               log=None):
    import dask
    import dask.bag as db
    from distributed import wait

    t0 = time.monotonic()

    def stage(what):
        if log:
            log(f"{what}: {time.monotonic() - t0:.2f} s")

    rules = tuple(rules)
    chunks = [c for s in client.gather(client.map(split_warc, warcs,
                                                  chunk_records=chunk_records)) for c in s]
    pages = db.from_sequence(chunks, npartitions=len(chunks)) \
        .map(process_chunk, audit_date=audit_date, rules=rules,
             threshold=threshold).flatten().persist()
    stage(f"split into {len(chunks)} chunks")
    if log:
        wait(pages)
        stage("pages parsed, checked and fingerprinted")
    findings = pages.map(lambda r: r["findings"]).flatten()
    articles = pages.filter(lambda r: r["doc"] is not None)
    # Shuffle into a few partitions per worker: a tasks shuffle costs partitions² small
    # tasks, and each output partition is verified by one index anyway.
    nworkers = max(1, len(client.scheduler_info().get("workers", {})))
    npart = max(1, min(articles.npartitions, 2 * nworkers))
    # The band shuffle: every (key, article) to the partition of its key.
    candidates = articles.map(band_keys).flatten() \
        .groupby(lambda kv: kv[0], shuffle="tasks", npartitions=npart) \
        .map_partitions(verify_partition, threshold=threshold)
    findings, pairs, npages = client.compute([findings, candidates, pages.count()], sync=True)
    stage(f"findings gathered, band shuffle verified {len(pairs)} edges")
    group_of = _components(pairs)
    clusters = []
    if group_of:
        # Second, smaller shuffle: the members of each connected group to one task.
        # The url → group table goes into the graph once (a delayed value), not once per
        # task.
        table = dask.delayed(group_of, pure=True)
        groups = articles.map_partitions(_members, table) \
            .groupby(lambda kv: kv[0], shuffle="tasks", npartitions=npart)
        clusters = client.compute(groups.map_partitions(classify_partition,
                                                        threshold=threshold), sync=True)
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
    where.add_argument("--workers", type=int, default=2,
                       help="local worker processes (distributed.LocalCluster); default 2")
    where.add_argument("--local", action="store_true", help="no Dask: one process")
    ap.add_argument("--threads-per-worker", type=int, default=1)
    ap.add_argument("--date", help="audit date YYYY-MM-DD: later pages are left out")
    ap.add_argument("--rules", action="append", default=[],
                    help="rule file or folder (repeatable); default: the shipped packs")
    ap.add_argument("--threshold", type=float, default=0.8, help="Jaccard threshold of copies")
    ap.add_argument("--chunk-records", type=int, default=128,
                    help="responses per task (the WARC files are cut at record boundaries)")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the time of each stage")
    ap.add_argument("warcs", nargs="+", metavar="WARC")
    args = ap.parse_args(argv)
    for w in args.warcs:
        if not os.path.isfile(w):
            ap.error(f"{w}: no such file")
    warcs = [os.path.abspath(w) for w in args.warcs]
    t0 = time.monotonic()
    try:
        if args.local:
            findings, clusters, npages = audit_local(warcs, args.date, args.rules, args.threshold)
        else:
            from distributed import Client, LocalCluster
            if args.scheduler:
                client, cluster = Client(args.scheduler), None
            else:
                cluster = LocalCluster(n_workers=args.workers,
                                       threads_per_worker=args.threads_per_worker,
                                       processes=True, dashboard_address=None)
                client = Client(cluster)
            try:
                findings, clusters, npages = audit_dask(
                    client, warcs, args.date, args.rules, args.threshold, args.chunk_records,
                    log=(lambda m: print(f"dask_audit: {m}", file=sys.stderr)) if args.verbose
                    else None)
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
    except govaudit.Error as e:
        print(f"dask_audit: {e}", file=sys.stderr)
        return 2
    write_outputs(args.out, findings, clusters)
    print(f"dask_audit: {npages} pages, {len(findings)} findings, {len(clusters)} clusters "
          f"in {time.monotonic() - t0:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
