"""The review screen: today's highlights one at a time, graded with `1`-`4`.

A grade moves on at once: the round (`reader.core.review.session`) is in memory, and the grade
is saved behind by the app's writer (another `reader` may hold the database for seconds; the
keyboard never waits for it). A grade the store refused comes back to the front. `u` undoes the
last grade or `x` of this review in the store (`Reviews.undo_last`: a note written since
stays), then shows that highlight again. `enter` closes the review with the highlight, for the
main screen to open its article at the passage; `escape` there comes back here, where it was.

The round comes from `ReviewContext.today` (`day.TodaysRound`), usually gathered ahead of `V`:
shown at once, and gathered again behind it (a fresh version that differs replaces it while
the user has not acted on it yet). Once a highlight is graded, stopped or edited, the round is
settled: kept for the rest of the day, so coming back goes on where it was.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen

from reader.core.review.cards import Grade
from reader.core.review.session import Done, ReviewRound
from reader.core.text.sanitize import sanitize_line
from reader.store.undo import UndoConflict
from reader.ui.keys import bindings
from reader.ui.screens.review.card import ReviewCard
from reader.ui.screens.review.context import ReviewContext
from reader.ui.screens.review.editing import ReviewEdits
from reader.ui.screens.review.items import ReviewItem
from reader.ui.widgets.key_bar import KeyBar

#: Actions that need a highlight on screen.
_ON_ITEM = {"grade", "open", "note", "tag", "stop"}


class ReviewScreen(Screen[ReviewItem | None]):
    """One highlight at a time; dismissed with the one to open (`enter`), or None.

    | Key | Command id | Does |
    |---|---|---|
    | `1` `2` `3` `4` | `reader.review.again` … `.easy` | grade it: again, hard, good, easy |
    | `enter` | `reader.review.open` | its passage in its article (`escape` there comes back) |
    | `a` | `reader.review.note` | edit its note |
    | `t` | `reader.review.tag` | put a tag on it, or take one off |
    | `x` | `reader.review.stop` | never show it in the review again |
    | `u` | `reader.review.undo` | undo the last grade (or `x`) |
    | `escape` | `reader.review.close` | back to the library |
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        "reader.review.again",
        "reader.review.hard",
        "reader.review.good",
        "reader.review.easy",
        "reader.review.open",
        "reader.review.note",
        "reader.review.tag",
        "reader.review.stop",
        "reader.review.undo",
        "reader.review.close",
    )

    DEFAULT_CSS = """
    ReviewScreen { layout: vertical; }
    #review-body {
        height: 1fr;
        border: round $accent;
        border-title-color: $accent;
        border-subtitle-color: $text-muted;
    }
    """

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self._review = context
        self._round: ReviewRound[ReviewItem] | None = None
        #: Undos asked for and not answered yet: no more may be asked than grades were given.
        self._undoing = 0
        favourite = context.setup.settings.favourite_tag
        self._edits = ReviewEdits(self, context.store, context.writes, favourite, self._changed)

    @property
    def round(self) -> ReviewRound[ReviewItem] | None:
        """Today's round, once gathered."""
        return self._round

    @property
    def current(self) -> ReviewItem | None:
        return self._round.current if self._round is not None else None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review-body"):
            yield ReviewCard(id="review-card")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#review-body").border_title = "Review"
        today = self._review.today
        today.listen(self._fresh)
        self._round = today.round
        if self._round is None:  # the launcher asked for it before opening
            self.query_one(ReviewCard).update("Gathering today's highlights…")
        else:  # gathered ahead: shown, then gathered afresh once painted
            self._show()
            self.call_after_refresh(today.gather)

    def on_unmount(self) -> None:
        self._review.today.listen(None)

    def _fresh(self, gathered: ReviewRound[ReviewItem]) -> None:
        """Today's round, gathered afresh before the user acted on the one shown."""
        self._round = gathered
        self._show()

    def _show(self) -> None:
        """The current highlight (or the end), with the count of what is left. A write answered
        after the review closed has changed the round, kept for the day: nothing to draw."""
        if self._round is None or not self.is_attached:
            return
        round_, card, body = self._round, self.query_one(ReviewCard), self.query_one("#review-body")
        item = round_.current
        if item is None:
            card.show_end(round_.earlier + round_.done)
            body.border_subtitle = "done for today"
        else:
            card.show(item)
            body.border_subtitle = f"{round_.left} left today"
        body.scroll_home(animate=False)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _ON_ITEM:
            return self.current is not None
        if action == "undo":  # shown dim while there is nothing to undo
            return (self._round is not None and self._round.done > self._undoing) or None
        return True

    # Grading, stopping and undoing.

    def action_grade(self, number: int) -> None:
        if self._round is None or self.current is None:
            return
        grade = Grade(number)
        self._review.today.settle()
        step = self._round.answer(grade)
        self._show()
        if step is None:
            return
        reviews, settings = self._review.store.reviews, self._review.setup.settings
        key, when = step.item.id, self._review.setup.clock()
        self._review.writes.write(
            "save the grade",
            lambda: reviews.grade(key, grade, when, settings),
            failed=lambda: self._lost(step),
        )

    def action_stop(self) -> None:
        if self._round is None or self.current is None:
            return
        self._review.today.settle()
        step = self._round.answer(None)
        self._show()
        if step is None:
            return
        reviews, key, when = self._review.store.reviews, step.item.id, self._review.setup.clock()
        self._review.writes.write(
            "stop reviewing the highlight",
            lambda: reviews.stop(key, when),
            lambda _stopped: self.notify(
                "It will not come up again (u brings it back).", markup=False
            ),
            failed=lambda: self._lost(step),
        )

    def _lost(self, step: Done[ReviewItem]) -> None:
        """The store refused a grade (the notice said why): the highlight is shown again."""
        if self._round is not None:
            self._round.forget(step)
            self._show()

    def action_undo(self) -> None:
        round_ = self._round
        if round_ is None or round_.done <= self._undoing:
            self.notify("Nothing to undo in this review.", markup=False)
            return
        self._undoing += 1
        reviews = self._review.store.reviews

        def step() -> str | UndoConflict | None:
            try:
                return reviews.undo_last()
            except UndoConflict as conflict:
                return conflict

        def undone(result: str | UndoConflict | None) -> None:
            self._undoing -= 1
            round_.undo()
            if isinstance(result, UndoConflict):
                self.notify(sanitize_line(str(result)), severity="warning", markup=False)
            self._show()

        def failed() -> None:
            self._undoing -= 1

        self._review.writes.write("undo the last grade", step, undone, failed)

    # The highlight shown: its article, note and tags.

    def action_open(self) -> None:
        item = self.current
        if item is None:
            return
        if not item.present:
            self.notify("Its article is not in the library shown now.", markup=False)
        elif item.orphaned:
            self.notify(
                "No longer found in its article: its words are all there is to show.",
                markup=False,
            )
        else:
            self.dismiss(item)

    def action_note(self) -> None:
        if self.current is not None:
            self._review.today.settle()
            self._edits.note(self.current)

    def action_tag(self) -> None:
        if self.current is not None:
            self._review.today.settle()
            self._edits.tag(self.current)

    def _changed(self, old: ReviewItem, new: ReviewItem) -> None:
        if self._round is not None:
            self._round.replace(old, new)
            if self._round.current is new:
                self._show()

    def action_close(self) -> None:
        self.dismiss(None)
