"""SVG snapshots of what a user sees: wide, large, narrow and too-small windows.

Regenerate after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from textual.pilot import Pilot

from reader.core.library import load_article, load_index
from reader.store.state import Store
from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.main import MainScreen
from reader.ui.search.bar import SearchBar
from reader.ui.search.results import ResultList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import seeds_app, settle, wait_until
from tests.ui.test_note_room import noted_library


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def _open_second(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("j", "enter")
    await settle(pilot)


def test_main_screen_80x24(snap_compare: Any) -> None:
    assert snap_compare(seeds_app(), terminal_size=(80, 24), run_before=_ready)


def test_article_open_120x40(snap_compare: Any) -> None:
    assert snap_compare(seeds_app(), terminal_size=(120, 40), run_before=_open_second)


def test_reading_full_width_80x24(snap_compare: Any) -> None:
    """At 80 columns the article takes the whole width while reading: a 72-column page."""
    assert snap_compare(seeds_app(), terminal_size=(80, 24), run_before=_open_second)


async def _find(pilot: Pilot[None]) -> None:
    await _open_second(pilot)
    await pilot.press("slash", *"kazakh")
    await settle(pilot)


def test_find_in_the_article_80x24(snap_compare: Any) -> None:
    """`/kazakh` typed in the reading pane: the matches marked, their count in the border."""
    assert snap_compare(seeds_app(), terminal_size=(80, 24), run_before=_find)


def test_narrow_layout_reading(snap_compare: Any) -> None:
    assert snap_compare(seeds_app(), terminal_size=(50, 24), run_before=_open_second)


async def _search_kazakhstan(pilot: Pilot[None]) -> None:
    """Results for a word in every seed, the first previewed in the reading pane."""
    await settle(pilot)
    pilot.app.screen.query_one(SearchBar).cursor_blink = False  # the same picture every time
    await pilot.press("slash", *"kazakhstan")
    await wait_until(pilot, lambda: previewed(pilot), "the first result previewed")
    await settle(pilot)


def previewed(pilot: Pilot[None]) -> bool:
    chosen = pilot.app.screen.query_one(ResultList).current
    pane = pilot.app.screen.query_one(ReadingPane)
    laid_out = pane.view.width == pane.view.text_width()  # for the width it has now
    shown = cast(MainScreen, pilot.app.screen).opener.previewing
    return chosen is not None and shown == (chosen.id, chosen.offset) and laid_out


def test_search_results_80x24(snap_compare: Any) -> None:
    assert snap_compare(seeds_app(), terminal_size=(80, 24), run_before=_search_kazakhstan)


async def _into_the_note(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("right_square_bracket")  # the caret into the noted highlight
    await settle(pilot)


def test_note_panel_80x24(snap_compare: Any, tmp_path: Path, isolated_user: Path) -> None:
    """The note of the highlight under the caret, below the text, at 80x24."""
    app = build_app([noted_library(tmp_path, isolated_user)])
    assert snap_compare(app, terminal_size=(80, 24), run_before=_into_the_note)


def test_too_small_notice(snap_compare: Any) -> None:
    assert snap_compare(seeds_app(), terminal_size=(20, 6), run_before=_ready)


def _annotated_app(library: Path, data: Path) -> ReaderApp:
    """The convoy article with highlights of three colours, one nested in another, and a note."""
    index = load_index([library])
    meta = next(meta for meta in index.articles if meta.title == "The convoy")
    body = load_article(meta).body
    with Store.open(data) as store:
        for quote, color, note in (
            ("Col. Smith met U.S. officials in Almaty on Monday.", "yellow", "Who is Smith?"),
            ("The talks ran late.", "green", ""),
            ("about the yurts", "blue", ""),
            ("A second paragraph follows, about the yurts. It has two sentences.", "pink", ""),
        ):
            start = body.index(quote)
            store.highlights.add(meta.id, body, start, start + len(quote), color, note)
    return build_app([library])


async def _open_annotated(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("w")  # the caret into the noted highlight: its note shows below
    await settle(pilot)


def test_highlights_dark(snap_compare: Any, library: Path, isolated_user: Path) -> None:
    app = _annotated_app(library, isolated_user)
    assert snap_compare(app, terminal_size=(90, 26), run_before=_open_annotated)


def test_highlights_light(snap_compare: Any, library: Path, isolated_user: Path) -> None:
    app = _annotated_app(library, isolated_user)

    async def light(pilot: Pilot[None]) -> None:
        pilot.app.theme = "textual-light"
        await _open_annotated(pilot)

    assert snap_compare(app, terminal_size=(90, 26), run_before=light)


def test_highlights_no_color(
    snap_compare: Any, library: Path, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = _annotated_app(library, isolated_user)
    assert app.no_color
    assert snap_compare(app, terminal_size=(90, 26), run_before=_open_annotated)
