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
from pathlib import Path
from typing import Any

from tqdm import tqdm

from .articles import ArticleError, detect_language, parse_page
from .extract import extract_doc
from .fetch import FetchError, get
from .mentions import model_regex
from .nlp import SUPPORTED, get_nlp
from .records import Article, Extraction, Page
from .settings import Settings
from .sources import Entry

__all__ = [
    "Failure",
    "Pending",
    "PendingPages",
    "RunError",
    "RunReport",
    "Unreadable",
    "cut_text",
    "describe",
    "expand_source",
    "extract_articles",
    "extract_sources",
    "extractor_version",
    "feedback_names",
    "names_in",
    "read_articles",
    "read_page",
    "reprocess",
    "run",
    "parallel",
    "start_workers",
    "stop_workers",
]

log = logging.getLogger("extractor")


@dataclass(frozen=True, slots=True)
class Failure:
    """A source that could not be read or extracted (``fatal``), or was read only in part."""

    source: str
    reason: str
    fatal: bool = True


def read_article(source: str, settings: Settings, lang: str | None = None) -> Article:
    """One path or URL -> Article; raises FetchError or ArticleError with a reason."""
    page = get(source, settings)
    return parse_page(page, lang=lang)


def describe(exc: BaseException) -> str:
    """The reason recorded for an unexpected error: its type and its first line.

    >>> describe(ValueError("bad value\\nmore"))
    'ValueError: bad value'
    """
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def read_articles(sources: Iterable[str], settings: Settings,
                  on_failure: Callable[[Failure], None] | None = None) -> Iterator[Article]:
    """Articles of the sources that could be read; each one that could not is reported
    (``on_failure``) and costs only itself, whatever the error."""
    lang = None if settings.lang == "auto" else settings.lang
    for source in sources:
        try:
            yield read_article(source, settings, lang)
        except (FetchError, ArticleError) as exc:
            _report(on_failure, Failure(source, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the others
            _report(on_failure, Failure(source, f"{source}: {describe(exc)}"))


def _report(on_failure: Callable[[Failure], None] | None, failure: Failure) -> None:
    if on_failure is not None:
        on_failure(failure)
    else:
        log.warning("%s: %s", failure.source, failure.reason)


def _lang_of(article: Article) -> str:
    """The pipeline an article is read with: its language, or '' when the rules have none
    for it (the article then gives no facts, with a warning that says why)."""
    lang = (article.language or detect_language(article.text) or "en")[:2]
    return lang if lang in SUPPORTED else ""


def feedback_names(names: Iterable[str]) -> tuple[str, ...]:
    """The model names of the store worth giving back to the mention finder: those the
    rules alone do not find. A name the rules find gains nothing from being given back and
    can hide a longer one ("Llama 3" read in "Llama 3.2"), so that the facts of an article
    would depend on what was stored before it.

    >>> feedback_names(["GPT-4", "Llama 3", "Zeta-1"])
    ('Zeta-1',)
    """
    rule_names = model_regex()
    return tuple(sorted({n for n in names if n and not rule_names.fullmatch(n)}))


def names_in(text: str, names: Iterable[str]) -> tuple[str, ...]:
    """The names that occur in ``text`` (ignoring case): the only ones that can change its
    facts, so an article is read with these whatever else is known.

    >>> names_in("Zeta-1 scores 74% on GPQA", ("Omega-2", "zeta-1"))
    ('zeta-1',)
    """
    low = text.casefold()
    return tuple(n for n in names if n.casefold() in low)


def extract_articles(articles: Iterable[Article], settings: Settings | None = None,
                     known_models: tuple[str, ...] = (),
                     on_failure: Callable[[Failure], None] | None = None) -> Iterator[Extraction]:
    """Facts for each article, in input order; pipelines are loaded per language on first use.

    An article whose extraction raises is left out and reported (``on_failure``, else a
    warning) with the error's type and message; the others of its batch are still extracted.
    A text longer than ``settings.max_text_chars`` is cut at a paragraph or sentence boundary
    below it, flagged ``text-cut`` and reported (``Failure.fatal`` False).
    """
    settings = settings or Settings()
    if parallel(settings):
        yield from _extract_overlapped(articles, known_models, settings, on_failure)
        return
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= settings.batch_size:
            yield from _extract_batch(batch, known_models, settings, on_failure)
            batch = []
    if batch:
        yield from _extract_batch(batch, known_models, settings, on_failure)


# -- worker processes: each extracts a part of a batch with pipelines loaded once ----------
_POOL: tuple[tuple[Any, ...], Any] | None = None
EXECUTORS = ("local", "dask")


def parallel(settings: Settings) -> bool:
    """Whether batches go to worker processes (``workers`` > 1, or a Dask cluster)."""
    return settings.workers > 1 or settings.executor == "dask"


class _DaskPool:
    """A Dask client as a pool: ``submit`` and ``shutdown``, like a process pool. Without a
    scheduler address it starts a local cluster of ``workers`` processes (one thread each)."""

    def __init__(self, settings: Settings) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise RuntimeError("the dask executor needs Dask: pip install 'extractor[dask]'") from exc
        self.cluster = None
        if settings.scheduler:
            self.client = Client(settings.scheduler, timeout=f"{max(1.0, settings.timeout):g}s")
        else:
            self.cluster = LocalCluster(n_workers=max(1, settings.workers), threads_per_worker=1,
                                        processes=True, dashboard_address=None)
            self.client = Client(self.cluster)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        # not 'pure': the same batch twice is two tasks (a re-read of changed articles)
        return self.client.submit(fn, *args, pure=False)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def start_workers(settings: Settings) -> Any:
    """The pool that extracts batches for ``settings``, started on first use and kept for the
    process's life (a night extracts many batches; each worker loads its pipelines once).
    Local workers are spawned, not forked: the nightly job fetches with threads, which a
    fork would copy mid-flight. Raises RuntimeError where the pool cannot start (Dask not
    installed, scheduler unreachable), with the reason."""
    global _POOL
    if settings.executor not in EXECUTORS:
        raise RuntimeError(f"executor {settings.executor!r}: not one of {', '.join(EXECUTORS)}")
    key = (settings.executor, settings.workers, settings.scheduler)
    if _POOL is None or _POOL[0] != key:
        import atexit

        stop_workers()
        if settings.executor == "dask":
            try:
                pool: Any = _DaskPool(settings)
            except (OSError, TimeoutError) as exc:
                raise RuntimeError(f"dask scheduler {settings.scheduler or '(local)'}: "
                                   f"{describe(exc)}") from exc
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(max_workers=settings.workers,
                                       mp_context=multiprocessing.get_context("spawn"))
        _POOL = (key, pool)
        atexit.register(stop_workers)
    return _POOL[1]


def stop_workers() -> None:
    """Stop the worker processes (the next batch that needs them starts them again)."""
    global _POOL
    if _POOL is not None:
        pool, _POOL = _POOL[1], None
        pool.shutdown(wait=True, cancel_futures=True)


def _extract_part(part: list[Article], known_models: tuple[str, ...],
                  settings: Settings) -> tuple[list[Extraction], list[Failure]]:
    """In a worker: the extractions of a part of a batch, and what was reported on the way."""
    failures: list[Failure] = []
    return list(_extract_batch(part, known_models, settings, failures.append)), failures


class Pending:
    """A batch handed to a worker process: its articles and its future extractions."""

    def __init__(self, batch: list[Article], known_models: tuple[str, ...], settings: Settings):
        self.batch = batch
        self.future = start_workers(settings).submit(_extract_part, batch, known_models, settings)

    def done(self) -> bool:
        return bool(self.future.done())

    def results(self, on_failure: Callable[[Failure], None] | None) -> list[Extraction]:
        """The batch's extractions, in input order (waits for them); what the worker reported
        goes to ``on_failure``. A worker that died costs its batch only, with the reason."""
        try:
            extractions, failures = self.future.result()
        except Exception as exc:  # noqa: BLE001 - a worker died (killed, out of memory ...)
            stop_workers()  # a broken pool takes no more work; the next batch starts another
            for art in self.batch:
                _report(on_failure, Failure(art.source, f"{art.source}: extraction failed: "
                                            f"worker process: {describe(exc)}"))
            return []
        for failure in failures:
            _report(on_failure, failure)
        return extractions


def read_page(page: Page, entry: Entry | None = None, lang: str | None = None) -> Article:
    """A fetched page as an article (``articles.parse_page``); what the feed entry says
    fills in a missing date and title. Raises ArticleError when the page has no article."""
    article = parse_page(page, lang=lang)
    if entry is not None and article.published is None and entry.published:
        article = replace(article, published=entry.published, published_from="feed")
    if entry is not None and article.title is None and entry.title:
        article = replace(article, title=entry.title)
    return article


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Why a page parsed in a worker gave no article: ``article`` (ArticleError: not an
    article, paywalled ...) or ``error`` (the parser raised)."""

    kind: str
    reason: str


def _parse_part(items: list[tuple[Page, Entry | None, str | None]]) -> list[Article | Unreadable]:
    """In a worker: each page's article, or why there is none (one bad page costs itself)."""
    out: list[Article | Unreadable] = []
    for page, entry, lang in items:
        try:
            out.append(read_page(page, entry, lang))
        except ArticleError as exc:
            out.append(Unreadable("article", str(exc)))
        except Exception as exc:  # noqa: BLE001 - this page only
            out.append(Unreadable("error", describe(exc)))
    return out


class PendingPages:
    """Pages handed to a worker process to be parsed, so that the process that fetches and
    writes does not parse too: their future articles, in input order."""

    def __init__(self, items: list[tuple[Page, Entry | None, str | None]], settings: Settings):
        self.items = items
        self.future = start_workers(settings).submit(_parse_part, items)

    def done(self) -> bool:
        return bool(self.future.done())

    def results(self) -> list[Article | Unreadable]:
        """Each page's article or the reason it has none (waits for them). A worker that
        died costs these pages only, with the reason."""
        try:
            return list(self.future.result())
        except Exception as exc:  # noqa: BLE001 - a worker died (killed, out of memory ...)
            stop_workers()
            return [Unreadable("error", f"worker process: {describe(exc)}") for _ in self.items]


def _extract_overlapped(articles: Iterable[Article], known_models: tuple[str, ...],
                        settings: Settings, on_failure: Callable[[Failure], None] | None
                        ) -> Iterator[Extraction]:
    """Batches extracted by ``settings.workers`` processes while this one reads the next
    articles; at most that many batches in flight, results in input order."""
    inflight: list[Pending] = []
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= settings.batch_size:
            inflight.append(Pending(batch, known_models, settings))
            batch = []
            while len(inflight) > max(1, settings.workers):
                yield from inflight.pop(0).results(on_failure)
    if batch:
        inflight.append(Pending(batch, known_models, settings))
    for pending in inflight:
        yield from pending.results(on_failure)


_UNENCODABLE = re.compile(r"[\ud800-\udfff\x00]")


def _clean(article: Article) -> Article:
    """Lone surrogates and NULs cannot be tokenized or stored: each becomes U+FFFD, one
    character for one, so offsets into the text stay exact."""
    if _UNENCODABLE.search(article.text):
        return replace(article, text=_UNENCODABLE.sub("\ufffd", article.text))
    return article


_BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?…]\s"),
               re.compile(r"\s"))


