"""Today's round, gathered ahead of `V` and kept for the rest of the day.

Gathering a day (`items.gather`: the store's queries, the library's titles) takes tens of
milliseconds on a large library, too long to wait for after `V`. So the main screen asks for it
ahead (`gather`), once the library is read and again whenever a highlight changes, and the
review opens on the round already there; at midnight the next day's is gathered. Each gather
runs in a thread worker; an answer to an older question, or to one asked before the user acted
on the round, is dropped.

Once the user has graded, stopped or edited a highlight of the round it is `settled`: kept as
it is for the rest of the day (the review goes on where it was), never gathered again until
the next day. An unsettled round is gathered again each time the review opens, and a fresh
answer that differs (a highlight changed meanwhile) replaces it on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.timer import Timer

from reader.core.article import ArticleMeta
from reader.core.review.days import day_of
from reader.core.review.settings import ReviewSettings
from reader.store.state import Store
from reader.ui.guard import guarded

if TYPE_CHECKING:
    from reader.core.review.session import ReviewRound
    from reader.ui.screens.review.items import ReviewItem

#: Told each new version of today's round.
Listener = Callable[["ReviewRound[ReviewItem]"], None]


class TodaysRound:
    """The day's round (None until gathered), gathered in a worker, fresh until settled."""

    def __init__(
        self,
        app: Callable[[], App[Any]],
        store: Store,
        settings: ReviewSettings,
        clock: Callable[[], datetime],
        articles: Callable[[], Mapping[str, ArticleMeta]],
    ) -> None:
        self._app = app
        self._store = store
        self._settings = settings
        self._clock = clock
        self._articles = articles
        self._round: ReviewRound[ReviewItem] | None = None
        #: The user acted on `_round`: it is kept as it is for the day.
        self._settled = False
        #: Questions asked: an answer carries its number, and only the last one's is taken.
        self._asked = 0
        self._listener: Listener | None = None
        #: Gathers the next day's round once this one is over.
        self._midnight: Timer | None = None

    @property
    def round(self) -> ReviewRound[ReviewItem] | None:
        """Today's round, once gathered (a round of another day is forgotten)."""
        if self._round is not None and self._round.day != day_of(self._clock()).name:
            self._round, self._settled = None, False
        return self._round

    @property
    def settled(self) -> bool:
        return self.round is not None and self._settled

    def listen(self, listener: Listener | None) -> None:
        """`listener` is told each new version of the round (the review screen, while open)."""
        self._listener = listener

    def settle(self) -> None:
        """The user acted on the round: kept for the day, and no gather under way replaces it."""
        self._settled = True
        self._asked += 1

    def gather(self) -> None:
        """Gather today's round again in a thread worker, unless it is settled."""
        if self.settled:
            return
        self._asked += 1
        asked, now, articles, app = self._asked, self._clock(), self._articles(), self._app()
        app.run_worker(
            lambda: self._work(app, asked, now, articles),
            name="gather today's review",
            group="review-day",
            thread=True,
        )

    def _work(
        self, app: App[Any], asked: int, now: datetime, articles: Mapping[str, ArticleMeta]
    ) -> None:
        """In the worker thread: the round at `now`, handed to the app's thread."""
        from reader.ui.screens.review.items import gather

        store, settings = self._store, self._settings
        gathered = guarded(
            app, "gather today's review", lambda: gather(store, settings, now, articles)
        )
        if gathered is not None and asked == self._asked:
            app.call_from_thread(self._answered, asked, gathered)

    def _answered(self, asked: int, gathered: ReviewRound[ReviewItem]) -> None:
        """On the app's thread: taken if it answers the last question and says something new."""
        if asked != self._asked or self.settled:
            return
        now = self._clock()
        if gathered.day != day_of(now).name:
            return  # gathered just before midnight: tomorrow's is asked for when wanted
        if self._midnight is not None:
            self._midnight.stop()
        wait = (day_of(now).end - now).total_seconds() + 1
        self._midnight = self._app().set_timer(wait, self.gather, name="tomorrow's review")
        kept = self._round
        if kept is not None and _same(kept, gathered):
            return
        self._round = gathered
        if self._listener is not None:
            self._listener(gathered)


def _same(kept: ReviewRound[ReviewItem], fresh: ReviewRound[ReviewItem]) -> bool:
    """Whether `fresh` shows what `kept` does (the same highlights, as they are now)."""
    return kept.earlier == fresh.earlier and kept.waiting == fresh.waiting
