"""Model specs in sentences: context window and max output (token counts), knowledge cutoff, parameter counts."""

from __future__ import annotations

import re

from .context import add, alternation, ends_with_cue, for_model, has, implicit_model, model_name, nearest_word, size_of, value_model_before, value_owners, Sentence, State
from ..mentions import Mention, parse_number
from ..rules import Lexicon

__all__ = ["tokens", "cutoff", "parameters"]


def _more_token_figures(sent: Sentence, lex: Lexicon) -> list[Mention]:
    """'... up to 32,768 output tokens and o1-mini up to 65,536': figures that continue a count."""
    found = sent.of("TOKENS")
    if not found:
        return found
    extra = []
    for m in re.finditer(r"(?:up to|at most|au plus|jusqu['’]à|à|accepte|accepts|supports|handles|gère|en accepte|double|twice|"
                         r"le double|the|les|des)\s(\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+[kK])(?![\w%$€]|\s?(?:%|\$|€|tokens|jetons))"
                         r"(?=\s(?:of|de|d['’]|for|pour|allowed|accepted|offered|chez)\b|\s*[,.;)]|$)", sent.text):
        start = sent.start + m.start(1)
        if any(x.start <= start < x.end for x in sent.mentions):
            continue
        raw = m.group(1)
        value = parse_number(raw[:-1], lex.lang) * 1000 if raw[-1] in "kK" else parse_number(raw, lex.lang)
        if value and value >= 1000:
            extra.append(Mention(start, sent.start + m.end(1), "TOKENS", raw, int(value), "tokens.continued"))
    return sorted(found + extra, key=lambda x: x.start)


def tokens(sent: Sentence, state: State) -> None:
    lex = state.lex
    for m in _more_token_figures(sent, lex):
        rel = m.start - sent.start
        before = sent.text[max(0, rel - 12):rel].casefold()
        if re.search(r"(?:\b(?:per|par|pour|le|du|each|every|chaque)\b|/)\s*(?:\w+\s)?$", before):
            continue  # "per million tokens", "le million de jetons": a unit, not a window
        near = sent.text[max(0, rel - 35):m.end - sent.start + 30]
        if has(near, lex["training"]) or m.value >= 50_000_000:
            continue  # training-set sizes, not windows
        if has(sent.text[max(0, rel - 40):rel], lex["not_window"]):
            continue  # "sliding window attention (4,096 tokens)": a layer's span, not the model's window
        if sent.of("MONEY") and re.search(r"prompts?\s+(?:up to|under|over|longer than|of up to|above|jusqu)", sent.text[max(0, rel - 25):rel], re.I):
            continue  # a price tier ("for prompts up to 128K")
        around = sent.text[max(0, rel - 60):m.end - sent.start + 40]
        d_out = nearest_word(around, lex["max_output"], min(rel, 60))
        d_ctx = nearest_word(around, lex["context"], min(rel, 60))
        # ("A million input tokens is about 750,000 words" opens with the figure: a unit, no spec)
        own = _own_direction(sent, m, lex) if re.search(r"\w+\W+\w+", sent.text[:rel]) else None
        if own:
            # "1,047,576 tokens of input and 32,768 tokens of output": the word on the figure wins
            kind = "context_window" if own == "input" else "max_output"
        elif d_out is None and d_ctx is None:
            # a bare figure in a sentence about the context window, or right after one
            if has(sent.text, lex["context"]) or (state.last_tokens and state.last_tokens[0] >= sent.index - 1):
                kind = "context_window" if has(sent.text, lex["context"]) or not state.last_tokens \
                    else state.last_tokens[1]
            else:
                continue
        elif d_ctx is None or (d_out is not None and d_out <= d_ctx):
            kind = "max_output"
        else:
            kind = "context_window"
        state.last_tokens = (sent.index, kind)
        other = None if for_model(sent, m, state) else _versus_owner(sent, m, state)  # "against 8K for Llama 3"
        if other is not None:
            # "272K tokens vs GPT-4o's 128K": the figure after 'vs' is the other model's; with
            # the model left unnamed ('128k contre 16k') the model the paragraph compares with,
            # else nobody's that we know
            other = other or state.comparison or ""
            if other:
                add(state, kind, other, {"tokens": int(m.value)}, sent, f"{kind}.versus", 0.7)
            continue
        for owner in value_owners(sent, m, state):
            add(state, kind, owner, {"tokens": int(m.value)}, sent, f"{kind}.sentence", 0.75)


