"""How real outlets write, stated in words written for these tests: each case is one phrasing
and the facts it must (or must not) give. The real articles these phrasings were learnt from
stay outside the project."""

from __future__ import annotations

import pytest

from test_extract import facts


def test_extract_two_names_inside_one_link_do_not_share_a_value(nlp_fr):
    # a link whose address holds a cloud name and a window size: both mentions expand to the
    # same token, and each must keep its own value (this used to raise a TypeError)
    text = ("Zorblax-2 existe en deux tailles de contexte : "
            "[64K](https://ai.azure.example/models/zorblax-2-64k-instruct) et "
            "[8K](https://ai.azure.example/models/zorblax-2-8k-instruct).")
    got = facts(nlp_fr, text)
    assert all(isinstance(f[-1], (int, float, str, type(None))) for f in got)


def test_extract_markdown_grid_with_title_row_category_column_and_bold_models(nlp_en):
    text = ("Orbix 3 Large is out today.\n\n"
            "| Base models |  |  |  |  |\n"
            "| :---: | :---: | :---: | :---: | :---: |\n"
            "| Area | Benchmark | \\# Shots | Orbix 2 70B | **Orbix 3 Large** |\n"
            "| Knowledge | MMLU | 5 | 70.1 | **81.4** |\n"
            "|  | TinyQA (dev) | 0 | 33.0 | 35.5 |\n"
            "| Code | LoopBench (2025-01/2025-03) | 0 | No support | 41.2 |\n"
            "| Long | Halfbook eng/kgv | - | 20.1/30.2 | 40.2/44.4 |\n")
    got = facts(nlp_en, text)
    assert ("benchmark", "Orbix 3 Large", "MMLU", 81.4) in got
    assert ("benchmark", "Orbix 2 70B", "MMLU", 70.1) in got
    assert ("benchmark", "Orbix 3 Large", "TinyQA (dev)", 35.5) in got
    assert ("benchmark", "Orbix 3 Large", "LoopBench", 41.2) in got
    # the shot counts are no scores, and a cell with two figures belongs to two columns
    assert not any(f[0] == "benchmark" and f[-1] in (5.0, 0.0) for f in got)
    assert not any(f[0] == "benchmark" and f[-1] in (40.2, 44.4, 20.1) for f in got)


def test_extract_grid_whose_first_column_is_headed_model_takes_unlisted_names(nlp_en):
    text = ("Quillcoder 1.1 tops the agentic coding chart.\n\n"
            "| Model | Harness | CodeFix Verified (%) |\n"
            "|---|---|---|\n"
            "| Quillcoder 1.1 | OpenHands | **53.6** |\n"
            "| Borealis-SWE | Own harness | *40.2* |\n")
    got = facts(nlp_en, text)
    assert ("benchmark", "Quillcoder 1.1", "CodeFix Verified", 53.6) in got
    assert ("benchmark", "Borealis-SWE", "CodeFix Verified", 40.2) in got


def test_extract_grid_header_with_size_in_brackets_names_the_sized_model(nlp_en):
    text = ("Gemma 2 arrives in two sizes.\n\n"
            "| | Llama 3 (70B) | Gemma 2 (27B) |\n"
            "| --- | --- | --- |\n"
            "| MMLU | 79.2 | **75.2** |\n")
    got = facts(nlp_en, text)
    assert ("benchmark", "Gemma 2 27B", "MMLU", 75.2) in got
    assert ("benchmark", "Llama 3 70B", "MMLU", 79.2) in got
    assert ("parameters", "Gemma 2 27B", 27_000_000_000) in got


def test_extract_price_grid_with_currency_after_the_figure(nlp_fr):
    text = ("Mistral baisse ses prix.\n\n"
            "| Modèle | Entrée | Sortie |\n|---|---|---|\n"
            "| Mistral Small | 0,20 $ | 0,60 $ |\n")
    got = facts(nlp_fr, text)
    assert ("price", "Mistral Small", 0.2, "USD", "input", 1_000_000) in got
    assert ("price", "Mistral Small", 0.6, "USD", "output", 1_000_000) in got


def test_extract_letter_versions_name_models(nlp_en):
    from extractor.mentions import find_mentions

    found = {m.text for m in find_mentions("Kimi K3 and MiniMax M5 were compared.", "en") if m.label == "MODEL"}
    assert found == {"Kimi K3", "MiniMax M5"}


def test_extract_a_month_after_a_launch_word_is_no_model(nlp_en):
    got = facts(nlp_en, "Kimi K3 has 2 trillion total parameters. Released March 2026, it beats rivals.")
    assert not any(f[1].startswith("March") for f in got)
    assert ("parameters", "Kimi K3", 2_000_000_000_000) in got


def test_extract_key_value_bullets_give_scores_to_the_section_model(nlp_en):
    text = ("Google releases Gemini 9 Pro today.\n\n"
            "Key results:\n"
            "- LoopBench Hard: 46.2% (best so far)\n"
            "- Downloads: 12% more than last month\n"
            "- ARC-AGI-9 = 77.1%\n")
    got = facts(nlp_en, text)
    assert ("benchmark", "Gemini 9 Pro", "LoopBench Hard", 46.2) in got
    assert ("benchmark", "Gemini 9 Pro", "ARC-AGI-9", 77.1) in got
    assert not any(f[0] == "benchmark" and f[2] == "Downloads" for f in got)


def test_extract_score_column_takes_the_benchmark_of_its_heading(nlp_fr):
    text = ("## Classements\n\n### CodeFix Verified (Code)\n\n"
            "Le test mesure la correction de bogues réels.\n\n"
            "| Modèle | Score |\n|---|---|\n"
            "| Claude Opus 4.5 | **80.9%** |\n| GPT-5.1 | 76.3% |\n")
    got = facts(nlp_fr, text)
    assert ("benchmark", "Claude Opus 4.5", "CodeFix Verified", 80.9) in got
    assert ("benchmark", "GPT-5.1", "CodeFix Verified", 76.3) in got


