"""Mentions in text: models, numbers, money, percentages, token counts, sizes and dates.

Pure functions over strings. The regular expressions are built from the rule data
(model families and variant words, per-language scale words, months, currency words),
so a new family or a new month spelling is a data change. ``nlp.py`` turns these
mentions into spaCy spans; ``extract.py`` reads them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .rules import Lexicon, Rules, load_rules, per_rules

__all__ = ["Mention", "alternation", "find_mentions", "model_regex", "parse_number"]


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    label: str  # MODEL ORG BENCHMARK CHANNEL MONEY PERCENT TOKENS PARAMS DATE NUMBER
    text: str
    value: Any = None
    rule: str = ""


# A number as written in English or French: 1,000,000 / 1 000 000 (with no-break
# spaces) / 87,2 / 0.15 / 128.
_NUM = r"(?:\d{1,3}(?:(?:,|\u202f|\u00a0|\u2009| (?=\d{3}\b))\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
_NUM_RE = re.compile(_NUM)


def parse_number(text: str, lang: str = "en") -> float | None:
    """Parse a number written in either locale.

    >>> parse_number("87,2", "fr"), parse_number("1,000,000", "en"), parse_number("128\u202f000", "fr")
    (87.2, 1000000.0, 128000.0)
    >>> parse_number("0.15"), parse_number("1.5")
    (0.15, 1.5)
    """
    s = re.sub(r"[\s\u202f\u00a0\u2009]", "", text.strip())
    if not s or not re.fullmatch(r"[\d.,]+", s):
        return None
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        groups = s.split(",")
        thousands = all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3
        if thousands and (lang != "fr" or len(groups) > 2):
            s = s.replace(",", "")
        else:
            s = s.replace(",", ".") if len(groups) == 2 else s.replace(",", "")
    elif s.count(".") > 1:
        s = s.replace(".", "")
    try:
        return float(s)
    except ValueError:
        return None


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """Lexicon words as a regex alternation, longest first; ``*`` in a word is any word
    ending (the cue matcher's stems). Never empty: no words match nothing.

    >>> print(alternation(["vs", "vs.", "surpass*"]))
    surpass[^\\W_]*|vs\\.|vs
    """
    return _alternation(tuple(words))


@lru_cache(maxsize=4096)
def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(r"[^\W_]*".join(re.escape(p) for p in w.split("*"))
                    for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


_alt = alternation


@lru_cache(maxsize=4)
def model_regex(extra_names: tuple[str, ...] = ()) -> re.Pattern[str]:
    """One regex for model names: a family, then versions, variants and sizes.

    >>> bool(model_regex().fullmatch("Claude 3.5 Sonnet")), bool(model_regex().fullmatch("Qwen2.5-72B-Instruct"))
    (True, True)
    """
    rules = load_rules()
    variants = _alt(rules.variants)
    # "3.5", "v2", "R1", and a capital with a number as some developers version ("Kimi K2", "MiniMax M2")
    version = r"(?:(?-i:[A-Z])?[vV]?\d+(?:\.\d+)*[a-z]?(?![.,]\d|\s?%)|\d+x\d+[bB])"
    size = r"(?:\d+(?:\.\d+)?[bBmMkK]|\d+x\d+[bB]|A\d+(?:\.\d+)?B)"  # A22B: active parameters
    # ("the Qwen 2.5-Max large language model": 'large' describes, it names nothing)
    part = rf"(?:{size}|{version}|(?:{variants})(?:\d+(?:\.\d+)?)?(?![\w+])(?!\s+language\s+models?\b))"
    heads = []
    # longer family names first: the alternation takes the first head that matches, so
    # "Llama" would stop "Llama Guard 2" at its first word
    for fam in sorted(rules.families, key=lambda f: len(f.name), reverse=True):
        if fam.regex:
            head = f"(?-i:{fam.regex})" if fam.case_sensitive else fam.regex
            heads.append(rf"(?:{re.escape(fam.prefix)}\s)?{head}" if fam.prefix else head)  # "OpenAI o1"
            continue
        head = re.escape(fam.name)
        if fam.prefix:
            head = rf"(?:{re.escape(fam.prefix)}\s)?{head}"
        heads.append(head)
    extra = _alt(extra_names) if extra_names else ""
    name = (
        rf"(?:{'|'.join(heads)})"
        rf"(?:(?:-|\s|(?<=[A-Za-z])(?=\d)|(?<=[a-z])(?=[A-Z]\d)){part})*"  # "DeepSeekR1": a version glued on
    )
    if extra:
        name = rf"(?:{extra})(?:(?:-|\s){part})*|{name}"
    return re.compile(rf"(?<![\w-])(?:{name})(?![\w])", re.I)


def _family_of(text: str, rules: Rules) -> tuple[str | None, bool]:
    """(family id, True when ``text`` is only the family name)."""
    low = text.casefold()
    best = None
    for fam in rules.families:
        name = fam.name.casefold()
        stripped = low
        if fam.prefix and low.startswith(fam.prefix.casefold() + " "):
            stripped = low[len(fam.prefix) + 1:]
        if stripped.startswith(name) and (best is None or len(name) > len(best[1])):
            best = (fam, name, stripped)
    if best is None:
        return None, False
    fam, name, stripped = best
    return fam.id, stripped == name and not fam.is_model and stripped == low


def _model_mentions(text: str, rules: Rules, known: tuple[str, ...], nouns: tuple[str, ...] = ()) -> list[Mention]:
    out = []
    fams = {f.id: f for f in rules.families}
    org_names = rules.org_spellings
    noun = _alt(list(nouns)) if nouns else None
    for m in model_regex(known).finditer(text):
        surface = m.group(0).rstrip("-. ")
        # "Llama 3.1 8B 73,0 %": a figure after a size is not part of the name
        surface = re.sub(r"(\d+(?:\.\d+)?[BbMm])\s\d+$", r"\1", surface)
        if not surface:
            continue
        fam_id, bare = _family_of(surface, rules)
        fam = fams.get(fam_id) if fam_id else None
        named_word = _HYPHEN_WORD.match(text, m.start() + len(surface)) if bare else None
        if named_word:
            # "Yi-Lightning", "Qwen-Plus": a family with a capitalized word written onto it names a model
            surface, bare = text[m.start():named_word.end()], False
        if fam is not None and bare and fam.needs_version and not (
                fam.prefix and surface.casefold().startswith(fam.prefix.casefold() + " ")):
            # "les modèles Yi", "the Phi models": a family named as such, unless it is also a
            # developer's name ("les modèles Mistral" are Mistral AI's)
            named = noun and surface.casefold() not in org_names and (
                re.search(rf"\b(?:{noun})\s+$", text[max(0, m.start() - 20):m.start()], re.I)
                or re.match(rf"\s+(?:{noun})\b", text[m.start() + len(surface):], re.I))
            if not named:
                continue
            bare = False  # the family itself, not a shortening of one of its models
        # a lowercase family name is only a model when it is an API id (gpt-4o-mini)
        if fam is not None and surface[:1].islower() and not fam.case_sensitive and not re.search(r"\d", surface):
            continue
        out.append(Mention(m.start(), m.start() + len(surface), "MODEL", surface,
                           {"family": fam_id, "bare": bare}, "model.shape"))
    return out


_CAP_NAME = r"[A-Z][A-Za-z]*(?:\d+(?:\.\d+)*)?(?:(?:-|\.)[A-Za-z0-9]+)*(?:\s\d+(?:\.\d+)*[A-Za-z]?)?"


def _discovered(text: str, lex: Lexicon, rules: Rules) -> list[Mention]:
    """Models nobody listed, from context: 'unveiled Zeta-1', 'baptisé Lucie-7B', 'Zeta-1, its new model'."""
    cues = _alt(list(lex["naming"]) + [w for w in lex["launch"] if " " not in w] + list(lex["successor"]))
    fillers = r"(?:(?:its|their|a|an|the|new|first|latest|open|open-source|source|model|models|LLM|le|la|les|son|sa|ses|leur|un|une|nouveau|nouvelle|premier|première|modèle|dernier|baptisé|baptisée|appelé|called|named|dubbed)\s+){0,4}"
    found = []
    # "lance en parallèle ShieldGemma 2", "also released today Zeta-1": a few lowercase words between
    adverbs = _alt(list(lex.get("launch_adverbs", [])) + list(lex["weekdays"]))
    # "Mistral AI a présenté lundi Mistral Saba": a developer's or family's name and one capitalized word
    heads = _alt([f.name for f in rules.families if len(f.name) > 2] + [o.name for o in rules.orgs])
    named = rf"(?-i:(?:{heads})\s[A-Z][a-z]{{2,}}(?:\s\d+(?:\.\d+)*)?)(?![\w-])"
    after_cue = re.compile(rf"\b(?:{cues})\s+(?:(?:{adverbs})\s+)?{fillers}(?P<name>{named}|(?-i:[A-Z]){_CAP_NAME[5:]})", re.I)
    nouns = _alt(lex["model_nouns"])
    apposition = re.compile(
        rf"(?P<name>{_CAP_NAME}),\s(?:its|their|a|an|the|son|sa|leur|le|la|un|une)\s(?:[\w-]+\s){{0,4}}(?:{nouns})\b", re.I)
    # "ses deux premiers modèles — MAI-Voice-1 et MAI-1-preview —", "two new models: Zeta-1 and Zeta-1 Mini":
    # the names a model noun announces after a colon or a dash, each joined to the one before
    announced = re.compile(rf"\b(?:{nouns})\b[^.:—–\n]{{0,60}}?\s[:—–]\s(?P<name>{_CAP_NAME})", re.I)
    joined_name = re.compile(rf"\s?(?:,|\band\b|\bet\b|&)\s(?P<name>(?-i:[A-Z]){_CAP_NAME[5:]})", re.I)
    for m in announced.finditer(text):
        names = [m]
        while (nxt := joined_name.match(text, names[-1].end("name"))):
            names.append(nxt)
        for x in names:
            name = x.group("name").rstrip(".-")
            if name[:1].isupper() and (re.search(r"\d", name) or re.search(r"[a-z][A-Z]", name)) \
                    and name.casefold() not in rules.org_spellings:
                found.append(Mention(x.start("name"), x.start("name") + len(name), "MODEL", name,
                                     {"family": None, "bare": False, "discovered": True}, "model.announced"))
    for rx, rule in ((after_cue, "model.after_cue"), (apposition, "model.apposition")):
        for m in rx.finditer(text):
            name = m.group("name").rstrip(".-")
            if not name[:1].isupper() or name.casefold() in rules.org_spellings:
                continue
            if name.split()[0].casefold().rstrip(".") in lex["months"]:
                continue  # "Released July 2025": a date, not a name
            # a name needs a digit or inner capital to look like a model name (Zeta-1, Lucie-7B, OLMo), or
            # a developer's or family's name before it (Mistral Saba)
            if not (re.search(r"\d", name) or re.search(r"[a-z][A-Z]", name) or re.fullmatch(named, name)):
                continue
            start = m.start("name")
            found.append(Mention(start, start + len(name), "MODEL", name,
                                 {"family": None, "bare": False, "discovered": True}, rule))
    return found


_HYPHEN_WORD = re.compile(r"-[A-Z][a-z]{2,}(?![\w-])")
_NEXT_WORD = re.compile(r" (?P<w>[A-Z][a-z]{3,})(?![\w-])")
_NOT_NAME_WORDS = {"with", "and", "from", "that", "this", "model", "models", "when", "then", "also", "avec",
                   "dans", "pour", "sur", "est", "sont", "were", "will", "has", "have", "is", "are"}


def _extended(found: list[Mention], text: str) -> list[Mention]:
    """A model name continues with a word the shapes do not know: '-Terminus' written onto it
    ('DeepSeek-V3.1-Terminus'), or a capitalized word the article writes after it at least
    twice ('Command A Reasoning' ... 'Command A Reasoning')."""
    out = []
    for m in found:
        if m.label != "MODEL" or (isinstance(m.value, dict) and m.value.get("bare")):
            out.append(m)
            continue
        end = m.end
        hy = _HYPHEN_WORD.match(text, end)
        if hy:
            end = hy.end()
        else:
            nx = _NEXT_WORD.match(text, end)
            if nx and nx.group("w").casefold() not in _NOT_NAME_WORDS and \
                    text.count(text[m.start:nx.end()]) >= 2 and not _NEXT_WORD.match(text, nx.end()):
                end = nx.end()
        if end == m.end:
            out.append(m)
        else:
            out.append(Mention(m.start, end, m.label, text[m.start:end], m.value, m.rule + "+extended"))
    return out


def _scale(word: str | None, lex: Lexicon) -> float:
    if not word:
        return 1.0
    return float(lex["scale"].get(word.casefold().rstrip("."), 1))


def _numeric_mentions(text: str, lex: Lexicon) -> list[Mention]:
    lang = lex.lang
    out: list[Mention] = []
    scale_words = _alt(list(lex["scale"]))
    cur = lex["currency_words"]
    cur_words = _alt(list(cur))

    # money: $0.15, US$ 2, €0,25, 15 cents, 60 centimes, 2 dollars, 0,25 €
    money = re.compile(
        rf"(?P<sym>US\s?\$|\$|€|£|¥)\s?(?P<n1>{_NUM})(?:\s?(?P<sc1>{scale_words})\b)?"
        rf"|(?P<n2>{_NUM})(?:\s?(?P<sc2>{scale_words})\b)?\s?(?:de\s|d')?(?P<word>\$\s?US|\$|€|£|(?:{cur_words})\b)"
        rf"(?P<deuro>\s(?:d'|d’|de\s)euros?)?",
        re.I,
    )
    for m in money.finditer(text):
        num = m.group("n1") or m.group("n2")
        value = parse_number(num, lang)
        if value is None:
            continue
        value *= _scale(m.group("sc1") or m.group("sc2"), lex)
        sym = (m.group("sym") or m.group("word") or "").casefold().replace(" ", "")
        currency = {"$": "USD", "us$": "USD", "$us": "USD", "€": "EUR", "£": "GBP", "¥": "CNY"}.get(sym) or cur.get(sym, "USD")
        if currency in ("USD_CENT", "CENT"):
            value /= 100
            currency = "EUR" if m.group("deuro") else ("USD" if currency == "USD_CENT" else "CENT")
        out.append(Mention(m.start(), m.end(), "MONEY", m.group(0),
                           {"amount": round(value, 6), "currency": currency}, "money"))

    pct = re.compile(rf"(?P<n>{_NUM})\s?(?:%|percent\b|per cent\b|pour cent\b|pourcents?\b)", re.I)
    for m in pct.finditer(text):
        value = parse_number(m.group("n"), lang)
        if value is not None:
            out.append(Mention(m.start(), m.end(), "PERCENT", m.group(0), value, "percent"))

    # "51,6e centile", "the 89th percentile": a score
    for m in re.finditer(rf"(?P<n>{_NUM})\s?(?:e|ᵉ|th|st|nd|rd)?\s(?:centile|percentile)", text, re.I):
        value = parse_number(m.group("n"), lang)
        if value is not None:
            out.append(Mention(m.start(), m.end(), "PERCENT", m.group(0), value, "percentile"))
    params_words = _alt(lex["parameters"])
    params = re.compile(
        rf"(?P<list>(?:{_NUM}\s?(?:{scale_words})?(?:,\s|\s?;\s|\s(?:and|et|or|ou|to|à)\s|\s-\s))*)"
        rf"(?P<n>{_NUM})[\s-]?(?P<sc>{scale_words})?(?:\s|-)(?:de\s|d')?(?:total\s|active\s|actifs\s)?(?:{params_words})\b",
        re.I,
    )
    for m in params.finditer(text):
        main_scale = _scale(m.group("sc"), lex)
        counts = []
        for item in re.finditer(rf"(?P<n>{_NUM})\s?(?P<sc>{scale_words})?", m.group("list") or ""):
            v = parse_number(item.group("n"), lang)
            if v is not None:
                counts.append(v * (_scale(item.group("sc"), lex) if item.group("sc") else main_scale))
        v = parse_number(m.group("n"), lang)
        if v is None:
            continue
        counts.append(v * main_scale)
        counts = [c for c in counts if c >= 1e6]
        if re.match(r"^\s*(?:(?:are|is|sont|est)\s)?(?:activ|active|actifs|actives)", text[m.end():m.end() + 16], re.I):
            continue  # "3 milliards de paramètres activés": active, not total, parameters
        if counts:
            out.append(Mention(m.start(), m.end(), "PARAMS", m.group(0),
                               [int(round(c)) for c in counts], "params.quantity"))
    # "mille milliards de paramètres", "a trillion parameters": a count in words
    word_counts = {"un": 1, "une": 1, "one": 1, "a": 1, "mille": 1000,
                   **{k: v for k, v in lex["numbers"].items() if k != "both"}}
    worded = re.compile(rf"(?<![\w-])(?P<w>{_alt(list(word_counts))})[\s-](?P<sc>{_alt([w for w in lex['scale'] if len(w) > 3])})"
                        rf"\s(?:de\s|d['’])?(?:total\s)?(?:{params_words})\b", re.I)
    for m in worded.finditer(text):
        count = word_counts[m.group("w").casefold()] * _scale(m.group("sc"), lex)
        # 'a billion parameters' is mostly a part ('un encodeur d'un milliard de paramètres');
        # a model's size in words is 'a trillion', 'mille milliards', 'deux milliards'
        if count >= 1e12 or (count >= 1e6 and word_counts[m.group("w").casefold()] > 1):
            out.append(Mention(m.start(), m.end(), "PARAMS", m.group(0), [int(count)], "params.words"))
    # "17B active parameters out of ~400B total": the total after the active count
    totals = _alt(lex.get("total_words", []))
    if totals:
        for m in re.finditer(rf"(?P<n>{_NUM})\s?(?P<sc>{scale_words})\s(?:{totals})\b", text, re.I):
            v = parse_number(m.group("n"), lang)
            if v is None or not re.search(rf"\b(?:{params_words})\b", text[max(0, m.start() - 80):m.start()], re.I):
                continue
            count = v * _scale(m.group("sc"), lex)
            if count >= 1e6:
                out.append(Mention(m.start(), m.end(), "PARAMS", m.group(0), [int(round(count))], "params.total"))
    # "a family of 0.5B to 72B models", "sizes from 1B to 90B"
    size_range = re.compile(
        rf"(?P<a>\d+(?:\.\d+)?)\s?(?P<sa>[BbMm])\b\s?(?:to|à|-|–|and|et)\s?(?P<b>\d+(?:\.\d+)?)\s?(?P<sb>[BbMm])\b"
        rf"(?=\s(?:models?|modèles?|versions?|sizes?|tailles?|parameters|paramètres))",
    )
    for m in size_range.finditer(text):
        if re.search(r"\b(?:the|its|their|les|ses|leurs|des)\s$", text[max(0, m.start() - 7):m.start()], re.I) \
                and re.match(r"\s(?:models?|modèles?)", text[m.end():]):
            continue  # "refreshes the 8B and 70B models": sizes naming models the text knows
        a = float(m.group("a")) * _scale(m.group("sa"), lex)
        b = float(m.group("b")) * _scale(m.group("sb"), lex)
        out.append(Mention(m.start(), m.end(), "PARAMS", m.group(0), [int(a), int(b)], "params.range"))

    # "existait en trois tailles : 7B, 13B et 70B", "comes in 8B and 70B versions": the sizes a
    # family is released in, listed after (or before) a size word
    size = r"\d+(?:[.,]\d+)?\s?[BM]\b"
    joiner = r"\s?(?:,|/|\band\b|\bet\b|\bor\b|\bou\b|&)\s?"
    size_words = _alt(lex.get("size_list_cues", []))
    if size_words:
        size_list = re.compile(
            rf"(?:\b(?:{size_words})\b[^.\n\d]{{0,25}}?(?P<a>{size}(?:{joiner}{size})+)(?![\w-]))"
            rf"|(?P<b>(?<![\w.-]){size}(?:{joiner}{size})+)(?=\s(?:{size_words})\b)")
        # "a family of open models (3B, 8B, 30B)": the sizes in brackets after the model noun
        nouns = _alt(lex["model_nouns"])
        bracketed = re.compile(rf"\b(?:{nouns})\s?\((?P<a>{size}(?:{joiner}{size})+)\)", re.I)
        for m in list(size_list.finditer(text)) + list(bracketed.finditer(text)):
            span = "a" if m.group("a") else "b"
            if re.search(r"\b(?:the|its|their|les|ses|leurs|des|except|sauf)\s$", text[max(0, m.start(span) - 8):m.start(span)], re.I):
                continue  # "except the 3B and 72B models": sizes that name models, not a release's sizes
            sizes = re.findall(r"(\d+(?:[.,]\d+)?)\s?([BM])\b", m.group(span))
            counts = [int(float(n.replace(",", ".")) * (1e9 if u == "B" else 1e6)) for n, u in sizes]
            out.append(Mention(m.start(span), m.end(span), "PARAMS", m.group(span), counts, "params.size_list"))

    tok_words = _alt(lex["tokens"])
    # "200,000 context window", "100 000 tokens de sortie": a bare count before a window word
    win_words = _alt([w for w in lex["context"] + lex["max_output"] if len(w) > 4 and w[0].isalpha()])
    tokens = re.compile(
        rf"(?P<n>{_NUM})(?:(?P<suf>[kKM])\b|\s?(?P<sc>{scale_words})\b)?"
        rf"(?P<tok>(?:\s|-)(?:de\s|d')?(?:(?:output|input|completion|context|generated|reasoning|de sortie|en sortie)\s)?(?:{tok_words})\b)?"
        rf"(?P<win>(?=[\s-](?:{win_words})\b))?",
        re.I,
    )
    for m in tokens.finditer(text):
        if not (m.group("suf") or m.group("tok") or (m.group("win") is not None and re.search(r"\d[,\u202f\u00a0 ]\d{3}", m.group("n")))):
            continue
        if m.group("sc") and m.group("sc").casefold() in ("b", "bn", "billion", "milliard", "milliards", "t", "trillion", "md", "mds") and not m.group("tok"):
            continue
        value = parse_number(m.group("n"), lang)
        if value is None:
            continue
        sc = m.group("sc") or m.group("suf")
        value *= _scale(sc, lex)
        if value < 512:
            continue
        out.append(Mention(m.start(), m.end(), "TOKENS", m.group(0), int(round(value)), "tokens"))
    # "d'un million de jetons", "one million tokens", "two million tokens": a count in words
    counts = {"un": 1, "une": 1, "one": 1, "a": 1, **{k: v for k, v in lex["numbers"].items() if k != "both"}}
    worded = re.compile(rf"(?<![\w-])(?P<w>{_alt(list(counts))})[\s-](?P<sc>million|millions|milliard|milliards|billion|thousand|mille)"
                        rf"[\s-](?:de\s|d')?(?:(?:context|output|input)\s)?(?:{tok_words})\b", re.I)
    for m in worded.finditer(text):
        value = counts[m.group("w").casefold()] * _scale(m.group("sc"), lex)
        out.append(Mention(m.start("w"), m.end(), "TOKENS", text[m.start("w"):m.end()], int(value), "tokens.words"))
    out.extend(_date_mentions(text, lex))
    return out


def _date_mentions(text: str, lex: Lexicon) -> list[Mention]:
    months = lex["months"]
    mon = _alt(list(months))
    out = []
    patterns = [
        (rf"\b(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s(?P<m>{mon})\.?\s(?P<y>(?:19|20)\d\d)\b", "dmy"),
        (rf"\b(?P<m>{mon})\.?\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y>(?:19|20)\d\d)\b", "mdy"),
        (r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>\d\d)-(?P<d>\d\d)\b", "iso"),
        (rf"\b(?P<m>{mon})\.?\s(?:de\s|of\s)?(?P<y>(?:19|20)\d\d)\b", "my"),
        (rf"\b(?P<d>\d{{1,2}})(?:er)?\s(?P<m>{mon})\b(?!\.?\s\d)", "dm"),
        (rf"\b(?P<m>{mon})\.?\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s\d)", "md"),
    ]
    taken: list[tuple[int, int]] = []
    for rx, kind in patterns:
        # English months are capitalized ('may' the verb is not a month): checked below
        for m in re.finditer(rx, text, re.I):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            mword = m.groupdict().get("m")
            if mword and lex.lang == "en" and not mword[:1].isupper():
                continue
            if mword and mword.casefold().rstrip(".") not in months:
                continue
            month = int(m.group("mn")) if kind == "iso" else months[mword.casefold().rstrip(".")]
            year = int(m.group("y")) if "y" in m.groupdict() and m.group("y") else None
            day = int(m.group("d")) if "d" in m.groupdict() and m.group("d") else None
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            taken.append((m.start(), m.end()))
            out.append(Mention(m.start(), m.end(), "DATE", m.group(0),
                               {"kind": "abs", "year": year, "month": month, "day": day}, f"date.{kind}"))
    rel = lex["relative_days"]
    for m in re.finditer(rf"(?<!\w)(?:{_alt(list(rel))})(?!\w)", text, re.I):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        out.append(Mention(m.start(), m.end(), "DATE", m.group(0),
                           {"kind": "rel", "offset": rel[m.group(0).casefold()]}, "date.relative"))
    wd = lex["weekdays"]
    lead = r"(?:on|last|this|next|starting|from|since|as of|beginning)\s" if lex.lang == "en" else r"(?:ce\s|le\s|dès\s|depuis\s)?"
    for m in re.finditer(rf"\b{lead}(?P<w>{_alt(list(wd))})\b(?P<ahead>\s(?:prochain|next))?", text, re.I):
        word = m.group("w")
        if lex.lang == "en" and not word[:1].isupper():
            continue
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        out.append(Mention(m.start(), m.end(), "DATE", m.group(0),
                           {"kind": "weekday", "weekday": wd[word.casefold()],
                            "next": m.group(0).casefold().startswith("next"),
                            "ahead": bool(m.group("ahead"))}, "date.weekday"))
    return out


def _trim_params(m: Mention, models: list[Mention], text: str, lex: Lexicon) -> Mention:
    """'Mistral Small 3.1, 24 milliards de paramètres': a parameter list never starts inside a
    model name; the counts inside it are dropped."""
    if m.label != "PARAMS":
        return m
    inside = [x for x in models if x.start <= m.start < x.end or m.start <= x.start < m.end]
    if not inside:
        return m
    cut = max(x.end for x in inside)
    if cut >= m.end:
        return m
    again = [x for x in _numeric_mentions(text[cut:m.end], lex) if x.label == "PARAMS"]
    if not again:
        return m
    x = max(again, key=lambda y: y.end - y.start)
    return Mention(cut + x.start, cut + x.end, "PARAMS", x.text, x.value, x.rule)


_Bucket = tuple[re.Pattern[str], dict[str, list[tuple[Any, Any]]], bool]
_QUOTES = str.maketrans({"’": "'"})


@per_rules
def _gazetteer_patterns(rules: Rules) -> list[_Bucket]:
    """The gazetteer as a few regexes, each one trie of spellings (case-insensitive or as
    written; benchmarks, which may carry a year), with the (entity, mention value) of each
    spelling. Built once per rule set: one regex per name read every text 350 times."""
    buckets: dict[tuple[bool, bool], dict[str, list[tuple[Any, Any]]]] = {}
    for ent in rules.orgs + rules.benchmarks + rules.channels + rules.models:
        if ent.label == "MODEL":
            value: Any = {"family": ent.family, "bare": False, "id": ent.id}
        else:
            value = {"id": ent.id, "name": ent.name, "org": ent.org, "generic": ent.generic, "plans": ent.plans}
        for name in (ent.name, *ent.aliases):
            # short names and all-capital benchmark names (DROP, MATH) only match as written
            upper = ent.label == "BENCHMARK" and name.isupper() and name.isalpha()
            insensitive = not (ent.case_sensitive or len(name) <= 3 or upper)
            spelling = name.translate(_QUOTES)
            key = spelling.casefold() if insensitive else spelling
            buckets.setdefault((insensitive, ent.label == "BENCHMARK"), {}).setdefault(key, []).append((ent, value))
    out = []
    for (insensitive, bench), by_key in sorted(buckets.items()):
        year = r"(?:\s(?:19|20)\d\d)?" if bench else ""
        # '@Azure' is a handle in a citation, not a mention of the service
        rx = re.compile(rf"(?<![\w@-])(?P<n>{_trie_regex(sorted(by_key), space=' ')}){year}(?![\w-]|\+)",
                        re.I if insensitive else 0)
        out.append((rx, by_key, insensitive))
    return out


def _gazetteer_mentions(text: str, rules: Rules) -> list[Mention]:
    """Every gazetteer name in ``text``: at each place a name starts, its longest spelling
    there (shorter names inside it are found from their own start)."""
    plain = text.translate(_QUOTES)  # one character for one: offsets are those of ``text``
    out = []
    for rx, by_key, insensitive in _gazetteer_patterns(rules):
        m = rx.search(plain)
        while m:
            key = m.group("n").casefold() if insensitive else m.group("n")
            for ent, value in by_key.get(key, ()):
                out.append(Mention(m.start(), m.end(), ent.label, text[m.start():m.end()], dict(value), "gazetteer"))
            m = rx.search(plain, m.start() + 1)
    return out




def _trie_regex(words: list[str], space: str = r"\s") -> str:
    """One pattern for many lower-case spellings, as a trie: a shared start is tried once, and
    a longer spelling is tried before the shorter one it extends (greedy), so that
    ``gpt-4o-mini`` is never read as ``gpt-4o``. A space in a spelling is ``space`` (any white space).

    >>> print(_trie_regex(["gpt-4o", "gpt-4o-mini", "gpt-5"]))
    gpt\\-(?:4o(?:\\-mini)?|5)
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:
        alts = [(space if ch == " " else re.escape(ch)) + render(child)
                for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # a spelling ends here: the longer ones first, then this one
            return body + "?" if len(alts) == 1 and len(alts[0]) == 1 else f"(?:{body})?"
        return body

    return render(trie)


@per_rules
def _catalog_pattern(rules: Rules) -> tuple[re.Pattern[str] | None, dict[str, Any]]:
    """ONE compiled regex for every spelling of the seeded catalog (a thousand models and
    more: one regex per name, as the curated gazetteer has, would read each text that many
    times), and the catalog model of each spelling. Built once per rule set."""
    by_key: dict[str, Any] = {}
    for model in rules.catalog:
        for spelling in model.match:
            by_key.setdefault(" ".join(spelling.casefold().split()), model)
    rx = None
    if by_key:
        # as the gazetteer's: not inside a longer word or id, nor before a longer version ("3" of "3.5")
        rx = re.compile(rf"(?<![\w-])(?:{_trie_regex(sorted(by_key))})(?![\w-]|\+|\.\d)", re.I)
    return rx, by_key


def _catalog_mentions(text: str, rules: Rules) -> list[Mention]:
    """Models of the seeded catalog: API ids as articles write them (gpt-oss-120b, deepseek-r1-0528)
    and display names, with the value shape of a gazetteer model."""
    rx, by_key = _catalog_pattern(rules)
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        model = by_key.get(" ".join(m.group(0).casefold().split()))
        if model is None:
            continue
        fam_id, _ = _family_of(m.group(0), rules)
        out.append(Mention(m.start(), m.end(), "MODEL", m.group(0),
                           {"family": fam_id, "bare": False, "id": model.id}, "gazetteer.catalog"))
    return out


def _channel_shapes(text: str, rules: Rules) -> list[Mention]:
    """Channels named by shape: 'the Claude API', 'API DeepSeek', 'llama.meta.com'."""
    heads = [o.name for o in rules.orgs] + [a for o in rules.orgs for a in o.aliases] + \
        [f.name for f in rules.families] + ["Chat Completions", "Assistants", "Batch", "Realtime", "Responses",
                                            "Message Batches", "Batches"]
    alt = _alt(heads)
    out = []
    for m in re.finditer(rf"(?<![\w-])(?:{alt})(?:\s(?:(?!(?:through|via|and|et|or|ou|with|avec|from|to|in|on|its|their)\b)[a-z]+|"
                         rf"Enterprise|Developer|Batch|Message Batches|Realtime))?\sAPIs?\b", text):
        out.append(Mention(m.start(), m.end(), "CHANNEL", m.group(0),
                           {"id": None, "name": m.group(0).rstrip("s") if m.group(0).endswith("APIs") else m.group(0),
                            "org": None, "generic": False, "plans": ()}, "channel.api"))
    # "Anthropic's API", "OpenAI’s API": the developer's API
    for m in re.finditer(rf"(?<![\w-])(?P<who>{alt})['’]s\s(?:own\s)?APIs?\b", text):
        out.append(Mention(m.start(), m.end(), "CHANNEL", m.group(0),
                           {"id": None, "name": f"{m.group('who')} API", "org": None, "generic": False, "plans": ()},
                           "channel.api"))
    for m in re.finditer(rf"(?<![\w-])API(?:\s(?!(?:and|et|or|ou|with|avec|for|pour|to|in|on|from|via)\b)[a-zé]+)?"
                         rf"\s(?:de\s|d['’])?(?:{alt})\b", text):
        out.append(Mention(m.start(), m.end(), "CHANNEL", m.group(0),
                           {"id": None, "name": m.group(0), "org": None, "generic": False, "plans": ()}, "channel.api"))
    for m in re.finditer(r"(?<![@/\w.-])(?:[a-z0-9-]+\.)+(?:com|ai|chat|io|org|fr|net|dev|co)(?![\w/-])", text):
        out.append(Mention(m.start(), m.end(), "CHANNEL", m.group(0),
                           {"id": None, "name": m.group(0), "org": None, "generic": False, "plans": ()}, "channel.domain"))
    return out


# benchmarks nobody listed, by shape: BigCodeBench, AlignBench, RepoQA, ArenaHard, LiveCodeBench
_BENCH_SHAPE = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9]*-?(?:Bench|bench|Eval|QA|Hard)(?:[-\s]?(?:Verified|Lite|Pro|Hard|v?\d+(?:\.\d+)?))?(?![\w-])")


_BENCH_NAMED = re.compile(
    r"(?:\b(?:the|le|la|du|au)\s)(?P<n>[A-Z][\w.+-]*(?:\s(?:[A-Z0-9][\w.+-]*|polyglot|bench|verified|diamond|hard|lite))?)"
    r"\s(?:benchmark|test|leaderboard|eval|evaluation)\b")


_BENCH_AFTER_NOUN = re.compile(
    r"\b(?:the|le|la|du|au)\s(?:benchmark|leaderboard)\s(?P<n>[A-Z][\w.+-]*(?:\s[A-Z0-9][\w.+-]*)?)")


_BENCH_DEFINED = re.compile(
    r"(?P<n>\b[A-Z][\w.+-]*[A-Z][\w.+-]*(?:\s[A-Z0-9][\w.+-]*)?),\s(?:which|that|a|an|un|une|qui|le|la)\s"
    r"(?:[\w-]+\s){0,4}?(?:measures?|tests?|evaluates?|benchmark|exam|mesure|évalue|examen)\b")


# "- HealthBench Pro: 46.2%", "ARC-AGI-9 = 77.1%": a short key at a line's or clause's head and
# a score after a colon or an equals sign (keys that name specs or counts are skipped)
_BENCH_KEY = re.compile(
    r"(?:^|(?<=[\n;]))[ \t]*(?:[-*•][ \t]+)?(?P<n>[A-Z][\w.+\-/]*(?:[ \t][\w.+\-/]+){0,3}?)"
    r"[ \t]*(?:\([^()\n]{1,30}\))?[ \t]*[:=][ \t]*(?=[~≈]?\d+(?:[.,]\d+)?[ \t]*(?:%|[Ee]lo\b|pts?\b|points?\b|/\s*100\b))",
    re.M)


def _benchmark_keys(text: str, lex: Lexicon, rules: Rules) -> list[Mention]:
    skip = {w.casefold() for w in lex.get("kv_not_benchmark", [])}
    members = {w.casefold() for w in (*rules.short_forms, *rules.variants)}
    out = []
    for m in _BENCH_KEY.finditer(text):
        name = m.group("n").strip()
        if name.casefold() in skip or name.split()[0].casefold() in lex["months"]:
            continue
        if name.split()[0].casefold() in members and re.fullmatch(r"\S+\s\d+(?:\.\d+)*", name):
            continue  # "• Sonnet 4.5 : 77,2 %": a model written by its member word, not a test
        out.append(Mention(m.start("n"), m.start("n") + len(name), "BENCHMARK", name,
                           {"id": None, "name": name}, "benchmark.key"))
    return out


def _benchmark_shapes(text: str) -> list[Mention]:
    found = [Mention(m.start(), m.end(), "BENCHMARK", m.group(0), {"id": None, "name": m.group(0)}, "benchmark.shape")
             for m in _BENCH_SHAPE.finditer(text)]
    # "the Aider polyglot benchmark", "le test MultiChallenge" is handled by the fact rules
    # "MultiChallenge, which measures how well ...", "Video-MME, a long-video understanding test"
    for m in _BENCH_DEFINED.finditer(text):
        name = m.group("n")
        found.append(Mention(m.start("n"), m.end("n"), "BENCHMARK", name, {"id": None, "name": name},
                             "benchmark.defined"))
    # "Sur le benchmark Aider", "the leaderboard LiveCodeBench": the name after the noun
    for m in _BENCH_AFTER_NOUN.finditer(text):
        name = m.group("n").rstrip(".")
        if not model_regex().fullmatch(name):
            found.append(Mention(m.start("n"), m.start("n") + len(name), "BENCHMARK", name,
                                 {"id": None, "name": name}, "benchmark.named"))
    for m in _BENCH_NAMED.finditer(text):
        name = m.group("n")
        found.append(Mention(m.start("n"), m.end("n"), "BENCHMARK", name, {"id": None, "name": name},
                             "benchmark.named"))
    return found


_PRIORITY = {"CHANNEL": 6, "BENCHMARK": 5, "MODEL": 4, "ORG": 3, "PARAMS": 7, "MONEY": 6,
             "PERCENT": 5, "TOKENS": 4, "DATE": 3, "NUMBER": 1}


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest mention where several overlap; ties go to the label priority."""
    ranked = sorted(mentions, key=lambda m: (-(m.end - m.start), -_PRIORITY.get(m.label, 0), m.start))
    # the kept mentions never overlap, so in start order their ends are in order too: a
    # candidate only needs checking against its two neighbours (linear in the mentions, not
    # quadratic as a scan of every kept one was)
    starts: list[int] = []
    kept: list[Mention] = []
    for m in ranked:
        at = bisect_right(starts, m.start)
        if at and kept[at - 1].end > m.start:
            continue
        if at < len(kept) and kept[at].start < m.end:
            continue
        starts.insert(at, m.start)
        kept.insert(at, m)
    return kept


def find_mentions(text: str, lang: str, known_models: tuple[str, ...] = (), rules: Rules | None = None) -> list[Mention]:
    """Every mention in ``text``, overlaps resolved, in text order."""
    rules = rules or load_rules()
    lex = rules.lexicons.get(lang) or rules.lexicons["en"]
    found = _gazetteer_mentions(text, rules)
    found += _model_mentions(text, rules, known_models, ("models", "modèles"))
    # after the shapes: where both read the same span, the shape's reading stays
    found += _catalog_mentions(text, rules)
    found += _discovered(text, lex, rules)
    found = _extended(found, text)
    numeric = _numeric_mentions(text, lex)
    models = [m for m in found if m.label == "MODEL"]
    found += [_trim_params(m, models, text, lex) for m in numeric]
    found += _channel_shapes(text, rules)
    found += _benchmark_shapes(text)
    # "• Opus 4.5 : 80,9 %": a key that is a model's name is the model, not a test
    model_spans = {(m.start, m.end) for m in found if m.label == "MODEL"}
    found += [k for k in _benchmark_keys(text, lex, rules) if (k.start, k.end) not in model_spans]
    kept = resolve_overlaps(found)
    # an ORG inside a longer MODEL is the model (Mistral Large 2); a CHANNEL that is a
    # model name stays a channel only where the gazetteer says so
    return kept
