"""The analyst views: names and what each answers. Their SQL lives in the migrations
(``extractor/migrations/versions/``), so a database always has the views of its revision."""

from __future__ import annotations

__all__ = ["VIEWS", "view_names"]

#: View name -> what one row of it is. Documented at length in docs/schema.md.
VIEWS: dict[str, str] = {
    "current_prices": "the current list price of a model, per direction and currency, with "
                      "its cached, batch and upper-tier prices and how many sources disagree",
    "price_history": "every reported price with the period it held (valid_from, valid_to), "
                     "its kind, tier and whether it is the old or new price of a change",
    "benchmark_leaderboard": "the latest reported score of a model on a benchmark, ranked",
    "launches_by_date": "a launched model with its launch date, newest first",
    "availability_by_channel": "a model available (or in preview) on a channel (product, API, "
                               "cloud, plan)",
    "announced_availability": "a model announced as coming to a channel, or withdrawn from it",
    "lineage": "a model and the model it succeeds",
    "rivals": "a pair of rival models, with how many articles compare them",
    "model_specs": "a model with its latest launch date, context window, output limit, "
                   "knowledge cutoff, size, USD prices and how many sources disagree",
    "conflicts": "two articles that report different values for the same thing within 30 days",
    "price_checks": "a current USD price set against the curated list (agrees, differs, "
                    "not listed)",
    "facts_with_sources": "a fact with the article and sentence that reported it",
    "calendar": "today, a week, a month, a quarter and a year ago, and the latest report day",
}


def view_names() -> tuple[str, ...]:
    """The names of the documented views.

    >>> "current_prices" in view_names()
    True
    """
    return tuple(VIEWS)
