"""Launches in sentences: the models an article presents as new, their developer and date."""

from __future__ import annotations

import re

from .context import add, alternation, clause_of, find_word, heading_level, has, joined, model_name, resolve_date, role_of, Sentence, State
from ..mentions import Mention
from ..rules import norm_name

__all__ = ["launch", "section_launches"]


_MADE_AVAILABLE = re.compile(r"\b(?:made|makes|make|has made|have made|rend|rendu)\s(?P<span>.{1,60}?)\s"
                             r"(?:generally\s|broadly\s|publicly\s)?(?:available|disponibles?)\b", re.I)


def _launch_candidates(sent: Sentence, state: State) -> list[str]:
    """Models next to a launch word: 'Meta released Llama 3.1', 'a lancé mardi Grok-2 et Grok-2 mini',
    'Grok-2 et Grok-2 mini : xAI ...' (the subject before the cue)."""
    low = sent.text.casefold()
    models = [m for m in sent.of("MODEL") if role_of(sent, m, state.lex) == "subject"]
    if not models:
        return []
    cues = sorted({i for w in state.lex["launch"] for i in [find_word(low, w.casefold())] if i >= 0})
    picked: list[Mention] = []
    for c in cues:
        pos = sent.start + c
        if re.search(r"\b(?:doit|doivent|devrait|devraient|va|vont|compte|comptent|prévoit de|prévoient de|will|would|should|"
                     r"plans to|plan to|is expected to|are expected to|is set to|are set to|aims to)\s+(?:\w+\s+)?$",
                     sent.text[max(0, c - 30):c], re.I):
            continue  # "Meta doit présenter dans les prochains jours ...": a launch still to come
        for k, m in enumerate(models):
            if m.start >= pos:
                gap = sent.text[c:m.start - sent.start]
                if re.search(r"\b(?:after|since|than|après|depuis|que|for|pour)\s+$|\b(?:comme|as|like)\b", gap, re.I):
                    break  # "arrives three months after Qwen2": the model before, not the launch
                # "deux nouveaux modèles d'IA open source, X et Y": the models a noun announces
                listed = re.search(r"[:—–]\s*$", gap) or re.search(
                    rf"\b(?:{alternation(state.lex['model_nouns'])})(?:\s[\w'’-]+){{0,4}}?\W*$", gap, re.I)
                limit = 110 if listed else 45
                if len(gap) <= limit and not re.search(r"[.;!?]\s|\b(?:which|whose|that|qui|dont|que|où)\b", gap):
                    picked += joined(sent, models, k, +1)
                break
        before = [k for k, m in enumerate(models) if m.end <= pos]
        if before:
            m = models[before[-1]]
            gap = sent.text[m.end - sent.start:c]
            told = clause_of(sent.text.replace(",", ";"), c)  # "après Pixtral 12B, sorti en septembre": an older one
            older = has(told, state.lex["past"]) or _earlier_month(told, state)
            if (len(gap) <= 35 and not re.search(r"[,;:]|\b(?:which|whose|that|qui|dont|que|où|when|quand|and|et|but|mais)\b", gap)) \
                    or (re.fullmatch(r",\s*", gap) and not older):  # "Llama 4 Scout et Llama 4 Maverick, présentés samedi"
                picked += joined(sent, models, before[-1], -1)
    # "OpenAI on Tuesday made o1, its reasoning model, available in the API", "a rendu Gemini 2.0 Flash disponible"
    for mk in _MADE_AVAILABLE.finditer(sent.text):
        picked += [m for m in models if mk.start("span") <= m.start - sent.start < mk.end("span")][:1]
    if picked:
        # "..., accompagné d'une version plus légère, o1-mini", "along with a smaller sibling, X"
        for am in re.finditer(r"(?:accompagnée? d['’]|along with|alongside|together with|as well as|ainsi qu['’]?|ainsi que)"
                              r"\s?(?:a|an|its|the|son|sa|un|une)\s[\w\s-]{0,40},\s", sent.text, re.I):
            picked += [m for m in models if m.start - sent.start == am.end()]
    names = [n for n in (model_name(m, state) for m in picked) if n]
    return list(dict.fromkeys(names))




