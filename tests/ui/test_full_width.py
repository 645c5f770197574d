"""A page to read (issue 13, item 3): full width with `z`, a comfortable measure, centred.

At 80x24 reading takes the whole width by itself (the list beside it would leave 43 columns of
text); going back to the list brings it back beside the article. `z` is the reader's choice
either way, remembered between runs. The text column is `measure` wide (72 unless the config
file says otherwise) and centred in a wider pane. A change of width is laid out before it is
drawn: the first frame at the new width already shows the new layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.ui.app import ReaderApp, build_app
from reader.ui.widgets import reading_view
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import SEEDS, seeds_app, settle


def shown(app: ReaderApp) -> tuple[bool, int]:
    """Whether the list is on screen, and the width of the article's text column."""
    return app.screen.query_one(ArticleList).display, app.screen.query_one(ReadingPane).view.width


async def test_at_80_columns_reading_takes_the_whole_width_and_the_list_comes_back() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        listed, width = shown(app)
        assert not listed and width >= 70
        await pilot.press("tab")
        await settle(pilot)
        listed, width = shown(app)
        assert listed and width < 70  # the list beside the article, as before
        await pilot.press("tab")
        await settle(pilot)
        assert shown(app) == (False, 72)


async def test_z_is_remembered_between_runs(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = build_app([SEEDS], data)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app)[0]  # 140 columns: the list stays beside a full page
        await pilot.press("z")
        await settle(pilot)
        listed, width = shown(app)
        pane = app.screen.query_one(ReadingPane)
        assert not listed and width == 72
        margin = pane.view.left_margin()
        assert abs(margin - (pane.scrollable_content_region.width - 72 - margin)) <= 1  # centred
    again = build_app([SEEDS], data)
    async with again.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(again) == (False, 72)
        await pilot.press("z")  # and back: the list beside the article, at 80 columns too
        await settle(pilot)
    last = build_app([SEEDS], data)
    async with last.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(last)[0]


async def test_z_from_the_list_gives_the_article_the_keyboard(tmp_path: Path) -> None:
    app = build_app([SEEDS], tmp_path / "data")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen.focused, ReadingPane) and not shown(app)[0]


@pytest.mark.parametrize(("setting", "width", "warned"), [("60", 60, False), ("5", 72, True)])
async def test_the_measure_comes_from_the_config_file(
    setting: str, width: int, warned: bool, isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = isolated_user.parent / "config.toml"
    config.write_text(f"measure = {setting}\n", encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    app = seeds_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(ReadingPane).view.width == width
        notices = [str(notice.message) for notice in app._notifications]
        assert any("measure" in notice for notice in notices) == warned


def long_article(folder: Path) -> Path:
    folder.mkdir()
    paragraph = "The ledger of the harbour lists every ship and every load it carried. " * 6
    (folder / "long.txt").write_text("A long ledger\n\n" + "\n\n".join([paragraph] * 700))
    return folder


@pytest.mark.parametrize("keys", [["z"], ["tab"], ["tab", "tab"]])
async def test_a_change_of_width_is_drawn_once_with_the_new_layout(
    keys: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a long article (laid out again only once a terminal's resize settles) shows the
    first frame after `z` or `tab` at its new width, never the old lines re-centred."""
    drawn: list[tuple[int, int]] = []
    render = reading_view.PaneView.render_line

    def watched(view: reading_view.PaneView, y: int, empty: str) -> Any:
        strip = render(view, y, empty)
        drawn.append((view.width, view.text_width()))
        return strip

    app = build_app([long_article(tmp_path / "library")], tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert len(pane.view.lines) > reading_view.LONG_LAYOUT
        monkeypatch.setattr(reading_view.PaneView, "render_line", watched)
        for key in keys:
            before = pane.view.width
            drawn.clear()
            await pilot.press(key)
            await settle(pilot)
            assert drawn and all(laid == wanted for laid, wanted in drawn)
            assert pane.view.width != before
