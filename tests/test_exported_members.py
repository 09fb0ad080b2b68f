"""A declared public surface: every module states ``__all__`` and it names only what exists."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import extractor

MODULES = sorted(m.name for m in pkgutil.walk_packages(extractor.__path__, "extractor.")
                 if ".migrations" not in m.name and not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_exported_members_are_declared_and_exist(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    for member in module.__all__:
        assert getattr(module, member, None) is not None, f"{name}.{member}"


def test_exported_members_of_the_package_are_sorted_and_load():
    assert list(extractor.__all__) == sorted(extractor.__all__)
    for member in extractor.__all__:
        assert getattr(extractor, member) is not None