def _earlier_month(text: str, state: State) -> bool:
    """'a model Cohere released in March' in an article of April: an older launch. Without a
    publication date, the latest month the article names stands for it ('Llama 3.2, fin
    septembre 2024' in a history that reaches May 2025), with two months of grace."""
    ref, grace = (state.published, 0) if state.published else (state.latest_month, 2)
    if ref is None:
        return False
    months = state.lex["months"]
    alt, leads = alternation(tuple(months)), alternation(state.lex["month_leads"])
    for m in re.finditer(rf"(?i:\b(?:{leads}))\s?(?P<m>{alt})\b(?P<y>\s(?:de\s)?(?:19|20)\d\d\b)?(?!\s\d)", text, re.I):
        word = m.group("m")
        if state.lex.lang == "en" and not word[:1].isupper():
            continue
        if state.published is None and not m.group("y"):
            continue
        year = int(m.group("y").split()[-1]) if m.group("y") else ref.year
        # 'arrived in March 2023' in an article of November 2023 (a month of grace for late coverage)
        if (year, months[word.casefold()]) < (ref.year, ref.month - (1 if m.group("y") else 0) - grace):
            return True
    return False


def _launched(state: State, name: str, org: str | None, date: str | None, sent: Sentence, rule: str,
              confidence: float) -> None:
    """A launch of ``name``, by its known developer (else ``org``), spelt as the article spells it."""
    org = state.orgs.get(name) or org
    if name not in state.launched:
        state.launched.append(name)
    add(state, "launch", name, {"org": state.org_surface.get(org or "", org), "date": date}, sent, rule, confidence)


def _presented_as_new(sent: Sentence, state: State) -> str | None:
    """'ERNIE X1 est le nouveau modèle de Baidu', 'Phi-4 is the newest small model from
    Microsoft': a sentence that opens on a model and presents it as new."""
    lex = state.lex
    head = [m for m in sent.of("MODEL") if m.start - sent.start <= 2]
    if not head or has(sent.text, lex["past"]) or (name := model_name(head[0], state)) is None or name in state.launched:
        return None
    rest = sent.text[head[0].end - sent.start:][:80]
    pattern = (rf"\s(?:{alternation(lex['copulas'])})\s(?:\w+\s){{0,1}}(?:{alternation(lex['novelty'])})\w*"
               rf"(?:\s[\w-]+){{0,2}}?\s(?:{alternation(lex['model_nouns'])})\b")
    return name if re.match(pattern, rest, re.I) else None


