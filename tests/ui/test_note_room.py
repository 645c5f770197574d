"""Notes that make room: one line about the article's notes, the note itself only while the
caret is in its highlight, and a note editor that shows what is typed on a small screen."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reader.core.library import load_article, load_index
from reader.store.state import Store
from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.note_editor import NoteEditor
from reader.ui.widgets.note_peek import NotePeek
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import lines_of, settle

#: A sentence far enough down the article to be near the bottom of the first screen.
NOTED = "The seventh paragraph holds the noted sentence."


def noted_library(tmp_path: Path, data: Path) -> Path:
    """One article of a dozen paragraphs with a noted highlight in the seventh."""
    folder = tmp_path / "notes"
    folder.mkdir()
    paragraphs = [
        f"Paragraph {number} is here to be read, and is not noted." for number in range(12)
    ]
    paragraphs[6] = NOTED
    (folder / "noted.md").write_text("# Noted\n\n" + "\n\n".join(paragraphs) + "\n")
    meta = load_index([folder]).articles[0]
    body = load_article(meta).body
    with Store.open(data) as store:
        start = body.index(NOTED)
        store.highlights.add(meta.id, body, start, start + len(NOTED), "yellow", "A note to read.")
    return folder


async def open_first(app: ReaderApp, pilot: Pilot[None]) -> ReadingPane:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    return app.screen.query_one(ReadingPane)


def caret_on_screen(pane: ReadingPane) -> bool:
    row = pane.cursor.map.row_of(pane.caret)
    return pane.scroll_y <= row < pane.scroll_y + pane.scrollable_content_region.height


async def test_the_note_panel_takes_one_line_until_the_caret_is_in_a_noted_highlight(
    tmp_path: Path, isolated_user: Path
) -> None:
    app = build_app([noted_library(tmp_path, isolated_user)])
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_first(app, pilot)
        peek = app.screen.query_one(NotePeek)
        assert peek.display and peek.outer_size.height == 1
        assert "1 note in this article" in str(peek.render())
        # 24 rows: search bar, key bar, the pane's borders and the one line of the notes.
        assert pane.scrollable_content_region.height == 24 - 5
        rows = pane.scrollable_content_region.height
        await pilot.press("right_square_bracket")  # to the noted highlight
        await settle(pilot)
        assert "A note to read." in str(peek.render())
        assert peek.outer_size.height == 3  # the note's line in a border
        assert pane.scrollable_content_region.height == rows - 2
        assert caret_on_screen(pane)
        await pilot.press("right_curly_bracket")  # out of it: one line again
        await settle(pilot)
        assert peek.outer_size.height == 1 and "A note to read." not in str(peek.render())


async def test_opening_the_note_keeps_the_caret_in_view(
    tmp_path: Path, isolated_user: Path
) -> None:
    """The caret on the last rows when it reaches the noted highlight: the note opening below
    must not hide it."""
    app = build_app([noted_library(tmp_path, isolated_user)])
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_first(app, pilot)
        assert pane.article is not None
        start = pane.article.body.index(NOTED)
        row = pane.cursor.map.row_of(start)
        pane.scroll_to(y=row - pane.scrollable_content_region.height + 1, animate=False)
        await settle(pilot)
        pane.move_caret(start)
        await settle(pilot)
        assert app.screen.query_one(NotePeek).has_class("-open")
        assert caret_on_screen(pane)
        assert any(NOTED[:20] in line for line in lines_of(pane))


async def test_the_note_editor_shows_what_is_typed_at_40x12(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(40, 12)) as pilot:
        await open_first(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"First words", "enter", *"and more words")
        await settle(pilot)
        area = app.screen.query_one("#note-text")
        assert area.scrollable_content_region.height >= 3
        shown = "\n".join(lines_of(area))
        assert "First words" in shown and "and more words" in shown
