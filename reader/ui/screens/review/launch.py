"""`V` from the main screen: the day's review opened, and come back to after a jump.

The main screen composes one `ReviewLauncher`. It holds the day's round (`day.TodaysRound`:
gathered ahead when the main screen says the library or a highlight changed, `prepare`; kept
between openings, so the review goes on where it was; a new day gathers a new one), opens an
article at the passage the review closed with, and answers the main screen's `escape` by
bringing the review back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App

from reader.core.article import ArticleMeta
from reader.core.library.view import ById
from reader.store.state import Store
from reader.ui.guard import StoreWrites
from reader.ui.screens.review.context import ReviewContext
from reader.ui.screens.review.context import ReviewSetup as ReviewSetup
from reader.ui.screens.review.day import TodaysRound

if TYPE_CHECKING:
    from reader.ui.screens.review.items import ReviewItem


class ReviewHost(Protocol):
    """What the review needs of the screen it opens over (the main screen)."""

    @property
    def app(self) -> App[Any]: ...

    @property
    def palette_articles(self) -> Sequence[ArticleMeta]: ...

    def open_article(self, meta: ArticleMeta, offset: int | None = None) -> None: ...


class ReviewLauncher:
    """Opens the review over `host`, and opens there the passage the review closes with."""

    def __init__(
        self, host: ReviewHost, store: Store, writes: StoreWrites, setup: ReviewSetup | None
    ) -> None:
        self._host = host
        self.setup = setup or ReviewSetup()
        settings, clock = self.setup.settings, self.setup.clock
        today = TodaysRound(lambda: host.app, store, settings, clock, self._articles)
        self._context = ReviewContext(store, writes, self.setup, today)
        #: An article was opened from the review: `escape` brings the review back.
        self.returning = False

    def _articles(self) -> Mapping[str, ArticleMeta]:
        return ById(self._host.palette_articles)  # (nothing decoded on the app's thread)

    @property
    def today(self) -> TodaysRound:
        """Today's round, as gathered so far."""
        return self._context.today

    def prepare(self) -> None:
        """The library or a highlight changed: today's round is gathered (again) ahead of `V`,
        in a worker, unless the user has begun it."""
        self._context.today.gather()

    def open(self) -> None:
        """The review, where it was today (or a new day's, gathered afresh)."""
        from reader.ui.screens.review.screen import ReviewScreen  # fsrs: only when asked

        self.returning = False
        today = self._context.today
        if today.round is None:  # not gathered ahead: the worker starts before the screen
            today.gather()
        self._host.app.push_screen(ReviewScreen(self._context), self._closed)

    def _closed(self, item: ReviewItem | None) -> None:
        if item is None:
            return
        meta = self._articles().get(item.highlight.article_id)
        if meta is not None:
            self.returning = True
            self._host.open_article(meta, item.highlight.start)

    def back(self) -> bool:
        """`escape` on the main screen: True when it brought the review back."""
        if not self.returning:
            return False
        self.open()
        return True
