"""Tables whose cells run together once a page is flattened to text (``flattened.unglue``)."""

from __future__ import annotations

from extractor.flattened import joined_words, unglue

from test_extract import facts

PROTECTED = joined_words(["DeepSeek-V3", "OpenAI", "HumanEval"])


def _unglue(text: str) -> str:
    out, at = unglue(text, list(range(len(text) + 1)), PROTECTED)
    assert len(at) == len(out) + 1
    return out


def test_flattened_benchmark_grid_becomes_pipe_rows_with_a_header_rule():
    text = ("Scores:\n"
            "TestDeepSeek-V3OpenAI o3Orbix 2\n"
            "HumanEval88.1%90.0%72.5%\n"
            "AIME 202571.0%83.4%40.2%\n")
    out = _unglue(text)
    assert "| Test | DeepSeek-V3 | OpenAI o3 | Orbix 2 |\n|---|---|---|---|" in out
    assert "| HumanEval | 88.1% | 90.0% | 72.5% |" in out
    # a percentage is at most 100: the year stays in the label
    assert "| AIME 2025 | 71.0% | 83.4% | 40.2% |" in out
    assert out.startswith("Scores:\n")


def test_flattened_price_rows_split_on_currency_and_units():
    out = _unglue("ModelInputOutputContext\nZeta-2$1.10/M$4.40/M200K\nZeta-2 Mini$0.20/M$0.80/M128K\n")
    assert "| Zeta-2 | $1.10/M | $4.40/M | 200K |" in out
    assert "| Zeta-2 Mini | $0.20/M | $0.80/M | 128K |" in out
    assert "| Model | Input | Output | Context |" in out


def test_flattened_leaves_prose_and_unsplittable_tables_alone():
    prose = "Zeta-2 scores 88.1% on HumanEval and 71.0% on AIME, at $1.10 per million tokens.\n"
    assert _unglue(prose) == prose
    # figures without marks of their own cannot be cut, and a header that does not cut into
    # one cell per figure is no header
    bare = "TestZeta-2Orbix 2\nCodeforces20291891\nElo13501288\n"
    assert _unglue(bare) == bare
    wrong = "Some heading\nHumanEval88.1%90.0%72.5%\nMMLU81.0%83.4%40.2%\n"
    assert _unglue(wrong) == wrong


def test_flattened_offsets_point_back_into_the_input():
    text = "TestZeta-2Orbix 2\nMMLU81.0%83.4%\nGSM8K90.0%91.5%\nafter"
    out, at = unglue(text, list(range(len(text) + 1)), PROTECTED)
    assert out.endswith("\nafter")
    assert text[at[out.index("after")]:][:5] == "after"
    assert at == sorted(at)  # never backwards


def test_extract_reads_a_glued_benchmark_table(nlp_en):
    text = ("Orbix 2 against its rivals:\n\n"
            "BenchmarkOrbix 2DeepSeek-V3\n"
            "GPQA Diamond61.5%59.1%\n"
            "Codeforces (Elo)18201134\n"
            "MMLU88.0%88.5%\n")
    got = facts(nlp_en, text)
    assert ("benchmark", "Orbix 2", "GPQA Diamond", 61.5) in got
    assert ("benchmark", "DeepSeek-V3", "GPQA Diamond", 59.1) in got
    assert ("benchmark", "Orbix 2", "MMLU", 88.0) in got  # after the row that cannot be split
    assert not any(f[0] == "benchmark" and f[2] == "Codeforces" for f in got)
