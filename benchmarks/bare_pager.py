"""The floor of `terminal_keys.py`: the least a Textual pager does for a key.

A text shown a screen at a time in one widget; `j` moves a marked line down (a caret), `space`
shows the next screen. Any Textual app pays this much for a key (the key read and parsed, the
message dispatched, the lines rendered, the frame written), so `reader` beside it shows what
its own work adds, where vim and less show what a terminal program can do.

Usage: ``python benchmarks/bare_pager.py FILE``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

#: Rows shown (the pane of an 80x24 terminal).
ROWS = 24


class BarePager(App[None]):
    """One `Static` showing `ROWS` lines of the text, one of them marked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("j", "down", "Down"),
        ("space", "page", "Page"),
        ("q", "quit", "Quit"),
    ]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines, self.top, self.caret = lines, 0, 0

    def compose(self) -> ComposeResult:
        yield Static(self._shown(), id="page")

    def _shown(self) -> Text:
        text = Text()
        for row, line in enumerate(self.lines[self.top : self.top + ROWS]):
            text.append(line[:80] + "\n", style="reverse" if row == self.caret else "")
        return text

    def action_down(self) -> None:
        self.caret = (self.caret + 1) % ROWS
        self.query_one("#page", Static).update(self._shown())

    def action_page(self) -> None:
        self.top += ROWS
        self.query_one("#page", Static).update(self._shown())


if __name__ == "__main__":
    words = Path(sys.argv[1]).read_text("utf-8").split()
    lines = [" ".join(words[start : start + 12]) for start in range(0, len(words), 12)]
    BarePager(lines).run()
