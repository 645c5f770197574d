"""The article's file as it is on disk, so cleaning never hides anything for good."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from reader.core.article import ArticleMeta
from reader.core.text.parse import read_original
from reader.core.text.sanitize import sanitize_line
from reader.ui.keys import app_wide, bindings


class OriginalScreen(ModalScreen[None]):
    """Read-only view of the original file (decoded and stripped of terminal controls only).

    | Key | Command id | Does |
    |---|---|---|
    | `escape` | `reader.back` | close |
    """

    # (its own styles: parsed when the screen is first opened, not at start-up)
    DEFAULT_CSS = """
    OriginalScreen {
        align: center middle;
        layout: vertical;
        background: $background 60%;
    }
    #original-title, #original-help {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        width: 100%;
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    #original-text {
        height: 1fr;
        width: 100%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("reader.back"),
        *app_wide("reader.help", "reader.palette"),
    ]

    def __init__(self, meta: ArticleMeta) -> None:
        super().__init__()
        self.meta = meta

    def compose(self) -> ComposeResult:
        path = sanitize_line(self.meta.path)  # file names are untrusted too
        yield Static(f"Original file: {path}", id="original-title", markup=False)
        yield TextArea("Loading…", read_only=True, soft_wrap=True, id="original-text")
        yield Static("escape: close", id="original-help", markup=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        try:
            text = read_original(Path(self.meta.path))
        except OSError as error:
            text = f"Cannot read the file: {error.strerror or error}"
        self.app.call_from_thread(self.query_one(TextArea).load_text, text)

    def action_back(self) -> None:
        self.dismiss()
