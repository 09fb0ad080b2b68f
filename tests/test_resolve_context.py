"""Mentions in their articles -> entities; ambiguous short names decided and recorded."""

from __future__ import annotations

from extractor.resolve import ModelMention, resolve_models

A, B, C = "https://a.example/1", "https://b.example/2", "https://c.example/3"


def test_resolve_models_merges_spellings_across_articles_and_languages():
    res = resolve_models([
        ModelMention("GPT-4o mini", A, "2024-07-18"),
        ModelMention("le GPT\u20114o mini", B, "2024-07-19"),
        ModelMention("gpt-4o-mini", C, "2024-08-01"),
        ModelMention("GPT-4o", A, "2024-07-18"),
    ])
    assert res.names_before == 4
    assert sorted(res.entities) == ["model/gpt-4o", "model/gpt-4o-mini"]
    mini = res.entities["model/gpt-4o-mini"]
    assert mini.name == "GPT-4o mini"
    assert "gpt-4o-mini" in mini.aliases and "le GPT\u20114o mini" in mini.aliases
    assert (mini.family, mini.version, mini.variant, mini.org) == (
        "family/gpt", "4o", "mini", "org/openai")
    assert res.base_of("model/gpt-4o-mini") == "model/gpt-4o"
    assert res.lookup("le GPT\u20114o mini", B) == "model/gpt-4o-mini"


def test_resolve_models_label_is_the_most_used_spelling_for_uncurated_models():
    res = resolve_models([ModelMention("zeta-1 mini"), ModelMention("Zeta-1 Mini"),
                          ModelMention("Zeta-1 Mini")])
    (ent,) = res.entities.values()
    assert ent.name == "Zeta-1 Mini" and ent.aliases == ("zeta-1 mini",)


def test_resolve_models_developer_from_the_text_for_unlisted_models():
    res = resolve_models([ModelMention("Zeta-1", A, org="Zeta Labs")])
    assert res.entities["model/zeta-1"].org == "org/zeta-labs"


def test_resolve_short_name_goes_to_the_latest_release_before_the_article():
    mentions = [
        ModelMention("Gemini 1.5 Flash", A, "2024-06-01"),
        ModelMention("Gemini 2.0 Flash", B, "2025-01-10"),
        ModelMention("Gemini Flash", C, "2024-09-01"),
        ModelMention("Gemini Flash", B, "2025-01-10"),
    ]
    res = resolve_models(mentions)
    assert "model/gemini-flash" not in res.entities
    assert res.lookup("Gemini Flash", C) == "model/gemini-1-5-flash"
    assert res.lookup("Gemini Flash", B) == "model/gemini-2-0-flash"
    decisions = {d.article: d for d in res.decisions}
    assert set(decisions) == {B, C}
    d = decisions[C]
    assert d.name == "Gemini Flash" and d.chosen == "model/gemini-1-5-flash"
    assert d.candidates == ("model/gemini-1-5-flash", "model/gemini-2-0-flash")
    assert "2024-09-01" in d.reason
    assert "Gemini Flash" in res.entities["model/gemini-1-5-flash"].short_names


def test_resolve_short_name_prefers_the_candidate_named_in_the_same_article():
    res = resolve_models([
        ModelMention("Gemini 1.5 Flash", A, "2025-02-01"),
        ModelMention("Gemini 2.0 Flash", B, "2025-02-01"),
        ModelMention("Gemini Flash", A, "2025-02-01"),  # 2.0 is newer, but A names 1.5
    ])
    assert res.lookup("Gemini Flash", A) == "model/gemini-1-5-flash"
    assert res.decisions[0].reason == "the only candidate named in the same article"


def test_resolve_short_name_with_one_namesake_links_to_it():
    res = resolve_models([ModelMention("Claude 3.5 Sonnet", A), ModelMention("Claude Sonnet", B)])
    assert list(res.entities) == ["model/claude-3-5-sonnet"]
    assert res.lookup("Claude Sonnet", B) == "model/claude-3-5-sonnet"


def test_resolve_short_name_without_namesake_stays_its_own_model():
    res = resolve_models([ModelMention("Gemini Flash", A)])
    assert list(res.entities) == ["model/gemini-flash"] and not res.decisions


def test_resolve_never_merges_a_model_with_its_named_successor():
    # "Mistral Large 2 succeeds Mistral Large": the short name is the predecessor itself
    res = resolve_models([
        ModelMention("Zeta Large 2", A, "2024-07-24", related=("Zeta Large",)),
        ModelMention("Zeta Large", A, "2024-07-24", related=("Zeta Large 2",)),
    ])
    assert set(res.entities) == {"model/zeta-large", "model/zeta-2-large"}
    assert res.lookup("Zeta Large", A) == "model/zeta-large"
    # without the successor fact, the short name is read as the versioned model
    res = resolve_models([ModelMention("Zeta Large 2", A), ModelMention("Zeta Large", B)])
    assert set(res.entities) == {"model/zeta-2-large"}


def test_resolve_curated_standalone_short_name_is_a_model():
    res = resolve_models([ModelMention("Mistral Large 2", A), ModelMention("Mistral Large", B)])
    assert set(res.entities) == {"model/mistral-large", "model/mistral-large-2"}
    assert not res.decisions


def test_resolve_models_ignores_empty_names_and_is_order_independent():
    ms = [ModelMention("GPT-4o", A), ModelMention(""), ModelMention("  "),
          ModelMention("Gemini 1.5 Pro", B, "2024-05-01"),
          ModelMention("Gemini Pro", B, "2024-05-01"),
          ModelMention("Gemini 1.0 Pro", C, "2024-01-01")]
    one, two = resolve_models(ms), resolve_models(list(reversed(ms)))
    assert one.entities == two.entities
    assert one.decisions == two.decisions
    assert one.lookup("Gemini Pro", B) == "model/gemini-1-5-pro"
