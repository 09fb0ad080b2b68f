"""The nightly job: feeds -> pages -> articles -> facts -> SQL -> graph -> exports.

``run(settings) -> RunReport`` reads the feed list, reads each feed (conditional GET),
fetches each new entry politely, parses it, extracts facts from the articles that are new
or changed, stores them, rebuilds the graph and writes the exports. ``reprocess(settings)``
does the same from the raw archive, without network, for a rule change.

What makes it safe to run every night, and to kill at any moment:

- a lock (``fcntl.flock`` next to the SQLite file and in the archive folder) keeps two runs
  apart; the kernel drops it when the process dies, so a killed run leaves no stale lock;
- every response is archived before it is used, and each batch of articles is stored in
  one transaction before their outcomes are written to the archive index; a rerun after a
  kill finds what was fetched in the archive (a 304 returns the archived body) and skips
  what the database already holds with the same content hash and extractor version;
- the history of the series a run touched is refreshed once, when its articles are in; a
  run that failed or was killed first leaves the next one a refresh of every series;
- a page that fails is recorded with its reason (runs table and archive index) and is
  retried on a later run, after ``retry_backoff`` seconds doubled per consecutive failure.

- a page whose parsing, extraction or storing raises is that page's failure only (the
  exception's type and message are its reason); the rest of its batch is stored;
- the model names learnt from stored articles are given back to the mention finder only
  where that cannot depend on the order of the crawl: names the rules do not find anyway,
  each article read with the ones its text contains, and the stored articles that contain a
  name learnt during a run are read again at its end (until no new name comes);
- a run killed before it finished leaves its row ``running``: the next run, holding the
  lock, marks it ``abandoned``.

Exit policy (the CLI maps these): the run completed -> the report, whose ``outcome`` is
``ok``, ``partial`` (a feed failed, an export was not written) or ``failed`` (every feed
failed, or every page tried failed); it could not run -> ``RunError`` (bad feed list,
database unreachable, lock held).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import itertools
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from . import pipeline
from .articles import ArticleError, parse_page
from .fetch import Archive, CrawlOptions, Crawler, FetchError, Fetched
from .records import FACT_TYPES, Article, Extraction, Page
from .settings import DEFAULT_DB, Settings
from .sources import Entry, FeedError, FeedListError, FeedSpec, load_feed_list, parse_source

__all__ = [
    "FeedResult",
    "RunError",
    "RunLocked",
    "RunReport",
    "read_articles",
    "reprocess",
    "run",
]

log = logging.getLogger("extractor.run")

_MAX_BACKOFF = 7 * 24 * 3600.0  # a failing page is still tried at least once a week
_MAX_SITEMAP_DEPTH = 2
_MAX_REREADS = 5  # rounds of reading again for names learnt; each round needs a new name


class RunError(Exception):
    """The run could not take place (the message says why); nothing was changed."""


class RunLocked(RunError):
    """Another run holds the lock."""


@dataclass(slots=True)
class FeedResult:
    """What became of one feed of the list."""

    url: str
    status: str  # read, unchanged, failed, disabled, not-due
    entries: int = 0
    duplicates: int = 0
    reason: str | None = None


@dataclass(slots=True)
class RunReport:
    """What a run did; ``render()`` is the text printed at the end of ``extractor run``."""

    command: str = "run"
    run_id: Any = None
    db: str = ""
    archive: str = ""
    out: str = ""
    started: str = ""
    seconds: float = 0.0
    feeds: list[FeedResult] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    deferred: int = 0  # failed before, not due for another try yet
    skipped: int = 0  # left out by --since or --max-articles
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    facts_by_type: dict[str, int] = field(default_factory=dict)  # extracted, by fact type
    facts_stored: int = 0  # as counted by the store (it drops facts it cannot keep, with a reason)
    requests: int = 0
    not_modified: int = 0
    retries: int = 0
    exports: dict[str, str] = field(default_factory=dict)  # name -> path
    export_errors: dict[str, str] = field(default_factory=dict)  # name -> reason
    reread: int = 0  # stored articles read again for a model name learnt in this run
    abandoned: list[int] = field(default_factory=list)  # runs a dead process left 'running'
    digest_changes: int | None = None  # changes the run's digest lists (None: not written)
    # seconds spent per stage in this process: parse (HTML to text), extract (or waiting for
    # the workers), store, link, exports, digest; fetching is the rest of the run's time
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def timed(self, stage: str, since: float) -> None:
        """Add the time since ``since`` (``time.perf_counter()``) to ``stage``."""
        self.stage_seconds[stage] = round(self.stage_seconds.get(stage, 0.0)
                                          + time.perf_counter() - since, 4)

    @property
    def facts_written(self) -> int:
        return sum(self.facts_by_type.values())

    @property
    def outcome(self) -> str:
        """``ok``; ``partial``: a feed failed or an export was not written; ``failed``:
        nothing worked (every feed read failed, or pages were tried and all failed)."""
        tried = [f for f in self.feeds if f.status in ("read", "unchanged", "failed")]
        if tried and all(f.status == "failed" for f in tried):
            return "failed"
        if self.failed and not (self.new or self.updated or self.unchanged):
            return "failed"
        if any(f.status == "failed" for f in tried) or self.export_errors:
            return "partial"
        return "ok"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["facts_written"] = self.facts_written
        data["outcome"] = self.outcome
        data["failures"] = [{"source": s, "reason": r} for s, r in self.failures]
        return data

    def render(self) -> str:
        read = sum(f.status == "read" for f in self.feeds)
        same = sum(f.status == "unchanged" for f in self.feeds)
        bad = sum(f.status == "failed" for f in self.feeds)
        lines = [f"extractor {self.command}: done in {self.seconds:.1f} s (run {self.run_id})"]
        if self.command == "run":
            lines.append(f"  feeds      {len(self.feeds)} listed: {read} read, {same} unchanged, "
                         f"{bad} failed" + "".join(
                             f", {n} {s}" for s in ("disabled", "not-due")
                             if (n := sum(f.status == s for f in self.feeds))))
            lines.append(f"  requests   {self.requests} sent, {self.not_modified} not modified "
                         f"(304), {self.retries} retried")
        lines.append(f"  articles   {self.new} new, {self.updated} updated, {self.unchanged} "
                     f"unchanged, {self.failed} failed"
                     + (f", {self.deferred} waiting to retry" if self.deferred else "")
                     + (f", {self.skipped} skipped (--since/--max-articles)" if self.skipped
                        else "")
                     + (f", {self.reread} read again (model names learnt)" if self.reread
                        else ""))
        by_type = ", ".join(f"{t} {self.facts_by_type[t]}" for t in FACT_TYPES
                            if self.facts_by_type.get(t))
        lines.append(f"  facts      {self.facts_stored} stored ({self.facts_written} extracted"
                     + (f": {by_type})" if by_type else ")"))
        for feed in self.feeds:
            if feed.reason:
                word = "failed" if feed.status == "failed" else "note"
                lines.append(f"  feed {word:<6} {feed.url}: {feed.reason}")
        for source, reason in self.failures[:50]:
            lines.append(f"  failed     {source}: {reason}")
        if len(self.failures) > 50:
            lines.append(f"  ... and {len(self.failures) - 50} more (see the runs table)")
        if self.abandoned:
            lines.append(f"  note       run {', '.join(map(str, self.abandoned))} left "
                         "'running' by a process that died: marked abandoned")
        lines.append(f"  database   {self.db}")
        lines.append(f"  archive    {self.archive}")
        if self.digest_changes is not None:
            lines.append(f"  news       {self.digest_changes} change"
                         f"{'' if self.digest_changes == 1 else 's'} (new models, prices, "
                         "leaders, availability, conflicts)" if self.digest_changes
                         else "  news       nothing new")
        for name, path in self.exports.items():
            lines.append(f"  {name:<10} {path}")
        for name, reason in self.export_errors.items():
            lines.append(f"  {name:<10} not written: {reason}")
        if self.facts_stored and self.command == "run":
            lines += _next_steps(self)
        return "\n".join(lines)


# -- settings the crawler reads beyond the shared ones (defaults until Settings has them) ----
def _next_steps(report: RunReport) -> list[str]:
    """What to try next, with this program's own name and the report's database."""
    me = sys.argv[0] if os.path.basename(sys.argv[0]) == "extractor" else "python -m extractor"
    db = "" if report.db == DEFAULT_DB else f" --db '{report.db}'"
    steps = [f"{me} sql{db} \"SELECT model, direction, price_per_million FROM current_prices ORDER BY model\"",
             f"{me} graph lineage{db} \"MODEL\"   (its predecessors and successors)"]
    if "html view" in report.exports:
        steps.append(f"open {report.exports['html view']} in a browser (the graph view)")
    if "digest" in report.exports:
        steps.append(f"read {report.exports['digest']} (what this run added)")
    return ["  next       " + steps[0]] + ["             " + step for step in steps[1:]]


def _opt(settings: Settings, name: str, default: Any) -> Any:
    value = getattr(settings, name, None)
    return default if value is None else value


def _retry_backoff(settings: Settings) -> float:
    return float(_opt(settings, "retry_backoff", 3600.0))


# -- the lock ---------------------------------------------------------------------------------
def _sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other databases and in-memory SQLite).

    >>> _sqlite_path("sqlite:///data/extractor.db")
    PosixPath('data/extractor.db')
    >>> _sqlite_path("sqlite+pysqlite:///data/kb.db")
    PosixPath('data/kb.db')
    >>> _sqlite_path("postgresql://db.example/kb") is None
    True
    """
    return _store().sqlite_file(url)


