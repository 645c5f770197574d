"""Reading many files at once: the quick metadata of each, on every core when there are many.

Indexing is bound by the processor (decoding, hashing, the head rules), and Python runs one
thread at a time, so a first run over thousands of files hands them to a process pool, in
chunks, while the walk of the folders goes on. A handful of files (the bundled samples, a
changed file) is read right here: starting a pool costs more than reading them.

This module imports the parser, so the index imports it only when there are files to read: a
start from the cache never loads either. Workers only ever return lines and reasons, never
raise: a file that breaks the parser is a problem to report, and a worker that dies (killed,
out of memory) is replaced by reading what it had left in this process. A pool started from the
app (which has threads) gets its workers from a clean server process (`forkserver`), never by
copying the app (see `_start_pool`); they ignore Ctrl+C, and the process that started them stops
them (`shutdown`), waiting for no more than the chunk each one is reading.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import suppress
from itertools import chain, islice
from typing import TYPE_CHECKING

from reader.core.library.records import (
    ARTICLE,
    PROBLEM,
    UNREADABLE,
    Stat,
    article_line,
    problem_line,
)
from reader.core.text.formats import ParseError
from reader.core.text.parse import limit_for, os_reason, read_head
from reader.core.text.quick import quick_meta

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

#: Below this many files to read, they are read in this process.
POOL_FROM = 400
#: Files per task handed to a worker: enough to make each hand-over cheap, few enough that
#: stopping waits for little.
CHUNK = 100
#: Chunks handed to the pool ahead, per worker: each worker finds its next chunk waiting, and
#: the walk stays that far ahead of the reading.
AHEAD = 3
#: Seconds between two looks at whether the caller wants to stop, while waiting for workers.
POLL = 0.1

Job = tuple[int, str, str, Stat]
"""One file to read: its place in the walk, path, library folder (root), size and mtime."""

Outcome = tuple[int, int, str]
"""What came of one file: its place in the walk, a kind (`records.ARTICLE`, `PROBLEM`,
`UNREADABLE`), and the record's line (articles and problems) or the reason (unreadable)."""


def read_file(path: str, root: str, stat: Stat) -> tuple[int, str]:
    """The outcome of reading one file (see `Outcome`), never an exception."""
    try:
        data = read_head(path, limit_for(path) + 1)
        meta = quick_meta(data, path=path, relative_path=relative_path(path, root))
        return ARTICLE, article_line(meta, stat)
    except ParseError as error:
        if isinstance(error.__cause__, OSError):  # unreadable now, maybe not after a chmod
            return UNREADABLE, str(error)
        return PROBLEM, problem_line(path, stat, str(error) or "cannot be parsed")
    except OSError as error:
        return UNREADABLE, os_reason(error)
    except Exception as error:  # a parser bug on one file must not hide the library
        return UNREADABLE, f"could not be read ({type(error).__name__}), please report it"


def relative_path(path: str, root: str) -> str:
    """The path from the library folder, as the article id is made of (POSIX separators)."""
    prefix = root if root.endswith(os.sep) else root + os.sep
    relative = path[len(prefix) :] if path.startswith(prefix) else os.path.basename(path)
    return relative.replace(os.sep, "/") if os.sep != "/" else relative


def read_chunk(jobs: list[Job]) -> list[Outcome]:
    """A worker's task: the outcome of each job."""
    return [(place, *read_file(path, root, stat)) for place, path, root, stat in jobs]


