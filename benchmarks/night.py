"""The nightly job end to end, on a loopback site of N article pages.

    python -m benchmarks night                          # N = 200 and 1000, workers 1 and 2
    python -m benchmarks night --sizes 1000,5000        # the issue's sizes (a few minutes)
    python -m benchmarks night --sizes 500 --workers 2 --json data/bench/night.json

The pages are the corpus articles (``corpus/articles``, English and French) served again
under N distinct canonical URLs, listed by one RSS feed, on a server on 127.0.0.1 that
answers conditional requests. Each (N, workers) runs in a process of its own, so that its
peak RSS (this process and its worker processes) is its own: a first run into an empty
SQLite database, then a second run with nothing new. Reported per run: seconds, articles/s,
words/s, peak RSS, and the seconds per stage (parse: HTML to text; extract, or waiting for
the workers; store; link; exports; digest; fetch and the rest). The baseline is spaCy's
statistical ``fr_core_news_sm`` (the ``bench`` extra) over the French texts of the same
pages, in the same process: the extract stage's throughput on those texts over its.
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import json
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from collections.abc import Sequence
from typing import Any

from extractor.cli_db import render

__all__ = ["main", "measure", "pages"]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "articles"


class Pages(Sequence[bytes]):
    """``n`` article pages: the corpus pages in turn, each under a canonical URL of its own.
    Each page is made when asked for, so that the site costs the measured process the same
    memory whatever ``n``."""

    def __init__(self, n: int, corpus: Path = CORPUS) -> None:
        self.n = n
        self.templates = [p.read_bytes() for p in sorted(corpus.glob("*.html"))]

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> bytes:  # type: ignore[override] - no slices needed
        if not -self.n <= i < self.n:
            raise IndexError(i)
        i %= self.n
        html = self.templates[i % len(self.templates)]
        m = re.search(rb'<link rel="canonical" href="([^"]+)"', html)
        if m:
            html = html.replace(m.group(1), m.group(1) + f"?copy={i}".encode())
        return html

    def words(self) -> int:
        """The words of all the pages' markup-free text."""
        per = [len(re.sub(rb"<[^>]+>", b" ", t).split()) for t in self.templates]
        return sum(per[i % len(per)] for i in range(self.n))


def pages(n: int, corpus: Path = CORPUS) -> Pages:
    """``n`` article pages (see ``Pages``)."""
    return Pages(n, corpus)


class _Site(http.server.ThreadingHTTPServer):
    daemon_threads = True


def _serve(bodies: Sequence[bytes]) -> tuple[_Site, str]:
    routes: dict[str, tuple[bytes, str]] = {"/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain")}

    def route(path: str) -> tuple[bytes, str]:
        m = re.fullmatch(r"/a/(\d+)\.html", path)
        if m and int(m.group(1)) < len(bodies):
            return bodies[int(m.group(1))], "text/html; charset=utf-8"
        return routes.get(path, (b"", ""))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            body, ctype = route(self.path)
            if not ctype:
                self.send_error(404)
                return
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = _Site(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    items = "".join(f"<item><title>a{i}</title><link>{base}/a/{i}.html</link></item>"
                    for i in range(len(bodies)))
    routes["/feed.xml"] = ((f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench'
                            f"</title>{items}</channel></rss>").encode(), "application/xml")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, base


def _tree_rss_kb(pid: int) -> int:
    """The resident memory of ``pid`` and its live descendants (Linux /proc), in KB."""
    total = 0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            total = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text(encoding="ascii").split():
                total += _tree_rss_kb(int(child))
    except (OSError, ValueError):
        pass  # a process that just ended
    return total


class _PeakRss:
    """The peak of the memory this process and its worker processes hold together, sampled
    every 200 ms. (getrusage cannot give it: its children figure is the largest single child
    ever waited for, which is a worker, or a short helper forked while this process was
    already large and so counted at that size.)"""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._proc = Path("/proc/self/status").exists()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import os

        while not self._stop.wait(0.2) and self._proc:
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))

    def mb(self) -> float:
        if not self._proc:  # not Linux: this process's own peak
            return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return round(max(self.peak_kb, own) / 1024, 1)


def _baseline(texts: list[str]) -> dict[str, Any]:
    try:
        import spacy

        nlp = spacy.load("fr_core_news_sm")
    except (ImportError, OSError) as exc:
        return {"skipped": f"fr_core_news_sm is not installed ({type(exc).__name__}): make bench"}
    list(nlp.pipe(texts[:2]))  # warm-up
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    seconds = time.perf_counter() - t0
    return {"articles": len(texts), "seconds": round(seconds, 3),
            "articles_per_s": round(len(texts) / seconds, 1)}


