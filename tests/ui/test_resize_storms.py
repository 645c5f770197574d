"""Pilot tests: storms of resizes and windows too small to draw in never break the app.

A window dragged by its corner sends dozens of sizes a second, down to nothing and back; an SSH
client resized to 1x1 is legal. After any of that, the next key must be answered as usual.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual import events
from textual.geometry import Size
from textual.pilot import Pilot
from textual.widgets import Static

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.reading_view import MEASURE
from tests.ui.helpers import seeds_app, settle, text_of, wait_until
from tests.ui.pilot_steps import press_settled

#: Sizes every storm passes through, among random ones.
EXTREMES = [(1, 1), (2, 1), (1, 40), (300, 1), (23, 7), (24, 6), (24, 7), (59, 24), (60, 24)]


def storm(count: int, seed: int = 6) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    sizes = [(rng.randint(1, 220), rng.randint(1, 70)) for _ in range(count - len(EXTREMES))]
    for index, size in enumerate(EXTREMES):
        sizes.insert(index * len(sizes) // len(EXTREMES), size)
    return sizes


def one_long_line(tmp_path: Path) -> Path:
    library = tmp_path / "lib"
    library.mkdir()
    words = "a long line of words without any break " * 26_000  # about 1 MB
    (library / "line.txt").write_text(f"One megabyte line\n\n{words}\n")
    return library


async def resize_through(pilot: Pilot[None], sizes: list[tuple[int, int]], burst: int = 10) -> None:
    """Resize events in bursts, faster than the app can draw (as a dragged window sends them),
    with a pause after each burst so that some sizes are really drawn."""
    for index, (width, height) in enumerate(sizes, 1):
        size = Size(width, height)
        pilot.app.post_message(events.Resize(size, size))
        if index % burst == 0:
            await pilot.pause()
    await pilot.pause()


async def open_first(pilot: Pilot[None]) -> ReadingPane:
    await settle(pilot)
    await press_settled(pilot, "enter")
    return pilot.app.screen.query_one(ReadingPane)


def laid_out(reading: ReadingPane) -> bool:
    """The article is laid out for the pane's present width (a long one is re-laid out after a
    short delay, once the resizes stop)."""
    width = max(1, min(MEASURE, reading.scrollable_content_region.width - 4))
    return reading.article is None or reading.virtual_size.width == width


async def resize_settled(pilot: Pilot[None], width: int, height: int) -> None:
    await pilot.resize_terminal(width, height)
    await settle(pilot)
    reading = pilot.app.screen.query_one(ReadingPane)
    await wait_until(pilot, lambda: laid_out(reading), f"the article laid out at {width}x{height}")


async def test_300_resizes_on_a_1mb_article_then_a_key_is_answered(tmp_path: Path) -> None:
    app = seeds_app(one_long_line(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        reading = await open_first(pilot)
        assert reading.article is not None and len(reading.article.body) > 1_000_000
        await resize_through(pilot, storm(300))
        await resize_settled(pilot, 100, 30)
        before = reading.scroll_y
        await pilot.press("space")
        assert reading.scroll_y > before
        assert app.screen.focused is reading
        assert "a long line of words" in text_of(reading)


async def test_storm_on_the_list_keeps_the_cursor_and_the_focus() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await resize_through(pilot, storm(120, seed=7))
        await resize_settled(pilot, 80, 24)
        article_list = app.screen.query_one(ArticleList)
        assert article_list.cursor == 1
        assert app.screen.focused is article_list
        await pilot.press("j")
        assert article_list.cursor == 2


@pytest.mark.parametrize(
    ("width", "height"), [(1, 1), (2, 2), (10, 3), (23, 24), (80, 6), (24, 7), (30, 8)]
)
async def test_tiny_windows_say_so_or_draw_and_recover(width: int, height: int) -> None:
    app = seeds_app()
    async with app.run_test(size=(width, height)) as pilot:
        await settle(pilot)
        notice = app.screen.query_one("#too-small", Static)
        tiny = width < 24 or height < 7
        assert notice.display is tiny
        if tiny:
            assert f"({width}×{height})" in str(notice.render())
        await pilot.press("j", "enter", "escape", "question_mark", "escape")
        await resize_settled(pilot, 80, 24)
        assert not notice.display
        article_list = app.screen.query_one(ArticleList)
        assert app.screen.focused is article_list
        assert "Kazakhstan" in text_of(article_list)


async def test_reading_in_a_tiny_window_then_growing(tmp_path: Path) -> None:
    app = seeds_app(one_long_line(tmp_path))
    async with app.run_test(size=(30, 8)) as pilot:
        reading = await open_first(pilot)
        await pilot.press("space", "space")
        await pilot.resize_terminal(1, 1)
        await pilot.press("space", "G", "g")  # keys while nothing can be drawn
        await resize_settled(pilot, 120, 40)
        assert app.screen.focused is reading
        assert "a long line of words" in text_of(reading)
