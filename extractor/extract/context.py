"""Sentences, article state, and who a value belongs to.

The article state tracks the focus model (what the article is about), the salient model
(what "it" or "le nouveau modèle" refers to), the model a paragraph compares with, the last
benchmark named and the models it launches; the role and owner helpers here decide, for a
mention in a sentence, which model it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..mentions import Mention, alternation
from ..records import Evidence, Fact
from ..rules import Lexicon, norm_name, Rules

__all__ = [
    "Sentence",
    "State",
    "add",
    "alternation",
    "clause_of",
    "cue_pattern",
    "ends_with_cue",
    "find_cue",
    "find_word",
    "for_model",
    "group_of",
    "has",
    "heading_level",
    "implicit_model",
    "implicit_all",
    "family_of",
    "is_anchor",
    "joined",
    "model_name",
    "nearest_word",
    "newest",
    "owner_of",
    "predecessor_of",
    "resolve_date",
    "role_of",
    "siblings",
    "size_of",
    "subject_of",
    "subjects",
    "value_model_before",
    "value_owners",
    "without_conjunctions",
]


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention]
    para_start: bool
    in_table: bool = False
    carried: frozenset[str] = frozenset()  # cue kinds a list's lead line ('Models unveiled:') gives its items
    roles: dict[tuple[int, int, int], str] = field(default_factory=dict, repr=False, compare=False)  # role_of's answers

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
    latest_month: dt.date | None = None  # the latest month with a year the article names
    headline_focus: bool = False  # the article's first line names its focus model
    compare_anchor: str | None = None  # the model a list's lead line compares its items with
    launched: list[str] = field(default_factory=list)
    org_surface: dict[str, str] = field(default_factory=dict)  # canonical org -> as the article writes it
    salient: str | None = None
    comparison: str | None = None
    last_benchmark: str | None = None
    last_benchmark_at: int = -10  # sentence index where it was named
    last_benches: list[str] = field(default_factory=list)  # every benchmark that sentence named
    last_tokens: tuple[int, str] | None = None
    last_group: tuple[int, list[str]] | None = None
    prev_models: list[str] = field(default_factory=list)  # the models the previous sentence named, in order
    prev_models_at: int = -10  # the index of that sentence
    prev_listed: list[str] = field(default_factory=list)  # those of them not named as a comparison
    seen: set[str] = field(default_factory=set)  # the models named in earlier sentences
    recent: list[tuple[int, str]] = field(default_factory=list)  # (sentence index, model) as named, as subjects
    plan_channel: tuple[int, str, tuple[str, ...]] | None = None  # a product with plans, last named  # (sentence index, models) of the last group reference  # (sentence index, kind) of the last window figure
    unit_until: int = -1  # sentence index up to which a per-token unit carries
    unit_per: int = 1_000_000
    announced: tuple[int, int, str | None, str | None] | None = None  # (sentence, count, date, org) of 'deux modèles'
    pair_order_at: int = -10  # sentence index of the last input-then-output pair of prices
    currency: str = "USD"
    price_tier: str | None = None  # the token count that last split a tiered price ('128K')
    facts: list[Fact] = field(default_factory=list)


_HEADING = re.compile(r"\s*(#{1,6})\s")


def heading_level(text: str) -> int:
    """The level of a markdown heading ('## Pricing' is 2), 0 for any other line.

    >>> heading_level("## Llama 3.2"), heading_level("#hashtag"), heading_level("Plain text")
    (2, 0, 0)
    """
    m = _HEADING.match(text)
    return len(m.group(1)) if m else 0


def _cue_source(word: str) -> str:
    """A cue word as a regex: whole words (a cue that starts or ends with a letter or digit
    is not part of a longer word), ``*`` for any word ending (``surpass*``: surpasses,
    surpassing; ``supérieur* à``), matched in case-folded text."""
    body = r"[^\W_]*".join(re.escape(part) for part in word.casefold().split("*"))
    head = r"(?<![^\W_])" if word[:1].isalnum() else ""
    tail = r"(?![^\W_])" if word[-1:].isalnum() or word.endswith("*") else ""
    return head + body + tail


@lru_cache(maxsize=4096)
def cue_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled regex for a list of cue words (longest first), built once per list."""
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(_cue_source(w) for w in ordered) or "(?!)")


