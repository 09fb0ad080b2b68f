"""Score the real development set (../shared/eval/real) fold by fold.

    python tests/real_folds.py              # a table: fold, docs, P, R, F1, then all/en/fr
    python tests/real_folds.py --json       # the same figures as JSON
    python tests/real_folds.py --update     # raise the floors in corpus/real_baseline.json
    python tests/real_folds.py --update --allow-regression   # lower some (say why in the commit)

The extractor runs once over every document; each fold (``folds.json``) is then scored
alone with the shared scorer, from the same predictions. Nothing of the set is copied
into the project: the documents are read where they lie, at run time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "eval" / "real"
SCORER = REAL.parent / "score.py"
CMD = [sys.executable, "-m", "extractor", "extract", "--format", "jsonl"]
BASELINE = ROOT / "corpus" / "real_baseline.json"


def floors_of(fig: dict) -> dict:
    """The figures that are pinned: F1 overall, per language, per fold and per type."""
    return {"all": fig["all"]["f1"], "en": fig["en"]["f1"], "fr": fig["fr"]["f1"],
            "folds": {k: v["f1"] for k, v in fig["folds"].items()}, "types": dict(fig["types"])}


def below(current: dict, floors: dict, path: str = "") -> list[str]:
    """Every pinned figure that ``current`` falls under (a missing figure counts as under)."""
    worse = []
    for key, floor in floors.items():
        got = current.get(key) if isinstance(current, dict) else None
        if isinstance(floor, dict):
            worse += below(got or {}, floor, f"{path}{key}/")
        elif got is None or got + 1e-9 < floor:
            worse.append(f"{path}{key}: {got} < floor {floor}")
    return worse


def folds() -> dict[str, list[str]]:
    return json.loads((REAL / "folds.json").read_text())["folds"]


def predict(docs: list[str]) -> str:
    inputs = [str(REAL / f"{d}.txt") for d in docs]
    out = subprocess.run(CMD + inputs, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"the extractor exited {out.returncode}: {out.stderr[-2000:]}")
    return out.stdout


def score(docs: list[str], preds: str, lang: str | None = None) -> dict:
    """The scorer's JSON figures for ``docs`` (ids of the real set) over ``preds``."""
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold"
        gold.mkdir()
        for d in docs:
            (gold / f"{d}.gold.json").symlink_to(REAL / f"{d}.gold.json")
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text(preds, encoding="utf-8")
        args = [sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred), "--json"]
        if lang:
            args += ["--lang", lang]
        out = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["types"]


def measure() -> dict:
    """F1 (and P, R) per fold, overall, per language and per type overall."""
    split = folds()
    every = sorted(d for docs in split.values() for d in docs)
    preds = predict(every)
    figures: dict = {"folds": {}}
    for name, docs in sorted(split.items()):
        figures["folds"][name] = _slim(score(docs, preds)["all"], len(docs))
    types = score(every, preds)
    figures["all"] = _slim(types["all"], len(every))
    figures["types"] = {t: round(r["f1"], 3) for t, r in types.items() if t != "all"}
    for lang in ("en", "fr"):
        figures[lang] = _slim(score(every, preds, lang)["all"], None)
    return figures


def _slim(row: dict, docs: int | None) -> dict:
    out = {k: round(row[k], 3) for k in ("precision", "recall", "f1")}
    if docs is not None:
        out["docs"] = docs
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--update", action="store_true", help="raise the pinned floors to the current figures")
    ap.add_argument("--allow-regression", action="store_true", help="with --update: allow lower floors (say why in the commit)")
    args = ap.parse_args(argv)
    if not SCORER.exists():
        print(f"{REAL} is not beside the checkout", file=sys.stderr)
        return 2
    fig = measure()
    if args.update:
        old = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
        worse = below(floors_of(fig), old)
        if worse and not args.allow_regression:
            print("refusing to lower floors:\n  " + "\n  ".join(worse), file=sys.stderr)
            return 1
        BASELINE.write_text(json.dumps(floors_of(fig), indent=2) + "\n")
    if args.json:
        print(json.dumps(fig, indent=2))
        return 0
    print(f"{'fold':<6}{'docs':>5}{'P':>7}{'R':>7}{'F1':>7}")
    for name, r in fig["folds"].items():
        print(f"{name:<6}{r['docs']:>5}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}")
    for name in ("all", "en", "fr"):
        r = fig[name]
        print(f"{name:<6}{r.get('docs', ''):>5}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}")
    print("  ".join(f"{t} {f:.2f}" for t, f in fig["types"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
