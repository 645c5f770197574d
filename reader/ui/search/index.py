"""The search index as the search panel keeps it: opened in a thread, searched under a lock.

Kept out of the widget so the panel is only about Textual (workers, results, messages) and
this is only about the index. It imports the search engine (Tantivy, rapidfuzz) at the top, so
the panel imports this module only in its workers: reading alone never pays for search.

Builds and searches take the same lock (the panel's). A search caches what it read (the
vocabulary, the list of articles), so two searches must not run at once (one left behind by a
newer keystroke may still be running), and a build is seconds of work on a big library:
running it beside a search would starve the app's thread of the interpreter while the user
types.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from reader.core.article import ArticleMeta
from reader.core.library import load_article
from reader.core.search.cache import DAMAGED, discard_index, open_index
from reader.core.search.filters import filter_sets
from reader.core.search.index import SearchIndex
from reader.core.search.query import FilterSets, parse_query
from reader.core.search.schema import SearchIndexError
from reader.store.state import Store
from reader.ui.search.results import Answer


class LockedIndex:
    """A search index with the lock its searches take.

    `rebuilt` says why the index had to be built anew when it was opened (damaged, or made by
    another version), for the panel to tell the user; `broken` is set when a search found the
    index unreadable, so the panel builds it again.
    """

    def __init__(
        self,
        index: SearchIndex,
        lock: threading.Lock,
        rebuilt: str | None,
        articles: Sequence[ArticleMeta] = (),
    ) -> None:
        self._index = index
        self._lock = lock
        self.rebuilt = rebuilt
        self.broken = False
        self._articles = articles

    def annotate(self, store: Store) -> None:
        """Highlights and notes are searchable too; they live in the store, so they are read
        again whenever they may have changed (in a thread), and only the articles whose notes
        changed are indexed again."""
        extras: dict[str, list[str]] = defaultdict(list)
        for highlight in store.highlights.all():
            extras[highlight.article_id].append(highlight.quote)
            if highlight.note:
                extras[highlight.article_id].append(highlight.note)
        with self._lock:
            try:
                self._index.set_all_extras(extras)
            except SearchIndexError:
                self.broken = True

    def answer(self, query: str, limit: int, filters: FilterSets | None = None) -> Answer:
        """The best `limit` results for `query`, or a message saying why there are none."""
        with self._lock:
            try:
                results = self._index.search(query, limit=limit, filters=filters)
                closest = None
                if not results:
                    titles = [meta.title for meta in self._articles] or None
                    closest = self._index.suggest(query, titles)
            except SearchIndexError:
                self.broken = True
                return Answer(query, (), "The search index could not be read: rebuilding it…")
        message = ""
        if not results:
            message = f"Nothing found for {query!r}."
            if closest:
                message += f" Closest title: {closest}"
        return Answer(query, results, message)


def open_search_index(
    articles: Sequence[ArticleMeta],
    cache: Path | None,
    store: Store,
    lock: threading.Lock,
    progress: Callable[[int], None],
    *,
    rebuild: bool = False,
) -> LockedIndex:
    """The index of `articles` (the stored one, brought up to date), with their annotations,
    searched under `lock`; `rebuild` discards the stored one first. Runs in a thread, under
    `lock` too."""
    with lock:
        if rebuild and cache is not None:
            discard_index(cache)
        index, report = open_index(articles, cache, load_article, progress=progress)
    rebuilt = report.rebuilt or (DAMAGED if rebuild else None)
    searchable = LockedIndex(index, lock, rebuilt, articles)
    searchable.annotate(store)
    # The words typos are looked for among, read while the first letters are typed (those
    # need none): the fourth letter then finds them ready.
    threading.Thread(target=_read_vocabulary, args=(index,), daemon=True).start()
    return searchable


def _read_vocabulary(index: SearchIndex) -> None:
    with suppress(SearchIndexError):  # a search will say so
        index.lexicon.vocabulary()


def filters_for(query: str, store: Store) -> FilterSets | None:
    """What the query's filters (`is:`, `in:`, `tag:`) keep, read from the store's library
    state; None without any (plain typing never waits on the store)."""
    if not parse_query(query).filters:
        return None
    return filter_sets(store.library.states())
