"""(Article, nlp) -> Extraction: mentions in sentences -> the ten fact types.

The rules read the spans that ``nlp.py`` puts on the doc, sentence by sentence,
with a little article state: the focus model (what the article is about), the
salient model (what "it" or "le nouveau modèle" refers to), the model a paragraph
compares with ("par rapport à GPT-3.5 Turbo ... (128k contre 16k)"), and the last
benchmark named ("ce benchmark"). Tables (rendered as ``| a | b |`` rows) are read
with their header row. The ``Doc`` never leaves this module.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from .mentions import Mention, parse_number
from .records import FACT_TYPES, Article, Evidence, Extraction, Fact
from .rules import Lexicon, Rules, load_rules, norm_name

__all__ = ["extract", "extract_doc"]


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention]
    para_start: bool
    in_table: bool = False

    def of(self, *labels: str) -> list[Mention]:
        return [m for m in self.mentions if m.label in labels]

    def local(self, m_start: int, m_end: int) -> str:
        return self.text[m_start - self.start:m_end - self.start]


@dataclass
class State:
    lex: Lexicon
    rules: Rules
    published: dt.date | None
    names: dict[str, str]  # norm -> canonical model name
    orgs: dict[str, str | None]  # canonical model -> org name
    focus: str | None = None
    launched: list[str] = field(default_factory=list)
    org_surface: dict[str, str] = field(default_factory=dict)  # canonical org -> as the article writes it
    salient: str | None = None
    comparison: str | None = None
    last_benchmark: str | None = None
    last_benchmark_at: int = -10  # sentence index where it was named
    last_tokens: tuple[int, str] | None = None
    last_group: tuple[int, list[str]] | None = None
    prev_models: list[str] = field(default_factory=list)  # the models the previous sentence named, in order
    plan_channel: tuple[int, str, tuple[str, ...]] | None = None  # a product with plans, last named  # (sentence index, models) of the last group reference  # (sentence index, kind) of the last window figure
    unit_until: int = -1  # sentence index up to which a per-token unit carries
    unit_per: int = 1_000_000
    currency: str = "USD"
    facts: list[Fact] = field(default_factory=list)


# ---------------------------------------------------------------- helpers

def _has(text: str, words: list[str] | tuple[str, ...]) -> bool:
    low = text.casefold()
    return any(_find_word(low, w.casefold()) >= 0 for w in words)


def _find_word(low: str, word: str, start: int = 0) -> int:
    """Index of ``word`` in ``low`` as a whole word (or phrase), else -1."""
    i = low.find(word, start)
    while i >= 0:
        before = low[i - 1] if i > 0 else " "
        after = low[i + len(word)] if i + len(word) < len(low) else " "
        if (not before.isalnum() or not word[:1].isalnum()) and (not after.isalnum() or not word[-1:].isalnum()):
            return i
        i = low.find(word, i + 1)
    return -1


def _nearest_word(text: str, words: list[str], pos: int) -> int | None:
    """Distance from ``pos`` to the nearest occurrence of any of ``words`` in ``text``."""
    low = text.casefold()
    best = None
    for w in words:
        i = _find_word(low, w.casefold())
        while i >= 0:
            d = min(abs(i - pos), abs(i + len(w) - pos))
            best = d if best is None else min(best, d)
            i = _find_word(low, w.casefold(), i + 1)
    return best


def _ends_with_cue(text: str, words: list[str]) -> bool:
    low = text.casefold().rstrip(" ,:(«\u00a0\u202f")
    return any(low.endswith(w.casefold()) and (len(low) == len(w) or not low[-len(w) - 1].isalnum())
               for w in words)


def _model_name(m: Mention, state: State) -> str | None:
    return state.names.get(norm_name(m.text))


def _resolve_date(value: dict[str, Any], state: State, text: str) -> str | None:
    kind = value.get("kind")
    if kind == "abs":
        if value.get("day") is None:
            return None
        year = value.get("year") or (state.published.year if state.published else None)
        if year is None:
            return None
        try:
            return dt.date(year, value["month"], value["day"]).isoformat()
        except ValueError:
            return None
    if state.published is None:
        return None
    if kind == "rel":
        if value.get("offset") is None:
            return None
        return (state.published + dt.timedelta(days=value["offset"])).isoformat()
    if kind == "weekday":
        # news tells of days past ("depuis jeudi", "on Tuesday"); only "next Tuesday" or
        # "mardi prochain" points ahead
        pub = state.published
        future = bool(value.get("next")) or bool(value.get("ahead"))
        delta = (value["weekday"] - pub.weekday()) % 7
        if future:
            return (pub + dt.timedelta(days=delta or 7)).isoformat()
        back = (pub.weekday() - value["weekday"]) % 7
        return (pub - dt.timedelta(days=back)).isoformat()
    return None


def _add(state: State, type_: str, model: str | None, data: dict[str, Any], sent: Sentence,
         rule: str, confidence: float = 0.8) -> None:
    if not model:
        return
    state.facts.append(Fact(type=type_, model=model, data=data,
                            evidence=Evidence(sent.text, sent.start, sent.end),
                            confidence=confidence, rule=rule))


# ---------------------------------------------------------------- roles

def _role(sent: Sentence, m: Mention, lex: Lexicon) -> str:
    """How a model mention stands in its sentence: subject, compared, predecessor, listed."""
    before = sent.text[max(0, m.start - sent.start - 40):m.start - sent.start]
    # "against OpenAI's GPT-4", "face au Llama de Meta": the developer's name is not the cue's end
    before = re.sub(r"\b[\w.]+['’]s\s$", "", before)
    # drop earlier model names from the window so that "X and Y" keeps the cue of X
    if re.fullmatch(r"\W*(?:comme|like|unlike|contrairement à|à l['’]instar de|just like)\s*", before, re.I):
        return "compared"  # "Comme Mixtral 8x7B, le nouveau modèle ...": the model compared with
    if re.search(r"(?:comparaison|comparison)\s*,\s*$", before, re.I):
        return "subject"  # "Pour comparaison, Mistral Small coûte ...": a discourse marker
    if re.search(r"\b(?:as|aussi|autant)\s+(?:\w+\s+){1,2}(?:as|que|qu['’])\s*$", before, re.I):
        return "compared"
    # "devance en revanche Llama 3 8B": a comparison verb and at most two adverbs
    low_before = before.casefold()
    for cue in lex["compare_strong"]:
        i = low_before.rfind(cue.casefold())
        if i >= 0 and (i == 0 or not low_before[i - 1].isalnum()) and re.fullmatch(
                r"\s(?:[\w'’-]+\s){0,2}", low_before[i + len(cue):]) and cue[-1:].isalpha():
            if not re.search(r"\d", low_before[i:]):
                return "compared"
    if _ends_with_cue(before, lex["compare_strong"]) or re.search(
            r"(?:\b(?:than|que|qu'|contre|vs\.?|versus|with|avec|à|to)\s(?:\w+\s){0,2}$)", before.casefold()) and \
            _has(before[-25:], lex["compare_strong"]):
        return "compared"
    if _ends_with_cue(before, lex["successor"]):
        return "predecessor"
    # "88,7 % pour GPT-4o", "(77.9%) for Gemini Flash": a model that owns a value given after a rival's
    if re.search(r"(?:\d\s?%|\d|\))\s*(?:for|pour|by|par|chez|with|avec)\s*$", before, re.I):
        return "compared"
    # "... que Gemini Flash et Claude 3 Haiku": a model joined to a compared one
    prev = [p for p in sent.of("MODEL") if p.end <= m.start]
    if prev:
        gap = sent.text[prev[-1].end - sent.start:m.start - sent.start]
        gap = re.sub(r"\([^()]*\)", "", gap).strip().casefold()
        if gap in (",", "and", "et", "or", "ou", "&", ", and", ", et", "ni"):
            return _role(sent, prev[-1], lex)
    return "subject"


def _subject(sent: Sentence, state: State, before: int | None = None) -> str | None:
    """The model a value in ``sent`` is about: the nearest named subject before it, else salient."""
    best = None
    best_end = sent.start
    for m in sent.of("MODEL"):
        if before is not None and m.start >= before:
            break
        name = _model_name(m, state)
        if name and _role(sent, m, state.lex) == "subject":
            best, best_end = name, m.end
            if before is None:
                break
    if best and before is not None and re.search(
            r"(?:\band\b|\bet\b|[,;])\s+(?:it|il|elle)\b", sent.text[best_end - sent.start:before - sent.start], re.I):
        return _implicit(sent, state)  # "..., and it is the successor to": a new clause about "it"
    return best or _implicit(sent, state)


def _implicit(sent: Sentence, state: State) -> str | None:
    """The model a sentence without a named subject is about (see ``_implicit_all``)."""
    found = _implicit_all(sent, state)
    return found[0] if found else None


def _implicit_all(sent: Sentence, state: State) -> list[str]:
    """'the models', 'all three' are the models the article launches (their family if it names
    one); 'the new model', 'le modèle' the article's focus; 'it' the model last spoken of."""
    if len(state.launched) > 1 and _has(sent.text, state.lex["group_count"]):
        # "all three models": the members, with their family where the article names one
        state.last_group = (sent.index, list(state.launched))
        return list(state.launched)
    if state.last_group and state.last_group[0] >= sent.index - 2 and _has(sent.text, state.lex["plural_pronouns"]):
        # "Both models have ... Their knowledge cutoff is October 2023."
        return list(state.last_group[1])
    if _has(sent.text, state.lex["group_anaphora"]) and len(state.launched) > 1:
        family = [n for n in state.launched
                  if any(o != n and norm_name(o).startswith(norm_name(n)) for o in state.launched)]
        return family[:1] or list(state.launched)
    if state.focus and _has(sent.text, state.lex["focus_anaphora"]):
        return [state.focus]
    return [state.salient] if state.salient else []