@contextlib.contextmanager
def _locked(paths: Iterable[Path]) -> Iterator[None]:
    handles: list[IO[str]] = []
    try:
        for path in paths:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the run
            except OSError as exc:
                raise RunError(f"cannot create the lock file {path}: {exc.strerror}") from exc
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                fh.seek(0)
                holder = fh.read().strip()
                fh.close()
                if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise RunLocked(f"another run holds the lock {path}"
                                    + (f" ({holder})" if holder else "")) from exc
                raise RunError(f"cannot lock {path}: {exc.strerror}") from exc
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()} since {_now()}\n")
            fh.flush()
            handles.append(fh)
        yield
    finally:
        for fh in reversed(handles):
            with contextlib.suppress(OSError):
                fh.seek(0)
                fh.truncate()
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            fh.close()


def _lock_paths(settings: Settings) -> list[Path]:
    paths = [Path(settings.archive) / "run.lock"]
    db_file = _sqlite_path(settings.db)
    if db_file is not None:
        paths.append(db_file.with_name(db_file.name + ".lock"))
    return paths


@contextlib.contextmanager
def _db_locked(settings: Settings) -> Iterator[None]:
    """The database's own run lock (PostgreSQL: an advisory lock; SQLite: the file above)."""
    store = _store()
    try:
        with store.run_lock(settings.db):
            yield
    except store.LockHeld as exc:
        raise RunLocked(str(exc)) from exc
    except store.StoreError as exc:
        raise RunError(str(exc)) from exc


