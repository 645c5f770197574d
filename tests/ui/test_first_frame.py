"""Background work waits for the first frame (`KeysFirst.after_first_frame`).

Textual starts an app inside one batch of updates: the main screen's first layout is made there
and never written. Callbacks asked for with `call_after_refresh` meanwhile ran right after that
unwritten refresh, so the disk check, today's review gathered ahead and the folders' watch
started before anything was on the terminal, and took the interpreter from the first frame
(about a quarter of the time from the imports to the first screen). They now start once the
app's first layout is done (its `Ready` event), after the refresh that draws it.
"""

from __future__ import annotations

from typing import Any

import pytest

from reader.ui.app import ReaderApp
from reader.ui.screens.library import Library
from reader.ui.screens.review.launch import ReviewLauncher
from tests.ui.helpers import seeds_app, settle, wait_until


async def test_the_disk_check_and_the_review_wait_for_the_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    happened: list[str] = []

    def recorded(name: str, original: Any) -> Any:
        def record(*args: Any, **kwargs: Any) -> Any:
            happened.append(name)
            return original(*args, **kwargs)

        return record

    ready = ReaderApp.on_ready

    def on_ready(app: ReaderApp) -> None:  # (one argument: Textual hands no event to it)
        happened.append("ready")
        ready(app)

    monkeypatch.setattr(ReaderApp, "on_ready", on_ready)
    monkeypatch.setattr(Library, "check", recorded("check", Library.check))
    monkeypatch.setattr(ReviewLauncher, "prepare", recorded("review", ReviewLauncher.prepare))
    app = seeds_app()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: "check" in happened, "the disk check")
        await wait_until(pilot, lambda: "review" in happened, "the review gathered ahead")
        await settle(pilot)
    assert happened.index("ready") < happened.index("check")
    assert happened.index("ready") < happened.index("review")


async def test_work_asked_for_after_the_first_frame_runs_after_a_refresh() -> None:
    app = seeds_app()
    ran: list[str] = []
    async with app.run_test() as pilot:
        await settle(pilot)
        app.keys_first.after_first_frame(lambda: ran.append("later"))
        await wait_until(pilot, lambda: ran == ["later"], "the callback")
