"""Benchmarks (``python -m benchmarks --help``): the extract stage against fr_core_news_sm
(``extract``), the analyst views on a synthetic knowledge base (``views``)."""

__all__: list[str] = []
