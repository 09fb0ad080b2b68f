"""Tables (rendered as ``| a | b |`` rows): benchmark grids in both orientations, price and
spec tables, and two-column spec boxes read as sentences."""

from __future__ import annotations

import math
import re

from .qualifiers import table_qualifier
from .context import add, has, is_anchor, model_name, size_of, Sentence, State
from .facts import competitor, cutoff, parameters, prices, tokens
from ..mentions import Mention, model_regex, parse_number
from ..rules import Lexicon, norm_name

__all__ = [
    "table_blocks",
    "tables",
]


def table_blocks(sents: list[Sentence]) -> list[list[Sentence]]:
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
    if has(cell, lex["input"] + lex["output"] + lex["tokens"] + lex["table_price_heads"] + lex["context"] + ["score"]):
        return False
    return bool(re.search(r"\d|[a-z][A-Z]", cell))


def _spec_box(rows: list[Sentence], state: State) -> None:
    """A two-column table of one model's specs ('Context window | 1M tokens'): each row is
    read as a sentence about the model the table names (else the article's focus)."""
    named = [n for r in rows[:2] for m in r.of("MODEL") if (n := model_name(m, state))]
    model = named[0] if named else state.focus
    saved = state.salient
    state.salient = model
    for row in rows:
        prices(row, state)
        tokens(row, state)
        cutoff(row, state)
        parameters(row, state)
    state.salient = saved


_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
_UNIT_WORDS = {"k", "m", "b", "pts", "pt", "points", "usd", "eur", "dollars", "dollar", "euros", "euro",
               "tokens", "token", "jetons", "mtok", "per", "par", "million", "millions", "billion",
               "milliards", "milliard", "mo", "elo", "x"}
_PAIR = re.compile(r"\d\s*/\s*\d+(?:[.,]\d+)?(?![\d.,]|\s*[kKmM]\b)")


class _PureFigure:
    """A cell that holds a figure and units only ('79.2', '0,30 $', '$2.50 / 1M tokens', '128K')."""

    @staticmethod
    def match(cell: str) -> bool:
        if not re.search(r"\d", cell):
            return False
        rest = re.sub(r"[\d\s.,$€£¥%~≈<>=+/()*\u2212-]", " ", cell.casefold())
        return all(w in _UNIT_WORDS for w in rest.split())


_PURE_FIGURE = _PureFigure()
_SIZED = re.compile(r"^(?P<name>.+?)\s*\(\s*~?(?P<size>\d+(?:[.,]\d+)?)\s*(?P<unit>[BbMm])\s*\)$")
# a parenthesis that qualifies a column rather than names it: '(%)', '(pass@1)', '(0-shot)', dates
_QUALIFIER = re.compile(r"\s*\((?=[^)]*(?:%|@|\d|shot|acc|avg|score|chrf|elo))[^)]*\)|\s*\[[^\]]*\]")


def _figure(cell: str, lang: str) -> float | None:
    """The one figure a data cell holds ('**79.2**', '46.8 %', '1316'); None for text, empty
    cells and paired figures ('42.2/36.6'), which belong to two columns at once."""
    if not _PURE_FIGURE.match(cell) or _PAIR.search(cell):
        return None
    num = _NUMBER.search(cell.replace(" ", "").replace("\u202f", ""))
    return parse_number(num.group(0), lang) if num else None


def _head_is(cell: str, words: list[str]) -> bool:
    key = re.sub(r"[^\w#\s-]", " ", cell.casefold()).strip()
    key = re.sub(r"\s+", " ", key)
    return key in words


def _not_a_score(label: str, lex: Lexicon) -> bool:
    """A row or column label that counts something other than a score ('Languages supported',
    'Downloads', 'RPM'): the label is a listed key, or one of its words is a one-word key."""
    keys = lex["kv_not_benchmark"]
    if _head_is(label, keys):
        return True
    generic = set(lex["table_generic_score_heads"])
    words = set(re.findall(r"[\w-]+", label.casefold()))
    return any(k in words for k in keys if " " not in k and k not in generic)


def _bench_name(cell: str) -> str:
    return _QUALIFIER.sub("", cell).strip(" :")