def _subjects(sent: Sentence, state: State, before: int | None = None) -> list[str]:
    """The subject models of a clause: 'Opus and Sonnet became available ...' gives both;
    'all three models' gives the models the article launches."""
    models = [m for m in sent.of("MODEL") if before is None or m.start < before]
    group: list[Mention] = []
    for m in models:
        if _role(sent, m, state.lex) != "subject":
            if group:
                break
            continue
        if group:
            gap = sent.text[group[-1].end - sent.start:m.start - sent.start]
            if re.sub(r"\([^()]*\)", "", gap).strip().casefold() not in (",", "and", "et", "&", ", and", ", et"):
                if before is None:
                    break
                group = []
        group.append(m)
    names = [n for n in (_model_name(m, state) for m in group) if n]
    if names:
        return list(dict.fromkeys(names))
    return _implicit_all(sent, state)


def _for_model(sent: Sentence, m: Mention, state: State) -> str | None:
    """'77.9% for Gemini Flash', '(82 % pour GPT-4o mini)': a model right after a value."""
    after = [x for x in sent.mentions if x.start >= m.end]
    words = "|".join(re.escape(w) for w in state.lex["for_model"])
    gap_rx = re.compile(rf"^\s*[,(]?\s*(?:(?:[A-Z][\w.]*\s+[a-z]+\s+)?(?:{words})\s+(?:(?:the|its|their|le|la|les|l['’]|du|des|son|sa|ses)\s*)?(?:[a-zé]+,?\s+){{0,2}}(?:[A-Z][\w.]*['’]s\s+)?|\(\s*)$")
    for x in after[:2]:
        gap = sent.text[m.end - sent.start:x.start - sent.start]
        if x.label == "MODEL" and gap_rx.match(gap):
            return _model_name(x, state)
        if x.label in ("PERCENT", "MONEY", "TOKENS"):
            break
    return None


def _owner(sent: Sentence, m: Mention, state: State) -> str | None:
    """Which model a value mention belongs to."""
    return _for_model(sent, m, state) or _value_model_before(sent, m, state) or _implicit(sent, state)


def _value_model_before(sent: Sentence, m: Mention, state: State) -> str | None:
    """The nearest model before the value in the same clause, compared ones included when
    the value follows them directly ('Gemini Flash scores 77.9%')."""
    models = [x for x in sent.of("MODEL") if x.end <= m.start]
    if not models:
        # "avec 86,2 % sur MMLU, Grok-2 mini fait mieux que ...": the clause's subject comes after
        later = [x for x in sent.of("MODEL") if x.start >= m.end and _role(sent, x, state.lex) == "subject"]
        lead = sent.text[:m.start - sent.start]
        if later and not re.search(r"\d", sent.text[m.end - sent.start:later[0].start - sent.start]) \
                and re.fullmatch(r"\W*(?:\w+\W+){0,2}?(?:with|avec|at|à|en|on|sur)\s", lead, re.I):
            return _model_name(later[0], state)
        return None
    # "X reprend l'architecture de Y, avec 236 milliards": Y is a reference, X the owner
    while len(models) > 1 and re.search(r"\b(?:of|from|de|d['’]|du|on|sur)\s*$",
                                        sent.text[:models[-1].start - sent.start], re.I):
        models = models[:-1]
    last = models[-1]
    gap = sent.text[last.end - sent.start:m.start - sent.start]
    if re.search(r"(?:\band\b|\bet\b|[,;])\s+(?:it|il|elle|they|ils|elles)\b", gap, re.I):
        # "... twice the speed of Claude 3 Opus, and it comes with 200K tokens": a new clause
        return _subject(sent, state)
    if _role(sent, last, state.lex) == "subject":
        return _model_name(last, state)
    # a compared model directly followed by its own value: "(Gemini Flash: 77.9 %)"
    if _role(sent, last, state.lex) == "compared" and len(gap) < 25 and not re.search(r"[;]|\b(?:while|whereas|alors|tandis)\b", gap):
        others = [x for x in sent.mentions if last.end <= x.start < m.start and x.label in ("PERCENT", "MONEY", "TOKENS")]
        if not others and re.match(r"^\s*(?:[:(,]|\b(?:scores?|scored|gets|got|reaches|at|with|atteint|obtient|avec|à)\b)", gap, re.I):
            return _model_name(last, state)
    return _subject(sent, state, before=m.start)


def _predecessor_of(name: str | None, state: State) -> str | None:
    return next((f.data["predecessor"] for f in state.facts
                 if f.type == "successor" and name and f.model == name), None)


def _value_owners(sent: Sentence, m: Mention, state: State) -> list[str]:
    """Models a spec value (tokens, cutoff) belongs to."""
    if _pair_second(sent, m, m.label, state) and state.comparison:
        return [state.comparison]
    rel, end = m.start - sent.start, m.end - sent.start
    # "passe de 8 192 tokens à 128 000 tokens", "les 32 000 tokens de la première génération"
    older = re.search(r"\b(?:de|from)\s+$", sent.text[max(0, rel - 6):rel]) and re.match(
        r"^\s+(?:à|to)\s+\d", sent.text[end:end + 8])
    older = older or re.match(r"^\s+(?:de|of|for)\s+(?:la|the|its|son|sa)\s+(?:première génération|génération précédente|"
                              r"previous generation|first generation|predecessor|prédécesseur|version précédente|previous version)",
                              sent.text[end:end + 45], re.I)
    if older:
        owner = _subject(sent, state, before=m.start)
        pred = _predecessor_of(owner, state) or _predecessor_of(state.focus, state)
        return [pred] if pred else []
    one = _for_model(sent, m, state)
    if one:
        models = sent.of("MODEL")
        first = next((k for k, x in enumerate(models) if x.start >= m.end and _model_name(x, state) == one), None)
        if first is not None:
            group = [n for x in _joined(sent, models, first, +1) if (n := _model_name(x, state))]
            return list(dict.fromkeys(group)) or [one]
        return [one]
    before = [x for x in sent.of("MODEL") if x.end <= m.start]
    if before:
        subs = _subjects(sent, state, before=m.start)
        if len(subs) > 1:
            return subs
        one = _value_model_before(sent, m, state)
        return [one] if one else subs
    fronted = _value_model_before(sent, m, state)  # "Avec 64K tokens, Mixtral 8x22B ..."
    return [fronted] if fronted else _implicit_all(sent, state)


def _pair_second(sent: Sentence, m: Mention, label: str, state: State) -> bool:
    """True when ``m`` is the right side of 'X contre Y' / 'X vs Y' / '(vs Y)'."""
    before = sent.text[:m.start - sent.start].casefold().rstrip(" (")
    return bool(re.search(r"(?:\bcontre|\bvs\.?|\bversus|\bcompared (?:with|to)|\bcomparé à|\bagainst)$", before))


# ---------------------------------------------------------------- fact rules

