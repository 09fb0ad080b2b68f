"""Availability in sentences: the channels (APIs, apps, plans, clouds) a model is offered on, and since when."""

from __future__ import annotations

import re

from .qualifiers import availability_status
from .context import add, alternation, find_word, has, implicit_all, model_name, resolve_date, role_of, subjects, Sentence, State
from ..mentions import Mention
from ..rules import Lexicon

__all__ = ["availability"]


_LIST_ITEM = r"[A-Z][\w.+-]*(?:\s[A-Z][\w.+-]*){0,2}"


def availability(sent: Sentence, state: State) -> None:
    lex = state.lex
    channels = sent.of("CHANNEL")
    text = sent.text
    low = text.casefold()
    has_cue = has(text, lex["availability"])
    has_cue = has_cue or "availability" in sent.carried  # an item of 'Supported APIs:'
    names: list[tuple[str, Mention | None]] = []
    # "les endpoints Assistants, Chat Completions et Batch", "the Assistants, Chat Completions and Batch APIs"
    lst = rf"(?P<items>{_LIST_ITEM}(?:\s?,\s?{_LIST_ITEM})*(?:,?\s(?:and|et|or|ou|&)\s{_LIST_ITEM}))"
    for rx in (rf"\b(?:endpoints?|APIs?|API)\s(?:de\s|d'|des\s)?{lst}", rf"{lst}\s(?:APIs|endpoints|API)\b"):
        for m in re.finditer(rx, text):
            if not has_cue:
                break
            for item in re.split(r"\s?,\s?|,?\s(?:and|et|or|ou|&)\s", m.group("items")):
                item = item.strip()
                item = item.strip(" .")
                # 'API Access & Pricing' is a heading about the API, not two APIs
                if item and not item.upper() == "API" and item.casefold() not in lex["not_api_names"]:
                    names.append((f"{item} API", None))
    for ch in channels:
        value = ch.value
        if re.match(r"['’]s?\s", text[ch.end - sent.start:]) and any(0 < m.start - ch.end <= 4 for m in sent.of("MODEL")):
            continue  # "ahead of Databricks' DBRX": the developer of a model, no venue
        if re.search(r"\b(?:a|an|the|un|une|le|la)\s(?:new|nouveau|nouvelle|nouvel)\s$", text[:ch.start - sent.start], re.I):
            continue  # "A new Assistants API, in beta, handles ...": a product introduced, no venue
        if re.match(r"\s(?:customers|users|developers|clients|utilisateurs|développeurs)\b", text[ch.end - sent.start:]) and any(
                c.start > ch.end and re.search(r"\b(?:on|in|via|through|sur|dans)\s(?:the\s|le\s|la\s|l['’])?$",
                                                text[:c.start - sent.start]) for c in channels):
            continue  # "Google Cloud customers will be able to deploy the models on Vertex AI": an audience
        if value.get("generic") and any(c.start >= ch.end and re.fullmatch(
                r"\s(?:sur|on|via|through|de|du|of)\s(?:la\s|le\s|the\s|l['’])?", text[ch.end - sent.start:c.start - sent.start], re.I)
                for c in channels):
            continue  # "accessible par API sur La Plateforme": the named service is the channel
        if value.get("generic"):
            if value.get("name") != "API" or not (has_cue and has(text, ["via", "through", "available", "disponible", "accessible", "accès", "access"])):
                continue
        name = value.get("name") or ch.text
        if len(ch.text) > len(name) and ch.text[:1].isupper() and " " in ch.text and not (
                set(name.casefold().split()) <= set(re.sub(r"['’]s\b", "", ch.text).casefold().split())):
            name = ch.text  # "Amazon Web Services" as written, not the short "AWS"; "Bedrock" stays "Amazon Bedrock"
        if ch.text.casefold() in state.rules.org_spellings and ch.start - sent.start < 3 and has(text[ch.end - sent.start:], lex["launch"]):
            continue  # "Snowflake, better known for data warehouses, released Snowflake Arctic": the developer
        if ch.rule == "channel.api" and re.search(r",\s*(?:l['’]|the\s|its\s|son\s)?$", text[:ch.start - sent.start]) and any(
                c.end <= ch.start and ch.start - c.end <= 6 for c in channels if c is not ch):
            continue  # "la Plateforme, l'API de Mistral": a description of the channel before
        api = re.match(r"^(?i:API)(?P<mid>\s(?!de\b|du\b|des\b)[a-zé]+)?\s(?:de\s|d['’])?(?P<who>.+)$", name)
        if api:  # "API d'Anthropic" -> "Anthropic API"
            name = f"{api.group('who')}{api.group('mid') or ''} API"
        plans = value.get("plans") or ()
        head_plan = re.match(rf"^(?P<head>.+)\s(?P<plan>{'|'.join(re.escape(p) for p in state.rules.plans)})$", name)
        if not plans and head_plan:
            # "Claude Pro and Team": the plan words after it share its product name
            plans = tuple(p for p in state.rules.plans if p != head_plan.group("plan"))
            names.append((name, ch))
            name = head_plan.group("head")
            tail = text[ch.end - sent.start:]
            alt = "|".join(re.escape(p) for p in sorted(plans, key=len, reverse=True))
            pm = re.match(rf"^{_ITEM_SEP}(?P<items>(?:{alt})(?:{_ITEM_SEP}(?:{alt}))*)(?![\w+])", tail)
            if pm:
                for item in re.split(_ITEM_SEP, pm.group("items")):
                    names.append((f"{name} {item.strip()}", ch))
            continue
        tail = text[ch.end - sent.start:]
        if plans:
            state.plan_channel = (sent.index, name, plans)
            items = _plan_items(tail, plans)
            if items:
                names.extend((f"{name} {item}", ch) for item in items)
                continue
        names.append((name, ch))
    # "on every Claude plan, Free, Pro, Team and Enterprise", "Gemini Advanced et Business"
    heads = alternation(state.rules.product_heads)
    for hm in re.finditer(rf"\b(?P<head>{heads})\b(?:\s(?:plans?|offres?|abonnements?|subscriptions?|tiers?|apps?|applications?))?"
                          rf"\s?[,:(]?\s?(?:(?:the|les|ses|its|their)\s)?", text):
        if any(ch.start - sent.start <= hm.start() < ch.end - sent.start for ch in channels) or any(
                m.start - sent.start <= hm.start() and m.end - sent.start > hm.end("head") for m in sent.of("MODEL")):
            continue  # inside a channel, or a model's name ('Gemini Pro 1.0' is no 'Gemini Pro' plan)
        plans = tuple(state.rules.plans)
        items = _plan_items(text[hm.end() - 1:], plans) if hm.end() > 0 else []
        if len(items) >= 1 and re.match(rf"^\s?(?:{'|'.join(re.escape(p) for p in plans)})\b", text[hm.end() - 1:hm.end() + 12]):
            names.extend((f"{hm.group('head')} {item}", None) for item in items)
            state.plan_channel = (sent.index, hm.group("head"), plans)
    if not channels and state.plan_channel and state.plan_channel[0] >= sent.index - 2:
        # "... dans ChatGPT. Les clients Enterprise y auront accès la semaine prochaine."
        _, head, plans = state.plan_channel
        names.extend((f"{head} {item}", None) for item in _plan_items(text, plans, anywhere=True))
    if any(n != "API" and n.endswith(" API") for n, _ in names):
        names = [(n, ch) for n, ch in names if n != "API"]  # "dans l'API via les endpoints Assistants, ..."
    if not names:
        return
    explicit = [m for m in sent.of("MODEL") if role_of(sent, m, lex) == "subject"]
    weak_cue = bool(explicit) and re.search(r"\b(?:on|in|sur|dans|via|to)\s", low)
    if not (has_cue or weak_cue):
        return
    if _negated_availability(low, lex):
        return
    date = None
    for d in sent.of("DATE"):
        date = resolve_date(d.value, state, text)
        if date:
            break
    if date is None and has(text, lex["launch_day"]):
        # "partners for day-one access", "dès le lancement": the launch date
        date = next((f.data.get("date") for f in state.facts if f.type == "launch" and f.data.get("date")), None)
    for name, ch in names:
        if ch and re.search(r"\b(?:out of|not in|not on|without|hors de|pas sur|pas dans|sans)\s+(?:the\s|le\s|la\s)?$",
                            text[max(0, ch.start - sent.start - 20):ch.start - sent.start], re.I):
            continue  # "keeping all of them out of ChatGPT"
        owners = subjects(sent, state, before=ch.start if ch else None)
        if ch and not [m for m in sent.of("MODEL") if m.start < ch.start] and re.match(
                r"\s*(?:via|through|on|in|sur|dans|chez|from|de|depuis)\b", text[:ch.start - sent.start], re.I):
            # "Via l'API de DeepSeek, où il porte le nom deepseek-reasoner, R1 est facturé ...": a fronted channel
            later = [n for m in sent.of("MODEL") if role_of(sent, m, lex) == "subject" and (n := model_name(m, state))]
            owners = later[:1] or owners
        if not sent.of("MODEL") and len(owners) == 1 and state.last_group and state.last_group[0] >= sent.index - 2 \
                and has(text, lex["carry_pronouns"]):
            # "... aux deux modèles. Les clients Enterprise y auront accès ...", "Les deux modèles ...
            # Dans ChatGPT, les abonnés Plus, Pro et Team y ont accès"
            owners = list(state.last_group[1])
            state.last_group = (sent.index, owners)
        family = [o for o in owners if any(x != o and x.startswith((o + " ", o + "-")) for x in owners)]
        if family and not [m for m in sent.of("MODEL") if model_name(m, state) in owners] \
                and not has(text, lex["group_count"]):
            owners = family[:1]  # "the models can be downloaded": the release, named by its family
        if ch and owners == implicit_all(sent, state) and not has(
                text, lex["group_count"] + lex["group_anaphora"] + lex["focus_anaphora"]):
            # "support for Opus and Haiku is coming": the models named after the channel
            after = [m for m in sent.of("MODEL") if 0 < m.start - ch.end <= 40 and role_of(sent, m, lex) == "subject"
                     and re.search(r"\b(?:for|pour|get|gets|obtiennent|ont accès à|reçoivent)\b",
                                   sent.text[ch.end - sent.start:m.start - sent.start])]
            if after:
                owners = subjects(sent, state) if not [m for m in sent.of("MODEL") if m.start < ch.start] else owners
                owners = [n for n in (model_name(m, state) for m in after) if n] or owners
        status = availability_status(_blank_models(sent), ch.start - sent.start if ch else None, lex,
                                     [(c.start - sent.start, c.end - sent.start) for c in channels])
        extra = {} if status == "available" else {"status": status}
        for owner in owners:
            add(state, "availability", owner, {"channel": name, "date": date, **extra}, sent,
                "availability.sentence", 0.7)


