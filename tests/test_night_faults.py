"""Issue 11, item 2: one page's failure costs that page only; a long text is cut, not a crash.

An error raised while parsing or extracting one article is a fault injected with
``monkeypatch`` (the extraction code raising for one document); the long text is real: a
page whose main text is over spaCy's ``max_length`` (1,000,000 characters, error E088).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from extractor import nightly, pipeline
from extractor.cli import main
from extractor.records import Article
from extractor.settings import Settings
from tests.crawl_support import CORPUS, Route, Site, serve
from tests.test_nightly_run import _age_index, _feed_list, _rows, _rss, _settings

ARTICLES = sorted((CORPUS / "articles").glob("*.html"))[:4]
HEAD = ("OpenAI released GPT-4o on May 13, 2024. It scores 88.7% on MMLU and costs $5 per "
        "million input tokens.\n\n")
# over spaCy's max_length; each paragraph its own (a page parser drops repeated ones)
LONG = HEAD + "".join(f"Meeting {i}: the committee met on a mild afternoon and talked about "
                      f"the budget of library number {i * 7919 % 100_003}.\n\n"
                      for i in range(11_000))


def _poison(monkeypatch: pytest.MonkeyPatch, target: object, name: str, marker: str) -> None:
    """Make ``target.name`` raise for the one input whose source or text holds ``marker``."""
    real = getattr(target, name)

    def poisoned(*args: object, **kw: object) -> object:
        where = " ".join(str(getattr(a, "source", "")) + str(getattr(a, "text", a))[:200]
                         for a in args)
        if marker in where:
            raise RuntimeError(f"boom in {name}")
        return real(*args, **kw)

    monkeypatch.setattr(target, name, poisoned)


def _site_of(pages: dict[str, bytes]) -> Site:
    site = Site()
    for path, body in pages.items():
        site.add(path, Route(body))
    site.add("/feed.xml", Route(b"", "application/rss+xml"))
    return site


def test_night_error_in_one_article_costs_that_article_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = {f"/a/{i}.html": p.read_bytes() for i, p in enumerate(ARTICLES)}
    site = _site_of(pages)
    _poison(monkeypatch, pipeline, "extract_doc", "/a/1.html")  # extraction raises
    _poison(monkeypatch, pipeline, "parse_page", "/a/2.html")  # parsing raises
    with serve(site):
        site.routes["/feed.xml"].body = _rss([site.url(p) for p in pages])
        settings = _settings(tmp_path, _feed_list(tmp_path, site, ["/feed.xml"]), batch_size=16)
        first = nightly.run(settings)
        reasons = dict(first.failures)
        assert "extraction failed: RuntimeError: boom in extract_doc" in reasons[site.url("/a/1.html")]
        assert "parsing failed: RuntimeError: boom in parse_page" in reasons[site.url("/a/2.html")]
        assert (first.new, first.failed, first.outcome) == (2, 2, "ok")  # the batch went on
        stored = {r[0] for r in _rows(tmp_path, "SELECT source FROM articles")}
        assert stored == {site.url("/a/0.html"), site.url("/a/3.html")}
        errors = dict(_rows(tmp_path, "SELECT source, reason FROM run_errors"))
        assert "RuntimeError" in errors[site.url("/a/1.html")]
        fetch = _rows(tmp_path, "SELECT error, attempts, next_retry_at FROM fetches "
                                f"WHERE url = '{site.url('/a/1.html')}'")[0]
        assert "RuntimeError" in fetch[0] and fetch[1] == 1 and fetch[2]

        site.clear()  # the next night: the failed pages wait for their backoff
        second = nightly.run(settings)
        assert second.deferred == 2 and second.failed == 0
        assert not site.hits("/a/1.html") and not site.hits("/a/2.html")

        monkeypatch.undo()  # fixed; once the backoff has passed they are tried again
        _age_index(Path(settings.archive), hours=3)
        third = nightly.run(settings)
    assert third.new == 2 and third.failed == 0
    assert len(_rows(tmp_path, "SELECT id FROM articles")) == 4


def test_night_error_inside_nlp_pipe_loses_no_other_doc(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor import nlp

    texts = ["OpenAI released GPT-4o in May 2024. It scores 88.7% on MMLU.",
             "POISON: Mistral AI released Mistral Large, which scores 81.2% on MMLU.",
             "Anthropic released Claude 3 Opus. It scores 86.8% on MMLU."]
    arts = [Article(source=f"{i}.txt", url=f"https://news.example/{i}", text=t, language="en")
            for i, t in enumerate(texts)]
    _poison(monkeypatch, nlp, "find_mentions", "POISON")  # a spaCy component raising in pipe
    failures: list[pipeline.Failure] = []
    out = list(pipeline.extract_articles(arts, on_failure=failures.append))
    assert [ex.article.source for ex in out] == ["0.txt", "2.txt"]
    assert all(ex.facts for ex in out)
    assert [(f.source, f.fatal) for f in failures] == [("1.txt", True)]
    assert "RuntimeError: boom in find_mentions" in failures[0].reason


def test_night_extract_cli_reports_each_failed_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text("OpenAI released GPT-4o in May 2024. It scores 88.7% on MMLU.\n", "utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("Anthropic released Claude 3 Opus. It scores 86.8% on MMLU.\n", "utf-8")
    missing = tmp_path / "missing.txt"
    _poison(monkeypatch, pipeline, "extract_doc", "bad.txt")

    assert main(["extract", str(good), str(bad), str(missing)]) == 1
    out, err = capsys.readouterr()
    facts = [json.loads(line) for line in out.splitlines()]
    assert facts and {f["source"] for f in facts} == {str(good)}
    assert f"{bad}: extraction failed: RuntimeError: boom in extract_doc" in err
    assert str(missing) in err

    assert main(["extract", str(good)]) == 0


def test_night_text_over_spacy_max_length_is_cut_with_a_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(LONG) > 1_000_000
    failures: list[pipeline.Failure] = []
    art = Article(source="long.txt", url="https://news.example/long", text=LONG, language="en")
    (ex,) = pipeline.extract_articles([art], Settings(max_text_chars=20_000),
                                      on_failure=failures.append)
    assert ("launch", "GPT-4o") in {(f.type, f.model) for f in ex.facts}
    assert ex.article.text == LONG and "text-cut" in ex.article.flags  # stored whole
    (note,) = failures
    assert not note.fatal and "max_text_chars" in note.reason and f"of {len(LONG):,} characters" in note.reason

    path = tmp_path / "long.txt"
    path.write_text(LONG, encoding="utf-8")
    assert main(["extract", str(path)]) == 0  # the default setting, 100,000 characters
    out, err = capsys.readouterr()
    assert any(json.loads(line)["model"] == "GPT-4o" for line in out.splitlines())
    assert "warning:" in err and "text cut" in err


def test_night_long_page_in_the_nightly_job(tmp_path: Path) -> None:
    body = ("<html><head><title>A long page</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in LONG.split("\n\n") if p)
            + "</article></body></html>").encode()
    site = _site_of({"/long.html": body, "/ok.html": ARTICLES[0].read_bytes()})
    with serve(site):
        site.routes["/feed.xml"].body = _rss([site.url("/long.html"), site.url("/ok.html")])
        settings = replace(_settings(tmp_path, _feed_list(tmp_path, site, ["/feed.xml"])),
                           max_bytes=5_000_000, max_text_chars=20_000)
        report = nightly.run(settings)
    assert (report.new, report.failed, report.outcome) == (2, 0, "ok")
    (length, flags), = _rows(tmp_path, "SELECT length(text), flags FROM articles "
                                       f"WHERE source = '{site.url('/long.html')}'")
    assert length > 1_000_000 and "text-cut" in flags
    notes = [r for (r,) in _rows(tmp_path, "SELECT reason FROM run_errors")]
    assert any(r.startswith("warning: text cut") for r in notes)
    models = {m for (m,) in _rows(tmp_path, "SELECT f.model FROM facts f JOIN articles a ON "
                                            f"a.id = f.article_id AND a.source = '{site.url('/long.html')}'")}
    assert "GPT-4o" in models
