"""The views and sorts menus (`c`, `S`) are drawn on the main screen itself, not as dialogs: as
a user would notice, they open with the keyboard in their line, choose with `enter`, close with
`escape` or a click elsewhere (the keyboard back where it was), and keys typed at once do what
the same keys typed slowly do."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from reader.ui.app import ReaderApp, build_app
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.menu import Menu
from tests.ui.helpers import palette_offers, settle, wait_until
from tests.ui.test_library_views import shelf_library  # noqa: F401 (a fixture)
from tests.ui.test_type_ahead import burst, typed


def _list(app: ReaderApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


def _titles(app: ReaderApp) -> list[str]:
    return [meta.title for meta in _list(app).articles]


def _menu(app: ReaderApp) -> Menu:
    return app.screen.query_one(Menu)


def _offered(app: ReaderApp) -> list[str]:
    options = _menu(app).query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt).strip() for i in range(options.option_count)]


def _drawn(bar: KeyBar) -> str:
    """What the key bar shows on screen (its lines as drawn, not worked out afresh)."""
    return "".join(strip.text for strip in bar.render_lines(Region(0, 0, bar.size.width, 1)))


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app.screen, MainScreen)
    shelf = app.screen.shelf
    await wait_until(pilot, lambda: shelf.ready, "the list's states")


async def test_s_opens_a_menu_on_the_main_screen_and_escape_gives_the_keyboard_back(
    shelf_library: Path,  # noqa: F811
) -> None:
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and len(app.screen_stack) == 2  # (the default)
        assert _menu(app).visible and isinstance(app.focused, Input)
        assert str(_menu(app).query_one("#chooser-body").border_title) == "Sort Inbox"
        assert _offered(app)[0].startswith("✓ added")
        await pilot.press("escape")
        await settle(pilot)
        assert not _menu(app).visible and app.focused is _list(app)
        assert str(_list(app).border_title) == "Inbox · 4"
        await pilot.press("j")  # the list has the keys again
        assert _list(app).current is not None and _list(app).current.title == "Alpha"


async def test_the_menu_is_kept_and_asks_afresh_each_time(shelf_library: Path) -> None:  # noqa: F811
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("S", *"tit", "enter")
        await settle(pilot)
        assert _titles(app) == ["Alpha", "Bravo", "Charlie", "Delta"]
        first = _menu(app)
        await pilot.press("c")
        await settle(pilot)
        assert _menu(app) is first and _menu(app).query_one(Input).value == ""
        assert str(first.query_one("#chooser-body").border_title) == "Views"
        assert _offered(app)[:4] == ["Inbox", "Archive", "Trash", "All"]
        await pilot.press(*"arch", "enter")
        await settle(pilot)
        assert str(_list(app).border_title) == "Archive · 0"
        assert app.focused is _list(app)


async def test_a_click_on_a_pane_closes_the_menu_choosing_nothing(shelf_library: Path) -> None:  # noqa: F811
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("S", *"tit")
        await settle(pilot)
        await pilot.click(ArticleList, offset=(2, 5))  # the second row: the cursor goes there
        await settle(pilot)
        assert not _menu(app).visible
        assert str(_list(app).border_title) == "Inbox · 4"  # not sorted
        assert app.focused is _list(app) and _list(app).cursor == 1


async def test_tab_moves_among_the_choices_and_stays_in_the_menu(shelf_library: Path) -> None:  # noqa: F811
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("S", "tab", "tab", "shift+tab", "tab", "enter")  # added, published, title
        await settle(pilot)
        assert "by title" in str(_list(app).border_title)
        assert app.focused is _list(app)


async def test_a_burst_through_the_menus_does_what_slow_keys_do(shelf_library: Path) -> None:  # noqa: F811
    """`S title enter k`, then `c arch enter 1 S length enter`, each queued at once as a
    terminal delivers a burst: the letters are the menu's, `enter` chooses, the next key is the
    list's again."""
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        burst(app, "S", *typed("title"), "enter", "k")
        await settle(pilot)
        assert "by title" in str(_list(app).border_title)
        # The cursor stayed on its article (Delta, now last), and `k` moved it up.
        assert _list(app).current is not None and _list(app).current.title == "Charlie"
        burst(app, "c", *typed("arch"), "enter", "1", "S", *typed("length"), "enter")
        await settle(pilot)
        assert str(_list(app).border_title) == "Inbox · 4 · by length"
        assert _titles(app) == ["Delta", "Bravo", "Charlie", "Alpha"]
        assert app.focused is _list(app) and not _menu(app).visible


async def test_the_tag_picker_is_still_a_dialog_of_its_own(shelf_library: Path) -> None:  # noqa: F811
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert not isinstance(app.screen, MainScreen)
        await pilot.press(*"later", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await wait_until(pilot, lambda: app.writes.pending == 0, "the tag saved")
        assert [tag.name for tag in app.store.tags.all()] == ["later"]


async def test_sort_from_the_palette_over_the_open_views_menu(shelf_library: Path) -> None:  # noqa: F811
    """The views menu open, `ctrl+p` and Sort: the menu asks the sort instead, and once it is
    chosen the list has the keyboard again (not the menu's hidden line)."""
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+p", *"sort")
        await palette_offers(pilot, "Sort")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert str(_menu(app).query_one("#chooser-body").border_title) == "Sort Inbox"
        await pilot.press(*"tit", "enter")
        await settle(pilot)
        assert "by title" in str(_list(app).border_title)
        assert app.focused is _list(app) and not _menu(app).visible


async def test_the_key_bar_follows_the_menu_open_and_closed(shelf_library: Path) -> None:  # noqa: F811
    """The bar is drawn again after the key's own frame, and only when what it says changed:
    it names the menu's keys while the menu is open, the list's once a sort is chosen."""
    app = build_app([shelf_library])
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        bar = app.screen.query_one(KeyBar)
        assert "m Bookmark" in _drawn(bar)
        await pilot.press("S")
        await settle(pilot)
        assert "m Bookmark" not in _drawn(bar) and "^q Quit" in _drawn(bar)  # letters are typed
        await pilot.press(*"tit", "enter")
        await settle(pilot)
        assert "by title" in str(_list(app).border_title)
        assert "m Bookmark" in _drawn(bar) and "q Quit" in _drawn(bar)
