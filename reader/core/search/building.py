"""Articles parsed and prepared for the search index, in worker processes when there are many.

Building the index of a new library means parsing every article and working out its document
(words, occurrence levels, the compressed text): plain Python, about three milliseconds an
article, which a process pool spreads over the machine's cores while this process hands the
documents to Tantivy. Few articles (a library check finding some changed) are prepared here:
starting workers costs more than it saves. Only the library's own parser can run in a worker;
a `load` given by the caller (a test's) runs here.
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

#: An article prepared, or why it could not be read.
Outcome = Prepared | str


def prepared(
    metas: Sequence[ArticleMeta], load: Callable[[ArticleMeta], Article]
) -> Iterator[tuple[ArticleMeta, Outcome]]:
    """Each article of `metas` prepared (or why not), in order."""
    done = 0
    pool = _pool(len(metas)) if load is load_article else None
    if pool is not None:
        try:
            for result in pool.map(_prepare_file, metas, chunksize=CHUNK):
                yield metas[done], result
                done += 1
        except (RuntimeError, OSError):  # BrokenProcessPool is a RuntimeError
            pass  # the workers could not start, or one died: the rest is prepared here
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    for meta in metas[done:]:
        yield meta, outcome(meta, load)


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


def outcome(
    meta: ArticleMeta, load: Callable[[ArticleMeta], Article], extras: Sequence[str] = ()
) -> Outcome:
    """One article read (`load`) and prepared, with the notes it is found by; or why not."""
    try:
        article = load(meta)
    except (ParseError, OSError) as error:
        return str(error) or type(error).__name__
    return prepare(StoredArticle.of(article, extras))
