"""Write the parts of the docs that are generated from the code, so they cannot drift.

    python scripts/gen_docs.py           # rewrite them in place
    python scripts/gen_docs.py --check   # exit 1 if any is stale (tests/test_docs.py does this)

Today: the settings table of docs/operations.md, from ``extractor.settings.Settings``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from extractor.settings import defaults_toml

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = {
    ROOT / "docs" / "operations.md": ("settings", lambda: "```toml\n" + defaults_toml() + "```\n"),
}


def generated(text: str, name: str, body: str) -> str:
    """``text`` with the block between ``<!-- name: ... -->`` and ``<!-- /name -->`` replaced."""
    pattern = re.compile(rf"(<!-- {name}:[^\n]*-->\n).*?(<!-- /{name} -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"no <!-- {name}: ... --> block")
    return pattern.sub(lambda m: m.group(1) + body + m.group(2), text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="say which docs are stale instead of writing")
    args = ap.parse_args(argv)
    stale = []
    for path, (name, make) in BLOCKS.items():
        text = path.read_text(encoding="utf-8")
        new = generated(text, name, make())
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
