"""Benchmark scores in sentences: a score, its benchmark and its model ('82% on MMLU', 'respectively', pairs 'X contre Y')."""

from __future__ import annotations

import re
from collections import Counter

from .context import add, alternation, for_model, has, is_anchor, model_name, owner_of, predecessor_of, role_of, subject_of, subjects, Sentence, State
from ..mentions import Mention, parse_number
from ..rules import Lexicon, norm_name
from .relations import competitor

__all__ = ["benchmarks"]


def benchmarks(sent: Sentence, state: State) -> None:
    lex = state.lex
    counted = alternation(lex["count_nouns"])
    # "MMLU (Massive Multitask Language Understanding)": a name spelt out in brackets is the same test
    tests_named = sent.of("BENCHMARK")
    benches = [b for a, b in zip([None, *tests_named], tests_named)
               if not (a and re.fullmatch(r"\s?\(", sent.text[a.end - sent.start:b.start - sent.start]))]
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
        m = re.match(rf"^(?:\s?(?:score|scores|result)?\s?(?:of|de|:|=|at|à)?\s?\(?)(\d{{1,3}}(?:[.,]\d+)?)(?![\d%]|\s?%|\s?(?:B|billion|tokens|k\b)|[\s-](?:{counted})\b)", tail, re.I)
        if m and not any(p.start - sent.start == b.end - sent.start + m.start(1) for p in scores):
            s = b.end + m.start(1)
            val = parse_number(m.group(1), lex.lang)
            if val is not None and not any(x.start <= s < x.end for x in sent.mentions):
                scores.append(Mention(s, b.end + m.end(1), "PERCENT", m.group(1), val, "score.bare"))
        head = sent.text[:b.start - sent.start]
        m2 = re.search(r"(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s(?:on|sur|in|en|au|à)\s(?:the\s|le\s|la\s)?$", head)
        if m2:
            s = sent.start + m2.start(1)
            val = parse_number(m2.group(1), lex.lang)
            if val is not None and not any(x.start <= s < x.end for x in sent.mentions):
                scores.append(Mention(s, sent.start + m2.end(1), "PERCENT", m2.group(1), val, "score.bare"))
    # "1 501 points sur LMArena", "an arena score of 1,380 Elo": ratings are counted in points
    # (a gap of '8.7 points' is no rating: ratings run in the hundreds and more)
    for m in re.finditer(rf"(?<![\w.,])(\d{{1,2}}[,\u202f\u00a0 ]\d{{3}}|\d{{3,4}})\s(?:{alternation(lex['score_units'])})\b",
                         sent.text, re.I):
        s = sent.start + m.start(1)
        val = parse_number(m.group(1), lex.lang)
        if val is not None and val >= 100 and not any(x.start <= s < x.end for x in sent.mentions + scores):
            scores.append(Mention(s, sent.start + m.end(1), "PERCENT", m.group(1), val, "score.points"))
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
        elif benches:
            # "scored 67.5% and 42.4 on tests like MMLU-Pro, GPQA Diamond, respectively": the tests after the figures
            first = [sc for sc in scores if sc.end <= benches[0].start]
            after = [b.text for b in benches if b.end - sent.start <= resp.start()]
            before_resp = [sc for sc in scores if sc.end - sent.start <= resp.start()]
            if len(first) >= 2 and len(first) == len(after) == len(before_resp):
                respective = {id(sc): b for sc, b in zip(first, after)}
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
                and (for_model(sent, sc, state) or re.search(r"\(\s*$|['’]s?\s$", sent.text[:sc.start - sent.start]) or re.search(
                    rf"\b(?:{alternation(lex['score_verbs'])}|sits at|resolves|solves|résout)\s+(?:\w+\s+){{0,2}}$",
                    sent.text[:sc.start - sent.start], re.I)):
            bench = state.last_benchmark  # "SWE-bench Verified, a benchmark ... GPT-4.1 resolves 54.6% of the tasks"
        if bench is None and not benches and state.last_benchmark and state.last_benchmark_at >= sent.index - 8 \
                and _MODEL_ITEM.match(sent.text) and any(
                    m.start - sent.start <= 4 and re.fullmatch(r"\s*:\s*", sent.text[m.end - sent.start:sc.start - sent.start])
                    for m in sent.of("MODEL")):
            bench = state.last_benchmark  # a ranking under a test's section: '• Opus 4.5 : 80,9 %'
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




_MODEL_ITEM = re.compile(r"\s*(?:[-•*]|\d+[.)])\s")  # a list item


_SIZED_SCORE = re.compile(r"\s?\((?P<size>\d+(?:\.\d+)?[BbMm])\s?:\s?(?P<score>\d{1,3}(?:[.,]\d+)?)\s?%?\)")


_SIZE_SUFFIX = re.compile(r"[\s-]\d+(?:\.\d+)?[BbMm]\b.*$")  # "Gemma 3 27B IT" -> "Gemma 3"