def test_extract_spec_grid_with_models_in_columns_and_yes_cells(nlp_en):
    text = ("Amazon updates its Nova line.\n\n"
            "| Feature | Amazon Nova Pro | Amazon Nova Micro |\n"
            "| --- | --- | --- |\n"
            "| Input kinds | Text, Image | Text |\n"
            "| Context Window | 300k | 128k |\n"
            "| Languages supported | 200+ | 200+ |\n"
            "| Converse API | Yes | Yes |\n")
    got = facts(nlp_en, text)
    assert ("context_window", "Amazon Nova Pro", 300_000) in got
    assert ("context_window", "Amazon Nova Micro", 128_000) in got
    assert ("availability", "Amazon Nova Pro", "Converse API", None) in got
    # a row without figures below the rule is a row, not a second header
    assert not any(f[0] == "benchmark" for f in got)


def test_extract_rate_limit_tiers_are_no_models(nlp_en):
    text = ("o3-pro is now in the API.\n\n"
            "| Tier | RPM | TPM |\n| --- | --- | --- |\n"
            "| Free | Not supported |\n| Tier 1 | 500 | 30,000 |\n| Tier 2 | 5,000 | 450,000 |\n")
    got = facts(nlp_en, text)
    assert not any(f[1].startswith("Tier") for f in got)


def test_extract_spec_page_flattened_one_cell_a_line(nlp_en):
    text = ("o9-pro\n\nA model that thinks longer.\n\n200,000 context window\n\n"
            "100,000 max output tokens\n\nPricing\n\nText tokens\n\nPer 1M tokens\n\n"
            "Input\n\n$20.00\n\nOutput\n\n$80.00\n")
    got = facts(nlp_en, text)
    assert ("context_window", "o9-pro", 200_000) in got
    assert ("max_output", "o9-pro", 100_000) in got
    assert ("price", "o9-pro", 20.0, "USD", "input", 1_000_000) in got
    assert ("price", "o9-pro", 80.0, "USD", "output", 1_000_000) in got


def test_extract_version_and_variant_without_the_family_name(nlp_en):
    text = ("We are widening the Gemini 7.5 family.\n\n"
            "Today we are releasing 7.5 Flash as generally available, and 7.5 Pro follows.")
    got = facts(nlp_en, text)
    assert ("launch", "Gemini 7.5 Flash", None, "Google") in got


def test_extract_names_continue_with_a_suffix_the_shapes_do_not_know(nlp_en):
    from extractor.mentions import find_mentions

    text = ("DeepSeek-V9.1-Harbor replaces DeepSeek-V9. Cohere ships Command A Thinker. "
            "Command A Thinker has 111 billion parameters. Claude 3 Opus With tools is not a name.")
    found = [m.text for m in find_mentions(text, "en") if m.label == "MODEL"]
    assert "DeepSeek-V9.1-Harbor" in found and "Command A Thinker" in found
    assert "Claude 3 Opus With" not in found


def test_extract_size_list_in_a_spec_grid_gives_one_fact_per_size(nlp_en):
    text = ("Gemma 3 is here.\n\n| | Gemma 2 | Gemma 3 |\n| --- | --- | --- |\n"
            "| Size variants | 2B 9B 27B | 1B 4B 12B 27B |\n")
    got = facts(nlp_en, text)
    for n in (1, 4, 12, 27):
        assert ("parameters", "Gemma 3", n * 1_000_000_000) in got
    assert ("parameters", "Gemma 2", 9_000_000_000) in got


def test_extract_price_grid_rows_without_family_word_and_with_a_tier_note(nlp_en):
    text = ("Anthropic launches Claude Opus 7.5.\n\n"
            "| Model | Input | Output |\n| --- | --- | --- |\n"
            "| Claude Opus 7.5 | $5 | $25 |\n| Opus 7 | $15 | $75 |\n"
            "| Gemini 9 Pro (>200K tokens) | $4 | $18 |\n")
    got = facts(nlp_en, text)
    assert ("price", "Gemini 9 Pro", 4.0, "USD", "input", 1_000_000) in got
    assert ("price", "Claude Opus 7", 15.0, "USD", "input", 1_000_000) in got
    rivals = {f[2] for f in got if f[0] == "competitor"}
    assert "Gemini 9 Pro" in rivals and not any("Opus" in r for r in rivals)


def test_extract_a_list_lead_line_gives_its_cue_to_each_item(nlp_fr):
    text = ("OpenAI prépare sa nouvelle gamme.\n\nModèles dévoilés :\n\n"
            "* GPT-9 : le modèle de base.\n* GPT-9-Mini : une version plus légère.\n\n"
            "Ils arrivent bientôt partout.")
    got = facts(nlp_fr, text)
    launched = {f[1] for f in got if f[0] == "launch"}
    assert {"GPT-9", "GPT-9-Mini"} <= launched


def test_extract_supported_apis_list_gives_availability(nlp_en):
    text = ("GPT-9 is out.\n\nSupported APIs:\n- Chat Completions API\n- Batch API\n\nThat is all.")
    got = facts(nlp_en, text)
    channels = {f[2] for f in got if f[0] == "availability" and f[1] == "GPT-9"}
    assert {"Chat Completions API", "Batch API"} <= channels


def test_extract_score_grid_under_a_headline_model_names_its_rivals(nlp_en):
    text = ("Devstral Small 9 tops the coding chart\n\nMistral AI shares new figures.\n\n"
            "| Model | CodeFix (%) |\n| --- | --- |\n"
            "| Devstral Small 9 | 53.6 |\n| GPT-4.1-mini | 23.6 |\n| Claude 3.5 Haiku | 40.6 |\n")
    got = facts(nlp_en, text)
    rivals = {f[2] for f in got if f[0] == "competitor" and f[1] == "Devstral Small 9"}
    assert {"GPT-4.1-mini", "Claude 3.5 Haiku"} <= rivals


def test_extract_leaderboard_of_many_vendors_names_no_rivals(nlp_en):
    text = ("Coding leaderboard, November\n\n"
            "| Model | CodeFix (%) |\n| --- | --- |\n"
            "| GPT-5.1 | 76.3 |\n| Claude Sonnet 4.5 | 77.2 |\n| Gemini 3 Pro | 76.2 |\n")
    assert not any(f[0] == "competitor" for f in facts(nlp_en, text))


def test_extract_a_generation_set_against_the_earlier_one_succeeds_it(nlp_en):
    got = facts(nlp_en, "Google releases Gemma 5.\n\nGemma 5 brings three advances compared to the original Gemma.")
    assert ("successor", "Gemma 5", "Gemma") in got
    other = facts(nlp_en, "Anthropic releases Claude 7.5 Sonnet.\n\nClaude 7.5 Sonnet beats Claude 7 Opus on speed.")
    assert not any(f[0] == "successor" for f in other)  # another model line, not an earlier generation


