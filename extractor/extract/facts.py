"""The rules of the ten fact types, sentence by sentence (tables are in ``tables.py``)."""

from __future__ import annotations

import re
from collections import Counter

from .context import add, cue_pattern, ends_with_cue, find_cue, find_word, for_model, has, implicit_model, implicit_all, is_anchor, joined, model_name, nearest_word, owner_of, predecessor_of, resolve_date, role_of, size_of, subject_of, subjects, value_model_before, value_owners, without_conjunctions, Sentence, State
from ..mentions import Mention, parse_number
from ..rules import Lexicon, norm_name

__all__ = [
    "availability",
    "benchmarks",
    "competitor",
    "competitors",
    "cutoff",
    "launch",
    "parameters",
    "prices",
    "successor",
    "tokens",
]


def benchmarks(sent: Sentence, state: State) -> None:
    lex = state.lex
    benches = sent.of("BENCHMARK")
    scores = list(sent.of("PERCENT"))
    # "MMLU (27B: 67.5)": a score labelled with the size of the article's model it belongs to
    for b in benches:
        sized = _SIZED_SCORE.match(sent.text, b.end - sent.start)
        base = state.salient or state.focus
        if sized and base:
            value = parse_number(sized.group("score"), lex.lang)
            owner = f"{_SIZE_SUFFIX.sub('', base)} {sized.group('size').upper()}"
            if value is not None:
                add(state, "benchmark", state.names.get(norm_name(owner), owner),
                    {"benchmark": b.text, "score": float(value)}, sent, "benchmark.sized", 0.7)
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
    anaphora = has(sent.text, lex["benchmark_anaphora"])
    # "Sur MMMU, X obtient 60,3. Y, avec 50,7, fait jeu égal avec Z (50,2).": the benchmark of
    # the sentence before carries to bare scores that models own
    carried = bool(state.last_benchmark and state.last_benchmark_at == sent.index - 1 and sent.of("MODEL"))
    if benches or (anaphora and state.last_benchmark) or carried:
        scores += _bare_scores(sent, scores, lex, sent.of("MODEL") if carried and not benches else [])
    scores.sort(key=lambda x: x.start)
    # "Grok-2 also reaches 76.1% on MATH and 88.4% on HumanEval; Grok-2 mini scores 73.0% and 85.7% respectively"
    respective: dict[int, str] = {}
    resp = re.search(r"respectiv", sent.text, re.I)
    if resp:
        tail = [sc for sc in scores if sc.end - sent.start <= resp.start()
                and not [b for b in benches if b.start > sc.end and b.start - sent.start < resp.start()]]
        tail = [sc for sc in tail if not any(b.start >= sc.end for b in benches)] or tail
        if not tail and not benches:  # "Scout s'arrête respectivement à 74,3 et 57,2"
            tail = [sc for sc in scores if 0 <= sc.start - sent.start - resp.end() <= 40]
        lead = [b.text for b in benches if b.end <= (tail[0].start if tail else 0)]
        if not benches and state.last_benchmark_at == sent.index - 1:
            lead = list(state.last_benches)  # "X obtient 80,5 sur A et 69,8 sur B. Y s'arrête respectivement à 74,3 et 57,2."
        if tail and len(lead) >= len(tail):
            respective = {id(sc): b for sc, b in zip(tail, lead[-len(tail):])}
    # "Phi-3-small and Phi-3-medium reach 75% and 78% on MMLU, and 8.7 and 8.9 on MT-bench, respectively"
    resp_models: list[str] = []
    if resp and scores:
        group = subjects(sent, state, before=scores[0].start)
        if len(group) >= 2 and not [x for x in sent.of("MODEL") if scores[0].start <= x.start < sent.start + resp.start()]:
            resp_models = group
    seen_for: Counter[str] = Counter()
    # "reste derrière Gemma 2 9B sur WildBench (41,3 contre 43,8)", "devance GPT-4o, 69,0 % contre 63,8 %":
    # the first figure is the subject's, the second the rival's named before them
    pair_owner: dict[int, str] = {}
    pair_first: dict[int, int] = {}  # second figure of a pair -> the first
    bench_of: dict[int, str] = {}
    bench_names = "|".join(re.escape(x.text) for x in benches) or "(?!)"
    for a, b in zip(scores, scores[1:]):
        gap = sent.text[a.end - sent.start:b.start - sent.start]
        # "77.0 on MATH against 73.8", "68.9 versus 73.3": the subject's figure, then the rival's
        if re.fullmatch(rf"\s*%?\s*(?:(?:on|sur|in|en)\s(?:the\s|le\s|la\s)?(?:{bench_names})\s)?(?:contre|vs\.?|versus|against|to)\s*",
                        gap, re.I) and not for_model(sent, b, state):
            rivals = [x for x in sent.of("MODEL") if x.end <= a.start and role_of(sent, x, lex) == "compared"]
            subject = subject_of(sent, state)
            rival = model_name(rivals[-1], state) if rivals else None
            if rival is None and not sent.of("MODEL") and state.comparison:
                rival = state.comparison  # "On MMLU Pro it's 68.9 versus 73.3" after a sentence that named the rival
            if rival and subject and rival != subject:
                pair_owner[id(a)], pair_owner[id(b)] = subject, rival
                pair_first[id(b)] = id(a)
            elif not rivals and has(sent.text[:a.start - sent.start], lex["compare_strong"]):
                pair_owner[id(b)] = ""  # "devance le modèle d'OpenAI, 69,0 % contre 63,8 %": a rival left unnamed
    # "50.6% on MATH and 90% on GSM8K, against 23.9% and 62.9% for Grok-1": the rival's figures in the same order
    ordered: dict[int, tuple[str, str]] = {}
    for k, sc in enumerate(scores):
        lead = sent.text[:sc.start - sent.start]
        if not re.search(r"(?:against|versus|vs\.?|compared with|contre|face à)\s*$", lead, re.I):
            continue
        run = [sc]
        for nxt in scores[k + 1:]:
            if re.fullmatch(r"\s*%?\s*(?:,|and|et)\s*", sent.text[run[-1].end - sent.start:nxt.start - sent.start], re.I):
                run.append(nxt)
            else:
                break
        who = for_model(sent, run[-1], state) or (
            model_name(m, state) if (m := next((x for x in sent.of("MODEL") if x.start >= run[-1].end), None)) is not None
            and re.fullmatch(r"\s*%?\s*(?:for|pour)\s(?:the\s|le\s|la\s)?", sent.text[run[-1].end - sent.start:m.start - sent.start])
            else None)
        before = [b for b in benches if b.end <= sc.start]
        if who and len(run) >= 2 and len(before) >= len(run):
            for x, b in zip(run, before[-len(run):]):
                ordered[id(x)] = (who, b.text)
    for sc in scores:
        if id(sc) in ordered:
            who, bench = ordered[id(sc)]
            add(state, "benchmark", who, {"benchmark": bench, "score": float(sc.value)}, sent, "benchmark.sentence", 0.75)
            continue
        lead = sent.text[max(0, sc.start - sent.start - 25):sc.start - sent.start]
        if re.search(r"\b(?:up from|down from|en hausse de|contre\s\w+\sauparavant)\s*$|\bto\s\d[\d.,]*\s?%?\sfrom\s*$", lead, re.I) \
                and not for_model(sent, sc, state):
            # "reaches 74.1% on HumanEval, up from 63.2%": the previous version's figure
            pred = predecessor_of(subject_of(sent, state), state)
            prior = [x for x in scores if x.end <= sc.start]
            bench = _bench_for(sent, sc, benches, scores) or (bench_of.get(id(prior[-1])) if prior else None)
            if pred and bench:
                add(state, "benchmark", pred, {"benchmark": bench, "score": float(sc.value)}, sent, "benchmark.previous", 0.7)
            continue
        after = sent.text[sc.end - sent.start:sc.end - sent.start + 30].casefold()
        if any(after.lstrip().startswith(w) for w in lex["not_score"]):
            continue
        bench = respective.get(id(sc)) or _bench_for(sent, sc, benches, scores)
        if bench is None and id(sc) in pair_first:
            bench = bench_of.get(pair_first[id(sc)])  # "it's 68.9 versus 73.3": the rival's figure on the same test
        if bench is None and not benches and state.last_benchmark and state.last_benchmark_at >= sent.index - 2 \
                and (for_model(sent, sc, state) or re.search(r"\(\s*$", sent.text[:sc.start - sent.start]) or re.search(
                    rf"\b(?:{_SCORE_VERBS}|sits at|resolves|solves|résout)\s+(?:\w+\s+){{0,2}}$",
                    sent.text[:sc.start - sent.start], re.I)):
            bench = state.last_benchmark  # "SWE-bench Verified, a benchmark ... GPT-4.1 resolves 54.6% of the tasks"
        if resp and not sent.of("MODEL") and state.prev_models and len(state.prev_models) == len(
                [x for x in scores if x.end - sent.start <= resp.start() + 40]):
            # "Jamba 1.5 Large obtient 65,4 et Jamba 1.5 Mini 46,1. Sur MMLU, ils affichent respectivement 81,2 et 69,7."
            k = scores.index(sc)
            if k < len(state.prev_models) and bench:
                add(state, "benchmark", state.prev_models[k], {"benchmark": bench, "score": float(sc.value)},
                     sent, "benchmark.respectively", 0.75)
                continue
        if bench is None and anaphora and state.last_benchmark:
            bench = state.last_benchmark
        if bench is None:
            continue
        tail = sent.text[sc.end - sent.start:]
        if re.match(r"\s*(?:pour|for|de|of|chez)\s+(?:l['’]|le|la|les|the|its|their|son|sa|ses|leur)\s*[a-zé]", tail) and not any(
                0 <= x.start - sc.end <= 45 for x in sent.of("MODEL")):
            continue  # "contre 68,3 pour l'ancien modèle de chat": a figure of a model the text only describes
        if bench:
            bench_of[id(sc)] = bench
        if pair_owner.get(id(sc)) == "":
            continue
        owner = pair_owner.get(id(sc)) or owner_of(sent, sc, state)
        if resp_models and id(sc) not in respective:
            k = seen_for[bench]
            seen_for[bench] += 1
            owner = resp_models[k] if k < len(resp_models) else owner
        conf = 0.85 if sc.rule != "score.bare" else 0.7
        add(state, "benchmark", owner, {"benchmark": bench, "score": float(sc.value)}, sent,
             "benchmark.sentence", conf)
        named = next((n for x in sent.of("MODEL") if role_of(sent, x, lex) == "subject"
                      and (n := model_name(x, state))), None)
        subject = subject_of(sent, state)
        if owner and subject and owner != subject and is_anchor(subject, state):
            competitor(state, subject, owner, sent, "competitor.scores", measured=named is not None)
    if benches:
        state.last_benchmark = benches[-1].text
        state.last_benches = [b.text for b in benches]
        state.last_benchmark_at = sent.index
    elif anaphora and state.last_benchmark:
        state.last_benchmark_at = sent.index  # "... ahead on that benchmark. In the chart, X sits at 49.0%"


