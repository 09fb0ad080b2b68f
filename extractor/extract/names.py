"""Model names within one article: the fullest spelling of each, short forms ('Opus', 'the mini
model', 'the 405B model', 'R1'), developers, and the article's focus model."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from .context import has, model_name, role_of, Sentence, State
from ..mentions import Mention
from ..rules import load_rules, norm_name, per_rules, Rules

__all__ = [
    "canonical_names",
    "find_focus",
    "developers",
    "short_forms",
]


def canonical_names(sents: list[Sentence], title: str | None) -> dict[str, str]:
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


def short_forms(sents: list[Sentence], names: dict[str, str], rules: Rules) -> None:
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
        near = [x for x in s.of("MODEL") if 0 <= s.start + m.start() - x.end <= 80 and x.rule != "model.size_reference"]
        if near and not norm_name(near[-1].text).startswith(family):
            return None  # "Llama 3, présenté dans des versions 8B et 70B": sizes of another model
        return name

    if sizes:
        _add_references(sents, names, re.compile(rf"(?<![\w.-])(?:{'|'.join(re.escape(k) for k in sizes)})(?![\w-])"),
                        sized, "model.size_reference")
    # "Medium 3" for Mistral Medium 3: the name without its family word, where that is unique
    for name in names.values():
        rest = name.split(" ", 1)[1] if " " in name else ""
        if re.fullmatch(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)*\s\d+(?:\.\d+)?", rest):
            by_tail.setdefault(rest, set()).add(name)
    tails = [k for k, v in by_tail.items() if len(v) == 1]
    if tails:
        _add_references(sents, names, re.compile(rf"(?<![\w.-])(?:{'|'.join(re.escape(k) for k in tails)})(?![\w-])"),
                        lambda s, m: next(iter(by_tail[m.group(0)])), "model.short_form")
    # "2.5 Flash", "2.5 Flash-Lite" where the article names Gemini 2.5: the family's version with
    # a variant word, written without the family's name
    fam_of_version: dict[str, set[str]] = {}
    for name in names.values():
        head = re.match(r"(?P<fam>[A-Z][\w-]*?)[\s-](?P<v>\d+(?:\.\d+)+)(?:\s|$)", name)
        if head:
            fam_of_version.setdefault(head.group("v"), set()).add(head.group("fam"))
    versions = [v for v, fams in fam_of_version.items() if len(fams) == 1]
    if versions and rules.variants:
        variant_words = "|".join(re.escape(w) for w in sorted(set(rules.variants), key=len, reverse=True))
        by_norm = {norm_name(n): n for n in names.values()}

        def versioned(s: Sentence, m: re.Match[str]) -> str | None:
            # "4,1 nano" in French prose is version 4.1
            v = m.group("v").replace(",", ".")
            full = f"{next(iter(fam_of_version[v]))} {v}{m.group(0)[len(v):]}"
            return by_norm.get(norm_name(full), full)

        spelt = "|".join(re.escape(v).replace(re.escape("."), "[.,]") for v in versions)
        _add_references(sents, names, re.compile(
            rf"(?<![\w.,-])(?P<v>{spelt})\s(?-i:{variant_words})(?:-(?-i:{variant_words}))?(?![\w-])"),
            versioned, "model.version_reference")
    # "Flash" where the article names Gemini 2.0 Flash four times and Gemini 1.5 Flash twice: the
    # model it is about; a tie leaves the short form unresolved
    counts = Counter(names.get(norm_name(m.text)) for s in sents for m in s.of("MODEL"))
    chosen: dict[str, str] = {}
    # "Saba" for Mistral Saba: the last word of a two-word name that starts with a developer or family
    heads = {f.name for f in rules.families} | {o.name for o in rules.orgs}
    extra_forms = [n.split()[1] for n in set(names.values())
                   if len(n.split()) == 2 and n.split()[0] in heads and re.fullmatch(r"[A-Z][a-z]{2,}", n.split()[1])]
    for f in [*rules.short_forms, *extra_forms]:
        ranked = sorted(by_last.get(f, ()), key=lambda n: -counts[n])
        if len(ranked) == 1 or (len(ranked) > 1 and counts[ranked[0]] >= counts[ranked[1]] + 2):
            chosen[f] = ranked[0]
    if chosen:
        _add_references(sents, names, re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(f) for f in chosen)})(?![\w-])"),
                        lambda s, m: chosen[m.group(0)], "model.short_form")
    _family_members(sents, names, by_last, chosen, rules)
    _elided_variants(sents, names, rules)


@per_rules
def _known_models(rules: Rules) -> frozenset[str]:
    """Every model name the gazetteer and the seeded catalog know, normalized."""
    keys = {norm_name(n) for e in rules.models for n in (e.name, *e.aliases)}
    keys.update(norm_name(n) for c in rules.catalog for n in (c.name, *c.match))
    return frozenset(keys)


def _family_members(sents: list[Sentence], names: dict[str, str], by_last: dict[str, set[str]],
                    chosen: dict[str, str], rules: Rules) -> None:
    """'the Claude 3 family: Haiku, Sonnet and Opus': a member's word alone, where the article
    names no model ending with it, is the article's family version with that word, when the
    gazetteer or the catalog knows that model and no other of the article's families has it."""
    prefixes = {m.group("p") for n in names.values()
                if (m := re.match(r"(?P<p>[A-Z][\w-]*?[\s-]\d+(?:\.\d+)*)(?=\s|$)", n))}
    known = _known_models(rules)
    members: dict[str, str] = {}
    for word in rules.short_forms:
        if word in by_last or word in chosen:
            continue
        fits = {p for p in prefixes if norm_name(f"{p} {word}") in known}
        if len(fits) == 1:
            full = f"{fits.pop()} {word}"
            members[word] = names.get(norm_name(full), full)
    if members:
        _add_references(sents, names, re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(w) for w in members)})(?![\w-])"),
                        lambda s, m: members[m.group(0)], "model.family_member")
    # "Sonnet 4.5 : 77,2 %" where the article names Claude Opus 4.5: the member word and its
    # version, with the family word of the article's names, when that model is known
    heads = {n.split()[0] for n in names.values() if " " in n}
    words = "|".join(re.escape(w) for w in rules.short_forms)

    def versioned_member(s: Sentence, m: re.Match[str]) -> str | None:
        fits = [f"{h} {m.group(0)}" for h in heads if norm_name(f"{h} {m.group(0)}") in known]
        return names.get(norm_name(fits[0]), fits[0]) if len(fits) == 1 else None

    if heads and words:
        _add_references(sents, names, re.compile(rf"(?<![\w.-])(?:{words})\s\d+(?:\.\d+)?(?![\w.-])"),
                        versioned_member, "model.family_member")


