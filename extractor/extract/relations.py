"""Relations in sentences: successors (what a model replaces) and competitors (what it is compared with)."""

from __future__ import annotations

import re

from .context import add, alternation, clause_of, cue_pattern, find_cue, has, implicit_model, is_anchor, joined, model_name, role_of, size_of, subject_of, without_conjunctions, Sentence, State
from ..mentions import Mention
from ..rules import norm_name

__all__ = ["competitor", "generations", "successor", "competitors"]


def competitor(state: State, a: str, b: str, sent: Sentence, rule: str, measured: bool = False) -> None:
    """``b`` is a rival of ``a``. Outside launch coverage only measured comparisons count
    (scores side by side), or comparisons of the model the headline names (a model card, a
    review), not models named together in passing."""
    about = state.headline_focus and rule == "competitor.cue" and is_anchor(a, state)
    if a == b or norm_name(a) == norm_name(b) or not (state.launched or measured or about):
        return
    org_a, org_b = _org_of(a, state), _org_of(b, state)
    if org_a and org_b and org_a == org_b:
        return
    if a.split()[0].casefold() == b.split()[0].casefold() and " " in a and " " in b:
        return  # 'Claude Opus 4' beside 'Claude Opus 4.5': one family, one developer
    if not org_a and not org_b:
        return
    add(state, "competitor", a, {"competitor": b}, sent, rule, 0.7)


def _org_of(name: str, state: State) -> str | None:
    """The developer of ``name``, or of the longest known model it extends ('Gemma 2 27B',
    written so in a grid header, is Gemma 2's)."""
    org = state.orgs.get(name)
    if org:
        return org
    key = norm_name(name)
    known = [(len(norm_name(k)), v) for k, v in state.orgs.items() if v and key.startswith(norm_name(k))]
    return max(known)[1] if known else None


def _generation(name: str) -> tuple[str, float, str] | None:
    """(family word, generation number, the rest): 'Gemma 2' -> ('gemma', 2.0, ''),
    'Claude 3 Opus' -> ('claude', 3.0, 'opus'), 'Gemma' -> ('gemma', 1.0, '') (the original)."""
    m = re.match(r"(?P<fam>[A-Za-z]+)(?:[\s-]?(?P<v>\d+(?:\.\d+)?))?", name)
    if not m:
        return None
    rest = re.sub(r"[\s-]+", " ", name[m.end():]).strip().casefold()
    if m.group("v") is None:
        return (m.group("fam").casefold(), 1.0, "") if not rest else None
    return m.group("fam").casefold(), float(m.group("v")), rest


def generations(sent: Sentence, state: State) -> None:
    """'Gemma 2 compared to the original Gemma', 'From GPT-4o to GPT-5', 'Llama 3 vs Llama 2':
    the article's model set against an earlier generation of its own family succeeds it."""
    lex = state.lex
    text = without_conjunctions(sent.text)
    cue = has(text, lex["compare_strong"] + lex["compare_verbs"] + lex["generation_cues"])
    if not cue:
        return
    def name_of(m: Mention) -> str | None:
        # "the original Gemma": the family's first generation, not a short form of its newest
        if m.value and m.value.get("bare") and has(sent.text[max(0, m.start - sent.start - 25):m.start - sent.start],
                                                   lex["generation_cues"]):
            return m.text
        return model_name(m, state)

    named = list(dict.fromkeys(n for m in sent.of("MODEL") if (n := name_of(m))))
    anchors = [n for n in named if is_anchor(n, state)]
    for a in anchors:
        ga = _generation(a)
        if not ga or size_of(a):
            continue
        for b in named:
            gb = _generation(b)
            if b == a or not gb or gb[0] != ga[0] or gb[1] >= ga[1] or gb[2] != ga[2] or size_of(b):
                continue  # another generation of the same model line only ('Claude 3 Opus' is not 'Claude 3.5 Sonnet')
            add(state, "successor", a, {"predecessor": b}, sent, "successor.generation", 0.6)