def _benchmarks(sent: Sentence, state: State) -> None:
    lex = state.lex
    benches = sent.of("BENCHMARK")
    scores = list(sent.of("PERCENT"))
    # bare numbers right beside a benchmark: "MMLU score of 88.7", "88.7 on MMLU", "MMLU: 88.7"
    for b in benches:
        tail = sent.text[b.end - sent.start:]
        m = re.match(r"^(?:\s?(?:score|scores|result)?\s?(?:of|de|:|=|at|à)?\s?\(?)(\d{1,3}(?:[.,]\d+)?)(?![\d%]|\s?%|\s?(?:B|billion|tokens|k\b))", tail)
        if m and not any(p.start - sent.start == b.end - sent.start + m.start(1) for p in scores):
            s = b.end + m.start(1)
            val = parse_number(m.group(1), lex.lang)
            if val is not None and not any(x.start <= s < x.end for x in sent.mentions):
                scores.append(Mention(s, b.end + m.end(1), "PERCENT", m.group(1), val, "score.bare"))
        head = sent.text[:b.start - sent.start]
        m2 = re.search(r"(\d{1,3}(?:[.,]\d+)?)\s(?:on|sur|in|en|au|à)\s(?:the\s|le\s|la\s)?$", head)
        if m2:
            s = sent.start + m2.start(1)
            val = parse_number(m2.group(1), lex.lang)
            if val is not None and not any(x.start <= s < x.end for x in sent.mentions):
                scores.append(Mention(s, sent.start + m2.end(1), "PERCENT", m2.group(1), val, "score.bare"))
    anaphora = _has(sent.text, lex["benchmark_anaphora"])
    if benches or (anaphora and state.last_benchmark):
        scores += _bare_scores(sent, scores, lex)
    scores.sort(key=lambda x: x.start)
    # "Grok-2 also reaches 76.1% on MATH and 88.4% on HumanEval; Grok-2 mini scores 73.0% and 85.7% respectively"
    respective: dict[int, str] = {}
    resp = re.search(r"respectiv", sent.text, re.I)
    if resp:
        tail = [sc for sc in scores if sc.end - sent.start <= resp.start()
                and not [b for b in benches if b.start > sc.end and b.start - sent.start < resp.start()]]
        tail = [sc for sc in tail if not any(b.start >= sc.end for b in benches)] or tail
        lead = [b.text for b in benches if b.end <= (tail[0].start if tail else 0)]
        if tail and len(lead) >= len(tail):
            respective = {id(sc): b for sc, b in zip(tail, lead[-len(tail):])}
    for sc in scores:
        after = sent.text[sc.end - sent.start:sc.end - sent.start + 30].casefold()
        if any(after.lstrip().startswith(w) for w in lex["not_score"]):
            continue
        bench = respective.get(id(sc)) or _bench_for(sent, sc, benches, scores)
        if bench is None and not benches and state.last_benchmark and state.last_benchmark_at >= sent.index - 2 \
                and (_for_model(sent, sc, state) or re.search(
                    rf"\b(?:{_SCORE_VERBS}|sits at|resolves|solves|résout)\s+(?:\w+\s+){{0,2}}$",
                    sent.text[:sc.start - sent.start], re.I)):
            bench = state.last_benchmark  # "SWE-bench Verified, a benchmark ... GPT-4.1 resolves 54.6% of the tasks"
        if resp and not sent.of("MODEL") and state.prev_models and len(state.prev_models) == len(
                [x for x in scores if x.end - sent.start <= resp.start() + 40]):
            # "Jamba 1.5 Large obtient 65,4 et Jamba 1.5 Mini 46,1. Sur MMLU, ils affichent respectivement 81,2 et 69,7."
            k = scores.index(sc)
            if k < len(state.prev_models) and bench:
                _add(state, "benchmark", state.prev_models[k], {"benchmark": bench, "score": float(sc.value)},
                     sent, "benchmark.respectively", 0.75)
                continue
        if bench is None and anaphora and state.last_benchmark:
            bench = state.last_benchmark
        if bench is None:
            continue
        owner = _owner(sent, sc, state)
        conf = 0.85 if sc.rule != "score.bare" else 0.7
        _add(state, "benchmark", owner, {"benchmark": bench, "score": float(sc.value)}, sent,
             "benchmark.sentence", conf)
        named = next((n for x in sent.of("MODEL") if _role(sent, x, lex) == "subject"
                      and (n := _model_name(x, state))), None)
        subject = _subject(sent, state)
        if owner and subject and owner != subject and _is_anchor(subject, state):
            _competitor(state, subject, owner, sent, "competitor.scores", measured=named is not None)
    if benches:
        state.last_benchmark = benches[-1].text
        state.last_benchmark_at = sent.index


_SCORE_VERBS = (r"scores?|scored|scoring|reaches|reached|achieves|achieved|gets|got|hits|posts|posted|"
                r"obtient|atteint|grimpe à|monte à|affiche|donne|plafonne à|culmine à|rating of|score of|"
                r"note de|score de|with|avec|at|à")


def _bare_scores(sent: Sentence, known: list[Mention], lex: Lexicon) -> list[Mention]:
    """Scores written without %: '... scores 9.35, against 9.12 for its predecessor',
    'donne 16,8 à DeepSeek-V2.5, moins que les 19 de DeepSeek-Coder-V2-0724', 'an Elo rating of 1650'."""
    out = []
    text = sent.text
    taken = [(x.start - sent.start, x.end - sent.start) for x in sent.mentions + known]
    for m in re.finditer(r"(?<![\w.,$€£])(\d{1,4}(?:[.,]\d{1,2})?)(?![\w%$€£]|[.,]\d|\s?%|\s(?:%|B\b|billion|milliards?|million|tokens|jetons|parameters|paramètres|\$|€|dollars?|euros?|ans|years|mois|months|jours|days|fois|times|langues|languages|pages|requêtes|requests))", text):
        a, b = m.span(1)
        if any(s0 <= a < e0 for s0, e0 in taken):
            continue
        value = parse_number(m.group(1), lex.lang)
        if value is None or (1900 <= value <= 2100 and "." not in m.group(1) and "," not in m.group(1)):
            continue
        before = text[max(0, a - 30):a].casefold()
        after = text[b:b + 40]
        led = re.search(rf"(?:\b(?:{_SCORE_VERBS})|against|contre|vs\.?|versus|compared with|than|que|les|the)\s+(?:(?:an?|the|le|la|les|un|une)\s+)?(?:[\w-]+\s+){{0,2}}$", before)
        owned = re.match(r"^\s*(?:for|pour|à|de|by|par)\s+(?:(?:its|the|son|sa|le|la|l['’])\s*)?(?:[\w-]+\s*,?\s*){0,2}", after, re.I)
        if led or (owned and re.search(r"[A-Z]", after[:40])):
            out.append(Mention(sent.start + a, sent.start + b, "PERCENT", m.group(1), value, "score.bare"))
    return out


def _bench_for(sent: Sentence, sc: Mention, benches: list[Mention], scores: list[Mention]) -> str | None:
    if not benches:
        return None
    # right after: "82 % on MMLU", "87,2 % sur HumanEval"
    for b in benches:
        if b.start >= sc.end:
            gap = sent.text[sc.end - sent.start:b.start - sent.start]
            if len(gap) <= 30 and re.fullmatch(r"\s*(?:on|sur|in|en|at|au|à|for|pour|with)?\s*(?:the|le|la|l'|du|de)?\s*(?:[\w-]+\s)?(?:benchmark|test|bench)?\s*", gap, re.I) \
                    and not any(sc.end <= s.start < b.start for s in scores):
                return b.text
            break
    # before, nothing else between: "MMLU: 82 %", "MMLU score of 82%", "on MMLU, it scores 82%"
    prev = [b for b in benches if b.end <= sc.start]
    if prev:
        b = prev[-1]
        between = [s for s in scores if b.end <= s.start < sc.start]
        gap = sent.text[b.end - sent.start:sc.start - sent.start]
        if not between and len(gap) <= 80:
            return b.text
        # a list of scores after one benchmark: "HumanEval: 92% for X, 90.2% for Y"
        if len(benches) == 1:
            return b.text
    if len(benches) == 1:
        return benches[0].text
    return None


def _competitor(state: State, a: str, b: str, sent: Sentence, rule: str, measured: bool = False) -> None:
    """``b`` is a rival of ``a``. Outside launch coverage only measured comparisons count
    (scores side by side), not models named together in passing."""
    if a == b or norm_name(a) == norm_name(b) or not (state.launched or measured):
        return
    org_a, org_b = state.orgs.get(a), state.orgs.get(b)
    if org_a and org_b and org_a == org_b:
        return
    if not org_a and not org_b:
        return
    _add(state, "competitor", a, {"competitor": b}, sent, rule, 0.7)


def _prices(sent: Sentence, state: State) -> None:
    lex = state.lex
    monies = [m for m in sent.of("MONEY") if m.value["amount"] < 1000]
    if not monies:
        return
    low = sent.text.casefold()
    per = None
    unit_pos: list[tuple[int, int]] = []
    for words, n in ((lex["per_thousand"], 1000), (lex["per_million"], 1_000_000)):
        for w in words:
            i = _find_word(low, w.casefold())
            while i >= 0:
                unit_pos.append((i, n))
                i = _find_word(low, w.casefold(), i + 1)
    token_word = _has(sent.text, lex["tokens"])
    if unit_pos:
        per = True
        state.unit_until = sent.index + 4
    elif sent.index <= state.unit_until and (_has(sent.text, lex["input"] + lex["output"]) or sent.in_table):
        per = True
    elif token_word and re.search(r"\b(?:per|par|pour|le|du)\s(?:\w+\s)?(?:tokens?|jetons?)", low):
        per = True
    if not per:
        return
    has_eur = any(m.value["currency"] == "EUR" for m in monies)
    directions = _directions(sent, monies, lex)
    for i, m in enumerate(monies):
        rel_start, rel_end = m.start - sent.start, m.end - sent.start
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
        owner = _owner(sent, m, state)
        if i + 1 < len(monies) and sent.text[rel_end:monies[i + 1].start - sent.start].strip() == "/":
            # "$2.50/$10 per million input/output tokens for OpenAI's GPT-4o"
            owner = _for_model(sent, monies[i + 1], state) or owner
        conf = 0.85 if unit_pos else 0.65
        for d in (("input", "output") if direction == "both" else (direction,)):
            _add(state, "price", owner, {"direction": d, "amount": m.value["amount"],
                                         "currency": currency, "per_tokens": per_tokens},
                 sent, "price.sentence", conf)


