"""Sentences -> facts: each case is a piece of tech-news writing and the facts it states."""

from __future__ import annotations

import pytest

from extractor.extract import extract_doc
from extractor.records import FACT_FIELDS, Article


def facts(nlp, text: str, published: str | None = None) -> set[tuple]:
    article = Article(source="t", url="t", text=text, published=published, language=nlp.lang)
    out = set()
    for f in extract_doc(nlp(text), article).facts:
        assert text[f.evidence.start:f.evidence.end] == f.evidence.sentence
        # the contract's fields only: qualifiers (kind, tier, change, status) have their own tests
        out.add((f.type, f.model, *(f.data[k] for k in sorted(f.data) if k in FACT_FIELDS[f.type])))
    return out


def test_extract_list_of_scores_gives_benchmarks_and_competitors(nlp_en):
    got = facts(nlp_en, "GPT-4o mini scores 82% on MMLU, compared with 77.9% for Gemini Flash "
                        "and 73.8% for Claude 3 Haiku.")
    assert ("benchmark", "GPT-4o mini", "MMLU", 82.0) in got
    assert ("benchmark", "Gemini Flash", "MMLU", 77.9) in got
    assert ("benchmark", "Claude 3 Haiku", "MMLU", 73.8) in got
    assert ("competitor", "GPT-4o mini", "Gemini Flash") in got
    assert ("competitor", "GPT-4o mini", "Claude 3 Haiku") in got


def test_extract_pronoun_and_earlier_benchmark(nlp_fr):
    text = ("OpenAI lance GPT-4o mini.\n\nDu côté d'OpenAI, on s'appuie toujours sur MMLU. "
            "Le « petit dernier » de la maison atteint 82 % sur ce benchmark.")
    assert ("benchmark", "GPT-4o mini", "MMLU", 82.0) in facts(nlp_fr, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Claude 3.5 Sonnet costs $3 per million input tokens and $15 per million output tokens.",
         {("input", 3.0, "USD", 1_000_000), ("output", 15.0, "USD", 1_000_000)}),
        ("Claude 3.5 Sonnet costs $3/$15 per million input/output tokens.",
         {("input", 3.0, "USD", 1_000_000), ("output", 15.0, "USD", 1_000_000)}),
        ("Claude 3 Haiku is priced at $0.25/M input tokens.", {("input", 0.25, "USD", 1_000_000)}),
        ("Claude 3 Haiku costs 25 cents per million input tokens.", {("input", 0.25, "USD", 1_000_000)}),
        ("GPT-3.5 Turbo costs $0.0005 per 1K input tokens.", {("input", 0.0005, "USD", 1000)}),
    ],
)
def test_extract_prices_en(nlp_en, text, expected):
    got = {f[2:] for f in facts(nlp_en, text) if f[0] == "price"}
    got = {(d, a, c, p) for a, c, d, p in got}
    assert got == expected


def test_extract_prices_fr_centimes_and_euros(nlp_fr):
    got = facts(nlp_fr, "Mistral NeMo coûte 0,15 € le million de jetons en entrée. "
                        "Sur l'API, GPT-4o mini coûte 15 centimes par million de tokens en entrée et 60 centimes en sortie.")
    assert ("price", "Mistral NeMo", 0.15, "EUR", "input", 1_000_000) in got
    assert ("price", "GPT-4o mini", 0.15, "EUR", "input", 1_000_000) in got or \
        ("price", "GPT-4o mini", 0.15, "USD", "input", 1_000_000) in got
    assert any(f[:2] == ("price", "GPT-4o mini") and f[4] == "output" and f[2] == 0.6 for f in got)


def test_extract_contre_gives_two_models(nlp_fr):
    text = ("GPT-4o mini arrive.\n\nPar rapport à GPT-3.5 Turbo, la fenêtre de contexte s'agrandit "
            "(128k contre 16k). La fenêtre d'output aussi (16k contre 4k).")
    got = facts(nlp_fr, text)
    assert ("context_window", "GPT-4o mini", 128_000) in got
    assert ("context_window", "GPT-3.5 Turbo", 16_000) in got
    assert ("max_output", "GPT-4o mini", 16_000) in got
    assert ("max_output", "GPT-3.5 Turbo", 4_000) in got


def test_extract_availability_lists(nlp_fr):
    got = facts(nlp_fr, "GPT-4o mini est disponible sur les endpoints Assistants, Chat Completions et Batch. "
                        "Il l'est aussi sur ChatGPT Free, Plus et Team.")
    channels = {f[2] for f in got if f[0] == "availability"}
    assert {"Assistants API", "Chat Completions API", "Batch API", "ChatGPT Free", "ChatGPT Plus",
            "ChatGPT Team"} <= channels


def test_extract_relative_dates_resolve_against_publication(nlp_en):
    got = facts(nlp_en, "Meta today released Llama 3.1, its new open model family.", published="2024-07-23")
    assert ("launch", "Llama 3.1", "2024-07-23", "Meta") in got
    vague = facts(nlp_en, "OpenAI will launch GPT-5 next week.", published="2024-07-23")
    assert all(f[2] is None for f in vague if f[0] == "launch")


def test_extract_parameters_family_sizes(nlp_fr):
    got = facts(nlp_fr, "Meta lance Llama 3, disponible en 8 et 70 milliards de paramètres.")
    assert ("parameters", "Llama 3", 8_000_000_000) in got
    assert ("parameters", "Llama 3", 70_000_000_000) in got


