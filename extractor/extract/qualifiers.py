"""Qualifiers: what kind of price a figure is, and how firm an availability is.

The fact contract says *that* a model costs $0.075 per million input tokens; an analyst also
needs to know whether that is the list price or the cached-input price, the price for long
prompts, or the old price of a cut. These are read from cue words around the figure, held per
language in ``rules/<lang>/lexicon.json``:

- ``price_kinds``: kind -> cues (``cached_input``, ``cache_write``, ``batch``, ``discounted``,
  ``fine_tuned``); a figure with none is a ``list`` price;
- ``price_tier_upper``: cues of the upper tier of a tiered price ("for longer prompts"); the
  tier is named by the token count the sentence gives (``> 128K``);
- ``old_price_before`` / ``old_price_after`` / ``new_price_before`` and ``price_change_verbs``:
  the old and the new price of a change ("down from $3", "$1 previously", "now $2", "cut from
  $3 to $2");
- ``preview_words``, ``future`` / ``not_yet`` / ``announced_words``, ``withdrawn_words``: the
  status of an availability (preview, announced, withdrawn; else available).

A cue *before* a figure (since the previous figure) qualifies it and the figures that follow
it, until another cue; a cue right *after* a figure (up to the next one) qualifies that figure
only. Everything here is pure: a sentence and figure positions in, a dict of qualifiers out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules import Lexicon
from ..mentions import alternation
from .context import find_cue, has

__all__ = ["Qualifier", "availability_status", "base_tier", "price_qualifiers", "table_qualifier"]


@dataclass(frozen=True, slots=True)
class Qualifier:
    """What qualifies one price figure."""

    kind: str = "list"
    tier: str | None = None  # the upper tier of a tiered price: "> 128K"
    change: str | None = None  # "old" or "new" price of a change

    def data(self) -> dict[str, str]:
        """The extra fields a price fact carries (defaults left out)."""
        out = {}
        if self.kind != "list":
            out["kind"] = self.kind
        if self.tier:
            out["tier"] = self.tier
        if self.change:
            out["change"] = self.change
        return out


def _kind_in(text: str, lex: Lexicon) -> str | None:
    """The price kind a piece of text names (the first in the text), if any."""
    best: tuple[int, str] | None = None
    low = text.casefold()
    for kind, cues in lex.get("price_kinds", {}).items():
        for cue in cues:
            hit = find_cue(low, cue.casefold())
            if hit and (best is None or hit[0] < best[0]):
                best = (hit[0], kind)
    return best[1] if best else None


def _threshold(text: str) -> str | None:
    """The token count a tier is named by: '128K' in 'for prompts over 128K tokens' (not the
    unit of a price: '1M' in 'per 1M tokens')."""
    for m in re.finditer(r"(\d+(?:[ \u202f.,]\d{3})*)\s?(?:([kKmM])\b)?", text):
        if re.search(r"(?:\bper|\bpar|\ble|/|[$€£.,])\s?$", text[:m.start()]):
            continue
        digits, unit = re.sub(r"[ \u202f.,]", "", m.group(1)), (m.group(2) or "").upper()
        number = int(digits) * {"K": 1000, "M": 1_000_000}.get(unit, 1)
        if number >= 8000:
            return f"{number // 1000}K" if number < 1_000_000 else f"{number // 1_000_000}M"
    return None


# where the words that follow a figure stop being about it: "$0.07 when cached) and $1.10 ..."
_CLAUSE_END = re.compile(r"[;:)]|,\s|\s(?:and|et|or|ou|while|but|mais|tandis que|alors que)\s|\.\s")


def base_tier(text: str, lex: Lexicon) -> str | None:
    """The token count a sentence gives as the limit of a base tier ('for prompts of up to
    128,000 tokens'): the threshold of an upper tier named later without one."""
    low = text.casefold()
    for cue in lex.get("price_tier_base", []):
        hit = find_cue(low, cue.casefold())
        if hit:
            return _threshold(text[hit[1]:hit[1] + 30])
    return None


def price_qualifiers(text: str, spans: list[tuple[int, int]], lex: Lexicon,
                     last_tier: str | None = None) -> list[Qualifier]:
    """The qualifier of each price figure of a sentence.

    ``spans`` are the (start, end) offsets of the figures in ``text``, in order; ``last_tier``
    the tier threshold named earlier in the article, for "puis 21 $ pour les requêtes longues".
    The words after a figure, up to the end of its clause, are its own; the words before it
    (the whole lead for the first figure, the rest of the gap for the others) qualify it and
    carry to the figures that follow.
    """
    out: list[Qualifier] = []
    carried_kind: str | None = None
    carried_change: str | None = None
    carried_tier: str | None = None
    verbs = has(text, lex.get("price_change_verbs", []))
    owns: list[str] = []
    for i, (_, b) in enumerate(spans):
        after = text[b:spans[i + 1][0] if i + 1 < len(spans) else len(text)]
        cut = _CLAUSE_END.search(after)
        owns.append(after[:cut.start()] if cut else after)
    for i, (a, b) in enumerate(spans):
        lead = text[:a] if i == 0 else text[spans[i - 1][1] + len(owns[i - 1]):a]
        own = owns[i]
        lead_kind = _kind_in(lead, lex)
        if lead_kind:
            carried_kind = lead_kind
        kind = _kind_in(own, lex) or carried_kind or "list"
        tier = None
        upper = lex.get("price_tier_upper", [])
        if has(own, upper) or has(lead, upper):
            threshold = _threshold(own) or _threshold(text[:a]) or last_tier
            tier = f"> {threshold}" if threshold else "long prompts"
            if has(lead, upper):
                carried_tier = tier  # "Longer prompts ... are billed at $0.15 and $0.60"
        elif carried_tier and re.fullmatch(r"\s*(?:\S+\s){0,8}?(?:and|et|/|,)\s*|\s*/\s*",
                                           text[spans[i - 1][1]:a]):
            tier = carried_tier
        change = None
        gap_before = text[spans[i - 1][1] if i else 0:a]
        tail = gap_before[-30:].casefold()
        if has(gap_before[-25:], lex.get("old_price_before", [])):
            change = carried_change = "old"  # "down from $5 and $15": both old
        elif has(own[:30], lex.get("old_price_after", [])):
            change = "old"
        elif has(lead, lex.get("new_price_before", [])):
            change = carried_change = "new"
        elif verbs and i + 1 < len(spans) and re.fullmatch(r"\s*(?:\S+\s){0,6}?(?:to|à|a)\s*", text[b:spans[i + 1][0]]) \
                and re.search(r"\b(?:from|de|d['’])\s*$", tail):
            change, carried_change = "old", "new"  # "cut from $3 to $2": the first the old one
        elif verbs and re.search(r"\b(?:from|de)\s[\d.,]+\s(?:\$|€|dollars?|euros?)?\s?(?:to|à)\s*$", tail):
            change = "new"  # "passer de 3 à 2 dollars": the figure is the new price
        elif carried_change and i and re.fullmatch(r"\s*(?:\S+\s){0,8}?(?:and|et|/|,)\s*|\s*/\s*", gap_before):
            change = carried_change  # "now $2 input and $6 output"
        out.append(Qualifier(kind, tier, change))
    return out


def table_qualifier(head: str, lex: Lexicon, row_label: str = "") -> Qualifier:
    """The qualifier of a price cell: 'Cached input' is a cached-input price, 'Input
    (before)' the old price of a change, a column 'Output (>128K)' or a row 'over 128K' the
    upper tier."""
    change = "old" if has(head, lex.get("table_old_heads", [])) else \
        "new" if has(head, lex.get("table_new_heads", [])) else None
    tier = None
    over = alternation(lex.get("tier_over", []))
    label = next((t for t in (head, row_label) if has(t, lex.get("price_tier_upper", []))
                  or re.search(rf"[>≥]\s?\d|\b(?:{over})\s\d", t, re.I)), None)
    if label is not None:
        threshold = _threshold(label)
        tier = f"> {threshold}" if threshold else "long prompts"
    return Qualifier(_kind_in(head, lex) or "list", tier, change)


_STATUS_CLAUSE = re.compile(r"[;:]|,\s(?:and|et|but|mais|while|tandis que|alors que)\s|\s(?:but|mais|while|tandis que|alors que)\s"
                            r"|\s(?:and|et)\s(?=(?:\w+\s){0,2}(?:will|should|is expected|doit|devrait|sera|arrivera))")


def _cue_hits(clause: str, words: list[str]) -> list[int]:
    """Where the cue ``words`` stand in ``clause`` (start offsets)."""
    low = clause.casefold()
    out = []
    for w in words:
        hit = find_cue(low, w.casefold())
        while hit:
            out.append(hit[0])
            hit = find_cue(low, w.casefold(), hit[1])
    return out


def _groups(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Channels listed together ('Bedrock and Vertex AI', 'AWS, Azure et GCP') as one span."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        gap = text[out[-1][1]:a] if out else ""
        if out and (re.fullmatch(r"(?:\s[A-Z][\w.-]*)?\s*(?:,|/|&)?\s*(?:(?:and|et|or|ou)\s)?\s*(?:(?:the|le|la|les|l['’])\s?)?", gap)
                    or re.fullmatch(r"\s(?:\w+\s){0,2}(?:on|in|via|through|at|sur|dans|chez)\s(?:(?:the|le|la|l['’])\s?)?", gap)):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def availability_status(text: str, at: int | None, lex: Lexicon,
                        channels: list[tuple[int, int]] = ()) -> str:
    """How firm an availability is: 'withdrawn', 'announced' (coming), 'preview', else
    'available'. Read in the clause around the channel at ``at`` (the sentence when None);
    where the clause names other channels (``channels``: their spans), a cue belongs to the
    channel, or list of channels, nearest to it: 'available on A from launch and in preview
    on B' is a preview on B only. The caller blanks model names first, so that 'o1-preview'
    is no preview."""
    clause, offset = text, 0
    if at is not None:
        cuts = [0, *(m.end() for m in _STATUS_CLAUSE.finditer(text)), len(text)]
        offset = max(c for c in cuts if c <= at)
        end = min((m.start() for m in _STATUS_CLAUSE.finditer(text) if m.start() > at), default=len(text))
        clause = text[offset:end]
    groups = _groups(text, [c for c in channels if offset <= c[0] < offset + len(clause)])
    mine = next((g for g in groups if at is not None and g[0] <= at < g[1]), None)

    def says(words: list[str]) -> bool:
        for hit in _cue_hits(clause, words):
            pos = offset + hit
            if mine is None or len(groups) < 2:
                return True
            nearest = min(groups, key=lambda g: 0 if g[0] <= pos < g[1] else min(abs(pos - g[0]), abs(pos - g[1])))
            if nearest == mine:
                return True
        return False

    if says(lex.get("withdrawn_words", [])):
        return "withdrawn"
    now = says(lex.get("available_now", []))
    if not now and says(lex.get("announced_words", []) + lex.get("not_yet", []) + lex.get("future", [])):
        return "announced"
    if says(lex.get("preview_words", [])) and not says(lex.get("ga_words", [])):
        return "preview"
    return "available"
