"""Shared fixtures. Heavy objects (spaCy pipelines) are built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def nlp_en():
    from extractor.nlp import get_nlp

    return get_nlp("en")


@pytest.fixture(scope="session")
def nlp_fr():
    from extractor.nlp import get_nlp

    return get_nlp("fr")


@pytest.fixture(scope="session")
def pg_url() -> str:
    """URL of a real PostgreSQL server (set by scripts/ci-services.sh).

    Skips where none is configured, unless EXTRACTOR_REQUIRE_PG=1 (CI), where it fails.
    """
    url = os.environ.get("EXTRACTOR_TEST_PG_URL")
    if not url:
        if os.environ.get("EXTRACTOR_REQUIRE_PG") == "1":
            pytest.fail("EXTRACTOR_REQUIRE_PG=1 but EXTRACTOR_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server configured (EXTRACTOR_TEST_PG_URL)")
    return url
