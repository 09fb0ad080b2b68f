"""Tables flattened to text with their cells run together, written out again as pipe rows.

A page's table often reaches the extractor with the cell borders gone: the header
``BenchmarkZeta-2Orbix 3`` and the rows ``AIME 202479.8%79.2%`` or
``Zeta-2$2.50/M$10.00/M128K``. Such a run of lines is rewritten as the ``| a | b |`` rows
that the one grid reader (``extract/tables.py``) reads, with a ``|---|`` rule under the
header; every other line is left as it is.

- **Rows:** figures that carry their own end (a ``%``, a currency sign in front, a ``/M``
  unit, a ``K`` or ``M`` suffix) are split off the end of the line; what is left is the
  row's label. A percentage is at most 100, so ``202479.8%`` is ``2024`` and ``79.8%``.
  A row whose figures have no such marks (``20291891808``) cannot be split and is left.
- **The header** is the line above the first row. It is cut where a word starts with a
  capital right after a lower-case letter or digit (``Benchmark|Zeta-2``), never inside a
  name the gazetteer spells that way (``DeepSeek``, ``OpenAI``, ``HumanEval``); the cut
  must give one cell per figure of the rows, plus the label column or not.

Rows of a pipe table written without their opening bar (``Test | A | B |`` over
``---|---|``) get one.

Inserted characters map to the input offset of the character after them, so evidence
still points into the article as written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["unglue", "joined_words"]

# one cell with a mark of its own end, matched at the end of what is left of the line
_CELL = re.compile(
    r"(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?/\s?(?:1\s?)?[MK]\b|\s?/\s?(?:1\s?)?[MK](?=[$€£¥\d]))?"
    r"|~?(?:100|[1-9]?\d)(?:[.,]\d+)?\s?%"
    r"|\d+(?:[.,]\d+)?[KM])$")
_CUT = re.compile(r"(?<=[a-z0-9)%])(?=[A-Z])")


def joined_words(names: Iterable[str]) -> frozenset[str]:
    """The words of ``names`` written with a capital inside ('DeepSeek', 'OpenAI'): a header
    is never cut inside one of them."""
    out = set()
    for name in names:
        for word in re.findall(r"[\w]+", name):
            if _CUT.search(word):
                out.add(word)
    return frozenset(out)


def _cells(line: str) -> tuple[str, list[str]] | None:
    """(label, figures) of a glued row, or None."""
    rest = line.rstrip()
    cells: list[str] = []
    while True:
        m = _CELL.search(rest)
        if not m or m.start() == 0 and not cells:
            break
        cells.insert(0, m.group(0))
        rest = rest[:m.start()]
        if not rest.strip():
            break
    glued = len(cells) >= 2 and "".join(cells) in line.replace(" ", "") and re.search(r"\S" + re.escape(cells[0]), line)
    if not glued or not rest.strip() or not any(c.isalpha() for c in rest):
        return None
    return rest.rstrip(), cells


def _header_cells(line: str, n: int, protected: frozenset[str]) -> list[str] | None:
    """The header line cut into ``n`` + 1 cells (label column first), or ``n`` (then the
    label column's head is empty)."""
    keep = [(m.start(), m.end()) for w in protected for m in re.finditer(re.escape(w), line)]
    cuts = [m.start() for m in _CUT.finditer(line) if not any(a < m.start() < b for a, b in keep)]
    bounds = [0, *cuts, len(line)]
    cells = [line[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    if len(cells) == n + 1:
        return cells
    if len(cells) == n:
        return ["", *cells]
    return None


def _rewrite(text: str, at: list[int], new_lines: dict[int, tuple[str, bool]]) -> tuple[str, list[int]]:
    """``text`` with some of its lines changed, and the offset map to go with it. A line number
    maps to (text, kept): ``kept`` text is written in front of the line as it was (its
    characters keep their offsets), else it stands for the whole line. Inserted characters
    take the offset of the line's start."""
    out: list[str] = []
    out_at: list[int] = []
    pos = 0
    lines = text.split("\n")
    for k, line in enumerate(lines):
        new, kept = new_lines.get(k, ("", True))
        out.append(new)
        out_at.extend([at[pos]] * len(new))
        if kept:
            out.append(line)
            out_at.extend(at[pos:pos + len(line)])
        pos += len(line)
        if k < len(lines) - 1:
            out.append("\n")
            out_at.append(at[pos])
            pos += 1
    out_at.append(at[len(text)])
    return "".join(out), out_at


_RULE = re.compile(r"^\s*:?-{3,}:?\s*\|")


def _open_rows(text: str, at: list[int]) -> tuple[str, list[int]]:
    """Pipe rows written without their opening bar ('Test | A | B |' over '---|---|---|'),
    given one, so that every row of a table starts with '|'."""
    lines = text.split("\n")
    piped = [ln.count("|") >= 2 and not ln.lstrip().startswith("|") for ln in lines]
    opened: set[int] = set()
    for i, ln in enumerate(lines):
        if piped[i] and _RULE.match(ln):
            k = i
            while k > 0 and piped[k - 1]:
                k -= 1
            j = i
            while j + 1 < len(lines) and piped[j + 1]:
                j += 1
            opened.update(range(k, j + 1))
    if not opened:
        return text, at
    return _rewrite(text, at, {i: ("| ", True) for i in opened})


def unglue(text: str, at: list[int], protected: frozenset[str] = frozenset()) -> tuple[str, list[int]]:
    """``text`` with its glued tables written as pipe rows; ``at`` maps each character of
    the result (and its end) to the input, as ``markup.strip`` gives it."""
    if "---|" in text:
        text, at = _open_rows(text, at)
    if not re.search(r"\d(?:%|/M|K)[$€£¥~\d]", text):
        return text, at
    lines = text.split("\n")
    rows = {i: r for i, line in enumerate(lines) if len(line) <= 300 and (r := _cells(line))}
    plan: dict[int, list[str] | tuple[str, list[str]]] = {}  # line -> header cells, or a row
    i = 0
    while i < len(lines):
        if i not in rows:
            i += 1
            continue
        run, j = [i], i + 1
        # a blank line, or a row whose figures cannot be split ('Codeforces20291891'), between rows
        while j < len(lines) and (j in rows or (j + 1 in rows and len(lines[j]) <= 80)):
            run.append(j)
            j += 1
        n, seen = Counter(len(rows[k][1]) for k in run if k in rows).most_common(1)[0]
        head = i - 1
        while head >= 0 and not lines[head].strip():
            head -= 1
        header = _header_cells(lines[head], n, protected) if head >= 0 and head not in plan else None
        if seen >= 2 and header:
            plan[head] = header
            for k in run:
                if k in rows and len(rows[k][1]) == n:
                    plan[k] = rows[k]
                elif lines[k].strip():
                    plan[k] = (lines[k].strip(), [""] * n)  # kept inside the table, its figures unread
        i = j
    if not plan:
        return text, at
    written: dict[int, tuple[str, bool]] = {}
    for k, cells in plan.items():
        label, figures = cells if isinstance(cells, tuple) else (cells[0], cells[1:])
        row = "| " + " | ".join([label, *figures]) + " |"
        if not isinstance(cells, tuple):
            row += "\n|" + "---|" * (len(figures) + 1)  # the header, with its rule
        written[k] = (row, False)
    return _rewrite(text, at, written)
