"""The search bar's line as typed: a query longer than the bar keeps its end in view, and the
results list's scrollable height moves by steps (each key would otherwise lay the screen out)."""

from __future__ import annotations

from reader.ui.search.bar import SearchBar
from reader.ui.search.results import HEIGHT_STEP, scroll_height
from tests.ui.helpers import lines_of, seeds_app, settle, wait_until

LONG = "treaty of the caspian sea and the harbours of the northern shore near aktau"


async def test_a_query_longer_than_the_bar_keeps_the_typed_end_in_view() -> None:
    app = seeds_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        bar = app.screen.query_one(SearchBar)
        assert len(LONG) > bar.size.width
        await pilot.press(*LONG)
        await wait_until(pilot, lambda: bar.value == LONG, "the whole query in the bar")
        await settle(pilot)
        shown = lines_of(bar)[0]
        assert shown.endswith("near aktau") and "treaty" not in shown
        await pilot.press("home")
        await settle(pilot)
        assert lines_of(bar)[0].startswith("treaty of the caspian")
        await pilot.press("end", "backspace", "backspace")
        await wait_until(pilot, lambda: bar.value == LONG[:-2], "two letters deleted")
        await settle(pilot)
        assert lines_of(bar)[0].endswith("near akt")


def test_the_scrollable_height_moves_by_steps() -> None:
    view = 36
    assert scroll_height(0, 20, view) == view  # fits: no scrollbar
    first = scroll_height(view, 257, view)
    assert first >= 257 and first % HEIGHT_STEP == 0
    assert scroll_height(first, 250, view) == first  # a few rows less: kept
    assert scroll_height(first, first, view) == first
    assert scroll_height(first, first + 1, view) >= first + 1  # more rows: always room
    assert scroll_height(first, 100, view) < first - HEIGHT_STEP  # far fewer: shrinks
    assert scroll_height(first, 30, view) == view