def _model_cell(row: Sentence, col: int, cell: str, state: State, free: bool) -> tuple[str | None, int | None]:
    """The model a cell names, and a size written beside it ('Llama 3 (70B)').

    A cell that a model mention fills names that model; with ``free`` (a column headed
    'Model', a header row of models) any short text with a letter is taken as written."""
    sized = _SIZED.match(cell)
    size = None
    if sized:
        unit = 1e9 if sized.group("unit") in "Bb" else 1e6
        size = int(float(sized.group("size").replace(",", ".")) * unit)
    for m in row.of("MODEL"):
        if _col(row, m) == col and (n := model_name(m, state)):
            if sized and not size_of(n):
                return f"{n} {sized.group('size')}{sized.group('unit').upper()}", size
            covered = len(m.text) >= 0.6 * len(cell.strip())
            if covered or not free:
                return n, size if sized else None
    if free and cell and len(cell) <= 60 and re.search(r"[A-Za-z]", cell) and not _PURE_FIGURE.match(cell):
        if sized:
            return f"{sized.group('name')} {sized.group('size')}{sized.group('unit').upper()}", size
        # 'Gemini 9 Pro (>200K tokens)': a tier or a note in brackets is not part of the name
        cell = re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", cell).strip() or cell
        return _with_family(cell, state), None
    return None, None


def _with_family(cell: str, state: State) -> str:
    """A row the table writes without its family word ('Opus 4' under Claude Opus 4.5) is the
    family's model of that name, when the article's names have exactly one such family."""
    if cell.split()[0] in {n.split()[0] for n in state.names.values()}:
        return cell
    first = cell.split()[0]
    heads = {n.split()[0] for n in state.names.values() if first in n.split()[1:]}
    if not heads and first in state.rules.variants and state.focus and " " in state.focus:
        heads = {state.focus.split()[0]}  # 'Haiku 4.5' in a grid about Claude Opus 4.5
    if len(heads) == 1:
        full = f"{heads.pop()} {cell}"
        if model_regex().fullmatch(full):
            key = norm_name(full)
            return state.names.get(key, full)
    return cell


def tables(sents: list[Sentence], state: State) -> None:
    lex = state.lex
    # a grid of scores compares the article's model with the others when its headline names it
    # (a leaderboard of many vendors' models compares each with none in particular)
    headline = state.headline_focus
    for block in table_blocks(sents):
        rows = [s for s in block if not re.fullmatch(r"[\s|:-]+", s.text)]
        model_rows = [r for r in rows if any(_col(r, m) == 0 for m in r.of("MODEL"))]
        bench_rows = [r for r in rows if any(_col(r, m) == 0 for m in r.of("BENCHMARK"))]
        if rows and max(len(_cells(r.text)) for r in rows) == 2 and len(model_rows) < 2 and len(bench_rows) < 2:
            _spec_box(rows, state)  # a two-column table that lists models is a one-benchmark grid
            continue
        if len(rows) < 2:
            continue
        _grid(block, state, _section_benchmark(sents, block[0].index), headline)


def _section_benchmark(sents: list[Sentence], first: int) -> str | None:
    """The benchmark a table's section is about: named by the nearest heading above the table
    ('### CodeFix Verified (Code)') or, failing that, by the last sentence before it."""
    for s in reversed(sents[max(0, first - 12):first]):
        if s.in_table:
            return None
        text = s.text.strip()
        if text.startswith("#"):
            named = s.of("BENCHMARK")
            if named:
                return named[0].text
            title = re.sub(r"\s*\([^)]*\)", "", text.lstrip("# ")).strip(" :")
            return title if 0 < len(title) <= 40 and not s.of("MODEL") else None
        named = s.of("BENCHMARK")
        if named:
            return named[-1].text
    return None


def _is_rule(row: Sentence) -> bool:
    return bool(re.fullmatch(r"[\s|:-]+", row.text))


