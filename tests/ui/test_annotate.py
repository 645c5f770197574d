"""Reading with a caret and marking up with the keyboard: every key of the reading pane's issue."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.store.state import Store
from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.confirm import ConfirmScreen
from reader.ui.screens.highlights import HighlightsScreen
from reader.ui.screens.note_editor import NoteEditor
from reader.ui.widgets.note_peek import NotePeek
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import settle


async def open_convoy(app: ReaderApp, pilot: Pilot[None]) -> ReadingPane:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    pane = app.screen.query_one(ReadingPane)
    assert pane.article is not None and pane.article.title == "The convoy"
    return pane


def at(pane: ReadingPane) -> str:
    """The body text from the caret on (a little of it)."""
    assert pane.article is not None
    return pane.article.body[pane.caret : pane.caret + 12]


def stored(data: Path) -> list[tuple[str, str, str]]:
    with Store.open(data) as store:
        return [(item.quote, item.note, item.color) for item in store.highlights.all()]


async def test_caret_moves_by_word_sentence_paragraph_and_line(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        assert at(pane).startswith("Col. Smith")
        await pilot.press("w")
        assert at(pane).startswith("Smith")
        await pilot.press("b")
        assert at(pane).startswith("Col.")
        # Abbreviations (Col., U.S.) do not end a sentence; a quote closing "enough." does.
        await pilot.press("right_parenthesis")
        assert at(pane).startswith("The talks")
        await pilot.press("right_parenthesis", "right_parenthesis")
        assert at(pane).startswith("Then the")
        await pilot.press("left_parenthesis")
        assert at(pane).startswith("Nobody")
        await pilot.press("right_curly_bracket")
        assert at(pane).startswith("A second")
        await pilot.press("right_curly_bracket")
        assert at(pane).startswith("A third")
        await pilot.press("left_curly_bracket")
        assert at(pane).startswith("A second")
        await pilot.press("right", "right")
        assert at(pane).startswith("second")
        await pilot.press("left")
        assert at(pane).startswith(" second")
        await pilot.press("G")
        assert pane.article is not None and pane.caret == len(pane.article.body) - 1
        await pilot.press("g")
        assert pane.caret == 0
        await pilot.press("j")
        row = pane.cursor.map.row_of(pane.caret)
        assert row == pane.cursor.map.row_of(0) + 1  # a line down, same column
        await pilot.press("k")
        assert pane.caret == 0


async def test_the_view_follows_the_caret_in_a_long_article(tmp_path: Path) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    paragraphs = [f"Paragraph {n} says something short." for n in range(200)]
    (folder / "long.txt").write_text("Long one\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    app = build_app([folder])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        for _ in range(30):
            await pilot.press("right_curly_bracket")
        row = pane.cursor.map.row_of(pane.caret)
        assert pane.scroll_y <= row < pane.scroll_y + pane.scrollable_content_region.height
        assert pane.scroll_y > 0
        await pilot.press("space")
        row = pane.cursor.map.row_of(pane.caret)
        assert pane.scroll_y <= row < pane.scroll_y + pane.scrollable_content_region.height


async def test_select_with_v_and_highlight_with_h(library: Path, isolated_user: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        await pilot.press("w", "v", "w", "w", "w")
        assert pane.selection is not None
        await pilot.press("h")
        await settle(pilot)
        assert stored(isolated_user) == [("Smith met U.S.", "", "yellow")]
        assert pane.selection is None
        assert pane.highlight_under_caret is not None
        # Drawn in the text: the highlighted words carry the highlight's background.
        row = pane.cursor.map.row_of(pane.caret) - int(pane.scroll_y)
        strip = pane.render_line(row)
        yellow = pane.get_component_rich_style("reading-pane--hl-yellow").bgcolor
        painted = "".join(seg.text for seg in strip if seg.style and seg.style.bgcolor == yellow)
        assert "Smith met U.S" in painted


async def test_h_without_a_selection_highlights_the_sentence(
    library: Path, isolated_user: Path
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        await pilot.press("w", "w", "h")
        await settle(pilot)
        assert stored(isolated_user) == [
            ("Col. Smith met U.S. officials in Almaty on Monday.", "", "yellow")
        ]
        await pilot.press("h")  # the same sentence again: not duplicated
        await settle(pilot)
        assert len(stored(isolated_user)) == 1
        await pilot.press("2")  # recolour the highlight under the caret
        await settle(pilot)
        assert stored(isolated_user)[0][2] == "green"
        assert pane.color == "green"


async def test_note_save_cancel_and_the_note_beside_the_text(
    library: Path, isolated_user: Path
) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        await pilot.press("a")  # no highlight yet: the sentence is highlighted first
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Who is Smith?", "enter", *"[bold]not markup[/]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NoteEditor)
        assert stored(isolated_user) == [
            (
                "Col. Smith met U.S. officials in Almaty on Monday.",
                "Who is Smith?\n[bold]not markup[/]",
                "yellow",
            )
        ]
        peek = app.screen.query_one(NotePeek)
        assert peek.has_class("-shown") and "[bold]not markup[/]" in str(peek.render())
        # The note mark in the margin.
        assert any("✎" in pane.render_line(y).text for y in range(10))
        # Edit, then escape: asked first; "keep editing" keeps the text.
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*" More.")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, (NoteEditor, ConfirmScreen))
        assert stored(isolated_user)[0][1] == "Who is Smith?\n[bold]not markup[/]"
        # Escape on an unchanged note closes at once.
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (NoteEditor, ConfirmScreen))
        # Leaving the highlight takes the note away; one line says how to find the article's
        # notes.
        await pilot.press("right_curly_bracket")
        await settle(pilot)
        shown = str(peek.render())
        assert "Who is Smith?" not in shown and "1 note in this article" in shown
        assert peek.outer_size.height == 1


async def test_delete_and_undo(library: Path, isolated_user: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        await pilot.press("h")
        await settle(pilot)
        assert len(stored(isolated_user)) == 1
        await pilot.press("x")
        await settle(pilot)
        assert stored(isolated_user) == [] and pane.highlights == []
        await pilot.press("u")
        await settle(pilot)
        assert len(stored(isolated_user)) == 1 and len(pane.highlights) == 1


async def test_jump_between_highlights(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        await pilot.press("h", "right_curly_bracket", "h", "right_curly_bracket", "h")
        await settle(pilot)
        starts = sorted(item.start for item in pane.highlights)
        assert len(starts) == 3
        await pilot.press("g", "right_square_bracket")
        assert pane.caret == starts[1]
        await pilot.press("right_square_bracket")
        assert pane.caret == starts[2]
        await pilot.press("right_square_bracket")  # wraps around
        assert pane.caret == starts[0]
        await pilot.press("left_square_bracket")
        assert pane.caret == starts[2]


async def test_highlights_screen_lists_filters_and_jumps(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        await pilot.press("h", "right_curly_bracket", "h")
        await settle(pilot)
        await pilot.press("escape", "H")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HighlightsScreen)
        options = screen.query_one("#picker-list").options  # type: ignore[attr-defined]
        prompts = [str(option.prompt) for option in options]
        assert any("The convoy · 2" in prompt for prompt in prompts)
        assert any("yurts" in prompt for prompt in prompts)
        await pilot.press("slash", *"yurts")
        await settle(pilot)
        options = screen.query_one("#picker-list").options  # type: ignore[attr-defined]
        enabled = [option for option in options if not option.disabled]
        assert len(enabled) == 1 and "yurts" in str(enabled[0].prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not screen
        assert at(pane).startswith("A second")
        assert app.screen.focused is pane


async def test_bookmarks_screen_jumps_to_the_bookmarked_place(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "m")
        await settle(pilot)
        await pilot.press("g", "M")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        prompts = [
            str(option.prompt)
            for option in app.screen.query_one("#picker-list").options  # type: ignore[attr-defined]
        ]
        assert any("The convoy" in prompt and "A third paragraph" in prompt for prompt in prompts)
        await pilot.press("enter")
        await settle(pilot)
        assert at(pane).startswith("A third")


async def test_y_copies_the_highlight_with_its_note_through_osc52(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app([library])
    written: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        assert app._driver is not None
        monkeypatch.setattr(app._driver, "write", written.append)
        pane = await open_convoy(app, pilot)
        await pilot.press("a", *"Check this.", "ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    expected = (
        "> Col. Smith met U.S. officials in Almaty on Monday.\n\n"
        "— The convoy, Field Notes\n\nCheck this.\n"
    )
    assert app.clipboard == expected
    sequences = [chunk for chunk in written if "\x1b]52;" in chunk]
    assert sequences, "no OSC 52 sequence was written"
    payload = base64.b64encode(expected.encode()).decode()
    assert any(payload in chunk for chunk in sequences)
    assert pane.article is not None


async def test_mouse_drag_selects_and_h_highlights_it(library: Path, isolated_user: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        first = pane.cursor.map.row_of(0) - int(pane.scroll_y)
        margin = pane.view.left_margin()
        offset = pane.content_region.offset - pane.region.offset
        start = (margin + offset.x + 5, first + offset.y)  # on "Smith"
        await pilot.mouse_down(pane, offset=start)
        await pilot.hover(pane, offset=(start[0] + 8, start[1]))
        await pilot.mouse_up(pane, offset=(start[0] + 8, start[1]))
        await pilot.press("h")
        await settle(pilot)
        assert stored(isolated_user) == [("Smith met", "", "yellow")]


async def test_a_theme_change_repaints_the_text(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "textual-dark"
        pane = await open_convoy(app, pilot)
        row = pane.cursor.map.row_of(0) - int(pane.scroll_y)
        before = list(pane.render_line(row + 1))[-1].style
        app.theme = "textual-light"
        await settle(pilot)
        after = list(pane.render_line(row + 1))[-1].style
        assert before is not None and after is not None and before.bgcolor != after.bgcolor


async def test_ctrl_s_in_a_burst_of_typing_keeps_every_letter(
    library: Path, isolated_user: Path
) -> None:
    """Over SSH, keys arrive in bursts: ctrl+s right behind the letters must save them all."""
    from textual import events

    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await open_convoy(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        burst = [events.Key(char, char) for char in "typed fast"]
        burst.append(events.Key("ctrl+s", None))
        for event in burst:  # all queued at once, as a terminal read delivers them
            app.post_message(event)
        await settle(pilot)
        assert stored(isolated_user)[0][1] == "typed fast"


async def test_highlights_screen_shows_markup_literally(
    tmp_path: Path, isolated_user: Path
) -> None:
    folder = tmp_path / "markup"
    folder.mkdir()
    text = "Markup [bold]here[/] and [@click=app.quit]there[/] in the text.\n"
    (folder / "m.txt").write_text("A title\n\n" + text, encoding="utf-8")
    app = build_app([folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("h", "a", *"[link=file:///etc/passwd]x[/]", "ctrl+s")
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HighlightsScreen)
        prompts = " ".join(
            str(option.prompt)
            for option in screen.query_one("#picker-list").options  # type: ignore[attr-defined]
        )
        assert "[bold]here[/]" in prompts and "[@click=app.quit]there[/]" in prompts
        assert "[link=file:///etc/passwd]x[/]" in prompts
        await pilot.press("enter")  # jumping does not run the "click" action
        await settle(pilot)
        assert app.is_running


async def test_caret_moves_and_highlight_changes_redraw_only_their_lines(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over SSH every redrawn line is output: a key redraws the lines it changed, no more."""
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_convoy(app, pilot)
        redrawn: list[tuple[object, ...]] = []
        refresh = pane.refresh

        def spy(*regions: object, **options: object) -> object:
            redrawn.append(regions)
            return refresh(*regions, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(pane, "refresh", spy)

        async def rows_redrawn_by(*keys: str) -> set[int]:
            redrawn.clear()
            await pilot.press(*keys)
            await settle(pilot)
            assert redrawn and all(redrawn), "the whole pane was redrawn"
            top = int(pane.scroll_y)
            return {
                top + y
                for regions in redrawn
                for region in regions
                for y in range(region.y, region.bottom)  # type: ignore[attr-defined]
            }

        first = pane.cursor.map.row_of(0)
        assert await rows_redrawn_by("w") == {first}
        sentence = {pane.cursor.map.row_of(offset) for offset in range(0, 50)}
        assert await rows_redrawn_by("h") <= sentence
        assert await rows_redrawn_by("2") <= sentence  # a new colour
        assert await rows_redrawn_by("x") <= sentence  # deleted
        assert await rows_redrawn_by("u") <= sentence  # and back