def _shown(url: str) -> str:
    """A database URL as it may be printed, logged or stored: without its password."""
    return _store().safe_url(url)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


# -- progress (terminal) and structured logs (cron) -----------------------------------------------
class _Progress:
    """One self-overwriting status line on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._last = 0.0

    def show(self, text: str, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if force or now - self._last > 0.1:
            self._last = now
            sys.stderr.write("\r\x1b[2K" + text[:150])
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


def _logfmt(event: str, **fields: Any) -> str:
    parts = [f"event={event}"]
    for key, value in fields.items():
        text = str(value)
        if not text or any(c in text for c in ' ="'):
            text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        parts.append(f"{key}={text}")
    return " ".join(parts)


# -- the job ----------------------------------------------------------------------------------
def _store() -> Any:
    from . import store  # the store is imported lazily: `extractor article` needs no database

    return store


def _connect(settings: Settings) -> Any:
    store = _store()
    db_file = _sqlite_path(settings.db)
    try:
        if db_file is not None:
            db_file.parent.mkdir(parents=True, exist_ok=True)
        return store.connect(settings.db)
    except Exception as exc:  # noqa: BLE001 - any driver error means the same: cannot run
        raise RunError(f"database {_shown(settings.db)} unreachable: {type(exc).__name__}: "
                       f"{str(exc).splitlines()[0] if str(exc) else ''}") from exc


@dataclass(slots=True)
class _Job:
    settings: Settings
    engine: Any
    run_id: Any
    archive: Archive
    report: RunReport
    version: str
    progress: _Progress
    # model names learnt from stored articles (``pipeline.feedback_names``), fixed while the
    # pages of the run arrive, then brought up to date by ``reread`` at its end
    known: tuple[str, ...] = ()
    fetch_state: bool = True  # failures also update the fetch state (not in reprocess)
    # batches the worker processes are extracting (settings.workers > 1), oldest first
    inflight: list[pipeline.Pending] = field(default_factory=list)
    # series whose facts the run changed, refreshed once at its end (``refresh_history``);
    # every series when a run was killed before it could refresh its own
    touched: set[str] = field(default_factory=set)
    rebuild_all: bool = False

    def fail(self, source: str, reason: str, status: int | None = None,
             feed: str | None = None, *, fetch_state: bool = True) -> None:
        """A page could not be stored: report, runs table, fetch state, archive index."""
        self.report.failed += 1
        self.report.failures.append((source, reason))
        log.warning(_logfmt("page_failed", source=source, reason=reason))
        self.archive.outcome(source, False, reason=reason)
        store = _store()
        store.record_failure(self.engine, self.run_id, source, reason)
        if fetch_state:
            store.save_fetch(self.engine, self.run_id, source, status, error=reason,
                             kind="article", feed_url=feed)

    def note(self, source: str, reason: str) -> None:
        """A page stored in part (its text was cut): the reason goes to the runs table."""
        log.warning(_logfmt("page_note", source=source, reason=reason))
        _store().record_failure(self.engine, self.run_id, source, f"warning: {reason}")

    def fetched(self, source: str, got: Fetched, kind: str, feed: str | None = None) -> None:
        """Record a successful fetch (200 or 304) in the store's fetch state."""
        _store().save_fetch(
            self.engine, self.run_id, source, 304 if got.not_modified else got.page.status,
            etag=got.etag, last_modified=got.last_modified, content_hash=got.sha,
            content_type=got.page.content_type, kind=kind, feed_url=feed,
            archive_path=self.archive.relpath(got.sha) if got.sha else None)

    def is_stored(self, source: str, sha: str | None) -> bool:
        """The archive says this body was stored as an article, and the database agrees."""
        hist = self.archive.history().get(source)
        out = hist.last_outcome if hist else None
        if out is None or not out.ok or out.version != self.version or not out.article:
            return False
        if sha is not None and out.sha != sha:
            return False
        state = _store().article_state(self.engine, out.article)
        return state is not None and state.content_hash == out.hash and \
            state.extractor_version == self.version

    def due(self, source: str, now: dt.datetime) -> bool:
        """False while a page that failed waits for its next try."""
        hist = self.archive.history().get(source)
        if hist is None or hist.failures == 0:
            return True
        last = _parse_time(hist.last_attempt)
        if last is None:
            return True
        delay = min(_retry_backoff(self.settings) * 2 ** (hist.failures - 1), _MAX_BACKOFF)
        return now >= last + dt.timedelta(seconds=delay)

    def save(self, extractions: Iterable[Extraction], shas: dict[str, str | None],
             states: dict[str, Any]) -> None:
        """Store a batch in one transaction; when that fails, article by article, so that
        the article at fault costs only itself. The series the batch touched are refreshed
        once, by ``refresh_history``, when the night's articles are all in."""
        batch = list(_timed_iter(extractions, self.report, "extract"))
        if not batch:
            return
        t0 = time.perf_counter()
        done, stored = self.store_batch(batch, lambda ex, exc: self.fail(
            ex.article.source, f"not stored: {pipeline.describe(exc)}", fetch_state=self.fetch_state))
        self.report.timed("store", t0)
        self.report.facts_stored += stored
        for ex in done:
            art = ex.article
            if states.get(art.source) is None:
                self.report.new += 1
            else:
                self.report.updated += 1
            for fact in ex.facts:
                self.report.facts_by_type[fact.type] = self.report.facts_by_type.get(fact.type, 0) + 1
            self.archive.outcome(art.source, True, article=art.url, hash=art.content_hash,
                                 sha=shas.get(art.source), version=self.version)
            log.debug(_logfmt("article_stored", url=art.url, facts=len(ex.facts)))

    def store_batch(self, batch: list[Extraction],
                    failed: Callable[[Extraction, Exception], None]) -> tuple[list[Extraction], int]:
        """Store ``batch`` in one transaction; when that fails, article by article, so that
        the article at fault (given to ``failed``) costs only itself. Returns the stored
        extractions and their fact count; the series they touch wait for ``refresh_history``."""
        store = _store()
        try:
            stored, touched = store.save_batch(self.engine, batch, run_id=self.run_id,
                                               extractor_version=self.version)
            self.touched |= touched
            return batch, stored
        except Exception as exc:  # noqa: BLE001 - find the article at fault; the others are stored
            if len(batch) == 1:
                failed(batch[0], exc)
                return [], 0
        done, stored = [], 0
        for ex in batch:
            more, n = self.store_batch([ex], failed)
            done += more
            stored += n
        return done, stored

    def refresh_history_anyway(self) -> None:
        """``refresh_history`` on the way out of a run that stopped early (nothing left to
        do after a complete one). A failure is only logged: this run ends ``failed`` (or,
        killed, ``abandoned``), and the next run then refreshes every series."""
        try:
            self.refresh_history()
        except Exception as exc:  # noqa: BLE001 - the run is already failing
            log.warning(_logfmt("history_not_refreshed", reason=exc))

    def refresh_history(self) -> None:
        """Bring the series the run's batches touched up to date; every series when the
        previous run failed or was killed (``store.last_run_ended_early``)."""
        if self.rebuild_all or self.touched:
            t0 = time.perf_counter()
            _store().rebuild_history(self.engine, None if self.rebuild_all else self.touched)
            self.rebuild_all = False
            self.touched = set()
            self.report.timed("store", t0)

    def consider(self, article: Article, sha: str | None, pending: list[Article],
                 shas: dict[str, str | None], states: dict[str, Any]) -> None:
        """Queue an article for extraction unless the database already has it as it is."""
        state = _store().article_state(self.engine, article.url)
        if state is not None and state.content_hash == article.content_hash and \
                state.extractor_version == self.version:
            self.report.unchanged += 1
            self.archive.outcome(article.source, True, article=article.url,
                                 hash=article.content_hash, sha=sha, version=self.version)
            return
        shas[article.source] = sha
        states[article.source] = state
        pending.append(article)

    def flush(self, pending: list[Article], shas: dict[str, str | None],
              states: dict[str, Any]) -> None:
        if not pending:
            return
        batch = list(pending)
        pending.clear()
        if not pipeline.parallel(self.settings):
            self.save(pipeline.extract_articles(batch, self.settings, known_models=self.known,
                                                on_failure=self.extract_failed), shas, states)
            return
        # with worker processes, this one goes on fetching while they parse and extract;
        # it alone writes to the database, batch by batch, in the order the batches came
        self.inflight.append(pipeline.Pending(batch, self.known, self.settings))
        while self.inflight and (len(self.inflight) > max(1, self.settings.workers)
                                 or self.inflight[0].done()):
            self.save(self.inflight.pop(0).results(self.extract_failed), shas, states)

    def drain(self, pending: list[Article], shas: dict[str, str | None],
              states: dict[str, Any]) -> None:
        """Extract what is left and wait for the workers: every batch is stored."""
        self.flush(pending, shas, states)
        while self.inflight:
            self.save(self.inflight.pop(0).results(self.extract_failed), shas, states)

    def extract_failed(self, failure: pipeline.Failure) -> None:
        reason = failure.reason.removeprefix(f"{failure.source}: ")
        if failure.fatal:
            self.fail(failure.source, reason, fetch_state=self.fetch_state)
        else:
            self.note(failure.source, reason)

    def reread(self) -> None:
        """Read again the stored articles that contain a model name learnt in this run, with
        every name learnt, until no new one comes: what an article yields then depends on
        the stored articles, not on the runs that brought them in."""
        store = _store()
        for _ in range(_MAX_REREADS):
            names = pipeline.feedback_names(store.known_models(self.engine))
            new = tuple(n for n in names if n not in set(self.known))
            self.known = names
            if not new:
                return
            # read in full before writing: a reader still open would hold SQLite's lock
            # against the writer where the database is not in WAL mode
            again = [a for a in store.load_articles(self.engine) if pipeline.names_in(a.text, new)]
            extracted = pipeline.extract_articles(again, self.settings, known_models=names,
                                                  on_failure=self.extract_failed)
            while batch := list(itertools.islice(extracted, self.settings.batch_size)):
                done, _ = self.store_batch(batch, lambda ex, exc: self.note(
                    ex.article.source, f"not read again: {pipeline.describe(exc)}"))
                self.report.reread += len(done)


