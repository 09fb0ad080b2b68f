"""Exports get the mode the umask gives a new file (0666 & ~umask), not mkstemp's 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from graph_support import sample_rows

from extractor import export
from extractor.graph import build_graph

ROOT = Path(__file__).resolve().parent.parent


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_export_files_honour_the_umask(tmp_path: Path, umask: int) -> None:
    G = build_graph(sample_rows())
    previous = os.umask(umask)
    try:
        paths = export.write_exports(G, tmp_path / "out")
        paths["html"] = export.write_html(G, tmp_path / "out" / "view.html")
    finally:
        os.umask(previous)
    assert paths
    for path in paths.values():
        assert _mode(path) == 0o666 & ~umask, path


def test_export_rewrite_takes_the_umask_not_the_old_mode(tmp_path: Path) -> None:
    target = tmp_path / "graph.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    previous = os.umask(0o022)
    try:
        export.write_node_link(build_graph(sample_rows()), target)
    finally:
        os.umask(previous)
    assert _mode(target) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["graph.json"]  # no temporary file left


def test_export_mode_from_a_shell_umask(tmp_path: Path) -> None:
    """A process started with ``umask 027`` (as cron or systemd's UMask= would) writes 0640."""
    code = ("import sys; from extractor import export; from extractor.graph import build_graph; "
            "export.write_exports(build_graph([]), sys.argv[1])")
    done = subprocess.run(["sh", "-c", 'umask 027 && exec "$0" -c "$1" "$2"', sys.executable,
                           code, str(tmp_path / "out")], capture_output=True, text=True,
                          timeout=120, env=os.environ | {"PYTHONPATH": str(ROOT)}, check=False)
    assert done.returncode == 0, done.stderr
    files = sorted((tmp_path / "out").iterdir())
    assert files and all(_mode(p) == 0o640 for p in files), [oct(_mode(p)) for p in files]
