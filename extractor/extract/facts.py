"""The rules of the ten fact types, sentence by sentence, one module per family of facts
(tables are in ``tables.py``): ``launches``, ``scores``, ``prices``, ``specs`` (windows,
max output, cutoff, parameters), ``availability`` and ``relations`` (successors,
competitors). Each reads a ``Sentence`` with the article ``State`` (``context.py``) and adds
plain ``Fact`` records; this module gathers their entry points."""

from __future__ import annotations

from .availability import availability
from .launches import launch, section_launches
from .prices import prices
from .relations import competitor, competitors, generations, successor
from .scores import benchmarks
from .specs import cutoff, parameters, tokens

__all__ = [
    "availability",
    "benchmarks",
    "competitor",
    "competitors",
    "cutoff",
    "generations",
    "launch",
    "parameters",
    "prices",
    "section_launches",
    "successor",
    "tokens",
]
