"""A long article opened at its top shows its first screens before the rest is laid out.

The first screen is the one the whole layout gives (the same lines, the caret at the start),
the rest follows once it is drawn, and keys typed right behind `enter` wait for the whole
article: `G` goes to its very end, as when typed slowly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.ui.app import build_app
from reader.ui.widgets import reading_layout, reading_view
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import lines_of, settle, wait_until


def long_library(folder: Path) -> Path:
    folder.mkdir()
    paragraph = "The ledger of the harbour lists every ship and every load it carried. " * 6
    text = "A long ledger\n\n" + "\n\n".join(f"{n}. {paragraph}" for n in range(700))
    assert len(text) > reading_layout.FIRST_SCREENS_FROM
    (folder / "long.txt").write_text(text, encoding="utf-8")
    return folder


async def test_the_first_screen_is_drawn_first_and_is_the_whole_layout_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first: list[tuple[int, list[str]]] = []
    rest = reading_view.PaneView._lay_out_rest

    def watched(view: reading_view.PaneView) -> Any:
        pane = view._pane
        first.append((len(view.lines), lines_of(pane)))
        return rest(view)

    monkeypatch.setattr(reading_view.PaneView, "_lay_out_rest", watched)
    app = build_app([long_library(tmp_path / "library")], tmp_path / "data")
    # (140 columns: the list stays beside the article, so `enter` changes no width)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert len(first) == 1
        rows, screen = first[0]
        assert rows < len(pane.view.lines) // 10  # only the first screens, at first
        assert screen == lines_of(pane)
        assert pane.caret == 0


async def test_keys_typed_behind_enter_wait_for_the_whole_article(tmp_path: Path) -> None:
    app = build_app([long_library(tmp_path / "library")], tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "G")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        article = pane.article
        assert article is not None
        last = article.body.rindex("699.")
        await wait_until(pilot, lambda: pane.caret > last, "the caret in the last paragraph")
        assert any("699." in line for line in lines_of(pane))