def launch(sent: Sentence, state: State, lede: bool) -> None:
    lex = state.lex
    if sent.index == 0 and state.headline_focus and state.focus and has(sent.text, lex["novelty"]) \
            and not has(sent.text, lex["launch"] + lex["past"] + lex["not_yet"]):
        # a headline that presents its model as new ('X: the new king of open models')
        _launched(state, state.focus, None, None, sent, "launch.headline", 0.6)
        return
    if "launch" in sent.carried:
        # an item of 'Models unveiled:': the model that opens the item is launched
        head = [m for m in sent.of("MODEL") if m.start - sent.start < 12]
        name = model_name(head[0], state) if head else None
        if name and not has(sent.text, lex["past"]):
            _launched(state, name, None, None, sent, "launch.list", 0.7)
            return
    if state.announced and state.announced[1] == 0 and state.announced[0] == sent.index - 1:
        # "Mistral AI annonce son premier modèle de raisonnement. Dénommé Magistral, il se décline
        # en Magistral Small et Magistral Medium.": the next sentence names the model, and its members
        at, _, date0, org0 = state.announced
        low = sent.text.casefold()
        if any(0 <= find_word(low, w.casefold()) < 30 for w in lex["naming"]):
            named = list(dict.fromkeys(n for m in sent.of("MODEL") if (n := model_name(m, state))))
            for n in named:
                _launched(state, n, org0, date0, sent, "launch.named_next", 0.7)
            if named:
                return
    if state.announced and sent.index - 3 <= state.announced[0] < sent.index and state.announced[1]:
        at, count, date0, org0 = state.announced
        named = [n for m in sent.of("MODEL") if role_of(sent, m, lex) == "subject" and m.start - sent.start < 40
                 and (n := model_name(m, state)) and n not in state.launched]
        for n in named[:1]:  # "Le premier, Codestral Mamba, ...", "Le second, Mathstral, ..."
            left = count - sum(1 for f in state.facts if f.type == "launch" and f.rule == "launch.announced")
            if left <= 0:
                break
            _launched(state, n, org0, date0, sent, "launch.announced", 0.7)
        if named:
            return
    presented = _presented_as_new(sent, state) if sent.index < 6 else None
    if presented:
        _launched(state, presented, None, None, sent, "launch.presented", 0.7)
        return
    if not has(sent.text, lex["launch"]) and not (sent.index < 12 and state.launched) and not _MADE_AVAILABLE.search(sent.text):
        return
    # "présenter officiellement Mixtral 8x7B, ..., dont les poids circulaient déjà": the past of a relative clause
    # the past of the launch: what comes before the first model and its own clause, and the clauses of
    # the launch words ('Pixtral Large, son deuxième modèle après Pixtral 12B, sorti en septembre' is new)
    first = min((m.start - sent.start for m in sent.of("MODEL")), default=len(sent.text))
    stop = sent.text.find(",", first)
    main = sent.text if stop < 0 else sent.text[:stop]
    low_text = sent.text.casefold()
    for w in lex["launch"]:
        i = find_word(low_text, w.casefold())
        nearest = [m.start - sent.start for m in sent.of("MODEL") if m.start - sent.start < i]
        if i > stop >= 0 and nearest and nearest[-1] == first:  # the clause tells of the first model
            main += " " + clause_of(sent.text.replace(",", ";"), i)
    main = main[:first] + re.sub(r"(?:,\s*(?:dont|whose|which|où|where|qui)|\s(?:that|which)\s(?!is\b|was\b))\b[^,;]*", "", main[first:])
    past = has(main, lex["past"]) or _earlier_month(main, state) or has(main, lex["not_yet"])
    # a sentence about an older release launches nothing itself, but may still list members
    names = [] if past else _launch_candidates(sent, state)
    if not names and not past and has(sent.text, lex["launch"]) and not sent.of("MODEL"):
        # "Mistral AI a mis en ligne hier deux modèles spécialisés. Le premier, Codestral Mamba, ...":
        # a launch that counts its models and names them in the next sentences
        nouns = "|".join(re.escape(w) for w in lex["model_nouns"])
        alt = "|".join(re.escape(w) for w in lex["numbers"] if w != "both")
        counted = re.search(rf"\b(?P<n>{alt})\s(?:[\w-]+\s){{0,2}}?(?:{nouns})\b", sent.text, re.I)
        if counted:
            date = next((d for m in sent.of("DATE") if (d := resolve_date(m.value, state, sent.text))), None)
            org = sent.of("ORG")[0].value.get("name") if sent.of("ORG") else None
            state.announced = (sent.index, lex["numbers"][counted.group("n").casefold()], date, org)
        elif has(sent.text, lex["model_nouns"]) and not has(sent.text, lex["past"]):
            # "... annonce son premier modèle de raisonnement.": a model the next sentence names
            date = next((d for m in sent.of("DATE") if (d := resolve_date(m.value, state, sent.text))), None)
            org = sent.of("ORG")[0].value.get("name") if sent.of("ORG") else None
            state.announced = (sent.index, 0, date, org)
    if not names:
        if lede and not past and state.focus and has(sent.text, lex["focus_anaphora"]):
            names = [state.focus]  # "le nouveau modèle arrive ...", not "chaque lancement de modèle"
        elif not (sent.index < 12 and state.launched):
            return
    elif not lede:
        # outside the lede, a launch is the focus model's, or one told as news
        def fresh(name: str) -> bool:
            # the news words of the clause that names the model ("..., tandis que Cohere vient de
            # publier Command R+" is not made news by "la nouvelle génération" of another clause)
            at = next((m.start - sent.start for m in sent.of("MODEL") if model_name(m, state) == name), 0)
            clause = clause_of(sent.text, at)
            return has(clause, lex["news_words"]) \
                or any(d.value.get("kind") in ("rel", "weekday") and d.value.get("offset", 0) is not None
                       and d.text in clause for d in sent.of("DATE"))
        # a model the article names here for the first time, next to a launch word, is news too
        first = not has(sent.text, lex["compare_strong"] + lex["compare_verbs"])
        names = [n for n in names if n == state.focus or fresh(n) or n in state.launched or (first and n not in state.seen)]
    org_mentions = sent.of("ORG")
    date = None
    for d in sent.of("DATE"):
        date = resolve_date(d.value, state, sent.text)
        if date:
            break
    if date and state.published and date > state.published.isoformat():
        date = None if not has(sent.text, lex["future"]) else date
    if sent.index < 12 and (state.launched or names):
        # "The family has three members: Nemotron-4 340B Base, ...": members of a launched family
        for m in sent.of("MODEL"):
            if m.rule == "model.size_reference":
                continue  # "the 9B and 27B models" are sizes of the family, not launches of their own
            if not lede and (m.start - sent.start > 2 or re.match(r"\s*[-•*]", sent.text)):
                continue  # past the lede, a member is introduced by a sentence of its own
            if re.search(r"(?:\bd['’]|\b(?:de|du|des|of|than|que|from|after|après)\s)$", sent.text[:m.start - sent.start], re.I) \
                    or has(sent.text[max(0, m.start - sent.start - 25):m.start - sent.start], lex["successor"]):
                continue  # "et o4-mini celle d'o3-mini", "replacing the o1-preview model": referred to, not introduced
            n = model_name(m, state)
            if n and n not in names and any(norm_name(n).startswith(norm_name(f)) and n != f
                                            for f in state.launched + names):
                names.append(n)
    names = list(dict.fromkeys(names))
    for name in names:
        if name not in state.launched:
            state.launched.append(name)
        org = state.orgs.get(name)
        if not org and org_mentions:
            org = org_mentions[0].value.get("name")
            state.orgs[name] = org
        org = state.org_surface.get(org or "", org)
        add(state, "launch", name, {"org": org, "date": date}, sent, "launch.cue", 0.7 if not lede else 0.8)


