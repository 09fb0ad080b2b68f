"""The parts of the docs generated from the code are current (``python scripts/gen_docs.py``)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import gen_docs  # noqa: E402 - a script, not a package


def test_docs_generated_blocks_are_current():
    assert gen_docs.main(["--check"]) == 0, "run: python scripts/gen_docs.py"


def test_docs_settings_table_is_a_valid_settings_file_with_every_setting(tmp_path):
    from extractor.settings import Settings, defaults_toml, load_settings

    table = tomllib.loads(defaults_toml())["extractor"]
    names = set(Settings.__dataclass_fields__)
    unset = {n for n in names if getattr(Settings(), n) is None}
    assert set(table) == names - unset  # the settings without a default are commented out
    path = tmp_path / "defaults.toml"
    path.write_text(defaults_toml(), encoding="utf-8")
    assert load_settings(path) == Settings()