def test_extract_a_percent_change_column_is_no_score(nlp_fr):
    text = ("Mistral baisse ses prix.\n\n| Modèle | Entrée | Baisse |\n|---|---|---|\n"
            "| Mistral Small | 0,20 $ | −80 % |\n")
    assert not any(f[0] == "benchmark" for f in facts(nlp_fr, text))


def test_extract_an_older_model_named_short_in_passing_does_not_take_the_figures(nlp_en):
    text = ("Anthropic released Claude 9.7 Sonnet on Monday.\n\n"
            "With 9.5 Sonnet we got a patch a third of the time. Anthropic's own figure is 62.3% on SWE-bench Verified.")
    got = facts(nlp_en, text)
    assert ("benchmark", "Claude 9.7 Sonnet", "SWE-bench Verified", 62.3) in got


def test_extract_sizes_listed_after_a_size_word_are_the_family_sizes(nlp_fr):
    got = facts(nlp_fr, "Meta présente Llama 9. Llama 9 existe en trois tailles : 7B, 13B et 70B.")
    for n in (7, 13, 70):
        assert ("parameters", "Llama 9", n * 1_000_000_000) in got


def test_extract_active_parameters_are_not_the_model_size(nlp_en):
    got = facts(nlp_en, "MiniMax releases MiniMax-M9. It is a mixture-of-experts model with 230 billion total parameters "
                        "and 10 billion active parameters.")
    sizes = {f[2] for f in got if f[0] == "parameters"}
    assert 230_000_000_000 in sizes and 10_000_000_000 not in sizes


def test_extract_coding_tools_are_channels_not_models(nlp_en):
    got = facts(nlp_en, "Anthropic launches Claude Haiku 7.5 today.\n\n"
                        "Claude Haiku 7.5 is available now in Claude Code and on Windsurf.")
    channels = {f[2] for f in got if f[0] == "availability"}
    assert {"Claude Code", "Windsurf"} <= channels


def test_extract_two_members_of_one_generation_are_no_succession(nlp_en):
    got = facts(nlp_en, "We welcome the next generation of models from Meta: Llama 9 Maverick and Llama 9 Scout.")
    assert not any(f[0] == "successor" for f in got)
    assert ("launch", "Llama 9 Scout", None, "Meta") in got


def test_extract_a_model_card_compares_its_model_without_a_launch_word(nlp_en):
    # a card or review headed by its model: no launch sentence, yet its comparisons are the
    # model's rivals
    got = facts(nlp_en, "# Gemma 9 Turbo\n\nGemma 9 Turbo is a chat model from Google.\n\n"
                        "In our tests Gemma 9 Turbo surpasses GPT-4o on reasoning.")
    assert ("competitor", "Gemma 9 Turbo", "GPT-4o") in got


def test_extract_models_named_together_in_passing_are_no_rivals(nlp_en):
    # no headline model and nothing launched: a roundup that names two models in one breath
    got = facts(nlp_en, "This week in AI.\n\nSome say Claude 3 Opus outperforms GPT-4o on poems.")
    assert not any(f[0] == "competitor" for f in got)


def test_extract_inflected_comparison_verbs(nlp_fr):
    got = facts(nlp_fr, "Mistral AI lance Zorblax 4. Selon l'éditeur, Zorblax 4 rivalisait déjà avec GPT-4o "
                        "et les résultats sont supérieurs à ceux de Llama 3.1 405B.")
    assert ("competitor", "Zorblax 4", "GPT-4o") in got
    assert ("competitor", "Zorblax 4", "Llama 3.1 405B") in got


def test_extract_a_sized_grid_header_knows_its_developer(nlp_en):
    # 'Qwen2 (72B)' in a header is Qwen2 72B, whose developer is Qwen2's
    text = ("Gemma 9 arrives in two sizes.\n\n"
            "| | Qwen2 (72B) | Gemma 9 (27B) |\n"
            "| --- | --- | --- |\n"
            "| MMLU | 80.1 | **79.2** |\n")
    got = facts(nlp_en, text)
    assert ("competitor", "Gemma 9 27B", "Qwen2 72B") in got


@pytest.mark.parametrize("text, pred", [
    ("Zorb Labs releases Zorblax 3. Zorblax 3 builds upon Zorblax 2 with a longer window.", "Zorblax 2"),
    ("Zorb Labs présente Zorblax 3, une mise à niveau de Zorblax 2.", "Zorblax 2"),
    ("Zorb Labs présente Zorblax 3, une mise à jour du Zorblax 2 de l'an dernier.", "Zorblax 2"),
])
def test_extract_succession_wordings(nlp_en, nlp_fr, text, pred):
    nlp = nlp_fr if "présente" in text else nlp_en
    assert ("successor", "Zorblax 3", pred) in facts(nlp, text)


@pytest.mark.parametrize("lang, text", [
    ("en", "Zorb Labs launches Gemma 9.\n\nThe old menu is back with Qwen 7, Phi-9 and Mistral Small 9. "
           "Each of these models is offered on Amazon Bedrock."),
    ("fr", "Google lance Gemma 9.\n\nUne liste d'anciens modèles revient, avec Qwen 7, Phi-9 et Mistral Small 9. "
           "L'accès à cette section est réservé aux abonnés ChatGPT Plus."),
])
def test_extract_a_demonstrative_points_back_to_the_models_just_listed(nlp_en, nlp_fr, lang, text):
    got = facts(nlp_en if lang == "en" else nlp_fr, text)
    owners = {f[1] for f in got if f[0] == "availability"}
    assert {"Qwen 7", "Phi-9", "Mistral Small 9"} <= owners
    assert "Gemma 9" not in owners


def test_extract_plans_joined_by_a_slash(nlp_en):
    got = facts(nlp_en, "OpenAI launches GPT-9 today. GPT-9 is available to ChatGPT Plus/Pro subscribers.")
    channels = {f[2] for f in got if f[0] == "availability"}
    assert {"ChatGPT Plus", "ChatGPT Pro"} <= channels


def test_extract_a_platform_named_in_french_word_order(nlp_fr):
    got = facts(nlp_fr, "Meta publie Llama 9. Llama 9 est aussi disponible sur les modèles GitHub.")
    assert any(f[0] == "availability" and f[1] == "Llama 9" and f[2] == "GitHub Models" for f in got)


