"""A database held by another program: the keyboard never waits for it (issue 19, item 4).

Another `reader` importing a big file holds the write lock for seconds; before, a bookmark froze
the app until it was released (27 s, then an error). Here a second connection takes the lock
(`BEGIN IMMEDIATE`) and holds it while keys are pressed: the keys are answered, the app says it
is waiting, and the writes are made in the order asked once the lock is free, or fail with a
notice after the store's patience, with nothing typed lost.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot

from reader.store import connection
from reader.store.state import Store
from reader.ui.app import ReaderApp, build_app
from reader.ui.guard import BUSY_MESSAGE
from reader.ui.screens.main import MainScreen
from reader.ui.screens.note_editor import NoteEditor
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import settle, wait_until
from tests.ui.review_kit import (
    MONDAY,
    current_passage,
    highlight_convoy,
    open_review,
    review_app,
)

#: These tests are of the notice said after 0.3 s of waiting (`tests/ui/conftest.py`).
pytestmark = pytest.mark.busy_store

#: Seconds the keys below may take in all while the lock is held: far below the store's
#: patience (30 s), which is what they took when writes waited on the app's thread.
ANSWERED_WITHIN = 5.0


@contextmanager
def lock_held(app: ReaderApp) -> Iterator[sqlite3.Connection]:
    """Another process's long write transaction, for as long as the block runs (then
    committed: the lock is free)."""
    assert app.store.path is not None
    other = sqlite3.connect(app.store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("COMMIT")
        other.close()


def notices(app: ReaderApp) -> str:
    return "\n".join(str(notification.message) for notification in app._notifications)


async def open_first(pilot: Pilot[None]) -> ReadingPane:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    pane = pilot.app.screen.query_one(ReadingPane)
    assert pane.article is not None
    return pane


async def test_keys_are_answered_while_another_program_holds_the_database(
    library: Path, isolated_user: Path
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_first(pilot)
        with lock_held(app):
            began = time.monotonic()
            await pilot.press("m", "w", "w", "h")
            caret = pane.caret
            await pilot.press("w", "j", "k", "right")
            assert pane.caret != caret  # the caret moved while the writes wait
            assert app.writes.pending >= 2 and not pane.highlights
            await pilot.press("slash", *"yurts")  # typing goes on too
            assert app.screen.focused is not None and "yurts" in str(
                getattr(app.screen.focused, "value", "")
            )
            assert time.monotonic() - began < ANSWERED_WITHIN
            await wait_until(pilot, lambda: BUSY_MESSAGE in notices(app), "the busy notice")
            assert str(app.screen.query_one(KeyBar).status) == BUSY_MESSAGE
        await wait_until(pilot, lambda: not app.writes.pending, "the writes to be made")
        await wait_until(pilot, lambda: "Saved." in notices(app), "the saved notice")
        assert app.screen.query_one(KeyBar).status == ""
        sentence = "Col. Smith met U.S. officials in Almaty on Monday."
        assert [highlight.quote for highlight in pane.highlights] == [sentence]
        assert "Bookmarked: The convoy" in notices(app)
    with Store.open(isolated_user) as store:
        journal = store._db.rows("SELECT kind FROM undo_journal ORDER BY seq")
    assert [kind for (kind,) in journal] == ["bookmark", "highlight"]  # in the order asked


@pytest.fixture
def short_patience(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store gives up waiting for the lock after half a second (30 s for users)."""
    monkeypatch.setattr(connection, "WRITE_PATIENCE", 0.5)


