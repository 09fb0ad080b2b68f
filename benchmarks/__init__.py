"""Benchmarks of the analyst views on a synthetic knowledge base (``python -m benchmarks``)."""

__all__: list[str] = []
