"""Shared helpers for Pilot tests: build the app exactly as the CLI does, wait for conditions.

Tests never wait for a time: `wait_until` polls a condition, one message-queue turn at a time
(`pilot.pause()` with no delay), and fails after a generous timeout naming what it waited for.
`settle` is the condition most tests need: no worker left, every message handled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from time import monotonic

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList

from reader.ui.app import ReaderApp, build_app

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
#: Seconds a condition may take before a test fails: generous, for a loaded CI machine.
WAIT_TIMEOUT = 30.0


def seeds_app(*paths: Path, other_sessions_poll: float | None = None) -> ReaderApp:
    """The app on `paths` (the seed articles by default); `other_sessions_poll` makes the look
    for changes by another `reader` frequent, for tests that make such changes."""
    if other_sessions_poll is None:
        return build_app(list(paths) or [SEEDS])
    return build_app(list(paths) or [SEEDS], other_sessions_poll=other_sessions_poll)


async def wait_until(
    pilot: Pilot[None],
    predicate: Callable[[], object],
    what: str,
    timeout: float = WAIT_TIMEOUT,
) -> None:
    """Let the app run until `predicate()` is true; fail naming `what` after `timeout` seconds.

    Each turn waits for the screen to handle its pending messages and for the process to go
    idle (`pilot.pause()`), so a worker thread or a timer of the app gets its time.
    """
    deadline = monotonic() + timeout
    while not predicate():
        if monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        await pilot.pause()


def idle(pilot: Pilot[None]) -> bool:
    """No worker of the app (library, article, search, palette...) is pending or running, no
    store write is waiting for its answer, no key typed is still waiting its turn, and the list
    has its states (read, archived...), which arrive through the store after the list of files."""
    app = pilot.app
    if not all(worker.is_finished for worker in app.workers):
        return False
    writes = getattr(app, "writes", None)
    if writes is not None and writes.pending:
        return False
    keys = getattr(app, "type_ahead", None)
    if keys is not None and not keys.idle:
        return False
    shelf = getattr(app.screen, "shelf", None)
    return shelf is None or bool(shelf.ready)


async def settle(pilot: Pilot[None]) -> None:
    """Waits until no worker is left, including those started by others' results (an index
    build starts a search), and the screen has handled what they posted."""
    await pilot.pause()
    await wait_until(pilot, lambda: idle(pilot), "the app's workers to finish")
    await pilot.pause()


async def palette_offers(pilot: Pilot[None], text: str) -> None:
    """Waits until the command palette has finished searching and its highlighted option (the
    one Enter runs) shows `text`."""

    def highlighted() -> bool:
        palette = pilot.app.screen
        if not isinstance(palette, CommandPalette):
            return False
        options = palette.query_one(OptionList)
        index = options.highlighted
        return index is not None and text in str(options.get_option_at_index(index).prompt)

    await wait_until(pilot, highlighted, f"the palette to offer {text!r} first")
    await settle(pilot)
    await wait_until(pilot, highlighted, f"the palette to still offer {text!r} once done")


def lines_of(widget: Widget) -> list[str]:
    """The text a line-API widget shows now, one string per visible row."""
    return [
        widget.render_line(y).text.rstrip() for y in range(widget.scrollable_content_region.height)
    ]


def text_of(widget: Widget) -> str:
    return "\n".join(lines_of(widget))