def test_extract_knowledge_cutoff_and_successor(nlp_en):
    got = facts(nlp_en, "GPT-4o mini, the successor to GPT-3.5 Turbo, has a knowledge cutoff of October 2023.")
    assert ("successor", "GPT-4o mini", "GPT-3.5 Turbo") in got
    assert ("knowledge_cutoff", "GPT-4o mini", "2023-10") in got


def test_extract_same_developer_is_not_a_competitor(nlp_en):
    got = facts(nlp_en, "OpenAI launched GPT-4o mini on Thursday. "
                        "GPT-4o mini is cheaper than GPT-3.5 Turbo and faster than Claude 3 Haiku.")
    assert ("competitor", "GPT-4o mini", "Claude 3 Haiku") in got
    assert not any(f[0] == "competitor" and "GPT-3.5 Turbo" in f for f in got)


def test_extract_markdown_benchmark_table(nlp_en):
    text = ("OpenAI released GPT-4o mini.\n| Model | MMLU | HumanEval |\n|---|---|---|\n"
            "| GPT-4o mini | 82.0% | 87.2% |\n| Gemini Flash | 77.9% | 71.5% |\n")
    got = facts(nlp_en, text)
    assert ("benchmark", "GPT-4o mini", "HumanEval", 87.2) in got
    assert ("benchmark", "Gemini Flash", "MMLU", 77.9) in got


def test_extract_no_facts_from_a_passing_mention(nlp_en):
    got = facts(nlp_en, "Regulators worry about chatbots such as ChatGPT and models like GPT-4 and Llama 2.")
    assert not [f for f in got if f[0] in ("launch", "price", "benchmark", "availability")]


def test_extract_models_named_together_outside_launch_news_are_not_rivals(nlp_en):
    got = facts(nlp_en, "The AI Act will apply to GPT-4o, which competes with Claude 3.5 Sonnet and Llama 3.1.")
    assert not [f for f in got if f[0] == "competitor"]


def test_extract_price_table_headers_are_not_models(nlp_en):
    text = ("Google launched Gemini 1.5 Flash-8B today.\n| Model | Input (per 1M tokens) | Output (per 1M tokens) |\n"
            "|---|---|---|\n| Gemini 1.5 Flash-8B | $0.0375 | $0.15 |\n| GPT-4o mini | $0.15 | $0.60 |\n")
    got = facts(nlp_en, text)
    assert ("price", "GPT-4o mini", 0.6, "USD", "output", 1_000_000) in got
    assert not [f for f in got if "Input" in f[1] or "Input" in str(f[2:])]


def test_extract_transposed_benchmark_table_with_unlisted_model(nlp_en):
    text = ("DeepSeek released DeepSeek-R1 today.\n| Benchmark | DeepSeek-R1 | Zorblax-9 |\n|---|---|---|\n"
            "| MMLU | 90.8 | 91.8 |\n")
    got = facts(nlp_en, text)
    assert ("benchmark", "DeepSeek-R1", "MMLU", 90.8) in got
    assert ("benchmark", "Zorblax-9", "MMLU", 91.8) in got


def test_extract_period_glued_to_a_size_ends_the_sentence(nlp_en):
    text = ("Microsoft released Phi-4 today. It is compared with Meta's Llama 3.3 70B. "
            "Its context window is 16K tokens.")
    got = facts(nlp_en, text)
    assert ("context_window", "Phi-4", 16_000) in got
    assert not [f for f in got if f[0] == "context_window" and f[1] != "Phi-4"]


def test_extract_the_latter_is_the_model_just_named(nlp_fr):
    text = ("Mistral AI lance Mistral Small 3.1, 24 milliards de paramètres, comme Mistral Small 3. "
            "Ce dernier se limitait toutefois à 32 000 jetons de contexte, quand le nouveau modèle en accepte 128 000.")
    got = facts(nlp_fr, text)
    assert ("context_window", "Mistral Small 3", 32_000) in got
    assert ("context_window", "Mistral Small 3.1", 128_000) in got


GROUP_FR = ("Zhipu a dévoilé GLM-4 et 01.AI a présenté Yi-Large. Les deux visent les entreprises.\n\n"
            "GLM-4 se décline en deux modèles. GLM-4 9B est un modèle de texte. GLM-4V 9B, sa variante "
            "multimodale, lit aussi les images. Zhipu les publie sous licence libre, et les deux sont "
            "téléchargeables sur Hugging Face.\n\n"
            "Sur MMLU, Yi-Large obtient 83,8. Le modèle chinois devance Llama 3 70B, le dernier-né de Meta.")


def test_extract_numbered_group_means_the_models_just_named(nlp_fr):
    got = facts(nlp_fr, GROUP_FR, "2024-06-05")
    hf = {f[1] for f in got if f[0] == "availability" and f[2] == "Hugging Face"}
    assert hf == {"GLM-4 9B", "GLM-4V 9B"}


def test_extract_description_in_apposition_is_not_the_focus(nlp_fr):
    got = facts(nlp_fr, GROUP_FR, "2024-06-05")
    assert ("competitor", "Yi-Large", "Llama 3 70B") in got
    assert ("competitor", "GLM-4", "Llama 3 70B") not in got


def test_extract_family_named_as_models_is_a_predecessor(nlp_fr):
    got = facts(nlp_fr, "Le même jour, la start-up a publié Yi-1.5, qui succède aux modèles Yi de 2023.", "2024-05-13")
    assert ("successor", "Yi-1.5", "Yi") in got
    assert any(f[:2] == ("launch", "Yi-1.5") for f in got)