def section_launches(sents: list[Sentence], state: State) -> None:
    """A markdown heading that announces new models ('## New models', '## Nouveaux modèles
    GPT-5') launches the models that head the rows of its section's tables and lists, up to
    the next heading of the same or a higher level that announces nothing."""
    lex = state.lex
    level = 0  # the level of the announcing heading whose section this is, 0 outside one
    family = ""  # what the announcing heading names, if anything ('GPT-5')
    for s in sents:
        depth = heading_level(s.text)
        if depth:
            named = [norm_name(n) for m in s.of("MODEL") if (n := model_name(m, state))]
            if depth > 1 and not s.text.rstrip().endswith("?") and has(s.text, lex["launch"] + lex["novelty"]) \
                    and not has(s.text, lex["past"] + lex["not_yet"]):
                # a section heading that announces ('## New models'), not one that asks ("## What's
                # new?"), nor the article's title (which the launch rules read)
                if not level:
                    level, family = depth, named[0] if named else ""
            elif level and (depth <= level or (named and not any(n.startswith(family) for n in named if family))):
                level = 0  # a heading of the same rank, or a sub-heading about other models
            continue
        if not level:
            continue
        text = s.text.lstrip()
        if s.in_table:
            cells = text.split("|")
            first_cell_end = s.start + (len(s.text) - len(text)) + len(cells[0]) + 1 + (len(cells[1]) if len(cells) > 1 else 0)
            head = [m for m in s.of("MODEL") if m.start < first_cell_end]
        elif re.match(r"[-*•]\s", text):
            head = [m for m in s.of("MODEL") if m.start - s.start < 12]
        else:
            continue
        name = model_name(head[0], state) if head else None
        if not name or name in state.launched:
            continue
        _launched(state, name, None, None, s, "launch.section", 0.6)