def test_extract_a_markdown_heading_names_the_model_of_its_section(nlp_en):
    text = ("# Meta's models in one page\n\nMeta released Llama 9 in the spring.\n\n"
            "## Llama 10\n\nA line of small models, due next year.\n\n"
            "The release comes in two sizes (1B and 3B parameters).")
    got = facts(nlp_en, text)
    assert ("parameters", "Llama 10", 1_000_000_000) in got
    assert not any(f[0] == "parameters" and f[1] == "Llama 9" for f in got)


def test_extract_a_version_glued_to_its_family(nlp_en):
    from extractor.mentions import find_mentions
    names = [m.text for m in find_mentions("Many readers asked about DeepSeekR1 this week.", "en") if m.label == "MODEL"]
    assert names == ["DeepSeekR1"]


def test_extract_sizes_after_a_variations_word(nlp_fr):
    got = facts(nlp_fr, "Meta présente Llama 9. Llama 9 arrive en variations de taille moyenne (11B et 90B).")
    assert {("parameters", "Llama 9", 11_000_000_000), ("parameters", "Llama 9", 90_000_000_000)} <= got


def test_extract_french_size_words_stay_part_of_the_name(nlp_fr):
    from extractor.mentions import find_mentions
    names = [m.text for m in find_mentions("Phi-9-petit et Phi-9-moyen surpassent GPT-3.5.", "fr") if m.label == "MODEL"]
    assert names[:2] == ["Phi-9-petit", "Phi-9-moyen"]


@pytest.mark.parametrize("lang, text, model", [
    ("en", "You may have already heard about the release of Grok 9, xAI's newest model.", "Grok 9"),
    ("en", "# DeepSeek-R9 is here\n\nDeepSeek-R9 is here, and it reasons out loud.", "DeepSeek-R9"),
    ("fr", "Mistral Large 9 débarque sur La Plateforme avec un contexte de 256K.", "Mistral Large 9"),
])
def test_extract_launch_wordings(nlp_en, nlp_fr, lang, text, model):
    got = facts(nlp_en if lang == "en" else nlp_fr, text)
    assert any(f[0] == "launch" and f[1] == model for f in got)


@pytest.mark.parametrize("lang, text", [
    ("en", "Grok 9 was already released in March; xAI now adds a voice mode."),
    ("fr", "Mistral Large 9, déjà sorti en mars, gagne un mode vocal."),
])
def test_extract_an_earlier_release_is_no_launch(nlp_en, nlp_fr, lang, text):
    got = facts(nlp_en if lang == "en" else nlp_fr, text)
    assert not any(f[0] == "launch" for f in got)


def test_extract_a_score_labelled_with_the_size_of_the_article_model(nlp_en):
    got = facts(nlp_en, "Google releases Gemma 9. Gemma 9 was tested on MMLU-Pro (27B: 61.5) and on GPQA (27B: 40.1).")
    assert ("benchmark", "Gemma 9 27B", "MMLU-Pro", 61.5) in got
    assert ("benchmark", "Gemma 9 27B", "GPQA", 40.1) in got


@pytest.mark.parametrize("text", [
    "Zorb Labs releases Claude 9. On SWE-bench Verified we averaged over 50 trials with a 128K budget.",
    "Zorb Labs releases Claude 9. SWE-bench Verified was run on the full 500-problem set.",
    "Zorb Labs releases Claude 9. OSWorld uses 100 max steps per task.",
])
def test_extract_figures_that_count_things_are_no_scores(nlp_en, text):
    assert not any(f[0] == "benchmark" for f in facts(nlp_en, text))


def test_extract_a_typographic_hyphen_inside_a_name(nlp_en):
    got = facts(nlp_en, "OpenAI releases o9\u2011mini today. o9\u2011mini scores 80.5% on GPQA.")
    assert ("benchmark", "o9-mini", "GPQA", 80.5) in got


def test_extract_a_list_item_does_not_hand_its_model_to_the_next_item(nlp_en):
    text = ("OpenAI launches GPT-9 today.\n\n## Rollout\n\n"
            "- GPT-9 mini: free for everyone\n"
            "- ChatGPT Enterprise: rolling out now\n")
    got = facts(nlp_en, text)
    assert ("availability", "GPT-9", "ChatGPT Enterprise", None) in got
    assert not any(f[0] == "availability" and f[1] == "GPT-9 mini" and f[2] == "ChatGPT Enterprise" for f in got)


def test_extract_without_a_date_the_latest_month_named_dates_the_article(nlp_fr):
    # a history with no publication date: a release months before the latest month the
    # article names is an old one; the recent one is the news
    text = ("Meta a lancé Llama 8 fin septembre 2024.\n\n"
            "Début mai 2026, Meta a lancé Llama 9, un modèle multimodal.")
    got = facts(nlp_fr, text)
    launched = {f[1] for f in got if f[0] == "launch"}
    assert "Llama 9" in launched and "Llama 8" not in launched


@pytest.mark.parametrize("lang, text, pairs", [
    ("en", "Meta releases Llama 9. Llama 9 outperforms predecessors like Llama 8 405B on every test.",
     {("Llama 9", "Llama 8 405B")}),
    ("fr", "Google lance Gemini 9 Flash. Gemini 9 Flash reste moins cher que ses prédécesseurs, Gemini 8 Flash et Gemini 7 Flash.",
     {("Gemini 9 Flash", "Gemini 8 Flash"), ("Gemini 9 Flash", "Gemini 7 Flash")}),
])
def test_extract_predecessors_named_by_a_noun(nlp_en, nlp_fr, lang, text, pairs):
    got = facts(nlp_en if lang == "en" else nlp_fr, text)
    assert {(f[1], f[2]) for f in got if f[0] == "successor"} >= pairs


def test_extract_two_prices_joined_by_a_slash_before_input_and_output(nlp_en):
    got = facts(nlp_en, "Anthropic releases Claude Haiku 9 today. Pricing is $2/$8 per million input and output tokens.")
    assert ("price", "Claude Haiku 9", 2.0, "USD", "input", 1_000_000) in got
    assert ("price", "Claude Haiku 9", 8.0, "USD", "output", 1_000_000) in got
    assert not any(f[0] == "price" and f[4] == "flat" for f in got)