_SCORE_VERBS = (r"scores?|scored|scoring|reaches|reached|achieves|achieved|gets|got|hits|posts|posted|"
                r"obtient|obtiennent|atteint|atteignent|grimpe à|monte à|affiche|affichent|donne|plafonne à|culmine à|se contente de|settles for|rating of|score of|"
                r"note de|score de|with|avec|at|à")


_SIZED_SCORE = re.compile(r"\s?\((?P<size>\d+(?:\.\d+)?[BbMm])\s?:\s?(?P<score>\d{1,3}(?:[.,]\d+)?)\s?%?\)")
_SIZE_SUFFIX = re.compile(r"[\s-]\d+(?:\.\d+)?[BbMm]\b.*$")  # "Gemma 3 27B IT" -> "Gemma 3"


def _bare_scores(sent: Sentence, known: list[Mention], lex: Lexicon, owners: list[Mention] | None = None) -> list[Mention]:
    """Scores written without %: '... scores 9.35, against 9.12 for its predecessor',
    'donne 16,8 à DeepSeek-V2.5, moins que les 19 de DeepSeek-Coder-V2-0724', 'an Elo rating of 1650'."""
    out = []
    text = sent.text
    taken = [(x.start - sent.start, x.end - sent.start) for x in sent.mentions + known]
    # a figure that counts something ('50 trials', 'a 500-problem set', '14 langues') is no score
    counted = "|".join(re.escape(w) for w in sorted(lex["count_nouns"], key=len, reverse=True))
    for m in re.finditer(r"(?<![\w.,$€£])(\d{1,4}(?:[.,]\d{1,2})?)(?![\w%$€£]|[.,]\d|\s?%|\s(?:%|B\b|billion|milliards?|million|tokens|jetons|parameters|paramètres|\$|€|dollars?|euros?)"
                         rf"|[\s-](?:[\w-]+\s)?(?:{counted})\b)", text):
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
        # "Claude 3 Haiku (50,2)", "Phi-3.5-mini de Microsoft (69,0)": a model's own figure
        paren = re.search(r"\(\s*$", text[:a]) and re.match(r"\s*\)", after) and any(
            re.fullmatch(r"(?:\s(?:de|d['’]|of|from|by)\s[A-Z][\w.-]*)?\s*\(\s*", text[o.end - sent.start:a])
            for o in (owners or sent.of("MODEL")))
        # "X obtient 65,4 et Jamba 1.5 Mini 46,1": a figure right after a model in a clause with its verb elided
        led = led or (re.search(r"\b(?:and|et)\s+[^,;]{2,40}\s$", text[max(0, a - 45):a]) and any(
            o.end - sent.start == a - 1 for o in sent.of("MODEL")) and re.search(rf"\b(?:{_SCORE_VERBS})\b", text[:a]))
        # "it's 68.9 versus 73.3": the first figure of a pair
        led = led or re.match(r"\s?%?\s(?:versus|vs\.?|against|contre)\s\d", after, re.I)
        # "8.7 and 8.9 on MT-bench": the first of two figures given for one test
        led = led or re.match(r"\s(?:and|et|or|ou)\s\d{1,4}(?:[.,]\d{1,2})?\s?%?\s(?:on|sur)\s", after)
        # "... à 74,3 et 57,2": a figure joined to a score just before it
        led = led or re.search(r"\d\s?%?\s(?:et|and)\s$|\d\s?%?,\s$", text[max(0, a - 12):a]) and any(
            e0 <= a and a - e0 <= 6 for s0, e0 in taken + [(x.start - sent.start, x.end - sent.start) for x in out])
        if led or paren or (owned and re.search(r"[A-Z]", after[:40])):
            out.append(Mention(sent.start + a, sent.start + b, "PERCENT", m.group(1), value, "score.bare"))
    return out


