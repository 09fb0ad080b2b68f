"""Shared fixtures. Heavy objects (spaCy pipelines) are built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis profiles, chosen with EXTRACTOR_HYPOTHESIS_PROFILE (default "dev"):
# - "ci": the same examples on every run (derandomize), nothing read from or written to
#   the example database, so a red build reproduces on any machine;
# - "dev": fresh random examples each run, failures remembered in .hypothesis/ and replayed.
# Each fuzz test sets its own max_examples and deadline (the time bound per input).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile(os.environ.get("EXTRACTOR_HYPOTHESIS_PROFILE", "dev"))

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


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium (tests/browser_support.py), one per test module. Skipped where
    none is installed, unless EXTRACTOR_REQUIRE_BROWSER=1 (CI), where that fails."""
    import browser_support

    reason = browser_support.missing()
    if reason:
        if os.environ.get("EXTRACTOR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"EXTRACTOR_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"no headless browser: {reason}")
    with browser_support.chromium() as driver:
        yield driver

