"""The daily review (`V`) with a fixed clock: a queue on day 1, grades that decide what comes on
day 3, undo, `x`, `enter` to the passage and `escape` back, the note and tags of a highlight."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import OptionList

from reader.core.review.cards import Stage
from reader.core.shelf import Location
from reader.store.state import Store
from reader.ui.screens.chooser import ChooserScreen
from reader.ui.screens.main import MainScreen
from reader.ui.screens.note_editor import NoteEditor
from reader.ui.screens.review.items import ReviewItem
from reader.ui.screens.review.screen import ReviewScreen
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import settle, wait_until
from tests.ui.review_kit import (
    MONDAY,
    PASSAGES,
    card_text,
    current_passage,
    highlight_convoy,
    left_today,
    open_review,
    review_app,
    review_screen,
)


def waiting(screen: ReviewScreen) -> tuple[ReviewItem, ...]:
    assert screen.round is not None
    return screen.round.waiting


async def test_day_one_shows_each_highlight_once_then_a_quiet_end(
    library: Path, isolated_user: Path
) -> None:
    highlight_convoy(isolated_user, library)
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert left_today(screen) == "3 left today"
        seen = []
        for left in (2, 1, 0):
            seen.append(current_passage(screen))
            text = card_text(app)
            assert "The convoy" in text and "Field Notes" in text and seen[-1] in text
            await pilot.press("3")
            assert left_today(screen) == (f"{left} left today" if left else "done for today")
        assert sorted(seen) == sorted(PASSAGES)
        assert "Done for today." in card_text(app) and "3 highlights reviewed" in card_text(app)
        await settle(pilot)
    with Store.open(isolated_user) as store:
        assert len(store.reviews.log()) == 3


async def test_grades_on_day_1_decide_what_comes_on_day_3(
    library: Path, isolated_user: Path
) -> None:
    highlight_convoy(isolated_user, library)
    clock = [MONDAY]
    app = review_app(library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        graded = {}
        for key in ("1", "3", "4"):  # again, good, easy
            graded[key] = current_passage(screen)
            await pilot.press(key)
        await pilot.press("escape")
        await settle(pilot)
        clock[0] = MONDAY + timedelta(days=2)
        screen = await open_review(pilot)
        assert screen.round is not None and screen.round.day == "2026-03-04"
        due = {item.passage for item in waiting(screen)}
        assert due == {graded["1"], graded["3"]}  # easy is a week away
        assert not any(item.new for item in waiting(screen))


async def test_undo_brings_the_last_graded_back_and_forgets_its_grade(
    library: Path, isolated_user: Path
) -> None:
    ids = highlight_convoy(isolated_user, library)
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        first = current_passage(screen)
        await pilot.press("4")
        assert current_passage(screen) != first
        await pilot.press("u")
        await wait_until(pilot, lambda: current_passage(screen) == first, "the grade undone")
        assert left_today(screen) == "3 left today"
        await pilot.press("u")  # nothing left to undo here
        await settle(pilot)
        assert current_passage(screen) == first
    with Store.open(isolated_user) as store:
        assert store.reviews.card(ids[first]) is None and store.reviews.log() == []


async def test_x_stops_a_highlight_for_good_and_u_brings_it_back(
    library: Path, isolated_user: Path
) -> None:
    ids = highlight_convoy(isolated_user, library)
    clock = [MONDAY]
    app = review_app(library, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        stopped = current_passage(screen)
        await pilot.press("x")
        assert left_today(screen) == "2 left today"
        await pilot.press("u")
        await wait_until(pilot, lambda: current_passage(screen) == stopped, "x undone")
        await pilot.press("x", "escape")
        await settle(pilot)
        clock[0] = MONDAY + timedelta(days=400)
        screen = await open_review(pilot)
        assert stopped not in {item.passage for item in waiting(screen)}
        assert len(waiting(screen)) == 2
    with Store.open(isolated_user) as store:
        card = store.reviews.card(ids[stopped])
        assert card is not None and card.stopped is not None and card.stage is Stage.NEW


async def test_enter_opens_the_passage_and_escape_comes_back_where_it_was(
    library: Path, isolated_user: Path
) -> None:
    highlight_convoy(isolated_user, library)
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("3")
        here = current_passage(screen)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "the article")
        pane = app.screen.query_one(ReadingPane)
        await wait_until(pilot, lambda: pane.article is not None, "the article to open")
        assert pane.article is not None and pane.article.title == "The convoy"
        assert pane.article.body[pane.caret :].startswith(here)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review back")
        back = review_screen(app)
        assert current_passage(back) == here and left_today(back) == "2 left today"
        await pilot.press("escape")  # closing the review stays in the library
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_a_edits_the_note_and_t_tags_the_highlight(
    library: Path, isolated_user: Path
) -> None:
    ids = highlight_convoy(isolated_user, library)
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        passage = current_passage(screen)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor), "the note editor")
        await pilot.press(*"Keep it.", "ctrl+s")
        await wait_until(pilot, lambda: "Keep it." in card_text(app), "the note shown")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, ChooserScreen), "the tag picker")
        await pilot.press(*"favourite", "enter")
        await wait_until(pilot, lambda: "#favourite" in card_text(app), "the tag shown")
        assert "★ favourite" in card_text(app) and current_passage(screen) == passage
    with Store.open(isolated_user) as store:
        highlight = store.highlights.get(ids[passage])
        assert highlight is not None and highlight.note.endswith("Keep it.")
        assert store.tags.for_highlight(ids[passage]) == ("favourite",)


async def test_the_trash_is_left_out_and_nothing_to_review_is_said(
    library: Path, isolated_user: Path
) -> None:
    highlight_convoy(isolated_user, library)
    with Store.open(isolated_user) as store:
        article = store.highlights.all()[0].article_id
        store.library.move([article], Location.TRASH)
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert screen.current is None and "Nothing to review today." in card_text(app)
        await pilot.press("3", "x", "enter")  # nothing to act on: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


def test_untrusted_text_is_drawn_as_written() -> None:
    from reader.core.annotate.anchor import Status
    from reader.core.annotate.highlight import Highlight
    from reader.ui.screens.review.card import card_content

    highlight = Highlight(
        "h", "a", "[bold]quote[/bold]\x1b[31m", "[bold]quote[/bold]", "before [link=x]", "",
        0, 10, "[red]note[/]", "yellow", Status.ANCHORED, 100.0, None, None, None, "", "", "", 1,
    )  # fmt: skip
    item = ReviewItem(highlight, "[i]Title[/i]", "Src", ("[tag]",), new=True, favourite=False)
    text = card_content(item).plain
    for shown in ("[bold]quote[/bold]", "[red]note[/]", "[i]Title[/i]", "#[tag]", "[link=x]"):
        assert shown in text
    assert "\x1b" not in text


async def test_t_is_the_app_tag_picker_and_takes_off_a_tag_the_highlight_has(
    library: Path, isolated_user: Path
) -> None:
    ids = highlight_convoy(isolated_user, library)
    with Store.open(isolated_user) as store:
        store.tags.tag_highlights(list(ids.values()), ["favourite"])
        store.tags.tag(["elsewhere"], ["longreads"])  # a tag of the library, offered too
    app = review_app(library, [MONDAY])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        passage = current_passage(screen)
        assert "#favourite" in card_text(app)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, ChooserScreen), "the tag picker")
        offered = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert any("✓ favourite" in label for label in offered)
        assert any("longreads" in label for label in offered)
        await pilot.press(*"fav", "enter")
        await wait_until(pilot, lambda: "#favourite" not in card_text(app), "the tag taken off")
        assert current_passage(screen) == passage
    with Store.open(isolated_user) as store:
        assert store.tags.for_highlight(ids[passage]) == ()
