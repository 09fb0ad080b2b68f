"""Throughput of the extract stage against spaCy's statistical French pipeline.

    python -m benchmarks extract                 # the bundled corpus, median of 5 runs
    python -m benchmarks extract --repeat 9      # steadier figures
    python -m benchmarks extract --profile 10    # plus where the time goes (cProfile)

The extract stage is text in, facts out, with the pipelines already loaded: the project's
own batch path (``pipeline.extract_articles``: a blank spaCy pipeline per language plus the
rule components, then the fact rules). The baseline is ``fr_core_news_sm`` (the ``bench``
extra), the pipeline a French NLP project would reach for first: it is what the rules
replace (README, "Language pipelines"), so the ratio says what dropping it buys. It runs
``nlp.pipe`` over the same texts: the French ones, and all of them as a user would.

Both sides read the same article texts (main text of ``corpus/articles/*.html``, parsed
once, before any timing). Each measure is the median of ``--repeat`` runs after one
warm-up run, the measures taking turns round by round (a busy machine slows both sides
alike); loading a pipeline is timed apart. Words are whitespace-separated words of
the texts, the same count for both. The exit status is 1 when the extract stage is under
``--target`` times the baseline's throughput on the French texts.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from extractor.cli_db import render
from extractor.pipeline import extract_articles, read_articles
from extractor.records import Article
from extractor.settings import Settings

__all__ = ["BASELINE", "TARGET", "bench", "corpus_articles", "corpus_files", "load_baseline",
           "main", "profile", "report", "time_runs"]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "articles"
BASELINE = "fr_core_news_sm"
TARGET = 5.0  # the target: the extract stage at 5x the baseline's throughput


def corpus_articles(paths: Iterable[str | Path]) -> list[Article]:
    """The articles of the given files (a page that cannot be read is left out)."""
    return list(read_articles([str(p) for p in paths], Settings(progress=False),
                              on_failure=lambda f: print(f"skipped {f.reason}", file=sys.stderr)))


def corpus_files(root: Path = CORPUS) -> list[Path]:
    """The corpus pages (``*.html``, ``*.txt``), sorted."""
    return sorted(p for p in root.iterdir() if p.suffix in (".html", ".txt"))


def words(texts: Iterable[str]) -> int:
    """Whitespace-separated words: one count for both pipelines, whatever they tokenize."""
    return sum(len(t.split()) for t in texts)


def time_runs(stages: dict[Any, Callable[[], Any]],
              repeat: int) -> dict[Any, tuple[float, list[float], Any]]:
    """One warm-up run of each stage, then ``repeat`` rounds that run each stage once, in turn
    (so that a busy machine slows all of them alike); for each stage, (median seconds, all
    times, last result)."""
    results = {key: run() for key, run in stages.items()}
    times: dict[Any, list[float]] = {key: [] for key in stages}
    for _ in range(max(1, repeat)):
        for key, run in stages.items():
            t0 = time.perf_counter()
            results[key] = run()
            times[key].append(time.perf_counter() - t0)
    return {key: (statistics.median(times[key]), times[key], results[key]) for key in stages}


def extractor_stage(articles: Sequence[Article]) -> Callable[[], int]:
    """Text in, facts out, as the pipeline extracts a batch; returns the number of facts."""
    settings = Settings(progress=False)

    def run() -> int:
        facts = 0
        for ex in extract_articles(articles, settings):
            facts += len(ex.facts)
        return facts
    return run


def baseline_stage(nlp: Any, texts: Sequence[str]) -> Callable[[], int]:
    """``nlp.pipe`` over the texts; returns the number of tokens."""
    def run() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts))
    return run


def load_baseline(name: str | None) -> tuple[Any, float, str | None]:
    """(pipeline, load seconds, None), or (None, 0, why) when it is not installed."""
    if not name:
        return None, 0.0, "baseline disabled"
    import spacy
    from spacy.util import is_package

    if not is_package(name) and not Path(name).exists():
        return None, 0.0, (f"{name} is not installed (pip install -e '.[bench]', "
                           f"or `make bench`): baseline skipped")
    t0 = time.perf_counter()
    nlp = spacy.load(name)
    return nlp, time.perf_counter() - t0, None


def _load_extractor() -> float:
    """Load the extractor's pipelines (one per language) before timing; returns seconds."""
    from extractor.nlp import SUPPORTED, get_nlp

    t0 = time.perf_counter()
    for lang in SUPPORTED:
        get_nlp(lang)  # the instance extract_articles takes (no known model names)
    return time.perf_counter() - t0


def _row(pipeline: str, texts: str, articles: Sequence[Article], median: float,
         times: list[float], load: float, **extra: Any) -> dict[str, Any]:
    n, w = len(articles), words(a.text for a in articles)
    return {"pipeline": pipeline, "texts": texts, "articles": n, "words": w,
            "seconds": median, "times": times, "load_seconds": load,
            "articles_per_s": n / median if median else None,
            "words_per_s": w / median if median else None, **extra}


