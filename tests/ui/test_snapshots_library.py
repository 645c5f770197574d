"""SVG snapshots of the article list telling each article's state, at 80x24: unread and read,
progress, tags (a few, and more than fit), a bookmark and highlights, a missing file, and a
selection. Regenerate with `--snapshot-update` after an intended change, and look first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.core.library import load_index
from reader.core.shelf import Location
from reader.store.state import Store
from reader.ui.app import build_app
from reader.ui.screens.main import MainScreen
from tests.ui.helpers import settle, wait_until

TITLES = (
    ("Unread and untouched", "2025-05-05", "Field Notes"),
    ("Read to the end, dimmed", "2025-04-04", "The Weekly"),
    ("Half read, with two tags and a long title that wraps", "2025-03-03", "Longreads"),
    ("Many tags, more than fit", "2025-02-02", "Tagged"),
    ("Bookmarked with highlights", "2025-01-01", "Marked"),
    ("In the archive", "2024-12-12", "Elsewhere"),
    ("Gone from the disk", "2024-11-11", "Vanished"),
)


def _library(folder: Path, data: Path) -> Path:
    folder.mkdir()
    for number, (title, date, source) in enumerate(TITLES):
        text = f"---\ntitle: {title}\ndate: {date}\nsource: {source}\n---\n\n"
        (folder / f"{number}.md").write_text(text + "Some words to read. " * 200, "utf-8")
    ids = {meta.title: meta.id for meta in load_index([folder]).articles}
    with Store.open(data) as store:
        store.library.register(ids.values())
        store.library.set_read([ids["Read to the end, dimmed"]])
        store.library.set_progress(ids["Half read, with two tags and a long title that wraps"], 45)
        store.tags.tag([ids["Half read, with two tags and a long title that wraps"]], ["go", "ux"])
        many = ["research", "climate", "policy", "long-term", "to-share"]
        store.tags.tag([ids["Many tags, more than fit"]], many)
        marked = ids["Bookmarked with highlights"]
        store.bookmarks.toggle(marked)
        for start in (0, 40):
            store.highlights.add(marked, "Some words to read. " * 200, start, start + 10)
        store.library.move([ids["In the archive"]], Location.ARCHIVE)
        store.tags.tag([ids["Gone from the disk"]], ["kept"])
    (folder / "6.md").unlink()
    return folder


async def _select_two(pilot: Pilot[None]) -> None:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    await wait_until(pilot, lambda: screen.shelf.ready, "the list's states")
    await pilot.press("j", "j", "space", "space")
    await settle(pilot)


def test_list_with_states_and_tags_80x24(
    snap_compare: Any, tmp_path: Path, isolated_user: Path
) -> None:
    app = build_app([_library(tmp_path / "lib", isolated_user)])
    assert snap_compare(app, terminal_size=(80, 24), run_before=_select_two)
