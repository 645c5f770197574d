"""The main screen: owns what is being read and hands it down to the two panes.

The panes only draw and report what the user did (messages); this screen decides what that
means, talks to the store, and loads article bodies in threads so the keyboard never waits.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from reader.core.article import Article, ArticleMeta
from reader.core.library import LibraryIndex, cached_index, load_index
from reader.store.state import Store
from reader.ui.article_notices import key_of, show_more
from reader.ui.fetching import BackgroundFetch
from reader.ui.guard import BUSY_MESSAGE, StoreWrites, guarded
from reader.ui.keys import bindings
from reader.ui.screens.annotating import Annotations
from reader.ui.screens.layout import PaneLayout
from reader.ui.screens.opening import ArticleOpener
from reader.ui.screens.places import ReadingPlaces, list_marks
from reader.ui.screens.problems import ProblemsScreen, skipped_summary
from reader.ui.screens.review.launch import ReviewLauncher, ReviewSetup
from reader.ui.search.bar import SearchBar
from reader.ui.search.panel import SearchPanel
from reader.ui.type_ahead import TypeAhead
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.find_bar import FindLine
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.note_peek import NotePeek
from reader.ui.widgets.reading_messages import AnnotationRequest
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.reading_view import MEASURE
from reader.ui.workers import BuildCancelled, stop_if_cancelled

#: Why keys typed ahead wait for a search result to open.
CHOOSING = "open the chosen result"
#: Seconds between two checks for changes made by another `reader` on the same data folder.
OTHER_SESSIONS_POLL = 2.0


class MainScreen(Screen[None]):
    """Article list on the left, reading pane on the right.

    Its own keys (back, `/` and `s` search, `z` full width, original, `H`, `M`, `V` review,
    `A` add, `R` refresh, ...) are the `Command`s named in `BINDINGS`; `reader/ui/keys.py` says
    what each does.
    """

    BINDINGS = bindings(
        "reader.back",
        "reader.search",
        "reader.search_library",
        "reader.full_width",
        "reader.original",
        "reader.next_pane",
        "reader.prev_pane",
        "reader.highlights",
        "reader.bookmarks",
        "reader.review",
        "reader.add_url",
        "reader.refresh",
        "reader.problems",
        "reader.links",
        "reader.more",
    )

    def __init__(
        self,
        paths: list[Path],
        store: Store,
        writes: StoreWrites,
        cache_path: Path | None,
        search_cache: Path | None = None,
        *,
        keys: TypeAhead,
        measure: int = MEASURE,
        other_sessions_poll: float = OTHER_SESSIONS_POLL,
        review: ReviewSetup | None = None,
    ) -> None:
        super().__init__()
        #: Keys typed ahead: held while a search result or a note editor is on its way.
        self.keys = keys
        self.search_cache = search_cache
        self.other_sessions_poll = other_sessions_poll
        self.paths = paths
        self.store = store
        self.cache_path = cache_path
        self.index = LibraryIndex(articles=[], problems=[])
        #: Where each article was left, and which were read.
        self.writes = writes
        self.places = ReadingPlaces(self, store, writes, self._refresh_marks)
        self._reading = ReadingPane(id="reading", measure=measure)
        #: Which panes are shown: for the screen's size and the reader's choice of full width.
        self.panes = PaneLayout(self, store, writes, measure)
        #: Highlights, notes and bookmarks: what the reading pane's requests mean to the store.
        self.annotations = Annotations(self, store, writes, self._reading, self._refresh_marks)
        #: Articles read in a thread and shown in the reading pane.
        self.opener = ArticleOpener(
            self, self._reading, self.places, self.annotations, self._refresh_marks
        )
        self.review = ReviewLauncher(self, store, writes, review)  # V, and back to it
        #: Imported articles still to fetch: listed, and fetched in the background.
        self.fetching = BackgroundFetch(self, store, self.reload_library)

    @property
    def current(self) -> Article | None:
        """The article being read."""
        return self._reading.article

    def compose(self) -> ComposeResult:
        yield SearchBar()
        with Horizontal(id="panes"):
            yield ArticleList(id="articles")
            yield SearchPanel(self.store, self.search_cache, id="search-panel")
            with Vertical(id="reading-column"):
                yield self._reading
                yield NotePeek(id="note-peek")
        yield Static(id="too-small", markup=False)
        yield KeyBar()
        yield FindLine(self._reading)

    def on_mount(self) -> None:
        article_list = self.query_one(ArticleList)
        article_list.border_title = "Articles"
        article_list.empty_message = "Loading the library…"
        self.query_one(ReadingPane).border_title = "Reading"
        article_list.focus()
        self.panes.load()
        self.panes.apply()
        quick = cached_index(self.paths, self.cache_path)
        if quick is None:
            self._load_library()
        else:
            # Draw the cached list first; check it against the disk once it is on screen.
            self._library_loaded(quick)
            self.call_after_refresh(self._load_library)
        self.set_interval(self.other_sessions_poll, self._poll_other_sessions)
        self.writes.busy_signal.subscribe(self, self._saving)

    def _saving(self, busy: bool) -> None:
        """A write is waiting for the database (another program holds it): the key bar says so
        until every write is answered."""
        self.query_one(KeyBar).status = BUSY_MESSAGE if busy else ""

    def _poll_other_sessions(self) -> None:
        """Another `reader` on the same data (a second SSH login) changed something: show it."""
        if guarded(self.app, "check for other sessions' changes", self.store.changed_externally):
            self.annotations.reload()

    # Library loading.

    @work(thread=True, exclusive=True, group="library")
    def _load_library(self) -> None:
        try:
            index = load_index(self.paths, self.cache_path, progress=self._indexing)
        except BuildCancelled:
            return
        index = self.fetching.with_pending(index, self.paths)
        self.app.call_from_thread(self._library_loaded, index)
        # Highlights of articles whose text changed are re-attached now, so every status is
        # current; only those articles are parsed.
        if self.annotations.reanchor_library(index.articles):
            self.app.call_from_thread(self._refresh_marks)
        self.app.call_from_thread(self._library_checked)

    def _indexing(self, parsed: int) -> None:
        """Progress of a first (uncached) indexing run, reported from the worker thread."""
        stop_if_cancelled(parsed)  # quitting during a long first run must not wait for it
        self.app.call_from_thread(self._show_indexing, parsed)

    def _show_indexing(self, parsed: int) -> None:
        article_list = self.query_one(ArticleList)
        article_list.empty_message = f"Indexing the library… {parsed:,} files read"
        article_list.refresh()

    def _library_loaded(self, index: LibraryIndex) -> None:
        """Shows `index`: first the cached one, then the one checked against the disk.

        The check usually finds nothing new; the list is only replaced when it did, and the
        cursor stays on the article it was on.
        """
        article_list = self.query_one(ArticleList)
        article_list.empty_message = (
            "No articles here. Run `reader PATH` on a folder of .txt, .md or .html files."
        )
        if index.articles != self.index.articles or not self.index.articles:
            current = article_list.current
            article_list.set_articles(index.articles)
            if current is not None:
                article_list.select_id(current.id)
        self.index = index
        self.query_one(SearchPanel).set_articles(index.articles)
        article_list.border_title = f"Articles · {len(index.articles):,}"
        self._refresh_marks()
        if index.problems:
            self.notify(
                skipped_summary(len(index.problems), key_of(self.app, "reader.problems")),
                title="Some files could not be read",
                severity="warning",
                markup=False,
            )

    def _library_checked(self) -> None:
        self.query_one(SearchPanel).library_checked()
        self.fetching.start()  # once the list is drawn (only the first time)

    def _refresh_marks(self) -> None:
        """The list's marks (unread, bookmarked, how many highlights) from the store."""
        store, ids = self.store, [meta.id for meta in self.index.articles]
        marks = guarded(self.app, "read the list's marks", lambda: list_marks(store, ids))
        if marks is not None:
            self.query_one(ArticleList).set_marks(*marks)

    # Opening articles.

    @on(ArticleList.Opened)
    def _on_opened(self, event: ArticleList.Opened) -> None:
        self.open_article(event.meta)

    def open_article(
        self,
        meta: ArticleMeta,
        offset: int | None = None,
        matches: list[tuple[int, int]] | None = None,
    ) -> None:
        """Loads `meta`'s body in a thread and shows it; the list stays usable meanwhile.

        `offset` (a search result's passage) overrides the remembered reading position;
        `matches` are marked in the text for n/N.
        """
        if not self.has_class("-searching"):
            self.query_one(ArticleList).select_id(meta.id)
        self.panes.read()  # now: the keys typed right behind are for the article
        self.opener.open(meta, offset, matches or [])

    @property
    def palette_articles(self) -> list[ArticleMeta]:
        """Articles offered by the command palette, in list order."""
        return self.index.articles

    # Search: typed in the bar at the top, answered by the panel in the list's place.

    def action_search(self) -> None:
        # Focus now, not after the next refresh: keys typed right after `/` belong to the bar.
        self.set_focus(self.query_one(SearchBar))
        self.query_one(SearchPanel).prepare()

    @on(Input.Changed, "SearchBar")
    def _on_query(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.add_class("-searching")
            self.query_one(SearchPanel).search(event.value)
        else:
            self._leave_search(keep_focus=True)

    @on(Input.Submitted, "SearchBar")
    def _on_search_enter(self) -> None:
        self.keys.hold(CHOOSING)  # the keys typed behind enter are for the article it opens
        self.query_one(SearchPanel).choose()

    def on_search_bar_moved(self, event: SearchBar.Moved) -> None:
        self.query_one(SearchPanel).move(event.step)

    def on_search_bar_cancelled(self) -> None:
        self._leave_search(keep_focus=False)

    def on_search_panel_chosen(self, event: SearchPanel.Chosen) -> None:
        self.open_article(event.meta, event.result.offset, list(event.result.match_offsets))
        self.keys.release(CHOOSING)

    def on_search_panel_nothing_chosen(self) -> None:
        self.keys.release(CHOOSING)

    def on_reading_pane_find_requested(self) -> None:
        self.query_one(FindLine).start()

    def _leave_search(self, *, keep_focus: bool) -> None:
        """Back to the list exactly as it was: the search never touched its cursor."""
        self.remove_class("-searching")
        self.query_one(SearchPanel).clear()
        self.query_one(ReadingPane).clear_matches()
        if not keep_focus:
            self.panes.back()

    # Reading position.

    @on(ReadingPane.PositionChanged)
    def _on_position(self, event: ReadingPane.PositionChanged) -> None:
        self.places.scrolled(event.article_id, event.offset)

    def on_unmount(self) -> None:
        self.places.save()
        self.fetching.stop()

    # What the reading pane and the list ask of the annotations.

    @on(ArticleList.BookmarkToggled)
    def _on_list_bookmark(self, event: ArticleList.BookmarkToggled) -> None:
        self.annotations.toggle_bookmark(event.meta.id, event.meta.title, 0)

    @on(ReadingPane.BookmarkRequested)
    @on(ReadingPane.HighlightRequested)
    @on(ReadingPane.NoteRequested)
    @on(ReadingPane.ColorRequested)
    @on(ReadingPane.DeleteRequested)
    @on(ReadingPane.UndoRequested)
    @on(ReadingPane.CopyRequested)
    def _on_annotation_request(self, request: AnnotationRequest) -> None:
        self.annotations.handle(request)
        if isinstance(request, ReadingPane.NoteRequested):  # the words typed behind `a` wait
            self.writes.settled(self.keys.hold("open the note editor").release)

    @on(ReadingPane.CaretMoved)
    def _on_caret_moved(self, event: ReadingPane.CaretMoved) -> None:
        self.query_one(NotePeek).show_note(event.highlight, event.notes)

    def action_highlights(self) -> None:
        self.annotations.show_highlights(self._articles_by_id(), self.open_article)

    def action_bookmarks(self) -> None:
        self.annotations.show_bookmarks(self._articles_by_id(), self.open_article)

    def action_review(self) -> None:
        self.review.open()

    def _articles_by_id(self) -> dict[str, ArticleMeta]:
        return {meta.id: meta for meta in self.index.articles}

    # Layout: wide, narrow (one pane at a time), full width and too small (`PaneLayout`).

    def on_resize(self) -> None:
        self.panes.apply()

    def action_full_width(self) -> None:
        self.panes.toggle_full_width()

    def action_back(self) -> None:
        """Escape: from the reading pane back to the list (in both layouts); during a search,
        back to the results; after a passage opened from the review, back to the review."""
        if not self.review.back():
            self.panes.back()

    def action_next_pane(self) -> None:
        """Tab and shift+tab: with two panes there is only one other pane to go to."""
        if isinstance(self.focused, ReadingPane):
            self.action_back()
        else:
            self.panes.read()

    def on_descendant_focus(self) -> None:
        self.panes.focus_moved()

    def action_add_url(self) -> None:
        from reader.ui.screens.add_url import AddUrlScreen

        self.app.push_screen(AddUrlScreen(self.store, self.reload_library))

    def action_refresh(self) -> None:
        from reader.ui.ingest import refresh_in_background

        refresh_in_background(self, self.store, self.reload_library)

    def reload_library(self, folder: Path) -> None:
        """Articles were saved into `folder`: the list shows them (the folder joins it)."""
        if folder not in self.paths:
            self.paths.append(folder)
        self._load_library()

    def action_original(self) -> None:
        from reader.ui.screens.original import OriginalScreen

        meta = self.current.meta if self.current else self.query_one(ArticleList).current
        if meta is not None:
            self.app.push_screen(OriginalScreen(meta))

    def action_problems(self) -> None:
        self.app.push_screen(ProblemsScreen(self.index.problems, self.paths))

    def action_links(self) -> None:
        if self.current is None or not self.current.links:
            self.notify("No links in this article." if self.current else "Open an article first.")
        else:
            from reader.ui.screens.links import LinksScreen  # webbrowser: only when wanted

            self.app.push_screen(LinksScreen(self.current))

    def action_show_more(self) -> None:
        offset = self.query_one(ReadingPane).view.top_offset
        show_more(self, self.current, offset, self.opener.show)
