"""Score the bundled corpus and the seed article; fail below the pinned floors.

    python tests/eval_gate.py            # check against corpus/baseline.json
    python tests/eval_gate.py --update   # raise the floors to the current figures
    python tests/eval_gate.py --update --allow-regression   # lower them (say why in the commit)

``corpus/heldout/`` is a second, smaller set written later in twenty other site layouts and
other writing styles (briefs, interviews, price analyses); its score shows how the rules carry
to writing they were not built on. The floors live in ``corpus/baseline.json`` beside a SHA-256 of the gold files, so that a
gold change is visible in review. Scoring uses ../shared/eval/score.py when present and the
copy of the same contract in this module's caller otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "articles"
HELDOUT = ROOT / "corpus" / "heldout"
BASELINE = ROOT / "corpus" / "baseline.json"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
DEV = ROOT.parent / "shared" / "eval" / "dev"
CMD = f"{sys.executable} -m extractor extract --format jsonl"


def gold_sha() -> str:
    digest = hashlib.sha256()
    for path in sorted(CORPUS.glob("*.gold.json")) + sorted(HELDOUT.glob("*.gold.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def score(gold: Path, lang: str | None = None) -> dict:
    args = [sys.executable, str(SCORER), "--gold", str(gold), "--cmd", CMD, "--json"]
    if lang:
        args += ["--lang", lang]
    out = subprocess.run(args, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)["types"]


def measure() -> dict:
    figures = {}
    for name, gold, lang in (("corpus", CORPUS, None), ("corpus_en", CORPUS, "en"),
                             ("corpus_fr", CORPUS, "fr"), ("heldout", HELDOUT, None), ("dev", DEV, None)):
        if not gold.exists():
            continue
        types = score(gold, lang)
        figures[name] = {t: round(r["f1"], 3) for t, r in types.items()}
    return figures


def compare(current: dict, floors: dict) -> list[str]:
    worse = []
    for group, types in floors.items():
        for t, floor in types.items():
            got = current.get(group, {}).get(t)
            if got is None or got + 1e-9 < floor:
                worse.append(f"{group}/{t}: {got} < floor {floor}")
    return worse


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="raise the floors to the current figures")
    ap.add_argument("--allow-regression", action="store_true", help="with --update: allow lower floors")
    args = ap.parse_args(argv)
    current = measure()
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {"floors": {}}
    worse = compare(current, baseline.get("floors", {}))
    if args.update:
        if worse and not args.allow_regression:
            print("refusing to lower floors:\n  " + "\n  ".join(worse), file=sys.stderr)
            return 1
        BASELINE.write_text(json.dumps({"gold_sha256": gold_sha(), "floors": current}, indent=2) + "\n")
        print(json.dumps(current, indent=2))
        return 0
    print(json.dumps(current, indent=2))
    if worse:
        print("below the pinned floors:\n  " + "\n  ".join(worse), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
