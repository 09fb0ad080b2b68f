"""Tables (rendered as ``| a | b |`` rows): benchmark grids in both orientations, price and
spec tables, and two-column spec boxes read as sentences."""

from __future__ import annotations

import math
import re

from .context import add, has, is_anchor, model_name, size_of, Sentence, State
from .facts import competitor, cutoff, parameters, prices, tokens
from ..mentions import Mention, parse_number
from ..rules import Lexicon

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
    if has(cell, lex["input"] + lex["output"] + lex["tokens"] + ["price", "prix", "context", "contexte", "score"]):
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


def tables(sents: list[Sentence], state: State) -> None:
    lex = state.lex
    for block in table_blocks(sents):
        rows = [s for s in block if not re.fullmatch(r"[\s|:-]+", s.text)]
        model_rows = [r for r in rows if any(_col(r, m) == 0 for m in r.of("MODEL"))]
        bench_rows = [r for r in rows if any(_col(r, m) == 0 for m in r.of("BENCHMARK"))]
        if rows and max(len(_cells(r.text)) for r in rows) == 2 and len(model_rows) < 2 and len(bench_rows) < 2:
            _spec_box(rows, state)  # a two-column table that lists models is a one-benchmark grid
            continue
        if len(rows) < 2:
            continue
        # "| Tarifs de l'API, en dollars par million de jetons | | |": a caption row gives the unit of the cells
        caption = next((_cells(r.text)[0] for r in rows[:2] if _is_header(r) and not any(_cells(r.text)[1:])), "")
        header: list[str] = []
        header_bench: dict[int, str] = {}
        header_models: dict[int, str] = {}
        seen_models: list[str] = []
        has_scores = False
        for row in rows:
            if _is_header(row):
                header = _cells(row.text)
                header_bench = {_col(row, m): m.text for m in row.of("BENCHMARK")}
                header_models = {_col(row, m): n for m in row.of("MODEL") if (n := model_name(m, state))}
                continue
            cells = _cells(row.text)
            row_model = next((n for m in row.of("MODEL") if _col(row, m) == 0
                              and (n := model_name(m, state))), None)
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
                    add(state, "benchmark", row_model, {"benchmark": header_bench[col], "score": value},
                         row, "benchmark.table", 0.8)
                    has_scores = True
                elif row_bench and (col in header_models or _looks_like_model(head, lex)):
                    # a benchmark row: the column header names the model, listed or not ("OpenAI-o1-1217")
                    header_models.setdefault(col, head)
                    add(state, "benchmark", header_models[col], {"benchmark": row_bench, "score": value},
                         row, "benchmark.table", 0.8)
                    has_scores = True
                elif row_model:
                    _table_cell(row, row_model, head, cell, value, state, caption)
        models_in_table = list(dict.fromkeys(seen_models + list(header_models.values())))
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
                competitor(state, mine, other, rows[0], "competitor.table")


_MONEY = re.compile(r"[$€£]|usd|eur|dollars?|euros?|cents?", re.I)


def _table_cell(row: Sentence, model: str, head: str, cell: str, value: float, state: State,
                caption: str = "") -> None:
    lex = state.lex
    h = head.casefold()
    money = _MONEY.search(cell + " " + head)
    if not money and caption and _MONEY.search(caption):
        money = _MONEY.search(caption)
        head, h = f"{head} ({caption})", f"{h} ({caption.casefold()})"  # the caption's currency and unit
    if money and (has(h, lex["input"]) or has(h, lex["output"]) or has(h, ["price", "prix", "tarif", "cost", "coût"])):
        direction = "input" if has(h, lex["input"]) else "output" if has(h, lex["output"]) else "flat"
        cur = "EUR" if re.search(r"€|eur", cell + head, re.I) else "GBP" if "£" in cell else "USD"
        amount = value / 100 if re.search(r"\bcents?\b|centimes?", cell + head, re.I) else value
        per = 1000 if re.search(r"1\s?k\b|1[ ,.]?000\b(?![ ,.]?000)|thousand|mille", h) else 1_000_000
        add(state, "price", model, {"direction": direction, "amount": amount, "currency": cur,
                                     "per_tokens": per}, row, "price.table", 0.8)
        return
    scale = 1
    mm = re.search(r"\d\s?([kKmMbB])\b|\b(million|billion|milliards?)", cell)
    if mm:
        scale = {"k": 1000, "m": 1_000_000, "b": 1_000_000_000, "million": 1_000_000,
                 "billion": 1_000_000_000}.get((mm.group(1) or mm.group(2) or "").casefold(), 1_000_000_000)
    if has(h, ["parameters", "paramètres", "params", "size", "taille"]):
        count = value * (scale if mm else 1_000_000_000)
        if count >= 1e6:
            add(state, "parameters", model, {"count": int(count)}, row, "parameters.table", 0.75)
    elif has(h, lex["max_output"]) and not has(h, ["price", "prix", "$", "€"]):
        add(state, "max_output", model, {"tokens": int(value * scale)}, row, "max_output.table", 0.75)
    elif has(h, lex["context"]):
        add(state, "context_window", model, {"tokens": int(value * scale)}, row, "context_window.table", 0.75)