def _timed_iter(items: Iterable[Any], report: RunReport, stage: str) -> Iterator[Any]:
    """``items``, the time spent producing each added to ``stage``."""
    it = iter(items)
    while True:
        t0 = time.perf_counter()
        try:
            item = next(it)
        except StopIteration:
            report.timed(stage, t0)
            return
        report.timed(stage, t0)
        yield item


def _read_feed(crawler: Crawler, spec: FeedSpec, job: _Job) -> tuple[FeedResult, list[Entry]]:
    """Fetch and parse one feed (following sitemap indexes); failures become the result."""
    result = FeedResult(url=spec.url, status="read")
    entries: list[Entry] = []
    queue: list[tuple[str, int, str | None]] = [(spec.url, 0, None)]  # (url, depth, found in)
    unchanged = True
    while queue:
        url, depth, found_in = queue.pop(0)
        try:
            got = crawler.fetch(url, kind="feed" if depth == 0 else "sitemap", found_in=found_in)
            job.fetched(url, got, "feed", None if depth == 0 else spec.url)
            base = got.page.url if got.page.url.startswith(("http://", "https://")) else url
            parsed = parse_source(got.page.content, base, spec.lang)
        except (FetchError, FeedError) as exc:
            reason = str(exc).removeprefix(f"{url}: ")
            status = exc.status if isinstance(exc, FetchError) else None
            log.warning(_logfmt("feed_failed", feed=url, reason=reason))
            _store().record_failure(job.engine, job.run_id, url, reason)
            if isinstance(exc, FetchError):
                _store().save_fetch(job.engine, job.run_id, url, status or 0, error=reason,
                                    kind="feed")
            if depth == 0:
                result.status, result.reason = "failed", reason
                return result, []
            job.report.failures.append((url, reason))
            continue
        unchanged = unchanged and got.not_modified
        result.duplicates += parsed.duplicates
        if parsed.kind == "empty" and depth == 0:
            result.reason = "empty feed"
        elif parsed.problem and depth == 0:
            result.reason = parsed.problem
        if result.reason:
            log.warning(_logfmt("feed_problem", feed=url, reason=result.reason))
        entries.extend(parsed.entries)
        if depth < _MAX_SITEMAP_DEPTH:
            queue.extend((s, depth + 1, base) for s in parsed.sitemaps)
    result.status = "unchanged" if unchanged else "read"
    result.entries = len(entries)
    return result, entries


