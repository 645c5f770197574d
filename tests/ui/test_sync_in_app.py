"""Sync from inside the app (issue 15): with `[sync] auto = true` it syncs at start, the status
line says how it went, `ctrl+y` syncs now, and what arrives shows in the list."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.library import load_index
from reader.core.shelf import Location
from reader.ingest.sync.run import sync_target
from reader.store.state import Store
from reader.ui.syncing import SyncLine
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import SEEDS, palette_offers, seeds_app, settle, wait_until


def configure(*targets: Path, auto: bool = True) -> None:
    listed = ", ".join(f'"{target}"' for target in targets)
    Path(os.environ["READER_CONFIG"]).write_text(
        f"[sync]\ntargets = [{listed}]\nauto = {'true' if auto else 'false'}\n", encoding="utf-8"
    )


def line_of(app: object) -> str:
    """The sync status line ("" before it is shown: the syncer starts after the first frame
    and the keys typed right after it)."""
    lines = app.screen.query(SyncLine)  # type: ignore[attr-defined]
    return str(lines.first().render()) if lines else ""


async def test_the_app_syncs_at_start_and_on_ctrl_y(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    articles = load_index([SEEDS]).articles
    other_dir = tmp_path / "laptop"
    with Store.open(other_dir) as laptop:  # the other machine archives one, then syncs
        laptop.library.move([articles[0].id], Location.ARCHIVE)
        sync_target(laptop, other_dir, str(folder))
    configure(folder)
    app = seeds_app(other_sessions_poll=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: "Synced" in line_of(app), "the sync at start")
        assert "1 changes came in" in line_of(app)
        inbox = app.screen.query_one(ArticleList)
        await wait_until(
            pilot, lambda: "Inbox · 4" in str(inbox.border_title), "the archived one gone"
        )
        with Store.open(other_dir) as laptop:
            laptop.library.move([articles[1].id], Location.ARCHIVE)
            sync_target(laptop, other_dir, str(folder))
        await pilot.press("ctrl+y")
        await wait_until(
            pilot, lambda: "Inbox · 3" in str(inbox.border_title), "the second one gone"
        )


async def test_a_failed_sync_is_said_in_the_status_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    configure(blocker / "sync")
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: "Sync failed" in line_of(app), "the failure said")
        assert app.screen.query_one(SyncLine).has_class("-failed")


async def test_without_auto_the_line_waits_for_the_palette_command(tmp_path: Path) -> None:
    folder = tmp_path / "sync"
    configure(folder, auto=False)
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: "Not synced yet" in line_of(app), "the sync line")
        assert not folder.exists()
        await pilot.press("ctrl+p")
        await pilot.press(*"Sync now")
        await palette_offers(pilot, "Sync now")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Synced" in line_of(app), "the sync from the palette")
        assert len(list(folder.iterdir())) == 1


async def test_without_targets_there_is_no_line_and_ctrl_y_says_why(tmp_path: Path) -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert not app.screen.query(SyncLine)
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: app.screen.query("Toast"), "the notice")
        assert "[sync] targets" in str(app.screen.query_one("Toast").render())
