"""Prices in sentences: amount, currency, direction (input, output, flat) and unit, and whose price it is."""

from __future__ import annotations

import re

from .qualifiers import base_tier, price_qualifiers
from .context import add, alternation, ends_with_cue, find_word, for_model, has, model_name, owner_of, subjects, Sentence, State
from ..mentions import Mention
from ..rules import Lexicon

__all__ = ["prices"]


def prices(sent: Sentence, state: State) -> None:
    lex = state.lex
    monies = [m for m in sent.of("MONEY") if m.value["amount"] < 1000]
    low = sent.text.casefold()
    per = None
    unit_pos: list[tuple[int, int]] = []
    for words, n in ((lex["per_thousand"], 1000), (lex["per_million"], 1_000_000)):
        for w in words:
            i = find_word(low, w.casefold())
            while i >= 0:
                unit_pos.append((i, n))
                i = find_word(low, w.casefold(), i + 1)
    token_word = has(sent.text, lex["tokens"])
    if unit_pos and not monies and token_word:
        # "Per 1M tokens" as a caption line: the unit of the bare prices just below it
        state.unit_until = sent.index + 4
        state.unit_per = max(n for _, n in unit_pos)
    if not monies:
        return
    if unit_pos:
        per = True
        state.unit_until = sent.index + 4
    elif sent.index <= state.unit_until and (has(sent.text, lex["input"] + lex["output"]) or sent.in_table):
        per = True
    elif token_word and re.search(r"\b(?:per|par|pour|le|du)\s(?:\w+\s)?(?:tokens?|jetons?)", low):
        per = True
    # "Opus 4 costs $15 per million input tokens and $75 per million output tokens. Through the
    # Batch API, it drops to $7.50 and $37.50": a bare pair soon after an input-then-output pair
    order_hint = state.pair_order_at >= sent.index - 3
    if not per and order_hint and len(monies) == 2 and sent.text[
            monies[0].end - sent.start:monies[1].start - sent.start].strip().casefold() in ("and", "et", "/"):
        per = True
    if not per:
        return
    has_eur = any(m.value["currency"] == "EUR" for m in monies)
    directions = _directions(sent, monies, lex, order_hint)
    if any(a == "input" and b == "output" for a, b in zip(directions, directions[1:])):
        state.pair_order_at = sent.index
    trailing, trailing_chain = _trailing_owner(sent, monies, state)
    respective = _respective_prices(sent, monies, state)
    if respective:
        directions = [d for _, d in respective]
    state.price_tier = base_tier(sent.text, lex) or state.price_tier
    quals = price_qualifiers(sent.text, [(m.start - sent.start, m.end - sent.start) for m in monies],
                             lex, state.price_tier)
    for q in quals:
        if q.tier and q.tier.startswith("> "):
            state.price_tier = q.tier[2:]
    prev_owner: str | None = None
    leads, nouns = alternation(lex["per_unit_leads"]), alternation(lex["per_unit_nouns"])
    per_unit = re.compile(rf"\s*(?:(?:{leads})\s)?(?:mille|1\s?000|1,000|1[kK]|thousand|cent|100|million)?\s?"
                          rf"(?:de\s|d['’])?(?:{nouns})\b", re.I)
    ranged = _ranges(sent, monies, lex)
    for i, m in enumerate(monies):
        rel_start, rel_end = m.start - sent.start, m.end - sent.start
        if per_unit.match(sent.text[rel_end:rel_end + 40]):
            continue  # "0,50 € pour mille requêtes", "$20 per month": no price per token
        if i in ranged:
            continue  # "from $0.25 to $15 per million tokens, depending on the model": a range, no price
        direction = directions[i]
        per_tokens = state.unit_per
        if unit_pos:
            after = [(p, n) for p, n in unit_pos if p >= rel_end]
            before = [(p, n) for p, n in unit_pos if p < rel_start]
            if after and after[0][0] - rel_end < 60:
                per_tokens = after[0][1]
            elif before:
                per_tokens = max(before)[1]
            else:
                per_tokens = min(unit_pos)[1]
            state.unit_per = per_tokens
        currency = m.value["currency"]
        if currency == "CENT":
            currency = "EUR" if has_eur else state.currency
        owner = owner_of(sent, m, state)
        if i and prev_owner and not for_model(sent, m, state) and re.fullmatch(
                r"[^\d$€£]{0,40}?\s(?:et|and|,)\s(?:[^\d$€£\s]+\s){0,2}",
                sent.text[monies[i - 1].end - sent.start:m.start - sent.start]) and not any(
                monies[i - 1].end <= x.start < m.start for x in sent.of("MODEL")) and not has(
                sent.text[monies[i - 1].end - sent.start:m.start - sent.start], lex["compare_strong"]):
            owner = prev_owner  # "facturé 0,15 dollar en entrée et 0,60 dollar en sortie": one model's two prices
        rel = _relative_owner(sent, m, state)
        if rel:
            owner = rel  # "... que GPT-4 Turbo, qu'OpenAI vend 10 dollars en entrée et 30 dollars en sortie"
        if m in trailing_chain:
            owner = trailing  # "charges $3 per million input tokens and $15 per million output tokens for Claude 3.7 Sonnet"
        owner = _unit_for_owner(sent, m, state) or owner
        if i + 1 < len(monies) and sent.text[rel_end:monies[i + 1].start - sent.start].strip() == "/":
            # "$2.50/$10 per million input/output tokens for OpenAI's GPT-4o"
            owner = for_model(sent, monies[i + 1], state) or _unit_for_owner(sent, monies[i + 1], state) or owner
        if i and sent.text[monies[i - 1].end - sent.start:rel_start].strip() == "/" and prev_owner \
                and m not in trailing_chain:
            owner = prev_owner  # "$2.50/$10": the two halves of one model's pair
        if respective and respective[i][0]:
            owner = respective[i][0]
        conf = 0.85 if unit_pos else 0.65
        prev_owner = owner
        for d in (("input", "output") if direction == "both" else (direction,)):
            add(state, "price", owner, {"direction": d, "amount": m.value["amount"],
                                         "currency": currency, "per_tokens": per_tokens,
                                         **quals[i].data()},
                 sent, "price.sentence", conf)