def _feed_due(spec: FeedSpec, archive: Archive, now: dt.datetime) -> bool:
    if spec.schedule is None:
        return True
    hist = archive.history().get(spec.url)
    rec = hist.last_body if hist else None
    last = _parse_time(rec.at) if rec else None
    return last is None or now >= last + spec.schedule


def run(settings: Settings) -> RunReport:
    """The nightly job. Raises ``RunError`` when it cannot run; otherwise returns the report.

    Per-page and per-feed failures do not stop the run: they are in the report, the runs
    table and the archive index, and the page is retried on a later run.
    """
    started = time.monotonic()
    try:
        feeds = load_feed_list(settings.feeds)
    except FeedListError as exc:
        raise RunError(f"feed list: {exc}") from exc
    since = _since(settings.since)
    _start_workers(settings)
    with _locked(_lock_paths(settings)), _db_locked(settings):
        engine = _connect(settings)
        store = _store()
        report = RunReport(command="run", db=_shown(settings.db), archive=settings.archive,
                           out=settings.out, started=_now())
        report.abandoned = _close_abandoned(engine, settings)
        stale = store.last_run_ended_early(engine)  # before this run's row
        version = pipeline.extractor_version()
        report.run_id = store.start_run(
            engine, feeds=[{"url": f.url, "lang": f.lang, "title": f.name, "enabled": f.enabled}
                           for f in feeds], extractor_version=version)
        log.info(_logfmt("run_started", run=report.run_id, feeds=len(feeds), db=report.db))
        archive = Archive(settings.archive)
        options = CrawlOptions.from_settings(settings)
        progress = _Progress(bool(settings.progress))
        job = _Job(settings, engine, report.run_id, archive, report, version, progress,
                   pipeline.feedback_names(store.known_models(engine)),
                   rebuild_all=stale)
        status = "failed"
        try:
            with Crawler(options, archive) as crawler:
                try:
                    _crawl(job, crawler, feeds, since)
                finally:
                    report.requests = crawler.stats["requests"]
                    report.not_modified = crawler.stats["not_modified"]
                    report.retries = crawler.stats["retries"]
            job.reread()
            job.refresh_history()
            _write_outputs(job)
            status = report.outcome
        finally:
            progress.done()
            pipeline.stop_workers()
            job.refresh_history_anyway()
            report.seconds = round(time.monotonic() - started, 3)
            with contextlib.suppress(Exception):  # the database may be what failed
                store.finish_run(engine, report.run_id, report.to_dict(), status=status)
        log.info(_logfmt("run_finished", run=report.run_id, new=report.new,
                         updated=report.updated, unchanged=report.unchanged,
                         failed=report.failed, facts=report.facts_written,
                         seconds=report.seconds))
        return report


