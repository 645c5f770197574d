"""The search panel: the results column and everything behind it.

It owns the search index (loaded in a thread worker the first time the user searches, brought
up to date when the library changes), the search worker (one per keystroke, given its query;
a newer keystroke replaces it, and an answer to any query but the one in the bar is dropped)
and the answer on screen. The main screen hands it what it needs (the library's articles, the
store for `is:` filters and annotations, the cache path) and each query typed in the search
bar; the panel posts `Chosen` when a result of that query is to be opened.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reader.core.article import ArticleMeta
from reader.store.state import Store
from reader.ui.search.results import NO_ANSWER, Answer, ResultList, laid_out
from reader.ui.workers import BuildCancelled, stop_if_cancelled

if TYPE_CHECKING:
    from reader.core.search.query import SearchResult
    from reader.ui.search.index import LockedIndex

#: How many results a search shows.
RESULT_LIMIT = 50
#: Seconds the chosen result must stay chosen before the reading pane previews it: typing or
#: holding `down` reads no article per key.
PREVIEW_DELAY = 0.15


class SearchPanel(Widget):
    """Search results beside the reading pane (the screen shows the panel while searching).

    The search bar spans the top of the screen and the panel is one column below it, so the bar
    is not inside the panel: the screen hands each keystroke down (`search`, `move`, `choose`,
    `clear`). The index holds every article's words, so it is only loaded when the user first
    searches (`prepare`): reading alone never pays its memory.
    """

    DEFAULT_CSS = """
    SearchPanel {
        height: 1fr;
        & > ResultList { height: 1fr; }
    }
    """

    class Chosen(Message):
        """A result of the query in the bar was chosen (enter or a click): open its article."""

        def __init__(self, meta: ArticleMeta, result: SearchResult) -> None:
            super().__init__()
            self.meta = meta
            self.result = result

    class Previewed(Message):
        """The cursor rests on a result of the query in the bar: show it, without opening it
        (the focus stays in the bar)."""

        def __init__(self, meta: ArticleMeta, result: SearchResult) -> None:
            super().__init__()
            self.meta = meta
            self.result = result

    class NothingChosen(Message):
        """Enter found no result to open (the query matched nothing, or no longer does)."""

    class Answered(Message):
        """The first answer of a search came while the panel is hidden: show the panel, then
        `reveal` the answer, so the one frame that brings the panel in shows its results."""

    #: The class the panel and the article list carry while the results take the list's place.
    SHOWN = "-searching"

    @property
    def shown(self) -> bool:
        """Whether the results are in the list's place (a query is in the bar)."""
        return self.has_class(self.SHOWN) and not self._held

    def style_ahead(self) -> None:
        """A search starts (`/`): the panel takes the styles it is shown with now, while the
        bar takes the focus, and is held hidden by its own `display` until `set_shown`, so the
        first key of the search does not wait for that restyle (a few ms)."""
        if not self.has_class(self.SHOWN):
            self._held = True
            self.styles.display = "none"
            self.add_class(self.SHOWN)

    def set_shown(self, shown: bool) -> None:
        """Shows the panel in the list's place (its styles set ahead by `style_ahead`, only its
        own `display` is let go) or hides it."""
        if self._held:
            self._held = False
            self.styles.clear_rule("display")  # the stylesheet's says: shown
            self.refresh(layout=True)
        self.set_class(shown, self.SHOWN)

    @property
    def answer_waiting(self) -> bool:
        """Whether an answer to the query in the bar waits for the panel to be shown."""
        return self._unrevealed is not None and self._unrevealed[0].query == self._typed

    def __init__(self, store: Store, cache: Path | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._store = store
        self._cache = cache
        self._articles: Sequence[ArticleMeta] = []
        self._index: LockedIndex | None = None
        self._indexed: list[ArticleMeta] = []  # the articles of that index
        self._lock = threading.Lock()  # one build or search at a time (see index.py)
        self._build: Worker[LockedIndex | None] | None = None  # building or annotating
        self._library_changed = False  # while the index was being built
        self._typed = ""  # the query in the bar, as handed down
        self._choose_when_answered = False
        #: Moves of the cursor typed before the query's answer came: made on that answer.
        self._moves_when_answered = 0
        self._preview: Timer | None = None
        self._searched: str | None = ""  # the query the index answered, as shown
        #: The first answer of a search, shown once the panel is (see `Answered`).
        self._unrevealed: tuple[Answer, bool] | None = None
        self._held = False  # styled as shown, but hidden until the first answer

    def compose(self) -> ComposeResult:
        yield ResultList(id="results")

    # The index.

    def set_articles(self, articles: Sequence[ArticleMeta]) -> None:
        """The library shown now: an index loaded from now on covers these articles (kept as
        they are: a library's index decodes each article only when it is asked for)."""
        self._articles = articles

    def library_checked(self) -> None:
        """The library was checked against the disk and its highlights re-attached: a loaded
        index is brought up to date (once the build under way, if any, is done)."""
        if self._building:
            self._library_changed = True
        elif self._index is not None:
            self._catch_up()

    def prepare(self) -> None:
        """The user is about to search: loads the index in the background, once."""
        if self._index is None and not self._building:
            self._start_build()

    @property
    def _building(self) -> bool:
        return self._build is not None and not self._build.is_finished

    def _start_build(self, *, rebuild: bool = False) -> None:
        self._indexed = list(self._articles)
        self._build = self._build_index(self._indexed, rebuild)

    def _catch_up(self) -> None:
        """Built again when the articles changed; otherwise only the annotations are read
        again (loading the index of a big library again is seconds of work)."""
        if self._index is not None and self._articles == self._indexed:
            self._build = self._annotate(self._index)
        else:
            self._start_build()

    @work(thread=True, group="search-index")
    def _build_index(self, articles: list[ArticleMeta], rebuild: bool) -> LockedIndex | None:
        from reader.ui.search.index import open_search_index  # Tantivy: only when searching

        try:
            return open_search_index(
                articles, self._cache, self._store, self._lock, stop_if_cancelled, rebuild=rebuild
            )
        except BuildCancelled:
            return None

    @work(thread=True, group="search-index")
    def _annotate(self, index: LockedIndex) -> LockedIndex | None:
        index.annotate(self._store)
        return index

    def _index_built(self, index: LockedIndex | None) -> None:
        if index is not None:
            self._index = index
            if index.rebuilt:
                self.notify(f"The search index was built again: {index.rebuilt}.")
            if self._typed:
                self._start_search()  # what was typed while indexing is searched now
        elif self._index is None:
            self._give_up_choice()  # no index: nothing will be chosen
        if self._library_changed:
            self._library_changed = False
            self._catch_up()

    # Searching as you type.

    def search(self, query: str) -> None:
        """A query typed in the bar: searched in a thread; its answer replaces the one shown."""
        self._typed = query
        self._give_up_choice()
        self.prepare()
        self._start_search()

    def _start_search(self) -> None:
        if self._index is None:
            self._answered(Answer(self._typed, (), "Indexing articles for search…"), False)
        else:
            self._search(self._typed, self._index, self.query_one(ResultList).text_width)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str, index: LockedIndex, width: int) -> Answer:
        """The answer to `query`, its rows laid out for `width` here rather than on the app's
        thread (0: the list's width is not known yet)."""
        from reader.ui.search.index import filters_for

        answer = index.answer(query, RESULT_LIMIT, filters_for(query, self._store))
        return laid_out(answer, width) if width else answer

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A build or a search is done: its index or answer is taken on the app's thread."""
        if event.state is not WorkerState.SUCCESS:
            return  # cancelled: quitting, or replaced by a newer keystroke
        if self._build is not None and event.worker is self._build:
            self._index_built(self._build.result)
        elif isinstance(answer := event.worker.result, Answer):
            self._answered(answer)

    def _answered(self, answer: Answer, searched: bool = True) -> None:
        """Shows `answer` (`searched`: the index's, not a word while it is being built)."""
        if self._index is not None and self._index.broken and not self._building:
            self._index = None
            self._start_build(rebuild=True)
        if answer.query != self._typed:
            return  # overtaken by a newer keystroke, or the search was left meanwhile
        if not self.shown:
            self._unrevealed = (answer, searched)
            self.post_message(self.Answered())
            return
        self._show(answer, searched)

    def reveal(self) -> None:
        """The panel is shown: the answer that came while it was hidden goes on it (unless the
        search was left or overtaken meanwhile)."""
        if self.answer_waiting and self._unrevealed is not None:
            (answer, searched), self._unrevealed = self._unrevealed, None
            self._show(answer, searched)

    def _show(self, answer: Answer, searched: bool) -> None:
        self._searched = answer.query if searched else None
        results = self.query_one(ResultList)
        results.show(answer)
        if searched and self._moves_when_answered:
            results.cursor += self._moves_when_answered
            self._moves_when_answered = 0
        count = len(answer.results)
        title = f"Results · {count}{'+' if count == RESULT_LIMIT else ''}"
        if results.border_title != title:  # setting it, even unchanged, redraws the list
            results.border_title = title
        if self._choose_when_answered:
            self._choose_when_answered = False
            self.choose()

    # Choosing.

    def move(self, step: int) -> None:
        """The next (+1) or previous (-1) result becomes the chosen one; while the answer to
        the query typed is on its way, of that answer once it comes (as typed slowly)."""
        results = self.query_one(ResultList)
        if self._searched != self._typed or results.answer.query != self._typed:
            self._moves_when_answered += step
        else:
            results.cursor += step

    def choose(self) -> None:
        """Enter in the bar: opens the chosen result, only ever one answering the query in the
        bar; while that answer is on its way, the first of it once it arrives."""
        if self._preview is not None:
            self._preview.stop()  # chosen: nothing more to preview
        results = self.query_one(ResultList)
        if self._searched != self._typed or results.answer.query != self._typed:
            self._choose_when_answered = True  # the index has not answered the query yet
        elif (chosen := results.current) is not None:
            self._open(chosen)
        else:
            self.post_message(self.NothingChosen())

    @on(ResultList.Chosen)
    def _on_clicked(self, event: ResultList.Chosen) -> None:
        event.stop()
        if event.query == self._typed:
            self._open(event.result)

    @on(ResultList.Moved)
    def _on_moved(self, event: ResultList.Moved) -> None:
        """Another result is chosen: previewed once the cursor has rested there a moment."""
        event.stop()
        if self._preview is not None:
            self._preview.stop()
        if event.result is not None and event.query == self._typed:
            result = event.result
            self._preview = self.set_timer(PREVIEW_DELAY, lambda: self._previewed(result))

    def _previewed(self, result: SearchResult) -> None:
        results = self.query_one(ResultList)
        if results.current is result and results.answer.query == self._typed:
            self._open(result, self.Previewed)

    def _open(self, result: SearchResult, message: type[Chosen | Previewed] = Chosen) -> None:
        meta = next((meta for meta in self._articles if meta.id == result.id), None)
        if meta is not None:  # None: no longer in the library since the search
            self.post_message(message(meta, result))
        elif message is self.Chosen:
            self.post_message(self.NothingChosen())

    def clear(self) -> None:
        """The search was left: no answer is shown, and none still on its way will be."""
        self._typed = self._searched = ""
        self._unrevealed = None
        self._give_up_choice()
        if self._preview is not None:
            self._preview.stop()
        self.query_one(ResultList).show(NO_ANSWER)

    def _give_up_choice(self) -> None:
        """A choice or moves waiting for an answer will not be made: the query they were for
        is gone."""
        self._moves_when_answered = 0
        if self._choose_when_answered:
            self._choose_when_answered = False
            self.post_message(self.NothingChosen())