def _grid(block: list[Sentence], state: State, section_bench: str | None = None, headline: bool = False) -> None:
    """A table with a header row: models in rows or in columns, benchmarks, prices or specs
    in the other direction; the column that labels the rows is the one its header names
    ('Model', 'Benchmark'), else the first with text.

    Where the table draws its header rule ('|---|'), the row above the rule is the header and
    no other row is; else the first row without figures is."""
    lex = state.lex
    rows = [s for s in block if not _is_rule(s)]
    ruled = {block[i - 1].index for i, s in enumerate(block) if i and _is_rule(s) and not _is_rule(block[i - 1])}
    # "| Tarifs de l'API, en dollars par million de jetons | | |": a caption row gives the unit of the cells
    caption = next((_cells(r.text)[0] for r in rows[:2] if _is_header(r) and not any(_cells(r.text)[1:])), "")
    header: list[str] = []
    header_row: Sentence | None = None
    col_models: dict[int, str] = {}
    label_col = 0
    rows_are_models = free_rows = False
    seen_models: list[str] = []
    has_scores = costs = False
    for row in rows:
        cells = _cells(row.text)
        labelled = sum(1 for c in cells if c) >= 2
        if ruled and row.index in ruled and not labelled:
            ruled.discard(row.index)  # a caption above the rule: the header is the next plain row
        if (row.index in ruled if ruled else (_is_header(row) and not header)) and labelled:
            header, header_row = cells, row
            col_models = {}
            model_head = next((i for i, c in enumerate(cells) if _head_is(c, lex["table_model_heads"])), None)
            bench_head = next((i for i, c in enumerate(cells) if _head_is(c, lex["table_bench_heads"])), None)
            for i, c in enumerate(cells):
                if i in (model_head, bench_head) or _head_is(c, lex["table_skip_heads"]) or not c:
                    continue
                name, size = _model_cell(row, i, c, state, free=False)
                if not name and _looks_like_model(c, lex) and not any(_col(row, b) == i for b in row.of("BENCHMARK")):
                    name, size = _model_cell(row, i, c, state, free=True)
                if name:
                    col_models[i] = name
                    if size:
                        add(state, "parameters", name, {"count": size}, row, "parameters.table_head", 0.7)
            # "| Model | Input cost | Output cost | Monthly total |": what a workload costs, no price per token
            costs = any(has(c, lex["table_cost_totals"]) for c in cells)
            rows_are_models = model_head is not None or (bench_head is None and len(col_models) < 2)
            free_rows = model_head is not None
            label_col = model_head if model_head is not None else bench_head if bench_head is not None else 0
            if not rows_are_models and label_col in col_models:
                col_models.pop(label_col)
            continue
        if not header:
            continue
        label = cells[label_col] if label_col < len(cells) else ""
        if not label and label_col == 0:
            label = next((c for c in cells[1:] if c and not _PURE_FIGURE.match(c)), "")
        if rows_are_models or not col_models:
            model, size = _model_cell(row, label_col, label, state, free=free_rows)
            if not model:
                continue
            seen_models.append(model)
            if size:
                add(state, "parameters", model, {"count": size}, row, "parameters.table_head", 0.7)
            for col, cell in enumerate(cells):
                if col == label_col or col >= len(header) or _head_is(header[col], lex["table_skip_heads"]) \
                        or _not_a_score(header[col], lex) and not _is_spec(header[col], caption, cell, lex) \
                        and not _head_is(re.sub(r"\s*\(.*", "", header[col]), lex["table_generic_score_heads"]):
                    continue
                value = _figure(cell, lex.lang)
                if value is None:
                    continue
                head = header[col]
                if costs and _MONEY.search(f"{cell} {head} {caption}"):
                    continue
                if _is_spec(head, caption, cell, lex):
                    _table_cell(row, model, head, cell, value, state, caption)
                elif head:
                    # a column headed 'Score' ('Score (with tools)') holds the section's benchmark
                    generic = _head_is(_bench_name(head) or head, lex["table_generic_score_heads"]) or \
                        _head_is(re.sub(r"\s*\(.*", "", head), lex["table_generic_score_heads"])
                    bench = section_bench if generic else _bench_name(head)
                    if bench:
                        add(state, "benchmark", model, {"benchmark": bench, "score": value},
                            row, "benchmark.table", 0.8)
                        has_scores = True
        else:
            bench = _bench_name(label)
            if not bench or _PURE_FIGURE.match(bench) or _not_a_score(bench, lex) and not \
                    _is_spec(bench, caption, " ".join(cells), lex):
                continue
            spec = _is_spec(bench, caption, " ".join(cells), lex)
            channel = _channel_label(row, label_col, label)
            for col, model in col_models.items():
                if col >= len(cells):
                    continue
                if channel and _head_is(cells[col], lex["table_yes"]):
                    add(state, "availability", model, {"channel": channel, "date": None}, row,
                        "availability.table", 0.7)
                    continue
                value = _figure(cells[col], lex.lang)
                if value is None:
                    continue
                if spec and not (costs and _MONEY.search(f"{cells[col]} {bench} {caption}")):
                    _table_cell(row, model, bench, cells[col], value, state, caption)
                else:
                    add(state, "benchmark", model, {"benchmark": bench, "score": value}, row, "benchmark.table", 0.8)
                    has_scores = True
    _table_rivals(rows, seen_models + list(col_models.values()), has_scores, state, headline)


def _channel_label(row: Sentence, col: int, label: str) -> str | None:
    """A row label that names where a model is offered ('Converse API', 'Amazon Bedrock')."""
    if re.search(r"\bAPI\b|API$", label) and len(label) <= 40:
        return label
    named = [m for m in row.of("CHANNEL") if _col(row, m) == col]
    if named:
        value = named[0].value
        return (value.get("name") if isinstance(value, dict) else None) or named[0].text
    return None