def test_extract_elided_second_succession(nlp_fr):
    got = facts(nlp_fr, "Qwen2.5 7B succède à Qwen2 7B, et Qwen2.5 72B à Qwen2 72B.")
    assert ("successor", "Qwen2.5 7B", "Qwen2 7B") in got
    assert ("successor", "Qwen2.5 72B", "Qwen2 72B") in got
    assert not any(f[0] == "successor" and f[2] == "Qwen2.5 72B" for f in got)


def test_extract_respectively_takes_the_benchmarks_of_the_sentence_before(nlp_fr):
    text = ("Google lance Gemma 3 27B et Gemma 3 12B.\n\n"
            "Gemma 3 27B obtient 67,5 sur MMLU Pro et 42,4 sur GPQA Diamond. "
            "Gemma 3 12B s'arrête respectivement à 60,6 et 40,9.")
    got = facts(nlp_fr, text)
    assert ("benchmark", "Gemma 3 12B", "MMLU Pro", 60.6) in got
    assert ("benchmark", "Gemma 3 12B", "GPQA Diamond", 40.9) in got


def test_extract_benchmark_carries_to_bare_scores_of_the_next_sentence(nlp_fr):
    text = ("Sur MMMU, Pixtral Large obtient 64,0, contre 69,1 pour GPT-4o. "
            "Pixtral 12B, avec 52,5, fait jeu égal avec Claude 3 Haiku (50,2).")
    got = facts(nlp_fr, text)
    assert ("benchmark", "Pixtral 12B", "MMMU", 52.5) in got
    assert ("benchmark", "Claude 3 Haiku", "MMMU", 50.2) in got


def test_extract_sizes_name_the_models_of_a_release(nlp_en):
    text = ("Meta released Llama 3.2 1B and Llama 3.2 3B yesterday.\n\n"
            "The 1B and 3B models support a context of 128K tokens.")
    got = facts(nlp_en, text, "2024-09-26")
    assert ("context_window", "Llama 3.2 1B", 128_000) in got
    assert ("context_window", "Llama 3.2 3B", 128_000) in got
    assert not any(f[0] == "parameters" for f in got)


def test_extract_the_new_family_and_its_sizes(nlp_en):
    text = ("Meta releases Llama 3.1 405B, its largest open model\n"
            "The new family also refreshes the 8B and 70B models and stretches the context window to 128K tokens.\n"
            "Meta released Llama 3.1 on Tuesday, headlined by Llama 3.1 405B. Llama 3.1 8B and Llama 3.1 70B get the same upgrades.")
    got = facts(nlp_en, text, "2024-07-24")
    assert ("context_window", "Llama 3.1", 128_000) in got
    assert not any(f[0] == "successor" for f in got)


def test_extract_availability_of_a_release_and_its_audience(nlp_en):
    text = ("Google on Thursday released Gemma 2 in two sizes. Gemma 2 9B and Gemma 2 27B are open.\n\n"
            "The weights can be downloaded from Kaggle starting Thursday. "
            "Google Cloud customers will be able to deploy the models on Vertex AI next month.")
    got = facts(nlp_en, text, "2024-06-28")
    assert ("availability", "Gemma 2", "Vertex AI", None) in {f[:3] + (None,) for f in got if f[0] == "availability"}
    assert not any(f[0] == "availability" and f[2] == "Google Cloud" for f in got)
    assert ("availability", "Gemma 2", "Kaggle", "2024-06-27") in {(f[0], f[1], f[2], f[3]) for f in got}


def test_extract_generic_api_gives_way_to_named_endpoints(nlp_fr):
    got = facts(nlp_fr, "OpenAI lance GPT-4o mini. Le modèle est disponible dans l'API via les endpoints "
                        "Assistants, Chat Completions et Batch.")
    channels = {f[2] for f in got if f[0] == "availability"}
    assert {"Assistants API", "Chat Completions API", "Batch API"} <= channels
    assert "API" not in channels


def test_extract_plural_participle_launches_both_models(nlp_fr):
    got = facts(nlp_fr, "Gemma 3 1B et Gemma 3 27B, présentés mercredi, sont ouverts.", "2025-03-13")
    assert {f[1] for f in got if f[0] == "launch"} >= {"Gemma 3 1B", "Gemma 3 27B"}


def test_extract_prices_owned_by_the_model_named_after_them(nlp_en):
    got = facts(nlp_en, "Mistral AI unveiled Mistral Medium 3. Anthropic still charges $3 per million input tokens "
                        "and $15 per million output tokens for Claude 3.7 Sonnet.")
    prices = {(f[1], f[4], f[2]) for f in got if f[0] == "price"}
    assert prices == {("Claude 3.7 Sonnet", "input", 3.0), ("Claude 3.7 Sonnet", "output", 15.0)}


def test_extract_compared_prices_and_their_order(nlp_en):
    text = ("DeepSeek-R1 is billed at $0.55 per million input tokens and $2.19 per million output tokens, "
            "and Google's Gemini 2.5 Pro at $1.25 and $10 for prompts of up to 200,000 tokens. "
            "The snapshot gpt-4o-2024-08-06 costs $2.50 per million input tokens and $10 per million output tokens, "
            "down from $5 and $15 for the original gpt-4o-2024-05-13.")
    prices = {(f[1], f[4], f[2]) for f in facts(nlp_en, text) if f[0] == "price"}
    assert ("Gemini 2.5 Pro", "input", 1.25) in prices and ("Gemini 2.5 Pro", "output", 10.0) in prices
    assert ("gpt-4o-2024-05-13", "input", 5.0) in prices and ("gpt-4o-2024-05-13", "output", 15.0) in prices
    assert ("gpt-4o-2024-08-06", "input", 2.5) in prices
    assert not any(p[0] == "gpt-4o-2024-08-06" and p[2] in (5.0, 15.0) for p in prices)