@pytest.mark.usefixtures("short_patience")
async def test_a_highlight_that_never_gets_the_database_fails_and_can_be_asked_again(
    library: Path,
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_first(pilot)
        with lock_held(app):
            await pilot.press("v", "w", "w", "h")
            failed = "Could not highlight: database error"
            await wait_until(pilot, lambda: failed in notices(app), "the failure notice")
        assert app.is_running and not pane.highlights
        await pilot.press("g", "v", "w", "w", "h")  # the same passage, now the lock is free
        await wait_until(pilot, lambda: pane.highlights, "the highlight")
        assert [highlight.quote for highlight in pane.highlights] == ["Col. Smith"]


@pytest.mark.usefixtures("short_patience")
async def test_a_note_that_cannot_be_saved_comes_back_to_the_editor(
    library: Path, isolated_user: Path
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        await pilot.press("v", "w", "w", "a")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        with lock_held(app):
            await pilot.press(*"Who is he?", "ctrl+s")
            failed = "Could not save the note: database error"
            await wait_until(pilot, lambda: failed in notices(app), "the failure notice")
            await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the editor back")
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.text == "Who is he?"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Note saved." in notices(app), "the note saved")
    with Store.open(isolated_user) as store:
        assert [item.note for item in store.highlights.all()] == ["Who is he?"]


async def test_quitting_while_a_write_waits_makes_it_before_the_store_closes(
    library: Path, isolated_user: Path
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        assert app.store.path is not None
        other = sqlite3.connect(app.store.path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("m", "h")  # a bookmark, and a highlight waiting in the queue
        assert app.writes.pending == 2
        # The other program finishes its transaction a moment after the user quit.
        threading.Timer(0.5, other.execute, ["COMMIT"]).start()
    with Store.open(isolated_user) as store:
        assert len(store.bookmarks.all()) == len(store.highlights.all()) == 1


async def test_a_note_editor_answered_late_waits_for_the_screen_that_asked_for_it(
    library: Path, isolated_user: Path
) -> None:
    """`a` makes the highlight first and opens the editor once it is saved: with the database
    held, the palette opened meanwhile was covered by the editor, which took the `escape` meant
    for the palette (the tmux monkey: the palette could not be closed). The editor waits until
    the reading screen is on top again."""
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first(pilot)
        with lock_held(app):
            await pilot.press("v", "w", "w", "a")
            assert app.writes.pending
            await pilot.press("ctrl+p")  # typed ahead: it waits until the store is said busy
            await wait_until(
                pilot, lambda: isinstance(app.screen, CommandPalette), "the palette, meanwhile"
            )
        await wait_until(pilot, lambda: not app.writes.pending, "the highlight to be saved")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        await pilot.press(*"Who?", "ctrl+s")
        await wait_until(pilot, lambda: "Note saved." in notices(app), "the note saved")
        assert isinstance(app.screen, MainScreen)
    with Store.open(isolated_user) as store:
        assert [(item.quote, item.note) for item in store.highlights.all()] == [
            ("Col. Smith", "Who?")
        ]


@pytest.mark.usefixtures("short_patience")
async def test_a_review_note_that_failed_comes_back_over_the_review_not_the_palette(
    library: Path, isolated_user: Path
) -> None:
    """The review's note editor comes back with the text when the store fails; it came back
    over the palette opened meanwhile. It waits for the review to be on top again."""
    highlight_convoy(isolated_user, library)
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        review = await open_review(pilot)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        with lock_held(app):
            await pilot.press(*"Keep it.", "ctrl+s", "ctrl+p")
            failed = "Could not save the note: database error"
            await wait_until(pilot, lambda: failed in notices(app), "the failure notice")
            await settle(pilot)
            assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the editor back")
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.text.endswith("Keep it.")
        assert app.screen_stack[-2] is review


async def test_an_undo_answered_after_the_review_closed_is_kept_for_its_return(
    library: Path, isolated_user: Path
) -> None:
    """`u` in the review, then `escape` before the database answered: the answer redrew the
    review's card, gone with the screen (NoMatches ended the app: the tmux monkey, seeds 9 and
    11). The round is kept for the day: the review opened again shows the grade undone."""
    highlight_convoy(isolated_user, library)
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        review = await open_review(pilot)
        first = current_passage(review)
        await pilot.press("4")
        await wait_until(pilot, lambda: not app.writes.pending, "the grade saved")
        with lock_held(app):
            await pilot.press("u", "escape")
            assert isinstance(app.screen, MainScreen) and app.writes.pending
        await wait_until(pilot, lambda: not app.writes.pending, "the undo made")
        await settle(pilot)
        assert app.is_running
        again = await open_review(pilot)
        assert current_passage(again) == first
