"""Bringing articles in from inside the app: where they go, and feed refreshes in the background.

The work itself is `reader.ingest`, run in thread workers owned by the app (not by a dialog), so
closing a dialog or moving on never cancels a save half-way, and reading goes on meanwhile. A
worker reports only through `call_from_thread`; every failure becomes a notice, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget

from reader.store.config import DEFAULT_FEED_MAX_NEW, Config
from reader.store.dirs import data_dir, library_dir
from reader.store.errors import UnsafeDataDir
from reader.store.safety import check_data_dir
from reader.store.state import Store
from reader.ui.guard import guarded

#: Called on the app's thread with the library folder once articles were saved into it (not to
#: be confused with `reader.ingest.save.Saved`, the record of one saved article).
OnSaved = Callable[[Path], None]

REFRESH_GROUP = "refresh-feeds"


def feed_max_new(app: App[object]) -> int:
    """Pages fetched per feed in one refresh, as the user's config says."""
    config = getattr(app, "config", None)
    return config.feed_max_new if isinstance(config, Config) else DEFAULT_FEED_MAX_NEW


def library_folder(app: App[object]) -> Path:
    """The user's library folder for this app's data folder (`--data-dir` respected).

    Raises `UnsafeDataDir` (saying why, as at start-up) when the data folder is one another user
    could read or swap: nothing is saved into it, articles no more than notes.
    """
    chosen = getattr(app, "data_dir", None)
    folder = chosen if isinstance(chosen, Path) else None
    check_data_dir(data_dir(folder))
    return library_dir(folder)


class RefreshProgress(Widget):
    """A one-line bar above the keys while work runs in the background (feeds refreshing,
    imported articles fetched): what is done, out of how much."""

    DEFAULT_CSS = """
    RefreshProgress {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $panel;
        layout: horizontal;
    }
    RefreshProgress Label { width: 1fr; padding: 0 1; }
    RefreshProgress ProgressBar { width: 30; }
    """

    def __init__(self, doing: str = "Refreshing feeds…") -> None:
        super().__init__()
        self._doing = doing

    def compose(self) -> ComposeResult:
        from textual.widgets import Label, ProgressBar  # (shown once work runs, not to start)

        with Horizontal():
            yield Label(self._doing, markup=False)
            yield ProgressBar(show_eta=False)

    def show(self, done: int, total: int, what: str = "") -> None:
        from textual.widgets import Label, ProgressBar

        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        text = f"{self._doing} {done:,}/{total:,} {what}".rstrip()[:120]
        self.query_one(Label).update(text, layout=False)  # (its size is the bar's: no reflow)


def refresh_in_background(screen: Screen[Any], store: Store, saved: OnSaved) -> None:
    """Refresh every followed feed in a worker, with a progress bar and a summary notice."""
    app = screen.app
    if any(worker.group == REFRESH_GROUP and worker.is_running for worker in app.workers):
        app.notify("Feeds are being refreshed already.", markup=False)
        return
    feeds = guarded(app, "read the followed feeds", store.feeds.all)
    if feeds is None:
        return
    if not feeds:
        app.notify(
            "No feeds yet: follow one with `reader feed add URL` in a shell.",
            title="Refresh feeds",
            markup=False,
        )
        return
    try:
        library = library_folder(app)
    except UnsafeDataDir as error:
        app.notify(str(error), title="Refresh feeds", severity="error", markup=False)
        return
    max_new = feed_max_new(app)
    bar = RefreshProgress()
    screen.mount(bar)

    def progress(done: int, total: int, what: str) -> None:
        app.call_from_thread(bar.show, done, total, what)

    def job() -> None:
        from reader.ingest.refresh import refresh_feeds

        try:
            report = refresh_feeds(store, library, progress=progress, max_new=max_new)
        except Exception as error:  # a broken store or disk: say so, keep the app running
            app.call_from_thread(finished, None, f"{type(error).__name__}: {error}")
            return
        app.call_from_thread(finished, report, "")

    def finished(report: object, failure: str) -> None:
        bar.remove()
        if report is None:
            app.notify(failure, title="Refresh failed", severity="error", markup=False)
            return
        from reader.ingest.refresh import RefreshReport

        assert isinstance(report, RefreshReport)
        problems = [feed.line() for feed in report.feeds if feed.error or feed.failed]
        app.notify(
            "\n".join([report.total_line(), *problems[:4]]),
            title="Feeds refreshed" if not report.offline else "Network unreachable",
            severity="warning" if report.failed else "information",
            timeout=10 if report.failed else 5,
            markup=False,
        )
        if report.new or report.updated:
            saved(library)

    app.run_worker(job, thread=True, group=REFRESH_GROUP, exit_on_error=False)
