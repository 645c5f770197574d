"""Refreshing every followed feed: concurrent fetches, at most `jobs` at a time.

Feeds are fetched conditionally (ETag / Last-Modified from the last success), so an unchanged
feed costs a 304. Each entry the store has not seen, or has seen with other content, becomes a
job on the same pool: a full-content entry is saved from the feed's own text, a teaser has its
page fetched and the article extracted. Jobs run in worker threads; this function's thread only
schedules them and counts, which is what lets the app call it from a worker and show progress.

A failed entry is not marked seen, so the next refresh tries it again.

A feed is somebody else's file: one listing 50,000 entries must not make reader fetch 50,000 pages
from a third party's site (nor fill the disk). At most `max_new` teaser entries of a feed have
their pages fetched in one refresh; the others are saved from the feed's own teaser text and
recorded as teasers, so a later refresh (or `reader add URL`) fetches them in full, `max_new` at
a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.files import remove_stale_temporaries
from reader.ingest.errors import IngestError, Unreachable
from reader.ingest.extract import Page, extract, from_fragment
from reader.ingest.feeds import Entry, Feed, parse_feed
from reader.ingest.fetch import DEFAULT_TIMEOUT, Response, check_url, fetch
from reader.ingest.pipeline import Added, keep
from reader.store.config import DEFAULT_FEED_MAX_NEW
from reader.store.feeds import Subscription
from reader.store.state import Store

#: Fetches running at once by default: quick for twenty feeds, gentle on every server.
DEFAULT_JOBS = 6
#: Pages fetched for one feed in one refresh by default (`[feeds] max_new` in the config).
DEFAULT_MAX_NEW = DEFAULT_FEED_MAX_NEW
#: Fingerprint recorded for an entry saved from its teaser only: never equal to a real one, so
#: the next refresh fetches the entry's page.
TEASER_ONLY = "teaser-only"

#: Progress: (jobs done, jobs known so far, what just finished).
Progress = Callable[[int, int, str], None]


@dataclass
class FeedReport:
    """What one feed's refresh did."""

    subscription: Subscription
    title: str
    new: int = 0
    updated: int = 0
    #: Entries saved from the feed's teaser because the feed had more than `max_new` to fetch.
    teasers: int = 0
    #: Entries over the limit with no teaser text to save: left for the next refresh.
    deferred: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""
    unreachable: bool = False
    not_modified: bool = False

    def line(self) -> str:
        """`Title: 3 new, 1 updated, 0 failed`, or why the feed itself failed."""
        if self.error:
            return f"{self.title}: failed: {self.error}"
        counts = f"{self.new} new, {self.updated} updated, {len(self.failed)} failed"
        if self.not_modified:
            counts += " (not modified)"
        if self.teasers or self.deferred:
            counts += f"; over the limit: {self.teasers} saved as teasers"
            if self.deferred:
                counts += f", {self.deferred} left"
            counts += " (the next refresh fetches more)"
        reasons = "".join(f"\n  failed: {name}: {why}" for name, why in self.failed[:5])
        more = len(self.failed) - 5
        return f"{self.title}: {counts}{reasons}" + (f"\n  … and {more} more" if more > 0 else "")


@dataclass
class RefreshReport:
    """Every feed's report, and the figures the benchmark prints."""

    feeds: list[FeedReport] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    extract_seconds: float = 0.0

    @property
    def new(self) -> int:
        return sum(report.new for report in self.feeds)

    @property
    def updated(self) -> int:
        return sum(report.updated for report in self.feeds)

    @property
    def failed(self) -> int:
        """Failed entries plus feeds that failed as a whole."""
        return sum(len(report.failed) + bool(report.error) for report in self.feeds)

    @property
    def offline(self) -> bool:
        """Every feed failed because the network could not be reached."""
        return bool(self.feeds) and all(report.unreachable for report in self.feeds)

    def total_line(self) -> str:
        count = len(self.feeds)
        return (
            f"{count} feed{'' if count == 1 else 's'}: {self.new} new, {self.updated} updated, "
            f"{self.failed} failed ({self.seconds:.1f} s)"
        )


def refresh_feeds(
    store: Store,
    library: Path,
    subscriptions: list[Subscription] | None = None,
    *,
    jobs: int = DEFAULT_JOBS,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress | None = None,
    max_new: int = DEFAULT_MAX_NEW,
) -> RefreshReport:
    """Refresh `subscriptions` (default: all), saving new and changed entries into `library`.

    At most `max_new` pages are fetched per feed; see the module's docstring.
    """
    started = time.perf_counter()
    remove_stale_temporaries(library)  # left by a refresh killed mid-save
    run = _Run(store, library, timeout, progress, max(0, max_new))
    feeds = store.feeds.all() if subscriptions is None else subscriptions
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="refresh") as pool:
        pending: dict[Future[Any], Callable[[Future[Any]], list[_Job]]] = {}
        for subscription in feeds:
            report = FeedReport(subscription, subscription.title or subscription.url)
            run.report.feeds.append(report)
            pending[pool.submit(_fetch_feed, subscription, timeout)] = run.feed_done(report)
        run.total = len(pending)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                for job in pending.pop(future)(future):
                    pending[pool.submit(job.run)] = job.done
                    run.total += 1
    run.report.seconds = time.perf_counter() - started
    return run.report


def _fetch_feed(subscription: Subscription, timeout: float) -> tuple[Response, Feed | None]:
    response = fetch(
        subscription.url,
        kind="feed",
        etag=subscription.etag,
        last_modified=subscription.last_modified,
        timeout=timeout,
    )
    if response.not_modified:
        return response, None
    return response, parse_feed(response.body, response.url, response.content_type)