def read_all(
    jobs: Iterable[Job],
    outcomes: Callable[[list[Outcome]], None],
    workers: int | None = None,
) -> None:
    """Read every job, handing the outcomes to `outcomes` as they come (in no set order).

    `jobs` may be a generator still walking the folders. The first `POOL_FROM` are read here,
    the first chunk of them before anything else (the list shows them at once); the rest go
    to a pool when there are more than that and more than one core. `outcomes` may raise to
    stop (the app is quitting): the workers are then stopped too, each after the chunk it is
    reading.
    """
    jobs = iter(jobs)
    first = list(islice(jobs, CHUNK))
    _read_here(first, outcomes)  # the first articles to show, before anything else
    more = list(islice(jobs, max(0, POOL_FROM - len(first))))
    upcoming = next(jobs, None)  # beyond POOL_FROM: the pool is worth starting
    count = cores() if workers is None else workers
    pool = _start_pool(count) if upcoming is not None and count > 1 else None
    if upcoming is not None:
        jobs = chain([upcoming], jobs)
    if pool is None:
        _read_here(chain(more, jobs), outcomes)
        return
    try:
        _read_here(more, outcomes)
        _read_in_pool(pool, jobs, outcomes, count)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def cores() -> int:
    """How many processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _read_here(jobs: Iterable[Job], outcomes: Callable[[list[Outcome]], None]) -> None:
    remaining = iter(jobs)
    while chunk := list(islice(remaining, CHUNK)):
        outcomes(read_chunk(chunk))


def _start_pool(workers: int) -> ProcessPoolExecutor | None:
    """A pool of `workers` processes, started now (None where there cannot be one).

    A process with one thread (`reader list`) is copied (`fork`, on Linux: the quickest, with
    the parser already loaded); one with more (the app) must not be, as a copy would hold locks
    no thread of it will release, so its workers come from a clean server process (`forkserver`,
    which loads the parser once) or, without one, start afresh (`spawn`)."""
    import multiprocessing  # only for hundreds of files: a few are read without a pool
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    alone = threading.active_count() == 1 and sys.platform == "linux" and "fork" in methods
    method = "fork" if alone else "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([__name__, "reader.core.text.quick"])
    try:
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_interrupts)
    except (OSError, ValueError, NotImplementedError):  # no semaphores here, say
        return None
    if alone:  # copied now, while this is the only thread
        _warm_up(pool, workers)
    else:  # each started in a blocking call: in a thread, while the next files are read here
        threading.Thread(target=_warm_up, args=(pool, workers), daemon=True).start()
    return pool


def _warm_up(pool: ProcessPoolExecutor, workers: int) -> None:
    with suppress(Exception):  # a pool that cannot start is found out by the real tasks
        for _ in range(workers):
            pool.submit(os.getpid)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _read_in_pool(
    pool: ProcessPoolExecutor,
    jobs: Iterator[Job],
    outcomes: Callable[[list[Outcome]], None],
    workers: int,
) -> None:
    """Chunks go to the pool as the walk yields them, `AHEAD` per worker at a time; outcomes are
    handed on as they come. (With every chunk of 100,000 files handed over at once, each look
    at which had finished went over a thousand futures: a cost that grew with the square of
    the library, 0.4 s of this process's work at 100,000.)"""
    pending: dict[Future[list[Outcome]], list[Job]] = {}
    walking = True
    while walking or pending:
        while walking and len(pending) < workers * AHEAD:
            chunk = list(islice(jobs, CHUNK))
            walking = len(chunk) == CHUNK
            if chunk:
                pending[_submit(pool, chunk)] = chunk
        done = wait(pending, timeout=POLL, return_when=FIRST_COMPLETED).done
        if not done:
            outcomes([])  # a look at whether to stop
        for future in done:
            chunk = pending.pop(future)
            try:
                done_here = future.result()
            except Exception:  # a worker died (BrokenProcessPool): what it had is read here
                done_here = read_chunk(chunk)
            outcomes(done_here)


def _submit(pool: ProcessPoolExecutor, chunk: list[Job]) -> Future[list[Outcome]]:
    try:
        return pool.submit(read_chunk, chunk)
    except Exception:  # the pool broke, or its workers could not start: read this chunk here
        future: Future[list[Outcome]] = Future()
        future.set_result(read_chunk(chunk))
        return future
