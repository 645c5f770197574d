"""The app on a data folder another user could read or swap: refused, said, and still readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from reader.store.state import DB_FILENAME
from reader.ui.screens.add_url import AddUrlScreen
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import seeds_app, settle


async def test_a_planted_data_folder_is_refused_and_the_app_goes_on_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    neighbour = tmp_path / "neighbour"
    neighbour.mkdir()
    stolen = neighbour / "stolen.sqlite3"
    stolen.write_bytes(b"")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / DB_FILENAME).symlink_to(stolen)
    shared.chmod(0o777)
    monkeypatch.setenv("READER_DATA_DIR", str(shared))
    app = seeds_app()
    assert app.store.is_memory
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(app.screen.query_one(ArticleList).articles) == 5
        messages = " ".join(str(n.message) for n in app._notifications)
        assert f"refusing {shared}" in messages and "Nothing is saved" in messages
        await pilot.press("enter", "m")
        await settle(pilot)
    assert stolen.read_bytes() == b""
    assert sorted(path.name for path in shared.iterdir()) == [DB_FILENAME]  # no cache either


async def test_a_url_is_not_saved_into_a_refused_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`A` saves into the data folder's library: refused with the start-up's reason, nothing
    fetched, nothing written (issue 19)."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("READER_DATA_DIR", str(shared))
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        dialog = app.screen
        assert isinstance(dialog, AddUrlScreen)
        dialog.query_one(Input).value = "https://example.org/a-long-read"
        await pilot.press("enter")
        status = str(dialog.query_one("#add-url-status", Static).render())
        assert f"refusing {shared}" in status and "other users can write to it" in status
        assert not dialog.busy
        await settle(pilot)
    assert list(shared.iterdir()) == []
