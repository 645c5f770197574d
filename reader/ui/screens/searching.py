"""The search side of the main screen: index upkeep, searching as you type, opening a result.

The base class of `MainScreen`, kept apart so each file has one job. The index is built (or
loaded from its cache) in a thread once the library is known; each keystroke starts a thread
worker that replaces the previous one, and a result that arrives for an older query is dropped.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import get_current_worker

from reader.core.article import ArticleMeta
from reader.core.library import LibraryIndex, load_article
from reader.store.state import Store
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.result_list import ResultList
from reader.ui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from reader.core.search.index import SearchIndex
    from reader.core.search.query import SearchResult


class BuildCancelled(Exception):
    """Raised inside a long index build when its worker was cancelled (the app is quitting)."""


def stop_if_cancelled(_done: int) -> None:
    """Progress callback for long builds: a thread cannot be killed, so it checks in."""
    if get_current_worker().is_cancelled:
        raise BuildCancelled


#: How many results a search shows.
RESULT_LIMIT = 50


class SearchingScreen(Screen[None]):
    """The search behaviour `MainScreen` builds on; it provides the store, index and panes."""

    store: Store
    index: LibraryIndex
    search_cache: Path | None
    _search_index: SearchIndex | None
    _search_lock: threading.Lock

    def _init_search(self, search_cache: Path | None) -> None:
        self.search_cache = search_cache
        self._search_index = None
        self._search_lock = threading.Lock()  # the index is not thread-safe
        self._search_building = False

    # Index upkeep. The index holds every article's words, so it is only loaded when the user
    # first searches: reading alone never pays its memory.

    def _ensure_search_index(self) -> None:
        if self._search_index is None and not self._search_building:
            self._search_building = True
            self._build_search_index(list(self.index.articles))

    def _library_changed_for_search(self) -> None:
        """The checked library is known: bring a loaded index up to date with it."""
        if self._search_index is not None:
            self._build_search_index(list(self.index.articles))

    @work(thread=True, exclusive=True, group="search-index")
    def _build_search_index(self, articles: list[ArticleMeta]) -> None:
        from reader.core.search.cache import open_index  # with rapidfuzz: only when searching

        with self._search_lock:
            try:
                index, _report = open_index(
                    articles, self.search_cache, load_article, progress=stop_if_cancelled
                )
            except BuildCancelled:
                self._search_building = False
                return
            self._refresh_annotations(index)
            self._search_index = index
        self._search_building = False
        query = self.query_one(SearchBar).value
        if query.strip():
            self.app.call_from_thread(self._search, query)

    def _refresh_annotations(self, index: SearchIndex) -> None:
        """Highlights and notes are searchable too; they live in the store, not in the cache."""
        extras: dict[str, list[str]] = defaultdict(list)
        for highlight in self.store.highlights.all():
            extras[highlight.article_id].append(highlight.quote)
            if highlight.note:
                extras[highlight.article_id].append(highlight.note)
        for article_id, texts in extras.items():
            index.set_extras(article_id, texts)

    # Searching as you type.

    def action_search(self) -> None:
        # Focus now, not after the next refresh: keys typed right after `/` belong to the bar.
        self.set_focus(self.query_one(SearchBar))
        self._ensure_search_index()

    def on_input_changed(self, event: Input.Changed) -> None:
        if not isinstance(event.input, SearchBar):
            return
        if not event.value.strip():
            self._leave_search(keep_focus=True)
            return
        self.add_class("-searching")
        self._ensure_search_index()
        self._search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        index = self._search_index
        if index is None:
            self.app.call_from_thread(
                self._show_results, query, [], "Indexing articles for search…"
            )
            return
        from reader.core.search.query import FilterSets

        filters = None
        if "is:" in query.lower():  # only filters need the store; plain typing never waits on it
            filters = FilterSets(
                bookmarked=self.store.bookmarks.article_ids(),
                highlighted=set(self.store.highlights.counts()),
                read=self.store.reading.read_ids(),
            )
        with self._search_lock:
            results = index.search(query, limit=RESULT_LIMIT, filters=filters)
            message = ""
            if not results:
                closest = index.suggest(query)
                message = f"Nothing found for {query!r}."
                if closest:
                    message += f" Closest title: {closest}"
        self.app.call_from_thread(self._show_results, query, results, message)

    def _show_results(self, query: str, results: list[SearchResult], message: str) -> None:
        if query != self.query_one(SearchBar).value or not self.has_class("-searching"):
            return  # overtaken by a newer keystroke, or the search was left meanwhile
        result_list = self.query_one(ResultList)
        result_list.show(results, message)
        count = len(results)
        result_list.border_title = f"Results · {count}{'+' if count == RESULT_LIMIT else ''}"

    # Moving and opening.

    def on_search_bar_moved(self, event: SearchBar.Moved) -> None:
        self.query_one(ResultList).cursor += event.step

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, SearchBar) and (chosen := self.query_one(ResultList).current):
            self._open_result(chosen)

    def on_result_list_chosen(self, event: ResultList.Chosen) -> None:
        self._open_result(event.result)

    def _open_result(self, result: SearchResult) -> None:
        meta = self._meta_by_id(result.id)
        if meta is not None:
            self.open_article(meta, offset=result.offset, matches=list(result.match_offsets))

    def _meta_by_id(self, article_id: str) -> ArticleMeta | None:
        return next((meta for meta in self.index.articles if meta.id == article_id), None)

    def on_search_bar_cancelled(self) -> None:
        self.query_one(SearchBar).value = ""
        self._leave_search(keep_focus=False)

    def _leave_search(self, *, keep_focus: bool) -> None:
        """Back to the list exactly as it was: the search never touched its cursor."""
        self.remove_class("-searching")
        self.query_one(ResultList).show([])
        self.query_one(ReadingPane).clear_matches()
        if not keep_focus:
            self.remove_class("-reading")
            self.query_one(ArticleList).focus()

    def open_article(
        self,
        meta: ArticleMeta,
        offset: int | None = None,
        matches: list[tuple[int, int]] | None = None,
    ) -> None:
        raise NotImplementedError

    def back_from_reading(self) -> bool:
        """Escape in the reading pane during a search returns to the results, not the list."""
        if self.has_class("-searching") and isinstance(self.focused, ReadingPane):
            self.remove_class("-reading")
            self.query_one(SearchBar).focus()
            return True
        return False
