"""The library in the app (issue 12): where articles are, read or not, tags, views and sorts,
many at once, and undo, each by its key, as a user would notice them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from reader.core.shelf import Location
from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.chooser import ChooserScreen
from reader.ui.screens.confirm import ConfirmScreen
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import palette_offers, settle, text_of, wait_until


def _article(title: str, date: str, words: int = 50) -> str:
    body = " ".join(["word"] * words)
    return f"---\ntitle: {title}\ndate: {date}\n---\n\n{body}\n"


@pytest.fixture
def shelf_library(tmp_path: Path) -> Path:
    """Four articles: newest published first is Delta, Alpha, Charlie, Bravo."""
    folder = tmp_path / "shelf"
    folder.mkdir()
    for name, date, words in (
        ("Alpha", "2024-03-01", 900),
        ("Bravo", "2021-01-01", 100),
        ("Charlie", "2023-05-05", 400),
        ("Delta", "2025-07-07", 50),
    ):
        (folder / f"{name.lower()}.md").write_text(_article(name, date, words), "utf-8")
    return folder


def _list(app: ReaderApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


def _titles(app: ReaderApp) -> list[str]:
    return [meta.title for meta in _list(app).articles]


def _main(app: ReaderApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await wait_until(pilot, lambda: _main(pilot.app).shelf.ready, "the list's states")  # type: ignore[arg-type]


async def _changed(pilot: Pilot[None]) -> None:
    """Waits until every write asked for is saved and its answer shown."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await wait_until(pilot, lambda: app.writes.pending == 0, "the writes to be saved")
    await settle(pilot)


async def _from_palette(pilot: Pilot[None], command: str) -> None:
    """Runs `command` from the palette (`ctrl+p`, its name, enter)."""
    await pilot.press("ctrl+p", *command.lower())
    await palette_offers(pilot, command)
    await pilot.press("enter")


def _asking(app: ReaderApp) -> bool:
    """Whether a chooser has the keyboard: a dialog (`t`, rename, merge) or the main screen's
    menu (`c`, `S`)."""
    focused = app.screen.focused
    return isinstance(app.screen, ChooserScreen) or (
        focused is not None and focused.id == "chooser-input"
    )


async def _choose(pilot: Pilot[None], typed: str) -> None:
    """Types into the open chooser and takes its first choice."""
    await wait_until(pilot, lambda: _asking(pilot.app), "a chooser")  # type: ignore[arg-type]
    await pilot.press(*typed, "enter")
    await settle(pilot)


