"""What typing, choosing and leaving in the search bar mean on the main screen.

The main screen composes one `Searching` and hands it the search bar's and the search panel's
messages. While a query is typed the panel takes the article list's place (the class
`SearchPanel.SHOWN` on the panel, set at `/`; the list hidden) and is handed each query; the
result the cursor rests on is previewed in the reading pane while the bar keeps the keys; the
one chosen is opened at its best passage; leaving gives everything back as it was (the list's
cursor was never touched, the pane shows again what it showed before the first preview). Keys
typed behind `enter` wait (`TypeAhead`) until the chosen result is open, or until there is none
to open: they are for that article.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from reader.core.article import ArticleMeta
from reader.ui.screens.layout import PaneLayout
from reader.ui.screens.opening import ArticleOpener
from reader.ui.search.bar import SearchBar
from reader.ui.search.panel import SearchPanel
from reader.ui.type_ahead import TypeAhead
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane

#: Opens an article at a passage with its matches marked (the screen's `open_article`).
Opener = Callable[[ArticleMeta, int | None, list[tuple[int, int]] | None], None]
#: Why keys typed ahead wait for a search result to open.
CHOOSING = "open the chosen result"


class Searching:
    """The search on `screen`: `opener` previews results, `open_article` opens the chosen;
    `keys` wait while a result is being chosen; `panes` give the bar or the list the keyboard."""

    def __init__(
        self,
        screen: Screen[Any],
        opener: ArticleOpener,
        open_article: Opener,
        keys: TypeAhead,
        panes: PaneLayout,
    ) -> None:
        self._screen = screen
        self._opener = opener
        self._open_article = open_article
        self._keys = keys
        self._panes = panes

    @property
    def _panel(self) -> SearchPanel:
        return self._screen.query_one(SearchPanel)

    def start(self) -> None:
        """`/` or `s`: the bar takes the keys now (not after the next refresh: keys typed right
        after belong to it), the results are shown beside the article, and the index starts
        loading."""
        self._panes.search()
        self._panel.style_ahead()
        self._panel.prepare()

    def handle(self, message: Message) -> None:
        """A message of the search bar or of the search panel."""
        match message:
            case Input.Changed(value=value) if value.strip():
                self._panel.search(value)
            case SearchPanel.Answered() if self._panel.answer_waiting:
                self._show_results(True)
                self._panel.reveal()
            case Input.Changed():
                self._leave(keep_focus=True)
            case Input.Submitted():
                self._keys.hold(CHOOSING)  # the keys typed behind enter are for its article
                self._panel.choose()
            case SearchBar.Moved(step=step):
                self._panel.move(step)
            case SearchBar.Cancelled():
                self._leave(keep_focus=False)
            case SearchPanel.Chosen(meta=meta, result=result):
                self._open_article(meta, result.offset, list(result.match_offsets))
                self._keys.release(CHOOSING)
            case SearchPanel.NothingChosen():
                self._keys.release(CHOOSING)
            case SearchPanel.Previewed(meta=meta, result=result):
                self._preview(meta, result.offset, list(result.match_offsets))

    def _show_results(self, shown: bool) -> None:
        """The results take the list's place, or give it back: the panel's class (on the
        screen, it restyled every widget: 8 to 17 ms of the first key of a search), set ahead
        at `/`, and the list's own `display` (no restyle at all); the list's styles rule again
        once it is back."""
        self._panel.set_shown(shown)
        articles = self._screen.query_one(ArticleList)
        if shown:
            articles.display = False
        elif articles.styles.clear_rule("display"):
            articles.refresh(layout=True)

    def _preview(self, meta: ArticleMeta, offset: int, matches: list[tuple[int, int]]) -> None:
        """Only while choosing in the bar; narrow, the reading pane is not on screen."""
        screen = self._screen
        if isinstance(screen.focused, SearchBar) and not screen.has_class("-narrow"):
            self._opener.preview(meta, offset, matches)

    def _leave(self, *, keep_focus: bool) -> None:
        """Back to the list exactly as it was: the search never touched its cursor."""
        screen = self._screen
        self._show_results(False)
        self._panel.clear()
        screen.query_one(ReadingPane).clear_matches()
        self._opener.end_preview()
        if not keep_focus:
            self._panes.back()
