"""Model names -> canonical keys and stable ids; organizations, benchmarks, channels."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from extractor.resolve import (
    clean_name,
    load_curated,
    model_id,
    model_key,
    parse_model_name,
    resolve_benchmark,
    resolve_channel,
    resolve_org,
)
from extractor.rules import load_rules


@pytest.mark.parametrize("spelling", [
    "GPT-4o mini", "gpt-4o-mini", "GPT\u20114o Mini", "le GPT-4o mini", "GPT-4o\u00a0mini",
    "« GPT-4o mini »", "the new GPT-4o mini", "GPT-4o mini's", "GPT 4o mini", "gpt-4o mini.",
])
def test_resolve_spellings_of_one_model_share_key_and_id(spelling):
    assert model_key(spelling) == model_key("GPT-4o mini")
    assert model_id(spelling) == "model/gpt-4o-mini"


@pytest.mark.parametrize(("a", "b"), [
    ("GPT-4o", "GPT-4o mini"),            # variant
    ("GPT-4", "GPT-4o"),                  # successor
    ("GPT-4", "GPT-4 Turbo"),
    ("Llama 3.1", "Llama 3"),
    ("Llama 3.1 405B", "Llama 3.1 70B"),
    ("Llama 3.1 405B", "Llama 3.1 405B Instruct"),
    ("Mistral Large", "Mistral Large 2"),
    ("Command R", "Command R+"),
    ("o1", "o1-mini"),
    ("o1-mini", "o3-mini"),
    ("Gemini 1.5 Flash", "Gemini 1.5 Flash-8B"),
    ("Gemini 1.5 Flash", "Gemini 2.0 Flash"),
    ("DeepSeek-V3", "DeepSeek-R1"),
    ("Claude 3 Haiku", "Claude 3.5 Haiku"),
    ("GPT-4o", "gpt-4o-2024-08-06"),      # a dated snapshot is its own model
])
def test_resolve_never_merges_variants_or_successors(a, b):
    assert model_key(a) != model_key(b)
    assert model_id(a) != model_id(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Claude 3.5 Sonnet", "Claude Sonnet 3.5"),
    ("Llama 3.1 405B", "Meta Llama 3.1 405B"),
    ("Meta-Llama-3.1-405B-Instruct", "Llama 3.1 405B Instruct"),
    ("Qwen2.5-72B-Instruct", "Qwen 2.5 72B Instruct"),
    ("Amazon Nova Pro", "Nova Pro"),
    ("Google Gemini 1.5 Pro", "gemini-1.5-pro"),
    ("o1-mini", "o1 mini"),
    ("Mixtral 8x7B", "mixtral-8x7b"),
])
def test_resolve_word_order_case_and_org_prefix_do_not_matter(a, b):
    assert model_key(a) == model_key(b)


def test_resolve_parse_takes_a_name_apart():
    n = parse_model_name("Llama 3.1 405B Instruct")
    assert (n.family, n.family_name, n.version) == ("family/llama", "Llama", "3.1")
    assert n.sizes == ("405B",) and n.variants == ("Instruct",)
    o = parse_model_name("o1-preview")
    assert (o.family, o.version, o.parts) == ("family/o", "1", ("preview",))
    assert parse_model_name("DeepSeek-R1").version == "r1"
    assert parse_model_name("gpt-4-0613").version == "4"


def test_resolve_unlisted_family_is_named_by_its_letters():
    n = parse_model_name("Zeta-1 mini")
    assert (n.family, n.version, n.parts, n.known_family) == ("family/zeta", "1", ("mini",), False)
    assert model_id("Zeta-1 mini") == "model/zeta-1-mini"


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "\u0000\u202e", "Robert'); DROP",
])
def test_resolve_hostile_names_get_safe_ids(hostile):
    mid = model_id(hostile)
    assert mid.startswith("model/")
    assert all(c.isalnum() or c in "/-" for c in mid)
    assert model_id(hostile) == mid  # stable


def test_resolve_ids_of_distinct_hostile_names_differ():
    assert model_id("<b>x</b>") != model_id("b x b")


def test_resolve_clean_name_strips_articles_quotes_and_normalizes_unicode():
    assert clean_name("l\u2019o1-mini") == "o1-mini"
    assert clean_name("le \u00ab\u00a0GPT\u20114o\u00a0mini\u00a0\u00bb") == "GPT-4o mini"
    assert clean_name("Anthropic's") == "Anthropic"
    assert clean_name("the") == "the"  # never reduced to nothing


def test_resolve_curated_ids_win_over_rendered_ones():
    assert model_id("Mistral Large 2") == "model/mistral-large-2"
    assert model_id("mistral-large-2407") == "model/mistral-large-2"
    assert model_id("GPT-4 omni") == "model/gpt-4o"


def test_resolve_orgs_benchmarks_channels():
    assert resolve_org("Google DeepMind").id == "org/google"
    assert resolve_org("Zeta Labs").label == "Zeta Labs"
    assert resolve_benchmark("GSM-8K").id == "benchmark/gsm8k"
    assert resolve_benchmark("NewBench 2").id == "benchmark/newbench-2"
    plus = resolve_channel("ChatGPT Plus")
    assert (plus.id, plus.platform) == ("channel/chatgpt-plus", "channel/chatgpt")
    api = resolve_channel("l'API", developer="Mistral AI")
    assert (api.id, api.label) == ("channel/mistral-ai-api", "Mistral AI API")
    assert resolve_channel("API").id == "channel/api"
    assert resolve_channel("Azure OpenAI Service").id == "channel/azure-openai"


def test_resolve_curated_alias_file_is_valid():
    path = resources.files("extractor").joinpath("rules", "entities", "aliases.jsonl")
    text = path.read_text("utf-8")
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    ids = [r["id"] for r in records]
    assert ids == sorted(ids), "aliases.jsonl is sorted by id"
    assert len(set(ids)) == len(ids)
    orgs = {o.id for o in load_rules().orgs}
    for r in records:
        known = {"id", "label", "name", "aliases", "org", "released", "standalone"}
        assert set(r) <= known, r["id"]
        assert r.get("label", "MODEL") == "MODEL"
        assert r["id"].startswith("model/")
        assert r.get("org") is None or r["org"] in orgs, r["id"]
        for alias in r.get("aliases", ()):
            assert model_id(alias) == r["id"], (alias, r["id"])
        if r.get("standalone"):
            assert parse_model_name(r["name"]).version is None, r["id"]
    assert all(m.id.startswith("model/") for m in load_curated().models)
