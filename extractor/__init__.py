"""extractor: tech news in, a knowledge base about AI models out.

The public surface is small; heavy modules (spaCy, SQLAlchemy, networkx) load on first use:

>>> import extractor
>>> extractor.Settings().db
'sqlite:///data/extractor.db'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .records import FACT_TYPES, Article, Evidence, Extraction, Fact, Page
from .settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Evidence",
    "Extraction",
    "FACT_TYPES",
    "Fact",
    "Page",
    "Settings",
    "__version__",
    "build_graph",
    "extract_articles",
    "extract_sources",
    "load_settings",
    "parse_page",
    "reprocess",
    "run",
]

# name -> module that defines it; imported when first asked for
_LAZY = {
    "build_graph": "graph",
    "extract_articles": "pipeline",
    "extract_sources": "pipeline",
    "parse_page": "articles",
    "reprocess": "nightly",
    "run": "nightly",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