def _directions(sent: Sentence, monies: list[Mention], lex: Lexicon) -> list[str]:
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
    for i, (a, b) in enumerate(spans):
        nxt = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        prv = spans[i - 1][1] if i > 0 else 0
        before, after = text[prv:a], text[b:nxt][:60]
        label = _direction(before[-30:], lex, first=False) if re.search(
            r"[:=|]\s*(?:at|à|de)?\s*$|\b(?:price|prix|tarif|cost|coût)\s*$", before.casefold()) or \
            re.search(r"(?:input|output|entrée|sortie|prompt|completion)s?\s*(?:price|prix|tarif)?\s*[:=]?\s*(?:at|à|de)?\s*$",
                      before.casefold()) else None
        both = _direction(after, lex, first=True) and _direction(after, lex, first=False) and \
            _direction(after, lex, first=True) != _direction(after, lex, first=False) and \
            re.search(r"\b(?:and|et|&)\b", after.casefold())
        if label:
            out.append(label)
        elif both and not re.search(r"\$|€|\d", after[:40]):
            # "$0.30 for both input and output" states two prices; "tarif unique" one flat price
            out.append("both" if re.search(r"\b(?:both|à la fois)\b", after.casefold()) else "flat")
        else:
            out.append(_direction(after, lex, first=True))
    # "$1/$4 per million input/output tokens", "$10 and $30 respectively"
    if len(spans) >= 2:
        pair = re.search(r"(?:input|entrée)\s?/\s?(?:output|sortie)", low)
        for i in range(len(spans) - 1):
            gap = text[spans[i][1]:spans[i + 1][0]].strip()
            tail = low[spans[i + 1][1]:spans[i + 1][1] + 25]
            if (pair and gap == "/") or (gap.casefold() in ("and", "et", "/") and re.search(r"respectiv", tail)):
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
    return result


def _direction(text: str, lex: Lexicon, first: bool) -> str | None:
    low = text.casefold()
    hits = []
    for d in ("input", "output"):
        for w in lex[d]:
            i = _find_word(low, w.casefold())
            while i >= 0:
                hits.append((i, d))
                i = _find_word(low, w.casefold(), i + 1)
    if not hits:
        return None
    hits.sort()
    return hits[0][1] if first else hits[-1][1]


def _more_token_figures(sent: Sentence, lex: Lexicon) -> list[Mention]:
    """'... up to 32,768 output tokens and o1-mini up to 65,536': figures that continue a count."""
    found = sent.of("TOKENS")
    if not found:
        return found
    extra = []
    for m in re.finditer(r"(?:up to|jusqu['’]à|à)\s(\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+[kK])(?![\w%$€]|\s?(?:%|\$|€|tokens|jetons))", sent.text):
        start = sent.start + m.start(1)
        if any(x.start <= start < x.end for x in sent.mentions):
            continue
        raw = m.group(1)
        value = parse_number(raw[:-1], lex.lang) * 1000 if raw[-1] in "kK" else parse_number(raw, lex.lang)
        if value and value >= 1000:
            extra.append(Mention(start, sent.start + m.end(1), "TOKENS", raw, int(value), "tokens.continued"))
    return sorted(found + extra, key=lambda x: x.start)


def _tokens(sent: Sentence, state: State) -> None:
    lex = state.lex
    for m in _more_token_figures(sent, lex):
        rel = m.start - sent.start
        before = sent.text[max(0, rel - 12):rel].casefold()
        if re.search(r"(?:\b(?:per|par|pour|le|du|each|every|chaque)\b|/)\s*(?:\w+\s)?$", before):
            continue  # "per million tokens", "le million de jetons": a unit, not a window
        near = sent.text[max(0, rel - 35):m.end - sent.start + 30]
        if _has(near, lex["training"]) or m.value >= 50_000_000:
            continue  # training-set sizes, not windows
        if sent.of("MONEY") and re.search(r"prompts?\s+(?:up to|under|over|longer than|of up to|above|jusqu)", sent.text[max(0, rel - 25):rel], re.I):
            continue  # a price tier ("for prompts up to 128K")
        around = sent.text[max(0, rel - 60):m.end - sent.start + 40]
        d_out = _nearest_word(around, lex["max_output"], min(rel, 60))
        d_ctx = _nearest_word(around, lex["context"], min(rel, 60))
        if d_out is None and d_ctx is None:
            # a bare figure in a sentence about the context window, or right after one
            if _has(sent.text, lex["context"]) or (state.last_tokens and state.last_tokens[0] >= sent.index - 1):
                kind = "context_window" if _has(sent.text, lex["context"]) or not state.last_tokens \
                    else state.last_tokens[1]
            else:
                continue
        elif d_ctx is None or (d_out is not None and d_out <= d_ctx):
            kind = "max_output"
        else:
            kind = "context_window"
        state.last_tokens = (sent.index, kind)
        for owner in _value_owners(sent, m, state):
            _add(state, kind, owner, {"tokens": int(m.value)}, sent, f"{kind}.sentence", 0.75)


def _cutoff(sent: Sentence, state: State) -> None:
    if not _has(sent.text, state.lex["cutoff"]):
        return
    for m in sent.of("DATE"):
        v = m.value
        if v.get("kind") != "abs" or not v.get("year"):
            continue
        date = f"{v['year']:04d}-{v['month']:02d}"
        for owner in _value_owners(sent, m, state):
            _add(state, "knowledge_cutoff", owner, {"date": date}, sent, "knowledge_cutoff.sentence", 0.75)


def _size_of(name: str) -> float | None:
    """The size written in a model's name: 'Llama 3.1 405B' -> 405e9, 'Mixtral 8x22B' -> None."""
    m = re.search(r"(?:^|[\s-])(\d+(?:\.\d+)?)([BbMm])(?:$|[\s-])", name)
    if not m:
        return None
    return float(m.group(1)) * (1e9 if m.group(2) in "Bb" else 1e6)


def _parameters(sent: Sentence, state: State) -> None:
    for m in sent.of("PARAMS"):
        owner = _for_model(sent, m, state) or _value_model_before(sent, m, state) or _implicit(sent, state)
        counts = list(m.value)
        if owner and len(counts) > 1:
            # several sizes are the family's: "Qwen3-30B-A3B" -> "Qwen3"
            owner = re.sub(r"(?:[\s-]\d+(?:\.\d+)?[BbMm](?:[\s-]A\d+(?:\.\d+)?B)?)$", "", owner)
        in_sentence = [n for x in sent.of("MODEL") if (n := _model_name(x, state))]
        listed = in_sentence
        respectively = re.search(r"respectiv", sent.text[m.end - sent.start:m.end - sent.start + 30], re.I)
        for k, c in enumerate(counts):
            # the model whose name carries this size: "Llama 3.2 1B et Llama 3.2 3B, de 1 et 3 milliards"
            sized = [n for n in in_sentence if _size_of(n) and abs(_size_of(n) - c) < 0.02 * c]
            who = sized[0] if sized else owner
            if respectively and len(listed) == len(counts):
                who = listed[k]
            _add(state, "parameters", who, {"count": int(c)}, sent, m.rule or "parameters", 0.8)


_LIST_ITEM = r"[A-Z][\w.+-]*(?:\s[A-Z][\w.+-]*){0,2}"