def _named_after(sent: Sentence, sc: Mention) -> str | None:
    """'9.8% on Aider polyglot': a capitalized name right after 'on'/'sur' that is no other mention."""
    m = re.match(r"\s(?:on|sur)\s(?:the\s|le\s|la\s)?(?P<n>[A-Z][\w.+-]*(?:\s(?:[A-Z0-9][\w.+-]*|[a-z]{3,}(?=[\s,.;)]|$)))?)",
                 sent.text[sc.end - sent.start:])
    if not m:
        return None
    start = sc.end + m.start("n")
    if any(x.start <= start < x.end for x in sent.mentions if x.label != "BENCHMARK"):
        return None
    return m.group("n")


def _bench_for(sent: Sentence, sc: Mention, benches: list[Mention], scores: list[Mention]) -> str | None:
    if benches and not any(b.start >= sc.end and b.start - sc.end <= 6 for b in benches):
        named = _named_after(sent, sc)
        if named and not any(named.startswith(b.text) for b in benches):
            return named
    if not benches:
        return None
    # right after: "82 % on MMLU", "87,2 % sur HumanEval"; "75% and 78% on MMLU": scores joined before it
    for b in benches:
        if b.start >= sc.end:
            gap = sent.text[sc.end - sent.start:b.start - sent.start]
            joined_scores = [s for s in scores if sc.end <= s.start and s.end <= b.start]
            if joined_scores:
                rest = sent.text[joined_scores[-1].end - sent.start:b.start - sent.start]
                chain = sent.text[sc.end - sent.start:joined_scores[-1].end - sent.start]
                for s in joined_scores:
                    chain = chain.replace(s.text, "#")
                if re.fullmatch(r"(?:\s*(?:,|and|et|or|ou)\s*#)+", chain) and len(rest) <= 30 and re.fullmatch(
                        r"\s*(?:on|sur|in|en|at|au|à|for|pour)\s*(?:the|le|la|l'|du|de)?\s*", rest, re.I):
                    return b.text
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
    prev_owner: str | None = None
    leads, nouns = _alt_words(lex["per_unit_leads"]), _alt_words(lex["per_unit_nouns"])
    per_unit = re.compile(rf"\s*(?:(?:{leads})\s)?(?:mille|1\s?000|1,000|1[kK]|thousand|cent|100|million)?\s?"
                          rf"(?:de\s|d['’])?(?:{nouns})\b", re.I)
    for i, m in enumerate(monies):
        rel_start, rel_end = m.start - sent.start, m.end - sent.start
        if per_unit.match(sent.text[rel_end:rel_end + 40]):
            continue  # "0,50 € pour mille requêtes", "$20 per month": no price per token
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
        if i + 1 < len(monies) and sent.text[rel_end:monies[i + 1].start - sent.start].strip() == "/":
            # "$2.50/$10 per million input/output tokens for OpenAI's GPT-4o"
            owner = for_model(sent, monies[i + 1], state) or owner
        if respective and respective[i][0]:
            owner = respective[i][0]
        conf = 0.85 if unit_pos else 0.65
        prev_owner = owner
        for d in (("input", "output") if direction == "both" else (direction,)):
            add(state, "price", owner, {"direction": d, "amount": m.value["amount"],
                                         "currency": currency, "per_tokens": per_tokens},
                 sent, "price.sentence", conf)


