"""Shared helpers for Pilot tests: build the app exactly as the CLI does, wait until it settles."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget

from reader.ui.app import ReaderApp, build_app

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seeds_app(*paths: Path) -> ReaderApp:
    return build_app(list(paths) or [SEEDS])


async def settle(pilot: Pilot[None]) -> None:
    """Waits for the library and article workers, then for the screen to redraw."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def lines_of(widget: Widget) -> list[str]:
    """The text a line-API widget shows now, one string per visible row."""
    return [
        widget.render_line(y).text.rstrip() for y in range(widget.scrollable_content_region.height)
    ]


def text_of(widget: Widget) -> str:
    return "\n".join(lines_of(widget))