async def test_e_archives_and_again_in_the_archive_brings_back(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        assert _titles(app) == ["Delta", "Alpha", "Charlie", "Bravo"]
        assert str(_list(app).border_title) == "Inbox · 4"
        await pilot.press("e")
        await _changed(pilot)
        assert _titles(app) == ["Alpha", "Charlie", "Bravo"]
        assert _list(app).current is not None and _list(app).current.title == "Alpha"
        assert app.store.library.state(_main(app).index.articles[0].id).location is (
            Location.ARCHIVE
        )
        await pilot.press("2")
        assert _titles(app) == ["Delta"]
        assert str(_list(app).border_title) == "Archive · 1"
        await pilot.press("e")
        await _changed(pilot)
        assert _titles(app) == []
        await pilot.press("1")
        assert _titles(app) == ["Delta", "Alpha", "Charlie", "Bravo"]


@pytest.mark.parametrize("key", ["number_sign", "d"])
async def test_trash_is_recoverable(shelf_library: Path, key: str) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("j", key)
        await _changed(pilot)
        assert "Alpha" not in _titles(app)
        await pilot.press("3")
        assert _titles(app) == ["Alpha"] and "Trash · 1" in str(_list(app).border_title)
        await pilot.press(key)  # again in the Trash: back to the Inbox
        await _changed(pilot)
        await pilot.press("4")
        assert sorted(_titles(app)) == ["Alpha", "Bravo", "Charlie", "Delta"]
        assert "All · 4" in str(_list(app).border_title)


async def test_u_undoes_in_the_list(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("e")
        await _changed(pilot)
        assert "Delta" not in _titles(app)
        await pilot.press("u")
        await _changed(pilot)
        assert _titles(app)[0] == "Delta"


async def test_capital_u_marks_read_and_unread(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        first = _list(app).current
        assert first is not None
        assert "● Delta" in text_of(_list(app))
        await pilot.press("U")
        await _changed(pilot)
        assert app.store.library.state(first.id).read
        assert "● Delta" not in text_of(_list(app)) and "Delta" in text_of(_list(app))
        await pilot.press("U")
        await _changed(pilot)
        assert not app.store.library.state(first.id).read
        assert "● Delta" in text_of(_list(app))


async def test_keys_work_on_the_article_being_read(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen.focused, ReadingPane)
        await pilot.press("t", *"later", "enter")
        await _changed(pilot)
        await pilot.press("e")
        await _changed(pilot)
        alpha = next(meta for meta in _main(app).index.articles if meta.title == "Alpha")
        state = app.store.library.state(alpha.id)
        assert state.location is Location.ARCHIVE and state.tags == ("later",)
        assert "Alpha" not in _titles(app)


async def test_reading_to_the_end_makes_it_read(shelf_library: Path) -> None:
    """The read rule: opening alone does not; the end having been on screen does."""
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("j", "enter")  # Alpha: 900 words, longer than the screen
        await _changed(pilot)
        alpha = _list(app).current
        assert alpha is not None and not app.store.library.state(alpha.id).read
        await pilot.press("G")
        await wait_until(pilot, lambda: app.store.library.state(alpha.id).read, "Alpha read")
        await wait_until(pilot, lambda: _list(app).marks_of(alpha.id).read, "its row read")
        assert app.store.library.state(alpha.id).progress == 100


async def test_tags_picker_fuzzy_completion_and_a_tag_view(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("t")
        await _choose(pilot, "Longreads")  # a new tag
        await _changed(pilot)
        assert "#Longreads" in text_of(_list(app))
        await pilot.press("j", "j", "t")
        await _choose(pilot, "lngrd")  # fuzzily, the existing one
        await _changed(pilot)
        await pilot.press("c")
        await _choose(pilot, "#long")
        assert _titles(app) == ["Delta", "Charlie"]
        assert str(_list(app).border_title) == "#Longreads · 2"
        await pilot.press("t")  # on a tagged article: the tag is offered to take off
        await wait_until(pilot, lambda: isinstance(app.screen, ChooserScreen), "the picker")
        await pilot.press("enter")
        await _changed(pilot)
        assert _titles(app) == ["Charlie"]


async def test_tag_a_highlight_under_the_caret(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("h")
        await _changed(pilot)
        await pilot.press("t")
        await _choose(pilot, "evidence")
        await _changed(pilot)
        (highlight,) = app.store.highlights.for_article(_list(app).articles[0].id)
        assert app.store.tags.for_highlight(highlight.id) == ("evidence",)


async def test_select_many_archive_them_and_undo_in_one(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("space", "space")
        assert "2 selected" in str(_list(app).border_subtitle)
        await pilot.press("e")
        await _changed(pilot)
        assert _titles(app) == ["Charlie", "Bravo"]
        assert not _list(app).selected
        await pilot.press("u")
        await _changed(pilot)
        assert _titles(app) == ["Delta", "Alpha", "Charlie", "Bravo"]


async def test_v_selects_a_range_and_escape_drops_it(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("j", "v", "j", "j")
        assert "3 selected" in str(_list(app).border_subtitle)
        await pilot.press("escape")
        assert not _list(app).selected
        await pilot.press("v", "k", "k", "v", "U")  # Bravo back up to Alpha, read
        await _changed(pilot)
        read = {meta.title for meta in _list(app).articles if _list(app).marks_of(meta.id).read}
        assert read == {"Alpha", "Charlie", "Bravo"}


async def test_sort_by_key_is_remembered_per_view(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("S")
        await _choose(pilot, "title")
        assert _titles(app) == ["Alpha", "Bravo", "Charlie", "Delta"]
        assert "by title" in str(_list(app).border_title)
        await pilot.press("S")
        await _choose(pilot, "length")
        assert _titles(app) == ["Delta", "Bravo", "Charlie", "Alpha"]
        await pilot.press("4")
        assert _titles(app)[0] == "Delta" and "by" not in str(_list(app).border_title)
        await pilot.press("1")
        assert _titles(app) == ["Delta", "Bravo", "Charlie", "Alpha"]
        await _changed(pilot)
    again = build_app([shelf_library])
    async with again.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        assert "by length" in str(_list(again).border_title)


async def test_views_and_sorts_from_the_palette(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("e")
        await _changed(pilot)
        await _from_palette(pilot, "Archive view")
        await wait_until(pilot, lambda: _titles(app) == ["Delta"], "the Archive")
        await _from_palette(pilot, "Sort")
        await _choose(pilot, "published")
        assert "by published" in str(_list(app).border_title)


async def test_empty_the_trash_asks_first(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("d")
        await _changed(pilot)
        await _from_palette(pilot, "Empty the trash")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("3")
        assert _titles(app) == ["Delta"]
        await _from_palette(pilot, "Empty the trash")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await _changed(pilot)
        await wait_until(pilot, lambda: _titles(app) == [], "the Trash to be empty")
        await pilot.press("4")
        assert "Delta" not in _titles(app)


async def test_rename_and_merge_tags_from_the_palette(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("t")
        await _choose(pilot, "go")
        await pilot.press("j", "t")
        await _choose(pilot, "golang")
        await _changed(pilot)
        await _from_palette(pilot, "Rename a tag")
        await _choose(pilot, "golang")
        await _choose(pilot, "Go language")
        await _changed(pilot)
        assert "#Go language" in text_of(_list(app))
        await _from_palette(pilot, "Merge tags")
        await _choose(pilot, "go")
        await _choose(pilot, "Go language")
        await _changed(pilot)
        assert [tag.name for tag in app.store.tags.all()] == ["Go language"]
        assert text_of(_list(app)).count("#Go language") == 2


async def test_a_search_saved_as_a_view(shelf_library: Path) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("U", "j", "j", "U")  # Delta and Charlie read
        await _changed(pilot)
        await pilot.press("slash", *"is:unread")
        await _from_palette(pilot, "Save this search as a view")
        await _choose(pilot, "Unread")
        await _changed(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await wait_until(pilot, lambda: _titles(app) == ["Alpha", "Bravo"], "the saved view")
        assert "Search: Unread · 2" in str(_list(app).border_title)
        await pilot.press("1", "c")
        await _choose(pilot, "unread")
        assert _titles(app) == ["Alpha", "Bravo"]


async def test_tags_show_in_the_reading_pane_and_the_highlights_screen(library: Path) -> None:
    app = build_app([library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("t")
        await _choose(pilot, "field")
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        await wait_until(pilot, lambda: "#field" in str(pane.border_title), "the pane's tags")
        await pilot.press("h", "t")
        await _choose(pilot, "quote")
        await _changed(pilot)
        await pilot.press("H")
        await settle(pilot)
        options = app.screen.query_one("#picker-list", OptionList).options
        assert any("#quote" in str(option.prompt) for option in options)


async def test_emptying_the_trash_deletes_only_readers_own_copies(isolated_user: Path) -> None:
    own = isolated_user / "library" / "example.org"
    own.mkdir(parents=True)
    (own / "saved.md").write_text(_article("Saved copy", "2030-01-01"), "utf-8")
    app = build_app()  # the samples and the library folder
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        assert _titles(app)[0] == "Saved copy"
        await pilot.press("d", "d")  # the saved copy and a sample
        await _changed(pilot)
        await _from_palette(pilot, "Empty the trash")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await _changed(pilot)
        await wait_until(pilot, lambda: not (own / "saved.md").exists(), "the copy deleted")
        await pilot.press("4")
        assert "Saved copy" not in _titles(app) and len(_titles(app)) == 4
    assert len(list((Path(__file__).parents[2] / "seeds").glob("*.txt"))) == 5


async def test_a_tag_chosen_while_ctrl_p_waits_asks_its_new_name_over_the_list(
    shelf_library: Path,
) -> None:
    """Rename a tag: the first chooser answered while `ctrl+p` waited in the app's queue. The
    second chooser (the new name) opened over the palette and took the keys meant for it; it
    opens once the list's screen is on top again."""
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("t")
        await _choose(pilot, "go")
        await _changed(pilot)
        await _from_palette(pilot, "Rename a tag")
        await wait_until(pilot, lambda: isinstance(app.screen, ChooserScreen), "a chooser")
        first = app.screen
        assert isinstance(first, ChooserScreen)
        app.post_message(events.Key("ctrl+p", None))
        first.dismiss("go")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ChooserScreen), "the new name")
        await pilot.press(*"golang", "enter")
        await _changed(pilot)
        assert [tag.name for tag in app.store.tags.all()] == ["golang"]