def _availability(sent: Sentence, state: State) -> None:
    lex = state.lex
    channels = sent.of("CHANNEL")
    text = sent.text
    low = text.casefold()
    has_cue = _has(text, lex["availability"])
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
                if item and not item.upper() == "API":
                    names.append((f"{item} API", None))
    for ch in channels:
        value = ch.value
        if value.get("generic"):
            if value.get("name") != "API" or not (has_cue and _has(text, ["via", "through", "available", "disponible", "accessible", "accès", "access"])):
                continue
        name = value.get("name") or ch.text
        if ch.rule == "channel.api" and re.search(r",\s*(?:l['’]|the\s|its\s|son\s)?$", text[:ch.start - sent.start]) and any(
                c.end <= ch.start and ch.start - c.end <= 6 for c in channels if c is not ch):
            continue  # "la Plateforme, l'API de Mistral": a description of the channel before
        api = re.match(r"(?i)^API(?P<mid>\s(?!de\b|du\b|des\b)[a-zé]+)?\s(?:de\s|d['’])?(?P<who>.+)$", name)
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
            pm = re.match(rf"^(?:\s?,\s?|,?\s(?:and|et|or|ou|&)\s)(?P<items>(?:{alt})(?:(?:\s?,\s?|,?\s(?:and|et|or|ou|&)\s)(?:{alt}))*)(?![\w+])", tail)
            if pm:
                for item in re.split(r"\s?,\s?|,?\s(?:and|et|or|ou|&)\s", pm.group("items")):
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
    heads = "|".join(re.escape(h) for h in state.rules.product_heads)
    for hm in re.finditer(rf"\b(?P<head>{heads})\b(?:\s(?:plans?|offres?|abonnements?|subscriptions?|tiers?))?\s?[,:(]?\s?", text):
        if any(ch.start - sent.start <= hm.start() < ch.end - sent.start for ch in channels):
            continue
        plans = tuple(state.rules.plans)
        items = _plan_items(text[hm.end() - 1:], plans) if hm.end() > 0 else []
        if len(items) >= 1 and re.match(rf"^\s?(?:{'|'.join(re.escape(p) for p in plans)})\b", text[hm.end() - 1:hm.end() + 12]):
            names.extend((f"{hm.group('head')} {item}", None) for item in items)
            state.plan_channel = (sent.index, hm.group("head"), plans)
    if not channels and state.plan_channel and state.plan_channel[0] >= sent.index - 1:
        # "... dans ChatGPT. Les clients Enterprise y auront accès la semaine prochaine."
        _, head, plans = state.plan_channel
        names.extend((f"{head} {item}", None) for item in _plan_items(text, plans, anywhere=True))
    if not names:
        return
    explicit = [m for m in sent.of("MODEL") if _role(sent, m, lex) == "subject"]
    weak_cue = bool(explicit) and re.search(r"\b(?:on|in|sur|dans|via|to)\s", low)
    if not (has_cue or weak_cue):
        return
    if _negated_availability(low, lex):
        return
    date = None
    for d in sent.of("DATE"):
        date = _resolve_date(d.value, state, text)
        if date:
            break
    if date is None and _has(text, lex["launch_day"]):
        # "partners for day-one access", "dès le lancement": the launch date
        date = next((f.data.get("date") for f in state.facts if f.type == "launch" and f.data.get("date")), None)
    for name, ch in names:
        owners = _subjects(sent, state, before=ch.start if ch else None)
        if not sent.of("MODEL") and len(owners) == 1 and state.last_group and state.last_group[0] == sent.index - 1:
            owners = list(state.last_group[1])  # "... aux deux modèles. Les clients Enterprise y auront accès ..."
        family = [o for o in owners if any(x != o and norm_name(x).startswith(norm_name(o)) for x in owners)]
        if family and not [m for m in sent.of("MODEL") if _model_name(m, state) in owners]:
            owners = family[:1]  # "All three models can be downloaded": the release, named by its family
        if ch and owners == _implicit_all(sent, state) and not _has(
                text, lex["group_count"] + lex["group_anaphora"] + lex["focus_anaphora"]):
            # "support for Opus and Haiku is coming": the models named after the channel
            after = [m for m in sent.of("MODEL") if m.start > ch.end and _role(sent, m, lex) == "subject"
                     and re.search(r"\b(?:for|pour|get|gets|obtiennent|ont accès à|reçoivent)\b",
                                   sent.text[ch.end - sent.start:m.start - sent.start])]
            if after:
                owners = _subjects(sent, state) if not [m for m in sent.of("MODEL") if m.start < ch.start] else owners
                owners = [n for n in (_model_name(m, state) for m in after) if n] or owners
        for owner in owners:
            _add(state, "availability", owner, {"channel": name, "date": date}, sent, "availability.sentence", 0.7)


def _plan_items(text: str, plans: tuple[str, ...], anywhere: bool = False) -> list[str]:
    """Plan words right after a product ('ChatGPT Free, Plus et Team'), or later in the
    sentence after users/subscribers ('pour les utilisateurs Free, Plus et Team')."""
    alt = "|".join(re.escape(p) for p in sorted(plans, key=len, reverse=True))
    items = rf"(?P<items>(?:{alt})(?:(?:\s?,\s?|,?\s(?:and|et|or|ou|&)\s)(?:{alt}))*)(?![\w+])"
    m = re.match(rf"^(?:\s(?:for|pour|les|the|des)?\s?)?{items}", text)
    found = [m] if m else []
    if not m:
        who = r"(?:users|subscribers|customers|clients|utilisateurs|abonnés|comptes|accounts|plans?|offres?)"
        found = [x for x in re.finditer(rf"\b{who}\s+(?:de\s|of\s)?(?:ChatGPT\s)?{items}", text)
                 if anywhere or x.start() <= 120]
        found += [x for x in re.finditer(rf"{items}\s+{who}\b", text) if anywhere or x.start() <= 120]
    out = []
    for x in found:
        out += [i.strip() for i in re.split(r"\s?,\s?|,?\s(?:and|et|or|ou|&)\s", x.group("items")) if i.strip()]
    return list(dict.fromkeys(out))


def _negated_availability(low: str, lex: Lexicon) -> bool:
    """'is not available', "n'est pas disponible", 'not yet offered': a negation next to the cue."""
    for cue in lex["availability"]:
        i = _find_word(low, cue.casefold())
        while i >= 0:
            window = low[max(0, i - 22):i + len(cue) + 12]
            if re.search(r"\b(?:not|n't|no longer|never|ne|n['’]|pas|jamais)\b", window):
                return True
            i = _find_word(low, cue.casefold(), i + 1)
    return False


def _successor(sent: Sentence, state: State) -> None:
    lex = state.lex
    low = sent.text.casefold()
    models = sent.of("MODEL")
    for cue in lex["successor"]:
        i = _find_word(low, cue.casefold())
        if i < 0:
            continue
        after = [k for k, m in enumerate(models)
                 if m.start - sent.start >= i + len(cue) and m.start - sent.start - (i + len(cue)) < 40]
        if not after:
            continue
        around = low[max(0, i - 15):i + len(cue) + 6]
        if re.search(r"\b(?:not|n't|never|ne|pas|jamais)\b", around):
            continue  # "o1-preview ne remplace pas GPT-4o"
        succ = _subject(sent, state, before=sent.start + i)
        for pm in _joined(sent, models, after[0], +1):
            pred = _model_name(pm, state)
            if pred is None and pm.value and pm.value.get("bare") and re.search(
                    r"\b(?:original|first|first-generation|premier|première|initial)\s*$",
                    sent.text[:pm.start - sent.start], re.I):
                pred = pm.text  # "the successor to the original OLMo"
            if pred and succ and pred != succ:
                if state.orgs.get(pred) and state.orgs.get(succ) and state.orgs[pred] != state.orgs[succ]:
                    continue
                _add(state, "successor", succ, {"predecessor": pred}, sent, "successor.cue", 0.75)
    # "three months after Qwen2, which it succeeds", "Mistral Large, qu'il remplace"
    for rm in re.finditer(r",?\s(?:which|that|qu['’]il|qu['’]elle|que)\s(?:it\s|il\s|elle\s)?(?:succeeds|replaces|supersedes|remplace|succède)\b", sent.text, re.I):
        prev = [x for x in models if x.end - sent.start <= rm.start() and rm.start() - (x.end - sent.start) <= 2]
        if prev:
            pred = _model_name(prev[0], state)
            succ = _implicit(sent, state)
            if pred and succ and pred != succ:
                _add(state, "successor", succ, {"predecessor": pred}, sent, "successor.relative", 0.7)
    # "up from 84.2 for its predecessor, Qwen2-72B", "son prédécesseur, Claire-7B"
    for pm in re.finditer(r"\b(?:its|their|son|sa|leur)\s(?:\w+\s)?(?:predecessor|prédécesseur)s?,?\s", sent.text, re.I):
        nxt = [m for m in models if m.start - sent.start == pm.end()]
        if nxt:
            pred = _model_name(nxt[0], state)
            succ = _subject(sent, state, before=sent.start + pm.start())
            if pred and succ and pred != succ:
                _add(state, "successor", succ, {"predecessor": pred}, sent, "successor.predecessor", 0.7)
    # inverse: "... GPT-3.5 Turbo, dont GPT-4o mini est le successeur", "GPT-4's successor, GPT-4o"
    m = re.search(r"\b(?:dont|whose)\s(?P<rest>.{0,60}?)\b(?:successeur|successor|remplaçant|replacement)\b", sent.text, re.I)
    if m:
        start = sent.start + m.start()
        before = [x for x in models if x.end <= start]
        inside = [x for x in models if start <= x.start < sent.start + m.end()]
        if before:
            pred = _model_name(before[-1], state)
            succ = _model_name(inside[0], state) if inside else _implicit(sent, state)
            if pred and succ and pred != succ:
                _add(state, "successor", succ, {"predecessor": pred}, sent, "successor.inverse", 0.75)
    m = re.search(r"(?P<pred>\S.*?)(?:'s|’s)\s(?:successor|replacement)\b", sent.text)
    if m:
        pos = sent.start + m.end("pred")
        before = [x for x in models if x.end == pos]
        if before:
            pred = _model_name(before[0], state)
            after = [x for x in models if x.start > pos]
            succ = _model_name(after[0], state) if after else _implicit(sent, state)
            if pred and succ and pred != succ:
                _add(state, "successor", succ, {"predecessor": pred}, sent, "successor.possessive", 0.7)


def _is_anchor(name: str, state: State) -> bool:
    """A model the article is about: its focus, a model it launches, or a member of one."""
    key = norm_name(name)
    anchors = [*state.launched, *([state.focus] if state.focus else [])]
    return any(key == norm_name(a) or key.startswith(norm_name(a)) for a in anchors)


def _is_heading(sent: Sentence) -> bool:
    """A subhead inside the article ('Face à Gemma 2 et Llama 3'): short, no closing punctuation."""
    text = sent.text.strip()
    return sent.index > 2 and len(text) < 80 and text[-1:] not in ".!?:;»\"”)" and not text.startswith(("-", "|", "•"))


