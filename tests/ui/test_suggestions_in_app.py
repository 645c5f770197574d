"""An orphan's suggested place in the `H` screen (issue 16, item 4): what it says, `a` accepts
(an ambiguous highlight's places are listed to pick from), `n` keeps it orphaned, `u` undoes
either; and the same while keys come in a burst, the file is gone or the database is held."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from reader.core.annotate.anchor import Status
from reader.core.annotate.highlight import Highlight
from reader.store import connection
from reader.ui.app import ReaderApp, build_app
from reader.ui.guard import BUSY_MESSAGE
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.highlights import HighlightsScreen
from reader.ui.screens.main import MainScreen
from reader.ui.screens.places_chooser import PlacesScreen
from reader.ui.widgets.reading_pane import ReadingPane
from tests.orphans import CANDIDATE, QUOTE, YURTS, orphaned_library
from tests.ui.helpers import settle, wait_until


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "library"


def notices(app: ReaderApp) -> str:
    return "\n".join(str(notification.message) for notification in app._notifications)


def stored(app: ReaderApp, highlight_id: str) -> Highlight:
    found = app.store.highlights.get(highlight_id)
    assert found is not None
    return found


def pane(app: ReaderApp) -> ReadingPane:
    main = next(screen for screen in app.screen_stack if isinstance(screen, MainScreen))
    return main.query_one(ReadingPane)


def shown_at(app: ReaderApp, words: str) -> list[int]:
    """Where the reading pane draws a highlight of `words` (body offsets)."""
    reading = pane(app)
    assert reading.article is not None
    body = reading.article.body
    return [h.start for h in reading.highlights if body[h.start : h.end] == words]


def listed(app: ReaderApp) -> str:
    """What the `H` list and the line under it say."""
    screen = app.screen
    options = screen.query_one(OptionList)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    status = str(screen.query_one("#picker-status", Static).render())
    return "\n".join([*prompts, status])


@asynccontextmanager
async def in_list(
    folder: Path, data: Path, ambiguous: bool = False, on: str = QUOTE
) -> AsyncIterator[tuple[ReaderApp, Pilot[None], dict[str, str]]]:
    """The app on the changed article (`tests.orphans`), in `H` with the cursor on `on`; the
    highlights' ids by kind."""
    ids = orphaned_library(folder, data, ambiguous)
    app = build_app([folder])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot, on)
        yield app, pilot, ids