def _ranges(sent: Sentence, monies: list[Mention], lex: Lexicon) -> set[int]:
    """The indexes of amounts that bound a range: '$0.25 to $15', 'de 0,10 à 2 dollars', '$1-$3'."""
    out: set[int] = set()
    for i in range(len(monies) - 1):
        gap = sent.text[monies[i].end - sent.start:monies[i + 1].start - sent.start].strip().casefold()
        if gap in lex["range_joiners"] and monies[i].value["currency"] == monies[i + 1].value["currency"]:
            out.update((i, i + 1))
    return out


def _unit_for_owner(sent: Sentence, m: Mention, state: State) -> str | None:
    """The model named right after a price and its unit: '$10 per million input/output tokens
    for OpenAI's GPT-4o', '3 $ par million de jetons pour Claude 3 Opus'."""
    after = [x for x in sent.mentions if x.start >= m.end and x.label != "ORG"]
    if not after or after[0].label != "MODEL":
        return None
    gap = sent.text[m.end - sent.start:after[0].start - sent.start]
    fors = alternation(state.lex["for_model"][:1])
    if re.fullmatch(rf"[\w\s/-]{{0,45}}?\b(?:{fors})\s(?:(?:the|its|le|la|l['’])\s?)?(?:[A-Z][\w.]*['’]s\s)?", gap):
        return model_name(after[0], state)
    return None


