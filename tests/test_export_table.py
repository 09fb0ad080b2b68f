"""``extractor extract --format table``: facts as aligned columns."""

from __future__ import annotations

from extractor.export import facts_table
from extractor.records import Article, Evidence, Extraction, Fact


def _ex(source, *facts):
    return Extraction(Article(source=source, url=f"file:///{source}", text="..."), tuple(facts))


def test_export_facts_table_aligns_columns_and_counts():
    ev = Evidence("...", 0, 3)
    text = facts_table([
        _ex("a.html", Fact("price", "GPT-4o mini", {
            "direction": "input", "amount": 0.15, "currency": "USD", "per_tokens": 1_000_000}, ev),
            Fact("benchmark", "GPT-4o", {"benchmark": "MMLU", "score": 88.7}, ev, 0.75)),
        _ex("b.txt"),
    ])
    lines = text.splitlines()
    assert lines[0].split() == ["SOURCE", "TYPE", "MODEL", "FACT", "CONF"]
    assert "input: 0.15 USD per 1M tokens" in lines[1] and lines[1].endswith("0.80")
    assert "MMLU: 88.7" in lines[2] and lines[2].endswith("0.75")
    col = lines[0].index("MODEL")
    assert lines[1][col:].startswith("GPT-4o mini") and lines[2][col:].startswith("GPT-4o ")
    assert lines[-1] == "2 facts from 2 inputs"


def test_export_facts_table_keeps_one_line_per_fact_with_hostile_text():
    ev = Evidence("...", 0, 3)
    text = facts_table([_ex("x", Fact("competitor", "A\nB\x1b[31m", {"competitor": "C\rD"}, ev))])
    assert len(text.splitlines()) == 3 and "\x1b" not in text


def test_export_facts_table_without_facts():
    header = "SOURCE  TYPE  MODEL  FACT" + " " * 34 + "CONF"
    assert facts_table([]) == header + "\n0 facts from 0 inputs\n"
