"""A small dialog to save a web page into the library without leaving the app.

Enter starts the fetch in an app-owned thread worker (fetch, extract, save, re-attach), with a
progress bar and the step under way; the result is a notice, and the new article appears in the
list. A failure says why in the dialog (timeout, 404, not an article, not text) and the URL stays
there to fix. Escape closes the dialog at any time: a fetch under way goes on and reports when done.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static

from reader.ingest.errors import IngestError
from reader.store.errors import UnsafeDataDir
from reader.store.state import Store
from reader.ui.dialogs import OnTop
from reader.ui.ingest import OnSaved, library_folder
from reader.ui.keys import bindings

#: The steps `reader.ingest.pipeline.add_url` reports, in order.
STEPS = ("fetching", "extracting", "saving")


class AddUrlScreen(ModalScreen[None]):
    """Type a URL, press Enter.

    | Key | Command id | Does |
    |---|---|---|
    | `enter` | | fetch the page and save its article |
    | `escape` | `reader.back` | close (a fetch under way goes on in the background) |
    """

    BINDINGS = bindings("reader.back")

    DEFAULT_CSS = """
    AddUrlScreen { align: center middle; }
    AddUrlScreen > Vertical {
        width: 76;
        max-width: 95%;
        height: auto;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    AddUrlScreen #add-url-title { text-style: bold; margin-bottom: 1; }
    AddUrlScreen ProgressBar { display: none; margin-top: 1; }
    AddUrlScreen.-busy ProgressBar { display: block; }
    AddUrlScreen #add-url-status { margin-top: 1; color: $text-muted; }
    AddUrlScreen #add-url-status.-error { color: $error; }
    """

    def __init__(self, store: Store, saved: OnSaved) -> None:
        super().__init__()
        self.store = store
        self.saved = saved
        self.busy = False
        self._on_top = OnTop(self)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add a web page to your library", id="add-url-title", markup=False)
            yield Input(placeholder="https://…", id="add-url-input")
            yield ProgressBar(total=len(STEPS), show_eta=False, id="add-url-progress")
            yield Static("enter: fetch and save · escape: close", id="add-url-status", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from reader.ingest.fetch import check_url

        url = event.value.strip()
        if self.busy or not url:
            return
        try:
            url = check_url(url)
            library = library_folder(self.app)
        except (IngestError, UnsafeDataDir) as error:
            self._say(str(error), error=True)
            return
        self.busy = True
        self.add_class("-busy")
        self.query_one(ProgressBar).update(progress=0)
        self._say("Fetching…")
        self._start(url, library)

    def _start(self, url: str, library: Path) -> None:
        app = self.app

        def step(word: str) -> None:
            app.call_from_thread(self._step, word)

        def job() -> None:
            from reader.ingest.pipeline import add_url

            try:
                added = add_url(url, library, self.store, step=step)
            except IngestError as error:
                app.call_from_thread(self._failed, url, str(error))
            except OSError as error:
                app.call_from_thread(self._failed, url, f"cannot save: {error.strerror or error}")
            except Exception as error:  # a page no parser expected: reported, never a crash
                app.call_from_thread(self._failed, url, f"cannot read the page: {error!r}")
            else:
                app.call_from_thread(self._done, added.summary(), library)

        app.run_worker(job, thread=True, group="add-url", exit_on_error=False)

    def _step(self, word: str) -> None:
        if self.is_attached and word in STEPS:
            self.query_one(ProgressBar).update(progress=STEPS.index(word))
            self._say(f"{word.capitalize()}…")

    def _done(self, summary: str, library: Path) -> None:
        self.app.notify(summary, title="Added to your library", markup=False)
        self.saved(library)
        if self.is_attached:  # once on top: a palette opened meanwhile is not the one to close
            self._on_top.run(self.dismiss)

    def _failed(self, url: str, reason: str) -> None:
        if not self.is_attached:  # closed meanwhile: the notice is the only way to tell
            self.app.notify(
                f"{url}: {reason}", title="Could not add the page", severity="error", markup=False
            )
            return
        self.busy = False
        self.remove_class("-busy")
        self._say(f"Could not add it: {reason}", error=True)
        self.query_one(Input).focus()

    def _say(self, text: str, error: bool = False) -> None:
        status = self.query_one("#add-url-status", Static)
        status.update(text)
        status.set_class(error, "-error")

    def action_back(self) -> None:
        if self.busy:
            self.app.notify("Still fetching: the article will appear when it is saved.")
        self.dismiss()