@pytest.mark.parametrize("lang, text, mine, theirs", [
    ("en", "OpenAI launches GPT-9. Context: GPT-9 has 400K tokens vs GPT-8's 128K.", ("GPT-9", 400_000), ("GPT-8", 128_000)),
    ("fr", "Meta lance Llama 9.\n\n- Fenêtre de contexte plus grande - 256k tokens contre 8k tokens",
     ("Llama 9", 256_000), None),
])
def test_extract_the_window_after_versus_is_the_other_model(nlp_en, nlp_fr, lang, text, mine, theirs):
    got = {(f[1], f[2]) for f in facts(nlp_en if lang == "en" else nlp_fr, text) if f[0] == "context_window"}
    assert mine in got
    assert (mine[0], 128_000) not in got and (mine[0], 8_000) not in got
    if theirs:
        assert theirs in got


def test_extract_a_heading_about_an_api_names_no_api(nlp_en):
    got = facts(nlp_en, "DeepSeek releases DeepSeek-R9 today.\n\n## API Access & Pricing\n\nDetails below.")
    assert not any(f[0] == "availability" and f[2] in ("Access API", "Pricing API") for f in got)


def test_extract_a_citation_handle_is_no_channel(nlp_en):
    got = facts(nlp_en, "Anthropic launches Claude Sonnet 9.\n\n- Now available in Microsoft Foundry [@Azure].")
    channels = {f[2] for f in got if f[0] == "availability"}
    assert "Microsoft Foundry" in channels and "Microsoft Azure" not in channels


def test_extract_a_service_named_with_its_vendor(nlp_fr):
    got = facts(nlp_fr, "Microsoft lance Phi-9. Phi-9 est disponible sur Microsoft Azure AI Studio et Hugging Face.")
    channels = {f[2] for f in got if f[0] == "availability"}
    assert "Azure AI Studio" in channels and "Google AI Studio" not in channels


@pytest.mark.parametrize("lang, headline, launched", [
    ("fr", "# DeepSeek-V9 : le nouveau roi des modèles ouverts ?", True),
    ("en", "# DeepSeek-V9: the new king of open models", True),
    ("en", "# DeepSeek-V9: a look at its context window", False),
])
def test_extract_a_headline_that_presents_its_model_as_new(nlp_en, nlp_fr, lang, headline, launched):
    text = headline + "\n\nDeepSeek-V9 reads long documents and writes code." if lang == "en" else \
        headline + "\n\nDeepSeek-V9 lit de longs documents et écrit du code."
    got = facts(nlp_en if lang == "en" else nlp_fr, text)
    assert any(f[0] == "launch" and f[1] == "DeepSeek-V9" for f in got) is launched


def test_extract_prices_given_respectively_model_by_model(nlp_en):
    got = facts(nlp_en, "OpenAI launches GPT-9 today. GPT-9 mini and nano cost $0.40 and $1.60, and $0.10 and $0.40 "
                        "per million input and output tokens respectively.")
    assert ("price", "GPT-9 mini", 0.4, "USD", "input", 1_000_000) in got
    assert ("price", "GPT-9 mini", 1.6, "USD", "output", 1_000_000) in got
    assert ("price", "GPT-9 nano", 0.1, "USD", "input", 1_000_000) in got
    assert ("price", "GPT-9 nano", 0.4, "USD", "output", 1_000_000) in got


def test_extract_directions_listed_before_prices_given_respectively(nlp_en):
    got = facts(nlp_en, "OpenAI launches GPT-9 today. Input and output costs are $2 per million tokens and "
                        "$8 per million tokens respectively.")
    assert ("price", "GPT-9", 2.0, "USD", "input", 1_000_000) in got
    assert ("price", "GPT-9", 8.0, "USD", "output", 1_000_000) in got


@pytest.mark.parametrize("text, elided", [
    ("OpenAI ships GPT-9 mini and nano today.", "GPT-9 nano"),
    ("Google ships Gemini 9 Flash and Pro to developers.", "Gemini 9 Pro"),
])
def test_extract_a_variant_word_joined_to_a_model_names_its_sibling(nlp_en, text, elided):
    assert any(f[0] == "launch" and f[1] == elided for f in facts(nlp_en, text))


def test_extract_a_common_word_after_a_model_is_no_sibling(nlp_fr):
    got = facts(nlp_fr, "Anthropic lance Claude 9.5 Sonnet et premier d'une nouvelle lignée.")
    assert not any("premier" in f[1] for f in got)


def test_extract_rivals_listed_after_a_comparing_lead_line(nlp_en):
    text = ("Alibaba launches Qwen9-Max today.\n\n"
            "Despite its size, Qwen9-Max beats or matches closed models such as:\n"
            "- DeepSeek-R9\n- Grok-9\n\n"
            "Supported platforms:\n- Amazon Bedrock\n")
    got = facts(nlp_en, text)
    rivals = {f[2] for f in got if f[0] == "competitor" and f[1] == "Qwen9-Max"}
    assert {"DeepSeek-R9", "Grok-9"} <= rivals
    assert "Amazon Bedrock" not in rivals


@pytest.mark.parametrize("lang, text", [
    ("en", "Meta releases Llama 9 Maverick. Llama 9 Maverick has 17B active parameters out of ~400B total."),
    ("fr", "Meta publie Llama 9 Maverick. Llama 9 Maverick compte 17 milliards de paramètres actifs sur 400B au total."),
])
def test_extract_the_total_size_after_the_active_count(nlp_en, nlp_fr, lang, text):
    got = facts(nlp_en if lang == "en" else nlp_fr, text)
    sizes = {f[2] for f in got if f[0] == "parameters" and f[1] == "Llama 9 Maverick"}
    assert 400_000_000_000 in sizes and 17_000_000_000 not in sizes


def test_extract_a_section_announcing_new_models_launches_its_rows(nlp_en):
    text = ("# OpenAI pricing, updated\n\nAll prices per million tokens.\n\n"
            "## New GPT-9 models\n\n"
            "| Model | Input | Output |\n|---|---|---|\n"
            "| gpt-9-mini | $0.25 | $2.00 |\n| gpt-9-nano | $0.05 | $0.40 |\n\n"
            "### GPT-8 series\n\n"
            "| Model | Input | Output |\n|---|---|---|\n"
            "| gpt-8-mini | $0.80 | $3.20 |\n")
    launched = {f[1] for f in facts(nlp_en, text) if f[0] == "launch"}
    assert {"gpt-9-mini", "gpt-9-nano"} <= launched
    assert "gpt-8-mini" not in launched
    asked = text.replace("## New GPT-9 models", "## What is new in GPT-9?")
    assert "gpt-9-nano" not in {f[1] for f in facts(nlp_en, asked) if f[0] == "launch"}