def _elided_variants(sents: list[Sentence], names: dict[str, str], rules: Rules) -> None:
    """'GPT-4.1 mini and nano', 'Gemini 2.5 Flash et Pro': a variant word joined to a model
    that ends with another variant names the same line's model with that variant."""
    if not rules.variants:
        return
    words = "|".join(re.escape(w) for w in sorted(set(rules.variants), key=len, reverse=True))
    tail = re.compile(rf"[\s-](?:{words})$")
    follow = re.compile(rf"\s(?:and|et|&|or|ou)\s(?P<v>(?i:{words}))(?![\w-]|\s?\d)")
    for s in sents:
        added = []
        for m in s.of("MODEL"):
            name = names.get(norm_name(m.text))
            f = follow.match(s.text, m.end - s.start)
            if not name or not f or not tail.search(name):
                continue
            if f.group("v") not in rules.variants and not name.split()[-1].split("-")[-1].islower():
                continue  # 'nano' after 'GPT-4.1 mini'; not the French 'premier' after 'Sonnet'

            start, end = s.start + f.start("v"), s.start + f.end("v")
            if any(x.start < end and start < x.end for x in s.mentions):
                continue
            full = tail.sub("", name) + (" " if " " in name else "-") + f.group("v")
            full = names.get(norm_name(full), full)
            names.setdefault(norm_name(full), full)
            # the mention spans the word as written and carries the name it stands for, so that
            # a bare 'nano' elsewhere in the article is not taken for this model
            added.append(Mention(start, end, "MODEL", full, {"family": None, "bare": False}, "model.elided"))
        if added:
            s.mentions.extend(added)
            s.mentions.sort(key=lambda x: x.start)


def developers(sents: list[Sentence], names: dict[str, str], rules: Rules) -> dict[str, str | None]:
    fam_org = {f.id: f.org for f in rules.families}
    model_org = {norm_name(n): e.org for e in rules.models for n in (e.name, *e.aliases)}
    out: dict[str, str | None] = {}
    for s in sents:
        for m in s.of("MODEL"):
            name = names.get(norm_name(m.text))
            if not name or out.get(name):
                continue  # known already; a short form ('Maverick') must not hide its family's developer
            org_id = model_org.get(norm_name(m.text)) or fam_org.get((m.value or {}).get("family"))
            out[name] = rules.org_name(org_id)
    # a name made from a short form ('2.5 Flash' -> 'Gemini 2.5 Flash') takes the developer of
    # the article's other names that start with the same family word
    by_head = {n.split()[0]: o for n, o in out.items() if o and " " in n}
    for name, org in list(out.items()):
        if not org and " " in name:
            out[name] = by_head.get(name.split()[0])
    return out


def find_focus(sents: list[Sentence], state: State, title: str | None) -> str | None:
    score: Counter[str] = Counter()
    launch_words = state.lex["launch"]
    for s in sents:
        if s.in_table:
            continue
        weight = 3 if s.index < 3 else 1
        cue = has(s.text, launch_words)
        for m in s.of("MODEL"):
            name = model_name(m, state)
            if not name:
                continue
            role = role_of(s, m, state.lex)
            score[name] += weight * (1 if role == "subject" else 0.3) + (2 if cue and role == "subject" else 0)
    if title:
        for name in list(score):
            if norm_name(name) in norm_name(title):
                score[name] += 5
    if not score:
        return None
    return max(score, key=lambda n: (score[n], -min(i for i, s in enumerate(sents) if any(
        model_name(m, state) == n for m in s.of("MODEL")))))
