"""Time-awareness: a later report supersedes an earlier one, and the history stays."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
import store_support
from store_support import article, fact, kb_extractions

from extractor import store
from extractor.records import Extraction

db_url = store_support.db_url  # a shared fixture
engine = store_support.engine  # a shared fixture


def _rows(engine: sa.Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def _price(model: str, amount: float, slug: str, day: str, **kw) -> Extraction:
    return Extraction(article(slug, day, f"{model} at {amount}"), (
        fact("price", model, direction="input", amount=amount, currency="USD",
             per_tokens=1_000_000, **kw),))


def test_store_later_price_supersedes_and_history_stays(engine: sa.Engine) -> None:
    store.save_extraction(engine, _price("GPT-4o", 5.0, "a", "2024-05-13"))
    store.save_extraction(engine, _price("GPT-4o", 2.5, "b", "2024-08-06"))
    assert _rows(engine, "SELECT price_per_million, reported_on FROM current_prices") == [
        (2.5, "2024-08-06")]
    assert _rows(engine, "SELECT price_per_million, valid_from, valid_to, is_current "
                 "FROM price_history ORDER BY valid_from") == [
        (5.0, "2024-05-13", "2024-08-06", 0), (2.5, "2024-08-06", None, 1)]
    # an article about the old price read later still reports the old day: nothing changes
    store.save_extraction(engine, _price("GPT-4o", 5.0, "c", "2024-05-20"))
    assert _rows(engine, "SELECT price_per_million FROM current_prices") == [(2.5,)]
    assert _rows(engine, "SELECT valid_to FROM price_history WHERE valid_from = '2024-05-13'"
                 ) == [("2024-05-20",)]
    # the price on a given day: the report valid then
    assert _rows(engine, "SELECT price_per_million FROM price_history WHERE valid_from <= "
                 "'2024-07-01' AND (valid_to IS NULL OR valid_to > '2024-07-01')") == [(5.0,)]


def test_store_removing_the_latest_report_restores_the_previous(engine: sa.Engine) -> None:
    store.save_extraction(engine, _price("GPT-4o", 5.0, "a", "2024-05-13"))
    newer = _price("GPT-4o", 2.5, "b", "2024-08-06")
    store.save_extraction(engine, newer)
    store.save_extraction(engine, dataclasses.replace(newer, facts=()))  # re-extracted: gone
    assert _rows(engine, "SELECT price_per_million FROM current_prices") == [(5.0,)]
    assert _rows(engine, "SELECT valid_to FROM price_history") == [(None,)]


def test_store_republished_article_moves_in_history(engine: sa.Engine) -> None:
    old = _price("GPT-4o", 5.0, "a", "2024-05-13")
    store.save_extraction(engine, old)
    store.save_extraction(engine, _price("GPT-4o", 2.5, "b", "2024-08-06"))
    moved = dataclasses.replace(old, article=dataclasses.replace(old.article,
                                                                 published="2024-09-01"))
    store.save_extraction(engine, moved)
    assert _rows(engine, "SELECT price_per_million, reported_on FROM current_prices") == [
        (5.0, "2024-09-01")]


def test_store_same_day_prices_keep_the_list_price_current(engine: sa.Engine) -> None:
    store.save_extraction(engine, kb_extractions()[2])  # input 0.15 and cached input 0.075
    assert _rows(engine, "SELECT direction, price_per_million, reports FROM current_prices "
                 "ORDER BY direction") == [("input", 0.15, 2), ("output", 0.6, 1)]


def test_store_benchmark_ranks_and_ties(engine: sa.Engine) -> None:
    for ex in kb_extractions():
        store.save_extraction(engine, ex)
    board = _rows(engine, "SELECT rank, model, score FROM benchmark_leaderboard "
                  "WHERE benchmark = 'MMLU' ORDER BY rank, model")
    assert board == [(1, "Claude 3.5 Sonnet", 88.7), (1, "GPT-4o", 88.7),
                     (3, "Llama 3.1 405B", 88.6), (4, "Mistral Large 2", 84.0),
                     (5, "GPT-4o mini", 82.0), (6, "Frobnicator 2", 79.5)]
    # a new top score moves everyone down; ranks of other benchmarks are untouched
    store.save_extraction(engine, Extraction(article("new-top", "2024-09-12", "o1"), (
        fact("benchmark", "o1-preview", benchmark="MMLU", score=92.3),)))
    assert _rows(engine, "SELECT model, rank FROM benchmark_leaderboard "
                 "WHERE benchmark = 'MMLU' AND rank <= 2 ORDER BY rank, model") == [
        ("o1-preview", 1), ("Claude 3.5 Sonnet", 2), ("GPT-4o", 2)]
    assert _rows(engine, "SELECT rank FROM benchmark_leaderboard WHERE benchmark = 'GPQA'"
                 ) == [(1,)]


def test_store_rival_pairs_are_unordered(engine: sa.Engine) -> None:
    for ex in kb_extractions():
        store.save_extraction(engine, ex)
    pair = _rows(engine, "SELECT model, rival, articles, reports FROM rivals "
                 "WHERE model = 'GPT-4o' AND rival = 'Claude 3.5 Sonnet'")
    assert pair == [("GPT-4o", "Claude 3.5 Sonnet", 2, 2)]
    assert _rows(engine, "SELECT model, articles FROM rivals WHERE rival = 'GPT-4o' "
                 "AND model = 'Claude 3.5 Sonnet'") == [("Claude 3.5 Sonnet", 2)]
    (n,) = _rows(engine, "SELECT COUNT(*) FROM rivals")[0]
    (m,) = _rows(engine, "SELECT COUNT(*) FROM rivals WHERE model_id < rival_id")[0]
    assert n == 2 * m


def test_store_launch_with_a_stated_date_wins(engine: sa.Engine) -> None:
    dated = Extraction(article("l1", "2024-07-24", "launch"), (
        fact("launch", "Mistral Large 2", org="Mistral AI", date="2024-07-24"),))
    undated = Extraction(article("l2", "2024-08-01", "later mention"), (
        fact("launch", "Mistral Large 2", org="Mistral AI"),))
    store.save_extraction(engine, undated)
    assert _rows(engine, "SELECT launched_on, stated_date FROM launches_by_date") == [
        ("2024-08-01", None)]
    store.save_extraction(engine, dated)
    assert _rows(engine, "SELECT launched_on, stated_date, reports FROM launches_by_date") == [
        ("2024-07-24", "2024-07-24", 2)]


def test_store_availability_keeps_its_history(engine: sa.Engine) -> None:
    soon = Extraction(article("s1", "2024-07-01", "coming"), (
        fact("availability", "GPT-4o mini", channel="ChatGPT Team", date="2024-08-01"),))
    now = Extraction(article("s2", "2024-07-18", "now"), (
        fact("availability", "GPT-4o mini", channel="ChatGPT Team", date="2024-07-18"),))
    store.save_extraction(engine, soon)
    store.save_extraction(engine, now)
    assert _rows(engine, "SELECT channel, available_since, first_reported_on, reports "
                 "FROM availability_by_channel") == [
        ("ChatGPT Team", "2024-07-18", "2024-07-01", 2)]
    assert _rows(engine, "SELECT date, reported_on, valid_to FROM facts_with_sources "
                 "ORDER BY reported_on") == [("2024-08-01", "2024-07-01", "2024-07-18"),
                                             ("2024-07-18", "2024-07-18", None)]


def test_store_undated_article_is_reported_on_first_seen(engine: sa.Engine) -> None:
    ex = _price("GPT-4o", 5.0, "undated", None)  # type: ignore[arg-type]
    store.save_extraction(engine, ex)
    ((reported, first_seen),) = _rows(
        engine, "SELECT f.reported_on, a.first_seen FROM facts f JOIN articles a "
        "ON a.id = f.article_id")
    assert reported == first_seen[:10]


def _many(slug: str, day: str, *facts) -> Extraction:
    return Extraction(article(slug, day, slug), tuple(facts))


def _in(model: str, amount: float, **kw):
    return fact("price", model, direction="input", amount=amount, currency="USD",
                per_tokens=1_000_000, **kw)


def test_store_old_and_new_price_of_one_article_make_a_change(engine: sa.Engine) -> None:
    store.save_extraction(engine, _many("cut", "2024-09-18", _in("Codestral", 1.0, change="old"),
                                        _in("Codestral", 0.2, change="new")))
    assert _rows(engine, "SELECT price_per_million FROM current_prices") == [(0.2,)]
    assert _rows(engine, "SELECT price_per_million, change, valid_from, valid_to, is_current "
                 "FROM price_history ORDER BY price_per_million") == [
        (0.2, "new", "2024-09-18", None, 1), (1.0, "old", "2024-09-18", "2024-09-18", 0)]
    # a later plain report keeps the new price; the old one never comes back as current
    store.save_extraction(engine, _many("later", "2024-10-01", _in("Codestral", 0.2)))
    assert _rows(engine, "SELECT price_per_million, reported_on FROM current_prices") == [
        (0.2, "2024-10-01")]


def test_store_an_old_price_alone_is_not_current(engine: sa.Engine) -> None:
    store.save_extraction(engine, _many("was", "2024-09-18", _in("Codestral", 1.0, change="old")))
    assert _rows(engine, "SELECT COUNT(*) FROM current_prices") == [(0,)]
    assert _rows(engine, "SELECT change FROM price_history") == [("old",)]


def test_store_cached_batch_and_upper_tier_prices_are_series_of_their_own(engine: sa.Engine) -> None:
    store.save_extraction(engine, _many("tiers", "2024-06-01",
                                        _in("Gemini 1.5 Pro", 3.5), _in("Gemini 1.5 Pro", 7.0, tier="> 128K"),
                                        _in("Gemini 1.5 Pro", 0.875, kind="cached_input"),
                                        _in("Gemini 1.5 Pro", 1.75, kind="batch")))
    assert _rows(engine, "SELECT price_per_million, cached_input_per_million, batch_per_million, "
                 "upper_tier_per_million, upper_tier FROM current_prices") == [
        (3.5, 0.875, 1.75, 7.0, "> 128K")]
    assert _rows(engine, "SELECT COUNT(DISTINCT series_id) FROM facts") == [(4,)]


def test_store_unknown_qualifiers_are_kept_aside_not_stored(engine: sa.Engine) -> None:
    store.save_extraction(engine, _many("odd", "2024-06-01", _in("GPT-4o", 5.0, kind="wholesale"),
                                        fact("availability", "GPT-4o", channel="Azure", status="maybe")))
    assert _rows(engine, "SELECT type, price_kind, status FROM facts ORDER BY type") == [
        ("availability", None, None), ("price", None, None)]
    extras = _rows(engine, "SELECT extra FROM facts ORDER BY type")
    assert "maybe" in str(extras[0][0]) and "wholesale" in str(extras[1][0])


def test_store_consensus_and_disagreeing_sources(engine: sa.Engine) -> None:
    window = lambda slug, day, tokens: _many(slug, day, fact("context_window", "Zorb 2", tokens=tokens))  # noqa: E731
    store.save_extraction(engine, window("a", "2024-03-01", 128000))
    store.save_extraction(engine, window("b", "2024-03-05", 128000))
    store.save_extraction(engine, window("c", "2024-03-10", 32000))
    # the latest report is current; two reports agree on 128K; one article disagrees with it
    assert _rows(engine, "SELECT value, consensus_value, consensus_reports, disagreeing_articles "
                 "FROM series WHERE type = 'context_window'") == [(32000.0, 128000.0, 2, 2)]
    assert _rows(engine, "SELECT context_window, disagreeing_sources FROM model_specs "
                 "WHERE model = 'Zorb 2'") == [(32000, 2)]
    assert sorted(_rows(engine, "SELECT value, other_value FROM conflicts")) == [
        ("128000", "32000"), ("128000", "32000")]
    # a report more than 30 days away is history, not a disagreement
    store.save_extraction(engine, window("d", "2024-06-01", 32000))
    assert _rows(engine, "SELECT disagreeing_articles FROM series WHERE type = 'context_window'"
                 ) == [(0,)]


def test_store_digest_gives_one_line_per_disagreement(engine: sa.Engine) -> None:
    # two articles say 1.00, a third says 0.50: two pairs of articles, one disagreement
    run = store.start_run(engine)
    for slug, amount in (("a", 1.0), ("b", 0.5), ("c", 1.0)):
        store.save_extraction(engine, _price("GPT-4o", amount, slug, "2024-05-13"), run_id=run)
    store.finish_run(engine, run)
    assert len(_rows(engine, "SELECT * FROM conflicts")) == 2
    lines = store.digest_data(engine, run=run).of("conflict")
    assert [(c.model, float(c.fields["value"]), float(c.fields["other_value"]), c.fields["pairs"])
            for c in lines] == [("GPT-4o", 0.5, 1.0, 2)]
    # the smaller value first, its article first among the sources
    assert "/b" in lines[0].sources[0][0] and "/b" not in lines[0].sources[1][0]


def test_store_digest_line_keeps_the_first_sources_and_counts_them_all(engine: sa.Engine) -> None:
    from extractor.digest import render
    from extractor.store.digest import SOURCES_KEPT

    run = store.start_run(engine)
    for i in range(SOURCES_KEPT + 2):
        store.save_extraction(engine, _price("GPT-4o", 5.0, f"s{i:02d}", "2024-05-13"), run_id=run)
        store.save_extraction(engine, Extraction(article(f"l{i:02d}", "2024-05-13", "Launch"), (
            fact("launch", "GPT-4o", org="OpenAI", date="2024-05-13"),)), run_id=run)
    store.finish_run(engine, run)
    (launch,) = store.digest_data(engine, run=run).of("launch")
    assert len(launch.sources) == SOURCES_KEPT and launch.articles == SOURCES_KEPT + 2
    assert launch.more == 2
    md = render(store.digest_data(engine, run=run), "md")
    assert "and 2 more articles" in md