def test_extract_benchmark_named_by_reference_carries_on(nlp_en):
    text = ("The company's figure is 62.3% on SWE-bench Verified. It's a real step. "
            "Those figures put the model ahead on that benchmark. "
            "In the chart, Claude 3.5 Sonnet sits at 49.0%, and o1 at 48.9%.")
    got = facts(nlp_en, text)
    assert ("benchmark", "Claude 3.5 Sonnet", "SWE-bench Verified", 49.0) in got


def test_extract_respectively_over_models_and_joined_scores(nlp_en):
    text = ("Microsoft released Phi-3-mini. Its bigger siblings go further: Phi-3-small and Phi-3-medium "
            "reach 75% and 78% on MMLU, and 8.7 and 8.9 on MT-bench, respectively.")
    got = {f for f in facts(nlp_en, text) if f[0] == "benchmark"}
    assert got == {("benchmark", "Phi-3-small", "MMLU", 75.0), ("benchmark", "Phi-3-medium", "MMLU", 78.0),
                   ("benchmark", "Phi-3-small", "MT-bench", 8.7), ("benchmark", "Phi-3-medium", "MT-bench", 8.9)}


def test_extract_elided_verb_and_respectively_fr(nlp_fr):
    text = ("AI21 Labs lance Jamba 1.5 Mini et Jamba 1.5 Large.\n\n"
            "Sur Arena Hard, Jamba 1.5 Large obtient 65,4 et Jamba 1.5 Mini 46,1. "
            "Sur MMLU, ils affichent respectivement 81,2 et 69,7.")
    got = facts(nlp_fr, text)
    assert ("benchmark", "Jamba 1.5 Mini", "Arena-Hard", 46.1) in got or ("benchmark", "Jamba 1.5 Mini", "Arena Hard", 46.1) in got
    assert ("benchmark", "Jamba 1.5 Large", "MMLU", 81.2) in got
    assert ("benchmark", "Jamba 1.5 Mini", "MMLU", 69.7) in got


def test_extract_one_rate_for_input_and_output_is_flat_but_a_later_clause_is_not(nlp_fr, nlp_en):
    fr = facts(nlp_fr, "Ministral 8B y est facturé 0,1 dollar par million de tokens, avec un tarif unique pour "
                       "l'entrée et la sortie.")
    assert ("price", "Ministral 8B", 0.1, "USD", "flat", 1_000_000) in fr
    en = facts(nlp_en, "The Batch API halves the bill for Claude 3.5 Haiku, to 50 cents per million input tokens and "
                       "$2.50 per million output tokens, and caching can cut repeated input costs by up to 90%.")
    assert ("price", "Claude 3.5 Haiku", 2.5, "USD", "output", 1_000_000) in en


def test_extract_member_stays_salient_in_the_next_paragraph(nlp_en):
    text = ("Alibaba released Qwen2.5, a family of open models.\n\n"
            "The headline model is Qwen2.5-72B-Instruct. Alibaba compares it with Llama 3.1 405B.\n\n"
            "Maths is where the gap is widest. The model posts 83.1 on the MATH benchmark.")
    assert ("benchmark", "Qwen2.5-72B-Instruct", "MATH", 83.1) in facts(nlp_en, text)


def test_extract_fronted_channel_belongs_to_the_model_after_it(nlp_fr):
    text = ("DeepSeek publie DeepSeek-R1 et DeepSeek-R1-Distill.\n\nDeepSeek-R1-Distill tient sur un seul GPU.\n\n"
            "Via l'API de DeepSeek, où il porte le nom deepseek-reasoner, DeepSeek-R1 est facturé 0,55 $ "
            "par million de jetons en entrée.")
    got = facts(nlp_fr, text)
    owners = {f[1] for f in got if f[0] == "availability"}
    assert owners == {"DeepSeek-R1"}


def test_extract_score_pairs_and_unnamed_rivals(nlp_fr):
    got = facts(nlp_fr, "Ministral 8B prend l'avantage sur Llama 3.1 8B sur les trois tests, mais reste derrière "
                        "Gemma 2 9B sur WildBench (41,3 contre 43,8). Sur MathVista, Grok-2 devance même le modèle "
                        "d'OpenAI, 69,0 % contre 63,8 %. Sur ArenaHard, DeepSeek-V2.5 grimpe à 76,2, contre 68,3 "
                        "pour l'ancien modèle de chat.")
    scores = {f[1:] for f in got if f[0] == "benchmark"}
    assert scores == {("Ministral 8B", "WildBench", 41.3), ("Gemma 2 9B", "WildBench", 43.8),
                      ("Grok-2", "MathVista", 69.0), ("DeepSeek-V2.5", "ArenaHard", 76.2)}


def test_extract_relative_clause_model_does_not_own_the_value(nlp_fr):
    got = facts(nlp_fr, "Sur l'AIME, GPT-4o ne résout que 13 % des problèmes. Le modèle o1 complet, dont o1-preview "
                        "n'est qu'une préversion, en résout 83 %.")
    assert ("benchmark", "o1", "AIME", 83.0) in got
    assert ("benchmark", "o1-preview", "AIME", 83.0) not in got


def test_extract_value_owned_by_a_model_after_a_participle(nlp_en):
    got = facts(nlp_en, "Qwen2.5-72B-Instruct posts 83.1 on MATH, well ahead of the 73.8 managed by Llama 3.1 405B.")
    assert ("benchmark", "Llama 3.1 405B", "MATH", 73.8) in got
    assert ("benchmark", "Qwen2.5-72B-Instruct", "MATH", 73.8) not in got


