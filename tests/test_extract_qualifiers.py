"""Qualifiers: which kind of price a figure is (list, cached, batch, upper tier, old or new
price of a change) and how firm an availability is. Each phrasing is written for the test."""

from __future__ import annotations

from extractor.extract import extract_doc
from extractor.records import Article


LEADS = {"en": "Zorb Labs releases Zorblax 3.\n\n", "fr": "Zorb Labs présente Zorblax 3.\n\n"}


def _facts(nlp, text: str, ftype: str) -> list:
    """The facts of one type in ``text``, read after a line that launches the made-up
    model, so that its name is known."""
    text = LEADS[nlp.lang] + text
    article = Article(source="t", url="t", text=text, language=nlp.lang)
    return [f for f in extract_doc(nlp(text), article).facts if f.type == ftype]


def priced(nlp, text: str) -> dict[tuple[str, str, float], dict[str, str]]:
    """(model, direction, amount) -> the qualifiers of that price."""
    return {(f.model, f.data["direction"], f.data["amount"]):
            {k: f.data[k] for k in ("kind", "tier", "change") if f.data.get(k)}
            for f in _facts(nlp, text, "price")}


def offered(nlp, text: str) -> dict[tuple[str, str], str]:
    """(model, channel) -> status."""
    return {(f.model, f.data["channel"]): f.data.get("status", "available")
            for f in _facts(nlp, text, "availability")}


def test_qualifiers_cached_input_after_the_figure_is_that_figure_only(nlp_en):
    got = priced(nlp_en, "Zorblax 3 costs $2 per million input tokens, $0.50 per million cached "
                         "input tokens and $8 per million output tokens.")
    assert got[("Zorblax 3", "input", 2.0)] == {}
    assert got[("Zorblax 3", "input", 0.5)] == {"kind": "cached_input"}
    assert got[("Zorblax 3", "output", 8.0)] == {}


def test_qualifiers_a_batch_lead_carries_to_the_pair_that_follows(nlp_en):
    got = priced(nlp_en, "Zorblax 3 lists at $4 per million input tokens and $12 per million "
                         "output tokens. Through its batch endpoint the bill halves to $2/$6 per "
                         "million input/output tokens.")
    assert got[("Zorblax 3", "input", 4.0)] == {}
    assert got[("Zorblax 3", "input", 2.0)] == {"kind": "batch"}
    assert got[("Zorblax 3", "output", 6.0)] == {"kind": "batch"}


def test_qualifiers_cache_words_in_brackets_stay_with_their_figure_fr(nlp_fr):
    got = priced(nlp_fr, "Zorblax 3 coûte 0,40 $ par million de tokens en entrée (0,10 $ pour "
                         "les requêtes mises en cache) et 1,60 $ par million en sortie.")
    assert got[("Zorblax 3", "input", 0.1)] == {"kind": "cached_input"}
    assert got[("Zorblax 3", "output", 1.6)] == {}


def test_qualifiers_upper_tier_takes_its_threshold_from_the_sentence(nlp_en):
    got = priced(nlp_en, "Zorblax 3 costs $1 per 1M input tokens for prompts up to 200K tokens "
                         "and $2 per 1M input tokens for longer prompts.")
    assert got[("Zorblax 3", "input", 1.0)] == {}
    assert got[("Zorblax 3", "input", 2.0)] == {"tier": "> 200K"}


def test_qualifiers_upper_tier_named_later_keeps_the_earlier_threshold_fr(nlp_fr):
    text = ("Zorblax 3 est facturé 1 $ par million de tokens en entrée jusqu'à 200 000 tokens. "
            "Pour les requêtes longues, il coûte 2 $ par million de tokens en entrée et 6 $ en sortie.")
    got = priced(nlp_fr, text)
    assert got[("Zorblax 3", "input", 2.0)] == {"tier": "> 200K"}
    assert got[("Zorblax 3", "output", 6.0)] == {"tier": "> 200K"}


def test_qualifiers_down_from_marks_both_old_figures(nlp_en):
    got = priced(nlp_en, "Zorblax 3 now costs $1 per million input tokens and $4 per million "
                         "output tokens, down from $3 and $12.")
    assert got[("Zorblax 3", "input", 1.0)] == {"change": "new"}
    assert got[("Zorblax 3", "output", 4.0)] == {"change": "new"}
    assert got[("Zorblax 3", "input", 3.0)] == {"change": "old"}
    assert got[("Zorblax 3", "output", 12.0)] == {"change": "old"}


def test_qualifiers_a_price_going_from_one_figure_to_another_is_new_fr(nlp_fr):
    got = priced(nlp_fr, "Le tarif d'entrée de Zorblax 3 passe de 5 à 2 dollars par million de tokens.")
    assert got[("Zorblax 3", "input", 2.0)] == {"change": "new"}


def test_qualifiers_before_and_after_columns_of_a_price_table_fr(nlp_fr):
    text = ("Les nouveaux tarifs, en dollars par million de tokens :\n\n"
            "| Modèle | Entrée (ancien) | Sortie (ancien) | Entrée (nouveau) | Sortie (nouveau) |\n"
            "|---|---|---|---|---|\n"
            "| Zorblax 3 | 3 $ | 9 $ | 1 $ | 3 $ |\n")
    got = priced(nlp_fr, text)
    assert got[("Zorblax 3", "input", 3.0)] == {"change": "old"}
    assert got[("Zorblax 3", "output", 9.0)] == {"change": "old"}
    assert got[("Zorblax 3", "input", 1.0)] == {"change": "new"}


def test_qualifiers_an_upper_tier_row_label_in_a_table(nlp_en):
    text = ("Prices per million tokens:\n\n"
            "| Model | Prompt size | Input | Output |\n|---|---|---|---|\n"
            "| Zorblax 3 | up to 64K | $1.00 | $3.00 |\n"
            "| Zorblax 3 | over 64K | $2.00 | $6.00 |\n")
    got = priced(nlp_en, text)
    assert got[("Zorblax 3", "input", 1.0)] == {}
    assert got[("Zorblax 3", "input", 2.0)] == {"tier": "> 64K"}


def test_qualifiers_availability_now_and_coming_in_one_sentence(nlp_en):
    got = offered(nlp_en, "Zorblax 3 is available today on Vertex AI and will come to Amazon "
                          "Bedrock in the coming weeks.")
    assert got[("Zorblax 3", "Vertex AI")] == "available"
    assert got[("Zorblax 3", "Amazon Bedrock")] == "announced"


def test_qualifiers_a_preview_cue_belongs_to_the_nearest_channel(nlp_en):
    got = offered(nlp_en, "Zorblax 3 is available on Amazon Bedrock from day one and in limited "
                          "preview on Vertex AI.")
    assert got[("Zorblax 3", "Amazon Bedrock")] == "available"
    assert got[("Zorblax 3", "Vertex AI")] == "preview"


def test_qualifiers_a_list_of_coming_channels_shares_the_cue_fr(nlp_fr):
    got = offered(nlp_fr, "Zorblax 3 est accessible dès maintenant sur Vertex AI, et doit arriver "
                          "prochainement sur Amazon Bedrock, Databricks et Together AI.")
    assert got[("Zorblax 3", "Vertex AI")] == "available"
    for channel in ("Amazon Bedrock", "Databricks", "Together AI"):
        assert got[("Zorblax 3", channel)] == "announced"


def test_qualifiers_a_model_named_preview_is_no_preview(nlp_en):
    got = offered(nlp_en, "Plus subscribers got access to o1-preview in ChatGPT on Thursday.")
    assert got and all(status == "available" for status in got.values())
