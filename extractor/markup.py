"""Markup that carries no fact, blanked one character for one so that offsets stay exact.

Real pages reach the extractor as text with the marks of their source still in it:
markdown emphasis (``**Gemini X**``), link targets (``[name](https://...)``), backslash
escapes (``\\~400B``), HTML comments and tags, fenced code, footnote marks. The rules
read words, so each such mark becomes spaces of the same length; the words stay where
they were, and every offset into the blanked text is an offset into the original.

>>> blank("**Zeta-2** costs \\\\$1 ([docs](https://x.example/zeta-2-128k))")
'  Zeta-2   costs  $1 ( docs                                )'
"""

from __future__ import annotations

import re

__all__ = ["blank", "strip"]

_FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.M | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]{0,200})?/?>")
# a link: keep its text, blank the brackets and the target
_LINK = re.compile(r"!?\[(?P<text>[^\[\]\n]{0,300})\]\((?P<target>[^()\s]{0,2000}(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"\n]*\")?\)")
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]|]+|\bwww\.[^\s<>()\[\]|]+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~|<>^$])(?=(\w)?)")
# emphasis runs: '**', '__', and a lone '*' or '_' hugging a word ('*46.8*'); a bullet's
# '* ' at the start of a line stays (it opens a list item)
_STRONG = re.compile(r"\*\*+|(?<!\w)__+|__+(?!\w)")
_EM = re.compile(r"(?<=[^\s\x01])\*(?=[\s.,;:!?)|]|$)|(?<![\w*\x01])\*(?=[^\s*])|(?<![\w\x01])_(?=[^\s_])|(?<=[^\s_\x01])_(?![\w])", re.M)
_FOOTNOTE = re.compile(r"(?<=\w)[\^†‡]+|\[\^\w+\]")
_BACKTICK = re.compile(r"`+")


def _spaces(m: re.Match[str]) -> str:
    return "\0" * len(m.group(0))


def _keep_lines(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", "\0", m.group(0))


def _link(m: re.Match[str]) -> str:
    text = m.group("text")
    lead = len(m.group(0)) - len(m.group(0).lstrip("!["))
    return "\0" * lead + text + "\0" * (len(m.group(0)) - lead - len(text))


def _marked(text: str) -> str:
    """``text`` with every markup character replaced by NUL (same length)."""
    out = text.replace("\0", " ")
    out = _FENCE.sub(_keep_lines, out)
    out = _COMMENT.sub(_keep_lines, out)
    out = _TAG.sub(_spaces, out)
    out = _LINK.sub(_link, out)
    out = _URL.sub(_spaces, out)
    out = _ESCAPE.sub(lambda m: "\1" + m.group(1), out)  # the escaped mark stays, its backslash goes
    out = _STRONG.sub(_spaces, out)
    out = _EM.sub("\0", out)
    out = _FOOTNOTE.sub(_spaces, out)
    out = _BACKTICK.sub(_spaces, out)
    # a page flattened one cell a line ('Input' then '$20.00'): the label and its figure
    # become one line 'Input: $20.00' (the break becomes ': ', the same length)
    out = _LABEL_LINE.sub(lambda m: m.group("label") + (": " if len(m.group("gap")) == 2 else ":"), out)
    return out


_LABEL_LINE = re.compile(
    r"^(?P<label>[^\W\d][^\W\d]*(?:[ \t-][^\W\d]+){0,2})(?P<gap>\n\n?)"
    r"(?=[$€£]?[ \t]?\d[\d.,\u202f]*[ \t]?(?:[kKMB]|%|\$|€|USD|EUR|tokens|jetons)?[ \t]*$)", re.M)


def blank(text: str) -> str:
    """``text`` with markup replaced by spaces (same length, same line breaks)."""
    if not any(c in text for c in _MARKS):
        return text
    return re.sub("[\0\1]", " ", _marked(text))


_MARKS = "*_[\\<`^~:/†‡\n"
# typographic hyphens inside names ('o3\u2011mini') read as '-', one character for one
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


def strip(text: str) -> tuple[str, list[int]]:
    """``text`` without its markup, and for each character of the result (and its end) the
    offset of that character in ``text``.

    A run of markup between two word characters leaves one space ('word<br>word'); an
    escape's backslash leaves nothing.

    >>> clean, at = strip("**Zeta-2** costs \\\\$1 ([docs](https://x.example/z))")
    >>> clean
    'Zeta-2 costs $1 (docs)'
    >>> clean[13:15], at[13], at[15]
    ('$1', 18, 20)
    """
    text = text.translate(_HYPHENS)
    if not any(c in text for c in _MARKS):
        return text, list(range(len(text) + 1))
    marked = _marked(text)
    out: list[str] = []
    at: list[int] = []
    i, n = 0, len(marked)
    while i < n:
        c = marked[i]
        if c not in "\0\1":
            out.append(c)
            at.append(i)
            i += 1
            continue
        j = i
        escape_only = True
        while j < n and marked[j] in "\0\1":
            escape_only = escape_only and marked[j] == "\1"
            j += 1
        before = out[-1] if out else ""
        after = marked[j] if j < n else ""
        if not escape_only and before and after and (before.isalnum() and after.isalnum()):
            out.append(" ")
            at.append(i)
        i = j
    at.append(n)
    return "".join(out), at
