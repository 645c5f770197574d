"""SVG snapshots of the screens issue 6 added: what was skipped and why.

Regenerate after an intended change with
`pytest tests/ui/test_snapshots_hostile.py --snapshot-update` and look at the report first.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.ui.helpers import seeds_app, settle


def skipped_library(root: Path) -> Path:
    """A library whose every kind of skipped entry shows in the list, in a fixed order."""
    library = root / "library"
    (library / "folder").mkdir(parents=True)
    (library / "a good article.txt").write_text("A good headline\n\nSome text.\n")
    (library / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 8)
    (library / "empty.txt").write_bytes(b"")
    (library / "folder" / "whitespace.html").write_text("  \n\t\n")
    (library / "title\x1b]0;PWNED\x07 [@click=app.quit]q[-].md").write_text(" ")
    os.mkfifo(library / "pipe.txt")
    (root / "elsewhere").mkdir()
    os.symlink(root / "elsewhere", library / "outside")
    os.symlink("..", library / "folder" / "up")
    return library


async def _problems(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("exclamation_mark")
    await settle(pilot)


def test_problems_screen(snap_compare: Any, tmp_path: Path) -> None:
    app = seeds_app(skipped_library(tmp_path))
    assert snap_compare(app, terminal_size=(100, 30), run_before=_problems)