def _since(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError as exc:
        raise RunError(f"--since: {value!r} is not a date (YYYY-MM-DD)") from exc


def _crawl(job: _Job, crawler: Crawler, feeds: list[FeedSpec], since: str | None) -> None:
    settings, report, archive = job.settings, job.report, job.archive
    now = dt.datetime.now(dt.UTC)
    todo: list[tuple[Entry, FeedSpec, bool]] = []  # (entry, its feed, feed unchanged)
    seen: set[str] = set()
    for number, spec in enumerate(feeds, 1):
        if not spec.enabled:
            report.feeds.append(FeedResult(url=spec.url, status="disabled"))
            continue
        if not _feed_due(spec, archive, now):
            report.feeds.append(FeedResult(url=spec.url, status="not-due"))
            continue
        job.progress.show(f"feeds {number}/{len(feeds)}: {spec.url}", force=True)
        result, entries = _read_feed(crawler, spec, job)
        report.feeds.append(result)
        for entry in entries:
            if entry.url in seen:
                result.duplicates += 1
                continue
            seen.add(entry.url)
            todo.append((entry, spec, result.status == "unchanged"))
    # decide, without a request, what needs fetching
    wanted: list[tuple[Entry, FeedSpec]] = []
    budget = settings.max_articles
    for entry, spec, feed_same in todo:
        if since and entry.published and entry.published < since:
            report.skipped += 1
            continue
        if feed_same and job.is_stored(entry.url, _last_sha(archive, entry.url)):
            report.unchanged += 1
            continue
        if not job.due(entry.url, now):
            report.deferred += 1
            continue
        wanted.append((entry, spec))
    if budget is not None:
        # pages already stored cost nothing to confirm; the budget bounds the others
        fresh = [w for w in wanted if not _known(archive, w[0].url)]
        over = {id(w) for w in fresh[budget:]}
        report.skipped += len(over)
        wanted = [w for w in wanted if id(w) not in over]
    _fetch_all(job, crawler, wanted, since)


def _last_sha(archive: Archive, url: str) -> str | None:
    hist = archive.history().get(url)
    return hist.last_body.sha if hist and hist.last_body else None


def _known(archive: Archive, url: str) -> bool:
    hist = archive.history().get(url)
    return bool(hist and hist.last_outcome and hist.last_outcome.ok)


def _fetch_all(job: _Job, crawler: Crawler, wanted: list[tuple[Entry, FeedSpec]],
               since: str | None) -> None:
    settings, report = job.settings, job.report
    pages = _Pages(job, since)
    workers = max(1, int(_opt(settings, "max_connections", 4)))
    total = len(wanted)
    done = 0
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
        futures: dict[Future[Fetched], tuple[Entry, FeedSpec]] = {}
        queue = iter(wanted)

        def top_up() -> None:
            # a bounded window keeps memory flat on feeds with thousands of entries
            while len(futures) < workers * 2:
                item = next(queue, None)
                if item is None:
                    return
                futures[pool.submit(crawler.fetch, item[0].url, "page",
                                    found_in=item[0].feed or item[1].url)] = item

        top_up()
        while futures:
            finished, _ = wait(list(futures), return_when=FIRST_COMPLETED)
            for future in finished:
                entry, spec = futures.pop(future)
                done += 1
                job.progress.show(f"pages {done}/{total}  new {report.new + len(pages.pending)}  "
                                  f"unchanged {report.unchanged}  failed {report.failed}")
                try:
                    got = future.result()
                except FetchError as exc:
                    job.fail(entry.url, str(exc).removeprefix(f"{entry.url}: "), exc.status,
                             entry.feed)
                    continue
                job.fetched(entry.url, got, "article", entry.feed)
                if got.not_modified and job.is_stored(entry.url, got.sha):
                    report.unchanged += 1
                    continue
                pages.add(entry, spec, got)
            top_up()
    pages.finish()


class _Pages:
    """Fetched pages on their way to articles. Without worker processes each is parsed at
    once; with them, pages are parsed by the workers in batches (this process goes on
    fetching and storing), and their articles come back in order. Then: failures, the
    ``since`` cut, and ``_Job.consider`` (only what the database does not have as it is
    goes on to extraction)."""

    def __init__(self, job: _Job, since: str | None) -> None:
        self.job, self.since = job, since
        self.pending: list[Article] = []
        self.shas: dict[str, str | None] = {}
        self.states: dict[str, Any] = {}
        self.parallel = pipeline.parallel(job.settings)
        self.batch: list[tuple[Entry, FeedSpec, Fetched]] = []
        self.parsing: list[tuple[list[tuple[Entry, FeedSpec, Fetched]], pipeline.PendingPages]] = []

    def add(self, entry: Entry, spec: FeedSpec, got: Fetched) -> None:
        if not self.parallel:
            t0 = time.perf_counter()
            try:
                article: Article | pipeline.Unreadable = pipeline.read_page(got.page, entry, spec.lang)
            except ArticleError as exc:
                article = pipeline.Unreadable("article", str(exc))
            except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
                article = pipeline.Unreadable("error", pipeline.describe(exc))
            self.job.report.timed("parse", t0)
            self.take(entry, got, article)
            return
        self.batch.append((entry, spec, got))
        if len(self.batch) >= self.job.settings.batch_size:
            self.submit()
        self.collect(block=len(self.parsing) > 2 * max(1, self.job.settings.workers))

    def submit(self) -> None:
        if self.batch:
            items = [(got.page, entry, spec.lang) for entry, spec, got in self.batch]
            self.parsing.append((self.batch, pipeline.PendingPages(items, self.job.settings)))
            self.batch = []

    def collect(self, block: bool = False) -> None:
        """Take the articles of the parsed batches, oldest first: those done (and the
        oldest even if not, when ``block``)."""
        while self.parsing and (block or self.parsing[0][1].done()):
            block = False
            t0 = time.perf_counter()
            items, parsed = self.parsing.pop(0)
            results = parsed.results()
            self.job.report.timed("parse", t0)
            for (entry, _, got), article in zip(items, results, strict=True):
                self.take(entry, got, article)

    def take(self, entry: Entry, got: Fetched, article: Article | pipeline.Unreadable) -> None:
        job = self.job
        if isinstance(article, pipeline.Unreadable):
            reason = article.reason.removeprefix(f"{entry.url}: ") if article.kind == "article" \
                else f"parsing failed: {article.reason}"
            job.fail(entry.url, reason, got.page.status, entry.feed)
            return
        if self.since and article.published and article.published < self.since:
            job.report.skipped += 1
            return
        job.consider(article, got.sha, self.pending, self.shas, self.states)
        if len(self.pending) >= job.settings.batch_size:
            job.flush(self.pending, self.shas, self.states)

    def finish(self) -> None:
        """Parse what is left, then extract and store everything."""
        self.submit()
        while self.parsing:
            self.collect(block=True)
        self.job.drain(self.pending, self.shas, self.states)


_EXPORTS = (("graphml", "graph.graphml"), ("gexf", "graph.gexf"), ("json", "graph.json"),
            ("cytoscape", "graph.cytoscape.json"), ("html view", "graph.html"))
_WRITERS = ("write_graphml", "write_gexf", "write_node_link", "write_cytoscape", "write_html")


def _write_exports(job: _Job, res: Any) -> None:
    """Graph from the whole database (its fact rows streamed, their names resolved once for
    the links too), then each export; one failing does not stop the others."""
    report, settings = job.report, job.settings
    out = Path(settings.out)
    try:
        from . import export, graph

        out.mkdir(parents=True, exist_ok=True)
        g = graph.build_graph(_store().load_facts(job.engine), res)
    except Exception as exc:  # noqa: BLE001 - the run's data is stored; exports can wait
        report.export_errors["graph"] = f"{type(exc).__name__}: {exc}"
        log.warning(_logfmt("export_failed", export="graph", reason=exc))
        return
    for (name, filename), func in zip(_EXPORTS, _WRITERS, strict=True):
        path = out / filename
        try:
            getattr(export, func)(g, path)
        except Exception as exc:  # noqa: BLE001 - see above
            report.export_errors[name] = f"{type(exc).__name__}: {exc}"
            log.warning(_logfmt("export_failed", export=name, reason=exc))
            continue
        report.exports[name] = str(path)


def _start_workers(settings: Settings) -> None:
    """Start the worker processes (or connect to the Dask cluster) before anything else, so
    that a night that cannot have them stops at once, with the reason."""
    if not pipeline.parallel(settings):
        return
    try:
        pipeline.start_workers(settings)
    except RuntimeError as exc:
        raise RunError(str(exc)) from exc


def _write_outputs(job: _Job) -> None:
    """After the articles: the links, the graph and its exports (unless nothing changed since
    they were written), then the digest; each timed in the report."""
    report = job.report
    if not _outputs_current(job):
        t0 = time.perf_counter()
        try:  # the whole base's names, resolved once for the links and the graph
            from .resolve import fact_mentions, resolve_models

            res = resolve_models(fact_mentions(_store().load_names(job.engine)))
        except Exception as exc:  # noqa: BLE001 - the run's data is stored; outputs can wait
            report.export_errors["graph"] = f"{type(exc).__name__}: {exc}"
            log.warning(_logfmt("export_failed", export="graph", reason=exc))
            return
        _link_models(job, res)
        report.timed("link", t0)
        t0 = time.perf_counter()
        _write_exports(job, res)
        _remember_outputs(job)
        report.timed("exports", t0)
    t0 = time.perf_counter()
    _write_digest(job)
    report.timed("digest", t0)


_STAMP = ".outputs-stamp"  # in --out: what the graph and exports were built from


def _outputs_current(job: _Job) -> bool:
    """A quiet night: the database holds the facts and entities the graph and exports in
    --out were built from (same content stamp, same extractor), and every export is there.
    Then neither the links nor the graph are rebuilt; the report says the exports are
    unchanged."""
    out = Path(job.settings.out)
    try:
        stamp = f"{job.version}|{_store().content_stamp(job.engine)}"
        saved = (out / _STAMP).read_text(encoding="utf-8")
    except Exception:  # noqa: BLE001 - no stamp (first run, another folder): rebuild
        return False
    files = {name: out / filename for name, filename in _EXPORTS}
    if saved != stamp or not all(p.is_file() for p in files.values()):
        return False
    job.report.exports.update({name: f"{path} (unchanged)" for name, path in files.items()})
    return True


def _remember_outputs(job: _Job) -> None:
    """Write the content stamp the exports were built from (only when all were written)."""
    if job.report.export_errors:
        return
    with contextlib.suppress(Exception):
        from .export import write_text

        write_text(Path(job.settings.out) / _STAMP,
                   f"{job.version}|{_store().content_stamp(job.engine)}")


def _link_models(job: _Job, res: Any) -> None:
    """The store's models become the graph's: names that need the whole base to decide
    ("Gemini Flash": which version?) are linked as the graph links them."""
    try:
        moved = _store().link_models(job.engine, res=res)
    except Exception as exc:  # noqa: BLE001 - the facts are stored; linking can wait a night
        job.report.export_errors["model links"] = f"{type(exc).__name__}: {exc}"
        log.warning(_logfmt("link_failed", reason=exc))
        return
    if moved:
        log.info(_logfmt("models_linked", facts=moved))


def _write_digest(job: _Job) -> None:
    """The run's digest into --out: digest.md, digest.html, digest.xml (Atom)."""
    report = job.report
    try:
        import dataclasses

        from .digest import FORMATS, render
        from .export import write_text

        data = _store().digest_data(job.engine, run=report.run_id)
        # the run is not finished yet: its counts are the report's
        data = dataclasses.replace(data, finished=_now().replace("+00:00", "Z"), articles_new=report.new,
                                   facts=report.facts_written)
        out = Path(job.settings.out)
        out.mkdir(parents=True, exist_ok=True)
    except Exception as exc:  # noqa: BLE001 - the run's data is stored; the digest can wait
        report.export_errors["digest"] = f"{type(exc).__name__}: {exc}"
        log.warning(_logfmt("export_failed", export="digest", reason=exc))
        return
    names = {"md": "digest", "html": "digest web", "atom": "atom feed"}
    for fmt, (filename, _) in FORMATS.items():
        path = out / filename
        try:
            write_text(path, render(data, fmt))
        except Exception as exc:  # noqa: BLE001 - see above
            report.export_errors[names[fmt]] = f"{type(exc).__name__}: {exc}"
            continue
        report.exports[names[fmt]] = str(path)
    report.digest_changes = len(data.changes)


def _close_abandoned(engine: Any, settings: Settings) -> list[int]:
    """Mark the runs a dead process left ``running`` as ``abandoned`` (with an end time).

    Called only while this process holds the database's run lock (the lock file beside a
    SQLite database, PostgreSQL's advisory lock): then no other run is alive on it, and any
    ``running`` row is stale.
    """
    from .store.write import close_abandoned_runs

    closed = close_abandoned_runs(engine)
    if closed:
        log.warning(_logfmt("runs_abandoned", runs=",".join(map(str, closed))))
    return closed


def _own_pages(engine: Any) -> set[str] | None:
    """The archived pages that belong to this database: those it fetched. None when it has
    fetched nothing (a new database, rebuilt from the archive)."""
    from .store.read import fetched_urls

    own = fetched_urls(engine, kind="article")
    return own or None


def reprocess(settings: Settings) -> RunReport:
    """Re-extract the archived pages of this database with the current rules, without network.

    An archive belongs to one knowledge base: only the pages this database fetched are read.
    A database that has fetched nothing (a new one, or one deleted to be rebuilt) is refused
    unless ``settings.whole_archive`` says to take every archived page.
    Articles whose text and extractor version are unchanged are left as they are.
    ``settings.since`` keeps the articles published (or, without a date, fetched) on or
    after that day.
    """
    started = time.monotonic()
    since = _since(settings.since)
    archive = Archive(settings.archive)
    if not archive.index_path.exists():
        raise RunError(f"no archive at {settings.archive} (run `extractor run` first)")
    _start_workers(settings)
    with _locked(_lock_paths(settings)), _db_locked(settings):
        engine = _connect(settings)
        store = _store()
        own = _own_pages(engine)
        if own is None and not settings.whole_archive:
            raise RunError(
                f"this database has fetched none of the pages in {settings.archive}: an archive "
                "belongs to the knowledge base that fetched it. To rebuild this database from "
                "every archived page, pass --whole-archive")
        report = RunReport(command="reprocess", db=_shown(settings.db), archive=settings.archive,
                           out=settings.out, started=_now())
        report.abandoned = _close_abandoned(engine, settings)
        stale = store.last_run_ended_early(engine)  # before this run's row
        version = pipeline.extractor_version()
        report.run_id = store.start_run(engine, feeds=0, extractor_version=version)
        progress = _Progress(bool(settings.progress))
        job = _Job(settings, engine, report.run_id, archive, report, version, progress,
                   pipeline.feedback_names(store.known_models(engine)), fetch_state=False,
                   rebuild_all=stale)
        status = "failed"
        pending: list[Article] = []
        shas: dict[str, str | None] = {}
        states: dict[str, Any] = {}
        try:
            archived = [(url, h.last_body) for url, h in archive.history().items()
                        if h.last_body is not None and h.last_body.kind == "page"]
            pages = archived if own is None else [(u, r) for u, r in archived if u in own]
            if len(pages) < len(archived):
                log.info(_logfmt("reprocess_own_pages", pages=len(pages),
                                 other=len(archived) - len(pages)))
            for number, (url, rec) in enumerate(pages, 1):
                progress.show(f"archived pages {number}/{len(pages)}")
                try:
                    body = archive.body(str(rec.sha))
                except (OSError, EOFError, ValueError) as exc:
                    job.fail(url, f"archived body unreadable ({exc})", fetch_state=False)
                    continue
                page = Page(source=url, url=rec.final_url or url, content=body,
                            content_type=rec.content_type, encoding=rec.charset,
                            fetched_at=rec.at)
                try:
                    article = pipeline.read_page(page)
                except ArticleError as exc:
                    job.fail(url, str(exc).removeprefix(f"{url}: "), fetch_state=False)
                    continue
                except Exception as exc:  # noqa: BLE001 - one bad page must not stop the run
                    job.fail(url, f"parsing failed: {pipeline.describe(exc)}", fetch_state=False)
                    continue
                day = article.published or (rec.at or "")[:10]
                if since and day < since:
                    report.skipped += 1
                    continue
                job.consider(article, rec.sha, pending, shas, states)
                if len(pending) >= settings.batch_size:
                    job.flush(pending, shas, states)
            job.drain(pending, shas, states)
            job.reread()
            job.refresh_history()
            _write_outputs(job)
            status = report.outcome
        finally:
            progress.done()
            pipeline.stop_workers()
            job.refresh_history_anyway()
            report.seconds = round(time.monotonic() - started, 3)
            with contextlib.suppress(Exception):  # the database may be what failed
                store.finish_run(engine, report.run_id, report.to_dict(), status=status)
        return report


def read_articles(sources: Iterable[str], settings: Settings,
                  ) -> Iterator[tuple[str, Article | None, str | None]]:
    """``extractor article``: (source, article, None) or (source, None, reason) per input.

    The same parsing as ``run`` (``articles.parse_page``), one fetch per input, no archive.
    """
    from .fetch import get

    lang = None if settings.lang == "auto" else settings.lang
    for source in sources:
        try:
            yield source, parse_page(get(source, settings), lang=lang), None
        except (FetchError, ArticleError) as exc:
            yield source, None, str(exc)
