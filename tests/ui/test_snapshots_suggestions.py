"""The `H` screen with an orphaned highlight (its suggested place, how alike, what differs and
the keys that act on it) and an ambiguous one, at 80x24. Regenerate after an intended change
with `pytest tests/ui/test_snapshots_suggestions.py --snapshot-update` and look at it first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.ui.app import build_app
from tests.orphans import orphaned_library
from tests.ui.helpers import settle


async def _open_highlights(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("H")
    await settle(pilot)


def test_highlights_with_an_orphan_80x24(
    snap_compare: Any, tmp_path: Path, isolated_user: Path
) -> None:
    folder = tmp_path / "library"
    orphaned_library(folder, isolated_user, ambiguous=True)
    app = build_app([folder])
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open_highlights)