def successor(sent: Sentence, state: State) -> None:
    lex = state.lex
    low = sent.text.casefold()
    models = sent.of("MODEL")
    for cue in lex["successor"] if models and has(low, lex["successor"]) else ():
        found = find_cue(low, cue)
        if found is None:
            continue
        i, cue_end = found
        after = [k for k, m in enumerate(models)
                 if m.start - sent.start >= cue_end and m.start - sent.start - cue_end < 40]
        if not after:
            continue
        around = low[max(0, i - 15):cue_end + 6]
        if has(around, lex["negations"]):
            continue  # "o1-preview ne remplace pas GPT-4o"
        succ = subject_of(sent, state, before=sent.start + i)
        for pm in joined(sent, models, after[0], +1):
            nxt = next((x for x in models if x.start > pm.start), None)
            if nxt is not None and re.fullmatch(r"\s+(?:à|au|aux|to)\s+", sent.text[pm.end - sent.start:nxt.start - sent.start]):
                # "X succède à Y, et Z à W": an elided second pair
                pair = (model_name(pm, state), model_name(nxt, state))
                if all(pair) and pair[0] != pair[1]:
                    add(state, "successor", pair[0], {"predecessor": pair[1]}, sent, "successor.cue", 0.7)
                break
            pred = model_name(pm, state)
            if pred is None and pm.value and pm.value.get("bare") and re.search(
                    r"\b(?:original|first|first-generation|premier|première|initial)\s*$",
                    sent.text[:pm.start - sent.start], re.I):
                pred = pm.text  # "the successor to the original OLMo"
            if pred and succ and pred != succ:
                if state.orgs.get(pred) and state.orgs.get(succ) and state.orgs[pred] != state.orgs[succ]:
                    continue
                add(state, "successor", succ, {"predecessor": pred}, sent, "successor.cue", 0.75)
    # "o3 prend la place d'o1, et o4-mini celle d'o3-mini": the second pair of an elided succession
    if any(f.type == "successor" and f.evidence.start == sent.start for f in state.facts):
        for a, b in zip(models, models[1:]):
            gap = sent.text[a.end - sent.start:b.start - sent.start]
            if re.fullmatch(r"\s(?:celle|celui|ceux|that|the one|those)\s(?:d['’]|de\s|du\s|of\s)\s?", gap) and re.search(
                    r"\b(?:et|and)\s+$", sent.text[max(0, a.start - sent.start - 6):a.start - sent.start]):
                pair = (model_name(a, state), model_name(b, state))
                if all(pair) and pair[0] != pair[1]:
                    add(state, "successor", pair[0], {"predecessor": pair[1]}, sent, "successor.elided", 0.7)
    # "three months after Qwen2, which it succeeds", "Mistral Large, qu'il remplace"
    rel, verbs = alternation(lex["relative_leads"]), alternation(lex["successor_verbs"])
    for rm in re.finditer(rf",?\s(?:(?:the|le|la)\s(?:model|version|modèle)\s)?(?:{rel})\s(?:{verbs})\b", sent.text, re.I):
        prev = [x for x in models if x.end - sent.start <= rm.start() and rm.start() - (x.end - sent.start) <= 2]
        if prev:
            pred = model_name(prev[0], state)
            succ = implicit_model(sent, state)
            if pred and succ and pred != succ:
                add(state, "successor", succ, {"predecessor": pred}, sent, "successor.relative", 0.7)
    # "up from 84.2 for its predecessor, Qwen2-72B", "son prédécesseur, Claire-7B", "beats
    # predecessors like X", "par rapport à la version précédente X", "ses prédécesseurs, X et Y"
    leads = alternation(lex["list_leads"])
    for pm in cue_pattern(tuple(lex["predecessor_nouns"])).finditer(low):
        link = re.match(rf"\s?(?:[,:]\s?)?(?:(?:{leads})\s)?(?:(?:the|le|la|l['’])\s?)?", sent.text[pm.end():], re.I)
        at = pm.end() + (link.end() if link else 0)
        nxt = [k for k, m in enumerate(models) if m.start - sent.start == at]
        if not nxt:
            continue
        succ = subject_of(sent, state, before=sent.start + pm.start())
        for m in joined(sent, models, nxt[0], +1):
            pred = model_name(m, state)
            if pred and succ and pred != succ:
                add(state, "successor", succ, {"predecessor": pred}, sent, "successor.predecessor", 0.7)
    # inverse: "... GPT-3.5 Turbo, dont GPT-4o mini est le successeur", "GPT-4's successor, GPT-4o"
    nouns = alternation(lex["successor_nouns"])
    m = re.search(rf"\b(?:{alternation(lex['whose'])})\s(?P<rest>.{{0,60}}?)\b(?:{nouns})\b", sent.text, re.I)
    if m:
        start = sent.start + m.start()
        before = [x for x in models if x.end <= start]
        inside = [x for x in models if start <= x.start < sent.start + m.end()]
        if before:
            pred = model_name(before[-1], state)
            succ = model_name(inside[0], state) if inside else implicit_model(sent, state)
            if pred and succ and pred != succ:
                add(state, "successor", succ, {"predecessor": pred}, sent, "successor.inverse", 0.75)
    m = re.search(rf"(?P<pred>\S.*?)(?:'s|’s)\s(?:{nouns})\b", sent.text)
    if m:
        pos = sent.start + m.end("pred")
        before = [x for x in models if x.end == pos]
        if before:
            pred = model_name(before[0], state)
            after = [x for x in models if x.start > pos]
            succ = model_name(after[0], state) if after else implicit_model(sent, state)
            if pred and succ and pred != succ:
                add(state, "successor", succ, {"predecessor": pred}, sent, "successor.possessive", 0.7)