@lru_cache(maxsize=4096)
def _anchors(words: tuple[str, ...]) -> tuple[str, ...]:
    """The literal part of each cue before any ``*``: a text holding none of them holds no
    cue, which a substring test tells far faster than the regex."""
    return tuple({w.casefold().split("*", 1)[0] for w in words})


@lru_cache(maxsize=1024)
def _fold(text: str) -> str:
    return text.casefold()


def _whole(low: str, word: str) -> bool:
    """``word`` (literal, case-folded) in ``low`` as the cue matcher reads it: not inside a
    longer word where the cue starts or ends with a letter or digit."""
    n = len(word)
    i = low.find(word)
    while i >= 0:
        if not (word[0].isalnum() and i and low[i - 1].isalnum()) and \
                not (word[-1].isalnum() and i + n < len(low) and low[i + n].isalnum()):
            return True
        i = low.find(word, i + 1)
    return False


def has(text: str, words: list[str] | tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of the cue ``words`` (literal cues by substring search and
    a boundary test; cues with a ``*`` through their regex)."""
    key = tuple(words)
    low = _fold(text)
    literal, stems = _endings(key)
    if any(w in low and _whole(low, w) for w in literal):
        return True
    return bool(stems) and any(a in low for a in _anchors(stems)) and cue_pattern(stems).search(low) is not None


def find_cue(low: str, word: str, start: int = 0) -> tuple[int, int] | None:
    """(start, end) of ``word`` in the case-folded ``low`` as a whole word or phrase."""
    if low.find(_anchors((word,))[0], start) < 0:
        return None
    m = cue_pattern((word,)).search(low, start)
    return (m.start(), m.end()) if m else None


def find_word(low: str, word: str, start: int = 0) -> int:
    """Index of ``word`` in ``low`` as a whole word (or phrase), else -1."""
    found = find_cue(low, word, start)
    return found[0] if found else -1


def nearest_word(text: str, words: list[str], pos: int) -> int | None:
    """Distance from ``pos`` to the nearest occurrence of any of ``words`` in ``text``."""
    low = text.casefold()
    best = None
    for w in words:
        for m in cue_pattern((w,)).finditer(low):
            d = min(abs(m.start() - pos), abs(m.end() - pos))
            best = d if best is None else min(best, d)
    return best


@lru_cache(maxsize=1024)
def _ending_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(f"(?:{cue_pattern(words).pattern})$")


@lru_cache(maxsize=1024)
def _endings(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The literal cues (case-folded) and the cues with a ``*``, apart."""
    return (tuple({w.casefold() for w in words if w and "*" not in w}), tuple(w for w in words if "*" in w))


def ends_with_cue(text: str, words: list[str]) -> bool:
    low = text.casefold().rstrip(" ,:(«\u00a0\u202f")
    literal, stems = _endings(tuple(words))
    for w in literal:  # str.endswith, then the word boundary the cue matcher would ask
        if low.endswith(w) and (len(low) == len(w) or not (w[:1].isalnum() and low[-len(w) - 1].isalnum())):
            return True
    # a cue is a few words: only the end of the text can hold it (the lookbehind still sees
    # the characters before ``pos``)
    return bool(stems) and _ending_pattern(stems).search(low, max(0, len(low) - 80)) is not None


def model_name(m: Mention, state: State) -> str | None:
    return state.names.get(norm_name(m.text))


def resolve_date(value: dict[str, Any], state: State, text: str) -> str | None:
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


def add(state: State, type_: str, model: str | None, data: dict[str, Any], sent: Sentence,
         rule: str, confidence: float = 0.8) -> None:
    if not model:
        return
    if type_ == "successor" and siblings(model, data["predecessor"]):
        return
    state.facts.append(Fact(type=type_, model=model, data=data,
                            evidence=Evidence(sent.text, sent.start, sent.end),
                            confidence=confidence, rule=rule))


_CONJ_QUE = re.compile(r"\b(?:tandis|alors|bien|parce|ainsi|dès|pendant|lors|de sorte|afin|avant|sans|si bien)\s+qu(?:e\b|['’])", re.I)


def without_conjunctions(text: str) -> str:
    """``text`` with 'tandis que', 'ainsi que', 'alors que' blanked: a 'que' that compares nothing."""
    return _CONJ_QUE.sub(lambda m: " " * len(m.group(0)), text)


def role_of(sent: Sentence, m: Mention, lex: Lexicon) -> str:
    """How a model mention stands in its sentence: subject, compared, predecessor, listed.
    Asked five times per mention by the rules: answered once (while the sentence's mentions
    stay the same)."""
    key = (m.start, m.end, len(sent.mentions))
    role = sent.roles.get(key)
    if role is None:
        role = sent.roles[key] = _role_of(sent, m, lex)
    return role


def _role_of(sent: Sentence, m: Mention, lex: Lexicon) -> str:
    before = without_conjunctions(sent.text[max(0, m.start - sent.start - 40):m.start - sent.start])
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
        if not cue.rstrip("*")[-1:].isalpha() or _anchors((cue,))[0] not in low_before:
            continue
        last = None
        for last in cue_pattern((cue,)).finditer(low_before):
            pass
        if last is not None and re.fullmatch(r"\s(?:[\w'’-]+\s){0,2}", low_before[last.end():]) \
                and not re.search(r"\d", low_before[last.start():]):
            return "compared"
    if ends_with_cue(before, lex["compare_strong"]) or re.search(
            r"(?:\b(?:than|que|qu'|contre|vs\.?|versus|with|avec|à|to)\s(?:\w+\s){0,2}$)", before.casefold()) and \
            has(before[-25:], lex["compare_strong"]):
        return "compared"
    if ends_with_cue(before, lex["successor"]):
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
            return role_of(sent, prev[-1], lex)
    return "subject"


def subject_of(sent: Sentence, state: State, before: int | None = None) -> str | None:
    """The model a value in ``sent`` is about: the nearest named subject before it, else salient."""
    best = None
    best_end = sent.start
    for m in sent.of("MODEL"):
        if before is not None and m.start >= before:
            break
        name = model_name(m, state)
        if name and role_of(sent, m, state.lex) == "subject":
            best, best_end = name, m.end
            if before is None:
                break
    if best and before is not None and re.search(
            r"(?:\band\b|\bet\b|[,;])\s+(?:it|il|elle)\b", sent.text[best_end - sent.start:before - sent.start], re.I):
        return implicit_model(sent, state)  # "..., and it is the successor to": a new clause about "it"
    return best or implicit_model(sent, state)


def implicit_model(sent: Sentence, state: State) -> str | None:
    """The model a sentence without a named subject is about (see ``implicit_all``)."""
    found = implicit_all(sent, state)
    return found[0] if found else None


def implicit_all(sent: Sentence, state: State) -> list[str]:
    """'the models', 'all three' are the models the article launches (their family if it names
    one); 'the new model', 'le modèle' the article's focus; 'it' the model last spoken of."""
    low = sent.text.casefold()
    if len(state.prev_models) >= 2 and state.prev_models_at >= sent.index - 2 and not sent.of("MODEL") \
            and has(sent.text, state.lex["listed_anaphora"]):
        # "... including A, B, C and D. Access to this section ...", "Each of these models is on
        # ...": a demonstrative points back to the models just listed
        return list(state.prev_listed)
    first = re.match(r"\W*([\w’']+)", sent.text)
    if len(state.prev_listed) >= 2 and state.prev_models_at == sent.index - 1 and not sent.of("MODEL") \
            and first and first.group(1).casefold() in state.lex["plural_pronouns"]:
        # "Meta a présenté Llama 4 Scout et Maverick. Ils alimentent déjà Meta AI ...": a sentence
        # that opens with 'they' speaks of the models the one before listed
        return list(state.prev_listed)
    at = [i for w in state.lex["group_count"] if (i := find_word(low, w.casefold())) >= 0]
    # "... compares it with X and with Y, and says it matches or beats both": the rivals, not a group
    home = state.orgs.get(state.focus or "")
    rivals_before = at and any(x.end - sent.start <= min(at) and (
        role_of(sent, x, state.lex) == "compared" or (
            home and state.orgs.get(model_name(x, state) or "") not in (None, home)))
        for x in sent.of("MODEL"))
    if len(state.launched) > 1 and at and not rivals_before:
        # "all three models": the models launched if there are three of them, the members if the
        # members are three, else the family the article launches
        state.last_group = (sent.index, group_of(sent, state))
        return list(state.last_group[1])
    if state.last_group and state.last_group[0] >= sent.index - 2 and has(sent.text, state.lex["plural_pronouns"]):
        # "Both models have ... Their knowledge cutoff is October 2023."
        return list(state.last_group[1])
    if has(sent.text, state.lex["family_anaphora"]):
        # "The new family also refreshes ...": the family the article's model belongs to
        fam = family_of(newest(state) or "", state)
        if fam:
            return [fam]
    if has(sent.text, state.lex["group_anaphora"]) and len(state.launched) > 1:
        family = [n for n in state.launched
                  if any(o != n and norm_name(o).startswith(norm_name(n)) for o in state.launched)]
        sal = state.salient
        if sal in state.launched and family and not any(norm_name(sal).startswith(norm_name(f)) for f in family):
            return [sal]  # "... released Snowflake Arctic. The weights are on Hugging Face": not Llama 3's
        return family[:1] or list(state.launched)
    if has(sent.text, state.lex["group_anaphora"]) and len(state.launched) == 1 and any(
            n.startswith((state.launched[0] + " ", state.launched[0] + "-")) for n in state.names.values()):
        return list(state.launched)  # "deploy the models on Vertex AI": the family the article launches
    if state.prev_models and has(sent.text[:40], state.lex["latter"]):
        return [state.prev_models[-1]]  # "..., comme Mistral Small 3. Ce dernier se limitait à 32 000 jetons"
    if state.focus and _refers(sent, state.lex["focus_anaphora"]):
        return [state.focus]
    return [state.salient] if state.salient else []


def _refers(sent: Sentence, words: list[str]) -> bool:
    """A description such as 'le dernier-né' used as a reference, not in apposition to a model
    named just before it ('Llama 3 8B, le dernier-né de Meta')."""
    low = sent.text.casefold()
    ends = {m.end - sent.start for m in sent.of("MODEL")}
    for w in words:
        i = find_word(low, w.casefold())
        while i >= 0:
            lead = re.sub(r"[\s,(—–-]+$", "", sent.text[:i])
            if len(lead) == i or len(lead) not in ends:
                return True
            i = find_word(low, w.casefold(), i + 1)
    return False


def family_of(name: str, state: State) -> str | None:
    """The family name the article uses for ``name``: 'Llama 3.1 405B' -> 'Llama 3.1'."""
    known = set(state.names.values())
    words = name.split()
    for k in range(len(words) - 1, 0, -1):
        if " ".join(words[:k]) in known:
            return " ".join(words[:k])
    return name if any(n != name and n.startswith(name + " ") for n in known) else None


def siblings(a: str, b: str) -> bool:
    """'Llama 3.1 405B' and 'Llama 3.1 8B': sizes of one release, not a succession."""
    strip = re.compile(r"(?:[\s-]\d+(?:\.\d+)?[BbMm])+$")
    base_a, base_b = strip.sub("", a), strip.sub("", b)
    if base_a == base_b and (base_a != a or base_b != b):
        return True
    # 'Llama 4 Maverick' and 'Llama 4 Scout': two members of one generation
    head = re.compile(r"^([A-Za-z][\w.]*?[\s-]?\d+(?:\.\d+)*)[\s-]+\S")
    ha, hb = head.match(a), head.match(b)
    return bool(ha and hb and ha.group(1).casefold() == hb.group(1).casefold())


def newest(state: State) -> str:
    """What 'the new model' means: the model the article launched last ('la start-up a publié
    Yi-1.5 ... Cette nouvelle version ...'), else its focus."""
    return state.launched[-1] if state.launched else state.focus  # type: ignore[return-value]


def group_of(sent: Sentence, state: State) -> list[str]:
    """The models 'all three models', 'les deux modèles', 'both' stand for."""
    launched = list(state.launched)
    family = [n for n in launched if any(o != n and o.startswith((n + " ", n + "-")) for o in launched)]
    members = [n for n in launched if n not in family]
    low = sent.text.casefold()
    count = next((v for w, v in state.lex["numbers"].items() if find_word(low, w) >= 0), None)
    if count:
        # "Falcon 2 11B ... Falcon 2 11B VLM, sa variante ... et les deux sont téléchargeables":
        # the last models the text spoke of, when they are models the article is about
        last: list[str] = []
        for i, name in reversed(state.recent):
            if i < sent.index - 3 or len(last) == count:
                break
            if name not in last:
                last.append(name)
        # models the article launches, or members of a family it launches ('o3-mini' is no member of 'o3')
        ours = [n for n in last if n in launched or any(n.startswith((f + " ", f + "-")) for f in family)]
        if len(last) == count and len(ours) == count and not (set(last) <= set(family)):
            return list(reversed(last))
    if count is None or count == len(launched):
        return launched
    if count == len(members):
        return members
    return family[:1] or launched


def subjects(sent: Sentence, state: State, before: int | None = None) -> list[str]:
    """The subject models of a clause: 'Opus and Sonnet became available ...' gives both;
    'all three models' gives the models the article launches."""
    models = [m for m in sent.of("MODEL") if before is None or m.start < before]
    group: list[Mention] = []
    for m in models:
        if role_of(sent, m, state.lex) != "subject":
            if group:
                break
            continue
        if group:
            gap = sent.text[group[-1].end - sent.start:m.start - sent.start]
            if re.sub(r"\([^()]*\)", "", gap).strip().casefold() not in (",", "and", "et", "&", ", and", ", et", "nor", "ni"):
                if before is None:
                    break
                group = []
        group.append(m)
    names = [n for n in (model_name(m, state) for m in group) if n]
    if names and before is not None:
        # "the 27B model can be tried in AI Studio, and the weights can be downloaded from Kaggle":
        # a new clause with a subject of its own
        gap = sent.text[group[-1].end - sent.start:before - sent.start].casefold()
        refs = state.lex["group_anaphora"] + state.lex["family_anaphora"]
        if any(re.search(rf"(?:,|;|\band\b|\bet\b|\bbut\b|\bmais\b)\s+{re.escape(w.casefold())}\b", gap) for w in refs):
            return implicit_all(sent, state)
    if names:
        return list(dict.fromkeys(names))
    return implicit_all(sent, state)


def for_model(sent: Sentence, m: Mention, state: State) -> str | None:
    """'77.9% for Gemini Flash', '(82 % pour GPT-4o mini)': a model right after a value."""
    after = [x for x in sent.mentions if x.start >= m.end]
    words = "|".join(re.escape(w) for w in state.lex["for_model"])
    claimed = re.compile(r"^\s*(?:[a-zé]+\s+){0,2}(?:by|par)\s+[A-Z][\w.-]*\s+(?:for|pour)\s+(?:l['’]|the\s)?$")
    elided = re.compile(r"^\s*(?:d['’]|de\s|of\s)$")  # "loin des 87,3 % d'o3-mini"
    gap_rx = re.compile(rf"^\s*[,(]?\s*(?:(?:[A-Z][\w.]*\s+[a-z]+\s+|[a-z]+(?:ed|és?|ées?)\s+)?(?:{words})\s+(?:(?:the|its|their|le|la|les|l['’]|du|des|son|sa|ses)\s*)?(?:[a-zé]+,?\s+){{0,2}}(?:[A-Z][\w.]*['’]s\s+)?|\(\s*)$")
    for x in after[:2]:
        gap = sent.text[m.end - sent.start:x.start - sent.start]
        if x.label == "MODEL" and (gap_rx.match(gap) or claimed.match(gap) or elided.match(gap)) and not re.search(r"\b(?:and|et|or|ou|but|mais)\s*$", gap):
            # not "72.7% of them and Opus 4 72.5%": a conjunction opens the next model's clause
            return model_name(x, state)
        if x.label in ("PERCENT", "MONEY", "TOKENS"):
            break
    return None


def owner_of(sent: Sentence, m: Mention, state: State) -> str | None:
    """Which model a value mention belongs to."""
    return for_model(sent, m, state) or value_model_before(sent, m, state) or implicit_model(sent, state)


def value_model_before(sent: Sentence, m: Mention, state: State) -> str | None:
    """The nearest model before the value in the same clause, compared ones included when
    the value follows them directly ('Gemini Flash scores 77.9%')."""
    models = [x for x in sent.of("MODEL") if x.end <= m.start]
    # "Y's 88.6", "Y (88.6)", "Y: 88.6": a value written right after its model, whatever its role
    if models and re.fullmatch(r"(?:['’]s?)?\s*[(:]?\s*", sent.text[models[-1].end - sent.start:m.start - sent.start]) \
            and m.start > models[-1].end:
        return model_name(models[-1], state)
    # "Le modèle o1 complet, dont o1-preview n'est qu'une préversion, en résout 83 %": a model
    # inside a relative clause that closes before the value is not its owner
    for rc in re.finditer(r",\s*(?:dont|qui|which|whose|who|où|where)\b[^,;]*,", sent.text[:m.start - sent.start]):
        inside = [x for x in models if rc.start() <= x.start - sent.start < rc.end()]
        if inside and len(inside) < len(models):
            models = [x for x in models if x not in inside]
    if not models:
        # "avec 86,2 % sur MMLU, Grok-2 mini fait mieux que ...": the clause's subject comes after
        later = [x for x in sent.of("MODEL") if x.start >= m.end and role_of(sent, x, state.lex) == "subject"]
        lead = sent.text[:m.start - sent.start]
        if later and not re.search(r"\d", sent.text[m.end - sent.start:later[0].start - sent.start]) \
                and re.fullmatch(r"(?:.*[:;]\s*)?\W*(?:\w+\W+){0,2}?(?:with|avec|at|à|en|on|sur)\s", lead, re.I):
            return model_name(later[0], state)
        return None
    # "X reprend l'architecture de Y, avec 236 milliards": Y is a reference, X the owner
    while len(models) > 1 and re.search(r"\b(?:of|from|de|d['’]|du|on|sur)\s*$",
                                        sent.text[:models[-1].start - sent.start], re.I):
        models = models[:-1]
    last = models[-1]
    gap = sent.text[last.end - sent.start:m.start - sent.start]
    if re.search(r"(?:\band\b|\bet\b|[,;])\s+(?:it|il|elle|they|ils|elles)\b", gap, re.I):
        # "... twice the speed of Claude 3 Opus, and it comes with 200K tokens": a new clause
        return subject_of(sent, state)
    if role_of(sent, last, state.lex) == "subject":
        return model_name(last, state)
    # a compared model directly followed by its own value: "(Gemini Flash: 77.9 %)"
    if role_of(sent, last, state.lex) == "compared" and len(gap) < 80 and not re.search(r"[;]|\b(?:while|whereas|alors|tandis)\b", gap):
        others = [x for x in sent.mentions if last.end <= x.start < m.start and x.label in ("PERCENT", "MONEY", "TOKENS")]
        if not others and re.match(r"^,\s[^,;]{0,50},\s(?:facturée?s?|vendue?s?|proposée?s?|priced|billed|sold|which costs|qui coûte)\b", gap, re.I):
            return model_name(last, state)  # "GPT-4o mini, le petit modèle d'OpenAI, facturé 0,15 dollar"
        owned = [x for x in sent.mentions if x.end <= last.start and x.label in ("PERCENT", "MONEY", "TOKENS")
                 and for_model(sent, x, state) == model_name(last, state)]
        if owned:
            return subject_of(sent, state, before=m.start)  # "contre 53,6 % pour GPT-4o, 85,1 % sur MMMLU": GPT-4o has its figure
        if not others and len(gap) < 25 and re.match(r"^\s*(?:(?:de|d['’]|of|from)\s?[A-Z][\w.-]*\s*)?(?:[:(,]|\b(?:scores?|scored|gets|got|reaches|at|with|atteint|obtient|avec|à)\b)", gap, re.I):
            return model_name(last, state)
    return subject_of(sent, state, before=m.start)


def predecessor_of(name: str | None, state: State) -> str | None:
    return next((f.data["predecessor"] for f in state.facts
                 if f.type == "successor" and name and f.model == name), None)


def value_owners(sent: Sentence, m: Mention, state: State) -> list[str]:
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
        owner = subject_of(sent, state, before=m.start)
        pred = predecessor_of(owner, state) or predecessor_of(state.focus, state)
        return [pred] if pred else []
    one = for_model(sent, m, state)
    if one:
        models = sent.of("MODEL")
        first = next((k for k, x in enumerate(models) if x.start >= m.end and model_name(x, state) == one), None)
        if first is not None:
            group = [n for x in joined(sent, models, first, +1) if (n := model_name(x, state))]
            return list(dict.fromkeys(group)) or [one]
        return [one]
    before = [x for x in sent.of("MODEL") if x.end <= m.start]
    low = sent.text.casefold()
    if before and any(low.startswith(w.casefold() + " ") for w in
                      state.lex["family_anaphora"] + state.lex["focus_anaphora"]) and implicit_all(sent, state):
        return implicit_all(sent, state)  # "The new family also refreshes the 8B and 70B models, stretches ..."
    if before:
        subs = subjects(sent, state, before=m.start)
        if len(subs) > 1:
            return subs
        one = value_model_before(sent, m, state)
        return [one] if one else subs
    fronted = value_model_before(sent, m, state)  # "Avec 64K tokens, Mixtral 8x22B ..."
    if fronted:
        return [fronted]
    near = sent.text[max(0, rel - 45):rel]
    if state.focus and has(near, state.lex["focus_anaphora"]):
        return [state.focus]  # "..., quand le nouveau modèle en accepte 128 000"
    return implicit_all(sent, state)


def _pair_second(sent: Sentence, m: Mention, label: str, state: State) -> bool:
    """True when ``m`` is the right side of 'X contre Y' / 'X vs Y' / '(vs Y)'."""
    before = sent.text[:m.start - sent.start].casefold().rstrip(" (")
    return bool(re.search(r"(?:\bcontre|\bvs\.?|\bversus|\bcompared (?:with|to)|\bcomparé à|\bagainst)$", before))


def size_of(name: str) -> float | None:
    """The size written in a model's name: 'Llama 3.1 405B' -> 405e9, 'Mixtral 8x22B' -> None."""
    m = re.search(r"(?:^|[\s-])(\d+(?:\.\d+)?)([BbMm])(?:$|[\s-])", name)
    if not m:
        return None
    return float(m.group(1)) * (1e9 if m.group(2) in "Bb" else 1e6)


def is_anchor(name: str, state: State) -> bool:
    """A model the article is about: its focus, a model it launches, or a member of one."""
    key = norm_name(name)
    anchors = [*state.launched, *([state.focus] if state.focus else [])]
    return any(key == norm_name(a) or key.startswith(norm_name(a)) for a in anchors)


def joined(sent: Sentence, models: list[Mention], i: int, step: int) -> list[Mention]:
    """The model at ``i`` and its neighbours joined by 'and', 'et' or commas."""
    out = [models[i]]
    j = i
    while 0 <= j + step < len(models):
        a, b = (models[j], models[j + step]) if step > 0 else (models[j + step], models[j])
        gap = re.sub(r"\([^()]*\)", "", sent.text[a.end - sent.start:b.start - sent.start]).strip().casefold()
        # "Grok-2 and a smaller sibling, Grok-2 mini": an apposition joins too
        if gap not in (",", "and", "et", "&", ", and", ", et", "or", "ou", "et à", "and to", "ainsi que") and not re.fullmatch(
                r"(?:,\s)?(?:and|et|as well as|along with|alongside|together with|plus|ainsi qu['’]?|ainsi que|"
                r"accompagnée? d['’]|avec)\s?(?:a|an|its|the|son|sa|un|une)\s[\w\s-]{0,30},", gap) and not re.fullmatch(
                r",\s(?:a|an|its|the|son|sa|un|une|le|la)\s[^,;()]{0,70},\s(?:and|et)", gap):
            # "Gemini 2.0 Flash-Lite, une version plus économique ..., et Gemini 2.0 Pro": an apposition between
            break
        j += step
        out.append(models[j])
    return out

def clause_of(text: str, at: int) -> str:
    """The clause of ``text`` around position ``at``: between semicolons, colons and the
    conjunctions that join two statements ('tandis que', 'while', 'whereas', 'alors que')."""
    cuts = [0] + [m.end() for m in re.finditer(r"[;:]|\b(?:tandis que|while|whereas|alors que|but|mais)\b", text, re.I)] + [len(text)]
    start = max(c for c in cuts if c <= at)
    end = min((c for c in cuts if c > at), default=len(text))
    return text[start:end]