CLAUDE_4 = ("Anthropic on Thursday released Claude Opus 4 and Claude Sonnet 4.\n\n"
            "Sonnet 4 resolves 72.7% of them and Opus 4 72.5%, against 62.3% for Claude 3.7 Sonnet. "
            "On Terminal-bench, a test of command-line work, Opus 4 leads at 43.2%.\n\n"
            "Opus 4 costs $15 per million input tokens and $75 per million output tokens; Sonnet 4 stays at $3/$15. "
            "Through the Message Batches API, Opus 4 drops to $7.50 and $37.50. "
            "Cached prompt reads on Sonnet 4 cost 30 cents per million tokens.\n\n"
            "Sonnet 4 can write up to 64K tokens in a single response, twice the 32K allowed for Opus 4.")


def test_extract_scores_prices_and_outputs_of_two_sibling_models(nlp_en):
    got = facts(nlp_en, CLAUDE_4, "2025-05-23")
    bench = {f[1:] for f in got if f[0] == "benchmark"}
    assert ("Claude Opus 4", "Terminal-bench", 43.2) in bench
    assert not any(m == "Claude Opus 4" and s == 72.7 for m, _, s in bench)
    prices = {(f[1], f[4], f[2]) for f in got if f[0] == "price"}
    assert {("Claude Sonnet 4", "input", 3.0), ("Claude Sonnet 4", "output", 15.0),
            ("Claude Opus 4", "input", 7.5), ("Claude Opus 4", "output", 37.5),
            ("Claude Sonnet 4", "input", 0.3)} <= prices
    outputs = {f[1:] for f in got if f[0] == "max_output"}
    assert ("Claude Sonnet 4", 64_000) in outputs and ("Claude Opus 4", 32_000) in outputs


GEMINI_2 = ("Google a complété mercredi sa gamme Gemini 2.0. Gemini 2.0 Flash est désormais disponible pour tous "
            "les développeurs, et Gemini 2.0 Flash devient le modèle par défaut. L'entreprise en profite pour dévoiler deux autres modèles : Gemini 2.0 Flash-Lite, une "
            "version plus économique proposée en préversion publique, et Gemini 2.0 Pro Experimental.\n"
            "Flash : un million de jetons\n"
            "Le modèle vedette conserve une fenêtre de contexte d'un million de jetons. Avec Gemini 1.5 Flash, le prix "
            "changeait au-delà de 128 000 jetons. Gemini 2.0 Flash coûte 0,10 dollar par million de jetons en entrée.\n"
            "Meta doit présenter dans les prochains jours la nouvelle génération de Llama 3, tandis que Cohere vient de "
            "publier les poids de Command R+.")


def test_extract_launch_lists_with_appositions_and_launches_to_come(nlp_fr):
    got = facts(nlp_fr, GEMINI_2, "2025-02-06")
    launched = {f[1] for f in got if f[0] == "launch"}
    assert {"Gemini 2.0 Flash", "Gemini 2.0 Flash-Lite", "Gemini 2.0 Pro Experimental"} <= launched
    assert not launched & {"Llama 3", "Command R+"}


def test_extract_counts_in_words_and_a_short_form_the_article_mostly_means(nlp_fr):
    got = facts(nlp_fr, GEMINI_2, "2025-02-06")
    assert ("context_window", "Gemini 2.0 Flash", 1_000_000) in got
    assert not any(f[0] == "competitor" for f in got)  # 'tandis que' compares nothing


O3 = ("OpenAI a lancé mercredi o3 et o4-mini, deux nouveaux modèles de raisonnement.\n"
      "Les deux modèles savent aussi penser avec des images.\n"
      "Dans ChatGPT, les abonnés Plus, Pro et Team y ont accès depuis mercredi. Le nouveau modèle o3 prend la place "
      "d'o1 dans le sélecteur, et o4-mini celle d'o3-mini.\n"
      "Côté développeurs, les deux modèles sont accessibles via l'API Chat Completions et l'API Responses. "
      "Sur SWE-bench Verified, o3 devance le score de 62,3 % revendiqué par Anthropic pour Claude 3.7 Sonnet.")


def test_extract_group_carried_by_y_and_elided_successions(nlp_fr):
    got = facts(nlp_fr, O3, "2025-04-17")
    plans = {(f[1], f[2]) for f in got if f[0] == "availability"}
    assert {("o3", "ChatGPT Team"), ("o4-mini", "ChatGPT Team"), ("o4-mini", "Chat Completions API"),
            ("o3", "Responses API")} <= plans
    assert not any(m == "o3-mini" for m, _ in plans)
    assert ("successor", "o3", "o1") in got and ("successor", "o4-mini", "o3-mini") in got
    assert ("benchmark", "Claude 3.7 Sonnet", "SWE-bench Verified", 62.3) in got


def test_extract_counted_launch_named_in_the_next_sentences(nlp_fr):
    text = ("Mistral AI a mis en ligne hier deux modèles spécialisés, tous deux sous licence Apache 2.0. "
            "Le premier, Codestral Mamba, est un modèle de génération de code. "
            "Le second, Mathstral, s'attaque au raisonnement mathématique.\n\n"
            "Mathstral, construit sur Mistral 7B, compte 7 milliards de paramètres.")
    got = facts(nlp_fr, text, "2024-07-17")
    assert ("launch", "Codestral Mamba", "2024-07-16", "Mistral AI") in got
    assert ("launch", "Mathstral", "2024-07-16", "Mistral AI") in got
    assert ("parameters", "Mathstral", 7_000_000_000) in got
    assert not any(f[0] == "parameters" and f[1] == "Mistral 7B" for f in got)


