"""Fuzzing the page parser (``extractor/articles.py``) with hostile and broken pages.

Whatever bytes a server sends (broken markup, odd or lying charsets, deep nesting, huge
attributes, hundreds of tables and lists, broken JSON-LD, NULs), ``parse_page`` returns a
well-typed ``Article`` or raises ``ArticleError`` with a reason, within a time bound, and
gives the same answer twice.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from datetime import timedelta

from bs4 import BeautifulSoup
from bs4.element import Tag
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor.articles import ArticleError, decode, parse_date, parse_page, recover_tables, sane_date
from extractor.records import Article, Page

PAGES = settings(max_examples=60, deadline=timedelta(seconds=5))
FAST = settings(max_examples=150, deadline=timedelta(seconds=2))

FLAGS = {"javascript-only", "paywall", "not-html", "empty", None}
SOURCES = {None, "meta", "json-ld", "byline", "url", "heuristic"}

MODELS = ["GPT-4o mini", "Claude 3.5 Sonnet", "Llama 3.1 405B", "Qwen2.5-72B", "o1-preview", "Mistral Large 2",
          "Gemini 1.5 Pro", "DeepSeek-V3", "Phi-3.5-mini"]
WORDS = st.sampled_from(
    MODELS + ["scores", "88.7%", "on MMLU", "$0.15", "per million input tokens", "128k", "context window", "|",
              "released", "today", "le modèle", "est disponible", "«", "»", "&amp;", "&nbsp;", "&#0;", "&#xD800;",
              "&bogus;", "\u202e", "\u200b", "\x00", "é", "ﬁ", "𝐆𝐏𝐓", "A" * 200, "<", ">", "]]>", "-->"])
SENTENCES = st.lists(WORDS, min_size=1, max_size=25).map(" ".join)
ATTRS = st.sampled_from(['', ' class="captioned-table"', ' class="sidebar related"', ' id="comments"',
                         ' class="' + "x" * 100_000 + '"', ' data-x="' + "&quot;" * 2000 + '"', ' style=">',
                         " onload=alert(1)", ' class="newsletter"', " lang=\"fr\""])


@st.composite
def tables(draw: st.DrawFn) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        cell = draw(st.sampled_from(["td", "th", "td", "TD"]))
        cells = "".join(f"<{cell}>{draw(WORDS)}" + (f"</{cell}>" if draw(st.booleans()) else "")
                        for _ in range(draw(st.integers(0, 5))))
        rows.append(f"<tr>{cells}" + ("</tr>" if draw(st.booleans()) else ""))
    inner = "".join(rows)
    if draw(st.integers(0, 5)) == 0:
        inner += draw(tables())  # a table inside a table
    return f"<div{draw(ATTRS)}><table{draw(ATTRS)}>{inner}</table></div>"


@st.composite
def lists(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(["ul", "ol"]))
    items = "".join(f"<li>{draw(SENTENCES)}" + ("</li>" if draw(st.booleans()) else "")
                    for _ in range(draw(st.integers(0, 6))))
    return f"<{tag}{draw(ATTRS)}>{items}</{tag}>"


JSON_LD = st.sampled_from([
    "", '{"@type": "NewsArticle", "datePublished": "2024-07-18", "articleBody": "' + "GPT-4o mini. " * 80 + '"}',
    '{"@type": "NewsArticle", "datePublished": "2024-02-30T99:00", "isAccessibleForFree": "False"}',
    '{"@type": "Article", "articleBody": "<p>x</p>' + "<b>" * 500 + '"}', "{broken json",
    "[" * 5000 + "]" * 5000, '{"a": ' * 3000 + "1" + "}" * 3000, '{"@graph": [null, 1, "x", {"datePublished": 5}]}',
    '{"articleBody": 12, "@type": ["Article"]}', "\x00", '{"datePublished": "9999-99-99"}',
])
METAS = st.sampled_from([
    "", '<meta charset="utf-8">', '<meta charset="iso-8859-1">', '<meta charset="x-no-such-charset">',
    '<meta charset="utf-16">', '<meta charset="utf-7">', '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">',
    '<meta property="article:published_time" content="2024-07-18T10:00:00+14:00">',
    '<meta name="date" content="31/02/2024">', '<meta property="og:title" content="">',
    '<meta property="og:title" content="' + "T" * 50_000 + '">', '<link rel="canonical" href="javascript:alert(1)">',
    '<link rel="canonical" href="https://[::1">', '<time datetime="2024-13-01">', '<time datetime="-1">',
    "<title>&#xD800;</title>", "<title></title>",
])


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    head = "".join(draw(st.lists(METAS, max_size=4)))
    ld = draw(JSON_LD)
    if ld:
        head += f'<script type="application/ld+json">{ld}</script>'
    blocks = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["p", "p", "h2", "table", "list", "deep", "script", "broken", "many"]))
        if kind in ("p", "h2"):
            blocks.append(f"<{kind}{draw(ATTRS)}>{draw(SENTENCES)}</{kind}>")
        elif kind == "table":
            blocks.append(draw(tables()))
        elif kind == "list":
            blocks.append(draw(lists()))
        elif kind == "deep":
            depth = draw(st.integers(1, 3000))
            tag = draw(st.sampled_from(["div", "span", "b", "table", "ul", "li", "p"]))
            blocks.append(f"<{tag}>" * depth + draw(SENTENCES) + f"</{tag}>" * draw(st.integers(0, depth)))
        elif kind == "script":
            blocks.append("<script>document.write('<p>" + draw(SENTENCES) + "</p>')</script><noscript>Enable JavaScript</noscript>")
        elif kind == "many":
            # hundreds of dropped blocks, each after a paragraph too short to anchor it
            blocks.append("".join(f"<p>Item {i}</p><div class='captioned-table'><table><tr><th>M</th><th>S</th></tr>"
                                  f"<tr><td>X-{i}</td><td>{i}</td></tr></table></div>"
                                  for i in range(draw(st.integers(50, 300)))))
        else:
            blocks.append(draw(st.sampled_from(["<p", "</div></div></body>", "<![CDATA[", "<!--", "<?php ?>",
                                                "<svg><foreignObject><p>x", "<math><mi>", "<table><p>t</table>",
                                                "<p>" * 100, "<a href='" + "/" * 10000 + "'>x</a>"])))
    lang = draw(st.sampled_from(["", ' lang="en"', ' lang="fr-FR"', ' lang="&#0;"', ' lang="xx-yy-zz"', " lang"]))
    doctype = draw(st.sampled_from(["<!DOCTYPE html>", "", '<?xml version="1.0" encoding="utf-16"?>']))
    return f"{doctype}<html{lang}><head>{head}</head><body><article>{''.join(blocks)}</article></body></html>"


@st.composite
def pages(draw: st.DrawFn) -> Page:
    html = draw(st.one_of(html_pages(), st.text(max_size=300)))
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "utf-16", "latin-1", "koi8-r", "shift_jis"]))
    content = html.encode(encoding, errors="replace") if encoding != "utf-8" \
        else html.encode("utf-8", "surrogatepass")
    damage = draw(st.sampled_from(["none", "none", "none", "truncate", "binary", "bom"]))
    if damage == "truncate" and content:
        content = content[:draw(st.integers(1, len(content)))]
    elif damage == "binary":
        content = draw(st.binary(max_size=100)) + content
    elif damage == "bom":
        content = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + content
    declared = draw(st.sampled_from([None, encoding, "utf-8", "x-bogus", "utf-16", "", "UTF_8"]))
    ctype = draw(st.sampled_from(["text/html", "text/html; charset=utf-8", None, "application/xhtml+xml",
                                  "text/plain", "application/octet-stream", "image/png", "text/markdown"]))
    url = draw(st.sampled_from(["https://news.example/2024/07/18/a.html", "https://news.example/a.txt",
                                "file:///tmp/a.html", "https://[::1/x", "", "https://news.example/2024/02/30/x"]))
    return Page(source="fuzz", url=url, content=content, content_type=ctype, encoding=declared)


def _unclosed_html(depth: int, blocks: int) -> str:
    """Thousands of unclosed tags before hundreds of tables: every table sits that deep."""
    return ("<article><p>The scores of this week follow in these tables below.</p>" + "<div>" * depth
            + "".join(f"<p>Item {i}</p><div class='captioned-table'><table><tr><th>M</th><th>S</th></tr>"
                      f"<tr><td>X-{i}</td><td>{i}</td></tr></table></div>" for i in range(blocks)))


def _unclosed_page(depth: int, blocks: int) -> tuple[BeautifulSoup, str]:
    return BeautifulSoup(_unclosed_html(depth, blocks), "lxml"), \
        "The scores of this week follow in these tables below."


def _latest() -> dt.date:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()


def _parse(page: Page) -> Article | ArticleError:
    try:
        return parse_page(page)
    except ArticleError as exc:
        return exc


@PAGES
@given(page=pages())
@example(page=Page(source="fuzz", url="https://news.example/a.html", content=b"<html><body>" + b"<div>" * 5000
                   + b"<p>GPT-4o mini is out today and it is cheap.</p></body></html>", content_type="text/html"))
@example(page=Page(source="fuzz", url="https://[::1/2024/07/18/x", content=b"<html><body><article><p>"
                   + b"GPT-4o mini is out today. " * 20 + b"</p></article></body></html>"))
@example(page=Page(source="fuzz", url="file:///tmp/a.html", content=_unclosed_html(3000, 100).encode(),
                   content_type="text/html"))
def test_fuzz_articles_parse_page_returns_an_article_or_says_why(page):
    got = _parse(page)
    if isinstance(got, ArticleError):
        assert str(got).startswith("fuzz: "), "the reason names the page"
        assert got.flag in FLAGS
    else:
        assert isinstance(got, Article)
        assert isinstance(got.text, str) and got.text.strip()
        assert isinstance(got.url, str)
        assert got.title is None or isinstance(got.title, str)
        assert got.published_from in SOURCES
        assert (got.published is None) == (got.published_from is None)
        if got.published is not None:
            assert dt.date(1990, 1, 1) <= dt.date.fromisoformat(got.published) <= _latest()
        assert got.language is None or (len(got.language) == 2 and got.language.isalpha())
    again = _parse(page)
    if isinstance(got, ArticleError):
        assert isinstance(again, ArticleError) and (str(again), again.flag) == (str(got), got.flag)
    else:
        assert again == got


@FAST
@given(content=st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
       declared=st.sampled_from([None, "utf-8", "utf-16", "x-bogus", "latin-1", "", "cp1252", "utf-32"]))
def test_fuzz_articles_decode_never_raises(content, declared):
    text = decode(content, declared)
    assert isinstance(text, str)
    assert decode(content, declared) == text
    try:
        plain = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    if not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        assert text == plain, "valid UTF-8 is read as UTF-8 whatever the declaration"


DATE_TEXT = st.one_of(
    st.sampled_from(["2024-02-30", "2024-07-18T24:00:00Z", "2024-07-18T10:00:00+99:99", "99999-01-01",
                     "Thu, 18 Jul 2024 10:00:00 +9999", "Mon, 31 Feb 2024", "00000000", "20241301",
                     "0001-01-01T00:00:00-23:59", "9999-12-31T23:59:59-14:00", "\x00", " " * 1000]),
    st.datetimes(timezones=st.none() | st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S +0000")),
    st.text(st.sampled_from("0123456789-:TZ+ ,WedJul"), max_size=30),
)


@FAST
@given(value=DATE_TEXT)
def test_fuzz_articles_dates_are_sane_or_none(value):
    day = parse_date(value)
    assert day is None or isinstance(day, dt.date)
    sane = sane_date(value)
    if sane is not None:
        assert dt.date(1990, 1, 1) <= dt.date.fromisoformat(sane) <= _latest()
        assert sane == day.isoformat()


def _dropped_blocks_page(n: int) -> tuple[BeautifulSoup, str]:
    html = "<article><p>The scores of this week follow in these tables below.</p>" + "".join(
        f"<p>Item {i}</p><div class='captioned-table'><table><tr><th>Model {i}</th><th>MMLU</th></tr>"
        f"<tr><td>X-{i}</td><td>{i}</td></tr></table></div>" for i in range(n)) + \
        "<p>That is all for this week, see you next time.</p></article>"
    text = "The scores of this week follow in these tables below.\nThat is all for this week, see you next time."
    return BeautifulSoup(html, "lxml"), text


def test_fuzz_articles_recover_tables_reads_each_element_a_bounded_number_of_times(monkeypatch):
    """Hundreds of dropped tables, none with an anchor paragraph near it: the work grows with the
    page, not with its square (each table used to walk back to the start of the page)."""
    calls = 0
    real = Tag.get_text

    def counted(self, *args, **kwargs):
        nonlocal calls
        calls += 1
        return real(self, *args, **kwargs)

    def work(n: int) -> int:
        nonlocal calls
        soup, text = _dropped_blocks_page(n)
        calls = 0
        monkeypatch.setattr(Tag, "get_text", counted)
        try:
            recover_tables(soup, text)
        finally:
            monkeypatch.setattr(Tag, "get_text", real)
        return calls

    small, large = work(600), work(1200)
    assert small > 600, "the count sees the work done per table"
    assert large <= 2.5 * small, (small, large)  # twice the page: twice the work, not four times


def _calls(function, *args) -> int:
    """How many Python and builtin functions ``function(*args)`` calls: a count of its work."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return count


