"""SVG snapshots of what a user sees: wide, large, narrow and too-small windows.

Regenerate after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.ui.helpers import seeds_app, settle


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def _open_second(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("j", "enter")
    await settle(pilot)


def test_main_screen_80x24(snap_compare: Any) -> None:
    assert snap_compare(seeds_app(), terminal_size=(80, 24), run_before=_ready)


def test_article_open_120x40(snap_compare: Any) -> None:
    assert snap_compare(seeds_app(), terminal_size=(120, 40), run_before=_open_second)


def test_narrow_layout_reading(snap_compare: Any) -> None:
    assert snap_compare(seeds_app(), terminal_size=(50, 24), run_before=_open_second)


def test_too_small_notice(snap_compare: Any) -> None:
    assert snap_compare(seeds_app(), terminal_size=(20, 6), run_before=_ready)
