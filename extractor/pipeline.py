"""Composes the stages. The only module that knows their order.

- ``read_articles(sources)``: paths/URLs -> Article (fetch + articles), failures reported;
- ``extract_articles(articles)``: Article -> Extraction, in batches, one pipeline per language,
  each loaded only when an input needs it;
- ``run(settings)``: the nightly job (feeds -> articles -> facts -> SQL -> graph -> exports).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from .articles import ArticleError, detect_language, parse_page
from .extract import extract_doc
from .fetch import FetchError, get
from .nlp import SUPPORTED, get_nlp
from .records import Article, Extraction
from .settings import Settings

__all__ = [
    "Failure",
    "RunError",
    "RunReport",
    "extract_articles",
    "extract_sources",
    "extractor_version",
    "read_articles",
    "reprocess",
    "run",
]

log = logging.getLogger("extractor")


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str


def read_article(source: str, settings: Settings, lang: str | None = None) -> Article:
    """One path or URL -> Article; raises FetchError or ArticleError with a reason."""
    page = get(source, settings)
    return parse_page(page, lang=lang)


def read_articles(sources: Iterable[str], settings: Settings,
                  on_failure: Callable[[Failure], None] | None = None) -> Iterator[Article]:
    lang = None if settings.lang == "auto" else settings.lang
    for source in sources:
        try:
            yield read_article(source, settings, lang)
        except (FetchError, ArticleError) as exc:
            if on_failure:
                on_failure(Failure(source, str(exc)))


def _lang_of(article: Article) -> str:
    lang = (article.language or detect_language(article.text) or "en")[:2]
    return lang if lang in SUPPORTED else "en"


def extract_articles(articles: Iterable[Article], settings: Settings | None = None,
                     known_models: tuple[str, ...] = ()) -> Iterator[Extraction]:
    """Facts for each article, in input order; pipelines are loaded per language on first use."""
    settings = settings or Settings()
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= settings.batch_size:
            yield from _extract_batch(batch, known_models)
            batch = []
    if batch:
        yield from _extract_batch(batch, known_models)


_UNENCODABLE = re.compile(r"[\ud800-\udfff\x00]")


def _clean(article: Article) -> Article:
    """Lone surrogates and NULs cannot be tokenized or stored: each becomes U+FFFD, one
    character for one, so offsets into the text stay exact."""
    if _UNENCODABLE.search(article.text):
        return replace(article, text=_UNENCODABLE.sub("\ufffd", article.text))
    return article


def _extract_batch(batch: list[Article], known_models: tuple[str, ...]) -> Iterator[Extraction]:
    batch = [_clean(a) for a in batch]
    by_lang: dict[str, list[int]] = {}
    for i, art in enumerate(batch):
        by_lang.setdefault(_lang_of(art), []).append(i)
    results: dict[int, Extraction] = {}
    for lang, idxs in by_lang.items():
        nlp = get_nlp(lang, known_models)
        docs = nlp.pipe(batch[i].text for i in idxs)
        for i, doc in zip(idxs, docs, strict=True):
            results[i] = extract_doc(doc, batch[i])
    for i in range(len(batch)):
        yield results[i]


def extract_sources(sources: list[str], settings: Settings) -> tuple[list[Extraction], list[Failure]]:
    failures: list[Failure] = []

    def report(f: Failure) -> None:
        failures.append(f)
        # the reason already names the source ("x.html: no such file")
        print(f"extractor: skipped {f.reason}", file=sys.stderr)

    extractions = list(extract_articles(read_articles(sources, settings, report), settings))
    return extractions, failures


def extractor_version() -> str:
    """Package version plus a fingerprint of the rule data (a rule change re-extracts)."""
    from . import __version__
    from .rules import rules_fingerprint

    return f"{__version__}+{rules_fingerprint()}"


def __getattr__(name: str) -> object:
    """The nightly job (``run``, ``reprocess``, ``RunReport``, ``RunError``) lives in
    ``nightly.py``, which imports this module; it is re-exported here lazily."""
    if name in ("RunError", "RunReport", "reprocess", "run"):
        from . import nightly

        return getattr(nightly, name)
    raise AttributeError(name)
