"""markup.strip: the rules read words; evidence still points into the text as written."""

from __future__ import annotations

import pytest

from extractor.markup import blank, strip


@pytest.mark.parametrize(("raw", "clean"), [
    ("**Zeta-2** is out", "Zeta-2 is out"),
    ("Read [the card](https://hub.example/org/zeta-2-8k) now", "Read the card now"),
    ("Zeta 4\\. Next", "Zeta 4. Next"),
    ("about \\~400B total", "about ~400B total"),
    ("macro\\_avg", "macro_avg"),
    ("a<br>b", "a b"),
    ("see <!-- hidden 128K --> this", "see  this"),
    ("```py\nmodel_id = \"x/zeta-128k\"\n```\nAfter", "\n\n\nAfter"),
    ("| Zeta | *46.8* |", "| Zeta | 46.8 |"),
    ("GPT-9^ leads", "GPT-9 leads"),
    ("plain text, no marks at all", "plain text, no marks at all"),
])
def test_markup_strip_keeps_the_words(raw, clean):
    got, offsets = strip(raw)
    assert got == clean
    assert len(offsets) == len(got) + 1
    for i, ch in enumerate(got):
        assert ch == " " or raw[offsets[i]] == ch  # every kept character maps to itself


def test_markup_blank_keeps_length_and_lines():
    raw = "**A**\n[b](http://x.example/y)\n"
    out = blank(raw)
    assert len(out) == len(raw) and out.count("\n") == 2 and "http" not in out


def test_markup_evidence_points_into_the_text_as_written(nlp_en):
    from extractor.extract import extract_doc
    from extractor.records import Article

    text = "Intro.\n\n**Claude 3.5 Sonnet** scores **81.2%** on [MMLU](https://bench.example/mmlu)."
    article = Article(source="t", url="t", text=text, language="en")
    facts = extract_doc(nlp_en(text), article).facts
    bench = [f for f in facts if f.type == "benchmark"]
    assert bench and bench[0].data["score"] == 81.2
    ev = bench[0].evidence
    assert text[ev.start:ev.end] == ev.sentence and ev.sentence.startswith("Claude 3.5 Sonnet** scores") and ev.sentence.endswith("mmlu).")