@dataclass
class _Job:
    run: Callable[[], object]
    done: Callable[[Future[Any]], list[_Job]]


class _Run:
    """Bookkeeping of one refresh, on the scheduling thread only (workers just return values)."""

    def __init__(
        self,
        store: Store,
        library: Path,
        timeout: float,
        progress: Progress | None,
        max_new: int = DEFAULT_MAX_NEW,
    ) -> None:
        self.store = store
        self.library = library
        self.timeout = timeout
        self.max_new = max_new
        self.progress = progress
        self.report = RefreshReport()
        self.finished = 0
        self.total = 0

    def tick(self, what: str) -> None:
        self.finished += 1
        if self.progress is not None:
            self.progress(self.finished, self.total, what)

    def feed_done(self, report: FeedReport) -> Callable[[Future[Any]], list[_Job]]:
        def done(future: Future[Any]) -> list[_Job]:
            self.tick(report.title)
            try:
                response: Response
                feed: Feed | None
                response, feed = future.result()
            except Exception as error:  # IngestError, or a feed no parser expected
                known = isinstance(error, IngestError)
                report.error = str(error) if known else f"cannot read the feed: {error!r}"
                report.unreachable = isinstance(error, Unreachable)
                self.store.feeds.record_check(report.subscription.id, error=report.error)
                return []
            return self.entry_jobs(report, response, feed)

        return done

    def entry_jobs(self, report: FeedReport, response: Response, feed: Feed | None) -> list[_Job]:
        subscription = report.subscription
        jobs, held_back = self.plan(report, feed) if feed is not None else ([], 0)
        # Entries held back by the limit are fetched by the next refresh, so that one must get
        # the whole feed again: the validators are kept only when nothing was held back.
        self.store.feeds.record_check(
            subscription.id,
            title=feed.title if feed else None,
            site_url=feed.site_url if feed else None,
            etag=None if held_back else response.etag,
            last_modified=None if held_back else response.last_modified,
        )
        if feed is None:
            report.not_modified = True
        return jobs

    def plan(self, report: FeedReport, feed: Feed) -> tuple[list[_Job], int]:
        """A job per new or changed entry, and how many were held back by `max_new`."""
        report.title = report.subscription.title or feed.title or report.subscription.url
        seen = self.store.feeds.seen_entries(report.subscription.id)
        jobs = []
        fetches = held_back = 0
        for entry in feed.entries:
            before = seen.get(entry.id)
            if before == entry.fingerprint:
                continue
            needs_page = not entry.full and bool(entry.link)
            teaser_only = needs_page and fetches >= self.max_new
            held_back += teaser_only
            if teaser_only and not entry.html.strip():
                report.deferred += 1
                continue
            fetches += needs_page and not teaser_only
            work = _EntryWork(self, report, entry, is_new=before is None, teaser_only=teaser_only)
            jobs.append(_Job(work.run, work.done))
        return jobs, held_back


class _EntryWork:
    """One entry: fetch its page if the feed has only a teaser, extract, save (in a worker)."""

    def __init__(
        self, run: _Run, report: FeedReport, entry: Entry, *, is_new: bool, teaser_only: bool
    ) -> None:
        self.run_state = run
        self.report = report
        self.entry = entry
        self.is_new = is_new
        self.teaser_only = teaser_only
        self.extract_seconds = 0.0
        self.fetched = False

    def run(self) -> Added:
        entry = self.entry
        page = self.page()
        page = Page(
            url=page.url,
            title=page.title or entry.title,
            blocks=page.blocks,
            byline=page.byline or entry.author,
            date=page.date or entry.date,
            site=page.site,
        )
        state = self.run_state
        return keep(page, state.library, state.store, feed=self.report.title)

    def page(self) -> Page:
        entry = self.entry
        site = self.report.subscription.title or self.report.title
        if entry.full or not entry.link or self.teaser_only:
            fragment = from_fragment(
                entry.html, entry.link or self.report.subscription.url, title=entry.title,
                byline=entry.author, date=entry.date, site=site,
            )  # fmt: skip
            if fragment.blocks:
                return fragment
            raise IngestError("the feed gives no text and no link for this entry")
        response = fetch(check_url(entry.link), kind="page", timeout=self.run_state.timeout)
        started = time.perf_counter()
        page = extract(response.body, response.url, response.content_type, response.charset)
        self.extract_seconds = time.perf_counter() - started
        self.fetched = True
        return page

    def done(self, future: Future[Any]) -> list[_Job]:
        state, report, entry = self.run_state, self.report, self.entry
        state.tick(entry.title or entry.link)
        state.report.pages += self.fetched
        state.report.extract_seconds += self.extract_seconds
        try:
            added = future.result()
        except IngestError as error:
            report.failed.append((entry.title or entry.link or entry.id, str(error)))
            return []
        except OSError as error:  # the library folder: full disk, permissions
            reason = f"cannot save: {error.strerror or error}"
            report.failed.append((entry.title or entry.id, reason))
            return []
        except Exception as error:  # a page no parser expected must not end the whole refresh
            report.failed.append((entry.title or entry.id, f"cannot read the page: {error!r}"))
            return []
        assert isinstance(added, Added)
        relative = added.saved.path.relative_to(state.library).as_posix()
        fingerprint = TEASER_ONLY if self.teaser_only else entry.fingerprint
        state.store.feeds.mark_seen(report.subscription.id, entry.id, fingerprint, relative)
        if self.teaser_only:
            report.teasers += 1
        elif self.is_new:
            report.new += 1
        elif added.saved.status == "updated":
            report.updated += 1
        return []