def _competitors(sent: Sentence, state: State) -> None:
    lex = state.lex
    if _is_heading(sent):
        return  # a subhead announces the comparison; the paragraph under it names the models
    same_as = re.search(r"\b(?:the same|même|mêmes)\b[^.]{0,60}\b(?:as|que)\b", sent.text, re.I)
    if not (_has(sent.text, lex["compare_strong"] + lex["compare_verbs"]) or same_as):
        return
    if _has(sent.text, ["rather than", "plutôt que", "instead of", "au lieu de"]):
        return
    named = [(m, n) for m in sent.of("MODEL") if (n := _model_name(m, state))]
    anchors = [(m, n) for m, n in named if _is_anchor(n, state) and _role(sent, m, lex) == "subject"]
    if not anchors:
        implicit = _implicit(sent, state)
        if implicit and not _is_anchor(implicit, state) and state.focus and _has(sent.text, lex["model_reference"]):
            implicit = state.focus  # "lines the model up against ...": the article's model
        if not implicit or not _is_anchor(implicit, state) or not (state.launched or sent.of("MODEL")):
            return
        anchors = [(None, implicit)]
    for m, other in named:
        if any(other == a for _, a in anchors) or _role(sent, m, lex) == "predecessor":
            continue
        # each rival goes with the nearest anchor before it ("compare A à X, et B à Y")
        before = [a for am, a in anchors if am is None or am.start < m.start]
        anchor = before[-1] if before else anchors[0][1]
        _competitor(state, anchor, other, sent, "competitor.cue")


def _joined(sent: Sentence, models: list[Mention], i: int, step: int) -> list[Mention]:
    """The model at ``i`` and its neighbours joined by 'and', 'et' or commas."""
    out = [models[i]]
    j = i
    while 0 <= j + step < len(models):
        a, b = (models[j], models[j + step]) if step > 0 else (models[j + step], models[j])
        gap = re.sub(r"\([^()]*\)", "", sent.text[a.end - sent.start:b.start - sent.start]).strip().casefold()
        # "Grok-2 and a smaller sibling, Grok-2 mini": an apposition joins too
        if gap not in (",", "and", "et", "&", ", and", ", et", "or", "ou", "et à", "and to", "ainsi que") and not re.fullmatch(
                r"(?:,\s)?(?:and|et|as well as|along with|alongside|together with|plus|ainsi qu['’]?|ainsi que|"
                r"accompagnée? d['’]|avec)\s?(?:a|an|its|the|son|sa|un|une)\s[\w\s-]{0,30},", gap):
            break
        j += step
        out.append(models[j])
    return out


def _launch_candidates(sent: Sentence, state: State) -> list[str]:
    """Models next to a launch word: 'Meta released Llama 3.1', 'a lancé mardi Grok-2 et Grok-2 mini',
    'Grok-2 et Grok-2 mini : xAI ...' (the subject before the cue)."""
    low = sent.text.casefold()
    models = [m for m in sent.of("MODEL") if _role(sent, m, state.lex) == "subject"]
    if not models:
        return []
    cues = sorted({i for w in state.lex["launch"] for i in [_find_word(low, w.casefold())] if i >= 0})
    picked: list[Mention] = []
    for c in cues:
        pos = sent.start + c
        for k, m in enumerate(models):
            if m.start >= pos:
                gap = sent.text[c:m.start - sent.start]
                if re.search(r"\b(?:after|since|than|après|depuis|que)\s+$", gap, re.I):
                    break  # "arrives three months after Qwen2": the model before, not the launch
                listed = re.search(r"[:—–]\s*$", gap) or re.search(
                    rf"(?:{'|'.join(re.escape(w) for w in state.lex['model_nouns'])})\W*$", gap, re.I)
                limit = 110 if listed else 45
                if len(gap) <= limit and not re.search(r"[.;!?]\s|\b(?:which|whose|that|qui|dont|que|où)\b", gap):
                    picked += _joined(sent, models, k, +1)
                break
        before = [k for k, m in enumerate(models) if m.end <= pos]
        if before:
            m = models[before[-1]]
            gap = sent.text[m.end - sent.start:c]
            if len(gap) <= 35 and not re.search(r"[,;:]|\b(?:which|whose|that|qui|dont|que|où|when|quand)\b", gap):
                picked += _joined(sent, models, before[-1], -1)
    if picked:
        # "..., accompagné d'une version plus légère, o1-mini", "along with a smaller sibling, X"
        for am in re.finditer(r"(?:accompagnée? d['’]|along with|alongside|together with|as well as|ainsi qu['’]?|ainsi que)"
                              r"\s?(?:a|an|its|the|son|sa|un|une)\s[\w\s-]{0,40},\s", sent.text, re.I):
            picked += [m for m in models if m.start - sent.start == am.end()]
    names = [n for n in (_model_name(m, state) for m in picked) if n]
    return list(dict.fromkeys(names))


def _earlier_month(text: str, state: State) -> bool:
    """'a model Cohere released in March' in an article of April: an older launch."""
    if state.published is None:
        return False
    months = state.lex["months"]
    alt = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    for m in re.finditer(rf"\b(?:in|en|since|depuis|last|back in|dès)\s(?P<m>{alt})\b(?!\s\d)", text, re.I):
        word = m.group("m")
        if state.lex.lang == "en" and not word[:1].isupper():
            continue
        if months[word.casefold()] < state.published.month:
            return True
    return False


def _launch(sent: Sentence, state: State, lede: bool) -> None:
    lex = state.lex
    if not _has(sent.text, lex["launch"]) and not (sent.index < 12 and state.launched):
        return
    if _has(sent.text, lex["past"]) or _earlier_month(sent.text, state):
        return
    names = _launch_candidates(sent, state)
    if not names:
        if lede and state.focus and _has(sent.text, lex["focus_anaphora"]):
            names = [state.focus]  # "le nouveau modèle arrive ...", not "chaque lancement de modèle"
        elif not (lede and state.launched):
            return
    elif not lede:
        # outside the lede, a launch is the focus model's, or one told as news
        fresh = _has(sent.text, ["new", "nouveau", "nouvelle", "latest", "also", "aussi", "également"]) \
            or any(d.value.get("kind") in ("rel", "weekday") and d.value.get("offset", 0) is not None
                   for d in sent.of("DATE"))
        names = [n for n in names if n == state.focus or fresh or n in state.launched]
    org_mentions = sent.of("ORG")
    date = None
    for d in sent.of("DATE"):
        date = _resolve_date(d.value, state, sent.text)
        if date:
            break
    if date and state.published and date > state.published.isoformat():
        date = None if not _has(sent.text, lex["future"]) else date
    if sent.index < 12 and (state.launched or names):
        # "The family has three members: Nemotron-4 340B Base, ...": members of a launched family
        for m in sent.of("MODEL"):
            if m.rule == "model.size_reference":
                continue  # "the 9B and 27B models" are sizes of the family, not launches of their own
            n = _model_name(m, state)
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
        _add(state, "launch", name, {"org": org, "date": date}, sent, "launch.cue", 0.7 if not lede else 0.8)


# ---------------------------------------------------------------- tables

def _table_blocks(sents: list[Sentence]) -> list[list[Sentence]]:
    blocks: list[list[Sentence]] = []
    cur: list[Sentence] = []
    for s in sents:
        if s.text.strip().startswith("|") and s.text.strip().count("|") >= 3:
            cur.append(s)
            s.in_table = True
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.strip().strip("|").split("|")]


def _col(row: Sentence, m: Mention) -> int:
    return row.text[:m.start - row.start].count("|") - 1


def _is_header(row: Sentence) -> bool:
    """A row without figures (caption or column headers)."""
    text = row.text
    for m in sorted(row.of("MODEL", "BENCHMARK"), key=lambda x: -x.start):
        text = text[:m.start - row.start] + "X" + text[m.end - row.start:]
    cells = _cells(text)[1:]
    values = [c for c in cells if re.match(r"^\s*(?:[$€£¥]\s*)?\d", c)]
    return not values or len(row.of("BENCHMARK")) >= 2


def _looks_like_model(cell: str, lex: Lexicon) -> bool:
    """A column header that can be a model name: letters with a digit or an inner capital,
    and no price, direction or unit word ('Input (per 1M tokens)' is not one)."""
    if not cell or len(cell) > 40 or not re.search(r"[A-Za-z]", cell):
        return False
    if _has(cell, lex["input"] + lex["output"] + lex["tokens"] + ["price", "prix", "context", "contexte", "score"]):
        return False
    return bool(re.search(r"\d|[a-z][A-Z]", cell))


def _spec_box(rows: list[Sentence], state: State) -> None:
    """A two-column table of one model's specs ('Context window | 1M tokens'): each row is
    read as a sentence about the model the table names (else the article's focus)."""
    named = [n for r in rows[:2] for m in r.of("MODEL") if (n := _model_name(m, state))]
    model = named[0] if named else state.focus
    saved = state.salient
    state.salient = model
    for row in rows:
        _prices(row, state)
        _tokens(row, state)
        _cutoff(row, state)
        _parameters(row, state)
    state.salient = saved


