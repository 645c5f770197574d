"""Opening an article in the reading pane, without the keyboard ever waiting for the disk.

The main screen composes one `ArticleOpener`. The body is read and parsed in a thread; its
highlights are re-attached there if the text changed since they were made; then it is shown on
the app's thread where it was left (or at a search result's passage). What caret motions and new
highlights need (about 0.2 s for a 1 MB article) is found afterwards, still in the thread, while
the reader starts reading. Opening another article cancels the one under way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

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

    def open(self, meta: ArticleMeta, offset: int | None, matches: Matches) -> None:
        """Reads `meta`'s article in a thread and shows it; `offset` (a search result's
        passage) overrides where it was left, `matches` are marked for n/N."""
        self._pane.border_title = "Opening…"
        self._pane.opening_keys.start()  # keys typed from now on are for this article
        load = partial(self._load, meta, offset, matches)
        self._screen.run_worker(load, thread=True, exclusive=True, group="article")

    def _load(self, meta: ArticleMeta, offset: int | None, matches: Matches) -> None:
        app = self._screen.app
        try:
            article = load_article(meta)
        except (OSError, ParseError) as error:
            app.call_from_thread(self._failed, meta, str(error))
            return
        self._annotations.reanchor(article)  # a no-op unless the text changed since
        if get_current_worker().is_cancelled:
            return
        app.call_from_thread(self.show, article, offset, matches)
        motions = TextIndex.from_blocks([block.text for block in article.blocks] or [""])
        prepared = Text(article.body)
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._prepared, article.id, motions, prepared)

    def show(
        self, article: Article, offset: int | None = None, matches: Matches | None = None
    ) -> None:
        """Shows `article` (read just now, or further by "show more") in the pane."""
        self._pane.border_title = "Reading"
        start = self._places.opened(article.id, offset)
        highlights = self._annotations.highlights_of(article.id)
        self._pane.show(article, start, matches, highlights)
        self._shown()
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