def test_extract_slashed_price_pair_is_input_then_output_and_goes_to_its_model(nlp_en):
    text = "Claude 3 Haiku runs $0.25/$1.25 per million tokens, compared with Claude 3 Opus at $15/$75."
    got = facts(nlp_en, text)
    assert ("price", "Claude 3 Haiku", 0.25, "USD", "input", 1_000_000) in got
    assert ("price", "Claude 3 Haiku", 1.25, "USD", "output", 1_000_000) in got
    assert ("price", "Claude 3 Opus", 15.0, "USD", "input", 1_000_000) in got
    assert ("price", "Claude 3 Opus", 75.0, "USD", "output", 1_000_000) in got
    assert not any(f[0] == "price" and f[4] == "flat" for f in got)


def test_extract_workload_cost_table_gives_no_price_per_token(nlp_en):
    text = ("Costs for a busy month:\n\n"
            "| Model | Input Cost | Output Cost | Monthly Total |\n"
            "|---|---|---|---|\n"
            "| Claude 3 Haiku | $25.00 | $40.00 | $65.00 |\n"
            "| Claude 3 Opus | $900.00 | $1,500.00 | $2,400.00 |\n")
    assert not [f for f in facts(nlp_en, text) if f[0] == "price"]


def test_extract_possessive_and_bracketed_scores_belong_to_the_model_before_them(nlp_en):
    text = ("On the MMLU (Massive Multitask Language Understanding) test, DeepSeek-V3 posts 87.9, "
            "just under Qwen2.5's 88.1 but above Llama3.1 (84.0).")
    got = facts(nlp_en, text)
    assert ("benchmark", "DeepSeek-V3", "MMLU", 87.9) in got
    assert ("benchmark", "Qwen2.5", "MMLU", 88.1) in got
    assert ("benchmark", "Llama3.1", "MMLU", 84.0) in got
    assert not any(f[0] == "benchmark" and f[2] != "MMLU" for f in got)


def test_extract_possessive_scores_carry_the_benchmark_of_the_sentence_before(nlp_en):
    text = ("On DROP (3-shot F1), DeepSeek-V3 reaches 90.2. "
            "That beats Qwen2.5's 74.1 and Claude-3.5 Sonnet's 86.5.")
    got = facts(nlp_en, text)
    assert ("benchmark", "DeepSeek-V3", "DROP", 90.2) in got
    assert ("benchmark", "Qwen2.5", "DROP", 74.1) in got
    assert ("benchmark", "Claude-3.5 Sonnet", "DROP", 86.5) in got
    assert not any(f[0] == "benchmark" and f[-1] == 3.0 for f in got)  # a shot count, no score


def test_extract_versions_written_without_family_in_a_list_then_these_models(nlp_fr, nlp_en):
    fr = ("La gamme réunit GPT-4.1, 4,1 mini et 4,1 nano, que l'éditeur dit meilleure que GPT-4o. "
          "Ces modèles acceptent tous un contexte d'un million de tokens.")
    got = facts(nlp_fr, fr)
    for name in ("GPT-4.1", "GPT 4.1 mini", "GPT 4.1 nano"):
        assert ("context_window", name, 1_000_000) in got
    assert ("context_window", "GPT-4o", 1_000_000) not in got  # compared, not listed
    en = "OpenAI ships GPT-4.1, 4.1 mini and 4.1 nano today. All three take a one-million-token context."
    got = facts(nlp_en, en)
    for name in ("GPT-4.1", "GPT 4.1 mini", "GPT 4.1 nano"):
        assert ("context_window", name, 1_000_000) in got


def test_extract_pipe_table_whose_rows_lack_the_opening_bar(nlp_fr):
    text = ("Zeta Labs présente Orbix 3.\n"
            "Test | Orbix 2 | Orbix 3 |\n"
            "---|---|---|\n"
            "AIME 2025 (maths) | 71 % | 88,2 % |\n"
            "Codeforces ELO | 1 604 | 2 310 |\n")
    got = facts(nlp_fr, text)
    assert ("benchmark", "Orbix 2", "AIME 2025 (maths)", 71.0) in got
    assert ("benchmark", "Orbix 3", "AIME 2025 (maths)", 88.2) in got
    assert ("benchmark", "Orbix 3", "Codeforces ELO", 2310.0) in got


def test_extract_token_figures_typed_by_the_word_they_carry(nlp_en):
    text = ("The three models, GPT-4.1, GPT-4.1 mini and GPT-4.1 nano, all take 1,047,576 tokens of input "
            "and 32,768 tokens of output, with a June 1, 2024 training cutoff (older models stopped at "
            "October 2023).")
    got = facts(nlp_en, text)
    assert ("context_window", "GPT-4.1 mini", 1_047_576) in got
    assert ("max_output", "GPT-4.1 mini", 32_768) in got
    assert ("max_output", "GPT-4.1 mini", 1_047_576) not in got
    assert ("knowledge_cutoff", "GPT-4.1 nano", "2024-06") in got
    assert ("knowledge_cutoff", "GPT-4.1 nano", "2023-10") not in got  # an aside about other models
    # a figure that opens its sentence explains a unit: no spec
    assert not [f for f in facts(nlp_en, "GPT-4.1 is out. A million input tokens is about 700,000 words.")
                if f[0] in ("context_window", "max_output")]


def test_extract_arena_points_and_test_names_known_by_their_shape(nlp_fr):
    text = ("Google lance Gemini 3 Pro. Il prend la tête avec 1 460 points sur LMArena, "
            "obtient 78% sur MMMU-Pro et 84,1% sur Video-MMMU, et devance son aîné de 8,5 points sur Lundi.")
    got = facts(nlp_fr, text)
    assert ("benchmark", "Gemini 3 Pro", "LMArena", 1460.0) in got
    assert ("benchmark", "Gemini 3 Pro", "MMMU-Pro", 78.0) in got
    assert ("benchmark", "Gemini 3 Pro", "Video-MMMU", 84.1) in got
    assert not any(f[0] == "benchmark" and f[-1] == 8.5 for f in got)  # a gap, no rating