async def open_list(pilot: Pilot[None], on: str = QUOTE) -> HighlightsScreen:
    """The article open in the reading pane, then `H` with the cursor on the highlight `on`."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("H")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HighlightsScreen), "the list")
    screen = pilot.app.screen
    assert isinstance(screen, HighlightsScreen)
    options = screen.query_one(OptionList)
    while on not in str(options.highlighted_option.prompt if options.highlighted_option else ""):
        await pilot.press("down")
    await settle(pilot)
    return screen


async def test_an_orphan_shows_its_candidate_how_alike_what_differs_and_the_keys(
    folder: Path, isolated_user: Path
) -> None:
    async with in_list(folder, isolated_user) as (app, pilot, _ids):
        shown = listed(app)
        assert "orphaned: no longer attached to the text" in shown
        assert f"best candidate, 73% alike: “{CANDIDATE}”" in shown
        assert "what differs: “It was cold” was added, “Smith” became “Jones”" in shown
        assert "a accepts · n keeps it orphaned · u undoes · esc closes" in shown
        await pilot.press("escape", "question_mark")  # the help lists the keys of H too
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        help_text = str(app.screen.query_one(Static).render())
        for command in ("reader.picker.accept", "reader.picker.keep", "reader.picker.undo"):
            assert command in help_text


async def test_a_accepts_the_candidate_the_article_shows_it_there_and_u_undoes(
    folder: Path, isolated_user: Path
) -> None:
    async with in_list(folder, isolated_user) as (app, pilot, ids):
        before = stored(app, ids["orphan"])
        await pilot.press("a")
        await wait_until(pilot, lambda: stored(app, ids["orphan"]).attached, "the acceptance")
        placed = stored(app, ids["orphan"])
        assert (placed.status, placed.quote, placed.note) == (
            Status.ANCHORED,
            CANDIDATE,
            "Who is Smith?",
        )
        await wait_until(pilot, lambda: shown_at(app, CANDIDATE), "the highlight in the text")
        assert shown_at(app, CANDIDATE) == [placed.start]
        await wait_until(pilot, lambda: "best candidate" not in listed(app), "the list to follow")
        assert f"Placed: “{CANDIDATE[:30]}" in notices(app)
        await pilot.press("u")
        await wait_until(pilot, lambda: not stored(app, ids["orphan"]).attached, "the undo")
        assert stored(app, ids["orphan"]).suggestion == before.suggestion
        await wait_until(pilot, lambda: not shown_at(app, CANDIDATE), "the text to follow")
        await wait_until(pilot, lambda: "73% alike" in listed(app), "the list to follow")
        await pilot.press("a")  # accepted again, then Enter jumps to where it now is
        await wait_until(pilot, lambda: stored(app, ids["orphan"]).attached, "the acceptance")
        await settle(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, HighlightsScreen), "the jump")
        await settle(pilot)
        assert pane(app).caret == stored(app, ids["orphan"]).start


async def test_n_keeps_it_orphaned_and_u_brings_the_suggestion_back(
    folder: Path, isolated_user: Path
) -> None:
    async with in_list(folder, isolated_user) as (app, pilot, ids):
        await pilot.press("n")
        await wait_until(pilot, lambda: stored(app, ids["orphan"]).suggestion is None, "keep")
        assert stored(app, ids["orphan"]).status == Status.ORPHANED
        await wait_until(pilot, lambda: "no place suggested" in listed(app), "the list")
        assert "enter jumps · x deletes" in listed(app)
        await pilot.press("a")  # nothing to accept now: said, nothing changes
        await settle(pilot)
        assert "No place is suggested for this highlight." in notices(app)
        await pilot.press("u")
        await wait_until(pilot, lambda: stored(app, ids["orphan"]).suggestion, "the undo")
        await wait_until(pilot, lambda: "73% alike" in listed(app), "the list to follow")
        assert not shown_at(app, CANDIDATE)


async def test_an_ambiguous_highlights_places_are_listed_and_the_one_picked_is_used(
    folder: Path, isolated_user: Path
) -> None:
    async with in_list(folder, isolated_user, ambiguous=True, on=YURTS) as (app, pilot, ids):
        assert "a picks a place · n keeps it orphaned" in listed(app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, PlacesScreen), "the places")
        assert "1. at " in listed(app) and "2. at " in listed(app)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: stored(app, ids["ambiguous"]).attached, "the pick")
        await wait_until(pilot, lambda: shown_at(app, YURTS), "the highlight in the text")
        body = pane(app).article.body  # type: ignore[union-attr]
        second = body.index(YURTS, body.index(YURTS) + 1)
        assert shown_at(app, YURTS) == [second] == [stored(app, ids["ambiguous"]).start]
        assert isinstance(app.screen, HighlightsScreen)
        await pilot.press("u")
        await wait_until(pilot, lambda: not shown_at(app, YURTS), "the undo")
        assert stored(app, ids["ambiguous"]).status == Status.AMBIGUOUS
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, PlacesScreen), "the places")
        await pilot.press("escape")  # none of them: nothing changes
        await settle(pilot)
        assert isinstance(app.screen, HighlightsScreen)
        assert stored(app, ids["ambiguous"]).status == Status.AMBIGUOUS


# A hostile pass: keys in a burst, the article's file gone, the database held by another program.


def burst(app: ReaderApp, *keys: str) -> None:
    """Queues `keys` at once, as a terminal read delivers them."""
    for key in keys:
        app.post_message(events.Key(key, key))


@pytest.mark.parametrize(
    "keys", [("a", "a", "n", "u", "a"), ("n", "a", "u", "u", "n"), ("a", "u") * 4]
)
async def test_a_burst_of_keys_leaves_the_highlight_where_the_list_says(
    folder: Path, isolated_user: Path, keys: tuple[str, ...]
) -> None:
    async with in_list(folder, isolated_user) as (app, pilot, ids):
        burst(app, *keys)
        await settle(pilot)
        await wait_until(pilot, lambda: not app.writes.pending, "every write answered")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HighlightsScreen)
        now = stored(app, ids["orphan"])
        if now.attached:  # on the candidate's words, never on others
            assert (now.quote, shown_at(app, CANDIDATE)) == (CANDIDATE, [now.start])
            assert "best candidate" not in listed(app)
        else:
            assert now.status == Status.ORPHANED and not shown_at(app, CANDIDATE)
            assert now.suggestion in (None, CANDIDATE)
            assert ("73% alike" in listed(app)) == (now.suggestion is not None)


async def test_accepting_when_the_articles_file_is_gone_says_so(
    folder: Path, isolated_user: Path
) -> None:
    async with in_list(folder, isolated_user) as (app, pilot, ids):
        (folder / "convoy.md").unlink()
        await pilot.press("a")
        said = "Could not accept the suggestion: its article cannot be read now"
        await wait_until(pilot, lambda: said in notices(app), "the notice")
        assert app.is_running and not stored(app, ids["orphan"]).attached
        await pilot.press("n")  # keeping it needs no file
        await wait_until(pilot, lambda: stored(app, ids["orphan"]).suggestion is None, "keep")


@contextmanager
def lock_held(app: ReaderApp) -> Iterator[None]:
    """Another program's long write transaction, for as long as the block runs."""
    assert app.store.path is not None
    other = sqlite3.connect(app.store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("COMMIT")
        other.close()


@pytest.mark.busy_store
async def test_accepting_while_another_program_holds_the_database_waits_its_turn(
    folder: Path, isolated_user: Path
) -> None:
    async with in_list(folder, isolated_user) as (app, pilot, ids):
        with lock_held(app):
            await pilot.press("a", "down", "up")  # the keys are answered meanwhile
            await wait_until(pilot, lambda: BUSY_MESSAGE in notices(app), "the busy notice")
            assert not stored(app, ids["orphan"]).attached and "73% alike" in listed(app)
        await wait_until(pilot, lambda: stored(app, ids["orphan"]).attached, "the acceptance")
        await wait_until(pilot, lambda: shown_at(app, CANDIDATE), "the highlight in the text")
        assert "Saved." in notices(app)


async def test_accepting_when_the_database_stays_held_fails_and_can_be_asked_again(
    folder: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "WRITE_PATIENCE", 0.5)  # 30 s for users
    async with in_list(folder, isolated_user) as (app, pilot, ids):
        with lock_held(app):
            await pilot.press("a")
            failed = "Could not accept the suggestion: database error"
            await wait_until(pilot, lambda: failed in notices(app), "the failure notice")
        assert app.is_running and "73% alike" in listed(app)
        await pilot.press("a")
        await wait_until(pilot, lambda: stored(app, ids["orphan"]).attached, "the acceptance")