def test_fuzz_articles_recover_tables_linear_in_unclosed_tags():
    """Unclosed tags before many tables, as in ``_unclosed_html``. The work grows with the page, not with depth times tables (each table and each candidate paragraph
    used to walk up to the root, a minute for a 150 kB page)."""
    small = _calls(recover_tables, *_unclosed_page(400, 100))
    large = _calls(recover_tables, *_unclosed_page(800, 200))
    assert small > 400, "the count sees the work"
    assert large <= 2.5 * small, (small, large)  # twice the page: twice the work, not four times


def test_fuzz_articles_recover_tables_still_finds_a_near_anchor():
    """The bound leaves a block that follows its paragraph, as in real pages, where it was."""
    soup, _ = _dropped_blocks_page(0)
    html = ("<article><p>The scores of this week follow in this table:</p>" + "<p>x</p>" * 30
            + "<div class='captioned-table'><table><tr><th>Model</th><th>MMLU</th></tr><tr><td>X-1</td>"
              "<td>80</td></tr></table></div><p>That is all for this week, see you next time.</p></article>")
    text = "The scores of this week follow in this table:\nThat is all for this week, see you next time."
    out = recover_tables(BeautifulSoup(html, "lxml"), text)
    assert out.splitlines()[1:4] == ["| Model | MMLU | ", "|---|---|", "| X-1 | 80 | "]


def test_fuzz_articles_json_ld_nesting_is_no_crash():
    body = json.dumps({"@type": "NewsArticle", "articleBody": "GPT-4o mini is out. " * 60})
    deep = "[" * 100_000 + "]" * 100_000
    html = (f'<html><head><script type="application/ld+json">{deep}</script>'
            f'<script type="application/ld+json">{body}</script></head><body><p>Shell.</p></body></html>')
    got = _parse(Page(source="fuzz", url="https://news.example/a.html", content=html.encode(),
                      content_type="text/html"))
    assert isinstance(got, Article) and got.text.startswith("GPT-4o mini is out.")
