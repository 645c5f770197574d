"""The result rows follow each keystroke in place: laid out by the search worker for the list's
width, drawn as they are, and laid out again when the width changed on the way.

(issue 18 item 4: the app's thread only draws the rows; `benchmarks/search_keys.py` times it.)
"""

from __future__ import annotations

from reader.ui.search.results import ResultList, laid_out
from reader.ui.search.rows import answer_rows
from tests.ui.helpers import lines_of, seeds_app
from tests.ui.test_search_bar import type_query
from tests.ui.test_search_results import search_for


def shown_rows(results: ResultList) -> list[str]:
    return [line.strip() for line in lines_of(results)]


def expected_rows(results: ResultList) -> list[str]:
    """The rows of the answer shown, laid out here for the list's width, as many as fit."""
    answer = results.answer
    rows, _starts = answer_rows(answer.results, answer.message, results.text_width)
    shown = [row.text.strip() for row in rows]
    height = results.scrollable_content_region.height
    return (shown + [""] * height)[:height]


async def test_each_answer_comes_laid_out_for_the_list_and_shows_its_own_matches() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        results = await search_for(pilot, "kaz")
        for more in ("akh", "stan"):
            before = results.answer
            await type_query(pilot, more)
            answer = results.answer
            assert answer is not before and answer.query.endswith(more)
            assert answer.layout is not None and answer.layout.width == results.text_width
            rows, _starts = answer_rows(answer.results, answer.message, results.text_width)
            assert list(answer.layout.rows) == rows  # what the worker laid out is what fits
            assert shown_rows(results) == expected_rows(results)
            assert results.cursor == 0 and results.current is answer.results[0]


async def test_an_answer_laid_out_for_another_width_is_laid_out_again() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        results = await search_for(pilot, "kazakhstan")
        wide = laid_out(results.answer, results.text_width + 40)  # the list was resized since
        results.show(wide)
        await pilot.pause()
        assert shown_rows(results) == expected_rows(results)