def _bare_scores(sent: Sentence, known: list[Mention], lex: Lexicon, owners: list[Mention] | None = None) -> list[Mention]:
    """Scores written without %: '... scores 9.35, against 9.12 for its predecessor',
    'donne 16,8 à DeepSeek-V2.5, moins que les 19 de DeepSeek-Coder-V2-0724', 'an Elo rating of 1650'."""
    out = []
    text = sent.text
    verbs = alternation(lex["score_verbs"])
    taken = [(x.start - sent.start, x.end - sent.start) for x in sent.mentions + known]
    # a figure that counts something ('50 trials', 'a 500-problem set', '14 langues') is no score
    counted = "|".join(re.escape(w) for w in sorted(lex["count_nouns"], key=len, reverse=True))
    for m in re.finditer(r"(?<![\w.,$€£])(\d{1,2}[\u202f\u00a0 ]\d{3}(?!\d|[.,]\d)|\d{1,4}(?:[.,]\d{1,2})?)(?![\w%$€£]|[.,]\d|\s?%|\s(?:%|B\b|billion|milliards?|million|tokens|jetons|parameters|paramètres|\$|€|dollars?|euros?)"
                         rf"|[\s-](?:[\w-]+\s)?(?:{counted})\b)", text):
        a, b = m.span(1)
        if any(s0 <= a < e0 for s0, e0 in taken):
            continue
        value = parse_number(m.group(1), lex.lang)
        if value is None or (1900 <= value <= 2100 and "." not in m.group(1) and "," not in m.group(1)):
            continue
        before = text[max(0, a - 30):a].casefold()
        after = text[b:b + 40]
        led = re.search(rf"(?:\b(?:{verbs})|against|contre|vs\.?|versus|compared with|than|que|les|the)\s+(?:(?:an?|the|le|la|les|un|une)\s+)?(?:[\w-]+\s+){{0,2}}$", before)
        owned = re.match(r"^\s*(?:for|pour|à|de|by|par)\s+(?:(?:its|the|son|sa|le|la|l['’])\s*)?(?:[\w-]+\s*,?\s*){0,2}", after, re.I)
        # "Claude 3 Haiku (50,2)", "Phi-3.5-mini de Microsoft (69,0)": a model's own figure
        paren = re.search(r"\(\s*$", text[:a]) and re.match(r"\s*\)", after) and any(
            re.fullmatch(r"(?:\s(?:de|d['’]|of|from|by)\s[A-Z][\w.-]*)?\s*\(\s*", text[o.end - sent.start:a])
            for o in (owners or sent.of("MODEL")))
        # "Qwen2.5's 85.3": a figure right after a model's possessive
        paren = paren or any(re.fullmatch(r"['’]s?\s", text[o.end - sent.start:a]) for o in (owners or sent.of("MODEL")))
        # "X obtient 65,4 et Jamba 1.5 Mini 46,1": a figure right after a model in a clause with its verb elided
        led = led or (re.search(r"\b(?:and|et)\s+[^,;]{2,40}\s$", text[max(0, a - 45):a]) and any(
            o.end - sent.start == a - 1 for o in sent.of("MODEL")) and re.search(rf"\b(?:{verbs})\b", text[:a]))
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
    m = _NAMED_AFTER.match(sent.text[sc.end - sent.start:])
    if not m:
        return None
    start = sc.end + m.start("n")
    if any(x.start <= start < x.end for x in sent.mentions if x.label != "BENCHMARK"):
        return None
    return m.group("n").rstrip(".")


_NAMED_AFTER = re.compile(r"\s(?:on|sur|au|aux)\s(?:the\s|le\s|la\s)?(?P<n>[A-Z][\w.+-]*(?:\s[A-Z0-9][\w.+-]*){0,3}(?:\s[a-z]{3,}(?=[\s,.;)]|$))?)")
# a test's name has the shape of one: capitals, a digit, a hyphen or a capital inside a word
_BENCH_LIKE = re.compile(r"[A-Z]{2,}|\d|-|[a-z][A-Z]")


def _unknown_name_before(sent: Sentence, sc: Mention) -> bool:
    """The clause of a score names something shaped like a model that no mention covers
    ('..., while **SWE-2** reaches 50%'): whose score it is is not known."""
    lead = sent.text[:sc.start - sent.start]
    clause_start = max(lead.rfind(","), lead.rfind(";"), lead.rfind(":"))
    for m in re.finditer(r"(?<![\w-])[A-Z][\w.]*-?\d[\w.-]*", lead[clause_start + 1:]):
        at = sent.start + clause_start + 1 + m.start()
        if not any(x.start <= at < x.end for x in sent.mentions):
            return True
    return False


def _bench_for(sent: Sentence, sc: Mention, benches: list[Mention], scores: list[Mention]) -> str | None:
    if not any(b.start >= sc.end and b.start - sc.end <= 6 for b in benches):
        named = _named_after(sent, sc)
        # with no known test in the sentence, only a name shaped like one ('81% sur MMMU-Pro')
        if named and not any(named.startswith(b.text) for b in benches) and (
                benches or _BENCH_LIKE.search(named) and not _unknown_name_before(sent, sc)):
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
            if len(gap) <= 30 and re.fullmatch(r"\s*(?:on|sur|in|en|at|au|à|for|pour|with)?\s*(?:the|le|la|l'|du|de)?\s*(?:(?!(?:and|et|or|ou)\s)[\w-]+\s)?(?:benchmark|test|bench)?\s*", gap, re.I) \
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
