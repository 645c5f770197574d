"""Finding in the article (issue 13, item 2): `/` in the reading pane, as in `less` and `vim`.

`/` opens the find bar under the text; each key marks the matches and shows the first from the
caret, with their count in the border; `enter` puts the caret there; `n`/`N` walk them until the
next find (in an article opened since, too); `escape` clears the marks. `/` in the list still
searches the library, and `s` reaches the library search from anywhere.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reader.ui.app import ReaderApp
from reader.ui.search.bar import SearchBar
from reader.ui.search.panel import SearchPanel
from reader.ui.widgets.find_bar import FindBar
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import seeds_app, settle


def pane_of(app: ReaderApp) -> ReadingPane:
    return app.screen.query_one(ReadingPane)


def kinds_at(pane: ReadingPane, offset: int) -> set[str]:
    """What is drawn over the body character at `offset`."""
    return {kind for _s, _e, kinds in pane.view.marks.pieces(offset, offset + 1) for kind in kinds}


def occurrences(pane: ReadingPane, phrase: str) -> list[int]:
    assert pane.article is not None
    body, found = pane.article.body.lower(), []
    at = body.find(phrase)
    while at >= 0:
        found.append(at)
        at = body.find(phrase, at + len(phrase))
    return found


async def open_first(pilot: Pilot[None]) -> ReadingPane:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    return pane_of(pilot.app)  # type: ignore[arg-type]


async def test_slash_marks_the_matches_and_enter_n_and_shift_n_walk_them() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_first(pilot)
        found = occurrences(pane, "kazakh")
        await pilot.press("slash", *"kazakh")
        bar = app.screen.query_one(FindBar)
        assert app.screen.focused is bar
        assert pane.border_title == f"Reading · /kazakh · 1 of {len(found)}"
        assert pane.current_match == (found[0], found[0] + 6)
        assert "match-current" in kinds_at(pane, found[0]) and "match" in kinds_at(pane, found[1])
        await pilot.press("enter")
        assert app.screen.focused is pane
        assert pane.caret == found[0]
        await pilot.press("n", "n")
        assert pane.caret == found[2]
        assert pane.border_title == f"Reading · /kazakh · 3 of {len(found)}"
        await pilot.press("N")
        assert pane.caret == found[1]


async def test_escape_clears_the_marks_and_n_brings_them_back() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_first(pilot)
        found = occurrences(pane, "kazakh")
        await pilot.press("slash", *"kazakh", "enter")
        await pilot.press("escape")
        assert app.screen.focused is pane  # escape cleared the marks; it did not go back
        assert pane.border_title == "Reading"
        assert not kinds_at(pane, found[0]) & {"match", "match-current"}
        await pilot.press("n")
        assert pane.caret == found[1] and "match-current" in kinds_at(pane, found[1])
        await pilot.press("escape", "escape")
        assert app.screen.focused is not pane  # the second escape goes back to the list


async def test_escape_in_the_find_bar_leaves_the_article_as_it_was() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_first(pilot)
        await pilot.press("space")
        scroll, caret = pane.scroll_y, pane.caret
        await pilot.press("slash", *"ukrain")
        assert pane.current_match is not None
        await pilot.press("escape")
        assert app.screen.focused is pane
        assert (pane.scroll_y, pane.caret, pane.current_match) == (scroll, caret, None)
        assert pane.border_title == "Reading"


async def test_a_phrase_nowhere_says_so_and_smart_case_matches_capitals_only() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_first(pilot)
        await pilot.press("slash", *"[b]zzz", "enter")
        assert pane.border_title == "Reading · /\\[b]zzz · not found"  # shown as typed
        assert pane.article is not None
        body = pane.article.body
        capitals = body.count("Kazakhstan")
        await pilot.press("slash", *"Kazakhstan", "enter")
        assert pane.border_title == f"Reading · /Kazakhstan · 1 of {capitals}"


async def test_n_in_an_article_opened_after_a_find_looks_for_its_phrase() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot)
        await pilot.press("slash", *"putin", "enter", "escape", "escape", "j", "enter")
        await settle(pilot)
        pane = pane_of(app)
        found = occurrences(pane, "putin")
        await pilot.press("n")
        assert pane.caret == found[0] and pane.current_match == (found[0], found[0] + 5)


async def test_slash_in_the_list_and_s_anywhere_search_the_library() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen.focused, SearchBar)
        await pilot.press("escape")
        pane = await open_first(pilot)
        assert app.screen.focused is pane
        await pilot.press("s", *"treaty")
        bar = app.screen.query_one(SearchBar)
        assert app.screen.focused is bar and bar.value == "treaty"
        # From a full-width page too, the results show beside the article.
        await settle(pilot)
        assert app.screen.query_one(SearchPanel).display
        assert app.screen.query_one(ReadingPane).display


async def test_a_library_search_opens_with_its_matches_and_escape_goes_back(
    library: Path,
) -> None:
    app = seeds_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"yurts")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = pane_of(app)
        assert pane.current_match is not None and pane.border_title == "Reading · match 1 of 1"
        await pilot.press("escape")  # a library search's matches: back to the results
        assert isinstance(app.screen.focused, SearchBar)
