"""Opening an article in the reading pane, without the keyboard ever waiting for the disk.

The main screen composes one `ArticleOpener`. The body is read and parsed in a thread; its
highlights are re-attached there if the text changed since they were made; then it is shown on
the app's thread where it was left (or at a search result's passage). What caret motions and new
highlights need (about 0.2 s for a 1 MB article) is found afterwards, still in the thread, while
the reader starts reading. Opening another article cancels the one under way, and an article
read for an older request than the latest is dropped.

A search result is previewed the same way (`preview`) while the focus stays in the search bar,
except that the article is not opened: not stamped opened, its place not remembered. Choosing it,
or moving into the pane, opens it (`promote`); leaving the search without choosing gives the
pane back the article read before (`end_preview`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from msgspec import Struct
from textual.screen import Screen
from textual.worker import get_current_worker

from reader.core.annotate.anchor import Text
from reader.core.article import Article, ArticleMeta
from reader.core.library import load_article
from reader.core.reading.motion import TextIndex
from reader.core.text.formats import ParseError
from reader.ui.article_notices import announce
from reader.ui.screens.annotating import Annotations
from reader.ui.screens.places import ReadingPlaces
from reader.ui.widgets.reading_pane import ReadingPane

#: Search matches to mark in an opened article: (start, end) body offsets.
Matches = list[tuple[int, int]]


class _Request(Struct, frozen=True, eq=False):
    """One article asked for: its answer is shown only while it is the latest request."""

    meta: ArticleMeta
    offset: int | None
    matches: Matches
    preview: bool


class ArticleOpener:
    """Loads articles into `pane`; `shown` is called once one is on screen."""

    def __init__(
        self,
        screen: Screen[Any],
        pane: ReadingPane,
        places: ReadingPlaces,
        annotations: Annotations,
        shown: Callable[[], None],
    ) -> None:
        self._screen = screen
        self._pane = pane
        self._places = places
        self._annotations = annotations
        self._shown = shown
        #: The article previewed and the passage it shows (None when none is), and its matches.
        self.previewing: tuple[str, int] | None = None
        self._preview_matches: Matches = []
        #: What the pane showed before the first preview: given back if none is chosen.
        self._before: ArticleMeta | None = None
        self._request: _Request | None = None  # the latest; an older one's answer is dropped

    def open(self, meta: ArticleMeta, offset: int | None, matches: Matches) -> None:
        """Reads `meta`'s article in a thread and shows it; `offset` (a search result's
        passage) overrides where it was left, `matches` are marked for n/N."""
        if self.previewing is not None and self.previewing == (meta.id, offset):
            self.promote()  # the passage chosen is on screen already
            return
        self.previewing, self._before = None, None  # what is on screen is not the one read
        self._start(meta, offset, matches, preview=False)

    def preview(self, meta: ArticleMeta, offset: int, matches: Matches) -> None:
        """Shows a search result's passage without opening the article (see the module); a
        passage of the article previewed already is shown at once."""
        article = self._pane.article
        if self.previewing is None:
            self._before = article.meta if article is not None else None
            self._places.save()
        elif article is not None and article.id == meta.id:
            if self.previewing != (meta.id, offset) or self._preview_matches != matches:
                self._request = None  # an answer still on its way is older
                self.show(article, offset, matches, preview=True)
            return
        self._start(meta, offset, matches, preview=True)

    def promote(self) -> None:
        """The article previewed is now the one read: stamped opened, its place remembered."""
        if self.previewing is not None:
            article_id, offset = self.previewing
            # A preview still on its way is older than this choice: leaving the search keeps it.
            self.previewing, self._before, self._request = None, None, None
            self._places.opened(article_id, offset)
            self._pane.view.update_title()  # "Preview…" or the matches' count, as it is now
            if self._pane.article is not None:
                announce(self._screen, self._pane.article)

    def end_preview(self) -> None:
        """The search was left without choosing: the article read before comes back."""
        requested = self._request is not None and self._request.preview
        if self.previewing is None and not requested:
            return
        before, self.previewing, self._before, self._request = self._before, None, None, None
        if before is not None:
            self.open(before, None, [])
        else:
            self._pane.view.clear()

    def _start(
        self, meta: ArticleMeta, offset: int | None, matches: Matches, preview: bool
    ) -> None:
        self._request = request = _Request(meta, offset, matches, preview)
        self._pane.border_title = "Preview…" if preview else "Opening…"
        if preview:  # the bar keeps the keys; an article opening before will not come
            self._pane.opening_keys.drop()
        else:
            self._pane.opening_keys.start()  # keys typed from now on are for this article
        load = partial(self._load, request)
        self._screen.run_worker(load, thread=True, exclusive=True, group="article")

    def _load(self, request: _Request) -> None:
        app, meta = self._screen.app, request.meta
        try:
            article = load_article(meta)
        except (OSError, ParseError) as error:
            app.call_from_thread(self._failed, meta, str(error))
            return
        self._annotations.reanchor(article)  # a no-op unless the text changed since
        if get_current_worker().is_cancelled:
            return
        painted, worker = threading.Event(), get_current_worker()
        app.call_from_thread(self._loaded, request, article, painted)
        # What the motions and the anchoring need waits for the article to be on the
        # terminal: made at once, it would share the interpreter's lock with the drawing.
        while not painted.wait(0.05) and not worker.is_cancelled:
            pass
        motions = TextIndex.from_blocks([block.text for block in article.blocks] or [""])
        prepared = Text(article.body)
        if not worker.is_cancelled:
            app.call_from_thread(self._prepared, article.id, motions, prepared)

    def _loaded(self, request: _Request, article: Article, painted: threading.Event) -> None:
        if request is self._request:  # else asked for before another (or the search was left)
            self.show(article, request.offset, request.matches, preview=request.preview)
        self._screen.call_after_refresh(painted.set)

    def show(
        self,
        article: Article,
        offset: int | None = None,
        matches: Matches | None = None,
        *,
        preview: bool = False,
    ) -> None:
        """Shows `article` (read just now, or further by "show more") in the pane; a preview
        is shown at `offset`, and the article is not opened."""
        self._pane.border_title = "Reading"
        self.previewing = (article.id, offset or 0) if preview else None
        self._preview_matches = list(matches or []) if preview else []
        if preview:
            start = offset or 0
        else:
            self._before = None
            start = self._places.opened(article.id, offset)
        highlights = self._annotations.highlights_of(article.id)
        self._pane.show(article, start, matches, highlights)
        self._annotations.bookmarks.mark()
        self._shown()
        if not preview:
            announce(self._screen, article)

    def _prepared(self, article_id: str, motions: TextIndex, text: Text) -> None:
        self._pane.cursor.provide_motions(article_id, motions)
        self._annotations.prepared(article_id, text)

    def _failed(self, meta: ArticleMeta, reason: str) -> None:
        self._pane.border_title = "Reading"
        self._pane.opening_keys.drop()
        self._screen.notify(
            f"{meta.title}: {reason}", title="Cannot open", severity="error", markup=False
        )
