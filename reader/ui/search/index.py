"""The search index as the search panel keeps it: opened in a thread, searched under a lock.

Kept out of the widget so the panel is only about Textual (workers, results, messages) and
this is only about the index. It imports the search engine (and rapidfuzz) at the top, so the
panel imports this module only in its workers: reading alone never pays for search.

Builds and searches take the same lock (the panel's). The index caches as it searches, so two
searches must not run at once (one left behind by a newer keystroke may still be running), and
a build is seconds of work on a big library: running it beside a search would starve the app's
thread of the interpreter while the user types.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.core.article import ArticleMeta
from reader.core.library import load_article
from reader.core.search.cache import open_index
from reader.core.search.filters import filter_sets
from reader.core.search.index import SearchIndex
from reader.core.search.query import FilterSets, parse_query
from reader.store.state import Store
from reader.ui.search.results import Answer


class LockedIndex:
    """A search index with the lock its searches take, and the annotations it was given."""

    def __init__(self, index: SearchIndex, lock: threading.Lock) -> None:
        self._index = index
        self._lock = lock
        self._annotated: set[str] = set()

    def annotate(self, store: Store) -> None:
        """Highlights and notes are searchable too; they live in the store, not in the cache,
        so they are read again whenever they may have changed (in a thread)."""
        extras: dict[str, list[str]] = defaultdict(list)
        for highlight in store.highlights.all():
            extras[highlight.article_id].append(highlight.quote)
            if highlight.note:
                extras[highlight.article_id].append(highlight.note)
        with self._lock:
            for article_id in self._annotated - extras.keys():
                self._index.set_extras(article_id, ())
            for article_id, texts in extras.items():
                self._index.set_extras(article_id, texts)
            self._annotated = set(extras)

    def answer(self, query: str, limit: int, filters: FilterSets | None = None) -> Answer:
        """The best `limit` results for `query`, or a message saying why there are none."""
        with self._lock:
            results = self._index.search(query, limit=limit, filters=filters)
            message = ""
            if not results:
                message = f"Nothing found for {query!r}."
                if closest := self._index.suggest(query):
                    message += f" Closest title: {closest}"
        return Answer(query, results, message)


def open_search_index(
    articles: Sequence[ArticleMeta],
    cache: Path | None,
    store: Store,
    lock: threading.Lock,
    progress: Callable[[int], None],
) -> LockedIndex:
    """The index of `articles` (from `cache` when it is current), with their annotations,
    searched under `lock`. Runs in a thread, under `lock` too."""
    with lock:
        index, _report = open_index(articles, cache, load_article, progress=progress)
    searchable = LockedIndex(index, lock)
    searchable.annotate(store)
    return searchable


def filters_for(query: str, store: Store) -> FilterSets | None:
    """What the query's filters (`is:`, `in:`, `tag:`) keep, read from the store's library
    state; None without any (plain typing never waits on the store)."""
    if not parse_query(query).filters:
        return None
    return filter_sets(store.library.states())
