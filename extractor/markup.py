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

__all__ = ["blank"]

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
_EM = re.compile(r"(?<=\S)\*(?=[\s.,;:!?)|]|$)|(?<![\w*])\*(?=[^\s*])|(?<![\w])_(?=[^\s_])|(?<=[^\s_])_(?![\w])", re.M)
_FOOTNOTE = re.compile(r"(?<=\w)[\^†‡]+|\[\^\w+\]")
_BACKTICK = re.compile(r"`+")


def _spaces(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def _keep_lines(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def _link(m: re.Match[str]) -> str:
    text = m.group("text")
    lead = len(m.group(0)) - len(m.group(0).lstrip("!["))
    return " " * lead + text + " " * (len(m.group(0)) - lead - len(text))


def blank(text: str) -> str:
    """``text`` with markup replaced by spaces (same length, same line breaks)."""
    if not any(c in text for c in "*_[\\<`^~:/"):
        return text
    out = _FENCE.sub(_keep_lines, text)
    out = _COMMENT.sub(_keep_lines, out)
    out = _TAG.sub(_spaces, out)
    out = _LINK.sub(_link, out)
    out = _URL.sub(_spaces, out)
    # the escaped mark keeps its word: 'Llama 4\\.' -> 'Llama 4. ', '\\$1' -> ' $1'
    out = _ESCAPE.sub(lambda m: " " + m.group(1) if m.group(2) else m.group(1) + " ", out)
    out = _STRONG.sub(_spaces, out)
    out = _EM.sub(" ", out)
    out = _FOOTNOTE.sub(_spaces, out)
    out = _BACKTICK.sub(_spaces, out)
    assert len(out) == len(text)
    return out
