"""(Article, nlp) -> Extraction: mentions in sentences -> the ten fact types.

The rules read the spans that ``nlp.py`` puts on the doc, sentence by sentence,
with a little article state: the focus model (what the article is about), the
salient model (what "it" or "le nouveau modèle" refers to), the model a paragraph
compares with ("par rapport à GPT-3.5 Turbo ... (128k contre 16k)"), and the last
benchmark named ("ce benchmark"). Tables (rendered as ``| a | b |`` rows) are read
with their header row. The ``Doc`` never leaves this module.
"""

from __future__ import annotations

from bisect import bisect_left

import datetime as dt
import re
from collections import Counter
from typing import Any

from spacy.language import Language

from .context import has, heading_level, implicit_all, is_anchor, newest, model_name, resolve_date, role_of, Sentence, State
from .facts import availability, benchmarks, competitors, cutoff, generations, launch, parameters, prices, section_launches, successor, tokens
from .names import canonical_names, find_focus, developers, short_forms
from .tables import table_blocks, tables
from ..mentions import Mention
from ..records import Article, Evidence, Extraction, Fact, FACT_TYPES
from ..rules import load_rules, norm_name, Rules

__all__ = ["extract", "extract_doc"]


def _sentences(doc: Any) -> list[Sentence]:
    mentions = sorted(doc._.mentions or (), key=lambda m: m.start)
    starts = [m.start for m in mentions]
    out = []
    text = doc._.plain_text or doc.text
    first = doc._.sentence_starts  # set by the sentence component; doc.sents is much slower
    bounds = zip(first, first[1:] + [len(text)]) if first is not None else (
        (sent.start_char, sent.end_char) for sent in doc.sents)
    for start, end in bounds:
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            continue
        ms = mentions[bisect_left(starts, start):bisect_left(starts, end)]
        para = start == 0 or "\n\n" in text[max(0, start - 4):start] or text[max(0, start - 1):start] == "\n"
        out.append(Sentence(len(out), start, end, text[start:end], ms, para))
    return out