def _alt_words(words: list[str]) -> str:
    """A regex alternation of lexicon words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


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
    before = [x for x in sent.of("MODEL") if x.end - sent.start <= rc.start() and rc.start() - (x.end - sent.start) <= 2]
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
        if sent.of("MONEY") and re.search(r"prompts?\s+(?:up to|under|over|longer than|of up to|above|jusqu)", sent.text[max(0, rel - 25):rel], re.I):
            continue  # a price tier ("for prompts up to 128K")
        around = sent.text[max(0, rel - 60):m.end - sent.start + 40]
        d_out = nearest_word(around, lex["max_output"], min(rel, 60))
        d_ctx = nearest_word(around, lex["context"], min(rel, 60))
        if d_out is None and d_ctx is None:
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
    for m in sent.of("DATE"):
        v = m.value
        if v.get("kind") != "abs" or not v.get("year"):
            continue
        date = f"{v['year']:04d}-{v['month']:02d}"
        for owner in value_owners(sent, m, state):
            add(state, "knowledge_cutoff", owner, {"date": date}, sent, "knowledge_cutoff.sentence", 0.75)


def parameters(sent: Sentence, state: State) -> None:
    for m in sent.of("PARAMS"):
        after = re.split(r"[\d,;(]", sent.text[m.end - sent.start:m.end - sent.start + 22])[0]
        if has(m.text + " " + after, state.lex["active_words"]):
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
    heads = "|".join(re.escape(h) for h in state.rules.product_heads)
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
        for owner in owners:
            add(state, "availability", owner, {"channel": name, "date": date}, sent, "availability.sentence", 0.7)


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
    for cue in lex["successor"]:
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
    for rm in re.finditer(r",?\s(?:(?:the|le|la)\s(?:model|version|modèle)\s)?(?:which|that|qu['’]il|qu['’]elle|que|it)\s"
                          r"(?:it\s|il\s|elle\s)?(?:succeeds|replaces|supersedes|remplace|succède)\b", sent.text, re.I):
        prev = [x for x in models if x.end - sent.start <= rm.start() and rm.start() - (x.end - sent.start) <= 2]
        if prev:
            pred = model_name(prev[0], state)
            succ = implicit_model(sent, state)
            if pred and succ and pred != succ:
                add(state, "successor", succ, {"predecessor": pred}, sent, "successor.relative", 0.7)
    # "up from 84.2 for its predecessor, Qwen2-72B", "son prédécesseur, Claire-7B", "beats
    # predecessors like X", "par rapport à la version précédente X", "ses prédécesseurs, X et Y"
    leads = "|".join(re.escape(w) for w in sorted(lex["list_leads"], key=len, reverse=True))
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
    m = re.search(r"\b(?:dont|whose)\s(?P<rest>.{0,60}?)\b(?:successeur|successor|remplaçant|replacement)\b", sent.text, re.I)
    if m:
        start = sent.start + m.start()
        before = [x for x in models if x.end <= start]
        inside = [x for x in models if start <= x.start < sent.start + m.end()]
        if before:
            pred = model_name(before[-1], state)
            succ = model_name(inside[0], state) if inside else implicit_model(sent, state)
            if pred and succ and pred != succ:
                add(state, "successor", succ, {"predecessor": pred}, sent, "successor.inverse", 0.75)
    m = re.search(r"(?P<pred>\S.*?)(?:'s|’s)\s(?:successor|replacement)\b", sent.text)
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
        if _NEGATED_COMPARE.search(_clause(sent.text, m.start - sent.start)):
            continue  # "OpenAI ne compare pas ses modèles à Gemini 2.5 Pro": a comparison ruled out
        # each rival goes with the nearest anchor before it ("compare A à X, et B à Y")
        before = [a for am, a in anchors if am is None or am.start < m.start]
        anchor = before[-1] if before else anchors[0][1]
        competitor(state, anchor, other, sent, "competitor.cue")


_NEGATED_COMPARE = re.compile(
    r"\b(?:ne|n['’])\s*(?:se\s)?(?:\w+\s){0,2}?(?:compare|comparent|mesure|mesurent|oppose|opposent)\w*\s(?:\w+\s)?pas\b"
    r"|\b(?:does not|doesn't|did not|didn't|do not|don't|never|not)\s(?:\w+\s)?(?:compare|compared|benchmark|pit|measure)\w*",
    re.I)


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
                listed = re.search(r"[:—–]\s*$", gap) or re.search(
                    rf"(?:{'|'.join(re.escape(w) for w in state.lex['model_nouns'])})\W*$", gap, re.I)
                limit = 110 if listed else 45
                if len(gap) <= limit and not re.search(r"[.;!?]\s|\b(?:which|whose|that|qui|dont|que|où)\b", gap):
                    picked += joined(sent, models, k, +1)
                break
        before = [k for k, m in enumerate(models) if m.end <= pos]
        if before:
            m = models[before[-1]]
            gap = sent.text[m.end - sent.start:c]
            told = _clause(sent.text.replace(",", ";"), c)  # "après Pixtral 12B, sorti en septembre": an older one
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


def _clause(text: str, at: int) -> str:
    """The clause of ``text`` around position ``at``: between semicolons, colons and the
    conjunctions that join two statements ('tandis que', 'while', 'whereas', 'alors que')."""
    cuts = [0] + [m.end() for m in re.finditer(r"[;:]|\b(?:tandis que|while|whereas|alors que|but|mais)\b", text, re.I)] + [len(text)]
    start = max(c for c in cuts if c <= at)
    end = min((c for c in cuts if c > at), default=len(text))
    return text[start:end]


def _earlier_month(text: str, state: State) -> bool:
    """'a model Cohere released in March' in an article of April: an older launch. Without a
    publication date, the latest month the article names stands for it ('Llama 3.2, fin
    septembre 2024' in a history that reaches May 2025), with two months of grace."""
    ref, grace = (state.published, 0) if state.published else (state.latest_month, 2)
    if ref is None:
        return False
    months = state.lex["months"]
    alt = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    leads = "|".join(re.escape(w) for w in sorted(state.lex["month_leads"], key=len, reverse=True))
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


def launch(sent: Sentence, state: State, lede: bool) -> None:
    lex = state.lex
    if sent.index == 0 and state.headline_focus and state.focus and has(sent.text, lex["novelty"]) \
            and not has(sent.text, lex["launch"] + lex["past"] + lex["not_yet"]):
        # a headline that presents its model as new ('X: the new king of open models')
        state.launched.append(state.focus)
        org = state.orgs.get(state.focus)
        add(state, "launch", state.focus, {"org": state.org_surface.get(org or "", org), "date": None}, sent,
            "launch.headline", 0.6)
        return
    if "launch" in sent.carried:
        # an item of 'Models unveiled:': the model that opens the item is launched
        head = [m for m in sent.of("MODEL") if m.start - sent.start < 12]
        name = model_name(head[0], state) if head else None
        if name and not has(sent.text, lex["past"]):
            if name not in state.launched:
                state.launched.append(name)
            org = state.orgs.get(name)
            add(state, "launch", name, {"org": state.org_surface.get(org or "", org), "date": None}, sent,
                "launch.list", 0.7)
            return
    if state.announced and sent.index - 3 <= state.announced[0] < sent.index:
        at, count, date0, org0 = state.announced
        named = [n for m in sent.of("MODEL") if role_of(sent, m, lex) == "subject" and m.start - sent.start < 40
                 and (n := model_name(m, state)) and n not in state.launched]
        for n in named[:1]:  # "Le premier, Codestral Mamba, ...", "Le second, Mathstral, ..."
            left = count - sum(1 for f in state.facts if f.type == "launch" and f.rule == "launch.announced")
            if left <= 0:
                break
            org = state.orgs.get(n) or org0
            state.launched.append(n)
            add(state, "launch", n, {"org": state.org_surface.get(org or "", org), "date": date0}, sent,
                "launch.announced", 0.7)
        if named:
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
            main += " " + _clause(sent.text.replace(",", ";"), i)
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
            clause = _clause(sent.text, at)
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