def _respective_prices(sent: Sentence, monies: list[Mention], state: State) -> list[tuple[str | None, str]] | None:
    """'Input and output cost $2 and $8 respectively'; 'A and B cost $0.40 and $1.60, and $0.10
    and $0.40 respectively': the figures in the order of the directions, model by model."""
    lex = state.lex
    if not monies or not has(sent.text, lex["respectively"]):
        return None
    # the directions named before the figures, or after them ('... per million input and output tokens')
    for part in (sent.text[:monies[0].start - sent.start], sent.text[monies[-1].end - sent.start:]):
        low = part.casefold()
        hits = sorted((i, d) for d in ("input", "output") for w in lex[d] if (i := find_word(low, w.casefold())) >= 0)
        order = list(dict.fromkeys(d for _, d in hits))
        if len(order) >= 2:
            break
    else:
        return None
    owners = subjects(sent, state, before=monies[0].start)
    if len(owners) >= 2 and len(monies) == len(order) * len(owners):
        return [(owners[i // len(order)], order[i % len(order)]) for i in range(len(monies))]
    if len(monies) == len(order):
        return [(None, d) for d in order]
    return None


def _relative_owner(sent: Sentence, m: Mention, state: State) -> str | None:
    """The model a relative clause holding ``m`` is about: 'GPT-4 Turbo, qu'OpenAI vend 10 dollars ...
    et 30 dollars', 'GPT-4o, which OpenAI sells at $5 ... and $15'."""
    head = sent.text[:m.start - sent.start]
    rc = None
    for rc in re.finditer(r",\s*(?:qu['’]|que\s|which\s|that\s|dont\s)", head, re.I):
        pass
    if rc is None or re.search(r";|\.\s|,\s*(?:et|and|mais|but)\s", head[rc.end():]):
        return None
    # "GPT-4o mini, its most direct rival, which OpenAI launched at 15 cents": an apposition may stand between
    before = [x for x in sent.of("MODEL") if x.end - sent.start <= rc.start() and (
        rc.start() - (x.end - sent.start) <= 2 or re.fullmatch(r",\s[^,\d$€£]{2,40}", head[x.end - sent.start:rc.start()]))]
    if not before or [x for x in sent.of("MODEL") if rc.end() <= x.start - sent.start < m.start - sent.start]:
        return None
    return model_name(before[-1], state)


def _trailing_owner(sent: Sentence, monies: list[Mention], state: State) -> tuple[str | None, list[Mention]]:
    """The model named after the last prices of a sentence and the prices it owns: '$3 per million
    input tokens and $15 per million output tokens for Claude 3.7 Sonnet', 'contre 15 $ et 75 $ pour
    Claude 3 Opus'. The prices run back from the last one while only units stand between them, and
    are the model's when no model comes before them or a comparison word opens them."""
    last = monies[-1]
    after = [x for x in sent.mentions if x.start >= last.end]
    if not after or after[0].label != "MODEL":
        return None, []
    gap = sent.text[last.end - sent.start:after[0].start - sent.start]
    if not re.fullmatch(r"[\w\s-]{0,40}?\b(?:for|pour)\s(?:(?:the|its|le|la|l['’])\s?)?(?:[a-z]+\s){0,2}(?:[A-Z][\w.]*['’]s\s)?", gap):
        return None, []
    chain = [last]
    for m in reversed(monies[:-1]):
        between = sent.text[m.end - sent.start:chain[0].start - sent.start]
        if re.search(r"\b(?:from|de|contre|against|versus|vs|compared|than|que|while|alors|for|pour)\b|[;(]", between, re.I):
            break
        chain.insert(0, m)
    lead = sent.text[:chain[0].start - sent.start]
    opened = re.search(r"\b(?:from|contre|against|versus|vs\.?|compared (?:with|to)|comparé à|than|que)\s*$", lead, re.I)
    if opened or not any(x.end <= chain[0].start for x in sent.of("MODEL")):
        return model_name(after[0], state), chain
    return None, []


def _directions(sent: Sentence, monies: list[Mention], lex: Lexicon, order_hint: bool = False) -> list[str]:
    """input/output/flat for each amount of a sentence.

    A label right before an amount wins ('output: $1.05'); then a direction right after it
    ('$3 per million input tokens', '15 centimes ... en entrée'); an amount with none continues
    the one before it ('$0.35 ..., $0.70 for longer prompts'); 'input and output' together, or
    no direction at all, is flat; '$1/$4 per million input/output tokens' and '$10 and $30
    respectively' take the directions in the order the sentence gives them.
    """
    text = sent.text
    low = text.casefold()
    spans = [(m.start - sent.start, m.end - sent.start) for m in monies]
    out: list[str | None] = []
    words = "|".join(re.escape(w) for w in sorted(lex["input"] + lex["output"], key=len, reverse=True))
    for i, (a, b) in enumerate(spans):
        nxt = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        prv = spans[i - 1][1] if i > 0 else 0
        before, after = text[prv:a], re.split(r"[;.]\s", text[b:nxt][:100])[0]
        label = _direction(before[-30:], lex, first=False) if re.search(
            r"[:=|]\s*(?:at|à|de)?\s*$|\b(?:price|prix|tarif|cost|coût)\s*$", before.casefold()) or \
            re.search(r"(?:input|output|entrée|sortie|prompt|completion)s?\s*(?:price|prix|tarif)?\s*[:=]?\s*(?:at|à|de)?\s*$",
                      before.casefold()) else None
        # "for both input and output", "pour l'entrée et la sortie": the two directions joined
        both = re.search(rf"\b(?:{words})\b\W+(?:\w+\W+){{0,2}}?(?:and|et|comme|as well as|&)\W+(?:\w+\W+){{0,2}}?(?:{words})\b",
                         after, re.I) and _direction(after, lex, first=True) != _direction(after, lex, first=False)
        if label:
            out.append(label)
        elif both and not re.search(r"\$|€|\d", after[:40]):
            # "$0.30 for both input and output" states two prices; "tarif unique" one flat price
            out.append("both" if re.search(r"\b(?:both|à la fois)\b", after.casefold()) else "flat")
        else:
            out.append(_direction(after, lex, first=True))
    # "$1/$4 per million input/output tokens", "$10 and $30 respectively"
    if len(spans) >= 2:
        # "$1/$5 per million input/output tokens", "... input and output tokens": one figure each
        ins = "|".join(re.escape(w.casefold()) for w in sorted(lex["input"], key=len, reverse=True))
        outs = "|".join(re.escape(w.casefold()) for w in sorted(lex["output"], key=len, reverse=True))
        pair = re.search(rf"\b(?:{ins})\s?(?:/|&|\band\b|\bet\b)\s?(?:{outs})\b", low)
        for i in range(len(spans) - 1):
            gap = text[spans[i][1]:spans[i + 1][0]].strip()
            tail = low[spans[i + 1][1]:spans[i + 1][1] + 25]
            if (pair and gap == "/") or (gap.casefold() in ("and", "et", "/") and re.search(r"respectiv", tail)):
                out[i], out[i + 1] = "input", "output"
            elif gap == "/" and out[i] is None and out[i + 1] is None and monies[i].value["currency"] == \
                    monies[i + 1].value["currency"] and monies[i].value["amount"] <= monies[i + 1].value["amount"]:
                # "$3/$15 per million tokens": a slashed pair is input then output (output costs more)
                out[i], out[i + 1] = "input", "output"
            elif out[i] is None and out[i + 1] is None and gap.casefold() in ("and", "et", "/") \
                    and (out[:i][-2:] == ["input", "output"] or order_hint):
                # "X is billed at $0.55 ... input and $2.19 ... output, and Y at $1.25 and $10": the same order
                out[i], out[i + 1] = "input", "output"
    result = []
    prev = None
    any_dir = _direction(text, lex, first=True) is not None
    for i, d in enumerate(out):
        if d is None:
            before = text[spans[i - 1][1] if i else 0:spans[i][0]]
            d = prev if prev and i else _direction(before, lex, first=False)
            if d is None or not any_dir:
                d = "flat"
        result.append(d)
        prev = d
    # "$0.435 for input and $0.87 for output, down from $1.74 and $3.48": the old figures in the
    # order of the new ones
    for k in range(1, len(spans)):
        if not ends_with_cue(text[:spans[k][0]], lex["old_price_before"] + lex["versus"]):
            continue
        run = [k]
        while run[-1] + 1 < len(spans) and re.fullmatch(r"\s*(?:,|and|et)\s*(?:and\s|et\s)?",
                                                         text[spans[run[-1]][1]:spans[run[-1] + 1][0]], re.I):
            run.append(run[-1] + 1)
        new = list(range(k - len(run), k))
        if len(run) >= 2 and new and new[0] >= 0 and len(set(result[i] for i in new)) > 1:
            for i, j in zip(run, new):
                result[i] = result[j]
    # "0.99 RMB (about $0.14) per million tokens for both input and output": an amount and its
    # conversion in brackets are one price, in the same direction
    for i in range(len(spans) - 1, 0, -1):
        if result[i - 1] == "flat" and re.fullmatch(r"\s*\(\s*(?:about|around|roughly|approx\w*|environ|soit|~|≈)?\s*",
                                                     text[spans[i - 1][1]:spans[i][0]], re.I):
            result[i - 1] = result[i]
    return result


def _direction(text: str, lex: Lexicon, first: bool) -> str | None:
    low = text.casefold()
    hits = []
    for d in ("input", "output"):
        for w in lex[d]:
            i = find_word(low, w.casefold())
            while i >= 0:
                hits.append((i, d))
                i = find_word(low, w.casefold(), i + 1)
    if not hits:
        return None
    hits.sort()
    return hits[0][1] if first else hits[-1][1]