def cut_text(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else its longest prefix that ends at a
    paragraph break (else a line break, a sentence end, a space) and fits.

    >>> cut_text("One. Two.\\n\\nThree four.", 15)
    'One. Two.'
    >>> cut_text("One. Two three. Four", 17)
    'One. Two three.'
    """
    if len(text) <= limit:
        return text
    head = text[:limit + 1]
    for boundary in _BOUNDARIES:
        ends = [m.start() + (1 if boundary.pattern.startswith("[") else 0)
                for m in boundary.finditer(head, max(0, limit // 2))]
        if ends:
            return text[:ends[-1]].rstrip()
    return text[:limit]


# spaCy refuses longer texts (E088: ``Language.max_length``, 1,000,000 by default)
_SPACY_MAX_LENGTH = 1_000_000


def _fit(article: Article, limit: int) -> tuple[Article, str | None]:
    limit = max(1, min(limit, _SPACY_MAX_LENGTH))
    text = cut_text(article.text, limit)
    if len(text) == len(article.text):
        return article, None
    reason = (f"text cut to {len(text):,} of {len(article.text):,} characters at a boundary "
              f"(max_text_chars {limit:,}); the rest was not read")
    return replace(article, text=text), reason


def _extract_batch(batch: list[Article], known_models: tuple[str, ...], settings: Settings,
                   on_failure: Callable[[Failure], None] | None) -> Iterator[Extraction]:
    batch = [_clean(a) for a in batch]
    read: list[Article] = []
    for art in batch:
        fitted, note = _fit(art, settings.max_text_chars)
        if note:
            _report(on_failure, Failure(art.source, note, fatal=False))
        read.append(fitted)
    # one pipeline per language and set of known names the text contains, so that an
    # article's facts depend on its own text only
    groups: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for i, art in enumerate(read):
        groups.setdefault((_lang_of(art), names_in(art.text, known_models)), []).append(i)
    results: dict[int, Extraction] = {}
    for (lang, names), idxs in groups.items():
        if not lang:
            for i in idxs:
                results[i] = Extraction(article=batch[i])
                written = read[i].language or detect_language(read[i].text)
                _report(on_failure, Failure(batch[i].source, f"{batch[i].source}: written in "
                                            f"'{written}', a language the rules do not read "
                                            f"({', '.join(SUPPORTED)}): no facts", fatal=False))
            continue
        nlp = get_nlp(lang, names)
        for i, outcome in zip(idxs, _pipe(nlp, [read[i] for i in idxs]), strict=True):
            if isinstance(outcome, Extraction):
                results[i] = _restore(outcome, batch[i])
            else:
                _report(on_failure, Failure(batch[i].source,
                                            f"{batch[i].source}: extraction failed: "
                                            f"{describe(outcome)}"))
    for i in range(len(batch)):
        if i in results:
            yield results[i]


def _restore(ex: Extraction, article: Article) -> Extraction:
    """The extraction of a cut text belongs to the whole article (offsets are unchanged:
    the cut keeps a prefix); the article says it was cut."""
    if len(ex.article.text) == len(article.text):
        return ex
    return replace(ex, article=replace(article, flags=(*article.flags, "text-cut")))


def _pipe(nlp: Any, articles: list[Article]) -> list[Extraction | Exception]:
    """Each article's extraction, or the error it raised; one failing costs only itself.

    ``nlp.pipe`` is tried first (fast); if a document breaks it, the articles are processed
    one at a time, so that the error is pinned on its own document.
    """
    try:
        docs = list(nlp.pipe(a.text for a in articles))
    except Exception:  # noqa: BLE001 - retried one by one below, where the error is caught
        docs = None
    out: list[Extraction | Exception] = []
    for k, article in enumerate(articles):
        try:
            doc = docs[k] if docs is not None else nlp(article.text)
            out.append(extract_doc(doc, article))
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the others
            log.warning("%s: extraction failed: %s", article.source, describe(exc),
                        exc_info=log.isEnabledFor(logging.DEBUG))
            out.append(exc)
    return out


def extract_sources(sources: list[str], settings: Settings) -> tuple[list[Extraction], list[Failure]]:
    """``extractor extract``: the facts of each source that could be read, and the sources
    that could not (or were cut), each also reported on stderr."""
    failures: list[Failure] = []

    def report(f: Failure) -> None:
        failures.append(f)
        # the reason already names the source ("x.html: no such file")
        word = "skipped" if f.fatal else "warning:"
        reason = f.reason if f.reason.startswith(f.source) else f"{f.source}: {f.reason}"
        print(f"extractor: {word} {reason}", file=sys.stderr)

    readable: list[str] = []
    for source in sources:
        found, reason = expand_source(source)
        if reason:
            report(Failure(source, reason))
        readable += found
    # a progress bar on a terminal for more than a few inputs; nothing under cron or in a pipe
    with tqdm(total=len(readable), desc="extract", unit="input", leave=False, file=sys.stderr,
              disable=not (settings.progress and len(readable) > 3 and sys.stderr.isatty())) as bar:
        def counted(items: Iterable[str]) -> Iterator[str]:
            for item in items:
                yield item
                bar.update()
        extractions = list(extract_articles(read_articles(counted(readable), settings, report), settings,
                                            on_failure=report))
    return extractions, failures


READABLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml")


def expand_source(source: str) -> tuple[list[str], str | None]:
    """The files ``extract`` reads for one argument: a URL or a file as given, the text and
    HTML files of a folder (sorted, sub-folders included), nothing (with the reason) for a
    file of another kind.

    >>> expand_source("https://example.com/a")
    (['https://example.com/a'], None)
    >>> expand_source("facts.json")
    ([], 'facts.json: not a text or HTML file (.txt, .md, .html)')
    """
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I):
        return [source], None
    path = Path(source)
    if path.is_dir():
        files = sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES)
        return files, None if files else f"{source}: a folder with no text or HTML file in it"
    if path.suffix.lower() not in READABLE_SUFFIXES:
        return [], f"{source}: not a text or HTML file (.txt, .md, .html)"
    return [source], None


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
