"""Articles parsed and prepared for the search index, in worker processes when there are many.

Building the index of a new library means parsing every article and working out its document
(words, occurrence levels, the compressed text): plain Python, about three milliseconds an
article, which a process pool spreads over the machine's cores while this process hands the
documents to Tantivy. Few articles (a library check finding some changed) are prepared here:
starting workers costs more than it saves. The library's own parser runs in the workers; a
`load` given by the caller (a test's, a benchmark's) runs here and the workers do the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from reader.core.article import Article, ArticleMeta
from reader.core.library import load_article
from reader.core.search.schema import Prepared, StoredArticle, prepare
from reader.core.text.formats import ParseError

if TYPE_CHECKING:
    from concurrent.futures import Executor

#: Articles to prepare before a pool is worth its start.
POOL_FROM = 1000
#: Most worker processes (each holds an article's worth of memory at a time).
MOST_WORKERS = 4
#: Articles sent to a worker at once.
CHUNK = 16
#: Articles in flight at once.
WINDOW = 512

#: An article prepared, or why it could not be read.
Outcome = Prepared | str


def prepared(
    metas: Sequence[ArticleMeta], load: Callable[[ArticleMeta], Article]
) -> Iterator[tuple[ArticleMeta, Outcome]]:
    """Each article of `metas` prepared (or why not), in order: read and prepared by the
    workers with the library's parser, else read here and prepared by them, a window at a
    time (so a big library is never all in memory at once)."""
    done = 0
    pool = _pool(len(metas))
    if pool is not None:
        try:
            for start in range(0, len(metas), WINDOW):
                window = metas[start : start + WINDOW]
                for result in _window(pool, window, load):
                    yield metas[done], result
                    done += 1
        except (RuntimeError, OSError):  # BrokenProcessPool is a RuntimeError
            pass  # the workers could not start, or one died: the rest is prepared here
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    for meta in metas[done:]:
        yield meta, outcome(meta, load)


def _window(
    pool: Executor, metas: Sequence[ArticleMeta], load: Callable[[ArticleMeta], Article]
) -> Iterator[Outcome]:
    if load is load_article:
        yield from pool.map(_prepare_file, metas, chunksize=CHUNK)
        return
    loaded: list[StoredArticle | str] = []
    for meta in metas:
        try:
            loaded.append(StoredArticle.of(load(meta)))
        except (ParseError, OSError) as error:
            loaded.append(str(error) or type(error).__name__)
    yield from pool.map(_prepare_loaded, loaded, chunksize=CHUNK)


def _pool(count: int) -> Executor | None:
    workers = min(MOST_WORKERS, os.cpu_count() or 1)
    if count < POOL_FROM or workers < 2:
        return None
    import multiprocessing  # only for a big build: a tenth of a second to import
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    # forkserver and spawn start clean processes: forking a process with threads (the app) is not
    method = "forkserver" if "forkserver" in methods else "spawn"
    try:
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))
    except (OSError, ValueError):
        return None


def _prepare_file(meta: ArticleMeta) -> Outcome:
    """What a worker does: read and parse one article, and work out its document."""
    return outcome(meta, load_article)


def _prepare_loaded(article: StoredArticle | str) -> Outcome:
    """What a worker does with an article read for it: work out its document."""
    return article if isinstance(article, str) else prepare(article)


def outcome(
    meta: ArticleMeta, load: Callable[[ArticleMeta], Article], extras: Sequence[str] = ()
) -> Outcome:
    """One article read (`load`) and prepared, with the notes it is found by; or why not."""
    try:
        article = load(meta)
    except (ParseError, OSError) as error:
        return str(error) or type(error).__name__
    return prepare(StoredArticle.of(article, extras))