def _own_direction(sent: Sentence, m: Mention, lex: Lexicon) -> str | None:
    """'input' or 'output' where the figure carries it: '32,768 output tokens',
    '1M tokens of input', '8 192 jetons en sortie'."""
    tail = sent.text[m.end - sent.start:m.end - sent.start + 30].casefold()
    for direction in ("input", "output"):
        words = lex[direction]
        if has(m.text, words) or re.match(rf"\s(?:of|in|for|de|d['’]|en)\s?(?:{alternation(words)})\b", tail):
            return direction
    # "a 100,000-token maximum output limit", "un contexte de 128 000 jetons": the spec word
    # written right after the figure
    for direction, kind in (("output", "max_output"), ("input", "context")):
        if re.match(rf"[\s-]?(?:(?:{alternation(lex['tokens'])})[\s-])?(?:{alternation(lex[kind])})\b", tail):
            return direction
    return None


def _versus_owner(sent: Sentence, m: Mention, state: State) -> str | None:
    """For a figure right after a 'versus' word: the model named between them ('vs GPT-4o's
    128K'), '' when none is, None when the figure follows no such word."""
    before = sent.text[max(0, m.start - sent.start - 50):m.start - sent.start]
    models = [x for x in sent.of("MODEL") if x.end <= m.start and m.start - x.end <= 6]
    if models and re.fullmatch(r"\s*(?:['’]s)?\s*", sent.text[models[-1].end - sent.start:m.start - sent.start]):
        before = sent.text[max(0, models[-1].start - sent.start - 30):models[-1].start - sent.start]
        return model_name(models[-1], state) or None if ends_with_cue(before, state.lex["versus"]) else None
    return "" if ends_with_cue(before, state.lex["versus"]) else None


def cutoff(sent: Sentence, state: State) -> None:
    if not has(sent.text, state.lex["cutoff"]):
        return
    dates = [m for m in sent.of("DATE") if m.value.get("kind") == "abs" and m.value.get("year")]
    # "a May 2024 cutoff (earlier models stopped at September 2023)": an aside in brackets
    # speaks of other models when a date stands outside it
    outside = [m for m in dates if not _bracketed(sent, m, state.lex)]
    for m in outside or dates:
        v = m.value
        date = f"{v['year']:04d}-{v['month']:02d}"
        for owner in value_owners(sent, m, state):
            add(state, "knowledge_cutoff", owner, {"date": date}, sent, "knowledge_cutoff.sentence", 0.75)


def _bracketed(sent: Sentence, m: Mention, lex: Lexicon) -> bool:
    """Inside brackets that are no '(vs September 2021)' comparison."""
    before = sent.text[:m.start - sent.start]
    opened = before.rfind("(")
    return opened > before.rfind(")") and not ends_with_cue(before[opened:], lex["versus"])


def parameters(sent: Sentence, state: State) -> None:
    for m in sent.of("PARAMS"):
        after = re.split(r"[\d,;(]", sent.text[m.end - sent.start:m.end - sent.start + 22])[0]
        # the active word on the figure ('17B active parameters', '... parameters are active'),
        # not in the next clause ('675 milliards de paramètres, n'en active que 41')
        attached = re.match(rf"\s*(?:(?:are|is|sont|est)\s)?(?:{alternation(state.lex['active_words'])})\b", after, re.I)
        # "activating only 32 billion parameters at a time", "n'en active que 41 milliards"
        lead = sent.text[max(0, m.start - sent.start - 25):m.start - sent.start]
        activating = re.search(rf"\b(?:{alternation(state.lex['activating'])})\s+(?:(?:{alternation(state.lex['only_words'])})\s+)?$",
                               lead, re.I)
        if has(m.text, state.lex["active_words"]) or attached or activating:
            continue  # "17B active parameters out of 400B total": the total is the model's size
        owner = for_model(sent, m, state) or value_model_before(sent, m, state) or implicit_model(sent, state)
        counts = list(m.value)
        if owner and len(counts) > 1:
            # several sizes are the family's: "Qwen3-30B-A3B" -> "Qwen3"
            owner = re.sub(r"(?:[\s-]\d+(?:\.\d+)?[BbMm](?:[\s-]A\d+(?:\.\d+)?B)?)$", "", owner)
        # "Mathstral, construit sur Mistral 7B, compte 7 milliards": a model the subject is built on is no owner
        in_sentence = [n for x in sent.of("MODEL") if (n := model_name(x, state)) and not re.search(
            r"\b(?:sur|on|de|of|from|d['’]|than|que)\s*$", sent.text[:x.start - sent.start], re.I)]
        listed = in_sentence
        respectively = re.search(r"respectiv", sent.text[m.end - sent.start:m.end - sent.start + 30], re.I)
        for k, c in enumerate(counts):
            # the model whose name carries this size: "Llama 3.2 1B et Llama 3.2 3B, de 1 et 3 milliards"
            sized = [n for n in in_sentence if size_of(n) and abs(size_of(n) - c) < 0.02 * c]
            who = sized[0] if sized else owner
            if respectively and len(listed) == len(counts):
                who = listed[k]
            add(state, "parameters", who, {"count": int(c)}, sent, m.rule or "parameters", 0.8)
