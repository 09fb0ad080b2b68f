"""Write the parts of the docs that are generated from the code, so they cannot drift.

    python scripts/gen_docs.py           # rewrite them in place
    python scripts/gen_docs.py --check   # exit 1 if any is stale (tests/test_docs.py does this)

Today: the settings table of docs/operations.md, from ``extractor.settings.Settings``, and the
counts of docs/graph.md, from a run on the bundled corpus.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from extractor.settings import defaults_toml

ROOT = Path(__file__).resolve().parent.parent
def corpus_counts() -> str:
    """What the graph makes of the bundled corpus, in a sentence (a run in memory)."""
    from extractor.graph import build_graph
    from extractor.pipeline import extract_sources
    from extractor.rules import norm_name
    from extractor.settings import Settings
    from extractor.store import connect, load_facts, save_extractions, start_run

    extractions, _ = extract_sources([str(ROOT / "corpus" / "articles")], Settings(progress=False))
    engine = connect("sqlite://")
    save_extractions(engine, extractions, run_id=start_run(engine, feeds=[]), extractor_version="docs")
    rows = list(load_facts(engine))
    graph = build_graph(rows)
    kinds = {k: sum(1 for _, kind in graph.nodes(data="kind") if kind == k)
             for k in ("model", "org", "benchmark", "channel")}
    spellings = {name for ex in extractions for f in ex.facts
                 for name in (f.model, f.data.get("competitor"), f.data.get("predecessor")) if name}
    return (f"On the bundled corpus ({len(extractions)} articles, {len(rows)} facts) the facts name models "
            f"with {len(spellings)} distinct\nspellings; comparing them the way the scorer does (case, "
            f"spaces and dashes ignored) still\nleaves {len({norm_name(x) for x in spellings})}; resolution "
            f"gives **{kinds['model']} model nodes** (and {kinds['org']} organizations, {kinds['benchmark']} "
            f"benchmarks, {kinds['channel']}\nchannels, {graph.number_of_edges()} edges).\n")


def export_files() -> str:
    """The files the nightly job writes, in the order it writes them."""
    from extractor.export import FORMATS

    return ", ".join(f"`{name}`" for name, *_ in FORMATS.values())


BLOCKS = {
    ROOT / "docs" / "operations.md": [("settings", lambda: "```toml\n" + defaults_toml() + "```\n"),
                                      ("exports", export_files)],
    ROOT / "docs" / "graph.md": [("corpus-counts", corpus_counts)],
}


def generated(text: str, name: str, body: str) -> str:
    """``text`` with the block between ``<!-- name: ... -->`` and ``<!-- /name -->`` replaced."""
    pattern = re.compile(rf"(<!-- {name}:[^\n]*?-->\n?).*?(<!-- /{name} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"no <!-- {name}: ... --> block")
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="say which docs are stale instead of writing")
    args = ap.parse_args(argv)
    stale = []
    for path, blocks in BLOCKS.items():
        text = path.read_text(encoding="utf-8")
        new = text
        for name, make in blocks:
            new = generated(new, name, make())
        if new != text:
            stale.append(str(path.relative_to(ROOT)))
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if args.check and stale:
        print("stale (run python scripts/gen_docs.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