def _tables(sents: list[Sentence], state: State) -> None:
    lex = state.lex
    for block in _table_blocks(sents):
        rows = [s for s in block if not re.fullmatch(r"[\s|:-]+", s.text)]
        if rows and max(len(_cells(r.text)) for r in rows) == 2:
            _spec_box(rows, state)
            continue
        if len(rows) < 2:
            continue
        header: list[str] = []
        header_bench: dict[int, str] = {}
        header_models: dict[int, str] = {}
        seen_models: list[str] = []
        has_scores = False
        for row in rows:
            if _is_header(row):
                header = _cells(row.text)
                header_bench = {_col(row, m): m.text for m in row.of("BENCHMARK")}
                header_models = {_col(row, m): n for m in row.of("MODEL") if (n := _model_name(m, state))}
                continue
            cells = _cells(row.text)
            row_model = next((n for m in row.of("MODEL") if _col(row, m) == 0
                              and (n := _model_name(m, state))), None)
            row_bench = next((m.text for m in row.of("BENCHMARK") if _col(row, m) == 0), None)
            if row_model:
                seen_models.append(row_model)
            for col, cell in enumerate(cells):
                if col == 0:
                    continue
                num = re.search(r"\d+(?:[.,]\d+)?", cell)
                if not num:
                    continue
                value = parse_number(num.group(0), lex.lang)
                if value is None:
                    continue
                head = header[col] if col < len(header) else ""
                if row_model and col in header_bench:
                    _add(state, "benchmark", row_model, {"benchmark": header_bench[col], "score": value},
                         row, "benchmark.table", 0.8)
                    has_scores = True
                elif row_bench and (col in header_models or _looks_like_model(head, lex)):
                    # a benchmark row: the column header names the model, listed or not ("OpenAI-o1-1217")
                    header_models.setdefault(col, head)
                    _add(state, "benchmark", header_models[col], {"benchmark": row_bench, "score": value},
                         row, "benchmark.table", 0.8)
                    has_scores = True
                elif row_model:
                    _table_cell(row, row_model, head, cell, value, state)
        models_in_table = list(dict.fromkeys(seen_models + list(header_models.values())))
        anchors = [n for n in models_in_table if _is_anchor(n, state)]
        if anchors and (has_scores or len(models_in_table) > 1):
            # one anchor per table (the focus if it is there, else the first), unless several
            # sizes are compared: then each rival goes with the anchor nearest in size
            anchor = state.focus if state.focus in anchors else anchors[0]
            sized = [a for a in anchors if _size_of(a)]
            for other in models_in_table:
                if other in anchors:
                    continue
                mine = anchor
                if len(sized) > 1 and _size_of(other):
                    mine = min(sized, key=lambda a: abs(math.log(_size_of(a) / _size_of(other))))
                _competitor(state, mine, other, rows[0], "competitor.table")


def _table_cell(row: Sentence, model: str, head: str, cell: str, value: float, state: State) -> None:
    lex = state.lex
    h = head.casefold()
    money = re.search(r"[$€£]|usd|eur|dollars?|euros?|cents?", cell + " " + head, re.I)
    if money and (_has(h, lex["input"]) or _has(h, lex["output"]) or _has(h, ["price", "prix", "tarif", "cost", "coût"])):
        direction = "input" if _has(h, lex["input"]) else "output" if _has(h, lex["output"]) else "flat"
        cur = "EUR" if re.search(r"€|eur", cell + head, re.I) else "GBP" if "£" in cell else "USD"
        amount = value / 100 if re.search(r"\bcents?\b|centimes?", cell + head, re.I) else value
        per = 1000 if re.search(r"1\s?k\b|1[ ,.]?000\b(?![ ,.]?000)|thousand|mille", h) else 1_000_000
        _add(state, "price", model, {"direction": direction, "amount": amount, "currency": cur,
                                     "per_tokens": per}, row, "price.table", 0.8)
        return
    scale = 1
    mm = re.search(r"\d\s?([kKmMbB])\b|\b(million|billion|milliards?)", cell)
    if mm:
        scale = {"k": 1000, "m": 1_000_000, "b": 1_000_000_000, "million": 1_000_000,
                 "billion": 1_000_000_000}.get((mm.group(1) or mm.group(2) or "").casefold(), 1_000_000_000)
    if _has(h, ["parameters", "paramètres", "params", "size", "taille"]):
        count = value * (scale if mm else 1_000_000_000)
        if count >= 1e6:
            _add(state, "parameters", model, {"count": int(count)}, row, "parameters.table", 0.75)
    elif _has(h, lex["max_output"]) and not _has(h, ["price", "prix", "$", "€"]):
        _add(state, "max_output", model, {"tokens": int(value * scale)}, row, "max_output.table", 0.75)
    elif _has(h, lex["context"]):
        _add(state, "context_window", model, {"tokens": int(value * scale)}, row, "context_window.table", 0.75)


# ---------------------------------------------------------------- driver

def _canonical_names(sents: list[Sentence], title: str | None) -> dict[str, str]:
    """norm -> the most complete spelling the article uses for that name."""
    forms: dict[str, Counter[str]] = {}
    for s in sents:
        for m in s.of("MODEL"):
            if m.value and m.value.get("bare"):
                continue
            text = m.text.strip()
            forms.setdefault(norm_name(text), Counter())[text] += 1
    names = {}
    for key, counter in forms.items():
        # prefer the spelling with capitals and spaces (GPT-4o mini over gpt-4o-mini)
        best = max(counter, key=lambda t: (counter[t], sum(c.isupper() for c in t[:3]), " " in t))
        names[key] = best
    # "Nova Pro" is "Amazon Nova Pro" where the article uses the prefixed name
    prefixes = [f.prefix for f in load_rules().families if f.prefix]
    for key, name in list(names.items()):
        for prefix in prefixes:
            longer = norm_name(prefix) + key
            if longer in names:
                names[key] = names[longer]
    # bare family names ("Claude", "Gemini") refer to the article's model of that family
    for s in sents:
        for m in s.of("MODEL"):
            if m.value and m.value.get("bare"):
                key = norm_name(m.text)
                if key in names:
                    continue
                fam = m.value.get("family")
                same = [n for k, n in names.items() if any(
                    x.value and x.value.get("family") == fam and norm_name(x.text) == k
                    for t in sents for x in t.of("MODEL"))]
                if len(same) == 1:
                    names[key] = same[0]
    return names


def _add_references(sents: list[Sentence], names: dict[str, str], rx: re.Pattern[str],
                    target: Callable[[Sentence, re.Match[str]], str | None], rule: str) -> None:
    """Turn each match of ``rx`` that ``target`` resolves into a MODEL mention for that name."""
    for s in sents:
        added = False
        for m in rx.finditer(s.text):
            start, end = s.start + m.start(), s.start + m.end()
            if any(x.start < end and start < x.end for x in s.mentions):
                continue
            name = target(s, m)
            if name is None:
                continue
            names[norm_name(m.group(0))] = name
            s.mentions.append(Mention(start, end, "MODEL", m.group(0), {"family": None, "bare": False}, rule))
            added = True
        if added:
            s.mentions.sort(key=lambda x: x.start)


def _short_forms(sents: list[Sentence], names: dict[str, str], rules: Rules) -> None:
    """Names the article shortens, each resolved to the one model it can mean:
    'Opus' (Claude 3 Opus), 'the mini model' (Grok-2 mini), 'the 405B model' (Llama 3.1 405B)."""
    by_last: dict[str, set[str]] = {}
    by_size: dict[str, set[str]] = {}
    for name in names.values():
        by_last.setdefault(name.split()[-1], set()).add(name)
        size = re.search(r"[\s-](\d+(?:\.\d+)?[BM]|\d+x\d+B)$", name)
        if size:
            by_size.setdefault(size.group(1), set()).add(name)
    unique_last = {k.casefold(): next(iter(v)) for k, v in by_last.items() if len(v) == 1 and not k[:1].isdigit()}
    by_tail: dict[str, set[str]] = {}
    for name in names.values():
        tail = re.search(r"-([A-Z]\d+(?:\.\d+)?)$", name)  # DeepSeek-R1 -> R1, DeepSeek-V3 -> V3
        if tail:
            by_tail.setdefault(tail.group(1), set()).add(name)

    def variant(s: Sentence, m: re.Match[str]) -> str | None:
        word = (m.group("a") or m.group("b")).casefold()
        if word in ("new", "nouveau", "open", "small", "large"):
            return None
        return unique_last.get(word)

    _add_references(sents, names, re.compile(
        r"\b(?:the|its|le|la|sa|son)\s+(?:(?P<a>[\w-]+)\s+(?:model|variant|version|modèle)|(?:modèle|version)\s+(?P<b>[\w-]+))\b",
        re.I), variant, "model.variant_reference")

    sizes = [k for k, v in by_size.items() if len(v) == 1]

    def sized(s: Sentence, m: re.Match[str]) -> str | None:
        if not re.search(r"\b(?:models?|modèles?|versions?|variants?|variantes?|sizes?|tailles?)\b", s.text, re.I):
            return None
        name = next(iter(by_size[m.group(0)]))
        family = norm_name(name[:-len(m.group(0))])
        near = [x for x in s.of("MODEL") if 0 <= s.start + m.start() - x.end <= 80]
        if near and not norm_name(near[-1].text).startswith(family):
            return None  # "Llama 3, présenté dans des versions 8B et 70B": sizes of another model
        return name

    if sizes:
        _add_references(sents, names, re.compile(rf"(?<![\w.-])(?:{'|'.join(re.escape(k) for k in sizes)})(?![\w-])"),
                        sized, "model.size_reference")
    tails = [k for k, v in by_tail.items() if len(v) == 1]
    if tails:
        _add_references(sents, names, re.compile(rf"(?<![\w.-])(?:{'|'.join(re.escape(k) for k in tails)})(?![\w-])"),
                        lambda s, m: next(iter(by_tail[m.group(0)])), "model.short_form")
    forms = [f for f in rules.short_forms if len(by_last.get(f, ())) == 1]
    if forms:
        _add_references(sents, names, re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(f) for f in forms)})(?![\w-])"),
                        lambda s, m: next(iter(by_last[m.group(0)])), "model.short_form")


