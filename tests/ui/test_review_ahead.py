"""Today's review gathered ahead of `V`: the first card at once, fresh when a highlight changed
meanwhile, and a round the user has begun never replaced by a late answer."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.store.state import Store
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from reader.ui.screens.review import items
from reader.ui.screens.review.screen import ReviewScreen
from tests.ui.helpers import WAIT_TIMEOUT, settle, wait_until
from tests.ui.review_kit import (
    MONDAY,
    PASSAGES,
    card_text,
    highlight_convoy,
    left_today,
    review_app,
)


async def gathered_ahead(app: ReaderApp, pilot: Pilot[None]) -> MainScreen:
    main = app.screen
    assert isinstance(main, MainScreen)
    await wait_until(pilot, lambda: main.review.today.round is not None, "the day gathered")
    await settle(pilot)
    return main


async def test_v_shows_the_first_card_gathered_ahead_at_once(
    library: Path, isolated_user: Path
) -> None:
    highlight_convoy(isolated_user, library)
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        await gathered_ahead(app, pilot)
        await pilot.press("V")  # no wait for a worker: the card is there as the screen opens
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.current is not None
        assert screen.current.passage in PASSAGES and "Gathering" not in card_text(app)
        assert left_today(screen) == "3 left today"


async def test_a_note_written_elsewhere_before_v_is_shown_as_it_is_now(
    library: Path, isolated_user: Path
) -> None:
    ids = highlight_convoy(isolated_user, library)
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        await gathered_ahead(app, pilot)
        with Store.open(isolated_user) as other:  # another session, after the day was gathered
            for key in ids.values():
                highlight = other.highlights.get(key)
                assert highlight is not None
                other.highlights.set_note(key, "Written elsewhere.", highlight.revision)
        await pilot.press("V")
        await wait_until(pilot, lambda: "Written elsewhere." in card_text(app), "the new note")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and left_today(screen) == "3 left today"


async def test_a_round_begun_is_not_replaced_by_a_late_answer(
    library: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = highlight_convoy(isolated_user, library)
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        await gathered_ahead(app, pilot)
        with Store.open(isolated_user) as other:  # the gather behind `V` finds something new
            key = next(iter(ids.values()))
            highlight = other.highlights.get(key)
            assert highlight is not None
            other.highlights.set_note(key, "Written elsewhere.", highlight.revision)
        answer = threading.Event()
        slow = items.gather

        def late(*args: Any) -> Any:
            answer.wait(WAIT_TIMEOUT)
            return slow(*args)

        monkeypatch.setattr(items, "gather", late)
        await pilot.press("V", "3")  # graded while the gather behind the screen is under way
        answer.set()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.round is not None
        assert screen.round.done == 1 and left_today(screen) == "2 left today"
        assert "Written elsewhere." not in card_text(app)
