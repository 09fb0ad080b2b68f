"""The nightly digest: what a run (or the runs since a day) added, for an analyst to read.

``extractor.store.digest_data`` gives the changes as plain records; this module only writes
them out, as Markdown (``digest.md``), an HTML page (``digest.html``) or an Atom feed
(``digest.xml``, one entry per change, with a stable id, so that a feed reader shows each
change once). Every line links the articles it was read in. Pure: records in, text out.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Callable

from .store.digest import Change, DigestData

__all__ = ["FORMATS", "SECTIONS", "render", "render_atom", "render_html", "render_markdown"]

#: Section title -> the kind of change it lists, in the order the digest shows them.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("New models", "launch"),
    ("Price changes", "price"),
    ("New benchmark leaders", "leader"),
    ("New availability", "availability"),
    ("Announced or withdrawn", "announced"),
    ("New conflicts between sources", "conflict"),
)

NOTHING_NEW = "Nothing new."


def _money(value: float, currency: str) -> str:
    """'$0.075', '$1.00', '2.50 EUR': two decimals at least, four at most."""
    whole, _, cents = f"{value:,.4f}".partition(".")
    text = f"{whole}.{cents.rstrip('0').ljust(2, '0')}"
    sign = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency)
    return f"{sign}{text}" if sign else f"{text} {currency}"


def describe(change: Change) -> str:
    """One change in words (no links).

    >>> describe(Change("price", "k", "Codestral", {"direction": "input", "currency": "USD",
    ...     "kind": "list", "tier": None, "before": 1.0, "now": 0.2, "percent": -80.0,
    ...     "on": "2024-09-18"}, ()))
    'Codestral input: $1.00 → $0.20 per million tokens (-80.0 %), on 2024-09-18'
    """
    f = change.fields
    if change.kind == "launch":
        who = f" by {f['developer']}" if f.get("developer") else ""
        when = f", launched {f['date']}" if f.get("date") else ""
        return f"{change.model}{who}{when}"
    if change.kind == "price":
        what = f" {f['kind'].replace('_', ' ')}" if f.get("kind") not in (None, "list") else ""
        tier = f" (prompts {f['tier']})" if f.get("tier") else ""
        pct = f" ({f['percent']:+.1f} %)" if f.get("percent") is not None else ""
        return (f"{change.model} {f['direction']}{what}{tier}: {_money(f['before'], f['currency'])} → "
                f"{_money(f['now'], f['currency'])} per million tokens{pct}, on {f['on']}")
    if change.kind == "leader":
        before = (f" (before: {f['previous']}, {f['previous_score']:g})" if f.get("previous")
                  else " (first scores on this benchmark)")
        return f"{f['benchmark']}: {change.model} leads with {f['score']:g}{before}"
    if change.kind in ("availability", "announced"):
        status = "" if f["status"] == "available" else f" ({f['status']})"
        since = (f", from {f['date']}" if change.kind == "availability" else
                 f", expected {f['date']}") if f.get("date") else ""
        return f"{change.model} on {f['channel']}{status}{since}"
    about = f" {f['about']}" if f.get("about") else ""
    pairs = int(f.get("pairs") or 1)
    often = f" ({pairs} pairs of articles)" if pairs > 1 else ""
    return (f"{change.model} {f['type'].replace('_', ' ')}{about}: {f['value']} vs "
            f"{f['other_value']}{often}")


def _title(data: DigestData) -> str:
    if data.since:
        return f"Knowledge base digest since {data.since}"
    if len(data.runs) == 1:
        return f"Knowledge base digest, run {data.runs[0]}"
    return "Knowledge base digest"


def _summary(data: DigestData) -> str:
    if not data.runs:
        return "No run in this window."
    runs = ", ".join(str(r) for r in data.runs)
    return (f"Run{'s' if len(data.runs) > 1 else ''} {runs} ({data.started} to "
            f"{data.finished or 'now'}): {data.articles_new} new articles, {data.facts} facts stored.")


def render_markdown(data: DigestData) -> str:
    lines = [f"# {_title(data)}", "", _summary(data), ""]
    if not data.changes:
        return "\n".join([*lines, NOTHING_NEW, ""])
    for title, kind in SECTIONS:
        items = data.of(kind)
        if not items:
            continue
        lines += [f"## {title} ({len(items)})", ""]
        for c in items:
            links = ", ".join(f"[{_md_text(t or u)}]({_md_url(u)})" if _web(u) else _md_text(t or u)
                              for u, t in c.sources)
            lines.append(f"- {_md_text(describe(c))} — {links}{_more(c)}")
        lines.append("")
    return "\n".join(lines)


def _more(c: Change) -> str:
    """What the sources listed leave out ("and 40 more articles"), else nothing."""
    return f" and {c.more} more article{'s' if c.more != 1 else ''}" if c.more else ""


def _web(url: str) -> bool:
    """Only web addresses become links (an article's URL is whatever its page declared)."""
    return url.startswith(("http://", "https://"))


def _md_text(text: str) -> str:
    """Text that Markdown shows as written (no links, emphasis or HTML of its own)."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


_CSS = ("body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
        "h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem}li{margin:.3rem 0}"
        ".src{color:#555;font-size:.9em}.empty{font-style:italic}")


def render_html(data: DigestData) -> str:
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{e(_title(data))}</title>", f"<style>{_CSS}</style></head><body>",
           f"<h1>{e(_title(data))}</h1>", f'<p class="summary">{e(_summary(data))}</p>']
    if not data.changes:
        out.append(f'<p class="empty">{NOTHING_NEW}</p>')
    for title, kind in SECTIONS:
        items = data.of(kind)
        if not items:
            continue
        out.append(f'<section data-kind="{kind}"><h2>{e(title)} ({len(items)})</h2><ul>')
        for c in items:
            links = ", ".join(f'<a href="{e(u)}" rel="noopener noreferrer">{e(t or u)}</a>'
                              for u, t in c.sources if _web(u))
            out.append(f'<li data-key="{e(c.key)}">{e(describe(c))} '
                       f'<span class="src">— {links}{e(_more(c))}</span></li>')
        out.append("</ul></section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


_ATOM = "http://www.w3.org/2005/Atom"


def _instant(value: str | None) -> str:
    text = value or "1970-01-01T00:00:00Z"
    return text if "T" in text else f"{text}T00:00:00Z"


def render_atom(data: DigestData, feed_id: str = "urn:extractor:digest") -> str:
    """An Atom feed: one entry per change (its id is the change's key, so a reader shows a
    change once however many digests list it); a 'nothing new' entry when nothing changed."""
    ET.register_namespace("", _ATOM)
    feed = ET.Element(f"{{{_ATOM}}}feed")
    updated = _instant(data.finished or data.started)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    sub(feed, "id", feed_id)
    sub(feed, "title", _title(data))
    sub(feed, "subtitle", _summary(data))
    sub(feed, "updated", updated)
    author = sub(feed, "author")
    sub(author, "name", "extractor")
    titles = dict((kind, title) for title, kind in SECTIONS)
    entries = list(data.changes)
    if not entries:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{feed_id}:nothing-new:{'-'.join(map(str, data.runs)) or 'none'}")
        sub(entry, "title", NOTHING_NEW)
        sub(entry, "updated", updated)
        sub(entry, "summary", _summary(data))
    for c in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{feed_id}:{c.key}")
        sub(entry, "title", describe(c))
        sub(entry, "updated", updated)
        sub(entry, "category", term=c.kind, label=titles.get(c.kind, c.kind))
        for url, title in c.sources:
            if _web(url):
                sub(entry, "link", href=url, rel="related", title=title or url)
        sub(entry, "summary", describe(c) + " — " + "; ".join(t or u for u, t in c.sources)
            + _more(c))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


FORMATS: dict[str, tuple[str, Callable[[DigestData], str]]] = {
    "md": ("digest.md", render_markdown),
    "html": ("digest.html", render_html),
    "atom": ("digest.xml", render_atom),
}


def render(data: DigestData, fmt: str) -> str:
    """The digest in one of ``FORMATS`` (md, html, atom)."""
    return FORMATS[fmt][1](data)
