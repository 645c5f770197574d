"""The fetch queue at work: imported addresses fetched in the background, politely.

Rows come from the store (`store.queue.due`), and each is taken with a lease before it is
fetched, so a second `reader` (the app while `reader fetch` runs) never fetches the same page.
At most `per_host` pages of one site are fetched at once, sites taking turns; a site answering
429 or 503 is left alone for as long as it asked (`Retry-After`) or, failing that, for a pause
that doubles with each try; after `MAX_ATTEMPTS` tries a page is a failure, listed with its
reason (`reader fetch --retry` queues the failures again). When pages of several sites in a row
cannot even be reached, the network is down: the run stops, keeping every row for later.
Waits longer than `patience` are not waited out: those rows stay queued for the next run.

Everything the user might be waiting on is in the store at every moment, so a run killed at any
point is carried on by the next one, and nothing saved is fetched twice.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from msgspec.structs import replace

from reader.core.files import ensure_private_dir, remove_stale_temporaries
from reader.ingest.fetch import DEFAULT_TIMEOUT
from reader.ingest.queue_page import Tried, Verdict, fetch_row
from reader.store.queue import DONE, FAILED, GONE, QUEUED, Settled, WebArticle
from reader.store.state import Store

#: Pages of one site fetched at once, at most.
PER_HOST = 2
#: Pages fetched at once, all sites together.
DEFAULT_JOBS = 8
#: Tries before a page counts as failed.
MAX_ATTEMPTS = 5
#: The first pause after a failed try, in seconds (doubled with each try, up to `MAX_PAUSE`).
FIRST_PAUSE = 30.0
MAX_PAUSE = 6 * 3600.0
#: Different sites unreachable in a row (nothing fetched between) that mean the network is down.
OFFLINE_AFTER = 3
#: How long an offline row waits before it is due again.
OFFLINE_PAUSE = 60.0
#: Seconds between two writes of the outcomes gathered (they stay leased until then).
FLUSH_EVERY = 0.5
#: Seconds a lease outlasts the fetch's own timeout (extraction and saving): a fetcher killed
#: without a word holds its pages no longer than that.
LEASE_MARGIN = 20.0

#: Progress: (pages finished, pages known so far, what just finished).
Progress = Callable[[int, int, str], None]


@dataclass
class QueueReport:
    """What one run did: pages saved, failures with their reasons, and what is left."""

    saved: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    gone: list[tuple[str, str]] = field(default_factory=list)
    #: Pages asked to wait longer than the run's patience (still queued).
    waiting: int = 0
    offline: bool = False
    stopped: bool = False
    seconds: float = 0.0

    @property
    def finished(self) -> int:
        return self.saved + len(self.failed) + len(self.gone)


class _Run:
    """One run's schedule: queued rows by site, sites' turns and pauses, pages in flight."""

    def __init__(self, store: Store, per_host: int, patience: float) -> None:
        self.store = store
        self.per_host = per_host
        self.patience = patience
        self.sites: dict[str, deque[WebArticle]] = {}
        self.turns: deque[str] = deque()
        self.active: Counter[str] = Counter()
        self.paused: dict[str, float] = {}
        self.known: set[str] = set()
        self.total = 0
        self.unreachable: set[str] = set()
        #: Outcomes not yet in the store, and when they were last written.
        self.settled: list[Settled] = []
        self.flushed = time.monotonic()

    def flush(self, force: bool = False) -> None:
        """Write the outcomes gathered so far, in one transaction, at most every
        `FLUSH_EVERY` seconds (a commit per page would cost more than the page)."""
        if self.settled and (force or time.monotonic() - self.flushed >= FLUSH_EVERY):
            self.store.queue.settle(self.settled)
            self.settled = []
            self.flushed = time.monotonic()

    def load(self, now: float) -> int:
        """Add the store's due rows not seen in this run yet; how many."""
        added = 0
        for row in self.store.queue.due(now, limit=1_000_000):
            if row.article_id not in self.known:
                self.queue(row)
                added += 1
        self.total += added
        return added

    def queue(self, row: WebArticle) -> None:
        self.known.add(row.article_id)
        if row.host not in self.sites:
            self.sites[row.host] = deque()
            self.turns.append(row.host)
        self.sites[row.host].append(row)

    def next_rows(self, now: float, room: int) -> list[WebArticle]:
        """Up to `room` rows that may start now, sites taking turns."""
        chosen: list[WebArticle] = []
        idle = 0  # sites visited in a row that could not start a page
        while self.turns and len(chosen) < room and idle < len(self.turns):
            host = self.turns[0]
            self.turns.rotate(-1)
            rows = self.sites[host]
            if not rows:
                self.turns.remove(host)
                del self.sites[host]
                continue
            ready = self.paused.get(host, 0.0) <= now and rows[0].not_before <= now
            if ready and self.active[host] < self.per_host:
                chosen.append(rows.popleft())
                self.active[host] += 1
                idle = 0
            else:
                idle += 1
        return chosen

    def next_wake(self) -> float | None:
        """When a queued row of this run may start, None if none is queued."""
        times = [
            max(self.paused.get(host, 0.0), rows[0].not_before)
            for host, rows in self.sites.items()
            if rows
        ]
        return min(times) if times else None

    @property
    def empty(self) -> bool:
        return not any(self.sites.values())