MISTRAL_LARGE = ("Mistral AI a présenté lundi Mistral Large, son modèle le plus puissant.\n"
                 "| MMLU, scores communiqués par Mistral AI |  | \n|---|---|\n| Modèle | MMLU | \n|---|---|\n"
                 "| GPT-4 | 86,4 % | \n| Mistral Large | 81,2 % | \n| Gemini Pro 1.0 | 71,8 % | \n"
                 "Mistral Large est facturé 8 dollars par million de jetons en entrée et 24 dollars en sortie. "
                 "C'est 20 % de moins que GPT-4 Turbo, qu'OpenAI vend 10 dollars en entrée et 30 dollars en sortie. "
                 "Chez Microsoft, Mistral Large rejoint le catalogue de modèles d'Azure AI Studio et d'Azure Machine Learning. "
                 "Mistral AI s'était fait connaître avec des modèles ouverts, publiés sous licence Apache 2.0 : Mistral 7B.")


def test_extract_one_benchmark_grid_relative_prices_and_catalogues(nlp_fr):
    got = facts(nlp_fr, MISTRAL_LARGE, "2024-02-27")
    assert {("GPT-4", "MMLU", 86.4), ("Gemini Pro 1.0", "MMLU", 71.8)} <= {f[1:] for f in got if f[0] == "benchmark"}
    prices = {(f[1], f[4], f[2]) for f in got if f[0] == "price"}
    assert ("GPT-4 Turbo", "output", 30.0) in prices and ("Mistral Large", "output", 30.0) not in prices
    channels = {f[2] for f in got if f[0] == "availability" and f[1] == "Mistral Large"}
    assert {"Azure AI Studio", "Azure Machine Learning"} <= channels
    assert not any(f[0] == "availability" and f[2] == "Gemini Pro" for f in got)
    assert not any(f[0] == "launch" and f[1] == "Mistral 7B" for f in got)


ARCTIC = ("Meta released Llama 3 on April 18, in two sizes: Llama 3 8B and Llama 3 70B.\n\n"
          "Snowflake, better known for data warehouses than for language models, released Snowflake Arctic on "
          "Wednesday. It is a mixture-of-experts model with 480 billion parameters in total. The weights can be "
          "downloaded from Hugging Face; Amazon Web Services will also offer it.\n\n"
          "Back when GPT-4 arrived in March 2023, the problem barely existed. The cheaper model arrives alongside a "
          "cut for GPT-3.5 Turbo. A new Assistants API, in beta, handles conversation threads.")


def test_extract_a_second_launch_becomes_it_and_developers_are_no_channels(nlp_en):
    got = facts(nlp_en, ARCTIC, "2024-04-26")
    assert ("parameters", "Snowflake Arctic", 480_000_000_000) in got
    channels = {(f[1], f[2]) for f in got if f[0] == "availability"}
    assert ("Snowflake Arctic", "Amazon Web Services") in channels
    assert not any(c == "Snowflake" for _, c in channels) and not any(c == "Assistants API" for _, c in channels)
    assert {f[1] for f in got if f[0] == "launch"} == {"Llama 3", "Llama 3 8B", "Llama 3 70B", "Snowflake Arctic"}


def test_extract_plans_of_an_app_prices_after_an_apposition_and_active_parameters(nlp_en, nlp_fr):
    en = facts(nlp_en, "Anthropic released Claude Opus 4 and Claude Sonnet 4. In the Claude apps, the Pro, Max, Team and "
                       "Enterprise plans include both models. Only 17 billion parameters are active for any given token.")
    plans = {(f[1], f[2]) for f in en if f[0] == "availability"}
    assert {("Claude Opus 4", "Claude Max"), ("Claude Sonnet 4", "Claude Enterprise")} <= plans
    assert not any(f[0] == "parameters" for f in en)
    fr = facts(nlp_fr, "Google lance Gemini 2.0 Flash-Lite. À ce tarif, Flash-Lite passe sous GPT-4o mini, le petit "
                       "modèle d'OpenAI, facturé 0,15 dollar en entrée et 0,60 dollar en sortie par million de jetons.")
    prices = {(f[1], f[4], f[2]) for f in fr if f[0] == "price"}
    assert ("GPT-4o mini", "input", 0.15) in prices and ("GPT-4o mini", "output", 0.6) in prices


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "OpenAI a lancé o3 et o4-mini. OpenAI ne compare pas ses modèles à Gemini 2.5 Pro, que Google a sorti fin mars."),
    ("en", "OpenAI launched o3 and o4-mini. The company does not compare its models with Gemini 2.5 Pro."),
])
def test_extract_a_comparison_ruled_out_gives_no_rival(nlp_en, nlp_fr, lang, text):
    got = facts(nlp_fr if lang == "fr" else nlp_en, text, "2025-04-17")
    assert not any(f[0] == "competitor" for f in got)


GPT_45 = ("OpenAI a dévoilé jeudi GPT-4.5. Il obtient 71,4 % sur GPQA, contre 53,6 % pour GPT-4o, 85,1 % sur MMMLU et "
          "74,4 % sur MMMU. En mathématiques, ses 36,7 % sur AIME 2024 restent loin des 87,3 % d'o3-mini.\n"
          "| Tarifs de l'API, en dollars par million de jetons |  |  | \n|---|---|---|\n"
          "| Modèle | Entrée | Sortie | \n|---|---|---|\n| GPT-4.5 | 75,00 | 150,00 | \n| o1 | 15,00 | 60,00 | \n"
          "« Notre moteur de recherche interne nous coûte 0,50 € pour mille requêtes. » "
          "Prochaine étape annoncée : GPT-5, censé réunir les modèles GPT et la série o.")


