"""The cue matcher every fact rule shares: lexicon words as whole words or phrases, with
``*`` standing for any word ending, so that a lexicon lists a stem once instead of each
inflection (French verbs have a dozen)."""

from __future__ import annotations

import pytest

from extractor.extract.context import cue_pattern, find_cue, has, nearest_word


@pytest.mark.parametrize("text, words, expected", [
    ("Zorb-3 outperforms its rivals", ["outperform*"], True),
    ("Zorb-3 outperformed them", ["outperform*"], True),
    ("Zorb-3 is an outperformer", ["outperform*"], True),
    ("les deux modèles surpassent Zorb-2", ["surpass*"], True),
    ("une qualité supérieure à celle de Zorb-2", ["supérieur* à"], True),
    ("une qualité supérieure au modèle", ["supérieur* à"], False),
    ("nous comparons", ["compar"], False),          # no star: whole words only
    ("a supersurpassing model", ["surpass*"], False),  # a stem starts a word
    ("it is than", ["than"], True),
    ("it is thank you", ["than"], False),
    ("GPT-4o vs. Claude", ["vs."], True),
    ("Il s'agit d'une mise à jour d'Orbix", ["mise à jour d'"], True),
])
def test_cues_whole_words_and_stems(text, words, expected):
    assert has(text, words) is expected


def test_cues_find_gives_the_span_of_the_inflected_word():
    low = "orbix 2 rivalise avec zorb"
    start, end = find_cue(low, "rivalis*")
    assert low[start:end] == "rivalise"
    assert find_cue(low, "rivaliser") is None


def test_cues_nearest_word_measures_from_either_end():
    assert nearest_word("window: 128K tokens of context", ["context"], 12) == 11
    assert nearest_word("context: 128K", ["context"], 12) == 5  # from the end of the word
    assert nearest_word("nothing here", ["context"], 3) is None


def test_cues_pattern_is_built_once_per_list():
    words = ("surpass*", "beats")
    assert cue_pattern(words) is cue_pattern(words)