def _blank_models(sent: Sentence) -> str:
    """The sentence with its model names blanked: 'o1-preview' says nothing of a preview."""
    text = sent.text
    for m in sent.of("MODEL"):
        a, b = m.start - sent.start, m.end - sent.start
        text = text[:a] + " " * (b - a) + text[b:]
    return text


# how the items of a list are joined: "Free, Plus and Team", "Pro/Max", "Plus et Pro"
_ITEM_SEP = r"(?:\s?,\s?|,?\s(?:and|et|or|ou|&)\s|\s?/\s?)"


def _plan_items(text: str, plans: tuple[str, ...], anywhere: bool = False) -> list[str]:
    """Plan words right after a product ('ChatGPT Free, Plus et Team'), or later in the
    sentence after users/subscribers ('pour les utilisateurs Free, Plus et Team')."""
    alt = "|".join(re.escape(p) for p in sorted(plans, key=len, reverse=True))
    items = rf"(?P<items>(?:{alt})(?:{_ITEM_SEP}(?:{alt}))*)(?![\w+])"
    m = re.match(rf"^(?:\s(?:for|pour|les|the|des)?\s?)?{items}", text)
    found = [m] if m else []
    if not m:
        who = r"(?:users|subscribers|customers|clients|utilisateurs|abonnés|comptes|accounts|plans?|offres?)"
        found = [x for x in re.finditer(rf"\b{who}\s+(?:de\s|of\s)?(?:ChatGPT\s)?{items}", text)
                 if anywhere or x.start() <= 120]
        found += [x for x in re.finditer(rf"{items}\s+{who}\b", text) if anywhere or x.start() <= 120]
    out = []
    for x in found:
        out += [i.strip() for i in re.split(_ITEM_SEP, x.group("items")) if i.strip()]
    return list(dict.fromkeys(out))


def _negated_availability(low: str, lex: Lexicon) -> bool:
    """'is not available', "n'est pas disponible", 'not yet offered': a negation next to the cue."""
    for cue in lex["availability"]:
        i = find_word(low, cue.casefold())
        while i >= 0:
            window = low[max(0, i - 22):i + len(cue) + 12]
            if has(window, lex["negations"]):
                return True
            i = find_word(low, cue.casefold(), i + 1)
    return False