def _is_heading(sent: Sentence) -> bool:
    """A subhead inside the article ('Face à Gemma 2 et Llama 3'): short, no closing punctuation."""
    text = sent.text.strip()
    return sent.index > 2 and len(text) < 80 and text[-1:] not in ".!?:;»\"”)" and not text.startswith(("-", "|", "•"))


def competitors(sent: Sentence, state: State) -> None:
    lex = state.lex
    if "compare" in sent.carried:
        # an item of 'X outperforms or matches models like:': the rival the item names
        head = [n for m in sent.of("MODEL") if (n := model_name(m, state))][:1]
        if head and state.compare_anchor:
            competitor(state, state.compare_anchor, head[0], sent, "competitor.list")
        return
    if sent.text.rstrip().endswith(":"):
        # a list's lead line: its subject is the model the items are compared with
        state.compare_anchor = subject_of(sent, state)
    if _is_heading(sent):
        return  # a subhead announces the comparison; the paragraph under it names the models
    same_as = re.search(r"\b(?:the same|même|mêmes)\b[^.]{0,60}\b(?:as|que)\b", sent.text, re.I)
    if not (has(without_conjunctions(sent.text), lex["compare_strong"] + lex["compare_verbs"]) or same_as):
        return
    if has(sent.text, lex["instead"]):
        return
    named = [(m, n) for m in sent.of("MODEL") if (n := model_name(m, state))]
    anchors = [(m, n) for m, n in named if is_anchor(n, state) and role_of(sent, m, lex) == "subject"]
    if not anchors:
        implicit = implicit_model(sent, state)
        if implicit and not is_anchor(implicit, state) and state.focus and has(
                sent.text, lex["model_reference"] + lex["rival_nouns"]):
            implicit = state.focus  # "lines the model up against ...": the article's model
        if not implicit or not is_anchor(implicit, state) or not (state.launched or sent.of("MODEL")):
            return
        anchors = [(None, implicit)]
    for m, other in named:
        if any(other == a for _, a in anchors) or role_of(sent, m, lex) == "predecessor":
            continue
        if _NEGATED_COMPARE.search(clause_of(sent.text, m.start - sent.start)):
            continue  # "OpenAI ne compare pas ses modèles à Gemini 2.5 Pro": a comparison ruled out
        # each rival goes with the nearest anchor before it ("compare A à X, et B à Y")
        before = [a for am, a in anchors if am is None or am.start < m.start]
        anchor = before[-1] if before else anchors[0][1]
        competitor(state, anchor, other, sent, "competitor.cue")


_NEGATED_COMPARE = re.compile(
    r"\b(?:ne|n['’])\s*(?:se\s)?(?:\w+\s){0,2}?(?:compare|comparent|mesure|mesurent|oppose|opposent)\w*\s(?:\w+\s)?pas\b"
    r"|\b(?:does not|doesn't|did not|didn't|do not|don't|never|not)\s(?:\w+\s)?(?:compare|compared|benchmark|pit|measure)\w*",
    re.I)
