"""What the review's Pilot tests share: highlights of the test library, an app on a clock the
test moves, and waiting for the review to show something."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from reader.core.library import load_article, load_index
from reader.store.state import Store
from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.review.card import ReviewCard
from reader.ui.screens.review.screen import ReviewScreen
from tests.ui.helpers import settle, wait_until

#: Monday morning, the first day of the tests' reviews.
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
#: Sentences of the convoy article highlighted, the first with a note.
PASSAGES = (
    "Col. Smith met U.S. officials in Almaty on Monday.",
    "The talks ran late.",
    "A third paragraph closes the piece with a quiet last line.",
)


def highlight_convoy(data: Path, library: Path) -> dict[str, str]:
    """The three passages highlighted; returns their ids by passage."""
    meta = next(m for m in load_index([library]).articles if m.title == "The convoy")
    body = load_article(meta).body
    made = {}
    with Store.open(data) as store:
        for number, passage in enumerate(PASSAGES):
            start = body.index(passage)
            note = "Who is Smith?" if number == 0 else ""
            highlight = store.highlights.add(
                meta.id, body, start, start + len(passage), "yellow", note,
                content_hash=meta.content_hash,
            )  # fmt: skip
            made[passage] = highlight.id
    return made


def review_app(library: Path, clock: list[datetime]) -> ReaderApp:
    """The app on `library`, whose review takes `clock[0]` for now."""
    return build_app([library], clock=lambda: clock[0])


def review_screen(app: ReaderApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen), screen
    return screen


def card_text(app: ReaderApp) -> str:
    return str(review_screen(app).query_one(ReviewCard).render())


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    """`V`, then wait until today's round is gathered and shown."""
    await settle(pilot)
    await pilot.press("V")
    app = pilot.app
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, ReviewScreen) and app.screen.round is not None,
        "the review to gather today's highlights",
    )
    await settle(pilot)
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def current_passage(screen: ReviewScreen) -> str:
    item = screen.current
    assert item is not None
    return item.passage


def left_today(screen: ReviewScreen) -> str:
    return str(screen.query_one("#review-body").border_subtitle)