def _is_spec(head: str, caption: str, cell: str, lex: Lexicon) -> bool:
    """A price, size or window column (or row), not a score."""
    h = f"{head} {caption}".casefold()
    words = lex["input"] + lex["output"] + lex["context"] + lex["max_output"] + lex["parameters"] + lex["tokens"]
    return bool(_MONEY.search(cell + " " + head) or has(h, words + lex["table_price_heads"] + lex["table_size_heads"]))


def _table_rivals(rows: list[Sentence], models: list[str], has_scores: bool, state: State,
                  headline: bool = False) -> None:
    models_in_table = list(dict.fromkeys(models))
    anchors = [n for n in models_in_table if is_anchor(n, state)]
    if anchors and (has_scores or len(models_in_table) > 1):
        # one anchor per table (the focus if it is there, else the first), unless several
        # sizes are compared: then each rival goes with the anchor nearest in size
        anchor = state.focus if state.focus in anchors else anchors[0]
        sized = [a for a in anchors if size_of(a)]
        for other in models_in_table:
            if other in anchors:
                continue
            mine = anchor
            if len(sized) > 1 and size_of(other):
                mine = min(sized, key=lambda a: abs(math.log(size_of(a) / size_of(other))))
            competitor(state, mine, other, rows[0], "competitor.table", measured=has_scores and headline)


def _row_label(row: Sentence) -> str:
    """The text cells of a table row without figures of money: 'over 128K' in
    '| Gemini 1.5 Flash | over 128K | $0.15 | $0.60 |'."""
    return " ".join(c for c in _cells(row.text) if not _MONEY.search(c))


_MONEY = re.compile(r"[$€£]|usd|eur|dollars?|euros?|cents?", re.I)


def _table_cell(row: Sentence, model: str, head: str, cell: str, value: float, state: State,
                caption: str = "") -> None:
    lex = state.lex
    h = head.casefold()
    money = _MONEY.search(cell + " " + head)
    if not money and caption and _MONEY.search(caption):
        money = _MONEY.search(caption)
        head, h = f"{head} ({caption})", f"{h} ({caption.casefold()})"  # the caption's currency and unit
    if money and (has(h, lex["input"]) or has(h, lex["output"]) or has(h, lex["table_price_heads"])):
        direction = "input" if has(h, lex["input"]) else "output" if has(h, lex["output"]) else "flat"
        cur = "EUR" if re.search(r"€|eur", cell + head, re.I) else "GBP" if "£" in cell else "USD"
        amount = value / 100 if re.search(r"\bcents?\b|centimes?", cell + head, re.I) else value
        per = 1000 if re.search(r"1\s?k\b|1[ ,.]?000\b(?![ ,.]?000)|thousand|mille", h) else 1_000_000
        add(state, "price", model, {"direction": direction, "amount": amount, "currency": cur,
                                     "per_tokens": per, **table_qualifier(head, lex, _row_label(row)).data()},
            row, "price.table", 0.8)
        return
    scale = 1
    mm = re.search(r"\d\s?([kKmMbB])\b|\b(million|billion|milliards?)", cell)
    if mm:
        scale = {"k": 1000, "m": 1_000_000, "b": 1_000_000_000, "million": 1_000_000,
                 "billion": 1_000_000_000}.get((mm.group(1) or mm.group(2) or "").casefold(), 1_000_000_000)
    if has(h, lex["table_size_heads"]):
        sizes = re.findall(r"(\d+(?:[.,]\d+)?)\s?([BbMmTt])\b", cell)
        if len(sizes) > 1:  # "2B 9B 27B": the sizes a family comes in, one fact each
            unit = {"b": 1e9, "m": 1e6, "t": 1e12}
            for num, u in sizes:
                add(state, "parameters", model, {"count": int(float(num.replace(",", ".")) * unit[u.casefold()])},
                    row, "parameters.table", 0.75)
            return
        count = value * (scale if mm else 1_000_000_000)
        if count >= 1e6:
            add(state, "parameters", model, {"count": int(count)}, row, "parameters.table", 0.75)
    elif has(h, lex["max_output"]) and not has(h, lex["table_price_heads"]) and not _MONEY.search(h):
        add(state, "max_output", model, {"tokens": int(value * scale)}, row, "max_output.table", 0.75)
    elif has(h, lex["context"]):
        add(state, "context_window", model, {"tokens": int(value * scale)}, row, "context_window.table", 0.75)