def test_extract_caption_units_owned_figures_and_models_still_to_come(nlp_fr):
    got = facts(nlp_fr, GPT_45, "2025-02-28")
    bench = {f[1:] for f in got if f[0] == "benchmark"}
    assert ("GPT-4.5", "MMMLU", 85.1) in bench and ("o3-mini", "AIME 2024", 87.3) in bench
    assert ("GPT-4o", "MMMLU", 85.1) not in bench
    prices = {(f[1], f[4], f[2]) for f in got if f[0] == "price"}
    assert {("o1", "input", 15.0), ("o1", "output", 60.0), ("GPT-4.5", "output", 150.0)} <= prices
    assert not any(p[2] == 0.5 for p in prices)
    assert not any(f[0] == "max_output" for f in got)
    assert {f[1] for f in got if f[0] == "launch"} == {"GPT-4.5"}


def test_extract_windows_outputs_and_apis_of_a_price_column(nlp_en):
    text = ("Anthropic released Claude 2.1 yesterday. Claude 2.1 accepts up to 200,000 tokens, double the 100,000 of "
            "Claude 2.0, the model it replaces. Neither Claude 2.1 nor GPT-4 Turbo will write you a novel in return: "
            "each caps a single response at 4,096 tokens. Both sit far below the original GPT-4, which still costs "
            "$0.03 per 1K input tokens and $0.06 per 1K output tokens for its 8K-context version. Since yesterday, "
            "Claude 2.1 has been served through Anthropic's API.")
    got = facts(nlp_en, text, "2023-11-22")
    assert {("context_window", "Claude 2.1", 200_000), ("context_window", "Claude 2.0", 100_000),
            ("successor", "Claude 2.1", "Claude 2.0"), ("max_output", "Claude 2.1", 4096),
            ("max_output", "GPT-4 Turbo", 4096)} <= got
    prices = {(f[1], f[4], f[2]) for f in got if f[0] == "price"}
    assert prices == {("GPT-4", "input", 0.03), ("GPT-4", "output", 0.06)}
    assert ("Claude 2.1", "Anthropic API") in {(f[1], f[2]) for f in got if f[0] == "availability"}


def test_extract_one_model_grid_a_side_launch_and_channels_after_a_developer_name(nlp_fr):
    text = ("Google a dévoilé hier Gemma 3, qui succède à Gemma 2.\n"
            "| Test | Gemma 3 27B | \n|---|---|\n| MMLU-Pro | 67,5 | \n| GPQA Diamond | 42,4 | \n"
            "Les modèles sont disponibles depuis hier dans Google AI Studio, sur Hugging Face, Kaggle et Ollama, et "
            "peuvent être déployés sur Vertex AI. Google lance en parallèle ShieldGemma 2, un classifieur de sécurité "
            "pour les images, construit sur Gemma 3 et doté de 4 milliards de paramètres. Le modèle est publié sous "
            "licence Apache 2.0.")
    got = facts(nlp_fr, text, "2025-03-13")
    assert {("benchmark", "Gemma 3 27B", "MMLU-Pro", 67.5), ("benchmark", "Gemma 3 27B", "GPQA Diamond", 42.4)} <= got
    assert ("Gemma 3", "Hugging Face") in {(f[1], f[2]) for f in got if f[0] == "availability"}
    assert ("parameters", "ShieldGemma 2", 4_000_000_000) in got
    assert {f[1] for f in got if f[0] == "launch"} == {"Gemma 3", "ShieldGemma 2"}


def test_extract_launch_despite_a_past_relative_clause_and_api_on_a_named_service(nlp_fr):
    text = ("La start-up a profité de cette journée de lundi pour présenter officiellement Mixtral 8x7B, un modèle "
            "publié sous licence Apache 2.0, dont les poids circulaient déjà depuis quelques jours. Selon l'entreprise, "
            "il égale ou dépasse Llama 2 70B, de Meta, et GPT-3.5, d'OpenAI. Mixtral 8x7B est aussi accessible par API "
            "sur La Plateforme. Abou Dhabi, où le TII avait déjà publié Falcon 180B, accueille la conférence.")
    got = facts(nlp_fr, text, "2023-12-12")
    assert {f[1] for f in got if f[0] == "launch"} == {"Mixtral 8x7B"}
    assert {("competitor", "Mixtral 8x7B", "Llama 2 70B"), ("competitor", "Mixtral 8x7B", "GPT-3.5")} <= got
    assert {f[2] for f in got if f[0] == "availability"} == {"La Plateforme"}


def test_extract_versus_pairs_with_the_rival_named_before(nlp_en):
    text = ("Meta released Llama 3.3 70B on Friday. It reads up to 128,000 tokens.\n\n"
            "Haddad: Meta's model card gives it 92.1 on IFEval against 88.6 for Llama 3.1 405B, and 77.0 on MATH "
            "against 73.8. On MMLU Pro it's 68.9 versus 73.3, and on HumanEval it's 88.4 versus 89.0, so basically a tie. "
            "The weights went up on Friday on llama.com and Hugging Face.")
    got = facts(nlp_en, text, "2024-12-09")
    bench = {f[1:] for f in got if f[0] == "benchmark"}
    assert {("Llama 3.3 70B", "MATH", 77.0), ("Llama 3.1 405B", "MATH", 73.8), ("Llama 3.3 70B", "MMLU Pro", 68.9),
            ("Llama 3.1 405B", "MMLU Pro", 73.3), ("Llama 3.1 405B", "HumanEval", 89.0)} <= bench
    assert ("context_window", "Llama 3.3 70B", 128_000) in got
    assert {"llama.com", "Hugging Face"} <= {f[2] for f in got if f[0] == "availability"}


