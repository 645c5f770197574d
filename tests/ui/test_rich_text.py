"""Issue 13, text as written, in the reading pane: styles drawn (italic, bold, code), tables in
columns, and every offset (caret, highlight, quote) still that of the plain text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.style import Style
from textual.pilot import Pilot

from reader.store.state import Store
from reader.ui.app import ReaderApp, build_app
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import lines_of, settle

RICH = Path(__file__).parent / "fixtures" / "rich"


async def open_article(app: ReaderApp, pilot: Pilot[None]) -> ReadingPane:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    pane = app.screen.query_one(ReadingPane)
    assert pane.article is not None and pane.article.title == "Rich ferry notes"
    return pane


def styled_text(pane: ReadingPane, row: int, test: str) -> str:
    """The text drawn on screen row `row` in segments whose style passes `test`."""
    strip = pane.render_line(row)
    return "".join(
        segment.text for segment in strip if segment.style and getattr(segment.style, test)
    )


def on_screen_row(pane: ReadingPane, word: str) -> int:
    return next(row for row, text in enumerate(lines_of(pane)) if word in text)


async def test_styles_are_drawn_and_the_text_stays_plain() -> None:
    app = build_app([RICH])
    async with app.run_test(size=(120, 30)) as pilot:
        pane = await open_article(app, pilot)
        assert pane.article is not None
        assert pane.article.body.startswith("The ferry left the harbour at dawn, quietly,")
        row = on_screen_row(pane, "harbour")
        assert (
            "The ferry left the harbour at dawn, quietly, with engine-2 warm."
            in (lines_of(pane)[row])
        )
        assert styled_text(pane, row, "bold") == "left the harbour"
        assert styled_text(pane, row, "italic") == "quietly"
        code = pane.get_component_rich_style("reading-pane--code")
        strip = pane.render_line(row)
        assert "engine-2" in "".join(
            segment.text
            for segment in strip
            if isinstance(segment.style, Style) and segment.style.bgcolor == code.bgcolor
        )


async def test_a_table_is_drawn_in_columns() -> None:
    app = build_app([RICH])
    async with app.run_test(size=(120, 30)) as pilot:
        pane = await open_article(app, pilot)
        shown = [line.strip() for line in lines_of(pane)]
        start = shown.index("Ship    │ Cargo  │ Tons")
        assert shown[start : start + 4] == [
            "Ship    │ Cargo  │ Tons",
            "────────┼────────┼─────",
            "Frisia  │ salt   │ 40",
            "Quillon │ timber │ 125",
        ]


async def test_a_word_highlighted_inside_bold_text_is_that_word(isolated_user: Path) -> None:
    app = build_app([RICH])
    async with app.run_test(size=(120, 30)) as pilot:
        pane = await open_article(app, pilot)
        await pilot.press("w", "w", "w")  # The ferry left [the]
        assert pane.article is not None
        assert pane.article.body[pane.caret :].startswith("the harbour")
        await pilot.press("v", "w", "h")
        await settle(pilot)
        with Store.open(isolated_user) as store:
            assert [item.quote for item in store.highlights.all()] == ["the"]
        await pilot.press("j")  # the caret off the word, so it is drawn as highlighted only
        row = on_screen_row(pane, "harbour")
        yellow = pane.get_component_rich_style("reading-pane--hl-yellow").bgcolor
        strip = pane.render_line(row)
        painted = [
            segment
            for segment in strip
            if isinstance(segment.style, Style) and segment.style.bgcolor == yellow
        ]
        assert "".join(segment.text for segment in painted) == "the"
        assert all(segment.style and segment.style.bold for segment in painted)


async def test_the_caret_walks_a_table_cell_by_cell() -> None:
    app = build_app([RICH])
    async with app.run_test(size=(120, 30)) as pilot:
        pane = await open_article(app, pilot)
        assert pane.article is not None
        body = pane.article.body
        await pilot.press("right_curly_bracket")  # the table
        assert body[pane.caret :].startswith("Ship")
        await pilot.press("w")
        assert body[pane.caret :].startswith("Cargo")
        await pilot.press("j")  # a row down, the same column on screen
        assert body[pane.caret :].startswith("salt")


async def _open(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def test_rich_article_snapshot(snap_compare: Any) -> None:
    """Emphasis, strong, code and a table as they look (100x30)."""
    assert snap_compare(build_app([RICH]), terminal_size=(100, 30), run_before=_open)
