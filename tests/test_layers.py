"""The import DAG of the package (docs/architecture.md), checked with ``ast``.

Layers: records, settings -> stage modules -> pipeline/nightly -> cli. Stage modules do not
import each other except where a stage is built on another one (listed below).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"

BASE = {"records", "settings"}
# stage module -> the other stage modules it may import
STAGES: dict[str, set[str]] = {
    "rules": set(),
    "markup": set(),
    "flattened": set(),
    "mentions": {"rules"},
    "nlp": {"flattened", "markup", "mentions", "rules"},
    "extract": {"mentions", "rules"},
    "fetch": {"crawl"},
    "crawl": set(),
    "sources": {"fetch", "crawl"},
    "articles": {"rules"},
    "store": {"rules", "resolve"},
    "resolve": {"rules"},
    "graph": {"resolve", "rules"},
    "export": {"graph"},
    "digest": {"store"},  # renders the store's digest records
}
UPPER = {
    "pipeline": set(STAGES) | {"nightly"},
    "nightly": set(STAGES) | {"pipeline"},
    "cli": {"pipeline", "export", "cli_crawl", "cli_db", "cli_graph"},
    "cli_crawl": set(STAGES) | {"pipeline", "nightly"},
    "cli_db": set(STAGES) | {"pipeline"},
    "cli_graph": set(STAGES) | {"pipeline"},
    "__main__": {"cli"},
    "__init__": set(STAGES) | {"pipeline", "nightly"},
}


def _module_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    own = _module_of(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            inside_subpackage = path.parent != PACKAGE
            if node.level == 1 and inside_subpackage:
                continue  # a sibling inside the same subpackage
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(a.name for a in node.names if not a.name.startswith("__"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("extractor."):
            found.add(node.module.split(".")[1])
    found.discard(own)
    return found


def test_layers_follow_the_import_dag():
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        mod = _module_of(path)
        allowed = BASE | STAGES.get(mod, set()) | UPPER.get(mod, set())
        if mod in BASE:
            allowed = BASE
        for imported in _imports(path) - allowed:
            bad.append(f"{path.relative_to(PACKAGE)} imports {imported}")
    assert bad == []


def test_layers_records_import_only_the_standard_library():
    tree = ast.parse((PACKAGE / "records.py").read_text())
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert modules <= {"__future__", "hashlib", "dataclasses", "typing"}


def test_layers_only_the_store_imports_sqlalchemy():
    users = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if "sqlalchemy" in p.read_text() and "import" in p.read_text()
                   and any(line.strip().startswith(("import sqlalchemy", "from sqlalchemy"))
                           for line in p.read_text().splitlines()))
    assert all(u.startswith(("store", "migrations")) for u in users), users