def test_extract_test_named_by_shape_needs_a_known_owner(nlp_en):
    # the clause's subject is a name nobody listed: whose score it is is not known
    text = "Gemini 2.5 Pro leads the chart, while Qorx-2 reaches 50.0% on FrontierCode 1.1."
    got = facts(nlp_en, text)
    assert not any(f[0] == "benchmark" and f[-1] == 50.0 for f in got)


def test_extract_family_members_named_by_their_word_alone(nlp_en):
    text = ("Anthropic shipped the Claude 3 family this week: three models, Haiku, Sonnet and Claude 3 Opus.\n"
            "Sonnet, the middle tier:\n"
            "- Price: $3 / 1M input, $15 / 1M output.\n"
            "- Context: 200k tokens.\n")
    got = facts(nlp_en, text)
    assert ("price", "Claude 3 Sonnet", 3.0, "USD", "input", 1_000_000) in got
    assert ("price", "Claude 3 Sonnet", 15.0, "USD", "output", 1_000_000) in got
    assert ("context_window", "Claude 3 Sonnet", 200_000) in got
    assert not any(f[0] == "price" and f[1] == "Claude 3 Opus" for f in got)


def test_extract_active_count_in_the_next_clause_does_not_hide_the_total(nlp_fr):
    text = ("Mistral AI présente Mistral Large 3. Il compte 675 milliards de paramètres mais n'en active "
            "que 41 milliards à chaque token.")
    got = facts(nlp_fr, text)
    assert ("parameters", "Mistral Large 3", 675_000_000_000) in got
    assert ("parameters", "Mistral Large 3", 41_000_000_000) not in got


def test_extract_these_llms_point_back_to_the_listed_models_and_their_output(nlp_fr):
    text = ("Zeta Labs ouvre par API sa gamme GPT-4.1. Composée de GPT-4.1, 4,1 nano et 4,1 mini, cette "
            "famille est jugée meilleure que GPT-4o.\n\n"
            "Ces LLM acceptent tous un contexte d'un million de tokens et peuvent en produire jusqu'à 32 000.")
    got = facts(nlp_fr, text)
    for name in ("GPT-4.1", "GPT 4.1 mini", "GPT 4.1 nano"):
        assert ("context_window", name, 1_000_000) in got
        assert ("max_output", name, 32_000) in got
    assert not any(f[1] == "GPT-4o" and f[0] in ("context_window", "max_output") for f in got)


def test_extract_launch_of_a_model_the_next_sentence_names(nlp_fr, nlp_en):
    fr = ("Mistral AI présente son tout premier modèle de code. Baptisé Codestral, il existe en "
          "deux tailles : Codestral Mini et Codestral Max.")
    got = facts(nlp_fr, fr)
    assert ("launch", "Codestral Mini", None, "Mistral AI") in got
    assert ("launch", "Codestral Max", None, "Mistral AI") in got
    # without the naming word, a model of the next sentence is not taken for the new one
    en = "Zeta Labs unveils its first coding model. Claude 3 Opus remains the one to beat."
    assert not any(f[0] == "launch" and f[1] == "Claude 3 Opus" for f in facts(nlp_en, en))


def test_extract_test_named_after_au_with_its_whole_name(nlp_fr):
    text = "Zeta Labs lance DeepSeek-V3.2. Il décroche 97,5 % au Stanford-MIT Puzzle Cup, un concours de maths."
    got = facts(nlp_fr, text)
    assert ("benchmark", "DeepSeek-V3.2", "Stanford-MIT Puzzle Cup", 97.5) in got


def test_extract_price_range_across_models_is_no_price(nlp_en):
    text = ("Claude 3 Haiku is the cheapest of the line. Across the line, API prices run from $0.25 to "
            "$15 per million input tokens, depending on the model.")
    got = facts(nlp_en, text)
    assert not any(f[0] == "price" and f[2] in (0.25, 15.0) for f in got)


def test_extract_rating_written_with_a_space_before_its_thousands(nlp_fr):
    text = "Google lance Gemini 3 Pro. Sur LMArena, son score Elo s'établit à 1\u00a0432, devant ses aînés."
    got = facts(nlp_fr, text)
    assert ("benchmark", "Gemini 3 Pro", "LMArena", 1432.0) in got
    assert not any(f[0] == "benchmark" and f[-1] in (1.0, 432.0) for f in got)


def test_extract_launch_of_models_a_noun_announces_after_words_and_a_dash(nlp_fr):
    text = ("Zeta Labs a présenté ce matin deux nouveaux modèles d'IA open source, Llama 4 Scout et "
            "Llama 4 Maverick.\n\n"
            "La branche IA de Microsoft franchit un cap en lançant ses deux premiers modèles maison "
            "— QRX-Voice-2 et QRX-2-preview — pour réduire sa dépendance.")
    got = facts(nlp_fr, text)
    assert any(f[0] == "launch" and f[1] == "Llama 4 Scout" for f in got)
    assert any(f[0] == "launch" and f[1] == "Llama 4 Maverick" for f in got)
    assert ("launch", "QRX-Voice-2", None, "Microsoft") in got
    assert ("launch", "QRX-2-preview", None, "Microsoft") in got


def test_extract_they_power_a_product_after_two_models_are_named(nlp_fr, nlp_en):
    fr = ("Meta a présenté deux nouveaux modèles, Llama 4 Scout et Maverick. "
          "Ils alimentent déjà Meta AI sur WhatsApp et Messenger.")
    got = facts(nlp_fr, fr)
    for name in ("Llama 4 Scout", "Llama 4 Maverick"):
        for channel in ("Meta AI", "WhatsApp", "Messenger"):
            assert ("availability", name, channel, None) in got
    en = "Meta released Llama 4 Scout and Llama 4 Maverick. They now power Meta AI in WhatsApp."
    got = facts(nlp_en, en)
    assert ("availability", "Llama 4 Maverick", "WhatsApp", None) in got


def test_extract_rivals_of_a_passive_comparison_and_of_a_challenge(nlp_fr):
    text = ("Meta lance Llama 4 Maverick.\n\n"
            "- Le modèle Llama 4 Maverick est comparé par l'éditeur à GPT-4o et Gemini 2.0 Flash.\n\n"
            "Zeta Labs présente Qwen 2.5-Max, un modèle qui défie GPT-4 et Llama 3.")
    got = facts(nlp_fr, text)
    assert ("competitor", "Llama 4 Maverick", "GPT-4o") in got
    assert ("competitor", "Llama 4 Maverick", "Gemini 2.0 Flash") in got
    assert ("competitor", "Qwen 2.5-Max", "GPT-4") in got