def test_extract_made_available_launch_and_prefixed_o_series_names(nlp_en):
    text = ("OpenAI on Tuesday made o1, its reasoning model, available in the OpenAI API, replacing the o1-preview "
            "model that developers have been testing since September. OpenAI o1 has been available in ChatGPT since "
            "Dec. 5, when it replaced o1-preview there and the company also introduced a ChatGPT Pro plan.")
    got = facts(nlp_en, text, "2024-12-18")
    assert {f[1] for f in got if f[0] == "launch"} == {"OpenAI o1"}
    assert ("successor", "OpenAI o1", "o1-preview") in got


def test_extract_presented_as_an_alternative_is_no_launch_and_command_a_is_a_model(nlp_en, nlp_fr):
    fr = facts(nlp_fr, "Mistral AI a dévoilé jeudi Mistral Small 3. L'entreprise le présente comme une alternative "
                       "ouverte à GPT-4o mini, le petit modèle propriétaire d'OpenAI.", "2025-01-31")
    assert {f[1] for f in fr if f[0] == "launch"} == {"Mistral Small 3"}
    en = facts(nlp_en, "Cohere on Thursday launched Command A, a new flagship model. Command A succeeds Command R+.",
               "2025-03-13")
    assert ("launch", "Command A", "2025-03-13", "Cohere") in en and ("successor", "Command A", "Command R+") in en
    assert not any(f[1] == "Command a" for f in facts(nlp_fr, "Le nom Command a été choisi par Cohere."))


def test_extract_a_developer_named_model_and_its_short_name(nlp_fr):
    text = ("Mistral AI a présenté lundi Mistral Saba, un modèle de langage. Avec 24 milliards de paramètres, Saba "
            "reste d'une taille modeste. Le modèle est accessible par l'API de Mistral ; l'éditeur le facture 0,20 "
            "dollar par million de tokens en entrée.")
    got = facts(nlp_fr, text, "2025-02-18")
    assert ("launch", "Mistral Saba", "2025-02-17", "Mistral AI") in got
    assert ("parameters", "Mistral Saba", 24_000_000_000) in got
    assert ("price", "Mistral Saba", 0.2, "USD", "input", 1_000_000) in got


def test_extract_a_possessive_developer_is_no_channel(nlp_en):
    got = facts(nlp_en, "Snowflake released Snowflake Arctic on Wednesday. On that mix, the company says Arctic is on "
                        "par with Llama 3 70B and ahead of Databricks' DBRX.", "2024-04-26")
    assert not any(f[0] == "availability" for f in got)
    assert ("competitor", "Snowflake Arctic", "DBRX") in got


def test_extract_the_past_of_an_apposition_belongs_to_its_model(nlp_fr, nlp_en):
    fr = facts(nlp_fr, "Mistral AI a dévoilé le 18 novembre Pixtral Large, son deuxième modèle multimodal après "
                       "Pixtral 12B, sorti en septembre.", "2024-11-20")
    assert {f[1] for f in fr if f[0] == "launch"} == {"Pixtral Large"}
    en = facts(nlp_en, "Back when GPT-4 arrived in March 2023, the problem barely existed. Meta released Llama 3 in "
                       "April, and Llama 2, released last year, is still popular.", "2024-11-20")
    assert not any(f[0] == "launch" for f in en)


def test_extract_rival_figures_in_order_and_figures_of_the_previous_version(nlp_en):
    text = ("Elon Musk's xAI on Thursday unveiled Grok-1.5. Grok-1.5 scores 50.6% on the MATH benchmark and 90% on "
            "GSM8K, against 23.9% and 62.9% for Grok-1, the model it replaces. Coding improves too: the new model "
            "reaches 74.1% on HumanEval, up from 63.2%, and its MMLU score rises to 81.3% from 73%.")
    bench = {f[1:] for f in facts(nlp_en, text, "2024-03-29") if f[0] == "benchmark"}
    assert bench == {("Grok-1.5", "MATH", 50.6), ("Grok-1.5", "GSM8K", 90.0), ("Grok-1", "MATH", 23.9),
                     ("Grok-1", "GSM8K", 62.9), ("Grok-1.5", "HumanEval", 74.1), ("Grok-1", "HumanEval", 63.2),
                     ("Grok-1.5", "MMLU", 81.3), ("Grok-1", "MMLU", 73.0)}


def test_extract_at_most_is_an_output_limit_and_rivals_of_the_article_model(nlp_en):
    text = ("Google on Wednesday unveiled Gemini 2.0 Flash Experimental. The experimental model accepts up to "
            "1,048,576 input tokens and returns at most 8,192.\n\n"
            "For reference, Gemini 1.5 Flash lists at $0.075 per million input tokens. The obvious rivals at that end "
            "of the market are OpenAI's GPT-4o mini and Anthropic's Claude 3.5 Haiku.")
    got = facts(nlp_en, text, "2024-12-12")
    assert ("max_output", "Gemini 2.0 Flash Experimental", 8192) in got
    assert ("competitor", "Gemini 2.0 Flash Experimental", "GPT-4o mini") in got