def extract_doc(doc: Any, article: Article, rules: Rules | None = None) -> Extraction:
    """Facts from an already processed ``Doc`` of ``article.text``."""
    rules = rules or load_rules()
    lang = doc.lang_ if doc.lang_ in rules.lexicons else "en"
    lex = rules.lexicons[lang]
    sents = _sentences(doc)
    table_blocks(sents)
    carry_list_cues(sents, lex)
    names = canonical_names(sents, article.title)
    short_forms(sents, names, rules)
    published = None
    if article.published:
        try:
            published = dt.date.fromisoformat(article.published[:10])
        except ValueError:
            published = None
    state = State(lex=lex, rules=rules, published=published, names=names,
                  orgs=developers(sents, names, rules))
    state.latest_month = max((dt.date(v["year"], v["month"], 1) for s_ in sents for m in s_.of("DATE")
                              if (v := m.value).get("kind") == "abs" and v.get("year") and v.get("month")
                              and 1990 <= v["year"] <= 2100), default=None)
    currencies = Counter(m.value["currency"] for s in sents for m in s.of("MONEY")
                         if m.value["currency"] in ("USD", "EUR", "GBP"))
    if currencies:
        state.currency = currencies.most_common(1)[0][0]
    surfaces: dict[str, Counter[str]] = {}
    for s_ in sents:
        for m in s_.of("ORG"):
            surfaces.setdefault(m.value.get("name"), Counter())[m.text] += 1
    # the developer's usual name where the article uses it, else its fullest spelling there
    # ("Mistral AI" over "Mistral", "Alibaba Cloud" over "Qwen team")
    state.org_surface = {k: max(c, key=lambda t: (len(t), c[t])) for k, c in surfaces.items() if k}
    for k, c in surfaces.items():
        for long in c:
            for short in c:
                if short != long and re.fullmatch(r"[A-Z0-9.]{2,6}", short) and f"{long} ({short})" in article.text:
                    state.org_surface[k] = short  # "le Technology Innovation Institute (TII)": the acronym
    state.focus = find_focus(sents, state, article.title)
    # the first line is a headline when it stands alone above the body: the article is about
    # the focus model when the headline names it
    headline = sents[0] if len(sents) > 1 and sents[1].para_start and len(sents[0].text) <= 150 else None
    state.headline_focus = bool(headline and state.focus and any(
        norm_name(state.focus).startswith(norm_name(n)) for m in headline.of("MODEL") if (n := model_name(m, state))))
    state.salient = state.focus
    body_seen = 0
    section: str | None = None  # the model a markdown heading names, up to the next heading
    text = doc._.plain_text or doc.text
    list_owner: str | None = None  # "it" where a list starts: each item starts from it again
    for s in sents:
        if _BULLET.match(s.text):
            if list_owner is None:
                list_owner = state.salient or ""
            elif s.start == text.rfind("\n", 0, s.start) + 1:  # not indented: no sub-item
                # a sibling item: what the item before was about does not carry to this one
                state.salient = list_owner or state.salient
        else:
            list_owner = None
        if heading_level(s.text) and s.index > 0:
            named_here = [n for m in s.of("MODEL") if (n := model_name(m, state))]
            section = named_here[0] if len(set(named_here)) == 1 else None
            if section:
                state.salient = section  # "## Llama 3.2" then its paragraphs: that model's
        if s.para_start and not re.match(r"\s*(?:[-•*]|\d+\.)\s", s.text):
            state.comparison = None
            # a new paragraph leaves a side model behind, not a model of the release
            # ("The headline model is X. ...\n\nThe model posts 83.1"), nor its section's model
            if not (state.salient and is_anchor(state.salient, state)):
                state.salient = section or state.focus
        if s.in_table:
            continue
        subj = [m for m in s.of("MODEL") if role_of(s, m, lex) == "subject"]
        compared = [m for m in s.of("MODEL") if role_of(s, m, lex) == "compared"]
        if compared and not subj:
            state.comparison = model_name(compared[0], state)
        elif compared:
            state.comparison = model_name(compared[-1], state)
        lede = body_seen < 6
        body_seen += 1
        launch(s, state, lede)
        benchmarks(s, state)
        prices(s, state)
        tokens(s, state)
        cutoff(s, state)
        parameters(s, state)
        availability(s, state)
        successor(s, state)
        generations(s, state)
        competitors(s, state)
        opens_with_reference = any(s.text.casefold().startswith(w.casefold() + " ") for w in lex["focus_anaphora"])
        if opens_with_reference and state.focus:
            state.salient = state.focus  # "Le nouveau modèle ..." brings the focus back
        named = list(dict.fromkeys(n for m in s.of("MODEL") if (n := model_name(m, state))))
        if named:
            state.prev_models, state.prev_models_at = named, s.index
            # "A, B and C ... better than D. These models ...": the models listed, not the one compared
            own = list(dict.fromkeys(n for m in s.of("MODEL") if (n := model_name(m, state))
                                     and role_of(s, m, lex) != "compared"))
            state.prev_listed = own if len(own) >= 2 else named
        state.seen.update(named)
        state.recent += [(s.index, n) for m in subj if (n := model_name(m, state))]
        if not s.of("MODEL") and has(s.text, lex["group_count"]):
            implicit_all(s, state)  # "Les deux modèles savent aussi ...": the group the next sentences carry
        if not subj and has(s.text, lex["group_anaphora"] + lex["family_anaphora"]):
            group = implicit_all(s, state)
            if len(group) == 1:
                state.salient = group[0]  # "Les poids sont disponibles sur ... Alibaba recommande Ollama ..."
        # a model this sentence launches, unless it is a member of a release launched before it
        older = [f.model for f in state.facts if f.type == "launch" and f.evidence.start < s.start]
        fresh = [f.model for f in state.facts if f.type == "launch" and f.evidence.start == s.start
                 and not any(norm_name(f.model).startswith(norm_name(o)) for o in older)]
        if fresh and not opens_with_reference and fresh[0] in [model_name(m, state) for m in subj]:
            state.salient = fresh[0]  # "Snowflake ... released Snowflake Arctic on Wednesday. It is ..."
        elif subj and not opens_with_reference:
            # a model the article is about becomes "it" wherever it stands; a side model only
            # when it opens the sentence as its subject
            offset = subj[0].start - s.start
            name = model_name(subj[0], state)
            if subj[0].rule == "model.version_reference" and name and not is_anchor(name, state):
                name = None  # "With 3.5 Sonnet we'd ...": an older model named short, in passing
            if name and (offset < 15 or (is_anchor(name, state) and (offset < 60 or offset < 0.4 * len(s.text)))):
                state.salient = name
    tables(sents, state)
    section_launches(sents, state)
    _launch_fallbacks(sents, state, article.title or (sents[0].text if sents else None))
    offsets = doc._.source_offsets
    facts = [_evidence_from(f, article.text, offsets) for f in _dedupe(state.facts)]
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
                  if (d := resolve_date(m.value, state, s.text)) and lo <= d <= hi]
    launches = [f for f in state.facts if f.type == "launch"]
    if title and launches:
        # "Jamba 1.5 : AI21 Labs pousse ..." over the launch of Jamba 1.5 Mini and Large: the
        # family the title names is launched with its members
        for name in set(state.names.values()) - set(state.launched):
            members = list({f.model: f for f in launches if f.model.startswith((name + " ", name + "-"))}.values())
            at = re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])(?P<next>\s+\S+)?", title)
            if len(members) >= 2 and at and not re.match(r"\s+[A-Z0-9]", at.group("next") or ""):
                first = members[0]
                state.facts.append(Fact("launch", name, dict(first.data), first.evidence, 0.6, "launch.title_family"))
                launches.append(state.facts[-1])
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


_BULLET = re.compile(r"\s*(?:[-*•✅✔️🔄]+|\d+[.)])\s")


def carry_list_cues(sents: list[Sentence], lex: Any) -> None:
    """A list's lead line ('Supported APIs:', 'Modèles dévoilés :', 'it beats models like:')
    gives the cue kinds it holds (launch, availability, compare) to each item of the list
    that follows it."""
    carried: frozenset[str] = frozenset()
    for s in sents:
        text = s.text.strip()
        if _BULLET.match(s.text) and carried:
            s.carried = carried
            continue
        carried = frozenset()
        if text.endswith(":") and len(text) <= 160:
            kinds = set()
            if has(text, lex["compare_strong"] + lex["compare_verbs"]) and s.of("MODEL"):
                kinds.add("compare")
            if len(text) > 80:
                carried = frozenset(kinds)
                continue
            if has(text, lex["launch"]):
                kinds.add("launch")
            if has(text, lex["availability"]) or has(text, lex["availability_lead"]):
                kinds.add("availability")
            carried = frozenset(kinds)


def _evidence_from(f: Fact, text: str, offsets: list[int] | None) -> Fact:
    """The evidence as the article wrote it: the rules read the text without its markup,
    ``offsets`` maps each of its characters back to the article."""
    ev = f.evidence
    if offsets is None or (offsets[ev.start] == ev.start and offsets[ev.end] == ev.end
                           and text[ev.start:ev.end] == ev.sentence):
        return f
    start, end = offsets[ev.start], offsets[ev.end - 1] + 1 if ev.end > ev.start else offsets[ev.start]
    return Fact(f.type, f.model, f.data, Evidence(text[start:end], start, end), f.confidence, f.rule)


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