def test_extract_spec_word_right_after_the_figure_and_attention_spans(nlp_en):
    text = ("OpenAI o3 supports a 200,000-token context window and a 100,000-token maximum output limit. "
            "Gemma 2 mixes sliding window attention (4,096 tokens) with full attention (8,192 tokens).")
    got = facts(nlp_en, text)
    assert ("context_window", "OpenAI o3", 200_000) in got
    assert ("max_output", "OpenAI o3", 100_000) in got
    assert ("context_window", "OpenAI o3", 100_000) not in got
    assert not any(f[1] == "Gemma 2" and f[0] == "context_window" for f in got)


def test_extract_parameter_counts_in_words(nlp_fr, nlp_en):
    got = facts(nlp_fr, "Moonshot lance Kimi K2 Thinking, un modèle ouvert de mille milliards de paramètres.")
    assert ("parameters", "Kimi K2 Thinking", 1_000_000_000_000) in got
    got = facts(nlp_en, "Moonshot released Kimi K2, which has a trillion parameters.")
    assert ("parameters", "Kimi K2", 1_000_000_000_000) in got
    # a part of a model counted in words is not the model's size
    got = facts(nlp_fr, "Pixtral Large totalise 124 milliards de paramètres, dont un encodeur d'un milliard de paramètres.")
    assert ("parameters", "Pixtral Large", 1_000_000_000) not in got


def test_extract_family_with_a_word_written_onto_it_and_a_price_with_its_conversion(nlp_en):
    text = ("Yi-Lightning is a closed model from 01.AI, a cheaper successor to its earlier flagship Yi-Large. "
            "The model came out at 0.99 RMB (about $0.14) per million tokens for both input and output.")
    got = facts(nlp_en, text)
    assert ("successor", "Yi-Lightning", "Yi-Large") in got
    for amount, currency in ((0.99, "CNY"), (0.14, "USD")):
        assert ("price", "Yi-Lightning", amount, currency, "input", 1_000_000) in got
        assert ("price", "Yi-Lightning", amount, currency, "output", 1_000_000) in got


def test_extract_large_language_model_is_no_part_of_a_name(nlp_en):
    got = facts(nlp_en, "Alibaba unveils the Qwen 2.5-Max large language model today.")
    assert ("launch", "Qwen 2.5-Max", None, "Alibaba") in got


def test_extract_ranking_list_under_a_test_section_with_member_names(nlp_fr):
    text = ("Anthropic lance Claude Opus 4.5.\n\n"
            "SWE-bench : la course à la fiabilité\n\n"
            "Avec 79,5 % sur SWE-bench Verified, Opus 4.5 prend la tête.\n\n"
            "Le classement\n\n"
            "  • Opus 4.5 : 79,5 %\n"
            "  • Sonnet 4.5 : 75,1 %\n"
            "  • GPT-5.1 : 74,0 %\n")
    got = facts(nlp_fr, text)
    assert ("benchmark", "Claude Sonnet 4.5", "SWE-bench Verified", 75.1) in got
    assert ("benchmark", "GPT-5.1", "SWE-bench Verified", 74.0) in got
    assert not any(f[0] == "benchmark" and f[2] in ("Opus 4.5", "Sonnet 4.5") for f in got)


def test_extract_old_prices_listed_in_the_order_of_the_new_ones(nlp_en):
    text = ("DeepSeek cuts DeepSeek-V3 prices. New rates: $0.07 per million cache-hit input tokens, "
            "$0.27 for cache-miss input and $1.10 for output, down from $0.14, $0.50 and $2.00.")
    got = facts(nlp_en, text)
    assert ("price", "DeepSeek-V3", 2.0, "USD", "output", 1_000_000) in got
    assert ("price", "DeepSeek-V3", 0.5, "USD", "input", 1_000_000) in got
    assert ("price", "DeepSeek-V3", 0.14, "USD", "input", 1_000_000) in got
    assert ("price", "DeepSeek-V3", 0.5, "USD", "output", 1_000_000) not in got


def test_extract_parameters_activated_at_a_time_are_no_size(nlp_en):
    got = facts(nlp_en, "Kimi K2 counts a trillion parameters in all, but activates only 32 billion parameters per token.")
    assert ("parameters", "Kimi K2", 1_000_000_000_000) in got
    assert ("parameters", "Kimi K2", 32_000_000_000) not in got


def test_extract_launch_of_a_model_a_sentence_presents_as_new(nlp_fr, nlp_en):
    got = facts(nlp_fr, "Que vaut la nouveauté ?\nERNIE X1 est le nouveau modèle de raisonnement de Baidu.")
    assert ("launch", "ERNIE X1", None, "Baidu") in got
    got = facts(nlp_en, "Phi-4 is the newest compact model from Microsoft, tuned for math.")
    assert ("launch", "Phi-4", None, "Microsoft") in got
    # an older model described, not presented as new
    got = facts(nlp_en, "Phi-4 was the newest compact model from Microsoft last year.")
    assert not any(f[0] == "launch" for f in got)


def test_extract_tests_named_after_the_figures_respectively_and_after_the_word_benchmark(nlp_en, nlp_fr):
    got = facts(nlp_en, "Gemma 3 27B posted 66.1% and 40.9 on common tests like MMLU-Pro, GPQA Diamond, respectively.")
    assert ("benchmark", "Gemma 3 27B", "MMLU-Pro", 66.1) in got
    assert ("benchmark", "Gemma 3 27B", "GPQA Diamond", 40.9) in got
    got = facts(nlp_fr, "Sur le benchmark Aider, qui mesure l'aide au code, DeepSeek V3.1 atteint 70,2 %.")
    assert ("benchmark", "DeepSeek V3.1", "Aider", 70.2) in got


def test_extract_family_sizes_in_brackets_after_the_model_noun(nlp_en):
    got = facts(nlp_en, "IBM released Granite 4.1, a family of open models (2B, 9B, 28B) under Apache 2.0.")
    for size in (2, 9, 28):
        assert ("parameters", "Granite 4.1", size * 1_000_000_000) in got