def fetch_queued(
    store: Store,
    library: Path,
    *,
    jobs: int = DEFAULT_JOBS,
    per_host: int = PER_HOST,
    timeout: float = DEFAULT_TIMEOUT,
    patience: float = 120.0,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> QueueReport:
    """Fetch every due page of the queue; returns when it is empty, when what is left must wait
    longer than `patience`, when the network is down, or when `stop` is set."""
    started = time.monotonic()
    report = QueueReport()
    run = _Run(store, per_host, patience)
    halt = stop or threading.Event()
    ensure_private_dir(library)
    remove_stale_temporaries(library)  # left by a save killed half-way
    run.load(time.time())
    lease = timeout + LEASE_MARGIN
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="fetch-queue")
    flying: dict[Future[Tried], WebArticle] = {}
    try:
        while not halt.is_set() and not report.offline:
            _start(run, pool, flying, jobs, lease, (library, timeout))
            if not flying and not _idle(run, halt, report):
                break
            if flying:
                done, _ = wait(flying, timeout=0.25, return_when=FIRST_COMPLETED)
                for future in done:
                    del flying[future]
                    _settle(run, report, future.result(), progress)
            run.flush()
        while flying and not halt.is_set():  # offline: let the pages in flight finish
            for future in wait(flying, return_when=FIRST_COMPLETED)[0]:
                del flying[future]
                _settle(run, report, future.result(), progress)
    except KeyboardInterrupt:
        halt.set()
    finally:
        # Stopped: pages in flight are not waited for; their rows are free for the next run at
        # once (a page saved meanwhile is found there, not fetched again).
        for future, row in flying.items():
            future.cancel()
            run.settled.append(Settled(row.article_id, QUEUED, tried=False))
        run.flush(force=True)
        pool.shutdown(wait=not halt.is_set(), cancel_futures=True)
    report.stopped = halt.is_set()
    report.waiting = sum(len(rows) for rows in run.sites.values())
    report.seconds = time.monotonic() - started
    return report


def _idle(run: _Run, halt: threading.Event, report: QueueReport) -> bool:
    """Nothing in flight: wait for the next row that may start (within patience), or look for
    new ones in the store; False when there is nothing left to do in this run."""
    run.flush(force=True)
    now = time.time()
    if run.empty and not run.load(now):
        due = run.store.queue.next_due()
        if due is None or due - now > run.patience:
            return False
        halt.wait(min(max(due - now, 0.05), 1.0))
        return True
    wake = run.next_wake()
    if wake is None:
        return True
    if wake - now > run.patience:
        return False
    halt.wait(min(max(wake - now, 0.0), 1.0))
    return True


def _start(
    run: _Run,
    pool: ThreadPoolExecutor,
    flying: dict[Future[Tried], WebArticle],
    jobs: int,
    lease: float,
    where: tuple[Path, float],
) -> None:
    """Lease the rows that may start now (one transaction) and hand them to the pool."""
    now = time.time()
    rows = run.next_rows(now, jobs - len(flying))
    if not rows:
        return
    taken = run.store.queue.take([row.article_id for row in rows], now, now + lease)
    for row in rows:
        if row.article_id in taken:
            flying[pool.submit(fetch_row, row, run.store, *where)] = row
        else:  # another fetcher has it
            run.active[row.host] -= 1


def _settle(run: _Run, report: QueueReport, tried: Tried, progress: Progress | None) -> None:
    """Record one try (in the store at the next `flush`) and in the run."""
    row = tried.row
    run.active[row.host] -= 1
    now = time.time()
    if tried.verdict is Verdict.SAVED:
        run.settled.append(Settled(row.article_id, DONE))
        report.saved += 1
        run.unreachable.clear()
    elif tried.verdict is Verdict.GONE:
        run.settled.append(Settled(row.article_id, GONE, tried.reason))
        report.gone.append((row.url, tried.reason))
    elif tried.verdict is Verdict.OFFLINE and _offline(run, row):
        run.settled.append(
            Settled(row.article_id, QUEUED, tried.reason, now + OFFLINE_PAUSE, tried=False)
        )
        report.offline = True
        return
    elif tried.verdict is Verdict.FAILED or row.attempts + 1 >= MAX_ATTEMPTS:
        run.settled.append(Settled(row.article_id, FAILED, tried.reason))
        report.failed.append((row.url, tried.reason))
    else:
        _later(run, tried, now)
        return
    if progress is not None:
        progress(report.finished, run.total, row.title or row.url)


def _offline(run: _Run, row: WebArticle) -> bool:
    run.unreachable.add(row.host)
    return len(run.unreachable) >= OFFLINE_AFTER


def _later(run: _Run, tried: Tried, now: float) -> None:
    """Queue the row again after the pause the server asked for, or a growing one."""
    row = tried.row
    pause = tried.wait if tried.wait is not None else min(FIRST_PAUSE * 2**row.attempts, MAX_PAUSE)
    again = now + pause
    run.settled.append(Settled(row.article_id, QUEUED, tried.reason, again))
    if tried.busy:
        run.paused[row.host] = max(run.paused.get(row.host, 0.0), again)
    run.queue(replace(row, attempts=row.attempts + 1, not_before=again))
