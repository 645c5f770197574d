"""The baseline for the startup benchmark: the least a Textual reader could do.

A list of article titles beside a pane showing the first article, nothing else: no config, no
index, no search. ``reader`` starting at most 1.3 times as slowly as this says its own work at
startup is small next to the price of Python plus Textual.

Usage: ``python benchmarks/bare_app.py [FOLDER | FILE ...]`` (default: the bundled seeds). Titles
are the files' first non-empty lines, as for the seeds, so the same readiness text appears.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def article_files(args: list[str]) -> list[Path]:
    """Expand folders to their ``*.txt`` files (recursively, sorted); keep files as given."""
    files: list[Path] = []
    for arg in args or [str(SEEDS)]:
        path = Path(arg)
        files.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    return files


def title_of(text: str) -> str:
    """The first non-empty line, stripped: the same rule the seeds follow."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "(untitled)")


class BareApp(App[None]):
    """Two panes and the ``q`` binding; the article list is given, not discovered."""

    CSS = """
    #list { width: 40; height: 100%; }
    #body { width: 1fr; height: 100%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

    def __init__(self, files: list[Path]) -> None:
        super().__init__()
        self.texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(*(title_of(t) for t in self.texts), id="list")
            with VerticalScroll(id="body"):
                yield Static(self.texts[0] if self.texts else "", markup=False)


def main() -> None:
    BareApp(article_files(sys.argv[1:])).run()


if __name__ == "__main__":
    main()
