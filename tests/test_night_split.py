"""Issue 11, item 4: the facts of an article do not depend on how the crawl was split.

Model names learnt from the database used to be given back to the mention finder as they
were: after ``--max-articles 30`` then a full run, a stored "Llama 3" hid "Llama 3.2" (and
"GPT-4" hid "GPT-4.5"), so the facts differed from those of one full run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from extractor import nightly
from tests.crawl_support import CORPUS, Route, Site, serve
from tests.test_nightly_run import _feed_list, _rows, _rss, _settings

FEEDS = [f"/feeds/{p.name}" for p in sorted((CORPUS / "feeds").glob("*.xml"))]
# every column of a fact but the run that wrote it
FACTS = ("SELECT a.url, f.id, f.type, f.model, f.model_id, f.org_id, f.date, f.amount, "
         "f.currency, f.benchmark_id, f.score, f.tokens, f.count, f.channel_id, "
         "f.predecessor_id, f.competitor_id, f.rule, f.valid_to, f.series_id "
         "FROM facts f JOIN articles a ON a.id = f.article_id")


def _facts(tmp: Path) -> dict[str, set[tuple]]:
    out: dict[str, set[tuple]] = {}
    for row in _rows(tmp, FACTS):
        out.setdefault(row[0], set()).add(row[1:])
    return out


def _runs(site: Site, tmp: Path, feeds: list[str], budgets: list[int | None]) -> dict[str, set]:
    tmp.mkdir()
    settings = _settings(tmp, _feed_list(tmp, site, feeds))
    for budget in budgets:
        report = nightly.run(replace(settings, max_articles=budget))
        assert report.failed == 0
    return _facts(tmp)


@pytest.fixture(scope="module")
def corpus_site():
    site = Site()
    site.add_corpus()
    with serve(site):
        yield site


def test_night_split_crawl_gives_the_facts_of_one_full_run(corpus_site: Site, tmp_path: Path) -> None:
    whole = _runs(corpus_site, tmp_path / "whole", FEEDS, [None])
    halves = _runs(corpus_site, tmp_path / "halves", FEEDS, [30, None])
    thirds = _runs(corpus_site, tmp_path / "thirds", FEEDS, [7, 20, None])
    assert len(whole) >= 40  # articles with facts, of the 42 listed
    for url in whole:
        assert halves[url] == whole[url], url
        assert thirds[url] == whole[url], url
    assert halves == thirds == whole


FIRST = ("Acme AI today unveiled Zeta-1, its first reasoning model. Built for long chains of "
         "thought, it is available today to developers in preview. It scores 71.2% on MMLU.\n")
LATER = ("In our tests Zeta-1 reached 74.0% on GPQA, ahead of the rest of the pack. The review "
         "ran over two weeks on the public version, with the settings its makers recommend.\n")


def test_night_name_learnt_in_a_run_reaches_every_article_in_any_order(tmp_path: Path) -> None:
    """A name found from its context in one article ("unveiled Zeta-1, its first ... model")
    counts for every stored article, whether that one came in before, after or with it."""
    site = Site()
    site.add("/first.html", Route(FIRST.encode(), "text/plain; charset=utf-8"))
    site.add("/later.html", Route(LATER.encode(), "text/plain; charset=utf-8"))
    for name in ("first", "later", "both"):
        site.add(f"/{name}.xml", Route(b"", "application/rss+xml"))
    with serve(site):
        for name, pages in (("first", ["/first.html"]), ("later", ["/later.html"]),
                            ("both", ["/later.html", "/first.html"])):
            site.routes[f"/{name}.xml"].body = _rss([site.url(p) for p in pages])
        results = {}
        for label, feeds in (("together", [["/both.xml"]]),
                             ("first then later", [["/first.xml"], ["/later.xml"]]),
                             ("later then first", [["/later.xml"], ["/first.xml"]])):
            tmp = tmp_path / label.replace(" ", "-")
            tmp.mkdir()
            for i, feed in enumerate(feeds):
                nightly.run(_settings(tmp, _feed_list(tmp, site, feed, name=f"feeds{i}.toml")))
            results[label] = _facts(tmp)
    assert results["first then later"] == results["together"] == results["later then first"]
    later = results["together"][site.url("/later.html")]
    assert any(f[1:3] == ("benchmark", "Zeta-1") and f[9] == 74.0 for f in later)
