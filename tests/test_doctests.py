"""Docstring examples are run: they show rather than tell, and cannot go stale."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["extractor", "extractor.records", "extractor.settings", "extractor.rules", "extractor.mentions",
           "extractor.articles"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