def measure(n: int, workers: int, baseline: bool = True) -> dict[str, Any]:
    """One (N, workers): a first run and an unchanged second run, in this process."""
    from extractor import nightly
    from extractor.settings import load_settings

    peak = _PeakRss()
    bodies = pages(n)
    server, base = _serve(bodies)
    out: dict[str, Any] = {"articles": n, "workers": workers, "runs": []}
    with tempfile.TemporaryDirectory(prefix="extractor-bench-") as tmp:
        feeds = Path(tmp) / "feeds.toml"
        feeds.write_text(f'[[feed]]\nurl = "{base}/feed.xml"\n', encoding="utf-8")
        settings = load_settings(None, db=f"sqlite:///{tmp}/kb.db", feeds=str(feeds),
                                 archive=f"{tmp}/archive", out=f"{tmp}/out", progress=False,
                                 per_host_delay=0.0, allow_hosts=("127.0.0.1",), workers=workers)
        settings = replace(settings, max_connections=8)
        for label in ("first", "unchanged"):
            t0 = time.perf_counter()
            report = nightly.run(settings)
            seconds = time.perf_counter() - t0
            stages = dict(report.stage_seconds)
            stages["fetch and the rest"] = round(seconds - sum(stages.values()), 3)
            out["runs"].append({"run": label, "seconds": round(seconds, 2),
                                "articles_per_s": round(n / seconds, 1), "new": report.new,
                                "facts": report.facts_stored, "peak_rss_mb": peak.mb(),
                                "stages": stages})
        words = bodies.words()
        out["words_per_s"] = round(words / out["runs"][0]["seconds"])
        if baseline:
            from extractor.store import connect, load_articles

            engine = connect(settings.db)
            texts = [a.text for a in load_articles(engine) if a.language == "fr"]
            engine.dispose()
            extract_s = out["runs"][0]["stages"].get("extract", 0.0)
            out["baseline_fr_core_news_sm"] = _baseline(texts)
            # with worker processes the extraction runs in them, not in this process's clock
            if workers == 1 and extract_s and "articles_per_s" in out["baseline_fr_core_news_sm"]:
                out["extract_stage_articles_per_s"] = round(n / extract_s, 1)
                out["ratio_to_baseline"] = round(out["extract_stage_articles_per_s"]
                                                 / out["baseline_fr_core_news_sm"]["articles_per_s"], 2)
    server.shutdown()
    return out


def _table(results: list[dict[str, Any]]) -> str:
    cols = ["N", "workers", "run", "seconds", "articles/s", "peak RSS MB", "parse", "extract",
            "store", "link", "exports", "digest", "fetch+rest"]
    rows = []
    for r in results:
        for run in r["runs"]:
            st = run["stages"]
            rows.append((r["articles"], r["workers"], run["run"], run["seconds"],
                         run["articles_per_s"], run["peak_rss_mb"],
                         *(st.get(k, 0.0) for k in ("parse", "extract", "store", "link",
                                                    "exports", "digest", "fetch and the rest"))))
    return render(cols, rows, "table")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks night", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200,1000", help="article counts (default 200,1000)")
    parser.add_argument("--workers", default="1,2", help="worker counts (default 1,2)")
    parser.add_argument("--no-baseline", action="store_true", help="skip fr_core_news_sm")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the figures as JSON")
    parser.add_argument("--one", nargs=2, type=int, metavar=("N", "WORKERS"),
                        help=argparse.SUPPRESS)  # the child process of one measure
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one[0], args.one[1], not args.no_baseline)))
        return 0
    results = []
    for n in (int(x) for x in args.sizes.split(",")):
        for w in (int(x) for x in args.workers.split(",")):
            cmd = [sys.executable, "-m", "benchmarks", "night", "--one", str(n), str(w)]
            if args.no_baseline:
                cmd.append("--no-baseline")
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
            if done.returncode != 0:
                print(done.stderr[-2000:], file=sys.stderr)
                return 1
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(_table(results), end="")
    for r in results:
        base = r.get("baseline_fr_core_news_sm", {})
        if "ratio_to_baseline" in r:
            print(f"N={r['articles']} workers={r['workers']}: extract stage "
                  f"{r['extract_stage_articles_per_s']} articles/s, fr_core_news_sm "
                  f"{base['articles_per_s']} on the French texts: {r['ratio_to_baseline']}x")
        elif r["workers"] > 1:
            print(f"N={r['articles']} workers={r['workers']}: the extract stage runs in the "
                  "workers (see the end-to-end ratio)")
        elif "skipped" in base:
            print(f"baseline: {base['skipped']}")
    by = {(r["articles"], r["workers"]): r for r in results}
    for n in sorted({r["articles"] for r in results}):
        if (n, 1) in by and (n, 2) in by:
            print(f"N={n}: workers 2 / 1 = "
                  f"{by[n, 1]['runs'][0]['seconds'] / by[n, 2]['runs'][0]['seconds']:.2f}x end to end")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