def bench(articles: Sequence[Article], repeat: int = 5, baseline: str | None = BASELINE,
          target: float = TARGET) -> dict[str, Any]:
    """Time the extract stage and the baseline on the French texts and on all of them.

    Returns ``{"runs": [...], "ratios": {texts: x}, "baseline": ..., "skipped": why|None,
    "target": ..., "repeat": ...}``; each run has articles, words, median seconds, all
    times, load seconds, articles/s and words/s.
    """
    sets = {"fr": [a for a in articles if (a.language or "")[:2] == "fr"], "all": list(articles)}
    sets = {k: v for k, v in sets.items() if v}
    load = _load_extractor()
    nlp, base_load, skipped = load_baseline(baseline)
    stages: dict[tuple[str, str], Callable[[], Any]] = {}
    for name, arts in sets.items():
        stages["extractor", name] = extractor_stage(arts)
        if nlp is not None:
            stages[baseline, name] = baseline_stage(nlp, [a.text for a in arts])
    timed = time_runs(stages, repeat)
    runs = []
    for (pipeline, name), (median, times, count) in timed.items():
        if pipeline == "extractor":
            runs.append(_row(pipeline, name, sets[name], median, times, load, facts=count))
    for (pipeline, name), (median, times, count) in timed.items():
        if pipeline != "extractor":
            runs.append(_row(pipeline, name, sets[name], median, times, base_load, tokens=count))
    ratios = {name: timed[baseline, name][0] / timed["extractor", name][0]
              for name in sets if nlp is not None}
    version = getattr(nlp, "meta", {}).get("version") if nlp is not None else None
    return {"runs": runs, "ratios": ratios, "target": target, "repeat": repeat,
            "baseline": baseline, "baseline_version": version, "skipped": skipped}


def profile(articles: Sequence[Article], top: int = 10) -> list[dict[str, Any]]:
    """The ``top`` functions of one extract run by cumulative time (pipelines loaded first)."""
    _load_extractor()
    run = extractor_stage(articles)
    run()  # warm-up
    prof = cProfile.Profile()
    prof.runcall(run)
    stats = pstats.Stats(prof)
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    entries = stats.stats.items()  # type: ignore[attr-defined]
    rows = []
    for (path, line, func), (_, _, own, cum, _) in entries:
        if path == __file__:
            continue  # the benchmark's own closure: the whole run
        rows.append({"function": f"{_module(path)}:{func}", "line": line, "seconds": cum,
                     "own_seconds": own, "share": cum / total})
    rows.sort(key=lambda r: -r["seconds"])
    return rows[:top]


def _module(path: str) -> str:
    """``.../site-packages/spacy/language.py`` -> ``spacy.language``; builtins as given."""
    if path.startswith("~") or not path.endswith(".py"):
        return path.strip("~") or "builtins"
    parts = Path(path).with_suffix("").parts
    for anchor in ("site-packages", "extractor", "benchmarks", "python3.11"):
        if anchor in parts:
            i = len(parts) - 1 - parts[::-1].index(anchor)
            return ".".join(parts[i + (anchor in ("site-packages", "python3.11")):])
    return Path(path).stem


def report(result: dict[str, Any]) -> str:
    """The results as a table, with the ratio (baseline seconds / extractor seconds)."""
    rows = []
    for r in result["runs"]:
        rows.append((r["pipeline"], r["texts"], r["articles"], r["words"],
                     f"{r['seconds'] * 1000:.1f}", f"{r['articles_per_s']:.1f}",
                     f"{r['words_per_s']:,.0f}", f"{r['load_seconds']:.2f}"))
    out = render(["pipeline", "texts", "articles", "words", "ms (median)", "articles/s",
                  "words/s", "load s"], rows, "table")
    if result["skipped"]:
        out += f"\n{result['skipped']}\n"
    for texts, x in result["ratios"].items():
        verdict = "ok" if x >= result["target"] else "under target"
        out += (f"\nextractor / {result['baseline']} on {texts} texts: {x:.1f}x "
                f"(target {result['target']:g}x: {verdict})")
    return out + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks extract", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", metavar="DIR", type=Path, default=CORPUS,
                        help="folder of pages (*.html, *.txt) (default corpus/articles)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed runs per measure, after one warm-up (default 5)")
    parser.add_argument("--baseline", default=BASELINE,
                        help=f"spaCy pipeline package to compare with (default {BASELINE})")
    parser.add_argument("--no-baseline", dest="baseline", action="store_const", const=None,
                        help="time the extract stage only")
    parser.add_argument("--target", type=float, default=TARGET,
                        help=f"the ratio to reach on the French texts (default {TARGET:g})")
    parser.add_argument("--json", metavar="PATH", type=Path,
                        default=Path("data/bench/extract.json"),
                        help="where to write the results (default data/bench/extract.json)")
    parser.add_argument("--profile", metavar="N", type=int, default=0,
                        help="also profile the extract stage on the French texts and print "
                             "the N functions with the most cumulative time")


def run(args: argparse.Namespace) -> int:
    articles = corpus_articles(corpus_files(args.corpus))
    result = bench(articles, repeat=args.repeat, baseline=args.baseline, target=args.target)
    result["corpus"] = str(args.corpus)
    print(f"extract stage: {len(articles)} articles of {args.corpus}; median of "
          f"{args.repeat} runs after a warm-up\n")
    sys.stdout.write(report(result))
    if args.profile:
        french = [a for a in articles if (a.language or "")[:2] == "fr"] or articles
        result["profile"] = profile(french, args.profile)
        rows = [(p["function"], f"{p['seconds']:.3f}", f"{p['share']:.0%}",
                 f"{p['own_seconds']:.3f}") for p in result["profile"]]
        print(f"\nprofile of one extract run over {len(french)} texts, by cumulative time "
              "(cProfile's overhead included):")
        sys.stdout.write(render(["function", "cumulative s", "share", "own s"], rows, "table"))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {args.json}")
    ratio = result["ratios"].get("fr")
    return 1 if ratio is not None and ratio < args.target else 0
