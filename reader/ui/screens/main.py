"""The main screen: owns what is being read and hands it down to the two panes.

The panes only draw and report what the user did (messages); this screen decides what that
means, talks to the store, and loads article bodies in threads so the keyboard never waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from reader.core.article import Article, ArticleMeta
from reader.core.library import LibraryIndex
from reader.store.state import Store
from reader.ui.article_notices import show_more
from reader.ui.fetching import BackgroundFetch
from reader.ui.guard import BUSY_MESSAGE, StoreWrites, guarded
from reader.ui.keys import LIBRARY_COMMANDS, bindings
from reader.ui.keys_first import HEAVY_OVERDUE, KeysFirst, at_once, first_frame_of
from reader.ui.screens.annotating import Annotations
from reader.ui.screens.layout import PaneLayout
from reader.ui.screens.library import Library
from reader.ui.screens.opening import ArticleOpener
from reader.ui.screens.places import ReadingPlaces
from reader.ui.screens.review.launch import ReviewLauncher, ReviewSetup
from reader.ui.screens.searching import Searching
from reader.ui.screens.shelf import Shelf
from reader.ui.screens.triage import Triage
from reader.ui.screens.view_menus import ViewMenus
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

#: Why keys typed ahead wait after `a`: the words behind it are for the note editor.
NOTE_EDITOR = "open the note editor"
#: Seconds between two checks for changes made by another `reader` on the same data folder.
OTHER_SESSIONS_POLL = 2.0


class MainScreen(Screen[None]):
    """Article list on the left, reading pane on the right.

    Its own keys (back, `/` and `s` search, `z` full width, original, `H`, `M`, `V` review,
    `A` add, `R` refresh, ...) are the `Command`s named in `BINDINGS`; `reader/ui/keys.py` says
    what each does.
    """

    #: The list has the keyboard from the start. (Textual's default, the first focusable
    #: widget, is the search bar: focused, then left for the list, it was styled three times
    #: more before the first frame.)
    AUTO_FOCUS = "#articles"
    BINDINGS = bindings(
        "reader.back", "reader.search", "reader.search_library", "reader.full_width",
        "reader.original", "reader.next_pane", "reader.prev_pane", "reader.highlights",
        "reader.bookmarks", "reader.review", "reader.add_url", "reader.refresh", "reader.rescan",
        *LIBRARY_COMMANDS, "reader.problems", "reader.links", "reader.more",
    )  # fmt: skip

    def __init__(
        self,
        paths: list[Path],
        store: Store,
        writes: StoreWrites,
        cache_path: Path | None,
        search_cache: Path | None = None,
        *,
        keys: TypeAhead,
        keys_first: KeysFirst | None = None,
        measure: int = MEASURE,
        other_sessions_poll: float = OTHER_SESSIONS_POLL,
        library_folder: Path | None = None,
        review: ReviewSetup | None = None,
    ) -> None:
        super().__init__()
        #: Keys typed ahead: held while a search result or a note editor is on its way.
        self.keys = keys
        self.search_cache = search_cache
        self.other_sessions_poll = other_sessions_poll
        self.store = store
        self._list = ArticleList(id="articles")
        #: Work that waits for a pause in the typing, or for the first frame to be drawn.
        self._pace = keys_first.after_pause if keys_first is not None else at_once
        self._later = after = first_frame_of(keys_first, self)
        #: Imported articles still to fetch: listed, and fetched in the background.
        self.fetching = BackgroundFetch(self, store, self.reload_library)
        self._reading = ReadingPane(id="reading", measure=measure)
        #: The articles, loaded in a thread and kept live (`ctrl+r` rescans).
        self.library = self._make_library(paths, cache_path, library_folder)
        #: Where each article was left, and which were read.
        self.writes = writes
        #: Which panes are shown: for the screen's size and the reader's choice of full width.
        self.panes = PaneLayout(self, store, writes, measure)
        #: The view shown in the list (Inbox, Archive, a tag...), its sort, each row's state.
        self.shelf = Shelf(
            self, store, writes, self._list, self._reading, self.library.check, after
        )
        menus = ViewMenus(self, store, writes, self.shelf, self._search_for, self._typed)
        self.places = ReadingPlaces(self, store, writes, self.shelf.refresh_article)
        #: Highlights, notes and bookmarks: what the reading pane's requests mean to the store.
        self.annotations = Annotations(self, store, writes, self._reading, self._refresh_marks)
        #: Articles read in a thread and shown in the reading pane.
        self.opener = ArticleOpener(
            self, self._reading, self.places, self.annotations, lambda: None
        )
        #: Archive, trash, read, tags: the library commands, on one article or many.
        self.triage = Triage(
            self, store, writes, self.shelf, self._list, self._reading, menus, self.annotations.undo
        )
        #: The search bar and panel: typing, previews, choosing, leaving.
        self.searching = Searching(self, self.opener, self.open_article, keys, self.panes)
        self.review = ReviewLauncher(self, store, writes, review)  # V, and back to it

    def _make_library(
        self, paths: list[Path], cache_path: Path | None, folder: Path | None
    ) -> Library:
        """The library's loading, checking and watching, each reported to this screen."""
        return Library(
            self,
            paths,
            cache_path,
            loaded=self._library_loaded,
            checked=self._library_checked,
            indexing=self._list.show_indexing,
            library_folder=folder,
            pending=self.fetching.with_pending,
            pace=self._pace,
        )

    @property
    def current(self) -> Article | None:
        """The article being read."""
        return self._reading.article

    def compose(self) -> ComposeResult:
        # The size's classes before the widgets are styled (set later, they restyle them all).
        self.panes.load()
        self.panes.apply()
        yield SearchBar()
        with Horizontal(id="panes"):
            yield self._list
            yield SearchPanel(self.store, self.search_cache, id="search-panel")
            with Vertical(id="reading-column"):
                yield self._reading
                yield NotePeek(id="note-peek")
        yield Static(id="too-small", markup=False)
        yield KeyBar()
        yield FindLine(self._reading)

    def on_mount(self) -> None:
        self._list.border_title = "Articles"
        self._reading.border_title = "Reading"
        self._list.focus()
        self.panes.apply()  # the notice of a window too small, now that it is composed
        kept = self.shelf.show_kept(self.library.paths, self.library.cache_path)
        self.library.load(later=kept)
        self.set_interval(self.other_sessions_poll, self._poll_other_sessions)
        self.writes.busy_signal.subscribe(self, self._saving)

    def _saving(self, busy: bool) -> None:
        """A write waits for the database (another program holds it): the key bar says so, and
        the keys typed ahead no longer wait for it."""
        self.query_one(KeyBar).status = BUSY_MESSAGE if busy else ""
        if busy:
            self.keys.release(NOTE_EDITOR)

    def _poll_other_sessions(self) -> None:
        """Another `reader` on the same data (a second SSH login) changed something: show it."""
        if guarded(self.app, "check for other sessions' changes", self.store.changed_externally):
            self._pace("other-sessions", self.annotations.reload, HEAVY_OVERDUE)

    # Library loading.

    @property
    def paths(self) -> list[Path]:
        """The library's folders and files."""
        return self.library.paths

    @property
    def index(self) -> LibraryIndex:
        """The articles shown, as last read from the disk."""
        return self.library.index

    def _library_loaded(self, index: LibraryIndex) -> None:
        """The library's articles: first the cached ones, then each reading of the disk."""
        self.shelf.index_loaded(index)
        self.query_one(SearchPanel).set_articles(index.articles)
        self._later(self.review.prepare)  # today's review gathered ahead of `V`

    def _library_checked(self, index: LibraryIndex) -> None:
        """In the scanning thread: only the highlights of articles whose text changed move."""
        if self.annotations.reanchor_library(index.articles):
            self.app.call_from_thread(self._refresh_marks)
        self.app.call_from_thread(self._checked_on_screen)

    def _checked_on_screen(self) -> None:
        """On the app's thread: the search learns the library is checked (at a pause in the
        typing), and the fetch starts once the list is drawn (the first time)."""
        self._pace("search-catch-up", self._search_catch_up, HEAVY_OVERDUE)
        self.fetching.start()

    def _search_catch_up(self) -> None:
        for panel in self.query(SearchPanel):  # (none once the app is closing)
            panel.library_checked()

    def _refresh_marks(self) -> None:
        """Something the rows show changed: every state read again, today's review gathered."""
        self.shelf.reload()
        self.review.prepare()

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
        if not self.query_one(SearchPanel).shown:
            self.query_one(ArticleList).select_id(meta.id)
        self.panes.read()  # now: the keys typed right behind are for the article
        self.opener.open(meta, offset, matches or [])

    @property
    def palette_articles(self) -> Sequence[ArticleMeta]:
        """Articles offered by the command palette, in list order."""
        return self.index.articles

    # Search: typed in the bar at the top, answered by the panel in the list's place.

    def action_search(self) -> None:
        self.searching.start()

    @on(Input.Changed, "SearchBar")
    @on(Input.Submitted, "SearchBar")
    @on(SearchBar.Moved)
    @on(SearchBar.Cancelled)
    @on(SearchPanel.Chosen)
    @on(SearchPanel.Previewed)
    @on(SearchPanel.NothingChosen)
    @on(SearchPanel.Answered)
    def _on_search(self, message: Message) -> None:
        self.searching.handle(message)

    def on_reading_pane_find_requested(self) -> None:
        self.query_one(FindLine).start()

    # Reading position.

    @on(ReadingPane.PositionChanged)
    def _on_position(self, event: ReadingPane.PositionChanged) -> None:
        if self.opener.previewing is None:  # a preview's place is not the reader's
            self.places.scrolled(event.article_id, event.offset, event.fraction)

    def on_unmount(self) -> None:
        self.library.stop()
        self.places.save()
        self.fetching.stop()

    # What the reading pane and the list ask of the annotations.

    @on(ArticleList.BookmarkToggled)
    def _on_list_bookmark(self, event: ArticleList.BookmarkToggled) -> None:
        self.annotations.bookmarks.toggle_article(event.meta)

    @on(ReadingPane.BookmarkRequested)
    @on(ReadingPane.UnbookmarkRequested)
    @on(ReadingPane.HighlightRequested)
    @on(ReadingPane.NoteRequested)
    @on(ReadingPane.ColorRequested)
    @on(ReadingPane.DeleteRequested)
    @on(ReadingPane.UndoRequested)
    @on(ReadingPane.CopyRequested)
    def _on_annotation_request(self, request: AnnotationRequest) -> None:
        self.annotations.handle(request)
        if isinstance(request, ReadingPane.NoteRequested) and not self.writes.busy:
            # The words typed behind `a` wait for the editor, unless the database is held.
            self.writes.settled(self.keys.hold(NOTE_EDITOR).release)

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
        if isinstance(self.focused, ReadingPane):
            self.opener.promote()  # reading a preview opens it

    def action_add_url(self) -> None:
        from reader.ui.screens.add_url import AddUrlScreen

        self.app.push_screen(AddUrlScreen(self.store, self.reload_library))

    def action_refresh(self) -> None:
        from reader.ui.ingest import refresh_in_background

        refresh_in_background(self, self.store, self.reload_library)

    # The library: views and sorts (`Shelf`, `ViewMenus`), changes to articles (`Triage`).

    def action_triage(self, what: str) -> None:
        """Every library command (archive, tags, views, sorts): `Triage.run` says which."""
        self.triage.run(what)

    def _typed(self) -> str:
        return self.query_one(SearchBar).value

    def _search_for(self, query: str) -> None:
        self.action_search()
        self.query_one(SearchBar).value = query

    def action_rescan(self) -> None:
        self.library.rescan()

    def reload_library(self, folder: Path) -> None:
        """Articles were saved into `folder`: the list shows them (the folder joins it)."""
        self.library.add_folder(folder)

    def action_original(self) -> None:
        from reader.ui.screens.original import OriginalScreen

        meta = self.current.meta if self.current else self.query_one(ArticleList).current
        if meta is not None:
            self.app.push_screen(OriginalScreen(meta))

    def action_problems(self) -> None:
        from reader.ui.screens.problems import ProblemsScreen  # not needed to start

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
