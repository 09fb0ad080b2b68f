"""Every fact found in the bundled corpus carries exact evidence and validates against its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from extractor.pipeline import extract_sources
from extractor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "corpus" / "articles").glob("*.html"))


@pytest.fixture(scope="module")
def extractions():
    found, failures = extract_sources([str(p) for p in PAGES], Settings())
    assert failures == []
    return found


def test_extract_corpus_evidence_offsets_are_exact(extractions):
    checked = 0
    for ex in extractions:
        for fact in ex.facts:
            ev = fact.evidence
            assert ex.article.text[ev.start:ev.end] == ev.sentence, (ex.article.source, fact)
            checked += 1
    assert checked > 500


def test_extract_corpus_facts_validate_and_name_their_rule(extractions):
    schema = json.loads((ROOT / "schemas" / "fact.schema.json").read_text())
    for ex in extractions:
        for fact in ex.facts:
            record = fact.to_dict(ex.article.source)
            jsonschema.validate(record, schema)
            assert record["rule"]
            assert 0 < record["confidence"] <= 1


def test_extract_corpus_articles_without_facts_stay_quiet(extractions):
    quiet = [ex for ex in extractions
             if not json.loads(Path(ex.article.source).with_suffix("").with_suffix(".gold.json").read_text())["facts"]]
    assert quiet, "the corpus keeps articles that give no fact"
    for ex in quiet:
        loud = [f for f in ex.facts if f.type in ("launch", "price", "benchmark", "competitor")]
        assert len(loud) <= 1, (ex.article.source, loud)


def test_extract_corpus_nothing_from_page_chrome(extractions):
    # sidebars, teasers and comments are not in the main text, so no evidence can quote them
    for ex in extractions:
        for fact in ex.facts:
            assert "comment" not in fact.evidence.sentence.casefold()[:20]
            assert not fact.evidence.sentence.casefold().startswith(("related", "most read", "à lire aussi"))


def test_extract_cli_reads_a_folder_and_skips_other_files(tmp_path, capsys):
    from extractor.cli import main

    (tmp_path / "a.txt").write_text("OpenAI launches GPT-9 today.", encoding="utf-8")
    sub = tmp_path / "more"
    sub.mkdir()
    body = "".join(f"<p>Mistral AI releases Mistral Large 9 today. Paragraph {i} of the story says "
                   "it is priced at $2 per million input tokens for developers.</p>" for i in range(6))
    (sub / "b.html").write_text(f"<html><head><title>Mistral Large 9</title></head><body><article>"
                                f"<h1>Mistral Large 9</h1>{body}</article></body></html>", encoding="utf-8")
    (tmp_path / "facts.json").write_text('{"model": "GPT-9", "price": 1}', encoding="utf-8")
    code = main(["extract", str(tmp_path), str(tmp_path / "facts.json"), "--format", "jsonl"])
    out, err = capsys.readouterr()
    sources = {json.loads(line)["source"] for line in out.splitlines()}
    assert sources == {str(tmp_path / "a.txt"), str(sub / "b.html")}
    assert "facts.json: not a text or HTML file" in err
    assert code == 1  # an input was left out, and said so


def test_extract_cli_an_empty_folder_is_said(tmp_path, capsys):
    from extractor.cli import main

    assert main(["extract", str(tmp_path)]) == 1
    assert "no text or HTML file" in capsys.readouterr().err


def _stderr_of(argv: list[str], terminal: bool) -> bytes:
    """stderr of ``argv`` on a terminal (a pty of 120 columns) or in a pipe."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import subprocess
    import sys
    import termios

    cmd = [sys.executable, "-m", "extractor", *argv]
    if not terminal:
        return subprocess.run(cmd, capture_output=True, timeout=120).stderr
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=120)
    os.close(master)
    return out


def test_extract_cli_shows_progress_on_a_terminal_only():
    argv = ["extract", str(ROOT / "corpus" / "articles"), "--format", "jsonl"]
    assert b"/42" in _stderr_of(argv, terminal=True)  # 'extract: 40%|####  | 17/42'
    assert _stderr_of(argv, terminal=False) == b""


@pytest.mark.parametrize("text, lang", [
    ("Das neue Modell Zorb-9 ist ab heute für alle Entwickler verfügbar und kostet weniger als sein "
     "Vorgänger, sagt das Unternehmen. Es liest 128K Token Kontext.", "de"),
    ("El nuevo modelo Zorb-9 está disponible desde hoy para todos los desarrolladores y cuesta menos "
     "que su predecesor, según la empresa. Lee 128K tokens de contexto.", "es"),
])
def test_extract_a_language_the_rules_do_not_read_gives_no_facts_and_says_so(tmp_path, capsys, text, lang):
    from extractor.cli import main

    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["extract", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert f"written in '{lang}', a language the rules do not read (en, fr)" in err


def test_extract_in_two_worker_processes_gives_the_same_facts_in_order(extractions) -> None:
    from dataclasses import replace

    from extractor.pipeline import stop_workers

    try:
        found, failures = extract_sources([str(p) for p in PAGES], replace(Settings(), workers=2,
                                                                          batch_size=5))
    finally:
        stop_workers()
    assert failures == []
    assert [ex.article.source for ex in found] == [ex.article.source for ex in extractions]
    assert [ex.facts for ex in found] == [ex.facts for ex in extractions]
