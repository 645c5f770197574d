"""Search results you can read at 80 columns, and the reading pane previewing the chosen one.

Each result shows its whole title and a full line of snippet with the matched words emphasised;
as the cursor moves, the reading pane shows the chosen result at its best passage while the
search bar keeps the keyboard, and the article is opened (stamped opened) only when chosen.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any, cast

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot

import reader.ui.screens.opening
from reader.core.article import Article, ArticleMeta
from reader.ui.screens.main import MainScreen
from reader.ui.search.bar import SearchBar
from reader.ui.search.panel import SearchPanel
from reader.ui.search.results import ResultList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import lines_of, seeds_app, settle, wait_until
from tests.ui.test_search_bar import type_query

#: Seconds a held-back thread waits at most (a failing test must not hang the suite).
HOLD_LIMIT = 10


def previewing(pilot: Pilot[None], article_id: str) -> bool:
    article = pilot.app.screen.query_one(ReadingPane).article
    return article is not None and article.id == article_id


def previewed(pilot: Pilot[None]) -> bool:
    """The reading pane previews the chosen result, at its passage."""
    chosen = pilot.app.screen.query_one(ResultList).current
    shown = cast(MainScreen, pilot.app.screen).opener.previewing
    return chosen is not None and shown == (chosen.id, chosen.offset)


async def wait_for_preview(pilot: Pilot[None]) -> ReadingPane:
    """Waits until the reading pane shows the chosen result's article."""
    await wait_until(pilot, lambda: previewed(pilot), "the chosen result's preview")
    await settle(pilot)
    return pilot.app.screen.query_one(ReadingPane)


async def search_for(pilot: Pilot[None], query: str) -> ResultList:
    """Once the app is ready: `/`, the query, and its answer on screen."""
    await settle(pilot)
    await pilot.press("slash")
    await type_query(pilot, query)
    return pilot.app.screen.query_one(ResultList)


def opened_ids(pilot: Pilot[None]) -> set[str]:
    """The articles opened (a preview is not)."""
    states = pilot.app.store.library.states()  # type: ignore[attr-defined]
    return {article_id for article_id, state in states.items() if state.opened}


async def test_at_80_columns_each_title_is_whole_and_a_full_snippet_line_is_emphasised() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await search_for(pilot, "kazakhstan")
        width = results.scrollable_content_region.width
        shown = " ".join(line.strip() for line in lines_of(results))
        on_screen = [result for result in results.results if result.title[:20] in shown]
        assert len(on_screen) >= 2
        for result in on_screen[:-1]:  # the last may run past the bottom
            assert " ".join(result.title.split()) in shown, result.title
        strips = [results.render_line(y) for y in range(results.scrollable_content_region.height)]
        emphasised = [
            strip
            for strip in strips
            if any(seg.style and seg.style.underline for seg in strip)
            and cell_len(strip.text.rstrip()) >= width - 12  # a full line, not a cut word
            and not any(seg.style and seg.style.bold and not seg.style.underline for seg in strip)
        ]
        assert emphasised, "no full snippet line with an emphasised match:\n" + "\n".join(
            lines_of(results)
        )
        assert (
            "kazakhstan"
            in "".join(
                seg.text for seg in emphasised[0] if seg.style and seg.style.underline
            ).lower()
        )


async def test_the_reading_pane_previews_the_chosen_result_without_taking_the_keys() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        results = await search_for(pilot, "kazakhstan")
        first = results.current
        assert first is not None
        reading = await wait_for_preview(pilot)
        assert isinstance(app.screen.focused, SearchBar)
        assert reading.current_match is not None  # the matches are marked, the best one chosen
        assert reading.article is not None
        assert "kazakhstan" in "\n".join(lines_of(reading)).lower()  # the passage is on screen
        assert first.id not in opened_ids(pilot)  # previewed, not opened

        await pilot.press("down")
        second = results.current
        assert second is not None and second.id != first.id
        await wait_for_preview(pilot)
        assert isinstance(app.screen.focused, SearchBar)
        await pilot.press(*" x")  # typing goes on in the bar
        assert app.screen.query_one(SearchBar).value == "kazakhstan x"
        assert second.id not in opened_ids(pilot)


async def test_enter_on_the_previewed_result_opens_it_where_it_is() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        chosen = (await search_for(pilot, "yurts")).current
        assert chosen is not None
        reading = await wait_for_preview(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.focused is reading
        assert reading.article is not None and reading.article.id == chosen.id
        await wait_until(
            pilot, lambda: chosen.id in opened_ids(pilot), "the article stamped opened"
        )


async def test_the_result_chosen_stays_once_the_search_is_left() -> None:
    """Enter on the previewed result, escape back to the results, escape again: the article
    chosen is the one read now, and leaving the search keeps it."""
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        chosen = (await search_for(pilot, "yurts")).current
        assert chosen is not None
        reading = await wait_for_preview(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not app.screen.query_one(SearchPanel).shown
        assert reading.article is not None and reading.article.id == chosen.id


async def test_the_previewed_result_opened_keeps_its_match_count_and_n() -> None:
    """The preview's border counts the matches; opening it (the passage is on screen already)
    keeps the count, and `n` walks on to the next."""
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "yurts")
        reading = await wait_for_preview(pilot)
        previewed_title = str(reading.border_title)
        assert re.fullmatch(r"Reading · match \d+ of \d+", previewed_title)
        await pilot.press("enter")
        await settle(pilot)
        assert str(reading.border_title) == previewed_title
        await pilot.press("n")
        await settle(pilot)
        assert str(reading.border_title) != previewed_title
        assert "Reading · match" in str(reading.border_title)


async def test_leaving_the_search_gives_the_pane_back(library: Path) -> None:
    """Nothing chosen: the article read before the search comes back, or none if none was."""
    app = seeds_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reading = app.screen.query_one(ReadingPane)
        await pilot.press("slash")
        await type_query(pilot, "nothing")
        await wait_for_preview(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert reading.article is None
        assert "Choose an article" in "\n".join(lines_of(reading))

        await pilot.press("enter")  # the first of the list, read
        await settle(pilot)
        read = reading.article
        assert read is not None
        other = "yurts" if read.title == "Another piece" else "nothing"
        await pilot.press("escape", "slash")
        await type_query(pilot, other)
        await wait_for_preview(pilot)
        assert reading.article is not None and reading.article.id != read.id
        await pilot.press("escape")
        await wait_until(pilot, lambda: previewing(pilot, read.id), "the article read before")
        await settle(pilot)
        assert opened_ids(pilot) == {read.id}


async def test_a_preview_overtaken_by_a_newer_one_is_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first result's article is slow to read; the cursor moves on meanwhile: the pane
    ends on the second result, never flipping back to the first when it arrives late."""
    release = threading.Event()
    slow: list[str] = []
    load = reader.ui.screens.opening.load_article

    def held_back(meta: ArticleMeta, *args: Any, **kwargs: Any) -> Article:
        if not slow:
            slow.append(meta.id)
            release.wait(HOLD_LIMIT)
        return load(meta, *args, **kwargs)

    monkeypatch.setattr(reader.ui.screens.opening, "load_article", held_back)
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"kazakhstan")
        results = app.screen.query_one(ResultList)
        await wait_until(pilot, lambda: bool(slow), "the first preview to be under way")
        await pilot.press("down")
        while (second := results.current) is not None and second.id == slow[0]:
            await pilot.press("down")
        assert second is not None
        await wait_until(pilot, lambda: previewing(pilot, second.id), "the second preview")
        release.set()
        await settle(pilot)
        assert previewing(pilot, second.id)