def _orgs(sents: list[Sentence], names: dict[str, str], rules: Rules) -> dict[str, str | None]:
    fam_org = {f.id: f.org for f in rules.families}
    model_org = {norm_name(n): e.org for e in rules.models for n in (e.name, *e.aliases)}
    out: dict[str, str | None] = {}
    for s in sents:
        for m in s.of("MODEL"):
            name = names.get(norm_name(m.text))
            if not name or name in out:
                continue
            org_id = model_org.get(norm_name(m.text)) or fam_org.get((m.value or {}).get("family"))
            out[name] = rules.org_name(org_id)
    return out


def _focus(sents: list[Sentence], state: State, title: str | None) -> str | None:
    score: Counter[str] = Counter()
    launch_words = state.lex["launch"]
    for s in sents:
        if s.in_table:
            continue
        weight = 3 if s.index < 3 else 1
        cue = _has(s.text, launch_words)
        for m in s.of("MODEL"):
            name = _model_name(m, state)
            if not name:
                continue
            role = _role(s, m, state.lex)
            score[name] += weight * (1 if role == "subject" else 0.3) + (2 if cue and role == "subject" else 0)
    if title:
        for name in list(score):
            if norm_name(name) in norm_name(title):
                score[name] += 5
    if not score:
        return None
    return max(score, key=lambda n: (score[n], -min(i for i, s in enumerate(sents) if any(
        _model_name(m, state) == n for m in s.of("MODEL")))))


def _sentences(doc: Any) -> list[Sentence]:
    spans = list(doc.spans.get("mentions", []))
    out = []
    text = doc.text
    for i, sent in enumerate(doc.sents):
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            continue
        ms = []
        for sp in spans:
            v = sp._.value
            if start <= v["start"] < end:
                ms.append(Mention(v["start"], v["end"], sp.label_, v["text"], v["value"], sp._.rule))
        para = start == 0 or "\n\n" in text[max(0, start - 4):start] or text[max(0, start - 1):start] == "\n"
        out.append(Sentence(len(out), start, end, text[start:end], ms, para))
    return out


def extract_doc(doc: Any, article: Article, rules: Rules | None = None) -> Extraction:
    """Facts from an already processed ``Doc`` of ``article.text``."""
    rules = rules or load_rules()
    lang = doc.lang_ if doc.lang_ in rules.lexicons else "en"
    lex = rules.lexicons[lang]
    sents = _sentences(doc)
    _table_blocks(sents)
    names = _canonical_names(sents, article.title)
    _short_forms(sents, names, rules)
    published = None
    if article.published:
        try:
            published = dt.date.fromisoformat(article.published[:10])
        except ValueError:
            published = None
    state = State(lex=lex, rules=rules, published=published, names=names,
                  orgs=_orgs(sents, names, rules))
    currencies = Counter(m.value["currency"] for s in sents for m in s.of("MONEY")
                         if m.value["currency"] in ("USD", "EUR", "GBP"))
    if currencies:
        state.currency = currencies.most_common(1)[0][0]
    surfaces: dict[str, Counter[str]] = {}
    for s_ in sents:
        for m in s_.of("ORG"):
            surfaces.setdefault(m.value.get("name"), Counter())[m.text] += 1
    # the fullest spelling the article uses ("Mistral AI" over "Mistral")
    state.org_surface = {k: max(c, key=lambda t: (len(t), c[t])) for k, c in surfaces.items() if k}
    state.focus = _focus(sents, state, article.title)
    state.salient = state.focus
    body_seen = 0
    for s in sents:
        if s.para_start and not re.match(r"\s*(?:[-•*]|\d+\.)\s", s.text):
            state.comparison = None
            if state.salient not in state.launched:
                state.salient = state.focus  # a new paragraph leaves a side model behind
        if s.in_table:
            continue
        subj = [m for m in s.of("MODEL") if _role(s, m, lex) == "subject"]
        compared = [m for m in s.of("MODEL") if _role(s, m, lex) == "compared"]
        if compared and not subj:
            state.comparison = _model_name(compared[0], state)
        elif compared:
            state.comparison = _model_name(compared[-1], state)
        lede = body_seen < 6
        body_seen += 1
        _launch(s, state, lede)
        _benchmarks(s, state)
        _prices(s, state)
        _tokens(s, state)
        _cutoff(s, state)
        _parameters(s, state)
        _availability(s, state)
        _successor(s, state)
        _competitors(s, state)
        opens_with_reference = any(s.text.casefold().startswith(w.casefold() + " ") for w in lex["focus_anaphora"])
        if opens_with_reference and state.focus:
            state.salient = state.focus  # "Le nouveau modèle ..." brings the focus back
        state.prev_models = list(dict.fromkeys(n for m in s.of("MODEL") if (n := _model_name(m, state)))) \
            or state.prev_models
        if subj and not opens_with_reference:
            # a model the article is about becomes "it" wherever it stands; a side model only
            # when it opens the sentence as its subject
            offset = subj[0].start - s.start
            name = _model_name(subj[0], state)
            if name and (offset < 15 or (_is_anchor(name, state) and (offset < 60 or offset < 0.4 * len(s.text)))):
                state.salient = name
    _tables(sents, state)
    _launch_fallbacks(sents, state, article.title or (sents[0].text if sents else None))
    facts = _dedupe(state.facts)
    models = tuple(dict.fromkeys(names.values()))
    return Extraction(article=article, facts=tuple(facts), models=models,
                      orgs={k: v for k, v in state.orgs.items() if v})


def _launch_fallbacks(sents: list[Sentence], state: State, title: str | None = None) -> None:
    """Dates and launches the launch sentence leaves implicit.

    A launch without a date takes the lede's date when the lede gives one in the week
    before publication ('Lundi 13 mai a été une journée chargée ... TII a dévoilé Falcon 2');
    an article with no launch sentence whose focus model became available in that week
    ('made Claude 3.5 Haiku available yesterday') reports its launch.
    """
    if state.published is None:
        return
    lo = (state.published - dt.timedelta(days=7)).isoformat()
    hi = state.published.isoformat()
    lede_dates = [d for s in sents[:6] if not s.in_table for m in s.of("DATE")
                  if (d := _resolve_date(m.value, state, s.text)) and lo <= d <= hi]
    launches = [f for f in state.facts if f.type == "launch"]
    if lede_dates:
        for i, f in enumerate(state.facts):
            if f.type == "launch" and f.data.get("date") is None:
                state.facts[i] = Fact(f.type, f.model, {**f.data, "date": lede_dates[0]}, f.evidence,
                                      f.confidence, f.rule + "+lede_date")
    if launches or not state.focus or not (title and norm_name(state.focus) in norm_name(title)):
        return
    for f in list(state.facts):
        day = f.data.get("date") if f.type == "availability" else None
        if f.model == state.focus and day and lo <= day <= hi:
            org = state.org_surface.get(state.orgs.get(f.model) or "", state.orgs.get(f.model))
            state.facts.append(Fact("launch", f.model, {"org": org, "date": day}, f.evidence, 0.6,
                                    "launch.available_now"))
            state.launched.append(f.model)
            return


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per key; one launch per model (the one that knows a date, else the surest)."""
    seen: dict[tuple[Any, ...], Fact] = {}
    for f in facts:
        key = (f.type, norm_name(f.model)) if f.type == "launch" else f.key()
        old = seen.get(key)
        if old is None or _rank(f) > _rank(old):
            seen[key] = f
    return sorted(seen.values(), key=lambda f: (f.evidence.start, FACT_TYPES.index(f.type)))


def _rank(f: Fact) -> tuple[int, float]:
    return (1 if f.type == "launch" and f.data.get("date") else 0, f.confidence)


def extract(article: Article, nlp: Language) -> Extraction:
    """Run ``nlp`` on the article's text and read the facts."""
    return extract_doc(nlp(article.text), article)
